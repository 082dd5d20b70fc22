/* The counting CHECK of the timeline's C tests: a failed check prints its
 * place, the condition and a message, and the test goes on; main() ends
 * with CHECK_SUMMARY(). */
#ifndef OV_TIMELINE_CHECK_H
#define OV_TIMELINE_CHECK_H

#include <stdio.h>

static int failures;
static int checks;

#define CHECK(cond, ...)                                                                       \
    do {                                                                                       \
        checks++;                                                                              \
        if (!(cond)) {                                                                         \
            failures++;                                                                        \
            fprintf(stderr, "%s:%d: failed: %s: ", __FILE__, __LINE__, #cond);                \
            fprintf(stderr, __VA_ARGS__);                                                      \
            fputc('\n', stderr);                                                               \
        }                                                                                      \
    } while (0)

#define CHECK_SUMMARY()                                                                        \
    do {                                                                                       \
        printf("%d checks, %d failures\n", checks, failures);                                  \
        return failures ? 1 : 0;                                                               \
    } while (0)

#endif
