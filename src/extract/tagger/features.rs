//! Features of the entity tagger, hashed to 64-bit keys.
//!
//! Features are never stored as strings: every feature is a template id combined with hashes of
//! its values, so extraction allocates little and a model is a table of `u64` keys. The hash is
//! our own (not `std`'s randomised one) so that keys are stable across runs, platforms and
//! versions; [`FEATURE_SET_VERSION`] changes whenever the keys a text produces change, and models
//! record it so that a model never meets features it was not trained with.

use rustc_hash::FxHashMap;

use super::KeyMap;
use super::gazetteer::{COMMON_LOWERCASE_CLASS, Gazetteer, NEVER_FIRST_CLASS, token_key_with};
use crate::extract::segment::Segmentation;

/// Version of the feature set; bump on any change to what [`prepare`] or [`dynamic_keys`] emit.
pub(crate) const FEATURE_SET_VERSION: u32 = 10;

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
    // 11 and 12 were the lowercase bigrams with the word before and after (feature sets up to
    // 9): a lookup per token each, mostly of keys the model does not have, for no measurable
    // accuracy once the words at ±1 are features of their own (docs/tagger.md).
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

/// What the entity tagger reads from one token's text on its own.
///
/// The hashes are the tagger's own stable 64-bit hashes (the same on every platform and run),
/// so another model can use them as feature values directly. Curly quotes count as straight
/// ones throughout.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TokenFeatures {
    /// Hash of the token as written.
    pub word: u64,
    /// Hash of its lowercase form with ASCII digits folded to 0 ("1996" and "2016" share it).
    pub lower: u64,
    /// Hash of its shape over the first 8 characters: `X` uppercase, `x` lowercase, `d` digit,
    /// anything else itself ("Xxxxx", "X.X.", "dddd").
    pub shape: u64,
    /// Hash of its collapsed shape (runs of one class as one, at most 6): "Xx", "X.X.", "d".
    pub short_shape: u64,
    /// Hashes of the lowercase form's first 1, 2 and 3 characters.
    pub prefixes: [u64; 3],
    /// Hashes of the lowercase form's last 1, 2, 3 and 4 characters.
    pub suffixes: [u64; 4],
    /// The key the name lists are looked up with (lowercase, a final period dropped).
    pub list_key: u64,
    /// Has a letter.
    pub has_letter: bool,
    /// Has an ASCII digit.
    pub has_digit: bool,
    /// Starts with an uppercase letter.
    pub first_upper: bool,
    /// Has uppercase letters and no lowercase ones.
    pub all_caps: bool,
    /// Has lowercase letters and no uppercase ones.
    pub all_lower: bool,
    /// A word that may stay lowercase in a title-case headline ("of", "the", "and").
    pub title_function_word: bool,
}

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

impl TokenFacts {
    /// The facts of a token with features `features`.
    pub fn of(features: &TokenFeatures) -> TokenFacts {
        TokenFacts {
            lower: features.lower,
            short_shape: features.short_shape,
            capitalised: features.first_upper,
        }
    }
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
    is_title_function_word_bytes(lower.as_bytes())
}

/// [`is_title_function_word`] of a lowercase form's bytes.
fn is_title_function_word_bytes(lower: &[u8]) -> bool {
    matches!(
        lower,
        b"a" | b"an"
            | b"the"
            | b"of"
            | b"for"
            | b"with"
            | b"in"
            | b"on"
            | b"at"
            | b"to"
            | b"by"
            | b"and"
            | b"or"
            | b"but"
            | b"from"
            | b"as"
            | b"is"
            | b"are"
            | b"vs"
            | b"vs."
            | b"over"
            | b"after"
            | b"into"
            | b"up"
            | b"out"
            | b"about"
            | b"'s"
            | b"n't"
    )
}

/// The longest token [`TokenFeatures::of_ascii`] takes (its stack buffers' size).
const ASCII_FAST_PATH_BYTES: usize = 64;

/// Reusable buffers for [`TokenFeatures::of`], so that a token costs no allocation.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    norm: String,
    lower: String,
    shape: String,
    short: String,
    list: String,
}

impl TokenFeatures {
    /// The features of one token's text (see [`DocFeatures`] for a whole document).
    pub fn of(raw: &str) -> TokenFeatures {
        TokenFeatures::with_scratch(raw, &mut Scratch::default())
    }

    pub(crate) fn with_scratch(raw: &str, scratch: &mut Scratch) -> TokenFeatures {
        if raw.is_ascii() && raw.len() <= ASCII_FAST_PATH_BYTES {
            return TokenFeatures::of_ascii(raw.as_bytes());
        }
        TokenFeatures::general(raw, scratch)
    }

    /// [`TokenFeatures::with_scratch`] for any token, a character at a time.
    pub(crate) fn general(raw: &str, scratch: &mut Scratch) -> TokenFeatures {
        let Scratch {
            norm,
            lower,
            shape,
            short,
            list,
        } = scratch;
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
        let bytes = lower.as_bytes();
        let mut prefixes = [0u64; 3];
        let mut suffixes = [0u64; 4];
        // Affixes count characters, not bytes: the k-th boundary from either end.
        for (k, p) in prefixes.iter_mut().enumerate() {
            let end = lower
                .char_indices()
                .nth(k + 1)
                .map_or(bytes.len(), |(b, _)| b);
            *p = hash_bytes(k as u64 + 1, &bytes[..end]);
        }
        for (k, x) in suffixes.iter_mut().enumerate() {
            let start = lower.char_indices().rev().nth(k).map_or(0, |(b, _)| b);
            *x = hash_bytes(k as u64 + 11, &bytes[start..]);
        }
        TokenFeatures {
            word: hash_bytes(2, word.as_bytes()),
            lower: hash_bytes(3, bytes),
            shape: hash_bytes(4, shape.as_bytes()),
            short_shape: hash_bytes(5, short.as_bytes()),
            prefixes,
            suffixes,
            list_key: token_key_with(raw, list),
            has_letter,
            has_digit,
            first_upper,
            all_caps: has_upper && !has_lower,
            all_lower: has_lower && !has_upper,
            title_function_word: is_title_function_word(lower),
        }
    }

    /// [`TokenFeatures::general`] for an ASCII token of at most [`ASCII_FAST_PATH_BYTES`]
    /// (nearly every token of English news), a byte at a time in stack buffers: the same
    /// features at a fraction of the cost of decoding characters and asking Unicode tables
    /// (a test checks that both paths agree).
    fn of_ascii(raw: &[u8]) -> TokenFeatures {
        let mut norm = [0u8; ASCII_FAST_PATH_BYTES];
        let mut lower = [0u8; ASCII_FAST_PATH_BYTES];
        let n = raw.len().min(ASCII_FAST_PATH_BYTES);
        let raw = &raw[..n];
        let mut shape = [0u8; 8];
        let mut short = [0u8; 6];
        let (mut shape_len, mut short_len) = (0, 0);
        let mut last_class = 0u8;
        let (mut has_letter, mut has_upper, mut has_lower, mut has_digit) =
            (false, false, false, false);
        for (k, &b) in raw.iter().enumerate() {
            // `normalise_quote` maps one ASCII character: the backtick.
            let c = if b == b'`' { b'\'' } else { b };
            norm[k] = c;
            let class = if c.is_ascii_uppercase() {
                has_upper = true;
                has_letter = true;
                b'X'
            } else if c.is_ascii_lowercase() {
                has_lower = true;
                has_letter = true;
                b'x'
            } else if c.is_ascii_digit() {
                has_digit = true;
                b'd'
            } else {
                c
            };
            lower[k] = if c.is_ascii_digit() {
                b'0'
            } else {
                c.to_ascii_lowercase()
            };
            if shape_len < 8 {
                shape[shape_len] = class;
                shape_len += 1;
            }
            if class != last_class && short_len < 6 {
                short[short_len] = class;
                short_len += 1;
                last_class = class;
            }
        }
        let lower = &lower[..n];
        let mut prefixes = [0u64; 3];
        let mut suffixes = [0u64; 4];
        for (k, p) in prefixes.iter_mut().enumerate() {
            *p = hash_bytes(k as u64 + 1, &lower[..(k + 1).min(n)]);
        }
        for (k, x) in suffixes.iter_mut().enumerate() {
            *x = hash_bytes(k as u64 + 11, &lower[n - (k + 1).min(n)..]);
        }
        // The name lists' key: the raw token lowercased (digits kept), without a final period.
        let trimmed = if n > 1 {
            raw.strip_suffix(b".").unwrap_or(raw)
        } else {
            raw
        };
        let mut list = [0u8; ASCII_FAST_PATH_BYTES];
        for (slot, &b) in list.iter_mut().zip(trimmed) {
            *slot = b.to_ascii_lowercase();
        }
        TokenFeatures {
            word: hash_bytes(2, &norm[..n]),
            lower: hash_bytes(3, lower),
            shape: hash_bytes(4, &shape[..shape_len]),
            short_shape: hash_bytes(5, &short[..short_len]),
            prefixes,
            suffixes,
            list_key: hash_bytes(41, &list[..trimmed.len()]),
            has_letter,
            has_digit,
            first_upper: raw.first().is_some_and(u8::is_ascii_uppercase),
            all_caps: has_upper && !has_lower,
            all_lower: has_lower && !has_upper,
            title_function_word: is_title_function_word_bytes(lower),
        }
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

/// The token features of one document: every distinct word's [`TokenFeatures`] once, and each
/// token's word id.
///
/// This is the per-token view the entity tagger works on, computed once per document; the quote
/// rules and the attribution model can read the same values. Ids are dense (`0..word_count()`)
/// and two tokens share an id exactly when their texts are equal, byte for byte.
#[derive(Debug, Clone, Default)]
pub struct DocFeatures {
    /// Per token: its word id.
    word_ids: Vec<u32>,
    /// Per word id: its features.
    words: Vec<TokenFeatures>,
    /// Per word id: the first token with that word.
    first_tokens: Vec<u32>,
}

impl DocFeatures {
    /// Computes the features of every token of `seg` (a segmentation of `text`).
    pub fn new(text: &str, seg: &Segmentation) -> DocFeatures {
        let mut features = DocFeatures::default();
        features.fill(text, seg);
        features
    }

    /// Recomputes the features for another text, reusing this value's buffers. The features
    /// of words this thread met in earlier documents come from its [`FeatureCache`].
    pub(crate) fn fill(&mut self, text: &str, seg: &Segmentation) {
        FEATURE_CACHE.with_borrow_mut(|cache| cache.fill(self, text, seg));
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.word_ids.len()
    }

    /// True when the document has no tokens.
    pub fn is_empty(&self) -> bool {
        self.word_ids.is_empty()
    }

    /// Number of distinct words.
    pub fn word_count(&self) -> usize {
        self.words.len()
    }

    /// The word id of token `i` (panics when `i` is not a token index).
    pub fn word_id(&self, i: usize) -> u32 {
        self.word_ids[i]
    }

    /// Every token's word id, in token order.
    pub fn word_ids(&self) -> &[u32] {
        &self.word_ids
    }

    /// Every token's word id, in token order, leaving none here (the features' buffers stay,
    /// for [`DocFeatures::fill`] to reuse).
    pub(crate) fn take_word_ids(&mut self) -> Vec<u32> {
        std::mem::take(&mut self.word_ids)
    }

    /// How many distinct words the buffers hold without growing.
    pub(crate) fn word_capacity(&self) -> usize {
        self.words.capacity()
    }

    /// The features of word id `id`.
    pub fn word(&self, id: u32) -> &TokenFeatures {
        &self.words[id as usize]
    }

    /// The first token whose word has id `id`.
    pub fn first_token(&self, id: u32) -> usize {
        self.first_tokens[id as usize] as usize
    }

    /// The features of token `i` (panics when `i` is not a token index).
    pub fn token(&self, i: usize) -> &TokenFeatures {
        &self.words[self.word_ids[i] as usize]
    }
}

/// How many words each thread remembers the features of (about 150 bytes each).
const FEATURE_CACHE_WORDS: usize = 16384;

/// Each thread's memory of the [`TokenFeatures`] of the words it met in earlier documents, by
/// their text: most words of an article occurred in earlier ones, and a word's features (a
/// dozen hashes of its forms, shape and affixes) cost far more than finding it here. It also
/// gives each word its id in the current document, so a document needs no map of its own.
/// When full, it keeps the half of its words used in the most documents (and halves their
/// counts). The features are the same either way: they depend on the word's text alone.
#[derive(Debug, Default)]
pub(crate) struct FeatureCache {
    /// [`text_hash`] of a word → its entry.
    index: KeyMap<u32>,
    /// The text of every entry, one after another.
    text: Vec<u8>,
    /// Per entry: where its text ends in `text` (it starts where the previous one ends).
    ends: Vec<u32>,
    /// Per entry: its features.
    features: Vec<TokenFeatures>,
    /// Per entry: in how many documents it was used (halved at each compaction).
    uses: Vec<u32>,
    /// Per entry: the last document that used it ([`FeatureCache::document`]) and its word id
    /// there.
    seen_in: Vec<(u32, u32)>,
    /// A number for the document being filled (never 0).
    document: u32,
    /// Buffers for computing features.
    scratch: Scratch,
}

thread_local! {
    static FEATURE_CACHE: std::cell::RefCell<FeatureCache> =
        std::cell::RefCell::new(FeatureCache::default());
}

/// Empties this thread's [`FeatureCache`].
pub(crate) fn forget_cached_features() {
    FEATURE_CACHE.with_borrow_mut(|cache| *cache = FeatureCache::default());
}

/// Keeps only the `keep` words this thread's [`FeatureCache`] used most (for tests of its
/// compaction).
#[cfg(test)]
pub(crate) fn forget_cached_features_keeping(keep: usize) {
    FEATURE_CACHE.with_borrow_mut(|cache| cache.keep_most_used(keep));
}

/// The hash a word's text is found by in the [`FeatureCache`] (not a feature key: FxHash is
/// fast, and its values never leave the process).
#[inline]
fn text_hash(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(bytes);
    hasher.finish()
}

/// `a == b` for the short slices of words, compared in place: a call to the C library's
/// `memcmp` per token cost more than the comparison.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

impl FeatureCache {
    /// The text of entry `entry`.
    #[inline]
    fn text_of(&self, entry: usize) -> &[u8] {
        let start = if entry == 0 {
            0
        } else {
            self.ends[entry - 1] as usize
        };
        &self.text[start..self.ends[entry] as usize]
    }

    /// Fills `doc` with the features of `text`'s tokens.
    fn fill<'t>(&mut self, doc: &mut DocFeatures, text: &'t str, seg: &Segmentation) {
        doc.word_ids.clear();
        doc.words.clear();
        doc.first_tokens.clear();
        doc.word_ids.reserve(seg.tokens.len());
        self.document = self.document.wrapping_add(1);
        if self.document == 0 {
            // After 4 billion documents the numbers come round again: forget which documents
            // used what, so that no entry seems used by the new one.
            self.seen_in.iter_mut().for_each(|seen| *seen = (0, 0));
            self.document = 1;
        }
        if self.features.capacity() == 0 {
            // Room for every entry at once, as the word cache has (`WordCache::entries`).
            self.features.reserve_exact(FEATURE_CACHE_WORDS);
            self.ends.reserve_exact(FEATURE_CACHE_WORDS);
            self.uses.reserve_exact(FEATURE_CACHE_WORDS);
            self.seen_in.reserve_exact(FEATURE_CACHE_WORDS);
        }
        if self.features.len() + seg.tokens.len() > FEATURE_CACHE_WORDS {
            self.keep_most_used(
                (FEATURE_CACHE_WORDS / 2).min(FEATURE_CACHE_WORDS.saturating_sub(seg.tokens.len())),
            );
        }
        // Words whose hash a different cached word has (never seen in practice): not cached,
        // numbered through this map.
        let mut collided: FxHashMap<&'t str, u32> = FxHashMap::default();
        for (i, token) in seg.tokens.iter().enumerate() {
            let word = token.text(text);
            let hash = text_hash(word.as_bytes());
            let id = match self.index.get(&hash).map(|&e| e as usize) {
                Some(entry) if same_bytes(self.text_of(entry), word.as_bytes()) => {
                    let (document, id) = self.seen_in[entry];
                    if document == self.document {
                        id
                    } else {
                        let id = doc.words.len() as u32;
                        doc.words.push(self.features[entry]);
                        doc.first_tokens.push(i as u32);
                        self.seen_in[entry] = (self.document, id);
                        self.uses[entry] = self.uses[entry].saturating_add(1);
                        id
                    }
                }
                Some(_) => *collided.entry(word).or_insert_with(|| {
                    doc.words
                        .push(TokenFeatures::with_scratch(word, &mut self.scratch));
                    doc.first_tokens.push(i as u32);
                    (doc.words.len() - 1) as u32
                }),
                None => {
                    let features = TokenFeatures::with_scratch(word, &mut self.scratch);
                    let id = doc.words.len() as u32;
                    doc.words.push(features);
                    doc.first_tokens.push(i as u32);
                    self.index.insert(hash, self.features.len() as u32);
                    self.text.extend_from_slice(word.as_bytes());
                    self.ends.push(self.text.len() as u32);
                    self.features.push(features);
                    self.uses.push(1);
                    self.seen_in.push((self.document, id));
                    id
                }
            };
            doc.word_ids.push(id);
        }
    }

    /// Keeps at most `keep` entries, those used in the most documents, in their order, and
    /// halves their counts.
    fn keep_most_used(&mut self, keep: usize) {
        let stays = super::most_used(&self.uses, keep);
        let old_text = std::mem::take(&mut self.text);
        let old_ends = std::mem::take(&mut self.ends);
        self.ends.reserve_exact(old_ends.capacity());
        self.text.reserve(old_text.len());
        let mut kept = 0;
        let mut start = 0;
        for (entry, &end) in old_ends.iter().enumerate() {
            let end = end as usize;
            if stays[entry] {
                self.text.extend_from_slice(&old_text[start..end]);
                self.ends.push(self.text.len() as u32);
                self.features[kept] = self.features[entry];
                self.uses[kept] = self.uses[entry] / 2;
                self.seen_in[kept] = self.seen_in[entry];
                kept += 1;
            }
            start = end;
        }
        self.features.truncate(kept);
        self.uses.truncate(kept);
        self.seen_in.truncate(kept);
        self.index.clear();
        for entry in 0..kept {
            self.index
                .insert(text_hash(self.text_of(entry)), entry as u32);
        }
    }
}

/// What the tagger knows about a document beyond each token on its own: sentences, paragraphs,
/// headlines, name-list matches, how each word is used elsewhere. Shared by training (which
/// turns it into keys, [`prepare`]) and tagging (which scores it directly).
#[derive(Debug, Default)]
pub(crate) struct Context {
    /// Sentences as token ranges.
    pub sentences: Vec<(usize, usize)>,
    /// Per sentence: the token of its first word, after any opening punctuation.
    first_word: Vec<usize>,
    /// Per sentence: 0 for body text, 1 for an all-capitals headline, 2 for a title-case one.
    headline_kind: Vec<u64>,
    /// Per sentence: its paragraph, capped at 3.
    paragraph_index: Vec<u64>,
    /// Per sentence: whether its paragraph is mostly numbers.
    numeric: Vec<bool>,
    /// Per token: its sentence.
    sentence_of: Vec<u32>,
    /// Name-list matches, token after token: (class number, position in the match: 0 begin,
    /// 1 inside, 2 last, 3 the whole match).
    listed: Vec<(u32, u64)>,
    /// The hashes of the name lists' classes, by class number.
    class_hashes: Vec<u64>,
    /// `listed[listed_at[i]..listed_at[i + 1]]` are token `i`'s.
    listed_at: Vec<u32>,
    /// Per token: its role in its capitalised run.
    roles: Vec<u8>,
    /// Document use of each lowercase form.
    uses: KeyMap<DocUse>,
    /// Tokens that must be outside any entity: a word that never starts a name, opening a
    /// sentence; an honorific before a name; a common word in a title-case headline.
    pub outside_only: Vec<bool>,
}

impl Context {
    /// Analyses a document whose token features are `features`.
    pub fn new(
        text: &str,
        seg: &Segmentation,
        features: &DocFeatures,
        gazetteer: &Gazetteer,
    ) -> Context {
        let tokens = &seg.tokens;
        let n = tokens.len();
        let tf = |i: usize| features.token(i);
        let mut ctx = Context {
            sentences: seg
                .sentences
                .iter()
                .map(|s| (s.first_token, s.end_token))
                .collect(),
            ..Context::default()
        };

        // Name-list matches.
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
        let mut listed: Vec<(u32, u32, u64)> = Vec::new();
        ctx.class_hashes.clone_from(&gazetteer.class_hashes);
        if !gazetteer.is_empty() {
            gazetteer.for_each_match_of_words(
                features.word_ids(),
                |w| features.word(w).list_key,
                |first, len, class| {
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
                        listed.push(((first + k) as u32, class as u32, position));
                    }
                },
            );
        }
        // Grouped by token in linear time (a counting sort: a comparison sort was the one part
        // of tagging that grew faster than the text), each token keeping its matches in the
        // order they were found.
        ctx.listed_at = vec![0; n + 1];
        for &(token, _, _) in &listed {
            ctx.listed_at[token as usize + 1] += 1;
        }
        for i in 0..n {
            ctx.listed_at[i + 1] += ctx.listed_at[i];
        }
        let mut next = ctx.listed_at.clone();
        ctx.listed = vec![(0, 0); listed.len()];
        for &(token, class, position) in &listed {
            let at = &mut next[token as usize];
            ctx.listed[*at as usize] = (class, position);
            *at += 1;
        }

        // Sentence and paragraph context of every token.
        ctx.sentence_of = vec![0; n];
        for (s, sentence) in seg.sentences.iter().enumerate() {
            for slot in &mut ctx.sentence_of[sentence.first_token..sentence.end_token.min(n)] {
                *slot = s as u32;
            }
        }
        // A sentence outside every paragraph counts as in the first (as it always has).
        let mut paragraph_of_sentence = vec![0usize; seg.sentences.len()];
        let mut numeric_paragraph = vec![false; seg.paragraphs.len()];
        for (p, para) in seg.paragraphs.iter().enumerate() {
            let mut with_digits = 0;
            let mut count = 0;
            let range = para.first_sentence.min(seg.sentences.len())
                ..para.end_sentence.min(seg.sentences.len());
            for sentence in &seg.sentences[range.clone()] {
                for i in sentence.first_token..sentence.end_token {
                    count += 1;
                    if tf(i).has_digit {
                        with_digits += 1;
                    }
                }
            }
            numeric_paragraph[p] = count >= 3 && with_digits * 10 >= count * 3;
            for slot in &mut paragraph_of_sentence[range] {
                *slot = p;
            }
        }
        ctx.paragraph_index = paragraph_of_sentence
            .iter()
            .map(|&p| p.min(3) as u64)
            .collect();
        ctx.numeric = paragraph_of_sentence
            .iter()
            .map(|&p| numeric_paragraph.get(p).copied().unwrap_or(false))
            .collect();
        // Headlines: all in capitals (CoNLL, wire copy) or in title case (web articles).
        ctx.headline_kind = seg
            .sentences
            .iter()
            .map(|s| {
                let mut alpha = 0;
                let mut all_caps = true;
                let mut content = 0;
                let mut content_upper = true;
                for i in s.first_token..s.end_token {
                    let t = tf(i);
                    if !t.has_letter {
                        continue;
                    }
                    alpha += 1;
                    all_caps &= t.all_caps;
                    if !t.title_function_word {
                        content += 1;
                        content_upper &= t.first_upper;
                    }
                }
                if alpha >= 2 && all_caps {
                    1
                } else if content >= 3 && content_upper {
                    2
                } else {
                    0
                }
            })
            .collect();
        ctx.first_word = ctx
            .sentences
            .iter()
            .map(|&(first, end)| {
                (first..end)
                    .find(|&k| tf(k).has_letter || tf(k).has_digit)
                    .unwrap_or(first)
            })
            .collect();

        // Document-wide use of each word, and each token's role in its own capitalised run.
        ctx.roles = vec![0u8; n];
        let roles = &mut ctx.roles;
        let uses = &mut ctx.uses;
        for (s, sentence) in seg.sentences.iter().enumerate() {
            if ctx.headline_kind[s] != 0 {
                continue;
            }
            let inside = sentence.first_token + 1..sentence.end_token;
            for i in sentence.first_token..sentence.end_token {
                let st = tf(i);
                let entry = uses.entry(st.lower).or_default();
                if st.all_lower && st.has_letter {
                    entry.lower = entry.lower.saturating_add(1);
                }
                if st.first_upper && inside.contains(&i) {
                    entry.capitalised_inside = entry.capitalised_inside.saturating_add(1);
                }
            }
            // Runs of capitalised words, not counting the sentence's first word.
            let mut i = inside.start;
            while i < inside.end {
                if !tf(i).first_upper {
                    i += 1;
                    continue;
                }
                let mut j = i;
                while j < inside.end && tf(j).first_upper {
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
                for (k, role) in roles.iter().enumerate().take(j).skip(i) {
                    let entry = uses.entry(tf(k).lower).or_default();
                    match *role {
                        ROLE_FIRST => entry.run_first = entry.run_first.saturating_add(1),
                        ROLE_LAST => entry.run_last = entry.run_last.saturating_add(1),
                        ROLE_MIDDLE => entry.run_middle = entry.run_middle.saturating_add(1),
                        _ => entry.alone = entry.alone.saturating_add(1),
                    }
                }
                i = j;
            }
        }

        ctx.outside_only = vec![false; n];
        // Honorifics are not part of the name they precede ("Mr Lavrov" is the person "Lavrov"),
        // as in CoNLL; its news rarely uses them, so the rule is written rather than learnt.
        for (i, token) in tokens.iter().enumerate().take(n.saturating_sub(1)) {
            if tf(i + 1).first_upper && is_honorific(token.text(text)) {
                ctx.outside_only[i] = true;
            }
        }
        for (s, &(first, end)) in ctx.sentences.iter().enumerate() {
            // In a title-case headline every word is capitalised; a word usually written in
            // lowercase ("Says", "Talks", "Over") is not part of a name there.
            if ctx.headline_kind[s] == 2 {
                for i in first..end {
                    if plain_word[i] && !named[i] {
                        ctx.outside_only[i] = true;
                    }
                }
            }
            // The first word, after any opening punctuation.
            if let Some(i) = (first..end).find(|&i| tf(i).has_letter || tf(i).has_digit)
                && never_first[i]
                && tf(i).first_upper
            {
                ctx.outside_only[i] = true;
            }
        }
        ctx
    }

    /// Token `i`'s sentence as a token range, and the sentence's index.
    #[inline]
    pub fn sentence_of(&self, i: usize, tokens: usize) -> (usize, usize, usize) {
        let s = self.sentence_of[i] as usize;
        let (first, end) = self.sentences.get(s).copied().unwrap_or((0, tokens));
        (s, first, end)
    }

    /// The keys of token `i` that depend on its place in the document rather than on its own
    /// word and its neighbours' (those are [`own_keys`] and [`neighbour_keys`]).
    #[inline]
    pub fn context_keys(&self, features: &DocFeatures, i: usize, mut emit: impl FnMut(u64)) {
        let short_shape = features.token(i).short_shape;
        self.context_features(features, i, |feature| {
            emit(feature.key(short_shape, &self.class_hashes))
        });
    }

    /// [`Context::context_keys`] as [`ContextFeature`]s, in the same order: tagging sums the
    /// rows of the features that take few values from tables instead of looking their keys up.
    #[inline(always)]
    pub fn context_features(
        &self,
        features: &DocFeatures,
        i: usize,
        mut emit: impl FnMut(ContextFeature),
    ) {
        use ContextFeature::{Key, Shaped};
        let n = features.len();
        let (s, first, end) = self.sentence_of(i, n);
        let st = features.token(i);
        let word_at = |d: isize| -> Option<&TokenFeatures> {
            let j = i as isize + d;
            (j >= first as isize && j < end as isize).then(|| features.token(j as usize))
        };
        let short_at = |d: isize| -> u64 {
            word_at(d).map_or(
                if d < 0 {
                    BEFORE_SENTENCE
                } else {
                    AFTER_SENTENCE
                },
                |t| t.short_shape,
            )
        };
        let headline_kind = self.headline_kind.get(s).copied().unwrap_or(0);
        let is_headline = headline_kind != 0;
        emit(Key(key2(
            template::SHAPE_TRIGRAM,
            combine(short_at(-1), st.short_shape),
            short_at(1),
        )));
        let first_word = self.first_word.get(s).copied().unwrap_or(first);
        if i == first_word {
            emit(Shaped(ShapeFeature::SentenceFirst));
            emit(Key(key(template::SENTENCE_FIRST_LOWER, st.lower)));
            emit(Key(key2(
                template::SENTENCE_FIRST_SUFFIX,
                st.suffixes[1],
                st.short_shape,
            )));
        }
        emit(Shaped(ShapeFeature::SentenceLength(
            (end - first).min(6) as u64
        )));
        if is_headline {
            emit(Shaped(ShapeFeature::Headline(headline_kind)));
            emit(Key(key(template::HEADLINE_LOWER, st.lower)));
        }
        emit(Shaped(ShapeFeature::Paragraph(
            self.paragraph_index.get(s).copied().unwrap_or(0),
        )));
        if self.numeric.get(s).copied().unwrap_or(false) {
            emit(Shaped(ShapeFeature::NumericLine));
        }
        for &(class, position) in self.listed_of(i) {
            emit(ContextFeature::List { class, position });
            emit(Shaped(ShapeFeature::List(class)));
            if is_headline {
                // In a headline every word is capitalised; whether a word is usually written
                // in lowercase tells more there than anywhere else.
                emit(ContextFeature::HeadlineList {
                    kind: headline_kind,
                    class,
                });
            }
        }
        for d in [-1isize, 1] {
            let j = i as isize + d;
            if j >= first as isize && j < end as isize {
                for &(class, _) in self.listed_of(j as usize) {
                    emit(ContextFeature::ListAt {
                        after: d > 0,
                        class,
                    });
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
            let own = self.roles[i];
            let used = self.uses.get(&st.lower).copied().unwrap_or_default();
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
                    emit(ContextFeature::DocFlag {
                        flag: f as u64,
                        context,
                    });
                }
            }
            emit(ContextFeature::DocFlags { bits, context });
        }
    }

    /// Token `i`'s name-list matches.
    #[inline]
    fn listed_of(&self, i: usize) -> &[(u32, u64)] {
        &self.listed[self.listed_at[i] as usize..self.listed_at[i + 1] as usize]
    }
}

/// A feature of [`Context::context_features`]: a key to look up, or a feature that takes few
/// values (given here by number), whose rows tagging sums once per model or per word shape.
#[derive(Debug, Clone, Copy)]
pub(crate) enum ContextFeature {
    /// Any other key.
    Key(u64),
    /// A feature of the token's collapsed shape and a small number.
    Shaped(ShapeFeature),
    /// A name list (class number) matching the token at `position` (0 begin, 1 inside,
    /// 2 last, 3 the whole match).
    List { class: u32, position: u64 },
    /// A name list matching the token, in a headline of `kind`.
    HeadlineList { kind: u64, class: u32 },
    /// A name list matching the token before (or `after`) this one.
    ListAt { after: bool, class: u32 },
    /// One of the document-use flags of a capitalised word, in `context` (1 headline,
    /// 2 first word, 3 inside a sentence).
    DocFlag { flag: u64, context: u64 },
    /// All the document-use flags of a capitalised word as bits, in `context`.
    DocFlags { bits: u64, context: u64 },
}

/// A [`ContextFeature`] of the token's collapsed shape.
#[derive(Debug, Clone, Copy)]
pub(crate) enum ShapeFeature {
    /// The token is its sentence's first word.
    SentenceFirst,
    /// The sentence's length in tokens, capped at 6.
    SentenceLength(u64),
    /// The token is in a headline of this kind (1 all capitals, 2 title case).
    Headline(u64),
    /// The paragraph's number, capped at 3.
    Paragraph(u64),
    /// The paragraph is mostly numbers.
    NumericLine,
    /// A name list (class number) matching the token.
    List(u32),
}

impl ShapeFeature {
    /// The feature's key for a token of collapsed shape `short_shape`.
    #[inline]
    pub fn key(self, short_shape: u64, class_hashes: &[u64]) -> u64 {
        match self {
            ShapeFeature::SentenceFirst => key(template::SENTENCE_FIRST, short_shape),
            ShapeFeature::SentenceLength(length) => {
                key2(template::SENTENCE_LENGTH, length, short_shape)
            }
            ShapeFeature::Headline(kind) => key2(template::HEADLINE, kind, short_shape),
            ShapeFeature::Paragraph(index) => key2(template::PARAGRAPH_INDEX, index, short_shape),
            ShapeFeature::NumericLine => key(template::NUMERIC_LINE, short_shape),
            ShapeFeature::List(class) => key2(
                template::LIST_SHAPE,
                class_hash(class_hashes, class),
                short_shape,
            ),
        }
    }
}

/// The hash of class number `class` (0 for a number with no class, which no list gives).
#[inline]
fn class_hash(class_hashes: &[u64], class: u32) -> u64 {
    class_hashes.get(class as usize).copied().unwrap_or(0)
}

impl ContextFeature {
    /// The feature's key, for a token of collapsed shape `short_shape` in a document whose
    /// name lists' class hashes are `class_hashes`.
    #[inline]
    pub fn key(self, short_shape: u64, class_hashes: &[u64]) -> u64 {
        match self {
            ContextFeature::Key(key) => key,
            ContextFeature::Shaped(feature) => feature.key(short_shape, class_hashes),
            ContextFeature::List { class, position } => {
                key2(template::LIST, class_hash(class_hashes, class), position)
            }
            ContextFeature::HeadlineList { kind, class } => key2(
                template::HEADLINE_LIST,
                kind,
                class_hash(class_hashes, class),
            ),
            ContextFeature::ListAt { after, class } => key2(
                template::LIST_AT,
                if after { 1 } else { -1i64 as u64 },
                class_hash(class_hashes, class),
            ),
            ContextFeature::DocFlag { flag, context } => key2(template::DOC_FLAG, flag, context),
            ContextFeature::DocFlags { bits, context } => {
                key2(template::DOC_FLAGS_ALL, bits, context)
            }
        }
    }
}

/// The keys of a word on its own: bias, word, lowercase form, shapes, prefixes, suffixes. The
/// first [`WORD_IDENTITY_KEYS`] are the bias and the word's identity.
#[inline]
pub(crate) fn own_keys(st: &TokenFeatures, mut emit: impl FnMut(u64)) {
    emit(key(template::BIAS, 0));
    emit(key(template::WORD, st.word));
    emit(key(template::LOWER, st.lower));
    emit(key(template::SHAPE, st.shape));
    emit(key(template::SHORT_SHAPE, st.short_shape));
    for p in st.prefixes {
        emit(key(template::PREFIX, p));
    }
    for x in st.suffixes {
        emit(key(template::SUFFIX, x));
    }
}

/// Offsets of the neighbours a token's keys look at.
pub(crate) const NEIGHBOURS: [isize; 4] = [-2, -1, 1, 2];

/// The keys a token gets from its neighbour at offset `d` (one of [`NEIGHBOURS`]), `None` when
/// that position is outside the sentence.
#[inline]
pub(crate) fn neighbour_keys(
    d: isize,
    neighbour: Option<&TokenFeatures>,
    mut emit: impl FnMut(u64),
) {
    neighbour_lower_key(d, neighbour, &mut emit);
    neighbour_other_keys(d, neighbour, &mut emit);
}

/// The neighbour's lowercase form (offsets ±1 and ±2).
#[inline]
fn neighbour_lower_key(d: isize, neighbour: Option<&TokenFeatures>, mut emit: impl FnMut(u64)) {
    let value = neighbour.map_or(
        if d < 0 {
            BEFORE_SENTENCE
        } else {
            AFTER_SENTENCE
        },
        |t| t.lower,
    );
    emit(key2(template::LOWER_AT, d as u64, value));
}

/// The neighbour's shape, word and suffix (offsets ±1 only).
#[inline]
fn neighbour_other_keys(d: isize, neighbour: Option<&TokenFeatures>, mut emit: impl FnMut(u64)) {
    if d.abs() != 1 {
        return;
    }
    match neighbour {
        None => emit(key2(
            template::SHORT_SHAPE_AT,
            d as u64,
            if d < 0 {
                BEFORE_SENTENCE
            } else {
                AFTER_SENTENCE
            },
        )),
        Some(t) => {
            emit(key2(template::SHORT_SHAPE_AT, d as u64, t.short_shape));
            emit(key2(template::WORD_AT, d as u64, t.word));
            emit(key2(template::SHAPE_AT, d as u64, t.shape));
            emit(key2(template::SUFFIX_AT, d as u64, t.suffixes[2]));
        }
    }
}

/// Computes the static features of every token of `text`, as keys (for training).
pub(crate) fn prepare(text: &str, seg: &Segmentation, gazetteer: &Gazetteer) -> Prepared {
    let features = DocFeatures::new(text, seg);
    let ctx = Context::new(text, seg, &features, gazetteer);
    let n = features.len();
    let mut prepared = Prepared {
        keys: Vec::with_capacity(n * 48),
        offsets: Vec::with_capacity(n + 1),
        facts: Vec::with_capacity(n),
        sentences: ctx.sentences.clone(),
        outside_only: ctx.outside_only.clone(),
    };
    prepared.offsets.push(0);
    for i in 0..n {
        let st = features.token(i);
        let (_, first, end) = ctx.sentence_of(i, n);
        let keys = &mut prepared.keys;
        let at = |d: isize| -> Option<&TokenFeatures> {
            let j = i as isize + d;
            (j >= first as isize && j < end as isize).then(|| features.token(j as usize))
        };
        // The order of the keys is the order training has always seen them in: training sums
        // floats, so a different order would give a different (if equally good) model.
        own_keys(st, |k| keys.push(k));
        for d in NEIGHBOURS {
            neighbour_lower_key(d, at(d), |k| keys.push(k));
        }
        for d in [-1isize, 1] {
            neighbour_other_keys(d, at(d), |k| keys.push(k));
        }
        ctx.context_keys(&features, i, |k| keys.push(k));
        prepared.offsets.push(keys.len() as u32);
        prepared.facts.push(TokenFacts::of(st));
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
    out[0] = prev_tag_key(prev);
    out[1] = prev_two_tags_key(prev, prev2);
    out[2] = prev_tag_lower_key(prev, facts.lower);
    out[3] = prev_tag_shape_key(prev, facts.short_shape);
    out[4] = history_key(history);
    out[5] = history_shape_key(history, facts.short_shape);
    out[6] = history_next_key(history_next);
}

/// The previous label.
#[inline]
pub(crate) fn prev_tag_key(prev: u8) -> u64 {
    key(template::PREV_TAG, u64::from(prev))
}

/// The previous two labels.
#[inline]
pub(crate) fn prev_two_tags_key(prev: u8, prev2: u8) -> u64 {
    key2(template::PREV_TWO_TAGS, u64::from(prev), u64::from(prev2))
}

/// The previous label with the word's lowercase form.
#[inline]
pub(crate) fn prev_tag_lower_key(prev: u8, lower: u64) -> u64 {
    key2(template::PREV_TAG_LOWER, u64::from(prev), lower)
}

/// The part of [`prev_tag_lower_key`] that depends on the previous label only.
pub(crate) fn prev_tag_lower_key_start(prev: u8) -> u64 {
    key(template::PREV_TAG_LOWER, u64::from(prev))
}

/// [`prev_tag_lower_key`] from [`prev_tag_lower_key_start`]`(prev)`.
#[inline]
pub(crate) fn prev_tag_lower_key_with(start: u64, lower: u64) -> u64 {
    combine(start, lower)
}

/// The previous label with the word's collapsed shape.
#[inline]
pub(crate) fn prev_tag_shape_key(prev: u8, short_shape: u64) -> u64 {
    key2(template::PREV_TAG_SHAPE, u64::from(prev), short_shape)
}

/// The document's memory of this word.
#[inline]
pub(crate) fn history_key(history: u8) -> u64 {
    key(template::HISTORY, u64::from(history))
}

/// The document's memory of this word, with its collapsed shape.
#[inline]
pub(crate) fn history_shape_key(history: u8, short_shape: u64) -> u64 {
    key2(template::HISTORY_SHAPE, u64::from(history), short_shape)
}

/// The document's memory of the next word.
#[inline]
pub(crate) fn history_next_key(history_next: u8) -> u64 {
    key(template::HISTORY_NEXT, u64::from(history_next))
}
