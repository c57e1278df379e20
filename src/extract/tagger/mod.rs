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
pub mod train;

pub use error::{ModelError, TaggerError};

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;
use std::sync::{Arc, LazyLock};

use super::{Analysis, Mention, MentionSource};
use crate::document::model::EntityType;
use crate::extract::segment::Segmentation;
use features::{DYNAMIC_KEYS, Prepared, TokenFacts, dynamic_keys};
use model::Weights;

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
    let mut best: Option<(usize, T)> = None;
    for (l, &s) in scores.iter().enumerate() {
        if allowed & (1 << l) != 0 && best.is_none_or(|(_, b)| s > b) {
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

/// Walks one prepared text sentence by sentence, left to right, asking `choose` for each
/// token's label given its static keys, its dynamic keys and the labels allowed there.
/// Returns the labels chosen.
pub(crate) fn walk(
    prepared: &Prepared,
    mut choose: impl FnMut(usize, &[u64], &[u64; DYNAMIC_KEYS], u32) -> u8,
) -> Vec<u8> {
    let mut labels = vec![OUTSIDE; prepared.len()];
    let mut history: KeyMap<u8> = KeyMap::default();
    let remembered = |history: &KeyMap<u8>, facts: &TokenFacts| -> u8 {
        if facts.capitalised {
            history.get(&facts.lower).copied().unwrap_or(0)
        } else {
            0
        }
    };
    let mut dynamic = [0u64; DYNAMIC_KEYS];
    for &(first, end) in &prepared.sentences {
        let (mut prev, mut prev2) = (SENTENCE_START, SENTENCE_START);
        for i in first..end {
            let facts = &prepared.facts[i];
            let history_here = remembered(&history, facts);
            let history_next = prepared
                .facts
                .get(i + 1)
                .filter(|_| i + 1 < end)
                .map_or(0, |f| remembered(&history, f));
            dynamic_keys(facts, prev, prev2, history_here, history_next, &mut dynamic);
            let mut allowed = allowed_after(prev, i + 1 == end);
            if prepared.outside_only.get(i).copied().unwrap_or(false) {
                allowed &= 1 << OUTSIDE;
            }
            let chosen = choose(i, prepared.static_keys(i), &dynamic, allowed);
            if let Some(slot) = labels.get_mut(i) {
                *slot = chosen;
            }
            if facts.capitalised {
                let memory = decode_label(chosen).map_or(1, |(t, _)| 2 + t as u8);
                history.insert(facts.lower, memory);
            }
            prev2 = prev;
            prev = chosen;
        }
    }
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

/// The bundled model, read once per process.
static BUNDLED: LazyLock<Tagger> = LazyLock::new(|| {
    // The bundled bytes are part of the build and checked by a test, so a failure here means
    // the build itself is broken; an empty tagger keeps the rest of the pipeline usable.
    Tagger::from_bytes(BUNDLED_BYTES).unwrap_or_else(|_| Tagger::empty())
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
        let prepared = features::prepare(text, seg, &self.weights.gazetteer);
        let weights = &*self.weights;
        walk(&prepared, |_, static_keys, dynamic, allowed| {
            let mut scores = [0i32; LABELS];
            for &key in static_keys.iter().chain(dynamic.iter()) {
                if let Some(row) = weights.row(key) {
                    for (s, &w) in scores.iter_mut().zip(row) {
                        *s += i32::from(w);
                    }
                }
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

    /// Adds the tagger's entity mentions to `analysis.mentions` (kept sorted by start).
    pub fn tag(&self, analysis: &mut Analysis) {
        if self.weights.len() == 0 {
            return;
        }
        for (start, end, entity_type) in self.spans(analysis.text, &analysis.seg) {
            analysis.mentions.push(Mention {
                start,
                end,
                entity_type,
                source: MentionSource::Tagger,
                entity: None,
            });
        }
        analysis.mentions.sort_by_key(|m| (m.start, m.end));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn bundled_model_loads_and_has_weights() {
        let tagger = Tagger::from_bytes(BUNDLED_BYTES).expect("bundled model parses");
        assert!(tagger.feature_count() > 1000);
    }
}
