//! Numbers printed with units whose marks the recognizer misread: 14.排量/功率,
//! 17.轮距, 20.钢板弹簧片数 and the dimensions of 23.外廓尺寸 and 24.货厢内部尺寸;
//! and letters read among digits.

use regcert_model::values::compact;

/// 14.排量/功率 printed as `1498ml/110kw`, from a reading whose units were
/// misread (`m1`, `mV`, `a1` for ml; `km`, `kl`, `k`, `kom` for kw) or whose slash
/// was lost (`1395mV126k`): the two numbers in order, each with the unit a
/// letter or two after it stood for. `None` when the reading is not two
/// numbers with a unit after the first.
pub(super) fn with_power_units(text: &str) -> Option<String> {
    let t: Vec<char> = compact(text).chars().collect();
    let number_end = |from: usize| {
        (from..t.len())
            .find(|&i| !(t[i].is_ascii_digit() || t[i] == '.'))
            .unwrap_or(t.len())
    };
    let first = number_end(0);
    // The first unit: a letter, then up to two characters before the slash
    // (or, with no slash, before the power's digits).
    if first == 0 || !t.get(first)?.is_ascii_alphabetic() {
        return None;
    }
    let slash = (first..t.len().min(first + 4)).find(|&i| t[i] == '/');
    let power = match slash {
        Some(i) => i + 1,
        None => (first + 1..t.len().min(first + 3)).find(|&i| t[i].is_ascii_digit())?,
    };
    let power_end = number_end(power);
    let unit: String = t[power_end..].iter().collect();
    let kw = unit.is_empty() || (unit.len() <= 3 && unit.starts_with(['k', 'K']));
    if power_end == power || !kw {
        return None;
    }
    let number = |a: usize, b: usize| t[a..b].iter().collect::<String>();
    Some(format!(
        "{}ml/{}kw",
        number(0, first),
        number(power, power_end)
    ))
}

/// 23.外廓尺寸 or 24.货厢内部尺寸 printed as `长4948宽1836高1469mm`, from a
/// reading whose marks between the numbers were misread (`月`, `室`, `其`
/// for 宽, `K` for 长) or whose unit was cut (`m`, `mv`): the three numbers
/// in order, as `4948x1836x1469mm`. `None` unless the reading is three
/// numbers of 3 to 5 digits with one or two other characters between them,
/// at most two before the first and at most three after the last.
pub(super) fn with_dimension_marks(text: &str) -> Option<String> {
    let (numbers, gaps) = numbers_and_gaps(text)?;
    let fits = numbers.len() == 3
        && numbers.iter().all(|n| (3..=5).contains(&n.len()))
        && gaps[0] <= 2
        && gaps[1..3].iter().all(|g| (1..=2).contains(g))
        && gaps.get(3).copied().unwrap_or(0) <= 3;
    fits.then(|| format!("{}x{}x{}mm", numbers[0], numbers[1], numbers[2]))
}

/// 17.轮距 printed as `前1597mm后1585mm` (or `前2040后1850/1850mm`, a truck's
/// two rear axles), from a reading whose units or marks were misread (`cm`,
/// `nm` for mm; `右` or `店` for 后; `1` for 前): the numbers in order, as
/// `1597/1585mm` (`2040/1850/1850mm`). `None` unless the reading is two
/// numbers of 3 or 4 digits with one to four other characters between
/// them, or three with a `/` before the third, at most two characters
/// before the first and at most three after the last. A first number of 5
/// digits starting with `1` and nothing before it is 前 read as `1`: no
/// track is 10 metres wide.
pub(super) fn with_track_marks(text: &str) -> Option<String> {
    let (mut numbers, gaps) = numbers_and_gaps(text)?;
    if gaps[0] == 0
        && let Some(front) = numbers.first_mut()
        && front.len() == 5
        && front.starts_with('1')
    {
        front.remove(0);
    }
    let sized = numbers.iter().all(|n| (3..=4).contains(&n.len()));
    let fits = (2..=3).contains(&numbers.len())
        && sized
        && gaps[0] <= 2
        && (1..=4).contains(&gaps[1])
        && (numbers.len() == 2
            || compact(text).contains(&format!("{}/{}", numbers[1], numbers[2])))
        && gaps.get(numbers.len()).copied().unwrap_or(0) <= 3;
    fits.then(|| format!("{}mm", numbers.join("/")))
}

/// Units a misread one may stand for, by the characters it may start with.
pub(super) const MM: (&str, &[char]) = ("mm", &['m', 'M', 'n', 'c', 'r']);
/// See [`MM`].
pub(super) const KG: (&str, &[char]) = ("kg", &['k', 'K', 'h']);

/// 21.轴距 printed as `2895mm` or a mass as `1820kg`, from a reading whose
/// unit was misread (`m`, `cm`, `ma` for mm; `ks`, `k8`, `hg` for kg): the
/// number with the unit it stood for. `None` unless the reading is one
/// number of 3 to 6 digits, then one or two letters or digits, the first one
/// the unit may start with (see [`MM`]).
pub(super) fn with_unit(text: &str, (unit, starts): (&str, &[char])) -> Option<String> {
    let t: Vec<char> = compact(text).chars().collect();
    let end = t.iter().position(|c| !c.is_ascii_digit())?;
    let rest = &t[end..];
    let fits = (3..=6).contains(&end)
        && (1..=2).contains(&rest.len())
        && starts.contains(&rest[0])
        && rest.iter().all(char::is_ascii_alphanumeric);
    fits.then(|| format!("{}{unit}", t[..end].iter().collect::<String>()))
}

/// The runs of digits in `text`, and the number of other characters before
/// each run (and after the last).
fn numbers_and_gaps(text: &str) -> Option<(Vec<String>, Vec<usize>)> {
    let mut numbers: Vec<String> = Vec::new();
    let mut gaps: Vec<usize> = vec![0];
    for c in compact(text).chars() {
        if c.is_ascii_digit() {
            if numbers.len() < gaps.len() {
                numbers.push(String::new());
            }
            numbers.last_mut()?.push(c);
        } else {
            if numbers.len() == gaps.len() {
                gaps.push(0);
            }
            *gaps.last_mut()? += 1;
        }
    }
    Some((numbers, gaps))
}

/// 20.钢板弹簧片数, leaves per spring front and rear (`7/8`), whose slash
/// was read as a stroke (`7|8`) or a one (`714`: no spring has 714 leaves).
/// `None` when the reading needs nothing or is no such count.
pub(super) fn leaf_counts(text: &str) -> Option<String> {
    let t: Vec<char> = compact(text).chars().collect();
    let digits = |s: &[char]| !s.is_empty() && s.len() <= 2 && s.iter().all(char::is_ascii_digit);
    let split = |i: usize| {
        format!(
            "{}/{}",
            t[..i].iter().collect::<String>(),
            t[i + 1..].iter().collect::<String>()
        )
    };
    if let Some(i) = t.iter().position(|&c| matches!(c, '|' | '丨' | 'l' | 'I'))
        && digits(&t[..i])
        && digits(&t[i + 1..])
    {
        return Some(split(i));
    }
    (t.len() == 3 && t[1] == '1' && digits(&t[..1]) && digits(&t[2..]) && t[0] != '0')
        .then(|| split(1))
}

/// Letters read inside runs of digits turned back into the digits they
/// resemble (`2O19` → `2019`, `1l2` → `112`).
pub(super) fn digit_fold(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let is_digitish = |c: char| c.is_ascii_digit();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let near_digit = i.checked_sub(1).is_some_and(|p| is_digitish(chars[p]))
                || chars.get(i + 1).is_some_and(|&n| is_digitish(n));
            match c {
                'O' | 'o' | 'D' | 'Q' if near_digit => '0',
                'l' | 'I' | '|' if near_digit => '1',
                c => c,
            }
        })
        .collect()
}
