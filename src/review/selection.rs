//! Turning the reviewer's text selection into a quote's bounds.

use crate::extract::quotes::is_double_mark;

/// Trims white space and surrounding quotation marks from the selection `[start, end)` of
/// `text` (code points); also tells whether marks were found, in it or just outside it (then
/// it is a direct quote). The marks are the extractor's, so a quote added by hand has the
/// bounds an extracted one would have.
pub fn trim_marks(text: &str, start: usize, end: usize) -> (usize, usize, bool) {
    let chars: Vec<char> = crate::text::char_slice(text, start, end).chars().collect();
    let (mut s, mut e) = (0, chars.len());
    while s < e && chars[s].is_whitespace() {
        s += 1;
    }
    while e > s && chars[e - 1].is_whitespace() {
        e -= 1;
    }
    let mut direct = false;
    if s < e && is_double_mark(chars[s]) {
        s += 1;
        direct = true;
    }
    if e > s
        && (is_double_mark(chars[e - 1])
            || (chars[e - 1] == '.' && e >= 2 && is_double_mark(chars[e - 2])))
    {
        e -= if chars[e - 1] == '.' { 2 } else { 1 };
        direct = true;
    }
    // A mark just before the selection also makes it direct.
    if start > 0 && text.chars().nth(start - 1).is_some_and(is_double_mark) {
        direct = true;
    }
    (start + s, start + e, direct)
}

#[cfg(test)]
mod tests {
    use super::trim_marks;

    #[test]
    fn marks_and_blanks_are_trimmed_and_make_the_quote_direct() {
        let text = "He said “we go.” and left";
        let open = text.chars().position(|c| c == '“').unwrap();
        let close = text.chars().position(|c| c == '”').unwrap();
        assert_eq!(trim_marks(text, open, close + 1), (open + 1, close, true));
        // Only the content selected, with the marks just outside: still direct.
        assert_eq!(trim_marks(text, open + 1, close), (open + 1, close, true));
        // No marks anywhere near: indirect, blanks trimmed.
        assert_eq!(trim_marks(text, 2, 8), (3, 7, false));
    }

    #[test]
    fn the_extractors_marks_count_too() {
        // Low-9 and full-width marks, which the extractor also reads as quotation marks.
        let text = "„ja“ und ＂nein＂";
        assert_eq!(trim_marks(text, 0, 4), (1, 3, true));
        assert_eq!(trim_marks(text, 9, 15), (10, 14, true));
    }
}
