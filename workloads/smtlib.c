/* workloads/smtlib.c: the SMT-LIB problem generator (see smtlib.h). */
#include "workloads/smtlib.h"
#include "workloads/bench.h"   /* the seeded generator (header-only part) */

#define VARS 8
#define CONSTRAINTS 10
#define DEPTH 4

struct problem {
    FILE *out;
    struct rng r;
    uint32_t value[VARS];      /* the planted solution */
};

/* The planted content of `mem`: any function will do. */
static uint32_t mem_at(uint32_t address) { return address * 0x9e3779b1u + 0x7f4a7c15u; }

static uint32_t pick(struct problem *p, uint32_t n) { return (uint32_t)rng_below(&p->r, n); }

static uint32_t constant(struct problem *p) { return (uint32_t)rng_next(&p->r); }

/* Writes a random expression of the given depth and returns its value
 * under the planted solution. */
static uint32_t expression(struct problem *p, int depth, bool top)
{
    uint32_t leaf = pick(p, 8);
    if (depth == 0 || (leaf < 2 && !top)) {
        if (leaf == 0) {
            uint32_t c = constant(p);
            fprintf(p->out, "#x%08x", c);
            return c;
        }
        uint32_t v = pick(p, VARS);
        fprintf(p->out, "x%u", v);
        return p->value[v];
    }
    static const char *const ops[] = { "bvadd", "bvmul", "bvxor", "bvand", "bvor", "bvshl", "bvlshr", "select" };
    uint32_t op = pick(p, sizeof ops / sizeof ops[0]);
    if (op >= 5) {   /* a shift by a constant, or a read of mem */
        uint32_t amount = 1 + pick(p, 31);
        fprintf(p->out, op == 7 ? "(select mem " : "(%s ", ops[op]);
        uint32_t a = expression(p, depth - 1, false);
        if (op == 7) {
            fputc(')', p->out);
            return mem_at(a);
        }
        fprintf(p->out, " #x%08x)", amount);
        return op == 5 ? a << amount : a >> amount;
    }
    fprintf(p->out, "(%s ", ops[op]);
    uint32_t a = expression(p, depth - 1, false);
    fputc(' ', p->out);
    /* A product of two unknowns can make one problem take minutes. */
    uint32_t b = op == 1 ? constant(p) : 0;
    if (op == 1)
        fprintf(p->out, "#x%08x", b);
    else
        b = expression(p, depth - 1, false);
    fputc(')', p->out);
    switch (op) {
    case 0: return a + b;
    case 1: return a * b;
    case 2: return a ^ b;
    case 3: return a & b;
    default: return a | b;
    }
}

/* (define-fun NAME () (_ BitVec 32) EXPR): a name for an expression used more than once. */
static void define(struct problem *p, const char *name)
{
    fprintf(p->out, "(define-fun %s () (_ BitVec 32) ", name);
    expression(p, DEPTH, true);
    fputs(")\n", p->out);
}

/* Asserts that an identity true for all values fails: unsatisfiable. */
static void false_identity(struct problem *p)
{
    define(p, "p");
    define(p, "q");
    switch (pick(p, 3)) {
    case 0:
        fputs("(assert (distinct (bvadd p q) (bvadd (bvxor p q) (bvshl (bvand p q) #x00000001))))\n", p->out);
        break;
    case 1:
        fputs("(assert (distinct (select (store (store mem p q) (bvadd p #x00000001) p) p) q))\n", p->out);
        break;
    default:
        fprintf(p->out, "(assert (= (bvmul p #x00000002) #x%08x))\n", constant(p) | 1u);
        break;
    }
}

static void write_problem(struct problem *p, bool unsat)
{
    fputs("(set-logic QF_ABV)\n(declare-const mem (Array (_ BitVec 32) (_ BitVec 32)))\n", p->out);
    for (int v = 0; v < VARS; v++) {
        p->value[v] = constant(p);
        fprintf(p->out, "(declare-const x%d (_ BitVec 32))\n", v);
    }
    for (int c = 0; c < CONSTRAINTS; c++) {
        fputs("(assert (= ", p->out);
        uint32_t value = expression(p, DEPTH, true);
        fprintf(p->out, " #x%08x))\n", value);
    }
    if (unsat)
        false_identity(p);
    fputs("(check-sat)\n(reset)\n", p->out);
}

int smtlib_write(FILE *problems, FILE *answers, long count, uint64_t seed)
{
    for (long i = 0; i < count; i++) {
        struct problem p = { .out = problems, .r = rng_for(seed, (uint64_t)i) };
        bool unsat = i % 2 == 1;
        write_problem(&p, unsat);
        fputs(unsat ? "unsat\n" : "sat\n", answers);
    }
    return ferror(problems) || ferror(answers) ? -1 : 0;
}
