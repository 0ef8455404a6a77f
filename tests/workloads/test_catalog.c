/*
 * tests/workloads/test_catalog.c: the catalog's contract without running
 * anything measured: names and sets, sizes, command lines and recorded
 * parameters, availability messages, the XMark generator's determinism,
 * and verify() rejecting wrong or missing output.
 *
 * Usage: test_catalog BIN_DIR DATA_DIR
 */
#include "tests/check.h"
#include "workloads/catalog.h"
#include "workloads/xmark.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>

static const char *const expected_names[] = {
    "xmalloc", "cache-scratch", "cache-thrash", "larson", "mstress", "rptest", "glibc-simple",
    "glibc-thread", "alloc-test", "sh6bench", "sh8bench", "malloc-large", "xalan", "lua", "sqlite",
    "redis", "rocksdb", "z3", "ghostscript", "ruby",
};
static const char *const real_names[] = { "xalan", "lua", "sqlite", "redis", "rocksdb", "z3", "ghostscript", "ruby" };
#define NREAL (sizeof real_names / sizeof real_names[0])
#define NEXPECTED (sizeof expected_names / sizeof expected_names[0])

static void every_workload_is_found_and_complete(void)
{
    CHECK(workload_count() == NEXPECTED);
    for (size_t i = 0; i < NEXPECTED; i++) {
        const struct workload *w = workload_find(expected_names[i]);
        CHECK(w != NULL);
        if (!w)
            continue;
        CHECK(w->command != NULL);
        CHECK(w->summary && strlen(w->summary) > 10);
        CHECK(w->default_threads >= 1 && w->default_threads <= 2);
        /* a real program's output is checked: by verify(), or for redis
         * by its driver, which counts what the server processed */
        CHECK(!w->program || w->package);
        CHECK(!w->program || w->verify || strcmp(w->name, "redis") == 0);
    }
    CHECK(workload_find("no-such-workload") == NULL);
    CHECK(workload_at(workload_count()) == NULL);
}

static bool set_has(const char *const *names, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return true;
    return false;
}

static void sets_name_known_workloads(void)
{
    const char *const *names;
    int n = workload_set("all", &names);
    CHECK(n == (int)NEXPECTED);
    n = workload_set("quick", &names);
    CHECK(n == (int)NEXPECTED);
    for (int i = 0; i < n; i++)
        CHECK(workload_find(names[i]) != NULL);
    n = workload_set("paper", &names);
    CHECK(n == 3);
    CHECK(set_has(names, n, "xalan") && set_has(names, n, "xmalloc") && set_has(names, n, "cache-scratch"));
    n = workload_set("real", &names);
    CHECK(n == (int)NREAL);
    for (size_t i = 0; i < NREAL; i++) {
        CHECK(set_has(names, n, real_names[i]));
        CHECK(workload_find(real_names[i]) && workload_find(real_names[i])->program != NULL);
    }
    CHECK(workload_set("xmalloc", &names) == -1);
    size_t listed = 0;
    for (const char *set; (set = workload_set_name(listed)); listed++)
        CHECK(workload_set(set, &names) > 0);
    CHECK(listed == 4);   /* quick, paper, real, all: each shown by `ngbench list` */
    enum wl_size s;
    CHECK(workload_set_size("quick", &s) == 0 && s == WL_SIZE_QUICK);
    CHECK(workload_set_size("paper", &s) == 0 && s == WL_SIZE_FULL);
    CHECK(workload_set_size("all", &s) == -1);
}

static void sizes_round_trip(void)
{
    enum wl_size s;
    for (int i = WL_SIZE_TINY; i <= WL_SIZE_FULL; i++)
        CHECK(wl_size_parse(wl_size_name((enum wl_size)i), &s) == 0 && s == (enum wl_size)i);
    CHECK(wl_size_parse("huge", &s) == -1);
}

/* Every command starts with the right program, records its size and
 * seed, takes --threads exactly when threaded, and differs between sizes
 * (so size really changes the run). */
static void commands_record_their_parameters(const char *bin_dir, const char *data_dir)
{
    for (size_t i = 0; i < workload_count(); i++) {
        const struct workload *w = workload_at(i);
        struct wl_command tiny = { 0 }, full = { 0 };
        struct wl_params p = { WL_SIZE_TINY, 3, bin_dir, data_dir, data_dir };
        char err[256];
        CHECK(w->command(w, &p, &tiny, err, sizeof err) == 0);
        p.size = WL_SIZE_FULL;
        CHECK(w->command(w, &p, &full, err, sizeof err) == 0);
        /* ours run from bin_dir, real programs from their absolute path
         * (redis through our driver in bin_dir, which is given the path) */
        CHECK(tiny.argv[0] && (w->program ? strcmp(tiny.argv[0], w->program) == 0 || strstr(tiny.argv[1], w->program)
                                          : strncmp(tiny.argv[0], bin_dir, strlen(bin_dir)) == 0));
        CHECK_STR(json_string_value(json_object_get(tiny.params, "size")), "tiny");
        CHECK_STR(json_string_value(json_object_get(full.params, "size")), "full");
        CHECK(json_integer_value(json_object_get(tiny.params, "seed")) == 42);
        /* params differ in more than the size name */
        json_object_set_new(tiny.params, "size", json_string("x"));
        json_object_set_new(full.params, "size", json_string("x"));
        CHECK(!json_equal(tiny.params, full.params));
        bool has_threads = false;
        for (size_t k = 0; tiny.argv[k]; k++)
            has_threads |= strcmp(tiny.argv[k], "--threads=3") == 0;
        CHECK(has_threads == w->threaded);
        wl_command_free(&tiny);
        wl_command_free(&full);
    }
}

static void params_are_listed_per_size(void)
{
    json_t *tiny = workload_params(workload_find("xmalloc"), WL_SIZE_TINY);
    json_t *full = workload_params(workload_find("xalan"), WL_SIZE_FULL);
    CHECK_STR(json_string_value(json_object_get(tiny, "size")), "tiny");
    CHECK(json_integer_value(json_object_get(tiny, "batches")) == 2000);
    CHECK(json_integer_value(json_object_get(full, "scale")) == 4000);
    json_decref(tiny);
    json_decref(full);
}

static void missing_program_says_how_to_install(void)
{
    struct workload fake = { .name = "fake", .package = "fakepkg", .program = "/nonexistent/fake" };
    char why[256] = "";
    CHECK(!workload_available(&fake, why, sizeof why));
    CHECK(strstr(why, "apt-get install fakepkg") != NULL);
    CHECK(workload_available(workload_find("xmalloc"), why, sizeof why));
}

static char *xmark_bytes(long scale, uint64_t seed, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    CHECK(xmark_write(f, scale, seed) == 0);
    fclose(f);
    return buf;
}

static size_t occurrences(const char *text, const char *needle)
{
    size_t n = 0;
    for (const char *p = text; (p = strstr(p, needle)) != NULL; p++)
        n++;
    return n;
}

static void xmark_same_seed_same_bytes(void)
{
    size_t la, lb, lc;
    char *a = xmark_bytes(15, 42, &la), *b = xmark_bytes(15, 42, &lb), *c = xmark_bytes(15, 43, &lc);
    CHECK(la == lb && memcmp(a, b, la) == 0);
    CHECK(la != lc || memcmp(a, c, la) != 0);
    struct xmark_counts n = xmark_counts_for(15);
    CHECK(occurrences(a, "<person id=") == (size_t)n.people);
    CHECK(occurrences(a, "<item id=") == (size_t)n.items);
    CHECK(occurrences(a, "<open_auction id=") == (size_t)n.open_auctions);
    CHECK(occurrences(a, "<closed_auction>") == (size_t)n.closed_auctions);
    CHECK(strncmp(a, "<?xml", 5) == 0 && strstr(a, "</site>\n") == a + la - 8);
    free(a);
    free(b);
    free(c);
}

/* verify() must reject output that is wrong, empty or missing, naming the file. */
static void verify_rejects_wrong_output(const char *bin_dir, const char *data_dir)
{
    static const char *const wrong[] = { "not the expected output\n", "" };
    json_t *run = json_pack("{s:{}}", "metrics");
    for (size_t i = 0; i < workload_count(); i++) {
        const struct workload *w = workload_at(i);
        if (!w->verify)
            continue;
        struct wl_params p = { WL_SIZE_TINY, 1, bin_dir, data_dir, data_dir };
        struct wl_command cmd = { 0 };
        char err[512];
        CHECK(!w->prepare || w->prepare(w, &p, err, sizeof err) == 0);
        CHECK(w->command(w, &p, &cmd, err, sizeof err) == 0);
        CHECK(cmd.stdout_path != NULL);
        for (size_t k = 0; k < 2; k++) {
            FILE *f = fopen(cmd.stdout_path, "w");
            CHECK(f != NULL);
            if (f) {
                fputs(wrong[k], f);
                fclose(f);
            }
            err[0] = '\0';
            CHECK(w->verify(w, &p, &cmd, run, err, sizeof err) == -1);
            CHECK(strstr(err, cmd.stdout_path) != NULL);
        }
        remove(cmd.stdout_path);
        CHECK(w->verify(w, &p, &cmd, run, err, sizeof err) == -1);
        CHECK(strstr(err, "cannot read") != NULL);
        wl_command_free(&cmd);
    }
    json_decref(run);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: test_catalog BIN_DIR DATA_DIR\n");
        return 2;
    }
    if (mkdir(argv[2], 0777) != 0 && errno != EEXIST)
        return 1;
    every_workload_is_found_and_complete();
    sets_name_known_workloads();
    sizes_round_trip();
    commands_record_their_parameters(argv[1], argv[2]);
    params_are_listed_per_size();
    missing_program_says_how_to_install();
    xmark_same_seed_same_bytes();
    verify_rejects_wrong_output(argv[1], argv[2]);
    return CHECK_DONE();
}
