/* base/options.c: the one option parser (see options.h). */
#include "base/options.h"

#include "base/text.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HELP 'h'
#define FIRST_SPEC 256      /* getopt_long's value for specs[i] is FIRST_SPEC + i */
#define OPERAND 1           /* what getopt_long returns for an operand with "-" in optstring */

/* ---- Values ---- */

static bool number(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !isfinite(v))
        return false;
    *out = v;
    return true;
}

static bool integer(const char *s, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end)
        return false;
    *out = v;
    return true;
}

/* 0 when the value is taken, -1 when it is bad. */
static int take(const struct option_spec *s, const char *value)
{
    double d;
    long l;
    switch (s->kind) {
    case OPTION_FLAG:
        *(bool *)s->out = true;
        return 0;
    case OPTION_STRING:
        *(const char **)s->out = value;
        return 0;
    case OPTION_NUMBER:
    case OPTION_POSITIVE:
        if (!number(value, &d) || (s->kind == OPTION_POSITIVE ? d <= 0 : d < s->min || d > s->max))
            return -1;
        *(double *)s->out = d;
        return 0;
    case OPTION_INTEGER:
        if (!integer(value, &l) || l < s->min || l > s->max)
            return -1;
        *(long *)s->out = l;
        return 0;
    case OPTION_CUSTOM:
        return s->parse(value, s->out);
    }
    return -1;
}

/* ---- Errors ---- */

static void say_bad_value(const struct option_spec *s, const char *value, char *err, size_t errlen)
{
    char want[128], shown[TEXT_QUOTED_LEN];
    if (s->want)
        snprintf(want, sizeof want, "%s", s->want);
    else if (s->kind == OPTION_NUMBER)
        snprintf(want, sizeof want, "a number from %g to %g", s->min, s->max);
    else if (s->kind == OPTION_POSITIVE)
        snprintf(want, sizeof want, "a number above 0");
    else if (s->kind == OPTION_INTEGER)
        snprintf(want, sizeof want, "a whole number from %.0f to %.0f", s->min, s->max);
    else
        snprintf(want, sizeof want, "see --help");
    snprintf(err, errlen, "bad option '--%s=%s': bad --%s value (want %s)", s->name,
             text_quote(value, shown, sizeof shown), s->name, want);
}

static void say_missing(const struct option_spec *s, char *err, size_t errlen)
{
    snprintf(err, errlen, "bad option '--%s': missing --%s value (--%s=VALUE)", s->name, s->name, s->name);
}

static void say_unexpected(const char *arg, const char *command, char *err, size_t errlen)
{
    char shown[TEXT_QUOTED_LEN];
    snprintf(err, errlen, "unexpected argument '%s' (try 'ngbench %s --help')",
             text_quote(arg, shown, sizeof shown), command);
}

/* getopt_long returned '?' for the argument just read. */
static void say_unknown(int argc, char **argv, const struct option_spec *specs, size_t nspecs,
                        char *err, size_t errlen)
{
    char typed[TEXT_QUOTED_LEN];
    if (optopt >= FIRST_SPEC && (size_t)(optopt - FIRST_SPEC) < nspecs) {
        const struct option_spec *s = &specs[optopt - FIRST_SPEC];
        snprintf(err, errlen, "bad option '%s': --%s takes no value",
                 text_quote(argv[optind - 1], typed, sizeof typed), s->name);
        return;
    }
    if (optopt > 0 && optopt < FIRST_SPEC) {
        char option[3] = { '-', (char)optopt, '\0' };
        text_quote(option, typed, sizeof typed);
    } else
        text_quote(optind - 1 < argc ? argv[optind - 1] : "?", typed, sizeof typed);
    snprintf(err, errlen, "bad option '%s': unknown option (try 'ngbench %s --help')", typed, argv[0]);
}

/* ---- The parser ---- */

static struct option *long_options(const struct option_spec *specs, size_t nspecs)
{
    struct option *longopts = calloc(nspecs + 2, sizeof *longopts);
    if (!longopts)
        return NULL;
    for (size_t i = 0; i < nspecs; i++) {
        int has_arg = specs[i].kind == OPTION_FLAG ? no_argument
                    : specs[i].optional_value ? optional_argument : required_argument;
        longopts[i] = (struct option){ specs[i].name, has_arg, NULL, FIRST_SPEC + (int)i };
    }
    longopts[nspecs] = (struct option){ "help", no_argument, NULL, HELP };
    return longopts;
}

/* One option getopt_long recognised: its value into spec->out. */
static enum options_result apply(const struct option_spec *s, char *err, size_t errlen)
{
    if (s->kind != OPTION_FLAG && optarg && !*optarg) {
        say_missing(s, err, errlen);
        return OPTIONS_ERROR;
    }
    if (take(s, optarg) != 0) {
        if (optarg)
            say_bad_value(s, optarg, err, errlen);
        else
            snprintf(err, errlen, "bad option '--%s': --%s needs a value (want %s)", s->name, s->name,
                     s->want ? s->want : "see --help");
        return OPTIONS_ERROR;
    }
    return OPTIONS_OK;
}

enum options_result options_parse(int argc, char **argv, const struct option_spec *specs, size_t nspecs,
                                  char **operands, size_t max_operands, size_t *noperands,
                                  char *err, size_t errlen)
{
    struct option *longopts = long_options(specs, nspecs);
    if (!longopts) {
        snprintf(err, errlen, "out of memory");
        return OPTIONS_ERROR;
    }
    enum options_result rc = OPTIONS_OK;
    size_t n = 0;
    optind = 0;     /* glibc: start afresh, as for a new argv */
    opterr = 0;
    int c;
    /* "-": operands come back in place (code 1) whatever POSIXLY_CORRECT says;
     * ":": a missing value is ':' rather than '?'. */
    while (rc == OPTIONS_OK && (c = getopt_long(argc, argv, "-:h", longopts, NULL)) != -1) {
        if (c == HELP) {
            rc = OPTIONS_HELP;
        } else if (c == OPERAND && n < max_operands) {
            operands[n++] = optarg;
        } else if (c == OPERAND) {
            say_unexpected(optarg, argv[0], err, errlen);
            rc = OPTIONS_ERROR;
        } else if (c == ':' && optopt >= FIRST_SPEC) {
            say_missing(&specs[optopt - FIRST_SPEC], err, errlen);
            rc = OPTIONS_ERROR;
        } else if (c >= FIRST_SPEC) {
            rc = apply(&specs[c - FIRST_SPEC], err, errlen);
        } else {
            say_unknown(argc, argv, specs, nspecs, err, errlen);
            rc = OPTIONS_ERROR;
        }
    }
    /* Operands after "--" are not returned as code 1. */
    for (; rc == OPTIONS_OK && optind < argc; optind++) {
        if (n == max_operands) {
            say_unexpected(argv[optind], argv[0], err, errlen);
            rc = OPTIONS_ERROR;
        } else
            operands[n++] = argv[optind];
    }
    if (noperands)
        *noperands = n;
    free(longopts);
    return rc;
}
