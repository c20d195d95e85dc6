//! Request bodies of the two endpoints.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;

/// Input bytes per base64 chunk: a multiple of 3, so chunks concatenate into
/// one valid encoding.
const CHUNK_IN: usize = 3 * 4096;

/// The `application/x-www-form-urlencoded` body `key=…&file=…`, `file` being
/// the standard base64 of `image`, percent-encoded.
///
/// The base64 text is produced chunk by chunk straight into the body: base64
/// only has `+`, `/` and `=` to escape, so a first pass counts them and the
/// body is allocated once at its exact size. Peak memory is the image plus
/// the body (about 1.4 times the image), with no intermediate base64 copy.
pub(crate) fn form_body(key: &str, image: &[u8]) -> Bytes {
    let key_len: usize = form_urlencoded::byte_serialize(key.as_bytes())
        .map(str::len)
        .sum();
    let mut scratch = vec![0u8; CHUNK_IN / 3 * 4];
    let mut file_len = 0;
    for_each_base64_chunk(image, &mut scratch, |b64| {
        file_len += b64.len() + 2 * b64.iter().filter(|c| !c.is_ascii_alphanumeric()).count();
    });
    let mut body = Vec::with_capacity("key=&file=".len() + key_len + file_len);
    body.extend_from_slice(b"key=");
    for part in form_urlencoded::byte_serialize(key.as_bytes()) {
        body.extend_from_slice(part.as_bytes());
    }
    body.extend_from_slice(b"&file=");
    for_each_base64_chunk(image, &mut scratch, |b64| {
        push_escaped_base64(&mut body, b64);
    });
    Bytes::from(body)
}

/// Appends base64 text percent-encoded: its only characters outside
/// `[A-Za-z0-9]` are `+`, `/` and `=`. A byte loop instead of a general
/// form encoder, which is several times slower on this hot path.
fn push_escaped_base64(body: &mut Vec<u8>, b64: &[u8]) {
    for &c in b64 {
        match c {
            b'+' => body.extend_from_slice(b"%2B"),
            b'/' => body.extend_from_slice(b"%2F"),
            b'=' => body.extend_from_slice(b"%3D"),
            _ => body.push(c),
        }
    }
}

fn for_each_base64_chunk(image: &[u8], scratch: &mut [u8], mut f: impl FnMut(&[u8])) {
    for chunk in image.chunks(CHUNK_IN) {
        // `scratch` holds the encoding of a whole chunk, so this cannot fail.
        let n = STANDARD.encode_slice(chunk, scratch).unwrap_or(0);
        f(&scratch[..n]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_file(body: &[u8]) -> (String, Vec<u8>) {
        let mut key = None;
        let mut file = None;
        for (k, v) in form_urlencoded::parse(body) {
            match &*k {
                "key" => key = Some(v.into_owned()),
                "file" => file = Some(STANDARD.decode(v.as_bytes()).unwrap()),
                other => panic!("unexpected field {other}"),
            }
        }
        (key.unwrap(), file.unwrap())
    }

    #[test]
    fn round_trips_base64_specials() {
        // FB EF BE → "++++", FF FF FF → "////", a trailing byte → "==".
        let image = [0xFF, 0xD8, 0xFF, 0xFB, 0xEF, 0xBE, 0xFF, 0xFF, 0xFF, 0x01];
        let body = form_body("k+y&=/ é", &image);
        let text = std::str::from_utf8(&body).unwrap();
        assert!(text.contains("%2B%2B%2B%2B"), "{text}");
        assert!(text.contains("%2F%2F%2F%2F"), "{text}");
        assert!(text.ends_with("%3D%3D"), "{text}");
        assert!(!text.contains(' '));
        assert_eq!(decode_file(&body), ("k+y&=/ é".to_owned(), image.to_vec()));
    }

    #[test]
    fn chunks_concatenate_and_size_is_exact() {
        let image: Vec<u8> = (0..CHUNK_IN * 3 + 7)
            .map(|i| (i * 7919 % 251) as u8)
            .collect();
        let body = form_body("sandbox", &image);
        assert_eq!(decode_file(&body).1, image);
        let empty = form_body("k", &[]);
        assert_eq!(&empty[..], b"key=k&file=");
    }
}
