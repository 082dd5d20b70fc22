/* JSON (jansson) -> model. Syntax errors come back with line and column;
 * shape errors (a missing field, a number where text belongs, a date that
 * is not a date, an unknown key) with the JSON Pointer of the value. The
 * loader keeps going after a shape error so that the validator can report
 * every other problem in the same run. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonread.h"
#include "manifest.h"
#include "model.h"
#include "model_cache.h"
#include "output.h"
#include "util.h"

typedef struct {
    const char *file;
    ov_diags *d;
    ov_model *m;
    int oom;
} loader;


static const char *const top_keys[] = {"$schema",       "orgviz",        "title",
                                       "sources",       "types",         "organisations",
                                       "relationships", "transitions",   "allow",
                                       NULL};
static const char *const source_keys[] = {"id", "title", "url", NULL};
static const char *const type_keys[] = {"label", "colour", NULL};
static const char *const org_keys[] = {"id",    "name", "type",  "short_name", "codes",
                                       "start", "end",  "url",   "facts",      "note",
                                       "sources", "history", NULL};
static const char *const state_keys[] = {"until", "name", "short_name", "type", "facts", NULL};
static const char *const rel_keys[] = {"type", "from", "to",   "start",
                                      "end",  "label", "note", NULL};
static const char *const tr_keys[] = {"type", "date",  "from", "to",      "id",
                                      "label", "note", "sources", NULL};

static char *dup_or_oom(loader *L, const char *s)
{
    char *p = ov_model_strdup(L->m, s);
    if (!p)
        L->oom = 1;
    return p;
}

/* A copy (owned by the model) of string member KEY, or NULL when absent
 * or not text (both reported as ov_json_text says). */
static char *get_string(loader *L, const json_t *obj, const char *base, const char *key,
                        int required, const char *org_id)
{
    const char *s = ov_json_text(L->d, L->file, obj, base, key, required, org_id);
    return s ? dup_or_oom(L, s) : NULL;
}

static ov_day get_date(loader *L, const json_t *obj, const char *base, const char *key,
                       int required, const char *org_id)
{
    const json_t *v = ov_json_member(L->d, L->file, obj, base, key, required, org_id);
    if (!v)
        return OV_DAY_NONE;
    ov_jptr p;
    ov_jptr_key(&p, base, key);
    if (!json_is_string(v)) {
        ov_diag_at(L->d, OV_ERROR, L->file, p.buf, org_id,
                   "\"%s\" must be a date written as text \"YYYY-MM-DD\", not %s", key,
                   ov_json_kind(v));
        return OV_DAY_NONE;
    }
    const char *s = json_string_value(v);
    ov_day day;
    ov_date_status st = ov_json_date(L->d, L->file, p.buf, s, org_id, &day);
    if (st == OV_DATE_FORMAT)
        ov_diag_at(L->d, OV_ERROR, L->file, p.buf, org_id,
                   "\"%s\" is not a date: write dates as YYYY-MM-DD, e.g. 2020-04-01", s);
    return st == OV_DATE_OK ? day : OV_DAY_NONE;
}

/* An array of strings (ids). Returns the count; *out is NULL when empty.
 * Non-string elements are reported and kept as NULL entries so that
 * indexes still match the JSON. */
static size_t get_id_list(loader *L, const json_t *obj, const char *base, const char *key,
                          int required, const char *org_id, char ***out)
{
    *out = NULL;
    const json_t *v = ov_json_member(L->d, L->file, obj, base, key, required, org_id);
    if (!v)
        return 0;
    ov_jptr p;
    ov_jptr_key(&p, base, key);
    if (!json_is_array(v)) {
        ov_diag_at(L->d, OV_ERROR, L->file, p.buf, org_id,
                   "\"%s\" must be a list of ids like [\"05F\", \"05J\"], not %s", key,
                   ov_json_kind(v));
        return 0;
    }
    size_t n = json_array_size(v);
    if (n == 0)
        return 0;
    char **ids = calloc(n, sizeof *ids);
    if (!ids) {
        L->oom = 1;
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        const json_t *e = json_array_get(v, i);
        if (!json_is_string(e)) {
            ov_jptr pe;
            ov_jptr_index(&pe, p.buf, i);
            ov_diag_at(L->d, OV_ERROR, L->file, pe.buf, org_id, "an id must be text, not %s",
                       ov_json_kind(e));
            continue;
        }
        ids[i] = dup_or_oom(L, json_string_value(e));
    }
    *out = ids;
    return n;
}

/* Checks that member KEY, when present, is an array; returns it or NULL. */
static const json_t *get_array(loader *L, const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    if (v && !json_is_array(v)) {
        ov_jptr p;
        ov_jptr_key(&p, "", key);
        ov_diag_at(L->d, OV_ERROR, L->file, p.buf, NULL, "\"%s\" must be a list [ … ], not %s",
                   key, ov_json_kind(v));
        return NULL;
    }
    return v;
}

static int expect_object(loader *L, const json_t *v, const char *ptr, const char *what)
{
    if (json_is_object(v))
        return 1;
    ov_diag_at(L->d, OV_ERROR, L->file, ptr, NULL, "%s must be an object { … }, not %s", what,
               ov_json_kind(v));
    return 0;
}

static void load_sources(loader *L, const json_t *root)
{
    const json_t *arr = get_array(L, root, "sources");
    size_t n = arr ? json_array_size(arr) : 0;
    if (n == 0)
        return;
    L->m->sources = calloc(n, sizeof *L->m->sources);
    if (!L->m->sources) {
        L->oom = 1;
        return;
    }
    L->m->nsources = n;
    for (size_t i = 0; i < n; i++) {
        const json_t *s = json_array_get(arr, i);
        ov_jptr p;
        ov_jptr_index(&p, "/sources", i);
        if (!expect_object(L, s, p.buf, "a source"))
            continue;
        ov_json_check_keys(L->d, L->file, s, p.buf, source_keys, NULL);
        ov_source *src = &L->m->sources[i];
        src->id = get_string(L, s, p.buf, "id", 1, NULL);
        src->title = get_string(L, s, p.buf, "title", 1, NULL);
        src->url = get_string(L, s, p.buf, "url", 0, NULL);
    }
}

static void load_types(loader *L, const json_t *root)
{
    const json_t *obj = json_object_get(root, "types");
    if (!obj)
        return;
    if (!expect_object(L, obj, "/types", "\"types\""))
        return;
    size_t n = json_object_size(obj);
    if (n == 0)
        return;
    L->m->types = calloc(n, sizeof *L->m->types);
    if (!L->m->types) {
        L->oom = 1;
        return;
    }
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)obj, key, v)
    {
        ov_jptr p;
        ov_jptr_key(&p, "/types", key);
        ov_type *t = &L->m->types[L->m->ntypes++];
        t->key = dup_or_oom(L, key);
        if (!expect_object(L, v, p.buf, "a type"))
            continue;
        ov_json_check_keys(L->d, L->file, v, p.buf, type_keys, NULL);
        t->label = get_string(L, v, p.buf, "label", 0, NULL);
        t->colour = get_string(L, v, p.buf, "colour", 0, NULL);
    }
}

/* Member KEY when it is a non-empty object (its pointer in *P, its size in
 * *N); NULL when absent, empty, or (reported, with EXAMPLE) not an
 * object. */
static const json_t *get_map(loader *L, const json_t *obj, const char *base, const char *key,
                             const char *example, const char *org_id, ov_jptr *p, size_t *n)
{
    const json_t *v = json_object_get(obj, key);
    *n = 0;
    if (!v)
        return NULL;
    ov_jptr_key(p, base, key);
    if (!json_is_object(v)) {
        ov_diag_at(L->d, OV_ERROR, L->file, p->buf, org_id,
                   "\"%s\" must be an object like %s, not %s", key, example, ov_json_kind(v));
        return NULL;
    }
    *n = json_object_size(v);
    return *n ? v : NULL;
}

static void load_codes(loader *L, ov_org *o, const json_t *obj, const char *base)
{
    ov_jptr p;
    size_t n;
    const json_t *v = get_map(L, obj, base, "codes", "{\"ods\": \"18C\"}", o->id, &p, &n);
    if (!v)
        return;
    o->codes = calloc(n, sizeof *o->codes);
    if (!o->codes) {
        L->oom = 1;
        return;
    }
    const char *key;
    const json_t *c;
    json_object_foreach((json_t *)v, key, c)
    {
        if (!json_is_string(c)) {
            ov_jptr pc;
            ov_jptr_key(&pc, p.buf, key);
            ov_diag_at(L->d, OV_ERROR, L->file, pc.buf, o->id,
                       "a code must be text (write \"%s\": \"…\"), not %s", key, ov_json_kind(c));
            continue;
        }
        ov_code *code = &o->codes[o->ncodes++];
        code->key = dup_or_oom(L, key);
        code->value = dup_or_oom(L, json_string_value(c));
    }
}

/* Member "facts" of OBJ into *FACTS (*NFACTS of them); returns 1 when the
 * member is there. */
static int load_facts(loader *L, const char *org_id, ov_fact **facts, size_t *nfacts,
                      const json_t *obj, const char *base)
{
    ov_jptr p;
    size_t n;
    int present = json_object_get(obj, "facts") != NULL;
    const json_t *v = get_map(L, obj, base, "facts", "{\"population\": 800888}", org_id, &p, &n);
    if (!v)
        return present;
    *facts = calloc(n, sizeof **facts);
    if (!*facts) {
        L->oom = 1;
        return present;
    }
    const char *key;
    const json_t *f;
    json_object_foreach((json_t *)v, key, f)
    {
        ov_fact fact = {0};
        if (json_is_number(f)) {
            fact.is_number = 1;
            fact.number = json_number_value(f);
        } else if (json_is_string(f)) {
            fact.text = dup_or_oom(L, json_string_value(f));
        } else {
            ov_jptr pf;
            ov_jptr_key(&pf, p.buf, key);
            ov_diag_at(L->d, OV_ERROR, L->file, pf.buf, org_id,
                       "a fact must be a number or text, not %s", ov_json_kind(f));
            continue;
        }
        fact.key = dup_or_oom(L, key);
        (*facts)[(*nfacts)++] = fact;
    }
    return present;
}

/* Member "history": the organisation's earlier states. */
static void load_history(loader *L, ov_org *o, const json_t *obj, const char *base)
{
    const json_t *v = json_object_get(obj, "history");
    if (!v)
        return;
    ov_jptr p;
    ov_jptr_key(&p, base, "history");
    if (!json_is_array(v)) {
        ov_diag_at(L->d, OV_ERROR, L->file, p.buf, o->id,
                   "\"history\" must be a list of earlier states like "
                   "[{\"until\": \"2021-03-31\", \"name\": \"…\"}], not %s",
                   ov_json_kind(v));
        return;
    }
    size_t n = json_array_size(v);
    if (n == 0)
        return;
    o->history = calloc(n, sizeof *o->history);
    if (!o->history) {
        L->oom = 1;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const json_t *e = json_array_get(v, i);
        ov_jptr pe;
        ov_jptr_index(&pe, p.buf, i);
        ov_org_state *s = &o->history[o->nhistory++];
        s->until = OV_DAY_NONE;
        s->type = OV_NONE;
        if (!expect_object(L, e, pe.buf, "an earlier state"))
            continue;
        ov_json_check_keys(L->d, L->file, e, pe.buf, state_keys, o->id);
        s->until = get_date(L, e, pe.buf, "until", 1, o->id);
        s->name = get_string(L, e, pe.buf, "name", 0, o->id);
        s->short_name = get_string(L, e, pe.buf, "short_name", 0, o->id);
        s->type_key = get_string(L, e, pe.buf, "type", 0, o->id);
        s->has_facts = load_facts(L, o->id, &s->facts, &s->nfacts, e, pe.buf);
    }
}

static void load_org(loader *L, ov_org *o, const json_t *obj, const char *base)
{
    o->start = OV_DAY_NONE;
    o->end = OV_DAY_NONE;
    o->type = OV_NONE;
    if (!expect_object(L, obj, base, "an organisation"))
        return;
    o->id = get_string(L, obj, base, "id", 1, NULL);
    ov_json_check_keys(L->d, L->file, obj, base, org_keys, o->id);
    o->name = get_string(L, obj, base, "name", 1, o->id);
    o->type_key = get_string(L, obj, base, "type", 1, o->id);
    o->short_name = get_string(L, obj, base, "short_name", 0, o->id);
    o->start = get_date(L, obj, base, "start", 0, o->id);
    o->start_written = json_object_get(obj, "start") != NULL;
    o->end = get_date(L, obj, base, "end", 0, o->id);
    o->url = get_string(L, obj, base, "url", 0, o->id);
    o->note = get_string(L, obj, base, "note", 0, o->id);
    load_codes(L, o, obj, base);
    load_facts(L, o->id, &o->facts, &o->nfacts, obj, base);
    load_history(L, o, obj, base);
    o->nsources = get_id_list(L, obj, base, "sources", 0, o->id, &o->source_ids);
}

/* The index in NAMES of member "type", or -1 (reported) when it is
 * missing, not text or none of NAMES. */
static int get_kind(loader *L, const json_t *obj, const char *base, const char *org,
                    const char *what, const char *const *names, int count)
{
    const char *kind = ov_json_text(L->d, L->file, obj, base, "type", 1, org);
    if (!kind)
        return -1;
    for (int i = 0; i < count; i++) {
        if (strcmp(kind, names[i]) == 0)
            return i;
    }
    ov_buf list;
    ov_buf_init(&list);
    for (int i = 0; i < count; i++)
        ov_buf_printf(&list, "%s%s", i ? ", " : "", names[i]);
    ov_jptr p;
    ov_jptr_key(&p, base, "type");
    ov_diag_at(L->d, OV_ERROR, L->file, p.buf, org, "unknown %s type \"%s\"; use one of %s", what,
               kind, list.data ? list.data : "");
    ov_buf_free(&list);
    return -1;
}

static void load_rel(loader *L, ov_rel *r, const json_t *obj, const char *base)
{
    r->kind = OV_REL_INVALID;
    r->from = OV_NONE;
    r->to = OV_NONE;
    r->start = OV_DAY_NONE;
    r->end = OV_DAY_NONE;
    if (!expect_object(L, obj, base, "a relationship"))
        return;
    r->from_id = get_string(L, obj, base, "from", 1, NULL);
    const char *org = r->from_id;
    ov_json_check_keys(L->d, L->file, obj, base, rel_keys, org);
    r->kind = (ov_rel_kind)get_kind(L, obj, base, org, "relationship", ov_rel_kind_names,
                                    OV_REL_COUNT);
    r->to_id = get_string(L, obj, base, "to", 1, org);
    r->start = get_date(L, obj, base, "start", 0, org);
    r->end = get_date(L, obj, base, "end", 0, org);
    r->label = get_string(L, obj, base, "label", 0, org);
}

static void load_transition(loader *L, ov_transition *t, const json_t *obj, const char *base)
{
    t->kind = OV_TR_INVALID;
    t->date = OV_DAY_NONE;
    if (!expect_object(L, obj, base, "a transition"))
        return;
    ov_json_check_keys(L->d, L->file, obj, base, tr_keys, NULL);
    t->kind = (ov_tr_kind)get_kind(L, obj, base, NULL, "transition", ov_tr_kind_names,
                                   OV_TR_COUNT);
    t->id = get_string(L, obj, base, "id", 0, NULL);
    t->date = get_date(L, obj, base, "date", 1, NULL);
    t->nfrom = get_id_list(L, obj, base, "from", 1, NULL, &t->from_ids);
    t->nto = get_id_list(L, obj, base, "to", 1, NULL, &t->to_ids);
    t->from = t->nfrom ? calloc(t->nfrom, sizeof *t->from) : NULL;
    t->to = t->nto ? calloc(t->nto, sizeof *t->to) : NULL;
    if ((t->nfrom && !t->from) || (t->nto && !t->to))
        L->oom = 1;
    t->label = get_string(L, obj, base, "label", 0, NULL);
    t->note = get_string(L, obj, base, "note", 0, NULL);
    t->nsources = get_id_list(L, obj, base, "sources", 0, NULL, &t->source_ids);
}

/* Loads every element of array KEY with FN into a new array of SIZE-byte
 * records. */
#define LOAD_ARRAY(L, root, key, field, count, fn)                                             \
    do {                                                                                       \
        const json_t *arr_ = get_array((L), (root), (key));                                    \
        size_t n_ = arr_ ? json_array_size(arr_) : 0;                                          \
        if (n_ == 0)                                                                           \
            break;                                                                             \
        (L)->m->field = calloc(n_, sizeof *(L)->m->field);                                     \
        if (!(L)->m->field) {                                                                  \
            (L)->oom = 1;                                                                      \
            break;                                                                             \
        }                                                                                      \
        (L)->m->count = n_;                                                                    \
        for (size_t i_ = 0; i_ < n_; i_++) {                                                   \
            ov_jptr p_;                                                                          \
            ov_jptr_index(&p_, "/" key, i_);                                                       \
            fn((L), &(L)->m->field[i_], json_array_get(arr_, i_), p_.buf);                     \
        }                                                                                      \
    } while (0)

/* "allow": ["no-start", …]: warnings of these kinds are not reported. */
static void load_allow(loader *L, const json_t *root)
{
    const json_t *a = get_array(L, root, "allow");
    size_t i;
    const json_t *v;
    json_array_foreach(a, i, v)
    {
        char ptr[32];
        snprintf(ptr, sizeof ptr, "/allow/%zu", i);
        const char *name = json_string_value(v); /* NULL when not text */
        unsigned bit = name ? ov_warning_kind_bit(name) : 0;
        if (bit) {
            L->m->allow |= bit;
            continue;
        }
        const char *near = name ? ov_suggest_in(name, ov_warning_kinds) : NULL;
        char *kinds = ov_warning_kinds_text();
        ov_diag_at(L->d, OV_ERROR, L->file, ptr, NULL,
                   "%s%s%s is not a warning that can be allowed (those are %s)%s%s%s",
                   name ? "\"" : "", name ? name : ov_json_kind(v), name ? "\"" : "",
                   kinds ? kinds : "", near ? "; did you mean \"" : "", near ? near : "",
                   near ? "\"?" : "");
        free(kinds);
    }
}

static void load_version(loader *L, const json_t *root)
{
    const json_t *v = json_object_get(root, "orgviz");
    if (!v) {
        ov_diag_at(L->d, OV_ERROR, L->file, "", NULL,
                   "missing \"orgviz\": 1 at the top (the version of the data format)");
        return;
    }
    if (json_is_integer(v) && json_integer_value(v) == 1) {
        L->m->version = 1;
        return;
    }
    char *text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
    ov_diag_at(L->d, OV_ERROR, L->file, "/orgviz", NULL,
               "format version %s is not supported: this orgviz reads version 1",
               text ? text : "?");
    free(text);
}

ov_status ov_load_buffer(const char *name, const char *buf, size_t len, ov_model **out,
                         ov_diags *d)
{
    *out = NULL;
    ov_status st;
    json_t *root = ov_json_parse_object(name, buf, len, OV_MAX_FILE_BYTES,
                                        "the file must hold one object { \"orgviz\": 1, … }", d,
                                        &st);
    if (!root)
        return st;
    st = OV_ERR_MEMORY;
    size_t errors_before = d->errors;
    loader L = {.file = name, .d = d};
    L.m = calloc(1, sizeof *L.m);
    if (!L.m)
        goto fail;
    L.m->path = ov_model_strdup(L.m, name);
    if (!L.m->path)
        goto fail;
    ov_json_check_keys(d, name, root, "", top_keys, NULL);
    load_version(&L, root);
    L.m->title = get_string(&L, root, "", "title", 0, NULL);
    load_sources(&L, root);
    load_types(&L, root);
    load_allow(&L, root);
    LOAD_ARRAY(&L, root, "organisations", orgs, norgs, load_org);
    LOAD_ARRAY(&L, root, "relationships", rels, nrels, load_rel);
    LOAD_ARRAY(&L, root, "transitions", trans, ntrans, load_transition);
    if (L.oom || ov_model_index(L.m) != 0)
        goto fail;
    json_decref(root);
    *out = L.m;
    return d->errors > errors_before ? OV_ERR_DATA : OV_OK;
fail:
    if (st == OV_ERR_MEMORY)
        ov_diag_add(d, OV_ERROR, name, 0, 0, NULL, NULL, "out of memory");
    ov_model_free(L.m);
    json_decref(root);
    return st;
}

ov_status ov_open_buffer(const char *name, const char *buf, size_t len, ov_model **out,
                         ov_diags *d)
{
    ov_model *m;
    size_t errors_before = d->errors;
    size_t first = d->count;
    ov_status st = ov_load_buffer(name, buf, len, &m, d);
    if (m) {
        ov_validate(m, d);
        ov_diags_allow(d, first, m->allow);
    }
    if (st == OV_OK && d->errors > errors_before)
        st = OV_ERR_DATA;
    if (st != OV_OK) {
        ov_model_free(m);
        *out = NULL;
        return st;
    }
    *out = m;
    return OV_OK;
}

ov_status ov_validate_file(const char *path, ov_doc_kind *kind, ov_diags *d)
{
    char *buf;
    size_t len;
    *kind = OV_DOC_DATA;
    ov_status st = ov_read_file(path, OV_MAX_FILE_BYTES, &buf, &len, d);
    if (st != OV_OK)
        return st;
    *kind = ov_json_sniff(buf, len);
    if (*kind == OV_DOC_MANIFEST) {
        ov_manifest *man = NULL;
        st = ov_manifest_load_buffer(path, buf, len, &man, d);
        ov_manifest_free(man);
    } else if (*kind == OV_DOC_DATA) {
        ov_model *m = NULL;
        st = ov_open_buffer(path, buf, len, &m, d);
        ov_model_free(m);
    }
    free(buf);
    return st;
}

ov_status ov_open(const char *path, ov_model **out, ov_diags *d)
{
    char *buf;
    size_t len;
    *out = NULL;
    ov_status st = ov_read_file(path, OV_MAX_FILE_BYTES, &buf, &len, d);
    if (st != OV_OK)
        return st;
    st = ov_open_buffer_cached(path, buf, len, out, d);
    free(buf);
    return st;
}
