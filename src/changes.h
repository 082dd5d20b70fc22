/* What changed between two days: organisations that are new, gone, moved
 * (another primary parent), renamed or changed (type or facts), with the
 * transition each change belongs to. Serves `orgviz changes` (the account
 * in words and as JSON) and the chart's marks against an earlier date
 * (`chart --since`). */
#ifndef OV_CHANGES_H
#define OV_CHANGES_H

#include "orgviz.h"
#include "util.h"

typedef enum {
    OV_CH_NEW,     /* exists on B, not on A */
    OV_CH_GONE,    /* exists on A, not on B */
    OV_CH_MOVED,   /* exists on both; its primary parent differs */
    OV_CH_RENAMED, /* exists on both; its name differs */
    OV_CH_CHANGED, /* exists on both; its type or facts differ */
    OV_CH_COUNT
} ov_change_kind;

typedef struct {
    ov_change_kind kind;
    size_t org;
    ov_day date;       /* first day of the new state; OV_DAY_NONE: not known */
    size_t transition; /* index into m->trans, or OV_NONE */
    size_t old_parent; /* moved: primary parent on A (OV_NONE: none) */
    size_t new_parent; /* moved: primary parent on B (OV_NONE: none) */
} ov_change;

typedef struct {
    const ov_model *m;
    ov_day from, to;
    ov_change *items; /* by date (unknown last), kind, then name */
    size_t n;
    int story;      /* ITEMS go state to state (each a step dated DATE) */
    ov_change *net; /* a story's changes from `from` to `to` at once; NULL
                       when ITEMS are those (not a story) */
    size_t nnet;
    size_t *trans; /* transitions dated in (from, to], by date then file order */
    size_t ntrans;
} ov_changes;

/* The changes from day A to day B (A before B): what differs between the
 * two days (a chart marked against A). With STORY, the items are instead
 * every change on the way, state to state through each day on which the
 * data says something changed (a network moving twice is told twice),
 * and NET holds the changes from A to B at once (for the counts). Returns
 * OV_OK, OV_ERR_DATA (A not before B; a diagnostic in D) or OV_ERR_MEMORY.
 * Free C with ov_changes_free in every case. */
ov_status ov_changes_compute(const ov_model *m, ov_day a, ov_day b, int story,
                             ov_changes *c, ov_diags *d);
void ov_changes_free(ov_changes *c);

/* 1 when gone organisation CH belongs on a chart that draws the
 * organisations DRAWN says (NULL: the whole structure): its parent then,
 * or what it became, is drawn. */
int ov_change_gone_on(const ov_changes *c, const ov_change *ch, const unsigned char *drawn);

/* The fact called KEY among F[0..N), or NULL (borrowed from F). */
const ov_fact *ov_fact_find(const ov_fact *f, size_t n, const char *key);

/* 1 when facts X and Y (of one key) hold different values: a number and a
 * text, two numbers or two texts that differ. What a change of kind
 * OV_CH_CHANGED compares, and what its account names. */
int ov_fact_differs(const ov_fact *x, const ov_fact *y);

/* "new", "gone", "moved", "renamed", "changed" (static). */
const char *ov_change_kind_name(ov_change_kind k);

/* The change of kind K for organisation ORG, or NULL. */
const ov_change *ov_changes_find(const ov_changes *c, size_t org, ov_change_kind k);

/* Where a gone organisation went, for people: "merged into NHS
 * Herefordshire and Worcestershire CCG on 1 April 2020", "closed on 31
 * March 2021" (its last day), or "no longer in the data". */
void ov_change_put_fate(ov_buf *b, const ov_changes *c, const ov_change *ch);

/* One or two short sentences for a marked chart's description: the
 * counts ("Marked against 31 March 2020: 3 new, 15 moved, 6 gone.") and the
 * transitions in short ("On 1 April 2020 four clinical commissioning
 * groups merged into NHS Herefordshire and Worcestershire CCG."). SHOWN
 * (one flag per organisation; NULL: all) says which organisations are on
 * the chart, drawn or listed as gone: only their changes are counted, and
 * only transitions that involve them told. New string, NULL when out of
 * memory. */
char *ov_changes_summary(const ov_changes *c, const unsigned char *shown);

typedef enum { OV_CHANGES_TEXT, OV_CHANGES_MARKDOWN, OV_CHANGES_JSON } ov_changes_format;

/* The account of C in FORMAT: new string (free with free()), NULL when out
 * of memory. */
char *ov_changes_report(const ov_changes *c, ov_changes_format format);

#endif
