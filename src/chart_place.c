/* Where the chart's boxes go: leaves stacked in columns, many children
 * wrapped in rows nearest to square (from estimated sizes), loose roots
 * grouped; every placement is a cluster, rank=same group or invisible
 * edge handed to dot. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "render.h"
#include "chart_int.h"

static void place(ch_chart *c, ov_ggraph *where, size_t i, ch_nodevec *sinks);
static size_t run_length(const ch_chart *c, const size_t *leaves, size_t n);

/* Rows and columns of a stack of K: one column up to STACK_ROWS, then
 * columns of equal height, about 2.5 boxes tall for one wide overall. */
static void stack_shape(size_t k, size_t *rows, size_t *cols)
{
    size_t r = (size_t)ceil(sqrt((double)k * 2.5));
    if (r < STACK_ROWS)
        r = k < STACK_ROWS ? k : STACK_ROWS;
    if (r == 0)
        r = 1;
    *cols = (k + r - 1) / r;
    *rows = *cols ? (k + *cols - 1) / *cols : 0;
}

static ch_extent est_place(const ch_chart *c, size_t i);

static ch_extent est_stack(size_t k)
{
    size_t rows;
    size_t cols;
    stack_shape(k, &rows, &cols);
    ch_extent e = {(double)cols * EST_LEAF_W + (double)(cols - 1) * EST_GAP + 16,
                (double)rows * EST_LEAF_H + (double)(rows - 1) * 9 + 28};
    return e;
}

/* The extent of KIDS wrapped PER_ROW to a row. */
static ch_extent est_rows(const ch_chart *c, const size_t *kids, size_t k, size_t per_row)
{
    ch_extent all = {0, 0};
    for (size_t first = 0; first < k; first += per_row) {
        ch_extent row = {0, 0};
        for (size_t j = first; j < k && j < first + per_row; j++) {
            ch_extent b = est_place(c, kids[j]);
            row.w += b.w + (j > first ? EST_GAP : 0);
            row.h = b.h > row.h ? b.h : row.h;
        }
        all.w = row.w > all.w ? row.w : all.w;
        all.h += row.h + (first > 0 ? EST_DROP : 0);
    }
    all.w += 16;
    all.h += 28;
    return all;
}

/* Blocks per row that bring a wrapped group nearest to square. */
static size_t choose_per_row(const ch_chart *c, const size_t *kids, size_t k)
{
    size_t best = k;
    double best_score = INFINITY;
    for (size_t per = 2; per <= k; per++) {
        size_t nrows = (k + per - 1) / per;
        if (per > 2 && (k + per - 2) / (per - 1) == nrows)
            continue; /* same number of rows as a narrower choice */
        size_t even = (k + nrows - 1) / nrows;
        ch_extent e = est_rows(c, kids, k, even);
        double score = fabs(log(e.w / e.h / 1.1));
        if (score < best_score) {
            best_score = score;
            best = even;
        }
    }
    return best;
}

static ch_extent est_block(const ch_chart *c, size_t i);

/* Memoised: est_block is called again for every way of wrapping a group. */
static ch_extent est_place(const ch_chart *c, size_t i)
{
    if (!c->est_done[i]) {
        c->est[i] = est_block(c, i);
        c->est_done[i] = 1;
    }
    return c->est[i];
}

static ch_extent est_block(const ch_chart *c, size_t i)
{
    const ov_chart_tree *t = c->t;
    ch_extent own = {EST_BOX_W, EST_BOX_H};
    ch_extent below = {0, 0};
    const size_t *leaf = c->plan + c->plan_off[i];
    size_t split = c->plan_split[i] - c->plan_off[i];
    size_t nleaf = c->plan_off[i + 1] - c->plan_off[i];
    /* stacks of one type */
    for (size_t k = 0; k < split;) {
        size_t run = run_length(c, leaf + k, split - k);
        ch_extent b = est_stack(run);
        below.w += b.w + (below.w > 0 ? EST_GAP : 0);
        below.h = b.h > below.h ? b.h : below.h;
        k += run;
    }
    /* the rest: one stack of mixed types, or boxes side by side */
    if (nleaf - split >= STACK_MIN) {
        ch_extent b = est_stack(nleaf - split);
        below.w += b.w + (below.w > 0 ? EST_GAP : 0);
        below.h = b.h > below.h ? b.h : below.h;
    } else if (nleaf > split) {
        below.w += (double)(nleaf - split) * (EST_BOX_W + EST_GAP);
        below.h = EST_BOX_H > below.h ? EST_BOX_H : below.h;
    }
    size_t nk = ov_chart_nkids(t, i);
    const size_t *kids = ov_chart_kids(t, i);
    size_t *branch = malloc((nk ? nk : 1) * sizeof *branch);
    if (!branch)
        return own;
    size_t nbranch = 0;
    for (size_t k = 0; k < nk; k++) {
        if (t->drawn[kids[k]] && !ov_chart_is_leaf(t, kids[k]))
            branch[nbranch++] = kids[k];
    }
    if (nbranch >= WRAP_MIN) {
        ch_extent g = est_rows(c, branch, nbranch, choose_per_row(c, branch, nbranch));
        below.w += g.w + (below.w > 0 ? EST_GAP : 0);
        below.h = g.h > below.h ? g.h : below.h;
    } else {
        for (size_t k = 0; k < nbranch; k++) {
            ch_extent b = est_place(c, branch[k]);
            below.w += b.w + (below.w > 0 ? EST_GAP : 0);
            below.h = b.h > below.h ? b.h : below.h;
        }
    }
    free(branch);
    ch_extent e = {below.w > own.w ? below.w : own.w, own.h + (below.h > 0 ? EST_DROP + below.h : 0)};
    return e;
}

/* LEAVES (K of them, one type) under PARENT (OV_NONE: none) in a box of
 * columns filled top to bottom. */
static void place_stack(ch_chart *c, ov_ggraph *where, size_t parent, const size_t *leaves, size_t k,
                        int mixed, ch_nodevec *sinks)
{
    const ov_model *m = c->m;
    size_t rows;
    size_t cols;
    stack_shape(k, &rows, &cols);
    size_t slot = ch_type_slot(c, leaves[0]);
    ov_buf b;
    ov_buf_init(&b);
    const char *key = m->orgs[leaves[0]].type_key ? m->orgs[leaves[0]].type_key : "unknown";
    if (parent != OV_NONE)
        ov_buf_printf(&b, "stack-%s-", m->orgs[parent].id);
    else
        ov_buf_puts(&b, "stack-");
    if (mixed)
        ov_buf_puts(&b, "mixed");
    else
        ch_put_class_token(&b, key);
    char *id = ch_take(c, &b);
    ov_put_counted(&b, k, mixed ? "organisation" : ch_type_label(c, slot), 0);
    if (parent == OV_NONE)
        ov_buf_puts(&b, " with no parent on this day");
    char cname[32];
    ov_ggraph *s = id ? ch_new_box(c, where, id, "stack", &b, cname) : NULL;
    ov_buf_free(&b);
    if (!s) {
        free(id);
        return;
    }
    size_t mid = (cols - 1) / 2;
    ov_ggraph *heads = NULL;
    ov_gnode *left = NULL;
    if (cols > 1) {
        char name[32];
        snprintf(name, sizeof name, "_heads%zu", c->nsub++);
        heads = ov_gv_subgraph(s, name);
        if (heads)
            ov_gv_set(heads, "rank", "same");
    }
    for (size_t col = 0; col < cols; col++) {
        ov_gnode *prev = NULL;
        for (size_t r = 0; r < rows; r++) {
            size_t at = col * rows + r;
            if (at >= k)
                break;
            ov_gnode *n = ch_org_node(c, s, leaves[at], mixed ? 2 : 1);
            if (!n)
                break;
            if (prev) {
                ov_gedge *e = ch_invisible(c, s, prev, n, "1");
                if (e)
                    ov_gv_set(e, "weight", "10");
            } else {
                /* column heads: one rank, left to right */
                if (heads)
                    ov_gv_add_node(heads, n);
                if (left)
                    ch_invisible(c, s, left, n, "1");
                left = n;
            }
            if (!prev && parent != OV_NONE) {
                if (col == mid) {
                    char *eid = ov_asprintf("members-%s", id + strlen("stack-"));
                    if (!eid)
                        c->oom = 1;
                    else
                        ch_box_edge(c, where, c->node[parent], n, cname, leaves[at], eid);
                    free(eid);
                } else {
                    ch_invisible(c, where, c->node[parent], n, ch_drop_to(c, leaves[at]));
                }
            }
            prev = n;
        }
        /* the first column is the longest: its last box is the bottom of the
         * stack. Only it is a sink: invisible edges from every column would
         * count as crossings and could swap the columns. */
        if (prev && col == 0)
            ch_vec_push(c, sinks, prev);
    }
    free(id);
}

/* Non-leaf children KIDS of PARENT in a box of rows: each row is one rank
 * (rank=same, newrank), in name order (invisible flat edges), and hangs
 * below the lowest nodes of the row above (invisible edges of weight 0,
 * so that they set ranks without pulling boxes sideways). */
static void place_group(ch_chart *c, ov_ggraph *where, size_t parent, const size_t *kids, size_t k,
                        ch_nodevec *sinks)
{
    const ov_model *m = c->m;
    size_t per_row = choose_per_row(c, kids, k);
    size_t nrows = (k + per_row - 1) / per_row;
    ov_buf b;
    ov_buf_init(&b);
    size_t slot = ch_type_slot(c, kids[0]);
    int same = 1;
    for (size_t j = 1; j < k; j++)
        same = same && ch_type_slot(c, kids[j]) == slot;
    /* PARENT OV_NONE: trees with no parent on the day, of one type */
    const char *key = m->orgs[kids[0]].type_key ? m->orgs[kids[0]].type_key : "unknown";
    if (parent != OV_NONE) {
        ov_buf_printf(&b, "members-%s", m->orgs[parent].id);
    } else {
        ov_buf_puts(&b, "members-");
        ch_put_class_token(&b, key);
    }
    char *edge_id = ch_take(c, &b);
    if (parent != OV_NONE) {
        ov_buf_printf(&b, "group-%s", m->orgs[parent].id);
    } else {
        ov_buf_puts(&b, "group-");
        ch_put_class_token(&b, key);
    }
    char *id = ch_take(c, &b);
    ov_put_counted(&b, k, same ? ch_type_label(c, slot) : "organisation", 0);
    if (parent == OV_NONE)
        ov_buf_puts(&b, " with no parent on this day");
    char cname[32];
    ov_ggraph *s = id ? ch_new_box(c, where, id, "group", &b, cname) : NULL;
    ov_buf_free(&b);
    free(id);
    if (!s || !edge_id) {
        free(edge_id);
        return;
    }
    ch_nodevec prev = {NULL, 0, 0};
    ch_nodevec cur = {NULL, 0, 0};
    for (size_t row = 0; row < nrows && !c->oom; row++) {
        size_t first = row * per_row;
        size_t last = first + per_row < k ? first + per_row : k;
        size_t mid = first + (last - first - 1) / 2;
        char name[32];
        snprintf(name, sizeof name, "_row%zu", c->nsub++);
        ov_ggraph *same_rank = ov_gv_subgraph(s, name);
        if (!same_rank) {
            c->oom = 1;
            break;
        }
        ov_gv_set(same_rank, "rank", "same");
        cur.n = 0;
        ov_gnode *left = NULL;
        for (size_t j = first; j < last; j++) {
            place(c, s, kids[j], &cur);
            ov_gnode *n = c->node[kids[j]];
            if (!n)
                continue;
            ov_gv_add_node(same_rank, n);
            if (left)
                ch_invisible(c, s, left, n, "1");
            left = n;
            if (row > 0 || parent == OV_NONE)
                continue;
            if (j == mid)
                ch_box_edge(c, where, c->node[parent], n, cname, kids[j], edge_id);
            else
                ch_invisible(c, where, c->node[parent], n, ch_drop_to(c, kids[j]));
        }
        if (row > 0 && c->node[kids[mid]]) {
            for (size_t j = 0; j < prev.n; j++) {
                ov_gedge *e = ch_invisible(c, s, prev.v[j], c->node[kids[mid]], "2");
                if (e)
                    ov_gv_set(e, "weight", "0");
            }
        }
        ch_nodevec swap = prev;
        prev = cur;
        cur = swap;
    }
    for (size_t j = 0; j < prev.n; j++)
        ch_vec_push(c, sinks, prev.v[j]);
    free(prev.v);
    free(cur.v);
    free(edge_id);
}

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

static int has_slot(const size_t *v, size_t n, size_t slot)
{
    size_t lo = 0;
    size_t hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] == slot)
            return 1;
        if (v[mid] < slot)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
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

/* Works out, once, which leaves are stacked under every organisation:
 * leaves of one type are stacked when there are STACK_MIN or more of
 * them, or when a sibling stacks that type (a PCN with 3 practices beside
 * one with 9 gets a box too: a regular look). Returns 0, or -1 when out
 * of memory. */
int ch_make_plans(ch_chart *c)
{
    const ov_chart_tree *t = c->t;
    size_t n = t->n;
    size_t *big_off = calloc(n + 1, sizeof *big_off); /* types stacked by I's children */
    size_t *big = NULL;
    slot_item *items = malloc((n ? n : 1) * sizeof *items);
    size_t *mark = calloc(c->m->ntypes + 1, sizeof *mark); /* last parent + 1 */
    c->plan_off = calloc(n + 1, sizeof *c->plan_off);
    c->plan = malloc((n ? n : 1) * sizeof *c->plan);
    c->plan_split = malloc((n ? n : 1) * sizeof *c->plan_split);
    int rc = -1;
    if (!big_off || !items || !mark || !c->plan_off || !c->plan || !c->plan_split)
        goto done;
    /* pass 1: the types each parent's children stack on their own */
    size_t nbig = 0;
    size_t cap = 0;
    for (size_t p = 0; p < n; p++) {
        big_off[p] = nbig;
        for (size_t k = 0; t->drawn[p] && k < ov_chart_nkids(t, p); k++) {
            size_t kid = ov_chart_kids(t, p)[k];
            if (!t->drawn[kid])
                continue;
            size_t m = leaf_items(c, kid, items);
            for (size_t j = 0; j < m;) {
                size_t run = 1;
                while (j + run < m && items[j + run].slot == items[j].slot)
                    run++;
                if (run >= STACK_MIN && mark[items[j].slot] != p + 1) {
                    mark[items[j].slot] = p + 1;
                    if (nbig == cap) {
                        cap = cap ? cap * 2 : 64;
                        size_t *grown = realloc(big, cap * sizeof *big);
                        if (!grown)
                            goto done;
                        big = grown;
                    }
                    big[nbig++] = items[j].slot;
                }
                j += run;
            }
        }
        size_t from = big_off[p];
        for (size_t a = from + 1; a < nbig; a++) { /* few: insertion sort */
            size_t v = big[a];
            size_t b = a;
            while (b > from && big[b - 1] > v) {
                big[b] = big[b - 1];
                b--;
            }
            big[b] = v;
        }
    }
    big_off[n] = nbig;
    /* pass 2: every organisation's plan */
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        c->plan_off[i] = at;
        size_t m = t->drawn[i] ? leaf_items(c, i, items) : 0;
        size_t p = t->parent[i];
        int sib = p != OV_NONE && t->drawn[p];
        for (int pass = 0; pass < 2; pass++) {
            if (pass == 1)
                c->plan_split[i] = at;
            for (size_t j = 0; j < m;) {
                size_t run = 1;
                while (j + run < m && items[j + run].slot == items[j].slot)
                    run++;
                int stacked =
                    run >= STACK_MIN ||
                    (sib && big &&
                     has_slot(big + big_off[p], big_off[p + 1] - big_off[p], items[j].slot));
                if (stacked == (pass == 0)) {
                    for (size_t r = 0; r < run; r++)
                        c->plan[at++] = items[j + r].org;
                }
                j += run;
            }
        }
    }
    c->plan_off[n] = at;
    rc = 0;
done:
    free(big_off);
    free(big);
    free(items);
    free(mark);
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

/* Draws I in WHERE, and below it its children; adds the lowest nodes to
 * SINKS. */
static void place(ch_chart *c, ov_ggraph *where, size_t i, ch_nodevec *sinks)
{
    const ov_chart_tree *t = c->t;
    ov_gnode *n = ch_org_node(c, where, i, 0);
    if (!n)
        return;
    size_t nk = ov_chart_nkids(t, i);
    const size_t *kids = ov_chart_kids(t, i);
    size_t *branch = malloc((nk ? nk : 1) * sizeof *branch);
    if (!branch) {
        c->oom = 1;
        return;
    }
    size_t nbranch = 0;
    size_t drawn = 0;
    for (size_t k = 0; k < nk; k++) {
        size_t x = kids[k];
        if (!t->drawn[x])
            continue;
        drawn++;
        if (!ov_chart_is_leaf(t, x))
            branch[nbranch++] = x;
    }
    if (drawn == 0) {
        ch_vec_push(c, sinks, n);
        goto done;
    }
    /* leaves drawn one by one (between this box and a group box of its
     * branches, when there is one: no wider) or in a stack of mixed types,
     * then stacks of one type, then the branches */
    int grouped = nbranch >= WRAP_MIN;
    const size_t *plan = c->plan + c->plan_off[i];
    size_t split = c->plan_split[i] - c->plan_off[i];
    size_t nplan = c->plan_off[i + 1] - c->plan_off[i];
    if (nplan - split >= STACK_MIN) {
        place_stack(c, where, i, plan + split, nplan - split, 1, sinks);
    } else {
        for (size_t k = split; k < nplan; k++) {
            place(c, where, plan[k], sinks);
            ch_child_edge(c, where, n, plan[k], grouped);
        }
    }
    for (size_t k = 0; k < split;) {
        size_t run = run_length(c, plan + k, split - k);
        place_stack(c, where, i, plan + k, run, 0, sinks);
        k += run;
    }
    if (grouped) {
        place_group(c, where, i, branch, nbranch, sinks);
    } else {
        for (size_t k = 0; k < nbranch; k++) {
            place(c, where, branch[k], sinks);
            ch_child_edge(c, where, n, branch[k], 0);
        }
    }
done:
    free(branch);
}

/* A tree with no parent on the chart that is linked to an organisation
 * lower down (the trusts a CCG commissions, the councils it partners) is
 * drawn on the rank of that organisation's parent, near it, rather than
 * at the far top left: its links then run up a short way. Decided before
 * placing (drop_to), drawn after. */
void ch_find_loose_partners(ch_chart *c)
{
    const ov_chart_tree *t = c->t;
    for (size_t k = 1; k < t->nroots; k++) {
        size_t r = t->roots[k];
        for (size_t x = 0; x < t->ncross; x++) {
            const ov_rel *rel = &c->m->rels[t->cross[x]];
            size_t other = rel->from == r ? rel->to : rel->to == r ? rel->from : OV_NONE;
            if (other == OV_NONE || t->parent[other] == OV_NONE || !t->drawn[t->parent[other]])
                continue;
            c->partner[r] = other;
            c->roomy[t->parent[other]] = 1;
            break;
        }
    }
}

void ch_align_loose_roots(ch_chart *c)
{
    for (size_t r = 0; r < c->m->norgs; r++) {
        size_t other = c->partner[r];
        if (other != OV_NONE && c->node[r] && c->node[other])
            ch_invisible(c, c->g, c->node[r], c->node[other], ch_drop_to(c, other));
    }
}

/* Runs of one type in ITEMS (sorted by type): those of at least MIN items
 * into RUNS_FIRST/RUNS_LEN (*NRUNS of them); the organisations of shorter
 * runs, in order, into REST, and returns how many. */
static size_t split_runs(const slot_item *items, size_t n, size_t min, size_t *runs_first,
                         size_t *runs_len, size_t *nruns, size_t *rest)
{
    size_t nrest = 0;
    *nruns = 0;
    for (size_t j = 0; j < n;) {
        size_t run = 1;
        while (j + run < n && items[j + run].slot == items[j].slot)
            run++;
        if (run >= min) {
            runs_first[*nruns] = j;
            runs_len[*nruns] = run;
            (*nruns)++;
        } else {
            for (size_t r = 0; r < run; r++)
                rest[nrest++] = items[j + r].org;
        }
        j += run;
    }
    return nrest;
}

/* The top level: organisations with no parent on the chart. Lone leaves
 * (79 practices before their networks began) are stacked by type, and
 * the rest of those without links in one mixed stack; the trees follow,
 * biggest first, except that many small trees of one type without links
 * (networks whose parent has gone) are wrapped in rows. Returns 0, or -1
 * when out of memory. */
int ch_place_roots(ch_chart *c, ov_ggraph *all, ch_nodevec *sinks)
{
    const ov_chart_tree *t = c->t;
    size_t n = t->nroots;
    size_t cells = n ? n : 1;
    slot_item *items = malloc(cells * sizeof *items);
    size_t *first = malloc(cells * sizeof *first);
    size_t *len = malloc(cells * sizeof *len);
    size_t *rest = malloc(cells * sizeof *rest);
    size_t *group = malloc(cells * sizeof *group);
    size_t *members = malloc(cells * sizeof *members);
    unsigned char *linked = calloc(t->n ? t->n : 1, 1);
    int rc = -1;
    if (!items || !first || !len || !rest || !group || !members || !linked)
        goto done;
    for (size_t k = 0; k < t->ncross; k++) {
        linked[t->m->rels[t->cross[k]].from] = 1;
        linked[t->m->rels[t->cross[k]].to] = 1;
    }
    for (size_t k = 0; k < t->nalso; k++) {
        linked[t->m->rels[t->also[k]].from] = 1;
        linked[t->m->rels[t->also[k]].to] = 1;
    }
    /* lone leaves */
    size_t m = 0;
    for (size_t k = 0; k < n; k++) {
        size_t r = t->roots[k];
        if (ov_chart_is_leaf(t, r)) {
            slot_item it = {ch_type_slot(c, r), k, r};
            items[m++] = it;
        }
    }
    qsort(items, m, sizeof *items, by_slot);
    size_t nruns;
    size_t nrest = split_runs(items, m, STACK_MIN, first, len, &nruns, rest);
    for (size_t g = 0; g < nruns; g++) {
        for (size_t j = 0; j < len[g]; j++)
            members[j] = items[first[g] + j].org;
        place_stack(c, all, OV_NONE, members, len[g], 0, sinks);
    }
    size_t nmixed = 0;
    for (size_t j = 0; j < nrest; j++) {
        if (!linked[rest[j]])
            members[nmixed++] = rest[j];
    }
    if (nmixed >= STACK_MIN)
        place_stack(c, all, OV_NONE, members, nmixed, 1, sinks);
    /* small trees of one type without links, after the biggest tree */
    m = 0;
    for (size_t k = 1; k < n; k++) {
        size_t r = t->roots[k];
        group[k] = OV_NONE;
        if (!c->node[r] && !linked[r] && !ov_chart_is_leaf(t, r)) {
            slot_item it = {ch_type_slot(c, r), k, r};
            items[m++] = it;
        }
    }
    qsort(items, m, sizeof *items, by_slot);
    split_runs(items, m, WRAP_MIN, first, len, &nruns, rest);
    for (size_t g = 0; g < nruns; g++) {
        for (size_t j = 0; j < len[g]; j++)
            group[items[first[g] + j].pos] = g;
    }
    for (size_t k = 0; k < n && !c->oom; k++) {
        size_t r = t->roots[k];
        if (c->node[r])
            continue;
        if (k == 0 || group[k] == OV_NONE) {
            place(c, all, r, sinks);
            continue;
        }
        size_t g = group[k];
        for (size_t j = 0; j < len[g]; j++)
            members[j] = items[first[g] + j].org;
        if (ov_chart_sort_orgs(c->m, members, len[g], NULL, 1) != 0) {
            c->oom = 1;
            break;
        }
        place_group(c, all, OV_NONE, members, len[g], sinks);
    }
    rc = c->oom ? -1 : 0;
done:
    free(items);
    free(first);
    free(len);
    free(rest);
    free(group);
    free(members);
    free(linked);
    return rc;
}
