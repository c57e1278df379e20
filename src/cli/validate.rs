//! `article-review validate`.

use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Review files to check.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

/// Runs `validate`.
pub fn run(_args: ValidateArgs) -> Result<ExitCode, String> {
    Err("validate: not built yet".into())
}
