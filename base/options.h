/*
 * base/options.h: the one option parser every ngbench command uses
 * (getopt_long underneath), so that every command takes options the same way
 * and words its errors the same way.
 *
 * Options are long ones, "--name=value" or "--name value"; "--help" and "-h"
 * ask for help; a unique prefix of a name is the name (getopt_long's rule);
 * arguments that are not options are operands, wherever they stand; "--"
 * ends the options. Every error is one line naming the argument:
 *   bad option '--fast': unknown option (try 'ngbench calibrate --help')
 *   bad option '--out': missing --out value (--out=VALUE)
 *   bad option '--quick=1': --quick takes no value
 *   bad option '--alpha=0.7': bad --alpha value (want a level above 0 and below 0.5)
 *   unexpected argument 'extra' (try 'ngbench run --help')
 * The caller prefixes the command ("ngbench gate: ") and exits with EXIT_USAGE.
 *
 * What it must never do: print, exit, or know any command's options; the
 * commands describe theirs in a table of option_spec.
 */
#ifndef NGBENCH_BASE_OPTIONS_H
#define NGBENCH_BASE_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

enum option_kind {
    OPTION_FLAG,       /* no value; out: bool *, set true */
    OPTION_STRING,     /* a non-empty value; out: const char ** (points into argv) */
    OPTION_NUMBER,     /* a finite number in [min, max]; out: double * */
    OPTION_POSITIVE,   /* a finite number above 0; out: double * */
    OPTION_INTEGER,    /* a whole number in [min, max]; out: long * */
    OPTION_CUSTOM,     /* parse(value, out) decides; value is NULL when optional_value and none given */
};

struct option_spec {
    const char *name;            /* without the dashes: "threads" */
    enum option_kind kind;
    void *out;
    const char *want;            /* what a good value is, for the error; NULL: said from the kind */
    double min, max;             /* OPTION_NUMBER, OPTION_INTEGER */
    int (*parse)(const char *value, void *out);   /* OPTION_CUSTOM: 0, or -1 when the value is bad */
    bool optional_value;         /* OPTION_CUSTOM: "--name" alone is allowed too */
};

enum options_result { OPTIONS_OK = 0, OPTIONS_HELP = 1, OPTIONS_ERROR = -1 };

/* Parses argv[1..argc-1] against specs[0..nspecs-1] (argv[0] is the
 * command's name, used in the "try" hint). Operands go to operands[] (room
 * for max_operands; more is an error), their count to *noperands (NULL
 * when max_operands is 0). Returns OPTIONS_OK, OPTIONS_HELP (nothing after
 * --help is read), or OPTIONS_ERROR with err set. getopt_long may reorder
 * argv's pointers. */
enum options_result options_parse(int argc, char **argv, const struct option_spec *specs, size_t nspecs,
                                  char **operands, size_t max_operands, size_t *noperands,
                                  char *err, size_t errlen);

#endif
