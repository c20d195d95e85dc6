/* recognize: prints the record JSON of each certificate image.
 *
 * usage: recognize KEY BASE_URL IMAGE...
 *   BASE_URL "-" means the default service address.
 * Exit status: 0 when every image was recognized, 1 otherwise, 2 on usage. */
#include <regcert.h>

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s KEY BASE_URL IMAGE...\n", argv[0]);
        return 2;
    }
    const char *base_url = strcmp(argv[2], "-") == 0 ? NULL : argv[2];

    regcert_client *client = NULL;
    regcert_status status = regcert_client_new(argv[1], base_url, &client);
    if (status != REGCERT_STATUS_OK) {
        fprintf(stderr, "error: %s (status %d): %s\n", regcert_status_str(status), (int)status,
                regcert_last_error_message());
        return 2;
    }

    int failures = 0;
    for (int i = 3; i < argc; i++) {
        regcert_record *record = NULL;
        status = regcert_recognize_file(client, argv[i], &record);
        if (status == REGCERT_STATUS_OK) {
            printf("%s\n", regcert_record_json(record));
            regcert_record_free(record);
        } else {
            fprintf(stderr, "%s: error: %s (status %d, api code %d): %s\n", argv[i],
                    regcert_status_str(status), (int)status, (int)regcert_last_api_error_code(),
                    regcert_last_error_message());
            failures++;
        }
    }
    regcert_client_free(client);
    return failures == 0 ? 0 : 1;
}
