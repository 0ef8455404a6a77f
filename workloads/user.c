/* workloads/user.c: users' workloads: defining, running and checking them (see user.h). */
#include "workloads/user.h"
#include "workloads/catalog_parts.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- Running and checking ---- */

static struct user_workload *user_of(const struct workload *w)
{
    return (struct user_workload *)w;   /* base is the first member */
}

static json_t *string_array(char *const *items)
{
    json_t *a = json_array();
    for (size_t i = 0; a && items && items[i]; i++)
        json_array_append_new(a, json_string(items[i]));
    return a;
}

/* What a run records: the size, the command as given, and its settings. */
static json_t *command_params(const struct user_workload *u, enum wl_size size)
{
    json_t *argv = string_array(u->argv), *env = json_object();
    for (size_t i = 0; argv && u->size_args[size] && u->size_args[size][i]; i++)
        json_array_append_new(argv, json_string(u->size_args[size][i]));
    for (size_t i = 0; env && u->env && u->env[i]; i++) {
        const char *eq = strchr(u->env[i], '=');
        char *key = strndup(u->env[i], (size_t)(eq - u->env[i]));
        json_object_set_new(env, key, json_string(eq + 1));
        free(key);
    }
    json_t *params = json_pack("{s:s,s:o}", "size", wl_size_name(size), "argv", argv);
    if (params && json_object_size(env))
        json_object_set(params, "env", env);
    if (params && u->stdin_given)
        json_object_set_new(params, "stdin", json_string(u->stdin_given));
    if (params && u->cwd_given)
        json_object_set_new(params, "cwd", json_string(u->cwd_given));
    json_decref(env);
    return params;
}

static int user_command(const struct workload *w, const struct wl_params *p, struct wl_command *cmd,
                        char *err, size_t errlen)
{
    const struct user_workload *u = user_of(w);
    int rc = wl_push_arg(cmd, "%s", u->program);
    for (size_t i = 1; rc == 0 && u->argv[i]; i++)
        rc = wl_push_arg(cmd, "%s", u->argv[i]);
    for (size_t i = 0; rc == 0 && u->size_args[p->size] && u->size_args[p->size][i]; i++)
        rc = wl_push_arg(cmd, "%s", u->size_args[p->size][i]);
    for (size_t i = 0; rc == 0 && u->env[i]; i++)
        rc = wl_push_env(cmd, u->env[i]);
    if (rc == 0 && ((u->stdin_path && !(cmd->stdin_path = strdup(u->stdin_path)))
                    || (u->cwd && !(cmd->cwd = strdup(u->cwd)))
                    || asprintf(&cmd->stdout_path, "%s/stdout", p->run_dir) < 0
                    || !(cmd->params = command_params(u, p->size))))
        rc = -1;
    if (rc != 0) {
        cmd->stdout_path = NULL;
        snprintf(err, errlen, "%s: cannot build the command line (more than %d arguments or %d settings?)",
                 w->name, WL_MAX_ARGS, WL_MAX_ENV);
    }
    return rc;
}

/* A metric's number on this line, if its pattern matches with one in its group. */
static bool metric_on_line(const struct user_metric *m, const char *line, double *value)
{
    regmatch_t group[2];
    char number[64], *end;
    if (regexec(&m->compiled, line, 2, group, 0) != 0 || group[1].rm_so < 0)
        return false;
    int n = (int)(group[1].rm_eo - group[1].rm_so);
    if (n <= 0 || n >= (int)sizeof number)
        return false;
    snprintf(number, sizeof number, "%.*s", n, line + group[1].rm_so);
    *value = strtod(number, &end);
    return *end == '\0';
}

/* Lines that carry figures, which change from run to run: ngbench-result
 * lines, and lines a metric reads a number from. */
static bool figure_line(const struct user_workload *u, const char *line, json_t *metrics)
{
    bool figures = strncmp(line, "ngbench-result:", 15) == 0;
    for (size_t m = 0; m < u->n_metrics; m++) {
        double v;
        if (!metric_on_line(&u->metrics[m], line, &v))
            continue;
        figures = true;
        if (metrics)   /* the last line that matches wins */
            json_object_set_new(metrics, u->metrics[m].name, json_real(v));
    }
    return figures;
}

/* One pass over an output file: the SHA-256 of every line but the figure
 * lines, and (when metrics is not NULL) the metrics read from those. */
static int read_output(const struct user_workload *u, const char *path, char digest[SHA256_HEX_LEN + 1],
                       json_t *metrics, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
        return -1;
    }
    struct sha256 hash;
    sha256_init(&hash);
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) > 0) {
        bool newline = line[len - 1] == '\n';
        line[len - newline] = '\0';
        if (!figure_line(u, line, metrics)) {
            line[len - newline] = '\n';
            sha256_update(&hash, line, (size_t)len);
        }
    }
    free(line);
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        snprintf(err, errlen, "cannot read %s: read error", path);
        return -1;
    }
    sha256_hex(&hash, digest);
    return 0;
}

static int user_verify(const struct workload *w, const struct wl_params *p, const struct wl_command *cmd,
                       json_t *run, char *err, size_t errlen)
{
    const struct user_workload *u = user_of(w);
    char digest[SHA256_HEX_LEN + 1];
    json_t *metrics = json_object_get(run, "metrics");
    if (read_output(u, cmd->stdout_path, digest, metrics, err, errlen) != 0)
        return -1;
    json_object_set_new(run, "stdout_sha256", json_string(digest));
    for (size_t m = 0; m < u->n_metrics; m++)
        if (!json_object_get(metrics, u->metrics[m].name)) {
            snprintf(err, errlen, "metric %s: no line of the output matches /%s/ with a number in its group",
                     u->metrics[m].name, u->metrics[m].pattern);
            return -1;
        }
    const char *want = u->expected[p->size];
    if (want[0] && strcmp(want, digest) != 0) {
        snprintf(err, errlen, "stdout (figure lines left out) has SHA-256 %s, not the expected %s", digest, want);
        return -1;
    }
    return 0;
}

/* ---- The set ---- */

struct user_workload *user_new(struct user_set *set)
{
    struct user_workload **grown = realloc(set->items, (set->n + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    set->items = grown;
    struct user_workload *u = calloc(1, sizeof *u);
    if (!u)
        return NULL;
    u->base.default_threads = 1;
    u->base.command = user_command;
    u->base.verify = user_verify;
    set->items[set->n++] = u;
    return u;
}

const struct workload *user_find(const struct user_set *set, const char *name)
{
    for (size_t i = 0; i < set->n; i++)
        if (strcmp(set->items[i]->name, name) == 0)
            return &set->items[i]->base;
    return NULL;
}

static void free_strings(char **items)
{
    for (size_t i = 0; items && items[i]; i++)
        free(items[i]);
    free(items);
}

void user_set_free(struct user_set *set)
{
    for (size_t i = 0; i < set->n; i++) {
        struct user_workload *u = set->items[i];
        free(u->summary);
        free_strings(u->argv);
        free(u->program);
        for (int s = 0; s < 3; s++)
            free_strings(u->size_args[s]);
        free(u->stdin_given);
        free(u->cwd_given);
        free(u->stdin_path);
        free(u->cwd);
        free_strings(u->env);
        for (size_t m = 0; m < u->n_metrics; m++) {
            free(u->metrics[m].pattern);
            regfree(&u->metrics[m].compiled);
        }
        free(u);
    }
    free(set->items);
    memset(set, 0, sizeof *set);
}

/* ---- Checking a definition ---- */

static int fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

static bool valid_name(const char *name)
{
    size_t n = strlen(name);
    return n > 0 && n <= USER_NAME_MAX && strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                      "0123456789._+-") == n;
}

static int check_name(const struct user_set *set, const struct user_workload *u, char *err, size_t errlen)
{
    const char *const *names;
    if (!valid_name(u->name))
        return fail(err, errlen, "bad name '%s' (want 1 to %d letters, digits and . _ + -)", u->name,
                    USER_NAME_MAX);
    if (workload_find(u->name) || workload_set(u->name, &names) >= 0)
        return fail(err, errlen, "'%s' is the name of a built-in workload or set: choose another", u->name);
    for (size_t i = 0; i < set->n && set->items[i] != u; i++)
        if (strcmp(set->items[i]->name, u->name) == 0)
            return fail(err, errlen, "workload '%s' is defined twice", u->name);
    return 0;
}

/* path made absolute against base_dir (NULL: the working folder). */
static char *absolute(const char *path, const char *base_dir)
{
    char here[PATH_MAX], *joined;
    if (path[0] == '/')
        return strdup(path);
    if (!base_dir && !(base_dir = getcwd(here, sizeof here)))
        return NULL;
    return asprintf(&joined, "%s/%s", base_dir, path) < 0 ? NULL : joined;
}

static int check_file(char **out, const char *given, const char *base_dir, bool folder, char *err,
                      size_t errlen)
{
    struct stat st;
    if (!(*out = absolute(given, base_dir)))
        return fail(err, errlen, "%s: out of memory", given);
    if (stat(*out, &st) != 0)
        return fail(err, errlen, "%s: %s", given, strerror(errno));
    if (folder != S_ISDIR(st.st_mode))
        return fail(err, errlen, "%s: %s", given, folder ? "not a folder" : "a folder, not a file");
    if (access(*out, folder ? X_OK : R_OK) != 0)
        return fail(err, errlen, "%s: %s", given, strerror(errno));
    return 0;
}

static bool executable_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* The file a shell would run for argv[0]: a path (relative to the folder
 * the command runs in), else the first executable in PATH (the command's
 * own PATH setting when it has one). */
static int find_program(struct user_workload *u, char *err, size_t errlen)
{
    const char *given = u->argv[0];
    if (!given || !given[0])
        return fail(err, errlen, "no program given");
    if (strchr(given, '/')) {
        if (!(u->program = absolute(given, u->cwd)))
            return fail(err, errlen, "%s: out of memory", given);
        if (access(u->program, F_OK) != 0)
            return fail(err, errlen, "%s: no such file", given);
        return executable_file(u->program) ? 0 : fail(err, errlen, "%s: not an executable file", given);
    }
    const char *path = getenv("PATH");
    for (size_t i = 0; u->env[i]; i++)
        if (strncmp(u->env[i], "PATH=", 5) == 0)
            path = u->env[i] + 5;
    char *dirs = strdup(path ? path : "/usr/local/bin:/usr/bin:/bin"), *save = NULL;
    for (char *dir = strtok_r(dirs, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
        char *candidate = absolute(given, dir);
        if (candidate && executable_file(candidate)) {
            u->program = candidate;
            break;
        }
        free(candidate);
    }
    free(dirs);
    return u->program ? 0 : fail(err, errlen, "%s: not found in PATH", given);
}

int user_resolve(struct user_set *set, struct user_workload *u, const char *base_dir, const char **field,
                 char *err, size_t errlen)
{
    u->base.name = u->name;
    u->base.summary = u->summary;
    if ((*field = "name", check_name(set, u, err, errlen)) != 0)
        return -1;
    const char *cwd = u->cwd_given ? u->cwd_given : base_dir;
    if (cwd && (*field = "cwd", check_file(&u->cwd, cwd, base_dir, true, err, errlen)) != 0)
        return -1;
    if (u->stdin_given && (*field = "stdin", check_file(&u->stdin_path, u->stdin_given, base_dir, false, err, errlen)) != 0)
        return -1;
    if ((*field = "command", find_program(u, err, errlen)) != 0)
        return -1;
    u->base.program = u->program;
    return 0;
}

int user_expected_digest(const struct user_workload *u, const char *value, const char *base_dir,
                         char out[SHA256_HEX_LEN + 1], char *err, size_t errlen)
{
    if (strncmp(value, "sha256:", 7) == 0) {
        const char *hex = value + 7;
        if (strlen(hex) != SHA256_HEX_LEN || strspn(hex, "0123456789abcdefABCDEF") != SHA256_HEX_LEN)
            return fail(err, errlen, "'%s' is not sha256: and 64 hex digits", value);
        for (size_t i = 0; i <= SHA256_HEX_LEN; i++)
            out[i] = (char)(hex[i] >= 'A' && hex[i] <= 'F' ? hex[i] - 'A' + 'a' : hex[i]);
        return 0;
    }
    char *path = absolute(value, base_dir);
    int rc = path ? read_output(u, path, out, NULL, err, errlen) : fail(err, errlen, "%s: out of memory", value);
    free(path);
    return rc;
}

int user_add_metric(struct user_workload *u, const char *name, const char *pattern, char *err, size_t errlen)
{
    if (u->n_metrics == USER_MAX_METRICS)
        return fail(err, errlen, "more than %d metrics", USER_MAX_METRICS);
    if (!valid_name(name))
        return fail(err, errlen, "bad metric name '%s' (want letters, digits and . _ + -)", name);
    struct user_metric *m = &u->metrics[u->n_metrics];
    int rc = regcomp(&m->compiled, pattern, REG_EXTENDED);
    if (rc != 0) {
        char why[128];
        regerror(rc, &m->compiled, why, sizeof why);
        return fail(err, errlen, "pattern /%s/: %s", pattern, why);
    }
    if (m->compiled.re_nsub < 1) {
        regfree(&m->compiled);
        return fail(err, errlen, "pattern /%s/ has no group: put the number in ( )", pattern);
    }
    snprintf(m->name, sizeof m->name, "%s", name);
    m->pattern = strdup(pattern);
    u->n_metrics++;
    return 0;
}

int user_check_env(const char *setting, char *err, size_t errlen)
{
    const char *eq = strchr(setting, '=');
    if (!eq || eq == setting)
        return fail(err, errlen, "bad setting '%s' (want KEY=VALUE)", setting);
    if (strncmp(setting, "LD_PRELOAD=", 11) == 0)
        return fail(err, errlen, "LD_PRELOAD cannot be set: ngbench preloads the allocator under test");
    return 0;
}

/* ---- A command from ngbench run's command line ---- */

/* The option a definition's field came from, as a message prefix. */
static const char *option_of(const char *field)
{
    static const char *const options[][2] = { { "name", "--name: " }, { "cwd", "--cwd: " }, { "stdin", "--stdin: " } };
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
        if (strcmp(field, options[i][0]) == 0)
            return options[i][1];
    return "";
}

static char **copy_strings(char *const *items, size_t n)
{
    char **copy = calloc(n + 1, sizeof *copy);
    for (size_t i = 0; copy && i < n; i++)
        if (!(copy[i] = strdup(items[i]))) {
            free_strings(copy);
            return NULL;
        }
    return copy;
}

int user_add_command(struct user_set *set, const struct user_command *c, char *err, size_t errlen)
{
    size_t argc = 0;
    while (c->argv[argc])
        argc++;
    struct user_workload *u = user_new(set);
    if (!u)
        return fail(err, errlen, "out of memory");
    const char *base = strrchr(c->argv[0], '/');
    snprintf(u->name, sizeof u->name, "%s", c->name ? c->name : base ? base + 1 : c->argv[0]);
    for (size_t i = 0; i < c->n_env; i++)
        if (user_check_env(c->env[i], err, errlen) != 0)
            return -1;
    if (argc > WL_MAX_ARGS)
        return fail(err, errlen, "the command has %zu arguments, more than %d", argc, WL_MAX_ARGS);
    if (!(u->argv = copy_strings(c->argv, argc)) || !(u->env = copy_strings(c->env, c->n_env))
        || (c->stdin_path && !(u->stdin_given = strdup(c->stdin_path)))
        || (c->cwd && !(u->cwd_given = strdup(c->cwd))) || asprintf(&u->summary, "the command %s", c->argv[0]) < 0)
        return fail(err, errlen, "out of memory");
    u->base.same_output = c->same_output;
    const char *field;
    char why[1024];
    if (user_resolve(set, u, NULL, &field, why, sizeof why) != 0)
        return fail(err, errlen, "%s%s%s", option_of(field), why,
                    strcmp(field, "name") == 0 && !c->name ? " (or give --name)" : "");
    if (c->expect_output) {
        char digest[SHA256_HEX_LEN + 1];
        if (user_expected_digest(u, c->expect_output, NULL, digest, why, sizeof why) != 0)
            return fail(err, errlen, "--expect-output: %s", why);
        for (int s = 0; s < 3; s++)
            memcpy(u->expected[s], digest, sizeof digest);
    }
    return 0;
}
