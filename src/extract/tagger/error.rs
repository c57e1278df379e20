//! What can go wrong reading, writing and training entity models.

use std::path::PathBuf;

/// Why the bytes of a model file are not a model this build can use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    /// The bytes do not start with the model file's magic number.
    #[error("not an article-review entity model (wrong file type)")]
    WrongFileType,
    /// The file ends before the model does.
    #[error("the entity model is truncated")]
    Truncated,
    /// The checksum at the end does not match the bytes before it.
    #[error("the entity model is corrupt or truncated (checksum mismatch)")]
    ChecksumMismatch,
    /// The model was written in another file format version.
    #[error(
        "the entity model has format version {found}; this build reads version {expected} \
         (retrain it with `article-review train`)"
    )]
    FormatVersion {
        /// The version in the file.
        found: u32,
        /// The version this build reads.
        expected: u32,
    },
    /// The model was trained with another feature set than this build computes.
    #[error(
        "the entity model was trained with feature set {found}; this build uses {expected} \
         (retrain it with `article-review train`)"
    )]
    FeatureSet {
        /// The feature set in the file.
        found: u32,
        /// The feature set of this build.
        expected: u32,
    },
    /// The model has another number of labels than this build's tagger.
    #[error("the entity model has {found} labels; this build expects {expected}")]
    Labels {
        /// The label count in the file.
        found: u32,
        /// The label count of this build.
        expected: usize,
    },
    /// A field holds an impossible value.
    #[error("the entity model is corrupt ({0})")]
    Corrupt(&'static str),
}

/// A failure of the tagger's file work: reading or writing a model, reading training data.
#[derive(Debug, thiserror::Error)]
pub enum TaggerError {
    /// The operating system refused to read or write a file.
    #[error("cannot {action} {path}: {source}")]
    Io {
        /// What was being done, e.g. "read entity model", "write".
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// A model file that is not a usable model.
    #[error("{path}: {source}")]
    Model {
        /// The file.
        path: PathBuf,
        /// What is wrong with its bytes.
        #[source]
        source: ModelError,
    },
    /// A line of a gold JSON lines file that is not JSON.
    #[error("{path}:{line}: {source}")]
    GoldJson {
        /// The file.
        path: PathBuf,
        /// The line number (from 1).
        line: usize,
        /// The JSON parser's error.
        #[source]
        source: serde_json::Error,
    },
    /// A line of a gold JSON lines file without its text.
    #[error("{path}:{line}: no \"text\"")]
    GoldWithoutText {
        /// The file.
        path: PathBuf,
        /// The line number (from 1).
        line: usize,
    },
    /// A file given as a review file that is not one.
    #[error("{path} is not a review file: {source}")]
    NotReviewFile {
        /// The file.
        path: PathBuf,
        /// The JSON parser's error.
        #[source]
        source: serde_json::Error,
    },
}

impl TaggerError {
    /// An I/O error while doing `action` on `path`.
    pub fn io(action: &'static str, path: &std::path::Path, source: std::io::Error) -> TaggerError {
        TaggerError::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
}
