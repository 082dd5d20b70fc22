/* Writing orgviz documents: what the importers (and export) produce.
 *
 * A document is built as a jansson object so that an importer that merges
 * into an existing file (`import practices --into`) keeps every member it
 * does not own, in the order it was written. Members are kept in insertion
 * order; new documents get the order of the bundled datasets. */
#ifndef OV_DOCWRITE_H
#define OV_DOCWRITE_H

#include <jansson.h>

#include "orgviz.h"

/* A new, empty document: {"$schema", "orgviz": 1, "title", "sources": [],
 * "types": {}, "organisations": [], "relationships": [], "transitions": []}.
 * TITLE may be NULL (no title member). New reference (json_decref); NULL
 * when out of memory. */
json_t *ov_doc_new(const char *title);

/* The list (array) or object member NAME of DOC, created (empty, at the
 * end) when missing. Borrowed reference; NULL when out of memory or when
 * NAME holds another kind of value. */
json_t *ov_doc_list(json_t *doc, const char *name);
json_t *ov_doc_object(json_t *doc, const char *name);

/* Appends a new organisation {"id", "name", "type"} to DOC's
 * "organisations" and returns it (borrowed) for further members; NULL when
 * out of memory. */
json_t *ov_doc_add_org(json_t *doc, const char *id, const char *name, const char *type);

/* Appends a relationship {"type", "from", "to"} and returns it (borrowed). */
json_t *ov_doc_add_rel(json_t *doc, const char *type, const char *from, const char *to);

/* Declares type KEY with LABEL (and COLOUR "#RRGGBB" when not NULL) under
 * "types" unless it is there already. Returns 0, or -1 when out of memory. */
int ov_doc_add_type(json_t *doc, const char *key, const char *label, const char *colour);

/* Appends a source {"id", "title"} (and "url" when not NULL) unless a
 * source with that id is there already; returns it (borrowed), or NULL
 * when out of memory. */
json_t *ov_doc_add_source(json_t *doc, const char *id, const char *title, const char *url);

/* Sets member KEY of OBJ to the string VALUE (a copy); nothing when VALUE
 * is NULL. Returns 0, or -1 when out of memory. */
int ov_doc_set_str(json_t *obj, const char *key, const char *value);

/* Serialises DOC as the bundled datasets are written (two-space indent,
 * members in order, UTF-8 as it is, a final newline). New string (free with
 * free()); NULL when out of memory. */
char *ov_doc_dump(const json_t *doc);

/* Checks DOC as `orgviz validate` would and adds its errors (not its
 * warnings, such as a missing start date) to D, at JSON Pointers of DOC.
 * Returns OV_OK when DOC is valid, OV_ERR_DATA or OV_ERR_MEMORY. */
ov_status ov_doc_check(const json_t *doc, ov_diags *d);

/* ov_doc_dump, then an atomic write to PATH ("-": standard output). Returns
 * OV_OK, OV_ERR_MEMORY or OV_ERR_IO (with a diagnostic). */
ov_status ov_doc_write(const json_t *doc, const char *path, ov_diags *d);

#endif
