/*
 * workloads/sha256.h: SHA-256 (FIPS 180-4), for checking a command
 * workload's output against the digest `sha256sum` prints.
 * What it must never do: allocate, or read anything but what it is given.
 */
#ifndef NGBENCH_WORKLOADS_SHA256_H
#define NGBENCH_WORKLOADS_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_HEX_LEN 64

struct sha256 {
    uint32_t state[8];
    uint8_t block[64];
    size_t used;          /* bytes waiting in block */
    uint64_t length;      /* bytes hashed so far */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
/* Finishes the digest and writes it as 64 lowercase hex digits and a NUL. */
void sha256_hex(struct sha256 *s, char out[SHA256_HEX_LEN + 1]);

#endif
