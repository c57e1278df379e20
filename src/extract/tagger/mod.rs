//! The statistical entity tagger: an averaged perceptron over hashed features with greedy
//! left-to-right BILOU decoding, trained on CoNLL-2003 and extendable with reviewed articles.
//!
//! - [`features`]: what the tagger looks at (word, shape, affixes, a ±2 window, the previous
//!   labels, sentence and headline position, and how the word is used elsewhere in the document);
//! - [`model`]: the weight table and its file format;
//! - [`train`]: training from gold JSON lines and from review files, and evaluation.
//!
//! See `docs/tagger.md` for how the bundled model was trained and how to rebuild it.

mod error;
mod features;
mod gazetteer;
mod model;
mod table;
pub mod train;

pub use error::{ModelError, TaggerError};

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;
use std::sync::{Arc, LazyLock};

use super::{Analysis, Mention, MentionSource};
use crate::document::model::EntityType;
use crate::extract::segment::Segmentation;
use features::{Context, DYNAMIC_KEYS, NEIGHBOURS, Prepared, TokenFacts, dynamic_keys};
pub use features::{DocFeatures, TokenFeatures};
use model::{Scores, ShapeRows, Weights, WordRows, add};

/// Number of labels: O, then B, I, L, U for each of the four types.
pub(crate) const LABELS: usize = 17;
/// The entity types in label order.
const TYPES: [EntityType; 4] = [
    EntityType::Person,
    EntityType::Org,
    EntityType::Loc,
    EntityType::Misc,
];
/// The label "outside any entity".
const OUTSIDE: u8 = 0;
/// The pseudo label before the first token of a sentence.
const SENTENCE_START: u8 = LABELS as u8;

/// Position of a label within its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    Begin,
    Inside,
    Last,
    Unit,
}

/// The label for `position` in an entity of type index `type_index`.
const fn label(type_index: usize, position: Position) -> u8 {
    let p = match position {
        Position::Begin => 0,
        Position::Inside => 1,
        Position::Last => 2,
        Position::Unit => 3,
    };
    (1 + 4 * type_index + p) as u8
}

/// The type index and position of a label, `None` for outside.
fn decode_label(label: u8) -> Option<(usize, Position)> {
    if label == OUTSIDE || label as usize >= LABELS {
        return None;
    }
    let l = label as usize - 1;
    let position = match l % 4 {
        0 => Position::Begin,
        1 => Position::Inside,
        2 => Position::Last,
        _ => Position::Unit,
    };
    Some((l / 4, position))
}

/// Bit mask of the labels that may follow `prev`; `last` when the token ends the sentence.
fn allowed_after(prev: u8, last: bool) -> u32 {
    match decode_label(prev) {
        Some((t, Position::Begin | Position::Inside)) => {
            let mut mask = 1 << label(t, Position::Last);
            if !last {
                mask |= 1 << label(t, Position::Inside);
            }
            mask
        }
        _ => {
            let mut mask = 1 << OUTSIDE;
            for t in 0..TYPES.len() {
                mask |= 1 << label(t, Position::Unit);
                if !last {
                    mask |= 1 << label(t, Position::Begin);
                }
            }
            mask
        }
    }
}

/// The best label in `allowed` (ties go to the lower label, so outside wins ties).
#[inline]
fn best_allowed<T: PartialOrd + Copy>(scores: &[T; LABELS], allowed: u32) -> u8 {
    // Only the allowed labels are visited (their bits, lowest first): about half of them.
    let mut bits = allowed & ((1 << LABELS) - 1);
    let mut best: Option<(usize, T)> = None;
    while bits != 0 {
        let l = bits.trailing_zeros() as usize;
        bits &= bits - 1;
        let s = scores[l];
        if best.is_none_or(|(_, b)| s > b) {
            best = Some((l, s));
        }
    }
    best.map_or(OUTSIDE, |(l, _)| l as u8)
}

/// A hasher for keys that are already good hashes.
#[derive(Default, Clone, Copy)]
pub(crate) struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A map keyed by feature hashes.
pub(crate) type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<IdentityHasher>>;

/// One step of decoding: the token, the labels before it, what the document remembers about
/// its word and the next, and the labels allowed there.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Step {
    /// The token's index.
    pub i: usize,
    /// The previous label ([`SENTENCE_START`] at a sentence's start).
    pub prev: u8,
    /// The label before that.
    pub prev2: u8,
    /// The document's memory of this word: 0 unseen, 1 outside, 2.. a type.
    pub history: u8,
    /// The same for the next word of the sentence.
    pub history_next: u8,
    /// Bit mask of the labels allowed.
    pub allowed: u32,
}

/// Decodes one text sentence by sentence, left to right, asking `choose` for each token's
/// label; `labels` receives one label per token.
pub(crate) fn decode(
    facts: &[TokenFacts],
    sentences: &[(usize, usize)],
    outside_only: &[bool],
    labels: &mut Vec<u8>,
    mut choose: impl FnMut(&Step) -> u8,
) {
    labels.clear();
    labels.resize(facts.len(), OUTSIDE);
    let mut decoder = Decoder::default();
    for &(first, end) in sentences {
        decoder.sentence(facts, first, end, outside_only, labels, &mut choose);
    }
}

/// Greedy left-to-right decoding one sentence at a time, with the document's memory of how
/// each capitalised word was labelled so far: sentences must come in text order.
#[derive(Default)]
pub(crate) struct Decoder {
    /// Lowercase form → 1 outside, 2.. a type.
    history: KeyMap<u8>,
}

impl Decoder {
    /// Decodes tokens `first..end` (one sentence) of a text whose tokens' facts are `facts`,
    /// writing their labels into `labels`.
    pub fn sentence(
        &mut self,
        facts: &[TokenFacts],
        first: usize,
        end: usize,
        outside_only: &[bool],
        labels: &mut [u8],
        mut choose: impl FnMut(&Step) -> u8,
    ) {
        let history = &mut self.history;
        let remembered = |history: &KeyMap<u8>, facts: &TokenFacts| -> u8 {
            if facts.capitalised {
                history.get(&facts.lower).copied().unwrap_or(0)
            } else {
                0
            }
        };
        let (mut prev, mut prev2) = (SENTENCE_START, SENTENCE_START);
        for i in first..end {
            let here = &facts[i];
            let history_here = remembered(history, here);
            let history_next = facts
                .get(i + 1)
                .filter(|_| i + 1 < end)
                .map_or(0, |f| remembered(history, f));
            let mut allowed = allowed_after(prev, i + 1 == end);
            if outside_only.get(i).copied().unwrap_or(false) {
                allowed &= 1 << OUTSIDE;
            }
            let chosen = choose(&Step {
                i,
                prev,
                prev2,
                history: history_here,
                history_next,
                allowed,
            });
            if let Some(slot) = labels.get_mut(i) {
                *slot = chosen;
            }
            if here.capitalised {
                let memory = decode_label(chosen).map_or(1, |(t, _)| 2 + t as u8);
                history.insert(here.lower, memory);
            }
            prev2 = prev;
            prev = chosen;
        }
    }
}

/// Walks one prepared text sentence by sentence, left to right, asking `choose` for each
/// token's label given its static keys, its dynamic keys and the labels allowed there.
/// Returns the labels chosen.
pub(crate) fn walk(
    prepared: &Prepared,
    mut choose: impl FnMut(usize, &[u64], &[u64; DYNAMIC_KEYS], u32) -> u8,
) -> Vec<u8> {
    let mut labels = Vec::new();
    let mut dynamic = [0u64; DYNAMIC_KEYS];
    decode(
        &prepared.facts,
        &prepared.sentences,
        &prepared.outside_only,
        &mut labels,
        |step| {
            dynamic_keys(
                &prepared.facts[step.i],
                step.prev,
                step.prev2,
                step.history,
                step.history_next,
                &mut dynamic,
            );
            choose(step.i, prepared.static_keys(step.i), &dynamic, step.allowed)
        },
    );
    labels
}

/// Turns token labels into byte spans with their type index.
pub(crate) fn spans_of_labels(seg: &Segmentation, labels: &[u8]) -> Vec<(usize, usize, usize)> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, &l) in labels.iter().enumerate() {
        match decode_label(l) {
            Some((t, Position::Unit)) => {
                open = None;
                spans.push((seg.tokens[i].start, seg.tokens[i].end, t));
            }
            Some((t, Position::Begin)) => open = Some((i, t)),
            Some((t, Position::Inside)) => {
                if open.is_none_or(|(_, ot)| ot != t) {
                    open = Some((i, t));
                }
            }
            Some((t, Position::Last)) => {
                let first = match open {
                    Some((f, ot)) if ot == t => f,
                    _ => i,
                };
                spans.push((seg.tokens[first].start, seg.tokens[i].end, t));
                open = None;
            }
            None => open = None,
        }
    }
    spans
}

/// How many words each thread remembers the rows of (about 600 bytes each).
const WORD_CACHE_WORDS: usize = 8192;

/// Each thread's memory of the rows ([`WordRows`]) of words it tagged in earlier documents,
/// for one model: most words of an article occurred in earlier ones, so most of their lookups
/// are saved. When full, it keeps the half of its words that were used most (and halves their
/// counts, so that the words of a new topic can take their place); emptied when another model
/// tags. Emptying it whole when full, as it once did, threw away the frequent words every dozen
/// articles: a fifth of the tagger's time went to looking them up again.
///
/// A word's rows depend only on its [`TokenFeatures`], so the cache is keyed by them (found by
/// the hash of the word, and compared in full): words that read the same to the tagger, such as
/// "don’t" and "don't", share an entry, and nothing is allocated per word.
#[derive(Default)]
struct WordCache {
    /// The [`Weights::id`] the rows are for.
    model: u64,
    /// [`TokenFeatures::word`] → index into `features` and `rows`.
    index: KeyMap<u32>,
    /// The features of each entry.
    features: Vec<TokenFeatures>,
    /// The rows of each entry.
    rows: Vec<WordRows>,
    /// In how many documents each entry was used (halved at each compaction).
    uses: Vec<u32>,
    /// The entries of the current document, per word id (kept to reuse its buffer).
    entries: Vec<u32>,
    /// [`TokenFeatures::short_shape`] → index into `shapes`.
    shape_index: KeyMap<u32>,
    /// The rows of each collapsed shape met (a few hundred in practice).
    shapes: Vec<ShapeRows>,
    /// Per word id of the current document: its shape's index into `shapes`.
    word_shapes: Vec<u32>,
}

/// How many collapsed shapes each thread remembers the rows of (about 3 kB each); when more
/// would be needed, it forgets them all (news text has a few hundred).
const SHAPE_CACHE_SHAPES: usize = 1024;

impl WordCache {
    /// The entry of every word of a document, computing the rows of words not seen before.
    fn entries(&mut self, weights: &Weights, features: &DocFeatures) -> Vec<u32> {
        let words = features.word_count();
        if self.model != weights.id {
            *self = WordCache {
                model: weights.id,
                entries: std::mem::take(&mut self.entries),
                word_shapes: std::mem::take(&mut self.word_shapes),
                ..WordCache::default()
            };
            // Room for every entry at once: growing by doubling copied the rows (four
            // megabytes when full) again and again, each time into memory the system had to
            // hand out afresh, and those page faults cost more than the copying. Reserving
            // touches nothing; pages are faulted in as entries fill them.
            self.features.reserve_exact(WORD_CACHE_WORDS);
            self.rows.reserve_exact(WORD_CACHE_WORDS);
            self.uses.reserve_exact(WORD_CACHE_WORDS);
        }
        if self.shapes.len() + words > SHAPE_CACHE_SHAPES {
            self.shapes.clear();
            self.shape_index.clear();
        }
        self.word_shapes.clear();
        if self.rows.len() + words > WORD_CACHE_WORDS {
            self.keep_most_used((WORD_CACHE_WORDS / 2).min(WORD_CACHE_WORDS.saturating_sub(words)));
        }
        let mut entries = std::mem::take(&mut self.entries);
        entries.clear();
        for id in 0..words as u32 {
            let word = features.word(id);
            let cached = self
                .index
                .get(&word.word)
                .map(|&entry| entry as usize)
                .filter(|&entry| self.features[entry] == *word);
            let entry = match cached {
                Some(entry) => entry,
                None => {
                    self.features.push(*word);
                    self.rows.push(WordRows::of(weights, word));
                    self.uses.push(0);
                    // A word whose hash another word has already taken (never seen in practice)
                    // still gets its own entry, found through this document's list only.
                    self.index
                        .entry(word.word)
                        .or_insert(self.rows.len() as u32 - 1);
                    self.rows.len() - 1
                }
            };
            self.uses[entry] = self.uses[entry].saturating_add(1);
            entries.push(entry as u32);
            let shape = match self.shape_index.get(&word.short_shape) {
                Some(&shape) => shape,
                None => {
                    self.shapes.push(ShapeRows::of(weights, word.short_shape));
                    let shape = self.shapes.len() as u32 - 1;
                    self.shape_index.insert(word.short_shape, shape);
                    shape
                }
            };
            self.word_shapes.push(shape);
        }
        entries
    }

    /// Keeps at most `keep` entries, those used in the most documents, in their order, and
    /// halves their counts.
    fn keep_most_used(&mut self, keep: usize) {
        let stays = most_used(&self.uses, keep);
        let mut kept = 0;
        for (entry, &stays) in stays.iter().enumerate() {
            if stays {
                self.features[kept] = self.features[entry];
                self.rows.swap(kept, entry);
                self.uses[kept] = self.uses[entry] / 2;
                kept += 1;
            }
        }
        self.features.truncate(kept);
        self.rows.truncate(kept);
        self.uses.truncate(kept);
        self.index.clear();
        for (entry, word) in self.features.iter().enumerate() {
            self.index.entry(word.word).or_insert(entry as u32);
        }
    }
}

/// Which of the entries with these use counts a per-thread cache keeps when it may keep `keep`:
/// the most used, and of those tied at the cut, the first ones.
pub(crate) fn most_used(uses: &[u32], keep: usize) -> Vec<bool> {
    let threshold = if keep == 0 {
        u32::MAX
    } else if keep >= uses.len() {
        0
    } else {
        let mut counts = uses.to_vec();
        let at = counts.len() - keep;
        *counts.select_nth_unstable(at).1
    };
    let mut above = uses.iter().filter(|&&u| u > threshold).count();
    uses.iter()
        .map(|&u| {
            let stays = u > threshold || (u == threshold && above < keep);
            if u == threshold && stays {
                above += 1;
            }
            stays
        })
        .collect()
}

thread_local! {
    static WORD_CACHE: std::cell::RefCell<WordCache> = std::cell::RefCell::new(WordCache::default());
}

/// A trained entity tagger. Cloning is cheap: the weights are shared.
#[derive(Clone)]
pub struct Tagger {
    weights: Arc<Weights>,
}

impl std::fmt::Debug for Tagger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tagger")
            .field("features", &self.weights.len())
            .finish()
    }
}

/// The bundled model's bytes (see `docs/tagger.md`).
static BUNDLED_BYTES: &[u8] = include_bytes!("../../../assets/model/ner.bin");

/// The bundled model's weight table, built by `build.rs` ([`table`]); empty if it could not.
static BUNDLED_TABLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/ner-table.bin"));

// The table's layout is shared with the build script, which cannot see this module.
const _: () = assert!(table::LABELS == LABELS);

/// The bundled model, read once per process.
static BUNDLED: LazyLock<Tagger> = LazyLock::new(|| {
    // The bundled bytes are part of the build and checked by a test (checksum included), so a
    // failure here means the build itself is broken; an empty tagger keeps the rest of the
    // pipeline usable.
    Weights::from_bundled_bytes(BUNDLED_BYTES, BUNDLED_TABLE)
        .map_or_else(|_| Tagger::empty(), Tagger::from_weights)
});

impl Tagger {
    /// The model bundled in the binary (loaded on first use, then shared).
    pub fn bundled() -> Tagger {
        BUNDLED.clone()
    }

    /// A tagger that finds nothing (no weights).
    pub fn empty() -> Tagger {
        Tagger {
            weights: Arc::new(Weights::default()),
        }
    }

    /// Reads a model written by `article-review train`.
    pub fn load(path: &Path) -> Result<Tagger, TaggerError> {
        let bytes =
            std::fs::read(path).map_err(|e| TaggerError::io("read entity model", path, e))?;
        Tagger::from_bytes(&bytes).map_err(|source| TaggerError::Model {
            path: path.to_path_buf(),
            source,
        })
    }

    /// Reads a model from the bytes of a model file.
    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger, ModelError> {
        Ok(Tagger {
            weights: Arc::new(Weights::from_bytes(bytes)?),
        })
    }

    /// The bytes of the model file.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.weights.to_bytes()
    }

    /// Writes the model to `path` (through a temporary file, so a failure leaves no half file).
    pub fn save(&self, path: &Path) -> Result<(), TaggerError> {
        let tmp = path.with_extension("tmp-model");
        std::fs::write(&tmp, self.to_bytes()).map_err(|e| TaggerError::io("write", &tmp, e))?;
        std::fs::rename(&tmp, path).map_err(|e| TaggerError::io("write", path, e))
    }

    /// Frees the rows and token features this thread remembers of the words it tagged (about
    /// 10 MB at most, per thread); tagging refills them. Tagging gives the same result either
    /// way.
    pub fn forget_cached_words() {
        WORD_CACHE.with_borrow_mut(|cache| *cache = WordCache::default());
        features::forget_cached_features();
    }

    /// Number of weighted features in the model.
    pub fn feature_count(&self) -> usize {
        self.weights.len()
    }

    /// How the model was trained (data, seed, epochs), as recorded by `train`.
    pub fn info(&self) -> &str {
        &self.weights.info
    }

    fn from_weights(weights: Weights) -> Tagger {
        Tagger {
            weights: Arc::new(weights),
        }
    }

    /// The label of every token of a segmented text.
    pub(crate) fn labels(&self, text: &str, seg: &Segmentation) -> Vec<u8> {
        self.labels_with(text, seg, &DocFeatures::new(text, seg))
    }

    /// The label of every token of a segmented text whose token features are `features`.
    ///
    /// The same labels as scoring every key of [`features::prepare`] against the weights (what
    /// training does), but each distinct word's own keys and the keys it gives its neighbours
    /// are looked up once per document, and the keys that depend only on the labels before a
    /// token come from tables built when the model is read.
    pub(crate) fn labels_with(
        &self,
        text: &str,
        seg: &Segmentation,
        features: &DocFeatures,
    ) -> Vec<u8> {
        let weights = &*self.weights;
        let ctx = Context::new(text, seg, features, &weights.gazetteer);
        let n = features.len();
        let facts: Vec<TokenFacts> = (0..n).map(|i| TokenFacts::of(features.token(i))).collect();
        let tables = &weights.tables;
        let mut labels = vec![OUTSIDE; n];
        WORD_CACHE.with_borrow_mut(|cache| {
            // Per word id of this document: its entry in the cache.
            let entries = cache.entries(weights, features);
            let (rows, shapes, word_shapes) = (&cache.rows, &cache.shapes, &cache.word_shapes);
            // Per token: its word's rows and its shape's rows, found once (a token's rows are
            // read five times, as itself and as each neighbour's neighbour).
            let token_rows: Vec<(&WordRows, &ShapeRows)> = features
                .word_ids()
                .iter()
                .map(|&w| {
                    (
                        &rows[entries[w as usize] as usize],
                        &shapes[word_shapes[w as usize] as usize],
                    )
                })
                .collect();
            let row_of = |i: usize| token_rows[i].0;
            let shape_of = |i: usize| token_rows[i].1;
            let mut decoder = Decoder::default();
            // One sentence's static scores at a time, so that memory does not grow with the
            // document (68 bytes a token).
            let mut statics: Vec<Scores> = Vec::new();
            for &(first, end) in &ctx.sentences {
                // Everything but the labels before a token first, for the whole sentence: these
                // lookups do not wait on each other, so the processor overlaps their cache
                // misses.
                statics.clear();
                for i in first..end {
                    let mut scores = row_of(i).own;
                    for (k, d) in NEIGHBOURS.iter().enumerate() {
                        let j = i as isize + d;
                        let row = if j >= first as isize && j < end as isize {
                            &row_of(j as usize).as_neighbour[k]
                        } else {
                            &tables.outside[k]
                        };
                        add(&mut scores, row);
                    }
                    let (shape, short_shape) = (shape_of(i), features.token(i).short_shape);
                    ctx.context_features(
                        features,
                        i,
                        #[inline(always)]
                        |feature| {
                            tables.add_context(weights, &mut scores, feature, short_shape, shape)
                        },
                    );
                    statics.push(scores);
                }
                decoder.sentence(&facts, first, end, &ctx.outside_only, &mut labels, |step| {
                    let mut scores = statics[step.i - first];
                    let here = &facts[step.i];
                    tables.add_dynamic(
                        weights,
                        &mut scores,
                        step,
                        here,
                        shape_of(step.i),
                        row_of(step.i),
                    );
                    best_allowed(&scores, step.allowed)
                });
            }
            cache.entries = entries;
        });
        labels
    }

    /// [`Tagger::labels`] the way training scores: every key looked up on its own.
    #[cfg(test)]
    pub(crate) fn labels_by_keys(&self, text: &str, seg: &Segmentation) -> Vec<u8> {
        let prepared = features::prepare(text, seg, &self.weights.gazetteer);
        let weights = &*self.weights;
        walk(&prepared, |_, static_keys, dynamic, allowed| {
            let mut scores = [0i32; LABELS];
            for &key in static_keys.iter().chain(dynamic.iter()) {
                weights.add_row(&mut scores, key);
            }
            best_allowed(&scores, allowed)
        })
    }

    /// Entity spans of a segmented text: `(start byte, end byte, type)`, sorted, not overlapping.
    pub fn spans(&self, text: &str, seg: &Segmentation) -> Vec<(usize, usize, EntityType)> {
        spans_of_labels(seg, &self.labels(text, seg))
            .into_iter()
            .map(|(s, e, t)| (s, e, TYPES[t]))
            .collect()
    }

    /// Adds the tagger's entity mentions to `analysis.mentions` (kept sorted by start), and
    /// keeps its tokens' word ids in `analysis.word_ids` for the later stages.
    pub fn tag(&self, analysis: &mut Analysis) {
        if self.weights.len() == 0 {
            return;
        }
        // This thread's buffers of word features, reused from the last document: built anew,
        // they grew by doubling in every document (a hundred kilobytes of copying each).
        let mut features = SPARE_FEATURES.take();
        features.fill(analysis.text, &analysis.seg);
        let labels = self.labels_with(analysis.text, &analysis.seg, &features);
        for (start, end, t) in spans_of_labels(&analysis.seg, &labels) {
            analysis.mentions.push(Mention {
                start,
                end,
                entity_type: TYPES[t],
                source: MentionSource::Tagger,
                entity: None,
            });
        }
        analysis.mentions.sort_by_key(|m| (m.start, m.end));
        analysis.word_ids = features.take_word_ids();
        // A huge article's buffers are not kept.
        if features.word_capacity() <= SPARE_FEATURES_WORDS {
            SPARE_FEATURES.set(features);
        }
    }
}

/// The most distinct words whose buffers [`Tagger::tag`] keeps for the thread's next document
/// (about 110 bytes each).
const SPARE_FEATURES_WORDS: usize = 16384;

thread_local! {
    static SPARE_FEATURES: std::cell::Cell<DocFeatures> = std::cell::Cell::new(DocFeatures::default());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caches_keep_the_most_used_entries_and_the_first_of_a_tie() {
        let uses = [3, 1, 5, 3, 0, 3];
        assert_eq!(most_used(&uses, 3), [true, false, true, true, false, false]);
        assert_eq!(
            most_used(&uses, 1),
            [false, false, true, false, false, false]
        );
        assert_eq!(most_used(&uses, 0), [false; 6]);
        assert_eq!(most_used(&uses, 6), [true; 6]);
        assert_eq!(most_used(&uses, 9), [true; 6]);
    }

    #[test]
    fn transitions_keep_entities_well_formed() {
        let begin_per = label(0, Position::Begin);
        let allowed = allowed_after(begin_per, false);
        assert_eq!(
            allowed,
            (1 << label(0, Position::Inside)) | (1 << label(0, Position::Last))
        );
        // A sentence cannot end inside an entity.
        let allowed = allowed_after(OUTSIDE, true);
        assert_eq!(allowed & (1 << label(1, Position::Begin)), 0);
        assert_ne!(allowed & (1 << label(1, Position::Unit)), 0);
    }

    #[test]
    fn labels_become_spans() {
        let text = "Ann Lee met IBM";
        let seg = crate::extract::segment::segment(text);
        let labels = [
            label(0, Position::Begin),
            label(0, Position::Last),
            OUTSIDE,
            label(1, Position::Unit),
        ];
        assert_eq!(spans_of_labels(&seg, &labels), vec![(0, 7, 0), (12, 15, 1)]);
    }

    /// Texts that exercise every feature: headlines in capitals and in title case, honorifics,
    /// curly quotes, accents, emoji, CRLF line ends, numbers, name lists, repeated names.
    const VARIED: &[&str] = &[
        "SOCCER - LEEDS BEAT ARSENAL 2-1 IN LONDON\r\nLONDON 1996-08-30\r\n\r\nLeeds United beat \
         Arsenal on Friday, Mr. Wenger said. \u{201c}We were poor,\u{201d} Wenger told the BBC.",
        "Senator Says Talks With Moscow Are Over\n\nWASHINGTON (Reuters) \u{2014} Sen. Elizabeth \
         Warren met Sergei Lavrov, Russia\u{2019}s foreign minister, in Genève on Tuesday. \
         Warren\u{2019}s aide, José Núñez, said the talks \u{2018}went well\u{2019} \u{1f600}. And \
         Warren said: \"Lavrov is tough.\"",
        "Results: 1. Ajax 3 2. PSV 1 3. Feyenoord 0\nAmsterdam 12 4 5 6\n\nThe Dutch league \
         resumes on Sunday; Ajax coach Louis van Gaal (AJAX) said the U.S. tour was \
         \u{201c}useful\u{201d}.",
        "",
        "\u{201c}",
        "A",
    ];

    #[test]
    fn per_word_scoring_gives_the_labels_of_scoring_every_key() {
        let tagger = Tagger::bundled();
        for text in VARIED {
            let seg = crate::extract::segment::segment(text);
            assert_eq!(
                tagger.labels(text, &seg),
                tagger.labels_by_keys(text, &seg),
                "{text:?}"
            );
        }
        // The joined texts make repeated words in one document (the document's memory).
        let joined = VARIED.join("\n\n");
        let seg = crate::extract::segment::segment(&joined);
        let labels = tagger.labels(&joined, &seg);
        assert_eq!(labels, tagger.labels_by_keys(&joined, &seg));
        assert!(
            labels.iter().any(|&l| l != OUTSIDE),
            "the bundled model finds names"
        );
    }

    #[test]
    fn a_thread_tags_each_document_alike_whatever_it_tagged_before() {
        let tagger = Tagger::bundled();
        let tag = |text: &str| {
            let mut analysis = Analysis::new(text);
            tagger.tag(&mut analysis);
            let mentions: Vec<(usize, usize, EntityType)> = analysis
                .mentions
                .iter()
                .map(|m| (m.start, m.end, m.entity_type))
                .collect();
            (mentions, analysis.word_ids)
        };
        let long = VARIED.join("\n\n");
        let short = "Angela Merkel met Emmanuel Macron in Paris.";
        let first = tag(short);
        assert!(!first.0.is_empty(), "the short text has names");
        // A longer document between leaves its buffers to the next one on this thread.
        let between = tag(&long);
        assert!(between.1.len() > first.1.len());
        assert_eq!(tag(short), first);
        assert_eq!(tag(&long), between);
    }

    #[test]
    fn a_key_batch_sums_what_adding_each_row_sums() {
        let tagger = Tagger::bundled();
        let weights = &*tagger.weights;
        let word = TokenFeatures::of("Washington");
        let mut keys = Vec::new();
        features::own_keys(&word, |key| keys.push(key));
        for d in features::NEIGHBOURS {
            features::neighbour_keys(d, Some(&word), |key| keys.push(key));
        }
        // More keys than a batch holds at once, some of them absent from the model.
        let keys: Vec<u64> = keys
            .iter()
            .cycle()
            .take(3 * 32 + 5)
            .copied()
            .chain([7, 8])
            .collect();
        let mut batch = model::KeyBatch::<3>::new(weights);
        let mut expected = [[0; LABELS]; 3];
        for (n, &key) in keys.iter().enumerate() {
            batch.push(key, n % 3);
            weights.add_row(&mut expected[n % 3], key);
        }
        assert_ne!(expected[0], [0; LABELS], "the word has weights");
        assert_eq!(batch.finish(), expected);
    }

    #[test]
    fn word_cache_keeps_the_most_used_words_when_compacted() {
        let tagger = Tagger::bundled();
        let weights = &*tagger.weights;
        let features = |text: &str| DocFeatures::new(text, &crate::extract::segment::segment(text));
        let common = features("Ann Lee said the talks in Genève went well.");
        let rare = features("Zebras graze quietly near Nairobi \u{1f993}.");
        let mut cache = WordCache::default();
        cache.entries(weights, &common);
        cache.entries(weights, &rare);
        cache.entries(weights, &common);
        assert_eq!(
            cache.rows.len(),
            common.word_count() + rare.word_count() - 1
        );
        // The words of `common` were used twice ("." three times), the others once.
        cache.keep_most_used(common.word_count());
        assert_eq!(cache.rows.len(), common.word_count());
        for id in 0..common.word_count() as u32 {
            let word = common.word(id);
            let entry = cache.index[&word.word] as usize;
            assert_eq!(cache.features[entry], *word);
            let fresh = WordRows::of(weights, word);
            assert_eq!(cache.rows[entry].own, fresh.own);
            assert_eq!(cache.rows[entry].as_neighbour, fresh.as_neighbour);
            assert_eq!(cache.rows[entry].after_outside, fresh.after_outside);
            assert_eq!(cache.rows[entry].after_start, fresh.after_start);
        }
        assert!(!cache.index.contains_key(&rare.word(0).word));
        // Tagging after a compaction gives the labels of scoring every key.
        let text = "Zebras graze near Nairobi, Ann Lee said.";
        let seg = crate::extract::segment::segment(text);
        WORD_CACHE.with_borrow_mut(|thread_cache| *thread_cache = cache);
        assert_eq!(tagger.labels(text, &seg), tagger.labels_by_keys(text, &seg));
    }

    #[test]
    fn token_features_are_shared_by_equal_words() {
        let text = "Lee met Lee and LEE.";
        let seg = crate::extract::segment::segment(text);
        let features = DocFeatures::new(text, &seg);
        assert_eq!(features.len(), 6);
        assert_eq!(features.word_count(), 5);
        assert_eq!(features.word_id(0), features.word_id(2));
        assert_ne!(features.word_id(0), features.word_id(4));
        // The lowercase form is shared across capitalisations, the word is not.
        assert_eq!(features.token(0).lower, features.token(4).lower);
        assert_ne!(features.token(0).word, features.token(4).word);
        assert!(features.token(0).first_upper && features.token(4).all_caps);
        assert_eq!(features.token(0), &TokenFeatures::of("Lee"));
    }

    #[test]
    fn remembered_token_features_are_those_of_the_text() {
        // Words met before, words new to the thread, repeated words, and a compaction of the
        // thread's memory between documents: every token's features are those of its text.
        let check = |text: &str| {
            let seg = crate::extract::segment::segment(text);
            let features = DocFeatures::new(text, &seg);
            for (i, token) in seg.tokens.iter().enumerate() {
                assert_eq!(
                    features.token(i),
                    &TokenFeatures::of(token.text(text)),
                    "{text:?}"
                );
                let first = features.first_token(features.word_id(i));
                assert_eq!(seg.tokens[first].text(text), token.text(text));
                assert!(first <= i);
            }
            let distinct: std::collections::HashSet<&str> =
                seg.tokens.iter().map(|t| t.text(text)).collect();
            assert_eq!(features.word_count(), distinct.len());
        };
        for text in VARIED {
            check(text);
        }
        features::forget_cached_features_keeping(3);
        for text in VARIED.iter().rev() {
            check(text);
        }
        features::forget_cached_features_keeping(0);
        check(&VARIED.join(" "));
    }

    #[test]
    fn token_features_of_ascii_words_match_the_general_path() {
        let long = "x".repeat(70);
        let words = [
            "",
            "a",
            "A",
            "Lee",
            "LEE",
            "lEe",
            "U.S.",
            "Mr.",
            ".",
            "...",
            "1996",
            "2-1",
            "A4",
            "`",
            "``",
            "'s",
            "n't",
            "don't",
            "don`t",
            "\"",
            "-",
            "--",
            "(AP)",
            "e-mail",
            "McDonald's",
            "x1y2Z3",
            "ABCDEFGHIJK",
            "abcdefghijklmnop",
            "$5.00",
            "O'Neill.",
            &long,
            &long[..64],
            &long[..63],
        ];
        for word in words {
            assert_eq!(
                TokenFeatures::of(word),
                TokenFeatures::general(word, &mut features::Scratch::default()),
                "{word:?}"
            );
        }
    }

    #[test]
    fn token_features_count_characters_not_bytes() {
        // Curly quotes read as straight ones; affixes are characters, digits fold to 0.
        assert_eq!(TokenFeatures::of("Núñez’s"), TokenFeatures::of("Núñez's"));
        let of = TokenFeatures::of;
        assert_eq!(of("éa").prefixes[0], of("éb").prefixes[0]);
        assert_ne!(of("éa").prefixes[0], of("ea").prefixes[0]);
        assert_eq!(of("aé").suffixes[0], of("bé").suffixes[0]);
        assert_eq!(of("x\u{1f600}").suffixes[0], of("y\u{1f600}").suffixes[0]);
        assert_eq!(of("1996").lower, of("2016").lower);
        assert_ne!(of("1996").word, of("2016").word);
        let emoji = of("\u{1f600}");
        assert!(!emoji.has_letter && !emoji.first_upper && !emoji.has_digit);
    }

    #[test]
    fn bundled_model_loads_and_has_weights() {
        // The checksum the bundled loader skips is checked here.
        let tagger = Tagger::from_bytes(BUNDLED_BYTES).expect("bundled model parses");
        assert!(tagger.feature_count() > 1000);
        assert_eq!(Tagger::bundled().feature_count(), tagger.feature_count());
    }

    #[test]
    fn the_table_built_with_the_binary_is_the_bundled_models() {
        // build.rs builds the bundled model's table; reading the model builds it again.
        let read = Weights::from_bytes(BUNDLED_BYTES).expect("bundled model parses");
        assert!(!BUNDLED_TABLE.is_empty());
        assert_eq!(read.table_bytes(), BUNDLED_TABLE);
        let bundled = Tagger::bundled();
        assert_eq!(bundled.weights.table_bytes(), BUNDLED_TABLE);
        let tagger = Tagger::from_bytes(BUNDLED_BYTES).expect("bundled model parses");
        // The bundled model reads its keys only when asked: saving it gives its file back.
        assert_eq!(bundled.weights.len(), tagger.weights.len());
        assert_eq!(bundled.to_bytes(), tagger.to_bytes());
        assert_eq!(bundled.to_bytes(), BUNDLED_BYTES);
    }
}
