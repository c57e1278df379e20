//! Training the tagger (averaged perceptron) and measuring it.
//!
//! Training data are [`Example`]s: a text and its entity spans. They come from gold JSON lines
//! (`{"id", "text", "entities": [{"start", "end", "label"}]}`, code point offsets, labels
//! PER/ORG/LOC/MISC; other labels are ignored) or from reviewed article files. Every text goes
//! through our own segmenter, and gold spans are aligned to its tokens, so the tagger learns on
//! exactly the tokens it sees at run time.

use std::path::Path;

use super::features::{self, DYNAMIC_KEYS, Prepared};
use super::gazetteer::Gazetteer;
use super::model::Weights;
use super::{KeyMap, LABELS, OUTSIDE, Position, TYPES, Tagger, TaggerError, label, walk};
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
pub fn read_gold_jsonl(path: &Path, split: Option<&str>) -> Result<Vec<Example>, TaggerError> {
    let content = std::fs::read_to_string(path).map_err(|e| TaggerError::io("read", path, e))?;
    let mut examples = Vec::new();
    for (n, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value =
            serde_json::from_str(line).map_err(|source| TaggerError::GoldJson {
                path: path.to_path_buf(),
                line: n + 1,
                source,
            })?;
        if let Some(wanted) = split
            && value["split"].as_str().is_some_and(|s| s != wanted)
        {
            continue;
        }
        let text = value["text"]
            .as_str()
            .ok_or_else(|| TaggerError::GoldWithoutText {
                path: path.to_path_buf(),
                line: n + 1,
            })?
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
pub fn read_review(path: &Path) -> Result<Option<Example>, TaggerError> {
    let content = std::fs::read_to_string(path).map_err(|e| TaggerError::io("read", path, e))?;
    let doc: Document =
        serde_json::from_str(&content).map_err(|source| TaggerError::NotReviewFile {
            path: path.to_path_buf(),
            source,
        })?;
    Ok(example_from_document(&doc, &path.display().to_string()))
}

/// The training example of a reviewed document, `None` when nobody reviewed it.
pub fn example_from_document(doc: &Document, id: &str) -> Option<Example> {
    let reviewed =
        doc.entities.iter().any(|e| e.origin == Origin::User) || doc.reviewed_count() > 0;
    if !reviewed {
        return None;
    }
    let spans = doc.mention_byte_spans();
    Some(Example {
        id: id.to_string(),
        text: doc.text.clone(),
        spans: non_overlapping(spans),
        weight: 1,
    })
}

/// Tokens that attach to the word before them when pre-tokenised text is turned into prose.
fn attaches_left(token: &str) -> bool {
    matches!(
        token,
        "," | "."
            | ";"
            | ":"
            | "!"
            | "?"
            | ")"
            | "]"
            | "%"
            | "'s"
            | "n't"
            | "'re"
            | "'ve"
            | "'ll"
            | "'d"
            | "'m"
            | "'S"
    )
}

/// Title case for one word of an all-capitals headline: short words and acronyms with periods
/// stay as they are ("US", "U.S."), short function words go lowercase except at the start.
fn title_case(word: &str, first: bool) -> String {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 0 || letters <= 2 || word.contains('.') {
        return word.to_string();
    }
    let lower = word.to_lowercase();
    // Short function words go lowercase; longer ones ("With", "Over") stay capitalised, as in
    // most news styles.
    if !first && letters <= 3 && features::is_title_function_word(&lower) {
        return lower;
    }
    let mut chars = lower.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// True for CoNLL-style text: punctuation stands apart from the words ("a , b .").
pub fn looks_pretokenised(text: &str) -> bool {
    let commas = text.matches(", ").count();
    if commas > 0 {
        return text.matches(" , ").count() * 10 >= commas * 9;
    }
    !text.contains(". ") || text.contains(" . ") || text.contains(" .\n") || text.ends_with(" .")
}

/// The same text as a web article would print it: CoNLL-style pre-tokenised lines ("tokens
/// joined by spaces, one sentence a line, headlines in capitals") become prose with
/// punctuation attached, curly quotes, title-case headlines and paragraphs of up to three
/// sentences. Spans are carried over; spans that do not survive are dropped. Training on both
/// forms makes the tagger as good on raw articles as on CoNLL's form.
pub fn raw_variant(example: &Example) -> Example {
    let text = &example.text;
    let mut out = String::with_capacity(text.len());
    // Old byte offset of a token edge -> new byte offset.
    let mut moved: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    let lines: Vec<(usize, &str)> = {
        let mut at = 0;
        text.split('\n')
            .map(|line| {
                let item = (at, line);
                at += line.len() + 1;
                item
            })
            .collect()
    };
    let mut sentences_in_paragraph = 0;
    for (n, &(line_start, line)) in lines.iter().enumerate() {
        let tokens: Vec<(usize, &str)> = {
            let mut at = line_start;
            line.split(' ')
                .map(|t| {
                    let item = (at, t);
                    at += t.len() + 1;
                    item
                })
                .filter(|(_, t)| !t.is_empty())
                .collect()
        };
        let alpha: Vec<&str> = tokens
            .iter()
            .map(|&(_, t)| t)
            .filter(|t| t.chars().any(char::is_alphabetic))
            .collect();
        let headline = alpha.len() >= 2 && alpha.iter().all(|t| !t.chars().any(char::is_lowercase));
        let mut quote_open = false;
        let mut glue_next = true;
        for (k, &(start, token)) in tokens.iter().enumerate() {
            let shown = if token == "\"" {
                quote_open = !quote_open;
                if quote_open {
                    "“".to_string()
                } else {
                    "”".to_string()
                }
            } else if token == "``" {
                "“".to_string()
            } else if token == "''" {
                "”".to_string()
            } else if headline {
                title_case(token, k == 0)
            } else {
                token.to_string()
            };
            let closing = shown == "”";
            if !glue_next && !attaches_left(token) && !closing {
                out.push(' ');
            }
            moved.insert(start, out.len());
            out.push_str(&shown);
            moved.insert(start + token.len(), out.len());
            glue_next = shown == "“" || token == "(" || token == "[";
        }
        if n + 1 < lines.len() {
            let ends_sentence = line.trim_end().ends_with(['.', '?', '!', '"']);
            let next_starts = lines[n + 1]
                .1
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c == '"');
            if n >= 2 && !headline && ends_sentence && next_starts && sentences_in_paragraph < 2 {
                out.push(' ');
                sentences_in_paragraph += 1;
            } else {
                out.push('\n');
                sentences_in_paragraph = 0;
            }
        }
    }
    let spans = example
        .spans
        .iter()
        .filter_map(|&(s, e, t)| Some((*moved.get(&s)?, *moved.get(&e)?, t)))
        .collect();
    Example {
        id: format!("{} (as prose)", example.id),
        text: out,
        spans: non_overlapping(spans),
        weight: example.weight,
    }
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
    /// Percentage of capitalised training tokens seen without their word identity.
    pub word_dropout: u8,
    /// Name lists to train with: `(class, file, column)`. Empty: keep the base model's lists
    /// when fine-tuning, else train without lists.
    pub lists: Vec<(String, std::path::PathBuf, usize)>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            epochs: 10,
            seed: 1,
            prune: 0.05,
            info: String::new(),
            lists: Vec::new(),
            word_dropout: 0,
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

    fn averaged(&self, prune: f32, info: String, gazetteer: &Gazetteer) -> Weights {
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
        Weights::from_float_rows(&rows, prune, info, gazetteer.clone())
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
) -> Result<Tagger, TaggerError> {
    let mut gazetteer = base
        .map(|b| b.weights.gazetteer.clone())
        .unwrap_or_default();
    if !options.lists.is_empty() {
        gazetteer = Gazetteer::default();
        for (class, path, column) in &options.lists {
            let added = gazetteer.add_file(class, path, *column)?;
            report(&format!(
                "name list {class}: {added} names from {}",
                path.display()
            ));
        }
    }
    if !options.lists.is_empty() || base.is_none() {
        // Words that are usually written in lowercase: a capitalised one at the start of a
        // sentence or in a headline is then rarely a name. Learnt from the training texts and
        // kept as hashes in the model, like the weights.
        // (lowercase uses, other uses, uses as the first word of a name)
        let mut counts: KeyMap<(u32, u32, u32)> = KeyMap::default();
        for ex in examples {
            let mut spans = ex.spans.iter().peekable();
            for t in segment::tokenize(&ex.text) {
                while spans.peek().is_some_and(|s| s.0 < t.start) {
                    spans.next();
                }
                let word = t.text(&ex.text);
                if !word.chars().all(char::is_alphabetic) {
                    continue;
                }
                let entry = counts.entry(super::gazetteer::token_key(word)).or_default();
                if word.chars().all(char::is_lowercase) {
                    entry.0 += 1;
                } else {
                    entry.1 += 1;
                }
                if spans.peek().is_some_and(|s| s.0 == t.start) {
                    entry.2 += 1;
                }
            }
        }
        let mut common = 0;
        let mut never_first = 0;
        for (&key, &(lower, other, first)) in &counts {
            if lower >= 3 && lower >= 3 * other {
                gazetteer.add_token_key(super::gazetteer::COMMON_LOWERCASE_CLASS, key);
                common += 1;
                if lower >= 10 && first * 100 <= lower + other {
                    gazetteer.add_token_key(super::gazetteer::NEVER_FIRST_CLASS, key);
                    never_first += 1;
                }
            }
        }
        report(&format!(
            "{common} words usually in lowercase, {never_first} of them (almost) never start a name"
        ));
    }
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
                prepared: features::prepare(&ex.text, &seg, &gazetteer),
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
            let mut kept: Vec<u64> = Vec::with_capacity(64);
            walk(&doc.prepared, |i, keys, dynamic, allowed| {
                // Word dropout: now and then a capitalised word is seen without its identity,
                // so the model also learns to recognise names it has never seen by their shape,
                // context and the name lists.
                let mut dynamic = *dynamic;
                let keys = if doc.prepared.facts[i].capitalised
                    && options.word_dropout > 0
                    && rng.next() % 100 < u64::from(options.word_dropout)
                {
                    kept.clear();
                    kept.push(keys[0]);
                    kept.extend_from_slice(&keys[features::WORD_IDENTITY_KEYS..]);
                    dynamic[features::DYNAMIC_WORD_KEY] = 0;
                    &kept[..]
                } else {
                    keys
                };
                let scores = perceptron.scores(keys, &dynamic);
                let guess = super::best_allowed(&scores, allowed);
                let gold = doc.gold[i];
                if guess != gold {
                    mistakes += 1;
                    // A gold label the constraints rule out cannot be learnt; updating towards
                    // it would only add noise.
                    if allowed & (1 << gold) != 0 {
                        perceptron.update(keys, &dynamic, gold, guess);
                    }
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
            let tagger =
                Tagger::from_weights(perceptron.averaged(options.prune, String::new(), &gazetteer));
            let scores = evaluate(&tagger, dev);
            line.push_str(&format!(
                "; dev PER/ORG/LOC F1 {:.4}, all types {:.4}",
                scores.f1(&[EntityType::Person, EntityType::Org, EntityType::Loc]),
                scores.f1(&TYPES)
            ));
        }
        report(&line);
    }
    Ok(Tagger::from_weights(perceptron.averaged(
        options.prune,
        options.info.clone(),
        &gazetteer,
    )))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_copy_attaches_punctuation_and_keeps_spans() {
        let text = "PEACE TALKS RESUME IN OSLO .\n\" We are ready , \" said Anna Berg 's aide .";
        let oslo = text.find("OSLO").unwrap_or(0);
        let anna = text.find("Anna Berg").unwrap_or(0);
        let example = Example {
            id: "x".into(),
            text: text.into(),
            spans: vec![
                (oslo, oslo + 4, EntityType::Loc),
                (anna, anna + 9, EntityType::Person),
            ],
            weight: 1,
        };
        assert!(looks_pretokenised(text));
        let prose = raw_variant(&example);
        assert_eq!(
            prose.text,
            // Two-letter words stay as they are, since most are acronyms ("US", "UN").
            "Peace Talks Resume IN Oslo.\n“We are ready,” said Anna Berg's aide."
        );
        let covered: Vec<&str> = prose.spans.iter().map(|s| &prose.text[s.0..s.1]).collect();
        assert_eq!(covered, vec!["Oslo", "Anna Berg"]);
        assert!(!looks_pretokenised("We are ready, said Anna Berg's aide."));
    }

    #[test]
    fn gold_spans_become_bilou_labels_per_sentence() {
        let text = "Anna Berg met IBM staff.";
        let seg = segment::segment(text);
        let spans = [(0, 9, EntityType::Person), (14, 17, EntityType::Org)];
        let (labels, misaligned) = gold_labels(&seg, &spans);
        assert_eq!(misaligned, 0);
        assert_eq!(
            labels,
            vec![
                label(0, Position::Begin),
                label(0, Position::Last),
                OUTSIDE,
                label(1, Position::Unit),
                OUTSIDE,
                OUTSIDE
            ]
        );
    }
}
