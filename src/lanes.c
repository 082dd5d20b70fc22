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
    size_t head; /* first bar */
    size_t tail; /* last bar */
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

/* Step 1: pairs bars into chains; fills NEXT and PREV. */
static int make_chains(const ov_lane_bar *bars, const ov_lane_trans *trans, size_t ntrans,
                       size_t *next, size_t *prev)
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
    if (!fo || !to) {
        free(fo);
        free(to);
        return -1;
    }
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
            if (bars[a].group == bars[b].group && bars[b].start >= bars[a].end) {
                next[a] = b;
                prev[b] = a;
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

int ov_lanes_assign(const ov_lane_bar *bars, size_t n, const ov_lane_trans *trans,
                    size_t ntrans, const ov_lane_params *params, size_t *lane, size_t *nlanes)
{
    int rc = -1;
    size_t *next = NULL;
    size_t *prev = NULL;
    size_t *chain_of = NULL;
    chain *chains = NULL;
    size_t *inc_start = NULL;
    incidence *inc = NULL;
    size_t *adj_start = NULL;
    size_t *adj = NULL;
    size_t *fill = NULL;
    size_t *lnext = NULL;
    size_t *lprev = NULL;
    unsigned char *seen = NULL;
    size_t *stack = NULL;
    candidate *cand = NULL;
    rootkey *roots = NULL;
    size_t *order = NULL;
    size_t *pos = NULL;
    size_t *best = NULL;
    sortkey *keys = NULL;
    size_t *lane_of_chain = NULL;
    size_t *cur = NULL;
    size_t nchains = 0;
    size_t ninc = 0;

    *nlanes = 0;
    if (n == 0)
        return 0;
    ov_day gap = params && params->gap > 0 ? params->gap : 0;
    int sweeps = params && params->sweeps > 0 ? params->sweeps : 12;

    next = malloc(n * sizeof *next);
    prev = malloc(n * sizeof *prev);
    chain_of = malloc(n * sizeof *chain_of);
    if (!next || !prev || !chain_of)
        goto fail;
    for (size_t i = 0; i < n; i++) {
        next[i] = NONE;
        prev[i] = NONE;
    }
    if (make_chains(bars, trans, ntrans, next, prev) != 0)
        goto fail;

    /* chains, numbered in the order of their first bar */
    for (size_t i = 0; i < n; i++) {
        if (prev[i] == NONE)
            nchains++;
    }
    chains = malloc(nchains * sizeof *chains);
    if (!chains)
        goto fail;
    nchains = 0;
    for (size_t i = 0; i < n; i++) {
        if (prev[i] != NONE)
            continue;
        chain *c = &chains[nchains];
        c->head = i;
        c->start = bars[i].start;
        c->group = bars[i].group;
        size_t b = i;
        for (;;) {
            chain_of[b] = nchains;
            if (next[b] == NONE)
                break;
            b = next[b];
        }
        c->tail = b;
        c->end = bars[b].end;
        nchains++;
    }

    /* bar -> transition incidences (CSR) */
    inc_start = calloc(n + 1, sizeof *inc_start);
    if (!inc_start)
        goto fail;
    for (size_t t = 0; t < ntrans; t++) {
        for (size_t k = 0; k < trans[t].nfrom; k++)
            inc_start[trans[t].from[k] + 1]++;
        for (size_t k = 0; k < trans[t].nto; k++)
            inc_start[trans[t].to[k] + 1]++;
    }
    for (size_t i = 0; i < n; i++)
        inc_start[i + 1] += inc_start[i];
    ninc = inc_start[n];
    inc = malloc((ninc ? ninc : 1) * sizeof *inc);
    fill = calloc(n + 1, sizeof *fill);
    if (!inc || !fill)
        goto fail;
    for (size_t t = 0; t < ntrans; t++) {
        for (size_t k = 0; k < trans[t].nfrom; k++) {
            size_t b = trans[t].from[k];
            inc[inc_start[b] + fill[b]++] = (incidence){t, 0, k};
        }
        for (size_t k = 0; k < trans[t].nto; k++) {
            size_t b = trans[t].to[k];
            inc[inc_start[b] + fill[b]++] = (incidence){t, 1, k};
        }
    }

    /* chain adjacency with multiplicity: one entry per linked pair of bars
     * in different chains, in both directions (CSR) */
    adj_start = calloc(nchains + 1, sizeof *adj_start);
    if (!adj_start)
        goto fail;
    for (size_t t = 0; t < ntrans; t++) {
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
    adj = malloc((adj_start[nchains] ? adj_start[nchains] : 1) * sizeof *adj);
    if (!adj)
        goto fail;
    memset(fill, 0, nchains * sizeof *fill);
    for (size_t t = 0; t < ntrans; t++) {
        for (size_t k = 0; k < npairs(&trans[t]); k++) {
            size_t a;
            size_t b;
            pair_at(&trans[t], k, &a, &b);
            size_t ca = chain_of[a];
            size_t cb = chain_of[b];
            if (ca == cb)
                continue;
            adj[adj_start[ca] + fill[ca]++] = cb;
            adj[adj_start[cb] + fill[cb]++] = ca;
        }
    }

    /* step 2: depth-first insertion into a doubly linked order */
    lnext = malloc(nchains * sizeof *lnext);
    lprev = malloc(nchains * sizeof *lprev);
    seen = calloc(nchains, 1);
    stack = malloc(nchains * sizeof *stack);
    roots = malloc(nchains * sizeof *roots);
    cand = malloc((adj_start[nchains] ? adj_start[nchains] : 1) * sizeof *cand);
    if (!lnext || !lprev || !seen || !stack || !roots || !cand)
        goto fail;
    for (size_t c = 0; c < nchains; c++) {
        roots[c] = (rootkey){chains[c].group, chains[c].start, chains[c].head, c};
        lnext[c] = NONE;
        lprev[c] = NONE;
    }
    qsort(roots, nchains, sizeof *roots, cmp_rootkey);
    size_t lhead = NONE;
    size_t ltail = NONE;
    size_t seq = 0;
    for (size_t r = 0; r < nchains; r++) {
        size_t root = roots[r].chain;
        if (seen[root])
            continue;
        seen[root] = 1;
        lprev[root] = ltail;
        if (ltail != NONE)
            lnext[ltail] = root;
        else
            lhead = root;
        ltail = root;
        size_t sp = 0;
        stack[sp++] = root;
        while (sp > 0) {
            size_t p = stack[--sp];
            size_t nc = 0;
            for (size_t b = chains[p].head;; b = next[b]) {
                for (size_t k = inc_start[b]; k < inc_start[b + 1]; k++) {
                    const incidence *in = &inc[k];
                    const ov_lane_trans *tr = &trans[in->trans];
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
                        size_t q = chain_of[other[o]];
                        if (seen[q])
                            continue;
                        seen[q] = 1;
                        double rel = ((double)o + 0.5) / (double)other_n;
                        double dist = rel > own ? rel - own : own - rel;
                        cand[nc++] = (candidate){q, rel >= own, dist, seq++};
                    }
                }
                if (b == chains[p].tail)
                    break;
            }
            qsort(cand, nc, sizeof *cand, cmp_candidate);
            size_t above = p;
            size_t below = p;
            for (size_t k = 0; k < nc; k++) {
                size_t q = cand[k].chain;
                if (cand[k].below) {
                    lprev[q] = below;
                    lnext[q] = lnext[below];
                    if (lnext[below] != NONE)
                        lprev[lnext[below]] = q;
                    else
                        ltail = q;
                    lnext[below] = q;
                    below = q;
                } else {
                    lnext[q] = above;
                    lprev[q] = lprev[above];
                    if (lprev[above] != NONE)
                        lnext[lprev[above]] = q;
                    else
                        lhead = q;
                    lprev[above] = q;
                    above = q;
                }
            }
            /* visit the nearest first: push in reverse */
            for (size_t k = nc; k > 0; k--)
                stack[sp++] = cand[k - 1].chain;
        }
    }

    /* positions from the linked order, then group first */
    order = malloc(nchains * sizeof *order);
    pos = malloc(nchains * sizeof *pos);
    best = malloc(nchains * sizeof *best);
    keys = malloc(nchains * sizeof *keys);
    if (!order || !pos || !best || !keys)
        goto fail;
    {
        size_t k = 0;
        for (size_t c = lhead; c != NONE; c = lnext[c])
            keys[k++] = (sortkey){chains[c].group, (double)k, k, c};
        qsort(keys, nchains, sizeof *keys, cmp_sortkey);
        for (k = 0; k < nchains; k++)
            pos[keys[k].chain] = k;
    }

    /* step 3: barycentre sweeps, keeping the cheapest order */
    double best_cost = order_cost(adj_start, adj, nchains, pos);
    memcpy(best, pos, nchains * sizeof *best);
    int worse = 0;
    for (int s = 0; s < sweeps && best_cost > 0; s++) {
        for (size_t c = 0; c < nchains; c++) {
            double sum = (double)pos[c];
            for (size_t k = adj_start[c]; k < adj_start[c + 1]; k++)
                sum += (double)pos[adj[k]];
            double deg = (double)(adj_start[c + 1] - adj_start[c]);
            keys[c] = (sortkey){chains[c].group, sum / (1.0 + deg), pos[c], c};
        }
        qsort(keys, nchains, sizeof *keys, cmp_sortkey);
        for (size_t k = 0; k < nchains; k++)
            pos[keys[k].chain] = k;
        double cost = order_cost(adj_start, adj, nchains, pos);
        if (cost < best_cost) {
            best_cost = cost;
            memcpy(best, pos, nchains * sizeof *best);
            worse = 0;
        } else if (++worse >= 2) {
            break;
        }
    }
    for (size_t c = 0; c < nchains; c++)
        order[best[c]] = c;

    /* step 4: packing into lanes, keeping the order; the chains of the
     * current lane are kept sorted by start, so a new one need only be
     * checked against its two neighbours */
    lane_of_chain = malloc(nchains * sizeof *lane_of_chain);
    cur = malloc(nchains * sizeof *cur);
    if (!lane_of_chain || !cur)
        goto fail;
    size_t nl = 0;
    size_t ncur = 0;
    for (size_t k = 0; k < nchains; k++) {
        size_t c = order[k];
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
        lane_of_chain[c] = nl - 1;
    }
    for (size_t i = 0; i < n; i++)
        lane[i] = lane_of_chain[chain_of[i]];
    *nlanes = nl;
    rc = 0;

fail:
    free(next);
    free(prev);
    free(chain_of);
    free(chains);
    free(inc_start);
    free(inc);
    free(adj_start);
    free(adj);
    free(fill);
    free(lnext);
    free(lprev);
    free(seen);
    free(stack);
    free(cand);
    free(roots);
    free(order);
    free(pos);
    free(best);
    free(keys);
    free(lane_of_chain);
    free(cur);
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
