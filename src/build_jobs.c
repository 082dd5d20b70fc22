/* The build, stage 2: rendering the outputs that are not up to date, in
 * this process with one Graphviz context, or in worker processes that each
 * have their own and send results back as records over a pipe. */
#include <errno.h>
#include <jansson.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "output.h"
#include "build_int.h"
#include "theme.h"

/* ---- rendering ----------------------------------------------------------- */

static void render_one(bld_plan *P, ov_gv *gv, bld_out *o)
{
    const bld_item *it = &P->items[o->item];
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
                         .page = c->page,
                         .min_text = c->min_text,
                         .hide = c->hide,
                         .note = c->note,
                         .highlight = (const char *const *)c->highlight,
                         .nhighlight = c->nhighlight,
                         .title = c->title,
                         .id_prefix = prefix};
    char *buf = NULL;
    size_t len = 0;
    char *old = NULL;
    size_t oldlen = 0;
    ov_theme *theme = NULL;
    ov_status st;
    size_t errors_before = o->diags.errors;
    double t0 = bld_now();
    if (!prefix) {
        ov_diag_add(&o->diags, OV_ERROR, NULL, 0, 0, NULL, NULL, "out of memory");
        st = OV_ERR_MEMORY;
    } else if (!gv) {
        ov_diag_add(&o->diags, OV_ERROR, NULL, 0, 0, NULL, NULL,
                    "graphviz cannot start (are its plugins installed?)");
        st = OV_ERR_RENDER;
    } else if (c->theme_path &&
               (st = ov_theme_load(c->theme_path, &theme, &o->diags)) != OV_OK) {
        /* the theme file's diagnostics say why */
    } else if (c->kind == OV_KIND_CHART) {
        ro.custom_theme = theme;
        ov_chart_opts co = {.at = it->day, .root = c->root, .depth = c->depth, .since = it->since};
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
        ro.custom_theme = theme;
        st = ov_timeline_render(gv, m, &to, &ro, &buf, &len, &o->diags);
    }
    ov_theme_free(theme);
    o->seconds = bld_now() - t0;
    if (st != OV_OK || !buf) {
        if (o->diags.errors == errors_before)
            ov_diag_add(&o->diags, OV_ERROR, NULL, 0, 0, NULL, NULL, "the renderer failed");
        o->state = OV_OUT_FAILED;
        goto done;
    }
    bld_note_bytes(o, buf, len);
    int rc = bld_read_existing(o->path, &old, &oldlen, &o->diags);
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

static void encode_record(ov_buf *b, size_t index, const bld_out *o)
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

/* Applies one record (without its length prefix) to the bld_plan; returns the
 * output index, or OV_NONE for a malformed record. */
static size_t decode_record(bld_plan *P, const char *data, size_t len)
{
    reader r = {data, data + len, 0};
    uint32_t idx;
    uint8_t state;
    uint64_t bytes;
    uint32_t nd;
    get_raw(&r, &idx, sizeof idx);
    if (r.bad || idx >= P->nouts)
        return OV_NONE;
    bld_out *o = &P->outs[idx];
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
static void worker(bld_plan *P, const size_t *todo, size_t ntodo, size_t first, size_t step, int fd)
{
    ov_gv *gv = ov_gv_new();
    for (size_t k = first; k < ntodo; k += step) {
        bld_out *o = &P->outs[todo[k]];
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

static void progress(bld_plan *P, size_t done, size_t total, bld_out *o)
{
    if (!P->o->progress)
        return;
    const bld_item *it = &P->items[o->item];
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
static void drain(bld_plan *P, wslot *w, int *got, size_t *done, size_t total)
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

static void run_workers(bld_plan *P, const size_t *todo, size_t ntodo, size_t jobs)
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
        bld_out *o = &P->outs[todo[k]];
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

static void run_inline(bld_plan *P, const size_t *todo, size_t ntodo)
{
    ov_gv *gv = ov_gv_new();
    for (size_t k = 0; k < ntodo; k++) {
        bld_out *o = &P->outs[todo[k]];
        render_one(P, gv, o);
        progress(P, k + 1, ntodo, o);
    }
    ov_gv_free(gv);
}

/* Decides what is up to date (build mode), then renders the rest. */
void bld_render_all(bld_plan *P)
{
    size_t *todo = calloc(P->nouts ? P->nouts : 1, sizeof *todo);
    size_t ntodo = 0;
    if (!todo) {
        P->oom = 1;
        return;
    }
    for (size_t i = 0; i < P->nouts; i++) {
        bld_out *o = &P->outs[i];
        if (o->state == OV_OUT_FAILED)
            continue;
        uint64_t want;
        if (!P->o->check && !P->o->force && bld_stamp_lookup(P, o->file, o->inputs, &want)) {
            char *buf = NULL;
            size_t len = 0;
            ov_diags scratch;
            ov_diags_init(&scratch);
            int rc = bld_read_existing(o->path, &buf, &len, &scratch);
            ov_diags_free(&scratch);
            if (rc == 0 && ov_hash64(OV_HASH_INIT, buf, len) == want) {
                bld_note_bytes(o, buf, len);
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
