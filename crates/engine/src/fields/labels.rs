//! Finding the certificate's printed labels in OCR text, tolerant of reading
//! errors, of the printed number glued in front, and of a label cut at the
//! end of its line.

/// What a printed text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A numbered field label, 1 to 34 as printed.
    Field(usize),
    /// Headings and other printed words that look like labels but are not.
    Decoy,
}

/// The labels as printed on the certificate, without separators, by number.
pub(crate) const FIELD_LABELS: [&str; 35] = [
    "",
    "机动车所有人身份证明名称号码",
    "登记机关",
    "登记日期",
    "机动车登记编号",
    "车辆类型",
    "车辆品牌",
    "车辆型号",
    "车身颜色",
    "车辆识别代号车架号",
    "国产进口",
    "发动机号",
    "发动机型号",
    "燃料种类",
    "排量功率",
    "制造厂名称",
    "转向形式",
    "轮距",
    "轮胎数",
    "轮胎规格",
    "钢板弹簧片数",
    "轴距",
    "轴数",
    "外廓尺寸",
    "货厢内部尺寸",
    "总质量",
    "核定载质量",
    "核定载客",
    "准牵引总质量",
    "驾驶室载客",
    "使用性质",
    "车辆获得方式",
    "车辆出厂日期",
    "发证机关章",
    "发证日期",
];

/// Printed words that resemble labels: matching them keeps them from being
/// taken for a label (the title is two edits from 机动车登记编号).
const DECOYS: &[&str] = &[
    "机动车登记证书",
    "登记证书编号",
    "注册登记摘要信息栏",
    "机动车登记信息栏",
    "注册登记",
    "转移登记",
    "变更登记",
    "抵押登记",
    "质押登记",
    "专用章",
];

/// Characters printed between the parts of a label (`/`) or read in their
/// place: skipped at no cost inside a match.
pub(crate) fn is_separator(c: char) -> bool {
    matches!(
        c,
        '/' | '|' | '丨' | '\\' | 'V' | 'v' | '、' | '／' | ':' | '：'
    )
}

/// Characters that may stand between a printed number and its label.
fn is_number_mark(c: char) -> bool {
    matches!(c, '.' | '。' | ',' | '，' | '、' | '·' | ':' | '：' | ' ')
}

/// Edits allowed in a match of `len` label characters.
pub(crate) fn allowed_edits(len: usize) -> usize {
    match len {
        0..=2 => 0,
        3..=4 => 1,
        5..=7 => 2,
        _ => 3,
    }
}

/// One label found in a line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Hit {
    /// What was found.
    pub kind: Kind,
    /// The number printed in front, when one was read.
    pub printed: Option<usize>,
    /// Edits between the label and the text.
    pub edits: usize,
    /// Range of characters of the line (number included), `start..end`.
    pub start: usize,
    /// End of the range (exclusive).
    pub end: usize,
}

impl Hit {
    /// Whether the printed number agrees with the label.
    pub(crate) fn numbered(&self) -> bool {
        matches!(self.kind, Kind::Field(n) if self.printed == Some(n))
    }
}

/// A match of a pattern in a text: `(edits, start, end)` in characters of
/// the text, or one per prefix length of the pattern ending at the text's end.
struct Alignment {
    /// `best[i]` = (edits, start, end) of the best match of `pattern[..i]` anywhere.
    full: (usize, usize, usize),
    /// For each prefix length `i`, (edits, start) of `pattern[..i]` ending at the text's end.
    at_end: Vec<(usize, usize)>,
}

/// Approximate matching of `pattern` in `text` (semi-global edit distance):
/// the match may start and end anywhere in the text; separators in the text
/// are skipped at no cost.
fn align(pattern: &[char], text: &[char]) -> Alignment {
    let (m, n) = (pattern.len(), text.len());
    // cost[i][j], start[i][j] for pattern[..i] against text ending at j.
    let mut prev: Vec<(usize, usize)> = (0..=n).map(|j| (0, j)).collect();
    let mut at_end = vec![(0, n); m + 1];
    for i in 1..=m {
        let mut cur = vec![(0usize, 0usize); n + 1];
        cur[0] = (i, 0);
        for j in 1..=n {
            let sub = prev[j - 1].0 + usize::from(pattern[i - 1] != text[j - 1]);
            let del = prev[j].0 + 1;
            let skip = cur[j - 1].0 + usize::from(!is_separator(text[j - 1]));
            cur[j] = if sub <= del && sub <= skip {
                (sub, prev[j - 1].1)
            } else if del <= skip {
                (del, prev[j].1)
            } else {
                (skip, cur[j - 1].1)
            };
        }
        at_end[i] = cur[n];
        prev = cur;
    }
    let mut full = (usize::MAX, 0, 0);
    for (j, &(cost, start)) in prev.iter().enumerate() {
        if cost < full.0 {
            full = (cost, start, j);
        }
    }
    Alignment { full, at_end }
}

/// The number printed just before `start` (`"9."`, `"9"`, `"28、"`), and
/// where it begins. Digits with no mark after them that end a longer run of
/// letters and digits are that run's (`…EG938210国产/进口`: a VIN's last
/// digits before an unnumbered label), not a number of the label.
fn number_before(text: &[char], start: usize) -> Option<(usize, usize)> {
    let mut i = start;
    while i > 0 && is_number_mark(text[i - 1]) {
        i -= 1;
    }
    let end = i;
    while i > 0 && text[i - 1].is_ascii_digit() && end - i < 2 {
        i -= 1;
    }
    if i == end || (end == start && i > 0 && text[i - 1].is_ascii_alphanumeric()) {
        return None;
    }
    let n: usize = text[i..end].iter().collect::<String>().parse().ok()?;
    Some((n, i))
}

/// Whether `text[..start]` holds nothing but marks a label may follow
/// (block numerals, punctuation, a number).
fn only_marks_before(text: &[char], start: usize) -> bool {
    text[..start].iter().all(|&c| {
        c.is_ascii_digit()
            || is_number_mark(c)
            || is_separator(c)
            || matches!(c, 'Ⅰ'..='Ⅻ' | 'I' | 'l' | '1' | '(' | ')' | '（' | '）')
    })
}

struct Candidate {
    hit: Hit,
    score: i32,
}

/// Every label found in `text` (halfwidth characters, no white space), not
/// overlapping, in reading order.
pub(crate) fn find(text: &[char]) -> Vec<Hit> {
    let mut cands: Vec<Candidate> = Vec::new();
    let patterns = FIELD_LABELS
        .iter()
        .enumerate()
        .skip(1)
        .map(|(n, p)| (Kind::Field(n), *p))
        .chain(DECOYS.iter().map(|p| (Kind::Decoy, *p)));
    for (kind, pattern) in patterns {
        let p: Vec<char> = pattern.chars().collect();
        let a = align(&p, text);
        let number_for = |start: usize| number_before(text, start);
        // Nothing but marks before `first`, or a misread number ("L机动车…"
        // for "1.机动车…") before a long label.
        let starts_line =
            |first: usize, len: usize| only_marks_before(text, first) || (first <= 2 && len >= 4);
        let agrees = |num: Option<(usize, usize)>| matches!((kind, num), (Kind::Field(k), Some((n, _))) if k == n);
        // The whole label somewhere in the line.
        let (edits, start, end) = a.full;
        if end > start {
            let num = number_for(start);
            let at_start = starts_line(num.map_or(start, |(_, s)| s), p.len());
            let slack = usize::from(agrees(num));
            let ok = if at_start {
                edits <= allowed_edits(p.len()) + slack
            } else {
                // Inside a line (cells read together): exact, or numbered.
                (edits == 0 && p.len() >= 3) || (num.is_some() && edits <= allowed_edits(p.len()))
            };
            if ok {
                cands.push(candidate(kind, num, edits, start, end, p.len()));
            }
        }
        // A label cut at the end of its line: its first characters end the text.
        for i in (2..p.len()).rev() {
            let (edits, start) = a.at_end[i];
            if start >= text.len() {
                continue;
            }
            let num = number_for(start);
            let long_enough = (2 * i >= p.len() && i >= 3) || (agrees(num) && i >= 2 && edits == 0);
            // Every label character read: a prefix with deletions is a shorter prefix.
            let read = text[start..].iter().filter(|&&c| !is_separator(c)).count();
            if long_enough
                && read >= i
                && starts_line(num.map_or(start, |(_, s)| s), i)
                && edits <= allowed_edits(i)
            {
                cands.push(candidate(kind, num, edits, start, text.len(), i));
                break;
            }
        }
    }
    cands.sort_by(|a, b| b.score.cmp(&a.score).then(a.hit.start.cmp(&b.hit.start)));
    let mut taken: Vec<Hit> = Vec::new();
    for c in cands {
        if taken
            .iter()
            .all(|t| c.hit.end <= t.start || c.hit.start >= t.end)
        {
            taken.push(c.hit);
        }
    }
    taken.sort_by_key(|h| h.start);
    taken
}

fn candidate(
    kind: Kind,
    num: Option<(usize, usize)>,
    edits: usize,
    start: usize,
    end: usize,
    matched: usize,
) -> Candidate {
    let printed = num.map(|(n, _)| n);
    let hit = Hit {
        kind,
        printed,
        edits,
        start: num.map_or(start, |(_, s)| s),
        end,
    };
    let bonus = if hit.numbered() { 3 } else { 0 };
    let score = 2 * matched as i32 - 3 * edits as i32 + bonus;
    Candidate { hit, score }
}

/// Edits between `text` (separators dropped) and the closest ending of
/// label `n` at least two characters long: how well `text` reads as the
/// second line of a label cut in two.
pub(crate) fn continuation_edits(n: usize, text: &[char]) -> Option<usize> {
    let label: Vec<char> = FIELD_LABELS.get(n)?.chars().collect();
    let t: Vec<char> = text.iter().copied().filter(|&c| !is_separator(c)).collect();
    if t.len() < 2 {
        return None;
    }
    (1..label.len().saturating_sub(1))
        .map(|k| levenshtein(&label[k..], &t))
        .min()
}

/// Plain edit distance.
pub(crate) fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn kinds(s: &str) -> Vec<(Kind, Option<usize>, usize, usize)> {
        find(&chars(s))
            .into_iter()
            .map(|h| (h.kind, h.printed, h.start, h.end))
            .collect()
    }

    #[test]
    fn numbered_and_glued_labels() {
        assert_eq!(
            kinds("9.车辆识别代号/车架号"),
            vec![(Kind::Field(9), Some(9), 0, 12)]
        );
        assert_eq!(
            kinds("9车辆识别代号V车架号"),
            vec![(Kind::Field(9), Some(9), 0, 11)]
        );
        assert_eq!(kinds("轴距"), vec![(Kind::Field(21), None, 0, 2)]);
    }

    #[test]
    fn number_decides_between_near_labels() {
        assert_eq!(find(&chars("28.准牵引总质量"))[0].kind, Kind::Field(28));
        assert_eq!(find(&chars("25.总质量"))[0].kind, Kind::Field(25));
        assert_eq!(find(&chars("12.发动机型号"))[0].kind, Kind::Field(12));
        assert_eq!(find(&chars("11.发动机号"))[0].kind, Kind::Field(11));
        // One character misread, number agrees.
        assert_eq!(find(&chars("22.轴教"))[0].kind, Kind::Field(22));
        assert_eq!(find(&chars("18.轮胎教"))[0].kind, Kind::Field(18));
    }

    #[test]
    fn label_and_value_in_one_line() {
        let hits = find(&chars("5.车辆类型小型轿车"));
        assert_eq!(hits.len(), 1);
        assert_eq!((hits[0].kind, hits[0].end), (Kind::Field(5), 6));
        let hits = find(&chars("小型轿车6.车辆品牌"));
        assert_eq!(hits.len(), 1);
        assert_eq!((hits[0].kind, hits[0].start), (Kind::Field(6), 4));
    }

    #[test]
    fn digits_ending_a_code_are_not_the_next_labels_number() {
        let hits = find(&chars("LDYNS5PG3EG938210国产/进口"));
        assert_eq!(hits.len(), 1);
        assert_eq!((hits[0].kind, hits[0].start), (Kind::Field(10), 17));
        // With its mark, a number glued to a value is the label's.
        let hits = find(&chars("235/45R1820.钢板弹簧片数"));
        assert_eq!((hits[0].kind, hits[0].start), (Kind::Field(20), 9));
        assert_eq!(hits[0].printed, Some(20));
        let hits = find(&chars("10国产/进口"));
        assert_eq!((hits[0].kind, hits[0].printed), (Kind::Field(10), Some(10)));
    }

    #[test]
    fn cut_labels_and_their_second_line() {
        let hits = find(&chars("1.机动车所有人/身份证明"));
        assert_eq!(hits[0].kind, Kind::Field(1));
        assert_eq!(continuation_edits(1, &chars("名称/号码")), Some(0));
        assert_eq!(continuation_edits(9, &chars("车架号")), Some(0));
        assert!(continuation_edits(9, &chars("LSVAU2180N2183456")).unwrap_or(0) > 3);
    }

    #[test]
    fn values_and_headings_are_not_labels() {
        for v in [
            "小型轿车",
            "示例市公安局交通警察支队",
            "国产",
            "进口",
            "1498ml/110kw",
            "长4670宽1806高1474mm",
            "2019-12-05",
        ] {
            assert!(find(&chars(v)).iter().all(|h| h.kind == Kind::Decoy), "{v}");
        }
        assert_eq!(find(&chars("机动车登记证书"))[0].kind, Kind::Decoy);
    }
}
