//! Training the attribution model from gold attributions (PolNeAR-style JSON lines, or reviewed
//! articles), deterministically for a seed.
//!
//! 1. Every text runs through the engine once (tokens, entities, the rules' candidates).
//! 2. Cross-fitting: the texts are split into five folds; stages trained on the other four propose
//!    candidates on each, so the stacker learns how far the stages are to be trusted on
//!    text they never saw.
//! 3. The stacker (logistic regression) is trained on those proposals, labelled right when the
//!    scorer would count them right (content overlap 0.3 and the speaker mention overlapping the
//!    gold one, or both without speaker); its threshold maximises attribution F1 on them.
//! 4. The stages are trained again on every text, and stored with the stacker.

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;

use super::super::attribution::Candidate;
use super::super::doc::Doc;
use super::super::{candidates, marks};
use super::features::Ctx;
use super::linear::{Features, Rng, Table, Trainer, key, tpl};
use super::{
    AttributionModel, Proposal, decode_source, decode_span, overlap_ratio, select, span_window,
};
use crate::extract::{Analysis, Extractor};
use crate::text::CharIndex;

/// log2 of the stage table size.
const STAGE_BITS: u32 = 20;
/// log2 of the stacker table size.
const STACK_BITS: u32 = 16;

/// One gold attribution, in byte offsets.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldQuote {
    /// Content (for direct quotes including the marks, as PolNeAR has it).
    pub content: (usize, usize),
    /// The source span, when there is one.
    pub speaker: Option<(usize, usize)>,
    /// The cue span, when there is one.
    pub cue: Option<(usize, usize)>,
}

/// A text with its gold attributions.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldText {
    /// Identifier (for messages).
    pub id: String,
    /// The text.
    pub text: String,
    /// Its attributions.
    pub quotes: Vec<GoldQuote>,
    /// How many times it counts in each pass.
    pub weight: u32,
}

/// Reads PolNeAR-style gold JSON lines (`{"id", "text", "quotes": [{"start", "end",
/// "speaker_start", "speaker_end", "cue_start", "cue_end"}]}`, code point offsets).
pub fn read_gold_jsonl(path: &Path) -> Result<Vec<GoldText>, String> {
    let content = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let where_ = || format!("{}:{}", path.display(), n + 1);
        let value: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("{}: {e}", where_()))?;
        let text = value["text"]
            .as_str()
            .ok_or_else(|| format!("{}: no \"text\"", where_()))?
            .to_string();
        let index = CharIndex::new(&text);
        let chars = index.char_len();
        let span = |q: &serde_json::Value, s: &str, e: &str| -> Option<(usize, usize)> {
            let (a, b) = (q[s].as_u64()? as usize, q[e].as_u64()? as usize);
            (a < b && b <= chars).then(|| (index.byte_of_char(a), index.byte_of_char(b)))
        };
        let mut quotes = Vec::new();
        for q in value["quotes"].as_array().into_iter().flatten() {
            let Some(content) = span(q, "start", "end") else {
                continue;
            };
            quotes.push(GoldQuote {
                content,
                speaker: span(q, "speaker_start", "speaker_end"),
                cue: span(q, "cue_start", "cue_end"),
            });
        }
        out.push(GoldText {
            id: value["id"].as_str().map_or_else(where_, str::to_string),
            text,
            quotes,
            weight: 1,
        });
    }
    Ok(out)
}

/// How to train.
#[derive(Debug, Clone)]
pub struct Options {
    /// Passes over the data for each stage.
    pub epochs: usize,
    /// Seed for the text order and the folds.
    pub seed: u64,
    /// Cross-fitting folds for the stacker's training data.
    pub folds: usize,
    /// Cue score above which the model proposes a cue (below the perceptron's own boundary,
    /// 0, so that the stacker sees the near misses too).
    pub cue_min: f32,
    /// Written into the model.
    pub info: String,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            epochs: 6,
            seed: 1,
            folds: 5,
            cue_min: -1.0,
            info: String::new(),
        }
    }
}

/// A text after the engine: the analysis, the rules' token view and candidates.
struct Prepared<'t> {
    analysis: Analysis<'t>,
}

/// Every text through the engine's tagger and entity rules, in parallel (the order is kept).
fn prepare<'t>(texts: &'t [GoldText], extractor: &Extractor) -> Vec<Prepared<'t>> {
    texts
        .par_iter()
        .map(|t| {
            let mut analysis = Analysis::new(&t.text);
            extractor.tagger().tag(&mut analysis);
            crate::extract::entities::resolve(&mut analysis);
            Prepared { analysis }
        })
        .collect()
}

/// The quote rules' token view of each prepared text.
fn docs_of<'p>(prepared: &'p [Prepared]) -> Vec<Doc<'p>> {
    prepared
        .iter()
        .map(|p| {
            let a = &p.analysis;
            let marked = marks::find(a.text, &a.seg.paragraphs);
            Doc::with_word_ids(a.text, &a.seg, &a.word_ids, marked)
        })
        .collect()
}

/// The model's context of each text: its token view, entity mentions and rule candidates.
fn ctxs_of<'d, 'a>(
    docs: &'d [Doc<'a>],
    prepared: &[Prepared],
    rules: &'d [Vec<Candidate>],
) -> Vec<Ctx<'d, 'a>> {
    docs.iter()
        .zip(prepared)
        .zip(rules)
        .map(|((d, p), r)| Ctx::new(d, &p.analysis.mentions, r))
        .collect()
}

/// Cue tokens, content tokens and source bytes of one gold attribution.
type GoldItem = ((usize, usize), (usize, usize), Option<(usize, usize)>);

/// Gold in token terms for one text.
struct TokenGold {
    /// Per token: part of a gold cue.
    cue: Vec<bool>,
    /// Token ranges of the gold cues.
    cues: Vec<(usize, usize)>,
    /// The attributions usable for the span and source stages.
    items: Vec<GoldItem>,
}

fn token_gold(doc: &Doc, gold: &GoldText) -> TokenGold {
    let n = doc.len();
    let mut cue = vec![false; n];
    let mut cues = Vec::new();
    let mut items = Vec::new();
    let tokens_of = |(s, e): (usize, usize)| -> (usize, usize) {
        let a = doc.token_at(s);
        let mut b = a;
        while b < n && doc.tok(b).start < e {
            b += 1;
        }
        (a, b)
    };
    for q in &gold.quotes {
        let Some(c) = q.cue else { continue };
        let (a, b) = tokens_of(c);
        if a >= b {
            continue;
        }
        for flag in &mut cue[a..b] {
            *flag = true;
        }
        cues.push((a, b));
        let (s, e) = tokens_of(q.content);
        if s >= e || doc.info[s].paragraph != doc.info[a].paragraph {
            continue;
        }
        let (lo, hi) = span_window(doc, (a, b));
        if doc.info[e - 1].paragraph != doc.info[a].paragraph
            || s < lo
            || e > hi
            || (a..b).contains(&s)
            || (a..b).contains(&(e - 1))
        {
            continue;
        }
        items.push(((a, b), (s, e), q.speaker));
    }
    TokenGold { cue, cues, items }
}

/// Whether a candidate is right as the scorer counts it.
fn is_right(doc: &Doc, p: &Proposal, gold: &GoldText) -> bool {
    let content = (p.cand.start(), p.cand.end());
    let speaker = p.cand.speaker.map(|(a, b)| doc.bytes(a, b));
    gold.quotes.iter().any(|g| {
        overlap_ratio(content, g.content) >= 0.3
            && match (g.speaker, speaker) {
                (None, None) => true,
                (Some(x), Some(y)) => x.0 < y.1 && y.0 < x.1,
                _ => false,
            }
    })
}

/// The cue vocabulary: words that were part of a gold cue at least twice and in at least 2% of
/// their occurrences; and its heads, those in at least 5% (see [`AttributionModel`]'s
/// `heads`: on polnear-train they hold 20% of the words and start 96.6% of the cues, the
/// vocabulary 36% and 97.9%).
fn vocabulary(
    ctxs: &[Ctx],
    golds: &[TokenGold],
    texts: &[usize],
) -> (super::KeySet, super::KeySet) {
    let mut counts: HashMap<&str, (u32, u32)> = HashMap::new();
    for &t in texts {
        let ctx = &ctxs[t];
        for i in 0..ctx.doc.len() {
            let e = counts.entry(ctx.lower(i)).or_default();
            e.0 += 1;
            if golds[t].cue[i] {
                e.1 += 1;
            }
        }
    }
    let mut vocab = super::KeySet::default();
    let mut heads = super::KeySet::default();
    for (w, (all, cue)) in counts {
        if cue >= 2 && cue * 50 >= all {
            vocab.insert(key(tpl!("v"), w));
            if cue * 20 >= all {
                heads.insert(key(tpl!("v"), w));
            }
        }
    }
    (vocab, heads)
}

/// Trains the three stages on `texts` (indices), starting from `start` weights.
fn train_stages(
    ctxs: &[Ctx],
    golds: &[TokenGold],
    weights: &[u32],
    texts: &[usize],
    (vocab, heads): (super::KeySet, super::KeySet),
    start: Table,
    options: &Options,
) -> AttributionModel {
    let mut model = AttributionModel {
        stages: Table::zeros(1),
        stacker: Table::zeros(STACK_BITS),
        vocab,
        heads,
        cue_min: options.cue_min,
        threshold: 0.5,
        info: String::new(),
        cue_tables: Default::default(),
    };
    let mut trainer = Trainer::new(start);
    let mut rng = Rng::new(options.seed);
    let mut order: Vec<usize> = texts
        .iter()
        .flat_map(|&t| std::iter::repeat_n(t, weights[t] as usize))
        .collect();
    let mut f = Features::new(false);
    let mut g = Features::new(false);
    for _ in 0..options.epochs {
        rng.shuffle(&mut order);
        for &t in &order {
            let ctx = &ctxs[t];
            let gold = &golds[t];
            // Cue tagger.
            for (i, &y) in gold.cue.iter().enumerate() {
                if !model.is_cue_candidate(ctx, i) {
                    continue;
                }
                f.clear();
                ctx.cue_features(i, &mut f);
                let score = trainer.table.score(&f.keys);
                if (score > 0.0) != y {
                    trainer.update(&f.keys, if y { 1.0 } else { -1.0 });
                }
                trainer.tick();
            }
            for &(cue, content, speaker) in &gold.items {
                let head = ctx.lower(cue.0);
                // Content span.
                if let Some((pred, _)) = decode_span(&trainer.table, ctx, cue, head, None)
                    && pred != content
                {
                    span_update(&mut trainer, ctx, cue, head, content, 1.0, &mut g);
                    span_update(&mut trainer, ctx, cue, head, pred, -1.0, &mut g);
                }
                trainer.tick();
                // Source.
                let (pred, _) = decode_source(&trainer.table, ctx, cue, content, head, None);
                let target = match speaker {
                    None => Some(None),
                    Some((x, y)) => super::source_range(ctx.doc, cue)
                        .filter(|&j| {
                            let tok = ctx.doc.tok(j);
                            ctx.doc.info[j].word
                                && !ctx.doc.info[j].mark
                                && !(cue.0..cue.1).contains(&j)
                                && tok.start < y
                                && x < tok.end
                        })
                        .map(|j| {
                            g.clear();
                            ctx.source_features(j, cue, content, head, &mut g);
                            (j, trainer.table.score(&g.keys))
                        })
                        .max_by(|p, q| p.1.total_cmp(&q.1).then(q.0.cmp(&p.0)))
                        .map(|(j, _)| Some(j)),
                };
                if let Some(target) = target
                    && target != pred
                {
                    source_update(&mut trainer, ctx, cue, content, head, target, 1.0, &mut g);
                    source_update(&mut trainer, ctx, cue, content, head, pred, -1.0, &mut g);
                }
                trainer.tick();
            }
        }
    }
    model.stages = trainer.averaged();
    model
}

fn span_update(
    trainer: &mut Trainer,
    ctx: &Ctx,
    cue: (usize, usize),
    head: &str,
    (s, e): (usize, usize),
    delta: f32,
    f: &mut Features,
) {
    f.clear();
    ctx.start_features(s, cue, head, f);
    ctx.end_features(e - 1, cue, head, f);
    for t in s..=e - 1 {
        ctx.inside_features(t, cue, f);
    }
    trainer.update(&f.keys, delta);
}

#[allow(clippy::too_many_arguments)]
fn source_update(
    trainer: &mut Trainer,
    ctx: &Ctx,
    cue: (usize, usize),
    content: (usize, usize),
    head: &str,
    source: Option<usize>,
    delta: f32,
    f: &mut Features,
) {
    f.clear();
    match source {
        None => ctx.null_features(cue, head, f),
        Some(j) => ctx.source_features(j, cue, content, head, f),
    }
    trainer.update(&f.keys, delta);
}

/// How well each stage does on held-out texts: cue tokens P/R/F1, content overlap >= 0.3 given
/// the gold cue, source right given the gold cue and content.
fn stage_report(
    model: &AttributionModel,
    ctxs: &[Ctx],
    golds: &[TokenGold],
    held: &[usize],
) -> String {
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let (mut spans, mut span_ok, mut src_ok) = (0usize, 0usize, 0usize);
    for &t in held {
        let ctx = &ctxs[t];
        let gold = &golds[t];
        let scores = model.cue_scores(ctx);
        // Cue level: a gold cue is found when one of its tokens scores above the bar; a
        // predicted cue is a run of tokens above it.
        let mut i = 0;
        while i < scores.len() {
            if scores[i] > model.cue_min {
                let a = i;
                while i < scores.len() && scores[i] > model.cue_min {
                    i += 1;
                }
                if (a..i).any(|k| gold.cue[k]) {
                    tp += 1;
                } else {
                    fp += 1;
                }
            } else {
                i += 1;
            }
        }
        for &(a, b) in &gold.cues {
            if !(a..b).any(|k| scores[k] > model.cue_min) {
                fn_ += 1;
            }
        }
        for &(cue, content, speaker) in &gold.items {
            let head = ctx.lower(cue.0);
            spans += 1;
            if let Some((pred, _)) = decode_span(&model.stages, ctx, cue, head, None) {
                let o = pred.1.min(content.1).saturating_sub(pred.0.max(content.0));
                if o as f32 / (pred.1 - pred.0).max(content.1 - content.0) as f32 >= 0.3 {
                    span_ok += 1;
                }
            }
            let (pred, _) = decode_source(&model.stages, ctx, cue, content, head, None);
            let ok = match (pred, speaker) {
                (None, None) => true,
                (Some(j), Some((x, y))) => {
                    let (a, b) = super::speaker_range(ctx, j);
                    let (bs, be) = ctx.doc.bytes(a, b);
                    bs < y && x < be
                }
                _ => false,
            };
            src_ok += usize::from(ok);
        }
    }
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fn_).max(1) as f64;
    format!(
        "held-out stages: cues P/R/F1 {p:.3}/{r:.3}/{:.3}; content given gold cue {:.3}; source given gold cue and content {:.3} ({spans} attributions)",
        2.0 * p * r / (p + r).max(1e-9),
        span_ok as f64 / spans.max(1) as f64,
        src_ok as f64 / spans.max(1) as f64
    )
}

/// Why no candidate got a gold attribution right (see [`miss_kind`]).
const MISS_KINDS: [&str; 6] = [
    "no gold cue",
    "cue never scored",
    "cue below the bar",
    "content wrong",
    "source wrong",
    "other",
];

/// Which of [`MISS_KINDS`] explains that no candidate of `all` gets gold attribution `g` right.
fn miss_kind(doc: &Doc, scores: &[f32], cue_min: f32, all: &[Proposal], g: &GoldQuote) -> usize {
    let Some((cs, ce)) = g.cue else { return 0 };
    let a = doc.token_at(cs);
    let mut b = a;
    while b < doc.len() && doc.tok(b).start < ce {
        b += 1;
    }
    let on_cue = |p: &&Proposal| p.cand.cue.is_some_and(|(x, y)| x < b && a < y);
    let candidates: Vec<&Proposal> = all.iter().filter(on_cue).collect();
    if candidates.is_empty() {
        if (a..b).all(|k| scores.get(k).is_none_or(|s| s.is_nan())) {
            return 1;
        }
        if (a..b).all(|k| scores.get(k).is_none_or(|&s| s.is_nan() || s <= cue_min)) {
            return 2;
        }
        return 5;
    }
    if candidates
        .iter()
        .all(|p| overlap_ratio((p.cand.start(), p.cand.end()), g.content) < 0.3)
    {
        return 3;
    }
    4
}

/// One stacker example: features and label.
struct StackExample {
    keys: Vec<u64>,
    right: bool,
    text: usize,
    proposal: usize,
}

/// Logistic regression by stochastic gradient descent, deterministic for a seed.
fn train_stacker(examples: &[StackExample], seed: u64) -> Table {
    train_stacker_from(Table::zeros(STACK_BITS), examples, seed, 12)
}

/// [`train_stacker`] from given weights, for `epochs` passes.
fn train_stacker_from(
    mut table: Table,
    examples: &[StackExample],
    seed: u64,
    epochs: usize,
) -> Table {
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = Rng::new(seed ^ 0x57ac);
    let mask = (1usize << table.bits) - 1;
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        let rate = 0.1 / (1.0 + epoch as f32);
        for &i in &order {
            let x = &examples[i];
            let p = super::sigmoid(table.score(&x.keys));
            let grad = (if x.right { 1.0 } else { 0.0 }) - p;
            for &k in &x.keys {
                let w = &mut table.w[(k as usize) & mask];
                *w += rate * (grad - 1e-5 * *w);
            }
        }
    }
    table
}

/// Greedy one-to-one matching of the chosen candidates with the gold, as the scorer does:
/// (right attributions, predictions, gold).
fn attribution_counts(doc: &Doc, chosen: &[&Proposal], gold: &GoldText) -> (usize, usize, usize) {
    let mut pairs = Vec::new();
    for (gi, g) in gold.quotes.iter().enumerate() {
        for (pi, p) in chosen.iter().enumerate() {
            let r = overlap_ratio((p.cand.start(), p.cand.end()), g.content);
            if r >= 0.3 {
                pairs.push((r, gi, pi));
            }
        }
    }
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0));
    let mut used_g = vec![false; gold.quotes.len()];
    let mut used_p = vec![false; chosen.len()];
    let mut right = 0;
    for (_, gi, pi) in pairs {
        if used_g[gi] || used_p[pi] {
            continue;
        }
        used_g[gi] = true;
        used_p[pi] = true;
        let speaker = chosen[pi].cand.speaker.map(|(a, b)| doc.bytes(a, b));
        let ok = match (gold.quotes[gi].speaker, speaker) {
            (None, None) => true,
            (Some(x), Some(y)) => x.0 < y.1 && y.0 < x.1,
            _ => false,
        };
        right += usize::from(ok);
    }
    (right, chosen.len(), gold.quotes.len())
}

/// Trains a model on `texts`; `report` hears about progress.
pub fn train(
    texts: &[GoldText],
    extractor: &Extractor,
    options: &Options,
    report: &mut dyn FnMut(&str),
) -> Result<AttributionModel, String> {
    if texts.is_empty() {
        return Err("train --attribution: no texts to train on".into());
    }
    let prepared = prepare(texts, extractor);
    let docs = docs_of(&prepared);
    let rules: Vec<Vec<_>> = docs.iter().map(candidates).collect();
    let ctxs = ctxs_of(&docs, &prepared, &rules);
    let golds: Vec<TokenGold> = docs
        .iter()
        .zip(texts)
        .map(|(d, g)| token_gold(d, g))
        .collect();
    let weights: Vec<u32> = texts.iter().map(|t| t.weight.max(1)).collect();
    report(&format!("{} texts prepared", texts.len()));

    // Cross-fitted proposals for the stacker.
    let mut fold_of: Vec<usize> = (0..texts.len()).map(|i| i % options.folds.max(2)).collect();
    Rng::new(options.seed ^ 0xf01d).shuffle(&mut fold_of);
    let folds = options.folds.max(2);
    let mut examples = Vec::new();
    let mut proposals: Vec<Vec<Proposal>> = vec![Vec::new(); texts.len()];
    let (mut covered, mut rule_covered, mut gold_total) = (0usize, 0usize, 0usize);
    let mut misses = [0usize; MISS_KINDS.len()];
    for k in 0..folds {
        let train_idx: Vec<usize> = (0..texts.len()).filter(|&i| fold_of[i] != k).collect();
        let held: Vec<usize> = (0..texts.len()).filter(|&i| fold_of[i] == k).collect();
        if train_idx.is_empty() || held.is_empty() {
            continue;
        }
        let vocab = vocabulary(&ctxs, &golds, &train_idx);
        let model = train_stages(
            &ctxs,
            &golds,
            &weights,
            &train_idx,
            vocab,
            Table::zeros(STAGE_BITS),
            options,
        );
        report(&stage_report(&model, &ctxs, &golds, &held));
        for &t in &held {
            let (all, _, keys) = model.proposals_with_keys(&ctxs[t]);
            for (pi, (p, keys)) in all.iter().zip(keys).enumerate() {
                examples.push(StackExample {
                    keys,
                    right: is_right(&docs[t], p, &texts[t]),
                    text: t,
                    proposal: pi,
                });
            }
            let scores = model.cue_scores(&ctxs[t]);
            for g in &texts[t].quotes {
                let one = GoldText {
                    id: String::new(),
                    text: String::new(),
                    quotes: vec![g.clone()],
                    weight: 1,
                };
                let hit = all.iter().any(|p| is_right(&docs[t], p, &one));
                if !hit {
                    misses[miss_kind(&docs[t], &scores, model.cue_min, &all, g)] += 1;
                }
                covered += usize::from(hit);
                rule_covered += usize::from(
                    all.iter()
                        .any(|p| p.rule.is_some() && is_right(&docs[t], p, &one)),
                );
                gold_total += 1;
            }
            proposals[t] = all;
        }
        report(&format!(
            "fold {} of {folds}: stages trained and applied",
            k + 1
        ));
    }
    report(&format!(
        "gold attributions some candidate gets right: {:.3} (rules' candidates alone {:.3})",
        covered as f64 / gold_total.max(1) as f64,
        rule_covered as f64 / gold_total.max(1) as f64
    ));
    report(&format!(
        "uncovered gold attributions: {}",
        MISS_KINDS
            .iter()
            .zip(misses)
            .map(|(k, n)| format!("{k} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    let stacker = train_stacker(&examples, options.seed);
    // The threshold that maximises attribution F1 on the cross-fitted proposals.
    let mut probs: Vec<Vec<f32>> = proposals.iter().map(|p| vec![0.0; p.len()]).collect();
    for x in &examples {
        probs[x.text][x.proposal] = super::sigmoid(stacker.score(&x.keys));
    }
    let mut best = (0.5f32, -1.0f64);
    for step in 0..=24 {
        let threshold = 0.2 + 0.025 * step as f32;
        let (mut right, mut npred, mut ngold) = (0, 0, 0);
        for t in 0..texts.len() {
            let chosen = select(&proposals[t], &probs[t], threshold);
            let chosen: Vec<&Proposal> = chosen.iter().map(|&i| &proposals[t][i]).collect();
            let (r, p, g) = attribution_counts(&docs[t], &chosen, &texts[t]);
            right += r;
            npred += p;
            ngold += g;
        }
        let precision = right as f64 / npred.max(1) as f64;
        let recall = right as f64 / ngold.max(1) as f64;
        let f1 = 2.0 * precision * recall / (precision + recall).max(1e-9);
        if f1 > best.1 {
            best = (threshold, f1);
        }
    }
    report(&format!(
        "stacker: {} cross-fitted candidates; threshold {:.3}, cross-fitted attribution F1 {:.3}",
        examples.len(),
        best.0,
        best.1
    ));

    let all: Vec<usize> = (0..texts.len()).collect();
    let vocab = vocabulary(&ctxs, &golds, &all);
    let mut model = train_stages(
        &ctxs,
        &golds,
        &weights,
        &all,
        vocab,
        Table::zeros(STAGE_BITS),
        options,
    );
    model.stacker = stacker;
    model.threshold = best.0;
    model.info = options.info.clone();
    report("stages trained on every text");
    Ok(model)
}

/// Adapts `base` to reviewed texts: a few more perceptron passes of the stages over them
/// (the stacker and the threshold stay).
pub fn adapt(
    base: &AttributionModel,
    texts: &[GoldText],
    extractor: &Extractor,
    options: &Options,
) -> AttributionModel {
    let prepared = prepare(texts, extractor);
    let docs = docs_of(&prepared);
    let rules: Vec<Vec<_>> = docs.iter().map(candidates).collect();
    let ctxs = ctxs_of(&docs, &prepared, &rules);
    let golds: Vec<TokenGold> = docs
        .iter()
        .zip(texts)
        .map(|(d, g)| token_gold(d, g))
        .collect();
    let weights: Vec<u32> = texts.iter().map(|t| t.weight.max(1)).collect();
    let all: Vec<usize> = (0..texts.len()).collect();
    let mut vocab = base.vocab.clone();
    let mut heads = base.heads.clone();
    for (ctx, gold) in ctxs.iter().zip(&golds) {
        for i in 0..ctx.doc.len() {
            let w = ctx.lower(i);
            // A reviewed cue word the model did not know becomes a head: the reviewer has
            // shown that it starts a cue.
            if gold.cue[i] && vocab.insert(key(tpl!("v"), w)) {
                heads.insert(key(tpl!("v"), w));
            }
        }
    }
    let mut model = train_stages(
        &ctxs,
        &golds,
        &weights,
        &all,
        (vocab, heads),
        base.stages.clone(),
        options,
    );
    model.threshold = base.threshold;
    model.cue_min = base.cue_min;
    // The stacker learns how far to trust the adapted stages on the reviewed texts.
    let mut examples = Vec::new();
    for (t, ctx) in ctxs.iter().enumerate() {
        let (all, _, keys) = model.proposals_with_keys(ctx);
        for (pi, (p, keys)) in all.iter().zip(keys).enumerate() {
            for _ in 0..weights[t] {
                examples.push(StackExample {
                    keys: keys.clone(),
                    right: is_right(&docs[t], p, &texts[t]),
                    text: t,
                    proposal: pi,
                });
            }
        }
    }
    model.stacker = train_stacker_from(base.stacker.clone(), &examples, options.seed, 3);
    model.info = format!("{}; adapted: {}", base.info, options.info);
    model
}

/// Reads a review file as gold attributions: every quote but the rejected ones, with its
/// speaker mention and cue (`None` when nobody reviewed a quote of it).
pub fn read_review(path: &Path) -> Result<Option<GoldText>, String> {
    let content = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let doc: crate::document::model::Document = serde_json::from_str(&content)
        .map_err(|e| format!("{} is not a review file: {e}", path.display()))?;
    Ok(gold_from_document(&doc, &path.display().to_string()))
}

/// The gold attributions of a reviewed document, `None` when no quote of it was reviewed.
pub fn gold_from_document(doc: &crate::document::model::Document, id: &str) -> Option<GoldText> {
    use crate::document::model::QuoteStatus;
    if doc.reviewed_count() == 0 {
        return None;
    }
    let index = CharIndex::new(&doc.text);
    let chars = index.char_len();
    let bytes = |s: usize, e: usize| -> Option<(usize, usize)> {
        (s < e && e <= chars).then(|| (index.byte_of_char(s), index.byte_of_char(e)))
    };
    let quotes = doc
        .quotes
        .iter()
        .filter(|q| q.status != QuoteStatus::Rejected)
        .filter_map(|q| {
            Some(GoldQuote {
                content: bytes(q.start, q.end)?,
                speaker: q
                    .speaker_mention
                    .as_ref()
                    .and_then(|m| bytes(m.start, m.end)),
                cue: q.cue.as_ref().and_then(|c| bytes(c.start, c.end)),
            })
        })
        .collect();
    Some(GoldText {
        id: id.to_string(),
        text: doc.text.clone(),
        quotes,
        weight: 1,
    })
}
