/* base/results.c: results files in and out (see results.h). */
#include "base/results.h"

#include "base/text.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

json_t *results_new(json_t *context)
{
    return json_pack("{s:i,s:o,s:[]}", "schema_version", RESULTS_SCHEMA_VERSION,
                     "context", context, "runs");
}

/* ---- The whole document ---- */

static int keep_context(void *ctx, const json_t *context, char *err, size_t errlen)
{
    (void)err;
    (void)errlen;
    json_object_set((json_t *)ctx, "context", (json_t *)context);
    return 0;
}

static int keep_run(void *ctx, json_t *run, size_t index, char *err, size_t errlen)
{
    (void)index;
    if (json_array_append(json_object_get((json_t *)ctx, "runs"), run) == 0)
        return 0;
    snprintf(err, errlen, "out of memory");
    return -1;
}

json_t *results_load(const char *path, char *err, size_t errlen)
{
    json_t *doc = results_new(json_object());
    struct results_reader keep = { keep_context, keep_run, doc };
    if (doc && results_read(path, &keep, err, errlen) == 0)
        return doc;
    if (!doc)
        snprintf(err, errlen, "out of memory");
    json_decref(doc);
    return NULL;
}

/* The whole document in one buffer, written with as few calls as the
 * kernel allows: jansson's json_dumpfd makes one write per token (188,592
 * for a 360-run file), and a matrix saves after every run. */
static int dump_to(int fd, const json_t *doc)
{
    char *text = json_dumps(doc, JSON_INDENT(1) | JSON_SORT_KEYS);
    if (!text)
        return -1;
    size_t len = strlen(text), done = 0;
    while (done < len) {
        ssize_t n = write(fd, text + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    free(text);
    return done == len && write(fd, "\n", 1) == 1 ? 0 : -1;
}

int results_save_atomic(const json_t *doc, const char *path, char *err, size_t errlen)
{
    char *copy = strdup(path);
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s/.%s.XXXXXX", dirname(copy), basename((char *)path));
    free(copy);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        return -1;
    }
    /* mkstemp makes the file 0600; a results file is an ordinary document. */
    fchmod(fd, 0644);
    if (dump_to(fd, doc) != 0 || fsync(fd) != 0) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        close(fd);
        unlink(tmp);
        return -1;
    }
    close(fd);
    if (rename(tmp, path) != 0) {
        snprintf(err, errlen, "%s: cannot replace: %s", path, strerror(errno));
        unlink(tmp);
        return -1;
    }
    return 0;
}

const char *results_str(const json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : "";
}

double results_num(const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    return json_is_number(v) ? json_number_value(v) : NAN;
}
