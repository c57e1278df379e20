//! Opening, saving and exporting, with the unsaved-changes guard.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::corpus::disk_version::{DiskVersion, open_with_version};
use crate::document::load::LoadError;
use crate::document::model::{Document, Meta, Source};
use crate::edit::EditSession;

use super::browser::{self, BrowseCommand, BrowseOutcome, FileBrowser};
use super::command::{Action, Banner, Question};
use super::controller::{Controller, OpenDoc, PendingDialog};
use super::files::DialogPurpose;

/// The sample article shown by "Open the sample article".
pub const SAMPLE_TEXT: &str = include_str!("../../assets/sample-article.txt");
/// The file name the sample is shown under.
pub const SAMPLE_NAME: &str = "sample-article.txt";

impl Controller {
    pub(super) fn start_open(&mut self, path: PathBuf) {
        if self.background_io {
            let (tx, rx) = mpsc::channel();
            let extractor = self.extractor.clone();
            let p = path.clone();
            std::thread::spawn(move || {
                let started = Instant::now();
                let result = open_with_version(&p, &extractor);
                let _ = tx.send((p, result, started.elapsed()));
            });
            self.pending_load = Some((path, rx));
        } else {
            let started = Instant::now();
            let result = open_with_version(&path, &self.extractor);
            self.finish_open(path, result, started.elapsed());
        }
    }

    fn finish_open(
        &mut self,
        path: PathBuf,
        result: Result<(Document, DiskVersion), LoadError>,
        took: Duration,
    ) {
        match result {
            Ok((doc, version)) => {
                self.loaded_version = Some(version);
                let is_review = path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("json"));
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| path.display().to_string());
                self.prefs.remember(&path);
                self.install(OpenDoc {
                    session: EditSession::new(doc, true),
                    review_path: is_review.then(|| path.clone()),
                    opened_path: Some(path),
                    name,
                    open_time: took,
                    recovery_id: None,
                    serial: 0,
                });
            }
            Err(e) => {
                self.banner = Some(Banner::error(format!(
                    "Could not open {}: {}",
                    e.path, e.message
                )));
            }
        }
    }

    /// Opens the bundled sample article.
    pub fn open_sample(&mut self) {
        let started = Instant::now();
        let doc = self.extractor.document(
            SAMPLE_TEXT.replace("\r\n", "\n"),
            // Like the same file opened from disk, so that reviews of the sample pair up in
            // `compare` and say where their text came from.
            Source {
                path: Some(SAMPLE_NAME.into()),
                sha256: Some(crate::document::load::sha256_hex(SAMPLE_TEXT.as_bytes())),
                media_type: "text/plain".into(),
                encoding: Some("UTF-8".into()),
            },
            Meta {
                title: Some("Sample article".into()),
                ..Meta::default()
            },
        );
        self.install(OpenDoc {
            session: EditSession::new(doc, true),
            review_path: None,
            opened_path: None,
            name: SAMPLE_NAME.into(),
            open_time: started.elapsed(),
            recovery_id: None,
            serial: 0,
        });
    }

    /// The name of the file Save would write now (the review file, or the one the first save
    /// proposes), for "Save your changes to ...?".
    pub fn save_target_name(&self) -> String {
        let path = self.proposed_review_path();
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string())
    }

    /// Where the first save of the open document should go.
    pub fn proposed_review_path(&self) -> PathBuf {
        let Some(doc) = &self.doc else {
            return PathBuf::from("review.review.json");
        };
        if let Some(p) = &doc.review_path {
            return p.clone();
        }
        if let Some(p) = self.proposed_adjudicated_path() {
            return p;
        }
        match &doc.opened_path {
            Some(p) => {
                let stem = p
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "article".into());
                p.with_file_name(format!("{stem}.review.json"))
            }
            None => {
                let dir = self
                    .prefs
                    .last_dir
                    .clone()
                    .or_else(|| std::env::current_dir().ok())
                    .unwrap_or_default();
                let stem = doc.name.trim_end_matches(".txt");
                dir.join(format!("{stem}.review.json"))
            }
        }
    }

    /// Writes the document to `path`; on failure shows the path and reason and keeps the
    /// document unsaved. Returns whether it was written.
    pub fn save_to(&mut self, path: &Path) -> bool {
        if let Some(refusal) = self.refuse_overwriting_source(path) {
            self.banner = Some(Banner::error(refusal));
            return false;
        }
        if self.doc.is_none() || !self.guard_before_save(path) {
            return false;
        }
        self.queue_before_save(path);
        let Some(doc) = &mut self.doc else {
            return false;
        };
        doc.session
            .stamp_review(crate::document::model::now_rfc3339());
        match crate::document::save::save_document(path, doc.session.doc()) {
            Ok(()) => {
                doc.session.mark_saved();
                if let (Some(store), Some(id)) = (&self.recovery, &doc.recovery_id) {
                    // A stale snapshot would only offer an older state at the next start.
                    let _ = store.remove(id);
                }
                self.autosaver.clean();
                doc.review_path = Some(path.to_path_buf());
                if let Some(name) = path.file_name() {
                    doc.name = name.to_string_lossy().into_owned();
                }
                self.prefs.remember(path);
                self.banner = Some(Banner::info(format!("Saved to {}", path.display())));
                self.guard_after_save(path);
                self.queue_after_save(path);
                true
            }
            Err(e) => {
                self.banner = Some(Banner::error(format!(
                    "Could not save to {}: {}. The file on disk is unchanged and your changes are kept.",
                    path.display(),
                    e.reason
                )));
                false
            }
        }
    }

    /// Asks for a file through the system dialog, or, where there is none, in the in-window browser.
    /// `suggested` is the proposed file (or, for opening, the folder to start in).
    pub(super) fn ask_path(
        &mut self,
        purpose: DialogPurpose,
        then: Option<Action>,
        suggested: PathBuf,
    ) {
        if self.pending_dialog.is_some() {
            return;
        }
        if !self.dialogs.available() || self.prefs.window_file_browser {
            // Absolute, so the browser shows where the file goes.
            let start = match std::env::current_dir() {
                Ok(cwd) if suggested.is_relative() && !suggested.as_os_str().is_empty() => {
                    cwd.join(suggested)
                }
                _ => suggested,
            };
            let browser = FileBrowser::new(purpose, &start, self.browser_places());
            self.question = Some(Question::Browse {
                browser: Box::new(browser),
                then,
            });
            return;
        }
        let rx = match purpose {
            p if p.wants_folder() => {
                let dir = (!suggested.as_os_str().is_empty()).then_some(suggested.as_path());
                self.dialogs.folder(p, dir)
            }
            p if p.is_open() => {
                let dir = (!suggested.as_os_str().is_empty()).then_some(suggested.as_path());
                self.dialogs.open_for(p, dir)
            }
            _ => self.dialogs.save(purpose, &suggested),
        };
        self.pending_dialog = Some(PendingDialog { purpose, then, rx });
        // Fakes answer at once: take the answer now rather than a frame later.
        self.poll_dialog();
    }

    /// The folders the in-window browser offers beside its listing.
    fn browser_places(&self) -> Vec<browser::Place> {
        let article_dir = self
            .doc
            .as_ref()
            .and_then(|d| d.opened_path.as_ref().or(d.review_path.as_ref()))
            .and_then(|p| p.parent())
            .filter(|p| !p.as_os_str().is_empty());
        browser::places(
            dirs::home_dir().as_deref(),
            article_dir,
            self.queue.as_ref().map(|q| q.queue().root()),
            &self.prefs.recent,
        )
    }

    /// An action in the in-window browser; a chosen path goes where a system dialog's would.
    pub(super) fn apply_browse(&mut self, command: BrowseCommand) {
        let Some(Question::Browse { browser, .. }) = &mut self.question else {
            return;
        };
        if command == BrowseCommand::Cancel {
            self.question = None;
            return;
        }
        if let BrowseOutcome::Chosen(path) = browser.apply(command)
            && let Some(Question::Browse { browser, then }) = self.question.take()
        {
            self.path_chosen(browser.purpose(), then, path);
        }
    }

    /// The reviewer chose `path` (in a dialog or the in-window browser) for `purpose`.
    pub(super) fn path_chosen(
        &mut self,
        purpose: DialogPurpose,
        then: Option<Action>,
        path: PathBuf,
    ) {
        match purpose {
            DialogPurpose::Open => self.start_open(path),
            DialogPurpose::SaveReview => {
                if self.save_to(&path)
                    && let Some(then) = then
                {
                    self.perform(then);
                }
            }
            DialogPurpose::ExportCsv => self.export_csv_to(&path),
            DialogPurpose::OpenFolder
            | DialogPurpose::OutputFolder
            | DialogPurpose::ExportCorpus
            | DialogPurpose::ExportChart => self.queue_path_chosen(purpose, path),
            DialogPurpose::CompareWith => self.compare_with(path),
            DialogPurpose::Import => self.import_path(path),
            DialogPurpose::Export(format) => self.export_to(format, &path),
            DialogPurpose::SecondReviewerFolder => self.set_second_folder(path),
        }
    }

    /// Saves to the review file, or asks where first (always, with `ask`); then does `then`.
    pub(super) fn save(&mut self, then: Option<Action>, ask: bool) {
        let Some(doc) = &self.doc else { return };
        match doc.review_path.clone() {
            Some(path) if !ask => {
                if self.save_to(&path)
                    && let Some(action) = then
                {
                    self.perform(action);
                }
            }
            _ => {
                let suggested = self.proposed_review_path();
                self.ask_path(DialogPurpose::SaveReview, then, suggested);
            }
        }
    }

    /// Asks where to write the quote table as CSV, proposing ARTICLE.quotes.csv.
    pub(super) fn export_csv(&mut self) {
        if self.doc.is_none() {
            return;
        }
        let suggested = self.proposed_review_path();
        let name = suggested
            .file_name()
            .map(|n| n.to_string_lossy().replace(".review.json", ".quotes.csv"))
            .unwrap_or_else(|| "quotes.csv".into());
        let suggested = suggested.with_file_name(name);
        self.ask_path(DialogPurpose::ExportCsv, None, suggested);
    }

    fn export_csv_to(&mut self, path: &Path) {
        let Some(doc) = &self.doc else { return };
        let csv = crate::document::csv::quotes_csv(doc.session.doc());
        // Atomic like a save: a failed export never leaves half a spreadsheet over an old one.
        self.banner = Some(
            match crate::document::save::atomic_write(path, csv.as_bytes()) {
                Ok(()) => Banner::info(format!("Exported the quotes to {}", path.display())),
                Err(e) => Banner::error(format!(
                    "Could not export to {}: {}. Nothing was written there.",
                    path.display(),
                    e.reason
                )),
            },
        );
    }

    /// Runs `action`, first asking to save unsaved changes.
    pub(super) fn request(&mut self, action: Action) {
        // Opening a folder lists it as the queue; the open article stays, so nothing is lost.
        if let Action::OpenPath(dir) = &action
            && dir.is_dir()
        {
            let dir = dir.clone();
            self.open_queue(&dir);
            return;
        }
        if self.is_dirty() {
            self.question = Some(Question::Unsaved(action));
        } else {
            self.perform(action);
        }
    }

    /// Runs `action` without asking (the reviewer chose save or discard).
    pub(super) fn perform(&mut self, action: Action) {
        match action {
            Action::OpenDialog => {
                let dir = self.prefs.last_dir.clone().unwrap_or_default();
                self.ask_path(DialogPurpose::Open, None, dir);
            }
            Action::OpenPath(p) => self.start_open(p),
            Action::OpenSample => self.open_sample(),
            Action::Close => {
                self.close_allowed = true;
                self.close_wanted = true;
            }
            Action::OpenQueueItem(index) => self.open_queue_item(index),
            Action::CompareDialog => self.ask_compare(),
            Action::ImportDialog => self.ask_import(),
        }
    }

    /// Handles the reviewer's answer to the unsaved-changes question.
    pub(super) fn resolve_unsaved(&mut self, action: Action, save: bool) {
        if save {
            self.save(Some(action), false);
        } else {
            // Discarding is only decided when the next document replaces this one (which also
            // drops its snapshot) or the window closes: a cancelled file dialog after
            // "Discard" leaves the edits unsaved, and still guarded.
            self.perform(action);
        }
    }

    /// Takes in a file opened on the worker thread and a file dialog's answer.
    pub(super) fn poll_background(&mut self) {
        if let Some((_, rx)) = &self.pending_load {
            match rx.try_recv() {
                Ok((path, result, took)) => {
                    self.pending_load = None;
                    self.finish_open(path, result, took);
                }
                Err(mpsc::TryRecvError::Empty) => {}
                Err(mpsc::TryRecvError::Disconnected) => {
                    if let Some((path, _)) = self.pending_load.take() {
                        self.banner = Some(Banner::error(format!(
                            "Could not open {}: the reader stopped",
                            path.display()
                        )));
                    }
                }
            }
        }
        self.poll_dialog();
    }

    fn poll_dialog(&mut self) {
        let Some(pending) = &self.pending_dialog else {
            return;
        };
        match pending.rx.try_recv() {
            Ok(answer) => {
                if let Some(pending) = self.pending_dialog.take()
                    && let Some(path) = answer
                {
                    self.path_chosen(pending.purpose, pending.then, path);
                }
            }
            Err(mpsc::TryRecvError::Empty) => {}
            Err(mpsc::TryRecvError::Disconnected) => self.pending_dialog = None,
        }
    }
}
