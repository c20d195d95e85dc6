//! The API's error-code catalog.
//!
//! Every code listed in the API document, service level (`2709xx`) and system
//! level (`100xx`), with its Chinese text as the API sends it, an English
//! text, the old-style `resultcode`, and whether a second try can succeed.
//! Codes the catalog does not know are kept as [`ErrorCode::Unknown`].

use std::fmt;

/// Whether a code comes from this API's own service or from the platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    /// A service-level error of this API (codes `2xxxxx`).
    Service,
    /// A system-level error of the platform (codes `1xxxx`).
    System,
}

impl Level {
    /// Lower-case English name: `"service"` or `"system"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Service => "service",
            Level::System => "system",
        }
    }
}

macro_rules! catalog {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $old:expr, $level:ident, $retry:literal, $zh:literal, $en:literal; )*) => {
        /// An `error_code` of the API.
        ///
        /// `ErrorCode::from_code(0)` is `None`: zero means success.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $( $(#[$doc])* $variant, )*
            /// A non-zero code that is not in the catalog, kept as received.
            Unknown(i64),
        }

        impl ErrorCode {
            /// Every code of the catalog, in the document's order.
            pub const ALL: &'static [ErrorCode] = &[ $( ErrorCode::$variant, )* ];

            /// The catalog entry of a numeric code; `None` for 0 (success).
            pub fn from_code(code: i64) -> Option<ErrorCode> {
                match code {
                    0 => None,
                    $( $code => Some(ErrorCode::$variant), )*
                    other => Some(ErrorCode::Unknown(other)),
                }
            }

            /// The numeric code as the API sends it.
            pub fn code(self) -> i64 {
                match self {
                    $( ErrorCode::$variant => $code, )*
                    ErrorCode::Unknown(c) => c,
                }
            }

            /// The old-style `resultcode` of a system-level code (`"101"` for 10001).
            pub fn old_resultcode(self) -> Option<&'static str> {
                match self {
                    $( ErrorCode::$variant => $old, )*
                    ErrorCode::Unknown(_) => None,
                }
            }

            /// Service or system level, read off the code's first digit for unknown codes.
            pub fn level(self) -> Level {
                match self {
                    $( ErrorCode::$variant => Level::$level, )*
                    ErrorCode::Unknown(c) => {
                        if c.to_string().starts_with('1') { Level::System } else { Level::Service }
                    }
                }
            }

            /// Whether the same request may succeed on a later try.
            ///
            /// Yes for a network error, an internal error, maintenance and the
            /// per-IP rate limit; no for key problems, an empty `file`, a failed
            /// recognition, quota exhaustion and unknown codes.
            pub fn is_retryable(self) -> bool {
                match self {
                    $( ErrorCode::$variant => $retry, )*
                    ErrorCode::Unknown(_) => false,
                }
            }

            /// The Chinese text of the API document.
            pub fn zh(self) -> &'static str {
                match self {
                    $( ErrorCode::$variant => $zh, )*
                    ErrorCode::Unknown(_) => "未知错误",
                }
            }

            /// An English text.
            pub fn en(self) -> &'static str {
                match self {
                    $( ErrorCode::$variant => $en, )*
                    ErrorCode::Unknown(_) => "unknown error code",
                }
            }
        }
    };
}

catalog! {
    /// 270901 网络错误.
    NetworkError = 270901, None, Service, true, "网络错误", "network error";
    /// 270902 file参数不可为空.
    FileEmpty = 270902, None, Service, false, "file参数不可为空", "the file parameter must not be empty";
    /// 270903 识别失败.
    RecognitionFailed = 270903, None, Service, false, "识别失败", "recognition failed";
    /// 10001 错误的请求KEY.
    InvalidKey = 10001, Some("101"), System, false, "错误的请求KEY", "invalid request key";
    /// 10002 该KEY无请求权限.
    KeyNoPermission = 10002, Some("102"), System, false, "该KEY无请求权限", "the key has no permission for this API";
    /// 10003 KEY过期.
    KeyExpired = 10003, Some("103"), System, false, "KEY过期", "the key has expired";
    /// 10004 错误的OPENID.
    InvalidOpenId = 10004, Some("104"), System, false, "错误的OPENID", "invalid OPENID";
    /// 10005 应用未审核超时，请提交认证.
    AppNotVerified = 10005, Some("105"), System, false, "应用未审核超时，请提交认证", "application not verified in time; submit verification";
    /// 10007 未知的请求源.
    UnknownSource = 10007, Some("107"), System, false, "未知的请求源", "unknown request source";
    /// 10008 被禁止的IP.
    IpBanned = 10008, Some("108"), System, false, "被禁止的IP", "the IP address is banned";
    /// 10009 被禁止的KEY.
    KeyBanned = 10009, Some("109"), System, false, "被禁止的KEY", "the key is banned";
    /// 10011 当前IP请求超过限制.
    IpRateLimited = 10011, Some("111"), System, true, "当前IP请求超过限制", "too many requests from this IP address";
    /// 10012 请求超过次数限制.
    QuotaExceeded = 10012, Some("112"), System, false, "请求超过次数限制", "request quota exceeded";
    /// 10013 测试KEY超过请求限制.
    TestKeyQuotaExceeded = 10013, Some("113"), System, false, "测试KEY超过请求限制", "test key request quota exceeded";
    /// 10014 系统内部异常.
    InternalError = 10014, Some("114"), System, true, "系统内部异常", "internal system error";
    /// 10020 接口维护.
    Maintenance = 10020, Some("120"), System, true, "接口维护", "API under maintenance";
    /// 10021 接口停用.
    Discontinued = 10021, Some("121"), System, false, "接口停用", "API discontinued";
}

impl ErrorCode {
    /// The catalog entry of an old-style `resultcode` such as `"112"`.
    pub fn from_old_resultcode(old: &str) -> Option<ErrorCode> {
        let old = old.trim();
        Self::ALL
            .iter()
            .copied()
            .find(|c| c.old_resultcode() == Some(old))
    }
}

impl ErrorCode {
    /// `10001 错误的请求KEY (invalid request key)`, followed by `: REASON` when
    /// the API's `reason` says something the catalog text does not.
    pub fn describe(self, reason: Option<&str>) -> String {
        match reason.map(str::trim) {
            Some(r) if !r.is_empty() && r != self.zh() => format!("{self}: {r}"),
            _ => self.to_string(),
        }
    }
}

/// An answer of the API with a non-zero `error_code`: its catalog code and
/// the `reason` text it came with.
///
/// The one type every part of regcert uses for such an answer (the model's
/// [`Error::Api`](crate::Error::Api), the client's, the C ABI's message), so
/// each says it the same way.
///
/// ```
/// use regcert_model::{ApiError, ErrorCode};
/// let e = ApiError::new(ErrorCode::InvalidKey, Some("错误的请求KEY".into()));
/// assert_eq!(e.to_string(), "API error 10001 错误的请求KEY (invalid request key)");
/// assert!(!e.is_retryable());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, thiserror::Error)]
#[error("API error {}", .code.describe(.reason.as_deref()))]
#[non_exhaustive]
pub struct ApiError {
    /// The catalog code.
    pub code: ErrorCode,
    /// The API's `reason` text, when it sent one.
    pub reason: Option<String>,
}

impl ApiError {
    /// The answer `code` with its `reason`.
    pub fn new(code: ErrorCode, reason: Option<String>) -> ApiError {
        ApiError { code, reason }
    }

    /// Whether a second try of the same request can succeed (the code's
    /// [`ErrorCode::is_retryable`]).
    pub fn is_retryable(&self) -> bool {
        self.code.is_retryable()
    }
}

impl fmt::Display for ErrorCode {
    /// `10001 错误的请求KEY (invalid request key)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} ({})", self.code(), self.zh(), self.en())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_code() {
        for &c in ErrorCode::ALL {
            assert_eq!(ErrorCode::from_code(c.code()), Some(c));
            assert!(!matches!(c, ErrorCode::Unknown(_)));
        }
        assert_eq!(ErrorCode::ALL.len(), 17);
    }

    #[test]
    fn zero_is_success_and_unknown_is_kept() {
        assert_eq!(ErrorCode::from_code(0), None);
        let u = ErrorCode::from_code(999_999).unwrap();
        assert_eq!(u, ErrorCode::Unknown(999_999));
        assert_eq!(u.code(), 999_999);
        assert!(!u.is_retryable());
        assert_eq!(ErrorCode::Unknown(10099).level(), Level::System);
    }

    #[test]
    fn retryable_set_matches_the_policy() {
        let retryable: Vec<i64> = ErrorCode::ALL
            .iter()
            .filter(|c| c.is_retryable())
            .map(|c| c.code())
            .collect();
        assert_eq!(retryable, vec![270901, 10011, 10014, 10020]);
    }

    #[test]
    fn levels_and_old_codes() {
        assert_eq!(ErrorCode::FileEmpty.level(), Level::Service);
        assert_eq!(ErrorCode::FileEmpty.old_resultcode(), None);
        assert_eq!(ErrorCode::InvalidKey.level(), Level::System);
        assert_eq!(ErrorCode::Discontinued.old_resultcode(), Some("121"));
        assert_eq!(
            ErrorCode::from_old_resultcode("112"),
            Some(ErrorCode::QuotaExceeded)
        );
        assert_eq!(ErrorCode::from_old_resultcode("999"), None);
    }

    #[test]
    fn describe_adds_a_reason_only_when_it_says_more() {
        let c = ErrorCode::InvalidKey;
        assert_eq!(c.describe(Some("错误的请求KEY")), c.to_string());
        assert_eq!(c.describe(Some(" ")), c.to_string());
        assert_eq!(c.describe(None), c.to_string());
        assert_eq!(
            ErrorCode::Unknown(9).describe(Some("升级中")),
            "9 未知错误 (unknown error code): 升级中"
        );
    }

    #[test]
    fn display_has_code_and_both_texts() {
        assert_eq!(
            ErrorCode::InvalidKey.to_string(),
            "10001 错误的请求KEY (invalid request key)"
        );
    }
}
