//! Pre-extraction: a review file for every article of a queue that has none, on worker
//! threads, with progress and cancellation. `article-review extract DIR` and the window's
//! background pre-extraction both run [`run_extraction`].
//!
//! Without `force`, a review file is only ever created, never replaced: it is written under a
//! temporary name and linked into place, which fails if a reviewer saved one meanwhile. With
//! `force`, existing reviews are replaced atomically and kept as `FILE.bak`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::corpus::queue::Queue;
use crate::document::json::to_json_pretty;
use crate::document::save::save_document;
use crate::extract::Extractor;
use crate::open::open_path;

/// One article to extract and where its review goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtractionJob {
    /// The queue item's name (for messages).
    pub name: String,
    /// The article.
    pub article: PathBuf,
    /// The review file to write.
    pub review: PathBuf,
}

/// The jobs for the articles of `queue` without a review file, in the queue's name order.
/// With `force`, every article, each written where a new review goes (see
/// [`QueueItem::new_review_path`](crate::corpus::queue::QueueItem::new_review_path)).
pub fn plan_extraction(queue: &Queue, force: bool) -> Vec<ExtractionJob> {
    queue
        .items()
        .iter()
        .filter(|item| force || !item.has_review())
        .filter_map(|item| {
            Some(ExtractionJob {
                name: item.name.clone(),
                article: item.article.clone()?,
                review: if force {
                    item.new_review_path.clone()
                } else {
                    item.review_path.clone()
                },
            })
        })
        .collect()
}

/// How far a run has got.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BatchProgress {
    /// Jobs finished (written, skipped or failed).
    pub done: usize,
    /// Of those, failed.
    pub failed: usize,
    /// Jobs in the run.
    pub total: usize,
    /// Time since the run started.
    pub elapsed: Duration,
}

impl BatchProgress {
    /// Articles finished per second so far.
    pub fn per_second(&self) -> f64 {
        let seconds = self.elapsed.as_secs_f64();
        if seconds > 0.0 {
            self.done as f64 / seconds
        } else {
            0.0
        }
    }

    /// The time left at the rate so far; None before the first article is done.
    pub fn remaining(&self) -> Option<Duration> {
        let rate = self.per_second();
        (self.done > 0 && rate > 0.0)
            .then(|| Duration::from_secs_f64((self.total - self.done) as f64 / rate))
    }
}

/// What became of one job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobOutcome {
    /// The review file was written.
    Written,
    /// A review file appeared meanwhile (a reviewer saved one); it was left alone.
    Skipped,
    /// The article could not be read or the review not written; the message says why.
    Failed(String),
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BatchReport {
    /// Review files written.
    pub written: usize,
    /// Jobs left alone because a review appeared meanwhile.
    pub skipped: usize,
    /// Failures: the job's name and why.
    pub failed: Vec<(String, String)>,
    /// True when the run was cancelled before every job ran.
    pub cancelled: bool,
    /// How long it took.
    pub elapsed: Duration,
}

/// Extracts `jobs` on `threads` worker threads (0: all cores). `on_progress` is called from
/// the workers after each job. Setting `cancel` stops the run after the jobs already started.
pub fn run_extraction(
    jobs: &[ExtractionJob],
    extractor: &Extractor,
    threads: usize,
    force: bool,
    cancel: &AtomicBool,
    on_progress: &(dyn Fn(&BatchProgress, &ExtractionJob, &JobOutcome) + Sync),
) -> Result<BatchReport, String> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| format!("cannot start worker threads: {e}"))?;
    let started = Instant::now();
    let report = Mutex::new(BatchReport::default());
    pool.install(|| {
        jobs.par_iter().for_each(|job| {
            if cancel.load(Ordering::Relaxed) {
                return;
            }
            let outcome = extract_one(job, extractor, force);
            let Ok(mut report) = report.lock() else {
                return;
            };
            match &outcome {
                JobOutcome::Written => report.written += 1,
                JobOutcome::Skipped => report.skipped += 1,
                JobOutcome::Failed(message) => {
                    report.failed.push((job.name.clone(), message.clone()))
                }
            }
            let progress = BatchProgress {
                done: report.written + report.skipped + report.failed.len(),
                failed: report.failed.len(),
                total: jobs.len(),
                elapsed: started.elapsed(),
            };
            drop(report);
            on_progress(&progress, job, &outcome);
        });
    });
    let mut report = report
        .into_inner()
        .map_err(|_| "a worker thread failed".to_string())?;
    report.cancelled = report.written + report.skipped + report.failed.len() < jobs.len();
    report.elapsed = started.elapsed();
    report.failed.sort();
    Ok(report)
}

/// Extracts one article and writes its review.
pub fn extract_one(job: &ExtractionJob, extractor: &Extractor, force: bool) -> JobOutcome {
    if !force && job.review.exists() {
        return JobOutcome::Skipped;
    }
    // A reviewer has this article open (their first save goes there): leave it to them.
    if !force
        && matches!(
            crate::corpus::lock::inspect(&job.review),
            Ok(crate::corpus::lock::LockState::Held(_))
        )
    {
        return JobOutcome::Skipped;
    }
    let doc = match open_path(&job.article, extractor) {
        Ok(doc) => doc,
        Err(e) => return JobOutcome::Failed(e.message),
    };
    if let Some(parent) = job.review.parent()
        && let Err(e) = std::fs::create_dir_all(parent)
    {
        return JobOutcome::Failed(format!(
            "cannot create the folder {}: {e}",
            parent.display()
        ));
    }
    if force {
        return match save_document(&job.review, &doc) {
            Ok(()) => JobOutcome::Written,
            Err(e) => JobOutcome::Failed(e.to_string()),
        };
    }
    match create_new(&job.review, to_json_pretty(&doc).as_bytes()) {
        Ok(true) => JobOutcome::Written,
        Ok(false) => JobOutcome::Skipped,
        Err(e) => JobOutcome::Failed(format!("cannot write {}: {e}", job.review.display())),
    }
}

/// Writes a new file at `path` whole or not at all, never replacing one that exists: the bytes
/// go to a synced temporary file, which is then hard-linked to `path` (the link fails if
/// `path` exists). Returns false when `path` already existed.
fn create_new(path: &Path, bytes: &[u8]) -> std::io::Result<bool> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.new.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        match std::fs::hard_link(&temp, path) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
            // File systems without hard links: check, then rename (a narrow race remains).
            Err(_) if !path.exists() => std::fs::rename(&temp, path).map(|()| true),
            Err(e) => Err(e),
        }
    })();
    let _ = std::fs::remove_file(&temp);
    result
}
