/*
 * share.h: does a server share its CPU? A server that spins on a CPU other
 * runnable threads need takes their time, so server.c spins only briefly,
 * and lets the scheduler place it, while this says its CPU is shared. The
 * decisions only: server.c measures (its own run delay, a few clients' run
 * delays, the clock) and feeds them in. Pure arithmetic on its arguments:
 * no system call, no global state, so tests replay recorded inputs.
 *
 * A window is SHARE_CHECK_TICKS of the server's awake time (its sleeps are
 * left out). It is hot when the server waited for a CPU over 5% of it, or
 * a client it looked at over 20% since its last look. Two hot windows in
 * a row make the CPU shared; SHARE_CALM_CHECKS calm ones (~100 ms), or a
 * sleep of 100 ms with nothing to do, make it the server's own again.
 * Finding it shared again within a quarter of that after coming home
 * doubles the calm needed next time (up to 20 times), so a busy machine
 * does not flip it to and fro.
 */
#ifndef NGMALLOC_SHARE_H
#define NGMALLOC_SHARE_H

#include <stdint.h>

#define SHARE_CHECK_TICKS 8000000u /* TSC ticks (~2.5 ms) of awake time a window lasts */
#define SHARE_CALM_CHECKS 40u      /* calm windows that end sharing at first */
#define SHARE_IDLE_NS 100000000u   /* a sleep this long with nothing to do ends sharing */

typedef struct {
    uint64_t next_check;  /* ticks at which the window ends */
    uint64_t wait_ns;     /* the server's run delay when the window began */
    uint64_t now_ns;      /* the clock when it began, moved on by the sleeps since */
    unsigned calm;        /* windows without waiting since the last change */
    unsigned hot;         /* hot windows in a row */
    unsigned calm_needed; /* calm windows that end sharing */
    unsigned since_home;  /* windows since sharing last ended */
    int shared;           /* the CPU is shared */
} ng_share_t;

/* Not shared, with a first window starting now. */
void share_start(ng_share_t *s, uint64_t ticks, uint64_t wait_ns, uint64_t now_ns);
/* 1 when the window has ended at `ticks`. */
static inline int share_due(const ng_share_t *s, uint64_t ticks) { return ticks >= s->next_check; }
/* End the window at `ticks`, with the server's run delay and the clock now,
 * and start the next; 1 when the server itself waited enough to make it
 * hot. *elapsed_ns receives the window's length. */
int share_server_waited(ng_share_t *s, uint64_t ticks, uint64_t wait_ns, uint64_t now_ns,
                        uint64_t *elapsed_ns);
/* 1 when a client that waited `waited_ns` for a CPU over `elapsed_ns`
 * makes a window hot. */
int share_client_waited(uint64_t waited_ns, uint64_t elapsed_ns);
/* Record the ended window as hot or calm; 1 when `shared` changed. */
int share_record(ng_share_t *s, int hot);
/* The server slept `ns` (`ticks`): that time is left out of the window. */
void share_skip(ng_share_t *s, uint64_t ns, uint64_t ticks);
/* The server has slept `idle_ns` with nothing to do: 1 when that ended
 * sharing. */
int share_idle(ng_share_t *s, uint64_t idle_ns);

#endif
