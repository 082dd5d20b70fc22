/* The chart marked against an earlier day (chart --since): each
 * organisation new, moved, renamed or changed since then carries a badge
 * in words and an outline of its own pattern (never colour alone), and the
 * organisations of that day that are gone are listed in a side panel with
 * what became of them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_int.h"
#include "svg.h"

/* Per kind of change (new, gone, moved, renamed, changed): the badge,
 * the outline's Graphviz style and width, and the key's words. */
static const struct {
    const char *badge;
    const char *style;
    const char *penwidth;
    const char *cell_style; /* the key's sample cell */
    const char *key_pre; /* the key's words, before and after the day */
    const char *key_post;
} mark_look[OV_CH_COUNT] = {
    {"NEW", "rounded,filled,bold", "3", "ROUNDED", "did not exist on ", ""},
    {"GONE", "rounded,dashed", "1.5", "DASHED", "existed on ", ", listed apart"},
    {"MOVED", "rounded,filled,dashed", "2.5", "DASHED", "under another parent than on ", ""},
    {"RENAMED", "rounded,filled,dotted", "2.5", "DOTTED", "renamed since ", ""},
    {"CHANGED", "rounded,filled,dotted", "2.5", "DOTTED", "type or facts changed since ", ""},
};

/* At most this many gone organisations in the panel; then a count. */
#define GONE_MAX 30

int ch_changes_init(ch_chart *c, const ov_chart_opts *opts, ov_diags *d)
{
    if (opts->since == OV_DAY_NONE)
        return 0;
    c->chg = calloc(1, sizeof *c->chg);
    c->mark = calloc(c->m->norgs ? c->m->norgs : 1, 1);
    c->shown = calloc(c->m->norgs ? c->m->norgs : 1, 1);
    if (!c->chg || !c->mark || !c->shown)
        return -1;
    for (size_t i = 0; i < c->m->norgs; i++)
        c->shown[i] = c->t->drawn[i];
    ov_status st = ov_changes_compute(c->m, opts->since, opts->at, 0, c->chg, d);
    if (st != OV_OK)
        return st == OV_ERR_MEMORY ? -1 : 1;
    for (size_t k = 0; k < c->chg->n; k++) {
        const ov_change *ch = &c->chg->items[k];
        if (ch->kind != OV_CH_GONE)
            c->mark[ch->org] |= (unsigned char)(1u << ch->kind);
    }
    return 0;
}

void ch_changes_free(ch_chart *c)
{
    if (c->chg)
        ov_changes_free(c->chg);
    free(c->chg);
    free(c->mark);
    free(c->shown);
}

void ch_mark_class(const ch_chart *c, ov_buf *b, size_t i)
{
    if (!c->mark)
        return;
    for (int k = 0; k < OV_CH_COUNT; k++) {
        if (c->mark[i] & (1u << k))
            ov_buf_printf(b, " change-%s", ov_change_kind_name((ov_change_kind)k));
    }
}

void ch_mark_badge(const ch_chart *c, ov_buf *b, size_t i, int small)
{
    if (!c->mark || !c->mark[i])
        return;
    ov_buf_printf(b, "<TR><TD><FONT POINT-SIZE=\"%d\"><B>", small);
    const char *sep = "";
    for (int k = 0; k < OV_CH_COUNT; k++) {
        if (c->mark[i] & (1u << k)) {
            ov_buf_printf(b, "%s%s", sep, mark_look[k].badge);
            sep = " · ";
        }
    }
    ov_buf_puts(b, "</B></FONT></TD></TR>");
    if (c->mark[i] & (1u << OV_CH_RENAMED)) {
        ov_buf_printf(b, "<TR><TD><FONT POINT-SIZE=\"%d\"><I>formerly ", small);
        ov_put_wrapped_html(b, ov_org_name_at(&c->m->orgs[i], c->chg->from, 0), DETAIL_WIDTH,
                            OV_WRAP_DETAIL_LINES);
        ov_buf_puts(b, "</I></FONT></TD></TR>");
    }
}

void ch_mark_outline(ch_chart *c, ov_gnode *n, size_t i)
{
    if (!c->mark || !c->mark[i])
        return;
    /* the strongest mark gives the outline: new, moved, renamed, changed */
    static const ov_change_kind order[] = {OV_CH_NEW, OV_CH_MOVED, OV_CH_RENAMED, OV_CH_CHANGED};
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
        if (c->mark[i] & (1u << order[k])) {
            ov_gv_set(n, "style", mark_look[order[k]].style);
            ov_gv_set(n, "penwidth", mark_look[order[k]].penwidth);
            ov_gv_set(n, "color", c->th->text);
            c->marks_used |= 1u << order[k];
            return;
        }
    }
}

void ch_mark_tooltip(const ch_chart *c, ov_buf *b, size_t i)
{
    if (!c->mark || !c->mark[i])
        return;
    char day[32];
    ov_date_human(c->chg->from, day);
    const ov_model *m = c->m;
    for (int k = 0; k < OV_CH_COUNT; k++) {
        const ov_change *ch = (c->mark[i] & (1u << k))
                                  ? ov_changes_find(c->chg, i, (ov_change_kind)k)
                                  : NULL;
        if (!ch)
            continue;
        switch (ch->kind) {
        case OV_CH_NEW:
            ov_buf_printf(b, "\nNew since %s", day);
            break;
        case OV_CH_MOVED:
            ov_buf_printf(b, "\nMoved since %s", day);
            if (ch->old_parent != OV_NONE)
                ov_buf_printf(b, ": from %s",
                              ov_org_name_at(&m->orgs[ch->old_parent], c->chg->from, 0));
            break;
        case OV_CH_RENAMED:
            ov_buf_printf(b, "\nRenamed since %s: formerly %s", day,
                          ov_org_name_at(&m->orgs[i], c->chg->from, 0));
            break;
        default:
            ov_buf_printf(b, "\nType or facts changed since %s", day);
            break;
        }
    }
}

static void gone_node(ch_chart *c, size_t panel, const ov_change *ch)
{
    const ov_model *m = c->m;
    const ov_org *o = &m->orgs[ch->org];
    ov_buf b;
    ov_buf_init(&b);
    ov_buf_printf(&b, "gone-%s", o->id);
    char *id = ch_take(c, &b);
    char *name = id ? ov_asprintf("_%s", id) : NULL; /* no organisation's id starts with '_' */
    ov_gnode *n = name ? ov_gv_node(c->g, name) : NULL;
    free(name);
    if (!n || ch_add_item(c, OV_TL_BOX, panel, n, OV_NONE) == OV_NONE) {
        c->oom = 1;
        free(id);
        return;
    }
    ov_gv_set(n, "id", id);
    ov_buf_puts(&b, "org change-gone type-");
    ch_put_class_token(&b, o->type_key ? o->type_key : "unknown");
    ch_set_buf(c, n, "class", &b, 0);
    const char *was = ov_org_name_at(o, c->chg->from, 0);
    ov_buf fate;
    ov_buf_init(&fate);
    ov_change_put_fate(&fate, c->chg, ch);
    ov_buf_puts(&b, "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\">"
                    "<TR><TD><FONT POINT-SIZE=\"8\"><B>GONE</B></FONT></TD></TR><TR><TD><B>");
    ov_put_wrapped_html(&b, was, NAME_WIDTH, OV_WRAP_NAME_LINES);
    ov_buf_puts(&b, "</B></TD></TR><TR><TD><FONT POINT-SIZE=\"8\">");
    ov_put_wrapped_html(&b, ch_type_label(c, ch_type_slot(c, ch->org)), DETAIL_WIDTH, OV_WRAP_DETAIL_LINES);
    ov_buf_puts(&b, "</FONT></TD></TR><TR><TD><FONT POINT-SIZE=\"8\"><I>");
    if (fate.data)
        ov_put_wrapped_html(&b, fate.data, 30, OV_WRAP_DETAIL_LINES);
    ov_buf_puts(&b, "</I></FONT></TD></TR></TABLE>");
    ch_set_buf(c, n, "label", &b, 1);
    ov_gv_set(n, "style", mark_look[OV_CH_GONE].style);
    ov_gv_set(n, "penwidth", mark_look[OV_CH_GONE].penwidth);
    ov_gv_set(n, "color", c->th->text);
    ov_gv_set(n, "fontcolor", c->th->text);
    ov_gv_set(n, "width", "2.2");
    ov_gv_set(n, "style", "rounded");
    ov_buf_puts(&b, was);
    ov_buf_printf(&b, "\n%s\nGone: %s", ch_type_label(c, ch_type_slot(c, ch->org)),
                  fate.data ? fate.data : "");
    char *tip = ch_take(c, &b);
    if (fate.oom)
        c->oom = 1;
    ov_buf_free(&fate);
    if (tip && ov_svg_meta_add(c->meta, id, tip, NULL) != 0)
        c->oom = 1;
    free(tip);
    free(id);
}

void ch_gone_panel(ch_chart *c, size_t parent, const ov_chart_opts *opts)
{
    if (!c->chg)
        return;
    size_t n = 0;
    size_t shown = 0;
    size_t panel = OV_NONE;
    for (size_t k = 0; k < c->chg->n; k++) {
        const ov_change *ch = &c->chg->items[k];
        if (ch->kind != OV_CH_GONE ||
            !ov_change_gone_on(c->chg, ch, opts->root ? c->t->drawn : NULL))
            continue;
        c->shown[ch->org] = 1;
        n++;
        if (shown == GONE_MAX)
            continue;
        if (panel == OV_NONE) {
            ov_buf b;
            ov_buf_init(&b);
            char day[32];
            ov_date_human(c->chg->from, day);
            ov_gnode *p = ov_gv_node(c->g, "_gone");
            panel = p ? ch_add_item(c, OV_TL_STACK, parent, p, OV_NONE) : OV_NONE;
            if (panel == OV_NONE) {
                c->oom = 1;
                return;
            }
            c->tl[panel].rows = GONE_MAX + 1; /* one column */
            ov_gv_set(p, "id", "gone");
            ov_gv_set(p, "class", "gone-panel");
            ov_buf_printf(&b, "<B>Gone since %s</B>", day);
            ch_set_buf(c, p, "label", &b, 1);
            ov_gv_set(p, "labelloc", "t");
            ov_gv_set(p, "style", "rounded");
            ov_gv_set(p, "color", c->th->panel_border);
            ov_gv_set(p, "fontcolor", c->th->text);
            c->marks_used |= 1u << OV_CH_GONE;
        }
        gone_node(c, panel, ch);
        shown++;
    }
    if (n > shown && panel != OV_NONE) {
        char more[96];
        snprintf(more, sizeof more, "and %zu more: 'orgviz changes' lists them all", n - shown);
        ov_gnode *m = ov_gv_node(c->g, "_gone-more");
        if (!m || ch_add_item(c, OV_TL_BOX, panel, m, OV_NONE) == OV_NONE) {
            c->oom = 1;
            return;
        }
        ov_gv_set(m, "label", more);
        ov_gv_set(m, "shape", "plaintext");
        ov_gv_set(m, "style", "");
        ov_gv_set(m, "fontcolor", c->th->text);
    }
}

size_t ch_mark_key(const ch_chart *c, char **samples, char **texts, size_t max)
{
    if (!c->chg)
        return 0;
    char day[32];
    ov_date_human(c->chg->from, day);
    size_t n = 0;
    for (int kind = 0; kind < OV_CH_COUNT && n < max; kind++) {
        if (!(c->marks_used & (1u << kind)))
            continue;
        samples[n] = ov_asprintf(
            "<TD WIDTH=\"30\" HEIGHT=\"13\" FIXEDSIZE=\"TRUE\" BORDER=\"2\" COLOR=\"%s\" "
            "STYLE=\"%s\"></TD>",
            c->th->text, mark_look[kind].cell_style);
        texts[n] = ov_asprintf("%s: %s%s%s", mark_look[kind].badge, mark_look[kind].key_pre,
                               day, mark_look[kind].key_post);
        n++;
    }
    return n;
}
