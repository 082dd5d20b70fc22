/* gv.c's own guards, through its interface: every attribute value handed
 * to Graphviz is cleared of the characters XML forbids (the replacing path
 * of ov_gv_set and ov_gv_set_html), so that Graphviz's SVG stays
 * well-formed whatever the caller passes. */
#include <stdlib.h>
#include <string.h>

#include "gv.h"
#include "../harness.h"

/* DOT source of a one-node graph whose label (plain or HTML) is VALUE. */
static char *dot_of(ov_gv *gv, const char *value, int html)
{
    ov_ggraph *g = ov_gv_graph("g");
    ov_gnode *n = g ? ov_gv_node(g, "n") : NULL;
    if (!n)
        return NULL;
    if (html)
        ov_gv_set_html(n, "label", value);
    else
        ov_gv_set(n, "label", value);
    ov_gv_set(n, "tooltip", value);
    ov_diags d;
    ov_diags_init(&d);
    char *out = NULL;
    size_t len = 0;
    ov_status st = ov_gv_render(gv, g, "dot", "dot", &out, &len, &d);
    ov_gv_close(g);
    ov_diags_free(&d);
    if (st != OV_OK)
        return NULL;
    char *text = malloc(len + 1);
    if (text) {
        memcpy(text, out, len);
        text[len] = '\0';
    }
    free(out);
    return text;
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

int main(void)
{
    gv = ov_gv_new();
    if (!gv) {
        printf("1..0 # SKIP Graphviz cannot start\n");
        return 0;
    }
    RUN(test_forbidden_replaced);
    RUN(test_clean_values_unchanged);
    ov_gv_free(gv);
    DONE();
}
