/* A model -> spreadsheets (CSV) that `orgviz import csv` reads back.
 *
 * An organisation's parent goes in its own row when that is all there is
 * to say about its place in the hierarchy (links of one kind, no dates, no
 * label); every other relationship goes in relationships.csv. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csvread.h"
#include "import.h"
#include "output.h"
#include "util.h"

#define MAX_COLS 64

/* The extra code systems and fact keys used, in the order met. */
typedef struct {
    const char *codes[MAX_COLS];
    size_t ncodes;
    const char *facts[MAX_COLS];
    size_t nfacts;
    int any_sources;
} extras;

static void note_key(const char **list, size_t *n, const char *key)
{
    for (size_t i = 0; i < *n; i++) {
        if (strcmp(list[i], key) == 0)
            return;
    }
    if (*n < MAX_COLS)
        list[(*n)++] = key;
}

static void find_extras(const ov_model *m, extras *x)
{
    memset(x, 0, sizeof *x);
    for (size_t i = 0; i < m->norgs; i++) {
        const ov_org *o = &m->orgs[i];
        for (size_t k = 0; k < o->ncodes; k++) {
            if (strcmp(o->codes[k].key, "ods") != 0)
                note_key(x->codes, &x->ncodes, o->codes[k].key);
        }
        for (size_t k = 0; k < o->nfacts; k++)
            note_key(x->facts, &x->nfacts, o->facts[k].key);
        x->any_sources |= o->nsources > 0;
    }
}

/* The hierarchical links from each organisation (a chain through NEXT
 * from FIRST[i], in file order), and whether they go in its own row: all
 * of one kind, undated and unlabelled. Built once: a model may have
 * 100,000 organisations. */
typedef struct {
    const ov_model *m;
    size_t *first;
    size_t *next;
    unsigned char *in_row;
} parents;

static int parents_init(parents *p, const ov_model *m)
{
    p->m = m;
    p->first = malloc((m->norgs + 1) * sizeof *p->first);
    p->next = malloc((m->nrels + 1) * sizeof *p->next);
    p->in_row = malloc(m->norgs + 1);
    if (p->first == NULL || p->next == NULL || p->in_row == NULL)
        return -1;
    for (size_t i = 0; i < m->norgs; i++) {
        p->first[i] = OV_NONE;
        p->in_row[i] = 1;
    }
    for (size_t r = m->nrels; r-- > 0;) {
        const ov_rel *l = &m->rels[r];
        p->next[r] = OV_NONE;
        if (l->from == OV_NONE || !ov_rel_is_hierarchical(l->kind))
            continue;
        size_t head = p->first[l->from];
        if (l->start != OV_DAY_NONE || l->end != OV_DAY_NONE || l->label ||
            (head != OV_NONE && m->rels[head].kind != l->kind))
            p->in_row[l->from] = 0;
        p->next[r] = head;
        p->first[l->from] = r;
    }
    for (size_t i = 0; i < m->norgs; i++)
        p->in_row[i] = p->in_row[i] && p->first[i] != OV_NONE;
    return 0;
}

static void parents_free(parents *p)
{
    free(p->first);
    free(p->next);
    free(p->in_row);
}

static void join_ids(ov_buf *b, char *const *ids, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ov_buf_printf(b, "%s%s", i ? ";" : "", ids[i] ? ids[i] : "");
}

/* The shortest text that reads back as V. */
static void number_text(double v, char *buf, size_t n)
{
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, n, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}

/* The text of fact KEY among FACTS (numbers written into BUF, 32 bytes),
 * or NULL. */
static const char *fact_text(const ov_fact *facts, size_t n, const char *key, char *buf)
{
    for (size_t f = 0; f < n; f++) {
        if (strcmp(facts[f].key, key) != 0)
            continue;
        if (!facts[f].is_number)
            return facts[f].text;
        number_text(facts[f].number, buf, 32);
        return buf;
    }
    return NULL;
}

static char *day_text(ov_day d, char *buf)
{
    if (d == OV_DAY_NONE)
        return NULL;
    ov_date_iso(d, buf);
    return buf;
}

static void org_row(const parents *pa, size_t i, const extras *x, ov_buf *out)
{
    const ov_model *m = pa->m;
    const ov_org *o = &m->orgs[i];
    const char *cells[12 + 2 * MAX_COLS] = {NULL};
    char start[11];
    char end[11];
    ov_buf up;
    ov_buf sources;
    ov_buf_init(&up);
    ov_buf_init(&sources);
    const char *rel = NULL;
    for (size_t r = pa->in_row[i] ? pa->first[i] : OV_NONE; r != OV_NONE; r = pa->next[r]) {
        ov_buf_printf(&up, "%s%s", up.len ? ";" : "", m->rels[r].to_id);
        rel = m->rels[r].kind == OV_REL_PART_OF ? NULL : ov_rel_kind_name(m->rels[r].kind);
    }
    join_ids(&sources, o->source_ids, o->nsources);
    size_t k = 0;
    cells[k++] = o->id;
    cells[k++] = o->name;
    cells[k++] = o->type_key;
    cells[k++] = up.data;
    cells[k++] = rel;
    cells[k++] = day_text(o->start, start);
    cells[k++] = day_text(o->end, end);
    cells[k++] = ov_org_code(o, "ods");
    cells[k++] = o->short_name;
    cells[k++] = o->url;
    cells[k++] = o->note;
    if (x->any_sources)
        cells[k++] = sources.data;
    for (size_t c = 0; c < x->ncodes; c++)
        cells[k++] = ov_org_code(o, x->codes[c]);
    char nums[MAX_COLS][32];
    for (size_t c = 0; c < x->nfacts; c++)
        cells[k++] = fact_text(o->facts, o->nfacts, x->facts[c], nums[c]);
    ov_csv_put_row(out, cells, k);
    ov_buf_free(&up);
    ov_buf_free(&sources);
}

static char *orgs_csv(const parents *pa)
{
    const ov_model *m = pa->m;
    extras x;
    find_extras(m, &x);
    ov_buf b;
    ov_buf_init(&b);
    ov_buf_puts(&b, "\xEF\xBB\xBF");
    ov_buf_puts(&b, "id,name,type,parent,relationship,start,end,code,short_name,url,note");
    if (x.any_sources)
        ov_buf_puts(&b, ",sources");
    for (size_t c = 0; c < x.ncodes; c++)
        ov_buf_printf(&b, ",code.%s", x.codes[c]);
    for (size_t c = 0; c < x.nfacts; c++)
        ov_buf_printf(&b, ",fact.%s", x.facts[c]);
    ov_buf_puts(&b, "\r\n");
    for (size_t i = 0; i < m->norgs; i++)
        org_row(pa, i, &x, &b);
    return ov_buf_take(&b);
}

static char *rels_csv(const parents *pa)
{
    const ov_model *m = pa->m;
    ov_buf b;
    ov_buf_init(&b);
    ov_buf_puts(&b, "\xEF\xBB\xBFtype,from,to,start,end,label\r\n");
    for (size_t r = 0; r < m->nrels; r++) {
        const ov_rel *l = &m->rels[r];
        if (ov_rel_is_hierarchical(l->kind) && l->from != OV_NONE && pa->in_row[l->from])
            continue;
        char start[11];
        char end[11];
        const char *cells[6] = {
            ov_rel_kind_name(l->kind), l->from_id, l->to_id, day_text(l->start, start),
            day_text(l->end, end),     l->label};
        ov_csv_put_row(&b, cells, 6);
    }
    return ov_buf_take(&b);
}

static char *trans_csv(const parents *pa)
{
    const ov_model *m = pa->m;
    int ids = 0;
    int sources = 0;
    for (size_t i = 0; i < m->ntrans; i++) {
        ids |= m->trans[i].id != NULL;
        sources |= m->trans[i].nsources > 0;
    }
    ov_buf b;
    ov_buf_init(&b);
    ov_buf_printf(&b,
                  "\xEF\xBB\xBF"
                  "date,type,from,to,label,note%s%s\r\n",
                  ids ? ",id" : "", sources ? ",sources" : "");
    for (size_t i = 0; i < m->ntrans; i++) {
        const ov_transition *t = &m->trans[i];
        char date[11];
        ov_buf from;
        ov_buf to;
        ov_buf src;
        ov_buf_init(&from);
        ov_buf_init(&to);
        ov_buf_init(&src);
        join_ids(&from, t->from_ids, t->nfrom);
        join_ids(&to, t->to_ids, t->nto);
        join_ids(&src, t->source_ids, t->nsources);
        const char *cells[8] = {day_text(t->date, date),
                                ov_tr_kind_name(t->kind),
                                from.data,
                                to.data,
                                t->label,
                                t->note};
        size_t k = 6;
        if (ids)
            cells[k++] = t->id;
        if (sources)
            cells[k++] = src.data;
        ov_csv_put_row(&b, cells, k);
        ov_buf_free(&from);
        ov_buf_free(&to);
        ov_buf_free(&src);
    }
    return ov_buf_take(&b);
}

/* The earlier states of organisations (their "history"), one per row. */
static char *history_csv(const parents *pa)
{
    const ov_model *m = pa->m;
    const char *keys[MAX_COLS];
    size_t nkeys = 0;
    for (size_t i = 0; i < m->norgs; i++) {
        for (size_t h = 0; h < m->orgs[i].nhistory; h++) {
            for (size_t f = 0; f < m->orgs[i].history[h].nfacts; f++)
                note_key(keys, &nkeys, m->orgs[i].history[h].facts[f].key);
        }
    }
    ov_buf b;
    ov_buf_init(&b);
    ov_buf_puts(&b, "\xEF\xBB\xBFid,until,name,short_name,type");
    for (size_t k = 0; k < nkeys; k++)
        ov_buf_printf(&b, ",fact.%s", keys[k]);
    ov_buf_puts(&b, "\r\n");
    for (size_t i = 0; i < m->norgs; i++) {
        for (size_t h = 0; h < m->orgs[i].nhistory; h++) {
            const ov_org_state *st = &m->orgs[i].history[h];
            const char *cells[5 + MAX_COLS] = {NULL};
            char until[11];
            char nums[MAX_COLS][32];
            cells[0] = m->orgs[i].id;
            cells[1] = day_text(st->until, until);
            cells[2] = st->name;
            cells[3] = st->short_name;
            cells[4] = st->type_key;
            for (size_t k = 0; k < nkeys; k++)
                cells[5 + k] = fact_text(st->facts, st->nfacts, keys[k], nums[k]);
            ov_csv_put_row(&b, cells, 5 + nkeys);
        }
    }
    return ov_buf_take(&b);
}

static char *types_csv(const parents *pa)
{
    const ov_model *m = pa->m;
    ov_buf b;
    ov_buf_init(&b);
    ov_buf_puts(&b, "\xEF\xBB\xBFkey,label,colour\r\n");
    for (size_t i = 0; i < m->ntypes; i++) {
        const char *cells[3] = {m->types[i].key, m->types[i].label, m->types[i].colour};
        ov_csv_put_row(&b, cells, 3);
    }
    return ov_buf_take(&b);
}

static char *sources_csv(const parents *pa)
{
    const ov_model *m = pa->m;
    ov_buf b;
    ov_buf_init(&b);
    ov_buf_puts(&b, "\xEF\xBB\xBFid,title,url\r\n");
    for (size_t i = 0; i < m->nsources; i++) {
        const char *cells[3] = {m->sources[i].id, m->sources[i].title, m->sources[i].url};
        ov_csv_put_row(&b, cells, 3);
    }
    return ov_buf_take(&b);
}

static ov_status write_one(const char *dir, const char *name, char *text, ov_diags *d)
{
    if (text == NULL)
        return OV_ERR_MEMORY;
    char *path = ov_asprintf("%s/%s", dir, name);
    ov_status st = path ? ov_write_file(path, text, strlen(text), d) : OV_ERR_MEMORY;
    free(path);
    free(text);
    return st;
}

ov_status ov_export_csv(const ov_model *m, const char *dir, ov_diags *d)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        ov_diag_add(d, OV_ERROR, dir, 0, 0, NULL, NULL, "cannot make the folder: %s",
                    strerror(errno));
        return OV_ERR_IO;
    }
    static const struct {
        const char *name;
        char *(*make)(const parents *);
    } files[] = {
        {"organisations.csv", orgs_csv}, {"relationships.csv", rels_csv},
        {"transitions.csv", trans_csv},  {"types.csv", types_csv},
        {"sources.csv", sources_csv},    {"history.csv", history_csv},
    };
    size_t nhistory = 0;
    for (size_t i = 0; i < m->norgs; i++)
        nhistory += m->orgs[i].nhistory;
    parents pa;
    if (parents_init(&pa, m) != 0) {
        parents_free(&pa);
        return OV_ERR_MEMORY;
    }
    /* the first three always, the others when they have rows */
    size_t counts[] = {1, 1, 1, m->ntypes, m->nsources, nhistory};
    ov_status st = OV_OK;
    for (size_t i = 0; i < sizeof files / sizeof files[0] && st == OV_OK; i++) {
        if (counts[i] > 0)
            st = write_one(dir, files[i].name, files[i].make(&pa), d);
    }
    parents_free(&pa);
    return st;
}
