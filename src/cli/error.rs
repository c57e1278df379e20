//! Why a command failed: printed as one line on stderr, with the cause kept as its `source()`.

use crate::document::load::LoadError;
use crate::document::save::SaveError;
use crate::extract::tagger::TaggerError;

/// A command's failure. Its message is the whole line printed after `article-review: `.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The arguments make no sense together (clap checks the rest before this).
    #[error("{0}")]
    Usage(String),
    /// A file could not be opened.
    #[error("{0}")]
    Load(#[from] LoadError),
    /// An output file could not be written.
    #[error("{0}")]
    Save(#[from] SaveError),
    /// The `--model` file could not be used.
    #[error("--model: {0}")]
    Model(#[source] TaggerError),
    /// The attribution model could not be trained, read or written.
    #[error("{0}")]
    Attribution(String),
    /// Training or evaluating the tagger failed (reading its data, writing the model).
    #[error("{0}")]
    Tagger(#[from] TaggerError),
    /// Standard output (or input, for `--jsonl`) failed, e.g. a closed pipe.
    #[error("{context}: {source}")]
    Stream {
        /// Which command and stream.
        context: &'static str,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// The worker threads for `--jsonl` could not start.
    #[error("cannot start worker threads: {0}")]
    Threads(#[from] rayon::ThreadPoolBuildError),
    /// A document could not be turned into JSON.
    #[error("cannot write the document as JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// This build has no window.
    #[error(
        "this build has no window (built without the `gui` feature); use `article-review extract FILE`"
    )]
    NoWindow,
    /// The window could not open or failed.
    #[cfg(feature = "gui")]
    #[error(transparent)]
    Window(#[from] crate::ui::UiError),
    /// A command that still reports its failure as a message (compare, convert).
    #[error("{0}")]
    Message(String),
    /// A bug: a panic caught at the top, with its message and place.
    #[error("internal error (a bug, please report it): {0}")]
    Internal(String),
}
