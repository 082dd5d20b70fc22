/* Positions for an org chart's boxes (see tree_layout.h). Two passes over
 * the items in breadth-first order, both loops: bottom-up (reverse order)
 * each item's block is measured and its children placed relative to it;
 * top-down the relative places become absolute. */
#include <math.h>
#include <stdlib.h>

#include "tree_layout.h"

#define NONE ((size_t)-1)
#define DEFAULT_ROWS 6

typedef struct {
    ov_tl_item *v;
    const ov_tl_opts *o;
    size_t *off;   /* n + 1 offsets into kids */
    size_t *kids;  /* children in index order */
    double *rx;    /* a child's block origin relative to its parent's block */
    double *ry;
    double *box_x; /* the box's (or panel's) left relative to its own block */
    double *box_y; /* and its top (a box with a band above it) */
    double *sky;   /* scratch for wraps: skyline heights, one per block */
    double *sx0;
    double *sx1;
} tl;

static double maxd(double a, double b)
{
    return a > b ? a : b;
}

/* ---- a box and the row of blocks under it ------------------------------- */

static void lay_wrap(tl *t, size_t i);

static double row_gap(const tl *t, size_t i)
{
    return t->v[i].gap > 0 ? t->v[i].gap : t->o->gap_x;
}

/* The child of box I that goes below the others, or NONE: its only wrap
 * (a CCG's committees and the panel of its networks), or its only child
 * at least three times as tall as every other (NHS England's CCGs, one of
 * them with all the networks), as long as there are others. Putting it
 * beside the others would leave the room under them empty. */
static size_t lower_tier(const tl *t, size_t i, const size_t *flank)
{
    size_t wrap = NONE;
    size_t nwrap = 0;
    size_t tall = NONE;
    double h1 = 0; /* the tallest and the second tallest */
    double h2 = 0;
    size_t n = 0;
    for (size_t k = t->off[i]; k < t->off[i + 1]; k++) {
        size_t c = t->kids[k];
        if (c == flank[1] || c == flank[2])
            continue;
        n++;
        if (t->v[c].kind == OV_TL_WRAP) {
            wrap = c;
            nwrap++;
        }
        double h = t->v[c].blk_h;
        if (h > h1) {
            h2 = h1;
            h1 = h;
            tall = c;
        } else if (h > h2) {
            h2 = h;
        }
    }
    if (n < 2)
        return NONE;
    if (nwrap == 1)
        return wrap;
    return nwrap == 0 && h1 >= 3 * h2 ? tall : NONE;
}

/* Box I's children in two tiers: the others above, split into two halves
 * left and right of the line that runs straight down from the box to
 * LOW below them. Places the children from Y down; sets the width and
 * height of the whole and the box's left. */
static void two_tiers(tl *t, size_t i, const size_t *flank, size_t low, double y, double *rw,
                      double *rh, double *left)
{
    const ov_tl_opts *o = t->o;
    size_t a = t->off[i];
    size_t b = t->off[i + 1];
    double small_w = 0;
    double small_h = 0;
    size_t nsmall = 0;
    for (size_t k = a; k < b; k++) {
        size_t c = t->kids[k];
        if (c == flank[1] || c == flank[2] || c == low)
            continue;
        small_w += t->v[c].blk_w + (nsmall ? o->gap_x : 0);
        small_h = maxd(small_h, t->v[c].blk_h);
        nsmall++;
    }
    /* the upper tier: a left half, a gap of 2 * gap_x for the line, the rest */
    double half = 0;
    size_t nleft = 0;
    for (size_t k = a; k < b; k++) {
        size_t c = t->kids[k];
        if (c == flank[1] || c == flank[2] || c == low)
            continue;
        if (nleft > 0 && 2 * (half + t->v[c].blk_w / 2) > small_w)
            break;
        half += t->v[c].blk_w + o->gap_x;
        nleft++;
    }
    /* the line runs down to the middle of LOW's box */
    double anchor = t->box_x[low] + t->v[low].bw / 2;
    double axis = maxd(anchor, half + o->gap_x / 2);
    double lx = axis - o->gap_x / 2 - half;
    double rx = axis + o->gap_x;
    size_t seen = 0;
    double right_end = axis - anchor + t->v[low].blk_w;
    t->rx[low] = axis - anchor;
    t->ry[low] = y + small_h + o->gap_y;
    for (size_t k = a; k < b; k++) {
        size_t c = t->kids[k];
        if (c == flank[1] || c == flank[2] || c == low)
            continue;
        if (seen++ < nleft) {
            t->rx[c] = lx;
            lx += t->v[c].blk_w + o->gap_x;
        } else {
            t->rx[c] = rx;
            rx += t->v[c].blk_w + o->gap_x;
            right_end = maxd(right_end, rx - o->gap_x);
        }
        t->ry[c] = y;
    }
    *rw = right_end;
    *rh = small_h + o->gap_y + t->v[low].blk_h;
    *left = axis - t->v[i].w / 2;
}

/* A box: its flanks beside it, its other children in a row below (or in
 * two tiers). */
static void lay_box(tl *t, size_t i)
{
    ov_tl_item *it = &t->v[i];
    const ov_tl_opts *o = t->o;
    size_t a = t->off[i];
    size_t b = t->off[i + 1];
    size_t flank[3] = {NONE, NONE, NONE};
    double flank_h = 0;
    for (size_t k = a; k < b; k++) {
        size_t c = t->kids[k];
        if (t->v[c].kind == OV_TL_ROW && t->v[c].flank >= 1 && t->v[c].flank <= 2 &&
            flank[t->v[c].flank] == NONE) {
            flank[t->v[c].flank] = c;
            flank_h = maxd(flank_h, t->v[c].blk_h);
        }
    }
    double top = it->band;
    double drop = maxd(it->below + o->gap_y, flank_h - it->h + o->gap_y);
    if (flank[1] != NONE || flank[2] != NONE) {
        /* a wrap below as wide as the flanks and the box */
        double across = it->w;
        for (int f = 1; f <= 2; f++)
            across += flank[f] != NONE ? t->v[flank[f]].blk_w + row_gap(t, flank[f]) : 0;
        for (size_t k = a; k < b; k++) {
            size_t c = t->kids[k];
            if (t->v[c].kind == OV_TL_WRAP && t->v[c].blk_w < across) {
                t->v[c].fill_w = across;
                lay_wrap(t, c);
            }
        }
    }
    it->bw = it->w;
    it->bh = it->h;
    size_t first = NONE;
    size_t last = NONE;
    double rw = 0;
    double rh = 0;
    double left = 0;
    size_t low = lower_tier(t, i, flank);
    if (low == NONE) {
        double cx = 0;
        for (size_t k = a; k < b; k++) {
            size_t c = t->kids[k];
            if (c == flank[1] || c == flank[2])
                continue;
            t->rx[c] = cx;
            t->ry[c] = top + it->h + drop;
            cx += t->v[c].blk_w + o->gap_x;
            rh = maxd(rh, t->v[c].blk_h);
            first = first == NONE ? c : first;
            last = c;
        }
        rw = first == NONE ? 0 : cx - o->gap_x;
        if (first != NONE) {
            /* the box centred over its first and last child's boxes */
            double fc = t->rx[first] + t->box_x[first] + t->v[first].bw / 2;
            double lc = t->rx[last] + t->box_x[last] + t->v[last].bw / 2;
            left = (fc + lc) / 2 - it->w / 2;
        }
    } else {
        two_tiers(t, i, flank, low, top + it->h + drop, &rw, &rh, &left);
        first = low;
    }
    double lo = left;
    if (flank[1] != NONE) {
        t->rx[flank[1]] = left - row_gap(t, flank[1]) - t->v[flank[1]].blk_w;
        t->ry[flank[1]] = top;
        lo = t->rx[flank[1]];
    }
    if (lo > 0)
        lo = 0;
    /* everything right of 0 */
    for (size_t k = a; k < b; k++)
        t->rx[t->kids[k]] -= lo;
    left -= lo;
    rw -= lo;
    double right = left + it->w + it->side;
    if (flank[2] != NONE) {
        t->rx[flank[2]] = left + it->w + row_gap(t, flank[2]);
        t->ry[flank[2]] = top;
        right = maxd(right, t->rx[flank[2]] + t->v[flank[2]].blk_w);
    }
    t->box_x[i] = left;
    t->box_y[i] = top;
    it->blk_w = maxd(right, first == NONE ? 0 : rw);
    it->blk_h = maxd(top + it->h + (first == NONE ? it->below : drop + rh), top + flank_h);
}

/* ---- a stack of leaves ---------------------------------------------------- */

static void lay_stack(tl *t, size_t i)
{
    ov_tl_item *it = &t->v[i];
    const ov_tl_opts *o = t->o;
    size_t a = t->off[i];
    size_t k = t->off[i + 1] - a;
    double cw = 0; /* the boxes' width, and the pitch of the columns */
    double pitch = 0;
    double ch = 0;
    for (size_t j = a; j < a + k; j++) {
        const ov_tl_item *c = &t->v[t->kids[j]];
        cw = maxd(cw, c->bw);
        pitch = maxd(pitch, c->blk_w);
        ch = maxd(ch, c->blk_h);
    }
    size_t per = it->rows ? it->rows : DEFAULT_ROWS;
    size_t cols = k ? (k + per - 1) / per : 0;
    size_t rows = cols ? (k + cols - 1) / cols : 0;
    double content_w = cols ? (double)cols * pitch + (double)(cols - 1) * o->cell_gap : 0;
    double content_h = rows ? (double)rows * ch + (double)(rows - 1) * o->cell_gap : 0;
    double inner = maxd(content_w, it->w);
    double x0 = o->pad + (inner - content_w) / 2;
    double y0 = it->h + o->pad;
    for (size_t j = 0; j < k; j++) {
        size_t c = t->kids[a + j];
        t->rx[c] = x0 + (double)(j / rows) * (pitch + o->cell_gap);
        t->ry[c] = y0 + (double)(j % rows) * (ch + o->cell_gap);
        t->v[c].bw = cw;
        t->v[c].bh = ch;
    }
    t->box_x[i] = 0;
    it->bw = it->blk_w = inner + 2 * o->pad;
    it->bh = it->blk_h = y0 + content_h + (k ? o->pad : 0);
}

/* ---- a wrap: rows packed by width ------------------------------------------ */

/* Rows needed to hold the blocks KIDS[0..K) in rows at most W wide. */
static size_t rows_for(const tl *t, const size_t *kids, size_t k, double w)
{
    size_t rows = 1;
    double x = 0;
    for (size_t j = 0; j < k; j++) {
        double bw = t->v[kids[j]].blk_w;
        if (x > 0 && x + t->o->gap_x + bw > w + 1e-9) {
            rows++;
            x = bw;
        } else {
            x += (x > 0 ? t->o->gap_x : 0) + bw;
        }
    }
    return rows;
}

/* The narrowest width that holds the blocks in at most R rows. */
static double width_for(const tl *t, const size_t *kids, size_t k, size_t r)
{
    double lo = 0;
    double hi = 0;
    for (size_t j = 0; j < k; j++) {
        lo = maxd(lo, t->v[kids[j]].blk_w);
        hi += t->v[kids[j]].blk_w + (j ? t->o->gap_x : 0);
    }
    if (r <= 1)
        return hi;
    for (int step = 0; step < 40 && hi - lo > 0.25; step++) {
        double mid = (lo + hi) / 2;
        if (rows_for(t, kids, k, mid) <= r)
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}

/* Height of the blocks in rows at most W wide, each row as tall as its
 * tallest block (an estimate: the skyline is never taller). */
static double height_for(const tl *t, const size_t *kids, size_t k, double w)
{
    double h = 0;
    double row_h = 0;
    double x = 0;
    for (size_t j = 0; j < k; j++) {
        const ov_tl_item *c = &t->v[kids[j]];
        if (x > 0 && x + t->o->gap_x + c->blk_w > w + 1e-9) {
            h += row_h + t->o->gap_y;
            row_h = 0;
            x = 0;
        }
        x += (x > 0 ? t->o->gap_x : 0) + c->blk_w;
        row_h = maxd(row_h, c->blk_h);
    }
    return h + row_h;
}

/* Drops the block [X0, X1) onto the skyline (N segments in SX0, SX1, SKY,
 * sorted, covering [0, width)); returns its top, and raises the skyline
 * there to TOP + H. */
static double drop(tl *t, size_t *n, double x0, double x1, double h, double gap)
{
    double top = 0;
    for (size_t s = 0; s < *n; s++) {
        if (t->sx1[s] > x0 && t->sx0[s] < x1 && t->sky[s] > 0)
            top = maxd(top, t->sky[s] + gap);
    }
    /* replace the covered part by one segment: split the ends, drop the
     * segments inside, insert the new one */
    size_t w = 0;
    double bottom = top + h;
    int placed = 0;
    size_t m = *n;
    /* at most two more segments than before; the caller sized the arrays */
    double *nx0 = t->sx0 + m + 2;
    double *nx1 = t->sx1 + m + 2;
    double *nsk = t->sky + m + 2;
    for (size_t s = 0; s < m; s++) {
        if (t->sx1[s] <= x0 || t->sx0[s] >= x1) {
            if (t->sx0[s] >= x1 && !placed) {
                nx0[w] = x0;
                nx1[w] = x1;
                nsk[w++] = bottom;
                placed = 1;
            }
            nx0[w] = t->sx0[s];
            nx1[w] = t->sx1[s];
            nsk[w++] = t->sky[s];
            continue;
        }
        if (t->sx0[s] < x0) {
            nx0[w] = t->sx0[s];
            nx1[w] = x0;
            nsk[w++] = t->sky[s];
        }
        if (!placed) {
            nx0[w] = x0;
            nx1[w] = x1;
            nsk[w++] = bottom;
            placed = 1;
        }
        if (t->sx1[s] > x1) {
            nx0[w] = x1;
            nx1[w] = t->sx1[s];
            nsk[w++] = t->sky[s];
        }
    }
    if (!placed) {
        nx0[w] = x0;
        nx1[w] = x1;
        nsk[w++] = bottom;
    }
    for (size_t s = 0; s < w; s++) {
        t->sx0[s] = nx0[s];
        t->sx1[s] = nx1[s];
        t->sky[s] = nsk[s];
    }
    *n = w;
    return top;
}

static void lay_wrap(tl *t, size_t i)
{
    ov_tl_item *it = &t->v[i];
    ov_tl_opts bare = *t->o;
    if (it->bare) {
        bare.pad = 0;
        it->w = 0;
        it->h = 0;
    }
    const ov_tl_opts *o = &bare;
    const size_t *kids = t->kids + t->off[i];
    size_t k = t->off[i + 1] - t->off[i];
    double best_w = 0;
    double best_score = INFINITY;
    double prev_w = -1;
    double fill = it->fill_w > 0 ? it->fill_w - 2 * o->pad : 0;
    for (size_t r = 1; r <= k && fill > 0; r++) {
        /* as wide as FILL: the fewest rows that fit */
        best_w = width_for(t, kids, k, r);
        if (best_w <= fill + 0.01)
            break;
    }
    for (size_t r = 1; r <= k && fill <= 0; r++) {
        double w = width_for(t, kids, k, r);
        if (fabs(w - prev_w) < 0.25)
            continue;
        prev_w = w;
        double h = height_for(t, kids, k, w);
        double pw = maxd(w, it->w) + 2 * o->pad;
        double ph = h + it->h + 2 * o->pad;
        double score = fabs(log(pw / ph / o->aspect));
        if (score < best_score) {
            best_score = score;
            best_w = w;
        }
        if (pw / ph < o->aspect / 4)
            break; /* only taller from here */
    }
    double inner = maxd(maxd(best_w, fill), it->w);
    double y0 = it->h + o->pad;
    /* rows of the chosen width, spread to the full width */
    size_t nseg = 1;
    t->sx0[0] = 0;
    t->sx1[0] = inner + 1;
    t->sky[0] = 0;
    double bottom = 0;
    for (size_t first = 0; first < k;) {
        size_t last = first;
        double used = t->v[kids[first]].blk_w;
        while (last + 1 < k && used + o->gap_x + t->v[kids[last + 1]].blk_w <= best_w + 1e-9) {
            last++;
            used += o->gap_x + t->v[kids[last]].blk_w;
        }
        size_t m = last - first + 1;
        double gap = m > 1 ? o->gap_x + (inner - used) / (double)(m - 1) : 0;
        double x = 0;
        for (size_t j = first; j <= last; j++) {
            const ov_tl_item *c = &t->v[kids[j]];
            double top = drop(t, &nseg, x, x + c->blk_w, c->blk_h, o->gap_y);
            t->rx[kids[j]] = o->pad + x;
            t->ry[kids[j]] = y0 + top;
            bottom = maxd(bottom, top + c->blk_h);
            x += c->blk_w + gap;
        }
        first = last + 1;
    }
    t->box_x[i] = 0;
    it->bw = it->blk_w = inner + 2 * o->pad;
    it->bh = it->blk_h = y0 + bottom + (k ? o->pad : 0);
}

/* ---- a row without a panel -------------------------------------------------- */

static void lay_row(tl *t, size_t i)
{
    ov_tl_item *it = &t->v[i];
    double gap = row_gap(t, i);
    double x = 0;
    double h = 0;
    for (size_t k = t->off[i]; k < t->off[i + 1]; k++) {
        size_t c = t->kids[k];
        t->rx[c] = x;
        t->ry[c] = 0;
        x += t->v[c].blk_w + gap;
        h = maxd(h, t->v[c].blk_h);
    }
    t->box_x[i] = 0;
    it->bw = it->blk_w = x > 0 ? x - gap : 0;
    it->bh = it->blk_h = h;
}

/* ---- public ------------------------------------------------------------------ */

int ov_tree_layout(ov_tl_item *v, size_t n, const ov_tl_opts *o)
{
    tl t = {v, o, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    size_t *order = NULL;
    int rc = -1;
    if (n == 0)
        return -1;
    t.off = calloc(n + 1, sizeof *t.off);
    t.kids = malloc(n * sizeof *t.kids);
    order = malloc(n * sizeof *order);
    t.rx = calloc(n, sizeof *t.rx);
    t.ry = calloc(n, sizeof *t.ry);
    t.box_x = calloc(n, sizeof *t.box_x);
    t.box_y = calloc(n, sizeof *t.box_y);
    /* skyline: up to 2 segments per block plus one, twice (old and new) */
    t.sky = malloc((4 * n + 8) * sizeof *t.sky);
    t.sx0 = malloc((4 * n + 8) * sizeof *t.sx0);
    t.sx1 = malloc((4 * n + 8) * sizeof *t.sx1);
    if (!t.off || !t.kids || !order || !t.rx || !t.ry || !t.box_x || !t.box_y || !t.sky || !t.sx0 || !t.sx1)
        goto done;
    size_t root = NONE;
    for (size_t i = 0; i < n; i++) {
        size_t p = v[i].parent;
        if (p == NONE) {
            if (root != NONE)
                goto done;
            root = i;
        } else if (p >= n || p == i) {
            goto done;
        } else {
            t.off[p + 1]++;
        }
    }
    if (root == NONE)
        goto done;
    for (size_t i = 0; i < n; i++)
        t.off[i + 1] += t.off[i];
    for (size_t i = 0; i < n; i++) /* order[] as fill counters for now */
        order[i] = t.off[i];
    for (size_t i = 0; i < n; i++) {
        if (v[i].parent != NONE)
            t.kids[order[v[i].parent]++] = i;
    }
    /* breadth-first order from the root; fewer than n: not one tree */
    size_t len = 0;
    order[len++] = root;
    for (size_t q = 0; q < len; q++) {
        size_t i = order[q];
        for (size_t k = t.off[i]; k < t.off[i + 1]; k++)
            order[len++] = t.kids[k];
    }
    if (len != n)
        goto done;
    for (size_t q = n; q-- > 0;) {
        size_t i = order[q];
        switch (v[i].kind) {
        case OV_TL_STACK:
            lay_stack(&t, i);
            break;
        case OV_TL_WRAP:
            lay_wrap(&t, i);
            break;
        case OV_TL_ROW:
            lay_row(&t, i);
            break;
        default:
            lay_box(&t, i);
            break;
        }
    }
    /* block origins, absolute, kept in rx/ry; then the boxes */
    t.rx[root] = 0;
    t.ry[root] = 0;
    for (size_t q = 1; q < n; q++) {
        size_t i = order[q];
        t.rx[i] += t.rx[v[i].parent];
        t.ry[i] += t.ry[v[i].parent];
    }
    for (size_t i = 0; i < n; i++) {
        v[i].x = t.rx[i] + t.box_x[i];
        v[i].y = t.ry[i] + t.box_y[i];
    }
    rc = 0;
done:
    free(t.off);
    free(t.kids);
    free(order);
    free(t.rx);
    free(t.ry);
    free(t.box_x);
    free(t.box_y);
    free(t.sky);
    free(t.sx0);
    free(t.sx1);
    return rc;
}
