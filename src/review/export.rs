//! The quote table as CSV (RFC 4180 quoting), for spreadsheets and scripts.

use crate::document::model::Document;

/// Quotes a CSV field when it holds a comma, a quotation mark or a line break.
pub fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

/// Every quote of `doc` in text order, one row each, with a header row. Line ends are CRLF as
/// RFC 4180 asks; offsets are code points.
pub fn quotes_csv(doc: &Document) -> String {
    let mut out = String::from(
        "number,id,quote,kind,speaker,speaker_id,speaker_mention,cue,confidence,rule,status,start,end\r\n",
    );
    for (i, q) in doc.quotes.iter().enumerate() {
        let speaker = q
            .speaker
            .as_deref()
            .and_then(|id| doc.entity(id))
            .map(|e| e.name.as_str())
            .unwrap_or("");
        let fields = [
            (i + 1).to_string(),
            q.id.clone(),
            q.text.clone(),
            q.kind.label().to_string(),
            speaker.to_string(),
            q.speaker.clone().unwrap_or_default(),
            q.speaker_mention
                .as_ref()
                .map(|m| m.text.clone())
                .unwrap_or_default(),
            q.cue.as_ref().map(|c| c.text.clone()).unwrap_or_default(),
            format!("{:.3}", q.confidence),
            q.rule.clone(),
            q.status.label().to_string(),
            q.start.to_string(),
            q.end.to_string(),
        ];
        let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}
