/* The build, stage 2: rendering the outputs that are not up to date, in
 * this process with one Graphviz context, or in worker processes that each
 * have their own and send results back as records over a pipe. */
#include <errno.h>
#include <jansson.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
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
        ov_chart_opts co = bld_chart_opts(it, c);
        st = ov_chart_render(gv, m, &co, &ro, &buf, &len, &o->diags);
    } else {
        ro.custom_theme = theme;
        ov_timeline_opts to = bld_timeline_opts(P, c);
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
    bld_note_bytes(o, buf, len, ov_hash64(OV_HASH_INIT, buf, len));
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

/* ---- results ------------------------------------------------------------ *
 * A worker sends one record per output back through its socket:
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
        ov_diag g = {.severity = sev ? OV_ERROR : OV_WARNING, .line = line, .column = col};
        g.file = get_str(&r);
        g.pointer = get_str(&r);
        g.org_id = get_str(&r);
        char *message = get_str(&r);
        char none[] = "";
        g.message = message ? message : none;
        g.excerpt = get_str(&r);
        ov_diag_add_copy(&o->diags, &g);
        free(g.file);
        free(g.pointer);
        free(g.org_id);
        free(message);
        free(g.excerpt);
    }
    if (r.bad) {
        o->state = OV_OUT_FAILED;
        ov_diag_add(&o->diags, OV_ERROR, NULL, 0, 0, NULL, NULL,
                    "a worker process sent a malformed result");
    }
    return idx;
}

/* ---- worker processes --------------------------------------------------- *
 * The parent hands out one output at a time, largest first, over a socket
 * pair per worker (u32 output index; shutting down its sending side means
 * "no more"), and hands the next one to whichever worker reports back, so
 * a long PNG keeps one worker busy while the other takes the rest. The
 * parent knows what each worker holds: the output of a worker that dies is
 * reported failed with the reason, the others are made. */

#ifdef OV_COVERAGE
void __gcov_dump(void);
#endif

/* _exit, not exit: the parent's stdio buffers and atexit handlers are not
 * ours. In a coverage build (meson -Db_coverage=true) the counters are
 * written first, which exit would have done. */
static _Noreturn void worker_exit(int code)
{
#ifdef OV_COVERAGE
    __gcov_dump();
#endif
    _exit(code);
}

/* Reads exactly N bytes; -1 on end of file or an error. */
static int read_all(int fd, void *p, size_t n)
{
    char *c = p;
    while (n > 0) {
        ssize_t k = read(fd, c, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        c += k;
        n -= (size_t)k;
    }
    return 0;
}

/* The worker's life: renders each output index it is sent, until the
 * parent says no more. Never returns. */
static _Noreturn void worker(bld_plan *P, int sock)
{
    ov_gv *gv = ov_gv_new();
    uint32_t idx;
    while (read_all(sock, &idx, sizeof idx) == 0 && idx < P->nouts) {
        bld_out *o = &P->outs[idx];
        render_one(P, gv, o);
        ov_buf b;
        ov_buf_init(&b);
        encode_record(&b, idx, o);
        int rc = b.oom ? -1 : ov_write_all(sock, b.data, b.len);
        ov_buf_free(&b);
        if (rc != 0)
            worker_exit(3);
    }
    ov_gv_free(gv);
    close(sock);
    worker_exit(0);
}

typedef struct {
    pid_t pid;
    int fd;      /* the socket to the worker; -1 once it has ended */
    size_t busy; /* index into the queue of what it renders, or OV_NONE */
    ov_buf in;
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

typedef struct {
    bld_plan *P;
    const size_t *queue; /* output indices, largest first */
    size_t n;
    size_t next; /* the first not handed out */
    size_t done;
    int *got; /* per output: its result has come */
} wqueue;

/* Gives worker W the next output, or tells it there is no more. */
static void hand_out(wqueue *q, wslot *w)
{
    w->busy = OV_NONE;
    if (q->next < q->n) {
        uint32_t idx = (uint32_t)q->queue[q->next];
        /* MSG_NOSIGNAL: a worker that has died is an EPIPE, not a SIGPIPE */
        if (send(w->fd, &idx, sizeof idx, MSG_NOSIGNAL) == (ssize_t)sizeof idx) {
            w->busy = q->next++;
            return;
        }
    }
    shutdown(w->fd, SHUT_WR);
}

/* Takes every complete record out of W's buffer; a worker that has sent
 * the result of what it held gets the next output. */
static void drain(wqueue *q, wslot *w)
{
    size_t off = 0;
    while (w->in.len - off >= sizeof(uint32_t)) {
        uint32_t len;
        memcpy(&len, w->in.data + off, sizeof len);
        if (w->in.len - off - sizeof len < len)
            break;
        size_t idx = decode_record(q->P, w->in.data + off + sizeof len, len);
        off += sizeof len + len;
        if (idx == OV_NONE || q->got[idx])
            continue;
        q->got[idx] = 1;
        q->done++;
        progress(q->P, q->done, q->n, &q->P->outs[idx]);
        if (w->busy != OV_NONE && q->queue[w->busy] == idx)
            hand_out(q, w);
    }
    if (off > 0) {
        memmove(w->in.data, w->in.data + off, w->in.len - off);
        w->in.len -= off;
    }
}

/* Worker W has closed its socket: it has ended. What it held is failed,
 * with how it ended, and no half-written file of it is left. */
static void reap(wqueue *q, wslot *w)
{
    close(w->fd);
    w->fd = -1;
    int status = 0;
    while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (w->busy == OV_NONE || q->got[q->queue[w->busy]])
        return;
    bld_out *o = &q->P->outs[q->queue[w->busy]];
    char why[96];
    snprintf(why, sizeof why, "its worker process ended unexpectedly");
    if (WIFSIGNALED(status))
        snprintf(why, sizeof why, "its worker process was ended by signal %d", WTERMSIG(status));
    else if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
        snprintf(why, sizeof why, "its worker process exited with status %d",
                 WEXITSTATUS(status));
    if (!q->P->o->check)
        ov_write_file_abandoned(o->path);
    o->state = OV_OUT_FAILED;
    ov_diag_add(&o->diags, OV_ERROR, o->path, 0, 0, NULL, NULL, "not rendered: %s", why);
    q->got[q->queue[w->busy]] = 1;
    q->done++;
    progress(q->P, q->done, q->n, o);
}

/* Starts up to JOBS workers; returns how many started. */
static size_t start_workers(bld_plan *P, wslot *ws, size_t jobs)
{
    size_t nw = 0;
    fflush(NULL);
    for (size_t w = 0; w < jobs; w++) {
        int sv[2];
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
            break;
        pid_t pid = fork();
        if (pid == 0) {
            close(sv[0]);
            for (size_t k = 0; k < nw; k++)
                close(ws[k].fd);
            worker(P, sv[1]);
        }
        close(sv[1]);
        if (pid < 0) {
            close(sv[0]);
            break;
        }
        ws[nw].pid = pid;
        ws[nw].fd = sv[0];
        ws[nw].busy = OV_NONE;
        ov_buf_init(&ws[nw].in);
        nw++;
    }
    return nw;
}

static void run_workers(bld_plan *P, const size_t *queue, size_t n, size_t jobs)
{
    wslot ws[MAX_JOBS];
    wqueue q = {.P = P, .queue = queue, .n = n, .got = calloc(P->nouts, sizeof *q.got)};
    if (!q.got) {
        P->oom = 1;
        return;
    }
    size_t nw = start_workers(P, ws, jobs);
    for (size_t k = 0; k < nw; k++)
        hand_out(&q, &ws[k]);
    struct pollfd pfd[MAX_JOBS];
    size_t alive = nw;
    while (alive > 0) {
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
            ssize_t got = read(ws[k].fd, chunk, sizeof chunk);
            if (got < 0 && errno == EINTR)
                continue;
            if (got <= 0) {
                reap(&q, &ws[k]);
                alive--;
                continue;
            }
            ov_buf_putn(&ws[k].in, chunk, (size_t)got);
            drain(&q, &ws[k]);
        }
    }
    for (size_t k = 0; k < nw; k++) {
        if (ws[k].fd >= 0)
            reap(&q, &ws[k]);
        ov_buf_free(&ws[k].in);
    }
    /* what no worker took (none could start, or all have died) is
     * rendered here */
    ov_gv *gv = NULL;
    for (; q.next < n; q.next++) {
        bld_out *o = &P->outs[queue[q.next]];
        if (!gv)
            gv = ov_gv_new();
        render_one(P, gv, o);
        progress(P, ++q.done, n, o);
    }
    ov_gv_free(gv);
    free(q.got);
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

/* A rough cost of rendering O, for handing out the long ones first: the
 * organisations in its data, times what its format costs beyond the
 * layout (a PNG or a PDF is the SVG drawn again by cairo). */
static double render_cost(const bld_plan *P, const bld_out *o)
{
    static const double per_format[] = {[OV_FMT_SVG] = 1.0, [OV_FMT_PNG] = 3.0,
                                        [OV_FMT_PDF] = 2.0, [OV_FMT_DOT] = 0.7};
    const ov_model *m = P->data[P->items[o->item].data].model;
    return (double)(m ? m->norgs + 1 : 1) * per_format[o->format];
}

typedef struct {
    double cost;
    size_t out;
} cost_key;

static int by_cost(const void *a, const void *b)
{
    const cost_key *x = a;
    const cost_key *y = b;
    if (x->cost != y->cost)
        return x->cost > y->cost ? -1 : 1;
    return (x->out > y->out) - (x->out < y->out);
}

/* Orders the output indices TODO by falling cost (ties in manifest order). */
static void largest_first(const bld_plan *P, size_t *todo, size_t n)
{
    cost_key *keys = malloc((n ? n : 1) * sizeof *keys);
    if (!keys)
        return; /* the manifest's order works too, only slower */
    for (size_t k = 0; k < n; k++)
        keys[k] = (cost_key){render_cost(P, &P->outs[todo[k]]), todo[k]};
    qsort(keys, n, sizeof *keys, by_cost);
    for (size_t k = 0; k < n; k++)
        todo[k] = keys[k].out;
    free(keys);
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
            uint64_t got = rc == 0 ? ov_hash64(OV_HASH_INIT, buf, len) : 0;
            if (rc == 0 && got == want) {
                bld_note_bytes(o, buf, len, got);
                o->state = OV_OUT_UNCHANGED;
                free(buf);
                continue;
            }
            free(buf);
        }
        todo[ntodo++] = i;
    }
    size_t jobs = P->o->jobs > 1 ? (size_t)P->o->jobs : 1;
    if (jobs > 1)
        largest_first(P, todo, ntodo);
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
