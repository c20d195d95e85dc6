//! 8.车身颜色: one color or a few (`白/蓝`), each a single character of the
//! set GA 24 prints, often read in its traditional form (`綠`, `黃`).

/// The colors a certificate prints (GA 24.8: 白 灰 黄 粉 红 紫 绿 蓝 棕 黑),
/// with 银 and 金 seen beside them.
const COLORS: &str = "白灰黄粉红紫绿蓝棕黑银金";

/// Characters that join colors, or follow one.
const JOINERS: &str = "/、色";

/// Traditional forms of the colors the recognizer gives.
const TRADITIONAL: [(char, char); 5] = [
    ('綠', '绿'),
    ('黃', '黄'),
    ('紅', '红'),
    ('藍', '蓝'),
    ('銀', '银'),
];

/// `text` with traditional forms of colors set right, and whether every
/// character of it is then a color (or joins colors).
pub(super) fn colors(text: &str) -> (String, bool) {
    let fixed: String = text
        .chars()
        .map(|c| {
            TRADITIONAL
                .iter()
                .find(|(t, _)| *t == c)
                .map_or(c, |(_, s)| *s)
        })
        .collect();
    let known = fixed.chars().any(|c| COLORS.contains(c))
        && fixed
            .chars()
            .all(|c| COLORS.contains(c) || JOINERS.contains(c));
    (fixed, known)
}

/// Every body color as printed: one color, or two joined by `/`.
pub(super) fn color_words() -> Vec<String> {
    let one: Vec<char> = COLORS.chars().collect();
    let mut words: Vec<String> = one.iter().map(char::to_string).collect();
    for a in &one {
        for b in one.iter().filter(|b| *b != a) {
            words.push(format!("{a}/{b}"));
        }
    }
    words
}
