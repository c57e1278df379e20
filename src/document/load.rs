//! Opening files: plain text, saved HTML pages and review files.

use std::fmt;
use std::path::Path;

use crate::document::model::{Document, Meta, Source};
use crate::extract::Extractor;

/// Why a file could not be opened. The message names the file and what to do.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadError {
    /// The file concerned.
    pub path: String,
    /// What is wrong, for people.
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for LoadError {}

/// Opens `path`: a review file reopens as saved; an article is read and extracted.
pub fn open_path(path: &Path, extractor: &Extractor) -> Result<Document, LoadError> {
    let err = |message: String| LoadError {
        path: path.display().to_string(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        return serde_json::from_str(&text).map_err(|e| err(e.to_string()));
    }
    let text = text.replace("\r\n", "\n");
    Ok(extractor.document(
        text,
        Source {
            path: Some(path.display().to_string()),
            sha256: None,
            media_type: "text/plain".into(),
            encoding: Some("UTF-8".into()),
        },
        Meta::default(),
    ))
}
