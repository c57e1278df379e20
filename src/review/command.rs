//! What the reviewer can ask of the controller, and what the controller asks back.

use std::path::PathBuf;

use crate::document::model::{QuoteStatus, Span};
use crate::edit::{Candidate, Edit};
use crate::search::SearchScope;

use super::files::DialogPurpose;
use super::filter::{FlagFilter, SortColumn, SpeakerFilter};
use super::queue::QueueCommand;
use super::queue_guard::{FileAnswer, FileQuestion};

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
    /// Open the queue item at this index of the queue's items (its review, else its article).
    OpenQueueItem(usize),
    /// Ask for another review of the open article and compare with it (File > Compare
    /// with...).
    CompareDialog,
    /// Ask for a file of another annotation tool and open it as a review (File > Import...).
    ImportDialog,
}

/// One thing the reviewer asked for. The window turns keys, clicks and dialog answers into
/// these; [`Controller::apply`](super::Controller::apply) carries them out.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Apply an edit.
    Edit(Edit),
    /// Select a quote (by id); `scroll` also brings it into view in the article.
    SelectQuote {
        /// The quote, or none.
        id: Option<String>,
        /// Scroll the article to it.
        scroll: bool,
    },
    /// Select an entity: its mentions are highlighted and the quotes filtered to its own.
    SelectEntity(Option<String>),
    /// The reviewer's text selection in the article, code points `[start, end)`.
    SelectText(Option<(usize, usize)>),
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
    /// A file action, asking first about unsaved changes.
    Request(Action),
    /// Make this entity the selected quote's speaker, at `mention`.
    PickSpeaker {
        /// The entity id.
        entity: String,
        /// The mention that names it, if any.
        mention: Option<Span>,
    },
    /// Set "no speaker" on the selected quote.
    NoSpeaker,
    /// Confirm the selected quote and move to the next unreviewed one.
    ConfirmAndNext,
    /// Reject the selected quote (not a quote) and move to the next unreviewed one.
    Reject,
    /// Add a quote from the article selection.
    AddQuoteFromSelection,
    /// Move the selected quote's bounds to the article selection.
    SpanFromSelection,
    /// Move the selection up (-1) or down (+1) in the quote table.
    Move(i32),
    /// Hide the banner.
    DismissBanner,
    /// The reviewer chose `path` for `purpose` (in a file dialog or the in-window browser).
    PathChosen {
        /// What the path is for.
        purpose: DialogPurpose,
        /// What to do after a save.
        then: Option<Action>,
        /// The path.
        path: PathBuf,
    },
    /// The answer to [`Question::Unsaved`]: save first (`true`) or discard, then go ahead.
    ResolveUnsaved {
        /// Save before going ahead.
        save: bool,
    },
    /// An action in the in-window file browser ([`Question::Browse`]).
    Browse(super::browser::BrowseCommand),
    /// Use the window's own file browser (`true`) or the system's file dialog where there is
    /// one (remembered between runs).
    WindowFileBrowser(bool),
    /// Close the open question without doing anything (Cancel, Esc, "Decide later").
    DismissQuestion,
    /// Reopen a crash-recovery snapshot (by id) as unsaved work.
    RestoreSnapshot(String),
    /// Delete a crash-recovery snapshot (by id).
    DiscardSnapshot(String),
    /// Show only quotes containing this text.
    FilterText(String),
    /// Show only quotes by this speaker (choosing an entity selects it).
    FilterSpeaker(SpeakerFilter),
    /// Show only quotes with this status.
    FilterStatus(Option<QuoteStatus>),
    /// Show only quotes nobody has reviewed.
    UnreviewedOnly(bool),
    /// Sort by this column; the same column again reverses the order.
    SortBy(SortColumn),
    /// Show only flagged quotes, or quotes with one flag.
    FilterFlag(FlagFilter),
    /// Carry out the command, then, if the selected quote is now reviewed, select the next
    /// unreviewed one (the number keys and N move on like Enter).
    ThenNext(Box<Command>),
    /// Select the first (`false`) or last (`true`) row of the quote table.
    MoveToEnd(bool),
    /// Select the next unreviewed quote whose confidence is under the threshold.
    NextDoubtful,
    /// Doubt proposals under this confidence (0 to 1).
    SetThreshold(f32),
    /// Ask to confirm every unreviewed quote at or above the threshold
    /// ([`Question::ConfirmAll`]).
    ConfirmAllAbove,
    /// The answer to [`Question::ConfirmAll`]: confirm them, in one undoable step.
    ResolveConfirmAll,
    /// Make the article selection the selected quote's speaker mention (snapped to words; the
    /// speaker becomes the entity it names, when one does).
    MentionFromSelection,
    /// Make the article selection the selected quote's cue.
    CueFromSelection,
    /// A new person named this, as the selected quote's speaker; then on to the next
    /// unreviewed quote. Its mentions are where the article names it.
    CreateSpeaker(String),
    /// Search the article (`None` closes the search).
    Search(Option<SearchQuery>),
    /// Go to the next (`true`) or previous search hit.
    SearchStep(bool),
    /// Something for the folder queue, its statistics or its export.
    Queue(QueueCommand),
    /// The answer to a [`Question::File`] (a lock, a file changed on disk).
    File(FileAnswer),
    /// Write the open review in another tool's format, asking where (File > Export as).
    ExportAs(crate::exchange::Format),
    /// Settle the disagreements of two reviews (after File > Compare with...).
    Adjudication(super::adjudication::AdjudicationCommand),
}

/// A text search in the article (Ctrl+F).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SearchQuery {
    /// What to look for (ignoring case).
    pub text: String,
    /// Where to look.
    pub scope: SearchScope,
}

impl Command {
    /// Picks `candidate` as the selected quote's speaker. The edit chooses the mention: the
    /// current one when the speaker stays, else the entity's best mention for this quote.
    pub fn pick(candidate: &Candidate) -> Command {
        Command::PickSpeaker {
            entity: candidate.entity.clone(),
            mention: None,
        }
    }
}

/// A snapshot of unsaved work left by an earlier session.
#[derive(Debug, Clone, PartialEq)]
pub struct Leftover {
    /// The snapshot id.
    pub id: String,
    /// The file the work belongs to.
    pub file: Option<PathBuf>,
    /// When it was written (RFC 3339).
    pub saved_at: String,
    /// Number of quotes in it.
    pub quotes: usize,
    /// Number of them reviewed.
    pub reviewed: usize,
}

/// Something the controller needs the reviewer to decide before it can go on. The window shows
/// it as a dialog and answers with a [`Command`].
#[derive(Debug, Clone, PartialEq)]
pub enum Question {
    /// "Save changes?" before an action that would lose them; answered by
    /// [`Command::ResolveUnsaved`] or [`Command::DismissQuestion`].
    Unsaved(Action),
    /// Unsaved work from an earlier session: [`Command::RestoreSnapshot`],
    /// [`Command::DiscardSnapshot`] or [`Command::DismissQuestion`].
    Recover(Vec<Leftover>),
    /// No system file dialog can be shown: the in-window file browser. Answered by
    /// [`Command::Browse`] (its [`BrowseCommand::Cancel`](super::browser::BrowseCommand::Cancel)
    /// or [`Command::DismissQuestion`] closes it).
    Browse {
        /// The browser: folder, listing, filter, name and any error.
        browser: Box<super::browser::FileBrowser>,
        /// What to do after saving.
        then: Option<Action>,
    },
    /// "Confirm these N quotes?" before confirming every unreviewed quote at or above the
    /// threshold; answered by [`Command::ResolveConfirmAll`] or [`Command::DismissQuestion`].
    ConfirmAll {
        /// The threshold.
        threshold: f32,
        /// How many quotes it would confirm.
        count: usize,
    },
    /// A lock held by someone else, or the file changed on disk before a save; answered by
    /// [`Command::File`] (or [`Command::SaveAs`] for a changed file).
    File(FileQuestion),
}

/// A message shown at the top of the window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Banner {
    /// The text.
    pub text: String,
    /// An error (red) or information.
    pub error: bool,
    /// A hint about what to do first (neither an error nor news of success).
    pub hint: bool,
}

impl Banner {
    /// An error message.
    pub fn error(text: impl Into<String>) -> Banner {
        Banner {
            text: text.into(),
            error: true,
            hint: false,
        }
    }

    /// A piece of information.
    pub fn info(text: impl Into<String>) -> Banner {
        Banner {
            text: text.into(),
            error: false,
            hint: false,
        }
    }

    /// What to do first, e.g. "select the words first".
    pub fn hint(text: impl Into<String>) -> Banner {
        Banner {
            text: text.into(),
            error: false,
            hint: true,
        }
    }
}

/// What the window should bring into view, asked for by the last commands and collected with
/// [`Controller::take_reveal`](super::Controller::take_reveal).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reveal {
    /// Scroll the quote table to the selected quote's row.
    pub table_row: bool,
    /// Scroll the article to this code point.
    pub article_at: Option<usize>,
}
