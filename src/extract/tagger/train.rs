//! Training the tagger (averaged perceptron) and measuring it.
//!
//! Training data are [`Example`]s: a text and its entity spans. They come from gold JSON lines
//! (`{"id", "text", "entities": [{"start", "end", "label"}]}`, code point offsets, labels
//! PER/ORG/LOC/MISC; other labels are ignored) or from reviewed article files. Every text goes
//! through our own segmenter, and gold spans are aligned to its tokens, so the tagger learns on
//! exactly the tokens it sees at run time.

use std::path::Path;

use super::features::{self, DYNAMIC_KEYS, Prepared};
use super::model::Weights;
use super::{KeyMap, LABELS, OUTSIDE, Position, TYPES, Tagger, label, walk};
use crate::document::model::{Document, EntityType, Origin};
use crate::extract::segment::{self, Segmentation};
use crate::text::CharIndex;

/// One training or test text with its entity spans.
#[derive(Debug, Clone)]
pub struct Example {
    /// An identifier (the gold line's `id`, or the review file's path).
    pub id: String,
    /// The text.
    pub text: String,
    /// Entity spans in byte offsets, sorted, not overlapping.
    pub spans: Vec<(usize, usize, EntityType)>,
    /// How many times training visits this text per epoch.
    pub weight: u32,
}

/// The type of a gold label, `None` for labels that are not named entities of ours.
fn type_of_label(label: &str) -> Option<EntityType> {
    match label {
        "PER" | "PERSON" => Some(EntityType::Person),
        "ORG" => Some(EntityType::Org),
        "LOC" | "GPE" => Some(EntityType::Loc),
        "MISC" => Some(EntityType::Misc),
        _ => None,
    }
}

/// Sorts spans and drops any that overlap an earlier (or, at the same start, longer) one.
fn non_overlapping(mut spans: Vec<(usize, usize, EntityType)>) -> Vec<(usize, usize, EntityType)> {
    spans.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
    let mut kept: Vec<(usize, usize, EntityType)> = Vec::with_capacity(spans.len());
    for span in spans {
        if span.0 < span.1 && kept.last().is_none_or(|last| last.1 <= span.0) {
            kept.push(span);
        }
    }
    kept
}

/// Reads gold JSON lines; with `split`, lines whose `split` field differs are skipped (lines
/// without one are kept).
pub fn read_gold_jsonl(path: &Path, split: Option<&str>) -> Result<Vec<Example>, String> {
    let content = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut examples = Vec::new();
    for (n, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("{}:{}: {e}", path.display(), n + 1))?;
        if let Some(wanted) = split
            && value["split"].as_str().is_some_and(|s| s != wanted)
        {
            continue;
        }
        let text = value["text"]
            .as_str()
            .ok_or_else(|| format!("{}:{}: no \"text\"", path.display(), n + 1))?
            .to_string();
        let index = CharIndex::new(&text);
        let mut spans = Vec::new();
        for entity in value["entities"].as_array().into_iter().flatten() {
            let (Some(start), Some(end), Some(label)) = (
                entity["start"].as_u64(),
                entity["end"].as_u64(),
                entity["label"].as_str(),
            ) else {
                continue;
            };
            if let Some(t) = type_of_label(label) {
                spans.push((
                    index.byte_of_char(start as usize),
                    index.byte_of_char(end as usize),
                    t,
                ));
            }
        }
        let id = match &value["id"] {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => format!("{}:{}", path.display(), n + 1),
            other => other.to_string(),
        };
        examples.push(Example {
            id,
            text,
            spans: non_overlapping(spans),
            weight: 1,
        });
    }
    Ok(examples)
}

/// Reads a review file as training data.
///
/// A file counts as reviewed when a person touched it: an entity with origin `user`, or a
/// quote whose status is not `auto`. In a reviewed file every entity is taken as right (a
/// reviewer deletes or retypes wrong ones and adds missing ones), and every other token as
/// outside. A file nobody reviewed teaches nothing new and gives `Ok(None)`.
pub fn read_review(path: &Path) -> Result<Option<Example>, String> {
    let content = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let doc: Document = serde_json::from_str(&content)
        .map_err(|e| format!("{} is not a review file: {e}", path.display()))?;
    Ok(example_from_document(&doc, &path.display().to_string()))
}

/// The training example of a reviewed document, `None` when nobody reviewed it.
pub fn example_from_document(doc: &Document, id: &str) -> Option<Example> {
    let reviewed =
        doc.entities.iter().any(|e| e.origin == Origin::User) || doc.reviewed_count() > 0;
    if !reviewed {
        return None;
    }
    let index = CharIndex::new(&doc.text);
    let spans = doc
        .entities
        .iter()
        .flat_map(|e| {
            e.mentions.iter().map(|m| {
                (
                    index.byte_of_char(m.start),
                    index.byte_of_char(m.end),
                    e.entity_type,
                )
            })
        })
        .collect();
    Some(Example {
        id: id.to_string(),
        text: doc.text.clone(),
        spans: non_overlapping(spans),
        weight: 1,
    })
}

/// The BILOU label of every token, from byte spans; an entity cut by a sentence break becomes
/// one entity per sentence. Also returns how many spans do not start and end on token edges.
fn gold_labels(seg: &Segmentation, spans: &[(usize, usize, EntityType)]) -> (Vec<u8>, usize) {
    let tokens = &seg.tokens;
    let mut owner: Vec<Option<(usize, usize)>> = vec![None; tokens.len()];
    let mut misaligned = 0;
    let mut t = 0;
    for (n, &(start, end, entity_type)) in spans.iter().enumerate() {
        while t < tokens.len() && tokens[t].end <= start {
            t += 1;
        }
        let type_index = TYPES.iter().position(|&x| x == entity_type).unwrap_or(3);
        let mut k = t;
        let mut aligned_start = false;
        let mut aligned_end = false;
        while k < tokens.len() && tokens[k].start < end {
            aligned_start |= tokens[k].start == start;
            aligned_end |= tokens[k].end == end;
            owner[k] = Some((n, type_index));
            k += 1;
        }
        if !(aligned_start && aligned_end) {
            misaligned += 1;
        }
    }
    let mut labels = vec![OUTSIDE; tokens.len()];
    for sentence in &seg.sentences {
        let mut i = sentence.first_token;
        while i < sentence.end_token {
            let Some((n, t)) = owner[i] else {
                i += 1;
                continue;
            };
            let mut j = i;
            while j < sentence.end_token && owner[j] == Some((n, t)) {
                j += 1;
            }
            if j - i == 1 {
                labels[i] = label(t, Position::Unit);
            } else {
                labels[i] = label(t, Position::Begin);
                for l in &mut labels[i + 1..j - 1] {
                    *l = label(t, Position::Inside);
                }
                labels[j - 1] = label(t, Position::Last);
            }
            i = j;
        }
    }
    (labels, misaligned)
}

/// Settings of a training run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Passes over the data.
    pub epochs: usize,
    /// Seed of the order in which texts are visited.
    pub seed: u64,
    /// Features whose averaged weights are all smaller than this are dropped from the model.
    pub prune: f32,
    /// Recorded in the model file: what it was trained on.
    pub info: String,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            epochs: 10,
            seed: 1,
            prune: 0.05,
            info: String::new(),
        }
    }
}

/// A deterministic pseudo-random sequence (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// The perceptron's weights while training, with the sums needed to average them.
struct Perceptron {
    index: KeyMap<u32>,
    keys: Vec<u64>,
    /// Current weights, `LABELS` per row.
    weights: Vec<f32>,
    /// Sum over updates of (step × change), for the average.
    timed: Vec<f64>,
    /// Steps taken so far (starts at 1).
    step: f64,
}

impl Perceptron {
    fn new() -> Perceptron {
        Perceptron {
            index: KeyMap::default(),
            keys: Vec::new(),
            weights: Vec::new(),
            timed: Vec::new(),
            step: 1.0,
        }
    }

    fn from_weights(weights: &Weights) -> Perceptron {
        let mut p = Perceptron::new();
        for (key, row) in weights.float_rows() {
            let r = p.row_mut(key);
            p.weights[r * LABELS..(r + 1) * LABELS].copy_from_slice(&row);
        }
        p
    }

    fn row_mut(&mut self, key: u64) -> usize {
        let next = self.keys.len() as u32;
        let row = *self.index.entry(key).or_insert(next);
        if row == next {
            self.keys.push(key);
            self.weights.extend([0.0; LABELS]);
            self.timed.extend([0.0; LABELS]);
        }
        row as usize
    }

    fn scores(&self, keys: &[u64], dynamic: &[u64; DYNAMIC_KEYS]) -> [f32; LABELS] {
        let mut scores = [0f32; LABELS];
        for key in keys.iter().chain(dynamic.iter()) {
            if let Some(&row) = self.index.get(key) {
                let row = row as usize;
                for (s, w) in scores
                    .iter_mut()
                    .zip(&self.weights[row * LABELS..(row + 1) * LABELS])
                {
                    *s += w;
                }
            }
        }
        scores
    }

    fn update(&mut self, keys: &[u64], dynamic: &[u64; DYNAMIC_KEYS], gold: u8, guess: u8) {
        for &key in keys.iter().chain(dynamic.iter()) {
            let row = self.row_mut(key);
            for (l, delta) in [(gold, 1.0f32), (guess, -1.0)] {
                let at = row * LABELS + l as usize;
                self.weights[at] += delta;
                self.timed[at] += self.step * f64::from(delta);
            }
        }
    }

    fn averaged(&self, prune: f32, info: String) -> Weights {
        let rows: Vec<(u64, [f32; LABELS])> = self
            .keys
            .iter()
            .enumerate()
            .map(|(r, &key)| {
                let mut row = [0f32; LABELS];
                for (l, w) in row.iter_mut().enumerate() {
                    let at = r * LABELS + l;
                    *w = (f64::from(self.weights[at]) - self.timed[at] / self.step) as f32;
                }
                (key, row)
            })
            .collect();
        Weights::from_float_rows(&rows, prune, info)
    }
}

/// A text ready for training: its features and gold labels.
struct Prepped {
    prepared: Prepared,
    gold: Vec<u8>,
    weight: u32,
}

/// Trains a tagger on `examples`. With `base`, training starts from its weights (fine-tuning);
/// `report` receives a line per epoch, and `dev` (if not empty) is measured after each epoch.
pub fn train(
    examples: &[Example],
    base: Option<&Tagger>,
    options: &Options,
    dev: &[Example],
    report: &mut dyn FnMut(&str),
) -> Tagger {
    let mut misaligned = 0;
    let mut total_spans = 0;
    let mut tokens = 0;
    let docs: Vec<Prepped> = examples
        .iter()
        .map(|ex| {
            let seg = segment::segment(&ex.text);
            let (gold, bad) = gold_labels(&seg, &ex.spans);
            misaligned += bad;
            total_spans += ex.spans.len();
            tokens += seg.tokens.len();
            Prepped {
                prepared: features::prepare(&ex.text, &seg),
                gold,
                weight: ex.weight,
            }
        })
        .collect();
    report(&format!(
        "{} texts, {tokens} tokens, {total_spans} entities ({misaligned} not on token edges)",
        docs.len()
    ));
    let mut perceptron =
        base.map_or_else(Perceptron::new, |b| Perceptron::from_weights(&b.weights));
    let mut order: Vec<usize> = docs
        .iter()
        .enumerate()
        .flat_map(|(i, d)| std::iter::repeat_n(i, d.weight as usize))
        .collect();
    let mut rng = Rng(options.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    for epoch in 1..=options.epochs {
        rng.shuffle(&mut order);
        let mut mistakes = 0usize;
        let mut seen = 0usize;
        for &d in &order {
            let doc = &docs[d];
            walk(&doc.prepared, |i, keys, dynamic, allowed| {
                let scores = perceptron.scores(keys, dynamic);
                let guess = super::best_allowed(&scores, allowed);
                let gold = doc.gold[i];
                if guess != gold {
                    perceptron.update(keys, dynamic, gold, guess);
                    mistakes += 1;
                }
                seen += 1;
                perceptron.step += 1.0;
                guess
            });
        }
        let mut line = format!(
            "epoch {epoch}: {:.2}% tokens wrong, {} features",
            100.0 * mistakes as f64 / seen.max(1) as f64,
            perceptron.keys.len()
        );
        if !dev.is_empty() && (epoch == options.epochs || epoch % 2 == 0) {
            let tagger = Tagger::from_weights(perceptron.averaged(options.prune, String::new()));
            let scores = evaluate(&tagger, dev);
            line.push_str(&format!(
                "; dev PER/ORG/LOC F1 {:.4}, all types {:.4}",
                scores.f1(&[EntityType::Person, EntityType::Org, EntityType::Loc]),
                scores.f1(&TYPES)
            ));
        }
        report(&line);
    }
    Tagger::from_weights(perceptron.averaged(options.prune, options.info.clone()))
}

/// Counts of exact-span matches per type: true positives, predicted, gold.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    /// `[true positives, predicted, gold]` for PERSON, ORG, LOC, MISC.
    pub counts: [[usize; 3]; 4],
}

impl Scores {
    /// Precision, recall and F1 over the given types (micro-averaged).
    pub fn prf(&self, types: &[EntityType]) -> (f64, f64, f64) {
        let mut sum = [0usize; 3];
        for t in types {
            let i = TYPES.iter().position(|x| x == t).unwrap_or(3);
            for (total, count) in sum.iter_mut().zip(self.counts[i]) {
                *total += count;
            }
        }
        let p = if sum[1] > 0 {
            sum[0] as f64 / sum[1] as f64
        } else {
            0.0
        };
        let r = if sum[2] > 0 {
            sum[0] as f64 / sum[2] as f64
        } else {
            0.0
        };
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (p, r, f)
    }

    /// Micro F1 over the given types.
    pub fn f1(&self, types: &[EntityType]) -> f64 {
        self.prf(types).2
    }
}

/// Tags every example and counts exact span-and-type matches against its gold spans.
pub fn evaluate(tagger: &Tagger, examples: &[Example]) -> Scores {
    let mut scores = Scores::default();
    for ex in examples {
        let seg = segment::segment(&ex.text);
        let predicted = tagger.spans(&ex.text, &seg);
        for (t, ty) in TYPES.iter().enumerate() {
            let gold: Vec<(usize, usize)> = ex
                .spans
                .iter()
                .filter(|s| s.2 == *ty)
                .map(|s| (s.0, s.1))
                .collect();
            let pred: Vec<(usize, usize)> = predicted
                .iter()
                .filter(|s| s.2 == *ty)
                .map(|s| (s.0, s.1))
                .collect();
            scores.counts[t][0] += pred.iter().filter(|p| gold.contains(p)).count();
            scores.counts[t][1] += pred.len();
            scores.counts[t][2] += gold.len();
        }
    }
    scores
}
