/* Importers: other formats -> an orgviz document (a jansson object built
 * with docwrite.h), and export of a model to spreadsheets. Each reads its
 * own files, never prints, and reports problems in D with the place in the
 * input (FILE:ROW:COLUMN for CSV, FILE plus a JSON Pointer for ODS). */
#ifndef OV_IMPORT_H
#define OV_IMPORT_H

#include <jansson.h>

#include "orgviz.h"

/* ---- ODS ORD API responses (import_ods.c) ----------------------------- */

typedef struct {
    const char *types_file; /* --types: role/relationship table overrides, or NULL */
    int stubs;              /* --stubs: keep targets not in the input as stubs */
} ov_ods_opts;

/* Reads the NFILES files (each one /ORD/2-0-0/organisations/CODE response)
 * and builds one document: organisations, relationships and transitions
 * (see data/README.md, "Importing from ODS"). On OV_OK *out is a new
 * document (json_decref) that validates; otherwise *out is NULL and D says
 * why (OV_ERR_IO, OV_ERR_DATA, OV_ERR_MEMORY). Warnings (targets not in the
 * input, roles not in the table) do not stop the import. */
ov_status ov_import_ods(const char *const *files, size_t nfiles, const ov_ods_opts *opts,
                        json_t **out, ov_diags *d);

/* ---- spreadsheets (import_csv.c, export_csv.c) ------------------------- */

/* Reads the NFILES CSV files, each recognised by its header row
 * (organisations, relationships, transitions, types, sources, history), into one
 * document with TITLE (may be NULL). Problems are reported as
 * FILE:ROW:COLUMN, including the validator's, which are traced back to the
 * row and column they came from. On OV_OK *out is a new document
 * (json_decref) that validates; otherwise *out is NULL. */
ov_status ov_import_csv(const char *const *files, size_t nfiles, const char *title, json_t **out,
                        ov_diags *d);

/* Writes M as organisations.csv, relationships.csv and transitions.csv
 * (and types.csv, sources.csv and history.csv when M has types, sources
 * or organisations with earlier states) into the
 * folder DIR (made when missing), each atomically, in UTF-8 with a
 * byte-order mark and CRLF line ends as spreadsheets expect. Importing
 * them gives back every organisation (with its history), relationship,
 * transition, type and source of M. Returns OV_OK, OV_ERR_IO or OV_ERR_MEMORY. */
ov_status ov_export_csv(const ov_model *m, const char *dir, ov_diags *d);

#endif
