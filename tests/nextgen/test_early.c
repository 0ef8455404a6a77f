/*
 * test_early: blocks allocated before the allocator's constructor ran (by
 * libngtest_early.so, preloaded after it) are intact and can be freed once
 * the configured mode is in force; allocation goes on normally.
 */
#include <dlfcn.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "tests/check.h"

int main(void)
{
    char **blocks = (char **)dlsym(RTLD_DEFAULT, "early_blocks");
    char **thread_block = (char **)dlsym(RTLD_DEFAULT, "early_thread_block");
    CHECK(blocks && thread_block);
    if (!blocks || !thread_block)
        return CHECK_DONE();
    for (int i = 0; i < 1000; i++) {
        size_t n = i % 3 == 0 ? 64 : (size_t)(i % 700) + 1;
        char want = i % 3 == 0 ? 0 : (char)(i & 0x7f);
        CHECK(blocks[i] && malloc_usable_size(blocks[i]) >= n);
        CHECK(blocks[i][0] == want && blocks[i][n - 1] == want);
        free(blocks[i]);
    }
    CHECK(*thread_block && (*thread_block)[4999] == 7);
    free(*thread_block);
    for (int i = 0; i < 10000; i++)
        free(malloc((size_t)i % 3000));
    return CHECK_DONE();
}
