/* Lane assignment for timelines: which horizontal lane each bar goes in.
 * Pure C over plain arrays (no Graphviz, no model), so that it can be
 * tested on its own; the algorithm is described at the top of lanes.c. */
#ifndef OV_LANES_H
#define OV_LANES_H

#include <stddef.h>

#include "date.h"

/* One bar: the days it covers, [start, end) (END is the day after the last
 * day drawn), and its lane group. Groups are drawn in ascending order, each
 * in lanes of its own; give every bar group 0 when not grouping. */
typedef struct {
    ov_day start;
    ov_day end;
    size_t group;
} ov_lane_bar;

/* One transition between bars: every FROM bar is linked to every TO bar.
 * Indices are into the bar array; either side may be empty. Links may go
 * round in a circle (empty bars, start == end, linked both ways): the
 * link that would close it does not continue a lane. A WEAK link
 * (a relationship such as part_of) only draws its bars near each other: it
 * never makes one continue the other's lane. */
typedef struct {
    const size_t *from;
    size_t nfrom;
    const size_t *to;
    size_t nto;
    int weak;
} ov_lane_trans;

/* Parameters. GAP is the number of days that must separate two bars in one
 * lane unless the second continues the first (a successor starting the day
 * after its predecessor ends may touch it). SWEEPS bounds the barycentre
 * passes (0: the default, 12). */
typedef struct {
    ov_day gap;
    int sweeps;
} ov_lane_params;

/* Assigns lanes to the N bars in BARS, given the NTRANS transitions in TRANS
 * (in date order). Writes the lane of bar i to LANE[i] (0 is the top lane;
 * the caller allocates N entries) and the number of lanes to *NLANES.
 * Lanes of a lower group come before lanes of a higher one; bars in one
 * lane never overlap. Returns 0, or -1 when out of memory (LANE is then
 * undefined). */
int ov_lanes_assign(const ov_lane_bar *bars, size_t n, const ov_lane_trans *trans,
                    size_t ntrans, const ov_lane_params *params, size_t *lane, size_t *nlanes);

/* The layout cost the ordering minimises: the sum over every linked pair
 * of bars of the number of lanes between them (|lane(a) - lane(b)|). For
 * tests and diagnostics. */
size_t ov_lanes_cost(const ov_lane_trans *trans, size_t ntrans, const size_t *lane);

#endif
