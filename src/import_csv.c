/* Spreadsheets (CSV) -> an orgviz document.
 *
 * Each file is recognised by its header row (organisations, relationships,
 * transitions, types, sources); headers are matched in any case and order.
 * The document is then checked as `orgviz validate` would, and every
 * problem the validator finds is traced back to the file, row and column
 * it came from, so that a spreadsheet user never sees a JSON Pointer. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "docwrite.h"
#include "import.h"
#include "knowntypes.h"
#include "output.h"
#include "util.h"

typedef enum { K_SOURCES, K_TYPES, K_ORGS, K_HISTORY, K_RELS, K_TRANS, K_COUNT } csv_kind;

static const char *const kind_names[K_COUNT] = {"sources", "types",         "organisations",
                                                "history", "relationships", "transitions"};

/* The columns of each kind, the required ones first (NULL-terminated). */
static const char *const cols_sources[] = {"id", "title", "url", NULL};
static const char *const cols_types[] = {"key", "label", "colour", NULL};
static const char *const cols_orgs[] = {"id",    "name",    "type", "parent",     "relationship",
                                        "start", "end",     "code", "short_name", "url",
                                        "note",  "sources", NULL};
static const char *const cols_history[] = {"id", "until", "name", "short_name", "type", NULL};
static const char *const cols_rels[] = {"type", "from", "to", "start", "end", "label", NULL};
static const char *const cols_trans[] = {"date", "type", "from",    "to", "label",
                                         "note", "id",   "sources", NULL};
static const char *const *const kind_cols[K_COUNT] = {cols_sources, cols_types, cols_orgs,
                                                      cols_history, cols_rels,  cols_trans};
static const size_t kind_required[K_COUNT] = {3, 2, 3, 2, 3, 4};

/* One input file: its table and its header, normalised. */
typedef struct {
    const char *name;
    csv_kind kind;
    ov_csv *t;
    char **head; /* owned by t (row 0), normalised in place */
    size_t nhead;
} csv_file;

/* Where an element of the document came from. */
typedef struct {
    const csv_file *f;
    int row;
    int from_parent; /* a relationship made from an organisation's parent cell */
    size_t org;      /* a history state: its organisation and place in its list */
    size_t state;
} csv_prov;

typedef struct {
    csv_prov *items;
    size_t n;
} prov_list;

typedef struct {
    ov_diags *d;
    json_t *doc;
    prov_list prov[K_COUNT];
    int oom;
} csv_ctx;

#define CSV_MAX_FILE (64u * 1024u * 1024u) /* 64 MiB */

/* ---- text --------------------------------------------------------------- */

/* The byte offset of the first byte that is not UTF-8 in BUF, or LEN. */
static size_t utf8_check(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        size_t n = c < 0x80             ? 1
                   : (c & 0xE0) == 0xC0 ? 2
                   : (c & 0xF0) == 0xE0 ? 3
                   : (c & 0xF8) == 0xF0 ? 4
                                        : 0;
        if (n == 0 || (n == 2 && c < 0xC2) || (n == 4 && c > 0xF4) || i + n > len)
            return i;
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
        }
        if ((n == 3 && c == 0xE0 && s[i + 1] < 0xA0) || (n == 3 && c == 0xED && s[i + 1] >= 0xA0) ||
            (n == 4 && c == 0xF0 && s[i + 1] < 0x90) || (n == 4 && c == 0xF4 && s[i + 1] >= 0x90))
            return i;
        i += n;
    }
    return len;
}

/* Row and column of byte AT in BUF, counting as the parser does. */
static void place_of(const char *buf, size_t at, int *row, int *col)
{
    int r = 1;
    int c = 1;
    int quoted = 0;
    for (size_t i = 0; i < at; i++) {
        if (buf[i] == '"')
            quoted = !quoted;
        else if (!quoted && buf[i] == ',')
            c++;
        else if (!quoted && buf[i] == '\n') {
            r++;
            c = 1;
        }
    }
    *row = r;
    *col = c;
}

/* Refuses text that is not UTF-8 (with its place), and NUL bytes, which
 * Excel's "Unicode text" (UTF-16) is full of: jansson takes UTF-8 only. */
static ov_status text_check(const char *name, const char *buf, size_t len, ov_diags *d)
{
    int row;
    int col;
    size_t skip = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    const char *nul = memchr(buf, '\0', len);
    if (nul != NULL) {
        place_of(buf + skip, (size_t)(nul - buf) - skip, &row, &col);
        ov_diag_add(d, OV_ERROR, name, row, col, NULL, NULL,
                    "the file holds NUL bytes, so it is not CSV text (UTF-16?): in Excel save "
                    "it as \"CSV UTF-8 (Comma delimited)\"");
        return OV_ERR_DATA;
    }
    size_t bad = utf8_check((const unsigned char *)buf + skip, len - skip);
    if (bad < len - skip) {
        place_of(buf + skip, bad, &row, &col);
        ov_diag_add(d, OV_ERROR, name, row, col, NULL, NULL,
                    "the file is not UTF-8 text: in Excel save it as \"CSV UTF-8 (Comma "
                    "delimited)\", in LibreOffice choose the character set \"Unicode (UTF-8)\"");
        return OV_ERR_DATA;
    }
    return OV_OK;
}

/* Every field with its CRLF line breaks as LF, in place (libcsv has
 * already trimmed the spaces around unquoted fields; a quoted field keeps
 * them, so that export -> import gives back a name as written). */
static void tidy(ov_csv *t)
{
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t i = 0; i < t->rows[r].nfields; i++) {
            char *s = t->rows[r].fields[i];
            size_t k = 0;
            for (size_t j = 0; s[j]; j++) {
                if (!(s[j] == '\r' && s[j + 1] == '\n'))
                    s[k++] = s[j];
            }
            s[k] = '\0';
        }
    }
}

/* ---- header ------------------------------------------------------------- */

static void normalise(char *s)
{
    for (char *p = s; *p; p++) {
        if (*p == ' ' || *p == '-')
            *p = '_';
        else
            *p = (char)tolower((unsigned char)*p);
    }
    if (strcmp(s, "color") == 0)
        strcpy(s, "colour");
    if (strcmp(s, "shortname") == 0)
        strcpy(s, "short_name");
}

static int col_of(const csv_file *f, const char *name)
{
    for (size_t i = 0; i < f->nhead; i++) {
        if (strcmp(f->head[i], name) == 0)
            return (int)i;
    }
    return -1;
}

static int has_all(const csv_file *f, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (col_of(f, names[i]) < 0)
            return 0;
    }
    return 1;
}

static int kind_of(const csv_file *f, csv_kind *k)
{
    static const char *const trans[] = {"date", "type", "from", "to"};
    static const char *const rels[] = {"type", "from", "to"};
    static const char *const orgs[] = {"id", "name", "type"};
    static const char *const history[] = {"id", "until"};
    static const char *const types[] = {"key", "label"};
    static const char *const sources[] = {"id", "title"};
    if (has_all(f, trans, 4))
        *k = K_TRANS;
    else if (has_all(f, rels, 3))
        *k = K_RELS;
    else if (has_all(f, history, 2))
        *k = K_HISTORY;
    else if (has_all(f, orgs, 3))
        *k = K_ORGS;
    else if (has_all(f, types, 2))
        *k = K_TYPES;
    else if (has_all(f, sources, 2))
        *k = K_SOURCES;
    else
        return -1;
    return 0;
}

static int is_known_col(csv_kind k, const char *name)
{
    if (k == K_ORGS && strncmp(name, "code.", 5) == 0)
        return name[5] != '\0';
    if ((k == K_ORGS || k == K_HISTORY) && strncmp(name, "fact.", 5) == 0)
        return name[5] != '\0';
    for (const char *const *c = kind_cols[k]; *c; c++) {
        if (strcmp(*c, name) == 0)
            return 1;
    }
    return 0;
}

/* Reads the header of F: its kind, unknown and repeated columns. */
static int read_header(csv_ctx *c, csv_file *f)
{
    if (f->t->nrows == 0) {
        ov_diag_add(c->d, OV_ERROR, f->name, 0, 0, NULL, NULL,
                    "the file is empty: the first "
                    "row must name the columns");
        return -1;
    }
    f->head = f->t->rows[0].fields;
    f->nhead = f->t->rows[0].nfields;
    for (size_t i = 0; i < f->nhead; i++)
        normalise(f->head[i]);
    if (kind_of(f, &f->kind) != 0) {
        ov_diag_add(c->d, OV_ERROR, f->name, f->t->rows[0].row, 1, NULL, NULL,
                    "the header row names no kind of orgviz table: organisations need the "
                    "columns id, name and type; relationships type, from and to; transitions "
                    "date, type, from and to; types key and label; sources id and title; "
                    "history id and until");
        return -1;
    }
    int bad = 0;
    for (size_t i = 0; i < f->nhead; i++) {
        const char *h = f->head[i];
        for (size_t k = 0; k < i; k++) {
            if (h[0] != '\0' && strcmp(f->head[k], h) == 0) {
                ov_diag_add(c->d, OV_ERROR, f->name, f->t->rows[0].row, (int)i + 1, NULL, NULL,
                            "column \"%s\" is there twice (also column %zu)", h, k + 1);
                bad = 1;
            }
        }
        if (is_known_col(f->kind, h))
            continue;
        const char *near = ov_suggest_in(h, kind_cols[f->kind]);
        if (near)
            ov_diag_add(c->d, OV_WARNING, f->name, f->t->rows[0].row, (int)i + 1, NULL, NULL,
                        "column \"%s\" is not a column of %s and is ignored; did you mean \"%s\"?",
                        h, kind_names[f->kind], near);
        else
            ov_diag_add(c->d, OV_WARNING, f->name, f->t->rows[0].row, (int)i + 1, NULL, NULL,
                        "column \"%s\" is not a column of %s and is ignored", h,
                        kind_names[f->kind]);
    }
    return bad ? -1 : 0;
}

/* ---- cells -------------------------------------------------------------- */

/* The cell of column NAME in ROW, or NULL when the column is missing or
 * the cell empty. */
static const char *cell(const csv_file *f, const ov_csv_row *row, const char *name)
{
    int i = col_of(f, name);
    if (i < 0 || (size_t)i >= row->nfields || row->fields[i][0] == '\0')
        return NULL;
    return row->fields[i];
}

/* An error at the cell of column COL: MESSAGE with the text ARG. */
static void cell_error(csv_ctx *c, const csv_file *f, const ov_csv_row *row, const char *col,
                       const char *message, const char *arg)
{
    ov_diag_add(c->d, OV_ERROR, f->name, row->row, col_of(f, col) + 1, NULL, NULL, "%s%s%s",
                message, arg ? " " : "", arg ? arg : "");
}

/* A date cell as YYYY-MM-DD into OUT (11 bytes): from YYYY-MM-DD or the UK
 * DD/MM/YYYY (D/M/YYYY too). Returns 0, or -1 after an error. */
static int date_cell(csv_ctx *c, const csv_file *f, const ov_csv_row *row, const char *col,
                     char *out)
{
    const char *s = cell(f, row, col);
    out[0] = '\0';
    if (s == NULL)
        return 0;
    ov_day day;
    ov_date_status st = ov_date_parse(s, &day);
    int d1 = 0;
    int m1 = 0;
    int y1 = 0;
    int n = 0;
    if (st == OV_DATE_FORMAT && sscanf(s, "%2d/%2d/%4d%n", &d1, &m1, &y1, &n) == 3 &&
        s[n] == '\0' && strlen(s) >= 8 && isdigit((unsigned char)s[n - 4])) {
        char iso[32];
        snprintf(iso, sizeof iso, "%04d-%02d-%02d", y1, m1, d1);
        st = ov_date_parse(iso, &day);
    }
    if (st == OV_DATE_OK) {
        ov_date_iso(day, out);
        return 0;
    }
    ov_diag_add(c->d, OV_ERROR, f->name, row->row, col_of(f, col) + 1, NULL, NULL,
                st == OV_DATE_IMPOSSIBLE ? "%s \"%s\" is not a date (no such day)"
                                         : "%s \"%s\" is not a date: write YYYY-MM-DD or "
                                           "DD/MM/YYYY",
                col, s);
    return -1;
}

/* The ids of a cell, separated by ';', as a new list. */
static json_t *id_list(const char *s)
{
    json_t *a = json_array();
    if (a == NULL || s == NULL)
        return a;
    const char *p = s;
    while (*p) {
        const char *e = strchr(p, ';');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        while (n > 0 && isspace((unsigned char)*p)) {
            p++;
            n--;
        }
        while (n > 0 && isspace((unsigned char)p[n - 1]))
            n--;
        if (n > 0)
            json_array_append_new(a, json_stringn(p, n));
        p += e ? (size_t)(e - p) + 1 : strlen(p);
    }
    return a;
}

static void set_list(json_t *o, const char *key, const char *cellv)
{
    if (cellv != NULL)
        json_object_set_new(o, key, id_list(cellv));
}

/* A fact: a number when the whole cell is one (but not "0123", a code),
 * else text. */
static json_t *fact_value(const char *s)
{
    char *end;
    double v = strtod(s, &end);
    int leading_zero = s[0] == '0' && isdigit((unsigned char)s[1]);
    if (*end != '\0' || end == s || !isfinite(v) || leading_zero || s[0] == '+' ||
        isspace((unsigned char)s[0]) || strpbrk(s, "xXnN") != NULL)
        return json_string(s);
    if (v == floor(v) && fabs(v) < 9007199254740992.0)
        return json_integer((json_int_t)v);
    return json_real(v);
}

/* ---- rows --------------------------------------------------------------- */

static csv_prov *add_prov(csv_ctx *c, csv_kind k, const csv_file *f, int row, int from_parent)
{
    prov_list *p = &c->prov[k];
    if ((p->n & (p->n - 1)) == 0) {
        csv_prov *n = realloc(p->items, (p->n ? p->n * 2 : 16) * sizeof *n);
        if (n == NULL) {
            c->oom = 1;
            return NULL;
        }
        p->items = n;
    }
    p->items[p->n] = (csv_prov){f, row, from_parent, 0, 0};
    return &p->items[p->n++];
}

/* Facts from the fact.X columns into O. */
static void facts_of(const csv_file *f, const ov_csv_row *row, json_t *o)
{
    json_t *facts = json_object();
    for (size_t i = 0; i < f->nhead && i < row->nfields; i++) {
        if (row->fields[i][0] != '\0' && strncmp(f->head[i], "fact.", 5) == 0 && f->head[i][5])
            json_object_set_new(facts, f->head[i] + 5, fact_value(row->fields[i]));
    }
    if (json_object_size(facts) > 0)
        json_object_set_new(o, "facts", facts);
    else
        json_decref(facts);
}

/* Codes from the code and code.X columns into O. */
static void codes_of(const csv_file *f, const ov_csv_row *row, json_t *o)
{
    json_t *codes = json_object();
    const char *ods = cell(f, row, "code");
    if (ods)
        json_object_set_new(codes, "ods", json_string(ods));
    for (size_t i = 0; i < f->nhead && i < row->nfields; i++) {
        if (row->fields[i][0] != '\0' && strncmp(f->head[i], "code.", 5) == 0 && f->head[i][5])
            json_object_set_new(codes, f->head[i] + 5, json_string(row->fields[i]));
    }
    if (json_object_size(codes) > 0)
        json_object_set_new(o, "codes", codes);
    else
        json_decref(codes);
}

static int required(csv_ctx *c, const csv_file *f, const ov_csv_row *row, size_t n)
{
    int ok = 1;
    for (size_t i = 0; i < n; i++) {
        const char *col = kind_cols[f->kind][i];
        if (f->kind == K_TRANS && (strcmp(col, "from") == 0 || strcmp(col, "to") == 0))
            continue; /* an establishment has no "from", an abolition no "to" */
        if (cell(f, row, col) == NULL) {
            ov_diag_add(c->d, OV_ERROR, f->name, row->row, col_of(f, col) + 1, NULL, NULL,
                        "no %s: every row of %s needs one", col, kind_names[f->kind]);
            ok = 0;
        }
    }
    return ok;
}

/* Checks the required cells (the first NREQ columns of the kind) and the
 * start and end dates of ROW; returns 1 when they are fine. */
static int row_ok(csv_ctx *c, const csv_file *f, const ov_csv_row *row, size_t nreq, char *start,
                  char *end)
{
    int bad = !required(c, f, row, nreq);
    bad |= date_cell(c, f, row, "start", start) != 0;
    bad |= date_cell(c, f, row, "end", end) != 0;
    return !bad;
}

static void org_row(csv_ctx *c, const csv_file *f, const ov_csv_row *row)
{
    char start[11];
    char end[11];
    if (!row_ok(c, f, row, 3, start, end))
        return;
    const char *id = cell(f, row, "id");
    json_t *o = ov_doc_add_org(c->doc, id, cell(f, row, "name"), cell(f, row, "type"));
    if (o == NULL) {
        c->oom = 1;
        return;
    }
    add_prov(c, K_ORGS, f, row->row, 0);
    ov_doc_set_str(o, "short_name", cell(f, row, "short_name"));
    codes_of(f, row, o);
    ov_doc_set_str(o, "start", start[0] ? start : NULL);
    ov_doc_set_str(o, "end", end[0] ? end : NULL);
    ov_doc_set_str(o, "url", cell(f, row, "url"));
    facts_of(f, row, o);
    ov_doc_set_str(o, "note", cell(f, row, "note"));
    set_list(o, "sources", cell(f, row, "sources"));
    json_t *parents = id_list(cell(f, row, "parent"));
    const char *rel = cell(f, row, "relationship");
    size_t i;
    json_t *p;
    json_array_foreach(parents, i, p)
    {
        if (ov_doc_add_rel(c->doc, rel ? rel : "part_of", id, json_string_value(p)) == NULL)
            c->oom = 1;
        add_prov(c, K_RELS, f, row->row, 1);
    }
    json_decref(parents);
}

/* An earlier state of an organisation of the organisations files. */
static void history_row(csv_ctx *c, const csv_file *f, const ov_csv_row *row)
{
    char until[11];
    if (!required(c, f, row, 2) || date_cell(c, f, row, "until", until) != 0)
        return;
    const char *id = cell(f, row, "id");
    json_t *orgs = ov_doc_list(c->doc, "organisations");
    json_t *o = NULL;
    size_t i = 0;
    for (; i < json_array_size(orgs) && o == NULL; i++) {
        if (strcmp(json_string_value(json_object_get(json_array_get(orgs, i), "id")), id) == 0)
            o = json_array_get(orgs, i);
    }
    i--;
    if (o == NULL) {
        cell_error(c, f, row, "id", "no organisation in the organisations files has the id", id);
        return;
    }
    json_t *list = ov_doc_list(o, "history");
    json_t *st = json_object();
    if (list == NULL || st == NULL || json_array_append_new(list, st) != 0) {
        c->oom = 1;
        return;
    }
    csv_prov *p = add_prov(c, K_HISTORY, f, row->row, 0);
    if (p) {
        p->org = i;
        p->state = json_array_size(list) - 1;
    }
    ov_doc_set_str(st, "until", until);
    ov_doc_set_str(st, "name", cell(f, row, "name"));
    ov_doc_set_str(st, "short_name", cell(f, row, "short_name"));
    ov_doc_set_str(st, "type", cell(f, row, "type"));
    facts_of(f, row, st);
}

static void rel_row(csv_ctx *c, const csv_file *f, const ov_csv_row *row)
{
    char start[11];
    char end[11];
    if (!row_ok(c, f, row, 3, start, end))
        return;
    json_t *r =
        ov_doc_add_rel(c->doc, cell(f, row, "type"), cell(f, row, "from"), cell(f, row, "to"));
    if (r == NULL) {
        c->oom = 1;
        return;
    }
    add_prov(c, K_RELS, f, row->row, 0);
    ov_doc_set_str(r, "start", start[0] ? start : NULL);
    ov_doc_set_str(r, "end", end[0] ? end : NULL);
    ov_doc_set_str(r, "label", cell(f, row, "label"));
}

static void trans_row(csv_ctx *c, const csv_file *f, const ov_csv_row *row)
{
    char date[11];
    int bad = !required(c, f, row, 4);
    bad |= date_cell(c, f, row, "date", date) != 0;
    if (bad)
        return;
    json_t *t = json_object();
    if (t == NULL || json_array_append_new(ov_doc_list(c->doc, "transitions"), t) != 0) {
        c->oom = 1;
        return;
    }
    add_prov(c, K_TRANS, f, row->row, 0);
    ov_doc_set_str(t, "id", cell(f, row, "id"));
    ov_doc_set_str(t, "type", cell(f, row, "type"));
    ov_doc_set_str(t, "date", date);
    json_object_set_new(t, "from", id_list(cell(f, row, "from")));
    json_object_set_new(t, "to", id_list(cell(f, row, "to")));
    ov_doc_set_str(t, "label", cell(f, row, "label"));
    ov_doc_set_str(t, "note", cell(f, row, "note"));
    set_list(t, "sources", cell(f, row, "sources"));
}

static void small_row(csv_ctx *c, const csv_file *f, const ov_csv_row *row)
{
    if (!required(c, f, row, kind_required[f->kind]))
        return;
    if (f->kind == K_TYPES) {
        const char *key = cell(f, row, "key");
        if (json_object_get(ov_doc_object(c->doc, "types"), key) != NULL)
            cell_error(c, f, row, "key", "this type is declared twice:", key);
        else if (ov_doc_add_type(c->doc, key, cell(f, row, "label"), cell(f, row, "colour")))
            c->oom = 1;
        return;
    }
    const char *id = cell(f, row, "id");
    size_t i;
    json_t *s;
    json_array_foreach(ov_doc_list(c->doc, "sources"), i, s)
    {
        if (strcmp(json_string_value(json_object_get(s, "id")), id) == 0) {
            cell_error(c, f, row, "id", "this source is listed twice:", id);
            return;
        }
    }
    add_prov(c, K_SOURCES, f, row->row, 0);
    if (ov_doc_add_source(c->doc, cell(f, row, "id"), cell(f, row, "title"), cell(f, row, "url")) ==
        NULL)
        c->oom = 1;
}

/* Declares every organisation type that no types file declared. */
static void declare_types(csv_ctx *c)
{
    size_t i;
    json_t *o;
    json_array_foreach(ov_doc_list(c->doc, "organisations"), i, o)
    {
        const char *type = json_string_value(json_object_get(o, "type"));
        if (type && ov_known_type_declare(c->doc, type, NULL) != 0)
            c->oom = 1;
        size_t k;
        json_t *st;
        json_array_foreach(json_object_get(o, "history"), k, st)
        {
            type = json_string_value(json_object_get(st, "type"));
            if (type && ov_known_type_declare(c->doc, type, NULL) != 0)
                c->oom = 1;
        }
    }
}

/* ---- tracing the validator's findings back ------------------------------ */

/* The column that field FIELD (and SUB, the next segment) of kind K came
 * from, as a name in the file's header. */
static void field_col(csv_kind k, const csv_prov *p, const char *field, const char *sub, char *out,
                      size_t n)
{
    if (k == K_ORGS && strcmp(field, "codes") == 0)
        snprintf(out, n, strcmp(sub, "ods") == 0 ? "code" : "code.%s", sub);
    else if (k == K_ORGS && strcmp(field, "facts") == 0)
        snprintf(out, n, "fact.%s", sub);
    else if (k == K_RELS && p->from_parent)
        snprintf(out, n, "%s",
                 strcmp(field, "from") == 0   ? "id"
                 : strcmp(field, "type") == 0 ? "relationship"
                                              : "parent");
    else
        snprintf(out, n, "%s", field);
}

/* Puts G at the row of P and the cell of column COL. */
static void put_place(ov_diag *g, const csv_prov *p, const char *col)
{
    char *file = ov_strdup(p->f->name);
    if (file == NULL)
        return;
    free(g->file);
    free(g->pointer);
    g->file = file;
    g->pointer = NULL;
    g->line = p->row;
    g->column = col_of(p->f, col) + 1;
}

/* Rewrites a diagnostic at a JSON Pointer of the document into
 * FILE:ROW:COLUMN of the cell it came from. */
static void trace(csv_ctx *c, ov_diag *g)
{
    if (g->pointer == NULL)
        return;
    char list[32] = "";
    size_t idx = 0;
    char field[64] = "";
    char sub[64] = "";
    char rest[64] = "";
    int n =
        sscanf(g->pointer, "/%31[^/]/%zu/%63[^/]/%63[^/]/%63[^/]", list, &idx, field, sub, rest);
    if (n >= 4 && strcmp(list, "organisations") == 0 && strcmp(field, "history") == 0) {
        /* /organisations/N/history/K[/FIELD[/SUB]]: the history row */
        size_t state = strtoul(sub, NULL, 10);
        for (size_t i = 0; i < c->prov[K_HISTORY].n; i++) {
            const csv_prov *h = &c->prov[K_HISTORY].items[i];
            if (h->org == idx && h->state == state) {
                put_place(g, h, rest[0] && strcmp(rest, "facts") != 0 ? rest : "until");
                return;
            }
        }
        return;
    }
    csv_kind k = K_COUNT;
    for (int i = 0; i < K_COUNT; i++) {
        if (strcmp(list, kind_names[i]) == 0)
            k = (csv_kind)i;
    }
    if (n < 2 || k == K_COUNT || k == K_TYPES || idx >= c->prov[k].n)
        return;
    const csv_prov *p = &c->prov[k].items[idx];
    char col[140] = "";
    if (n >= 3)
        field_col(k, p, field, sub, col, sizeof col);
    put_place(g, p, col);
}

static ov_status check_doc(csv_ctx *c)
{
    ov_diags v;
    ov_diags_init(&v);
    ov_status st = ov_doc_check(c->doc, &v);
    for (size_t i = 0; i < v.count; i++)
        trace(c, &v.items[i]);
    ov_diags_move(c->d, &v);
    return st;
}

/* ---- the whole import --------------------------------------------------- */

static ov_status read_files(csv_ctx *c, csv_file *files, const char *const *names, size_t n)
{
    ov_status st = OV_OK;
    for (size_t i = 0; i < n; i++) {
        char *buf = NULL;
        size_t len = 0;
        files[i].name = names[i];
        ov_status s = ov_read_file(names[i], CSV_MAX_FILE, &buf, &len, c->d);
        if (s == OV_OK)
            s = text_check(names[i], buf, len, c->d);
        if (s == OV_OK)
            s = ov_csv_parse(names[i], buf, len, &files[i].t, c->d);
        if (s == OV_OK)
            tidy(files[i].t);
        free(buf);
        if (s == OV_OK && read_header(c, &files[i]) != 0)
            s = OV_ERR_DATA;
        if (s != OV_OK && (st == OV_OK || s == OV_ERR_IO || s == OV_ERR_MEMORY))
            st = s;
    }
    return st;
}

/* A row of empty fields (",,,," as spreadsheets save an empty row). */
static int blank_row(const ov_csv_row *row)
{
    for (size_t i = 0; i < row->nfields; i++) {
        if (row->fields[i][0] != '\0')
            return 0;
    }
    return 1;
}

static void build(csv_ctx *c, csv_file *files, size_t n)
{
    /* sources and types first, so that the document reads in that order */
    for (int k = 0; k < K_COUNT; k++) {
        for (size_t i = 0; i < n; i++) {
            if ((int)files[i].kind != k)
                continue;
            for (size_t r = 1; r < files[i].t->nrows && !c->oom; r++) {
                const ov_csv_row *row = &files[i].t->rows[r];
                if (blank_row(row))
                    continue;
                if (k == K_ORGS)
                    org_row(c, &files[i], row);
                else if (k == K_HISTORY)
                    history_row(c, &files[i], row);
                else if (k == K_RELS)
                    rel_row(c, &files[i], row);
                else if (k == K_TRANS)
                    trans_row(c, &files[i], row);
                else
                    small_row(c, &files[i], row);
            }
        }
    }
    declare_types(c);
}

ov_status ov_import_csv(const char *const *names, size_t n, const char *title, json_t **out,
                        ov_diags *d)
{
    csv_ctx c;
    memset(&c, 0, sizeof c);
    c.d = d;
    *out = NULL;
    csv_file *files = calloc(n ? n : 1, sizeof *files);
    if (files == NULL)
        return OV_ERR_MEMORY;
    size_t errors = d->errors;
    ov_status st = read_files(&c, files, names, n);
    if (st == OV_OK) {
        c.doc = ov_doc_new(title);
        if (c.doc == NULL)
            c.oom = 1;
        else
            build(&c, files, n);
    }
    if (st == OV_OK && c.oom)
        st = OV_ERR_MEMORY;
    if (st == OV_OK && d->errors > errors)
        st = OV_ERR_DATA;
    if (st == OV_OK)
        st = check_doc(&c);
    if (st == OV_OK) {
        *out = c.doc;
        c.doc = NULL;
    }
    json_decref(c.doc);
    for (size_t i = 0; i < n; i++)
        ov_csv_free(files[i].t);
    free(files);
    for (int k = 0; k < K_COUNT; k++)
        free(c.prov[k].items);
    return st;
}
