/* Names the timeline's stage files share (timeline_select.c: what is
 * drawn; timeline_layout.c: geometry; timeline_text.c: words;
 * timeline.c: the graph). Internal to the timeline. */
#ifndef OV_TIMELINE_INT_H
#define OV_TIMELINE_INT_H

#include "gv.h"
#include "theme.h"
#include "util.h"

#define NONE OV_NONE

/* Geometry, in points. */
#define AXIS_W 1100.0   /* the time axis */
#define MARGIN 24.0     /* around everything */
#define LANE_PITCH 30.0 /* from one lane to the next */
#define BAR_H 18.0      /* a bar's height */
#define GROUP_HEAD 22.0 /* a lane group's heading row */
#define FONT 10.0       /* bar labels, key */
#define SMALL 9.0       /* axis, markers */
#define TITLE 16.0
#define PAD 5.0         /* label inside a bar, from its ends */
#define GAP_PT 36.0     /* unrelated bars in one lane are at least this far apart */
#define FADE_PT 14.0    /* the faded end of a bar that continues (whole points) */
#define RUN 7.0         /* a connector's horizontal run each side of its date */
#define ARROW 5.0       /* arrowhead length (arrowsize 0.5) */
#define MARKER_ROW 13.0 /* one row of transition date labels */
#define MAX_MARKER_ROWS 4
#define KEY_LINE 14.0
#define MAX_KEY_LINES 40
#define GRID "#E8EDEE" /* year lines behind the bars */
/* A transition with more from x to pairs than this is drawn through a hub
 * (n + m connectors instead of n * m): Graphviz 2.43 parses an edge's pos
 * in time quadratic in its length. */
#define MAX_PAIRS 1024

/* ---- what is drawn -------------------------------------------------------- */

typedef struct {
    size_t org;
    ov_day s;       /* first day drawn */
    ov_day e;       /* day after the last day drawn */
    int open_start; /* continues before s: no start date, or before --from */
    int open_end;   /* continues after e: no end date, or after --to */
    size_t group;
    size_t lane;
    double x0;
    double x1;
    double y; /* centre, from the top */
} tl_bar;

typedef struct {
    size_t tr;    /* index into m->trans */
    size_t *from; /* bars (into sel.ends) */
    size_t nfrom;
    size_t *to;
    size_t nto;
} tl_tr;

typedef struct {
    const ov_model *m;
    ov_day from;    /* first day of the axis */
    ov_day to;      /* last day of the axis */
    size_t *bar_of; /* org -> bar or NONE */
    tl_bar *bars;
    size_t nbars;
    tl_tr *trs; /* drawn transitions, by date */
    size_t ntrs;
    size_t *ends;
    size_t ngroups;
    int grouped;
    size_t *type_group; /* type -> group */
} tl_sel;

/* ---- graph building ------------------------------------------------------- */

typedef struct {
    ov_ggraph *g;
    double h; /* canvas height: Graphviz y = h - y */
    double w; /* canvas width: no text goes past it */
    size_t seq;
    ov_gnode *anchor; /* edges of the current paint layer hang off it */
    int oom;
} tl_gb;

/* ---- layout ---------------------------------------------------------------- */

typedef enum { LABEL_NONE, LABEL_INSIDE, LABEL_RIGHT, LABEL_LEFT } tl_label_place;

typedef struct {
    tl_label_place place;
    char *text; /* owned */
    double x;   /* centre */
} tl_bar_label;

typedef struct {
    ov_day date;
    int row; /* -1: no room for the label */
    double x;
} tl_marker;

typedef struct {
    tl_sel s;
    const ov_theme *th;
    double scale;
    double width;
    double height;
    size_t nlanes;
    size_t *by_lane; /* bars sorted by (lane, x0) */
    double *fade_start;
    double *fade_end;
    unsigned char *est_mark;  /* an establishment mark before the bar */
    unsigned char *abol_mark; /* an abolition mark after it */
    tl_bar_label *labels;
    tl_marker *markers;
    size_t nmarkers;
    int marker_rows;
    double title_y;
    double sub_y;
    double marker_y;
    double axis_label_y;
    double axis_y;
    double lanes_top;
    double lanes_bottom;
    double *lane_y;
    double *head_y; /* per group: heading row centre, or -1 */
    int bottom_axis;
    double baxis_y;
    double legend_y;
    char **key; /* key lines, then the note's */
    size_t nkey;
    size_t note_from; /* key[note_from..nkey) are the note (--note) */
    const ov_render_opts *ro; /* --hide, --note, --highlight; may be NULL */
} tl_layout;

/* ---- timeline_select.c ---- */

void tl_sel_free(tl_sel *s);
int tl_year_of(ov_day d);
ov_status tl_oom(ov_diags *d);
/* Works out which organisations and transitions the timeline of OPTS
 * draws, over which days. Free S with tl_sel_free in every case. */
ov_status tl_select_all(tl_sel *s, const ov_model *m, const ov_timeline_opts *opts, ov_diags *d);
/* ---- timeline_text.c ---- */

/* The plain-English summary: one clause per (date, kind) of the drawn
 * transitions, chained with "it" when one ends where the next begins. */
char *tl_describe_sel(const tl_sel *s);
/* The text version (textversion.c) of the transitions S draws, under
 * TITLE: *OUT a new string of *LEN bytes (free with free()). Returns OV_OK
 * or, with a diagnostic, OV_ERR_MEMORY. */
ov_status tl_text_sel(const tl_sel *s, const char *title, char **out, size_t *len,
                      ov_diags *d);
/* The words of one transition for the key: its label, or a clause. */
void tl_put_transition_words(ov_buf *b, const tl_sel *s, const tl_tr *x);
void tl_bar_tooltip(ov_buf *b, const ov_model *m, const ov_org *o);
void tl_tr_tooltip(ov_buf *b, const tl_sel *s, const tl_tr *x);
/* ---- timeline_layout.c ---- */

/* A new copy of S cut at a character boundary and ended with "…" so that
 * it is at most W points wide at SIZE; NULL when not even one character
 * fits (or out of memory). */
char *tl_truncate_to(const char *s, double w, double size);
void tl_layout_free(tl_layout *l);
double tl_xof(const tl_layout *l, ov_day day);
/* "Jan" for MONTH 1 ... "Dec" for 12 (static). */
const char *tl_month_abbr(int month);
/* "1 Apr 2020" into BUF (32 bytes). */
void tl_short_date(ov_day day, char *buf);
/* Lanes, labels, markers and every y coordinate. */
ov_status tl_do_layout(tl_layout *l);
/* ---- timeline.c ---- */

/* Legend items: the types drawn (in --types order first), then the faded
 * end when a bar has one. With C NULL only measures. Returns the number of
 * rows. */
int tl_legend(tl_gb *c, const tl_layout *l);

#endif
