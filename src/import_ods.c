/* NHS ODS ORD API responses -> an orgviz document.
 *
 * Each input file is one /ORD/2-0-0/organisations/CODE response. Every
 * record becomes an organisation (id and codes.ods: its code; name in the
 * case people write it; Legal dates, else Operational; type from its
 * primary role through the role table); Rels become relationships through
 * the relationship table; Succs (Successor on one record, Predecessor on
 * the other: one link, recorded at either end or both) become transitions:
 * predecessors joining an organisation that already existed are an
 * absorption, else several predecessors of one new organisation on one day
 * a merger, one a succession, and one predecessor of several new ones a
 * split (import_ods_succ.c). The tables are in data/README.md ("Importing
 * from ODS"). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "docwrite.h"
#include "import.h"
#include "import_ods_int.h"
#include "jsonread.h"
#include "knowntypes.h"
#include "namecase.h"
#include "output.h"
#include "util.h"

#define ODS_MAX_FILE (16u * 1024u * 1024u)

/* Primary role -> type key (data/README.md). */
static const char *const role_table[][2] = {
    {"RO197", "trust"},
    {"RO107", "trust"},
    {"RO111", "dmu"},
    {"RO98", "ccg"},
    {"RO318", "icb"},
    {"RO261", "icb"},
    {"RO319", "sub-icb"},
    {"RO179", "pct"},
    {"RO272", "pcn"},
    {"RO177", "practice"},
    {"RO76", "practice"},
    {"RO132", "health-authority"},
    {"RO109", "health-authority"},
    {"RO209", "region"},
    {"RO210", "region"},
    {"RO141", "local-authority"},
    {"RO213", "csu"},
};

/* Relationship -> orgviz relationship ("" leaves it out). */
static const char *const rel_table[][2] = {
    {"RE1", ""},        {"RE2", "part_of"},  {"RE3", "accountable_to"}, {"RE4", "commissions"},
    {"RE5", "part_of"}, {"RE6", "part_of"},  {"RE8", "member_of"},      {"RE9", ""},
    {"RE10", ""},       {"RE11", "part_of"},
};

/* ---- small helpers ------------------------------------------------------ */

/* ODS writes a list of one as the object itself: count and index both. */
size_t ods_n_items(const json_t *v)
{
    return json_is_array(v) ? json_array_size(v) : json_is_object(v) ? 1 : 0;
}

json_t *ods_item(json_t *v, size_t i)
{
    return json_is_array(v) ? json_array_get(v, i) : v;
}

void ods_item_ptr(char *out, size_t n, const char *base, const json_t *list, size_t i)
{
    if (json_is_array(list))
        snprintf(out, n, "%s/%zu", base, i);
    else
        snprintf(out, n, "%s", base);
}

json_t *ods_path2(json_t *o, const char *a, const char *b)
{
    return json_object_get(json_object_get(o, a), b);
}

const char *ods_str(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

const char *ods_target_code(json_t *entry)
{
    return json_string_value(ods_path2(json_object_get(entry, "Target"), "OrgId", "extension"));
}

void *ods_grow(ods_ctx *c, void *arr, size_t n, size_t size)
{
    if ((n & (n - 1)) != 0 && n != 0)
        return arr;
    size_t cap = n == 0 ? 8 : n * 2;
    void *p = realloc(arr, cap * size);
    if (p == NULL)
        c->oom = 1;
    return p;
}

/* The day of date text S, or OV_DAY_NONE (with a warning when S is there
 * but not a date). */
static ov_day day_of(ods_ctx *c, const char *file, const char *ptr, const char *s)
{
    ov_day day;
    if (s == NULL)
        return OV_DAY_NONE;
    if (ov_date_parse(s, &day) == OV_DATE_OK)
        return day;
    ov_diag_at(c->d, OV_WARNING, file, ptr, NULL, "\"%s\" is not a date: left out", s);
    return OV_DAY_NONE;
}

/* The Legal period of DATES (a Date list), else the Operational one. */
void ods_period(ods_ctx *c, const char *file, const char *base, json_t *dates, ov_day *start,
                ov_day *end)
{
    json_t *chosen = NULL;
    size_t at = 0;
    for (size_t i = 0; i < ods_n_items(dates); i++) {
        const char *type = ods_str(ods_item(dates, i), "Type");
        if (type && strcmp(type, "Legal") == 0) {
            chosen = ods_item(dates, i);
            at = i;
            break;
        }
        if (type && strcmp(type, "Operational") == 0 && chosen == NULL) {
            chosen = ods_item(dates, i);
            at = i;
        }
    }
    char p[256];
    ods_item_ptr(p, sizeof p, base, dates, at);
    *start = chosen ? day_of(c, file, p, ods_str(chosen, "Start")) : OV_DAY_NONE;
    *end = chosen ? day_of(c, file, p, ods_str(chosen, "End")) : OV_DAY_NONE;
}

static const char *table_get(const char *const (*t)[2], size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(t[i][0], key) == 0)
            return t[i][1];
    }
    return NULL;
}

/* The orgviz relationship for ODS relationship RE ("" to leave it out),
 * or NULL when it is in neither table. */
static const char *rel_kind(ods_ctx *c, const char *re)
{
    json_t *o = json_object_get(json_object_get(c->overrides, "relationships"), re);
    if (json_is_string(o))
        return json_string_value(o);
    if (json_is_null(o))
        return "";
    return table_get(rel_table, sizeof rel_table / sizeof rel_table[0], re);
}

/* Notes a code (role or organisation) that a warning is said for once. */
static void note_missing(ods_ctx *c, ods_missing **list, size_t *n, const char *code,
                         const char *file, const char *ptr, const char *org)
{
    for (size_t i = 0; i < *n; i++) {
        if (strcmp((*list)[i].code, code) == 0) {
            (*list)[i].count++;
            return;
        }
    }
    ods_missing *p = ods_grow(c, *list, *n, sizeof **list);
    if (p == NULL)
        return;
    *list = p;
    ods_missing *m = &p[(*n)++];
    m->code = ov_strdup(code);
    m->file = file;
    snprintf(m->ptr, sizeof m->ptr, "%s", ptr);
    m->org = ov_strdup(org);
    m->count = 1;
    if (m->code == NULL || m->org == NULL)
        c->oom = 1;
}

/* The type key of primary role ROLE (an "roNNN" key and a warning when it
 * is in neither table). New string. */
static char *type_of_role(ods_ctx *c, const char *role, const char *file, const char *ptr,
                          const char *org)
{
    if (role == NULL)
        role = "";
    json_t *o = json_object_get(json_object_get(c->overrides, "roles"), role);
    const char *key = json_string_value(o);
    if (key == NULL)
        key = table_get(role_table, sizeof role_table / sizeof role_table[0], role);
    if (key != NULL)
        return ov_strdup(key);
    if (file != NULL)
        note_missing(c, &c->roles, &c->nroles, role, file, ptr, org);
    char *k = ov_asprintf("ods-%s", role[0] ? role : "unknown");
    for (char *p = k; p && *p; p++)
        *p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
    return k;
}

ods_org *ods_find(ods_ctx *c, const char *code)
{
    for (size_t i = 0; i < c->norgs; i++) {
        if (strcmp(c->orgs[i].code, code) == 0)
            return &c->orgs[i];
    }
    return NULL;
}

static ods_org *add_org(ods_ctx *c, const char *code)
{
    ods_org *p = ods_grow(c, c->orgs, c->norgs, sizeof *p);
    if (p == NULL)
        return NULL;
    c->orgs = p;
    ods_org *o = &p[c->norgs++];
    memset(o, 0, sizeof *o);
    o->code = ov_strdup(code);
    o->start = OV_DAY_NONE;
    o->end = OV_DAY_NONE;
    ov_buf_init(&o->note);
    if (o->code == NULL)
        c->oom = 1;
    return o;
}

void ods_add_note(ods_org *o, const char *text)
{
    if (o->note.len > 0)
        ov_buf_putc(&o->note, ' ');
    ov_buf_puts(&o->note, text);
}

/* A stub for CODE, which the input only names (with --stubs). */
ods_org *ods_add_stub(ods_ctx *c, const char *code, json_t *target, const char *file,
                      const char *ptr)
{
    ods_org *o = add_org(c, code);
    if (o == NULL)
        return NULL;
    o->stub = 1;
    o->file = file;
    o->name = ov_strdup(code);
    o->type = type_of_role(c, json_string_value(ods_path2(target, "PrimaryRoleId", "id")), file,
                           ptr, code);
    ods_add_note(o, "Not in the imported ODS records: only its code and role are known (a stub).");
    return o;
}

/* ---- reading one record ------------------------------------------------- */

static char *url_of(json_t *rec)
{
    json_t *list = ods_path2(rec, "Contacts", "Contact");
    for (size_t i = 0; i < ods_n_items(list); i++) {
        const char *type = ods_str(ods_item(list, i), "type");
        const char *v = ods_str(ods_item(list, i), "value");
        if (type == NULL || v == NULL || strcmp(type, "http") != 0)
            continue;
        int has_scheme = strncasecmp(v, "http://", 7) == 0 || strncasecmp(v, "https://", 8) == 0;
        char *u = has_scheme ? ov_strdup(v) : ov_asprintf("https://%s", v);
        if (u == NULL)
            return NULL;
        /* the scheme and host in small letters; the path as written */
        char *p = strstr(u, "://") + 3;
        for (char *q = u; *q && (q < p || *q != '/'); q++)
            *q = (char)(*q >= 'A' && *q <= 'Z' ? *q - 'A' + 'a' : *q);
        if (ov_url_is_safe(u))
            return u;
        free(u);
    }
    return NULL;
}

static const char *primary_role(json_t *rec, char *ptr, size_t n)
{
    json_t *roles = ods_path2(rec, "Roles", "Role");
    for (size_t i = 0; i < ods_n_items(roles); i++) {
        json_t *r = ods_item(roles, i);
        if (json_is_true(json_object_get(r, "primaryRole"))) {
            ods_item_ptr(ptr, n, "/Organisation/Roles/Role", roles, i);
            return ods_str(r, "id");
        }
    }
    snprintf(ptr, n, "/Organisation/Roles");
    return NULL;
}

static void read_record(ods_ctx *c, const char *file, json_t *root)
{
    json_t *rec = json_object_get(root, "Organisation");
    const char *code = ods_str(json_object_get(rec, "OrgId"), "extension");
    if (!json_is_object(rec) || code == NULL || ov_is_blank(code)) {
        ov_diag_add(c->d, OV_ERROR, file, 0, 0, json_is_object(rec) ? "/Organisation/OrgId" : NULL,
                    NULL, "not an ODS ORD organisation record: no %s",
                    json_is_object(rec) ? "OrgId.extension (the code)" : "\"Organisation\" object");
        return;
    }
    ods_org *dup = ods_find(c, code);
    if (dup != NULL) {
        ov_diag_at(c->d, OV_WARNING, file, "/Organisation/OrgId/extension", code,
                   "%s is also in %s: this record is left out", code, dup->file);
        return;
    }
    ods_org *o = add_org(c, code);
    if (o == NULL)
        return;
    o->file = file;
    o->rec = rec;
    const char *name = ods_str(rec, "Name");
    o->name = ov_name_case(name && !ov_is_blank(name) ? name : code);
    char p[256];
    const char *role = primary_role(rec, p, sizeof p);
    o->type = type_of_role(c, role, file, p, code);
    ods_period(c, file, "/Organisation/Date", json_object_get(rec, "Date"), &o->start, &o->end);
    const char *status = ods_str(rec, "Status");
    o->active = status && strcmp(status, "Active") == 0;
    o->refonly = json_is_true(json_object_get(rec, "refOnly"));
    o->url = url_of(rec);
    const char *pc = ods_str(ods_path2(rec, "GeoLoc", "Location"), "PostCode");
    o->postcode = pc ? ov_strdup(pc) : NULL;
    if (o->refonly)
        ods_add_note(o, "ODS holds a reference-only record for it.");
    if (o->name == NULL || o->type == NULL)
        c->oom = 1;
}

/* ---- relationships ------------------------------------------------------ */

/* Appends the relationship ENTRY of record O (index I of its list at PTR),
 * clipped to the lifetimes of both organisations. */
static void one_rel(ods_ctx *c, const ods_org *o, json_t *entry, const char *ptr)
{
    const char *re = ods_str(entry, "id");
    const char *other = ods_target_code(entry);
    const char *kind = re ? rel_kind(c, re) : NULL;
    if (kind == NULL || other == NULL) {
        ov_diag_at(c->d, OV_WARNING, o->file, ptr, o->code,
                   "relationship %s is not in the relationship table: left out (map it with "
                   "--types)",
                   re ? re : "with no id");
        return;
    }
    if (kind[0] == '\0')
        return;
    if (strcmp(other, o->code) == 0) {
        ov_diag_at(c->d, OV_WARNING, o->file, ptr, o->code,
                   "relationship %s to the organisation itself: left out", re);
        return;
    }
    const ods_org *t = ods_find(c, other);
    if (t == NULL) {
        note_missing(c, &c->missing, &c->nmissing, other, o->file, ptr, o->code);
        return;
    }
    ov_day start;
    ov_day end;
    ods_period(c, o->file, ptr, json_object_get(entry, "Date"), &start, &end);
    ov_day lo = o->start;
    ov_day hi = o->end;
    if (t->start != OV_DAY_NONE && (lo == OV_DAY_NONE || t->start > lo))
        lo = t->start;
    if (t->end != OV_DAY_NONE && (hi == OV_DAY_NONE || t->end < hi))
        hi = t->end;
    if (lo != OV_DAY_NONE && (start == OV_DAY_NONE || start < lo))
        start = start == OV_DAY_NONE ? OV_DAY_NONE : lo;
    if (hi != OV_DAY_NONE && (end == OV_DAY_NONE || end > hi))
        end = end == OV_DAY_NONE ? OV_DAY_NONE : hi;
    if ((start != OV_DAY_NONE && hi != OV_DAY_NONE && start > hi) ||
        (end != OV_DAY_NONE && lo != OV_DAY_NONE && end < lo) ||
        (start != OV_DAY_NONE && end != OV_DAY_NONE && end < start))
        return; /* wholly outside the lifetimes of the two: nothing to draw */
    int reverse = strcmp(kind, "commissions") == 0;
    json_t *r = ov_doc_add_rel(c->doc, kind, reverse ? other : o->code, reverse ? o->code : other);
    char d[11];
    if (r != NULL && start != OV_DAY_NONE) {
        ov_date_iso(start, d);
        ov_doc_set_str(r, "start", d);
    }
    if (r != NULL && end != OV_DAY_NONE) {
        ov_date_iso(end, d);
        ov_doc_set_str(r, "end", d);
    }
    if (r == NULL)
        c->oom = 1;
}

/* With --stubs, a stub for each relationship target not in the input,
 * before the organisations are written. */
static void rel_stubs(ods_ctx *c)
{
    size_t n = c->norgs;
    for (size_t i = 0; i < n && !c->oom && c->opts->stubs; i++) {
        json_t *list = ods_path2(c->orgs[i].rec, "Rels", "Rel");
        for (size_t k = 0; k < ods_n_items(list) && !c->oom; k++) {
            json_t *e = ods_item(list, k);
            const char *re = ods_str(e, "id");
            const char *kind = re ? rel_kind(c, re) : NULL;
            const char *other = ods_target_code(e);
            if (kind == NULL || kind[0] == '\0' || other == NULL || ods_find(c, other) != NULL)
                continue;
            char p[256];
            ods_item_ptr(p, sizeof p, "/Organisation/Rels/Rel", list, k);
            ods_add_stub(c, other, json_object_get(e, "Target"), c->orgs[i].file, p);
        }
    }
}

static void emit_rels(ods_ctx *c)
{
    for (size_t i = 0; i < c->norgs && !c->oom; i++) {
        if (c->orgs[i].rec == NULL)
            continue;
        json_t *list = ods_path2(c->orgs[i].rec, "Rels", "Rel");
        for (size_t k = 0; k < ods_n_items(list) && !c->oom; k++) {
            char p[256];
            ods_item_ptr(p, sizeof p, "/Organisation/Rels/Rel", list, k);
            one_rel(c, &c->orgs[i], ods_item(list, k), p);
        }
    }
    for (size_t i = 0; i < c->nmissing; i++) {
        ods_missing *m = &c->missing[i];
        ov_diag_at(c->d, OV_WARNING, m->file, m->ptr, m->org,
                   "%s is not in the input: %zu relationship%s with it left out (--stubs keeps "
                   "it)",
                   m->code, m->count, m->count == 1 ? "" : "s");
    }
}

/* ---- the document ----------------------------------------------------------- */

static int cmp_org(const void *a, const void *b)
{
    return strcmp(((const ods_org *)a)->code, ((const ods_org *)b)->code);
}

static void emit_org(ods_ctx *c, ods_org *o)
{
    json_t *j = ov_doc_add_org(c->doc, o->code, o->name, o->type);
    if (j == NULL || ov_known_type_declare(c->doc, o->type, NULL) != 0) {
        c->oom = 1;
        return;
    }
    json_t *codes = json_object();
    json_object_set_new(codes, "ods", json_string(o->code));
    json_object_set_new(j, "codes", codes);
    char d[11];
    if (o->start != OV_DAY_NONE) {
        ov_date_iso(o->start, d);
        ov_doc_set_str(j, "start", d);
    }
    if (o->end != OV_DAY_NONE) {
        ov_date_iso(o->end, d);
        ov_doc_set_str(j, "end", d);
    }
    ov_doc_set_str(j, "url", o->url);
    if (o->postcode) {
        json_t *facts = json_object();
        json_object_set_new(facts, "postcode", json_string(o->postcode));
        json_object_set_new(j, "facts", facts);
    }
    if (o->note.len > 0)
        ov_doc_set_str(j, "note", o->note.data);
    json_t *src = json_array();
    json_array_append_new(src, json_string(ODS_SOURCE));
    json_object_set_new(j, "sources", src);
}

static void add_source(ods_ctx *c)
{
    ov_buf t;
    ov_buf_init(&t);
    ov_buf_puts(&t, "NHS England, Organisation Data Service (ODS): ORD API records of ");
    size_t shown = 0;
    for (size_t i = 0; i < c->norgs; i++) {
        if (c->orgs[i].stub)
            continue;
        if (shown < 20)
            ov_buf_printf(&t, "%s%s", shown ? ", " : "", c->orgs[i].code);
        shown++;
    }
    if (shown > 20)
        ov_buf_printf(&t, " and %zu more", shown - 20);
    if (t.oom ||
        ov_doc_add_source(c->doc, ODS_SOURCE, t.data,
                          "https://digital.nhs.uk/services/organisation-data-service") == NULL)
        c->oom = 1;
    ov_buf_free(&t);
}

/* Types declared in the --types file come first, so they win. */
static void declare_override_types(ods_ctx *c)
{
    json_t *types = json_object_get(c->overrides, "types");
    const char *key;
    json_t *v;
    json_object_foreach(types, key, v)
    {
        if (ov_doc_add_type(c->doc, key, ods_str(v, "label") ? ods_str(v, "label") : key,
                            ods_str(v, "colour")) != 0)
            c->oom = 1;
    }
}

/* Roles in neither table: a type "ods-roNNN" labelled "ODS role RONNN"
 * each, and a warning. */
static void roles_not_in_table(ods_ctx *c)
{
    for (size_t i = 0; i < c->nroles && !c->oom; i++) {
        ods_missing *m = &c->roles[i];
        char *key = type_of_role(c, m->code, NULL, NULL, NULL);
        char *label = ov_asprintf("ODS role %s", m->code);
        if (key == NULL || label == NULL || ov_known_type_declare(c->doc, key, label) != 0)
            c->oom = 1;
        else
            ov_diag_at(c->d, OV_WARNING, m->file, m->ptr, m->org,
                       "role %s is not in the role table: type \"%s\" used for %zu "
                       "organisation%s (map it with --types)",
                       m->code, key, m->count, m->count == 1 ? "" : "s");
        free(key);
        free(label);
    }
}

static void build_doc(ods_ctx *c)
{
    c->doc = ov_doc_new("Organisations from the NHS Organisation Data Service");
    if (c->doc == NULL) {
        c->oom = 1;
        return;
    }
    declare_override_types(c);
    rel_stubs(c);
    roles_not_in_table(c);
    qsort(c->orgs, c->norgs, sizeof *c->orgs, cmp_org);
    add_source(c);
    for (size_t i = 0; i < c->norgs && !c->oom; i++)
        emit_org(c, &c->orgs[i]);
    emit_rels(c);
    ods_emit_transitions(c);
}

/* ---- loading ------------------------------------------------------------ */

static json_t *load_json(ods_ctx *c, const char *file, ov_status *st)
{
    char *buf = NULL;
    size_t len = 0;
    *st = ov_read_file(file, ODS_MAX_FILE, &buf, &len, c->d);
    if (*st != OV_OK)
        return NULL;
    json_t *root = ov_json_parse(file, buf, len, ODS_MAX_FILE, c->d, st);
    free(buf);
    return root;
}

static ov_status load_overrides(ods_ctx *c)
{
    if (c->opts->types_file == NULL)
        return OV_OK;
    ov_status st;
    c->overrides = load_json(c, c->opts->types_file, &st);
    if (c->overrides == NULL)
        return st;
    static const char *const keys[] = {"roles", "relationships", "types", NULL};
    if (!json_is_object(c->overrides)) {
        ov_diag_at(c->d, OV_ERROR, c->opts->types_file, "", NULL,
                   "the table must be an object with \"roles\", \"relationships\" and \"types\"");
        return OV_ERR_DATA;
    }
    ov_json_check_keys(c->d, c->opts->types_file, c->overrides, "", keys, NULL);
    json_t *rels = json_object_get(c->overrides, "relationships");
    const char *key;
    json_t *v;
    json_object_foreach(rels, key, v)
    {
        const char *k = json_string_value(v);
        if (json_is_null(v) || (k && (k[0] == '\0' || ov_rel_kind_parse(k) != OV_REL_INVALID)))
            continue;
        ov_jptr p;
        ov_jptr_key(&p, "/relationships", key);
        ov_diag_at(c->d, OV_ERROR, c->opts->types_file, p.buf, NULL,
                   "not a relationship type: use part_of, member_of, accountable_to, "
                   "commissions, partner_of, delegates_to, or null to leave %s out",
                   key);
        return OV_ERR_DATA;
    }
    return OV_OK;
}

static void free_ctx(ods_ctx *c)
{
    for (size_t i = 0; i < c->norgs; i++) {
        ods_org *o = &c->orgs[i];
        free(o->code);
        free(o->name);
        free(o->type);
        free(o->url);
        free(o->postcode);
        ov_buf_free(&o->note);
    }
    free(c->orgs);
    for (size_t i = 0; i < c->nlinks; i++) {
        free(c->links[i].pred);
        free(c->links[i].succ);
    }
    free(c->links);
    for (size_t i = 0; i < c->nmissing; i++) {
        free(c->missing[i].code);
        free(c->missing[i].org);
    }
    free(c->missing);
    for (size_t i = 0; i < c->nroles; i++) {
        free(c->roles[i].code);
        free(c->roles[i].org);
    }
    free(c->roles);
    for (size_t i = 0; i < c->nroots; i++)
        json_decref(c->roots[i]);
    free(c->roots);
    json_decref(c->overrides);
    json_decref(c->doc);
}

ov_status ov_import_ods(const char *const *files, size_t nfiles, const ov_ods_opts *opts,
                        json_t **out, ov_diags *d)
{
    ods_ctx c;
    memset(&c, 0, sizeof c);
    c.opts = opts;
    c.d = d;
    *out = NULL;
    size_t errors = d->errors;
    ov_status st = load_overrides(&c);
    c.roots = calloc(nfiles ? nfiles : 1, sizeof *c.roots);
    if (c.roots == NULL)
        st = OV_ERR_MEMORY;
    for (size_t i = 0; i < nfiles && st == OV_OK; i++) {
        c.roots[i] = load_json(&c, files[i], &st);
        c.nroots = i + 1;
        if (c.roots[i] != NULL)
            read_record(&c, files[i], c.roots[i]);
    }
    size_t nrec = c.norgs;
    for (size_t i = 0; i < nrec && st == OV_OK && !c.oom; i++)
        ods_read_succs(&c, i);
    if (st == OV_OK && d->errors == errors && !c.oom) {
        ods_drop_late_links(&c);
        ods_end_predecessors(&c);
        build_doc(&c);
    }
    if (st == OV_OK && c.oom)
        st = OV_ERR_MEMORY;
    if (st == OV_OK && d->errors > errors)
        st = OV_ERR_DATA;
    if (st == OV_OK)
        st = ov_doc_check(c.doc, d);
    if (st == OV_OK) {
        *out = c.doc;
        c.doc = NULL;
    }
    free_ctx(&c);
    return st;
}
