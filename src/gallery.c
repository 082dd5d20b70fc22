/* The gallery page (out/index.html): one static HTML5 document with inline
 * CSS and a little inline JavaScript, no external requests. Every text
 * that comes from data or the manifest is escaped. Without JavaScript a
 * series shows all its dates one below the other; with it, one date at a
 * time and a stepper (buttons and a labelled <select>) whose changes an
 * aria-live region announces.
 *
 * Colours (WCAG 2.1 contrast): text #212B32 on #FFFFFF 15:1 and on the
 * page #F0F4F5 13:1; links #005EB8 on both >= 5.9:1; white on the header
 * #005EB8 5.9:1; captions #4C6272 on white 6.1:1; focus: #212B32 text on
 * #FFEB3B 12:1 with a dark outline. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "pages.h"
#include "util.h"

static const char css[] =
    ":root{color-scheme:light}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;font-family:Arial,\"Liberation Sans\",Helvetica,sans-serif;font-size:1rem;"
    "line-height:1.5;color:#212b32;background:#f0f4f5}\n"
    ".wrap{max-width:75rem;margin:0 auto;padding:0 1rem}\n"
    "header{background:#005eb8;color:#fff;padding:1.5rem 0 1rem}\n"
    "header h1{margin:0 0 .5rem;font-size:2rem;line-height:1.25}\n"
    "header p{margin:0 0 1rem;max-width:48rem}\n"
    "header a{color:#fff}\n"
    "nav ul{margin:0;padding-left:1.25rem}\n"
    "main{padding:1rem 0 2rem}\n"
    "main:focus{outline:none}\n"
    "section{background:#fff;margin:0 0 2rem;padding:1rem 1.5rem 1.5rem;"
    "border-top:4px solid #005eb8}\n"
    "h2{font-size:1.5rem;line-height:1.3;margin:.5rem 0 1rem}\n"
    "figure{margin:0 0 1rem}\n"
    "img{display:block;max-width:100%;height:auto;background:#fff}\n"
    "figcaption{color:#4c6272;margin-top:.75rem;max-width:60rem}\n"
    "figcaption p{margin:0 0 .5rem}\n"
    ".when{color:#212b32;font-size:1.125rem}\n"
    ".downloads{margin:0}\n"
    "details.more{margin:0 0 1rem}\n"
    "summary{cursor:pointer;color:#005eb8;font-weight:bold;padding:.5rem 0;min-height:2.75rem}\n"
    "summary:focus-visible,.scroll:focus-visible{outline:4px solid #212b32;"
    "outline-offset:0;box-shadow:0 0 0 4px #ffeb3b}\n"
    ".scroll{overflow:auto;max-height:80vh;border:1px solid #aeb7bd;background:#fff}\n"
    "img.natural{max-width:none}\n"
    ".orgviz-text{border-collapse:collapse;font-size:.9375rem;min-width:100%}\n"
    ".orgviz-text caption{text-align:left;font-weight:bold;padding:.5rem}\n"
    ".orgviz-text th,.orgviz-text td{text-align:left;vertical-align:top;padding:.25rem .5rem;"
    "border-bottom:1px solid #d8dde0}\n"
    ".orgviz-text th[scope=rowgroup]{background:#f0f4f5}\n"
    /* on a phone each row becomes a card, each value after its column's name */
    "@media (max-width:40rem){section{padding:1rem .75rem}"
    ".orgviz-text,.orgviz-text caption,.orgviz-text tbody,.orgviz-text tr,.orgviz-text th,"
    ".orgviz-text td{display:block;min-width:0}"
    ".orgviz-text thead{position:absolute;width:1px;height:1px;overflow:hidden;"
    "clip:rect(0 0 0 0)}"
    ".orgviz-text tr{border-bottom:1px solid #d8dde0;padding:.25rem 0}"
    ".orgviz-text th,.orgviz-text td{border:0;padding:.125rem .5rem}"
    ".orgviz-text td:empty{padding:0}.orgviz-text td:empty::before{content:none}"
    /* the column's name is for the eye: a screen reader has the header */
    ".orgviz-text td[data-label]::before{content:attr(data-label) \": \" / \"\";"
    "font-weight:bold}}\n"

    ".failed{padding:1rem;border-left:6px solid #d5281b;background:#fff;color:#212b32}\n"
    "a{color:#005eb8;text-decoration:underline;text-underline-offset:.15em}\n"
    "a:hover{color:#7c2855}\n"
    "a:focus-visible,button:focus-visible,select:focus-visible{outline:4px solid #212b32;"
    "outline-offset:0;background:#ffeb3b;color:#212b32;box-shadow:0 0 0 4px #ffeb3b}\n"
    ".stepper{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;margin:0 0 1rem;"
    "padding:.75rem;background:#f0f4f5}\n"
    ".stepper[hidden]{display:none}\n"
    "button,select{font:inherit;color:#212b32;background:#fff;border:2px solid #4c6272;"
    "border-radius:4px;padding:.35rem .75rem;min-height:2.75rem}\n"
    "select{max-width:100%;min-width:0;text-overflow:ellipsis}\n"
    ".stepper>*{max-width:100%}\n"
    "code{overflow-wrap:anywhere}\n"
    "button{color:#005eb8;border-color:#005eb8;font-weight:bold;cursor:pointer}\n"
    "button:disabled{color:#4c6272;border-color:#aeb7bd;cursor:default}\n"
    "label{font-weight:bold}\n"
    ".skip-link{position:absolute;left:-10000px;top:0;padding:.75rem 1rem;background:#ffeb3b;"
    "color:#212b32;z-index:10}\n"
    ".skip-link:focus{left:1rem;top:1rem}\n"
    ".visually-hidden{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;"
    "overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}\n"
    "footer{background:#fff;border-top:4px solid #005eb8;padding:1rem 0 2rem;"
    "font-size:.9375rem}\n"
    "footer h2{font-size:1.25rem}\n"
    "footer h3{font-size:1.0625rem;margin:1rem 0 .25rem}\n"
    "footer ul{margin:0;padding-left:1.25rem}\n";

/* Steps a series: shows one frame, keeps the select and the buttons in
 * step, announces the date. A disabled button drops the focus, so the
 * focus moves to the select at either end. */
static const char js[] =
    "(function () {\n"
    "  var series = document.querySelectorAll('[data-series]');\n"
    "  Array.prototype.forEach.call(series, function (s) {\n"
    "    var frames = s.querySelectorAll('.frame');\n"
    "    var stepper = s.querySelector('.stepper');\n"
    "    var sel = stepper.querySelector('select');\n"
    "    var prev = stepper.querySelector('[data-step=\"-1\"]');\n"
    "    var next = stepper.querySelector('[data-step=\"1\"]');\n"
    "    var live = s.querySelector('[aria-live]');\n"
    "    function show(i, announce) {\n"
    "      Array.prototype.forEach.call(frames, function (f, k) { f.hidden = k !== i; });\n"
    "      sel.selectedIndex = i;\n"
    "      prev.disabled = i === 0;\n"
    "      next.disabled = i === frames.length - 1;\n"
    "      if (announce) {\n"
    "        live.textContent = 'Showing ' + sel.options[i].text + ', ' + (i + 1) +\n"
    "          ' of ' + frames.length;\n"
    "      }\n"
    "    }\n"
    "    sel.addEventListener('change', function () { show(sel.selectedIndex, true); });\n"
    "    [prev, next].forEach(function (b) {\n"
    "      b.addEventListener('click', function () {\n"
    "        var i = sel.selectedIndex + Number(b.getAttribute('data-step'));\n"
    "        if (i >= 0 && i < frames.length) { show(i, true); }\n"
    "        if (b.disabled) { sel.focus(); }\n"
    "      });\n"
    "    });\n"
    "    stepper.hidden = false;\n"
    "    show(0, false);\n"
    "  });\n"
    "})();\n";

/* Appends S escaped for HTML text and attribute values, without the
 * characters HTML forbids. */
static void put_esc(ov_buf *b, const char *s)
{
    ov_buf_put_xml(b, s, 1);
}

static void put_size(ov_buf *b, size_t bytes)
{
    if (bytes < 1000)
        ov_buf_printf(b, "%zu bytes", bytes);
    else if (bytes < 1000 * 1000)
        ov_buf_printf(b, "%.0f kB", (double)bytes / 1000.0);
    else
        ov_buf_printf(b, "%.1f MB", (double)bytes / 1e6);
}

static const char *format_label(ov_format f)
{
    switch (f) {
    case OV_FMT_SVG:
        return "SVG";
    case OV_FMT_PNG:
        return "PNG";
    case OV_FMT_PDF:
        return "PDF";
    case OV_FMT_DOT:
        return "DOT source";
    case OV_FMT_HTML:
        return "text version (HTML)";
    }
    return "file";
}

/* " on A4 pages": the page size of a manifest entry */
static void put_page(ov_buf *b, const char *page)
{
    char label[32];
    ov_page_label(page, label, sizeof label);
    ov_buf_printf(b, " on %s pages", label);
}

/* The file shown in the page: the SVG, else the PNG, else none. */
static const ov_gallery_file *picture(const ov_gallery_figure *g)
{
    const ov_gallery_file *png = NULL;
    for (size_t i = 0; i < g->nfiles; i++) {
        if (g->files[i].format == OV_FMT_SVG)
            return &g->files[i];
        if (g->files[i].format == OV_FMT_PNG && !png)
            png = &g->files[i];
    }
    return png;
}

/* "31 March 2020, the day before the merger" */
static void put_day(ov_buf *b, const ov_gallery_figure *g)
{
    char human[32];
    ov_date_human(g->day, human);
    put_esc(b, human);
    if (g->when && *g->when) {
        ov_buf_puts(b, ", ");
        put_esc(b, g->when);
    }
}

static void put_source(ov_buf *b, const ov_gallery_entry *e)
{
    const char *base = strrchr(e->data, '/');
    base = base ? base + 1 : e->data;
    ov_buf_puts(b, "<p class=\"source\">Source: ");
    if (e->model && e->model->title) {
        put_esc(b, e->model->title);
        ov_buf_puts(b, " (");
    }
    ov_buf_puts(b, "data file <code>");
    put_esc(b, base);
    ov_buf_puts(b, "</code>");
    if (e->model && e->model->title)
        ov_buf_puts(b, ")");
    ov_buf_puts(b, ".</p>\n");
}

static const char *alt_of(const ov_gallery_entry *e, const ov_gallery_figure *g)
{
    return g->alt && *g->alt ? g->alt : e->heading;
}

/* The section's heading, and the day in a series: unique in the page. */
static void put_which(ov_buf *b, const ov_gallery_entry *e, const ov_gallery_figure *g)
{
    put_esc(b, e->heading);
    if (e->series) {
        ov_buf_puts(b, ", ");
        put_day(b, g);
    }
}

/* Opens a disclosure, SUMMARY "of" the chart (the rest for screen readers
 * only), and in it a region that scrolls, named after the summary. */
static void open_disclosure(ov_buf *b, const ov_gallery_entry *e, const ov_gallery_figure *g,
                            const char *summary)
{
    ov_buf_printf(b, "<details class=\"more\">\n<summary>%s", summary);
    ov_buf_puts(b, "<span class=\"visually-hidden\"> of ");
    put_which(b, e, g);
    ov_buf_printf(b, "</span></summary>\n<div class=\"scroll\" role=\"region\" tabindex=\"0\" "
                     "aria-label=\"%s: ",
                  summary);
    put_which(b, e, g);
    ov_buf_puts(b, "\">\n");
}

/* The picture at its natural size (1 pt = 4/3 CSS px) in a region that
 * scrolls, so that text can be read and zoomed on any screen. */
static void put_full_size(ov_buf *b, const ov_gallery_entry *e, const ov_gallery_figure *g,
                          const ov_gallery_file *pic)
{
    if (!pic || pic->format != OV_FMT_SVG || pic->width < 1 || pic->height < 1)
        return;
    open_disclosure(b, e, g, "Full size");
    ov_buf_puts(b, "<img class=\"natural\" src=\"");
    put_esc(b, pic->file);
    ov_buf_puts(b, "\" alt=\"");
    put_esc(b, alt_of(e, g));
    ov_buf_printf(b, "\" width=\"%.0f\" height=\"%.0f\">\n</div>\n</details>\n",
                  pic->width * 4.0 / 3.0, pic->height * 4.0 / 3.0);
}

/* The text version in a disclosure, in a region that scrolls sideways
 * when a table is wider than a phone. */
static void put_text_version(ov_buf *b, const ov_gallery_entry *e, const ov_gallery_figure *g)
{
    if (!g->text || !*g->text)
        return;
    open_disclosure(b, e, g, "Chart as text");
    /* made by textversion.c, which escapes everything from the data */
    ov_buf_puts(b, g->text);
    ov_buf_puts(b, "</div>\n</details>\n");
}

static void put_figure(ov_buf *b, const ov_gallery_entry *e, const ov_gallery_figure *g)
{
    ov_buf_puts(b, "<div class=\"frame\" id=\"fig-");
    put_esc(b, g->anchor);
    ov_buf_puts(b, "\">\n");
    if (g->failed) {
        ov_buf_puts(b, "<p class=\"failed\">");
        if (e->series) {
            put_day(b, g);
            ov_buf_puts(b, ": ");
        }
        ov_buf_puts(b, "This chart could not be made when the page was built.</p>\n</div>\n");
        return;
    }
    const ov_gallery_file *pic = picture(g);
    ov_buf_puts(b, "<figure>\n");
    if (pic) {
        ov_buf_puts(b, "<img src=\"");
        put_esc(b, pic->file);
        ov_buf_puts(b, "\" alt=\"");
        put_esc(b, alt_of(e, g));
        ov_buf_puts(b, "\"");
        if (pic->width >= 1 && pic->height >= 1)
            ov_buf_printf(b, " width=\"%.0f\" height=\"%.0f\"", pic->width, pic->height);
        ov_buf_puts(b, ">\n");
    }
    ov_buf_puts(b, "<figcaption>\n");
    if (e->series) {
        ov_buf_puts(b, "<p class=\"when\">");
        put_day(b, g);
        ov_buf_puts(b, "</p>\n");
    }
    if (g->desc && *g->desc) {
        ov_buf_puts(b, "<p>");
        put_esc(b, g->desc);
        ov_buf_puts(b, "</p>\n");
    }
    put_source(b, e);
    ov_buf_puts(b, "</figcaption>\n</figure>\n");
    put_full_size(b, e, g, pic);
    put_text_version(b, e, g);
    ov_buf_puts(b, "<p class=\"downloads\">Download: ");
    for (size_t i = 0; i < g->nfiles; i++) {
        const ov_gallery_file *f = &g->files[i];
        if (i > 0)
            ov_buf_puts(b, i + 1 == g->nfiles ? " or " : ", ");
        ov_buf_puts(b, "<a href=\"");
        put_esc(b, f->file);
        ov_buf_printf(b, "\">%s", format_label(f->format));
        if (e->page)
            put_page(b, e->page);
        ov_buf_puts(b, "<span class=\"visually-hidden\"> of ");
        put_which(b, e, g);
        ov_buf_puts(b, "</span></a> (");
        put_size(b, f->bytes);
        ov_buf_puts(b, ")");
    }
    ov_buf_puts(b, "</p>\n</div>\n");
}

static void put_stepper(ov_buf *b, const ov_gallery_entry *e)
{
    ov_buf_puts(b, "<div class=\"stepper\" hidden>\n"
                   "<button type=\"button\" data-step=\"-1\">Earlier date</button>\n"
                   "<label for=\"date-");
    put_esc(b, e->name);
    ov_buf_puts(b, "\">Date shown</label>\n<select id=\"date-");
    put_esc(b, e->name);
    ov_buf_puts(b, "\">\n");
    for (size_t i = 0; i < e->nfigures; i++) {
        ov_buf_puts(b, "<option value=\"fig-");
        put_esc(b, e->figures[i].anchor);
        ov_buf_puts(b, "\">");
        put_day(b, &e->figures[i]);
        ov_buf_puts(b, "</option>\n");
    }
    ov_buf_puts(b, "</select>\n"
                   "<button type=\"button\" data-step=\"1\">Later date</button>\n"
                   "</div>\n"
                   "<p class=\"visually-hidden\" aria-live=\"polite\"></p>\n");
}

static void put_section(ov_buf *b, const ov_gallery_entry *e)
{
    ov_buf_puts(b, "<section id=\"chart-");
    put_esc(b, e->name);
    ov_buf_puts(b, "\" aria-labelledby=\"h-");
    put_esc(b, e->name);
    ov_buf_puts(b, "\"");
    if (e->series && e->nfigures > 1)
        ov_buf_puts(b, " data-series");
    ov_buf_puts(b, ">\n<h2 id=\"h-");
    put_esc(b, e->name);
    ov_buf_puts(b, "\">");
    put_esc(b, e->heading);
    ov_buf_puts(b, "</h2>\n");
    if (e->series && e->nfigures > 1) {
        ov_buf_printf(b, "<p>%zu charts, the day before and the day of each change.</p>\n",
                      e->nfigures);
        put_stepper(b, e);
    }
    for (size_t i = 0; i < e->nfigures; i++)
        put_figure(b, e, &e->figures[i]);
    ov_buf_puts(b, "</section>\n");
}

/* The sources of each data file, once, in the order first used. */
static void put_sources(ov_buf *b, const ov_gallery_entry *entries, size_t n)
{
    ov_buf_puts(b, "<footer>\n<div class=\"wrap\">\n<h2>Data and sources</h2>\n");
    for (size_t i = 0; i < n; i++) {
        const ov_gallery_entry *e = &entries[i];
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++)
            seen = strcmp(entries[j].data, e->data) == 0;
        if (seen)
            continue;
        ov_buf_puts(b, "<h3>");
        put_esc(b, e->model && e->model->title ? e->model->title : e->data);
        ov_buf_puts(b, "</h3>\n<p>Data file <code>");
        put_esc(b, e->data);
        ov_buf_puts(b, "</code>");
        if (!e->model || e->model->nsources == 0) {
            ov_buf_puts(b, ".</p>\n");
            continue;
        }
        ov_buf_puts(b, ", compiled from:</p>\n<ul>\n");
        for (size_t k = 0; k < e->model->nsources; k++) {
            const ov_source *s = &e->model->sources[k];
            ov_buf_puts(b, "<li>");
            if (s->url && ov_url_is_safe(s->url)) {
                ov_buf_puts(b, "<a href=\"");
                put_esc(b, s->url);
                ov_buf_puts(b, "\">");
                put_esc(b, s->title ? s->title : s->url);
                ov_buf_puts(b, "</a>");
            } else {
                put_esc(b, s->title ? s->title : s->id);
            }
            ov_buf_puts(b, "</li>\n");
        }
        ov_buf_puts(b, "</ul>\n");
    }
    ov_buf_puts(b, "<p>Made with orgviz. The charts are regenerated from the data by "
                   "<code>orgviz build</code>.</p>\n</div>\n</footer>\n");
}

char *ov_gallery_html(const char *title, const ov_gallery_entry *entries, size_t n,
                      size_t *len)
{
    const char *t = title && *title ? title : "orgviz charts";
    ov_buf b;
    ov_buf_init(&b);
    ov_buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<meta name=\"generator\" content=\"orgviz\">\n<title>");
    put_esc(&b, t);
    ov_buf_puts(&b, "</title>\n<style>\n");
    ov_buf_puts(&b, css);
    ov_buf_puts(&b, "</style>\n</head>\n<body>\n"
                    "<a class=\"skip-link\" href=\"#main\">Skip to the charts</a>\n"
                    "<header>\n<div class=\"wrap\">\n<h1>");
    put_esc(&b, t);
    ov_buf_printf(&b, "</h1>\n<p>%zu chart%s made from the data with orgviz. Below each picture "
                      "is a written description of what it shows, and links to download it.</p>\n",
                  n, n == 1 ? "" : "s");
    ov_buf_puts(&b, "<nav aria-label=\"Charts on this page\">\n<ul>\n");
    for (size_t i = 0; i < n; i++) {
        ov_buf_puts(&b, "<li><a href=\"#chart-");
        put_esc(&b, entries[i].name);
        ov_buf_puts(&b, "\">");
        put_esc(&b, entries[i].heading);
        ov_buf_puts(&b, "</a></li>\n");
    }
    ov_buf_puts(&b, "</ul>\n</nav>\n</div>\n</header>\n"
                    "<main id=\"main\" tabindex=\"-1\">\n<div class=\"wrap\">\n");
    for (size_t i = 0; i < n; i++)
        put_section(&b, &entries[i]);
    ov_buf_puts(&b, "</div>\n</main>\n");
    put_sources(&b, entries, n);
    ov_buf_puts(&b, "<script>\n");
    ov_buf_puts(&b, js);
    ov_buf_puts(&b, "</script>\n</body>\n</html>\n");
    *len = b.len;
    return ov_buf_take(&b);
}
