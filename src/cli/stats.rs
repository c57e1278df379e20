//! `article-review stats DIR|FILE... [--json|--csv] [--reviewed-only]`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::corpus::stats::{CorpusStats, StatsBuilder};
use crate::corpus::{fold_reviews, review_files};

/// Arguments of `stats`.
#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    /// Folders (their review files, recursively) and review files.
    #[arg(required = true, value_name = "DIR|FILE")]
    pub inputs: Vec<PathBuf>,
    /// Print JSON (the fields are described in docs/stats.md).
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print CSV: one row per figure (section,key,type,gender,count,articles).
    #[arg(long)]
    pub csv: bool,
    /// Count only quotes a reviewer has looked at.
    #[arg(long)]
    pub reviewed_only: bool,
}

/// Runs `stats`. Unreadable review files are reported on stderr and left out; the exit status
/// is then 1, after the figures for the rest.
pub fn run(args: StatsArgs) -> Result<ExitCode, String> {
    let files = review_files(&args.inputs)?;
    let reviewed_only = args.reviewed_only;
    let (builder, problems) = fold_reviews(
        &files,
        || StatsBuilder::new(reviewed_only),
        |mut builder, _file, doc| {
            builder.add(&doc);
            builder
        },
        StatsBuilder::merge,
    );
    for (name, message) in &problems {
        eprintln!("article-review: skipped {name}: {message}");
    }
    let stats = builder.finish();
    let text = if args.json {
        let mut json = serde_json::to_string_pretty(&stats).map_err(|e| e.to_string())?;
        json.push('\n');
        json
    } else if args.csv {
        stats_csv(&stats).map_err(|e| format!("cannot write CSV: {e}"))?
    } else {
        stats_text(&stats)
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| format!("cannot write to stdout: {e}"))?;
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The statistics as CSV: `section,key,type,gender,count,articles`, one row per figure.
pub fn stats_csv(stats: &CorpusStats) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(["section", "key", "type", "gender", "count", "articles"])?;
    let mut row = |section: &str,
                   key: &str,
                   kind: &str,
                   gender: &str,
                   count: usize,
                   articles: Option<usize>| {
        let articles = articles.map(|a| a.to_string()).unwrap_or_default();
        writer.write_record([section, key, kind, gender, &count.to_string(), &articles])
    };
    row("total", "articles", "", "", stats.articles, None)?;
    row("total", "quotes", "", "", stats.quotes, None)?;
    row("total", "reviewed", "", "", stats.reviewed, None)?;
    for s in &stats.speakers {
        row(
            "speaker",
            &s.name,
            &s.entity_type,
            &s.gender,
            s.quotes,
            Some(s.articles),
        )?;
    }
    for (key, count) in type_rows(stats) {
        row("by_type", key, "", "", count, None)?;
    }
    for (section, counts) in [
        ("by_gender", &stats.by_gender),
        ("people_by_gender", &stats.people_by_gender),
    ] {
        row(section, "female", "", "", counts.female, None)?;
        row(section, "male", "", "", counts.male, None)?;
        row(section, "unknown", "", "", counts.unknown, None)?;
    }
    row("by_kind", "direct", "", "", stats.by_kind.direct, None)?;
    row("by_kind", "mixed", "", "", stats.by_kind.mixed, None)?;
    row("by_kind", "indirect", "", "", stats.by_kind.indirect, None)?;
    for (key, count) in status_rows(stats) {
        row("by_status", key, "", "", count, None)?;
    }
    for o in &stats.organisations {
        row(
            "organisation",
            &o.name,
            "ORG",
            "",
            o.quotes,
            Some(o.articles),
        )?;
    }
    for r in &stats.corrections_by_rule {
        row("rule_reviewed", &r.rule, "", "", r.reviewed, None)?;
        row("rule_overruled", &r.rule, "", "", r.overruled, None)?;
    }
    let bytes = writer.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn type_rows(stats: &CorpusStats) -> [(&'static str, usize); 5] {
    let t = &stats.by_type;
    [
        ("PERSON", t.person),
        ("ORG", t.org),
        ("LOC", t.loc),
        ("MISC", t.misc),
        ("none", t.none),
    ]
}

fn status_rows(stats: &CorpusStats) -> [(&'static str, usize); 5] {
    let s = &stats.by_status;
    [
        ("auto", s.auto),
        ("confirmed", s.confirmed),
        ("corrected", s.corrected),
        ("rejected", s.rejected),
        ("added", s.added),
    ]
}

/// How many speakers and rules the text output lists.
const TEXT_TOP: usize = 15;

/// The statistics for people: aligned tables with shares.
pub fn stats_text(stats: &CorpusStats) -> String {
    let share = |n: usize, of: usize| {
        if of == 0 {
            "-".to_string()
        } else {
            format!("{:.1}%", 100.0 * n as f64 / of as f64)
        }
    };
    let mut out = String::new();
    out.push_str(&format!(
        "{} articles, {} quotes ({} reviewed){}\n",
        stats.articles,
        stats.quotes,
        stats.reviewed,
        if stats.reviewed_only {
            "; reviewed quotes only"
        } else {
            ""
        }
    ));
    out.push_str("\nby gender            quotes   share   people only\n");
    for (label, n, p) in [
        (
            "female",
            stats.by_gender.female,
            stats.people_by_gender.female,
        ),
        ("male", stats.by_gender.male, stats.people_by_gender.male),
        (
            "unknown",
            stats.by_gender.unknown,
            stats.people_by_gender.unknown,
        ),
    ] {
        let people = stats.by_type.person;
        out.push_str(&format!(
            "  {label:<18} {n:>6} {:>7}   {p:>5} {:>7}\n",
            share(n, stats.quotes),
            share(p, people)
        ));
    }
    out.push_str("\nby speaker type      quotes   share\n");
    for (label, n) in type_rows(stats) {
        out.push_str(&format!(
            "  {label:<18} {n:>6} {:>7}\n",
            share(n, stats.quotes)
        ));
    }
    out.push_str("\nby kind              quotes   share\n");
    for (label, n) in [
        ("direct", stats.by_kind.direct),
        ("mixed", stats.by_kind.mixed),
        ("indirect", stats.by_kind.indirect),
    ] {
        out.push_str(&format!(
            "  {label:<18} {n:>6} {:>7}\n",
            share(n, stats.quotes)
        ));
    }
    out.push_str("\nby status (rejected included)\n");
    for (label, n) in status_rows(stats) {
        out.push_str(&format!("  {label:<18} {n:>6}\n"));
    }
    out.push_str(&format!(
        "\nmost quoted speakers (of {})\n",
        stats.speakers.len()
    ));
    for s in stats.speakers.iter().take(TEXT_TOP) {
        out.push_str(&format!(
            "  {:<32} {:<6} {:<7} {:>5} quotes in {} article(s)\n",
            s.name, s.entity_type, s.gender, s.quotes, s.articles
        ));
    }
    out.push_str("\nmost quoted organisations\n");
    for o in stats.organisations.iter().take(TEXT_TOP) {
        out.push_str(&format!(
            "  {:<32} {:>5} quotes in {} article(s)\n",
            o.name, o.quotes, o.articles
        ));
    }
    out.push_str("\nrules reviewers overrule most (overruled / reviewed)\n");
    for r in stats.corrections_by_rule.iter().take(TEXT_TOP) {
        out.push_str(&format!(
            "  {:<32} {:>4} / {:<4} {:>7}  ({} corrected, {} with another speaker, {} rejected)\n",
            r.rule,
            r.overruled,
            r.reviewed,
            share(r.overruled, r.reviewed),
            r.corrected,
            r.speaker_changed,
            r.rejected
        ));
    }
    out
}
