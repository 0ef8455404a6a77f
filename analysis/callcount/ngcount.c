/*
 * analysis/callcount/ngcount.c: libngcount.so, an interposing shim that
 * counts a program's calls to malloc, free, calloc, realloc and the aligned
 * allocations (posix_memalign, aligned_alloc, memalign), forwards each to the
 * next definition (the allocator preloaded after it, else glibc), and at exit
 * writes {"malloc": N, "free": N, "calloc": N, "realloc": N, "aligned": N} to
 * the file named by NGCOUNT_OUT. `ngbench run --count-calls` preloads it as
 * "libngcount.so:<allocator>" in one warm-up run per benchmark; the model
 * (docs/model.md) takes the call count from there.
 *
 * What it must never do: allocate (that would count itself or recurse), take
 * a lock on the hot path, or change what the allocator returns.
 *
 * Counters are per thread (initial-exec TLS, so reaching them never calls
 * __tls_get_addr, which may allocate). A thread's counts are added to the
 * process totals when it exits; at process exit the totals plus the counts
 * of threads still running are written.
 */
#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { C_MALLOC, C_FREE, C_CALLOC, C_REALLOC, C_ALIGNED, C_COUNT };
static const char *const count_names[C_COUNT] = { "malloc", "free", "calloc", "realloc", "aligned" };

#define MAX_THREADS 1024

struct thread_counts {
    uint64_t n[C_COUNT];
    int state;   /* 0 new, 1 registered in a slot, 2 unregistered (exiting or no slot) */
};

static __thread struct thread_counts mine __attribute__((tls_model("initial-exec")));
static struct thread_counts *slots[MAX_THREADS];   /* live threads' counters */
static uint64_t exited[C_COUNT];                   /* totals of exited / unslotted threads */
static pthread_key_t exit_key;
static pthread_once_t exit_key_once = PTHREAD_ONCE_INIT;
static pid_t owner_pid;

static struct {
    void *(*malloc)(size_t);
    void (*free)(void *);
    void *(*calloc)(size_t, size_t);
    void *(*realloc)(void *, size_t);
    int (*posix_memalign)(void **, size_t, size_t);
    void *(*aligned_alloc)(size_t, size_t);
    void *(*memalign)(size_t, size_t);
} real;

/* ---- Bootstrap: dlsym may allocate before the real functions are known ---- */

static _Alignas(64) char bootstrap[16384];
static size_t bootstrap_used;
static bool resolving;

static bool from_bootstrap(const void *p)
{
    return (const char *)p >= bootstrap && (const char *)p < bootstrap + sizeof bootstrap;
}

static void *bootstrap_alloc(size_t size)
{
    size_t start = (bootstrap_used + 15) & ~(size_t)15;
    if (start + size > sizeof bootstrap)
        return NULL;
    bootstrap_used = start + size;
    return bootstrap + start;   /* static storage: already zero, as calloc wants */
}

static void resolve(void)
{
    resolving = true;
    real.malloc = dlsym(RTLD_NEXT, "malloc");
    real.free = dlsym(RTLD_NEXT, "free");
    real.calloc = dlsym(RTLD_NEXT, "calloc");
    real.realloc = dlsym(RTLD_NEXT, "realloc");
    real.posix_memalign = dlsym(RTLD_NEXT, "posix_memalign");
    real.aligned_alloc = dlsym(RTLD_NEXT, "aligned_alloc");
    real.memalign = dlsym(RTLD_NEXT, "memalign");
    resolving = false;
}

/* ---- Counting (the hot path: one thread-local add) ---- */

static void thread_exit(void *arg)
{
    struct thread_counts *t = arg;
    for (int i = 0; i < MAX_THREADS; i++)
        if (__atomic_load_n(&slots[i], __ATOMIC_ACQUIRE) == t) {
            for (int c = 0; c < C_COUNT; c++)
                __atomic_fetch_add(&exited[c], __atomic_load_n(&t->n[c], __ATOMIC_RELAXED),
                                   __ATOMIC_RELAXED);
            __atomic_store_n(&slots[i], NULL, __ATOMIC_RELEASE);
            break;
        }
    __atomic_store_n(&t->state, 2, __ATOMIC_RELAXED);
}

static void create_exit_key(void)
{
    pthread_key_create(&exit_key, thread_exit);
}

/* First call in this thread: take a slot so the exit writer can see it.
 * The key is made here, not in the constructor: other libraries' constructors
 * may allocate before ours runs. */
static __attribute__((noinline)) void register_thread(void)
{
    mine.state = 2;
    pthread_once(&exit_key_once, create_exit_key);
    for (int i = 0; i < MAX_THREADS; i++) {
        struct thread_counts *none = NULL;
        if (__atomic_compare_exchange_n(&slots[i], &none, &mine, false, __ATOMIC_ACQ_REL,
                                        __ATOMIC_RELAXED)) {
            mine.state = 1;
            pthread_setspecific(exit_key, &mine);   /* a low key: no allocation */
            return;
        }
    }
}

static inline void count(int which)
{
    if (__builtin_expect(mine.state == 0, 0))
        register_thread();
    if (__builtin_expect(mine.state == 1, 1))
        __atomic_store_n(&mine.n[which], mine.n[which] + 1, __ATOMIC_RELAXED);
    else
        __atomic_fetch_add(&exited[which], 1, __ATOMIC_RELAXED);
}

/* ---- The interposed functions ---- */

void *malloc(size_t size)
{
    if (__builtin_expect(!real.malloc, 0)) {
        if (resolving)
            return bootstrap_alloc(size);
        resolve();
    }
    count(C_MALLOC);
    return real.malloc(size);
}

void free(void *p)
{
    if (__builtin_expect(from_bootstrap(p), 0))
        return;
    if (__builtin_expect(!real.free, 0)) {
        if (resolving)
            return;   /* freed by dlsym itself: leaking it is harmless */
        resolve();
    }
    count(C_FREE);
    real.free(p);
}

void *calloc(size_t n, size_t size)
{
    if (__builtin_expect(!real.calloc, 0)) {
        if (resolving)
            return size && n > SIZE_MAX / size ? NULL : bootstrap_alloc(n * size);
        resolve();
    }
    count(C_CALLOC);
    return real.calloc(n, size);
}

void *realloc(void *p, size_t size)
{
    if (__builtin_expect(!real.realloc, 0))
        resolve();
    count(C_REALLOC);
    if (__builtin_expect(from_bootstrap(p), 0)) {
        void *q = real.malloc(size);
        size_t room = (size_t)(bootstrap + sizeof bootstrap - (char *)p);
        if (q)
            memcpy(q, p, size < room ? size : room);
        return q;
    }
    return real.realloc(p, size);
}

int posix_memalign(void **out, size_t alignment, size_t size)
{
    if (__builtin_expect(!real.posix_memalign, 0))
        resolve();
    count(C_ALIGNED);
    return real.posix_memalign(out, alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size)
{
    if (__builtin_expect(!real.aligned_alloc, 0))
        resolve();
    count(C_ALIGNED);
    return real.aligned_alloc(alignment, size);
}

void *memalign(size_t alignment, size_t size)
{
    if (__builtin_expect(!real.memalign, 0))
        resolve();
    count(C_ALIGNED);
    return real.memalign(alignment, size);
}

/* ---- Start and exit ---- */

static __attribute__((constructor)) void start(void)
{
    owner_pid = getpid();
    if (!real.malloc)
        resolve();
}

/* Decimal digits of v at p; returns the end. */
static char *put_u64(char *p, uint64_t v)
{
    char digits[24];
    int n = 0;
    do
        digits[n++] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    while (n)
        *p++ = digits[--n];
    return p;
}

static char *put_str(char *p, const char *s)
{
    size_t n = strlen(s);
    memcpy(p, s, n);
    return p + n;
}

static __attribute__((destructor)) void write_counts(void)
{
    const char *path = getenv("NGCOUNT_OUT");
    if (!path || !*path || getpid() != owner_pid)
        return;
    uint64_t total[C_COUNT];
    for (int c = 0; c < C_COUNT; c++)
        total[c] = __atomic_load_n(&exited[c], __ATOMIC_RELAXED);
    for (int i = 0; i < MAX_THREADS; i++) {
        struct thread_counts *t = __atomic_load_n(&slots[i], __ATOMIC_ACQUIRE);
        for (int c = 0; t && c < C_COUNT; c++)
            total[c] += __atomic_load_n(&t->n[c], __ATOMIC_RELAXED);
    }
    char buf[512], *p = buf;
    *p++ = '{';
    for (int c = 0; c < C_COUNT; c++) {
        p = put_str(p, c ? ", \"" : "\"");
        p = put_str(p, count_names[c]);
        p = put_str(p, "\": ");
        p = put_u64(p, total[c]);
    }
    p = put_str(p, "}\n");
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return;
    for (char *q = buf; q < p;) {
        ssize_t k = write(fd, q, (size_t)(p - q));
        if (k <= 0)
            break;
        q += k;
    }
    close(fd);
}
