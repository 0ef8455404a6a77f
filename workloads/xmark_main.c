/*
 * xmark-gen: writes an XMark-style auction document to stdout (or -o FILE).
 * Usage: xmark-gen [--scale=N] [--seed=S] [-o FILE]
 * Scale is in thousandths of XMark's factor (1000 is about 100 MB).
 */
#include "workloads/xmark.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int number(const char *arg, const char *digits, long min, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(digits, &end, 10);
    if (errno || end == digits || *end || v < min) {
        fprintf(stderr, "xmark-gen: bad value in '%s'\n", arg);
        return -1;
    }
    *out = v;
    return 0;
}

int main(int argc, char **argv)
{
    long scale = 10, seed = 42;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "--scale=", 8) == 0) {
            if (number(argv[i], argv[i] + 8, 1, &scale)) return 2;
        } else if (strncmp(argv[i], "--seed=", 7) == 0) {
            if (number(argv[i], argv[i] + 7, 0, &seed)) return 2;
        } else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
            path = argv[++i];
        } else {
            fprintf(stderr, "xmark-gen: unknown argument '%s' (usage: xmark-gen [--scale=N] [--seed=S] [-o FILE])\n", argv[i]);
            return 2;
        }
    }
    FILE *out = path ? fopen(path, "w") : stdout;
    if (!out) {
        fprintf(stderr, "xmark-gen: cannot write %s: %s\n", path, strerror(errno));
        return 1;
    }
    int rc = xmark_write(out, scale, (uint64_t)seed);
    if (fclose(out) != 0 || rc != 0) {
        fprintf(stderr, "xmark-gen: write error\n");
        return 1;
    }
    return 0;
}
