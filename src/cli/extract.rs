//! `article-review extract`: one article to a review document, or many as JSON lines.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;
use serde::Deserialize;

use crate::document::json::{to_json_line_with_id, to_json_pretty};
use crate::document::load::{open_path, sha256_hex};
use crate::document::model::{Meta, Source};
use crate::document::save::{Backup, atomic_write, atomic_write_with};
use crate::extract::Extractor;
use crate::extract::tagger::Tagger;

/// Arguments of `extract`.
#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// The article to read (.txt, .md, .html, or a review .json).
    #[arg(required_unless_present = "jsonl")]
    pub file: Option<PathBuf>,
    /// Read JSON lines `{"id": ..., "text": ...}` or `{"id": ..., "path": ...}` from stdin and
    /// write one document per line, `"id"` first, in input order. A bad line becomes
    /// `{"id": ..., "line": N, "error": "..."}` and the exit status is 1.
    #[arg(long, conflicts_with = "file")]
    pub jsonl: bool,
    /// Write here instead of stdout (atomically; a refused input leaves an existing OUT untouched).
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Worker threads for --jsonl (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
}

/// Runs `extract`.
pub fn run(args: ExtractArgs, model: Option<&Path>) -> Result<ExitCode, String> {
    let extractor = extractor_for(model)?;
    if args.jsonl {
        return run_jsonl(&extractor, args.output.as_deref(), args.threads);
    }
    let file = args.file.ok_or("extract: no file given")?;
    let doc = open_path(&file, &extractor).map_err(|e| e.to_string())?;
    let json = to_json_pretty(&doc);
    match args.output {
        Some(out) => atomic_write(&out, json.as_bytes()).map_err(|e| e.to_string())?,
        None => write_stdout(json.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The extractor, with the user's entity model when `--model` is given.
fn extractor_for(model: Option<&Path>) -> Result<Extractor, String> {
    match model {
        None => Ok(Extractor::bundled()),
        Some(path) => Tagger::load(path)
            .map(Extractor::with_tagger)
            .map_err(|e| format!("--model: {e}")),
    }
}

fn write_stdout(bytes: &[u8]) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| format!("cannot write to stdout: {e}"))
}

/// One input line of `--jsonl`.
#[derive(Deserialize)]
struct InputLine {
    id: serde_json::Value,
    text: Option<String>,
    path: Option<PathBuf>,
}

/// The output line for an input line that failed, in place of its document.
#[derive(serde::Serialize)]
struct ErrorLine<'a> {
    id: &'a serde_json::Value,
    line: usize,
    error: &'a str,
}

/// How many lines are read before they are processed in parallel: enough to keep every core
/// busy, few enough that memory stays bounded on huge inputs.
const LINES_PER_BATCH: usize = 256;

fn run_jsonl(
    extractor: &Extractor,
    output: Option<&Path>,
    threads: Option<usize>,
) -> Result<ExitCode, String> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(n) = threads {
        if n == 0 {
            return Err("--threads must be at least 1".into());
        }
        builder = builder.num_threads(n);
    }
    let pool = builder
        .build()
        .map_err(|e| format!("cannot start worker threads: {e}"))?;
    let mut failed_lines = 0usize;
    let mut process = |out: &mut dyn Write| -> std::io::Result<()> {
        let stdin = std::io::stdin().lock();
        let mut lines = stdin.lines().enumerate();
        loop {
            let mut batch = Vec::with_capacity(LINES_PER_BATCH);
            for (index, line) in lines.by_ref().take(LINES_PER_BATCH) {
                let line = line.map_err(|e| {
                    std::io::Error::new(e.kind(), format!("stdin line {}: {e}", index + 1))
                })?;
                if !line.trim().is_empty() {
                    batch.push((index + 1, line));
                }
            }
            if batch.is_empty() {
                return Ok(());
            }
            let results: Vec<Result<String, (String, String)>> = pool.install(|| {
                batch
                    .par_iter()
                    .map(|(number, line)| extract_line(extractor, *number, line))
                    .collect()
            });
            for result in results {
                match result {
                    Ok(json) => writeln!(out, "{json}")?,
                    Err((error_json, message)) => {
                        failed_lines += 1;
                        eprintln!("article-review: {message}");
                        writeln!(out, "{error_json}")?;
                    }
                }
            }
        }
    };
    match output {
        Some(path) => {
            atomic_write_with(path, Backup::None, &mut process).map_err(|e| e.to_string())?
        }
        None => {
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            process(&mut stdout)
                .and_then(|()| stdout.flush())
                .map_err(|e| format!("extract --jsonl: {e}"))?;
        }
    }
    if failed_lines > 0 {
        eprintln!("article-review: {failed_lines} input line(s) failed; see the \"error\" lines");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// Extracts one input line: the output line, or an error line and the stderr message.
fn extract_line(
    extractor: &Extractor,
    number: usize,
    line: &str,
) -> Result<String, (String, String)> {
    let fail = |id: &serde_json::Value, message: String| {
        let error = ErrorLine {
            id,
            line: number,
            error: &message,
        };
        let json = serde_json::to_string(&error).unwrap_or_default();
        (json, format!("stdin line {number}: {message}"))
    };
    let input: InputLine = serde_json::from_str(line).map_err(|e| {
        fail(
            &serde_json::Value::Null,
            format!("not a JSON object with \"id\" and \"text\" or \"path\": {e}"),
        )
    })?;
    let doc = match (input.text, input.path) {
        // The text is used exactly as given (line ends included), so that offsets match the
        // caller's copy of it.
        (Some(text), None) => {
            let source = Source {
                path: None,
                sha256: Some(sha256_hex(text.as_bytes())),
                media_type: "text/plain".into(),
                encoding: Some("UTF-8".into()),
            };
            extractor.document(text, source, Meta::default())
        }
        (None, Some(path)) => {
            open_path(&path, extractor).map_err(|e| fail(&input.id, e.to_string()))?
        }
        _ => {
            return Err(fail(
                &input.id,
                "needs exactly one of \"text\" and \"path\"".into(),
            ));
        }
    };
    Ok(to_json_line_with_id(&input.id, &doc))
}
