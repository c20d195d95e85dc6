//! Async and blocking client of Juhe's 车辆登记证识别 (vehicle registration
//! certificate OCR) API.
//!
//! Both endpoints are supported: base64 in a form body
//! (`/verify_cardjz_certificate/query`) and a multipart file upload
//! (`/verify_cardjz_certificate/verify`). Images are checked before any
//! request; failed tries are retried only when a retry can succeed; answers
//! become a typed [`VehicleRegistration`](regcert_model::VehicleRegistration)
//! through [`regcert_model`].
//!
//! ```no_run
//! # async fn run() -> Result<(), regcert_client::Error> {
//! use regcert_client::{Client, Image};
//!
//! let client = Client::builder().key("YOUR_KEY").build()?;
//! let found = client.recognize(Image::from_path("scan.jpg")?).await?;
//! println!("{} {:?}", found.order_id.unwrap_or_default(), found.record.vin);
//! # Ok(()) }
//! ```
//!
//! The key is a secret: it is sent in request bodies only, never in a URL,
//! and neither errors, `Debug` output nor `tracing` spans show it. Spans
//! (`regcert.request`, at debug level) carry the endpoint, the try number,
//! the HTTP status and the elapsed time, nothing from the image or the
//! answer.
//!
//! Without an async runtime, use [`blocking::Client`].
//!
//! ## Offline (cargo feature `local`)
//!
//! With the `local` feature a client can read certificates with the
//! offline engine (`regcert_engine`, re-exported) instead of the API: no
//! key, no network, the same [`Recognition`] (its record's `confidence`
//! filled from the engine). The models come from `regcert models fetch`
//! (or `models::fetch`).
//!
//! ```no_run
//! # #[cfg(feature = "local")]
//! # async fn run() -> Result<(), regcert_client::Error> {
//! use regcert_client::{Client, Image};
//!
//! let client = Client::builder().local().build()?; // models from the default places
//! let found = client.recognize(Image::from_path("scan.jpg")?).await?;
//! println!("{:?} {:?}", found.record.vin, found.record.confidence.get("vin"));
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod body;
mod client;
mod decode;
mod error;
mod file;
mod http;
mod image;
#[cfg(feature = "local")]
mod local;
#[cfg(feature = "local")]
#[cfg_attr(docsrs, doc(cfg(feature = "local")))]
pub mod models;
mod recognition;
mod redact;
mod retry;
mod send;
mod settings;

pub mod blocking;

#[cfg(feature = "local")]
#[cfg_attr(docsrs, doc(cfg(feature = "local")))]
pub use regcert_engine;
pub use regcert_model;

pub use blocking::Blocking;
pub use client::{Async, Client, ClientBuilder};
pub use error::{BoxError, ConfigError, Error, InvalidImage, LocalError, ModelsError};
pub use file::{FileTooLarge, NotRegularFile, read_file};
pub use image::{Image, ImageFormat, MAX_FILE_BYTES};
pub use recognition::Recognition;
pub use retry::RetryPolicy;
pub use settings::{BASE_URL_ENV, DEFAULT_BASE_URL, Endpoint, KEY_ENV, QUERY_PATH, VERIFY_PATH};
