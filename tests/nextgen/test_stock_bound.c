/*
 * test_stock_bound: a thread's stock of a class never holds more than twice
 * the class's target (at most 2 x 128 KiB of blocks), however the program
 * takes and frees. The pattern that broke it: take a batch of blocks (the
 * stock drops below its low mark and is refilled while they are out), free
 * them in the order taken (each goes straight back into the stock), with
 * batches growing, so that every round the stock ended a batch larger.
 * Xalan's 80-96 KiB classes held 64 blocks each that way.
 *
 * The test runs the pattern in a child process (itself, re-executed with
 * NGMALLOC_STATS set) and reads bytes_in_stocks from its statistics file:
 * the stocks as they were at the child's exit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/check.h"
#include "tests/nextgen/child_stats.h"

#define SIZE      30000          /* class 32 KiB: a target of four blocks */
#define MAX_BATCH 64
#define BOUND     (2 * (128L << 10) + (64L << 10))   /* twice a class's most, and the start-up's own stocks */

static void pattern(void)
{
    static char *blocks[MAX_BATCH];
    for (int round = 0; round < 4; round++)
        for (int batch = 1; batch <= MAX_BATCH; batch++) {
            for (int i = 0; i < batch; i++) {
                blocks[i] = malloc(SIZE);
                memset(blocks[i], batch, 64);
            }
            for (int i = 0; i < batch; i++)
                free(blocks[i]);
        }
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "child") == 0) {
        pattern();
        return 0;
    }
    char stats[4096];
    child_stats(argv[0], "child", -1, stats, sizeof stats);
    long stocked = (long)stat_of(stats, "bytes_in_stocks");
    printf("bytes in stocks at exit: %ld (bound %ld)\n", stocked, BOUND);
    CHECK(stocked >= 0);
    CHECK(stocked <= BOUND);
    return CHECK_DONE();
}
