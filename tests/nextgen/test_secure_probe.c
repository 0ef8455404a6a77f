/*
 * test_secure_probe: linked against libngmalloc.so (not preloaded, so that
 * a setgid copy still loads it). Allocates a little and says whether it
 * ran in secure-execution mode and whose malloc served it; test_secure.sh
 * runs a setgid copy of it.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>

int main(void)
{
    Dl_info info;
    void *(*volatile m)(size_t) = malloc;
    int ours = dladdr((void *)m, &info) && info.dli_fname && strstr(info.dli_fname, "libngmalloc");
    char *p = malloc(100);
    int ok = p != NULL;
    free(p);
    printf("secure=%lu ngmalloc=%d alloc=%d\n", getauxval(AT_SECURE), ours, ok);
    return 0;
}
