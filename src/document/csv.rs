//! Quotes as CSV (RFC 4180), one row per quote, for spreadsheets and scripts.
//!
//! The window's "Export quotes as CSV" and the corpus export build their rows here, so both
//! write the same columns; a corpus export puts its own columns (the file) in front.

use crate::document::model::{Document, Quote};

/// The column names of a quote row, in order. Offsets are code points.
pub const QUOTE_COLUMNS: [&str; 15] = [
    "number",
    "id",
    "quote",
    "kind",
    "speaker",
    "speaker_id",
    "speaker_mention",
    "cue",
    "confidence",
    "rule",
    "status",
    "start",
    "end",
    "flag",
    "note",
];

/// Quotes a CSV field when it holds a comma, a quotation mark or a line break.
pub fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

/// One CSV line from `fields`, each quoted as needed, ending in CRLF as RFC 4180 asks.
pub fn csv_line<S: AsRef<str>>(fields: &[S]) -> String {
    let mut line = fields
        .iter()
        .map(|f| csv_field(f.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// The fields of `quote` (of `doc`) in [`QUOTE_COLUMNS`] order; `number` is its 1-based
/// position in the document. Missing values are empty fields.
pub fn quote_fields(doc: &Document, number: usize, quote: &Quote) -> Vec<String> {
    let speaker = quote
        .speaker
        .as_deref()
        .and_then(|id| doc.entity(id))
        .map(|e| e.name.clone())
        .unwrap_or_default();
    vec![
        number.to_string(),
        quote.id.clone(),
        quote.text.clone(),
        quote.kind.label().to_string(),
        speaker,
        quote.speaker.clone().unwrap_or_default(),
        quote
            .speaker_mention
            .as_ref()
            .map(|m| m.text.clone())
            .unwrap_or_default(),
        quote
            .cue
            .as_ref()
            .map(|c| c.text.clone())
            .unwrap_or_default(),
        format!("{:.3}", quote.confidence),
        quote.rule.clone(),
        quote.status.label().to_string(),
        quote.start.to_string(),
        quote.end.to_string(),
        quote
            .flag
            .map(|f| f.label().to_string())
            .unwrap_or_default(),
        quote.note.clone().unwrap_or_default(),
    ]
}

/// Every quote of `doc` in text order, one row each, after a header row of [`QUOTE_COLUMNS`].
pub fn quotes_csv(doc: &Document) -> String {
    let mut out = csv_line(&QUOTE_COLUMNS);
    for (i, quote) in doc.quotes.iter().enumerate() {
        out.push_str(&csv_line(&quote_fields(doc, i + 1, quote)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::model::{
        Entity, EntityType, Meta, Origin, QuoteFlag, QuoteKind, QuoteStatus, Source,
    };

    fn doc() -> Document {
        let text = "Zoë said “a, \"b\"\r\nc 😀” today.".to_string();
        let mut doc = Document::new(text, Source::in_memory(), Meta::default());
        doc.entities.push(Entity {
            id: "e1".into(),
            name: "Zoë".into(),
            entity_type: EntityType::Person,
            origin: Origin::Auto,
            mentions: vec![doc.span(0, 3)],
            gender: None,
        });
        let content = doc.span(10, 21);
        doc.quotes.push(Quote {
            id: "q7".into(),
            kind: QuoteKind::Direct,
            start: content.start,
            end: content.end,
            text: content.text,
            speaker: Some("e1".into()),
            speaker_mention: Some(doc.span(0, 3)),
            cue: Some(doc.span(4, 8)),
            confidence: 0.8765,
            rule: "quote-speaker-cue".into(),
            status: QuoteStatus::Corrected,
            predicted: None,
            fragments: vec![],
            note: Some("Check the \"b\", please".into()),
            flag: Some(QuoteFlag::NeedsCheck),
        });
        doc
    }

    #[test]
    fn fields_with_commas_quotes_or_line_breaks_are_quoted() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field("cr\ronly"), "\"cr\ronly\"");
    }

    #[test]
    fn a_row_has_every_column_and_the_flag_and_note() {
        let doc = doc();
        let fields = quote_fields(&doc, 1, &doc.quotes[0]);
        assert_eq!(fields.len(), QUOTE_COLUMNS.len());
        let column = |name: &str| &fields[QUOTE_COLUMNS.iter().position(|c| *c == name).unwrap()];
        assert_eq!(column("speaker"), "Zoë");
        assert_eq!(column("quote"), "a, \"b\"\r\nc 😀");
        assert_eq!(column("confidence"), "0.877");
        assert_eq!(
            (column("start").as_str(), column("end").as_str()),
            ("10", "21")
        );
        assert_eq!(column("flag"), "needs-check");
        assert_eq!(column("note"), "Check the \"b\", please");
        assert_eq!(
            quotes_csv(&doc),
            "number,id,quote,kind,speaker,speaker_id,speaker_mention,cue,confidence,rule,status,\
             start,end,flag,note\r\n\
             1,q7,\"a, \"\"b\"\"\r\nc 😀\",direct,Zoë,e1,Zoë,said,0.877,quote-speaker-cue,\
             corrected,10,21,needs-check,\"Check the \"\"b\"\", please\"\r\n"
        );
    }

    #[test]
    fn a_quote_without_speaker_flag_or_note_has_empty_fields() {
        let mut doc = doc();
        let q = &mut doc.quotes[0];
        (q.speaker, q.speaker_mention, q.cue, q.note, q.flag) = (None, None, None, None, None);
        let fields = quote_fields(&doc, 3, &doc.quotes[0]);
        assert_eq!(fields[0], "3");
        for name in [
            "speaker",
            "speaker_id",
            "speaker_mention",
            "cue",
            "flag",
            "note",
        ] {
            let i = QUOTE_COLUMNS.iter().position(|c| *c == name).unwrap();
            assert_eq!(fields[i], "", "{name}");
        }
    }
}
