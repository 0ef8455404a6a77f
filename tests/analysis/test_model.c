/* The break-even model (analysis/model.c) and its measured inputs
 * (analysis/measured.c) on inputs computed by hand. argv[1]: the reports
 * fixture (tests/reports/data/results.json). */
#include <math.h>
#include <stdlib.h>

#include "analysis/measured.h"
#include "analysis/model.h"
#include "base/results.h"
#include "tests/check.h"

static void break_even_by_hand(void)
{
    /* 1000 calls x 2 atomics x 50 cycles = 100,000 cycles; 100 / 100 = 1 miss per call. */
    struct model_inputs in = { 1000, 2, 50, 100 };
    struct model_outputs out = model_break_even(&in);
    CHECK_NEAR(out.sync_cycles_per_call, 100, 0);
    CHECK_NEAR(out.added_cycles, 100000, 0);
    CHECK_NEAR(out.break_even_misses_per_call, 1.0, 1e-12);
}

static void break_even_on_the_papers_inputs(void)
{
    /* 279,759,405 x 4 x 67 = 74,975,520,540; 268 / 214 = 1.2523... */
    struct model_inputs in = { 279759405, 4, 67, 214 };
    struct model_outputs out = model_break_even(&in);
    CHECK_NEAR(out.added_cycles, 74975520540.0, 0);
    CHECK_NEAR(out.break_even_misses_per_call, 268.0 / 214.0, 1e-12);
    CHECK(fabs(out.break_even_misses_per_call - 1.25) < 0.005);
}

static void penalty_is_delta_cycles_over_delta_misses(void)
{
    /* (1,000,000 - 400,000) / (5,000 - 2,000) = 200 cycles per miss, either order. */
    struct miss_totals a = { 1000000, 5000 }, b = { 400000, 2000 };
    CHECK_NEAR(model_miss_penalty(a, b), 200, 1e-9);
    CHECK_NEAR(model_miss_penalty(b, a), 200, 1e-9);
    /* more misses, fewer cycles: negative */
    struct miss_totals c = { 300000, 6000 };
    CHECK_NEAR(model_miss_penalty(c, b), -25, 1e-9);
    CHECK(isnan(model_miss_penalty(a, (struct miss_totals){ 1, 5000 })));
    CHECK(isnan(model_miss_penalty(a, (struct miss_totals){ NAN, 1 })));
}

static void predicted_cycles_add_sync_and_subtract_saved_misses(void)
{
    /* 1,000,000 + 100,000 added - 500 misses x 100 cycles = 1,050,000 */
    struct model_inputs in = { 1000, 2, 50, 100 };
    CHECK_NEAR(model_predicted_cycles(1e6, &in, 500), 1050000, 1e-6);
}

/* The one case of workload (and threads, 0 for the only count) in s. */
static size_t case_of(const struct run_set *s, const char *workload, long threads)
{
    struct case_request want = { workload, NULL, NULL, threads };
    size_t *cases, c = 0;
    char err[256];
    CHECK(runs_select_cases(s, &want, true, &cases, err, sizeof err) == 1);
    if (cases)
        c = cases[0];
    free(cases);
    return c;
}

static void measured_pair_reads_medians_and_call_counts(const char *fixture)
{
    char err[512], events[256];
    json_t *doc = results_load(fixture, err, sizeof err);
    struct run_set *s = doc ? run_set_of_doc(doc) : NULL;
    json_decref(doc);
    CHECK(s != NULL);
    if (!s)
        return;
    const char *f[2] = { "glibc", "nextgen" };
    struct measured_side side[2];
    CHECK(measured_pair(s, case_of(s, "xalan", 1), f, side, events, sizeof events, err, sizeof err) == 3);
    /* glibc: runs at 1.00, 1.01, 1.02 x the base; the median is 1.01 x. */
    CHECK_NEAR(side[0].totals.cycles, 1.177e9 * 1.01, 1);
    CHECK_NEAR(side[0].totals.misses, (4.059e5 + 3.554e5 + 1.804e6) * 1.01, 1e-3);
    CHECK_NEAR(side[0].wall_s, 1.212, 1e-12);
    CHECK_NEAR(side[0].calls, 1384012 + 1413941, 0);   /* the warm-up run's call_counts */
    CHECK_NEAR(side[1].calls, 1384012 + 1413941, 0);   /* NextGen's allocator_stats */
    CHECK_STR(events, "LLC-load-misses, LLC-store-misses, dTLB-load-misses");
    /* the simulated workload sums the simulated LLC events */
    const char *g[2] = { "glibc", "mimalloc" };
    CHECK(measured_pair(s, case_of(s, "larson", 0), g, side, events, sizeof events, err, sizeof err) == 2);
    CHECK_STR(events, "sim-LL-read-misses, sim-LL-write-misses");
    CHECK(isnan(side[0].totals.cycles));
    const char *h[2] = { "glibc", "tcmalloc" };
    CHECK(measured_pair(s, case_of(s, "xalan", 1), h, side, events, sizeof events, err, sizeof err) == -1);
    CHECK_STR(err, "no runs of tcmalloc on xalan");
    run_set_free(s);
}

int main(int argc, char **argv)
{
    break_even_by_hand();
    break_even_on_the_papers_inputs();
    penalty_is_delta_cycles_over_delta_misses();
    predicted_cycles_add_sync_and_subtract_saved_misses();
    if (argc > 1)
        measured_pair_reads_medians_and_call_counts(argv[1]);
    else
        CHECK(!"the fixture path is argv[1]");
    return CHECK_DONE();
}
