//! `article-review extract`.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::document::load::open_path;
use crate::document::model::{Meta, Source};
use crate::extract::Extractor;

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
pub fn run(args: ExtractArgs, _model: Option<&Path>) -> Result<ExitCode, String> {
    let extractor = Extractor::bundled();
    let mut out = std::io::stdout().lock();
    if args.jsonl {
        for line in std::io::stdin().lock().lines() {
            let line = line.map_err(|e| e.to_string())?;
            if line.trim().is_empty() {
                continue;
            }
            let value: serde_json::Value =
                serde_json::from_str(&line).map_err(|e| e.to_string())?;
            let text = value["text"].as_str().unwrap_or_default().to_string();
            let doc = extractor.document(
                text,
                Source {
                    path: None,
                    sha256: None,
                    media_type: "text/plain".into(),
                    encoding: None,
                },
                Meta::default(),
            );
            let mut json = serde_json::to_value(&doc).map_err(|e| e.to_string())?;
            json["id"] = value["id"].clone();
            writeln!(out, "{json}").map_err(|e| e.to_string())?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let file = args.file.ok_or("extract: no file given")?;
    let doc = open_path(&file, &extractor).map_err(|e| e.to_string())?;
    let json = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
    writeln!(out, "{json}").map_err(|e| e.to_string())?;
    Ok(ExitCode::SUCCESS)
}
