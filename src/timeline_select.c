/* The timeline, stage 1: which organisations and transitions are drawn
 * (the --focus lineage, --types), over which days (the axis). */
#include <stdlib.h>
#include <string.h>

#include "timeline_int.h"

void tl_sel_free(tl_sel *s)
{
    free(s->bar_of);
    free(s->bars);
    free(s->trs);
    free(s->ends);
    free(s->type_group);
    memset(s, 0, sizeof *s);
}

typedef struct {
    ov_day date;
    size_t index;
} tr_key;

static int cmp_tr_key(const void *pa, const void *pb)
{
    const tr_key *a = pa;
    const tr_key *b = pb;
    if (a->date != b->date)
        return a->date < b->date ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

static ov_day jan1(ov_day d)
{
    int y;
    int mo;
    int da;
    ov_date_to_ymd(d, &y, &mo, &da);
    return ov_date_from_ymd(y, 1, 1);
}

int tl_year_of(ov_day d)
{
    int y;
    int mo;
    int da;
    ov_date_to_ymd(d, &y, &mo, &da);
    return y;
}

/* Marks the lineage of FOCUS in SHOWN: ancestors through transitions
 * backwards (to -> from) and descendants forwards (from -> to), each
 * transitively; not the other descendants of an ancestor. */
static int lineage(const ov_model *m, size_t focus, unsigned char *shown)
{
    int rc = -1;
    size_t *in_start = calloc(m->norgs + 1, sizeof *in_start);
    size_t *out_start = calloc(m->norgs + 1, sizeof *out_start);
    size_t *in = NULL;
    size_t *out = NULL;
    size_t *fill = NULL;
    size_t *queue = NULL;
    unsigned char *seen = NULL;
    if (!in_start || !out_start)
        goto fail;
    for (size_t t = 0; t < m->ntrans; t++) {
        const ov_transition *tr = &m->trans[t];
        for (size_t k = 0; k < tr->nto; k++) {
            if (tr->to[k] != NONE)
                in_start[tr->to[k] + 1]++;
        }
        for (size_t k = 0; k < tr->nfrom; k++) {
            if (tr->from[k] != NONE)
                out_start[tr->from[k] + 1]++;
        }
    }
    for (size_t i = 0; i < m->norgs; i++) {
        in_start[i + 1] += in_start[i];
        out_start[i + 1] += out_start[i];
    }
    in = malloc((in_start[m->norgs] + 1) * sizeof *in);
    out = malloc((out_start[m->norgs] + 1) * sizeof *out);
    fill = calloc(2 * m->norgs + 1, sizeof *fill);
    queue = malloc((m->norgs + 1) * sizeof *queue);
    seen = calloc(m->norgs + 1, 1);
    if (!in || !out || !fill || !queue || !seen)
        goto fail;
    for (size_t t = 0; t < m->ntrans; t++) {
        const ov_transition *tr = &m->trans[t];
        for (size_t k = 0; k < tr->nto; k++) {
            size_t o = tr->to[k];
            if (o != NONE)
                in[in_start[o] + fill[o]++] = t;
        }
        for (size_t k = 0; k < tr->nfrom; k++) {
            size_t o = tr->from[k];
            if (o != NONE)
                out[out_start[o] + fill[m->norgs + o]++] = t;
        }
    }
    for (int dir = 0; dir < 2; dir++) {
        /* dir 0: ancestors; dir 1: descendants */
        memset(seen, 0, m->norgs);
        size_t head = 0;
        size_t tail = 0;
        queue[tail++] = focus;
        seen[focus] = 1;
        while (head < tail) {
            size_t x = queue[head++];
            shown[x] = 1;
            const size_t *st = dir == 0 ? in_start : out_start;
            const size_t *lst = dir == 0 ? in : out;
            for (size_t k = st[x]; k < st[x + 1]; k++) {
                const ov_transition *tr = &m->trans[lst[k]];
                const size_t *next = dir == 0 ? tr->from : tr->to;
                size_t nnext = dir == 0 ? tr->nfrom : tr->nto;
                for (size_t j = 0; j < nnext; j++) {
                    size_t y = next[j];
                    if (y != NONE && !seen[y]) {
                        seen[y] = 1;
                        queue[tail++] = y;
                    }
                }
            }
        }
    }
    rc = 0;
fail:
    free(in_start);
    free(out_start);
    free(in);
    free(out);
    free(fill);
    free(queue);
    free(seen);
    return rc;
}

ov_status tl_oom(ov_diags *d)
{
    ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "out of memory");
    return OV_ERR_MEMORY;
}

/* --types: known keys, in lane-group order. */
static ov_status select_types(tl_sel *s, const ov_model *m, const ov_timeline_opts *opts,
                              ov_diags *d)
{
    size_t ntypes_opt = opts ? opts->ntypes : 0;
    s->grouped = ntypes_opt > 0;
    s->ngroups = s->grouped ? ntypes_opt + 1 : 1;
    for (size_t t = 0; t < m->ntypes; t++)
        s->type_group[t] = s->grouped ? ntypes_opt : 0;
    for (size_t k = 0; k < ntypes_opt; k++) {
        size_t found = NONE;
        for (size_t t = 0; t < m->ntypes; t++) {
            if (m->types[t].key && strcmp(m->types[t].key, opts->types[k]) == 0)
                found = t;
        }
        if (found == NONE) {
            ov_buf b;
            ov_buf_init(&b);
            for (size_t t = 0; t < m->ntypes; t++)
                ov_buf_printf(&b, "%s%s", t ? ", " : "", m->types[t].key);
            ov_diag_add(d, OV_ERROR, m->path, 0, 0, NULL, NULL,
                        "--types %s: no such type in this file (its types: %s)", opts->types[k],
                        b.data ? b.data : "none");
            ov_buf_free(&b);
            return OV_ERR_DATA;
        }
        if (s->type_group[found] == ntypes_opt)
            s->type_group[found] = k;
    }
    return OV_OK;
}

/* Marks in IN_TR the organisations that take part in a transition;
 * returns 1 when there is any. */
static int mark_in_transitions(const ov_model *m, unsigned char *in_tr)
{
    int any_tr = 0;
    for (size_t t = 0; t < m->ntrans; t++) {
        const ov_transition *tr = &m->trans[t];
        for (size_t k = 0; k < tr->nfrom; k++) {
            if (tr->from[k] != NONE) {
                in_tr[tr->from[k]] = 1;
                any_tr = 1;
            }
        }
        for (size_t k = 0; k < tr->nto; k++) {
            if (tr->to[k] != NONE) {
                in_tr[tr->to[k]] = 1;
                any_tr = 1;
            }
        }
    }
    return any_tr;
}

/* Marks in SHOWN the organisations drawn: the --focus lineage, else those
 * in a transition or of a --types type (everything when the file has no
 * transitions and there is no --types). */
static ov_status select_shown(tl_sel *s, const ov_model *m, const ov_timeline_opts *opts,
                              unsigned char *shown, ov_diags *d)
{
    size_t ntypes_opt = opts ? opts->ntypes : 0;
    unsigned char *in_tr = calloc(m->norgs + 1, 1);
    if (!in_tr)
        return OV_ERR_MEMORY;
    int any_tr = mark_in_transitions(m, in_tr);
    ov_status st = OV_OK;
    if (opts && opts->focus) {
        size_t f = ov_model_find(m, opts->focus);
        if (f == NONE) {
            const char *near = ov_model_suggest_id(m, opts->focus);
            if (near)
                ov_diag_add(d, OV_ERROR, m->path, 0, 0, NULL, NULL,
                            "--focus %s: no organisation has this id; did you mean \"%s\"?",
                            opts->focus, near);
            else
                ov_diag_add(d, OV_ERROR, m->path, 0, 0, NULL, NULL,
                            "--focus %s: no organisation has this id", opts->focus);
            st = OV_ERR_DATA;
        } else if (lineage(m, f, shown) != 0) {
            st = OV_ERR_MEMORY;
        }
    } else {
        for (size_t i = 0; i < m->norgs; i++) {
            const ov_org *o = &m->orgs[i];
            int listed = s->grouped && o->type != NONE && s->type_group[o->type] < ntypes_opt;
            shown[i] = in_tr[i] || listed || (!any_tr && !s->grouped);
        }
    }
    for (size_t i = 0; opts && opts->only && i < m->norgs; i++)
        shown[i] &= opts->only[i];
    free(in_tr);
    return st;
}

/* The days of the axis: --from and --to, else from the dates drawn. */
static ov_status select_axis(tl_sel *s, const ov_model *m, const ov_timeline_opts *opts,
                             const unsigned char *shown, ov_diags *d)
{
    ov_day opt_from = opts ? opts->from : OV_DAY_NONE;
    ov_day opt_to = opts ? opts->to : OV_DAY_NONE;
    ov_day lo = INT32_MAX;
    ov_day hi = INT32_MIN;
    int open_start = 0;
    for (size_t i = 0; i < m->norgs; i++) {
        const ov_org *o = &m->orgs[i];
        if (!shown[i])
            continue;
        open_start = open_start || o->start == OV_DAY_NONE;
        if (o->start != OV_DAY_NONE) {
            lo = o->start < lo ? o->start : lo;
            hi = o->start > hi ? o->start : hi;
        }
        if (o->end != OV_DAY_NONE) {
            lo = o->end < lo ? o->end : lo;
            hi = o->end > hi ? o->end : hi;
        }
    }
    ov_day today = ov_date_today();
    if (opt_to != OV_DAY_NONE)
        s->to = opt_to;
    else
        s->to = hi != INT32_MIN && hi > today ? hi : today;
    if (opt_from != OV_DAY_NONE)
        s->from = opt_from;
    else if (lo != INT32_MAX)
        /* a bar whose start is not known runs from the axis's first day:
         * give it two years, room enough for a name, instead of one */
        s->from = ov_date_from_ymd(tl_year_of(lo) - (open_start ? 2 : 1), 1, 1);
    else
        s->from = ov_date_from_ymd(tl_year_of(s->to) - 1, 1, 1);
    if (s->from > s->to && opt_from == OV_DAY_NONE)
        s->from = jan1(s->to);
    if (s->from > s->to) {
        char a[32];
        char b[32];
        ov_date_human(s->from, a);
        ov_date_human(s->to, b);
        ov_diag_add(d, OV_ERROR, m->path, 0, 0, NULL, NULL,
                    "the timeline would start on %s, after its end on %s", a, b);
        return OV_ERR_DATA;
    }
    return OV_OK;
}

/* Bars of the organisations SHOWN, clipped to the axis. */
static int select_bars(tl_sel *s, const ov_model *m, size_t ntypes_opt, const unsigned char *shown)
{
    s->bars = malloc((m->norgs + 1) * sizeof *s->bars);
    if (!s->bars)
        return -1;
    for (size_t i = 0; i < m->norgs; i++) {
        const ov_org *o = &m->orgs[i];
        s->bar_of[i] = NONE;
        if (!shown[i])
            continue;
        if ((o->start != OV_DAY_NONE && o->start > s->to) ||
            (o->end != OV_DAY_NONE && o->end < s->from))
            continue;
        tl_bar *b = &s->bars[s->nbars];
        memset(b, 0, sizeof *b);
        b->org = i;
        b->open_start = o->start == OV_DAY_NONE || o->start < s->from;
        b->s = b->open_start ? s->from : o->start;
        b->open_end = o->end == OV_DAY_NONE || o->end > s->to;
        b->e = b->open_end ? s->to + 1 : o->end + 1;
        b->group = o->type != NONE ? s->type_group[o->type] : (s->grouped ? ntypes_opt : 0);
        s->bar_of[i] = s->nbars++;
    }
    return 0;
}

/* Fills X from TR with the bars drawn at each end; returns 1 when X is
 * drawn (it links bars, or marks one), else 0. */
static int select_ends(tl_sel *s, const ov_transition *tr, tl_tr *x)
{
    for (size_t j = 0; j < tr->nfrom; j++) {
        size_t o = tr->from[j];
        if (o != NONE && s->bar_of[o] != NONE)
            x->from[x->nfrom++] = s->bar_of[o];
    }
    x->to = x->from + x->nfrom;
    for (size_t j = 0; j < tr->nto; j++) {
        size_t o = tr->to[j];
        if (o != NONE && s->bar_of[o] != NONE)
            x->to[x->nto++] = s->bar_of[o];
    }
    /* an establishment or abolition is drawn as marks at the ends of its
     * bars that are on the axis */
    size_t nmarks = 0;
    if (tr->kind == OV_TR_ESTABLISHMENT) {
        for (size_t j = 0; j < x->nto; j++)
            nmarks += !s->bars[x->to[j]].open_start;
    } else if (tr->kind == OV_TR_ABOLITION) {
        for (size_t j = 0; j < x->nfrom; j++)
            nmarks += !s->bars[x->from[j]].open_end;
    }
    return (x->nfrom > 0 && x->nto > 0) || nmarks > 0;
}

/* The transitions on the axis in date order, with their drawn ends. */
static int select_transitions(tl_sel *s, const ov_model *m)
{
    size_t nends = 0;
    for (size_t t = 0; t < m->ntrans; t++)
        nends += m->trans[t].nfrom + m->trans[t].nto;
    tr_key *keys = malloc((m->ntrans + 1) * sizeof *keys);
    s->trs = malloc((m->ntrans + 1) * sizeof *s->trs);
    s->ends = malloc((nends + 1) * sizeof *s->ends);
    if (!keys || !s->trs || !s->ends) {
        free(keys);
        return -1;
    }
    for (size_t t = 0; t < m->ntrans; t++)
        keys[t] = (tr_key){m->trans[t].date, t};
    qsort(keys, m->ntrans, sizeof *keys, cmp_tr_key);
    size_t used = 0;
    for (size_t k = 0; k < m->ntrans; k++) {
        const ov_transition *tr = &m->trans[keys[k].index];
        if (tr->date == OV_DAY_NONE || tr->date < s->from || tr->date > s->to + 1)
            continue;
        tl_tr *x = &s->trs[s->ntrs];
        memset(x, 0, sizeof *x);
        x->tr = keys[k].index;
        x->from = s->ends + used;
        if (select_ends(s, tr, x)) {
            used += x->nfrom + x->nto;
            s->ntrs++;
        }
    }
    free(keys);
    return 0;
}

/* Works out which organisations and transitions the timeline of OPTS
 * draws, over which days. Free S with tl_sel_free in every case. */
ov_status tl_select_all(tl_sel *s, const ov_model *m, const ov_timeline_opts *opts, ov_diags *d)
{
    ov_status st = OV_ERR_MEMORY;
    memset(s, 0, sizeof *s);
    s->m = m;
    s->bar_of = malloc((m->norgs + 1) * sizeof *s->bar_of);
    s->type_group = malloc((m->ntypes + 1) * sizeof *s->type_group);
    unsigned char *shown = calloc(m->norgs + 1, 1);
    if (!s->bar_of || !s->type_group || !shown)
        goto fail;
    st = select_types(s, m, opts, d);
    if (st == OV_OK)
        st = select_shown(s, m, opts, shown, d);
    if (st == OV_OK)
        st = select_axis(s, m, opts, shown, d);
    if (st == OV_OK &&
        (select_bars(s, m, opts ? opts->ntypes : 0, shown) != 0 || select_transitions(s, m) != 0))
        st = OV_ERR_MEMORY;
fail:
    if (st == OV_ERR_MEMORY)
        tl_oom(d);
    free(shown);
    return st;
}
