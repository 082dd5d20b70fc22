/* xml_dump.c writes what libxml2's xmlDocDumpMemoryEnc(.., "UTF-8")
 * writes, byte for byte: both write the same trees here, parsed as the
 * SVG finisher parses and edited as it edits, with every character that
 * either escapes; and trees it does not handle are left to libxml2. */
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "xml_dump.h"
#include "../harness.h"

static xmlDocPtr parse(const char *text)
{
    return xmlReadMemory(text, (int)strlen(text), "t.svg", "UTF-8",
                         XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR |
                             XML_PARSE_COMPACT | XML_PARSE_HUGE);
}

/* 1 when ov_xml_dump writes DOC as libxml2 does. */
static int same_as_libxml2(xmlDocPtr doc)
{
    xmlChar *mem = NULL;
    int memlen = 0;
    xmlDocDumpMemoryEnc(doc, &mem, &memlen, "UTF-8");
    ov_buf b;
    ov_buf_init(&b);
    int rc = ov_xml_dump(doc, &b);
    int same = rc == 0 && mem && b.len == (size_t)memlen && memcmp(b.data, mem, b.len) == 0;
    if (!same)
        printf("# libxml2: %s\n# ours:    %s\n", mem ? (const char *)mem : "(null)",
               b.data ? b.data : "(null)");
    xmlFree(mem);
    ov_buf_free(&b);
    return same;
}

static const char *const svg =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
    "<svg width=\"10pt\" height=\"5pt\" viewBox=\"0.00 0.00 10.00 5.00\" "
    "xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n"
    "<g id=\"graph0\" class=\"graph\" transform=\"scale(1 1)\">\n"
    "<g id=\"node&#45;1\" class=\"a &amp; b &lt;c&gt; &quot;d&quot; 'e'\">\n"
    "<path fill=\"#ffffff\" d=\"M1,2C3,4 5,6 7,8\"/>\n"
    "<text x=\"1\" y=\"2\" tab=\"a&#9;b&#10;c&#13;d\">A &amp; B &lt; C &gt; D \"q\" 'a' ]]&gt;"
    " &#13;\xc3\xa9 \xe2\x96\xba \xf0\x9f\x98\x80</text>\n"
    "<a xlink:href=\"https://example.org/?a=1&amp;b=2\" target=\"_top\"><text>x</text></a>\n"
    "<g></g>\n"
    "</g>\n"
    "</g>\n"
    "</svg>\n";

/* The SVG above parsed, without its standalone declaration (as the
 * finisher leaves it); NULL on failure. */
static xmlDocPtr parsed_svg(void)
{
    xmlDocPtr doc = parse(svg);
    if (doc)
        doc->standalone = -1;
    return doc;
}

static void test_parsed_tree(void)
{
    xmlDocPtr doc = parsed_svg();
    CHECK(doc != NULL);
    CHECK(doc && same_as_libxml2(doc));
    xmlFreeDoc(doc);
}

/* What the finisher does to a tree: new elements and texts, attributes
 * set, replaced and removed, a namespace declared, an empty text child. */
static void test_edited_tree(void)
{
    xmlDocPtr doc = parsed_svg();
    CHECK(doc != NULL);
    if (!doc)
        return;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    xmlNsPtr ns = xmlSearchNsByHref(doc, root, (const xmlChar *)"http://www.w3.org/2000/svg");
    xmlNsPtr extra = xmlNewNs(root, (const xmlChar *)"urn:x", (const xmlChar *)"x");
    xmlNodePtr title = xmlNewDocNode(doc, ns, (const xmlChar *)"title", NULL);
    xmlNodeAddContent(title, (const xmlChar *)"Tab\there, \"quotes\" & <tags>\r\n\xc3\xa9");
    xmlAddPrevSibling(root->children, title);
    xmlSetProp(root, (const xmlChar *)"aria-label",
               (const xmlChar *)"a\"b'c<d>e&f\tg\nh\ri \xc3\xa9");
    xmlSetProp(root, (const xmlChar *)"width", (const xmlChar *)"20pt");
    xmlAttrPtr h = xmlHasProp(root, (const xmlChar *)"height");
    if (h)
        xmlRemoveProp(h);
    xmlSetNsProp(title, extra, (const xmlChar *)"k", (const xmlChar *)"v");
    xmlNewProp(title, (const xmlChar *)"empty", NULL);
    xmlNodePtr empty = xmlNewDocNode(doc, ns, (const xmlChar *)"desc", NULL);
    xmlAddChild(empty, xmlNewDocText(doc, (const xmlChar *)""));
    xmlAddChild(root, empty);
    CHECK(same_as_libxml2(doc));
    xmlFreeDoc(doc);
}

/* A tree nested deeper than a chart ever is (libxml2 allows 2048 levels
 * with XML_PARSE_HUGE), read without a standalone declaration. */
static void test_deep_tree(void)
{
    ov_buf b;
    ov_buf_init(&b);
    ov_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"urn:s\">");
    for (int i = 0; i < 1000; i++)
        ov_buf_puts(&b, i % 2 ? "<g>t" : "<g a=\"1\">");
    for (int i = 0; i < 1000; i++)
        ov_buf_puts(&b, "</g>");
    ov_buf_puts(&b, "</svg>");
    xmlDocPtr doc = b.data ? parse(b.data) : NULL;
    CHECK(doc != NULL);
    /* no standalone declaration: as svg_page.c reads a finished SVG */
    CHECK(doc && same_as_libxml2(doc));
    xmlFreeDoc(doc);
    ov_buf_free(&b);
}

/* Comments, CDATA, a standalone declaration: libxml2's to write. */
static void test_declines(void)
{
    static const char *const others[] = {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg><!-- c --></svg>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg><![CDATA[<x>]]></svg>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<svg/>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<?pi x?><svg/>",
    };
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        xmlDocPtr doc = parse(others[i]);
        CHECK(doc != NULL);
        ov_buf b;
        ov_buf_init(&b);
        CHECK_MSG(doc && ov_xml_dump(doc, &b) == -1, "case %zu", i);
        CHECK(b.len == 0);
        ov_buf_free(&b);
        xmlFreeDoc(doc);
    }
}

int main(void)
{
    RUN(test_parsed_tree);
    RUN(test_edited_tree);
    RUN(test_deep_tree);
    RUN(test_declines);
    xmlCleanupParser();
    DONE();
}
