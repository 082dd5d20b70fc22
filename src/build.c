/* orgviz build: plan the outputs of a manifest, decide which are up to
 * date, render the others (in this process with one Graphviz context, or
 * in worker processes that each have their own), then write the gallery
 * and the stamp. Check mode renders everything in memory and compares.
 *
 * The plan: each manifest chart becomes one or more items (one per day for
 * "each-transition"), and each item one output per format. An output's
 * input hash covers everything that decides its bytes: the orgviz version
 * and the program itself (a rebuilt orgviz may draw differently), the data
 * file's bytes, the manifest entry (canonical JSON), the resolved days and
 * the format. */
#include "build.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <libxml/xmlreader.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gv.h"
#include "output.h"
#include "util.h"
#include "version.h"

#define DEFAULT_MANIFEST "data/charts.json"
#define DEFAULT_OUT_DIR "out"
/* Outputs larger than this are refused when read back (a PNG of a
 * national chart is a few MiB). */
#define MAX_OUTPUT_BYTES ((size_t)512 << 20)
#define MAX_JOBS 64

typedef struct {
    char *path;      /* resolved path of the data file */
    ov_model *model; /* NULL when it could not be loaded or is invalid */
    ov_diags diags;  /* why not */
    uint64_t hash;   /* of the file's bytes */
} bdata;

typedef struct {
    size_t chart;   /* index into the manifest's charts */
    size_t data;    /* index into plan.data */
    ov_day day;     /* chart: the day drawn; timeline: OV_DAY_NONE */
    ov_day today;   /* the resolved "today" when the output depends on it */
    char *stem;     /* file name without the extension */
    char *when;     /* each-transition: what the day is ("the day of the merger") */
    char *desc;     /* generated description (the caption) */
    char *alt;      /* the picture's alt text: its title */
    char *text;     /* the text version (HTML fragment) */
    ov_diags diags; /* plan errors: an unknown root, focus or type */
    int failed;
} bitem;

typedef struct {
    size_t item;
    ov_format format;
    char *file;      /* inside the output folder */
    char *path;      /* out_dir/file */
    uint64_t inputs; /* input hash */
    int todo;        /* to be rendered */
    ov_out_state state;
    double seconds;
    size_t bytes;
    uint64_t hash; /* of the output's bytes */
    double width, height;
    ov_diags diags;
} bout;

typedef struct {
    const ov_build_opts *o;
    const char *out_dir;
    ov_manifest *man;
    bdata *data;
    size_t ndata;
    bitem *items;
    size_t nitems;
    size_t capitems;
    bout *outs;
    size_t nouts;
    json_t *stamp; /* the previous stamp's "outputs" object, or NULL */
    ov_day today;
    ov_diags *d; /* the result's general diagnostics */
    int oom;
} plan;

/* ---- small helpers --------------------------------------------------- */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t hash_str(uint64_t h, const char *s)
{
    /* the terminating NUL separates fields */
    return ov_hash64(h, s ? s : "", s ? strlen(s) + 1 : 1);
}

static void hex64(uint64_t v, char *buf)
{
    snprintf(buf, 17, "%016llx", (unsigned long long)v);
}

static int parse_hex64(const char *s, uint64_t *out)
{
    if (!s || strlen(s) != 16)
        return -1;
    char *end;
    unsigned long long v = strtoull(s, &end, 16);
    if (*end != '\0')
        return -1;
    *out = (uint64_t)v;
    return 0;
}

static void diags_copy(ov_diags *dst, const ov_diags *src)
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
static int read_existing(const char *path, char **out, size_t *len, ov_diags *d)
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

static int mkdir_p(const char *dir, ov_diags *d)
{
    char *p = ov_strdup(dir);
    if (!p) {
        ov_diag_add(d, OV_ERROR, dir, 0, 0, NULL, NULL, "out of memory");
        return -1;
    }
    int rc = 0;
    for (char *s = p + 1;; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char saved = *s;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            ov_diag_add(d, OV_ERROR, p, 0, 0, NULL, NULL, "cannot create the folder: %s",
                        strerror(errno));
            rc = -1;
            break;
        }
        *s = saved;
        if (saved == '\0')
            break;
    }
    struct stat sb;
    if (rc == 0 && (stat(p, &sb) != 0 || !S_ISDIR(sb.st_mode))) {
        ov_diag_add(d, OV_ERROR, p, 0, 0, NULL, NULL, "not a folder");
        rc = -1;
    }
    free(p);
    return rc;
}

/* ---- sizes for the gallery -------------------------------------------- */

/* The size of an SVG from its root's viewBox (or width and height). */
static void svg_size(const char *buf, size_t len, double *w, double *h)
{
    *w = 0;
    *h = 0;
    if (len > INT32_MAX)
        return;
    xmlTextReaderPtr r = xmlReaderForMemory(buf, (int)len, NULL, NULL,
                                            XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                XML_PARSE_NOWARNING);
    if (!r)
        return;
    while (xmlTextReaderRead(r) == 1) {
        if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT)
            continue;
        xmlChar *vb = xmlTextReaderGetAttribute(r, BAD_CAST "viewBox");
        double x, y, vw, vh;
        if (vb && sscanf((const char *)vb, "%lf %lf %lf %lf", &x, &y, &vw, &vh) == 4 &&
            vw > 0 && vh > 0) {
            *w = vw;
            *h = vh;
        } else {
            xmlChar *ws = xmlTextReaderGetAttribute(r, BAD_CAST "width");
            xmlChar *hs = xmlTextReaderGetAttribute(r, BAD_CAST "height");
            if (ws && hs) {
                *w = strtod((const char *)ws, NULL);
                *h = strtod((const char *)hs, NULL);
            }
            xmlFree(ws);
            xmlFree(hs);
        }
        xmlFree(vb);
        break;
    }
    xmlFreeTextReader(r);
}

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

static void note_bytes(bout *o, const char *buf, size_t len)
{
    o->bytes = len;
    o->hash = ov_hash64(OV_HASH_INIT, buf, len);
    if (o->format == OV_FMT_SVG)
        svg_size(buf, len, &o->width, &o->height);
    else if (o->format == OV_FMT_PNG)
        png_size(buf, len, &o->width, &o->height);
}

/* ---- the plan ---------------------------------------------------------- */

static size_t plan_data(plan *P, const char *path)
{
    for (size_t i = 0; i < P->ndata; i++) {
        if (strcmp(P->data[i].path, path) == 0)
            return i;
    }
    bdata *bd = &P->data[P->ndata];
    ov_diags_init(&bd->diags);
    bd->path = ov_strdup(path);
    if (!bd->path) {
        P->oom = 1;
        return OV_NONE;
    }
    P->ndata++;
    char *buf = NULL;
    size_t len = 0;
    if (ov_read_file(path, OV_MAX_FILE_BYTES, &buf, &len, &bd->diags) != OV_OK)
        return P->ndata - 1;
    bd->hash = ov_hash64(OV_HASH_INIT, buf, len);
    ov_model *m = NULL;
    ov_status st = ov_open_buffer(path, buf, len, &m, &bd->diags);
    free(buf);
    if (st == OV_OK) {
        /* warnings are for `orgviz validate`; a build stays quiet */
        ov_diags_free(&bd->diags);
        bd->model = m;
    } else {
        /* the errors say why its charts are not made; the warnings are
         * for `orgviz validate` */
        ov_diags_drop_warnings(&bd->diags);
        ov_diags_sort(&bd->diags);
    }
    return P->ndata - 1;
}

static bitem *add_item(plan *P, size_t chart, size_t data, const char *stem)
{
    if (P->nitems == P->capitems) {
        size_t cap = P->capitems ? P->capitems * 2 : 32;
        bitem *items = realloc(P->items, cap * sizeof *items);
        if (!items) {
            P->oom = 1;
            return NULL;
        }
        P->items = items;
        P->capitems = cap;
    }
    bitem *it = &P->items[P->nitems];
    memset(it, 0, sizeof *it);
    ov_diags_init(&it->diags);
    it->chart = chart;
    it->data = data;
    it->day = OV_DAY_NONE;
    it->today = OV_DAY_NONE;
    it->stem = ov_strdup(stem);
    if (!it->stem) {
        P->oom = 1;
        return NULL;
    }
    P->nitems++;
    return it;
}

/* Reports an organisation id of the manifest that the data does not have. */
static int check_org(plan *P, bitem *it, const ov_manifest_chart *c, const char *key,
                     const char *id)
{
    const ov_model *m = P->data[it->data].model;
    if (!id || ov_model_find(m, id) != OV_NONE)
        return 0;
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; i < m->norgs; i++) {
        if (m->orgs[i].id && ov_is_nearer(id, m->orgs[i].id, &best_d))
            best = m->orgs[i].id;
    }
    char *ptr = ov_asprintf("%s/%s", c->pointer, key);
    if (best)
        ov_diag_at(&it->diags, OV_ERROR, P->man->path, ptr, NULL,
                   "no organisation \"%s\" in %s; did you mean \"%s\"?", id, c->data_path, best);
    else
        ov_diag_at(&it->diags, OV_ERROR, P->man->path, ptr, NULL, "no organisation \"%s\" in %s",
                   id, c->data_path);
    free(ptr);
    it->failed = 1;
    return -1;
}

static void check_types(plan *P, bitem *it, const ov_manifest_chart *c)
{
    const ov_model *m = P->data[it->data].model;
    for (size_t k = 0; k < c->ntypes; k++) {
        int found = 0;
        for (size_t t = 0; t < m->ntypes && !found; t++)
            found = strcmp(m->types[t].key, c->types[k]) == 0;
        if (found)
            continue;
        char *ptr = ov_asprintf("%s/types/%zu", c->pointer, k);
        ov_diag_at(&it->diags, OV_ERROR, P->man->path, ptr, NULL, "no type \"%s\" in %s",
                   c->types[k], c->data_path);
        free(ptr);
        it->failed = 1;
    }
}

static int day_cmp(const void *a, const void *b)
{
    ov_day x = *(const ov_day *)a;
    ov_day y = *(const ov_day *)b;
    return (x > y) - (x < y);
}

/* "the day of the merger", "the day before the succession and
 * establishment": what DAY is in a series. New string. */
static char *describe_day(const ov_model *m, ov_day day)
{
    ov_buf b;
    ov_buf_init(&b);
    for (int pass = 0; pass < 2; pass++) {
        ov_day want = pass == 0 ? day : day + 1;
        int kinds[OV_TR_COUNT] = {0};
        size_t n = 0;
        for (size_t i = 0; i < m->ntrans; i++) {
            if (m->trans[i].date == want && m->trans[i].kind >= 0 && !kinds[m->trans[i].kind]) {
                kinds[m->trans[i].kind] = 1;
                n++;
            }
        }
        if (n == 0)
            continue;
        ov_buf_puts(&b, b.len ? ", and " : "");
        ov_buf_puts(&b, pass == 0 ? "the day of the " : "the day before the ");
        size_t k = 0;
        for (int t = 0; t < OV_TR_COUNT; t++) {
            if (!kinds[t])
                continue;
            if (k > 0)
                ov_buf_puts(&b, k + 1 == n ? " and " : ", ");
            ov_buf_puts(&b, ov_tr_kind_name((ov_tr_kind)t));
            k++;
        }
    }
    return ov_buf_take(&b);
}

/* Each-transition: the day before and the day of every distinct
 * transition date, ascending, only days on which the root (if any)
 * exists. Returns the count; *out is a new array. */
static size_t transition_days(const ov_model *m, const char *root, ov_day **out)
{
    *out = NULL;
    if (m->ntrans == 0)
        return 0;
    ov_day *days = malloc(2 * m->ntrans * sizeof *days);
    if (!days)
        return 0;
    size_t n = 0;
    size_t r = root ? ov_model_find(m, root) : OV_NONE;
    for (size_t i = 0; i < m->ntrans; i++) {
        ov_day d = m->trans[i].date;
        if (d == OV_DAY_NONE)
            continue;
        for (ov_day x = d - 1; x <= d; x++) {
            if (r == OV_NONE || ov_org_exists_at(&m->orgs[r], x))
                days[n++] = x;
        }
    }
    qsort(days, n, sizeof *days, day_cmp);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (k == 0 || days[k - 1] != days[i])
            days[k++] = days[i];
    }
    *out = days;
    return k;
}

static void describe_item(plan *P, bitem *it, const ov_manifest_chart *c)
{
    const ov_model *m = P->data[it->data].model;
    if (c->kind == OV_KIND_CHART) {
        ov_chart_opts co = {.at = it->day, .root = c->root, .depth = c->depth};
        char day[32];
        ov_date_human(it->day, day);
        it->desc = ov_chart_describe(m, &co);
        it->text = ov_chart_text_html(m, &co, c->title);
        it->alt = ov_asprintf("%s, as at %s", c->title ? c->title : m->title ? m->title : "Chart",
                              day);
    } else {
        ov_timeline_opts to = {.from = c->from_when == OV_WHEN_DEFAULT ? OV_DAY_NONE : c->from,
                               .to = c->to_when == OV_WHEN_DEFAULT ? OV_DAY_NONE : c->to,
                               .focus = c->focus,
                               .types = (const char **)c->types,
                               .ntypes = c->ntypes};
        if (c->from_when == OV_WHEN_TODAY)
            to.from = P->today;
        if (c->to_when == OV_WHEN_TODAY)
            to.to = P->today;
        it->desc = ov_timeline_describe(m, &to);
        it->text = ov_timeline_text_html(m, &to, c->title);
        it->alt = ov_strdup(c->title ? c->title : m->title ? m->title : "Timeline");
    }
}

/* Turns manifest chart CI into items. */
static void plan_chart(plan *P, size_t ci)
{
    const ov_manifest_chart *c = &P->man->charts[ci];
    size_t di = plan_data(P, c->data_path);
    if (di == OV_NONE)
        return;
    const ov_model *m = P->data[di].model;
    if (!m) {
        bitem *it = add_item(P, ci, di, c->name);
        if (!it)
            return;
        it->failed = 1;
        diags_copy(&it->diags, &P->data[di].diags);
        return;
    }
    if (c->kind == OV_KIND_CHART && c->at_when == OV_WHEN_EACH_TRANSITION) {
        ov_day *days = NULL;
        size_t n = transition_days(m, c->root, &days);
        if (n == 0) {
            bitem *it = add_item(P, ci, di, c->name);
            if (it) {
                it->failed = 1;
                ov_diag_at(&it->diags, OV_ERROR, P->man->path, c->pointer, NULL,
                           "\"each-transition\": %s has no transitions%s", c->data_path,
                           c->root ? " while the root exists" : "");
            }
        }
        for (size_t k = 0; k < n; k++) {
            char iso[11];
            ov_date_iso(days[k], iso);
            char *stem = ov_asprintf("%s-%s", c->name, iso);
            bitem *it = stem ? add_item(P, ci, di, stem) : NULL;
            free(stem);
            if (!it) {
                P->oom = 1;
                break;
            }
            it->day = days[k];
            it->when = describe_day(m, days[k]);
        }
        free(days);
    } else {
        bitem *it = add_item(P, ci, di, c->name);
        if (!it)
            return;
        if (c->kind == OV_KIND_CHART) {
            it->day = c->at_when == OV_WHEN_DATE ? c->at : P->today;
            if (c->at_when != OV_WHEN_DATE)
                it->today = P->today;
        } else if (c->from_when == OV_WHEN_TODAY || c->to_when != OV_WHEN_DATE) {
            /* an open "to" means the later of today and the last date */
            it->today = P->today;
        }
    }
    /* ids are checked against the data once per chart; every item of a
     * series shares the result */
    for (size_t i = 0; i < P->nitems; i++) {
        bitem *it = &P->items[i];
        if (it->chart != ci || it->failed)
            continue;
        if (c->kind == OV_KIND_CHART) {
            check_org(P, it, c, "root", c->root);
        } else {
            check_org(P, it, c, "focus", c->focus);
            check_types(P, it, c);
        }
        if (!it->failed)
            describe_item(P, it, c);
    }
}

/* A hash of the running program's bytes, read once; 0 when it cannot be
 * read (then the version alone stands for the program). */
static uint64_t program_hash(void)
{
    static int done;
    static uint64_t h;
    if (done)
        return h;
    done = 1;
    ov_diags d;
    ov_diags_init(&d);
    char *buf = NULL;
    size_t len = 0;
    if (ov_read_file("/proc/self/exe", (size_t)256 << 20, &buf, &len, &d) == OV_OK)
        h = ov_hash64(OV_HASH_INIT, buf, len);
    free(buf);
    ov_diags_free(&d);
    return h;
}

static uint64_t inputs_hash(const plan *P, const bout *o)
{
    const bitem *it = &P->items[o->item];
    const ov_manifest_chart *c = &P->man->charts[it->chart];
    char day[11] = "-";
    char today[11] = "-";
    if (it->day != OV_DAY_NONE)
        ov_date_iso(it->day, day);
    if (it->today != OV_DAY_NONE)
        ov_date_iso(it->today, today);
    uint64_t h = hash_str(OV_HASH_INIT, "orgviz-build 1");
    h = hash_str(h, ORGVIZ_VERSION);
    uint64_t ph = program_hash();
    h = ov_hash64(h, &ph, sizeof ph);
    uint64_t dh = P->data[it->data].hash;
    h = ov_hash64(h, &dh, sizeof dh);
    h = hash_str(h, c->canon);
    h = hash_str(h, day);
    h = hash_str(h, today);
    h = hash_str(h, ov_format_ext(o->format));
    return hash_str(h, o->file);
}

static int file_cmp(const void *a, const void *b)
{
    const bout *x = *(const bout *const *)a;
    const bout *y = *(const bout *const *)b;
    return strcmp(x->file, y->file);
}

/* Every output of every item; two charts that would write the same file
 * are a manifest error. */
static int plan_outputs(plan *P)
{
    size_t n = 0;
    for (size_t i = 0; i < P->nitems; i++)
        n += P->man->charts[P->items[i].chart].nformats;
    P->outs = calloc(n ? n : 1, sizeof *P->outs);
    if (!P->outs) {
        P->oom = 1;
        return -1;
    }
    for (size_t i = 0; i < P->nitems; i++) {
        const ov_manifest_chart *c = &P->man->charts[P->items[i].chart];
        for (size_t f = 0; f < c->nformats; f++) {
            bout *o = &P->outs[P->nouts++];
            ov_diags_init(&o->diags);
            o->item = i;
            o->format = c->formats[f];
            o->file = ov_asprintf("%s.%s", P->items[i].stem, ov_format_ext(o->format));
            o->path = o->file ? ov_asprintf("%s/%s", P->out_dir, o->file) : NULL;
            if (!o->path) {
                P->oom = 1;
                return -1;
            }
            o->inputs = inputs_hash(P, o);
            o->state = P->items[i].failed ? OV_OUT_FAILED : OV_OUT_UNCHANGED;
        }
    }
    bout **sorted = malloc((n ? n : 1) * sizeof *sorted);
    if (!sorted) {
        P->oom = 1;
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        sorted[i] = &P->outs[i];
    qsort(sorted, n, sizeof *sorted, file_cmp);
    int rc = 0;
    for (size_t i = 1; i < n; i++) {
        if (strcmp(sorted[i - 1]->file, sorted[i]->file) != 0)
            continue;
        const ov_manifest_chart *a = &P->man->charts[P->items[sorted[i - 1]->item].chart];
        const ov_manifest_chart *b = &P->man->charts[P->items[sorted[i]->item].chart];
        ov_diag_at(P->d, OV_ERROR, P->man->path, b->pointer, NULL,
                   "chart \"%s\" and chart \"%s\" (%s) both produce %s: rename one", b->name,
                   a->name, a->pointer, sorted[i]->file);
        rc = -1;
    }
    free(sorted);
    return rc;
}

/* ---- the stamp ----------------------------------------------------------- */

static void stamp_read(plan *P)
{
    char *path = ov_asprintf("%s/%s", P->out_dir, OV_BUILD_STAMP);
    if (!path) {
        P->oom = 1;
        return;
    }
    char *buf = NULL;
    size_t len = 0;
    int rc = read_existing(path, &buf, &len, P->d);
    if (rc == 0) {
        json_t *root = json_loadb(buf, len, 0, NULL);
        json_t *outs = json_object_get(root, "outputs");
        if (json_is_object(outs) &&
            json_integer_value(json_object_get(root, "orgviz_build")) == 1) {
            P->stamp = json_incref(outs);
        } else {
            ov_diag_add(P->d, OV_WARNING, path, 0, 0, NULL, NULL,
                        "not a build stamp; every chart is rendered again");
        }
        json_decref(root);
    }
    free(buf);
    free(path);
}

/* 1 when the stamp records INPUTS for FILE and the bytes hash *BYTES. */
static int stamp_lookup(const plan *P, const char *file, uint64_t inputs, uint64_t *bytes)
{
    const json_t *e = json_object_get(P->stamp, file);
    uint64_t in;
    if (parse_hex64(json_string_value(json_object_get(e, "inputs")), &in) != 0 ||
        parse_hex64(json_string_value(json_object_get(e, "bytes")), bytes) != 0)
        return 0;
    return in == inputs;
}

static void stamp_write(plan *P)
{
    json_t *root = json_object();
    json_t *outs = json_object();
    char *path = ov_asprintf("%s/%s", P->out_dir, OV_BUILD_STAMP);
    char *text = NULL;
    char *old = NULL;
    size_t oldlen = 0;
    if (!root || !outs || !path)
        goto oom;
    json_object_set_new(root, "orgviz_build", json_integer(1));
    json_object_set_new(root, "orgviz", json_string(ORGVIZ_VERSION));
    for (size_t i = 0; i < P->nouts; i++) {
        const bout *o = &P->outs[i];
        if (o->state != OV_OUT_UNCHANGED && o->state != OV_OUT_RENDERED)
            continue;
        char in[17];
        char by[17];
        hex64(o->inputs, in);
        hex64(o->hash, by);
        json_t *e = json_pack("{s:s, s:s}", "inputs", in, "bytes", by);
        if (!e)
            goto oom;
        const bitem *it = &P->items[o->item];
        if (it->today != OV_DAY_NONE) {
            char iso[11];
            ov_date_iso(it->today, iso);
            json_object_set_new(e, "today", json_string(iso));
        }
        json_object_set_new(outs, o->file, e);
    }
    json_object_set(root, "outputs", outs);
    char *dump = json_dumps(root, JSON_SORT_KEYS | JSON_INDENT(2));
    if (!dump)
        goto oom;
    text = ov_asprintf("%s\n", dump);
    free(dump);
    if (!text)
        goto oom;
    size_t len = strlen(text);
    int rc = read_existing(path, &old, &oldlen, P->d);
    if (rc != 0 || oldlen != len || memcmp(old, text, len) != 0)
        ov_write_file(path, text, len, P->d);
    goto done;
oom:
    ov_diag_add(P->d, OV_ERROR, P->out_dir, 0, 0, NULL, NULL,
                "out of memory writing the build stamp");
done:
    free(old);
    free(text);
    free(path);
    json_decref(outs);
    json_decref(root);
}

/* ---- rendering ----------------------------------------------------------- */

static void render_one(plan *P, ov_gv *gv, bout *o)
{
    const bitem *it = &P->items[o->item];
    const ov_manifest_chart *c = &P->man->charts[it->chart];
    const ov_model *m = P->data[it->data].model;
    /* ids unique in the gallery: the output's name by default; a series
     * adds the day to a prefix of the manifest's own */
    char day[16] = "";
    if (c->id_prefix && *c->id_prefix && c->at_when == OV_WHEN_EACH_TRANSITION)
        ov_date_iso(it->day, day);
    char *prefix = c->id_prefix ? ov_asprintf("%s%s%s", c->id_prefix, day, *day ? "-" : "")
                                : ov_asprintf("%s-", it->stem);
    ov_render_opts ro = {.format = o->format,
                         .responsive = o->format == OV_FMT_SVG && c->responsive,
                         .dpi = c->dpi,
                         .theme = c->theme,
                         .title = c->title,
                         .id_prefix = prefix};
    char *buf = NULL;
    size_t len = 0;
    char *old = NULL;
    size_t oldlen = 0;
    ov_status st;
    size_t errors_before = o->diags.errors;
    double t0 = now();
    if (!prefix) {
        ov_diag_add(&o->diags, OV_ERROR, NULL, 0, 0, NULL, NULL, "out of memory");
        st = OV_ERR_MEMORY;
    } else if (!gv) {
        ov_diag_add(&o->diags, OV_ERROR, NULL, 0, 0, NULL, NULL,
                    "graphviz cannot start (are its plugins installed?)");
        st = OV_ERR_RENDER;
    } else if (c->kind == OV_KIND_CHART) {
        ov_chart_opts co = {.at = it->day, .root = c->root, .depth = c->depth};
        st = ov_chart_render(gv, m, &co, &ro, &buf, &len, &o->diags);
    } else {
        ov_timeline_opts to = {.from = OV_DAY_NONE,
                               .to = OV_DAY_NONE,
                               .focus = c->focus,
                               .types = (const char **)c->types,
                               .ntypes = c->ntypes};
        if (c->from_when == OV_WHEN_DATE || c->from_when == OV_WHEN_TODAY)
            to.from = c->from_when == OV_WHEN_DATE ? c->from : P->today;
        if (c->to_when == OV_WHEN_DATE || c->to_when == OV_WHEN_TODAY)
            to.to = c->to_when == OV_WHEN_DATE ? c->to : P->today;
        st = ov_timeline_render(gv, m, &to, &ro, &buf, &len, &o->diags);
    }
    o->seconds = now() - t0;
    if (st != OV_OK || !buf) {
        if (o->diags.errors == errors_before)
            ov_diag_add(&o->diags, OV_ERROR, NULL, 0, 0, NULL, NULL, "the renderer failed");
        o->state = OV_OUT_FAILED;
        goto done;
    }
    note_bytes(o, buf, len);
    int rc = read_existing(o->path, &old, &oldlen, &o->diags);
    int same = rc == 0 && oldlen == len && memcmp(old, buf, len) == 0;
    if (P->o->check) {
        o->state = rc < 0 ? OV_OUT_FAILED : rc == 1 ? OV_OUT_MISSING
                                        : same    ? OV_OUT_CURRENT
                                                  : OV_OUT_STALE;
        goto done;
    }
    /* equal bytes are not rewritten, so that file times and git stay quiet */
    if (same || ov_write_file(o->path, buf, len, &o->diags) == OV_OK)
        o->state = OV_OUT_RENDERED;
    else
        o->state = OV_OUT_FAILED;
done:
    free(prefix);
    free(old);
    free(buf);
}

/* ---- worker processes --------------------------------------------------- *
 * Each worker renders every Nth output of the list with its own Graphviz
 * context and sends one record per output through a pipe:
 *   u32 length of the rest, u32 output index, u8 state, f64 seconds,
 *   u64 bytes, u64 hash, f64 width, f64 height, u32 diagnostics, and per
 *   diagnostic u8 severity, i32 line, i32 column and five strings (file,
 *   pointer, org_id, message, excerpt), each u32 length (UINT32_MAX for
 *   NULL) and bytes. Native byte order: both ends are this program. */

static void put_raw(ov_buf *b, const void *p, size_t n)
{
    ov_buf_putn(b, p, n);
}

static void put_str(ov_buf *b, const char *s)
{
    uint32_t n = s ? (uint32_t)strlen(s) : UINT32_MAX;
    put_raw(b, &n, sizeof n);
    if (s)
        put_raw(b, s, n);
}

static void encode_record(ov_buf *b, size_t index, const bout *o)
{
    size_t start = b->len;
    uint32_t len = 0;
    uint32_t idx = (uint32_t)index;
    uint8_t state = (uint8_t)o->state;
    uint64_t bytes = o->bytes;
    uint32_t nd = (uint32_t)o->diags.count;
    put_raw(b, &len, sizeof len);
    put_raw(b, &idx, sizeof idx);
    put_raw(b, &state, sizeof state);
    put_raw(b, &o->seconds, sizeof o->seconds);
    put_raw(b, &bytes, sizeof bytes);
    put_raw(b, &o->hash, sizeof o->hash);
    put_raw(b, &o->width, sizeof o->width);
    put_raw(b, &o->height, sizeof o->height);
    put_raw(b, &nd, sizeof nd);
    for (size_t i = 0; i < o->diags.count; i++) {
        const ov_diag *g = &o->diags.items[i];
        uint8_t sev = (uint8_t)g->severity;
        int32_t line = g->line;
        int32_t col = g->column;
        put_raw(b, &sev, sizeof sev);
        put_raw(b, &line, sizeof line);
        put_raw(b, &col, sizeof col);
        put_str(b, g->file);
        put_str(b, g->pointer);
        put_str(b, g->org_id);
        put_str(b, g->message);
        put_str(b, g->excerpt);
    }
    if (!b->oom) {
        len = (uint32_t)(b->len - start - sizeof len);
        memcpy(b->data + start, &len, sizeof len);
    }
}

typedef struct {
    const char *p;
    const char *end;
    int bad;
} reader;

static void get_raw(reader *r, void *out, size_t n)
{
    if (r->bad || (size_t)(r->end - r->p) < n) {
        r->bad = 1;
        memset(out, 0, n);
        return;
    }
    memcpy(out, r->p, n);
    r->p += n;
}

static char *get_str(reader *r)
{
    uint32_t n;
    get_raw(r, &n, sizeof n);
    if (r->bad || n == UINT32_MAX)
        return NULL;
    if ((size_t)(r->end - r->p) < n) {
        r->bad = 1;
        return NULL;
    }
    char *s = ov_strndup(r->p, n);
    r->p += n;
    return s;
}

/* Applies one record (without its length prefix) to the plan; returns the
 * output index, or OV_NONE for a malformed record. */
static size_t decode_record(plan *P, const char *data, size_t len)
{
    reader r = {data, data + len, 0};
    uint32_t idx;
    uint8_t state;
    uint64_t bytes;
    uint32_t nd;
    get_raw(&r, &idx, sizeof idx);
    if (r.bad || idx >= P->nouts)
        return OV_NONE;
    bout *o = &P->outs[idx];
    get_raw(&r, &state, sizeof state);
    get_raw(&r, &o->seconds, sizeof o->seconds);
    get_raw(&r, &bytes, sizeof bytes);
    get_raw(&r, &o->hash, sizeof o->hash);
    get_raw(&r, &o->width, sizeof o->width);
    get_raw(&r, &o->height, sizeof o->height);
    get_raw(&r, &nd, sizeof nd);
    o->state = (ov_out_state)state;
    o->bytes = (size_t)bytes;
    for (uint32_t i = 0; i < nd && !r.bad; i++) {
        uint8_t sev;
        int32_t line;
        int32_t col;
        get_raw(&r, &sev, sizeof sev);
        get_raw(&r, &line, sizeof line);
        get_raw(&r, &col, sizeof col);
        char *file = get_str(&r);
        char *pointer = get_str(&r);
        char *org = get_str(&r);
        char *msg = get_str(&r);
        char *excerpt = get_str(&r);
        size_t before = o->diags.count;
        ov_diag_add(&o->diags, sev ? OV_ERROR : OV_WARNING, file, line, col, pointer, org,
                    "%s", msg ? msg : "");
        if (excerpt && o->diags.count > before) {
            o->diags.items[o->diags.count - 1].excerpt = excerpt;
            excerpt = NULL;
        }
        free(file);
        free(pointer);
        free(org);
        free(msg);
        free(excerpt);
    }
    if (r.bad) {
        o->state = OV_OUT_FAILED;
        ov_diag_add(&o->diags, OV_ERROR, NULL, 0, 0, NULL, NULL,
                    "a worker process sent a malformed result");
    }
    return idx;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* The worker's life: never returns. */
static void worker(plan *P, const size_t *todo, size_t ntodo, size_t first, size_t step, int fd)
{
    ov_gv *gv = ov_gv_new();
    for (size_t k = first; k < ntodo; k += step) {
        bout *o = &P->outs[todo[k]];
        render_one(P, gv, o);
        ov_buf b;
        ov_buf_init(&b);
        encode_record(&b, todo[k], o);
        int rc = b.oom ? -1 : write_all(fd, b.data, b.len);
        ov_buf_free(&b);
        if (rc != 0)
            _exit(3);
    }
    ov_gv_free(gv);
    close(fd);
    /* _exit: the parent's stdio buffers and atexit handlers are not ours */
    _exit(0);
}

typedef struct {
    pid_t pid;
    int fd;
    ov_buf in;
    char why[96]; /* how it ended, when it ended badly */
} wslot;

static void progress(plan *P, size_t done, size_t total, bout *o)
{
    if (!P->o->progress)
        return;
    const bitem *it = &P->items[o->item];
    const ov_manifest_chart *c = &P->man->charts[it->chart];
    ov_build_file f = {.file = o->file,
                       .chart = c->name,
                       .pointer = c->pointer,
                       .state = o->state,
                       .seconds = o->seconds,
                       .bytes = o->bytes,
                       .diags = o->diags};
    P->o->progress(P->o->ctx, done, total, &f);
}

/* Takes every complete record out of W's buffer. */
static void drain(plan *P, wslot *w, int *got, size_t *done, size_t total)
{
    size_t off = 0;
    while (w->in.len - off >= sizeof(uint32_t)) {
        uint32_t len;
        memcpy(&len, w->in.data + off, sizeof len);
        if (w->in.len - off - sizeof len < len)
            break;
        size_t idx = decode_record(P, w->in.data + off + sizeof len, len);
        off += sizeof len + len;
        if (idx == OV_NONE)
            continue;
        got[idx] = 1;
        (*done)++;
        progress(P, *done, total, &P->outs[idx]);
    }
    if (off > 0) {
        memmove(w->in.data, w->in.data + off, w->in.len - off);
        w->in.len -= off;
    }
}

static void run_workers(plan *P, const size_t *todo, size_t ntodo, size_t jobs)
{
    wslot ws[MAX_JOBS];
    size_t nw = 0;
    int *got = calloc(P->nouts, sizeof *got);
    size_t done = 0;
    if (!got) {
        P->oom = 1;
        return;
    }
    fflush(NULL);
    for (size_t w = 0; w < jobs; w++) {
        int fds[2];
        if (pipe(fds) != 0)
            break;
        pid_t pid = fork();
        if (pid == 0) {
            close(fds[0]);
            for (size_t k = 0; k < nw; k++)
                close(ws[k].fd);
            worker(P, todo, ntodo, w, jobs, fds[1]);
        }
        close(fds[1]);
        if (pid < 0) {
            close(fds[0]);
            break;
        }
        ws[nw].pid = pid;
        ws[nw].fd = fds[0];
        ov_buf_init(&ws[nw].in);
        nw++;
    }
    /* a worker that could not start: its share is rendered by nobody and
     * reported below as failed */
    struct pollfd pfd[MAX_JOBS];
    size_t open_fds = nw;
    while (open_fds > 0) {
        for (size_t k = 0; k < nw; k++) {
            pfd[k].fd = ws[k].fd;
            pfd[k].events = POLLIN;
            pfd[k].revents = 0;
        }
        if (poll(pfd, (nfds_t)nw, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (size_t k = 0; k < nw; k++) {
            if (ws[k].fd < 0 || !(pfd[k].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            char chunk[65536];
            ssize_t n = read(ws[k].fd, chunk, sizeof chunk);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                close(ws[k].fd);
                ws[k].fd = -1;
                open_fds--;
                continue;
            }
            ov_buf_putn(&ws[k].in, chunk, (size_t)n);
            drain(P, &ws[k], got, &done, ntodo);
        }
    }
    for (size_t k = 0; k < nw; k++) {
        if (ws[k].fd >= 0)
            close(ws[k].fd);
        int status = 0;
        while (waitpid(ws[k].pid, &status, 0) < 0 && errno == EINTR)
            ;
        snprintf(ws[k].why, sizeof ws[k].why, "its worker process ended unexpectedly");
        if (WIFSIGNALED(status))
            snprintf(ws[k].why, sizeof ws[k].why, "its worker process was ended by signal %d",
                     WTERMSIG(status));
        else if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
            snprintf(ws[k].why, sizeof ws[k].why, "its worker process exited with status %d",
                     WEXITSTATUS(status));
        ov_buf_free(&ws[k].in);
    }
    /* the share of a worker that died is reported; the share of one that
     * could not be started (no pipe or no fork) is rendered here */
    ov_gv *gv = NULL;
    for (size_t k = 0; k < ntodo; k++) {
        bout *o = &P->outs[todo[k]];
        if (got[todo[k]])
            continue;
        if (k % jobs < nw) {
            o->state = OV_OUT_FAILED;
            ov_diag_add(&o->diags, OV_ERROR, o->path, 0, 0, NULL, NULL, "not rendered: %s",
                        ws[k % jobs].why);
        } else {
            if (!gv)
                gv = ov_gv_new();
            render_one(P, gv, o);
        }
        done++;
        progress(P, done, ntodo, o);
    }
    ov_gv_free(gv);
    free(got);
}

static void run_inline(plan *P, const size_t *todo, size_t ntodo)
{
    ov_gv *gv = ov_gv_new();
    for (size_t k = 0; k < ntodo; k++) {
        bout *o = &P->outs[todo[k]];
        render_one(P, gv, o);
        progress(P, k + 1, ntodo, o);
    }
    ov_gv_free(gv);
}

/* Decides what is up to date (build mode), then renders the rest. */
static void render_all(plan *P)
{
    size_t *todo = calloc(P->nouts ? P->nouts : 1, sizeof *todo);
    size_t ntodo = 0;
    if (!todo) {
        P->oom = 1;
        return;
    }
    for (size_t i = 0; i < P->nouts; i++) {
        bout *o = &P->outs[i];
        if (o->state == OV_OUT_FAILED)
            continue;
        uint64_t want;
        if (!P->o->check && !P->o->force && stamp_lookup(P, o->file, o->inputs, &want)) {
            char *buf = NULL;
            size_t len = 0;
            ov_diags scratch;
            ov_diags_init(&scratch);
            int rc = read_existing(o->path, &buf, &len, &scratch);
            ov_diags_free(&scratch);
            if (rc == 0 && ov_hash64(OV_HASH_INIT, buf, len) == want) {
                note_bytes(o, buf, len);
                o->state = OV_OUT_UNCHANGED;
                free(buf);
                continue;
            }
            free(buf);
        }
        todo[ntodo++] = i;
    }
    size_t jobs = P->o->jobs > 1 ? (size_t)P->o->jobs : 1;
    if (jobs > MAX_JOBS)
        jobs = MAX_JOBS;
    if (jobs > ntodo)
        jobs = ntodo;
    if (jobs > 1)
        run_workers(P, todo, ntodo, jobs);
    else if (ntodo > 0)
        run_inline(P, todo, ntodo);
    free(todo);
}

/* ---- the gallery --------------------------------------------------------- */

/* "TITLE: the structure on 1 April 2021": the chart's title (or the
 * data's), then what the chart shows. */
static char *heading_for(const plan *P, const ov_manifest_chart *c, const ov_model *m)
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

static int gallery_make(plan *P, char **out, size_t *outlen)
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
            const bitem *it = &P->items[i];
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
                const bout *o = &P->outs[k];
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
static ov_out_state gallery_update(plan *P, size_t *bytes)
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
    int rc = read_existing(path, &old, &oldlen, P->d);
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

static int is_output(const plan *P, const char *name)
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
static void scan_extras(plan *P, ov_build_result *r, size_t cap)
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

static void fill_result(plan *P, ov_build_result *r)
{
    size_t cap = P->nouts + 1;
    r->files = calloc(cap, sizeof *r->files);
    if (!r->files) {
        P->oom = 1;
        return;
    }
    r->charts = P->nouts;
    for (size_t i = 0; i < P->nouts; i++) {
        bout *o = &P->outs[i];
        const bitem *it = &P->items[o->item];
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
            diags_copy(&f->diags, &it->diags);
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

static void plan_free(plan *P)
{
    for (size_t i = 0; i < P->ndata; i++) {
        free(P->data[i].path);
        ov_model_free(P->data[i].model);
        ov_diags_free(&P->data[i].diags);
    }
    free(P->data);
    for (size_t i = 0; i < P->nitems; i++) {
        free(P->items[i].stem);
        free(P->items[i].when);
        free(P->items[i].desc);
        free(P->items[i].alt);
        free(P->items[i].text);
        ov_diags_free(&P->items[i].diags);
    }
    free(P->items);
    for (size_t i = 0; i < P->nouts; i++) {
        free(P->outs[i].file);
        free(P->outs[i].path);
        ov_diags_free(&P->outs[i].diags);
    }
    free(P->outs);
    json_decref(P->stamp);
    ov_manifest_free(P->man);
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
    double t0 = now();
    memset(r, 0, sizeof *r);
    ov_diags_init(&r->diags);
    plan P = {.o = o, .d = &r->diags, .today = ov_date_today()};
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
        plan_chart(&P, ci);
    if (P.oom)
        goto done;
    if (plan_outputs(&P) != 0) {
        st = P.oom ? OV_ERR_MEMORY : OV_ERR_DATA;
        goto done;
    }
    if (!o->check && mkdir_p(P.out_dir, &r->diags) != 0) {
        st = OV_ERR_IO;
        goto done;
    }
    /* --force still reads the stamp: its list of earlier outputs says
     * which files of charts that left the manifest to remove */
    if (!o->check)
        stamp_read(&P);
    render_all(&P);
    if (P.oom)
        goto done;
    size_t gallery_bytes = 0;
    ov_out_state gstate = gallery_update(&P, &gallery_bytes);
    if (!o->check)
        stamp_write(&P);
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
    plan_free(&P);
    free(out_dir);
    r->seconds = now() - t0;
    return st;
}
