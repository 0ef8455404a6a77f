/*
 * server.h: the server threads (NGMALLOC_SERVERS of them) of modes auto,
 * offload and sync. Server s serves heaps s, s + nservers, ...: while it
 * serves them it owns them (own.h), runs serve.c's passes over their
 * clients, spins briefly when idle and then sleeps on its bell. In mode
 * auto it stops serving when it finds no core to spare (its CPU shared:
 * share.h) and waits, measuring, until one is spare again (adapt.h); its
 * heaps are meanwhile served in place by their own threads. It parks for
 * fork and ends the process when only the servers are left. It never
 * calls malloc; all signals are blocked.
 */
#ifndef NGMALLOC_SERVER_H
#define NGMALLOC_SERVER_H

#include "core.h"

/* Start the server threads if they are not running and could be; when
 * they cannot be (no memory for a thread), every heap stays unserved and
 * threads serve themselves. */
void server_ensure(void);
/* Check every free published so far: every server serving drains the
 * queues of its clients and what was forwarded to it, and the heaps no
 * server serves are drained by the caller, twice over (so blocks forwarded
 * in the first round are freed too). */
void servers_settle(void);
/* fork prepare: every server parks between passes, and the caller owns
 * every heap no server serves. */
void server_park(void);
void server_unpark(void);                 /* fork parent */
void servers_reset(void);                 /* fork child: no server exists */

#endif
