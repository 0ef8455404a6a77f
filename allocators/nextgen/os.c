/* os.c: the system calls behind os.h (Linux). */
#include "os.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <sched.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/auxv.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

size_t os_page_size(void) { return 4096; }

static _Atomic uint64_t mapped_bytes;

static void count_mapped(int64_t delta)
{
    atomic_fetch_add_explicit(&mapped_bytes, (uint64_t)delta, memory_order_relaxed);
}

static int64_t pages(size_t len) { return (int64_t)((len + 4095) & ~(size_t)4095); }

uint64_t os_mapped_bytes(void) { return atomic_load_explicit(&mapped_bytes, memory_order_relaxed); }

static void *map(void *addr, size_t len, int prot, int flags)
{
    void *p = mmap(addr, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | flags, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    count_mapped(pages(len));
    return p;
}

void *os_map(size_t len) { return map(NULL, len, PROT_READ | PROT_WRITE, 0); }

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000   /* Linux 4.17 */
#endif

/* A kernel older than MAP_FIXED_NOREPLACE takes addr as a hint only. */
static void *map_exactly(void *addr, size_t len, int prot)
{
    void *p = map(addr, len, prot, MAP_FIXED_NOREPLACE);
    if (p && p != addr) {
        os_unmap(p, len);
        p = NULL;
    }
    return p;
}

void *os_map_at(void *addr, size_t len) { return map_exactly(addr, len, PROT_READ | PROT_WRITE); }

int os_range_free(void *addr, size_t len)
{
    size_t page = os_page_size();
    char *ends[2] = { addr, (char *)addr + len - page };
    for (int i = 0; i < 2; i++) {
        void *p = map_exactly(ends[i], page, PROT_NONE);
        if (!p)
            return 0;
        os_unmap(p, page);
    }
    return 1;
}

void *os_map_aligned(size_t len, size_t align)
{
    if (align <= os_page_size())
        return os_map(len);
    if (len + align < len)
        return NULL;
    char *raw = os_map(len + align);
    if (!raw)
        return NULL;
    char *p = (char *)(((uintptr_t)raw + align - 1) & ~(uintptr_t)(align - 1));
    if (p > raw)
        os_unmap(raw, (size_t)(p - raw));
    size_t tail = (size_t)(raw + len + align - (p + len));
    if (tail)
        os_unmap(p + len, tail);
    return p;
}

void os_unmap(void *p, size_t len)
{
    if (munmap(p, len) == 0)
        count_mapped(-pages(len));
}

void *os_remap(void *p, size_t old_len, size_t new_len)
{
    void *q = mremap(p, old_len, new_len, MREMAP_MAYMOVE);
    if (q == MAP_FAILED)
        return NULL;
    count_mapped(pages(new_len) - pages(old_len));
    return q;
}

void os_release(void *p, size_t len) { madvise(p, len, MADV_DONTNEED); }

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23   /* Linux 5.14; older headers lack it */
#endif

int os_prefault(void *p, size_t len)
{
    int saved = errno;   /* a malloc that succeeds leaves errno alone */
    int rc = 0;
    if (madvise(p, len, MADV_POPULATE_WRITE) != 0)
        rc = errno == EINVAL ? OS_PREFAULT_UNSUPPORTED : -1;
    errno = saved;
    return rc;
}

int os_resident(const void *p, size_t len)
{
    unsigned char vec[256];
    uintptr_t page = os_page_size();
    uintptr_t from = (uintptr_t)p & ~(page - 1), to = ((uintptr_t)p + len + page - 1) & ~(page - 1);
    while (from < to) {
        size_t n = (to - from) / page < sizeof vec ? (to - from) / page : sizeof vec;
        if (mincore((void *)from, n * page, vec) != 0)
            return 0;
        for (size_t i = 0; i < n; i++)
            if (!(vec[i] & 1))
                return 0;
        from += n * page;
    }
    return 1;
}

size_t os_as_limit(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_AS, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
        return SIZE_MAX;
    return (size_t)rl.rlim_cur;
}

void os_futex_wait(_Atomic uint32_t *word, uint32_t expected)
{
    syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, expected, NULL, NULL, 0);
}

void os_futex_wait_ms(_Atomic uint32_t *word, uint32_t expected, long ms)
{
    struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };
    syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, expected, &t, NULL, 0);
}

/* Read small file `path` into buf as a string (no stdio: it allocates);
 * 0 when it cannot be read or is empty. */
static int read_small_file(const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    ssize_t n = read(fd, buf, size - 1);
    close(fd);
    if (n <= 0)
        return 0;
    buf[n] = 0;
    return 1;
}

/* /proc/self/stat names the main thread's state (a zombie once it has
 * called pthread_exit while others run) and the live thread count, which
 * still includes that zombie. */
int os_main_gone_and_alone(unsigned servers)
{
    char buf[512];
    if (!read_small_file("/proc/self/stat", buf, sizeof buf))
        return 0;
    char *p = strrchr(buf, ')');
    char state;
    long threads;
    /* after the command: state (3rd field) ... num_threads (20th) */
    if (!p || sscanf(p + 2, "%c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %ld",
                     &state, &threads) != 2)
        return 0;
    return state == 'Z' && threads <= 1 + (long)servers;
}

void os_futex_wake(_Atomic uint32_t *word, int n)
{
    syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, n, NULL, NULL, 0);
}

void os_yield(void) { sched_yield(); }

static cpu_set_t process_cpus;   /* the affinity set os_cpus_snapshot found */
static int process_cpus_known;

void os_cpus_snapshot(void)
{
    process_cpus_known = sched_getaffinity(0, sizeof process_cpus, &process_cpus) == 0;
}

int os_pin_self(int cpu, unsigned nth)
{
    if (cpu < 0 && process_cpus_known) {
        int count = CPU_COUNT(&process_cpus);
        unsigned skip = count ? nth % (unsigned)count : 0;
        for (int c = CPU_SETSIZE - 1; c >= 0 && cpu < 0; c--)
            if (CPU_ISSET(c, &process_cpus) && skip-- == 0)
                cpu = c;
    }
    if (cpu < 0)
        return -1;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    /* best effort: a CPU the process may not use leaves it unpinned */
    return sched_setaffinity(0, sizeof set, &set) == 0 ? cpu : -1;
}

void os_unpin_self(void)
{
    if (process_cpus_known)
        sched_setaffinity(0, sizeof process_cpus, &process_cpus);
}

unsigned os_cpus_allowed(void)
{
    cpu_set_t set;
    if (sched_getaffinity(getpid(), sizeof set, &set) != 0)
        return process_cpus_known ? (unsigned)CPU_COUNT(&process_cpus) : 1;
    int n = CPU_COUNT(&set);
    return n > 0 ? (unsigned)n : 1;
}

uint64_t os_process_cpu_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* The run delay a schedstat file reports: 1 with *ns set, 0 when it
 * cannot be read. */
static int schedstat_wait(const char *path, uint64_t *ns)
{
    char buf[128];   /* "time-on-cpu run-delay timeslices" */
    if (!read_small_file(path, buf, sizeof buf))
        return 0;
    char *end;
    strtoull(buf, &end, 10);
    if (end == buf || *end != ' ')
        return 0;
    *ns = strtoull(end + 1, NULL, 10);
    return 1;
}

int os_task_wait_ns(int tid, uint64_t *ns)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/self/task/%d/schedstat", tid);
    return tid > 0 && schedstat_wait(path, ns);
}

int os_gettid(void) { return (int)syscall(SYS_gettid); }

uint64_t os_thread_wait_ns(void)
{
    uint64_t ns;
    if (schedstat_wait("/proc/thread-self/schedstat", &ns))
        return ns;
    struct rusage ru;
    if (getrusage(RUSAGE_THREAD, &ru) != 0)
        return 0;
    return (uint64_t)ru.ru_nivcsw * 1000000u;
}

static uint64_t clock_ns(clockid_t id)
{
    struct timespec t;
    clock_gettime(id, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

uint64_t os_now_ns(void) { return clock_ns(CLOCK_MONOTONIC); }
uint64_t os_coarse_ns(void) { return clock_ns(CLOCK_MONOTONIC_COARSE); }

/* Reads /proc/self/environ when environ is not set up yet (very early calls). */
static const char *environ_file_lookup(const char *name)
{
    static char buf[16384];
    static size_t len;
    if (!len) {
        int fd = open("/proc/self/environ", O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return NULL;
        ssize_t n;
        while (len < sizeof buf - 1 && (n = read(fd, buf + len, sizeof buf - 1 - len)) > 0)
            len += (size_t)n;
        close(fd);
        buf[len] = 0;
    }
    size_t nl = strlen(name);
    for (size_t i = 0; i < len; i += strlen(buf + i) + 1)
        if (strncmp(buf + i, name, nl) == 0 && buf[i + nl] == '=')
            return buf + i + nl + 1;
    return NULL;
}

const char *os_getenv(const char *name)
{
    if (getauxval(AT_SECURE))
        return NULL;
    if (!environ)
        return environ_file_lookup(name);
    size_t nl = strlen(name);
    for (char **e = environ; *e; e++)
        if (strncmp(*e, name, nl) == 0 && (*e)[nl] == '=')
            return *e + nl + 1;
    return NULL;
}

/* One line "ngmalloc: ..." to stderr, formatted into a stack buffer. */
static void say(const char *fmt, va_list ap)
{
    char line[512] = "ngmalloc: ";
    size_t off = strlen(line);
    vsnprintf(line + off, sizeof line - off - 1, fmt, ap);
    size_t len = strlen(line);
    line[len++] = '\n';
    ssize_t r = write(2, line, len);
    (void)r;
}

/* Write buf[0..len) to fd whole; NULL on success, else why not. */
static const char *write_all(int fd, const char *buf, size_t len)
{
    while (len) {
        ssize_t n = write(fd, buf, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? strerror(errno) : "nothing was written";
        buf += n;
        len -= (size_t)n;
    }
    return NULL;
}

void os_print(const char *buf, size_t len)
{
    int saved = errno;
    write_all(2, buf, len);
    errno = saved;
}

void os_warn(const char *fmt, ...)
{
    int saved = errno;
    va_list ap;
    va_start(ap, fmt);
    say(fmt, ap);
    va_end(ap);
    errno = saved;
}

void os_fatal(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say(fmt, ap);
    va_end(ap);
    abort();
}

/* Open `path` for writing without following a symbolic link or truncating
 * anything: created now, or an empty regular file. -1 with *why set. */
static int open_new_file(const char *path, const char **why)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd >= 0 || errno != EEXIST) {
        *why = fd < 0 ? strerror(errno) : NULL;
        return fd;
    }
    fd = open(path, O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    if (fd < 0)
        *why = errno == ELOOP ? "it is a symbolic link" : strerror(errno);
    else if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        *why = "it is not a regular file";
    else if (st.st_size != 0)
        *why = "it exists and is not empty (left as it was)";
    else
        return fd;
    if (fd >= 0)
        close(fd);
    return -1;
}

const char *os_write_new_file(const char *path, const char *buf, size_t len)
{
    int saved = errno;
    const char *why = NULL;
    int fd = open_new_file(path, &why);
    if (fd >= 0)
        why = write_all(fd, buf, len);
    if (fd >= 0 && close(fd) != 0 && !why)
        why = strerror(errno);
    errno = saved;
    return why;
}
