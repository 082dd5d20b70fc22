/* Finishing Graphviz's SVG with libxml2.
 *
 * Graphviz 2.43 writes version and title comments, a DOCTYPE, a <title>
 * with the internal node name in every group, and URLs without escaping.
 * This file parses its output as XML (no network, no entity expansion),
 * edits the tree and serialises it again, so that every attribute value
 * and text it adds is escaped by libxml2:
 *   - comments and the DOCTYPE go;
 *   - the root gets a role, aria-labelledby, aria-describedby and a first
 *     <title> and <desc> (from META), style="max-width:100%;height:auto"
 *     and, when responsive, no width or height;
 *   - each group named in META gets, for a safe http(s) URL, its children
 *     wrapped in <a href target="_top">, and its tooltip as the <title> of
 *     the link, or of the group (then role="graphics-object"); its <text>
 *     is aria-hidden; other groups lose the <title> Graphviz gave them (an
 *     internal name is no tooltip);
 *   - every id is made unique (later duplicates get "-2", "-3", ...), then
 *     prefixed (svg.h says why and how). */
#include "svg.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "util.h"
#include "xml_dump.h"

#define SVG_NS "http://www.w3.org/2000/svg"
#define XLINK_NS "http://www.w3.org/1999/xlink"

/* ---- meta ------------------------------------------------------------- */

void ov_svg_meta_init(ov_svg_meta *m)
{
    memset(m, 0, sizeof *m);
}

void ov_svg_meta_free(ov_svg_meta *m)
{
    free(m->title);
    free(m->desc);
    for (size_t i = 0; i < m->nitems; i++) {
        free(m->items[i].id);
        free(m->items[i].tooltip);
        free(m->items[i].url);
    }
    free(m->items);
    ov_svg_meta_init(m);
}

static int dup_or_null(const char *s, char **out)
{
    *out = NULL;
    if (!s)
        return 0;
    *out = ov_strdup(s);
    return *out ? 0 : -1;
}

int ov_svg_meta_add(ov_svg_meta *m, const char *id, const char *tooltip, const char *url)
{
    if (m->nitems == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 32;
        ov_svg_item *p = realloc(m->items, cap * sizeof *p);
        if (!p)
            return -1;
        m->items = p;
        m->cap = cap;
    }
    ov_svg_item it = {NULL, NULL, NULL};
    if (dup_or_null(id, &it.id) || dup_or_null(tooltip, &it.tooltip) || dup_or_null(url, &it.url) ||
        !it.id) {
        free(it.id);
        free(it.tooltip);
        free(it.url);
        return -1;
    }
    m->items[m->nitems++] = it;
    return 0;
}

/* ---- a small id -> element table ------------------------------------- */

typedef struct {
    char *key;
    xmlNodePtr node;
} id_slot;

typedef struct {
    id_slot *slots;
    size_t cap; /* a power of two */
    size_t count;
    int oom;
} id_table;

static void table_free(id_table *t)
{
    for (size_t i = 0; i < t->cap; i++)
        free(t->slots[i].key);
    free(t->slots);
    memset(t, 0, sizeof *t);
}

static id_slot *table_slot(const id_table *t, const char *key)
{
    size_t i = (size_t)ov_hash_str(key) & (t->cap - 1);
    while (t->slots[i].key && strcmp(t->slots[i].key, key) != 0)
        i = (i + 1) & (t->cap - 1);
    return &t->slots[i];
}

static xmlNodePtr table_get(const id_table *t, const char *key)
{
    if (t->cap == 0)
        return NULL;
    id_slot *s = table_slot(t, key);
    return s->key ? s->node : NULL;
}

static int table_grow(id_table *t)
{
    size_t cap = t->cap ? t->cap * 2 : 256;
    id_slot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    id_table bigger = {slots, cap, t->count, 0};
    for (size_t i = 0; i < t->cap; i++) {
        if (t->slots[i].key)
            *table_slot(&bigger, t->slots[i].key) = t->slots[i];
    }
    free(t->slots);
    *t = bigger;
    return 0;
}

/* Takes KEY (a malloc'd string). */
static void table_put(id_table *t, char *key, xmlNodePtr node)
{
    if (!key || ((t->count + 1) * 2 > t->cap && table_grow(t) != 0)) {
        free(key);
        t->oom = 1;
        return;
    }
    id_slot *s = table_slot(t, key);
    s->key = key;
    s->node = node;
    t->count++;
}

/* ---- text ---------------------------------------------------------------- */

/* A copy of S that XML 1.0 accepts (ov_buf_put_xml without escaping:
 * libxml2 escapes). NULL when out of memory. */
static char *xml_text(const char *s)
{
    ov_buf b;
    ov_buf_init(&b);
    ov_buf_put_xml(&b, s, 0);
    return ov_buf_take(&b);
}

/* ---- tree edits --------------------------------------------------------- */

static int is_element(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* Removes comments; turns entity references that the parser could not
 * resolve (Graphviz 2.43 passes "&name;" in text through unescaped) back
 * into the literal text they were. */
static void clean_tree(xmlNodePtr n)
{
    xmlNodePtr next;
    for (; n; n = next) {
        next = n->next;
        if (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE) {
            /* and the line break after it */
            if (next && next->type == XML_TEXT_NODE && xmlIsBlankNode(next)) {
                xmlNodePtr ws = next;
                next = ws->next;
                xmlUnlinkNode(ws);
                xmlFreeNode(ws);
            }
            xmlUnlinkNode(n);
            xmlFreeNode(n);
            continue;
        }
        if (n->type == XML_ENTITY_REF_NODE) {
            char *lit = ov_asprintf("&%s;", (const char *)n->name);
            xmlNodePtr text = lit ? xmlNewDocText(n->doc, (const xmlChar *)lit) : NULL;
            free(lit);
            if (text)
                xmlAddNextSibling(n, text);
            xmlUnlinkNode(n);
            xmlFreeNode(n);
            continue;
        }
        if (n->type == XML_ELEMENT_NODE)
            clean_tree(n->children);
    }
}

/* Gives every element a unique id (document order: the first keeps it)
 * and records them in T. */
static void unique_ids(xmlNodePtr n, id_table *t)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        xmlChar *id = xmlGetProp(n, (const xmlChar *)"id");
        if (id) {
            char *key = ov_strdup((const char *)id);
            for (unsigned k = 2; key && table_get(t, key); k++) {
                free(key);
                key = ov_asprintf("%s-%u", (const char *)id, k);
            }
            if (key && strcmp(key, (const char *)id) != 0)
                xmlSetProp(n, (const xmlChar *)"id", (const xmlChar *)key);
            table_put(t, key, n);
            xmlFree(id);
        }
        unique_ids(n->children, t);
    }
}

/* The <title> child of a group, or NULL. */
static xmlNodePtr title_of(xmlNodePtr g)
{
    for (xmlNodePtr c = g->children; c; c = c->next) {
        if (is_element(c, "title"))
            return c;
    }
    return NULL;
}

/* Marks a group whose Graphviz <title> stays (a META item without a
 * tooltip), in libxml2's field for applications. */
static char keep_title;

/* Removes the <title> Graphviz puts in every group (the internal name of
 * the graph, cluster, node or edge); META's groups get theirs later. */
static void drop_titles(xmlNodePtr n)
{
    for (; n; n = n->next) {
        if (!is_element(n, "g"))
            continue;
        xmlNodePtr t = n->_private == &keep_title ? NULL : title_of(n);
        if (t) {
            /* the whitespace after it goes too */
            xmlNodePtr ws = t->next;
            xmlUnlinkNode(t);
            xmlFreeNode(t);
            if (ws && ws->type == XML_TEXT_NODE && xmlIsBlankNode(ws)) {
                xmlUnlinkNode(ws);
                xmlFreeNode(ws);
            }
        }
        drop_titles(n->children);
    }
}

static xmlNodePtr new_text_element(xmlDocPtr doc, xmlNsPtr ns, const char *name, const char *text)
{
    char *safe = xml_text(text ? text : "");
    xmlNodePtr e = safe ? xmlNewDocNode(doc, ns, (const xmlChar *)name, NULL) : NULL;
    if (e)
        xmlNodeAddContent(e, (const xmlChar *)safe);
    free(safe);
    return e;
}

static void set_prop(xmlNodePtr n, const char *name, const char *value);

/* Hides every <text> below N from assistive technology: the object's
 * <title> names it once. */
static void hide_texts(xmlNodePtr n)
{
    for (; n; n = n->next) {
        if (is_element(n, "text"))
            set_prop(n, "aria-hidden", "true");
        else if (n->type == XML_ELEMENT_NODE)
            hide_texts(n->children);
    }
}

/* 1 when TEXT is only geometric shapes (U+25A0 to U+25FF, such as the
 * key's arrowhead U+25BA) and spaces: a drawing, not words. */
static int only_shapes(const xmlChar *text)
{
    const unsigned char *p = text;
    int shapes = 0;
    while (*p) {
        if (*p == ' ') {
            p++;
        } else if (p[0] == 0xE2 && p[1] == 0x96 && p[2] >= 0xA0) {
            p += 3; /* U+25A0 to U+25BF */
            shapes++;
        } else if (p[0] == 0xE2 && p[1] == 0x97 && p[2] >= 0x80 && p[2] <= 0xBF) {
            p += 3; /* U+25C0 to U+25FF */
            shapes++;
        } else {
            return 0;
        }
    }
    return shapes > 0;
}

/* Hides from assistive technology every <text> below N that is only
 * geometric shapes: a screen reader would say "black right-pointing
 * pointer" for the key's arrowheads. */
static void hide_shapes(xmlNodePtr n)
{
    for (; n; n = n->next) {
        if (is_element(n, "text")) {
            xmlChar *t = xmlNodeGetContent(n);
            if (t && only_shapes(t))
                set_prop(n, "aria-hidden", "true");
            xmlFree(t);
        } else if (n->type == XML_ELEMENT_NODE) {
            hide_shapes(n->children);
        }
    }
}

/* Wraps G's children in <a href=URL target="_top">, puts TOOLTIP as the
 * first <title> of the link or else of G (then a named graphics-object),
 * and hides G's texts. Sets *LINKED when a link was made. */
static int decorate(xmlDocPtr doc, xmlNsPtr ns, xmlNsPtr xlink, xmlNodePtr g, const ov_svg_item *it,
                    int *linked)
{
    xmlNodePtr holder = g;
    if (it->url && ov_url_is_safe(it->url)) {
        char *url = xml_text(it->url);
        xmlNodePtr a = url ? xmlNewDocNode(doc, ns, (const xmlChar *)"a", NULL) : NULL;
        if (!a) {
            free(url);
            return -1;
        }
        xmlSetProp(a, (const xmlChar *)"href", (const xmlChar *)url);
        xmlSetNsProp(a, xlink, (const xmlChar *)"href", (const xmlChar *)url);
        /* inside an <object> or <iframe>, the link opens in the page */
        xmlSetProp(a, (const xmlChar *)"target", (const xmlChar *)"_top");
        free(url);
        xmlNodePtr next;
        for (xmlNodePtr c = g->children; c; c = next) {
            next = c->next;
            xmlUnlinkNode(c);
            xmlAddChild(a, c);
        }
        xmlAddChild(g, a);
        holder = a;
        *linked = 1;
    }
    if (it->tooltip) {
        xmlNodePtr t = new_text_element(doc, ns, "title", it->tooltip);
        if (!t)
            return -1;
        if (holder->children)
            xmlAddPrevSibling(holder->children, t);
        else
            xmlAddChild(holder, t);
        if (holder == g)
            set_prop(g, "role", "graphics-object");
        hide_texts(holder->children);
    }
    return 0;
}

static void set_prop(xmlNodePtr n, const char *name, const char *value)
{
    xmlSetProp(n, (const xmlChar *)name, (const xmlChar *)value);
}

static void unset_prop(xmlNodePtr n, const char *name)
{
    xmlAttrPtr a = xmlHasProp(n, (const xmlChar *)name);
    if (a)
        xmlRemoveProp(a);
}

int ov_svg_prefix_ok(const char *p)
{
    size_t n = strlen(p);
    if (n == 0)
        return 1;
    if (n > 64 || !((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z') || p[0] == '_'))
        return 0;
    for (size_t i = 1; i < n; i++) {
        char c = p[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '-'))
            return 0;
    }
    return 1;
}

/* Root title and desc, first children, with ids "title" and "desc"
 * (another suffix on the unlikely clash with an id of the drawing). */
static int add_root_text(xmlDocPtr doc, xmlNsPtr ns, xmlNodePtr root, const ov_svg_meta *meta,
                         id_table *ids, char *tid, char *did, size_t idsize)
{
    const char *title = meta->title ? meta->title : "Chart";
    for (unsigned k = 1;; k++) {
        snprintf(tid, idsize, k == 1 ? "title" : "title-%u", k);
        snprintf(did, idsize, k == 1 ? "desc" : "desc-%u", k);
        if (!table_get(ids, tid) && !table_get(ids, did))
            break;
    }
    xmlNodePtr t = new_text_element(doc, ns, "title", title);
    xmlNodePtr d = meta->desc ? new_text_element(doc, ns, "desc", meta->desc) : NULL;
    if (!t || (meta->desc && !d)) {
        xmlFreeNode(t);
        xmlFreeNode(d);
        return -1;
    }
    set_prop(t, "id", tid);
    if (d)
        set_prop(d, "id", did);
    /* before the first element, keeping Graphviz's line breaks */
    xmlNodePtr first = root->children;
    while (first && first->type != XML_ELEMENT_NODE)
        first = first->next;
    xmlNodePtr add[4] = {t, xmlNewDocText(doc, (const xmlChar *)"\n"), d,
                         d ? xmlNewDocText(doc, (const xmlChar *)"\n") : NULL};
    for (size_t i = 0; i < 4; i++) {
        if (!add[i])
            continue;
        if (first)
            xmlAddPrevSibling(first, add[i]);
        else
            xmlAddChild(root, add[i]);
    }
    if (!d)
        did[0] = '\0';
    return 0;
}

/* Puts PREFIX before every id of the tree below N. */
static int prefix_ids(xmlNodePtr n, const char *prefix)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        xmlChar *id = xmlGetProp(n, (const xmlChar *)"id");
        if (id) {
            char *full = ov_asprintf("%s%s", prefix, (const char *)id);
            xmlFree(id);
            if (!full)
                return -1;
            set_prop(n, "id", full);
            free(full);
        }
        if (prefix_ids(n->children, prefix) != 0)
            return -1;
    }
    return 0;
}

/* The root's role, name and description, all ids prefixed. */
static int finish_root(xmlNodePtr root, const ov_svg_meta *meta, const char *tid,
                       const char *did, int linked)
{
    char derived[16];
    const char *prefix = meta->id_prefix;
    if (!prefix) {
        uint64_t h = ov_hash_str(meta->title ? meta->title : "") ^
                     (meta->desc ? ov_hash_str(meta->desc) * 31u : 0u);
        snprintf(derived, sizeof derived, "ov%08x-", (unsigned)(h & 0xffffffffu));
        prefix = derived;
    }
    if (prefix_ids(root, prefix) != 0)
        return -1;
    char *labelled = ov_asprintf("%s%s", prefix, tid);
    char *described = *did ? ov_asprintf("%s%s", prefix, did) : NULL;
    if (!labelled || (*did && !described)) {
        free(labelled);
        free(described);
        return -1;
    }
    /* an img's content is presentational: links inside would be lost
     * (axe: nested-interactive) */
    set_prop(root, "role", linked ? "graphics-document" : "img");
    set_prop(root, "aria-labelledby", labelled);
    if (described)
        set_prop(root, "aria-describedby", described);
    free(labelled);
    free(described);
    return 0;
}

ov_status ov_svg_finish(const char *in, size_t inlen, const ov_svg_meta *meta, int responsive,
                        char **out, size_t *outlen, ov_diags *d)
{
    *out = NULL;
    *outlen = 0;
    ov_status st = OV_ERR_RENDER;
    id_table ids = {NULL, 0, 0, 0};
    if (inlen > (size_t)INT32_MAX) {
        ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "the SVG is too large to finish");
        return OV_ERR_RENDER;
    }
    /* no network, no DTD loading, no entity substitution */
    /* XML_PARSE_HUGE: a national chart is tens of megabytes, past libxml2's
     * default limits; the input is Graphviz's rendering of our own graph,
     * with no entities to expand. XML_PARSE_COMPACT keeps short texts in
     * their nodes (fewer allocations; the tree and its output are the same) */
    xmlDocPtr doc = xmlReadMemory(in, (int)inlen, "graphviz.svg", "UTF-8",
                                  XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR |
                                      XML_PARSE_COMPACT | XML_PARSE_HUGE);
    if (!doc) {
        const xmlError *e = xmlGetLastError();
        ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL,
                    "graphviz wrote SVG that is not well-formed XML (line %d: %s)", e ? e->line : 0,
                    e && e->message ? e->message : "unknown error");
        goto done;
    }
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!is_element(root, "svg")) {
        ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "graphviz did not write an SVG");
        goto done;
    }
    xmlDtdPtr dtd = xmlGetIntSubset(doc);
    if (dtd) {
        xmlUnlinkNode((xmlNodePtr)dtd);
        xmlFreeDtd(dtd);
    }
    doc->standalone = -1;
    clean_tree(doc->children);
    xmlNsPtr ns = xmlSearchNsByHref(doc, root, (const xmlChar *)SVG_NS);
    xmlNsPtr xlink = xmlSearchNsByHref(doc, root, (const xmlChar *)XLINK_NS);
    if (!xlink)
        xlink = xmlNewNs(root, (const xmlChar *)XLINK_NS, (const xmlChar *)"xlink");
    unique_ids(root, &ids);
    if (ids.oom)
        goto oom;
    for (size_t i = 0; i < meta->nitems; i++) {
        xmlNodePtr g = table_get(&ids, meta->items[i].id);
        if (g && !meta->items[i].tooltip)
            g->_private = &keep_title;
    }
    drop_titles(root->children);
    char tid[32];
    char did[32];
    if (add_root_text(doc, ns, root, meta, &ids, tid, did, sizeof tid) != 0)
        goto oom;
    int linked = 0;
    for (size_t i = 0; i < meta->nitems; i++) {
        xmlNodePtr g = table_get(&ids, meta->items[i].id);
        if (g && decorate(doc, ns, xlink, g, &meta->items[i], &linked) != 0)
            goto oom;
    }
    if (finish_root(root, meta, tid, did, linked) != 0)
        goto oom;
    hide_shapes(root->children);
    /* a physical size (pt) for office suites, and a page may still scale
     * it down; responsive: no size, the page decides */
    if (responsive) {
        unset_prop(root, "width");
        unset_prop(root, "height");
    }
    set_prop(root, "preserveAspectRatio", "xMidYMid meet");
    set_prop(root, "style", "max-width:100%;height:auto");
    if (ov_xml_dump_doc(doc, out, outlen) != 0)
        goto oom;
    st = OV_OK;
    goto done;
oom:
    ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "out of memory while finishing the SVG");
    st = OV_ERR_MEMORY;
done:
    table_free(&ids);
    xmlFreeDoc(doc);
    return st;
}
