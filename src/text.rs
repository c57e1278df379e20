//! Conversions between byte offsets (what Rust string slicing uses) and code point offsets (what
//! the file format and Python use).

/// A byte → code point lookup for one text, built once in O(n) and then O(log n) per query.
///
/// The extractor works in byte offsets internally and converts every span it emits through this.
#[derive(Debug, Clone)]
pub struct CharIndex {
    /// Byte offset of every code point, plus the text length at the end.
    char_starts: Vec<usize>,
}

impl CharIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> CharIndex {
        let mut char_starts: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        char_starts.push(text.len());
        CharIndex { char_starts }
    }

    /// Number of code points in the text.
    pub fn char_len(&self) -> usize {
        self.char_starts.len() - 1
    }

    /// The code point offset of byte offset `byte`. A byte inside a code point maps to that
    /// code point; a byte past the end maps to the end.
    pub fn char_of_byte(&self, byte: usize) -> usize {
        match self.char_starts.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1).min(self.char_len()),
        }
    }

    /// The byte offset of code point offset `ch` (clamped to the end of the text).
    pub fn byte_of_char(&self, ch: usize) -> usize {
        self.char_starts[ch.min(self.char_len())]
    }
}

/// The byte range of code points `[start, end)` in `text`, clamped to the text.
pub fn char_range_to_bytes(text: &str, start: usize, end: usize) -> std::ops::Range<usize> {
    let mut iter = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()));
    let mut b_start = text.len();
    let mut b_end = text.len();
    for (i, b) in (&mut iter).enumerate() {
        if i == start {
            b_start = b;
        }
        if i == end {
            b_end = b;
            break;
        }
    }
    b_start..b_end.max(b_start)
}

/// The slice of `text` covering code points `[start, end)`, clamped to the text.
pub fn char_slice(text: &str, start: usize, end: usize) -> &str {
    &text[char_range_to_bytes(text, start, end)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_index_round_trips_on_multibyte_text() {
        let text = "a é 😀 “x”\r\n";
        let index = CharIndex::new(text);
        assert_eq!(index.char_len(), text.chars().count());
        for (ci, (bi, _)) in text.char_indices().enumerate() {
            assert_eq!(index.char_of_byte(bi), ci);
            assert_eq!(index.byte_of_char(ci), bi);
        }
        assert_eq!(index.char_of_byte(text.len()), index.char_len());
    }

    #[test]
    fn char_slice_takes_code_points() {
        assert_eq!(char_slice("😀é“Hi”", 2, 6), "“Hi”");
        assert_eq!(char_slice("abc", 2, 99), "c");
        assert_eq!(char_slice("abc", 5, 9), "");
    }
}
