/* The chart's description: the SVG <desc>, the caption in the gallery,
 * what a screen reader says after the title. Short sentences (at most
 * MAX_WORDS words each), in the order a person would explain the chart:
 *   1. what heads it, on which day (the roots in ov_chart_tops order);
 *   2. for each tree, who belongs to whom, level by level: a group of up
 *      to NAMED children is named ("They are A, B and C"), a larger one is
 *      counted and what is below it counted "between them"; below
 *      MAX_LEVEL levels only counts;
 *   3. the organisations that start or end on the day;
 *   4. the organisations at the top with nothing below them;
 *   5. the lines outside the hierarchy (commissions, partner of, delegates
 *      to, also member of), by the organisation they come from;
 *   6. what is not shown: organisations without a place on the day, and
 *      levels cut by --depth.
 * A list of names that would make a sentence longer than MAX_WORDS moves
 * to a sentence of its own, or is left as a count. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"

#define MAX_WORDS 25
#define NAMED 4     /* children named, not counted, up to this many */
#define MAX_LEVEL 3 /* levels described one by one */
#define MAX_LINKS 6 /* sentences about lines outside the hierarchy */

typedef struct {
    const ov_chart_tree *t;
    const ov_model *m;
    ov_buf out;
    char day[32];
    size_t said;    /* sentences so far */
    size_t subject; /* the subject of the last sentence, or OV_NONE */
} desc;

static const char *name_of(const desc *D, size_t i)
{
    return ov_org_name_at(&D->m->orgs[i], D->t->at, 0);
}

/* Appends sentence S (no final stop), "On DAY, " before the first one. */
static void say(desc *D, const ov_buf *s, size_t subject)
{
    if (s->oom)
        D->out.oom = 1;
    if (!s->data || s->len == 0)
        return;
    if (D->said > 0)
        ov_buf_putc(&D->out, ' ');
    if (D->said == 0)
        ov_buf_printf(&D->out, "On %s, ", D->day);
    ov_buf_putn(&D->out, s->data, s->len);
    ov_buf_putc(&D->out, '.');
    D->said++;
    D->subject = subject;
}

/* The name of I as a sentence's subject: "It" after a sentence about I. */
static void put_subject(desc *D, ov_buf *b, size_t i)
{
    ov_buf_puts(b, D->subject == i && D->said > 0 ? "It" : name_of(D, i));
}

/* "A", "A and B", "A, B and C". */
static void put_names(const desc *D, ov_buf *b, const size_t *v, size_t n)
{
    ov_put_org_names_at(b, D->m, v, n, SIZE_MAX, D->t->at);
}

/* "4 clinical commissioning groups" for the N organisations V (one type
 * label when they share a type, else "organisations"). */
static void put_count_of(const desc *D, ov_buf *b, const size_t *v, size_t n)
{
    size_t ty = n > 0 ? D->m->orgs[v[0]].type : OV_NONE;
    for (size_t k = 1; k < n; k++) {
        if (D->m->orgs[v[k]].type != ty)
            ty = OV_NONE;
    }
    if (ty != OV_NONE || n == 0) {
        const ov_type *type = ty == OV_NONE ? NULL : &D->m->types[ty];
        ov_put_counted(b, n, type ? (type->label ? type->label : type->key) : "organisation", 1);
        return;
    }
    size_t *counts = calloc(D->m->ntypes + 1, sizeof *counts);
    if (!counts) {
        b->oom = 1;
        return;
    }
    for (size_t k = 0; k < n; k++) {
        size_t t = D->m->orgs[v[k]].type;
        counts[t == OV_NONE ? D->m->ntypes : t]++;
    }
    ov_put_type_counts(b, D->m, counts);
    free(counts);
}

/* 1 when the N organisations V are of one type. */
static int one_type(const desc *D, const size_t *v, size_t n)
{
    for (size_t k = 1; k < n; k++) {
        if (D->m->orgs[v[k]].type != D->m->orgs[v[0]].type)
            return 0;
    }
    return 1;
}

/* Says the first of these that is short enough: HEAD + the one name +
 * TAIL; for up to NAMED organisations of one type HEAD + their count +
 * TAIL + ": " + their names; for up to NAMED of several types HEAD +
 * names + TAIL; else HEAD + count + TAIL, followed (up to NAMED) by "They
 * are" + names when that is short enough. */
static void say_list(desc *D, const char *head, const size_t *v, size_t n, const char *tail,
                     size_t subject)
{
    int same = one_type(D, v, n);
    for (int form = n == 1 ? 2 : same ? 1 : 2; form <= 3; form++) {
        if ((form < 3 && n > NAMED) || (form == 2 && same && n > 1))
            continue;
        ov_buf s;
        ov_buf_init(&s);
        ov_buf_puts(&s, head);
        if (form == 2)
            put_names(D, &s, v, n);
        else
            put_count_of(D, &s, v, n);
        ov_buf_puts(&s, tail);
        if (form == 1) {
            ov_buf_puts(&s, ": ");
            put_names(D, &s, v, n);
        }
        int fits = s.data && ov_count_words(s.data) <= MAX_WORDS;
        if (fits || form == 3 || n == 1)
            say(D, &s, subject);
        ov_buf_free(&s);
        if ((fits && form < 3) || n == 1)
            return;
    }
    if (n > NAMED)
        return;
    ov_buf s;
    ov_buf_init(&s);
    ov_buf_puts(&s, "They are ");
    put_names(D, &s, v, n);
    if (s.data && ov_count_words(s.data) <= MAX_WORDS)
        say(D, &s, OV_NONE);
    ov_buf_free(&s);
}

/* The counts by type of everything below the organisations V. */
static void say_between(desc *D, const size_t *v, size_t n)
{
    const ov_model *m = D->m;
    size_t *counts = calloc(m->ntypes + 1, sizeof *counts);
    if (!counts) {
        D->out.oom = 1;
        return;
    }
    size_t below = 0;
    for (size_t k = 0; k < n; k++) {
        if (ov_chart_count_below(D->t, v[k], 0, counts) != 0)
            D->out.oom = 1;
    }
    for (size_t ty = 0; ty <= m->ntypes; ty++)
        below += counts[ty];
    if (below > 0) {
        ov_buf s;
        ov_buf_init(&s);
        ov_buf_puts(&s, n == 1 ? "" : "Between them, the ");
        if (n == 1)
            ov_buf_puts(&s, name_of(D, v[0]));
        else
            put_count_of(D, &s, v, n);
        ov_buf_puts(&s, n == 1 ? " has " : " have ");
        ov_put_type_counts(&s, m, counts);
        say(D, &s, n == 1 ? v[0] : OV_NONE);
        ov_buf_free(&s);
    }
    free(counts);
}

static void describe_below(desc *D, size_t p, int level);

/* One group of P's children: those of one type joined to P by one kind of
 * relationship. */
static void say_group(desc *D, size_t p, const size_t *v, size_t n, ov_rel_kind kind, int level)
{
    ov_buf head;
    ov_buf_init(&head);
    const char *tail = "";
    if (n == 1) {
        tail = kind == OV_REL_ACCOUNTABLE_TO ? " is accountable to "
               : kind == OV_REL_MEMBER_OF    ? " is a member of "
                                             : " is part of ";
        ov_buf tailb;
        ov_buf_init(&tailb);
        ov_buf_puts(&tailb, tail);
        ov_buf_puts(&tailb, D->subject == p && D->said > 0 ? "it" : name_of(D, p));
        say_list(D, "", v, 1, tailb.data ? tailb.data : "", v[0]);
        if (tailb.oom)
            D->out.oom = 1;
        ov_buf_free(&tailb);
    } else {
        put_subject(D, &head, p);
        ov_buf_puts(&head, " has ");
        tail = kind == OV_REL_ACCOUNTABLE_TO ? " accountable to it"
               : kind == OV_REL_MEMBER_OF    ? " as members"
                                             : "";
        say_list(D, head.data ? head.data : "", v, n, tail, p);
    }
    if (head.oom)
        D->out.oom = 1;
    ov_buf_free(&head);
    /* below the group */
    size_t parents = 0;
    for (size_t k = 0; k < n; k++)
        parents += !ov_chart_is_leaf(D->t, v[k]);
    if (parents == 0)
        return;
    if (n > NAMED || level + 1 >= MAX_LEVEL) {
        say_between(D, v, n);
        return;
    }
    for (size_t k = 0; k < n; k++) {
        if (!ov_chart_is_leaf(D->t, v[k]))
            describe_below(D, v[k], level + 1);
    }
}

/* P's drawn children, a group for each type (in the file's order) and
 * kind of relationship. */
static void describe_below(desc *D, size_t p, int level)
{
    const ov_chart_tree *t = D->t;
    const ov_model *m = D->m;
    size_t nk = ov_chart_nkids(t, p);
    size_t *v = malloc((nk ? nk : 1) * sizeof *v);
    if (!v) {
        D->out.oom = 1;
        return;
    }
    static const ov_rel_kind kinds[] = {OV_REL_PART_OF, OV_REL_MEMBER_OF, OV_REL_ACCOUNTABLE_TO};
    for (size_t ty = 0; ty <= m->ntypes; ty++) {
        for (size_t kk = 0; kk < 3; kk++) {
            size_t n = 0;
            for (size_t c = 0; c < nk; c++) {
                size_t i = ov_chart_kids(t, p)[c];
                size_t ity = m->orgs[i].type == OV_NONE ? m->ntypes : m->orgs[i].type;
                ov_rel_kind k = m->rels[t->parent_rel[i]].kind;
                if (t->drawn[i] && ity == ty && k == kinds[kk])
                    v[n++] = i;
            }
            if (n > 0)
                say_group(D, p, v, n, kinds[kk], level);
        }
    }
    free(v);
}

/* The organisations of the chart (drawn, or left out and counted) whose
 * first (START) or last day it is; not those outside a --root. */
static void say_changes(desc *D, int start)
{
    const ov_chart_tree *t = D->t;
    size_t *v = malloc((t->n ? t->n : 1) * sizeof *v);
    unsigned char *ours = calloc(t->n ? t->n : 1, 1);
    if (!v || !ours) {
        free(v);
        free(ours);
        D->out.oom = 1;
        return;
    }
    for (size_t i = 0; i < t->n; i++)
        ours[i] = t->drawn[i];
    for (size_t k = 0; k < t->nunplaced; k++)
        ours[t->unplaced[k]] = 1;
    size_t n = 0;
    for (size_t i = 0; i < t->n; i++) {
        const ov_org *o = &D->m->orgs[i];
        if (ours[i] && (start ? o->start : o->end) == t->at)
            v[n++] = i;
    }
    free(ours);
    if (n > 0)
        say_list(D, start ? "This is the first day of " : "This is the last day of ", v, n, "",
                 OV_NONE);
    free(v);
}

/* The roots with nothing below them, FROM on in TOPS, by type: named
 * while the sentence stays short, else counted. */
static void say_lone(desc *D, const size_t *tops, size_t ntops, size_t from, const char *head)
{
    const ov_model *m = D->m;
    size_t *v = malloc((ntops ? ntops : 1) * sizeof *v);
    ov_buf *items = calloc(m->ntypes + 1, sizeof *items);
    if (!v || !items) {
        free(v);
        free(items);
        D->out.oom = 1;
        return;
    }
    size_t nitems = 0;
    size_t words = ov_count_words(head);
    for (size_t ty = 0; ty <= m->ntypes; ty++) {
        size_t n = 0;
        for (size_t k = from; k < ntops; k++) {
            size_t i = tops[k];
            size_t ity = m->orgs[i].type == OV_NONE ? m->ntypes : m->orgs[i].type;
            if (ity == ty && ov_chart_is_leaf(D->t, i))
                v[n++] = i;
        }
        if (n == 0)
            continue;
        ov_buf *it = &items[nitems++];
        ov_buf_init(it);
        put_names(D, it, v, n);
        /* room for the rest: about 4 words a group */
        if (n > 3 || !it->data || words + ov_count_words(it->data) + 4 > MAX_WORDS) {
            ov_buf_free(it);
            ov_buf_init(it);
            put_count_of(D, it, v, n);
        }
        words += it->data ? ov_count_words(it->data) : 0;
    }
    if (nitems > 0) {
        ov_buf s;
        ov_buf_init(&s);
        ov_buf_puts(&s, head);
        for (size_t k = 0; k < nitems; k++) {
            if (k > 0)
                ov_buf_puts(&s, k + 1 == nitems ? " and " : ", ");
            ov_buf_puts(&s, items[k].data ? items[k].data : "");
            if (items[k].oom)
                s.oom = 1;
            ov_buf_free(&items[k]);
        }
        say(D, &s, OV_NONE);
        ov_buf_free(&s);
    }
    free(items);
    free(v);
}

static const char *link_verb(ov_rel_kind k)
{
    switch (k) {
    case OV_REL_COMMISSIONS:
        return " commissions ";
    case OV_REL_PARTNER_OF:
        return " works in partnership with ";
    case OV_REL_DELEGATES_TO:
        return " delegates functions to ";
    case OV_REL_MEMBER_OF:
        return " is also a member of ";
    case OV_REL_PART_OF:
        return " is also part of ";
    case OV_REL_ACCOUNTABLE_TO:
        return " is also accountable to ";
    default:
        return " is linked to ";
    }
}

/* The lines outside the hierarchy, a sentence per organisation and kind
 * (in the order of the file), at most MAX_LINKS, then a count. */
static void say_links(desc *D)
{
    const ov_chart_tree *t = D->t;
    const ov_model *m = D->m;
    size_t total = t->ncross + t->nalso;
    size_t *rel = malloc((total ? total : 1) * sizeof *rel);
    size_t *v = malloc((total ? total : 1) * sizeof *v);
    unsigned char *done = calloc(total ? total : 1, 1);
    if (!rel || !v || !done) {
        D->out.oom = 1;
        goto out;
    }
    for (size_t k = 0; k < total; k++)
        rel[k] = k < t->ncross ? t->cross[k] : t->also[k - t->ncross];
    size_t sentences = 0;
    size_t left = 0;
    for (size_t k = 0; k < total; k++) {
        if (done[k])
            continue;
        const ov_rel *r = &m->rels[rel[k]];
        size_t n = 0;
        for (size_t j = k; j < total; j++) {
            const ov_rel *q = &m->rels[rel[j]];
            if (!done[j] && q->from == r->from && q->kind == r->kind &&
                (j < t->ncross) == (k < t->ncross)) {
                done[j] = 1;
                v[n++] = q->to;
            }
        }
        if (sentences == MAX_LINKS) {
            left += n;
            continue;
        }
        ov_buf head;
        ov_buf_init(&head);
        put_subject(D, &head, r->from);
        ov_buf_puts(&head, link_verb(r->kind));
        say_list(D, head.data ? head.data : "", v, n, "", r->from);
        if (head.oom)
            D->out.oom = 1;
        ov_buf_free(&head);
        sentences++;
    }
    if (left > 0) {
        ov_buf s;
        ov_buf_init(&s);
        ov_buf_printf(&s, "The chart draws %zu more line%s between organisations", left,
                      left == 1 ? "" : "s");
        say(D, &s, OV_NONE);
        ov_buf_free(&s);
    }
out:
    free(rel);
    free(v);
    free(done);
}

char *ov_chart_describe_tree(const ov_chart_tree *t, const ov_chart_opts *opts)
{
    desc D = {t, t->m, {NULL, 0, 0, 0}, "", 0, OV_NONE};
    ov_date_human(opts->at, D.day);
    size_t *tops = ov_chart_tops(t);
    if (!tops)
        return NULL;
    /* 1. what heads the chart */
    size_t first = 0;
    ov_buf s;
    ov_buf_init(&s);
    if (t->nroots > 0 && !ov_chart_is_leaf(t, tops[0])) {
        ov_buf_puts(&s, name_of(&D, tops[0]));
        ov_buf_puts(&s, " heads the chart");
        say(&D, &s, tops[0]);
        if (opts->root && t->parent[tops[0]] != OV_NONE) {
            ov_buf_free(&s);
            ov_buf_init(&s);
            const ov_rel *r = &t->m->rels[t->parent_rel[tops[0]]];
            ov_buf_puts(&s, "It is ");
            ov_buf_puts(&s, r->kind == OV_REL_MEMBER_OF ? "a member of" : ov_rel_phrase(r->kind));
            ov_buf_putc(&s, ' ');
            ov_buf_puts(&s, name_of(&D, t->parent[tops[0]]));
            say(&D, &s, OV_NONE);
        }
    } else if (t->nroots > 0) {
        /* a first group of lone roots: those of the first one's type */
        size_t ty = t->m->orgs[tops[0]].type;
        while (first < t->nroots && ov_chart_is_leaf(t, tops[first]) &&
               t->m->orgs[tops[first]].type == ty)
            first++;
        say_list(&D, "the chart shows ", tops, first, " at the top, with nothing below them",
                 OV_NONE);
    }
    ov_buf_free(&s);
    /* 2. the trees */
    for (size_t k = 0; k < t->nroots; k++) {
        if (!ov_chart_is_leaf(t, tops[k]))
            describe_below(&D, tops[k], 0);
    }
    /* 3. what changes on the day */
    say_changes(&D, 1);
    say_changes(&D, 0);
    /* 4. the rest of the top */
    say_lone(&D, tops, t->nroots, first,
             D.said > 0 ? "Also at the top, with nothing below them: "
                        : "the chart shows at the top, with nothing below them: ");
    /* 5. other lines */
    say_links(&D);
    /* 6. what is not shown */
    if (t->nunplaced > 0) {
        ov_buf_init(&s);
        ov_buf_puts(&s, "Not shown: ");
        if (ov_put_unplaced(&s, t) != 0)
            s.oom = 1;
        ov_buf_puts(&s, ", whose place on this day is not recorded");
        say(&D, &s, OV_NONE);
        ov_buf_free(&s);
    }
    if (opts->depth >= 0) {
        ov_buf_init(&s);
        ov_buf_printf(&s, "Only %d level%s below the top %s drawn; a cut box says how many are "
                          "below it",
                      opts->depth, opts->depth == 1 ? "" : "s", opts->depth == 1 ? "is" : "are");
        say(&D, &s, OV_NONE);
        ov_buf_free(&s);
    }
    if (D.said == 0) {
        ov_buf_init(&s);
        ov_buf_puts(&s, "the chart is empty");
        say(&D, &s, OV_NONE);
        ov_buf_free(&s);
    }
    free(tops);
    return ov_buf_take(&D.out);
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
