/*
 * harness/registry.h: the allocators ngbench knows, and where they live here.
 *
 * An allocator is a shared library loaded with LD_PRELOAD into a fresh
 * process (glibc: none), plus environment settings (the NextGen modes) and
 * the variables it answers to (statistics file, server CPUs), each a column
 * of registry.c's table of built-ins. Built-ins are found at run time in the
 * system library folders and in the build tree; any other library is named
 * "NAME:/path/to/lib.so".
 *
 * What it must never do: load an allocator into ngbench itself (no dlopen of
 * the libraries it describes) or run workloads.
 */
#ifndef NGBENCH_HARNESS_REGISTRY_H
#define NGBENCH_HARNESS_REGISTRY_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#define ALLOCATOR_MAX_ENV 4

/* What a built-in is there for: compared (production allocators and
 * NextGen itself, the default set) or an ablation (a NextGen mode kept to
 * explain where its time goes, run when named or through "ablations"). */
enum allocator_role { ROLE_COMPARED, ROLE_ABLATION };

/* The most server threads an allocator runs that ngbench places on CPUs of
 * their own: NextGen-Malloc's NG_MAX_SERVERS (allocators/nextgen/types.h),
 * restated here so the harness does not include the allocator's headers;
 * tests/harness/test_registry.c fails when the two differ. */
#define ALLOCATOR_MAX_SERVERS 16

struct allocator {
    char name[64];
    char path[PATH_MAX];        /* library to preload; "" for glibc */
    const char *env[ALLOCATOR_MAX_ENV + 1];   /* extra "KEY=VALUE" settings, NULL-terminated */
    const char *package;        /* Debian package that provides it, or NULL (built here / custom) */
    const char *stats_env;      /* env variable naming a statistics file it writes at exit, or NULL */
    const char *server_cpu_env; /* env variable naming the CPUs of its server threads, or NULL */
    const char *servers_env;    /* env variable giving how many server threads it runs, or NULL */
    bool installed;             /* path exists (always true for glibc) */
    enum allocator_role role;   /* ROLE_COMPARED for libraries named by path */
};

/* Built-in names in a fixed order: glibc jemalloc tcmalloc tcmalloc-minimal
 * mimalloc tbbmalloc scudo nextgen nextgen-offload nextgen-inplace nextgen-sync
 * nextgen-inline. */
size_t registry_builtin_count(void);
/* Fill *out for built-in i, locating its library; installed says whether found. */
void registry_builtin(size_t i, struct allocator *out);

/* The sets --allocator takes besides names: "default" (the compared
 * built-ins), "ablations", "all". The set's index, or -1 when name is none. */
int registry_set(const char *name);
/* The name of set index set (0, 1, ...), NULL past the last. */
const char *registry_set_name(int set);
/* Whether built-in a belongs to set (an index from registry_set). */
bool registry_set_has(int set, const struct allocator *a);

/* "glibc", a built-in name, or "NAME:/path.so". Returns 0, or -1 with err
 * ("unknown allocator 'x'", "jemalloc is not installed: apt-get install
 * libjemalloc2", "/p/lib.so: no such file", "'jemalloc' is a built-in
 * name": NAME may be neither a built-in's nor a set's). */
int registry_lookup(const char *spec, struct allocator *out, char *err, size_t errlen);

/* The library's version: its Debian package version when dpkg knows the
 * file, else the suffix of its real file name (libmimalloc.so.2.0 -> "2.0"),
 * else "". */
void registry_version(const struct allocator *a, char *buf, size_t buflen);

/* The C library ngbench runs with (/usr/lib/x86_64-linux-gnu/libc.so.6 on
 * Debian). Runs under glibc preload it, so that a program linked with an
 * allocator of its own (Debian's redis-server links jemalloc) measures
 * glibc's malloc too. */
const char *registry_c_library(void);

/* Where ngbench's own build products are: $NGBENCH_BUILD_ROOT when set,
 * else the folder holding the ngbench binary when it is the build tree's
 * root (/src/build/ngbench -> /src/build), else the installed folder
 * (PREFIX/bin/ngbench -> PREFIX/libexec/ngbench). Laid out alike: workloads/,
 * harness/, allocators/nextgen/, analysis/. */
const char *registry_build_root(void);

#endif
