/*
 * threads.c N K: N threads live at once, each making K malloc/free pairs
 * (16 to 1,024 bytes) and keeping one block until every thread has
 * started; prints the wall time and the time per thread. The load of
 * issue 21 item 2 (thread-per-connection servers, big thread pools);
 * threads.py runs it under each allocator side by side.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static pthread_barrier_t all_started;
static long pairs;

static void *worker(void *arg)
{
    size_t seed = (size_t)arg;
    void *keep = malloc(64);
    for (long i = 0; i < pairs; i++) {
        size_t n = 16 + (seed * 31 + (size_t)i * 17) % 1009;
        char *p = malloc(n);
        p[0] = (char)i;
        free(p);
    }
    pthread_barrier_wait(&all_started);
    free(keep);
    return NULL;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 0;
    pairs = argc > 2 ? atol(argv[2]) : -1;
    if (n < 1 || pairs < 0) {
        fprintf(stderr, "usage: threads N K (N >= 1 threads, K >= 0 pairs each)\n");
        return 2;
    }
    pthread_t *t = malloc((size_t)n * sizeof *t);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 64 << 10);
    pthread_barrier_init(&all_started, NULL, (unsigned)n);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (long i = 0; i < n; i++)
        if (pthread_create(&t[i], &attr, worker, (void *)(size_t)i) != 0) {
            fprintf(stderr, "threads: thread %ld could not be created\n", i);
            return 1;
        }
    for (long i = 0; i < n; i++)
        pthread_join(t[i], NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("%ld threads, %ld pairs each: %.3f s, %.1f us a thread\n", n, pairs, s, s * 1e6 / (double)n);
    free(t);
    return 0;
}
