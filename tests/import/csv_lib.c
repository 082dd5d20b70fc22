/* Library tests of the spreadsheet pieces: the rows of src/csvread.c as a
 * spreadsheet numbers them, and the writer export csv uses
 * (ov_csv_put_row), read back by the reader. */
#include <stdlib.h>
#include <string.h>

#include "../unit/harness.h"
#include "csvread.h"

static void rows(void)
{
    /* a cell with a line break, a blank line, CRLF, a last row with no
     * line end */
    static const char text[] = "id,note\r\nA,\"two\nlines\"\r\n\r\nB,x\r\nC,\"y\"";
    ov_diags d;
    ov_diags_init(&d);
    ov_csv *c = NULL;
    CHECK(ov_csv_parse("t.csv", text, sizeof text - 1, &c, &d) == OV_OK);
    if (c != NULL) {
        CHECK(c->nrows == 4);
        int want_row[] = {1, 2, 4, 5};
        int want_line[] = {1, 2, 5, 6};
        for (size_t i = 0; i < 4 && i < c->nrows; i++) {
            CHECK(c->rows[i].row == want_row[i]);
            CHECK(c->rows[i].line == want_line[i]);
        }
        CHECK_STR(ov_csv_field(&c->rows[1], 1), "two\nlines");
    }
    ov_csv_free(c);
    ov_diags_free(&d);
}

static void writer(void)
{
    const char *fields[] = {"plain", "a, b", "say \"hi\"", "two\nlines", " pad", NULL, ""};
    ov_buf b;
    ov_buf_init(&b);
    ov_csv_put_row(&b, fields, 7);
    const char *one[] = {""};
    ov_csv_put_row(&b, one, 1);
    CHECK_STR(b.data, "plain,\"a, b\",\"say \"\"hi\"\"\",\"two\nlines\",\" pad\",,\r\n\"\"\r\n");
    ov_diags d;
    ov_diags_init(&d);
    ov_csv *c = NULL;
    CHECK(ov_csv_parse("w.csv", b.data, b.len, &c, &d) == OV_OK);
    if (c != NULL && c->nrows == 2) {
        for (size_t i = 0; i < 7; i++)
            CHECK_STR(ov_csv_field(&c->rows[0], i), fields[i] ? fields[i] : "");
        CHECK(c->rows[1].nfields == 1);
    } else {
        CHECK(!"two rows read back");
    }
    ov_csv_free(c);
    ov_diags_free(&d);
    ov_buf_free(&b);
}

int main(void)
{
    RUN(rows);
    RUN(writer);
    DONE();
}
