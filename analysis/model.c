/* analysis/model.c: the break-even model's arithmetic (see model.h). */
#include "analysis/model.h"

#include <math.h>

struct model_outputs model_break_even(const struct model_inputs *in)
{
    struct model_outputs out;
    out.sync_cycles_per_call = in->atomics_per_call * in->cycles_per_atomic;
    out.added_cycles = in->calls * out.sync_cycles_per_call;
    out.break_even_misses_per_call = out.sync_cycles_per_call / in->miss_penalty;
    return out;
}

double model_miss_penalty(struct miss_totals a, struct miss_totals b)
{
    double dm = a.misses - b.misses;
    if (!(fabs(dm) > 0))
        return NAN;
    return (a.cycles - b.cycles) / dm;
}

double model_predicted_cycles(double reference_cycles, const struct model_inputs *in,
                              double misses_saved)
{
    return reference_cycles + model_break_even(in).added_cycles - misses_saved * in->miss_penalty;
}
