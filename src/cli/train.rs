//! `article-review train`.

use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `train`.
#[derive(Debug, clap::Args)]
pub struct TrainArgs {
    /// Reviewed article files whose confirmed, corrected and added entities extend the training data.
    #[arg(long = "from", value_name = "REVIEWED.json", num_args = 1..)]
    pub from: Vec<PathBuf>,
    /// Where to write the model.
    #[arg(short, long, value_name = "MODEL")]
    pub output: Option<PathBuf>,
}

/// Runs `train`.
pub fn run(_args: TrainArgs) -> Result<ExitCode, String> {
    Err("train: not built yet".into())
}
