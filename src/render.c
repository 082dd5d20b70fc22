/* The render pipeline that chart and timeline share: Graphviz layout and
 * render to memory, then, for SVG, the libxml2 finisher. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "render.h"
#include "date.h"

#define OV_DEFAULT_DPI 144.0

int ov_format_parse(const char *s)
{
    static const char *const names[] = {"svg", "png", "pdf", "dot"};
    for (int i = 0; i < 4; i++) {
        if (strcmp(s, names[i]) == 0)
            return i;
    }
    return -1;
}

const char *ov_format_ext(ov_format f)
{
    static const char *const names[] = {"svg", "png", "pdf", "dot"};
    return names[f];
}

/* cairo stamps PDFs with the time of day, which would make every PDF
 * differ: write the time of $SOURCE_DATE_EPOCH (reproducible builds) or
 * else 1 January 1970, in place (same length, so the cross-reference
 * offsets stay right). */
static void pdf_reproducible(char *pdf, size_t len)
{
    long long secs;
    if (!ov_source_date_epoch(&secs))
        secs = 0;
    time_t t = (time_t)secs;
    struct tm tm;
    if (!gmtime_r(&t, &tm))
        return;
    char stamp[32];
    /* "(D:YYYYMMDDHHMMSSZ)": 19 characters */
    if (strftime(stamp, sizeof stamp, "(D:%Y%m%d%H%M%SZ)", &tm) != 19)
        return;
    static const char key[] = "/CreationDate ";
    size_t klen = sizeof key - 1;
    for (size_t i = 0; i + klen + 19 <= len; i++) {
        if (memcmp(pdf + i, key, klen) == 0 && pdf[i + klen] == '(' && pdf[i + klen + 18] == ')') {
            memcpy(pdf + i + klen, stamp, 19);
            return;
        }
    }
}

ov_status ov_render_graph(ov_gv *gv, ov_ggraph *g, const char *engine, const ov_svg_meta *meta,
                          const ov_render_opts *ro, char **out, size_t *len, ov_diags *d)
{
    *out = NULL;
    *len = 0;
    if (ro->format == OV_FMT_PNG) {
        char dpi[32];
        snprintf(dpi, sizeof dpi, "%g", ro->dpi > 0 ? ro->dpi : OV_DEFAULT_DPI);
        ov_gv_set(g, "dpi", dpi);
    }
    /* SVG and PDF are measured in points (72 per inch) */
    const char *format = ov_format_ext(ro->format);
    char *raw = NULL;
    size_t rawlen = 0;
    ov_status st = ov_gv_render(gv, g, engine, format, &raw, &rawlen, d);
    if (ro->format == OV_FMT_PNG)
        ov_gv_set(g, "dpi", "");
    if (st == OV_OK && ro->format == OV_FMT_PDF)
        pdf_reproducible(raw, rawlen);
    if (st != OV_OK || ro->format != OV_FMT_SVG) {
        *out = raw;
        *len = rawlen;
        return st;
    }
    static const ov_svg_meta none;
    st = ov_svg_finish(raw, rawlen, meta ? meta : &none, ro->responsive, out, len, d);
    free(raw);
    return st;
}
