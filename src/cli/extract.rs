//! `article-review extract`: one article to a review document, or many as JSON lines.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;
use serde::Deserialize;
use serde::de::{IgnoredAny, MapAccess, Visitor};

use crate::document::json::{to_json_pretty, write_json_line_with_id};
use crate::document::load::Article;
use crate::document::save::{Backup, atomic_write, atomic_write_with};
use crate::extract::Extractor;
use crate::open::{open_path, write_article_line};

use super::CliError;
use crate::extract::quotes::model::AttributionModel;

/// Arguments of `extract`.
#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// The article to read (.txt, .md, .html, or a review .json), or a folder: then every
    /// article in it (recursively) gets a review file, beside it or under -o OUTDIR.
    #[arg(required_unless_present = "jsonl", value_name = "FILE|DIR")]
    pub file: Option<PathBuf>,
    /// Read JSON lines `{"id": ..., "text": ...}` or `{"id": ..., "path": ...}` from stdin and
    /// write one document per line, `"id"` first, in input order. A bad line becomes
    /// `{"id": ..., "line": N, "error": "..."}` (the id as far as the line could be read, else
    /// null) and the exit status is 1.
    #[arg(long, conflicts_with = "file")]
    pub jsonl: bool,
    /// The line number of the first stdin line for --jsonl: when stdin is a slice of a
    /// larger file, error lines and messages then give the line number in the whole file.
    #[arg(long, value_name = "N", requires = "jsonl", default_value_t = 1)]
    pub first_line: usize,
    /// Write here instead of stdout (atomically; a refused input leaves an existing OUT untouched).
    /// For a folder: the output folder, mirroring the folder's structure.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Worker threads for --jsonl and folders (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// For a folder: also replace review files that exist (each kept as FILE.bak).
    #[arg(long)]
    pub force: bool,
    /// Attribute quotes with this attribution model (from `train --attribution`), `bundled` for
    /// the one bundled with the binary, or `rules` for the attribution rules alone (the
    /// default, unless --model brings a user's attribution model).
    #[arg(long, value_name = "MODEL")]
    pub attribution: Option<PathBuf>,
}

/// Runs `extract`.
pub fn run(args: ExtractArgs, model: Option<&Path>) -> Result<ExitCode, CliError> {
    let mut extractor = Extractor::from_model(model).map_err(CliError::Model)?;
    if let Some(path) = model {
        extractor = extractor
            .with_user_attribution(path)
            .map_err(|e| CliError::Attribution(format!("--model: {e}")))?;
    }
    if let Some(path) = &args.attribution {
        extractor = if path.as_os_str() == "rules" {
            extractor.with_attribution(None)
        } else if path.as_os_str() == "bundled" {
            extractor.with_attribution(AttributionModel::bundled())
        } else {
            let model = AttributionModel::load(path)
                .map_err(|e| CliError::Attribution(format!("--attribution: {e}")))?;
            extractor.with_attribution(Some(std::sync::Arc::new(model)))
        };
    }
    if args.jsonl {
        return run_jsonl(
            &extractor,
            args.output.as_deref(),
            args.threads,
            args.first_line,
        );
    }
    let file = args
        .file
        .ok_or_else(|| CliError::Usage("extract: no file given".into()))?;
    if file.is_dir() {
        return crate::cli::extract_folder::run(
            &file,
            args.output.as_deref(),
            args.threads,
            args.force,
            &extractor,
        )
        .map_err(CliError::Message);
    }
    if args.force {
        return Err(CliError::Usage(
            "--force is for folders (extract DIR); -o FILE is always replaced".into(),
        ));
    }
    let doc = open_path(&file, &extractor)?;
    let json = to_json_pretty(&doc);
    match args.output {
        Some(out) => atomic_write(&out, json.as_bytes())?,
        None => write_stdout(json.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn write_stdout(bytes: &[u8]) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|source| CliError::Stream {
            context: "cannot write to stdout",
            source,
        })
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
    first_line: usize,
) -> Result<ExitCode, CliError> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(n) = threads {
        if n == 0 {
            return Err(CliError::Usage("--threads must be at least 1".into()));
        }
        builder = builder.num_threads(n);
    }
    let pool = builder.build()?;
    let mut failed_lines = 0usize;
    let mut process = |out: &mut dyn Write| -> std::io::Result<()> {
        let mut stdin = std::io::stdin().lock();
        // The line strings and the output buffers are reused from batch to batch.
        let mut batch: Vec<(usize, String)> = Vec::new();
        let mut buffers: Vec<Vec<u8>> = Vec::new();
        let mut number = first_line;
        let mut end_of_input = false;
        while !end_of_input {
            let mut filled = 0;
            while filled < LINES_PER_BATCH {
                if filled == batch.len() {
                    batch.push((0, String::new()));
                }
                let (slot_number, line) = &mut batch[filled];
                line.clear();
                let read = stdin.read_line(line).map_err(|e| {
                    std::io::Error::new(e.kind(), format!("stdin line {number}: {e}"))
                })?;
                if read == 0 {
                    end_of_input = true;
                    break;
                }
                // As `lines()` gives them: without "\n" or "\r\n".
                if line.ends_with('\n') {
                    line.pop();
                    if line.ends_with('\r') {
                        line.pop();
                    }
                }
                *slot_number = number;
                number += 1;
                if !line.trim().is_empty() {
                    filled += 1;
                }
            }
            if filled == 0 {
                continue;
            }
            // Runs of lines in order, one output buffer each: a few runs per thread balance
            // the load, and every document is written straight into its run's buffer.
            let lines = &batch[..filled];
            let run = lines.len().div_ceil(4 * pool.current_num_threads()).max(1);
            buffers.resize_with(lines.len().div_ceil(run), Vec::new);
            let messages: Vec<Vec<String>> = pool.install(|| {
                lines
                    .par_chunks(run)
                    .zip(buffers.par_iter_mut())
                    .map(|(lines, buffer)| {
                        buffer.clear();
                        // A document's line is its input line and the spans found in it: room
                        // for twice the input, so the buffer seldom moves while it fills.
                        buffer.reserve(2 * lines.iter().map(|(_, l)| l.len()).sum::<usize>());
                        lines
                            .iter()
                            .filter_map(|(number, line)| {
                                extract_jsonl_line(extractor, *number, line, buffer)
                            })
                            .collect()
                    })
                    .collect()
            });
            for (buffer, messages) in buffers.iter().zip(messages) {
                for message in messages {
                    failed_lines += 1;
                    eprintln!("article-review: {message}");
                }
                out.write_all(buffer)?;
            }
        }
        Ok(())
    };
    match output {
        Some(path) => atomic_write_with(path, Backup::None, &mut process)?,
        None => {
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            process(&mut stdout)
                .and_then(|()| stdout.flush())
                .map_err(|source| CliError::Stream {
                    context: "extract --jsonl",
                    source,
                })?;
        }
    }
    if failed_lines > 0 {
        eprintln!("article-review: {failed_lines} input line(s) failed; see the \"error\" lines");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// Extracts one input line of `extract --jsonl` (line `number` of the input) and appends its
/// output line, line end included, to `out`: the document, or an error line. Returns the stderr
/// message when the line failed. Public so that `benches/allocations.rs` counts this very path.
pub fn extract_jsonl_line(
    extractor: &Extractor,
    number: usize,
    line: &str,
    out: &mut Vec<u8>,
) -> Option<String> {
    let start = out.len();
    let fail = |out: &mut Vec<u8>, id: &serde_json::Value, message: String| {
        out.truncate(start);
        let error = ErrorLine {
            id,
            line: number,
            error: &message,
        };
        // Serialising a JSON value, a number and a string into memory cannot fail.
        let _ = serde_json::to_writer(&mut *out, &error);
        out.push(b'\n');
        Some(format!("stdin line {number}: {message}"))
    };
    let input: InputLine = match serde_json::from_str(line) {
        Ok(input) => input,
        Err(e) => {
            return fail(
                out,
                &id_before_error(line),
                format!("not a JSON object with \"id\" and \"text\" or \"path\": {e}"),
            );
        }
    };
    match (input.text, input.path) {
        (Some(text), None) => {
            let article = Article::from_text(text);
            if let Err(e) = write_article_line(extractor, &article, &input.id, out, "text") {
                return fail(out, &input.id, e.message);
            }
        }
        (None, Some(path)) => match open_path(&path, extractor) {
            Ok(doc) => write_json_line_with_id(out, &input.id, &doc),
            Err(e) => return fail(out, &input.id, e.to_string()),
        },
        _ => {
            return fail(
                out,
                &input.id,
                "needs exactly one of \"text\" and \"path\"".into(),
            );
        }
    }
    out.push(b'\n');
    None
}

/// The `"id"` of a line that is not a valid input line, when the JSON reached it before going
/// wrong (a truncated line, a `"text"` that is not a string, ...), else null: so that an error
/// line names its record whenever it can.
fn id_before_error(line: &str) -> serde_json::Value {
    /// Walks the top-level object key by key, keeping the id; the walk stops at the first error,
    /// and the id read before it survives in the borrowed slot.
    struct IdSeeker<'a>(&'a mut Option<serde_json::Value>);

    impl<'de> Visitor<'de> for IdSeeker<'_> {
        type Value = ();

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a JSON object")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                if key == "id" {
                    *self.0 = Some(map.next_value()?);
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(())
        }
    }

    let mut id = None;
    let mut deserializer = serde_json::Deserializer::from_str(line);
    // The error is the one already reported; only the id matters here.
    let _ = serde::Deserializer::deserialize_map(&mut deserializer, IdSeeker(&mut id));
    id.unwrap_or(serde_json::Value::Null)
}
