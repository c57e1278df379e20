//! The review window's state and frame: menus, panels, keyboard, files and the unsaved-changes
//! guard. Widgets only emit [`Cmd`]s; they are carried out at the end of the frame.

use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use egui::{Key, KeyboardShortcut, Modifiers, Ui, ViewportCommand};

use crate::document::load::LoadError;
use crate::document::model::{Document, Meta, QuoteKind, QuoteStatus, Source};
use crate::edit::{Candidate, Edit, EditSession, rank_speakers};
use crate::extract::Extractor;
use crate::open::open_path;
use crate::recovery::{Autosaver, RecoveryEntry, RecoveryStore};

use super::article_view::{ArticleEvent, ArticleView, Focus};
use super::dialogs::Modal;
use super::file_dialogs::{DialogPurpose, FileDialogs};
use super::quote_table::QuoteTableState;
use super::settings::Prefs;
use super::theme;

/// The sample article shown by "Open the sample article".
pub const SAMPLE_TEXT: &str = include_str!("../../assets/sample-article.txt");
/// The file name the sample is shown under.
pub const SAMPLE_NAME: &str = "sample-article.txt";

const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
const SAVE_AS: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
const REDO: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
const REDO_Y: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
const QUIT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Q);

/// How the app is set up: injected services and start-up choices.
pub struct AppOptions {
    /// File dialogs (native, or a fake in tests).
    pub dialogs: Arc<dyn FileDialogs>,
    /// The extraction pipeline.
    pub extractor: Arc<Extractor>,
    /// A file to open at start.
    pub file: Option<PathBuf>,
    /// Open files on a worker thread (the window keeps painting); tests open synchronously.
    pub background_io: bool,
    /// Remembered preferences.
    pub prefs: Prefs,
    /// Where unsaved work is snapshotted; `None` runs without crash recovery.
    pub recovery: Option<RecoveryStore>,
}

/// A file action that may throw away unsaved work, so it waits for save / discard / cancel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Ask for a file and open it.
    OpenDialog,
    /// Open this file.
    OpenPath(PathBuf),
    /// Open the bundled sample.
    OpenSample,
    /// Close the window.
    Close,
}

/// A message shown at the top of the window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Banner {
    /// The text.
    pub text: String,
    /// An error (red) or information.
    pub error: bool,
}

/// Something the reviewer asked for during the frame.
#[derive(Debug, Clone, PartialEq)]
pub enum Cmd {
    /// Apply an edit.
    Edit(Edit),
    /// Select a quote (by id); `scroll` brings it into view in the article.
    SelectQuote(Option<String>, bool),
    /// Select an entity (filters the quotes, highlights its mentions).
    SelectEntity(Option<String>),
    /// Undo the last edit.
    Undo,
    /// Redo.
    Redo,
    /// Save to the review file (asking where the first time).
    Save,
    /// Save under a new name.
    SaveAs,
    /// Write the quote table as CSV.
    ExportCsv,
    /// A guarded file action.
    Do(Action),
    /// Show a dialog.
    Open(Modal),
    /// Pick the n-th (0-based) speaker candidate for the selected quote.
    PickCandidate(usize),
    /// Set "no speaker" on the selected quote.
    NoSpeaker,
    /// Confirm the selected quote and move to the next unreviewed one.
    ConfirmAndNext,
    /// Reject the selected quote.
    Reject,
    /// Add a quote from the article selection.
    AddQuoteFromSelection,
    /// Move the selected quote's bounds to the article selection.
    SpanFromSelection,
    /// Move the selection up (-1) or down (+1) in the quote table.
    Move(i32),
    /// Hide the banner.
    DismissBanner,
    /// A path typed where no file dialog was available; handled like a dialog's answer.
    PathChosen {
        /// What the path is for.
        purpose: DialogPurpose,
        /// What to do after a save.
        then: Option<Action>,
        /// The path.
        path: PathBuf,
    },
}

/// A document open in the window.
pub struct OpenDoc {
    /// The document and its history.
    pub session: EditSession,
    /// Where Ctrl+S writes; `None` until the first save of an article.
    pub review_path: Option<PathBuf>,
    /// The file it was opened from (article or review file).
    pub opened_path: Option<PathBuf>,
    /// The name shown in the title bar.
    pub name: String,
    /// How long opening and extraction took.
    pub open_time: Duration,
    /// The article pane.
    pub view: ArticleView,
    /// The key of this document's crash-recovery snapshot.
    pub recovery_id: Option<String>,
    /// Each entity's highlight colour, kept through edits.
    pub colours: theme::SpeakerColours,
}

struct PendingDialog {
    purpose: DialogPurpose,
    /// What to do once a save dialog's file is written (e.g. close after "Save" in the guard).
    then: Option<Action>,
    rx: mpsc::Receiver<Option<PathBuf>>,
}

type LoadResult = (PathBuf, Result<Document, LoadError>, Duration);

/// The review window.
pub struct ReviewApp {
    pub(crate) dialogs: Arc<dyn FileDialogs>,
    pub(crate) extractor: Arc<Extractor>,
    background_io: bool,
    /// Remembered preferences.
    pub prefs: Prefs,
    /// The open document.
    pub doc: Option<OpenDoc>,
    /// Id of the selected quote.
    pub selected_quote: Option<String>,
    /// Id of the selected entity.
    pub selected_entity: Option<String>,
    /// Quote table sorting and filters.
    pub table: QuoteTableState,
    /// The banner message.
    pub banner: Option<Banner>,
    /// The speaker picker's search text.
    pub picker_search: String,
    /// The open dialog, if any.
    pub modal: Option<Modal>,
    pending_dialog: Option<PendingDialog>,
    pending_load: Option<(PathBuf, mpsc::Receiver<LoadResult>)>,
    allow_close: bool,
    title: String,
    cmds: Vec<Cmd>,
    candidates_cache: Option<((u64, String), Vec<Candidate>)>,
    recovery: Option<RecoveryStore>,
    autosaver: Autosaver,
    /// The document state last seen by the autosaver.
    autosave_seen: Option<u64>,
    /// Frame timing for `ARTICLE_REVIEW_BENCH`.
    pub(crate) bench: Option<super::bench::Bench>,
}

impl ReviewApp {
    /// A window in the given set-up; opens `options.file` if given.
    pub fn new(options: AppOptions) -> ReviewApp {
        let mut app = ReviewApp {
            dialogs: options.dialogs,
            extractor: options.extractor,
            background_io: options.background_io,
            prefs: options.prefs,
            doc: None,
            selected_quote: None,
            selected_entity: None,
            table: QuoteTableState::default(),
            banner: None,
            picker_search: String::new(),
            modal: None,
            pending_dialog: None,
            pending_load: None,
            allow_close: false,
            title: String::new(),
            cmds: Vec::new(),
            candidates_cache: None,
            recovery: options.recovery,
            autosaver: Autosaver::new(Autosaver::DEFAULT_QUIET, Autosaver::DEFAULT_MAX_WAIT),
            autosave_seen: None,
            bench: None,
        };
        app.offer_recovery();
        app.table.unreviewed_only = app.prefs.unreviewed_only;
        if let Some(file) = options.file {
            app.start_open(file);
        }
        app
    }

    /// Chooses whether files open on a worker thread from now on.
    pub fn set_background_io(&mut self, background: bool) {
        self.background_io = background;
    }

    /// The open document, if any.
    pub fn document(&self) -> Option<&Document> {
        self.doc.as_ref().map(|d| d.session.doc())
    }

    /// The open document with its history and view state, if any.
    pub fn open_doc(&self) -> Option<&OpenDoc> {
        self.doc.as_ref()
    }

    /// True when there are edits not yet saved.
    pub fn is_dirty(&self) -> bool {
        self.doc.as_ref().is_some_and(|d| d.session.is_dirty())
    }

    /// True while a file is being opened on the worker thread.
    pub fn is_loading(&self) -> bool {
        self.pending_load.is_some()
    }

    /// The window title for the current state.
    pub fn window_title(&self) -> String {
        match &self.doc {
            Some(d) if d.session.is_dirty() => format!("\u{2022} {} - article-review", d.name),
            Some(d) => format!("{} - article-review", d.name),
            None => "article-review".to_string(),
        }
    }

    /// Sets the article text selection (code points), as a drag in the article would.
    pub fn set_article_selection(&mut self, start: usize, end: usize) {
        if let Some(d) = &mut self.doc {
            d.view.selection = (start < end).then_some((start, end));
        }
    }

    /// Queues a command as if a widget had sent it (for tests and the bench driver).
    pub fn push(&mut self, cmd: Cmd) {
        self.cmds.push(cmd);
    }

    /// The speaker candidates for the selected quote, best first, filtered by the picker search.
    pub fn candidates(&mut self) -> Vec<Candidate> {
        let Some(doc) = &self.doc else {
            return Vec::new();
        };
        let Some(qid) = &self.selected_quote else {
            return Vec::new();
        };
        let key = (doc.session.state_id(), qid.clone());
        let ranked = match &self.candidates_cache {
            Some((k, ranked)) if *k == key => ranked.clone(),
            _ => {
                let d = doc.session.doc();
                let ranked = match d.quote(qid) {
                    Some(q) => rank_speakers(d, q.start, q.end),
                    None => Vec::new(),
                };
                self.candidates_cache = Some((key, ranked.clone()));
                ranked
            }
        };
        let search = self.picker_search.trim().to_lowercase();
        if search.is_empty() {
            ranked
        } else {
            ranked
                .into_iter()
                .filter(|c| c.name.to_lowercase().contains(&search))
                .collect()
        }
    }

    // ----- opening -----

    fn start_open(&mut self, path: PathBuf) {
        if self.background_io {
            let (tx, rx) = mpsc::channel();
            let extractor = self.extractor.clone();
            let p = path.clone();
            std::thread::spawn(move || {
                let started = Instant::now();
                let result = open_path(&p, &extractor);
                let _ = tx.send((p, result, started.elapsed()));
            });
            self.pending_load = Some((path, rx));
        } else {
            let started = Instant::now();
            let result = open_path(&path, &self.extractor);
            self.finish_open(path, result, started.elapsed());
        }
    }

    fn finish_open(&mut self, path: PathBuf, result: Result<Document, LoadError>, took: Duration) {
        match result {
            Ok(doc) => {
                let is_review = path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("json"));
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| path.display().to_string());
                self.prefs.remember(&path);
                self.install(OpenDoc {
                    view: ArticleView::new(&doc.text),
                    session: EditSession::new(doc, true),
                    review_path: is_review.then(|| path.clone()),
                    opened_path: Some(path),
                    name,
                    open_time: took,
                    recovery_id: None,
                    colours: theme::SpeakerColours::default(),
                });
            }
            Err(e) => {
                self.banner = Some(Banner {
                    text: format!("Could not open {}: {}", e.path, e.message),
                    error: true,
                });
            }
        }
    }

    /// Opens the bundled sample article.
    pub fn open_sample(&mut self) {
        let started = Instant::now();
        let doc = self.extractor.document(
            SAMPLE_TEXT.replace("\r\n", "\n"),
            Source {
                path: None,
                sha256: None,
                media_type: "text/plain".into(),
                encoding: Some("UTF-8".into()),
            },
            Meta {
                title: Some("Sample article".into()),
                ..Meta::default()
            },
        );
        self.install(OpenDoc {
            view: ArticleView::new(&doc.text),
            session: EditSession::new(doc, true),
            review_path: None,
            opened_path: None,
            name: SAMPLE_NAME.into(),
            open_time: started.elapsed(),
            recovery_id: None,
            colours: theme::SpeakerColours::default(),
        });
    }

    fn install(&mut self, mut doc: OpenDoc) {
        // The previous document's snapshot belongs to work the reviewer saved or discarded.
        self.forget_snapshot();
        if doc.recovery_id.is_none()
            && let Some(store) = &self.recovery
        {
            doc.recovery_id = Some(match &doc.opened_path {
                Some(p) => RecoveryStore::id_for_file(p),
                None => store.new_untitled_id(),
            });
        }
        self.autosave_seen = Some(doc.session.state_id());
        self.selected_quote = doc.session.doc().quotes.first().map(|q| q.id.clone());
        self.selected_entity = None;
        self.table.speaker = None;
        self.picker_search.clear();
        self.candidates_cache = None;
        self.banner = None;
        self.doc = Some(doc);
        self.table.invalidate();
    }

    // ----- saving -----

    /// Where the first save of the open document should go.
    pub fn proposed_review_path(&self) -> PathBuf {
        let Some(doc) = &self.doc else {
            return PathBuf::from("review.review.json");
        };
        if let Some(p) = &doc.review_path {
            return p.clone();
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
        let Some(doc) = &mut self.doc else {
            return false;
        };
        doc.session
            .stamp_review(crate::document::model::now_rfc3339());
        match crate::document::save::save_document(path, doc.session.doc()) {
            Ok(()) => {
                doc.session.mark_saved();
                let id = doc.recovery_id.clone();
                if let (Some(store), Some(id)) = (&self.recovery, id) {
                    // A stale snapshot would only offer an older state at the next start.
                    let _ = store.remove(&id);
                }
                self.autosaver.clean();
                doc.review_path = Some(path.to_path_buf());
                doc.name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| doc.name.clone());
                self.prefs.remember(path);
                self.banner = Some(Banner {
                    text: format!("Saved to {}", path.display()),
                    error: false,
                });
                true
            }
            Err(e) => {
                self.banner = Some(Banner {
                    text: format!(
                        "Could not save to {}: {}. The file on disk is unchanged and your changes are kept.",
                        path.display(),
                        e.reason
                    ),
                    error: true,
                });
                false
            }
        }
    }

    /// Asks for a file through the system dialog, or, where there is none, with a path prompt in
    /// the window. `suggested` is the proposed file (or, for opening, the folder to start in).
    fn ask_path(
        &mut self,
        ctx: &egui::Context,
        purpose: DialogPurpose,
        then: Option<Action>,
        suggested: PathBuf,
    ) {
        if self.pending_dialog.is_some() {
            return;
        }
        if !self.dialogs.available() {
            // Absolute, so the reviewer sees where the file goes.
            let suggested = match std::env::current_dir() {
                Ok(cwd) if suggested.is_relative() && !suggested.as_os_str().is_empty() => {
                    cwd.join(suggested)
                }
                _ => suggested,
            };
            let mut path = suggested.display().to_string();
            if purpose == DialogPurpose::Open && !path.is_empty() {
                path.push(std::path::MAIN_SEPARATOR);
            }
            self.modal = Some(Modal::PathPrompt {
                purpose,
                then,
                path,
            });
            return;
        }
        let rx = match purpose {
            DialogPurpose::Open => {
                let dir = (!suggested.as_os_str().is_empty()).then_some(suggested.as_path());
                self.dialogs.open(ctx, dir)
            }
            _ => self.dialogs.save(ctx, purpose, &suggested),
        };
        self.pending_dialog = Some(PendingDialog { purpose, then, rx });
    }

    /// The reviewer chose `path` (in a dialog or the path prompt) for `purpose`.
    fn path_chosen(
        &mut self,
        ctx: &egui::Context,
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
                    self.perform(ctx, then);
                }
            }
            DialogPurpose::ExportCsv => self.export_csv_to(&path),
        }
    }

    /// Saves to the review file, or asks where first; then does `then`.
    fn save(&mut self, ctx: &egui::Context, then: Option<Action>, ask: bool) {
        if self.doc.is_none() {
            return;
        }
        let known = self.doc.as_ref().and_then(|d| d.review_path.clone());
        match known {
            Some(path) if !ask => {
                if self.save_to(&path)
                    && let Some(action) = then
                {
                    self.perform(ctx, action);
                }
            }
            _ => {
                let suggested = self.proposed_review_path();
                self.ask_path(ctx, DialogPurpose::SaveReview, then, suggested);
            }
        }
    }

    fn export_csv_to(&mut self, path: &Path) {
        let Some(doc) = &self.doc else { return };
        let csv = crate::document::csv::quotes_csv(doc.session.doc());
        self.banner = Some(match std::fs::write(path, csv) {
            Ok(()) => Banner {
                text: format!("Exported the quotes to {}", path.display()),
                error: false,
            },
            Err(e) => Banner {
                text: format!("Could not write {}: {e}", path.display()),
                error: true,
            },
        });
    }

    // ----- guarded actions -----

    /// Runs `action`, first asking to save unsaved changes.
    fn request(&mut self, ctx: &egui::Context, action: Action) {
        if self.is_dirty() {
            self.modal = Some(Modal::Unsaved(action));
        } else {
            self.perform(ctx, action);
        }
    }

    /// Runs `action` without asking (the reviewer chose save or discard).
    pub(crate) fn perform(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::OpenDialog => {
                let dir = self.prefs.last_dir.clone().unwrap_or_default();
                self.ask_path(ctx, DialogPurpose::Open, None, dir);
            }
            Action::OpenPath(p) => self.start_open(p),
            Action::OpenSample => self.open_sample(),
            Action::Close => {
                self.allow_close = true;
                ctx.send_viewport_cmd(ViewportCommand::Close);
            }
        }
    }

    /// Handles the reviewer's answer in the unsaved-changes dialog.
    pub(crate) fn resolve_unsaved(&mut self, ctx: &egui::Context, action: Action, save: bool) {
        if save {
            self.save(ctx, Some(action), false);
        } else {
            if let Some(d) = &mut self.doc {
                // Discarding: the next open replaces the document anyway; mark it so a close
                // goes through.
                d.session.mark_saved();
            }
            self.forget_snapshot();
            self.perform(ctx, action);
        }
    }

    // ----- crash recovery -----

    /// Lists snapshots left by earlier sessions and offers to restore them.
    fn offer_recovery(&mut self) {
        let Some(store) = &self.recovery else { return };
        let scan = store.scan();
        if !scan.problems.is_empty() {
            let messages: Vec<String> = scan.problems.iter().map(|p| p.message.clone()).collect();
            self.banner = Some(Banner {
                text: format!(
                    "Some recovery snapshots could not be read: {}",
                    messages.join("; ")
                ),
                error: true,
            });
        }
        if !scan.entries.is_empty() {
            self.modal = Some(Modal::Recover(
                scan.entries
                    .iter()
                    .map(|e| super::dialogs::Leftover {
                        id: e.id.clone(),
                        file: e.file.clone(),
                        saved_at: e.saved_at_rfc3339(),
                        quotes: e.document.quotes.len(),
                        reviewed: e.document.reviewed_count(),
                    })
                    .collect(),
            ));
        }
    }

    /// Reopens a snapshot as unsaved work on its file.
    pub(crate) fn restore_snapshot(&mut self, id: &str) {
        let Some(store) = &self.recovery else { return };
        match store.restore(id) {
            Ok(entry) => {
                let is_review = entry
                    .file
                    .as_ref()
                    .and_then(|p| p.extension())
                    .is_some_and(|e| e.eq_ignore_ascii_case("json"));
                let name = entry
                    .file
                    .as_ref()
                    .and_then(|p| p.file_name())
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "recovered review".into());
                let doc = entry.document;
                self.install(OpenDoc {
                    view: ArticleView::new(&doc.text),
                    session: EditSession::new(doc, false),
                    review_path: if is_review { entry.file.clone() } else { None },
                    opened_path: entry.file,
                    name,
                    open_time: Duration::ZERO,
                    recovery_id: Some(entry.id),
                    colours: theme::SpeakerColours::default(),
                });
                self.banner = Some(Banner {
                    text: "Restored your unsaved work. Save it to keep it.".into(),
                    error: false,
                });
            }
            Err(error) => {
                self.banner = Some(Banner {
                    text: error.to_string(),
                    error: true,
                })
            }
        }
    }

    /// Deletes a snapshot the reviewer does not want back.
    pub(crate) fn discard_snapshot(&mut self, id: &str) {
        if let Some(store) = &self.recovery
            && let Err(error) = store.remove(id)
        {
            self.banner = Some(Banner {
                text: error.to_string(),
                error: true,
            });
        }
    }

    /// Removes the open document's snapshot (after a save or a discard).
    fn forget_snapshot(&mut self) {
        if let (Some(store), Some(doc)) = (&self.recovery, &self.doc)
            && let Some(id) = &doc.recovery_id
        {
            let _ = store.remove(id);
        }
        self.autosaver.clean();
    }

    /// Snapshots unsaved edits a few seconds after they were made.
    fn autosave(&mut self, ctx: &egui::Context) {
        let (Some(store), Some(doc)) = (&self.recovery, &self.doc) else {
            return;
        };
        let now = Instant::now();
        let state = doc.session.state_id();
        if self.autosave_seen != Some(state) {
            self.autosave_seen = Some(state);
            if doc.session.is_dirty() {
                self.autosaver.edited(now);
            } else {
                // Undone back to the saved state: nothing to recover.
                if let Some(id) = &doc.recovery_id {
                    let _ = store.remove(id);
                }
                self.autosaver.clean();
            }
        }
        if self.autosaver.due(now)
            && let Some(id) = &doc.recovery_id
        {
            let file = doc.review_path.clone().or_else(|| doc.opened_path.clone());
            let entry = RecoveryEntry::new(id.clone(), file, doc.session.doc().clone());
            match store.save(&entry) {
                Ok(()) => self.autosaver.snapshotted(),
                Err(message) => {
                    self.autosaver.failed(now);
                    self.banner = Some(Banner {
                        text: format!("Could not write the recovery snapshot: {message}"),
                        error: true,
                    });
                }
            }
        }
        if let Some(wait) = self.autosaver.wait(now) {
            ctx.request_repaint_after(wait);
        }
    }

    // ----- per-frame plumbing -----

    fn poll_background(&mut self, ctx: &egui::Context) {
        if let Some((_, rx)) = &self.pending_load {
            match rx.try_recv() {
                Ok((path, result, took)) => {
                    self.pending_load = None;
                    self.finish_open(path, result, took);
                }
                Err(mpsc::TryRecvError::Empty) => {}
                Err(mpsc::TryRecvError::Disconnected) => {
                    let (path, _) = self.pending_load.take().expect("checked above");
                    self.banner = Some(Banner {
                        text: format!("Could not open {}: the reader stopped", path.display()),
                        error: true,
                    });
                }
            }
        }
        if let Some(pending) = &self.pending_dialog {
            match pending.rx.try_recv() {
                Ok(answer) => {
                    let pending = self.pending_dialog.take().expect("checked above");
                    if let Some(path) = answer {
                        self.path_chosen(ctx, pending.purpose, pending.then, path);
                    }
                }
                Err(mpsc::TryRecvError::Empty) => {}
                Err(mpsc::TryRecvError::Disconnected) => self.pending_dialog = None,
            }
        }
    }

    fn handle_input(&mut self, ui: &Ui) {
        let modal_open = self.modal.is_some();
        let typing = ui.ctx().text_edit_focused();
        let mut cmds = Vec::new();
        ui.input_mut(|i| {
            if modal_open {
                return;
            }
            if i.consume_shortcut(&SAVE_AS) {
                cmds.push(Cmd::SaveAs);
            }
            if i.consume_shortcut(&SAVE) {
                cmds.push(Cmd::Save);
            }
            if i.consume_shortcut(&OPEN) {
                cmds.push(Cmd::Do(Action::OpenDialog));
            }
            if i.consume_shortcut(&QUIT) {
                cmds.push(Cmd::Do(Action::Close));
            }
            if !typing {
                if i.consume_shortcut(&REDO) || i.consume_shortcut(&REDO_Y) {
                    cmds.push(Cmd::Redo);
                }
                if i.consume_shortcut(&UNDO) {
                    cmds.push(Cmd::Undo);
                }
            }
            if typing {
                return;
            }
            let keys: [(Key, Cmd); 7] = [
                (Key::ArrowDown, Cmd::Move(1)),
                (Key::J, Cmd::Move(1)),
                (Key::ArrowUp, Cmd::Move(-1)),
                (Key::K, Cmd::Move(-1)),
                (Key::Enter, Cmd::ConfirmAndNext),
                (Key::N, Cmd::NoSpeaker),
                (Key::Delete, Cmd::Reject),
            ];
            for (key, cmd) in keys {
                if i.consume_key(Modifiers::NONE, key) {
                    cmds.push(cmd);
                }
            }
            if i.consume_key(Modifiers::NONE, Key::A) {
                cmds.push(Cmd::AddQuoteFromSelection);
            }
            let digits = [
                Key::Num1,
                Key::Num2,
                Key::Num3,
                Key::Num4,
                Key::Num5,
                Key::Num6,
                Key::Num7,
                Key::Num8,
                Key::Num9,
            ];
            for (n, key) in digits.into_iter().enumerate() {
                if i.consume_key(Modifiers::NONE, key) {
                    cmds.push(Cmd::PickCandidate(n));
                }
            }
        });
        self.cmds.extend(cmds);

        // Files dropped onto the window.
        let dropped: Vec<PathBuf> = ui.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            self.cmds.push(Cmd::Do(Action::OpenPath(path)));
        }
    }

    fn run_commands(&mut self, ctx: &egui::Context) {
        let cmds = std::mem::take(&mut self.cmds);
        for cmd in cmds {
            self.run_command(ctx, cmd);
        }
    }

    fn apply_edit(&mut self, edit: Edit) -> Option<crate::edit::Applied> {
        let doc = self.doc.as_mut()?;
        match doc.session.apply(edit) {
            Ok(applied) => Some(applied),
            Err(e) => {
                self.banner = Some(Banner {
                    text: format!("That change was not made: {e}"),
                    error: true,
                });
                None
            }
        }
    }

    fn run_command(&mut self, ctx: &egui::Context, cmd: Cmd) {
        match cmd {
            Cmd::Edit(edit) => {
                if let Some(applied) = self.apply_edit(edit)
                    && let Some(q) = applied.new_quote
                {
                    self.select_quote(Some(q), true);
                }
                self.fix_selection();
            }
            Cmd::SelectQuote(id, scroll) => self.select_quote(id, scroll),
            Cmd::SelectEntity(id) => {
                self.table.speaker = id.clone();
                self.selected_entity = id;
                self.table.invalidate();
            }
            Cmd::Undo => {
                if let Some(d) = &mut self.doc
                    && d.session.undo()
                {
                    self.fix_selection();
                }
            }
            Cmd::Redo => {
                if let Some(d) = &mut self.doc
                    && d.session.redo()
                {
                    self.fix_selection();
                }
            }
            Cmd::Save => self.save(ctx, None, false),
            Cmd::SaveAs => self.save(ctx, None, true),
            Cmd::ExportCsv => {
                if self.doc.is_some() {
                    let suggested = self.proposed_review_path();
                    let name = suggested
                        .file_name()
                        .map(|n| n.to_string_lossy().replace(".review.json", ".quotes.csv"))
                        .unwrap_or_else(|| "quotes.csv".into());
                    let suggested = suggested.with_file_name(name);
                    self.ask_path(ctx, DialogPurpose::ExportCsv, None, suggested);
                }
            }
            Cmd::Do(action) => self.request(ctx, action),
            Cmd::Open(modal) => self.modal = Some(modal),
            Cmd::PickCandidate(n) => {
                let candidates = self.candidates();
                if let (Some(q), Some(c)) = (self.selected_quote.clone(), candidates.get(n)) {
                    // The edit picks the mention: the current one when the speaker stays,
                    // else the entity's best mention for this quote.
                    self.apply_edit(Edit::SetSpeaker {
                        quote: q,
                        speaker: Some(c.entity.clone()),
                        mention: None,
                    });
                    self.picker_search.clear();
                }
            }
            Cmd::NoSpeaker => {
                if let Some(q) = self.selected_quote.clone() {
                    self.apply_edit(Edit::SetSpeaker {
                        quote: q,
                        speaker: None,
                        mention: None,
                    });
                }
            }
            Cmd::ConfirmAndNext => {
                if let Some(q) = self.selected_quote.clone() {
                    let next = self.next_unreviewed(&q);
                    self.apply_edit(Edit::Confirm { quote: q });
                    if let Some(next) = next {
                        self.select_quote(Some(next), true);
                    }
                    self.fix_selection();
                }
            }
            Cmd::Reject => {
                if let Some(q) = self.selected_quote.clone() {
                    let next = self.next_unreviewed(&q);
                    self.apply_edit(Edit::Reject { quote: q });
                    if let Some(next) = next {
                        self.select_quote(Some(next), true);
                    }
                    self.fix_selection();
                }
            }
            Cmd::AddQuoteFromSelection => self.add_quote_from_selection(),
            Cmd::SpanFromSelection => {
                let sel = self.doc.as_ref().and_then(|d| d.view.selection);
                if let (Some(q), Some((start, end))) = (self.selected_quote.clone(), sel) {
                    let (start, end, _) = self.trim_marks(start, end);
                    self.apply_edit(Edit::SetSpan {
                        quote: q,
                        start,
                        end,
                    });
                    if let Some(d) = &mut self.doc {
                        d.view.selection = None;
                    }
                }
            }
            Cmd::Move(delta) => self.move_selection(delta),
            Cmd::DismissBanner => self.banner = None,
            Cmd::PathChosen {
                purpose,
                then,
                path,
            } => self.path_chosen(ctx, purpose, then, path),
        }
    }

    /// Drops selections that no longer exist after an edit, undo or redo.
    fn fix_selection(&mut self) {
        let Some(doc) = &self.doc else { return };
        let d = doc.session.doc();
        if let Some(q) = &self.selected_quote
            && d.quote(q).is_none()
        {
            self.selected_quote = None;
        }
        if let Some(e) = &self.selected_entity
            && d.entity(e).is_none()
        {
            self.selected_entity = None;
            self.table.speaker = None;
        }
        self.table.invalidate();
    }

    fn select_quote(&mut self, id: Option<String>, scroll: bool) {
        if id != self.selected_quote {
            self.picker_search.clear();
        }
        self.selected_quote = id;
        if scroll
            && let Some(doc) = &mut self.doc
            && let Some(q) = self
                .selected_quote
                .as_ref()
                .and_then(|q| doc.session.doc().quote(q))
        {
            let start = q.start;
            doc.view.scroll_to(start);
        }
        self.table.scroll_to_selected = true;
    }

    fn move_selection(&mut self, delta: i32) {
        let Some(doc) = &self.doc else { return };
        let rows = self.table.rows(doc.session.doc(), doc.session.state_id());
        if rows.is_empty() {
            return;
        }
        let d = doc.session.doc();
        let current = self
            .selected_quote
            .as_ref()
            .and_then(|id| rows.iter().position(|&i| d.quotes[i].id == *id));
        let next = match current {
            None if delta > 0 => 0,
            None => rows.len() - 1,
            Some(at) => (at as i64 + delta as i64).clamp(0, rows.len() as i64 - 1) as usize,
        };
        let id = d.quotes[rows[next]].id.clone();
        self.select_quote(Some(id), true);
    }

    /// The next quote after `from` in table order that nobody reviewed, wrapping around.
    fn next_unreviewed(&mut self, from: &str) -> Option<String> {
        let doc = self.doc.as_ref()?;
        let rows = self.table.rows(doc.session.doc(), doc.session.state_id());
        let d = doc.session.doc();
        let at = rows.iter().position(|&i| d.quotes[i].id == from);
        let order = match at {
            Some(at) => rows[at + 1..]
                .iter()
                .chain(rows[..at].iter())
                .copied()
                .collect(),
            None => rows.clone(),
        };
        order
            .into_iter()
            .find(|&i| d.quotes[i].status == QuoteStatus::Auto && d.quotes[i].id != from)
            .map(|i| d.quotes[i].id.clone())
    }

    /// Trims whitespace and surrounding quotation marks from a selection; tells whether marks
    /// were found (a direct quote).
    fn trim_marks(&self, start: usize, end: usize) -> (usize, usize, bool) {
        let Some(doc) = &self.doc else {
            return (start, end, false);
        };
        let text = &doc.session.doc().text;
        let chars: Vec<char> = crate::text::char_slice(text, start, end).chars().collect();
        let is_mark = |c: char| {
            matches!(
                c,
                '"' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}'
            )
        };
        let (mut s, mut e) = (0, chars.len());
        while s < e && (chars[s].is_whitespace()) {
            s += 1;
        }
        while e > s && (chars[e - 1].is_whitespace()) {
            e -= 1;
        }
        let mut direct = false;
        if s < e && is_mark(chars[s]) {
            s += 1;
            direct = true;
        }
        if e > s
            && (is_mark(chars[e - 1]) || (chars[e - 1] == '.' && e >= 2 && is_mark(chars[e - 2])))
        {
            e -= if chars[e - 1] == '.' { 2 } else { 1 };
            direct = true;
        }
        // Marks just outside the selection also make it direct.
        let all: Vec<char> = text
            .chars()
            .skip(start.saturating_sub(1))
            .take(end - start + 2)
            .collect();
        if start > 0 && all.first().is_some_and(|&c| is_mark(c)) {
            direct = true;
        }
        (start + s, start + e, direct)
    }

    fn add_quote_from_selection(&mut self) {
        let Some((start, end)) = self.doc.as_ref().and_then(|d| d.view.selection) else {
            self.banner = Some(Banner {
                text: "Select the quoted words in the article first, then press A.".into(),
                error: false,
            });
            return;
        };
        let (start, end, direct) = self.trim_marks(start, end);
        let edit = Edit::AddQuote {
            start,
            end,
            kind: if direct {
                QuoteKind::Direct
            } else {
                QuoteKind::Indirect
            },
            speaker: None,
            mention: None,
        };
        if let Some(applied) = self.apply_edit(edit) {
            if let Some(d) = &mut self.doc {
                d.view.selection = None;
            }
            if let Some(q) = applied.new_quote {
                self.select_quote(Some(q), false);
            }
            self.table.invalidate();
        }
    }

    // ----- drawing -----

    /// Draws one frame.
    pub fn frame(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        if let Some(bench) = &mut self.bench {
            bench.frame_started(&ctx);
        }
        self.poll_background(&ctx);
        if let Some(d) = &mut self.doc {
            // Before drawing: a document just opened, and entities that last frame's edits added
            // or split out, get their colours.
            d.colours.sync(d.session.doc(), d.session.state_id());
        }
        self.autosave(&ctx);
        self.handle_input(ui);

        if ui.input(|i| i.viewport().close_requested()) && self.is_dirty() && !self.allow_close {
            ui.send_viewport_cmd(ViewportCommand::CancelClose);
            self.modal = Some(Modal::Unsaved(Action::Close));
        }

        let title = self.window_title();
        if title != self.title {
            ui.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.title = title;
        }

        let style = ui.style().clone();
        egui::Panel::top("menu")
            .frame(theme::side_panel_frame(&style))
            .show(ui, |ui| self.menu_bar(ui));
        egui::Panel::bottom("status")
            .frame(theme::side_panel_frame(&style))
            .show(ui, |ui| self.status_bar(ui));
        if self.doc.is_some() {
            // The tables get a little more than half the window the first time; after that the
            // reviewer's width is remembered.
            let default_width = (ui.available_width() * 0.56).clamp(480.0, 800.0);
            egui::Panel::right("review-panel")
                .frame(theme::side_panel_frame(&style))
                .resizable(true)
                .default_size(default_width)
                .size_range(360.0..=1400.0)
                .show(ui, |ui| self.review_panel(ui));
        }
        egui::CentralPanel::default()
            .frame(theme::central_panel_frame(&style))
            .show(ui, |ui| {
                self.banner_ui(ui);
                if self.doc.is_some() {
                    self.article_panel(ui);
                } else {
                    self.start_screen(ui);
                }
            });
        super::dialogs::show(self, &ctx);
        self.drop_overlay(&ctx);
        self.run_commands(&ctx);
        if self.pending_dialog.is_some() || self.pending_load.is_some() {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
        if self.bench.is_some() {
            super::bench::drive(self, &ctx);
        }
    }

    fn menu_bar(&mut self, ui: &mut Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if ui
                    .add(
                        egui::Button::new("Open...").shortcut_text(ui.ctx().format_shortcut(&OPEN)),
                    )
                    .clicked()
                {
                    self.cmds.push(Cmd::Do(Action::OpenDialog));
                }
                ui.menu_button("Open Recent", |ui| {
                    if self.prefs.recent.is_empty() {
                        ui.label("No recent files");
                    }
                    for path in self.prefs.recent.clone() {
                        let label = path.display().to_string();
                        if ui.button(label).clicked() {
                            self.cmds.push(Cmd::Do(Action::OpenPath(path)));
                        }
                    }
                });
                if ui.button("Open sample article").clicked() {
                    self.cmds.push(Cmd::Do(Action::OpenSample));
                }
                ui.separator();
                let has_doc = self.doc.is_some();
                if ui
                    .add_enabled(
                        has_doc,
                        egui::Button::new("Save").shortcut_text(ui.ctx().format_shortcut(&SAVE)),
                    )
                    .clicked()
                {
                    self.cmds.push(Cmd::Save);
                }
                if ui
                    .add_enabled(
                        has_doc,
                        egui::Button::new("Save As...")
                            .shortcut_text(ui.ctx().format_shortcut(&SAVE_AS)),
                    )
                    .clicked()
                {
                    self.cmds.push(Cmd::SaveAs);
                }
                if ui
                    .add_enabled(has_doc, egui::Button::new("Export quotes as CSV..."))
                    .clicked()
                {
                    self.cmds.push(Cmd::ExportCsv);
                }
                ui.separator();
                if ui
                    .add(egui::Button::new("Quit").shortcut_text(ui.ctx().format_shortcut(&QUIT)))
                    .clicked()
                {
                    self.cmds.push(Cmd::Do(Action::Close));
                }
            });
            ui.menu_button("Edit", |ui| {
                let (can_undo, can_redo) = self
                    .doc
                    .as_ref()
                    .map(|d| (d.session.can_undo(), d.session.can_redo()))
                    .unwrap_or((false, false));
                if ui
                    .add_enabled(
                        can_undo,
                        egui::Button::new("Undo").shortcut_text(ui.ctx().format_shortcut(&UNDO)),
                    )
                    .clicked()
                {
                    self.cmds.push(Cmd::Undo);
                }
                if ui
                    .add_enabled(
                        can_redo,
                        egui::Button::new("Redo").shortcut_text(ui.ctx().format_shortcut(&REDO)),
                    )
                    .clicked()
                {
                    self.cmds.push(Cmd::Redo);
                }
                ui.separator();
                let has_sel = self
                    .doc
                    .as_ref()
                    .is_some_and(|d| d.view.selection.is_some());
                if ui
                    .add_enabled(
                        has_sel,
                        egui::Button::new("Add quote from selection").shortcut_text("A"),
                    )
                    .clicked()
                {
                    self.cmds.push(Cmd::AddQuoteFromSelection);
                }
                if ui
                    .add_enabled(self.doc.is_some(), egui::Button::new("Add entity..."))
                    .clicked()
                {
                    self.cmds.push(Cmd::Open(self.new_entity_modal(None)));
                }
            });
            ui.menu_button("View", |ui| {
                let mut pref = ui.options(|o| o.theme_preference);
                let before = pref;
                ui.radio_value(
                    &mut pref,
                    egui::ThemePreference::System,
                    "Follow the system theme",
                );
                ui.radio_value(&mut pref, egui::ThemePreference::Light, "Light");
                ui.radio_value(&mut pref, egui::ThemePreference::Dark, "Dark");
                if pref != before {
                    ui.ctx().set_theme(pref);
                }
            });
            ui.menu_button("Help", |ui| {
                ui.label("Keys in the quote list:");
                for line in [
                    "Up/Down or J/K: previous/next quote",
                    "1-9: pick that speaker",
                    "Enter: confirm and go to the next unreviewed",
                    "N: no speaker    Delete: not a quote",
                    "A: add the selected article text as a quote",
                    "Ctrl+Z / Ctrl+Shift+Z: undo / redo",
                ] {
                    ui.weak(line);
                }
            });
        });
    }

    /// The dialog for a new entity, named after the article selection when there is one.
    pub(crate) fn new_entity_modal(&self, for_quote: Option<String>) -> Modal {
        let selection = self
            .doc
            .as_ref()
            .and_then(|d| d.view.selection.map(|(s, e)| d.session.doc().span(s, e)));
        Modal::AddEntity {
            name: selection
                .as_ref()
                .map(|s| s.text.trim().to_string())
                .unwrap_or_default(),
            entity_type: crate::document::model::EntityType::Person,
            mention: selection,
            for_quote,
        }
    }

    fn status_bar(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            match &self.doc {
                Some(d) => {
                    let doc = d.session.doc();
                    let file = d
                        .review_path
                        .as_ref()
                        .or(d.opened_path.as_ref())
                        .map(|p| p.display().to_string())
                        .unwrap_or_else(|| d.name.clone());
                    ui.label(file);
                    ui.separator();
                    ui.label(format!(
                        "{} entities, {} quotes, {} of {} reviewed",
                        doc.entities.len(),
                        doc.quotes.len(),
                        doc.reviewed_count(),
                        doc.quotes.len()
                    ));
                    ui.separator();
                    ui.label(format!(
                        "opened and extracted in {} ms",
                        d.open_time.as_millis()
                    ));
                    if d.session.is_dirty() {
                        ui.separator();
                        ui.label("unsaved changes");
                    }
                }
                None => {
                    ui.label("No article open");
                }
            }
            if let Some((path, _)) = &self.pending_load {
                ui.separator();
                ui.spinner();
                ui.label(format!("Opening {}...", path.display()));
            }
        });
    }

    fn banner_ui(&mut self, ui: &mut Ui) {
        let Some(banner) = &self.banner else { return };
        let (fill, stroke) = if banner.error {
            (
                egui::Color32::from_rgb(200, 50, 50).gamma_multiply(0.25),
                egui::Color32::from_rgb(200, 50, 50),
            )
        } else {
            (
                egui::Color32::from_rgb(60, 140, 60).gamma_multiply(0.2),
                egui::Color32::from_rgb(60, 140, 60),
            )
        };
        let text = banner.text.clone();
        egui::Frame::new()
            .fill(fill)
            .stroke(egui::Stroke::new(1.0, stroke))
            .corner_radius(4.0)
            .inner_margin(8.0)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(text);
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if ui.button("Dismiss").clicked() {
                            self.cmds.push(Cmd::DismissBanner);
                        }
                    });
                });
            });
        ui.add_space(6.0);
    }

    fn start_screen(&mut self, ui: &mut Ui) {
        ui.vertical_centered(|ui| {
            ui.add_space((ui.available_height() * 0.22).max(20.0));
            ui.heading("article-review");
            ui.add_space(6.0);
            ui.label("Check who said what in a news article: entities, quotes and their speakers.");
            ui.add_space(18.0);
            if ui
                .add(egui::Button::new("Open the sample article").min_size(egui::vec2(240.0, 34.0)))
                .clicked()
            {
                self.cmds.push(Cmd::Do(Action::OpenSample));
            }
            ui.add_space(8.0);
            if ui
                .add(egui::Button::new("Open a file...").min_size(egui::vec2(240.0, 34.0)))
                .clicked()
            {
                self.cmds.push(Cmd::Do(Action::OpenDialog));
            }
            ui.add_space(8.0);
            ui.weak("or drop an article (.txt, .html) or review file (.json) onto this window");
            if !self.prefs.recent.is_empty() {
                ui.add_space(18.0);
                ui.strong("Recent files");
                for path in self.prefs.recent.clone().into_iter().take(5) {
                    if ui.link(path.display().to_string()).clicked() {
                        self.cmds.push(Cmd::Do(Action::OpenPath(path)));
                    }
                }
            }
        });
    }

    fn article_panel(&mut self, ui: &mut Ui) {
        let Some(doc) = &mut self.doc else { return };
        let d = doc.session.doc();
        ui.horizontal(|ui| {
            let title = d.meta.title.clone().unwrap_or_else(|| doc.name.clone());
            ui.strong(title);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let palette = super::theme::Palette::for_visuals(ui.visuals());
                for t in crate::document::model::EntityType::ALL.iter().rev() {
                    let (rect, _) =
                        ui.allocate_exact_size(egui::vec2(18.0, 14.0), egui::Sense::hover());
                    ui.painter().line_segment(
                        [
                            rect.left_bottom() + egui::vec2(0.0, -2.0),
                            rect.right_bottom() + egui::vec2(0.0, -2.0),
                        ],
                        egui::Stroke::new(2.0, palette.entity_type(*t)),
                    );
                    ui.weak(t.label());
                }
                let has_sel = doc.view.selection.is_some();
                if ui
                    .add_enabled(has_sel, egui::Button::new("Add quote (A)"))
                    .on_hover_text("Add the selected article text as a quote")
                    .on_disabled_hover_text("Drag over the article text to select a quote first")
                    .clicked()
                {
                    self.cmds.push(Cmd::AddQuoteFromSelection);
                }
            });
        });
        ui.separator();
        let selected_quote = self
            .selected_quote
            .as_ref()
            .and_then(|id| d.quotes.iter().position(|q| q.id == *id));
        let selected_entity = self
            .selected_entity
            .as_ref()
            .and_then(|id| d.entities.iter().position(|e| e.id == *id));
        let focus = Focus {
            quote: selected_quote,
            entity: selected_entity,
        };
        let state = doc.session.state_id();
        let event = doc
            .view
            .show(ui, doc.session.doc(), state, &focus, &doc.colours);
        if let Some(ArticleEvent::Clicked(c)) = event {
            let d = doc.session.doc();
            let hit = d
                .quotes
                .iter()
                .find(|q| {
                    if q.fragments.is_empty() {
                        q.start <= c && c < q.end
                    } else {
                        q.fragments.iter().any(|f| f.start <= c && c < f.end)
                    }
                })
                .map(|q| q.id.clone());
            if hit.is_some() {
                self.cmds.push(Cmd::SelectQuote(hit, false));
            } else if let Some(e) = d
                .entities
                .iter()
                .find(|e| e.mentions.iter().any(|m| m.start <= c && c < m.end))
            {
                self.cmds.push(Cmd::SelectEntity(Some(e.id.clone())));
            }
        }
    }

    fn review_panel(&mut self, ui: &mut Ui) {
        let style = ui.style().clone();
        egui::Panel::bottom("entity-panel")
            .frame(theme::side_panel_frame(&style))
            .resizable(true)
            .default_size(230.0)
            .size_range(120.0..=800.0)
            .show(ui, |ui| super::entity_table::show(self, ui));
        egui::Panel::top("quote-details")
            .frame(theme::side_panel_frame(&style))
            .resizable(false)
            .show(ui, |ui| super::speaker_picker::show(self, ui));
        egui::CentralPanel::default()
            .frame(theme::central_panel_frame(&style))
            .show(ui, |ui| super::quote_table::show(self, ui));
    }

    fn drop_overlay(&self, ctx: &egui::Context) {
        let hovering = ctx.input(|i| !i.raw.hovered_files.is_empty());
        if !hovering {
            return;
        }
        let painter = ctx.layer_painter(egui::LayerId::new(
            egui::Order::Foreground,
            egui::Id::unique("drop-overlay"),
        ));
        let rect = ctx.content_rect();
        painter.rect_filled(rect, 0.0, egui::Color32::from_black_alpha(150));
        painter.text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            "Drop the file to open it",
            egui::FontId::proportional(24.0),
            egui::Color32::WHITE,
        );
    }

    pub(crate) fn push_cmd(&mut self, cmd: Cmd) {
        self.cmds.push(cmd);
    }
}

impl eframe::App for ReviewApp {
    fn ui(&mut self, ui: &mut Ui, frame: &mut eframe::Frame) {
        if let Some(bench) = &mut self.bench {
            bench.previous_cpu(frame.info().cpu_usage);
        }
        self.frame(ui);
    }

    /// The panel colour: panels leave their background to the clear (see `theme::unfilled`).
    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        visuals.panel_fill.to_normalized_gamma_f32()
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.prefs.unreviewed_only = self.table.unreviewed_only;
        eframe::set_value(storage, eframe::APP_KEY, &self.prefs);
    }
}
