/* The pipeline both renderers share after they have built a graph:
 * Graphviz layout and render, then the SVG finisher. */
#ifndef OV_RENDER_H
#define OV_RENDER_H

#include "gv.h"
#include "svg.h"

/* Renders G with ENGINE in RO->format; for SVG, finishes it with META and
 * RO->responsive. Sets the graph's dpi for PNG. Ownership of *out as in
 * ov_gv_render. Does not close G. */
ov_status ov_render_graph(ov_gv *gv, ov_ggraph *g, const char *engine, const ov_svg_meta *meta,
                          const ov_render_opts *ro, char **out, size_t *len, ov_diags *d);

/* A finished SVG (with width and height in pt) as RO->format, PNG or PDF
 * (one page; the SVG's <title> is the PDF's Title, its <desc> the Subject
 * and the Figure's alternate text). Ownership of *out as in ov_gv_render. */
ov_status ov_render_paint(const char *svg, size_t svglen, const ov_render_opts *ro, char **out,
                          size_t *len, ov_diags *d);

/* The timeline as one drawing (ov_timeline_render without pages),
 * timeline.c; statuses and ownership as ov_timeline_render. */
ov_status ov_timeline_render_one(ov_gv *gv, const ov_model *m, const ov_timeline_opts *opts,
                                 const ov_render_opts *ro, char **out, size_t *len,
                                 ov_diags *d);

/* For pages of lanes: the lane of each organisation on the timeline of
 * OPTS (LANE_OF has m->norgs entries; OV_NONE: not drawn), the number of
 * lanes, the height of one (pt) and the axis. timeline.c. */
ov_status ov_timeline_lanes(const ov_model *m, const ov_timeline_opts *opts,
                            const ov_render_opts *ro, size_t *lane_of, size_t *nlanes,
                            double *pitch, ov_day *from, ov_day *to, ov_diags *d);

#endif
