//! Pre-extraction as the window runs it, measured: copies a folder of articles to a temporary
//! folder, opens it as the queue in a review controller with N worker threads, and ticks the
//! controller as the window's frames do until every article has its review file.
//!
//! ```sh
//! cargo run --release --no-default-features --example queue_preextract -- DIR THREADS [RUNS]
//! ```
//!
//! Prints articles per second for each run and the median.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use article_review::extract::Extractor;
use article_review::review::{Controller, FixedDialogs, Options, Prefs, QueueCommand};

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: queue_preextract DIR THREADS [RUNS]";
    let source = PathBuf::from(args.next().ok_or(usage)?);
    let threads: usize = args
        .next()
        .ok_or(usage)?
        .parse()
        .map_err(|e| format!("THREADS: {e}"))?;
    let runs: usize = match args.next() {
        Some(n) => n.parse().map_err(|e| format!("RUNS: {e}"))?,
        None => 3,
    };
    let extractor = Arc::new(Extractor::bundled());
    let mut rates = Vec::new();
    for run in 1..=runs {
        let temp = tempfile::tempdir().map_err(|e| e.to_string())?;
        let articles = copy_articles(&source, temp.path())?;
        let mut c = Controller::new(Options {
            dialogs: Arc::new(FixedDialogs::default()),
            extractor: extractor.clone(),
            file: None,
            background_io: true,
            prefs: Prefs::default(),
            recovery: None,
        });
        c.set_pre_extraction_threads(threads);
        let started = Instant::now();
        c.apply(QueueCommand::OpenFolder(temp.path().to_path_buf()).into());
        // The window ticks about every 100 ms while pre-extraction runs.
        if !c.wait_for_queue(Duration::from_secs(3600)) {
            return Err("pre-extraction did not finish in an hour".into());
        }
        let seconds = started.elapsed().as_secs_f64();
        let rate = articles as f64 / seconds;
        println!(
            "run {run}: {articles} articles, {threads} thread(s): {seconds:.1} s, {rate:.1} articles/s ({})",
            c.banner().map(|b| b.text.as_str()).unwrap_or("")
        );
        rates.push(rate);
    }
    rates.sort_by(f64::total_cmp);
    println!(
        "median: {:.1} articles/s with {threads} thread(s)",
        rates[rates.len() / 2]
    );
    Ok(())
}

fn copy_articles(from: &Path, to: &Path) -> Result<usize, String> {
    let mut count = 0;
    for entry in std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().is_some_and(|e| e == "txt") {
            let name = path.file_name().ok_or("a file without a name")?;
            std::fs::copy(&path, to.join(name)).map_err(|e| e.to_string())?;
            count += 1;
        }
    }
    Ok(count)
}
