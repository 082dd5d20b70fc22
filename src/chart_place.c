/* Where the chart's boxes go. The tree of the day becomes items of
 * tree_layout.h:
 *   - an organisation is a box; below it, side by side: its leaves drawn
 *     one by one (or, from MIXED_MIN, in one mixed stack), its stacks of
 *     leaves of one type, then its branches (from WRAP_MIN, in a panel of
 *     rows packed by real widths);
 *   - leaves of one type are stacked from STACK_MIN, and always when the
 *     same type stacks under the same type of parent anywhere on the
 *     chart (every network's practices are a stack, even a network of
 *     two: one shape); every stacked box of a type is as big as the
 *     biggest (one shape again, and straight columns);
 *   - at the top, left to right: the main tree (the biggest), then the rest
 *     in rows; the trees linked to the hub (the organisation of the main
 *     tree with the most links to the tops of other trees: the trusts a CCG
 *     commissions, the councils it partners) are drawn beside the hub,
 *     left and right, where its links reach them (chart_links.c).
 * Items are made in one loop with an explicit stack (no recursion over
 * the data), parents before children, so that panels are painted below
 * what they hold. Every line of the tree is an elbow that orgviz computes:
 * down from the parent, across, down to the child. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_int.h"

/* ---- which leaves are stacked ------------------------------------------------- */

typedef struct {
    size_t slot;
    size_t pos;
    size_t org;
} slot_item;

static int by_slot(const void *a, const void *b)
{
    const slot_item *x = a;
    const slot_item *y = b;
    if (x->slot != y->slot)
        return x->slot < y->slot ? -1 : 1;
    return (x->pos > y->pos) - (x->pos < y->pos);
}

/* The drawn leaf children of I, sorted by type (then name: kids are in
 * name order) into ITEMS; returns how many. */
static size_t leaf_items(const ch_chart *c, size_t i, slot_item *items)
{
    const ov_chart_tree *t = c->t;
    size_t n = 0;
    for (size_t k = 0; k < ov_chart_nkids(t, i); k++) {
        size_t x = ov_chart_kids(t, i)[k];
        if (t->drawn[x] && ov_chart_is_leaf(t, x)) {
            slot_item it = {ch_type_slot(c, x), k, x};
            items[n++] = it;
        }
    }
    qsort(items, n, sizeof *items, by_slot);
    return n;
}

/* Pairs (type of parent, type of leaf) that stack somewhere: a bit
 * matrix, or NULL when there are too many types for one (then only the
 * count decides). */
#define PAIRS_MAX_TYPES 2048

int ch_make_plans(ch_chart *c)
{
    const ov_chart_tree *t = c->t;
    size_t n = t->n;
    size_t slots = c->m->ntypes + 1;
    slot_item *items = malloc((n ? n : 1) * sizeof *items);
    unsigned char *pairs = slots <= PAIRS_MAX_TYPES ? calloc(slots * slots, 1) : NULL;
    c->plan_off = calloc(n + 1, sizeof *c->plan_off);
    c->plan = malloc((n ? n : 1) * sizeof *c->plan);
    c->plan_split = malloc((n ? n : 1) * sizeof *c->plan_split);
    c->stacked = calloc(n ? n : 1, 1);
    int rc = -1;
    if (!items || !c->plan_off || !c->plan || !c->plan_split || !c->stacked ||
        (slots <= PAIRS_MAX_TYPES && !pairs))
        goto done;
    for (int pass = 0; pass < 2; pass++) {
        size_t at = 0;
        for (size_t i = 0; i < n; i++) {
            c->plan_off[i] = at;
            size_t m = t->drawn[i] ? leaf_items(c, i, items) : 0;
            size_t ps = ch_type_slot(c, i);
            /* pass 0 notes the pairs; pass 1: stacked runs first */
            for (int part = 0; part < 2; part++) {
                if (part == 1)
                    c->plan_split[i] = at;
                for (size_t j = 0; j < m;) {
                    size_t run = 1;
                    while (j + run < m && items[j + run].slot == items[j].slot)
                        run++;
                    size_t pair = ps * slots + items[j].slot;
                    int stacked = run >= STACK_MIN || (pairs && pairs[pair]);
                    if (pass == 0 && run >= STACK_MIN && pairs)
                        pairs[pair] = 1;
                    if (pass == 1 && stacked == (part == 0)) {
                        for (size_t r = 0; r < run; r++) {
                            c->plan[at++] = items[j + r].org;
                            c->stacked[items[j + r].org] = stacked;
                        }
                    }
                    j += run;
                }
            }
        }
        c->plan_off[n] = at;
    }
    /* the rest of a parent's leaves, in one mixed stack from MIXED_MIN */
    for (size_t i = 0; i < n; i++) {
        if (c->plan_off[i + 1] - c->plan_split[i] < MIXED_MIN)
            continue;
        for (size_t k = c->plan_split[i]; k < c->plan_off[i + 1]; k++)
            c->stacked[c->plan[k]] = 1;
    }
    rc = 0;
done:
    free(items);
    free(pairs);
    return rc;
}

/* How many of LEAVES (N) from the first have its type. */
static size_t run_length(const ch_chart *c, const size_t *leaves, size_t n)
{
    size_t run = 1;
    while (run < n && ch_type_slot(c, leaves[run]) == ch_type_slot(c, leaves[0]))
        run++;
    return run;
}

/* ---- items ------------------------------------------------------------------------ */

size_t ch_add_item(ch_chart *c, ov_tl_kind kind, size_t parent, ov_gnode *node, size_t org)
{
    if (c->nitems == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 256;
        ov_tl_item *tl = realloc(c->tl, cap * sizeof *tl);
        if (tl)
            c->tl = tl;
        ch_item *items = tl ? realloc(c->items, cap * sizeof *items) : NULL;
        if (!items) {
            c->oom = 1;
            return OV_NONE;
        }
        c->items = items;
        c->cap = cap;
    }
    size_t k = c->nitems++;
    memset(&c->tl[k], 0, sizeof c->tl[k]);
    c->tl[k].kind = kind;
    c->tl[k].parent = parent;
    c->items[k].node = node;
    c->items[k].org = org;
    c->items[k].parent_org = OV_NONE;
    c->items[k].edge_id = NULL;
    if (org != OV_NONE)
        c->item_of[org] = k;
    return k;
}

static size_t add_org(ch_chart *c, size_t parent, size_t org, int stacked)
{
    ov_gnode *n = ch_org_node(c, org, stacked);
    return n ? ch_add_item(c, OV_TL_BOX, parent, n, org) : OV_NONE;
}

/* A stack of LEAVES (K) under item PARENT, hanging from organisation
 * OWNER (OV_NONE: none on the day). */
static void add_stack(ch_chart *c, size_t parent, size_t owner, const size_t *leaves, size_t k,
                      int mixed)
{
    const ov_model *m = c->m;
    size_t slot = ch_type_slot(c, leaves[0]);
    const char *key = m->orgs[leaves[0]].type_key ? m->orgs[leaves[0]].type_key : "unknown";
    ov_buf b;
    ov_buf_init(&b);
    ov_buf_printf(&b, "stack-%s%s", owner != OV_NONE ? m->orgs[owner].id : "",
                  owner != OV_NONE ? "-" : "");
    if (mixed)
        ov_buf_puts(&b, "mixed");
    else
        ch_put_class_token(&b, key);
    char *id = ch_take(c, &b);
    ov_put_counted(&b, k, mixed ? "organisation" : ch_type_label(c, slot), 0);
    if (owner == OV_NONE)
        ov_buf_puts(&b, " with no parent on this day");
    ov_gnode *n = id ? ch_panel_node(c, id, "stack", &b) : NULL;
    ov_buf_free(&b);
    size_t s = n ? ch_add_item(c, OV_TL_STACK, parent, n, OV_NONE) : OV_NONE;
    if (s == OV_NONE) {
        free(id);
        c->oom = 1;
        return;
    }
    c->items[s].parent_org = owner;
    c->items[s].edge_id = id ? ov_asprintf("members-%s", id + strlen("stack-")) : NULL;
    free(id);
    for (size_t j = 0; j < k && !c->oom; j++)
        add_org(c, s, leaves[j], mixed ? 2 : 1);
}

/* The panel of I's wrapped branches; returns its item. */
static size_t add_group(ch_chart *c, size_t parent, size_t i, const size_t *kids, size_t k)
{
    const ov_model *m = c->m;
    size_t slot = ch_type_slot(c, kids[0]);
    int same = 1;
    for (size_t j = 1; j < k; j++)
        same = same && ch_type_slot(c, kids[j]) == slot;
    ov_buf b;
    ov_buf_init(&b);
    ov_buf_printf(&b, "group-%s", m->orgs[i].id);
    char *id = ch_take(c, &b);
    ov_put_counted(&b, k, same ? ch_type_label(c, slot) : "organisation", 0);
    ov_gnode *n = id ? ch_panel_node(c, id, "group", &b) : NULL;
    ov_buf_free(&b);
    free(id);
    size_t g = n ? ch_add_item(c, OV_TL_WRAP, parent, n, OV_NONE) : OV_NONE;
    if (g == OV_NONE) {
        c->oom = 1;
        return OV_NONE;
    }
    c->items[g].parent_org = i;
    c->items[g].edge_id = ov_asprintf("members-%s", m->orgs[i].id);
    return g;
}

typedef struct {
    size_t org;
    size_t parent; /* item */
} task;

/* Organisation ROOT's tree under item PARENT. TODO is scratch space for
 * t->n tasks; BRANCH for t->n organisations. */
static void add_tree(ch_chart *c, size_t parent, size_t root, task *todo, size_t *branch)
{
    const ov_chart_tree *t = c->t;
    size_t top = 0;
    todo[top].org = root;
    todo[top++].parent = parent;
    while (top > 0 && !c->oom) {
        task job = todo[--top];
        size_t i = job.org;
        size_t me = add_org(c, job.parent, i, 0);
        if (me == OV_NONE)
            return;
        const size_t *plan = c->plan + c->plan_off[i];
        size_t split = c->plan_split[i] - c->plan_off[i];
        size_t nplan = c->plan_off[i + 1] - c->plan_off[i];
        if (nplan - split >= MIXED_MIN) {
            add_stack(c, me, i, plan + split, nplan - split, 1);
        } else {
            for (size_t k = split; k < nplan; k++)
                add_org(c, me, plan[k], 0);
        }
        for (size_t k = 0; k < split;) {
            size_t run = run_length(c, plan + k, split - k);
            add_stack(c, me, i, plan + k, run, 0);
            k += run;
        }
        size_t nbranch = 0;
        for (size_t k = 0; k < ov_chart_nkids(t, i); k++) {
            size_t x = ov_chart_kids(t, i)[k];
            if (t->drawn[x] && !ov_chart_is_leaf(t, x))
                branch[nbranch++] = x;
        }
        size_t under = me;
        if (nbranch >= WRAP_MIN)
            under = add_group(c, me, i, branch, nbranch);
        if (under == OV_NONE)
            return;
        /* the first branch on top of the stack: made first, leftmost */
        for (size_t k = nbranch; k-- > 0;) {
            todo[top].org = branch[k];
            todo[top++].parent = under;
        }
    }
}

/* Organisations drawn below I (a loop over its subtree). */
static size_t count_below(const ov_chart_tree *t, size_t i)
{
    size_t n = 0;
    size_t first = i;
    size_t at = i;
    /* walk down the first drawn children, then across and up */
    for (;;) {
        size_t next = OV_NONE;
        for (size_t k = 0; k < ov_chart_nkids(t, at) && next == OV_NONE; k++) {
            if (t->drawn[ov_chart_kids(t, at)[k]])
                next = ov_chart_kids(t, at)[k];
        }
        while (next == OV_NONE && at != first) {
            size_t p = t->parent[at];
            const size_t *kids = ov_chart_kids(t, p);
            size_t nk = ov_chart_nkids(t, p);
            size_t k = 0;
            while (k < nk && kids[k] != at)
                k++;
            for (k++; k < nk && next == OV_NONE; k++) {
                if (t->drawn[kids[k]])
                    next = kids[k];
            }
            if (next == OV_NONE)
                at = p;
        }
        if (next == OV_NONE)
            return n;
        n++;
        at = next;
    }
}

/* The organisation at the top of I's tree. */
static size_t top_of(const ov_chart_tree *t, size_t i)
{
    while (t->parent[i] != OV_NONE && t->drawn[t->parent[i]])
        i = t->parent[i];
    return i;
}

/* The hub: the organisation of the main tree with the most links to the
 * tops of other trees (the CCG and the trusts it commissions, the councils
 * it partners). Those trees are drawn beside it, left and right, and
 * marked in FLANK (1 left, 2 right); OV_NONE when there are none. */
static size_t find_hub(const ch_chart *c, unsigned char *flank, size_t *count)
{
    const ov_chart_tree *t = c->t;
    size_t main = t->roots[0];
    size_t hub = OV_NONE;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t k = 0; k < t->ncross; k++) {
            const ov_rel *rel = &c->m->rels[t->cross[k]];
            size_t a = rel->from;
            size_t b = rel->to;
            int a_top = t->parent[a] == OV_NONE || !t->drawn[t->parent[a]];
            int b_top = t->parent[b] == OV_NONE || !t->drawn[t->parent[b]];
            size_t in_main = top_of(t, a) == main && b_top && b != main   ? a
                             : top_of(t, b) == main && a_top && a != main ? b
                                                                          : OV_NONE;
            if (in_main == OV_NONE)
                continue;
            size_t other = in_main == a ? b : a;
            if (c->stacked[in_main])
                continue; /* a box in a stack has no room beside it */
            if (pass == 0) {
                count[in_main]++;
                if (hub == OV_NONE || count[in_main] > count[hub] ||
                    (count[in_main] == count[hub] && t->depth[in_main] < t->depth[hub]))
                    hub = in_main;
            } else if (in_main == hub) {
                flank[other] = 3; /* sides chosen below */
            }
        }
    }
    if (hub == OV_NONE)
        return OV_NONE;
    /* in the roots' order, the first half (by organisations) at the left */
    size_t total = 0;
    for (size_t k = 1; k < t->nroots; k++) {
        size_t r = t->roots[k];
        if (flank[r])
            total += 1 + count_below(t, r);
    }
    size_t so_far = 0;
    for (size_t k = 1; k < t->nroots; k++) {
        size_t r = t->roots[k];
        if (!flank[r])
            continue;
        size_t size = 1 + count_below(t, r);
        flank[r] = so_far == 0 || 2 * (so_far + size / 2) <= total ? 1 : 2;
        so_far += size;
    }
    return hub;
}

/* The rest of the top: lone leaves without links stacked by type (the
 * rest of them in one mixed stack), then the other trees. */
static void add_others(ch_chart *c, size_t parent, const unsigned char *skip,
                       const unsigned char *linked, task *todo, size_t *scratch)
{
    const ov_chart_tree *t = c->t;
    slot_item *items = malloc((t->nroots ? t->nroots : 1) * sizeof *items);
    if (!items) {
        c->oom = 1;
        return;
    }
    size_t m = 0;
    for (size_t k = 1; k < t->nroots; k++) {
        size_t r = t->roots[k];
        if (!skip[r] && !linked[r] && ov_chart_is_leaf(t, r)) {
            slot_item it = {ch_type_slot(c, r), k, r};
            items[m++] = it;
        }
    }
    qsort(items, m, sizeof *items, by_slot);
    size_t nrest = 0;
    for (size_t j = 0; j < m && !c->oom;) {
        size_t run = 1;
        while (j + run < m && items[j + run].slot == items[j].slot)
            run++;
        for (size_t r = 0; r < run; r++)
            scratch[r] = items[j + r].org;
        if (run >= STACK_MIN) {
            add_stack(c, parent, OV_NONE, scratch, run, 0);
        } else {
            for (size_t r = 0; r < run; r++)
                items[nrest++].org = items[j + r].org; /* j + r >= nrest */
        }
        j += run;
    }
    for (size_t j = 0; j < nrest; j++)
        scratch[j] = items[j].org;
    if (nrest >= MIXED_MIN) {
        add_stack(c, parent, OV_NONE, scratch, nrest, 1);
    } else {
        for (size_t j = 0; j < nrest; j++)
            add_org(c, parent, scratch[j], 0);
    }
    free(items);
    for (size_t k = 1; k < t->nroots && !c->oom; k++) {
        size_t r = t->roots[k];
        if (!skip[r] && (linked[r] || !ov_chart_is_leaf(t, r)))
            add_tree(c, parent, r, todo, scratch);
    }
}

int ch_make_items(ch_chart *c, const ov_chart_opts *opts)
{
    const ov_chart_tree *t = c->t;
    size_t n = t->n ? t->n : 1;
    task *todo = malloc(n * sizeof *todo);
    size_t *scratch = malloc(n * sizeof *scratch);
    unsigned char *partner = calloc(n, 1);
    unsigned char *linked = calloc(n, 1);
    c->item_of = malloc(n * sizeof *c->item_of);
    c->hub = OV_NONE;
    c->flank[0] = c->flank[1] = OV_NONE;
    if (!todo || !scratch || !partner || !linked || !c->item_of)
        goto done;
    for (size_t i = 0; i < n; i++) {
        c->item_of[i] = OV_NONE;
        scratch[i] = 0;
    }
    for (size_t k = 0; k < t->ncross + t->nalso; k++) {
        size_t r = k < t->ncross ? t->cross[k] : t->also[k - t->ncross];
        linked[c->m->rels[r].from] = 1;
        linked[c->m->rels[r].to] = 1;
    }
    size_t top = ch_add_item(c, OV_TL_ROW, OV_NONE, NULL, OV_NONE);
    if (top == OV_NONE || t->nroots == 0)
        goto done;
    c->hub = find_hub(c, partner, scratch);
    add_tree(c, top, t->roots[0], todo, scratch);
    for (int side = 1; side <= 2 && c->hub != OV_NONE && !c->oom; side++) {
        size_t row = ch_add_item(c, OV_TL_ROW, c->item_of[c->hub], NULL, OV_NONE);
        if (row == OV_NONE)
            break;
        c->tl[row].flank = side;
        c->flank[side - 1] = row;
        for (size_t k = 1; k < t->nroots && !c->oom; k++) {
            if (partner[t->roots[k]] == side)
                add_tree(c, row, t->roots[k], todo, scratch);
        }
    }
    partner[t->roots[0]] = 1; /* done */
    int others = 0;
    for (size_t k = 1; k < t->nroots; k++)
        others = others || !partner[t->roots[k]];
    if (others && !c->oom) {
        size_t rest = ch_add_item(c, OV_TL_WRAP, top, NULL, OV_NONE);
        if (rest != OV_NONE) {
            c->tl[rest].bare = 1;
            add_others(c, rest, partner, linked, todo, scratch);
        }
    }
    ch_gone_panel(c, top, opts);
done:
    if (!todo || !scratch || !partner || !linked || !c->item_of)
        c->oom = 1;
    free(todo);
    free(scratch);
    free(partner);
    free(linked);
    return c->oom ? -1 : 0;
}

/* ---- geometry --------------------------------------------------------------------- */

double ch_gy(const ch_chart *c, double y)
{
    return c->height - y;
}

void ch_put_polyline(const ch_chart *c, ov_buf *b, const double *xy, size_t npoints)
{
    ov_buf_printf(b, "%.2f,%.2f", xy[0], ch_gy(c, xy[1]));
    for (size_t k = 1; k < npoints; k++) {
        double x0 = xy[2 * k - 2];
        double y0 = xy[2 * k - 1];
        double x1 = xy[2 * k];
        double y1 = xy[2 * k + 1];
        ov_buf_printf(b, " %.2f,%.2f %.2f,%.2f %.2f,%.2f", x0 + (x1 - x0) / 3,
                      ch_gy(c, y0 + (y1 - y0) / 3), x0 + 2 * (x1 - x0) / 3,
                      ch_gy(c, y0 + 2 * (y1 - y0) / 3), x1, ch_gy(c, y1));
    }
}

/* Every stacked box of one type as big as the biggest of the chart; a
 * stack's rows: the same for every stack of that type, from the biggest
 * (one or two columns for most). */
static void one_shape(ch_chart *c)
{
    size_t slots = c->m->ntypes + 1;
    double *w = calloc(slots, sizeof *w);
    double *h = calloc(slots, sizeof *h);
    size_t *most = calloc(slots, sizeof *most);
    if (!w || !h || !most) {
        c->oom = 1;
        goto done;
    }
    for (size_t k = 0; k < c->nitems; k++) {
        size_t p = c->tl[k].parent;
        if (c->items[k].org == OV_NONE || p == OV_NONE || c->tl[p].kind != OV_TL_STACK)
            continue;
        size_t s = ch_type_slot(c, c->items[k].org);
        w[s] = c->tl[k].w > w[s] ? c->tl[k].w : w[s];
        h[s] = c->tl[k].h > h[s] ? c->tl[k].h : h[s];
    }
    for (size_t k = 0; k < c->nitems; k++) {
        size_t p = c->tl[k].parent;
        if (c->items[k].org == OV_NONE || p == OV_NONE || c->tl[p].kind != OV_TL_STACK)
            continue;
        size_t s = ch_type_slot(c, c->items[k].org);
        c->tl[k].w = w[s];
        c->tl[k].h = h[s];
        c->tl[p].rows++; /* counts the stack's boxes for now */
    }
    for (size_t k = 0; k < c->nitems; k++) {
        if (c->tl[k].kind == OV_TL_STACK && k + 1 < c->nitems && c->items[k + 1].org != OV_NONE) {
            size_t s = ch_type_slot(c, c->items[k + 1].org);
            most[s] = c->tl[k].rows > most[s] ? c->tl[k].rows : most[s];
        }
    }
    for (size_t k = 0; k < c->nitems; k++) {
        if (c->tl[k].kind == OV_TL_STACK && k + 1 < c->nitems && c->items[k + 1].org != OV_NONE) {
            size_t r = (most[ch_type_slot(c, c->items[k + 1].org)] + 1) / 2;
            c->tl[k].rows = r < STACK_ROWS ? STACK_ROWS : r > STACK_ROWS_MAX ? STACK_ROWS_MAX : r;
        }
    }
done:
    free(w);
    free(h);
    free(most);
}

static void set_place(ch_chart *c, ov_gnode *n, double x, double y, double w, double h)
{
    char buf[80];
    snprintf(buf, sizeof buf, "%.2f,%.2f!", x + w / 2, ch_gy(c, y + h / 2));
    ov_gv_set(n, "pos", buf);
    ch_set_num(n, "width", w / 72.0);
    ch_set_num(n, "height", h / 72.0);
}

static void corner(ch_chart *c, const char *name, double x, double y)
{
    ov_gnode *n = ov_gv_node(c->g, name);
    if (!n) {
        c->oom = 1;
        return;
    }
    ov_gv_set(n, "shape", "point");
    ov_gv_set(n, "style", "invis");
    ov_gv_set(n, "width", "0");
    ov_gv_set(n, "label", "");
    char buf[64];
    snprintf(buf, sizeof buf, "%.2f,%.2f!", x, ch_gy(c, y));
    ov_gv_set(n, "pos", buf);
}

/* The line from item P (an organisation) down to item K: an elbow, or
 * straight when K is right below; with an arrowhead at the parent for the
 * kinds drawn so (accountable to). */
static void tree_line(ch_chart *c, size_t p, size_t k)
{
    const ov_tl_item *a = &c->tl[p];
    const ov_tl_item *b = &c->tl[k];
    ov_gedge *e = ch_edge(c, c->items[p].node, c->items[k].node);
    if (!e)
        return;
    size_t org = c->items[k].org;
    /* a panel: the kind of its first member's link */
    size_t member = org != OV_NONE ? org : k + 1 < c->nitems ? c->items[k + 1].org : OV_NONE;
    size_t r = member != OV_NONE ? c->t->parent_rel[member] : OV_NONE;
    ov_rel_kind kind = r != OV_NONE ? c->m->rels[r].kind : OV_REL_PART_OF;
    const ch_line_look *look = ch_line_look_of(kind);
    double px = a->x + a->bw / 2;
    double cx = b->x + b->bw / 2;
    double top = a->y + a->bh;
    double ym = top + CH_GAP_Y / 2;
    ov_buf pos;
    ov_buf_init(&pos);
    if (look->arrow && look->at_parent) {
        /* the line starts an arrowhead's length below the parent */
        ov_buf_printf(&pos, "s,%.2f,%.2f ", px, ch_gy(c, top));
        top += CH_ARROW;
    }
    double xy[8] = {px, top, px, ym, cx, ym, cx, b->y};
    if (px > cx - 0.01 && px < cx + 0.01) {
        xy[2] = cx;
        xy[3] = b->y;
        ch_put_polyline(c, &pos, xy, 2);
    } else {
        ch_put_polyline(c, &pos, xy, 4);
    }
    ch_set_buf(c, e, "pos", &pos, 0);
    ch_line_style(c, e, kind);
    if (org != OV_NONE) {
        ch_rel_ids(c, e, r, NULL, ov_rel_phrase(kind));
        return;
    }
    if (c->items[k].edge_id)
        ov_gv_set(e, "id", c->items[k].edge_id);
    ov_buf b2;
    ov_buf_init(&b2);
    ov_buf_printf(&b2, "rel rel-%s members", ov_rel_kind_name(kind));
    if (c->strong) {
        /* on the path to a highlighted organisation when one in the panel is */
        int on_path = 0;
        for (size_t j = k + 1; j < c->nitems && !on_path; j++) {
            if (c->tl[j].parent == k && c->items[j].org != OV_NONE)
                on_path = c->strong[c->items[j].org] != 0;
        }
        ov_buf_puts(&b2, on_path ? " highlight-path" : " dimmed");
    }
    ch_set_buf(c, e, "class", &b2, 0);
}

int ch_place(ch_chart *c)
{
    one_shape(c);
    if (c->oom)
        return -1;
    ov_tl_opts o = {CH_GAP_X, CH_GAP_Y, CH_PAD, CH_CELL_GAP, CH_ASPECT};
    if (ov_tree_layout(c->tl, c->nitems, &o) != 0)
        return -1;
    const ov_tl_item *top = &c->tl[0];
    double ox = CH_MARGIN;
    double oy = CH_MARGIN + c->title_h + 12;
    double w0 = top->blk_w > c->title_w ? top->blk_w : c->title_w;
    /* the footer that makes the smallest page, of those no wider than the
     * drawing (a wider one would shrink the whole chart on a page); the
     * others go */
    size_t best = 0;
    double best_area = -1;
    for (int pass = 0; pass < 2 && best_area < 0; pass++) {
        for (size_t k = 0; k < CH_FOOTERS; k++) {
            if (!c->footer[k] || (pass == 0 && c->footer_w[k] > w0 + 0.5))
                continue;
            double fw = c->footer_w[k] > w0 ? c->footer_w[k] : w0;
            double area = fw * (oy + top->blk_h + c->footer_h[k]);
            if (best_area < 0 || area < best_area - 0.5) {
                best_area = area;
                best = k;
            }
        }
    }
    for (size_t k = 0; k < CH_FOOTERS; k++) {
        if (k != best && c->footer[k]) {
            ov_gv_remove_node(c->footer[k]);
            c->footer[k] = NULL;
        }
    }
    double w = c->footer_w[best] > w0 ? c->footer_w[best] : w0;
    double fy = oy + top->blk_h + 18;
    /* whole points: a page (PDF, PNG) is exactly the drawing */
    c->width = ceil(w + 2 * CH_MARGIN);
    c->height = ceil(fy + c->footer_h[best] + CH_MARGIN);
    for (size_t k = 0; k < c->nitems; k++) {
        c->tl[k].x += ox;
        c->tl[k].y += oy;
        if (c->items[k].node)
            set_place(c, c->items[k].node, c->tl[k].x, c->tl[k].y, c->tl[k].bw, c->tl[k].bh);
    }
    if (c->title)
        set_place(c, c->title, CH_MARGIN, CH_MARGIN, c->title_w, c->title_h);
    if (c->footer[best])
        set_place(c, c->footer[best], CH_MARGIN, fy, c->footer_w[best], c->footer_h[best]);
    corner(c, "_corner0", 0, 0);
    corner(c, "_corner1", c->width, c->height);
    for (size_t k = 0; k < c->nitems; k++) {
        size_t p = c->tl[k].parent;
        if (p != OV_NONE && c->items[k].node && c->items[p].org != OV_NONE &&
            c->tl[p].kind == OV_TL_BOX)
            tree_line(c, p, k);
    }
    return c->oom ? -1 : 0;
}
