/*
 * os.h: everything NextGen-Malloc asks of the operating system, in one place.
 * Never allocates through malloc; every function is safe to call before
 * constructors and from the server thread.
 */
#ifndef NGMALLOC_OS_H
#define NGMALLOC_OS_H

#include <stddef.h>
#include <stdint.h>

size_t os_page_size(void);
/* Anonymous read-write mapping, lazily backed; NULL on failure. */
void *os_map(size_t len);
/* Like os_map but aligned to `align` (a power of two >= page size). */
void *os_map_aligned(size_t len, size_t align);
/* Like os_map, at exactly addr, which nothing may occupy yet
 * (MAP_FIXED_NOREPLACE); NULL when something does or the OS refuses. */
void *os_map_at(void *addr, size_t len);
/* 1 when nothing is mapped at either end of [addr, addr+len): the range
 * is taken to be free for os_map_at (it is not reserved: reserving counts
 * against RLIMIT_AS). */
int os_range_free(void *addr, size_t len);
/* Bytes of address space the allocator's mappings take now (every
 * os_map*, less what was unmapped). */
uint64_t os_mapped_bytes(void);
void os_unmap(void *p, size_t len);
/* Grow or shrink a mapping, moving it if needed; NULL on failure. */
void *os_remap(void *p, size_t old_len, size_t new_len);
/* Give the pages back; they read as zero afterwards. */
void os_release(void *p, size_t len);
/* Back the pages of [p, p+len) with zeroed memory now, as writes would
 * (MADV_POPULATE_WRITE): 0 when done, OS_PREFAULT_UNSUPPORTED when the
 * kernel has no such call (before Linux 5.14), -1 on other failures (out of
 * memory: the pages are then faulted in later, or not at all). */
#define OS_PREFAULT_UNSUPPORTED (-2)
int os_prefault(void *p, size_t len);
/* 1 when every page overlapping [p, p+len) is resident (mincore). */
int os_resident(const void *p, size_t len);
/* The address-space limit (RLIMIT_AS), or SIZE_MAX when unlimited. */
size_t os_as_limit(void);

void os_futex_wait(_Atomic uint32_t *word, uint32_t expected);
void os_futex_wake(_Atomic uint32_t *word, int n);
/* Like os_futex_wait, but returns after `ms` milliseconds at the latest. */
void os_futex_wait_ms(_Atomic uint32_t *word, uint32_t expected, long ms);
/* 1 when the main thread has exited (pthread_exit) and at most `servers`
 * other threads, the caller among them, are left; 0 otherwise or when /proc
 * cannot tell. */
int os_main_gone_and_alone(unsigned servers);
static inline void os_pause(void) { __builtin_ia32_pause(); }
void os_yield(void);

/* Note the CPUs the calling thread may run on: the set os_pin_self and
 * os_unpin_self work in. Call before starting the threads that use them. */
void os_cpus_snapshot(void);
/* Pin the calling thread to `cpu`; -1 picks the nth CPU counting back from
 * the last one the process may run on (wrapping round the set). Returns the
 * CPU pinned to, or -1 when the thread was left as it was. */
int os_pin_self(int cpu, unsigned nth);
/* Let the calling thread run on every CPU of os_cpus_snapshot's set (the
 * scheduler then places it). */
void os_unpin_self(void);
/* How many CPUs the process's main thread may run on now (at least 1). */
unsigned os_cpus_allowed(void);
/* CPU time the whole process has used, in nanoseconds. */
uint64_t os_process_cpu_ns(void);
/* Nanoseconds the calling thread has spent runnable but waiting for a CPU
 * (/proc/thread-self/schedstat), or, without /proc, its involuntary context
 * switches times one millisecond: either grows only when the thread's CPU
 * is shared with other runnable work. */
uint64_t os_thread_wait_ns(void);
/* The same for thread `tid` of this process, from /proc only: 1 with *ns
 * set, 0 when it cannot be read. */
int os_task_wait_ns(int tid, uint64_t *ns);
int os_gettid(void);
/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t os_now_ns(void);
/* CLOCK_MONOTONIC_COARSE in nanoseconds: a few milliseconds' resolution,
 * but far cheaper than the TSC or the precise clock where a hypervisor
 * traps those (~200 ns a read on the 2-CPU VM). */
uint64_t os_coarse_ns(void);
/* The CPU's time-stamp counter: cheap, for ratios and short spins. */
static inline uint64_t os_ticks(void) { return __builtin_ia32_rdtsc(); }
/* Environment lookup that works before libc's constructors have run. In
 * secure-execution mode (AT_SECURE: setuid or setgid programs, file
 * capabilities) every name reads as unset, as glibc treats its own
 * MALLOC_ tunables there: the environment is the invoking user's. */
const char *os_getenv(const char *name);
/* One line "ngmalloc: ..." to stderr, formatted into a stack buffer
 * (control characters in it are the caller's to avoid); errno is kept. */
void os_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Write buf[0..len) to stderr whole (malloc_stats). */
void os_print(const char *buf, size_t len);
/* The same as os_warn, then abort(). */
void os_fatal(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* Write a whole buffer to file `path`, which must not be a symbolic link
 * and is either created here or exists empty (as mkstemp leaves it): a
 * file with content is never truncated. NULL on success, else why not
 * (a static string). errno is left as it was. */
const char *os_write_new_file(const char *path, const char *buf, size_t len);

#endif
