/*
 * pairbench: the cost of a malloc+free pair of one small size, for whatever
 * allocator is preloaded. Each round allocates BATCH blocks, touches each,
 * and frees them; prints the best round's nanoseconds per pair (the least
 * disturbed by a shared machine).
 * Usage: pairbench [SIZE [BATCH [PAIRS_PER_ROUND [ROUNDS]]]]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
    size_t size = argc > 1 ? strtoul(argv[1], NULL, 10) : 64;
    int batch = argc > 2 ? atoi(argv[2]) : 1;
    long pairs = argc > 3 ? atol(argv[3]) : 4000000;
    int rounds = argc > 4 ? atoi(argv[4]) : 7;
    if (batch < 1 || batch > 4096 || pairs < batch || rounds < 1) {
        fprintf(stderr, "pairbench: bad arguments\n");
        return 2;
    }
    static char *v[4096];
    double best = 1e300;
    for (int r = 0; r < rounds; r++) {
        double t0 = now_ns();
        for (long i = 0; i < pairs; i += batch) {
            for (int k = 0; k < batch; k++) {
                v[k] = malloc(size);
                v[k][0] = (char)k;
            }
            for (int k = 0; k < batch; k++)
                free(v[k]);
        }
        double ns = (now_ns() - t0) / (double)pairs;
        if (ns < best)
            best = ns;
    }
    printf("%.2f\n", best);
    return 0;
}
