//! Native file dialogs behind a trait, run on a worker thread so the window keeps painting.
//!
//! Tests inject [`FixedDialogs`], which answers at once without any window.

use std::path::{Path, PathBuf};
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
}

/// Starts file dialogs. Each call returns at once; the answer (`None` when cancelled) arrives on
/// the receiver later.
pub trait FileDialogs: Send + Sync {
    /// Asks for a file to open, starting in `dir` when given.
    fn open(&self, ctx: &egui::Context, dir: Option<&Path>) -> mpsc::Receiver<Option<PathBuf>>;
    /// Asks where to save, proposing `suggested` (a full path).
    fn save(
        &self,
        ctx: &egui::Context,
        purpose: DialogPurpose,
        suggested: &Path,
    ) -> mpsc::Receiver<Option<PathBuf>>;

    /// False when no dialog can appear at all: the window then asks for a path itself instead
    /// of the request silently coming back "cancelled".
    fn available(&self) -> bool {
        true
    }
}

/// The platform's dialogs through rfd (xdg portal, or zenity as a fallback).
#[derive(Debug, Default)]
pub struct RfdDialogs;

impl FileDialogs for RfdDialogs {
    fn open(&self, ctx: &egui::Context, dir: Option<&Path>) -> mpsc::Receiver<Option<PathBuf>> {
        let mut dialog = rfd::FileDialog::new()
            .set_title("Open an article or review file")
            .add_filter(
                "Articles and reviews",
                &["txt", "md", "html", "htm", "json"],
            )
            .add_filter("All files", &["*"]);
        if let Some(dir) = dir {
            dialog = dialog.set_directory(dir);
        }
        spawn(ctx, move || dialog.pick_file())
    }

    fn save(
        &self,
        ctx: &egui::Context,
        purpose: DialogPurpose,
        suggested: &Path,
    ) -> mpsc::Receiver<Option<PathBuf>> {
        let (title, filter, ext): (&str, &str, &[&str]) = match purpose {
            DialogPurpose::ExportCsv => ("Export quotes as CSV", "CSV", &["csv"]),
            _ => ("Save the review", "Review files", &["json"]),
        };
        let mut dialog = rfd::FileDialog::new()
            .set_title(title)
            .add_filter(filter, ext);
        if let Some(dir) = suggested.parent().filter(|d| !d.as_os_str().is_empty()) {
            dialog = dialog.set_directory(dir);
        }
        if let Some(name) = suggested.file_name() {
            dialog = dialog.set_file_name(name.to_string_lossy());
        }
        spawn(ctx, move || dialog.save_file())
    }

    fn available(&self) -> bool {
        native_dialogs_available()
    }
}

/// Whether rfd can show anything: on Linux and the BSDs it needs the desktop portal (over the
/// D-Bus session bus) or `zenity`; a bare X server or a minimal install has neither.
fn native_dialogs_available() -> bool {
    if !cfg!(any(
        target_os = "linux",
        target_os = "freebsd",
        target_os = "openbsd",
        target_os = "netbsd",
        target_os = "dragonfly"
    )) {
        return true;
    }
    let session_bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        || std::env::var_os("XDG_RUNTIME_DIR")
            .is_some_and(|dir| Path::new(&dir).join("bus").exists());
    let zenity = std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join("zenity").is_file()));
    session_bus || zenity
}

fn spawn(
    ctx: &egui::Context,
    pick: impl FnOnce() -> Option<PathBuf> + Send + 'static,
) -> mpsc::Receiver<Option<PathBuf>> {
    let (tx, rx) = mpsc::channel();
    let ctx = ctx.clone();
    std::thread::spawn(move || {
        // The receiver may be gone if the window closed meanwhile; nothing to do then.
        let _ = tx.send(pick());
        ctx.request_repaint();
    });
    rx
}

/// Dialogs for tests: every request is answered at once from a queue of prepared answers
/// (an empty queue answers "cancelled"). Also records what was proposed.
#[derive(Debug, Default, Clone)]
pub struct FixedDialogs {
    answers: Arc<Mutex<Vec<Option<PathBuf>>>>,
    proposed: Arc<Mutex<Vec<PathBuf>>>,
    unavailable: bool,
}

impl FixedDialogs {
    /// Dialogs that will answer with `answers`, first to last.
    pub fn new(answers: Vec<Option<PathBuf>>) -> FixedDialogs {
        FixedDialogs {
            answers: Arc::new(Mutex::new(answers)),
            proposed: Arc::default(),
            unavailable: false,
        }
    }

    /// A system where no file dialog can be shown (no portal, no zenity).
    pub fn unavailable() -> FixedDialogs {
        FixedDialogs {
            unavailable: true,
            ..FixedDialogs::default()
        }
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
    fn open(&self, _ctx: &egui::Context, _dir: Option<&Path>) -> mpsc::Receiver<Option<PathBuf>> {
        self.next()
    }

    fn save(
        &self,
        _ctx: &egui::Context,
        _purpose: DialogPurpose,
        suggested: &Path,
    ) -> mpsc::Receiver<Option<PathBuf>> {
        if let Ok(mut p) = self.proposed.lock() {
            p.push(suggested.to_path_buf());
        }
        self.next()
    }

    fn available(&self) -> bool {
        !self.unavailable
    }
}
