/*
 * A program with known allocator calls, for the call-counting shim's test.
 * usage: callcount_target N. The main thread and two more threads each do N
 * rounds of: malloc, calloc, realloc, posix_memalign, aligned_alloc,
 * memalign, and 5 frees. So over N, the counts grow by 3N malloc, 3N calloc,
 * 3N realloc, 9N aligned and 15N free (the thread machinery's own calls are
 * the same for every N). Built with -fno-builtin so no call is elided.
 */
#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>

static void *volatile sink;

static void *rounds(void *arg)
{
    long n = (long)arg;
    for (long i = 0; i < n; i++) {
        void *p = malloc(16);
        void *q = calloc(2, 8);
        p = realloc(p, 64);
        void *a = NULL;
        if (posix_memalign(&a, 64, 32) != 0)
            abort();
        void *b = aligned_alloc(64, 64);
        void *c = memalign(64, 32);
        sink = p;
        free(p);
        free(q);
        free(a);
        free(b);
        free(c);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 0;
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        if (pthread_create(&t[i], NULL, rounds, (void *)n) != 0)
            return 1;
    rounds((void *)n);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    return 0;
}
