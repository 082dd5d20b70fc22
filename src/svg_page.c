/* Finished SVGs on pages: measuring, framing on a page, and the small
 * changes librsvg needs before it draws one. */
#include "svg_page.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/tree.h>

#include "theme.h"
#include "util.h"
#include "xml_dump.h"

static xmlDocPtr read_svg(const char *svg, size_t len, ov_diags *d)
{
    xmlDocPtr doc = NULL;
    if (len <= (size_t)INT32_MAX)
        /* XML_PARSE_HUGE as svg.c reads it: a national chart passes
         * libxml2's default limits, and the SVG is orgviz's own */
        doc = xmlReadMemory(svg, (int)len, "orgviz.svg", "UTF-8",
                            XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR |
                                XML_PARSE_HUGE);
    if (!doc || !xmlDocGetRootElement(doc)) {
        ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "cannot read back the finished SVG");
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

static ov_status dump_svg(xmlDocPtr doc, char **out, size_t *outlen, ov_diags *d)
{
    if (ov_xml_dump_doc(doc, out, outlen) != 0) {
        ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "out of memory writing the SVG");
        return OV_ERR_MEMORY;
    }
    return OV_OK;
}

static double num_prop(xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    double x = v ? strtod((const char *)v, NULL) : 0;
    xmlFree(v);
    return isfinite(x) ? x : 0;
}

/* The root's viewBox, or 0, 0, width, height. */
static void view_box(xmlNodePtr root, double vb[4])
{
    xmlChar *v = xmlGetProp(root, (const xmlChar *)"viewBox");
    vb[0] = vb[1] = 0;
    vb[2] = num_prop(root, "width");
    vb[3] = num_prop(root, "height");
    if (v) {
        double a[4];
        if (sscanf((const char *)v, "%lf %lf %lf %lf", &a[0], &a[1], &a[2], &a[3]) == 4 ||
            sscanf((const char *)v, "%lf,%lf,%lf,%lf", &a[0], &a[1], &a[2], &a[3]) == 4)
            memcpy(vb, a, sizeof a);
        xmlFree(v);
    }
}

static int is_el(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* The node after N in document order below ROOT (into N's children when
 * DESCEND), or NULL at the end: a walk without recursion. */
static xmlNodePtr next_node(xmlNodePtr n, xmlNodePtr root, int descend)
{
    if (descend && n->children && n->type == XML_ELEMENT_NODE)
        return n->children;
    while (n && n != root && !n->next)
        n = n->parent;
    return !n || n == root ? NULL : n->next;
}

/* Smallest font-size of a <text> (user units), walking without recursion. */
static double min_font(xmlNodePtr root)
{
    double least = 0;
    xmlNodePtr n = root;
    while (n) {
        if (is_el(n, "text")) {
            double f = num_prop(n, "font-size");
            if (f > 0 && (least == 0 || f < least))
                least = f;
        }
        n = next_node(n, root, !is_el(n, "text"));
    }
    return least;
}

void ov_svg_view_size(const char *svg, size_t len, double *w, double *h)
{
    *w = 0;
    *h = 0;
    if (len > INT32_MAX)
        return;
    xmlTextReaderPtr r = xmlReaderForMemory(svg, (int)len, NULL, NULL,
                                            XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                XML_PARSE_NOWARNING);
    if (!r)
        return;
    while (xmlTextReaderRead(r) == 1) {
        if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT)
            continue;
        xmlChar *vb = xmlTextReaderGetAttribute(r, BAD_CAST "viewBox");
        double x, y, vw, vh;
        if (vb && sscanf((const char *)vb, "%lf %lf %lf %lf", &x, &y, &vw, &vh) == 4 &&
            vw > 0 && vh > 0) {
            *w = vw;
            *h = vh;
        } else {
            xmlChar *ws = xmlTextReaderGetAttribute(r, BAD_CAST "width");
            xmlChar *hs = xmlTextReaderGetAttribute(r, BAD_CAST "height");
            if (ws && hs) {
                *w = strtod((const char *)ws, NULL);
                *h = strtod((const char *)hs, NULL);
            }
            xmlFree(ws);
            xmlFree(hs);
        }
        xmlFree(vb);
        break;
    }
    xmlFreeTextReader(r);
}

ov_status ov_svg_measure(const char *svg, size_t len, ov_svg_size *sz, ov_diags *d)
{
    memset(sz, 0, sizeof *sz);
    xmlDocPtr doc = read_svg(svg, len, d);
    if (!doc)
        return OV_ERR_RENDER;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    double vb[4];
    view_box(root, vb);
    sz->w = num_prop(root, "width");
    sz->h = num_prop(root, "height");
    if (sz->w <= 0 || sz->h <= 0) {
        sz->w = vb[2];
        sz->h = vb[3];
    }
    double unit = vb[2] > 0 ? sz->w / vb[2] : 1;
    sz->min_text = min_font(root) * unit;
    xmlFreeDoc(doc);
    return OV_OK;
}

/* The text of ROOT's first child element NAME, or NULL. */
static char *child_text(xmlNodePtr root, const char *name, int *oom)
{
    for (xmlNodePtr c = root->children; c; c = c->next) {
        if (!is_el(c, name))
            continue;
        xmlChar *v = xmlNodeGetContent(c);
        char *s = v ? ov_strdup((const char *)v) : NULL;
        xmlFree(v);
        *oom |= s == NULL;
        return s;
    }
    return NULL;
}

ov_status ov_svg_title_desc(const char *svg, size_t len, char **title, char **desc, ov_diags *d)
{
    *title = NULL;
    *desc = NULL;
    xmlDocPtr doc = read_svg(svg, len, d);
    if (!doc)
        return OV_ERR_RENDER;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    int oom = 0;
    *title = child_text(root, "title", &oom);
    *desc = child_text(root, "desc", &oom);
    xmlFreeDoc(doc);
    if (!oom)
        return OV_OK;
    free(*title);
    free(*desc);
    *title = *desc = NULL;
    ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "out of memory");
    return OV_ERR_MEMORY;
}

double ov_page_fit_scale(const ov_svg_size *sz, double pw, double ph, double margin)
{
    if (sz->w <= 0 || sz->h <= 0)
        return 1;
    double sx = (pw - 2 * margin) / sz->w;
    double sy = (ph - 2 * margin) / sz->h;
    double s = sx < sy ? sx : sy;
    return s > OV_PAGE_MAX_ZOOM ? OV_PAGE_MAX_ZOOM : s;
}

/* NAME="V" (two decimals), with UNIT after it ("pt" or ""). */
static void set_num(xmlNodePtr n, const char *name, double v, const char *unit)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%.2f%s", v, unit);
    xmlSetProp(n, (const xmlChar *)name, (const xmlChar *)buf);
}

/* A line of text in the margin at (X, Y) in the root's user units. */
static int margin_text(xmlDocPtr doc, xmlNodePtr root, const char *text, double x, double y,
                       double size, const char *anchor, const char *cls)
{
    xmlNsPtr ns = root->ns;
    xmlNodePtr t = xmlNewDocNode(doc, ns, (const xmlChar *)"text", NULL);
    if (!t)
        return -1;
    xmlNodeAddContent(t, (const xmlChar *)text);
    set_num(t, "x", x, "");
    set_num(t, "y", y, "");
    set_num(t, "font-size", size, "");
    xmlSetProp(t, (const xmlChar *)"font-family", (const xmlChar *)OV_FONT);
    xmlSetProp(t, (const xmlChar *)"fill", (const xmlChar *)"#425563");
    xmlSetProp(t, (const xmlChar *)"text-anchor", (const xmlChar *)anchor);
    xmlSetProp(t, (const xmlChar *)"class", (const xmlChar *)cls);
    return xmlAddChild(root, t) ? 0 : -1;
}

ov_status ov_svg_frame(const char *svg, size_t len, const ov_page_frame *f, char **out,
                       size_t *outlen, ov_diags *d)
{
    *out = NULL;
    *outlen = 0;
    xmlDocPtr doc = read_svg(svg, len, d);
    if (!doc)
        return OV_ERR_RENDER;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    ov_svg_size sz;
    double vb[4];
    view_box(root, vb);
    sz.w = num_prop(root, "width");
    sz.h = num_prop(root, "height");
    if (sz.w <= 0 || sz.h <= 0) {
        sz.w = vb[2];
        sz.h = vb[3];
    }
    double s = ov_page_fit_scale(&sz, f->w, f->h, f->margin);
    double unit = vb[2] > 0 ? sz.w / vb[2] : 1; /* pt per user unit */
    double k = s * unit;                        /* page pt per user unit */
    double ox = (f->w - sz.w * s) / 2;          /* centred across */
    double oy = f->margin;                      /* from the top */
    double nvb[4] = {vb[0] - ox / k, vb[1] - oy / k, f->w / k, f->h / k};
    char buf[160];
    snprintf(buf, sizeof buf, "%.2f %.2f %.2f %.2f", nvb[0], nvb[1], nvb[2], nvb[3]);
    xmlSetProp(root, (const xmlChar *)"viewBox", (const xmlChar *)buf);
    set_num(root, "width", f->w, "pt");
    set_num(root, "height", f->h, "pt");
    double size = f->text / k;
    double top = nvb[1] + (f->margin * 0.6) / k;
    double bottom = nvb[1] + (f->h - f->margin * 0.4) / k;
    double left = nvb[0] + f->margin / k;
    double right = nvb[0] + (f->w - f->margin) / k;
    int rc = 0;
    if (f->header)
        rc |= margin_text(doc, root, f->header, right, top, size, "end", "page-header");
    if (f->footer)
        rc |= margin_text(doc, root, f->footer, right, bottom, size, "end", "page-footer");
    if (f->footer_left)
        rc |= margin_text(doc, root, f->footer_left, left, bottom, size, "start", "page-footer");
    ov_status st = OV_ERR_MEMORY;
    if (rc == 0)
        st = dump_svg(doc, out, outlen, d);
    else
        ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "out of memory framing the page");
    xmlFreeDoc(doc);
    return st;
}

/* HREF with the characters cairo's tag attributes cannot take (quotes,
 * angle brackets, backslashes, spaces, anything not ASCII) percent-encoded: the same
 * address. NULL when nothing needs it or out of memory (*oom). */
static char *encode_href(const char *href, int *oom)
{
    size_t extra = 0;
    for (const unsigned char *p = (const unsigned char *)href; *p; p++)
        extra += *p <= ' ' || *p >= 0x7f || strchr("'\"\\<>", *p);
    if (extra == 0)
        return NULL;
    ov_buf b;
    ov_buf_init(&b);
    for (const unsigned char *p = (const unsigned char *)href; *p; p++) {
        if (*p <= ' ' || *p >= 0x7f || strchr("'\"\\<>", *p))
            ov_buf_printf(&b, "%%%02X", *p);
        else
            ov_buf_putc(&b, (char)*p);
    }
    char *s = ov_buf_take(&b);
    *oom = s == NULL;
    return s;
}

/* Marks every element that is or holds an <a> element (in its _private,
 * which nothing else here uses): one walk, and from each link up to the
 * first element marked already. */
static void mark_links(xmlNodePtr root)
{
    for (xmlNodePtr n = root; n; n = next_node(n, root, 1)) {
        if (!is_el(n, "a"))
            continue;
        for (xmlNodePtr up = n; up && up->type == XML_ELEMENT_NODE && !up->_private;
             up = up->parent)
            up->_private = up;
    }
}

/* 1 when N is or holds an <a> element (after mark_links). */
static int holds_link(xmlNodePtr n)
{
    return n->_private != NULL;
}

/* Sets N's opacity to its own times ALPHA; 0 when out of memory. */
static int scale_opacity(xmlNodePtr n, double alpha)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)"opacity");
    double own = v ? strtod((const char *)v, NULL) : 1.0;
    xmlFree(v);
    char num[32];
    snprintf(num, sizeof num, "%.3g", own * alpha);
    return xmlSetProp(n, (const xmlChar *)"opacity", (const xmlChar *)num) != NULL;
}

/* Moves the opacity of every see-through element that holds a link down
 * onto the parts below it that hold none (the links' shapes and texts), so
 * that no link is drawn inside a see-through group; 0 when out of memory.
 * Parts that overlap inside such a group (a name on its box) then blend
 * with each other a little, which a dimmed box may. */
static int opacity_below_links(xmlNodePtr root)
{
    mark_links(root);
    for (xmlNodePtr n = root; n; n = next_node(n, root, 1)) {
        if (n->type != XML_ELEMENT_NODE || !xmlHasProp(n, (const xmlChar *)"opacity") ||
            !holds_link(n))
            continue;
        xmlChar *v = xmlGetProp(n, (const xmlChar *)"opacity");
        double alpha = v ? strtod((const char *)v, NULL) : 1.0;
        xmlFree(v);
        xmlUnsetProp(n, (const xmlChar *)"opacity");
        /* down the tree from N: each part without a link takes ALPHA */
        for (xmlNodePtr c = n->children; c; c = next_node(c, n, holds_link(c))) {
            if (c->type == XML_ELEMENT_NODE && !holds_link(c) && !scale_opacity(c, alpha))
                return 0;
        }
    }
    return 1;
}

ov_status ov_svg_for_paint(const char *svg, size_t len, int for_pdf, char **out,
                           size_t *outlen, ov_diags *d)
{
    return ov_svg_for_paint_desc(svg, len, for_pdf, out, outlen, NULL, d);
}

ov_status ov_svg_for_paint_desc(const char *svg, size_t len, int for_pdf, char **out,
                                size_t *outlen, char **desc, ov_diags *d)
{
    *out = NULL;
    *outlen = 0;
    if (desc)
        *desc = NULL;
    xmlDocPtr doc = read_svg(svg, len, d);
    if (!doc)
        return OV_ERR_RENDER;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    int oom = 0;
    if (desc)
        *desc = child_text(root, "desc", &oom);
    /* librsvg reads "height:auto" as CSS: the picture would lose its size */
    xmlAttrPtr style = xmlHasProp(root, (const xmlChar *)"style");
    if (style)
        xmlRemoveProp(style);
    oom |= for_pdf && !opacity_below_links(root);
    xmlNodePtr n = root;
    while (n && !oom) {
        if (is_el(n, "a")) {
            for (xmlAttrPtr a = n->properties; a; a = a->next) {
                if (strcmp((const char *)a->name, "href") != 0)
                    continue;
                xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
                char *enc = v ? encode_href((const char *)v, &oom) : NULL;
                if (enc) /* escaped as an attribute value by libxml2 */
                    xmlSetNsProp(n, a->ns, a->name, (const xmlChar *)enc);
                free(enc);
                xmlFree(v);
            }
        }
        n = next_node(n, root, 1);
    }
    ov_status st = OV_ERR_MEMORY;
    if (!oom)
        st = dump_svg(doc, out, outlen, d);
    else
        ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "out of memory drawing the SVG");
    xmlFreeDoc(doc);
    if (st != OV_OK && desc) {
        free(*desc);
        *desc = NULL;
    }
    return st;
}

/* 1 when the class attribute of N has the token WORD. */
static int has_class(xmlNodePtr n, const char *word)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)"class");
    int found = 0;
    size_t len = strlen(word);
    for (const char *p = (const char *)v; p && *p && !found;) {
        while (*p == ' ')
            p++;
        size_t k = strcspn(p, " ");
        found = k == len && strncmp(p, word, len) == 0;
        p += k;
    }
    xmlFree(v);
    return found;
}

ov_status ov_svg_dim(const char *svg, size_t len, char **out, size_t *outlen, ov_diags *d)
{
    *out = NULL;
    *outlen = 0;
    xmlDocPtr doc = read_svg(svg, len, d);
    if (!doc)
        return OV_ERR_RENDER;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    for (xmlNodePtr n = root; n;) {
        int dim = n->type == XML_ELEMENT_NODE && has_class(n, "dimmed");
        if (dim)
            xmlSetProp(n, (const xmlChar *)"opacity", (const xmlChar *)OV_DIM_OPACITY);
        n = next_node(n, root, !dim);
    }
    ov_status st = dump_svg(doc, out, outlen, d);
    xmlFreeDoc(doc);
    return st;
}
