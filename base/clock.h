/*
 * base/clock.h: seconds on the monotonic clock, the one clock ngbench
 * times runs and progress with (wall-clock jumps never reach a measurement).
 */
#ifndef NGBENCH_BASE_CLOCK_H
#define NGBENCH_BASE_CLOCK_H

#include <time.h>

static inline double monotonic_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#endif
