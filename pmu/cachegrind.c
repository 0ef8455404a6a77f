/* pmu/cachegrind.c: the simulated backend (see cachegrind.h). */
#include "pmu/cachegrind.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pmu/counter.h"

const struct pmu_cache_geometry pmu_cg_geometry = {
    .i1 = { 32768, 8, 64 },
    .d1 = { 32768, 8, 64 },
    .ll = { 8388608, 16, 64 },
};

/* Results name, cachegrind's column name (cg_annotate's vocabulary). */
static const struct { const char *name, *code; } cg_events[] = {
    { "sim-instructions", "Ir" },
    { "sim-I1-misses", "I1mr" },
    { "sim-LL-instruction-misses", "ILmr" },
    { "sim-D1-reads", "Dr" },
    { "sim-D1-read-misses", "D1mr" },
    { "sim-LL-read-misses", "DLmr" },
    { "sim-D1-writes", "Dw" },
    { "sim-D1-write-misses", "D1mw" },
    { "sim-LL-write-misses", "DLmw" },
};
#define CG_NEVENTS (sizeof cg_events / sizeof cg_events[0])

const char *const pmu_cg_default_events[] = {
    "sim-instructions", "sim-D1-read-misses", "sim-D1-write-misses",
    "sim-LL-read-misses", "sim-LL-write-misses", NULL,
};

const char *pmu_cg_code(const char *name)
{
    for (size_t i = 0; i < CG_NEVENTS; i++)
        if (strcmp(cg_events[i].name, name) == 0)
            return cg_events[i].code;
    return NULL;
}

void pmu_cg_names(char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < CG_NEVENTS && used < len; i++)
        used += snprintf(buf + used, len - used, "%s%s", i ? ", " : "", cg_events[i].name);
}

/* A directory is "executable" to access(2) too, and some library folders
 * (/usr/lib/x86_64-linux-gnu/valgrind) share the name and end up on PATH. */
static int is_executable_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

int pmu_cg_find_valgrind(char *path, size_t len, char *err, size_t errlen)
{
    const char *dirs = getenv("PATH");
    if (!dirs)
        dirs = "/usr/bin:/bin";
    while (*dirs) {
        size_t n = strcspn(dirs, ":");
        snprintf(path, len, "%.*s/valgrind", (int)n, dirs);
        if (n > 0 && is_executable_file(path))
            return 0;
        dirs += n + (dirs[n] == ':');
    }
    snprintf(err, errlen, "valgrind not found on PATH (--pmu=cachegrind needs it; "
             "Debian package valgrind)");
    return -1;
}

static int level_option(char *buf, size_t len, const char *flag, const struct pmu_cache_level *l)
{
    return snprintf(buf, len, "--%s=%u,%u,%u", flag, l->size_bytes, l->assoc, l->line_bytes);
}

char **pmu_cg_argv(const char *valgrind, const struct pmu_cache_geometry *g,
                   const char *outfile, char *const argv[])
{
    char i1[64], d1[64], ll[64], out[4200];
    level_option(i1, sizeof i1, "I1", &g->i1);
    level_option(d1, sizeof d1, "D1", &g->d1);
    level_option(ll, sizeof ll, "LL", &g->ll);
    snprintf(out, sizeof out, "--cachegrind-out-file=%s", outfile);
    /* -q: valgrind's banner would otherwise become the workload's stderr. */
    const char *prefix[] = { valgrind, "-q", "--tool=cachegrind", "--cache-sim=yes",
                             "--branch-sim=no", i1, d1, ll, out, "--" };
    size_t nprefix = sizeof prefix / sizeof prefix[0], nargs = 0, bytes = 0;
    while (argv[nargs])
        nargs++;
    for (size_t i = 0; i < nprefix; i++)
        bytes += strlen(prefix[i]) + 1;
    /* One block: the pointer array, then the prefix strings it points into;
     * the workload's own argv strings are the caller's. */
    char **result = malloc((nprefix + nargs + 1) * sizeof *result + bytes);
    if (!result)
        return NULL;
    char *strings = (char *)(result + nprefix + nargs + 1);
    for (size_t i = 0; i < nprefix; i++) {
        result[i] = strings;
        strings = stpcpy(strings, prefix[i]) + 1;
    }
    for (size_t i = 0; i < nargs; i++)
        result[nprefix + i] = argv[i];
    result[nprefix + nargs] = NULL;
    return result;
}

static json_t *level_json(const struct pmu_cache_level *l)
{
    return json_pack("{s:i, s:i, s:i}", "size_bytes", (int)l->size_bytes,
                     "assoc", (int)l->assoc, "line_bytes", (int)l->line_bytes);
}

json_t *pmu_cg_geometry_json(const struct pmu_cache_geometry *g)
{
    return json_pack("{s:o, s:o, s:o}", "I1", level_json(&g->i1), "D1", level_json(&g->d1),
                     "LL", level_json(&g->ll));
}

/* Splits a line's space-separated fields in place. Returns how many. */
static size_t split_fields(char *line, char **fields, size_t max)
{
    size_t n = 0;
    char *save = NULL;
    for (char *tok = strtok_r(line, " \t\n", &save); tok && n < max;
         tok = strtok_r(NULL, " \t\n", &save))
        fields[n++] = tok;
    return n;
}

#define CG_LINE_MAX 4096

struct cg_totals {
    char events_line[CG_LINE_MAX];
    char summary_line[CG_LINE_MAX];
};

static int read_totals(FILE *f, struct cg_totals *t)
{
    char line[CG_LINE_MAX];
    t->events_line[0] = t->summary_line[0] = '\0';
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "events:", 7) == 0)
            snprintf(t->events_line, sizeof t->events_line, "%s", line + 7);
        else if (strncmp(line, "summary:", 8) == 0)
            snprintf(t->summary_line, sizeof t->summary_line, "%s", line + 8);
    }
    return t->events_line[0] && t->summary_line[0] ? 0 : -1;
}

json_t *pmu_cg_parse(const char *path, const char *const *names, size_t n,
                     char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "cachegrind wrote no output (%s: %s)", path, strerror(errno));
        return NULL;
    }
    struct cg_totals t;
    int rc = read_totals(f, &t);
    fclose(f);
    if (rc < 0) {
        snprintf(err, errlen, "cachegrind output %s has no events:/summary: lines", path);
        return NULL;
    }
    char *codes[32], *values[32];
    size_t ncodes = split_fields(t.events_line, codes, 32);
    size_t nvalues = split_fields(t.summary_line, values, 32);
    if (ncodes != nvalues) {
        snprintf(err, errlen, "cachegrind output %s: %zu events but %zu totals", path,
                 ncodes, nvalues);
        return NULL;
    }
    json_t *counters = json_object();
    for (size_t i = 0; i < n; i++) {
        const char *code = pmu_cg_code(names[i]);
        size_t col = 0;
        while (col < ncodes && (!code || strcmp(codes[col], code) != 0))
            col++;
        if (col == ncodes) {
            json_object_set_new(counters, names[i],
                                pmu_counter_unavailable("simulated", "not in cachegrind's output"));
            continue;
        }
        json_object_set_new(counters, names[i],
                            pmu_counter_simulated(strtoull(values[col], NULL, 10)));
    }
    return counters;
}
