//! `article-review extract`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `extract`.
#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// The article to read (.txt, .md, .html, or a review .json).
    #[arg(required_unless_present = "jsonl")]
    pub file: Option<PathBuf>,
    /// Read JSON lines `{"id": ..., "text": ...}` or `{"id": ..., "path": ...}` from stdin and write one document per line.
    #[arg(long, conflicts_with = "file")]
    pub jsonl: bool,
    /// Write here instead of stdout (atomically; an existing file is only replaced on success).
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Worker threads for --jsonl (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
}

/// Runs `extract`.
pub fn run(_args: ExtractArgs, _model: Option<&Path>) -> Result<ExitCode, String> {
    Err("extract: not built yet".into())
}
