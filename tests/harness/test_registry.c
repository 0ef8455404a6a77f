/* Allocator registry: built-ins in order, found where they are, clear errors. */
#include "allocators/nextgen/types.h"
#include "harness/registry.h"
#include "tests/check.h"

#include <unistd.h>

static void builtins_come_in_the_documented_order(void)
{
    const char *names[] = { "glibc", "jemalloc", "tcmalloc", "tcmalloc-minimal", "mimalloc", "tbbmalloc",
                            "scudo", "nextgen", "nextgen-offload", "nextgen-inplace", "nextgen-sync",
                            "nextgen-inline" };
    CHECK(registry_builtin_count() == sizeof names / sizeof names[0]);
    for (size_t i = 0; i < registry_builtin_count(); i++) {
        struct allocator a;
        registry_builtin(i, &a);
        CHECK_STR(a.name, names[i]);
        /* installed means the file is really there */
        CHECK(!a.path[0] || a.installed == (access(a.path, R_OK) == 0));
    }
}

static void glibc_preloads_nothing_and_nextgen_sets_its_mode(void)
{
    struct allocator a;
    char err[256];
    CHECK(registry_lookup("glibc", &a, err, sizeof err) == 0 && a.path[0] == '\0' && a.installed);
    CHECK(strstr(registry_c_library(), "/libc.so.6") && access(registry_c_library(), R_OK) == 0);
    for (size_t i = 0; i < registry_builtin_count(); i++) {   /* found or not: the entry's columns */
        registry_builtin(i, &a);
        if (strcmp(a.name, "nextgen") == 0)
            CHECK_STR(a.env[0], "NGMALLOC_MODE=auto");
        if (strcmp(a.name, "nextgen-sync") == 0)
            break;
    }
    CHECK_STR(a.env[0], "NGMALLOC_MODE=sync");
    CHECK_STR(a.stats_env, "NGMALLOC_STATS");
    CHECK(strstr(a.path, "/allocators/nextgen/libngmalloc.so") != NULL);
}

/* The environment is a column of the table: only NextGen's rows have it. */
static void only_nextgen_has_settings_and_variables(void)
{
    for (size_t i = 0; i < registry_builtin_count(); i++) {
        struct allocator a;
        registry_builtin(i, &a);
        bool nextgen = strncmp(a.name, "nextgen", 7) == 0;
        CHECK(nextgen == (a.env[0] != NULL && strncmp(a.env[0], "NGMALLOC_MODE=", 14) == 0));
        CHECK(nextgen == (a.server_cpu_env && strcmp(a.server_cpu_env, "NGMALLOC_CPU") == 0));
        CHECK(nextgen == (a.servers_env && strcmp(a.servers_env, "NGMALLOC_SERVERS") == 0));
        CHECK(a.env[0] == NULL || a.env[1] == NULL);
    }
}

/* The harness restates NextGen's server limit rather than include its headers. */
static void server_limit_is_nextgens(void)
{
    CHECK(ALLOCATOR_MAX_SERVERS == NG_MAX_SERVERS);
}

static void system_allocators_are_found_when_their_package_is_installed(void)
{
    /* ci/install-deps.sh installs libjemalloc-dev; Debian puts it beside the C library. */
    struct allocator a;
    char err[256];
    CHECK(registry_lookup("jemalloc", &a, err, sizeof err) == 0);
    CHECK(strstr(a.path, "libjemalloc.so.2") != NULL);
    char version[64];
    registry_version(&a, version, sizeof version);
    CHECK(version[0] != '\0');
}

/* ci/install-deps.sh installs libtbbmalloc2 and libclang-rt-14-dev: oneTBB's
 * proxy library and LLVM's standalone Scudo, found with their versions. */
static void tbbmalloc_and_scudo_are_found_with_their_versions(void)
{
    struct allocator a;
    char err[256], version[64];
    CHECK(registry_lookup("tbbmalloc", &a, err, sizeof err) == 0);
    CHECK(strstr(a.path, "/libtbbmalloc_proxy.so.2") != NULL);
    registry_version(&a, version, sizeof version);
    CHECK(version[0] != '\0');
    CHECK(registry_lookup("scudo", &a, err, sizeof err) == 0);
    CHECK(strstr(a.path, "/lib/linux/libclang_rt.scudo_standalone-") && access(a.path, R_OK) == 0);
    registry_version(&a, version, sizeof version);
    CHECK(version[0] != '\0');
}

static void custom_and_unknown_names(void)
{
    struct allocator a;
    char err[256];
    CHECK(registry_lookup("mine:/bin/sh", &a, err, sizeof err) == 0);
    CHECK_STR(a.name, "mine");
    CHECK(registry_lookup("mine:/no/such/lib.so", &a, err, sizeof err) != 0 && strstr(err, "/no/such/lib.so"));
    CHECK(registry_lookup(":/bin/sh", &a, err, sizeof err) != 0 && strstr(err, "NAME:/path"));
    CHECK(registry_lookup("nosuch", &a, err, sizeof err) != 0 && strstr(err, "unknown allocator 'nosuch'"));
}

static void built_in_and_set_names_are_not_given_to_other_libraries(void)
{
    struct allocator a;
    char err[256];
    for (size_t i = 0; i < registry_builtin_count(); i++) {
        registry_builtin(i, &a);
        char spec[128];
        snprintf(spec, sizeof spec, "%s:/bin/sh", a.name);
        CHECK(registry_lookup(spec, &a, err, sizeof err) != 0 && strstr(err, "built-in allocator's or set's name"));
    }
    for (int set = 0; registry_set_name(set); set++) {
        char spec[128];
        snprintf(spec, sizeof spec, "%s:/bin/sh", registry_set_name(set));
        CHECK(registry_lookup(spec, &a, err, sizeof err) != 0);
    }
}

/* The default set is every built-in but the ablations; "all" is every one;
 * the table decides, by each entry's role. */
static void sets_follow_each_entrys_role(void)
{
    int def = registry_set("default"), abl = registry_set("ablations"), all = registry_set("all");
    CHECK(def >= 0 && abl >= 0 && all >= 0 && registry_set("nosuch") < 0);
    size_t in_default = 0, ablations = 0;
    for (size_t i = 0; i < registry_builtin_count(); i++) {
        struct allocator a;
        registry_builtin(i, &a);
        CHECK(registry_set_has(all, &a));
        CHECK(registry_set_has(def, &a) == (a.role == ROLE_COMPARED));
        CHECK(registry_set_has(abl, &a) == (a.role == ROLE_ABLATION));
        in_default += registry_set_has(def, &a);
        ablations += registry_set_has(abl, &a);
        if (strcmp(a.name, "glibc") == 0 || strcmp(a.name, "nextgen") == 0 || strcmp(a.name, "mimalloc") == 0)
            CHECK(registry_set_has(def, &a));
    }
    CHECK(in_default > 0 && ablations > 0);
}

int main(void)
{
    builtins_come_in_the_documented_order();
    glibc_preloads_nothing_and_nextgen_sets_its_mode();
    only_nextgen_has_settings_and_variables();
    server_limit_is_nextgens();
    system_allocators_are_found_when_their_package_is_installed();
    tbbmalloc_and_scudo_are_found_with_their_versions();
    custom_and_unknown_names();
    built_in_and_set_names_are_not_given_to_other_libraries();
    sets_follow_each_entrys_role();
    return CHECK_DONE();
}
