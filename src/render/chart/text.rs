//! Measuring and fitting text without a font.
//!
//! Charts are drawn at build time, where no font is available, and read in
//! a browser with whatever CJK font the reader has. Labels are therefore
//! laid out from an estimate of their width: a Chinese character or any
//! other full-width character takes one em, ASCII letters and digits a
//! little over half an em. The estimate errs on the wide side, so a label
//! given room by it is not clipped in the fonts the site names.

/// How far a CJK font's line box reaches above the baseline, in em
/// (Noto Sans CJK and Source Han Sans: 1.16).
pub const ASCENT: f64 = 1.16;

/// How far a CJK font's line box reaches below the baseline, in em.
pub const DESCENT: f64 = 0.29;

/// The width of `text` at font size `size`, in the same unit as `size`.
pub fn width(text: &str, size: f64) -> f64 {
    text.chars().map(em).sum::<f64>() * size
}

/// The width of one character, in em.
fn em(c: char) -> f64 {
    match c {
        ' ' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | 'i' | 'j' | 'l' | '(' | ')' => 0.32,
        'M' | 'W' | 'm' | 'w' | '%' | '@' => 0.9,
        'A'..='Z' => 0.7,
        c if c.is_ascii() => 0.6,
        c if is_wide(c) => 1.0,
        // Other scripts and symbols: a CJK font often draws them full
        // width, so count them so.
        _ => 1.0,
    }
}

/// True if and only if `c` is drawn full width in a CJK font: Chinese
/// characters, kana, hangul, and CJK and full-width punctuation.
fn is_wide(c: char) -> bool {
    matches!(
        c as u32,
        0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x20000..=0x3FFFD
    )
}

/// `text` cut to fit `max` at `size`, ending in `…` where it was cut.
pub fn truncate(text: &str, size: f64, max: f64) -> String {
    if width(text, size) <= max {
        return text.to_string();
    }
    let room = max - width("…", size);
    let mut used = 0.0;
    let mut cut = String::new();
    for c in text.chars() {
        used += em(c) * size;
        if used > room {
            break;
        }
        cut.push(c);
    }
    cut.push('…');
    cut
}

/// `labels` laid out in rows across `width` pixels, each after a swatch
/// `swatch` pixels wide and cut to fit a row: each label with the left
/// edge of its swatch and the index of its row.
pub(crate) fn flow(labels: &[&str], size: f64, swatch: i32, width: i32) -> Vec<(String, i32, i32)> {
    let room = f64::from(width - swatch - 4);
    let (mut x, mut row) = (2, 0);
    let mut placed = Vec::new();
    for label in labels {
        let label = truncate(label, size, room);
        let wide = swatch + width_px(&label, size);
        if x > 2 && x + wide > width - 2 {
            x = 2;
            row += 1;
        }
        placed.push((label, x, row));
        x += wide + 16;
    }
    placed
}

/// The width of `text` at `size`, rounded up to whole pixels.
fn width_px(text: &str, size: f64) -> i32 {
    width(text, size).ceil() as i32
}

/// `text` broken into at most `lines` lines that each fit `max` at
/// `size`; the last line is cut with `…` if the text does not fit.
///
/// Chinese text may break between any two characters; a run of ASCII
/// letters and digits is kept whole where it fits on a line.
pub fn wrap(text: &str, size: f64, max: f64, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() && out.len() + 1 < lines {
        let split = line_end(rest, size, max);
        if split == rest.len() {
            break;
        }
        out.push(rest[..split].trim_end().to_string());
        rest = rest[split..].trim_start();
    }
    if !rest.is_empty() || out.is_empty() {
        out.push(truncate(rest, size, max));
    }
    out
}

/// The byte offset at which the first line of `text` ends.
fn line_end(text: &str, size: f64, max: f64) -> usize {
    let mut used = 0.0;
    let mut end = text.len();
    for (offset, c) in text.char_indices() {
        used += em(c) * size;
        if used > max {
            end = offset;
            break;
        }
    }
    if end == text.len() || end == 0 {
        return end.max(text.chars().next().map_or(0, char::len_utf8));
    }
    // Do not cut an ASCII word in two when it can start the next line.
    let word = |c: char| c.is_ascii_alphanumeric();
    let (before, after) = (text[..end].chars().next_back(), text[end..].chars().next());
    if before.is_some_and(word) && after.is_some_and(word) {
        let start = text[..end].trim_end_matches(word).len();
        if start > 0 {
            return start;
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_wider_than_ascii_of_the_same_byte_length() {
        // 服务 is six bytes but two em; "abcdef" is six bytes and narrower.
        assert_eq!(width("服务", 10.0), 20.0);
        assert!(width("abcdef", 10.0) > 20.0);
        assert!(width("1234", 10.0) < width("服务质量", 10.0));
    }

    #[test]
    fn full_width_punctuation_counts_one_em() {
        assert_eq!(width("（示例）", 12.0), 48.0);
    }

    #[test]
    fn truncate_keeps_text_that_fits() {
        assert_eq!(truncate("服务质量", 10.0, 40.0), "服务质量");
        assert_eq!(truncate("服务资源提供", 10.0, 40.0), "服务资…");
        assert!(width(&truncate("服务资源提供", 10.0, 40.0), 10.0) <= 40.0);
    }

    #[test]
    fn wrap_breaks_chinese_anywhere_and_cuts_the_last_line() {
        assert_eq!(wrap("服务资源提供", 10.0, 40.0, 2), ["服务资源", "提供"]);
        assert_eq!(
            wrap("基础设施与网络安全保障服务", 10.0, 40.0, 2),
            ["基础设施", "与网络…"]
        );
        assert_eq!(wrap("服务", 10.0, 40.0, 2), ["服务"]);
    }

    #[test]
    fn wrap_keeps_an_ascii_word_whole() {
        let lines = wrap("满足 ISO27001 要求", 10.0, 55.0, 3);
        assert_eq!(lines, ["满足", "ISO27001", "要求"]);
    }
}
