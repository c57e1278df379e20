//! The command table: every command the reviewer can give, defined once with its name, label,
//! keys, help line and menu place. Key handling, the menus, the Help menu and the buttons'
//! tooltips are all made from it (the idea of rerun's `UICommand`).
//!
//! A new command is one variant, one row in [`UiCommand::spec`] and one arm in
//! [`UiCommand::cmd`]; everything else follows. The rows are in `table.rs`.

use egui::KeyboardShortcut;

use crate::compare::adjudicate::Side;
use crate::document::model::QuoteFlag;
use crate::edit::Edit;
use crate::exchange::Format;
use crate::review::{Action, AdjudicationCommand, Command, Controller, QueueCommand};

use super::app::Cmd;
use super::dialogs::Modal;

mod table;
mod widgets;

pub use widgets::{help, menu, pressed};

/// A command the reviewer can give by key, menu or button.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UiCommand {
    /// Ask for a file and open it.
    Open,
    /// Open the bundled sample article.
    OpenSample,
    /// Save the review.
    Save,
    /// Save the review under a new name.
    SaveAs,
    /// Write the quotes as CSV.
    ExportCsv,
    /// Close the window.
    Quit,
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Add the selected article text as a quote.
    AddQuote,
    /// Add an entity the extractor missed.
    AddEntity,
    /// Select the next quote in the table.
    NextQuote,
    /// Select the previous quote in the table.
    PreviousQuote,
    /// Confirm the selected quote and go to the next unreviewed one.
    ConfirmAndNext,
    /// The selected quote has no speaker.
    NoSpeaker,
    /// The selected quote is not a quote.
    Reject,
    /// A speaker the extractor missed, for the selected quote.
    NewSpeaker,
    /// Move the selected quote's bounds to the article selection.
    SpanFromSelection,
    /// Rename the selected entity.
    RenameEntity,
    /// Merge the selected entity into another one.
    MergeEntity,
    /// Move one mention of the selected entity out into an entity of its own.
    SplitMention,
    /// Delete the selected entity (not an entity).
    DeleteEntity,
    /// Search the article.
    Find,
    /// Go to the next search hit.
    FindNext,
    /// Go to the previous search hit.
    FindPrevious,
    /// Close the search, else the message.
    Escape,
    /// Type to find a speaker among all entities.
    FindSpeaker,
    /// Go to the next doubtful quote.
    NextDoubtful,
    /// Confirm every unreviewed quote at or above the threshold.
    ConfirmAllAbove,
    /// Make the article selection the speaker's mention.
    MentionFromSelection,
    /// Make the article selection the cue.
    CueFromSelection,
    /// Write a note on the selected quote.
    EditNote,
    /// Step the selected quote's flag to the next one.
    CycleFlag,
    /// Select the first quote of the table.
    FirstQuote,
    /// Select the last quote of the table.
    LastQuote,
    /// Move a page up in the table.
    PageUp,
    /// Move a page down in the table.
    PageDown,
    /// Show the list of keys.
    ShowKeys,
    /// Show the annotation guide.
    ShowGuide,
    /// Pick the n-th (0-based) speaker candidate shown.
    PickCandidate(u8),
    /// Ask for a folder and open it as the review queue.
    OpenFolder,
    /// Open the next article of the queue.
    NextArticle,
    /// Open the previous article of the queue.
    PreviousArticle,
    /// Open the next article of the queue that is not done.
    NextUnfinished,
    /// Choose the folder the queue's reviews are saved to.
    ChooseOutputFolder,
    /// Show the queue's statistics.
    Statistics,
    /// Write every quote of the queue as CSV or JSON lines.
    ExportCorpus,
    /// Close the queue.
    CloseQueue,
    /// Open a file of another annotation tool as a review.
    Import,
    /// Write the review in another tool's format.
    ExportAs(Format),
    /// Compare the open review with another reviewer's file of the same article.
    CompareWith,
    /// Go to the next open disagreement.
    NextDisagreement,
    /// Go to the previous disagreement.
    PreviousDisagreement,
    /// Settle the current disagreement with A's answer.
    TakeA,
    /// Settle the current disagreement with B's answer.
    TakeB,
    /// Settle the current disagreement by editing the quote.
    EditDisagreement,
    /// Compare the queue's articles with a second reviewer's folder, one by one.
    CompareQueue,
}

/// How many rows Page Up and Page Down move in the quote table.
pub const PAGE_ROWS: i32 = 10;

/// A menu of the menu bar that lists commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Menu {
    /// The File menu.
    File,
    /// The Edit menu.
    Edit,
    /// The Review menu: moving through the quotes and deciding about them.
    Review,
    /// The Queue menu: the folder open as a review queue.
    Queue,
    /// The Help menu.
    Help,
}

/// Everything the window shows about a command.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// A stable name (for settings, logs and tests).
    pub name: &'static str,
    /// The text on menu items and buttons.
    pub label: &'static str,
    /// One line for the Help menu and the button's tooltip.
    pub help: &'static str,
    /// Its keys, the first one shown; none for menu-only commands.
    pub keys: &'static [KeyboardShortcut],
    /// Its place in the menus, if any: the menu, and the group in it (groups are separated by
    /// a line).
    pub menu: Option<(Menu, u8)>,
    /// Whether its keys also work while a text field has the keyboard (Ctrl+S does; Enter,
    /// letters and Ctrl+Z belong to the field).
    pub while_typing: bool,
}

impl UiCommand {
    /// Every command, in menu and help order; the speaker picks are one entry per key.
    pub const ALL: [UiCommand; 67] = [
        UiCommand::Open,
        UiCommand::OpenFolder,
        UiCommand::OpenSample,
        UiCommand::Import,
        UiCommand::CompareWith,
        UiCommand::Save,
        UiCommand::SaveAs,
        UiCommand::ExportCsv,
        UiCommand::ExportAs(Format::Brat),
        UiCommand::ExportAs(Format::LabelStudio),
        UiCommand::ExportAs(Format::Doccano),
        UiCommand::ExportAs(Format::Conll),
        UiCommand::Quit,
        UiCommand::Undo,
        UiCommand::Redo,
        UiCommand::AddQuote,
        UiCommand::AddEntity,
        UiCommand::PreviousQuote,
        UiCommand::NextQuote,
        UiCommand::ConfirmAndNext,
        UiCommand::NoSpeaker,
        UiCommand::Reject,
        UiCommand::NewSpeaker,
        UiCommand::SpanFromSelection,
        UiCommand::RenameEntity,
        UiCommand::MergeEntity,
        UiCommand::SplitMention,
        UiCommand::DeleteEntity,
        UiCommand::MentionFromSelection,
        UiCommand::CueFromSelection,
        UiCommand::EditNote,
        UiCommand::CycleFlag,
        UiCommand::Find,
        UiCommand::FindNext,
        UiCommand::FindPrevious,
        UiCommand::FindSpeaker,
        UiCommand::NextDoubtful,
        UiCommand::ConfirmAllAbove,
        UiCommand::FirstQuote,
        UiCommand::LastQuote,
        UiCommand::PageUp,
        UiCommand::PageDown,
        UiCommand::Escape,
        UiCommand::ShowKeys,
        UiCommand::ShowGuide,
        UiCommand::PickCandidate(0),
        UiCommand::PickCandidate(1),
        UiCommand::PickCandidate(2),
        UiCommand::PickCandidate(3),
        UiCommand::PickCandidate(4),
        UiCommand::PickCandidate(5),
        UiCommand::PickCandidate(6),
        UiCommand::PickCandidate(7),
        UiCommand::PickCandidate(8),
        UiCommand::PreviousArticle,
        UiCommand::NextArticle,
        UiCommand::NextUnfinished,
        UiCommand::ChooseOutputFolder,
        UiCommand::Statistics,
        UiCommand::ExportCorpus,
        UiCommand::CloseQueue,
        UiCommand::NextDisagreement,
        UiCommand::PreviousDisagreement,
        UiCommand::TakeA,
        UiCommand::TakeB,
        UiCommand::EditDisagreement,
        UiCommand::CompareQueue,
    ];

    /// What the command does now. Keys run it even when its button would be greyed out: the
    /// controller ignores what cannot apply, and A without a selection says how to select.
    /// `None` when there is nothing to act on (an entity command with no entity selected).
    pub fn cmd(self, review: &Controller) -> Option<Cmd> {
        use UiCommand as C;
        Some(match self {
            C::Open => Command::Request(Action::OpenDialog).into(),
            C::OpenSample => Command::Request(Action::OpenSample).into(),
            C::Save => Command::Save.into(),
            C::SaveAs => Command::SaveAs.into(),
            C::ExportCsv => Command::ExportCsv.into(),
            C::Quit => Command::Request(Action::Close).into(),
            C::Undo => Command::Undo.into(),
            C::Redo => Command::Redo.into(),
            C::AddQuote => Command::AddQuoteFromSelection.into(),
            C::AddEntity => Cmd::Dialog(Modal::new_entity(review, None)),
            C::PreviousQuote => Command::Move(-1).into(),
            C::NextQuote => Command::Move(1).into(),
            C::ConfirmAndNext => Command::ConfirmAndNext.into(),
            C::NoSpeaker => Command::ThenNext(Box::new(Command::NoSpeaker)).into(),
            C::Reject => Command::Reject.into(),
            C::NewSpeaker => Cmd::Dialog(Modal::new_entity(
                review,
                review.selected_quote().map(str::to_string),
            )),
            C::SpanFromSelection => Command::SpanFromSelection.into(),
            C::RenameEntity => match review.selected_entity_record() {
                Some(e) => Cmd::Dialog(Modal::Rename {
                    entity: e.id.clone(),
                    name: e.name.clone(),
                }),
                None => return None,
            },
            C::MergeEntity => match review.selected_entity() {
                Some(id) => Cmd::Dialog(Modal::Merge {
                    entity: id.to_string(),
                    into: None,
                }),
                None => return None,
            },
            C::SplitMention => match review.selected_entity() {
                Some(id) => Cmd::Dialog(Modal::Split {
                    entity: id.to_string(),
                    mention: None,
                }),
                None => return None,
            },
            C::DeleteEntity => match review.selected_entity() {
                Some(id) => Command::Edit(Edit::DeleteEntity {
                    entity: id.to_string(),
                })
                .into(),
                None => return None,
            },
            C::MentionFromSelection => Command::MentionFromSelection.into(),
            C::CueFromSelection => Command::CueFromSelection.into(),
            C::EditNote => Cmd::FocusNote,
            C::CycleFlag => {
                let q = review
                    .selected_quote()
                    .and_then(|id| review.document()?.quote(id))?;
                Command::Edit(Edit::SetFlag {
                    quote: q.id.clone(),
                    flag: next_flag(q.flag),
                })
                .into()
            }
            C::Find => Cmd::OpenSearch,
            C::FindNext => Command::SearchStep(true).into(),
            C::FindPrevious => Command::SearchStep(false).into(),
            C::FindSpeaker => Cmd::FocusPicker,
            C::NextDoubtful => Command::NextDoubtful.into(),
            C::ConfirmAllAbove => Command::ConfirmAllAbove.into(),
            C::FirstQuote => Command::MoveToEnd(false).into(),
            C::LastQuote => Command::MoveToEnd(true).into(),
            C::PageUp => Command::Move(-PAGE_ROWS).into(),
            C::PageDown => Command::Move(PAGE_ROWS).into(),
            C::Escape => Cmd::Escape,
            C::ShowKeys => Cmd::ShowKeys,
            C::ShowGuide => Cmd::ShowGuide,
            C::PickCandidate(n) => Cmd::PickCandidate(n as usize),
            C::OpenFolder => QueueCommand::OpenFolderDialog.into(),
            C::NextArticle => QueueCommand::NextArticle.into(),
            C::PreviousArticle => QueueCommand::PreviousArticle.into(),
            C::NextUnfinished => QueueCommand::NextUnfinished.into(),
            C::ChooseOutputFolder => QueueCommand::ChooseOutputFolder.into(),
            C::Statistics => QueueCommand::ShowStats.into(),
            C::ExportCorpus => QueueCommand::ExportCorpus.into(),
            C::CloseQueue => QueueCommand::CloseQueue.into(),
            C::Import => Command::Request(Action::ImportDialog).into(),
            C::ExportAs(format) => Command::ExportAs(format).into(),
            C::CompareWith => Command::Request(Action::CompareDialog).into(),
            C::NextDisagreement => Command::Adjudication(AdjudicationCommand::Next).into(),
            C::PreviousDisagreement => Command::Adjudication(AdjudicationCommand::Previous).into(),
            C::TakeA => Command::Adjudication(AdjudicationCommand::Take {
                index: None,
                side: Side::A,
            })
            .into(),
            C::TakeB => Command::Adjudication(AdjudicationCommand::Take {
                index: None,
                side: Side::B,
            })
            .into(),
            C::EditDisagreement => Command::Adjudication(AdjudicationCommand::Edit(None)).into(),
            C::CompareQueue => {
                Command::Adjudication(AdjudicationCommand::ChooseSecondFolder).into()
            }
        })
    }

    /// Whether the command can do anything now (menu items and buttons are greyed out
    /// otherwise).
    pub fn enabled(self, review: &Controller) -> bool {
        let doc = review.open_doc();
        use UiCommand as C;
        match self {
            C::Open
            | C::OpenSample
            | C::Quit
            | C::Escape
            | C::ShowKeys
            | C::ShowGuide
            | C::OpenFolder => true,
            C::NextArticle
            | C::PreviousArticle
            | C::NextUnfinished
            | C::ChooseOutputFolder
            | C::Statistics
            | C::ExportCorpus
            | C::CloseQueue => review.queue().is_some(),
            C::Import => true,
            C::ExportAs(_) | C::CompareWith => doc.is_some(),
            C::CompareQueue => review.queue().is_some(),
            C::NextDisagreement | C::PreviousDisagreement | C::TakeA | C::TakeB => {
                review.adjudication().is_some()
            }
            C::EditDisagreement => review.adjudication().is_some_and(|a| a.current().is_some()),
            C::FindNext | C::FindPrevious => review.search().is_some_and(|s| !s.hits.is_empty()),
            C::MentionFromSelection | C::CueFromSelection => {
                review.selected_quote().is_some() && review.text_selection().is_some()
            }
            C::EditNote | C::CycleFlag | C::FindSpeaker => review.selected_quote().is_some(),
            C::Find
            | C::NextDoubtful
            | C::ConfirmAllAbove
            | C::FirstQuote
            | C::LastQuote
            | C::PageUp
            | C::PageDown => doc.is_some(),
            C::Save | C::SaveAs | C::ExportCsv | C::AddEntity => doc.is_some(),
            C::Undo => review.can_undo(),
            C::Redo => review.can_redo(),
            C::AddQuote | C::SpanFromSelection => review.text_selection().is_some(),
            C::RenameEntity | C::MergeEntity | C::DeleteEntity => {
                review.selected_entity_record().is_some()
            }
            C::SplitMention => review
                .selected_entity_record()
                .is_some_and(|e| e.mentions.len() > 1),
            C::PreviousQuote
            | C::NextQuote
            | C::ConfirmAndNext
            | C::NoSpeaker
            | C::Reject
            | C::NewSpeaker
            | C::PickCandidate(_) => doc.is_some(),
        }
    }
}

/// The flag after `flag` in the order F steps through, back to none after the last.
pub fn next_flag(flag: Option<QuoteFlag>) -> Option<QuoteFlag> {
    let all = QuoteFlag::ALL;
    match flag {
        None => Some(all[0]),
        Some(f) => all
            .iter()
            .position(|&x| x == f)
            .and_then(|i| all.get(i + 1).copied()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_has_a_name_label_and_help() {
        let mut names = std::collections::HashSet::new();
        for c in UiCommand::ALL {
            let spec = c.spec();
            assert!(!spec.label.is_empty() && !spec.help.is_empty(), "{c:?}");
            if !matches!(c, UiCommand::PickCandidate(_)) {
                assert!(names.insert(spec.name), "{} twice", spec.name);
            }
        }
    }

    /// Every menu item has a key, or a button the Tab key reaches (the entity buttons, the
    /// speaker panel's, the start screen's).
    #[test]
    fn every_menu_command_has_a_key_or_a_button() {
        let buttons = [
            UiCommand::OpenSample,
            UiCommand::AddEntity,
            UiCommand::NewSpeaker,
            UiCommand::MergeEntity,
            UiCommand::SplitMention,
            UiCommand::DeleteEntity,
            // The queue panel's buttons.
            UiCommand::ChooseOutputFolder,
            UiCommand::Statistics,
            UiCommand::ExportCorpus,
            UiCommand::CloseQueue,
        ];
        for c in UiCommand::ALL {
            let spec = c.spec();
            if spec.menu.is_some() && spec.keys.is_empty() {
                assert!(
                    buttons.contains(&c),
                    "{} has neither a key nor a button",
                    spec.name
                );
            }
        }
    }

    #[test]
    fn no_key_means_two_commands() {
        let mut seen = std::collections::HashMap::new();
        for c in UiCommand::ALL {
            for k in c.spec().keys {
                if let Some(other) = seen.insert((k.modifiers, k.logical_key), c) {
                    panic!("{k:?} is both {other:?} and {c:?}");
                }
            }
        }
    }
}
