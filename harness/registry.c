/* harness/registry.c: built-in allocators and where they live (see registry.h). */
#include "harness/registry.h"

#include <dlfcn.h>
#include <glob.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "harness/capture.h"

/* IN_LLVM: LLVM's runtime folder, whose path names its version
 * (/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/); the file's name is
 * `file`, this machine's architecture (x86_64) and ".so". */
enum location { NOWHERE, IN_SYSTEM, IN_BUILD_TREE, IN_LLVM };

/* The variables of its environment an allocator answers to that ngbench
 * sets or reads (NULL: none of that kind). */
struct allocator_vars {
    const char *stats;         /* names a statistics file it writes at exit */
    const char *server_cpu;    /* names the CPUs of its server threads */
    const char *servers;       /* how many server threads it runs */
};

/* NextGen-Malloc's (allocators/nextgen/README.md). */
static const struct allocator_vars ngmalloc_vars = {
    .stats = "NGMALLOC_STATS", .server_cpu = "NGMALLOC_CPU", .servers = "NGMALLOC_SERVERS",
};

#define NGMALLOC_FILE "allocators/nextgen/libngmalloc.so"

struct builtin {
    const char *name;
    const char *file;          /* library file name, or path relative to the build root */
    enum location where;       /* NOWHERE: nothing preloaded (glibc) */
    const char *package;       /* Debian package, for "not installed" */
    const char *settings[ALLOCATOR_MAX_ENV + 1];   /* "KEY=VALUE" every run of it gets */
    const struct allocator_vars *vars;
    enum allocator_role role;  /* compared (the default set) or an ablation */
};

/* One line per allocator; `ngbench list allocators` shows them in this order. */
static const struct builtin builtins[] = {
    { .name = "glibc", .where = NOWHERE, .package = "libc6" },
    { .name = "jemalloc", .file = "libjemalloc.so.2", .where = IN_SYSTEM, .package = "libjemalloc2" },
    { .name = "tcmalloc", .file = "libtcmalloc.so.4", .where = IN_SYSTEM, .package = "libgoogle-perftools4" },
    { .name = "tcmalloc-minimal", .file = "libtcmalloc_minimal.so.4", .where = IN_SYSTEM,
      .package = "libtcmalloc-minimal4" },
    { .name = "mimalloc", .file = "libmimalloc.so.2", .where = IN_SYSTEM, .package = "libmimalloc2.0" },
    /* oneTBB's scalable allocator: its proxy library replaces malloc. */
    { .name = "tbbmalloc", .file = "libtbbmalloc_proxy.so.2", .where = IN_SYSTEM, .package = "libtbbmalloc2" },
    /* LLVM's standalone Scudo, the hardened allocator of Android and Fuchsia. */
    { .name = "scudo", .file = "libclang_rt.scudo_standalone-", .where = IN_LLVM,
      .package = "libclang-rt-14-dev" },
    { .name = "nextgen", .file = NGMALLOC_FILE, .where = IN_BUILD_TREE,
      .settings = { "NGMALLOC_MODE=auto" }, .vars = &ngmalloc_vars },
    { .name = "nextgen-offload", .file = NGMALLOC_FILE, .where = IN_BUILD_TREE, .role = ROLE_ABLATION,
      .settings = { "NGMALLOC_MODE=offload" }, .vars = &ngmalloc_vars },
    { .name = "nextgen-inplace", .file = NGMALLOC_FILE, .where = IN_BUILD_TREE, .role = ROLE_ABLATION,
      .settings = { "NGMALLOC_MODE=inplace" }, .vars = &ngmalloc_vars },
    { .name = "nextgen-sync", .file = NGMALLOC_FILE, .where = IN_BUILD_TREE, .role = ROLE_ABLATION,
      .settings = { "NGMALLOC_MODE=sync" }, .vars = &ngmalloc_vars },
    { .name = "nextgen-inline", .file = NGMALLOC_FILE, .where = IN_BUILD_TREE, .role = ROLE_ABLATION,
      .settings = { "NGMALLOC_MODE=inline" }, .vars = &ngmalloc_vars },
};

/* The sets --allocator takes, and which built-ins (installed or not) each holds. */
static const struct {
    const char *name;
    bool ablations, compared;
} sets[] = {
    { "default", false, true },
    { "ablations", true, false },
    { "all", true, true },
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
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return strcpy(root, ".");
    exe[n] = '\0';
    const char *dir = dirname(exe);
    /* Built, ngbench sits at the build tree's root, beside harness/ngprobe
     * (the root meson.build); installed, its files are at a path relative
     * to its own folder that the build compiled in. */
    char probe[PATH_MAX + 32], installed[PATH_MAX + sizeof NGBENCH_PRIVATE_FROM_BIN];
    snprintf(probe, sizeof probe, "%s/harness/ngprobe", dir);
    snprintf(installed, sizeof installed, "%s/%s", dir, NGBENCH_PRIVATE_FROM_BIN);
    if (access(probe, X_OK) == 0)
        snprintf(root, sizeof root, "%s", dir);
    else if (!realpath(installed, root))
        snprintf(root, sizeof root, "%s", installed);
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

const char *registry_c_library(void)
{
    static char path[PATH_MAX];
    if (!path[0])
        snprintf(path, sizeof path, "%s/libc.so.6", system_lib_dir());
    return path;
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

/* The newest LLVM's copy of a runtime library for this machine's architecture. */
static bool find_llvm_library(const char *file, char *out, size_t outlen)
{
    struct utsname machine;
    char pattern[512];
    if (uname(&machine) != 0)
        return false;
    snprintf(pattern, sizeof pattern, "/usr/lib/llvm-*/lib/clang/*/lib/linux/%s%s.so", file, machine.machine);
    glob_t found;
    memset(&found, 0, sizeof found);
    bool ok = glob(pattern, 0, NULL, &found) == 0 && found.gl_pathc > 0;
    /* The last in name order (one LLVM on Debian 12). Not found: the pattern, for the message. */
    snprintf(out, outlen, "%s", ok ? found.gl_pathv[found.gl_pathc - 1] : pattern);
    globfree(&found);
    return ok;
}

void registry_builtin(size_t i, struct allocator *out)
{
    const struct builtin *b = &builtins[i];
    memset(out, 0, sizeof *out);
    snprintf(out->name, sizeof out->name, "%s", b->name);
    out->package = b->package;
    out->role = b->role;
    for (size_t k = 0; b->settings[k]; k++)
        out->env[k] = b->settings[k];
    if (b->vars) {
        out->stats_env = b->vars->stats;
        out->server_cpu_env = b->vars->server_cpu;
        out->servers_env = b->vars->servers;
    }
    switch (b->where) {
    case NOWHERE:
        out->installed = true;
        break;
    case IN_SYSTEM:
        out->installed = find_system_library(b->file, out->path, sizeof out->path);
        break;
    case IN_LLVM:
        out->installed = find_llvm_library(b->file, out->path, sizeof out->path);
        break;
    case IN_BUILD_TREE:
        snprintf(out->path, sizeof out->path, "%s/%s", registry_build_root(), b->file);
        out->installed = access(out->path, R_OK) == 0;
        break;
    }
}

int registry_set(const char *name)
{
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++)
        if (strcmp(sets[i].name, name) == 0)
            return (int)i;
    return -1;
}

const char *registry_set_name(int set)
{
    return set >= 0 && (size_t)set < sizeof sets / sizeof sets[0] ? sets[set].name : NULL;
}

bool registry_set_has(int set, const struct allocator *a)
{
    return a->role == ROLE_ABLATION ? sets[set].ablations : sets[set].compared;
}

/* A built-in's name or a set's, which a library named by path may not take:
 * results labelled "jemalloc" must be jemalloc's. */
static bool reserved_name(const char *name)
{
    for (size_t i = 0; i < registry_builtin_count(); i++)
        if (strcmp(builtins[i].name, name) == 0)
            return true;
    return registry_set(name) >= 0;
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
    if (reserved_name(out->name)) {
        snprintf(err, errlen, "allocator '%s': '%s' is a built-in allocator's or set's name; "
                 "give this library another name", spec, out->name);
        return -1;
    }
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

/* A merged /usr gives a file two names (/usr/lib/x and /lib/x): the other one. */
static void other_name(const char *path, char *alias, size_t len)
{
    if (strncmp(path, "/usr/lib/", 9) == 0)
        snprintf(alias, len, "%s", path + 4);
    else
        snprintf(alias, len, "/usr%s", path);
}

static bool has_line(const char *text, const char *line)
{
    size_t n = strlen(line);
    for (const char *p = text; (p = strstr(p, line)); p += n)
        if ((p == text || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
            return true;
    return false;
}

/* Whether dpkg lists path, under either name, among package's files.
 * Reading one package's list takes milliseconds where searching every
 * package's (dpkg-query -S) takes half a second per name. */
static bool package_lists(const char *package, const char *path)
{
    char alias[PATH_MAX + 8];
    other_name(path, alias, sizeof alias);
    size_t len = 1 << 17;
    char *files = malloc(len);
    char *list[] = { "dpkg-query", "-L", (char *)package, NULL };
    bool found = files && capture_output(list, files, len) == 0 && (has_line(files, path) || has_line(files, alias));
    free(files);
    return found;
}

/* The Debian package owning a file, asked under both names in one search
 * (its exit status is 1 when one name is unknown; the other's line counts). */
static bool owning_package(const char *path, char *pkg, size_t pkglen)
{
    char alias[PATH_MAX + 8];
    other_name(path, alias, sizeof alias);
    char *search[] = { "dpkg-query", "-S", (char *)path, alias, NULL };
    if (capture_output(search, pkg, pkglen) < 0)
        return false;
    /* The first line, "libjemalloc2:amd64: /usr/lib/..." -> "libjemalloc2:amd64" */
    pkg[strcspn(pkg, "\n")] = '\0';
    char *sep = strstr(pkg, ": /");
    if (sep)
        *sep = '\0';
    return sep != NULL;
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
    bool known = a->package && package_lists(a->package, target);
    if (known)
        snprintf(pkg, sizeof pkg, "%s", a->package);
    if ((!known && !owning_package(target, pkg, sizeof pkg)) || capture_output(show, buf, buflen) != 0)
        version_from_file_name(target, buf, buflen);
}
