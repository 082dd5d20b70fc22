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

void ov_put_org_names_at(ov_buf *b, const ov_model *m, const size_t *orgs, size_t n, size_t max,
                         ov_day d)
{
    size_t shown = n > max ? max - 1 : n;
    for (size_t i = 0; i < shown; i++) {
        if (i > 0)
            ov_buf_puts(b, i + 1 == n ? " and " : ", ");
        ov_buf_puts(b, orgs[i] != OV_NONE ? ov_org_name_at(&m->orgs[orgs[i]], d, 0)
                                          : "(unknown)");
    }
    if (shown < n)
        ov_buf_printf(b, " and %zu others", n - shown);
}

void ov_put_org_names(ov_buf *b, const ov_model *m, const size_t *orgs, size_t n, size_t max)
{
    ov_put_org_names_at(b, m, orgs, n, max, OV_DAY_NONE);
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

/* 1 when LABEL is in sentence case: a word after the first starts with a
 * small letter, short joining words aside ("NHS England region", "GP
 * practice", but not "Health and Wellbeing Board"). Its capitals are then
 * names ("England") and stay. */
static int sentence_case(const char *label)
{
    static const char *const joins[] = {"and", "or", "of", "the", "for", "in", "to", NULL};
    for (const char *p = strchr(label, ' '); p; p = strchr(p + 1, ' ')) {
        const char *w = p + 1;
        size_t n = strcspn(w, " ");
        int join = 0;
        for (size_t k = 0; joins[k] && !join; k++)
            join = strlen(joins[k]) == n && strncmp(w, joins[k], n) == 0;
        if (!join && *w >= 'a' && *w <= 'z')
            return 1;
    }
    return 0;
}

void ov_put_counted(ov_buf *b, size_t n, const char *label, int lower)
{
    ov_put_count(b, (double)n);
    ov_buf_putc(b, ' ');
    /* in sentence case only the first word is lowered */
    int sentence = lower && sentence_case(label);
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
        put_word(&word, p, (size_t)(end - p), lower && (!sentence || p == label));
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

int ov_put_unplaced(ov_buf *b, const ov_chart_tree *t)
{
    const ov_model *m = t->m;
    size_t *counts = calloc(2 * (m->ntypes + 1), sizeof *counts);
    if (!counts)
        return -1;
    size_t *below = counts + m->ntypes + 1; /* what is under them */
    size_t nbelow = 0;
    for (size_t k = 0; k < t->nunplaced; k++) {
        size_t ty = m->orgs[t->unplaced[k]].type;
        counts[ty == OV_NONE ? m->ntypes : ty]++;
        if (ov_chart_count_below(t, t->unplaced[k], 0, below) != 0) {
            free(counts);
            return -1;
        }
    }
    for (size_t ty = 0; ty <= m->ntypes; ty++)
        nbelow += below[ty];
    ov_put_type_counts(b, m, counts);
    if (nbelow > 0) {
        ov_buf_puts(b, " and their ");
        ov_put_type_counts(b, m, below);
    }
    free(counts);
    return 0;
}
