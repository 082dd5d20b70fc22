/* Positions for an org chart's boxes: pure geometry, no Graphviz, no model.
 *
 * The input is a tree of items, each with the size of its box; the output
 * is every item's top-left corner. An item is one of:
 *   - a box (an organisation): its children hang below it side by side;
 *   - a stack: a panel of leaf boxes in columns, filled top to bottom,
 *     every box given the size of the biggest (one shape);
 *   - a wrap: a panel of blocks (subtrees) in rows packed by their real
 *     widths: the number of rows is chosen for the panel's shape, rows are
 *     balanced (the widest row as narrow as it can be), spread to the full
 *     width, and each block drops up to just below whatever is above it
 *     (a skyline), so a short block leaves no hole under it;
 *   - a row: blocks side by side without a panel (the top of the chart),
 *     or a flank of a box: beside it, the box's children hanging below.
 * Children are in index order (the caller adds them in reading order).
 * Every pass is a loop over the items in an order computed once: no
 * recursion (a 150,000-deep chain is valid data). Time is linear in the
 * number of items, but for wraps, which try each row count: O(k^2) for a
 * wrap of k blocks in the worst case (k^1.5 when the rows are balanced). */
#ifndef OV_TREE_LAYOUT_H
#define OV_TREE_LAYOUT_H

#include <stddef.h>

typedef enum { OV_TL_BOX, OV_TL_STACK, OV_TL_WRAP, OV_TL_ROW } ov_tl_kind;

typedef struct {
    /* in */
    ov_tl_kind kind;
    size_t parent; /* index of the parent item, or (size_t)-1 for the root */
    double w, h;   /* a box: its size; a stack or wrap: its label's size */
    double side;   /* room kept to the right of a box (labels of its links) */
    double below;  /* and under it, before its children (those labels may
                    * be taller than the box) */
    size_t rows;   /* a stack: rows before another column (0: 6) */
    int bare;      /* a wrap without a panel: no label, no padding */
    double gap;    /* a row: between its blocks (0: gap_x) */
    int flank;     /* a row whose parent is a box: 1 drawn at the box's left,
                    * 2 at its right, top-aligned with it (its children then
                    * hang below the taller of the two) */
    double band;   /* a box: room kept above it, inside its block */
    double fill_w; /* a wrap: as wide as this (its rows spread to it) rather
                    * than of the shape asked for; raised to the width of
                    * the flanks of its box when they are wider */
    /* out: top-left corner and size of the box or panel (a stacked box
     * gets its stack's cell size), and of the whole block below it */
    double x, y;
    double bw, bh;
    double blk_w, blk_h;
} ov_tl_item;

typedef struct {
    double gap_x;  /* between blocks side by side */
    double gap_y;  /* between a box and what hangs below it; between rows */
    double pad;    /* inside a panel, around its contents */
    double cell_gap; /* between the boxes of a stack */
    double aspect; /* width / height wanted for a wrap panel */
} ov_tl_opts;

/* Lays out the N items of V (exactly one with no parent; parents before
 * or after their children, in any order) with the root's block at (0, 0).
 * Returns 0; -1 when out of memory or when V is not one tree (a second
 * root, a parent index out of range, a cycle), with V's outputs unset. */
int ov_tree_layout(ov_tl_item *v, size_t n, const ov_tl_opts *o);

#endif
