/* Library tests of the timeline: ov_timeline_render and
 * ov_timeline_describe called directly. argv[1]: the Herefordshire and
 * Worcestershire data file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gv.h"
#include "orgviz.h"

#include "../harness.h"

static int has_message(const ov_diags *d, const char *text)
{
    for (size_t i = 0; i < d->count; i++) {
        if (d->items[i].message && strstr(d->items[i].message, text))
            return 1;
    }
    return 0;
}

static const char *data_path;

/* Every check on the one model of DATA_PATH. */
static void test_library(void)
{
    ov_diags d;
    ov_diags_init(&d);
    ov_model *m = NULL;
    CHECK_MSG(ov_open(data_path, &m, &d) == OV_OK, "open %s", data_path);
    ov_diags_free(&d);
    if (!m)
        return;

    ov_timeline_opts all = {OV_DAY_NONE, OV_DAY_NONE, NULL, NULL, 0, NULL};
    char *desc = ov_timeline_describe(m, &all);
    CHECK_MSG(desc && strstr(desc, "These four CCGs merged into NHS Herefordshire and Worcestershire "
                               "CCG on 1 April 2020. It was succeeded by"),
          "describe: %s", desc ? desc : "(null)");
    free(desc);
    desc = ov_timeline_describe(m, NULL);
    CHECK_MSG(desc != NULL, "describe with no options");
    free(desc);
    ov_timeline_opts focus = {OV_DAY_NONE, OV_DAY_NONE, "05F", NULL, 0, NULL};
    desc = ov_timeline_describe(m, &focus);
    CHECK_MSG(desc && strstr(desc, "The timeline shows 4 organisations"), "focus 05F: %s",
          desc ? desc : "(null)");
    free(desc);
    ov_timeline_opts nofocus = {OV_DAY_NONE, OV_DAY_NONE, "nope", NULL, 0, NULL};
    desc = ov_timeline_describe(m, &nofocus);
    CHECK_MSG(desc && strstr(desc, "no organisations"), "unknown focus: %s", desc ? desc : "(null)");
    free(desc);

    ov_gv *gv = ov_gv_new();
    CHECK_MSG(gv != NULL, "graphviz starts");
    ov_render_opts ro = {.format = OV_FMT_SVG, .id_prefix = ""};
    char *out = NULL;
    char *again = NULL;
    size_t len = 0;
    size_t len2 = 0;
    ov_diags_init(&d);
    CHECK_MSG(ov_timeline_render(gv, m, &all, &ro, &out, &len, &d) == OV_OK, "render");
    CHECK_MSG(out && len > 1000 && strncmp(out, "<?xml", 5) == 0, "an SVG document");
    CHECK_MSG(out && strstr(out, "id=\"org-18C\""), "a group per bar");
    CHECK_MSG(ov_timeline_render(gv, m, &all, &ro, &again, &len2, &d) == OV_OK, "render again");
    CHECK_MSG(out && again && len == len2 && memcmp(out, again, len) == 0,
          "the same bytes twice in one process");
    free(out);
    free(again);
    CHECK_MSG(d.errors == 0, "no errors");
    ov_diags_free(&d);

    ov_diags_init(&d);
    out = (char *)"x";
    CHECK_MSG(ov_timeline_render(gv, m, &nofocus, &ro, &out, &len, &d) == OV_ERR_DATA,
          "unknown focus: OV_ERR_DATA");
    CHECK_MSG(out == NULL && len == 0, "no output on failure");
    CHECK_MSG(has_message(&d, "--focus nope"), "a diagnostic names the option");
    ov_diags_free(&d);

    const char *types[] = {"ccg", "nosuch"};
    ov_timeline_opts badtypes = {OV_DAY_NONE, OV_DAY_NONE, NULL, types, 2, NULL};
    ov_diags_init(&d);
    CHECK_MSG(ov_timeline_render(gv, m, &badtypes, &ro, &out, &len, &d) == OV_ERR_DATA,
          "unknown type: OV_ERR_DATA");
    CHECK_MSG(has_message(&d, "--types nosuch"), "a diagnostic names the type");
    ov_diags_free(&d);

    ov_timeline_opts empty = {ov_date_from_ymd(2000, 1, 1), ov_date_from_ymd(2001, 1, 1),
                              "18C-subicb", NULL, 0, NULL};
    ov_diags_init(&d);
    CHECK_MSG(ov_timeline_render(gv, m, &empty, &ro, &out, &len, &d) == OV_ERR_DATA,
          "nothing to draw: OV_ERR_DATA");
    CHECK_MSG(has_message(&d, "nothing to draw"), "says there is nothing to draw");
    free(out); /* NULL unless the check above failed */
    ov_diags_free(&d);

    ov_render_opts png = {.format = OV_FMT_PNG, .dpi = 72, .theme = "mono", .title = "Title"};
    ov_diags_init(&d);
    CHECK_MSG(ov_timeline_render(gv, m, &all, &png, &out, &len, &d) == OV_OK, "PNG");
    CHECK_MSG(out && len > 8 && memcmp(out, "\x89PNG", 4) == 0, "PNG magic");
    free(out);
    ov_diags_free(&d);

    /* no render options at all: the defaults (SVG, default theme) */
    ov_diags_init(&d);
    CHECK_MSG(ov_timeline_render(gv, m, &all, NULL, &out, &len, &d) == OV_OK, "NULL options");
    CHECK_MSG(out && len > 5 && memcmp(out, "<?xml", 5) == 0, "NULL options: SVG");
    free(out);
    ov_diags_free(&d);

    /* an unknown theme is refused by name */
    ov_render_opts neon = {.format = OV_FMT_SVG, .theme = "neon"};
    ov_diags_init(&d);
    out = (char *)"x"; /* to see that the failure clears it */
    CHECK_MSG(ov_timeline_render(gv, m, &all, &neon, &out, &len, &d) == OV_ERR_DATA, "no theme");
    CHECK_MSG(has_message(&d, "no theme called 'neon'"), "names the theme");
    CHECK_MSG(out == NULL, "nothing rendered");
    ov_diags_free(&d);

    ov_gv_free(gv);
    ov_model_free(m);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test-timeline-lib DATA.json\n");
        return 2;
    }
    data_path = argv[1];
    RUN(test_library);
    DONE();
}
