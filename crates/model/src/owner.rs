//! The owner field: 机动车所有人/身份证明名称/号码.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::id_number;
use crate::text::halfwidth_cow;

/// The owner of the vehicle and the identity document printed with the name.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Owner {
    /// The owner's name: a person or a company.
    pub name: Option<String>,
    /// The identity document's name, such as `居民身份证` or `统一社会信用代码`.
    pub id_type: Option<String>,
    /// The document's number, upper case, without spaces.
    pub id_number: Option<String>,
}

impl fmt::Debug for Owner {
    /// Masks the ID number: first 6 and last 4 characters only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Owner")
            .field("name", &self.name)
            .field("id_type", &self.id_type)
            .field("id_number", &self.id_number.as_deref().map(id_number::mask))
            .finish()
    }
}

/// Identity documents that appear on certificates. When several match, the
/// longest wins (临时居民身份证 over the 居民身份证 it contains).
const ID_TYPES: &[&str] = &[
    "港澳居民来往内地通行证",
    "台湾居民来往大陆通行证",
    "外国人永久居留身份证",
    "中国人民解放军军官证",
    "统一社会信用代码证书",
    "组织机构代码证书",
    "统一社会信用代码",
    "居民身份证",
    "组织机构代码",
    "临时居民身份证",
    "军官证",
    "士兵证",
    "护照",
    "身份证",
];

/// What the identity number must satisfy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdCheck {
    /// A 居民身份证 number (GB 11643).
    ResidentId,
    /// A 统一社会信用代码 (GB 32100).
    CreditCode,
    /// No check applies.
    None,
}

impl Owner {
    /// Splits a printed owner field into name, ID type and ID number.
    ///
    /// Accepts `V`, `/`, `／` or `|` between the parts, or a known document
    /// name between name and number without separators. An unknown document
    /// with two separated parts gives a name and a number; a lone number
    /// gives only the number. Returns `None` when nothing is left.
    pub fn parse(text: &str) -> Option<Owner> {
        let t = halfwidth_cow(text);
        let t = t.trim();
        if t.is_empty() || crate::units::is_dashes(t) {
            return None;
        }
        let clean = |s: &str| {
            let s = s.trim_matches(|c: char| c.is_whitespace() || is_separator(c));
            (!s.is_empty()).then(|| s.to_owned())
        };
        let number = |s: &str| clean(s).map(|n| n.replace(' ', "").to_uppercase());
        let found = ID_TYPES
            .iter()
            .filter_map(|ty| find(t, ty).map(|p| (p, *ty)))
            .max_by_key(|(_, ty)| ty.len());
        if let Some((pos, ty)) = found {
            // A `V` written as separator touches the document name on either side.
            let name = &t[..pos];
            let name = match name.strip_suffix(['V', 'v']) {
                Some(n) if n.chars().last().is_some_and(|c| !c.is_ascii()) => n,
                _ => name,
            };
            let rest = &t[pos + ty.len()..];
            let rest = rest.strip_prefix(['V', 'v']).unwrap_or(rest);
            return Some(Owner {
                name: clean(name),
                id_type: Some(ty.to_owned()),
                id_number: number(rest),
            });
        }
        let parts: Vec<&str> = split_parts(t);
        let owner = match parts.as_slice() {
            [] => return None,
            [one] if looks_like_number(one) => Owner {
                id_number: number(one),
                ..Owner::default()
            },
            [one] => Owner {
                name: clean(one),
                ..Owner::default()
            },
            [name, num] => Owner {
                name: clean(name),
                id_type: None,
                id_number: number(num),
            },
            [name, ty, rest @ ..] => Owner {
                name: clean(name),
                id_type: clean(ty),
                id_number: number(&rest.concat()),
            },
        };
        Some(owner)
    }

    /// Which checksum applies: by the document name, or by the number's
    /// shape when no document is printed.
    pub fn id_check(&self) -> IdCheck {
        let Some(num) = self.id_number.as_deref() else {
            return IdCheck::None;
        };
        match self.id_type.as_deref() {
            Some(t) if t.contains("身份证") && !t.contains("外国人") => IdCheck::ResidentId,
            Some(t) if t.starts_with("统一社会信用代码") => IdCheck::CreditCode,
            Some(_) => IdCheck::None,
            None if num.len() == 18 && id_number::looks_like_resident_id(num) => {
                IdCheck::ResidentId
            }
            None if id_number::looks_like_uscc(num) => IdCheck::CreditCode,
            None => IdCheck::None,
        }
    }
}

/// `text.find(word)` for the short texts of a certificate, without the setup
/// of `str::find`'s searcher. A match of UTF-8 bytes in UTF-8 text always
/// starts on a character boundary.
fn find(text: &str, word: &str) -> Option<usize> {
    let (text, word) = (text.as_bytes(), word.as_bytes());
    let last = text.len().checked_sub(word.len())?;
    let Some(&first) = word.first() else {
        return Some(0);
    };
    (0..=last).find(|&i| text[i] == first && text[i..].starts_with(word))
}

fn is_separator(c: char) -> bool {
    matches!(c, '/' | '|' | '\\')
}

/// Splits on `/`, `|`; when there is none, on `V` standing between a
/// non-ASCII name and the rest (`张三V居民身份证V1101…`).
fn split_parts(t: &str) -> Vec<&str> {
    let by_slash: Vec<&str> = t
        .split(is_separator)
        .filter(|p| !p.trim().is_empty())
        .collect();
    if by_slash.len() > 1 {
        return by_slash;
    }
    let by_v: Vec<&str> = t.split('V').filter(|p| !p.trim().is_empty()).collect();
    let v_is_separator = by_v.len() > 1 && by_v.last().is_some_and(|last| looks_like_number(last));
    if v_is_separator { by_v } else { by_slash }
}

fn looks_like_number(s: &str) -> bool {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    s.len() >= 6
        && s.chars().filter(char::is_ascii_digit).count() * 2 >= s.len()
        && s.chars().all(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owner(name: Option<&str>, ty: Option<&str>, num: Option<&str>) -> Option<Owner> {
        Some(Owner {
            name: name.map(Into::into),
            id_type: ty.map(Into::into),
            id_number: num.map(Into::into),
        })
    }

    #[test]
    fn separators() {
        let want = owner(Some("张三"), Some("居民身份证"), Some("11010519491231002X"));
        assert_eq!(Owner::parse("张三/居民身份证/11010519491231002x"), want);
        assert_eq!(Owner::parse("张三V居民身份证V11010519491231002X"), want);
        assert_eq!(
            Owner::parse("张三／居民身份证／１１０１０５１９４９１２３１００２Ｘ"),
            want
        );
        assert_eq!(Owner::parse("张三 居民身份证 110105 19491231 002X"), want);
        assert_eq!(Owner::parse("张三居民身份证11010519491231002X"), want);
    }

    #[test]
    fn companies_and_partial_fields() {
        assert_eq!(
            Owner::parse("VOLVO(中国)投资有限公司/统一社会信用代码/91350100M000100Y43"),
            owner(
                Some("VOLVO(中国)投资有限公司"),
                Some("统一社会信用代码"),
                Some("91350100M000100Y43")
            )
        );
        assert_eq!(Owner::parse("李四"), owner(Some("李四"), None, None));
        assert_eq!(
            Owner::parse("李四/11010519491231002X"),
            owner(Some("李四"), None, Some("11010519491231002X"))
        );
        assert_eq!(
            Owner::parse("11010519491231002X"),
            owner(None, None, Some("11010519491231002X"))
        );
        assert_eq!(Owner::parse(""), None);
        assert_eq!(Owner::parse("--"), None);
        assert_eq!(Owner::parse("/ /"), None);
    }

    #[test]
    fn longest_document_name_wins() {
        assert_eq!(
            Owner::parse("张三/临时居民身份证/11010519491231002X"),
            owner(
                Some("张三"),
                Some("临时居民身份证"),
                Some("11010519491231002X")
            )
        );
    }

    #[test]
    fn which_check() {
        let o = Owner::parse("张三/居民身份证/11010519491231002X").unwrap();
        assert_eq!(o.id_check(), IdCheck::ResidentId);
        let o = Owner::parse("某公司/统一社会信用代码/91350100M000100Y43").unwrap();
        assert_eq!(o.id_check(), IdCheck::CreditCode);
        let o = Owner::parse("某人/护照/E12345678").unwrap();
        assert_eq!(o.id_check(), IdCheck::None);
        let o = Owner::parse("某公司/91350100M000100Y43").unwrap();
        assert_eq!(o.id_check(), IdCheck::CreditCode);
        // 18 digits without a birth date in them: a credit code, not an ID card.
        let o = Owner::parse("某公司/913501009999999991").unwrap();
        assert_eq!(o.id_check(), IdCheck::CreditCode);
    }

    #[test]
    fn find_is_str_find() {
        for text in [
            "张三/居民身份证/1101",
            "居民身份证",
            "身份",
            "",
            "a身份证身份证",
        ] {
            for word in ID_TYPES.iter().chain(&["", "a", "证", "份证"]) {
                assert_eq!(find(text, word), text.find(word), "{text} {word}");
            }
        }
    }

    #[test]
    fn debug_masks_the_number() {
        let o = Owner::parse("张三/居民身份证/11010519491231002X").unwrap();
        let d = format!("{o:?}");
        assert!(d.contains("110105********002X"), "{d}");
        assert!(!d.contains("11010519491231002X"));
    }
}
