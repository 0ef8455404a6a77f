/* core.c: the definitions of core.h's process-wide state. */
#include "core.h"

ng_global_t ng = { .nservers = 1, .nheaps = 1, .all = { 1, 0 },
                   .heaps = { [0 ... NG_MAX_HEAPS - 1] = { .served = NG_UNSERVED } } };
__thread ng_client_t *tl_client __attribute__((tls_model("initial-exec")));
__thread ng_client_t *tl_self __attribute__((tls_model("initial-exec")));
__thread int tl_role __attribute__((tls_model("initial-exec")));
__thread int tl_exited __attribute__((tls_model("initial-exec")));
__thread unsigned tl_server __attribute__((tls_model("initial-exec")));
__thread const ng_owner_t *tl_owner __attribute__((tls_model("initial-exec")));
