/* The C tests' one harness: CHECK and CHECK_MSG record a failure with its
 * place and go on; RUN runs one test function and prints its TAP line, so
 * that meson shows each test; DONE ends main() (exit 1 when any check
 * failed, inside a RUN or not). Register the program with protocol : 'tap'. */
#ifndef OV_HARNESS_H
#define OV_HARNESS_H

#include <stdio.h>
#include <string.h>

static int h_failed_checks; /* every failed check, so that none is lost */
static int h_tests;
static int h_failed_here;   /* a check of the current RUN failed */

#define CHECK(cond)                                                                            \
    do {                                                                                       \
        if (!(cond)) {                                                                         \
            printf("# %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);                  \
            h_failed_here = 1;                                                                 \
            h_failed_checks++;                                                                 \
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
            h_failed_checks++;                                                                 \
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
            h_failed_checks++;                                                                 \
        }                                                                                      \
    } while (0)

#define RUN(fn)                                                                                \
    do {                                                                                       \
        h_failed_here = 0;                                                                     \
        fn();                                                                                  \
        h_tests++;                                                                             \
        printf("%s %d - %s\n", h_failed_here ? "not ok" : "ok", h_tests, #fn);                 \
    } while (0)

#define DONE()                                                                                 \
    do {                                                                                       \
        printf("1..%d\n", h_tests);                                                            \
        return h_failed_checks > 0 ? 1 : 0;                                                    \
    } while (0)

#endif
