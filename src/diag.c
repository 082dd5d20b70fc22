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

void ov_diag_add(ov_diags *d, ov_severity sev, const char *file, int line, int column,
                 const char *pointer, const char *org_id, const char *fmt, ...)
{
    if (sev == OV_ERROR)
        d->errors++;
    else
        d->warnings++;
    if (d->count == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        ov_diag *items = realloc(d->items, cap * sizeof *items);
        if (!items)
            return;
        d->items = items;
        d->cap = cap;
    }
    ov_diag g = {0};
    va_list ap;
    va_start(ap, fmt);
    g.message = ov_vasprintf(fmt, ap);
    va_end(ap);
    g.severity = sev;
    g.line = line;
    g.column = column;
    g.file = file ? ov_strdup(file) : NULL;
    g.pointer = pointer ? ov_strdup(pointer) : NULL;
    g.org_id = org_id ? ov_strdup(org_id) : NULL;
    if (!g.message || (file && !g.file) || (pointer && !g.pointer) || (org_id && !g.org_id)) {
        diag_clear(&g);
        return;
    }
    d->items[d->count++] = g;
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
    if (g->excerpt && g->column > 0) {
        ov_buf_printf(&b, "\n    %s\n    ", g->excerpt);
        /* the caret sits under the column, counted in characters */
        int col = 1;
        for (const char *p = g->excerpt; *p && col < g->column; p++) {
            if (((unsigned char)*p & 0xC0) == 0x80)
                continue;
            ov_buf_putc(&b, *p == '\t' ? '\t' : ' ');
            col++;
        }
        ov_buf_putc(&b, '^');
    }
    return ov_buf_take(&b);
}
