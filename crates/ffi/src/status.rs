//! The status every fallible function returns, and its text.

use std::ffi::{CStr, c_uint};

/// What a call did. `REGCERT_STATUS_OK` (0) is success; every other value is
/// a failure whose detail is in regcert_last_error_message().
///
/// The numbers are part of the ABI: they never change and are never reused.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(non_camel_case_types)]
pub enum regcert_status {
    /// Success.
    Ok = 0,
    /// A pointer argument that must not be NULL was NULL.
    NullArgument = 1,
    /// A text argument (or the bytes given to regcert_parse_response) is not UTF-8.
    InvalidUtf8 = 2,
    /// An argument is out of range: an empty key, an invalid base URL, a zero timeout.
    InvalidArgument = 3,
    /// The image is empty, too large, or not JPEG, PNG or BMP; nothing was sent.
    InvalidImage = 4,
    /// The image file could not be read.
    Io = 5,
    /// The service did not answer within the client's timeout.
    Timeout = 6,
    /// The connection failed: refused, reset, name resolution, TLS, or an answer cut short.
    Transport = 7,
    /// The service answered with an HTTP error status.
    Http = 8,
    /// The API answered with a non-zero error_code; see regcert_last_api_error_code().
    Api = 9,
    /// The answer (or the text given to regcert_parse_response) is not a response of the API.
    Decode = 10,
    /// The library panicked; the call was abandoned. Please report it.
    Panic = 11,
    /// A failure this version of the library does not classify.
    Internal = 12,
    /// The offline engine's models are missing, corrupt or unusable; the
    /// message names the file (run `regcert models fetch` to download them).
    Models = 13,
    /// The offline engine could not read the image (it does not decode, has
    /// too few or too many pixels, or inference failed).
    Local = 14,
}

impl regcert_status {
    /// Every status, in number order.
    pub(crate) const ALL: [regcert_status; 15] = [
        regcert_status::Ok,
        regcert_status::NullArgument,
        regcert_status::InvalidUtf8,
        regcert_status::InvalidArgument,
        regcert_status::InvalidImage,
        regcert_status::Io,
        regcert_status::Timeout,
        regcert_status::Transport,
        regcert_status::Http,
        regcert_status::Api,
        regcert_status::Decode,
        regcert_status::Panic,
        regcert_status::Internal,
        regcert_status::Models,
        regcert_status::Local,
    ];

    /// The status of a number, `None` for a number no status has.
    pub fn from_number(n: c_uint) -> Option<regcert_status> {
        Self::ALL.iter().copied().find(|s| *s as c_uint == n)
    }

    /// A short English description, as a C string.
    pub fn text(self) -> &'static CStr {
        match self {
            regcert_status::Ok => c"ok",
            regcert_status::NullArgument => c"a required pointer argument is NULL",
            regcert_status::InvalidUtf8 => c"text is not valid UTF-8",
            regcert_status::InvalidArgument => c"invalid argument",
            regcert_status::InvalidImage => c"invalid image",
            regcert_status::Io => c"I/O error",
            regcert_status::Timeout => c"timed out",
            regcert_status::Transport => c"connection failed",
            regcert_status::Http => c"HTTP error status",
            regcert_status::Api => c"the API returned an error code",
            regcert_status::Decode => c"not a response of the API",
            regcert_status::Panic => c"internal panic",
            regcert_status::Internal => c"unclassified error",
            regcert_status::Models => c"offline models missing or unusable",
            regcert_status::Local => c"offline recognition failed",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn numbers_are_dense_distinct_and_fixed() {
        for (i, s) in regcert_status::ALL.iter().enumerate() {
            assert_eq!(*s as usize, i);
            assert_eq!(regcert_status::from_number(i as c_uint), Some(*s));
        }
        assert_eq!(regcert_status::Api as u32, 9);
        assert_eq!(regcert_status::Panic as u32, 11);
        assert_eq!(regcert_status::Models as u32, 13);
        assert_eq!(regcert_status::Local as u32, 14);
        assert_eq!(regcert_status::from_number(15), None);
    }

    #[test]
    fn every_status_has_its_own_text() {
        let texts: HashSet<_> = regcert_status::ALL.iter().map(|s| s.text()).collect();
        assert_eq!(texts.len(), regcert_status::ALL.len());
        assert_eq!(regcert_status::Timeout.text(), c"timed out");
    }
}
