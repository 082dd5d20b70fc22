/* Small shared helpers: strings and a growable buffer. */
#ifndef OV_UTIL_H
#define OV_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* New copies (free with free()); NULL when out of memory. */
char *ov_strdup(const char *s);
char *ov_strndup(const char *s, size_t n);
char *ov_asprintf(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
char *ov_vasprintf(const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 0)))
#endif
    ;

/* A growable byte buffer, always NUL-terminated. It refuses to grow past
 * OV_BUF_MAX and then sets OOM; every append after that is ignored, so a
 * caller checks once at the end. */
#define OV_BUF_MAX ((size_t)1 << 30)

typedef struct {
    char *data;
    size_t len;
    size_t cap;
    int oom; /* 1 when an append failed (out of memory or too large) */
} ov_buf;

void ov_buf_init(ov_buf *b);
void ov_buf_free(ov_buf *b);
void ov_buf_putn(ov_buf *b, const char *s, size_t n);
/* Makes room for EXTRA more bytes (and the NUL) past b->len; returns 1,
 * or 0 (and sets OOM) when it cannot. */
int ov_buf_reserve(ov_buf *b, size_t extra);
void ov_buf_puts(ov_buf *b, const char *s);
void ov_buf_putc(ov_buf *b, char c);
void ov_buf_printf(ov_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Returns the contents as a new string and empties B; NULL if an append
 * failed (then B is freed). */
char *ov_buf_take(ov_buf *b);

/* The number of words of S (runs of characters other than spaces); 0
 * for NULL. */
size_t ov_count_words(const char *s);

/* 1 when S is NULL or only white space. */
int ov_is_blank(const char *s);
/* The same for N bytes that need not be NUL-terminated. */
int ov_is_blank_n(const char *s, size_t n);

/* FNV-1a, 64 bits: ov_hash64 goes on from H (start at OV_HASH_INIT) over
 * LEN bytes; ov_hash_str hashes a string from the start. For hash tables
 * and for the build stamp (not for security). */
#define OV_HASH_INIT UINT64_C(0xcbf29ce484222325)
uint64_t ov_hash64(uint64_t h, const void *data, size_t len);
uint64_t ov_hash_str(const char *s);
/* The same job eight bytes at a time, for whole files (a model cache's
 * key, the program's bytes): several times faster than ov_hash64, and
 * not equal to it. */
uint64_t ov_hash64_wide(uint64_t h, const void *data, size_t len);

/* 1 when URL is an absolute http or https address with a host and no
 * white space or control characters (the only links orgviz writes). */
int ov_url_is_safe(const char *url);

/* Levenshtein distance, capped at MAX+1; FOLD: ASCII letters compare
 * without regard to case. */
size_t ov_edit_distance(const char *a, const char *b, size_t max, int fold);

/* The one "did you mean" of orgviz (validate, build, chart, timeline and
 * the command line): of N candidates (NAME_AT(CTX, i) gives the i-th, or
 * NULL to skip it), the first that equals TYPED but for the case of ASCII
 * letters ("CCG" -> "ccg", "qwu" -> "QWU"); else the nearest that is a
 * likely typo (at most 2 edits ignoring case, and at most half TYPED's
 * length), the first of equals; else NULL. Never TYPED itself. The
 * result is borrowed from the candidates. */
typedef const char *(*ov_name_at)(const void *ctx, size_t i);
const char *ov_suggest(const char *typed, size_t n, ov_name_at name_at, const void *ctx);
/* ov_suggest over a NULL-terminated array of names. */
const char *ov_suggest_in(const char *typed, const char *const *names);

/* Appends S as text that XML 1.0 and HTML both accept: C0 control
 * characters other than tab, line feed and carriage return, DEL, C1
 * controls, U+FFFE and U+FFFF become spaces; bytes that are not UTF-8
 * become U+FFFD. With ESCAPE, & < > " ' are written as references too, so
 * the result is safe in element content and in quoted attribute values. */
void ov_buf_put_xml(ov_buf *b, const char *s, int escape);

#endif
