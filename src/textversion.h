/* The text version of charts and timelines: accessible HTML fragments
 * (textversion.c). */
#ifndef OV_TEXTVERSION_H
#define OV_TEXTVERSION_H

#include "chart.h"

/* The text version of what T shows, under the heading TITLE: a new
 * string (free with free()), or NULL when out of memory. */
char *ov_chart_text_tree(const ov_chart_tree *t, const char *title);

/* The table of a timeline's transitions TRS (NTRS indices into
 * m->trans, in the order given) on an axis FROM..TO: a new string (free
 * with free()), or NULL when out of memory. */
char *ov_timeline_text_list(const ov_model *m, const size_t *trs, size_t ntrs, ov_day from,
                            ov_day to, const char *title);

#endif
