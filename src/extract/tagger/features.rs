//! Features of the entity tagger, hashed to 64-bit keys.
//!
//! Features are never stored as strings: every feature is a template id combined with hashes of
//! its values, so extraction allocates little and a model is a table of `u64` keys. The hash is
//! our own (not `std`'s randomised one) so that keys are stable across runs, platforms and
//! versions; [`FEATURE_SET_VERSION`] changes whenever the keys a text produces change, and models
//! record it so that a model never meets features it was not trained with.

use std::collections::HashMap;

use super::gazetteer::{COMMON_LOWERCASE_CLASS, Gazetteer, NEVER_FIRST_CLASS, token_key};
use crate::extract::segment::Segmentation;

/// Version of the feature set; bump on any change to what [`prepare`] or [`dynamic_keys`] emit.
pub(crate) const FEATURE_SET_VERSION: u32 = 9;

const MUL: u64 = 0x9E37_79B9_7F4A_7C15;

/// The 64-bit finaliser of MurmurHash3: spreads every input bit over the output.
#[inline]
pub(crate) fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h
}

/// A stable hash of `bytes`.
pub(crate) fn hash_bytes(seed: u64, bytes: &[u8]) -> u64 {
    let mut h = seed ^ (bytes.len() as u64).wrapping_mul(MUL);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = (h ^ fmix(u64::from_le_bytes(word)))
            .rotate_left(27)
            .wrapping_mul(MUL);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut word = [0u8; 8];
        word[..rest.len()].copy_from_slice(rest);
        h = (h ^ fmix(u64::from_le_bytes(word) ^ 0xff))
            .rotate_left(27)
            .wrapping_mul(MUL);
    }
    fmix(h)
}

/// Combines two hashes, order-sensitively.
#[inline]
pub(crate) fn combine(a: u64, b: u64) -> u64 {
    fmix(a.rotate_left(23) ^ b.wrapping_mul(MUL) ^ 0x5bd1_e995)
}

/// A feature key: a template and one value.
#[inline]
fn key(template: u64, value: u64) -> u64 {
    combine(template.wrapping_mul(0x1000_0001), value)
}

/// A feature key: a template and two values.
#[inline]
fn key2(template: u64, a: u64, b: u64) -> u64 {
    combine(key(template, a), b)
}

/// Feature templates. The numbers are part of the model format: never reuse one.
mod template {
    pub const BIAS: u64 = 1;
    pub const WORD: u64 = 2;
    pub const LOWER: u64 = 3;
    pub const SHAPE: u64 = 4;
    pub const SHORT_SHAPE: u64 = 5;
    pub const PREFIX: u64 = 6;
    pub const SUFFIX: u64 = 7;
    pub const LOWER_AT: u64 = 8;
    pub const SHORT_SHAPE_AT: u64 = 9;
    pub const SHAPE_TRIGRAM: u64 = 10;
    pub const LOWER_LEFT_BIGRAM: u64 = 11;
    pub const LOWER_RIGHT_BIGRAM: u64 = 12;
    pub const SENTENCE_FIRST: u64 = 13;
    pub const HEADLINE: u64 = 14;
    pub const HEADLINE_LOWER: u64 = 15;
    pub const PARAGRAPH_INDEX: u64 = 16;
    pub const NUMERIC_LINE: u64 = 17;
    pub const DOC_FLAG: u64 = 18;
    pub const DOC_FLAGS_ALL: u64 = 19;
    pub const PREV_TAG: u64 = 20;
    pub const PREV_TWO_TAGS: u64 = 21;
    pub const PREV_TAG_LOWER: u64 = 22;
    pub const PREV_TAG_SHAPE: u64 = 23;
    pub const HISTORY: u64 = 24;
    pub const HISTORY_SHAPE: u64 = 25;
    pub const HISTORY_NEXT: u64 = 26;
    pub const WORD_AT: u64 = 27;
    pub const SHAPE_AT: u64 = 28;
    pub const SENTENCE_LENGTH: u64 = 29;
    pub const SUFFIX_AT: u64 = 30;
    pub const SENTENCE_FIRST_LOWER: u64 = 31;
    pub const LIST: u64 = 32;
    pub const LIST_AT: u64 = 33;
    pub const LIST_SHAPE: u64 = 34;
    pub const SENTENCE_FIRST_SUFFIX: u64 = 35;
    pub const HEADLINE_LIST: u64 = 36;
}

/// Sentinel values for positions outside the sentence.
const BEFORE_SENTENCE: u64 = 0xB0B0_B0B0;
const AFTER_SENTENCE: u64 = 0xE0E0_E0E0;

/// What the tagger knows about one token before decoding.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TokenFacts {
    /// Hash of the lowercased text with digits folded to 0: the key of the document memory.
    pub lower: u64,
    /// Hash of the shape ("Xxxxx" → collapsed "Xx").
    pub short_shape: u64,
    /// Starts with an uppercase letter (or is all capitals).
    pub capitalised: bool,
}

/// The static features of every token of one text, plus what the decoder needs.
#[derive(Debug, Default)]
pub(crate) struct Prepared {
    /// Static feature keys, token after token.
    pub keys: Vec<u64>,
    /// `keys[offsets[i]..offsets[i + 1]]` are token `i`'s.
    pub offsets: Vec<u32>,
    /// Per-token facts.
    pub facts: Vec<TokenFacts>,
    /// Sentences as token ranges.
    pub sentences: Vec<(usize, usize)>,
    /// Tokens that must be outside any entity: a word that never starts a name, opening a
    /// sentence.
    pub outside_only: Vec<bool>,
}

impl Prepared {
    /// Static keys of token `i`.
    pub fn static_keys(&self, i: usize) -> &[u64] {
        &self.keys[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.facts.len()
    }
}

/// Per-token strings needed while building features.
struct TokenStrings {
    word_hash: u64,
    title_function_word: bool,
    lower_hash: u64,
    shape: u64,
    short_shape: u64,
    prefixes: [u64; 3],
    suffixes: [u64; 4],
    has_letter: bool,
    first_upper: bool,
    all_caps: bool,
    all_lower: bool,
    has_digit: bool,
}

fn char_class(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() {
        'x'
    } else if c.is_numeric() {
        'd'
    } else {
        c
    }
}

/// Curly and typographic quotes look like the straight ones of the training data.
fn normalise_quote(c: char) -> char {
    match c {
        '“' | '”' | '„' | '«' | '»' | '″' => '"',
        '‘' | '’' | '‚' | '‹' | '›' | '′' | '`' => '\'',
        _ => c,
    }
}

/// Forms of address before a name: "Mr", "Mrs.", "Dr".
fn is_honorific(word: &str) -> bool {
    matches!(
        word.strip_suffix('.').unwrap_or(word),
        "Mr" | "Mrs"
            | "Ms"
            | "Miss"
            | "Mx"
            | "Dr"
            | "Prof"
            | "Sir"
            | "Dame"
            | "Mme"
            | "Mlle"
            | "Messrs"
            | "Herr"
            | "Frau"
            | "MR"
            | "MRS"
            | "MS"
            | "DR"
    )
}

/// Lowercase words that may stay lowercase in a title-case headline.
pub(crate) fn is_title_function_word(lower: &str) -> bool {
    matches!(
        lower,
        "a" | "an"
            | "the"
            | "of"
            | "for"
            | "with"
            | "in"
            | "on"
            | "at"
            | "to"
            | "by"
            | "and"
            | "or"
            | "but"
            | "from"
            | "as"
            | "is"
            | "are"
            | "vs"
            | "vs."
            | "over"
            | "after"
            | "into"
            | "up"
            | "out"
            | "about"
            | "'s"
            | "n't"
    )
}

fn token_strings(
    raw: &str,
    norm: &mut String,
    lower: &mut String,
    shape: &mut String,
    short: &mut String,
) -> TokenStrings {
    norm.clear();
    norm.extend(raw.chars().map(normalise_quote));
    let word = norm.as_str();
    lower.clear();
    shape.clear();
    short.clear();
    let mut has_letter = false;
    let mut has_upper = false;
    let mut has_lower = false;
    let mut has_digit = false;
    let mut shape_len = 0;
    let mut last_class = '\0';
    let mut short_len = 0;
    for c in word.chars() {
        if c.is_ascii_digit() {
            lower.push('0');
            has_digit = true;
        } else if c.is_uppercase() {
            lower.extend(c.to_lowercase());
        } else {
            lower.push(c);
        }
        if c.is_alphabetic() {
            has_letter = true;
        }
        if c.is_uppercase() {
            has_upper = true;
        } else if c.is_lowercase() {
            has_lower = true;
        }
        let class = char_class(c);
        if shape_len < 8 {
            shape.push(class);
            shape_len += 1;
        }
        if class != last_class && short_len < 6 {
            short.push(class);
            short_len += 1;
            last_class = class;
        }
    }
    let first_upper = word.chars().next().is_some_and(|c| c.is_uppercase());
    let mut prefixes = [0u64; 3];
    let mut suffixes = [0u64; 4];
    let bounds: Vec<usize> = lower
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(lower.len()))
        .collect();
    let n = bounds.len() - 1;
    for (k, p) in prefixes.iter_mut().enumerate() {
        *p = hash_bytes(k as u64 + 1, &lower.as_bytes()[..bounds[(k + 1).min(n)]]);
    }
    for (k, s) in suffixes.iter_mut().enumerate() {
        *s = hash_bytes(
            k as u64 + 11,
            &lower.as_bytes()[bounds[n.saturating_sub(k + 1)]..],
        );
    }
    TokenStrings {
        word_hash: hash_bytes(2, word.as_bytes()),
        title_function_word: is_title_function_word(lower),
        lower_hash: hash_bytes(3, lower.as_bytes()),
        shape: hash_bytes(4, shape.as_bytes()),
        short_shape: hash_bytes(5, short.as_bytes()),
        prefixes,
        suffixes,
        has_letter,
        first_upper,
        all_caps: has_upper && !has_lower,
        all_lower: has_lower && !has_upper,
        has_digit,
    }
}

/// How a word is used across the whole document.
#[derive(Debug, Default, Clone, Copy)]
struct DocUse {
    /// In lowercase.
    lower: u16,
    /// Capitalised, inside a sentence, outside headlines.
    capitalised_inside: u16,
    /// First word of a run of two or more capitalised words.
    run_first: u16,
    /// Last word of such a run.
    run_last: u16,
    /// Inside such a run.
    run_middle: u16,
    /// Alone: capitalised, inside a sentence, with no capitalised neighbour.
    alone: u16,
}

/// Role bits of one token in its own capitalised run.
const ROLE_FIRST: u8 = 1;
const ROLE_LAST: u8 = 2;
const ROLE_MIDDLE: u8 = 4;
const ROLE_ALONE: u8 = 8;

/// Computes the static features of every token of `text`.
pub(crate) fn prepare(text: &str, seg: &Segmentation, gazetteer: &Gazetteer) -> Prepared {
    let tokens = &seg.tokens;
    let n = tokens.len();
    // Name-list matches: per token, (class hash, position in the match: 0 begin, 1 inside,
    // 2 last, 3 the whole match).
    let mut listed: Vec<Vec<(u64, u64)>> = vec![Vec::new(); n];
    let mut never_first = vec![false; n];
    let never_first_class = gazetteer
        .classes
        .iter()
        .position(|c| c == NEVER_FIRST_CLASS);
    // Usually-lowercase words that are in no name list.
    let mut plain_word = vec![false; n];
    let mut named = vec![false; n];
    let common_class = gazetteer
        .classes
        .iter()
        .position(|c| c == COMMON_LOWERCASE_CLASS);
    if !gazetteer.entries.is_empty() {
        let list_keys: Vec<u64> = tokens.iter().map(|t| token_key(t.text(text))).collect();
        for (first, len, class) in gazetteer.matches(&list_keys) {
            let class_hash = gazetteer.class_hashes[class];
            if Some(class) == never_first_class {
                never_first[first] = true;
            }
            if Some(class) == common_class {
                plain_word[first] = true;
            } else if Some(class) != never_first_class {
                for flag in &mut named[first..first + len] {
                    *flag = true;
                }
            }
            for k in 0..len {
                let position = match (k, len) {
                    (_, 1) => 3,
                    (0, _) => 0,
                    (k, len) if k + 1 == len => 2,
                    _ => 1,
                };
                listed[first + k].push((class_hash, position));
            }
        }
    }
    let mut norm = String::new();
    let mut lower = String::new();
    let mut shape = String::new();
    let mut short = String::new();
    let strings: Vec<TokenStrings> = tokens
        .iter()
        .map(|t| token_strings(t.text(text), &mut norm, &mut lower, &mut shape, &mut short))
        .collect();
    let words: Vec<u64> = strings.iter().map(|s| s.word_hash).collect();

    // Sentence and paragraph context of every token.
    let mut sentence_of = vec![0usize; n];
    for (s, sentence) in seg.sentences.iter().enumerate() {
        for slot in &mut sentence_of[sentence.first_token..sentence.end_token.min(n)] {
            *slot = s;
        }
    }
    let mut paragraph_of_sentence = vec![0usize; seg.sentences.len()];
    let mut numeric_paragraph = vec![false; seg.paragraphs.len()];
    for (p, para) in seg.paragraphs.iter().enumerate() {
        let mut with_digits = 0;
        let mut count = 0;
        let range = para.first_sentence.min(seg.sentences.len())
            ..para.end_sentence.min(seg.sentences.len());
        for slot in &mut paragraph_of_sentence[range.clone()] {
            *slot = p;
        }
        for sentence in &seg.sentences[range] {
            for st in &strings[sentence.first_token..sentence.end_token] {
                count += 1;
                if st.has_digit {
                    with_digits += 1;
                }
            }
        }
        numeric_paragraph[p] = count >= 3 && with_digits * 10 >= count * 3;
    }
    // Headlines: all in capitals (CoNLL, wire copy) or in title case (web articles).
    let headline_kind: Vec<u64> = seg
        .sentences
        .iter()
        .map(|s| {
            let alpha: Vec<&TokenStrings> = strings[s.first_token..s.end_token]
                .iter()
                .filter(|t| t.has_letter)
                .collect();
            let content: Vec<&&TokenStrings> =
                alpha.iter().filter(|t| !t.title_function_word).collect();
            if alpha.len() >= 2 && alpha.iter().all(|t| t.all_caps) {
                1
            } else if content.len() >= 3 && content.iter().all(|t| t.first_upper) {
                2
            } else {
                0
            }
        })
        .collect();
    let headline: Vec<bool> = headline_kind.iter().map(|&k| k != 0).collect();

    // Document-wide use of each word, and each token's role in its own capitalised run.
    let mut uses: HashMap<u64, DocUse> = HashMap::new();
    let mut roles = vec![0u8; n];
    for (s, sentence) in seg.sentences.iter().enumerate() {
        if headline[s] {
            continue;
        }
        let inside = sentence.first_token + 1..sentence.end_token;
        let mut i = sentence.first_token;
        while i < sentence.end_token {
            let st = &strings[i];
            let entry = uses.entry(st.lower_hash).or_default();
            if st.all_lower && st.has_letter {
                entry.lower = entry.lower.saturating_add(1);
            }
            if st.first_upper && inside.contains(&i) {
                entry.capitalised_inside = entry.capitalised_inside.saturating_add(1);
            }
            i += 1;
        }
        // Runs of capitalised words, not counting the sentence's first word.
        let mut i = inside.start;
        while i < inside.end {
            if !strings[i].first_upper {
                i += 1;
                continue;
            }
            let mut j = i;
            while j < inside.end && strings[j].first_upper {
                j += 1;
            }
            if j - i == 1 {
                roles[i] = ROLE_ALONE;
            } else {
                roles[i] = ROLE_FIRST;
                roles[j - 1] = ROLE_LAST;
                for role in &mut roles[i + 1..j - 1] {
                    *role = ROLE_MIDDLE;
                }
            }
            for k in i..j {
                let entry = uses.entry(strings[k].lower_hash).or_default();
                match roles[k] {
                    ROLE_FIRST => entry.run_first = entry.run_first.saturating_add(1),
                    ROLE_LAST => entry.run_last = entry.run_last.saturating_add(1),
                    ROLE_MIDDLE => entry.run_middle = entry.run_middle.saturating_add(1),
                    _ => entry.alone = entry.alone.saturating_add(1),
                }
            }
            i = j;
        }
    }

    let mut prepared = Prepared {
        keys: Vec::with_capacity(n * 48),
        offsets: Vec::with_capacity(n + 1),
        facts: Vec::with_capacity(n),
        sentences: seg
            .sentences
            .iter()
            .map(|s| (s.first_token, s.end_token))
            .collect(),
        outside_only: Vec::new(),
    };
    prepared.outside_only = vec![false; n];
    // Honorifics are not part of the name they precede ("Mr Lavrov" is the person "Lavrov"),
    // as in CoNLL; its news rarely uses them, so the rule is written rather than learnt.
    for i in 0..n.saturating_sub(1) {
        if strings[i + 1].first_upper && is_honorific(tokens[i].text(text)) {
            prepared.outside_only[i] = true;
        }
    }
    for (s, &(first, end)) in prepared.sentences.iter().enumerate() {
        // In a title-case headline every word is capitalised; a word usually written in
        // lowercase ("Says", "Talks", "Over") is not part of a name there.
        if headline_kind.get(s) == Some(&2) {
            for i in first..end {
                if plain_word[i] && !named[i] {
                    prepared.outside_only[i] = true;
                }
            }
        }
        // The first word, after any opening punctuation.
        if let Some(i) = (first..end).find(|&i| strings[i].has_letter || strings[i].has_digit)
            && never_first[i]
            && strings[i].first_upper
        {
            prepared.outside_only[i] = true;
        }
    }
    prepared.offsets.push(0);
    let keys = &mut prepared.keys;
    for i in 0..n {
        let st = &strings[i];
        let s = sentence_of[i];
        let sentence = seg.sentences.get(s);
        let (first, end) = sentence.map_or((0, n), |x| (x.first_token, x.end_token));
        let lower_at = |d: isize| -> u64 {
            let j = i as isize + d;
            if j < first as isize {
                BEFORE_SENTENCE
            } else if j >= end as isize {
                AFTER_SENTENCE
            } else {
                strings[j as usize].lower_hash
            }
        };
        let short_at = |d: isize| -> u64 {
            let j = i as isize + d;
            if j < first as isize {
                BEFORE_SENTENCE
            } else if j >= end as isize {
                AFTER_SENTENCE
            } else {
                strings[j as usize].short_shape
            }
        };
        let is_headline = headline.get(s).copied().unwrap_or(false);
        keys.push(key(template::BIAS, 0));
        keys.push(key(template::WORD, words[i]));
        keys.push(key(template::LOWER, st.lower_hash));
        keys.push(key(template::SHAPE, st.shape));
        keys.push(key(template::SHORT_SHAPE, st.short_shape));
        for p in st.prefixes {
            keys.push(key(template::PREFIX, p));
        }
        for x in st.suffixes {
            keys.push(key(template::SUFFIX, x));
        }
        for d in [-2isize, -1, 1, 2] {
            keys.push(key2(template::LOWER_AT, d as u64, lower_at(d)));
        }
        for d in [-1isize, 1] {
            keys.push(key2(template::SHORT_SHAPE_AT, d as u64, short_at(d)));
            let j = i as isize + d;
            if j >= first as isize && j < end as isize {
                let j = j as usize;
                keys.push(key2(template::WORD_AT, d as u64, words[j]));
                keys.push(key2(template::SHAPE_AT, d as u64, strings[j].shape));
                keys.push(key2(template::SUFFIX_AT, d as u64, strings[j].suffixes[2]));
            }
        }
        keys.push(key2(
            template::SHAPE_TRIGRAM,
            combine(short_at(-1), st.short_shape),
            short_at(1),
        ));
        keys.push(key2(
            template::LOWER_LEFT_BIGRAM,
            lower_at(-1),
            st.lower_hash,
        ));
        keys.push(key2(
            template::LOWER_RIGHT_BIGRAM,
            st.lower_hash,
            lower_at(1),
        ));
        // The sentence's first word, after any opening quote or bracket.
        let first_word = (first..end)
            .find(|&k| strings[k].has_letter || strings[k].has_digit)
            .unwrap_or(first);
        if i == first_word {
            keys.push(key(template::SENTENCE_FIRST, st.short_shape));
            keys.push(key(template::SENTENCE_FIRST_LOWER, st.lower_hash));
            keys.push(key2(
                template::SENTENCE_FIRST_SUFFIX,
                st.suffixes[1],
                st.short_shape,
            ));
        }
        keys.push(key2(
            template::SENTENCE_LENGTH,
            (end - first).min(6) as u64,
            st.short_shape,
        ));
        if is_headline {
            keys.push(key2(template::HEADLINE, headline_kind[s], st.short_shape));
            keys.push(key(template::HEADLINE_LOWER, st.lower_hash));
        }
        let paragraph = paragraph_of_sentence.get(s).copied().unwrap_or(0);
        keys.push(key2(
            template::PARAGRAPH_INDEX,
            paragraph.min(3) as u64,
            st.short_shape,
        ));
        if numeric_paragraph.get(paragraph).copied().unwrap_or(false) {
            keys.push(key(template::NUMERIC_LINE, st.short_shape));
        }
        for &(class, position) in &listed[i] {
            keys.push(key2(template::LIST, class, position));
            keys.push(key2(template::LIST_SHAPE, class, st.short_shape));
            if is_headline {
                // In a headline every word is capitalised; whether a word is usually written
                // in lowercase tells more there than anywhere else.
                keys.push(key2(template::HEADLINE_LIST, headline_kind[s], class));
            }
        }
        for d in [-1isize, 1] {
            let j = i as isize + d;
            if j >= first as isize && j < end as isize {
                for &(class, _) in &listed[j as usize] {
                    keys.push(key2(template::LIST_AT, d as u64, class));
                }
            }
        }
        if st.first_upper {
            let context = if is_headline {
                1
            } else if i == first_word {
                2
            } else {
                3
            };
            let own = roles[i];
            let used = uses.get(&st.lower_hash).copied().unwrap_or_default();
            let own_inside = u16::from(!is_headline && i > first);
            let flags = [
                used.lower > 0,
                used.capitalised_inside > own_inside,
                used.run_first > u16::from(own == ROLE_FIRST),
                used.run_last > u16::from(own == ROLE_LAST),
                used.run_middle > u16::from(own == ROLE_MIDDLE),
                used.alone > u16::from(own == ROLE_ALONE),
            ];
            let mut bits = 0u64;
            for (f, &on) in flags.iter().enumerate() {
                if on {
                    bits |= 1 << f;
                    keys.push(key2(template::DOC_FLAG, f as u64, context));
                }
            }
            keys.push(key2(template::DOC_FLAGS_ALL, bits, context));
        }
        prepared.offsets.push(keys.len() as u32);
        prepared.facts.push(TokenFacts {
            lower: st.lower_hash,
            short_shape: st.short_shape,
            capitalised: st.first_upper,
        });
    }
    prepared
}

/// Every token's static keys start with the bias and then this many minus one keys naming the
/// word itself (exact and lowercase form); training can hide them (word dropout).
pub(crate) const WORD_IDENTITY_KEYS: usize = 3;

/// The dynamic key that names the word (previous label + lowercase form).
pub(crate) const DYNAMIC_WORD_KEY: usize = 2;

/// Number of keys [`dynamic_keys`] writes.
pub(crate) const DYNAMIC_KEYS: usize = 7;

/// The features that depend on decisions already made: the previous two labels and the
/// document's memory of how a word was labelled before (0 unseen, 1 outside, 2.. a type).
pub(crate) fn dynamic_keys(
    facts: &TokenFacts,
    prev: u8,
    prev2: u8,
    history: u8,
    history_next: u8,
    out: &mut [u64; DYNAMIC_KEYS],
) {
    out[0] = key(template::PREV_TAG, u64::from(prev));
    out[1] = key2(template::PREV_TWO_TAGS, u64::from(prev), u64::from(prev2));
    out[2] = key2(template::PREV_TAG_LOWER, u64::from(prev), facts.lower);
    out[3] = key2(template::PREV_TAG_SHAPE, u64::from(prev), facts.short_shape);
    out[4] = key(template::HISTORY, u64::from(history));
    out[5] = key2(
        template::HISTORY_SHAPE,
        u64::from(history),
        facts.short_shape,
    );
    out[6] = key(template::HISTORY_NEXT, u64::from(history_next));
}
