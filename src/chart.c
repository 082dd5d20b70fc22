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
#include "chart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "chart_int.h"
#include "textversion.h"

void ch_vec_push(ch_chart *c, ch_nodevec *v, ov_gnode *n)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 16;
        ov_gnode **p = realloc(v->v, cap * sizeof *p);
        if (!p) {
            c->oom = 1;
            return;
        }
        v->v = p;
        v->cap = cap;
    }
    v->v[v->n++] = n;
}

size_t ch_type_slot(const ch_chart *c, size_t i)
{
    size_t ty = c->m->orgs[i].type;
    return ty == OV_NONE ? c->m->ntypes : ty;
}

const char *ch_type_label(const ch_chart *c, size_t slot)
{
    if (slot >= c->m->ntypes)
        return "Organisation";
    const ov_type *ty = &c->m->types[slot];
    return ty->label ? ty->label : ty->key;
}

/* Ranks from a parent down to CHILD: more when links run up from CHILD to
 * organisations drawn on its parent's rank (room for their labels). */
const char *ch_drop_to(const ch_chart *c, size_t child)
{
    size_t p = c->t->parent[child];
    return p != OV_NONE && c->roomy[p] ? ROOMY_MINLEN : HIER_MINLEN;
}

/* A CSS class token from a type key: letters, digits, '-' and '_'. */
void ch_put_class_token(ov_buf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        int ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                 *p == '-' || *p == '_';
        ov_buf_putc(b, ok ? (char)*p : '-');
    }
}

char *ch_take(ch_chart *c, ov_buf *b)
{
    char *s = ov_buf_take(b);
    if (!s)
        c->oom = 1;
    return s;
}

void ch_set_buf(ch_chart *c, void *obj, const char *name, ov_buf *b, int html)
{
    char *s = ch_take(c, b);
    if (!s)
        return;
    if (html)
        ov_gv_set_html(obj, name, s);
    else
        ov_gv_set(obj, name, s);
    free(s);
}

/* A darker shade of FILL for the box outline. */
void ch_outline_of(const char *fill, char *buf)
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

static void put_hidden(ch_chart *c, ov_buf *b, size_t i)
{
    const ov_model *m = c->m;
    size_t *counts = calloc(m->ntypes + 1, sizeof *counts);
    if (!counts) {
        c->oom = 1;
        return;
    }
    if (ov_chart_count_below(c->t, i, 1, counts) != 0) {
        free(counts);
        c->oom = 1;
        return;
    }
    const char *sep = "";
    ov_buf text;
    ov_buf_init(&text);
    for (size_t ty = 0; ty <= m->ntypes; ty++) {
        if (counts[ty] == 0)
            continue;
        ov_buf_puts(&text, sep);
        ov_put_counted(&text, counts[ty], ch_type_label(c, ty), 1);
        sep = ", ";
    }
    free(counts);
    int page = ov_chart_page_of(c->opts, m->orgs[i].id);
    if (page > 0)
        ov_buf_printf(&text, ", page %d", page);
    char *s = ch_take(c, &text);
    if (s)
        ov_put_wrapped_html(b, s, DETAIL_WIDTH, OV_WRAP_DETAIL_LINES);
    free(s);
}

/* STACKED: 0 a box of its own; 1 in a stack of one type (the stack says
 * the type: name and code only); 2 in a stack of mixed types. */
static void org_label(ch_chart *c, ov_buf *b, size_t i, int stacked)
{
    const ov_org *o = &c->m->orgs[i];
    int typed = stacked != 1;
    const char *code = c->ro->hide & OV_HIDE_CODES ? NULL : ov_org_code(o, "ods");
    int small = stacked ? 8 : 9;
    ov_org_view now;
    ov_org_at(o, c->t->at, &now);
    ov_buf_puts(b, "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\">");
    ch_mark_badge(c, b, i, small);
    ov_buf_puts(b, "<TR><TD><B>");
    ov_put_wrapped_html(b, now.name ? now.name : o->id, NAME_WIDTH, OV_WRAP_NAME_LINES);
    ov_buf_puts(b, "</B></TD></TR>");
    ov_buf line;
    ov_buf_init(&line);
    if (typed)
        ov_buf_puts(&line, ch_type_label(c, ch_type_slot(c, i)));
    if (code)
        ov_buf_printf(&line, "%s%s", typed ? " · " : "", code);
    if (line.len > 0) {
        ov_buf_printf(b, "<TR><TD><FONT POINT-SIZE=\"%d\">", small);
        ov_put_wrapped_html(b, line.data, DETAIL_WIDTH, OV_WRAP_DETAIL_LINES);
        ov_buf_puts(b, "</FONT></TD></TR>");
    }
    ov_buf_free(&line);
    if (!stacked && !(c->ro->hide & OV_HIDE_FACTS)) {
        ov_put_facts(&line, o);
        if (line.len > 0) {
            ov_buf_printf(b, "<TR><TD><FONT POINT-SIZE=\"%d\">", small);
            ov_put_wrapped_html(b, line.data, DETAIL_WIDTH, OV_WRAP_DETAIL_LINES);
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

static void org_tooltip(ch_chart *c, ov_buf *b, size_t i)
{
    const ov_org *o = &c->m->orgs[i];
    const char *code = ov_org_code(o, "ods");
    ov_org_view now;
    ov_org_at(o, c->t->at, &now);
    put_one_line(b, now.name ? now.name : o->id);
    ov_buf_printf(b, "\n%s", ch_type_label(c, ch_type_slot(c, i)));
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

ov_gnode *ch_org_node(ch_chart *c, ov_ggraph *where, size_t i, int stacked)
{
    const ov_org *o = &c->m->orgs[i];
    ov_gnode *n = ov_gv_node(where, o->id);
    if (!n) {
        c->oom = 1;
        return NULL;
    }
    c->node[i] = n;
    size_t slot = ch_type_slot(c, i);
    c->type_used[slot] = 1;
    ov_buf b;
    ov_buf_init(&b);
    ov_buf_printf(&b, "org-%s", o->id);
    char *id = ch_take(c, &b);
    ov_buf_puts(&b, "org type-");
    ch_put_class_token(&b, o->type_key ? o->type_key : "unknown");
    ch_mark_class(c, &b, i);
    if (c->strong)
        ov_buf_puts(&b, c->strong[i] == 2   ? " highlight"
                        : c->strong[i] == 1 ? " highlight-path"
                                            : " dimmed");
    ch_set_buf(c, n, "class", &b, 0);
    if (c->strong && c->strong[i] == 2)
        ov_gv_set(n, "penwidth", "3");
    if (id)
        ov_gv_set(n, "id", id);
    org_label(c, &b, i, stacked);
    ch_set_buf(c, n, "label", &b, 1);
    char outline[8];
    ch_outline_of(c->fill[slot], outline);
    ov_gv_set(n, "fillcolor", c->fill[slot]);
    ov_gv_set(n, "fontcolor", c->ink[slot]);
    ov_gv_set(n, "color", outline);
    ch_mark_outline(c, n, i);
    if (stacked) {
        /* one width for a whole stack: straight columns */
        ov_gv_set(n, "fontsize", "9");
        ov_gv_set(n, "width", "1.85");
    }
    org_tooltip(c, &b, i);
    ch_mark_tooltip(c, &b, i);
    char *tip = ch_take(c, &b);
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
static ov_gedge *edge(ch_chart *c, ov_ggraph *in, ov_gnode *from, ov_gnode *to)
{
    ov_gedge *e = ov_gv_edge(in, from, to, NULL);
    if (!e)
        c->oom = 1;
    return e;
}

/* An edge that only shapes the layout (NULL when out of memory). */
ov_gedge *ch_invisible(ch_chart *c, ov_ggraph *in, ov_gnode *from, ov_gnode *to, const char *minlen)
{
    ov_gedge *e = edge(c, in, from, to);
    if (!e)
        return NULL;
    ov_gv_set(e, "style", "invis");
    ov_gv_set(e, "minlen", minlen);
    return e;
}

static void hier_style(ch_chart *c, ov_gedge *e, ov_rel_kind k)
{
    c->kinds_used |= 1u << k;
    ov_gv_set(e, "minlen", HIER_MINLEN);
    ov_gv_set(e, "weight", "4"); /* parents straight above their children */
    ch_line_style(c, e, k);
}

static void rel_tooltip(ch_chart *c, ov_buf *b, size_t r, const char *phrase)
{
    const ov_rel *rel = &c->m->rels[r];
    ov_buf_printf(b, "%s %s %s", ov_org_display_name(&c->m->orgs[rel->from], 0), phrase,
                  ov_org_display_name(&c->m->orgs[rel->to], 0));
    if (rel->label && !ov_is_blank(rel->label))
        ov_buf_printf(b, ": %s", rel->label);
}

static void rel_ids(ch_chart *c, ov_gedge *e, size_t r, const char *extra, const char *phrase)
{
    ov_buf b;
    ov_buf_init(&b);
    ov_buf_printf(&b, "rel-%zu", r);
    char *id = ch_take(c, &b);
    ov_buf_printf(&b, "rel rel-%s%s%s", ov_rel_kind_name(c->m->rels[r].kind), extra ? " " : "",
                  extra ? extra : "");
    if (c->strong) {
        const ov_rel *rel = &c->m->rels[r];
        int on_path = ov_rel_is_hierarchical(rel->kind) && c->strong[rel->from] &&
                      c->strong[rel->to];
        ov_buf_puts(&b, on_path ? " highlight-path" : " dimmed");
    }
    ch_set_buf(c, e, "class", &b, 0);
    rel_tooltip(c, &b, r, phrase);
    char *tip = ch_take(c, &b);
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
void ch_child_edge(ch_chart *c, ov_ggraph *in, ov_gnode *from, size_t child, int short_drop)
{
    ov_gedge *e = edge(c, in, from, c->node[child]);
    if (!e)
        return;
    size_t r = c->t->parent_rel[child];
    hier_style(c, e, c->m->rels[r].kind);
    ov_gv_set(e, "minlen", short_drop ? "1" : ch_drop_to(c, child));
    rel_ids(c, e, r, NULL, ov_rel_phrase(c->m->rels[r].kind));
}

/* The one visible line from a parent to the box of its stacked or wrapped
 * children (it ends at the box: compound=true and lhead). */
void ch_box_edge(ch_chart *c, ov_ggraph *in, ov_gnode *from, ov_gnode *to, const char *cluster,
                 size_t child, const char *id)
{
    ov_gedge *e = edge(c, in, from, to);
    if (!e)
        return;
    ov_rel_kind k = c->m->rels[c->t->parent_rel[child]].kind;
    hier_style(c, e, k);
    ov_gv_set(e, "minlen", ch_drop_to(c, child));
    ov_gv_set(e, "lhead", cluster);
    ov_gv_set(e, "id", id);
    ov_buf b;
    ov_buf_init(&b);
    ov_buf_printf(&b, "rel rel-%s members", ov_rel_kind_name(k));
    if (c->strong)
        ov_buf_puts(&b, c->strong[child] ? " highlight-path" : " dimmed");
    ch_set_buf(c, e, "class", &b, 0);
}

/* ---- boxes --------------------------------------------------------------- */

ov_ggraph *ch_new_box(ch_chart *c, ov_ggraph *where, const char *id, const char *cls, ov_buf *label,
                      char *name_out)
{
    snprintf(name_out, 32, "cluster_%zu", c->nsub++);
    ov_ggraph *s = ov_gv_subgraph(where, name_out);
    if (!s) {
        c->oom = 1;
        return NULL;
    }
    ov_gv_set(s, "id", id);
    ov_gv_set(s, "class", cls);
    char *full = ch_take(c, label);
    char *text = full ? ov_text_cut(full, OV_LABEL_MAX_CHARS) : NULL;
    free(full);
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

/* ---- links that are not the tree -------------------------------------------- */

static void cross_edges(ch_chart *c)
{
    const ov_chart_tree *t = c->t;
    for (size_t k = 0; k < t->ncross; k++) {
        size_t r = t->cross[k];
        const ov_rel *rel = &c->m->rels[r];
        ov_gedge *e = edge(c, c->g, c->node[rel->from], c->node[rel->to]);
        if (!e)
            continue;
        c->kinds_used |= 1u << rel->kind;
        ov_gv_set(e, "constraint", "false");
        ov_gv_set(e, "fontcolor", c->th->link_colour[rel->kind]);
        ch_line_style(c, e, rel->kind);
        const char *text =
            rel->label && !ov_is_blank(rel->label) ? rel->label : ov_rel_phrase(rel->kind);
        ov_buf b;
        ov_buf_init(&b);
        ov_buf_puts(&b, "<FONT POINT-SIZE=\"8\">");
        ov_put_wrapped_html(&b, text, 26, OV_WRAP_DETAIL_LINES);
        ov_buf_puts(&b, "</FONT>");
        /* an xlabel is placed after layout: a label on an edge that does not
         * constrain the ranks would be a node and bend the edge round it */
        ch_set_buf(c, e, "xlabel", &b, 1);
        rel_ids(c, e, r, NULL, ov_rel_phrase(rel->kind));
    }
    for (size_t k = 0; k < t->nalso; k++) {
        size_t r = t->also[k];
        const ov_rel *rel = &c->m->rels[r];
        ov_gedge *e = edge(c, c->g, c->node[rel->to], c->node[rel->from]);
        if (!e)
            continue;
        c->kinds_used |= 1u << OV_REL_COUNT;
        ov_gv_set(e, "constraint", "false");
        ch_line_style(c, e, OV_REL_COUNT);
        ov_gv_set(e, "fontcolor", c->th->muted);
        ov_buf b;
        ov_buf_init(&b);
        ov_buf_printf(&b, "<FONT POINT-SIZE=\"8\">also %s</FONT>", ov_rel_phrase(rel->kind));
        ch_set_buf(c, e, "label", &b, 1);
        ov_buf_printf(&b, "also %s", ov_rel_phrase(rel->kind));
        char *phrase = ch_take(c, &b);
        rel_ids(c, e, r, "also", phrase ? phrase : "also");
        free(phrase);
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

static void graph_attributes(ch_chart *c, const char *title, const char *day)
{
    ov_buf b;
    ov_buf_init(&b);
    ov_buf_printf(&b,
                  "<TABLE BORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"2\">"
                  "<TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"20\" COLOR=\"%s\"><B>",
                  c->th->text);
    ov_put_wrapped_html(&b, title, 90, OV_WRAP_TITLE_LINES);
    ov_buf_printf(&b,
                  "</B></FONT></TD></TR><TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"13\" "
                  "COLOR=\"%s\">as at %s</FONT></TD></TR></TABLE>",
                  c->th->muted, day);
    /* root attributes last: subgraphs made after would inherit them */
    ov_ggraph *g = c->g;
    ch_set_buf(c, g, "label", &b, 1);
    ov_gv_set(g, "labelloc", "t");
    ov_gv_set(g, "labeljust", "l");
    ov_gv_set(g, "fontname", c->th->font);
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

/* The defaults of G's nodes, edges and graph, then the invisible box that
 * holds everything, whose bottom label is the source line (the graph's own
 * label is the title, at the top); NULL when out of memory. */
static ov_ggraph *chart_box(ov_ggraph *g, const char *font)
{
    ov_gv_default(g, OV_GV_NODE, "shape", "box");
    ov_gv_default(g, OV_GV_NODE, "style", "rounded,filled");
    ov_gv_default(g, OV_GV_NODE, "fontname", font);
    ov_gv_default(g, OV_GV_NODE, "fontsize", "10");
    ov_gv_default(g, OV_GV_NODE, "margin", "0.07,0.035");
    ov_gv_default(g, OV_GV_NODE, "penwidth", "1");
    ov_gv_default(g, OV_GV_EDGE, "fontname", font);
    ov_gv_default(g, OV_GV_EDGE, "fontsize", "8");
    ov_gv_default(g, OV_GV_EDGE, "arrowsize", "0.7");
    ov_gv_default(g, OV_GV_GRAPH, "fontname", font);

    ov_ggraph *all = ov_gv_subgraph(g, "cluster_chart");
    if (!all)
        return NULL;
    ov_gv_set(all, "id", "chart");
    ov_gv_set(all, "class", "chart");
    ov_gv_set(all, "style", "");
    ov_gv_set(all, "color", "transparent");
    ov_gv_set(all, "labelloc", "b");
    ov_gv_set(all, "labeljust", "l");
    ov_gv_set(all, "margin", "0");
    return all;
}

/* Frees what C owns (the graph too), not the tree it draws. */
static void chart_free(ch_chart *c)
{
    ov_gv_close(c->g);
    free(c->node);
    free(c->fill);
    free(c->ink);
    free(c->type_used);
    free(c->partner);
    free(c->roomy);
    free(c->est);
    free(c->est_done);
    free(c->plan_off);
    free(c->plan);
    free(c->plan_split);
    ch_changes_free(c);
}

/* --highlight: C->strong for the organisations asked for (2) and those
 * above them in the primary tree (1). An id the data does not have is an
 * error; one not drawn on this chart a warning. */
static ov_status mark_strong(ch_chart *c, ov_diags *d)
{
    const ov_chart_tree *t = c->t;
    c->strong = calloc(t->n ? t->n : 1, 1);
    if (!c->strong) {
        ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "out of memory");
        return OV_ERR_MEMORY;
    }
    for (size_t h = 0; h < c->ro->nhighlight; h++) {
        const char *id = c->ro->highlight[h];
        size_t i = ov_model_find(c->m, id);
        if (i == OV_NONE) {
            ov_diag_add(d, OV_ERROR, c->m->path, 0, 0, NULL, id,
                        "--highlight %s: no organisation with this id", id);
            return OV_ERR_DATA;
        }
        if (!t->drawn[i]) {
            char day[32];
            ov_date_human(t->at, day);
            ov_diag_add(d, OV_WARNING, c->m->path, 0, 0, NULL, id,
                        "--highlight %s: not on this chart of %s", id, day);
            continue;
        }
        c->strong[i] = 2;
        /* up the primary tree, at most once round it */
        size_t p = t->parent[i];
        for (size_t steps = 0; p != OV_NONE && steps < t->n && t->drawn[p]; steps++) {
            if (!c->strong[p])
                c->strong[p] = 1;
            p = t->parent[p];
        }
    }
    return OV_OK;
}

typedef struct {
    size_t slot;
    size_t level;
} slot_level;

static int by_level(const void *a, const void *b)
{
    const slot_level *x = a;
    const slot_level *y = b;
    if (x->level != y->level)
        return x->level < y->level ? -1 : 1;
    return (x->slot > y->slot) - (x->slot < y->slot);
}

/* RANK[slot]: the place in the hierarchy of each type with organisations
 * on T's day (0 at the top; other types after them); *NRANKS: how many
 * there are. The same on every page of a chart (not only what is drawn).
 * For the mono theme's greys. Returns 0, or -1 when out of memory. */
static int type_ranks(const ov_chart_tree *t, size_t *rank, size_t *nranks)
{
    const ov_model *m = t->m;
    size_t slots = m->ntypes + 1;
    size_t *level = calloc(slots, sizeof *level);
    unsigned char *used = calloc(slots, 1);
    slot_level *order = calloc(slots, sizeof *order);
    if (!level || !used || !order) {
        free(level);
        free(used);
        free(order);
        return -1;
    }
    ov_type_levels(m, level);
    for (size_t i = 0; i < t->n; i++) {
        if (t->alive[i])
            used[m->orgs[i].type == OV_NONE ? m->ntypes : m->orgs[i].type] = 1;
    }
    size_t k = 0;
    for (size_t s = 0; s < slots; s++) {
        slot_level sl = {s, used[s] ? level[s] : slots + 1};
        order[k++] = sl;
    }
    qsort(order, k, sizeof *order, by_level);
    *nranks = 0;
    for (size_t j = 0; j < k; j++) {
        rank[order[j].slot] = j;
        *nranks += used[order[j].slot];
    }
    free(level);
    free(used);
    free(order);
    return 0;
}

ov_status ov_chart_render_one(ov_gv *gv, const ov_model *m, const ov_chart_opts *opts,
                              const ov_render_opts *ro, char **out, size_t *len, ov_diags *d)
{
    static const ov_render_opts defaults = OV_RENDER_DEFAULTS;
    if (!ro)
        ro = &defaults;
    *out = NULL;
    *len = 0;
    ov_chart_tree t;
    ov_svg_meta meta;
    ov_svg_meta_init(&meta);
    ch_chart c;
    memset(&c, 0, sizeof c);
    char *title = NULL;
    size_t *rank = NULL;
    size_t nranks = 0;
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
    c.opts = opts;
    c.ro = ro;
    if (ro->nhighlight > 0) {
        st = mark_strong(&c, d);
        if (st != OV_OK)
            goto done;
        st = OV_ERR_MEMORY;
    }
    c.meta = &meta;
    c.th = ov_theme_for(ro);
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
    if (ch_make_plans(&c) != 0)
        goto oom;
    int since = ch_changes_init(&c, opts, d);
    if (since < 0)
        goto oom;
    if (since > 0) {
        st = OV_ERR_DATA;
        goto done;
    }
    ch_find_loose_partners(&c);
    rank = calloc(slots, sizeof *rank);
    if (!rank || type_ranks(&t, rank, &nranks) != 0)
        goto oom;
    for (size_t s = 0; s < slots; s++) {
        ov_theme_fill_ranked(c.th, s < m->ntypes ? &m->types[s] : NULL, s, rank[s], nranks,
                             c.fill[s]);
        ov_theme_text_on(c.fill[s], c.ink[s]);
    }
    ov_ggraph *all = chart_box(c.g, c.th->font);
    if (!all)
        goto oom;

    ch_nodevec sinks = {NULL, 0, 0};
    if (ch_place_roots(&c, all, &sinks) != 0) {
        free(sinks.v);
        goto oom;
    }
    ch_align_loose_roots(&c);
    ch_gone_panel(&c, all, opts);
    cross_edges(&c);
    ch_footer(&c, all);
    free(sinks.v);
    char day[32];
    ov_date_human(opts->at, day);
    graph_attributes(&c, title, day);
    meta.title = ov_asprintf("%s, as at %s", title, day);
    meta.desc = ov_chart_describe_tree(&t, opts);
    if (meta.desc && c.chg) {
        char *more = ov_changes_summary(c.chg, c.shown);
        char *both = more ? ov_asprintf("%s %s", meta.desc, more) : NULL;
        free(more);
        free(meta.desc);
        meta.desc = both;
    }
    if (c.oom || !meta.title || !meta.desc)
        goto oom;
    st = ov_render_graph(gv, c.g, "dot", &meta, ro, out, len, d);
    goto done;
oom:
    ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "out of memory");
    st = OV_ERR_MEMORY;
done:
    free(c.strong);
    free(rank);
    chart_free(&c);
    free(title);
    ov_svg_meta_free(&meta);
    ov_chart_tree_free(&t);
    return st;
}
