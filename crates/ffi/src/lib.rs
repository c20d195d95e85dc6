//! libregcert: the C ABI of regcert.
//!
//! C and C++ programs link `libregcert` (`.so` or `.a`), include
//! `regcert.h` (generated from this crate by cbindgen) and recognize a
//! certificate with a handful of calls:
//!
//! ```c
//! regcert_client *client = NULL;
//! regcert_record *record = NULL;
//! if (regcert_client_new(key, NULL, &client) == REGCERT_STATUS_OK &&
//!     regcert_recognize_file(client, "scan.jpg", &record) == REGCERT_STATUS_OK) {
//!     puts(regcert_record_json(record));
//!     printf("VIN %s\n", regcert_record_get(record, "vin"));
//! } else {
//!     fprintf(stderr, "%s\n", regcert_last_error_message());
//! }
//! regcert_record_free(record);
//! regcert_client_free(client);
//! ```
//!
//! Rules of every function: out-parameters are written only on success;
//! NULL where a pointer is required gives `REGCERT_STATUS_NULL_ARGUMENT`;
//! text must be UTF-8; `_free(NULL)` does nothing; a panic never crosses
//! the boundary (it becomes `REGCERT_STATUS_PANIC`); the API key never
//! appears in a message.

mod boundary;
pub mod client;
pub mod errors;
pub mod record;
pub mod status;
pub mod version;

pub use client::regcert_client;
pub use record::regcert_record;
pub use status::regcert_status;
