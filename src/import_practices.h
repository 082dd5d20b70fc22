/* `orgviz import practices`: NHS Digital's "GP registered patients:
 * practice mapping" lookup (gp-reg-pat-prac-map) -> an orgviz document
 * region -> ICB -> sub-ICB location -> PCN -> practice, or a later snapshot
 * merged into an existing document as dated history. What it produces and
 * how a merge treats each change is documented in data/README.md ("Importing
 * the GP practice mapping"). */
#ifndef OV_IMPORT_PRACTICES_H
#define OV_IMPORT_PRACTICES_H

#include <jansson.h>

#include "orgviz.h"

/* The part of the lookup to import. */
typedef enum {
    OV_PRAC_ALL,    /* every row */
    OV_PRAC_REGION, /* rows whose NHSER_CODE is code */
    OV_PRAC_ICB,    /* rows whose ICB_CODE is code */
    OV_PRAC_SUBICB  /* rows whose LOC_CODE is code */
} ov_prac_area;

typedef struct {
    ov_prac_area area;
    const char *code; /* the area's code; unused for OV_PRAC_ALL */
    ov_day as_at;     /* the snapshot's date (required) */
} ov_prac_opts;

/* Reads the lookup CSV and builds a new document of the area. On success
 * *OUT is a new reference (json_decref). Returns OV_OK, OV_ERR_IO (the file
 * cannot be read), OV_ERR_DATA (a needed column is missing, a row is
 * broken, no row is in the area: diagnostics say where) or OV_ERR_MEMORY. */
ov_status ov_practices_import(const char *csv, const ov_prac_opts *o, json_t **out, ov_diags *d);

/* Reads the lookup CSV and merges it into DOC (a document read with
 * ov_doc_read), changing only the organisations and links the lookup
 * describes: a practice that moved PCN, one that has gone and one that is
 * new get dated links and notes (see data/README.md). Returns as
 * ov_practices_import. DOC is left as it was when the lookup cannot be
 * read (any status but OV_ERR_MEMORY); after OV_ERR_MEMORY it may be half
 * changed, so do not write it. */
ov_status ov_practices_merge(const char *csv, const ov_prac_opts *o, json_t *doc, ov_diags *d);

/* Reads the orgviz document PATH as JSON (members kept in their order) for
 * a merge. *OUT is a new reference. Returns OV_OK, OV_ERR_IO, OV_ERR_DATA
 * (not JSON, or not an object with "orgviz": FILE:LINE:COLUMN) or
 * OV_ERR_MEMORY. */
ov_status ov_doc_read(const char *path, json_t **out, ov_diags *d);

#endif
