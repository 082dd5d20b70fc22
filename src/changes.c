#define _GNU_SOURCE /* qsort_r */
#include "changes.h"

#include <stdlib.h>
#include <string.h>

#include "chart.h"

static const char *const kind_names[OV_CH_COUNT] = {"new", "gone", "moved", "renamed",
                                                    "changed"};

const char *ov_change_kind_name(ov_change_kind k)
{
    return (unsigned)k < OV_CH_COUNT ? kind_names[k] : "";
}

/* Primary parents of every organisation on day AT (OV_NONE where it has
 * none or does not exist): the chart's own choice, so that the changes
 * agree with what the charts draw. */
static ov_status parents_at(const ov_model *m, ov_day at, size_t *out, ov_diags *d)
{
    size_t nalive = 0;
    for (size_t i = 0; i < m->norgs; i++) {
        out[i] = OV_NONE;
        nalive += ov_org_exists_at(&m->orgs[i], at) ? 1 : 0;
    }
    if (nalive == 0)
        return OV_OK;
    ov_chart_tree t;
    ov_chart_opts opts = {.at = at, .root = NULL, .depth = 0, .since = OV_DAY_NONE};
    ov_status st = ov_chart_tree_build(&t, m, &opts, d);
    if (st == OV_OK)
        memcpy(out, t.parent, m->norgs * sizeof *out);
    ov_chart_tree_free(&t);
    return st;
}

/* The transition dated in (A, B] that has ORG in its from (FROM_SIDE) or
 * to list, or OV_NONE. */
static size_t transition_of(const ov_model *m, ov_day a, ov_day b, size_t org, int from_side)
{
    for (size_t t = 0; t < m->ntrans; t++) {
        const ov_transition *tr = &m->trans[t];
        if (tr->date <= a || tr->date > b)
            continue;
        size_t n = from_side ? tr->nfrom : tr->nto;
        const size_t *list = from_side ? tr->from : tr->to;
        for (size_t k = 0; k < n; k++) {
            if (list[k] == org)
                return t;
        }
    }
    return OV_NONE;
}

static int str_differ(const char *a, const char *b)
{
    if (!a || !b)
        return a != b;
    return strcmp(a, b) != 0;
}

const ov_fact *ov_fact_find(const ov_fact *f, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(f[i].key, key) == 0)
            return &f[i];
    }
    return NULL;
}

int ov_fact_differs(const ov_fact *x, const ov_fact *y)
{
    if (x->is_number != y->is_number)
        return 1;
    return x->is_number ? x->number != y->number : str_differ(x->text, y->text);
}

/* 1 when the two sets of facts differ (in any key or value). */
static int facts_differ(const ov_org_view *a, const ov_org_view *b)
{
    if (a->nfacts != b->nfacts)
        return 1;
    for (size_t i = 0; i < a->nfacts; i++) {
        const ov_fact *x = &a->facts[i];
        const ov_fact *y = ov_fact_find(b->facts, b->nfacts, x->key);
        if (!y || ov_fact_differs(x, y))
            return 1;
    }
    return 0;
}

/* The first day of the state in force on B that differs from the one on A:
 * the day after the last history state that ends in [A, B). */
static ov_day state_date(const ov_org *o, ov_day a, ov_day b)
{
    ov_day best = OV_DAY_NONE;
    for (size_t h = 0; h < o->nhistory; h++) {
        ov_day u = o->history[h].until;
        if (u != OV_DAY_NONE && u >= a && u < b && (best == OV_DAY_NONE || u > best))
            best = u;
    }
    return best == OV_DAY_NONE ? OV_DAY_NONE : best + 1;
}

/* The day ORG's move from OLDP to NEWP took effect: the start of the link
 * to the new parent when it falls in (A, B], else the day after the old
 * parent (or the old link) ended. */
static ov_day move_date(const ov_model *m, ov_day a, ov_day b, size_t org, size_t oldp,
                        size_t newp)
{
    for (size_t r = 0; r < m->nrels; r++) {
        const ov_rel *rel = &m->rels[r];
        if (rel->from != org || rel->to != newp || !ov_rel_is_hierarchical(rel->kind))
            continue;
        ov_day s = rel->start;
        if (s == OV_DAY_NONE || (newp != OV_NONE && m->orgs[newp].start > s))
            s = newp != OV_NONE ? m->orgs[newp].start : OV_DAY_NONE;
        if (s != OV_DAY_NONE && s > a && s <= b && ov_rel_active_at(m, rel, b))
            return s;
    }
    if (oldp != OV_NONE) {
        ov_day e = m->orgs[oldp].end;
        if (e != OV_DAY_NONE && e >= a && e < b)
            return e + 1;
        for (size_t r = 0; r < m->nrels; r++) {
            const ov_rel *rel = &m->rels[r];
            if (rel->from == org && rel->to == oldp && rel->end != OV_DAY_NONE &&
                rel->end >= a && rel->end < b)
                return rel->end + 1;
        }
    }
    return OV_DAY_NONE;
}

typedef struct {
    const ov_model *m;
} sort_ctx;

static int cmp_change(const void *x, const void *y, void *ctx)
{
    const ov_model *m = ((const sort_ctx *)ctx)->m;
    const ov_change *a = x;
    const ov_change *b = y;
    /* unknown dates last */
    int an = a->date == OV_DAY_NONE;
    int bn = b->date == OV_DAY_NONE;
    if (an != bn)
        return an - bn;
    if (a->date != b->date)
        return a->date < b->date ? -1 : 1;
    if (a->kind != b->kind)
        return (int)a->kind - (int)b->kind;
    /* then by group: type, new parent, old parent */
    size_t ka[3] = {m->orgs[a->org].type, a->new_parent, a->old_parent};
    size_t kb[3] = {m->orgs[b->org].type, b->new_parent, b->old_parent};
    for (int k = 0; k < 3; k++) {
        if (ka[k] != kb[k])
            return ka[k] < kb[k] ? -1 : 1;
    }
    int c = strcmp(ov_org_name_at(&m->orgs[a->org], a->date, 0),
                   ov_org_name_at(&m->orgs[b->org], b->date, 0));
    if (c != 0)
        return c;
    return a->org < b->org ? -1 : a->org > b->org;
}

static int cmp_trans(const void *x, const void *y, void *ctx)
{
    const ov_model *m = ((const sort_ctx *)ctx)->m;
    size_t a = *(const size_t *)x;
    size_t b = *(const size_t *)y;
    if (m->trans[a].date != m->trans[b].date)
        return m->trans[a].date < m->trans[b].date ? -1 : 1;
    return a < b ? -1 : a > b;
}

/* A growing list of changes. */
typedef struct {
    ov_change *v;
    size_t n;
    size_t cap;
} chlist;

static int add(chlist *l, ov_change ch)
{
    if (l->n == l->cap) {
        size_t ncap = l->cap ? l->cap * 2 : 64;
        ov_change *p = realloc(l->v, ncap * sizeof *p);
        if (p == NULL)
            return -1;
        l->v = p;
        l->cap = ncap;
    }
    l->v[l->n++] = ch;
    return 0;
}

/* Adds to L the changes of organisation I from day A to day B, whose
 * primary parents on those days are PA and PB. STEP: A and B are
 * neighbouring states (nothing changes between them), so every change is
 * dated B. Returns 0, or -1 when out of memory. */
static int org_changes(const ov_model *m, chlist *l, size_t i, ov_day a, ov_day b, size_t pa,
                       size_t pb, int step)
{
    const ov_org *o = &m->orgs[i];
    int ea = ov_org_exists_at(o, a);
    int eb = ov_org_exists_at(o, b);
    ov_change ch = {.org = i, .date = OV_DAY_NONE, .transition = OV_NONE,
                    .old_parent = OV_NONE, .new_parent = OV_NONE};
    if (!ea && !eb)
        return 0;
    if (!ea) {
        ch.kind = OV_CH_NEW;
        ch.date = step ? b : o->start > a ? o->start : OV_DAY_NONE;
        ch.transition = transition_of(m, a, b, i, 0);
        ch.new_parent = pb;
        return add(l, ch);
    }
    if (!eb) {
        ch.kind = OV_CH_GONE;
        ch.date = step ? b : o->end != OV_DAY_NONE && o->end < b ? o->end + 1 : OV_DAY_NONE;
        ch.transition = transition_of(m, a, b, i, 1);
        ch.old_parent = pa;
        return add(l, ch);
    }
    ch.old_parent = pa;
    ch.new_parent = pb;
    if (pa != pb) {
        ch.kind = OV_CH_MOVED;
        ch.date = step ? b : move_date(m, a, b, i, pa, pb);
        if (pa != OV_NONE)
            ch.transition = transition_of(m, a, b, pa, 1);
        if (add(l, ch) != 0)
            return -1;
    }
    /* on both days, and perhaps renamed or changed besides moving */
    ov_org_view va, vb;
    ov_org_at(o, a, &va);
    ov_org_at(o, b, &vb);
    ch.date = step ? b : state_date(o, a, b);
    ch.transition = OV_NONE;
    if (str_differ(va.name, vb.name) || str_differ(va.short_name, vb.short_name)) {
        ch.kind = OV_CH_RENAMED;
        if (add(l, ch) != 0)
            return -1;
    }
    if (str_differ(va.type_key, vb.type_key) || facts_differ(&va, &vb)) {
        ch.kind = OV_CH_CHANGED;
        if (add(l, ch) != 0)
            return -1;
    }
    return 0;
}

/* Adds D to the days list when it is in (A, B]. */
static int add_day(ov_day **days, size_t *n, size_t *cap, ov_day d, ov_day a, ov_day b)
{
    if (d == OV_DAY_NONE || d <= a || d > b)
        return 0;
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 64;
        ov_day *p = realloc(*days, ncap * sizeof *p);
        if (p == NULL)
            return -1;
        *days = p;
        *cap = ncap;
    }
    (*days)[(*n)++] = d;
    return 0;
}

static int cmp_day(const void *x, const void *y)
{
    ov_day a = *(const ov_day *)x;
    ov_day b = *(const ov_day *)y;
    return a < b ? -1 : a > b;
}

/* The days in (A, B] on which the data says something changes: starts,
 * the days after ends, the days after history states, transitions; in
 * order, once each. Returns the count (*DAYS: free with free()), or
 * (size_t)-1 when out of memory. */
static size_t change_days(const ov_model *m, ov_day a, ov_day b, ov_day **days)
{
    size_t n = 0;
    size_t cap = 0;
    int oom = 0;
    *days = NULL;
    for (size_t i = 0; i < m->norgs && !oom; i++) {
        const ov_org *o = &m->orgs[i];
        oom |= add_day(days, &n, &cap, o->start, a, b);
        if (o->end != OV_DAY_NONE)
            oom |= add_day(days, &n, &cap, o->end + 1, a, b);
        for (size_t h = 0; h < o->nhistory; h++) {
            if (o->history[h].until != OV_DAY_NONE)
                oom |= add_day(days, &n, &cap, o->history[h].until + 1, a, b);
        }
    }
    for (size_t r = 0; r < m->nrels && !oom; r++) {
        oom |= add_day(days, &n, &cap, m->rels[r].start, a, b);
        if (m->rels[r].end != OV_DAY_NONE)
            oom |= add_day(days, &n, &cap, m->rels[r].end + 1, a, b);
    }
    for (size_t t = 0; t < m->ntrans && !oom; t++)
        oom |= add_day(days, &n, &cap, m->trans[t].date, a, b);
    if (oom) {
        free(*days);
        *days = NULL;
        return (size_t)-1;
    }
    if (n > 0) /* no days at all: *days may be NULL, which qsort must not get */
        qsort(*days, n, sizeof **days, cmp_day);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (k == 0 || (*days)[k - 1] != (*days)[i])
            (*days)[k++] = (*days)[i];
    }
    return k;
}

/* Adds to L every change from A to B (STEP: dated B), given the parents
 * on A in PA; fills PB with the parents on B. */
static ov_status diff(const ov_model *m, chlist *l, ov_day a, ov_day b, const size_t *pa,
                      size_t *pb, int step, ov_diags *d)
{
    ov_status st = parents_at(m, b, pb, d);
    if (st != OV_OK)
        return st;
    for (size_t i = 0; i < m->norgs; i++) {
        if (org_changes(m, l, i, a, b, pa[i], pb[i], step) != 0)
            return OV_ERR_MEMORY;
    }
    return OV_OK;
}

ov_status ov_changes_compute(const ov_model *m, ov_day a, ov_day b, int story,
                             ov_changes *c, ov_diags *d)
{
    memset(c, 0, sizeof *c);
    c->m = m;
    c->from = a;
    c->to = b;
    c->story = story;
    if (a >= b) {
        char da[32], db[32];
        ov_date_human(a, da);
        ov_date_human(b, db);
        ov_diag_add(d, OV_ERROR, m->path, 0, 0, NULL, NULL,
                    "the earlier date (%s) must come before the later one (%s)", da, db);
        return OV_ERR_DATA;
    }
    size_t cells = m->norgs ? m->norgs : 1;
    size_t *pa = malloc(cells * sizeof *pa);
    size_t *pb = malloc(cells * sizeof *pb);
    ov_day *days = NULL;
    chlist net = {NULL, 0, 0};
    chlist steps = {NULL, 0, 0};
    c->trans = malloc((m->ntrans ? m->ntrans : 1) * sizeof *c->trans);
    ov_status st = OV_ERR_MEMORY;
    if (!pa || !pb || !c->trans)
        goto done;
    st = parents_at(m, a, pa, d);
    if (st != OV_OK)
        goto done;
    st = diff(m, &net, a, b, pa, pb, 0, d);
    if (st != OV_OK)
        goto done;
    if (story) {
        /* state to state through every day on which something changed */
        size_t ndays = change_days(m, a, b, &days);
        st = OV_ERR_MEMORY;
        if (ndays == (size_t)-1)
            goto done;
        ov_day prev = a;
        for (size_t k = 0; k < ndays; k++) {
            st = diff(m, &steps, prev, days[k], pa, pb, 1, d);
            if (st != OV_OK)
                goto done;
            size_t *swap = pa;
            pa = pb;
            pb = swap;
            prev = days[k];
        }
    }
    for (size_t t = 0; t < m->ntrans; t++) {
        if (m->trans[t].date > a && m->trans[t].date <= b)
            c->trans[c->ntrans++] = t;
    }
    sort_ctx ctx = {m};
    if (story) {
        c->items = steps.v;
        c->n = steps.n;
        c->net = net.v;
        c->nnet = net.n;
        steps.v = NULL;
    } else {
        c->items = net.v;
        c->n = net.n;
    }
    net.v = NULL;
    if (c->n > 1)
        qsort_r(c->items, c->n, sizeof *c->items, cmp_change, &ctx);
    if (c->ntrans > 1)
        qsort_r(c->trans, c->ntrans, sizeof *c->trans, cmp_trans, &ctx);
    st = OV_OK;
done:
    free(net.v);
    free(steps.v);
    free(days);
    free(pa);
    free(pb);
    return st;
}

void ov_changes_free(ov_changes *c)
{
    free(c->items);
    free(c->net);
    free(c->trans);
    memset(c, 0, sizeof *c);
}

int ov_change_gone_on(const ov_changes *c, const ov_change *ch, const unsigned char *drawn)
{
    if (!drawn)
        return 1;
    if (ch->old_parent != OV_NONE && drawn[ch->old_parent])
        return 1;
    if (ch->transition != OV_NONE) {
        const ov_transition *tr = &c->m->trans[ch->transition];
        for (size_t k = 0; k < tr->nto; k++) {
            if (tr->to[k] != OV_NONE && drawn[tr->to[k]])
                return 1;
        }
    }
    return 0;
}

const ov_change *ov_changes_find(const ov_changes *c, size_t org, ov_change_kind k)
{
    for (size_t i = 0; i < c->n; i++) {
        if (c->items[i].org == org && c->items[i].kind == k)
            return &c->items[i];
    }
    return NULL;
}
