//! The review document: the article text and everything found in it.
//!
//! This is the in-memory form of the JSON file format (version 1, see `docs/format.md` and
//! `schema/article-review.schema.json`). Every offset is a Unicode code point index into
//! [`Document::text`], half-open `[start, end)`, like Python string indices.

use serde::{Deserialize, Serialize};

/// The value of the `format` field in every review file.
pub const FORMAT_NAME: &str = "article-review";
/// The newest format version this build reads and the one it writes.
pub const FORMAT_VERSION: u32 = 1;
/// The value of the `offset_unit` field: offsets count Unicode code points.
pub const OFFSET_UNIT: &str = "codepoint";
/// The version of this tool, written into `review.tool_version`.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// A stretch of the article text. `text` always equals the slice `[start, end)` of the document text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First code point of the span.
    pub start: usize,
    /// One past the last code point of the span.
    pub end: usize,
    /// The covered text, kept so that files are readable and checkable by people and scripts.
    pub text: String,
}

impl Span {
    /// Builds a span over `[start, end)` of `text` (code point offsets), copying the covered text.
    ///
    /// Offsets past the end are clamped, so the result is always a valid span of `text`.
    pub fn from_text(text: &str, start: usize, end: usize) -> Span {
        let covered: String = text
            .chars()
            .skip(start)
            .take(end.saturating_sub(start))
            .collect();
        let end = start + covered.chars().count();
        Span {
            start,
            end,
            text: covered,
        }
    }

    /// Number of code points covered.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// True when the span covers nothing.
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// True when the two spans share at least one code point.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// The kind of a named entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntityType {
    /// A person.
    #[serde(rename = "PERSON")]
    Person,
    /// An organisation: companies, parties, agencies, media, governments as actors.
    #[serde(rename = "ORG")]
    Org,
    /// A place: countries, cities, regions.
    #[serde(rename = "LOC")]
    Loc,
    /// Other names: nationalities, events, products.
    #[serde(rename = "MISC")]
    Misc,
}

impl EntityType {
    /// All types, in the order the UI lists them.
    pub const ALL: [EntityType; 4] = [
        EntityType::Person,
        EntityType::Org,
        EntityType::Loc,
        EntityType::Misc,
    ];

    /// The label used in the file format ("PERSON", "ORG", "LOC", "MISC").
    pub fn label(self) -> &'static str {
        match self {
            EntityType::Person => "PERSON",
            EntityType::Org => "ORG",
            EntityType::Loc => "LOC",
            EntityType::Misc => "MISC",
        }
    }
}

/// Who made an entity: the extractor or a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// Found by the extractor and not changed since.
    Auto,
    /// Added or changed by a reviewer.
    User,
}

/// Grammatical gender of a person as far as the text tells (titles, first names, pronouns).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    /// Referred to as he/him, Mr, a male first name.
    Male,
    /// Referred to as she/her, Mrs/Ms, a female first name.
    Female,
}

/// A named entity with all its mentions, aliases merged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Unique within the document, e.g. "e1".
    pub id: String,
    /// The canonical name: the earliest longest full name.
    pub name: String,
    /// The entity's type.
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// Who made it.
    pub origin: Origin,
    /// Every mention in the text, in text order.
    pub mentions: Vec<Span>,
    /// Gender, when the text makes it known; used to resolve pronouns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
}

/// How a quotation is given in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// Wholly inside quotation marks.
    Direct,
    /// A reported clause with quoted fragments.
    Mixed,
    /// Reported speech without quotation marks.
    Indirect,
}

impl QuoteKind {
    /// All kinds, in the order the UI lists them.
    pub const ALL: [QuoteKind; 3] = [QuoteKind::Direct, QuoteKind::Mixed, QuoteKind::Indirect];

    /// The name used in the file format.
    pub fn label(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Mixed => "mixed",
            QuoteKind::Indirect => "indirect",
        }
    }
}

/// Where a quote stands in review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteStatus {
    /// As the extractor proposed it; not yet reviewed.
    Auto,
    /// A reviewer checked it and kept the proposal.
    Confirmed,
    /// A reviewer changed its speaker, kind or span.
    Corrected,
    /// A reviewer marked it as not a quote.
    Rejected,
    /// A reviewer added it; the extractor missed it.
    Added,
}

impl QuoteStatus {
    /// All statuses, in the order the UI lists them.
    pub const ALL: [QuoteStatus; 5] = [
        QuoteStatus::Auto,
        QuoteStatus::Confirmed,
        QuoteStatus::Corrected,
        QuoteStatus::Rejected,
        QuoteStatus::Added,
    ];

    /// The name used in the file format.
    pub fn label(self) -> &'static str {
        match self {
            QuoteStatus::Auto => "auto",
            QuoteStatus::Confirmed => "confirmed",
            QuoteStatus::Corrected => "corrected",
            QuoteStatus::Rejected => "rejected",
            QuoteStatus::Added => "added",
        }
    }

    /// True once a person has looked at the quote.
    pub fn is_reviewed(self) -> bool {
        self != QuoteStatus::Auto
    }
}

/// A reviewer's mark on a quote that needs more than a speaker correction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuoteFlag {
    /// Someone should check this quote against the source or the speaker before it is used.
    NeedsCheck,
    /// The article itself attributes the words to the wrong person.
    Misattributed,
    /// The article presents as a quote something that is not anyone's words.
    NotAQuote,
    /// The quoted words were never said: invented or altered beyond recognition.
    Fabricated,
}

impl QuoteFlag {
    /// All flags, in the order the UI lists them.
    pub const ALL: [QuoteFlag; 4] = [
        QuoteFlag::NeedsCheck,
        QuoteFlag::Misattributed,
        QuoteFlag::NotAQuote,
        QuoteFlag::Fabricated,
    ];

    /// The name used in the file format.
    pub fn label(self) -> &'static str {
        match self {
            QuoteFlag::NeedsCheck => "needs-check",
            QuoteFlag::Misattributed => "misattributed",
            QuoteFlag::NotAQuote => "not-a-quote",
            QuoteFlag::Fabricated => "fabricated",
        }
    }

    /// The flag whose file-format name is `label`.
    pub fn from_label(label: &str) -> Option<QuoteFlag> {
        QuoteFlag::ALL.into_iter().find(|f| f.label() == label)
    }
}

/// What the extractor proposed for a quote, kept unchanged through review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    /// The proposed speaker entity id, or null.
    pub speaker: Option<String>,
    /// The proposed speaker mention, or null.
    pub speaker_mention: Option<Span>,
}

/// A quotation with its attribution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// Unique within the document, e.g. "q1".
    pub id: String,
    /// Direct, mixed or indirect.
    pub kind: QuoteKind,
    /// Start of the content (for direct quotes, just inside the opening mark).
    pub start: usize,
    /// End of the content (for direct quotes, just before the closing mark).
    pub end: usize,
    /// The content text, equal to the slice `[start, end)`.
    pub text: String,
    /// The entity id of the speaker, or null when the text names no speaker.
    pub speaker: Option<String>,
    /// The words that name the speaker here: a name, a pronoun or a description.
    pub speaker_mention: Option<Span>,
    /// The cue: "said", "told", "according to".
    pub cue: Option<Span>,
    /// How sure the extractor is, in [0, 1].
    pub confidence: f32,
    /// The rule that decided the attribution, so a reviewer can see why.
    pub rule: String,
    /// Review status.
    pub status: QuoteStatus,
    /// What the extractor proposed; null for quotes a person added.
    pub predicted: Option<Prediction>,
    /// The pieces of a quote split by its attribution (`"A," he said, "B."`) or running over
    /// several paragraphs; empty when the quote is one piece.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fragments: Vec<Span>,
    /// A reviewer's free-text note; absent when there is none (never empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// A reviewer's flag; absent when there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flag: Option<QuoteFlag>,
}

/// Where the article came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// The path of the file the article was read from, if any.
    pub path: Option<String>,
    /// Lower-case hex SHA-256 of the original file's bytes, if read from a file.
    pub sha256: Option<String>,
    /// "text/plain" or "text/html".
    pub media_type: String,
    /// The character encoding the text was decoded from, e.g. "UTF-8" or "windows-1252".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
}

impl Source {
    /// The source of a plain-text article given as a string rather than read from a file
    /// (`extract --jsonl` text lines, tests, training data).
    pub fn in_memory() -> Source {
        Source {
            path: None,
            sha256: None,
            media_type: "text/plain".into(),
            encoding: None,
        }
    }
}

/// Article metadata, mostly from saved HTML pages.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// The headline.
    pub title: Option<String>,
    /// The author line.
    pub byline: Option<String>,
    /// The publication date as given by the page.
    pub date: Option<String>,
}

/// When and by what the file was last written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    /// RFC 3339 time of the last save.
    pub updated_at: String,
    /// The version of article-review that wrote the file.
    pub tool_version: String,
}

/// One of the two review files an adjudicated file was settled from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdjudicationSource {
    /// The review file's name, as the reviewer chose it (e.g. "alice.json").
    pub file: String,
    /// Lower-case hex SHA-256 of that review file's bytes when it was compared.
    pub sha256: String,
}

/// Where an adjudicated review came from: the two reviews of the same article it settles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adjudication {
    /// The first reviewer's file (the one the result started from).
    pub a: AdjudicationSource,
    /// The second reviewer's file.
    pub b: AdjudicationSource,
}

/// A whole review document: the article, its entities and its quotes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Always [`FORMAT_NAME`].
    pub format: String,
    /// The format version, [`FORMAT_VERSION`] for files this build writes.
    pub version: u32,
    /// Always [`OFFSET_UNIT`].
    pub offset_unit: String,
    /// Where the article came from.
    pub source: Source,
    /// Title, byline, date.
    pub meta: Meta,
    /// The article text every offset refers to (line ends normalised to LF).
    pub text: String,
    /// Named entities.
    pub entities: Vec<Entity>,
    /// Quotations.
    pub quotes: Vec<Quote>,
    /// Save time and tool version.
    pub review: Review,
    /// For a review settled from two others: which files; absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adjudication: Option<Adjudication>,
}

impl Document {
    /// A document for `text` with no entities or quotes yet.
    pub fn new(text: String, source: Source, meta: Meta) -> Document {
        Document {
            format: FORMAT_NAME.to_string(),
            version: FORMAT_VERSION,
            offset_unit: OFFSET_UNIT.to_string(),
            source,
            meta,
            text,
            entities: Vec::new(),
            quotes: Vec::new(),
            review: Review {
                updated_at: now_rfc3339(),
                tool_version: TOOL_VERSION.to_string(),
            },
            adjudication: None,
        }
    }

    /// The entity with this id.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| e.id == id)
    }

    /// The quote with this id.
    pub fn quote(&self, id: &str) -> Option<&Quote> {
        self.quotes.iter().find(|q| q.id == id)
    }

    /// Every entity mention as `(byte start, byte end, type)` in the text, in entity order: what
    /// byte-based consumers (tagger training, CoNLL export) need instead of code points.
    pub fn mention_byte_spans(&self) -> Vec<(usize, usize, EntityType)> {
        let index = crate::text::CharIndex::new(&self.text);
        self.entities
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
            .collect()
    }

    /// A span over `[start, end)` of this document's text.
    pub fn span(&self, start: usize, end: usize) -> Span {
        Span::from_text(&self.text, start, end)
    }

    /// An id of the form `{prefix}{n}` not yet used by any entity or quote.
    pub fn fresh_id(&self, prefix: &str) -> String {
        let used = |id: &str| {
            self.entities.iter().any(|e| e.id == id) || self.quotes.iter().any(|q| q.id == id)
        };
        (1..)
            .map(|n| format!("{prefix}{n}"))
            .find(|id| !used(id))
            .expect("an unused id exists")
    }

    /// Number of quotes a person has reviewed (any status but auto).
    pub fn reviewed_count(&self) -> usize {
        self.quotes
            .iter()
            .filter(|q| q.status.is_reviewed())
            .count()
    }
}

/// The current time as RFC 3339 (UTC, seconds).
pub fn now_rfc3339() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_from_text_counts_code_points_not_bytes() {
        let text = "é😀 “Hi” said";
        let span = Span::from_text(text, 3, 7);
        assert_eq!(span.text, "“Hi”");
        assert_eq!((span.start, span.end), (3, 7));
    }

    #[test]
    fn span_from_text_clamps_past_the_end() {
        let span = Span::from_text("abc", 1, 10);
        assert_eq!((span.start, span.end, span.text.as_str()), (1, 3, "bc"));
    }

    #[test]
    fn fresh_id_skips_used_ids() {
        let mut doc = Document::new("x".into(), Source::in_memory(), Meta::default());
        assert_eq!(doc.fresh_id("e"), "e1");
        doc.entities.push(Entity {
            id: "e1".into(),
            name: "X".into(),
            entity_type: EntityType::Person,
            origin: Origin::Auto,
            mentions: vec![],
            gender: None,
        });
        assert_eq!(doc.fresh_id("e"), "e2");
    }

    #[test]
    fn labels_match_serde_names() {
        for t in EntityType::ALL {
            assert_eq!(
                serde_json::to_string(&t).unwrap(),
                format!("\"{}\"", t.label())
            );
        }
        for k in QuoteKind::ALL {
            assert_eq!(
                serde_json::to_string(&k).unwrap(),
                format!("\"{}\"", k.label())
            );
        }
        for s in QuoteStatus::ALL {
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.label())
            );
        }
        for f in QuoteFlag::ALL {
            assert_eq!(
                serde_json::to_string(&f).unwrap(),
                format!("\"{}\"", f.label())
            );
            assert_eq!(QuoteFlag::from_label(f.label()), Some(f));
        }
    }
}
