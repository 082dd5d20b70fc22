/* The render pipeline that chart and timeline share: Graphviz layout and
 * render to memory, then, for SVG, the libxml2 finisher. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "date.h"

#include "paint.h"
#include "svg_page.h"

int ov_format_parse(const char *s)
{
    static const char *const names[] = {"svg", "png", "pdf", "dot", "html"};
    for (int i = 0; i < 5; i++) {
        if (strcmp(s, names[i]) == 0)
            return i;
    }
    return -1;
}

int ov_hide_parse(const char *word, unsigned *bits)
{
    static const char *const names[] = {"codes", "facts", "key", "sources"};
    for (unsigned i = 0; i < 4; i++) {
        if (strcmp(word, names[i]) == 0) {
            *bits |= 1u << i;
            return 0;
        }
    }
    return -1;
}

int ov_format_parse_ext(const char *ext)
{
    char low[8];
    size_t n = strlen(ext);
    if (n == 0 || n >= sizeof low)
        return -1;
    for (size_t i = 0; i <= n; i++)
        low[i] = (char)(ext[i] >= 'A' && ext[i] <= 'Z' ? ext[i] - 'A' + 'a' : ext[i]);
    return ov_format_parse(low);
}

const char *ov_format_ext(ov_format f)
{
    static const char *const names[] = {"svg", "png", "pdf", "dot", "html"};
    return names[f];
}

ov_status ov_render_graph(ov_gv *gv, ov_ggraph *g, const char *engine, const ov_svg_meta *meta,
                          const ov_render_opts *ro, char **out, size_t *len, ov_diags *d)
{
    *out = NULL;
    *len = 0;
    if (ro->format == OV_FMT_DOT)
        return ov_gv_render(gv, g, engine, "dot", out, len, d);
    /* PNG and PDF are drawn from the finished SVG (paint.c), which keeps
     * its size in pt for them */
    char *raw = NULL;
    size_t rawlen = 0;
    ov_status st = ov_gv_render(gv, g, engine, "svg", &raw, &rawlen, d);
    if (st != OV_OK)
        return st;
    static const ov_svg_meta none;
    ov_svg_meta with_prefix = *(meta ? meta : &none);
    with_prefix.id_prefix = ro->id_prefix;
    char *svg = NULL;
    size_t svglen = 0;
    st = ov_svg_finish(raw, rawlen, &with_prefix, ro->format == OV_FMT_SVG && ro->responsive,
                       &svg, &svglen, d);
    free(raw);
    if (st == OV_OK && ro->nhighlight > 0) {
        char *dim = NULL;
        size_t dimlen = 0;
        st = ov_svg_dim(svg, svglen, &dim, &dimlen, d);
        free(svg);
        svg = dim;
        svglen = dimlen;
    }
    if (st != OV_OK || ro->format == OV_FMT_SVG) {
        *out = svg;
        *len = svglen;
        return st;
    }
    st = ov_render_paint(svg, svglen, ro, out, len, d);
    free(svg);
    return st;
}

ov_status ov_render_paint(const char *svg, size_t svglen, const ov_render_opts *ro, char **out,
                          size_t *len, ov_diags *d)
{
    *out = NULL;
    *len = 0;
    if (ro->format == OV_FMT_PNG)
        return ov_paint_png(svg, svglen, ro->dpi, out, len, d);
    if (ro->format != OV_FMT_PDF) {
        ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "cannot paint %s",
                    ov_format_ext(ro->format));
        return OV_ERR_RENDER;
    }
    ov_pdf *pdf = NULL;
    ov_status st = ov_pdf_new_svg(svg, svglen, &pdf, d);
    if (st == OV_OK)
        st = ov_pdf_page(pdf, svg, svglen, d);
    if (st == OV_OK)
        st = ov_pdf_finish(pdf, out, len, d);
    ov_pdf_free(pdf);
    return st;
}
