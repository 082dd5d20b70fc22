#include "docwrite.h"

#include <stdlib.h>
#include <string.h>

#include "output.h"

json_t *ov_doc_new(const char *title)
{
    json_t *doc = json_object();
    if (doc == NULL)
        return NULL;
    if (json_object_set_new(doc, "$schema", json_string("orgviz.schema.json")) != 0)
        goto fail;
    if (json_object_set_new(doc, "orgviz", json_integer(1)) != 0)
        goto fail;
    if (title != NULL && ov_doc_set_str(doc, "title", title) != 0)
        goto fail;
    if (ov_doc_list(doc, "sources") == NULL || ov_doc_object(doc, "types") == NULL ||
        ov_doc_list(doc, "organisations") == NULL || ov_doc_list(doc, "relationships") == NULL ||
        ov_doc_list(doc, "transitions") == NULL)
        goto fail;
    return doc;
fail:
    json_decref(doc);
    return NULL;
}

static json_t *member(json_t *doc, const char *name, json_t *(*make)(void), int is_array)
{
    json_t *v = json_object_get(doc, name);
    if (v != NULL)
        return (is_array ? json_is_array(v) : json_is_object(v)) ? v : NULL;
    v = make();
    if (v == NULL || json_object_set_new(doc, name, v) != 0)
        return NULL;
    return v;
}

json_t *ov_doc_list(json_t *doc, const char *name)
{
    return member(doc, name, json_array, 1);
}

json_t *ov_doc_object(json_t *doc, const char *name)
{
    return member(doc, name, json_object, 0);
}

int ov_doc_set_str(json_t *obj, const char *key, const char *value)
{
    if (value == NULL)
        return 0;
    return json_object_set_new(obj, key, json_string(value));
}

/* A new object holding the three string members K1..K3 in that order. */
static json_t *triple(const char *k1, const char *v1, const char *k2, const char *v2,
                      const char *k3, const char *v3)
{
    json_t *o = json_object();
    if (o == NULL)
        return NULL;
    if (ov_doc_set_str(o, k1, v1) != 0 || ov_doc_set_str(o, k2, v2) != 0 ||
        ov_doc_set_str(o, k3, v3) != 0) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* Appends O (stolen) to DOC's list NAME; returns O borrowed, or NULL. */
static json_t *append(json_t *doc, const char *name, json_t *o)
{
    json_t *list = o != NULL ? ov_doc_list(doc, name) : NULL;
    if (list == NULL || json_array_append_new(list, o) != 0) {
        if (list == NULL)
            json_decref(o);
        return NULL;
    }
    return o;
}

json_t *ov_doc_add_org(json_t *doc, const char *id, const char *name, const char *type)
{
    return append(doc, "organisations", triple("id", id, "name", name, "type", type));
}

json_t *ov_doc_add_rel(json_t *doc, const char *type, const char *from, const char *to)
{
    return append(doc, "relationships", triple("type", type, "from", from, "to", to));
}

int ov_doc_add_type(json_t *doc, const char *key, const char *label, const char *colour)
{
    json_t *types = ov_doc_object(doc, "types");
    if (types == NULL)
        return -1;
    if (json_object_get(types, key) != NULL)
        return 0;
    json_t *t = triple("label", label, "colour", colour, "", NULL);
    if (t == NULL)
        return -1;
    return json_object_set_new(types, key, t);
}

json_t *ov_doc_add_source(json_t *doc, const char *id, const char *title, const char *url)
{
    json_t *list = ov_doc_list(doc, "sources");
    if (list == NULL)
        return NULL;
    size_t i;
    json_t *s;
    json_array_foreach(list, i, s) {
        const char *sid = json_string_value(json_object_get(s, "id"));
        if (sid != NULL && strcmp(sid, id) == 0)
            return s;
    }
    return append(doc, "sources", triple("id", id, "title", title, "url", url));
}

char *ov_doc_dump(const json_t *doc)
{
    /* 15 significant digits give back any number a person typed (up to 15
     * digits) as it was written: 0.1 stays 0.1 rather than becoming
     * 0.10000000000000001 when `import --into` writes a file back. */
    char *text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    if (text == NULL)
        return NULL;
    size_t n = strlen(text);
    char *out = realloc(text, n + 2);
    if (out == NULL) {
        free(text);
        return NULL;
    }
    out[n] = '\n';
    out[n + 1] = '\0';
    return out;
}

ov_status ov_doc_check(const json_t *doc, ov_diags *d)
{
    char *text = ov_doc_dump(doc);
    if (text == NULL)
        return OV_ERR_MEMORY;
    ov_diags v;
    ov_diags_init(&v);
    ov_model *m = NULL;
    ov_status st = ov_open_buffer("(imported document)", text, strlen(text), &m, &v);
    ov_model_free(m);
    free(text);
    ov_diags_drop_warnings(&v);
    ov_diags_move(d, &v);
    return st;
}

ov_status ov_doc_write(const json_t *doc, const char *path, ov_diags *d)
{
    char *text = ov_doc_dump(doc);
    if (text == NULL) {
        ov_diag_add(d, OV_ERROR, path, 0, 0, NULL, NULL, "out of memory");
        return OV_ERR_MEMORY;
    }
    ov_status st = ov_write_file(path, text, strlen(text), d);
    free(text);
    return st;
}
