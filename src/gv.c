/* The Graphviz adapter: the only file that calls Graphviz 2.43 directly.
 *
 * 2.43 takes `char *` where later versions take `const char *`; the casts
 * live here and nowhere else. Errors that Graphviz reports through agerr()
 * are captured by a handler into the context's buffer (Graphviz hands them
 * over in pieces: "Error", ": ", text), so nothing reaches stderr. */
#include "gv.h"

#include <graphviz/cgraph.h>
#include <graphviz/graphviz_version.h>
#include <graphviz/gvc.h>
#include <graphviz/gvplugin_textlayout.h>
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Messages kept from one render; more are dropped (a broken graph can
 * produce thousands of identical warnings). */
#define GV_MAX_MESSAGES 64

/* Spans the text cache keeps at most (a few MB); later ones are measured
 * by pango every time. */
#define GV_TEXT_MAX ((size_t)1 << 18)

typedef struct {
    char *key; /* font size, flags, font name, '\0', text: see span_key */
    size_t keylen;
    uint64_t hash;
    pointf size;
    double yoffset_layout;
    double yoffset_centerline;
} gv_span;

typedef struct {
    gv_span *slots; /* open addressing; key NULL when empty */
    size_t nslots;  /* a power of two */
    size_t n;
    ov_buf key;  /* the key being looked up */
    int off;     /* ov_gv_text_cache(gv, 0) */
    size_t hits; /* spans answered from the table */
} gv_text;

struct ov_gv {
    GVC_t *gvc;
    gvtextlayout_engine_t *engine; /* pango's, when this context hooked it */
    gv_text text;
    ov_buf line;                 /* the message being assembled */
    char *msgs[GV_MAX_MESSAGES]; /* complete lines, "Error: ..." */
    size_t nmsgs;
    size_t errors; /* lines that started with "Error" */
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
            ov_diag_add(d, is_error ? OV_ERROR : OV_WARNING, NULL, 0, 0, NULL, NULL, "graphviz: %s",
                        s);
    }
    clear_messages(gv);
}

/* ---- agwrite into memory ------------------------------------------------ */

/* G as DOT source through agwrite and the graph's default (stdio) I/O
 * discipline, into a memory stream. */
static ov_status write_dot(Agraph_t *g, char **out, size_t *len, ov_diags *d)
{
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    if (!f) {
        ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL,
                    "cannot write the graph as DOT: out of memory");
        return OV_ERR_MEMORY;
    }
    int rc = agwrite(g, f);
    int closed = fclose(f);
    if (rc != 0 || closed != 0 || !s) {
        free(s);
        int mem = closed != 0 || !s;
        ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "cannot write the graph as DOT%s",
                    mem ? ": out of memory" : "");
        return mem ? OV_ERR_MEMORY : OV_ERR_RENDER;
    }
    *out = s;
    *len = n;
    return OV_OK;
}

/* ---- deterministic object ids ------------------------------------------------ *
 * cgraph's default id discipline uses the address of the name string as the
 * id of a named object, and keeps subgraphs in id order: the order of the
 * clusters (and so the layout and the output) would then depend on where
 * malloc put the strings, which varies from run to run. This discipline
 * numbers named objects in creation order instead (even ids; anonymous
 * ones odd, as cgraph expects). */

typedef struct {
    Agraph_t *g;  /* the root graph: names are its reference-counted strings */
    char **names; /* names[k] has id 2 * (k + 1) */
    size_t n;
    size_t cap;
    size_t *slots; /* hash of names: k + 1, 0 when empty */
    size_t nslots; /* a power of two */
    IDTYPE anon;   /* next anonymous id */
} gv_ids;

static void *ids_open(Agraph_t *g, Agdisc_t *disc)
{
    (void)disc;
    gv_ids *t = calloc(1, sizeof *t);
    if (t) {
        t->g = g;
        t->anon = 1;
    }
    return t;
}

static size_t *ids_slot(gv_ids *t, const char *name)
{
    size_t i = (size_t)ov_hash_str(name) & (t->nslots - 1);
    while (t->slots[i] && strcmp(t->names[t->slots[i] - 1], name) != 0)
        i = (i + 1) & (t->nslots - 1);
    return &t->slots[i];
}

static int ids_grow(gv_ids *t)
{
    size_t n = t->nslots ? t->nslots * 2 : 256;
    size_t *slots = calloc(n, sizeof *slots);
    if (!slots)
        return -1;
    free(t->slots);
    t->slots = slots;
    t->nslots = n;
    for (size_t k = 0; k < t->n; k++)
        *ids_slot(t, t->names[k]) = k + 1;
    return 0;
}

static long ids_map(void *state, int objtype, char *str, IDTYPE *id, int createflag)
{
    (void)objtype;
    gv_ids *t = state;
    if (!str) {
        *id = t->anon;
        t->anon += 2;
        return 1;
    }
    if (t->nslots == 0 && ids_grow(t) != 0)
        return 0;
    size_t *slot = ids_slot(t, str);
    if (*slot) {
        *id = (IDTYPE)(*slot * 2);
        return 1;
    }
    if (!createflag)
        return 0;
    if ((t->n + 1) * 2 > t->nslots) {
        if (ids_grow(t) != 0)
            return 0;
        slot = ids_slot(t, str);
    }
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 256;
        char **names = realloc(t->names, cap * sizeof *names);
        if (!names)
            return 0;
        t->names = names;
        t->cap = cap;
    }
    /* a cgraph string: agnameof's callers (agwrite) look at its header */
    char *copy = agstrdup(t->g, str);
    if (!copy)
        return 0;
    t->names[t->n++] = copy;
    *slot = t->n;
    *id = (IDTYPE)(t->n * 2);
    return 1;
}

static long ids_alloc(void *state, int objtype, IDTYPE id)
{
    (void)state;
    (void)objtype;
    (void)id;
    return 0;
}

static void ids_free(void *state, int objtype, IDTYPE id)
{
    (void)state;
    (void)objtype;
    (void)id;
}

static char *ids_print(void *state, int objtype, IDTYPE id)
{
    (void)objtype;
    gv_ids *t = state;
    if (id % 2 != 0 || id == 0 || id / 2 > t->n)
        return NULL;
    return t->names[id / 2 - 1];
}

static void ids_close(void *state)
{
    gv_ids *t = state;
    for (size_t k = 0; k < t->n; k++)
        agstrfree(t->g, t->names[k]);
    free(t->names);
    free(t->slots);
    free(t);
}

static void ids_register(void *state, int objtype, void *obj)
{
    (void)state;
    (void)objtype;
    (void)obj;
}

static Agiddisc_t ids_disc = {ids_open,  ids_map,   ids_alloc,   ids_free,
                              ids_print, ids_close, ids_register};

/* ---- text measurement cache ------------------------------------------------ *
 * Graphviz sizes every text span of every label with pango (about 75,000
 * instructions a span), once in ov_gv_measure and again when the chart is
 * laid out for drawing, and strings such as "GP practice" recur thousands
 * of times. What pango's textlayout returns depends only on the text, the
 * font name, size and flags (plugin/pango/gvtextlayout_pango.c): a span seen
 * before gets the same numbers from a table. The table sits in front of
 * the pango plugin's engine, reached through the descriptor the plugin
 * exports for Graphviz's own loader; without that plugin nothing changes.
 * A span answered from the table has no PangoLayout: only Graphviz's
 * cairo renderers draw with one, so ov_gv_render uses the table for SVG
 * only (orgviz paints PNG and PDF from its SVG, with librsvg). */

typedef boolean (*gv_textlayout_fn)(textspan_t *span, char **fontpath);

/* pango's own textlayout function, once found (a constant of the plugin) */
static gv_textlayout_fn pango_textlayout;

static void span_key(ov_buf *b, const textspan_t *span)
{
    b->len = 0;
    double size = span->font->size;
    unsigned char flags = (unsigned char)span->font->flags;
    ov_buf_putn(b, (const char *)&size, sizeof size);
    ov_buf_putn(b, (const char *)&flags, 1);
    ov_buf_puts(b, span->font->name);
    ov_buf_putc(b, '\0');
    ov_buf_puts(b, span->str);
}

static gv_span *span_slot(gv_text *t, const char *key, size_t keylen, uint64_t hash)
{
    size_t i = (size_t)hash & (t->nslots - 1);
    while (t->slots[i].key && (t->slots[i].hash != hash || t->slots[i].keylen != keylen ||
                               memcmp(t->slots[i].key, key, keylen) != 0))
        i = (i + 1) & (t->nslots - 1);
    return &t->slots[i];
}

static int text_grow(gv_text *t)
{
    size_t n = t->nslots ? t->nslots * 2 : 1024;
    gv_span *slots = calloc(n, sizeof *slots);
    if (!slots)
        return -1;
    gv_span *old = t->slots;
    size_t nold = t->nslots;
    t->slots = slots;
    t->nslots = n;
    for (size_t i = 0; i < nold; i++) {
        if (old[i].key)
            *span_slot(t, old[i].key, old[i].keylen, old[i].hash) = old[i];
    }
    free(old);
    return 0;
}

static void text_remember(gv_text *t, const textspan_t *span, uint64_t hash)
{
    if (t->n >= GV_TEXT_MAX || t->key.oom)
        return;
    if ((t->n + 1) * 2 > t->nslots && text_grow(t) != 0)
        return;
    gv_span *e = span_slot(t, t->key.data, t->key.len, hash);
    e->key = malloc(t->key.len);
    if (!e->key)
        return;
    memcpy(e->key, t->key.data, t->key.len);
    e->keylen = t->key.len;
    e->hash = hash;
    e->size = span->size;
    e->yoffset_layout = span->yoffset_layout;
    e->yoffset_centerline = span->yoffset_centerline;
    t->n++;
}

static void text_free(gv_text *t)
{
    for (size_t i = 0; i < t->nslots; i++)
        free(t->slots[i].key);
    free(t->slots);
    ov_buf_free(&t->key);
    t->slots = NULL;
    t->nslots = 0;
    t->n = 0;
}

/* The engine's textlayout while hooked. FONTPATH is set only in Graphviz's
 * verbose mode: those calls go to pango as they are. */
static boolean cached_textlayout(textspan_t *span, char **fontpath)
{
    ov_gv *gv = current;
    if (!gv || gv->text.off || fontpath || !span->font || !span->font->name || !span->str)
        return pango_textlayout(span, fontpath);
    gv_text *t = &gv->text;
    span_key(&t->key, span);
    uint64_t hash = ov_hash64(OV_HASH_INIT, t->key.data, t->key.len);
    if (!t->key.oom && t->nslots > 0) {
        const gv_span *e = span_slot(t, t->key.data, t->key.len, hash);
        if (e->key) {
            span->layout = NULL;
            span->free_layout = NULL;
            span->size = e->size;
            span->yoffset_layout = e->yoffset_layout;
            span->yoffset_centerline = e->yoffset_centerline;
            t->hits++;
            return TRUE;
        }
    }
    boolean ok = pango_textlayout(span, fontpath);
    /* FALSE (pango found no width) is not kept: Graphviz then estimates */
    if (ok)
        text_remember(t, span, hash);
    return ok;
}

/* pango's engine, as loaded by gvContext (NULL when it is not loaded). */
static gvtextlayout_engine_t *pango_engine(void)
{
    void *h = dlopen("libgvplugin_pango.so.6", RTLD_NOW | RTLD_NOLOAD);
    if (!h)
        return NULL;
    gvtextlayout_engine_t *engine = NULL;
    const gvplugin_library_t *lib = dlsym(h, "gvplugin_pango_LTX_library");
    for (const gvplugin_api_t *api = lib ? lib->apis : NULL; api && api->types; api++) {
        if (api->api != API_textlayout)
            continue;
        for (const gvplugin_installed_t *ty = api->types; ty->type; ty++) {
            if (strcmp(ty->type, "textlayout") == 0)
                engine = ty->engine;
        }
    }
    /* Graphviz holds the plugin loaded until the process ends */
    dlclose(h);
    return engine;
}

/* Only where the engine is known to be a writable table of the plugin
 * (Graphviz 2.43, as Debian 12 ships it: a later version might make it
 * read-only), and only once. */
static void hook_text(ov_gv *gv)
{
    const char *version = gvcVersion(gv->gvc);
    if (!version || strncmp(version, "2.4", 3) != 0)
        return;
    gvtextlayout_engine_t *engine = pango_engine();
    if (!engine || !engine->textlayout || engine->textlayout == cached_textlayout)
        return;
    pango_textlayout = engine->textlayout;
    engine->textlayout = cached_textlayout;
    gv->engine = engine;
}

static void unhook_text(ov_gv *gv)
{
    if (gv->engine && gv->engine->textlayout == cached_textlayout)
        gv->engine->textlayout = pango_textlayout;
    gv->engine = NULL;
    text_free(&gv->text);
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
    ov_buf_init(&gv->text.key);
    gv->gvc = gvContext();
    if (!gv->gvc) {
        ov_gv_free(gv);
        return NULL;
    }
    hook_text(gv);
    return gv;
}

void ov_gv_free(ov_gv *gv)
{
    if (!gv)
        return;
    unhook_text(gv);
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
    static Agdisc_t disc;
    disc.mem = &AgMemDisc;
    disc.id = &ids_disc;
    disc.io = &AgIoDisc;
    return agopen((char *)name, Agdirected, &disc);
}

void ov_gv_close(ov_ggraph *g)
{
    if (g)
        agclose(g);
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

static size_t forbidden_at(const unsigned char *p);

/* VALUE with every code point XML 1.0 forbids replaced by a space, as a
 * new string; NULL when VALUE has none (or out of memory). Graphviz copies
 * attribute text into its SVG as it is, so no value may carry them: this
 * is the last line of defence behind the label builders' own escaping. */
/* VALUE with every character XML forbids replaced by a space: VALUE
 * itself when it has none, else a new string in *COPY (free it); NULL when
 * out of memory, so that the raw value never reaches Graphviz. */
static const char *xml_safe(const char *value, char **copy)
{
    *copy = NULL;
    const unsigned char *p = (const unsigned char *)value;
    while (*p && !forbidden_at(p))
        p++;
    if (!*p)
        return value;
    ov_buf b;
    ov_buf_init(&b);
    for (p = (const unsigned char *)value; *p;) {
        size_t bad = forbidden_at(p);
        if (bad) {
            ov_buf_putc(&b, ' ');
            p += bad;
        } else {
            ov_buf_putc(&b, (char)*p++);
        }
    }
    *copy = ov_buf_take(&b);
    return *copy;
}

void ov_gv_set(void *obj, const char *name, const char *value)
{
    Agsym_t *sym = declare(obj, name);
    if (!sym)
        return;
    char *copy;
    const char *safe = xml_safe(value, &copy);
    if (safe)
        agxset(obj, sym, (char *)safe);
    free(copy);
}

void ov_gv_set_html(void *obj, const char *name, const char *value)
{
    Agsym_t *sym = declare(obj, name);
    if (!sym)
        return;
    Agraph_t *root = agroot(obj);
    char *copy;
    const char *safe = xml_safe(value, &copy);
    char *html = safe ? agstrdup_html(root, (char *)safe) : NULL;
    free(copy);
    if (!html)
        return;
    agxset(obj, sym, html);
    agstrfree(root, html);
}

void ov_gv_default(Agraph_t *g, ov_gv_kind kind, const char *name, const char *value)
{
    int k = kind == OV_GV_NODE ? AGNODE : kind == OV_GV_EDGE ? AGEDGE : AGRAPH;
    agattr(agroot(g), k, (char *)name, (char *)value);
}

ov_status ov_gv_render(ov_gv *gv, Agraph_t *g, const char *engine, const char *format, char **out,
                       size_t *len, ov_diags *d)
{
    *out = NULL;
    *len = 0;
    if (strcmp(format, "dot") == 0)
        return write_dot(g, out, len, d);
    current = gv;
    clear_messages(gv);
    /* spans from the text table have no PangoLayout, which Graphviz's own
     * cairo renderers (png, pdf) would draw with */
    int table_off = gv->text.off;
    if (strcmp(format, "svg") != 0)
        gv->text.off = 1;
    int laid = gvLayout(gv->gvc, g, engine);
    gv->text.off = table_off;
    if (laid != 0 || gv->errors > 0) {
        report(gv, 1, d);
        ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "graphviz: the %s layout failed", engine);
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

void ov_gv_remove_node(ov_gnode *n)
{
    agdelnode(agroot(n), n);
}

ov_status ov_gv_measure(ov_gv *gv, ov_ggraph *g, ov_gv_size_fn size, void *arg, ov_diags *d)
{
    current = gv;
    clear_messages(gv);
    for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n))
        ov_gv_set(n, "pos", "0,0");
    if (gvLayout(gv->gvc, g, "nop2") != 0 || gv->errors > 0) {
        report(gv, 1, d);
        ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "graphviz: cannot measure the boxes");
        gvFreeLayout(gv->gvc, g);
        return OV_ERR_RENDER;
    }
    for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n))
        size(n, ND_width(n) * 72.0, ND_height(n) * 72.0, arg);
    gvFreeLayout(gv->gvc, g);
    report(gv, 0, d);
    return OV_OK;
}

void ov_gv_text_cache(ov_gv *gv, int on)
{
    gv->text.off = !on;
}

size_t ov_gv_text_hits(const ov_gv *gv)
{
    return gv->text.hits;
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
        case '\\':
            /* Graphviz expands \N, \G ... in HTML-like labels too */
            ov_buf_puts(b, "\\\\");
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

const char *ov_gv_built_version(void)
{
    return PACKAGE_VERSION;
}

char *ov_gv_running_version(void)
{
    GVC_t *gvc = gvContext();
    if (!gvc)
        return NULL;
    const char *v = gvcVersion(gvc);
    char *copy = v ? ov_strdup(v) : NULL;
    gvFreeContext(gvc);
    return copy;
}
