/* Printable names and quoted echoes: what every message and table relies on. */
#include "base/text.h"
#include "tests/check.h"

#include <stdlib.h>
#include <string.h>

static void control_characters_are_not_printable(void)
{
    CHECK(text_printable("mimalloc 2.1 (é, 名前)"));
    CHECK(!text_printable("a\nb"));
    CHECK(!text_printable("a\x1b[31m"));
    CHECK(!text_printable("del\x7f"));
    CHECK(!text_printable("c1 \xc2\x9b"));   /* U+009B, the 8-bit CSI */
    CHECK(text_printable("nbsp \xc2\xa0"));   /* U+00A0 is printable */
}

static void quoting_escapes_and_keeps_one_line(void)
{
    char q[TEXT_QUOTED_LEN];
    CHECK_STR(text_quote("a\nb\tc\r\x01\x7f \xc2\x85 \\", q, sizeof q), "a\\nb\\tc\\r\\x01\\x7f \\u0085 \\");
    CHECK_STR(text_quote(NULL, q, sizeof q), "");
}

static void long_values_are_cut_between_characters(void)
{
    char in[3 * TEXT_QUOTE_MAX], q[TEXT_QUOTED_LEN];
    memset(in, 'x', sizeof in - 1);
    in[sizeof in - 1] = '\0';
    text_quote(in, q, sizeof q);
    CHECK(strlen(q) == TEXT_QUOTE_MAX + 3 && strcmp(q + TEXT_QUOTE_MAX, "...") == 0);
    /* "é" is two bytes: a cut never splits it. */
    for (size_t i = 0; i + 1 < sizeof in; i += 2)
        memcpy(in + i, "\xc3\xa9", 2);
    in[sizeof in - 1 - (sizeof in - 1) % 2] = '\0';
    text_quote(in, q, sizeof q);
    CHECK(strlen(q) == TEXT_QUOTE_MAX + 3 && (unsigned char)q[TEXT_QUOTE_MAX - 1] == 0xa9);
    /* Every control character escaped: the worst case still fits TEXT_QUOTED_LEN. */
    memset(in, '\x01', sizeof in - 1);
    in[sizeof in - 1] = '\0';
    text_quote(in, q, sizeof q);
    CHECK(strlen(q) == 4 * TEXT_QUOTE_MAX + 3);
    /* A short buffer cuts at a piece's boundary, never inside an escape. */
    char small[7];
    CHECK_STR(text_quote("ab\ncd", small, sizeof small), "ab\\ncd");
    CHECK_STR(text_quote("abc\ndef\x01", small, sizeof small), "abc\\nd");
}

static void escaped_copies_are_never_cut(void)
{
    char in[5000];
    memset(in, 'y', sizeof in - 1);
    in[sizeof in - 1] = '\0';
    in[10] = '\n';
    char *e = text_escaped(in);
    CHECK(e && strlen(e) == sizeof in && strncmp(e + 10, "\\ny", 3) == 0);
    free(e);
}

int main(void)
{
    control_characters_are_not_printable();
    quoting_escapes_and_keeps_one_line();
    long_values_are_cut_between_characters();
    escaped_copies_are_never_cut();
    return CHECK_DONE();
}
