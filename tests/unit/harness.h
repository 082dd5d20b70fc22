/* A minimal test harness: CHECK records a failure and goes on; the
 * program's exit status is the number of failures (capped). Output is
 * TAP so that meson shows each test. */
#ifndef OV_HARNESS_H
#define OV_HARNESS_H

#include <stdio.h>
#include <string.h>

static int h_failures;
static int h_tests;
static int h_failed_here;

#define CHECK(cond)                                                                            \
    do {                                                                                       \
        if (!(cond)) {                                                                         \
            printf("# %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);                  \
            h_failed_here = 1;                                                                 \
        }                                                                                      \
    } while (0)

#define CHECK_STR(got, want)                                                                   \
    do {                                                                                       \
        const char *g_ = (got);                                                                \
        const char *w_ = (want);                                                               \
        if (!g_ || strcmp(g_, w_) != 0) {                                                      \
            printf("# %s:%d: got \"%s\", want \"%s\"\n", __FILE__, __LINE__,                   \
                   g_ ? g_ : "(null)", w_);                                                    \
            h_failed_here = 1;                                                                 \
        }                                                                                      \
    } while (0)

#define RUN(fn)                                                                                \
    do {                                                                                       \
        h_failed_here = 0;                                                                     \
        fn();                                                                                  \
        h_tests++;                                                                             \
        printf("%s %d - %s\n", h_failed_here ? "not ok" : "ok", h_tests, #fn);                 \
        h_failures += h_failed_here;                                                           \
    } while (0)

#define DONE()                                                                                 \
    do {                                                                                       \
        printf("1..%d\n", h_tests);                                                            \
        return h_failures > 0 ? 1 : 0;                                                         \
    } while (0)

#endif
