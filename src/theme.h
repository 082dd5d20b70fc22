/* Palettes, contrast and fonts. */
#ifndef OV_THEME_H
#define OV_THEME_H

#include "orgviz.h"

#define OV_FONT "Arial" /* measured here with the metric-compatible Liberation Sans */

/* A type's fill from a theme file. */
typedef struct {
    char *key;  /* type key, "ccg" */
    char fill[8]; /* "#RRGGBB", adjusted for contrast */
} ov_theme_type;

typedef struct ov_theme {
    const char *name;       /* "default", "mono", or the theme file's path */
    const char *font;       /* font family of every text */
    const char *background; /* "#FFFFFF" */
    const char *text;       /* text on the background */
    const char *muted;      /* secondary text on the background */
    const char *edge;       /* hierarchy lines */
    const char *link_colour[OV_REL_COUNT]; /* cross links by kind */
    /* added for the chart; every colour has >= 4.5:1 with `text` */
    const char *panel;        /* light fill of grouping boxes (stacked members) */
    const char *panel_border; /* their outline */
    const ov_theme_type *types; /* a theme file's fills by type key */
    size_t ntypes;
} ov_theme;

/* The theme RO asks for: its theme file's (ro->custom_theme) or the
 * built-in one called ro->theme; NULL for an unknown name. */
const ov_theme *ov_theme_for(const ov_render_opts *ro);

/* Loads a theme file ({"orgviz_theme": 1, "base": "default"|"mono",
 * "font": "...", "types": {"ccg": {"fill": "#RRGGBB"}}}; its JSON Schema
 * is data/theme.schema.json). A fill on which neither black nor white
 * text reaches 4.5:1 is adjusted, with a warning naming it. Returns
 * OV_OK with *out (free with ov_theme_free), OV_ERR_IO or OV_ERR_DATA
 * with diagnostics. */
ov_status ov_theme_load(const char *path, ov_theme **out, ov_diags *d);
void ov_theme_free(ov_theme *t);

/* The theme called NAME (NULL: default), or NULL when there is none. */
const ov_theme *ov_theme_get(const char *name);

/* The fill of an organisation type in theme T: its declared colour (default
 * theme) or a palette colour picked by its position INDEX; in "mono" a
 * grey. Writes "#RRGGBB" into BUF (8 bytes). */
void ov_theme_fill(const ov_theme *t, const ov_type *type, size_t index, char *buf);

/* Mono greys run from this CIE lightness (the top of the hierarchy) to
 * that (the bottom): evenly spaced, so neighbours stay apart. */
#define OV_MONO_DARKEST 22.0
#define OV_MONO_LIGHTEST 94.0

/* ov_theme_fill, but in "mono" the grey of RANK among NRANKS (0: the
 * darkest, for the top of the hierarchy). */
void ov_theme_fill_ranked(const ov_theme *t, const ov_type *type, size_t index, size_t rank,
                          size_t nranks, char *buf);

/* The level of each type in M's hierarchy (m->ntypes + 1 entries, the last
 * for organisations of no declared type): 0 for types that are part of,
 * member of or accountable to no other, else one more than the deepest
 * type above them. Returns 0. */
int ov_type_levels(const ov_model *m, size_t *level);

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

#endif
