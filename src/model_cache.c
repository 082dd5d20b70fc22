/* The model cache (model_cache.h).
 *
 * An entry is a flat list of little-endian 64-bit numbers and strings
 * (a length counting the NUL, then the bytes and the NUL; length 0 is
 * NULL), in the order of the model's own fields, but for the indexes
 * that ov_model_index works out again; the reader checks every length,
 * count and number against what is left and what is allowed, so a damaged
 * entry is a miss, never a bad model. */
/* htole64 and le64toh (glibc, BSD) */
#define _DEFAULT_SOURCE

#include "model_cache.h"

#include <dirent.h>
#include <endian.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "date.h"
#include "model.h"
#include "output.h"
#include "util.h"

#define MAGIC "orgviz model cache\n"
#define FORMAT 2
#define END_MARK UINT64_C(0x6f726776697a2e2e) /* "orgviz.." */
#define NO_INDEX UINT64_MAX
/* At most this many entries stay in the folder; the oldest go first. */
#define MAX_ENTRIES 32

/* ---- writing ----------------------------------------------------------- */

static void put_u64(ov_buf *b, uint64_t v)
{
    v = htole64(v);
    ov_buf_putn(b, (const char *)&v, 8);
}

static void put_str(ov_buf *b, const char *s)
{
    if (!s) {
        put_u64(b, 0);
        return;
    }
    size_t n = strlen(s) + 1;
    put_u64(b, n);
    ov_buf_putn(b, s, n);
}

static void put_day(ov_buf *b, ov_day d)
{
    put_u64(b, (uint64_t)(int64_t)d);
}

static void put_strs(ov_buf *b, char *const *s, size_t n)
{
    put_u64(b, n);
    for (size_t i = 0; i < n; i++)
        put_str(b, s[i]);
}

static void put_facts(ov_buf *b, const ov_fact *f, size_t n)
{
    put_u64(b, n);
    for (size_t i = 0; i < n; i++) {
        uint64_t bits;
        memcpy(&bits, &f[i].number, sizeof bits);
        put_str(b, f[i].key);
        put_u64(b, (uint64_t)f[i].is_number);
        put_u64(b, bits);
        put_str(b, f[i].text);
    }
}

static void put_org(ov_buf *b, const ov_org *o)
{
    put_str(b, o->id);
    put_str(b, o->name);
    put_str(b, o->short_name);
    put_str(b, o->type_key);
    put_u64(b, o->ncodes);
    for (size_t i = 0; i < o->ncodes; i++) {
        put_str(b, o->codes[i].key);
        put_str(b, o->codes[i].value);
    }
    put_day(b, o->start);
    put_u64(b, (uint64_t)o->start_written);
    put_day(b, o->end);
    put_str(b, o->url);
    put_facts(b, o->facts, o->nfacts);
    put_str(b, o->note);
    put_strs(b, o->source_ids, o->nsources);
    put_u64(b, o->nhistory);
    for (size_t i = 0; i < o->nhistory; i++) {
        const ov_org_state *h = &o->history[i];
        put_day(b, h->until);
        put_str(b, h->name);
        put_str(b, h->short_name);
        put_str(b, h->type_key);
        put_facts(b, h->facts, h->nfacts);
        put_u64(b, (uint64_t)h->has_facts);
    }
}


static void put_model(ov_buf *b, const ov_model *m)
{
    put_u64(b, (uint64_t)(int64_t)m->version);
    put_str(b, m->title);
    put_u64(b, m->allow);
    put_u64(b, m->nsources);
    for (size_t i = 0; i < m->nsources; i++) {
        put_str(b, m->sources[i].id);
        put_str(b, m->sources[i].title);
        put_str(b, m->sources[i].url);
    }
    put_u64(b, m->ntypes);
    for (size_t i = 0; i < m->ntypes; i++) {
        put_str(b, m->types[i].key);
        put_str(b, m->types[i].label);
        put_str(b, m->types[i].colour);
    }
    put_u64(b, m->norgs);
    for (size_t i = 0; i < m->norgs; i++)
        put_org(b, &m->orgs[i]);
    put_u64(b, m->nrels);
    for (size_t i = 0; i < m->nrels; i++) {
        const ov_rel *r = &m->rels[i];
        put_u64(b, (uint64_t)r->kind);
        put_str(b, r->from_id);
        put_str(b, r->to_id);
        put_day(b, r->start);
        put_day(b, r->end);
        put_str(b, r->label);
    }
    put_u64(b, m->ntrans);
    for (size_t i = 0; i < m->ntrans; i++) {
        const ov_transition *t = &m->trans[i];
        put_u64(b, (uint64_t)t->kind);
        put_str(b, t->id);
        put_day(b, t->date);
        put_strs(b, t->from_ids, t->nfrom);
        put_strs(b, t->to_ids, t->nto);
        put_str(b, t->label);
        put_str(b, t->note);
        put_strs(b, t->source_ids, t->nsources);
    }
}

static uint64_t kind_index(const char *kind)
{
    /* by name: the kind may be another copy of the same literal */
    for (uint64_t i = 0; kind && ov_warning_kinds[i]; i++) {
        if (strcmp(ov_warning_kinds[i], kind) == 0)
            return i;
    }
    return NO_INDEX;
}

char *ov_model_cache_encode(const ov_model *m, const ov_diags *d, size_t first, uint64_t key,
                            size_t *len)
{
    ov_buf b;
    ov_buf_init(&b);
    ov_buf_puts(&b, MAGIC);
    put_u64(&b, FORMAT);
    put_u64(&b, key);
    put_str(&b, m->path);
    put_model(&b, m);
    put_u64(&b, d->count - first);
    for (size_t i = first; i < d->count; i++) {
        const ov_diag *g = &d->items[i];
        put_u64(&b, (uint64_t)g->severity);
        put_str(&b, g->file);
        put_u64(&b, (uint64_t)(int64_t)g->line);
        put_u64(&b, (uint64_t)(int64_t)g->column);
        put_str(&b, g->pointer);
        put_str(&b, g->org_id);
        put_str(&b, g->message);
        put_str(&b, g->excerpt);
        put_u64(&b, kind_index(g->kind));
    }
    put_u64(&b, END_MARK);
    if (b.oom) {
        ov_buf_free(&b);
        return NULL;
    }
    *len = b.len;
    return ov_buf_take(&b);
}

/* ---- reading ----------------------------------------------------------- */

typedef struct {
    unsigned char *p; /* in a copy of the entry that the model owns */
    unsigned char *end;
    int bad;
} reader;

static uint64_t get_u64(reader *r)
{
    if (r->bad || r->end - r->p < 8) {
        r->bad = 1;
        return 0;
    }
    uint64_t v;
    memcpy(&v, r->p, 8);
    r->p += 8;
    return le64toh(v);
}

/* A number in [LO, HI]. */
static int64_t get_int(reader *r, int64_t lo, int64_t hi)
{
    int64_t v = (int64_t)get_u64(r);
    if (v < lo || v > hi)
        r->bad = 1;
    return r->bad ? lo : v;
}

/* A day as the loader makes them: a date of the years 1 to 9999 (what
 * ov_date_parse takes), or OV_DAY_NONE. */
static ov_day get_day(reader *r)
{
    ov_day d = (ov_day)get_int(r, INT32_MIN, INT32_MAX);
    if (d != OV_DAY_NONE && (d < ov_date_from_ymd(1, 1, 1) || d > ov_date_from_ymd(9999, 12, 31)))
        r->bad = 1;
    return r->bad ? OV_DAY_NONE : d;
}

/* A string of the entry (which the model owns). */
static char *get_str(reader *r)
{
    uint64_t n = get_u64(r);
    if (r->bad || n == 0)
        return NULL;
    if (n > (uint64_t)(r->end - r->p) || strlen((const char *)r->p) != n - 1) {
        r->bad = 1;
        return NULL;
    }
    char *s = (char *)r->p;
    r->p += n;
    return s;
}

/* A count of items of at least 8 encoded bytes each and a zeroed array of
 * that many of SIZE bytes (NULL for none). */
static void *get_array(reader *r, size_t *n, size_t size)
{
    uint64_t v = get_u64(r);
    *n = 0;
    if (r->bad || v == 0)
        return NULL;
    if (v > (uint64_t)(r->end - r->p) / 8) {
        r->bad = 1;
        return NULL;
    }
    void *a = calloc((size_t)v, size);
    if (!a) {
        r->bad = 1;
        return NULL;
    }
    *n = (size_t)v;
    return a;
}

static char **get_strs(reader *r, size_t *n)
{
    char **s = get_array(r, n, sizeof *s);
    for (size_t i = 0; i < *n && !r->bad; i++)
        s[i] = get_str(r);
    return s;
}

static ov_fact *get_facts(reader *r, size_t *n)
{
    ov_fact *f = get_array(r, n, sizeof *f);
    for (size_t i = 0; i < *n && !r->bad; i++) {
        f[i].key = get_str(r);
        f[i].is_number = (int)get_int(r, 0, 1);
        uint64_t bits = get_u64(r);
        memcpy(&f[i].number, &bits, sizeof bits);
        f[i].text = get_str(r);
    }
    return f;
}

static void get_org(reader *r, ov_org *o)
{
    o->id = get_str(r);
    o->name = get_str(r);
    o->short_name = get_str(r);
    o->type_key = get_str(r);
    o->codes = get_array(r, &o->ncodes, sizeof *o->codes);
    for (size_t i = 0; i < o->ncodes && !r->bad; i++) {
        o->codes[i].key = get_str(r);
        o->codes[i].value = get_str(r);
    }
    o->start = get_day(r);
    o->start_written = (int)get_int(r, 0, 1);
    o->end = get_day(r);
    o->url = get_str(r);
    o->facts = get_facts(r, &o->nfacts);
    o->note = get_str(r);
    o->source_ids = get_strs(r, &o->nsources);
    o->history = get_array(r, &o->nhistory, sizeof *o->history);
    for (size_t i = 0; i < o->nhistory && !r->bad; i++) {
        ov_org_state *h = &o->history[i];
        h->until = get_day(r);
        h->name = get_str(r);
        h->short_name = get_str(r);
        h->type_key = get_str(r);
        h->facts = get_facts(r, &h->nfacts);
        h->has_facts = (int)get_int(r, 0, 1);
    }
}

/* The array of N indexes beside a transition's N ids (ov_model_index
 * fills it in). */
static size_t *get_indexes(reader *r, size_t n)
{
    size_t *idx = n && !r->bad ? calloc(n, sizeof *idx) : NULL;
    if (n && !idx)
        r->bad = 1;
    return idx;
}

static void get_model(reader *r, ov_model *m)
{
    m->version = (int)get_int(r, INT32_MIN, INT32_MAX);
    m->title = get_str(r);
    m->allow = (unsigned)get_int(r, 0, UINT32_MAX);
    m->sources = get_array(r, &m->nsources, sizeof *m->sources);
    for (size_t i = 0; i < m->nsources && !r->bad; i++) {
        m->sources[i].id = get_str(r);
        m->sources[i].title = get_str(r);
        m->sources[i].url = get_str(r);
    }
    m->types = get_array(r, &m->ntypes, sizeof *m->types);
    for (size_t i = 0; i < m->ntypes && !r->bad; i++) {
        m->types[i].key = get_str(r);
        m->types[i].label = get_str(r);
        m->types[i].colour = get_str(r);
    }
    m->orgs = get_array(r, &m->norgs, sizeof *m->orgs);
    for (size_t i = 0; i < m->norgs && !r->bad; i++)
        get_org(r, &m->orgs[i]);
    m->rels = get_array(r, &m->nrels, sizeof *m->rels);
    for (size_t i = 0; i < m->nrels && !r->bad; i++) {
        ov_rel *rel = &m->rels[i];
        rel->kind = (ov_rel_kind)get_int(r, 0, OV_REL_COUNT - 1);
        rel->from_id = get_str(r);
        rel->to_id = get_str(r);
        rel->start = get_day(r);
        rel->end = get_day(r);
        rel->label = get_str(r);
    }
    m->trans = get_array(r, &m->ntrans, sizeof *m->trans);
    for (size_t i = 0; i < m->ntrans && !r->bad; i++) {
        ov_transition *t = &m->trans[i];
        t->kind = (ov_tr_kind)get_int(r, 0, OV_TR_COUNT - 1);
        t->id = get_str(r);
        t->date = get_day(r);
        t->from_ids = get_strs(r, &t->nfrom);
        t->from = get_indexes(r, t->nfrom);
        t->to_ids = get_strs(r, &t->nto);
        t->to = get_indexes(r, t->nto);
        t->label = get_str(r);
        t->note = get_str(r);
        t->source_ids = get_strs(r, &t->nsources);
    }
}

/* A warning's kind as kind_index wrote it. */
static const char *get_kind(reader *r)
{
    uint64_t v = get_u64(r);
    if (v == NO_INDEX)
        return NULL;
    for (uint64_t i = 0; ov_warning_kinds[i]; i++) {
        if (i == v)
            return ov_warning_kinds[i];
    }
    r->bad = 1;
    return NULL;
}

static void get_diags(reader *r, ov_diags *d)
{
    uint64_t n = get_u64(r);
    for (uint64_t i = 0; i < n && !r->bad; i++) {
        ov_diag g = {0};
        g.severity = (ov_severity)get_int(r, OV_WARNING, OV_WARNING);
        g.file = get_str(r);
        g.line = (int)get_int(r, 0, INT32_MAX);
        g.column = (int)get_int(r, 0, INT32_MAX);
        g.pointer = get_str(r);
        g.org_id = get_str(r);
        g.message = get_str(r);
        g.excerpt = get_str(r);
        g.kind = get_kind(r);
        if (!g.message)
            r->bad = 1;
        if (!r->bad)
            ov_diag_add_copy(d, &g);
    }
}

/* Reads the entry that M owns at DATA (LEN bytes and a NUL after them,
 * the magic line included) into M; frees M when it is not one. */
static int decode_owned(ov_model *m, unsigned char *data, size_t len, const char *name,
                        uint64_t key, ov_model **out, ov_diags *d)
{
    size_t magic = strlen(MAGIC);
    if (len < magic || memcmp(data, MAGIC, magic) != 0) {
        ov_model_free(m);
        return -1;
    }
    reader r = {data + magic, data + len, 0};
    ov_diags got;
    ov_diags_init(&got);
    if (get_u64(&r) != FORMAT || get_u64(&r) != key)
        r.bad = 1;
    m->path = get_str(&r);
    if (!r.bad && (!m->path || strcmp(m->path, name) != 0))
        r.bad = 1;
    get_model(&r, m);
    get_diags(&r, &got);
    if (get_u64(&r) != END_MARK || r.p != r.end)
        r.bad = 1;
    if (r.bad || ov_model_index(m) != 0) {
        ov_model_free(m);
        ov_diags_free(&got);
        return -1;
    }
    ov_diags_move(d, &got);
    *out = m;
    return 0;
}

int ov_model_cache_decode(const char *blob, size_t len, const char *name, uint64_t key,
                          ov_model **out, ov_diags *d)
{
    *out = NULL;
    /* the model's strings are those of the entry, in a copy it owns; the
     * NUL after it stops strlen in a damaged last string */
    ov_model *m = calloc(1, sizeof *m);
    unsigned char *copy = m ? (unsigned char *)ov_model_alloc(m, len + 1) : NULL;
    if (!copy) {
        ov_model_free(m);
        return -1;
    }
    memcpy(copy, blob, len);
    copy[len] = '\0';
    return decode_owned(m, copy, len, name, key, out, d);
}

/* ov_model_cache_decode of the entry in the file PATH, read straight into
 * memory the model owns. */
static int decode_file(const char *path, const char *name, uint64_t key, ov_model **out,
                       ov_diags *d)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    struct stat sb;
    ov_model *m = NULL;
    unsigned char *data = NULL;
    size_t len = 0;
    if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0 &&
        (uintmax_t)sb.st_size < (uintmax_t)1 << 30) {
        len = (size_t)sb.st_size;
        m = calloc(1, sizeof *m);
        data = m ? (unsigned char *)ov_model_alloc(m, len + 1) : NULL;
    }
    /* one byte more than its size: an entry that grew meanwhile is a miss */
    if (!data || fread(data, 1, len + 1, f) != len) {
        fclose(f);
        ov_model_free(m);
        return -1;
    }
    fclose(f);
    data[len] = '\0';
    return decode_owned(m, data, len, name, key, out, d);
}

/* ---- the folder -------------------------------------------------------- */

uint64_t ov_model_cache_key(const char *buf, size_t len)
{
    uint64_t h = ov_hash64(OV_HASH_INIT, MAGIC, strlen(MAGIC));
    uint64_t program = ov_program_hash();
    h = ov_hash64(h, &program, sizeof program);
    return ov_hash64_wide(h, buf, len);
}

/* The cache's folder (a new string), or NULL when the cache is off. */
static char *cache_dir(void)
{
    const char *env = getenv("ORGVIZ_CACHE");
    if (env)
        return *env && strcmp(env, "off") != 0 ? ov_strdup(env) : NULL;
    env = getenv("XDG_CACHE_HOME");
    if (env && env[0] == '/')
        return ov_asprintf("%s/orgviz", env);
    env = getenv("HOME");
    if (env && env[0] == '/')
        return ov_asprintf("%s/.cache/orgviz", env);
    return NULL;
}

/* Entries are named HASH-OF-NAME-KEY.model: a file keeps one entry, the
 * one for its latest bytes. */
static char *entry_prefix(const char *name)
{
    return ov_asprintf("%016llx-", (unsigned long long)ov_hash_str(name));
}

static int is_entry(const char *file)
{
    size_t n = strlen(file);
    return n > 6 && file[0] != '.' && strcmp(file + n - 6, ".model") == 0;
}

/* Removes the other entries of PREFIX and, past MAX_ENTRIES, the oldest;
 * KEEP stays. */
static void prune(const char *dir, const char *prefix, const char *keep)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return;
    size_t count = 0;
    char *oldest = NULL;
    struct timespec oldest_t = {0, 0};
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        if (!is_entry(e->d_name) || strcmp(e->d_name, keep) == 0)
            continue;
        char *path = ov_asprintf("%s/%s", dir, e->d_name);
        struct stat sb;
        if (!path || lstat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
            free(path);
            continue;
        }
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0) {
            unlink(path);
            free(path);
            continue;
        }
        count++;
        if (!oldest || sb.st_mtim.tv_sec < oldest_t.tv_sec ||
            (sb.st_mtim.tv_sec == oldest_t.tv_sec && sb.st_mtim.tv_nsec < oldest_t.tv_nsec)) {
            free(oldest);
            oldest = path;
            oldest_t = sb.st_mtim;
        } else {
            free(path);
        }
    }
    closedir(dp);
    /* one at a time: each new entry removes at most one old one, so the
     * folder shrinks back to the limit as entries are written */
    if (count >= MAX_ENTRIES && oldest)
        unlink(oldest);
    free(oldest);
}

/* Writes the entry FILE (at PATH, in DIR) and prunes the folder. */
static void store(const char *dir, const char *prefix, const char *file, const char *path,
                  const ov_model *m, const ov_diags *d, size_t first, uint64_t key)
{
    ov_diags quiet;
    ov_diags_init(&quiet);
    size_t len = 0;
    char *blob = ov_model_cache_encode(m, d, first, key, &len);
    if (blob && ov_mkdir_p(dir, 0700, &quiet) == 0 &&
        ov_write_file(path, blob, len, &quiet) == OV_OK)
        prune(dir, prefix, file);
    free(blob);
    ov_diags_free(&quiet);
}

ov_status ov_open_buffer_cached(const char *name, const char *buf, size_t len, ov_model **out,
                                ov_diags *d)
{
    char *dir = len >= OV_CACHE_MIN_BYTES ? cache_dir() : NULL;
    if (!dir)
        return ov_open_buffer(name, buf, len, out, d);
    uint64_t key = ov_model_cache_key(buf, len);
    char *prefix = entry_prefix(name);
    char *file = prefix ? ov_asprintf("%s%016llx.model", prefix, (unsigned long long)key) : NULL;
    char *path = file ? ov_asprintf("%s/%s", dir, file) : NULL;
    ov_status st;
    if (path && decode_file(path, name, key, out, d) == 0) {
        st = OV_OK;
    } else {
        size_t first = d->count;
        size_t warnings = d->warnings;
        st = ov_open_buffer(name, buf, len, out, d);
        /* an entry is only worth keeping when every warning made it into
         * the list (none was dropped for want of memory) */
        if (st == OV_OK && path && d->warnings - warnings == d->count - first)
            store(dir, prefix, file, path, *out, d, first, key);
    }
    free(path);
    free(file);
    free(prefix);
    free(dir);
    return st;
}
