/* Reading JSON documents the same way everywhere (data files and the chart
 * manifest): limits, byte-order mark, syntax errors with a place, JSON
 * Pointers, and warnings for unknown keys. */
#ifndef OV_JSONREAD_H
#define OV_JSONREAD_H

#include <jansson.h>

#include "orgviz.h"

/* A JSON Pointer being built ("/organisations/3/end"); long ones are cut. */
typedef struct {
    char buf[256];
} ov_jptr;

/* OUT = BASE + "/" + KEY, with ~ and / in KEY escaped as the RFC says. */
void ov_jptr_key(ov_jptr *out, const char *base, const char *key);
/* OUT = BASE + "/" + I. */
void ov_jptr_index(ov_jptr *out, const char *base, size_t i);

/* "an object", "a list", "text", "a number", … for messages (static). */
const char *ov_json_kind(const json_t *v);

/* Parses BUF as one JSON document: skips a UTF-8 byte-order mark, refuses
 * more than MAX bytes and nesting deeper than OV_MAX_DEPTH, and reports a
 * syntax error as NAME:LINE:COLUMN with the line (when plain ASCII) for a
 * caret. Returns the root (release with json_decref), or NULL with *ST set
 * to OV_ERR_DATA or OV_ERR_MEMORY and a diagnostic in D. */
json_t *ov_json_parse(const char *name, const char *buf, size_t len, size_t max, ov_diags *d,
                      ov_status *st);

/* What a JSON document holds, judged from its top-level keys alone (a
 * quick scan, no parse): a data file, a chart manifest ("orgviz_charts"),
 * or a JSON Schema ("$schema" with "properties", "$defs", "definitions"
 * or "type", and no "orgviz"). Anything else, broken JSON included, is
 * OV_DOC_DATA, so that the data loader reports what is wrong with it. */
ov_doc_kind ov_json_sniff(const char *buf, size_t len);

/* Warns about every key of OBJ that is not in KNOWN (NULL-terminated),
 * suggesting the nearest known key for a likely typo. */
void ov_json_check_keys(ov_diags *d, const char *file, const json_t *obj, const char *base,
                        const char *const *known, const char *org_id);

/* The text of member KEY of OBJ (borrowed from OBJ), or NULL when it is
 * absent (an error if REQUIRED) or not text (an error naming its kind). */
const char *ov_json_text(ov_diags *d, const char *file, const json_t *obj, const char *base,
                         const char *key, int required, const char *org_id);

#endif
