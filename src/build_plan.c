/* The build, stage 1: the plan. Each manifest chart becomes one or more
 * items (one per day for "each-transition"), and each item one output per
 * format; the data files are read once each. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "model_cache.h"
#include "output.h"
#include "build_int.h"

/* ---- the plan ---------------------------------------------------------- */

static size_t plan_data(bld_plan *P, const char *path)
{
    for (size_t i = 0; i < P->ndata; i++) {
        if (strcmp(P->data[i].path, path) == 0)
            return i;
    }
    bld_data *bd = &P->data[P->ndata];
    ov_diags_init(&bd->diags);
    bd->path = ov_strdup(path);
    if (!bd->path) {
        P->oom = 1;
        return OV_NONE;
    }
    P->ndata++;
    int inside = ov_path_inside(P->man->path, path);
    if (!inside && !P->o->allow_outside) {
        ov_diag_add(&bd->diags, OV_ERROR, path, 0, 0, NULL, NULL,
                    "is outside the manifest's folder, so it is not read (orgviz build "
                    "--allow-outside reads data files anywhere)");
        return P->ndata - 1;
    }
    char *buf = NULL;
    size_t len = 0;
    if (ov_read_file(path, OV_MAX_FILE_BYTES, &buf, &len, &bd->diags) != OV_OK)
        return P->ndata - 1;
    bd->hash = ov_hash64_wide(OV_HASH_INIT, buf, len);
    ov_model *m = NULL;
    ov_status st = ov_open_buffer_cached(path, buf, len, &m, &bd->diags);
    free(buf);
    if (st == OV_OK) {
        /* warnings are for `orgviz validate`; a build stays quiet */
        ov_diags_free(&bd->diags);
        bd->model = m;
    } else {
        /* the errors say why its charts are not made; the warnings are
         * for `orgviz validate` */
        ov_diags_drop_warnings(&bd->diags);
        /* a file from elsewhere may be anything (a key, a password
         * file): its lines are not quoted */
        if (!inside)
            ov_diags_drop_excerpts(&bd->diags);
        ov_diags_sort(&bd->diags);
    }
    return P->ndata - 1;
}

static bld_item *add_item(bld_plan *P, size_t chart, size_t data, const char *stem)
{
    if (P->nitems == P->capitems) {
        size_t cap = P->capitems ? P->capitems * 2 : 32;
        bld_item *items = realloc(P->items, cap * sizeof *items);
        if (!items) {
            P->oom = 1;
            return NULL;
        }
        P->items = items;
        P->capitems = cap;
    }
    bld_item *it = &P->items[P->nitems];
    memset(it, 0, sizeof *it);
    ov_diags_init(&it->diags);
    it->chart = chart;
    it->data = data;
    it->day = OV_DAY_NONE;
    it->today = OV_DAY_NONE;
    it->since = OV_DAY_NONE;
    it->stem = ov_strdup(stem);
    if (!it->stem) {
        P->oom = 1;
        return NULL;
    }
    P->nitems++;
    return it;
}

/* Reports into D an organisation id of the manifest that the data M does
 * not have. */
static void check_org(const bld_plan *P, const ov_model *m, const ov_manifest_chart *c,
                      const char *key, const char *id, ov_diags *d)
{
    if (!id || ov_model_find(m, id) != OV_NONE)
        return;
    const char *best = ov_model_suggest_id(m, id);
    char *ptr = ov_asprintf("%s/%s", c->pointer, key);
    if (best)
        ov_diag_at(d, OV_ERROR, P->man->path, ptr, NULL,
                   "no organisation \"%s\" in %s; did you mean \"%s\"?", id, c->data_path, best);
    else
        ov_diag_at(d, OV_ERROR, P->man->path, ptr, NULL, "no organisation \"%s\" in %s", id,
                   c->data_path);
    free(ptr);
}

static void check_types(const bld_plan *P, const ov_model *m, const ov_manifest_chart *c,
                        ov_diags *d)
{
    for (size_t k = 0; k < c->ntypes; k++) {
        int found = 0;
        for (size_t t = 0; t < m->ntypes && !found; t++)
            found = strcmp(m->types[t].key, c->types[k]) == 0;
        if (found)
            continue;
        char *ptr = ov_asprintf("%s/types/%zu", c->pointer, k);
        ov_diag_at(d, OV_ERROR, P->man->path, ptr, NULL, "no type \"%s\" in %s", c->types[k],
                   c->data_path);
        free(ptr);
    }
}

static int day_cmp(const void *a, const void *b)
{
    ov_day x = *(const ov_day *)a;
    ov_day y = *(const ov_day *)b;
    return (x > y) - (x < y);
}

/* "the day of the merger", "the day before the succession and
 * establishment": what DAY is in a series. New string. */
static char *describe_day(const ov_model *m, ov_day day)
{
    ov_buf b;
    ov_buf_init(&b);
    for (int pass = 0; pass < 2; pass++) {
        ov_day want = pass == 0 ? day : day + 1;
        int kinds[OV_TR_COUNT] = {0};
        size_t n = 0;
        for (size_t i = 0; i < m->ntrans; i++) {
            if (m->trans[i].date == want && m->trans[i].kind >= 0 && !kinds[m->trans[i].kind]) {
                kinds[m->trans[i].kind] = 1;
                n++;
            }
        }
        if (n == 0)
            continue;
        ov_buf_puts(&b, b.len ? ", and " : "");
        ov_buf_puts(&b, pass == 0 ? "the day of the " : "the day before the ");
        size_t k = 0;
        for (int t = 0; t < OV_TR_COUNT; t++) {
            if (!kinds[t])
                continue;
            if (k > 0)
                ov_buf_puts(&b, k + 1 == n ? " and " : ", ");
            ov_buf_puts(&b, ov_tr_kind_name((ov_tr_kind)t));
            k++;
        }
    }
    return ov_buf_take(&b);
}

/* Each-transition: the day before and the day of every distinct
 * transition date, ascending, only days on which the root (if any)
 * exists. Returns the count; *out is a new array. */
static size_t transition_days(const ov_model *m, const char *root, ov_day **out)
{
    *out = NULL;
    if (m->ntrans == 0)
        return 0;
    ov_day *days = malloc(2 * m->ntrans * sizeof *days);
    if (!days)
        return 0;
    size_t n = 0;
    size_t r = root ? ov_model_find(m, root) : OV_NONE;
    for (size_t i = 0; i < m->ntrans; i++) {
        ov_day d = m->trans[i].date;
        if (d == OV_DAY_NONE)
            continue;
        for (ov_day x = d - 1; x <= d; x++) {
            if (r == OV_NONE || ov_org_exists_at(&m->orgs[r], x))
                days[n++] = x;
        }
    }
    qsort(days, n, sizeof *days, day_cmp);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (k == 0 || days[k - 1] != days[i])
            days[k++] = days[i];
    }
    *out = days;
    return k;
}

/* The day a "from" or "to" of kind W stands for: DAY, today, or none
 * (the renderer's default). */
static ov_day resolve_when(ov_when w, ov_day day, ov_day today)
{
    return w == OV_WHEN_DATE ? day : w == OV_WHEN_TODAY ? today : OV_DAY_NONE;
}

ov_chart_opts bld_chart_opts(const bld_item *it, const ov_manifest_chart *c)
{
    return (ov_chart_opts){.at = it->day, .root = c->root, .depth = c->depth, .since = it->since};
}

ov_timeline_opts bld_timeline_opts(const bld_plan *P, const ov_manifest_chart *c)
{
    return (ov_timeline_opts){.from = resolve_when(c->from_when, c->from, P->today),
                              .to = resolve_when(c->to_when, c->to, P->today),
                              .focus = c->focus,
                              .types = (const char **)c->types,
                              .ntypes = c->ntypes};
}

static void describe_item(bld_plan *P, bld_item *it, const ov_manifest_chart *c)
{
    const ov_model *m = P->data[it->data].model;
    if (c->kind == OV_KIND_CHART) {
        ov_chart_opts co = bld_chart_opts(it, c);
        char day[32];
        ov_date_human(it->day, day);
        it->desc = ov_chart_describe(m, &co);
        it->text = ov_chart_text_html(m, &co, c->title);
        it->alt = ov_asprintf("%s, as at %s", c->title ? c->title : m->title ? m->title : "Chart",
                              day);
    } else {
        ov_timeline_opts to = bld_timeline_opts(P, c);
        it->desc = ov_timeline_describe(m, &to);
        it->text = ov_timeline_text_html(m, &to, c->title);
        it->alt = ov_strdup(c->title ? c->title : m->title ? m->title : "Timeline");
    }
}

/* Checks the ids of chart CI against its data M once, for its items from
 * FIRST on: every item of a series shares the result; those that pass are
 * described. */
static void check_items(bld_plan *P, size_t ci, const ov_model *m, size_t first)
{
    const ov_manifest_chart *c = &P->man->charts[ci];
    ov_diags ids;
    ov_diags_init(&ids);
    if (c->kind == OV_KIND_CHART) {
        check_org(P, m, c, "root", c->root, &ids);
    } else {
        check_org(P, m, c, "focus", c->focus, &ids);
        check_types(P, m, c, &ids);
    }
    for (size_t i = first; i < P->nitems; i++) {
        bld_item *it = &P->items[i];
        if (it->failed)
            continue;
        if (ids.errors > 0) {
            it->failed = 1;
            bld_diags_copy(&it->diags, &ids);
        } else {
            describe_item(P, it, c);
        }
    }
    ov_diags_free(&ids);
}

/* Turns manifest chart CI into items. */
void bld_plan_chart(bld_plan *P, size_t ci)
{
    const ov_manifest_chart *c = &P->man->charts[ci];
    size_t di = plan_data(P, c->data_path);
    if (di == OV_NONE)
        return;
    const ov_model *m = P->data[di].model;
    size_t first = P->nitems; /* this chart's items are those from here on */
    if (!m) {
        bld_item *it = add_item(P, ci, di, c->name);
        if (!it)
            return;
        it->failed = 1;
        bld_diags_copy(&it->diags, &P->data[di].diags);
        return;
    }
    if (c->kind == OV_KIND_CHART && c->at_when == OV_WHEN_EACH_TRANSITION) {
        ov_day *days = NULL;
        size_t n = transition_days(m, c->root, &days);
        if (n == 0) {
            bld_item *it = add_item(P, ci, di, c->name);
            if (it) {
                it->failed = 1;
                ov_diag_at(&it->diags, OV_ERROR, P->man->path, c->pointer, NULL,
                           "\"each-transition\": %s has no transitions%s", c->data_path,
                           c->root ? " while the root exists" : "");
            }
        }
        for (size_t k = 0; k < n; k++) {
            char iso[11];
            ov_date_iso(days[k], iso);
            char *stem = ov_asprintf("%s-%s", c->name, iso);
            bld_item *it = stem ? add_item(P, ci, di, stem) : NULL;
            free(stem);
            if (!it) {
                P->oom = 1;
                break;
            }
            it->day = days[k];
            it->when = describe_day(m, days[k]);
            /* the picture of a transition's day is marked against the day
             * before: the "after" of a before/after pair */
            for (size_t t = 0; t < m->ntrans; t++) {
                if (m->trans[t].date == days[k])
                    it->since = days[k] - 1;
            }
        }
        free(days);
    } else {
        bld_item *it = add_item(P, ci, di, c->name);
        if (!it)
            return;
        if (c->kind == OV_KIND_CHART) {
            it->day = c->at_when == OV_WHEN_DATE ? c->at : P->today;
            if (c->at_when != OV_WHEN_DATE)
                it->today = P->today;
            if (c->since_when != OV_WHEN_DEFAULT) {
                it->since = c->since_when == OV_WHEN_DATE ? c->since : P->today;
                if (c->since_when == OV_WHEN_TODAY)
                    it->today = P->today;
            }
            if (it->since != OV_DAY_NONE && it->since >= it->day) {
                char a[32], b[32];
                ov_date_human(it->since, a);
                ov_date_human(it->day, b);
                it->failed = 1;
                ov_diag_at(&it->diags, OV_ERROR, P->man->path, c->pointer, NULL,
                           "\"since\" (%s) must be before the day the chart shows (%s)", a, b);
            }
        } else if (c->from_when == OV_WHEN_TODAY || c->to_when != OV_WHEN_DATE) {
            /* an open "to" means the later of today and the last date */
            it->today = P->today;
        }
    }
    check_items(P, ci, m, first);
}

static int file_cmp(const void *a, const void *b)
{
    const bld_out *x = *(const bld_out *const *)a;
    const bld_out *y = *(const bld_out *const *)b;
    return strcmp(x->file, y->file);
}

/* Every output of every item; two charts that would write the same file
 * are a manifest error. */
int bld_plan_outputs(bld_plan *P)
{
    size_t n = 0;
    for (size_t i = 0; i < P->nitems; i++)
        n += P->man->charts[P->items[i].chart].nformats;
    P->outs = calloc(n ? n : 1, sizeof *P->outs);
    if (!P->outs) {
        P->oom = 1;
        return -1;
    }
    for (size_t i = 0; i < P->nitems; i++) {
        const ov_manifest_chart *c = &P->man->charts[P->items[i].chart];
        for (size_t f = 0; f < c->nformats; f++) {
            bld_out *o = &P->outs[P->nouts++];
            ov_diags_init(&o->diags);
            o->item = i;
            o->format = c->formats[f];
            o->file = ov_asprintf("%s.%s", P->items[i].stem, ov_format_ext(o->format));
            o->path = o->file ? ov_asprintf("%s/%s", P->out_dir, o->file) : NULL;
            if (!o->path) {
                P->oom = 1;
                return -1;
            }
            o->inputs = bld_inputs_hash(P, o);
            o->state = P->items[i].failed ? OV_OUT_FAILED : OV_OUT_UNCHANGED;
        }
    }
    bld_out **sorted = malloc((n ? n : 1) * sizeof *sorted);
    if (!sorted) {
        P->oom = 1;
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        sorted[i] = &P->outs[i];
    qsort(sorted, n, sizeof *sorted, file_cmp);
    int rc = 0;
    for (size_t i = 1; i < n; i++) {
        if (strcmp(sorted[i - 1]->file, sorted[i]->file) != 0)
            continue;
        const ov_manifest_chart *a = &P->man->charts[P->items[sorted[i - 1]->item].chart];
        const ov_manifest_chart *b = &P->man->charts[P->items[sorted[i]->item].chart];
        ov_diag_at(P->d, OV_ERROR, P->man->path, b->pointer, NULL,
                   "chart \"%s\" and chart \"%s\" (%s) both produce %s: rename one", b->name,
                   a->name, a->pointer, sorted[i]->file);
        rc = -1;
    }
    free(sorted);
    return rc;
}

void bld_plan_free(bld_plan *P)
{
    for (size_t i = 0; i < P->ndata; i++) {
        free(P->data[i].path);
        ov_model_free(P->data[i].model);
        ov_diags_free(&P->data[i].diags);
    }
    free(P->data);
    for (size_t i = 0; i < P->nitems; i++) {
        free(P->items[i].stem);
        free(P->items[i].when);
        free(P->items[i].desc);
        free(P->items[i].alt);
        free(P->items[i].text);
        ov_diags_free(&P->items[i].diags);
    }
    free(P->items);
    for (size_t i = 0; i < P->nouts; i++) {
        free(P->outs[i].file);
        free(P->outs[i].path);
        ov_diags_free(&P->outs[i].diags);
    }
    free(P->outs);
    json_decref(P->stamp);
    ov_manifest_free(P->man);
}
