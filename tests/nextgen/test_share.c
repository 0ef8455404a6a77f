/*
 * test_share: the CPU-sharing decisions (allocators/nextgen/share.c), linked
 * in directly, not preloaded. Two kinds of input:
 *
 *  - traces recorded from real servers (tests/nextgen/data/share-*.txt):
 *    every input share.c was given, in order, with the verdicts the live
 *    server reached; replaying them must reach the same verdicts. Lines:
 *      s TICKS WAIT_NS NOW_NS    share_start
 *      w TICKS WAIT_NS NOW_NS    a window ended (share_server_waited)
 *      c WAITED_NS ELAPSED_NS    a client looked at (share_client_waited)
 *      r HOT                     the window's verdict (share_record's input)
 *      i IDLE_NS                 asleep that long with nothing to do (share_idle)
 *      k NS TICKS                a sleep left out of the window (share_skip)
 *      v SHARED                  the verdict after it
 *  - windows built here, one rule at a time.
 *
 * Usage: test_nextgen_share TRACE_DIR
 */
#include <stdio.h>
#include <stdlib.h>

#include "allocators/nextgen/share.h"
#include "tests/check.h"

#define MS 1000000ull

typedef struct {
    unsigned windows, hot, changes;
    int shared;
} replay_t;

/* Replay one trace; every verdict must equal the recorded one. */
static replay_t replay(const char *path)
{
    replay_t out = { 0 };
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "test_share: cannot read %s\n", path);
        exit(2);
    }
    ng_share_t s;
    share_start(&s, 0, 0, 0);
    int hot = 0, line_no = 0;
    char kind;
    unsigned long long a, b, c;
    char line[128];
    while (fgets(line, sizeof line, f)) {
        line_no++;
        int n = sscanf(line, "%c %llu %llu %llu", &kind, &a, &b, &c);
        uint64_t elapsed;
        switch (n >= 2 ? kind : '?') {
        case 's':
            share_start(&s, a, b, c);
            break;
        case 'w':
            CHECK(share_due(&s, a));
            hot = share_server_waited(&s, a, b, c, &elapsed);
            out.windows++;
            break;
        case 'c':
            hot |= share_client_waited(a, b);
            break;
        case 'r':
            if ((int)a != hot)
                fprintf(stderr, "%s:%d: window judged %d, recorded %llu\n", path, line_no, hot, a);
            CHECK((int)a == hot);
            out.hot += hot;
            out.changes += (unsigned)share_record(&s, hot);
            break;
        case 'i':
            out.changes += (unsigned)share_idle(&s, a);
            break;
        case 'k':
            share_skip(&s, a, b);
            break;
        case 'v':
            if ((int)a != s.shared)
                fprintf(stderr, "%s:%d: verdict %d, recorded %llu\n", path, line_no, s.shared, a);
            CHECK((int)a == s.shared);
            break;
        default:
            fprintf(stderr, "%s:%d: not a trace line\n", path, line_no);
            exit(2);
        }
    }
    fclose(f);
    out.shared = s.shared;
    return out;
}

static void trace_path(char *buf, size_t size, const char *dir, const char *name)
{
    snprintf(buf, size, "%s/%s", dir, name);
}

/* test_crowded's situation: two busy threads pinned to CPU 0, the server
 * alone on CPU 1. Its own CPU is free; its clients wait. */
static void crowded_clients_make_it_shared(const char *dir)
{
    char path[512];
    trace_path(path, sizeof path, dir, "share-crowded.txt");
    replay_t r = replay(path);
    CHECK(r.windows >= 2);
    CHECK(r.shared == 1);
}

/* Xalan (one thread) with the server pinned to the other CPU while the
 * machine ran other work on both (load average about 16): shared soon,
 * and never flipping at every window. */
static void busy_machine_shares_without_flapping(const char *dir)
{
    char path[512];
    trace_path(path, sizeof path, dir, "share-xalan-busy.txt");
    replay_t r = replay(path);
    CHECK(r.hot >= 2);
    CHECK(r.changes >= 1);
    CHECK(r.changes * 10 <= r.windows + 10);
}

/* Feed a window of `elapsed` awake time in which the server waited
 * `waited`; returns share_record's result. */
static int window(ng_share_t *s, uint64_t *now, uint64_t *wait, uint64_t waited, uint64_t elapsed)
{
    uint64_t ticks = s->next_check, unused;
    *now += elapsed;
    *wait += waited;
    return share_record(s, share_server_waited(s, ticks, *wait, *now, &unused));
}

/* Start, then two hot windows: shared. */
static void start_shared(ng_share_t *s, uint64_t *now, uint64_t *wait)
{
    share_start(s, 0, 0, 0);
    window(s, now, wait, MS, 10 * MS);
    window(s, now, wait, MS, 10 * MS);
    CHECK(s->shared);
}

static void one_hot_window_is_not_enough(void)
{
    ng_share_t s;
    uint64_t now = 0, wait = 0;
    share_start(&s, 0, 0, 0);
    CHECK(window(&s, &now, &wait, MS, 10 * MS) == 0);   /* 10%: hot */
    CHECK(!s.shared);
    CHECK(window(&s, &now, &wait, 0, 10 * MS) == 0);    /* calm: the run of hot ones ends */
    CHECK(window(&s, &now, &wait, MS, 10 * MS) == 0);
    CHECK(window(&s, &now, &wait, MS, 10 * MS) == 1);   /* two in a row */
    CHECK(s.shared);
}

static void thresholds(void)
{
    ng_share_t s;
    uint64_t unused;
    share_start(&s, 0, 0, 0);
    CHECK(!share_server_waited(&s, 1, 5 * MS, 100 * MS, &unused));   /* 5% exactly: calm */
    CHECK(share_server_waited(&s, 2, 10 * MS + 1, 200 * MS, &unused));
    CHECK(!share_client_waited(20 * MS, 100 * MS));                   /* 20% exactly: calm */
    CHECK(share_client_waited(20 * MS + 1, 100 * MS));
}

static void calm_ends_sharing_and_quick_relapse_doubles_it(void)
{
    ng_share_t s;
    uint64_t now = 0, wait = 0;
    start_shared(&s, &now, &wait);
    unsigned n = 1;
    while (!window(&s, &now, &wait, 0, 10 * MS))
        n++;
    CHECK(n == SHARE_CALM_CHECKS);
    CHECK(!s.shared);
    /* shared again three windows after coming home: twice the calm next time */
    window(&s, &now, &wait, 0, 10 * MS);
    window(&s, &now, &wait, MS, 10 * MS);
    window(&s, &now, &wait, MS, 10 * MS);
    CHECK(s.shared);
    n = 1;
    while (!window(&s, &now, &wait, 0, 10 * MS))
        n++;
    CHECK(n == 2 * SHARE_CALM_CHECKS);
}

static void long_idle_sleep_ends_sharing(void)
{
    ng_share_t s;
    uint64_t now = 0, wait = 0;
    start_shared(&s, &now, &wait);
    CHECK(!share_idle(&s, SHARE_IDLE_NS - 1));
    CHECK(s.shared);
    CHECK(share_idle(&s, SHARE_IDLE_NS));
    CHECK(!s.shared);
    CHECK(s.calm_needed == SHARE_CALM_CHECKS);
    CHECK(!share_idle(&s, SHARE_IDLE_NS));   /* already home */
}

/* A window counts awake time only: 1 ms of waiting in 10 ms awake is hot
 * even when the server slept 200 ms in between. */
static void sleep_is_left_out_of_the_window(void)
{
    ng_share_t s;
    uint64_t elapsed;
    share_start(&s, 1000, 0, 0);
    share_skip(&s, 200 * MS, 5000);
    CHECK(!share_due(&s, 1000 + SHARE_CHECK_TICKS));
    CHECK(share_due(&s, 6000 + SHARE_CHECK_TICKS));
    CHECK(share_server_waited(&s, 6000 + SHARE_CHECK_TICKS, MS, 210 * MS, &elapsed));
    CHECK(elapsed == 10 * MS);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_nextgen_share TRACE_DIR\n");
        return 2;
    }
    crowded_clients_make_it_shared(argv[1]);
    busy_machine_shares_without_flapping(argv[1]);
    one_hot_window_is_not_enough();
    thresholds();
    calm_ends_sharing_and_quick_relapse_doubles_it();
    long_idle_sleep_ends_sharing();
    sleep_is_left_out_of_the_window();
    return CHECK_DONE();
}
