/* import ods, inside: the records read, the successor links, and the
 * helpers import_ods.c (records, relationships, the document) and
 * import_ods_succ.c (successions -> transitions) share. Not for other
 * modules. */
#ifndef OV_IMPORT_ODS_INT_H
#define OV_IMPORT_ODS_INT_H

#include <jansson.h>

#include "import.h"
#include "util.h"

#define ODS_SOURCE "ods" /* the id of the document's one source */

typedef struct {
    char *code;
    char *name;
    char *type;
    const char *file;
    ov_day start;
    ov_day end;
    char *url;
    char *postcode;
    int active;
    int refonly;
    int stub;
    ov_buf note;
    json_t *rec; /* the Organisation object (borrowed from roots) */
} ods_org;

typedef struct {
    char *pred;
    char *succ;
    ov_day date;
    int on_pred; /* recorded on the predecessor's record */
    int on_succ;
    int used;
} ods_link;

/* A warning said once per code, with how often it applied. */
typedef struct {
    char *code;
    const char *file;
    char ptr[256];
    char *org;
    size_t count;
} ods_missing;

typedef struct {
    const ov_ods_opts *opts;
    ov_diags *d;
    json_t *overrides; /* --types file, or NULL */
    json_t **roots;
    size_t nroots;
    ods_org *orgs;
    size_t norgs;
    ods_link *links;
    size_t nlinks;
    ods_missing *missing;
    size_t nmissing;
    ods_missing *roles; /* roles not in the table */
    size_t nroles;
    json_t *doc;
    int oom;
} ods_ctx;

/* ---- helpers (import_ods.c) ---- */

/* ODS writes a list of one as the object itself: the number of items of
 * list V (an array, an object, or nothing) and item I, borrowed. */
size_t ods_n_items(const json_t *v);
json_t *ods_item(json_t *v, size_t i);

/* The JSON Pointer of item I of LIST under BASE, into OUT (N bytes). */
void ods_item_ptr(char *out, size_t n, const char *base, const json_t *list, size_t i);

/* Member B of member A of O; the text of member KEY of O; the code of a
 * Rel's or Succ's Target. Borrowed; NULL when absent. */
json_t *ods_path2(json_t *o, const char *a, const char *b);
const char *ods_str(json_t *o, const char *key);
const char *ods_target_code(json_t *entry);

/* ARR (N items of SIZE bytes) with room for one more: the same or a
 * reallocated array; NULL (and c->oom) when out of memory. */
void *ods_grow(ods_ctx *c, void *arr, size_t n, size_t size);

/* The Legal period of DATES (a Date list), else the Operational one;
 * OV_DAY_NONE for a date not given. */
void ods_period(ods_ctx *c, const char *file, const char *base, json_t *dates, ov_day *start,
                ov_day *end);

/* The organisation with CODE (borrowed; moves when one is added), or NULL. */
ods_org *ods_find(ods_ctx *c, const char *code);

/* A stub for CODE, which the input only names (with --stubs); borrowed. */
ods_org *ods_add_stub(ods_ctx *c, const char *code, json_t *target, const char *file,
                      const char *ptr);

/* Appends the sentence TEXT to O's note. */
void ods_add_note(ods_org *o, const char *text);

/* ---- successions (import_ods_succ.c) ---- */

/* The Succs of record OI: links, stubs for the other ends (--stubs), or a
 * warning for each link left out. */
void ods_read_succs(ods_ctx *c, size_t oi);

/* Leaves out, with a warning, the links whose successor ODS says started
 * after the change: the change cannot have created it. */
void ods_drop_late_links(ods_ctx *c);

/* A predecessor ends the day before its successor takes over, whatever its
 * Status says (a warning and a note when ODS gives another end). */
void ods_end_predecessors(ods_ctx *c);

/* The links as transitions of c->doc. */
void ods_emit_transitions(ods_ctx *c);

#endif
