//! Invariants the fuzz targets check on everything the engine produces.
//!
//! A failed check panics with the reason, which libFuzzer reports as a crash and saves the
//! input under `fuzz/artifacts/<target>/`.

use std::collections::HashSet;

use article_review::text::char_slice;
use article_review::{Document, Entity, Quote, Span};

/// Checks one span against the text it claims to cover.
fn check_span(text: &str, char_len: usize, span: &Span, at: &str) -> Result<(), String> {
    if span.start > span.end || span.end > char_len {
        return Err(format!(
            "{at}: [{}, {}) out of range (text has {char_len} code points)",
            span.start, span.end
        ));
    }
    let slice = char_slice(text, span.start, span.end);
    if slice != span.text {
        return Err(format!(
            "{at}: text {:?} differs from slice {slice:?}",
            span.text
        ));
    }
    Ok(())
}

/// The quote's content as a span, so it is checked like every other span.
fn content(quote: &Quote) -> Span {
    Span {
        start: quote.start,
        end: quote.end,
        text: quote.text.clone(),
    }
}

/// Every span in range and equal to its slice, ids unique, speakers existing entities,
/// confidences in [0, 1].
pub fn check_document(doc: &Document) -> Result<(), String> {
    let text = doc.text.as_str();
    let char_len = text.chars().count();
    let mut ids = HashSet::new();
    for (i, Entity { id, mentions, .. }) in doc.entities.iter().enumerate() {
        if !ids.insert(id.as_str()) {
            return Err(format!("entities[{i}].id {id:?} is not unique"));
        }
        for (m, mention) in mentions.iter().enumerate() {
            check_span(
                text,
                char_len,
                mention,
                &format!("entities[{i}].mentions[{m}]"),
            )?;
        }
    }
    for (i, quote) in doc.quotes.iter().enumerate() {
        if !ids.insert(quote.id.as_str()) {
            return Err(format!("quotes[{i}].id {:?} is not unique", quote.id));
        }
        check_span(text, char_len, &content(quote), &format!("quotes[{i}]"))?;
        if let Some(span) = &quote.speaker_mention {
            check_span(
                text,
                char_len,
                span,
                &format!("quotes[{i}].speaker_mention"),
            )?;
        }
        if let Some(span) = &quote.cue {
            check_span(text, char_len, span, &format!("quotes[{i}].cue"))?;
        }
        for (f, span) in quote.fragments.iter().enumerate() {
            check_span(text, char_len, span, &format!("quotes[{i}].fragments[{f}]"))?;
        }
        if let Some(span) = quote
            .predicted
            .as_ref()
            .and_then(|p| p.speaker_mention.as_ref())
        {
            check_span(
                text,
                char_len,
                span,
                &format!("quotes[{i}].predicted.speaker_mention"),
            )?;
        }
        if let Some(speaker) = &quote.speaker
            && doc.entity(speaker).is_none()
        {
            return Err(format!("quotes[{i}].speaker {speaker:?} is no entity"));
        }
        if !(0.0..=1.0).contains(&quote.confidence) {
            return Err(format!(
                "quotes[{i}].confidence {} outside [0, 1]",
                quote.confidence
            ));
        }
    }
    Ok(())
}

/// Writes `doc` as JSON and reads it back: the result must be identical.
pub fn check_json_round_trip(doc: &Document) -> Result<(), String> {
    let json = serde_json::to_string(doc).map_err(|e| format!("serialising: {e}"))?;
    let back: Document = serde_json::from_str(&json).map_err(|e| format!("reading back: {e}"))?;
    if &back != doc {
        return Err(format!("JSON round trip changed the document:\n{json}"));
    }
    Ok(())
}
