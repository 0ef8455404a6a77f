/*
 * test_prefault: the heap has a fresh block's pages backed before it hands
 * the block out (NGMALLOC_PREFAULT, on by default), so that the program
 * does not take those page faults itself. A block larger than a page gets
 * its first page only, so a large buffer the program never fills stays
 * unbacked, until the heap has seen that the program writes that class's
 * blocks whole: then it prefaults them whole. Pool spans a class over a
 * page used, then given to a small class, are backed for it. With
 * NGMALLOC_PREFAULT=0 nothing is backed until written.
 * Residency is read with mincore() before the test writes anything.
 * Skips (77) on a kernel without MADV_POPULATE_WRITE (before Linux 5.14).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tests/check.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

#define SMALL      1000     /* class 1024: four blocks a page */
#define NSMALL     256
#define SKIP_SMALL 16       /* blocks whose pages the process may have used already */
#define LARGE      24000    /* class 24 KiB: six pages a block, page-aligned */
#define NLARGE     16
#define WHOLE      12000    /* class 12 KiB: three pages a block, page-aligned */
#define NWRITTEN   512      /* blocks written whole: the heap learns from them */
#define NWHOLE     64       /* blocks then checked */
#define MOVED      8000     /* class 8 KiB: in the pool, over a page */
#define NMOVED     256
#define TINY       64
#define NTINY      2000

static size_t page;

static int resident(const void *p)
{
    unsigned char v = 0;
    void *start = (void *)((uintptr_t)p & ~(uintptr_t)(page - 1));
    CHECK(mincore(start, page, &v) == 0);
    return v & 1;
}

static int all_resident(const char *p, size_t len)
{
    for (size_t off = 0; off < len; off += page)
        if (!resident(p + off))
            return 0;
    return resident(p + len - 1);
}

static int kernel_can_prefault(void)
{
    void *p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(p != MAP_FAILED);
    int ok = madvise(p, page, MADV_POPULATE_WRITE) == 0 || errno != EINVAL;
    munmap(p, page);
    return ok;
}

/* With transparent huge pages always on, one touched page can back its
 * whole 2 MiB neighbourhood, so "not resident" cannot be asserted. */
static int thp_always(void)
{
    char buf[128] = "";
    FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
    if (f) {
        if (!fgets(buf, sizeof buf, f))
            buf[0] = 0;
        fclose(f);
    }
    return strstr(buf, "[always]") != NULL;
}

/* Pool spans that served a class over a page (its blocks handed out, only
 * their first pages backed) and then serve a small class: the small
 * class's blocks must be backed too. (The span kept the big class's mark
 * at first, and about half such small blocks sat on unbacked pages.) */
static int moved_spans_backed(void)
{
    static char *moved[NMOVED], *tiny[NTINY];
    for (int i = 0; i < NMOVED; i++)
        if ((moved[i] = malloc(MOVED)) != NULL)
            moved[i][0] = 1;
    for (int i = 0; i < NMOVED; i++)
        free(moved[i]);
    for (int i = 0; i < 2; i++)   /* round trips: the server has drained those frees */
        free(malloc(1 << 20));
    int backed = 0;
    for (int i = 0; i < NTINY; i++)
        if ((tiny[i] = malloc(TINY)) != NULL)
            backed += resident(tiny[i]) && resident(tiny[i] + TINY - 1);
    for (int i = 0; i < NTINY; i++)
        free(tiny[i]);
    printf("small blocks on spans a class over a page had: %d/%d backed\n", backed, NTINY);
    return backed;
}

int main(void)
{
    page = (size_t)sysconf(_SC_PAGESIZE);
    if (!kernel_can_prefault()) {
        printf("SKIP: the kernel has no MADV_POPULATE_WRITE\n");
        return 77;
    }
    const char *env = getenv("NGMALLOC_PREFAULT");
    int on = !(env && strcmp(env, "0") == 0);
    int may_assert_absent = !thp_always();

    static char *small[NSMALL], *large[NLARGE];
    for (int i = 0; i < NSMALL; i++)
        CHECK((small[i] = malloc(SMALL)) != NULL);
    for (int i = 0; i < NLARGE; i++)
        CHECK((large[i] = malloc(LARGE)) != NULL);

    int small_backed = 0, first_backed = 0, tail_backed = 0;
    for (int i = SKIP_SMALL; i < NSMALL; i++)
        small_backed += resident(small[i]) && resident(small[i] + SMALL - 1);
    for (int i = 0; i < NLARGE; i++) {
        first_backed += resident(large[i]);
        tail_backed += resident(large[i] + LARGE - 1);
    }
    printf("prefault %s: small blocks backed %d/%d, large first pages %d/%d, large last pages %d/%d\n",
           on ? "on" : "off", small_backed, NSMALL - SKIP_SMALL, first_backed, NLARGE, tail_backed, NLARGE);
    if (on) {
        CHECK(small_backed == NSMALL - SKIP_SMALL);
        CHECK(first_backed == NLARGE);
    } else if (may_assert_absent) {
        CHECK(small_backed == 0);
        CHECK(first_backed == 0);
    }
    if (may_assert_absent)
        CHECK(tail_backed == 0);

    /* A class whose blocks the program writes whole. (One block in 16 is
     * still prefaulted by its first page only: the heap keeps watching.) */
    static char *written[NWRITTEN], *fresh[NWHOLE];
    for (int i = 0; i < NWRITTEN; i++) {
        CHECK((written[i] = malloc(WHOLE)) != NULL);
        memset(written[i], i, WHOLE);
    }
    for (int i = 0; i < NWHOLE; i++)
        CHECK((fresh[i] = malloc(WHOLE)) != NULL);
    int whole_backed = 0;
    for (int i = 0; i < NWHOLE; i++)
        whole_backed += all_resident(fresh[i], WHOLE);
    printf("prefault %s: after %d blocks written whole, %d/%d fresh ones backed whole\n",
           on ? "on" : "off", NWRITTEN, whole_backed, NWHOLE);
    if (on)
        CHECK(whole_backed >= NWHOLE * 3 / 4);
    else if (may_assert_absent)
        CHECK(whole_backed == 0);
    for (int i = 0; i < NWRITTEN; i++)
        free(written[i]);
    for (int i = 0; i < NWHOLE; i++)
        free(fresh[i]);

    for (int i = 0; i < NSMALL; i++) {
        memset(small[i], i, SMALL);
        free(small[i]);
    }
    for (int i = 0; i < NLARGE; i++) {
        memset(large[i], i, LARGE);
        free(large[i]);
    }
    int moved_backed = moved_spans_backed();
    if (on)
        CHECK(moved_backed == NTINY);
    return CHECK_DONE();
}
