/*
 * adapt.h: mode auto's choice between offloading (the server serves its
 * heaps from its own core) and serving in place (each thread does the
 * heap work itself, on its own time). The decisions only: server.c
 * measures and feeds them in. Pure arithmetic on its arguments: no system
 * call, no global state, so tests replay recorded inputs.
 *
 * Offloading stops when share.h finds the server's CPU shared (the server
 * or a client waits for a CPU): there is no core to spare. Serving in
 * place, the server wakes every ADAPT_WINDOW_MS and measures the window:
 * the process's CPU use (in CPUs), the CPUs it may run on, and whether
 * the server or a sampled client waited for a CPU. A window has a core to
 * spare when nothing waited and the process used at most one CPU less
 * than it may (with ADAPT_SLACK_MILLI of slack); `spare_needed` such
 * windows in a row start offloading again. Offloading that ends within
 * ADAPT_SHORT_NS doubles spare_needed (up to ADAPT_SPARE_MAX), so a
 * machine whose spare core is taken by someone else is not retried often;
 * offloading that lasts ADAPT_LONG_NS resets it.
 */
#ifndef NGMALLOC_ADAPT_H
#define NGMALLOC_ADAPT_H

#include <stdint.h>

#define ADAPT_WINDOW_MS 10u        /* a window while serving in place */
#define ADAPT_SPARE_START 3u       /* spare windows that start offloading at first */
#define ADAPT_SPARE_MAX 256u       /* at most (~2.5 s) */
#define ADAPT_SLACK_MILLI 150u     /* measuring noise allowed in the CPU use */
#define ADAPT_SHORT_NS 200000000u  /* offloading this short was a mistake */
#define ADAPT_LONG_NS 2000000000u  /* offloading this long was right */

typedef struct {
    int offload;            /* the server serves its heaps now */
    unsigned spare;         /* windows in a row with a core to spare */
    unsigned spare_needed;  /* such windows that start offloading */
    uint64_t since_ns;      /* when the current way began */
} ng_adapt_t;

/* Start offloading when the process may use more than one CPU, else in
 * place; at `now_ns`. */
void adapt_start(ng_adapt_t *a, unsigned cpus, uint64_t now_ns);
/* Offloading, share.h's verdict on the server's CPU is `shared` (or the
 * process may now use only one CPU): 1 when that switches to in place. */
int adapt_offloading(ng_adapt_t *a, int shared, unsigned cpus, uint64_t now_ns);
/* In place, a window ended in which the process used `busy_milli`
 * thousandths of a CPU of the `cpus` it may use, and `waited` says whether
 * the server or a client waited for a CPU: 1 when that switches to
 * offloading. */
int adapt_in_place(ng_adapt_t *a, unsigned busy_milli, unsigned cpus, int waited, uint64_t now_ns);

#endif
