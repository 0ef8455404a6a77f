/*
 * early.c: libngtest_early.so, preloaded after libngmalloc.so so that its
 * constructor runs before the allocator's: it allocates (and starts a
 * thread that allocates) while the allocator has not read its environment.
 * test_early then uses and frees those blocks.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define EARLY_BLOCKS 1000

__attribute__((visibility("default"))) char *early_blocks[EARLY_BLOCKS];
__attribute__((visibility("default"))) char *early_thread_block;

static void *early_thread(void *arg)
{
    (void)arg;
    early_thread_block = malloc(5000);
    memset(early_thread_block, 7, 5000);
    return NULL;
}

__attribute__((constructor)) static void allocate_early(void)
{
    for (int i = 0; i < EARLY_BLOCKS; i++) {
        early_blocks[i] = malloc((size_t)(i % 700) + 1);
        memset(early_blocks[i], i & 0x7f, (size_t)(i % 700) + 1);
        if (i % 3 == 0) {
            free(early_blocks[i]);
            early_blocks[i] = calloc(1, 64);
        }
    }
    pthread_t t;
    if (pthread_create(&t, NULL, early_thread, NULL) == 0)
        pthread_join(t, NULL);
}
