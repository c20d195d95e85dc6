//! 19.轮胎规格, a tyre size: `225/60R18 100H` (width, aspect ratio,
//! construction `R`, rim diameter, then load index and speed symbol) or
//! `11R22.5 16PR`. Readings of dot-matrix print lose the space after the rim
//! (`225/60R18100H`), read the `R` as `H` and digits of the size as letters
//! (`245/T0R19.5`, `295/80R22.S`); the size before its load index is set
//! right by its shape.

/// Letters read for digits in the size, by the digit.
const DIGIT_LOOKALIKES: [(char, char); 6] = [
    ('O', '0'),
    ('D', '0'),
    ('T', '7'),
    ('S', '5'),
    ('I', '1'),
    ('B', '8'),
];

/// Letters read for the `R` between the size's numbers.
const R_LOOKALIKES: &str = "RHK";

/// The size of `text` set right, or `None` when it is no tyre size or
/// needs nothing.
pub(super) fn with_size_fixed(text: &str) -> Option<String> {
    let t: Vec<char> = text.trim().chars().collect();
    // The construction letter: after two or three digits (and an aspect
    // ratio), before the rim's two digits.
    let r = (2..t.len().saturating_sub(2)).find(|&i| {
        R_LOOKALIKES.contains(t[i])
            && is_digitish(t[i - 1])
            && is_digitish(t[i - 2])
            && is_digitish(t[i + 1])
            && is_digitish(t[i + 2])
    })?;
    let digit = |c: char| {
        DIGIT_LOOKALIKES
            .iter()
            .find(|(l, _)| *l == c)
            .map_or(c, |(_, d)| *d)
    };
    let head: String = t[..r]
        .iter()
        .map(|&c| if c == '/' { c } else { digit(c) })
        .collect();
    let (width, aspect) = head.split_once('/').unwrap_or((&head, "00"));
    let numeric = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !numeric(width) || !numeric(aspect) {
        return None;
    }
    let mut size = head.clone();
    size.push('R');
    // The rim: two digits, and `.5` for a truck's.
    let mut i = r + 1;
    size.extend(t[i..i + 2].iter().map(|&c| digit(c)));
    i += 2;
    if t.get(i) == Some(&'.') && t.get(i + 1).is_some_and(|&c| is_digitish(c)) {
        size.push('.');
        size.push(digit(t[i + 1]));
        i += 2;
    }
    let rest: String = t[i..].iter().collect::<String>().trim().to_owned();
    let fixed = if rest.is_empty() {
        size
    } else {
        format!("{size} {rest}")
    };
    (fixed != text.trim()).then_some(fixed)
}

fn is_digitish(c: char) -> bool {
    c.is_ascii_digit() || DIGIT_LOOKALIKES.iter().any(|(l, _)| *l == c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tyre_sizes_are_set_right_by_their_shape() {
        let fixed = |t: &str| with_size_fixed(t);
        assert_eq!(fixed("225/60R18100H").as_deref(), Some("225/60R18 100H"));
        assert_eq!(fixed("245/T0R19.5").as_deref(), Some("245/70R19.5"));
        assert_eq!(fixed("11H22.5 16PR").as_deref(), Some("11R22.5 16PR"));
        assert_eq!(fixed("295/80R22.S").as_deref(), Some("295/80R22.5"));
        // Right already, or no size: nothing to do.
        assert_eq!(fixed("225/45R18 95W"), None);
        assert_eq!(fixed("195/65R15 91T"), None);
        assert_eq!(fixed("一"), None);
        assert_eq!(fixed("示例轮胎"), None);
    }
}
