//! A folder open as a review queue in the controller: the listing and its statuses, which
//! article is open, moving between articles (with the unsaved-changes guard), saving each
//! review where the queue says, and pre-extracting the articles without a review on worker
//! threads while the reviewer works.
//!
//! The folder logic itself (listing, index, statuses, where reviews go) is
//! [`crate::corpus::queue`]; pre-extraction is [`crate::corpus::batch`]. This is the part that
//! ties them to the open document.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use crate::corpus::batch::{
    BatchProgress, BatchReport, JobOutcome, plan_extraction, run_extraction,
};
use crate::corpus::queue::{Filter, Queue, SortKey, StatusClass};
use crate::extract::Extractor;

use super::command::{Action, Banner, Command};
use super::controller::Controller;
use super::files::DialogPurpose;
use super::queue_stats::{Chart, StatsState};

/// What the reviewer can do with the queue; sent as [`Command::Queue`].
#[derive(Debug, Clone, PartialEq)]
pub enum QueueCommand {
    /// Ask for a folder and open it as the queue.
    OpenFolderDialog,
    /// Open this folder as the queue (the open article stays open).
    OpenFolder(PathBuf),
    /// Open the queue item at this index of [`Queue::items`] (asking about unsaved changes).
    OpenItem(usize),
    /// The next article in the queue's order.
    NextArticle,
    /// The previous article in the queue's order.
    PreviousArticle,
    /// The next article that is new or in progress.
    NextUnfinished,
    /// Save this review and open the article offered when the last quote was reviewed.
    SaveAndNext,
    /// Hide the offer of the next article.
    DismissOffer,
    /// Sort by this key; the same key again reverses the order.
    SortBy(SortKey),
    /// Show only items whose name contains this.
    FilterName(String),
    /// Show only items with this status (None: all).
    FilterStatus(Option<StatusClass>),
    /// Show only items changed within this time.
    FilterDate(DateFilter),
    /// Ask for the folder this queue's reviews are saved to.
    ChooseOutputFolder,
    /// Save this queue's reviews beside their articles again.
    OutputBesideArticles,
    /// Stop pre-extraction after the articles being extracted now.
    CancelPreExtraction,
    /// Close the queue (the open article stays open).
    CloseQueue,
    /// Ask where, then write one row per quote of the queue's reviews (CSV, or JSON lines for a
    /// `.jsonl` file).
    ExportCorpus,
    /// Compute the queue's statistics and show them.
    ShowStats,
    /// Hide the statistics.
    HideStats,
    /// Ask where, then write one chart's figures as CSV.
    ExportChart(Chart),
}

/// The date filter choices of the queue panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateFilter {
    /// Any time.
    #[default]
    Any,
    /// Changed in the last 24 hours.
    Today,
    /// Changed in the last 7 days.
    Week,
}

impl DateFilter {
    /// All choices, in menu order.
    pub const ALL: [DateFilter; 3] = [DateFilter::Any, DateFilter::Today, DateFilter::Week];

    /// "any time", "last 24 hours", "last 7 days".
    pub fn label(self) -> &'static str {
        match self {
            DateFilter::Any => "any time",
            DateFilter::Today => "last 24 hours",
            DateFilter::Week => "last 7 days",
        }
    }

    fn since(self, now: SystemTime) -> Option<SystemTime> {
        let hours = match self {
            DateFilter::Any => return None,
            DateFilter::Today => 24,
            DateFilter::Week => 24 * 7,
        };
        now.checked_sub(Duration::from_secs(hours * 3600))
    }
}

/// What the window offers once every quote of the open article is reviewed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Offer {
    /// Open this item (index into [`Queue::items`]) next.
    Next(usize),
    /// Nothing is left to review in the queue.
    AllDone,
}

/// How far pre-extraction has got, for the progress bar.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PreProgress {
    /// Articles finished (written, skipped or failed).
    pub done: usize,
    /// Of those, failed.
    pub failed: usize,
    /// Articles to extract.
    pub total: usize,
    /// Articles per second so far.
    pub per_second: f64,
    /// Time left at that rate.
    pub remaining: Option<Duration>,
    /// The reviewer asked to stop; the articles being extracted finish first.
    pub cancelling: bool,
}

/// What the workers tell the controller.
#[derive(Default)]
struct Shared {
    progress: Option<BatchProgress>,
    /// Review files written since the controller last looked.
    written: Vec<PathBuf>,
    report: Option<Result<BatchReport, String>>,
}

/// Pre-extraction running on worker threads.
struct PreExtraction {
    cancel: Arc<AtomicBool>,
    shared: Arc<Mutex<Shared>>,
    total: usize,
    threads: usize,
    handle: Option<JoinHandle<()>>,
}

impl PreExtraction {
    fn start(queue: &Queue, extractor: Arc<Extractor>, threads: usize) -> Option<PreExtraction> {
        let jobs = plan_extraction(queue, false);
        if jobs.is_empty() {
            return None;
        }
        let cancel = Arc::new(AtomicBool::new(false));
        let shared = Arc::new(Mutex::new(Shared::default()));
        let total = jobs.len();
        let (c, s) = (cancel.clone(), shared.clone());
        let handle = std::thread::spawn(move || {
            let report = run_extraction(&jobs, &extractor, threads, false, &c, &|p, job, o| {
                if let Ok(mut shared) = s.lock() {
                    shared.progress = Some(*p);
                    if *o == JobOutcome::Written {
                        shared.written.push(job.review.clone());
                    }
                }
            });
            if let Ok(mut shared) = s.lock() {
                shared.report = Some(report);
            }
        });
        Some(PreExtraction {
            cancel,
            shared,
            total,
            threads,
            handle: Some(handle),
        })
    }
}

impl Drop for PreExtraction {
    fn drop(&mut self) {
        // Closing the queue or the window stops the workers; the jobs under way finish (a
        // review file is written whole or not at all).
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// The folder open as a queue, as the controller keeps it.
pub struct QueueRoom {
    queue: Queue,
    current: Option<usize>,
    pre: Option<PreExtraction>,
    offer: Option<Offer>,
    date_filter: DateFilter,
    pub(super) stats: StatsState,
}

impl QueueRoom {
    /// The folder's listing, sorted and filtered.
    pub fn queue(&self) -> &Queue {
        &self.queue
    }

    /// The item of the open document, if it belongs to the queue.
    pub fn current(&self) -> Option<usize> {
        self.current
    }

    /// Pre-extraction's progress while it runs.
    pub fn progress(&self) -> Option<PreProgress> {
        let pre = self.pre.as_ref()?;
        let progress = pre.shared.lock().ok()?.progress;
        let cancelling = pre.cancel.load(Ordering::Relaxed);
        Some(match progress {
            Some(p) => PreProgress {
                done: p.done,
                failed: p.failed,
                total: p.total,
                per_second: p.per_second(),
                remaining: p.remaining(),
                cancelling,
            },
            None => PreProgress {
                done: 0,
                failed: 0,
                total: pre.total,
                per_second: 0.0,
                remaining: None,
                cancelling,
            },
        })
    }

    /// The worker threads pre-extraction runs on, while it runs.
    pub fn pre_extraction_threads(&self) -> Option<usize> {
        self.pre.as_ref().map(|p| p.threads)
    }

    /// What is offered after the last quote of the open article was reviewed.
    pub fn offer(&self) -> Option<&Offer> {
        self.offer.as_ref()
    }

    /// The date filter.
    pub fn date_filter(&self) -> DateFilter {
        self.date_filter
    }

    /// Items by status class (items not read yet are left out), for the panel's header.
    pub fn counts(&self) -> [(StatusClass, usize); 4] {
        let mut counts = StatusClass::ALL.map(|c| (c, 0));
        for item in self.queue.items() {
            if let Some(status) = item.status() {
                counts[status.class() as usize].1 += 1;
            }
        }
        counts
    }

    /// The statistics view's state.
    pub fn stats(&self) -> &StatsState {
        &self.stats
    }

    /// Makes item `index` current (an adjudication result stands for its article).
    pub(super) fn set_current(&mut self, index: Option<usize>) {
        self.current = index;
    }

    pub(super) fn clear_current(&mut self) {
        self.current = None;
        self.offer = None;
    }
}

/// Worker threads for pre-extraction: `ARTICLE_REVIEW_PREEXTRACT_THREADS` when set, else all
/// cores but one (at least one), so the window keeps a core to itself.
pub fn default_pre_extraction_threads() -> usize {
    std::env::var("ARTICLE_REVIEW_PREEXTRACT_THREADS")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .filter(|&n: &usize| n > 0)
        .unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get().saturating_sub(1).max(1))
                .unwrap_or(1)
        })
}

/// How long each tick may spend reading review files not read yet, so the window stays
/// responsive while a large queue's statuses fill in.
const STATUS_READ_BUDGET: Duration = Duration::from_millis(20);

impl Controller {
    /// The open queue, if any.
    pub fn queue(&self) -> Option<&QueueRoom> {
        self.queue.as_ref()
    }

    /// Worker threads for the next pre-extraction (0: none, the queue only lists).
    pub fn set_pre_extraction_threads(&mut self, threads: usize) {
        self.pre_extraction_threads = threads;
    }

    pub(super) fn apply_queue(&mut self, cmd: QueueCommand) {
        match cmd {
            QueueCommand::OpenFolderDialog => {
                let dir = self.prefs.last_dir.clone().unwrap_or_default();
                self.ask_path(DialogPurpose::OpenFolder, None, dir);
            }
            QueueCommand::OpenFolder(dir) => self.open_queue(&dir),
            QueueCommand::OpenItem(index) => self.request(Action::OpenQueueItem(index)),
            QueueCommand::NextArticle => {
                let target = self.queue.as_ref().and_then(|r| r.queue.next(r.current));
                self.go_to(target, "This is the last article in the queue.");
            }
            QueueCommand::PreviousArticle => {
                let target = self
                    .queue
                    .as_ref()
                    .and_then(|r| r.queue.previous(r.current));
                self.go_to(target, "This is the first article in the queue.");
            }
            QueueCommand::NextUnfinished => {
                let target = self.queue.as_mut().and_then(|r| {
                    let current = r.current;
                    r.queue.next_unfinished(current)
                });
                self.go_to(target, "Every other article in the queue is done.");
            }
            QueueCommand::SaveAndNext => {
                let Some(Offer::Next(next)) = self.queue.as_mut().and_then(|r| r.offer.take())
                else {
                    return;
                };
                if self.is_dirty() {
                    self.save(Some(Action::OpenQueueItem(next)), false);
                } else {
                    self.open_queue_item(next);
                }
            }
            QueueCommand::DismissOffer => {
                if let Some(room) = &mut self.queue {
                    room.offer = None;
                }
            }
            QueueCommand::SortBy(key) => {
                if let Some(room) = &mut self.queue {
                    let (sort, descending) = room.queue.sort();
                    let descending = sort == key && !descending;
                    room.queue.set_sort(key, descending);
                }
            }
            QueueCommand::FilterName(text) => self.change_filter(|f, _| f.name_contains = text),
            QueueCommand::FilterStatus(status) => self.change_filter(|f, _| {
                f.statuses = status.into_iter().collect();
            }),
            QueueCommand::FilterDate(date) => {
                if let Some(room) = &mut self.queue {
                    room.date_filter = date;
                }
                self.change_filter(|f, now| f.modified_since = date.since(now));
            }
            QueueCommand::ChooseOutputFolder => {
                if let Some(room) = &self.queue {
                    let dir = room
                        .queue
                        .output_dir()
                        .unwrap_or(room.queue.root())
                        .to_path_buf();
                    self.ask_path(DialogPurpose::OutputFolder, None, dir);
                }
            }
            QueueCommand::OutputBesideArticles => self.set_output_dir(None),
            QueueCommand::CancelPreExtraction => {
                if let Some(pre) = self.queue.as_ref().and_then(|r| r.pre.as_ref()) {
                    pre.cancel.store(true, Ordering::Relaxed);
                }
            }
            QueueCommand::CloseQueue => {
                if let Some(mut room) = self.queue.take() {
                    let _ = room.queue.save_index();
                }
            }
            QueueCommand::ExportCorpus => self.ask_corpus_export(),
            QueueCommand::ShowStats => self.start_stats(),
            QueueCommand::HideStats => {
                if let Some(room) = &mut self.queue {
                    room.stats.open = false;
                }
            }
            QueueCommand::ExportChart(chart) => self.ask_chart_export(chart),
        }
    }

    /// Opens `dir` as the queue: lists it (statuses come from the index, or are read a few at
    /// a time on later ticks), and starts pre-extracting the articles without a review.
    pub(super) fn open_queue(&mut self, dir: &Path) {
        let queue = match Queue::open(dir) {
            Ok(queue) => queue,
            Err(e) => {
                self.banner = Some(Banner::error(format!("Could not open the folder: {e}")));
                return;
            }
        };
        if let Some(mut old) = self.queue.take() {
            let _ = old.queue.save_index();
        }
        let pre = match self.pre_extraction_threads {
            0 => None,
            threads => PreExtraction::start(&queue, self.extractor.clone(), threads),
        };
        let articles = queue.items().len();
        self.banner = Some(Banner::info(match &pre {
            Some(p) => format!(
                "Opened the folder {}: {articles} articles; extracting the {} without a review \
                 in the background.",
                queue.root().display(),
                p.total
            ),
            None => format!(
                "Opened the folder {}: {articles} articles.",
                queue.root().display()
            ),
        }));
        // Open Recent lists the folder too: choosing it opens the queue again.
        let root = queue.root().to_path_buf();
        self.prefs.recent.retain(|p| p != &root);
        self.prefs.recent.insert(0, root.clone());
        self.prefs.recent.truncate(super::prefs::MAX_RECENT);
        self.prefs.last_dir = Some(root);
        let current = self
            .doc
            .as_ref()
            .and_then(|d| d.opened_path.as_deref())
            .and_then(|p| queue.position_of(p));
        self.queue = Some(QueueRoom {
            queue,
            current,
            pre,
            offer: None,
            date_filter: DateFilter::Any,
            stats: StatsState::default(),
        });
    }

    fn go_to(&mut self, target: Option<usize>, none_left: &str) {
        if self.queue.is_none() {
            return;
        }
        match target {
            Some(index) => self.request(Action::OpenQueueItem(index)),
            None => self.banner = Some(Banner::info(none_left)),
        }
    }

    fn change_filter(&mut self, change: impl FnOnce(&mut Filter, SystemTime)) {
        if let Some(room) = &mut self.queue {
            let mut filter = room.queue.filter().clone();
            change(&mut filter, SystemTime::now());
            room.queue.set_filter(filter);
        }
    }

    pub(super) fn set_output_dir(&mut self, dir: Option<PathBuf>) {
        let Some(room) = &mut self.queue else { return };
        if let Some(dir) = &dir
            && let Err(e) = std::fs::create_dir_all(dir)
        {
            self.banner = Some(Banner::error(format!(
                "Could not create the folder {}: {e}",
                dir.display()
            )));
            return;
        }
        let open_item = room
            .current
            .and_then(|i| room.queue.item(i))
            .map(|i| i.open_path().to_path_buf());
        if let Err(e) = room.queue.set_output_dir(dir.clone()) {
            self.banner = Some(Banner::error(format!("Could not list the folder: {e}")));
            return;
        }
        let _ = room.queue.save_index();
        room.current = open_item.and_then(|p| room.queue.position_of(&p));
        // The open article's next save goes to the new place, unless it has a review already.
        let new_path = room
            .current
            .and_then(|i| room.queue.item(i))
            .filter(|i| !i.has_review())
            .map(|i| i.review_path.clone());
        if let (Some(doc), Some(path)) = (&mut self.doc, new_path) {
            doc.review_path = Some(path);
        }
        self.banner = Some(Banner::info(match &dir {
            Some(dir) => format!("Reviews of this queue are saved in {}", dir.display()),
            None => "Reviews of this queue are saved beside their articles".to_string(),
        }));
    }

    /// Opens queue item `index`: its review file if it has one, else its article (extracted).
    pub(super) fn open_queue_item(&mut self, index: usize) {
        let Some(path) = self
            .queue
            .as_ref()
            .and_then(|r| r.queue.item(index))
            .map(|i| i.open_path().to_path_buf())
        else {
            return;
        };
        if let Some(room) = &mut self.queue {
            room.offer = None;
        }
        self.start_open(path);
    }

    /// After a document was installed: if it belongs to the queue, it becomes the current
    /// item, and an article's first save goes where the queue keeps its reviews.
    pub(super) fn queue_after_open(&mut self) {
        let (Some(room), Some(doc)) = (&mut self.queue, &mut self.doc) else {
            return;
        };
        room.offer = None;
        room.current = doc
            .opened_path
            .as_deref()
            .and_then(|p| room.queue.position_of(p));
        if doc.review_path.is_none()
            && let Some(item) = room.current.and_then(|i| room.queue.item(i))
        {
            doc.review_path = Some(item.review_path.clone());
        }
    }

    /// Before saving to `path`: the queue's output folder (and its sub-folders) may not exist
    /// yet.
    pub(super) fn queue_before_save(&mut self, path: &Path) {
        let Some(room) = &self.queue else { return };
        if let (Some(out), Some(parent)) = (room.queue.output_dir(), path.parent())
            && parent.starts_with(out)
        {
            let _ = std::fs::create_dir_all(parent);
        }
    }

    /// After a save: the item's status is read again and the index kept current.
    pub(super) fn queue_after_save(&mut self, path: &Path) {
        let Some(room) = &mut self.queue else { return };
        let index = room.queue.position_of(path).or(room.current);
        if let Some(index) = index {
            room.queue.refresh_item(index);
            // Saving an article's first review can pair it with its item again.
            if room.current.is_none() {
                room.current = Some(index);
            }
        }
        let _ = room.queue.save_index();
    }

    /// After a quote was confirmed or rejected: when none is left unreviewed, offer the next
    /// unfinished article.
    pub(super) fn queue_after_review(&mut self) {
        let Some(doc) = self.document() else { return };
        let finished = !doc.quotes.is_empty() && doc.reviewed_count() == doc.quotes.len();
        let Some(room) = &mut self.queue else { return };
        if !finished {
            room.offer = None;
            return;
        }
        let current = room.current;
        room.offer = Some(match room.queue.next_unfinished(current) {
            Some(next) => Offer::Next(next),
            None => Offer::AllDone,
        });
    }

    /// The queue's periodic work: takes in what pre-extraction wrote, reads a few statuses
    /// not read yet, takes in computed statistics. Returns how soon it wants to run again.
    pub(super) fn queue_tick(&mut self, now: Instant) -> Option<Duration> {
        self.poll_stats();
        // Statistics being counted: look again soon, so the view shows them when they come.
        let mut wait = self.stats_pending().then_some(Duration::from_millis(50));
        let room = self.queue.as_mut()?;
        if let Some(pre) = &mut room.pre {
            let (written, report) = match pre.shared.lock() {
                Ok(mut shared) => (std::mem::take(&mut shared.written), shared.report.take()),
                Err(_) => (Vec::new(), Some(Err("a worker thread failed".to_string()))),
            };
            for path in written {
                if let Some(index) = room.queue.position_of(&path) {
                    room.queue.refresh_item(index);
                }
            }
            match report {
                Some(report) => {
                    if let Some(handle) = pre.handle.take() {
                        let _ = handle.join();
                    }
                    room.pre = None;
                    let _ = room.queue.save_index();
                    self.banner = Some(match report {
                        Ok(r) => pre_extraction_banner(&r),
                        Err(message) => Banner::error(format!("Pre-extraction stopped: {message}")),
                    });
                }
                None => wait = Some(Duration::from_millis(100)),
            }
        }
        let room = self.queue.as_mut()?;
        if room.queue.pending_count() > 0 {
            let deadline = now + STATUS_READ_BUDGET;
            let pending: Vec<usize> = room
                .queue
                .view()
                .iter()
                .copied()
                .filter(|&i| room.queue.item(i).is_some_and(|i| i.status().is_none()))
                .collect();
            for index in pending {
                room.queue.load_item(index);
                if Instant::now() >= deadline {
                    break;
                }
            }
            if room.queue.pending_count() == 0 {
                let _ = room.queue.save_index();
            }
            wait = Some(Duration::from_millis(16));
        }
        wait
    }

    /// Waits (up to `limit`) for pre-extraction and status reading to finish, ticking as the
    /// window would; true when they did. For tests and the pre-extraction bench.
    pub fn wait_for_queue(&mut self, limit: Duration) -> bool {
        let started = Instant::now();
        while started.elapsed() < limit {
            let busy = self.queue_tick(Instant::now()).is_some() || self.stats_pending();
            if !busy {
                return true;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        false
    }

    pub(super) fn queue_path_chosen(&mut self, purpose: DialogPurpose, path: PathBuf) {
        match purpose {
            DialogPurpose::OpenFolder => self.open_queue(&path),
            DialogPurpose::OutputFolder => self.set_output_dir(Some(path)),
            DialogPurpose::ExportCorpus => self.export_corpus_to(&path),
            DialogPurpose::ExportChart => self.export_chart_to(&path),
            _ => {}
        }
    }
}

/// Turns [`Command::Queue`] into its command: lets callers write `QueueCommand::X.into()`.
impl From<QueueCommand> for Command {
    fn from(cmd: QueueCommand) -> Command {
        Command::Queue(cmd)
    }
}

fn pre_extraction_banner(report: &BatchReport) -> Banner {
    let seconds = report.elapsed.as_secs_f64();
    let rate = if seconds > 0.0 {
        report.written as f64 / seconds
    } else {
        0.0
    };
    let mut text = format!(
        "Pre-extracted {} articles in {:.1} s ({rate:.1} articles/s)",
        report.written, seconds
    );
    if report.cancelled {
        text.push_str("; cancelled, the rest are extracted when opened");
    }
    if report.skipped > 0 {
        text.push_str(&format!(
            "; {} already had a review or were open",
            report.skipped
        ));
    }
    if report.failed.is_empty() {
        text.push('.');
        Banner::info(text)
    } else {
        let (name, why) = &report.failed[0];
        text.push_str(&format!(
            "; {} could not be extracted (first: {name}: {why}).",
            report.failed.len()
        ));
        Banner::error(text)
    }
}
