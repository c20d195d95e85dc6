//! Identity numbers of owners: 居民身份证 (GB 11643) and 统一社会信用代码 (GB 32100).

/// Weights of GB 11643-1999 for the first 17 digits.
const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// Check characters of GB 11643-1999, indexed by the weighted sum mod 11.
const ID_CHECK: &[u8; 11] = b"10X98765432";

/// Whether an 18-character 居民身份证 number has the right check character
/// (GB 11643-1999: ISO 7064 MOD 11-2). Expects upper case (`X`).
pub fn resident_id_valid(id: &str) -> bool {
    let b = id.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let sum: u32 = b[..17]
        .iter()
        .zip(ID_WEIGHTS)
        .map(|(&d, w)| u32::from(d - b'0') * w)
        .sum();
    b[17] == ID_CHECK[(sum % 11) as usize]
}

/// Whether `id` has the shape of a 居民身份证 number: 17 digits and a digit or
/// `X`, or the old 15 digits (which carry no check character), with a birth
/// date that exists at positions 7–14 (7–12, `YYMMDD` of 19xx, for 15 digits).
pub fn looks_like_resident_id(id: &str) -> bool {
    let b = id.as_bytes();
    let (digits_ok, date) = match b.len() {
        18 => (
            b[..17].iter().all(u8::is_ascii_digit) && (b[17].is_ascii_digit() || b[17] == b'X'),
            id.get(6..14).map(str::to_owned),
        ),
        15 => (
            b.iter().all(u8::is_ascii_digit),
            id.get(6..12).map(|d| format!("19{d}")),
        ),
        _ => return false,
    };
    digits_ok
        && date.is_some_and(|d| {
            chrono::NaiveDate::parse_from_str(&d, "%Y%m%d")
                .is_ok_and(|date| (1900..2100).contains(&chrono::Datelike::year(&date)))
        })
}

/// The 31 characters of GB 32100-2015, in value order (no I, O, Z, S, V).
const USCC_ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// Weights of GB 32100-2015 for the first 17 characters.
const USCC_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

fn uscc_value(c: u8) -> Option<u32> {
    USCC_ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

/// Whether `code` has the shape of a 统一社会信用代码: 18 characters of its alphabet.
pub fn looks_like_uscc(code: &str) -> bool {
    code.len() == 18 && code.bytes().all(|c| uscc_value(c).is_some())
}

/// Whether an 18-character 统一社会信用代码 has the right check character
/// (GB 32100-2015, mod 31). Expects upper case.
pub fn uscc_valid(code: &str) -> bool {
    let b = code.as_bytes();
    if b.len() != 18 {
        return false;
    }
    let mut sum = 0;
    for (&c, w) in b[..17].iter().zip(USCC_WEIGHTS) {
        match uscc_value(c) {
            Some(v) => sum += v * w,
            None => return false,
        }
    }
    let check = (31 - sum % 31) % 31;
    uscc_value(b[17]) == Some(check)
}

/// Masks an ID number for logs and `Debug`: the first 6 and the last 4
/// characters stay, the rest become `*`; a number of 10 characters or fewer
/// is masked whole.
pub fn mask(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    let n = chars.len();
    if n <= 10 {
        return "*".repeat(n);
    }
    let mut out: String = chars[..6].iter().collect();
    out.push_str(&"*".repeat(n - 10));
    out.extend(&chars[n - 4..]);
    out
}

/// Masks, with [`mask`], every run of 8 or more ASCII letters and digits in
/// `text`: the ID number inside a printed owner field.
pub fn mask_in_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.len() >= 8 {
            out.push_str(&mask(run));
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resident_ids() {
        // The GB 11643 standard's own example.
        assert!(resident_id_valid("11010519491231002X"));
        assert!(!resident_id_valid("110105194912310021"));
        assert!(!resident_id_valid("11010519491231002"));
        assert!(!resident_id_valid("1101051949123100AX"));
        assert!(looks_like_resident_id("11010519491231002X"));
        assert!(looks_like_resident_id("110105491231002"));
        assert!(!looks_like_resident_id("91350100M000100Y43"));
        assert!(!looks_like_resident_id("913501009999999991"));
        assert!(!looks_like_resident_id("110105194913310021"));
    }

    #[test]
    fn uscc_codes() {
        // A published code (GB 32100's worked example form).
        assert!(uscc_valid("91350100M000100Y43"));
        assert!(!uscc_valid("91350100M000100Y42"));
        assert!(!uscc_valid("91350100M000100Y4"));
        assert!(!uscc_valid("91350100I000100Y43"));
        assert!(looks_like_uscc("91350100M000100Y43"));
    }

    #[test]
    fn masking() {
        assert_eq!(mask("11010519491231002X"), "110105********002X");
        assert_eq!(mask("1234567890"), "**********");
        assert_eq!(mask(""), "");
        assert_eq!(
            mask_in_text("张三/居民身份证/11010519491231002X"),
            "张三/居民身份证/110105********002X"
        );
        assert_eq!(mask_in_text("李四"), "李四");
        assert_eq!(mask("一二三四五六七八九十甲乙"), "一二三四五六**九十甲乙");
    }
}
