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

#endif
