/* workloads/checksum.c: the checksum real programs' outputs are verified with. */
#include "workloads/catalog_parts.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

int wl_checksum_file(const char *path, uint64_t *sum, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
        return -1;
    }
    uint64_t h = FNV_OFFSET;
    unsigned char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        for (size_t i = 0; i < n; i++)
            h = (h ^ buf[i]) * FNV_PRIME;
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        snprintf(err, errlen, "error reading %s", path);
        return -1;
    }
    *sum = h;
    return 0;
}
