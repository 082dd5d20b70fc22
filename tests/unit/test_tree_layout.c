/* The chart's geometry (src/tree_layout.c), called directly: no overlaps,
 * children inside their panels and below their parents, stacks of one
 * shape, balanced rows that fill the width, skyline drops, deep chains
 * without recursion, bad trees refused. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../harness.h"
#include "tree_layout.h"

#define NONE ((size_t)-1)

static const ov_tl_opts OPTS = {12, 20, 8, 6, 1.0};

static ov_tl_item item(ov_tl_kind kind, size_t parent, double w, double h)
{
    ov_tl_item it;
    memset(&it, 0, sizeof it);
    it.kind = kind;
    it.parent = parent;
    it.w = w;
    it.h = h;
    return it;
}

static ov_tl_item box(size_t parent, double w, double h)
{
    return item(OV_TL_BOX, parent, w, h);
}

/* A stack or wrap with a label of LABEL_W x LABEL_H. */
#define panel item

static int overlap(const ov_tl_item *a, const ov_tl_item *b)
{
    return a->x < b->x + b->bw - 0.01 && b->x < a->x + a->bw - 0.01 &&
           a->y < b->y + b->bh - 0.01 && b->y < a->y + a->bh - 0.01;
}

static int inside(const ov_tl_item *in, const ov_tl_item *out)
{
    return in->x >= out->x - 0.01 && in->y >= out->y - 0.01 &&
           in->x + in->bw <= out->x + out->bw + 0.01 && in->y + in->bh <= out->y + out->bh + 0.01;
}

/* No two boxes overlap unless one is a panel holding the other. */
static int boxes_apart(const ov_tl_item *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 1; j < n; j++) {
            if (v[i].kind != OV_TL_BOX || v[j].kind != OV_TL_BOX)
                continue;
            if (overlap(&v[i], &v[j])) {
                printf("# boxes %zu and %zu overlap\n", i, j);
                return 0;
            }
        }
    }
    return 1;
}

static void test_parent_above_children(void)
{
    ov_tl_item v[4] = {box(NONE, 100, 40), box(0, 60, 30), box(0, 80, 30), box(0, 60, 50)};
    CHECK(ov_tree_layout(v, 4, &OPTS) == 0);
    CHECK(boxes_apart(v, 4));
    for (int i = 1; i < 4; i++)
        CHECK(fabs(v[i].y - (40 + 20)) < 0.01);
    CHECK(v[1].x < v[2].x && v[2].x < v[3].x);
    CHECK(fabs(v[2].x - (v[1].x + 60 + 12)) < 0.01);
    /* the parent centred over the first and last child */
    double mid = (v[1].x + 30 + v[3].x + 30) / 2;
    CHECK(fabs(v[0].x + 50 - mid) < 0.01);
    CHECK(fabs(v[0].blk_h - (40 + 20 + 50)) < 0.01);
}

static void test_stack_one_shape(void)
{
    /* 7 leaves, at most 4 rows: 2 columns of 4 and 3, every box the size
     * of the biggest, filled top to bottom */
    ov_tl_item v[9];
    v[0] = box(NONE, 100, 40);
    v[1] = panel(OV_TL_STACK, 0, 70, 10);
    v[1].rows = 4;
    for (int i = 0; i < 7; i++)
        v[2 + i] = box(1, 90 + i, 30 + (i == 3 ? 12 : 0));
    CHECK(ov_tree_layout(v, 9, &OPTS) == 0);
    CHECK(boxes_apart(v, 9));
    for (int i = 2; i < 9; i++) {
        CHECK(fabs(v[i].bw - 96) < 0.01);
        CHECK(fabs(v[i].bh - 42) < 0.01);
        CHECK(inside(&v[i], &v[1]));
        CHECK(v[i].y >= v[1].y + 10); /* below the panel's label */
    }
    CHECK(fabs(v[2].x - v[5].x) < 0.01); /* first column: 4 */
    CHECK(v[5].y > v[4].y);
    CHECK(v[6].x > v[5].x && fabs(v[6].y - v[2].y) < 0.01); /* second column */
    CHECK(v[1].y >= v[0].y + v[0].bh);
}

/* A wrap of 12 blocks of different widths and heights: rows balanced and
 * spread to the panel's width; every block inside; the panel near the
 * shape asked for. */
static void test_wrap_rows(void)
{
    enum { K = 12 };
    ov_tl_item v[1 + K];
    v[0] = panel(OV_TL_WRAP, NONE, 80, 10);
    static const double w[K] = {120, 80, 200, 90, 150, 60, 110, 130, 70, 160, 100, 90};
    static const double h[K] = {60, 200, 90, 40, 120, 80, 150, 60, 90, 100, 50, 70};
    for (int i = 0; i < K; i++)
        v[1 + i] = box(0, w[i], h[i]);
    CHECK(ov_tree_layout(v, 1 + K, &OPTS) == 0);
    CHECK(boxes_apart(v, 1 + K));
    double ratio = v[0].bw / v[0].bh;
    CHECK(ratio > 0.5 && ratio < 2.0);
    double right_most = 0;
    for (int i = 1; i <= K; i++) {
        CHECK(inside(&v[i], &v[0]));
        if (v[i].x + v[i].bw > right_most)
            right_most = v[i].x + v[i].bw;
    }
    /* spread: the widest row ends at the panel's padding */
    CHECK(fabs(right_most - (v[0].x + v[0].bw - OPTS.pad)) < 0.01);
    /* reading order: a block is right of the one before it, or starts a
     * new row at the left */
    for (int i = 2; i <= K; i++)
        CHECK(v[i].x > v[i - 1].x || fabs(v[i].x - OPTS.pad) < 0.01);
}

/* A short block leaves no hole: the block below it drops up to it. */
static void test_skyline(void)
{
    ov_tl_item v[5];
    v[0] = panel(OV_TL_WRAP, NONE, 10, 10);
    v[1] = box(0, 100, 200);
    v[2] = box(0, 100, 20);
    v[3] = box(0, 100, 20);
    v[4] = box(0, 100, 20);
    ov_tl_opts tall = OPTS;
    tall.aspect = 0.8; /* two rows of two */
    CHECK(ov_tree_layout(v, 5, &tall) == 0);
    CHECK(boxes_apart(v, 5));
    CHECK(fabs(v[3].x - v[1].x) < 0.01); /* the second row starts at the left */
    CHECK(fabs(v[4].y - (v[2].y + 20 + OPTS.gap_y)) < 0.01); /* under the short one */
    CHECK(v[3].y >= v[1].y + 200);
}

/* 150,000 boxes each the only child of the one before: a loop, not a
 * recursion, so no stack overflow; every box one drop below its parent. */
static void test_deep_chain(void)
{
    size_t n = 150000;
    ov_tl_item *v = malloc(n * sizeof *v);
    CHECK(v != NULL);
    if (!v)
        return;
    for (size_t i = 0; i < n; i++)
        v[i] = box(i ? i - 1 : NONE, 50, 10);
    CHECK(ov_tree_layout(v, n, &OPTS) == 0);
    CHECK(fabs(v[n - 1].y - (double)(n - 1) * 30) < 0.5);
    CHECK(fabs(v[n - 1].x - v[0].x) < 0.01);
    free(v);
}

/* A wide national-like tree is laid out in well under a second. */
static void test_wide(void)
{
    size_t n = 1 + 40 * (1 + 30 * (2 + 6));
    ov_tl_item *v = malloc(n * sizeof *v);
    CHECK(v != NULL);
    if (!v)
        return;
    size_t at = 0;
    v[at++] = panel(OV_TL_WRAP, NONE, 100, 12);
    for (int a = 0; a < 40; a++) {
        size_t area = at;
        v[at++] = panel(OV_TL_WRAP, 0, 100, 12);
        for (int p = 0; p < 30; p++) {
            size_t pcn = at;
            v[at++] = box(area, 120 + p % 7 * 5, 36);
            size_t st = at;
            v[at++] = panel(OV_TL_STACK, pcn, 60, 10);
            for (int g = 0; g < 6; g++)
                v[at++] = box(st, 110 + g * 3, 30);
        }
    }
    CHECK(at == n);
    CHECK(ov_tree_layout(v, n, &OPTS) == 0);
    CHECK(v[0].bw > 0 && v[0].bh > 0);
    for (size_t i = 1; i < n; i++) {
        CHECK(inside(&v[i], &v[0]));
        if (!inside(&v[i], &v[0]))
            break;
    }
    free(v);
}

/* Flanks: rows of trees beside a box, top-aligned with it, outside its
 * width; its children hang below the taller of the box and the flanks;
 * the band above the box is kept free. */
static void test_flanks(void)
{
    ov_tl_item v[8];
    v[0] = box(NONE, 60, 30);      /* NHS England */
    v[1] = box(0, 120, 40);        /* the hub */
    v[1].band = 25;
    v[2] = box(1, 80, 30);         /* its child */
    v[3] = item(OV_TL_ROW, 1, 0, 0); /* left flank */
    v[3].flank = 1;
    v[3].gap = 30;
    v[4] = box(3, 90, 30);
    v[5] = box(4, 70, 50);         /* a tree beside it: taller than the hub */
    v[6] = item(OV_TL_ROW, 1, 0, 0); /* right flank */
    v[6].flank = 2;
    v[7] = box(6, 100, 35);
    CHECK(ov_tree_layout(v, 8, &OPTS) == 0);
    CHECK(boxes_apart(v, 8));
    CHECK(fabs(v[4].y - v[1].y) < 0.01 && fabs(v[7].y - v[1].y) < 0.01);
    CHECK(v[4].x + v[4].bw <= v[1].x - 30 + 0.01); /* left, the flank's gap away */
    CHECK(v[7].x >= v[1].x + v[1].bw + OPTS.gap_x - 0.01);
    CHECK(v[2].y >= v[5].y + v[5].bh + OPTS.gap_y - 0.01); /* below the tallest flank */
    CHECK(v[1].y >= v[0].y + v[0].bh + OPTS.gap_y + 25 - 0.01); /* the band */
    CHECK(v[0].blk_w >= v[7].x + v[7].bw - v[0].x - 0.01);
}

/* A box with small children and one wrap: the wrap goes below them, the
 * box straight above its middle, the small ones left and right of it. */
static void test_two_tiers(void)
{
    ov_tl_item v[9];
    v[0] = box(NONE, 100, 40);
    v[1] = box(0, 70, 30);
    v[2] = box(0, 70, 30);
    v[3] = item(OV_TL_WRAP, 0, 60, 10);
    for (int i = 4; i < 9; i++)
        v[i] = box(3, 120, 80);
    CHECK(ov_tree_layout(v, 9, &OPTS) == 0);
    CHECK(boxes_apart(v, 9));
    double mid = v[0].x + v[0].bw / 2;
    CHECK(fabs(v[3].x + v[3].bw / 2 - mid) < 0.01); /* the line runs straight down */
    CHECK(v[1].x + v[1].bw <= mid - OPTS.gap_x / 2 + 0.01);
    CHECK(v[2].x >= mid + OPTS.gap_x / 2 - 0.01);
    CHECK(v[3].y >= v[1].y + v[1].bh + OPTS.gap_y - 0.01);
    CHECK(fabs(v[1].y - v[2].y) < 0.01);
    /* and a much taller subtree among small boxes goes below too */
    ov_tl_item u[5] = {box(NONE, 60, 30), box(0, 90, 30), box(0, 90, 30), box(0, 100, 30),
                       box(3, 300, 200)};
    CHECK(ov_tree_layout(u, 5, &OPTS) == 0);
    CHECK(boxes_apart(u, 5));
    CHECK(u[3].y >= u[1].y + u[1].bh + OPTS.gap_y - 0.01);
    CHECK(fabs(u[3].x + u[3].bw / 2 - (u[0].x + u[0].bw / 2)) < 0.01);
}

static void test_not_a_tree(void)
{
    ov_tl_item two_roots[2] = {box(NONE, 10, 10), box(NONE, 10, 10)};
    CHECK(ov_tree_layout(two_roots, 2, &OPTS) == -1);
    ov_tl_item out_of_range[2] = {box(NONE, 10, 10), box(7, 10, 10)};
    CHECK(ov_tree_layout(out_of_range, 2, &OPTS) == -1);
    ov_tl_item cycle[3] = {box(NONE, 10, 10), box(2, 10, 10), box(1, 10, 10)};
    CHECK(ov_tree_layout(cycle, 3, &OPTS) == -1);
    CHECK(ov_tree_layout(NULL, 0, &OPTS) == -1);
}

int main(void)
{
    RUN(test_parent_above_children);
    RUN(test_stack_one_shape);
    RUN(test_wrap_rows);
    RUN(test_skyline);
    RUN(test_deep_chain);
    RUN(test_wide);
    RUN(test_flanks);
    RUN(test_two_tiers);
    RUN(test_not_a_tree);
    DONE();
}
