/* Tests of libregcert that need no server: version, statuses, last error,
 * regcert_parse_response and the record getters. */
#include "regcert.h"
#include "check.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

static const char SUCCESS[] =
    "{\"reason\":\"操作成功\",\"error_code\":0,\"result\":{\"orderid\":\"JH42\",\"res\":["
    "{\"nID\":null,\"index\":null,\"desc\":\"车辆识别代号V车架号\",\"content\":\"lsvau2180n2183456\"},"
    "{\"nID\":null,\"index\":null,\"desc\":\"登记日期\",\"content\":\"2021年05月12日\"},"
    "{\"nID\":null,\"index\":null,\"desc\":\"燃料种类\",\"content\":\"汽油\"},"
    "{\"nID\":null,\"index\":null,\"desc\":\"外廓尺寸\",\"content\":\"长4870宽1820高1475mm\"},"
    "{\"nID\":null,\"index\":null,\"desc\":\"车辆品牌\",\"content\":\"大众\\u0000牌\"},"
    "{\"nID\":null,\"index\":null,\"desc\":\"整备质量\",\"content\":\"1500kg\"},"
    "{\"nID\":null,\"index\":null,\"desc\":\"总质量\",\"content\":\"kg\"},"
    "{\"nID\":null,\"index\":null,\"desc\":\"轴距\",\"content\":\"2871mm\"}]}}";

static const char BAD_KEY[] = "{\"reason\":\"错误的请求KEY\",\"result\":null,\"error_code\":10001}";

/* The pointer written by a failing call must stay as it was. */
#define SENTINEL ((regcert_record *)(uintptr_t)0x5a5a)

static regcert_record *parse(const char *text) {
    regcert_record *record = NULL;
    CHECK_STATUS(regcert_parse_response(text, strlen(text), &record), REGCERT_STATUS_OK);
    return record;
}

static void test_version_and_statuses(void) {
    CHECK_STR(regcert_version(), REGCERT_VERSION);
    CHECK(REGCERT_STATUS_OK == 0);
    CHECK_STR(regcert_status_str(REGCERT_STATUS_OK), "ok");
    CHECK_STR(regcert_status_str(REGCERT_STATUS_TIMEOUT), "timed out");
    /* Every status has its own text; an unknown number has one too. */
    for (int a = REGCERT_STATUS_OK; a <= REGCERT_STATUS_INTERNAL; a++) {
        const char *ta = regcert_status_str((regcert_status)a);
        CHECK(ta != NULL && strcmp(ta, "unknown status") != 0);
        for (int b = a + 1; b <= REGCERT_STATUS_INTERNAL; b++) {
            CHECK(strcmp(ta, regcert_status_str((regcert_status)b)) != 0);
        }
    }
    CHECK_STR(regcert_status_str((regcert_status)9999), "unknown status");
    CHECK_STR(regcert_status_str((regcert_status)-1), "unknown status");
}

static void test_last_error_starts_empty(void) {
    CHECK_STR(regcert_last_error_message(), "");
    CHECK(regcert_last_api_error_code() == 0);
}

static void test_parse_success_and_getters(void) {
    regcert_record *record = parse(SUCCESS);
    if (record == NULL) return;
    const char *json = regcert_record_json(record);
    CHECK(json != NULL && json[0] == '{');
    CHECK(regcert_record_json(record) == json); /* same storage each time */
    CHECK_CONTAINS(json, "\"vin\":\"LSVAU2180N2183456\"");
    CHECK_STR(regcert_record_get(record, "vin"), "LSVAU2180N2183456");
    CHECK_STR(regcert_record_get(record, "order_id"), "JH42");
    CHECK_STR(regcert_record_get(record, "registration_date"), "2021-05-12");
    CHECK_STR(regcert_record_get(record, "fuel_type"), "gasoline");
    CHECK_STR(regcert_record_get(record, "wheelbase_mm"), "2871");
    CHECK_STR(regcert_record_get(record, "overall_dimensions_mm"),
              "{\"height\":1475,\"length\":4870,\"width\":1820}");
    /* a NUL inside a value is where C text ends */
    CHECK_STR(regcert_record_get(record, "brand"), "大众");
    /* blank is null, never zero */
    CHECK(regcert_record_get(record, "gross_mass_kg") == NULL);
    CHECK(regcert_record_has(record, "gross_mass_kg"));
    CHECK(regcert_record_get(record, "issues") != NULL);
    CHECK_CONTAINS(regcert_record_get(record, "extra"), "整备质量");
    /* a success leaves the last error as it was */
    CHECK_STR(regcert_last_error_message(), "");
    /* an unknown key is NULL and says so */
    CHECK(regcert_record_get(record, "no_such_field") == NULL);
    CHECK(!regcert_record_has(record, "no_such_field"));
    CHECK_CONTAINS(regcert_last_error_message(), "no_such_field");
    CHECK(regcert_record_get(record, NULL) == NULL);
    CHECK_CONTAINS(regcert_last_error_message(), "key is NULL");
    CHECK(regcert_record_get(record, "vin\xff") == NULL);
    CHECK_CONTAINS(regcert_last_error_message(), "UTF-8");
    CHECK(!regcert_record_has(record, NULL));
    CHECK(!regcert_record_has(NULL, "vin"));
    CHECK(regcert_record_get(NULL, "vin") == NULL);
    CHECK(regcert_record_json(NULL) == NULL);
    CHECK_CONTAINS(regcert_last_error_message(), "record is NULL");
    regcert_record_free(record);
}

static void test_parse_failures(void) {
    regcert_record *record = SENTINEL;

    CHECK_STATUS(regcert_parse_response(BAD_KEY, strlen(BAD_KEY), &record), REGCERT_STATUS_API);
    CHECK(record == SENTINEL);
    CHECK(regcert_last_api_error_code() == 10001);
    CHECK_CONTAINS(regcert_last_error_message(), "10001");

    const char *malformed = "{\"reason\":\"操作成功\",\"error_code\":0,\"result\":{\"res\":[";
    CHECK_STATUS(regcert_parse_response(malformed, strlen(malformed), &record), REGCERT_STATUS_DECODE);
    CHECK(record == SENTINEL);
    CHECK(regcert_last_api_error_code() == 0); /* not an API failure */
    CHECK(strlen(regcert_last_error_message()) > 0);

    CHECK_STATUS(regcert_parse_response("[]", 2, &record), REGCERT_STATUS_DECODE);
    CHECK_STATUS(regcert_parse_response("{}", 2, &record), REGCERT_STATUS_DECODE);
    CHECK_STATUS(regcert_parse_response("", 0, &record), REGCERT_STATUS_DECODE);
    CHECK_STATUS(regcert_parse_response(NULL, 0, &record), REGCERT_STATUS_DECODE);
    CHECK(record == SENTINEL);

    const char not_utf8[] = "{\"reason\":\"\xc3\x28\",\"error_code\":0}";
    CHECK_STATUS(regcert_parse_response(not_utf8, sizeof not_utf8 - 1, &record), REGCERT_STATUS_INVALID_UTF8);
    CHECK_CONTAINS(regcert_last_error_message(), "offset 11");

    CHECK_STATUS(regcert_parse_response(NULL, 5, &record), REGCERT_STATUS_NULL_ARGUMENT);
    CHECK_CONTAINS(regcert_last_error_message(), "json is NULL");
    CHECK_STATUS(regcert_parse_response(SUCCESS, strlen(SUCCESS), NULL), REGCERT_STATUS_NULL_ARGUMENT);
    CHECK_CONTAINS(regcert_last_error_message(), "out is NULL");
    CHECK(record == SENTINEL);

    /* len counts: only the first bytes are read, no NUL needed */
    CHECK_STATUS(regcert_parse_response(BAD_KEY, 10, &record), REGCERT_STATUS_DECODE);
}

static void *fail_in_thread(void *arg) {
    (void)arg;
    regcert_record *record = NULL;
    regcert_status st = regcert_parse_response(BAD_KEY, strlen(BAD_KEY), &record);
    int ok = st == REGCERT_STATUS_API && regcert_last_api_error_code() == 10001;
    return ok ? (void *)1 : NULL;
}

static void test_last_error_is_per_thread(void) {
    regcert_record *record = NULL;
    CHECK_STATUS(regcert_parse_response("x", 1, &record), REGCERT_STATUS_DECODE);
    char before[512];
    snprintf(before, sizeof before, "%s", regcert_last_error_message());
    pthread_t t;
    void *result = NULL;
    CHECK(pthread_create(&t, NULL, fail_in_thread, NULL) == 0);
    CHECK(pthread_join(t, &result) == 0);
    CHECK(result == (void *)1);
    CHECK_STR(regcert_last_error_message(), before);
    CHECK(regcert_last_api_error_code() == 0);
}

static void test_free_null_and_many_records(void) {
    regcert_record_free(NULL);
    regcert_record *a = parse(SUCCESS);
    regcert_record *b = parse(SUCCESS);
    /* records are independent: freeing one leaves the other readable */
    const char *vin_b = regcert_record_get(b, "vin");
    regcert_record_free(a);
    CHECK_STR(vin_b, "LSVAU2180N2183456");
    CHECK_STR(regcert_record_json(b) != NULL ? "ok" : NULL, "ok");
    regcert_record_free(b);
}

static void test_fixture(const char *path) {
    FILE *f = fopen(path, "rb");
    CHECK(f != NULL);
    if (f == NULL) return;
    char *buf = malloc(1 << 20);
    size_t len = fread(buf, 1, 1 << 20, f);
    fclose(f);
    regcert_record *record = NULL;
    CHECK_STATUS(regcert_parse_response(buf, len, &record), REGCERT_STATUS_OK);
    free(buf);
    CHECK(regcert_record_get(record, "vin") != NULL);
    CHECK(regcert_record_get(record, "owner") != NULL);
    regcert_record_free(record);
}

int main(int argc, char **argv) {
    test_last_error_starts_empty();
    test_version_and_statuses();
    test_parse_success_and_getters();
    test_parse_failures();
    test_last_error_is_per_thread();
    test_free_null_and_many_records();
    for (int i = 1; i < argc; i++) test_fixture(argv[i]);
    return check_summary("test_parse");
}
