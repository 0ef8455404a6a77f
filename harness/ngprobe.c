/*
 * ngprobe: run under an allocator's preload before a matrix starts, it says
 * which loaded object provides malloc and free, so that a library that did not
 * bind (a wrong path, a library without malloc) is an error, never a silent
 * glibc run.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

static const char *provider(const char *symbol)
{
    Dl_info info;
    void *addr = dlsym(RTLD_DEFAULT, symbol);
    return addr && dladdr(addr, &info) && info.dli_fname ? info.dli_fname : "unresolved";
}

int main(void)
{
    /* Allocate through the symbol as a program would, so a lazy allocator initialises. */
    void *volatile p = malloc(24);
    free(p);
    printf("ngbench-result: malloc=%s free=%s\n", provider("malloc"), provider("free"));
    return 0;
}
