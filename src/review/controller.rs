//! The controller's state and [`Controller::apply`]: selection, edits, undo and the table.

use std::path::PathBuf;
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use crate::document::load::LoadError;
use crate::document::model::{Document, QuoteKind, QuoteStatus};
use crate::edit::{Applied, Candidate, Edit, EditSession, rank_speakers};
use crate::extract::Extractor;
use crate::recovery::{Autosaver, RecoveryStore};

use super::command::{Action, Banner, Command, Question, Reveal};
use super::files::{DialogPurpose, FileDialogs};
use super::filter::{QuoteFilter, RowsCache, SpeakerFilter};
use super::prefs::Prefs;
use super::selection::trim_marks;

/// How the controller is set up: injected services and start-up choices.
pub struct Options {
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

/// A document open for review.
#[derive(Debug)]
pub struct OpenDoc {
    /// The document and its history.
    pub session: EditSession,
    /// Where Save writes; `None` until the first save of an article.
    pub review_path: Option<PathBuf>,
    /// The file it was opened from (article or review file).
    pub opened_path: Option<PathBuf>,
    /// The name shown in the title bar.
    pub name: String,
    /// How long opening and extraction took.
    pub open_time: Duration,
    /// The key of this document's crash-recovery snapshot.
    pub recovery_id: Option<String>,
    /// Different for every document opened in this process, so that views of a document (the
    /// article layout, its colours) know when they must start over.
    pub serial: u64,
}

impl OpenDoc {
    /// The document.
    pub fn doc(&self) -> &Document {
        self.session.doc()
    }

    /// The file shown in the status bar: the review file, else the file it came from, else
    /// its name.
    pub fn file_label(&self) -> String {
        self.review_path
            .as_ref()
            .or(self.opened_path.as_ref())
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| self.name.clone())
    }
}

pub(super) struct PendingDialog {
    pub(super) purpose: DialogPurpose,
    /// What to do once a save dialog's file is written (e.g. close after "Save" in the guard).
    pub(super) then: Option<Action>,
    pub(super) rx: mpsc::Receiver<Option<PathBuf>>,
}

/// The ranking for (document state, quote id) last asked for: the picker asks every frame.
type CandidatesCache = std::cell::RefCell<Option<((u64, String), Vec<Candidate>)>>;

pub(super) type LoadResult = (
    PathBuf,
    Result<(Document, crate::corpus::disk_version::DiskVersion), LoadError>,
    Duration,
);

/// The review of one open document at a time, with no window: what is open, what is selected
/// and filtered, the files, the unsaved-changes questions and crash recovery. The window reads
/// it and sends it [`Command`]s.
pub struct Controller {
    pub(super) dialogs: Arc<dyn FileDialogs>,
    pub(super) extractor: Arc<Extractor>,
    pub(super) background_io: bool,
    pub(super) prefs: Prefs,
    pub(super) doc: Option<OpenDoc>,
    pub(super) selected_quote: Option<String>,
    pub(super) text_selection: Option<(usize, usize)>,
    pub(super) filter: QuoteFilter,
    rows_cache: RowsCache,
    candidates_cache: CandidatesCache,
    pub(super) banner: Option<Banner>,
    pub(super) question: Option<Question>,
    pub(super) pending_dialog: Option<PendingDialog>,
    pub(super) pending_load: Option<(PathBuf, mpsc::Receiver<LoadResult>)>,
    /// The reviewer chose to close (after the unsaved-changes question, if any).
    pub(super) close_allowed: bool,
    /// The window should close now.
    pub(super) close_wanted: bool,
    pub(super) reveal: Reveal,
    pub(super) recovery: Option<RecoveryStore>,
    pub(super) autosaver: Autosaver,
    /// The document state last seen by the autosaver.
    pub(super) autosave_seen: Option<u64>,
    pub(super) next_serial: u64,
    pub(super) search: Option<super::reviewing::SearchState>,
    /// The folder open as a queue (`queue.rs`).
    pub(super) queue: Option<super::queue::QueueRoom>,
    /// Worker threads for a queue's pre-extraction; 0 turns it off.
    pub(super) pre_extraction_threads: usize,
    /// The open review file's lock and the version loaded (`queue_guard.rs`).
    pub(super) guard: super::queue_guard::FileGuard,
    /// The version of the file just read, until the document is installed.
    pub(super) loaded_version: Option<crate::corpus::disk_version::DiskVersion>,
    /// Two reviews being settled into the open document (File > Compare with...).
    pub(super) adjudication: Option<super::adjudication::Adjudicating>,
    /// A second reviewer's folder the queue's articles are compared with.
    pub(super) second_folder: Option<super::adjudication::SecondFolderState>,
}

impl Controller {
    /// A controller in the given set-up: offers any crash-recovery snapshots, and opens
    /// `options.file` if given.
    pub fn new(options: Options) -> Controller {
        let mut c = Controller {
            dialogs: options.dialogs,
            extractor: options.extractor,
            background_io: options.background_io,
            filter: QuoteFilter {
                unreviewed_only: options.prefs.unreviewed_only,
                ..QuoteFilter::default()
            },
            prefs: options.prefs,
            doc: None,
            selected_quote: None,
            text_selection: None,
            rows_cache: RowsCache::default(),
            candidates_cache: Default::default(),
            banner: None,
            question: None,
            pending_dialog: None,
            pending_load: None,
            close_allowed: false,
            close_wanted: false,
            reveal: Reveal::default(),
            recovery: options.recovery,
            autosaver: Autosaver::new(Autosaver::DEFAULT_QUIET, Autosaver::DEFAULT_MAX_WAIT),
            autosave_seen: None,
            next_serial: 1,
            search: None,
            queue: None,
            pre_extraction_threads: super::queue::default_pre_extraction_threads(),
            guard: Default::default(),
            loaded_version: None,
            adjudication: None,
            second_folder: None,
        };
        c.offer_recovery();
        if let Some(file) = options.file {
            // `article-review DIR` opens the folder as the queue.
            if file.is_dir() {
                c.open_queue(&file);
            } else {
                c.start_open(file);
            }
        }
        c
    }

    /// Chooses whether files open on a worker thread from now on.
    pub fn set_background_io(&mut self, background: bool) {
        self.background_io = background;
    }

    // ----- what the window reads -----

    /// The open document, if any.
    pub fn document(&self) -> Option<&Document> {
        self.doc.as_ref().map(|d| d.session.doc())
    }

    /// The open document with its history and files, if any.
    pub fn open_doc(&self) -> Option<&OpenDoc> {
        self.doc.as_ref()
    }

    /// True when there are edits not yet saved.
    pub fn is_dirty(&self) -> bool {
        self.doc.as_ref().is_some_and(|d| d.session.is_dirty())
    }

    /// The file being opened on the worker thread, if any.
    pub fn loading(&self) -> Option<&std::path::Path> {
        self.pending_load.as_ref().map(|(p, _)| p.as_path())
    }

    /// True while a file is being opened or a file dialog is open.
    pub fn is_busy(&self) -> bool {
        self.pending_load.is_some() || self.pending_dialog.is_some() || self.reading_second_folder()
    }

    /// The window title for the current state.
    pub fn window_title(&self) -> String {
        match &self.doc {
            Some(d) if d.session.is_dirty() => format!("\u{2022} {} - article-review", d.name),
            Some(d) => format!("{} - article-review", d.name),
            None => "article-review".to_string(),
        }
    }

    /// The selected quote's id.
    pub fn selected_quote(&self) -> Option<&str> {
        self.selected_quote.as_deref()
    }

    /// The selected entity's id (the one the quote table is filtered to).
    pub fn selected_entity(&self) -> Option<&str> {
        self.filter.entity()
    }

    /// The selected entity itself, if it is still in the document.
    pub fn selected_entity_record(&self) -> Option<&crate::document::model::Entity> {
        let id = self.selected_entity()?;
        self.document()?.entity(id)
    }

    /// The reviewer's text selection in the article, code points `[start, end)`.
    pub fn text_selection(&self) -> Option<(usize, usize)> {
        self.text_selection
    }

    /// The quote table's sort order and filters.
    pub fn filter(&self) -> &QuoteFilter {
        &self.filter
    }

    /// Indices into the document's quotes of the table's rows, in display order.
    pub fn rows(&self) -> Vec<usize> {
        match &self.doc {
            Some(d) => self
                .rows_cache
                .rows(&self.filter, d.session.doc(), d.session.state_id()),
            None => Vec::new(),
        }
    }

    /// The message shown at the top of the window.
    pub fn banner(&self) -> Option<&Banner> {
        self.banner.as_ref()
    }

    /// What the reviewer must decide before the controller can go on.
    pub fn question(&self) -> Option<&Question> {
        self.question.as_ref()
    }

    /// Remembered preferences (recent files, the last folder, the table's "unreviewed only",
    /// the doubt threshold).
    pub fn prefs(&self) -> Prefs {
        Prefs {
            unreviewed_only: self.filter.unreviewed_only,
            ..self.prefs.clone()
        }
    }

    /// The speaker candidates for the selected quote, best first.
    pub fn candidates(&self) -> Vec<Candidate> {
        let (Some(doc), Some(qid)) = (&self.doc, &self.selected_quote) else {
            return Vec::new();
        };
        let key = (doc.session.state_id(), qid.clone());
        let mut cache = self.candidates_cache.borrow_mut();
        if let Some((k, ranked)) = cache.as_ref()
            && *k == key
        {
            return ranked.clone();
        }
        let d = doc.session.doc();
        let ranked = match d.quote(qid) {
            Some(q) => rank_speakers(d, q.start, q.end),
            None => Vec::new(),
        };
        *cache = Some((key, ranked.clone()));
        ranked
    }

    /// What the last commands asked to bring into view; asking clears it.
    pub fn take_reveal(&mut self) -> Reveal {
        std::mem::take(&mut self.reveal)
    }

    /// True once when the window should close (the reviewer quit and nothing is left unsaved).
    pub fn take_close(&mut self) -> bool {
        std::mem::take(&mut self.close_wanted)
    }

    /// The window is asked to close (its close button, the system): true when it may;
    /// otherwise the unsaved-changes question is asked.
    pub fn may_close(&mut self) -> bool {
        if self.close_allowed || !self.is_dirty() {
            return true;
        }
        self.question = Some(Question::Unsaved(Action::Close));
        false
    }

    // ----- commands -----

    /// Carries out `cmd`.
    pub fn apply(&mut self, cmd: Command) {
        self.apply_one(cmd);
        self.refresh_search();
    }

    fn apply_one(&mut self, cmd: Command) {
        match cmd {
            Command::Edit(edit) => {
                if let Some(applied) = self.apply_edit(edit)
                    && let Some(q) = applied.new_quote
                {
                    self.select_quote(Some(q), true);
                }
                self.fix_selection();
            }
            Command::SelectQuote { id, scroll } => self.select_quote(id, scroll),
            Command::SelectEntity(id) => {
                self.filter.speaker = match id {
                    Some(id) => SpeakerFilter::Entity(id),
                    None => SpeakerFilter::Any,
                };
            }
            Command::SelectText(range) => {
                self.text_selection = range.filter(|(s, e)| s < e);
            }
            Command::Undo => {
                if self.history_step(false) {
                    self.fix_selection();
                }
            }
            Command::Redo => {
                if self.history_step(true) {
                    self.fix_selection();
                }
            }
            Command::Save => self.save(None, false),
            Command::SaveAs => self.save(None, true),
            Command::ExportCsv => self.export_csv(),
            Command::Request(action) => self.request(action),
            Command::PickSpeaker { entity, mention } => {
                if let Some(q) = self.selected_quote.clone() {
                    self.apply_edit(Edit::SetSpeaker {
                        quote: q,
                        speaker: Some(entity),
                        mention,
                    });
                }
            }
            Command::NoSpeaker => {
                if let Some(q) = self.selected_quote.clone() {
                    self.apply_edit(Edit::SetSpeaker {
                        quote: q,
                        speaker: None,
                        mention: None,
                    });
                }
            }
            Command::ConfirmAndNext => {
                self.review_and_next(|quote| Edit::Confirm { quote });
                self.queue_after_review();
            }
            Command::Reject => {
                self.review_and_next(|quote| Edit::Reject { quote });
                self.queue_after_review();
            }
            Command::AddQuoteFromSelection => self.add_quote_from_selection(),
            Command::SpanFromSelection => self.span_from_selection(),
            Command::Move(delta) => self.move_selection(delta),
            Command::DismissBanner => self.banner = None,
            Command::PathChosen {
                purpose,
                then,
                path,
            } => {
                if matches!(self.question, Some(Question::Browse { .. })) {
                    self.question = None;
                }
                self.path_chosen(purpose, then, path);
            }
            Command::ResolveUnsaved { save } => {
                if let Some(Question::Unsaved(action)) = self.question.take() {
                    self.resolve_unsaved(action, save);
                }
            }
            Command::DismissQuestion => self.question = None,
            Command::Browse(cmd) => self.apply_browse(cmd),
            Command::WindowFileBrowser(on) => self.prefs.window_file_browser = on,
            Command::RestoreSnapshot(id) => {
                self.question = None;
                self.restore_snapshot(&id);
            }
            Command::DiscardSnapshot(id) => self.discard_snapshot(&id),
            Command::FilterText(text) => self.filter.text = text,
            Command::FilterSpeaker(speaker) => self.filter.speaker = speaker,
            Command::FilterStatus(status) => self.filter.status = status,
            Command::UnreviewedOnly(on) => self.filter.unreviewed_only = on,
            Command::Adjudication(cmd) => self.apply_adjudication(cmd),
            Command::ExportAs(format) => self.ask_export(format),
            Command::SortBy(column) => {
                if self.filter.sort == column {
                    self.filter.descending = !self.filter.descending;
                } else {
                    self.filter.sort = column;
                    self.filter.descending = false;
                }
            }
            Command::FilterFlag(flag) => self.filter.flag = flag,
            Command::ThenNext(cmd) => {
                let before = self.selected_quote.clone();
                self.apply_one(*cmd);
                if self.selected_quote == before {
                    self.advance_if_reviewed(before);
                }
                self.queue_after_review();
            }
            Command::MoveToEnd(last) => {
                let rows = self.rows();
                let end = if last { rows.last() } else { rows.first() };
                if let Some(id) = end.and_then(|&i| Some(self.document()?.quotes[i].id.clone())) {
                    self.select_quote(Some(id), true);
                }
            }
            Command::NextDoubtful => self.next_doubtful(),
            Command::SetThreshold(t) => self.set_threshold(t),
            Command::ConfirmAllAbove => self.ask_confirm_all(),
            Command::ResolveConfirmAll => {
                self.confirm_all();
                self.queue_after_review();
            }
            Command::MentionFromSelection => self.mention_from_selection(),
            Command::CueFromSelection => self.cue_from_selection(),
            Command::CreateSpeaker(name) => self.create_speaker(&name),
            Command::Search(query) => self.set_search(query),
            Command::SearchStep(forward) => self.step_search(forward),
            Command::Queue(cmd) => self.apply_queue(cmd),
            Command::File(answer) => self.answer_file_question(answer),
        }
    }

    /// Carries out each of `cmds` in order.
    pub fn apply_all(&mut self, cmds: impl IntoIterator<Item = Command>) {
        for cmd in cmds {
            self.apply(cmd);
        }
    }

    pub(super) fn apply_edit(&mut self, edit: Edit) -> Option<Applied> {
        let result = match self.adjudication_edit(edit.clone()) {
            Some(result) => result,
            None => self
                .doc
                .as_mut()?
                .session
                .apply(edit)
                .map_err(|e| e.to_string()),
        };
        match result {
            Ok(applied) => Some(applied),
            Err(e) => {
                self.banner = Some(Banner::error(format!("That change was not made: {e}")));
                None
            }
        }
    }

    /// Confirms or rejects the selected quote, then selects the next one nobody reviewed.
    fn review_and_next(&mut self, edit: impl FnOnce(String) -> Edit) {
        let Some(q) = self.selected_quote.clone() else {
            return;
        };
        let next = self.next_unreviewed(&q);
        self.apply_edit(edit(q));
        if let Some(next) = next {
            self.select_quote(Some(next), true);
        }
        self.fix_selection();
    }

    /// Drops selections that no longer exist after an edit, undo or redo.
    pub(super) fn fix_selection(&mut self) {
        let Some(doc) = &self.doc else { return };
        let d = doc.session.doc();
        if let Some(q) = &self.selected_quote
            && d.quote(q).is_none()
        {
            self.selected_quote = None;
        }
        if let Some(e) = self.filter.entity()
            && d.entity(e).is_none()
        {
            self.filter.speaker = SpeakerFilter::Any;
        }
    }

    pub(super) fn select_quote(&mut self, id: Option<String>, scroll: bool) {
        self.selected_quote = id;
        if scroll
            && let Some(q) = self
                .selected_quote
                .as_ref()
                .and_then(|q| self.doc.as_ref()?.session.doc().quote(q))
        {
            self.reveal.article_at = Some(q.start);
        }
        self.reveal.table_row = true;
    }

    fn move_selection(&mut self, delta: i32) {
        let rows = self.rows();
        let Some(doc) = &self.doc else { return };
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
    pub(super) fn next_unreviewed(&self, from: &str) -> Option<String> {
        let rows = self.rows();
        let d = self.doc.as_ref()?.session.doc();
        let at = rows.iter().position(|&i| d.quotes[i].id == from);
        let order: Vec<usize> = match at {
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

    fn add_quote_from_selection(&mut self) {
        let (Some(doc), Some((start, end))) = (&self.doc, self.text_selection) else {
            self.banner = Some(Banner::hint(
                "Select the quoted words in the article first, then press A.",
            ));
            return;
        };
        let (start, end, direct) = trim_marks(&doc.session.doc().text, start, end);
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
            self.text_selection = None;
            if let Some(q) = applied.new_quote {
                self.select_quote(Some(q), false);
            }
        }
    }

    fn span_from_selection(&mut self) {
        let (Some(doc), Some(q), Some((start, end))) =
            (&self.doc, self.selected_quote.clone(), self.text_selection)
        else {
            return;
        };
        let (start, end, _) = trim_marks(&doc.session.doc().text, start, end);
        self.apply_edit(Edit::SetSpan {
            quote: q,
            start,
            end,
        });
        self.text_selection = None;
    }

    /// Makes `doc` the open document: selects its first quote and clears what belonged to the
    /// previous one.
    pub(super) fn install(&mut self, mut doc: OpenDoc) {
        // The previous document's snapshot belongs to work the reviewer saved or discarded.
        self.forget_snapshot();
        self.adjudication = None;
        if doc.recovery_id.is_none()
            && let Some(store) = &self.recovery
        {
            doc.recovery_id = Some(match &doc.opened_path {
                Some(p) => RecoveryStore::id_for_file(p),
                None => store.new_untitled_id(),
            });
        }
        doc.serial = self.next_serial;
        self.next_serial += 1;
        self.autosave_seen = Some(doc.session.state_id());
        self.selected_quote = doc.session.doc().quotes.first().map(|q| q.id.clone());
        self.filter.speaker = SpeakerFilter::Any;
        self.text_selection = None;
        self.banner = None;
        // The table opens scrolled to the selected first quote.
        self.reveal = Reveal {
            table_row: true,
            ..Reveal::default()
        };
        self.doc = Some(doc);
        self.queue_after_open();
        let loaded = self.loaded_version.take();
        self.guard_after_open(loaded);
        self.compare_with_second_folder();
    }

    /// The window's periodic work: takes in a file opened on the worker thread and a file
    /// dialog's answer, and snapshots unsaved edits for crash recovery. Returns how soon it
    /// wants to be called again, if it is waiting for something.
    pub fn tick(&mut self, now: Instant) -> Option<Duration> {
        self.poll_background();
        self.poll_second_folder();
        let autosave = self.autosave(now);
        let autosave = match (autosave, self.queue_tick(now)) {
            (Some(a), Some(q)) => Some(a.min(q)),
            (a, q) => a.or(q),
        };
        if self.is_busy() {
            let poll = Duration::from_millis(100);
            Some(autosave.map_or(poll, |a| a.min(poll)))
        } else {
            autosave
        }
    }
}
