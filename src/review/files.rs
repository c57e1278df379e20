//! Asking the reviewer for a file: the dialogs behind a trait, so the controller needs no window.
//!
//! The window passes the platform's dialogs (`ui::file_dialogs::RfdDialogs`); tests pass
//! [`FixedDialogs`], which answers at once from a queue.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};

/// What the reviewer is choosing a file for; decides the dialog's title and filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DialogPurpose {
    /// An article or review file to open.
    Open,
    /// Where to save the review file.
    SaveReview,
    /// Where to write the quote table as CSV.
    ExportCsv,
    /// A folder to open as a review queue.
    OpenFolder,
    /// The folder a queue's reviews are saved to.
    OutputFolder,
    /// Where to write every quote of the queue (CSV or JSON lines).
    ExportCorpus,
    /// Where to write one chart of the Statistics view as CSV.
    ExportChart,
    /// The other review of the open article, to compare with.
    CompareWith,
    /// A file of another annotation tool to open as a review.
    Import,
    /// Where to write the review in another tool's format.
    Export(crate::exchange::Format),
    /// The second reviewer's folder, to compare the queue with.
    SecondReviewerFolder,
}

impl DialogPurpose {
    /// True when the reviewer picks an existing file (an open dialog), not where to write.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            DialogPurpose::Open | DialogPurpose::CompareWith | DialogPurpose::Import
        )
    }

    /// True when the answer is a folder, not a file.
    pub fn wants_folder(self) -> bool {
        matches!(
            self,
            DialogPurpose::OpenFolder
                | DialogPurpose::OutputFolder
                | DialogPurpose::SecondReviewerFolder
        )
    }
}

/// Starts file dialogs. Each call returns at once; the answer (`None` when cancelled) arrives on
/// the receiver later, so the window keeps painting meanwhile.
pub trait FileDialogs: Send + Sync {
    /// Asks for a file to open, starting in `dir` when given.
    fn open(&self, dir: Option<&Path>) -> mpsc::Receiver<Option<PathBuf>>;
    /// Asks where to save, proposing `suggested` (a full path).
    fn save(&self, purpose: DialogPurpose, suggested: &Path) -> mpsc::Receiver<Option<PathBuf>>;

    /// Asks for an existing file for `purpose` (see [`DialogPurpose::is_open`]); the platform's
    /// dialogs give each purpose its title and filters.
    fn open_for(
        &self,
        _purpose: DialogPurpose,
        dir: Option<&Path>,
    ) -> mpsc::Receiver<Option<PathBuf>> {
        self.open(dir)
    }

    /// Asks for a folder (for `purpose`), starting in `dir` when given. Dialogs that cannot
    /// pick folders answer "cancelled".
    fn folder(
        &self,
        purpose: DialogPurpose,
        dir: Option<&Path>,
    ) -> mpsc::Receiver<Option<PathBuf>> {
        let _ = (purpose, dir);
        let (tx, rx) = mpsc::channel();
        let _ = tx.send(None);
        rx
    }

    /// False when no dialog can appear at all: the controller then asks for a path itself
    /// ([`Question::PathPrompt`](super::Question::PathPrompt)) instead of the request silently
    /// coming back "cancelled".
    fn available(&self) -> bool {
        true
    }
}

/// Dialogs for tests: every request is answered at once from a queue of prepared answers
/// (an empty queue answers "cancelled"). Also records what was proposed.
#[derive(Debug, Default, Clone)]
pub struct FixedDialogs {
    answers: Arc<Mutex<Vec<Option<PathBuf>>>>,
    proposed: Arc<Mutex<Vec<PathBuf>>>,
    unavailable: Arc<AtomicBool>,
}

impl FixedDialogs {
    /// Dialogs that will answer with `answers`, first to last.
    pub fn new(answers: Vec<Option<PathBuf>>) -> FixedDialogs {
        FixedDialogs {
            answers: Arc::new(Mutex::new(answers)),
            proposed: Arc::default(),
            unavailable: Arc::default(),
        }
    }

    /// A system where no file dialog can be shown (no portal, no zenity).
    pub fn unavailable() -> FixedDialogs {
        let dialogs = FixedDialogs::default();
        dialogs.set_available(false);
        dialogs
    }

    /// Makes dialogs appear (`true`) or not, from now on, for this value and its clones.
    pub fn set_available(&self, available: bool) {
        self.unavailable.store(!available, Ordering::Relaxed);
    }

    /// Queues one more answer.
    pub fn push(&self, answer: Option<PathBuf>) {
        if let Ok(mut answers) = self.answers.lock() {
            answers.push(answer);
        }
    }

    /// The paths save dialogs proposed so far.
    pub fn proposed(&self) -> Vec<PathBuf> {
        self.proposed.lock().map(|p| p.clone()).unwrap_or_default()
    }

    fn next(&self) -> mpsc::Receiver<Option<PathBuf>> {
        let answer = self
            .answers
            .lock()
            .ok()
            .and_then(|mut a| (!a.is_empty()).then(|| a.remove(0)))
            .flatten();
        let (tx, rx) = mpsc::channel();
        let _ = tx.send(answer);
        rx
    }
}

impl FileDialogs for FixedDialogs {
    fn open(&self, _dir: Option<&Path>) -> mpsc::Receiver<Option<PathBuf>> {
        self.next()
    }

    fn save(&self, _purpose: DialogPurpose, suggested: &Path) -> mpsc::Receiver<Option<PathBuf>> {
        if let Ok(mut p) = self.proposed.lock() {
            p.push(suggested.to_path_buf());
        }
        self.next()
    }

    fn folder(
        &self,
        _purpose: DialogPurpose,
        _dir: Option<&Path>,
    ) -> mpsc::Receiver<Option<PathBuf>> {
        self.next()
    }

    fn available(&self) -> bool {
        !self.unavailable.load(Ordering::Relaxed)
    }
}

/// A typed path as the file system needs it: surrounding blanks dropped, `~` for the home
/// folder.
pub fn typed_path(typed: &str) -> Option<PathBuf> {
    let typed = typed.trim();
    if typed.is_empty() {
        return None;
    }
    if let Some(rest) = typed.strip_prefix("~/").or((typed == "~").then_some(""))
        && let Some(home) = dirs::home_dir()
    {
        return Some(home.join(rest));
    }
    Some(PathBuf::from(typed))
}
