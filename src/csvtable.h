/* CSV files as spreadsheets write them, read with libcsv (the only module
 * that talks to libcsv): a UTF-8 byte-order mark, CRLF or LF, quoted cells
 * with commas, doubled quotes and line breaks. Rows are counted as a
 * spreadsheet shows them: the header is row 1, and a cell with line breaks
 * does not start a new row. */
#ifndef OV_CSVTABLE_H
#define OV_CSVTABLE_H

#include <stddef.h>

#include "orgviz.h"
#include "util.h"

#define OV_CSV_MAX_FILE (64u * 1024u * 1024u) /* 64 MiB */
#define OV_CSV_MAX_COLUMNS 1000

typedef struct {
    char **cells; /* trimmed of spaces around them; line breaks as "\n" */
    size_t ncells;
    int row; /* 1-based, as a spreadsheet numbers it */
} ov_csv_row;

typedef struct {
    ov_csv_row *rows; /* blank rows left out */
    size_t nrows;
} ov_csv_table;

/* Reads LEN bytes of BUF (NAME for messages) into T (free with
 * ov_csv_free, also after a failure). Returns OV_OK, or OV_ERR_DATA with a
 * NAME:ROW:COLUMN diagnostic for text that is not UTF-8, a quote out of
 * place or too many columns, or OV_ERR_MEMORY. */
ov_status ov_csv_read(const char *name, const char *buf, size_t len, ov_csv_table *t,
                      ov_diags *d);

void ov_csv_free(ov_csv_table *t);

/* Appends the cells of one row to B, separated by commas, quoted only when
 * a cell holds a comma, a quote, a line break or spaces at either end, and
 * ends it with CRLF. NULL cells are empty. */
void ov_csv_put_row(ov_buf *b, const char *const *cells, size_t n);

#endif
