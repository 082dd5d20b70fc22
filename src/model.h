/* Building the model: for the loader only. Renderers use orgviz.h. */
#ifndef OV_MODEL_H
#define OV_MODEL_H

#include "orgviz.h"

/* Builds the id -> index table and resolves every reference (relationship
 * and transition ends, organisation types). The first of duplicate ids
 * wins. Returns 0, or -1 when out of memory. */
int ov_model_index(ov_model *m);

#endif
