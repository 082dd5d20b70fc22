/* Library tests of dates, diagnostics, the loader and the validator,
 * calling the library directly (the command line has its own cases). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../harness.h"
#include "date.h"
#include "jsonread.h"
#include "orgviz.h"
#include "output.h"
#include "util.h"

static ov_model *load(const char *json, ov_diags *d, ov_status *st)
{
    ov_model *m = NULL;
    *st = ov_load_buffer("t.json", json, strlen(json), &m, d);
    if (m)
        ov_validate(m, d);
    return m;
}

/* The text of the first diagnostic, formatted (static buffer). */
static const char *first(ov_diags *d)
{
    static char buf[512];
    if (d->count == 0)
        return "(none)";
    ov_diags_sort(d);
    char *s = ov_diag_format(&d->items[0]);
    snprintf(buf, sizeof buf, "%s", s ? s : "(oom)");
    free(s);
    return buf;
}

static void test_dates(void)
{
    ov_day d;
    CHECK(ov_date_parse("1970-01-01", &d) == OV_DATE_OK && d == 0);
    CHECK(ov_date_parse("2020-04-01", &d) == OV_DATE_OK && d == 18353);
    CHECK(ov_date_parse("2020-02-29", &d) == OV_DATE_OK);
    CHECK(ov_date_parse("1900-02-29", &d) == OV_DATE_IMPOSSIBLE);
    CHECK(ov_date_parse("2000-02-29", &d) == OV_DATE_OK);
    CHECK(ov_date_parse("2022-06-31", &d) == OV_DATE_IMPOSSIBLE);
    CHECK(ov_date_parse("2022-13-01", &d) == OV_DATE_IMPOSSIBLE);
    CHECK(ov_date_parse("2022-6-30", &d) == OV_DATE_FORMAT);
    CHECK(ov_date_parse("2022-06-30T00", &d) == OV_DATE_FORMAT);
    CHECK(ov_date_parse("", &d) == OV_DATE_FORMAT);
    CHECK(ov_date_parse("0000-01-01", &d) == OV_DATE_IMPOSSIBLE);
    /* round trip over four centuries, every day */
    int bad = 0;
    for (ov_day day = ov_date_from_ymd(1800, 1, 1); day < ov_date_from_ymd(2200, 1, 1); day++) {
        char iso[11];
        ov_day back;
        ov_date_iso(day, iso);
        if (ov_date_parse(iso, &back) != OV_DATE_OK || back != day)
            bad++;
    }
    CHECK(bad == 0);
    char buf[32];
    ov_date_human(ov_date_from_ymd(2022, 7, 1), buf);
    CHECK_STR(buf, "1 July 2022");
    ov_date_human(ov_date_from_ymd(2013, 3, 31), buf);
    CHECK_STR(buf, "31 March 2013");
}

static void test_today_is_reproducible(void)
{
    setenv("SOURCE_DATE_EPOCH", "1585699200", 1); /* 2020-04-01T00:00:00Z */
    CHECK(ov_date_today() == ov_date_from_ymd(2020, 4, 1));
    long long secs = 0;
    CHECK(ov_source_date_epoch(&secs) == 1 && secs == 1585699200);
    /* not a plain whole number: not used (today falls back to the clock) */
    const char *bad[] = {"", "-86400", "+5", " 5", "12x", "99999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        setenv("SOURCE_DATE_EPOCH", bad[i], 1);
        CHECK(ov_source_date_epoch(&secs) == 0);
    }
    setenv("SOURCE_DATE_EPOCH", "-86400", 1);
    CHECK(ov_date_today() != ov_date_from_ymd(1969, 12, 31));
    unsetenv("SOURCE_DATE_EPOCH");
    CHECK(ov_source_date_epoch(&secs) == 0);
}

static void test_diag_sort_numeric_pointers(void)
{
    ov_diags d;
    ov_diags_init(&d);
    ov_diag_at(&d, OV_ERROR, "f", "/organisations/10/end", NULL, "b");
    ov_diag_at(&d, OV_ERROR, "f", "/organisations/9/end", NULL, "a");
    ov_diag_at(&d, OV_ERROR, "f", "/organisations/9/end", NULL, "a");
    ov_diag_add(&d, OV_ERROR, "f", 3, 2, NULL, NULL, "syntax");
    ov_diags_sort(&d);
    CHECK(d.count == 3);
    CHECK(d.errors == 3);
    CHECK_STR(d.items[0].pointer, "/organisations/9/end");
    CHECK_STR(d.items[1].pointer, "/organisations/10/end");
    CHECK_STR(d.items[2].message, "syntax");
    ov_diags_free(&d);
}

static void test_load_minimal(void)
{
    ov_diags d;
    ov_diags_init(&d);
    ov_status st;
    ov_model *m = load("{\"orgviz\":1,\"types\":{\"ccg\":{\"label\":\"CCG\"}},"
                       "\"organisations\":[{\"id\":\"05F\",\"name\":\"NHS Herefordshire CCG\","
                       "\"type\":\"ccg\",\"start\":\"2013-04-01\",\"end\":\"2020-03-31\","
                       "\"codes\":{\"ods\":\"05F\"},\"facts\":{\"population\":192000}}]}",
                       &d, &st);
    CHECK(st == OV_OK);
    CHECK(d.count == 0);
    CHECK(m && m->norgs == 1);
    if (m) {
        CHECK(ov_model_find(m, "05F") == 0);
        CHECK(ov_model_find(m, "05J") == OV_NONE);
        CHECK_STR(ov_org_code(&m->orgs[0], "ods"), "05F");
        CHECK_STR(ov_org_type_label(m, &m->orgs[0]), "CCG");
        CHECK(m->orgs[0].nfacts == 1 && m->orgs[0].facts[0].is_number &&
              m->orgs[0].facts[0].number == 192000);
        CHECK(ov_org_exists_at(&m->orgs[0], ov_date_from_ymd(2020, 3, 31)));
        CHECK(!ov_org_exists_at(&m->orgs[0], ov_date_from_ymd(2020, 4, 1)));
    }
    ov_model_free(m);
    ov_diags_free(&d);
}

static void test_byte_order_mark(void)
{
    ov_diags d;
    ov_diags_init(&d);
    ov_status st;
    ov_model *m = load("\xEF\xBB\xBF{\"orgviz\":1}", &d, &st);
    CHECK(st == OV_OK && m != NULL);
    ov_model_free(m);
    ov_diags_free(&d);
}

static void test_syntax_positions(void)
{
    ov_diags d;
    ov_diags_init(&d);
    ov_status st;
    ov_model *m = load("{\n  \"orgviz\": 1,\n  \"title\": \"a\" \"b\"\n}", &d, &st);
    CHECK(st == OV_ERR_DATA && m == NULL);
    CHECK(d.count == 1 && d.items[0].line == 3);
    CHECK(d.items[0].excerpt != NULL);
    ov_diags_free(&d);
}

static void test_rejections(void)
{
    static const char *const bad[] = {
        "{\"orgviz\":1,\"title\":\"a\\u0000b\"}",   /* NUL escape */
        "{\"orgviz\":1,\"title\":\"caf\xE9\"}",      /* invalid UTF-8 */
        "{\"orgviz\":1,\"orgviz\":1}",               /* duplicate key */
        "{\"orgviz\":1,\"title\":\"\\uD800\"}",      /* lone surrogate */
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", /* deep */
        "",
        "{\"orgviz\":1} trailing",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ov_diags d;
        ov_diags_init(&d);
        ov_status st;
        ov_model *m = load(bad[i], &d, &st);
        if (st != OV_ERR_DATA || m != NULL || d.errors != 1)
            printf("# case %zu: status %d errors %zu\n", i, st, d.errors);
        CHECK(st == OV_ERR_DATA && m == NULL && d.errors == 1);
        ov_model_free(m);
        ov_diags_free(&d);
    }
}

static void test_size_limit(void)
{
    /* ov_read_file refuses a file over its limit before loading it */
    ov_diags d;
    ov_diags_init(&d);
    char *buf = NULL;
    size_t len = 0;
    char path[] = "/tmp/ov-size-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd >= 0) {
        FILE *f = fdopen(fd, "w");
        for (int i = 0; i < 1000; i++)
            fputs("{\"orgviz\": 1}      \n", f);
        fclose(f);
        CHECK(ov_read_file(path, 100, &buf, &len, &d) == OV_ERR_DATA);
        CHECK(buf == NULL);
        CHECK(strstr(first(&d), "larger than the limit") != NULL);
        ov_diags_free(&d);
        CHECK(ov_read_file(path, 1 << 20, &buf, &len, &d) == OV_OK);
        CHECK(len == 20000);
        free(buf);
        /* the limit itself is allowed, a byte more is not */
        CHECK(ov_read_file(path, 20000, &buf, &len, &d) == OV_OK && len == 20000);
        free(buf);
        CHECK(ov_read_file(path, 19999, &buf, &len, &d) == OV_ERR_DATA && buf == NULL);
        unlink(path);
    }
    ov_diags_free(&d);
    /* what is not a regular file is read in steps: an endless one stops at
     * the limit, an empty one is empty */
    CHECK(ov_read_file("/dev/zero", 300000, &buf, &len, &d) == OV_ERR_DATA && buf == NULL);
    CHECK(d.count == 1 && strstr(first(&d), "larger than the limit") != NULL);
    ov_diags_free(&d);
    CHECK(ov_read_file("/dev/null", 100, &buf, &len, &d) == OV_OK && buf && len == 0);
    CHECK(d.count == 0);
    free(buf);
    ov_diags_free(&d);
}

static void test_all_problems_at_once(void)
{
    ov_diags d;
    ov_diags_init(&d);
    ov_status st;
    ov_model *m = load("{\"orgviz\":1,\"types\":{\"ccg\":{}},\"organisations\":["
                       "{\"id\":\"A\",\"name\":\"A\",\"type\":\"ccg\",\"start\":\"2020-02-30\"},"
                       "{\"id\":\"B\",\"name\":\"\",\"type\":\"pct\",\"start\":\"2020-01-01\"},"
                       "{\"id\":\"A\",\"name\":\"C\",\"type\":\"ccg\",\"start\":\"2020-01-01\"}],"
                       "\"relationships\":[{\"type\":\"part_of\",\"from\":\"A\",\"to\":\"Z\"}]}",
                       &d, &st);
    CHECK(st == OV_ERR_DATA);
    CHECK(m != NULL);
    /* impossible date, blank name, undeclared type, duplicate id, unknown
     * id; no "no start" warning for A: its start is there, only wrong */
    CHECK(d.errors == 5);
    CHECK(d.warnings == 0);
    ov_model_free(m);
    ov_diags_free(&d);
}

static void test_edit_distance(void)
{
    CHECK(ov_edit_distance("strat", "start", 2, 0) == 2);
    CHECK(ov_edit_distance("start", "start", 2, 0) == 0);
    CHECK(ov_edit_distance("organisation", "organisations", 2, 0) == 1);
    CHECK(ov_edit_distance("abc", "xyzuvw", 2, 0) == 3);
}

static const char *const kinds[] = {"ccg", "icb", "pct", "gp_practice", NULL};
static const char *const ids[] = {"QGH", "05T", "U12199", "M81001", NULL};

static void test_suggest(void)
{
    /* the same name in other case first, even where a typo is nearer */
    CHECK_STR(ov_suggest_in("CCG", kinds), "ccg");
    CHECK_STR(ov_suggest_in("qgh", ids), "QGH");
    CHECK_STR(ov_suggest_in("u12199", ids), "U12199");
    /* then a likely typo (ignoring case), at most 2 edits and half the length */
    CHECK_STR(ov_suggest_in("icbb", kinds), "icb");
    CHECK_STR(ov_suggest_in("gp-practise", kinds), "gp_practice");
    CHECK_STR(ov_suggest_in("05t", ids), "05T");
    CHECK(ov_suggest_in("xyz", kinds) == NULL);
    CHECK(ov_suggest_in("ab", kinds) == NULL);
    /* never the name itself */
    CHECK(ov_suggest_in("ccg", kinds) == NULL || strcmp(ov_suggest_in("ccg", kinds), "ccg") != 0);
}

static void test_excerpt_window(void)
{
    /* a 300-character line with the error at column 250: 60 characters
     * before it and 40 from it, cut ends marked, the caret under it */
    char line[301];
    for (int i = 0; i < 300; i++)
        line[i] = (char)('a' + i % 26);
    line[300] = '\0';
    ov_diag g = {0};
    g.column = 250;
    g.severity = OV_ERROR;
    g.message = "x";
    ov_diag_set_excerpt(&g, line, 300);
    char want[128];
    snprintf(want, sizeof want, "\u2026%.100s\u2026", line + 189);
    CHECK_STR(g.excerpt, want);
    char *text = ov_diag_format(&g);
    const char *caret = text ? strrchr(text, '\n') : NULL;
    /* "    " + the ellipsis (one character) + 60 spaces, then ^ */
    CHECK(caret && strlen(caret) == 1 + 4 + 1 + 60 + 1 && caret[strlen(caret) - 1] == '^');
    free(text);
    free(g.excerpt);
    /* non-ASCII counts one column per character; controls and bidi
     * overrides become '?' one for one */
    ov_diag h = {0};
    h.column = 8;
    h.message = "x";
    const char *s = "\"Caf\u00e9\u202e\x01\" x";
    ov_diag_set_excerpt(&h, s, strlen(s));
    CHECK_STR(h.excerpt, "\"Caf\u00e9??\" x");
    text = ov_diag_format(&h);
    caret = text ? strrchr(text, '\n') : NULL;
    CHECK(caret && strcmp(caret, "\n           ^") == 0);
    free(text);
    free(h.excerpt);
}

static void test_sniff(void)
{
    const char *data = "{\"$schema\": \"orgviz.schema.json\", \"orgviz\": 1, \"types\": {}}";
    const char *manifest = "{\"title\": \"orgviz\", \"orgviz_charts\": 1, \"charts\": []}";
    const char *schema = "{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\", "
                         "\"type\": \"object\", \"properties\": {\"orgviz\": {}}}";
    const char *nested = "{\"a\": {\"orgviz_charts\": 1}, \"b\": [\"orgviz_charts\"]}";
    CHECK(ov_json_sniff(data, strlen(data)) == OV_DOC_DATA);
    CHECK(ov_json_sniff(manifest, strlen(manifest)) == OV_DOC_MANIFEST);
    CHECK(ov_json_sniff(schema, strlen(schema)) == OV_DOC_SCHEMA);
    CHECK(ov_json_sniff(nested, strlen(nested)) == OV_DOC_DATA);
    CHECK(ov_json_sniff("[", 1) == OV_DOC_DATA);
}

static void test_url_safety(void)
{
    CHECK(ov_url_is_safe("https://www.england.nhs.uk/"));
    CHECK(ov_url_is_safe("HTTP://example.org/a?b=1&c=\"2\""));
    CHECK(!ov_url_is_safe("javascript:alert(1)"));
    CHECK(!ov_url_is_safe("https://"));
    CHECK(!ov_url_is_safe("https://exa mple.org"));
    CHECK(!ov_url_is_safe("//example.org"));
    CHECK(!ov_url_is_safe("data:text/html,x"));
}

static void test_buf_printf(void)
{
    /* ov_buf_printf appends exactly what snprintf makes, short (on the
     * stack) or long (formatted again straight into the buffer) */
    char want[8192];
    char x[1001];
    memset(x, 'x', 1000);
    x[1000] = '\0';
    ov_buf b;
    ov_buf_init(&b);
    size_t at = 0;
    int ok = 1;
    for (int n = 250; n <= 1000; n += n < 260 ? 1 : 370) {
        ov_buf_printf(&b, "[%d:%.*s]", n, n, x);
        int m = snprintf(want + at, sizeof want - at, "[%d:%.*s]", n, n, x);
        at += (size_t)m;
        ok &= b.len == at && memcmp(b.data, want, at) == 0 && b.data[at] == '\0';
    }
    CHECK(ok && !b.oom);
    ov_buf_free(&b);
}

int main(void)
{
    RUN(test_dates);
    RUN(test_today_is_reproducible);
    RUN(test_diag_sort_numeric_pointers);
    RUN(test_load_minimal);
    RUN(test_byte_order_mark);
    RUN(test_syntax_positions);
    RUN(test_rejections);
    RUN(test_size_limit);
    RUN(test_all_problems_at_once);
    RUN(test_edit_distance);
    RUN(test_url_safety);
    RUN(test_suggest);
    RUN(test_excerpt_window);
    RUN(test_sniff);
    RUN(test_buf_printf);
    DONE();
}
