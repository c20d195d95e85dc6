//! Reading a request: the body under a size limit, its `key` and `file`
//! fields, base64, and the image check.

use axum::body::Body;
use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use bytes::{Bytes, BytesMut};
use futures_util::StreamExt as _;

/// The request body was larger than the limit.
#[derive(Debug)]
pub(crate) struct TooLarge;

/// How much of an oversized body is still read (and dropped) so that the
/// client, still sending, gets the answer instead of a reset connection.
const DRAIN_LIMIT: usize = 256 * 1024 * 1024;

/// Reads the whole body, at most `limit` bytes.
///
/// A body that is cut short by the client yields what arrived.
pub(crate) async fn read_body(body: Body, limit: usize) -> Result<Bytes, TooLarge> {
    let mut stream = body.into_data_stream();
    let mut buf = BytesMut::new();
    while let Some(chunk) = stream.next().await {
        let Ok(chunk) = chunk else { break };
        if buf.len() + chunk.len() > limit {
            let mut drained = 0usize;
            while let Some(Ok(chunk)) = stream.next().await {
                drained += chunk.len();
                if drained > DRAIN_LIMIT {
                    break;
                }
            }
            return Err(TooLarge);
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf.freeze())
}

/// The `key` and `file` fields of a request, as sent.
#[derive(Default)]
pub(crate) struct Fields {
    pub(crate) key: Option<String>,
    pub(crate) file: Option<Bytes>,
}

/// The fields of an `application/x-www-form-urlencoded` body; `file` is the
/// base64 text. The first occurrence of a field wins.
pub(crate) fn form_fields(body: &[u8]) -> Fields {
    let mut fields = Fields::default();
    for (name, value) in form_urlencoded::parse(body) {
        match &*name {
            "key" if fields.key.is_none() => fields.key = Some(value.into_owned()),
            "file" if fields.file.is_none() => {
                fields.file = Some(Bytes::from(value.into_owned().into_bytes()));
            }
            _ => {}
        }
    }
    fields
}

/// The fields of a `multipart/form-data` body; `file` is the raw image.
/// A body that is not multipart, or is malformed, yields what was read
/// before the fault (possibly nothing).
pub(crate) async fn multipart_fields(content_type: Option<&str>, body: Bytes) -> Fields {
    let mut fields = Fields::default();
    let Some(boundary) = content_type.and_then(|ct| multer::parse_boundary(ct).ok()) else {
        return fields;
    };
    let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    while let Ok(Some(field)) = multipart.next_field().await {
        let name = field.name().map(str::to_owned);
        let Ok(value) = field.bytes().await else {
            break;
        };
        match name.as_deref() {
            Some("key") if fields.key.is_none() => {
                fields.key = Some(String::from_utf8_lossy(&value).into_owned());
            }
            Some("file") if fields.file.is_none() => fields.file = Some(value),
            _ => {}
        }
    }
    fields
}

/// Standard and URL-safe base64 (after mapping), padded or not.
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// Decodes the base64 text of the form endpoint, leniently: a
/// `data:...;base64,` prefix is dropped, line breaks and tabs are ignored,
/// a space counts as `+` (what an unencoded `+` becomes in a form), the
/// URL-safe `-` and `_` count as `+` and `/`, and padding is optional.
pub(crate) fn decode_base64(text: &[u8]) -> Option<Vec<u8>> {
    let text = text.trim_ascii();
    let text = match text.strip_prefix(b"data:") {
        Some(rest) => {
            let comma = rest.iter().position(|&b| b == b',')?;
            &rest[comma + 1..]
        }
        None => text,
    };
    let cleaned: Vec<u8> = text
        .iter()
        .filter(|b| !matches!(b, b'\r' | b'\n' | b'\t'))
        .map(|&b| match b {
            b' ' | b'-' => b'+',
            b'_' => b'/',
            b => b,
        })
        .collect();
    LENIENT.decode(cleaned).ok()
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
                decode_base64(text.as_bytes()).as_deref(),
                Some(&data[..]),
                "{text}"
            );
        }
    }

    #[test]
    fn bad_base64_is_none() {
        for text in ["%%%", "abc$", "data:image/png;base64", "A"] {
            assert_eq!(decode_base64(text.as_bytes()), None, "{text}");
        }
    }

    #[test]
    fn form_fields_first_wins_and_plus_is_encoded() {
        let f = form_fields(b"key=k1&file=ab%2B%2F%3D&key=k2&other=1");
        assert_eq!(f.key.as_deref(), Some("k1"));
        assert_eq!(f.file.as_deref(), Some(&b"ab+/="[..]));
        let empty = form_fields(b"");
        assert!(empty.key.is_none() && empty.file.is_none());
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
