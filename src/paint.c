/* PNG and PDF from the finished SVG.
 *
 * librsvg draws the SVG that orgviz has already finished (ids, tooltips,
 * safe links) on a cairo surface, so the three formats show the same
 * picture, and a PDF keeps the SVG's links: librsvg turns each <a> into a
 * cairo link tag, which cairo's PDF surface writes as a link annotation.
 * One cairo PDF surface takes every page of a document.
 *
 * Reproducible bytes: cairo stamps a PDF with the local time unless a
 * creation date is given, so one is always given (in UTC); qpdf then
 * writes the file with an /ID made from its content.
 *
 * What cairo 1.16 cannot write, qpdf adds: the document's language
 * (/Lang), the alternate text of each Figure (/Alt), and /DisplayDocTitle
 * (viewers show the Title rather than the file name). */
#include "paint.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <librsvg/rsvg.h>
#include <qpdf/qpdf-c.h>
#include <zlib.h>

#include "date.h"
#include "svg_page.h"
#include "util.h"

#define OV_DEFAULT_DPI 144.0

/* ---- shared ------------------------------------------------------------ */

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int len)
{
    ov_buf *b = closure;
    ov_buf_putn(b, (const char *)data, len);
    return b->oom ? CAIRO_STATUS_NO_MEMORY : CAIRO_STATUS_SUCCESS;
}

/* Parses SVG with librsvg at 72 dpi (1 pt = 1 px) and gives its size in
 * pt (FOR_PDF: made ready for a PDF page, ov_svg_for_paint) and, when
 * DESC is not NULL, its <desc> (a new string or NULL, the caller's to
 * free even when this fails). NULL after a diagnostic. */
static RsvgHandle *load_svg(const char *svg, size_t len, int for_pdf, double *w, double *h,
                            char **desc, ov_diags *d)
{
    GError *err = NULL;
    char *safe = NULL;
    size_t safelen = 0;
    if (ov_svg_for_paint_desc(svg, len, for_pdf, &safe, &safelen, desc, d) != OV_OK)
        return NULL;
    RsvgHandle *rh = rsvg_handle_new_from_data((const guint8 *)safe, safelen, &err);
    free(safe);
    if (!rh) {
        ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "cannot draw the SVG: %s",
                    err && err->message ? err->message : "librsvg failed");
        if (err)
            g_error_free(err);
        return NULL;
    }
    rsvg_handle_set_dpi(rh, 72.0);
    gdouble gw = 0;
    gdouble gh = 0;
    if (!rsvg_handle_get_intrinsic_size_in_pixels(rh, &gw, &gh) || !(gw > 0) || !(gh > 0)) {
        ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL,
                    "cannot draw the SVG: it has no width and height");
        g_object_unref(rh);
        return NULL;
    }
    *w = gw;
    *h = gh;
    return rh;
}

static ov_status draw_svg(RsvgHandle *rh, cairo_t *cr, double w, double h, ov_diags *d)
{
    RsvgRectangle vp = {0, 0, w, h};
    GError *err = NULL;
    if (!rsvg_handle_render_document(rh, cr, &vp, &err)) {
        ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "cannot draw the SVG: %s",
                    err && err->message ? err->message : "librsvg failed");
        if (err)
            g_error_free(err);
        return OV_ERR_RENDER;
    }
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
        ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "cannot draw the SVG: %s",
                    cairo_status_to_string(cairo_status(cr)));
        return OV_ERR_RENDER;
    }
    return OV_OK;
}

/* ---- PNG ----------------------------------------------------------------- */

unsigned long ov_png_ppm(double dpi)
{
    return (unsigned long)lround(dpi / 0.0254);
}

static void put_be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* Inserts a pHYs chunk after IHDR (cairo writes none). */
static int add_phys(ov_buf *png, double dpi)
{
    static const size_t after_ihdr = 8 + 4 + 4 + 13 + 4;
    if (png->len < after_ihdr || memcmp(png->data + 12, "IHDR", 4) != 0)
        return -1;
    unsigned char chunk[4 + 4 + 9 + 4];
    put_be32(chunk, 9);
    memcpy(chunk + 4, "pHYs", 4);
    uint32_t ppm = (uint32_t)ov_png_ppm(dpi);
    put_be32(chunk + 8, ppm);
    put_be32(chunk + 12, ppm);
    chunk[16] = 1; /* unit: the metre */
    put_be32(chunk + 17, (uint32_t)crc32(crc32(0L, Z_NULL, 0), chunk + 4, 4 + 9));
    ov_buf out;
    ov_buf_init(&out);
    ov_buf_putn(&out, png->data, after_ihdr);
    ov_buf_putn(&out, (const char *)chunk, sizeof chunk);
    ov_buf_putn(&out, png->data + after_ihdr, png->len - after_ihdr);
    if (out.oom) {
        ov_buf_free(&out);
        return -1;
    }
    ov_buf_free(png);
    *png = out;
    return 0;
}

/* The DPI to draw a W x H pt picture at: WANT, or less when the bitmap
 * would pass the limits (with a warning). */
static double png_dpi(double w, double h, double want, ov_diags *d)
{
    double most = want;
    double side = (w > h ? w : h) / 72.0;
    if (side * most > OV_PNG_MAX_SIDE)
        most = floor(OV_PNG_MAX_SIDE / side);
    double area = w / 72.0 * h / 72.0;
    if (area * most * most > OV_PNG_MAX_PIXELS)
        most = floor(sqrt(OV_PNG_MAX_PIXELS / area));
    if (most < 1)
        most = 1;
    if (most < want)
        ov_diag_add(d, OV_WARNING, NULL, 0, 0, NULL, NULL,
                    "the PNG at %g dpi would be %.0f x %.0f pixels, more than orgviz draws "
                    "(%.0f pixels a side, %.0f million in all): drawn at %g dpi instead; "
                    "for a sharper picture use -T pdf or -T svg, or --page",
                    want, ceil(w / 72.0 * want), ceil(h / 72.0 * want), OV_PNG_MAX_SIDE,
                    OV_PNG_MAX_PIXELS / 1e6, most);
    return most;
}

ov_status ov_paint_png(const char *svg, size_t len, double dpi, char **out, size_t *outlen,
                       ov_diags *d)
{
    *out = NULL;
    *outlen = 0;
    double w;
    double h;
    RsvgHandle *rh = load_svg(svg, len, 0, &w, &h, NULL, d);
    if (!rh)
        return OV_ERR_RENDER;
    dpi = png_dpi(w, h, dpi > 0 ? dpi : OV_DEFAULT_DPI, d);
    double k = dpi / 72.0;
    int pw = (int)ceil(w * k - 1e-6);
    int ph = (int)ceil(h * k - 1e-6);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, pw, ph);
    cairo_t *cr = cairo_create(s);
    ov_status st = OV_ERR_MEMORY;
    ov_buf png;
    ov_buf_init(&png);
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
        ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "cannot make a %d x %d pixel PNG: %s",
                    pw, ph, cairo_status_to_string(cairo_status(cr)));
        goto done;
    }
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, k, k);
    st = draw_svg(rh, cr, w, h, d);
    if (st != OV_OK)
        goto done;
    cairo_surface_flush(s);
    if (cairo_surface_write_to_png_stream(s, to_buf, &png) != CAIRO_STATUS_SUCCESS ||
        add_phys(&png, dpi) != 0) {
        ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "out of memory writing the PNG");
        st = OV_ERR_MEMORY;
        goto done;
    }
    *outlen = png.len;
    *out = ov_buf_take(&png);
    st = *out ? OV_OK : OV_ERR_MEMORY;
done:
    ov_buf_free(&png);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    g_object_unref(rh);
    return st;
}

/* ---- PDF ------------------------------------------------------------------ */

struct ov_pdf {
    ov_buf bytes;
    cairo_surface_t *s;
    cairo_t *cr;
    char *title;
    char *subject;
    char **alts; /* one per page, NULL: none */
    size_t npages;
    size_t cap;
    int failed;
};

/* "1970-01-01T00:00:00Z" (or with PDF "D:19700101000000Z"), or the time
 * of $SOURCE_DATE_EPOCH, in UTC. */
static void creation_date(char out[32], int pdf)
{
    long long secs;
    if (!ov_source_date_epoch(&secs))
        secs = 0;
    time_t t = (time_t)secs;
    struct tm tm;
    if (!gmtime_r(&t, &tm) ||
        strftime(out, 32, pdf ? "D:%Y%m%d%H%M%SZ" : "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        strcpy(out, pdf ? "D:19700101000000Z" : "1970-01-01T00:00:00Z");
}

ov_pdf *ov_pdf_new(const char *title, const char *subject)
{
    ov_pdf *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    ov_buf_init(&p->bytes);
    p->title = title ? ov_strdup(title) : NULL;
    p->subject = subject ? ov_strdup(subject) : NULL;
    if ((title && !p->title) || (subject && !p->subject)) {
        ov_pdf_free(p);
        return NULL;
    }
    return p;
}

ov_status ov_pdf_new_svg(const char *svg, size_t len, ov_pdf **out, ov_diags *d)
{
    char *title = NULL;
    char *desc = NULL;
    *out = NULL;
    ov_status st = ov_svg_title_desc(svg, len, &title, &desc, d);
    if (st != OV_OK)
        return st;
    *out = ov_pdf_new(title, desc);
    free(title);
    free(desc);
    if (*out)
        return OV_OK;
    ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "out of memory making the PDF");
    return OV_ERR_MEMORY;
}

void ov_pdf_free(ov_pdf *p)
{
    if (!p)
        return;
    if (p->cr)
        cairo_destroy(p->cr);
    if (p->s)
        cairo_surface_destroy(p->s);
    for (size_t i = 0; i < p->npages; i++)
        free(p->alts[i]);
    free(p->alts);
    free(p->title);
    free(p->subject);
    ov_buf_free(&p->bytes);
    free(p);
}

static int start(ov_pdf *p, double w, double h)
{
    p->s = cairo_pdf_surface_create_for_stream(to_buf, &p->bytes, w, h);
    p->cr = cairo_create(p->s);
    if (cairo_status(p->cr) != CAIRO_STATUS_SUCCESS)
        return -1;
    char date[32];
    creation_date(date, 0);
    cairo_pdf_surface_set_metadata(p->s, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_pdf_surface_set_metadata(p->s, CAIRO_PDF_METADATA_CREATOR, "orgviz");
    if (p->title)
        cairo_pdf_surface_set_metadata(p->s, CAIRO_PDF_METADATA_TITLE, p->title);
    if (p->subject)
        cairo_pdf_surface_set_metadata(p->s, CAIRO_PDF_METADATA_SUBJECT, p->subject);
    cairo_tag_begin(p->cr, "Document", NULL);
    return 0;
}

ov_status ov_pdf_page(ov_pdf *p, const char *svg, size_t len, ov_diags *d)
{
    double w;
    double h;
    char *alt = NULL;
    RsvgHandle *rh = load_svg(svg, len, 1, &w, &h, &alt, d);
    if (!rh) {
        free(alt);
        return OV_ERR_RENDER;
    }
    /* PDF viewers refuse pages over 200 inches a side */
    double k = 1;
    if (w > OV_PDF_MAX_SIDE || h > OV_PDF_MAX_SIDE) {
        k = OV_PDF_MAX_SIDE / (w > h ? w : h);
        ov_diag_add(d, OV_WARNING, NULL, 0, 0, NULL, NULL,
                    "the drawing is %.0f x %.0f pt, more than a PDF page may be (%.0f pt, 200 "
                    "inches): scaled to %.0f%%; --page gives pages with readable text",
                    w, h, OV_PDF_MAX_SIDE, k * 100);
    }
    ov_status st = OV_ERR_MEMORY;
    if (p->npages == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 8;
        char **a = realloc(p->alts, cap * sizeof *a);
        if (!a)
            goto oom;
        p->alts = a;
        p->cap = cap;
    }
    p->alts[p->npages++] = alt;
    alt = NULL;
    if (!p->s) {
        if (start(p, w * k, h * k) != 0)
            goto oom;
    } else {
        cairo_pdf_surface_set_size(p->s, w * k, h * k);
    }
    cairo_tag_begin(p->cr, "Figure", NULL);
    /* cairo 1.16 drops what it recorded on a page before an opaque fill
     * that covers the whole page (Graphviz's background), the Figure's
     * start tag with it: a clip a hundredth of a point inside the page
     * keeps the fill from covering it */
    cairo_save(p->cr);
    cairo_rectangle(p->cr, 0.01, 0.01, w * k - 0.02, h * k - 0.02);
    cairo_clip(p->cr);
    cairo_scale(p->cr, k, k);
    st = draw_svg(rh, p->cr, w, h, d);
    cairo_restore(p->cr);
    cairo_tag_end(p->cr, "Figure");
    cairo_show_page(p->cr);
    g_object_unref(rh);
    if (st != OV_OK)
        p->failed = 1;
    return st;
oom:
    free(alt);
    g_object_unref(rh);
    p->failed = 1;
    ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "out of memory making the PDF");
    return OV_ERR_MEMORY;
}

/* Sets /Alt on the Figure structure elements below OH, in document
 * order, from P's alternate texts; *next counts the figures seen. The
 * structure cairo writes is Document > Figure > Link: a walk with an
 * explicit stack, so that no input can make it deep. */
static void set_alts(qpdf_data q, qpdf_oh top, const ov_pdf *p)
{
    enum { MOST = 64 };
    qpdf_oh stack[MOST];
    int at[MOST];
    int n = 0;
    size_t next = 0;
    stack[n] = top;
    at[n++] = -1;
    while (n > 0) {
        qpdf_oh oh = stack[n - 1];
        if (at[n - 1] < 0) {
            at[n - 1] = 0;
            if (qpdf_oh_is_dictionary(q, oh) &&
                qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, oh, "/S"), "/Figure")) {
                if (next < p->npages && p->alts[next])
                    qpdf_oh_replace_key(q, oh, "/Alt",
                                        qpdf_oh_new_unicode_string(q, p->alts[next]));
                next++;
                n--;
                continue;
            }
        }
        qpdf_oh kids = qpdf_oh_is_dictionary(q, oh) ? qpdf_oh_get_key(q, oh, "/K") : oh;
        int count = qpdf_oh_is_array(q, kids) ? qpdf_oh_get_array_n_items(q, kids)
                    : qpdf_oh_is_dictionary(q, kids) ? 1
                                                      : 0;
        if (at[n - 1] >= count || n == MOST) {
            n--;
            continue;
        }
        qpdf_oh kid = qpdf_oh_is_array(q, kids) ? qpdf_oh_get_array_item(q, kids, at[n - 1])
                                                : kids;
        at[n - 1]++;
        if (qpdf_oh_is_dictionary(q, kid)) {
            stack[n] = kid;
            at[n++] = -1;
        }
    }
}

/* cairo's PDF, with /Lang, /Alt and /DisplayDocTitle added and a
 * deterministic /ID, into *out. */
static ov_status finish_with_qpdf(const ov_pdf *p, char **out, size_t *outlen, ov_diags *d)
{
    qpdf_data q = qpdf_init();
    if (!q)
        return OV_ERR_MEMORY;
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    ov_status st = OV_ERR_RENDER;
    if (qpdf_read_memory(q, "orgviz.pdf", p->bytes.data, p->bytes.len, NULL) & QPDF_ERRORS)
        goto fail;
    qpdf_oh root = qpdf_get_root(q);
    qpdf_oh_replace_key(q, root, "/Lang", qpdf_oh_new_unicode_string(q, "en-GB"));
    qpdf_oh prefs = qpdf_oh_new_dictionary(q);
    qpdf_oh_replace_key(q, prefs, "/DisplayDocTitle", qpdf_oh_new_bool(q, QPDF_TRUE));
    qpdf_oh_replace_key(q, root, "/ViewerPreferences", prefs);
    set_alts(q, qpdf_oh_get_key(q, root, "/StructTreeRoot"), p);
    /* cairo 1.16 writes the date without the "D:" that PDF asks for */
    qpdf_oh info = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Info");
    if (qpdf_oh_is_dictionary(q, info)) {
        char date[32];
        creation_date(date, 1);
        qpdf_oh_replace_key(q, info, "/CreationDate", qpdf_oh_new_string(q, date));
    }
    if (qpdf_init_write_memory(q) & QPDF_ERRORS)
        goto fail;
    qpdf_set_deterministic_ID(q, QPDF_TRUE);
    if (qpdf_write(q) & QPDF_ERRORS)
        goto fail;
    size_t n = qpdf_get_buffer_length(q);
    const unsigned char *buf = qpdf_get_buffer(q);
    *out = malloc(n ? n : 1);
    if (!*out) {
        st = OV_ERR_MEMORY;
        ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "out of memory making the PDF");
        qpdf_cleanup(&q);
        return st;
    }
    memcpy(*out, buf, n);
    *outlen = n;
    qpdf_cleanup(&q);
    return OV_OK;
fail:
    if (qpdf_has_error(q)) {
        qpdf_error e = qpdf_get_error(q);
        ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "cannot finish the PDF: %s",
                    qpdf_get_error_full_text(q, e));
    } else {
        ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "cannot finish the PDF");
    }
    qpdf_cleanup(&q);
    return st;
}

ov_status ov_pdf_finish(ov_pdf *p, char **out, size_t *outlen, ov_diags *d)
{
    *out = NULL;
    *outlen = 0;
    if (p->failed || !p->s) {
        if (!p->s)
            ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "a PDF without pages");
        return OV_ERR_RENDER;
    }
    cairo_tag_end(p->cr, "Document");
    cairo_destroy(p->cr);
    p->cr = NULL;
    cairo_surface_finish(p->s);
    cairo_status_t cs = cairo_surface_status(p->s);
    cairo_surface_destroy(p->s);
    p->s = NULL;
    if (cs != CAIRO_STATUS_SUCCESS || p->bytes.oom) {
        ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "cannot make the PDF: %s",
                    p->bytes.oom ? "out of memory" : cairo_status_to_string(cs));
        return p->bytes.oom ? OV_ERR_MEMORY : OV_ERR_RENDER;
    }
    return finish_with_qpdf(p, out, outlen, d);
}
