/*
 * call.h: how a thread's slow path reaches the owner of a heap. A request
 * is posted in the client's slot; the server serving the client's heap
 * answers it, or, when no server serves that heap (modes inplace and
 * inline, mode auto without a core to spare, or no server thread could be
 * made), the thread claims the heap and serves itself (serve.h). Nothing
 * here depends on a server getting a CPU: a thread whose server stops
 * serving while it waits serves itself.
 */
#ifndef NGMALLOC_CALL_H
#define NGMALLOC_CALL_H

#include "core.h"

/* Post op for client c's heap and wait for the answer, in c->resp_*. */
void call_heap(ng_client_t *c, ng_op_t op, void *ptr, size_t size);
/* Run op directly on heap h, claiming it for the call (mode inline, before
 * the constructor, a server being started, a server not serving calling
 * malloc); 0 when a server serves it (the caller then goes through the
 * orphan client). */
int call_direct(unsigned h, ng_op_t op, void *ptr, size_t size, void **result);
/* The thread of client c exits: its frees and stocks go back to its heap
 * and the record becomes reusable, now or by the server serving it. */
void call_retire(ng_client_t *c);

#endif
