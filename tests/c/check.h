/* Tiny test harness of the C tests: CHECK counts, the summary line is the
 * one every runner understands ("N passed, N failed"). */
#ifndef REGCERT_TEST_CHECK_H
#define REGCERT_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed;
static int check_failed;

#define CHECK(cond)                                                            \
    do {                                                                       \
        if (cond) {                                                            \
            check_passed++;                                                    \
        } else {                                                               \
            check_failed++;                                                    \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__,   \
                    #cond);                                                    \
        }                                                                      \
    } while (0)

#define CHECK_STATUS(call, want)                                               \
    do {                                                                       \
        regcert_status got_ = (call);                                          \
        if (got_ == (want)) {                                                  \
            check_passed++;                                                    \
        } else {                                                               \
            check_failed++;                                                    \
            fprintf(stderr, "%s:%d: %s returned %d (%s: %s), wanted %d\n",     \
                    __FILE__, __LINE__, #call, (int)got_,                      \
                    regcert_status_str(got_), regcert_last_error_message(),    \
                    (int)(want));                                              \
        }                                                                      \
    } while (0)

#define CHECK_STR(got, want)                                                   \
    do {                                                                       \
        const char *g_ = (got);                                                \
        const char *w_ = (want);                                               \
        if (g_ != NULL && strcmp(g_, w_) == 0) {                               \
            check_passed++;                                                    \
        } else {                                                               \
            check_failed++;                                                    \
            fprintf(stderr, "%s:%d: %s is \"%s\", wanted \"%s\"\n", __FILE__,  \
                    __LINE__, #got, g_ ? g_ : "(null)", w_);                   \
        }                                                                      \
    } while (0)

#define CHECK_CONTAINS(got, part)                                              \
    do {                                                                       \
        const char *g_ = (got);                                                \
        if (g_ != NULL && strstr(g_, (part)) != NULL) {                        \
            check_passed++;                                                    \
        } else {                                                               \
            check_failed++;                                                    \
            fprintf(stderr, "%s:%d: %s is \"%s\", wanted it to contain \"%s\"\n", \
                    __FILE__, __LINE__, #got, g_ ? g_ : "(null)", (part));     \
        }                                                                      \
    } while (0)

/* Prints the summary and gives the exit code. */
static int check_summary(const char *name) {
    printf("%s: %d passed, %d failed\n", name, check_passed, check_failed);
    return check_failed == 0 ? 0 : 1;
}

#endif
