/* workloads/xmark.c: the XMark-style auction document generator. */
#include "workloads/xmark.h"
#include "workloads/bench.h"   /* the seeded generator (header-only part) */

#include <string.h>

#define VOCABULARY 2048
#define WORD_MAX 16

static const char *const regions[] = { "africa", "asia", "australia", "europe", "namerica", "samerica" };
static const char *const countries[] = {
    "United States", "Germany", "Japan", "Brazil", "Kenya", "Australia", "France", "India",
    "Canada", "Egypt", "Chile", "Norway", "Vietnam", "Mexico", "Italy", "Nigeria",
};
static const char *const syllables[] = {
    "ka", "ro", "mi", "tel", "vas", "on", "du", "re", "shi", "lo", "pra", "en", "gu", "fi",
    "sto", "al", "ne", "bri", "ur", "cha", "dem", "is", "po", "wen", "th", "ark", "ly", "mo",
};
static const char *const educations[] = { "High School", "College", "Graduate School", "Other" };
static const char *const payments[] = { "Creditcard", "Money order", "Personal Check", "Cash" };

#define COUNT(a) (sizeof a / sizeof a[0])

struct gen {
    FILE *out;
    struct rng r;
    struct xmark_counts n;
    char words[VOCABULARY][WORD_MAX];
};

/* ---- Small pieces ---- */

static long pick(struct gen *g, long n) { return (long)rng_below(&g->r, (uint64_t)n); }

static const char *word(struct gen *g)
{
    /* Skewed towards the first words, as natural text is. */
    long a = pick(g, VOCABULARY), b = pick(g, VOCABULARY);
    return g->words[a < b ? a : b];
}

static void make_vocabulary(struct gen *g)
{
    struct rng vr = rng_for(0x786d61726bULL, 0);   /* the same words for every seed */
    for (int w = 0; w < VOCABULARY; w++) {
        char *p = g->words[w];
        int parts = 1 + (int)rng_below(&vr, 4);
        p[0] = '\0';
        for (int k = 0; k < parts; k++)
            strcat(p, syllables[rng_below(&vr, COUNT(syllables))]);
    }
}

/* Money as a decimal with two digits, independent of the locale. */
static void money(struct gen *g, const char *tag, long cents)
{
    fprintf(g->out, "<%s>%ld.%02ld</%s>\n", tag, cents / 100, cents % 100, tag);
}

static void date(struct gen *g, const char *tag)
{
    long month = 1 + pick(g, 12), day = 1 + pick(g, 28), year = 1998 + pick(g, 4);
    fprintf(g->out, "<%s>%02ld/%02ld/%ld</%s>\n", tag, month, day, year, tag);
}

static void words(struct gen *g, long n)
{
    for (long i = 0; i < n; i++)
        fprintf(g->out, "%s%s", i ? " " : "", word(g));
}

/* Free text: words with some marked up, as XMark's descriptions are. */
static void text(struct gen *g, long min_words, long max_words)
{
    static const char *const marks[] = { "bold", "keyword", "emph" };
    long n = min_words + pick(g, max_words - min_words + 1);
    fputs("<text>", g->out);
    for (long i = 0; i < n; i++) {
        if (i)
            fputc(' ', g->out);
        if (pick(g, 12) == 0) {
            const char *m = marks[pick(g, COUNT(marks))];
            const char *a = word(g), *b = word(g);
            fprintf(g->out, "<%s>%s %s</%s>", m, a, b, m);
        } else {
            fputs(word(g), g->out);
        }
    }
    fputs("</text>\n", g->out);
}

static void name_element(struct gen *g, const char *tag, long nwords)
{
    fprintf(g->out, "<%s>", tag);
    words(g, nwords);
    fprintf(g->out, "</%s>\n", tag);
}

/* ---- The sections of the site ---- */

static void item(struct gen *g, long id, const char *region)
{
    FILE *o = g->out;
    fprintf(o, "<item id=\"item%ld\"%s>\n", id, pick(g, 10) == 0 ? " featured=\"yes\"" : "");
    fprintf(o, "<location>%s</location>\n", pick(g, 4) ? countries[pick(g, COUNT(countries))] : region);
    fprintf(o, "<quantity>%ld</quantity>\n", 1 + pick(g, 5) / 4);
    name_element(g, "name", 1 + pick(g, 3));
    fprintf(o, "<payment>%s</payment>\n", payments[pick(g, COUNT(payments))]);
    fputs("<description>", o);
    text(g, 10, 60);
    fputs("</description>\n", o);
    fprintf(o, "<shipping>%s</shipping>\n", pick(g, 2) ? "Will ship internationally" : "Buyer pays fixed shipping charges");
    for (long k = 1 + pick(g, 3); k > 0; k--)
        fprintf(o, "<incategory category=\"category%ld\"/>\n", pick(g, g->n.categories));
    fputs("<mailbox>\n", o);
    for (long k = pick(g, 3); k > 0; k--) {
        long from = pick(g, g->n.people), to = pick(g, g->n.people);
        fprintf(o, "<mail><from>person%ld</from><to>person%ld</to>\n", from, to);
        date(g, "date");
        text(g, 5, 30);
        fputs("</mail>\n", o);
    }
    fputs("</mailbox>\n</item>\n", o);
}

static void regions_section(struct gen *g)
{
    long id = 0;
    fputs("<regions>\n", g->out);
    for (size_t r = 0; r < COUNT(regions); r++) {
        long share = g->n.items / (long)COUNT(regions) + (r < (size_t)(g->n.items % (long)COUNT(regions)));
        fprintf(g->out, "<%s>\n", regions[r]);
        for (long k = 0; k < share; k++)
            item(g, id++, regions[r]);
        fprintf(g->out, "</%s>\n", regions[r]);
    }
    fputs("</regions>\n", g->out);
}

static void categories_section(struct gen *g)
{
    FILE *o = g->out;
    fputs("<categories>\n", o);
    for (long c = 0; c < g->n.categories; c++) {
        fprintf(o, "<category id=\"category%ld\">\n", c);
        name_element(g, "name", 1 + pick(g, 2));
        fputs("<description>", o);
        text(g, 5, 25);
        fputs("</description>\n</category>\n", o);
    }
    fputs("</categories>\n<catgraph>\n", o);
    for (long c = 0; c < g->n.categories; c++)
        fprintf(o, "<edge from=\"category%ld\" to=\"category%ld\"/>\n", c, pick(g, g->n.categories));
    fputs("</catgraph>\n", o);
}

static void address(struct gen *g)
{
    long number = 1 + pick(g, 99);
    const char *street = word(g), *city = word(g);
    const char *country = countries[pick(g, COUNT(countries))];
    long zip = 10000 + pick(g, 90000);
    fprintf(g->out, "<address><street>%ld %s St</street><city>%s</city><country>%s</country>"
            "<zipcode>%ld</zipcode></address>\n", number, street, city, country, zip);
}

static void profile(struct gen *g)
{
    FILE *o = g->out;
    long whole = 9000 + pick(g, 90000), cents = pick(g, 100);
    fprintf(o, "<profile income=\"%ld.%02ld\">\n", whole, cents);
    for (long k = pick(g, 5); k > 0; k--)
        fprintf(o, "<interest category=\"category%ld\"/>\n", pick(g, g->n.categories));
    fprintf(o, "<education>%s</education>\n", educations[pick(g, COUNT(educations))]);
    fprintf(o, "<gender>%s</gender>\n", pick(g, 2) ? "male" : "female");
    fprintf(o, "<business>%s</business>\n", pick(g, 2) ? "Yes" : "No");
    fprintf(o, "<age>%ld</age>\n</profile>\n", 18 + pick(g, 60));
}

static void person(struct gen *g, long id)
{
    FILE *o = g->out;
    const char *first = word(g), *last = word(g);
    fprintf(o, "<person id=\"person%ld\">\n<name>%s %s</name>\n", id, first, last);
    fprintf(o, "<emailaddress>mailto:%s@%s.com</emailaddress>\n", last, word(g));
    if (pick(g, 2)) {
        long country = 1 + pick(g, 99), area = 100 + pick(g, 900), number = 1000000 + pick(g, 9000000);
        fprintf(o, "<phone>+%ld (%ld) %ld</phone>\n", country, area, number);
    }
    if (pick(g, 2))
        address(g);
    if (pick(g, 3) == 0) {
        fputs("<creditcard>", o);
        for (int k = 0; k < 4; k++)
            fprintf(o, "%s%04ld", k ? " " : "", pick(g, 10000));
        fputs("</creditcard>\n", o);
    }
    if (pick(g, 4))
        profile(g);
    fputs("<watches>\n", o);
    for (long k = pick(g, 6); k > 0; k--)
        fprintf(o, "<watch open_auction=\"open_auction%ld\"/>\n", pick(g, g->n.open_auctions));
    fputs("</watches>\n</person>\n", o);
}

static void annotation(struct gen *g)
{
    fprintf(g->out, "<annotation><author person=\"person%ld\"/>\n<description>", pick(g, g->n.people));
    text(g, 10, 50);
    fprintf(g->out, "</description>\n<happiness>%ld</happiness>\n</annotation>\n", 1 + pick(g, 10));
}

static void quantity_and_type(struct gen *g)
{
    fprintf(g->out, "<quantity>%ld</quantity>\n", 1 + pick(g, 3));
    fprintf(g->out, "<type>%s</type>\n", pick(g, 2) ? "Regular" : "Featured");
}

static void open_auction(struct gen *g, long id)
{
    FILE *o = g->out;
    long initial = 100 + pick(g, 20000), current = initial;
    fprintf(o, "<open_auction id=\"open_auction%ld\">\n", id);
    money(g, "initial", initial);
    if (pick(g, 2))
        money(g, "reserve", initial + pick(g, 10000));
    for (long b = pick(g, 12); b > 0; b--) {
        long increase = 150 * (1 + pick(g, 20));
        current += increase;
        fputs("<bidder>\n", o);
        date(g, "date");
        long hh = pick(g, 24), mm = pick(g, 60), ss = pick(g, 60);
        fprintf(o, "<time>%02ld:%02ld:%02ld</time>\n", hh, mm, ss);
        fprintf(o, "<personref person=\"person%ld\"/>\n", pick(g, g->n.people));
        money(g, "increase", increase);
        fputs("</bidder>\n", o);
    }
    money(g, "current", current);
    fprintf(o, "<itemref item=\"item%ld\"/>\n", pick(g, g->n.items));
    fprintf(o, "<seller person=\"person%ld\"/>\n", pick(g, g->n.people));
    annotation(g);
    quantity_and_type(g);
    fputs("<interval>", o);
    date(g, "start");
    date(g, "end");
    fputs("</interval>\n</open_auction>\n", o);
}

static void closed_auction(struct gen *g)
{
    FILE *o = g->out;
    fprintf(o, "<closed_auction>\n<seller person=\"person%ld\"/>\n", pick(g, g->n.people));
    fprintf(o, "<buyer person=\"person%ld\"/>\n", pick(g, g->n.people));
    fprintf(o, "<itemref item=\"item%ld\"/>\n", pick(g, g->n.items));
    money(g, "price", 100 + pick(g, 50000));
    date(g, "date");
    quantity_and_type(g);
    annotation(g);
    fputs("</closed_auction>\n", o);
}

/* ---- The document ---- */

struct xmark_counts xmark_counts_for(long scale)
{
    struct xmark_counts n = {
        .people = scale * 255 / 10, .items = scale * 2175 / 100, .open_auctions = scale * 12,
        .closed_auctions = scale * 975 / 100, .categories = scale,
    };
    /* Keep every id space non-empty so references always resolve. */
    if (n.people < 1) n.people = 1;
    if (n.items < 6) n.items = 6;
    if (n.open_auctions < 1) n.open_auctions = 1;
    if (n.closed_auctions < 1) n.closed_auctions = 1;
    if (n.categories < 10) n.categories = 10;
    return n;
}

int xmark_write(FILE *out, long scale, uint64_t seed)
{
    static struct gen g;   /* the vocabulary is large; one document at a time */
    g.out = out;
    g.r = rng_for(seed, 1);
    g.n = xmark_counts_for(scale);
    make_vocabulary(&g);
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<site>\n", out);
    regions_section(&g);
    categories_section(&g);
    fputs("<people>\n", out);
    for (long p = 0; p < g.n.people; p++)
        person(&g, p);
    fputs("</people>\n<open_auctions>\n", out);
    for (long a = 0; a < g.n.open_auctions; a++)
        open_auction(&g, a);
    fputs("</open_auctions>\n<closed_auctions>\n", out);
    for (long a = 0; a < g.n.closed_auctions; a++)
        closed_auction(&g);
    fputs("</closed_auctions>\n</site>\n", out);
    return ferror(out) ? -1 : 0;
}
