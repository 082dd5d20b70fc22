/* The only door to Graphviz: context, graph building with the 2.43
 * casts, layout, render to memory, DOT out, error capture. No other file
 * includes a Graphviz header: callers hold the opaque handles below.
 * Graphviz is not thread-safe: one ov_gv per process, one thread. */
#ifndef OV_GV_H
#define OV_GV_H

#include "orgviz.h"
#include "util.h"

/* A Graphviz context with an error buffer. Free with ov_gv_free. NULL when
 * Graphviz cannot start (no plugins). */
ov_gv *ov_gv_new(void);
void ov_gv_free(ov_gv *gv);

/* Opaque handles on a graph (or subgraph), a node and an edge. They
 * belong to the root graph: ov_gv_close frees them all. */
typedef struct Agraph_s ov_ggraph;
typedef struct Agnode_s ov_gnode;
typedef struct Agedge_s ov_gedge;

/* What ov_gv_default declares an attribute for. */
typedef enum { OV_GV_GRAPH, OV_GV_NODE, OV_GV_EDGE } ov_gv_kind;

/* A new directed graph (free with ov_gv_close). Its objects are numbered
 * in creation order, so that subgraphs (clusters) are laid out in a
 * deterministic order (cgraph's default uses string addresses). NULL when
 * out of memory. */
ov_ggraph *ov_gv_graph(const char *name);
/* Frees root graph G and everything in it; G may be NULL. */
void ov_gv_close(ov_ggraph *g);
/* A subgraph, node or edge of G (found or made; owned by G's root); NULL
 * on failure. NAME may be NULL for an anonymous edge. */
ov_ggraph *ov_gv_subgraph(ov_ggraph *g, const char *name);
ov_gnode *ov_gv_node(ov_ggraph *g, const char *name);
ov_gedge *ov_gv_edge(ov_ggraph *g, ov_gnode *t, ov_gnode *h, const char *name);
/* Removes node N (and its edges) from its graph. */
void ov_gv_remove_node(ov_gnode *n);
/* Sets attribute NAME on a graph, node or edge (declaring it with an empty
 * default first, so no other object inherits VALUE). VALUE is a plain
 * string. */
void ov_gv_set(void *obj, const char *name, const char *value);
/* Same, for an HTML-like label: VALUE is already escaped HTML. */
void ov_gv_set_html(void *obj, const char *name, const char *value);
/* Declares attribute NAME for every object of KIND (graphs, nodes or
 * edges) of G's root with default VALUE, or changes that default.
 * Beware: a value set on the root graph is inherited by subgraphs made
 * after it (Graphviz behaviour): set root graph attributes last. */
void ov_gv_default(ov_ggraph *g, ov_gv_kind kind, const char *name, const char *value);

/* Lays G out with ENGINE ("dot", "nop2") and renders FORMAT ("svg",
 * "png", "pdf"), or writes G as DOT source without layout when FORMAT is
 * "dot". On OV_OK *out is a malloc'd buffer of *len bytes. Graphviz errors
 * go into D. The layout is freed before returning. */
ov_status ov_gv_render(ov_gv *gv, ov_ggraph *g, const char *engine, const char *format, char **out,
                       size_t *len, ov_diags *d);

/* Measures every node of G as Graphviz will draw it (HTML labels parsed,
 * text measured with the installed fonts, margins added) without laying
 * anything out: each node gets pos "0,0" (to be replaced by the caller),
 * then SIZE(node, width, height, ARG) is called for each node in creation
 * order, in points. G should have no edges yet (they would be routed).
 * Returns OV_OK, or OV_ERR_RENDER with Graphviz's messages in D. */
typedef void (*ov_gv_size_fn)(ov_gnode *n, double w, double h, void *arg);
ov_status ov_gv_measure(ov_gv *gv, ov_ggraph *g, ov_gv_size_fn size, void *arg, ov_diags *d);

/* Text spans measured once: GV keeps what pango measured for each text
 * (with its font, size and flags) and answers a span measured before from
 * that table, in ov_gv_measure and when laying out for an SVG render
 * alike, with the same numbers (gv.c says how). ON 0 turns the table off (every
 * span goes to pango), 1 on again (the default). ov_gv_text_hits: spans
 * answered from the table so far (for tests). */
void ov_gv_text_cache(ov_gv *gv, int on);
size_t ov_gv_text_hits(const ov_gv *gv);

/* ---- text for Graphviz (added for chart and timeline) ---------------- *
 * Graphviz writes label text into SVG as it is: XML 1.0 forbids control
 * characters, so these replace U+0000-U+001F (and U+FFFE, U+FFFF) by a
 * space. */

/* Appends S to B escaped for an HTML-like label (& < > " ' as entities,
 * backslashes doubled: Graphviz expands \N and the like there too). */
void ov_gv_put_html(ov_buf *b, const char *s);
/* New string (free with free()): S escaped for an HTML-like label; NULL
 * when out of memory. */
char *ov_gv_html(const char *s);
/* New string (free with free()): S safe as a plain (escString) label:
 * backslashes doubled, & as &amp; (Graphviz decodes entities in plain
 * labels), control characters as spaces. */
char *ov_gv_plain(const char *s);

/* Graphviz's version as built against ("2.43.0", static) and as loaded
 * now (a new string: free with free(); NULL when it cannot start). */
const char *ov_gv_built_version(void);
char *ov_gv_running_version(void);

#endif
