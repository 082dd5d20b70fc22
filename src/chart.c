/* The org chart: the tree of one day (chart_tree.c) -> a graph whose
 * geometry orgviz computes itself, drawn by Graphviz's nop2 (render.c).
 *
 *   1. every box is made as a node with its label (chart.c), the panels of
 *      stacks and wrapped rows too (chart_place.c), the labels of links
 *      (chart_links.c), the title and the key (chart_key.c);
 *   2. Graphviz measures them all (ov_gv_measure), with the real fonts;
 *   3. tree_layout.c places the boxes: stacks of one shape, rows packed by
 *      real widths (dot took minutes and crashed on the national chart,
 *      and left a quarter of the page empty);
 *   4. nodes get their positions, and every line its own geometry: the
 *      tree's elbows, links along a gutter or as short stubs with the
 *      other end's name, labels beside their lines;
 *   5. nop2 only draws.
 * Text that reaches Graphviz is escaped (HTML-like labels) and stripped of
 * control characters; tooltips and links are added by the SVG finisher,
 * never given to Graphviz (2.43 writes URLs unescaped). */
#include "chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "chart_int.h"
#include "textversion.h"

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
    ov_buf_puts(b, "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\">");
    ch_mark_badge(c, b, i, small);
    ov_buf_puts(b, "<TR><TD><B>");
    ov_put_wrapped_html(b, ov_org_name_at(o, c->t->at, 0), NAME_WIDTH, OV_WRAP_NAME_LINES);
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
    put_one_line(b, ov_org_name_at(o, c->t->at, 0));
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

ov_gnode *ch_org_node(ch_chart *c, size_t i, int stacked)
{
    const ov_org *o = &c->m->orgs[i];
    ov_gnode *n = ov_gv_node(c->g, o->id);
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
    if (stacked)
        ov_gv_set(n, "fontsize", "9");
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

static void rel_tooltip(ch_chart *c, ov_buf *b, size_t r, const char *phrase)
{
    const ov_rel *rel = &c->m->rels[r];
    ov_buf_printf(b, "%s %s %s", ov_org_name_at(&c->m->orgs[rel->from], c->t->at, 0), phrase,
                  ov_org_name_at(&c->m->orgs[rel->to], c->t->at, 0));
    if (rel->label && !ov_is_blank(rel->label))
        ov_buf_printf(b, ": %s", rel->label);
}

void ch_rel_ids(ch_chart *c, ov_gedge *e, size_t r, const char *extra, const char *phrase)
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

void ch_set_num(void *obj, const char *name, double v)
{
    char buf[48];
    snprintf(buf, sizeof buf, "%.4f", v);
    ov_gv_set(obj, name, buf);
}

ov_gedge *ch_edge(ch_chart *c, ov_gnode *from, ov_gnode *to)
{
    ov_gedge *e = ov_gv_edge(c->g, from, to, NULL);
    if (!e)
        c->oom = 1;
    return e;
}

ov_gnode *ch_panel_node(ch_chart *c, const char *id, const char *cls, ov_buf *label)
{
    /* named apart from the organisations: no id starts with '_' */
    char *name = ov_asprintf("_%s", id);
    ov_gnode *n = name ? ov_gv_node(c->g, name) : NULL;
    free(name);
    char *full = ch_take(c, label);
    char *text = full ? ov_text_cut(full, OV_LABEL_MAX_CHARS) : NULL;
    free(full);
    char *plain = text ? ov_gv_plain(text) : NULL;
    if (!n || !plain) {
        c->oom = 1;
        free(text);
        free(plain);
        return NULL;
    }
    ov_buf b;
    ov_buf_init(&b);
    ov_buf_printf(&b, "%s\\l", plain); /* left-aligned in the panel */
    ch_set_buf(c, n, "label", &b, 0);
    free(text);
    free(plain);
    ov_gv_set(n, "id", id);
    ov_gv_set(n, "class", cls);
    ov_gv_set(n, "fillcolor", c->th->panel);
    ov_gv_set(n, "color", c->th->panel_border);
    ov_gv_set(n, "fontcolor", c->th->muted);
    ov_gv_set(n, "fontsize", "8");
    ov_gv_set(n, "labelloc", "t");
    ov_gv_set(n, "margin", "0.05,0.02");
    return n;
}

ov_gnode *ch_page_node(ch_chart *c, const char *name, ov_buf *label)
{
    ov_gnode *n = ov_gv_node(c->g, name);
    if (!n) {
        c->oom = 1;
        ov_buf_free(label);
        return NULL;
    }
    /* filled with the page's colour: what its text is read on */
    ov_gv_set(n, "shape", "box");
    ov_gv_set(n, "style", "filled");
    ov_gv_set(n, "fillcolor", c->th->background);
    ov_gv_set(n, "color", c->th->background);
    ov_gv_set(n, "penwidth", "0");
    ov_gv_set(n, "margin", "0");
    ov_gv_set(n, "fontsize", "9");
    ov_gv_set(n, "fontcolor", c->th->muted);
    ch_set_buf(c, n, "label", label, 1);
    return n;
}

/* ---- the title ------------------------------------------------------------- */

static char *chart_title(const ov_model *m, const ov_render_opts *ro)
{
    if (ro->title && !ov_is_blank(ro->title))
        return ov_strdup(ro->title);
    if (m->title && !ov_is_blank(m->title))
        return ov_strdup(m->title);
    return ov_strdup("Organisation chart");
}

static void title_node(ch_chart *c, const char *title, const char *day)
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
    c->title = ch_page_node(c, "_title", &b);
}

/* ---- measuring ---------------------------------------------------------------- */

static size_t footer_of(const ch_chart *c, const ov_gnode *n)
{
    size_t k = 0;
    while (k < CH_FOOTERS && c->footer[k] != n)
        k++;
    return k;
}

/* Graphviz reports the nodes in creation order: the items' nodes come in
 * the items' order, between them the title, the footer and the links'
 * labels. */
static void took_size(ov_gnode *n, double w, double h, void *arg)
{
    ch_chart *c = arg;
    if (c->measured < c->nitems && c->items[c->measured].node == n) {
        c->tl[c->measured].w = w;
        c->tl[c->measured].h = h;
        c->measured++;
        while (c->measured < c->nitems && !c->items[c->measured].node)
            c->measured++;
    } else if (n == c->title) {
        c->title_w = w;
        c->title_h = h;
    } else if (footer_of(c, n) < CH_FOOTERS) {
        c->footer_w[footer_of(c, n)] = w;
        c->footer_h[footer_of(c, n)] = h;
    } else {
        /* the links' labels, in the links' order */
        while (c->measured_link < c->nlinks && c->links[c->measured_link].label != n)
            c->measured_link++;
        if (c->measured_link < c->nlinks) {
            c->links[c->measured_link].lw = w;
            c->links[c->measured_link].lh = h;
        }
    }
}

/* ---- the graph ----------------------------------------------------------------- */

static void graph_defaults(ov_ggraph *g, const char *font)
{
    /* NULL: the font */
    static const struct {
        ov_gv_kind kind;
        const char *name;
        const char *value;
    } defaults[] = {
        {OV_GV_NODE, "shape", "box"},
        {OV_GV_NODE, "style", "rounded,filled"},
        {OV_GV_NODE, "fontname", NULL},
        {OV_GV_NODE, "fontsize", "10"},
        {OV_GV_NODE, "margin", "0.07,0.035"},
        {OV_GV_NODE, "penwidth", "1"},
        /* measured at their natural size, not Graphviz's minimum of 54 x 36 pt */
        {OV_GV_NODE, "width", "0.01"},
        {OV_GV_NODE, "height", "0.01"},
        {OV_GV_EDGE, "fontname", NULL},
        {OV_GV_EDGE, "fontsize", "8"},
        {OV_GV_EDGE, "arrowsize", "0.7"},
        {OV_GV_EDGE, "dir", "none"},
        {OV_GV_GRAPH, "fontname", NULL},
    };
    for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
        ov_gv_default(g, defaults[i].kind, defaults[i].name,
                      defaults[i].value ? defaults[i].value : font);
}

static void graph_attributes(ch_chart *c)
{
    ov_ggraph *g = c->g;
    /* nothing is routed: every edge has its own geometry */
    ov_gv_set(g, "splines", "line");
    ov_gv_set(g, "notranslate", "true");
    ov_gv_set(g, "pad", "0");
    ov_gv_set(g, "bgcolor", c->th->background);
    /* lines over the panels (never over a box: they end at the edges) */
    ov_gv_set(g, "outputorder", "nodesfirst");
}

/* Which kinds of line the chart draws (for the key, made before the
 * lines are). */
static void kinds_used(ch_chart *c)
{
    const ov_chart_tree *t = c->t;
    for (size_t i = 0; i < t->n; i++) {
        if (t->drawn[i] && t->parent[i] != OV_NONE && t->drawn[t->parent[i]])
            c->kinds_used |= 1u << c->m->rels[t->parent_rel[i]].kind;
    }
    for (size_t k = 0; k < t->ncross; k++)
        c->kinds_used |= 1u << c->m->rels[t->cross[k]].kind;
    if (t->nalso > 0)
        c->kinds_used |= 1u << OV_REL_COUNT;
}

/* Frees what C owns (the graph too), not the tree it draws. */
static void chart_free(ch_chart *c)
{
    ov_gv_close(c->g);
    free(c->node);
    free(c->fill);
    free(c->ink);
    free(c->type_used);
    free(c->plan_off);
    free(c->plan);
    free(c->plan_split);
    free(c->stacked);
    for (size_t k = 0; k < c->nitems; k++)
        free(c->items[k].edge_id);
    free(c->items);
    free(c->tl);
    free(c->item_of);
    ch_links_free(c);
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

/* Steps 1 to 4 of the pipeline above: everything but the drawing. */
static ov_status build(ov_gv *gv, ch_chart *c, const ov_chart_opts *opts, const char *title,
                       const char *day, ov_diags *d)
{
    const ov_model *m = c->m;
    size_t slots = m->ntypes + 1;
    c->node = calloc(m->norgs ? m->norgs : 1, sizeof *c->node);
    c->fill = calloc(slots, sizeof *c->fill);
    c->ink = calloc(slots, sizeof *c->ink);
    c->type_used = calloc(slots, 1);
    c->g = ov_gv_graph("orgchart");
    if (!c->node || !c->fill || !c->ink || !c->type_used || !c->g)
        return OV_ERR_MEMORY;
    if (ch_make_plans(c) != 0)
        return OV_ERR_MEMORY;
    int since = ch_changes_init(c, opts, d);
    if (since != 0)
        return since < 0 ? OV_ERR_MEMORY : OV_ERR_DATA;
    size_t *rank = calloc(slots, sizeof *rank);
    size_t nranks = 0;
    if (!rank || type_ranks(c->t, rank, &nranks) != 0) {
        free(rank);
        return OV_ERR_MEMORY;
    }
    for (size_t s = 0; s < slots; s++) {
        ov_theme_fill_ranked(c->th, s < m->ntypes ? &m->types[s] : NULL, s, rank[s], nranks,
                             c->fill[s]);
        ov_theme_text_on(c->fill[s], c->ink[s]);
    }
    free(rank);
    graph_defaults(c->g, c->th->font);
    kinds_used(c);
    title_node(c, title, day);
    if (c->oom || ch_make_items(c, opts) != 0 || ch_plan_links(c) != 0)
        return OV_ERR_MEMORY;
    ch_footer(c);
    if (c->oom)
        return OV_ERR_MEMORY;
    c->measured = 0;
    c->measured_link = 0;
    while (c->measured < c->nitems && !c->items[c->measured].node)
        c->measured++;
    ov_status st = ov_gv_measure(gv, c->g, took_size, c, d);
    if (st != OV_OK)
        return st;
    ch_links_measured(c);
    if (ch_place(c) != 0)
        return OV_ERR_MEMORY;
    ch_draw_links(c);
    graph_attributes(c);
    return c->oom ? OV_ERR_MEMORY : OV_OK;
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
    ov_status st = ov_chart_tree_build(&t, m, opts, d);
    if (st != OV_OK)
        goto done;
    if (ro->format == OV_FMT_HTML) {
        title = chart_title(m, ro);
        ov_changes chg;
        memset(&chg, 0, sizeof chg);
        int marked = 0;
        if (opts->since != OV_DAY_NONE) {
            st = ov_changes_compute(m, opts->since, opts->at, 0, &chg, d);
            if (st != OV_OK) {
                ov_changes_free(&chg);
                goto done;
            }
            marked = 1;
        }
        *out = title ? ov_chart_text_marked(&t, title, marked ? &chg : NULL, opts->root == NULL)
                     : NULL;
        ov_changes_free(&chg);
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
    }
    c.meta = &meta;
    c.th = ov_theme_for(ro);
    if (!c.th) {
        ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "no theme called '%s'", ro->theme);
        st = OV_ERR_DATA;
        goto done;
    }
    char day[32];
    ov_date_human(opts->at, day);
    title = chart_title(m, ro);
    st = title ? build(gv, &c, opts, title, day, d) : OV_ERR_MEMORY;
    if (st == OV_ERR_MEMORY)
        goto oom;
    if (st != OV_OK)
        goto done;
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
    st = ov_render_graph(gv, c.g, "nop2", &meta, ro, out, len, d);
    goto done;
oom:
    ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "out of memory");
    st = OV_ERR_MEMORY;
done:
    free(c.strong);
    chart_free(&c);
    free(title);
    ov_svg_meta_free(&meta);
    ov_chart_tree_free(&t);
    return st;
}
