/* The one option parser: every kind of option, operands, help, and the same
 * one-line wording for every kind of mistake. */
#include "base/options.h"
#include "tests/check.h"

#include <stdarg.h>
#include <stdlib.h>

struct values {
    bool quick;
    const char *out;
    double alpha, timeout;
    long repeat;
    int pair;           /* set by parse_pair */
    const char *mismatch;
};

static int parse_pair(const char *value, void *out)
{
    struct values *v = out;
    if (strcmp(value, "a,b") != 0)
        return -1;
    v->pair = 1;
    return 0;
}

static int parse_mismatch(const char *value, void *out)
{
    struct values *v = out;
    v->mismatch = value ? value : "(all)";
    return value && strcmp(value, "bogus") == 0 ? -1 : 0;
}

static struct values v;
static const struct option_spec specs[] = {
    { .name = "quick", .kind = OPTION_FLAG, .out = &v.quick },
    { .name = "out", .kind = OPTION_STRING, .out = &v.out },
    { .name = "alpha", .kind = OPTION_NUMBER, .out = &v.alpha, .min = 1e-9, .max = 0.49,
      .want = "a level above 0 and below 0.5" },
    { .name = "timeout", .kind = OPTION_POSITIVE, .out = &v.timeout },
    { .name = "repeat", .kind = OPTION_INTEGER, .out = &v.repeat, .min = 1, .max = 100 },
    { .name = "pair", .kind = OPTION_CUSTOM, .out = &v, .parse = parse_pair, .want = "two names, A,B" },
    { .name = "allow-mismatch", .kind = OPTION_CUSTOM, .out = &v, .parse = parse_mismatch,
      .optional_value = true, .want = "field names" },
};
#define NSPECS (sizeof specs / sizeof specs[0])

/* Parses the NULL-terminated arguments after "cmd"; err and operands filled. */
static enum options_result parse(char *err, char **operands, size_t max, size_t *n, ...)
{
    static char *argv[32];
    va_list ap;
    int argc = 0;
    argv[argc++] = "cmd";
    va_start(ap, n);
    for (char *a; (a = va_arg(ap, char *)) != NULL;)
        argv[argc++] = a;
    va_end(ap);
    argv[argc] = NULL;
    memset(&v, 0, sizeof v);
    err[0] = '\0';
    return options_parse(argc, argv, specs, NSPECS, operands, max, n, err, 256);
}

static void every_kind_takes_its_value(void)
{
    char err[256], *ops[4];
    size_t n;
    CHECK(parse(err, ops, 4, &n, "--quick", "--out=r.json", "--alpha=0.01", "--timeout", "2.5",
                "--repeat=7", "--pair=a,b", "--allow-mismatch", NULL) == OPTIONS_OK);
    CHECK(v.quick && v.alpha == 0.01 && v.timeout == 2.5 && v.repeat == 7 && v.pair == 1 && n == 0);
    CHECK_STR(v.out, "r.json");
    CHECK_STR(v.mismatch, "(all)");
    CHECK(parse(err, ops, 4, &n, "--allow-mismatch=host", NULL) == OPTIONS_OK);
    CHECK_STR(v.mismatch, "host");
}

static void operands_stand_anywhere_and_are_counted(void)
{
    char err[256], *ops[2];
    size_t n;
    CHECK(parse(err, ops, 2, &n, "a.json", "--quick", "b.json", NULL) == OPTIONS_OK && n == 2);
    CHECK_STR(ops[0], "a.json");
    CHECK_STR(ops[1], "b.json");
    CHECK(parse(err, ops, 2, &n, "--", "--not-an-option", NULL) == OPTIONS_OK && n == 1);
    CHECK_STR(ops[0], "--not-an-option");
    CHECK(parse(err, ops, 2, &n, "a", "b", "c", NULL) == OPTIONS_ERROR);
    CHECK_STR(err, "unexpected argument 'c' (try 'ngbench cmd --help')");
    CHECK(parse(err, NULL, 0, NULL, "extra", NULL) == OPTIONS_ERROR);
    CHECK_STR(err, "unexpected argument 'extra' (try 'ngbench cmd --help')");
}

static void help_wins(void)
{
    char err[256];
    CHECK(parse(err, NULL, 0, NULL, "--help", "--bogus", NULL) == OPTIONS_HELP);
    CHECK(parse(err, NULL, 0, NULL, "-h", NULL) == OPTIONS_HELP);
}

static void prefixes_name_options(void)
{
    char err[256];
    CHECK(parse(err, NULL, 0, NULL, "--rep=3", NULL) == OPTIONS_OK && v.repeat == 3);
}

/* The same wording for each kind of mistake, whatever the option. */
static void mistakes_are_worded_alike(void)
{
    static const struct { const char *arg, *want; } cases[] = {
        { "--fast", "bad option '--fast': unknown option (try 'ngbench cmd --help')" },
        { "-x", "bad option '-x': unknown option (try 'ngbench cmd --help')" },
        { "--quick=1", "bad option '--quick=1': --quick takes no value" },
        { "--out=", "bad option '--out': missing --out value (--out=VALUE)" },
        { "--out", "bad option '--out': missing --out value (--out=VALUE)" },
        { "--alpha=0.7", "bad option '--alpha=0.7': bad --alpha value (want a level above 0 and below 0.5)" },
        { "--alpha=abc", "bad option '--alpha=abc': bad --alpha value (want a level above 0 and below 0.5)" },
        { "--timeout=0", "bad option '--timeout=0': bad --timeout value (want a number above 0)" },
        { "--timeout=inf", "bad option '--timeout=inf': bad --timeout value (want a number above 0)" },
        { "--repeat=2.5", "bad option '--repeat=2.5': bad --repeat value (want a whole number from 1 to 100)" },
        { "--repeat=101", "bad option '--repeat=101': bad --repeat value (want a whole number from 1 to 100)" },
        { "--pair=a", "bad option '--pair=a': bad --pair value (want two names, A,B)" },
        { "--allow-mismatch=bogus", "bad option '--allow-mismatch=bogus': bad --allow-mismatch value (want field names)" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char err[256];
        CHECK(parse(err, NULL, 0, NULL, (char *)cases[i].arg, NULL) == OPTIONS_ERROR);
        CHECK_STR(err, cases[i].want);
    }
}

int main(void)
{
    every_kind_takes_its_value();
    operands_stand_anywhere_and_are_counted();
    help_wins();
    prefixes_name_options();
    mistakes_are_worded_alike();
    return CHECK_DONE();
}
