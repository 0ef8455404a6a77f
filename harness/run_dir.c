/* harness/run_dir.c: each run's private folder (see run_dir.h). */
#include "harness/run_dir.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *run_dir_make(char *err, size_t errlen)
{
    const char *tmp = getenv("TMPDIR");
    char *path;
    if (asprintf(&path, "%s/ngbench-run-XXXXXX", tmp && *tmp ? tmp : "/tmp") < 0) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (!mkdtemp(path)) {
        snprintf(err, errlen, "cannot make a private folder %s: %s", path, strerror(errno));
        free(path);
        return NULL;
    }
    return path;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st, (void)type, (void)ftw;
    remove(path);
    return 0;   /* keep going: remove what can be removed */
}

void run_dir_remove(char *path)
{
    if (!path)
        return;
    /* FTW_PHYS: a link is removed, never followed; FTW_DEPTH: contents first. */
    nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
    free(path);
}
