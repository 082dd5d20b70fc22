/* Finishing Graphviz's SVG with libxml2: accessible root, ids, classes,
 * tooltips and safe links, no comments or version strings. */
#ifndef OV_SVG_H
#define OV_SVG_H

#include <stddef.h>

#include "orgviz.h"

/* What the finisher adds, keyed by the id attribute of a <g> that the
 * graph builder set (e.g. "org-18C", "transition-0"). */
typedef struct {
    char *id;      /* the group's id */
    char *tooltip; /* becomes the group's <title>; NULL: leave as is */
    char *url;     /* http(s) link wrapped around the group; NULL: none */
} ov_svg_item;

typedef struct {
    char *title; /* the chart's title: root <title> */
    char *desc;  /* plain-English summary: root <desc> */
    /* put before every id; NULL: "ov" and 8 hex digits of a hash of the
     * title and desc, then "-"; "": none (borrowed) */
    const char *id_prefix;
    ov_svg_item *items;
    size_t nitems;
    size_t cap;
} ov_svg_meta;

void ov_svg_meta_init(ov_svg_meta *m);
void ov_svg_meta_free(ov_svg_meta *m);
/* 1 when P can be put before ids: empty, or a letter or '_' then letters,
 * digits, '_', '.' or '-', at most 64 bytes. */
int ov_svg_prefix_ok(const char *p);

/* Copies its arguments; returns 0, or -1 when out of memory. */
int ov_svg_meta_add(ov_svg_meta *m, const char *id, const char *tooltip, const char *url);

/* Parses IN (Graphviz SVG) and writes the finished document to *OUT
 * (malloc'd, *outlen bytes). RESPONSIVE drops width and height. Returns
 * OV_OK or OV_ERR_RENDER (with a diagnostic).
 * Also: comments and the DOCTYPE go; the <title> Graphviz gives every group
 * (an internal name) goes too, except in META's items without a tooltip;
 * ids are made unique (a later duplicate gets "-2", "-3", ...) and then
 * given META's id prefix; text that XML forbids (control characters)
 * becomes spaces.
 * Accessibility (the README's SVG contract): the root is
 * role="graphics-document" when a link is inside, else role="img", with
 * aria-labelledby its <title> and aria-describedby its <desc>; each META
 * group with a tooltip is one named object: its tooltip is the <title> of
 * its link (target="_top") when it has one, else of the group, which gets
 * role="graphics-object"; the <text> inside it is aria-hidden, so that
 * its name is heard once. */
ov_status ov_svg_finish(const char *in, size_t inlen, const ov_svg_meta *meta, int responsive,
                        char **out, size_t *outlen, ov_diags *d);

#endif
