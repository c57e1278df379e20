//! Writing and reading the JSON file format, version 1 (see `docs/format.md`).
//!
//! Writing follows the field order of the [`Document`] structs, which is the documented key
//! order. Reading checks, in this order: that the bytes are JSON (a syntax error reports its
//! line and column), that it is an article-review file (`"format": "article-review"`), that its
//! version is one this build reads, that it has the expected fields, and finally
//! [`validate`](crate::document::validate()).

use serde::{Deserialize, Serialize};

use crate::document::load::{LoadError, LoadErrorKind};
use crate::document::model::{Document, FORMAT_NAME, FORMAT_VERSION};
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
