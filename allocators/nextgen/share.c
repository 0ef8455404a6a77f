/* share.c: the CPU-sharing decisions (see share.h). */
#include "share.h"

#define SHARE_WAIT_PER_MILLE 50          /* the server waiting over 5% of a window */
#define SHARE_CLIENT_WAIT_PER_MILLE 200  /* a client waiting over 20% */
#define SHARE_HOT_CHECKS 2               /* hot windows in a row that make it shared */
#define SHARE_CALM_MAX (SHARE_CALM_CHECKS * 20)

void share_start(ng_share_t *s, uint64_t ticks, uint64_t wait_ns, uint64_t now_ns)
{
    *s = (ng_share_t){ .calm_needed = SHARE_CALM_CHECKS, .since_home = SHARE_CALM_CHECKS,
                       .next_check = ticks + SHARE_CHECK_TICKS, .wait_ns = wait_ns, .now_ns = now_ns };
}

int share_server_waited(ng_share_t *s, uint64_t ticks, uint64_t wait_ns, uint64_t now_ns,
                        uint64_t *elapsed_ns)
{
    uint64_t waited = wait_ns - s->wait_ns;
    *elapsed_ns = now_ns - s->now_ns;
    s->next_check = ticks + SHARE_CHECK_TICKS;
    s->wait_ns = wait_ns;
    s->now_ns = now_ns;
    s->since_home++;
    return waited * 1000 > *elapsed_ns * SHARE_WAIT_PER_MILLE;
}

int share_client_waited(uint64_t waited_ns, uint64_t elapsed_ns)
{
    return waited_ns * 1000 > elapsed_ns * SHARE_CLIENT_WAIT_PER_MILLE;
}

static int share_set(ng_share_t *s, int shared)
{
    if (s->shared == shared)
        return 0;
    s->shared = shared;
    s->calm = 0;
    if (shared && s->since_home < SHARE_CALM_CHECKS / 4 && s->calm_needed < SHARE_CALM_MAX)
        s->calm_needed *= 2;
    s->since_home = 0;
    return 1;
}

int share_record(ng_share_t *s, int hot)
{
    if (!hot) {
        s->hot = 0;
        return ++s->calm >= s->calm_needed && share_set(s, 0);
    }
    return ++s->hot >= SHARE_HOT_CHECKS && share_set(s, 1);
}

void share_skip(ng_share_t *s, uint64_t ns, uint64_t ticks)
{
    s->now_ns += ns;
    s->next_check += ticks;
}

int share_idle(ng_share_t *s, uint64_t idle_ns)
{
    if (!s->shared || idle_ns < SHARE_IDLE_NS)
        return 0;
    share_set(s, 0);
    s->calm_needed = SHARE_CALM_CHECKS;
    return 1;
}
