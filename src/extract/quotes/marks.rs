//! The quotation-mark lexer: finds the spans inside quotation marks, paragraph by paragraph.
//!
//! It never gives up on a document: an unbalanced mark closes at the end of its paragraph (or
//! where the next opening mark shows it was never closed), so one stray mark cannot swallow the
//! rest of the article. A paragraph that ends inside a quote and a next paragraph that opens with
//! a mark continue the same quote, as news style writes long quotations.

use crate::extract::segment::Paragraph;

/// One top-level quotation: the text between its marks, possibly over several paragraphs.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkedSpan {
    /// Byte offset of the opening mark.
    pub open: usize,
    /// Content start (after the opening mark).
    pub start: usize,
    /// Content end (before the closing mark, or the paragraph end when unclosed).
    pub end: usize,
    /// Byte offset one past the closing mark (equal to `end` when unclosed).
    pub close_end: usize,
    /// One content piece per paragraph it runs over (a single piece for most quotes).
    pub pieces: Pieces,
    /// False when no closing mark was found.
    pub closed: bool,
}

/// The content pieces of a marked span, as a slice: the one piece most spans have is kept
/// inline, so that only a quote running over several paragraphs needs a list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pieces {
    /// The first piece, while it is the only one.
    single: Option<(usize, usize)>,
    /// Every piece, once there are two or more.
    several: Vec<(usize, usize)>,
}

impl Pieces {
    fn push(&mut self, piece: (usize, usize)) {
        if !self.several.is_empty() {
            self.several.push(piece);
        } else if let Some(first) = self.single.take() {
            self.several = vec![first, piece];
        } else {
            self.single = Some(piece);
        }
    }
}

impl std::ops::Deref for Pieces {
    type Target = [(usize, usize)];

    fn deref(&self) -> &[(usize, usize)] {
        match &self.single {
            Some(piece) => std::slice::from_ref(piece),
            None => &self.several,
        }
    }
}

/// The family a mark belongs to: double marks are the primary level in most English news.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Double,
    Single,
}

fn family(c: char) -> Option<Family> {
    match c {
        '"' | '“' | '”' | '„' | '‟' | '«' | '»' | '＂' | '〝' | '〞' => {
            Some(Family::Double)
        }
        '\'' | '‘' | '’' | '‚' | '‛' | '‹' | '›' => Some(Family::Single),
        _ => None,
    }
}

/// Whether `c` is a double quotation mark (straight, curly, low-9, guillemet or full-width):
/// the marks that open and close the quotes this extractor finds. The window trims the same
/// set from a reviewer's selection, so a quote added by hand matches an extracted one.
pub fn is_double_mark(c: char) -> bool {
    family(c) == Some(Family::Double)
}

/// Characters after which a mark opens rather than closes.
fn opens_after(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(p) => {
            p.is_whitespace()
                || matches!(p, '(' | '[' | '{' | '—' | '–' | '-' | '/' | ':' | '\u{a0}')
        }
    }
}

/// Characters before which a mark closes rather than opens.
fn closes_before(next: Option<char>) -> bool {
    match next {
        None => true,
        Some(n) => {
            n.is_whitespace()
                || (n.is_ascii_punctuation() && n != '\'')
                || matches!(n, '—' | '–' | '…' | '”' | '’' | '»')
        }
    }
}

/// How a mark can act given its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Open,
    Close,
    Either,
    Neither,
}

fn role(c: char, prev: Option<char>, next: Option<char>) -> Role {
    let can_open = opens_after(prev) && next.is_some_and(|n| !n.is_whitespace());
    let can_close = prev.is_some_and(|p| !p.is_whitespace()) && closes_before(next);
    match c {
        '“' | '„' | '‟' | '«' | '‘' | '‚' | '‛' | '‹' | '〝' => {
            if can_open || !can_close {
                Role::Open
            } else {
                Role::Close
            }
        }
        '”' | '»' | '›' | '〞' => {
            if can_open && !can_close {
                // Some sites print ” for both marks.
                Role::Open
            } else {
                Role::Close
            }
        }
        '’' | '\'' => {
            let letter_before = prev.is_some_and(|p| p.is_alphanumeric());
            let letter_after = next.is_some_and(|n| n.is_alphanumeric());
            if letter_before && letter_after {
                // don't, O'Brien
                Role::Neither
            } else if next.is_some_and(|n| n.is_ascii_digit()) {
                // '90s
                Role::Neither
            } else if can_open && c == '\'' {
                Role::Open
            } else if can_close {
                Role::Close
            } else {
                Role::Neither
            }
        }
        _ => match (can_open, can_close) {
            (true, false) => Role::Open,
            (false, true) => Role::Close,
            (true, true) => Role::Either,
            (false, false) => {
                // A mark glued on both sides (`word"word`): closing if anything is open.
                Role::Either
            }
        },
    }
}

/// False when none of the eight bytes of `word` is non-ASCII, `"` or `'`: no quotation
/// mark starts there.
fn may_hold_mark(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte of `v` is zero exactly when this has its high bit set (for some byte, whenever
    // any byte is zero).
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH != 0;
    word & HIGH != 0
        || has_zero(word ^ (ONES * u64::from(b'"')))
        || has_zero(word ^ (ONES * u64::from(b'\'')))
}

/// Trims whitespace off both ends of `[start, end)`.
fn trim(text: &str, start: usize, end: usize) -> (usize, usize) {
    let slice = &text[start..end];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead >= slice.len() {
        return (start, start);
    }
    (start + lead, end - trail)
}

/// Finds the top-level quotations of `text`, paragraph-aware, in text order.
///
/// Single marks count only inside a double-marked quote, unless the text has no double marks at
/// all (then single marks are the primary level, as in British style without nesting).
pub fn find(text: &str, paragraphs: &[Paragraph]) -> Vec<MarkedSpan> {
    let has_double = text.as_bytes().contains(&b'"')
        || text
            .chars()
            .any(|c| matches!(c, '"' | '“' | '”' | '„' | '«' | '»' | '＂'))
        || text.contains("''");
    let primary = if has_double {
        Family::Double
    } else {
        Family::Single
    };
    // Room for one quotation every few hundred bytes, so the list seldom moves.
    let mut out: Vec<MarkedSpan> = Vec::with_capacity(text.len() / 256 + 4);
    // The quote still open at the end of the previous paragraph, waiting for a continuation.
    let mut carried: Option<MarkedSpan> = None;

    for (pi, para) in paragraphs.iter().enumerate() {
        let ptext = &text[para.start..para.end];
        let mut open: Option<MarkedSpan> = None;
        let mut piece_start = para.start;
        // Byte position in `ptext` of the next character to look at.
        let mut pos = 0;
        let bytes = ptext.as_bytes();
        let mut prev: Option<char> = None;

        if let Some(mut c) = carried.take() {
            // Continue only when this paragraph opens with a primary mark.
            let first_char = ptext.chars().next();
            if first_char.is_some_and(|f| family(f) == Some(primary)) {
                let skip = first_char.map_or(0, char::len_utf8);
                piece_start = para.start + skip;
                pos = skip;
                prev = first_char;
                c.closed = false;
                open = Some(c);
            } else {
                out.push(c);
            }
        }

        while pos < bytes.len() {
            // A run of ASCII characters that are no quotation marks (most of the text) is
            // passed over at once; what matters of it is its last character.
            if bytes[pos].is_ascii() && !matches!(bytes[pos], b'"' | b'\'') {
                let mut end = pos + 1;
                // Eight bytes at a time while none of them can be a mark, then one at a time.
                while let Some(chunk) = bytes.get(end..end + 8) {
                    let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
                    if may_hold_mark(word) {
                        break;
                    }
                    end += 8;
                }
                while end < bytes.len()
                    && bytes[end].is_ascii()
                    && !matches!(bytes[end], b'"' | b'\'')
                {
                    end += 1;
                }
                prev = Some(char::from(bytes[end - 1]));
                pos = end;
                continue;
            }
            let i = pos;
            let Some(c) = ptext[i..].chars().next() else {
                break;
            };
            let at = para.start + i;
            let mut width = c.len_utf8();
            let mut next = ptext[i + width..].chars().next();
            // Two apostrophes stand for a double mark in some newspapers' archives.
            let mut c = c;
            if c == '\'' && next == Some('\'') {
                next = ptext[i + 2..].chars().next();
                c = '"';
                width = 2;
            }
            pos = i + width;
            let Some(fam) = family(c) else {
                prev = Some(c);
                continue;
            };
            if fam != primary {
                prev = Some(c);
                continue;
            }
            let r = role(c, prev, next);
            match (&mut open, r) {
                (None, Role::Open | Role::Either) => {
                    let start = at + width;
                    open = Some(MarkedSpan {
                        open: at,
                        start,
                        end: start,
                        close_end: start,
                        pieces: Pieces::default(),
                        closed: false,
                    });
                    piece_start = start;
                }
                (Some(q), Role::Close | Role::Either) => {
                    let (s, e) = trim(text, piece_start, at);
                    if e > s {
                        q.pieces.push((s, e));
                    }
                    q.end = at;
                    q.close_end = at + width;
                    q.closed = true;
                    if let Some(q) = open.take() {
                        push_span(&mut out, q);
                    }
                }
                (Some(q), Role::Open) => {
                    // A new quote opens while one is open: the first was never closed.
                    let (s, e) = trim(text, piece_start, at);
                    if e > s {
                        q.pieces.push((s, e));
                    }
                    q.end = e.max(q.start);
                    q.close_end = q.end;
                    if let Some(q) = open.take() {
                        push_span(&mut out, q);
                    }
                    let start = at + width;
                    open = Some(MarkedSpan {
                        open: at,
                        start,
                        end: start,
                        close_end: start,
                        pieces: Pieces::default(),
                        closed: false,
                    });
                    piece_start = start;
                }
                _ => {}
            }
            prev = Some(c);
        }

        if let Some(mut q) = open.take() {
            let (s, e) = trim(text, piece_start, para.end);
            if e > s {
                q.pieces.push((s, e));
            }
            q.end = e.max(q.start);
            q.close_end = q.end;
            let next_opens = paragraphs.get(pi + 1).is_some_and(|n| {
                text[n.start..n.end]
                    .chars()
                    .next()
                    .is_some_and(|f| family(f) == Some(primary))
            });
            if next_opens && !q.pieces.is_empty() {
                carried = Some(q);
            } else {
                push_span(&mut out, q);
            }
        }
    }
    if let Some(q) = carried.take() {
        push_span(&mut out, q);
    }
    out
}

fn push_span(out: &mut Vec<MarkedSpan>, mut q: MarkedSpan) {
    if q.pieces.is_empty() {
        return;
    }
    q.start = q.pieces[0].0;
    q.end = q.pieces[q.pieces.len() - 1].1;
    out.push(q);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::segment::segment;

    fn spans(text: &str) -> Vec<&str> {
        let seg = segment(text);
        find(text, &seg.paragraphs)
            .iter()
            .map(|q| &text[q.start..q.end])
            .collect()
    }

    #[test]
    fn straight_and_curly_marks() {
        assert_eq!(
            spans("He said \"yes we can\" and “no we won’t” today."),
            vec!["yes we can", "no we won’t"]
        );
    }

    #[test]
    fn apostrophes_are_not_marks() {
        assert_eq!(
            spans("“Don’t go to O’Brien’s,” she said of the ’90s."),
            vec!["Don’t go to O’Brien’s,"]
        );
    }

    #[test]
    fn nested_single_marks_stay_inside() {
        assert_eq!(
            spans("“He called it ‘a disaster’ twice,” she said."),
            vec!["He called it ‘a disaster’ twice,"]
        );
    }

    #[test]
    fn quotes_continue_over_paragraphs() {
        let text = "“First part of it.\n“Second part.” she said.\nAfter.";
        let seg = segment(text);
        let qs = find(text, &seg.paragraphs);
        assert_eq!(qs.len(), 1);
        assert_eq!(qs[0].pieces.len(), 2);
        assert_eq!(&text[qs[0].pieces[1].0..qs[0].pieces[1].1], "Second part.");
        assert!(qs[0].closed);
    }

    #[test]
    fn unbalanced_mark_closes_at_paragraph_end() {
        let text = "He said \"this never closes.\nNext \"paragraph\" is fine.";
        assert_eq!(spans(text), vec!["this never closes.", "paragraph"]);
    }

    #[test]
    fn two_apostrophes_are_a_double_mark() {
        assert_eq!(
            spans("''We won't stop,'' he said of the 'plan'."),
            vec!["We won't stop,"]
        );
    }

    /// The eight-byte test finds every byte that can start a mark, wherever it stands.
    #[test]
    fn words_with_a_mark_byte_are_found() {
        assert!(!may_hold_mark(u64::from_le_bytes(*b"plain te")));
        for special in [b'"', b'\'', 0x80, 0xE2, 0xFF] {
            for at in 0..8 {
                let mut bytes = *b"abc !~\x01z";
                bytes[at] = special;
                assert!(
                    may_hold_mark(u64::from_le_bytes(bytes)),
                    "{special} at {at}"
                );
            }
        }
        for plain in [b'!', b'#', b'&', b'(', 0x00, 0x7F, b'"' - 1, b'\'' + 1] {
            assert!(!may_hold_mark(u64::from_le_bytes([plain; 8])), "{plain}");
        }
    }

    #[test]
    fn inch_marks_do_not_open() {
        assert_eq!(spans("He is 6'2\" tall. \"Yes,\" he said."), vec!["Yes,"]);
    }
}
