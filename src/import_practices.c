#include "import_practices_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvread.h"
#include "docwrite.h"
#include "knowntypes.h"
#include "namecase.h"
#include "util.h"

const char *const prac_type_key[LV_COUNT] = {"region", "icb", "sub-icb", "pcn", "practice"};

/* Their labels and colours are those of the known types (knowntypes.c). */
static const char *const level_word[LV_COUNT] = {"region", "ICB", "sub-ICB location", "PCN",
                                                 "practice"};

/* The lookup's columns: code, name and ONS code of each level. */
static const char *const code_col[LV_COUNT] = {"NHSER_CODE", "ICB_CODE", "LOC_CODE", "PCN_CODE",
                                               "PRAC_CODE"};
static const char *const name_col[LV_COUNT] = {"NHSER_NAME", "ICB_NAME", "LOC_NAME", "PCN_NAME",
                                               "PRAC_NAME"};
static const char *const ons_col[LV_COUNT] = {"ONS_NHSER_CODE", "ONS_ICB_CODE", "ONS_LOC_CODE",
                                              NULL, NULL};

#define PRAC_URL                                                                                   \
    "https://digital.nhs.uk/data-and-information/publications/statistical/"                        \
    "patients-registered-at-a-gp-practice"

const char *prac_parent_kind(int lv)
{
    return lv == LV_PRACTICE ? "member_of" : "part_of";
}

typedef struct {
    size_t code[LV_COUNT], name[LV_COUNT], ons[LV_COUNT];
    size_t postcode;
} columns;

static void level_free(prac_level *l)
{
    for (size_t i = 0; i < l->n; i++) {
        prac_unit *u = &l->u[i];
        free(u->code);
        free(u->id);
        free(u->raw_name);
        free(u->name);
        free(u->ons);
        free(u->postcode);
    }
    free(l->u);
    free(l->slots);
    memset(l, 0, sizeof *l);
}

void prac_snap_free(prac_snap *s)
{
    for (int i = 0; i < LV_COUNT; i++)
        level_free(&s->lv[i]);
}

static size_t level_find(const prac_level *l, const char *code)
{
    if (l->nslots == 0)
        return OV_NONE;
    size_t mask = l->nslots - 1;
    for (size_t h = (size_t)ov_hash_str(code) & mask;; h = (h + 1) & mask) {
        size_t v = l->slots[h];
        if (v == 0)
            return OV_NONE;
        if (strcmp(l->u[v - 1].code, code) == 0)
            return v - 1;
    }
}

/* Puts unit I (code CODE) into the first free slot of its chain. */
static void slot_put(size_t *slots, size_t mask, const char *code, size_t i)
{
    size_t h = (size_t)ov_hash_str(code) & mask;
    while (slots[h] != 0)
        h = (h + 1) & mask;
    slots[h] = i + 1;
}

static int level_rehash(prac_level *l)
{
    size_t n = l->nslots ? l->nslots * 2 : 64;
    size_t *slots = calloc(n, sizeof *slots);
    if (slots == NULL)
        return -1;
    for (size_t i = 0; i < l->n; i++)
        slot_put(slots, n - 1, l->u[i].code, i);
    free(l->slots);
    l->slots = slots;
    l->nslots = n;
    return 0;
}

/* A new unit CODE at the end of L (its strings still to fill); NULL: OOM. */
static prac_unit *level_add(prac_level *l, const char *code)
{
    if ((l->n + 1) * 2 > l->nslots && level_rehash(l) != 0)
        return NULL;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        prac_unit *u = realloc(l->u, cap * sizeof *u);
        if (u == NULL)
            return NULL;
        l->u = u;
        l->cap = cap;
    }
    prac_unit *u = &l->u[l->n];
    memset(u, 0, sizeof *u);
    u->code = ov_strdup(code);
    if (u->code == NULL)
        return NULL;
    slot_put(l->slots, l->nslots - 1, code, l->n++);
    u->parent = OV_NONE;
    u->parent_lv = -1;
    return u;
}

const prac_unit *prac_snap_find(const prac_snap *s, int lv, const char *id)
{
    char code[64];
    size_t n = strlen(id);
    if (lv == LV_SUBICB) {
        if (n < 8 || strcmp(id + n - 7, "-subicb") != 0 || n - 7 >= sizeof code)
            return NULL;
        memcpy(code, id, n - 7);
        code[n - 7] = '\0';
        id = code;
    }
    size_t i = level_find(&s->lv[lv], id);
    return i == OV_NONE ? NULL : &s->lv[lv].u[i];
}

/* An ODS code: 1 to 20 letters and digits. */
static int code_ok(const char *c)
{
    size_t n = strlen(c);
    if (n == 0 || n > 20)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((c[i] >= 'A' && c[i] <= 'Z') || (c[i] >= 'a' && c[i] <= 'z') ||
              (c[i] >= '0' && c[i] <= '9')))
            return 0;
    return 1;
}

static ov_status find_columns(const ov_csv *c, columns *cols, ov_diags *d)
{
    ov_status st = OV_OK;
    for (int lv = 0; lv < LV_COUNT; lv++) {
        cols->code[lv] = ov_csv_column(c, code_col[lv]);
        cols->name[lv] = ov_csv_column(c, name_col[lv]);
        cols->ons[lv] = ons_col[lv] ? ov_csv_column(c, ons_col[lv]) : OV_NONE;
        const char *missing[2] = {cols->code[lv] == OV_NONE ? code_col[lv] : NULL,
                                  cols->name[lv] == OV_NONE ? name_col[lv] : NULL};
        for (int k = 0; k < 2; k++)
            if (missing[k] != NULL) {
                ov_diag_add(d, OV_ERROR, c->file, 1, 0, NULL, NULL,
                            "no column '%s' in the header row: a practice mapping lookup "
                            "needs PRAC_CODE, PRAC_NAME, PCN_CODE, PCN_NAME, LOC_CODE, "
                            "LOC_NAME, ICB_CODE, ICB_NAME, NHSER_CODE and NHSER_NAME",
                            missing[k]);
                st = OV_ERR_DATA;
            }
    }
    cols->postcode = ov_csv_column(c, "PRAC_POSTCODE");
    return st;
}

/* Fills U (new) from ROW at level LV; -1 when out of memory. */
static int unit_fill(prac_unit *u, int lv, const ov_csv_row *row, const columns *cols)
{
    const char *raw = ov_csv_field(row, cols->name[lv]);
    const char *ons = ov_csv_field(row, cols->ons[lv]);
    u->line = row->line;
    u->id = lv == LV_SUBICB ? ov_asprintf("%s-subicb", u->code) : ov_strdup(u->code);
    u->raw_name = ov_strdup(raw);
    u->name = ov_name_case(raw);
    if (*ons)
        u->ons = ov_strdup(ons);
    if (lv == LV_PRACTICE && *ov_csv_field(row, cols->postcode))
        u->postcode = ov_strdup(ov_csv_field(row, cols->postcode));
    return u->id && u->raw_name && u->name && (!*ons || u->ons) ? 0 : -1;
}

/* Adds (or finds) the units of ROW, level by level; OV_ERR_DATA for a
 * broken row, OV_ERR_MEMORY. */
static ov_status read_row(prac_snap *s, const ov_csv *c, const ov_csv_row *row, const columns *cols,
                          int selected, ov_diags *d)
{
    size_t idx[LV_COUNT];
    for (int lv = 0; lv < LV_COUNT; lv++) {
        const char *code = ov_csv_field(row, cols->code[lv]);
        int col = (int)cols->code[lv] + 1;
        if (!code_ok(code)) {
            ov_diag_add(d, OV_ERROR, c->file, row->line, col, NULL, NULL,
                        *code ? "%s '%s' is not an ODS code (letters and digits)" : "%s is empty",
                        code_col[lv], code);
            return OV_ERR_DATA;
        }
        if (ov_is_blank(ov_csv_field(row, cols->name[lv]))) {
            ov_diag_add(d, OV_ERROR, c->file, row->line, (int)cols->name[lv] + 1, NULL, NULL,
                        "%s is empty", name_col[lv]);
            return OV_ERR_DATA;
        }
        if (lv == LV_PCN && strcmp(code, "U") == 0) {
            idx[lv] = OV_NONE; /* unallocated: the practice sits under its sub-ICB */
            continue;
        }
        prac_level *l = &s->lv[lv];
        size_t i = level_find(l, code);
        if (i != OV_NONE && lv == LV_PRACTICE) {
            ov_diag_add(d, OV_ERROR, c->file, row->line, col, NULL, code,
                        "practice %s is on line %d already: each practice has one row", code,
                        l->u[i].line);
            return OV_ERR_DATA;
        }
        if (i == OV_NONE) {
            prac_unit *u = level_add(l, code);
            if (u == NULL || unit_fill(u, lv, row, cols) != 0)
                return OV_ERR_MEMORY;
            i = l->n - 1;
            if (lv > LV_REGION) {
                int plv = idx[lv - 1] != OV_NONE ? lv - 1 : lv - 2;
                u->parent_lv = plv;
                u->parent = idx[plv];
            }
        }
        idx[lv] = i;
        if (lv == LV_PRACTICE)
            l->u[i].subicb = idx[LV_SUBICB];
        if (selected)
            l->u[i].selected = 1;
    }
    if (selected)
        s->nselected++;
    return OV_OK;
}

typedef struct {
    size_t pcn, subicb;
} pcn_place;

static int cmp_place(const void *a, const void *b)
{
    const pcn_place *x = a, *y = b;
    if (x->pcn != y->pcn)
        return x->pcn < y->pcn ? -1 : 1;
    return x->subicb < y->subicb ? -1 : x->subicb > y->subicb;
}

/* A PCN's parent: the sub-ICB location of most of its practices in the
 * area (all of them when none is in the area); the first by code on a tie.
 * A few PCNs span sub-ICB locations (9 in January 2024). */
static ov_status place_pcns(prac_snap *s)
{
    const prac_level *pr = &s->lv[LV_PRACTICE];
    prac_level *pcn = &s->lv[LV_PCN];
    pcn_place *p = malloc((pr->n + 1) * sizeof *p);
    if (p == NULL)
        return OV_ERR_MEMORY;
    size_t n = 0;
    for (size_t i = 0; i < pr->n; i++) {
        const prac_unit *u = &pr->u[i];
        if (u->parent_lv == LV_PCN && (u->selected || !pcn->u[u->parent].selected))
            p[n++] = (pcn_place){u->parent, u->subicb};
    }
    qsort(p, n, sizeof *p, cmp_place);
    const prac_level *sub = &s->lv[LV_SUBICB];
    for (size_t i = 0; i < n;) {
        size_t best = OV_NONE, best_count = 0, places = 0, j = i;
        while (j < n && p[j].pcn == p[i].pcn) {
            size_t k = j;
            while (k < n && p[k].pcn == p[j].pcn && p[k].subicb == p[j].subicb)
                k++;
            places++;
            if (k - j > best_count ||
                (k - j == best_count && strcmp(sub->u[p[j].subicb].code, sub->u[best].code) < 0)) {
                best = p[j].subicb;
                best_count = k - j;
            }
            j = k;
        }
        pcn->u[p[i].pcn].parent = best;
        pcn->u[p[i].pcn].parent_lv = LV_SUBICB;
        pcn->u[p[i].pcn].nparents = places;
        i = j;
    }
    free(p);
    return OV_OK;
}

static const char *area_column(ov_prac_area a)
{
    switch (a) {
    case OV_PRAC_REGION:
        return "NHSER_CODE";
    case OV_PRAC_ICB:
        return "ICB_CODE";
    case OV_PRAC_SUBICB:
        return "LOC_CODE";
    case OV_PRAC_ALL:
        break;
    }
    return NULL;
}

static int area_level(ov_prac_area a)
{
    return a == OV_PRAC_REGION ? LV_REGION : a == OV_PRAC_ICB ? LV_ICB : LV_SUBICB;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "no ICB with code 'QXX' (column ICB_CODE); the file has 42: QE1, QF7, ..." (sorted; at
 * most 50) */
static void report_unknown_area(const prac_snap *s, const ov_prac_opts *o, ov_diags *d)
{
    int lv = area_level(o->area);
    const prac_level *l = &s->lv[lv];
    const char **codes = malloc((l->n + 1) * sizeof *codes);
    ov_buf b;
    ov_buf_init(&b);
    for (size_t i = 0; codes != NULL && i < l->n; i++)
        codes[i] = l->u[i].code;
    if (codes != NULL)
        qsort(codes, l->n, sizeof *codes, cmp_str);
    for (size_t i = 0; codes != NULL && i < l->n && i < 50; i++)
        ov_buf_printf(&b, "%s%s", i ? ", " : "", codes[i]);
    if (l->n > 50)
        ov_buf_puts(&b, ", ...");
    free(codes);
    ov_diag_add(d, OV_ERROR, s->file, 0, 0, NULL, NULL,
                "no %s with code '%s' (column %s); the file has %zu: %s", level_word[lv], o->code,
                area_column(o->area), l->n, b.data ? b.data : "");
    ov_buf_free(&b);
}

ov_status prac_snap_read(prac_snap *s, const char *csv, const ov_prac_opts *o, ov_diags *d)
{
    memset(s, 0, sizeof *s);
    s->file = csv;
    const char *slash = strrchr(csv, '/');
    s->base = slash ? slash + 1 : csv;
    s->as_at = o->as_at;
    ov_date_iso(o->as_at, s->date);
    snprintf(s->source_id, sizeof s->source_id, "nhsd-practice-mapping-%s", s->date);
    ov_csv *c = NULL;
    ov_status st = ov_csv_read(csv, &c, d);
    if (st != OV_OK)
        return st;
    columns cols;
    memset(&cols, 0, sizeof cols);
    if (c->nrows == 0) {
        ov_diag_add(d, OV_ERROR, csv, 0, 0, NULL, NULL, "the file is empty");
        st = OV_ERR_DATA;
    } else {
        st = find_columns(c, &cols, d);
    }
    size_t acol = o->area == OV_PRAC_ALL ? OV_NONE : ov_csv_column(c, area_column(o->area));
    for (size_t r = 1; st == OV_OK && r < c->nrows; r++) {
        const ov_csv_row *row = &c->rows[r];
        int sel = acol == OV_NONE || strcasecmp(ov_csv_field(row, acol), o->code) == 0;
        st = read_row(s, c, row, &cols, sel, d);
    }
    ov_csv_free(c);
    if (st == OV_OK && o->area != OV_PRAC_ALL) {
        const prac_unit *a = NULL;
        int lv = area_level(o->area);
        for (size_t i = 0; i < s->lv[lv].n && a == NULL; i++)
            if (strcasecmp(s->lv[lv].u[i].code, o->code) == 0)
                a = &s->lv[lv].u[i];
        if (a == NULL) {
            report_unknown_area(s, o, d);
            st = OV_ERR_DATA;
        } else {
            s->area_id = a->id;
        }
    }
    if (st == OV_OK && s->nselected == 0) {
        ov_diag_add(d, OV_ERROR, csv, 0, 0, NULL, NULL, "no practice rows in the file");
        st = OV_ERR_DATA;
    }
    if (st == OV_OK)
        st = place_pcns(s);
    if (st == OV_ERR_MEMORY)
        ov_diag_add(d, OV_ERROR, csv, 0, 0, NULL, NULL, "out of memory");
    if (st != OV_OK)
        prac_snap_free(s);
    return st;
}

json_t *prac_add_source(json_t *doc, const prac_snap *s)
{
    char *title = ov_asprintf("NHS Digital (now NHS England): Patients Registered at a GP "
                              "Practice, practice mapping (gp-reg-pat-prac-map) as at %s, "
                              "file %s",
                              s->date, s->base);
    json_t *src = title ? ov_doc_add_source(doc, s->source_id, title, PRAC_URL) : NULL;
    free(title);
    return src;
}

int prac_append_note(json_t *obj, const char *sentence)
{
    const char *old = json_string_value(json_object_get(obj, "note"));
    char *note = old && *old ? ov_asprintf("%s %s", old, sentence) : ov_strdup(sentence);
    int rc = note ? ov_doc_set_str(obj, "note", note) : -1;
    free(note);
    return rc;
}

json_t *prac_add_org(json_t *doc, const prac_snap *s, int lv, const prac_unit *u)
{
    if (ov_known_type_declare(doc, prac_type_key[lv], NULL) != 0)
        return NULL;
    json_t *org = ov_doc_add_org(doc, u->id, u->name, prac_type_key[lv]);
    json_t *codes = json_object();
    if (org == NULL || codes == NULL || json_object_set_new(org, "codes", codes) != 0 ||
        ov_doc_set_str(codes, "ods", u->code) != 0 || ov_doc_set_str(codes, "ons", u->ons) != 0)
        return NULL;
    if (u->postcode != NULL) {
        json_t *facts = json_object();
        if (facts == NULL || json_object_set_new(org, "facts", facts) != 0 ||
            ov_doc_set_str(facts, "postcode", u->postcode) != 0)
            return NULL;
    }
    if (lv == LV_PRACTICE && u->parent_lv == LV_SUBICB) {
        char *n = ov_asprintf("In no PCN in the practice mapping as at %s (PCN code \"U\", "
                              "Unallocated), so shown directly under its sub-ICB location.",
                              s->date);
        if (n == NULL || prac_append_note(org, n) != 0) {
            free(n);
            return NULL;
        }
        free(n);
    }
    if (lv == LV_PCN && u->nparents > 1) {
        char *n = ov_asprintf("Its practices are in %zu sub-ICB locations in the practice "
                              "mapping as at %s; shown under %s, where most of them are.",
                              u->nparents, s->date, s->lv[LV_SUBICB].u[u->parent].name);
        if (n == NULL || prac_append_note(org, n) != 0) {
            free(n);
            return NULL;
        }
        free(n);
    }
    json_t *srcs = json_array();
    if (srcs == NULL || json_object_set_new(org, "sources", srcs) != 0 ||
        json_array_append_new(srcs, json_string(s->source_id)) != 0)
        return NULL;
    return org;
}

static int cmp_unit_id(const void *a, const void *b)
{
    return strcmp((*(const prac_unit *const *)a)->id, (*(const prac_unit *const *)b)->id);
}

/* The selected units of level LV sorted by id (new array, free()). */
static const prac_unit **sorted_units(const prac_snap *s, int lv, size_t *n)
{
    const prac_level *l = &s->lv[lv];
    const prac_unit **v = malloc((l->n + 1) * sizeof *v);
    if (v == NULL)
        return NULL;
    *n = 0;
    for (size_t i = 0; i < l->n; i++)
        if (l->u[i].selected)
            v[(*n)++] = &l->u[i];
    qsort(v, *n, sizeof *v, cmp_unit_id);
    return v;
}

static const char *doc_title(const prac_snap *s, const ov_prac_opts *o, ov_buf *b)
{
    const char *area = "England";
    if (o->area != OV_PRAC_ALL) {
        area = prac_snap_find(s, area_level(o->area), s->area_id)->name;
    } else {
        /* the one ICB (or region) of a file that has one */
        for (int lv = LV_ICB; lv >= LV_REGION; lv--)
            if (s->lv[lv].n == 1) {
                area = s->lv[lv].u[0].name;
                break;
            }
    }
    /* no date: a merge keeps the title, and charts give their own day */
    ov_buf_printf(b, "%s: GP practices and Primary Care Networks", area);
    return b->data;
}

ov_status ov_practices_import(const char *csv, const ov_prac_opts *o, json_t **out, ov_diags *d)
{
    *out = NULL;
    prac_snap s;
    ov_status st = prac_snap_read(&s, csv, o, d);
    if (st != OV_OK)
        return st;
    ov_buf title;
    ov_buf_init(&title);
    json_t *doc = ov_doc_new(doc_title(&s, o, &title));
    ov_buf_free(&title);
    int ok = doc != NULL && prac_add_source(doc, &s) != NULL;
    for (int lv = 0; ok && lv < LV_COUNT; lv++) {
        size_t n = 0;
        const prac_unit **v = sorted_units(&s, lv, &n);
        ok = v != NULL;
        for (size_t i = 0; ok && i < n; i++)
            ok = prac_add_org(doc, &s, lv, v[i]) != NULL;
        for (size_t i = 0; ok && i < n; i++)
            if (v[i]->parent != OV_NONE)
                ok = ov_doc_add_rel(doc, prac_parent_kind(lv), v[i]->id,
                                    s.lv[v[i]->parent_lv].u[v[i]->parent].id) != NULL;
        free(v);
    }
    prac_snap_free(&s);
    if (!ok) {
        json_decref(doc);
        ov_diag_add(d, OV_ERROR, csv, 0, 0, NULL, NULL, "out of memory");
        return OV_ERR_MEMORY;
    }
    *out = doc;
    return OV_OK;
}
