/* workloads/catalog.c: the table of every workload, the named sets, availability. */
#include "workloads/catalog_parts.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* ---- Sizes ---- */

static const char *const size_names[] = { "tiny", "quick", "full" };

const char *wl_size_name(enum wl_size s) { return size_names[s]; }

int wl_size_parse(const char *s, enum wl_size *out)
{
    for (int i = 0; i < 3; i++)
        if (strcmp(s, size_names[i]) == 0) {
            *out = (enum wl_size)i;
            return 0;
        }
    return -1;
}

/* ---- The table ---- */

/* Our programs (.command = wl_synthetic_command) run bin_dir/NAME with
 * --NAME=VALUE for each of .sizes; each is built by workloads/meson.build.
 * Sizes (values for tiny, quick, full): tiny runs well under a second
 * (tests), quick about one second on this project's 2-core machine with
 * glibc, full about as long as the original's default run (seconds).
 * Threaded workloads default to 2 threads: one per core of a 2-core
 * machine (xmalloc's 2 means 2 producers and 2 consumers). */
#define CACHE_SIZES { { "iterations", { 20, 120, 1000 } }, { "repetitions", { 100000, 1000000, 1000000 } }, \
                      { "object-size", { 8, 8, 8 } } }
#define SMARTHEAP_SIZES { { "iterations", { 200, 4000, 40000 } }, { "run", { 100, 100, 100 } }, \
                          { "window", { 1000, 1000, 1000 } }, { "max-size", { 1000, 1000, 1000 } } }

static const struct workload catalog[] = {
    { .name = "xmalloc", .threaded = true, .default_threads = 2, .command = wl_synthetic_command,
      .summary = "producers allocate small objects, consumers free them (Lever and Boreham): remote frees",
      .sizes = { { "batches", { 2000, 100000, 600000 } }, { "batch", { 100, 100, 100 } } } },
    { .name = "cache-scratch", .threaded = true, .default_threads = 2, .command = wl_synthetic_command,
      .summary = "passive false sharing of tiny objects handed between threads (Hoard)",
      .sizes = CACHE_SIZES },
    { .name = "cache-thrash", .threaded = true, .default_threads = 2, .command = wl_synthetic_command,
      .summary = "active false sharing of tiny objects allocated concurrently (Hoard)",
      .sizes = CACHE_SIZES },
    { .name = "larson", .threaded = true, .default_threads = 2, .command = wl_synthetic_command,
      .summary = "server simulation: random replacement, heaps inherited by successor threads (Larson)",
      .sizes = { { "generations", { 2, 100, 800 } }, { "rounds", { 10, 10, 10 } },
                 { "blocks", { 5000, 5000, 5000 } }, { "max-size", { 1000, 1000, 1000 } } } },
    { .name = "mstress", .threaded = true, .default_threads = 2, .command = wl_synthetic_command,
      .summary = "rounds of threads allocating, keeping, swapping and freeing varied blocks (mimalloc stress)",
      .sizes = { { "rounds", { 4, 40, 100 } }, { "scale", { 50, 500, 1000 } } } },
    { .name = "rptest", .threaded = true, .default_threads = 2, .command = wl_synthetic_command,
      .summary = "random sizes 8-16000 B, calloc and aligned_alloc, batches freed by other threads (rpmalloc)",
      .sizes = { { "loops", { 100, 1500, 20000 } }, { "ops", { 500, 500, 500 } }, { "cross-rate", { 4, 4, 4 } },
                 { "max-size", { 16000, 16000, 16000 } } } },
    { .name = "glibc-simple", .default_threads = 1, .command = wl_synthetic_command,
      .summary = "fixed-size batches freed FIFO and LIFO (glibc bench-malloc-simple)",
      .sizes = { { "iterations", { 20, 400, 2000 } }, { "batch", { 1000, 1000, 1000 } } } },
    { .name = "glibc-thread", .threaded = true, .default_threads = 2, .command = wl_synthetic_command,
      .summary = "per-thread random replacement, inverse-square sizes (glibc bench-malloc-thread)",
      .sizes = { { "iterations", { 200000, 8000000, 50000000 } }, { "slots", { 4000, 4000, 4000 } } } },
    { .name = "alloc-test", .threaded = true, .default_threads = 2, .command = wl_synthetic_command,
      .summary = "Pareto-distributed slot replacement, mostly small sizes (alloc-test)",
      .sizes = { { "iterations", { 200000, 6000000, 30000000 } }, { "slots", { 65536, 65536, 65536 } } } },
    { .name = "sh6bench", .threaded = true, .default_threads = 2, .command = wl_synthetic_command,
      .summary = "size sweeps freed through a FIFO/LIFO window (MicroQuill sh6bench)",
      .sizes = SMARTHEAP_SIZES },
    { .name = "sh8bench", .threaded = true, .default_threads = 2, .command = wl_synthetic_command,
      .summary = "sh6 sweeps plus objects a producer allocates and workers free (MicroQuill sh8bench)",
      .sizes = SMARTHEAP_SIZES },
    { .name = "malloc-large", .default_threads = 1, .command = wl_synthetic_command,
      .summary = "repeated 5 to 25 MiB allocations (mimalloc-bench malloc-large)",
      .sizes = { { "iterations", { 200, 25000, 50000 } }, { "live", { 20, 20, 20 } } } },

    /* Real programs (catalog_real.c, real_NAME.c): output checked against
     * .expected, one per size (catalog_real.c says how to refresh them). */

    /* Document scale (thousandths of XMark's factor): about 1 MB, 10 MB and
     * 210 MB. Xalan's cost grows faster than the document (key() node-sets
     * of the large groups): tiny takes 0.1 s, quick 1 s, full about 2
     * minutes of CPU with glibc on the project machine, near the reference
     * run of xalancbmk, and peaks near 1.6 GB resident. */
    { .name = "xalan", .default_threads = 1, .package = "xalan", .program = "/usr/bin/Xalan",
      .summary = "Xalan-C++ XSLT: sort, key grouping, counts, sums, strings over an XMark-style auction document (xalancbmk)",
      .sizes = { { "scale", { 20, 200, 4000 } } },
      .expected = { 0x7c3e1bb6302ec9fbULL, 0x5d31927c607c2ce0ULL, 0x9df1a56016986c83ULL },
      .prepare = xalan_prepare, .command = xalan_command, .verify = wl_verify_checksum },
    /* Rounds of 2000 records: about 0.15 s, 1 s and 30 s with glibc. */
    { .name = "lua", .default_threads = 1, .package = "lua5.4", .program = "/usr/bin/lua5.4",
      .summary = "lua5.4 script building, formatting, parsing, grouping and sorting tables of records and strings",
      .script = "tables-strings.lua", .sizes = { { "rounds", { 3, 25, 400 } } },
      .expected = { 0x1833a28d2a1b84e7ULL, 0xf61d2636a409edfaULL, 0x384a73cbf30d1671ULL },
      .prepare = script_prepare, .command = script_command, .verify = wl_verify_checksum },
    /* Customers (orders are five times as many): about 0.1 s, 1 s and 40 s. */
    { .name = "sqlite", .default_threads = 1, .package = "sqlite3", .program = "/usr/bin/sqlite3",
      .summary = "sqlite3 shell on an in-memory database: generated inserts, indexes, joins, grouping, window functions",
      .sizes = { { "customers", { 2000, 30000, 500000 } } },
      .expected = { 0x9959bbc7a297905bULL, 0x6d69d2ce18c4e94dULL, 0x865d311f56bb9838ULL },
      .prepare = sqlite_prepare, .command = sqlite_command, .verify = wl_verify_checksum },
    /* Requests of each of 5 commands for each of 3 value sizes (16, 512,
     * 8192 B): 30 thousand, 150 thousand and 1.5 million requests. */
    { .name = "redis", .default_threads = 1, .package = "redis-server", .program = "/usr/bin/redis-server",
      .summary = "redis-server on a Unix socket driven by redis-benchmark (SET/GET/INCR/LPUSH/LPOP, 16 B to 8 KiB values)",
      .sizes = { { "requests", { 2000, 10000, 100000 } } },
      .prepare = redis_prepare, .command = redis_command },
    /* Keys of 100-byte values written then read at random. */
    { .name = "rocksdb", .default_threads = 1, .package = "rocksdb-tools", .program = "/usr/bin/db_bench",
      .summary = "RocksDB db_bench: fillrandom then readrandom on a fresh database (memtables, SST files, block cache)",
      .sizes = { { "keys", { 20000, 100000, 1000000 } }, { "value-size", { 100, 100, 100 } } },
      .expected = { 12616, 63148, 632324 },
      .command = rocksdb_command, .verify = rocksdb_verify },
    /* SMT-LIB problems, half satisfiable and half not. */
    { .name = "z3", .default_threads = 1, .package = "z3", .program = "/usr/bin/z3",
      .summary = "Z3 SMT solver on generated bit-vector and array problems (sat and unsat answers checked)",
      .sizes = { { "problems", { 6, 20, 150 } } },
      .prepare = z3_prepare, .command = z3_command, .verify = z3_verify },
    /* Pages of shapes, text and images, rendered at 60 dpi. */
    { .name = "ghostscript", .default_threads = 1, .package = "ghostscript", .program = "/usr/bin/gs",
      .summary = "Ghostscript rendering a generated PostScript document (paths, text, clipping, images) to raster",
      .sizes = { { "pages", { 4, 20, 400 } }, { "dpi", { 60, 60, 60 } } },
      .expected = { 0xc2388ec3bc761257ULL, 0x0e2c836f266f208eULL, 0x0d33ea2e95a4db0bULL },
      .prepare = ghostscript_prepare, .command = ghostscript_command, .verify = wl_verify_checksum },
    /* Rounds of 1000 strings. */
    { .name = "ruby", .default_threads = 1, .package = "ruby", .program = "/usr/bin/ruby",
      .summary = "Ruby script churning strings, arrays and hashes (in the spirit of mimalloc-bench's rbstress)",
      .script = "string-churn.rb", .sizes = { { "rounds", { 2, 6, 150 } } },
      .expected = { 0xa2dd01c052ede226ULL, 0x804009be488cf119ULL, 0xd4ebb66ba01eb604ULL },
      .prepare = script_prepare, .command = script_command, .verify = wl_verify_checksum },
};

#define NWORKLOADS (sizeof catalog / sizeof catalog[0])

size_t workload_count(void) { return NWORKLOADS; }

const struct workload *workload_at(size_t i)
{
    return i < NWORKLOADS ? &catalog[i] : NULL;
}

const struct workload *workload_find(const char *name)
{
    for (size_t i = 0; i < NWORKLOADS; i++)
        if (strcmp(catalog[i].name, name) == 0)
            return &catalog[i];
    return NULL;
}

/* ---- Named sets ---- */

/* The paper's evidence: xalancbmk (here xalan), xmalloc and cache-scratch. */
static const char *const paper_names[] = { "xalan", "xmalloc", "cache-scratch" };

/* Every real program. */
static const char *const real_names[] = { "xalan", "lua", "sqlite", "redis", "rocksdb", "z3", "ghostscript", "ruby" };

static const char *const set_names[] = { "quick", "paper", "real", "all" };

const char *workload_set_name(size_t i)
{
    return i < sizeof set_names / sizeof set_names[0] ? set_names[i] : NULL;
}

int workload_set(const char *name, const char *const **names)
{
    static const char *all_names[NWORKLOADS];
    if (strcmp(name, "all") == 0 || strcmp(name, "quick") == 0) {
        /* quick is every workload; its speed comes from size=quick */
        for (size_t i = 0; i < NWORKLOADS; i++)
            all_names[i] = catalog[i].name;
        *names = all_names;
        return (int)NWORKLOADS;
    }
    if (strcmp(name, "paper") == 0) {
        *names = paper_names;
        return (int)(sizeof paper_names / sizeof paper_names[0]);
    }
    if (strcmp(name, "real") == 0) {
        *names = real_names;
        return (int)(sizeof real_names / sizeof real_names[0]);
    }
    return -1;
}

int workload_set_size(const char *name, enum wl_size *size)
{
    if (strcmp(name, "quick") == 0)
        *size = WL_SIZE_QUICK;
    else if (strcmp(name, "paper") == 0)
        *size = WL_SIZE_FULL;
    else
        return -1;
    return 0;
}

/* ---- Availability ---- */

bool workload_available(const struct workload *w, char *why, size_t whylen)
{
    if (!w->program || access(w->program, X_OK) == 0)
        return true;
    snprintf(why, whylen, "%s not installed: apt-get install %s", w->program, w->package);
    return false;
}
