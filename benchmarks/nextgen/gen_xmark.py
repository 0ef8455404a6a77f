#!/usr/bin/env python3
"""gen_xmark.py MEGABYTES > doc.xml: a simple XMark-like auction document.

Deterministic (fixed seed): regions of items with descriptions, people,
open auctions with bid histories, closed auctions. Shaped like XMark's
auction.xml so an XSLT over it allocates the way XMark queries do; not the
real XMark generator (workloads/ will have that).
"""
import random
import sys

WORDS = ("allocator memory page segment span block thread core cache line "
         "metadata heap arena free list bitmap offload server client stock "
         "queue batch latency throughput fragment region class size align").split()


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def main():
    target = int(float(sys.argv[1]) * 1e6) if len(sys.argv) > 1 else 12_000_000
    rng = random.Random(2023)
    out = sys.stdout
    written = 0

    def emit(s):
        nonlocal written
        out.write(s)
        written += len(s)

    emit('<?xml version="1.0" encoding="UTF-8"?>\n<site>\n<regions>\n')
    item = 0
    for region in ("africa", "asia", "australia", "europe", "namerica", "samerica"):
        emit(f"<{region}>\n")
        while written < target * 0.45 * (1 + ["africa", "asia", "australia", "europe",
                                                "namerica", "samerica"].index(region)) / 6:
            emit(f'<item id="item{item}" featured="{"yes" if item % 7 == 0 else "no"}">'
                 f"<location>{rng.choice(WORDS).title()}</location>"
                 f"<quantity>{rng.randint(1, 5)}</quantity>"
                 f"<name>{sentence(rng, 3)}</name>"
                 f"<payment>{rng.choice(['Cash', 'Creditcard', 'Money order'])}</payment>"
                 f"<description><text>{sentence(rng, rng.randint(10, 60))}</text></description>"
                 f"<incategory category=\"category{rng.randint(0, 99)}\"/></item>\n")
            item += 1
        emit(f"</{region}>\n")
    emit("</regions>\n<people>\n")
    people = max(100, item // 2)
    for p in range(people):
        emit(f'<person id="person{p}"><name>{sentence(rng, 2).title()}</name>'
             f"<emailaddress>mailto:{rng.choice(WORDS)}{p}@example.org</emailaddress>"
             f"<profile income=\"{rng.randint(10000, 200000)}\"><interest category=\"category{rng.randint(0, 99)}\"/>"
             f"<age>{rng.randint(18, 90)}</age></profile></person>\n")
    emit("</people>\n<open_auctions>\n")
    auction = 0
    while written < target * 0.9:
        bids = "".join(f'<bidder><personref person="person{rng.randrange(people)}"/>'
                       f"<increase>{rng.randint(1, 100)}.00</increase></bidder>"
                       for _ in range(rng.randint(0, 8)))
        emit(f'<open_auction id="open_auction{auction}"><initial>{rng.randint(1, 300)}.00</initial>'
             f'{bids}<itemref item="item{rng.randrange(item)}"/>'
             f'<seller person="person{rng.randrange(people)}"/></open_auction>\n')
        auction += 1
    emit("</open_auctions>\n<closed_auctions>\n")
    closed = 0
    while written < target:
        emit(f'<closed_auction><seller person="person{rng.randrange(people)}"/>'
             f'<buyer person="person{rng.randrange(people)}"/><itemref item="item{rng.randrange(item)}"/>'
             f"<price>{rng.randint(1, 1000)}.{rng.randint(0, 99):02d}</price>"
             f"<annotation><description><text>{sentence(rng, rng.randint(5, 30))}</text></description>"
             f"</annotation></closed_auction>\n")
        closed += 1
    emit("</closed_auctions>\n</site>\n")


if __name__ == "__main__":
    main()
