/* Tests of the recognize calls of libregcert against `regcert serve`.
 *
 * usage: test_client BASE_URL KEY TMPDIR
 * Also starts its own tiny HTTP stubs (HTTP 500, a non-JSON 200, a socket
 * that never answers) and uses a port where nothing listens. */
#define _POSIX_C_SOURCE 200809L
#include "regcert.h"
#include "check.h"
#include "png.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

static const char *base_url;
static const char *key;
static const char *tmpdir;

#define SENTINEL ((regcert_record *)(uintptr_t)0x5a5a)

/* A listening socket on 127.0.0.1, its port in *port. */
static int listen_local(int *port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(fd, 16) != 0 ||
        getsockname(fd, (struct sockaddr *)&addr, &len) != 0) {
        perror("listen_local");
        exit(2);
    }
    *port = ntohs(addr.sin_port);
    return fd;
}

/* A stub answering every request with one canned HTTP response. */
struct stub {
    int fd;
    const char *response;
};

static void *stub_serve(void *arg) {
    struct stub *stub = arg;
    for (;;) {
        int c = accept(stub->fd, NULL, NULL);
        if (c < 0) return NULL;
        /* Read the whole request (headers, then Content-Length bytes). */
        char buf[65536];
        size_t have = 0;
        long body = -1;
        char *end = NULL;
        for (;;) {
            ssize_t n = read(c, buf + have, sizeof buf - 1 - have);
            if (n <= 0) break;
            have += (size_t)n;
            buf[have] = '\0';
            if (end == NULL && (end = strstr(buf, "\r\n\r\n")) != NULL) {
                for (char *p = buf; p < end; p++) {
                    if (strncasecmp(p, "\ncontent-length:", 16) == 0) body = atol(p + 16);
                }
                if (body < 0) body = 0;
            }
            if (end != NULL && have >= (size_t)(end + 4 - buf) + (size_t)body) break;
            if (have >= sizeof buf - 1) break;
        }
        if (write(c, stub->response, strlen(stub->response)) < 0) perror("stub write");
        close(c);
    }
}

static char *url_of(int port) {
    char *url = malloc(64);
    snprintf(url, 64, "http://127.0.0.1:%d", port);
    return url;
}

static regcert_client *client_for(const char *url, const char *k) {
    regcert_client *client = NULL;
    CHECK_STATUS(regcert_client_new(k, url, &client), REGCERT_STATUS_OK);
    return client;
}

static void test_construction(void) {
    regcert_client *client = NULL;
    CHECK_STATUS(regcert_client_new(NULL, base_url, &client), REGCERT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(regcert_client_new(key, base_url, NULL), REGCERT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(regcert_client_new("k\xff", base_url, &client), REGCERT_STATUS_INVALID_UTF8);
    CHECK_STATUS(regcert_client_new(key, "http://127.0.0.1:1\xc3", &client), REGCERT_STATUS_INVALID_UTF8);
    CHECK_STATUS(regcert_client_new("", base_url, &client), REGCERT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(regcert_client_new(key, "not a url", &client), REGCERT_STATUS_INVALID_ARGUMENT);
    CHECK(client == NULL);
    CHECK_STATUS(regcert_client_new(key, NULL, &client), REGCERT_STATUS_OK); /* default URL */
    CHECK_STATUS(regcert_client_set_timeout_ms(client, 0), REGCERT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(regcert_client_set_timeout_ms(NULL, 10), REGCERT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(regcert_client_set_retry_attempts(client, 0), REGCERT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(regcert_client_set_retry_attempts(NULL, 1), REGCERT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(regcert_client_set_timeout_ms(client, 2500), REGCERT_STATUS_OK);
    regcert_client_free(client);
    regcert_client_free(NULL);
}

static void write_file(const char *path, const void *data, size_t len) {
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(data, 1, len, f) != len) {
        perror(path);
        exit(2);
    }
    fclose(f);
}

static void test_recognize(void) {
    regcert_client *client = client_for(base_url, key);
    regcert_record *record = NULL;

    CHECK_STATUS(regcert_recognize_bytes(client, TEST_PNG, sizeof TEST_PNG, &record), REGCERT_STATUS_OK);
    CHECK(regcert_record_get(record, "vin") != NULL);
    CHECK_CONTAINS(regcert_record_get(record, "order_id"), "JH");
    CHECK_CONTAINS(regcert_record_json(record), "\"vin\":");
    CHECK_STR(regcert_record_get(record, "confidence"), "{}"); /* the API gives none */
    regcert_record_free(record);
    record = NULL;

    char path[512];
    snprintf(path, sizeof path, "%s/scan.png", tmpdir);
    write_file(path, TEST_PNG, sizeof TEST_PNG);
    CHECK_STATUS(regcert_recognize_file(client, path, &record), REGCERT_STATUS_OK);
    CHECK(regcert_record_get(record, "plate_number") != NULL);
    regcert_record_free(record);

    record = SENTINEL;
    /* NULL arguments */
    CHECK_STATUS(regcert_recognize_file(NULL, path, &record), REGCERT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(regcert_recognize_file(client, NULL, &record), REGCERT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(regcert_recognize_file(client, path, NULL), REGCERT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(regcert_recognize_bytes(NULL, TEST_PNG, sizeof TEST_PNG, &record), REGCERT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(regcert_recognize_bytes(client, NULL, 5, &record), REGCERT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(regcert_recognize_bytes(client, TEST_PNG, sizeof TEST_PNG, NULL), REGCERT_STATUS_NULL_ARGUMENT);
    /* bad UTF-8 path */
    CHECK_STATUS(regcert_recognize_file(client, "/tmp/\xff.png", &record), REGCERT_STATUS_INVALID_UTF8);
    /* empty and unknown images: refused before any request */
    CHECK_STATUS(regcert_recognize_bytes(client, NULL, 0, &record), REGCERT_STATUS_INVALID_IMAGE);
    CHECK_STATUS(regcert_recognize_bytes(client, TEST_PNG, 0, &record), REGCERT_STATUS_INVALID_IMAGE);
    CHECK_STATUS(regcert_recognize_bytes(client, (const uint8_t *)"hello", 5, &record), REGCERT_STATUS_INVALID_IMAGE);
    snprintf(path, sizeof path, "%s/empty.jpg", tmpdir);
    write_file(path, "", 0);
    CHECK_STATUS(regcert_recognize_file(client, path, &record), REGCERT_STATUS_INVALID_IMAGE);
    /* missing file */
    snprintf(path, sizeof path, "%s/missing.jpg", tmpdir);
    CHECK_STATUS(regcert_recognize_file(client, path, &record), REGCERT_STATUS_IO);
    CHECK_CONTAINS(regcert_last_error_message(), "missing.jpg");
    CHECK(record == SENTINEL);
    regcert_client_free(client);
}

static void test_wrong_key(void) {
    const char *wrong = "wrong-key-0c9f2b7e";
    regcert_client *client = client_for(base_url, wrong);
    regcert_record *record = SENTINEL;
    CHECK_STATUS(regcert_recognize_bytes(client, TEST_PNG, sizeof TEST_PNG, &record), REGCERT_STATUS_API);
    CHECK(regcert_last_api_error_code() == 10001);
    CHECK(strstr(regcert_last_error_message(), wrong) == NULL);
    CHECK(record == SENTINEL);
    regcert_client_free(client);
}

static void test_server_down_and_bad_answers(void) {
    regcert_record *record = SENTINEL;

    /* nothing listens on a port just released */
    int port;
    close(listen_local(&port));
    char *url = url_of(port);
    regcert_client *client = client_for(url, key);
    CHECK_STATUS(regcert_client_set_retry_attempts(client, 1), REGCERT_STATUS_OK);
    CHECK_STATUS(regcert_recognize_bytes(client, TEST_PNG, sizeof TEST_PNG, &record), REGCERT_STATUS_TRANSPORT);
    CHECK(strstr(regcert_last_error_message(), key) == NULL);
    CHECK(regcert_last_api_error_code() == 0);
    regcert_client_free(client);
    free(url);

    /* a socket that accepts connections and never answers */
    int silent = listen_local(&port);
    url = url_of(port);
    client = client_for(url, key);
    CHECK_STATUS(regcert_client_set_retry_attempts(client, 1), REGCERT_STATUS_OK);
    CHECK_STATUS(regcert_client_set_timeout_ms(client, 300), REGCERT_STATUS_OK);
    CHECK_STATUS(regcert_recognize_bytes(client, TEST_PNG, sizeof TEST_PNG, &record), REGCERT_STATUS_TIMEOUT);
    regcert_client_free(client);
    free(url);
    close(silent);

    struct {
        const char *response;
        regcert_status want;
    } cases[] = {
        {"HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/html\r\nContent-Length: 11\r\n"
         "Connection: close\r\n\r\n<h1>500</h1>",
         REGCERT_STATUS_HTTP},
        /* not a whole JSON document: damaged on its way, a transport fault */
        {"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 9\r\n"
         "Connection: close\r\n\r\nnot json!",
         REGCERT_STATUS_TRANSPORT},
        /* a whole JSON document that is not an answer */
        {"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 7\r\n"
         "Connection: close\r\n\r\n{\"x\":1}",
         REGCERT_STATUS_DECODE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct stub stub = {listen_local(&port), cases[i].response};
        pthread_t thread;
        CHECK(pthread_create(&thread, NULL, stub_serve, &stub) == 0);
        url = url_of(port);
        client = client_for(url, key);
        CHECK_STATUS(regcert_client_set_retry_attempts(client, 1), REGCERT_STATUS_OK);
        CHECK_STATUS(regcert_recognize_bytes(client, TEST_PNG, sizeof TEST_PNG, &record), cases[i].want);
        regcert_client_free(client);
        free(url);
        shutdown(stub.fd, SHUT_RDWR); /* ends accept() */
        close(stub.fd);
        pthread_join(thread, NULL);
    }
    CHECK(record == SENTINEL);
}

struct worker {
    regcert_client *client;
    int index;
    int ok;
};

static void *recognize_many(void *arg) {
    struct worker *w = arg;
    for (int i = 0; i < 4; i++) {
        if (w->index == 0) {
            /* changing a setting while the others recognize is safe */
            if (regcert_client_set_timeout_ms(w->client, 20000 + (uint32_t)i) != REGCERT_STATUS_OK) return NULL;
        }
        regcert_record *record = NULL;
        regcert_status st = w->index % 2 == 0
            ? regcert_recognize_bytes(w->client, TEST_PNG, sizeof TEST_PNG, &record)
            : regcert_recognize_file(w->client, "scan.png", &record);
        if (st == REGCERT_STATUS_OK && regcert_record_get(record, "vin") != NULL) w->ok++;
        else fprintf(stderr, "thread %d: %s\n", w->index, regcert_last_error_message());
        regcert_record_free(record);
    }
    return NULL;
}

static void test_eight_threads_share_one_client(void) {
    regcert_client *client = client_for(base_url, key);
    pthread_t threads[8];
    struct worker workers[8];
    if (chdir(tmpdir) != 0) perror("chdir");
    for (int i = 0; i < 8; i++) {
        workers[i] = (struct worker){client, i, 0};
        CHECK(pthread_create(&threads[i], NULL, recognize_many, &workers[i]) == 0);
    }
    int ok = 0;
    for (int i = 0; i < 8; i++) {
        pthread_join(threads[i], NULL);
        ok += workers[i].ok;
    }
    CHECK(ok == 32);
    regcert_client_free(client);
}

static void test_free_orders(void) {
    regcert_client *client = client_for(base_url, key);
    regcert_record *a = NULL;
    regcert_record *b = NULL;
    CHECK_STATUS(regcert_recognize_bytes(client, TEST_PNG, sizeof TEST_PNG, &a), REGCERT_STATUS_OK);
    CHECK_STATUS(regcert_recognize_bytes(client, TEST_PNG, sizeof TEST_PNG, &b), REGCERT_STATUS_OK);
    regcert_record_free(a);        /* record before client */
    regcert_client_free(client);   /* client before record */
    CHECK(regcert_record_get(b, "vin") != NULL); /* still valid */
    regcert_record_free(b);
    regcert_record_free(NULL);
    regcert_client_free(NULL);
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s BASE_URL KEY TMPDIR\n", argv[0]);
        return 2;
    }
    base_url = argv[1];
    key = argv[2];
    tmpdir = argv[3];
    test_construction();
    test_recognize();
    test_wrong_key();
    test_server_down_and_bad_answers();
    test_eight_threads_share_one_client();
    test_free_orders();
    return check_summary("test_client");
}
