//! `article-review convert IN -o OUT --to FORMAT`: between review files and other tools'
//! formats. The input format is found from the file.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::document::save::atomic_write;
use crate::document::validate::validate;
use crate::exchange::{Format, export, import};

/// Arguments of `convert`.
#[derive(Debug, clap::Args)]
pub struct ConvertArgs {
    /// The file to convert: a review file, a brat .ann (its .txt beside it or in PolNeAR's
    /// ../text/), Label Studio JSON, doccano JSONL or CoNLL BIO.
    pub input: PathBuf,
    /// Where to write. brat writes OUT.txt and OUT.ann; several documents converted to brat or
    /// review go into the folder OUT, one per document.
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,
    /// The format to write.
    #[arg(long, value_name = "FORMAT", value_parser = ["brat", "label-studio", "doccano", "conll", "review"])]
    pub to: String,
}

/// Runs `convert`; says on stderr what it read and wrote.
pub fn run(args: ConvertArgs) -> Result<ExitCode, String> {
    let to =
        Format::from_name(&args.to).ok_or_else(|| format!("--to: unknown format {}", args.to))?;
    let (from, docs) = import(&args.input).map_err(|e| e.to_string())?;
    for (i, doc) in docs.iter().enumerate() {
        let problems = validate(doc);
        if let Some(problem) = problems.first() {
            return Err(format!(
                "{}: document {} read as an inconsistent review ({} problems), first: {problem}",
                args.input.display(),
                i + 1,
                problems.len()
            ));
        }
    }
    let several = docs.len() > 1 && matches!(to, Format::Brat | Format::Review);
    if several {
        std::fs::create_dir_all(&args.output)
            .map_err(|e| format!("cannot create the folder {}: {e}", args.output.display()))?;
    }
    let files = export(&docs, to, &args.output);
    for file in &files {
        atomic_write(&file.path, file.contents.as_bytes()).map_err(|e| e.to_string())?;
    }
    let quotes: usize = docs.iter().map(|d| d.quotes.len()).sum();
    let entities: usize = docs.iter().map(|d| d.entities.len()).sum();
    eprintln!(
        "article-review: read {} ({}): {} document(s), {entities} entities, {quotes} quotes; wrote {}",
        args.input.display(),
        from.name(),
        docs.len(),
        files
            .iter()
            .map(|f| f.path.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(ExitCode::SUCCESS)
}
