/* The organisation types orgviz knows by key (those of the bundled datasets
 * and of the ODS role table), with their labels and colours, and the
 * declaration of a type an importer meets: importers declare every type
 * they use so that their output validates. */
#ifndef OV_KNOWNTYPES_H
#define OV_KNOWNTYPES_H

#include <jansson.h>

typedef struct {
    const char *key;
    const char *label;
    const char *colour; /* "#RRGGBB" */
} ov_known_type;

/* The known type KEY, or NULL (static). */
const ov_known_type *ov_known_type_get(const char *key);

/* Declares type KEY in DOC's "types" unless it is there: with the known
 * label and colour, or else LABEL (when NULL, one made from the key:
 * "mental-health" -> "Mental health") and the default theme's palette
 * colour for the type's position among the declared types. Returns 0, or
 * -1 when out of memory. */
int ov_known_type_declare(json_t *doc, const char *key, const char *label);

#endif
