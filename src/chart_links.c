/* The links that are not the tree: commissions, partner_of, delegates_to
 * and second parents ("also member of"). Each is drawn one of two ways,
 * with its label beside its line, never on it or on a box:
 *   - routed: between the hub (the organisation with the most links to
 *     the tops of other trees: the CCG) and those trees, drawn beside it,
 *     left and right (chart_place.c): up from the hub's top into a band
 *     kept above it, along a lane of its own, down into the other box's
 *     top; lanes are ordered so that no two lines cross, and each label
 *     sits beside the last stretch of its line, below every lane, in room
 *     that the layout keeps free (the gap between the trees beside the
 *     hub grows to fit the labels);
 *   - a stub: a short line out of the right side of the box it starts
 *     from, and a label naming the other end ("commissions Wye Valley NHS
 *     Trust: acute care"), in room kept free for it to the right of the
 *     box by the layout.
 * Nothing loops round the chart, whatever the distance between the ends. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_int.h"

#define LANE 6.0       /* between the lanes of the gutter */
#define LABEL_GAP 4.0  /* between a label and its line's end or a box */
#define STUB_PITCH 4.0 /* between the labels of stubs from one box */

/* The side (1 left, 2 right) of the hub where organisation I is drawn as
 * the top of a tree beside it, or 0. */
static int flank_of(const ch_chart *c, size_t i)
{
    size_t k = c->item_of[i];
    if (k == OV_NONE || c->tl[k].parent == OV_NONE)
        return 0;
    size_t p = c->tl[k].parent;
    return p == c->flank[0] ? 1 : p == c->flank[1] ? 2 : 0;
}


static void link_text(ch_chart *c, ch_link *l, ov_buf *b)
{
    const ov_rel *rel = &c->m->rels[l->rel];
    const char *label = rel->label && !ov_is_blank(rel->label) ? rel->label : NULL;
    ov_buf text;
    ov_buf_init(&text);
    if (l->also) {
        ov_buf_printf(&text, "also %s", ov_rel_phrase(rel->kind));
        if (!l->routed)
            ov_buf_printf(&text, " %s", ov_org_name_at(&c->m->orgs[l->to], c->t->at, 0));
    } else if (l->routed) {
        ov_buf_puts(&text, label ? label : ov_rel_phrase(rel->kind));
    } else {
        /* the stub is at the relationship's `from`: its verb reads on */
        ov_buf_printf(&text, "%s %s", ov_rel_phrase(rel->kind),
                      ov_org_name_at(&c->m->orgs[l->to], c->t->at, 0));
        if (label)
            ov_buf_printf(&text, ": %s", label);
    }
    ov_buf_puts(b, "<FONT POINT-SIZE=\"8\">");
    ov_put_wrapped_html(b, text.data ? text.data : "", l->routed ? LINK_WIDTH : 2 * LINK_WIDTH,
                        OV_WRAP_DETAIL_LINES);
    ov_buf_puts(b, "</FONT>");
    if (text.oom)
        b->oom = 1;
    ov_buf_free(&text);
}

int ch_plan_links(ch_chart *c)
{
    const ov_chart_tree *t = c->t;
    size_t n = t->ncross + t->nalso;
    if (n == 0)
        return 0;
    c->links = calloc(n, sizeof *c->links);
    unsigned char *busy = calloc(t->n ? t->n : 1, 1); /* a partner end routed already */
    if (!c->links || !busy) {
        free(busy);
        return -1;
    }
    c->nlinks = n;
    for (size_t k = 0; k < n; k++) {
        ch_link *l = &c->links[k];
        l->also = k >= t->ncross;
        l->rel = l->also ? t->also[k - t->ncross] : t->cross[k];
        const ov_rel *rel = &c->m->rels[l->rel];
        l->from = rel->from;
        l->to = rel->to;
        size_t other = l->from == c->hub ? l->to : l->to == c->hub ? l->from : OV_NONE;
        if (!l->also && other != OV_NONE && flank_of(c, other) && !busy[other]) {
            l->routed = 1;
            busy[other] = 1;
        }
        ov_buf b2;
        ov_buf_init(&b2);
        link_text(c, l, &b2);
        l->text = ch_take(c, &b2);
        char name[32];
        snprintf(name, sizeof name, "_label%zu", k);
        l->label = ov_gv_node(c->g, name);
        if (!l->text || !l->label) {
            c->oom = 1;
            break;
        }
        ov_gv_set(l->label, "shape", "plaintext");
        ov_gv_set(l->label, "margin", "0");
        ov_gv_set(l->label, "style", "");
        ov_gv_set(l->label, "fontsize", "8");
        ov_gv_set_html(l->label, "label", l->text);
    }
    free(busy);
    return c->oom ? -1 : 0;
}

void ch_links_measured(ch_chart *c)
{
    double max_w = 0;
    double max_h = 0;
    size_t per_side[3] = {0, 0, 0};
    for (size_t k = 0; k < c->nlinks; k++) {
        ch_link *l = &c->links[k];
        if (l->label)
            ov_gv_remove_node(l->label);
        l->label = NULL;
        if (l->routed) {
            per_side[flank_of(c, l->from == c->hub ? l->to : l->from)]++;
            max_w = l->lw > max_w ? l->lw : max_w;
            max_h = l->lh > max_h ? l->lh : max_h;
            continue;
        }
        size_t s = c->item_of[l->from];
        if (s == OV_NONE)
            continue;
        double side = CH_STUB + LABEL_GAP + l->lw + LABEL_GAP;
        if (side > c->tl[s].side)
            c->tl[s].side = side;
        /* the labels of a box's stubs one below the other from its top
         * (below: what they need beyond the box, for now) */
        c->tl[s].below += l->lh + (c->tl[s].below > 0 ? STUB_PITCH : 0);
    }
    for (size_t k = 0; k < c->nitems; k++) {
        double extra = c->tl[k].below - c->tl[k].h;
        c->tl[k].below = extra > 0 ? extra : 0;
    }
    size_t lanes = per_side[1] > per_side[2] ? per_side[1] : per_side[2];
    if (c->hub == OV_NONE || lanes == 0)
        return;
    c->tl[c->item_of[c->hub]].band = LANE + (double)lanes * LANE + LABEL_GAP + max_h + 2;
    /* the tops of the trees beside the hub far enough apart for a label
     * between two lines, and from the hub */
    for (int side = 0; side < 2; side++) {
        size_t row = c->flank[side];
        if (row == OV_NONE)
            continue;
        double narrow = 0;
        for (size_t k = row + 1; k < c->nitems; k++) {
            if (c->tl[k].parent == row && (narrow == 0 || c->tl[k].w < narrow))
                narrow = c->tl[k].w;
        }
        double gap = max_w + 2 * LABEL_GAP + 4 - narrow / 2;
        c->tl[row].gap = gap > CH_GAP_X ? gap : CH_GAP_X;
    }
}

/* ---- drawing ---------------------------------------------------------------- */

/* How L is drawn: the look of its kind (chart_key.c: the same in the
 * key), its label in the line's colour. */
static void style(ch_chart *c, ov_gedge *e, const ch_link *l)
{
    int k = l->also ? OV_REL_COUNT : (int)c->m->rels[l->rel].kind;
    ch_line_style(c, e, k);
    ov_gv_set(e, "fontcolor", ch_line_colour(c, k));
}

/* 1 when L ends in an arrowhead at its `to` end. */
static int arrowed(const ch_chart *c, const ch_link *l)
{
    const ch_line_look *look = ch_line_look_of(l->also ? OV_REL_COUNT : (int)c->m->rels[l->rel].kind);
    return look->arrow && !look->at_parent;
}

/* Gives edge E the polyline XY (N points, from the tail), ending in an
 * arrowhead when CH_ARROWED, and its label
 * centred at (LX, LY). */
static void put_geometry(ch_chart *c, ov_gedge *e, double *xy, size_t n, int arrowed,
                         const ch_link *l, double lx, double ly)
{
    ov_buf pos;
    ov_buf_init(&pos);
    if (arrowed) {
        /* the line stops short of the tip by the arrowhead's length */
        double tx = xy[2 * n - 2];
        double ty = xy[2 * n - 1];
        double dx = xy[2 * n - 4] - tx;
        double dy = xy[2 * n - 3] - ty;
        double len = sqrt(dx * dx + dy * dy);
        ov_buf_printf(&pos, "e,%.2f,%.2f ", tx, ch_gy(c, ty));
        if (len > CH_ARROW) {
            xy[2 * n - 2] = tx + dx / len * CH_ARROW;
            xy[2 * n - 1] = ty + dy / len * CH_ARROW;
        }
    }
    ch_put_polyline(c, &pos, xy, n);
    ch_set_buf(c, e, "pos", &pos, 0);
    ov_gv_set_html(e, "label", l->text);
    char buf[64];
    snprintf(buf, sizeof buf, "%.2f,%.2f", lx, ch_gy(c, ly));
    ov_gv_set(e, "lp", buf);
}

/* Link L between the hub and the top of a tree beside it: the R-th of
 * N on that side, counted from the outside (the outermost tree gets the
 * highest lane and leaves the hub nearest its middle: no crossings). */
static void draw_routed(ch_chart *c, ov_gedge *e, const ch_link *l, size_t r, size_t n)
{
    size_t other = l->from == c->hub ? l->to : l->from;
    int right = flank_of(c, other) == 2;
    const ov_tl_item *h = &c->tl[c->item_of[c->hub]];
    const ov_tl_item *p = &c->tl[c->item_of[other]];
    double mid = h->x + h->bw / 2;
    double step = (h->bw / 2 - 2 * LANE) / (double)(n + 1);
    step = step > LANE ? LANE : step;
    double d = right ? mid + LANE + (double)r * step : mid - LANE - (double)r * step;
    double lane = h->y - h->band + LANE + (double)r * LANE;
    double px = p->x + p->bw / 2;
    double xy[8] = {d, h->y, d, lane, px, lane, px, p->y};
    if (l->from != c->hub) {
        double rev[8] = {xy[6], xy[7], xy[4], xy[5], xy[2], xy[3], xy[0], xy[1]};
        memcpy(xy, rev, sizeof xy);
    }
    /* beside the last stretch, towards the hub, below every lane */
    double lx = right ? px - LABEL_GAP - l->lw / 2 : px + LABEL_GAP + l->lw / 2;
    double ly = p->y - 2 - l->lh / 2;
    put_geometry(c, e, xy, 4, arrowed(c, l), l, lx, ly);
}

/* A stub out of the right side of L's box; its label at TOP (from the
 * box's top down, one label below the other), the line level with the
 * label's middle but within the box. */
static void draw_stub(ch_chart *c, ov_gedge *e, const ch_link *l, double top)
{
    const ov_tl_item *s = &c->tl[c->item_of[l->from]];
    double y = top + l->lh / 2;
    double lo = s->y + 3;
    double hi = s->y + s->bh - 3;
    y = y < lo ? lo : y > hi ? hi : y;
    double x0 = s->x + s->bw;
    double xy[4] = {x0, y, x0 + CH_STUB, y};
    put_geometry(c, e, xy, 2, arrowed(c, l), l, x0 + CH_STUB + LABEL_GAP + l->lw / 2,
                 top + l->lh / 2);
}

static void rel_ids(ch_chart *c, ov_gedge *e, const ch_link *l)
{
    const char *phrase = ov_rel_phrase(c->m->rels[l->rel].kind);
    if (!l->also) {
        ch_rel_ids(c, e, l->rel, NULL, phrase);
        return;
    }
    char *also = ov_asprintf("also %s", phrase);
    if (!also)
        c->oom = 1;
    ch_rel_ids(c, e, l->rel, "also", also ? also : "also");
    free(also);
}

/* Routed links of one side, outermost first: by the other end's x. */
static size_t side_order(const ch_chart *c, int side, size_t *order)
{
    size_t nr = 0;
    for (size_t k = 0; k < c->nlinks; k++) {
        const ch_link *l = &c->links[k];
        if (!l->routed)
            continue;
        size_t other = l->from == c->hub ? l->to : l->from;
        if (flank_of(c, other) != side)
            continue;
        double x = c->tl[c->item_of[other]].x;
        size_t j = nr++;
        while (j > 0) {
            const ch_link *o = &c->links[order[j - 1]];
            size_t oo = o->from == c->hub ? o->to : o->from;
            double ox = c->tl[c->item_of[oo]].x;
            if (side == 1 ? ox <= x : ox >= x)
                break;
            order[j] = order[j - 1];
            j--;
        }
        order[j] = k;
    }
    return nr;
}

void ch_draw_links(ch_chart *c)
{
    size_t n = c->nlinks;
    if (n == 0)
        return;
    size_t *order = malloc(n * sizeof *order);
    double *next = calloc(c->t->n ? c->t->n : 1, sizeof *next); /* next stub label's top */
    if (!order || !next) {
        c->oom = 1;
        goto done;
    }
    for (int side = 1; side <= 2; side++) {
        size_t nr = side_order(c, side, order);
        for (size_t r = 0; r < nr && !c->oom; r++) {
            const ch_link *l = &c->links[order[r]];
            ov_gedge *e = ch_edge(c, c->node[l->from], c->node[l->to]);
            if (!e)
                break;
            style(c, e, l);
            draw_routed(c, e, l, r, nr);
            rel_ids(c, e, l);
        }
    }
    for (size_t k = 0; k < n && !c->oom; k++) {
        const ch_link *l = &c->links[k];
        if (l->routed)
            continue;
        ov_gedge *e = ch_edge(c, c->node[l->from], c->node[l->to]);
        if (!e)
            break;
        style(c, e, l);
        if (next[l->from] == 0)
            next[l->from] = c->tl[c->item_of[l->from]].y;
        draw_stub(c, e, l, next[l->from]);
        next[l->from] += l->lh + STUB_PITCH;
        rel_ids(c, e, l);
    }
done:
    free(order);
    free(next);
}

void ch_links_free(ch_chart *c)
{
    for (size_t k = 0; k < c->nlinks; k++)
        free(c->links[k].text);
    free(c->links);
    c->links = NULL;
    c->nlinks = 0;
}
