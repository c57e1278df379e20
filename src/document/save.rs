//! Saving review files atomically.

use std::path::Path;

use crate::document::model::Document;

/// Writes `doc` to `path` as JSON (temporary file, then rename).
pub fn save_document(path: &Path, doc: &Document) -> std::io::Result<()> {
    let json = serde_json::to_string_pretty(doc).map_err(std::io::Error::other)?;
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, json)?;
    std::fs::rename(&tmp, path)
}
