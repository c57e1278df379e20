//! Conversions between byte offsets (what Rust string slicing uses) and code point offsets (what
//! the file format and Python use).

/// A byte ↔ code point lookup for one text, built once in O(n), then O(log n) per query.
///
/// The extractor works in byte offsets internally and converts every span it emits through this.
/// It keeps, for every [`BYTES_PER_CHECKPOINT`]-th byte, the number of code points that start
/// before it (an eighth of a byte per byte of text) and counts the rest of the way from the
/// nearest checkpoint. Both count a block's continuation bytes eight at a time, several times
/// cheaper than walking the text character by character.
#[derive(Debug, Clone)]
pub struct CharIndex<'t> {
    text: &'t str,
    /// Number of code points starting before byte `k * BYTES_PER_CHECKPOINT`, for every k up to
    /// the text's end.
    checkpoints: Vec<usize>,
    /// Number of code points in the text.
    char_len: usize,
}

/// Bytes between two checkpoints: the most a query counts over.
pub const BYTES_PER_CHECKPOINT: usize = 64;

impl<'t> CharIndex<'t> {
    /// Indexes `text`.
    pub fn new(text: &'t str) -> CharIndex<'t> {
        let mut checkpoints = Vec::with_capacity(text.len() / BYTES_PER_CHECKPOINT + 1);
        let mut char_len = 0;
        for block in text.as_bytes().chunks(BYTES_PER_CHECKPOINT) {
            checkpoints.push(char_len);
            char_len += count_starts(block);
        }
        if checkpoints.is_empty() {
            checkpoints.push(0);
        }
        CharIndex {
            text,
            checkpoints,
            char_len,
        }
    }

    /// Number of code points in the text.
    pub fn char_len(&self) -> usize {
        self.char_len
    }

    /// The code point offset of byte offset `byte`. A byte inside a code point maps to that
    /// code point; a byte past the end maps to the end.
    pub fn char_of_byte(&self, byte: usize) -> usize {
        if byte >= self.text.len() {
            return self.char_len;
        }
        // The code points starting at or before `byte`, less one: the one `byte` is in (a byte
        // inside a code point belongs to the one that started). Byte 0 always starts one.
        let k = byte / BYTES_PER_CHECKPOINT;
        let from = k * BYTES_PER_CHECKPOINT;
        self.checkpoints[k] + count_starts(&self.text.as_bytes()[from..=byte]) - 1
    }

    /// The byte offset of code point offset `ch` (clamped to the end of the text).
    pub fn byte_of_char(&self, ch: usize) -> usize {
        if ch >= self.char_len {
            return self.text.len();
        }
        // The last checkpoint with at most `ch` code points before it; `ch` starts after it.
        let k = self.checkpoints.partition_point(|&c| c <= ch) - 1;
        let from = k * BYTES_PER_CHECKPOINT;
        let mut seen = self.checkpoints[k];
        for (i, &b) in self.text.as_bytes()[from..].iter().enumerate() {
            if !is_continuation(b) {
                if seen == ch {
                    return from + i;
                }
                seen += 1;
            }
        }
        self.text.len()
    }
}

/// The number of code points starting in `bytes`: its length less its continuation bytes,
/// counted eight at a time (a continuation byte has its top bit set and the next one clear).
fn count_starts(bytes: &[u8]) -> usize {
    const TOP_BITS: u64 = 0x8080_8080_8080_8080;
    let mut words = bytes.chunks_exact(8);
    let mut continuations = 0;
    for word in &mut words {
        let word = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
        continuations += (word & !(word << 1) & TOP_BITS).count_ones() as usize;
    }
    continuations += words
        .remainder()
        .iter()
        .filter(|&&b| is_continuation(b))
        .count();
    bytes.len() - continuations
}

/// True for the second and later bytes of a UTF-8 sequence.
fn is_continuation(byte: u8) -> bool {
    byte & 0b1100_0000 == 0b1000_0000
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

/// How far [`sentence_around`] looks on either side, in code points: a longer sentence is cut
/// there (no real sentence is that long; a text without punctuation would otherwise be one).
const SENTENCE_REACH: usize = 1000;

/// Words that end in a full stop without ending a sentence ("Mr. Trump said").
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Jr", "Sr", "Gen", "Gov", "Sen", "Rep", "Lt", "Col",
    "Capt", "Sgt", "Rev", "Hon", "No", "vs", "etc", "Inc", "Corp", "Co", "Ltd", "Jan", "Feb",
    "Aug", "Sept", "Sep", "Oct", "Nov", "Dec",
];

/// The code point range `[start, end)` of the sentence (or sentences) holding `[from, to)`:
/// from just after the last sentence end before `from` to just after the first one at or after
/// `to`. A sentence ends at a line break, or at `.`, `!`, `?` or `…` (with any closing quotation
/// marks or brackets) followed by white space and a word that is not lower case; a full stop
/// after a title or an initial ("Mr.", "J.") does not end one. Quotation content is not split:
/// ends inside `[from, to)` are ignored.
pub fn sentence_around(text: &str, from: usize, to: usize) -> (usize, usize) {
    let lo = from.saturating_sub(SENTENCE_REACH);
    let chars: Vec<char> = char_slice(text, lo, to.max(from) + SENTENCE_REACH)
        .chars()
        .collect();
    let from = from.clamp(lo, lo + chars.len()) - lo;
    let to = to.clamp(lo + from, lo + chars.len()) - lo;
    let mut start = 0;
    for i in 0..from {
        if let Some(next) = sentence_end_at(&chars, i)
            && next <= from
        {
            start = next;
        }
    }
    // The content's last character may be the full stop ("…we will.” He left.").
    let end = (to.saturating_sub(1)..chars.len())
        .filter_map(|i| sentence_end_at(&chars, i))
        .find(|&next| next >= to)
        .unwrap_or(chars.len());
    (lo + start, lo + end)
}

/// Where the next sentence starts when a sentence ends at `chars[i]`, or `None` when it does not.
fn sentence_end_at(chars: &[char], i: usize) -> Option<usize> {
    match chars[i] {
        '\n' => return Some(i + 1),
        '.' | '!' | '?' | '…' => {}
        _ => return None,
    }
    if chars[i] == '.' {
        let word_start = chars[..i]
            .iter()
            .rposition(|c| !c.is_alphabetic())
            .map_or(0, |p| p + 1);
        let word: String = chars[word_start..i].iter().collect();
        let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
        if initial || ABBREVIATIONS.contains(&word.as_str()) {
            return None;
        }
    }
    let mut next = i + 1;
    while next < chars.len() && matches!(chars[next], '”' | '’' | '"' | '\'' | '»' | ')' | ']')
    {
        next += 1;
    }
    let Some(&after) = chars.get(next) else {
        return Some(next);
    };
    if !after.is_whitespace() {
        return None;
    }
    let word = chars[next..].iter().find(|c| !c.is_whitespace());
    if word.is_some_and(|c| c.is_lowercase()) {
        return None;
    }
    Some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of `sentence_around` for the first occurrence of `needle`.
    fn sentence_of<'t>(text: &'t str, needle: &str) -> &'t str {
        let byte = text.find(needle).unwrap();
        let from = text[..byte].chars().count();
        let (s, e) = sentence_around(text, from, from + needle.chars().count());
        char_slice(text, s, e)
    }

    #[test]
    fn sentence_around_stops_at_sentence_ends_outside_the_quote() {
        let text = "Zoë left. 😀 Mr. Núñez said “we will win. Soon,” and left! Then “no.” He went.";
        assert_eq!(
            sentence_of(text, "we will win. Soon,"),
            " 😀 Mr. Núñez said “we will win. Soon,” and left!"
        );
        assert_eq!(sentence_of(text, "no."), " Then “no.”");
        assert_eq!(sentence_of(text, "Zoë"), "Zoë left.");
        assert_eq!(sentence_of(text, "went"), " He went.");
    }

    #[test]
    fn sentence_around_ends_at_line_breaks_and_ignores_lower_case_continuations() {
        let text = "Headline\n“Go home!” she said. J. Smith agreed\nNext";
        assert_eq!(sentence_of(text, "Go home!"), "“Go home!” she said.");
        assert_eq!(sentence_of(text, "Smith"), " J. Smith agreed\n");
        let (s, e) = sentence_around(text, 999, 1000);
        assert_eq!(
            char_slice(text, s, e),
            "Next",
            "past the end: the last sentence"
        );
    }

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
    fn char_index_agrees_with_a_full_table_across_checkpoints() {
        // Long enough for many checkpoints, with 1- to 4-byte code points and CRLF; checkpoints
        // inside code points (emoji only); a text ending on a checkpoint (128 ASCII bytes).
        for text in [
            "Zoë said “ok” 😀 at 3\r\n".repeat(40),
            "😀".repeat(70),
            "é😀".repeat(33),
            "a".repeat(128),
        ] {
            check_char_index_against_a_full_table(&text);
        }
    }

    fn check_char_index_against_a_full_table(text: &str) {
        let index = CharIndex::new(text);
        let starts: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        assert_eq!(index.char_len(), starts.len());
        for (ci, &bi) in starts.iter().enumerate() {
            assert_eq!(index.byte_of_char(ci), bi, "char {ci}");
            assert_eq!(index.char_of_byte(bi), ci, "byte {bi}");
            // Every byte inside the code point maps to it.
            let next = starts.get(ci + 1).copied().unwrap_or(text.len());
            for inner in bi..next {
                assert_eq!(index.char_of_byte(inner), ci, "byte {inner}");
            }
        }
        assert_eq!(index.byte_of_char(starts.len() + 5), text.len());
        assert_eq!(index.char_of_byte(text.len() + 5), starts.len());
    }

    #[test]
    fn char_index_of_an_empty_text_is_empty() {
        let empty = CharIndex::new("");
        assert_eq!(
            (
                empty.char_len(),
                empty.char_of_byte(0),
                empty.byte_of_char(3)
            ),
            (0, 0, 0)
        );
    }

    #[test]
    fn char_slice_takes_code_points() {
        assert_eq!(char_slice("😀é“Hi”", 2, 6), "“Hi”");
        assert_eq!(char_slice("abc", 2, 99), "c");
        assert_eq!(char_slice("abc", 5, 9), "");
    }
}
