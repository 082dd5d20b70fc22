/* The chart manifest (data/charts.json): which charts `orgviz build`
 * makes, from which data, with which options. Loading checks the shape of
 * the file and every value; it does not open the data files (build_plan.c
 * does, and checks ids such as root and focus against them). */
#ifndef OV_MANIFEST_H
#define OV_MANIFEST_H

#include <stddef.h>

#include "orgviz.h"

/* The format version the loader accepts ("orgviz_charts": 1). */
#define OV_MANIFEST_VERSION 1

/* Caps that keep a broken or hostile manifest from running away. */
#define OV_MANIFEST_MAX_BYTES (16u * 1024u * 1024u)
#define OV_MANIFEST_MAX_NAME 100

typedef enum { OV_KIND_CHART, OV_KIND_TIMELINE } ov_chart_kind;

/* What a date option holds. */
typedef enum {
    OV_WHEN_DEFAULT,        /* not given: the renderer's default */
    OV_WHEN_DATE,           /* a fixed day */
    OV_WHEN_TODAY,          /* "today" (resolved at build time) */
    OV_WHEN_EACH_TRANSITION /* "each-transition" (at only) */
} ov_when;

typedef struct {
    char *name;       /* the file name stem, checked against OV_NAME_PATTERN */
    char *pointer;    /* "/charts/3", for diagnostics */
    ov_chart_kind kind;
    char *data;       /* as written */
    char *data_path;  /* DATA resolved against the manifest's folder */
    char *title;      /* NULL: the renderer's generated title */
    char *theme;      /* NULL: default */
    char *id_prefix;  /* svg ids; NULL: the output's name and "-" */
    char *theme_path; /* a theme file ("*.json") resolved like DATA; NULL: built-in */
    ov_when at_when;  /* chart */
    ov_day at;
    ov_when since_when; /* chart: mark changes since this day */
    ov_day since;
    char *root;       /* chart; NULL: everything */
    int depth;        /* chart; <0: no limit */
    ov_when from_when; /* timeline */
    ov_day from;
    ov_when to_when;
    ov_day to;
    char *focus;      /* timeline; NULL: everything */
    char **types;     /* timeline; NULL: every type */
    size_t ntypes;
    ov_format formats[5]; /* in the order written, no repeats */
    size_t nformats;
    int responsive;   /* svg */
    double dpi;       /* png; 0: the default */
    char *page;       /* "a4", ... (ov_page_parse); NULL: the drawing's own size */
    double min_text;  /* with a page: smallest text, pt; 0: the default */
    char **highlight; /* organisation ids emphasised; NULL: none */
    size_t nhighlight;
    unsigned hide;    /* OV_HIDE_* bits */
    char *note;       /* footnote; NULL: none */
    char *canon;      /* the entry as canonical JSON (sorted keys, compact) */
} ov_manifest_chart;

typedef struct {
    char *path;  /* as given */
    char *title; /* the gallery's title; NULL: a default */
    ov_manifest_chart *charts;
    size_t ncharts;
} ov_manifest;

/* The pattern every chart name must match (documented in data/README.md):
 * lower-case letters, digits, '.', '_' and '-', starting with a letter or
 * a digit, so that a name is always a plain file name inside the output
 * folder. */
#define OV_NAME_PATTERN "^[a-z0-9][a-z0-9._-]*$"

/* 1 when NAME matches OV_NAME_PATTERN and is at most OV_MANIFEST_MAX_NAME
 * bytes long. */
int ov_manifest_name_ok(const char *name);

/* Reads and checks the manifest at PATH. Syntax errors carry line and
 * column; other errors a JSON Pointer; unknown keys are warnings with a
 * "did you mean". Returns OV_OK with *out a new manifest (free with
 * ov_manifest_free), or OV_ERR_DATA / OV_ERR_IO / OV_ERR_MEMORY with *out
 * NULL; the reasons are added to D. */
ov_status ov_manifest_load(const char *path, ov_manifest **out, ov_diags *d);

/* As ov_manifest_load, from memory; PATH names the file in diagnostics
 * and is the base for relative data paths. */
ov_status ov_manifest_load_buffer(const char *path, const char *buf, size_t len,
                                  ov_manifest **out, ov_diags *d);

void ov_manifest_free(ov_manifest *m);

#endif
