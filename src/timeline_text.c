/* The timeline's words: the plain-English description, the key's
 * clauses and the tooltips of bars and transitions. */
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "textversion.h"
#include "timeline_int.h"

/* ---- words ------------------------------------------------------------- */

static const char *const number_words[] = {"zero", "one",  "two", "three", "four",
                                           "five", "six",  "seven", "eight", "nine",
                                           "ten",  "eleven", "twelve"};

static void put_count(ov_buf *b, size_t n)
{
    if (n < sizeof number_words / sizeof number_words[0])
        ov_buf_puts(b, number_words[n]);
    else
        ov_buf_printf(b, "%zu", n);
}

/* The plural of a type for counted lists: "CCGs" from the key "ccg",
 * "local authorities" from "Local authority", else "organisations". */
static void put_plural(ov_buf *b, const ov_model *m, const size_t *orgs, size_t n)
{
    size_t type = n > 0 ? m->orgs[orgs[0]].type : NONE;
    for (size_t i = 1; i < n; i++) {
        if (m->orgs[orgs[i]].type != type)
            type = NONE;
    }
    if (type == NONE) {
        ov_buf_puts(b, n == 1 ? "organisation" : "organisations");
        return;
    }
    const ov_type *t = &m->types[type];
    size_t klen = t->key ? strlen(t->key) : 0;
    int acronym = klen >= 2 && klen <= 4;
    for (size_t i = 0; acronym && i < klen; i++) {
        if (!((t->key[i] >= 'a' && t->key[i] <= 'z') || (t->key[i] >= 'A' && t->key[i] <= 'Z')))
            acronym = 0;
    }
    if (acronym) {
        for (size_t i = 0; i < klen; i++) {
            char c = t->key[i];
            ov_buf_putc(b, (char)(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c));
        }
        if (n != 1)
            ov_buf_putc(b, 's');
        return;
    }
    const char *label = t->label && !ov_is_blank(t->label) ? t->label : t->key;
    size_t len = strlen(label);
    /* lower-case the first letter of sentence-case labels ("Local authority") */
    int sentence = 0;
    for (const char *p = strchr(label, ' '); p; p = strchr(p + 1, ' ')) {
        if (p[1] >= 'a' && p[1] <= 'z')
            sentence = 1;
    }
    char first = label[0];
    if (sentence && first >= 'A' && first <= 'Z' && !(label[1] >= 'A' && label[1] <= 'Z'))
        first = (char)(first - 'A' + 'a');
    ov_buf_putc(b, first);
    if (n == 1) {
        ov_buf_puts(b, label + 1);
        return;
    }
    if (len >= 2 && label[len - 1] == 'y' && !strchr("aeiou", label[len - 2])) {
        ov_buf_putn(b, label + 1, len - 2);
        ov_buf_puts(b, "ies");
    } else {
        ov_buf_puts(b, label + 1);
        ov_buf_putc(b, 's');
    }
}

static void put_side(ov_buf *b, const ov_model *m, const size_t *orgs, size_t n, int named);

/* "A", "A and B", "A, B and C" (full names); four or more as "four CCGs". */
static void put_orgs(ov_buf *b, const ov_model *m, const size_t *orgs, size_t n)
{
    put_side(b, m, orgs, n, 1);
}

/* PUT_ORGS, or with NAMED 0 anything but one organisation counted. */
static void put_side(ov_buf *b, const ov_model *m, const size_t *orgs, size_t n, int named)
{
    if (n > 3 || (!named && n > 1)) {
        put_count(b, n);
        ov_buf_putc(b, ' ');
        put_plural(b, m, orgs, n);
        return;
    }
    ov_put_org_names(b, m, orgs, n, SIZE_MAX);
}

/* Every name of ORGS, for tooltips: "A, B and C", at most 12 then "and N
 * others". */
static void put_names(ov_buf *b, const ov_model *m, const size_t *orgs, size_t n)
{
    ov_put_org_names(b, m, orgs, n, 12);
}

typedef struct {
    ov_day date;
    int kind;
    size_t pos; /* in sel.trs */
} group_key;

static int cmp_group_key(const void *pa, const void *pb)
{
    const group_key *a = pa;
    const group_key *b = pb;
    if (a->date != b->date)
        return a->date < b->date ? -1 : 1;
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* Appends the organisations of bars LIST to SET (org indices), once each. */
static void add_orgs(const tl_sel *s, const size_t *list, size_t n, size_t *set, size_t *nset,
                     unsigned char *in_set)
{
    for (size_t i = 0; i < n; i++) {
        size_t o = s->bars[list[i]].org;
        if (!in_set[o]) {
            in_set[o] = 1;
            set[(*nset)++] = o;
        }
    }
}

static void capitalise(ov_buf *b, size_t at)
{
    if (at < b->len && b->data[at] >= 'a' && b->data[at] <= 'z')
        b->data[at] = (char)(b->data[at] - 'a' + 'A');
}

/* The verb of a clause after its subject: " merged into ", " were
 * established" ... ONE: 1 for a single organisation, 0 for several, -1
 * for the key's short form without "was"/"were" (" succeeded by "). */
static void put_verb(ov_buf *b, ov_tr_kind kind, int one)
{
    const char *be = one < 0 ? "" : one ? " was" : " were";
    switch (kind) {
    case OV_TR_MERGER:
        ov_buf_puts(b, " merged into ");
        break;
    case OV_TR_SPLIT:
        ov_buf_puts(b, " split into ");
        break;
    case OV_TR_SUCCESSION:
        ov_buf_printf(b, "%s succeeded by ", be);
        break;
    case OV_TR_TRANSFER:
        ov_buf_printf(b, " handed %sfunctions to ", one < 0 ? "" : one ? "its " : "their ");
        break;
    case OV_TR_ABSORPTION:
        ov_buf_printf(b, "%s absorbed into ", be);
        break;
    case OV_TR_ESTABLISHMENT:
        ov_buf_printf(b, "%s established", be);
        break;
    default:
        ov_buf_printf(b, "%s abolished", be);
        break;
    }
}

/* One clause of the description as a sentence: "Four CCGs merged into X
 * on 1 April 2020." (or "It was ..." when CHAINED), with the names, or
 * with counts when the names make it longer than MAX_WORDS; then, for a
 * side that was counted, "The four CCGs were A, B, C and D." KNOWN: the
 * from side was named so in the sentence before ("These four CCGs
 * merged ..."). Returns 1 when the to side was named so. */
static int put_clause(ov_buf *b, const ov_model *m, ov_tr_kind kind, ov_day date,
                      const size_t *fset, size_t nf, const size_t *tset, size_t nt, int chained,
                      int known)
{
    enum { MAX_WORDS = 25 };
    ov_buf c;
    int named = 1;
    for (;;) {
        ov_buf_init(&c);
        if (chained)
            ov_buf_puts(&c, "It");
        else if (known)
            ov_buf_puts(&c, "These ");
        if (!chained && kind == OV_TR_ESTABLISHMENT)
            put_side(&c, m, tset, nt, named);
        else if (!chained)
            put_side(&c, m, fset, nf, named);
        capitalise(&c, 0);
        if (known)
            named = 0;
        put_verb(&c, kind, kind == OV_TR_ESTABLISHMENT ? nt == 1 : nf == 1);
        if (kind != OV_TR_ESTABLISHMENT && kind != OV_TR_ABOLITION)
            put_side(&c, m, tset, nt, named);
        char day[32];
        ov_date_human(date, day);
        ov_buf_printf(&c, " on %s.", day);
        if (!named || ov_count_words(c.data) <= MAX_WORDS)
            break;
        ov_buf_free(&c);
        named = 0;
    }
    if (b->len > 0)
        ov_buf_putc(b, ' ');
    ov_buf_puts(b, c.data ? c.data : "");
    if (c.oom)
        b->oom = 1;
    ov_buf_free(&c);
    /* the names of a counted side, when they fit in a sentence */
    int said = 0;
    for (int side = 0; side < 2; side++) {
        const size_t *v = side == 0 ? fset : tset;
        size_t n = side == 0 ? nf : nt;
        int shown = side == 0 ? !chained && !known && kind != OV_TR_ESTABLISHMENT
                              : kind != OV_TR_ABOLITION;
        if (!shown || n < 2 || (named && n <= 3))
            continue;
        ov_buf_init(&c);
        ov_buf_puts(&c, "The ");
        put_side(&c, m, v, n, 0);
        ov_buf_puts(&c, " were ");
        put_names(&c, m, v, n);
        ov_buf_putc(&c, '.');
        if (c.data && ov_count_words(c.data) <= MAX_WORDS) {
            ov_buf_putc(b, ' ');
            ov_buf_puts(b, c.data);
            said = side == 1;
        }
        if (c.oom)
            b->oom = 1;
        ov_buf_free(&c);
    }
    return said;
}

/* The plain-English summary: a sentence per (date, kind) of the drawn
 * transitions, "It ..." when one goes on from the organisation the one
 * before ended in. */
char *tl_describe_sel(const tl_sel *s)
{
    const ov_model *m = s->m;
    ov_buf b;
    ov_buf_init(&b);
    group_key *keys = malloc((s->ntrs + 1) * sizeof *keys);
    size_t *fset = malloc((m->norgs + 1) * sizeof *fset);
    size_t *tset = malloc((m->norgs + 1) * sizeof *tset);
    unsigned char *in_f = calloc(m->norgs + 1, 1);
    unsigned char *in_t = calloc(m->norgs + 1, 1);
    size_t *prev = malloc((m->norgs + 1) * sizeof *prev);
    unsigned char *in_prev = calloc(m->norgs + 1, 1);
    size_t nprev = 0;
    if (!keys || !fset || !tset || !in_f || !in_t || !prev || !in_prev) {
        b.oom = 1;
        goto done;
    }
    for (size_t i = 0; i < s->ntrs; i++)
        keys[i] = (group_key){m->trans[s->trs[i].tr].date, (int)m->trans[s->trs[i].tr].kind, i};
    qsort(keys, s->ntrs, sizeof *keys, cmp_group_key);
    size_t prev_single = NONE; /* the one "to" organisation of the sentence before */
    size_t clauses = 0;
    size_t i = 0;
    while (i < s->ntrs) {
        size_t j = i;
        size_t nf = 0;
        size_t nt = 0;
        while (j < s->ntrs && keys[j].date == keys[i].date && keys[j].kind == keys[i].kind) {
            const tl_tr *x = &s->trs[keys[j].pos];
            add_orgs(s, x->from, x->nfrom, fset, &nf, in_f);
            add_orgs(s, x->to, x->nto, tset, &nt, in_t);
            j++;
        }
        for (size_t k = 0; k < nf; k++)
            in_f[fset[k]] = 0;
        for (size_t k = 0; k < nt; k++)
            in_t[tset[k]] = 0;
        if (clauses == 12) {
            ov_buf_printf(&b, " Later changes (%zu) are in the key.", s->ntrs - i);
            break;
        }
        ov_tr_kind kind = (ov_tr_kind)keys[i].kind;
        int chained = nf == 1 && prev_single != NONE && fset[0] == prev_single &&
                      kind != OV_TR_ESTABLISHMENT;
        int known = nf > 1 && nf == nprev && kind != OV_TR_ESTABLISHMENT;
        for (size_t k = 0; k < nf && known; k++)
            known = in_prev[fset[k]];
        for (size_t k = 0; k < nprev; k++)
            in_prev[prev[k]] = 0;
        int names = put_clause(&b, m, kind, keys[i].date, fset, nf, tset, nt, chained, known);
        prev_single = nt == 1 && kind != OV_TR_ABOLITION ? tset[0] : NONE;
        /* the to side, named in a sentence of its own, may start the next */
        nprev = names ? nt : 0;
        for (size_t k = 0; k < nprev; k++) {
            prev[k] = tset[k];
            in_prev[tset[k]] = 1;
        }
        clauses++;
        i = j;
    }
    char a[32];
    char z[32];
    ov_date_human(s->from, a);
    ov_date_human(s->to, z);
    ov_buf_printf(&b, "%sThe timeline shows %zu organisation%s from %s to %s, to scale.",
                  b.len > 0 ? " " : "", s->nbars, s->nbars == 1 ? "" : "s", a, z);
done:
    free(keys);
    free(fset);
    free(tset);
    free(in_f);
    free(in_t);
    free(prev);
    free(in_prev);
    return ov_buf_take(&b);
}

/* The organisations of drawn transition X: its from side, then its to
 * side (x->nfrom + x->nto of them), in a new array (free with free());
 * NULL when out of memory. */
static size_t *tr_orgs(const tl_sel *s, const tl_tr *x)
{
    size_t *orgs = malloc((x->nfrom + x->nto + 1) * sizeof *orgs);
    if (!orgs)
        return NULL;
    for (size_t i = 0; i < x->nfrom; i++)
        orgs[i] = s->bars[x->from[i]].org;
    for (size_t i = 0; i < x->nto; i++)
        orgs[x->nfrom + i] = s->bars[x->to[i]].org;
    return orgs;
}

/* The words of one transition for the key: its label, or a clause. */
void tl_put_transition_words(ov_buf *b, const tl_sel *s, const tl_tr *x)
{
    const ov_transition *tr = &s->m->trans[x->tr];
    if (tr->label && !ov_is_blank(tr->label)) {
        ov_buf_puts(b, tr->label);
        return;
    }
    size_t *orgs = tr_orgs(s, x);
    if (!orgs) {
        b->oom = 1;
        return;
    }
    size_t at = b->len;
    if (tr->kind == OV_TR_ESTABLISHMENT) {
        put_orgs(b, s->m, orgs + x->nfrom, x->nto);
        put_verb(b, tr->kind, -1);
    } else {
        put_orgs(b, s->m, orgs, x->nfrom);
        put_verb(b, tr->kind, -1);
        if (tr->kind != OV_TR_ABOLITION)
            put_orgs(b, s->m, orgs + x->nfrom, x->nto);
    }
    capitalise(b, at);
    free(orgs);
}

void tl_bar_tooltip(ov_buf *b, const ov_model *m, const ov_org *o)
{
    char a[32];
    char z[32];
    ov_buf_puts(b, ov_org_display_name(o, 0));
    if (o->short_name && !ov_is_blank(o->short_name) && o->name &&
        strcmp(o->short_name, o->name) != 0)
        ov_buf_printf(b, " (%s)", o->short_name);
    ov_buf_printf(b, "\n%s", ov_org_type_label(m, o));
    const char *ods = ov_org_code(o, "ods");
    if (ods)
        ov_buf_printf(b, ", ODS code %s", ods);
    ov_buf_putc(b, '\n');
    if (o->start != OV_DAY_NONE)
        ov_date_human(o->start, a);
    if (o->end != OV_DAY_NONE)
        ov_date_human(o->end, z);
    if (o->start != OV_DAY_NONE && o->end != OV_DAY_NONE)
        ov_buf_printf(b, "%s to %s", a, z);
    else if (o->start != OV_DAY_NONE)
        ov_buf_printf(b, "from %s (no end date)", a);
    else if (o->end != OV_DAY_NONE)
        ov_buf_printf(b, "start date not known; until %s", z);
    else
        ov_buf_puts(b, "start and end dates not known");
}

void tl_tr_tooltip(ov_buf *b, const tl_sel *s, const tl_tr *x)
{
    const ov_transition *tr = &s->m->trans[x->tr];
    const char *kind = ov_tr_kind_name(tr->kind);
    char date[32];
    ov_date_human(tr->date, date);
    ov_buf_putc(b, (char)(kind[0] - 'a' + 'A'));
    ov_buf_printf(b, "%s on %s", kind + 1, date);
    size_t *orgs = tr_orgs(s, x);
    if (!orgs) {
        b->oom = 1;
        return;
    }
    if (x->nfrom > 0) {
        ov_buf_puts(b, "\nfrom: ");
        put_names(b, s->m, orgs, x->nfrom);
    }
    if (x->nto > 0) {
        ov_buf_puts(b, "\nto: ");
        put_names(b, s->m, orgs + x->nfrom, x->nto);
    }
    free(orgs);
    if (tr->label && !ov_is_blank(tr->label))
        ov_buf_printf(b, "\n%s", tr->label);
}

/* ---- the text version --------------------------------------------------- */

ov_status tl_text_sel(const tl_sel *s, const char *title, char **out, size_t *len,
                      ov_diags *d)
{
    size_t *trs = malloc((s->ntrs ? s->ntrs : 1) * sizeof *trs);
    if (!trs)
        return tl_oom(d);
    for (size_t k = 0; k < s->ntrs; k++)
        trs[k] = s->trs[k].tr;
    *out = ov_timeline_text_list(s->m, trs, s->ntrs, s->from, s->to, title);
    free(trs);
    if (!*out)
        return tl_oom(d);
    *len = strlen(*out);
    return OV_OK;
}
