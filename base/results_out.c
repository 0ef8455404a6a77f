/* base/results_out.c: locked, atomic saves of a results file (see results_out.h). */
#include "base/results_out.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/text.h"

#define TEMP_TAG ".ngbench-tmp-"   /* a temporary file is ".NAME" TEMP_TAG "XXXXXX" beside NAME */

struct results_out {
    char qpath[TEXT_QUOTED_LEN];   /* the path as given, quoted for messages */
    char target[PATH_MAX];     /* the file written */
    char dir[PATH_MAX];        /* its folder */
    char name[NAME_MAX + 1];   /* its name in the folder */
    int lock_fd;               /* open on the target's current version and flocked; -1 before it exists */
    bool link_first;           /* the first save creates the file: link, never replace */
    mode_t mode;               /* of each new version */
};

static int refuse(char *err, size_t errlen, const char *qpath, const char *why, const char *detail)
{
    snprintf(err, errlen, "%s%s%s", qpath, why, detail ? detail : "");
    return -1;
}

/* ---- Where the file is ---- */

/* o->target: path, or the final target of a symbolic link. */
static int resolve(struct results_out *o, const char *path, char *err, size_t errlen)
{
    struct stat st;
    char q[TEXT_QUOTED_LEN], detail[TEXT_QUOTED_LEN + 64], link[PATH_MAX];
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
        if (!realpath(path, o->target)) {
            ssize_t n = readlink(path, link, sizeof link - 1);
            link[n > 0 ? n : 0] = '\0';
            snprintf(detail, sizeof detail, " (%s): refusing to create a file through it", text_quote(link, q, sizeof q));
            return refuse(err, errlen, o->qpath, " is a symbolic link to a missing file", detail);
        }
    } else if ((size_t)snprintf(o->target, sizeof o->target, "%s", path) >= sizeof o->target) {
        return refuse(err, errlen, o->qpath, ": cannot write: the path is too long", NULL);
    }
    char copy[PATH_MAX];
    snprintf(copy, sizeof copy, "%s", o->target);
    snprintf(o->dir, sizeof o->dir, "%s", dirname(copy));
    snprintf(copy, sizeof copy, "%s", o->target);
    snprintf(o->name, sizeof o->name, "%s", basename(copy));
    return 0;
}

/* The target as it is now: absent (1), a writable regular file (0), or refused (-1). */
static int check_target(struct results_out *o, char *err, size_t errlen)
{
    struct stat st;
    char detail[64];
    if (stat(o->target, &st) != 0) {
        if (errno == ENOENT)
            return 1;
        return refuse(err, errlen, o->qpath, ": cannot write: ", strerror(errno));
    }
    if (S_ISDIR(st.st_mode))
        return refuse(err, errlen, o->qpath, " is a directory, not a results file", NULL);
    if (!S_ISREG(st.st_mode))
        return refuse(err, errlen, o->qpath, " is not a regular file", NULL);
    if (!(st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH))) {
        snprintf(detail, sizeof detail, " (mode %04o): refusing to replace it", (unsigned)(st.st_mode & 07777));
        return refuse(err, errlen, o->qpath, " is read-only", detail);
    }
    if (access(o->target, W_OK) != 0)
        return refuse(err, errlen, o->qpath, " is not writable by you: refusing to replace it: ", strerror(errno));
    o->mode = st.st_mode & 07777;
    return 0;
}

static int check_folder(const struct results_out *o, char *err, size_t errlen)
{
    char q[TEXT_QUOTED_LEN], why[TEXT_QUOTED_LEN + 64];
    if (access(o->dir, W_OK | X_OK) == 0)
        return 0;
    snprintf(why, sizeof why, ": cannot write: folder %s: ", text_quote(o->dir, q, sizeof q));
    return refuse(err, errlen, o->qpath, why, strerror(errno));
}

/* ---- The lock ---- */

/* Opens and locks the target's current version; a version renamed over it
 * meanwhile is opened again. 0, or -1 with err. */
static int lock_current(struct results_out *o, char *err, size_t errlen)
{
    for (int attempt = 0; attempt < 100; attempt++) {
        int fd = open(o->target, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        struct stat held, now;
        if (fd < 0)
            return refuse(err, errlen, o->qpath, ": cannot open: ", strerror(errno));
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            int e = errno;
            close(fd);
            if (e == EWOULDBLOCK)
                return refuse(err, errlen, o->qpath, " is being written by another ngbench process (locked): "
                                                     "wait for it, or use another file", NULL);
            return refuse(err, errlen, o->qpath, ": cannot lock: ", strerror(e));
        }
        if (fstat(fd, &held) == 0 && stat(o->target, &now) == 0 && held.st_dev == now.st_dev &&
            held.st_ino == now.st_ino) {
            o->lock_fd = fd;
            return 0;
        }
        close(fd);
    }
    return refuse(err, errlen, o->qpath, ": cannot lock: it keeps being replaced", NULL);
}

/* Removes the temporary file at path if no live process holds it: its
 * writer locks it from its creation until it is renamed, so an unlocked one
 * was left by a kill. (Another ngbench creating the same new file writes
 * its temporary file without holding the target's lock.) The lock is held
 * while unlinking, so a writer that locks the file later sees it gone. */
static void remove_if_abandoned(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return;
    if (flock(fd, LOCK_EX | LOCK_NB) == 0)
        unlink(path);
    close(fd);
}

/* Temporary files of this target left by a process that was killed. */
static void remove_stale_temporaries(const struct results_out *o)
{
    char prefix[NAME_MAX + 32], path[PATH_MAX];
    snprintf(prefix, sizeof prefix, ".%s" TEMP_TAG, o->name);
    DIR *d = opendir(o->dir);
    for (struct dirent *e; d && (e = readdir(d));)
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0 && strlen(e->d_name) == strlen(prefix) + 6 &&
            (size_t)snprintf(path, sizeof path, "%s/%s", o->dir, e->d_name) < sizeof path)
            remove_if_abandoned(path);
    if (d)
        closedir(d);
}

struct results_out *results_out_open(const char *path, enum results_open_mode mode, char *err, size_t errlen)
{
    struct results_out *o = calloc(1, sizeof *o);
    if (!o) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    o->lock_fd = -1;
    mode_t mask = umask(0);   /* a new file gets what open(2) would give it */
    umask(mask);
    o->mode = 0666 & ~mask;
    text_quote(path, o->qpath, sizeof o->qpath);
    int state = resolve(o, path, err, errlen) == 0 ? check_target(o, err, errlen) : -1;
    if (state == 0 && mode == RESULTS_CREATE)
        state = refuse(err, errlen, o->qpath, " exists: use --resume to continue it, or another --out", NULL);
    else if (state == 1 && mode == RESULTS_CONTINUE)
        state = refuse(err, errlen, o->qpath, ": cannot continue: ", strerror(ENOENT));
    if (state >= 0 && check_folder(o, err, errlen) != 0)
        state = -1;
    if (state == 0 && lock_current(o, err, errlen) != 0)
        state = -1;
    if (state < 0) {
        results_out_close(o);
        return NULL;
    }
    o->link_first = state == 1 && mode == RESULTS_CREATE;
    if (state == 0)
        remove_stale_temporaries(o);
    return o;
}

const char *results_out_path(const struct results_out *o)
{
    return o->target;
}

void results_out_close(struct results_out *o)
{
    if (!o)
        return;
    if (o->lock_fd >= 0)
        close(o->lock_fd);
    free(o);
}

/* ---- Saving ---- */

/* json_dump_callback's output, in blocks, keeping the errno of a failed write. */
struct writer {
    int fd;
    int error;                 /* 0, or the errno of the first failure */
    size_t used;
    char buf[1 << 16];
};

static int flush(struct writer *w)
{
    for (size_t done = 0; done < w->used && !w->error;) {
        ssize_t n = write(w->fd, w->buf + done, w->used - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            w->error = n < 0 ? errno : ENOSPC;   /* a write of nothing on a regular file: no room */
        else
            done += (size_t)n;
    }
    w->used = 0;
    return w->error ? -1 : 0;
}

static int collect(const char *buffer, size_t size, void *data)
{
    struct writer *w = data;
    while (size > 0) {
        if (w->used == sizeof w->buf && flush(w) != 0)
            return -1;
        size_t n = size < sizeof w->buf - w->used ? size : sizeof w->buf - w->used;
        memcpy(w->buf + w->used, buffer, n);
        w->used += n;
        buffer += n;
        size -= n;
    }
    return 0;
}

/* The document into fd, flushed to the disk: 0, or the errno of what failed. */
static int write_document(int fd, const json_t *doc)
{
    struct writer *w = malloc(sizeof *w);
    if (!w)
        return ENOMEM;
    w->fd = fd;
    w->error = 0;
    w->used = 0;
    int rc = json_dump_callback(doc, collect, w, JSON_INDENT(1) | JSON_SORT_KEYS);
    if (rc == 0)
        rc = collect("\n", 1, w);
    if (rc == 0)
        rc = flush(w);
    int e = w->error ? w->error : rc != 0 ? ENOMEM : 0;
    free(w);
    if (!e && fsync(fd) != 0)
        e = errno;
    return e;
}

/* While a temporary file exists, termination signals wait (so none leaves
 * it behind) and an over-large file is an error, not a killed process. */
struct held_signals {
    sigset_t before;
    struct sigaction xfsz;
};

static void hold_signals(struct held_signals *h)
{
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    sigaddset(&block, SIGQUIT);
    sigprocmask(SIG_BLOCK, &block, &h->before);
    struct sigaction ignore = { .sa_handler = SIG_IGN };
    sigaction(SIGXFSZ, &ignore, &h->xfsz);
}

static void release_signals(const struct held_signals *h)
{
    sigaction(SIGXFSZ, &h->xfsz, NULL);
    sigprocmask(SIG_SETMASK, &h->before, NULL);
}

static void sync_folder(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

/* A new temporary file beside the target, in tmp (its template), locked
 * before anything is written to it and checked to be still there (another
 * ngbench may have taken it for abandoned before the lock): its fd, or -1
 * with errno (ENAMETOOLONG: the path is too long). */
static int create_temporary(const struct results_out *o, char *tmp, size_t tmplen)
{
    for (int attempt = 0; attempt < 100; attempt++) {
        if ((size_t)snprintf(tmp, tmplen, "%s/.%s" TEMP_TAG "XXXXXX", o->dir, o->name) >= tmplen) {
            errno = ENAMETOOLONG;
            return -1;
        }
        int fd = mkostemp(tmp, O_CLOEXEC);
        if (fd < 0)
            return -1;
        struct stat mine, named;
        if (flock(fd, LOCK_EX | LOCK_NB) == 0 && fstat(fd, &mine) == 0 && stat(tmp, &named) == 0 &&
            mine.st_dev == named.st_dev && mine.st_ino == named.st_ino)
            return fd;
        close(fd);   /* the other ngbench removes or removed the name */
    }
    errno = EAGAIN;
    return -1;
}

/* Puts the written temporary file in the target's place: a link for a new
 * file (never replacing one another process made meanwhile), else a rename. */
static int install(struct results_out *o, const char *tmp, char *err, size_t errlen)
{
    if (o->link_first) {
        if (link(tmp, o->target) == 0) {
            unlink(tmp);
            return 0;
        }
        if (errno == EEXIST)
            return refuse(err, errlen, o->qpath, " exists: another process created it meanwhile", NULL);
        return refuse(err, errlen, o->qpath, ": cannot create: ", strerror(errno));
    }
    if (rename(tmp, o->target) == 0)
        return 0;
    return refuse(err, errlen, o->qpath, ": cannot replace: ", strerror(errno));
}

int results_out_save(struct results_out *o, const json_t *doc, char *err, size_t errlen)
{
    char tmp[PATH_MAX];
    struct held_signals held;
    hold_signals(&held);
    int fd = create_temporary(o, tmp, sizeof tmp), rc = -1;
    if (fd < 0) {
        refuse(err, errlen, o->qpath, ": cannot write: a temporary file beside it: ", strerror(errno));
        release_signals(&held);
        return -1;
    }
    int e = fchmod(fd, o->mode) != 0 ? errno : write_document(fd, doc);
    if (e != 0)
        refuse(err, errlen, o->qpath, ": cannot write: ", strerror(e));
    else if (install(o, tmp, err, errlen) == 0)
        rc = 0;
    if (rc != 0) {
        unlink(tmp);
        close(fd);
    } else {
        sync_folder(o->dir);
        if (o->lock_fd >= 0)
            close(o->lock_fd);
        o->lock_fd = fd;   /* the new version is the one held now */
        if (o->link_first)
            remove_stale_temporaries(o);
        o->link_first = false;
    }
    release_signals(&held);
    return rc;
}
