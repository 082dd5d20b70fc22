/* What an org chart shows on a day: the organisations that exist, the
 * hierarchy in force as a tree, the cut made by --root and --depth, and
 * the other links between the organisations drawn.
 *
 * An organisation with several hierarchical parents is drawn once, under
 * its primary parent:
 *   1. a candidate parent that is an ancestor of another candidate is
 *      dropped (the most specific wins: a practice that is a member of its
 *      PCN and of the CCG is drawn under the PCN);
 *   2. of the rest, part_of beats member_of beats accountable_to, then the
 *      relationship that comes first in the file.
 * A parent not chosen is implied when it is an ancestor of the primary
 * parent (the CCG above the PCN): nothing more is drawn. Otherwise it is
 * drawn as a thin dotted "also member of" line. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chart.h"

typedef struct {
    const ov_model *m;
    size_t *up_off; /* active hierarchical relationships by their `from` */
    size_t *up;     /* relationship indexes */
    unsigned *mark; /* visit stamps for ancestor searches */
    unsigned stamp;
    size_t *stack;
} hier;

static void hier_free(hier *h)
{
    free(h->up_off);
    free(h->up);
    free(h->mark);
    free(h->stack);
}

static int hier_build(hier *h, const ov_model *m, ov_day at)
{
    memset(h, 0, sizeof *h);
    h->m = m;
    size_t n = m->norgs;
    h->up_off = calloc(n + 1, sizeof *h->up_off);
    h->mark = calloc(n ? n : 1, sizeof *h->mark);
    h->stack = malloc((n ? n : 1) * sizeof *h->stack);
    size_t total = 0;
    if (!h->up_off || !h->mark || !h->stack)
        return -1;
    for (size_t r = 0; r < m->nrels; r++) {
        const ov_rel *rel = &m->rels[r];
        if (ov_rel_is_hierarchical(rel->kind) && rel->from != OV_NONE && rel->to != OV_NONE &&
            rel->from != rel->to && ov_rel_active_at(m, rel, at)) {
            h->up_off[rel->from + 1]++;
            total++;
        }
    }
    for (size_t i = 0; i < n; i++)
        h->up_off[i + 1] += h->up_off[i];
    h->up = malloc((total ? total : 1) * sizeof *h->up);
    size_t *fill = calloc(n ? n : 1, sizeof *fill);
    if (!h->up || !fill) {
        free(fill);
        return -1;
    }
    for (size_t r = 0; r < m->nrels; r++) {
        const ov_rel *rel = &m->rels[r];
        if (ov_rel_is_hierarchical(rel->kind) && rel->from != OV_NONE && rel->to != OV_NONE &&
            rel->from != rel->to && ov_rel_active_at(m, rel, at))
            h->up[h->up_off[rel->from] + fill[rel->from]++] = r;
    }
    free(fill);
    return 0;
}

/* 1 when A is above B (following hierarchical links up from B). */
static int is_ancestor(hier *h, size_t a, size_t b)
{
    h->stamp++;
    size_t top = 0;
    h->stack[top++] = b;
    h->mark[b] = h->stamp;
    while (top > 0) {
        size_t x = h->stack[--top];
        for (size_t k = h->up_off[x]; k < h->up_off[x + 1]; k++) {
            size_t p = h->m->rels[h->up[k]].to;
            if (p == a)
                return 1;
            if (h->mark[p] != h->stamp) {
                h->mark[p] = h->stamp;
                h->stack[top++] = p;
            }
        }
    }
    return 0;
}

/* Relationship R1 is a better primary link than R2. */
static int better(const ov_model *m, size_t r1, size_t r2)
{
    if (r2 == OV_NONE)
        return 1;
    if (m->rels[r1].kind != m->rels[r2].kind)
        return m->rels[r1].kind < m->rels[r2].kind;
    return r1 < r2;
}

static int push(size_t **arr, size_t *n, size_t v)
{
    size_t *p = realloc(*arr, (*n + 1) * sizeof *p);
    if (!p)
        return -1;
    p[(*n)++] = v;
    *arr = p;
    return 0;
}

/* Chooses I's primary parent; adds parents drawn as secondary links to
 * CAND_ALSO. CAND is scratch space of n entries. */
static int choose_parent(hier *h, ov_chart_tree *t, size_t i, size_t *cand, size_t **also,
                         size_t *nalso)
{
    const ov_model *m = t->m;
    size_t nc = 0;
    /* one candidate per parent, with its best relationship */
    for (size_t k = h->up_off[i]; k < h->up_off[i + 1]; k++) {
        size_t r = h->up[k];
        size_t j;
        for (j = 0; j < nc; j++) {
            if (m->rels[cand[j]].to == m->rels[r].to)
                break;
        }
        if (j == nc)
            cand[nc++] = r;
        else if (better(m, r, cand[j]))
            cand[j] = r;
    }
    size_t best = OV_NONE;
    for (size_t j = 0; j < nc; j++) {
        size_t pj = m->rels[cand[j]].to;
        int general = 0;
        for (size_t k = 0; k < nc && !general; k++)
            general = k != j && is_ancestor(h, pj, m->rels[cand[k]].to);
        if (!general && better(m, cand[j], best))
            best = cand[j];
    }
    if (best == OV_NONE)
        return 0;
    size_t primary = m->rels[best].to;
    t->parent[i] = primary;
    t->parent_rel[i] = best;
    for (size_t j = 0; j < nc; j++) {
        size_t pj = m->rels[cand[j]].to;
        if (cand[j] != best && !is_ancestor(h, pj, primary) && push(also, nalso, cand[j]) != 0)
            return -1;
    }
    return 0;
}

/* Sort keys, so that the comparator needs no context (no file-scope
 * state: the library is reentrant). */
typedef struct {
    size_t weight;    /* heavier first */
    const char *name; /* then by display name, ignoring case, then exactly */
    const char *id;   /* then by id (when not NULL) */
    size_t idx;       /* then by index */
} org_key;

static int by_key(const void *a, const void *b)
{
    const org_key *x = a;
    const org_key *y = b;
    if (x->weight != y->weight)
        return x->weight > y->weight ? -1 : 1;
    int c = strcasecmp(x->name, y->name);
    if (c == 0)
        c = strcmp(x->name, y->name);
    if (c == 0 && x->id && y->id)
        c = strcmp(x->id, y->id);
    if (c == 0)
        c = (x->idx > y->idx) - (x->idx < y->idx);
    return c;
}

int ov_chart_sort_orgs(const ov_model *m, ov_day at, size_t *ids, size_t n, const size_t *weight,
                       int tie_by_id)
{
    if (n < 2)
        return 0;
    org_key *keys = malloc(n * sizeof *keys);
    if (!keys)
        return -1;
    for (size_t k = 0; k < n; k++) {
        const ov_org *o = &m->orgs[ids[k]];
        keys[k] = (org_key){weight ? weight[ids[k]] : 0, ov_org_name_at(o, at, 0),
                            tie_by_id ? o->id : NULL, ids[k]};
    }
    qsort(keys, n, sizeof *keys, by_key);
    for (size_t k = 0; k < n; k++)
        ids[k] = keys[k].idx;
    free(keys);
    return 0;
}

/* The organisations of the subtrees below STARTS in breadth-first order
 * (parents before children) into ORDER (t->n cells); returns how many.
 * Iterative, and each organisation is taken once (SEEN: t->n cells, those
 * already taken), so neither a 150,000-deep hierarchy nor a broken one can
 * run away. */
static size_t walk_down(const ov_chart_tree *t, const size_t *starts, size_t nstarts,
                        unsigned char *seen, size_t *order)
{
    size_t n = 0;
    for (size_t k = 0; k < nstarts; k++) {
        if (!seen[starts[k]]) {
            seen[starts[k]] = 1;
            order[n++] = starts[k];
        }
    }
    for (size_t head = 0; head < n; head++) {
        size_t i = order[head];
        for (size_t k = t->kid_off[i]; k < t->kid_off[i + 1]; k++) {
            size_t c = t->kids[k];
            if (!seen[c]) {
                seen[c] = 1;
                order[n++] = c;
            }
        }
    }
    return n;
}

/* SIZE[i] = the number of organisations below i in the primary tree, for
 * every root of the forest (and so for everyone below one). */
static int subtree_sizes(const ov_chart_tree *t, size_t *size)
{
    size_t n = t->n;
    size_t *order = malloc((n ? n : 1) * sizeof *order);
    size_t *starts = calloc(n ? n : 1, sizeof *starts);
    unsigned char *seen = calloc(n ? n : 1, 1);
    if (!order || !starts || !seen) {
        free(order);
        free(starts);
        free(seen);
        return -1;
    }
    size_t ns = 0;
    for (size_t i = 0; i < n; i++) {
        size[i] = 0;
        if (t->parent[i] == OV_NONE)
            starts[ns++] = i;
    }
    size_t got = walk_down(t, starts, ns, seen, order);
    for (size_t k = got; k-- > 0;) {
        size_t i = order[k];
        if (t->parent[i] != OV_NONE)
            size[t->parent[i]] += 1 + size[i];
    }
    free(order);
    free(starts);
    free(seen);
    return 0;
}

/* Marks ROOT and what is below it as drawn, down to LIMIT levels (<0: all)
 * and marks the cut ones; iterative (breadth first). */
static int mark_drawn(ov_chart_tree *t, size_t root, int limit)
{
    size_t *queue = malloc((t->n ? t->n : 1) * sizeof *queue);
    if (!queue)
        return -1;
    size_t n = 0;
    if (!t->drawn[root]) {
        t->drawn[root] = 1;
        t->depth[root] = 0;
        queue[n++] = root;
    }
    for (size_t head = 0; head < n; head++) {
        size_t i = queue[head];
        for (size_t k = t->kid_off[i]; k < t->kid_off[i + 1]; k++) {
            size_t c = t->kids[k];
            if (limit >= 0 && t->depth[i] >= limit) {
                t->cut[i] = 1;
            } else if (!t->drawn[c]) {
                t->drawn[c] = 1;
                t->depth[c] = t->depth[i] + 1;
                queue[n++] = c;
            }
        }
    }
    free(queue);
    return 0;
}

/* An organisation with no parent on the day that has a place in the
 * hierarchy on other days is left out of the drawing, with everything
 * under it, and counted instead, when it is alone (no children: the
 * practices of Herefordshire and Worcestershire before their networks
 * began in July 2019) or when every parent it has on other days is gone
 * on this one (the networks on the day before their CCGs merged, when the
 * data records the new CCG but not the old ones): its place on this day
 * is not recorded, and drawing it loose would read as a structure of its
 * own (and a wall of lone boxes would hide the structure that is known).
 * When nothing else would be left, they are all drawn. Marks the ones
 * left out in t->cut (the caller clears it). */
static int find_unplaced(ov_chart_tree *t)
{
    const ov_model *m = t->m;
    /* 1: has a parent on some day; 2: and one of them exists on this day */
    unsigned char *placed = calloc(t->n ? t->n : 1, 1);
    if (!placed)
        return -1;
    for (size_t r = 0; r < m->nrels; r++) {
        const ov_rel *rel = &m->rels[r];
        if (!ov_rel_is_hierarchical(rel->kind) || rel->from == OV_NONE || rel->to == OV_NONE)
            continue;
        if (!placed[rel->from])
            placed[rel->from] = 1;
        if (t->alive[rel->to])
            placed[rel->from] = 2;
    }
    size_t others = 0;
    for (size_t i = 0; i < t->n; i++) {
        if (!t->alive[i] || t->parent[i] != OV_NONE)
            continue;
        int alone = t->kid_off[i] == t->kid_off[i + 1];
        if ((placed[i] && alone) || placed[i] == 1) {
            if (push(&t->unplaced, &t->nunplaced, i) != 0) {
                free(placed);
                return -1;
            }
        } else {
            others++;
        }
    }
    free(placed);
    if (others == 0) {
        free(t->unplaced);
        t->unplaced = NULL;
        t->nunplaced = 0;
    }
    for (size_t k = 0; k < t->nunplaced; k++)
        t->cut[t->unplaced[k]] = 1;
    return 0;
}

/* The children of every organisation, by name (FILL: N zeroed cells).
 * Returns 0, or -1 when out of memory. */
static int tree_kids(ov_chart_tree *t, const ov_model *m, size_t *fill)
{
    size_t n = t->n;
    for (size_t i = 0; i < n; i++) {
        if (t->parent[i] != OV_NONE)
            t->kid_off[t->parent[i] + 1]++;
    }
    for (size_t i = 0; i < n; i++)
        t->kid_off[i + 1] += t->kid_off[i];
    for (size_t i = 0; i < n; i++) {
        size_t p = t->parent[i];
        if (p != OV_NONE)
            t->kids[t->kid_off[p] + fill[p]++] = i;
    }
    for (size_t i = 0; i < n; i++) {
        if (ov_chart_sort_orgs(m, t->at, t->kids + t->kid_off[i], t->kid_off[i + 1] - t->kid_off[i],
                               NULL, 0) != 0)
            return -1;
    }
    return 0;
}

/* Marks what is drawn: --root and what is below it, else every tree (and
 * the organisations left out for want of a place). DAY is OPTS->at in
 * words. */
static ov_status tree_mark(ov_chart_tree *t, const ov_model *m, const ov_chart_opts *opts,
                           const char *day, ov_diags *d)
{
    if (opts->root) {
        size_t r = ov_model_find(m, opts->root);
        if (r == OV_NONE) {
            const char *near = ov_model_suggest_id(m, opts->root);
            ov_diag_add(d, OV_ERROR, m->path, 0, 0, NULL, opts->root,
                        "--root %s: no organisation has this id%s%s%s", opts->root,
                        near ? "; did you mean \"" : "", near ? near : "", near ? "\"?" : "");
            return OV_ERR_DATA;
        }
        if (!t->alive[r]) {
            ov_diag_add(d, OV_ERROR, m->path, 0, 0, NULL, opts->root,
                        "--root %s: %s did not exist on %s", opts->root,
                        ov_org_display_name(&m->orgs[r], 0), day);
            return OV_ERR_DATA;
        }
        if (mark_drawn(t, r, opts->depth) != 0)
            return OV_ERR_MEMORY;
    } else {
        if (find_unplaced(t) != 0)
            return OV_ERR_MEMORY;
        for (size_t i = 0; i < t->n; i++) {
            if (t->alive[i] && t->parent[i] == OV_NONE && !t->drawn[i] && !t->cut[i] &&
                mark_drawn(t, i, opts->depth) != 0)
                return OV_ERR_MEMORY;
        }
        /* find_unplaced borrowed `cut` to mark the left-out ones */
        for (size_t k = 0; k < t->nunplaced; k++)
            t->cut[t->unplaced[k]] = 0;
    }
    size_t ndrawn = 0;
    for (size_t i = 0; i < t->n; i++)
        ndrawn += t->drawn[i];
    if (ndrawn > OV_CHART_MAX_ORGS) {
        ov_diag_add(d, OV_ERROR, m->path, 0, 0, NULL, opts->root,
                    "%zu organisations to draw on %s: more than one chart can show (at most "
                    "%d); draw part of it with --root ID, or fewer levels with --depth N",
                    ndrawn, day, OV_CHART_MAX_ORGS);
        return OV_ERR_DATA;
    }
    /* placing the boxes recurses down the drawn tree: cap its depth */
    int deepest = 0;
    for (size_t i = 0; i < t->n; i++) {
        if (t->drawn[i] && t->depth[i] > deepest)
            deepest = t->depth[i];
    }
    if (deepest > OV_CHART_MAX_DEPTH) {
        ov_diag_add(d, OV_ERROR, m->path, 0, 0, NULL, opts->root,
                    "the structure on %s is %d levels deep: more than one chart can show (at "
                    "most %d levels); draw part of it with --root ID, or fewer levels with "
                    "--depth N",
                    day, deepest + 1, OV_CHART_MAX_DEPTH);
        return OV_ERR_DATA;
    }
    return OV_OK;
}

/* The roots of the drawing, biggest tree first (WEIGHT: N cells of
 * scratch). */
static int tree_roots(ov_chart_tree *t, size_t *weight)
{
    if (subtree_sizes(t, weight) != 0)
        return -1;
    for (size_t i = 0; i < t->n; i++) {
        if (!t->drawn[i] || (t->parent[i] != OV_NONE && t->drawn[t->parent[i]]))
            continue;
        if (push(&t->roots, &t->nroots, i) != 0)
            return -1;
    }
    return ov_chart_sort_orgs(t->m, t->at, t->roots, t->nroots, weight, 0);
}

/* The links between drawn organisations: the other parents (t->also) and
 * the relationships in force on AT that are not hierarchical. */
static int tree_links(ov_chart_tree *t, const ov_model *m, ov_day at)
{
    size_t keep = 0;
    for (size_t k = 0; k < t->nalso; k++) {
        const ov_rel *r = &m->rels[t->also[k]];
        if (t->drawn[r->from] && t->drawn[r->to])
            t->also[keep++] = t->also[k];
    }
    t->nalso = keep;
    for (size_t r = 0; r < m->nrels; r++) {
        const ov_rel *rel = &m->rels[r];
        if (ov_rel_is_hierarchical(rel->kind) || rel->from == OV_NONE || rel->to == OV_NONE ||
            rel->from == rel->to || !ov_rel_active_at(m, rel, at))
            continue;
        if (t->drawn[rel->from] && t->drawn[rel->to] && push(&t->cross, &t->ncross, r) != 0)
            return -1;
    }
    return 0;
}

ov_status ov_chart_tree_build(ov_chart_tree *t, const ov_model *m, const ov_chart_opts *opts,
                              ov_diags *d)
{
    memset(t, 0, sizeof *t);
    t->m = m;
    t->at = opts->at;
    size_t n = m->norgs;
    t->n = n;
    size_t cells = n ? n : 1;
    hier h;
    size_t *cand = NULL;
    size_t *fill = NULL;
    ov_status st = OV_ERR_MEMORY;
    if (hier_build(&h, m, opts->at) != 0)
        goto done;
    t->alive = calloc(cells, 1);
    t->parent = malloc(cells * sizeof *t->parent);
    t->parent_rel = malloc(cells * sizeof *t->parent_rel);
    t->kid_off = calloc(n + 1, sizeof *t->kid_off);
    t->kids = malloc(cells * sizeof *t->kids);
    t->drawn = calloc(cells, 1);
    t->cut = calloc(cells, 1);
    t->depth = malloc(cells * sizeof *t->depth);
    cand = malloc(cells * sizeof *cand);
    fill = calloc(cells, sizeof *fill);
    if (!t->alive || !t->parent || !t->parent_rel || !t->kid_off || !t->kids || !t->drawn ||
        !t->cut || !t->depth || !cand || !fill)
        goto done;
    size_t nalive = 0;
    for (size_t i = 0; i < n; i++) {
        t->alive[i] = ov_org_exists_at(&m->orgs[i], opts->at) ? 1 : 0;
        nalive += t->alive[i];
        t->parent[i] = OV_NONE;
        t->parent_rel[i] = OV_NONE;
        t->depth[i] = -1;
    }
    char day[32];
    ov_date_human(opts->at, day);
    if (nalive == 0) {
        ov_diag_add(d, OV_ERROR, m->path, 0, 0, NULL, NULL,
                    "no organisation exists on %s: nothing to draw", day);
        st = OV_ERR_DATA;
        goto done;
    }
    size_t *also = NULL;
    size_t nalso = 0;
    for (size_t i = 0; i < n; i++) {
        if (t->alive[i] && choose_parent(&h, t, i, cand, &also, &nalso) != 0) {
            free(also);
            goto done;
        }
    }
    t->also = also;
    t->nalso = nalso;
    if (tree_kids(t, m, fill) != 0) {
        st = OV_ERR_MEMORY;
        goto done;
    }
    st = tree_mark(t, m, opts, day, d);
    if (st != OV_OK)
        goto done;
    st = OV_ERR_MEMORY;
    /* fill is reused as scratch */
    if (tree_roots(t, fill) != 0 || tree_links(t, m, opts->at) != 0)
        goto done;
    st = OV_OK;
done:
    if (st == OV_ERR_MEMORY)
        ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "out of memory");
    hier_free(&h);
    free(cand);
    free(fill);
    return st;
}

void ov_chart_tree_free(ov_chart_tree *t)
{
    free(t->alive);
    free(t->parent);
    free(t->parent_rel);
    free(t->kid_off);
    free(t->kids);
    free(t->drawn);
    free(t->depth);
    free(t->cut);
    free(t->roots);
    free(t->also);
    free(t->cross);
    free(t->unplaced);
    memset(t, 0, sizeof *t);
}

size_t ov_chart_nkids(const ov_chart_tree *t, size_t i)
{
    return t->kid_off[i + 1] - t->kid_off[i];
}

const size_t *ov_chart_kids(const ov_chart_tree *t, size_t i)
{
    return t->kids + t->kid_off[i];
}

int ov_chart_is_leaf(const ov_chart_tree *t, size_t i)
{
    for (size_t k = t->kid_off[i]; k < t->kid_off[i + 1]; k++) {
        if (t->drawn[t->kids[k]])
            return 0;
    }
    return 1;
}

int ov_chart_count_below(const ov_chart_tree *t, size_t i, int hidden_only, size_t *counts)
{
    size_t *order = malloc((t->n ? t->n : 1) * sizeof *order);
    unsigned char *seen = calloc(t->n ? t->n : 1, 1);
    if (!order || !seen) {
        free(order);
        free(seen);
        return -1;
    }
    size_t n = walk_down(t, &i, 1, seen, order);
    for (size_t k = 1; k < n; k++) {
        size_t c = order[k];
        if (!hidden_only || !t->drawn[c]) {
            size_t ty = t->m->orgs[c].type;
            counts[ty == OV_NONE ? t->m->ntypes : ty]++;
        }
    }
    free(order);
    free(seen);
    return 0;
}

/* ---- reading order ------------------------------------------------------ */

typedef struct {
    int changes;    /* starts or ends on the day */
    int height;     /* levels of drawn organisations below it */
    size_t size;    /* drawn organisations below it */
    size_t type;    /* position of its type in the file; undeclared last */
    const char *name;
    size_t org;
} top_key;

static int cmp_top(const void *pa, const void *pb)
{
    const top_key *a = pa;
    const top_key *b = pb;
    if (a->changes != b->changes)
        return a->changes > b->changes ? -1 : 1;
    if (a->height != b->height)
        return a->height > b->height ? -1 : 1;
    if (a->size != b->size)
        return a->size > b->size ? -1 : 1;
    if (a->type != b->type)
        return a->type < b->type ? -1 : 1;
    int r = strcasecmp(a->name, b->name);
    if (r == 0)
        r = strcmp(a->name, b->name);
    if (r == 0)
        r = a->org < b->org ? -1 : a->org > b->org;
    return r;
}

size_t *ov_chart_preorder(const ov_chart_tree *t, const size_t *tops, size_t ntops, size_t *n)
{
    *n = 0;
    size_t *order = malloc((t->n ? t->n : 1) * sizeof *order);
    size_t *stack = malloc((t->n ? t->n : 1) * sizeof *stack);
    if (!order || !stack) {
        free(order);
        free(stack);
        return NULL;
    }
    for (size_t r = 0; r < ntops; r++) {
        size_t sp = 0;
        stack[sp++] = tops[r];
        while (sp > 0) {
            size_t i = stack[--sp];
            order[(*n)++] = i;
            /* children pushed last to first, so that they come out in order */
            for (size_t k = ov_chart_nkids(t, i); k-- > 0;) {
                size_t c = ov_chart_kids(t, i)[k];
                if (t->drawn[c] && sp < t->n)
                    stack[sp++] = c;
            }
        }
    }
    free(stack);
    return order;
}

size_t *ov_chart_tops(const ov_chart_tree *t)
{
    const ov_model *m = t->m;
    top_key *keys = calloc(t->nroots ? t->nroots : 1, sizeof *keys);
    size_t *tops = malloc((t->nroots ? t->nroots : 1) * sizeof *tops);
    size_t n = 0;
    size_t *order = keys && tops ? ov_chart_preorder(t, t->roots, t->nroots, &n) : NULL;
    if (!order) {
        free(keys);
        free(tops);
        return NULL;
    }
    /* the preorder visits each root's tree in one run: the tallest depth
     * in the run is the root's height */
    size_t r = (size_t)-1;
    for (size_t k = 0; k < n; k++) {
        size_t i = order[k];
        if (r + 1 < t->nroots && i == t->roots[r + 1]) {
            r++;
            const ov_org *o = &m->orgs[i];
            keys[r] = (top_key){o->start == t->at || o->end == t->at, 0, 0,
                                o->type == OV_NONE ? m->ntypes : o->type,
                                ov_org_name_at(o, t->at, 0), i};
        }
        int below = t->depth[i] - t->depth[t->roots[r]];
        keys[r].size += i != t->roots[r];
        if (below > keys[r].height)
            keys[r].height = below;
    }
    qsort(keys, t->nroots, sizeof *keys, cmp_top);
    for (size_t k = 0; k < t->nroots; k++)
        tops[k] = keys[k].org;
    free(order);
    free(keys);
    return tops;
}
