/* cmd/list_cmd.c: `ngbench list [allocators|workloads|events]`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/exit_codes.h"
#include "cmd/commands.h"
#include "harness/registry.h"
#include "pmu/pmu.h"
#include "workloads/catalog.h"

static void list_allocators(FILE *out)
{
    fprintf(out, "allocators:\n");
    for (size_t i = 0; i < registry_builtin_count(); i++) {
        struct allocator a;
        registry_builtin(i, &a);
        char version[128] = "";
        if (a.installed)
            registry_version(&a, version, sizeof version);
        const char *where = a.path[0] ? a.path : "(the C library; nothing preloaded)";
        if (a.installed)
            fprintf(out, "  %-17s %-19s %s%s%s%s\n", a.name, version[0] ? version : "-", where,
                     a.env[0] ? "  " : "", a.env[0] ? a.env[0] : "", a.role == ROLE_ABLATION ? "  (ablation)" : "");
        else if (a.package)
            fprintf(out, "  %-17s not installed: apt-get install %s\n", a.name, a.package);
        else
            fprintf(out, "  %-17s not built: %s missing (run ninja in the build folder)\n", a.name, a.path);
    }
    fprintf(out, "  any other library: --allocator=NAME:/path/to/lib.so\n");
    for (int set = 0; registry_set_name(set); set++) {
        fprintf(out, "  set %-9s:", registry_set_name(set));
        for (size_t i = 0; i < registry_builtin_count(); i++) {
            struct allocator a;
            registry_builtin(i, &a);
            if (registry_set_has(set, &a))
                fprintf(out, " %s", a.name);
        }
        fprintf(out, "%s\n", set == 0 ? "  (what run compares when --allocator is not given)" : "");
    }
}

static void list_workload_params(FILE *out, const struct workload *w)
{
    for (int size = WL_SIZE_TINY; size <= WL_SIZE_FULL; size++) {
        json_t *params = workload_params(w, (enum wl_size)size);
        json_object_del(params, "size");
        char *text = json_dumps(params, JSON_COMPACT | JSON_SORT_KEYS);
        fprintf(out, "      %-6s %s\n", wl_size_name((enum wl_size)size), text ? text : "?");
        free(text);
        json_decref(params);
    }
}

static void list_workloads(FILE *out)
{
    fprintf(out, "workloads:\n");
    for (size_t i = 0; i < workload_count(); i++) {
        const struct workload *w = workload_at(i);
        char why[256];
        char threads[32] = "single-threaded";
        if (w->threaded)
            snprintf(threads, sizeof threads, "--threads (default %d)", w->default_threads);
        fprintf(out, "  %-14s %-22s %s\n", w->name, threads, w->summary);
        if (!workload_available(w, why, sizeof why))
            fprintf(out, "      NOT AVAILABLE: %s\n", why);
        list_workload_params(out, w);
    }
    const char *set;
    for (size_t s = 0; (set = workload_set_name(s)); s++) {
        const char *const *names;
        int n = workload_set(set, &names);
        enum wl_size size;
        fprintf(out, "  set %-6s", set);
        if (workload_set_size(set, &size) == 0)
            fprintf(out, " (size %s)", wl_size_name(size));
        fputc(':', out);
        for (int k = 0; k < n; k++)
            fprintf(out, " %s", names[k]);
        fputc('\n', out);
    }
    fprintf(out, "  sizes: tiny (under a second), quick (seconds), full (as the original benchmark)\n");
}

static int list_events(FILE *out)
{
    char err[256];
    if (pmu_list_events(out, err, sizeof err) == 0)
        return EXIT_OK;
    fprintf(stderr, "ngbench list: events: %s\n", err);
    return EXIT_FAILED;
}

static void print_usage(FILE *out)
{
    fprintf(out, "usage: ngbench list [allocators|workloads|events]\n"
                 "Shows what is available on this machine (default: allocators and workloads).\n");
}

int cmd_list(int argc, char **argv)
{
    char *topic[1];
    size_t ntopics;
    int rc = command_line(argc, argv, NULL, 0, topic, 1, &ntopics, print_usage);
    if (rc >= 0)
        return rc;
    const char *what = ntopics ? topic[0] : "all";
    if (strcmp(what, "allocators") == 0) {
        list_allocators(stdout);
        return EXIT_OK;
    }
    if (strcmp(what, "workloads") == 0) {
        list_workloads(stdout);
        return EXIT_OK;
    }
    if (strcmp(what, "events") == 0)
        return list_events(stdout);
    if (strcmp(what, "all") == 0) {
        list_allocators(stdout);
        list_workloads(stdout);
        return EXIT_OK;
    }
    fprintf(stderr, "ngbench list: unknown topic '%s' (want allocators, workloads or events)\n", what);
    return EXIT_USAGE;
}
