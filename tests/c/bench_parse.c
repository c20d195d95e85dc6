/* Cost of regcert_parse_response from C: ns per call, printed as
 * "c_parse_ns N" and "c_parse_json_ns N" (parse, then the record JSON),
 * the best of 5 rounds of ITERATIONS calls.
 *
 * usage: bench_parse RESPONSE.json ITERATIONS */
#define _POSIX_C_SOURCE 200809L
#include "regcert.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s RESPONSE.json ITERATIONS\n", argv[0]);
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (f == NULL) {
        perror(argv[1]);
        return 2;
    }
    static char buf[1 << 20];
    size_t len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    long n = atol(argv[2]);

    size_t sink = 0;
    for (int with_json = 0; with_json <= 1; with_json++) {
        for (long i = 0; i < n / 10; i++) { /* warm-up */
            regcert_record *r = NULL;
            if (regcert_parse_response(buf, len, &r) != REGCERT_STATUS_OK) {
                fprintf(stderr, "parse failed: %s\n", regcert_last_error_message());
                return 1;
            }
            regcert_record_free(r);
        }
        double per = -1;
        for (int round = 0; round < 5; round++) { /* the best of 5 rounds */
            double start = now_ns();
            for (long i = 0; i < n; i++) {
                regcert_record *r = NULL;
                if (regcert_parse_response(buf, len, &r) != REGCERT_STATUS_OK) return 1;
                if (with_json) sink += (size_t)regcert_record_json(r)[1];
                regcert_record_free(r);
            }
            double t = (now_ns() - start) / (double)n;
            if (per < 0 || t < per) per = t;
        }
        printf("%s %.0f\n", with_json ? "c_parse_json_ns" : "c_parse_ns", per);
    }
    return sink == 1 ? 3 : 0; /* keeps the JSON reads alive */
}
