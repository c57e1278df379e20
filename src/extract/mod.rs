//! The extraction pipeline: a chain of small components over one [`Analysis`].
//!
//! 1. [`segment`]: tokens, sentences, paragraphs;
//! 2. [`tagger`]: entity mention spans and types (a trained averaged perceptron);
//! 3. [`entities`]: rules on top of the tagger, alias merging into entities, gender;
//! 4. [`quotes`]: quotations (direct, mixed, indirect), cues, speakers and their resolution.
//!
//! Components work in byte offsets on the text; [`Analysis::into_parts`] converts everything to
//! the code point spans of the file format.

pub mod entities;
pub mod quotes;
pub mod segment;
pub mod tagger;

use crate::document::json::{
    DocumentRef, EntityRef, IdRef, PredictionRef, QuoteRef, SpanRef, write_json_line_streamed,
};
use crate::document::model::{
    Entity, EntityType, Gender, Meta, Origin, Prediction, Quote, QuoteKind, QuoteStatus, Review,
    Source,
};
use crate::text::CharIndex;
use quotes::model::AttributionModel;
use segment::Segmentation;
use std::borrow::Cow;
use std::sync::Arc;

/// Where an entity mention came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionSource {
    /// Proposed by the statistical tagger.
    Tagger,
    /// Proposed or retyped by a rule (gazetteer, title, suffix, document consistency).
    Rule,
    /// Added because the quote attribution found a named speaker.
    Speaker,
}

/// A mention of a named entity, in byte offsets.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// The mention's type.
    pub entity_type: EntityType,
    /// What proposed it.
    pub source: MentionSource,
    /// Index into [`Analysis::entities`] once aliases are merged.
    pub entity: Option<usize>,
}

/// An entity under construction: a cluster of mentions.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityDraft<'t> {
    /// The canonical name: the text's own words when it writes them cleanly (as it nearly always
    /// does), a cleaned copy otherwise.
    pub name: Cow<'t, str>,
    /// The type.
    pub entity_type: EntityType,
    /// Gender, when known.
    pub gender: Option<Gender>,
    /// Indices into [`Analysis::mentions`], in text order.
    pub mentions: Vec<usize>,
}

/// A quote under construction, in byte offsets.
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteDraft {
    /// Direct, mixed or indirect.
    pub kind: QuoteKind,
    /// Content start (inside the marks for direct quotes).
    pub start: usize,
    /// Content end.
    pub end: usize,
    /// Pieces of a discontinuous quote; empty when it is one piece.
    pub fragments: Vec<(usize, usize)>,
    /// The words naming the speaker here.
    pub speaker_mention: Option<(usize, usize)>,
    /// Index into [`Analysis::entities`] of the resolved speaker.
    pub speaker: Option<usize>,
    /// The cue words.
    pub cue: Option<(usize, usize)>,
    /// Confidence in [0, 1].
    pub confidence: f32,
    /// The rule that decided, or `"model"` for a quote only the learned model found.
    pub rule: &'static str,
    /// True when `confidence` is already a calibrated probability (the stacked model's).
    pub calibrated: bool,
    /// The strongest features behind the decision (empty when the rules decided alone).
    pub reasons: Vec<quotes::model::Reason>,
}

/// One text going through the pipeline.
#[derive(Debug, Clone)]
pub struct Analysis<'t> {
    /// The article text.
    pub text: &'t str,
    /// Tokens, sentences, paragraphs.
    pub seg: Segmentation,
    /// Entity mentions, sorted by start, not overlapping.
    pub mentions: Vec<Mention>,
    /// Entities (alias clusters).
    pub entities: Vec<EntityDraft<'t>>,
    /// Quotes, sorted by start.
    pub quotes: Vec<QuoteDraft>,
    /// Per token of `seg`: the entity tagger's word id ([`tagger::DocFeatures::word_ids`]), which
    /// tokens share exactly when their texts are equal, so that later stages work out what
    /// depends on a word's text once per word. Empty until the text is tagged.
    pub word_ids: Vec<u32>,
}

impl<'t> Analysis<'t> {
    /// Segments `text`; no entities or quotes yet.
    pub fn new(text: &'t str) -> Analysis<'t> {
        Analysis {
            text,
            seg: segment::segment(text),
            mentions: Vec::new(),
            entities: Vec::new(),
            quotes: Vec::new(),
            word_ids: Vec::new(),
        }
    }

    /// Converts the result to the entities and quotes of the file format, with code point
    /// offsets, ids `e1..`, `q1..` in text order, and every span's text equal to its slice.
    pub fn into_parts(self) -> (Vec<Entity>, Vec<Quote>) {
        self.parts().to_owned_parts()
    }

    /// The result as the file format's entities and quotes ([`Analysis::into_parts`]), their
    /// texts borrowed from the article and the analysis rather than copied: what `extract
    /// --jsonl` writes straight into its output.
    pub fn parts(&self) -> Parts<'_> {
        let index = CharIndex::new(self.text);
        let text = self.text;
        let span = |s: usize, e: usize| -> SpanRef {
            // A byte inside a character counts as that character, so the text starts where it
            // starts (what converting the code points back to bytes gives, without counting).
            SpanRef {
                start: index.char_of_byte(s),
                end: index.char_of_byte(e),
                text: &text[text.floor_char_boundary(s)..text.floor_char_boundary(e)],
            }
        };

        // Entities in order of first mention, only those with mentions.
        let mut order: Vec<usize> = Vec::with_capacity(self.entities.len());
        order.extend((0..self.entities.len()).filter(|&i| !self.entities[i].mentions.is_empty()));
        order.sort_by_key(|&i| {
            self.entities[i]
                .mentions
                .iter()
                .map(|&m| self.mentions[m].start)
                .min()
                .unwrap_or(usize::MAX)
        });
        let mut number_of = vec![None; self.entities.len()];
        let mentions_total: usize = order.iter().map(|&i| self.entities[i].mentions.len()).sum();
        let fragments_total: usize = self.quotes.iter().map(|q| q.fragments.len()).sum();
        let mut spans = Vec::with_capacity(mentions_total + fragments_total);
        let mut entities = Vec::with_capacity(order.len());
        for (n, &i) in order.iter().enumerate() {
            let draft = &self.entities[i];
            number_of[i] = Some(n + 1);
            let first = spans.len();
            spans.extend(
                draft
                    .mentions
                    .iter()
                    .map(|&m| span(self.mentions[m].start, self.mentions[m].end)),
            );
            let mentions = &mut spans[first..];
            mentions.sort_by_key(|m| (m.start, m.end));
            let kept = dedup_in_place(mentions);
            spans.truncate(first + kept);
            entities.push(EntityPart {
                number: n + 1,
                name: &draft.name,
                entity_type: draft.entity_type,
                gender: draft.gender,
                mentions: (first, spans.len()),
            });
        }

        // Quotes in text order (they are kept sorted; a stable sort of their indices otherwise).
        let mut quote_order: Vec<usize> = Vec::new();
        if !self.quotes.is_sorted_by_key(|q| (q.start, q.end)) {
            quote_order.extend(0..self.quotes.len());
            quote_order.sort_by_key(|&i| (self.quotes[i].start, self.quotes[i].end));
        }
        let quotes = (0..self.quotes.len())
            .map(|n| quote_order.get(n).copied().unwrap_or(n))
            .enumerate()
            .map(|(n, i)| {
                let q = &self.quotes[i];
                let first = spans.len();
                spans.extend(q.fragments.iter().map(|&(s, e)| span(s, e)));
                QuotePart {
                    number: n + 1,
                    kind: q.kind,
                    content: span(q.start, q.end),
                    speaker: q.speaker.and_then(|i| number_of.get(i).copied().flatten()),
                    speaker_mention: q.speaker_mention.map(|(s, e)| span(s, e)),
                    cue: q.cue.map(|(s, e)| span(s, e)),
                    confidence: if q.calibrated {
                        q.confidence.clamp(0.01, 0.99)
                    } else {
                        quotes::calibration::calibrated(q.rule, q.confidence)
                    },
                    rule: q.rule,
                    fragments: (first, spans.len()),
                }
            })
            .collect();
        Parts {
            spans,
            entities,
            quotes,
        }
    }
}

/// Drops the repeats from sorted `items` in place, keeping the first of each run; returns how
/// many are kept (at the front).
fn dedup_in_place<T: PartialEq + Copy>(items: &mut [T]) -> usize {
    let mut kept = 0;
    for i in 0..items.len() {
        if kept == 0 || items[i] != items[kept - 1] {
            items[kept] = items[i];
            kept += 1;
        }
    }
    kept
}

/// An entity of [`Parts`]: its number (`e1` is 1) and a range of [`Parts`]' spans.
#[derive(Debug, Clone, Copy)]
struct EntityPart<'a> {
    number: usize,
    name: &'a str,
    entity_type: EntityType,
    gender: Option<Gender>,
    mentions: (usize, usize),
}

/// A quote of [`Parts`]: its number (`q1` is 1), its speaker's entity number and its fragments
/// as a range of [`Parts`]' spans.
#[derive(Debug, Clone, Copy)]
struct QuotePart<'a> {
    number: usize,
    kind: QuoteKind,
    content: SpanRef<'a>,
    speaker: Option<usize>,
    speaker_mention: Option<SpanRef<'a>>,
    cue: Option<SpanRef<'a>>,
    confidence: f32,
    rule: &'static str,
    fragments: (usize, usize),
}

/// An analysis's entities and quotes in file-format form (code point offsets, ids in text
/// order), borrowing their texts: made by [`Analysis::parts`], written by
/// [`Parts::write_json_line`] or turned into owned entities and quotes.
#[derive(Debug, Clone)]
pub struct Parts<'a> {
    /// Every entity's mentions, then every quote's fragments, each a range of this.
    spans: Vec<SpanRef<'a>>,
    entities: Vec<EntityPart<'a>>,
    quotes: Vec<QuotePart<'a>>,
}

impl<'a> Parts<'a> {
    /// The entities, as the file format writes them.
    pub fn entity_refs(&self) -> Vec<EntityRef<'_>> {
        self.entities().collect()
    }

    /// The quotes, as the file format writes them.
    pub fn quote_refs(&self) -> Vec<QuoteRef<'_>> {
        self.quotes().collect()
    }

    fn entities(&self) -> impl Iterator<Item = EntityRef<'_>> {
        self.entities.iter().map(|e| EntityRef {
            id: IdRef::Numbered('e', e.number),
            name: e.name,
            entity_type: e.entity_type,
            origin: Origin::Auto,
            mentions: &self.spans[e.mentions.0..e.mentions.1],
            gender: e.gender,
        })
    }

    fn quotes(&self) -> impl Iterator<Item = QuoteRef<'_>> {
        self.quotes.iter().map(|q| {
            let speaker = q.speaker.map(|n| IdRef::Numbered('e', n));
            QuoteRef {
                id: IdRef::Numbered('q', q.number),
                kind: q.kind,
                start: q.content.start,
                end: q.content.end,
                text: q.content.text,
                speaker,
                speaker_mention: q.speaker_mention,
                cue: q.cue,
                confidence: q.confidence,
                rule: q.rule,
                status: QuoteStatus::Auto,
                predicted: Some(PredictionRef {
                    speaker,
                    speaker_mention: q.speaker_mention,
                }),
                fragments: &self.spans[q.fragments.0..q.fragments.1],
                note: None,
                flag: None,
            }
        })
    }

    /// Appends the review document of `text` with these entities and quotes to `out` as one
    /// line of JSON (no line end), `id` first when given: byte for byte what writing the
    /// [`Document`] that [`Extractor::document`] builds gives, without building it.
    pub fn write_json_line(
        &self,
        out: &mut Vec<u8>,
        id: Option<&serde_json::Value>,
        text: &str,
        source: &Source,
        meta: &Meta,
        review: &Review,
    ) {
        let mut doc = DocumentRef::new(source, meta, text, &[], &[], review);
        doc.id = id;
        write_json_line_streamed(out, &doc, self.entities(), self.quotes());
    }

    /// The owned entities and quotes ([`Analysis::into_parts`]).
    pub fn to_owned_parts(&self) -> (Vec<Entity>, Vec<Quote>) {
        let entities = self
            .entities()
            .map(|e| Entity {
                id: e.id.to_string(),
                name: e.name.to_string(),
                entity_type: e.entity_type,
                origin: e.origin,
                mentions: e.mentions.iter().map(SpanRef::to_span).collect(),
                gender: e.gender,
            })
            .collect();
        let quotes = self
            .quotes()
            .map(|q| Quote {
                id: q.id.to_string(),
                kind: q.kind,
                start: q.start,
                end: q.end,
                text: q.text.to_string(),
                speaker: q.speaker.map(|id| id.to_string()),
                speaker_mention: q.speaker_mention.as_ref().map(SpanRef::to_span),
                cue: q.cue.as_ref().map(SpanRef::to_span),
                confidence: q.confidence,
                rule: q.rule.to_string(),
                status: q.status,
                predicted: q.predicted.map(|p| Prediction {
                    speaker: p.speaker.map(|id| id.to_string()),
                    speaker_mention: p.speaker_mention.as_ref().map(SpanRef::to_span),
                }),
                fragments: q.fragments.iter().map(SpanRef::to_span).collect(),
                note: q.note.map(str::to_string),
                flag: q.flag,
            })
            .collect();
        (entities, quotes)
    }
}

/// The whole pipeline, with its models loaded once and shared by every article.
///
/// An `Extractor` is `Sync`: `extract --jsonl` shares one across all cores.
#[derive(Debug, Clone)]
pub struct Extractor {
    tagger: tagger::Tagger,
    attribution: Option<Arc<AttributionModel>>,
}

impl Extractor {
    /// The pipeline with the entity model bundled in the binary; quotes are attributed by the
    /// rules alone. The bundled attribution model is opt-in
    /// (`.with_attribution(AttributionModel::bundled())`, `extract --attribution bundled`): it
    /// raises attribution F1 but costs more time than the speed bar allows
    /// ([docs/attribution.md](../../docs/attribution.md)).
    pub fn bundled() -> Extractor {
        Extractor {
            tagger: tagger::Tagger::bundled(),
            attribution: None,
        }
    }

    /// The pipeline with a user's entity model (see `article-review train --from`); the rules
    /// alone attribute quotes, as with [`Extractor::bundled`].
    pub fn with_tagger(tagger: tagger::Tagger) -> Extractor {
        Extractor {
            tagger,
            attribution: None,
        }
    }

    /// The same pipeline with the attribution part of a user model made by `article-review
    /// train --from` (`PATH.attribution` next to the entity model at `path`), when there is one.
    pub fn with_user_attribution(self, path: &std::path::Path) -> Result<Extractor, String> {
        let side = quotes::model::attribution_path(path);
        if !side.exists() {
            return Ok(self);
        }
        let model = AttributionModel::load(&side)?;
        Ok(self.with_attribution(Some(Arc::new(model))))
    }

    /// The same pipeline with another attribution model, or with the rules alone (`None`).
    pub fn with_attribution(mut self, model: Option<Arc<AttributionModel>>) -> Extractor {
        self.attribution = model;
        self
    }

    /// The pipeline with the entity model at `path` (made by `article-review train`), or the
    /// bundled one when `path` is `None`: what `--model` means everywhere.
    pub fn from_model(path: Option<&std::path::Path>) -> Result<Extractor, tagger::TaggerError> {
        match path {
            None => Ok(Extractor::bundled()),
            Some(path) => tagger::Tagger::load(path).map(Extractor::with_tagger),
        }
    }

    /// The entity tagger in use.
    pub fn tagger(&self) -> &tagger::Tagger {
        &self.tagger
    }

    /// The attribution model in use (`None`: the rules alone).
    pub fn attribution(&self) -> Option<&AttributionModel> {
        self.attribution.as_deref()
    }

    /// Runs every component over `text`.
    pub fn analyze<'t>(&self, text: &'t str) -> Analysis<'t> {
        self.analyze_with(text, false)
    }

    /// [`Extractor::analyze`], and every quote the attribution model decided carries the
    /// strongest features behind the decision ([`QuoteDraft::reasons`]), for a reviewer who
    /// asks why. Slower: batch extraction leaves them out.
    pub fn analyze_explained<'t>(&self, text: &'t str) -> Analysis<'t> {
        self.analyze_with(text, true)
    }

    fn analyze_with<'t>(&self, text: &'t str, explain: bool) -> Analysis<'t> {
        let mut analysis = Analysis::new(text);
        self.tagger.tag(&mut analysis);
        entities::resolve(&mut analysis);
        quotes::find_with(&mut analysis, self.attribution.as_deref(), explain);
        analysis
    }

    /// Why the extractor proposed `quote` of the article `text` (a quote of
    /// [`Extractor::extract`] or of a review file made from it): the strongest features behind
    /// the attribution model's decision, strongest first. Empty when the rules decided alone
    /// (no attribution model) or when this extractor no longer proposes a quote with the same
    /// content (the text or the model changed since).
    pub fn reasons(&self, text: &str, quote: &Quote) -> Vec<quotes::model::Reason> {
        let analysis = self.analyze_explained(text);
        let index = CharIndex::new(text);
        analysis
            .quotes
            .into_iter()
            .find(|q| {
                index.char_of_byte(q.start) == quote.start && index.char_of_byte(q.end) == quote.end
            })
            .map(|q| q.reasons)
            .unwrap_or_default()
    }

    /// Extracts entities and quotes from `text`, in file-format form.
    pub fn extract(&self, text: &str) -> (Vec<Entity>, Vec<Quote>) {
        self.analyze(text).into_parts()
    }

    /// Extracts `text` and appends its review document to `out` as one line of JSON (no line
    /// end), `id` first when given: byte for byte what writing [`Extractor::document`]'s
    /// document gives, written straight from the analysis, with no document built and no span
    /// text copied.
    pub fn write_json_line(
        &self,
        out: &mut Vec<u8>,
        id: Option<&serde_json::Value>,
        text: &str,
        source: &Source,
        meta: &Meta,
    ) {
        let analysis = self.analyze(text);
        let review = Review {
            updated_at: crate::document::model::now_rfc3339(),
            tool_version: crate::document::model::TOOL_VERSION.to_string(),
        };
        analysis
            .parts()
            .write_json_line(out, id, text, source, meta, &review);
    }

    /// Builds a review document for an article: `text` plus everything extracted from it.
    pub fn document(
        &self,
        text: String,
        source: crate::document::model::Source,
        meta: crate::document::model::Meta,
    ) -> crate::document::model::Document {
        let (entities, quotes) = self.extract(&text);
        let mut doc = crate::document::model::Document::new(text, source, meta);
        doc.entities = entities;
        doc.quotes = quotes;
        doc
    }
}
