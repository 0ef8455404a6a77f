/*
 * analysis/model.h: the paper's break-even model for offloading malloc and
 * free to a dedicated core (HotOS '23, section 4.1), as pure arithmetic.
 *
 * Offloading adds a synchronisation cost to every call (atomic operations per
 * call x cycles per atomic operation). It pays off only if the application
 * then misses less in the LLC and TLB: each miss saved is worth the average
 * miss penalty, estimated from two allocators' counters as
 * delta cycles / delta (LLC-load + LLC-store + dTLB-load + dTLB-store misses).
 *
 * What it must never do: read files, print, or measure.
 */
#ifndef NGBENCH_ANALYSIS_MODEL_H
#define NGBENCH_ANALYSIS_MODEL_H

struct model_inputs {
    double calls;               /* malloc + free (+ calloc, realloc, aligned) calls */
    double atomics_per_call;    /* the paper: 4 */
    double cycles_per_atomic;   /* the paper: 67 */
    double miss_penalty;        /* cycles per LLC or TLB miss; the paper: 214 */
};

struct model_outputs {
    double sync_cycles_per_call;      /* atomics_per_call * cycles_per_atomic */
    double added_cycles;              /* calls * sync_cycles_per_call */
    double break_even_misses_per_call;/* misses each call must save to pay for itself */
};

struct model_outputs model_break_even(const struct model_inputs *in);

/* One allocator's totals for the penalty estimate. */
struct miss_totals {
    double cycles;
    double misses;   /* LLC-load + LLC-store + dTLB-load + dTLB-store */
};

/* (a.cycles - b.cycles) / (a.misses - b.misses): the cycles each extra miss
 * cost. Negative when the allocator with more misses took fewer cycles (the
 * misses do not explain the difference). NAN when the misses are equal or an
 * input is not a number. */
double model_miss_penalty(struct miss_totals a, struct miss_totals b);

/* Cycles the offloaded allocator is predicted to take, starting from the
 * reference's cycles: plus the added synchronisation, minus the misses it
 * saves (reference misses - offloaded misses) times the penalty. */
double model_predicted_cycles(double reference_cycles, const struct model_inputs *in,
                              double misses_saved);

#endif
