/* Names the org chart's files share (chart_place.c: the boxes' places and
 * the tree's lines; chart_links.c: the other links; chart_key.c: the key
 * and the source line; chart.c: nodes, edges and the graph). Internal to
 * the chart. */
#ifndef OV_CHART_INT_H
#define OV_CHART_INT_H

#include "changes.h"
#include "chart.h"
#include "gv.h"
#include "svg.h"
#include "theme.h"
#include "tree_layout.h"
#include "util.h"

#define STACK_MIN 3     /* leaves of one type stacked from this many (or when */
                        /* the same types stack anywhere else on the chart) */
#define STACK_ROWS 6     /* rows of a stack before another column: 6, or */
#define STACK_ROWS_MAX 8 /* half the biggest stack of its type, up to 8 */
#define MIXED_MIN 5     /* the rest: in one mixed stack from this many */
#define WRAP_MIN 3      /* non-leaf children wrapped in rows from this many */
#define NAME_WIDTH 24   /* characters per line of a name */
#define DETAIL_WIDTH 40 /* of the type, code and facts lines */
#define LINK_WIDTH 18   /* of a link's label */

/* Geometry, in points (chart_place.c, chart_links.c) */
#define CH_MARGIN 12.0  /* around the drawing */
#define CH_GAP_X 10.0   /* between blocks side by side */
#define CH_GAP_Y 12.0   /* from a box down to what hangs below it */
#define CH_PAD 5.0      /* inside a panel */
#define CH_CELL_GAP 4.0 /* between the boxes of a stack */
#define CH_STUB 16.0    /* a link drawn as a short stub: its length */
#define CH_ASPECT 1.0   /* width / height wanted for a panel of rows */
#define CH_ARROW 7.0    /* length of an arrowhead (arrowsize 0.7) */

#define CH_FOOTERS 4 /* ways of setting the footer (chart_key.c) */

/* One item of the layout (tree_layout.h) and what it draws. */
typedef struct {
    ov_gnode *node; /* an organisation's box or a panel; NULL: nothing drawn */
    size_t org;     /* the organisation, or OV_NONE */
    size_t parent_org; /* a panel: the organisation it hangs from, or OV_NONE */
    char *edge_id;  /* a panel: id of the line from its parent */
} ch_item;

/* A link (cross link or "also" link) as drawn: routed along the gutter
 * beside the chart, or a stub with the other end's name. */
typedef struct {
    size_t rel;
    int also;       /* a secondary parent ("also member of") */
    int routed;
    size_t from, to; /* organisations, in the direction of the line */
    ov_gnode *label; /* measuring node, deleted after measuring */
    char *text;      /* HTML label */
    double lw, lh;   /* label size */
} ch_link;

typedef struct {
    const ov_chart_tree *t;
    const ov_model *m;
    const ov_chart_opts *opts;
    const ov_render_opts *ro;
    unsigned char *strong; /* per organisation with --highlight: 2 highlighted, 1 on the
                              path to the top, 0 lighter; NULL: no highlight */
    const ov_theme *th;
    ov_ggraph *g;
    ov_gnode **node; /* per organisation */
    char (*fill)[8]; /* per type, the last for undeclared types */
    char (*ink)[8];  /* text colour on that fill */
    unsigned char *type_used;
    unsigned kinds_used;  /* bit per ov_rel_kind; bit OV_REL_COUNT: "also" */
    ov_svg_meta *meta;
    /* per organisation, its drawn leaf children as they are drawn: first
     * those stacked by type (runs of one type, in type order), from
     * plan_split[i] on the rest (by type, then name) */
    size_t *plan_off;
    size_t *plan;
    size_t *plan_split;
    unsigned char *stacked; /* per organisation: drawn in a stack */
    /* the layout: items, in creation order (parents first) */
    ov_tl_item *tl;
    ch_item *items;
    size_t nitems;
    size_t cap;
    size_t *item_of; /* per organisation: its item, or OV_NONE */
    size_t measured; /* while measuring: the next item to be told its size */
    size_t measured_link; /* and the next link */
    size_t hub;      /* the organisation whose links run to trees beside it */
    size_t flank[2]; /* the items of those trees, left and right, or OV_NONE */
    ch_link *links;
    size_t nlinks;
    ov_gnode *title;
    ov_gnode *footer[CH_FOOTERS]; /* ways of setting it; one is kept */
    double footer_w[CH_FOOTERS], footer_h[CH_FOOTERS];
    double title_w, title_h;
    double width, height; /* of the drawing */
    ov_changes *chg;      /* --since: the changes marked; NULL: none */
    unsigned char *mark;  /* per organisation: bit per ov_change_kind */
    unsigned char *shown; /* per organisation: drawn, or listed as gone */
    unsigned marks_used;  /* bit per ov_change_kind drawn (for the key) */
    int oom;
} ch_chart;

#define KEY_MAX_TYPES 48 /* types in the key; then "and N more types" */

/* The key: entries in columns of up to KEY_ROWS, filled top to bottom. */
#define KEY_ROWS 5
#define KEY_COLS 6 /* then longer columns */

/* ---- chart_place.c ---- */

/* Works out, once, which leaves are stacked under every organisation.
 * Returns 0, or -1 when out of memory. */
int ch_make_plans(ch_chart *c);
/* A new item of KIND under item PARENT (OV_NONE: the top) drawing NODE
 * (may be NULL) for organisation ORG (or OV_NONE); returns its index, or
 * OV_NONE when out of memory. */
size_t ch_add_item(ch_chart *c, ov_tl_kind kind, size_t parent, ov_gnode *node, size_t org);
/* Makes the layout's items and their nodes (panels before what they
 * hold, so that they are painted below it). Returns 0, or -1 when out of
 * memory. */
int ch_make_items(ch_chart *c, const ov_chart_opts *opts);
/* After measuring: lays the items out and gives every node its place;
 * draws the lines of the tree. Returns 0, or -1 when out of memory. */
int ch_place(ch_chart *c);
/* Top-down y to Graphviz's y (up from the bottom) */
double ch_gy(const ch_chart *c, double y);
/* Appends " x,y" points of a polyline (top-down coordinates) as straight
 * cubic Bezier pieces to B. */
void ch_put_polyline(const ch_chart *c, ov_buf *b, const double *xy, size_t npoints);

/* ---- chart_links.c ---- */

/* Decides how each link is drawn (routed or stub), makes the nodes that
 * measure their labels. Returns 0, or -1 when out of memory. */
int ch_plan_links(ch_chart *c);
/* After measuring: deletes the measuring nodes; stubs reserve room to
 * the right of their box. */
void ch_links_measured(ch_chart *c);
/* After placing: the links' edges, with their geometry and labels. */
void ch_draw_links(ch_chart *c);
void ch_links_free(ch_chart *c);

/* ---- chart_key.c ---- */

/* How a line of kind K is drawn (an ov_rel_kind, or OV_REL_COUNT for a
 * second parent, "also member of"), the same on the chart and in the key:
 * no two kinds differ by colour alone (WCAG 2.1 1.4.1). */
typedef struct {
    const char *style; /* "solid", "dashed", "dotted" */
    const char *width; /* penwidth, whole points (the key's cell borders are) */
    const char *arrow; /* arrowhead, or NULL for none */
    int at_parent;     /* hierarchy: the arrow points at the parent */
} ch_line_look;
const ch_line_look *ch_line_look_of(int k);
/* The colour of a line of kind K (as ch_line_look_of) in C's theme. */
const char *ch_line_colour(const ch_chart *c, int k);
/* Sets E's style, width, colour and arrow for a line of kind K. */
void ch_line_style(ch_chart *c, ov_gedge *e, int k);

/* The key and the source line, beside each other or one below the other,
 * as nodes (ch_place keeps the one that makes the smallest page). */
void ch_footer(ch_chart *c);

/* ---- chart.c ---- */

size_t ch_type_slot(const ch_chart *c, size_t i);
const char *ch_type_label(const ch_chart *c, size_t slot);
/* A CSS class token from a type key: letters, digits, '-' and '_'. */
void ch_put_class_token(ov_buf *b, const char *s);
char *ch_take(ch_chart *c, ov_buf *b);
void ch_set_buf(ch_chart *c, void *obj, const char *name, ov_buf *b, int html);
void ch_set_num(void *obj, const char *name, double v);
/* A darker shade of FILL for the box outline. */
void ch_outline_of(const char *fill, char *buf);
/* I's box (STACKED: 0 a box of its own, 1 in a stack of one type, 2 in a
 * mixed stack); NULL when out of memory. */
ov_gnode *ch_org_node(ch_chart *c, size_t i, int stacked);
/* A panel (the box of a stack or of wrapped rows) with id ID, class CLS and
 * LABEL (plain text, taken); NULL when out of memory. */
ov_gnode *ch_panel_node(ch_chart *c, const char *id, const char *cls, ov_buf *label);
/* A node of the page (the title, the footer) named NAME with the HTML
 * LABEL (taken), on the page's colour; NULL when out of memory. */
ov_gnode *ch_page_node(ch_chart *c, const char *name, ov_buf *label);
/* The id and class of relationship R's line, its tooltip for the finisher. */
void ch_rel_ids(ch_chart *c, ov_gedge *e, size_t r, const char *extra, const char *phrase);
/* A new edge between two nodes (NULL, noted, when out of memory). */
ov_gedge *ch_edge(ch_chart *c, ov_gnode *from, ov_gnode *to);
/* ---- chart_changes.c: marks against an earlier day (--since) ---- */

/* Works out the changes from opts->since to opts->at when since is set.
 * Returns 0, 1 (a bad --since: diagnostic in D) or -1 (out of memory). */
int ch_changes_init(ch_chart *c, const ov_chart_opts *opts, ov_diags *d);
void ch_changes_free(ch_chart *c);
/* Organisation I's marks: " change-new" … for its class, a badge row (and
 * "formerly …") for its label, its outline, and a line for its tooltip. */
void ch_mark_class(const ch_chart *c, ov_buf *b, size_t i);
void ch_mark_badge(const ch_chart *c, ov_buf *b, size_t i, int small);
void ch_mark_outline(ch_chart *c, ov_gnode *n, size_t i);
void ch_mark_tooltip(const ch_chart *c, ov_buf *b, size_t i);
/* The panel of organisations gone since then, an item under item PARENT
 * (the top row, beside the chart). */
void ch_gone_panel(ch_chart *c, size_t parent, const ov_chart_opts *opts);
/* Key entries for the marks drawn: up to MAX samples and texts (new
 * strings, free with free(); NULL when out of memory); returns how many. */
size_t ch_mark_key(const ch_chart *c, char **samples, char **texts, size_t max);


#endif
