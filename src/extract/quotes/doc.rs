//! A per-token view of the article for the attribution rules: word classes, cue verbs, which
//! quotation each token lies in, and the sentence and paragraph of each token.

use super::cues::{self, Cue, class, fact};
use super::marks::MarkedSpan;
use crate::extract::segment::{Segmentation, Token};

/// No quotation / no index.
pub const NONE: u32 = u32::MAX;

/// What the rules need to know about one token.
#[derive(Debug, Clone, Copy)]
pub struct TokInfo {
    /// Word-class bits from [`cues::class`].
    pub classes: u32,
    /// The cue verb this token is.
    pub cue: Option<Cue>,
    /// Bits from [`fact`]: what the rules test about the token's text.
    pub facts: u32,
    /// Starts with an uppercase letter.
    pub cap: bool,
    /// Has a letter or digit.
    pub word: bool,
    /// Is a quotation mark.
    pub mark: bool,
    /// Index of the marked span whose marks or content hold this token, or [`NONE`].
    pub quoted: u32,
    /// Sentence index.
    pub sentence: u32,
    /// Paragraph index.
    pub paragraph: u32,
}

impl TokInfo {
    /// True when any of `bits` is set.
    pub fn is(&self, bits: u32) -> bool {
        self.classes & bits != 0
    }

    /// True when any of the [`fact`] `bits` is set.
    pub fn has(&self, bits: u32) -> bool {
        self.facts & bits != 0
    }
}

/// Common nouns and adjectives ending in -ly: "the family said", "an early report".
const NOT_ADVERBS: &[&str] = &[
    "family",
    "rally",
    "rallies",
    "ally",
    "supply",
    "assembly",
    "anomaly",
    "monopoly",
    "early",
    "likely",
    "unlikely",
    "daily",
    "weekly",
    "monthly",
    "quarterly",
    "yearly",
    "elderly",
    "friendly",
    "unfriendly",
    "costly",
    "deadly",
    "lonely",
    "lovely",
    "ugly",
    "silly",
    "orderly",
    "timely",
    "lively",
    "scholarly",
    "worldly",
    "reply",
    "apply",
    "comply",
    "multiply",
    "bully",
    "belly",
    "folly",
];

/// The token view of one text.
pub struct Doc<'a> {
    /// The article text.
    pub text: &'a str,
    /// The segmentation.
    pub seg: &'a Segmentation,
    /// One entry per token.
    pub info: Vec<TokInfo>,
    /// The top-level quotations.
    pub marked: Vec<MarkedSpan>,
    /// Per marked span: token index of its opening mark and one past its closing mark.
    pub marked_tokens: Vec<(usize, usize)>,
    /// Per token: the tagger's word id (equal ids exactly for equal texts), so that later
    /// stages (the attribution model) can also work out each distinct word once; empty when
    /// the view was built without them.
    pub word_ids: &'a [u32],
}

fn is_mark_char(c: char) -> bool {
    matches!(
        c,
        '"' | '“'
            | '”'
            | '„'
            | '‟'
            | '«'
            | '»'
            | '＂'
            | '‘'
            | '’'
            | '\''
            | '‚'
            | '‛'
            | '‹'
            | '›'
    )
}

/// What a token's text alone says about it (its quotation, sentence and paragraph are left
/// for [`Doc::new`] to fill); `lower` is a buffer for its lowercase form.
fn word_info(word: &str, lower: &mut String) -> TokInfo {
    if word.is_ascii() && word.len() <= ASCII_WORD_MAX {
        ascii_word_info(word)
    } else {
        any_word_info(word, lower)
    }
}

/// [`word_info`] of any word, with `lower` for its lowercase form.
fn any_word_info(word: &str, lower: &mut String) -> TokInfo {
    lower.clear();
    // ASCII words lowercase a byte at a time: the same as below for them.
    let ascii = word.is_ascii();
    if ascii {
        lower.push_str(word);
        lower.make_ascii_lowercase();
    } else {
        for c in word.chars() {
            if c == '’' {
                lower.push('\'');
            } else {
                lower.extend(c.to_lowercase());
            }
        }
    }
    let w = cues::lookup(lower);
    let mut chars = word.chars();
    let first = chars.next().unwrap_or(' ');
    let single = chars.next().is_none();
    let cap = first.is_uppercase();
    let has_alphanumeric = if ascii {
        word.bytes().any(|b| b.is_ascii_alphanumeric())
    } else {
        word.chars().any(char::is_alphanumeric)
    };
    let mut facts = 0;
    if word.len() > 4 && word.ends_with("ed") {
        facts |= fact::ENDS_ED;
    }
    if matches!(word, "'s" | "’s" | "'" | "’") {
        facts |= fact::POSSESSIVE;
    }
    // Every word the facts name is ASCII, and no other word is equal to one, even with ASCII
    // case ignored.
    if ascii {
        facts |= ascii_facts(word, &w, cap);
        if facts & fact::ENDS_ED != 0 && word.bytes().all(|b| b.is_ascii_lowercase()) {
            facts |= fact::PAST_ED;
        }
    }
    TokInfo {
        classes: w.classes,
        cue: w.cue,
        facts,
        cap,
        word: has_alphanumeric,
        mark: single && is_mark_char(first),
        quoted: NONE,
        sentence: 0,
        paragraph: 0,
    }
}

/// The longest ASCII word [`ascii_word_info`] takes (longer ones are rare).
const ASCII_WORD_MAX: usize = 32;

/// [`word_info`] of an ASCII word of at most [`ASCII_WORD_MAX`] bytes: most distinct words
/// of an article, and most of them outside the word table, which tells them apart without
/// lowercasing them.
fn ascii_word_info(word: &str) -> TokInfo {
    let bytes = word.as_bytes();
    let w = cues::lookup_ascii(bytes);
    // For an ASCII letter, `char::is_uppercase` is `is_ascii_uppercase`.
    let cap = bytes.first().is_some_and(u8::is_ascii_uppercase);
    let mut facts = 0;
    if bytes.len() > 4 && word.ends_with("ed") {
        facts |= fact::ENDS_ED;
        if bytes.iter().all(u8::is_ascii_lowercase) {
            facts |= fact::PAST_ED;
        }
    }
    if matches!(word, "'s" | "'") {
        facts |= fact::POSSESSIVE;
    }
    facts |= ascii_facts(word, &w, cap);
    TokInfo {
        classes: w.classes,
        cue: w.cue,
        facts,
        cap,
        word: bytes.iter().any(u8::is_ascii_alphanumeric),
        mark: bytes.len() == 1 && is_mark_char(char::from(bytes[0])),
        quoted: NONE,
        sentence: 0,
        paragraph: 0,
    }
}

/// The facts of an ASCII word from its word-table entry `w`, and [`fact::ASKED`],
/// [`fact::LY_ADVERB`] and [`fact::NUMERAL`].
fn ascii_facts(word: &str, w: &cues::WordInfo, cap: bool) -> u32 {
    // The word-list facts hold for the lowercase word only.
    let mut more =
        if w.facts & !fact::ANY_CASE == 0 || !word.bytes().any(|b| b.is_ascii_uppercase()) {
            w.facts
        } else {
            w.facts & fact::ANY_CASE
        };
    if word == "asked" || word == "Asked" {
        more |= fact::ASKED;
    }
    if !cap && word.len() > 4 && word.ends_with("ly") && !NOT_ADVERBS.contains(&word) {
        more |= fact::LY_ADVERB;
    }
    if word.starts_with(|c: char| c.is_ascii_digit())
        && word
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b',' | b'.' | b'%'))
    {
        more |= fact::NUMERAL;
    }
    more
}

impl<'a> Doc<'a> {
    /// Builds the view in one pass over the tokens, working out each token's word on its own
    /// (the engine and training build it from the tagger's word ids: tests compare the two).
    #[cfg(test)]
    pub fn new(text: &'a str, seg: &'a Segmentation, marked: Vec<MarkedSpan>) -> Doc<'a> {
        Doc::with_word_ids(text, seg, &[], marked)
    }

    /// Builds the view, working out what depends on a token's text once per distinct word:
    /// `word_ids` gives every token of `seg` an id shared exactly by the tokens with the same
    /// text ([`Analysis::word_ids`](crate::extract::Analysis::word_ids)); without one id per
    /// token (an untagged analysis) each token is worked out on its own.
    pub fn with_word_ids(
        text: &'a str,
        seg: &'a Segmentation,
        word_ids: &'a [u32],
        marked: Vec<MarkedSpan>,
    ) -> Doc<'a> {
        let tokens = &seg.tokens;
        let mut info = Vec::with_capacity(tokens.len());
        let mut lower = String::new();
        if word_ids.len() == tokens.len() {
            // Most tokens repeat an earlier word: the lowercasing and the cue lookup are done
            // for its first token only.
            let words = word_ids.iter().max().map_or(0, |&id| id as usize + 1);
            let mut by_word: Vec<Option<TokInfo>> = vec![None; words];
            for (t, &id) in tokens.iter().zip(word_ids) {
                let known = &mut by_word[id as usize];
                info.push(*known.get_or_insert_with(|| word_info(t.text(text), &mut lower)));
            }
        } else {
            info.extend(tokens.iter().map(|t| word_info(t.text(text), &mut lower)));
        }
        for (si, s) in seg.sentences.iter().enumerate() {
            let end = s.end_token.min(info.len());
            let first = s.first_token.min(end);
            for (i, t) in info[first..end].iter_mut().enumerate() {
                t.sentence = si as u32;
                // A capitalised word inside a sentence is a name ("United States"), not a verb;
                // after a mark or colon it may open a quoted sentence.
                if i > 0 && t.cap && t.cue.is_some() {
                    let prev = tokens[first + i - 1].text(text);
                    let opener = prev == ":" || prev.chars().all(is_mark_char);
                    if !opener {
                        t.cue = None;
                    }
                }
            }
        }
        for (pi, p) in seg.paragraphs.iter().enumerate() {
            let (a, b) = (p.first_sentence, p.end_sentence.min(seg.sentences.len()));
            if a >= b {
                continue;
            }
            let (first, end) = (seg.sentences[a].first_token, seg.sentences[b - 1].end_token);
            for t in &mut info[first..end] {
                t.paragraph = pi as u32;
            }
        }
        // Sweep the marked spans over the tokens (both are in text order).
        let mut marked_tokens = Vec::with_capacity(marked.len());
        let mut kept = Vec::with_capacity(marked.len());
        let mut ti = 0;
        for m in marked {
            while ti < tokens.len() && tokens[ti].end <= m.open {
                ti += 1;
            }
            let first = ti;
            let mut j = ti;
            while j < tokens.len() && tokens[j].start < m.close_end {
                j += 1;
            }
            // A span that shares its tokens with the previous one (marks glued into one
            // token) is dropped: every kept span owns at least one token.
            if j == first {
                continue;
            }
            for t in &mut info[first..j] {
                t.quoted = kept.len() as u32;
            }
            marked_tokens.push((first, j));
            kept.push(m);
            ti = j;
        }
        let marked = kept;
        let word_ids = if word_ids.len() == tokens.len() {
            word_ids
        } else {
            &[]
        };
        Doc {
            text,
            seg,
            info,
            marked,
            marked_tokens,
            word_ids,
        }
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.info.len()
    }

    /// Token `i`.
    pub fn tok(&self, i: usize) -> Token {
        self.seg.tokens[i]
    }

    /// Index of the token holding byte `byte` (or the first token after it; `len()` past the end).
    pub fn token_at(&self, byte: usize) -> usize {
        self.seg.tokens.partition_point(|t| t.end <= byte)
    }

    /// Token `i`'s text.
    pub fn word(&self, i: usize) -> &'a str {
        self.seg.tokens[i].text(self.text)
    }

    /// True when token `i` is exactly `w` (ASCII case-insensitive).
    pub fn is_word(&self, i: usize, w: &str) -> bool {
        i < self.len() && self.word(i).eq_ignore_ascii_case(w)
    }

    /// Token range `[first, end)` of sentence `s`.
    pub fn sentence_tokens(&self, s: usize) -> (usize, usize) {
        let sent = self.seg.sentences[s];
        (sent.first_token, sent.end_token)
    }

    /// Token range of paragraph `p`.
    pub fn paragraph_tokens(&self, p: usize) -> (usize, usize) {
        let para = self.seg.paragraphs[p];
        if para.first_sentence >= para.end_sentence {
            return (0, 0);
        }
        (
            self.seg.sentences[para.first_sentence].first_token,
            self.seg.sentences[para.end_sentence - 1].end_token,
        )
    }

    /// Byte range covered by tokens `[a, b)`.
    pub fn bytes(&self, a: usize, b: usize) -> (usize, usize) {
        (self.tok(a).start, self.tok(b - 1).end)
    }

    /// True when token `i` exists and has any of the [`fact`] `bits`.
    pub fn has(&self, i: usize, bits: u32) -> bool {
        self.info.get(i).is_some_and(|t| t.has(bits))
    }

    /// True for a lowercase adverb ending in -ly ("repeatedly").
    pub fn is_ly_adverb(&self, i: usize) -> bool {
        self.info[i].has(fact::LY_ADVERB)
    }

    /// True for a token that looks like a verb: a known verb or a lowercase -ed form.
    pub fn is_verb_like(&self, i: usize) -> bool {
        let t = &self.info[i];
        t.is(class::VERB | class::BETWEEN) && !t.is(class::SUBJECT_PRONOUN)
            || (!t.cap && t.has(fact::ENDS_ED))
            || t.cue.is_some()
    }

    /// True for punctuation-only tokens other than quotation marks.
    pub fn is_punct(&self, i: usize) -> bool {
        !self.info[i].word && !self.info[i].mark
    }

    /// True when the token is a possessive ending ('s).
    pub fn is_possessive(&self, i: usize) -> bool {
        self.info[i].has(fact::POSSESSIVE)
    }

    /// Counts the word tokens in `[a, b)`.
    pub fn words_in(&self, a: usize, b: usize) -> usize {
        (a..b).filter(|&i| self.info[i].word).count()
    }

    /// True when token `i` is a capitalised word that can be part of a name: "Will" and "May"
    /// are names inside a sentence even though "will" and "may" are auxiliaries.
    pub fn is_name_word(&self, i: usize) -> bool {
        let t = &self.info[i];
        if !t.cap
            || !t.word
            || t.mark
            || t.is(class::STOP | class::DETERMINER | class::SUBJECT_PRONOUN)
        {
            return false;
        }
        let sentence_initial = i == 0 || self.info[i - 1].sentence != t.sentence;
        !sentence_initial || self.is_np_word(i) || t.is(class::TITLE)
    }

    /// True when token `i` is a word that can stand in a noun phrase: a noun, adjective or name
    /// as far as closed classes and capitals can tell.
    pub fn is_np_word(&self, i: usize) -> bool {
        let t = &self.info[i];
        t.word
            && !t.mark
            && !t.is(class::STOP | class::BETWEEN | class::SUBJECT_PRONOUN | class::VERB)
            && (t.cue.is_none() || t.is(class::ROLE))
            && !self.is_ly_adverb(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Extractor;
    use crate::extract::quotes::marks;

    /// Working out each word once from the tagger's word ids gives every token the same view as
    /// working out each token on its own, repeated and capitalised cue words included.
    #[test]
    fn word_ids_give_the_same_view_as_each_token() {
        let text = "“We’ll rebuild it,” said Mayor Zoë Okafor. Said plainly, she said it twice.\r\n\
                    Critics said: “Said who? 🙂” O’Brien’s aides said no, and said it again.\n";
        let analysis = Extractor::bundled().with_attribution(None).analyze(text);
        assert_eq!(analysis.word_ids.len(), analysis.seg.tokens.len());
        let marked = || marks::find(text, &analysis.seg.paragraphs);
        let shared = Doc::with_word_ids(text, &analysis.seg, &analysis.word_ids, marked());
        let alone = Doc::new(text, &analysis.seg, marked());
        assert_eq!(format!("{:?}", shared.info), format!("{:?}", alone.info));
        assert!(shared.info.iter().any(|t| t.cue.is_some()));
    }

    /// The one-pass view of short ASCII words is the same as the general one.
    #[test]
    fn ascii_words_get_the_general_view() {
        let mut lower = String::new();
        let longest = "a".repeat(ASCII_WORD_MAX);
        for word in [
            "",
            "said",
            "Said",
            "SAID",
            "told",
            "called",
            "Called",
            "asked",
            "Asked",
            "ASKED",
            "according",
            "To",
            "'s",
            "'",
            "\"",
            ".",
            ",",
            "2016",
            "U.S.",
            "Mr.",
            "worked",
            "WORKED",
            "Worked",
            "added",
            "repeatedly",
            "Repeatedly",
            "family",
            "ugly",
            "it's",
            "he",
            "She",
            "spokesman",
            "x",
            "e-mail",
            "far-reaching",
            &longest,
        ] {
            assert_eq!(
                format!("{:?}", ascii_word_info(word)),
                format!("{:?}", any_word_info(word, &mut lower)),
                "{word:?}"
            );
        }
    }

    /// The facts the rules test hold exactly when the string tests they replace would:
    /// ASCII case ignored for the single words, the exact lowercase form for the word lists
    /// ("Called" is no `called`), never for a non-ASCII token (a Kelvin sign lowercases to
    /// `k`), and the -ly adverbs, possessives and -ed forms as `is_ly_adverb`,
    /// `is_possessive` and the past-form test worked them out from the text.
    #[test]
    fn facts_hold_as_the_string_tests_did() {
        let text = "According to Lee, ACCORDING TO her, it is as Called and called, calling \
                    supports SUPPORTS; “She refused to vow,” he Asked, asked, ASKED, as\u{212A}ed. \
                    They repeatedly, Repeatedly, silly family thought Thought it seemed made \
                    known that claims Claims’ and sees Appeared appeared Lee’s O’Brien’s aides' rumored belief reportedly \
                    worked wORKED Éd naïvely calléd ca\u{212A}led. NOT Also also in In. \
                    MOST of 2,500 voters, more THAN Two-Thirds, said 10% in minutes, Minutes \
                    past 3.5 1x.\r\n";
        let analysis = Extractor::bundled().with_attribution(None).analyze(text);
        let doc = Doc::with_word_ids(
            text,
            &analysis.seg,
            &analysis.word_ids,
            marks::find(text, &analysis.seg.paragraphs),
        );
        let mut seen = 0;
        for i in 0..doc.len() {
            let w = doc.word(i);
            let mut expected = 0;
            for &(bit, words) in cues::FACT_WORDS {
                let any_case = bit & fact::ANY_CASE != 0;
                let hit = words.split_whitespace().any(|listed| {
                    if any_case {
                        w.eq_ignore_ascii_case(listed)
                    } else {
                        w == listed
                    }
                });
                if hit {
                    expected |= bit;
                }
            }
            if matches!(w, "asked" | "Asked") {
                expected |= fact::ASKED;
            }
            if !doc.info[i].cap
                && w.len() > 4
                && w.ends_with("ly")
                && w.is_ascii()
                && !NOT_ADVERBS.contains(&w)
            {
                expected |= fact::LY_ADVERB;
            }
            if w == "'s" || w == "’s" || w == "'" || w == "’" {
                expected |= fact::POSSESSIVE;
            }
            if w.starts_with(|c: char| c.is_ascii_digit())
                && w.chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '%'))
            {
                expected |= fact::NUMERAL;
            }
            if w.ends_with("ed") && w.len() > 4 {
                expected |= fact::ENDS_ED;
                if w.chars().all(|c| c.is_ascii_lowercase()) {
                    expected |= fact::PAST_ED;
                }
            }
            assert_eq!(doc.info[i].facts, expected, "token {i} {w:?}");
            seen |= expected;
        }
        // Every fact occurs in the text, so each was tested both ways.
        let all = cues::FACT_WORDS.iter().fold(0, |all, &(bit, _)| all | bit)
            | fact::ASKED
            | fact::LY_ADVERB
            | fact::POSSESSIVE
            | fact::ENDS_ED
            | fact::PAST_ED
            | fact::NUMERAL;
        assert_eq!(seen, all, "facts missing from the text: {:b}", all & !seen);
    }
}
