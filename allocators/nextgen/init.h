/*
 * init.h: lifecycle. First-call start-up (possibly before any constructor),
 * the constructor that reads the environment, thread registration and exit,
 * fork, and process exit. Nothing here serves a request itself.
 */
#ifndef NGMALLOC_INIT_H
#define NGMALLOC_INIT_H

#include "core.h"

/* First-call initialisation: the heaps, sized by NGMALLOC_SERVERS. */
void ng_ensure_ready(void);
/* A client record for the calling thread; NULL when impossible (then use
 * the orphan). */
ng_client_t *ng_register_thread(void);

#endif
