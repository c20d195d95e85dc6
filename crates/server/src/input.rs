//! Reading a request: `key` and `file` from whatever form a client sends
//! (query string, urlencoded body, multipart body) with the body streamed
//! under a size limit, then base64 and the image check.
//!
//! Peak memory per request: a multipart body is never held whole, only its
//! `file` part, in one buffer sized from the body's length (at most the
//! body); a urlencoded body is held whole, its `file` value percent-decoded
//! and cleaned in place, then base64-decoded into a new buffer (three
//! quarters of the text): at most 1.75 times the body.

use axum::body::Body;
use axum::http::{HeaderMap, header};
use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use bytes::Bytes;
use futures_util::{StreamExt as _, TryStreamExt as _};

/// Why a body could not be read.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum BodyError {
    /// Larger than the limit.
    TooLarge,
    /// The stream failed before its end: the client went away or was too
    /// slow (the body timeout).
    Interrupted,
}

/// How much of an oversized body is still read (and dropped) so that the
/// client, still sending, gets the answer instead of a reset connection.
const DRAIN_LIMIT: usize = 256 * 1024 * 1024;

/// The `key` and `file` fields of a request, as sent.
#[derive(Default)]
pub(crate) struct Fields {
    pub(crate) key: Option<String>,
    pub(crate) file: Option<FileField>,
}

/// A `file` value and how it came.
pub(crate) struct FileField {
    pub(crate) bytes: Vec<u8>,
    /// A multipart part with a file name or a non-text type: most likely
    /// the image bytes themselves; otherwise most likely base64 text.
    pub(crate) binary: bool,
}

impl Fields {
    /// Fills what is still missing from `other` (the first occurrence wins).
    fn or(mut self, other: Fields) -> Fields {
        self.key = self.key.or(other.key);
        self.file = self.file.or(other.file);
        self
    }
}

/// Reads `key` and `file` from the request: its body (multipart when the
/// content type says so, else urlencoded, whatever the content type claims),
/// then the query string for what the body lacks. `limit` caps the body.
pub(crate) async fn read_fields(
    headers: &HeaderMap,
    query: Option<&str>,
    body: Body,
    limit: usize,
) -> Result<Fields, BodyError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let length = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if length.is_some_and(|n| n > limit) {
        drain(body).await;
        return Err(BodyError::TooLarge);
    }
    let from_body = match boundary(content_type) {
        Some(boundary) => multipart_fields(body, boundary, limit, length).await?,
        None => form_fields(read_body(body, limit, length).await?),
    };
    let from_query = query.map_or_else(Fields::default, |q| form_fields(q.as_bytes().to_vec()));
    Ok(from_body.or(from_query))
}

/// The boundary of a `multipart/...` content type, read leniently: Java
/// samples send `boundary====1733011200000===` unquoted, which a strict MIME
/// parser refuses.
fn boundary(content_type: &str) -> Option<String> {
    let (mime, params) = content_type.split_once(';')?;
    if !mime.trim().to_ascii_lowercase().starts_with("multipart/") {
        return None;
    }
    params.split(';').find_map(|param| {
        let (name, value) = param.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("boundary") {
            return None;
        }
        let value = value.trim().trim_matches('"');
        (!value.is_empty()).then(|| value.to_owned())
    })
}

/// Reads the rest of a body that will not be used, up to [`DRAIN_LIMIT`].
async fn drain(body: Body) {
    let mut stream = body.into_data_stream();
    let mut drained = 0usize;
    while let Some(Ok(chunk)) = stream.next().await {
        drained += chunk.len();
        if drained > DRAIN_LIMIT {
            break;
        }
    }
}

/// Reads the whole body, at most `limit` bytes, into one buffer sized from
/// the announced length when there is one.
async fn read_body(body: Body, limit: usize, length: Option<usize>) -> Result<Vec<u8>, BodyError> {
    let mut stream = body.into_data_stream();
    let mut buf = Vec::with_capacity(length.unwrap_or(0).min(limit));
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| BodyError::Interrupted)?;
        if buf.len() + chunk.len() > limit {
            drain(Body::from_stream(stream)).await;
            return Err(BodyError::TooLarge);
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf)
}

/// The fields of an `application/x-www-form-urlencoded` body or query
/// string; the first occurrence of a field wins. The `file` value is
/// decoded in place and keeps the body's buffer: no copy of it is made.
pub(crate) fn form_fields(mut body: Vec<u8>) -> Fields {
    let mut key = None;
    let mut file = None;
    let mut start = 0;
    for pair in body.split(|&b| b == b'&') {
        let end = start + pair.len();
        let eq = pair.iter().position(|&b| b == b'=').unwrap_or(pair.len());
        let value = (start + eq + 1).min(end)..end;
        match &*percent_decode(&pair[..eq]) {
            b"key" if key.is_none() => {
                key = Some(String::from_utf8_lossy(&percent_decode(&body[value])).into_owned());
            }
            b"file" if file.is_none() => file = Some(value),
            _ => {}
        }
        start = end + 1;
    }
    let file = file.map(|range| {
        let n = percent_decode_in_place(&mut body[range.clone()]);
        body.truncate(range.start + n);
        body.drain(..range.start);
        FileField {
            bytes: body,
            binary: false,
        }
    });
    Fields { key, file }
}

/// `application/x-www-form-urlencoded` decoding of one name or value: `+` is
/// a space, `%XX` a byte, anything else itself.
fn percent_decode(text: &[u8]) -> Vec<u8> {
    let mut out = text.to_vec();
    let n = percent_decode_in_place(&mut out);
    out.truncate(n);
    out
}

/// [`percent_decode`] over `text` itself (decoding only shortens it): the
/// decoded length.
fn percent_decode_in_place(text: &mut [u8]) -> usize {
    let hex = |c: u8| (c as char).to_digit(16);
    let (mut read, mut write) = (0, 0);
    while read < text.len() {
        let b = match text[read] {
            b'+' => b' ',
            b'%' => match (
                text.get(read + 1).copied().and_then(hex),
                text.get(read + 2).copied().and_then(hex),
            ) {
                (Some(h), Some(l)) => {
                    read += 2;
                    (h * 16 + l) as u8
                }
                _ => b'%',
            },
            b => b,
        };
        text[write] = b;
        write += 1;
        read += 1;
    }
    write
}

/// The fields of a `multipart/form-data` body, read as it streams in: only
/// `key` and the first `file` part are kept. A malformed body yields what
/// was read before the fault (possibly nothing).
async fn multipart_fields(
    body: Body,
    boundary: String,
    limit: usize,
    length: Option<usize>,
) -> Result<Fields, BodyError> {
    let constraints =
        multer::Constraints::new().size_limit(multer::SizeLimit::new().whole_stream(limit as u64));
    let stream = body.into_data_stream().map_err(std::io::Error::other);
    let mut multipart = multer::Multipart::with_constraints(stream, boundary, constraints);
    let mut fields = Fields::default();
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => return multipart_error(&e, fields),
        };
        let name = field.name().map(str::to_owned);
        let binary = field.file_name().is_some()
            || field.content_type().is_some_and(|m| m.type_() != "text");
        let wanted = match name.as_deref() {
            Some("key") => fields.key.is_none(),
            Some("file") => fields.file.is_none(),
            _ => false,
        };
        // One buffer sized from the whole body's length: growing by doubling
        // could hold twice the part at once.
        let mut value: Vec<u8> = Vec::with_capacity(if wanted && name.as_deref() == Some("file") {
            length.unwrap_or(0).min(limit)
        } else {
            0
        });
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) if wanted => value.extend_from_slice(&chunk),
                Ok(Some(_)) => {}
                Ok(None) => break,
                Err(e) => return multipart_error(&e, fields),
            }
        }
        match name.as_deref() {
            Some("key") if wanted => {
                fields.key = Some(String::from_utf8_lossy(&value).into_owned());
            }
            Some("file") if wanted => {
                fields.file = Some(FileField {
                    bytes: value,
                    binary,
                });
            }
            _ => {}
        }
    }
    Ok(fields)
}

/// A broken multipart body: too large or cut off is an error; a malformed
/// one keeps the fields read so far.
fn multipart_error(e: &multer::Error, fields: Fields) -> Result<Fields, BodyError> {
    match e {
        multer::Error::StreamSizeExceeded { .. } | multer::Error::FieldSizeExceeded { .. } => {
            Err(BodyError::TooLarge)
        }
        multer::Error::StreamReadFailed(_) => Err(BodyError::Interrupted),
        _ => Ok(fields),
    }
}

/// The image a `file` value carries: the bytes themselves when they look
/// like an image and came as a file part, else the base64 text decoded,
/// else the bytes themselves when they look like an image. `None` when it
/// is neither (270903).
pub(crate) fn image_of(file: FileField) -> Option<Bytes> {
    let raw_image = looks_like_image(&file.bytes);
    if raw_image && (file.binary || !file.bytes.is_ascii()) {
        return Some(Bytes::from(file.bytes));
    }
    match decode_base64(file.bytes) {
        Ok(image) => looks_like_image(&image).then(|| Bytes::from(image)),
        Err(bytes) => raw_image.then(|| Bytes::from(bytes)),
    }
}

/// Standard and URL-safe base64 (after mapping), padded or not.
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// Decodes base64 text, leniently: a `data:...;base64,` prefix is
/// dropped, line breaks and tabs are ignored, a space counts as `+` (what an
/// unencoded `+` becomes in a form), the URL-safe `-` and `_` count as `+`
/// and `/`, and padding is optional. The text is cleaned in place (no copy);
/// what is not base64 comes back as `Err`.
pub(crate) fn decode_base64(mut text: Vec<u8>) -> Result<Vec<u8>, Vec<u8>> {
    let lead = text.len() - text.trim_ascii_start().len();
    let start = match text[lead..].strip_prefix(b"data:") {
        Some(rest) => match rest.iter().position(|&b| b == b',') {
            Some(comma) => lead + b"data:".len() + comma + 1,
            None => return Err(text),
        },
        None => lead,
    };
    let end = text.trim_ascii_end().len().max(start);
    let allowed = |b: u8| {
        b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'+' | b'/' | b'=' | b'-' | b'_' | b' ' | b'\r' | b'\n' | b'\t'
            )
    };
    if !text[start..end].iter().all(|&b| allowed(b)) {
        return Err(text);
    }
    let mut n = 0;
    for i in start..end {
        let b = match text[i] {
            b'\r' | b'\n' | b'\t' => continue,
            b' ' | b'-' => b'+',
            b'_' => b'/',
            b => b,
        };
        text[n] = b;
        n += 1;
    }
    text.truncate(n);
    LENIENT.decode(&text).map_err(|_| text)
}

/// Whether `bytes` start like an image file: JPEG, PNG, BMP, GIF, WebP or TIFF.
pub(crate) fn looks_like_image(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xD8, 0xFF])
        || bytes.starts_with(b"\x89PNG\r\n\x1a\n")
        || (bytes.starts_with(b"BM") && bytes.len() > 14)
        || bytes.starts_with(b"GIF87a")
        || bytes.starts_with(b"GIF89a")
        || (bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP")
        || bytes.starts_with(b"II*\0")
        || bytes.starts_with(b"MM\0*")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_variants_decode_alike() {
        let data: Vec<u8> = (0u8..=255).collect();
        let std = base64::engine::general_purpose::STANDARD.encode(&data);
        assert!(std.contains('+') && std.contains('/') && std.ends_with('='));
        let url = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&data);
        let wrapped: String = std
            .as_bytes()
            .chunks(76)
            .map(|c| String::from_utf8_lossy(c).into_owned() + "\r\n")
            .collect();
        let spaced = std.replace('+', " ");
        let data_url = format!("data:image/jpeg;base64,{std}");
        for text in [&std, &url, &wrapped, &spaced, &data_url] {
            assert_eq!(
                decode_base64(text.as_bytes().to_vec()).ok().as_deref(),
                Some(&data[..]),
                "{text}"
            );
        }
    }

    #[test]
    fn bad_base64_is_none() {
        for text in ["%%%", "abc$", "data:image/png;base64", "A"] {
            assert!(decode_base64(text.as_bytes().to_vec()).is_err(), "{text}");
        }
    }

    #[test]
    fn form_fields_first_wins_and_plus_is_encoded() {
        let f = form_fields(b"key=k1&file=ab%2B%2F%3D+x&key=k2&other=1".to_vec());
        assert_eq!(f.key.as_deref(), Some("k1"));
        assert_eq!(f.file.map(|f| f.bytes).as_deref(), Some(&b"ab+/= x"[..]));
        let empty = form_fields(Vec::new());
        let bare = form_fields(b"file&key=%ZZ%4".to_vec());
        assert_eq!(bare.key.as_deref(), Some("%ZZ%4"));
        assert_eq!(bare.file.map(|f| f.bytes), Some(Vec::new()));
        assert!(empty.key.is_none() && empty.file.is_none());
    }

    #[test]
    fn boundaries_are_read_leniently() {
        for (ct, want) in [
            ("multipart/form-data; boundary=abc", Some("abc")),
            ("Multipart/Form-Data;boundary=\"a b\"", Some("a b")),
            (
                "multipart/form-data; boundary====1733011200000===",
                Some("===1733011200000==="),
            ),
            ("multipart/form-data; charset=utf-8; BOUNDARY=x", Some("x")),
            ("multipart/form-data", None),
            ("application/x-www-form-urlencoded; boundary=x", None),
        ] {
            assert_eq!(boundary(ct).as_deref(), want, "{ct}");
        }
    }

    #[test]
    fn sniffs_image_magic() {
        assert!(looks_like_image(b"\xFF\xD8\xFF\xE0rest"));
        assert!(looks_like_image(b"\x89PNG\r\n\x1a\nrest"));
        assert!(looks_like_image(b"RIFF\0\0\0\0WEBPVP8 "));
        assert!(!looks_like_image(b"RIFF\0\0\0\0WAVE"));
        assert!(!looks_like_image(b"hello world"));
        assert!(!looks_like_image(b""));
    }
}
