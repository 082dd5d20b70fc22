/* gv.c's own guards, through its interface: every attribute value handed
 * to Graphviz is cleared of the characters XML forbids (the replacing path
 * of ov_gv_set and ov_gv_set_html), so that Graphviz's SVG stays
 * well-formed whatever the caller passes; and the table of measured text
 * changes no byte of what Graphviz draws. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gv.h"
#include "../harness.h"

/* Bytes of the last render (a PNG holds NUL bytes). */
static size_t rendered_len;

/* G laid out with ENGINE and rendered as FORMAT, NUL-terminated, its
 * length in rendered_len; closes G. NULL on failure. */
static char *rendered(ov_gv *g_v, ov_ggraph *g, const char *engine, const char *format)
{
    ov_diags d;
    ov_diags_init(&d);
    char *out = NULL;
    size_t len = 0;
    ov_status st = ov_gv_render(g_v, g, engine, format, &out, &len, &d);
    ov_gv_close(g);
    ov_diags_free(&d);
    char *text = st == OV_OK ? malloc(len + 1) : NULL;
    if (text) {
        memcpy(text, out, len);
        text[len] = '\0';
    }
    free(out);
    rendered_len = text ? len : 0;
    return text;
}

/* DOT source of a one-node graph whose label (plain or HTML) is VALUE. */
static char *dot_of(ov_gv *g_v, const char *value, int html)
{
    ov_ggraph *g = ov_gv_graph("g");
    ov_gnode *n = g ? ov_gv_node(g, "n") : NULL;
    if (!n) {
        ov_gv_close(g);
        return NULL;
    }
    if (html)
        ov_gv_set_html(n, "label", value);
    else
        ov_gv_set(n, "label", value);
    ov_gv_set(n, "tooltip", value);
    return rendered(g_v, g, "dot", "dot");
}

static ov_gv *gv;

static void test_forbidden_replaced(void)
{
    /* U+0001, U+001F and U+FFFF become spaces; tab, é and the rest stay */
    char *dot = dot_of(gv, "a\x01" "b\x1f" "c\xef\xbf\xbf" "d\xc3\xa9", 0);
    CHECK(dot != NULL);
    CHECK(dot && strstr(dot, "label=\"a b c d\xc3\xa9\"") != NULL);
    CHECK(dot && strstr(dot, "tooltip=\"a b c d\xc3\xa9\"") != NULL);
    CHECK(dot && !strchr(dot, '\x01') && !strchr(dot, '\x1f') && !strstr(dot, "\xef\xbf\xbf"));
    free(dot);
    dot = dot_of(gv, "<b>x\x02y</b>", 1);
    CHECK(dot && strstr(dot, "label=<<b>x y</b>>") != NULL);
    free(dot);
}

static void test_clean_values_unchanged(void)
{
    char *dot = dot_of(gv, "NHS Herefordshire & Worcestershire \xe2\x80\x93 CCG", 0);
    CHECK(dot && strstr(dot, "NHS Herefordshire & Worcestershire \xe2\x80\x93 CCG") != NULL);
    free(dot);
}

/* An SVG (or FORMAT) of nodes whose labels repeat texts in other fonts, sizes and
 * weights, each box sized by its text; NULL on failure. */
static char *svg_of_labels(ov_gv *g_v, const char *format)
{
    static const char *const labels[] = {
        "<B>GP practice</B>",
        "GP practice",
        "<FONT POINT-SIZE=\"8\">GP practice</FONT>",
        "<TABLE BORDER=\"0\"><TR><TD><B>NHS England</B></TD></TR>"
        "<TR><TD><I>National body</I></TD></TR></TABLE>",
        "<B>GP practice</B>",
        "<FONT FACE=\"Courier\">GP practice</FONT>",
        "<TABLE BORDER=\"0\"><TR><TD><B>NHS England</B></TD></TR>"
        "<TR><TD><I>National body</I></TD></TR></TABLE>",
    };
    ov_ggraph *g = ov_gv_graph("g");
    if (!g)
        return NULL;
    ov_gv_default(g, OV_GV_NODE, "fontname", "Arial");
    ov_gv_default(g, OV_GV_NODE, "shape", "box");
    char name[16];
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
        snprintf(name, sizeof name, "n%zu", i);
        ov_gnode *n = ov_gv_node(g, name);
        char pos[32];
        snprintf(pos, sizeof pos, "%zu,0!", i * 150);
        if (n) {
            ov_gv_set_html(n, "label", labels[i]);
            ov_gv_set(n, "pos", pos);
        }
    }
    ov_gnode *plain = ov_gv_node(g, "plain");
    if (plain) {
        ov_gv_set(plain, "label", "GP practice");
        ov_gv_set(plain, "pos", "0,100!");
    }
    return rendered(g_v, g, "nop2", format);
}

static void test_text_table_same_bytes(void)
{
    ov_gv_text_cache(gv, 0);
    size_t hits = ov_gv_text_hits(gv);
    char *measured = svg_of_labels(gv, "svg");
    CHECK(measured != NULL);
    CHECK(ov_gv_text_hits(gv) == hits);
    ov_gv_text_cache(gv, 1);
    char *first = svg_of_labels(gv, "svg");
    size_t after_first = ov_gv_text_hits(gv);
    /* the repeated texts come from the table already */
    CHECK_MSG(after_first > hits, "no span was answered from the table");
    char *again = svg_of_labels(gv, "svg");
    CHECK(ov_gv_text_hits(gv) > after_first);
    CHECK(measured && first && strcmp(measured, first) == 0);
    CHECK(measured && again && strcmp(measured, again) == 0);
    free(measured);
    free(first);
    free(again);
}

/* Graphviz's cairo renderer draws text with the PangoLayout that a span
 * answered from the table does not have: its renders bypass the table. */
static void test_text_table_not_for_cairo(void)
{
    ov_gv_text_cache(gv, 0);
    char *cold = svg_of_labels(gv, "png");
    size_t cold_len = rendered_len;
    ov_gv_text_cache(gv, 1);
    char *warm = svg_of_labels(gv, "svg");
    size_t hits = ov_gv_text_hits(gv);
    free(warm);
    warm = svg_of_labels(gv, "png");
    CHECK(ov_gv_text_hits(gv) == hits);
    CHECK(cold && warm && cold_len == rendered_len && memcmp(cold, warm, cold_len) == 0);
    free(cold);
    free(warm);
}

int main(void)
{
    gv = ov_gv_new();
    if (!gv) {
        printf("1..0 # SKIP Graphviz cannot start\n");
        return 0;
    }
    RUN(test_forbidden_replaced);
    RUN(test_clean_values_unchanged);
    RUN(test_text_table_same_bytes);
    RUN(test_text_table_not_for_cairo);
    ov_gv_free(gv);
    DONE();
}
