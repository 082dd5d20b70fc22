/* Reading CSV files (RFC 4180 and what spreadsheets write) with libcsv:
 * rows of text fields, the header row looked up by name, places for
 * messages. Shared by the importers. */
#ifndef OV_CSVREAD_H
#define OV_CSVREAD_H

#include <stddef.h>

#include "orgviz.h"
#include "util.h"

typedef struct {
    char **fields; /* NUL-terminated copies, trimmed of unquoted spaces */
    size_t nfields;
    int line; /* 1-based line of the file where the row begins */
    int row;  /* 1-based row as a spreadsheet numbers it: blank lines count,
                 line breaks inside a quoted field do not */
} ov_csv_row;

typedef struct {
    char *file;       /* the name used in messages */
    ov_csv_row *rows; /* rows[0] is the header row (when nrows > 0) */
    size_t nrows;
} ov_csv;

/* Limits against broken or hostile input (documented in data/README.md). */
#define OV_CSV_MAX_FIELDS 1000    /* fields in one row */
#define OV_CSV_MAX_ROWS 10000000u /* rows in one file */

/* Reads and parses PATH: a leading UTF-8 byte-order mark is skipped, rows
 * may end in LF or CRLF, quoted fields may hold commas, doubled quotes and
 * line breaks; blank lines are skipped. On success *OUT is a new table
 * (free with ov_csv_free). Returns OV_OK, OV_ERR_IO (cannot be read),
 * OV_ERR_DATA (not CSV: an unterminated quote, too many fields or rows;
 * a diagnostic gives FILE:LINE) or OV_ERR_MEMORY. */
ov_status ov_csv_read(const char *path, ov_csv **out, ov_diags *d);

/* The same for LEN bytes of DATA; FILE names it in messages. */
ov_status ov_csv_parse(const char *file, const char *data, size_t len, ov_csv **out, ov_diags *d);

void ov_csv_free(ov_csv *c);

/* The index of the header column called NAME (compared without regard to
 * case or surrounding spaces), or OV_NONE. */
size_t ov_csv_column(const ov_csv *c, const char *name);

/* Field COL of ROW, or "" when the row is shorter or COL is OV_NONE.
 * Borrowed from the table. */
const char *ov_csv_field(const ov_csv_row *row, size_t col);

/* Appends one row of N fields to B as `orgviz export csv` writes it: fields
 * separated by commas, quoted only when they hold a comma, a quote, a line
 * break, spaces at either end or a leading byte-order mark (quotes doubled),
 * and CRLF at the end. NULL fields are empty. */
void ov_csv_put_row(ov_buf *b, const char *const *fields, size_t n);

#endif
