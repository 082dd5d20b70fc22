/* Names the build's stage files share (build_plan.c: manifest to items
 * and outputs; build_stamp.c: input hashes and the stamp; build_jobs.c:
 * rendering, in this process or in workers; build.c: the gallery, extras
 * and ov_build). Internal to the build. */
#ifndef OV_BUILD_INT_H
#define OV_BUILD_INT_H

#include "build.h"
#include "gv.h"
#include "util.h"

#define DEFAULT_MANIFEST "data/charts.json"
#define DEFAULT_OUT_DIR "out"
/* Outputs larger than this are refused when read back (a PNG of a
 * national chart is a few MiB). */
#define MAX_OUTPUT_BYTES ((size_t)512 << 20)
#define MAX_JOBS 64

typedef struct {
    char *path;      /* resolved path of the data file */
    ov_model *model; /* NULL when it could not be loaded or is invalid */
    ov_diags diags;  /* why not */
    uint64_t hash;   /* of the file's bytes */
} bld_data;

typedef struct {
    size_t chart;   /* index into the manifest's charts */
    size_t data;    /* index into plan.data */
    ov_day day;     /* chart: the day drawn; timeline: OV_DAY_NONE */
    ov_day today;   /* the resolved "today" when the output depends on it */
    ov_day since;   /* chart: changes marked since this day; OV_DAY_NONE: none */
    char *stem;     /* file name without the extension */
    char *when;     /* each-transition: what the day is ("the day of the merger") */
    char *desc;     /* generated description (the caption) */
    char *alt;      /* the picture's alt text: its title */
    char *text;     /* the text version (HTML fragment) */
    ov_diags diags; /* plan errors: an unknown root, focus or type */
    int failed;
} bld_item;

typedef struct {
    size_t item;
    ov_format format;
    char *file;      /* inside the output folder */
    char *path;      /* out_dir/file */
    uint64_t inputs; /* input hash */
    ov_out_state state;
    double seconds;
    size_t bytes;
    uint64_t hash; /* of the output's bytes */
    double width, height;
    ov_diags diags;
} bld_out;

typedef struct {
    const ov_build_opts *o;
    const char *out_dir;
    ov_manifest *man;
    bld_data *data;
    size_t ndata;
    bld_item *items;
    size_t nitems;
    size_t capitems;
    bld_out *outs;
    size_t nouts;
    json_t *stamp; /* the previous stamp's "outputs" object, or NULL */
    ov_day today;
    ov_diags *d; /* the result's general diagnostics */
    int oom;
} bld_plan;

/* ---- build_plan.c ---- */

/* Turns manifest chart CI into items. */
void bld_plan_chart(bld_plan *P, size_t ci);
/* Every output of every item; two charts that would write the same file
 * are a manifest error. */
int bld_plan_outputs(bld_plan *P);
void bld_plan_free(bld_plan *P);
/* What item IT of chart C draws, the same for its caption, its text
 * version and its pictures. */
ov_chart_opts bld_chart_opts(const bld_item *it, const ov_manifest_chart *c);
ov_timeline_opts bld_timeline_opts(const bld_plan *P, const ov_manifest_chart *c);
/* ---- build_stamp.c ---- */

uint64_t bld_inputs_hash(const bld_plan *P, const bld_out *o);
void bld_stamp_read(bld_plan *P);
/* 1 when the stamp records INPUTS for FILE and the bytes hash *BYTES. */
int bld_stamp_lookup(const bld_plan *P, const char *file, uint64_t inputs, uint64_t *bytes);
void bld_stamp_write(bld_plan *P);
/* ---- build_jobs.c ---- */

/* Decides what is up to date (build mode), then renders the rest. */
void bld_render_all(bld_plan *P);
/* ---- build.c ---- */

double bld_now(void);
void bld_diags_copy(ov_diags *dst, const ov_diags *src);
/* Reads the file at PATH. Returns 0 with a new buffer (free with free()),
 * 1 when it does not exist, -1 with a diagnostic on any other error. */
int bld_read_existing(const char *path, char **out, size_t *len, ov_diags *d);
/* Notes the size, the hash (HASH, of the bytes) and, for a picture, the
 * dimensions of O's bytes BUF. */
void bld_note_bytes(bld_out *o, const char *buf, size_t len, uint64_t hash);

#endif
