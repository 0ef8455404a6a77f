/*
 * base/exit_codes.h: the exit status of every ngbench command, in one enum
 * (README.md and `ngbench --help` list them).
 *
 * What it must never do: grow a code that one command alone gives a meaning
 * other commands would contradict; a new outcome gets a new number here.
 */
#ifndef NGBENCH_BASE_EXIT_CODES_H
#define NGBENCH_BASE_EXIT_CODES_H

enum exit_code {
    EXIT_OK = 0,              /* done; the gate passed */
    EXIT_FAILED = 1,          /* a run or check failed, or a result could not be written */
    EXIT_USAGE = 2,           /* bad usage or unreadable input; nothing was written */
    EXIT_INCONCLUSIVE = 3,    /* the gate had too few samples and found nothing worse */
    EXIT_INTERRUPTED = 130,   /* stopped by Ctrl-C or SIGTERM (128 + SIGINT, as shells report it) */
};

#endif
