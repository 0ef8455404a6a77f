/*
 * forward.h: rings between heaps, for more than one heap. The owner of heap
 * `from`, freeing a block of heap `to` (a thread freed what a thread of
 * another heap allocated), pushes it on the ring from `from` to `to`; the
 * owner of `to` takes it off and frees it. So every heap keeps one writer
 * and every ring one producer and one consumer. Transport only: nothing
 * here frees, allocates or waits.
 */
#ifndef NGMALLOC_FORWARD_H
#define NGMALLOC_FORWARD_H

#include <stdint.h>

/* Map the rings between ng.nheaps heaps; 0 on success (nothing is mapped
 * for one heap). */
int forward_init(void);
/* Push block p from heap `from` to heap `to`; 0 when the ring is full
 * (everything pushed on it is then published, so that `to`'s owner sees it). */
int forward_try_push(unsigned from, unsigned to, void *p);
/* Publish what `from` pushed since the last flush and wake the owners of
 * the heaps it went to if they sleep. */
void forward_flush(unsigned from);
/* 1 when something was published to `to` since the last forward_mail,
 * which then takes the flag down: the caller, `to`'s owner, then takes
 * everything with forward_take (anything published later raises it again). */
int forward_mail(unsigned to);
/* Take up to `max` blocks other heaps forwarded to `to` into out[]; the
 * caller, `to`'s owner, must free them. Returns how many. */
unsigned forward_take(unsigned to, void **out, unsigned max);
/* 1 when another heap forwarded something to `to` not yet taken (one load). */
int forward_pending(unsigned to);
/* Blocks forwarded from heap `from` so far. */
uint64_t forward_count(unsigned from);

#endif
