/* workloads/postscript.c: the PostScript document generator (see postscript.h). */
#include "workloads/postscript.h"
#include "workloads/bench.h"   /* the seeded generator (header-only part) */

#include <string.h>

#define PAGE_W 612   /* US letter, in points */
#define PAGE_H 792
#define SHAPES 150
#define WORDS 200
#define IMAGE_SIDE 24

static const char *const fonts[] = { "Times-Roman", "Helvetica-Bold", "Courier", "Palatino-Italic",
                                     "NewCenturySchlbk-Roman", "Bookman-Demi" };
static const char *const syllables[] = { "ka", "ro", "mi", "tel", "vas", "on", "du", "re", "shi",
                                         "lo", "pra", "en", "gu", "fi", "sto", "al", "ne", "bri" };

#define COUNT(a) (sizeof a / sizeof a[0])

static int pick(struct rng *r, int n) { return (int)rng_below(r, (uint64_t)n); }

/* A number with one decimal, written without the locale. */
static void coordinate(FILE *out, struct rng *r, int range)
{
    int tenths = pick(r, range * 10);
    fprintf(out, " %d.%d", tenths / 10, tenths % 10);
}

static void colour(FILE *out, struct rng *r)
{
    fprintf(out, "%d %d %d rgb\n", pick(r, 101), pick(r, 101), pick(r, 101));
}

/* Procedures the pages use: colours in percent, a star of N points, and a
 * string built character by character (strings and arrays made per call). */
static void prologue(FILE *out, long pages)
{
    fprintf(out,
        "%%!PS-Adobe-3.0\n%%%%Pages: %ld\n%%%%EndComments\n"
        "/rgb { 3 { 100 div 3 1 roll } repeat setrgbcolor } bind def\n"
        "/star { /n exch def /rad exch def gsave translate\n"
        "  rad 0 moveto 1 1 n 2 mul { dup 180 mul n div exch 2 mod 0 eq { rad } { rad 2.5 div } ifelse\n"
        "  exch dup cos 2 index mul exch sin 3 -1 roll mul lineto } for closepath fill grestore } bind def\n"
        "/spell { /s exch def s length string /t exch def\n"
        "  0 1 s length 1 sub { /i exch def t i s s length 1 sub i sub get put } for t } bind def\n"
        "/cache 64 dict def\n",
        pages);
}

static void path(FILE *out, struct rng *r)
{
    fputs("newpath", out);
    coordinate(out, r, PAGE_W);
    coordinate(out, r, PAGE_H);
    fputs(" moveto\n", out);
    for (int seg = 0, n = 2 + pick(r, 6); seg < n; seg++) {
        bool curve = pick(r, 2);
        for (int k = 0; k < (curve ? 3 : 1); k++) {
            coordinate(out, r, PAGE_W);
            coordinate(out, r, PAGE_H);
        }
        fputs(curve ? " curveto\n" : " lineto\n", out);
    }
}

static void shape(FILE *out, struct rng *r)
{
    colour(out, r);
    switch (pick(r, 4)) {
    case 0:
        fputs("gsave", out);
        coordinate(out, r, PAGE_W);
        coordinate(out, r, PAGE_H);
        fprintf(out, " translate %d rotate", pick(r, 360));
        coordinate(out, r, 200);
        coordinate(out, r, 200);
        fputs(" 0 0 4 2 roll rectfill grestore\n", out);
        break;
    case 1:
        coordinate(out, r, PAGE_W);
        coordinate(out, r, PAGE_H);
        coordinate(out, r, 80);
        fprintf(out, " %d star\n", 3 + pick(r, 12));
        break;
    case 2:
        fputs("newpath", out);
        coordinate(out, r, PAGE_W);
        coordinate(out, r, PAGE_H);
        coordinate(out, r, 120);
        fprintf(out, " %d %d arc %d setlinewidth stroke\n", pick(r, 180), 180 + pick(r, 180), 1 + pick(r, 8));
        break;
    default:
        fputs("newpath", out);
        coordinate(out, r, PAGE_W);
        coordinate(out, r, PAGE_H);
        fputs(" moveto", out);
        for (int k = 0, n = 2 + pick(r, 5); k < n; k++) {
            coordinate(out, r, PAGE_W);
            coordinate(out, r, PAGE_H);
            coordinate(out, r, PAGE_W);
            coordinate(out, r, PAGE_H);
            coordinate(out, r, PAGE_W);
            coordinate(out, r, PAGE_H);
            fputs(" curveto", out);
        }
        fputs(pick(r, 2) ? " closepath fill\n" : " 2 setlinewidth stroke\n", out);
        break;
    }
}

/* Words in random fonts and sizes; some reversed by `spell`, some kept in
 * the page's dictionary. */
static void text(FILE *out, struct rng *r)
{
    for (int w = 0; w < WORDS; w++) {
        char word[64] = "";
        for (int k = 0, n = 1 + pick(r, 4); k < n; k++)
            strcat(word, syllables[pick(r, COUNT(syllables))]);
        colour(out, r);
        fprintf(out, "/%s findfont %d scalefont setfont", fonts[pick(r, COUNT(fonts))], 6 + pick(r, 40));
        coordinate(out, r, PAGE_W);
        coordinate(out, r, PAGE_H);
        fprintf(out, " moveto (%s)%s dup cache exch (%d) put show\n", word, pick(r, 3) ? "" : " spell", w);
    }
}

/* A small greyscale image, sampled from hex data. */
static void image(FILE *out, struct rng *r)
{
    fputs("gsave", out);
    coordinate(out, r, PAGE_W - 150);
    coordinate(out, r, PAGE_H - 150);
    fprintf(out, " translate 150 150 scale %d %d 8 [%d 0 0 -%d 0 %d] {<", IMAGE_SIDE, IMAGE_SIDE, IMAGE_SIDE,
            IMAGE_SIDE, IMAGE_SIDE);
    for (int i = 0; i < IMAGE_SIDE * IMAGE_SIDE; i++)
        fprintf(out, "%02x", pick(r, 256));
    fputs(">} image grestore\n", out);
}

static void page(FILE *out, struct rng *r, long number)
{
    fprintf(out, "%%%%Page: %ld %ld\ngsave\n", number, number);
    for (int s = 0; s < SHAPES; s++)
        shape(out, r);
    fputs("gsave newpath", out);
    coordinate(out, r, PAGE_W / 2);
    coordinate(out, r, PAGE_H / 2);
    fputs(" 300 300 rectclip\n", out);
    path(out, r);
    fputs("closepath eofill\n", out);
    text(out, r);
    fputs("grestore\n", out);
    image(out, r);
    fputs("grestore showpage\n", out);
}

int postscript_write(FILE *out, long pages, uint64_t seed)
{
    prologue(out, pages);
    for (long p = 1; p <= pages; p++) {
        struct rng r = rng_for(seed, (uint64_t)p);
        page(out, &r, p);
    }
    fputs("%%EOF\n", out);
    return ferror(out) ? -1 : 0;
}
