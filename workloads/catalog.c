/* workloads/catalog.c: PLACEHOLDER catalog with the one built-in workload the
 * harness needs end to end; replaced by the workload suite. */
#include "workloads/catalog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const size_names[] = { "tiny", "quick", "full" };

const char *wl_size_name(enum wl_size s) { return size_names[s]; }

int wl_size_parse(const char *s, enum wl_size *out)
{
    for (int i = 0; i < 3; i++)
        if (strcmp(s, size_names[i]) == 0) { *out = (enum wl_size)i; return 0; }
    return -1;
}

static int push_arg(struct wl_command *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
#include <stdarg.h>
static int push_arg(struct wl_command *cmd, const char *fmt, ...)
{
    size_t n = 0;
    while (cmd->argv[n]) n++;
    if (n >= WL_MAX_ARGS) return -1;
    va_list ap;
    va_start(ap, fmt);
    int rc = vasprintf(&cmd->argv[n], fmt, ap);
    va_end(ap);
    return rc < 0 ? -1 : 0;
}

static int glibc_simple_command(const struct wl_params *p, struct wl_command *cmd, char *err, size_t errlen)
{
    static const long iterations[] = { 100, 2000, 20000 };
    (void)err; (void)errlen;
    push_arg(cmd, "%s/glibc-simple", p->bin_dir);
    push_arg(cmd, "--iterations=%ld", iterations[p->size]);
    cmd->params = json_pack("{s:s,s:I}", "size", wl_size_name(p->size), "iterations", (json_int_t)iterations[p->size]);
    return 0;
}

static const struct workload workloads[] = {
    { "glibc-simple", "fixed-size batches freed FIFO and LIFO (glibc bench-malloc-simple)",
      false, 1, NULL, NULL, NULL, glibc_simple_command, NULL },
};

size_t workload_count(void) { return sizeof workloads / sizeof workloads[0]; }
const struct workload *workload_at(size_t i) { return i < workload_count() ? &workloads[i] : NULL; }

const struct workload *workload_find(const char *name)
{
    for (size_t i = 0; i < workload_count(); i++)
        if (strcmp(workloads[i].name, name) == 0) return &workloads[i];
    return NULL;
}

int workload_set(const char *name, const char *const **names)
{
    static const char *const quick[] = { "glibc-simple" };
    if (strcmp(name, "quick") == 0 || strcmp(name, "all") == 0) { *names = quick; return 1; }
    return -1;
}

bool workload_available(const struct workload *w, char *why, size_t whylen)
{
    (void)w; (void)why; (void)whylen;
    return true;
}

void wl_command_free(struct wl_command *cmd)
{
    for (size_t i = 0; cmd->argv[i]; i++) free(cmd->argv[i]);
    free(cmd->stdin_path);
    free(cmd->stdout_path);
    json_decref(cmd->params);
    memset(cmd, 0, sizeof *cmd);
}
