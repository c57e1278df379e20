//! The platform's file dialogs (rfd), run on a worker thread so the window keeps painting.
//!
//! The controller asks through [`FileDialogs`]; tests pass
//! [`FixedDialogs`](crate::review::FixedDialogs), which answers at once without any window.

use std::path::{Path, PathBuf};
use std::sync::mpsc;

use crate::review::{DialogPurpose, FileDialogs};

/// The platform's dialogs through rfd (xdg portal, or zenity as a fallback).
#[derive(Debug)]
pub struct RfdDialogs {
    /// Woken when an answer arrives, so the window takes it in at once.
    ctx: egui::Context,
}

impl RfdDialogs {
    /// Dialogs whose answers wake the window of `ctx`.
    pub fn new(ctx: egui::Context) -> RfdDialogs {
        RfdDialogs { ctx }
    }
}

impl FileDialogs for RfdDialogs {
    fn open(&self, dir: Option<&Path>) -> mpsc::Receiver<Option<PathBuf>> {
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
        spawn(&self.ctx, move || dialog.pick_file())
    }

    fn open_for(
        &self,
        purpose: DialogPurpose,
        dir: Option<&Path>,
    ) -> mpsc::Receiver<Option<PathBuf>> {
        let (title, filter, ext): (&str, &str, &[&str]) = match purpose {
            DialogPurpose::CompareWith => (
                "Compare with another review of this article",
                "Review files",
                &["json"],
            ),
            DialogPurpose::Import => (
                "Import from brat, Label Studio, doccano or CoNLL",
                "Annotation files",
                &["ann", "txt", "json", "jsonl", "conll", "bio", "iob"],
            ),
            _ => return self.open(dir),
        };
        let mut dialog = rfd::FileDialog::new()
            .set_title(title)
            .add_filter(filter, ext)
            .add_filter("All files", &["*"]);
        if let Some(dir) = dir {
            dialog = dialog.set_directory(dir);
        }
        spawn(&self.ctx, move || dialog.pick_file())
    }

    fn save(&self, purpose: DialogPurpose, suggested: &Path) -> mpsc::Receiver<Option<PathBuf>> {
        let (title, filter, ext): (&str, &str, &[&str]) = match purpose {
            DialogPurpose::ExportCsv => ("Export quotes as CSV", "CSV", &["csv"]),
            DialogPurpose::ExportChart => ("Export the chart as CSV", "CSV", &["csv"]),
            DialogPurpose::ExportCorpus => (
                "Export all quotes of the queue",
                "CSV or JSON lines",
                &["csv", "jsonl"],
            ),
            DialogPurpose::Export(format) => (
                "Export the review",
                crate::review::exchange::format_label(format),
                match format {
                    crate::exchange::Format::Brat => &["ann"],
                    crate::exchange::Format::Doccano => &["jsonl"],
                    crate::exchange::Format::Conll => &["conll"],
                    _ => &["json"],
                },
            ),
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
        spawn(&self.ctx, move || dialog.save_file())
    }

    fn folder(
        &self,
        purpose: DialogPurpose,
        dir: Option<&Path>,
    ) -> mpsc::Receiver<Option<PathBuf>> {
        let title = match purpose {
            DialogPurpose::OutputFolder => "Save this queue's reviews in",
            _ => "Open a folder of articles as a queue",
        };
        let mut dialog = rfd::FileDialog::new().set_title(title);
        if let Some(dir) = dir {
            dialog = dialog.set_directory(dir);
        }
        spawn(&self.ctx, move || dialog.pick_folder())
    }

    fn available(&self) -> bool {
        native_dialogs_available()
    }
}

/// Chooses the file dialog: `window` for the in-window browser even where the system has a
/// dialog, `system` for the system's even where none was detected. Unset: detected.
pub const FILE_DIALOG_ENV: &str = "ARTICLE_REVIEW_FILE_DIALOG";

/// Whether rfd can show anything: on Linux and the BSDs it needs the desktop portal (over the
/// D-Bus session bus) or `zenity`; a bare X server or a minimal install has neither.
/// [`FILE_DIALOG_ENV`] overrides the guess.
fn native_dialogs_available() -> bool {
    match std::env::var(FILE_DIALOG_ENV).as_deref() {
        Ok("window") => return false,
        Ok("system") => return true,
        _ => {}
    }
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
