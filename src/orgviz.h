/* orgviz: the library's public API.
 *
 * Pipeline: load JSON -> model -> validate -> build a graph (chart or
 * timeline) -> lay out and render with Graphviz -> finish the SVG -> write.
 *
 * Ownership: a function that returns a pointer says who frees it. The
 * library never prints and never exits: it returns a status (ov_status) and
 * adds diagnostics to an ov_diags list that the caller owns.
 */
#ifndef ORGVIZ_H
#define ORGVIZ_H

#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "diag.h"

/* Exit codes of the command line, and statuses of the library. */
typedef enum {
    OV_OK = 0,          /* success (and: data valid) */
    OV_ERR_DATA = 1,    /* the data is invalid, or a chart failed */
    OV_ERR_USAGE = 2,   /* bad command line */
    OV_ERR_IO = 3,      /* a file cannot be read or written */
    OV_ERR_RENDER = 4,  /* Graphviz failed to lay out or render */
    OV_ERR_MEMORY = 5   /* out of memory */
} ov_status;

/* "no index": an unresolved reference. */
#define OV_NONE ((size_t)-1)

/* Limits that protect against hostile or broken input (documented in
 * data/README.md). */
#define OV_MAX_FILE_BYTES (256u * 1024u * 1024u) /* 256 MiB */
#define OV_MAX_DEPTH 32                          /* nesting of [ and { */

typedef struct {
    char *key;
    char *value;
} ov_code;

typedef struct {
    char *key;
    int is_number; /* 1: number holds the value; 0: text does */
    double number;
    char *text;
} ov_fact;

typedef struct {
    char *key;    /* e.g. "ccg" */
    char *label;  /* e.g. "Clinical Commissioning Group"; NULL if missing */
    char *colour; /* "#RRGGBB" as written, or NULL */
} ov_type;

typedef struct {
    char *id;
    char *title;
    char *url;
} ov_source;

/* An earlier state of an organisation (its "history"): what was different
 * up to and including UNTIL. A member left out (NULL, or HAS_FACTS 0) is as
 * in the next later state. */
typedef struct {
    ov_day until;     /* last day of this state; OV_DAY_NONE when invalid */
    char *name;       /* NULL: as later */
    char *short_name; /* NULL: as later */
    char *type_key;   /* NULL: as later */
    size_t type;      /* index into model->types, OV_NONE if undeclared */
    ov_fact *facts;
    size_t nfacts;
    int has_facts;
} ov_org_state;

typedef struct {
    char *id;         /* NULL when missing or not a string */
    char *name;       /* NULL when missing */
    char *short_name; /* optional */
    char *type_key;   /* as written; NULL when missing */
    size_t type;      /* index into model->types, OV_NONE if undeclared */
    ov_code *codes;
    size_t ncodes;
    ov_day start; /* OV_DAY_NONE when not given (or invalid) */
    int start_written; /* "start" is in the file, even if not a valid date */
    ov_day end;   /* last day it existed, inclusive; OV_DAY_NONE if open */
    char *url;
    ov_fact *facts;
    size_t nfacts;
    char *note;
    char **source_ids;
    size_t nsources;
    ov_org_state *history; /* earlier states, in the order written */
    size_t nhistory;
} ov_org;

typedef enum {
    OV_REL_PART_OF,
    OV_REL_MEMBER_OF,
    OV_REL_ACCOUNTABLE_TO,
    OV_REL_COMMISSIONS,
    OV_REL_PARTNER_OF,
    OV_REL_DELEGATES_TO,
    OV_REL_COUNT,
    OV_REL_INVALID = -1
} ov_rel_kind;

typedef struct {
    ov_rel_kind kind;
    char *from_id;
    char *to_id;
    size_t from; /* index into model->orgs, OV_NONE if unresolved */
    size_t to;
    ov_day start; /* OV_DAY_NONE when not given */
    ov_day end;
    char *label;
} ov_rel;

typedef enum {
    OV_TR_MERGER,
    OV_TR_SPLIT,
    OV_TR_SUCCESSION,
    OV_TR_TRANSFER,
    OV_TR_ABSORPTION,
    OV_TR_ESTABLISHMENT,
    OV_TR_ABOLITION,
    OV_TR_COUNT,
    OV_TR_INVALID = -1
} ov_tr_kind;

typedef struct {
    ov_tr_kind kind;
    char *id; /* optional */
    ov_day date;
    char **from_ids;
    size_t *from; /* resolved, OV_NONE when unknown */
    size_t nfrom;
    char **to_ids;
    size_t *to;
    size_t nto;
    char *label;
    char *note;
    char **source_ids;
    size_t nsources;
} ov_transition;

typedef struct ov_index ov_index; /* id -> org index hash table */
typedef struct ov_arena ov_arena; /* owns every string of a model */

typedef struct {
    char *path;  /* the file it came from, as given */
    int version; /* the "orgviz" member; 0 when missing */
    char *title;
    ov_source *sources;
    size_t nsources;
    ov_type *types;
    size_t ntypes;
    ov_org *orgs;
    size_t norgs;
    ov_rel *rels;
    size_t nrels;
    ov_transition *trans;
    size_t ntrans;
    unsigned allow; /* "allow": warning kinds not reported (ov_warning_kind_bit) */
    ov_index *index;
    ov_arena *strings;
} ov_model;

/* ---- loading and validation ------------------------------------------ */

/* Parses LEN bytes of BUF (NAME is used in diagnostics). On OV_OK, or
 * OV_ERR_DATA with shape errors, *out is a new model (free with
 * ov_model_free) as complete as the input allowed, so that ov_validate can
 * report every other problem too; on a syntax error *out is NULL.
 * Diagnostics are added to D. */
ov_status ov_load_buffer(const char *name, const char *buf, size_t len, ov_model **out,
                         ov_diags *d);

/* Checks every rule over a loaded model and adds diagnostics to D.
 * Returns the number of errors added. */
size_t ov_validate(const ov_model *m, ov_diags *d);

/* Load and validate in one step; warnings of the kinds the file's "allow"
 * lists are left out. Returns OV_OK when the file is valid
 * (warnings allowed), OV_ERR_DATA or OV_ERR_IO otherwise. *out is the model
 * only when OV_OK is returned (free with ov_model_free), else NULL. */
ov_status ov_open(const char *path, ov_model **out, ov_diags *d);

/* ov_open for a file already in memory; NAME is used in diagnostics. */
ov_status ov_open_buffer(const char *name, const char *buf, size_t len, ov_model **out,
                         ov_diags *d);

void ov_model_free(ov_model *m);

/* What an orgviz-related JSON file holds (see ov_json_sniff). */
typedef enum { OV_DOC_DATA, OV_DOC_MANIFEST, OV_DOC_SCHEMA } ov_doc_kind;

/* `orgviz validate` of one file, as what it holds (*KIND): a data file
 * is loaded and validated (as ov_open), a chart manifest is checked as
 * one (ov_manifest_load), and a JSON Schema is not checked at all (it is
 * no data). Returns OV_OK, OV_ERR_DATA, OV_ERR_IO or OV_ERR_MEMORY. */
ov_status ov_validate_file(const char *path, ov_doc_kind *kind, ov_diags *d);

/* ---- model queries (model.c) ------------------------------------------ */

/* Index of the organisation with this id, or OV_NONE. */
size_t ov_model_find(const ov_model *m, const char *id);
/* Index of the source with this id, or OV_NONE. */
size_t ov_model_find_source(const ov_model *m, const char *id);

/* "did you mean" (ov_suggest's rules): the organisation id, or the type
 * key, nearest to a mistyped one, or NULL (borrowed). The scan is linear. */
const char *ov_model_suggest_id(const ov_model *m, const char *id);
const char *ov_model_suggest_type(const ov_model *m, const char *key);

/* 1 when the organisation exists on day D (start <= D <= end; an open
 * start or end is unbounded). */
int ov_org_exists_at(const ov_org *o, ov_day d);

/* 1 when the relationship and both its organisations are in force on D. */
int ov_rel_active_at(const ov_model *m, const ov_rel *r, ov_day d);

/* 1 for part_of, member_of, accountable_to. */
int ov_rel_is_hierarchical(ov_rel_kind k);

/* Names as written in JSON ("part_of", "merger"), and parsers; the parsers
 * return OV_REL_INVALID / OV_TR_INVALID for unknown names. Returned
 * strings are static. */
extern const char *const ov_rel_kind_names[OV_REL_COUNT];
extern const char *const ov_tr_kind_names[OV_TR_COUNT];
const char *ov_rel_kind_name(ov_rel_kind k);
ov_rel_kind ov_rel_kind_parse(const char *s);
const char *ov_tr_kind_name(ov_tr_kind k);
ov_tr_kind ov_tr_kind_parse(const char *s);

/* The type label of an organisation ("Clinical Commissioning Group"), its
 * key when it has no label, or "" (borrowed). */
const char *ov_org_type_label(const ov_model *m, const ov_org *o);

/* An organisation as it was on one day: its own members, or those of the
 * earliest history state whose UNTIL is on or after that day (member by
 * member). Pointers are borrowed from the model. */
typedef struct {
    const char *name;
    const char *short_name;
    const char *type_key;
    size_t type;
    const ov_fact *facts;
    size_t nfacts;
} ov_org_view;
void ov_org_at(const ov_org *o, ov_day d, ov_org_view *v);

/* The value of code KEY ("ods") or NULL (borrowed). */
const char *ov_org_code(const ov_org *o, const char *key);

/* The display name: short_name when SHORT and present, else name, else id
 * (borrowed). The current (last) one: for timelines and lists across time. */
const char *ov_org_display_name(const ov_org *o, int shortp);

/* The display name as it was on day D (its history, see ov_org_at): what
 * a chart of D shows in its boxes, tooltips, description and text version.
 * D OV_DAY_NONE: the current name, as ov_org_display_name. Borrowed. */
const char *ov_org_name_at(const ov_org *o, ov_day d, int shortp);

/* ---- rendering ---------------------------------------------------------- */

/* HTML is the text version: a fragment of tables that says what the
 * picture shows (textversion.c), made without Graphviz. */
typedef enum { OV_FMT_SVG, OV_FMT_PNG, OV_FMT_PDF, OV_FMT_DOT, OV_FMT_HTML } ov_format;

/* Parses "svg", "png", "pdf", "dot", "html"; returns -1 for anything else. */
int ov_format_parse(const char *s);
/* A file name's extension ("svg", "PNG") as a format, or -1. */
int ov_format_parse_ext(const char *ext);
const char *ov_format_ext(ov_format f); /* "svg", ... (static) */

/* What every renderer is given besides its own options; a renderer given
 * NULL uses OV_RENDER_DEFAULTS (SVG, default theme, generated title). */
typedef struct {
    ov_format format;
    int responsive;    /* svg: drop width/height, keep viewBox */
    double dpi;        /* png: dots per inch (0: default 144) */
    const char *theme; /* "default" or "mono"; NULL: default */
    const char *title; /* overrides the generated title; NULL: none */
    const char *page;  /* "a4", "a4-landscape", "slide", ... (ov_page_parse);
                          NULL: the drawing's own size */
    double min_text;   /* with a page: the smallest text, pt (0: 6) */
    unsigned hide;     /* OV_HIDE_* bits: parts left out */
    const char *note;  /* a footnote under the drawing; NULL: none */
    const char *const *highlight; /* organisations emphasised (ids); the rest lighter */
    size_t nhighlight;
    const struct ov_theme *custom_theme; /* a theme file's (ov_theme_load); NULL: theme */
    /* svg: put before every id, so that several charts inlined in one page
     * have no id in common; NULL: derived from the chart (its title and
     * description), "": none. Check with ov_svg_prefix_ok (svg.h). */
    const char *id_prefix;
} ov_render_opts;
#define OV_RENDER_DEFAULTS {.format = OV_FMT_SVG}

/* What --hide leaves out. */
#define OV_HIDE_CODES 1u   /* codes on the boxes */
#define OV_HIDE_FACTS 2u   /* facts (population, budget) on the boxes */
#define OV_HIDE_KEY 4u     /* the key */
#define OV_HIDE_SOURCES 8u /* the source line */

/* Parses "codes", "facts", "key" or "sources" into *BITS (or'ed in);
 * returns 0, or -1 for another word. */
int ov_hide_parse(const char *word, unsigned *bits);

typedef struct ov_gv ov_gv; /* one Graphviz context (gv.h) */

/* "continued on page N": an organisation whose hidden part is drawn on
 * another page of a PDF. */
typedef struct {
    const char *id;
    int page;
} ov_page_ref;

typedef struct {
    ov_day at;          /* the day drawn */
    const char *root;   /* organisation id or NULL for everything */
    int depth;          /* levels below the root(s); <0: no limit */
    ov_day since;       /* mark what changed since this earlier day;
                           OV_DAY_NONE (the default): no marks */
    const ov_page_ref *page_refs; /* cut boxes say "page N"; NULL: none */
    size_t npage_refs;
} ov_chart_opts;

/* Renders the structure on opts->at. On OV_OK *out is a malloc'd buffer of
 * *len bytes (free with free()). On failure *out is NULL and D says why:
 * OV_ERR_DATA for a bad option (unknown root, nothing exists on that day),
 * OV_ERR_RENDER when Graphviz failed. */
ov_status ov_chart_render(ov_gv *gv, const ov_model *m, const ov_chart_opts *opts,
                          const ov_render_opts *ro, char **out, size_t *len, ov_diags *d);

typedef struct {
    ov_day from;         /* OV_DAY_NONE: the earliest date in the data */
    ov_day to;           /* OV_DAY_NONE: later of today and the last date */
    const char *focus;   /* organisation id or NULL */
    const char **types;  /* type keys to show, in lane-group order */
    size_t ntypes;       /* 0: every type, in one group */
    const unsigned char *only; /* per organisation of the model: 0 leaves it out
                                  (a page of lanes); NULL: no such limit */
} ov_timeline_opts;

/* The most organisations one timeline draws (one bar each): more cannot
 * be read, and the layout's time and memory grow with them (100,000 took
 * 33 s and 3.8 GB). Checked after the selection, before any layout. */
#define OV_TIMELINE_MAX_ORGS 5000

/* Renders the timeline; ownership and statuses as ov_chart_render (a
 * selection of more than OV_TIMELINE_MAX_ORGS organisations is
 * OV_ERR_DATA, with a message). */
ov_status ov_timeline_render(ov_gv *gv, const ov_model *m, const ov_timeline_opts *opts,
                             const ov_render_opts *ro, char **out, size_t *len,
                             ov_diags *d);

/* The plain-English summary used as the SVG <desc> (and alt text), new
 * string (free with free()). */
char *ov_chart_describe(const ov_model *m, const ov_chart_opts *opts);
char *ov_timeline_describe(const ov_model *m, const ov_timeline_opts *opts);

/* Two lines naming the versions of Graphviz, jansson, libxml2, librsvg
 * and cairo that orgviz was built with and that it runs with now (a new
 * string: free with free(); NULL when out of memory). */
char *ov_versions(void);

/* The text version (what -T html writes) under the heading TITLE (NULL:
 * the file's title): a new string (free with free()), NULL when out of
 * memory. */
char *ov_chart_text_html(const ov_model *m, const ov_chart_opts *opts, const char *title);
char *ov_timeline_text_html(const ov_model *m, const ov_timeline_opts *opts, const char *title);

#endif
