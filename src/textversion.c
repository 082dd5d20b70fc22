/* The text version of a chart or a timeline (-T html, and under each
 * picture of the gallery): an HTML fragment that says in tables what the
 * picture shows, for screen-reader users and anyone who cannot read the
 * picture at its size (WCAG 2.1: 1.1.1 non-text content, 1.3.1 info and
 * relationships).
 *
 * A chart is one table, one row per organisation drawn, in the order of
 * the hierarchy: a group of rows (<tbody>, headed by a row header with
 * scope="rowgroup") for the organisations at the top, then one for the
 * organisations under each parent, parents before their children. Each
 * row repeats its parent, so a row read on its own (a screen reader's
 * table navigation) is complete. Organisations whose place on the day is
 * not recorded get a group of their own, and the lines that are not part
 * of the hierarchy (commissions, partner of, delegates to, also member of)
 * a second table. A table was chosen over nested lists: in Chromium's
 * accessibility tree a list nested 4 deep is announced as "list, level 4"
 * with no word of the relation, where a row says "part of NHS
 * Herefordshire CCG" and its dates under their column headers.
 *
 * A timeline is one table of its transitions in date order: date, kind,
 * from, to and label.
 *
 * Every text from the data goes through ov_buf_put_xml: the fragment is
 * well-formed XML and safe HTML for any input. The fragment has no ids,
 * so a page can hold any number of them. */
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "textversion.h"

#include "changes.h"

static void put_text(ov_buf *b, const char *s)
{
    ov_buf_put_xml(b, s, 1);
}

/* A data cell opened with its column's name in data-label (which a page
 * can show beside the value when it stacks the cells on a phone). */
static void open_cell(ov_buf *b, const char *label)
{
    ov_buf_printf(b, "<td data-label=\"%s\">", label);
}

static void put_cell(ov_buf *b, const char *label, const char *text)
{
    open_cell(b, label);
    put_text(b, text);
    ov_buf_puts(b, "</td>");
}

static void put_day_cell(ov_buf *b, const char *label, ov_day day, const char *none)
{
    char human[32];
    if (day == OV_DAY_NONE) {
        put_cell(b, label, none);
        return;
    }
    char iso[16];
    ov_date_iso(day, iso);
    ov_date_human(day, human);
    open_cell(b, label);
    ov_buf_printf(b, "<time datetime=\"%s\">%s</time></td>", iso, human);
}

/* The organisation's name on day D, linked to its url when that is safe. */
static void put_name(ov_buf *b, const ov_org *o, ov_day d)
{
    const char *name = ov_org_name_at(o, d, 0);
    if (o->url && ov_url_is_safe(o->url)) {
        ov_buf_puts(b, "<a href=\"");
        put_text(b, o->url);
        ov_buf_puts(b, "\">");
        put_text(b, name);
        ov_buf_puts(b, "</a>");
    } else {
        put_text(b, name);
    }
}

/* The ODS code, else the first code, else nothing. */
static const char *code_of(const ov_org *o)
{
    const char *ods = ov_org_code(o, "ods");
    if (ods)
        return ods;
    return o->ncodes > 0 ? o->codes[0].value : "";
}

/* The "Since …" cell of organisation I: what changed (CHG, NULL: no
 * such column). */
static void put_change_cell(ov_buf *b, const ov_changes *chg, size_t i)
{
    if (!chg)
        return;
    open_cell(b, "Change");
    const ov_model *m = chg->m;
    const char *sep = "";
    for (int k = 0; k < OV_CH_COUNT; k++) {
        const ov_change *ch = ov_changes_find(chg, i, (ov_change_kind)k);
        if (!ch)
            continue;
        put_text(b, sep);
        put_text(b, ov_change_kind_name(ch->kind));
        if (ch->kind == OV_CH_MOVED && ch->old_parent != OV_NONE) {
            put_text(b, ", from ");
            put_text(b, ov_org_name_at(&m->orgs[ch->old_parent], chg->from, 0));
        } else if (ch->kind == OV_CH_RENAMED) {
            put_text(b, ", formerly ");
            put_text(b, ov_org_name_at(&m->orgs[i], chg->from, 0));
        }
        sep = "; ";
    }
    ov_buf_puts(b, "</td>");
}

static void put_org_row(ov_buf *b, const ov_chart_tree *t, size_t i, const char *under,
                        const ov_changes *chg)
{
    const ov_model *m = t->m;
    const ov_org *o = &m->orgs[i];
    ov_buf_puts(b, "<tr><th scope=\"row\">");
    put_name(b, o, t->at);
    ov_buf_puts(b, "</th>");
    put_cell(b, "Type", ov_org_type_label(m, o));
    put_cell(b, "Code", code_of(o));
    open_cell(b, "Place");
    if (under) {
        put_text(b, under);
    } else if (t->parent[i] != OV_NONE && t->drawn[t->parent[i]]) {
        put_text(b, ov_rel_phrase(m->rels[t->parent_rel[i]].kind));
        ov_buf_putc(b, ' ');
        put_text(b, ov_org_name_at(&m->orgs[t->parent[i]], t->at, 0));
    } else {
        put_text(b, "at the top");
    }
    ov_buf_puts(b, "</td>");
    put_day_cell(b, "From", o->start, "not recorded");
    put_day_cell(b, "To", o->end, "no end date");
    put_change_cell(b, chg, i);
    ov_buf_puts(b, "</tr>\n");
}

static void put_group_head(ov_buf *b, const char *lead, const char *name, size_t n, int cols)
{
    ov_buf_printf(b, "<tbody>\n<tr><th scope=\"rowgroup\" colspan=\"%d\">", cols);
    put_text(b, lead);
    put_text(b, name);
    ov_buf_printf(b, " (%zu)</th></tr>\n", n);
}

static void put_chart_head(ov_buf *b, const char *title, ov_day at, const char *what)
{
    char day[32];
    ov_date_human(at, day);
    ov_buf_puts(b, "<table class=\"orgviz-text\">\n<caption>");
    put_text(b, title);
    ov_buf_printf(b, ", as at %s: %s</caption>\n", day, what);
}

/* The lines of the chart that are not its tree, or nothing. */
static void put_links(ov_buf *b, const ov_chart_tree *t, const char *title)
{
    const ov_model *m = t->m;
    if (t->ncross + t->nalso == 0)
        return;
    put_chart_head(b, title, t->at, "lines outside the hierarchy");
    ov_buf_puts(b, "<thead><tr><th scope=\"col\">From</th><th scope=\"col\">Line</th>"
                   "<th scope=\"col\">To</th><th scope=\"col\">Label</th></tr></thead>\n"
                   "<tbody>\n");
    for (size_t k = 0; k < t->ncross + t->nalso; k++) {
        int also = k >= t->ncross;
        const ov_rel *r = &m->rels[also ? t->also[k - t->ncross] : t->cross[k]];
        ov_buf_puts(b, "<tr><th scope=\"row\">");
        put_text(b, ov_org_name_at(&m->orgs[r->from], t->at, 0));
        ov_buf_puts(b, "</th>");
        open_cell(b, "Line");
        if (also)
            ov_buf_puts(b, "also ");
        put_text(b, ov_rel_phrase(r->kind));
        ov_buf_puts(b, "</td>");
        put_cell(b, "To", ov_org_name_at(&m->orgs[r->to], t->at, 0));
        put_cell(b, "Label", r->label ? r->label : "");
        ov_buf_puts(b, "</tr>\n");
    }
    ov_buf_puts(b, "</tbody>\n</table>\n");
}

/* The organisations gone since chg->from that belong on the chart, as a
 * table: name, type, what became of them. */
static void put_gone(ov_buf *b, const ov_chart_tree *t, const ov_changes *chg, const char *title,
                     int whole)
{
    const ov_model *m = t->m;
    size_t n = 0;
    for (size_t k = 0; k < chg->n; k++) {
        const ov_change *ch = &chg->items[k];
        n += ch->kind == OV_CH_GONE && ov_change_gone_on(chg, ch, whole ? NULL : t->drawn);
    }
    if (n == 0)
        return;
    char day[32];
    ov_date_human(chg->from, day);
    ov_buf_puts(b, "<table class=\"orgviz-text\">\n<caption>");
    put_text(b, title);
    ov_buf_printf(b, ": gone since %s (%zu)</caption>\n", day, n);
    ov_buf_puts(b, "<thead><tr><th scope=\"col\">Organisation</th><th scope=\"col\">Type</th>"
                   "<th scope=\"col\">What became of it</th></tr></thead>\n<tbody>\n");
    for (size_t k = 0; k < chg->n; k++) {
        const ov_change *ch = &chg->items[k];
        if (ch->kind != OV_CH_GONE || !ov_change_gone_on(chg, ch, whole ? NULL : t->drawn))
            continue;
        ov_buf_puts(b, "<tr><th scope=\"row\">");
        put_text(b, ov_org_name_at(&m->orgs[ch->org], chg->from, 0));
        ov_buf_puts(b, "</th>");
        put_cell(b, "Type", ov_org_type_label(m, &m->orgs[ch->org]));
        ov_buf fate;
        ov_buf_init(&fate);
        ov_change_put_fate(&fate, chg, ch);
        put_cell(b, "What became of it", fate.data ? fate.data : "");
        if (fate.oom)
            b->oom = 1;
        ov_buf_free(&fate);
        ov_buf_puts(b, "</tr>\n");
    }
    ov_buf_puts(b, "</tbody>\n</table>\n");
}

char *ov_chart_text_marked(const ov_chart_tree *t, const char *title, const ov_changes *chg,
                           int whole)
{
    int cols = chg ? 7 : 6;
    const ov_model *m = t->m;
    ov_buf b;
    ov_buf_init(&b);
    size_t n = 0;
    size_t *tops = ov_chart_tops(t);
    size_t *order = tops ? ov_chart_preorder(t, tops, t->nroots, &n) : NULL;
    if (!order) {
        free(tops);
        return NULL;
    }
    put_chart_head(&b, title, t->at, "each organisation and where it sits");
    ov_buf_puts(&b, "<thead><tr><th scope=\"col\">Organisation</th><th scope=\"col\">Type</th>"
                    "<th scope=\"col\">Code</th><th scope=\"col\">Place</th>"
                    "<th scope=\"col\">From</th><th scope=\"col\">To</th>");
    if (chg) {
        char since[32];
        ov_date_human(chg->from, since);
        ov_buf_printf(&b, "<th scope=\"col\">Since %s</th>", since);
    }
    ov_buf_puts(&b, "</tr></thead>\n");
    put_group_head(&b, "At the top", "", t->nroots, cols);
    for (size_t k = 0; k < t->nroots; k++)
        put_org_row(&b, t, tops[k], NULL, chg);
    ov_buf_puts(&b, "</tbody>\n");
    for (size_t k = 0; k < n; k++) {
        size_t p = order[k];
        size_t drawn = 0;
        for (size_t c = 0; c < ov_chart_nkids(t, p); c++)
            drawn += t->drawn[ov_chart_kids(t, p)[c]];
        if (drawn == 0)
            continue;
        put_group_head(&b, "Under ", ov_org_name_at(&m->orgs[p], t->at, 0), drawn, cols);
        for (size_t c = 0; c < ov_chart_nkids(t, p); c++) {
            if (t->drawn[ov_chart_kids(t, p)[c]])
                put_org_row(&b, t, ov_chart_kids(t, p)[c], NULL, chg);
        }
        ov_buf_puts(&b, "</tbody>\n");
    }
    if (t->nunplaced > 0) {
        put_group_head(&b, "Not shown: place on this day not recorded", "", t->nunplaced, cols);
        for (size_t k = 0; k < t->nunplaced; k++)
            put_org_row(&b, t, t->unplaced[k], "not recorded on this day", chg);
        ov_buf_puts(&b, "</tbody>\n");
    }
    ov_buf_puts(&b, "</table>\n");
    if (chg)
        put_gone(&b, t, chg, title, whole);
    put_links(&b, t, title);
    free(order);
    free(tops);
    return ov_buf_take(&b);
}

char *ov_chart_text_html(const ov_model *m, const ov_chart_opts *opts, const char *title)
{
    ov_chart_tree t;
    ov_changes chg;
    memset(&chg, 0, sizeof chg);
    int marked = 0;
    ov_diags d;
    ov_diags_init(&d);
    char *out = NULL;
    if (ov_chart_tree_build(&t, m, opts, &d) == OV_OK) {
        if (opts->since != OV_DAY_NONE)
            marked = ov_changes_compute(m, opts->since, opts->at, 0, &chg, &d) == OV_OK;
        out = ov_chart_text_marked(&t,
                                   title && !ov_is_blank(title)         ? title
                                   : m->title && !ov_is_blank(m->title) ? m->title
                                                                        : "Organisation chart",
                                   marked ? &chg : NULL, opts->root == NULL);
    } else {
        out = ov_strdup("<p>Nothing to show on this day.</p>\n");
    }
    ov_changes_free(&chg);
    ov_chart_tree_free(&t);
    ov_diags_free(&d);
    return out;
}

/* ---- timelines ------------------------------------------------------------ */

static const char *tr_phrase(ov_tr_kind k)
{
    static const char *const words[OV_TR_COUNT] = {
        "merger", "split", "succession", "transfer of functions", "absorption",
        "establishment", "abolition"};
    return k >= 0 && k < OV_TR_COUNT ? words[k] : "change";
}

static void put_org_list(ov_buf *b, const char *label, const ov_model *m, const size_t *orgs,
                         size_t n)
{
    open_cell(b, label);
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            ov_buf_puts(b, i + 1 == n ? " and " : ", ");
        if (orgs[i] != OV_NONE)
            put_text(b, ov_org_display_name(&m->orgs[orgs[i]], 0));
    }
    if (n == 0)
        ov_buf_puts(b, "none");
    ov_buf_puts(b, "</td>");
}

char *ov_timeline_text_list(const ov_model *m, const size_t *trs, size_t ntrs, ov_day from,
                            ov_day to, const char *title)
{
    ov_buf b;
    ov_buf_init(&b);
    char a[32];
    char z[32];
    ov_date_human(from, a);
    ov_date_human(to, z);
    ov_buf_puts(&b, "<table class=\"orgviz-text\">\n<caption>");
    put_text(&b, title);
    ov_buf_printf(&b, ": the changes from %s to %s</caption>\n", a, z);
    ov_buf_puts(&b, "<thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Change</th>"
                    "<th scope=\"col\">From</th><th scope=\"col\">To</th>"
                    "<th scope=\"col\">Label</th></tr></thead>\n<tbody>\n");
    for (size_t k = 0; k < ntrs; k++) {
        const ov_transition *x = &m->trans[trs[k]];
        char iso[16];
        char human[32];
        ov_date_iso(x->date, iso);
        ov_date_human(x->date, human);
        ov_buf_printf(&b, "<tr><th scope=\"row\"><time datetime=\"%s\">%s</time></th>", iso,
                      human);
        put_cell(&b, "Change", tr_phrase(x->kind));
        put_org_list(&b, "From", m, x->from, x->nfrom);
        put_org_list(&b, "To", m, x->to, x->nto);
        put_cell(&b, "Label", x->label ? x->label : "");
        ov_buf_puts(&b, "</tr>\n");
    }
    if (ntrs == 0)
        ov_buf_puts(&b, "<tr><td colspan=\"5\">No changes in this period.</td></tr>\n");
    ov_buf_puts(&b, "</tbody>\n</table>\n");
    return ov_buf_take(&b);
}
