/* orgviz build: plan the outputs of a manifest, decide which are up to
 * date, render the others (in this process with one Graphviz context, or
 * in worker processes that each have their own), then write the gallery
 * and the stamp. Check mode renders everything in memory and compares.
 *
 * The plan: each manifest chart becomes one or more items (one per day for
 * "each-transition"), and each item one output per format. An output's
 * input hash covers everything that decides its bytes: the orgviz version
 * and the program itself (a rebuilt orgviz may draw differently), the data
 * file's bytes, the manifest entry (canonical JSON), a theme file's bytes,
 * the resolved days, the format and the file name. */
#include "build.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "output.h"
#include "build_int.h"
#include "svg_page.h"
#include "pages.h"

/* ---- small helpers --------------------------------------------------- */

double bld_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void bld_diags_copy(ov_diags *dst, const ov_diags *src)
{
    for (size_t i = 0; i < src->count; i++) {
        const ov_diag *g = &src->items[i];
        size_t before = dst->count;
        ov_diag_add(dst, g->severity, g->file, g->line, g->column, g->pointer, g->org_id, "%s",
                    g->message);
        if (g->excerpt && dst->count > before)
            dst->items[dst->count - 1].excerpt = ov_strdup(g->excerpt);
    }
}

/* Reads the file at PATH. Returns 0 with a new buffer (free with free()),
 * 1 when it does not exist, -1 with a diagnostic on any other error. */
int bld_read_existing(const char *path, char **out, size_t *len, ov_diags *d)
{
    *out = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return 1;
        ov_diag_add(d, OV_ERROR, path, 0, 0, NULL, NULL, "cannot open: %s", strerror(errno));
        return -1;
    }
    char *buf = NULL;
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        ov_diag_add(d, OV_ERROR, path, 0, 0, NULL, NULL, "not a regular file");
        goto fail;
    }
    if ((size_t)sb.st_size > MAX_OUTPUT_BYTES) {
        ov_diag_add(d, OV_ERROR, path, 0, 0, NULL, NULL, "file is larger than %zu MiB",
                    MAX_OUTPUT_BYTES >> 20);
        goto fail;
    }
    size_t n = (size_t)sb.st_size;
    buf = malloc(n + 1);
    if (!buf) {
        ov_diag_add(d, OV_ERROR, path, 0, 0, NULL, NULL, "out of memory");
        goto fail;
    }
    size_t got = 0;
    while (got < n) {
        ssize_t k = read(fd, buf + got, n - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            ov_diag_add(d, OV_ERROR, path, 0, 0, NULL, NULL, "cannot read: %s",
                        k < 0 ? strerror(errno) : "the file shrank while being read");
            goto fail;
        }
        got += (size_t)k;
    }
    buf[n] = '\0';
    close(fd);
    *out = buf;
    *len = n;
    return 0;
fail:
    free(buf);
    close(fd);
    return -1;
}

/* ---- sizes for the gallery -------------------------------------------- */

static void png_size(const char *buf, size_t len, double *w, double *h)
{
    const unsigned char *p = (const unsigned char *)buf;
    *w = 0;
    *h = 0;
    if (len < 24 || memcmp(p, "\x89PNG\r\n\x1a\n", 8) != 0 || memcmp(p + 12, "IHDR", 4) != 0)
        return;
    *w = (double)(((uint32_t)p[16] << 24) | ((uint32_t)p[17] << 16) | ((uint32_t)p[18] << 8) |
                  p[19]);
    *h = (double)(((uint32_t)p[20] << 24) | ((uint32_t)p[21] << 16) | ((uint32_t)p[22] << 8) |
                  p[23]);
}

void bld_note_bytes(bld_out *o, const char *buf, size_t len, uint64_t hash)
{
    o->bytes = len;
    o->hash = hash;
    if (o->format == OV_FMT_SVG)
        ov_svg_view_size(buf, len, &o->width, &o->height);
    else if (o->format == OV_FMT_PNG)
        png_size(buf, len, &o->width, &o->height);
}

/* ---- the gallery --------------------------------------------------------- */

/* "TITLE: the structure on 1 April 2021": the chart's title (or the
 * data's), then what the chart shows. */
static char *heading_plain(const bld_plan *P, const ov_manifest_chart *c, const ov_model *m)
{
    const char *what = c->title ? c->title : m && m->title ? m->title : c->data;
    if (c->kind == OV_KIND_TIMELINE) {
        size_t f = m && c->focus ? ov_model_find(m, c->focus) : OV_NONE;
        if (f != OV_NONE)
            return ov_asprintf("%s: timeline of %s and its lineage", what,
                               ov_org_display_name(&m->orgs[f], 0));
        return ov_asprintf("%s: timeline", what);
    }
    if (c->at_when == OV_WHEN_EACH_TRANSITION)
        return ov_asprintf("%s: the structure before and after each change", what);
    char human[32];
    ov_date_human(c->at_when == OV_WHEN_DATE ? c->at : P->today, human);
    return ov_asprintf("%s: the structure on %s", what, human);
}

/* The gallery's heading of chart C: a page size is part of it, so that
 * the A4 version of a chart has a heading of its own. */
static char *heading_for(const bld_plan *P, const ov_manifest_chart *c, const ov_model *m)
{
    char *h = heading_plain(P, c, m);
    if (!h || !c->page)
        return h;
    char label[32];
    ov_page_label(c->page, label, sizeof label);
    char *paged = ov_asprintf("%s, on %s pages", h, label);
    free(h);
    return paged;
}

static int gallery_make(bld_plan *P, char **out, size_t *outlen)
{
    size_t n = P->man->ncharts;
    ov_gallery_entry *entries = calloc(n ? n : 1, sizeof *entries);
    ov_gallery_figure *figs = calloc(P->nitems ? P->nitems : 1, sizeof *figs);
    char **headings = calloc(n ? n : 1, sizeof *headings);
    int rc = -1;
    *out = NULL;
    if (!entries || !figs || !headings)
        goto done;
    size_t nf = 0;
    for (size_t ci = 0; ci < n; ci++) {
        const ov_manifest_chart *c = &P->man->charts[ci];
        ov_gallery_entry *e = &entries[ci];
        const ov_model *m = NULL;
        e->figures = &figs[nf];
        for (size_t i = 0; i < P->nitems; i++) {
            const bld_item *it = &P->items[i];
            if (it->chart != ci)
                continue;
            m = P->data[it->data].model;
            ov_gallery_figure *g = &figs[nf++];
            e->nfigures++;
            g->anchor = it->stem;
            g->day = c->at_when == OV_WHEN_EACH_TRANSITION ? it->day : OV_DAY_NONE;
            g->when = it->when;
            g->desc = it->desc ? it->desc : "";
            g->alt = it->alt;
            g->text = it->text;
            for (size_t k = 0; k < P->nouts; k++) {
                const bld_out *o = &P->outs[k];
                if (o->item != i || o->state == OV_OUT_FAILED)
                    continue;
                ov_gallery_file *gf = &g->files[g->nfiles++];
                gf->file = o->file;
                gf->format = o->format;
                gf->bytes = o->bytes;
                gf->width = o->width;
                gf->height = o->height;
            }
            g->failed = it->failed || g->nfiles == 0;
        }
        headings[ci] = heading_for(P, c, m);
        if (!headings[ci])
            goto done;
        e->name = c->name;
        e->heading = headings[ci];
        e->series = c->kind == OV_KIND_CHART && c->at_when == OV_WHEN_EACH_TRANSITION;
        e->data = c->data;
        e->page = c->page;
        e->model = m;
    }
    *out = ov_gallery_html(P->man->title, entries, n, outlen);
    rc = *out ? 0 : -1;
done:
    if (headings) {
        for (size_t ci = 0; ci < n; ci++)
            free(headings[ci]);
    }
    free(headings);
    free(figs);
    free(entries);
    if (rc != 0)
        P->oom = 1;
    return rc;
}

/* Writes (or, in check mode, compares) the gallery; returns its state. */
static ov_out_state gallery_update(bld_plan *P, size_t *bytes)
{
    char *html = NULL;
    size_t len = 0;
    char *old = NULL;
    size_t oldlen = 0;
    char *path = ov_asprintf("%s/%s", P->out_dir, OV_BUILD_GALLERY);
    ov_out_state state = OV_OUT_FAILED;
    if (!path || gallery_make(P, &html, &len) != 0) {
        ov_diag_add(P->d, OV_ERROR, P->out_dir, 0, 0, NULL, NULL,
                    "out of memory making the gallery");
        goto done;
    }
    *bytes = len;
    int rc = bld_read_existing(path, &old, &oldlen, P->d);
    int same = rc == 0 && oldlen == len && memcmp(old, html, len) == 0;
    if (P->o->check)
        state = rc < 0 ? OV_OUT_FAILED : rc == 1 ? OV_OUT_MISSING
                                     : same    ? OV_OUT_CURRENT
                                               : OV_OUT_STALE;
    else if (same)
        state = OV_OUT_UNCHANGED;
    else if (ov_write_file(path, html, len, P->d) == OV_OK)
        state = OV_OUT_RENDERED;
done:
    free(old);
    free(html);
    free(path);
    return state;
}

/* ---- the result ---------------------------------------------------------- */

/* Files that may sit in the output folder without being produced by the
 * manifest: the gallery, the stamp, and a few that publishing needs. */
static int is_allowed_extra(const char *name)
{
    static const char *const allowed[] = {OV_BUILD_GALLERY, OV_BUILD_STAMP, "README.md",
                                          "README.txt",     "README",       ".gitignore",
                                          ".gitattributes", ".nojekyll",    NULL};
    for (const char *const *a = allowed; *a; a++) {
        if (strcmp(name, *a) == 0)
            return 1;
    }
    return 0;
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_output(const bld_plan *P, const char *name)
{
    for (size_t i = 0; i < P->nouts; i++) {
        if (strcmp(P->outs[i].file, name) == 0)
            return 1;
    }
    return 0;
}

static ov_build_file *add_file(ov_build_result *r, const char *file)
{
    ov_build_file *f = &r->files[r->nfiles];
    memset(f, 0, sizeof *f);
    ov_diags_init(&f->diags);
    f->file = ov_strdup(file);
    if (!f->file)
        return NULL;
    r->nfiles++;
    return f;
}

/* Files in the output folder that the manifest does not produce, sorted.
 * A build deletes those that the previous stamp lists (outputs of charts
 * since removed from the manifest) and reports the others. */
static void scan_extras(bld_plan *P, ov_build_result *r, size_t cap)
{
    DIR *dir = opendir(P->out_dir);
    if (!dir)
        return;
    char **names = NULL;
    size_t n = 0;
    size_t ncap = 0;
    for (struct dirent *de = readdir(dir); de; de = readdir(dir)) {
        const char *name = de->d_name;
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || is_allowed_extra(name) ||
            is_output(P, name))
            continue;
        if (n == ncap) {
            ncap = ncap ? ncap * 2 : 16;
            char **grown = realloc(names, ncap * sizeof *grown);
            if (!grown)
                break;
            names = grown;
        }
        names[n] = ov_strdup(name);
        if (names[n])
            n++;
    }
    closedir(dir);
    if (n == 0) {
        free(names);
        return;
    }
    qsort(names, n, sizeof *names, str_cmp);
    ov_build_file *grown = realloc(r->files, (cap + n) * sizeof *grown);
    if (grown)
        r->files = grown;
    for (size_t i = 0; i < n; i++) {
        ov_build_file *f = grown ? add_file(r, names[i]) : NULL;
        if (f) {
            f->state = OV_OUT_EXTRA;
            char *path = ov_asprintf("%s/%s", P->out_dir, names[i]);
            if (!P->o->check && path && json_object_get(P->stamp, names[i]) &&
                unlink(path) == 0)
                f->state = OV_OUT_REMOVED;
            free(path);
            if (f->state == OV_OUT_REMOVED)
                r->removed++;
            else
                r->extra++;
        }
        free(names[i]);
    }
    free(names);
}

static void fill_result(bld_plan *P, ov_build_result *r)
{
    size_t cap = P->nouts + 1;
    r->files = calloc(cap, sizeof *r->files);
    if (!r->files) {
        P->oom = 1;
        return;
    }
    r->charts = P->nouts;
    for (size_t i = 0; i < P->nouts; i++) {
        bld_out *o = &P->outs[i];
        const bld_item *it = &P->items[o->item];
        const ov_manifest_chart *c = &P->man->charts[it->chart];
        ov_build_file *f = add_file(r, o->file);
        if (!f) {
            P->oom = 1;
            return;
        }
        f->chart = ov_strdup(c->name);
        f->pointer = ov_strdup(c->pointer);
        f->state = o->state;
        f->seconds = o->seconds;
        f->bytes = o->bytes;
        if (it->failed)
            bld_diags_copy(&f->diags, &it->diags);
        ov_diags_move(&f->diags, &o->diags);
        switch (o->state) {
        case OV_OUT_UNCHANGED:
            r->unchanged++;
            break;
        case OV_OUT_RENDERED:
            r->rendered++;
            break;
        case OV_OUT_FAILED:
            r->failed++;
            break;
        case OV_OUT_CURRENT:
            r->current++;
            break;
        case OV_OUT_STALE:
            r->stale++;
            break;
        case OV_OUT_MISSING:
            r->missing++;
            break;
        default:
            break;
        }
    }
}

/* ---- public -------------------------------------------------------------- */

void ov_build_result_free(ov_build_result *r)
{
    for (size_t i = 0; i < r->nfiles; i++) {
        free(r->files[i].file);
        free(r->files[i].chart);
        free(r->files[i].pointer);
        ov_diags_free(&r->files[i].diags);
    }
    free(r->files);
    ov_diags_free(&r->diags);
    memset(r, 0, sizeof *r);
}

ov_status ov_build(const ov_build_opts *o, ov_build_result *r)
{
    double t0 = bld_now();
    memset(r, 0, sizeof *r);
    ov_diags_init(&r->diags);
    bld_plan P = {.o = o, .d = &r->diags, .today = ov_date_today()};
    /* "out/" and "out" are the same folder; file names are joined with '/' */
    char *out_dir = ov_strdup(o->out_dir ? o->out_dir : DEFAULT_OUT_DIR);
    if (!out_dir) {
        ov_diag_add(&r->diags, OV_ERROR, NULL, 0, 0, NULL, NULL, "out of memory");
        return OV_ERR_MEMORY;
    }
    for (size_t n = strlen(out_dir); n > 1 && out_dir[n - 1] == '/'; n--)
        out_dir[n - 1] = '\0';
    P.out_dir = out_dir;
    const char *manifest = o->manifest ? o->manifest : DEFAULT_MANIFEST;
    ov_status st = ov_manifest_load(manifest, &P.man, &r->diags);
    if (st != OV_OK)
        goto done;
    st = OV_ERR_MEMORY;
    P.data = calloc(P.man->ncharts ? P.man->ncharts : 1, sizeof *P.data);
    if (!P.data)
        goto done;
    for (size_t ci = 0; ci < P.man->ncharts && !P.oom; ci++)
        bld_plan_chart(&P, ci);
    if (P.oom)
        goto done;
    if (bld_plan_outputs(&P) != 0) {
        st = P.oom ? OV_ERR_MEMORY : OV_ERR_DATA;
        goto done;
    }
    if (!o->check && ov_mkdir_p(P.out_dir, 0777, &r->diags) != 0) {
        st = OV_ERR_IO;
        goto done;
    }
    /* --force still reads the stamp: its list of earlier outputs says
     * which files of charts that left the manifest to remove */
    if (!o->check)
        bld_stamp_read(&P);
    bld_render_all(&P);
    if (P.oom)
        goto done;
    size_t gallery_bytes = 0;
    ov_out_state gstate = gallery_update(&P, &gallery_bytes);
    if (!o->check)
        bld_stamp_write(&P);
    fill_result(&P, r);
    if (P.oom)
        goto done;
    ov_build_file *g = add_file(r, OV_BUILD_GALLERY);
    if (g) {
        g->state = gstate;
        g->bytes = gallery_bytes;
        if (gstate == OV_OUT_CURRENT)
            r->current++;
        else if (gstate == OV_OUT_STALE)
            r->stale++;
        else if (gstate == OV_OUT_MISSING)
            r->missing++;
    }
    scan_extras(&P, r, r->nfiles);
    st = OV_OK;
    if (r->failed > 0 || r->diags.errors > 0 || gstate == OV_OUT_FAILED)
        st = OV_ERR_DATA;
    if (o->check && (r->stale > 0 || r->missing > 0 || r->extra > 0))
        st = OV_ERR_DATA;
done:
    if (st == OV_ERR_MEMORY)
        ov_diag_add(&r->diags, OV_ERROR, NULL, 0, 0, NULL, NULL, "out of memory");
    bld_plan_free(&P);
    free(out_dir);
    r->seconds = bld_now() - t0;
    return st;
}
