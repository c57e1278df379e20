//! `article-review export DIR|FILE... --format csv|jsonl [-o OUT]`: one row per quote.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::corpus::export::{ExportFormat, QuoteRow, quote_rows, write_rows};
use crate::corpus::{fold_reviews, review_files};
use crate::document::save::{Backup, atomic_write_with};

/// Arguments of `export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Folders (their review files, recursively) and review files.
    #[arg(required = true, value_name = "DIR|FILE")]
    pub inputs: Vec<PathBuf>,
    /// csv or jsonl.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Write here (atomically) instead of stdout.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

/// Runs `export`. Unreadable review files are reported on stderr and left out; the exit status
/// is then 1, after the rows of the rest.
pub fn run(args: ExportArgs) -> Result<ExitCode, String> {
    let files = review_files(&args.inputs)?;
    let (rows, problems) = fold_reviews(
        &files,
        Vec::new,
        |mut rows: Vec<QuoteRow>, file, doc| {
            rows.extend(quote_rows(&file.name, &doc));
            rows
        },
        |mut a, b| {
            a.extend(b);
            a
        },
    );
    for (name, message) in &problems {
        eprintln!("article-review: skipped {name}: {message}");
    }
    match &args.output {
        Some(path) => {
            atomic_write_with(path, Backup::None, |out| write_rows(rows, args.format, out))
                .map_err(|e| e.to_string())?
        }
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            write_rows(rows, args.format, &mut out)
                .map_err(|e| format!("cannot write to stdout: {e}"))?;
        }
    }
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
