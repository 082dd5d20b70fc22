#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

char *ov_strdup(const char *s)
{
    return ov_strndup(s, strlen(s));
}

char *ov_strndup(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* Most formatted strings are short: they are formatted once, into a
 * buffer on the stack, and only longer ones a second time. */
#define SHORT_FORMAT 256

char *ov_vasprintf(const char *fmt, va_list ap)
{
    char small[SHORT_FORMAT];
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(small, sizeof small, fmt, copy);
    va_end(copy);
    if (n < 0)
        return NULL;
    char *p = malloc((size_t)n + 1);
    if (!p)
        return NULL;
    if ((size_t)n < sizeof small)
        memcpy(p, small, (size_t)n + 1);
    else
        vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *ov_asprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = ov_vasprintf(fmt, ap);
    va_end(ap);
    return p;
}

void ov_buf_init(ov_buf *b)
{
    memset(b, 0, sizeof *b);
}

void ov_buf_free(ov_buf *b)
{
    free(b->data);
    ov_buf_init(b);
}

int ov_buf_reserve(ov_buf *b, size_t extra)
{
    if (b->oom)
        return 0;
    if (extra > OV_BUF_MAX - b->len - 1) {
        b->oom = 1;
        return 0;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 1;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        b->oom = 1;
        return 0;
    }
    b->data = p;
    b->cap = cap;
    return 1;
}

void ov_buf_putn(ov_buf *b, const char *s, size_t n)
{
    if (!ov_buf_reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void ov_buf_puts(ov_buf *b, const char *s)
{
    ov_buf_putn(b, s, strlen(s));
}

void ov_buf_putc(ov_buf *b, char c)
{
    ov_buf_putn(b, &c, 1);
}

void ov_buf_printf(ov_buf *b, const char *fmt, ...)
{
    char small[SHORT_FORMAT];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->oom = 1;
        return;
    }
    if ((size_t)n < sizeof small) {
        ov_buf_puts(b, small);
        return;
    }
    /* a longer one a second time, straight into the buffer */
    if (!ov_buf_reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += strlen(b->data + b->len);
}

char *ov_buf_take(ov_buf *b)
{
    if (b->oom) {
        ov_buf_free(b);
        return NULL;
    }
    char *p = b->data ? b->data : ov_strdup("");
    ov_buf_init(b);
    return p;
}

int ov_is_blank_n(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
            return 0;
    }
    return 1;
}

int ov_is_blank(const char *s)
{
    return !s || ov_is_blank_n(s, strlen(s));
}

static char fold_char(char c, int fold)
{
    return fold && c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

size_t ov_edit_distance(const char *a, const char *b, size_t max, int fold)
{
    size_t la = strlen(a);
    size_t lb = strlen(b);
    if (la > 64 || lb > 64)
        return max + 1;
    if ((la > lb ? la - lb : lb - la) > max)
        return max + 1;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = fold_char(a[i - 1], fold) == fold_char(b[j - 1], fold) ? 0 : 1;
            size_t v = diag + cost;
            if (row[j] + 1 < v)
                v = row[j] + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            row[j] = v;
            diag = up;
        }
    }
    return row[lb] > max ? max + 1 : row[lb];
}

int ov_url_is_safe(const char *url)
{
    const char *rest;
    if (strncasecmp(url, "https://", 8) == 0)
        rest = url + 8;
    else if (strncasecmp(url, "http://", 7) == 0)
        rest = url + 7;
    else
        return 0;
    if (*rest == '\0' || *rest == '/' || *rest == '?' || *rest == '#')
        return 0;
    for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
        if (*p <= 0x20 || *p == 0x7F)
            return 0;
    }
    return 1;
}

const char *ov_suggest(const char *typed, size_t n, ov_name_at name_at, const void *ctx)
{
    for (size_t i = 0; i < n; i++) {
        const char *c = name_at(ctx, i);
        if (c && strcmp(c, typed) != 0 && ov_edit_distance(typed, c, 0, 1) == 0)
            return c;
    }
    size_t max = strlen(typed) / 2;
    if (max > 2)
        max = 2;
    const char *best = NULL;
    size_t best_d = max + 1;
    for (size_t i = 0; i < n && best_d > 1; i++) {
        const char *c = name_at(ctx, i);
        if (!c)
            continue;
        size_t dist = ov_edit_distance(typed, c, max, 1);
        if (dist > 0 && dist < best_d) {
            best_d = dist;
            best = c;
        }
    }
    return best;
}

static const char *list_at(const void *ctx, size_t i)
{
    return ((const char *const *)ctx)[i];
}

const char *ov_suggest_in(const char *typed, const char *const *names)
{
    size_t n = 0;
    while (names[n])
        n++;
    return ov_suggest(typed, n, list_at, names);
}

uint64_t ov_hash64(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

uint64_t ov_hash64_wide(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    const uint64_t k = UINT64_C(0x9e3779b97f4a7c15);
    for (; len >= 8; p += 8, len -= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ w) * k;
        h ^= h >> 29;
    }
    h = ov_hash64(h, p, len);
    h ^= h >> 32;
    return h * k;
}

uint64_t ov_hash_str(const char *s)
{
    return ov_hash64(OV_HASH_INIT, s, strlen(s));
}

/* Length of the valid UTF-8 sequence at P, or 0. */
static size_t utf8_seq(const unsigned char *p)
{
    if (p[0] < 0x80)
        return 1;
    size_t n = p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : p[0] >= 0xC2 ? 2 : 0;
    if (n == 0 || p[0] > 0xF4)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    }
    if (n == 3 && ((p[0] == 0xE0 && p[1] < 0xA0) || (p[0] == 0xED && p[1] >= 0xA0)))
        return 0; /* overlong, surrogate */
    if (n == 4 && ((p[0] == 0xF0 && p[1] < 0x90) || (p[0] == 0xF4 && p[1] >= 0x90)))
        return 0;
    return n;
}

static const char *xml_ref(unsigned char c)
{
    switch (c) {
    case '&':
        return "&amp;";
    case '<':
        return "&lt;";
    case '>':
        return "&gt;";
    case '"':
        return "&quot;";
    case '\'':
        return "&#39;";
    default:
        return NULL;
    }
}

void ov_buf_put_xml(ov_buf *b, const char *s, int escape)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p) {
        size_t n = utf8_seq(p);
        const char *ref = escape && n == 1 ? xml_ref(*p) : NULL;
        if (n == 0) {
            ov_buf_puts(b, "\xEF\xBF\xBD");
            p++;
        } else if (ref) {
            ov_buf_puts(b, ref);
            p++;
        } else if ((n == 1 && ((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') ||
                               *p == 0x7F)) ||
                   (n == 2 && p[0] == 0xC2 && p[1] < 0xA0) ||
                   (n == 3 && p[0] == 0xEF && p[1] == 0xBF && p[2] >= 0xBE)) {
            ov_buf_putc(b, ' ');
            p += n;
        } else {
            ov_buf_putn(b, (const char *)p, n);
            p += n;
        }
    }
}

size_t ov_count_words(const char *s)
{
    size_t n = 0;
    for (int in = 0; s && *s; s++) {
        if (*s != ' ' && !in)
            n++;
        in = *s != ' ';
    }
    return n;
}
