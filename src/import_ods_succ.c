/* import ods: successor links -> transitions. A link is one link whether
 * ODS records it on the predecessor's record (Successor), the successor's
 * (Predecessor) or both; links are grouped by successor and day into
 * absorptions, mergers, successions and splits (see import_ods.c). */
#include <stdlib.h>
#include <string.h>

#include "docwrite.h"
#include "import_ods_int.h"

/* ---- successions ----------------------------------------------------------- */

static void add_link(ods_ctx *c, const char *pred, const char *succ, ov_day date, int on_pred)
{
    for (size_t i = 0; i < c->nlinks; i++) {
        ods_link *l = &c->links[i];
        if (l->date == date && strcmp(l->pred, pred) == 0 && strcmp(l->succ, succ) == 0) {
            l->on_pred |= on_pred;
            l->on_succ |= !on_pred;
            return;
        }
    }
    ods_link *p = ods_grow(c, c->links, c->nlinks, sizeof *p);
    if (p == NULL)
        return;
    c->links = p;
    ods_link *l = &p[c->nlinks++];
    l->pred = ov_strdup(pred);
    l->succ = ov_strdup(succ);
    l->date = date;
    l->on_pred = on_pred;
    l->on_succ = !on_pred;
    l->used = 0;
    if (l->pred == NULL || l->succ == NULL)
        c->oom = 1;
}

/* The Succs of record O: links, stubs for the other ends (--stubs), or a
 * warning for each link left out. */
void ods_read_succs(ods_ctx *c, size_t oi)
{
    json_t *list = ods_path2(c->orgs[oi].rec, "Succs", "Succ");
    for (size_t i = 0; i < ods_n_items(list) && !c->oom; i++) {
        ods_org *o = &c->orgs[oi];
        json_t *s = ods_item(list, i);
        char p[256];
        ods_item_ptr(p, sizeof p, "/Organisation/Succs/Succ", list, i);
        const char *kind = ods_str(s, "Type");
        const char *other = ods_target_code(s);
        ov_day start;
        ov_day end;
        ods_period(c, o->file, p, json_object_get(s, "Date"), &start, &end);
        int is_succ = kind && strcmp(kind, "Successor") == 0;
        if (!is_succ && !(kind && strcmp(kind, "Predecessor") == 0)) {
            ov_diag_at(c->d, OV_WARNING, o->file, p, o->code,
                       "not a Successor or a Predecessor: left out");
            continue;
        }
        if (other == NULL || start == OV_DAY_NONE) {
            ov_diag_at(c->d, OV_WARNING, o->file, p, o->code, "a %s with no %s: left out", kind,
                       other ? "date" : "target code");
            continue;
        }
        char date[11];
        ov_date_iso(start, date);
        if (strcmp(other, o->code) == 0) {
            ov_diag_at(c->d, OV_WARNING, o->file, p, o->code,
                       "a %s that is the organisation itself: left out", kind);
            continue;
        }
        if (ods_find(c, other) == NULL) {
            if (!c->opts->stubs) {
                ov_diag_at(c->d, OV_WARNING, o->file, p, o->code,
                           "%s %s is not in the input: the change on %s is left out "
                           "(--stubs keeps it)",
                           is_succ ? "successor" : "predecessor", other, date);
                continue;
            }
            ods_org *st = ods_add_stub(c, other, json_object_get(s, "Target"), o->file, p);
            if (st == NULL)
                return;
            o = &c->orgs[oi];
            if (is_succ) {
                st->start = start;
                ods_add_note(st, "Its start is the date of the change ODS records (an inference).");
            } else {
                st->end = start - 1;
                ods_add_note(st,
                             "Its end is the day before the change ODS records (an inference).");
            }
        }
        if (is_succ)
            add_link(c, o->code, other, start, 1);
        else
            add_link(c, other, o->code, start, 0);
    }
}

/* A successor that ODS says started after the change cannot be created by
 * it: such links are left out, with a warning. */
void ods_drop_late_links(ods_ctx *c)
{
    for (size_t i = 0; i < c->nlinks; i++) {
        ods_link *l = &c->links[i];
        const ods_org *s = ods_find(c, l->succ);
        if (s == NULL || s->start == OV_DAY_NONE || s->start <= l->date)
            continue;
        char have[11];
        char date[11];
        ov_date_iso(s->start, have);
        ov_date_iso(l->date, date);
        ov_diag_at(c->d, OV_WARNING, s->file, "/Organisation/Date", s->code,
                   "starts on %s, after the change from %s on %s that ODS records: the change "
                   "is left out",
                   have, l->pred, date);
        l->used = 1;
    }
}

/* A predecessor ends the day before its successor takes over, whatever its
 * Status says. */
void ods_end_predecessors(ods_ctx *c)
{
    for (size_t i = 0; i < c->nlinks; i++) {
        ods_link *l = &c->links[i];
        if (l->used)
            continue;
        ods_org *o = ods_find(c, l->pred);
        char date[11];
        char want[11];
        ov_date_iso(l->date, date);
        ov_date_iso(l->date - 1, want);
        if (o == NULL || o->end == l->date - 1)
            continue;
        char have[11] = "";
        if (o->end != OV_DAY_NONE)
            ov_date_iso(o->end, have);
        ov_diag_at(c->d, OV_WARNING, o->file, "/Organisation/Date", o->code,
                   "%s%s%s, but its successor %s takes over on %s: ended on %s",
                   o->end == OV_DAY_NONE ? "no end date" : "ends on ", have,
                   o->end == OV_DAY_NONE && o->active ? " and the status is Active" : "", l->succ,
                   date, want);
        char *text =
            ov_asprintf("ODS gives %s%s, but records its successor %s from %s: "
                        "its end is the day before (an inference).",
                        o->end == OV_DAY_NONE ? "no end date" : "the end ", have, l->succ, date);
        if (text)
            ods_add_note(o, text);
        free(text);
        o->end = l->date - 1;
    }
}

static int cmp_link(const void *a, const void *b)
{
    const ods_link *x = a;
    const ods_link *y = b;
    int r = x->date < y->date ? -1 : x->date > y->date;
    if (r == 0)
        r = strcmp(x->succ, y->succ);
    if (r == 0)
        r = strcmp(x->pred, y->pred);
    return r;
}

/* "From the ODS successor records of A, B and C." for links L[0..N)
 * (one successor): the predecessors whose records give it, then the
 * successor when its record does. */
static void where_recorded(ov_buf *b, const ods_link *l, size_t n)
{
    const char *codes[65];
    size_t k = 0;
    int on_succ = 0;
    for (size_t i = 0; i < n && k < 64; i++) {
        if (l[i].on_pred)
            codes[k++] = l[i].pred;
        on_succ |= l[i].on_succ;
    }
    if (on_succ)
        codes[k++] = l[0].succ;
    ov_buf_printf(b, "From the ODS successor record%s of ", k == 1 ? "" : "s");
    for (size_t i = 0; i < k; i++)
        ov_buf_printf(b, "%s%s", i == 0 ? "" : i + 1 == k ? " and " : ", ", codes[i]);
    ov_buf_puts(b, ".");
}

static void emit_transition(ods_ctx *c, const char *kind, ov_day date, const char *const *from,
                            size_t nfrom, const char *const *to, size_t nto, const char *note)
{
    json_t *t = json_object();
    json_t *f = json_array();
    json_t *tt = json_array();
    json_t *src = json_array();
    char d[11];
    ov_date_iso(date, d);
    for (size_t i = 0; i < nfrom; i++)
        json_array_append_new(f, json_string(from[i]));
    for (size_t i = 0; i < nto; i++)
        json_array_append_new(tt, json_string(to[i]));
    json_array_append_new(src, json_string(ODS_SOURCE));
    json_object_set_new(t, "type", json_string(kind));
    json_object_set_new(t, "date", json_string(d));
    json_object_set_new(t, "from", f);
    json_object_set_new(t, "to", tt);
    json_object_set_new(t, "note", json_string(note));
    json_object_set_new(t, "sources", src);
    if (json_array_append_new(ov_doc_list(c->doc, "transitions"), t) != 0)
        c->oom = 1;
}

/* One transition for links L[0..N) (one successor, one date). */
static void group_transition(ods_ctx *c, const ods_link *l, size_t n)
{
    const ods_org *s = ods_find(c, l[0].succ);
    const char *kind = "succession";
    if (s->start == OV_DAY_NONE || s->start < l[0].date)
        kind = "absorption";
    else if (n > 1)
        kind = "merger";
    const char **from = malloc(n * sizeof *from);
    ov_buf note;
    ov_buf_init(&note);
    where_recorded(&note, l, n);
    if (from == NULL || note.oom) {
        c->oom = 1;
        free(from);
        ov_buf_free(&note);
        return;
    }
    for (size_t i = 0; i < n; i++)
        from[i] = l[i].pred;
    emit_transition(c, kind, l[0].date, from, n, (const char *const *)&l[0].succ, 1, note.data);
    free(from);
    ov_buf_free(&note);
}

/* One predecessor of several new organisations on one day, each of which
 * has no other predecessor that day: a split. Returns 1 when emitted. */
static int try_split(ods_ctx *c, size_t at)
{
    ods_link *l = &c->links[at];
    const char *to[64];
    size_t n = 0;
    for (size_t i = 0; i < c->nlinks && n < 64; i++) {
        ods_link *k = &c->links[i];
        if (k->used || k->date != l->date || strcmp(k->pred, l->pred) != 0)
            continue;
        const ods_org *s = ods_find(c, k->succ);
        if (s->start != k->date)
            return 0;
        for (size_t j = 0; j < c->nlinks; j++) {
            if (j != i && c->links[j].date == k->date && strcmp(c->links[j].succ, k->succ) == 0)
                return 0;
        }
        to[n++] = k->succ;
    }
    if (n < 2)
        return 0;
    char *note = ov_asprintf("From the ODS successor record of %s.", l->pred);
    emit_transition(c, "split", l->date, (const char *const *)&l->pred, 1, to, n, note ? note : "");
    free(note);
    for (size_t i = 0; i < c->nlinks; i++) {
        if (c->links[i].date == l->date && strcmp(c->links[i].pred, l->pred) == 0)
            c->links[i].used = 1;
    }
    return 1;
}

void ods_emit_transitions(ods_ctx *c)
{
    if (c->nlinks == 0)
        return;
    qsort(c->links, c->nlinks, sizeof *c->links, cmp_link);
    for (size_t i = 0; i < c->nlinks; i++) {
        if (!c->links[i].used)
            try_split(c, i);
    }
    size_t i = 0;
    while (i < c->nlinks) {
        size_t j = i + 1;
        while (j < c->nlinks && c->links[j].date == c->links[i].date &&
               strcmp(c->links[j].succ, c->links[i].succ) == 0)
            j++;
        if (!c->links[i].used)
            group_transition(c, &c->links[i], j - i);
        i = j;
    }
}
