/*
 * pmu/cachegrind.h: the simulated backend, Valgrind's cachegrind.
 *
 * Knows the simulated events and their names in results ("sim-instructions"
 * for cachegrind's Ir, ...), the fixed cache geometry every run uses, how to
 * wrap a workload's argv in valgrind, and how to read cachegrind's output.
 *
 * What it must never do: replace the allocator under test (cachegrind does
 * not intercept malloc, which is why it is the tool used) or present its
 * figures as hardware counts: every one is marked "simulated".
 */
#ifndef NGBENCH_PMU_CACHEGRIND_H
#define NGBENCH_PMU_CACHEGRIND_H

#include <stddef.h>
#include <jansson.h>

struct pmu_cache_level {
    unsigned size_bytes, assoc, line_bytes;
};

struct pmu_cache_geometry {
    struct pmu_cache_level i1, d1, ll;
};

/* The geometry every cachegrind run simulates, so that runs on different
 * hosts compare: 32 KiB 8-way L1s, an 8 MiB 16-way LL, 64-byte lines. */
extern const struct pmu_cache_geometry pmu_cg_geometry;

/* The events reported when none are named ("sim-instructions", the D1 and LL
 * read and write misses). Ends with NULL. */
extern const char *const pmu_cg_default_events[];

/* Cachegrind's own name for a simulated event ("Ir" for "sim-instructions"),
 * or NULL when the name is not one. */
const char *pmu_cg_code(const char *name);

/* Every simulated event name, comma-separated, for error messages. */
void pmu_cg_names(char *buf, size_t len);

/* Finds valgrind on PATH (execv needs a path). 0 ok, -1 with err set. */
int pmu_cg_find_valgrind(char *path, size_t len, char *err, size_t errlen);

/* valgrind --tool=cachegrind ... --cachegrind-out-file=outfile -- argv...,
 * NULL-terminated, in one allocation: free() it. NULL when out of memory. */
char **pmu_cg_argv(const char *valgrind, const struct pmu_cache_geometry *g,
                   const char *outfile, char *const argv[]);

/* {"I1": {"size_bytes", "assoc", "line_bytes"}, "D1": ..., "LL": ...} */
json_t *pmu_cg_geometry_json(const struct pmu_cache_geometry *g);

/* Reads a cachegrind output file's "events:" and "summary:" lines: per
 * simulated name in names, its counter object. NULL with err set when the
 * file is missing or malformed. */
json_t *pmu_cg_parse(const char *path, const char *const *names, size_t n,
                     char *err, size_t errlen);

#endif
