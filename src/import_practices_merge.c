/* `import practices --into`: a later snapshot of the practice mapping
 * merged into an existing document, at the JSON level, so that what the
 * lookup does not describe is kept as written. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "docwrite.h"
#include "import_practices_int.h"
#include "jsonread.h"
#include "output.h"
#include "util.h"

/* Steps up a hierarchy when deciding what is in the area: more than the
 * five levels of the lookup, fewer than a hostile file could chain. */
#define SCOPE_STEPS 16

typedef struct {
    json_t *doc;
    const prac_snap *s;
    ov_diags *d;
    const char *file;  /* the document, for messages */
    json_t *orgs;      /* the "organisations" list */
    json_t *rels;      /* the "relationships" list */
    json_t *byid;      /* id -> organisation (borrowed by the object) */
    json_t *from;      /* id -> list of its relationships */
    json_t *added;     /* id -> organisation added by this merge */
    json_t *drop;      /* relationships to remove */
    size_t npre;       /* organisations in the file before the merge */
    const char *prev;  /* the previous snapshot ("2024-01"), or NULL */
    char between[160]; /* "between the practice mapping snapshots of P and A" */
    ov_day as_at;
    int oom;
} merger;

ov_status ov_doc_read(const char *path, json_t **out, ov_diags *d)
{
    char *buf = NULL;
    size_t len = 0;
    *out = NULL;
    ov_status st = ov_read_file(path, OV_MAX_FILE_BYTES, &buf, &len, d);
    if (st != OV_OK)
        return st;
    json_t *doc = ov_json_parse(path, buf, len, OV_MAX_FILE_BYTES, d, &st);
    free(buf);
    if (doc == NULL)
        return st;
    if (!json_is_object(doc) || json_object_get(doc, "orgviz") == NULL ||
        (json_object_get(doc, "organisations") != NULL &&
         !json_is_array(json_object_get(doc, "organisations"))) ||
        (json_object_get(doc, "relationships") != NULL &&
         !json_is_array(json_object_get(doc, "relationships")))) {
        json_decref(doc);
        ov_diag_add(d, OV_ERROR, path, 0, 0, NULL, NULL,
                    "not an orgviz document (an object with \"orgviz\": 1 and lists of "
                    "organisations and relationships)");
        return OV_ERR_DATA;
    }
    *out = doc;
    return OV_OK;
}

static const char *str(const json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

/* Member KEY of OBJ as a day, or DFLT when absent or not a date. */
static ov_day day_of(const json_t *obj, const char *key, ov_day dflt)
{
    ov_day v;
    const char *s = str(obj, key);
    return s != NULL && ov_date_parse(s, &v) == OV_DATE_OK ? v : dflt;
}

static int level_of_type(const char *type)
{
    for (int lv = 0; type != NULL && lv < LV_COUNT; lv++)
        if (strcmp(type, prac_type_key[lv]) == 0)
            return lv;
    return -1;
}

/* Whether organisation ID exists on day DAY. */
static int org_alive(const merger *m, const char *id, ov_day day)
{
    const json_t *o = json_object_get(m->byid, id);
    if (o == NULL)
        o = json_object_get(m->added, id);
    return o != NULL && day_of(o, "start", INT32_MIN) <= day && day_of(o, "end", INT32_MAX) >= day;
}

/* Whether REL (part_of or member_of) holds on DAY. */
static int link_open(const merger *m, const json_t *rel, ov_day day)
{
    const char *t = str(rel, "type");
    if (t == NULL || (strcmp(t, "part_of") != 0 && strcmp(t, "member_of") != 0))
        return 0;
    return day_of(rel, "start", INT32_MIN) <= day && day_of(rel, "end", INT32_MAX) >= day &&
           str(rel, "to") != NULL && org_alive(m, str(rel, "to"), day);
}

/* The previous snapshot: the latest "nhsd-practice-mapping-DATE" source
 * before this one. */
static const char *previous_snapshot(const json_t *doc, const char *date)
{
    static const char prefix[] = "nhsd-practice-mapping-";
    const char *best = NULL;
    size_t i;
    const json_t *src;
    json_array_foreach(json_object_get(doc, "sources"), i, src)
    {
        const char *id = str(src, "id");
        if (id == NULL || strncmp(id, prefix, sizeof prefix - 1) != 0)
            continue;
        const char *when = id + sizeof prefix - 1;
        if (strcmp(when, date) < 0 && (best == NULL || strcmp(when, best) > 0))
            best = when;
    }
    return best;
}

/* Member KEY of OBJ, created empty (by MAKE) when missing. Borrowed; NULL
 * when out of memory. */
static json_t *member(json_t *obj, const char *key, json_t *(*make)(void))
{
    json_t *v = json_object_get(obj, key);
    if (v != NULL)
        return v;
    v = make();
    if (v == NULL || json_object_set_new(obj, key, v) != 0)
        return NULL;
    return v;
}

static int index_doc(merger *m)
{
    m->byid = json_object();
    m->from = json_object();
    if (m->byid == NULL || m->from == NULL)
        return -1;
    size_t i;
    json_t *v;
    json_array_foreach(m->orgs, i, v)
    {
        const char *id = str(v, "id");
        if (id != NULL && json_object_get(m->byid, id) == NULL &&
            json_object_set(m->byid, id, v) != 0)
            return -1;
    }
    m->npre = json_array_size(m->orgs);
    json_array_foreach(m->rels, i, v)
    {
        const char *from = str(v, "from");
        if (from == NULL)
            continue;
        json_t *list = member(m->from, from, json_array);
        if (list == NULL || json_array_append(list, v) != 0)
            return -1;
    }
    return 0;
}

static json_t *add_link(merger *m, const char *kind, const char *from, const char *to)
{
    json_t *r = ov_doc_add_rel(m->doc, kind, from, to);
    json_t *list = member(m->from, from, json_array);
    if (r == NULL || list == NULL || json_array_append(list, r) != 0)
        m->oom = 1;
    return r;
}

static void set_day(merger *m, json_t *obj, const char *key, ov_day day)
{
    char iso[11];
    ov_date_iso(day, iso);
    if (ov_doc_set_str(obj, key, iso) != 0)
        m->oom = 1;
}

static void note(merger *m, json_t *obj, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static void note(merger *m, json_t *obj, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = ov_vasprintf(fmt, ap);
    va_end(ap);
    if (s == NULL || prac_append_note(obj, s) != 0)
        m->oom = 1;
    free(s);
}

static void cite(merger *m, json_t *org)
{
    json_t *list = member(org, "sources", json_array);
    if (list == NULL)
        m->oom = 1;
    if (!json_is_array(list))
        return; /* not ours to repair: validate reports it */
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v)
    {
        const char *id = json_string_value(v);
        if (id != NULL && strcmp(id, m->s->source_id) == 0)
            return;
    }
    if (json_array_append_new(list, json_string(m->s->source_id)) != 0)
        m->oom = 1;
}

static json_t *find_org(const merger *m, const char *id)
{
    json_t *o = json_object_get(m->byid, id);
    return o != NULL ? o : json_object_get(m->added, id);
}

static int is_hierarchy(const char *kind)
{
    return kind != NULL && (strcmp(kind, "part_of") == 0 || strcmp(kind, "member_of") == 0 ||
                            strcmp(kind, "accountable_to") == 0);
}

/* Whether level PLV is a parent the lookup gives to level LV. */
static int owned_parent(int lv, int plv)
{
    return plv >= 0 && plv < lv && (plv == lv - 1 || (lv == LV_PRACTICE && plv == LV_SUBICB));
}

/* "Name (CODE)" of organisation ID into BUF. */
static const char *label_of(const merger *m, const char *id, char *buf, size_t n)
{
    const char *name = str(find_org(m, id), "name");
    snprintf(buf, n, "%s (%s)", name ? name : id, id);
    return buf;
}

/* Ends the open link REL on the day before the snapshot, with a note
 * saying where the organisation is now (NOW). */
static void end_link(merger *m, json_t *rel, const char *now)
{
    if (day_of(rel, "end", INT32_MAX) == m->as_at - 1)
        return; /* ended by an earlier run with the same date */
    if (day_of(rel, "start", INT32_MIN) >= m->as_at) {
        if (json_array_append(m->drop, rel) != 0)
            m->oom = 1; /* made by an earlier run with the same date */
        return;
    }
    char before[11];
    ov_date_iso(m->as_at - 1, before);
    set_day(m, rel, "end", m->as_at - 1);
    note(m, rel,
         "Ended: the practice mapping as at %s puts it in %s. The move happened %s; "
         "the day is not known, so the end is shown as the day before, %s.",
         m->s->date, now, m->between, before);
}

/* The open links of ID (on the snapshot's day) to a parent the lookup gives
 * to level LV: a new array (json_decref), or NULL with m->oom set. *FOREIGN
 * is set when it has another hierarchical link. */
static json_t *owned_links(merger *m, const char *id, int lv, int *foreign)
{
    ov_day day = m->as_at;
    *foreign = 0;
    json_t *owned = json_array();
    if (owned == NULL) {
        m->oom = 1;
        return NULL;
    }
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(m->from, id), i, r)
    {
        const char *kind = str(r, "type");
        if (!is_hierarchy(kind))
            continue;
        const json_t *to = find_org(m, str(r, "to") ? str(r, "to") : "");
        /* open the day before the snapshot (as the last one left it), or
         * made on the snapshot's day by an earlier run */
        int open = strcmp(kind, "accountable_to") == 0
                       ? to != NULL && day_of(r, "end", INT32_MAX) >= day - 1
                       : link_open(m, r, day - 1) || link_open(m, r, day);
        if (!open)
            continue;
        if (strcmp(kind, "accountable_to") != 0 &&
            owned_parent(lv, level_of_type(str(to, "type")))) {
            if (json_array_append(owned, r) != 0)
                m->oom = 1;
        } else {
            *foreign = 1;
        }
    }
    return owned;
}

/* Records in ORG's "history" that member KEY was VALUE (stolen) until the
 * day before the snapshot (see data/README.md, "history"): in the state
 * for that day, added at the end (the latest) when missing. Nothing when
 * the organisation starts on or after the snapshot's day. */
static void add_state(merger *m, json_t *org, const char *key, json_t *value)
{
    json_t *hist = member(org, "history", json_array);
    if (value == NULL || hist == NULL) {
        json_decref(value);
        m->oom = 1;
        return;
    }
    if (!json_is_array(hist) || day_of(org, "start", INT32_MIN) >= m->as_at) {
        json_decref(value);
        return;
    }
    json_t *last = json_array_get(hist, json_array_size(hist) - 1);
    if (last == NULL || day_of(last, "until", INT32_MIN) != m->as_at - 1) {
        last = json_object();
        if (last == NULL || json_array_append_new(hist, last) != 0) {
            json_decref(value);
            m->oom = 1;
            return;
        }
        set_day(m, last, "until", m->as_at - 1);
    }
    if (json_object_set_new(last, key, value) != 0)
        m->oom = 1;
}

/* Brings an organisation the file has already up to the snapshot: name,
 * postcode. Returns -1 when the file ends it before the snapshot (it is
 * then left as it is). */
static int update_org(merger *m, json_t *org, const prac_unit *u)
{
    const prac_snap *s = m->s;
    if (day_of(org, "end", INT32_MAX) < m->as_at) {
        ov_diag_add(m->d, OV_WARNING, m->file, 0, 0, NULL, u->id,
                    "ended on %s in the file but in the practice mapping as at %s: left "
                    "as it is",
                    str(org, "end"), s->date);
        return -1;
    }
    const char *old = str(org, "name");
    if (old != NULL && strcasecmp(old, u->raw_name) != 0) {
        add_state(m, org, "name", json_string(old));
        note(m, org,
             "Renamed from \"%s\" %s; the day is not known, so the new name is shown "
             "from %s.",
             old, m->between, s->date);
        if (ov_doc_set_str(org, "name", u->name) != 0)
            m->oom = 1;
        cite(m, org);
    }
    if (u->postcode != NULL) {
        json_t *facts = member(org, "facts", json_object);
        const char *was = str(facts, "postcode");
        if (json_is_object(facts) && (was == NULL || strcmp(was, u->postcode) != 0)) {
            if (was != NULL)
                add_state(m, org, "facts", json_deep_copy(facts));
            if (ov_doc_set_str(facts, "postcode", u->postcode) != 0)
                m->oom = 1;
            cite(m, org);
        }
    }
    return 0;
}

/* Brings the organisation of U up to date (adding it when new). Returns 1
 * when its parent should be brought up to date too. */
static int sync_org(merger *m, int lv, const prac_unit *u)
{
    const prac_snap *s = m->s;
    const prac_unit *pu = u->parent != OV_NONE ? &s->lv[u->parent_lv].u[u->parent] : NULL;
    json_t *org = find_org(m, u->id);
    int is_new = org == NULL;
    if (is_new) {
        org = prac_add_org(m->doc, s, lv, u);
        if (org == NULL || json_object_set(m->added, u->id, org) != 0) {
            m->oom = 1;
            return 0;
        }
        /* new since the last snapshot when the file covered its place then: its
         * parent, or a practice's sub-ICB location, was there already */
        const char *sub = lv == LV_PRACTICE ? s->lv[LV_SUBICB].u[u->subicb].id : NULL;
        if (m->prev != NULL && pu != NULL &&
            (json_object_get(m->byid, pu->id) != NULL ||
             (sub != NULL && json_object_get(m->byid, sub) != NULL))) {
            set_day(m, org, "start", m->as_at);
            note(m, org,
                 "New in the practice mapping as at %s (not in the snapshot of %s): "
                 "it started, or came into this area, %s; the day is not known, so "
                 "it is shown from %s.",
                 s->date, m->prev, m->between, s->date);
        }
    } else if (update_org(m, org, u) != 0) {
        return 0;
    }
    if (pu == NULL)
        return 0;
    int foreign = 0, have = 0;
    json_t *owned = owned_links(m, u->id, lv, &foreign);
    if (owned == NULL)
        return 0;
    char now[300], was[300];
    size_t i;
    json_t *r;
    json_array_foreach(owned, i, r)
    {
        have |= strcmp(str(r, "to"), pu->id) == 0;
    }
    int go_on = 1;
    if (!have && json_array_size(owned) == 0 && foreign && !is_new) {
        go_on = 0; /* a hierarchy written by hand: left as it is */
    } else if (!have) {
        int moved = json_array_size(owned) > 0;
        if (moved)
            label_of(m, str(json_array_get(owned, 0), "to"), was, sizeof was);
        json_t *link = add_link(m, prac_parent_kind(lv), u->id, pu->id);
        if (link != NULL && moved) {
            set_day(m, link, "start", m->as_at);
            note(m, link,
                 "Moved here from %s: the practice mapping puts it there in the "
                 "snapshot of %s and here in the one of %s. The move happened %s; "
                 "the day is not known, so it is shown from %s.",
                 was, m->prev ? m->prev : "an earlier date", s->date, m->between, s->date);
            cite(m, org);
        }
    }
    label_of(m, pu->id, now, sizeof now);
    json_array_foreach(owned, i, r)
    {
        if (strcmp(str(r, "to"), pu->id) != 0)
            end_link(m, r, now);
    }
    json_decref(owned);
    return go_on;
}

/* Whether organisation ID sat in the area imported the day before the
 * snapshot: it is the area, or a chain of its links leads there. */
static int in_area(const merger *m, const char *id)
{
    const char *area = m->s->area_id;
    if (area == NULL)
        return 1;
    const char *cur = id;
    for (int step = 0; cur != NULL && step < SCOPE_STEPS; step++) {
        if (strcmp(cur, area) == 0)
            return 1;
        const char *next = NULL;
        size_t i;
        json_t *r;
        json_array_foreach(json_object_get(m->from, cur), i, r)
        {
            if (link_open(m, r, m->as_at - 1)) {
                next = str(r, "to");
                break;
            }
        }
        cur = next;
    }
    return 0;
}

/* Whether ID is one the lookup would give: an ODS code, or "<code>-subicb"
 * for a sub-ICB location (other ids were written by hand). */
static int lookup_id(const char *id, int lv)
{
    size_t n = strlen(id);
    if (lv == LV_SUBICB) {
        if (n < 8 || strcmp(id + n - 7, "-subicb") != 0)
            return 0;
        n -= 7;
    }
    if (n == 0 || n > 20)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((id[i] >= 'A' && id[i] <= 'Z') || (id[i] >= '0' && id[i] <= '9')))
            return 0;
    return 1;
}

/* ORG (ID), gone from the lookup, ends on the day before the snapshot; its
 * links in OWNED (found before its own end is set, so that they are still
 * open on the day before the snapshot) end with it, on the same day and for
 * the same reason. */
static void end_closed(merger *m, json_t *org, const char *id, json_t *owned)
{
    size_t k;
    json_t *r;
    json_array_foreach(owned, k, r)
    {
        if (day_of(r, "end", INT32_MAX) == m->as_at - 1)
            continue;
        set_day(m, r, "end", m->as_at - 1);
        note(m, r,
             "Ended with %s, which is not in the practice mapping as at %s (it was in "
             "the snapshot of %s); the day is not known, so the end is shown as the day "
             "before %s.",
             id, m->s->date, m->prev ? m->prev : "an earlier date", m->s->date);
    }
    set_day(m, org, "end", m->as_at - 1);
    cite(m, org);
    note(m, org,
         "Not in the practice mapping as at %s (it was in the snapshot of %s): it "
         "closed, merged or lost its code %s; the day is not known, so its end "
         "is shown as the day before %s.",
         m->s->date, m->prev ? m->prev : "an earlier date", m->between, m->s->date);
}

/* Organisations of the area in the file that the snapshot no longer has
 * there: gone from the lookup (ended), or now outside the area (their
 * link into it ended). Decided on the file as it was, then done. */
static void end_gone(merger *m)
{
    json_t *gone = json_array();
    if (gone == NULL) {
        m->oom = 1;
        return;
    }
    for (size_t i = 0; i < m->npre; i++) {
        json_t *org = json_array_get(m->orgs, i);
        const char *id = str(org, "id");
        int lv = level_of_type(str(org, "type"));
        if (id == NULL || lv < 0 || !lookup_id(id, lv) || day_of(org, "end", INT32_MAX) < m->as_at)
            continue;
        const prac_unit *u = prac_snap_find(m->s, lv, id);
        if ((u == NULL || !u->selected) && in_area(m, id) && json_array_append(gone, org) != 0)
            m->oom = 1;
    }
    size_t i;
    json_t *org;
    json_array_foreach(gone, i, org)
    {
        const char *id = str(org, "id");
        int lv = level_of_type(str(org, "type"));
        const prac_unit *u = prac_snap_find(m->s, lv, id);
        if (u == NULL && day_of(org, "start", INT32_MIN) >= m->as_at) {
            ov_diag_add(m->d, OV_WARNING, m->file, 0, 0, NULL, id,
                        "not in the practice mapping as at %s, but it starts on %s in the "
                        "file: left as it is",
                        m->s->date, str(org, "start"));
            continue;
        }
        int foreign;
        json_t *owned = owned_links(m, id, lv, &foreign);
        if (owned == NULL)
            break;
        if (u != NULL) {
            /* still in the lookup, outside the area imported */
            char now[300];
            snprintf(now, sizeof now, "%s, outside the area imported",
                     u->parent != OV_NONE ? m->s->lv[u->parent_lv].u[u->parent].name : "?");
            size_t k;
            json_t *r;
            json_array_foreach(owned, k, r) end_link(m, r, now);
        } else {
            end_closed(m, org, id, owned);
        }
        json_decref(owned);
    }
    json_decref(gone);
}

/* Removes the relationships listed in m->drop. */
static void drop_links(merger *m)
{
    for (size_t i = json_array_size(m->rels); i-- > 0;) {
        json_t *r = json_array_get(m->rels, i);
        size_t k;
        json_t *v;
        json_array_foreach(m->drop, k, v)
        {
            if (v == r) {
                json_array_remove(m->rels, i);
                break;
            }
        }
    }
}

ov_status ov_practices_merge(const char *csv, const ov_prac_opts *o, json_t *doc, ov_diags *d)
{
    prac_snap s;
    ov_status st = prac_snap_read(&s, csv, o, d);
    if (st != OV_OK)
        return st;
    merger m;
    memset(&m, 0, sizeof m);
    m.doc = doc;
    m.s = &s;
    m.d = d;
    m.file = csv;
    m.as_at = o->as_at;
    m.prev = previous_snapshot(doc, s.date);
    if (m.prev != NULL)
        snprintf(m.between, sizeof m.between, "between the practice mapping snapshots of %s and %s",
                 m.prev, s.date);
    else
        snprintf(m.between, sizeof m.between, "before the practice mapping snapshot of %s", s.date);
    m.orgs = ov_doc_list(doc, "organisations");
    m.rels = ov_doc_list(doc, "relationships");
    m.added = json_object();
    m.drop = json_array();
    char *done[LV_COUNT] = {NULL};
    if (m.orgs == NULL || m.rels == NULL || m.added == NULL || m.drop == NULL ||
        index_doc(&m) != 0 || prac_add_source(doc, &s) == NULL)
        m.oom = 1;
    for (int lv = 0; lv < LV_COUNT && !m.oom; lv++)
        if ((done[lv] = calloc(s.lv[lv].n + 1, 1)) == NULL)
            m.oom = 1;
    if (!m.oom)
        end_gone(&m);
    const prac_level *pr = &s.lv[LV_PRACTICE];
    for (size_t i = 0; i < pr->n && !m.oom; i++) {
        if (!pr->u[i].selected)
            continue;
        int lv = LV_PRACTICE;
        size_t k = i;
        /* up the levels (at most five steps) until one is done already */
        while (k != OV_NONE && !done[lv][k] && !m.oom) {
            done[lv][k] = 1;
            const prac_unit *u = &s.lv[lv].u[k];
            if (!sync_org(&m, lv, u))
                break;
            k = u->parent;
            lv = u->parent_lv;
        }
    }
    if (!m.oom)
        drop_links(&m);
    for (int lv = 0; lv < LV_COUNT; lv++)
        free(done[lv]);
    json_decref(m.byid);
    json_decref(m.from);
    json_decref(m.added);
    json_decref(m.drop);
    prac_snap_free(&s);
    if (m.oom) {
        ov_diag_add(d, OV_ERROR, csv, 0, 0, NULL, NULL, "out of memory");
        return OV_ERR_MEMORY;
    }
    return OV_OK;
}
