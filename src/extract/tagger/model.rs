//! The trained weights: a table from feature key to one row of label weights, and its file
//! format.
//!
//! File format (all integers little-endian):
//! ```text
//! magic            8 bytes  "ARNERMDL"
//! format version   u32      MODEL_FORMAT_VERSION
//! feature set      u32      features::FEATURE_SET_VERSION
//! labels           u32      LABELS
//! scale            f32      a weight is its i16 value times this
//! info length      u32, then that many bytes of UTF-8 (how the model was trained)
//! name lists       u32 class count, per class u32 length + UTF-8 name; u32 entry count,
//!                  per entry key u64, class mask u32, token count u8 (its top bit set:
//!                  a longer entry starts with these tokens; mask 0: only that)
//! rows             u32
//! per row: key u64, label mask u32 (bit l set = label l has a weight), one i16 per set bit
//! checksum         u64      hash of every byte before it
//! ```
//! Rows keep only their non-zero weights, so the file is small; in memory they are dense for speed.

use std::borrow::Cow;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use super::error::ModelError;
use super::features::{
    self, ContextFeature, FEATURE_SET_VERSION, NEIGHBOURS, ShapeFeature, TokenFacts, TokenFeatures,
    hash_bytes, neighbour_keys, own_keys,
};
use super::gazetteer::Gazetteer;
use super::table;
use super::{LABELS, OUTSIDE, SENTENCE_START, Step};

const MAGIC: &[u8; 8] = b"ARNERMDL";
/// 3: the name lists mark the starts of longer entries (and hold those that are no entry
/// themselves, with no class), so that matching stops at the first sequence no entry starts
/// with.
const MODEL_FORMAT_VERSION: u32 = 3;
const CHECKSUM_SEED: u64 = 0xC0FF_EE00;

/// Label weights per feature key, quantised to `i16`, with an open-addressing index.
#[derive(Debug, Clone, Default)]
pub(crate) struct Weights {
    /// Keys of the rows, in file order: read with the rows, or, for the bundled model, from
    /// `later_rows` when first asked for (only saving and fine-tuning ask). Reading them cost
    /// a millisecond of every process's start.
    keys: OnceLock<Vec<u64>>,
    /// The bundled model's rows, as in its file, when `keys` waits to be read from them.
    later_rows: &'static [u8],
    /// Number of rows.
    row_count: usize,
    /// Open-addressing table of the rows ([`table`]: key 0 marks an empty slot), its slot
    /// count a power of two. Each slot holds its key and its row's weights, so that a lookup,
    /// found or not, touches one place in memory: the table is larger than the caches, and a
    /// lookup that found the key in one place and the weights in another cost two cache
    /// misses. The bundled model's table is built by `build.rs` and borrowed from the binary.
    table: Cow<'static, [u8]>,
    /// A weight is `value * scale`.
    pub scale: f32,
    /// How the model was trained, for people.
    pub info: String,
    /// The name lists the model was trained with.
    pub gazetteer: Gazetteer,
    /// Summed rows of the keys that take few values (built with the index).
    pub tables: Tables,
    /// A number no other weights built by this process have (for caches of their rows).
    pub id: u64,
}

/// The next [`Weights::id`].
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// Label scores, one per label.
pub(crate) type Scores = [i32; LABELS];

/// Adds `row` to `scores`.
#[inline]
pub(crate) fn add(scores: &mut Scores, row: &Scores) {
    for (s, &w) in scores.iter_mut().zip(row) {
        *s += w;
    }
}

/// One word's contribution to the scores: as the token being labelled, and as each of its
/// neighbours ([`NEIGHBOURS`]).
#[derive(Debug, Clone)]
pub(crate) struct WordRows {
    /// The word's own keys ([`own_keys`]).
    pub own: Scores,
    /// The keys it gives the token at offset `-NEIGHBOURS[k]` from it.
    pub as_neighbour: [Scores; 4],
    /// Its key with the previous label ([`features::prev_tag_lower_key`]) for the two
    /// previous labels most tokens have, outside any entity and the sentence start: decoding
    /// waits for that lookup at every token, and here it is made once per word.
    pub after_outside: Scores,
    /// The same after the sentence start.
    pub after_start: Scores,
}

impl WordRows {
    /// Looks up every key of `word` once.
    pub fn of(weights: &Weights, word: &TokenFeatures) -> WordRows {
        // Rows: own, one per neighbour offset, after outside, after the sentence start.
        const OWN: usize = 0;
        const AFTER_OUTSIDE: usize = 5;
        const AFTER_START: usize = 6;
        let mut batch = KeyBatch::<7>::new(weights);
        batch.push(
            features::prev_tag_lower_key(OUTSIDE, word.lower),
            AFTER_OUTSIDE,
        );
        batch.push(
            features::prev_tag_lower_key(SENTENCE_START, word.lower),
            AFTER_START,
        );
        own_keys(word, |key| batch.push(key, OWN));
        for (k, d) in NEIGHBOURS.into_iter().enumerate() {
            neighbour_keys(d, Some(word), |key| batch.push(key, 1 + k));
        }
        let [own, n0, n1, n2, n3, after_outside, after_start] = batch.finish();
        WordRows {
            own,
            as_neighbour: [n0, n1, n2, n3],
            after_outside,
            after_start,
        }
    }
}

/// Sums of the rows of many keys into `ROWS` rows, looked up together: every key's slot is
/// read before any is used, so that their cache misses overlap, where [`Weights::add_row`]
/// waits for each in turn (what it does next depends on what it read). The sums are those of
/// adding each key's row alone.
pub(crate) struct KeyBatch<'w, const ROWS: usize> {
    weights: &'w Weights,
    /// Keys waiting, each with its row.
    keys: [(u64, u8); BATCH_KEYS],
    waiting: usize,
    rows: [Scores; ROWS],
}

/// Keys a batch holds before it looks them up (a word has 26).
const BATCH_KEYS: usize = 32;

impl<'w, const ROWS: usize> KeyBatch<'w, ROWS> {
    /// An empty batch, its rows zero.
    pub fn new(weights: &'w Weights) -> KeyBatch<'w, ROWS> {
        KeyBatch {
            weights,
            keys: [(0, 0); BATCH_KEYS],
            waiting: 0,
            rows: [[0; LABELS]; ROWS],
        }
    }

    /// Adds `key`'s row (if it has one) to row `row` (< `ROWS`).
    #[inline]
    pub fn push(&mut self, key: u64, row: usize) {
        if self.waiting == BATCH_KEYS {
            self.look_up();
        }
        self.keys[self.waiting] = (key, row as u8);
        self.waiting += 1;
    }

    /// Looks the waiting keys up.
    fn look_up(&mut self) {
        let keys = &self.keys[..self.waiting];
        let table = &self.weights.table;
        let touched = keys
            .iter()
            .fold(0u8, |acc, &(key, _)| acc ^ table::touch(table, key));
        std::hint::black_box(touched);
        for &(key, row) in keys {
            self.weights.add_row(&mut self.rows[usize::from(row)], key);
        }
        self.waiting = 0;
    }

    /// The sums.
    pub fn finish(mut self) -> [Scores; ROWS] {
        self.look_up();
        self.rows
    }
}

/// Labels a dynamic key can see: every label and the sentence start.
const PREVIOUS_LABELS: usize = LABELS + 1;
/// Values of the document's memory of a word: unseen, outside, one per type.
const MEMORIES: usize = 6;

/// Summed rows for the keys that take only a few values, so that decoding looks none of them
/// up: the labels before a token, the document's memory, and neighbours outside the sentence.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tables {
    /// Per previous label.
    prev_tag: Vec<Scores>,
    /// Per previous label times [`PREVIOUS_LABELS`] plus the one before.
    prev_two_tags: Vec<Scores>,
    /// Per memory of this word.
    history: Vec<Scores>,
    /// Per memory of the next word.
    history_next: Vec<Scores>,
    /// `prev_tag` plus `prev_two_tags`, by the same index as `prev_two_tags`: one row to add.
    labels_before: Vec<Scores>,
    /// `history` plus `history_next`, per memory of this word times [`MEMORIES`] plus the
    /// memory of the next.
    memories: Vec<Scores>,
    /// Per previous label: the first half of its key with the word's lowercase form
    /// ([`features::prev_tag_lower_key_with`]).
    prev_tag_lower: Vec<u64>,
    /// Per offset in [`NEIGHBOURS`]: the keys of a position outside the sentence.
    pub outside: [Scores; 4],
    /// Per name-list class: per position in the match ([`ContextFeature::List`]).
    list: Vec<[Scores; 4]>,
    /// Per name-list class: per headline kind ([`ContextFeature::HeadlineList`]).
    headline_list: Vec<[Scores; HEADLINE_KINDS]>,
    /// Per name-list class: matching the token before, after ([`ContextFeature::ListAt`]).
    list_at: Vec<[Scores; 2]>,
    /// Per document-use flag: per context ([`ContextFeature::DocFlag`]).
    doc_flag: Vec<[Scores; FLAG_CONTEXTS]>,
    /// Per combination of flags: per context ([`ContextFeature::DocFlags`]).
    doc_flags: Vec<[Scores; FLAG_CONTEXTS]>,
}

/// Headline kinds: none, all capitals, title case.
const HEADLINE_KINDS: usize = 3;
/// Contexts of the document-use flags: (unused), headline, first word, inside a sentence.
const FLAG_CONTEXTS: usize = 4;
/// Document-use flags of a capitalised word.
const DOC_FLAGS: usize = 6;
/// Sentence lengths the features tell apart (capped at 6).
const SENTENCE_LENGTHS: usize = 7;
/// Paragraph numbers the features tell apart (capped at 3).
const PARAGRAPHS: usize = 4;

/// The rows of every feature that combines a collapsed word shape with one of a few values
/// ([`ShapeFeature`], and the decoding keys of the shape), summed once per shape and thread.
#[derive(Debug, Clone)]
pub(crate) struct ShapeRows {
    sentence_first: Scores,
    sentence_length: [Scores; SENTENCE_LENGTHS],
    headline: [Scores; HEADLINE_KINDS],
    paragraph: [Scores; PARAGRAPHS],
    numeric_line: Scores,
    /// Per name-list class.
    list: Vec<Scores>,
    /// Per previous label ([`features::prev_tag_shape_key`]).
    prev_tag: [Scores; PREVIOUS_LABELS],
    /// Per memory of the word ([`features::history_shape_key`]).
    history: [Scores; MEMORIES],
}

impl ShapeRows {
    /// Looks up every key of collapsed shape `short_shape` once.
    pub fn of(weights: &Weights, short_shape: u64) -> ShapeRows {
        let classes = &weights.gazetteer.class_hashes;
        let row = |feature: ShapeFeature| {
            let mut scores = [0; LABELS];
            weights.add_row(&mut scores, feature.key(short_shape, classes));
            scores
        };
        let mut prev_tag = [[0; LABELS]; PREVIOUS_LABELS];
        for (p, scores) in prev_tag.iter_mut().enumerate() {
            weights.add_row(scores, features::prev_tag_shape_key(p as u8, short_shape));
        }
        let mut history = [[0; LABELS]; MEMORIES];
        for (h, scores) in history.iter_mut().enumerate() {
            weights.add_row(scores, features::history_shape_key(h as u8, short_shape));
        }
        ShapeRows {
            sentence_first: row(ShapeFeature::SentenceFirst),
            sentence_length: std::array::from_fn(|l| row(ShapeFeature::SentenceLength(l as u64))),
            headline: std::array::from_fn(|k| row(ShapeFeature::Headline(k as u64))),
            paragraph: std::array::from_fn(|p| row(ShapeFeature::Paragraph(p as u64))),
            numeric_line: row(ShapeFeature::NumericLine),
            list: (0..classes.len() as u32)
                .map(|c| row(ShapeFeature::List(c)))
                .collect(),
            prev_tag,
            history,
        }
    }

    /// The rows of `feature`, if this table has them.
    #[inline(always)]
    fn get(&self, feature: ShapeFeature) -> Option<&Scores> {
        match feature {
            ShapeFeature::SentenceFirst => Some(&self.sentence_first),
            ShapeFeature::SentenceLength(l) => self.sentence_length.get(l as usize),
            ShapeFeature::Headline(k) => self.headline.get(k as usize),
            ShapeFeature::Paragraph(p) => self.paragraph.get(p as usize),
            ShapeFeature::NumericLine => Some(&self.numeric_line),
            ShapeFeature::List(c) => self.list.get(c as usize),
        }
    }
}

impl Tables {
    fn build(weights: &Weights) -> Tables {
        let row = |key: u64| {
            let mut scores = [0; LABELS];
            weights.add_row(&mut scores, key);
            scores
        };
        let class_hashes = &weights.gazetteer.class_hashes;
        let classes = 0..class_hashes.len() as u32;
        let context_row = |feature: ContextFeature| row(feature.key(0, class_hashes));
        let mut outside = [[0; LABELS]; 4];
        for (k, d) in NEIGHBOURS.into_iter().enumerate() {
            neighbour_keys(d, None, |key| weights.add_row(&mut outside[k], key));
        }
        let prev_tag: Vec<Scores> = (0..PREVIOUS_LABELS as u8)
            .map(|p| row(features::prev_tag_key(p)))
            .collect();
        let prev_two_tags: Vec<Scores> = (0..PREVIOUS_LABELS as u8)
            .flat_map(|p| (0..PREVIOUS_LABELS as u8).map(move |p2| (p, p2)))
            .map(|(p, p2)| row(features::prev_two_tags_key(p, p2)))
            .collect();
        let history: Vec<Scores> = (0..MEMORIES as u8)
            .map(|h| row(features::history_key(h)))
            .collect();
        let history_next: Vec<Scores> = (0..MEMORIES as u8)
            .map(|h| row(features::history_next_key(h)))
            .collect();
        let sum = |a: &Scores, b: &Scores| {
            let mut scores = *a;
            add(&mut scores, b);
            scores
        };
        Tables {
            labels_before: prev_two_tags
                .iter()
                .enumerate()
                .map(|(at, row)| sum(&prev_tag[at / PREVIOUS_LABELS], row))
                .collect(),
            memories: (0..MEMORIES * MEMORIES)
                .map(|at| sum(&history[at / MEMORIES], &history_next[at % MEMORIES]))
                .collect(),
            prev_tag_lower: (0..PREVIOUS_LABELS as u8)
                .map(features::prev_tag_lower_key_start)
                .collect(),
            prev_tag,
            prev_two_tags,
            history,
            history_next,
            outside,
            list: classes
                .clone()
                .map(|class| {
                    std::array::from_fn(|position| {
                        context_row(ContextFeature::List {
                            class,
                            position: position as u64,
                        })
                    })
                })
                .collect(),
            headline_list: classes
                .clone()
                .map(|class| {
                    std::array::from_fn(|kind| {
                        context_row(ContextFeature::HeadlineList {
                            kind: kind as u64,
                            class,
                        })
                    })
                })
                .collect(),
            list_at: classes
                .map(|class| {
                    [false, true].map(|after| context_row(ContextFeature::ListAt { after, class }))
                })
                .collect(),
            doc_flag: (0..DOC_FLAGS as u64)
                .map(|flag| {
                    std::array::from_fn(|context| {
                        context_row(ContextFeature::DocFlag {
                            flag,
                            context: context as u64,
                        })
                    })
                })
                .collect(),
            doc_flags: (0..1u64 << DOC_FLAGS)
                .map(|bits| {
                    std::array::from_fn(|context| {
                        context_row(ContextFeature::DocFlags {
                            bits,
                            context: context as u64,
                        })
                    })
                })
                .collect(),
        }
    }

    /// Adds the rows of `feature` (of a token whose collapsed shape's rows are `shape`) to
    /// `scores`: from the tables when they have them, else by looking its key up.
    #[inline(always)]
    pub fn add_context(
        &self,
        weights: &Weights,
        scores: &mut Scores,
        feature: ContextFeature,
        short_shape: u64,
        shape: &ShapeRows,
    ) {
        let row = match feature {
            ContextFeature::Key(key) => return weights.add_row(scores, key),
            ContextFeature::Shaped(feature) => shape.get(feature),
            ContextFeature::List { class, position } => self
                .list
                .get(class as usize)
                .and_then(|rows| rows.get(position as usize)),
            ContextFeature::HeadlineList { kind, class } => self
                .headline_list
                .get(class as usize)
                .and_then(|rows| rows.get(kind as usize)),
            ContextFeature::ListAt { after, class } => self
                .list_at
                .get(class as usize)
                .map(|rows| &rows[usize::from(after)]),
            ContextFeature::DocFlag { flag, context } => self
                .doc_flag
                .get(flag as usize)
                .and_then(|rows| rows.get(context as usize)),
            ContextFeature::DocFlags { bits, context } => self
                .doc_flags
                .get(bits as usize)
                .and_then(|rows| rows.get(context as usize)),
        };
        match row {
            Some(row) => add(scores, row),
            None => weights.add_row(
                scores,
                feature.key(short_shape, &weights.gazetteer.class_hashes),
            ),
        }
    }

    /// Adds the rows of the keys that depend on decoding (see [`features::dynamic_keys`]).
    #[inline]
    pub fn add_dynamic(
        &self,
        weights: &Weights,
        scores: &mut Scores,
        step: &Step,
        token: &TokenFacts,
        shape: &ShapeRows,
        word: &WordRows,
    ) {
        let (lower, short_shape) = (token.lower, token.short_shape);
        let (prev, prev2) = (step.prev as usize, step.prev2 as usize);
        match self
            .labels_before
            .get(prev * PREVIOUS_LABELS + prev2)
            .filter(|_| prev < PREVIOUS_LABELS && prev2 < PREVIOUS_LABELS)
        {
            Some(row) => add(scores, row),
            None => {
                match self.prev_tag.get(prev) {
                    Some(row) => add(scores, row),
                    None => weights.add_row(scores, features::prev_tag_key(step.prev)),
                }
                match self
                    .prev_two_tags
                    .get(prev * PREVIOUS_LABELS + prev2)
                    .filter(|_| prev2 < PREVIOUS_LABELS)
                {
                    Some(row) => add(scores, row),
                    None => {
                        weights.add_row(scores, features::prev_two_tags_key(step.prev, step.prev2))
                    }
                }
            }
        }
        match step.prev {
            OUTSIDE => add(scores, &word.after_outside),
            SENTENCE_START => add(scores, &word.after_start),
            _ => {
                let lower_key = match self.prev_tag_lower.get(prev) {
                    Some(&start) => features::prev_tag_lower_key_with(start, lower),
                    None => features::prev_tag_lower_key(step.prev, lower),
                };
                weights.add_row(scores, lower_key);
            }
        }
        match shape.prev_tag.get(prev) {
            Some(row) => add(scores, row),
            None => weights.add_row(scores, features::prev_tag_shape_key(step.prev, short_shape)),
        }
        let (history, history_next) = (step.history as usize, step.history_next as usize);
        match self
            .memories
            .get(history * MEMORIES + history_next)
            .filter(|_| history < MEMORIES && history_next < MEMORIES)
        {
            Some(row) => add(scores, row),
            None => {
                match self.history.get(history) {
                    Some(row) => add(scores, row),
                    None => weights.add_row(scores, features::history_key(step.history)),
                }
                match self.history_next.get(history_next) {
                    Some(row) => add(scores, row),
                    None => weights.add_row(scores, features::history_next_key(step.history_next)),
                }
            }
        }
        match shape.history.get(history) {
            Some(row) => add(scores, row),
            None => weights.add_row(
                scores,
                features::history_shape_key(step.history, short_shape),
            ),
        }
    }
}

impl Weights {
    /// Builds the table from float rows, dropping rows whose weights are all below `prune` in
    /// magnitude and quantising the rest.
    pub fn from_float_rows(
        rows: &[(u64, [f32; LABELS])],
        prune: f32,
        info: String,
        gazetteer: Gazetteer,
    ) -> Weights {
        let max = rows
            .iter()
            .flat_map(|(_, r)| r.iter())
            .fold(0f32, |m, &w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut keys = Vec::new();
        let mut values = Vec::new();
        for (key, row) in rows {
            if row.iter().all(|w| w.abs() < prune) {
                continue;
            }
            let quantised: Vec<i16> = row
                .iter()
                .map(|&w| (w / scale).round().clamp(-32767.0, 32767.0) as i16)
                .collect();
            if quantised.iter().all(|&q| q == 0) {
                continue;
            }
            keys.push(*key);
            values.extend(quantised);
        }
        let mut weights = Weights {
            row_count: keys.len(),
            keys: OnceLock::from(keys),
            later_rows: &[],
            table: Cow::Borrowed(&[]),
            scale,
            info,
            gazetteer,
            tables: Tables::default(),
            id: 0,
        };
        weights.index(&values);
        weights
    }

    /// Builds the open-addressing table from the rows' weights (`LABELS` per key, in the
    /// order of `keys`), and the tables of summed rows.
    fn index(&mut self, values: &[i16]) {
        let mut slots = table::empty(self.row_count);
        for (key, row) in self.keys().iter().zip(values.chunks_exact(LABELS)) {
            let mut weights = [0i16; LABELS];
            weights.copy_from_slice(row);
            table::insert(&mut slots, *key, &weights);
        }
        self.table = Cow::Owned(slots);
        self.finish_index();
    }

    /// The tables of summed rows and a new id, once the slots are filled.
    fn finish_index(&mut self) {
        self.tables = Tables::build(self);
        self.id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    }

    /// The table's bytes ([`table`]).
    #[cfg(test)]
    pub fn table_bytes(&self) -> &[u8] {
        &self.table
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.row_count
    }

    /// The keys of the rows, in file order.
    fn keys(&self) -> &[u64] {
        self.keys
            .get_or_init(|| keys_of_rows(self.later_rows, self.row_count))
    }

    /// The weights of `key`, if it has any.
    #[inline]
    pub fn row(&self, key: u64) -> Option<[i16; LABELS]> {
        table::find(&self.table, key).map(table::weights)
    }

    /// Adds the weights of `key`, if it has any, to `scores`.
    #[inline]
    pub fn add_row(&self, scores: &mut Scores, key: u64) {
        if let Some(row) = table::find(&self.table, key) {
            let (pairs, _) = row.as_chunks::<2>();
            for (s, &pair) in scores.iter_mut().zip(pairs) {
                *s += i32::from(i16::from_le_bytes(pair));
            }
        }
    }

    /// Every row as floats (for fine-tuning a model further).
    pub fn float_rows(&self) -> impl Iterator<Item = (u64, [f32; LABELS])> + '_ {
        self.keys().iter().map(|&key| {
            let mut row = [0f32; LABELS];
            let weights = self.row(key).unwrap_or_default();
            for (w, &q) in row.iter_mut().zip(&weights) {
                *w = f32::from(q) * self.scale;
            }
            (key, row)
        })
    }

    /// The model file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 + self.row_count * 16);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&MODEL_FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&FEATURE_SET_VERSION.to_le_bytes());
        out.extend_from_slice(&(LABELS as u32).to_le_bytes());
        out.extend_from_slice(&self.scale.to_le_bytes());
        out.extend_from_slice(&(self.info.len() as u32).to_le_bytes());
        out.extend_from_slice(self.info.as_bytes());
        self.gazetteer.write(&mut out);
        out.extend_from_slice(&(self.row_count as u32).to_le_bytes());
        for key in self.keys() {
            out.extend_from_slice(&key.to_le_bytes());
            let row = &self.row(*key).unwrap_or_default();
            let mask = row
                .iter()
                .enumerate()
                .filter(|(_, w)| **w != 0)
                .fold(0u32, |m, (l, _)| m | 1 << l);
            out.extend_from_slice(&mask.to_le_bytes());
            for &w in row.iter().filter(|w| **w != 0) {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
        let checksum = hash_bytes(CHECKSUM_SEED, &out);
        out.extend_from_slice(&checksum.to_le_bytes());
        out
    }

    /// Reads a model file's bytes, checking that they are whole and of this version.
    pub fn from_bytes(bytes: &[u8]) -> Result<Weights, ModelError> {
        Weights::read(bytes, Checksum::Verify, None)
    }

    /// [`Weights::from_bytes`] for the model bundled in the binary: without hashing every byte
    /// first (a test verifies its checksum; the hash took about a millisecond of every
    /// process's start), and with its table as `build.rs` built it (a test checks that it is
    /// the table read from the bytes), unless that table is missing or of another size. With
    /// that table, the rows are not read one by one: `build.rs` checked them all when it built
    /// it (else the table would be empty), and their keys are read when first needed. Every
    /// other check still applies.
    pub fn from_bundled_bytes(
        bytes: &'static [u8],
        built: &'static [u8],
    ) -> Result<Weights, ModelError> {
        Weights::read(bytes, Checksum::Trust, Some((bytes, built)))
    }

    /// Reads a model; `bundled` is the model's bytes again, as a static, with the table
    /// `build.rs` built from them.
    fn read(
        bytes: &[u8],
        checksum: Checksum,
        bundled: Option<(&'static [u8], &'static [u8])>,
    ) -> Result<Weights, ModelError> {
        if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
            return Err(ModelError::WrongFileType);
        }
        if bytes.len() < MAGIC.len() + 8 + 8 {
            return Err(ModelError::Truncated);
        }
        let (body, tail) = bytes.split_at(bytes.len() - 8);
        let mut stored = [0u8; 8];
        stored.copy_from_slice(tail);
        if checksum == Checksum::Verify
            && u64::from_le_bytes(stored) != hash_bytes(CHECKSUM_SEED, body)
        {
            return Err(ModelError::ChecksumMismatch);
        }
        let mut reader = Reader {
            bytes: body,
            at: MAGIC.len(),
        };
        let version = reader.u32()?;
        if version != MODEL_FORMAT_VERSION {
            return Err(ModelError::FormatVersion {
                found: version,
                expected: MODEL_FORMAT_VERSION,
            });
        }
        let features = reader.u32()?;
        if features != FEATURE_SET_VERSION {
            return Err(ModelError::FeatureSet {
                found: features,
                expected: FEATURE_SET_VERSION,
            });
        }
        let labels = reader.u32()?;
        if labels as usize != LABELS {
            return Err(ModelError::Labels {
                found: labels,
                expected: LABELS,
            });
        }
        let scale = f32::from_le_bytes(
            reader
                .take(4)?
                .try_into()
                .map_err(|_| ModelError::Truncated)?,
        );
        if !scale.is_finite() || scale <= 0.0 {
            return Err(ModelError::Corrupt("bad weight scale"));
        }
        let info_len = reader.u32()? as usize;
        let info = String::from_utf8(reader.take(info_len)?.to_vec())
            .map_err(|_| ModelError::Corrupt("info is not UTF-8"))?;
        let gazetteer = read_gazetteer(&mut reader)?;
        let rows = reader.u32()? as usize;
        // Each row takes at least 12 bytes, which bounds a corrupt count before allocating.
        if rows > reader.remaining() / 12 {
            return Err(ModelError::Corrupt("row count too large"));
        }
        // The table built with the binary, when it has the size this model's needs; otherwise
        // the rows go straight into a new table (sized from the row count), in file order as
        // `Weights::index` inserts them.
        let built = bundled.filter(|(_, t)| !t.is_empty() && t.len() == table::empty_len(rows));
        let (keys, later_rows, table) = match built {
            Some((bytes, built)) => {
                let later_rows = bytes
                    .get(reader.at..bytes.len() - 8)
                    .ok_or(ModelError::Truncated)?;
                (OnceLock::new(), later_rows, Cow::Borrowed(built))
            }
            None => {
                let (keys, slots) = read_rows(&mut reader, rows)?;
                (OnceLock::from(keys), &[][..], Cow::Owned(slots))
            }
        };
        let mut weights = Weights {
            keys,
            later_rows,
            row_count: rows,
            table,
            scale,
            info,
            gazetteer,
            tables: Tables::default(),
            id: 0,
        };
        weights.finish_index();
        Ok(weights)
    }
}

/// Reads `rows` rows and nothing after them: their keys in file order, and the table of them.
fn read_rows(reader: &mut Reader, rows: usize) -> Result<(Vec<u64>, Vec<u8>), ModelError> {
    let mut keys = Vec::with_capacity(rows);
    let mut slots = table::empty(rows);
    for _ in 0..rows {
        let key = u64::from_le_bytes(
            reader
                .take(8)?
                .try_into()
                .map_err(|_| ModelError::Truncated)?,
        );
        let mask = reader.u32()?;
        if mask >> LABELS != 0 {
            return Err(ModelError::Corrupt("bad label mask"));
        }
        let weights = reader.take(2 * mask.count_ones() as usize)?;
        let mut row = [0i16; LABELS];
        let mut labels = mask;
        for w in weights.chunks_exact(2) {
            let l = labels.trailing_zeros() as usize;
            labels &= labels - 1;
            row[l] = i16::from_le_bytes([w[0], w[1]]);
        }
        table::insert(&mut slots, key, &row);
        keys.push(key);
    }
    if reader.remaining() != 0 {
        return Err(ModelError::Corrupt("trailing bytes"));
    }
    Ok((keys, slots))
}

/// The keys of `count` rows in the model file's form (key, label mask, one weight per set
/// bit), which the caller has checked; a row cut short ends the list.
fn keys_of_rows(mut rows: &[u8], count: usize) -> Vec<u64> {
    let mut keys = Vec::with_capacity(count);
    while let Some((key, rest)) = rows.split_first_chunk::<8>()
        && let Some((mask, rest)) = rest.split_first_chunk::<4>()
        && keys.len() < count
    {
        keys.push(u64::from_le_bytes(*key));
        let weights = 2 * u32::from_le_bytes(*mask).count_ones() as usize;
        rows = rest.get(weights..).unwrap_or_default();
    }
    keys
}

/// Whether reading a model hashes its bytes against the stored checksum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Checksum {
    Verify,
    Trust,
}

/// Reads the name lists written by [`Gazetteer::write`].
fn read_gazetteer(reader: &mut Reader) -> Result<Gazetteer, ModelError> {
    let corrupt = ModelError::Corrupt;
    let classes = reader.u32()? as usize;
    if classes > 32 {
        return Err(corrupt("too many name lists"));
    }
    let mut gazetteer = Gazetteer::default();
    for _ in 0..classes {
        let len = reader.u32()? as usize;
        let name = String::from_utf8(reader.take(len)?.to_vec())
            .map_err(|_| corrupt("name list name is not UTF-8"))?;
        gazetteer.class_hashes.push(hash_bytes(42, name.as_bytes()));
        gazetteer.classes.push(name);
    }
    let entries = reader.u32()? as usize;
    if entries > reader.remaining() / 13 {
        return Err(corrupt("name list too long"));
    }
    gazetteer.reserve(entries);
    for _ in 0..entries {
        let b = reader.take(13)?;
        let key = u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]);
        let mask = u32::from_le_bytes([b[8], b[9], b[10], b[11]]);
        gazetteer.insert(key, mask, b[12]);
    }
    Ok(gazetteer)
}

/// A cursor over the model bytes that reports truncation instead of panicking.
struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl<'b> Reader<'b> {
    fn take(&mut self, n: usize) -> Result<&'b [u8], ModelError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or(ModelError::Truncated)?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn u32(&mut self) -> Result<u32, ModelError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn remaining(&self) -> usize {
        self.bytes.len() - self.at
    }
}
