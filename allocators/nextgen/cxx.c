/*
 * cxx.c: C++ operator new and delete in every form, by their mangled names,
 * so C++ programs route through NextGen-Malloc without linking libstdc++.
 * A failing throwing new calls the program's new-handler, then throws
 * std::bad_alloc through libstdc++ when the program has it (weak references).
 */
#include <stddef.h>
#include <stdlib.h>

#include "api.h"
#include "os.h"
#include "types.h"

typedef void (*new_handler_t)(void);
extern new_handler_t _ZSt15get_new_handlerv(void) __attribute__((weak));
extern void _ZSt17__throw_bad_allocv(void) __attribute__((weak, noreturn));

static void *cxx_new(size_t n, size_t align, int nothrow)
{
    for (;;) {
        void *p = align ? ng_memalign(align, n) : malloc(n);
        if (NG_LIKELY(p != NULL))
            return p;
        new_handler_t h = _ZSt15get_new_handlerv ? _ZSt15get_new_handlerv() : NULL;
        if (h) {
            h();
            continue;
        }
        if (nothrow)
            return NULL;
        if (_ZSt17__throw_bad_allocv)
            _ZSt17__throw_bad_allocv();
        os_fatal("operator new of %zu bytes failed and std::bad_alloc is unavailable", n);
    }
}

#define NOTHROW_T const void *   /* const std::nothrow_t & */

NG_API void *_Znwm(size_t n) { return cxx_new(n, 0, 0); }
NG_API void *_Znam(size_t n) { return cxx_new(n, 0, 0); }
NG_API void *_ZnwmRKSt9nothrow_t(size_t n, NOTHROW_T t) { (void)t; return cxx_new(n, 0, 1); }
NG_API void *_ZnamRKSt9nothrow_t(size_t n, NOTHROW_T t) { (void)t; return cxx_new(n, 0, 1); }
NG_API void *_ZnwmSt11align_val_t(size_t n, size_t a) { return cxx_new(n, a, 0); }
NG_API void *_ZnamSt11align_val_t(size_t n, size_t a) { return cxx_new(n, a, 0); }
NG_API void *_ZnwmSt11align_val_tRKSt9nothrow_t(size_t n, size_t a, NOTHROW_T t) { (void)t; return cxx_new(n, a, 1); }
NG_API void *_ZnamSt11align_val_tRKSt9nothrow_t(size_t n, size_t a, NOTHROW_T t) { (void)t; return cxx_new(n, a, 1); }

NG_API void _ZdlPv(void *p) { free(p); }
NG_API void _ZdaPv(void *p) { free(p); }
NG_API void _ZdlPvm(void *p, size_t n) { (void)n; free(p); }
NG_API void _ZdaPvm(void *p, size_t n) { (void)n; free(p); }
NG_API void _ZdlPvRKSt9nothrow_t(void *p, NOTHROW_T t) { (void)t; free(p); }
NG_API void _ZdaPvRKSt9nothrow_t(void *p, NOTHROW_T t) { (void)t; free(p); }
NG_API void _ZdlPvSt11align_val_t(void *p, size_t a) { (void)a; free(p); }
NG_API void _ZdaPvSt11align_val_t(void *p, size_t a) { (void)a; free(p); }
NG_API void _ZdlPvmSt11align_val_t(void *p, size_t n, size_t a) { (void)n; (void)a; free(p); }
NG_API void _ZdaPvmSt11align_val_t(void *p, size_t n, size_t a) { (void)n; (void)a; free(p); }
NG_API void _ZdlPvSt11align_val_tRKSt9nothrow_t(void *p, size_t a, NOTHROW_T t) { (void)a; (void)t; free(p); }
NG_API void _ZdaPvSt11align_val_tRKSt9nothrow_t(void *p, size_t a, NOTHROW_T t) { (void)a; (void)t; free(p); }
