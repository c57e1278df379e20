//! `article-review validate`: checks review files and prints every problem with where it is.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::document::json::read_review;
use crate::document::load::read_file;

/// Arguments of `validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Review files to check.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

/// Runs `validate`: one line per problem on stdout (`FILE: quotes[3].end: ...`), exit status 1
/// if any file has a problem, 0 if all are valid.
pub fn run(args: ValidateArgs) -> Result<ExitCode, super::CliError> {
    let mut bad_files = 0usize;
    for file in &args.files {
        let lines = check(file);
        if !lines.is_empty() {
            bad_files += 1;
        }
        for line in lines {
            println!("{line}");
        }
    }
    if bad_files > 0 {
        eprintln!(
            "article-review: {bad_files} of {} file(s) have problems",
            args.files.len()
        );
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// The problem lines for one file; empty when it is valid.
fn check(file: &std::path::Path) -> Vec<String> {
    let label = file.display().to_string();
    let outcome = read_file(file).and_then(|bytes| read_review(&bytes, &label));
    match outcome {
        Ok(_) => Vec::new(),
        Err(error) if error.problems.is_empty() => vec![error.to_string()],
        Err(error) => error
            .problems
            .iter()
            .map(|problem| format!("{label}: {problem}"))
            .collect(),
    }
}
