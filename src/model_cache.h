/* The model cache: a loaded and validated model kept on disk, so that the
 * next command on the same large file skips JSON parsing and validation.
 *
 * An entry is keyed by the file's bytes, its name as given and the
 * program's own bytes: any edit, or a new build of orgviz, is a miss. An
 * entry holds the model and the warnings its loading gave, so a command
 * sees exactly what a fresh load would have shown. Only files that loaded
 * without errors are kept. The cache is an optimisation: a missing,
 * unreadable, damaged or foreign entry is a miss, and a failure to write
 * one is silent.
 *
 * Where: $ORGVIZ_CACHE (a folder; "off" or empty turns the cache off),
 * else $XDG_CACHE_HOME/orgviz, else $HOME/.cache/orgviz. Files under
 * OV_CACHE_MIN_BYTES are not cached: they load faster than an entry can be
 * checked. */
#ifndef OV_MODEL_CACHE_H
#define OV_MODEL_CACHE_H

#include <stddef.h>

#include "orgviz.h"

#define OV_CACHE_MIN_BYTES ((size_t)512 * 1024)

/* ov_open_buffer through the cache (when it is on and LEN is large
 * enough): same results, same diagnostics. */
ov_status ov_open_buffer_cached(const char *name, const char *buf, size_t len, ov_model **out,
                                ov_diags *d);

/* The bytes of an entry for model M, whose loading gave the diagnostics
 * of D from index FIRST on (warnings only), for a file whose bytes hash to
 * KEY; a malloc'd buffer of *LEN bytes, NULL when out of memory. */
char *ov_model_cache_encode(const ov_model *m, const ov_diags *d, size_t first, uint64_t key,
                            size_t *len);

/* Reads an entry written by ov_model_cache_encode for a file named NAME
 * whose bytes hash to KEY: the model in *OUT and its diagnostics added to
 * D. Returns 0, or -1 when the entry is not one (damaged, cut short,
 * another file's, another format's): then *OUT is NULL and D unchanged. */
int ov_model_cache_decode(const char *blob, size_t len, const char *name, uint64_t key,
                          ov_model **out, ov_diags *d);

/* The key of a file's bytes for this program (its bytes, the format). */
uint64_t ov_model_cache_key(const char *buf, size_t len);

#endif
