/* Charts and timelines on pages.
 *
 * Without --page a chart or timeline is one drawing at its own size
 * (chart.c, timeline.c, then render.c). With --page each page is a
 * finished SVG framed on the page (svg_page.c): scaled to fit inside the
 * margins, in the orientation that gives the larger scale when it is
 * "auto". A chart whose smallest text would be below --min-text is cut:
 * page 1 is the chart at the greatest depth that fits, each box cut there
 * says on which page its part continues, and each of those pages is the
 * chart from that box down (--root), cut again the same way when it does
 * not fit. Pages are numbered breadth first, and the planning keeps no
 * recursion: a list of pages that grows at its end. A PDF gets every page
 * on one cairo surface (paint.c); SVG and PNG get page 1, and a warning
 * names the commands that draw the rest. */
#include "pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "paint.h"
#include "render.h"
#include "svg_page.h"
#include "util.h"

/* ---- page sizes --------------------------------------------------------- */

static const struct {
    const char *name;
    double w, h; /* pt */
    int orientation;
} sizes[] = {
    {"a3", 841.89, 1190.55, 0},  {"a4", 595.28, 841.89, 0}, {"a5", 419.53, 595.28, 0},
    {"letter", 612, 792, 0},     {"legal", 612, 1008, 0},
    {"slide", 540, 960, 2}, /* 16:9, 13.33 x 7.5 in */
};

int ov_page_parse(const char *s, ov_page_spec *out)
{
    static const char *const suffix[] = {"-auto", "-portrait", "-landscape"};
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        size_t n = strlen(sizes[i].name);
        if (strncmp(s, sizes[i].name, n) != 0)
            continue;
        out->w = sizes[i].w;
        out->h = sizes[i].h;
        if (s[n] == '\0') {
            out->orientation = sizes[i].orientation;
            return 0;
        }
        for (int k = 0; k < 3; k++) {
            if (strcmp(s + n, suffix[k]) == 0) {
                out->orientation = k;
                return 0;
            }
        }
    }
    return -1;
}

void ov_page_label(const char *page, char *buf, size_t n)
{
    int paper = page[0] == 'a' && page[1] >= '0' && page[1] <= '9';
    size_t k = 0;
    for (const char *p = page; *p && k + 1 < n; p++, k++) {
        char ch = *p == '-' ? ' ' : *p;
        buf[k] = (char)(p == page && (paper || ch >= 'a') && ch <= 'z' ? ch - 'a' + 'A' : ch);
    }
    if (n > 0)
        buf[k < n ? k : n - 1] = '\0';
}

const char *ov_page_names(void)
{
    return "a3, a4, a5, letter, legal and slide (each also with -portrait, -landscape or "
           "-auto)";
}

/* ---- one page ------------------------------------------------------------ */

typedef struct {
    const ov_render_opts *ro;
    ov_render_opts one; /* SVG at its own size, for the drawings */
    ov_page_spec spec;
    double min_text;
    ov_diags *d;
} pager;

typedef struct {
    char *svg; /* the drawing, at its own size */
    size_t len;
    ov_svg_size size;
    double pw, ph, scale; /* the page chosen and the drawing's scale on it */
} drawing;

static void drawing_free(drawing *g)
{
    free(g->svg);
    memset(g, 0, sizeof *g);
}

/* Chooses the orientation for G and its scale. */
static void place(const pager *P, drawing *g)
{
    double a = ov_page_fit_scale(&g->size, P->spec.w, P->spec.h, OV_PAGE_MARGIN);
    double b = ov_page_fit_scale(&g->size, P->spec.h, P->spec.w, OV_PAGE_MARGIN);
    int landscape = P->spec.orientation == 2 || (P->spec.orientation == 0 && b > a);
    g->pw = landscape ? P->spec.h : P->spec.w;
    g->ph = landscape ? P->spec.w : P->spec.h;
    g->scale = landscape ? b : a;
}

static int fits(const pager *P, const drawing *g)
{
    return g->size.min_text <= 0 || g->size.min_text * g->scale >= P->min_text - 1e-9;
}

static ov_status measure(const pager *P, drawing *g)
{
    ov_status st = ov_svg_measure(g->svg, g->len, &g->size, P->d);
    if (st == OV_OK)
        place(P, g);
    return st;
}

/* G framed on its page with the margin texts. */
static ov_status frame(const pager *P, const drawing *g, const char *header, const char *footer,
                       char **out, size_t *len)
{
    ov_page_frame f = {g->pw, g->ph, OV_PAGE_MARGIN, 8, header, footer, NULL};
    return ov_svg_frame(g->svg, g->len, &f, out, len, P->d);
}

/* A warning when G's text is below --min-text on its page (PAGE from 1;
 * 0: the only page, of WHAT). */
static void warn_small(const pager *P, const drawing *g, int page, const char *what)
{
    if (fits(P, g))
        return;
    char where[64];
    if (page > 0)
        snprintf(where, sizeof where, "page %d", page);
    else
        snprintf(where, sizeof where, "%s", what);
    ov_diag_add(P->d, OV_WARNING, NULL, 0, 0, NULL, NULL,
                "%s: the smallest text is %.1f pt on the %.0f x %.0f pt page, less than the "
                "%g pt asked for (--min-text); %s",
                where, g->size.min_text * g->scale, g->pw, g->ph, P->min_text,
                page > 0 ? "this part of the chart cannot be cut smaller"
                         : "a larger page (such as a3-landscape) would help");
}

/* ---- charts --------------------------------------------------------------- */

int ov_chart_page_of(const ov_chart_opts *opts, const char *id)
{
    for (size_t i = 0; opts && id && i < opts->npage_refs; i++) {
        if (opts->page_refs[i].id && strcmp(opts->page_refs[i].id, id) == 0)
            return opts->page_refs[i].page;
    }
    return 0;
}

typedef struct {
    const char *root; /* borrowed from the model or the options; NULL: all */
    int budget;       /* levels below root the chart may show; -1: all */
    int depth;        /* levels this page shows (-1: all) */
    int from;         /* the page it continues, 0-based; -1: none */
} cpage;

typedef struct {
    pager P;
    ov_gv *gv;
    const ov_model *m;
    const ov_chart_opts *opts;
    cpage *pages;
    size_t npages;
    ov_pdf *pdf; /* -T pdf: made from the first drawing of the whole chart */
} cplan;

static ov_status chart_draw(cplan *C, const char *root, int depth, const ov_page_ref *refs,
                            size_t nrefs, drawing *g)
{
    ov_chart_opts co = *C->opts;
    co.root = root;
    co.depth = depth;
    co.page_refs = refs;
    co.npage_refs = nrefs;
    memset(g, 0, sizeof *g);
    ov_status st = ov_chart_render_one(C->gv, C->m, &co, &C->P.one, &g->svg, &g->len, C->P.d);
    if (st == OV_OK)
        st = measure(&C->P, g);
    return st;
}

/* The greatest depth at which page PG fits (at least 1, at most its
 * budget). */
static ov_status chart_fit(cplan *C, cpage *pg)
{
    drawing g;
    ov_status st = chart_draw(C, pg->root, pg->budget, NULL, 0, &g);
    /* the first drawing is the whole chart: the PDF's title and subject
     * (page 1 is cut) */
    if (st == OV_OK && C->P.ro->format == OV_FMT_PDF && !C->pdf)
        st = ov_pdf_new_svg(g.svg, g.len, &C->pdf, C->P.d);
    int ok = st == OV_OK && fits(&C->P, &g);
    drawing_free(&g);
    pg->depth = pg->budget;
    if (st != OV_OK || ok)
        return st;
    int best = pg->budget == 0 ? 0 : 1;
    for (int depth = 1; pg->budget < 0 || depth < pg->budget; depth++) {
        st = chart_draw(C, pg->root, depth, NULL, 0, &g);
        ok = st == OV_OK && fits(&C->P, &g);
        drawing_free(&g);
        if (st != OV_OK)
            return st;
        if (!ok)
            break;
        best = depth;
        if (depth > OV_CHART_MAX_ORGS)
            break;
    }
    pg->depth = best;
    return OV_OK;
}

/* Appends a page for every box of page I cut by its depth (not by the
 * user's --depth). */
static ov_status chart_cuts(cplan *C, size_t i)
{
    cpage pg = C->pages[i];
    if (pg.depth < 0 || (pg.budget >= 0 && pg.depth >= pg.budget))
        return OV_OK;
    ov_chart_opts co = *C->opts;
    co.root = pg.root;
    co.depth = pg.depth;
    ov_chart_tree t;
    ov_status st = ov_chart_tree_build(&t, C->m, &co, C->P.d);
    for (size_t k = 0; st == OV_OK && k < t.n; k++) {
        if (!t.cut[k] || t.depth[k] != pg.depth)
            continue;
        if (C->npages == OV_MAX_PAGES) {
            ov_diag_add(C->P.d, OV_ERROR, NULL, 0, 0, NULL, NULL,
                        "the chart would need more than %d pages of this size: use a larger "
                        "page, a smaller --min-text, or --root and --depth",
                        OV_MAX_PAGES);
            st = OV_ERR_DATA;
            break;
        }
        cpage sub = {C->m->orgs[k].id, pg.budget < 0 ? -1 : pg.budget - pg.depth, -1, (int)i};
        C->pages[C->npages++] = sub;
    }
    ov_chart_tree_free(&t);
    return st;
}

/* The "page N" of every box that page I cuts. *refs is malloc'd. */
static int chart_refs(const cplan *C, size_t i, ov_page_ref **refs, size_t *n)
{
    *n = 0;
    *refs = malloc((C->npages ? C->npages : 1) * sizeof **refs);
    if (!*refs)
        return -1;
    for (size_t k = 0; k < C->npages; k++) {
        if (C->pages[k].from == (int)i) {
            ov_page_ref r = {C->pages[k].root, (int)k + 1};
            (*refs)[(*n)++] = r;
        }
    }
    return 0;
}

/* The message that SVG and PNG show only page 1. */
static void chart_rest(const cplan *C)
{
    ov_buf b;
    ov_buf_init(&b);
    size_t named = 0;
    size_t rest = 0;
    for (size_t k = 1; k < C->npages; k++) {
        if (C->pages[k].from != 0)
            continue;
        if (named < 6)
            ov_buf_printf(&b, "%s--root %s", named ? ", " : "", C->pages[k].root);
        else
            rest++;
        named++;
    }
    if (rest)
        ov_buf_printf(&b, " and %zu more", rest);
    char *list = ov_buf_take(&b);
    ov_diag_add(C->P.d, OV_WARNING, NULL, 0, 0, NULL, NULL,
                "the chart does not fit on one %s page with text of %g pt or more: this is page "
                "1 of %zu, the overview; -T pdf gives every page, or draw the parts cut from it "
                "with the same command and %s",
                C->P.ro->page, C->P.min_text, C->npages, list ? list : "--root");
    free(list);
}

/* Draws page I in full and adds it to PDF (or returns it in *out). */
static ov_status chart_page(cplan *C, size_t i, ov_pdf *pdf, char **out, size_t *len)
{
    ov_page_ref *refs = NULL;
    size_t nrefs = 0;
    drawing g;
    memset(&g, 0, sizeof g);
    char *framed = NULL;
    size_t flen = 0;
    char *header = NULL;
    char *footer = NULL;
    ov_status st = OV_ERR_MEMORY;
    if (chart_refs(C, i, &refs, &nrefs) != 0)
        goto done;
    const cpage *pg = &C->pages[i];
    st = chart_draw(C, pg->root, pg->depth, refs, nrefs, &g);
    if (st != OV_OK)
        goto done;
    warn_small(&C->P, &g, (int)i + 1, "");
    header = pg->from >= 0 ? ov_asprintf("continued from page %d", pg->from + 1) : NULL;
    footer = C->npages > 1 ? ov_asprintf("page %zu of %zu", i + 1, C->npages) : NULL;
    st = OV_ERR_MEMORY;
    if ((pg->from >= 0 && !header) || (C->npages > 1 && !footer))
        goto done;
    st = frame(&C->P, &g, header, footer, &framed, &flen);
    if (st != OV_OK)
        goto done;
    if (pdf) {
        st = ov_pdf_page(pdf, framed, flen, C->P.d);
    } else {
        *out = framed;
        *len = flen;
        framed = NULL;
    }
done:
    if (st == OV_ERR_MEMORY)
        ov_diag_add(C->P.d, OV_ERROR, NULL, 0, 0, NULL, NULL, "out of memory drawing page %zu",
                    i + 1);
    free(refs);
    free(header);
    free(footer);
    free(framed);
    drawing_free(&g);
    return st;
}

/* SVG as RO's format: itself, or PNG or PDF of it. Takes SVG. */
static ov_status single(const pager *P, char *svg, size_t len, char **out, size_t *outlen)
{
    if (P->ro->format == OV_FMT_SVG) {
        *out = svg;
        *outlen = len;
        return OV_OK;
    }
    ov_status st = ov_render_paint(svg, len, P->ro, out, outlen, P->d);
    free(svg);
    return st;
}

static int pager_init(pager *P, const ov_render_opts *ro, ov_diags *d)
{
    P->ro = ro;
    P->one = *ro;
    P->one.format = OV_FMT_SVG;
    P->one.responsive = 0;
    P->one.page = NULL;
    P->min_text = ro->min_text > 0 ? ro->min_text : OV_MIN_TEXT;
    P->d = d;
    if (ov_page_parse(ro->page, &P->spec) == 0)
        return 0;
    ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "no page size called '%s': the sizes are %s",
                ro->page, ov_page_names());
    return -1;
}

ov_status ov_chart_render(ov_gv *gv, const ov_model *m, const ov_chart_opts *opts,
                          const ov_render_opts *ro, char **out, size_t *len, ov_diags *d)
{
    *out = NULL;
    *len = 0;
    if (!ro->page || ro->format == OV_FMT_DOT)
        return ov_chart_render_one(gv, m, opts, ro, out, len, d);
    cplan C;
    memset(&C, 0, sizeof C);
    if (pager_init(&C.P, ro, d) != 0)
        return OV_ERR_DATA;
    C.gv = gv;
    C.m = m;
    C.opts = opts;
    C.pages = malloc(OV_MAX_PAGES * sizeof *C.pages);
    if (!C.pages) {
        ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "out of memory");
        return OV_ERR_MEMORY;
    }
    cpage first = {opts->root, opts->depth, opts->depth, -1};
    C.pages[C.npages++] = first;
    ov_status st = OV_OK;
    for (size_t i = 0; i < C.npages && st == OV_OK; i++) {
        st = chart_fit(&C, &C.pages[i]);
        if (st == OV_OK)
            st = chart_cuts(&C, i);
    }
    if (st == OV_OK && ro->format == OV_FMT_PDF) {
        char *svg = NULL;
        size_t n = 0;
        for (size_t i = 0; i < C.npages && st == OV_OK; i++)
            st = chart_page(&C, i, C.pdf, &svg, &n);
        if (st == OV_OK)
            st = ov_pdf_finish(C.pdf, out, len, d);
    } else if (st == OV_OK) {
        char *svg = NULL;
        size_t n = 0;
        st = chart_page(&C, 0, NULL, &svg, &n);
        if (st == OV_OK && C.npages > 1)
            chart_rest(&C);
        if (st == OV_OK)
            st = single(&C.P, svg, n, out, len);
    }
    ov_pdf_free(C.pdf);
    free(C.pages);
    return st;
}

/* ---- timelines ---------------------------------------------------------- */

/* Lanes a page of orientation LANDSCAPE holds at the scale --min-text
 * needs, for the timeline G with NLANES lanes of PITCH pt; 0 when its
 * width alone is too much. */
static size_t lanes_per_page(const pager *P, const drawing *g, int landscape, size_t nlanes,
                             double pitch)
{
    double pw = landscape ? P->spec.h : P->spec.w;
    double ph = landscape ? P->spec.w : P->spec.h;
    double need = P->min_text / g->size.min_text;
    if ((pw - 2 * OV_PAGE_MARGIN) / g->size.w < need)
        return 0;
    double rest = g->size.h - (double)nlanes * pitch; /* title, axis, key */
    double room = (ph - 2 * OV_PAGE_MARGIN) / need - rest;
    return room > pitch ? (size_t)(room / pitch) : 0;
}

typedef struct {
    pager P;
    ov_gv *gv;
    const ov_model *m;
    ov_timeline_opts opts; /* the axis fixed, only[] per page */
    size_t *lane_of;
    unsigned char *only;
    size_t per;   /* lanes a page */
    size_t pages;
} tplan;

/* Page K (from 0) of the lanes, framed; into PDF, or *out. */
static ov_status lanes_page(tplan *T, size_t k, ov_pdf *pdf, char **out, size_t *len)
{
    for (size_t i = 0; i < T->m->norgs; i++)
        T->only[i] = T->lane_of[i] != OV_NONE && T->lane_of[i] / T->per == k;
    drawing g;
    memset(&g, 0, sizeof g);
    ov_status st =
        ov_timeline_render_one(T->gv, T->m, &T->opts, &T->P.one, &g.svg, &g.len, T->P.d);
    if (st == OV_OK)
        st = measure(&T->P, &g);
    char *header = k > 0 ? ov_asprintf("continued from page %zu", k) : NULL;
    char *footer = ov_asprintf("page %zu of %zu", k + 1, T->pages);
    char *framed = NULL;
    size_t flen = 0;
    if (st == OV_OK && (!footer || (k > 0 && !header)))
        st = OV_ERR_MEMORY;
    if (st == OV_OK) {
        warn_small(&T->P, &g, (int)k + 1, "");
        st = frame(&T->P, &g, header, footer, &framed, &flen);
    }
    if (st == OV_OK && pdf) {
        st = ov_pdf_page(pdf, framed, flen, T->P.d);
    } else if (st == OV_OK) {
        *out = framed;
        *len = flen;
        framed = NULL;
    }
    free(framed);
    free(header);
    free(footer);
    drawing_free(&g);
    return st;
}

/* A timeline whose text would be too small on one page: split by lanes
 * (see the README for why not by time). FULL is the whole drawing. */
static ov_status timeline_lanes(tplan *T, const drawing *full, const ov_timeline_opts *opts,
                                char **out, size_t *len, int *split)
{
    *split = 0;
    size_t nlanes = 0;
    double pitch = 0;
    ov_status st = ov_timeline_lanes(T->m, opts, &T->P.one, T->lane_of, &nlanes, &pitch,
                                     &T->opts.from, &T->opts.to, T->P.d);
    if (st != OV_OK)
        return st;
    size_t a = T->P.spec.orientation == 2 ? 0 : lanes_per_page(&T->P, full, 0, nlanes, pitch);
    size_t b = T->P.spec.orientation == 1 ? 0 : lanes_per_page(&T->P, full, 1, nlanes, pitch);
    T->per = a > b ? a : b;
    if (T->per == 0 || T->per >= nlanes)
        return OV_OK; /* no split helps: the caller draws one page */
    *split = 1;
    T->P.spec.orientation = a > b ? 1 : 2;
    T->pages = (nlanes + T->per - 1) / T->per;
    T->opts.only = T->only;
    if (T->P.ro->format != OV_FMT_PDF) {
        st = lanes_page(T, 0, NULL, out, len);
        if (st == OV_OK)
            ov_diag_add(T->P.d, OV_WARNING, NULL, 0, 0, NULL, NULL,
                        "the timeline does not fit on one %s page with text of %g pt or more: "
                        "this is page 1 of %zu (lanes 1 to %zu of %zu); -T pdf gives every page",
                        T->P.ro->page, T->P.min_text, T->pages, T->per, nlanes);
        return st;
    }
    ov_pdf *pdf = NULL;
    st = ov_pdf_new_svg(full->svg, full->len, &pdf, T->P.d);
    for (size_t k = 0; k < T->pages && st == OV_OK; k++)
        st = lanes_page(T, k, pdf, out, len);
    if (st == OV_OK)
        st = ov_pdf_finish(pdf, out, len, T->P.d);
    ov_pdf_free(pdf);
    return st;
}

ov_status ov_timeline_render(ov_gv *gv, const ov_model *m, const ov_timeline_opts *opts,
                             const ov_render_opts *ro, char **out, size_t *len, ov_diags *d)
{
    *out = NULL;
    *len = 0;
    if (!ro || !ro->page || ro->format == OV_FMT_DOT)
        return ov_timeline_render_one(gv, m, opts, ro, out, len, d);
    tplan T;
    memset(&T, 0, sizeof T);
    if (pager_init(&T.P, ro, d) != 0)
        return OV_ERR_DATA;
    drawing g;
    memset(&g, 0, sizeof g);
    ov_status st = ov_timeline_render_one(gv, m, opts, &T.P.one, &g.svg, &g.len, d);
    if (st == OV_OK)
        st = measure(&T.P, &g);
    if (st == OV_OK && !fits(&T.P, &g)) {
        T.gv = gv;
        T.m = m;
        if (opts)
            T.opts = *opts;
        T.lane_of = malloc((m->norgs + 1) * sizeof *T.lane_of);
        T.only = calloc(m->norgs + 1, 1);
        int split = 0;
        st = T.lane_of && T.only ? timeline_lanes(&T, &g, opts, out, len, &split)
                                 : OV_ERR_MEMORY;
        free(T.lane_of);
        free(T.only);
        if (st != OV_OK || split) {
            drawing_free(&g);
            return st;
        }
        /* no split helps: one page, with a warning */
    }
    char *framed = NULL;
    size_t flen = 0;
    if (st == OV_OK) {
        warn_small(&T.P, &g, 0, "the timeline");
        st = frame(&T.P, &g, NULL, NULL, &framed, &flen);
    }
    drawing_free(&g);
    if (st != OV_OK)
        return st;
    return single(&T.P, framed, flen, out, len);
}
