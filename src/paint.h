/* PNG and PDF made from the finished SVG, through librsvg and cairo (and
 * qpdf for the parts of a tagged PDF that cairo 1.16 cannot write). */
#ifndef OV_PAINT_H
#define OV_PAINT_H

#include <stddef.h>

#include "orgviz.h"

/* Largest bitmap orgviz draws: cairo's image surfaces stop at 32,767
 * pixels a side, and 100 million pixels take 400 MB. */
#define OV_PNG_MAX_SIDE 32767.0
#define OV_PNG_MAX_PIXELS 1e8

/* Largest side of a PDF page, pt: 200 inches, what viewers open. */
#define OV_PDF_MAX_SIDE 14400.0

/* Draws SVG (LEN bytes, with width and height in pt) as a PNG at DPI dots
 * per inch (0: 144) on white, with a pHYs chunk saying DPI. When the
 * bitmap would be larger than the limits above, DPI is lowered to fit and
 * a warning says so. On OV_OK *out is malloc'd (*outlen bytes; free with
 * free()); otherwise OV_ERR_RENDER or OV_ERR_MEMORY with a diagnostic. */
ov_status ov_paint_png(const char *svg, size_t len, double dpi, char **out, size_t *outlen,
                       ov_diags *d);

/* A PDF being made, one page per SVG. */
typedef struct ov_pdf ov_pdf;

/* Starts a PDF whose Title is TITLE and Subject SUBJECT (both copied, may
 * be NULL), Creator "orgviz", language en-GB, and whose creation date is
 * $SOURCE_DATE_EPOCH (or 1 January 1970) in UTC. NULL when out of
 * memory. Free with ov_pdf_free (after ov_pdf_finish too). */
ov_pdf *ov_pdf_new(const char *title, const char *subject);
/* Same, with the Title and Subject of SVG (its root's <title> and
 * <desc>), in *OUT. OV_OK, else a status and a diagnostic. */
ov_status ov_pdf_new_svg(const char *svg, size_t len, ov_pdf **out, ov_diags *d);
void ov_pdf_free(ov_pdf *p);

/* Adds a page the size of SVG (its width and height in pt; scaled down to
 * OV_PDF_MAX_SIDE, with a warning, when larger), tagged as a
 * Figure whose alternate text is the SVG's <desc> (none without one). The
 * SVG's links become link annotations. Returns OV_OK or OV_ERR_RENDER /
 * OV_ERR_MEMORY with a diagnostic. */
ov_status ov_pdf_page(ov_pdf *p, const char *svg, size_t len, ov_diags *d);

/* Ends the document: *out (malloc'd, *outlen bytes) is the PDF. */
ov_status ov_pdf_finish(ov_pdf *p, char **out, size_t *outlen, ov_diags *d);

/* Pixels per metre for DPI, as a pHYs chunk says it (rounded). */
unsigned long ov_png_ppm(double dpi);

#endif
