//! 1.机动车所有人/身份证明名称/号码: the identity document's name set right
//! where the recognizer misread it (`落民身份证`, `统一社会值用代码`).

use regcert_model::Owner;

use super::super::labels::levenshtein;

/// The documents an owner's identity is proved by on most certificates.
const DOCUMENTS: [&str; 4] = [
    "居民身份证",
    "统一社会信用代码",
    "组织机构代码",
    "临时居民身份证",
];

/// `text` with its identity document's name set right: a name within two
/// edits of exactly one of [`DOCUMENTS`] (and not one of them) becomes it,
/// and `居民` misread into a word of its own before `身份证` (`杨芳/落民身份证`,
/// the owner's name then read as `杨芳/落民`) is put back. `None` when
/// nothing was set right.
pub(super) fn with_document(text: &str) -> Option<String> {
    let owner = Owner::parse(text)?;
    let number = owner.id_number.as_deref()?;
    let name = owner.name.as_deref()?;
    let document = owner.id_type.as_deref()?;
    if document == "身份证"
        && let Some((person, misread)) = name.rsplit_once('/')
        && (1..=2).contains(&misread.chars().count())
        && !person.is_empty()
    {
        return Some(format!("{person}/居民身份证/{number}"));
    }
    if DOCUMENTS.contains(&document) || document.chars().count() < 4 {
        return None;
    }
    let read: Vec<char> = document.chars().collect();
    let mut near: Vec<(usize, &str)> = DOCUMENTS
        .iter()
        .map(|d| (levenshtein(&d.chars().collect::<Vec<_>>(), &read), *d))
        .filter(|(edits, _)| *edits <= 2)
        .collect();
    near.sort_unstable();
    match near.as_slice() {
        [(_, d)] => Some(format!("{name}/{d}/{number}")),
        [(a, d), (b, _), ..] if a < b => Some(format!("{name}/{d}/{number}")),
        _ => None,
    }
}
