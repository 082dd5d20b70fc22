/* libFuzzer target for the renderers: bytes -> loader and validator; a
 * document that validates -> chart and timeline SVG in memory -> parsed
 * back with libxml2. A crash, a chart that fails on valid data, or SVG
 * that is not well-formed XML is a finding (abort). Build and run with
 * `make fuzz`; `make test` replays tests/fuzz/corpus-render/. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <libxml/parser.h>

#include "gv.h"
#include "orgviz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Documents with more organisations take Graphviz seconds to lay out: they
 * would only slow the search down. */
#define FUZZ_MAX_ORGS 200

static void must_be_xml(const char *what, const char *out, size_t len)
{
    xmlDocPtr doc = xmlReadMemory(out, (int)len, "fuzz.svg", NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        fprintf(stderr, "fuzz_render: the %s is not well-formed XML\n", what);
        abort();
    }
    xmlFreeDoc(doc);
}

/* A render may refuse the data (OV_ERR_DATA: nothing exists on the day,
 * over a size limit) but never fail in Graphviz or hand back bad XML. */
static void check(const char *what, ov_status s, const char *out, size_t len, ov_diags *d)
{
    if (s == OV_OK) {
        must_be_xml(what, out, len);
        return;
    }
    if (s == OV_ERR_DATA || s == OV_ERR_MEMORY)
        return;
    fprintf(stderr, "fuzz_render: the %s failed with status %d on valid data:\n", what, (int)s);
    for (size_t i = 0; i < d->count; i++) {
        char *msg = ov_diag_format(&d->items[i]);
        fprintf(stderr, "  %s\n", msg ? msg : "?");
        free(msg);
    }
    abort();
}

/* The day drawn: the first transition's date, else the first start, else
 * a fixed day (the chart of "today" would change from day to day). */
static ov_day chart_day(const ov_model *m)
{
    for (size_t i = 0; i < m->ntrans; i++)
        if (m->trans[i].date != OV_DAY_NONE)
            return m->trans[i].date;
    for (size_t i = 0; i < m->norgs; i++)
        if (m->orgs[i].start != OV_DAY_NONE)
            return m->orgs[i].start;
    return 18353; /* 2020-04-01 */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ov_gv *gv;
    if (!gv && !(gv = ov_gv_new()))
        abort();
    ov_diags d;
    ov_diags_init(&d);
    ov_model *m = NULL;
    if (ov_open_buffer("fuzz.json", (const char *)data, size, &m, &d) != OV_OK ||
        m->norgs > FUZZ_MAX_ORGS) {
        ov_model_free(m);
        ov_diags_free(&d);
        return 0;
    }
    ov_render_opts ro = {.format = OV_FMT_SVG};
    char *out = NULL;
    size_t len = 0;

    /* marked against a year before, so that the changes code is fuzzed too */
    ov_chart_opts co = {.at = chart_day(m), .root = NULL, .depth = -1, .since = chart_day(m) - 365};
    ov_status s = ov_chart_render(gv, m, &co, &ro, &out, &len, &d);
    check("chart", s, out, len, &d);
    free(out);
    out = NULL;

    ov_timeline_opts to = {OV_DAY_NONE, OV_DAY_NONE, NULL, NULL, 0, NULL};
    s = ov_timeline_render(gv, m, &to, &ro, &out, &len, &d);
    check("timeline", s, out, len, &d);
    free(out);

    ov_model_free(m);
    ov_diags_free(&d);
    return 0;
}
