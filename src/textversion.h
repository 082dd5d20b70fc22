/* The text version of charts and timelines: accessible HTML fragments
 * (textversion.c). */
#ifndef OV_TEXTVERSION_H
#define OV_TEXTVERSION_H

#include "changes.h"
#include "chart.h"

/* The text version of what T shows, under the heading TITLE: a new
 * string (free with free()), or NULL when out of memory. Marked against
 * an earlier day when CHG (the changes of ov_changes_compute without
 * story) is not NULL: a "Since …" column says what changed for each
 * organisation, and a second table lists the organisations gone since
 * then, with what became of them: all of them when WHOLE, else those
 * whose parent or successor is drawn. */
char *ov_chart_text_marked(const ov_chart_tree *t, const char *title, const ov_changes *chg,
                           int whole);

/* The table of a timeline's transitions TRS (NTRS indices into
 * m->trans, in the order given) on an axis FROM..TO: a new string (free
 * with free()), or NULL when out of memory. */
char *ov_timeline_text_list(const ov_model *m, const size_t *trs, size_t ntrs, ov_day from,
                            ov_day to, const char *title);

#endif
