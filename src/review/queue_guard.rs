//! Two reviewers, one file: the open review's lock and the changed-on-disk check.
//!
//! Opening a document takes the lock on its review file ([`crate::corpus::lock`]): the review
//! file it came from, or where an article's review will be saved. When another live holder has
//! the lock, the reviewer is warned and the review opens read-only (Save refuses; Save As
//! works); a stale lock is taken over only after asking. Before each save to the file the
//! document was loaded from, its SHA-256 is compared with what was loaded
//! ([`crate::corpus::disk_version`]): if another program wrote it meanwhile, the reviewer
//! chooses overwrite, save as, or reload. Nothing is ever overwritten silently.

use std::path::{Path, PathBuf};

use crate::corpus::disk_version::{DiskChange, DiskVersion};
use crate::corpus::lock::{LockError, LockHolder, ReviewLock, StaleReason};

use super::command::{Action, Banner, Question};
use super::controller::Controller;

/// What the controller asks about locks and files changed on disk
/// ([`Question::File`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileQuestion {
    /// Another live window or reviewer has the lock: [`FileAnswer::ReadOnly`] or
    /// [`FileAnswer::CloseDocument`].
    LockHeld {
        /// The review file.
        path: PathBuf,
        /// Who has it ("alice on desk-3 (process 4242) since ...").
        holder: String,
    },
    /// A stale lock is in the way: [`FileAnswer::TakeOver`], [`FileAnswer::ReadOnly`] or
    /// [`FileAnswer::CloseDocument`].
    LockStale {
        /// The review file.
        path: PathBuf,
        /// Who left it.
        holder: LockHolder,
        /// Why it is stale.
        reason: StaleReason,
    },
    /// The file changed on disk since it was loaded: [`FileAnswer::Overwrite`],
    /// [`super::Command::SaveAs`] or [`FileAnswer::Reload`].
    ChangedOnDisk {
        /// The review file.
        path: PathBuf,
        /// What happened to it.
        change: DiskChange,
    },
}

/// The reviewer's answer to a [`FileQuestion`]; sent as [`super::Command::File`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileAnswer {
    /// Keep the review open without the lock: Save refuses, Save As works.
    ReadOnly,
    /// Take the stale lock over.
    TakeOver,
    /// Close the document instead.
    CloseDocument,
    /// Save over the file that changed on disk.
    Overwrite,
    /// Throw the changes away and open the file as it is on disk now.
    Reload,
}

/// The open document's review file, its lock and the version loaded.
#[derive(Debug, Default)]
pub(super) struct FileGuard {
    /// The review file the lock and the version are for.
    path: Option<PathBuf>,
    /// What it held when loaded or last saved.
    version: Option<DiskVersion>,
    lock: Option<ReviewLock>,
    /// Who has the lock, when the review is open read-only.
    read_only: Option<String>,
}

impl Controller {
    /// The review file the open document is locked and checked against, if any.
    pub fn guarded_path(&self) -> Option<&Path> {
        self.guard.path.as_deref()
    }

    /// Who has the lock, when the open review is read-only.
    pub fn read_only(&self) -> Option<&str> {
        self.guard.read_only.as_deref()
    }

    /// True while this controller holds the lock on the open review file.
    pub fn holds_lock(&self) -> bool {
        self.guard.lock.as_ref().is_some_and(|l| l.is_still_held())
    }

    /// After a document was installed: lock its review file and remember the version loaded.
    /// `loaded` is the version of the bytes read when the review file itself was opened.
    pub(super) fn guard_after_open(&mut self, loaded: Option<DiskVersion>) {
        let old = std::mem::take(&mut self.guard);
        let Some(doc) = &self.doc else { return };
        let Some(path) = doc.review_path.clone().or_else(|| {
            doc.opened_path
                .is_some()
                .then(|| self.proposed_review_path())
        }) else {
            return;
        };
        let opened_review = doc.opened_path.as_deref() == Some(path.as_path());
        let version = match loaded.filter(|_| opened_review) {
            Some(v) => Some(v),
            None => DiskVersion::of_file(&path).ok(),
        };
        self.guard.path = Some(path.clone());
        self.guard.version = version;
        // Reopening the file this window already holds keeps its lock.
        if old.path.as_deref() == Some(path.as_path()) && old.lock.is_some() {
            self.guard.lock = old.lock;
            return;
        }
        drop(old);
        self.take_lock(&path);
    }

    fn take_lock(&mut self, path: &Path) {
        match ReviewLock::acquire(path) {
            Ok(lock) => {
                self.guard.lock = Some(lock);
                self.guard.read_only = None;
            }
            Err(LockError::Held(holder)) => {
                self.guard.read_only = Some(holder.describe());
                self.question = Some(Question::File(FileQuestion::LockHeld {
                    path: path.to_path_buf(),
                    holder: holder.describe(),
                }));
            }
            Err(LockError::Stale(holder, reason)) => {
                self.guard.read_only = Some(holder.describe());
                self.question = Some(Question::File(FileQuestion::LockStale {
                    path: path.to_path_buf(),
                    holder,
                    reason,
                }));
            }
            // A folder we cannot write to: the save would fail too, and say so then.
            Err(LockError::Io(message)) => {
                self.banner = Some(Banner::error(format!(
                    "Could not lock the review for other reviewers: {message}"
                )));
            }
        }
    }

    /// Before writing `path`: false (and a question or a message) when the save must not go
    /// ahead: the review is read-only, or the file changed on disk since it was loaded.
    pub(super) fn guard_before_save(&mut self, path: &Path) -> bool {
        if self.guard.path.as_deref() != Some(path) {
            // A new file chosen in Save As: the dialog asked about replacing it.
            return true;
        }
        if let Some(holder) = &self.guard.read_only {
            self.banner = Some(Banner::error(format!(
                "{} is open read-only: {holder} has it. Use Save As to keep your changes in \
                 another file.",
                path.display()
            )));
            return false;
        }
        let Some(version) = &self.guard.version else {
            return true;
        };
        match version.check(path) {
            Ok(DiskChange::Unchanged) => true,
            Ok(change) => {
                self.question = Some(Question::File(FileQuestion::ChangedOnDisk {
                    path: path.to_path_buf(),
                    change,
                }));
                false
            }
            Err(e) => {
                self.banner = Some(Banner::error(format!(
                    "Could not read {} to check whether it changed: {e}. Nothing was written.",
                    path.display()
                )));
                false
            }
        }
    }

    /// After writing `path`: it is the guarded file now, at the version just written, and
    /// locked by this window.
    pub(super) fn guard_after_save(&mut self, path: &Path) {
        self.guard.version = DiskVersion::of_file(path).ok();
        if self.guard.path.as_deref() == Some(path) {
            if let Some(lock) = &mut self.guard.lock
                && let Err(e) = lock.refresh()
            {
                self.banner = Some(Banner::error(format!(
                    "Saved, but the lock on {} was taken over: {e}",
                    path.display()
                )));
            }
            return;
        }
        self.guard.lock = None;
        self.guard.read_only = None;
        self.guard.path = Some(path.to_path_buf());
        self.take_lock(path);
    }

    pub(super) fn answer_file_question(&mut self, answer: FileAnswer) {
        let Some(Question::File(question)) = self.question.take() else {
            return;
        };
        match (answer, question) {
            (FileAnswer::ReadOnly, _) => {
                self.banner = Some(Banner::info(
                    "Opened read-only: Save is off; Save As keeps your changes in another file.",
                ));
            }
            (FileAnswer::TakeOver, FileQuestion::LockStale { path, holder, .. }) => {
                match ReviewLock::take_over(&path, &holder) {
                    Ok(lock) => {
                        self.guard.lock = Some(lock);
                        self.guard.read_only = None;
                        self.banner = Some(Banner::info(format!(
                            "Took over the lock on {}",
                            path.display()
                        )));
                    }
                    Err(e) => {
                        self.guard.read_only = Some(match &e {
                            LockError::Held(h) | LockError::Stale(h, _) => h.describe(),
                            LockError::Io(_) => "another reviewer".into(),
                        });
                        self.banner = Some(Banner::error(format!(
                            "Could not take the lock over: {e}. The review stays read-only."
                        )));
                    }
                }
            }
            (FileAnswer::CloseDocument, _) => {
                if let Some(d) = &mut self.doc {
                    d.session.mark_saved();
                }
                self.forget_snapshot();
                self.doc = None;
                self.guard = FileGuard::default();
                if let Some(room) = &mut self.queue {
                    room.clear_current();
                }
            }
            (FileAnswer::Overwrite, FileQuestion::ChangedOnDisk { path, .. }) => {
                self.guard.version = DiskVersion::of_file(&path).ok();
                self.save_to(&path);
            }
            (FileAnswer::Reload, FileQuestion::ChangedOnDisk { path, .. }) => {
                if path.exists() {
                    if let Some(d) = &mut self.doc {
                        d.session.mark_saved();
                    }
                    self.forget_snapshot();
                    self.perform(Action::OpenPath(path));
                } else {
                    self.banner = Some(Banner::error(format!(
                        "{} is gone from the disk; your version is still open. Save it to \
                         write it again.",
                        path.display()
                    )));
                    self.guard.version = Some(DiskVersion(None));
                }
            }
            // An answer that does not fit the question: ask again.
            (_, question) => self.question = Some(Question::File(question)),
        }
    }
}
