/* base/text.c: printable names, quoted echoes and escaped cells (see text.h). */
#include "base/text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The C1 controls are U+0080 to U+009F: 0xC2 0x80 to 0xC2 0x9F in UTF-8. */
static bool c1_at(const unsigned char *p)
{
    return p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F;
}

static bool c0_or_del(unsigned char c)
{
    return c < 0x20 || c == 0x7F;
}

bool text_printable(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (c0_or_del(*p) || c1_at(p))
            return false;
    return true;
}

/* The next piece of output for the input at p: an escape, or one whole
 * UTF-8 character as it is. Returns its length in out; *consumed gets the
 * input bytes it stands for. */
static size_t next_piece(const unsigned char *p, char out[8], size_t *consumed)
{
    static const char named[] = { ['\n'] = 'n', ['\r'] = 'r', ['\t'] = 't' };
    *consumed = 1;
    if (*p < sizeof named && named[*p])
        return (size_t)snprintf(out, 8, "\\%c", named[*p]);
    if (c0_or_del(*p))
        return (size_t)snprintf(out, 8, "\\x%02x", *p);
    if (c1_at(p)) {
        *consumed = 2;
        return (size_t)snprintf(out, 8, "\\u%04x", p[1]);
    }
    size_t n = *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : *p >= 0xC0 ? 2 : 1;
    size_t k = 1;
    while (k < n && p[k])
        k++;
    memcpy(out, p, k);
    *consumed = k;
    return k;
}

/* Escapes s into buf (when not NULL) showing at most max input bytes;
 * returns the length the whole output needs, terminator excluded. */
static size_t escape(const char *s, size_t max, char *buf, size_t len)
{
    size_t used = 0, shown = 0, written = 0;
    bool cut = false;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p;) {
        char piece[8];
        size_t consumed, n = next_piece(p, piece, &consumed);
        if (shown + consumed > max) {
            cut = true;
            break;
        }
        if (buf && written == used && used + n < len) {
            memcpy(buf + used, piece, n);
            written += n;
        }
        used += n;
        shown += consumed;
        p += consumed;
    }
    if (cut) {
        if (buf && written == used && used + 3 < len) {
            memcpy(buf + used, "...", 3);
            written += 3;
        }
        used += 3;
    }
    if (buf && len)
        buf[written] = '\0';
    return used;
}

const char *text_quote(const char *s, char *buf, size_t len)
{
    escape(s, TEXT_QUOTE_MAX, buf, len);
    return buf;
}

char *text_markdown(const char *s)
{
    static const char special[] = "\\`*_[]<>|&~";
    size_t n = 0;
    for (const char *p = s; *p; p++)
        n += 1 + (strchr(special, *p) != NULL);
    char *out = malloc(n + 1), *o = out;
    for (const char *p = s; out && *p; p++) {
        if (strchr(special, *p))
            *o++ = '\\';
        *o++ = *p;
    }
    if (out)
        *o = '\0';
    return out;
}

char *text_escaped(const char *s)
{
    size_t n = escape(s, SIZE_MAX, NULL, 0);
    char *out = malloc(n + 1);
    if (out)
        escape(s, SIZE_MAX, out, n + 1);
    return out;
}
