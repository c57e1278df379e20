//! Invariants the fuzz targets check on everything the engine produces.
//!
//! A failed check panics with the reason, which libFuzzer reports as a crash and saves the
//! input under `fuzz/artifacts/<target>/`.

use article_review::Document;
use article_review::document::validate;

/// Every consistency check a review file must pass ([`validate`]: spans in range and equal to
/// their slices, ids unique, speakers existing entities, confidences in [0, 1]).
pub fn check_document(doc: &Document) -> Result<(), String> {
    let problems = validate(doc);
    if problems.is_empty() {
        Ok(())
    } else {
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        Err(lines.join("\n"))
    }
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
