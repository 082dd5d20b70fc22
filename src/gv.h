/* The only file that talks to Graphviz directly: context, graph building
 * with the 2.43 casts, layout, render to memory, error capture.
 * Graphviz is not thread-safe: one ov_gv per process, one thread. */
#ifndef OV_GV_H
#define OV_GV_H

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include "orgviz.h"

/* A Graphviz context with an error buffer. Free with ov_gv_free. NULL when
 * Graphviz cannot start (no plugins). */
ov_gv *ov_gv_new(void);
void ov_gv_free(ov_gv *gv);

/* A new directed graph (free with agclose, after ov_gv_free_layout if it
 * was laid out). */
Agraph_t *ov_gv_graph(const char *name);
Agraph_t *ov_gv_subgraph(Agraph_t *g, const char *name);
Agnode_t *ov_gv_node(Agraph_t *g, const char *name);
Agedge_t *ov_gv_edge(Agraph_t *g, Agnode_t *t, Agnode_t *h, const char *name);

/* Sets attribute NAME on a graph, node or edge (declaring it with an empty
 * default first, so no other object inherits VALUE). VALUE is a plain
 * string. */
void ov_gv_set(void *obj, const char *name, const char *value);
/* Same, for an HTML-like label: VALUE is already escaped HTML. */
void ov_gv_set_html(void *obj, const char *name, const char *value);

/* Lays G out with ENGINE ("dot", "nop2") and renders FORMAT ("svg",
 * "png", "pdf"), or writes G as DOT source without layout when FORMAT is
 * "dot". On OV_OK *out is a malloc'd buffer of *len bytes. Graphviz errors
 * go into D. The layout is freed before returning. */
ov_status ov_gv_render(ov_gv *gv, Agraph_t *g, const char *engine, const char *format,
                       char **out, size_t *len, ov_diags *d);

#endif
