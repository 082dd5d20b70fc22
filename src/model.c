#include "model.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define ARENA_BLOCK ((size_t)64 * 1024)

struct ov_arena {
    struct ov_arena *next;
    size_t used;
    size_t cap;
    char data[];
};

struct ov_index {
    size_t *slots; /* org index + 1; 0 is empty */
    size_t mask;
};

const char *const ov_rel_kind_names[OV_REL_COUNT] = {
    "part_of", "member_of", "accountable_to", "commissions", "partner_of", "delegates_to"};
const char *const ov_tr_kind_names[OV_TR_COUNT] = {
    "merger", "split", "succession", "transfer", "absorption", "establishment", "abolition"};

char *ov_model_alloc(ov_model *m, size_t n)
{
    ov_arena *a = m->strings;
    if (!a || a->cap - a->used < n) {
        size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
        ov_arena *b = malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->cap = cap;
        b->used = 0;
        /* a big string gets a block of its own behind the current one, so
         * the current block's free space is not wasted */
        if (a && n > ARENA_BLOCK) {
            b->next = a->next;
            a->next = b;
        } else {
            b->next = a;
            m->strings = b;
        }
        a = b;
    }
    char *p = a->data + a->used;
    a->used += n;
    return p;
}

char *ov_model_strdup(ov_model *m, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = ov_model_alloc(m, n);
    if (p)
        memcpy(p, s, n);
    return p;
}

/* Strings belong to the arena; only the arrays are freed here. */
void ov_model_free(ov_model *m)
{
    if (!m)
        return;
    free(m->sources);
    free(m->types);
    for (size_t i = 0; i < m->norgs; i++) {
        free(m->orgs[i].codes);
        free(m->orgs[i].facts);
        for (size_t h = 0; h < m->orgs[i].nhistory; h++)
            free(m->orgs[i].history[h].facts);
        free(m->orgs[i].history);
        free(m->orgs[i].source_ids);
    }
    free(m->orgs);
    free(m->rels);
    for (size_t i = 0; i < m->ntrans; i++) {
        free(m->trans[i].from_ids);
        free(m->trans[i].from);
        free(m->trans[i].to_ids);
        free(m->trans[i].to);
        free(m->trans[i].source_ids);
    }
    free(m->trans);
    if (m->index) {
        free(m->index->slots);
        free(m->index);
    }
    while (m->strings) {
        ov_arena *next = m->strings->next;
        free(m->strings);
        m->strings = next;
    }
    free(m);
}

size_t ov_model_find(const ov_model *m, const char *id)
{
    if (!id || !m->index)
        return OV_NONE;
    const ov_index *x = m->index;
    for (size_t h = (size_t)ov_hash_str(id) & x->mask;; h = (h + 1) & x->mask) {
        size_t s = x->slots[h];
        if (s == 0)
            return OV_NONE;
        if (strcmp(m->orgs[s - 1].id, id) == 0)
            return s - 1;
    }
}

static const char *org_id_at(const void *ctx, size_t i)
{
    return ((const ov_model *)ctx)->orgs[i].id;
}

static const char *type_key_at(const void *ctx, size_t i)
{
    return ((const ov_model *)ctx)->types[i].key;
}

const char *ov_model_suggest_id(const ov_model *m, const char *id)
{
    return ov_suggest(id, m->norgs, org_id_at, m);
}

const char *ov_model_suggest_type(const ov_model *m, const char *key)
{
    return ov_suggest(key, m->ntypes, type_key_at, m);
}

size_t ov_model_find_source(const ov_model *m, const char *id)
{
    for (size_t i = 0; id && i < m->nsources; i++) {
        if (m->sources[i].id && strcmp(m->sources[i].id, id) == 0)
            return i;
    }
    return OV_NONE;
}

static size_t resolve_type(const ov_model *m, const char *key)
{
    for (size_t i = 0; key && i < m->ntypes; i++) {
        if (strcmp(m->types[i].key, key) == 0)
            return i;
    }
    return OV_NONE;
}

int ov_model_index(ov_model *m)
{
    ov_index *x = calloc(1, sizeof *x);
    if (!x)
        return -1;
    size_t cap = 16;
    while (cap < m->norgs * 2)
        cap *= 2;
    x->slots = calloc(cap, sizeof *x->slots);
    if (!x->slots) {
        free(x);
        return -1;
    }
    x->mask = cap - 1;
    m->index = x;
    for (size_t i = 0; i < m->norgs; i++) {
        const char *id = m->orgs[i].id;
        if (!id)
            continue;
        size_t h = (size_t)ov_hash_str(id) & x->mask;
        while (x->slots[h] != 0 && strcmp(m->orgs[x->slots[h] - 1].id, id) != 0)
            h = (h + 1) & x->mask;
        if (x->slots[h] == 0)
            x->slots[h] = i + 1;
    }
    for (size_t i = 0; i < m->norgs; i++) {
        ov_org *o = &m->orgs[i];
        o->type = resolve_type(m, o->type_key);
        for (size_t h = 0; h < o->nhistory; h++)
            o->history[h].type = resolve_type(m, o->history[h].type_key);
    }
    for (size_t i = 0; i < m->nrels; i++) {
        m->rels[i].from = ov_model_find(m, m->rels[i].from_id);
        m->rels[i].to = ov_model_find(m, m->rels[i].to_id);
    }
    for (size_t i = 0; i < m->ntrans; i++) {
        ov_transition *t = &m->trans[i];
        for (size_t j = 0; j < t->nfrom; j++)
            t->from[j] = ov_model_find(m, t->from_ids[j]);
        for (size_t j = 0; j < t->nto; j++)
            t->to[j] = ov_model_find(m, t->to_ids[j]);
    }
    return 0;
}

void ov_org_at(const ov_org *o, ov_day d, ov_org_view *v)
{
    /* the states that cover D are those whose UNTIL is on or after it; the
     * earliest of them that sets a member gives it */
    const ov_org_state *best[4] = {NULL, NULL, NULL, NULL};
    for (size_t h = 0; h < o->nhistory; h++) {
        const ov_org_state *s = &o->history[h];
        if (s->until == OV_DAY_NONE || s->until < d)
            continue;
        if (s->name && (!best[0] || s->until < best[0]->until))
            best[0] = s;
        if (s->short_name && (!best[1] || s->until < best[1]->until))
            best[1] = s;
        if (s->type_key && (!best[2] || s->until < best[2]->until))
            best[2] = s;
        if (s->has_facts && (!best[3] || s->until < best[3]->until))
            best[3] = s;
    }
    v->name = best[0] ? best[0]->name : o->name;
    v->short_name = best[1] ? best[1]->short_name : o->short_name;
    v->type_key = best[2] ? best[2]->type_key : o->type_key;
    v->type = best[2] ? best[2]->type : o->type;
    v->facts = best[3] ? best[3]->facts : o->facts;
    v->nfacts = best[3] ? best[3]->nfacts : o->nfacts;
}

int ov_org_exists_at(const ov_org *o, ov_day d)
{
    if (o->start != OV_DAY_NONE && d < o->start)
        return 0;
    if (o->end != OV_DAY_NONE && d > o->end)
        return 0;
    return 1;
}

int ov_rel_active_at(const ov_model *m, const ov_rel *r, ov_day d)
{
    if (r->kind == OV_REL_INVALID || r->from == OV_NONE || r->to == OV_NONE)
        return 0;
    if (r->start != OV_DAY_NONE && d < r->start)
        return 0;
    if (r->end != OV_DAY_NONE && d > r->end)
        return 0;
    return ov_org_exists_at(&m->orgs[r->from], d) && ov_org_exists_at(&m->orgs[r->to], d);
}

int ov_rel_is_hierarchical(ov_rel_kind k)
{
    return k == OV_REL_PART_OF || k == OV_REL_MEMBER_OF || k == OV_REL_ACCOUNTABLE_TO;
}

const char *ov_rel_kind_name(ov_rel_kind k)
{
    return k >= 0 && k < OV_REL_COUNT ? ov_rel_kind_names[k] : "?";
}

ov_rel_kind ov_rel_kind_parse(const char *s)
{
    for (int i = 0; i < OV_REL_COUNT; i++) {
        if (strcmp(s, ov_rel_kind_names[i]) == 0)
            return (ov_rel_kind)i;
    }
    return OV_REL_INVALID;
}

const char *ov_tr_kind_name(ov_tr_kind k)
{
    return k >= 0 && k < OV_TR_COUNT ? ov_tr_kind_names[k] : "?";
}

ov_tr_kind ov_tr_kind_parse(const char *s)
{
    for (int i = 0; i < OV_TR_COUNT; i++) {
        if (strcmp(s, ov_tr_kind_names[i]) == 0)
            return (ov_tr_kind)i;
    }
    return OV_TR_INVALID;
}

const char *ov_org_type_label(const ov_model *m, const ov_org *o)
{
    if (o->type != OV_NONE) {
        const ov_type *t = &m->types[o->type];
        return t->label ? t->label : t->key;
    }
    return o->type_key ? o->type_key : "";
}

const char *ov_org_code(const ov_org *o, const char *key)
{
    for (size_t i = 0; i < o->ncodes; i++) {
        if (strcmp(o->codes[i].key, key) == 0)
            return o->codes[i].value;
    }
    return NULL;
}

const char *ov_org_name_at(const ov_org *o, ov_day d, int shortp)
{
    const char *name = o->name;
    const char *short_name = o->short_name;
    if (d != OV_DAY_NONE) {
        ov_org_view v;
        ov_org_at(o, d, &v);
        name = v.name;
        short_name = v.short_name;
    }
    if (shortp && short_name && !ov_is_blank(short_name))
        return short_name;
    if (name && !ov_is_blank(name))
        return name;
    return o->id ? o->id : "";
}

const char *ov_org_display_name(const ov_org *o, int shortp)
{
    return ov_org_name_at(o, OV_DAY_NONE, shortp);
}
