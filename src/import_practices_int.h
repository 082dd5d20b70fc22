/* Inside `import practices`: the lookup read into five levels of units.
 * Shared by import_practices.c (reading, new documents) and
 * import_practices_merge.c (merging). */
#ifndef OV_IMPORT_PRACTICES_INT_H
#define OV_IMPORT_PRACTICES_INT_H

#include <jansson.h>

#include "import_practices.h"

enum { LV_REGION, LV_ICB, LV_SUBICB, LV_PCN, LV_PRACTICE, LV_COUNT };

typedef struct {
    char *code;      /* ODS code as in the lookup */
    char *id;        /* orgviz id: the code, or "<code>-subicb" */
    char *raw_name;  /* as the lookup writes it */
    char *name;      /* in the case people write it */
    char *ons;       /* ONS code or NULL */
    char *postcode;  /* practices: PRAC_POSTCODE or NULL */
    int parent_lv;   /* level of the parent, -1 for a region */
    size_t parent;   /* index of the parent in its level, OV_NONE for a region */
    size_t nparents; /* PCNs: sub-ICB locations its practices are in */
    size_t subicb;   /* practices: index of the row's sub-ICB location */
    int line;        /* first row of the lookup that names it */
    int selected;    /* 1 when in the area imported */
} prac_unit;

typedef struct {
    prac_unit *u;
    size_t n, cap;
    size_t *slots; /* open-addressing hash of codes -> index + 1 */
    size_t nslots;
} prac_level;

typedef struct {
    const char *file;
    const char *base; /* the file's name without folders */
    ov_day as_at;
    char date[11]; /* as_at as YYYY-MM-DD */
    char source_id[48];
    prac_level lv[LV_COUNT];
    size_t nselected;    /* practices in the area */
    const char *area_id; /* the orgviz id of the area imported, or NULL */
} prac_snap;

/* Reads CSV into S (filtered by O). Returns OV_OK (free S with
 * prac_snap_free), or an error status with diagnostics and S freed. */
ov_status prac_snap_read(prac_snap *s, const char *csv, const ov_prac_opts *o, ov_diags *d);
void prac_snap_free(prac_snap *s);

/* The unit whose orgviz id is ID at level LV, or NULL. */
const prac_unit *prac_snap_find(const prac_snap *s, int lv, const char *id);

/* The orgviz type key of a level; the relationship kind to its parent. */
extern const char *const prac_type_key[LV_COUNT];
const char *prac_parent_kind(int lv);

/* Adds the snapshot's source; and, for U, an organisation {id, name,
 * type, codes, facts, note, sources} (declaring its type). Borrowed
 * results; NULL when out of memory. */
json_t *prac_add_source(json_t *doc, const prac_snap *s);
json_t *prac_add_org(json_t *doc, const prac_snap *s, int lv, const prac_unit *u);

/* Appends SENTENCE to member "note" of OBJ (a space between). -1: OOM. */
int prac_append_note(json_t *obj, const char *sentence);

#endif
