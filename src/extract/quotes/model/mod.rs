//! The learned attribution model, stacked with the rules.
//!
//! Three stages, each a linear model over hashed features ([`features`]), trained as averaged
//! perceptrons on PolNeAR's training articles ([`train`]):
//! 1. a cue tagger scores every token whose word was a cue in training (or that a rule took as
//!    a cue); neighbouring tokens above the bar form one cue;
//! 2. the content of a cue is the span of its paragraph (within [`WINDOW`] tokens) with the best
//!    start + end + inside score, decoded exactly in linear time; a span that holds its own cue
//!    becomes a split quote of two pieces;
//! 3. the source is the best-ranked word of the cue's sentence, or no source at all.
//!
//! Then one logistic model (the stacker) scores the union of the rules' candidates and the
//! model's (rule name, model scores, whether both agree on span, speaker and cue), and a greedy
//! selection keeps the most probable candidates that do not overlap and clear the threshold.
//! The stacker's probability is the quote's confidence. It was trained on cross-fitted
//! predictions (each training article scored by stages that never saw it).

mod features;
mod linear;
pub mod train;

use std::collections::HashSet;
use std::hash::BuildHasherDefault;

use crate::extract::tagger::IdentityHasher;

/// A set of already-hashed keys.
pub(crate) type KeySet = HashSet<u64, BuildHasherDefault<IdentityHasher>>;
use std::path::Path;
use std::sync::{Arc, LazyLock};

use super::attribution::Candidate;
use super::doc::Doc;
use crate::document::model::QuoteKind;
use crate::extract::Mention;
use features::Ctx;
use linear::{Features, Score, Sink, Table, key_h, tpl};

/// How far (tokens) on each side of its cue a content span may reach.
pub const WINDOW: usize = 60;
/// How far (tokens) from its cue a source may be.
const SOURCE_WINDOW: usize = 20;
/// The rule name of a quote only the model found.
pub const MODEL_RULE: &str = "model";

const MAGIC: &[u8; 8] = b"ARATTR02";
const BUNDLED: &[u8] = include_bytes!("../../../../assets/model/attribution.bin");

/// Where the attribution part of a user model lives: next to its entity model, `MODEL.attribution`.
pub fn attribution_path(model: &Path) -> std::path::PathBuf {
    let mut name = model.as_os_str().to_owned();
    name.push(".attribution");
    std::path::PathBuf::from(name)
}

/// One reason behind a decision: a feature and its weight (positive speaks for the quote).
#[derive(Debug, Clone, PartialEq)]
pub struct Reason {
    /// `template=value`, e.g. `k.src=model` or `c.w=complimented`.
    pub feature: String,
    /// Its weight in the decision.
    pub weight: f32,
}

/// The trained weights of every stage and the stacker.
#[derive(Debug, Clone, PartialEq)]
pub struct AttributionModel {
    /// Cue, start, end, inside and source weights (one hashed table, per-stage prefixes).
    stages: Table,
    /// The stacker's logistic weights.
    stacker: Table,
    /// Keys (`key(tpl!("v"), word)`) of the words that were cues in training.
    vocab: KeySet,
    /// The part of `vocab` that was a cue often enough to start one: the tagger scores these
    /// words, then grows cues above the bar into their neighbours from `vocab` ("has said",
    /// "according to"). Words that are only ever part of a longer cue ("to", "of", "has") are
    /// a third of the text; scoring them everywhere would cost more than the whole tagger.
    heads: KeySet,
    /// Cue score a token must exceed for the model to propose it.
    cue_min: f32,
    /// Stacked probability a candidate needs to be kept.
    threshold: f32,
    /// How the weights were made.
    info: String,
    /// The span and source tables of each cue word met so far.
    cue_tables: CueTableCache,
}

/// Per cue word, its [`SpanTables`] and [`SourceTables`]: built on the word's first use and
/// shared by every later document and thread, since a model's weights never change once it
/// is made (training builds a new model from the trained weights). The words are cue words
/// (the model's cue vocabulary and the rules' lexicon), so the map stays small.
#[derive(Default)]
struct CueTableCache {
    /// FxHash: looked up twice per cue, and SipHash cost more than the look-up.
    map: std::sync::RwLock<rustc_hash::FxHashMap<String, Arc<CueTables>>>,
    /// The parts of every cue word's tables that do not name the word, made on first use.
    base: std::sync::OnceLock<CueTables>,
}

/// The tables of one cue word.
struct CueTables {
    span: SpanTables,
    source: SourceTables,
}

impl CueTableCache {
    /// The tables of `head` under `table`'s weights.
    fn get(&self, table: &Table, head: &str) -> Arc<CueTables> {
        if let Some(t) = self.map.read().ok().and_then(|m| m.get(head).cloned()) {
            return t;
        }
        let base = self.base.get_or_init(|| CueTables {
            span: SpanTables::base(table),
            source: SourceTables::base(table),
        });
        let tables = Arc::new(CueTables {
            span: base.span.for_head(table, head),
            source: base.source.for_head(table, head),
        });
        if let Ok(mut map) = self.map.write() {
            map.insert(head.to_string(), tables.clone());
        }
        tables
    }
}

// A copy of a model starts with an empty cache, and the cache is no part of its identity.
impl Clone for CueTableCache {
    fn clone(&self) -> CueTableCache {
        CueTableCache::default()
    }
}

impl PartialEq for CueTableCache {
    fn eq(&self, _: &CueTableCache) -> bool {
        true
    }
}

impl std::fmt::Debug for CueTableCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CueTableCache")
    }
}

/// The bundled model; `None` only while bootstrapping (an empty `assets/model/attribution.bin`
/// before the first `train --attribution`), when the rules work alone.
static BUNDLED_MODEL: LazyLock<Option<Arc<AttributionModel>>> = LazyLock::new(|| {
    if BUNDLED.is_empty() {
        return None;
    }
    // The bundled file is ours and tested (tests/attribution.rs loads it).
    AttributionModel::from_bytes(BUNDLED).ok().map(Arc::new)
});

/// A candidate quote with where it came from and the model's view of it.
#[derive(Debug, Clone)]
struct Proposal {
    cand: Candidate,
    /// Index into the rules' candidates, or `None` for a model find.
    rule: Option<usize>,
    /// The model's cue score at the candidate's cue (NaN when not scored).
    cue_score: f32,
    /// The source ranker's margin of its choice over the runner-up.
    source_margin: f32,
}

/// A quote the stacker kept: the candidate, its probability and the reasons.
pub(crate) struct Decision {
    /// The quote.
    pub cand: Candidate,
    /// Stacked probability (the confidence).
    pub probability: f32,
    /// The strongest features behind the decision.
    pub reasons: Vec<Reason>,
}

impl AttributionModel {
    /// The model bundled with the binary (parsed once per process).
    pub fn bundled() -> Option<Arc<AttributionModel>> {
        BUNDLED_MODEL.clone()
    }

    /// How the weights were made.
    pub fn info(&self) -> &str {
        &self.info
    }

    /// Reads a model file written by [`AttributionModel::save`].
    pub fn load(path: &Path) -> Result<AttributionModel, String> {
        let bytes =
            std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        AttributionModel::from_bytes(&bytes).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Writes the model atomically (temporary file, then rename).
    pub fn save(&self, path: &Path) -> Result<(), String> {
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, self.to_bytes())
            .and_then(|()| std::fs::rename(&tmp, path))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))
    }

    /// The file form: magic, sizes, threshold, vocabulary, heads, info, then both tables as f32.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(8 + 4 * (self.stages.w.len() + self.stacker.w.len()));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.stages.bits.to_le_bytes());
        out.extend_from_slice(&self.stacker.bits.to_le_bytes());
        out.extend_from_slice(&self.cue_min.to_le_bytes());
        out.extend_from_slice(&self.threshold.to_le_bytes());
        for set in [&self.vocab, &self.heads] {
            let mut keys: Vec<u64> = set.iter().copied().collect();
            keys.sort_unstable();
            out.extend_from_slice(&(keys.len() as u32).to_le_bytes());
            for v in keys {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        out.extend_from_slice(&(self.info.len() as u32).to_le_bytes());
        out.extend_from_slice(self.info.as_bytes());
        for w in self.stages.w.iter().chain(&self.stacker.w) {
            out.extend_from_slice(&w.to_le_bytes());
        }
        out
    }

    /// Parses [`AttributionModel::to_bytes`]; a truncated or foreign file is an error.
    pub fn from_bytes(bytes: &[u8]) -> Result<AttributionModel, String> {
        let mut r = Reader { bytes, at: 0 };
        let magic = r.take(8)?;
        if magic != MAGIC {
            if magic.starts_with(b"ARATTR") {
                return Err("an attribution model of an older version: train it again".into());
            }
            return Err("not an article-review attribution model".into());
        }
        let bits = r.u32()?;
        let stack_bits = r.u32()?;
        if !(4..=24).contains(&bits) || !(4..=24).contains(&stack_bits) {
            return Err("attribution model: bad table size".into());
        }
        let cue_min = f32::from_le_bytes(r.take(4)?.try_into().unwrap_or_default());
        let threshold = f32::from_le_bytes(r.take(4)?.try_into().unwrap_or_default());
        let mut read_set = || -> Result<KeySet, String> {
            let n = r.u32()? as usize;
            let mut set = KeySet::default();
            for _ in 0..n {
                set.insert(u64::from_le_bytes(
                    r.take(8)?.try_into().unwrap_or_default(),
                ));
            }
            Ok(set)
        };
        let vocab = read_set()?;
        let heads = read_set()?;
        let ni = r.u32()? as usize;
        let info = String::from_utf8_lossy(r.take(ni)?).into_owned();
        let mut read_table = |bits: u32| -> Result<Table, String> {
            let n = 1usize << bits;
            let raw = r.take(4 * n)?;
            // Into a table of the right size, so that the loop has no bounds to check and the
            // compiler turns it into a copy (4 MB, read at every start with the model).
            let mut w = vec![0f32; n];
            for (w, c) in w.iter_mut().zip(raw.as_chunks::<4>().0) {
                *w = f32::from_le_bytes(*c);
            }
            Ok(Table { bits, w })
        };
        let stages = read_table(bits)?;
        let stacker = read_table(stack_bits)?;
        Ok(AttributionModel {
            stages,
            stacker,
            vocab,
            heads,
            cue_min,
            threshold,
            info,
            cue_tables: CueTableCache::default(),
        })
    }

    /// Whether the cue tagger learns from token `i` (every word of the vocabulary).
    fn is_cue_candidate(&self, ctx: &Ctx, i: usize) -> bool {
        ctx.doc.info[i].word
            && (ctx.rule_cue[i] != 0 || self.vocab.contains(&key_h(tpl!("v"), ctx.hash[i])))
    }

    /// Whether the cue tagger scores token `i` on its own (a head word, or a rule's cue);
    /// `heads` remembers per word whether it is a head, so that each word is looked up once.
    fn is_cue_head(&self, ctx: &Ctx, i: usize, heads: &mut [Option<bool>]) -> bool {
        ctx.doc.info[i].word
            && (ctx.rule_cue[i] != 0
                || *heads[ctx.word_of(i)]
                    .get_or_insert_with(|| self.heads.contains(&key_h(tpl!("v"), ctx.hash[i]))))
    }

    /// Cue score per token: every head word, and the vocabulary words next to a token above
    /// the bar, as far as the run goes; NaN for the rest (never cues, or never next to one).
    fn cue_scores(&self, ctx: &Ctx) -> Vec<f32> {
        let n = ctx.doc.len();
        let mut scores = vec![f32::NAN; n];
        let score = |i: usize| self.cue_score_of(ctx, i);
        // NaN (not scored) is below the bar too.
        let above = |score: f32| score > self.cue_min;
        let mut heads = vec![None; ctx.word_count()];
        for (i, slot) in scores.iter_mut().enumerate() {
            if self.is_cue_head(ctx, i, &mut heads) {
                *slot = score(i);
            }
        }
        for i in 0..n {
            if !above(scores[i]) {
                continue;
            }
            let mut j = i;
            while j > 0 && scores[j - 1].is_nan() && self.is_cue_candidate(ctx, j - 1) {
                j -= 1;
                scores[j] = score(j);
                if !above(scores[j]) {
                    break;
                }
            }
            let mut j = i + 1;
            while j < n && scores[j].is_nan() && self.is_cue_candidate(ctx, j) {
                scores[j] = score(j);
                if !above(scores[j]) {
                    break;
                }
                j += 1;
            }
        }
        scores
    }

    /// The model's own candidates, one per cue run.
    fn model_candidates(&self, ctx: &Ctx, scores: &[f32]) -> Vec<Proposal> {
        let n = ctx.doc.len();
        let mut out = Vec::new();
        let mut cache = StaticScores::new(n, &self.cue_tables);
        let mut i = 0;
        while i < n {
            if scores[i].is_nan() || scores[i] <= self.cue_min {
                i += 1;
                continue;
            }
            let a = i;
            let mut head = i;
            while i < n && scores[i] > self.cue_min {
                if scores[i] > scores[head] {
                    head = i;
                }
                i += 1;
            }
            let b = i;
            self.candidates_for_cue(ctx, (a, b), head, scores[head], &mut cache, &mut out);
        }
        out
    }

    /// The best content span of a cue, with its best source.
    #[allow(clippy::too_many_arguments)]
    fn candidates_for_cue(
        &self,
        ctx: &Ctx,
        cue: (usize, usize),
        head: usize,
        cue_score: f32,
        cache: &mut StaticScores<'_>,
        out: &mut Vec<Proposal>,
    ) {
        let head_word = ctx.lower(head);
        if let Some((span, _)) = decode_span(&self.stages, ctx, cue, head_word, Some(cache)) {
            out.push(self.proposal(ctx, cue, span, head_word, cue_score, cache));
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn proposal(
        &self,
        ctx: &Ctx,
        cue: (usize, usize),
        (s, e): (usize, usize),
        head_word: &str,
        cue_score: f32,
        cache: &mut StaticScores<'_>,
    ) -> Proposal {
        let (source, margin) =
            decode_source(&self.stages, ctx, cue, (s, e), head_word, Some(cache));
        let speaker = source.map(|j| speaker_range(ctx, j));
        Proposal {
            cand: candidate_from_tokens(ctx.doc, (s, e), cue, speaker),
            rule: None,
            cue_score,
            source_margin: margin,
        }
    }

    /// The stacker's features for proposal `i` of `all`.
    /// The stacker's features of proposal `i`; `by_start` finds the proposals its content
    /// overlaps.
    fn stack_features(
        &self,
        ctx: &Ctx,
        all: &[Proposal],
        by_start: &ByStart,
        i: usize,
        f: &mut Features,
    ) {
        let p = &all[i];
        let doc = ctx.doc;
        let origin = if p.rule.is_some() { "rule" } else { "model" };
        f.add(tpl!("k.bias"), "");
        f.add(tpl!("k.src"), p.cand.rule);
        if p.rule.is_some() {
            const TENTHS: [&str; 11] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"];
            let tenths = (p.cand.confidence * 10.0).clamp(0.0, 10.0).floor() as usize;
            f.add2(tpl!("k.conf"), p.cand.rule, TENTHS[tenths]);
        }
        let kind = match p.cand.kind {
            QuoteKind::Direct => "direct",
            QuoteKind::Mixed => "mixed",
            QuoteKind::Indirect => "indirect",
        };
        f.add2(tpl!("k.kind"), origin, kind);
        let spk = match p.cand.speaker {
            None => "none",
            Some((s, _)) if doc.info[s].is(super::cues::class::SUBJECT_PRONOUN) => "pron",
            Some((s, _)) => ctx.ent[s],
        };
        f.add2(tpl!("k.spk"), origin, spk);
        f.add2(tpl!("k.cuescore"), origin, bucket(p.cue_score));
        if let Some((a, _)) = p.cand.cue {
            f.add2(tpl!("k.cuew"), origin, ctx.lower(a));
        }
        if p.rule.is_none() {
            f.add(tpl!("k.srcmargin"), bucket(p.source_margin));
        }
        let words = {
            let a = doc.token_at(p.cand.start());
            let b = doc.token_at(p.cand.end().saturating_sub(1)) + 1;
            doc.words_in(a.min(doc.len()), b.min(doc.len()))
        };
        let len = match words {
            0..=3 => "1-3",
            4..=8 => "4-8",
            9..=20 => "9-20",
            21..=50 => "21-50",
            _ => "51+",
        };
        f.add2(tpl!("k.len"), origin, len);
        match partner(all, by_start, i) {
            None => f.add(tpl!("k.agree"), origin),
            Some(j) => {
                let q = &all[j];
                let same_speaker = match (p.cand.speaker, q.cand.speaker) {
                    (None, None) => "both-none",
                    (Some(x), Some(y)) if x.0 < y.1 && y.0 < x.1 => "same",
                    (Some(_), Some(_)) => "differ",
                    _ => "one-none",
                };
                let same_cue = match (p.cand.cue, q.cand.cue) {
                    (Some(x), Some(y)) if x.0 < y.1 && y.0 < x.1 => "cue",
                    _ => "nocue",
                };
                f.add2(tpl!("k.agree"), origin, same_speaker);
                f.add2(tpl!("k.agreecue"), same_speaker, same_cue);
                let rule_name = if p.rule.is_some() {
                    p.cand.rule
                } else {
                    q.cand.rule
                };
                f.add2(tpl!("k.agreerule"), rule_name, same_speaker);
            }
        }
    }

    /// Rules' and model's candidates, their overlap index, and the stacker's features of each.
    fn proposals_with_keys(&self, ctx: &Ctx) -> (Vec<Proposal>, ByStart, Vec<Vec<u64>>) {
        let scores = self.cue_scores(ctx);
        let mut all: Vec<Proposal> = ctx
            .rules
            .iter()
            .enumerate()
            .map(|(r, c)| Proposal {
                cand: c.clone(),
                rule: Some(r),
                cue_score: c.cue.map_or(f32::NAN, |(a, b)| {
                    max_score(&scores[a..b.min(scores.len())])
                }),
                source_margin: 0.0,
            })
            .collect();
        all.extend(self.model_candidates(ctx, &scores));
        let mut f = Features::new(false);
        let by_start = ByStart::new(&all);
        let keys = (0..all.len())
            .map(|i| {
                f.clear();
                self.stack_features(ctx, &all, &by_start, i, &mut f);
                f.keys.clone()
            })
            .collect();
        (all, by_start, keys)
    }

    /// The final quotes: the most probable non-overlapping candidates above the threshold;
    /// with the reasons behind each when `explain` (naming features costs time, so batch
    /// extraction leaves them out).
    pub(crate) fn decide(
        &self,
        doc: &Doc,
        mentions: &[Mention],
        rules: Vec<Candidate>,
        explain: bool,
    ) -> Vec<Decision> {
        let ctx = Ctx::new(doc, mentions, &rules);
        let (all, by_start, keys) = self.proposals_with_keys(&ctx);
        let probs: Vec<f32> = keys
            .iter()
            .map(|k| sigmoid(self.stacker.score(k)))
            .collect();
        let chosen = select(&all, &probs, self.threshold);
        chosen
            .into_iter()
            .map(|i| {
                let mut cand = all[i].cand.clone();
                // A quote the rules proposed too keeps the proposing rule's name, and its
                // speaker mention: the rule's is the whole description ("the US envoy", "Mr
                // Trump"), the model's grows from one word.
                if all[i].rule.is_none()
                    && let Some(r) = agreeing_rule(&all, &by_start, i)
                {
                    cand.rule = all[r].cand.rule;
                    cand.speaker = all[r].cand.speaker;
                }
                Decision {
                    cand,
                    probability: probs[i],
                    reasons: if explain {
                        self.reasons(&ctx, &all, &by_start, i)
                    } else {
                        Vec::new()
                    },
                }
            })
            .collect()
    }

    /// The strongest stacker features behind proposal `i`, and for a model find the strongest
    /// cue features too.
    fn reasons(&self, ctx: &Ctx, all: &[Proposal], by_start: &ByStart, i: usize) -> Vec<Reason> {
        let mut f = Features::new(true);
        self.stack_features(ctx, all, by_start, i, &mut f);
        let mut reasons = named(&f, &self.stacker);
        reasons.truncate(4);
        if all[i].rule.is_none()
            && let Some((a, b)) = all[i].cand.cue
        {
            let head = (a..b)
                .max_by(|&x, &y| {
                    let sx = self.cue_score_of(ctx, x);
                    let sy = self.cue_score_of(ctx, y);
                    sx.total_cmp(&sy)
                })
                .unwrap_or(a);
            let mut f = Features::new(true);
            ctx.cue_features(head, &mut f);
            let mut cue = named(&f, &self.stages);
            cue.truncate(3);
            reasons.extend(cue);
        }
        reasons
    }

    fn cue_score_of(&self, ctx: &Ctx, i: usize) -> f32 {
        let mut score = Score::new(&self.stages);
        ctx.cue_features(i, &mut score);
        score.sum()
    }
}

/// Tokens where the content of cue `(a, b)` may lie: its paragraph, within [`WINDOW`] tokens.
pub(crate) fn span_window(doc: &Doc, (a, b): (usize, usize)) -> (usize, usize) {
    let (ps, pe) = doc.paragraph_tokens(doc.info[a].paragraph as usize);
    let lo = ps.max(a.saturating_sub(WINDOW));
    let hi = pe.min(b + WINDOW).max(b);
    (lo.min(a), hi)
}

/// The best content span `[s, e)` (tokens) for cue `(a, b)`, and its score.
pub(crate) fn decode_span(
    table: &Table,
    ctx: &Ctx,
    (a, b): (usize, usize),
    head: &str,
    mut cache: Option<&mut StaticScores<'_>>,
) -> Option<((usize, usize), f32)> {
    let (lo, hi) = span_window(ctx.doc, (a, b));
    let doc = ctx.doc;
    if lo >= hi {
        return None;
    }
    let shared;
    let own;
    let tabs = match cache.as_deref() {
        Some(cache) => {
            shared = cache.shared.get(table, head);
            &shared.span
        }
        None => {
            own = SpanTables::new(table, head);
            &own
        }
    };
    // The part of a token's start, end and inside scores that depends on the cue only through
    // its direction, from the cache when there is one (the weights do not change at inference).
    let mut statics = |t: usize| -> [f32; 3] {
        let dir = features::rel_index(t, a, b).0;
        let slot = 3 * dir;
        if let Some(cache) = cache.as_deref_mut()
            && !cache.rows[t][slot].is_nan()
        {
            let r = &cache.rows[t];
            return [r[slot], r[slot + 1], r[slot + 2]];
        }
        let (mut s, mut e, mut i) = (Score::new(table), Score::new(table), Score::new(table));
        ctx.start_static(t, dir, &mut s);
        ctx.end_static(t, dir, &mut e);
        ctx.inside_static(t, dir, &mut i);
        let (s, e, i) = (s.sum(), e.sum(), i.sum());
        if let Some(cache) = cache.as_deref_mut() {
            cache.rows[t][slot] = s;
            cache.rows[t][slot + 1] = e;
            cache.rows[t][slot + 2] = i;
        }
        [s, e, i]
    };
    let mut best: Option<((usize, usize), f32)> = None;
    // max over s <= t of (start(s) - prefix(s)), with prefix(k) = sum of inside(lo..k).
    let mut prefix = 0.0f32;
    let mut best_start: Option<(usize, f32)> = None;
    for t in lo..hi {
        let in_cue = (a..b).contains(&t);
        let [s_static, e_static, i_static] = statics(t);
        let (dir, dist) = features::rel_index(t, a, b);
        if !in_cue && (doc.info[t].word || doc.info[t].mark) {
            let mut dynamic = tabs.start_const[dir]
                + tabs.start_dist[dir][dist]
                + tabs.start_sent[dir][ctx.start_sent(t, a)]
                + tabs.start_rule[ctx.start_rule(t, a)];
            if t == b {
                let mut score = Score::new(table);
                ctx.start_right_after(t, head, &mut score);
                dynamic += score.sum();
            }
            let v = s_static + dynamic - prefix;
            if best_start.is_none_or(|(_, bv)| v > bv) {
                best_start = Some((t, v));
            }
        }
        let mut inside = tabs.inside_sent[dir][ctx.inside_sent(t, a)];
        if ctx.inside_other_cue(t, a) {
            inside += tabs.inside_other_cue[dir];
        }
        prefix += i_static + inside;
        if in_cue {
            continue;
        }
        let Some((s, sv)) = best_start else { continue };
        let mut dynamic = tabs.end_const[dir]
            + tabs.end_dist[dir][dist]
            + tabs.end_sent[dir][ctx.end_sent(t, a)]
            + tabs.end_rule[ctx.end_rule(t, a)];
        if t + 1 == a || t + 2 == a {
            let mut score = Score::new(table);
            ctx.end_before_cue(t, head, &mut score);
            dynamic += score.sum();
        }
        let total = sv + prefix + e_static + dynamic;
        if best.is_none_or(|(_, bv)| total > bv) {
            best = Some(((s, t + 1), total));
        }
    }
    best
}

/// For one cue word: the summed weights of each group of dynamic span features (see
/// `features::start_const` and the rest), indexed by direction and the group's fact, so that
/// decoding looks each group up per token instead of hashing its features again. The scores
/// equal those of [`Ctx::start_dynamic`], [`Ctx::end_dynamic`] and [`Ctx::inside_dynamic`]
/// (a test checks), up to the order of the float additions.
#[derive(Clone)]
struct SpanTables {
    start_const: [f32; 3],
    start_dist: [[f32; 9]; 3],
    start_sent: [[f32; 4]; 3],
    start_rule: [f32; 3],
    end_const: [f32; 3],
    end_dist: [[f32; 9]; 3],
    end_sent: [[f32; 4]; 3],
    end_rule: [f32; 3],
    inside_sent: [[f32; 5]; 3],
    inside_other_cue: [f32; 3],
}

impl SpanTables {
    fn new(table: &Table, head: &str) -> SpanTables {
        SpanTables::base(table).for_head(table, head)
    }

    /// `base`'s tables completed with the features that name the cue word `head`. Each sum
    /// is the base's plus the word's, in the order [`features`] adds them (so the scores are
    /// the ones summing every feature at once gives, to the bit).
    fn for_head(&self, table: &Table, head: &str) -> SpanTables {
        let mut f = Features::new(false);
        let mut sum = |add: &mut dyn FnMut(&mut Features)| {
            f.clear();
            add(&mut f);
            table.score(&f.keys)
        };
        let mut t = self.clone();
        for dir in 0..3 {
            t.start_const[dir] += sum(&mut |f| features::start_const_head(dir, head, f));
            t.end_const[dir] += sum(&mut |f| features::end_const_head(dir, head, f));
        }
        for dist in 0..9 {
            let word = sum(&mut |f| features::start_dist_head(dist, head, f));
            for dir in 0..3 {
                t.start_dist[dir][dist] += word;
            }
        }
        t
    }

    /// The tables without the features that name the cue word.
    fn base(table: &Table) -> SpanTables {
        let mut f = Features::new(false);
        let mut sum = |add: &mut dyn FnMut(&mut Features)| {
            f.clear();
            add(&mut f);
            table.score(&f.keys)
        };
        let mut t = SpanTables {
            start_const: [0.0; 3],
            start_dist: [[0.0; 9]; 3],
            start_sent: [[0.0; 4]; 3],
            start_rule: [0.0; 3],
            end_const: [0.0; 3],
            end_dist: [[0.0; 9]; 3],
            end_sent: [[0.0; 4]; 3],
            end_rule: [0.0; 3],
            inside_sent: [[0.0; 5]; 3],
            inside_other_cue: [0.0; 3],
        };
        for dir in 0..3 {
            t.start_const[dir] = sum(&mut |f| features::start_const_base(f));
            t.end_const[dir] = sum(&mut |f| features::end_const_base(f));
            t.inside_other_cue[dir] = sum(&mut |f| features::inside_other_cue(dir, f));
            for dist in 0..9 {
                t.start_dist[dir][dist] = sum(&mut |f| features::start_dist_base(dir, dist, f));
                t.end_dist[dir][dist] = sum(&mut |f| features::end_dist(dir, dist, f));
            }
            for sent in 0..4 {
                t.start_sent[dir][sent] = sum(&mut |f| features::start_sent(dir, sent, f));
                t.end_sent[dir][sent] = sum(&mut |f| features::end_sent(dir, sent, f));
            }
            for sent in 0..5 {
                t.inside_sent[dir][sent] = sum(&mut |f| features::inside_sent(dir, sent, f));
            }
        }
        for rule in 0..3 {
            t.start_rule[rule] = sum(&mut |f| features::start_rule(rule, f));
            t.end_rule[rule] = sum(&mut |f| features::end_rule(rule, f));
        }
        t
    }
}

/// For one cue word: the summed weights of each group of source features that depend on a few
/// small facts (see `features::source_dist` and the rest), like [`SpanTables`].
#[derive(Clone)]
struct SourceTables {
    dist: [[f32; 9]; 3],
    ent_dist: [[f32; 9]; 5],
    kind_dist: [[f32; 9]; 5],
    head: [f32; 3],
    head_kind: [f32; 5],
    in_content: [[f32; 2]; 3],
    between: [[f32; 4]; 3],
}

impl SourceTables {
    fn new(table: &Table, head: &str) -> SourceTables {
        SourceTables::base(table).for_head(table, head)
    }

    /// `base`'s tables completed with the features that name the cue word `head`.
    fn for_head(&self, table: &Table, head: &str) -> SourceTables {
        let mut f = Features::new(false);
        let mut sum = |add: &mut dyn FnMut(&mut Features)| {
            f.clear();
            add(&mut f);
            table.score(&f.keys)
        };
        let mut t = self.clone();
        for dir in 0..3 {
            t.head[dir] = sum(&mut |f| features::source_cue(dir, head, f));
        }
        for kind in 0..5 {
            t.head_kind[kind] = sum(&mut |f| features::source_cue_kind(kind, head, f));
        }
        t
    }

    /// The tables without the features that name the cue word (`head` and `head_kind` are
    /// left at zero).
    fn base(table: &Table) -> SourceTables {
        let mut f = Features::new(false);
        let mut sum = |add: &mut dyn FnMut(&mut Features)| {
            f.clear();
            add(&mut f);
            table.score(&f.keys)
        };
        let mut t = SourceTables {
            dist: [[0.0; 9]; 3],
            ent_dist: [[0.0; 9]; 5],
            kind_dist: [[0.0; 9]; 5],
            head: [0.0; 3],
            head_kind: [0.0; 5],
            in_content: [[0.0; 2]; 3],
            between: [[0.0; 4]; 3],
        };
        for dist in 0..9 {
            for dir in 0..3 {
                t.dist[dir][dist] = sum(&mut |f| features::source_dir_dist(dir, dist, f));
            }
            for ent in 0..5 {
                t.ent_dist[ent][dist] = sum(&mut |f| features::source_ent_dist(ent, dist, f));
            }
            for kind in 0..5 {
                t.kind_dist[kind][dist] = sum(&mut |f| features::source_kind_dist(kind, dist, f));
            }
        }
        for dir in 0..3 {
            for inside in [true, false] {
                t.in_content[dir][usize::from(!inside)] =
                    sum(&mut |f| features::source_in_content(dir, inside, f));
            }
            for between in 0..4 {
                t.between[dir][between] = sum(&mut |f| features::source_between(dir, between, f));
            }
        }
        t
    }
}

/// Per token and cue direction (before, after, in the cue): the cue-independent parts of the
/// start, end and inside scores, filled as decoding needs them (NaN until then).
pub(crate) struct StaticScores<'m> {
    rows: Vec<[f32; 9]>,
    /// Per token and direction: the static part of its source score.
    source_rows: Vec<[f32; 3]>,
    /// The model's tables of each cue word.
    shared: &'m CueTableCache,
}

impl<'m> StaticScores<'m> {
    /// An empty cache for `n` tokens, looking cue words' tables up in `shared`.
    fn new(n: usize, shared: &'m CueTableCache) -> StaticScores<'m> {
        StaticScores {
            rows: vec![[f32::NAN; 9]; n],
            source_rows: vec![[f32::NAN; 3]; n],
            shared,
        }
    }
}

/// The best source token for cue `(a, b)` with content `[s, e)`, or `None` for no source;
/// with the margin over the runner-up.
pub(crate) fn decode_source(
    table: &Table,
    ctx: &Ctx,
    (a, b): (usize, usize),
    content: (usize, usize),
    head: &str,
    mut cache: Option<&mut StaticScores<'_>>,
) -> (Option<usize>, f32) {
    let doc = ctx.doc;
    let mut null = Score::new(table);
    ctx.null_features((a, b), head, &mut null);
    let mut best: (Option<usize>, f32) = (None, null.sum());
    let mut second = f32::NEG_INFINITY;
    let shared;
    let own;
    let tabs = match cache.as_deref() {
        Some(cache) => {
            shared = cache.shared.get(table, head);
            &shared.source
        }
        None => {
            own = SourceTables::new(table, head);
            &own
        }
    };
    for j in source_range(doc, (a, b)) {
        if (a..b).contains(&j) || !doc.info[j].word || doc.info[j].mark {
            continue;
        }
        let (dir, dist) = features::rel_index(j, a, b);
        let cached = cache.as_deref().map_or(f32::NAN, |c| c.source_rows[j][dir]);
        let static_score = if cached.is_nan() {
            let mut score = Score::new(table);
            ctx.source_static(j, dir, &mut score);
            let score = score.sum();
            if let Some(c) = cache.as_deref_mut() {
                c.source_rows[j][dir] = score;
            }
            score
        } else {
            cached
        };
        let kind = ctx.source_kind(j);
        let ent = features::ent_index(ctx.ent[j]);
        let mut v = static_score
            + tabs.dist[dir][dist]
            + tabs.ent_dist[ent][dist]
            + tabs.kind_dist[kind][dist]
            + tabs.head[dir]
            + tabs.head_kind[kind]
            + tabs.in_content[dir][usize::from(!(content.0..content.1).contains(&j))]
            + tabs.between[dir][ctx.between(j, a, b)];
        if ctx.rule_speaker[j] != 0 {
            let mut score = Score::new(table);
            ctx.source_rule(j, a, &mut score);
            v += score.sum();
        }
        if v > best.1 {
            second = best.1;
            best = (Some(j), v);
        } else if v > second {
            second = v;
        }
    }
    let margin = if second.is_finite() {
        best.1 - second
    } else {
        10.0
    };
    (best.0, margin)
}

/// Templates that fire for (nearly) every decision of their kind: base rates, which tell a
/// reviewer nothing about this quote, so they are left out of the reasons.
const BACKGROUND: &[&str] = &["c.bias", "c.q", "c.cap", "c.rule", "k.bias"];

/// Named features with their weights in `table`, strongest first, without the background ones.
fn named(f: &Features, table: &Table) -> Vec<Reason> {
    let names = f.names.as_deref().unwrap_or_default();
    let mut out: Vec<Reason> = names
        .iter()
        .zip(&f.keys)
        .map(|(n, &k)| Reason {
            feature: n.clone(),
            weight: table.weight(k),
        })
        .filter(|r| {
            let template = r.feature.split('=').next().unwrap_or_default();
            r.weight != 0.0 && !BACKGROUND.contains(&template)
        })
        .collect();
    out.sort_by(|x, y| y.weight.abs().total_cmp(&x.weight.abs()));
    out
}

/// A rule candidate that agrees with model proposal `i`: content overlapping by 0.3 or more and
/// the same speaker (or neither has one).
fn agreeing_rule(all: &[Proposal], by_start: &ByStart, i: usize) -> Option<usize> {
    let p = &all[i].cand;
    by_start
        .overlapping(all, (p.start(), p.end()))
        .filter(|&j| {
            let q = &all[j];
            q.rule.is_some()
                && overlap_ratio((p.start(), p.end()), (q.cand.start(), q.cand.end())) >= 0.3
                && match (p.speaker, q.cand.speaker) {
                    (None, None) => true,
                    (Some(x), Some(y)) => x.0 < y.1 && y.0 < x.1,
                    _ => false,
                }
        })
        .min()
}

/// The best partner of proposal `i` among those of the other origin (rule or model): the one
/// its content overlaps most, by at least 0.3, and the first of a tie.
fn partner(all: &[Proposal], by_start: &ByStart, i: usize) -> Option<usize> {
    let p = &all[i];
    let span = (p.cand.start(), p.cand.end());
    let mut best: Option<(usize, f32)> = None;
    for j in by_start.overlapping(all, span) {
        let q = &all[j];
        if j == i || q.rule.is_some() == p.rule.is_some() {
            continue;
        }
        let r = overlap_ratio(span, (q.cand.start(), q.cand.end()));
        if r >= 0.3 && best.is_none_or(|(bj, br)| r > br || (r == br && j < bj)) {
            best = Some((j, r));
        }
    }
    best.map(|(j, _)| j)
}

/// The proposals in order of their start, so that those overlapping a span are found without
/// a pass over all of them. A long article has tens of thousands of proposals: a pass for each
/// made the stacker quadratic (an 8 MB article took 39 CPU-s with the model, 2 without).
struct ByStart {
    order: Vec<usize>,
    starts: Vec<usize>,
    longest: usize,
}

impl ByStart {
    fn new(all: &[Proposal]) -> ByStart {
        let mut order: Vec<usize> = (0..all.len()).collect();
        order.sort_by_key(|&i| all[i].cand.start());
        let starts = order.iter().map(|&i| all[i].cand.start()).collect();
        let longest = all
            .iter()
            .map(|p| p.cand.end().saturating_sub(p.cand.start()))
            .max()
            .unwrap_or(0);
        ByStart {
            order,
            starts,
            longest,
        }
    }

    /// The proposals that share a byte with `[s, e)`, in no particular order.
    fn overlapping<'a>(
        &'a self,
        all: &'a [Proposal],
        (s, e): (usize, usize),
    ) -> impl Iterator<Item = usize> + 'a {
        // A proposal that starts more than the longest length before `s` ends before it.
        let from = self
            .starts
            .partition_point(|&x| x < s.saturating_sub(self.longest));
        let to = self.starts.partition_point(|&x| x < e);
        self.order[from..to].iter().copied().filter(move |&j| {
            let q = &all[j].cand;
            q.start() < e && s < q.end()
        })
    }
}

/// Greedy selection: most probable first, no byte overlap with what is kept. Quotations in
/// marks the rules found are kept below the threshold too, when nothing kept overlaps them: a
/// reviewer needs to see every quotation, even with a doubtful speaker.
fn select(all: &[Proposal], probs: &[f32], threshold: f32) -> Vec<usize> {
    let mut order: Vec<usize> = (0..all.len()).collect();
    order.sort_by(|&x, &y| {
        probs[y]
            .total_cmp(&probs[x])
            .then(all[x].cand.start().cmp(&all[y].cand.start()))
    });
    // What is kept, by start, and the longest of it: an overlap can only come from a kept
    // span that starts less than that length before the new one.
    let mut taken: std::collections::BTreeSet<(usize, usize)> = Default::default();
    let mut longest_taken = 0;
    let mut chosen = Vec::new();
    let below = |i: usize| probs[i] < threshold;
    let marked = |i: usize| all[i].rule.is_some() && !all[i].cand.marked.is_empty();
    for pass in 0..2 {
        for &i in &order {
            let wanted = if pass == 0 {
                !below(i)
            } else {
                below(i) && marked(i)
            };
            if !wanted {
                continue;
            }
            let (s, e) = (all[i].cand.start(), all[i].cand.end());
            let from = s.saturating_sub(longest_taken);
            if taken
                .range((from, 0)..(e, 0))
                .any(|&(ts, te)| ts < e && s < te)
            {
                continue;
            }
            taken.insert((s, e));
            longest_taken = longest_taken.max(e.saturating_sub(s));
            chosen.push(i);
        }
    }
    chosen.sort_by_key(|&i| all[i].cand.start());
    chosen
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

fn max_score(scores: &[f32]) -> f32 {
    scores
        .iter()
        .copied()
        .filter(|s| !s.is_nan())
        .fold(f32::NAN, f32::max)
}

/// A scale-free bucket of a score: sign and rough magnitude.
fn bucket(x: f32) -> &'static str {
    const NEGATIVE: [&str; 7] = ["-0", "-1", "-2", "-3", "-4", "-5", "-6"];
    const POSITIVE: [&str; 7] = ["+0", "+1", "+2", "+3", "+4", "+5", "+6"];
    if x.is_nan() {
        return "none";
    }
    let m = (1.0 + x.abs()).log2().floor().clamp(0.0, 6.0) as usize;
    if x < 0.0 { NEGATIVE[m] } else { POSITIVE[m] }
}

/// Overlap of two byte ranges over the longer one's length (the scorer's measure).
fn overlap_ratio(x: (usize, usize), y: (usize, usize)) -> f32 {
    let o = x.1.min(y.1).saturating_sub(x.0.max(y.0));
    o as f32 / (x.1 - x.0).max(y.1 - y.0).max(1) as f32
}

/// Tokens where a source of cue `(a, b)` may be: its sentence, within [`SOURCE_WINDOW`].
fn source_range(doc: &Doc, (a, b): (usize, usize)) -> std::ops::Range<usize> {
    let (ss, se) = doc.sentence_tokens(doc.info[a].sentence as usize);
    ss.max(a.saturating_sub(SOURCE_WINDOW))..se.min(b + SOURCE_WINDOW)
}

/// The speaker mention around source token `j`: its entity mention, else its run of
/// capitalised words, else the word alone.
fn speaker_range(ctx: &Ctx, j: usize) -> (usize, usize) {
    // A possessive ending names its owner ("the governor's warning").
    if j > 0 && ctx.doc.is_possessive(j) && ctx.doc.info[j - 1].word {
        return speaker_range(ctx, j - 1);
    }
    let (ma, mb) = ctx.mention[j];
    if mb - ma > 1 || ctx.ent[j] != "-" {
        return (ma as usize, mb as usize);
    }
    let doc = ctx.doc;
    if !doc.info[j].cap {
        return (j, j + 1);
    }
    let sentence = doc.info[j].sentence;
    let mut a = j;
    while a > 0 && doc.info[a - 1].sentence == sentence && doc.is_name_word(a - 1) {
        a -= 1;
    }
    let mut b = j + 1;
    while b < doc.len() && doc.info[b].sentence == sentence && doc.is_name_word(b) {
        b += 1;
    }
    (a, b)
}

/// A candidate for content tokens `[s, e)`, cue and speaker token ranges. A content span that
/// holds the attribution becomes two pieces around it; quotation marks at the ends are left
/// out, as the rules leave them out.
fn candidate_from_tokens(
    doc: &Doc,
    (s, e): (usize, usize),
    cue: (usize, usize),
    speaker: Option<(usize, usize)>,
) -> Candidate {
    let mut ranges = Vec::new();
    if cue.0 > s && cue.1 < e {
        let mut cut_start = cue.0;
        let mut cut_end = cue.1;
        if let Some((x, y)) = speaker {
            if x > s && x < cut_start {
                cut_start = x;
            }
            if y < e && y > cut_end {
                cut_end = y;
            }
        }
        ranges.push((s, cut_start));
        ranges.push((cut_end, e));
    } else {
        ranges.push((s, e));
    }
    // Direct when every piece is one quotation, marks at both ends and none inside.
    let quotation = |&(mut x, mut y): &(usize, usize)| {
        while x < y && doc.is_punct(x) {
            x += 1;
        }
        while y > x && doc.is_punct(y - 1) {
            y -= 1;
        }
        y >= x + 3
            && doc.info[x].mark
            && doc.info[y - 1].mark
            && (x + 1..y - 1).all(|t| !doc.info[t].mark)
    };
    let kind = if ranges.iter().all(quotation) {
        QuoteKind::Direct
    } else if (s..e).any(|t| doc.info[t].mark) {
        QuoteKind::Mixed
    } else {
        QuoteKind::Indirect
    };
    let mut pieces = Vec::new();
    for (mut x, mut y) in ranges {
        // Punctuation outside the words goes, and the marks of a quotation (its content is
        // what lies inside them, as the rules and the file format have it).
        while x < y && doc.is_punct(x) {
            x += 1;
        }
        while y > x + 1 && doc.is_punct(y - 1) {
            y -= 1;
        }
        if y > x + 2 && doc.info[x].mark && doc.info[y - 1].mark {
            x += 1;
            y -= 1;
        }
        if x < y {
            pieces.push(doc.bytes(x, y));
        }
    }
    if pieces.is_empty() {
        pieces.push(doc.bytes(s, e));
    }
    Candidate {
        kind,
        pieces,
        speaker,
        cue: Some(cue),
        confidence: 0.5,
        rule: MODEL_RULE,
        marked: Vec::new(),
    }
}

struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl<'b> Reader<'b> {
    fn take(&mut self, n: usize) -> Result<&'b [u8], String> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or("attribution model: file is truncated")?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().unwrap_or_default(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Extractor;
    use linear::Rng;

    /// Random proposals of both origins, with spans of every length up to 60 bytes (zero
    /// included) over a 500-byte text, and random speakers.
    fn random_proposals(rng: &mut Rng, n: usize) -> Vec<Proposal> {
        let mut below = |n: u64| (rng.next_u64() % n) as usize;
        (0..n)
            .map(|k| {
                let start = below(500);
                let end = start + below(61);
                let speaker = (below(3) > 0).then(|| {
                    let s = below(500);
                    (s, s + 1 + below(3))
                });
                Proposal {
                    cand: Candidate {
                        kind: QuoteKind::Indirect,
                        pieces: vec![(start, end)],
                        speaker,
                        cue: None,
                        confidence: 0.5,
                        rule: "test",
                        marked: if below(4) == 0 { vec![0] } else { Vec::new() },
                    },
                    rule: (below(2) == 0).then_some(k),
                    cue_score: 0.0,
                    source_margin: 0.0,
                }
            })
            .collect()
    }

    /// The overlap index answers as a pass over every proposal does: the same partner, the same
    /// agreeing rule, the same selection.
    #[test]
    fn the_overlap_index_finds_what_a_pass_over_all_proposals_finds() {
        let mut rng = Rng::new(7);
        for round in 0..40 {
            let all = random_proposals(&mut rng, 10 + round * 5);
            let by_start = ByStart::new(&all);
            let span = |p: &Proposal| (p.cand.start(), p.cand.end());
            for i in 0..all.len() {
                let p = &all[i];
                let mut expected: Option<(usize, f32)> = None;
                for (j, q) in all.iter().enumerate() {
                    if j == i || q.rule.is_some() == p.rule.is_some() {
                        continue;
                    }
                    let r = overlap_ratio(span(p), span(q));
                    if r >= 0.3 && expected.is_none_or(|(_, br)| r > br) {
                        expected = Some((j, r));
                    }
                }
                assert_eq!(partner(&all, &by_start, i), expected.map(|(j, _)| j));
                let expected_rule = all.iter().position(|q| {
                    q.rule.is_some()
                        && overlap_ratio(span(p), span(q)) >= 0.3
                        && match (p.cand.speaker, q.cand.speaker) {
                            (None, None) => true,
                            (Some(x), Some(y)) => x.0 < y.1 && y.0 < x.1,
                            _ => false,
                        }
                });
                assert_eq!(agreeing_rule(&all, &by_start, i), expected_rule);
            }
            let probs: Vec<f32> = (0..all.len())
                .map(|_| (rng.next_u64() % 100) as f32 / 100.0)
                .collect();
            let chosen = select(&all, &probs, 0.5);
            // Greedy by probability over a plain list of what is kept.
            let mut order: Vec<usize> = (0..all.len()).collect();
            order.sort_by(|&x, &y| {
                probs[y]
                    .total_cmp(&probs[x])
                    .then(all[x].cand.start().cmp(&all[y].cand.start()))
            });
            let mut taken: Vec<(usize, usize)> = Vec::new();
            let mut expected = Vec::new();
            for pass in 0..2 {
                for &i in &order {
                    let marked = all[i].rule.is_some() && !all[i].cand.marked.is_empty();
                    let wanted = if pass == 0 {
                        probs[i] >= 0.5
                    } else {
                        probs[i] < 0.5 && marked
                    };
                    let (s, e) = span(&all[i]);
                    if wanted && !taken.iter().any(|&(ts, te)| ts < e && s < te) {
                        taken.push((s, e));
                        expected.push(i);
                    }
                }
            }
            expected.sort_by_key(|&i| all[i].cand.start());
            assert_eq!(chosen, expected, "round {round}");
        }
    }

    /// The per-cue tables give every token the score that hashing its dynamic features gives.
    #[test]
    fn span_tables_score_like_the_features_they_sum() {
        let text = "“We will rebuild the bridge,” said Mayor Tom Okafor, “and fast.” The council \
                    warned that costs would rise. Critics, he added, were wrong.\n\nA new \
                    paragraph says the plan was approved, according to officials.\n";
        let analysis = Extractor::bundled().with_attribution(None).analyze(text);
        let marked = super::super::marks::find(analysis.text, &analysis.seg.paragraphs);
        let doc = Doc::new(analysis.text, &analysis.seg, marked);
        let rules = super::super::candidates(&doc);
        let ctx = Ctx::new(&doc, &analysis.mentions, &rules);
        let mut table = Table::zeros(12);
        let mut rng = Rng::new(3);
        for w in &mut table.w {
            *w = (rng.next_u64() % 2001) as f32 / 1000.0 - 1.0;
        }
        let mut f = Features::new(false);
        let mut checked = 0;
        for a in (0..doc.len()).filter(|&a| doc.info[a].word) {
            let b = a + 1;
            let head = ctx.lower(a);
            let tabs = SpanTables::new(&table, head);
            let (lo, hi) = span_window(&doc, (a, b));
            for t in lo..hi {
                let (dir, dist) = features::rel_index(t, a, b);
                let close = |x: f32, y: f32| (x - y).abs() < 1e-4;
                f.clear();
                ctx.inside_dynamic(t, (a, b), &mut f);
                let mut inside = tabs.inside_sent[dir][ctx.inside_sent(t, a)];
                if ctx.inside_other_cue(t, a) {
                    inside += tabs.inside_other_cue[dir];
                }
                assert!(
                    close(inside, table.score(&f.keys)),
                    "inside {t} for cue {a}"
                );
                if (a..b).contains(&t) {
                    continue;
                }
                f.clear();
                ctx.start_dynamic(t, (a, b), head, &mut f);
                let full = table.score(&f.keys);
                f.clear();
                if t == b {
                    ctx.start_right_after(t, head, &mut f);
                }
                let start = tabs.start_const[dir]
                    + tabs.start_dist[dir][dist]
                    + tabs.start_sent[dir][ctx.start_sent(t, a)]
                    + tabs.start_rule[ctx.start_rule(t, a)]
                    + table.score(&f.keys);
                assert!(close(start, full), "start {t} for cue {a}");
                f.clear();
                ctx.end_dynamic(t, (a, b), head, &mut f);
                let full = table.score(&f.keys);
                f.clear();
                if t + 1 == a || t + 2 == a {
                    ctx.end_before_cue(t, head, &mut f);
                }
                let end = tabs.end_const[dir]
                    + tabs.end_dist[dir][dist]
                    + tabs.end_sent[dir][ctx.end_sent(t, a)]
                    + tabs.end_rule[ctx.end_rule(t, a)]
                    + table.score(&f.keys);
                assert!(close(end, full), "end {t} for cue {a}");
                checked += 1;
            }
        }
        assert!(checked > 100, "{checked}");
    }

    /// Decoding sums the weights of the features as the templates make them ([`Score`]);
    /// training and explanations list their keys ([`Features`]). Both must see the same
    /// features, in the same order: every template's sum equals the listed keys' score, to
    /// the bit, and the keys are those of the named features.
    #[test]
    fn summed_features_score_like_their_listed_keys() {
        let text = "“We will rebuild the bridge,” said Mayor Tom Okafor, “and fast.” The council \
                    warned that costs would rise.\r\nCritics, he added, were wrong, O’Brien’s \
                    aides said 🙂.\n\nA new paragraph says the plan was approved, according to \
                    Zoë Müller.\n";
        let analysis = Extractor::bundled().with_attribution(None).analyze(text);
        let marked = super::super::marks::find(analysis.text, &analysis.seg.paragraphs);
        let doc = Doc::with_word_ids(analysis.text, &analysis.seg, &analysis.word_ids, marked);
        let rules = super::super::candidates(&doc);
        let ctx = Ctx::new(&doc, &analysis.mentions, &rules);
        let mut table = Table::zeros(12);
        let mut rng = Rng::new(11);
        for w in &mut table.w {
            // Zeros of both signs too: the sum of nothing, or of zeros, keeps its sign.
            *w = match rng.next_u64() % 5 {
                0 => 0.0,
                1 => -0.0,
                _ => (rng.next_u64() % 2001) as f32 / 1000.0 - 1.0,
            };
        }
        let mut checked = 0;
        let n = doc.len();
        let same = |keys: &Features, score: &Score| {
            assert_eq!(table.score(&keys.keys).to_bits(), score.sum().to_bits());
        };
        assert_eq!(
            table.score(&[]).to_bits(),
            Score::new(&table).sum().to_bits()
        );
        for a in 0..n {
            let (mut keys, mut named, mut score) = (
                Features::new(false),
                Features::new(true),
                Score::new(&table),
            );
            ctx.cue_features(a, &mut keys);
            ctx.cue_features(a, &mut named);
            ctx.cue_features(a, &mut score);
            same(&keys, &score);
            assert_eq!(keys.keys, named.keys);
            let cue = (a, a + 1);
            let head = ctx.lower(a);
            for t in a.saturating_sub(8)..(a + 9).min(n) {
                let dir = features::rel_index(t, a, a + 1).0;
                macro_rules! both {
                    ($call:ident ( $($arg:expr),* )) => {{
                        let (mut keys, mut score) = (Features::new(false), Score::new(&table));
                        ctx.$call($($arg,)* &mut keys);
                        ctx.$call($($arg,)* &mut score);
                        same(&keys, &score);
                        checked += 1;
                    }};
                }
                both!(start_static(t, dir));
                both!(end_static(t, dir));
                both!(inside_static(t, dir));
                both!(source_static(t, dir));
                both!(source_rule(t, a));
                both!(start_right_after(t, head));
                both!(end_before_cue(t, head));
            }
            let (mut keys, mut score) = (Features::new(false), Score::new(&table));
            ctx.null_features(cue, head, &mut keys);
            ctx.null_features(cue, head, &mut score);
            same(&keys, &score);
        }
        assert!(checked > 1000, "{checked}");
    }

    /// Decoding a source with the per-cue tables and cached static scores ranks like scoring
    /// every candidate's features.
    #[test]
    fn source_tables_score_like_the_features_they_sum() {
        let text = "“We will rebuild the bridge,” said Mayor Tom Okafor, “and fast.” The council \
                    warned that costs would rise. Critics, he added, were wrong, the paper said.\n";
        let analysis = Extractor::bundled().with_attribution(None).analyze(text);
        let marked = super::super::marks::find(analysis.text, &analysis.seg.paragraphs);
        let doc = Doc::new(analysis.text, &analysis.seg, marked);
        let rules = super::super::candidates(&doc);
        let ctx = Ctx::new(&doc, &analysis.mentions, &rules);
        let mut table = Table::zeros(12);
        let mut rng = Rng::new(5);
        for w in &mut table.w {
            *w = (rng.next_u64() % 2001) as f32 / 1000.0 - 1.0;
        }
        let mut f = Features::new(false);
        let shared = CueTableCache::default();
        let mut cache = StaticScores::new(doc.len(), &shared);
        let mut checked = 0;
        for a in (0..doc.len()).filter(|&a| doc.info[a].word) {
            let cue = (a, a + 1);
            let content = (a + 1, (a + 6).min(doc.len()));
            let head = ctx.lower(a);
            let fast = decode_source(&table, &ctx, cue, content, head, Some(&mut cache));
            // The slow way: every candidate's full features.
            f.clear();
            ctx.null_features(cue, head, &mut f);
            let mut best = (None, table.score(&f.keys));
            for j in source_range(&doc, cue) {
                if j == a || !doc.info[j].word || doc.info[j].mark {
                    continue;
                }
                f.clear();
                ctx.source_features(j, cue, content, head, &mut f);
                let v = table.score(&f.keys);
                if v > best.1 + 1e-4 {
                    best = (Some(j), v);
                }
            }
            assert_eq!(fast.0, best.0, "cue {a}");
            checked += 1;
        }
        assert!(checked > 10);
    }
}
