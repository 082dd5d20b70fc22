/* libFuzzer target for the spreadsheet entry point: bytes -> the CSV
 * reader (libcsv) -> formatted diagnostics; and what it reads, written back
 * with the exporter's writer and read again, gives the same fields (the
 * quoting of `orgviz export csv` is what `orgviz import csv` reads). Build
 * and run with `make fuzz`. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void same_fields(const ov_csv *a, const ov_csv *b)
{
    if (a->nrows != b->nrows)
        abort();
    for (size_t r = 0; r < a->nrows; r++) {
        if (a->rows[r].nfields != b->rows[r].nfields)
            abort();
        for (size_t c = 0; c < a->rows[r].nfields; c++) {
            if (strcmp(a->rows[r].fields[c], b->rows[r].fields[c]) != 0)
                abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ov_diags d;
    ov_diags_init(&d);
    ov_csv *t = NULL;
    /* import csv refuses NUL bytes before parsing */
    if (memchr(data, '\0', size) == NULL &&
        ov_csv_parse("in.csv", (const char *)data, size, &t, &d) == OV_OK) {
        ov_buf b;
        ov_buf_init(&b);
        for (size_t r = 0; r < t->nrows; r++)
            ov_csv_put_row(&b, (const char *const *)t->rows[r].fields, t->rows[r].nfields);
        ov_csv *again = NULL;
        if (!b.oom) {
            if (ov_csv_parse("again.csv", b.data ? b.data : "", b.len, &again, &d) != OV_OK)
                abort();
            same_fields(t, again);
        }
        ov_csv_free(again);
        ov_buf_free(&b);
    }
    ov_csv_free(t);
    for (size_t i = 0; i < d.count; i++)
        free(ov_diag_format(&d.items[i]));
    ov_diags_free(&d);
    return 0;
}
