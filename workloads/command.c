/* workloads/command.c: command lines and the params runs record (see catalog_parts.h). */
#include "workloads/catalog_parts.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int wl_push_arg(struct wl_command *cmd, const char *fmt, ...)
{
    size_t n = 0;
    while (cmd->argv[n])
        n++;
    if (n >= WL_MAX_ARGS)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    int rc = vasprintf(&cmd->argv[n], fmt, ap);
    va_end(ap);
    if (rc < 0) {
        cmd->argv[n] = NULL;
        return -1;
    }
    return 0;
}

int wl_push_env(struct wl_command *cmd, const char *setting)
{
    size_t n = 0;
    while (cmd->env[n])
        n++;
    if (n >= WL_MAX_ENV || !(cmd->env[n] = strdup(setting)))
        return -1;
    return 0;
}

void wl_command_free(struct wl_command *cmd)
{
    for (size_t i = 0; cmd->argv[i]; i++)
        free(cmd->argv[i]);
    for (size_t i = 0; cmd->env[i]; i++)
        free(cmd->env[i]);
    free(cmd->cwd);
    free(cmd->stdin_path);
    free(cmd->stdout_path);
    json_decref(cmd->params);
    memset(cmd, 0, sizeof *cmd);
}

long wl_sized_value(const struct workload *w, const char *name, enum wl_size size)
{
    for (size_t i = 0; i < WL_MAX_SIZED && w->sizes[i].name; i++)
        if (strcmp(w->sizes[i].name, name) == 0)
            return w->sizes[i].at[size];
    return -1;
}

json_t *wl_sized_params(const struct workload *w, enum wl_size size)
{
    json_t *params = json_pack("{s:s,s:i}", "size", wl_size_name(size), "seed", WL_SEED);
    for (size_t i = 0; params && i < WL_MAX_SIZED && w->sizes[i].name; i++)
        if (json_object_set_new(params, w->sizes[i].name, json_integer(w->sizes[i].at[size])) != 0) {
            json_decref(params);
            return NULL;
        }
    return params;
}

int wl_synthetic_command(const struct workload *w, const struct wl_params *p, struct wl_command *cmd,
                         char *err, size_t errlen)
{
    int rc = wl_push_arg(cmd, "%s/%s", p->bin_dir, w->name);
    if (rc == 0 && w->threaded)
        rc = wl_push_arg(cmd, "--threads=%d", p->threads);
    for (size_t i = 0; rc == 0 && i < WL_MAX_SIZED && w->sizes[i].name; i++)
        rc = wl_push_arg(cmd, "--%s=%ld", w->sizes[i].name, w->sizes[i].at[p->size]);
    if (rc == 0)
        rc = wl_push_arg(cmd, "--seed=%d", WL_SEED);
    if (rc == 0 && !(cmd->params = wl_sized_params(w, p->size)))
        rc = -1;
    if (rc != 0) {
        snprintf(err, errlen, "cannot build the command line of %s", w->name);
        return -1;
    }
    return 0;
}

json_t *workload_params(const struct workload *w, enum wl_size size)
{
    struct wl_params p = { size, w->default_threads, "BIN_DIR", "DATA_DIR", "RUN_DIR" };
    struct wl_command cmd = { 0 };
    char err[256];
    if (w->command(w, &p, &cmd, err, sizeof err) != 0) {
        wl_command_free(&cmd);
        return NULL;
    }
    json_t *params = json_incref(cmd.params);
    wl_command_free(&cmd);
    return params;
}
