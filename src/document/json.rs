//! Writing and reading the JSON file format, version 1 (see `docs/format.md`).
//!
//! Writing follows the field order of the [`Document`] structs, which is the documented key
//! order. Reading checks, in this order: that the bytes are JSON (a syntax error reports its
//! line and column), that it is an article-review file (`"format": "article-review"`), that its
//! version is one this build reads, that it has the expected fields, and finally
//! [`validate`](crate::document::validate()).

use serde::{Deserialize, Serialize};

use crate::document::load::{LoadError, LoadErrorKind};
use crate::document::model::{
    Adjudication, Document, EntityType, FORMAT_NAME, FORMAT_VERSION, Gender, Meta, OFFSET_UNIT,
    Origin, QuoteFlag, QuoteKind, QuoteStatus, Review, Source, Span,
};
use crate::document::validate::validate;

/// The document as pretty-printed JSON, keys in the documented order, ending in a newline.
pub fn to_json_pretty(doc: &Document) -> String {
    // Serialising plain structs with string keys cannot fail; keep a message anyway rather
    // than a panic should a future field type break that.
    let mut json = serde_json::to_string_pretty(doc)
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialise document: {e}\"}}"));
    json.push('\n');
    json
}

/// The document as one line of JSON with `id` as its first key (for `extract --jsonl`).
pub fn to_json_line_with_id(id: &serde_json::Value, doc: &Document) -> String {
    let mut line = Vec::new();
    write_json_line_with_id(&mut line, id, doc);
    // serde_json writes UTF-8 only; the fallback cannot happen but costs no panic.
    String::from_utf8(line)
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialise document: {e}\"}}"))
}

/// Appends the document as one line of JSON with `id` as its first key to `out`, without a
/// line end: the caller's buffer grows once rather than a string per document.
pub fn write_json_line_with_id(out: &mut Vec<u8>, id: &serde_json::Value, doc: &Document) {
    #[derive(Serialize)]
    struct WithId<'a> {
        id: &'a serde_json::Value,
        #[serde(flatten)]
        doc: &'a Document,
    }
    let start = out.len();
    if let Err(e) = serde_json::to_writer(&mut *out, &WithId { id, doc }) {
        out.truncate(start);
        out.extend_from_slice(
            format!("{{\"error\": \"cannot serialise document: {e}\"}}").as_bytes(),
        );
    }
}

/// A [`Span`] that borrows its text: what a span is written as, without a string of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SpanRef<'a> {
    /// First code point of the span.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The covered text.
    pub text: &'a str,
}

impl<'a> From<&'a Span> for SpanRef<'a> {
    fn from(span: &'a Span) -> SpanRef<'a> {
        SpanRef {
            start: span.start,
            end: span.end,
            text: &span.text,
        }
    }
}

impl SpanRef<'_> {
    /// The owned span.
    pub fn to_span(&self) -> Span {
        Span {
            start: self.start,
            end: self.end,
            text: self.text.to_string(),
        }
    }
}

/// An entity or quote id as written: a string, or a letter and a number (`'e'` and 3 for
/// `"e3"`, as the extractor numbers them), written without making the string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdRef<'a> {
    /// The id as a string.
    Str(&'a str),
    /// A letter and a number.
    Numbered(char, usize),
}

impl std::fmt::Display for IdRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            IdRef::Str(id) => f.write_str(id),
            IdRef::Numbered(letter, n) => write!(f, "{letter}{n}"),
        }
    }
}

impl Serialize for IdRef<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            IdRef::Str(id) => serializer.serialize_str(id),
            // serde_json writes this straight into its output, escaped, with no string between.
            numbered => serializer.collect_str(numbered),
        }
    }
}

/// An [`Entity`](crate::document::model::Entity) that borrows its parts, written with the
/// same keys in the same order.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct EntityRef<'a> {
    /// Unique within the document.
    pub id: IdRef<'a>,
    /// The canonical name.
    pub name: &'a str,
    /// The entity's type.
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// Who made it.
    pub origin: Origin,
    /// Every mention, in text order.
    pub mentions: &'a [SpanRef<'a>],
    /// Gender, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
}

/// A [`Prediction`](crate::document::model::Prediction) that borrows its parts.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct PredictionRef<'a> {
    /// The proposed speaker entity id, or null.
    pub speaker: Option<IdRef<'a>>,
    /// The proposed speaker mention, or null.
    pub speaker_mention: Option<SpanRef<'a>>,
}

/// A [`Quote`](crate::document::model::Quote) that borrows its parts, written with the same keys
/// in the same order.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct QuoteRef<'a> {
    /// Unique within the document.
    pub id: IdRef<'a>,
    /// Direct, mixed or indirect.
    pub kind: QuoteKind,
    /// Start of the content.
    pub start: usize,
    /// End of the content.
    pub end: usize,
    /// The content text.
    pub text: &'a str,
    /// The speaker's entity id, or null.
    pub speaker: Option<IdRef<'a>>,
    /// The words that name the speaker here.
    pub speaker_mention: Option<SpanRef<'a>>,
    /// The cue.
    pub cue: Option<SpanRef<'a>>,
    /// How sure the extractor is, in [0, 1].
    pub confidence: f32,
    /// The rule that decided the attribution.
    pub rule: &'a str,
    /// Review status.
    pub status: QuoteStatus,
    /// What the extractor proposed.
    pub predicted: Option<PredictionRef<'a>>,
    /// The pieces of a split quote; empty (and not written) when it is one piece.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub fragments: &'a [SpanRef<'a>],
    /// A reviewer's note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'a str>,
    /// A reviewer's flag.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flag: Option<QuoteFlag>,
}

/// A [`Document`] that borrows its parts, for writing one without building it: `extract
/// --jsonl` writes the extractor's results this way straight into its output buffer.
/// [`write_json_line_ref`] writes byte for byte what [`write_json_line_with_id`] writes for the
/// owned document with the same content.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct DocumentRef<'a> {
    /// The caller's record id, written first (`extract --jsonl`); `None` writes no `"id"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<&'a serde_json::Value>,
    /// Always [`FORMAT_NAME`].
    pub format: &'a str,
    /// The format version.
    pub version: u32,
    /// Always [`OFFSET_UNIT`].
    pub offset_unit: &'a str,
    /// Where the article came from.
    pub source: &'a Source,
    /// Title, byline, date.
    pub meta: &'a Meta,
    /// The article text.
    pub text: &'a str,
    /// Named entities.
    pub entities: &'a [EntityRef<'a>],
    /// Quotations.
    pub quotes: &'a [QuoteRef<'a>],
    /// Save time and tool version.
    pub review: &'a Review,
    /// For an adjudicated review: which files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adjudication: Option<&'a Adjudication>,
}

impl<'a> DocumentRef<'a> {
    /// A new document of this build's format over these parts (no id, no adjudication).
    pub fn new(
        source: &'a Source,
        meta: &'a Meta,
        text: &'a str,
        entities: &'a [EntityRef<'a>],
        quotes: &'a [QuoteRef<'a>],
        review: &'a Review,
    ) -> DocumentRef<'a> {
        DocumentRef {
            id: None,
            format: FORMAT_NAME,
            version: FORMAT_VERSION,
            offset_unit: OFFSET_UNIT,
            source,
            meta,
            text,
            entities,
            quotes,
            review,
            adjudication: None,
        }
    }
}

/// Appends `doc` as one line of compact JSON to `out`, without a line end: the bytes that
/// serialising it with serde_json gives (its `Serialize` is the reference, and the tests hold
/// the two together), written by hand because the entities' and quotes' texts, and the article
/// itself, are most of a line and serde_json escapes a string a byte at a time, where this
/// skips eight plain bytes at a time.
pub fn write_json_line_ref(out: &mut Vec<u8>, doc: &DocumentRef) {
    write_json_line_streamed(
        out,
        doc,
        doc.entities.iter().copied(),
        doc.quotes.iter().copied(),
    );
}

/// [`write_json_line_ref`] with the entities and quotes given one at a time, in their order, in
/// place of `doc`'s own lists (which are not written): no list of them need be built.
pub fn write_json_line_streamed<'e, 'q>(
    out: &mut Vec<u8>,
    doc: &DocumentRef,
    entities: impl Iterator<Item = EntityRef<'e>>,
    quotes: impl Iterator<Item = QuoteRef<'q>>,
) {
    let start = out.len();
    if let Err(e) = write_document(out, doc, entities, quotes) {
        out.truncate(start);
        out.extend_from_slice(
            format!("{{\"error\": \"cannot serialise document: {e}\"}}").as_bytes(),
        );
    }
}

/// [`write_json_line_streamed`]'s work; an error only from serde_json on the small parts it
/// writes.
fn write_document<'e, 'q>(
    out: &mut Vec<u8>,
    doc: &DocumentRef,
    entities: impl Iterator<Item = EntityRef<'e>>,
    quotes: impl Iterator<Item = QuoteRef<'q>>,
) -> serde_json::Result<()> {
    out.push(b'{');
    if let Some(id) = doc.id {
        out.extend_from_slice(b"\"id\":");
        serde_json::to_writer(&mut *out, id)?;
        out.push(b',');
    }
    out.extend_from_slice(b"\"format\":");
    write_json_str(out, doc.format);
    out.extend_from_slice(b",\"version\":");
    serde_json::to_writer(&mut *out, &doc.version)?;
    out.extend_from_slice(b",\"offset_unit\":");
    write_json_str(out, doc.offset_unit);
    out.extend_from_slice(b",\"source\":");
    serde_json::to_writer(&mut *out, doc.source)?;
    out.extend_from_slice(b",\"meta\":");
    serde_json::to_writer(&mut *out, doc.meta)?;
    out.extend_from_slice(b",\"text\":");
    write_json_str(out, doc.text);
    out.extend_from_slice(b",\"entities\":[");
    for (n, entity) in entities.enumerate() {
        if n > 0 {
            out.push(b',');
        }
        write_entity(out, &entity)?;
    }
    out.extend_from_slice(b"],\"quotes\":[");
    for (n, quote) in quotes.enumerate() {
        if n > 0 {
            out.push(b',');
        }
        write_quote(out, &quote)?;
    }
    out.extend_from_slice(b"],\"review\":");
    serde_json::to_writer(&mut *out, doc.review)?;
    if let Some(adjudication) = doc.adjudication {
        out.extend_from_slice(b",\"adjudication\":");
        serde_json::to_writer(&mut *out, adjudication)?;
    }
    out.push(b'}');
    Ok(())
}

fn write_entity(out: &mut Vec<u8>, entity: &EntityRef) -> serde_json::Result<()> {
    out.extend_from_slice(b"{\"id\":");
    write_id(out, entity.id);
    out.extend_from_slice(b",\"name\":");
    write_json_str(out, entity.name);
    out.extend_from_slice(b",\"type\":");
    serde_json::to_writer(&mut *out, &entity.entity_type)?;
    out.extend_from_slice(b",\"origin\":");
    serde_json::to_writer(&mut *out, &entity.origin)?;
    out.extend_from_slice(b",\"mentions\":");
    write_spans(out, entity.mentions)?;
    if let Some(gender) = entity.gender {
        out.extend_from_slice(b",\"gender\":");
        serde_json::to_writer(&mut *out, &gender)?;
    }
    out.push(b'}');
    Ok(())
}

fn write_quote(out: &mut Vec<u8>, quote: &QuoteRef) -> serde_json::Result<()> {
    out.extend_from_slice(b"{\"id\":");
    write_id(out, quote.id);
    out.extend_from_slice(b",\"kind\":");
    serde_json::to_writer(&mut *out, &quote.kind)?;
    out.extend_from_slice(b",\"start\":");
    serde_json::to_writer(&mut *out, &quote.start)?;
    out.extend_from_slice(b",\"end\":");
    serde_json::to_writer(&mut *out, &quote.end)?;
    out.extend_from_slice(b",\"text\":");
    write_json_str(out, quote.text);
    out.extend_from_slice(b",\"speaker\":");
    write_optional_id(out, quote.speaker);
    out.extend_from_slice(b",\"speaker_mention\":");
    write_optional_span(out, quote.speaker_mention.as_ref())?;
    out.extend_from_slice(b",\"cue\":");
    write_optional_span(out, quote.cue.as_ref())?;
    out.extend_from_slice(b",\"confidence\":");
    serde_json::to_writer(&mut *out, &quote.confidence)?;
    out.extend_from_slice(b",\"rule\":");
    write_json_str(out, quote.rule);
    out.extend_from_slice(b",\"status\":");
    serde_json::to_writer(&mut *out, &quote.status)?;
    out.extend_from_slice(b",\"predicted\":");
    match &quote.predicted {
        None => out.extend_from_slice(b"null"),
        Some(predicted) => {
            out.extend_from_slice(b"{\"speaker\":");
            write_optional_id(out, predicted.speaker);
            out.extend_from_slice(b",\"speaker_mention\":");
            write_optional_span(out, predicted.speaker_mention.as_ref())?;
            out.push(b'}');
        }
    }
    if !quote.fragments.is_empty() {
        out.extend_from_slice(b",\"fragments\":");
        write_spans(out, quote.fragments)?;
    }
    if let Some(note) = quote.note {
        out.extend_from_slice(b",\"note\":");
        write_json_str(out, note);
    }
    if let Some(flag) = quote.flag {
        out.extend_from_slice(b",\"flag\":");
        serde_json::to_writer(&mut *out, &flag)?;
    }
    out.push(b'}');
    Ok(())
}

fn write_spans(out: &mut Vec<u8>, spans: &[SpanRef]) -> serde_json::Result<()> {
    out.push(b'[');
    for (n, span) in spans.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        write_span(out, span)?;
    }
    out.push(b']');
    Ok(())
}

fn write_optional_span(out: &mut Vec<u8>, span: Option<&SpanRef>) -> serde_json::Result<()> {
    match span {
        Some(span) => write_span(out, span),
        None => {
            out.extend_from_slice(b"null");
            Ok(())
        }
    }
}

fn write_span(out: &mut Vec<u8>, span: &SpanRef) -> serde_json::Result<()> {
    out.extend_from_slice(b"{\"start\":");
    serde_json::to_writer(&mut *out, &span.start)?;
    out.extend_from_slice(b",\"end\":");
    serde_json::to_writer(&mut *out, &span.end)?;
    out.extend_from_slice(b",\"text\":");
    write_json_str(out, span.text);
    out.push(b'}');
    Ok(())
}

fn write_optional_id(out: &mut Vec<u8>, id: Option<IdRef>) {
    match id {
        Some(id) => write_id(out, id),
        None => out.extend_from_slice(b"null"),
    }
}

fn write_id(out: &mut Vec<u8>, id: IdRef) {
    match id {
        IdRef::Str(id) => write_json_str(out, id),
        IdRef::Numbered(letter, n) => {
            use std::io::Write;
            out.push(b'"');
            write_json_str_contents(out, letter.encode_utf8(&mut [0; 4]));
            // Writing a number into memory cannot fail.
            let _ = write!(out, "{n}\"");
        }
    }
}

/// Appends `text` as a JSON string, escaped exactly as serde_json escapes it: `"`, `\\` and the
/// control characters below U+0020 (short forms for backspace, form feed, line feed, carriage
/// return and tab, `\u00xx` in lower-case hex for the others); everything else as it is.
pub fn write_json_str(out: &mut Vec<u8>, text: &str) {
    out.reserve(text.len() + 2);
    out.push(b'"');
    write_json_str_contents(out, text);
    out.push(b'"');
}

/// [`write_json_str`] without the quotation marks.
fn write_json_str_contents(out: &mut Vec<u8>, text: &str) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    /// True when one of the eight bytes of `word` is zero.
    fn has_zero(word: u64) -> bool {
        word.wrapping_sub(ONES) & !word & HIGHS != 0
    }
    let bytes = text.as_bytes();
    let mut plain_from = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Skip eight bytes at a time while none is below 0x20, a quote or a backslash.
        while let Some(chunk) = bytes.get(i..i + 8) {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
            let control = word.wrapping_sub(0x20 * ONES) & !word & HIGHS != 0;
            if control
                || has_zero(word ^ (u64::from(b'"') * ONES))
                || has_zero(word ^ (u64::from(b'\\') * ONES))
            {
                break;
            }
            i += 8;
        }
        let Some(&byte) = bytes.get(i) else { break };
        let short = match byte {
            b'"' => b'"',
            b'\\' => b'\\',
            0x08 => b'b',
            0x0C => b'f',
            b'\n' => b'n',
            b'\r' => b'r',
            b'\t' => b't',
            0x00..=0x1F => b'u',
            _ => {
                i += 1;
                continue;
            }
        };
        out.extend_from_slice(&bytes[plain_from..i]);
        out.push(b'\\');
        out.push(short);
        if short == b'u' {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(&[
                b'0',
                b'0',
                HEX[usize::from(byte >> 4)],
                HEX[usize::from(byte & 15)],
            ]);
        }
        i += 1;
        plain_from = i;
    }
    out.extend_from_slice(&bytes[plain_from..]);
}

/// The two fields that say whether a JSON file is ours and whether we can read it.
#[derive(Deserialize)]
struct Header {
    format: Option<serde_json::Value>,
    version: Option<serde_json::Value>,
}

/// Reads a review file's bytes; `label` names the file in errors.
///
/// Refuses, each with its own [`LoadErrorKind`]: invalid JSON (with line and column), JSON that
/// is not an article-review file, a newer format version, missing or mistyped fields, and
/// documents that fail [`validate`].
pub fn read_review(bytes: &[u8], label: &str) -> Result<Document, LoadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let header: Header = serde_json::from_slice(bytes).map_err(|e| {
        if e.is_data() {
            LoadError::new(
                LoadErrorKind::NotReviewFile,
                label,
                "is JSON but not an article-review file: its top level is not an object with \
                 \"format\": \"article-review\"",
            )
        } else {
            LoadError::new(
                LoadErrorKind::JsonSyntax,
                label,
                format!("is not valid JSON (truncated or damaged?): {e}"),
            )
        }
    })?;
    match header.format {
        Some(serde_json::Value::String(ref name)) if name == FORMAT_NAME => {}
        Some(other) => {
            return Err(LoadError::new(
                LoadErrorKind::NotReviewFile,
                label,
                format!(
                    "is JSON from another tool, not an article-review file \
                     (its \"format\" is {other}, expected \"{FORMAT_NAME}\")"
                ),
            ));
        }
        None => {
            return Err(LoadError::new(
                LoadErrorKind::NotReviewFile,
                label,
                format!(
                    "is JSON from another tool, not an article-review file \
                     (it has no \"format\": \"{FORMAT_NAME}\")"
                ),
            ));
        }
    }
    let version = header.version.as_ref().and_then(serde_json::Value::as_u64);
    match version {
        Some(v) if (1..=u64::from(FORMAT_VERSION)).contains(&v) => {}
        Some(v) if v > u64::from(FORMAT_VERSION) => {
            return Err(LoadError::new(
                LoadErrorKind::NewerVersion,
                label,
                format!(
                    "uses format version {v}, newer than this build of article-review reads \
                     (version {FORMAT_VERSION}); update article-review to open it"
                ),
            ));
        }
        _ => {
            let found = header.version.map_or("none".to_string(), |v| v.to_string());
            return Err(LoadError::new(
                LoadErrorKind::Invalid,
                label,
                format!(
                    "has no valid format version (found {found}; this build reads version \
                     {FORMAT_VERSION})"
                ),
            ));
        }
    }
    let doc: Document = serde_json::from_slice(bytes).map_err(|e| {
        LoadError::new(
            LoadErrorKind::Invalid,
            label,
            format!("is not a valid article-review file: {e}"),
        )
    })?;
    let problems = validate(&doc);
    if !problems.is_empty() {
        return Err(LoadError::invalid(label, problems));
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut every_ascii: String = (0u8..128).map(char::from).collect();
        every_ascii.push_str("é “curly” 😀 \u{7f}\u{80}\u{2028}");
        let mut texts = vec![every_ascii.clone(), String::new()];
        // Each special character at every position of an eight-byte word, and runs of them.
        for special in ['"', '\\', '\n', '\u{1}', '\u{1f}', ' ', '\u{7f}', 'é'] {
            for at in 0..17 {
                let mut text = "abcdefghijklmnopq".to_string();
                text.insert(at, special);
                texts.push(text.clone());
                texts.push(text.repeat(3));
            }
        }
        texts.push(every_ascii.repeat(5));
        for text in texts {
            let mut out = b"kept".to_vec();
            write_json_str(&mut out, &text);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                format!("kept{}", serde_json::to_string(&text).unwrap()),
                "{text:?}"
            );
        }
    }
}
