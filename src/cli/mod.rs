//! The command line: `article-review [FILE]` opens the window; subcommands run headless.
//!
//! Every command reports failure as one line on stderr and a non-zero exit status.

mod extract;
mod train;
mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Check who said what in a news article.
#[derive(Debug, Parser)]
#[command(name = "article-review", version, about)]
pub struct Cli {
    /// An article (.txt, .md, .html) or review file (.json) to open in the window.
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
}

/// Parses the command line and runs it.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Extract(args)) => extract::run(args, cli.model.as_deref()),
        Some(Command::Validate(args)) => validate::run(args),
        Some(Command::Train(args)) => train::run(args),
        None => open_window(cli.file, cli.model),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("article-review: {message}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(feature = "gui")]
fn open_window(file: Option<PathBuf>, model: Option<PathBuf>) -> Result<ExitCode, String> {
    crate::ui::run(file, model).map(|()| ExitCode::SUCCESS)
}

#[cfg(not(feature = "gui"))]
fn open_window(_file: Option<PathBuf>, _model: Option<PathBuf>) -> Result<ExitCode, String> {
    Err("this build has no window (built without the `gui` feature); use `article-review extract FILE`".into())
}
