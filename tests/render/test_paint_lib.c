#define _GNU_SOURCE /* memmem */
/* Library tests of painting (paint.c, svg_page.c, pages.c): limits and
 * helpers that the command line cannot reach cheaply. */
#include <stdlib.h>
#include <string.h>

#include "../unit/harness.h"
#include "orgviz.h"
#include "pages.h"
#include "paint.h"
#include "render.h"
#include "svg_page.h"

/* A finished-looking SVG of W x H pt with one text of SIZE pt. */
static char *svg_of(double w, double h, double size)
{
    char *s = malloc(512);
    snprintf(s, 512,
             "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%gpt\" height=\"%gpt\" "
             "viewBox=\"0 0 %g %g\" style=\"max-width:100%%;height:auto\"><title>T</title>"
             "<desc>D</desc><rect width=\"%g\" height=\"%g\" fill=\"#005EB8\"/>"
             "<text x=\"5\" y=\"20\" font-size=\"%g\">Hi</text></svg>",
             w, h, w, h, w, h, size);
    return s;
}

static void test_pdf_page_capped(void)
{
    char *svg = svg_of(20000, 100, 10);
    ov_render_opts ro = {.format = OV_FMT_PDF};
    ov_diags d;
    ov_diags_init(&d);
    char *out = NULL;
    size_t len = 0;
    CHECK(ov_render_paint(svg, strlen(svg), &ro, &out, &len, &d) == OV_OK);
    CHECK(d.warnings == 1 && d.errors == 0);
    CHECK(d.count == 1 && strstr(d.items[0].message, "scaled to 72%"));
    /* the page is 14,400 pt wide: cairo writes the MediaBox as text */
    CHECK(out && memmem(out, len, "/MediaBox [ 0 0 14400 72 ]", 26));
    free(out);
    ov_diags_free(&d);
    free(svg);
}

static void test_png_limit(void)
{
    /* 4000 x 4000 pt at 1200 dpi would be 66,667 px a side */
    char *svg = svg_of(4000, 4000, 10);
    ov_diags d;
    ov_diags_init(&d);
    char *out = NULL;
    size_t len = 0;
    CHECK(ov_paint_png(svg, strlen(svg), 1200, &out, &len, &d) == OV_OK);
    CHECK(d.warnings == 1 && strstr(d.items[0].message, "drawn at 180 dpi instead"));
    CHECK(out && len > 24);
    if (out && len > 24) {
        unsigned w = (unsigned)((unsigned char)out[16] << 24 | (unsigned char)out[17] << 16 |
                                (unsigned char)out[18] << 8 | (unsigned char)out[19]);
        CHECK(w == 10000);
    }
    free(out);
    ov_diags_free(&d);
    free(svg);
}

static void test_measure_and_frame(void)
{
    char *svg = svg_of(1000, 500, 7);
    ov_diags d;
    ov_diags_init(&d);
    ov_svg_size sz;
    CHECK(ov_svg_measure(svg, strlen(svg), &sz, &d) == OV_OK);
    CHECK(sz.w == 1000 && sz.h == 500 && sz.min_text == 7);
    /* A4 landscape inside 10 mm margins: (841.89 - 56.7) / 1000 */
    double s = ov_page_fit_scale(&sz, 841.89, 595.28, OV_PAGE_MARGIN);
    CHECK(s > 0.785 && s < 0.786);
    ov_page_frame f = {841.89, 595.28, OV_PAGE_MARGIN, 8, "continued from page 1", NULL, NULL};
    char *out = NULL;
    size_t len = 0;
    CHECK(ov_svg_frame(svg, strlen(svg), &f, &out, &len, &d) == OV_OK);
    ov_svg_size page;
    CHECK(out && ov_svg_measure(out, len, &page, &d) == OV_OK);
    CHECK(page.w > 841.8 && page.w < 841.9 && page.h > 595.2 && page.h < 595.3);
    /* the chart's 7 pt at the scale, or the 8 pt header: the smaller */
    CHECK(page.min_text > 7 * s - 0.01 && page.min_text < 7 * s + 0.01);
    CHECK(out && strstr(out, "continued from page 1"));
    free(out);
    ov_diags_free(&d);
    free(svg);
}

static void test_page_names(void)
{
    ov_page_spec p;
    CHECK(ov_page_parse("a4", &p) == 0 && p.orientation == 0 && p.w < p.h);
    CHECK(ov_page_parse("a4-landscape", &p) == 0 && p.orientation == 2);
    CHECK(ov_page_parse("slide", &p) == 0 && p.orientation == 2 && p.h == 960);
    CHECK(ov_page_parse("letter-portrait", &p) == 0 && p.orientation == 1 && p.w == 612);
    CHECK(ov_page_parse("a4x", &p) == -1);
    CHECK(ov_page_parse("a4-", &p) == -1);
    CHECK(ov_page_parse("", &p) == -1);
    char label[32];
    ov_page_label("a4-landscape", label, sizeof label);
    CHECK_STR(label, "A4 landscape");
    ov_page_label("slide", label, sizeof label);
    CHECK_STR(label, "Slide");
}

int main(void)
{
    RUN(test_pdf_page_capped);
    RUN(test_png_limit);
    RUN(test_measure_and_frame);
    RUN(test_page_names);
    DONE();
}
