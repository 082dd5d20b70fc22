/* Diagnostics: what the library tells the user, with a place. */
#ifndef OV_DIAG_H
#define OV_DIAG_H

#include <stddef.h>

typedef enum { OV_WARNING, OV_ERROR } ov_severity;

typedef struct {
    ov_severity severity;
    char *file;    /* NULL when not about a file */
    int line;      /* 1-based; 0 when the place is a JSON Pointer */
    int column;    /* 1-based; 0 when not known */
    char *pointer; /* JSON Pointer ("/organisations/3/end") or NULL */
    char *org_id;  /* organisation the problem is about, or NULL */
    char *message;
    char *excerpt; /* the source line, for syntax errors, or NULL: made by
                    * ov_diag_set_excerpt (a window around the column) */
    const char *kind; /* a warning a user may silence: an entry of
                       * ov_warning_kinds (static), or NULL */
} ov_diag;

/* The warnings a user may silence by name (validate --allow NAME, or the
 * data file's "allow": [NAME]), NULL-terminated; bit i of a mask stands
 * for entry i. */
extern const char *const ov_warning_kinds[];
/* The bit of warning kind NAME, or 0 when there is no such kind. */
unsigned ov_warning_kind_bit(const char *name);
/* The kinds' names for a message, "a, b and c": a new string (free with
 * free()), or NULL when out of memory. */
char *ov_warning_kinds_text(void);

/* An excerpt shows at most this many characters of its line before the
 * column and OV_EXCERPT_AFTER from it on; a cut end is marked with "…". */
#define OV_EXCERPT_BEFORE 60
#define OV_EXCERPT_AFTER 40

typedef struct {
    ov_diag *items;
    size_t count;
    size_t cap;
    size_t errors;
    size_t warnings;
} ov_diags;

void ov_diags_init(ov_diags *d);
/* Frees every diagnostic (not D itself). */
void ov_diags_free(ov_diags *d);

/* Adds a diagnostic; every string is copied. FILE, POINTER and ORG_ID may
 * be NULL. Out of memory drops the diagnostic but still counts it. */
void ov_diag_add(ov_diags *d, ov_severity sev, const char *file, int line, int column,
                 const char *pointer, const char *org_id, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 8, 9)))
#endif
    ;

/* Adds a copy of G: every string copied (its excerpt too), its kind
 * kept. Out of memory drops it but still counts it, as ov_diag_add. */
void ov_diag_add_copy(ov_diags *d, const ov_diag *g);

/* Sets G's excerpt from LINE (N bytes, without its newline): the window
 * of characters around G->column, with characters that could upset a
 * terminal (controls, invalid UTF-8, bidirectional overrides) shown as
 * '?', one for one, so the caret stays under the right character. */
void ov_diag_set_excerpt(ov_diag *g, const char *line, size_t n);

/* Adds a warning of kind KIND (an entry of ov_warning_kinds) at a JSON
 * Pointer; the rest as ov_diag_add. */
void ov_diag_warn(ov_diags *d, const char *kind, const char *file, const char *pointer,
                  const char *org_id, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* Drops the warnings from index FROM on whose kind is in MASK (bits of
 * ov_warning_kind_bit); returns how many were dropped. */
size_t ov_diags_allow(ov_diags *d, size_t from, unsigned mask);

/* Shorthand for the common case of an error or warning at a JSON Pointer. */
#define ov_diag_at(d, sev, file, ptr, org, ...)                                \
    ov_diag_add((d), (sev), (file), 0, 0, (ptr), (org), __VA_ARGS__)

/* Sorts by file, then place (line:column, or the pointer with array
 * indexes compared as numbers), then message; drops exact duplicates. */
void ov_diags_sort(ov_diags *d);

/* Removes every warning, keeping the errors (a renderer's report of why
 * data was refused). */
void ov_diags_drop_warnings(ov_diags *d);

/* Removes the quoted source line from every diagnostic (for files whose
 * content must not be shown). */
void ov_diags_drop_excerpts(ov_diags *d);

/* Turns every warning into an error (--strict). */
void ov_diags_promote(ov_diags *d);

/* Moves every diagnostic of SRC to the end of DST; SRC is left empty. */
void ov_diags_move(ov_diags *dst, ov_diags *src);

/* One diagnostic as people read it, without a trailing newline:
 *   FILE:LINE:COLUMN: error: MESSAGE
 *   FILE: /organisations/3/end: error: MESSAGE (organisation "18C")
 * followed, for syntax errors, by the source line and a caret under the
 * column. Returns a new string (free with free()) or NULL when out of
 * memory. */
char *ov_diag_format(const ov_diag *g);

#endif
