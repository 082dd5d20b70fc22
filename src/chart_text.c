/* Words and numbers for people: counts with separators, money, plurals,
 * facts, wrapped labels, lifespans, and the chart's plain-English summary
 * (the SVG <desc>, used as alt text). */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "gv.h"

void ov_put_count(ov_buf *b, double n)
{
    char digits[64];
    snprintf(digits, sizeof digits, "%.0f", fabs(n));
    if (n < 0)
        ov_buf_putc(b, '-');
    size_t len = strlen(digits);
    for (size_t i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            ov_buf_putc(b, ',');
        ov_buf_putc(b, digits[i]);
    }
}

void ov_put_org_names(ov_buf *b, const ov_model *m, const size_t *orgs, size_t n, size_t max)
{
    size_t shown = n > max ? max - 1 : n;
    for (size_t i = 0; i < shown; i++) {
        if (i > 0)
            ov_buf_puts(b, i + 1 == n ? " and " : ", ");
        ov_buf_puts(b, orgs[i] != OV_NONE ? ov_org_display_name(&m->orgs[orgs[i]], 0)
                                          : "(unknown)");
    }
    if (shown < n)
        ov_buf_printf(b, " and %zu others", n - shown);
}

void ov_put_money(ov_buf *b, double gbp)
{
    char s[64];
    double a = fabs(gbp);
    if (a >= 1e9) {
        snprintf(s, sizeof s, "%.2f", a / 1e9);
        ov_buf_printf(b, "%s£%sbn", gbp < 0 ? "-" : "", s);
    } else if (a >= 1e6) {
        snprintf(s, sizeof s, a >= 1e8 ? "%.0f" : "%.1f", a / 1e6);
        /* "£12.0m" reads better as "£12m" */
        size_t l = strlen(s);
        if (l > 2 && strcmp(s + l - 2, ".0") == 0)
            s[l - 2] = '\0';
        ov_buf_printf(b, "%s£%sm", gbp < 0 ? "-" : "", s);
    } else {
        ov_buf_puts(b, gbp < 0 ? "-£" : "£");
        ov_put_count(b, a);
    }
}

/* Appends the word [W, W+N) in the plural. */
static void put_plural_word(ov_buf *b, const char *w, size_t n)
{
    if (n == 0)
        return;
    char last = (char)tolower((unsigned char)w[n - 1]);
    char before = n > 1 ? (char)tolower((unsigned char)w[n - 2]) : '\0';
    if (last == 'y' && before && !strchr("aeiou", before)) {
        ov_buf_putn(b, w, n - 1);
        ov_buf_puts(b, "ies");
    } else if (last == 's' || last == 'x' || last == 'z' ||
               ((last == 'h') && (before == 'c' || before == 's'))) {
        ov_buf_putn(b, w, n);
        ov_buf_puts(b, "es");
    } else {
        ov_buf_putn(b, w, n);
        ov_buf_putc(b, 's');
    }
}

/* Appends [W, W+N), lower-cased when LOWER unless it is an acronym or a
 * word with capitals after its first letter ("GP", "NHS", "Sub-ICB" keeps
 * "ICB"). */
static void put_word(ov_buf *b, const char *w, size_t n, int lower)
{
    int acronym = n > 1 && isupper((unsigned char)w[1]);
    for (size_t i = 0; i < n; i++) {
        char c = w[i];
        int start = i == 0 || w[i - 1] == '-';
        if (lower && !acronym && start && !(i + 1 < n && isupper((unsigned char)w[i + 1])))
            c = (char)tolower((unsigned char)c);
        ov_buf_putc(b, c);
    }
}

void ov_put_counted(ov_buf *b, size_t n, const char *label, int lower)
{
    ov_buf_printf(b, "%zu ", n);
    /* pluralise the last word, and the word before " or " ("committees or
     * governing bodies") */
    const char * or = strstr(label, " or ");
    const char *p = label;
    while (*p) {
        const char *end = p;
        while (*end && *end != ' ')
            end++;
        ov_buf word;
        ov_buf_init(&word);
        put_word(&word, p, (size_t)(end - p), lower);
        int last = *end == '\0' || (or &&end == or);
        if (word.data && n != 1 && last)
            put_plural_word(b, word.data, word.len);
        else if (word.data)
            ov_buf_putn(b, word.data, word.len);
        if (word.oom)
            b->oom = 1;
        ov_buf_free(&word);
        p = end;
        while (*p == ' ') {
            ov_buf_putc(b, ' ');
            p++;
        }
    }
}

static const ov_fact *fact(const ov_org *o, const char *key)
{
    for (size_t i = 0; i < o->nfacts; i++) {
        if (strcmp(o->facts[i].key, key) == 0 && o->facts[i].is_number)
            return &o->facts[i];
    }
    return NULL;
}

void ov_put_facts(ov_buf *b, const ov_org *o)
{
    const char *sep = "";
    const ov_fact *f = fact(o, "population");
    if (f) {
        ov_put_count(b, f->number);
        ov_buf_puts(b, f->number == 1 ? " person" : " people");
        sep = " · ";
    }
    f = fact(o, "budget_gbp");
    if (f) {
        ov_buf_puts(b, sep);
        ov_put_money(b, f->number);
        sep = " · ";
    }
    f = fact(o, "gp_practices");
    if (f) {
        ov_buf_puts(b, sep);
        ov_put_count(b, f->number);
        ov_buf_puts(b, f->number == 1 ? " GP practice" : " GP practices");
    }
}

/* Bytes of the UTF-8 sequence that starts with C. */
static size_t utf8_len(unsigned char c)
{
    if (c >= 0xF0)
        return 4;
    if (c >= 0xE0)
        return 3;
    if (c >= 0xC0)
        return 2;
    return 1;
}

void ov_put_wrapped_html(ov_buf *b, const char *s, size_t width, size_t max_lines)
{
    size_t col = 0;
    size_t lines = 1;
    const char *p = s;
    if (width < 8)
        width = 8;
    while (*p == ' ')
        p++;
    while (*p) {
        const char *end = p;
        size_t chars = 0;
        /* a word that would not fit four lines is broken every four lines'
         * worth of characters (shorter ones stay whole, overhanging) */
        while (*end && *end != ' ' && chars < 4 * width) {
            end += strnlen(end, utf8_len((unsigned char)*end));
            chars++;
        }
        if (col > 0 && col + 1 + chars > width) {
            if (lines >= max_lines) {
                ov_buf_puts(b, "\u2026");
                return; /* the full text is in the tooltip and the description */
            }
            ov_buf_puts(b, "<BR/>");
            lines++;
            col = 0;
        } else if (col > 0) {
            ov_buf_putc(b, ' ');
            col++;
        }
        char *word = ov_strndup(p, (size_t)(end - p));
        if (!word) {
            b->oom = 1;
            return;
        }
        ov_gv_put_html(b, word);
        free(word);
        col += chars;
        p = end;
        while (*p == ' ')
            p++;
    }
}

char *ov_text_cut(const char *s, size_t max)
{
    size_t chars = 0;
    const char *p = s;
    while (*p && chars + 1 < max) {
        p += strnlen(p, utf8_len((unsigned char)*p));
        chars++;
    }
    if (!*p)
        return ov_strdup(s);
    /* is there more than one character left? */
    const char *q = p + strnlen(p, utf8_len((unsigned char)*p));
    if (!*q)
        return ov_strdup(s);
    return ov_asprintf("%.*s\u2026", (int)(p - s), s);
}

void ov_put_lifespan(ov_buf *b, const ov_org *o)
{
    char from[32];
    char to[32];
    if (o->start != OV_DAY_NONE)
        ov_date_human(o->start, from);
    if (o->end != OV_DAY_NONE)
        ov_date_human(o->end, to);
    if (o->start != OV_DAY_NONE && o->end != OV_DAY_NONE)
        ov_buf_printf(b, "%s – %s", from, to);
    else if (o->start != OV_DAY_NONE)
        ov_buf_printf(b, "from %s", from);
    else if (o->end != OV_DAY_NONE)
        ov_buf_printf(b, "until %s", to);
}

const char *ov_rel_phrase(ov_rel_kind k)
{
    switch (k) {
    case OV_REL_PART_OF:
        return "part of";
    case OV_REL_MEMBER_OF:
        return "member of";
    case OV_REL_ACCOUNTABLE_TO:
        return "accountable to";
    case OV_REL_COMMISSIONS:
        return "commissions";
    case OV_REL_PARTNER_OF:
        return "partner of";
    case OV_REL_DELEGATES_TO:
        return "delegates to";
    default:
        return "linked to";
    }
}

/* ---- the summary --------------------------------------------------------- */

/* The organisation the summary is about: the chart's root, or, from the
 * top of the biggest tree, down through organisations that have a single
 * child and no links of their own (NHS England above one CCG). */
static size_t main_org(const ov_chart_tree *t, const ov_chart_opts *opts)
{
    if (t->nroots == 0)
        return OV_NONE;
    size_t i = t->roots[0];
    if (opts->root)
        return i;
    for (;;) {
        size_t only = OV_NONE;
        size_t drawn = 0;
        for (size_t k = 0; k < ov_chart_nkids(t, i); k++) {
            size_t c = ov_chart_kids(t, i)[k];
            if (t->drawn[c]) {
                only = c;
                drawn++;
            }
        }
        int linked = 0;
        for (size_t k = 0; k < t->ncross && !linked; k++) {
            const ov_rel *r = &t->m->rels[t->cross[k]];
            linked = r->from == i || r->to == i;
        }
        if (drawn != 1 || linked || ov_chart_is_leaf(t, only))
            return i;
        i = only;
    }
}

/* "A", "A and B", "A, B and C" from COUNTS by type (lower-case labels). */
void ov_put_type_counts(ov_buf *b, const ov_model *m, const size_t *counts)
{
    size_t items = 0;
    size_t total = 0;
    for (size_t ty = 0; ty <= m->ntypes; ty++)
        total += counts[ty] > 0;
    for (size_t ty = 0; ty <= m->ntypes; ty++) {
        if (counts[ty] == 0)
            continue;
        if (items > 0)
            ov_buf_puts(b, items + 1 == total ? " and " : ", ");
        const char *label = ty < m->ntypes
                                ? (m->types[ty].label ? m->types[ty].label : m->types[ty].key)
                                : "other organisation";
        ov_put_counted(b, counts[ty], label, 1);
        items++;
    }
}

/* Names of the organisations at the other end of MAIN's cross links of
 * kind K (outgoing when OUT); returns how many. */
static size_t put_linked(ov_buf *b, const ov_chart_tree *t, size_t main, ov_rel_kind k, int out)
{
    const ov_model *m = t->m;
    size_t total = 0;
    for (size_t c = 0; c < t->ncross; c++) {
        const ov_rel *r = &m->rels[t->cross[c]];
        if (r->kind == k && (out ? r->from : r->to) == main)
            total++;
    }
    size_t done = 0;
    for (size_t c = 0; c < t->ncross && b; c++) {
        const ov_rel *r = &m->rels[t->cross[c]];
        if (r->kind != k || (out ? r->from : r->to) != main)
            continue;
        if (done > 0)
            ov_buf_puts(b, done + 1 == total ? " and " : ", ");
        ov_buf_puts(b, ov_org_display_name(&m->orgs[out ? r->to : r->from], 0));
        done++;
    }
    return total;
}

char *ov_chart_describe_tree(const ov_chart_tree *t, const ov_chart_opts *opts)
{
    const ov_model *m = t->m;
    ov_buf b;
    ov_buf_init(&b);
    size_t *counts = calloc(m->ntypes + 1, sizeof *counts);
    char day[32];
    ov_date_human(opts->at, day);
    if (!counts)
        return NULL;
    size_t main = main_org(t, opts);
    int linked = 0;
    for (size_t k = 0; k < t->ncross; k++)
        linked = linked || m->rels[t->cross[k]].from == main || m->rels[t->cross[k]].to == main;
    if (!opts->root && ov_chart_is_leaf(t, main) && !linked) {
        /* no structure to speak of: say what is there */
        for (size_t i = 0; i < t->n; i++) {
            if (t->drawn[i])
                counts[m->orgs[i].type == OV_NONE ? m->ntypes : m->orgs[i].type]++;
        }
        ov_buf_printf(&b, "On %s: ", day);
        ov_put_type_counts(&b, m, counts);
        ov_buf_puts(&b, ", with no links between them.");
        goto done;
    }
    const ov_org *mo = &m->orgs[main];
    ov_buf_puts(&b, ov_org_display_name(mo, 0));
    if (ov_chart_count_below(t, main, 0, counts) != 0)
        goto done;
    size_t below = 0;
    for (size_t ty = 0; ty <= m->ntypes; ty++)
        below += counts[ty];
    if (below > 0) {
        ov_buf_puts(&b, ", with ");
        ov_put_type_counts(&b, m, counts);
        if (opts->depth >= 0)
            ov_buf_puts(&b, " (not all drawn)");
        ov_buf_putc(&b, ',');
    }
    ov_buf_printf(&b, " on %s", day);
    static const struct {
        ov_rel_kind kind;
        int out;
        const char *before;
        const char *after;
    } links[] = {
        {OV_REL_COMMISSIONS, 1, "it commissions ", ""},
        {OV_REL_PARTNER_OF, 1, "it works in partnership with ", ""},
        {OV_REL_PARTNER_OF, 0, "it works in partnership with ", ""},
        {OV_REL_DELEGATES_TO, 1, "it delegates functions to ", ""},
        {OV_REL_DELEGATES_TO, 0, "", " delegate functions to it"},
        {OV_REL_COMMISSIONS, 0, "it is commissioned by ", ""},
    };
    for (size_t k = 0; k < sizeof links / sizeof links[0]; k++) {
        if (put_linked(NULL, t, main, links[k].kind, links[k].out) == 0)
            continue;
        ov_buf_printf(&b, "; %s", links[k].before);
        put_linked(&b, t, main, links[k].kind, links[k].out);
        ov_buf_puts(&b, links[k].after);
    }
    if (t->parent[main] != OV_NONE) {
        const ov_rel *r = &m->rels[t->parent_rel[main]];
        ov_buf_printf(&b, "; %s %s",
                      r->kind == OV_REL_MEMBER_OF ? "a member of" : ov_rel_phrase(r->kind),
                      ov_org_display_name(&m->orgs[t->parent[main]], 0));
    }
    ov_buf_putc(&b, '.');
    /* the rest of the chart, by type */
    memset(counts, 0, (m->ntypes + 1) * sizeof *counts);
    size_t others = 0;
    for (size_t i = 0; i < t->n; i++) {
        if (!t->drawn[i] || i == main)
            continue;
        int inside = 0;
        for (size_t a = i; a != OV_NONE && !inside; a = t->parent[a])
            inside = a == main;
        for (size_t a = t->parent[main]; a != OV_NONE && !inside; a = t->parent[a])
            inside = a == i;
        for (size_t c = 0; c < t->ncross && !inside; c++) {
            const ov_rel *r = &m->rels[t->cross[c]];
            inside = (r->from == main && r->to == i) || (r->to == main && r->from == i);
        }
        if (inside)
            continue;
        size_t ty = m->orgs[i].type;
        counts[ty == OV_NONE ? m->ntypes : ty]++;
        others++;
    }
    if (others > 0) {
        ov_buf_puts(&b, " Also shown: ");
        ov_put_type_counts(&b, m, counts);
        ov_buf_putc(&b, '.');
    }
    if (t->nunplaced > 0) {
        ov_buf_puts(&b, " Not shown: ");
        if (ov_put_unplaced(&b, t) != 0)
            b.oom = 1;
        ov_buf_puts(&b, ", whose place in the structure on this day is not recorded.");
    }
done:
    free(counts);
    return ov_buf_take(&b);
}

int ov_put_unplaced(ov_buf *b, const ov_chart_tree *t)
{
    const ov_model *m = t->m;
    size_t *counts = calloc(m->ntypes + 1, sizeof *counts);
    if (!counts)
        return -1;
    for (size_t k = 0; k < t->nunplaced; k++) {
        size_t ty = m->orgs[t->unplaced[k]].type;
        counts[ty == OV_NONE ? m->ntypes : ty]++;
    }
    ov_put_type_counts(b, m, counts);
    free(counts);
    return 0;
}

char *ov_chart_describe(const ov_model *m, const ov_chart_opts *opts)
{
    ov_chart_tree t;
    ov_diags d;
    ov_diags_init(&d);
    char *out;
    if (ov_chart_tree_build(&t, m, opts, &d) == OV_OK) {
        out = ov_chart_describe_tree(&t, opts);
    } else {
        char day[32];
        ov_date_human(opts->at, day);
        out = ov_asprintf("Nothing to show on %s.", day);
    }
    ov_chart_tree_free(&t);
    ov_diags_free(&d);
    return out;
}
