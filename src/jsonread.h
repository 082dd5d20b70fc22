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

/* ov_json_parse for a document that is one object: a root of another kind
 * is an error at "" that says WHAT the file must hold and what it holds
 * ("WHAT, not a list"), and NULL with *ST set to OV_ERR_DATA. */
json_t *ov_json_parse_object(const char *name, const char *buf, size_t len, size_t max,
                             const char *what, ov_diags *d, ov_status *st);

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

/* Member KEY of OBJ (borrowed), or NULL when it is absent: an error at
 * BASE when REQUIRED ("missing required \"KEY\""). */
const json_t *ov_json_member(ov_diags *d, const char *file, const json_t *obj, const char *base,
                             const char *key, int required, const char *org_id);

/* The text of member KEY of OBJ (borrowed from OBJ), or NULL when it is
 * absent (an error if REQUIRED) or not text (an error naming its kind). */
const char *ov_json_text(ov_diags *d, const char *file, const json_t *obj, const char *base,
                         const char *key, int required, const char *org_id);

/* Parses S, the text of the value at POINTER, as a date into *DAY. A date
 * written right that names no such day is reported here ("2022-06-31 is
 * not a date (no such day)"); text not written as YYYY-MM-DD is left to
 * the caller, whose message says what else it takes. Returns
 * ov_date_parse's status. */
ov_date_status ov_json_date(ov_diags *d, const char *file, const char *pointer, const char *s,
                            const char *org_id, ov_day *day);

#endif
