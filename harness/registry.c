/* harness/registry.c: built-in allocators and where they live (see registry.h). */
#include "harness/registry.h"

#include <dlfcn.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/capture.h"

enum location { IN_SYSTEM, IN_BUILD_TREE, NOWHERE };

struct builtin {
    const char *name;
    const char *file;          /* library file name, or path relative to the build root */
    enum location where;
    const char *package;
    const char *mode;          /* NGMALLOC_MODE for the NextGen variants */
};

static const struct builtin builtins[] = {
    { "glibc", NULL, NOWHERE, "libc6", NULL },
    { "jemalloc", "libjemalloc.so.2", IN_SYSTEM, "libjemalloc2", NULL },
    { "tcmalloc", "libtcmalloc.so.4", IN_SYSTEM, "libgoogle-perftools4", NULL },
    { "tcmalloc-minimal", "libtcmalloc_minimal.so.4", IN_SYSTEM, "libtcmalloc-minimal4", NULL },
    { "mimalloc", "libmimalloc.so.2", IN_SYSTEM, "libmimalloc2.0", NULL },
    { "nextgen", "allocators/nextgen/libngmalloc.so", IN_BUILD_TREE, NULL, "NGMALLOC_MODE=offload" },
    { "nextgen-sync", "allocators/nextgen/libngmalloc.so", IN_BUILD_TREE, NULL, "NGMALLOC_MODE=sync" },
    { "nextgen-inline", "allocators/nextgen/libngmalloc.so", IN_BUILD_TREE, NULL, "NGMALLOC_MODE=inline" },
};

size_t registry_builtin_count(void)
{
    return sizeof builtins / sizeof builtins[0];
}

const char *registry_build_root(void)
{
    static char root[PATH_MAX];
    if (root[0])
        return root;
    const char *env = getenv("NGBENCH_BUILD_ROOT");
    if (env && *env) {
        snprintf(root, sizeof root, "%s", env);
        return root;
    }
    /* ngbench is built at ROOT/ngbench (the root meson.build). */
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return strcpy(root, ".");
    exe[n] = '\0';
    snprintf(root, sizeof root, "%s", dirname(exe));
    return root;
}

/* The folder holding the C library ngbench itself runs with: the system's
 * library folder for this architecture (/usr/lib/x86_64-linux-gnu on Debian). */
static const char *system_lib_dir(void)
{
    static char dir[PATH_MAX];
    Dl_info info;
    if (!dir[0] && dladdr((void *)printf, &info) && info.dli_fname) {
        char resolved[PATH_MAX];
        if (realpath(info.dli_fname, resolved))
            snprintf(dir, sizeof dir, "%s", dirname(resolved));
    }
    return dir;
}

static bool find_system_library(const char *file, char *out, size_t outlen)
{
    const char *dirs[] = { system_lib_dir(), "/usr/local/lib", "/usr/lib", "/lib" };
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        if (!dirs[i][0])
            continue;
        if ((size_t)snprintf(out, outlen, "%s/%s", dirs[i], file) < outlen && access(out, R_OK) == 0)
            return true;
    }
    /* Not found: name where it would be, for the "not installed" message. */
    if ((size_t)snprintf(out, outlen, "%s/%s", system_lib_dir(), file) >= outlen)
        out[0] = '\0';
    return false;
}

void registry_builtin(size_t i, struct allocator *out)
{
    const struct builtin *b = &builtins[i];
    memset(out, 0, sizeof *out);
    snprintf(out->name, sizeof out->name, "%s", b->name);
    out->package = b->package;
    switch (b->where) {
    case NOWHERE:
        out->installed = true;
        break;
    case IN_SYSTEM:
        out->installed = find_system_library(b->file, out->path, sizeof out->path);
        break;
    case IN_BUILD_TREE:
        snprintf(out->path, sizeof out->path, "%s/%s", registry_build_root(), b->file);
        out->installed = access(out->path, R_OK) == 0;
        out->env[0] = b->mode;
        out->stats_env = "NGMALLOC_STATS";
        out->server_cpu_env = "NGMALLOC_CPU";
        out->servers_env = "NGMALLOC_SERVERS";
        break;
    }
}

static int lookup_custom(const char *spec, const char *colon, struct allocator *out,
                         char *err, size_t errlen)
{
    size_t name_len = (size_t)(colon - spec);
    if (name_len == 0 || name_len >= sizeof out->name || colon[1] == '\0') {
        snprintf(err, errlen, "bad allocator '%s' (want NAME:/path/to/lib.so)", spec);
        return -1;
    }
    memset(out, 0, sizeof *out);
    memcpy(out->name, spec, name_len);
    if (!realpath(colon + 1, out->path)) {
        snprintf(err, errlen, "allocator '%s': %s: no such file", out->name, colon + 1);
        return -1;
    }
    out->installed = true;
    return 0;
}

int registry_lookup(const char *spec, struct allocator *out, char *err, size_t errlen)
{
    const char *colon = strchr(spec, ':');
    if (colon)
        return lookup_custom(spec, colon, out, err, errlen);
    for (size_t i = 0; i < registry_builtin_count(); i++) {
        if (strcmp(builtins[i].name, spec) != 0)
            continue;
        registry_builtin(i, out);
        if (out->installed)
            return 0;
        if (out->package)
            snprintf(err, errlen, "allocator '%s' is not installed (%s missing): apt-get install %s",
                     spec, out->path, out->package);
        else
            snprintf(err, errlen, "allocator '%s' is not built (%s missing): run ninja in the build folder",
                     spec, out->path);
        return -1;
    }
    snprintf(err, errlen, "unknown allocator '%s' (see 'ngbench list allocators')", spec);
    return -1;
}

/* "libmimalloc.so.2.0" -> "2.0": what the file name says when dpkg knows nothing. */
static void version_from_file_name(const char *path, char *buf, size_t buflen)
{
    char resolved[PATH_MAX];
    const char *so = NULL;
    if (realpath(path, resolved))
        so = strstr(basename(resolved), ".so.");
    snprintf(buf, buflen, "%s", so ? so + 4 : "");
}

/* The Debian package owning a file, asked under both names a merged /usr
 * gives it (/usr/lib/x and /lib/x): dpkg knows only the one it installed. */
static bool owning_package(const char *path, char *pkg, size_t pkglen)
{
    char alias[PATH_MAX + 8];
    if (strncmp(path, "/usr/lib/", 9) == 0)
        snprintf(alias, sizeof alias, "%s", path + 4);
    else
        snprintf(alias, sizeof alias, "/usr%s", path);
    const char *names[] = { path, alias };
    for (size_t i = 0; i < 2; i++) {
        char *search[] = { "dpkg-query", "-S", (char *)names[i], NULL };
        if (capture_output(search, pkg, pkglen) != 0)
            continue;
        /* "libjemalloc2:amd64: /usr/lib/..." -> "libjemalloc2:amd64" */
        char *sep = strstr(pkg, ": ");
        if (sep) {
            *sep = '\0';
            return true;
        }
    }
    return false;
}

void registry_version(const struct allocator *a, char *buf, size_t buflen)
{
    /* glibc's version is the C library's package version. */
    char target[PATH_MAX + 16];
    if (a->path[0])
        snprintf(target, sizeof target, "%s", a->path);
    else
        snprintf(target, sizeof target, "%s/libc.so.6", system_lib_dir());
    char pkg[512];
    char *show[] = { "dpkg-query", "-W", "-f=${Version}", pkg, NULL };
    if (!owning_package(target, pkg, sizeof pkg) || capture_output(show, buf, buflen) != 0)
        version_from_file_name(target, buf, buflen);
}
