//! `article-review compare A B [--json]`: agreement between two reviewers.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;

use crate::compare::{Counts, Disagreement, Figures, FolderComparison, compare_paths};

/// Arguments of `compare`.
#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// The first review file, or a folder of review files.
    pub a: PathBuf,
    /// The second review file of the same article, or a folder paired with A's by the
    /// article's sha256 (by file name when a file has none).
    pub b: PathBuf,
    /// Write the report as JSON: pooled figures, `disagreements`, and `articles` with each
    /// pair's figures and disagreements.
    #[arg(long)]
    pub json: bool,
}

/// Runs `compare`: the report on stdout; refused inputs are an error.
pub fn run(args: CompareArgs) -> Result<ExitCode, String> {
    let report = compare_paths(&args.a, &args.b).map_err(|e| e.to_string())?;
    if report.pairs.is_empty() {
        return Err(format!(
            "{} and {} have no review of the same article to compare",
            args.a.display(),
            args.b.display()
        ));
    }
    let out = if args.json {
        json_report(&report)
    } else {
        text_report(&report)
    };
    super::extract::write_stdout(out.as_bytes()).map_err(|e| e.to_string())?;
    Ok(ExitCode::SUCCESS)
}

/// One disagreement with the article it is in.
#[derive(Serialize)]
struct PooledDisagreement<'a> {
    article: String,
    #[serde(flatten)]
    disagreement: &'a Disagreement,
}

#[derive(Serialize)]
struct ArticleReport<'a> {
    a: String,
    b: String,
    #[serde(flatten)]
    figures: Figures,
    disagreements: &'a [Disagreement],
}

#[derive(Serialize)]
struct Report<'a> {
    articles_compared: usize,
    #[serde(flatten)]
    figures: Figures,
    disagreements: Vec<PooledDisagreement<'a>>,
    articles: Vec<ArticleReport<'a>>,
    unpaired_a: Vec<String>,
    unpaired_b: Vec<String>,
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// The JSON report, pretty-printed, ending in a newline.
pub fn json_report(report: &FolderComparison) -> String {
    let json = Report {
        articles_compared: report.pairs.len(),
        figures: report.pooled.figures(),
        disagreements: report
            .pairs
            .iter()
            .flat_map(|pair| {
                pair.comparison
                    .disagreements
                    .iter()
                    .map(|disagreement| PooledDisagreement {
                        article: shown(&pair.a),
                        disagreement,
                    })
            })
            .collect(),
        articles: report
            .pairs
            .iter()
            .map(|pair| ArticleReport {
                a: shown(&pair.a),
                b: shown(&pair.b),
                figures: pair.comparison.counts.figures(),
                disagreements: &pair.comparison.disagreements,
            })
            .collect(),
        unpaired_a: report.unpaired_a.iter().map(|p| shown(p)).collect(),
        unpaired_b: report.unpaired_b.iter().map(|p| shown(p)).collect(),
    };
    let mut out = serde_json::to_string_pretty(&json)
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialise the report: {e}\"}}"));
    out.push('\n');
    out
}

fn figure(value: Option<f64>) -> String {
    value.map_or_else(|| "n/a".into(), |v| format!("{v:.3}"))
}

/// The figures of `counts` as three indented lines.
fn figure_lines(counts: &Counts) -> String {
    let f = counts.figures();
    format!(
        "  quotes: A {}, B {}, matched {} (exact {}), only A {}, only B {}\n  \
         span F1 {} (exact {}); speaker agreement {} ({} of {}); kind agreement {} ({} of {})\n  \
         status agreement {}, kappa (kept/rejected) {}; kept/kept {}, kept/rejected {}, \
         rejected/kept {}, rejected/rejected {}\n",
        f.quotes_a,
        f.quotes_b,
        f.matched,
        f.exact_matched,
        f.only_a,
        f.only_b,
        figure(f.span_f1),
        figure(f.span_f1_exact),
        figure(f.speaker_agreement),
        f.speaker_agree,
        f.speaker_agree + f.speaker_disagree,
        figure(f.kind_agreement),
        f.kind_agree,
        f.kind_agree + f.kind_disagree,
        figure(f.status_agreement),
        figure(f.kappa_status),
        f.status.kept_kept,
        f.status.kept_rejected,
        f.status.rejected_kept,
        f.status.rejected_rejected,
    )
}

/// The longest quote excerpt shown in a text report line, in code points.
const EXCERPT: usize = 70;

fn excerpt(text: &str) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let mut chars = flat.chars();
    let mut cut: String = chars.by_ref().take(EXCERPT).collect();
    if chars.next().is_some() {
        cut.push('…');
    }
    cut
}

/// The text report: each article's figures, the pooled figures, then every disagreement.
pub fn text_report(report: &FolderComparison) -> String {
    let mut out = String::new();
    let several = report.pairs.len() > 1;
    for pair in &report.pairs {
        let _ = writeln!(out, "{}  vs  {}", pair.a.display(), pair.b.display());
        out.push_str(&figure_lines(&pair.comparison.counts));
    }
    if several {
        let _ = writeln!(out, "\npooled over {} articles", report.pairs.len());
        out.push_str(&figure_lines(&report.pooled));
    }
    for path in &report.unpaired_a {
        let _ = writeln!(out, "only in A (not compared): {}", path.display());
    }
    for path in &report.unpaired_b {
        let _ = writeln!(out, "only in B (not compared): {}", path.display());
    }
    let total: usize = report
        .pairs
        .iter()
        .map(|p| p.comparison.disagreements.len())
        .sum();
    let _ = writeln!(out, "\n{total} disagreements");
    for pair in &report.pairs {
        if several && !pair.comparison.disagreements.is_empty() {
            let _ = writeln!(out, "{}", pair.a.display());
        }
        for d in &pair.comparison.disagreements {
            let _ = writeln!(
                out,
                "  {:<8} [{}, {}) “{}”  A: {}  B: {}",
                d.kind.label(),
                d.start,
                d.end,
                excerpt(&d.text),
                d.a.as_deref().unwrap_or("-"),
                d.b.as_deref().unwrap_or("-"),
            );
        }
    }
    out
}
