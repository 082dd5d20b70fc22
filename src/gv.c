/* The Graphviz adapter: the only file that calls Graphviz 2.43 directly.
 *
 * 2.43 takes `char *` where later versions take `const char *`; the casts
 * live here and nowhere else. Errors that Graphviz reports through agerr()
 * are captured by a handler into the context's buffer (Graphviz hands them
 * over in pieces: "Error", ": ", text), so nothing reaches stderr. */
#include "gv.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Messages kept from one render; more are dropped (a broken graph can
 * produce thousands of identical warnings). */
#define GV_MAX_MESSAGES 64

struct ov_gv {
    GVC_t *gvc;
    ov_buf line;                   /* the message being assembled */
    char *msgs[GV_MAX_MESSAGES];   /* complete lines, "Error: ..." */
    size_t nmsgs;
    size_t errors;                 /* lines that started with "Error" */
};

/* agseterrf() takes a plain function without a user pointer: the one live
 * context (Graphviz is one per process anyway). */
static ov_gv *current;

static void keep_line(ov_gv *gv)
{
    char *s = ov_buf_take(&gv->line);
    if (!s)
        return;
    if (ov_is_blank(s)) {
        free(s);
        return;
    }
    if (strncmp(s, "Error", 5) == 0)
        gv->errors++;
    if (gv->nmsgs < GV_MAX_MESSAGES)
        gv->msgs[gv->nmsgs++] = s;
    else
        free(s);
}

static int on_error(char *piece)
{
    ov_gv *gv = current;
    if (!gv || !piece)
        return 0;
    for (const char *p = piece; *p; p++) {
        if (*p == '\n')
            keep_line(gv);
        else
            ov_buf_putc(&gv->line, *p);
    }
    return 0;
}

static void clear_messages(ov_gv *gv)
{
    for (size_t i = 0; i < gv->nmsgs; i++)
        free(gv->msgs[i]);
    gv->nmsgs = 0;
    gv->errors = 0;
    ov_buf_free(&gv->line);
}

/* Moves the captured messages into D: errors as errors; warnings only
 * when something failed (they explain it), else they are dropped. */
static void report(ov_gv *gv, int failed, ov_diags *d)
{
    if (gv->line.len > 0)
        keep_line(gv);
    for (size_t i = 0; i < gv->nmsgs; i++) {
        const char *s = gv->msgs[i];
        int is_error = strncmp(s, "Error", 5) == 0;
        if (is_error || failed)
            ov_diag_add(d, is_error ? OV_ERROR : OV_WARNING, NULL, 0, 0, NULL, NULL,
                        "graphviz: %s", s);
    }
    clear_messages(gv);
}

/* ---- agwrite into memory ------------------------------------------------ */

static int buf_putstr(void *chan, const char *str)
{
    ov_buf_puts(chan, str);
    return ((ov_buf *)chan)->oom ? EOF : 0;
}

static int buf_flush(void *chan)
{
    (void)chan;
    return 0;
}

static ov_status write_dot(Agraph_t *g, char **out, size_t *len, ov_diags *d)
{
    Agraph_t *root = agroot(g);
    Agiodisc_t io = {AgIoDisc.afread, buf_putstr, buf_flush};
    Agiodisc_t *saved = root->clos->disc.io;
    ov_buf b;
    ov_buf_init(&b);
    /* agwrite writes through the graph's I/O discipline: borrow it for the
     * call and put the original back. */
    root->clos->disc.io = &io;
    int rc = agwrite(g, &b);
    root->clos->disc.io = saved;
    size_t n = b.len;
    char *s = ov_buf_take(&b);
    if (rc != 0 || !s) {
        free(s);
        ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "cannot write the graph as DOT%s",
                    s ? "" : ": out of memory");
        return s ? OV_ERR_RENDER : OV_ERR_MEMORY;
    }
    *out = s;
    *len = n;
    return OV_OK;
}

/* ---- public --------------------------------------------------------------- */

ov_gv *ov_gv_new(void)
{
    ov_gv *gv = calloc(1, sizeof *gv);
    if (!gv)
        return NULL;
    ov_buf_init(&gv->line);
    current = gv;
    agseterrf(on_error);
    /* report warnings too, to the handler rather than to stderr */
    agseterr(AGWARN);
    gv->gvc = gvContext();
    if (!gv->gvc) {
        ov_gv_free(gv);
        return NULL;
    }
    return gv;
}

void ov_gv_free(ov_gv *gv)
{
    if (!gv)
        return;
    if (gv->gvc)
        gvFreeContext(gv->gvc);
    clear_messages(gv);
    if (current == gv) {
        agseterrf(NULL);
        current = NULL;
    }
    free(gv);
}

Agraph_t *ov_gv_graph(const char *name)
{
    return agopen((char *)name, Agdirected, NULL);
}

Agraph_t *ov_gv_subgraph(Agraph_t *g, const char *name)
{
    return agsubg(g, (char *)name, 1);
}

Agnode_t *ov_gv_node(Agraph_t *g, const char *name)
{
    return agnode(g, (char *)name, 1);
}

Agedge_t *ov_gv_edge(Agraph_t *g, Agnode_t *t, Agnode_t *h, const char *name)
{
    return agedge(g, t, h, (char *)name, 1);
}

static Agsym_t *declare(void *obj, const char *name)
{
    Agraph_t *root = agroot(obj);
    int kind = AGTYPE(obj);
    if (kind == AGOUTEDGE || kind == AGINEDGE)
        kind = AGEDGE;
    Agsym_t *sym = agattr(root, kind, (char *)name, NULL);
    if (!sym)
        sym = agattr(root, kind, (char *)name, "");
    return sym;
}

void ov_gv_set(void *obj, const char *name, const char *value)
{
    Agsym_t *sym = declare(obj, name);
    if (sym)
        agxset(obj, sym, (char *)value);
}

void ov_gv_set_html(void *obj, const char *name, const char *value)
{
    Agsym_t *sym = declare(obj, name);
    if (!sym)
        return;
    Agraph_t *root = agroot(obj);
    char *html = agstrdup_html(root, (char *)value);
    if (!html)
        return;
    agxset(obj, sym, html);
    agstrfree(root, html);
}

void ov_gv_default(Agraph_t *g, int kind, const char *name, const char *value)
{
    agattr(agroot(g), kind, (char *)name, (char *)value);
}

ov_status ov_gv_render(ov_gv *gv, Agraph_t *g, const char *engine, const char *format,
                       char **out, size_t *len, ov_diags *d)
{
    *out = NULL;
    *len = 0;
    if (strcmp(format, "dot") == 0)
        return write_dot(g, out, len, d);
    current = gv;
    clear_messages(gv);
    if (gvLayout(gv->gvc, g, engine) != 0 || gv->errors > 0) {
        report(gv, 1, d);
        ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "graphviz: the %s layout failed",
                    engine);
        gvFreeLayout(gv->gvc, g);
        return OV_ERR_RENDER;
    }
    char *data = NULL;
    unsigned int n = 0;
    int rc = gvRenderData(gv->gvc, g, format, &data, &n);
    gvFreeLayout(gv->gvc, g);
    if (rc != 0 || gv->errors > 0 || !data) {
        if (data)
            gvFreeRenderData(data);
        report(gv, 1, d);
        ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL,
                    "graphviz: cannot render %s (is the plugin installed?)", format);
        return OV_ERR_RENDER;
    }
    report(gv, 0, d);
    /* the caller frees with free(): copy out of Graphviz's allocation */
    char *copy = malloc((size_t)n + 1);
    if (!copy) {
        gvFreeRenderData(data);
        ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "out of memory");
        return OV_ERR_MEMORY;
    }
    memcpy(copy, data, n);
    copy[n] = '\0';
    gvFreeRenderData(data);
    *out = copy;
    *len = n;
    return OV_OK;
}

/* ---- text ------------------------------------------------------------ */

/* Length of a code point XML 1.0 forbids at P (control character,
 * U+FFFE, U+FFFF), else 0. The model's strings are valid UTF-8. */
static size_t forbidden_at(const unsigned char *p)
{
    if (*p < 0x20)
        return 1;
    if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF))
        return 3;
    return 0;
}

void ov_gv_put_html(ov_buf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t bad = forbidden_at(p);
        if (bad) {
            ov_buf_putc(b, ' ');
            p += bad;
            continue;
        }
        switch (*p) {
        case '&':
            ov_buf_puts(b, "&amp;");
            break;
        case '<':
            ov_buf_puts(b, "&lt;");
            break;
        case '>':
            ov_buf_puts(b, "&gt;");
            break;
        case '"':
            ov_buf_puts(b, "&quot;");
            break;
        case '\'':
            ov_buf_puts(b, "&#39;");
            break;
        default:
            ov_buf_putc(b, (char)*p);
            break;
        }
        p++;
    }
}

char *ov_gv_html(const char *s)
{
    ov_buf b;
    ov_buf_init(&b);
    ov_gv_put_html(&b, s);
    return ov_buf_take(&b);
}

char *ov_gv_plain(const char *s)
{
    ov_buf b;
    ov_buf_init(&b);
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t bad = forbidden_at(p);
        if (bad) {
            ov_buf_putc(&b, ' ');
            p += bad;
            continue;
        }
        if (*p == '\\')
            ov_buf_putc(&b, '\\');
        if (*p == '&')
            ov_buf_puts(&b, "&amp;"); /* Graphviz decodes entities in plain labels */
        else
            ov_buf_putc(&b, (char)*p);
        p++;
    }
    return ov_buf_take(&b);
}
