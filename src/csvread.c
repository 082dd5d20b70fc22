#include "csvread.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "output.h"
#include "util.h"

/* The parse in progress: libcsv calls back per field and per row end. */
typedef struct {
    ov_csv *c;
    ov_csv_row cur; /* the row being collected */
    size_t cur_cap;
    size_t rows_cap;
    int line;     /* line of the chunk being parsed */
    int row_line; /* line where the row being parsed began */
    int inner;    /* line breaks inside quoted fields of the rows so far */
    int too_many; /* a limit was passed: fields in a row or rows */
    int oom;
} reader;

static void on_field(void *data, size_t len, void *ctx)
{
    reader *r = ctx;
    if (r->oom || r->too_many)
        return;
    if (r->cur.nfields >= OV_CSV_MAX_FIELDS) {
        r->too_many = 1;
        return;
    }
    const char *s = data != NULL ? data : "";
    if (r->cur.nfields == 0)
        r->cur.line = r->row_line;
    if (r->cur.nfields == r->cur_cap) {
        size_t cap = r->cur_cap ? r->cur_cap * 2 : 16;
        char **f = realloc(r->cur.fields, cap * sizeof *f);
        if (f == NULL) {
            r->oom = 1;
            return;
        }
        r->cur.fields = f;
        r->cur_cap = cap;
    }
    char *copy = ov_strndup(s, len);
    if (copy == NULL) {
        r->oom = 1;
        return;
    }
    r->cur.fields[r->cur.nfields++] = copy;
}

static void drop_row(ov_csv_row *row)
{
    for (size_t i = 0; i < row->nfields; i++)
        free(row->fields[i]);
    free(row->fields);
    memset(row, 0, sizeof *row);
}

static void on_row(int term, void *ctx)
{
    reader *r = ctx;
    (void)term;
    if (r->oom || r->too_many)
        return;
    ov_csv *c = r->c;
    if (c->nrows >= OV_CSV_MAX_ROWS) {
        r->too_many = 1;
        return;
    }
    if (c->nrows == r->rows_cap) {
        size_t cap = r->rows_cap ? r->rows_cap * 2 : 256;
        ov_csv_row *rows = realloc(c->rows, cap * sizeof *rows);
        if (rows == NULL) {
            r->oom = 1;
            return;
        }
        c->rows = rows;
        r->rows_cap = cap;
    }
    if (r->cur.line == 0)
        r->cur.line = r->row_line;
    r->cur.row = r->cur.line - r->inner;
    r->inner += r->line - r->cur.line;
    c->rows[c->nrows++] = r->cur; /* the table takes the fields */
    memset(&r->cur, 0, sizeof r->cur);
    r->cur_cap = 0;
}

void ov_csv_free(ov_csv *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->nrows; i++)
        drop_row(&c->rows[i]);
    free(c->rows);
    free(c->file);
    free(c);
}

/* Feeds DATA to libcsv a line at a time so that every callback knows its
 * line. Returns 0, or -1 when libcsv reports an error (at r->line). */
static int feed(struct csv_parser *p, reader *r, const char *data, size_t len)
{
    size_t pos = 0;
    r->line = 1;
    while (pos < len && !r->oom && !r->too_many) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t n = nl != NULL ? (size_t)(nl - (data + pos)) + 1 : len - pos;
        /* pstate 0 is libcsv's ROW_NOT_BEGUN: a row (if any) starts here */
        if (p->pstate == 0)
            r->row_line = r->line;
        if (csv_parse(p, data + pos, n, on_field, on_row, r) != n)
            return -1;
        pos += n;
        if (nl != NULL && pos < len)
            r->line++;
    }
    if (!r->oom && !r->too_many && csv_fini(p, on_field, on_row, r) != 0)
        return -1;
    return 0;
}

ov_status ov_csv_parse(const char *file, const char *data, size_t len, ov_csv **out, ov_diags *d)
{
    *out = NULL;
    ov_csv *c = calloc(1, sizeof *c);
    reader r;
    memset(&r, 0, sizeof r);
    r.c = c;
    struct csv_parser p;
    if (c == NULL || (c->file = ov_strdup(file)) == NULL ||
        csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        ov_csv_free(c);
        ov_diag_add(d, OV_ERROR, file, 0, 0, NULL, NULL, "out of memory");
        return OV_ERR_MEMORY;
    }
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    int failed = feed(&p, &r, data, len);
    ov_status st = OV_OK;
    if (r.oom || (failed && csv_error(&p) == CSV_ENOMEM)) {
        ov_diag_add(d, OV_ERROR, file, 0, 0, NULL, NULL, "out of memory");
        st = OV_ERR_MEMORY;
    } else if (r.too_many) {
        ov_diag_add(d, OV_ERROR, file, r.line, 0, NULL, NULL,
                    "more than %d fields in a row or %u rows in the file: is it CSV?",
                    OV_CSV_MAX_FIELDS, OV_CSV_MAX_ROWS);
        st = OV_ERR_DATA;
    } else if (failed) {
        ov_diag_add(d, OV_ERROR, file, r.row_line, 0, NULL, NULL,
                    "a quoted field is not closed, or a quote stands inside an unquoted "
                    "field (write a quote in a field as two quotes, \"\")");
        st = OV_ERR_DATA;
    }
    drop_row(&r.cur);
    csv_free(&p);
    if (st != OV_OK) {
        ov_csv_free(c);
        return st;
    }
    *out = c;
    return OV_OK;
}

ov_status ov_csv_read(const char *path, ov_csv **out, ov_diags *d)
{
    char *buf = NULL;
    size_t len = 0;
    *out = NULL;
    ov_status st = ov_read_file(path, OV_MAX_FILE_BYTES, &buf, &len, d);
    if (st != OV_OK)
        return st;
    st = ov_csv_parse(path, buf, len, out, d);
    free(buf);
    return st;
}

/* S without surrounding spaces compared with NAME, ignoring case. */
static int same_name(const char *s, const char *name)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return n == strlen(name) && strncasecmp(s, name, n) == 0;
}

size_t ov_csv_column(const ov_csv *c, const char *name)
{
    if (c->nrows == 0)
        return OV_NONE;
    const ov_csv_row *h = &c->rows[0];
    for (size_t i = 0; i < h->nfields; i++)
        if (same_name(h->fields[i], name))
            return i;
    return OV_NONE;
}

const char *ov_csv_field(const ov_csv_row *row, size_t col)
{
    if (col == OV_NONE || col >= row->nfields)
        return "";
    return row->fields[col];
}

void ov_csv_put_row(ov_buf *b, const char *const *fields, size_t n)
{
    /* a row of one empty field would be an empty line, which is no row */
    if (n == 1 && (fields[0] == NULL || fields[0][0] == '\0')) {
        ov_buf_puts(b, "\"\"\r\n");
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const char *s = fields[i] ? fields[i] : "";
        size_t len = strlen(s);
        if (i > 0)
            ov_buf_putc(b, ',');
        int quote = strpbrk(s, ",\"\r\n") != NULL || strncmp(s, "\xEF\xBB\xBF", 3) == 0 ||
                    (len > 0 && (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' ||
                                 s[len - 1] == '\t'));
        if (!quote) {
            ov_buf_puts(b, s);
            continue;
        }
        /* csv_write quotes the field and doubles its quotes */
        size_t need = csv_write(NULL, 0, s, len);
        char *q = malloc(need);
        if (q == NULL) {
            b->oom = 1;
            continue;
        }
        csv_write(q, need, s, len);
        ov_buf_putn(b, q, need);
        free(q);
    }
    ov_buf_puts(b, "\r\n");
}
