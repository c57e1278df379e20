//! The command line: `article-review [FILE]` opens the window; subcommands run headless.
//!
//! Every command reports failure as one line on stderr and a non-zero exit status.

mod compare;
mod convert;
mod error;
mod export;
mod extract;
mod extract_folder;
pub mod package;
mod queue;
mod stats;
mod train;
mod validate;

pub use error::CliError;
pub use extract::extract_jsonl_line;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// The version `--version` prints: the crate's version and the git commit it was built from
/// (recorded by `build.rs`; "unknown" outside a git checkout).
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("ARTICLE_REVIEW_COMMIT"),
    ")"
);

/// Check who said what in a news article.
#[derive(Debug, Parser)]
#[command(name = "article-review", version = VERSION, about)]
pub struct Cli {
    /// An article (.txt, .md, .html) or review file (.json) to open in the window, or a folder
    /// to open as a review queue.
    pub file: Option<PathBuf>,
    /// An entity model made by `article-review train` to use instead of the bundled one.
    #[arg(long, value_name = "MODEL", global = true)]
    pub model: Option<PathBuf>,
    /// What to do; without a command the review window opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Headless commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract entities and quotes from an article and write the review document as JSON.
    Extract(extract::ExtractArgs),
    /// Check review files: format, version, offsets, span texts, ids and references.
    Validate(validate::ValidateArgs),
    /// Train the entity tagger (the bundled model, or a user model from reviewed articles).
    Train(train::TrainArgs),
    /// Agreement between two reviewers: two review files of one article, or two folders.
    Compare(compare::CompareArgs),
    /// Convert between review files and brat, Label Studio, doccano and CoNLL files.
    Convert(convert::ConvertArgs),
    /// List a folder's review queue: every article with its status and quote counts.
    Queue(queue::QueueArgs),
    /// Corpus statistics over review files: speakers, gender, types, kinds, statuses, rules.
    Stats(stats::StatsArgs),
    /// One row per quote across review files, as CSV or JSON lines.
    Export(export::ExportArgs),
}

/// The last panic's message and place, recorded by the panic hook for the one-line report.
static LAST_PANIC: std::sync::Mutex<String> = std::sync::Mutex::new(String::new());

/// Parses the command line and runs it.
pub fn run() -> ExitCode {
    // A bug must end in one line on stderr, not a panic trace: the hook only records the panic;
    // where it is caught (here, or per article in the loader) it is reported once.
    std::panic::set_hook(Box::new(|info| {
        let what = crate::panic_message(info.payload());
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = format!("{what}{place}");
        }
    }));
    let cli = Cli::parse();
    let result = std::panic::catch_unwind(|| match cli.command {
        Some(Command::Extract(args)) => extract::run(args, cli.model.as_deref()),
        Some(Command::Validate(args)) => validate::run(args),
        Some(Command::Train(args)) => train::run(args),
        Some(Command::Compare(args)) => compare::run(args).map_err(CliError::Message),
        Some(Command::Convert(args)) => convert::run(args).map_err(CliError::Message),
        Some(Command::Queue(args)) => queue::run(args).map_err(CliError::Message),
        Some(Command::Stats(args)) => stats::run(args).map_err(CliError::Message),
        Some(Command::Export(args)) => export::run(args).map_err(CliError::Message),
        None => open_window(cli.file, cli.model),
    })
    .unwrap_or_else(|_| {
        let last = LAST_PANIC.lock().map(|s| s.clone()).unwrap_or_default();
        Err(CliError::Internal(last))
    });
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("article-review: {message}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(feature = "gui")]
fn open_window(file: Option<PathBuf>, model: Option<PathBuf>) -> Result<ExitCode, CliError> {
    crate::ui::run(file, model)
        .map(|()| ExitCode::SUCCESS)
        .map_err(CliError::from)
}

#[cfg(not(feature = "gui"))]
fn open_window(_file: Option<PathBuf>, _model: Option<PathBuf>) -> Result<ExitCode, CliError> {
    Err(CliError::NoWindow)
}
