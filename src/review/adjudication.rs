//! Adjudication in the controller: File > Compare with... opens a second review of the open
//! article, and the disagreements are settled one by one (take A, take B, or edit), each choice
//! one undoable step, into a new review that records both sources.
//!
//! The result is the controller's open document, so every panel, key and edit of a normal
//! review works on it; the [`Settlement`] beside it keeps the list of disagreements and the
//! decisions in step with its undo history. Every edit made while adjudicating goes through the
//! settlement, so Ctrl+Z undoes choices and edits in the order they were made.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::compare::adjudicate::{Choice, Settlement, Side};
use crate::compare::read_review_file;
use crate::compare::{Disagreement, DisagreementType};
use crate::document::model::Document;
use crate::edit::{Applied, Edit, EditSession};

use super::command::Banner;
use super::controller::{Controller, OpenDoc};
use super::files::DialogPurpose;

/// What the reviewer can do in the adjudication panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdjudicationCommand {
    /// Make disagreement `i` the current one and show its quote.
    Select(usize),
    /// Go to the next open disagreement (the next one when all are settled).
    Next,
    /// Go to the previous disagreement.
    Previous,
    /// Settle a disagreement (the current one for `None`) with one side's answer, then go to
    /// the next open one.
    Take {
        /// The disagreement, or the current one.
        index: Option<usize>,
        /// Whose answer.
        side: Side,
    },
    /// Settle a disagreement (the current one for `None`) by editing: its quote is selected,
    /// and the next change to it settles it.
    Edit(Option<usize>),
    /// Stop adjudicating; the result stays open as an ordinary review.
    End,
    /// With a folder open as a queue: ask for the second reviewer's folder; from then on
    /// every article opened from the queue is compared with its review there.
    ChooseSecondFolder,
    /// Stop comparing the queue's articles with the second reviewer's folder.
    ForgetSecondFolder,
}

/// The second reviewer's folder: being read on a worker thread, or read.
#[derive(Debug)]
pub enum SecondFolderState {
    /// Being read.
    Reading(PathBuf, std::sync::mpsc::Receiver<Option<SecondFolder>>),
    /// Read.
    Ready(SecondFolder),
}

/// A second reviewer's folder that the queue's articles are compared with, article by
/// article: its review files by the article's SHA-256 and by file name, read once.
#[derive(Debug, Clone)]
pub struct SecondFolder {
    dir: PathBuf,
    by_sha: HashMap<String, PathBuf>,
    by_name: HashMap<String, PathBuf>,
}

impl SecondFolder {
    /// Indexes the review files (`*.json`) under `dir`, recursively. Files that are not
    /// review files are left out; `None` when there are none.
    pub fn read(dir: &Path) -> Option<SecondFolder> {
        let mut folder = SecondFolder {
            dir: dir.to_path_buf(),
            by_sha: HashMap::new(),
            by_name: HashMap::new(),
        };
        let mut pending = vec![dir.to_path_buf()];
        while let Some(at) = pending.pop() {
            let Ok(entries) = std::fs::read_dir(&at) else {
                continue;
            };
            for path in entries.filter_map(Result::ok).map(|e| e.path()) {
                if path.is_dir() {
                    pending.push(path);
                } else if path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("json"))
                    && let Ok(doc) = read_review_file(&path)
                {
                    if let Some(sha) = doc.source.sha256 {
                        folder.by_sha.entry(sha).or_insert_with(|| path.clone());
                    }
                    if let Some(name) = path.file_name() {
                        let name = name.to_string_lossy().into_owned();
                        folder.by_name.entry(name).or_insert(path);
                    }
                }
            }
        }
        (!folder.by_sha.is_empty() || !folder.by_name.is_empty()).then_some(folder)
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Number of review files found by name.
    pub fn len(&self) -> usize {
        self.by_name.len()
    }

    /// True when the folder holds no review file.
    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    /// The second reviewer's file of the article reviewed in `a` (file `a_path`): the same
    /// article SHA-256, else the same file name (as `compare` pairs folders).
    pub fn review_of(&self, a_path: &Path, a: &Document) -> Option<&Path> {
        let by_sha = a.source.sha256.as_ref().and_then(|s| self.by_sha.get(s));
        let by_name = || {
            a_path
                .file_name()
                .and_then(|n| self.by_name.get(n.to_string_lossy().as_ref()))
        };
        by_sha.or_else(by_name).map(PathBuf::as_path)
    }
}

/// Two reviews of the open article being settled into the open document.
#[derive(Debug)]
pub struct Adjudicating {
    settlement: Settlement,
    a_path: PathBuf,
    b_path: PathBuf,
    current: Option<usize>,
    editing: Option<usize>,
}

impl Adjudicating {
    /// The disagreements and how each was settled.
    pub fn settlement(&self) -> &Settlement {
        &self.settlement
    }

    /// Review A's file (the one the result started from).
    pub fn a_path(&self) -> &Path {
        &self.a_path
    }

    /// Review B's file.
    pub fn b_path(&self) -> &Path {
        &self.b_path
    }

    /// The disagreement being looked at.
    pub fn current(&self) -> Option<usize> {
        self.current
    }

    /// The disagreement being settled by editing, if any.
    pub fn editing(&self) -> Option<usize> {
        self.editing
    }

    /// The disagreements, in text order.
    pub fn disagreements(&self) -> &[Disagreement] {
        self.settlement.disagreements()
    }

    /// How disagreement `i` was settled, if it is.
    pub fn choice(&self, i: usize) -> Option<Choice> {
        self.settlement.choice(i)
    }
}

/// What a side said about a disagreement, as the panel shows it.
pub fn answer_text(d: &Disagreement, side: Side) -> String {
    let answer = match side {
        Side::A => d.a.as_deref(),
        Side::B => d.b.as_deref(),
    };
    let has_quote = match side {
        Side::A => d.quote_a.is_some(),
        Side::B => d.quote_b.is_some(),
    };
    match (d.kind, answer) {
        (DisagreementType::OnlyA | DisagreementType::OnlyB, _) if !has_quote => {
            "no quote here".to_string()
        }
        (DisagreementType::OnlyA | DisagreementType::OnlyB, Some(speaker)) => {
            format!("a quote by {speaker}")
        }
        (DisagreementType::OnlyA | DisagreementType::OnlyB, None) => {
            "a quote, no speaker".to_string()
        }
        (DisagreementType::Speaker, None) => "no speaker".to_string(),
        // Any status but rejected keeps the quote; say so, with the status.
        (DisagreementType::Status, Some(status)) if status != "rejected" => {
            format!("kept ({status})")
        }
        (_, Some(answer)) => answer.to_string(),
        (_, None) => "-".to_string(),
    }
}

/// The file name proposed for the result: A's name with `.adjudicated` before `.review.json`,
/// beside A, never one of the sources nor an existing file.
pub fn adjudicated_path(a: &Path, b: &Path) -> PathBuf {
    let name = a
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name
        .strip_suffix(".review.json")
        .or_else(|| name.strip_suffix(".json"))
        .unwrap_or(&name);
    let stem = if stem.is_empty() { "review" } else { stem };
    (1..)
        .map(|n| {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!("-{n}")
            };
            a.with_file_name(format!("{stem}.adjudicated{suffix}.review.json"))
        })
        .find(|p| p != a && p != b && !p.exists())
        .unwrap_or_else(|| a.with_file_name("adjudicated.review.json"))
}

/// True when `a` and `b` name the same file (the same path, or the same file reached two ways).
fn same_file(a: &Path, b: &Path) -> bool {
    a == b
        || match (a.canonicalize(), b.canonicalize()) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        }
}

impl Controller {
    /// The adjudication under way, if any.
    pub fn adjudication(&self) -> Option<&Adjudicating> {
        self.adjudication.as_ref()
    }

    /// True when Undo can do something (a choice that changed nothing in the document can
    /// still be undone while adjudicating).
    pub fn can_undo(&self) -> bool {
        match (&self.doc, &self.adjudication) {
            (Some(d), Some(a)) => a.settlement.can_undo(&d.session),
            (Some(d), None) => d.session.can_undo(),
            _ => false,
        }
    }

    /// True when Redo can do something.
    pub fn can_redo(&self) -> bool {
        match (&self.doc, &self.adjudication) {
            (Some(d), Some(a)) => a.settlement.can_redo(&d.session),
            (Some(d), None) => d.session.can_redo(),
            _ => false,
        }
    }

    /// Undoes (or with `redo`, redoes) one step, through the settlement while adjudicating.
    /// Returns whether anything changed.
    pub(super) fn history_step(&mut self, redo: bool) -> bool {
        let Some(d) = &mut self.doc else { return false };
        match (&mut self.adjudication, redo) {
            (Some(a), false) => a.settlement.undo(&mut d.session),
            (Some(a), true) => a.settlement.redo(&mut d.session),
            (None, false) => d.session.undo(),
            (None, true) => d.session.redo(),
        }
    }

    /// Applies an edit while adjudicating: one step of the settlement's history, settling the
    /// disagreement being edited when the edit is about its quote.
    pub(super) fn adjudication_edit(&mut self, edit: Edit) -> Option<Result<Applied, String>> {
        let (Some(d), Some(a)) = (&mut self.doc, &mut self.adjudication) else {
            return None;
        };
        let settles = a.editing.filter(|&i| {
            let quote = a.settlement.result_quote(i, d.session.doc());
            edit_concerns(&edit, quote.as_deref())
        });
        let result = a
            .settlement
            .edit(&mut d.session, settles, edit)
            .map_err(|e| e.to_string());
        if result.is_ok() && settles.is_some() {
            a.editing = None;
        }
        Some(result)
    }

    /// File > Compare with...: asks for the other review of this article. The open review is A
    /// and must be a saved review file, since the result records its name and SHA-256.
    pub(super) fn ask_compare(&mut self) {
        let Some(doc) = &self.doc else { return };
        if doc.review_path.is_none() {
            self.banner = Some(Banner::info(
                "Save this review first (Ctrl+S): the adjudication records both review files. \
                 Then File > Compare with... opens the other reviewer's file.",
            ));
            return;
        }
        // A's folder, absolute: the path prompt shows it, and a window started on a relative
        // path would otherwise offer an empty one.
        let dir = doc
            .review_path
            .as_ref()
            .and_then(|p| std::path::absolute(p).ok())
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .unwrap_or_default();
        self.ask_path(DialogPurpose::CompareWith, None, dir);
    }

    /// Opens `b` against the open review file (A) and starts settling their disagreements.
    /// Refused, with the open review kept, when B is not a review of the same text.
    pub(super) fn compare_with(&mut self, b: PathBuf) {
        let Some(a) = self.doc.as_ref().and_then(|d| d.review_path.clone()) else {
            self.ask_compare();
            return;
        };
        if same_file(&a, &b) {
            self.banner = Some(Banner::error(format!(
                "{} is the review already open: choose the other reviewer's file.",
                b.display()
            )));
            return;
        }
        let started = std::time::Instant::now();
        let (settlement, result) = match Settlement::open(&a, &b) {
            Ok(opened) => opened,
            Err(e) => {
                self.banner = Some(Banner::error(format!(
                    "Cannot compare: {e}. The open review is unchanged."
                )));
                return;
            }
        };
        let count = settlement.disagreements().len();
        let path = adjudicated_path(&a, &b);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "adjudicated.review.json".into());
        self.install(OpenDoc {
            session: EditSession::new(result, false),
            review_path: None,
            opened_path: None,
            name,
            open_time: started.elapsed(),
            recovery_id: None,
            serial: 0,
        });
        let file = |p: &Path| {
            p.file_name()
                .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into())
        };
        self.banner = Some(Banner::info(match count {
            0 => format!(
                "{} and {} agree on every quote. Save the result (Ctrl+S) to record both.",
                file(&a),
                file(&b)
            ),
            n => format!(
                "{n} disagreement{} between {} (A) and {} (B): Alt+A takes A, Alt+B takes B, \
                 Alt+E edits. Ctrl+S saves the result as a new file.",
                if n == 1 { "" } else { "s" },
                file(&a),
                file(&b)
            ),
        }));
        // The result stands for A's article in the queue, so next and previous article go on
        // from there.
        if let Some(room) = &mut self.queue {
            let index = room.queue().position_of(&a);
            room.set_current(index);
        }
        self.adjudication = Some(Adjudicating {
            settlement,
            a_path: a,
            b_path: b,
            current: None,
            editing: None,
        });
        if count > 0 {
            self.go_to_disagreement(0);
        }
    }

    /// The second reviewer's folder the queue is compared with, if any.
    pub fn second_folder(&self) -> Option<&SecondFolder> {
        match &self.second_folder {
            Some(SecondFolderState::Ready(folder)) => Some(folder),
            _ => None,
        }
    }

    fn ask_second_folder(&mut self) {
        let Some(room) = &self.queue else {
            self.banner = Some(Banner::info(
                "Open a folder as a queue first (File > Open Folder): its articles are then \
                 compared one by one with the second reviewer's folder.",
            ));
            return;
        };
        let dir = room
            .queue()
            .root()
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        self.ask_path(DialogPurpose::SecondReviewerFolder, None, dir);
    }

    /// Compares the queue's articles with the reviews in `dir` from now on, starting with the
    /// open one. The folder is read on a worker thread when files open in the background: 840
    /// reviews took about 2 s in a debug build, too long to freeze the window.
    pub(super) fn set_second_folder(&mut self, dir: PathBuf) {
        if !self.background_io {
            let folder = SecondFolder::read(&dir);
            return self.second_folder_read(dir, folder);
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let reading = dir.clone();
        std::thread::spawn(move || {
            // Nobody listens any more if the reviewer chose another folder meanwhile.
            let _ = tx.send(SecondFolder::read(&reading));
        });
        self.banner = Some(Banner::info(format!(
            "Reading the reviews in {}...",
            dir.display()
        )));
        self.second_folder = Some(SecondFolderState::Reading(dir, rx));
    }

    /// Takes in the second reviewer's folder once the worker has read it.
    pub(super) fn poll_second_folder(&mut self) {
        let Some(SecondFolderState::Reading(dir, rx)) = &self.second_folder else {
            return;
        };
        let dir = dir.clone();
        match rx.try_recv() {
            Ok(folder) => self.second_folder_read(dir, folder),
            Err(std::sync::mpsc::TryRecvError::Empty) => {}
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.second_folder = None;
                self.banner = Some(Banner::error(format!(
                    "Could not read the reviews in {}: the reader stopped.",
                    dir.display()
                )));
            }
        }
    }

    /// True while the second reviewer's folder is being read.
    pub(super) fn reading_second_folder(&self) -> bool {
        matches!(self.second_folder, Some(SecondFolderState::Reading(..)))
    }

    fn second_folder_read(&mut self, dir: PathBuf, folder: Option<SecondFolder>) {
        let Some(folder) = folder else {
            self.second_folder = None;
            self.banner = Some(Banner::error(format!(
                "{} holds no review files (*.json): choose the second reviewer's folder.",
                dir.display()
            )));
            return;
        };
        let count = folder.len();
        self.second_folder = Some(SecondFolderState::Ready(folder));
        self.banner = Some(Banner::info(format!(
            "Each article opened from the queue is now compared with its review in {} ({count} \
             review files).",
            dir.display()
        )));
        if self.adjudication.is_none() {
            self.compare_with_second_folder();
        }
    }

    /// After a queue article opened: with a second reviewer's folder chosen, compare it with
    /// its review there.
    pub(super) fn compare_with_second_folder(&mut self) {
        let (Some(SecondFolderState::Ready(folder)), Some(doc), Some(room)) =
            (&self.second_folder, &self.doc, &self.queue)
        else {
            return;
        };
        if self.adjudication.is_some() || room.current().is_none() {
            return;
        }
        let Some(a) = doc.review_path.clone().filter(|p| p.is_file()) else {
            self.banner = Some(Banner::info(
                "This article has no saved review yet, so there is nothing to compare: review \
                 and save it first.",
            ));
            return;
        };
        match folder.review_of(&a, doc.doc()).map(Path::to_path_buf) {
            Some(b) => self.compare_with(b),
            None => {
                self.banner = Some(Banner::info(format!(
                    "No review of this article in {} (by its SHA-256 or the name {}).",
                    folder.dir().display(),
                    a.file_name().unwrap_or_default().to_string_lossy()
                )));
            }
        }
    }

    /// Where Save should propose to write the result while adjudicating.
    pub(super) fn proposed_adjudicated_path(&self) -> Option<PathBuf> {
        let a = self.adjudication.as_ref()?;
        Some(adjudicated_path(&a.a_path, &a.b_path))
    }

    /// The reason `path` must not be written while adjudicating: it is one of the sources.
    pub(super) fn refuse_overwriting_source(&self, path: &Path) -> Option<String> {
        let a = self.adjudication.as_ref()?;
        let which = if same_file(path, &a.a_path) {
            "A"
        } else if same_file(path, &a.b_path) {
            "B"
        } else {
            return None;
        };
        Some(format!(
            "Not saved: {} is review {which} of this adjudication and stays as it is. Save the \
             result under a new name (Save As, Ctrl+Shift+S).",
            path.display()
        ))
    }

    /// Carries out an adjudication command; ignored when nothing is being adjudicated.
    pub(super) fn apply_adjudication(&mut self, cmd: AdjudicationCommand) {
        match cmd {
            AdjudicationCommand::ChooseSecondFolder => return self.ask_second_folder(),
            AdjudicationCommand::ForgetSecondFolder => {
                self.second_folder = None;
                self.banner = Some(Banner::info(
                    "The queue's articles are no longer compared with a second reviewer's folder.",
                ));
                return;
            }
            _ => {}
        }
        let Some(a) = &self.adjudication else { return };
        let count = a.disagreements().len();
        let current = a.current;
        match cmd {
            AdjudicationCommand::Select(i) if i < count => self.go_to_disagreement(i),
            AdjudicationCommand::Select(_) => {}
            AdjudicationCommand::Next if count > 0 => {
                let next = a
                    .settlement
                    .next_open(current)
                    .unwrap_or_else(|| current.map_or(0, |c| (c + 1) % count));
                self.go_to_disagreement(next);
            }
            AdjudicationCommand::Previous if count > 0 => {
                let previous = current.map_or(count - 1, |c| (c + count - 1) % count);
                self.go_to_disagreement(previous);
            }
            AdjudicationCommand::Next | AdjudicationCommand::Previous => {}
            AdjudicationCommand::Take { index, side } => {
                let Some(i) = index.or(current).filter(|&i| i < count) else {
                    self.banner = Some(Banner::info(
                        "Choose a disagreement first (Alt+N goes to the next open one).",
                    ));
                    return;
                };
                self.take(i, side);
            }
            AdjudicationCommand::Edit(index) => {
                let Some(i) = index.or(current).filter(|&i| i < count) else {
                    return;
                };
                self.go_to_disagreement(i);
                if let Some(a) = &mut self.adjudication {
                    a.editing = Some(i);
                }
                let quote_there = self.selected_quote.is_some();
                self.banner = Some(Banner::info(if quote_there {
                    "Edit the quote with the speaker picker and the usual keys: your next change \
                     to it settles this disagreement."
                } else {
                    "The result has no quote here: select its words in the article and press A \
                     to add it, which settles this disagreement."
                }));
            }
            AdjudicationCommand::ChooseSecondFolder | AdjudicationCommand::ForgetSecondFolder => {
                unreachable!("handled before")
            }
            AdjudicationCommand::End => {
                self.adjudication = None;
                self.banner = Some(Banner::info(
                    "Adjudication ended: the result stays open as an ordinary review.",
                ));
            }
        }
    }

    fn take(&mut self, i: usize, side: Side) {
        let (Some(d), Some(a)) = (&mut self.doc, &mut self.adjudication) else {
            return;
        };
        let taken = a.settlement.take(&mut d.session, i, side);
        let next = a.settlement.next_open(Some(i));
        if taken.is_ok() && a.editing == Some(i) {
            a.editing = None;
        }
        match taken {
            Ok(()) => {
                self.fix_selection();
                match next {
                    Some(next) => self.go_to_disagreement(next),
                    None => {
                        self.go_to_disagreement(i);
                        self.banner = Some(Banner::info(
                            "Every disagreement is settled. Save the result (Ctrl+S): it is a \
                             new file, and A and B stay as they are.",
                        ));
                    }
                }
            }
            Err(e) => {
                self.banner = Some(Banner::error(format!("That choice was not made: {e}")));
            }
        }
    }

    /// Makes disagreement `i` current: selects its quote in the result and shows it.
    fn go_to_disagreement(&mut self, i: usize) {
        let (Some(d), Some(a)) = (&self.doc, &mut self.adjudication) else {
            return;
        };
        let Some(disagreement) = a.settlement.disagreements().get(i) else {
            return;
        };
        a.current = Some(i);
        if a.editing.is_some_and(|e| e != i) {
            a.editing = None;
        }
        let quote = a.settlement.result_quote(i, d.session.doc());
        let at = disagreement.start;
        self.select_quote(quote, false);
        self.reveal.article_at = Some(at);
    }
}

/// Whether `edit` changes the quote `quote` (or, when the result has no quote there, adds one).
fn edit_concerns(edit: &Edit, quote: Option<&str>) -> bool {
    match edit {
        Edit::Batch(edits) => edits.iter().any(|e| edit_concerns(e, quote)),
        Edit::AddQuote { .. } => quote.is_none(),
        Edit::SetSpeaker { quote: q, .. }
        | Edit::SetSpeakerMention { quote: q, .. }
        | Edit::SetCue { quote: q, .. }
        | Edit::Confirm { quote: q }
        | Edit::Reject { quote: q }
        | Edit::SetNote { quote: q, .. }
        | Edit::SetFlag { quote: q, .. }
        | Edit::SetKind { quote: q, .. }
        | Edit::SetSpan { quote: q, .. } => quote == Some(q.as_str()),
        _ => false,
    }
}
