/*
 * workloads/xmark.h: our generator of XMark-style auction documents, the
 * input of the xalan workload.
 *
 * The document follows the shape the XMark benchmark (Schmidt et al., VLDB
 * 2002) describes: a site with items in six regions, a category tree,
 * people with profiles and watch lists, open auctions with bid histories,
 * and closed auctions, all cross-referenced by id, with free text made of
 * words from a made-up vocabulary. The output is a pure function of
 * (scale, seed): the same arguments always give the same bytes.
 * What it must never do: depend on anything but its arguments (no time,
 * no locale, no addresses).
 */
#ifndef NGBENCH_WORKLOADS_XMARK_H
#define NGBENCH_WORKLOADS_XMARK_H

#include <stdint.h>
#include <stdio.h>

/* Scale is in thousandths of XMark's factor 1.0 (about 100 MB): scale 1000
 * has 25500 people, 21750 items, 12000 open and 9750 closed auctions. */
struct xmark_counts { long people, items, open_auctions, closed_auctions, categories; };

struct xmark_counts xmark_counts_for(long scale);

/* Writes the document to out. Returns 0, or -1 on a write error. */
int xmark_write(FILE *out, long scale, uint64_t seed);

#endif
