/* workloads/checksum.c: the checksum real programs' outputs are verified with. */
#include "workloads/catalog_parts.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

/* 64-bit FNV-1a of a file's bytes. 0, or -1 with err set (unreadable). */
static int checksum_file(const char *path, uint64_t *sum, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
        return -1;
    }
    uint64_t h = FNV_OFFSET;
    unsigned char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        for (size_t i = 0; i < n; i++)
            h = (h ^ buf[i]) * FNV_PRIME;
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        snprintf(err, errlen, "error reading %s", path);
        return -1;
    }
    *sum = h;
    return 0;
}

int wl_verify_checksum(const struct workload *w, const struct wl_params *p, const struct wl_command *cmd,
                       json_t *run, char *err, size_t errlen)
{
    (void)run;
    uint64_t sum, want = w->expected[p->size];
    if (!cmd->stdout_path) {
        snprintf(err, errlen, "%s: no output file to verify", w->name);
        return -1;
    }
    if (checksum_file(cmd->stdout_path, &sum, err, errlen) != 0)
        return -1;
    if (sum != want) {
        snprintf(err, errlen, "%s output %s has checksum 0x%016" PRIx64 ", expected 0x%016" PRIx64 " for size %s",
                 w->name, cmd->stdout_path, sum, want, wl_size_name(p->size));
        return -1;
    }
    unlink(cmd->stdout_path);
    return 0;
}
