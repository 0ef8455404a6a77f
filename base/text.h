/*
 * base/text.h: strings from files and command lines, made safe to show.
 * A name read from a results file is data: it may reach a terminal, a
 * one-line error message, a gnuplot script or a table, and none of them may
 * be changed by it. Here are the test every name must pass on reading
 * (printable text), the quoting every message uses for input it echoes, and
 * the escaping every table cell gets.
 *
 * What it must never do: decide what a caller does with a bad name.
 */
#ifndef NGBENCH_BASE_TEXT_H
#define NGBENCH_BASE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* How many bytes of an echoed value a message shows before cutting it. */
#define TEXT_QUOTE_MAX 160
/* A buffer size that text_quote never truncates. */
#define TEXT_QUOTED_LEN (4 * TEXT_QUOTE_MAX + 8)

/* True when s has no control character: none of C0 (below 0x20), DEL, or
 * C1 (U+0080 to U+009F, which some terminals obey as escapes). */
bool text_printable(const char *s);

/* s for a one-line message: \n, \r and \t as such, other control
 * characters as \xNN (C1 as \u0080 ...), cut after TEXT_QUOTE_MAX bytes
 * (never inside a UTF-8 character) with "..." after. Always terminated,
 * cut short only when len is under TEXT_QUOTED_LEN; returns buf. */
const char *text_quote(const char *s, char *buf, size_t len);

/* The same escaping, never cut: a new string (NULL when memory runs out). */
char *text_escaped(const char *s);

/* s for a Markdown table cell: every character that could start markup
 * (emphasis, code, links, HTML, entities, strikethrough) or end a cell
 * backslash-escaped, which CommonMark and GitHub render as the character
 * itself. A new string (NULL when memory runs out). */
char *text_markdown(const char *s);

#endif
