/* orgviz build, the library side: every chart of a manifest into one
 * folder, re-rendering only what changed, plus the gallery page; or, in
 * check mode, everything rendered in memory and compared with the folder.
 *
 * Up to date means: the output's stamp (OV_BUILD_STAMP in the output
 * folder) records the same input hash (orgviz version, the data file's
 * bytes, the manifest entry as canonical JSON, the resolved date and the
 * format) and the file on disk still has the bytes it recorded.
 *
 * Never prints: progress goes to an optional callback, everything else
 * into the result. */
#ifndef OV_BUILD_H
#define OV_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "manifest.h"
#include "orgviz.h"

/* The stamp file and the gallery page, inside the output folder. */
#define OV_BUILD_STAMP ".orgviz-build.json"
#define OV_BUILD_GALLERY "index.html"

typedef enum {
    OV_OUT_UNCHANGED, /* build: up to date, not rendered */
    OV_OUT_RENDERED,  /* build: rendered and written (kept when the bytes were equal) */
    OV_OUT_FAILED,    /* not rendered or not written: see diags */
    OV_OUT_CURRENT,   /* check: the folder holds the same bytes */
    OV_OUT_STALE,     /* check: the folder holds other bytes */
    OV_OUT_MISSING,   /* check: the folder does not hold it */
    OV_OUT_EXTRA,     /* in the folder but not produced by the manifest */
    OV_OUT_REMOVED    /* build: an earlier output no longer in the manifest, deleted */
} ov_out_state;

/* One file of the output folder, as the build saw it. */
typedef struct {
    char *file;      /* name inside the output folder, e.g. "hw-2021-04-01.svg" */
    char *chart;     /* manifest chart name; NULL for the gallery and extra files */
    char *pointer;   /* the chart's JSON Pointer in the manifest, or NULL */
    ov_out_state state;
    double seconds;  /* time to render it (0 when not rendered) */
    size_t bytes;    /* its size, when known */
    ov_diags diags;  /* why it failed */
} ov_build_file;

typedef struct {
    ov_build_file *files; /* outputs in manifest order, the gallery, then extras */
    size_t nfiles;
    size_t charts;        /* chart outputs (files of the manifest, not the gallery) */
    size_t rendered, unchanged, failed;        /* chart outputs, build */
    size_t current, stale, missing;            /* chart outputs and gallery, check */
    size_t extra, removed;
    double seconds;       /* wall-clock time of the whole build */
    ov_diags diags;       /* problems not about one output: manifest, data, stamp, gallery */
} ov_build_result;

/* Called after each output that was rendered (or failed): DONE of TOTAL
 * outputs to render so far. F is borrowed for the call. */
typedef void (*ov_build_progress)(void *ctx, size_t done, size_t total, const ov_build_file *f);

typedef struct {
    const char *manifest; /* NULL: "data/charts.json" */
    const char *out_dir;  /* NULL: "out" */
    int check;            /* compare only, write nothing */
    int force;            /* render every output even when up to date */
    int jobs;             /* worker processes; <= 1: render in this process */
    int allow_outside;    /* read data files outside the manifest's folder too */
    ov_build_progress progress;
    void *ctx;
} ov_build_opts;

/* Runs a build (or a check). Fills *R (free with ov_build_result_free,
 * even on failure). Returns OV_OK when every output is up to date
 * afterwards (check: was up to date, and nothing extra); OV_ERR_DATA when
 * the manifest is invalid, a chart failed or (check) the folder differs;
 * OV_ERR_IO when the output folder cannot be made or read; OV_ERR_MEMORY. */
ov_status ov_build(const ov_build_opts *o, ov_build_result *r);

void ov_build_result_free(ov_build_result *r);

/* ---- the gallery page (gallery.c) ---------------------------------- */

typedef struct {
    const char *file; /* inside the output folder */
    ov_format format;
    size_t bytes;
    double width, height; /* SVG viewBox or PNG pixels; 0 when unknown */
} ov_gallery_file;

typedef struct {
    const char *anchor; /* id of the figure: the file name stem */
    ov_day day;         /* series: the day drawn; else OV_DAY_NONE */
    const char *when;   /* series: "the day before the merger"; else NULL */
    const char *desc;   /* generated description: the caption */
    const char *alt;    /* the picture's alt text (its title); NULL: the heading */
    const char *text;   /* the text version, an HTML fragment; NULL: none */
    int failed;         /* no files: the chart could not be made */
    ov_gallery_file files[5];
    size_t nfiles;
} ov_gallery_figure;

typedef struct {
    const char *name;          /* the manifest name */
    const char *heading;       /* section heading */
    int series;                /* each-transition: a stepper over the figures */
    const char *data;          /* the data file as written in the manifest */
    const char *page;          /* the manifest's page ("a4"), or NULL */
    const ov_model *model;     /* its model (title, sources), or NULL */
    const ov_gallery_figure *figures;
    size_t nfigures;
} ov_gallery_entry;

/* The gallery page: one self-contained HTML5 document (inline CSS and
 * JS, no external requests) listing ENTRIES. Deterministic. Returns a new
 * string of *LEN bytes (free with free()), or NULL when out of memory. */
char *ov_gallery_html(const char *title, const ov_gallery_entry *entries, size_t n,
                      size_t *len);

#endif
