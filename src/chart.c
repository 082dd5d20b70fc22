/* The org chart: the tree of one day (chart_tree.c) -> a cgraph graph laid
 * out top-down by dot, then rendered by render.c.
 *
 * Readable at report sizes:
 *   - leaves of one type under a parent (a PCN's practices) are stacked in
 *     a box of compact columns when there are more than STACK_MIN - 1 of
 *     them (or when a sibling's are stacked, for a regular look): one
 *     visible line from the parent to the box, invisible edges chaining
 *     each column, a small ranksep and hierarchy edges with a minlen;
 *   - many non-leaf children (the CCG's 15 PCNs) go into a box of rows:
 *     the blocks of row k hang from an invisible anchor below the lowest
 *     node of row k - 1, so the chart grows down rather than sideways.
 * Text that reaches Graphviz is escaped (HTML-like labels) and stripped of
 * control characters; tooltips and links are added by the SVG finisher,
 * never given to Graphviz (2.43 writes URLs unescaped). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "render.h"
#include "theme.h"

#define STACK_MIN 5        /* leaves of one type stacked from this many */
#define STACK_ROWS 10      /* a stack is one column up to this many */
#define WRAP_MIN 6         /* non-leaf children wrapped from this many */
#define HIER_MINLEN "3"    /* ranks between a parent and its children */
#define NAME_WIDTH 24      /* characters per line of a name */
#define DETAIL_WIDTH 34    /* of the type, code and facts lines */

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
    Agnode_t **node;           /* per organisation */
    char (*fill)[8];           /* per type, the last for undeclared types */
    char (*ink)[8];            /* text colour on that fill */
    unsigned char *type_used;
    unsigned kinds_used;       /* bit per ov_rel_kind; bit OV_REL_COUNT: "also" */
    size_t nsub;               /* names of clusters and helper nodes */
    ov_svg_meta *meta;
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

/* A CSS class token from a type key: letters, digits, '-' and '_'. */
static void put_class_token(ov_buf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        int ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                 (*p >= '0' && *p <= '9') || *p == '-' || *p == '_';
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

static void set(chart *c, void *obj, const char *name, const char *value)
{
    (void)c;
    ov_gv_set(obj, name, value);
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
    snprintf(buf, 8, "#%02X%02X%02X", r * 7 / 10, g * 7 / 10, b * 7 / 10);
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

static void org_label(chart *c, ov_buf *b, size_t i, int stacked)
{
    const ov_org *o = &c->m->orgs[i];
    const char *code = ov_org_code(o, "ods");
    int small = stacked ? 8 : 9;
    ov_buf_puts(b, "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\">");
    ov_buf_puts(b, "<TR><TD><B>");
    ov_put_wrapped_html(b, ov_org_display_name(o, 0), NAME_WIDTH);
    ov_buf_puts(b, "</B></TD></TR>");
    ov_buf line;
    ov_buf_init(&line);
    if (!stacked)
        ov_buf_puts(&line, type_label(c, type_slot(c, i)));
    if (code)
        ov_buf_printf(&line, "%s%s", stacked ? "" : " · ", code);
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

static void org_tooltip(chart *c, ov_buf *b, size_t i)
{
    const ov_org *o = &c->m->orgs[i];
    const char *code = ov_org_code(o, "ods");
    ov_buf_puts(b, o->name ? o->name : o->id);
    ov_buf_printf(b, "\n%s", type_label(c, type_slot(c, i)));
    if (code)
        ov_buf_printf(b, " · ODS code %s", code);
    size_t before = b->len;
    ov_buf_putc(b, '\n');
    ov_put_lifespan(b, o);
    if (b->len == before + 1 && !b->oom)
        b->data[--b->len] = '\0';
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
        set(c, n, "id", id);
    org_label(c, &b, i, stacked);
    set_buf(c, n, "label", &b, 1);
    char outline[8];
    outline_of(c->fill[slot], outline);
    set(c, n, "fillcolor", c->fill[slot]);
    set(c, n, "fontcolor", c->ink[slot]);
    set(c, n, "color", outline);
    if (stacked)
        set(c, n, "fontsize", "9");
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

static Agedge_t *edge(chart *c, Agnode_t *from, Agnode_t *to)
{
    char name[32];
    snprintf(name, sizeof name, "e%zu", c->nsub++);
    Agedge_t *e = ov_gv_edge(c->g, from, to, name);
    if (!e)
        c->oom = 1;
    return e;
}

/* An edge that only shapes the layout. */
static void invisible(chart *c, Agnode_t *from, Agnode_t *to, const char *minlen)
{
    Agedge_t *e = edge(c, from, to);
    if (!e)
        return;
    set(c, e, "style", "invis");
    set(c, e, "minlen", minlen);
}

static void hier_style(chart *c, Agedge_t *e, ov_rel_kind k)
{
    c->kinds_used |= 1u << k;
    set(c, e, "minlen", HIER_MINLEN);
    set(c, e, "dir", "none");
    if (k == OV_REL_ACCOUNTABLE_TO) {
        set(c, e, "color", c->th->link_colour[k]);
        set(c, e, "penwidth", "1.6");
    } else {
        set(c, e, "color", c->th->edge);
        set(c, e, "penwidth", "1.2");
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
        set(c, e, "id", id);
        if (tip && ov_svg_meta_add(c->meta, id, tip, NULL) != 0)
            c->oom = 1;
    }
    free(id);
    free(tip);
}

/* The line from a parent to a child drawn in the usual way. */
static void child_edge(chart *c, Agnode_t *from, size_t child)
{
    Agedge_t *e = edge(c, from, c->node[child]);
    if (!e)
        return;
    size_t r = c->t->parent_rel[child];
    hier_style(c, e, c->m->rels[r].kind);
    rel_ids(c, e, r, NULL, ov_rel_phrase(c->m->rels[r].kind));
}

/* The one visible line from a parent to the box of its stacked or wrapped
 * children (it ends at the box: compound=true and lhead). */
static void box_edge(chart *c, Agnode_t *from, Agnode_t *to, const char *cluster, size_t child,
                     const char *id)
{
    Agedge_t *e = edge(c, from, to);
    if (!e)
        return;
    ov_rel_kind k = c->m->rels[c->t->parent_rel[child]].kind;
    hier_style(c, e, k);
    set(c, e, "lhead", cluster);
    set(c, e, "id", id);
    ov_buf b;
    ov_buf_init(&b);
    ov_buf_printf(&b, "rel rel-%s members", ov_rel_kind_name(k));
    set_buf(c, e, "class", &b, 0);
}

/* ---- boxes --------------------------------------------------------------- */

static Agraph_t *box(chart *c, Agraph_t *where, const char *id, const char *cls, ov_buf *label,
                     char *name_out)
{
    snprintf(name_out, 32, "cluster_%zu", c->nsub++);
    Agraph_t *s = ov_gv_subgraph(where, name_out);
    if (!s) {
        c->oom = 1;
        return NULL;
    }
    set(c, s, "id", id);
    set(c, s, "class", cls);
    set_buf(c, s, "label", label, 0);
    set(c, s, "style", "rounded,filled");
    set(c, s, "fillcolor", c->th->panel);
    set(c, s, "color", c->th->panel_border);
    set(c, s, "fontcolor", c->th->muted);
    set(c, s, "fontsize", "9");
    set(c, s, "labeljust", "l");
    set(c, s, "labelloc", "t");
    set(c, s, "margin", "6");
    set(c, s, "penwidth", "1");
    return s;
}

static void place(chart *c, Agraph_t *where, size_t i, nodevec *sinks);

/* LEAVES (K of them, one type) under PARENT (OV_NONE: none) in a box of
 * columns filled top to bottom. */
static void place_stack(chart *c, Agraph_t *where, size_t parent, const size_t *leaves,
                        size_t k, nodevec *sinks)
{
    const ov_model *m = c->m;
    size_t rows = (size_t)ceil(sqrt((double)k * 2.5));
    if (rows < STACK_ROWS)
        rows = k < STACK_ROWS ? k : STACK_ROWS;
    size_t cols = (k + rows - 1) / rows;
    rows = (k + cols - 1) / cols;
    size_t slot = type_slot(c, leaves[0]);
    ov_buf b;
    ov_buf_init(&b);
    const char *key = m->orgs[leaves[0]].type_key ? m->orgs[leaves[0]].type_key : "unknown";
    if (parent != OV_NONE)
        ov_buf_printf(&b, "stack-%s-", m->orgs[parent].id);
    else
        ov_buf_puts(&b, "stack-");
    put_class_token(&b, key);
    char *id = take(c, &b);
    ov_put_counted(&b, k, type_label(c, slot), 0);
    if (parent == OV_NONE)
        ov_buf_puts(&b, " with no parent on this day");
    char cname[32];
    Agraph_t *s = id ? box(c, where, id, "stack", &b, cname) : NULL;
    ov_buf_free(&b);
    if (!s) {
        free(id);
        return;
    }
    size_t mid = (cols - 1) / 2;
    for (size_t col = 0; col < cols; col++) {
        Agnode_t *prev = NULL;
        for (size_t r = 0; r < rows; r++) {
            size_t at = col * rows + r;
            if (at >= k)
                break;
            Agnode_t *n = org_node(c, s, leaves[at], 1);
            if (!n)
                break;
            if (prev) {
                invisible(c, prev, n, "1");
            } else if (parent != OV_NONE) {
                if (col == mid) {
                    char *eid = ov_asprintf("members-%s", id + strlen("stack-"));
                    if (!eid)
                        c->oom = 1;
                    else
                        box_edge(c, c->node[parent], n, cname, leaves[at], eid);
                    free(eid);
                } else {
                    invisible(c, c->node[parent], n, HIER_MINLEN);
                }
            }
            prev = n;
        }
        if (prev)
            vec_push(c, sinks, prev);
    }
    free(id);
}

/* Non-leaf children KIDS of PARENT in a box of rows. */
static void place_group(chart *c, Agraph_t *where, size_t parent, const size_t *kids, size_t k,
                        nodevec *sinks)
{
    const ov_model *m = c->m;
    /* rows of about the same number of blocks, a block being about twice
     * as tall as wide: per_row ~ sqrt(2k) keeps the box near square */
    size_t per_row = (size_t)lround(sqrt((double)k * 2.0));
    if (per_row < 2)
        per_row = 2;
    size_t nrows = (k + per_row - 1) / per_row;
    per_row = (k + nrows - 1) / nrows;
    ov_buf b;
    ov_buf_init(&b);
    ov_buf_printf(&b, "group-%s", m->orgs[parent].id);
    char *id = take(c, &b);
    size_t slot = type_slot(c, kids[0]);
    int same = 1;
    for (size_t j = 1; j < k; j++)
        same = same && type_slot(c, kids[j]) == slot;
    ov_put_counted(&b, k, same ? type_label(c, slot) : "organisation", 0);
    char cname[32];
    Agraph_t *s = id ? box(c, where, id, "group", &b, cname) : NULL;
    ov_buf_free(&b);
    free(id);
    if (!s)
        return;
    nodevec prev = {NULL, 0, 0};
    nodevec cur = {NULL, 0, 0};
    for (size_t row = 0; row < nrows && !c->oom; row++) {
        Agnode_t *anchor = NULL;
        if (row > 0) {
            char name[32];
            snprintf(name, sizeof name, "_anchor%zu", c->nsub++);
            anchor = ov_gv_node(s, name);
            if (!anchor) {
                c->oom = 1;
                break;
            }
            set(c, anchor, "shape", "point");
            set(c, anchor, "style", "invis");
            set(c, anchor, "width", "0.01");
            set(c, anchor, "label", "");
            for (size_t j = 0; j < prev.n; j++)
                invisible(c, prev.v[j], anchor, "1");
        }
        size_t first = row * per_row;
        size_t last = first + per_row < k ? first + per_row : k;
        cur.n = 0;
        for (size_t j = first; j < last; j++) {
            place(c, s, kids[j], &cur);
            if (!c->node[kids[j]])
                continue;
            if (anchor)
                invisible(c, anchor, c->node[kids[j]], "1");
            else if (j == first + (last - first - 1) / 2)
                box_edge(c, c->node[parent], c->node[kids[j]], cname, kids[j],
                         "members");
            else
                invisible(c, c->node[parent], c->node[kids[j]], HIER_MINLEN);
        }
        nodevec swap = prev;
        prev = cur;
        cur = swap;
    }
    for (size_t j = 0; j < prev.n; j++)
        vec_push(c, sinks, prev.v[j]);
    free(prev.v);
    free(cur.v);
}

/* Drawn children of P that are leaves, of type slot SLOT. */
static size_t leaves_of_type(const chart *c, size_t p, size_t slot)
{
    size_t n = 0;
    for (size_t k = 0; k < ov_chart_nkids(c->t, p); k++) {
        size_t x = ov_chart_kids(c->t, p)[k];
        n += c->t->drawn[x] && ov_chart_is_leaf(c->t, x) && type_slot(c, x) == slot;
    }
    return n;
}

/* Leaves of type SLOT under I are stacked: many of them, or a sibling of I
 * stacks its own. */
static int stacks(const chart *c, size_t i, size_t slot)
{
    size_t n = leaves_of_type(c, i, slot);
    if (n >= STACK_MIN)
        return 1;
    size_t p = c->t->parent[i];
    if (n == 0 || p == OV_NONE || !c->t->drawn[p])
        return 0;
    for (size_t k = 0; k < ov_chart_nkids(c->t, p); k++) {
        size_t s = ov_chart_kids(c->t, p)[k];
        if (c->t->drawn[s] && leaves_of_type(c, s, slot) >= STACK_MIN)
            return 1;
    }
    return 0;
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
    size_t *leaf = malloc((nk ? nk : 1) * sizeof *leaf);
    if (!branch || !leaf) {
        c->oom = 1;
        goto done;
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
    /* leaves drawn one by one, then stacks by type, then the branches */
    for (size_t k = 0; k < nk; k++) {
        size_t x = kids[k];
        if (t->drawn[x] && ov_chart_is_leaf(t, x) && !stacks(c, i, type_slot(c, x))) {
            place(c, where, x, sinks);
            child_edge(c, n, x);
        }
    }
    for (size_t slot = 0; slot <= c->m->ntypes; slot++) {
        size_t nleaf = 0;
        for (size_t k = 0; k < nk; k++) {
            size_t x = kids[k];
            if (t->drawn[x] && ov_chart_is_leaf(t, x) && type_slot(c, x) == slot)
                leaf[nleaf++] = x;
        }
        if (nleaf > 0 && stacks(c, i, slot))
            place_stack(c, where, i, leaf, nleaf, sinks);
    }
    if (nbranch >= WRAP_MIN) {
        place_group(c, where, i, branch, nbranch, sinks);
    } else {
        for (size_t k = 0; k < nbranch; k++) {
            place(c, where, branch[k], sinks);
            child_edge(c, n, branch[k]);
        }
    }
done:
    free(branch);
    free(leaf);
}

/* ---- links that are not the tree -------------------------------------------- */

static void cross_edges(chart *c)
{
    const ov_chart_tree *t = c->t;
    for (size_t k = 0; k < t->ncross; k++) {
        size_t r = t->cross[k];
        const ov_rel *rel = &c->m->rels[r];
        Agedge_t *e = edge(c, c->node[rel->from], c->node[rel->to]);
        if (!e)
            continue;
        c->kinds_used |= 1u << rel->kind;
        set(c, e, "constraint", "false");
        set(c, e, "color", c->th->link_colour[rel->kind]);
        set(c, e, "fontcolor", c->th->link_colour[rel->kind]);
        switch (rel->kind) {
        case OV_REL_COMMISSIONS:
            set(c, e, "style", "dashed");
            set(c, e, "penwidth", "1.4");
            break;
        case OV_REL_PARTNER_OF:
            set(c, e, "style", "dotted");
            set(c, e, "penwidth", "2");
            set(c, e, "dir", "both");
            set(c, e, "arrowhead", "none");
            set(c, e, "arrowtail", "none");
            break;
        default:
            set(c, e, "style", "dashed");
            set(c, e, "penwidth", "2");
            set(c, e, "arrowhead", "empty");
            break;
        }
        const char *text = rel->label && !ov_is_blank(rel->label) ? rel->label
                                                                   : ov_rel_phrase(rel->kind);
        ov_buf b;
        ov_buf_init(&b);
        ov_buf_puts(&b, "<FONT POINT-SIZE=\"8\">");
        ov_put_wrapped_html(&b, text, 26);
        ov_buf_puts(&b, "</FONT>");
        set_buf(c, e, "label", &b, 1);
        rel_ids(c, e, r, NULL, ov_rel_phrase(rel->kind));
    }
    for (size_t k = 0; k < t->nalso; k++) {
        size_t r = t->also[k];
        const ov_rel *rel = &c->m->rels[r];
        Agedge_t *e = edge(c, c->node[rel->to], c->node[rel->from]);
        if (!e)
            continue;
        c->kinds_used |= 1u << OV_REL_COUNT;
        set(c, e, "constraint", "false");
        set(c, e, "style", "dotted");
        set(c, e, "dir", "none");
        set(c, e, "color", c->th->muted);
        set(c, e, "fontcolor", c->th->muted);
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

/* ---- title, key and sources ------------------------------------------------ */

static void legend_line(chart *c, ov_buf *b, const char *colour, const char *style,
                        const char *width, const char *text)
{
    ov_buf_printf(b,
                  "<TR><TD WIDTH=\"34\" HEIGHT=\"12\" FIXEDSIZE=\"TRUE\" SIDES=\"B\" "
                  "BORDER=\"%s\" COLOR=\"%s\"%s%s%s></TD>"
                  "<TD ALIGN=\"LEFT\">",
                  width, colour, style ? " STYLE=\"" : "", style ? style : "", style ? "\"" : "");
    ov_gv_put_html(b, text);
    ov_buf_puts(b, "</TD></TR>");
    (void)c;
}

static void legend(chart *c)
{
    const ov_model *m = c->m;
    ov_buf b;
    ov_buf_init(&b);
    ov_buf_puts(&b, "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"3\" CELLPADDING=\"1\">"
                    "<TR><TD COLSPAN=\"2\" ALIGN=\"LEFT\"><B>Key</B></TD></TR>");
    for (size_t slot = 0; slot <= m->ntypes; slot++) {
        if (!c->type_used[slot])
            continue;
        char outline[8];
        outline_of(c->fill[slot], outline);
        ov_buf_printf(&b,
                      "<TR><TD WIDTH=\"34\" HEIGHT=\"14\" FIXEDSIZE=\"TRUE\" BGCOLOR=\"%s\" "
                      "BORDER=\"1\" COLOR=\"%s\" STYLE=\"ROUNDED\"></TD><TD ALIGN=\"LEFT\">",
                      c->fill[slot], outline);
        ov_gv_put_html(&b, type_label(c, slot));
        ov_buf_puts(&b, "</TD></TR>");
    }
    static const ov_rel_kind order[] = {OV_REL_PART_OF,     OV_REL_MEMBER_OF,
                                        OV_REL_ACCOUNTABLE_TO, OV_REL_COMMISSIONS,
                                        OV_REL_PARTNER_OF,  OV_REL_DELEGATES_TO};
    int tree_line = 0;
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
        ov_rel_kind kind = order[k];
        if (!(c->kinds_used & (1u << kind)))
            continue;
        const char *colour = c->th->link_colour[kind];
        switch (kind) {
        case OV_REL_PART_OF:
        case OV_REL_MEMBER_OF:
            if (tree_line++)
                continue;
            legend_line(c, &b, c->th->edge, NULL, "1",
                        (c->kinds_used & (1u << OV_REL_PART_OF)) &&
                                (c->kinds_used & (1u << OV_REL_MEMBER_OF))
                            ? "part of or member of (above)"
                        : kind == OV_REL_PART_OF ? "part of (above)"
                                                 : "member of (above)");
            break;
        case OV_REL_ACCOUNTABLE_TO:
            legend_line(c, &b, colour, NULL, "2", "accountable to (above)");
            break;
        case OV_REL_COMMISSIONS:
            legend_line(c, &b, colour, "dashed", "2", "commissions (arrow to provider)");
            break;
        case OV_REL_PARTNER_OF:
            legend_line(c, &b, colour, "dotted", "2", "partner of");
            break;
        default:
            legend_line(c, &b, colour, "dashed", "2", "delegates functions to (arrow)");
            break;
        }
    }
    if (c->kinds_used & (1u << OV_REL_COUNT))
        legend_line(c, &b, c->th->muted, "dotted", "1", "also member of (a second parent)");
    ov_buf_puts(&b, "</TABLE>");
    Agnode_t *n = ov_gv_node(c->g, "_legend");
    if (!n) {
        c->oom = 1;
        ov_buf_free(&b);
        return;
    }
    set_buf(c, n, "label", &b, 1);
    set(c, n, "id", "legend");
    set(c, n, "class", "legend");
    set(c, n, "shape", "box");
    set(c, n, "style", "rounded");
    set(c, n, "color", c->th->panel_border);
    set(c, n, "fontcolor", c->th->text);
    set(c, n, "fontsize", "9");
    Agraph_t *top = ov_gv_subgraph(c->g, "_legend_rank");
    if (top) {
        agsubnode(top, n, 1);
        set(c, top, "rank", "min");
    }
}

/* Titles of the sources cited by the organisations drawn (all sources
 * when none are cited), in the file's order. */
static void sources(chart *c)
{
    const ov_model *m = c->m;
    if (m->nsources == 0)
        return;
    unsigned char *cited = calloc(m->nsources, 1);
    if (!cited) {
        c->oom = 1;
        return;
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
    free(cited);
    char *s = take(c, &text);
    if (!s)
        return;
    ov_buf b;
    ov_buf_init(&b);
    ov_buf_puts(&b, "<TABLE BORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"0\"><TR><TD "
                    "ALIGN=\"LEFT\" BALIGN=\"LEFT\">");
    ov_put_wrapped_html(&b, s, 150);
    ov_buf_puts(&b, "</TD></TR></TABLE>");
    free(s);
    Agnode_t *n = ov_gv_node(c->g, "_sources");
    if (!n) {
        c->oom = 1;
        ov_buf_free(&b);
        return;
    }
    set_buf(c, n, "label", &b, 1);
    set(c, n, "id", "sources");
    set(c, n, "class", "sources");
    set(c, n, "shape", "plaintext");
    set(c, n, "style", "");
    set(c, n, "fontsize", "8");
    set(c, n, "fontcolor", c->th->muted);
    Agraph_t *bottom = ov_gv_subgraph(c->g, "_sources_rank");
    if (bottom) {
        agsubnode(bottom, n, 1);
        set(c, bottom, "rank", "sink");
    }
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
    ov_buf_printf(&b, "<TABLE BORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"2\">"
                      "<TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"20\" COLOR=\"%s\"><B>",
                  c->th->text);
    ov_put_wrapped_html(&b, title, 90);
    ov_buf_printf(&b, "</B></FONT></TD></TR><TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"13\" "
                      "COLOR=\"%s\">as at %s</FONT></TD></TR></TABLE>",
                  c->th->muted, day);
    /* root attributes last: subgraphs made after would inherit them */
    Agraph_t *g = c->g;
    set_buf(c, g, "label", &b, 1);
    set(c, g, "labelloc", "t");
    set(c, g, "labeljust", "l");
    set(c, g, "fontname", OV_FONT);
    set(c, g, "rankdir", "TB");
    set(c, g, "compound", "true");
    set(c, g, "nodesep", "0.14");
    set(c, g, "ranksep", "0.12");
    set(c, g, "pad", "0.25");
    set(c, g, "bgcolor", c->th->background);
    set(c, g, "outputorder", "edgesfirst");
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
    title = chart_title(m, ro);
    c.g = ov_gv_graph("orgchart");
    if (!c.node || !c.fill || !c.ink || !c.type_used || !title || !c.g)
        goto oom;
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

    /* the trees; stacks of root-level leaves by type */
    nodevec sinks = {NULL, 0, 0};
    size_t *loose = malloc((t.nroots ? t.nroots : 1) * sizeof *loose);
    if (!loose)
        goto oom;
    for (size_t slot = 0; slot < slots; slot++) {
        size_t nloose = 0;
        for (size_t k = 0; k < t.nroots; k++) {
            size_t r = t.roots[k];
            if (type_slot(&c, r) == slot && ov_chart_is_leaf(&t, r))
                loose[nloose++] = r;
        }
        if (nloose >= STACK_MIN)
            place_stack(&c, c.g, OV_NONE, loose, nloose, &sinks);
    }
    free(loose);
    for (size_t k = 0; k < t.nroots; k++) {
        size_t r = t.roots[k];
        if (!c.node[r])
            place(&c, c.g, r, &sinks);
    }
    free(sinks.v);
    cross_edges(&c);
    legend(&c);
    sources(&c);
    char day[32];
    ov_date_human(opts->at, day);
    graph_attributes(&c, title, day);
    meta.title = ov_asprintf("%s, as at %s", title, day);
    meta.desc = ov_chart_describe(m, opts);
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
    free(title);
    ov_svg_meta_free(&meta);
    ov_chart_tree_free(&t);
    return st;
}
