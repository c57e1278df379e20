//! A folder of articles as a review queue.
//!
//! [`Queue::open`] lists every article (`.txt`, `.md`, `.html`, `.htm`) and every review file
//! (`*.review.json`) under a folder, recursively, pairing each article with its review file. The
//! listing itself only reads directory entries and file metadata; what a review file holds (how
//! many quotes, how many reviewed) is read lazily ([`Queue::load_item`], [`Queue::load_all`]) and
//! cached in a small index file in the folder ([`INDEX_FILE_NAME`]). An index entry is used only
//! while its review file has the size and modification time it had when it was read, so an index
//! that is missing, damaged or stale is rebuilt from the files, never trusted blindly.
//!
//! # Where reviews are saved
//!
//! By default `ARTICLE.review.json` beside the article, where `ARTICLE` is the article's name
//! without its extension (`story.html` → `story.review.json`), as the window has always done.
//! When two articles in one folder share that name (`story.txt`, `story.html`), both keep their
//! extension (`story.txt.review.json`, `story.html.review.json`) so they never share a review.
//! A queue may instead keep its reviews in an output folder, chosen once and remembered in the
//! index; the folder structure under the queue is mirrored there. Opening an item opens its
//! review file when one exists (in the output folder first, then beside the article) and the
//! article otherwise.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::document::model::{FORMAT_NAME, QuoteStatus};

/// The index file a queue keeps in its folder (hidden, so the listing skips it).
pub const INDEX_FILE_NAME: &str = ".article-review-index.json";
/// The value of the index file's `format` field.
pub const INDEX_FORMAT: &str = "article-review-index";
/// The index version this build writes and reads; any other version is rebuilt.
pub const INDEX_VERSION: u32 = 1;
/// How review files end.
pub const REVIEW_SUFFIX: &str = ".review.json";
/// Extensions (lower case) of the article files a queue lists.
pub const ARTICLE_EXTENSIONS: [&str; 4] = ["txt", "md", "html", "htm"];
/// Unreviewed quotes with a confidence under this are counted as doubtful by default.
pub const DEFAULT_DOUBT_THRESHOLD: f32 = 0.5;

/// What a review file says about its quotes: the figures the queue shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReviewSummary {
    /// Every quote in the file, rejected ones included.
    pub total: usize,
    /// Quotes a person has looked at (any status but auto; rejected ones included).
    pub reviewed: usize,
    /// Quotes a reviewer rejected as not quotes.
    pub rejected: usize,
    /// Unreviewed quotes under the queue's doubt threshold.
    pub doubtful: usize,
}

impl ReviewSummary {
    /// The quotes that stand (not rejected).
    pub fn quotes(&self) -> usize {
        self.total - self.rejected
    }
}

/// Where an item is in review.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ItemStatus {
    /// Nobody has reviewed a quote yet (there may be an extracted review file).
    New,
    /// Some quotes reviewed, some not.
    InProgress {
        /// Quotes reviewed.
        reviewed: usize,
        /// Quotes in the file.
        total: usize,
    },
    /// Every quote reviewed. A review file without quotes counts as done: there is nothing to
    /// check in it.
    Done,
    /// The review file exists but cannot be read; the message says why.
    Unreadable(String),
}

impl ItemStatus {
    /// The status a summary gives.
    pub fn of(summary: &ReviewSummary) -> ItemStatus {
        if summary.reviewed >= summary.total {
            ItemStatus::Done
        } else if summary.reviewed == 0 {
            ItemStatus::New
        } else {
            ItemStatus::InProgress {
                reviewed: summary.reviewed,
                total: summary.total,
            }
        }
    }

    /// "new", "3 of 7 reviewed", "done", "unreadable".
    pub fn label(&self) -> String {
        match self {
            ItemStatus::New => "new".into(),
            ItemStatus::InProgress { reviewed, total } => format!("{reviewed} of {total} reviewed"),
            ItemStatus::Done => "done".into(),
            ItemStatus::Unreadable(_) => "unreadable".into(),
        }
    }

    /// Which [`StatusFilter`] class the status belongs to.
    pub fn class(&self) -> StatusClass {
        match self {
            ItemStatus::New => StatusClass::New,
            ItemStatus::InProgress { .. } => StatusClass::InProgress,
            ItemStatus::Done => StatusClass::Done,
            ItemStatus::Unreadable(_) => StatusClass::Unreadable,
        }
    }

    /// True when the item still needs a reviewer (new or in progress).
    pub fn is_unfinished(&self) -> bool {
        matches!(self, ItemStatus::New | ItemStatus::InProgress { .. })
    }
}

/// The status classes a queue can be filtered by, in the order they sort.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StatusClass {
    /// No quote reviewed.
    New,
    /// Some quotes reviewed.
    InProgress,
    /// All quotes reviewed.
    Done,
    /// The review file cannot be read.
    Unreadable,
}

impl StatusClass {
    /// All classes.
    pub const ALL: [StatusClass; 4] = [
        StatusClass::New,
        StatusClass::InProgress,
        StatusClass::Done,
        StatusClass::Unreadable,
    ];

    /// "new", "in-progress", "done", "unreadable" (as the command line spells them).
    pub fn label(self) -> &'static str {
        match self {
            StatusClass::New => "new",
            StatusClass::InProgress => "in-progress",
            StatusClass::Done => "done",
            StatusClass::Unreadable => "unreadable",
        }
    }
}

/// What is known about an item's review file.
#[derive(Debug, Clone, PartialEq)]
pub enum ReviewState {
    /// There is no review file yet.
    Missing,
    /// There is one, not read yet.
    Pending,
    /// Read (or taken from a fresh index entry).
    Read(ReviewSummary),
    /// It cannot be read; the message names the file and says why.
    Unreadable(String),
}

/// One article (or lone review file) in the queue.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueItem {
    /// The path under the queue folder, with `/` separators: what the queue shows and sorts by.
    pub name: String,
    /// The article file, or None for a review file whose article is not in the folder.
    pub article: Option<PathBuf>,
    /// The review file: the existing one, or where the first save should go.
    pub review_path: PathBuf,
    /// Where a new review of this article goes: the output folder when the queue has one,
    /// else beside the article (`extract --force` writes here, leaving a review elsewhere alone).
    pub new_review_path: PathBuf,
    /// The later of the article's and the review file's modification times.
    pub modified: SystemTime,
    /// What is known about the review file.
    pub review: ReviewState,
    /// Size and modification time of the review file when it was listed.
    review_stamp: Option<FileStamp>,
}

impl QueueItem {
    /// True when the review file exists.
    pub fn has_review(&self) -> bool {
        self.review_stamp.is_some()
    }

    /// The file to open for this item: its review when one exists, else its article.
    pub fn open_path(&self) -> &Path {
        match (&self.article, self.has_review()) {
            (Some(article), false) => article,
            _ => &self.review_path,
        }
    }

    /// The status, or None while the review file is not read yet.
    pub fn status(&self) -> Option<ItemStatus> {
        match &self.review {
            ReviewState::Missing => Some(ItemStatus::New),
            ReviewState::Pending => None,
            ReviewState::Read(summary) => Some(ItemStatus::of(summary)),
            ReviewState::Unreadable(message) => Some(ItemStatus::Unreadable(message.clone())),
        }
    }

    /// The summary, once read.
    pub fn summary(&self) -> Option<&ReviewSummary> {
        match &self.review {
            ReviewState::Read(summary) => Some(summary),
            _ => None,
        }
    }
}

/// What a queue can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// The path under the queue folder.
    #[default]
    Name,
    /// New, in progress (fewest reviewed first), done, unreadable.
    Status,
    /// Modification time, oldest first.
    Date,
}

/// Which items the queue's view shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Filter {
    /// Shown only when the name contains this (case-insensitive); empty shows all.
    pub name_contains: String,
    /// Shown only when the status is in this set; empty shows all.
    pub statuses: HashSet<StatusClass>,
    /// Shown only when modified at or after this.
    pub modified_since: Option<SystemTime>,
}

/// Why a queue could not be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueError(pub String);

impl std::fmt::Display for QueueError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for QueueError {}

/// A folder of articles to review, with its items in name order and a sorted, filtered view.
#[derive(Debug, Clone)]
pub struct Queue {
    root: PathBuf,
    output_dir: Option<PathBuf>,
    doubt_threshold: f32,
    items: Vec<QueueItem>,
    view: Vec<usize>,
    sort: SortKey,
    descending: bool,
    filter: Filter,
    /// The index entries read at opening, by review file key.
    cached: HashMap<String, IndexEntry>,
    /// True when the index file should be rewritten.
    index_dirty: bool,
}

impl Queue {
    /// Lists the folder `root` with its remembered output folder (if any) and the default
    /// doubt threshold. Review files are not read yet, except through a fresh index.
    pub fn open(root: &Path) -> Result<Queue, QueueError> {
        Queue::open_with(root, None, DEFAULT_DOUBT_THRESHOLD)
    }

    /// Lists `root`; `output_dir`, when given, replaces the remembered output folder
    /// (`Some(None)` forgets it: reviews go beside the articles).
    pub fn open_with(
        root: &Path,
        output_dir: Option<Option<PathBuf>>,
        doubt_threshold: f32,
    ) -> Result<Queue, QueueError> {
        let metadata = std::fs::metadata(root)
            .map_err(|e| QueueError(format!("cannot open the folder {}: {e}", root.display())))?;
        if !metadata.is_dir() {
            return Err(QueueError(format!(
                "{} is not a folder; open a folder of articles",
                root.display()
            )));
        }
        let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
        let index = read_index(&root);
        let index_usable = index
            .as_ref()
            .is_some_and(|i| (i.doubt_threshold - doubt_threshold).abs() < f32::EPSILON);
        let output_dir = match output_dir {
            Some(chosen) => chosen.map(|dir| {
                let dir = std::path::absolute(&dir).unwrap_or(dir);
                if dir.is_relative() {
                    root.join(dir)
                } else {
                    dir
                }
            }),
            None => index.as_ref().and_then(|i| i.output_dir.clone()),
        };
        let mut queue = Queue {
            index_dirty: index.as_ref().map(|i| &i.output_dir) != Some(&output_dir)
                || !index_usable,
            cached: match index {
                Some(index) if index_usable => index.entries,
                _ => HashMap::new(),
            },
            root,
            output_dir,
            doubt_threshold,
            items: Vec::new(),
            view: Vec::new(),
            sort: SortKey::Name,
            descending: false,
            filter: Filter::default(),
        };
        queue.rescan()?;
        Ok(queue)
    }

    /// The queue folder (absolute).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The output folder reviews are saved to, or None when they go beside the articles.
    pub fn output_dir(&self) -> Option<&Path> {
        self.output_dir.as_deref()
    }

    /// Chooses where new reviews are saved (None: beside the articles) and relists the folder.
    /// The choice is kept in the index, so it holds the next time the queue opens.
    pub fn set_output_dir(&mut self, output_dir: Option<PathBuf>) -> Result<(), QueueError> {
        let output_dir = output_dir.map(|dir| {
            let dir = std::path::absolute(&dir).unwrap_or(dir);
            if dir.is_relative() {
                self.root.join(dir)
            } else {
                dir
            }
        });
        if output_dir != self.output_dir {
            self.output_dir = output_dir;
            self.index_dirty = true;
        }
        self.rescan()
    }

    /// Unreviewed quotes under this confidence are doubtful.
    pub fn doubt_threshold(&self) -> f32 {
        self.doubt_threshold
    }

    /// Lists the folder again (files added, removed or changed since), keeping what was read of
    /// review files that have not changed.
    pub fn rescan(&mut self) -> Result<(), QueueError> {
        for item in &self.items {
            if let (ReviewState::Read(summary), Some(stamp)) = (&item.review, item.review_stamp) {
                self.cached.insert(
                    self.key_of(&item.review_path),
                    IndexEntry {
                        size: stamp.size,
                        mtime_ns: stamp.mtime_ns,
                        summary: *summary,
                    },
                );
            }
        }
        let listing = list_folder(&self.root, self.output_dir.as_deref())?;
        let mut items = Vec::with_capacity(listing.articles.len());
        let mut claimed: HashSet<PathBuf> = HashSet::new();
        let stems = shared_stems(&listing.articles);
        for (article, article_stamp) in &listing.articles {
            let keep_extension = stems.contains(&stem_key(article));
            let beside = review_beside(article, keep_extension);
            let in_output = self.output_dir.as_ref().map(|out| {
                let relative = beside.strip_prefix(&self.root).unwrap_or(&beside);
                out.join(relative)
            });
            let candidates: Vec<&PathBuf> = in_output.iter().chain([&beside]).collect();
            let existing = candidates.iter().find_map(|path| {
                listing
                    .reviews
                    .get(*path)
                    .map(|stamp| ((*path).clone(), *stamp))
            });
            // A review in the other place is this article's too, not a lone review file.
            claimed.extend(candidates.into_iter().cloned());
            let new_review_path = in_output.unwrap_or(beside);
            let (review_path, review_stamp) = match existing {
                Some((path, stamp)) => (path, Some(stamp)),
                None => (new_review_path.clone(), None),
            };
            let modified = review_stamp.map_or(article_stamp.modified, |s| {
                s.modified.max(article_stamp.modified)
            });
            items.push(QueueItem {
                name: self.name_of(article),
                article: Some(article.clone()),
                review_path,
                new_review_path,
                modified,
                review: ReviewState::Missing,
                review_stamp,
            });
        }
        for (review, stamp) in &listing.reviews {
            if claimed.contains(review) {
                continue;
            }
            items.push(QueueItem {
                name: self.name_of(review),
                article: None,
                review_path: review.clone(),
                new_review_path: review.clone(),
                modified: stamp.modified,
                review: ReviewState::Missing,
                review_stamp: Some(*stamp),
            });
        }
        for item in &mut items {
            let Some(stamp) = item.review_stamp else {
                continue;
            };
            let key = key_of(&self.root, &item.review_path);
            item.review = match self.cached.get(&key) {
                Some(entry) if entry.size == stamp.size && entry.mtime_ns == stamp.mtime_ns => {
                    ReviewState::Read(entry.summary)
                }
                _ => ReviewState::Pending,
            };
        }
        items.sort_by(|a, b| a.name.cmp(&b.name));
        let live: HashSet<String> = items
            .iter()
            .filter(|i| i.has_review())
            .map(|i| key_of(&self.root, &i.review_path))
            .collect();
        let before = self.cached.len();
        self.cached.retain(|key, _| live.contains(key));
        if self.cached.len() != before {
            self.index_dirty = true;
        }
        self.items = items;
        self.rebuild_view();
        Ok(())
    }

    /// Every item, in name order.
    pub fn items(&self) -> &[QueueItem] {
        &self.items
    }

    /// The item at `index` in [`Queue::items`].
    pub fn item(&self, index: usize) -> Option<&QueueItem> {
        self.items.get(index)
    }

    /// The items shown, as indices into [`Queue::items`], sorted and filtered.
    pub fn view(&self) -> &[usize] {
        &self.view
    }

    /// The current sort.
    pub fn sort(&self) -> (SortKey, bool) {
        (self.sort, self.descending)
    }

    /// The current filter.
    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// Sorts the view; sorting or filtering by status reads the review files not read yet.
    pub fn set_sort(&mut self, key: SortKey, descending: bool) {
        self.sort = key;
        self.descending = descending;
        if key == SortKey::Status {
            self.load_all();
        }
        self.rebuild_view();
    }

    /// Filters the view.
    pub fn set_filter(&mut self, filter: Filter) {
        self.filter = filter;
        if !self.filter.statuses.is_empty() {
            self.load_all();
        }
        self.rebuild_view();
    }

    /// Reads the review file of item `index` if it is not read yet, and returns its status.
    pub fn load_item(&mut self, index: usize) -> Option<ItemStatus> {
        let item = self.items.get_mut(index)?;
        if item.review == ReviewState::Pending {
            item.review = read_summary(&item.review_path, self.doubt_threshold);
            self.index_dirty = true;
        }
        item.status()
    }

    /// Reads every review file not read yet, on all cores.
    pub fn load_all(&mut self) {
        let threshold = self.doubt_threshold;
        let pending: Vec<usize> = (0..self.items.len())
            .filter(|&i| self.items[i].review == ReviewState::Pending)
            .collect();
        if pending.is_empty() {
            return;
        }
        let read: Vec<(usize, ReviewState)> = pending
            .par_iter()
            .map(|&i| (i, read_summary(&self.items[i].review_path, threshold)))
            .collect();
        for (i, state) in read {
            self.items[i].review = state;
        }
        self.index_dirty = true;
        self.rebuild_view();
    }

    /// Number of items whose review file is not read yet.
    pub fn pending_count(&self) -> usize {
        self.items
            .iter()
            .filter(|i| i.review == ReviewState::Pending)
            .count()
    }

    /// Re-lists one item after its review file was saved (or deleted) by this program, so
    /// that its status is current without a full rescan.
    pub fn refresh_item(&mut self, index: usize) {
        let threshold = self.doubt_threshold;
        let Some(item) = self.items.get_mut(index) else {
            return;
        };
        match file_stamp(&item.review_path) {
            Some(stamp) => {
                item.review_stamp = Some(stamp);
                item.review = read_summary(&item.review_path, threshold);
                item.modified = item.modified.max(stamp.modified);
            }
            None => {
                item.review_stamp = None;
                item.review = ReviewState::Missing;
            }
        }
        self.index_dirty = true;
        self.rebuild_view();
    }

    /// The item whose article or review file is `path`.
    pub fn position_of(&self, path: &Path) -> Option<usize> {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        self.items
            .iter()
            .position(|i| i.article.as_deref() == Some(&path) || i.review_path == path)
    }

    /// The item after `current` in the view (the first when `current` is None or not shown).
    pub fn next(&self, current: Option<usize>) -> Option<usize> {
        let at = current.and_then(|c| self.view.iter().position(|&i| i == c));
        match at {
            Some(at) => self.view.get(at + 1).copied(),
            None => self.view.first().copied(),
        }
    }

    /// The item before `current` in the view (the last when `current` is None or not shown).
    pub fn previous(&self, current: Option<usize>) -> Option<usize> {
        let at = current.and_then(|c| self.view.iter().position(|&i| i == c));
        match at {
            Some(0) => None,
            Some(at) => self.view.get(at - 1).copied(),
            None => self.view.last().copied(),
        }
    }

    /// The next unfinished item (new or in progress) after `current` in the view, wrapping
    /// round to the start, never `current` itself. Reads review files as it goes, only as far
    /// as it needs to.
    pub fn next_unfinished(&mut self, current: Option<usize>) -> Option<usize> {
        let start = current
            .and_then(|c| self.view.iter().position(|&i| i == c))
            .map_or(0, |at| at + 1);
        let count = self.view.len();
        for step in 0..count {
            let index = self.view[(start + step) % count];
            if Some(index) == current {
                continue;
            }
            if self.load_item(index).is_some_and(|s| s.is_unfinished()) {
                return Some(index);
            }
        }
        None
    }

    /// Writes the index file if anything was read or changed since it was loaded. Failing to
    /// write it (a read-only shared folder) costs only speed: the message says where and why.
    pub fn save_index(&mut self) -> Result<(), String> {
        if !self.index_dirty {
            return Ok(());
        }
        let mut entries = BTreeMap::new();
        for item in &self.items {
            if let (ReviewState::Read(summary), Some(stamp)) = (&item.review, item.review_stamp) {
                entries.insert(
                    key_of(&self.root, &item.review_path),
                    IndexEntry {
                        size: stamp.size,
                        mtime_ns: stamp.mtime_ns,
                        summary: *summary,
                    },
                );
            }
        }
        let index = IndexFileOut {
            format: INDEX_FORMAT,
            version: INDEX_VERSION,
            output_dir: self.output_dir.as_deref(),
            doubt_threshold: self.doubt_threshold,
            entries,
        };
        let json = serde_json::to_vec(&index).map_err(|e| e.to_string())?;
        let path = self.root.join(INDEX_FILE_NAME);
        crate::document::save::atomic_write(&path, &json).map_err(|e| e.to_string())?;
        self.index_dirty = false;
        Ok(())
    }

    fn name_of(&self, path: &Path) -> String {
        let relative = path
            .strip_prefix(&self.root)
            .ok()
            .or_else(|| {
                self.output_dir
                    .as_deref()
                    .and_then(|out| path.strip_prefix(out).ok())
            })
            .unwrap_or(path);
        relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    }

    fn key_of(&self, path: &Path) -> String {
        key_of(&self.root, path)
    }

    fn rebuild_view(&mut self) {
        let needle = self.filter.name_contains.to_lowercase();
        let mut view: Vec<usize> = (0..self.items.len())
            .filter(|&i| {
                let item = &self.items[i];
                (needle.is_empty() || item.name.to_lowercase().contains(&needle))
                    && (self.filter.statuses.is_empty()
                        || item
                            .status()
                            .is_some_and(|s| self.filter.statuses.contains(&s.class())))
                    && self
                        .filter
                        .modified_since
                        .is_none_or(|t| item.modified >= t)
            })
            .collect();
        let items = &self.items;
        match self.sort {
            SortKey::Name => {}
            SortKey::Date => view.sort_by_key(|&i| items[i].modified),
            SortKey::Status => view.sort_by_cached_key(|&i| status_order(&items[i])),
        }
        if self.descending {
            view.reverse();
        }
        self.view = view;
    }
}

/// Sort key for status: class first, then the share reviewed (fewest first); not-yet-read items
/// last. Equal keys keep name order (the sort is stable).
fn status_order(item: &QueueItem) -> (u8, u64) {
    match item.status() {
        None => (9, 0),
        Some(status) => {
            let share = match status {
                ItemStatus::InProgress { reviewed, total } => {
                    (reviewed as u64 * 1_000_000) / total.max(1) as u64
                }
                _ => 0,
            };
            (status.class() as u8, share)
        }
    }
}

/// Reads what the queue needs from a review file: quote statuses and confidences only.
pub fn read_summary(path: &Path, doubt_threshold: f32) -> ReviewState {
    #[derive(Deserialize)]
    struct SummaryFile {
        format: String,
        quotes: Vec<SummaryQuote>,
    }
    #[derive(Deserialize)]
    struct SummaryQuote {
        status: QuoteStatus,
        confidence: f32,
    }
    let bytes = match crate::document::load::read_file(path) {
        Ok(bytes) => bytes,
        Err(e) => return ReviewState::Unreadable(e.to_string()),
    };
    let file: SummaryFile = match serde_json::from_slice(&bytes) {
        Ok(file) => file,
        Err(e) => {
            return ReviewState::Unreadable(format!(
                "{}: is not a readable review file: {e}",
                path.display()
            ));
        }
    };
    if file.format != FORMAT_NAME {
        return ReviewState::Unreadable(format!(
            "{}: is not an article-review file (format {:?})",
            path.display(),
            file.format
        ));
    }
    let mut summary = ReviewSummary {
        total: file.quotes.len(),
        ..ReviewSummary::default()
    };
    for quote in &file.quotes {
        if quote.status.is_reviewed() {
            summary.reviewed += 1;
        } else if quote.confidence < doubt_threshold {
            summary.doubtful += 1;
        }
        if quote.status == QuoteStatus::Rejected {
            summary.rejected += 1;
        }
    }
    ReviewState::Read(summary)
}

/// The review file beside `article`: `STEM.review.json`, or `NAME.review.json` when
/// `keep_extension` (another article in its folder has the same stem).
pub fn review_beside(article: &Path, keep_extension: bool) -> PathBuf {
    let name = if keep_extension {
        article.file_name()
    } else {
        article.file_stem()
    }
    .map(|n| n.to_string_lossy().into_owned())
    .unwrap_or_else(|| "article".into());
    article.with_file_name(format!("{name}{REVIEW_SUFFIX}"))
}

/// True when `path` names an article the queue lists.
pub fn is_article(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ARTICLE_EXTENSIONS.iter().any(|a| e.eq_ignore_ascii_case(a)))
}

/// True when `path` names a review file (`*.review.json`).
pub fn is_review_file(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
        n.len() > REVIEW_SUFFIX.len() && n.to_ascii_lowercase().ends_with(REVIEW_SUFFIX)
    })
}

/// Size and modification time: what decides whether an index entry is still true.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileStamp {
    size: u64,
    mtime_ns: u128,
    modified: SystemTime,
}

fn stamp_of(metadata: &std::fs::Metadata) -> FileStamp {
    let modified = metadata.modified().unwrap_or(UNIX_EPOCH);
    FileStamp {
        size: metadata.len(),
        mtime_ns: modified
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
        modified,
    }
}

fn file_stamp(path: &Path) -> Option<FileStamp> {
    std::fs::metadata(path)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| stamp_of(&m))
}

/// What a walk of the queue folder (and its output folder) found.
struct Listing {
    articles: Vec<(PathBuf, FileStamp)>,
    reviews: HashMap<PathBuf, FileStamp>,
}

/// Walks `root` for articles and review files, skipping hidden files and folders and the
/// output folder, then the output folder for review files only (so that an output folder
/// inside the queue does not list its reviews' copies of articles, if any, as articles).
fn list_folder(root: &Path, output_dir: Option<&Path>) -> Result<Listing, QueueError> {
    let mut listing = Listing {
        articles: Vec::new(),
        reviews: HashMap::new(),
    };
    let mut walk = |dir: &Path, articles: bool, skip: Option<&Path>| -> Result<(), QueueError> {
        let walker = walkdir::WalkDir::new(dir)
            .follow_links(true)
            .into_iter()
            .filter_entry(|entry| {
                entry.depth() == 0
                    || !(entry.file_name().to_string_lossy().starts_with('.')
                        || skip.is_some_and(|s| entry.path() == s))
            });
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                // The folder itself must be readable; an unreadable subfolder or a symlink
                // loop inside only leaves those files out.
                Err(e) if e.depth() == 0 => {
                    return Err(QueueError(format!(
                        "cannot list the folder {}: {e}",
                        dir.display()
                    )));
                }
                Err(_) => continue,
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let path = entry.path();
            let review = is_review_file(path);
            if !(review || articles && is_article(path)) {
                continue;
            }
            let Ok(metadata) = entry.metadata() else {
                continue;
            };
            let stamp = stamp_of(&metadata);
            if review {
                listing.reviews.insert(path.to_path_buf(), stamp);
            } else {
                listing.articles.push((path.to_path_buf(), stamp));
            }
        }
        Ok(())
    };
    walk(root, true, output_dir)?;
    if let Some(out) = output_dir.filter(|out| out.is_dir()) {
        walk(out, false, None)?;
    }
    Ok(listing)
}

/// (folder, lower-case stem) of an article: two articles with the same key would share a review.
fn stem_key(article: &Path) -> (PathBuf, String) {
    (
        article.parent().map(Path::to_path_buf).unwrap_or_default(),
        article
            .file_stem()
            .map(|s| s.to_string_lossy().to_lowercase())
            .unwrap_or_default(),
    )
}

fn shared_stems(articles: &[(PathBuf, FileStamp)]) -> HashSet<(PathBuf, String)> {
    let mut seen = HashSet::new();
    let mut shared = HashSet::new();
    for (article, _) in articles {
        let key = stem_key(article);
        if !seen.insert(key.clone()) {
            shared.insert(key);
        }
    }
    shared
}

/// The index key of a review file: its path under the queue folder, or its absolute path when
/// it is elsewhere (an output folder outside the queue).
fn key_of(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

/// One cached review summary, valid while the file keeps this size and modification time.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct IndexEntry {
    size: u64,
    mtime_ns: u128,
    summary: ReviewSummary,
}

#[derive(Deserialize)]
struct IndexFile {
    format: String,
    version: u32,
    output_dir: Option<PathBuf>,
    doubt_threshold: f32,
    entries: HashMap<String, IndexEntry>,
}

#[derive(Serialize)]
struct IndexFileOut<'a> {
    format: &'static str,
    version: u32,
    output_dir: Option<&'a Path>,
    doubt_threshold: f32,
    entries: BTreeMap<String, IndexEntry>,
}

/// The queue's index, or None when it is missing, damaged, of another version or from another
/// program: then every review file is read again and the index rewritten.
fn read_index(root: &Path) -> Option<IndexFile> {
    let bytes = std::fs::read(root.join(INDEX_FILE_NAME)).ok()?;
    let index: IndexFile = serde_json::from_slice(&bytes).ok()?;
    (index.format == INDEX_FORMAT && index.version == INDEX_VERSION).then_some(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn review_names_drop_the_extension_unless_shared() {
        assert_eq!(
            review_beside(Path::new("/q/a/story.html"), false),
            PathBuf::from("/q/a/story.review.json")
        );
        assert_eq!(
            review_beside(Path::new("/q/a/story.html"), true),
            PathBuf::from("/q/a/story.html.review.json")
        );
    }

    #[test]
    fn file_kinds() {
        assert!(is_article(Path::new("a.TXT")));
        assert!(is_article(Path::new("a.htm")));
        assert!(!is_article(Path::new("a.json")));
        assert!(is_review_file(Path::new("a.review.json")));
        assert!(!is_review_file(Path::new(".review.json")));
        assert!(!is_review_file(Path::new("a.json")));
    }

    #[test]
    fn status_of_summaries() {
        let s = |total, reviewed| ReviewSummary {
            total,
            reviewed,
            ..ReviewSummary::default()
        };
        assert_eq!(ItemStatus::of(&s(3, 0)), ItemStatus::New);
        assert_eq!(
            ItemStatus::of(&s(3, 1)),
            ItemStatus::InProgress {
                reviewed: 1,
                total: 3
            }
        );
        assert_eq!(ItemStatus::of(&s(3, 3)), ItemStatus::Done);
        assert_eq!(ItemStatus::of(&s(0, 0)), ItemStatus::Done);
    }
}
