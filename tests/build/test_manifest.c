/* Library tests of the build's pieces: the manifest loader, the hash and
 * the gallery's escaping. The scenarios of `orgviz build` itself are in
 * test_build.py. */
#include <stdlib.h>
#include <string.h>

#include "../unit/harness.h"
#include "build.h"
#include "util.h"
#include "manifest.h"

static ov_manifest *load(const char *text, ov_diags *d)
{
    ov_manifest *m = NULL;
    ov_manifest_load_buffer("dir/charts.json", text, strlen(text), &m, d);
    return m;
}

/* 1 when some diagnostic has POINTER and its message contains PART. */
static int has(const ov_diags *d, const char *pointer, const char *part)
{
    for (size_t i = 0; i < d->count; i++) {
        const ov_diag *g = &d->items[i];
        if ((!pointer || (g->pointer && strcmp(g->pointer, pointer) == 0)) &&
            strstr(g->message, part))
            return 1;
    }
    return 0;
}

static void loads_with_defaults(void)
{
    ov_diags d;
    ov_diags_init(&d);
    ov_manifest *m = load("{\"orgviz_charts\": 1, \"title\": \"T\", \"charts\": ["
                          "{\"name\": \"a\", \"kind\": \"chart\", \"data\": \"x.json\"},"
                          "{\"name\": \"b\", \"kind\": \"timeline\", \"data\": \"/abs/y.json\","
                          " \"to\": \"2025-03-31\", \"types\": [\"ccg\"], \"formats\": [\"png\","
                          " \"svg\"], \"responsive\": true, \"dpi\": 300}]}",
                          &d);
    CHECK(m != NULL);
    CHECK(d.count == 0);
    if (!m)
        goto done;
    CHECK_STR(m->title, "T");
    CHECK(m->ncharts == 2);
    const ov_manifest_chart *a = &m->charts[0];
    CHECK_STR(a->data_path, "dir/x.json");
    CHECK(a->kind == OV_KIND_CHART && a->at_when == OV_WHEN_DEFAULT);
    CHECK(a->nformats == 1 && a->formats[0] == OV_FMT_SVG);
    CHECK(a->responsive == 0 && a->depth == -1 && a->dpi == 0);
    CHECK_STR(a->canon, "{\"data\":\"x.json\",\"kind\":\"chart\",\"name\":\"a\"}");
    const ov_manifest_chart *b = &m->charts[1];
    CHECK_STR(b->data_path, "/abs/y.json");
    CHECK(b->to_when == OV_WHEN_DATE && b->from_when == OV_WHEN_DEFAULT);
    CHECK(b->nformats == 2 && b->formats[0] == OV_FMT_PNG && b->formats[1] == OV_FMT_SVG);
    CHECK(b->ntypes == 1 && strcmp(b->types[0], "ccg") == 0);
    CHECK(b->responsive == 1 && b->dpi == 300);
done:
    ov_manifest_free(m);
    ov_diags_free(&d);
}

static void names(void)
{
    CHECK(ov_manifest_name_ok("hw-structure-2021-04-01"));
    CHECK(ov_manifest_name_ok("a.b_c"));
    CHECK(ov_manifest_name_ok("0"));
    CHECK(!ov_manifest_name_ok(""));
    CHECK(!ov_manifest_name_ok("../x"));
    CHECK(!ov_manifest_name_ok(".x"));
    CHECK(!ov_manifest_name_ok("a/b"));
    CHECK(!ov_manifest_name_ok("/abs"));
    CHECK(!ov_manifest_name_ok("A"));
    CHECK(!ov_manifest_name_ok("a b"));
    CHECK(!ov_manifest_name_ok("-a"));
    char longname[OV_MANIFEST_MAX_NAME + 2];
    memset(longname, 'a', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    CHECK(!ov_manifest_name_ok(longname));
    longname[OV_MANIFEST_MAX_NAME] = '\0';
    CHECK(ov_manifest_name_ok(longname));
}

static void every_error_at_its_place(void)
{
    ov_diags d;
    ov_diags_init(&d);
    ov_manifest *m = load("{\"orgviz_charts\": 2, \"chart\": [], \"charts\": ["
                          "{\"name\": \"../x\", \"kind\": \"chart\", \"data\": \"x.json\","
                          " \"focus\": \"A\"},"
                          "{\"name\": \"y\", \"kind\": \"graph\", \"data\": \"\"},"
                          "{\"name\": \"y\", \"kind\": \"timeline\", \"data\": \"x.json\","
                          " \"from\": \"2020-01-01\", \"to\": \"2019-01-01\","
                          " \"formats\": [\"svg\", \"svg\"]},"
                          "3]}",
                          &d);
    CHECK(m == NULL);
    CHECK(has(&d, "/orgviz_charts", "must be 1"));
    CHECK(has(&d, "/chart", "did you mean \"charts\""));
    CHECK(has(&d, "/charts/0/name", "stays inside the output folder"));
    CHECK(has(&d, "/charts/0/focus", "option of timelines, not of charts"));
    CHECK(has(&d, "/charts/1/kind", "unknown kind \"graph\""));
    CHECK(has(&d, "/charts/1/data", "must not be blank"));
    CHECK(has(&d, "/charts/2/name", "already used by /charts/1"));
    CHECK(has(&d, "/charts/2/to", "before \"from\""));
    CHECK(has(&d, "/charts/2/formats/1", "listed twice"));
    CHECK(has(&d, "/charts/3", "must be an object"));
    ov_manifest_free(m);
    ov_diags_free(&d);
}

static void syntax_error_has_line_and_column(void)
{
    ov_diags d;
    ov_diags_init(&d);
    ov_manifest *m = load("{\n  \"orgviz_charts\": 1,\n  \"charts\": [ } ]\n}\n", &d);
    CHECK(m == NULL);
    CHECK(d.count == 1);
    if (d.count == 1) {
        CHECK(d.items[0].line == 3);
        CHECK(d.items[0].column > 0);
        CHECK_STR(d.items[0].excerpt, "  \"charts\": [ } ]");
    }
    ov_manifest_free(m);
    ov_diags_free(&d);
}

static void fnv1a(void)
{
    CHECK(ov_hash64(OV_HASH_INIT, "", 0) == UINT64_C(0xcbf29ce484222325));
    CHECK(ov_hash64(OV_HASH_INIT, "a", 1) == UINT64_C(0xaf63dc4c8601ec8c));
    CHECK(ov_hash64(OV_HASH_INIT, "foobar", 6) == UINT64_C(0x85944171f73967e8));
    /* in pieces as in one go */
    CHECK(ov_hash64(ov_hash64(OV_HASH_INIT, "foo", 3), "bar", 3) ==
          ov_hash64(OV_HASH_INIT, "foobar", 6));
}

static void gallery_escapes_everything(void)
{
    ov_gallery_figure fig = {.anchor = "x",
                             .day = OV_DAY_NONE,
                             .desc = "D & <i>d</i>",
                             .alt = "A & B <b>\"q\"</b> 'x'\x01",
                             .text = "<table><caption>T</caption></table>\n",
                             .files = {{.file = "x.svg", .format = OV_FMT_SVG, .bytes = 1500,
                                        .width = 100, .height = 50}},
                             .nfiles = 1};
    ov_gallery_entry e = {.name = "x",
                          .heading = "<script>alert(1)</script>",
                          .data = "d.json",
                          .figures = &fig,
                          .nfigures = 1};
    size_t len = 0;
    char *html = ov_gallery_html("T & <T>", &e, 1, &len);
    CHECK(html != NULL);
    if (!html)
        return;
    CHECK(strlen(html) == len);
    CHECK(strstr(html, "<title>T &amp; &lt;T&gt;</title>") != NULL);
    CHECK(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;") != NULL);
    CHECK(strstr(html, "<script>alert") == NULL);
    CHECK(strstr(html, "alt=\"A &amp; B &lt;b&gt;&quot;q&quot;&lt;/b&gt; &#39;x&#39; \"") != NULL);
    CHECK(strstr(html, "width=\"100\" height=\"50\"") != NULL);
    CHECK(strstr(html, "<p>D &amp; &lt;i&gt;d&lt;/i&gt;</p>") != NULL);
    /* the text version in a disclosure; the full size at 4/3 px per pt */
    CHECK(strstr(html, "<summary>Chart as text") != NULL);
    CHECK(strstr(html, "<table><caption>T</caption></table>") != NULL);
    CHECK(strstr(html, "width=\"133\" height=\"67\"") != NULL);
    CHECK(strstr(html, "(2 kB)") != NULL);
    CHECK(strstr(html, "<html lang=\"en-GB\">") != NULL);
    free(html);
}

int main(void)
{
    RUN(loads_with_defaults);
    RUN(names);
    RUN(every_error_at_its_place);
    RUN(syntax_error_has_line_and_column);
    RUN(fnv1a);
    RUN(gallery_escapes_everything);
    DONE();
}
