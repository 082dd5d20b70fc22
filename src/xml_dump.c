/* A libxml2 document written out as xmlDocDumpMemoryEnc(doc, "UTF-8")
 * writes it, for the trees the SVG finisher makes: elements, their
 * namespace declarations and attributes, and text. libxml2's own writer
 * goes through an output buffer, an encoder and a callback per piece,
 * which for a national chart (two megabytes) cost about three times
 * this. Anything else in the tree (a comment, CDATA, an entity
 * reference, an attribute value that is not plain text, a document
 * without an encoding) and ov_xml_dump declines: the caller then uses
 * libxml2. The rules follow libxml2 2.9's xmlsave.c (format 0, an
 * encoding given): tests/unit/test_xml_dump.c compares the two. */
#include "xml_dump.h"

#include <stdlib.h>
#include <string.h>

/* S escaped as libxml2 escapes text between tags (xmlEscapeContent) or,
 * for ATTR, an attribute value (xmlBufAttrSerializeTxtContent with the
 * document's encoding set: bytes from 0x80 up are written as they are). */
static void put_escaped(ov_buf *b, const char *s, int attr)
{
    const char *run = s;
    for (const char *p = s;; p++) {
        const char *rep = NULL;
        switch (*p) {
        case '\0':
            ov_buf_putn(b, run, (size_t)(p - run));
            return;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '&':
            rep = "&amp;";
            break;
        case '\r':
            rep = "&#13;";
            break;
        case '\n':
            rep = attr ? "&#10;" : NULL;
            break;
        case '\t':
            rep = attr ? "&#9;" : NULL;
            break;
        case '"':
            rep = attr ? "&quot;" : NULL;
            break;
        default:
            break;
        }
        if (!rep)
            continue;
        ov_buf_putn(b, run, (size_t)(p - run));
        ov_buf_puts(b, rep);
        run = p + 1;
    }
}

static void put_name(ov_buf *b, xmlNsPtr ns, const xmlChar *name)
{
    if (ns && ns->prefix) {
        ov_buf_puts(b, (const char *)ns->prefix);
        ov_buf_putc(b, ':');
    }
    ov_buf_puts(b, (const char *)name);
}

/* 1 when N and everything below it is of the kinds written here. The
 * depth is libxml2's parser's (at most 2048 levels, XML_PARSE_HUGE). */
static int plain_tree(xmlNodePtr n)
{
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE) {
            /* libxml2's "textnoenc" nodes are written without escaping */
            if (n->name && strcmp((const char *)n->name, "textnoenc") == 0)
                return 0;
            continue;
        }
        if (n->type != XML_ELEMENT_NODE)
            return 0;
        for (xmlNsPtr ns = n->nsDef; ns; ns = ns->next) {
            if (ns->type != XML_LOCAL_NAMESPACE || !ns->href ||
                strchr((const char *)ns->href, '"') ||
                (ns->prefix && strcmp((const char *)ns->prefix, "xml") == 0))
                return 0;
        }
        for (xmlAttrPtr a = n->properties; a; a = a->next) {
            xmlNodePtr c = a->children;
            if (c && (c->type != XML_TEXT_NODE || c->next || !c->content))
                return 0;
        }
        if (!plain_tree(n->children))
            return 0;
    }
    return 1;
}

static void put_start(ov_buf *b, xmlNodePtr n)
{
    ov_buf_putc(b, '<');
    put_name(b, n->ns, n->name);
    for (xmlNsPtr ns = n->nsDef; ns; ns = ns->next) {
        ov_buf_puts(b, ns->prefix ? " xmlns:" : " xmlns");
        if (ns->prefix)
            ov_buf_puts(b, (const char *)ns->prefix);
        ov_buf_puts(b, "=\"");
        ov_buf_puts(b, (const char *)ns->href);
        ov_buf_putc(b, '"');
    }
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
        ov_buf_putc(b, ' ');
        put_name(b, a->ns, a->name);
        ov_buf_puts(b, "=\"");
        if (a->children)
            put_escaped(b, (const char *)a->children->content, 1);
        ov_buf_putc(b, '"');
    }
    ov_buf_puts(b, n->children ? ">" : "/>");
}

/* The tree from ROOT, in document order, without recursion (a tree as
 * deep as its input allows). */
static void put_tree(ov_buf *b, xmlNodePtr root)
{
    xmlNodePtr n = root;
    while (n) {
        if (n->type == XML_TEXT_NODE) {
            if (n->content)
                put_escaped(b, (const char *)n->content, 0);
        } else {
            put_start(b, n);
            if (n->children) {
                n = n->children;
                continue;
            }
        }
        /* up to the next sibling, closing what ends on the way */
        while (n != root && !n->next) {
            n = n->parent;
            ov_buf_puts(b, "</");
            put_name(b, n->ns, n->name);
            ov_buf_putc(b, '>');
        }
        n = n == root ? NULL : n->next;
    }
}

int ov_xml_dump(xmlDocPtr doc, ov_buf *out)
{
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root || doc->children != root || root->next || !doc->encoding ||
        strcmp((const char *)doc->encoding, "UTF-8") != 0 ||
        (doc->version && strcmp((const char *)doc->version, "1.0") != 0) || doc->standalone == 0 ||
        doc->standalone == 1 || !plain_tree(root))
        return -1;
    ov_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    put_tree(out, root);
    ov_buf_putc(out, '\n');
    return out->oom ? -2 : 0;
}

int ov_xml_dump_doc(xmlDocPtr doc, char **out, size_t *outlen)
{
    ov_buf b;
    ov_buf_init(&b);
    int fast = ov_xml_dump(doc, &b);
    if (fast == 0) {
        *outlen = b.len;
        *out = ov_buf_take(&b);
        return *out ? 0 : -1;
    }
    ov_buf_free(&b);
    if (fast != -1)
        return -1;
    xmlChar *mem = NULL;
    int memlen = 0;
    xmlDocDumpMemoryEnc(doc, &mem, &memlen, "UTF-8");
    *out = mem && memlen >= 0 ? malloc((size_t)memlen + 1) : NULL;
    if (*out) {
        memcpy(*out, mem, (size_t)memlen);
        (*out)[memlen] = '\0';
        *outlen = (size_t)memlen;
    }
    xmlFree(mem);
    return *out ? 0 : -1;
}
