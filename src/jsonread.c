#include "jsonread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void ov_jptr_key(ov_jptr *out, const char *base, const char *key)
{
    size_t n = strlen(base);
    if (n >= sizeof out->buf - 1) {
        memcpy(out->buf, base, sizeof out->buf - 1);
        out->buf[sizeof out->buf - 1] = '\0';
        return;
    }
    memcpy(out->buf, base, n);
    out->buf[n++] = '/';
    for (const char *k = key; *k && n < sizeof out->buf - 3; k++) {
        if (*k == '~' || *k == '/') {
            out->buf[n++] = '~';
            out->buf[n++] = *k == '~' ? '0' : '1';
        } else {
            out->buf[n++] = *k;
        }
    }
    out->buf[n] = '\0';
}

void ov_jptr_index(ov_jptr *out, const char *base, size_t i)
{
    char num[32];
    snprintf(num, sizeof num, "%zu", i);
    ov_jptr_key(out, base, num);
}

const char *ov_json_kind(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "a list";
    case JSON_STRING:
        return "text";
    case JSON_INTEGER:
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "true/false";
    case JSON_NULL:
        return "null";
    }
    return "a value";
}

void ov_json_check_keys(ov_diags *d, const char *file, const json_t *obj, const char *base,
                        const char *const *known, const char *org_id)
{
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)obj, key, v)
    {
        int found = 0;
        for (const char *const *k = known; *k && !found; k++)
            found = strcmp(key, *k) == 0;
        if (found)
            continue;
        const char *best = ov_suggest_in(key, known);
        ov_jptr p;
        ov_jptr_key(&p, base, key);
        if (best)
            ov_diag_warn(d, "unknown-key", file, p.buf, org_id,
                         "unknown key \"%s\" is ignored; did you mean \"%s\"?", key, best);
        else
            ov_diag_warn(d, "unknown-key", file, p.buf, org_id, "unknown key \"%s\" is ignored",
                         key);
    }
}

const json_t *ov_json_member(ov_diags *d, const char *file, const json_t *obj, const char *base,
                             const char *key, int required, const char *org_id)
{
    const json_t *v = json_object_get(obj, key);
    if (!v && required)
        ov_diag_at(d, OV_ERROR, file, base, org_id, "missing required \"%s\"", key);
    return v;
}

ov_date_status ov_json_date(ov_diags *d, const char *file, const char *pointer, const char *s,
                            const char *org_id, ov_day *day)
{
    ov_date_status st = ov_date_parse(s, day);
    if (st == OV_DATE_IMPOSSIBLE)
        ov_diag_at(d, OV_ERROR, file, pointer, org_id, "%s is not a date (no such day)", s);
    return st;
}

const char *ov_json_text(ov_diags *d, const char *file, const json_t *obj, const char *base,
                         const char *key, int required, const char *org_id)
{
    const json_t *v = ov_json_member(d, file, obj, base, key, required, org_id);
    if (!v)
        return NULL;
    if (!json_is_string(v)) {
        ov_jptr p;
        ov_jptr_key(&p, base, key);
        ov_diag_at(d, OV_ERROR, file, p.buf, org_id, "\"%s\" must be text, not %s", key,
                   ov_json_kind(v));
        return NULL;
    }
    return json_string_value(v);
}

/* Finds nesting deeper than OV_MAX_DEPTH before jansson sees it (jansson's
 * own limit is 2048, far more than any real file needs). Returns the byte
 * offset of the bracket that goes too deep, or (size_t)-1. */
static size_t find_deep_nesting(const char *buf, size_t len)
{
    int depth = 0;
    int in_string = 0;
    for (size_t i = 0; i < len; i++) {
        char c = buf[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = 0;
        } else if (c == '"') {
            in_string = 1;
        } else if (c == '[' || c == '{') {
            if (++depth > OV_MAX_DEPTH)
                return i;
        } else if (c == ']' || c == '}') {
            depth--;
        }
    }
    return (size_t)-1;
}

/* Line and character column (1-based) of byte offset POS. */
static void offset_place(const char *buf, size_t pos, int *line, int *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < pos; i++) {
        if (buf[i] == '\n') {
            (*line)++;
            *col = 1;
        } else if (((unsigned char)buf[i] & 0xC0) != 0x80) {
            (*col)++;
        }
    }
}

/* Attaches source line LINE of BUF to the last diagnostic, for the caret
 * (a window around its column). */
static void attach_excerpt(ov_diags *d, const char *buf, size_t len, int line)
{
    if (d->count == 0 || line < 1)
        return;
    const char *p = buf;
    const char *end = buf + len;
    for (int l = 1; l < line && p < end; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return;
        p = nl + 1;
    }
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
    if (n > 0 && p[n - 1] == '\r')
        n--;
    if (n == 0)
        return;
    ov_diag_set_excerpt(&d->items[d->count - 1], p, n);
}

/* The typographic quote jansson stopped at ("invalid token near '“'"),
 * as a static string, or NULL. */
static const char *typographic_quote(const char *text)
{
    static const char *const quotes[] = {"\u201C", "\u201D", "\u2018", "\u2019",
                                         "\u201E", "\u00AB", "\u00BB", "\u2033"};
    static const char prefix[] = "invalid token near '";
    if (strncmp(text, prefix, sizeof prefix - 1) != 0)
        return NULL;
    text += sizeof prefix - 1;
    for (size_t i = 0; i < sizeof quotes / sizeof *quotes; i++) {
        if (strncmp(text, quotes[i], strlen(quotes[i])) == 0)
            return quotes[i];
    }
    return NULL;
}

/* End of the JSON string that starts at BUF[I] (the opening quote): the
 * index after its closing quote, or LEN. */
static size_t skip_string(const char *buf, size_t len, size_t i)
{
    for (i++; i < len; i++) {
        if (buf[i] == '\\')
            i++;
        else if (buf[i] == '"')
            return i + 1;
    }
    return len;
}

ov_doc_kind ov_json_sniff(const char *buf, size_t len)
{
    enum { K_ORGVIZ = 1, K_CHARTS = 2, K_SCHEMA = 4, K_SCHEMA_BODY = 8 };
    static const struct {
        const char *key;
        unsigned bit;
    } keys[] = {{"\"orgviz\"", K_ORGVIZ},          {"\"orgviz_charts\"", K_CHARTS},
                {"\"$schema\"", K_SCHEMA},         {"\"properties\"", K_SCHEMA_BODY},
                {"\"$defs\"", K_SCHEMA_BODY},      {"\"definitions\"", K_SCHEMA_BODY},
                {"\"type\"", K_SCHEMA_BODY}};
    unsigned seen = 0;
    int depth = 0;
    int want_key = 0; /* at depth 1, after '{' or ',' */
    for (size_t i = 0; i < len; i++) {
        char c = buf[i];
        if (c == '"') {
            size_t end = skip_string(buf, len, i);
            if (depth == 1 && want_key) {
                for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
                    size_t n = strlen(keys[k].key);
                    if (end - i == n && memcmp(buf + i, keys[k].key, n) == 0)
                        seen |= keys[k].bit;
                }
            }
            want_key = 0;
            i = end - 1;
        } else if (c == '{' || c == '[') {
            depth++;
            want_key = c == '{';
        } else if (c == '}' || c == ']') {
            depth--;
        } else if (c == ',') {
            want_key = 1;
        }
    }
    if (seen & K_ORGVIZ)
        return OV_DOC_DATA;
    if (seen & K_CHARTS)
        return OV_DOC_MANIFEST;
    if ((seen & K_SCHEMA) && (seen & K_SCHEMA_BODY))
        return OV_DOC_SCHEMA;
    return OV_DOC_DATA;
}

json_t *ov_json_parse(const char *name, const char *buf, size_t len, size_t max, ov_diags *d,
                      ov_status *st)
{
    *st = OV_ERR_DATA;
    if (len > max) {
        ov_diag_add(d, OV_ERROR, name, 0, 0, NULL, NULL,
                    "file is larger than the limit of %zu MiB", max >> 20);
        return NULL;
    }
    /* Windows editors write a UTF-8 byte-order mark: skip it. */
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
        buf += 3;
        len -= 3;
    }
    size_t deep = find_deep_nesting(buf, len);
    if (deep != (size_t)-1) {
        int line;
        int col;
        offset_place(buf, deep, &line, &col);
        ov_diag_add(d, OV_ERROR, name, line, col, NULL, NULL,
                    "nesting is deeper than %d levels", OV_MAX_DEPTH);
        attach_excerpt(d, buf, len, line);
        return NULL;
    }
    json_error_t err;
    json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &err);
    if (root) {
        *st = OV_OK;
        return root;
    }
    int line = err.line > 0 ? err.line : 1;
    int col = err.column > 0 ? err.column : 1;
    switch (json_error_code(&err)) {
    case json_error_out_of_memory:
        ov_diag_add(d, OV_ERROR, name, 0, 0, NULL, NULL, "out of memory");
        *st = OV_ERR_MEMORY;
        return NULL;
    case json_error_invalid_utf8:
        ov_diag_add(d, OV_ERROR, name, line, col, NULL, NULL,
                    "%s: the file is not UTF-8 text (save it as UTF-8)", err.text);
        break;
    case json_error_null_character:
        ov_diag_add(d, OV_ERROR, name, line, col, NULL, NULL,
                    "\\u0000 (a NUL character) is not allowed in text");
        break;
    default:
        if (ov_is_blank_n(buf, len))
            ov_diag_add(d, OV_ERROR, name, 1, 1, NULL, NULL,
                        "the file is empty: it must hold one JSON object { … }");
        else if (typographic_quote(err.text))
            ov_diag_add(d, OV_ERROR, name, line, col, NULL, NULL,
                        "%s is a typographic (curly) quote: JSON needs straight double quotes "
                        "\" around text and keys (a word processor or phone may have "
                        "changed them)", typographic_quote(err.text));
        else
            ov_diag_add(d, OV_ERROR, name, line, col, NULL, NULL, "%s", err.text);
        break;
    }
    attach_excerpt(d, buf, len, line);
    return NULL;
}

json_t *ov_json_parse_object(const char *name, const char *buf, size_t len, size_t max,
                             const char *what, ov_diags *d, ov_status *st)
{
    json_t *root = ov_json_parse(name, buf, len, max, d, st);
    if (!root || json_is_object(root))
        return root;
    ov_diag_at(d, OV_ERROR, name, "", NULL, "%s, not %s", what, ov_json_kind(root));
    json_decref(root);
    *st = OV_ERR_DATA;
    return NULL;
}
