/* The org chart: the tree of one day (chart_tree.c) -> a cgraph graph laid
 * out top-down by dot, then rendered by render.c.
 *
 * Readable at report sizes:
 *   - leaves of one type under a parent (a PCN's practices) are stacked in
 *     a box of compact columns when there are more than STACK_MIN - 1 of
 *     them (or when a sibling's are stacked, for a regular look): one
 *     visible line from the parent to the box, invisible edges chaining
 *     each column, a small ranksep and hierarchy edges with a minlen;
 *   - many non-leaf children (the CCG's 15 PCNs) go into a box of rows,
 *     as many to a row as bring the box nearest to square (estimated
 *     sizes): each row is one rank, in name order, and hangs below the
 *     lowest box of the row above by invisible edges of weight 0, so the
 *     chart grows down rather than sideways;
 *   - many small trees of one type with no parent on the day are wrapped
 *     the same way, and lone leaves without links are stacked.
 * Text that reaches Graphviz is escaped (HTML-like labels) and stripped of
 * control characters; tooltips and links are added by the SVG finisher,
 * never given to Graphviz (2.43 writes URLs unescaped). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chart.h"
#include "render.h"
#include "textversion.h"
#include "theme.h"

#define STACK_MIN 5      /* leaves of one type stacked from this many */
#define STACK_ROWS 6     /* a stack is one column up to this many */
#define WRAP_MIN 6       /* non-leaf children wrapped from this many */
#define HIER_MINLEN "3"  /* ranks between a parent and its children */
#define ROOMY_MINLEN "7" /* the same, above a box with labelled links up */
#define NAME_WIDTH 24    /* characters per line of a name */
#define DETAIL_WIDTH 40  /* of the type, code and facts lines */

typedef struct {
    Agnode_t **v;
    size_t n;
    size_t cap;
} nodevec;

typedef struct {
    const ov_chart_tree *t;
    const ov_model *m;
    const ov_theme *th;
    Agraph_t *g;
    Agnode_t **node; /* per organisation */
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
    struct extent *est; /* per organisation: estimated size of its block */
    unsigned char *est_done;
    int oom;
} chart;

static void vec_push(chart *c, nodevec *v, Agnode_t *n)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 16;
        Agnode_t **p = realloc(v->v, cap * sizeof *p);
        if (!p) {
            c->oom = 1;
            return;
        }
        v->v = p;
        v->cap = cap;
    }
    v->v[v->n++] = n;
}

static size_t type_slot(const chart *c, size_t i)
{
    size_t ty = c->m->orgs[i].type;
    return ty == OV_NONE ? c->m->ntypes : ty;
}

static const char *type_label(const chart *c, size_t slot)
{
    if (slot >= c->m->ntypes)
        return "Organisation";
    const ov_type *ty = &c->m->types[slot];
    return ty->label ? ty->label : ty->key;
}

/* Ranks from a parent down to CHILD: more when links run up from CHILD to
 * organisations drawn on its parent's rank (room for their labels). */
static const char *drop_to(const chart *c, size_t child)
{
    size_t p = c->t->parent[child];
    return p != OV_NONE && c->roomy[p] ? ROOMY_MINLEN : HIER_MINLEN;
}

/* A CSS class token from a type key: letters, digits, '-' and '_'. */
static void put_class_token(ov_buf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        int ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                 *p == '-' || *p == '_';
        ov_buf_putc(b, ok ? (char)*p : '-');
    }
}

static char *take(chart *c, ov_buf *b)
{
    char *s = ov_buf_take(b);
    if (!s)
        c->oom = 1;
    return s;
}

static void set_buf(chart *c, void *obj, const char *name, ov_buf *b, int html)
{
    char *s = take(c, b);
    if (!s)
        return;
    if (html)
        ov_gv_set_html(obj, name, s);
    else
        ov_gv_set(obj, name, s);
    free(s);
}

/* A darker shade of FILL for the box outline. */
static void outline_of(const char *fill, char *buf)
{
    unsigned r = 0;
    unsigned g = 0;
    unsigned b = 0;
    if (sscanf(fill, "#%02x%02x%02x", &r, &g, &b) != 3)
        r = g = b = 0x76;
    snprintf(buf, 8, "#%02X%02X%02X", (r & 0xFFu) * 7 / 10, (g & 0xFFu) * 7 / 10,
             (b & 0xFFu) * 7 / 10);
}

/* ---- organisations -------------------------------------------------------- */

static void put_hidden(chart *c, ov_buf *b, size_t i)
{
    const ov_model *m = c->m;
    size_t *counts = calloc(m->ntypes + 1, sizeof *counts);
    if (!counts) {
        c->oom = 1;
        return;
    }
    ov_chart_count_below(c->t, i, 1, counts);
    const char *sep = "";
    ov_buf text;
    ov_buf_init(&text);
    for (size_t ty = 0; ty <= m->ntypes; ty++) {
        if (counts[ty] == 0)
            continue;
        ov_buf_printf(&text, "%s+", sep);
        ov_put_counted(&text, counts[ty], type_label(c, ty), 1);
        sep = ", ";
    }
    free(counts);
    char *s = take(c, &text);
    if (s)
        ov_put_wrapped_html(b, s, DETAIL_WIDTH);
    free(s);
}

/* STACKED: 0 a box of its own; 1 in a stack of one type (the stack says
 * the type: name and code only); 2 in a stack of mixed types. */
static void org_label(chart *c, ov_buf *b, size_t i, int stacked)
{
    const ov_org *o = &c->m->orgs[i];
    int typed = stacked != 1;
    const char *code = ov_org_code(o, "ods");
    int small = stacked ? 8 : 9;
    ov_buf_puts(b, "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\">");
    ov_buf_puts(b, "<TR><TD><B>");
    ov_put_wrapped_html(b, ov_org_display_name(o, 0), NAME_WIDTH);
    ov_buf_puts(b, "</B></TD></TR>");
    ov_buf line;
    ov_buf_init(&line);
    if (typed)
        ov_buf_puts(&line, type_label(c, type_slot(c, i)));
    if (code)
        ov_buf_printf(&line, "%s%s", typed ? " · " : "", code);
    if (line.len > 0) {
        ov_buf_printf(b, "<TR><TD><FONT POINT-SIZE=\"%d\">", small);
        ov_put_wrapped_html(b, line.data, DETAIL_WIDTH);
        ov_buf_puts(b, "</FONT></TD></TR>");
    }
    ov_buf_free(&line);
    if (!stacked) {
        ov_put_facts(&line, o);
        if (line.len > 0) {
            ov_buf_printf(b, "<TR><TD><FONT POINT-SIZE=\"%d\">", small);
            ov_put_wrapped_html(b, line.data, DETAIL_WIDTH);
            ov_buf_puts(b, "</FONT></TD></TR>");
        }
        ov_buf_free(&line);
    }
    if (c->t->cut[i]) {
        ov_buf_printf(b, "<TR><TD><FONT POINT-SIZE=\"%d\"><I>", small);
        put_hidden(c, b, i);
        ov_buf_puts(b, "</I></FONT></TD></TR>");
    }
    ov_buf_puts(b, "</TABLE>");
}

/* S on one line: tooltips use line breaks to separate their parts. */
static void put_one_line(ov_buf *b, const char *s)
{
    for (; *s; s++)
        ov_buf_putc(b, *s == '\n' || *s == '\r' || *s == '\t' ? ' ' : *s);
}

static void org_tooltip(chart *c, ov_buf *b, size_t i)
{
    const ov_org *o = &c->m->orgs[i];
    const char *code = ov_org_code(o, "ods");
    put_one_line(b, o->name ? o->name : o->id);
    ov_buf_printf(b, "\n%s", type_label(c, type_slot(c, i)));
    if (code)
        ov_buf_printf(b, " · ODS code %s", code);
    ov_buf life;
    ov_buf_init(&life);
    ov_put_lifespan(&life, o);
    if (life.len > 0)
        ov_buf_printf(b, "\n%s", life.data);
    if (life.oom)
        b->oom = 1;
    ov_buf_free(&life);
}

static Agnode_t *org_node(chart *c, Agraph_t *where, size_t i, int stacked)
{
    const ov_org *o = &c->m->orgs[i];
    Agnode_t *n = ov_gv_node(where, o->id);
    if (!n) {
        c->oom = 1;
        return NULL;
    }
    c->node[i] = n;
    size_t slot = type_slot(c, i);
    c->type_used[slot] = 1;
    ov_buf b;
    ov_buf_init(&b);
    ov_buf_printf(&b, "org-%s", o->id);
    char *id = take(c, &b);
    ov_buf_puts(&b, "org type-");
    put_class_token(&b, o->type_key ? o->type_key : "unknown");
    set_buf(c, n, "class", &b, 0);
    if (id)
        ov_gv_set(n, "id", id);
    org_label(c, &b, i, stacked);
    set_buf(c, n, "label", &b, 1);
    char outline[8];
    outline_of(c->fill[slot], outline);
    ov_gv_set(n, "fillcolor", c->fill[slot]);
    ov_gv_set(n, "fontcolor", c->ink[slot]);
    ov_gv_set(n, "color", outline);
    if (stacked) {
        /* one width for a whole stack: straight columns */
        ov_gv_set(n, "fontsize", "9");
        ov_gv_set(n, "width", "1.85");
    }
    org_tooltip(c, &b, i);
    char *tip = take(c, &b);
    const char *url = o->url && ov_url_is_safe(o->url) ? o->url : NULL;
    if (id && tip && ov_svg_meta_add(c->meta, id, tip, url) != 0)
        c->oom = 1;
    free(id);
    free(tip);
    return n;
}

/* ---- edges ------------------------------------------------------------------ */

/* A new edge in graph IN: the innermost (sub)graph that holds both ends,
 * so that dot sees it when it orders that cluster. */
static Agedge_t *edge(chart *c, Agraph_t *in, Agnode_t *from, Agnode_t *to)
{
    Agedge_t *e = ov_gv_edge(in, from, to, NULL);
    if (!e)
        c->oom = 1;
    return e;
}

/* An edge that only shapes the layout (NULL when out of memory). */
static Agedge_t *invisible(chart *c, Agraph_t *in, Agnode_t *from, Agnode_t *to, const char *minlen)
{
    Agedge_t *e = edge(c, in, from, to);
    if (!e)
        return NULL;
    ov_gv_set(e, "style", "invis");
    ov_gv_set(e, "minlen", minlen);
    return e;
}

static void hier_style(chart *c, Agedge_t *e, ov_rel_kind k)
{
    c->kinds_used |= 1u << k;
    ov_gv_set(e, "minlen", HIER_MINLEN);
    ov_gv_set(e, "weight", "4"); /* parents straight above their children */
    ov_gv_set(e, "dir", "none");
    if (k == OV_REL_ACCOUNTABLE_TO) {
        ov_gv_set(e, "color", c->th->link_colour[k]);
        ov_gv_set(e, "penwidth", "1.6");
    } else {
        ov_gv_set(e, "color", c->th->edge);
        ov_gv_set(e, "penwidth", "1.2");
    }
}

static void rel_tooltip(chart *c, ov_buf *b, size_t r, const char *phrase)
{
    const ov_rel *rel = &c->m->rels[r];
    ov_buf_printf(b, "%s %s %s", ov_org_display_name(&c->m->orgs[rel->from], 0), phrase,
                  ov_org_display_name(&c->m->orgs[rel->to], 0));
    if (rel->label && !ov_is_blank(rel->label))
        ov_buf_printf(b, ": %s", rel->label);
}

static void rel_ids(chart *c, Agedge_t *e, size_t r, const char *extra, const char *phrase)
{
    ov_buf b;
    ov_buf_init(&b);
    ov_buf_printf(&b, "rel-%zu", r);
    char *id = take(c, &b);
    ov_buf_printf(&b, "rel rel-%s%s%s", ov_rel_kind_name(c->m->rels[r].kind), extra ? " " : "",
                  extra ? extra : "");
    set_buf(c, e, "class", &b, 0);
    rel_tooltip(c, &b, r, phrase);
    char *tip = take(c, &b);
    if (id) {
        ov_gv_set(e, "id", id);
        if (tip && ov_svg_meta_add(c->meta, id, tip, NULL) != 0)
            c->oom = 1;
    }
    free(id);
    free(tip);
}

/* The line from a parent to a child drawn in the usual way; SHORT puts
 * the child on the next rank (beside a group box, not outside it). */
static void child_edge(chart *c, Agraph_t *in, Agnode_t *from, size_t child, int short_drop)
{
    Agedge_t *e = edge(c, in, from, c->node[child]);
    if (!e)
        return;
    size_t r = c->t->parent_rel[child];
    hier_style(c, e, c->m->rels[r].kind);
    ov_gv_set(e, "minlen", short_drop ? "1" : drop_to(c, child));
    rel_ids(c, e, r, NULL, ov_rel_phrase(c->m->rels[r].kind));
}

/* The one visible line from a parent to the box of its stacked or wrapped
 * children (it ends at the box: compound=true and lhead). */
static void box_edge(chart *c, Agraph_t *in, Agnode_t *from, Agnode_t *to, const char *cluster,
                     size_t child, const char *id)
{
    Agedge_t *e = edge(c, in, from, to);
    if (!e)
        return;
    ov_rel_kind k = c->m->rels[c->t->parent_rel[child]].kind;
    hier_style(c, e, k);
    ov_gv_set(e, "minlen", drop_to(c, child));
    ov_gv_set(e, "lhead", cluster);
    ov_gv_set(e, "id", id);
    ov_buf b;
    ov_buf_init(&b);
    ov_buf_printf(&b, "rel rel-%s members", ov_rel_kind_name(k));
    set_buf(c, e, "class", &b, 0);
}

/* ---- boxes --------------------------------------------------------------- */

static Agraph_t *new_box(chart *c, Agraph_t *where, const char *id, const char *cls, ov_buf *label,
                         char *name_out)
{
    snprintf(name_out, 32, "cluster_%zu", c->nsub++);
    Agraph_t *s = ov_gv_subgraph(where, name_out);
    if (!s) {
        c->oom = 1;
        return NULL;
    }
    ov_gv_set(s, "id", id);
    ov_gv_set(s, "class", cls);
    char *text = take(c, label);
    char *plain = text ? ov_gv_plain(text) : NULL;
    if (plain)
        ov_gv_set(s, "label", plain);
    else
        c->oom = 1;
    free(text);
    free(plain);
    ov_gv_set(s, "style", "rounded,filled");
    ov_gv_set(s, "fillcolor", c->th->panel);
    ov_gv_set(s, "color", c->th->panel_border);
    ov_gv_set(s, "fontcolor", c->th->muted);
    ov_gv_set(s, "fontsize", "9");
    ov_gv_set(s, "labeljust", "l");
    ov_gv_set(s, "labelloc", "t");
    ov_gv_set(s, "margin", "6");
    ov_gv_set(s, "penwidth", "1");
    return s;
}

static void place(chart *c, Agraph_t *where, size_t i, nodevec *sinks);
static size_t run_length(const chart *c, const size_t *leaves, size_t n);

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
    *rows = (k + *cols - 1) / *cols;
}

/* ---- size estimates, in points, to choose how to wrap rows ---------------- */

typedef struct extent {
    double w;
    double h;
} extent;

#define EST_BOX_W 160.0
#define EST_BOX_H 55.0
#define EST_LEAF_W 140.0
#define EST_LEAF_H 40.0
#define EST_GAP 12.0
#define EST_DROP 40.0 /* parent to children */

static extent est_place(const chart *c, size_t i);

static extent est_stack(size_t k)
{
    size_t rows;
    size_t cols;
    stack_shape(k, &rows, &cols);
    extent e = {(double)cols * EST_LEAF_W + (double)(cols - 1) * EST_GAP + 16,
                (double)rows * EST_LEAF_H + (double)(rows - 1) * 9 + 28};
    return e;
}

/* The extent of KIDS wrapped PER_ROW to a row. */
static extent est_rows(const chart *c, const size_t *kids, size_t k, size_t per_row)
{
    extent all = {0, 0};
    for (size_t first = 0; first < k; first += per_row) {
        extent row = {0, 0};
        for (size_t j = first; j < k && j < first + per_row; j++) {
            extent b = est_place(c, kids[j]);
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
static size_t choose_per_row(const chart *c, const size_t *kids, size_t k)
{
    size_t best = k;
    double best_score = INFINITY;
    for (size_t per = 2; per <= k; per++) {
        size_t nrows = (k + per - 1) / per;
        if (per > 2 && (k + per - 2) / (per - 1) == nrows)
            continue; /* same number of rows as a narrower choice */
        size_t even = (k + nrows - 1) / nrows;
        extent e = est_rows(c, kids, k, even);
        double score = fabs(log(e.w / e.h / 1.1));
        if (score < best_score) {
            best_score = score;
            best = even;
        }
    }
    return best;
}

static extent est_block(const chart *c, size_t i);

/* Memoised: est_block is called again for every way of wrapping a group. */
static extent est_place(const chart *c, size_t i)
{
    if (!c->est_done[i]) {
        c->est[i] = est_block(c, i);
        c->est_done[i] = 1;
    }
    return c->est[i];
}

static extent est_block(const chart *c, size_t i)
{
    const ov_chart_tree *t = c->t;
    extent own = {EST_BOX_W, EST_BOX_H};
    extent below = {0, 0};
    const size_t *leaf = c->plan + c->plan_off[i];
    size_t split = c->plan_split[i] - c->plan_off[i];
    size_t nleaf = c->plan_off[i + 1] - c->plan_off[i];
    /* stacks of one type */
    for (size_t k = 0; k < split;) {
        size_t run = run_length(c, leaf + k, split - k);
        extent b = est_stack(run);
        below.w += b.w + (below.w > 0 ? EST_GAP : 0);
        below.h = b.h > below.h ? b.h : below.h;
        k += run;
    }
    /* the rest: one stack of mixed types, or boxes side by side */
    if (nleaf - split >= STACK_MIN) {
        extent b = est_stack(nleaf - split);
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
        extent g = est_rows(c, branch, nbranch, choose_per_row(c, branch, nbranch));
        below.w += g.w + (below.w > 0 ? EST_GAP : 0);
        below.h = g.h > below.h ? g.h : below.h;
    } else {
        for (size_t k = 0; k < nbranch; k++) {
            extent b = est_place(c, branch[k]);
            below.w += b.w + (below.w > 0 ? EST_GAP : 0);
            below.h = b.h > below.h ? b.h : below.h;
        }
    }
    free(branch);
    extent e = {below.w > own.w ? below.w : own.w, own.h + (below.h > 0 ? EST_DROP + below.h : 0)};
    return e;
}

/* LEAVES (K of them, one type) under PARENT (OV_NONE: none) in a box of
 * columns filled top to bottom. */
static void place_stack(chart *c, Agraph_t *where, size_t parent, const size_t *leaves, size_t k,
                        int mixed, nodevec *sinks)
{
    const ov_model *m = c->m;
    size_t rows;
    size_t cols;
    stack_shape(k, &rows, &cols);
    size_t slot = type_slot(c, leaves[0]);
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
        put_class_token(&b, key);
    char *id = take(c, &b);
    ov_put_counted(&b, k, mixed ? "organisation" : type_label(c, slot), 0);
    if (parent == OV_NONE)
        ov_buf_puts(&b, " with no parent on this day");
    char cname[32];
    Agraph_t *s = id ? new_box(c, where, id, "stack", &b, cname) : NULL;
    ov_buf_free(&b);
    if (!s) {
        free(id);
        return;
    }
    size_t mid = (cols - 1) / 2;
    Agraph_t *heads = NULL;
    Agnode_t *left = NULL;
    if (cols > 1) {
        char name[32];
        snprintf(name, sizeof name, "_heads%zu", c->nsub++);
        heads = ov_gv_subgraph(s, name);
        if (heads)
            ov_gv_set(heads, "rank", "same");
    }
    for (size_t col = 0; col < cols; col++) {
        Agnode_t *prev = NULL;
        for (size_t r = 0; r < rows; r++) {
            size_t at = col * rows + r;
            if (at >= k)
                break;
            Agnode_t *n = org_node(c, s, leaves[at], mixed ? 2 : 1);
            if (!n)
                break;
            if (prev) {
                Agedge_t *e = invisible(c, s, prev, n, "1");
                if (e)
                    ov_gv_set(e, "weight", "10");
            } else {
                /* column heads: one rank, left to right */
                if (heads)
                    ov_gv_add_node(heads, n);
                if (left)
                    invisible(c, s, left, n, "1");
                left = n;
            }
            if (!prev && parent != OV_NONE) {
                if (col == mid) {
                    char *eid = ov_asprintf("members-%s", id + strlen("stack-"));
                    if (!eid)
                        c->oom = 1;
                    else
                        box_edge(c, where, c->node[parent], n, cname, leaves[at], eid);
                    free(eid);
                } else {
                    invisible(c, where, c->node[parent], n, drop_to(c, leaves[at]));
                }
            }
            prev = n;
        }
        /* the first column is the longest: its last box is the bottom of the
         * stack. Only it is a sink: invisible edges from every column would
         * count as crossings and could swap the columns. */
        if (prev && col == 0)
            vec_push(c, sinks, prev);
    }
    free(id);
}

/* Non-leaf children KIDS of PARENT in a box of rows: each row is one rank
 * (rank=same, newrank), in name order (invisible flat edges), and hangs
 * below the lowest nodes of the row above (invisible edges of weight 0,
 * so that they set ranks without pulling boxes sideways). */
static void place_group(chart *c, Agraph_t *where, size_t parent, const size_t *kids, size_t k,
                        nodevec *sinks)
{
    const ov_model *m = c->m;
    size_t per_row = choose_per_row(c, kids, k);
    size_t nrows = (k + per_row - 1) / per_row;
    ov_buf b;
    ov_buf_init(&b);
    size_t slot = type_slot(c, kids[0]);
    int same = 1;
    for (size_t j = 1; j < k; j++)
        same = same && type_slot(c, kids[j]) == slot;
    /* PARENT OV_NONE: trees with no parent on the day, of one type */
    const char *key = m->orgs[kids[0]].type_key ? m->orgs[kids[0]].type_key : "unknown";
    if (parent != OV_NONE) {
        ov_buf_printf(&b, "members-%s", m->orgs[parent].id);
    } else {
        ov_buf_puts(&b, "members-");
        put_class_token(&b, key);
    }
    char *edge_id = take(c, &b);
    if (parent != OV_NONE) {
        ov_buf_printf(&b, "group-%s", m->orgs[parent].id);
    } else {
        ov_buf_puts(&b, "group-");
        put_class_token(&b, key);
    }
    char *id = take(c, &b);
    ov_put_counted(&b, k, same ? type_label(c, slot) : "organisation", 0);
    if (parent == OV_NONE)
        ov_buf_puts(&b, " with no parent on this day");
    char cname[32];
    Agraph_t *s = id ? new_box(c, where, id, "group", &b, cname) : NULL;
    ov_buf_free(&b);
    free(id);
    if (!s || !edge_id) {
        free(edge_id);
        return;
    }
    nodevec prev = {NULL, 0, 0};
    nodevec cur = {NULL, 0, 0};
    for (size_t row = 0; row < nrows && !c->oom; row++) {
        size_t first = row * per_row;
        size_t last = first + per_row < k ? first + per_row : k;
        size_t mid = first + (last - first - 1) / 2;
        char name[32];
        snprintf(name, sizeof name, "_row%zu", c->nsub++);
        Agraph_t *same_rank = ov_gv_subgraph(s, name);
        if (!same_rank) {
            c->oom = 1;
            break;
        }
        ov_gv_set(same_rank, "rank", "same");
        cur.n = 0;
        Agnode_t *left = NULL;
        for (size_t j = first; j < last; j++) {
            place(c, s, kids[j], &cur);
            Agnode_t *n = c->node[kids[j]];
            if (!n)
                continue;
            ov_gv_add_node(same_rank, n);
            if (left)
                invisible(c, s, left, n, "1");
            left = n;
            if (row > 0 || parent == OV_NONE)
                continue;
            if (j == mid)
                box_edge(c, where, c->node[parent], n, cname, kids[j], edge_id);
            else
                invisible(c, where, c->node[parent], n, drop_to(c, kids[j]));
        }
        if (row > 0 && c->node[kids[mid]]) {
            for (size_t j = 0; j < prev.n; j++) {
                Agedge_t *e = invisible(c, s, prev.v[j], c->node[kids[mid]], "2");
                if (e)
                    ov_gv_set(e, "weight", "0");
            }
        }
        nodevec swap = prev;
        prev = cur;
        cur = swap;
    }
    for (size_t j = 0; j < prev.n; j++)
        vec_push(c, sinks, prev.v[j]);
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
static size_t leaf_items(const chart *c, size_t i, slot_item *items)
{
    const ov_chart_tree *t = c->t;
    size_t n = 0;
    for (size_t k = 0; k < ov_chart_nkids(t, i); k++) {
        size_t x = ov_chart_kids(t, i)[k];
        if (t->drawn[x] && ov_chart_is_leaf(t, x)) {
            slot_item it = {type_slot(c, x), k, x};
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
static int make_plans(chart *c)
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
                    (sib && has_slot(big + big_off[p], big_off[p + 1] - big_off[p], items[j].slot));
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
static size_t run_length(const chart *c, const size_t *leaves, size_t n)
{
    size_t run = 1;
    while (run < n && type_slot(c, leaves[run]) == type_slot(c, leaves[0]))
        run++;
    return run;
}

/* Draws I in WHERE, and below it its children; adds the lowest nodes to
 * SINKS. */
static void place(chart *c, Agraph_t *where, size_t i, nodevec *sinks)
{
    const ov_chart_tree *t = c->t;
    Agnode_t *n = org_node(c, where, i, 0);
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
        vec_push(c, sinks, n);
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
            child_edge(c, where, n, plan[k], grouped);
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
            child_edge(c, where, n, branch[k], 0);
        }
    }
done:
    free(branch);
}

/* ---- links that are not the tree -------------------------------------------- */

static void cross_edges(chart *c)
{
    const ov_chart_tree *t = c->t;
    for (size_t k = 0; k < t->ncross; k++) {
        size_t r = t->cross[k];
        const ov_rel *rel = &c->m->rels[r];
        Agedge_t *e = edge(c, c->g, c->node[rel->from], c->node[rel->to]);
        if (!e)
            continue;
        c->kinds_used |= 1u << rel->kind;
        ov_gv_set(e, "constraint", "false");
        ov_gv_set(e, "color", c->th->link_colour[rel->kind]);
        ov_gv_set(e, "fontcolor", c->th->link_colour[rel->kind]);
        switch (rel->kind) {
        case OV_REL_COMMISSIONS:
            ov_gv_set(e, "style", "dashed");
            ov_gv_set(e, "penwidth", "1.4");
            break;
        case OV_REL_PARTNER_OF:
            ov_gv_set(e, "style", "dotted");
            ov_gv_set(e, "penwidth", "2");
            ov_gv_set(e, "dir", "both");
            ov_gv_set(e, "arrowhead", "none");
            ov_gv_set(e, "arrowtail", "none");
            break;
        default:
            ov_gv_set(e, "style", "dashed");
            ov_gv_set(e, "penwidth", "2");
            ov_gv_set(e, "arrowhead", "empty");
            break;
        }
        const char *text =
            rel->label && !ov_is_blank(rel->label) ? rel->label : ov_rel_phrase(rel->kind);
        ov_buf b;
        ov_buf_init(&b);
        ov_buf_puts(&b, "<FONT POINT-SIZE=\"8\">");
        ov_put_wrapped_html(&b, text, 26);
        ov_buf_puts(&b, "</FONT>");
        /* an xlabel is placed after layout: a label on an edge that does not
         * constrain the ranks would be a node and bend the edge round it */
        set_buf(c, e, "xlabel", &b, 1);
        rel_ids(c, e, r, NULL, ov_rel_phrase(rel->kind));
    }
    for (size_t k = 0; k < t->nalso; k++) {
        size_t r = t->also[k];
        const ov_rel *rel = &c->m->rels[r];
        Agedge_t *e = edge(c, c->g, c->node[rel->to], c->node[rel->from]);
        if (!e)
            continue;
        c->kinds_used |= 1u << OV_REL_COUNT;
        ov_gv_set(e, "constraint", "false");
        ov_gv_set(e, "style", "dotted");
        ov_gv_set(e, "dir", "none");
        ov_gv_set(e, "color", c->th->muted);
        ov_gv_set(e, "fontcolor", c->th->muted);
        ov_buf b;
        ov_buf_init(&b);
        ov_buf_printf(&b, "<FONT POINT-SIZE=\"8\">also %s</FONT>", ov_rel_phrase(rel->kind));
        set_buf(c, e, "label", &b, 1);
        ov_buf_printf(&b, "also %s", ov_rel_phrase(rel->kind));
        char *phrase = take(c, &b);
        rel_ids(c, e, r, "also", phrase ? phrase : "also");
        free(phrase);
    }
}

/* A tree with no parent on the chart that is linked to an organisation
 * lower down (the trusts a CCG commissions, the councils it partners) is
 * drawn on the rank of that organisation's parent, near it, rather than
 * at the far top left: its links then run up a short way. Decided before
 * placing (drop_to), drawn after. */
static void find_loose_partners(chart *c)
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

static void align_loose_roots(chart *c)
{
    for (size_t r = 0; r < c->m->norgs; r++) {
        size_t other = c->partner[r];
        if (other != OV_NONE && c->node[r] && c->node[other])
            invisible(c, c->g, c->node[r], c->node[other], drop_to(c, other));
    }
}

#define KEY_MAX_TYPES 48 /* types in the key; then "and N more types" */

/* One entry of the key: a sample (two cells' worth of HTML) and a text. */
typedef struct {
    char *sample;
    char *text;
} key_entry;

typedef struct {
    key_entry v[KEY_MAX_TYPES + OV_REL_COUNT + 2];
    size_t n;
} key_list;

static void key_add(chart *c, key_list *k, char *sample, const char *text)
{
    char *t = ov_gv_html(text);
    if (!sample || !t || k->n == sizeof k->v / sizeof k->v[0]) {
        c->oom = c->oom || !sample || !t;
        free(sample);
        free(t);
        return;
    }
    k->v[k->n].sample = sample;
    k->v[k->n].text = t;
    k->n++;
}

/* A line sample: the bottom border of a fixed-size cell. */
static char *line_sample(const char *colour, const char *style, const char *width)
{
    return ov_asprintf("<TD WIDTH=\"30\" HEIGHT=\"9\" FIXEDSIZE=\"TRUE\" SIDES=\"B\" "
                       "BORDER=\"%s\" COLOR=\"%s\"%s%s%s></TD>",
                       width, colour, style ? " STYLE=\"" : "", style ? style : "",
                       style ? "\"" : "");
}

static void key_entries(chart *c, key_list *k)
{
    const ov_model *m = c->m;
    size_t ntypes_used = 0;
    for (size_t slot = 0; slot <= m->ntypes; slot++)
        ntypes_used += c->type_used[slot];
    size_t shown = 0;
    for (size_t slot = 0; slot <= m->ntypes; slot++) {
        if (!c->type_used[slot])
            continue;
        if (ntypes_used > KEY_MAX_TYPES && shown == KEY_MAX_TYPES - 1) {
            char more[64];
            snprintf(more, sizeof more, "and %zu more types", ntypes_used - shown);
            key_add(c, k, ov_strdup("<TD></TD>"), more);
            break;
        }
        shown++;
        char outline[8];
        outline_of(c->fill[slot], outline);
        key_add(c, k,
                ov_asprintf("<TD WIDTH=\"30\" HEIGHT=\"13\" FIXEDSIZE=\"TRUE\" BGCOLOR=\"%s\" "
                            "BORDER=\"1\" COLOR=\"%s\" STYLE=\"ROUNDED\"></TD>",
                            c->fill[slot], outline),
                type_label(c, slot));
    }
    unsigned used = c->kinds_used;
    unsigned part = used & (1u << OV_REL_PART_OF);
    unsigned member = used & (1u << OV_REL_MEMBER_OF);
    if (part || member)
        key_add(c, k, line_sample(c->th->edge, NULL, "1"),
                part && member ? "part of or member of (above)"
                : part         ? "part of (above)"
                               : "member of (above)");
    if (used & (1u << OV_REL_ACCOUNTABLE_TO))
        key_add(c, k, line_sample(c->th->link_colour[OV_REL_ACCOUNTABLE_TO], NULL, "2"),
                "accountable to (above)");
    if (used & (1u << OV_REL_COUNT))
        key_add(c, k, line_sample(c->th->muted, "dotted", "1"), "also member of (second parent)");
    if (used & (1u << OV_REL_COMMISSIONS))
        key_add(c, k, line_sample(c->th->link_colour[OV_REL_COMMISSIONS], "dashed", "2"),
                "commissions (arrow to the provider)");
    if (used & (1u << OV_REL_PARTNER_OF))
        key_add(c, k, line_sample(c->th->link_colour[OV_REL_PARTNER_OF], "dotted", "2"),
                "partner of");
    if (used & (1u << OV_REL_DELEGATES_TO))
        key_add(c, k, line_sample(c->th->link_colour[OV_REL_DELEGATES_TO], "dashed", "3"),
                "delegates functions to (arrow)");
}

/* The key: entries in columns of up to KEY_ROWS, filled top to bottom. */
#define KEY_ROWS 5
#define KEY_COLS 6 /* then longer columns */

static void put_key(ov_buf *b, const key_list *k)
{
    size_t cols = (k->n + KEY_ROWS - 1) / KEY_ROWS;
    if (cols > KEY_COLS)
        cols = KEY_COLS;
    size_t rows = cols ? (k->n + cols - 1) / cols : 0;
    ov_buf_printf(b,
                  "<TABLE ID=\"legend\" BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"2\" "
                  "CELLPADDING=\"1\"><TR><TD COLSPAN=\"%zu\" ALIGN=\"LEFT\"><B>Key</B></TD></TR>",
                  cols * 3);
    for (size_t r = 0; r < rows; r++) {
        ov_buf_puts(b, "<TR>");
        for (size_t col = 0; col < cols; col++) {
            size_t at = col * rows + r;
            if (at < k->n)
                ov_buf_printf(b, "%s<TD ALIGN=\"LEFT\">%s</TD>", k->v[at].sample, k->v[at].text);
            else
                ov_buf_puts(b, "<TD></TD><TD></TD>");
            ov_buf_puts(b, "<TD WIDTH=\"10\"></TD>");
        }
        ov_buf_puts(b, "</TR>");
    }
    ov_buf_puts(b, "</TABLE>");
}

/* The source line: what is left out for want of data, then the titles of
 * the sources cited by the organisations drawn (all sources when none are
 * cited), in the file's order; NULL when there is nothing to say. */
static char *source_line(chart *c)
{
    const ov_model *m = c->m;
    if (m->nsources == 0 && c->t->nunplaced == 0)
        return NULL;
    unsigned char *cited = calloc(m->nsources + 1, 1);
    if (!cited) {
        c->oom = 1;
        return NULL;
    }
    size_t ncited = 0;
    for (size_t i = 0; i < m->norgs; i++) {
        if (!c->t->drawn[i])
            continue;
        for (size_t k = 0; k < m->orgs[i].nsources; k++) {
            size_t s = ov_model_find_source(m, m->orgs[i].source_ids[k]);
            if (s != OV_NONE && !cited[s]) {
                cited[s] = 1;
                ncited++;
            }
        }
    }
    ov_buf text;
    ov_buf_init(&text);
    if (c->t->nunplaced > 0) {
        char day[32];
        ov_date_human(c->t->at, day);
        ov_buf_puts(&text, "Not shown: ");
        if (ov_put_unplaced(&text, c->t) != 0)
            text.oom = 1;
        ov_buf_printf(&text, ", whose place in the structure on %s is not recorded. ", day);
    }
    if (m->nsources > 0) {
        ov_buf_puts(&text, ncited == 1 || (ncited == 0 && m->nsources == 1) ? "Source: "
                                                                            : "Sources: ");
        const char *sep = "";
        for (size_t s = 0; s < m->nsources; s++) {
            if (ncited > 0 && !cited[s])
                continue;
            const char *title = m->sources[s].title ? m->sources[s].title : m->sources[s].id;
            ov_buf_printf(&text, "%s%s", sep, title ? title : "");
            sep = "; ";
        }
        ov_buf_putc(&text, '.');
    }
    free(cited);
    return take(c, &text);
}

/* The key and the source line, side by side, as the bottom label of the
 * cluster ALL that holds the whole chart (the graph's own label is the
 * title, at the top; a node would need edges to stay at the bottom). */
static void footer(chart *c, Agraph_t *all)
{
    key_list k;
    k.n = 0;
    key_entries(c, &k);
    char *src = source_line(c);
    ov_buf b;
    ov_buf_init(&b);
    ov_buf_puts(&b, "<TABLE BORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"0\"><TR>"
                    "<TD ALIGN=\"LEFT\" VALIGN=\"TOP\">");
    put_key(&b, &k);
    ov_buf_puts(&b, "</TD>");
    if (src) {
        ov_buf_puts(&b, "<TD WIDTH=\"16\"></TD><TD ALIGN=\"LEFT\" VALIGN=\"TOP\" "
                        "BALIGN=\"LEFT\"><FONT POINT-SIZE=\"8\">");
        size_t width = k.n > 2 * KEY_ROWS ? 70 : k.n > KEY_ROWS ? 90 : 110;
        ov_put_wrapped_html(&b, src, width);
        ov_buf_puts(&b, "</FONT></TD>");
    }
    ov_buf_puts(&b, "</TR></TABLE>");
    free(src);
    for (size_t i = 0; i < k.n; i++) {
        free(k.v[i].sample);
        free(k.v[i].text);
    }
    set_buf(c, all, "label", &b, 1);
    ov_gv_set(all, "fontsize", "9");
    ov_gv_set(all, "fontcolor", c->th->muted);
}

static char *chart_title(const ov_model *m, const ov_render_opts *ro)
{
    if (ro->title && !ov_is_blank(ro->title))
        return ov_strdup(ro->title);
    if (m->title && !ov_is_blank(m->title))
        return ov_strdup(m->title);
    return ov_strdup("Organisation chart");
}

static void graph_attributes(chart *c, const char *title, const char *day)
{
    ov_buf b;
    ov_buf_init(&b);
    ov_buf_printf(&b,
                  "<TABLE BORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"2\">"
                  "<TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"20\" COLOR=\"%s\"><B>",
                  c->th->text);
    ov_put_wrapped_html(&b, title, 90);
    ov_buf_printf(&b,
                  "</B></FONT></TD></TR><TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"13\" "
                  "COLOR=\"%s\">as at %s</FONT></TD></TR></TABLE>",
                  c->th->muted, day);
    /* root attributes last: subgraphs made after would inherit them */
    Agraph_t *g = c->g;
    set_buf(c, g, "label", &b, 1);
    ov_gv_set(g, "labelloc", "t");
    ov_gv_set(g, "labeljust", "l");
    ov_gv_set(g, "fontname", OV_FONT);
    ov_gv_set(g, "rankdir", "TB");
    ov_gv_set(g, "compound", "true");
    ov_gv_set(g, "newrank", "true");
    /* the last pass of crossing reduction ignores the order of boxes inside
     * clusters (flat edges) and may swap the columns of a stack */
    ov_gv_set(g, "remincross", "false");
    ov_gv_set(g, "nodesep", "0.14");
    ov_gv_set(g, "ranksep", "0.12");
    ov_gv_set(g, "pad", "0.25");
    ov_gv_set(g, "bgcolor", c->th->background);
    ov_gv_set(g, "outputorder", "edgesfirst");
}

static const ov_model *name_model;

static int by_org_name(const void *a, const void *b)
{
    const ov_org *x = &name_model->orgs[*(const size_t *)a];
    const ov_org *y = &name_model->orgs[*(const size_t *)b];
    int r = strcasecmp(ov_org_display_name(x, 0), ov_org_display_name(y, 0));
    if (r == 0)
        r = strcmp(ov_org_display_name(x, 0), ov_org_display_name(y, 0));
    return r ? r : strcmp(x->id, y->id);
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
static int place_roots(chart *c, Agraph_t *all, nodevec *sinks)
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
            slot_item it = {type_slot(c, r), k, r};
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
            slot_item it = {type_slot(c, r), k, r};
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
        qsort(members, len[g], sizeof *members, by_org_name);
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

ov_status ov_chart_render(ov_gv *gv, const ov_model *m, const ov_chart_opts *opts,
                          const ov_render_opts *ro, char **out, size_t *len, ov_diags *d)
{
    *out = NULL;
    *len = 0;
    ov_chart_tree t;
    ov_svg_meta meta;
    ov_svg_meta_init(&meta);
    chart c;
    memset(&c, 0, sizeof c);
    char *title = NULL;
    ov_status st = ov_chart_tree_build(&t, m, opts, d);
    if (st != OV_OK)
        goto done;
    st = OV_ERR_MEMORY;
    if (ro->format == OV_FMT_HTML) {
        title = chart_title(m, ro);
        *out = title ? ov_chart_text_tree(&t, title) : NULL;
        *len = *out ? strlen(*out) : 0;
        st = *out ? OV_OK : OV_ERR_MEMORY;
        goto done;
    }
    c.t = &t;
    c.m = m;
    c.meta = &meta;
    c.th = ov_theme_get(ro->theme);
    if (!c.th) {
        ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "no theme called '%s'", ro->theme);
        st = OV_ERR_DATA;
        goto done;
    }
    size_t slots = m->ntypes + 1;
    c.node = calloc(m->norgs ? m->norgs : 1, sizeof *c.node);
    c.fill = calloc(slots, sizeof *c.fill);
    c.ink = calloc(slots, sizeof *c.ink);
    c.type_used = calloc(slots, 1);
    c.partner = malloc((m->norgs ? m->norgs : 1) * sizeof *c.partner);
    c.roomy = calloc(m->norgs ? m->norgs : 1, 1);
    c.est = calloc(m->norgs ? m->norgs : 1, sizeof *c.est);
    c.est_done = calloc(m->norgs ? m->norgs : 1, 1);
    title = chart_title(m, ro);
    c.g = ov_gv_graph("orgchart");
    if (!c.node || !c.fill || !c.ink || !c.type_used || !c.partner || !c.roomy || !c.est ||
        !c.est_done || !title || !c.g)
        goto oom;
    for (size_t i = 0; i < m->norgs; i++)
        c.partner[i] = OV_NONE;
    name_model = m;
    if (make_plans(&c) != 0)
        goto oom;
    find_loose_partners(&c);
    for (size_t s = 0; s < slots; s++) {
        ov_theme_fill(c.th, s < m->ntypes ? &m->types[s] : NULL, s, c.fill[s]);
        ov_theme_text_on(c.fill[s], c.ink[s]);
    }
    ov_gv_default(c.g, AGNODE, "shape", "box");
    ov_gv_default(c.g, AGNODE, "style", "rounded,filled");
    ov_gv_default(c.g, AGNODE, "fontname", OV_FONT);
    ov_gv_default(c.g, AGNODE, "fontsize", "10");
    ov_gv_default(c.g, AGNODE, "margin", "0.07,0.035");
    ov_gv_default(c.g, AGNODE, "penwidth", "1");
    ov_gv_default(c.g, AGEDGE, "fontname", OV_FONT);
    ov_gv_default(c.g, AGEDGE, "fontsize", "8");
    ov_gv_default(c.g, AGEDGE, "arrowsize", "0.7");
    ov_gv_default(c.g, AGRAPH, "fontname", OV_FONT);

    /* everything in one invisible box, whose bottom label is the source
     * line (the graph's own label is the title, at the top) */
    Agraph_t *all = ov_gv_subgraph(c.g, "cluster_chart");
    if (!all)
        goto oom;
    ov_gv_set(all, "id", "chart");
    ov_gv_set(all, "class", "chart");
    ov_gv_set(all, "style", "");
    ov_gv_set(all, "color", "transparent");
    ov_gv_set(all, "labelloc", "b");
    ov_gv_set(all, "labeljust", "l");
    ov_gv_set(all, "margin", "0");

    nodevec sinks = {NULL, 0, 0};
    if (place_roots(&c, all, &sinks) != 0) {
        free(sinks.v);
        goto oom;
    }
    align_loose_roots(&c);
    cross_edges(&c);
    footer(&c, all);
    free(sinks.v);
    char day[32];
    ov_date_human(opts->at, day);
    graph_attributes(&c, title, day);
    meta.title = ov_asprintf("%s, as at %s", title, day);
    meta.desc = ov_chart_describe_tree(&t, opts);
    if (c.oom || !meta.title || !meta.desc)
        goto oom;
    st = ov_render_graph(gv, c.g, "dot", &meta, ro, out, len, d);
    goto done;
oom:
    ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "out of memory");
    st = OV_ERR_MEMORY;
done:
    if (c.g)
        agclose(c.g);
    free(c.node);
    free(c.fill);
    free(c.ink);
    free(c.type_used);
    free(c.partner);
    free(c.roomy);
    free(c.est);
    free(c.est_done);
    free(c.plan_off);
    free(c.plan);
    free(c.plan_split);
    free(title);
    ov_svg_meta_free(&meta);
    ov_chart_tree_free(&t);
    return st;
}
