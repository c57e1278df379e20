//! Opening a file for review: [`document`](crate::document) reads it, and an article (not a
//! review file) goes through the [`Extractor`].
//!
//! This is the one step that joins the two: `document` knows nothing of extraction, so the
//! extractor can depend on the document model and not the other way round.

use std::path::Path;

use crate::document::Document;
use crate::document::load::{Article, LoadError, LoadErrorKind, Loaded, load_bytes, load_path};
use crate::extract::Extractor;

/// Opens `path` for review: a review file as saved, an article extracted.
///
/// The file's size is checked before it is read (see [`load_path`]).
pub fn open_path(path: &Path, extractor: &Extractor) -> Result<Document, LoadError> {
    let loaded = load_path(path)?;
    extract_loaded(extractor, loaded, &path.display().to_string())
}

/// Opens a file's bytes for review, as [`open_path`] does, without touching the file system.
pub fn open_bytes(path: &Path, bytes: &[u8], extractor: &Extractor) -> Result<Document, LoadError> {
    let loaded = load_bytes(path, bytes)?;
    extract_loaded(extractor, loaded, &path.display().to_string())
}

/// A review file as it is; an article extracted (see [`extract_article`]). `label` names the
/// file in errors.
pub fn extract_loaded(
    extractor: &Extractor,
    loaded: Loaded,
    label: &str,
) -> Result<Document, LoadError> {
    match loaded {
        Loaded::Review(doc) => Ok(*doc),
        Loaded::Article(article) => extract_article(extractor, article, label),
    }
}

/// Runs the extractor over an article and appends its review document to `out` as one line of
/// JSON with `id` first (for `extract --jsonl`): the bytes that writing [`extract_article`]'s
/// document gives, written without building it. A panic in the extractor becomes an error as
/// in [`extract_article`], and `out` is left as it was.
pub fn write_article_line(
    extractor: &Extractor,
    article: &Article,
    id: &serde_json::Value,
    out: &mut Vec<u8>,
    label: &str,
) -> Result<(), LoadError> {
    let start = out.len();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        extractor.write_json_line(out, Some(id), &article.text, &article.source, &article.meta)
    }))
    .map_err(|payload| {
        out.truncate(start);
        extractor_panicked(label, &*payload)
    })
}

/// Runs the extractor over an article, turning a panic (a bug) into a
/// [`LoadErrorKind::Internal`] error so that one bad article cannot take the window or a whole
/// `--jsonl` run down with it.
pub fn extract_article(
    extractor: &Extractor,
    article: Article,
    label: &str,
) -> Result<Document, LoadError> {
    let Article { text, source, meta } = article;
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        extractor.document(text, source, meta)
    }))
    .map_err(|payload| extractor_panicked(label, &*payload))
}

/// The error for a panic in the extractor (a bug) while extracting the article `label`.
fn extractor_panicked(label: &str, payload: &(dyn std::any::Any + Send)) -> LoadError {
    LoadError::new(
        LoadErrorKind::Internal,
        label,
        format!(
            "the extractor failed on this text (a bug in article-review, please report it): {}",
            crate::panic_message(payload)
        ),
    )
}
