/* Charts and timelines on paper: page sizes, fitting, and charts cut
 * into several pages. */
#ifndef OV_PAGES_H
#define OV_PAGES_H

#include "orgviz.h"

/* Most pages one chart is cut into. */
#define OV_MAX_PAGES 500
/* Default smallest text on a page, pt. */
#define OV_MIN_TEXT 6.0
/* Margin on every side of a page, pt (10 mm). */
#define OV_PAGE_MARGIN 28.35

typedef struct {
    double w, h;     /* portrait (w <= h), pt; slide is landscape */
    int orientation; /* 0 auto, 1 portrait, 2 landscape */
} ov_page_spec;

/* Parses "a4", "a4-portrait", "a4-landscape", "a3", "a5", "letter",
 * "legal", "slide" (each with -portrait, -landscape or -auto; bare
 * names mean auto, except slide, which is landscape). Returns 0, or -1
 * for an unknown name. */
int ov_page_parse(const char *s, ov_page_spec *out);

/* PAGE ("a4-landscape") as people write it ("A4 landscape") into BUF. */
void ov_page_label(const char *page, char *buf, size_t n);

/* The names ov_page_parse knows, for messages: "a3, a4, ..." (static). */
const char *ov_page_names(void);

#endif
