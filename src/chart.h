/* The org chart's internals, shared by chart_tree.c (what is drawn),
 * chart_text.c (words and numbers for people) and chart.c, chart_place.c
 * and chart_key.c (the graph; their own names are in chart_int.h). */
#ifndef OV_CHART_H
#define OV_CHART_H

#include "orgviz.h"
#include "util.h"

/* Most organisations on one chart. The layout is orgviz's own (linear but
 * for the panels of rows) and Graphviz only measures and draws: measured
 * on the 2-core development machine, 7,754 organisations (the whole
 * national practice mapping) take 2.6 s, 23,260 take 13 s and 46,519 take
 * 24 s, most of it Graphviz measuring labels and writing SVG; 30,000 stays
 * well under 30 s. Beyond, --root and --depth draw part of it. */
#define OV_CHART_MAX_ORGS 30000
/* The largest --depth (and manifest "depth") accepted, and the most levels
 * below a root one chart draws. */
#define OV_CHART_MAX_DEPTH 1000

/* The structure on one day: which organisations are drawn, under which
 * primary parent, and which other links are drawn. Arrays have one entry
 * per organisation of the model unless said otherwise. */
typedef struct {
    const ov_model *m;
    ov_day at;
    size_t n;             /* m->norgs */
    unsigned char *alive; /* exists on `at` */
    size_t *parent;       /* primary parent (alive), or OV_NONE */
    size_t *parent_rel;   /* the relationship to it, or OV_NONE */
    size_t *kid_off;      /* n + 1 offsets into kids */
    size_t *kids;         /* primary children, ordered by name */
    unsigned char *drawn; /* on the chart (root, depth) */
    int *depth;           /* levels below its chart root; -1 if not drawn */
    unsigned char *cut;   /* drawn, and has children hidden by --depth */
    size_t *roots;        /* drawn organisations without a drawn parent */
    size_t nroots;
    size_t *also; /* relationships drawn as secondary hierarchy */
    size_t nalso;
    size_t *cross; /* cross links drawn */
    size_t ncross;
    size_t *unplaced; /* alive but left out with their subtrees: no parent on the
                       * day, placed at other times (under organisations gone
                       * on the day, or alone) */
    size_t nunplaced;
} ov_chart_tree;

/* Works out what the chart of OPTS shows. Returns OV_OK, OV_ERR_DATA (an
 * unknown --root, nothing exists on the day, or more than
 * OV_CHART_MAX_ORGS to draw; with a diagnostic in D)
 * or OV_ERR_MEMORY. Free T with ov_chart_tree_free in every case. */
ov_status ov_chart_tree_build(ov_chart_tree *t, const ov_model *m, const ov_chart_opts *opts,
                              ov_diags *d);
void ov_chart_tree_free(ov_chart_tree *t);

/* Number of primary children of I (drawn or not) and the first of them. */
size_t ov_chart_nkids(const ov_chart_tree *t, size_t i);
const size_t *ov_chart_kids(const ov_chart_tree *t, size_t i);
/* 1 when I is drawn and has no drawn children. */
int ov_chart_is_leaf(const ov_chart_tree *t, size_t i);

/* T's roots in reading order, from what heads the chart: those that
 * start or end on the day first (what the chart is about), then the
 * tallest tree, the biggest, then by the position of the root's type in
 * the file, then by name. A new array of t->nroots entries (free with free()), or NULL when
 * out of memory. */
size_t *ov_chart_tops(const ov_chart_tree *t);
/* The drawn organisations below each of TOPS (NTOPS of them) depth
 * first, each parent before its children and children in name order,
 * without recursion. A new array of *N entries (free with free()), or
 * NULL when out of memory. */
size_t *ov_chart_preorder(const ov_chart_tree *t, const size_t *tops, size_t ntops, size_t *n);

/* Adds to COUNTS (m->ntypes + 1 entries; the last for undeclared types)
 * the organisations below I in the primary tree; with HIDDEN_ONLY, only
 * those not drawn. Iterative. Returns 0, or -1 when out of memory. */
int ov_chart_count_below(const ov_chart_tree *t, size_t i, int hidden_only, size_t *counts);

/* Sorts the organisation indexes IDS (N of them) by display name on day
 * AT (ignoring case, then exactly), then by id when TIE_BY_ID, then by
 * index; with WEIGHT (one per organisation), heavier first. Returns 0, or
 * -1 when out of memory (IDS unchanged). No file-scope state. */
int ov_chart_sort_orgs(const ov_model *m, ov_day at, size_t *ids, size_t n, const size_t *weight,
                       int tie_by_id);

/* The chart of OPTS as one drawing (ov_chart_render without pages);
 * statuses and ownership as ov_chart_render. */
ov_status ov_chart_render_one(ov_gv *gv, const ov_model *m, const ov_chart_opts *opts,
                              const ov_render_opts *ro, char **out, size_t *len, ov_diags *d);

/* The page OPTS gives for organisation ID's hidden part, or 0. */
int ov_chart_page_of(const ov_chart_opts *opts, const char *id);

/* ---- words and numbers (chart_text.c) -------------------------------- */

/* "800,888" */
void ov_put_count(ov_buf *b, double n);
/* The display names of ORGS[0..N) (a transition's sides, a group): "A",
 * "A and B", "A, B and C"; more than MAX as the first MAX - 1 and "and N
 * others" (MAX >= 2; SIZE_MAX: all). OV_NONE is "(unknown)". */
void ov_put_org_names(ov_buf *b, const ov_model *m, const size_t *orgs, size_t n, size_t max);
/* Same, with the names the organisations had on day D (ov_org_name_at;
 * OV_DAY_NONE: the display names). */
void ov_put_org_names_at(ov_buf *b, const ov_model *m, const size_t *orgs, size_t n, size_t max,
                         ov_day d);
/* "£1.19bn", "£345m", "£12,500" */
void ov_put_money(ov_buf *b, double gbp);
/* "15 Primary Care Networks" (LOWER: "15 primary care networks"; words
 * such as "GP" and "NHS" keep their capitals); 1 stays singular. */
void ov_put_counted(ov_buf *b, size_t n, const char *label, int lower);
/* "15 primary care networks and 79 GP practices": COUNTS has one entry
 * per type of M and a last one for organisations of no declared type. */
void ov_put_type_counts(ov_buf *b, const ov_model *m, const size_t *counts);
/* "79 GP practices", "18 primary care networks and their 103 GP
 * practices": T's organisations left out as unplaced, and what is under
 * them, counted by type. Returns 0, or -1 when out of memory. */
int ov_put_unplaced(ov_buf *b, const ov_chart_tree *t);
/* The plain-English summary of what T shows (ov_chart_describe without
 * building the tree again); a new string, NULL when out of memory. */
char *ov_chart_describe_tree(const ov_chart_tree *t, const ov_chart_opts *opts);
/* The organisation's facts for its box: "800,888 people · £1.19bn". */
void ov_put_facts(ov_buf *b, const ov_org *o);
/* S escaped for an HTML-like label, in lines of about WIDTH characters
 * joined by <BR/>. */
void ov_put_wrapped_html(ov_buf *b, const char *s, size_t width, size_t max_lines);
/* Lines that ov_put_wrapped_html makes at most, by use; past them the
 * last line ends in "…" (a name or title that validates can be 10,000
 * characters long, and Graphviz fails on a box that wide or tall; the
 * full text stays in the tooltip and the description). */
#define OV_WRAP_NAME_LINES 10
#define OV_WRAP_DETAIL_LINES 6
#define OV_WRAP_TITLE_LINES 4
#define OV_WRAP_SOURCE_LINES 40
/* Box (cluster) labels and key entries are cut after this many
 * characters, with "…". */
#define OV_LABEL_MAX_CHARS 80

/* New string (free with free()): S when at most MAX characters long, else
 * its first MAX - 1 characters and "…"; NULL when out of memory. */
char *ov_text_cut(const char *s, size_t max);
/* "1 April 2020 – 30 June 2022", "from 1 July 2019", "until 31 March 2013"
 * or nothing. */
void ov_put_lifespan(ov_buf *b, const ov_org *o);
/* "part of", "member of", ... */
const char *ov_rel_phrase(ov_rel_kind k);

#endif
