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
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gv.h"
#include "lanes.h"
#include "textversion.h"
#include "render.h"
#include "svg.h"
#include "theme.h"
#include "util.h"

#define NONE OV_NONE

/* Geometry, in points. */
#define AXIS_W 1100.0    /* the time axis */
#define MARGIN 24.0      /* around everything */
#define LANE_PITCH 30.0  /* from one lane to the next */
#define BAR_H 18.0       /* a bar's height */
#define GROUP_HEAD 22.0  /* a lane group's heading row */
#define FONT 10.0        /* bar labels, key */
#define SMALL 9.0        /* axis, markers */
#define TITLE 16.0
#define PAD 5.0          /* label inside a bar, from its ends */
#define GAP_PT 36.0      /* unrelated bars in one lane are at least this far apart */
#define FADE_PT 14.0     /* the faded end of a bar that continues (whole points) */
#define RUN 7.0          /* a connector's horizontal run each side of its date */
#define ARROW 5.0        /* arrowhead length (arrowsize 0.5) */
#define MARKER_ROW 13.0  /* one row of transition date labels */
#define MAX_MARKER_ROWS 4
#define KEY_LINE 14.0
#define MAX_KEY_LINES 40
#define GRID "#E8EDEE"   /* year lines behind the bars */
/* A transition with more from x to pairs than this is drawn through a hub
 * (n + m connectors instead of n * m): Graphviz 2.43 parses an edge's pos
 * in time quadratic in its length. */
#define MAX_PAIRS 1024

/* ---- text measurement -------------------------------------------------- */

/* Advance widths of Arial (= Liberation Sans = Helvetica metrics) for
 * ' ' to '~', in 1/1000 em. */
static const unsigned short arial[95] = {
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, /* sp-/ */
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556,                               /* 0-9 */
    278, 278, 584, 584, 584, 556, 1015,                                             /* :-@ */
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722,
    667, 611, 722, 667, 944, 667, 667, 611,                                         /* A-Z */
    278, 278, 278, 469, 556, 333,                                                   /* [-` */
    556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333,
    500, 278, 556, 500, 722, 500, 500, 500,                                         /* a-z */
    334, 260, 334, 584};                                                            /* {-~ */

/* Estimated width in points of the N bytes of UTF-8 text at S, at SIZE
 * (bold about 8% wider). Wide scripts and emoji count one em. */
static double text_width_n(const char *s, size_t n, double size, int bold)
{
    double units = 0;
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n && p[i]; i++) {
        unsigned char c = p[i];
        if (c >= 32 && c < 127)
            units += arial[c - 32];
        else if (c < 32)
            units += 278; /* becomes a space */
        else if (c >= 0xF0)
            units += 1000;
        else if (c >= 0xE0)
            units += (i + 1 < n && p[i + 1] >= 0xBA) || c > 0xE2 ? 1000 : 600;
        else if (c >= 0xC0)
            units += 580;
        /* continuation bytes add nothing */
    }
    return units / 1000.0 * size * (bold ? 1.08 : 1.0);
}

static double text_width(const char *s, double size, int bold)
{
    return text_width_n(s, strlen(s), size, bold);
}

/* A new copy of S cut at a character boundary and ended with an ellipsis
 * so that it is at most W points wide; NULL when not even one character
 * fits (or out of memory). */
static char *truncate_to(const char *s, double w, double size)
{
    static const char ell[] = "\xE2\x80\xA6"; /* U+2026 */
    double avail = w - text_width(ell, size, 0);
    size_t keep = 0;
    size_t i = 0;
    while (s[i]) {
        size_t k = i + 1;
        while ((s[k] & 0xC0) == 0x80)
            k++;
        avail -= text_width_n(s + i, k - i, size, 0);
        if (avail < 0)
            break;
        i = k;
        keep = i;
    }
    while (keep > 0 && s[keep - 1] == ' ')
        keep--;
    if (keep == 0)
        return NULL;
    char *out = malloc(keep + sizeof ell);
    if (!out)
        return NULL;
    memcpy(out, s, keep);
    memcpy(out + keep, ell, sizeof ell);
    return out;
}

/* ---- what is drawn -------------------------------------------------------- */

typedef struct {
    size_t org;
    ov_day s;       /* first day drawn */
    ov_day e;       /* day after the last day drawn */
    int open_start; /* continues before s: no start date, or before --from */
    int open_end;   /* continues after e: no end date, or after --to */
    size_t group;
    size_t lane;
    double x0;
    double x1;
    double y; /* centre, from the top */
} tl_bar;

typedef struct {
    size_t tr;    /* index into m->trans */
    size_t *from; /* bars (into sel.ends) */
    size_t nfrom;
    size_t *to;
    size_t nto;
    size_t nmarks; /* establishment, abolition: marked bars (the to / from lists) */
} tl_tr;

typedef struct {
    const ov_model *m;
    ov_day from; /* first day of the axis */
    ov_day to;   /* last day of the axis */
    size_t *bar_of; /* org -> bar or NONE */
    tl_bar *bars;
    size_t nbars;
    tl_tr *trs; /* drawn transitions, by date */
    size_t ntrs;
    size_t *ends;
    size_t ngroups;
    int grouped;
    size_t *type_group; /* type -> group */
} tl_sel;

static void sel_free(tl_sel *s)
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

static int year_of(ov_day d)
{
    int y;
    int mo;
    int da;
    ov_date_to_ymd(d, &y, &mo, &da);
    return y;
}

static int same_ignoring_case(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
        if (x != y)
            return 0;
    }
    return *a == *b;
}

/* "did you mean" for an unknown --focus id: the same id in other case,
 * else the nearest by edit distance (at most 2) */
static const char *nearest_id(const ov_model *m, const char *id)
{
    const char *best = NULL;
    size_t bestd = 3;
    for (size_t i = 0; i < m->norgs; i++) {
        if (m->orgs[i].id && same_ignoring_case(m->orgs[i].id, id))
            return m->orgs[i].id;
    }
    for (size_t i = 0; i < m->norgs; i++) {
        if (!m->orgs[i].id)
            continue;
        size_t dd = ov_edit_distance(id, m->orgs[i].id, 2);
        if (dd < bestd) {
            bestd = dd;
            best = m->orgs[i].id;
        }
    }
    return best;
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

static ov_status oom(ov_diags *d)
{
    ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "out of memory");
    return OV_ERR_MEMORY;
}

/* Works out which organisations and transitions the timeline of OPTS
 * draws, over which days. Free S with sel_free in every case. */
static ov_status select_all(tl_sel *s, const ov_model *m, const ov_timeline_opts *opts,
                            ov_diags *d)
{
    ov_status st = OV_ERR_MEMORY;
    unsigned char *shown = NULL;
    unsigned char *in_tr = NULL;
    tr_key *keys = NULL;
    memset(s, 0, sizeof *s);
    s->m = m;
    size_t ntypes_opt = opts ? opts->ntypes : 0;
    ov_day opt_from = opts ? opts->from : OV_DAY_NONE;
    ov_day opt_to = opts ? opts->to : OV_DAY_NONE;

    s->bar_of = malloc((m->norgs + 1) * sizeof *s->bar_of);
    s->type_group = malloc((m->ntypes + 1) * sizeof *s->type_group);
    shown = calloc(m->norgs + 1, 1);
    in_tr = calloc(m->norgs + 1, 1);
    if (!s->bar_of || !s->type_group || !shown || !in_tr)
        goto fail;

    /* --types: known keys, in lane-group order */
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
            st = OV_ERR_DATA;
            goto fail;
        }
        if (s->type_group[found] == ntypes_opt)
            s->type_group[found] = k;
    }

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

    if (opts && opts->focus) {
        size_t f = ov_model_find(m, opts->focus);
        if (f == NONE) {
            const char *near = nearest_id(m, opts->focus);
            if (near)
                ov_diag_add(d, OV_ERROR, m->path, 0, 0, NULL, NULL,
                            "--focus %s: no organisation has this id (did you mean %s?)",
                            opts->focus, near);
            else
                ov_diag_add(d, OV_ERROR, m->path, 0, 0, NULL, NULL,
                            "--focus %s: no organisation has this id", opts->focus);
            st = OV_ERR_DATA;
            goto fail;
        }
        if (lineage(m, f, shown) != 0)
            goto fail;
    } else {
        for (size_t i = 0; i < m->norgs; i++) {
            const ov_org *o = &m->orgs[i];
            int listed = s->grouped && o->type != NONE && s->type_group[o->type] < ntypes_opt;
            shown[i] = in_tr[i] || listed || (!any_tr && !s->grouped);
        }
    }

    /* the days of the axis */
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
        s->from = ov_date_from_ymd(year_of(lo) - (open_start ? 2 : 1), 1, 1);
    else
        s->from = ov_date_from_ymd(year_of(s->to) - 1, 1, 1);
    if (s->from > s->to && opt_from == OV_DAY_NONE)
        s->from = jan1(s->to);
    if (s->from > s->to) {
        char a[32];
        char b[32];
        ov_date_human(s->from, a);
        ov_date_human(s->to, b);
        ov_diag_add(d, OV_ERROR, m->path, 0, 0, NULL, NULL,
                    "the timeline would start on %s, after its end on %s", a, b);
        st = OV_ERR_DATA;
        goto fail;
    }

    /* bars, clipped to the axis */
    s->bars = malloc((m->norgs + 1) * sizeof *s->bars);
    if (!s->bars)
        goto fail;
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

    /* transitions in date order, with their drawn ends */
    size_t nends = 0;
    for (size_t t = 0; t < m->ntrans; t++)
        nends += m->trans[t].nfrom + m->trans[t].nto;
    keys = malloc((m->ntrans + 1) * sizeof *keys);
    s->trs = malloc((m->ntrans + 1) * sizeof *s->trs);
    s->ends = malloc((nends + 1) * sizeof *s->ends);
    if (!keys || !s->trs || !s->ends)
        goto fail;
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
        for (size_t j = 0; j < tr->nfrom; j++) {
            size_t o = tr->from[j];
            if (o != NONE && s->bar_of[o] != NONE)
                x->from[x->nfrom++] = s->bar_of[o];
        }
        used += x->nfrom;
        x->to = s->ends + used;
        for (size_t j = 0; j < tr->nto; j++) {
            size_t o = tr->to[j];
            if (o != NONE && s->bar_of[o] != NONE)
                x->to[x->nto++] = s->bar_of[o];
        }
        used += x->nto;
        if (tr->kind == OV_TR_ESTABLISHMENT) {
            for (size_t j = 0; j < x->nto; j++)
                x->nmarks += !s->bars[x->to[j]].open_start;
        } else if (tr->kind == OV_TR_ABOLITION) {
            for (size_t j = 0; j < x->nfrom; j++)
                x->nmarks += !s->bars[x->from[j]].open_end;
        }
        if ((x->nfrom > 0 && x->nto > 0) || x->nmarks > 0)
            s->ntrs++;
        else
            used -= x->nfrom + x->nto;
    }
    st = OV_OK;
fail:
    if (st == OV_ERR_MEMORY)
        oom(d);
    free(shown);
    free(in_tr);
    free(keys);
    return st;
}

/* ---- words ------------------------------------------------------------- */

static const char *const number_words[] = {"zero", "one",  "two", "three", "four",
                                           "five", "six",  "seven", "eight", "nine",
                                           "ten",  "eleven", "twelve"};

static void put_count(ov_buf *b, size_t n)
{
    if (n < sizeof number_words / sizeof number_words[0])
        ov_buf_puts(b, number_words[n]);
    else
        ov_buf_printf(b, "%zu", n);
}

/* The plural of a type for counted lists: "CCGs" from the key "ccg",
 * "local authorities" from "Local authority", else "organisations". */
static void put_plural(ov_buf *b, const ov_model *m, const size_t *orgs, size_t n)
{
    size_t type = n > 0 ? m->orgs[orgs[0]].type : NONE;
    for (size_t i = 1; i < n; i++) {
        if (m->orgs[orgs[i]].type != type)
            type = NONE;
    }
    if (type == NONE) {
        ov_buf_puts(b, n == 1 ? "organisation" : "organisations");
        return;
    }
    const ov_type *t = &m->types[type];
    size_t klen = t->key ? strlen(t->key) : 0;
    int acronym = klen >= 2 && klen <= 4;
    for (size_t i = 0; acronym && i < klen; i++) {
        if (!((t->key[i] >= 'a' && t->key[i] <= 'z') || (t->key[i] >= 'A' && t->key[i] <= 'Z')))
            acronym = 0;
    }
    if (acronym) {
        for (size_t i = 0; i < klen; i++) {
            char c = t->key[i];
            ov_buf_putc(b, (char)(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c));
        }
        if (n != 1)
            ov_buf_putc(b, 's');
        return;
    }
    const char *label = t->label && !ov_is_blank(t->label) ? t->label : t->key;
    size_t len = strlen(label);
    /* lower-case the first letter of sentence-case labels ("Local authority") */
    int sentence = 0;
    for (const char *p = strchr(label, ' '); p; p = strchr(p + 1, ' ')) {
        if (p[1] >= 'a' && p[1] <= 'z')
            sentence = 1;
    }
    char first = label[0];
    if (sentence && first >= 'A' && first <= 'Z' && !(label[1] >= 'A' && label[1] <= 'Z'))
        first = (char)(first - 'A' + 'a');
    ov_buf_putc(b, first);
    if (n == 1) {
        ov_buf_puts(b, label + 1);
        return;
    }
    if (len >= 2 && label[len - 1] == 'y' && !strchr("aeiou", label[len - 2])) {
        ov_buf_putn(b, label + 1, len - 2);
        ov_buf_puts(b, "ies");
    } else {
        ov_buf_puts(b, label + 1);
        ov_buf_putc(b, 's');
    }
}

/* "A", "A and B", "A, B and C" (full names); four or more as "four CCGs". */
static void put_orgs(ov_buf *b, const ov_model *m, const size_t *orgs, size_t n)
{
    if (n > 3) {
        put_count(b, n);
        ov_buf_putc(b, ' ');
        put_plural(b, m, orgs, n);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            ov_buf_puts(b, i + 1 == n ? " and " : ", ");
        ov_buf_puts(b, ov_org_display_name(&m->orgs[orgs[i]], 0));
    }
}

/* Every name of ORGS, for tooltips: "A, B and C", at most 12 then "and N
 * others". */
static void put_names(ov_buf *b, const ov_model *m, const size_t *orgs, size_t n)
{
    size_t shown = n > 12 ? 11 : n;
    for (size_t i = 0; i < shown; i++) {
        if (i > 0)
            ov_buf_puts(b, i + 1 == n ? " and " : ", ");
        ov_buf_puts(b, ov_org_display_name(&m->orgs[orgs[i]], 0));
    }
    if (shown < n)
        ov_buf_printf(b, " and %zu others", n - shown);
}

typedef struct {
    ov_day date;
    int kind;
    size_t pos; /* in sel.trs */
} group_key;

static int cmp_group_key(const void *pa, const void *pb)
{
    const group_key *a = pa;
    const group_key *b = pb;
    if (a->date != b->date)
        return a->date < b->date ? -1 : 1;
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* Appends the organisations of bars LIST to SET (org indices), once each. */
static void add_orgs(const tl_sel *s, const size_t *list, size_t n, size_t *set, size_t *nset,
                     unsigned char *in_set)
{
    for (size_t i = 0; i < n; i++) {
        size_t o = s->bars[list[i]].org;
        if (!in_set[o]) {
            in_set[o] = 1;
            set[(*nset)++] = o;
        }
    }
}

static void capitalise(ov_buf *b, size_t at)
{
    if (at < b->len && b->data[at] >= 'a' && b->data[at] <= 'z')
        b->data[at] = (char)(b->data[at] - 'a' + 'A');
}

/* The plain-English summary: one clause per (date, kind) of the drawn
 * transitions, chained with "it" when one ends where the next begins. */
static char *describe_sel(const tl_sel *s)
{
    const ov_model *m = s->m;
    ov_buf b;
    ov_buf_init(&b);
    group_key *keys = malloc((s->ntrs + 1) * sizeof *keys);
    size_t *fset = malloc((m->norgs + 1) * sizeof *fset);
    size_t *tset = malloc((m->norgs + 1) * sizeof *tset);
    unsigned char *in_f = calloc(m->norgs + 1, 1);
    unsigned char *in_t = calloc(m->norgs + 1, 1);
    if (!keys || !fset || !tset || !in_f || !in_t) {
        b.oom = 1;
        goto done;
    }
    for (size_t i = 0; i < s->ntrs; i++)
        keys[i] = (group_key){m->trans[s->trs[i].tr].date, (int)m->trans[s->trs[i].tr].kind, i};
    qsort(keys, s->ntrs, sizeof *keys, cmp_group_key);
    size_t prev_single = NONE; /* the one "to" organisation of the clause before */
    size_t clauses = 0;
    size_t i = 0;
    while (i < s->ntrs) {
        size_t j = i;
        size_t nf = 0;
        size_t nt = 0;
        while (j < s->ntrs && keys[j].date == keys[i].date && keys[j].kind == keys[i].kind) {
            const tl_tr *x = &s->trs[keys[j].pos];
            add_orgs(s, x->from, x->nfrom, fset, &nf, in_f);
            add_orgs(s, x->to, x->nto, tset, &nt, in_t);
            j++;
        }
        for (size_t k = 0; k < nf; k++)
            in_f[fset[k]] = 0;
        for (size_t k = 0; k < nt; k++)
            in_t[tset[k]] = 0;
        if (clauses == 12) {
            ov_buf_printf(&b, " Later changes (%zu) are in the key.", s->ntrs - i);
            break;
        }
        ov_tr_kind kind = (ov_tr_kind)keys[i].kind;
        int chained = nf == 1 && prev_single != NONE && fset[0] == prev_single;
        if (chained) {
            ov_buf_puts(&b, "; it");
        } else {
            if (clauses > 0)
                ov_buf_puts(&b, ". ");
            size_t at = b.len;
            if (kind == OV_TR_ESTABLISHMENT)
                put_orgs(&b, m, tset, nt);
            else
                put_orgs(&b, m, fset, nf);
            capitalise(&b, at);
        }
        int one = kind == OV_TR_ESTABLISHMENT ? nt == 1 : nf == 1;
        const char *be = one ? " was" : " were";
        switch (kind) {
        case OV_TR_MERGER:
            ov_buf_puts(&b, " merged into ");
            break;
        case OV_TR_SPLIT:
            ov_buf_puts(&b, " split into ");
            break;
        case OV_TR_SUCCESSION:
            ov_buf_printf(&b, "%s succeeded by ", be);
            break;
        case OV_TR_TRANSFER:
            ov_buf_printf(&b, " handed %s functions to ", one ? "its" : "their");
            break;
        case OV_TR_ABSORPTION:
            ov_buf_printf(&b, "%s absorbed into ", be);
            break;
        case OV_TR_ESTABLISHMENT:
            ov_buf_printf(&b, "%s established", be);
            break;
        default:
            ov_buf_printf(&b, "%s abolished", be);
            break;
        }
        if (kind != OV_TR_ESTABLISHMENT && kind != OV_TR_ABOLITION)
            put_orgs(&b, m, tset, nt);
        char date[32];
        ov_date_human(keys[i].date, date);
        ov_buf_printf(&b, " on %s", date);
        prev_single = nt == 1 && kind != OV_TR_ABOLITION ? tset[0] : NONE;
        clauses++;
        i = j;
    }
    if (clauses > 0)
        ov_buf_puts(&b, ". ");
    char a[32];
    char z[32];
    ov_date_human(s->from, a);
    ov_date_human(s->to, z);
    ov_buf_printf(&b, "The timeline shows %zu organisation%s from %s to %s, to scale.", s->nbars,
                  s->nbars == 1 ? "" : "s", a, z);
done:
    free(keys);
    free(fset);
    free(tset);
    free(in_f);
    free(in_t);
    return ov_buf_take(&b);
}

/* ---- graph building ------------------------------------------------------- */

typedef struct {
    Agraph_t *g;
    double h; /* canvas height: Graphviz y = h - y */
    size_t seq;
    Agnode_t *anchor; /* edges of the current paint layer hang off it */
    int oom;
} gb;

static double gy(const gb *c, double y)
{
    return c->h - y;
}

static void set_num(void *obj, const char *name, double v)
{
    char buf[48];
    snprintf(buf, sizeof buf, "%.4g", v);
    ov_gv_set(obj, name, buf);
}

static void set_pos(gb *c, void *obj, const char *name, double x, double y, int pin)
{
    char buf[80];
    snprintf(buf, sizeof buf, "%.2f,%.2f%s", x, gy(c, y), pin ? "!" : "");
    ov_gv_set(obj, name, buf);
}

/* Gives a new node or edge OBJ its SVG id and class (either may be NULL);
 * returns 0 (and notes it) when OBJ could not be made. */
static int gb_named(gb *c, void *obj, const char *id, const char *cls)
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

static Agnode_t *gb_node(gb *c, const char *id, const char *cls)
{
    char name[32];
    snprintf(name, sizeof name, "n%zu", c->seq++);
    Agnode_t *n = ov_gv_node(c->g, name);
    return gb_named(c, n, id, cls) ? n : NULL;
}

/* Starts a paint layer: what is drawn from now on goes over what was
 * drawn before. */
static void gb_layer(gb *c)
{
    Agnode_t *n = gb_node(c, NULL, NULL);
    if (!n)
        return;
    ov_gv_set(n, "shape", "point");
    ov_gv_set(n, "style", "invis");
    ov_gv_set(n, "width", "0");
    set_pos(c, n, "pos", 0, 0, 1);
    c->anchor = n;
}

static Agedge_t *gb_edge(gb *c, const char *id, const char *cls)
{
    char name[32];
    snprintf(name, sizeof name, "e%zu", c->seq++);
    Agedge_t *e = c->anchor ? ov_gv_edge(c->g, c->anchor, c->anchor, name) : NULL;
    return gb_named(c, e, id, cls) ? e : NULL;
}

/* Appends a straight cubic from (x0, y0) to (x1, y1) to a pos value. */
static void put_straight(const gb *c, ov_buf *b, double x0, double y0, double x1, double y1)
{
    ov_buf_printf(b, "%.2f,%.2f %.2f,%.2f %.2f,%.2f %.2f,%.2f", x0, gy(c, y0),
                  x0 + (x1 - x0) / 3, gy(c, y0 + (y1 - y0) / 3), x0 + 2 * (x1 - x0) / 3,
                  gy(c, y0 + 2 * (y1 - y0) / 3), x1, gy(c, y1));
}

static void set_buf(gb *c, void *obj, const char *name, ov_buf *b)
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
static Agedge_t *gb_line(gb *c, const char *id, const char *cls, double x0, double y0, double x1,
                         double y1, const char *colour, double width)
{
    Agedge_t *e = gb_edge(c, id, cls);
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
static void edge_label(gb *c, Agedge_t *e, const char *text, double x, double y, double size,
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

/* Text whose left end is at X (exactly, for plain text), centred on Y. */
static void gb_text(gb *c, const char *id, const char *cls, const char *text, double x, double y,
                    double size, const char *colour, int bold)
{
    Agnode_t *n = gb_node(c, id, cls);
    if (!n)
        return;
    double w = ceil(text_width(text, size, bold)) + 1;
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
static Agnode_t *gb_rect(gb *c, const char *id, const char *cls, double x, double y, double w,
                         double h, const char *fill)
{
    Agnode_t *n = gb_node(c, id, cls);
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
static void gb_fade(gb *c, const char *id, const char *cls, double x, double y, double w,
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

/* ---- layout ---------------------------------------------------------------- */

typedef enum { LABEL_NONE, LABEL_INSIDE, LABEL_RIGHT, LABEL_LEFT } label_place;

typedef struct {
    label_place place;
    char *text; /* owned */
    double x;   /* centre */
} bar_label;

typedef struct {
    ov_day date;
    int row; /* -1: no room for the label */
    double x;
} marker;

typedef struct {
    tl_sel s;
    const ov_theme *th;
    double scale;
    double width;
    double height;
    size_t nlanes;
    size_t *by_lane; /* bars sorted by (lane, x0) */
    double *fade_start;
    double *fade_end;
    unsigned char *est_mark;  /* an establishment mark before the bar */
    unsigned char *abol_mark; /* an abolition mark after it */
    bar_label *labels;
    marker *markers;
    size_t nmarkers;
    int marker_rows;
    double title_y;
    double sub_y;
    double marker_y;
    double axis_label_y;
    double axis_y;
    double lanes_top;
    double lanes_bottom;
    double *lane_y;
    double *head_y; /* per group: heading row centre, or -1 */
    int bottom_axis;
    double baxis_y;
    double legend_y;
    char **key; /* key lines */
    size_t nkey;
} tl_layout;

static void layout_free(tl_layout *l)
{
    if (l->labels) {
        for (size_t i = 0; i < l->s.nbars; i++)
            free(l->labels[i].text);
    }
    free(l->labels);
    for (size_t i = 0; i < l->nkey; i++)
        free(l->key[i]);
    free(l->key);
    free(l->by_lane);
    free(l->fade_start);
    free(l->fade_end);
    free(l->est_mark);
    free(l->abol_mark);
    free(l->markers);
    free(l->lane_y);
    free(l->head_y);
    sel_free(&l->s);
}

static double xof(const tl_layout *l, ov_day day)
{
    return MARGIN + (double)(day - l->s.from) * l->scale;
}

static int cmp_by_lane(const void *pa, const void *pb, const tl_bar *bars)
{
    const tl_bar *a = &bars[*(const size_t *)pa];
    const tl_bar *b = &bars[*(const size_t *)pb];
    if (a->lane != b->lane)
        return a->lane < b->lane ? -1 : 1;
    if (a->s != b->s)
        return a->s < b->s ? -1 : 1;
    return *(const size_t *)pa < *(const size_t *)pb ? -1 : 1;
}

/* A stable merge sort of bar indices by (lane, start): qsort takes no
 * context in C11. */
static void sort_by_lane(size_t *v, size_t n, const tl_bar *bars, size_t *tmp)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    sort_by_lane(v, h, bars, tmp);
    sort_by_lane(v + h, n - h, bars, tmp);
    size_t i = 0;
    size_t j = h;
    size_t k = 0;
    while (i < h && j < n)
        tmp[k++] = cmp_by_lane(&v[j], &v[i], bars) < 0 ? v[j++] : v[i++];
    while (i < h)
        tmp[k++] = v[i++];
    while (j < n)
        tmp[k++] = v[j++];
    memcpy(v, tmp, n * sizeof *v);
}

static int assign_lanes(tl_layout *l)
{
    tl_sel *s = &l->s;
    int rc = -1;
    ov_lane_bar *lb = malloc((s->nbars + 1) * sizeof *lb);
    const ov_model *m = s->m;
    ov_lane_trans *lt = malloc((s->ntrs + m->nrels + 1) * sizeof *lt);
    size_t *rel_ends = malloc((2 * m->nrels + 1) * sizeof *rel_ends);
    size_t *lane = malloc((s->nbars + 1) * sizeof *lane);
    if (!lb || !lt || !lane || !rel_ends)
        goto fail;
    for (size_t i = 0; i < s->nbars; i++)
        lb[i] = (ov_lane_bar){s->bars[i].s, s->bars[i].e, s->bars[i].group};
    size_t nlt = 0;
    for (size_t i = 0; i < s->ntrs; i++)
        lt[nlt++] = (ov_lane_trans){s->trs[i].from, s->trs[i].nfrom, s->trs[i].to, s->trs[i].nto, 0};
    /* hierarchical relationships between drawn bars keep a body near its
     * parent (a sub-ICB location near its ICB) */
    for (size_t r = 0; r < m->nrels; r++) {
        const ov_rel *rel = &m->rels[r];
        if (!ov_rel_is_hierarchical(rel->kind) || rel->from == NONE || rel->to == NONE)
            continue;
        size_t a = s->bar_of[rel->from];
        size_t b = s->bar_of[rel->to];
        if (a == NONE || b == NONE || s->bars[a].group != s->bars[b].group)
            continue;
        rel_ends[2 * r] = a;
        rel_ends[2 * r + 1] = b;
        lt[nlt++] = (ov_lane_trans){&rel_ends[2 * r], 1, &rel_ends[2 * r + 1], 1, 1};
    }
    ov_lane_params p = {(ov_day)ceil(GAP_PT / l->scale), 0};
    if (ov_lanes_assign(lb, s->nbars, lt, nlt, &p, lane, &l->nlanes) != 0)
        goto fail;
    for (size_t i = 0; i < s->nbars; i++)
        s->bars[i].lane = lane[i];
    rc = 0;
fail:
    free(lb);
    free(lt);
    free(lane);
    free(rel_ends);
    return rc;
}

/* Chooses where each bar's label goes: inside (full name, then short
 * name), else after the bar, else before it, else inside cut short,
 * never over a faded end (it is drawn over the bar and its label). */
static int place_labels(tl_layout *l)
{
    tl_sel *s = &l->s;
    const ov_model *m = s->m;
    double axis_end = MARGIN + AXIS_W;
    for (size_t k = 0; k < s->nbars; k++) {
        size_t i = l->by_lane[k];
        const tl_bar *b = &s->bars[i];
        const ov_org *o = &m->orgs[b->org];
        int first = k == 0 || s->bars[l->by_lane[k - 1]].lane != b->lane;
        int last = k + 1 == s->nbars || s->bars[l->by_lane[k + 1]].lane != b->lane;
        double left_free = MARGIN;
        if (!first) {
            size_t p = l->by_lane[k - 1];
            const bar_label *pl = &l->labels[p];
            left_free = s->bars[p].x1 + (l->abol_mark[p] ? 12 : 0);
            if (pl->place == LABEL_RIGHT)
                left_free = pl->x + text_width(pl->text, FONT, 0) / 2 + PAD;
        }
        double right_free = last ? axis_end : s->bars[l->by_lane[k + 1]].x0;
        if (!last && l->est_mark[l->by_lane[k + 1]])
            right_free -= 16;
        double before = b->x0 - (l->est_mark[i] ? 16 : 0);
        double after = b->x1 + (l->abol_mark[i] ? 12 : 0);
        double in0 = b->x0 + l->fade_start[i] + PAD;
        double in1 = b->x1 - l->fade_end[i] - PAD;
        const char *names[2] = {ov_org_display_name(o, 0), ov_org_display_name(o, 1)};
        bar_label *lab = &l->labels[i];
        lab->place = LABEL_NONE;
        for (int pass = 0; pass < 3 && lab->place == LABEL_NONE; pass++) {
            for (int n = 0; n < 2 && lab->place == LABEL_NONE; n++) {
                double w = text_width(names[n], FONT, 0);
                if (pass == 0 && w <= in1 - in0) {
                    lab->place = LABEL_INSIDE;
                    lab->x = (in0 + in1) / 2;
                } else if (pass == 1 && after + PAD + w <= right_free - PAD) {
                    lab->place = LABEL_RIGHT;
                    lab->x = after + PAD + w / 2;
                } else if (pass == 2 && before - PAD - w >= left_free + PAD) {
                    lab->place = LABEL_LEFT;
                    lab->x = before - PAD - w / 2;
                }
                if (lab->place != LABEL_NONE) {
                    lab->text = ov_strdup(names[n]);
                    if (!lab->text)
                        return -1;
                }
            }
        }
        if (lab->place == LABEL_NONE && in1 - in0 > 0) {
            lab->text = truncate_to(names[1], in1 - in0, FONT);
            if (lab->text) {
                lab->place = LABEL_INSIDE;
                lab->x = (in0 + in0 + text_width(lab->text, FONT, 0)) / 2;
            }
        }
    }
    return 0;
}

static void short_date(ov_day day, char *buf)
{
    static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int y;
    int mo;
    int d;
    ov_date_to_ymd(day, &y, &mo, &d);
    snprintf(buf, 32, "%d %s %d", d, mon[mo - 1], y);
}

/* One marker per distinct transition date, its label on the first row
 * where it does not overlap the one before. */
static int place_markers(tl_layout *l)
{
    tl_sel *s = &l->s;
    l->markers = malloc((s->ntrs + 1) * sizeof *l->markers);
    if (!l->markers)
        return -1;
    double row_end[MAX_MARKER_ROWS];
    for (int r = 0; r < MAX_MARKER_ROWS; r++)
        row_end[r] = -1e9;
    for (size_t i = 0; i < s->ntrs; i++) {
        ov_day date = s->m->trans[s->trs[i].tr].date;
        if (l->nmarkers > 0 && l->markers[l->nmarkers - 1].date == date)
            continue;
        marker *mk = &l->markers[l->nmarkers++];
        mk->date = date;
        mk->x = xof(l, date);
        char text[32];
        short_date(date, text);
        double w = text_width(text, SMALL, 0);
        double x0 = mk->x - w / 2;
        double x1 = mk->x + w / 2;
        if (x0 < 2)
            x0 = 2;
        mk->row = -1;
        for (int r = 0; r < MAX_MARKER_ROWS; r++) {
            if (x0 >= row_end[r] + 6 && x1 <= l->width - 2) {
                mk->row = r;
                row_end[r] = x1;
                if (r + 1 > l->marker_rows)
                    l->marker_rows = r + 1;
                break;
            }
        }
    }
    return 0;
}

/* The words of one transition for the key: its label, or a clause. */
static void put_transition_words(ov_buf *b, const tl_sel *s, const tl_tr *x)
{
    const ov_transition *tr = &s->m->trans[x->tr];
    if (tr->label && !ov_is_blank(tr->label)) {
        ov_buf_puts(b, tr->label);
        return;
    }
    size_t *orgs = malloc((x->nfrom + x->nto + 1) * sizeof *orgs);
    if (!orgs) {
        b->oom = 1;
        return;
    }
    for (size_t i = 0; i < x->nfrom; i++)
        orgs[i] = s->bars[x->from[i]].org;
    for (size_t i = 0; i < x->nto; i++)
        orgs[x->nfrom + i] = s->bars[x->to[i]].org;
    size_t at = b->len;
    if (tr->kind == OV_TR_ESTABLISHMENT) {
        put_orgs(b, s->m, orgs + x->nfrom, x->nto);
        ov_buf_puts(b, " established");
    } else {
        put_orgs(b, s->m, orgs, x->nfrom);
        switch (tr->kind) {
        case OV_TR_MERGER:
            ov_buf_puts(b, " merged into ");
            break;
        case OV_TR_SPLIT:
            ov_buf_puts(b, " split into ");
            break;
        case OV_TR_SUCCESSION:
            ov_buf_puts(b, " succeeded by ");
            break;
        case OV_TR_TRANSFER:
            ov_buf_puts(b, " handed functions to ");
            break;
        case OV_TR_ABSORPTION:
            ov_buf_puts(b, " absorbed into ");
            break;
        default:
            ov_buf_puts(b, " abolished");
            break;
        }
        if (tr->kind != OV_TR_ABOLITION)
            put_orgs(b, s->m, orgs + x->nfrom, x->nto);
    }
    capitalise(b, at);
    free(orgs);
}

static int add_key_line(tl_layout *l, size_t *cap, char *line)
{
    if (!line)
        return -1;
    if (l->nkey == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        char **nk = realloc(l->key, nc * sizeof *nk);
        if (!nk) {
            free(line);
            return -1;
        }
        l->key = nk;
        *cap = nc;
    }
    l->key[l->nkey++] = line;
    return 0;
}

/* Word-wraps TEXT into lines at most AXIS_W wide (continuation lines
 * indented) and appends them to the key, up to MAX_KEY_LINES; a word
 * wider than a line is cut. */
static int add_key_lines(tl_layout *l, const char *text, size_t *cap)
{
    const char *p = text;
    int first = 1;
    while (*p && l->nkey < MAX_KEY_LINES) {
        double avail = AXIS_W - (first ? 0 : 16);
        double w = 0;
        const char *end = p;
        while (*end) {
            const char *sp = strchr(end + 1, ' ');
            size_t n = sp ? (size_t)(sp - end) : strlen(end);
            double ww = text_width_n(end, n, FONT, 0);
            if (w + ww > avail && end > p)
                break;
            w += ww;
            end += n;
        }
        char *word = NULL;
        if (w > avail) {
            word = ov_strndup(p, (size_t)(end - p));
            char *cut = word ? truncate_to(word, avail, FONT) : NULL;
            free(word);
            word = cut ? cut : ov_strdup("");
        } else {
            word = ov_strndup(p, (size_t)(end - p));
        }
        char *line = NULL;
        if (word)
            line = first ? ov_strdup(word) : ov_asprintf("    %s", word);
        free(word);
        if (add_key_line(l, cap, line) != 0)
            return -1;
        first = 0;
        p = end;
        while (*p == ' ')
            p++;
    }
    return 0;
}

/* The key: per transition date, what happened (labels, or counts by kind
 * when there are more than four). */
static int make_key(tl_layout *l)
{
    const tl_sel *s = &l->s;
    size_t cap = 0;
    size_t i = 0;
    while (i < s->ntrs && l->nkey < MAX_KEY_LINES) {
        ov_day date = s->m->trans[s->trs[i].tr].date;
        size_t j = i;
        while (j < s->ntrs && s->m->trans[s->trs[j].tr].date == date)
            j++;
        ov_buf b;
        ov_buf_init(&b);
        char human[32];
        ov_date_human(date, human);
        ov_buf_printf(&b, "%s: ", human);
        if (j - i <= 4) {
            for (size_t k = i; k < j; k++) {
                if (k > i)
                    ov_buf_puts(&b, "; ");
                put_transition_words(&b, s, &s->trs[k]);
            }
        } else {
            size_t count[OV_TR_COUNT] = {0};
            for (size_t k = i; k < j; k++) {
                int kind = (int)s->m->trans[s->trs[k].tr].kind;
                if (kind >= 0 && kind < OV_TR_COUNT)
                    count[kind]++;
            }
            static const char *const plural[OV_TR_COUNT] = {
                "mergers", "splits", "successions", "transfers", "absorptions",
                "establishments", "abolitions"};
            int any = 0;
            for (int k = 0; k < OV_TR_COUNT; k++) {
                if (count[k] == 0)
                    continue;
                ov_buf_printf(&b, "%s%zu %.*s", any ? ", " : "", count[k],
                              count[k] == 1 ? (int)strlen(plural[k]) - 1 : (int)strlen(plural[k]),
                              plural[k]);
                any = 1;
            }
            ov_buf_puts(&b, " (details in each transition's tooltip)");
        }
        char *text = ov_buf_take(&b);
        if (!text || add_key_lines(l, text, &cap) != 0) {
            free(text);
            return -1;
        }
        free(text);
        i = j;
    }
    if (i < s->ntrs) {
        size_t dates = 0;
        for (size_t k = i; k < s->ntrs; k++)
            dates += k == i || s->m->trans[s->trs[k].tr].date != s->m->trans[s->trs[k - 1].tr].date;
        char *more = ov_asprintf("\xE2\x80\xA6 and %zu more date%s (see the tooltips)", dates,
                                 dates == 1 ? "" : "s");
        if (add_key_line(l, &cap, more) != 0)
            return -1;
    }
    return 0;
}

static int legend(gb *c, const tl_layout *l);

/* Lanes, labels, markers and every y coordinate. */
static ov_status do_layout(tl_layout *l)
{
    tl_sel *s = &l->s;
    l->scale = AXIS_W / (double)(s->to + 1 - s->from);
    l->width = MARGIN + AXIS_W + MARGIN;
    for (size_t i = 0; i < s->nbars; i++) {
        s->bars[i].x0 = xof(l, s->bars[i].s);
        s->bars[i].x1 = xof(l, s->bars[i].e);
    }
    if (assign_lanes(l) != 0)
        return OV_ERR_MEMORY;
    l->by_lane = malloc((s->nbars + 1) * sizeof *l->by_lane);
    size_t *tmp = malloc((s->nbars + 1) * sizeof *tmp);
    l->fade_start = calloc(s->nbars + 1, sizeof *l->fade_start);
    l->fade_end = calloc(s->nbars + 1, sizeof *l->fade_end);
    l->labels = calloc(s->nbars + 1, sizeof *l->labels);
    l->est_mark = calloc(s->nbars + 1, 1);
    l->abol_mark = calloc(s->nbars + 1, 1);
    l->lane_y = malloc((l->nlanes + 1) * sizeof *l->lane_y);
    l->head_y = malloc((s->ngroups + 1) * sizeof *l->head_y);
    if (!l->by_lane || !tmp || !l->fade_start || !l->fade_end || !l->labels || !l->est_mark ||
        !l->abol_mark || !l->lane_y ||
        !l->head_y) {
        free(tmp);
        return OV_ERR_MEMORY;
    }
    for (size_t i = 0; i < s->nbars; i++)
        l->by_lane[i] = i;
    sort_by_lane(l->by_lane, s->nbars, s->bars, tmp);
    free(tmp);
    for (size_t i = 0; i < s->nbars; i++) {
        double w = s->bars[i].x1 - s->bars[i].x0;
        double f = 2 * floor(w / 6); /* even: the fade's steps are 2 points */
        f = f < FADE_PT ? f : FADE_PT;
        if (f < 4)
            f = 0;
        l->fade_start[i] = s->bars[i].open_start ? f : 0;
        l->fade_end[i] = s->bars[i].open_end ? f : 0;
    }
    for (size_t t = 0; t < s->ntrs; t++) {
        ov_tr_kind kind = s->m->trans[s->trs[t].tr].kind;
        for (size_t k = 0; kind == OV_TR_ESTABLISHMENT && k < s->trs[t].nto; k++)
            l->est_mark[s->trs[t].to[k]] |= !s->bars[s->trs[t].to[k]].open_start;
        for (size_t k = 0; kind == OV_TR_ABOLITION && k < s->trs[t].nfrom; k++)
            l->abol_mark[s->trs[t].from[k]] |= !s->bars[s->trs[t].from[k]].open_end;
    }
    if (place_labels(l) != 0 || place_markers(l) != 0 || make_key(l) != 0)
        return OV_ERR_MEMORY;

    double y = MARGIN;
    l->title_y = y + TITLE / 2;
    y += TITLE * 1.6;
    l->sub_y = y + FONT / 2;
    y += FONT * 2;
    l->marker_y = y + SMALL / 2;
    y += l->marker_rows * MARKER_ROW + (l->marker_rows ? 4 : 0);
    l->axis_label_y = y + SMALL / 2;
    y += SMALL + 6;
    l->axis_y = y + 5;
    y = l->axis_y + 8;
    l->lanes_top = y;
    for (size_t g = 0; g < s->ngroups; g++)
        l->head_y[g] = -1;
    /* the group of a lane is the group of any of its bars */
    size_t k = 0;
    for (size_t lane = 0; lane < l->nlanes; lane++) {
        while (k < s->nbars && s->bars[l->by_lane[k]].lane < lane)
            k++;
        size_t group = k < s->nbars ? s->bars[l->by_lane[k]].group : 0;
        if (s->grouped && l->head_y[group] < 0) {
            l->head_y[group] = y + GROUP_HEAD / 2 + 2;
            y += GROUP_HEAD;
        }
        l->lane_y[lane] = y + LANE_PITCH / 2;
        y += LANE_PITCH;
    }
    l->lanes_bottom = y;
    for (size_t i = 0; i < s->nbars; i++)
        s->bars[i].y = l->lane_y[s->bars[i].lane];
    l->bottom_axis = l->nlanes > 12;
    if (l->bottom_axis) {
        l->baxis_y = y + 2;
        y += 26;
    }
    l->legend_y = y + 14;
    y += 28 + (legend(NULL, l) - 1) * 18;
    y += (double)l->nkey * KEY_LINE;
    y += MARGIN;
    l->height = ceil(y);
    return OV_OK;
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

static void emit_axis(gb *c, const tl_layout *l, int bottom)
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
    int y0 = year_of(s->from);
    int y1 = year_of(s->to + 1);
    for (int y = y0; y <= y1; y++) {
        ov_day d = ov_date_from_ymd(y, 1, 1);
        if (d < s->from || d > s->to + 1 || y % tick_every != 0)
            continue;
        double x = xof(l, d);
        char id[48];
        char text[16];
        snprintf(id, sizeof id, "tick-%s%d", bottom ? "bottom-" : "", y);
        Agedge_t *e = gb_line(c, id, "axis-tick axis-year", x, ay, x, ay + tick, th->muted, 1);
        if (e && y % step == 0) {
            snprintf(text, sizeof text, "%d", y);
            edge_label(c, e, text, x, ly, SMALL, th->text);
        }
    }
    if (s->to + 1 - s->from >= 1100)
        return;
    static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int my;
    int mm;
    int md;
    ov_date_to_ymd(s->from, &my, &mm, &md);
    for (;;) {
        ov_day d = ov_date_from_ymd(my, mm, 1);
        if (d > s->to + 1)
            break;
        if (d >= s->from && mm != 1) {
            double x = xof(l, d);
            char id[48];
            snprintf(id, sizeof id, "tick-%s%04d-%02d", bottom ? "bottom-" : "", my, mm);
            Agedge_t *e =
                gb_line(c, id, "axis-tick axis-month", x, ay, x, ay + tick / 2, th->muted, 0.75);
            if (e && 30.4 * l->scale >= 24)
                edge_label(c, e, mon[mm - 1], x, ly, SMALL - 1, th->muted);
        }
        if (++mm > 12) {
            mm = 1;
            my++;
        }
    }
}

static void emit_background(gb *c, const tl_layout *l)
{
    const tl_sel *s = &l->s;
    const ov_theme *th = l->th;
    gb_layer(c);
    /* year lines */
    int y0 = year_of(s->from);
    int y1 = year_of(s->to + 1);
    int step = year_step(l);
    for (int y = y0; y <= y1; y++) {
        ov_day d = ov_date_from_ymd(y, 1, 1);
        if (d <= s->from || d > s->to + 1 || y % step != 0)
            continue;
        char id[32];
        snprintf(id, sizeof id, "grid-%d", y);
        double x = xof(l, d);
        gb_line(c, id, "grid", x, l->lanes_top, x, l->lanes_bottom, GRID, 1);
    }
    /* a dashed line and a date for each transition date */
    for (size_t i = 0; i < l->nmarkers; i++) {
        const marker *mk = &l->markers[i];
        char iso[16];
        char id[40];
        ov_date_iso(mk->date, iso);
        snprintf(id, sizeof id, "marker-%s", iso);
        double top = mk->row >= 0 ? l->marker_y + mk->row * MARKER_ROW + SMALL / 2 + 1
                                  : l->lanes_top;
        Agedge_t *e = gb_line(c, id, "transition-marker", mk->x, top, mk->x, l->lanes_bottom,
                              th->muted, 0.75);
        if (!e)
            continue;
        ov_gv_set(e, "style", "dashed");
        if (mk->row >= 0) {
            char text[32];
            short_date(mk->date, text);
            edge_label(c, e, text, mk->x, l->marker_y + mk->row * MARKER_ROW, SMALL, th->text);
        }
    }
    emit_axis(c, l, 0);
    if (l->bottom_axis)
        emit_axis(c, l, 1);
}

static void bar_tooltip(ov_buf *b, const ov_model *m, const ov_org *o)
{
    char a[32];
    char z[32];
    ov_buf_puts(b, ov_org_display_name(o, 0));
    if (o->short_name && !ov_is_blank(o->short_name) && o->name &&
        strcmp(o->short_name, o->name) != 0)
        ov_buf_printf(b, " (%s)", o->short_name);
    ov_buf_printf(b, "\n%s", ov_org_type_label(m, o));
    const char *ods = ov_org_code(o, "ods");
    if (ods)
        ov_buf_printf(b, ", ODS code %s", ods);
    ov_buf_putc(b, '\n');
    if (o->start != OV_DAY_NONE)
        ov_date_human(o->start, a);
    if (o->end != OV_DAY_NONE)
        ov_date_human(o->end, z);
    if (o->start != OV_DAY_NONE && o->end != OV_DAY_NONE)
        ov_buf_printf(b, "%s to %s", a, z);
    else if (o->start != OV_DAY_NONE)
        ov_buf_printf(b, "from %s (no end date)", a);
    else if (o->end != OV_DAY_NONE)
        ov_buf_printf(b, "start date not known; until %s", z);
    else
        ov_buf_puts(b, "start and end dates not known");
}

static void emit_bars(gb *c, const tl_layout *l, ov_svg_meta *meta)
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
        ov_theme_fill(th, o->type != NONE ? &m->types[o->type] : NULL,
                      o->type != NONE ? o->type : 0, fill);
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
        Agedge_t *e = (id.oom || cls.oom) ? NULL : gb_edge(c, id.data, cls.data);
        if (e) {
            ov_buf pos;
            ov_buf_init(&pos);
            put_straight(c, &pos, b->x0, b->y, b->x1, b->y);
            set_buf(c, e, "pos", &pos);
            ov_gv_set(e, "color", fill);
            set_num(e, "penwidth", BAR_H);
            const bar_label *lab = &l->labels[i];
            if (lab->place != LABEL_NONE)
                edge_label(c, e, lab->text, lab->x, b->y, FONT,
                           lab->place == LABEL_INSIDE ? ink : th->text);
            ov_buf tip;
            ov_buf_init(&tip);
            bar_tooltip(&tip, m, o);
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
static void emit_bar_marks(gb *c, const tl_layout *l)
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
        ov_theme_fill(th, o->type != NONE ? &m->types[o->type] : NULL,
                      o->type != NONE ? o->type : 0, fill);
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
static void put_connector(const gb *c, ov_buf *p, const tl_bar *a, const tl_bar *b, double xd)
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
static void put_hub_leg(const gb *c, ov_buf *p, const tl_bar *a, double xd, double hy, int to)
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

static void tr_tooltip(ov_buf *b, const tl_sel *s, const tl_tr *x)
{
    const ov_transition *tr = &s->m->trans[x->tr];
    const char *kind = ov_tr_kind_name(tr->kind);
    char date[32];
    ov_date_human(tr->date, date);
    ov_buf_putc(b, (char)(kind[0] - 'a' + 'A'));
    ov_buf_printf(b, "%s on %s", kind + 1, date);
    size_t *orgs = malloc((x->nfrom + x->nto + 1) * sizeof *orgs);
    if (!orgs) {
        b->oom = 1;
        return;
    }
    for (size_t i = 0; i < x->nfrom; i++)
        orgs[i] = s->bars[x->from[i]].org;
    for (size_t i = 0; i < x->nto; i++)
        orgs[x->nfrom + i] = s->bars[x->to[i]].org;
    if (x->nfrom > 0) {
        ov_buf_puts(b, "\nfrom: ");
        put_names(b, s->m, orgs, x->nfrom);
    }
    if (x->nto > 0) {
        ov_buf_puts(b, "\nto: ");
        put_names(b, s->m, orgs + x->nfrom, x->nto);
    }
    free(orgs);
    if (tr->label && !ov_is_blank(tr->label))
        ov_buf_printf(b, "\n%s", tr->label);
}

static void emit_transitions(gb *c, const tl_layout *l, ov_svg_meta *meta)
{
    const tl_sel *s = &l->s;
    const ov_model *m = s->m;
    const ov_theme *th = l->th;
    gb_layer(c);
    for (size_t i = 0; i < s->ntrs && !c->oom; i++) {
        const tl_tr *x = &s->trs[i];
        const ov_transition *tr = &m->trans[x->tr];
        double xd = xof(l, tr->date);
        char id[160];
        char cls[64];
        if (tr->id)
            snprintf(id, sizeof id, "transition-%.140s", tr->id);
        else
            snprintf(id, sizeof id, "transition-%zu", x->tr);
        snprintf(cls, sizeof cls, "transition transition-%s", ov_tr_kind_name(tr->kind));
        Agedge_t *e = gb_edge(c, id, cls);
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
        } else if (x->nfrom * x->nto > MAX_PAIRS) {
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
            snprintf(cls, sizeof cls, "transition hub transition-%s", ov_tr_kind_name(tr->kind));
            ov_gv_set(e, "class", cls);
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
        tr_tooltip(&tip, s, x);
        if (tip.oom || ov_svg_meta_add(meta, id, tip.data, NULL) != 0)
            c->oom = 1;
        ov_buf_free(&tip);
    }
}

/* Legend items: the types drawn (in --types order first), then the faded
 * end when a bar has one. With C NULL only measures. Returns the number of
 * rows. */
static int legend(gb *c, const tl_layout *l)
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
        double w = sw + 5 + text_width(text, FONT, 0) + 18;
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

static void emit_text(gb *c, const tl_layout *l, const char *title, const char *focus)
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
    int rows = legend(c, l);
    double y = l->legend_y + (rows - 1) * 18 + 22;
    for (size_t i = 0; i < l->nkey; i++) {
        char id[32];
        snprintf(id, sizeof id, "key-%zu", i);
        gb_text(c, id, "key", l->key[i], MARGIN, y + (double)i * KEY_LINE, FONT, th->text, 0);
    }
}

static void corner(gb *c, double x, double y)
{
    Agnode_t *n = gb_node(c, NULL, NULL);
    if (!n)
        return;
    ov_gv_set(n, "shape", "point");
    ov_gv_set(n, "style", "invis");
    ov_gv_set(n, "width", "0");
    set_pos(c, n, "pos", x, y, 1);
}

static const char *chart_title(const ov_model *m, const ov_render_opts *ro)
{
    if (ro && ro->title)
        return ro->title;
    if (m->title && !ov_is_blank(m->title))
        return m->title;
    return "Timeline";
}

/* The text version (textversion.c) of the transitions S draws. */
static ov_status sel_text(const tl_sel *s, const char *title, char **out, size_t *len,
                          ov_diags *d)
{
    size_t *trs = malloc((s->ntrs ? s->ntrs : 1) * sizeof *trs);
    if (!trs)
        return oom(d);
    for (size_t k = 0; k < s->ntrs; k++)
        trs[k] = s->trs[k].tr;
    *out = ov_timeline_text_list(s->m, trs, s->ntrs, s->from, s->to, title);
    free(trs);
    if (!*out)
        return oom(d);
    *len = strlen(*out);
    return OV_OK;
}

/* ---- public -------------------------------------------------------------- */

ov_status ov_timeline_render(ov_gv *gv, const ov_model *m, const ov_timeline_opts *opts,
                             const ov_render_opts *ro, char **out, size_t *len, ov_diags *d)
{
    ov_status st;
    tl_layout l;
    ov_svg_meta meta;
    Agraph_t *g = NULL;
    *out = NULL;
    *len = 0;
    memset(&l, 0, sizeof l);
    ov_svg_meta_init(&meta);
    l.th = ov_theme_get(ro ? ro->theme : NULL);
    if (!l.th) {
        ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "no theme called '%s'", ro->theme);
        st = OV_ERR_DATA;
        goto done;
    }
    st = select_all(&l.s, m, opts, d);
    if (st != OV_OK)
        goto done;
    if (ro && ro->format == OV_FMT_HTML && l.s.nbars > 0) {
        st = sel_text(&l.s, chart_title(m, ro), out, len, d);
        goto done;
    }
    if (l.s.nbars == 0) {
        char a[32];
        char z[32];
        ov_date_human(l.s.from, a);
        ov_date_human(l.s.to, z);
        ov_diag_add(d, OV_ERROR, m->path, 0, 0, NULL, NULL,
                    "nothing to draw: no organisation to show exists between %s and %s", a, z);
        st = OV_ERR_DATA;
        goto done;
    }
    st = do_layout(&l);
    if (st != OV_OK) {
        oom(d);
        goto done;
    }
    g = ov_gv_graph("timeline");
    if (!g) {
        st = oom(d);
        goto done;
    }
    ov_gv_default(g, AGNODE, "shape", "none");
    ov_gv_default(g, AGNODE, "margin", "0");
    ov_gv_default(g, AGNODE, "fixedsize", "true");
    ov_gv_default(g, AGNODE, "label", "");
    ov_gv_default(g, AGNODE, "fontname", OV_FONT);
    ov_gv_default(g, AGEDGE, "dir", "none");
    ov_gv_default(g, AGEDGE, "arrowsize", "0.5");
    ov_gv_default(g, AGEDGE, "fontname", OV_FONT);
    ov_gv_default(g, AGEDGE, "label", "");
    gb c = {g, l.height, 0, NULL, 0};
    corner(&c, 0, 0);
    corner(&c, l.width, l.height);
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
    ov_gv_set(g, "fontname", OV_FONT);
    meta.title = ov_strdup(title);
    meta.desc = describe_sel(&l.s);
    if (c.oom || !meta.title || !meta.desc) {
        st = oom(d);
        goto done;
    }
    st = ov_render_graph(gv, g, "nop2", &meta, ro, out, len, d);
done:
    if (g)
        agclose(g);
    ov_svg_meta_free(&meta);
    layout_free(&l);
    return st;
}

char *ov_timeline_text_html(const ov_model *m, const ov_timeline_opts *opts, const char *title)
{
    tl_sel s;
    ov_diags d;
    ov_diags_init(&d);
    char *out = NULL;
    size_t len = 0;
    ov_status st = select_all(&s, m, opts, &d);
    if (st == OV_OK)
        sel_text(&s, title && *title ? title : chart_title(m, NULL), &out, &len, &d);
    else if (st != OV_ERR_MEMORY)
        out = ov_strdup("<p>The timeline has no organisations to show.</p>\n");
    ov_diags_free(&d);
    sel_free(&s);
    return out;
}

char *ov_timeline_describe(const ov_model *m, const ov_timeline_opts *opts)
{
    tl_sel s;
    ov_diags d;
    ov_diags_init(&d);
    ov_status st = select_all(&s, m, opts, &d);
    ov_diags_free(&d);
    char *out;
    if (st == OV_ERR_MEMORY)
        out = NULL;
    else if (st != OV_OK || s.nbars == 0)
        out = ov_strdup("The timeline has no organisations to show.");
    else
        out = describe_sel(&s);
    sel_free(&s);
    return out;
}
