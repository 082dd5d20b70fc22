/* The timeline, stage 2: lanes to geometry (x from the date, y from the
 * lane), bar labels, transition markers and the key. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lanes.h"
#include "timeline_int.h"

/* ---- text fitting ------------------------------------------------------ */

/* A new copy of S cut at a character boundary and ended with an ellipsis
 * so that it is at most W points wide; NULL when not even one character
 * fits (or out of memory). */
char *tl_truncate_to(const char *s, double w, double size)
{
    static const char ell[] = "\xE2\x80\xA6"; /* U+2026 */
    double avail = w - ov_text_width(ell, size, 0);
    size_t keep = 0;
    size_t i = 0;
    while (s[i]) {
        size_t k = i + 1;
        while ((s[k] & 0xC0) == 0x80)
            k++;
        avail -= ov_text_width_n(s + i, k - i, size, 0);
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

void tl_layout_free(tl_layout *l)
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
    tl_sel_free(&l->s);
}

double tl_xof(const tl_layout *l, ov_day day)
{
    return MARGIN + (double)(day - l->s.from) * l->scale;
}

/* A bar's place in l->by_lane: by lane, then start, then index. */
typedef struct {
    size_t lane;
    ov_day s;
    size_t bar;
} lane_key;

static int cmp_lane_key(const void *pa, const void *pb)
{
    const lane_key *a = pa;
    const lane_key *b = pb;
    if (a->lane != b->lane)
        return a->lane < b->lane ? -1 : 1;
    if (a->s != b->s)
        return a->s < b->s ? -1 : 1;
    return a->bar < b->bar ? -1 : a->bar > b->bar;
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
            const tl_bar_label *pl = &l->labels[p];
            left_free = s->bars[p].x1 + (l->abol_mark[p] ? 12 : 0);
            if (pl->place == LABEL_RIGHT)
                left_free = pl->x + ov_text_width(pl->text, FONT, 0) / 2 + PAD;
        }
        double right_free = last ? axis_end : s->bars[l->by_lane[k + 1]].x0;
        if (!last && l->est_mark[l->by_lane[k + 1]])
            right_free -= 16;
        double before = b->x0 - (l->est_mark[i] ? 16 : 0);
        double after = b->x1 + (l->abol_mark[i] ? 12 : 0);
        double in0 = b->x0 + l->fade_start[i] + PAD;
        double in1 = b->x1 - l->fade_end[i] - PAD;
        const char *names[2] = {ov_org_display_name(o, 0), ov_org_display_name(o, 1)};
        tl_bar_label *lab = &l->labels[i];
        lab->place = LABEL_NONE;
        for (int pass = 0; pass < 3 && lab->place == LABEL_NONE; pass++) {
            for (int n = 0; n < 2 && lab->place == LABEL_NONE; n++) {
                double w = ov_text_width(names[n], FONT, 0);
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
            lab->text = tl_truncate_to(names[1], in1 - in0, FONT);
            if (lab->text) {
                lab->place = LABEL_INSIDE;
                lab->x = (in0 + in0 + ov_text_width(lab->text, FONT, 0)) / 2;
            }
        }
    }
    return 0;
}

const char *tl_month_abbr(int month)
{
    static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    return mon[month - 1];
}

void tl_short_date(ov_day day, char *buf)
{
    int y;
    int mo;
    int d;
    ov_date_to_ymd(day, &y, &mo, &d);
    snprintf(buf, 32, "%d %s %d", d, tl_month_abbr(mo), y);
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
        tl_marker *mk = &l->markers[l->nmarkers++];
        mk->date = date;
        mk->x = tl_xof(l, date);
        char text[32];
        tl_short_date(date, text);
        double w = ov_text_width(text, SMALL, 0);
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
            double ww = ov_text_width_n(end, n, FONT, 0);
            if (w + ww > avail && end > p)
                break;
            w += ww;
            end += n;
        }
        char *word = NULL;
        if (w > avail) {
            word = ov_strndup(p, (size_t)(end - p));
            char *cut = word ? tl_truncate_to(word, avail, FONT) : NULL;
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
                tl_put_transition_words(&b, s, &s->trs[k]);
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

/* Lanes, labels, markers and every y coordinate. */
ov_status tl_do_layout(tl_layout *l)
{
    tl_sel *s = &l->s;
    l->scale = AXIS_W / (double)(s->to + 1 - s->from);
    l->width = MARGIN + AXIS_W + MARGIN;
    for (size_t i = 0; i < s->nbars; i++) {
        s->bars[i].x0 = tl_xof(l, s->bars[i].s);
        s->bars[i].x1 = tl_xof(l, s->bars[i].e);
    }
    if (assign_lanes(l) != 0)
        return OV_ERR_MEMORY;
    l->by_lane = malloc((s->nbars + 1) * sizeof *l->by_lane);
    lane_key *keys = malloc((s->nbars + 1) * sizeof *keys);
    l->fade_start = calloc(s->nbars + 1, sizeof *l->fade_start);
    l->fade_end = calloc(s->nbars + 1, sizeof *l->fade_end);
    l->labels = calloc(s->nbars + 1, sizeof *l->labels);
    l->est_mark = calloc(s->nbars + 1, 1);
    l->abol_mark = calloc(s->nbars + 1, 1);
    l->lane_y = malloc((l->nlanes + 1) * sizeof *l->lane_y);
    l->head_y = malloc((s->ngroups + 1) * sizeof *l->head_y);
    if (!l->by_lane || !keys || !l->fade_start || !l->fade_end || !l->labels || !l->est_mark ||
        !l->abol_mark || !l->lane_y ||
        !l->head_y) {
        free(keys);
        return OV_ERR_MEMORY;
    }
    for (size_t i = 0; i < s->nbars; i++)
        keys[i] = (lane_key){s->bars[i].lane, s->bars[i].s, i};
    qsort(keys, s->nbars, sizeof *keys, cmp_lane_key);
    for (size_t i = 0; i < s->nbars; i++)
        l->by_lane[i] = keys[i].bar;
    free(keys);
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
    unsigned hide = l->ro ? l->ro->hide : 0;
    if (place_labels(l) != 0 || place_markers(l) != 0 ||
        (!(hide & OV_HIDE_KEY) && make_key(l) != 0))
        return OV_ERR_MEMORY;
    l->note_from = l->nkey;
    if (l->ro && l->ro->note && !ov_is_blank(l->ro->note)) {
        size_t cap = l->nkey;
        if (add_key_lines(l, l->ro->note, &cap) != 0)
            return OV_ERR_MEMORY;
    }

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
    if (!(hide & OV_HIDE_KEY))
        y += 28 + (tl_legend(NULL, l) - 1) * 18;
    else
        l->legend_y -= 28 + 4; /* the note, if any, right under the lanes */
    y += (double)l->nkey * KEY_LINE;
    y += MARGIN;
    l->height = ceil(y);
    return OV_OK;
}
