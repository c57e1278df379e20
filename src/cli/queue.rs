//! `article-review queue DIR`: the folder's review queue, as the window's queue panel shows it.

use std::collections::HashSet;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::corpus::queue::{Filter, ItemStatus, Queue, SortKey, StatusClass};

/// Arguments of `queue`.
#[derive(Debug, clap::Args)]
pub struct QueueArgs {
    /// The folder of articles.
    pub dir: PathBuf,
    /// Sort by name, status or date (modification time).
    #[arg(long, value_enum, default_value = "name")]
    pub sort: SortArg,
    /// Reverse the order.
    #[arg(long)]
    pub desc: bool,
    /// Only these statuses (comma-separated: new, in-progress, done, unreadable).
    #[arg(long, value_delimiter = ',', value_enum)]
    pub status: Vec<StatusArg>,
    /// Only names containing this (case-insensitive).
    #[arg(long, value_name = "TEXT")]
    pub name: Option<String>,
    /// One JSON object per item instead of a table.
    #[arg(long)]
    pub jsonl: bool,
}

/// `--sort`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum SortArg {
    /// By path.
    Name,
    /// New, in progress, done.
    Status,
    /// Oldest first.
    Date,
}

/// `--status`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum StatusArg {
    /// No quote reviewed.
    New,
    /// Some reviewed.
    InProgress,
    /// All reviewed.
    Done,
    /// The review file cannot be read.
    Unreadable,
}

/// Runs `queue`: lists every item with its status, reading review files the index does not
/// cover, then updates the index.
pub fn run(args: QueueArgs) -> Result<ExitCode, String> {
    let mut queue = Queue::open(&args.dir).map_err(|e| e.to_string())?;
    queue.load_all();
    queue.set_sort(
        match args.sort {
            SortArg::Name => SortKey::Name,
            SortArg::Status => SortKey::Status,
            SortArg::Date => SortKey::Date,
        },
        args.desc,
    );
    let statuses: HashSet<StatusClass> = args
        .status
        .iter()
        .map(|s| match s {
            StatusArg::New => StatusClass::New,
            StatusArg::InProgress => StatusClass::InProgress,
            StatusArg::Done => StatusClass::Done,
            StatusArg::Unreadable => StatusClass::Unreadable,
        })
        .collect();
    queue.set_filter(Filter {
        name_contains: args.name.unwrap_or_default(),
        statuses,
        modified_since: None,
    });
    if let Err(message) = queue.save_index() {
        eprintln!("article-review: the queue index was not updated: {message}");
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut write = || -> std::io::Result<()> {
        if !args.jsonl {
            writeln!(
                out,
                "{:<20} {:>6} {:>8}  name",
                "status", "quotes", "doubtful"
            )?;
        }
        for &index in queue.view() {
            let Some(item) = queue.item(index) else {
                continue;
            };
            let status = item.status().unwrap_or(ItemStatus::New);
            let summary = item.summary();
            if args.jsonl {
                let line = serde_json::json!({
                    "name": item.name,
                    "status": status.class().label(),
                    "reviewed": summary.map(|s| s.reviewed),
                    "total": summary.map(|s| s.total),
                    "quotes": summary.map(|s| s.quotes()),
                    "doubtful": summary.map(|s| s.doubtful),
                    "review": item.has_review().then(|| item.review_path.display().to_string()),
                    "error": match &status { ItemStatus::Unreadable(m) => Some(m.as_str()), _ => None },
                });
                writeln!(out, "{line}")?;
            } else {
                let number = |n: Option<usize>| n.map_or("-".to_string(), |n| n.to_string());
                writeln!(
                    out,
                    "{:<20} {:>6} {:>8}  {}",
                    status.label(),
                    number(summary.map(|s| s.quotes())),
                    number(summary.map(|s| s.doubtful)),
                    item.name
                )?;
            }
        }
        out.flush()
    };
    write().map_err(|e| format!("cannot write to stdout: {e}"))?;
    Ok(ExitCode::SUCCESS)
}
