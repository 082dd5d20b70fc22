/* The account of what changed, in words for people (text or Markdown) and
 * as JSON for other tools. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "changes.h"
#include "chart.h"

static const char *const small_numbers[] = {"no", "one", "two", "three", "four", "five",
                                            "six", "seven", "eight", "nine", "ten"};

/* ov_put_counted's "N labels" with NUMBER in place of the figure (NULL:
 * the label alone, as in "committee or governing body"). */
static void put_counted_as(ov_buf *b, size_t n, const char *label, const char *number)
{
    ov_buf tmp;
    ov_buf_init(&tmp);
    ov_put_counted(&tmp, n, label, 1);
    const char *rest = tmp.data ? strchr(tmp.data, ' ') : NULL;
    if (number)
        ov_buf_puts(b, number);
    if (rest)
        ov_buf_puts(b, number ? rest : rest + 1);
    if (tmp.oom)
        b->oom = 1;
    ov_buf_free(&tmp);
}

/* "four clinical commissioning groups" (numbers up to ten in words). */
static void put_counted_words(ov_buf *b, size_t n, const char *label)
{
    if (n > 10)
        ov_put_counted(b, n, label, 1);
    else
        put_counted_as(b, n, label, small_numbers[n]);
}

/* Organisation I's name on day D (OV_DAY_NONE: its current name). */
static const char *name(const ov_model *m, size_t i, ov_day d)
{
    return ov_org_name_at(&m->orgs[i], d, 0);
}

/* The days on which change CH's organisations are named: BEFORE for what
 * was (the old parent, what closed), AFTER for what is. A step of a story
 * goes from the day before its date to its date; otherwise the change is
 * from C->from to C->to. */
static ov_day day_before(const ov_changes *c, const ov_change *ch)
{
    return c->story && ch->date != OV_DAY_NONE ? ch->date - 1 : c->from;
}

static ov_day day_after(const ov_changes *c, const ov_change *ch)
{
    return c->story && ch->date != OV_DAY_NONE ? ch->date : c->to;
}

/* The separator of a list of names (on day D): "; " when a name has a
 * comma in it ("High Street Surgery, Epping"), else ", ". The K-th
 * organisation is at LIST + K * STRIDE bytes. */
static const char *list_sep(const ov_model *m, const size_t *list, size_t n, size_t stride,
                            ov_day d)
{
    for (size_t k = 0; k < n; k++) {
        size_t i = *(const size_t *)((const char *)list + k * stride);
        if (i != OV_NONE && strchr(name(m, i, d), ','))
            return "; ";
    }
    return ", ";
}

/* "A", "A and B", "A, B and C" of the organisations LIST[0..N), named as
 * on day D. */
static void put_names(ov_buf *b, const ov_model *m, const size_t *list, size_t n, ov_day d)
{
    const char *sep = list_sep(m, list, n, sizeof *list, d);
    for (size_t k = 0; k < n; k++) {
        if (k > 0)
            ov_buf_puts(b, k + 1 == n ? " and " : sep);
        ov_buf_puts(b, list[k] != OV_NONE ? name(m, list[k], d) : "(unknown)");
    }
}

/* LABEL in lower case but for words such as "GP" and "NHS" (as in a
 * count: "committee or governing body"). */
static void put_lower_label(ov_buf *b, const char *label)
{
    put_counted_as(b, 1, label, NULL);
}

/* The short way to refer back to an organisation of type label LABEL:
 * "the CCG" for "Clinical Commissioning Group" (every word capitalised),
 * else "the GP practice". */
static void put_the_type(ov_buf *b, const char *label)
{
    ov_buf_puts(b, "the ");
    size_t words = 0;
    int capitals = 1;
    for (const char *p = label; *p; p++) {
        if (p == label || p[-1] == ' ') {
            words++;
            if (*p < 'A' || *p > 'Z')
                capitals = 0;
        }
    }
    if (capitals && words >= 2) {
        for (const char *p = label; *p; p++) {
            if (p == label || p[-1] == ' ')
                ov_buf_putc(b, *p);
        }
        return;
    }
    put_lower_label(b, label);
}

/* The type label all of LIST share, or NULL. */
static const char *common_label(const ov_model *m, const size_t *list, size_t n)
{
    const char *label = NULL;
    for (size_t k = 0; k < n; k++) {
        if (list[k] == OV_NONE)
            return NULL;
        const char *l = ov_org_type_label(m, &m->orgs[list[k]]);
        if (label && strcmp(label, l) != 0)
            return NULL;
        label = l;
    }
    return label;
}

/* "four clinical commissioning groups" or "NHS A and NHS B" (named as on
 * day D) as the subject of a sentence about LIST. */
static void put_group(ov_buf *b, const ov_model *m, const size_t *list, size_t n, ov_day d)
{
    const char *label = common_label(m, list, n);
    if (n >= 3 && label && *label) {
        put_counted_words(b, n, label);
    } else {
        put_names(b, m, list, n, d);
    }
}

/* ": A, B and C." after a group that put_group counted (not when BRIEF),
 * then ".". */
static void put_members(ov_buf *b, const ov_model *m, const size_t *list, size_t n, int brief,
                        ov_day d)
{
    const char *label = common_label(m, list, n);
    if (!brief && n >= 3 && label && *label) {
        ov_buf_puts(b, ": ");
        put_names(b, m, list, n, d);
    }
    ov_buf_putc(b, '.');
}

/* " They ceased on 31 March 2020." (N organisations), unless BRIEF. */
static void put_ceased(ov_buf *b, size_t n, const char *before, int brief)
{
    if (!brief)
        ov_buf_printf(b, " %s on %s.", n == 1 ? "It ceased" : "They ceased", before);
}

/* One sentence for transition T (BRIEF: without the members of a counted
 * group and without when they ceased, for descriptions). */
static void put_transition_as(ov_buf *b, const ov_model *m, const ov_transition *tr, int brief)
{
    char day[32], before[32];
    ov_date_human(tr->date, day);
    ov_date_human(tr->date - 1, before);
    /* what ended is named as on its last day, what began as on its first */
    ov_day was = tr->date - 1;
    ov_day now = tr->date;
    const char *label = tr->nfrom ? common_label(m, tr->from, tr->nfrom) : NULL;
    ov_buf_printf(b, "On %s ", day);
    switch (tr->kind) {
    case OV_TR_MERGER:
        put_group(b, m, tr->from, tr->nfrom, was);
        ov_buf_puts(b, " merged into ");
        put_names(b, m, tr->to, tr->nto, now);
        put_members(b, m, tr->from, tr->nfrom, brief, was);
        put_ceased(b, tr->nfrom, before, brief);
        break;
    case OV_TR_SPLIT:
        put_names(b, m, tr->from, tr->nfrom, was);
        ov_buf_puts(b, " split into ");
        put_names(b, m, tr->to, tr->nto, now);
        ov_buf_putc(b, '.');
        put_ceased(b, tr->nfrom, before, brief);
        break;
    case OV_TR_SUCCESSION:
        put_names(b, m, tr->from, tr->nfrom, was);
        ov_buf_puts(b, " handed over to ");
        put_names(b, m, tr->to, tr->nto, now);
        if (brief) {
            ov_buf_putc(b, '.');
            break;
        }
        ov_buf_puts(b, "; ");
        if (label && *label)
            put_the_type(b, label);
        else
            ov_buf_puts(b, "it");
        ov_buf_printf(b, " ceased on %s.", before);
        break;
    case OV_TR_TRANSFER:
        ov_buf_puts(b, "the functions of ");
        put_names(b, m, tr->from, tr->nfrom, was);
        ov_buf_puts(b, " passed to ");
        put_names(b, m, tr->to, tr->nto, now);
        ov_buf_putc(b, '.');
        break;
    case OV_TR_ABSORPTION:
        put_group(b, m, tr->from, tr->nfrom, was);
        ov_buf_puts(b, tr->nfrom == 1 ? " was absorbed into " : " were absorbed into ");
        put_names(b, m, tr->to, tr->nto, now);
        ov_buf_puts(b, ", which already existed");
        put_members(b, m, tr->from, tr->nfrom, brief, was);
        put_ceased(b, tr->nfrom, before, brief);
        break;
    case OV_TR_ESTABLISHMENT:
        put_group(b, m, tr->to, tr->nto, now);
        ov_buf_puts(b, tr->nto == 1 ? " was set up" : " were set up");
        put_members(b, m, tr->to, tr->nto, brief, now);
        break;
    case OV_TR_ABOLITION:
        put_group(b, m, tr->from, tr->nfrom, was);
        ov_buf_puts(b, tr->nfrom == 1 ? " was abolished" : " were abolished");
        put_members(b, m, tr->from, tr->nfrom, brief, was);
        put_ceased(b, tr->nfrom, before, brief);
        break;
    default:
        break;
    }
}

static void put_transition(ov_buf *b, const ov_model *m, const ov_transition *tr)
{
    put_transition_as(b, m, tr, 0);
}

void ov_change_put_fate(ov_buf *b, const ov_changes *c, const ov_change *ch)
{
    const ov_model *m = c->m;
    const ov_org *o = &m->orgs[ch->org];
    char day[32];
    if (ch->transition != OV_NONE) {
        const ov_transition *tr = &m->trans[ch->transition];
        ov_date_human(tr->date, day);
        switch (tr->kind) {
        case OV_TR_MERGER:
            ov_buf_puts(b, "merged into ");
            break;
        case OV_TR_SPLIT:
            ov_buf_puts(b, "split into ");
            break;
        case OV_TR_SUCCESSION:
            ov_buf_puts(b, "handed over to ");
            break;
        case OV_TR_TRANSFER:
            ov_buf_puts(b, "its functions passed to ");
            break;
        case OV_TR_ABSORPTION:
            ov_buf_puts(b, "absorbed into ");
            break;
        default:
            ov_buf_printf(b, "abolished on %s", day);
            return;
        }
        put_names(b, m, tr->to, tr->nto, tr->date);
        ov_buf_printf(b, " on %s", day);
        return;
    }
    if (o->end != OV_DAY_NONE) {
        ov_date_human(o->end, day);
        ov_buf_printf(b, "closed; its last day was %s", day);
        return;
    }
    ov_buf_puts(b, "no longer in the data");
}

/* Changes of organisations that no transition explains, grouped: the
 * items [FROM, TO) of C share a date and a kind; KEY gives the group of
 * each (its type, and for moves the new parent). */
typedef struct {
    size_t type;
    size_t parent;
    size_t old_parent; /* moves from one parent: that parent, else OV_NONE */
} group_key;

static group_key key_of(const ov_changes *c, const ov_change *ch)
{
    group_key k = {c->m->orgs[ch->org].type, OV_NONE, OV_NONE};
    if (ch->kind == OV_CH_MOVED) {
        k.parent = ch->new_parent;
        /* moves to one parent from several make one group; joining (no
         * parent before) is a group of its own */
        k.old_parent = ch->old_parent == OV_NONE || ch->new_parent == OV_NONE ? ch->old_parent
                                                                             : (size_t)0;
    }
    if (ch->kind == OV_CH_NEW)
        k.parent = ch->new_parent;
    if (ch->kind == OV_CH_GONE)
        k.old_parent = ch->old_parent;
    return k;
}

static const char *type_label(const ov_model *m, size_t type)
{
    if (type == OV_NONE || type >= m->ntypes)
        return "organisation";
    const ov_type *t = &m->types[type];
    return t->label ? t->label : t->key;
}

/* "On 1 April 2021 Old PCN was renamed New PCN." or "… changed: its type
 * (from A to B), its facts (population, postcode)." */
static void put_state_change(ov_buf *b, const ov_changes *c, const ov_change *ch,
                             const char *day)
{
    const ov_model *m = c->m;
    const ov_org *o = &m->orgs[ch->org];
    ov_org_view va, vb;
    ov_org_at(o, day_before(c, ch), &va);
    ov_org_at(o, day_after(c, ch), &vb);
    if (day)
        ov_buf_printf(b, "On %s ", day);
    else
        ov_buf_puts(b, "On a date not recorded, ");
    if (ch->kind == OV_CH_RENAMED) {
        ov_buf_printf(b, "%s was renamed %s.", va.name ? va.name : o->id,
                      vb.name ? vb.name : o->id);
        if (va.name && vb.name && strcmp(va.name, vb.name) == 0)
            ov_buf_printf(b, " Its short name changed from %s to %s.",
                          va.short_name ? va.short_name : "none",
                          vb.short_name ? vb.short_name : "none");
        return;
    }
    ov_buf_printf(b, "the details of %s changed:", vb.name ? vb.name : o->id);
    const char *sep = " ";
    if ((va.type_key == NULL) != (vb.type_key == NULL) ||
        (va.type_key && strcmp(va.type_key, vb.type_key) != 0)) {
        ov_buf_printf(b, "%sits type, from %s to %s", sep, type_label(m, va.type),
                      type_label(m, vb.type));
        sep = "; ";
    }
    size_t nkeys = 0;
    for (int side = 0; side < 2; side++) {
        const ov_org_view *x = side ? &vb : &va;
        const ov_org_view *y = side ? &va : &vb;
        for (size_t i = 0; i < x->nfacts; i++) {
            const ov_fact *f = &x->facts[i];
            const ov_fact *g = ov_fact_find(y->facts, y->nfacts, f->key);
            if (g && (side == 1 || !ov_fact_differs(f, g)))
                continue; /* (a key on both sides is named once, from A's side) */
            ov_buf_printf(b, "%s%s", nkeys ? ", " : (sep[0] == ';' ? "; its facts: " : " its facts: "), f->key);
            nkeys++;
        }
    }
    ov_buf_putc(b, '.');
}

/* One sentence for the group of CH[0..N) (same date, kind and key). */
static void put_org_group(ov_buf *b, const ov_changes *c, const ov_change *ch, size_t n,
                          const char *day)
{
    const ov_model *m = c->m;
    group_key k = key_of(c, &ch[0]);
    const char *label = type_label(m, k.type);
    const char *verb = n == 1 ? "was" : "were";
    /* parents named as they were (the old one) and are (the new one); the
     * organisations as they are, or, when they closed, as they were */
    ov_day was = day_before(c, &ch[0]);
    ov_day now = day_after(c, &ch[0]);
    ov_day own = ch[0].kind == OV_CH_GONE ? was : now;
    if (day)
        ov_buf_printf(b, "On %s ", day);
    else
        ov_buf_puts(b, "On a date not recorded, ");
    size_t from = ch[0].old_parent;
    int one_from = 1;
    for (size_t i = 1; i < n; i++)
        one_from = one_from && ch[i].old_parent == from;
    if (n == 1) {
        /* "Mill Surgery, a GP practice of Riverside PCN, closed." */
        ov_buf_printf(b, "%s, ", name(m, ch[0].org, own));
        ov_buf_puts(b, strchr("aeiouAEIOU", label[0]) ? "an " : "a ");
        put_lower_label(b, label);
        if (ch[0].kind == OV_CH_GONE && k.old_parent != OV_NONE)
            ov_buf_printf(b, " of %s", name(m, k.old_parent, was));
        ov_buf_puts(b, ",");
    } else {
        put_counted_words(b, n, label);
        if (ch[0].kind == OV_CH_GONE && k.old_parent != OV_NONE)
            ov_buf_printf(b, " of %s", name(m, k.old_parent, was));
    }
    switch (ch[0].kind) {
    case OV_CH_NEW:
        ov_buf_printf(b, " %s set up", verb);
        if (k.parent != OV_NONE &&
            ov_org_exists_at(&m->orgs[k.parent], m->orgs[ch[0].org].start))
            ov_buf_printf(b, " under %s", name(m, k.parent, now));
        break;
    case OV_CH_GONE:
        ov_buf_puts(b, " closed");
        break;
    case OV_CH_MOVED:
        if (k.parent == OV_NONE)
            ov_buf_printf(b, " left %s", from != OV_NONE ? name(m, from, was) : "its parent");
        else if (from == OV_NONE && one_from)
            ov_buf_printf(b, " joined %s", name(m, k.parent, now));
        else if (one_from)
            ov_buf_printf(b, " moved from %s to %s", name(m, from, was), name(m, k.parent, now));
        else
            ov_buf_printf(b, " moved to %s", name(m, k.parent, now));
        break;
    default:
        break;
    }
    if (n > 1 && !one_from) {
        /* "five from NHS Herefordshire CCG (A, B, …), three from …" (the
         * changes are sorted by old parent within the group) */
        ov_buf_puts(b, ": ");
        for (size_t i = 0; i < n;) {
            size_t j = i;
            while (j < n && ch[j].old_parent == ch[i].old_parent)
                j++;
            if (i > 0)
                ov_buf_puts(b, j == n ? " and " : ", ");
            const char *from_name =
                ch[i].old_parent != OV_NONE ? name(m, ch[i].old_parent, was) : "nowhere";
            if (j - i > 10) {
                ov_buf_printf(b, "%zu from %s", j - i, from_name);
                i = j;
                continue;
            }
            ov_buf_printf(b, "%s from %s (", small_numbers[j - i], from_name);
            for (size_t q = i; q < j; q++) {
                if (q > i)
                    ov_buf_puts(b, q + 1 == j ? " and " : ", ");
                ov_buf_puts(b, name(m, ch[q].org, own));
            }
            ov_buf_puts(b, ")");
            i = j;
        }
    } else if (n > 1 && n <= 20) {
        ov_buf_puts(b, ": ");
        const char *sep = list_sep(m, &ch[0].org, n, sizeof *ch, own);
        for (size_t i = 0; i < n; i++) {
            if (i > 0)
                ov_buf_puts(b, i + 1 == n ? " and " : sep);
            ov_buf_puts(b, name(m, ch[i].org, own));
        }
    }
    ov_buf_puts(b, ".");
}

/* 0 joined, 1 left, 2 moved between parents, 3 any other kind (a move
 * as the story, the counts and JSON's "how" tell it). */
static int move_sort(const ov_change *ch)
{
    if (ch->kind != OV_CH_MOVED)
        return 3;
    if (ch->old_parent == OV_NONE)
        return 0;
    return ch->new_parent == OV_NONE ? 1 : 2;
}

/* Many groups of one kind and type on one day (79 practices joining 15
 * networks) make one sentence, with the groups listed under it. */
static size_t put_summary(ov_buf *b, const ov_changes *c, size_t ci, int markdown,
                          const char *day)
{
    const ov_model *m = c->m;
    const ov_change *first = &c->items[ci];
    size_t end = ci;
    size_t groups = 0;
    size_t type = m->orgs[first->org].type;
    while (end < c->n && c->items[end].date == first->date &&
           c->items[end].kind == first->kind && m->orgs[c->items[end].org].type == type &&
           move_sort(&c->items[end]) == move_sort(first) && move_sort(first) < 2) {
        if (end == ci || c->items[end].new_parent != c->items[end - 1].new_parent ||
            c->items[end].old_parent != c->items[end - 1].old_parent)
            groups++;
        end++;
    }
    if (groups <= 3)
        return 0;
    size_t *parents = malloc(groups * sizeof *parents);
    if (parents == NULL) {
        b->oom = 1;
        return end - ci;
    }
    size_t np = 0;
    for (size_t i = ci; i < end; i++) {
        size_t p = move_sort(first) == 0 ? c->items[i].new_parent : c->items[i].old_parent;
        if (np == 0 || parents[np - 1] != p)
            parents[np++] = p;
    }
    /* those who joined named as they are, those who left as they were */
    ov_day when = move_sort(first) == 0 ? day_after(c, first) : day_before(c, first);
    ov_buf_puts(b, markdown ? "- " : "  - ");
    if (day)
        ov_buf_printf(b, "On %s ", day);
    put_counted_words(b, end - ci, type_label(m, type));
    ov_buf_puts(b, move_sort(first) == 0 ? " joined " : " left ");
    const char *plabel = common_label(m, parents, np);
    if (plabel && *plabel)
        put_counted_words(b, np, plabel);
    else
        ov_buf_printf(b, "%zu organisations", np);
    ov_buf_puts(b, ":\n");
    for (size_t i = ci; i < end;) {
        size_t p = move_sort(first) == 0 ? c->items[i].new_parent : c->items[i].old_parent;
        ov_buf_puts(b, markdown ? "  - " : "      ");
        ov_buf_printf(b, "%s: ", p != OV_NONE ? name(m, p, when) : "");
        size_t j = i;
        while (j < end && (move_sort(first) == 0 ? c->items[j].new_parent
                                                 : c->items[j].old_parent) == p) {
            if (j > i)
                ov_buf_puts(b, ", ");
            ov_buf_puts(b, name(m, c->items[j].org, when));
            j++;
        }
        ov_buf_putc(b, '\n');
        i = j;
    }
    free(parents);
    return end - ci;
}

static int same_group(const ov_changes *c, const ov_change *a, const ov_change *b)
{
    if (a->date != b->date || a->kind != b->kind || a->kind == OV_CH_RENAMED ||
        a->kind == OV_CH_CHANGED)
        return 0;
    group_key x = key_of(c, a);
    group_key y = key_of(c, b);
    return x.type == y.type && x.parent == y.parent && x.old_parent == y.old_parent;
}

/* Counts of changes by type and kind: joined (new, or placed where it had
 * no place), left (gone, or no longer placed), moved (parent to parent). */
static void put_counts(ov_buf *b, const ov_changes *c, int markdown)
{
    const ov_model *m = c->m;
    size_t nt = m->ntypes + 1;
    size_t *count = calloc(nt * 5, sizeof *count);
    if (count == NULL) {
        b->oom = 1;
        return;
    }
    /* a story counts what differs from the first day to the last */
    const ov_change *items = c->net ? c->net : c->items;
    size_t nitems = c->net ? c->nnet : c->n;
    for (size_t i = 0; i < nitems; i++) {
        const ov_change *ch = &items[i];
        size_t t = m->orgs[ch->org].type;
        if (t == OV_NONE || t >= m->ntypes)
            t = m->ntypes;
        int w;
        if (ch->kind == OV_CH_NEW)
            w = 0;
        else if (ch->kind == OV_CH_GONE)
            w = 1;
        else if (ch->kind == OV_CH_MOVED)
            w = move_sort(ch);
        else
            w = ch->kind == OV_CH_RENAMED ? 3 : 4;
        count[t * 5 + (size_t)w]++;
    }
    static const char *const what[5] = {"joined or started", "left or closed",
                                        "moved to another parent", "renamed",
                                        "changed in type or facts"};
    char from[32], to[32];
    ov_date_human(c->from, from);
    ov_date_human(c->to, to);
    ov_buf_printf(b, markdown ? "\n## In numbers\n\nFrom %s to %s, in all:\n\n"
                              : "\nIn numbers, from %s to %s, in all:\n",
                  from, to);
    int any = 0;
    for (size_t t = 0; t < nt; t++) {
        for (int w = 0; w < 5; w++) {
            size_t n = count[t * 5 + (size_t)w];
            if (n == 0)
                continue;
            ov_buf_puts(b, markdown ? "- " : "  ");
            ov_put_counted(b, n, type_label(m, t < m->ntypes ? t : OV_NONE), 1);
            ov_buf_printf(b, " %s\n", what[w]);
            any = 1;
        }
    }
    if (!any)
        ov_buf_puts(b, markdown ? "- nothing changed\n" : "  nothing changed\n");
    free(count);
}

static char *report_words(const ov_changes *c, int markdown)
{
    const ov_model *m = c->m;
    ov_buf b;
    ov_buf_init(&b);
    char from[32], to[32];
    ov_date_human(c->from, from);
    ov_date_human(c->to, to);
    if (markdown)
        ov_buf_printf(&b, "# Changes from %s to %s\n\n", from, to);
    else
        ov_buf_printf(&b, "Changes from %s to %s\n", from, to);
    if (m->title)
        ov_buf_printf(&b, "%s\n", m->title);
    size_t ti = 0;
    size_t ci = 0;
    while (ti < c->ntrans || ci < c->n) {
        /* the next date: the earlier of the next transition and the next
         * change; changes of unknown date come last */
        ov_day day = OV_DAY_NONE;
        if (ti < c->ntrans)
            day = m->trans[c->trans[ti]].date;
        if (ci < c->n && c->items[ci].date != OV_DAY_NONE &&
            (day == OV_DAY_NONE || c->items[ci].date < day))
            day = c->items[ci].date;
        char dbuf[32];
        if (day != OV_DAY_NONE)
            ov_date_human(day, dbuf);
        if (markdown)
            ov_buf_printf(&b, "\n## %s\n\n", day != OV_DAY_NONE ? dbuf : "Date not recorded");
        else
            ov_buf_printf(&b, "\n%s\n", day != OV_DAY_NONE ? dbuf : "Date not recorded");
        while (ti < c->ntrans && m->trans[c->trans[ti]].date == day) {
            ov_buf_puts(&b, markdown ? "- " : "  - ");
            put_transition(&b, m, &m->trans[c->trans[ti]]);
            ov_buf_putc(&b, '\n');
            ti++;
        }
        while (ci < c->n && c->items[ci].date == day) {
            size_t many = put_summary(&b, c, ci, markdown, day != OV_DAY_NONE ? dbuf : NULL);
            if (many > 0) {
                ci += many;
                continue;
            }
            size_t end = ci + 1;
            while (end < c->n && same_group(c, &c->items[ci], &c->items[end]))
                end++;
            /* what a transition's sentence already says is not said again */
            int told = c->items[ci].transition != OV_NONE &&
                       (c->items[ci].kind == OV_CH_NEW || c->items[ci].kind == OV_CH_GONE);
            if (!told) {
                ov_buf_puts(&b, markdown ? "- " : "  - ");
                if (c->items[ci].kind == OV_CH_RENAMED || c->items[ci].kind == OV_CH_CHANGED)
                    put_state_change(&b, c, &c->items[ci], day != OV_DAY_NONE ? dbuf : NULL);
                else
                    put_org_group(&b, c, &c->items[ci], end - ci,
                                  day != OV_DAY_NONE ? dbuf : NULL);
                ov_buf_putc(&b, '\n');
            }
            ci = end;
        }
        if (day == OV_DAY_NONE)
            break;
    }
    if (c->ntrans == 0 && c->n == 0)
        ov_buf_puts(&b, "\nNothing changed.\n");
    put_counts(&b, c, markdown);
    return ov_buf_take(&b);
}

static json_t *org_json(const ov_model *m, size_t i)
{
    if (i == OV_NONE)
        return json_null();
    const ov_org *o = &m->orgs[i];
    return json_pack("{s:s, s:s, s:s}", "id", o->id, "name", ov_org_display_name(o, 0), "type",
                     o->type_key ? o->type_key : "");
}

static json_t *day_json(ov_day d)
{
    if (d == OV_DAY_NONE)
        return json_null();
    char buf[16];
    ov_date_iso(d, buf);
    return json_string(buf);
}

static json_t *ids_json(const ov_model *m, const size_t *list, size_t n)
{
    json_t *a = json_array();
    for (size_t k = 0; a && k < n; k++)
        json_array_append_new(a, org_json(m, list[k]));
    return a;
}

static json_t *transition_json(const ov_model *m, size_t t)
{
    const ov_transition *tr = &m->trans[t];
    ov_buf b;
    ov_buf_init(&b);
    put_transition(&b, m, tr);
    char *text = ov_buf_take(&b);
    json_t *j = json_pack("{s:o, s:s, s:o, s:o, s:o, s:o, s:s?}", "index", json_integer((json_int_t)t),
                          "type", ov_tr_kind_name(tr->kind), "date", day_json(tr->date), "id",
                          tr->id ? json_string(tr->id) : json_null(), "from",
                          ids_json(m, tr->from, tr->nfrom), "to", ids_json(m, tr->to, tr->nto),
                          "text", text);
    free(text);
    return j;
}

static char *report_json(const ov_changes *c)
{
    const ov_model *m = c->m;
    json_t *trans = json_array();
    json_t *items = json_array();
    for (size_t i = 0; trans && i < c->ntrans; i++)
        json_array_append_new(trans, transition_json(m, c->trans[i]));
    for (size_t i = 0; items && i < c->n; i++) {
        const ov_change *ch = &c->items[i];
        json_t *j = json_pack("{s:s, s:o, s:o, s:o}", "kind", ov_change_kind_name(ch->kind),
                              "date", day_json(ch->date), "organisation", org_json(m, ch->org),
                              "transition",
                              ch->transition != OV_NONE ? json_integer((json_int_t)ch->transition)
                                                        : json_null());
        if (j && ch->kind == OV_CH_MOVED) {
            /* placed where it had no place, no longer placed, or moved */
            static const char *const how[] = {"joined", "left", "moved"};
            json_object_set_new(j, "how", json_string(how[move_sort(ch)]));
            json_object_set_new(j, "old_parent", org_json(m, ch->old_parent));
            json_object_set_new(j, "new_parent", org_json(m, ch->new_parent));
        } else if (j && ch->kind == OV_CH_NEW) {
            json_object_set_new(j, "parent", org_json(m, ch->new_parent));
        } else if (j && ch->kind == OV_CH_GONE) {
            ov_buf b;
            ov_buf_init(&b);
            ov_change_put_fate(&b, c, ch);
            char *fate = ov_buf_take(&b);
            json_object_set_new(j, "parent", org_json(m, ch->old_parent));
            if (fate)
                json_object_set_new(j, "fate", json_string(fate));
            free(fate);
        }
        json_array_append_new(items, j);
    }
    json_t *doc = json_pack("{s:o, s:o, s:o, s:o}", "from", day_json(c->from), "to",
                            day_json(c->to), "transitions", trans ? trans : json_null(),
                            "changes", items ? items : json_null());
    if (doc == NULL)
        return NULL;
    char *text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(doc);
    if (text == NULL)
        return NULL;
    char *out = ov_asprintf("%s\n", text);
    free(text);
    return out;
}

/* 1 when transition T involves an organisation SHOWN says (NULL: yes). */
static int transition_shown(const ov_model *m, size_t t, const unsigned char *shown)
{
    if (!shown)
        return 1;
    const ov_transition *tr = &m->trans[t];
    for (size_t k = 0; k < tr->nfrom; k++) {
        if (tr->from[k] != OV_NONE && shown[tr->from[k]])
            return 1;
    }
    for (size_t k = 0; k < tr->nto; k++) {
        if (tr->to[k] != OV_NONE && shown[tr->to[k]])
            return 1;
    }
    return 0;
}

char *ov_changes_summary(const ov_changes *c, const unsigned char *shown)
{
    size_t count[OV_CH_COUNT] = {0};
    for (size_t i = 0; i < c->n; i++) {
        const ov_change *ch = &c->items[i];
        if (!shown || shown[ch->org])
            count[ch->kind]++;
    }
    ov_buf b;
    ov_buf_init(&b);
    char day[32];
    ov_date_human(c->from, day);
    ov_buf_printf(&b, "Marked against %s:", day);
    const char *sep = " ";
    for (int k = 0; k < OV_CH_COUNT; k++) {
        if (count[k] == 0)
            continue;
        ov_buf_printf(&b, "%s%zu %s", sep, count[k], ov_change_kind_name((ov_change_kind)k));
        sep = ", ";
    }
    ov_buf_puts(&b, *sep == ' ' ? " nothing changed." : ".");
    /* the transitions, briefly: at most three */
    size_t told = 0;
    size_t more = 0;
    for (size_t t = 0; t < c->ntrans; t++) {
        if (!transition_shown(c->m, c->trans[t], shown))
            continue;
        if (told == 3) {
            more++;
            continue;
        }
        ov_buf_putc(&b, ' ');
        put_transition_as(&b, c->m, &c->m->trans[c->trans[t]], 1);
        told++;
    }
    if (more > 0)
        ov_buf_printf(&b, " There %s %zu other transition%s.", more == 1 ? "was" : "were", more,
                      more == 1 ? "" : "s");
    return ov_buf_take(&b);
}

char *ov_changes_report(const ov_changes *c, ov_changes_format format)
{
    if (format == OV_CHANGES_JSON)
        return report_json(c);
    return report_words(c, format == OV_CHANGES_MARKDOWN);
}
