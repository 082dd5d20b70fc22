/* Palettes, contrast and fonts. */
#ifndef OV_THEME_H
#define OV_THEME_H

#include "orgviz.h"

#define OV_FONT "Arial" /* measured here with the metric-compatible Liberation Sans */

typedef struct {
    const char *name;       /* "default", "mono" */
    const char *background; /* "#FFFFFF" */
    const char *text;       /* text on the background */
    const char *muted;      /* secondary text on the background */
    const char *edge;       /* hierarchy lines */
    const char *link_colour[OV_REL_COUNT]; /* cross links by kind */
    /* added for the chart; every colour has >= 4.5:1 with `text` */
    const char *panel;        /* light fill of grouping boxes (stacked members) */
    const char *panel_border; /* their outline */
} ov_theme;

/* The theme called NAME (NULL: default), or NULL when there is none. */
const ov_theme *ov_theme_get(const char *name);

/* The fill of an organisation type in theme T: its declared colour (default
 * theme) or a palette colour picked by its position INDEX; in "mono" a
 * grey. Writes "#RRGGBB" into BUF (8 bytes). */
void ov_theme_fill(const ov_theme *t, const ov_type *type, size_t index, char *buf);

/* The text colour (black or white, or a theme's) with the best contrast on
 * FILL; written into BUF (8 bytes). */
void ov_theme_text_on(const char *fill, char *buf);

/* WCAG 2.1 contrast ratio of two "#RRGGBB" colours (1 to 21); 0 if either
 * is malformed. */
double ov_contrast(const char *a, const char *b);

/* WCAG 2.1 relative luminance of "#RRGGBB" (0 to 1); -1 if malformed. */
double ov_luminance(const char *colour);

/* Minimum contrast of a label on its fill (WCAG 2.1 AA, normal text). */
#define OV_MIN_CONTRAST 4.5

/* Adjusts the "#RRGGBB" colour in BUF (8 bytes), darkening or lightening
 * it as little as possible, until ov_theme_text_on picks a text colour
 * with at least OV_MIN_CONTRAST on it. A malformed colour becomes the
 * theme-neutral "#E8EDEE". ov_theme_fill already does this. */
void ov_theme_fix_fill(char *buf);

/* Estimated width in points of text in OV_FONT at SIZE points (bold about
 * 8% wider), from Arial's advance widths; ov_text_width_n measures the
 * first N bytes. Wide scripts and emoji count one em. */
double ov_text_width(const char *s, double size, int bold);
double ov_text_width_n(const char *s, size_t n, double size, int bold);

#endif
