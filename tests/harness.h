/* The C tests' one harness: CHECK and CHECK_MSG record a failure with its
 * place and go on; RUN runs one test function and prints its TAP line, so
 * that meson shows each test; DONE ends main() (exit 1 when any failed).
 * Register the program with protocol : 'tap'. */
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

/* CHECK with a printf-style message after the condition. */
#define CHECK_MSG(cond, ...)                                                                   \
    do {                                                                                       \
        if (!(cond)) {                                                                         \
            printf("# %s:%d: check failed: %s: ", __FILE__, __LINE__, #cond);                  \
            printf(__VA_ARGS__);                                                               \
            putchar('\n');                                                                     \
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
