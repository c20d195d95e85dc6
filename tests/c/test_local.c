/* Tests of the offline client of libregcert: regcert_client_new_local with
 * the models of `make models`, one recognition of a committed photo.
 *
 * usage: test_local [IMAGE]
 * Without IMAGE only the failure paths run (no model is loaded: quick under
 * valgrind, where one recognition takes many minutes). Run from the
 * repository root: NULL as models_dir finds models/ there. */
#include "regcert.h"
#include "check.h"

#include <stdint.h>

#define SENTINEL ((regcert_client *)(uintptr_t)0x5a5a)

static void test_construction(void) {
    CHECK_STATUS(regcert_client_new_local(NULL, NULL), REGCERT_STATUS_NULL_ARGUMENT);

    regcert_client *client = SENTINEL;
    CHECK_STATUS(regcert_client_new_local("/nonexistent/regcert-models", &client),
                 REGCERT_STATUS_MODELS);
    CHECK(client == SENTINEL); /* out-parameters are written only on success */
    CHECK_CONTAINS(regcert_last_error_message(), "regcert models fetch");
    CHECK_STR(regcert_status_str(REGCERT_STATUS_MODELS), "offline models missing or unusable");
    CHECK_STR(regcert_status_str(REGCERT_STATUS_LOCAL), "offline recognition failed");
}

static void test_recognize(const char *image) {
    regcert_client *client = NULL;
    CHECK_STATUS(regcert_client_new_local(NULL, &client), REGCERT_STATUS_OK);
    if (client == NULL) return;
    /* API settings are accepted and do nothing. */
    CHECK_STATUS(regcert_client_set_timeout_ms(client, 1), REGCERT_STATUS_OK);

    regcert_record *record = NULL;
    CHECK_STATUS(regcert_recognize_file(client, image, &record), REGCERT_STATUS_OK);
    if (record != NULL) {
        CHECK_STR(regcert_record_get(record, "vin"), "LSLAB2C12KA000101");
        CHECK_STR(regcert_record_get(record, "fuel_type"), "gasoline");
        /* An offline reading places no cloud order: none is made up. */
        CHECK(regcert_record_get(record, "order_id") == NULL);
        /* The engine says how sure it is of each field it read. */
        CHECK_CONTAINS(regcert_record_get(record, "confidence"), "\"vin\":");
        CHECK_CONTAINS(regcert_record_json(record), "\"confidence\":{\"");
    }
    regcert_record_free(record);

    regcert_record *none = NULL;
    CHECK_STATUS(regcert_recognize_bytes(client, NULL, 0, &none), REGCERT_STATUS_INVALID_IMAGE);
    CHECK(none == NULL);
    regcert_client_free(client);
}

int main(int argc, char **argv) {
    if (argc > 2) {
        fprintf(stderr, "usage: %s [IMAGE]\n", argv[0]);
        return 2;
    }
    test_construction();
    if (argc == 2) test_recognize(argv[1]);
    return check_summary("test_local");
}
