/* Model -> lanes -> positioned cgraph graph: the timeline.
 *
 * Every coordinate is computed here and handed to Graphviz's "nop2" layout,
 * which only renders: nodes get pos="x,y!", edges get their own cubic
 * Bezier pos. Nothing is routed (routing pinned nodes costs minutes at
 * national scale, see shared/GRAPHVIZ.md).
 *
 * The time axis is linear: x = X0 + (day - from) * scale, in points, with
 * scale = AXIS_W / (to + 1 - from). Bars are drawn as Graphviz edges: a
 * straight spline from x(start) to x(end + 1) stroked with the bar's
 * height. Edge coordinates are kept to 0.01 pt, whereas Graphviz 2.43
 * rounds node widths to whole points, which at about a quarter of a point
 * per day would move a bar end by up to a day. Only decorations (fades,
 * seams, swatches, text boxes) are nodes, and they are given whole-point
 * widths.
 *
 * Paint order is creation order (Graphviz emits each node, then the edges
 * leaving it): background lines, bars, decorations on bars, transitions,
 * text. Each layer's edges hang off an invisible anchor node created at
 * that point.
 *
 * What is drawn: by default the organisations that take part in a
 * transition (those in none, such as GP practices, are numerous and have
 * nothing to show over time); --types adds every organisation of the
 * listed types and groups the lanes by type in that order; a file with no
 * transitions shows everything; --focus keeps only a lineage. Bars are
 * clipped to [--from, --to]; one that goes on beyond either edge, or has
 * no date there, gets a faded end (class open-start / open-end).
 *
 * Coordinates below are measured from the top of the canvas; gy() turns
 * them into Graphviz's upward y when they are written. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "timeline_int.h"

static double gy(const tl_gb *c, double y)
{
    return c->h - y;
}

static void set_num(void *obj, const char *name, double v)
{
    char buf[48];
    snprintf(buf, sizeof buf, "%.4g", v);
    ov_gv_set(obj, name, buf);
}

static void set_pos(tl_gb *c, void *obj, const char *name, double x, double y, int pin)
{
    char buf[80];
    snprintf(buf, sizeof buf, "%.2f,%.2f%s", x, gy(c, y), pin ? "!" : "");
    ov_gv_set(obj, name, buf);
}

/* Gives a new node or edge OBJ its SVG id and class (either may be NULL);
 * returns 0 (and notes it) when OBJ could not be made. */
static int gb_named(tl_gb *c, void *obj, const char *id, const char *cls)
{
    if (!obj) {
        c->oom = 1;
        return 0;
    }
    if (id)
        ov_gv_set(obj, "id", id);
    if (cls)
        ov_gv_set(obj, "class", cls);
    return 1;
}

/* 1 when organisation ORG is one --highlight asks for. */
static int is_highlighted(const tl_layout *l, size_t org)
{
    const char *id = l->s.m->orgs[org].id;
    for (size_t h = 0; id && h < l->ro->nhighlight; h++) {
        if (strcmp(l->ro->highlight[h], id) == 0)
            return 1;
    }
    return 0;
}

/* 1 when transition X comes from or goes to a highlighted bar. */
static int touches_highlight(const tl_layout *l, const tl_tr *x)
{
    for (size_t a = 0; a < x->nfrom; a++) {
        if (is_highlighted(l, l->s.bars[x->from[a]].org))
            return 1;
    }
    for (size_t k = 0; k < x->nto; k++) {
        if (is_highlighted(l, l->s.bars[x->to[k]].org))
            return 1;
    }
    return 0;
}

static ov_gnode *gb_node(tl_gb *c, const char *id, const char *cls)
{
    char name[32];
    snprintf(name, sizeof name, "n%zu", c->seq++);
    ov_gnode *n = ov_gv_node(c->g, name);
    return gb_named(c, n, id, cls) ? n : NULL;
}

/* An invisible point pinned at (X, Y): a corner of the canvas, or a
 * layer's anchor. */
static ov_gnode *gb_point(tl_gb *c, double x, double y)
{
    ov_gnode *n = gb_node(c, NULL, NULL);
    if (!n)
        return NULL;
    ov_gv_set(n, "shape", "point");
    ov_gv_set(n, "style", "invis");
    ov_gv_set(n, "width", "0");
    set_pos(c, n, "pos", x, y, 1);
    return n;
}

/* Starts a paint layer: what is drawn from now on goes over what was
 * drawn before. */
static void gb_layer(tl_gb *c)
{
    ov_gnode *n = gb_point(c, 0, 0);
    if (n)
        c->anchor = n;
}

static ov_gedge *gb_edge(tl_gb *c, const char *id, const char *cls)
{
    char name[32];
    snprintf(name, sizeof name, "e%zu", c->seq++);
    ov_gedge *e = c->anchor ? ov_gv_edge(c->g, c->anchor, c->anchor, name) : NULL;
    return gb_named(c, e, id, cls) ? e : NULL;
}

/* Appends a straight cubic from (x0, y0) to (x1, y1) to a pos value. */
static void put_straight(const tl_gb *c, ov_buf *b, double x0, double y0, double x1, double y1)
{
    ov_buf_printf(b, "%.2f,%.2f %.2f,%.2f %.2f,%.2f %.2f,%.2f", x0, gy(c, y0),
                  x0 + (x1 - x0) / 3, gy(c, y0 + (y1 - y0) / 3), x0 + 2 * (x1 - x0) / 3,
                  gy(c, y0 + 2 * (y1 - y0) / 3), x1, gy(c, y1));
}

static void set_buf(tl_gb *c, void *obj, const char *name, ov_buf *b)
{
    if (b->oom) {
        c->oom = 1;
        ov_buf_free(b);
        return;
    }
    ov_gv_set(obj, name, b->data ? b->data : "");
    ov_buf_free(b);
}

/* A straight line as an edge. */
static ov_gedge *gb_line(tl_gb *c, const char *id, const char *cls, double x0, double y0, double x1,
                         double y1, const char *colour, double width)
{
    ov_gedge *e = gb_edge(c, id, cls);
    if (!e)
        return NULL;
    ov_buf b;
    ov_buf_init(&b);
    put_straight(c, &b, x0, y0, x1, y1);
    set_buf(c, e, "pos", &b);
    ov_gv_set(e, "color", colour);
    set_num(e, "penwidth", width);
    return e;
}

/* A label on an edge, centred at (X, Y). */
static void edge_label(tl_gb *c, ov_gedge *e, const char *text, double x, double y, double size,
                       const char *colour)
{
    char *plain = ov_gv_plain(text);
    if (!plain) {
        c->oom = 1;
        return;
    }
    ov_gv_set(e, "label", plain);
    free(plain);
    set_pos(c, e, "lp", x, y, 0);
    set_num(e, "fontsize", size);
    ov_gv_set(e, "fontcolor", colour);
}

static void gb_put_text(tl_gb *c, const char *id, const char *cls, const char *text, double x,
                        double y, double size, const char *colour, int bold);

/* Text whose left end is at X (exactly, for plain text), centred on Y,
 * cut to at most the canvas's width. */
static void gb_text(tl_gb *c, const char *id, const char *cls, const char *text, double x, double y,
                    double size, const char *colour, int bold)
{
    /* a title, a type label or a name can be 10,000 characters long: cut
     * to the canvas's width (bold text measured a tenth wider; orgviz's own
     * subtitle runs a little into the margin, and stays whole), the full
     * text stays in the description and the tooltips */
    char *cut = NULL;
    double room = c->w;
    if (ov_text_width(text, size, bold) > room) {
        cut = tl_truncate_to(text, bold ? room / 1.1 : room, size);
        if (!cut)
            return;
        text = cut;
    }
    gb_put_text(c, id, cls, text, x, y, size, colour, bold);
    free(cut);
}

static void gb_put_text(tl_gb *c, const char *id, const char *cls, const char *text, double x,
                        double y, double size, const char *colour, int bold)
{
    ov_gnode *n = gb_node(c, id, cls);
    if (!n)
        return;
    double w = ceil(ov_text_width(text, size, bold)) + 1;
    set_pos(c, n, "pos", x + w / 2, y, 1);
    set_num(n, "width", w / 72.0);
    set_num(n, "height", size * 1.4 / 72.0);
    set_num(n, "fontsize", size);
    ov_gv_set(n, "fontcolor", colour);
    if (bold) {
        ov_buf b;
        ov_buf_init(&b);
        ov_buf_puts(&b, "<B>");
        ov_gv_put_html(&b, text);
        ov_buf_puts(&b, "</B>");
        if (b.oom) {
            c->oom = 1;
            ov_buf_free(&b);
            return;
        }
        ov_gv_set_html(n, "label", b.data);
        ov_buf_free(&b);
    } else {
        ov_buf b;
        ov_buf_init(&b);
        char *plain = ov_gv_plain(text);
        if (!plain) {
            c->oom = 1;
            return;
        }
        ov_buf_puts(&b, plain);
        ov_buf_puts(&b, "\\l");
        free(plain);
        set_buf(c, n, "label", &b);
    }
}

/* A filled rectangle node of whole-point width W centred on (X, Y). */
static ov_gnode *gb_rect(tl_gb *c, const char *id, const char *cls, double x, double y, double w,
                         double h, const char *fill)
{
    ov_gnode *n = gb_node(c, id, cls);
    if (!n)
        return NULL;
    ov_gv_set(n, "shape", "box");
    ov_gv_set(n, "style", "filled");
    ov_gv_set(n, "penwidth", "0");
    ov_gv_set(n, "color", "transparent");
    ov_gv_set(n, "fillcolor", fill);
    set_pos(c, n, "pos", x, y, 1);
    set_num(n, "width", w / 72.0);
    set_num(n, "height", h / 72.0);
    return n;
}

/* "#RRGGBB" of A mixed with B by T (0: A, 1: B) into OUT (8 bytes); A
 * when either is malformed. */
static void mix_colour(const char *a, const char *b, double t, char *out)
{
    unsigned ca[3];
    unsigned cb[3];
    if (!a || !b || strlen(a) != 7 || strlen(b) != 7 ||
        sscanf(a, "#%2x%2x%2x", &ca[0], &ca[1], &ca[2]) != 3 ||
        sscanf(b, "#%2x%2x%2x", &cb[0], &cb[1], &cb[2]) != 3) {
        snprintf(out, 8, "%s", a ? a : "#000000");
        return;
    }
    int v[3];
    for (int i = 0; i < 3; i++)
        v[i] = (int)lround(ca[i] + ((double)cb[i] - ca[i]) * t);
    snprintf(out, 8, "#%02X%02X%02X", v[0], v[1], v[2]);
}

/* A fade from colour A (left) to B (right) over the width W (even, whole
 * points) whose left end is at X, centred on Y: steps of 2 points, each a
 * node that runs from its own left end to the right end of the fade, over
 * the one before (abutting slices would show hairline gaps in browsers).
 * Graphviz 2.43's own gradients are numbered by a counter that runs on for
 * the whole process: a second render would differ in its bytes, and two
 * charts on one page would clash. The first step gets ID, the others ID-1,
 * ID-2, ... */
static void gb_fade(tl_gb *c, const char *id, const char *cls, double x, double y, double w,
                    double h, const char *a, const char *b)
{
    int n = (int)(w / 2);
    for (int k = 0; k < n && !c->oom; k++) {
        char col[8];
        char sid[200];
        mix_colour(a, b, (k + 0.5) / n, col);
        if (k == 0)
            snprintf(sid, sizeof sid, "%s", id);
        else
            snprintf(sid, sizeof sid, "%s-%d", id, k);
        double left = x + 2.0 * k;
        gb_rect(c, sid, cls, (left + x + w) / 2, y, x + w - left, h, col);
    }
}

/* "type-ccg": a class from a type key, with anything but letters, digits,
 * '-' and '_' as '_'. */
static void type_class(ov_buf *b, const char *key)
{
    ov_buf_puts(b, "type-");
    for (const char *p = key ? key : "none"; *p; p++) {
        char ch = *p;
        int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                 ch == '-' || ch == '_';
        ov_buf_putc(b, ok ? ch : '_');
    }
}

/* ---- emitting ------------------------------------------------------------------ */

/* Years between labelled ticks: the smallest of 1, 2, 5, 10, ... that
 * leaves 40 points between labels. */
static int year_step(const tl_layout *l)
{
    static const int steps[] = {1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000};
    double per_year = 365.25 * l->scale;
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        if (steps[i] * per_year >= 40)
            return steps[i];
    }
    return 2000;
}

static void emit_axis(tl_gb *c, const tl_layout *l, int bottom)
{
    const tl_sel *s = &l->s;
    const ov_theme *th = l->th;
    double ay = bottom ? l->baxis_y : l->axis_y;
    double ly = bottom ? ay + 13 : l->axis_label_y;
    double tick = bottom ? 5 : -5;
    gb_line(c, bottom ? "axis-bottom" : "axis", "axis", MARGIN, ay, MARGIN + AXIS_W, ay,
            th->muted, 1);
    int step = year_step(l);
    int tick_every = 365.25 * l->scale >= 4 ? 1 : step;
    int y0 = tl_year_of(s->from);
    int y1 = tl_year_of(s->to + 1);
    for (int y = y0; y <= y1; y++) {
        ov_day d = ov_date_from_ymd(y, 1, 1);
        if (d < s->from || d > s->to + 1 || y % tick_every != 0)
            continue;
        double x = tl_xof(l, d);
        char id[48];
        char text[16];
        snprintf(id, sizeof id, "tick-%s%d", bottom ? "bottom-" : "", y);
        ov_gedge *e = gb_line(c, id, "axis-tick axis-year", x, ay, x, ay + tick, th->muted, 1);
        if (e && y % step == 0) {
            snprintf(text, sizeof text, "%d", y);
            edge_label(c, e, text, x, ly, SMALL, th->text);
        }
    }
    if (s->to + 1 - s->from >= 1100)
        return;
    int my;
    int mm;
    int md;
    ov_date_to_ymd(s->from, &my, &mm, &md);
    for (;;) {
        ov_day d = ov_date_from_ymd(my, mm, 1);
        if (d > s->to + 1)
            break;
        if (d >= s->from && mm != 1) {
            double x = tl_xof(l, d);
            char id[48];
            snprintf(id, sizeof id, "tick-%s%04d-%02d", bottom ? "bottom-" : "", my, mm);
            ov_gedge *e =
                gb_line(c, id, "axis-tick axis-month", x, ay, x, ay + tick / 2, th->muted, 0.75);
            if (e && 30.4 * l->scale >= 24)
                edge_label(c, e, tl_month_abbr(mm), x, ly, SMALL - 1, th->muted);
        }
        if (++mm > 12) {
            mm = 1;
            my++;
        }
    }
}

static void emit_background(tl_gb *c, const tl_layout *l)
{
    const tl_sel *s = &l->s;
    const ov_theme *th = l->th;
    gb_layer(c);
    /* year lines */
    int y0 = tl_year_of(s->from);
    int y1 = tl_year_of(s->to + 1);
    int step = year_step(l);
    for (int y = y0; y <= y1; y++) {
        ov_day d = ov_date_from_ymd(y, 1, 1);
        if (d <= s->from || d > s->to + 1 || y % step != 0)
            continue;
        char id[32];
        snprintf(id, sizeof id, "grid-%d", y);
        double x = tl_xof(l, d);
        gb_line(c, id, "grid", x, l->lanes_top, x, l->lanes_bottom, GRID, 1);
    }
    /* a dashed line and a date for each transition date */
    for (size_t i = 0; i < l->nmarkers; i++) {
        const tl_marker *mk = &l->markers[i];
        char iso[16];
        char id[40];
        ov_date_iso(mk->date, iso);
        snprintf(id, sizeof id, "marker-%s", iso);
        double top = mk->row >= 0 ? l->marker_y + mk->row * MARKER_ROW + SMALL / 2 + 1
                                  : l->lanes_top;
        ov_gedge *e = gb_line(c, id, "transition-marker", mk->x, top, mk->x, l->lanes_bottom,
                              th->muted, 0.75);
        if (!e)
            continue;
        ov_gv_set(e, "style", "dashed");
        if (mk->row >= 0) {
            char text[32];
            tl_short_date(mk->date, text);
            edge_label(c, e, text, mk->x, l->marker_y + mk->row * MARKER_ROW, SMALL, th->text);
        }
    }
    emit_axis(c, l, 0);
    if (l->bottom_axis)
        emit_axis(c, l, 1);
}

/* The fill of organisation O's bar, by its type, into FILL (8 bytes). */
static void org_fill(const tl_layout *l, const ov_org *o, char *fill)
{
    const ov_model *m = l->s.m;
    ov_theme_fill(l->th, o->type != NONE ? &m->types[o->type] : NULL,
                  o->type != NONE ? o->type : 0, fill);
}

static void emit_bars(tl_gb *c, const tl_layout *l, ov_svg_meta *meta)
{
    const tl_sel *s = &l->s;
    const ov_model *m = s->m;
    const ov_theme *th = l->th;
    gb_layer(c);
    for (size_t k = 0; k < s->nbars && !c->oom; k++) {
        size_t i = l->by_lane[k];
        const tl_bar *b = &s->bars[i];
        const ov_org *o = &m->orgs[b->org];
        char fill[8];
        char ink[8];
        org_fill(l, o, fill);
        ov_theme_text_on(fill, ink);
        ov_buf id;
        ov_buf cls;
        ov_buf_init(&id);
        ov_buf_init(&cls);
        ov_buf_printf(&id, "org-%s", o->id ? o->id : "");
        ov_buf_puts(&cls, "org ");
        type_class(&cls, o->type_key);
        if (b->open_start)
            ov_buf_puts(&cls, " open-start");
        if (b->open_end)
            ov_buf_puts(&cls, " open-end");
        if (l->ro && l->ro->nhighlight > 0)
            ov_buf_puts(&cls, is_highlighted(l, b->org) ? " highlight" : " dimmed");
        ov_gedge *e = (id.oom || cls.oom) ? NULL : gb_edge(c, id.data, cls.data);
        if (e) {
            ov_buf pos;
            ov_buf_init(&pos);
            put_straight(c, &pos, b->x0, b->y, b->x1, b->y);
            set_buf(c, e, "pos", &pos);
            ov_gv_set(e, "color", fill);
            set_num(e, "penwidth", BAR_H);
            const tl_bar_label *lab = &l->labels[i];
            if (lab->place != LABEL_NONE)
                edge_label(c, e, lab->text, lab->x, b->y, FONT,
                           lab->place == LABEL_INSIDE ? ink : th->text);
            ov_buf tip;
            ov_buf_init(&tip);
            tl_bar_tooltip(&tip, m, o);
            const char *url = o->url && ov_url_is_safe(o->url) ? o->url : NULL;
            if (tip.oom || ov_svg_meta_add(meta, id.data, tip.data, url) != 0)
                c->oom = 1;
            ov_buf_free(&tip);
        }
        if (id.oom || cls.oom)
            c->oom = 1;
        ov_buf_free(&id);
        ov_buf_free(&cls);
    }
}

/* Seams between bars that touch in a lane, and the faded ends of bars
 * that continue beyond the chart or have no known date. */
static void emit_bar_marks(tl_gb *c, const tl_layout *l)
{
    const tl_sel *s = &l->s;
    const ov_model *m = s->m;
    const ov_theme *th = l->th;
    for (size_t k = 0; k < s->nbars && !c->oom; k++) {
        size_t i = l->by_lane[k];
        const tl_bar *b = &s->bars[i];
        const ov_org *o = &m->orgs[b->org];
        if (k > 0) {
            const tl_bar *p = &s->bars[l->by_lane[k - 1]];
            if (p->lane == b->lane && p->e == b->s)
                gb_rect(c, NULL, "seam", b->x0, b->y, 1, BAR_H, th->background);
        }
        if (l->fade_start[i] == 0 && l->fade_end[i] == 0)
            continue;
        char fill[8];
        org_fill(l, o, fill);
        char id[160];
        if (l->fade_start[i] > 0) {
            double w = l->fade_start[i];
            snprintf(id, sizeof id, "fade-start-%.120s", o->id ? o->id : "");
            gb_fade(c, id, "fade fade-start", b->x0, b->y, w, BAR_H, th->background, fill);
        }
        if (l->fade_end[i] > 0) {
            double w = l->fade_end[i];
            snprintf(id, sizeof id, "fade-end-%.120s", o->id ? o->id : "");
            gb_fade(c, id, "fade fade-end", b->x1 - w, b->y, w, BAR_H, fill, th->background);
        }
    }
}

/* The connector from bar A to bar B of a transition on day XD: an S curve
 * from A's edge facing B, RUN before the date, into B's edge, RUN after
 * it, with an arrowhead; an arch over the bars when they share a lane. */
static void put_connector(const tl_gb *c, ov_buf *p, const tl_bar *a, const tl_bar *b, double xd)
{
    double xa = xd - RUN;
    double xb = xd + RUN;
    double ya;
    double yb;
    double dir;
    if (a->lane == b->lane) {
        ya = a->y - BAR_H / 2;
        yb = b->y - BAR_H / 2;
        ov_buf_printf(p, "e,%.2f,%.2f %.2f,%.2f %.2f,%.2f %.2f,%.2f %.2f,%.2f", xb, gy(c, yb), xa,
                      gy(c, ya), xa, gy(c, ya - 9), xb, gy(c, yb - 9), xb, gy(c, yb - ARROW));
        return;
    }
    dir = b->y > a->y ? 1 : -1;
    ya = a->y + dir * BAR_H / 2;
    yb = b->y - dir * BAR_H / 2;
    double end = yb - dir * ARROW;
    double bend = fabs(end - ya) / 2;
    bend = bend < 12 ? bend : 12;
    ov_buf_printf(p, "e,%.2f,%.2f %.2f,%.2f %.2f,%.2f %.2f,%.2f %.2f,%.2f", xb, gy(c, yb), xa,
                  gy(c, ya), xa, gy(c, ya + dir * bend), xb, gy(c, end - dir * bend), xb,
                  gy(c, end));
}

/* A leg of a hub: from bar A's edge facing HY, before the date, to the hub
 * (XD, HY); or, with TO set, from the hub into bar A's edge after the date,
 * with an arrowhead. */
static void put_hub_leg(const tl_gb *c, ov_buf *p, const tl_bar *a, double xd, double hy, int to)
{
    double dir = hy > a->y ? 1 : -1;
    double edge = a->y + dir * BAR_H / 2;
    double mid = (edge + hy) / 2;
    if (!to) {
        ov_buf_printf(p, "%.2f,%.2f %.2f,%.2f %.2f,%.2f %.2f,%.2f", xd - RUN, gy(c, edge),
                      xd - RUN, gy(c, mid), xd, gy(c, mid), xd, gy(c, hy));
        return;
    }
    double end = edge + dir * ARROW;
    ov_buf_printf(p, "e,%.2f,%.2f %.2f,%.2f %.2f,%.2f %.2f,%.2f %.2f,%.2f", xd + RUN,
                  gy(c, edge), xd, gy(c, hy), xd, gy(c, (hy + end) / 2), xd + RUN,
                  gy(c, (hy + end) / 2), xd + RUN, gy(c, end));
}

static void emit_transitions(tl_gb *c, const tl_layout *l, ov_svg_meta *meta)
{
    const tl_sel *s = &l->s;
    const ov_model *m = s->m;
    const ov_theme *th = l->th;
    gb_layer(c);
    for (size_t i = 0; i < s->ntrs && !c->oom; i++) {
        const tl_tr *x = &s->trs[i];
        const ov_transition *tr = &m->trans[x->tr];
        double xd = tl_xof(l, tr->date);
        char id[160];
        char cls[64];
        if (tr->id)
            snprintf(id, sizeof id, "transition-%.140s", tr->id);
        else
            snprintf(id, sizeof id, "transition-%zu", x->tr);
        int hub = tr->kind != OV_TR_ESTABLISHMENT && tr->kind != OV_TR_ABOLITION &&
                  x->nfrom * x->nto > MAX_PAIRS;
        snprintf(cls, sizeof cls, "transition%s transition-%s%s", hub ? " hub" : "",
                 ov_tr_kind_name(tr->kind),
                 l->ro && l->ro->nhighlight > 0 && !touches_highlight(l, x) ? " dimmed" : "");
        ov_gedge *e = gb_edge(c, id, cls);
        if (!e)
            break;
        ov_buf p;
        ov_buf_init(&p);
        if (tr->kind == OV_TR_ESTABLISHMENT) {
            for (size_t k = 0; k < x->nto; k++) {
                const tl_bar *b = &s->bars[x->to[k]];
                if (b->open_start)
                    continue;
                if (p.len)
                    ov_buf_putc(&p, ';');
                ov_buf_printf(&p, "e,%.2f,%.2f ", b->x0, gy(c, b->y));
                put_straight(c, &p, b->x0 - 14, b->y, b->x0 - ARROW, b->y);
            }
        } else if (tr->kind == OV_TR_ABOLITION) {
            for (size_t k = 0; k < x->nfrom; k++) {
                const tl_bar *b = &s->bars[x->from[k]];
                if (b->open_end)
                    continue;
                if (p.len)
                    ov_buf_putc(&p, ';');
                ov_buf_printf(&p, "e,%.2f,%.2f ", b->x1 + 9, gy(c, b->y));
                put_straight(c, &p, b->x1, b->y, b->x1 + 9 - 2, b->y);
            }
            ov_gv_set(e, "arrowhead", "tee");
            ov_gv_set(e, "arrowsize", "0.9");
        } else if (hub) {
            /* through a hub at the date, halfway between the ends */
            double hy = 0;
            for (size_t a = 0; a < x->nfrom; a++)
                hy += s->bars[x->from[a]].y;
            for (size_t k = 0; k < x->nto; k++)
                hy += s->bars[x->to[k]].y;
            hy /= (double)(x->nfrom + x->nto);
            /* in the gap below the nearest lane */
            size_t near = 0;
            for (size_t k = 1; k < l->nlanes; k++) {
                if (fabs(l->lane_y[k] - hy) < fabs(l->lane_y[near] - hy))
                    near = k;
            }
            hy = l->lane_y[near] + LANE_PITCH / 2;
            for (size_t a = 0; a < x->nfrom; a++) {
                if (p.len)
                    ov_buf_putc(&p, ';');
                put_hub_leg(c, &p, &s->bars[x->from[a]], xd, hy, 0);
            }
            for (size_t k = 0; k < x->nto; k++) {
                ov_buf_putc(&p, ';');
                put_hub_leg(c, &p, &s->bars[x->to[k]], xd, hy, 1);
            }
        } else {
            for (size_t a = 0; a < x->nfrom; a++) {
                for (size_t k = 0; k < x->nto; k++) {
                    if (p.len)
                        ov_buf_putc(&p, ';');
                    put_connector(c, &p, &s->bars[x->from[a]], &s->bars[x->to[k]], xd);
                }
            }
        }
        set_buf(c, e, "pos", &p);
        ov_gv_set(e, "color", th->text);
        ov_gv_set(e, "penwidth", "1.2");
        ov_gv_set(e, "dir", "forward");
        ov_buf tip;
        ov_buf_init(&tip);
        tl_tr_tooltip(&tip, s, x);
        if (tip.oom || ov_svg_meta_add(meta, id, tip.data, NULL) != 0)
            c->oom = 1;
        ov_buf_free(&tip);
    }
}

/* Legend items: the types drawn (in --types order first), then the faded
 * end when a bar has one. With C NULL only measures. Returns the number of
 * rows. */
int tl_legend(tl_gb *c, const tl_layout *l)
{
    const tl_sel *s = &l->s;
    const ov_model *m = s->m;
    const ov_theme *th = l->th;
    size_t *order = malloc((m->ntypes + 1) * sizeof *order);
    unsigned char *seen = calloc(m->ntypes + 1, 1);
    if (!order || !seen) {
        free(order);
        free(seen);
        if (c)
            c->oom = 1;
        return 1;
    }
    int any_open = 0;
    for (size_t i = 0; i < s->nbars; i++) {
        const ov_org *o = &m->orgs[s->bars[i].org];
        if (o->type != NONE)
            seen[o->type] = 1;
        any_open |= l->fade_start[i] > 0 || l->fade_end[i] > 0;
    }
    size_t n = 0;
    for (size_t g = 0; g < s->ngroups; g++) {
        for (size_t t = 0; t < m->ntypes; t++) {
            if (seen[t] && s->type_group[t] == g)
                order[n++] = t;
        }
    }
    if (any_open)
        order[n++] = NONE;
    double x = MARGIN;
    double y = l->legend_y;
    int rows = 1;
    for (size_t k = 0; k < n; k++) {
        size_t t = order[k];
        const char *text = t == NONE ? "continues beyond the chart, or date not known"
                                     : (m->types[t].label ? m->types[t].label : m->types[t].key);
        double sw = t == NONE ? 28 : 14;
        double w = sw + 5 + ov_text_width(text, FONT, 0) + 18;
        if (x + w > MARGIN + AXIS_W && x > MARGIN) {
            x = MARGIN;
            y += 18;
            rows++;
        }
        if (c && t == NONE) {
            gb_fade(c, "legend-open-end", "legend-swatch fade", x, y, sw, 12, th->muted,
                    th->background);
        } else if (c) {
            char fill[8];
            char id[160];
            ov_buf cls;
            ov_buf_init(&cls);
            ov_theme_fill(th, &m->types[t], t, fill);
            snprintf(id, sizeof id, "legend-%.140s", m->types[t].key);
            ov_buf_puts(&cls, "legend-swatch ");
            type_class(&cls, m->types[t].key);
            if (cls.oom)
                c->oom = 1;
            else
                gb_rect(c, id, cls.data, x + sw / 2, y, sw, 12, fill);
            ov_buf_free(&cls);
        }
        if (c)
            gb_text(c, NULL, "legend-label", text, x + sw + 5, y, FONT, th->text, 0);
        x += w;
    }
    free(order);
    free(seen);
    return rows;
}

static void emit_text(tl_gb *c, const tl_layout *l, const char *title, const char *focus)
{
    const tl_sel *s = &l->s;
    const ov_model *m = s->m;
    const ov_theme *th = l->th;
    gb_text(c, "timeline-title", "title", title, MARGIN, l->title_y, TITLE, th->text, 1);
    ov_buf b;
    ov_buf_init(&b);
    if (focus) {
        size_t f = ov_model_find(m, focus);
        if (f != NONE)
            ov_buf_printf(&b, "The lineage of %s: its predecessors and successors. ",
                          ov_org_display_name(&m->orgs[f], 0));
    }
    char a[32];
    char z[32];
    ov_date_human(s->from, a);
    ov_date_human(s->to, z);
    ov_buf_printf(&b, "%s to %s, to scale: each bar runs from the first to the last day of an "
                      "organisation; dashed lines mark the dates of changes.",
                  a, z);
    if (b.oom)
        c->oom = 1;
    else
        gb_text(c, "timeline-subtitle", "subtitle", b.data, MARGIN, l->sub_y, FONT, th->muted, 0);
    ov_buf_free(&b);
    for (size_t g = 0; s->grouped && g < s->ngroups; g++) {
        if (l->head_y[g] < 0)
            continue;
        const char *text = "Other organisations";
        const char *key = "other";
        if (g + 1 < s->ngroups) {
            for (size_t t = 0; t < m->ntypes; t++) {
                if (s->type_group[t] == g) {
                    text = m->types[t].label ? m->types[t].label : m->types[t].key;
                    key = m->types[t].key;
                    break;
                }
            }
        }
        char id[160];
        snprintf(id, sizeof id, "group-%.140s", key);
        gb_text(c, id, "group-heading", text, MARGIN, l->head_y[g], FONT, th->muted, 1);
    }
    int hide_key = l->ro && (l->ro->hide & OV_HIDE_KEY);
    int rows = hide_key ? 1 : tl_legend(c, l);
    double y = l->legend_y + (rows - 1) * 18 + 22;
    for (size_t i = 0; i < l->nkey; i++) {
        char id[32];
        int note = i >= l->note_from;
        snprintf(id, sizeof id, "%s-%zu", note ? "note" : "key", note ? i - l->note_from : i);
        gb_text(c, id, note ? "note" : "key", l->key[i], MARGIN, y + (double)i * KEY_LINE, FONT,
                note ? th->muted : th->text, 0);
    }
}

static const char *chart_title(const ov_model *m, const ov_render_opts *ro)
{
    if (ro && ro->title)
        return ro->title;
    if (m->title && !ov_is_blank(m->title))
        return m->title;
    return "Timeline";
}

/* ---- public -------------------------------------------------------------- */

/* --highlight: an id the data does not have is an error, one without a
 * bar a warning. */
static ov_status check_highlight(const tl_layout *l, ov_diags *d)
{
    const ov_model *m = l->s.m;
    for (size_t h = 0; l->ro && h < l->ro->nhighlight; h++) {
        const char *id = l->ro->highlight[h];
        size_t i = ov_model_find(m, id);
        if (i == NONE) {
            ov_diag_add(d, OV_ERROR, m->path, 0, 0, NULL, id,
                        "--highlight %s: no organisation with this id", id);
            return OV_ERR_DATA;
        }
        int drawn = 0;
        for (size_t k = 0; k < l->s.nbars && !drawn; k++)
            drawn = l->s.bars[k].org == i;
        if (!drawn)
            ov_diag_add(d, OV_WARNING, m->path, 0, 0, NULL, id,
                        "--highlight %s: not on this timeline", id);
    }
    return OV_OK;
}

ov_status ov_timeline_render_one(ov_gv *gv, const ov_model *m, const ov_timeline_opts *opts,
                                 const ov_render_opts *ro, char **out, size_t *len,
                                 ov_diags *d)
{
    static const ov_render_opts defaults = OV_RENDER_DEFAULTS;
    if (!ro)
        ro = &defaults;
    ov_status st;
    tl_layout l;
    ov_svg_meta meta;
    ov_ggraph *g = NULL;
    *out = NULL;
    *len = 0;
    memset(&l, 0, sizeof l);
    ov_svg_meta_init(&meta);
    l.ro = ro;
    l.th = ov_theme_for(ro);
    if (!l.th) {
        ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "no theme called '%s'", ro->theme);
        st = OV_ERR_DATA;
        goto done;
    }
    st = tl_select_all(&l.s, m, opts, d);
    if (st != OV_OK)
        goto done;
    if (ro->format == OV_FMT_HTML && l.s.nbars > 0) {
        st = tl_text_sel(&l.s, chart_title(m, ro), out, len, d);
        goto done;
    }
    /* the axis's ends, for the messages of a timeline that cannot be drawn */
    char a[32];
    char z[32];
    ov_date_human(l.s.from, a);
    ov_date_human(l.s.to, z);
    if (l.s.nbars > OV_TIMELINE_MAX_ORGS) {
        ov_diag_add(d, OV_ERROR, m->path, 0, 0, NULL, opts ? opts->focus : NULL,
                    "%zu organisations to draw between %s and %s: more than one timeline can "
                    "show (at most %d); draw part of it with --focus ID, --types T1,T2 or "
                    "--from/--to",
                    l.s.nbars, a, z, OV_TIMELINE_MAX_ORGS);
        st = OV_ERR_DATA;
        goto done;
    }
    if (l.s.nbars == 0) {
        ov_diag_add(d, OV_ERROR, m->path, 0, 0, NULL, NULL,
                    "nothing to draw: no organisation to show exists between %s and %s", a, z);
        st = OV_ERR_DATA;
        goto done;
    }
    st = check_highlight(&l, d);
    if (st != OV_OK)
        goto done;
    st = tl_do_layout(&l);
    if (st != OV_OK) {
        tl_oom(d);
        goto done;
    }
    g = ov_gv_graph("timeline");
    if (!g) {
        st = tl_oom(d);
        goto done;
    }
    ov_gv_default(g, OV_GV_NODE, "shape", "none");
    ov_gv_default(g, OV_GV_NODE, "margin", "0");
    ov_gv_default(g, OV_GV_NODE, "fixedsize", "true");
    ov_gv_default(g, OV_GV_NODE, "label", "");
    ov_gv_default(g, OV_GV_NODE, "fontname", l.th->font);
    ov_gv_default(g, OV_GV_EDGE, "dir", "none");
    ov_gv_default(g, OV_GV_EDGE, "arrowsize", "0.5");
    ov_gv_default(g, OV_GV_EDGE, "fontname", l.th->font);
    ov_gv_default(g, OV_GV_EDGE, "label", "");
    tl_gb c = {g, l.height, l.width, 0, NULL, 0};
    gb_point(&c, 0, 0);
    gb_point(&c, l.width, l.height);
    emit_background(&c, &l);
    emit_bars(&c, &l, &meta);
    emit_bar_marks(&c, &l);
    emit_transitions(&c, &l, &meta);
    const char *title = chart_title(m, ro);
    emit_text(&c, &l, title, opts ? opts->focus : NULL);
    /* nothing is routed: every edge has its own geometry */
    ov_gv_set(g, "splines", "line");
    ov_gv_set(g, "notranslate", "true");
    ov_gv_set(g, "pad", "0");
    ov_gv_set(g, "bgcolor", l.th->background);
    ov_gv_set(g, "fontname", l.th->font);
    meta.title = ov_strdup(title);
    meta.desc = tl_describe_sel(&l.s);
    if (c.oom || !meta.title || !meta.desc) {
        st = tl_oom(d);
        goto done;
    }
    st = ov_render_graph(gv, g, "nop2", &meta, ro, out, len, d);
done:
    ov_gv_close(g);
    ov_svg_meta_free(&meta);
    tl_layout_free(&l);
    return st;
}

char *ov_timeline_text_html(const ov_model *m, const ov_timeline_opts *opts, const char *title)
{
    tl_sel s;
    ov_diags d;
    ov_diags_init(&d);
    char *out = NULL;
    size_t len = 0;
    ov_status st = tl_select_all(&s, m, opts, &d);
    if (st == OV_OK)
        tl_text_sel(&s, title && *title ? title : chart_title(m, NULL), &out, &len, &d);
    else if (st != OV_ERR_MEMORY)
        out = ov_strdup("<p>The timeline has no organisations to show.</p>\n");
    ov_diags_free(&d);
    tl_sel_free(&s);
    return out;
}

char *ov_timeline_describe(const ov_model *m, const ov_timeline_opts *opts)
{
    tl_sel s;
    ov_diags d;
    ov_diags_init(&d);
    ov_status st = tl_select_all(&s, m, opts, &d);
    ov_diags_free(&d);
    char *out;
    if (st == OV_ERR_MEMORY)
        out = NULL;
    else if (st != OV_OK || s.nbars == 0)
        out = ov_strdup("The timeline has no organisations to show.");
    else
        out = tl_describe_sel(&s);
    tl_sel_free(&s);
    return out;
}

ov_status ov_timeline_lanes(const ov_model *m, const ov_timeline_opts *opts,
                            const ov_render_opts *ro, size_t *lane_of, size_t *nlanes,
                            double *pitch, ov_day *from, ov_day *to, ov_diags *d)
{
    *pitch = LANE_PITCH;
    tl_layout l;
    memset(&l, 0, sizeof l);
    l.ro = ro;
    l.th = ov_theme_for(ro);
    for (size_t i = 0; i < m->norgs; i++)
        lane_of[i] = NONE;
    *nlanes = 0;
    ov_status st = l.th ? tl_select_all(&l.s, m, opts, d) : OV_ERR_DATA;
    if (st == OV_OK)
        st = tl_do_layout(&l);
    if (st == OV_OK) {
        for (size_t i = 0; i < l.s.nbars; i++)
            lane_of[l.s.bars[i].org] = l.s.bars[i].lane;
        *nlanes = l.nlanes;
        *from = l.s.from;
        *to = l.s.to;
    }
    tl_layout_free(&l);
    return st;
}
