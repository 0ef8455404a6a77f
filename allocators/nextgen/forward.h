/*
 * forward.h: server-to-server rings, for NGMALLOC_SERVERS > 1. A server
 * draining its clients' frees finds blocks of another server's heap (a
 * thread freed what a thread of another shard allocated); it forwards them
 * on the ring from itself to that server, which frees them. So every heap
 * keeps a single writer and every ring a single producer and consumer.
 * Servers call these, or a thread that owns every heap (fork child) drains.
 * Nothing here allocates.
 */
#ifndef NGMALLOC_FORWARD_H
#define NGMALLOC_FORWARD_H

/* Map the rings between ng.nservers servers; 0 on success (nothing is
 * mapped for one server). */
int forward_init(void);
/* Server `from` hands block p to server `to`. When the ring is full it
 * frees what others forwarded to it while it waits, so two servers
 * forwarding to each other never wait on each other. */
void forward_push(unsigned from, unsigned to, void *p);
/* Publish what `from` pushed since the last flush and wake the servers it
 * went to if they sleep. */
void forward_flush(unsigned from);
/* Free what the other servers forwarded to `to`; 1 if there was anything. */
int forward_drain(unsigned to);
/* 1 when another server forwarded something to `to` not yet drained. */
int forward_pending(unsigned to);

#endif
