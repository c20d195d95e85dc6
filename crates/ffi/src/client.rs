//! `regcert_client`: a thread-safe client of the recognition API (or of
//! the offline engine) and the two recognize calls.

use std::ffi::c_char;
use std::sync::{Mutex, PoisonError, RwLock};
use std::time::Duration;

use ::regcert_client::{Error, Image, RetryPolicy, blocking};

use crate::boundary::{
    Failure, Out, arg_bytes, arg_opt_str, arg_ref, arg_str, status_call, void_call,
};
use crate::record::{api_failure, regcert_record};
use crate::status::regcert_status;

/// A client of the recognition API or of the offline engine (opaque,
/// thread-safe).
///
/// Created by regcert_client_new() or regcert_client_new_local(), freed by
/// regcert_client_free(). One client may serve any number of threads at
/// once; its settings may be changed while other threads recognize with it
/// (calls already running finish with the settings they started with).
#[allow(non_camel_case_types)]
pub struct regcert_client {
    /// The client calls use; replaced whole when a setting changes.
    current: RwLock<blocking::Client>,
    /// What `current` was built from; held while a setter rebuilds, so
    /// setters run one at a time.
    settings: Mutex<Settings>,
}

/// The settings a client is built from. No `Debug`: it holds the key.
#[derive(Clone)]
struct Settings {
    source: Source,
    timeout: Option<Duration>,
    retry_attempts: Option<u32>,
}

/// Who recognizes.
#[derive(Clone)]
enum Source {
    /// The API at `base_url` (the default service when `None`).
    Api {
        key: String,
        base_url: Option<String>,
    },
    /// The offline engine, loaded once; timeouts and retries do not apply.
    #[cfg_attr(not(feature = "local"), allow(dead_code))]
    Local(blocking::Client),
}

impl Settings {
    fn build(&self) -> Result<blocking::Client, Failure> {
        let (key, base_url) = match &self.source {
            Source::Api { key, base_url } => (key, base_url),
            Source::Local(client) => return Ok(client.clone()),
        };
        let mut builder = blocking::Client::builder().key(key.as_str());
        if let Some(url) = base_url {
            builder = builder.base_url(url);
        }
        if let Some(timeout) = self.timeout {
            builder = builder.timeout(timeout);
        }
        if let Some(attempts) = self.retry_attempts {
            builder = builder.retry(RetryPolicy::default().with_attempts(attempts));
        }
        builder.build().map_err(|e| client_failure(&e))
    }
}

impl regcert_client {
    /// Builds a client with default timeout and retries and hands it to
    /// the caller through `out`.
    fn create(source: Source, out: Out<regcert_client>) -> Result<(), Failure> {
        let settings = Settings {
            source,
            timeout: None,
            retry_attempts: None,
        };
        let client = regcert_client {
            current: RwLock::new(settings.build()?),
            settings: Mutex::new(settings),
        };
        // SAFETY: `out` was checked by `Out::new`; writable by the caller's contract.
        unsafe { out.write(client) };
        Ok(())
    }

    /// The client to use now (a cheap clone; the lock is released at once).
    fn current(&self) -> blocking::Client {
        match self.current.read() {
            Ok(client) => client.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Applies `change` to the settings and swaps in a client built from
    /// them; on failure nothing changes.
    fn reconfigure(&self, change: impl FnOnce(&mut Settings)) -> Result<(), Failure> {
        let mut settings = self.settings.lock().or_else(recover)?;
        let mut next = settings.clone();
        change(&mut next);
        let client = next.build()?;
        let old = std::mem::replace(&mut *self.current.write().or_else(recover)?, client);
        *settings = next;
        drop(settings);
        // Dropped outside both locks; calls still using it keep their clone.
        drop(old);
        Ok(())
    }

    fn recognize(&self, image: Image) -> Result<regcert_record, Failure> {
        let found = self
            .current()
            .recognize(image)
            .map_err(|e| client_failure(&e))?;
        Ok(regcert_record::new(found.record))
    }
}

/// A lock whose holder panicked still guards consistent data here: every
/// write is a single assignment.
fn recover<G>(poisoned: PoisonError<G>) -> Result<G, Failure> {
    Ok(poisoned.into_inner())
}

/// The status and message of a client error. Messages of the client never
/// hold the key (it travels only in request bodies).
fn client_failure(e: &Error) -> Failure {
    let status = match e {
        Error::Api(api) => return api_failure(api),
        Error::Http { .. } => regcert_status::Http,
        Error::Timeout => regcert_status::Timeout,
        Error::Transport(_) | Error::Incomplete { .. } => regcert_status::Transport,
        Error::Decode { .. } => regcert_status::Decode,
        Error::InvalidImage(_) => regcert_status::InvalidImage,
        Error::Io { .. } => regcert_status::Io,
        Error::Config(_) => regcert_status::InvalidArgument,
        Error::Models(_) => regcert_status::Models,
        Error::Local(_) => regcert_status::Local,
        _ => regcert_status::Internal,
    };
    Failure::new(status, e.to_string())
}

/// Creates a client of the API with key `key`.
///
/// `base_url` is the service's address, NULL for the default
/// (`https://apis.juhe.cn`); `http://127.0.0.1:PORT` reaches a local
/// `regcert serve`. Defaults: 30 s timeout per request, 3 attempts for
/// failures worth retrying (see regcert_client_set_retry_attempts()).
///
/// On success `*out` receives a new client that the caller frees with
/// regcert_client_free(). REGCERT_STATUS_INVALID_ARGUMENT for an empty key
/// or an invalid URL; the message never contains the key.
///
/// # Safety
/// `key` and `base_url` are NULL or NUL-terminated strings; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn regcert_client_new(
    key: *const c_char,
    base_url: *const c_char,
    out: *mut *mut regcert_client,
) -> regcert_status {
    status_call(|| {
        let out = Out::new(out, "out")?;
        // SAFETY: forwarded contract.
        let key = unsafe { arg_str(key, "key") }?;
        // SAFETY: forwarded contract.
        let base_url = unsafe { arg_opt_str(base_url, "base_url") }?;
        let source = Source::Api {
            key: key.to_owned(),
            base_url: base_url.map(str::to_owned),
        };
        regcert_client::create(source, out)
    })
}

/// Creates a client that reads certificates with the offline engine: no
/// key, no network. Records are as from the API, with their "confidence"
/// object filled (field key to a number from 0 to 1).
///
/// `models_dir` is the folder holding the two model files (UTF-8 path), or
/// NULL for the default lookup: the `REGCERT_MODELS` environment variable,
/// the user's data folder (where `regcert models fetch` puts them), the
/// system folder, then `models/` under the current directory. Loading the models takes a
/// moment and keeps them in memory: create one client and share it between
/// threads (regcert_recognize_file() and regcert_recognize_bytes() are
/// thread-safe; each call keeps a core busy while it runs).
/// regcert_client_set_timeout_ms() and regcert_client_set_retry_attempts()
/// succeed and change nothing on such a client.
///
/// On success `*out` receives a new client that the caller frees with
/// regcert_client_free(). REGCERT_STATUS_MODELS when a model file is
/// missing or unusable (the message names it and says to run `regcert
/// models fetch`), and always from a cloud-only build of the library
/// (`make install LOCAL=0`); REGCERT_STATUS_INVALID_UTF8 for a path that
/// is not UTF-8.
///
/// # Safety
/// `models_dir` is NULL or a NUL-terminated string; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn regcert_client_new_local(
    models_dir: *const c_char,
    out: *mut *mut regcert_client,
) -> regcert_status {
    status_call(|| {
        let out = Out::new(out, "out")?;
        // SAFETY: forwarded contract.
        let models_dir = unsafe { arg_opt_str(models_dir, "models_dir") }?;
        #[cfg(feature = "local")]
        {
            let builder = match models_dir {
                Some(dir) => blocking::Client::builder().local_models(dir),
                None => blocking::Client::builder().local(),
            };
            let local = builder.build().map_err(|e| client_failure(&e))?;
            regcert_client::create(Source::Local(local), out)
        }
        #[cfg(not(feature = "local"))]
        {
            let _ = (out, models_dir);
            Err(Failure::new(
                regcert_status::Models,
                "this libregcert was built without the offline engine (cloud only)".to_string(),
            ))
        }
    })
}

/// Sets the time one request may take (connect, send, answer), in
/// milliseconds; each retry gets the same time again. 0 is
/// REGCERT_STATUS_INVALID_ARGUMENT.
///
/// Safe while other threads recognize with `client`: calls already running
/// keep the old timeout, later ones get the new one.
///
/// # Safety
/// `client` is NULL or a live client.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn regcert_client_set_timeout_ms(
    client: *mut regcert_client,
    ms: u32,
) -> regcert_status {
    status_call(|| {
        // SAFETY: forwarded contract.
        let client = unsafe { arg_ref(client, "client") }?;
        if ms == 0 {
            return Err(Failure::new(
                regcert_status::InvalidArgument,
                "the timeout must be at least 1 ms",
            ));
        }
        client.reconfigure(|s| s.timeout = Some(Duration::from_millis(u64::from(ms))))
    })
}

/// Sets how many attempts a recognition makes, counting the first: 1 never
/// retries. Only timeouts, connection failures, HTTP 408/429/5xx and the
/// API's retryable codes are tried again, after a growing delay. 0 is
/// REGCERT_STATUS_INVALID_ARGUMENT. Thread-safety as
/// regcert_client_set_timeout_ms().
///
/// # Safety
/// `client` is NULL or a live client.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn regcert_client_set_retry_attempts(
    client: *mut regcert_client,
    attempts: u32,
) -> regcert_status {
    status_call(|| {
        // SAFETY: forwarded contract.
        let client = unsafe { arg_ref(client, "client") }?;
        if attempts == 0 {
            return Err(Failure::new(
                regcert_status::InvalidArgument,
                "at least 1 attempt is needed",
            ));
        }
        client.reconfigure(|s| s.retry_attempts = Some(attempts))
    })
}

/// Frees a client. NULL does nothing. Records it produced stay valid.
/// No other thread may be using `client` any more.
///
/// # Safety
/// `client` is NULL or a live client not used again afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn regcert_client_free(client: *mut regcert_client) {
    void_call(|| {
        if !client.is_null() {
            // SAFETY: a live client created by Box::into_raw, freed once.
            drop(unsafe { Box::from_raw(client) });
        }
    });
}

/// Recognizes the certificate in the image file at `path` (JPEG, PNG or
/// BMP; UTF-8 path). Blocks until the answer, the timeout or the last retry
/// (with a local client: until the engine has read it).
///
/// On success `*out` receives a new record that the caller frees with
/// regcert_record_free(). Failures: REGCERT_STATUS_IO (unreadable file, or
/// not a regular file: a folder, a FIFO or a device is refused unread),
/// REGCERT_STATUS_INVALID_IMAGE (empty, too large, unknown format: nothing
/// is sent), REGCERT_STATUS_API (regcert_last_api_error_code() has the
/// code, e.g. 10001 for a wrong key), REGCERT_STATUS_TIMEOUT,
/// REGCERT_STATUS_TRANSPORT, REGCERT_STATUS_HTTP, REGCERT_STATUS_DECODE;
/// with a local client REGCERT_STATUS_LOCAL. Thread-safe: any number of
/// threads may call it on one client at once.
///
/// # Safety
/// `client` is NULL or a live client; `path` is NULL or a NUL-terminated
/// string; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn regcert_recognize_file(
    client: *const regcert_client,
    path: *const c_char,
    out: *mut *mut regcert_record,
) -> regcert_status {
    status_call(|| {
        let out = Out::new(out, "out")?;
        // SAFETY: forwarded contract.
        let client = unsafe { arg_ref(client, "client") }?;
        // SAFETY: forwarded contract.
        let path = unsafe { arg_str(path, "path") }?;
        let image = Image::from_path(path).map_err(|e| client_failure(&e))?;
        let record = client.recognize(image)?;
        // SAFETY: checked writable out-parameter.
        unsafe { out.write(record) };
        Ok(())
    })
}

/// Recognizes the certificate in an image held in memory: `len` bytes at
/// `data` (copied; the caller keeps ownership). `data` may be NULL only when
/// `len` is 0, which is an empty image (REGCERT_STATUS_INVALID_IMAGE).
///
/// Results, ownership and thread-safety as regcert_recognize_file().
///
/// # Safety
/// `client` is NULL or a live client; `data` is NULL or points to `len`
/// readable bytes; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn regcert_recognize_bytes(
    client: *const regcert_client,
    data: *const u8,
    len: usize,
    out: *mut *mut regcert_record,
) -> regcert_status {
    status_call(|| {
        let out = Out::new(out, "out")?;
        // SAFETY: forwarded contract.
        let client = unsafe { arg_ref(client, "client") }?;
        // SAFETY: forwarded contract.
        let bytes = unsafe { arg_bytes(data, len, "data") }?;
        let record = client.recognize(Image::from_bytes(bytes.to_vec()))?;
        // SAFETY: checked writable out-parameter.
        unsafe { out.write(record) };
        Ok(())
    })
}
