#include "knowntypes.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "docwrite.h"
#include "theme.h"
#include "util.h"

/* The bundled datasets' types (data/README.md, "types"), then those of
 * the ODS role table (import_ods.c). */
static const ov_known_type known[] = {
    {"pct", "Primary Care Trust", "#768692"},
    {"ccg", "Clinical Commissioning Group", "#005EB8"},
    {"icb", "Integrated Care Board", "#003087"},
    {"sub-icb", "Sub-ICB location", "#0072CE"},
    {"pcn", "Primary Care Network", "#00A9CE"},
    {"practice", "GP practice", "#41B6E6"},
    {"trust", "NHS trust", "#006747"},
    {"local-authority", "Local authority", "#330072"},
    {"nhs-england", "National body", "#425563"},
    {"committee", "Committee or governing body", "#ED8B00"},
    {"board", "Health and Wellbeing Board", "#7C2855"},
    {"region", "NHS England region", "#231F20"},
    {"health-authority", "Health authority", "#4C6272"},
    {"dmu", "Directly managed unit", "#78BE20"},
    {"csu", "Commissioning support unit", "#AE2573"},
};

const ov_known_type *ov_known_type_get(const char *key)
{
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        if (strcmp(known[i].key, key) == 0)
            return &known[i];
    }
    return NULL;
}

int ov_known_type_declare(json_t *doc, const char *key, const char *given)
{
    json_t *types = ov_doc_object(doc, "types");
    if (types == NULL)
        return -1;
    if (json_object_get(types, key) != NULL)
        return 0;
    const ov_known_type *k = ov_known_type_get(key);
    if (k != NULL)
        return ov_doc_add_type(doc, key, k->label, k->colour);
    char *label = ov_strdup(given ? given : key);
    if (label == NULL)
        return -1;
    for (char *p = label; *p && given == NULL; p++) {
        if (*p == '-' || *p == '_')
            *p = ' ';
    }
    if (given == NULL)
        label[0] = (char)toupper((unsigned char)label[0]);
    char colour[8];
    ov_theme_fill(ov_theme_get(NULL), NULL, json_object_size(types), colour);
    int rc = ov_doc_add_type(doc, key, label, colour);
    free(label);
    return rc;
}
