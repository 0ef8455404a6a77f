/* pmu_run_new when memory runs out half way (issue 19): it returns NULL with
 * "out of memory" and frees what it made without reading an fd it never
 * set. The fd array is malloc'd; a block of the same size filled with 3
 * (an fd this test holds open) is freed just before, so the allocator hands
 * that garbage back, and reading it would close fd 3. calloc is wrapped
 * (-Wl,--wrap=calloc) to fail on request: the third call, after the run
 * and its perf backend's state were allocated. */
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pmu/pmu.h"
#include "tests/check.h"

static int callocs_until_failure = -1;   /* -1: never fail */
void *__real_calloc(size_t n, size_t size);
void *__wrap_calloc(size_t n, size_t size)
{
    if (callocs_until_failure >= 0 && callocs_until_failure-- == 0)
        return NULL;
    return __real_calloc(n, size);
}

int main(void)
{
    char err[256];
    struct pmu_plan *plan = pmu_plan_new(PMU_BACKEND_PERF, "paper", err, sizeof err);
    CHECK(plan != NULL);
    if (!plan)
        return CHECK_DONE();
    json_t *described = pmu_plan_describe(plan);
    size_t nevents = json_object_size(json_object_get(described, "events"));
    json_decref(described);
    CHECK(nevents >= 8);   /* the allocator's own bookkeeping overwrites the first 16 bytes of a freed block */
    int held = open("/dev/null", O_RDONLY);
    CHECK(held == 3);
    char *argv[] = { "/bin/true", NULL };
    for (int attempt = 0; attempt < 2; attempt++) {
        int *garbage = malloc(nevents * sizeof *garbage);
        for (size_t i = 0; i < nevents; i++)
            garbage[i] = held;
        free(garbage);
        callocs_until_failure = 2;   /* the run, its perf state, then its table of failures */
        struct pmu_run *run = pmu_run_new(plan, argv, err, sizeof err);
        callocs_until_failure = -1;
        CHECK(run == NULL && strstr(err, "out of memory"));
        CHECK(fcntl(held, F_GETFD) != -1);   /* fd 3 was not closed by mistake */
    }
    close(held);
    pmu_plan_free(plan);
    return CHECK_DONE();
}
