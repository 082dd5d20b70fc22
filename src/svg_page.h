/* Finished SVGs on pages: their size and smallest text, a page around
 * one, and what librsvg needs before drawing one. */
#ifndef OV_SVG_PAGE_H
#define OV_SVG_PAGE_H

#include <stddef.h>

#include "orgviz.h"

/* A chart is never enlarged more than this to fill a page. */
#define OV_PAGE_MAX_ZOOM 2.0

typedef struct {
    double w, h;     /* pt */
    double min_text; /* the smallest font size of a text, pt; 0: no text */
} ov_svg_size;

/* The size of an SVG from its root element alone (the rest is not read,
 * so it is quick on a large file): the viewBox's width and height, else
 * the width and height attributes; 0 by 0 when it has neither or does not
 * parse. The gallery's image sizes. */
void ov_svg_view_size(const char *svg, size_t len, double *w, double *h);

/* Size and smallest text of a finished SVG (width/height in pt): reads
 * the whole document. */
ov_status ov_svg_measure(const char *svg, size_t len, ov_svg_size *sz, ov_diags *d);

/* The text of the root's <title> and <desc> (XML-safe: what the PDF's
 * metadata and alternate text use); new strings or NULL when missing. */
ov_status ov_svg_title_desc(const char *svg, size_t len, char **title, char **desc, ov_diags *d);

/* The scale at which SZ fits a PW x PH pt page inside MARGIN (at most
 * OV_PAGE_MAX_ZOOM). */
double ov_page_fit_scale(const ov_svg_size *sz, double pw, double ph, double margin);

typedef struct {
    double w, h;             /* the page, pt */
    double margin;           /* pt, on every side */
    double text;             /* size of the margin texts, pt */
    const char *header;      /* top right ("continued from page 1"); NULL: none */
    const char *footer;      /* bottom right ("page 3 of 17"); NULL: none */
    const char *footer_left; /* bottom left; NULL: none */
} ov_page_frame;

/* The SVG as a page of F: width and height the page's, the drawing
 * scaled to fit inside the margins (centred across, from the top), and
 * the margin texts. *out is malloc'd (*outlen bytes). */
ov_status ov_svg_frame(const char *svg, size_t len, const ov_page_frame *f, char **out,
                       size_t *outlen, ov_diags *d);

/* The SVG without the root's style (librsvg would take its "height:auto"
 * as CSS and lose the size), and with link addresses percent-encoded where
 * cairo's link tags cannot take a character (quotes, backslashes, spaces,
 * non-ASCII): the same addresses. FOR_PDF: a group's opacity is moved down
 * onto the parts below it that hold no link (cairo 1.16 crashes on a link
 * drawn inside a see-through group on a PDF page). *out is malloc'd
 * (*outlen bytes). */
ov_status ov_svg_for_paint(const char *svg, size_t len, int for_pdf, char **out,
                           size_t *outlen, ov_diags *d);
/* Same, and (from the same reading) the text of the root's <desc> in
 * *DESC, a new string or NULL when missing, as ov_svg_title_desc gives. */
ov_status ov_svg_for_paint_desc(const char *svg, size_t len, int for_pdf, char **out,
                                size_t *outlen, char **desc, ov_diags *d);

/* How light --highlight draws the rest. */
#define OV_DIM_OPACITY "0.3"

/* The SVG with every element of class "dimmed" (--highlight: not the
 * organisations asked for nor their path to the top) at OV_DIM_OPACITY.
 * *out is malloc'd (*outlen bytes). */
ov_status ov_svg_dim(const char *svg, size_t len, char **out, size_t *outlen, ov_diags *d);

#endif
