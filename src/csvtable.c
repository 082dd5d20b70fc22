#include "csvtable.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    ov_csv_table *t;
    ov_csv_row cur;
    size_t cap;
    int row;          /* the row being read */
    int last_was_cr;  /* the previous row ended with CR (of a CRLF) */
    int too_wide;
    int oom;
} reader;

/* A copy of the N bytes of S without spaces around it and with CRLF as LF. */
static char *cell_copy(const char *s, size_t n)
{
    while (n > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    char *out = malloc(n + 1);
    if (out == NULL)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
            continue;
        out[k++] = s[i];
    }
    out[k] = '\0';
    return out;
}

static void on_cell(void *s, size_t n, void *data)
{
    reader *r = data;
    if (r->oom || r->too_wide)
        return;
    if (r->cur.ncells >= OV_CSV_MAX_COLUMNS) {
        r->too_wide = 1;
        return;
    }
    if (r->cur.ncells == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        char **p = realloc(r->cur.cells, cap * sizeof *p);
        if (p == NULL) {
            r->oom = 1;
            return;
        }
        r->cur.cells = p;
        r->cap = cap;
    }
    char *c = cell_copy(s ? s : "", s ? n : 0);
    if (c == NULL) {
        r->oom = 1;
        return;
    }
    r->cur.cells[r->cur.ncells++] = c;
}

static void drop_row(ov_csv_row *row)
{
    for (size_t i = 0; i < row->ncells; i++)
        free(row->cells[i]);
    free(row->cells);
    row->cells = NULL;
    row->ncells = 0;
}

static void on_row(int c, void *data)
{
    reader *r = data;
    int empty = r->cur.ncells == 0;
    /* the LF of a CRLF is reported as a row of its own: not a row */
    if (empty && c == '\n' && r->last_was_cr) {
        r->last_was_cr = 0;
        return;
    }
    r->last_was_cr = c == '\r';
    r->row++;
    int blank = 1;
    for (size_t i = 0; i < r->cur.ncells; i++)
        blank = blank && r->cur.cells[i][0] == '\0';
    if (blank || r->oom || r->too_wide) {
        drop_row(&r->cur);
        r->cap = 0;
        return;
    }
    ov_csv_table *t = r->t;
    if ((t->nrows & (t->nrows - 1)) == 0) {
        size_t cap = t->nrows ? t->nrows * 2 : 16;
        ov_csv_row *p = realloc(t->rows, cap * sizeof *p);
        if (p == NULL) {
            r->oom = 1;
            drop_row(&r->cur);
            r->cap = 0;
            return;
        }
        t->rows = p;
    }
    r->cur.row = r->row;
    t->rows[t->nrows++] = r->cur;
    r->cur.cells = NULL;
    r->cur.ncells = 0;
    r->cap = 0;
}

/* The byte offset of the first byte that is not UTF-8 in BUF, or LEN. */
static size_t utf8_check(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
                             : (c & 0xF8) == 0xF0 ? 4 : 0;
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

ov_status ov_csv_read(const char *name, const char *buf, size_t len, ov_csv_table *t,
                      ov_diags *d)
{
    memset(t, 0, sizeof *t);
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
        buf += 3;
        len -= 3;
    }
    int row;
    int col;
    const char *nul = memchr(buf, '\0', len);
    if (nul != NULL) {
        /* Excel's "Unicode text" (UTF-16) is full of them */
        place_of(buf, (size_t)(nul - buf), &row, &col);
        ov_diag_add(d, OV_ERROR, name, row, col, NULL, NULL,
                    "the file holds NUL bytes, so it is not CSV text (UTF-16?): in Excel save "
                    "it as \"CSV UTF-8 (Comma delimited)\"");
        return OV_ERR_DATA;
    }
    size_t bad = utf8_check((const unsigned char *)buf, len);
    if (bad < len) {
        place_of(buf, bad, &row, &col);
        ov_diag_add(d, OV_ERROR, name, row, col, NULL, NULL,
                    "the file is not UTF-8 text: in Excel save it as \"CSV UTF-8 (Comma "
                    "delimited)\", in LibreOffice choose the character set \"Unicode (UTF-8)\"");
        return OV_ERR_DATA;
    }
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0)
        return OV_ERR_MEMORY;
    reader r;
    memset(&r, 0, sizeof r);
    r.t = t;
    size_t done = csv_parse(&p, buf, len, on_cell, on_row, &r);
    int err = done < len ? csv_error(&p) : 0;
    if (err == 0 && csv_fini(&p, on_cell, on_row, &r) != 0)
        err = csv_error(&p);
    csv_free(&p);
    drop_row(&r.cur);
    if (r.oom || err == CSV_ENOMEM || err == CSV_ETOOBIG)
        return OV_ERR_MEMORY;
    if (err != 0) {
        place_of(buf, done < len ? done : len, &row, &col);
        ov_diag_add(d, OV_ERROR, name, done < len ? row : r.row + 1, col, NULL, NULL, "%s",
                    done < len ? "a quote inside a cell that does not start with one: put the "
                                 "whole cell in quotes and double the quote (\"\")"
                               : "a quoted cell is not closed: a quote is missing");
        return OV_ERR_DATA;
    }
    if (r.too_wide) {
        ov_diag_add(d, OV_ERROR, name, r.row, OV_CSV_MAX_COLUMNS + 1, NULL, NULL,
                    "more than %d columns", OV_CSV_MAX_COLUMNS);
        return OV_ERR_DATA;
    }
    return OV_OK;
}

void ov_csv_free(ov_csv_table *t)
{
    for (size_t i = 0; i < t->nrows; i++)
        drop_row(&t->rows[i]);
    free(t->rows);
    t->rows = NULL;
    t->nrows = 0;
}

void ov_csv_put_row(ov_buf *b, const char *const *cells, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *s = cells[i] ? cells[i] : "";
        size_t len = strlen(s);
        if (i > 0)
            ov_buf_putc(b, ',');
        /* a cell that starts with a byte-order mark would lose it as the
         * file's first cell */
        int quote = strpbrk(s, ",\"\r\n") != NULL ||
                    (len > 0 && (s[0] == ' ' || s[len - 1] == ' ' || s[0] == '\t' ||
                                 s[len - 1] == '\t')) ||
                    strncmp(s, "\xEF\xBB\xBF", 3) == 0;
        if (!quote) {
            ov_buf_puts(b, s);
            continue;
        }
        /* csv_write quotes the cell and doubles its quotes */
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
