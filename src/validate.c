/* The rules, each a small function over the model. Shape errors (missing
 * fields, wrong JSON kinds, malformed dates) were reported by the loader;
 * here a missing value is simply skipped. Every rule is linear in the size
 * of the model, but for the cycle check, which is linear too unless the
 * data has cycles. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orgviz.h"
#include "util.h"

typedef struct {
    const ov_model *m;
    ov_diags *d;
} ctx;

typedef struct {
    char buf[96];
} ptr_t;

/* "/SECTION/I" followed by TAIL ("/end" or ""). */
static const char *ptr(ptr_t *p, const char *section, size_t i, const char *tail)
{
    snprintf(p->buf, sizeof p->buf, "/%s/%zu%s", section, i, tail);
    return p->buf;
}

static void iso(ov_day day, char *buf)
{
    ov_date_iso(day, buf);
}

static int id_is_valid(const char *id)
{
    if (!((id[0] >= 'A' && id[0] <= 'Z') || (id[0] >= 'a' && id[0] <= 'z') ||
          (id[0] >= '0' && id[0] <= '9')))
        return 0;
    for (const char *c = id; *c; c++) {
        if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
              *c == '.' || *c == '_' || *c == '-'))
            return 0;
    }
    return 1;
}

static int colour_is_valid(const char *c)
{
    if (strlen(c) != 7 || c[0] != '#')
        return 0;
    return strspn(c + 1, "0123456789abcdefABCDEF") == 6;
}

static void unknown_org(ctx *c, const char *pointer, const char *id, const char *org)
{
    /* every unknown id scans every organisation: only in files of a size
     * where that stays quick */
    const char *s = c->m->norgs <= 5000 ? ov_model_suggest_id(c->m, id) : NULL;
    if (s)
        ov_diag_at(c->d, OV_ERROR, c->m->path, pointer, org,
                   "no organisation has the id \"%s\"; did you mean \"%s\"?", id, s);
    else
        ov_diag_at(c->d, OV_ERROR, c->m->path, pointer, org, "no organisation has the id \"%s\"",
                   id);
}

static void check_sources(ctx *c)
{
    const ov_model *m = c->m;
    ptr_t p;
    for (size_t i = 0; i < m->nsources; i++) {
        const ov_source *s = &m->sources[i];
        if (s->id && ov_model_find_source(m, s->id) != i)
            ov_diag_at(c->d, OV_ERROR, m->path, ptr(&p, "sources", i, "/id"), NULL,
                       "duplicate source id \"%s\"", s->id);
        if (s->url && !ov_url_is_safe(s->url))
            ov_diag_at(c->d, OV_ERROR, m->path, ptr(&p, "sources", i, "/url"), NULL,
                       "\"%s\" is not a web address: use one starting http:// or https://",
                       s->url);
    }
}

static void check_source_refs(ctx *c, char **ids, size_t n, const char *base, const char *org)
{
    for (size_t j = 0; j < n; j++) {
        if (ids[j] && ov_model_find_source(c->m, ids[j]) == OV_NONE) {
            char p[128];
            snprintf(p, sizeof p, "%s/sources/%zu", base, j);
            ov_diag_at(c->d, OV_ERROR, c->m->path, p, org,
                       "no source has the id \"%s\" (list it in /sources)", ids[j]);
        }
    }
}

static void check_types(ctx *c)
{
    const ov_model *m = c->m;
    for (size_t i = 0; i < m->ntypes; i++) {
        const ov_type *t = &m->types[i];
        if (t->colour && !colour_is_valid(t->colour)) {
            char p[160];
            snprintf(p, sizeof p, "/types/%s/colour", t->key ? t->key : "");
            ov_diag_at(c->d, OV_ERROR, m->path, p, NULL,
                       "\"%s\" is not a colour: write it as #RRGGBB, e.g. #005EB8", t->colour);
        }
    }
}

/* TYPE_KEY, written at POINTER, is not declared. */
static void undeclared_type(ctx *c, const char *pointer, const char *type_key, const char *org)
{
    const ov_model *m = c->m;
    const char *best = ov_model_suggest_type(m, type_key);
    if (best)
        ov_diag_at(c->d, OV_ERROR, m->path, pointer, org,
                   "type \"%s\" is not declared in /types; did you mean \"%s\"?", type_key,
                   best);
    else
        ov_diag_at(c->d, OV_ERROR, m->path, pointer, org,
                   "type \"%s\" is not declared in /types", type_key);
}

/* An organisation's earlier states: in date order, inside its lifetime
 * (the last state written must end before the organisation does), each
 * changing something. */
static void check_history(ctx *c, size_t i)
{
    const ov_model *m = c->m;
    const ov_org *o = &m->orgs[i];
    ov_day prev = OV_DAY_NONE;
    for (size_t h = 0; h < o->nhistory; h++) {
        const ov_org_state *s = &o->history[h];
        char base[96];
        char pointer[128];
        char a[11];
        char b[11];
        snprintf(base, sizeof base, "/organisations/%zu/history/%zu", i, h);
        snprintf(pointer, sizeof pointer, "%s/until", base);
        if (s->until != OV_DAY_NONE) {
            iso(s->until, a);
            if (o->start != OV_DAY_NONE && s->until < o->start) {
                iso(o->start, b);
                ov_diag_at(c->d, OV_ERROR, m->path, pointer, o->id,
                           "%s is before the organisation's start %s", a, b);
            } else if (o->end != OV_DAY_NONE && s->until >= o->end) {
                iso(o->end, b);
                ov_diag_at(c->d, OV_ERROR, m->path, pointer, o->id,
                           "%s is not before the organisation's end %s: the state after it "
                           "(the organisation's own fields) would never hold",
                           a, b);
            } else if (prev != OV_DAY_NONE && s->until <= prev) {
                iso(prev, b);
                ov_diag_at(c->d, OV_ERROR, m->path, pointer, o->id,
                           "%s is not after the state before it (until %s): write the "
                           "history in date order",
                           a, b);
            }
            prev = s->until;
        }
        snprintf(pointer, sizeof pointer, "%s/name", base);
        if (s->name && ov_is_blank(s->name))
            ov_diag_at(c->d, OV_ERROR, m->path, pointer, o->id, "the name is blank");
        snprintf(pointer, sizeof pointer, "%s/type", base);
        if (s->type_key && s->type == OV_NONE)
            undeclared_type(c, pointer, s->type_key, o->id);
        if (!s->name && !s->short_name && !s->type_key && !s->has_facts)
            ov_diag_at(c->d, OV_WARNING, m->path, base, o->id,
                       "this earlier state changes nothing: give the \"name\", "
                       "\"short_name\", \"type\" or \"facts\" it had until then");
    }
}

static void check_org(ctx *c, size_t i)
{
    const ov_model *m = c->m;
    const ov_org *o = &m->orgs[i];
    ptr_t p;
    char a[11];
    char b[11];
    if (o->id) {
        if (!id_is_valid(o->id)) {
            ov_diag_at(c->d, OV_ERROR, m->path, ptr(&p, "organisations", i, "/id"), NULL,
                       "\"%s\" is not a valid id: use letters, digits, '.', '_' and '-', "
                       "starting with a letter or digit",
                       o->id);
        } else if (ov_model_find(m, o->id) != i) {
            ov_diag_at(c->d, OV_ERROR, m->path, ptr(&p, "organisations", i, "/id"), o->id,
                       "duplicate id: /organisations/%zu has it already",
                       ov_model_find(m, o->id));
        }
    }
    if (o->name && ov_is_blank(o->name))
        ov_diag_at(c->d, OV_ERROR, m->path, ptr(&p, "organisations", i, "/name"), o->id,
                   "the name is blank");
    if (o->type_key && o->type == OV_NONE)
        undeclared_type(c, ptr(&p, "organisations", i, "/type"), o->type_key, o->id);
    if (o->start != OV_DAY_NONE && o->end != OV_DAY_NONE && o->end < o->start) {
        iso(o->start, a);
        iso(o->end, b);
        ov_diag_at(c->d, OV_ERROR, m->path, ptr(&p, "organisations", i, "/end"), o->id,
                   "end %s is before start %s", b, a);
    }
    /* (a start that is there but not a date has its own error) */
    if (o->start == OV_DAY_NONE && !o->start_written && o->id)
        ov_diag_warn(c->d, "no-start", m->path, ptr(&p, "organisations", i, ""), o->id,
                     "no \"start\" date: charts treat it as having always existed");
    if (o->url && !ov_url_is_safe(o->url))
        ov_diag_at(c->d, OV_ERROR, m->path, ptr(&p, "organisations", i, "/url"), o->id,
                   "\"%s\" is not a web address: use one starting http:// or https://", o->url);
    char base[64];
    snprintf(base, sizeof base, "/organisations/%zu", i);
    check_source_refs(c, o->source_ids, o->nsources, base, o->id);
    check_history(c, i);
}

/* The day a relationship effectively starts: its own start, else the later
 * of the two organisations' starts. */
static ov_day rel_start(const ov_model *m, const ov_rel *r)
{
    if (r->start != OV_DAY_NONE)
        return r->start;
    ov_day a = m->orgs[r->from].start;
    ov_day b = m->orgs[r->to].start;
    if (a == OV_DAY_NONE)
        return b;
    if (b == OV_DAY_NONE)
        return a;
    return a > b ? a : b;
}

static void check_rel_org_dates(ctx *c, size_t i, const ov_rel *r, size_t org, const char *end)
{
    const ov_model *m = c->m;
    const ov_org *o = &m->orgs[org];
    ptr_t p;
    char a[11];
    char b[11];
    if (r->start != OV_DAY_NONE && o->start != OV_DAY_NONE && r->start < o->start) {
        iso(r->start, a);
        iso(o->start, b);
        ov_diag_at(c->d, OV_ERROR, m->path, ptr(&p, "relationships", i, "/start"), o->id,
                   "the relationship starts on %s, before its \"%s\" organisation starts (%s)",
                   a, end, b);
    }
    if (r->start != OV_DAY_NONE && o->end != OV_DAY_NONE && r->start > o->end) {
        iso(r->start, a);
        iso(o->end, b);
        ov_diag_at(c->d, OV_ERROR, m->path, ptr(&p, "relationships", i, "/start"), o->id,
                   "the relationship starts on %s, after its \"%s\" organisation ended (%s)", a,
                   end, b);
    }
    if (r->end != OV_DAY_NONE && o->end != OV_DAY_NONE && r->end > o->end) {
        iso(r->end, a);
        iso(o->end, b);
        ov_diag_at(c->d, OV_ERROR, m->path, ptr(&p, "relationships", i, "/end"), o->id,
                   "the relationship goes on until %s, after its \"%s\" organisation ended (%s)",
                   a, end, b);
    }
    if (r->end != OV_DAY_NONE && o->start != OV_DAY_NONE && r->end < o->start) {
        iso(r->end, a);
        iso(o->start, b);
        ov_diag_at(c->d, OV_ERROR, m->path, ptr(&p, "relationships", i, "/end"), o->id,
                   "the relationship ends on %s, before its \"%s\" organisation starts (%s)", a,
                   end, b);
    }
}

static void check_rel(ctx *c, size_t i)
{
    const ov_model *m = c->m;
    const ov_rel *r = &m->rels[i];
    ptr_t p;
    if (r->from_id && r->from == OV_NONE)
        unknown_org(c, ptr(&p, "relationships", i, "/from"), r->from_id, NULL);
    if (r->to_id && r->to == OV_NONE)
        unknown_org(c, ptr(&p, "relationships", i, "/to"), r->to_id, r->from_id);
    if (r->start != OV_DAY_NONE && r->end != OV_DAY_NONE && r->end < r->start) {
        char a[11];
        char b[11];
        iso(r->start, a);
        iso(r->end, b);
        ov_diag_at(c->d, OV_ERROR, m->path, ptr(&p, "relationships", i, "/end"),
                   r->from_id, "end %s is before start %s", b, a);
    }
    if (r->from == OV_NONE || r->to == OV_NONE)
        return;
    if (r->from == r->to) {
        ov_diag_at(c->d, OV_ERROR, m->path, ptr(&p, "relationships", i, "/to"), r->from_id,
                   "a relationship from an organisation to itself");
        return;
    }
    check_rel_org_dates(c, i, r, r->from, "from");
    check_rel_org_dates(c, i, r, r->to, "to");
}

/* ---- cycles among hierarchical relationships ----------------------------
 * A cycle matters only if all its relationships are in force on one day.
 * First peel off every organisation that cannot be on any cycle (Kahn's
 * algorithm, ignoring time): in real data nothing is left and the check is
 * linear. For what is left, repeat the peeling on each day one of the
 * remaining relationships starts; what survives a peeling is a cycle on
 * that day. */

typedef struct {
    size_t *rel; /* relationships taking part */
    size_t n;
} edge_set;

static int rel_is_edge(const ov_model *m, const ov_rel *r)
{
    return ov_rel_is_hierarchical(r->kind) && r->from != OV_NONE && r->to != OV_NONE &&
           r->from != r->to;
}

static int rel_in_force(const ov_model *m, const ov_rel *r, ov_day day)
{
    if (day == OV_DAY_NONE)
        return 1;
    return ov_rel_active_at(m, r, day);
}

/* Kahn peeling over the edges of E in force on DAY: leaves in *left the
 * edges whose both ends survive (they lie on or between cycles). Uses
 * INDEG and ALIVE, arrays of norgs entries, which it leaves zeroed. */
static int peel(const ov_model *m, const edge_set *e, ov_day day, size_t *indeg,
                unsigned char *alive, size_t *queue, edge_set *left)
{
    size_t nq = 0;
    left->n = 0;
    /* the edges in force, by their "from" end (compressed rows) */
    size_t norgs = m->norgs;
    size_t *start = calloc(norgs + 1, sizeof *start);
    size_t *adj = e->n ? malloc(e->n * sizeof *adj) : NULL;
    if (!start || (e->n && !adj)) {
        free(start);
        free(adj);
        return -1;
    }
    for (size_t k = 0; k < e->n; k++) {
        const ov_rel *r = &m->rels[e->rel[k]];
        if (!rel_in_force(m, r, day))
            continue;
        start[r->from + 1]++;
        indeg[r->to]++;
        alive[r->from] = alive[r->to] = 1;
    }
    for (size_t v = 0; v < norgs; v++)
        start[v + 1] += start[v];
    size_t *fill = calloc(norgs ? norgs : 1, sizeof *fill);
    if (!fill) {
        free(start);
        free(adj);
        return -1;
    }
    for (size_t k = 0; k < e->n; k++) {
        const ov_rel *r = &m->rels[e->rel[k]];
        if (rel_in_force(m, r, day))
            adj[start[r->from] + fill[r->from]++] = e->rel[k];
    }
    free(fill);
    for (size_t v = 0; v < norgs; v++) {
        if (alive[v] && indeg[v] == 0)
            queue[nq++] = v;
    }
    while (nq > 0) {
        size_t v = queue[--nq];
        alive[v] = 0;
        for (size_t k = start[v]; k < start[v + 1]; k++) {
            size_t to = m->rels[adj[k]].to;
            if (--indeg[to] == 0)
                queue[nq++] = to;
        }
    }
    for (size_t k = 0; k < e->n; k++) {
        const ov_rel *r = &m->rels[e->rel[k]];
        if (rel_in_force(m, r, day) && alive[r->from] && alive[r->to])
            left->rel[left->n++] = e->rel[k];
    }
    for (size_t k = 0; k < e->n; k++) {
        const ov_rel *r = &m->rels[e->rel[k]];
        indeg[r->from] = indeg[r->to] = 0;
        alive[r->from] = alive[r->to] = 0;
    }
    free(start);
    free(adj);
    return 0;
}

/* Reports one cycle among the edges of LEFT. After peeling, every node
 * left has an incoming edge from another node left, so walking backwards
 * along incoming edges always comes back to a node already seen. MARK has
 * norgs zeroed entries and is left zeroed. */
static void report_cycle(ctx *c, const edge_set *left, ov_day day, size_t *mark)
{
    const ov_model *m = c->m;
    size_t *path = malloc((left->n + 1) * sizeof *path);
    if (!path)
        return;
    /* MARK[v] = the step at which the walk reached v (0: not yet), so
     * clear it for every node the walk can reach, whatever the caller left
     * in it */
    for (size_t k = 0; k < left->n; k++) {
        mark[m->rels[left->rel[k]].from] = 0;
        mark[m->rels[left->rel[k]].to] = 0;
    }
    /* walk backwards along incoming edges until a node comes round again;
     * a node is marked only together with the edge that leaves it, so
     * path[0 .. step-1] is always written */
    size_t v = m->rels[left->rel[0]].to;
    size_t step = 0;
    int closed = 0;
    while (step <= left->n) { /* path has left->n + 1 places */
        if (mark[v] != 0) {
            closed = 1;
            break;
        }
        size_t prev = OV_NONE;
        for (size_t k = 0; k < left->n; k++) {
            if (m->rels[left->rel[k]].to == v) {
                prev = left->rel[k];
                break;
            }
        }
        if (prev == OV_NONE)
            break; /* not a cycle after all: nothing to report */
        path[step] = prev;
        mark[v] = ++step;
        v = m->rels[prev].from;
    }
    /* path[mark[v]-1 .. step-1] walked backwards is the cycle; print it
     * forwards, starting at the relationship that comes first in the file,
     * which is also where the error is reported */
    ov_buf b;
    ov_buf_init(&b);
    size_t lowest = OV_NONE;
    if (closed) {
        size_t lo = mark[v] - 1;
        size_t n = step - lo;
        size_t at = lo;
        for (size_t s = lo; s < step; s++) {
            if (path[s] < path[at])
                at = s;
        }
        lowest = path[at];
        ov_buf_puts(&b, m->orgs[m->rels[lowest].from].id);
        for (size_t k = 0; k < n; k++) {
            /* forwards is downwards in path, wrapping within [lo, step) */
            size_t s = lo + (at - lo + n - k) % n;
            const ov_rel *r = &m->rels[path[s]];
            ov_buf_printf(&b, " %s %s", ov_rel_kind_name(r->kind), m->orgs[r->to].id);
        }
    }
    for (size_t k = 0; k < left->n; k++) {
        mark[m->rels[left->rel[k]].from] = 0;
        mark[m->rels[left->rel[k]].to] = 0;
    }
    char *text = ov_buf_take(&b);
    if (text && lowest != OV_NONE) {
        ptr_t p;
        char when[48] = "";
        if (day != OV_DAY_NONE) {
            char d[11];
            iso(day, d);
            snprintf(when, sizeof when, " on %s", d);
        }
        ov_diag_at(c->d, OV_ERROR, m->path, ptr(&p, "relationships", lowest, ""),
                   m->rels[lowest].from_id, "hierarchical relationships form a cycle%s: %s",
                   when, text);
    }
    free(text);
    free(path);
}

static int day_cmp(const void *a, const void *b)
{
    ov_day x = *(const ov_day *)a;
    ov_day y = *(const ov_day *)b;
    return (x > y) - (x < y);
}

static void check_cycles(ctx *c)
{
    const ov_model *m = c->m;
    edge_set all = {0};
    edge_set left = {0};
    edge_set found = {0};
    ov_day *days = NULL;
    size_t *indeg = calloc(m->norgs + 1, sizeof *indeg);
    unsigned char *alive = calloc(m->norgs + 1, 1);
    size_t *queue = malloc((m->norgs + 1) * sizeof *queue);
    all.rel = malloc((m->nrels + 1) * sizeof *all.rel);
    left.rel = malloc((m->nrels + 1) * sizeof *left.rel);
    found.rel = malloc((m->nrels + 1) * sizeof *found.rel);
    if (!indeg || !alive || !queue || !all.rel || !left.rel || !found.rel)
        goto done;
    for (size_t i = 0; i < m->nrels; i++) {
        if (rel_is_edge(m, &m->rels[i]))
            all.rel[all.n++] = i;
    }
    if (peel(m, &all, OV_DAY_NONE, indeg, alive, queue, &left) != 0 || left.n == 0)
        goto done;
    /* The set of relationships in force changes only on the day one comes
     * into force, so a cycle that exists on any day exists on one of
     * these. A relationship in force "always" counts from the first day
     * representable. */
    days = malloc(left.n * sizeof *days);
    if (!days)
        goto done;
    for (size_t k = 0; k < left.n; k++) {
        ov_day day = rel_start(m, &m->rels[left.rel[k]]);
        days[k] = day == OV_DAY_NONE ? INT32_MIN + 1 : day;
    }
    qsort(days, left.n, sizeof *days, day_cmp);
    for (size_t k = 0; k < left.n; k++) {
        if (k > 0 && days[k] == days[k - 1])
            continue;
        if (peel(m, &left, days[k], indeg, alive, queue, &found) != 0)
            break;
        if (found.n > 0) {
            report_cycle(c, &found, days[k] == INT32_MIN + 1 ? OV_DAY_NONE : days[k], indeg);
            break;
        }
    }
done:
    free(days);
    free(indeg);
    free(alive);
    free(queue);
    free(all.rel);
    free(left.rel);
    free(found.rel);
}

/* ---- transitions --------------------------------------------------------- */

static const char *article(ov_tr_kind k)
{
    return k == OV_TR_ABSORPTION || k == OV_TR_ESTABLISHMENT || k == OV_TR_ABOLITION ? "an" : "a";
}

static void check_shape(ctx *c, size_t i, const ov_transition *t)
{
    ptr_t p;
    const char *name = ov_tr_kind_name(t->kind);
    const char *problem = NULL;
    switch (t->kind) {
    case OV_TR_MERGER:
        if (t->nfrom < 2 || t->nto != 1)
            problem = "needs two or more organisations in \"from\" and exactly one in \"to\"";
        break;
    case OV_TR_SPLIT:
        if (t->nfrom != 1 || t->nto < 2)
            problem = "needs exactly one organisation in \"from\" and two or more in \"to\"";
        break;
    case OV_TR_SUCCESSION:
        if (t->nfrom != 1 || t->nto != 1)
            problem = "needs exactly one organisation in \"from\" and one in \"to\"";
        break;
    case OV_TR_TRANSFER:
        if (t->nfrom < 1 || t->nto < 1)
            problem = "needs at least one organisation in \"from\" and one in \"to\"";
        break;
    case OV_TR_ABSORPTION:
        if (t->nfrom < 1 || t->nto != 1)
            problem = "needs one or more organisations in \"from\" and exactly one (that "
                      "already exists) in \"to\"";
        break;
    case OV_TR_ESTABLISHMENT:
        if (t->nfrom != 0 || t->nto < 1)
            problem = "needs an empty \"from\" and one or more organisations in \"to\"";
        break;
    case OV_TR_ABOLITION:
        if (t->nfrom < 1 || t->nto != 0)
            problem = "needs one or more organisations in \"from\" and an empty \"to\"";
        break;
    default:
        return;
    }
    if (problem)
        ov_diag_at(c->d, OV_ERROR, c->m->path, ptr(&p, "transitions", i, ""), NULL,
                   "%s %s %s (it has %zu in \"from\" and %zu in \"to\")", article(t->kind),
                   name, problem, t->nfrom, t->nto);
}

static void check_tr_from(ctx *c, size_t i, const ov_transition *t, size_t j)
{
    const ov_model *m = c->m;
    const ov_org *o = &m->orgs[t->from[j]];
    char p[96];
    char date[32];
    char want[11];
    char have[11];
    snprintf(p, sizeof p, "/transitions/%zu/from/%zu", i, j);
    ov_date_human(t->date, date);
    iso(t->date - 1, want);
    if (t->kind == OV_TR_TRANSFER) {
        /* functions move, the organisation may go on; it must exist then */
        if (!ov_org_exists_at(o, t->date - 1))
            ov_diag_at(c->d, OV_ERROR, m->path, p, o->id,
                       "does not exist on %s, the day before the transfer on %s", want, date);
        return;
    }
    if (o->end == OV_DAY_NONE) {
        ov_diag_at(c->d, OV_ERROR, m->path, p, o->id,
                   "has no \"end\", but the %s on %s ends it: set its end to %s",
                   ov_tr_kind_name(t->kind), date, want);
    } else if (o->end != t->date - 1) {
        iso(o->end, have);
        ov_diag_at(c->d, OV_ERROR, m->path, p, o->id,
                   "ends on %s, but the %s on %s ends it: its end should be %s (the day before)",
                   have, ov_tr_kind_name(t->kind), date, want);
    }
}

static void check_tr_to(ctx *c, size_t i, const ov_transition *t, size_t j)
{
    const ov_model *m = c->m;
    const ov_org *o = &m->orgs[t->to[j]];
    char p[96];
    char date[32];
    char want[11];
    char have[11];
    snprintf(p, sizeof p, "/transitions/%zu/to/%zu", i, j);
    ov_date_human(t->date, date);
    iso(t->date, want);
    if (t->kind == OV_TR_ABSORPTION) {
        if (!ov_org_exists_at(o, t->date) || (o->start != OV_DAY_NONE && o->start >= t->date))
            ov_diag_at(c->d, OV_ERROR, m->path, p, o->id,
                       "an absorption needs an organisation that already exists before %s and "
                       "goes on after it",
                       date);
        return;
    }
    if (o->start == OV_DAY_NONE) {
        ov_diag_at(c->d, OV_ERROR, m->path, p, o->id,
                   "has no \"start\", but the %s on %s creates it: set its start to %s",
                   ov_tr_kind_name(t->kind), date, want);
    } else if (o->start != t->date) {
        iso(o->start, have);
        ov_diag_at(c->d, OV_ERROR, m->path, p, o->id,
                   "starts on %s, but the %s on %s creates it: its start should be %s", have,
                   ov_tr_kind_name(t->kind), date, want);
    }
}

/* The N ids of side SIDE ("from" or "to") of transition I, resolved to
 * ORGS: each names an organisation, and none is listed twice on the side
 * or (for "from") is in OTHER, the NOTHER ids of "to", as well. */
static void check_tr_ids(ctx *c, size_t i, const char *side, char *const *ids,
                         const size_t *orgs, size_t n, char *const *other, size_t nother)
{
    char pe[96];
    for (size_t j = 0; j < n; j++) {
        snprintf(pe, sizeof pe, "/transitions/%zu/%s/%zu", i, side, j);
        if (ids[j] && orgs[j] == OV_NONE)
            unknown_org(c, pe, ids[j], NULL);
        for (size_t k = 0; k < j; k++) {
            if (ids[j] && ids[k] && strcmp(ids[j], ids[k]) == 0)
                ov_diag_at(c->d, OV_ERROR, c->m->path, pe, ids[j], "listed twice");
        }
        for (size_t k = 0; k < nother; k++) {
            if (ids[j] && other[k] && strcmp(ids[j], other[k]) == 0)
                ov_diag_at(c->d, OV_ERROR, c->m->path, pe, ids[j],
                           "in both \"from\" and \"to\"");
        }
    }
}

static void check_transition(ctx *c, size_t i)
{
    const ov_model *m = c->m;
    const ov_transition *t = &m->trans[i];
    ptr_t p;
    if (t->id) {
        if (!id_is_valid(t->id))
            ov_diag_at(c->d, OV_ERROR, m->path, ptr(&p, "transitions", i, "/id"), NULL,
                       "\"%s\" is not a valid id: use letters, digits, '.', '_' and '-'", t->id);
        for (size_t k = 0; k < i; k++) {
            if (m->trans[k].id && strcmp(m->trans[k].id, t->id) == 0) {
                ov_diag_at(c->d, OV_ERROR, m->path, ptr(&p, "transitions", i, "/id"),
                           NULL, "duplicate transition id: /transitions/%zu has it already", k);
                break;
            }
        }
    }
    check_shape(c, i, t);
    check_tr_ids(c, i, "from", t->from_ids, t->from, t->nfrom, t->to_ids, t->nto);
    check_tr_ids(c, i, "to", t->to_ids, t->to, t->nto, NULL, 0);
    char base[64];
    snprintf(base, sizeof base, "/transitions/%zu", i);
    check_source_refs(c, t->source_ids, t->nsources, base, NULL);
    if (t->date == OV_DAY_NONE || t->kind == OV_TR_INVALID)
        return;
    for (size_t j = 0; j < t->nfrom; j++) {
        if (t->from[j] != OV_NONE)
            check_tr_from(c, i, t, j);
    }
    for (size_t j = 0; j < t->nto; j++) {
        if (t->to[j] != OV_NONE)
            check_tr_to(c, i, t, j);
    }
}

size_t ov_validate(const ov_model *m, ov_diags *d)
{
    size_t before = d->errors;
    ctx c = {m, d};
    check_sources(&c);
    check_types(&c);
    for (size_t i = 0; i < m->norgs; i++)
        check_org(&c, i);
    for (size_t i = 0; i < m->nrels; i++)
        check_rel(&c, i);
    check_cycles(&c);
    for (size_t i = 0; i < m->ntrans; i++)
        check_transition(&c, i);
    return d->errors - before;
}
