/*
 * server.h: the server threads (NGMALLOC_SERVERS of them) that serve the
 * heaps in modes offload and sync, and the client's side of a round trip.
 * Server s owns heap s for as long as it runs: it runs serve.c's pass over
 * its clients, spins briefly when idle and then sleeps on its bell, parks
 * for fork, and ends the process when only the servers are left. It never
 * calls malloc; all signals are blocked.
 */
#ifndef NGMALLOC_SERVER_H
#define NGMALLOC_SERVER_H

#include "core.h"

/* Start the servers if they are not running; 0 when they cannot be (no
 * memory for a thread), in which case round trips are answered by the caller. */
int server_ensure(void);
/* One request through client c's slot to its heap's owner; the response
 * lands in c->resp_*. */
void round_trip(ng_client_t *c, ng_op_t op, void *ptr, size_t size);
/* Check every free published so far: every server drains every queue of
 * its clients and what was forwarded to it, twice over (so blocks
 * forwarded in the first round are freed too); with no server running, the
 * caller does that under heap_lock. */
void servers_settle(void);
void server_park(void);                   /* fork prepare: every server */
void server_unpark(void);                 /* fork parent */
void servers_reset(void);                 /* fork child: no server exists */

#endif
