//! doccano JSONL for sequence labelling: one document per line,
//! `{"text": "...", "label": [[start, end, "LABEL"], ...]}`.
//!
//! **Offsets are UTF-16 code units**, not code points: doccano's annotation screen measures
//! spans with JavaScript string indices, so an emoji counts 2 (doccano/doccano#2290; doccano's
//! own documentation shows the `[start, end, label]` form but does not name the unit). Projects
//! made with "Count grapheme clusters as one character" count graphemes instead and are not
//! supported. This module converts both ways and refuses offsets that fall inside an emoji.
//!
//! Labels: `PERSON`, `ORG`, `LOC`, `MISC` for entity mentions; `QUOTE_DIRECT`, `QUOTE_MIXED`,
//! `QUOTE_INDIRECT` for quotes kept in review (rejected quotes are left out); `SOURCE` and `CUE`
//! for speaker mentions and cues. Reading also takes the older `labels` key and the
//! relation-project form `"entities": [{"start_offset", "end_offset", "label"}]`.

use serde_json::{Value, json};

use crate::document::model::{Document, Meta, Quote, QuoteKind, QuoteStatus, Source, Span};
use crate::exchange::{ExchangeError, entity_type_of, group_entities};

/// The rule recorded on quotes read from doccano files.
pub const IMPORT_RULE: &str = "import:doccano";

/// Code point offset → UTF-16 offset table for one text.
struct Utf16Index {
    /// UTF-16 offset of every code point, plus the total at the end.
    units: Vec<usize>,
}

impl Utf16Index {
    fn new(text: &str) -> Utf16Index {
        let mut units = Vec::with_capacity(text.len() + 1);
        let mut at = 0;
        for c in text.chars() {
            units.push(at);
            at += c.len_utf16();
        }
        units.push(at);
        Utf16Index { units }
    }

    fn to_utf16(&self, code_point: usize) -> usize {
        self.units[code_point.min(self.units.len() - 1)]
    }

    /// The code point at UTF-16 offset `unit`, or `None` when it falls inside a surrogate pair
    /// or past the end.
    fn to_code_point(&self, unit: usize) -> Option<usize> {
        self.units.binary_search(&unit).ok()
    }
}

/// `docs` as doccano JSONL, one line each.
pub fn write(docs: &[Document]) -> String {
    let mut out = String::new();
    for doc in docs {
        let index = Utf16Index::new(&doc.text);
        let mut labels: Vec<(usize, usize, String)> = Vec::new();
        let mut push = |span: &Span, label: &str| {
            labels.push((
                index.to_utf16(span.start),
                index.to_utf16(span.end),
                label.to_string(),
            ));
        };
        for entity in &doc.entities {
            for mention in &entity.mentions {
                push(mention, entity.entity_type.label());
            }
        }
        for quote in doc
            .quotes
            .iter()
            .filter(|q| q.status != QuoteStatus::Rejected)
        {
            let span = Span {
                start: quote.start,
                end: quote.end,
                text: quote.text.clone(),
            };
            push(
                &span,
                &format!("QUOTE_{}", quote.kind.label().to_uppercase()),
            );
            if let Some(mention) = &quote.speaker_mention {
                push(mention, "SOURCE");
            }
            if let Some(cue) = &quote.cue {
                push(cue, "CUE");
            }
        }
        labels.sort();
        labels.dedup();
        let labels: Vec<Value> = labels
            .into_iter()
            .map(|(s, e, l)| json!([s, e, l]))
            .collect();
        let line = json!({"text": doc.text, "label": labels});
        out.push_str(&line.to_string());
        out.push('\n');
    }
    out
}

/// Reads doccano JSONL; `label` names the file. Blank lines are skipped.
pub fn read(jsonl: &str, label: &str) -> Result<Vec<Document>, ExchangeError> {
    let mut docs = Vec::new();
    for (n, line) in jsonl.lines().enumerate() {
        let line_no = n + 1;
        if line.trim().is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(line)
            .map_err(|e| ExchangeError::at(label, line_no, format!("is not valid JSON: {e}")))?;
        docs.push(read_line(&value, label, line_no)?);
    }
    Ok(docs)
}

fn read_line(value: &Value, label: &str, line_no: usize) -> Result<Document, ExchangeError> {
    let error = |message: String| ExchangeError::at(label, line_no, message);
    let text = value
        .get("text")
        .and_then(Value::as_str)
        .ok_or_else(|| error("has no \"text\" string".into()))?
        .to_string();
    let index = Utf16Index::new(&text);
    let mut spans: Vec<(usize, usize, String)> = Vec::new();
    let listed = value.get("label").or_else(|| value.get("labels"));
    if let Some(listed) = listed {
        let items = listed
            .as_array()
            .ok_or_else(|| error("\"label\" is not a list of [start, end, label]".into()))?;
        for (k, item) in items.iter().enumerate() {
            let triple = item.as_array().filter(|a| a.len() == 3);
            let parsed =
                triple.and_then(|a| Some((a[0].as_u64()?, a[1].as_u64()?, a[2].as_str()?)));
            let (start, end, name) = parsed.ok_or_else(|| {
                error(format!(
                    "label {k} is {item}, expected [start, end, \"LABEL\"]"
                ))
            })?;
            spans.push((start as usize, end as usize, name.to_string()));
        }
    }
    if let Some(entities) = value.get("entities").and_then(Value::as_array) {
        for (k, item) in entities.iter().enumerate() {
            let parsed = (|| {
                Some((
                    item.get("start_offset")?.as_u64()?,
                    item.get("end_offset")?.as_u64()?,
                    item.get("label")?.as_str()?,
                ))
            })();
            let (start, end, name) = parsed.ok_or_else(|| {
                error(format!(
                    "entity {k} needs start_offset, end_offset and label"
                ))
            })?;
            spans.push((start as usize, end as usize, name.to_string()));
        }
    }
    let total = index.units.last().copied().unwrap_or(0);
    let mut mentions = Vec::new();
    let mut quotes = Vec::new();
    for (start, end, name) in spans {
        let (Some(s), Some(e)) = (index.to_code_point(start), index.to_code_point(end)) else {
            return Err(error(format!(
                "span [{start}, {end}, {name:?}] does not fall on character boundaries of the \
                 text ({total} UTF-16 units; doccano offsets are UTF-16 code units)"
            )));
        };
        if s > e {
            return Err(error(format!(
                "span [{start}, {end}, {name:?}] ends before it starts"
            )));
        }
        let span = Span::from_text(&text, s, e);
        if let Some(entity_type) = entity_type_of(&name) {
            mentions.push((
                format!("{}|{}", span.text, entity_type.label()),
                entity_type,
                span,
            ));
        } else if let Some(kind) = name
            .to_ascii_lowercase()
            .strip_prefix("quote")
            .map(|rest| rest.trim_start_matches(['_', '-', ' ']))
        {
            let kind = QuoteKind::ALL
                .into_iter()
                .find(|k| k.label() == kind)
                .unwrap_or(QuoteKind::Indirect);
            quotes.push(Quote {
                id: String::new(),
                kind,
                start: span.start,
                end: span.end,
                text: span.text,
                speaker: None,
                speaker_mention: None,
                cue: None,
                confidence: 1.0,
                rule: IMPORT_RULE.to_string(),
                status: QuoteStatus::Added,
                predicted: None,
                fragments: Vec::new(),
                note: None,
                flag: None,
            });
        }
        // SOURCE, CUE and labels of no kind we know cannot be tied to a quote: left out.
    }
    let mut doc = Document::new(text, Source::in_memory(), Meta::default());
    doc.entities = group_entities(mentions);
    quotes.sort_by_key(|q| (q.start, q.end));
    for (i, q) in quotes.iter_mut().enumerate() {
        q.id = format!("q{}", i + 1);
    }
    doc.quotes = quotes;
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets_count_an_emoji_twice() {
        let index = Utf16Index::new("a😀b");
        assert_eq!(index.to_utf16(2), 3);
        assert_eq!(index.to_code_point(3), Some(2));
        assert_eq!(index.to_code_point(2), None, "inside the surrogate pair");
    }
}
