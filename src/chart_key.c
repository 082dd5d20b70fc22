/* The chart's footer: the key (the types and kinds of link drawn) and the
 * source line, side by side below the chart. */
#include <stdio.h>
#include <stdlib.h>

#include "render.h"
#include "chart_int.h"

/* One entry of the key: a sample (two cells' worth of HTML) and a text. */
typedef struct {
    char *sample;
    char *text;
} key_entry;

typedef struct {
    key_entry v[KEY_MAX_TYPES + OV_REL_COUNT + 2 + OV_CH_COUNT];
    size_t n;
} key_list;

/* Three patterns (Graphviz's solid, dashed and dotted) and an arrowhead
 * or none: part of / member of solid; accountable to solid with an arrow
 * at the parent; also member of dashed, thin; commissions dashed with an
 * arrow at the provider; partner of dotted; delegates to dotted with an
 * arrow at the delegate. */
static const ch_line_look looks[OV_REL_COUNT + 1] = {
    [OV_REL_PART_OF] = {"solid", "1", NULL, 0},
    [OV_REL_MEMBER_OF] = {"solid", "1", NULL, 0},
    [OV_REL_ACCOUNTABLE_TO] = {"solid", "2", "normal", 1},
    [OV_REL_COMMISSIONS] = {"dashed", "2", "normal", 0},
    [OV_REL_PARTNER_OF] = {"dotted", "2", NULL, 0},
    [OV_REL_DELEGATES_TO] = {"dotted", "2", "normal", 0},
    [OV_REL_COUNT] = {"dashed", "1", NULL, 0},
};

const ch_line_look *ch_line_look_of(int k)
{
    return &looks[k >= 0 && k <= OV_REL_COUNT ? k : OV_REL_PART_OF];
}

const char *ch_line_colour(const ch_chart *c, int k)
{
    if (k == OV_REL_COUNT)
        return c->th->muted;
    if (k == OV_REL_PART_OF || k == OV_REL_MEMBER_OF)
        return c->th->edge;
    return c->th->link_colour[k];
}

void ch_line_style(ch_chart *c, ov_gedge *e, int k)
{
    const ch_line_look *l = ch_line_look_of(k);
    ov_gv_set(e, "style", l->style);
    ov_gv_set(e, "penwidth", l->width);
    ov_gv_set(e, "color", ch_line_colour(c, k));
    if (!l->arrow) {
        ov_gv_set(e, "dir", "none");
    } else if (l->at_parent) {
        ov_gv_set(e, "dir", "back");
        ov_gv_set(e, "arrowtail", l->arrow);
    } else {
        ov_gv_set(e, "dir", "forward");
        ov_gv_set(e, "arrowhead", l->arrow);
    }
}

static void key_add(ch_chart *c, key_list *k, char *sample, const char *text)
{
    char *cut = ov_text_cut(text, OV_LABEL_MAX_CHARS);
    char *t = cut ? ov_gv_html(cut) : NULL;
    free(cut);
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

/* A line sample of kind K: the bottom border of a fixed-size cell, with
 * the line's pattern and width, and its arrowhead (a triangle in the
 * line's colour) when it has one. */
static char *line_sample(ch_chart *c, int k)
{
    const ch_line_look *l = ch_line_look_of(k);
    const char *colour = ch_line_colour(c, k);
    char *line = ov_asprintf("<TD WIDTH=\"%d\" HEIGHT=\"9\" FIXEDSIZE=\"TRUE\" SIDES=\"B\" "
                             "BORDER=\"%s\" COLOR=\"%s\" STYLE=\"%s\"></TD>",
                             l->arrow ? 24 : 30, l->width, colour,
                             l->style[0] == 's' ? "solid" : l->style);
    if (!line || !l->arrow)
        return line;
    /* U+25BA, in Liberation Sans (Arial's metrics) */
    char *both = ov_asprintf("<TD><TABLE BORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"0\"><TR>%s"
                             "<TD WIDTH=\"6\" HEIGHT=\"9\" FIXEDSIZE=\"TRUE\" CLASS=\"arrow\">"
                             "<FONT POINT-SIZE=\"7\" COLOR=\"%s\">\xE2\x96\xBA</FONT></TD>"
                             "</TR></TABLE></TD>",
                             line, colour);
    free(line);
    return both;
}

static void key_entries(ch_chart *c, key_list *k)
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
        ch_outline_of(c->fill[slot], outline);
        key_add(c, k,
                ov_asprintf("<TD WIDTH=\"30\" HEIGHT=\"13\" FIXEDSIZE=\"TRUE\" BGCOLOR=\"%s\" "
                            "BORDER=\"1\" COLOR=\"%s\" STYLE=\"ROUNDED\"></TD>",
                            c->fill[slot], outline),
                ch_type_label(c, slot));
    }
    unsigned used = c->kinds_used;
    unsigned part = used & (1u << OV_REL_PART_OF);
    unsigned member = used & (1u << OV_REL_MEMBER_OF);
    if (part || member)
        key_add(c, k, line_sample(c, part ? OV_REL_PART_OF : OV_REL_MEMBER_OF),
                part && member ? "part of or member of (above)"
                : part         ? "part of (above)"
                               : "member of (above)");
    if (used & (1u << OV_REL_ACCOUNTABLE_TO))
        key_add(c, k, line_sample(c, OV_REL_ACCOUNTABLE_TO), "accountable to (arrow, above)");
    if (used & (1u << OV_REL_COUNT))
        key_add(c, k, line_sample(c, OV_REL_COUNT), "also member of (second parent)");
    if (used & (1u << OV_REL_COMMISSIONS))
        key_add(c, k, line_sample(c, OV_REL_COMMISSIONS), "commissions (arrow to the provider)");
    if (used & (1u << OV_REL_PARTNER_OF))
        key_add(c, k, line_sample(c, OV_REL_PARTNER_OF), "partner of");
    char *samples[OV_CH_COUNT];
    char *texts[OV_CH_COUNT];
    size_t nmarks = ch_mark_key(c, samples, texts, OV_CH_COUNT);
    for (size_t i = 0; i < nmarks; i++) {
        key_add(c, k, samples[i], texts[i] ? texts[i] : "");
        free(texts[i]);
    }
    if (used & (1u << OV_REL_DELEGATES_TO))
        key_add(c, k, line_sample(c, OV_REL_DELEGATES_TO), "delegates functions to (arrow)");
}

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
static char *source_line(ch_chart *c)
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
    return ch_take(c, &text);
}

/* The key and the source line, side by side, as the bottom label of the
 * cluster ALL that holds the whole chart (the graph's own label is the
 * title, at the top; a node would need edges to stay at the bottom). */
void ch_footer(ch_chart *c, ov_ggraph *all)
{
    key_list k;
    k.n = 0;
    if (!(c->ro->hide & OV_HIDE_KEY))
        key_entries(c, &k);
    char *src = c->ro->hide & OV_HIDE_SOURCES ? NULL : source_line(c);
    ov_buf b;
    ov_buf_init(&b);
    ov_buf_puts(&b, "<TABLE BORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"0\"><TR>"
                    "<TD ALIGN=\"LEFT\" VALIGN=\"TOP\">");
    if (k.n > 0)
        put_key(&b, &k);
    ov_buf_puts(&b, "</TD>");
    if (src) {
        ov_buf_puts(&b, "<TD WIDTH=\"16\"></TD><TD ALIGN=\"LEFT\" VALIGN=\"TOP\" "
                        "BALIGN=\"LEFT\"><FONT POINT-SIZE=\"8\">");
        size_t width = k.n > 2 * KEY_ROWS ? 70 : k.n > KEY_ROWS ? 90 : 110;
        ov_put_wrapped_html(&b, src, width, OV_WRAP_SOURCE_LINES);
        ov_buf_puts(&b, "</FONT></TD>");
    }
    ov_buf_puts(&b, "</TR>");
    if (c->ro->note && !ov_is_blank(c->ro->note)) {
        /* the footnote, under the key and the sources */
        ov_buf_puts(&b, "<TR><TD COLSPAN=\"3\" ALIGN=\"LEFT\" BALIGN=\"LEFT\" "
                        "CELLPADDING=\"4\"><FONT POINT-SIZE=\"9\">");
        ov_put_wrapped_html(&b, c->ro->note, 120, OV_WRAP_SOURCE_LINES);
        ov_buf_puts(&b, "</FONT></TD></TR>");
    }
    ov_buf_puts(&b, "</TABLE>");
    free(src);
    for (size_t i = 0; i < k.n; i++) {
        free(k.v[i].sample);
        free(k.v[i].text);
    }
    ch_set_buf(c, all, "label", &b, 1);
    ov_gv_set(all, "fontsize", "9");
    ov_gv_set(all, "fontcolor", c->th->muted);
}
