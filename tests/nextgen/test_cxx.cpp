/*
 * test_cxx: C++ operator new and delete in every form route through the
 * preloaded heap; a failing new calls the new-handler and then throws
 * std::bad_alloc; nothrow new returns nullptr.
 */
#include <cstdint>
#include <cstdio>
#include <malloc.h>
#include <new>

static int failures;
#define EXPECT(cond) \
    do { if (!(cond)) { failures++; std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); } } while (0)

static int handler_calls;
static void handler() { handler_calls++; std::set_new_handler(nullptr); }

struct alignas(256) Wide { char bytes[300]; };

static volatile std::size_t huge = std::size_t(1) << 62;

int main()
{
    int *one = new int(7);
    EXPECT(malloc_usable_size(one) == 16);       /* our smallest class; glibc says 24 */
    delete one;
    int *many = new int[25];                      /* 100 bytes: our 112-byte class */
    EXPECT(malloc_usable_size(many) == 112);
    delete[] many;
    Wide *w = new Wide;
    EXPECT(reinterpret_cast<std::uintptr_t>(w) % 256 == 0);
    delete w;
    Wide *ws = new Wide[3];
    EXPECT(reinterpret_cast<std::uintptr_t>(ws) % 256 == 0);
    delete[] ws;
    void *p = ::operator new(100, std::align_val_t(4096));
    EXPECT(reinterpret_cast<std::uintptr_t>(p) % 4096 == 0);
    ::operator delete(p, 100, std::align_val_t(4096));
    EXPECT(::operator new(huge, std::nothrow) == nullptr);
    EXPECT(::operator new[](huge, std::align_val_t(64), std::nothrow) == nullptr);
    bool thrown = false;
    std::set_new_handler(handler);
    try {
        void *q = ::operator new(huge);
        ::operator delete(q);
    } catch (const std::bad_alloc &) {
        thrown = true;
    }
    EXPECT(thrown && handler_calls == 1);
    if (failures)
        std::fprintf(stderr, "%d check(s) failed\n", failures);
    return failures != 0;
}
