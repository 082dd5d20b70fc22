/* Unit tests of the lane assignment (src/lanes.c), without Graphviz.
 * Built a second time with -DLANES_BENCH as `bench-lanes`, which `make
 * bench` runs for the speed figures: the tests assert no time (they also
 * run under valgrind and ASan). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lanes.h"

#include "../harness.h"

/* 1 when bar B continues, in its own lane, a bar linked to it */
static int continues(const ov_lane_bar *bars, const size_t *lane, size_t b,
                     const ov_lane_trans *trans, size_t ntrans)
{
    for (size_t t = 0; t < ntrans; t++) {
        for (size_t o = 0; o < trans[t].nto; o++) {
            if (trans[t].to[o] != b)
                continue;
            for (size_t f = 0; f < trans[t].nfrom; f++) {
                size_t x = trans[t].from[f];
                if (lane[x] == lane[b] && bars[x].end <= bars[b].start)
                    return 1;
            }
        }
    }
    return 0;
}

/* no two bars in one lane overlap; two closer than GAP days are allowed
 * only when the later one continues a bar linked to it */
static int lanes_ok(const ov_lane_bar *bars, size_t n, const size_t *lane, ov_day gap,
                    const ov_lane_trans *trans, size_t ntrans)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 1; j < n; j++) {
            if (lane[i] != lane[j])
                continue;
            const ov_lane_bar *a = &bars[i];
            const ov_lane_bar *b = &bars[j];
            if (a->start >= b->end + gap || b->start >= a->end + gap)
                continue;
            int ok = 0;
            if (b->start >= a->end)
                ok = continues(bars, lane, j, trans, ntrans);
            else if (a->start >= b->end)
                ok = continues(bars, lane, i, trans, ntrans);
            if (!ok) {
                fprintf(stderr, "bars %zu [%d,%d) and %zu [%d,%d) share lane %zu\n", i,
                        (int)a->start, (int)a->end, j, (int)b->start, (int)b->end, lane[i]);
                return 0;
            }
        }
    }
    return 1;
}

static void test_empty(void)
{
    size_t nl = 99;
    CHECK_MSG(ov_lanes_assign(NULL, 0, NULL, 0, NULL, NULL, &nl) == 0, "empty");
    CHECK_MSG(nl == 0, "no lanes, got %zu", nl);
}

static void test_succession(void)
{
    ov_lane_bar bars[] = {{0, 100, 0}, {100, 200, 0}, {200, 300, 0}};
    size_t f0[] = {0}, t0[] = {1}, f1[] = {1}, t1[] = {2};
    ov_lane_trans tr[] = {{f0, 1, t0, 1, 0}, {f1, 1, t1, 1, 0}};
    size_t lane[3];
    size_t nl;
    ov_lane_params p = {10, 0};
    CHECK_MSG(ov_lanes_assign(bars, 3, tr, 2, &p, lane, &nl) == 0, "assign");
    CHECK_MSG(nl == 1, "one lane, got %zu", nl);
    CHECK_MSG(lane[0] == lane[1] && lane[1] == lane[2], "same lane");
}

/* Herefordshire and Worcestershire: two PCTs, four CCGs, one CCG, one ICB
 * and an unrelated establishment */
static void test_hw(void)
{
    enum { PCT_H, PCT_W, F, J, T, D, HW, ICB, SUB, N };
    ov_lane_bar bars[N] = {
        [PCT_H] = {0, 1000, 0}, [PCT_W] = {0, 1000, 0}, [F] = {1000, 3000, 0},
        [J] = {1000, 3000, 0},  [T] = {1000, 3000, 0},  [D] = {1000, 3000, 0},
        [HW] = {3000, 3800, 0}, [ICB] = {3800, 4300, 0}, [SUB] = {3800, 4300, 0},
    };
    size_t f0[] = {PCT_H}, t0[] = {F};
    size_t f1[] = {PCT_W}, t1[] = {J, T, D};
    size_t f2[] = {F, J, T, D}, t2[] = {HW};
    size_t f3[] = {HW}, t3[] = {ICB};
    size_t t4[] = {SUB};
    ov_lane_trans tr[] = {{f0, 1, t0, 1, 0}, {f1, 1, t1, 3, 0}, {f2, 4, t2, 1, 0}, {f3, 1, t3, 1, 0},
                          {NULL, 0, t4, 1, 0}};
    size_t lane[N];
    size_t nl;
    ov_lane_params p = {100, 0};
    CHECK_MSG(ov_lanes_assign(bars, N, tr, 5, &p, lane, &nl) == 0, "assign");
    CHECK_MSG(lanes_ok(bars, N, lane, 100, tr, 5), "no overlap");
    CHECK_MSG(lane[PCT_W] == lane[T] && lane[T] == lane[HW] && lane[HW] == lane[ICB],
          "the spine 5PL-05T-18C-QGH is one lane (%zu %zu %zu %zu)", lane[PCT_W], lane[T],
          lane[HW], lane[ICB]);
    CHECK_MSG(lane[PCT_H] == lane[F], "5CN continues into 05F");
    size_t lo = nl, hi = 0;
    for (size_t k = 0; k < 4; k++) {
        size_t l = lane[f2[k]];
        lo = l < lo ? l : lo;
        hi = l > hi ? l : hi;
    }
    CHECK_MSG(lane[HW] > lo && lane[HW] < hi, "merger target between its sources");
    CHECK_MSG((lane[J] < lane[PCT_W]) != (lane[D] < lane[PCT_W]), "split targets around the source");
    CHECK_MSG(lane[J] < lane[D], "in the order the data lists them");
    CHECK_MSG(nl == 4, "four lanes (the sub-ICB location packed), got %zu", nl);
    CHECK_MSG(ov_lanes_cost(tr, 5, lane) <= 6, "cost %zu", ov_lanes_cost(tr, 5, lane));
}

static void test_split_middle(void)
{
    ov_lane_bar bars[] = {{0, 10, 0}, {10, 20, 0}, {10, 20, 0}, {10, 20, 0}, {10, 20, 0},
                          {10, 20, 0}};
    size_t f[] = {0}, t[] = {1, 2, 3, 4, 5};
    ov_lane_trans tr[] = {{f, 1, t, 5, 0}};
    size_t lane[6];
    size_t nl;
    CHECK_MSG(ov_lanes_assign(bars, 6, tr, 1, NULL, lane, &nl) == 0, "assign");
    CHECK_MSG(nl == 5, "five lanes, got %zu", nl);
    CHECK_MSG(lane[0] == lane[3], "middle target continues the source");
    CHECK_MSG(lane[1] < lane[2] && lane[2] < lane[3] && lane[3] < lane[4] && lane[4] < lane[5],
          "targets in list order: %zu %zu %zu %zu %zu", lane[1], lane[2], lane[3], lane[4],
          lane[5]);
}

static void test_touching_unrelated(void)
{
    /* two unrelated bars that touch must not share a lane; with a gap
     * larger than the parameter they may */
    ov_lane_bar bars[] = {{0, 10, 0}, {10, 20, 0}, {40, 50, 0}};
    size_t lane[3];
    size_t nl;
    ov_lane_params p = {5, 0};
    CHECK_MSG(ov_lanes_assign(bars, 3, NULL, 0, &p, lane, &nl) == 0, "assign");
    CHECK_MSG(lane[0] != lane[1], "touching unrelated bars apart");
    CHECK_MSG(nl == 2, "two lanes, got %zu", nl);
}

static void test_groups(void)
{
    /* group 1 bars first in the input; group 0 must still come first */
    ov_lane_bar bars[] = {{0, 10, 1}, {0, 10, 1}, {0, 10, 0}, {10, 20, 0}, {10, 20, 1}};
    size_t f[] = {0}, t[] = {3}; /* across groups: linked, not chained */
    size_t f2[] = {2}, t2[] = {4};
    ov_lane_trans tr[] = {{f, 1, t, 1, 0}, {f2, 1, t2, 1, 0}};
    size_t lane[5];
    size_t nl;
    CHECK_MSG(ov_lanes_assign(bars, 5, tr, 2, NULL, lane, &nl) == 0, "assign");
    for (size_t i = 0; i < 5; i++) {
        for (size_t j = 0; j < 5; j++) {
            if (bars[i].group < bars[j].group)
                CHECK_MSG(lane[i] < lane[j], "group order: bar %zu lane %zu, bar %zu lane %zu", i,
                      lane[i], j, lane[j]);
        }
    }
    CHECK_MSG(lane[0] != lane[3] && lane[2] != lane[4], "no chain across groups");
}

/* a weak link (relationship) pulls a body next to its parent but never
 * chains them, even when one starts after the other ends */
static void test_weak(void)
{
    ov_lane_bar bars[] = {{0, 100, 0}, {0, 100, 0}, {0, 100, 0}, {0, 100, 0}, {50, 100, 0},
                          {100, 200, 0}};
    size_t f[] = {4}, t[] = {0};  /* 4 part of 0 */
    size_t f2[] = {3}, t2[] = {5}; /* 5 "part of" 3, starting when 3 ends */
    ov_lane_trans tr[] = {{f, 1, t, 1, 1}, {f2, 1, t2, 1, 1}};
    size_t lane[6];
    size_t nl;
    ov_lane_params p = {10, 0};
    CHECK_MSG(ov_lanes_assign(bars, 6, tr, 2, &p, lane, &nl) == 0, "assign");
    size_t d = lane[4] > lane[0] ? lane[4] - lane[0] : lane[0] - lane[4];
    CHECK_MSG(d == 1, "body next to its parent (lanes %zu and %zu)", lane[4], lane[0]);
    CHECK_MSG(lane[5] != lane[3], "a weak link does not continue a lane");
}

static int cmp_lane_start(const void *pa, const void *pb)
{
    const ov_lane_bar *a = pa;
    const ov_lane_bar *b = pb;
    if (a->group != b->group)
        return a->group < b->group ? -1 : 1;
    return (a->start > b->start) - (a->start < b->start);
}

/* empty bars (start == end) linked both ways, and round a circle of
 * three: every bar gets a lane in range, and the lanes hold no overlap
 * (read past the chain arrays before: no chain had a head) */
static void test_circle(void)
{
    ov_lane_bar bars[5] = {{5, 5, 0}, {5, 5, 0}, {7, 7, 0}, {7, 7, 0}, {7, 7, 0}};
    size_t a = 0, b = 1, c = 2, d = 3, e = 4;
    ov_lane_trans tr[5] = {{&a, 1, &b, 1, 0}, {&b, 1, &a, 1, 0}, {&c, 1, &d, 1, 0},
                           {&d, 1, &e, 1, 0}, {&e, 1, &c, 1, 0}};
    size_t lane[5];
    size_t nl = 0;
    CHECK_MSG(ov_lanes_assign(bars, 5, tr, 5, NULL, lane, &nl) == 0, "assign a circle");
    for (size_t i = 0; i < 5; i++)
        CHECK_MSG(lane[i] < nl, "bar %zu: lane %zu of %zu", i, lane[i], nl);
    CHECK_MSG(nl >= 1 && nl <= 5, "%zu lanes", nl);
}

/* Seconds of processor time since T0. */
static double since(clock_t t0)
{
    return (double)(clock() - t0) / CLOCKS_PER_SEC;
}

/* a huge transfer (3000 x 3000) is linked as a star: small, and still
 * without overlaps (checked by sorting each lane); its time goes to make
 * bench */
static double test_star(void)
{
    enum { N = 3000 };
    ov_lane_bar *bars = calloc(2 * N, sizeof *bars);
    ov_lane_bar *byl = calloc(2 * N, sizeof *byl);
    size_t *from = calloc(N, sizeof *from);
    size_t *to = calloc(N, sizeof *to);
    size_t *lane = calloc(2 * N, sizeof *lane);
    for (size_t i = 0; i < N; i++) {
        bars[i] = (ov_lane_bar){(ov_day)(i % 7), 1000, 0};
        bars[N + i] = (ov_lane_bar){1000, 2000 + (ov_day)(i % 5), 0};
        from[i] = i;
        to[i] = N + i;
    }
    ov_lane_trans tr = {from, N, to, N, 0};
    size_t nl;
    clock_t t0 = clock();
    CHECK_MSG(ov_lanes_assign(bars, 2 * N, &tr, 1, NULL, lane, &nl) == 0, "assign");
    double secs = since(t0);
    CHECK_MSG(nl == N, "%d lanes (each old bar continued by a new one), got %zu", N, nl);
    /* group = lane, then sort: neighbours in a lane must not overlap */
    for (size_t i = 0; i < 2 * N; i++)
        byl[i] = (ov_lane_bar){bars[i].start, bars[i].end, lane[i]};
    qsort(byl, 2 * N, sizeof *byl, cmp_lane_start);
    int overlaps = 0;
    for (size_t i = 1; i < 2 * N; i++)
        overlaps += byl[i].group == byl[i - 1].group && byl[i].start < byl[i - 1].end;
    CHECK_MSG(overlaps == 0, "%d overlaps", overlaps);
    free(bars);
    free(byl);
    free(from);
    free(to);
    free(lane);
    return secs;
}

static uint64_t rng = 88172645463325252ULL;
static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % n);
}

/* random lineages: bars split, merge and succeed each other; the result
 * must never overlap and must be deterministic. Returns the seconds the
 * first assignment took (*NLANES, *NTRANS: what it made of). */
static double test_random(size_t n, size_t *nlanes, size_t *ntrans)
{
    ov_lane_bar *bars = calloc(n, sizeof *bars);
    ov_lane_trans *tr = calloc(n, sizeof *tr);
    size_t *ends = calloc(4 * n, sizeof *ends);
    size_t *lane = calloc(n, sizeof *lane);
    size_t *lane2 = calloc(n, sizeof *lane2);
    size_t ntr = 0;
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        ov_day s = (ov_day)rnd(5000);
        bars[i] = (ov_lane_bar){s, s + 1 + (ov_day)rnd(2000), 0};
    }
    /* link random pairs where the later starts when the earlier ends */
    for (size_t i = 0; i + 1 < n && ntr < n; i++) {
        size_t k = 1 + rnd(3);
        size_t j = rnd((uint32_t)n);
        if (j == i)
            continue;
        bars[j].start = bars[i].end;
        if (bars[j].end <= bars[j].start)
            bars[j].end = bars[j].start + 1 + (ov_day)rnd(900);
        ends[used] = i;
        tr[ntr].from = &ends[used++];
        tr[ntr].nfrom = 1;
        tr[ntr].to = &ends[used];
        ends[used++] = j;
        tr[ntr].nto = 1;
        for (size_t x = 1; x < k && used < 4 * n - 1; x++) {
            size_t y = rnd((uint32_t)n);
            if (y == i || y == j)
                break;
            bars[y].start = bars[i].end;
            if (bars[y].end <= bars[y].start)
                bars[y].end = bars[y].start + 1;
            ends[used++] = y;
            tr[ntr].nto++;
        }
        ntr++;
    }
    size_t nl;
    size_t nl2;
    ov_lane_params p = {20, 0};
    clock_t t0 = clock();
    CHECK_MSG(ov_lanes_assign(bars, n, tr, ntr, &p, lane, &nl) == 0, "assign");
    double secs = since(t0);
    if (n <= 5000)
        CHECK_MSG(lanes_ok(bars, n, lane, 20, tr, ntr), "no overlap in random lanes");
    *nlanes = nl;
    *ntrans = ntr;
    CHECK_MSG(ov_lanes_assign(bars, n, tr, ntr, &p, lane2, &nl2) == 0, "assign again");
    CHECK_MSG(nl == nl2 && memcmp(lane, lane2, n * sizeof *lane) == 0, "deterministic");
    for (size_t i = 0; i < n; i++)
        CHECK_MSG(lane[i] < nl, "lane in range");
    free(bars);
    free(tr);
    free(ends);
    free(lane);
    free(lane2);
    return secs;
}

#ifdef LANES_BENCH
int main(void)
{
    double secs = test_star();
    printf("lanes: a 3000 x 3000 transfer (a star)          %7.3f s\n", secs);
    for (size_t n = 10000; n <= 100000; n *= 10) {
        size_t nl, ntr;
        secs = test_random(n, &nl, &ntr);
        printf("lanes: %6zu random bars, %6zu transitions     %7.3f s (%zu lanes)\n", n, ntr,
               secs, nl);
    }
    return h_failed_here ? 1 : 0;
}
#else
static void test_star_3000(void)
{
    test_star();
}

static void test_random_50(void)
{
    size_t nl, ntr;
    test_random(50, &nl, &ntr);
}

static void test_random_400(void)
{
    size_t nl, ntr;
    test_random(400, &nl, &ntr);
}

static void test_random_5000(void)
{
    size_t nl, ntr;
    test_random(5000, &nl, &ntr);
}

int main(void)
{
    RUN(test_empty);
    RUN(test_succession);
    RUN(test_hw);
    RUN(test_split_middle);
    RUN(test_touching_unrelated);
    RUN(test_groups);
    RUN(test_weak);
    RUN(test_star_3000);
    RUN(test_circle);
    RUN(test_random_50);
    RUN(test_random_400);
    RUN(test_random_5000);
    DONE();
}
#endif
