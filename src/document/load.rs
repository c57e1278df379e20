//! Reading files: plain text, saved HTML pages and review files.
//!
//! [`load_path`] checks the file's metadata (exists, is a file, not over [`MAX_FILE_BYTES`])
//! before reading a byte, then hands the bytes to [`load_bytes`], which is also the entry point
//! for fuzzing. Every refusal is a [`LoadError`] naming the file and saying what is wrong.
//!
//! Loading does not extract: an article comes back as its text with its source and meta
//! ([`Loaded::Article`]); [`crate::open`] runs the extractor over it.

mod html;
mod text;

use std::fmt;
use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::document::json;
use crate::document::model::{Document, Meta, Source};
use crate::document::validate::Problem;

pub use html::{MAX_HTML_DEPTH, html_article};
pub use text::{decode_text, normalize_line_ends};

/// The largest file [`load_path`] reads: 50 MB. Larger files are refused before they are read.
///
/// A long news article is well under 1 MB; the limit only guards against opening the wrong file
/// (a video, a database dump) and freezing the window.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

/// What kind of problem stopped a file from opening.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LoadErrorKind {
    /// There is no file at the path.
    NotFound,
    /// The path is a folder or another non-file.
    NotAFile,
    /// The file is larger than [`MAX_FILE_BYTES`].
    TooLarge,
    /// The operating system refused to read it (permissions, I/O error).
    Unreadable,
    /// The file is empty or holds only white space.
    Empty,
    /// The file holds binary data (NUL bytes, many control characters).
    Binary,
    /// The bytes are not valid in any encoding we could identify.
    Encoding,
    /// An HTML page in which no article text was found.
    NoArticleText,
    /// An HTML page nested deeper than [`MAX_HTML_DEPTH`].
    TooDeep,
    /// A `.json` file that is not valid JSON (truncated, for example).
    JsonSyntax,
    /// JSON that is not an article-review file (another tool's JSON).
    NotReviewFile,
    /// An article-review file written in a newer format version than this build reads.
    NewerVersion,
    /// An article-review file whose content is inconsistent; see [`LoadError::problems`].
    Invalid,
    /// The extractor failed on the text (see [`crate::open`]): a bug in article-review, not in
    /// the file.
    Internal,
}

/// Why a file could not be opened. The message names the file and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadError {
    /// What kind of problem it is.
    pub kind: LoadErrorKind,
    /// The file concerned.
    pub path: String,
    /// What is wrong, for people (without the path).
    pub message: String,
    /// For [`LoadErrorKind::Invalid`]: every problem found, with where it is.
    pub problems: Vec<Problem>,
}

impl LoadError {
    /// An error of `kind` about the file labelled `path`.
    pub fn new(kind: LoadErrorKind, path: &str, message: impl Into<String>) -> LoadError {
        LoadError {
            kind,
            path: path.to_string(),
            message: message.into(),
            problems: Vec::new(),
        }
    }
}

/// How many problems the message of an [`LoadErrorKind::Invalid`] error lists.
const PROBLEMS_IN_MESSAGE: usize = 3;

impl LoadError {
    /// An [`LoadErrorKind::Invalid`] error for a review file with `problems`; the message lists
    /// the first few, so that the one-line form is enough to find them.
    pub fn invalid(path: &str, problems: Vec<Problem>) -> LoadError {
        let shown: Vec<String> = problems
            .iter()
            .take(PROBLEMS_IN_MESSAGE)
            .map(Problem::to_string)
            .collect();
        let mut message = format!(
            "is an inconsistent review file ({} problem{}): {}",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" },
            shown.join("; ")
        );
        if problems.len() > PROBLEMS_IN_MESSAGE {
            message.push_str(&format!(
                "; and {} more (run `article-review validate` for all)",
                problems.len() - PROBLEMS_IN_MESSAGE
            ));
        }
        LoadError {
            kind: LoadErrorKind::Invalid,
            path: path.to_string(),
            message,
            problems,
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for LoadError {}

/// What a file holds, decided from its name and, for unknown names, its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// An article-review JSON file.
    Review,
    /// A saved web page.
    Html,
    /// Plain text (including Markdown).
    Text,
}

impl FileKind {
    /// The kind of the file at `path` with content starting `bytes`.
    pub fn detect(path: &Path, bytes: &[u8]) -> FileKind {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase());
        let backup_of_json = extension.as_deref() == Some("bak")
            && path
                .file_stem()
                .and_then(|stem| Path::new(stem).extension())
                .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        match extension.as_deref() {
            Some("json") => FileKind::Review,
            _ if backup_of_json => FileKind::Review,
            Some("html" | "htm" | "xhtml") => FileKind::Html,
            Some("txt" | "md" | "markdown" | "text") => FileKind::Text,
            _ if looks_like_html(bytes) => FileKind::Html,
            _ if looks_like_review(bytes) => FileKind::Review,
            _ => FileKind::Text,
        }
    }
}

/// True when the bytes start like a JSON object that names our format near its start.
fn looks_like_review(bytes: &[u8]) -> bool {
    let start = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut rest = start.iter().skip_while(|b| b.is_ascii_whitespace());
    rest.next() == Some(&b'{') && {
        let head = &start[..start.len().min(256)];
        head.windows(16).any(|w| w == b"\"article-review\"")
    }
}

/// True when the first non-blank bytes are an HTML doctype or `<html>` tag.
fn looks_like_html(bytes: &[u8]) -> bool {
    let start = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let head: Vec<u8> = start
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take(16)
        .map(u8::to_ascii_lowercase)
        .collect();
    head.starts_with(b"<!doctype html") || head.starts_with(b"<html")
}

/// An article read from a file, not yet extracted: its text, where it came from and the page's
/// metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// The text to review. Read from a file: decoded, line ends normalised, never blank.
    pub text: String,
    /// The file it came from.
    pub source: Source,
    /// Title, byline and date, when the file is a page that names them.
    pub meta: Meta,
}

impl Article {
    /// An article given as text rather than read from a file (`extract --jsonl`'s `"text"`):
    /// the text is kept exactly as given, line ends included, so that offsets match the
    /// caller's copy of it.
    pub fn from_text(text: String) -> Article {
        Article {
            source: Source {
                path: None,
                sha256: Some(sha256_hex(text.as_bytes())),
                media_type: "text/plain".into(),
                encoding: Some("UTF-8".into()),
            },
            meta: Meta::default(),
            text,
        }
    }
}

/// What a file held.
#[derive(Debug, Clone, PartialEq)]
pub enum Loaded {
    /// An article (plain text or a saved page), to be extracted before review.
    Article(Article),
    /// A review file, reopened as saved (it passed [`validate`](crate::document::validate())).
    Review(Box<Document>),
}

/// Reads `path`: a review file as saved (after [`validate`](crate::document::validate())); an
/// article read and decoded, not extracted.
///
/// The file's size is checked before it is read: files over [`MAX_FILE_BYTES`] are refused.
pub fn load_path(path: &Path) -> Result<Loaded, LoadError> {
    let bytes = read_file(path)?;
    load_bytes(path, &bytes)
}

/// Reads the whole file at `path` after checking that it is a regular file within the size limit.
pub fn read_file(path: &Path) -> Result<Vec<u8>, LoadError> {
    let label = path.display().to_string();
    let metadata = std::fs::metadata(path).map_err(|e| io_error(&label, &e))?;
    if metadata.is_dir() {
        return Err(LoadError::new(
            LoadErrorKind::NotAFile,
            &label,
            "is a folder, not a file; choose an article or review file inside it",
        ));
    }
    if !metadata.is_file() {
        return Err(LoadError::new(
            LoadErrorKind::NotAFile,
            &label,
            "is not a regular file (a device, pipe or socket)",
        ));
    }
    check_size(&label, metadata.len())?;
    let file = std::fs::File::open(path).map_err(|e| io_error(&label, &e))?;
    // Read at most one byte past the limit, in case the file grew since its metadata was read.
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(&label, &e))?;
    check_size(&label, bytes.len() as u64)?;
    Ok(bytes)
}

fn check_size(label: &str, len: u64) -> Result<(), LoadError> {
    if len > MAX_FILE_BYTES {
        return Err(LoadError::new(
            LoadErrorKind::TooLarge,
            label,
            format!(
                "is {} MB, over the {} MB limit for articles and review files",
                len.div_ceil(1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    Ok(())
}

fn io_error(label: &str, error: &std::io::Error) -> LoadError {
    let (kind, message) = match error.kind() {
        std::io::ErrorKind::NotFound => (LoadErrorKind::NotFound, "no such file".to_string()),
        std::io::ErrorKind::PermissionDenied => (
            LoadErrorKind::Unreadable,
            "permission denied: cannot read it".to_string(),
        ),
        std::io::ErrorKind::IsADirectory => (
            LoadErrorKind::NotAFile,
            "is a folder, not a file".to_string(),
        ),
        _ => (
            LoadErrorKind::Unreadable,
            format!("cannot read it: {error}"),
        ),
    };
    LoadError::new(kind, label, message)
}

/// Reads a file's bytes; `path` decides the file kind (by extension, or by content for unknown
/// extensions) and names the file in errors and in `source.path`.
///
/// This never touches the file system, so it is what fuzzing and property tests call.
pub fn load_bytes(path: &Path, bytes: &[u8]) -> Result<Loaded, LoadError> {
    let label = path.display().to_string();
    if bytes.is_empty() {
        return Err(LoadError::new(
            LoadErrorKind::Empty,
            &label,
            "is empty (0 bytes)",
        ));
    }
    let kind = FileKind::detect(path, bytes);
    if kind == FileKind::Review {
        return json::read_review(bytes, &label).map(|doc| Loaded::Review(Box::new(doc)));
    }
    let decoded = decode_text(bytes).map_err(|(k, m)| LoadError::new(k, &label, m))?;
    let (text, meta, media_type) = match kind {
        FileKind::Html => {
            let article =
                html_article(&decoded.text).map_err(|(k, m)| LoadError::new(k, &label, m))?;
            (article.text, article.meta, "text/html")
        }
        _ => (
            normalize_line_ends(decoded.text),
            Meta::default(),
            "text/plain",
        ),
    };
    if text.trim().is_empty() {
        return Err(LoadError::new(
            LoadErrorKind::Empty,
            &label,
            "holds only white space: there is no text to review",
        ));
    }
    let source = Source {
        path: Some(label.clone()),
        sha256: Some(sha256_hex(bytes)),
        media_type: media_type.to_string(),
        encoding: Some(decoded.encoding.to_string()),
    };
    Ok(Loaded::Article(Article { text, source, meta }))
}

/// Lower-case hex SHA-256 of `bytes`, as written in `source.sha256`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(64);
    for byte in digest {
        hex.push(char::from(DIGITS[usize::from(byte >> 4)]));
        hex.push(char::from(DIGITS[usize::from(byte & 15)]));
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_known_input() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn unknown_extension_sniffs_html() {
        let path = Path::new("page");
        assert_eq!(
            FileKind::detect(path, b"  <!DOCTYPE html><p>x"),
            FileKind::Html
        );
        assert_eq!(FileKind::detect(path, b"He said hi."), FileKind::Text);
        assert_eq!(
            FileKind::detect(Path::new("a.TXT"), b"<html>"),
            FileKind::Text
        );
        assert_eq!(FileKind::detect(Path::new("a.Json"), b""), FileKind::Review);
        assert_eq!(
            FileKind::detect(Path::new("r.json.bak"), b""),
            FileKind::Review
        );
        assert_eq!(
            FileKind::detect(path, b"\n{\"format\": \"article-review\", \"version\": 1"),
            FileKind::Review
        );
        assert_eq!(FileKind::detect(path, b"{not ours}"), FileKind::Text);
    }

    #[test]
    fn invalid_error_lists_first_problems() {
        let problems = (0..4)
            .map(|i| Problem {
                path: format!("quotes[{i}].end"),
                message: "past the end".into(),
            })
            .collect();
        let error = LoadError::invalid("r.json", problems);
        assert_eq!(error.problems.len(), 4);
        let line = error.to_string();
        assert!(
            line.starts_with(
                "r.json: is an inconsistent review file (4 problems): quotes[0].end: past the end;"
            ),
            "{line}"
        );
        assert!(line.contains("and 1 more"));
        assert!(!line.contains("quotes[3]"));
    }
}
