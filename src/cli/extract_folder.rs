//! `article-review extract DIR [-o OUTDIR] [--force]`: a review file for every article of a
//! folder, on all cores, with a progress bar when stderr is a terminal.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use crate::corpus::batch::{plan_extraction, run_extraction};
use crate::corpus::queue::Queue;
use crate::extract::Extractor;

/// Runs `extract DIR`.
pub fn run(
    dir: &Path,
    output: Option<&Path>,
    threads: Option<usize>,
    force: bool,
    extractor: &Extractor,
) -> Result<ExitCode, String> {
    if threads == Some(0) {
        return Err("--threads must be at least 1".into());
    }
    if let Some(out) = output {
        if out.exists() && !out.is_dir() {
            return Err(format!(
                "{}: is a folder of articles, so -o must name an output folder, and {} is a file",
                dir.display(),
                out.display()
            ));
        }
        std::fs::create_dir_all(out)
            .map_err(|e| format!("cannot create the output folder {}: {e}", out.display()))?;
    }
    let mut queue = Queue::open(dir).map_err(|e| e.to_string())?;
    if let Some(out) = output {
        // Remembered in the queue's index, so the window saves there too.
        queue
            .set_output_dir(Some(out.to_path_buf()))
            .map_err(|e| e.to_string())?;
    }
    let jobs = plan_extraction(&queue, force);
    let articles = queue.items().iter().filter(|i| i.article.is_some()).count();
    let already = articles - jobs.len();
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(jobs.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} articles  {per_sec}  {eta} left  {msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let cancel = AtomicBool::new(false);
    let report = run_extraction(
        &jobs,
        extractor,
        threads.unwrap_or(0),
        force,
        &cancel,
        &|_progress, job, _outcome| {
            if let Some(bar) = &bar {
                bar.set_message(job.name.clone());
                bar.inc(1);
            }
        },
    )?;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    for (name, message) in &report.failed {
        eprintln!("article-review: {name}: {message}");
    }
    let seconds = report.elapsed.as_secs_f64();
    let done = report.written + report.failed.len() + report.skipped;
    let rate = if seconds > 0.0 {
        done as f64 / seconds
    } else {
        0.0
    };
    let mut summary = format!(
        "extract: {} review file(s) written{}",
        report.written,
        match queue.output_dir() {
            Some(out) => format!(" under {}", out.display()),
            None => " beside the articles".into(),
        }
    );
    if !force && already + report.skipped > 0 {
        summary.push_str(&format!(
            ", {} article(s) skipped: they have a review (--force replaces it)",
            already + report.skipped
        ));
    }
    if !report.failed.is_empty() {
        summary.push_str(&format!(", {} failed", report.failed.len()));
    }
    summary.push_str(&format!(
        "; {done} in {seconds:.1} s ({rate:.1} articles/s)"
    ));
    eprintln!("{summary}");
    if let Err(message) = queue
        .rescan()
        .map_err(|e| e.0)
        .and_then(|()| queue.save_index())
    {
        eprintln!("article-review: the queue index was not updated: {message}");
    }
    Ok(if report.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
