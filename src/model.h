/* Building the model: for the loader only. Renderers use orgviz.h. */
#ifndef OV_MODEL_H
#define OV_MODEL_H

#include "orgviz.h"

/* Builds the id -> index table and resolves every reference (relationship
 * and transition ends, organisation types). The first of duplicate ids
 * wins. Returns 0, or -1 when out of memory. */
int ov_model_index(ov_model *m);

/* A copy of S owned by the model (freed with it); NULL when out of
 * memory. Strings are allocated from large blocks: a model of 100,000
 * organisations holds over half a million of them. */
char *ov_model_strdup(ov_model *m, const char *s);

/* N bytes owned by the model (freed with it), not initialised; NULL when
 * out of memory. */
char *ov_model_alloc(ov_model *m, size_t n);

#endif
