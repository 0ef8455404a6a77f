/*
 * tests/nextgen/budget.h: for tests that must never hang but may run slowly
 * on a loaded machine (the allocator's server then waits for a CPU).
 *
 * budget_start(stall_s, budget_s) arms a SIGALRM watchdog that fails the
 * test (one line on stderr, exit 1) when budget_progress() has not been
 * called for stall_s seconds (detected within 2 * stall_s): a hang, not a
 * slow run. budget_spent() says
 * when budget_s seconds have passed, so a loop that has done its minimum
 * stops there instead of stretching with the machine's load. Children of
 * fork do not inherit the alarm. Header-only; one test per process.
 */
#ifndef NGBENCH_TESTS_NEXTGEN_BUDGET_H
#define NGBENCH_TESTS_NEXTGEN_BUDGET_H

#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static atomic_ulong budget_progress_count;
static unsigned long budget_progress_seen;
static unsigned budget_stall_s;
static struct timespec budget_deadline;

static void budget_progress(void)
{
    atomic_fetch_add_explicit(&budget_progress_count, 1, memory_order_relaxed);
}

static void budget_alarm(int sig)
{
    (void)sig;
    unsigned long now = atomic_load_explicit(&budget_progress_count, memory_order_relaxed);
    if (now == budget_progress_seen) {
        static const char msg[] = "budget: no progress for the watchdog's whole stall time: hung\n";
        ssize_t r = write(2, msg, sizeof msg - 1);
        (void)r;
        _exit(1);
    }
    budget_progress_seen = now;
    alarm(budget_stall_s);
}

static void budget_start(unsigned stall_s, unsigned budget_s)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = budget_alarm;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    budget_stall_s = stall_s;
    budget_progress_seen = atomic_load(&budget_progress_count);
    clock_gettime(CLOCK_MONOTONIC, &budget_deadline);
    budget_deadline.tv_sec += budget_s;
    alarm(stall_s);
}

static int budget_spent(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec > budget_deadline.tv_sec ||
           (now.tv_sec == budget_deadline.tv_sec && now.tv_nsec >= budget_deadline.tv_nsec);
}

#endif
