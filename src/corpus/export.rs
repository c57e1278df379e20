//! Corpus export: one row per quote across a folder, as CSV or JSON lines.
//!
//! Every quote is exported, rejected ones included (the `status` column tells); the speaker's
//! type and gender follow the statistics' conventions (no speaker: type `none`, gender
//! `unknown`).

use std::io::Write;

use serde::Serialize;

use crate::corpus::gender::{gender_label, speaker_gender};
use crate::document::model::Document;

/// One exported quote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteRow {
    /// The article: its path under the exported folder, or the review file as given.
    pub article: String,
    /// The quote's id in its review file.
    pub quote_id: String,
    /// direct, mixed or indirect.
    pub kind: String,
    /// The quote's text.
    pub text: String,
    /// The speaker's name; empty without a speaker.
    pub speaker: String,
    /// PERSON, ORG, LOC, MISC, or none without a speaker.
    #[serde(rename = "type")]
    pub speaker_type: String,
    /// female, male or unknown.
    pub gender: String,
    /// auto, confirmed, corrected, rejected or added.
    pub status: String,
    /// The extractor's confidence.
    pub confidence: f32,
    /// The reviewer's note, if any.
    pub note: Option<String>,
    /// The reviewer's flag, if any: needs-check, misattributed, not-a-quote or fabricated.
    pub flag: Option<String>,
    /// First code point of the quote.
    pub start: usize,
    /// One past its last code point.
    pub end: usize,
}

/// The rows of one article, in the file's quote order.
pub fn quote_rows(article: &str, doc: &Document) -> Vec<QuoteRow> {
    doc.quotes
        .iter()
        .map(|quote| {
            let entity = quote.speaker.as_deref().and_then(|id| doc.entity(id));
            QuoteRow {
                article: article.to_string(),
                quote_id: quote.id.clone(),
                kind: quote.kind.label().to_string(),
                text: quote.text.clone(),
                speaker: entity.map(|e| e.name.clone()).unwrap_or_default(),
                speaker_type: entity.map_or("none", |e| e.entity_type.label()).to_string(),
                gender: gender_label(entity.and_then(|e| speaker_gender(doc, e))).to_string(),
                status: quote.status.label().to_string(),
                confidence: quote.confidence,
                note: quote.note.clone(),
                flag: quote.flag.map(|f| f.label().to_string()),
                start: quote.start,
                end: quote.end,
            }
        })
        .collect()
}

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// Comma-separated values with a header row.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

/// Writes rows in `format`. CSV starts with a header row even when there are no rows.
pub fn write_rows(
    rows: impl IntoIterator<Item = QuoteRow>,
    format: ExportFormat,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        ExportFormat::Csv => {
            let mut writer = csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(out);
            writer.write_record(CSV_HEADER)?;
            for row in rows {
                writer.serialize(row)?;
            }
            writer.flush()
        }
        ExportFormat::Jsonl => {
            for row in rows {
                serde_json::to_writer(&mut *out, &row)?;
                out.write_all(b"\n")?;
            }
            out.flush()
        }
    }
}

/// The CSV columns, in [`QuoteRow`]'s order.
pub const CSV_HEADER: [&str; 13] = [
    "article",
    "quote_id",
    "kind",
    "text",
    "speaker",
    "type",
    "gender",
    "status",
    "confidence",
    "note",
    "flag",
    "start",
    "end",
];
