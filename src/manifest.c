/* The chart manifest: JSON (jansson) -> ov_manifest. As in load.c, syntax
 * errors come back with line and column, every other problem with the
 * JSON Pointer of the value, and loading goes on after an error so that
 * one run reports them all. */
#include "manifest.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"

#include "jsonread.h"
#include "output.h"
#include "pages.h"
#include "svg.h"
#include "theme.h"
#include "util.h"

typedef struct {
    const char *file;
    ov_diags *d;
    int oom;
} mloader;


static const char *const top_keys[] = {"$schema", "orgviz_charts", "title", "charts", NULL};
static const char *const chart_keys[] = {
    "name", "kind", "data",  "title", "theme", "formats", "responsive", "dpi", "at",
    "since", "root", "depth", "from", "to",    "focus", "types",   "page",       "min_text",
    "highlight", "hide", "note", "id_prefix", NULL};
/* options that belong to one kind only */
static const char *const chart_only[] = {"at", "since", "root", "depth", NULL};
static const char *const timeline_only[] = {"from", "to", "focus", "types", NULL};

static char *dup_or_oom(mloader *L, const char *s)
{
    char *p = ov_strdup(s);
    if (!p)
        L->oom = 1;
    return p;
}

/* An optional, non-blank string member: a new copy, or NULL when absent or
 * (with an error) not usable. */
static char *get_text(mloader *L, const json_t *obj, const char *base, const char *key,
                      int required)
{
    const char *s = ov_json_text(L->d, L->file, obj, base, key, required, NULL);
    if (!s)
        return NULL;
    if (ov_is_blank(s)) {
        ov_jptr p;
        ov_jptr_key(&p, base, key);
        ov_diag_at(L->d, OV_ERROR, L->file, p.buf, NULL, "\"%s\" must not be blank", key);
        return NULL;
    }
    return dup_or_oom(L, s);
}

/* "id_prefix": "" (no prefix) or a prefix that ov_svg_prefix_ok accepts. */
static void load_id_prefix(mloader *L, ov_manifest_chart *c, const json_t *obj,
                           const char *base)
{
    const char *s = ov_json_text(L->d, L->file, obj, base, "id_prefix", 0, NULL);
    if (!s)
        return;
    if (!ov_svg_prefix_ok(s)) {
        ov_jptr p;
        ov_jptr_key(&p, base, "id_prefix");
        ov_diag_at(L->d, OV_ERROR, L->file, p.buf, NULL,
                   "\"id_prefix\" must start with a letter or '_', then letters, digits, '_', "
                   "'.' or '-' (at most 64), or be \"\" for none");
        return;
    }
    c->id_prefix = dup_or_oom(L, s);
}

/* A date option: "YYYY-MM-DD", "today", or (when EACH) "each-transition". */
static ov_when get_when(mloader *L, const json_t *obj, const char *base, const char *key,
                        int each, ov_day *day)
{
    const json_t *v = json_object_get(obj, key);
    *day = OV_DAY_NONE;
    if (!v)
        return OV_WHEN_DEFAULT;
    ov_jptr p;
    ov_jptr_key(&p, base, key);
    const char *s = json_is_string(v) ? json_string_value(v) : NULL;
    const char *choices = each ? "a date \"YYYY-MM-DD\", \"today\" or \"each-transition\""
                               : "a date \"YYYY-MM-DD\" or \"today\"";
    if (!s) {
        ov_diag_at(L->d, OV_ERROR, L->file, p.buf, NULL, "\"%s\" must be %s, not %s", key,
                   choices, ov_json_kind(v));
        return OV_WHEN_DEFAULT;
    }
    if (strcmp(s, "today") == 0)
        return OV_WHEN_TODAY;
    if (each && strcmp(s, "each-transition") == 0)
        return OV_WHEN_EACH_TRANSITION;
    ov_date_status st = ov_json_date(L->d, L->file, p.buf, s, NULL, day);
    if (st == OV_DATE_FORMAT)
        ov_diag_at(L->d, OV_ERROR, L->file, p.buf, NULL, "\"%s\" must be %s, not \"%s\"", key,
                   choices, s);
    return st == OV_DATE_OK ? OV_WHEN_DATE : OV_WHEN_DEFAULT;
}

static void load_name(mloader *L, ov_manifest_chart *c, const json_t *obj, const char *base)
{
    c->name = get_text(L, obj, base, "name", 1);
    if (!c->name || ov_manifest_name_ok(c->name))
        return;
    ov_jptr p;
    ov_jptr_key(&p, base, "name");
    if (strlen(c->name) > OV_MANIFEST_MAX_NAME)
        ov_diag_at(L->d, OV_ERROR, L->file, p.buf, NULL,
                   "chart name is longer than %d characters", OV_MANIFEST_MAX_NAME);
    else if (strchr(c->name, '/') || strchr(c->name, '\\') || c->name[0] == '.')
        ov_diag_at(L->d, OV_ERROR, L->file, p.buf, NULL,
                   "chart name \"%s\" must be a plain file name that stays inside the output "
                   "folder: no '/', no '..', not a path",
                   c->name);
    else
        ov_diag_at(L->d, OV_ERROR, L->file, p.buf, NULL,
                   "chart name \"%s\": use lower-case letters, digits, '.', '_' and '-', "
                   "starting with a letter or a digit",
                   c->name);
    free(c->name);
    c->name = NULL;
}

static void load_kind(mloader *L, ov_manifest_chart *c, const json_t *obj, const char *base,
                      int *ok)
{
    char *kind = get_text(L, obj, base, "kind", 1);
    *ok = 0;
    if (!kind)
        return;
    if (strcmp(kind, "chart") == 0) {
        c->kind = OV_KIND_CHART;
        *ok = 1;
    } else if (strcmp(kind, "timeline") == 0) {
        c->kind = OV_KIND_TIMELINE;
        *ok = 1;
    } else {
        ov_jptr p;
        ov_jptr_key(&p, base, "kind");
        ov_diag_at(L->d, OV_ERROR, L->file, p.buf, NULL,
                   "unknown kind \"%s\": the kinds are \"chart\" and \"timeline\"", kind);
    }
    free(kind);
}

/* Resolves DATA against the folder of the manifest (absolute paths stay). */
static char *resolve_data(mloader *L, const char *data)
{
    const char *slash = strrchr(L->file, '/');
    char *p = (data[0] == '/' || !slash)
                  ? ov_strdup(data)
                  : ov_asprintf("%.*s/%s", (int)(slash - L->file), L->file, data);
    if (!p)
        L->oom = 1;
    return p;
}

static void load_formats(mloader *L, ov_manifest_chart *c, const json_t *obj, const char *base)
{
    const json_t *v = json_object_get(obj, "formats");
    c->formats[0] = OV_FMT_SVG;
    c->nformats = 1;
    if (!v)
        return;
    ov_jptr p;
    ov_jptr_key(&p, base, "formats");
    if (!json_is_array(v) || json_array_size(v) == 0) {
        ov_diag_at(L->d, OV_ERROR, L->file, p.buf, NULL,
                   "\"formats\" must be a non-empty list such as [\"svg\", \"png\"], not %s",
                   json_is_array(v) ? "an empty list" : ov_json_kind(v));
        return;
    }
    c->nformats = 0;
    size_t i;
    const json_t *e;
    json_array_foreach((json_t *)v, i, e)
    {
        ov_jptr pe;
        ov_jptr_index(&pe, p.buf, i);
        int f = json_is_string(e) ? ov_format_parse(json_string_value(e)) : -1;
        if (f < 0) {
            ov_diag_at(L->d, OV_ERROR, L->file, pe.buf, NULL,
                       "the formats are \"svg\", \"png\", \"pdf\", \"dot\" and \"html\"");
            continue;
        }
        int seen = 0;
        for (size_t k = 0; k < c->nformats; k++)
            seen |= c->formats[k] == (ov_format)f;
        if (seen) {
            ov_diag_at(L->d, OV_ERROR, L->file, pe.buf, NULL, "\"%s\" is listed twice",
                       json_string_value(e));
            continue;
        }
        if (c->nformats < sizeof c->formats / sizeof c->formats[0])
            c->formats[c->nformats++] = (ov_format)f;
    }
    if (c->nformats == 0) {
        c->formats[0] = OV_FMT_SVG;
        c->nformats = 1;
    }
}

/* A non-empty list of distinct texts under KEY ("types": type keys such
 * as EXAMPLE) into *OUT (*N of them). */
static void load_list(mloader *L, const json_t *obj, const char *base, const char *key,
                      const char *what, const char *example, char ***out, size_t *n)
{
    const json_t *v = json_object_get(obj, key);
    if (!v)
        return;
    ov_jptr p;
    ov_jptr_key(&p, base, key);
    if (!json_is_array(v) || json_array_size(v) == 0) {
        ov_diag_at(L->d, OV_ERROR, L->file, p.buf, NULL,
                   "\"%s\" must be a non-empty list of %ss such as %s, not %s", key, what,
                   example, json_is_array(v) ? "an empty list" : ov_json_kind(v));
        return;
    }
    *out = calloc(json_array_size(v), sizeof **out);
    if (!*out) {
        L->oom = 1;
        return;
    }
    size_t i;
    const json_t *e;
    json_array_foreach((json_t *)v, i, e)
    {
        ov_jptr pe;
        ov_jptr_index(&pe, p.buf, i);
        if (!json_is_string(e) || ov_is_blank(json_string_value(e))) {
            ov_diag_at(L->d, OV_ERROR, L->file, pe.buf, NULL, "a %s must be text, not %s", what,
                       json_is_string(e) ? "blank" : ov_json_kind(e));
            continue;
        }
        int seen = 0;
        for (size_t k = 0; k < *n; k++)
            seen |= (*out)[k] && strcmp((*out)[k], json_string_value(e)) == 0;
        if (seen) {
            ov_diag_at(L->d, OV_ERROR, L->file, pe.buf, NULL, "\"%s\" is listed twice",
                       json_string_value(e));
            continue;
        }
        (*out)[(*n)++] = dup_or_oom(L, json_string_value(e));
    }
}

static void load_types(mloader *L, ov_manifest_chart *c, const json_t *obj, const char *base)
{
    load_list(L, obj, base, "types", "type key", "[\"ccg\", \"icb\"]", &c->types, &c->ntypes);
}

/* "highlight", "hide" and "note": what a report needs. */
static void load_presentation(mloader *L, ov_manifest_chart *c, const json_t *obj,
                              const char *base)
{
    load_list(L, obj, base, "highlight", "organisation id", "[\"M81076\"]", &c->highlight,
              &c->nhighlight);
    char **hide = NULL;
    size_t nhide = 0;
    load_list(L, obj, base, "hide", "part", "[\"codes\", \"key\"]", &hide, &nhide);
    for (size_t k = 0; k < nhide; k++) {
        if (hide[k] && ov_hide_parse(hide[k], &c->hide) != 0) {
            ov_jptr p;
            ov_jptr_key(&p, base, "hide");
            ov_diag_at(L->d, OV_ERROR, L->file, p.buf, NULL,
                       "\"%s\" cannot be hidden: the parts are codes, facts, key and sources",
                       hide[k]);
        }
        free(hide[k]);
    }
    free(hide);
    if (c->kind == OV_KIND_TIMELINE && (c->hide & ~OV_HIDE_KEY)) {
        ov_jptr p;
        ov_jptr_key(&p, base, "hide");
        ov_diag_at(L->d, OV_ERROR, L->file, p.buf, NULL,
                   "codes, facts and sources are hidden on charts: a timeline has only "
                   "\"key\" to leave out");
    }
    c->note = get_text(L, obj, base, "note", 0);
}

static void load_numbers(mloader *L, ov_manifest_chart *c, const json_t *obj, const char *base)
{
    ov_jptr p;
    const json_t *v = json_object_get(obj, "depth");
    c->depth = -1;
    if (v) {
        ov_jptr_key(&p, base, "depth");
        if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > OV_CHART_MAX_DEPTH)
            ov_diag_at(L->d, OV_ERROR, L->file, p.buf, NULL,
                       "\"depth\" must be a whole number from 0 to %d", OV_CHART_MAX_DEPTH);
        else
            c->depth = (int)json_integer_value(v);
    }
    /* a physical size (pt): a download opens at its size, and max-width for
     * web pages */
    c->responsive = 0;
    v = json_object_get(obj, "responsive");
    if (v) {
        ov_jptr_key(&p, base, "responsive");
        if (!json_is_boolean(v))
            ov_diag_at(L->d, OV_ERROR, L->file, p.buf, NULL,
                       "\"responsive\" must be true or false, not %s", ov_json_kind(v));
        else
            c->responsive = json_is_true(v);
    }
    v = json_object_get(obj, "dpi");
    if (v) {
        ov_jptr_key(&p, base, "dpi");
        if (!json_is_number(v) || json_number_value(v) < 36 || json_number_value(v) > 1200)
            ov_diag_at(L->d, OV_ERROR, L->file, p.buf, NULL,
                       "\"dpi\" must be a number from 36 to 1200");
        else
            c->dpi = json_number_value(v);
    }
}

/* Options of the other kind are a mistake (a "focus" on a chart): an
 * error, so that it is not silently ignored. */
static void check_kind_options(mloader *L, const ov_manifest_chart *c, const json_t *obj,
                               const char *base)
{
    const char *const *wrong = c->kind == OV_KIND_CHART ? timeline_only : chart_only;
    for (const char *const *k = wrong; *k; k++) {
        if (!json_object_get(obj, *k))
            continue;
        ov_jptr p;
        ov_jptr_key(&p, base, *k);
        ov_diag_at(L->d, OV_ERROR, L->file, p.buf, NULL,
                   "\"%s\" is an option of %s, not of %s", *k,
                   c->kind == OV_KIND_CHART ? "timelines" : "charts",
                   c->kind == OV_KIND_CHART ? "charts" : "timelines");
    }
}

static void load_chart(mloader *L, ov_manifest_chart *c, const json_t *obj, const char *base)
{
    c->depth = -1;
    c->pointer = dup_or_oom(L, base);
    if (!json_is_object(obj)) {
        ov_diag_at(L->d, OV_ERROR, L->file, base, NULL,
                   "a chart must be an object { \"name\": …, \"kind\": …, \"data\": … }, not %s",
                   ov_json_kind(obj));
        return;
    }
    ov_json_check_keys(L->d, L->file, obj, base, chart_keys, NULL);
    load_name(L, c, obj, base);
    int kind_ok;
    load_kind(L, c, obj, base, &kind_ok);
    if (kind_ok)
        check_kind_options(L, c, obj, base);
    c->data = get_text(L, obj, base, "data", 1);
    if (c->data)
        c->data_path = resolve_data(L, c->data);
    c->title = get_text(L, obj, base, "title", 0);
    c->theme = get_text(L, obj, base, "theme", 0);
    if (c->theme && !ov_theme_get(c->theme)) {
        size_t n = strlen(c->theme);
        if (n > 5 && strcmp(c->theme + n - 5, ".json") == 0) {
            c->theme_path = resolve_data(L, c->theme);
        } else {
            ov_jptr p;
            ov_jptr_key(&p, base, "theme");
            ov_diag_at(L->d, OV_ERROR, L->file, p.buf, NULL,
                       "unknown theme \"%s\": the themes are \"default\" and \"mono\", or a "
                       "theme file (\"brand.theme.json\")",
                       c->theme);
        }
    }
    c->page = get_text(L, obj, base, "page", 0);
    ov_page_spec spec;
    if (c->page && ov_page_parse(c->page, &spec) != 0) {
        ov_jptr p;
        ov_jptr_key(&p, base, "page");
        ov_diag_at(L->d, OV_ERROR, L->file, p.buf, NULL, "unknown page \"%s\": the sizes are %s",
                   c->page, ov_page_names());
    }
    const json_t *v = json_object_get(obj, "min_text");
    if (v) {
        ov_jptr p;
        ov_jptr_key(&p, base, "min_text");
        if (!json_is_number(v) || json_number_value(v) < 1 || json_number_value(v) > 72)
            ov_diag_at(L->d, OV_ERROR, L->file, p.buf, NULL,
                       "\"min_text\" must be a size in pt from 1 to 72");
        else
            c->min_text = json_number_value(v);
    }
    load_id_prefix(L, c, obj, base);
    c->at_when = get_when(L, obj, base, "at", 1, &c->at);
    c->since_when = get_when(L, obj, base, "since", 0, &c->since);
    c->root = get_text(L, obj, base, "root", 0);
    c->from_when = get_when(L, obj, base, "from", 0, &c->from);
    c->to_when = get_when(L, obj, base, "to", 0, &c->to);
    if (c->from_when == OV_WHEN_DATE && c->to_when == OV_WHEN_DATE && c->from > c->to) {
        ov_jptr p;
        ov_jptr_key(&p, base, "to");
        ov_diag_at(L->d, OV_ERROR, L->file, p.buf, NULL, "\"to\" is before \"from\"");
    }
    c->focus = get_text(L, obj, base, "focus", 0);
    load_types(L, c, obj, base);
    load_presentation(L, c, obj, base);
    load_formats(L, c, obj, base);
    load_numbers(L, c, obj, base);
    /* the entry exactly as written, keys sorted: part of every output's
     * input hash (build_stamp.c) */
    c->canon = json_dumps(obj, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENSURE_ASCII);
    if (!c->canon)
        L->oom = 1;
}

static void check_duplicate_names(mloader *L, ov_manifest *m)
{
    for (size_t i = 0; i < m->ncharts; i++) {
        const ov_manifest_chart *c = &m->charts[i];
        if (!c->name)
            continue;
        for (size_t j = 0; j < i; j++) {
            if (m->charts[j].name && strcmp(m->charts[j].name, c->name) == 0) {
                ov_jptr p;
                ov_jptr_key(&p, c->pointer, "name");
                ov_diag_at(L->d, OV_ERROR, L->file, p.buf, NULL,
                           "chart name \"%s\" is already used by %s", c->name,
                           m->charts[j].pointer);
                break;
            }
        }
    }
}

/* ---- public ------------------------------------------------------------ */

int ov_manifest_name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > OV_MANIFEST_MAX_NAME)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char ch = name[i];
        int alnum = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
        if (!alnum && (i == 0 || !strchr("._-", ch)))
            return 0;
    }
    return 1;
}

void ov_manifest_free(ov_manifest *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->ncharts; i++) {
        ov_manifest_chart *c = &m->charts[i];
        free(c->name);
        free(c->pointer);
        free(c->data);
        free(c->data_path);
        free(c->title);
        free(c->theme);
        free(c->id_prefix);
        free(c->theme_path);
        free(c->page);
        free(c->note);
        for (size_t k = 0; k < c->nhighlight; k++)
            free(c->highlight[k]);
        free(c->highlight);
        free(c->root);
        free(c->focus);
        for (size_t k = 0; k < c->ntypes; k++)
            free(c->types[k]);
        free(c->types);
        free(c->canon);
    }
    free(m->charts);
    free(m->path);
    free(m->title);
    free(m);
}

ov_status ov_manifest_load_buffer(const char *path, const char *buf, size_t len,
                                  ov_manifest **out, ov_diags *d)
{
    *out = NULL;
    ov_status st;
    json_t *root = ov_json_parse_object(path, buf, len, OV_MANIFEST_MAX_BYTES,
                                        "the manifest must hold one object "
                                        "{ \"orgviz_charts\": 1, \"charts\": [ … ] }",
                                        d, &st);
    if (!root)
        return st;
    st = OV_ERR_MEMORY;
    size_t errors_before = d->errors;
    mloader L = {.file = path, .d = d};
    ov_manifest *m = calloc(1, sizeof *m);
    if (!m)
        goto fail;
    m->path = ov_strdup(path);
    if (!m->path)
        goto fail;
    ov_json_check_keys(d, path, root, "", top_keys, NULL);
    const json_t *v = json_object_get(root, "orgviz_charts");
    if (!v)
        ov_diag_at(d, OV_ERROR, path, "", NULL,
                   "missing required \"orgviz_charts\" (the manifest format version, 1)");
    else if (!json_is_integer(v) || json_integer_value(v) != OV_MANIFEST_VERSION)
        ov_diag_at(d, OV_ERROR, path, "/orgviz_charts", NULL,
                   "\"orgviz_charts\" must be %d (the manifest format version)",
                   OV_MANIFEST_VERSION);
    m->title = get_text(&L, root, "", "title", 0);
    const json_t *charts = json_object_get(root, "charts");
    if (!charts) {
        ov_diag_at(d, OV_ERROR, path, "", NULL, "missing required \"charts\"");
    } else if (!json_is_array(charts)) {
        ov_diag_at(d, OV_ERROR, path, "/charts", NULL, "\"charts\" must be a list [ … ], not %s",
                   ov_json_kind(charts));
    } else if (json_array_size(charts) > 0) {
        size_t n = json_array_size(charts);
        m->charts = calloc(n, sizeof *m->charts);
        if (!m->charts)
            goto fail;
        for (size_t i = 0; i < n; i++) {
            ov_jptr p;
            ov_jptr_index(&p, "/charts", i);
            load_chart(&L, &m->charts[m->ncharts++], json_array_get(charts, i), p.buf);
        }
        check_duplicate_names(&L, m);
    }
    if (L.oom)
        goto fail;
    if (d->errors > errors_before) {
        st = OV_ERR_DATA;
        goto fail;
    }
    json_decref(root);
    *out = m;
    return OV_OK;
fail:
    if (st == OV_ERR_MEMORY)
        ov_diag_add(d, OV_ERROR, path, 0, 0, NULL, NULL, "out of memory");
    ov_manifest_free(m);
    json_decref(root);
    return st;
}

ov_status ov_manifest_load(const char *path, ov_manifest **out, ov_diags *d)
{
    char *buf = NULL;
    size_t len = 0;
    *out = NULL;
    ov_status st = ov_read_file(path, OV_MANIFEST_MAX_BYTES, &buf, &len, d);
    if (st != OV_OK)
        return st;
    st = ov_manifest_load_buffer(path, buf, len, out, d);
    free(buf);
    return st;
}
