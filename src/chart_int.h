/* Names the org chart's files share (chart_place.c: stacks, groups and
 * rows of boxes; chart_key.c: the key and the source line; chart.c: nodes,
 * edges and the graph). Internal to the chart. */
#ifndef OV_CHART_INT_H
#define OV_CHART_INT_H

#include "changes.h"
#include "chart.h"
#include "svg.h"
#include "gv.h"
#include "theme.h"
#include "util.h"

#define STACK_MIN 5      /* leaves of one type stacked from this many */
#define STACK_ROWS 6     /* a stack is one column up to this many */
#define WRAP_MIN 6       /* non-leaf children wrapped from this many */
#define HIER_MINLEN "3"  /* ranks between a parent and its children */
#define ROOMY_MINLEN "7" /* the same, above a box with labelled links up */
#define NAME_WIDTH 24    /* characters per line of a name */
#define DETAIL_WIDTH 40  /* of the type, code and facts lines */

typedef struct {
    ov_gnode **v;
    size_t n;
    size_t cap;
} ch_nodevec;

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
    size_t *partner;      /* per organisation: for a loose root, the one it is drawn above */
    unsigned char *roomy; /* per organisation: a loose root is drawn above a child */
    unsigned kinds_used;  /* bit per ov_rel_kind; bit OV_REL_COUNT: "also" */
    size_t nsub;          /* names of clusters and helper nodes */
    ov_svg_meta *meta;
    /* per organisation, its drawn leaf children as they are drawn: first
     * those stacked by type (runs of one type, in type order), from
     * plan_split[i] on the rest (by type, then name) */
    size_t *plan_off;
    size_t *plan;
    size_t *plan_split;
    ov_changes *chg;      /* --since: the changes marked; NULL: none */
    unsigned char *mark;  /* per organisation: bit per ov_change_kind */
    unsigned char *shown; /* per organisation: drawn, or listed as gone */
    unsigned marks_used;  /* bit per ov_change_kind drawn (for the key) */
    struct ch_extent *est; /* per organisation: estimated size of its block */
    unsigned char *est_done;
    int oom;
} ch_chart;

/* ---- size estimates, in points, to choose how to wrap rows ---------------- */

typedef struct ch_extent {
    double w;
    double h;
} ch_extent;

#define EST_BOX_W 160.0
#define EST_BOX_H 55.0
#define EST_LEAF_W 140.0
#define EST_LEAF_H 40.0
#define EST_GAP 12.0
#define EST_DROP 40.0 /* parent to children */

#define KEY_MAX_TYPES 48 /* types in the key; then "and N more types" */

/* The key: entries in columns of up to KEY_ROWS, filled top to bottom. */
#define KEY_ROWS 5
#define KEY_COLS 6 /* then longer columns */

/* ---- chart_place.c ---- */

/* Works out, once, which leaves are stacked under every organisation:
 * leaves of one type are stacked when there are STACK_MIN or more of
 * them, or when a sibling stacks that type (a PCN with 3 practices beside
 * one with 9 gets a box too: a regular look). Returns 0, or -1 when out
 * of memory. */
int ch_make_plans(ch_chart *c);
/* A tree with no parent on the chart that is linked to an organisation
 * lower down (the trusts a CCG commissions, the councils it partners) is
 * drawn on the rank of that organisation's parent, near it, rather than
 * at the far top left: its links then run up a short way. Decided before
 * placing (drop_to), drawn after. */
void ch_find_loose_partners(ch_chart *c);
void ch_align_loose_roots(ch_chart *c);
/* The top level: organisations with no parent on the chart. Lone leaves
 * (79 practices before their networks began) are stacked by type, and
 * the rest of those without links in one mixed stack; the trees follow,
 * biggest first, except that many small trees of one type without links
 * (networks whose parent has gone) are wrapped in rows. Returns 0, or -1
 * when out of memory. */
int ch_place_roots(ch_chart *c, ov_ggraph *all, ch_nodevec *sinks);
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

/* The key and the source line, side by side, as the bottom label of the
 * cluster ALL that holds the whole chart (the graph's own label is the
 * title, at the top; a node would need edges to stay at the bottom). */
void ch_footer(ch_chart *c, ov_ggraph *all);
/* ---- chart.c ---- */

void ch_vec_push(ch_chart *c, ch_nodevec *v, ov_gnode *n);
size_t ch_type_slot(const ch_chart *c, size_t i);
const char *ch_type_label(const ch_chart *c, size_t slot);
/* Ranks from a parent down to CHILD: more when links run up from CHILD to
 * organisations drawn on its parent's rank (room for their labels). */
const char *ch_drop_to(const ch_chart *c, size_t child);
/* A CSS class token from a type key: letters, digits, '-' and '_'. */
void ch_put_class_token(ov_buf *b, const char *s);
char *ch_take(ch_chart *c, ov_buf *b);
void ch_set_buf(ch_chart *c, void *obj, const char *name, ov_buf *b, int html);
/* A darker shade of FILL for the box outline. */
void ch_outline_of(const char *fill, char *buf);
ov_gnode *ch_org_node(ch_chart *c, ov_ggraph *where, size_t i, int stacked);
/* An edge that only shapes the layout (NULL when out of memory). */
ov_gedge *ch_invisible(ch_chart *c, ov_ggraph *in, ov_gnode *from, ov_gnode *to,
                       const char *minlen);
/* The line from a parent to a child drawn in the usual way; SHORT puts
 * the child on the next rank (beside a group box, not outside it). */
void ch_child_edge(ch_chart *c, ov_ggraph *in, ov_gnode *from, size_t child, int short_drop);
/* The one visible line from a parent to the box of its stacked or wrapped
 * children (it ends at the box: compound=true and lhead). */
void ch_box_edge(ch_chart *c, ov_ggraph *in, ov_gnode *from, ov_gnode *to, const char *cluster,
                 size_t child, const char *id);
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
/* The panel of organisations gone since then, beside the chart in ALL. */
void ch_gone_panel(ch_chart *c, ov_ggraph *all, const ov_chart_opts *opts);
/* Key entries for the marks drawn: up to MAX samples and texts (new
 * strings, free with free(); NULL when out of memory); returns how many. */
size_t ch_mark_key(const ch_chart *c, char **samples, char **texts, size_t max);

/* ---- boxes --------------------------------------------------------------- */
ov_ggraph *ch_new_box(ch_chart *c, ov_ggraph *where, const char *id, const char *cls, ov_buf *label,
                      char *name_out);

#endif
