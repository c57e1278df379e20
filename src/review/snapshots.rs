//! Crash recovery as the controller uses it: snapshot unsaved edits a few seconds after they
//! were made, offer leftovers at start, forget a snapshot once its work is saved or discarded.

use std::time::{Duration, Instant};

use crate::edit::EditSession;
use crate::recovery::RecoveryEntry;

use super::command::{Banner, Leftover, Question};
use super::controller::{Controller, OpenDoc};

impl Controller {
    /// Lists snapshots left by earlier sessions and offers to restore them.
    pub(super) fn offer_recovery(&mut self) {
        let Some(store) = &self.recovery else { return };
        let scan = store.scan();
        if !scan.problems.is_empty() {
            let messages: Vec<String> = scan.problems.iter().map(|p| p.message.clone()).collect();
            self.banner = Some(Banner::error(format!(
                "Some recovery snapshots could not be read: {}",
                messages.join("; ")
            )));
        }
        if !scan.entries.is_empty() {
            self.question = Some(Question::Recover(
                scan.entries
                    .iter()
                    .map(|e| Leftover {
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
    pub(super) fn restore_snapshot(&mut self, id: &str) {
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
                self.install(OpenDoc {
                    session: EditSession::new(entry.document, false),
                    review_path: if is_review { entry.file.clone() } else { None },
                    opened_path: entry.file,
                    name,
                    open_time: Duration::ZERO,
                    recovery_id: Some(entry.id),
                    serial: 0,
                });
                if let Some(q) = entry.selected_quote
                    && self.document().is_some_and(|d| d.quote(&q).is_some())
                {
                    self.select_quote(Some(q), true);
                }
                self.banner = Some(Banner::info(
                    "Restored your unsaved work. Save it to keep it.",
                ));
            }
            Err(message) => self.banner = Some(Banner::error(message.to_string())),
        }
    }

    /// Deletes a snapshot the reviewer does not want back; the question keeps the others.
    pub(super) fn discard_snapshot(&mut self, id: &str) {
        if let Some(store) = &self.recovery
            && let Err(message) = store.remove(id)
        {
            self.banner = Some(Banner::error(message.to_string()));
        }
        if let Some(Question::Recover(leftovers)) = &mut self.question {
            leftovers.retain(|l| l.id != id);
            if leftovers.is_empty() {
                self.question = None;
            }
        }
    }

    /// Removes the open document's snapshot (after a save or a discard).
    pub(super) fn forget_snapshot(&mut self) {
        if let (Some(store), Some(doc)) = (&self.recovery, &self.doc)
            && let Some(id) = &doc.recovery_id
        {
            let _ = store.remove(id);
        }
        self.autosaver.clean();
    }

    /// Snapshots unsaved edits a few seconds after they were made; returns how long until the
    /// next snapshot is due, if one is waiting.
    pub(super) fn autosave(&mut self, now: Instant) -> Option<Duration> {
        let (Some(store), Some(doc)) = (&self.recovery, &self.doc) else {
            return None;
        };
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
            let mut entry = RecoveryEntry::new(id.clone(), file, doc.session.doc().clone());
            entry.selected_quote = self.selected_quote.clone();
            match store.save(&entry) {
                Ok(()) => self.autosaver.snapshotted(),
                Err(message) => {
                    self.autosaver.failed(now);
                    self.banner = Some(Banner::error(format!(
                        "Could not write the recovery snapshot: {message}"
                    )));
                }
            }
        }
        self.autosaver.wait(now)
    }
}
