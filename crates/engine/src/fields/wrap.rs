//! Labels wrapped onto two lines in a narrow label cell (`20.钢板` over
//! `弹簧片数`, `31.车辆` over `获得方式`): neither half is a label on its own,
//! and the second half may even read as a shorter label (`引总质量` holds
//! 总质量). Two lines, one under the other, whose joined text holds a label
//! running across the join, become one line for that label; what stood
//! before it on the first line (a value glued to the label's first half) and
//! after it on the second stay lines of their own.

use regcert_model::values::halfwidth;

use crate::engine::TextLine;

use super::labels::{self, Kind};
use super::layout::{Frame, Rect, char_bounds, nonspace_positions, slice_line};
use super::pieces::MAX_DEVIATION;

/// The lines with every wrapped label joined into one line.
pub(super) fn join_wrapped(lines: &[TextLine], frame: &Frame) -> Vec<TextLine> {
    let rects: Vec<Rect> = lines
        .iter()
        .map(|l| Rect::of_quad(frame, &l.quad))
        .collect();
    let upright: Vec<bool> = lines
        .iter()
        .map(|l| frame.deviation(&l.quad) <= MAX_DEVIATION)
        .collect();
    // Every pair that joins, the best joins taken first: a line may join
    // more than one other (`…载客` over `获得方式` reads close to 车辆获得方式
    // too), and the pair matching more of a label is the right one.
    let mut joins: Vec<(usize, usize, Joined)> = Vec::new();
    for a in (0..lines.len()).filter(|&a| upright[a]) {
        for b in (0..lines.len()).filter(|&b| b != a && upright[b]) {
            if let Some(j) = join(&lines[a], &rects[a], &lines[b], &rects[b], frame) {
                joins.push((a, b, j));
            }
        }
    }
    // Stable: on a tie the earlier line keeps its join, as it always did.
    joins.sort_by_key(|(_, _, j)| std::cmp::Reverse(j.matched));
    let mut used = vec![false; lines.len()];
    let mut out = Vec::with_capacity(lines.len());
    for (a, b, j) in joins {
        if !used[a] && !used[b] {
            used[a] = true;
            used[b] = true;
            out.extend(j.lines);
        }
    }
    out.extend(
        lines
            .iter()
            .zip(&used)
            .filter(|(_, u)| !**u)
            .map(|(l, _)| l.clone()),
    );
    out
}

/// Two lines joined at a wrapped label.
struct Joined {
    /// The label's line, and what stood before and after it.
    lines: Vec<TextLine>,
    /// Label characters matched: the better join wins.
    matched: usize,
}

/// Most characters the first half of a wrapped label followed by its value
/// on the same line may have, its number included.
const MAX_FIRST_HALF: usize = 12;

/// Line `a` and line `b` under it as one wrapped label, if they are one.
fn join(a: &TextLine, ra: &Rect, b: &TextLine, rb: &Rect, frame: &Frame) -> Option<Joined> {
    let h = line_height(a);
    // `b` is the next line down (detected boxes are padded, so the two may
    // overlap), and they share some width.
    let drop = rb.cy() - ra.cy();
    if drop < 0.3 * h || drop > 1.5 * h || rb.x1 < ra.x0 || rb.x0 > ra.x1 {
        return None;
    }
    let sa: Vec<char> = halfwidth(&a.text).chars().collect();
    let sb: Vec<char> = halfwidth(&b.text).chars().collect();
    let (pa, pb) = (nonspace_positions(&sa), nonspace_positions(&sb));
    let ca: Vec<char> = sa.iter().copied().filter(|c| !c.is_whitespace()).collect();
    let cb: Vec<char> = sb.iter().copied().filter(|c| !c.is_whitespace()).collect();
    // The label's first half ends the first line, or is followed there by
    // its value (`32.车辆2018-08-12` over `出厂日期`) when the first line
    // holds no label of its own: `k` characters of the first line are
    // taken, with at least one label character (not only its number) among
    // them; the fewest edits win, then the most characters.
    let own_label = labels::find(&ca)
        .iter()
        .any(|h| matches!(h.kind, Kind::Field(_)));
    let shortest = if own_label { ca.len() } else { 2 };
    let fits = |k: usize, h: &labels::Hit| {
        let spans = matches!(h.kind, Kind::Field(_)) && h.start < k && h.end >= k + 2;
        // A value glued after the first half: a near match whose number, if
        // read, is its own (`31.车` over `证机关章` is no 33.发证机关章).
        let sure = k == ca.len() || (h.edits <= 1 && h.printed.is_none_or(|_| h.numbered()));
        spans
            && sure
            && ca[h.start..k]
                .iter()
                .any(|c| !c.is_ascii_digit() && c.is_alphanumeric())
    };
    // A first half ends in a Chinese character, within the first
    // [`MAX_FIRST_HALF`] characters (`28.准牵引总`), or ends the line.
    let ends_half = |k: usize| k == ca.len() || (k <= MAX_FIRST_HALF && !ca[k - 1].is_ascii());
    let (k, hit) = (shortest..=ca.len())
        .filter(|&k| ends_half(k))
        .filter_map(|k| {
            let joined: Vec<char> = ca[..k].iter().chain(&cb).copied().collect();
            labels::find(&joined)
                .into_iter()
                .find(|h| fits(k, h))
                .map(|h| (k, h))
        })
        .min_by_key(|(k, h)| (h.edits, std::cmp::Reverse(*k)))?;
    let Kind::Field(n) = hit.kind else {
        return None;
    };
    // Nothing gained when the first line already holds the whole label.
    if labels::find(&ca)
        .iter()
        .any(|h| h.kind == Kind::Field(n) && h.end - h.start >= joined_len(n))
    {
        return None;
    }
    let ba = char_bounds(&sa);
    let bb = char_bounds(&sb);
    let (a_cut, b_cut) = (pa[hit.start], pb[hit.end - k]);
    let a_end = pa.get(k).copied().unwrap_or(sa.len());
    // The second line starts under the label's first half.
    let label_x0 = ra.x0 + ba[a_cut] * (ra.x1 - ra.x0);
    if (rb.x0 - label_x0).abs() > 2.5 * h {
        return None;
    }
    let head = slice_line(a, ba[a_cut], ba[a_end], String::new());
    let tail = slice_line(b, 0.0, bb[b_cut], String::new());
    let head_rect = Rect::of_quad(frame, &head.quad);
    let mut rect = head_rect.union(&Rect::of_quad(frame, &tail.quad));
    let glued: String = sa[a_end..].iter().collect::<String>().trim().to_owned();
    if !glued.is_empty() {
        // The value glued after the first half starts where that half ends,
        // though the second half may reach further right: the label ends
        // there, so that the value lies beside it.
        rect.x1 = head_rect.x1;
    }
    let text: String = sa[a_cut..a_end]
        .iter()
        .chain(&sb[..b_cut])
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut lines = Vec::with_capacity(3);
    let before: String = sa[..a_cut].iter().collect::<String>().trim().to_owned();
    if !before.is_empty() {
        lines.push(slice_line(a, 0.0, ba[a_cut], before));
    }
    lines.push(TextLine {
        text,
        score: a.score.min(b.score),
        quad: rect.to_quad(frame),
    });
    if !glued.is_empty() {
        lines.push(slice_line(a, ba[a_end], 1.0, glued));
    }
    let after: String = sb[b_cut..].iter().collect::<String>().trim().to_owned();
    if !after.is_empty() {
        lines.push(slice_line(b, bb[b_cut], 1.0, after));
    }
    Some(Joined {
        lines,
        matched: hit.end - hit.start,
    })
}

/// Characters of label `n` as printed, without separators.
fn joined_len(n: usize) -> usize {
    labels::FIELD_LABELS.get(n).map_or(0, |l| l.chars().count())
}

/// Height of a line: the length of its quad's left edge.
fn line_height(l: &TextLine) -> f32 {
    let [a, _, _, d] = l.quad;
    (d[0] - a[0]).hypot(d[1] - a[1]).max(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, x: f32, y: f32) -> TextLine {
        let w: f32 = text
            .chars()
            .map(|c| if c.is_ascii() { 11.0 } else { 20.0 })
            .sum();
        TextLine {
            text: text.to_owned(),
            score: 0.97,
            quad: [[x, y], [x + w, y], [x + w, y + 20.0], [x, y + 20.0]],
        }
    }

    fn texts(lines: &[TextLine]) -> Vec<&str> {
        let mut t: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        t.sort_unstable();
        t
    }

    #[test]
    fn halves_of_a_label_become_one_line() {
        let lines = [at("20.钢板", 50.0, 100.0), at("弹簧片数", 50.0, 124.0)];
        let out = join_wrapped(&lines, &Frame::from_lines(&lines));
        assert_eq!(texts(&out), vec!["20.钢板弹簧片数"]);
        // The joined line spans both halves.
        let r = Rect::of_quad(&Frame::from_lines(&lines), &out[0].quad);
        assert!(r.y0 <= 100.5 && r.y1 >= 143.5, "{r:?}");
    }

    #[test]
    fn a_second_half_that_holds_a_shorter_label_joins_the_longer() {
        let lines = [at("28.准牵", 50.0, 100.0), at("引总质量", 52.0, 124.0)];
        let out = join_wrapped(&lines, &Frame::from_lines(&lines));
        assert_eq!(texts(&out), vec!["28.准牵引总质量"]);
    }

    #[test]
    fn a_value_glued_before_the_first_half_stays_apart() {
        let lines = [
            at("235/45R18 20.钢板", 10.0, 100.0),
            at("弹簧片数", 120.0, 124.0),
        ];
        let out = join_wrapped(&lines, &Frame::from_lines(&lines));
        assert_eq!(texts(&out), vec!["20.钢板弹簧片数", "235/45R18"]);
        let lines = [at("购买32.车辆", 10.0, 100.0), at("出厂日期", 50.0, 124.0)];
        let out = join_wrapped(&lines, &Frame::from_lines(&lines));
        assert_eq!(texts(&out), vec!["32.车辆出厂日期", "购买"]);
    }

    #[test]
    fn a_value_glued_after_the_first_half_stays_apart() {
        let lines = [
            at("32.车辆2018-08-12", 50.0, 100.0),
            at("出厂日期", 50.0, 124.0),
        ];
        let frame = Frame::from_lines(&lines);
        let out = join_wrapped(&lines, &frame);
        assert_eq!(texts(&out), vec!["2018-08-12", "32.车辆出厂日期"]);
        // The value keeps its own place, right of the label's first half.
        let date = out.iter().find(|l| l.text == "2018-08-12").expect("date");
        let label = out.iter().find(|l| l.text != "2018-08-12").expect("label");
        let (d, l) = (
            Rect::of_quad(&frame, &date.quad),
            Rect::of_quad(&frame, &label.quad),
        );
        assert!(d.x0 >= 50.0 + 3.0 * 11.0 + 2.0 * 20.0 - 1.0, "{d:?}");
        assert!(l.y1 >= 143.5, "{l:?}");
        // The label ends where its first half does, the value beside it.
        assert!(l.x1 <= d.x0 + 1.0, "{l:?} {d:?}");
        let lines = [
            at("31. 车辆 继承", 50.0, 100.0),
            at("获得方式", 50.0, 124.0),
        ];
        let out = join_wrapped(&lines, &Frame::from_lines(&lines));
        assert_eq!(texts(&out), vec!["31.车辆获得方式", "继承"]);
        // A line holding a label of its own is no first half, whatever it
        // is followed by: `机动车` + `登记机关` reads as 机动车登记编号 cut.
        let lines = [
            at("机动车所有人/身份证明名称/号码", 50.0, 100.0),
            at("登记机关", 50.0, 124.0),
        ];
        let out = join_wrapped(&lines, &Frame::from_lines(&lines));
        assert_eq!(
            texts(&out),
            vec!["机动车所有人/身份证明名称/号码", "登记机关"]
        );
        // A first half glued to a value joins only a near match whose
        // number is its own.
        let lines = [at("31.车辆人王", 50.0, 100.0), at("证机关章", 50.0, 124.0)];
        let out = join_wrapped(&lines, &Frame::from_lines(&lines));
        assert_eq!(texts(&out), vec!["31.车辆人王", "证机关章"]);
    }

    #[test]
    fn the_pair_matching_more_of_a_label_wins() {
        // As a booklet photo reads them: `载客` (the second half of
        // `29.驾驶室` / `载客`) sits just over `31.车辆` and `获得方式`, and
        // `载客获得方式` is two edits from 车辆获得方式; `31.车辆` over
        // `获得方式` is the label.
        let lines = [
            at("载客", 60.0, 100.0),
            at("31.车辆", 60.0, 113.5),
            at("获得方式", 62.0, 125.5),
        ];
        let out = join_wrapped(&lines, &Frame::from_lines(&lines));
        assert!(
            texts(&out).contains(&"31.车辆获得方式"),
            "{:?}",
            texts(&out)
        );
    }

    #[test]
    fn whole_labels_and_lines_far_apart_are_left_alone() {
        // Two whole labels one under the other.
        let lines = [at("21.轴距", 50.0, 100.0), at("22.轴数", 50.0, 124.0)];
        let out = join_wrapped(&lines, &Frame::from_lines(&lines));
        assert_eq!(texts(&out), vec!["21.轴距", "22.轴数"]);
        // The halves a row apart, or in different columns.
        for (x, y) in [(50.0, 200.0), (400.0, 124.0)] {
            let lines = [at("31.车辆", 50.0, 100.0), at("获得方式", x, y)];
            let out = join_wrapped(&lines, &Frame::from_lines(&lines));
            assert_eq!(texts(&out), vec!["31.车辆", "获得方式"], "{x} {y}");
        }
    }
}
