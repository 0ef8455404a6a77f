/*
 * serve.h: serving, the heap owner's work for its clients, as functions
 * that a dedicated server thread (server.c) or any thread owning the heaps
 * in question can run: drain free queues, refill stocks, answer round
 * trips, free what other heaps forwarded, retire exited threads' records.
 * The caller owns every heap in o (types.h: owner) for the whole call.
 * Nothing here sleeps or waits for another thread (forward.h's full ring
 * aside); nothing here starts threads.
 */
#ifndef NGMALLOC_SERVE_H
#define NGMALLOC_SERVE_H

#include "channel.h"

/* Run request op for heap o->home (a malloc's class in size); returns its result. */
void *serve_op(const ng_owner_t *o, ng_op_t op, void *ptr, size_t size);
/* Answer c's posted request `seq` (c's heap is o's). */
void serve_answer(const ng_owner_t *o, ng_client_t *c, uint32_t seq);
/* Client c's thread owns c's heap for this call (own_claim) and serves
 * itself: what was forwarded to its heap, its frees, its low stocks, its
 * posted request. */
void serve_self(ng_client_t *c);
/* One pass over o's clients and what was forwarded to o's heaps; 1 if
 * there was any work. Frees come before requests, so a request sees every
 * free its thread made before it. */
int serve_pass(const ng_owner_t *o);
/* Drain every free queue of o's clients and what was forwarded to o, then
 * sweep o's heaps (heap_sweep_settled: what is due, or all empty spans after
 * heap_request_trim). */
void serve_drain_all(const ng_owner_t *o);
/* 1 when one of o's clients, or another heap's owner, has work for o. */
int serve_has_work(const ng_owner_t *o);

#endif
