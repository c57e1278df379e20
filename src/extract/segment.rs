//! Text segmentation: tokens, sentences and paragraphs over raw article text.
//!
//! Every later stage (the entity tagger, quote finding, attribution) works on this one
//! segmentation, in byte offsets; spans are converted to code points only when the document is
//! built. The tokeniser follows the conventions of CoNLL-2003 / Penn Treebank closely enough that
//! a tagger trained on CoNLL's pre-tokenised text sees the same kind of tokens in raw text:
//! punctuation is split off, possessive `'s` is its own token, abbreviations such as `U.S.` and
//! `Mr.` keep their period.

use std::sync::LazyLock;

use rustc_hash::FxHashSet;

/// One token: a byte range of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

impl Token {
    /// The token's text.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// A sentence: a range of token indices, plus the byte range it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    /// Index of the first token.
    pub first_token: usize,
    /// Index one past the last token.
    pub end_token: usize,
    /// Byte offset where the sentence starts.
    pub start: usize,
    /// Byte offset where the sentence ends.
    pub end: usize,
}

/// A paragraph: a non-empty line of the text (articles separate paragraphs by line breaks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paragraph {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset one past the last character (before the line break).
    pub end: usize,
    /// Index of the first sentence in this paragraph.
    pub first_sentence: usize,
    /// Index one past the last sentence in this paragraph.
    pub end_sentence: usize,
}

/// The segmentation of one text.
#[derive(Debug, Clone, Default)]
pub struct Segmentation {
    /// All tokens in text order.
    pub tokens: Vec<Token>,
    /// All sentences in text order; together they cover every token once.
    pub sentences: Vec<Sentence>,
    /// All paragraphs in text order; together they cover every sentence once.
    pub paragraphs: Vec<Paragraph>,
}

/// Abbreviations that keep their final period and do not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt",
    "cmdr", "adm", "maj", "cpl", "pvt", "st", "jr", "sr", "rev", "hon", "pres", "supt", "insp",
    "det", "messrs", "mme", "mlle", "fr", "sec", "atty", "amb", "no", "vs", "etc", "inc", "corp",
    "ltd", "co", "bros", "dept", "univ", "assn", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri",
    "sat", "sun", "approx", "est", "ft", "mt", "ave", "blvd", "rd", "fig", "al", "ala", "ariz",
    "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan", "kans", "ky", "la",
    "md", "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore", "pa", "tenn",
    "tex", "va", "vt", "wash", "wis", "wyo",
];

/// Abbreviations after which a capitalised word is usually a name, never a new sentence.
const TITLE_ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt", "st",
    "rev", "hon", "pres", "supt", "insp", "det", "messrs", "fr", "sec", "atty", "amb", "no", "vs",
    "mt", "adm", "maj", "cpl", "pvt", "cmdr",
];

/// Characters split off the front of a word.
fn is_leading_punct(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '„' | '‚' | '«' | '‹' | '(' | '[' | '{' | '`' | '¿' | '¡' | '*'
    )
}

/// Characters split off the end of a word.
fn is_trailing_punct(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '”'
            | '’'
            | '»'
            | '›'
            | ')'
            | ']'
            | '}'
            | ','
            | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | '…'
            | '*'
    )
}

/// Dashes that always stand alone.
fn is_dash(c: char) -> bool {
    matches!(c, '—' | '–' | '―')
}

/// True for a word that keeps its final period: a known abbreviation, an initial ("J."), or a
/// dotted acronym ("U.S.", "a.m.").
fn keeps_period(word_with_period: &str) -> bool {
    let stem = &word_with_period[..word_with_period.len() - 1];
    if stem.is_empty() {
        return false;
    }
    let mut chars = stem.chars();
    let first = chars.next().unwrap_or(' ');
    if chars.next().is_none() && first.is_alphabetic() {
        return true;
    }
    if stem.contains('.') && stem.chars().all(|c| c.is_alphabetic() || c == '.') {
        return true;
    }
    lowercase_in(&ABBREVIATION_SET, stem)
}

/// `u8::is_ascii_alphanumeric` as a table: one load per byte in the tokenizer's tight loop
/// instead of three range tests.
static ASCII_ALPHANUMERIC: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let bytes = text.as_bytes();
    // The white space at `i` and its width in bytes: ASCII bytes (nearly all) without
    // decoding; their white space is U+0009..U+000D and the space, as for
    // `char::is_whitespace`.
    let space_at = |i: usize| -> (bool, usize) {
        let b = bytes[i];
        if b.is_ascii() {
            ((9..=13).contains(&b) || b == b' ', 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.is_whitespace() || c == '\u{a0}', c.len_utf8())
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        let (space, width) = space_at(i);
        if space {
            i += width;
            continue;
        }
        // A chunk: up to the next white space, noting whether it is ASCII letters and digits
        // only (the tight loop that runs over most of the text).
        let start = i;
        let mut plain = true;
        while i < bytes.len() {
            if ASCII_ALPHANUMERIC[usize::from(bytes[i])] {
                i += 1;
                continue;
            }
            let (space, width) = space_at(i);
            if space {
                break;
            }
            plain = false;
            i += width;
        }
        split_plain_or_chunk(text, start, i, plain, &mut tokens);
    }
    tokens
}

/// Splits the chunk `[start, end)`, `plain` when it is ASCII letters and digits only. Most
/// chunks of English text are such a word, or such a word and a comma: they are their own
/// token (and the comma's), which is what [`split_chunk`] would find (no dash, no punctuation
/// but the comma, no apostrophe), found without its scans.
#[inline]
fn split_plain_or_chunk(text: &str, start: usize, end: usize, plain: bool, out: &mut Vec<Token>) {
    if plain {
        out.push(Token { start, end });
        return;
    }
    let bytes = text.as_bytes();
    if end - start >= 2
        && bytes[end - 1] == b','
        && bytes[start..end - 1].iter().all(u8::is_ascii_alphanumeric)
    {
        out.push(Token {
            start,
            end: end - 1,
        });
        out.push(Token {
            start: end - 1,
            end,
        });
        return;
    }
    split_chunk(text, start, end, out);
}

/// Splits one whitespace-free chunk `[start, end)` into tokens.
fn split_chunk(text: &str, mut start: usize, end: usize, out: &mut Vec<Token>) {
    // Dashes inside a chunk ("war—and", "war--and") separate words. A loop rather than
    // recursion, so that a megabyte line of dashes cannot overflow the stack.
    while let Some((dash_start, dash_end)) = find_dash(&text[start..end]) {
        let (dash_start, dash_end) = (start + dash_start, start + dash_end);
        if dash_start > start {
            split_words(text, start, dash_start, out);
        }
        out.push(Token {
            start: dash_start,
            end: dash_end,
        });
        start = dash_end;
    }
    if start < end {
        split_words(text, start, end, out);
    }
}

/// The byte range of the first dash in `chunk`: a dash character, or a run of two or more
/// hyphens. One scan up to the dash, so splitting a whole chunk stays linear.
fn find_dash(chunk: &str) -> Option<(usize, usize)> {
    let bytes = chunk.as_bytes();
    for (pos, c) in chunk.char_indices() {
        if is_dash(c) {
            return Some((pos, pos + c.len_utf8()));
        }
        if c == '-' && bytes.get(pos + 1) == Some(&b'-') {
            let run = bytes[pos..].iter().take_while(|&&b| b == b'-').count();
            return Some((pos, pos + run));
        }
    }
    None
}

/// Splits a dash-free piece `[start, end)` of a chunk into tokens.
fn split_words(text: &str, mut start: usize, mut end: usize, out: &mut Vec<Token>) {
    while start < end {
        let c = text[start..end].chars().next().unwrap_or(' ');
        if !is_leading_punct(c) {
            break;
        }
        // An apostrophe that elides ('90s, 'em) belongs to the word.
        if (c == '\'' || c == '’' || c == '‘')
            && text[start + c.len_utf8()..end]
                .chars()
                .next()
                .is_some_and(|n| n.is_ascii_digit())
        {
            break;
        }
        out.push(Token {
            start,
            end: start + c.len_utf8(),
        });
        start += c.len_utf8();
    }

    // Trailing punctuation is found from the end backwards; it goes into `out` as found and is
    // put after the word at the end, which saves a buffer per word.
    let mark = out.len();
    while end > start {
        let c = text[start..end].chars().next_back().unwrap_or(' ');
        if !is_trailing_punct(c) {
            break;
        }
        if c == '.' {
            let word = &text[start..end];
            // "U.S." keeps its period; "..." stays one token.
            if word.ends_with("...") {
                let dots_start = end - 3;
                out.push(Token {
                    start: dots_start,
                    end,
                });
                end = dots_start;
                continue;
            }
            let trailing = &out[mark..];
            if keeps_period(word)
                && (trailing.is_empty()
                    || !trailing
                        .iter()
                        .all(|t: &Token| text[t.start..t.end] == *"."))
            {
                break;
            }
        }
        // An apostrophe after a plural ("the Joneses'") stays split off; that is what CoNLL does.
        out.push(Token {
            start: end - c.len_utf8(),
            end,
        });
        end -= c.len_utf8();
    }

    let trailing = out.len() - mark;
    if start < end {
        let word = &text[start..end];
        // Possessive and clitic endings: "Trump's" -> "Trump" "'s"; "don't" stays whole except n't.
        let split_at = possessive_split(word);
        match split_at {
            Some(pos) if pos > 0 => {
                out.push(Token {
                    start,
                    end: start + pos,
                });
                out.push(Token {
                    start: start + pos,
                    end,
                });
            }
            _ => out.push(Token { start, end }),
        }
    }
    // [trailing, found last to first][word] -> [word][trailing, first to last]
    let len = out.len();
    out[mark..].rotate_left(trailing);
    out[len - trailing..].reverse();
}

/// Where to split a possessive or clitic ending off a word, if it has one.
fn possessive_split(word: &str) -> Option<usize> {
    // Every ending has an apostrophe, straight or curly (E2 80 99): most words have neither.
    if !word.bytes().any(|b| b == b'\'' || b == 0x99) {
        return None;
    }
    // The endings are ASCII letters after an apostrophe, and no other character lowercases to
    // one of their letters, so comparing ASCII case-insensitively is comparing lowercase forms.
    let ends_with = |ending: &str| {
        word.len() > ending.len()
            && word.is_char_boundary(word.len() - ending.len())
            && word[word.len() - ending.len()..].eq_ignore_ascii_case(ending)
    };
    for ending in [
        "'s", "’s", "'re", "’re", "'ve", "’ve", "'ll", "’ll", "'d", "’d", "'m", "’m",
    ] {
        if ends_with(ending) {
            return Some(word.len() - ending.len());
        }
    }
    for ending in ["n't", "n’t"] {
        if ends_with(ending) {
            return Some(word.len() - ending.len());
        }
    }
    None
}

/// [`ABBREVIATIONS`] as a set.
static ABBREVIATION_SET: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| ABBREVIATIONS.iter().copied().collect());

/// [`TITLE_ABBREVIATIONS`] as a set.
static TITLE_ABBREVIATION_SET: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| TITLE_ABBREVIATIONS.iter().copied().collect());

/// Longer than every abbreviation (a test holds the lists to that).
const ABBREVIATION_MAX_LEN: usize = 16;

/// True when the lowercase form of `word` is in `set` (ASCII lowercase words, no longer than
/// [`ABBREVIATION_MAX_LEN`]): ASCII words (nearly all) are lower-cased on the stack.
fn lowercase_in(set: &FxHashSet<&str>, word: &str) -> bool {
    if word.is_ascii() {
        if word.len() > ABBREVIATION_MAX_LEN {
            return false;
        }
        let mut buffer = [0u8; ABBREVIATION_MAX_LEN];
        let lower = &mut buffer[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        // ASCII stays ASCII: always valid UTF-8.
        std::str::from_utf8(lower).is_ok_and(|lower| set.contains(lower))
    } else {
        // Rare: a non-ASCII letter (the Kelvin sign) can lowercase to an ASCII one.
        set.contains(word.to_lowercase().as_str())
    }
}

/// True for tokens that may end a sentence.
fn is_sentence_final(token: &str) -> bool {
    matches!(token, "." | "!" | "?" | "..." | "…")
}

/// True for closing marks that stay with the sentence they close.
fn is_closer(token: &str) -> bool {
    matches!(token, "\"" | "”" | "’" | "'" | ")" | "]" | "»")
}

/// Segments `text` into tokens, sentences and paragraphs.
pub fn segment(text: &str) -> Segmentation {
    let tokens = tokenize(text);
    let mut sentences = Vec::new();
    let mut paragraphs = Vec::new();

    let mut sent_first = 0usize;
    let mut para_first_sentence = 0usize;
    let mut para_start: Option<usize> = None;

    let close_sentence = |sentences: &mut Vec<Sentence>, first: usize, end: usize| {
        if end > first {
            sentences.push(Sentence {
                first_token: first,
                end_token: end,
                start: tokens[first].start,
                end: tokens[end - 1].end,
            });
        }
    };

    let mut i = 0;
    while i < tokens.len() {
        let tok = tokens[i];
        if para_start.is_none() {
            para_start = Some(tok.start);
        }
        let mut boundary_after = None;
        // Both tests below need a token ending in '.', '!', '?' or '…' (whose last byte is
        // 0xA6): most tokens end otherwise and skip them.
        let may_end_sentence = tok.end > tok.start
            && matches!(text.as_bytes()[tok.end - 1], b'.' | b'!' | b'?' | 0xA6);
        if may_end_sentence {
            let word = tok.text(text);
            if is_sentence_final(word) {
                let mut j = i + 1;
                while j < tokens.len()
                    && is_closer(tokens[j].text(text))
                    // A closer is glued to what it closes; `said. "We` opens the next sentence.
                    && tokens[j].start == tokens[j - 1].end
                {
                    j += 1;
                }
                if j >= tokens.len() || starts_new_sentence(text, &tokens, j) {
                    boundary_after = Some(j);
                }
            } else if word.ends_with('.')
                && word.len() > 1
                && i + 1 < tokens.len()
                && !has_newline(text, tok.end, tokens[i + 1].start)
            {
                // "U.S." at the end of a sentence: the period does double duty.
                let stem = &word[..word.len() - 1];
                let next = tokens[i + 1].text(text);
                let is_title = lowercase_in(&TITLE_ABBREVIATION_SET, stem);
                let single_initial = word.chars().count() == 2;
                if !is_title
                    && !single_initial
                    && stem.contains('.')
                    && next.chars().next().is_some_and(|c| c.is_uppercase())
                    && is_common_sentence_opener(next)
                {
                    boundary_after = Some(i + 1);
                }
            }
        }
        let next_index = boundary_after.unwrap_or(i + 1);
        let last_in_chunk = next_index - 1;
        let newline_follows = next_index >= tokens.len()
            || has_newline(text, tokens[last_in_chunk].end, tokens[next_index].start);
        if boundary_after.is_some() || newline_follows {
            // A line break always ends the sentence.
            close_sentence(&mut sentences, sent_first, next_index);
            sent_first = next_index;
        }
        if newline_follows {
            paragraphs.push(Paragraph {
                start: para_start.take().unwrap_or(tokens[last_in_chunk].start),
                end: tokens[last_in_chunk].end,
                first_sentence: para_first_sentence,
                end_sentence: sentences.len(),
            });
            para_first_sentence = sentences.len();
        }
        i = next_index;
    }
    Segmentation {
        tokens,
        sentences,
        paragraphs,
    }
}

/// True when there is a line break in `text[from..to]`.
fn has_newline(text: &str, from: usize, to: usize) -> bool {
    // The gaps between tokens are short (a space, mostly): a byte loop, not a search. In
    // UTF-8 the byte 0x0A is only ever the line feed.
    match &text.as_bytes()[from..to] {
        [] => false,
        [single] => *single == b'\n',
        gap => gap.contains(&b'\n'),
    }
}

/// True when token `j` looks like the start of a new sentence.
fn starts_new_sentence(text: &str, tokens: &[Token], j: usize) -> bool {
    let t = tokens[j].text(text);
    let c = t.chars().next().unwrap_or(' ');
    c.is_uppercase() || c.is_ascii_digit() || is_leading_punct(c) || is_dash(c)
}

/// Words that usually open a sentence, so "... the U.S. The talks" splits after "U.S.".
fn is_common_sentence_opener(word: &str) -> bool {
    matches!(
        word,
        "The"
            | "A"
            | "An"
            | "He"
            | "She"
            | "It"
            | "They"
            | "We"
            | "I"
            | "But"
            | "And"
            | "In"
            | "This"
            | "That"
            | "There"
            | "His"
            | "Her"
            | "Their"
            | "Its"
            | "On"
            | "At"
            | "As"
            | "If"
            | "When"
            | "While"
            | "After"
            | "Before"
            | "Still"
            | "However"
            | "Yet"
            | "So"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviation_lookups_compare_as_lower_case() {
        for (list, set) in [
            (ABBREVIATIONS, &*ABBREVIATION_SET),
            (TITLE_ABBREVIATIONS, &*TITLE_ABBREVIATION_SET),
        ] {
            for entry in list {
                assert!(entry.len() <= ABBREVIATION_MAX_LEN, "{entry}");
                assert_eq!(*entry, entry.to_ascii_lowercase(), "{entry}");
            }
            for word in [
                "Mr",
                "MR",
                "mr",
                "Mrs",
                "messrs",
                "MESSRS",
                "Ms",
                "Sept",
                "Dept",
                "U.S",
                "x",
                "",
                "Mrx",
                "abcdefghijklmnopqrst",
                "\u{212a}y",
                "Kentucky",
            ] {
                let linear = word.is_ascii() && list.iter().any(|w| w.eq_ignore_ascii_case(word))
                    || !word.is_ascii() && list.contains(&word.to_lowercase().as_str());
                assert_eq!(lowercase_in(set, word), linear, "{word:?}");
            }
        }
    }

    #[test]
    fn the_alphanumeric_table_is_the_standard_test() {
        for b in 0..=255u8 {
            assert_eq!(
                ASCII_ALPHANUMERIC[usize::from(b)],
                b.is_ascii_alphanumeric()
            );
        }
    }

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn plain_chunks_split_as_the_general_path_does() {
        // Every chunk of up to four characters from an alphabet of letters, digits and the
        // characters that matter to splitting: the shortcut for plain words (and a word with a
        // comma) gives the tokens of the general path.
        let alphabet = [
            "a", "Z", "7", ",", ".", "'", "’", "-", "—", "\"", "(", ")", "s", "é",
        ];
        let mut chunks = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = chunks
                .iter()
                .flat_map(|c| alphabet.iter().map(move |a| format!("{c}{a}")))
                .collect();
            chunks.extend(longer);
        }
        chunks.extend(
            ["Trump,", "1996,", "U.S.,", "don't,", "well-known,", "ab,,"].map(String::from),
        );
        for chunk in chunks.iter().filter(|c| !c.is_empty()) {
            let plain = chunk.bytes().all(|b| b.is_ascii_alphanumeric());
            let (mut fast, mut general) = (Vec::new(), Vec::new());
            split_plain_or_chunk(chunk, 0, chunk.len(), plain, &mut fast);
            split_chunk(chunk, 0, chunk.len(), &mut general);
            assert_eq!(fast, general, "{chunk:?}");
        }
        assert_eq!(
            words("Ann,  said\tno,\n2016, x"),
            ["Ann", ",", "said", "no", ",", "2016", ",", "x"]
        );
    }

    #[test]
    fn splits_punctuation_and_possessives() {
        assert_eq!(
            words("“It’s Trump’s call,” said Mr. Smith (R-Texas)."),
            vec![
                "“", "It", "’s", "Trump", "’s", "call", ",", "”", "said", "Mr.", "Smith", "(",
                "R-Texas", ")", "."
            ]
        );
    }

    #[test]
    fn keeps_acronyms_and_initials() {
        assert_eq!(
            words("The U.S. envoy J. Smith spoke."),
            vec!["The", "U.S.", "envoy", "J.", "Smith", "spoke", "."]
        );
    }

    #[test]
    fn dashes_stand_alone() {
        assert_eq!(words("war—and peace"), vec!["war", "—", "and", "peace"]);
        assert_eq!(words("a -- b"), vec!["a", "--", "b"]);
    }

    #[test]
    fn sentences_end_at_periods_and_line_breaks() {
        let text = "Mr. Trump said it. “No,” he said.\nNext line here";
        let seg = segment(text);
        let sents: Vec<&str> = seg
            .sentences
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect();
        assert_eq!(
            sents,
            vec!["Mr. Trump said it.", "“No,” he said.", "Next line here"]
        );
        assert_eq!(seg.paragraphs.len(), 2);
        assert_eq!(seg.paragraphs[0].end_sentence, 2);
    }

    #[test]
    fn closing_quote_stays_with_its_sentence() {
        let text = "He said: “We won.” Then he left.";
        let seg = segment(text);
        let sents: Vec<&str> = seg
            .sentences
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect();
        assert_eq!(sents, vec!["He said: “We won.”", "Then he left."]);
    }

    #[test]
    fn opening_mark_after_a_space_starts_the_next_sentence() {
        let text = "He left. \"We won.\" Then ''They paid.''";
        let seg = segment(text);
        let sents: Vec<&str> = seg
            .sentences
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect();
        assert_eq!(
            sents,
            vec!["He left.", "\"We won.\"", "Then ''They paid.''"]
        );
    }

    #[test]
    fn acronym_can_end_a_sentence() {
        let text = "They flew to the U.S. The talks began.";
        let seg = segment(text);
        assert_eq!(seg.sentences.len(), 2);
    }

    #[test]
    fn tokens_are_valid_byte_ranges_on_any_text() {
        let text = "é 😀 “x” ‘y’ — 'z' \r\n \u{a0}q";
        for t in tokenize(text) {
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            assert!(t.start < t.end);
        }
    }
}
