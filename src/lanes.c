/* Lane assignment for timelines.
 *
 * Input: bars (a day interval [start, end) and a group each) and the
 * transitions between them (every "from" bar linked to every "to" bar).
 * Output: a lane per bar such that bars in one lane never overlap, a
 * successor carries on in its predecessor's lane or next to it, and the
 * connectors of transitions cross as few lanes as possible.
 *
 * 1. Chains. A chain is a run of bars drawn end to end in one lane. Going
 *    through the transitions in date order, a "to" bar continues a "from"
 *    bar when both are in the same group, the "to" bar starts no earlier
 *    than the "from" bar ends, and neither is already paired. Candidates
 *    are taken from the middle of each list outwards, so a succession
 *    stays in its lane, a merger's target continues its middle source and
 *    a split's middle target continues the source (the others go around it,
 *    step 2). Every bar is in exactly one chain. O(n + links).
 * 2. Order. Chains are ordered top to bottom by a depth-first walk over the
 *    chain graph (an edge per linked pair of bars in different chains),
 *    starting from the earliest chain of each group: each chain reached is
 *    inserted right next to the chain it was reached from, above it when it
 *    comes earlier in the transition's list than the member of that chain
 *    (by relative position in its list), below otherwise, nearest first.
 *    So split targets sit around their source and merger sources around
 *    their target, in the order the data lists them. O(n + links log).
 * 3. Barycentre sweeps. Each chain's position becomes the mean of its own
 *    and its neighbours' positions; chains are re-sorted by (group, that
 *    mean, old position). The order with the lowest cost, the sum over
 *    linked pairs of the distance between their chains (which counts the
 *    lanes each connector has to cross), is kept; sweeps stop after two
 *    without improvement (at most params->sweeps). O(sweeps * (n log n +
 *    links)).
 * 4. Packing. Going down the final order, a chain joins the last lane when
 *    it is in the same group and lies at least params->gap days away from
 *    every chain already there; otherwise it opens a new lane. This keeps
 *    the order (so no new crossings) while using fewer lanes. The last
 *    lane's chains are kept sorted by start: O(log k) to test a chain.
 * A transition with more than STAR_PAIRS pairs is linked as a star (n + m
 * links through its middle bars) in steps 2 and 3.
 * Weak links (hierarchical relationships between drawn organisations) take
 * part in steps 2 and 3 only, so that a sub-body sits near its parent.
 * Groups (--types) are kept apart: chains never span two groups and every
 * sort puts the group first.
 */
#include "lanes.h"

#include <stdlib.h>
#include <string.h>

#define NONE ((size_t)-1)

/* A transition with more pairs than this links its bars through a star
 * (every "from" bar to the middle "to" bar and the middle "from" bar to
 * every "to" bar): n + m links instead of n * m, so that a small hostile
 * file cannot ask for gigabytes. */
#define STAR_PAIRS 4096

typedef struct {
    size_t head; /* first bar (the last is where next[] runs out) */
    ov_day start;
    ov_day end;
    size_t group;
} chain;

/* Incidence of a bar in a transition: which side, which position. */
typedef struct {
    size_t trans;
    int to_side; /* 0: in "from", 1: in "to" */
    size_t pos;
} incidence;

typedef struct {
    size_t chain;
    int below; /* 0: above, 1: below */
    double dist;
    size_t seq; /* discovery sequence, for a total order */
} candidate;

typedef struct {
    size_t group;
    double key;
    size_t old;
    size_t chain;
} sortkey;

typedef struct {
    size_t group;
    ov_day start;
    size_t head;
    size_t chain;
} rootkey;

static int cmp_candidate(const void *pa, const void *pb)
{
    const candidate *a = pa;
    const candidate *b = pb;
    if (a->below != b->below)
        return a->below - b->below;
    if (a->dist != b->dist)
        return a->dist < b->dist ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int cmp_sortkey(const void *pa, const void *pb)
{
    const sortkey *a = pa;
    const sortkey *b = pb;
    if (a->group != b->group)
        return a->group < b->group ? -1 : 1;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return a->old < b->old ? -1 : a->old > b->old;
}

static int cmp_rootkey(const void *pa, const void *pb)
{
    const rootkey *a = pa;
    const rootkey *b = pb;
    if (a->group != b->group)
        return a->group < b->group ? -1 : 1;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    return a->head < b->head ? -1 : a->head > b->head;
}

/* Indices 0..n-1 from the middle outwards: n / 2, then one below, one
 * above, and so on (for four: 2, 1, 3, 0). */
static void middle_out(size_t n, size_t *out)
{
    size_t mid = n / 2;
    size_t k = 0;
    out[k++] = mid;
    for (size_t d = 1; k < n; d++) {
        if (d <= mid)
            out[k++] = mid - d;
        if (k < n && mid + d < n)
            out[k++] = mid + d;
    }
}

/* The representative of X's set in the union-find forest UF (with path
 * halving): two bars are in one chain when they have the same one. */
static size_t uf_find(size_t *uf, size_t x)
{
    while (uf[x] != x) {
        uf[x] = uf[uf[x]];
        x = uf[x];
    }
    return x;
}

/* Step 1: pairs bars into chains; fills NEXT and PREV. A link that would
 * close a circle (empty bars, start == end, linked both ways) is not made:
 * every chain has a head. */
static int make_chains(const ov_lane_bar *bars, size_t n, const ov_lane_trans *trans,
                       size_t ntrans, size_t *next, size_t *prev)
{
    size_t maxside = 0;
    for (size_t t = 0; t < ntrans; t++) {
        if (trans[t].nfrom > maxside)
            maxside = trans[t].nfrom;
        if (trans[t].nto > maxside)
            maxside = trans[t].nto;
    }
    if (maxside == 0)
        return 0;
    size_t *fo = malloc(maxside * sizeof *fo);
    size_t *to = malloc(maxside * sizeof *to);
    size_t *uf = malloc((n ? n : 1) * sizeof *uf);
    if (!fo || !to || !uf) {
        free(fo);
        free(to);
        free(uf);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        uf[i] = i;
    for (size_t t = 0; t < ntrans; t++) {
        const ov_lane_trans *tr = &trans[t];
        if (tr->nfrom == 0 || tr->nto == 0 || tr->weak)
            continue;
        middle_out(tr->nfrom, fo);
        middle_out(tr->nto, to);
        /* walk both lists from the middle out, pairing the k-th eligible
         * bar of one side with the k-th eligible of the other */
        size_t i = 0;
        size_t j = 0;
        while (i < tr->nfrom && j < tr->nto) {
            size_t a = tr->from[fo[i]];
            size_t b = tr->to[to[j]];
            if (next[a] != NONE) {
                i++;
                continue;
            }
            if (prev[b] != NONE) {
                j++;
                continue;
            }
            if (bars[a].group == bars[b].group && bars[b].start >= bars[a].end &&
                uf_find(uf, a) != uf_find(uf, b)) {
                next[a] = b;
                prev[b] = a;
                uf[uf_find(uf, b)] = uf_find(uf, a);
                i++;
                j++;
            } else if (tr->nfrom >= tr->nto) {
                i++;
            } else {
                j++;
            }
        }
    }
    free(fo);
    free(to);
    free(uf);
    return 0;
}

static int is_star(const ov_lane_trans *tr)
{
    return tr->nfrom > 0 && tr->nto > STAR_PAIRS / tr->nfrom;
}

/* The K-th linked pair of TR (0 <= K < npairs(TR)) as bar indices. */
static size_t npairs(const ov_lane_trans *tr)
{
    return is_star(tr) ? tr->nfrom + tr->nto : tr->nfrom * tr->nto;
}

static void pair_at(const ov_lane_trans *tr, size_t k, size_t *a, size_t *b)
{
    if (!is_star(tr)) {
        *a = tr->from[k / tr->nto];
        *b = tr->to[k % tr->nto];
    } else if (k < tr->nfrom) {
        *a = tr->from[k];
        *b = tr->to[tr->nto / 2];
    } else {
        *a = tr->from[tr->nfrom / 2];
        *b = tr->to[k - tr->nfrom];
    }
}

/* Sum over linked pairs of |pos(chain a) - pos(chain b)|. */
static double order_cost(const size_t *adj_start, const size_t *adj, size_t nchains,
                         const size_t *pos)
{
    double cost = 0;
    for (size_t c = 0; c < nchains; c++) {
        for (size_t k = adj_start[c]; k < adj_start[c + 1]; k++) {
            size_t q = adj[k];
            if (q > c)
                cost += pos[q] > pos[c] ? (double)(pos[q] - pos[c]) : (double)(pos[c] - pos[q]);
        }
    }
    return cost;
}

/* The state of one ov_lanes_assign call: its inputs and every array the
 * phases below build (each owned, freed by work_free). */
typedef struct {
    const ov_lane_bar *bars;
    size_t n;
    const ov_lane_trans *trans;
    size_t ntrans;
    size_t *next; /* per bar: the bar after it in its chain, or NONE */
    size_t *prev;
    size_t *chain_of; /* per bar */
    chain *chains;
    size_t nchains;
    size_t *inc_start; /* bar -> transition incidences (CSR) */
    incidence *inc;
    size_t *fill;
    size_t *adj_start; /* chain adjacency (CSR) */
    size_t *adj;
    size_t *lnext; /* the doubly linked order of step 2 */
    size_t *lprev;
    size_t lhead;
    size_t ltail;
    unsigned char *seen;
    size_t *stack;
    candidate *cand;
    rootkey *roots;
    size_t *order; /* chains top to bottom */
    size_t *pos;   /* per chain: its place in the order */
    size_t *best;
    sortkey *keys;
    size_t *lane_of_chain;
    size_t *cur;
} lane_work;

static void work_free(lane_work *w)
{
    free(w->next);
    free(w->prev);
    free(w->chain_of);
    free(w->chains);
    free(w->inc_start);
    free(w->inc);
    free(w->adj_start);
    free(w->adj);
    free(w->fill);
    free(w->lnext);
    free(w->lprev);
    free(w->seen);
    free(w->stack);
    free(w->cand);
    free(w->roots);
    free(w->order);
    free(w->pos);
    free(w->best);
    free(w->keys);
    free(w->lane_of_chain);
    free(w->cur);
}

/* Step 1: bars into chains, numbered in the order of their first bar. */
static int build_chains(lane_work *w)
{
    const ov_lane_bar *bars = w->bars;
    size_t n = w->n;
    w->next = malloc(n * sizeof *w->next);
    w->prev = malloc(n * sizeof *w->prev);
    w->chain_of = malloc(n * sizeof *w->chain_of);
    if (!w->next || !w->prev || !w->chain_of)
        return -1;
    for (size_t i = 0; i < n; i++) {
        w->next[i] = NONE;
        w->prev[i] = NONE;
    }
    if (make_chains(bars, n, w->trans, w->ntrans, w->next, w->prev) != 0)
        return -1;
    size_t nchains = 0;
    for (size_t i = 0; i < n; i++) {
        if (w->prev[i] == NONE)
            nchains++;
    }
    /* every chain has a head (make_chains never closes a circle), so
     * nchains > 0 whenever n > 0 */
    w->chains = malloc((nchains ? nchains : 1) * sizeof *w->chains);
    if (!w->chains)
        return -1;
    nchains = 0;
    for (size_t i = 0; i < n; i++) {
        if (w->prev[i] != NONE)
            continue;
        chain *c = &w->chains[nchains];
        c->head = i;
        c->start = bars[i].start;
        c->group = bars[i].group;
        size_t b = i;
        for (;;) {
            w->chain_of[b] = nchains;
            if (w->next[b] == NONE)
                break;
            b = w->next[b];
        }
        c->end = bars[b].end;
        nchains++;
    }
    w->nchains = nchains;
    return 0;
}

/* Bar -> transition incidences (CSR). */
static int build_incidences(lane_work *w)
{
    const ov_lane_trans *trans = w->trans;
    size_t n = w->n;
    w->inc_start = calloc(n + 1, sizeof *w->inc_start);
    if (!w->inc_start)
        return -1;
    size_t *inc_start = w->inc_start;
    for (size_t t = 0; t < w->ntrans; t++) {
        for (size_t k = 0; k < trans[t].nfrom; k++)
            inc_start[trans[t].from[k] + 1]++;
        for (size_t k = 0; k < trans[t].nto; k++)
            inc_start[trans[t].to[k] + 1]++;
    }
    for (size_t i = 0; i < n; i++)
        inc_start[i + 1] += inc_start[i];
    size_t ninc = inc_start[n];
    w->inc = malloc((ninc ? ninc : 1) * sizeof *w->inc);
    w->fill = calloc(n + 1, sizeof *w->fill);
    if (!w->inc || !w->fill)
        return -1;
    for (size_t t = 0; t < w->ntrans; t++) {
        for (size_t k = 0; k < trans[t].nfrom; k++) {
            size_t b = trans[t].from[k];
            w->inc[inc_start[b] + w->fill[b]++] = (incidence){t, 0, k};
        }
        for (size_t k = 0; k < trans[t].nto; k++) {
            size_t b = trans[t].to[k];
            w->inc[inc_start[b] + w->fill[b]++] = (incidence){t, 1, k};
        }
    }
    return 0;
}

/* Chain adjacency with multiplicity: one entry per linked pair of bars in
 * different chains, in both directions (CSR). */
static int build_adjacency(lane_work *w)
{
    const ov_lane_trans *trans = w->trans;
    const size_t *chain_of = w->chain_of;
    size_t nchains = w->nchains;
    w->adj_start = calloc(nchains + 1, sizeof *w->adj_start);
    if (!w->adj_start)
        return -1;
    size_t *adj_start = w->adj_start;
    for (size_t t = 0; t < w->ntrans; t++) {
        for (size_t k = 0; k < npairs(&trans[t]); k++) {
            size_t a;
            size_t b;
            pair_at(&trans[t], k, &a, &b);
            if (chain_of[a] == chain_of[b])
                continue;
            adj_start[chain_of[a] + 1]++;
            adj_start[chain_of[b] + 1]++;
        }
    }
    for (size_t c = 0; c < nchains; c++)
        adj_start[c + 1] += adj_start[c];
    w->adj = malloc((adj_start[nchains] ? adj_start[nchains] : 1) * sizeof *w->adj);
    if (!w->adj)
        return -1;
    size_t *fill = w->fill;
    memset(fill, 0, nchains * sizeof *fill);
    for (size_t t = 0; t < w->ntrans; t++) {
        for (size_t k = 0; k < npairs(&trans[t]); k++) {
            size_t a;
            size_t b;
            pair_at(&trans[t], k, &a, &b);
            size_t ca = chain_of[a];
            size_t cb = chain_of[b];
            if (ca == cb)
                continue;
            w->adj[adj_start[ca] + fill[ca]++] = cb;
            w->adj[adj_start[cb] + fill[cb]++] = ca;
        }
    }
    return 0;
}

/* Step 2, for chain P: the chains not yet seen that are linked to one of
 * its bars, into w->cand (marked seen); returns how many. */
static size_t collect_candidates(lane_work *w, size_t p, size_t *seq)
{
    size_t nc = 0;
    for (size_t b = w->chains[p].head; b != NONE; b = w->next[b]) {
        for (size_t k = w->inc_start[b]; k < w->inc_start[b + 1]; k++) {
            const incidence *in = &w->inc[k];
            const ov_lane_trans *tr = &w->trans[in->trans];
            size_t own_n = in->to_side ? tr->nto : tr->nfrom;
            double own = ((double)in->pos + 0.5) / (double)own_n;
            const size_t *other = in->to_side ? tr->from : tr->to;
            size_t other_n = in->to_side ? tr->nfrom : tr->nto;
            size_t o_first = 0;
            size_t o_end = other_n;
            if (is_star(tr) && in->pos != own_n / 2) {
                o_first = other_n / 2;
                o_end = o_first + 1;
            }
            for (size_t o = o_first; o < o_end; o++) {
                size_t q = w->chain_of[other[o]];
                if (w->seen[q])
                    continue;
                w->seen[q] = 1;
                double rel = ((double)o + 0.5) / (double)other_n;
                double dist = rel > own ? rel - own : own - rel;
                w->cand[nc++] = (candidate){q, rel >= own, dist, (*seq)++};
            }
        }
    }
    return nc;
}

/* Links chain Q into the order on one side of chain AT: FWD and BACK are
 * the links going that way and back, *END the order's end on that side
 * (below: lnext, lprev, ltail; above: lprev, lnext, lhead). */
static void link_beside(size_t *fwd, size_t *back, size_t *end, size_t at, size_t q)
{
    back[q] = at;
    fwd[q] = fwd[at];
    if (fwd[at] != NONE)
        back[fwd[at]] = q;
    else
        *end = q;
    fwd[at] = q;
}

/* Step 2, for chain P: inserts the NC sorted candidates next to it in the
 * linked order, above or below, nearest first. */
static void insert_candidates(lane_work *w, size_t p, size_t nc)
{
    size_t above = p;
    size_t below = p;
    for (size_t k = 0; k < nc; k++) {
        size_t q = w->cand[k].chain;
        if (w->cand[k].below) {
            link_beside(w->lnext, w->lprev, &w->ltail, below, q);
            below = q;
        } else {
            link_beside(w->lprev, w->lnext, &w->lhead, above, q);
            above = q;
        }
    }
}

/* Step 2: depth-first insertion into a doubly linked order. */
static int order_depth_first(lane_work *w)
{
    size_t nchains = w->nchains;
    size_t nadj = w->adj_start[nchains];
    w->lnext = malloc(nchains * sizeof *w->lnext);
    w->lprev = malloc(nchains * sizeof *w->lprev);
    w->seen = calloc(nchains, 1);
    w->stack = malloc(nchains * sizeof *w->stack);
    w->roots = malloc(nchains * sizeof *w->roots);
    w->cand = malloc((nadj ? nadj : 1) * sizeof *w->cand);
    if (!w->lnext || !w->lprev || !w->seen || !w->stack || !w->roots || !w->cand)
        return -1;
    for (size_t c = 0; c < nchains; c++) {
        w->roots[c] = (rootkey){w->chains[c].group, w->chains[c].start, w->chains[c].head, c};
        w->lnext[c] = NONE;
        w->lprev[c] = NONE;
    }
    qsort(w->roots, nchains, sizeof *w->roots, cmp_rootkey);
    w->lhead = NONE;
    w->ltail = NONE;
    size_t seq = 0;
    for (size_t r = 0; r < nchains; r++) {
        size_t root = w->roots[r].chain;
        if (w->seen[root])
            continue;
        w->seen[root] = 1;
        w->lprev[root] = w->ltail;
        if (w->ltail != NONE)
            w->lnext[w->ltail] = root;
        else
            w->lhead = root;
        w->ltail = root;
        size_t sp = 0;
        w->stack[sp++] = root;
        while (sp > 0) {
            size_t p = w->stack[--sp];
            size_t nc = collect_candidates(w, p, &seq);
            qsort(w->cand, nc, sizeof *w->cand, cmp_candidate);
            insert_candidates(w, p, nc);
            /* visit the nearest first: push in reverse */
            for (size_t k = nc; k > 0; k--)
                w->stack[sp++] = w->cand[k - 1].chain;
        }
    }
    return 0;
}

/* Positions from the linked order, then group first. */
static int initial_positions(lane_work *w)
{
    size_t nchains = w->nchains;
    w->order = malloc(nchains * sizeof *w->order);
    w->pos = malloc(nchains * sizeof *w->pos);
    w->best = malloc(nchains * sizeof *w->best);
    w->keys = malloc(nchains * sizeof *w->keys);
    if (!w->order || !w->pos || !w->best || !w->keys)
        return -1;
    size_t k = 0;
    for (size_t c = w->lhead; c != NONE; c = w->lnext[c]) {
        /* k once read, then stepped (not k++ inside the braces: unsequenced) */
        w->keys[k] = (sortkey){w->chains[c].group, (double)k, k, c};
        k++;
    }
    qsort(w->keys, nchains, sizeof *w->keys, cmp_sortkey);
    for (k = 0; k < nchains; k++)
        w->pos[w->keys[k].chain] = k;
    return 0;
}

/* Step 3: barycentre sweeps, keeping the cheapest order in w->order. */
static void sweep(lane_work *w, int sweeps)
{
    size_t nchains = w->nchains;
    const size_t *adj_start = w->adj_start;
    size_t *pos = w->pos;
    double best_cost = order_cost(adj_start, w->adj, nchains, pos);
    memcpy(w->best, pos, nchains * sizeof *w->best);
    int worse = 0;
    for (int s = 0; s < sweeps && best_cost > 0; s++) {
        for (size_t c = 0; c < nchains; c++) {
            double sum = (double)pos[c];
            for (size_t k = adj_start[c]; k < adj_start[c + 1]; k++)
                sum += (double)pos[w->adj[k]];
            double deg = (double)(adj_start[c + 1] - adj_start[c]);
            w->keys[c] = (sortkey){w->chains[c].group, sum / (1.0 + deg), pos[c], c};
        }
        qsort(w->keys, nchains, sizeof *w->keys, cmp_sortkey);
        for (size_t k = 0; k < nchains; k++)
            pos[w->keys[k].chain] = k;
        double cost = order_cost(adj_start, w->adj, nchains, pos);
        if (cost < best_cost) {
            best_cost = cost;
            memcpy(w->best, pos, nchains * sizeof *w->best);
            worse = 0;
        } else if (++worse >= 2) {
            break;
        }
    }
    for (size_t c = 0; c < nchains; c++)
        w->order[w->best[c]] = c;
}

/* Step 4: packing into lanes, keeping the order; the chains of the
 * current lane are kept sorted by start, so a new one need only be
 * checked against its two neighbours. Writes LANE and returns the number
 * of lanes, or NONE when out of memory. */
static size_t pack(lane_work *w, ov_day gap, size_t *lane)
{
    size_t nchains = w->nchains;
    const chain *chains = w->chains;
    w->lane_of_chain = malloc(nchains * sizeof *w->lane_of_chain);
    w->cur = malloc(nchains * sizeof *w->cur);
    if (!w->lane_of_chain || !w->cur)
        return NONE;
    size_t *cur = w->cur;
    size_t nl = 0;
    size_t ncur = 0;
    for (size_t k = 0; k < nchains; k++) {
        size_t c = w->order[k];
        size_t at = 0;
        int fits = nl > 0 && chains[cur[0]].group == chains[c].group;
        if (fits) {
            size_t lo = 0;
            size_t hi = ncur;
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (chains[cur[mid]].start < chains[c].start)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            at = lo;
            if (at > 0 && chains[c].start < chains[cur[at - 1]].end + gap)
                fits = 0;
            if (at < ncur && chains[cur[at]].start < chains[c].end + gap)
                fits = 0;
        }
        if (!fits) {
            nl++;
            ncur = 0;
            at = 0;
        }
        memmove(cur + at + 1, cur + at, (ncur - at) * sizeof *cur);
        cur[at] = c;
        ncur++;
        w->lane_of_chain[c] = nl - 1;
    }
    for (size_t i = 0; i < w->n; i++)
        lane[i] = w->lane_of_chain[w->chain_of[i]];
    return nl;
}

int ov_lanes_assign(const ov_lane_bar *bars, size_t n, const ov_lane_trans *trans, size_t ntrans,
                    const ov_lane_params *params, size_t *lane, size_t *nlanes)
{
    *nlanes = 0;
    if (n == 0)
        return 0;
    ov_day gap = params && params->gap > 0 ? params->gap : 0;
    int sweeps = params && params->sweeps > 0 ? params->sweeps : 12;
    lane_work w = {.bars = bars, .n = n, .trans = trans, .ntrans = ntrans};
    int rc = -1;
    if (build_chains(&w) != 0 || build_incidences(&w) != 0 || build_adjacency(&w) != 0 ||
        order_depth_first(&w) != 0 || initial_positions(&w) != 0)
        goto done;
    sweep(&w, sweeps);
    size_t nl = pack(&w, gap, lane);
    if (nl == NONE)
        goto done;
    *nlanes = nl;
    rc = 0;
done:
    work_free(&w);
    return rc;
}

size_t ov_lanes_cost(const ov_lane_trans *trans, size_t ntrans, const size_t *lane)
{
    size_t cost = 0;
    for (size_t t = 0; t < ntrans; t++) {
        for (size_t a = 0; a < trans[t].nfrom; a++) {
            for (size_t b = 0; b < trans[t].nto; b++) {
                size_t la = lane[trans[t].from[a]];
                size_t lb = lane[trans[t].to[b]];
                cost += la > lb ? la - lb : lb - la;
            }
        }
    }
    return cost;
}
