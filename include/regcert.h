/*
 * regcert.h: the C ABI of libregcert.
 *
 * Generated from crates/ffi by cbindgen (`make header`); do not edit.
 *
 * Conventions of every function:
 * - A function returning regcert_status writes its out-parameter only when it
 *   returns REGCERT_STATUS_OK; on failure regcert_last_error_message() tells
 *   why (per thread).
 * - A NULL where a pointer is required gives REGCERT_STATUS_NULL_ARGUMENT;
 *   text that is not UTF-8 gives REGCERT_STATUS_INVALID_UTF8.
 * - Every regcert_*_free() accepts NULL and does nothing then.
 * - Strings returned as `const char *` are owned by the library; the doc of
 *   each function says how long they live. Never free them.
 */

#ifndef REGCERT_H
#define REGCERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Major version of the library this header belongs to. */
#define REGCERT_VERSION_MAJOR 0
/** Minor version of the library this header belongs to. */
#define REGCERT_VERSION_MINOR 1
/** Patch version of the library this header belongs to. */
#define REGCERT_VERSION_PATCH 0
/** Full version string; regcert_version() returns the library's at run time. */
#define REGCERT_VERSION "0.1.0"
/** The version as one comparable number: MAJOR * 10000 + MINOR * 100 + PATCH. */
#define REGCERT_VERSION_NUMBER (REGCERT_VERSION_MAJOR * 10000 + REGCERT_VERSION_MINOR * 100 + REGCERT_VERSION_PATCH)

/**
 * What a call did. `REGCERT_STATUS_OK` (0) is success; every other value is
 * a failure whose detail is in regcert_last_error_message().
 *
 * The numbers are part of the ABI: they never change and are never reused.
 */
typedef enum regcert_status {
  /**
   * Success.
   */
  REGCERT_STATUS_OK = 0,
  /**
   * A pointer argument that must not be NULL was NULL.
   */
  REGCERT_STATUS_NULL_ARGUMENT = 1,
  /**
   * A text argument (or the bytes given to regcert_parse_response) is not UTF-8.
   */
  REGCERT_STATUS_INVALID_UTF8 = 2,
  /**
   * An argument is out of range: an empty key, an invalid base URL, a zero timeout.
   */
  REGCERT_STATUS_INVALID_ARGUMENT = 3,
  /**
   * The image is empty, too large, or not JPEG, PNG or BMP; nothing was sent.
   */
  REGCERT_STATUS_INVALID_IMAGE = 4,
  /**
   * The image file could not be read.
   */
  REGCERT_STATUS_IO = 5,
  /**
   * The service did not answer within the client's timeout.
   */
  REGCERT_STATUS_TIMEOUT = 6,
  /**
   * The connection failed: refused, reset, name resolution, TLS, or an answer cut short.
   */
  REGCERT_STATUS_TRANSPORT = 7,
  /**
   * The service answered with an HTTP error status.
   */
  REGCERT_STATUS_HTTP = 8,
  /**
   * The API answered with a non-zero error_code; see regcert_last_api_error_code().
   */
  REGCERT_STATUS_API = 9,
  /**
   * The answer (or the text given to regcert_parse_response) is not a response of the API.
   */
  REGCERT_STATUS_DECODE = 10,
  /**
   * The library panicked; the call was abandoned. Please report it.
   */
  REGCERT_STATUS_PANIC = 11,
  /**
   * A failure this version of the library does not classify.
   */
  REGCERT_STATUS_INTERNAL = 12,
  /**
   * The offline engine's models are missing, corrupt or unusable; the
   * message names the file (run `regcert models fetch` to download them).
   */
  REGCERT_STATUS_MODELS = 13,
  /**
   * The offline engine could not read the image (it does not decode, has
   * too few or too many pixels, or inference failed).
   */
  REGCERT_STATUS_LOCAL = 14,
} regcert_status;

/**
 * A client of the recognition API or of the offline engine (opaque,
 * thread-safe).
 *
 * Created by regcert_client_new() or regcert_client_new_local(), freed by
 * regcert_client_free(). One client may serve any number of threads at
 * once; its settings may be changed while other threads recognize with it
 * (calls already running finish with the settings they started with).
 */
typedef struct regcert_client regcert_client;

/**
 * A normalized certificate record (opaque).
 *
 * Created by regcert_parse_response(), regcert_recognize_file() or
 * regcert_recognize_bytes(); freed by regcert_record_free(). A record is
 * immutable: it may be read from several threads at once.
 */
typedef struct regcert_record regcert_record;

#ifdef __cplusplus
extern "C" {
#endif // __cplusplus

/**
 * Creates a client of the API with key `key`.
 *
 * `base_url` is the service's address, NULL for the default
 * (`https://apis.juhe.cn`); `http://127.0.0.1:PORT` reaches a local
 * `regcert serve`. Defaults: 30 s timeout per request, 3 attempts for
 * failures worth retrying (see regcert_client_set_retry_attempts()).
 *
 * On success `*out` receives a new client that the caller frees with
 * regcert_client_free(). REGCERT_STATUS_INVALID_ARGUMENT for an empty key
 * or an invalid URL; the message never contains the key.
 *
 * # Safety
 * `key` and `base_url` are NULL or NUL-terminated strings; `out` is NULL or writable.
 */
enum regcert_status regcert_client_new(const char *key, const char *base_url, struct regcert_client **out);

/**
 * Creates a client that reads certificates with the offline engine: no
 * key, no network. Records are as from the API, with their "confidence"
 * object filled (field key to a number from 0 to 1).
 *
 * `models_dir` is the folder holding the two model files (UTF-8 path), or
 * NULL for the default lookup: the `REGCERT_MODELS` environment variable,
 * the user's data folder (where `regcert models fetch` puts them), the
 * system folder, then `models/` under the current directory. Loading the models takes a
 * moment and keeps them in memory: create one client and share it between
 * threads (regcert_recognize_file() and regcert_recognize_bytes() are
 * thread-safe; each call keeps a core busy while it runs).
 * regcert_client_set_timeout_ms() and regcert_client_set_retry_attempts()
 * succeed and change nothing on such a client.
 *
 * On success `*out` receives a new client that the caller frees with
 * regcert_client_free(). REGCERT_STATUS_MODELS when a model file is
 * missing or unusable (the message names it and says to run `regcert
 * models fetch`), and always from a cloud-only build of the library
 * (`make install LOCAL=0`); REGCERT_STATUS_INVALID_UTF8 for a path that
 * is not UTF-8.
 *
 * # Safety
 * `models_dir` is NULL or a NUL-terminated string; `out` is NULL or writable.
 */
enum regcert_status regcert_client_new_local(const char *models_dir, struct regcert_client **out);

/**
 * Sets the time one request may take (connect, send, answer), in
 * milliseconds; each retry gets the same time again. 0 is
 * REGCERT_STATUS_INVALID_ARGUMENT.
 *
 * Safe while other threads recognize with `client`: calls already running
 * keep the old timeout, later ones get the new one.
 *
 * # Safety
 * `client` is NULL or a live client.
 */
enum regcert_status regcert_client_set_timeout_ms(struct regcert_client *client, uint32_t ms);

/**
 * Sets how many attempts a recognition makes, counting the first: 1 never
 * retries. Only timeouts, connection failures, HTTP 408/429/5xx and the
 * API's retryable codes are tried again, after a growing delay. 0 is
 * REGCERT_STATUS_INVALID_ARGUMENT. Thread-safety as
 * regcert_client_set_timeout_ms().
 *
 * # Safety
 * `client` is NULL or a live client.
 */
enum regcert_status regcert_client_set_retry_attempts(struct regcert_client *client, uint32_t attempts);

/**
 * Frees a client. NULL does nothing. Records it produced stay valid.
 * No other thread may be using `client` any more.
 *
 * # Safety
 * `client` is NULL or a live client not used again afterwards.
 */
void regcert_client_free(struct regcert_client *client);

/**
 * Recognizes the certificate in the image file at `path` (JPEG, PNG or
 * BMP; UTF-8 path). Blocks until the answer, the timeout or the last retry
 * (with a local client: until the engine has read it).
 *
 * On success `*out` receives a new record that the caller frees with
 * regcert_record_free(). Failures: REGCERT_STATUS_IO (unreadable file, or
 * not a regular file: a folder, a FIFO or a device is refused unread),
 * REGCERT_STATUS_INVALID_IMAGE (empty, too large, unknown format: nothing
 * is sent), REGCERT_STATUS_API (regcert_last_api_error_code() has the
 * code, e.g. 10001 for a wrong key), REGCERT_STATUS_TIMEOUT,
 * REGCERT_STATUS_TRANSPORT, REGCERT_STATUS_HTTP, REGCERT_STATUS_DECODE;
 * with a local client REGCERT_STATUS_LOCAL. Thread-safe: any number of
 * threads may call it on one client at once.
 *
 * # Safety
 * `client` is NULL or a live client; `path` is NULL or a NUL-terminated
 * string; `out` is NULL or writable.
 */
enum regcert_status regcert_recognize_file(const struct regcert_client *client, const char *path, struct regcert_record **out);

/**
 * Recognizes the certificate in an image held in memory: `len` bytes at
 * `data` (copied; the caller keeps ownership). `data` may be NULL only when
 * `len` is 0, which is an empty image (REGCERT_STATUS_INVALID_IMAGE).
 *
 * Results, ownership and thread-safety as regcert_recognize_file().
 *
 * # Safety
 * `client` is NULL or a live client; `data` is NULL or points to `len`
 * readable bytes; `out` is NULL or writable.
 */
enum regcert_status regcert_recognize_bytes(const struct regcert_client *client, const uint8_t *data, size_t len, struct regcert_record **out);

/**
 * A short, static English description of `status` ("ok", "timed out", ...).
 *
 * Never NULL. An unknown number gives "unknown status". The string is
 * static: never free it.
 */
const char *regcert_status_str(regcert_status status);

/**
 * The message of this thread's last failed call, "" when none failed yet.
 *
 * Never NULL. Owned by the library: valid until the next failing call on
 * the same thread; copy it to keep it. A successful call leaves it as it
 * was. Never contains the API key.
 */
const char *regcert_last_error_message(void);

/**
 * The API's error_code (10001, 270903, ...) when this thread's last failed
 * call returned REGCERT_STATUS_API; 0 otherwise.
 */
int32_t regcert_last_api_error_code(void);

/**
 * Reads one whole response of the API (`{"reason":..,"result":..,"error_code":..}`)
 * and normalizes it into a record, without any network access.
 *
 * `json` points to `len` bytes of UTF-8; no NUL terminator is needed.
 * `json` may be NULL only when `len` is 0.
 *
 * On success `*out` receives a new record that the caller frees with
 * regcert_record_free(). Returns REGCERT_STATUS_API (with
 * regcert_last_api_error_code()) for an error response,
 * REGCERT_STATUS_DECODE for text that is not a response,
 * REGCERT_STATUS_INVALID_UTF8 for bytes that are not UTF-8 and
 * REGCERT_STATUS_NULL_ARGUMENT when `out` is NULL. Thread-safe.
 *
 * # Safety
 * `json` is NULL or points to `len` readable bytes; `out` is NULL or writable.
 */
enum regcert_status regcert_parse_response(const char *json, size_t len, struct regcert_record **out);

/**
 * The record as one JSON object (the same JSON as `regcert parse` prints).
 *
 * The string is owned by `record` and lives until regcert_record_free();
 * never free it. NULL when `record` is NULL.
 *
 * # Safety
 * `record` is NULL or a live record.
 */
const char *regcert_record_json(const struct regcert_record *record);

/**
 * One top-level field of the record as text: strings as they are
 * ("2021-05-12", "LSVAU2180N2183456"), numbers in JSON notation ("4870",
 * "137.5"), objects and arrays (owner, overall_dimensions_mm, issues, extra,
 * raw) as JSON text.
 *
 * NULL when the field is null, when `key` is not a field of the record
 * (regcert_last_error_message() then says so), or when an argument is NULL.
 * The string is owned by `record` and lives until regcert_record_free();
 * never free it.
 *
 * # Safety
 * `record` is NULL or a live record; `key` is NULL or a NUL-terminated string.
 */
const char *regcert_record_get(const struct regcert_record *record, const char *key);

/**
 * Frees a record and every string it handed out. NULL does nothing.
 *
 * # Safety
 * `record` is NULL or a live record not used again afterwards.
 */
void regcert_record_free(struct regcert_record *record);

/**
 * Whether `key` names a top-level field of the record (null or not), to
 * tell a null field from a misspelt key after regcert_record_get() gave
 * NULL. False when an argument is NULL.
 *
 * # Safety
 * `record` is NULL or a live record; `key` is NULL or a NUL-terminated string.
 */
bool regcert_record_has(const struct regcert_record *record, const char *key);

/**
 * The library's version as a static string, "MAJOR.MINOR.PATCH" (compare
 * with the header's REGCERT_VERSION to detect a mismatched library). Never
 * NULL, never free it.
 */
const char *regcert_version(void);

#ifdef __cplusplus
}  // extern "C"
#endif  // __cplusplus

#endif  /* REGCERT_H */
