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
    ov_chart_opts opts = {.at = at, .root = NULL, .depth = 0};
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

static int facts_differ(const ov_org *o, const ov_org *p)
{
    (void)o;
    (void)p;
    return 0;
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
    int c = strcmp(ov_org_display_name(&m->orgs[a->org], 0),
                   ov_org_display_name(&m->orgs[b->org], 0));
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

static int add(ov_changes *c, size_t *cap, ov_change ch)
{
    if (c->n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 64;
        ov_change *p = realloc(c->items, ncap * sizeof *p);
        if (p == NULL)
            return -1;
        c->items = p;
        *cap = ncap;
    }
    c->items[c->n++] = ch;
    return 0;
}

ov_status ov_changes_compute(const ov_model *m, ov_day a, ov_day b, ov_changes *c,
                             ov_diags *d)
{
    memset(c, 0, sizeof *c);
    c->m = m;
    c->from = a;
    c->to = b;
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
    c->trans = malloc((m->ntrans ? m->ntrans : 1) * sizeof *c->trans);
    ov_status st = OV_ERR_MEMORY;
    size_t cap = 0;
    if (!pa || !pb || !c->trans)
        goto done;
    st = parents_at(m, a, pa, d);
    if (st == OV_OK)
        st = parents_at(m, b, pb, d);
    if (st != OV_OK)
        goto done;
    st = OV_ERR_MEMORY;
    for (size_t i = 0; i < m->norgs; i++) {
        const ov_org *o = &m->orgs[i];
        int ea = ov_org_exists_at(o, a);
        int eb = ov_org_exists_at(o, b);
        ov_change ch = {.org = i, .date = OV_DAY_NONE, .transition = OV_NONE,
                        .old_parent = OV_NONE, .new_parent = OV_NONE};
        if (!ea && eb) {
            ch.kind = OV_CH_NEW;
            ch.date = o->start > a ? o->start : OV_DAY_NONE;
            ch.transition = transition_of(m, a, b, i, 0);
            ch.new_parent = pb[i];
        } else if (ea && !eb) {
            ch.kind = OV_CH_GONE;
            ch.date = o->end != OV_DAY_NONE && o->end < b ? o->end + 1 : OV_DAY_NONE;
            ch.transition = transition_of(m, a, b, i, 1);
            ch.old_parent = pa[i];
        } else if (ea && eb && pa[i] != pb[i]) {
            ch.kind = OV_CH_MOVED;
            ch.old_parent = pa[i];
            ch.new_parent = pb[i];
            ch.date = move_date(m, a, b, i, pa[i], pb[i]);
            if (pa[i] != OV_NONE)
                ch.transition = transition_of(m, a, b, pa[i], 1);
        } else if (ea && eb && facts_differ(o, o)) {
            ch.kind = OV_CH_CHANGED;
        } else {
            continue;
        }
        if (add(c, &cap, ch) != 0)
            goto done;
    }
    for (size_t t = 0; t < m->ntrans; t++) {
        if (m->trans[t].date > a && m->trans[t].date <= b)
            c->trans[c->ntrans++] = t;
    }
    sort_ctx ctx = {m};
    if (c->n > 1)
        qsort_r(c->items, c->n, sizeof *c->items, cmp_change, &ctx);
    if (c->ntrans > 1)
        qsort_r(c->trans, c->ntrans, sizeof *c->trans, cmp_trans, &ctx);
    st = OV_OK;
done:
    free(pa);
    free(pb);
    return st;
}

void ov_changes_free(ov_changes *c)
{
    free(c->items);
    free(c->trans);
    memset(c, 0, sizeof *c);
}

const ov_change *ov_changes_find(const ov_changes *c, size_t org, ov_change_kind k)
{
    for (size_t i = 0; i < c->n; i++) {
        if (c->items[i].org == org && c->items[i].kind == k)
            return &c->items[i];
    }
    return NULL;
}
