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
    char *excerpt; /* the source line, for syntax errors, or NULL */
} ov_diag;

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
