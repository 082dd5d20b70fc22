#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void ov_diags_init(ov_diags *d)
{
    memset(d, 0, sizeof *d);
}

static void diag_clear(ov_diag *g)
{
    free(g->file);
    free(g->pointer);
    free(g->org_id);
    free(g->message);
    free(g->excerpt);
}

void ov_diags_free(ov_diags *d)
{
    for (size_t i = 0; i < d->count; i++)
        diag_clear(&d->items[i]);
    free(d->items);
    ov_diags_init(d);
}

const char *const ov_warning_kinds[] = {"no-start", "unknown-key", NULL};

unsigned ov_warning_kind_bit(const char *name)
{
    for (unsigned i = 0; ov_warning_kinds[i]; i++) {
        if (strcmp(name, ov_warning_kinds[i]) == 0)
            return 1u << i;
    }
    return 0;
}

char *ov_warning_kinds_text(void)
{
    ov_buf b;
    ov_buf_init(&b);
    for (size_t i = 0; ov_warning_kinds[i]; i++) {
        const char *sep = i == 0 ? "" : ov_warning_kinds[i + 1] ? ", " : " and ";
        ov_buf_printf(&b, "%s%s", sep, ov_warning_kinds[i]);
    }
    return ov_buf_take(&b);
}

static void diag_vadd(ov_diags *d, ov_severity sev, const char *kind, const char *file,
                      int line, int column, const char *pointer, const char *org_id,
                      const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 9, 0)))
#endif
    ;

/* Room for one more diagnostic: 0, or -1 when out of memory. */
static int grow(ov_diags *d)
{
    if (d->count < d->cap)
        return 0;
    size_t cap = d->cap ? d->cap * 2 : 16;
    ov_diag *items = realloc(d->items, cap * sizeof *items);
    if (!items)
        return -1;
    d->items = items;
    d->cap = cap;
    return 0;
}

/* Counts G and appends it to D, which takes its strings; when G is not
 * COMPLETE (a copy of a string failed) or there is no room, frees them
 * and keeps only the count. */
static void diag_push(ov_diags *d, ov_diag *g, int complete)
{
    if (g->severity == OV_ERROR)
        d->errors++;
    else
        d->warnings++;
    if (!complete || grow(d) != 0) {
        diag_clear(g);
        return;
    }
    d->items[d->count++] = *g;
}

/* A new copy of S, or NULL; *OK becomes 0 when S is not NULL and the copy
 * failed. */
static char *copy_or_null(const char *s, int *ok)
{
    char *c = s ? ov_strdup(s) : NULL;
    if (s && !c)
        *ok = 0;
    return c;
}

static void diag_vadd(ov_diags *d, ov_severity sev, const char *kind, const char *file,
                      int line, int column, const char *pointer, const char *org_id,
                      const char *fmt, va_list ap)
{
    int ok = 1;
    ov_diag g = {0};
    g.message = ov_vasprintf(fmt, ap);
    g.kind = kind;
    g.severity = sev;
    g.line = line;
    g.column = column;
    g.file = copy_or_null(file, &ok);
    g.pointer = copy_or_null(pointer, &ok);
    g.org_id = copy_or_null(org_id, &ok);
    diag_push(d, &g, ok && g.message);
}

void ov_diag_add_copy(ov_diags *d, const ov_diag *from)
{
    int ok = 1;
    ov_diag g = *from;
    g.file = copy_or_null(from->file, &ok);
    g.pointer = copy_or_null(from->pointer, &ok);
    g.org_id = copy_or_null(from->org_id, &ok);
    g.message = copy_or_null(from->message, &ok);
    g.excerpt = copy_or_null(from->excerpt, &ok);
    diag_push(d, &g, ok && g.message);
}

void ov_diag_add(ov_diags *d, ov_severity sev, const char *file, int line, int column,
                 const char *pointer, const char *org_id, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(d, sev, NULL, file, line, column, pointer, org_id, fmt, ap);
    va_end(ap);
}

void ov_diag_warn(ov_diags *d, const char *kind, const char *file, const char *pointer,
                  const char *org_id, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(d, OV_WARNING, kind, file, 0, 0, pointer, org_id, fmt, ap);
    va_end(ap);
}

size_t ov_diags_allow(ov_diags *d, size_t from, unsigned mask)
{
    size_t w = from;
    size_t dropped = 0;
    for (size_t r = from; r < d->count; r++) {
        const ov_diag *g = &d->items[r];
        if (g->severity == OV_WARNING && g->kind && (ov_warning_kind_bit(g->kind) & mask)) {
            diag_clear(&d->items[r]);
            dropped++;
        } else {
            d->items[w++] = d->items[r];
        }
    }
    d->count = w;
    d->warnings -= dropped;
    return dropped;
}

static int strcmp_null(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

/* Compares JSON Pointers segment by segment, numbers as numbers, so that
 * /organisations/10 comes after /organisations/9. */
static int pointer_cmp(const char *a, const char *b)
{
    while (*a && *b) {
        if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
            size_t la = strspn(a, "0123456789");
            size_t lb = strspn(b, "0123456789");
            if (la != lb)
                return la < lb ? -1 : 1;
            int c = strncmp(a, b, la);
            if (c)
                return c;
            a += la;
            b += lb;
            continue;
        }
        if (*a != *b)
            return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
        a++;
        b++;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

static int diag_cmp(const void *pa, const void *pb)
{
    const ov_diag *a = pa;
    const ov_diag *b = pb;
    int c = strcmp_null(a->file, b->file);
    if (c)
        return c;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (a->column != b->column)
        return a->column < b->column ? -1 : 1;
    if (a->pointer && b->pointer) {
        c = pointer_cmp(a->pointer, b->pointer);
        if (c)
            return c;
    } else if (a->pointer || b->pointer) {
        return a->pointer ? 1 : -1;
    }
    if (a->severity != b->severity)
        return a->severity == OV_ERROR ? -1 : 1;
    return strcmp(a->message, b->message);
}

void ov_diags_sort(ov_diags *d)
{
    if (d->count < 2)
        return;
    qsort(d->items, d->count, sizeof *d->items, diag_cmp);
    size_t w = 1;
    for (size_t r = 1; r < d->count; r++) {
        if (diag_cmp(&d->items[w - 1], &d->items[r]) == 0 &&
            strcmp_null(d->items[w - 1].org_id, d->items[r].org_id) == 0) {
            if (d->items[r].severity == OV_ERROR)
                d->errors--;
            else
                d->warnings--;
            diag_clear(&d->items[r]);
            continue;
        }
        d->items[w++] = d->items[r];
    }
    d->count = w;
}

void ov_diags_drop_warnings(ov_diags *d)
{
    size_t w = 0;
    for (size_t r = 0; r < d->count; r++) {
        if (d->items[r].severity == OV_WARNING)
            diag_clear(&d->items[r]);
        else
            d->items[w++] = d->items[r];
    }
    d->count = w;
    d->warnings = 0;
}

void ov_diags_drop_excerpts(ov_diags *d)
{
    for (size_t i = 0; i < d->count; i++) {
        free(d->items[i].excerpt);
        d->items[i].excerpt = NULL;
    }
}

void ov_diags_promote(ov_diags *d)
{
    for (size_t i = 0; i < d->count; i++) {
        if (d->items[i].severity == OV_WARNING) {
            d->items[i].severity = OV_ERROR;
            d->warnings--;
            d->errors++;
        }
    }
}

void ov_diags_move(ov_diags *dst, ov_diags *src)
{
    for (size_t i = 0; i < src->count; i++) {
        if (dst->count == dst->cap) {
            size_t cap = dst->cap ? dst->cap * 2 : 16;
            ov_diag *items = realloc(dst->items, cap * sizeof *items);
            if (!items) {
                diag_clear(&src->items[i]);
                continue;
            }
            dst->items = items;
            dst->cap = cap;
        }
        dst->items[dst->count++] = src->items[i];
    }
    dst->errors += src->errors;
    dst->warnings += src->warnings;
    free(src->items);
    ov_diags_init(src);
}

/* Length of the UTF-8 character at P (at most N bytes), 0 when it is not
 * valid UTF-8; *CP is its code point. */
static size_t utf8_char(const unsigned char *p, size_t n, unsigned *cp)
{
    unsigned c = p[0];
    size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
                               : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0 || len > n)
        return 0;
    unsigned v = len == 1 ? c : c & (0x7Fu >> len);
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (p[i] & 0x3Fu);
    }
    static const unsigned min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (v < min[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

/* Characters shown as '?' in an excerpt. */
static int unsafe_char(unsigned cp)
{
    return (cp < 0x20 && cp != '\t') || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C ||
           cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

void ov_diag_set_excerpt(ov_diag *g, const char *line, size_t n)
{
    const unsigned char *p = (const unsigned char *)line;
    long col = g->column > 0 ? g->column : 1;
    long first = col > OV_EXCERPT_BEFORE + 1 ? col - OV_EXCERPT_BEFORE : 1;
    long last = col + OV_EXCERPT_AFTER - 1;
    ov_buf b;
    ov_buf_init(&b);
    if (first > 1)
        ov_buf_puts(&b, "\u2026");
    long c = 1;
    size_t i = 0;
    for (; i < n && c <= last; c++) {
        unsigned cp = 0;
        size_t len = utf8_char(p + i, n - i, &cp);
        if (c >= first) {
            if (len == 0 || unsafe_char(cp))
                ov_buf_putc(&b, '?');
            else
                ov_buf_putn(&b, line + i, len);
        }
        i += len ? len : 1;
    }
    if (i < n)
        ov_buf_puts(&b, "\u2026");
    free(g->excerpt);
    g->excerpt = ov_buf_take(&b);
}

char *ov_diag_format(const ov_diag *g)
{
    const char *sev = g->severity == OV_ERROR ? "error" : "warning";
    ov_buf b;
    ov_buf_init(&b);
    if (g->file)
        ov_buf_puts(&b, g->file);
    if (g->line > 0)
        ov_buf_printf(&b, ":%d:%d", g->line, g->column > 0 ? g->column : 1);
    if (g->pointer)
        ov_buf_printf(&b, "%s%s", g->file ? ": " : "", g->pointer[0] ? g->pointer : "/");
    if (b.len)
        ov_buf_puts(&b, ": ");
    ov_buf_printf(&b, "%s: %s", sev, g->message);
    if (g->org_id)
        ov_buf_printf(&b, " (organisation \"%s\")", g->org_id);
    if (g->kind)
        ov_buf_printf(&b, " [%s]", g->kind);
    if (g->excerpt && g->column > 0) {
        ov_buf_printf(&b, "\n    %s\n    ", g->excerpt);
        /* the caret sits under the column, counted in characters; in a
         * window cut on the left (see ov_diag_set_excerpt), under the
         * character after the "…" and OV_EXCERPT_BEFORE others */
        int target = strncmp(g->excerpt, "\u2026", 3) == 0 ? OV_EXCERPT_BEFORE + 2 : g->column;
        int col = 1;
        for (const char *p = g->excerpt; *p && col < target; p++) {
            if (((unsigned char)*p & 0xC0) == 0x80)
                continue;
            ov_buf_putc(&b, *p == '\t' ? '\t' : ' ');
            col++;
        }
        ov_buf_putc(&b, '^');
    }
    return ov_buf_take(&b);
}
