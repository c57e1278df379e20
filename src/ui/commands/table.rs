//! The rows of the command table: each command's name, label, help line, keys and menu place.

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::exchange::Format;

use super::{Menu, Spec, UiCommand};

const fn key(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, key)
}

const fn ctrl(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, key)
}

const fn shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::SHIFT, key)
}

const fn alt(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::ALT, key)
}

const fn ctrl_alt(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::ALT), key)
}

const fn ctrl_shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), key)
}

const DIGITS: [Key; 9] = [
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

static PICK_KEYS: [[KeyboardShortcut; 1]; 9] = [
    [key(DIGITS[0])],
    [key(DIGITS[1])],
    [key(DIGITS[2])],
    [key(DIGITS[3])],
    [key(DIGITS[4])],
    [key(DIGITS[5])],
    [key(DIGITS[6])],
    [key(DIGITS[7])],
    [key(DIGITS[8])],
];

impl UiCommand {
    /// The command's row in the table.
    pub fn spec(self) -> Spec {
        let spec = |name, label, help, keys, menu, while_typing| Spec {
            name,
            label,
            help,
            keys,
            menu,
            while_typing,
        };
        use UiCommand as C;
        match self {
            C::Open => spec(
                "open",
                "Open...",
                "Open an article (.txt, .html) or a review file (.json)",
                const { &[ctrl(Key::O)] },
                Some((Menu::File, 0)),
                true,
            ),
            C::OpenSample => spec(
                "open-sample",
                "Open sample article",
                "Open the article that comes with article-review",
                &[],
                Some((Menu::File, 0)),
                true,
            ),
            C::Save => spec(
                "save",
                "Save",
                "Save the review (the first time, ask where)",
                const { &[ctrl(Key::S)] },
                Some((Menu::File, 1)),
                true,
            ),
            C::SaveAs => spec(
                "save-as",
                "Save As...",
                "Save the review under a new name",
                const { &[ctrl_shift(Key::S)] },
                Some((Menu::File, 1)),
                true,
            ),
            C::ExportCsv => spec(
                "export-csv",
                "Export quotes as CSV...",
                "Write the quote table as CSV for spreadsheets",
                const { &[ctrl(Key::E)] },
                Some((Menu::File, 1)),
                true,
            ),
            C::Quit => spec(
                "quit",
                "Quit",
                "Close the window (asking about unsaved changes)",
                const { &[ctrl(Key::Q)] },
                Some((Menu::File, 2)),
                true,
            ),
            C::Undo => spec(
                "undo",
                "Undo",
                "Undo the last change",
                const { &[ctrl(Key::Z)] },
                Some((Menu::Edit, 0)),
                false,
            ),
            C::Redo => spec(
                "redo",
                "Redo",
                "Redo the change just undone",
                const { &[ctrl_shift(Key::Z), ctrl(Key::Y)] },
                Some((Menu::Edit, 0)),
                false,
            ),
            C::AddQuote => spec(
                "add-quote",
                "Add quote",
                "Add the selected article text as a quote",
                const { &[key(Key::A)] },
                Some((Menu::Edit, 1)),
                false,
            ),
            C::AddEntity => spec(
                "add-entity",
                "Add entity...",
                "Add an entity the extractor missed",
                &[],
                Some((Menu::Edit, 1)),
                false,
            ),
            C::PreviousQuote => spec(
                "previous-quote",
                "Previous quote",
                "Select the previous quote in the table",
                const { &[key(Key::ArrowUp), key(Key::K)] },
                Some((Menu::Review, 0)),
                false,
            ),
            C::NextQuote => spec(
                "next-quote",
                "Next quote",
                "Select the next quote in the table",
                const { &[key(Key::ArrowDown), key(Key::J)] },
                Some((Menu::Review, 0)),
                false,
            ),
            C::ConfirmAndNext => spec(
                "confirm",
                "Confirm",
                "Keep this attribution and go to the next unreviewed quote",
                const { &[key(Key::Enter)] },
                Some((Menu::Review, 1)),
                false,
            ),
            C::NoSpeaker => spec(
                "no-speaker",
                "No speaker",
                "The text names nobody for this quote; on to the next unreviewed one",
                const { &[key(Key::N)] },
                Some((Menu::Review, 1)),
                false,
            ),
            C::Reject => spec(
                "reject",
                "Reject",
                "This is not a quote; on to the next unreviewed one",
                const { &[key(Key::Delete)] },
                Some((Menu::Review, 1)),
                false,
            ),
            C::NewSpeaker => spec(
                "new-speaker",
                "New entity...",
                "A speaker the extractor missed",
                &[],
                Some((Menu::Review, 1)),
                false,
            ),
            C::SpanFromSelection => spec(
                "span-from-selection",
                "Span from selection",
                "Move the quote's bounds to the text selected in the article",
                const { &[key(Key::B)] },
                Some((Menu::Review, 2)),
                false,
            ),
            C::RenameEntity => spec(
                "rename-entity",
                "Rename entity...",
                "Give the selected entity another name",
                const { &[key(Key::F2)] },
                Some((Menu::Edit, 2)),
                false,
            ),
            C::MergeEntity => spec(
                "merge-entity",
                "Merge entity...",
                "Merge the selected entity into another one; its mentions and quotes follow",
                &[],
                Some((Menu::Edit, 2)),
                false,
            ),
            C::SplitMention => spec(
                "split-mention",
                "Split mention...",
                "Move one mention of the selected entity out into an entity of its own",
                &[],
                Some((Menu::Edit, 2)),
                false,
            ),
            C::DeleteEntity => spec(
                "delete-entity",
                "Delete entity",
                "Not an entity: remove it; its quotes become unattributed (Ctrl+Z undoes)",
                &[],
                Some((Menu::Edit, 2)),
                false,
            ),
            C::MentionFromSelection => spec(
                "mention-from-selection",
                "Speaker mention from selection",
                "The words selected in the article name the speaker (a name, \"he\", \"the envoy\")",
                const { &[key(Key::M)] },
                Some((Menu::Review, 2)),
                false,
            ),
            C::CueFromSelection => spec(
                "cue-from-selection",
                "Cue from selection",
                "The words selected in the article are the cue (\"said\", \"told reporters\")",
                const { &[key(Key::C)] },
                Some((Menu::Review, 2)),
                false,
            ),
            C::EditNote => spec(
                "edit-note",
                "Edit note",
                "Write why the quote is wrong or needs checking (Tab or Esc leaves the note)",
                const { &[key(Key::E)] },
                Some((Menu::Review, 3)),
                false,
            ),
            C::CycleFlag => spec(
                "cycle-flag",
                "Next flag",
                "Flag the quote: needs-check, misattributed, not-a-quote, fabricated, none",
                const { &[key(Key::F)] },
                Some((Menu::Review, 3)),
                false,
            ),
            C::Find => spec(
                "find",
                "Find in article...",
                "Search the article, within quotes or within one speaker's quotes",
                const { &[ctrl(Key::F)] },
                Some((Menu::Edit, 3)),
                true,
            ),
            C::FindNext => spec(
                "find-next",
                "Next match",
                "Go to the next search match (Enter in the search field too)",
                const { &[key(Key::F3)] },
                Some((Menu::Edit, 3)),
                true,
            ),
            C::FindPrevious => spec(
                "find-previous",
                "Previous match",
                "Go to the previous search match",
                const { &[shift(Key::F3)] },
                Some((Menu::Edit, 3)),
                true,
            ),
            C::FindSpeaker => spec(
                "find-speaker",
                "Find speaker",
                "Type a name to pick any entity as the speaker: Up/Down choose, Enter picks or creates a person",
                const { &[key(Key::S)] },
                Some((Menu::Review, 1)),
                false,
            ),
            C::NextDoubtful => spec(
                "next-doubtful",
                "Next doubtful quote",
                "Go to the next unreviewed quote under the confidence threshold",
                const { &[key(Key::D)] },
                Some((Menu::Review, 0)),
                false,
            ),
            C::ConfirmAllAbove => spec(
                "confirm-all-above",
                "Confirm all above threshold...",
                "Confirm every unreviewed quote at or above the threshold, in one undoable step (asks first)",
                const { &[shift(Key::Enter)] },
                Some((Menu::Review, 1)),
                false,
            ),
            C::FirstQuote => spec(
                "first-quote",
                "First quote",
                "Select the first quote in the table",
                const { &[key(Key::Home)] },
                Some((Menu::Review, 0)),
                false,
            ),
            C::LastQuote => spec(
                "last-quote",
                "Last quote",
                "Select the last quote in the table",
                const { &[key(Key::End)] },
                Some((Menu::Review, 0)),
                false,
            ),
            C::PageUp => spec(
                "page-up",
                "Page up",
                "Move ten quotes up in the table",
                const { &[key(Key::PageUp)] },
                None,
                false,
            ),
            C::PageDown => spec(
                "page-down",
                "Page down",
                "Move ten quotes down in the table",
                const { &[key(Key::PageDown)] },
                None,
                false,
            ),
            C::Escape => spec(
                "escape",
                "Close",
                "Close the search, else the message at the top",
                const { &[key(Key::Escape)] },
                None,
                true,
            ),
            C::ShowKeys => spec(
                "show-keys",
                "Keys",
                "List every key",
                const { &[key(Key::Questionmark)] },
                Some((Menu::Help, 0)),
                false,
            ),
            C::ShowGuide => spec(
                "show-guide",
                "Annotation guide",
                "What counts as a quote, its kind, its speaker, when to reject, what the flags mean",
                const { &[key(Key::F1)] },
                Some((Menu::Help, 0)),
                true,
            ),
            C::Import => spec(
                "import",
                "Import...",
                "Open a brat .ann/.txt pair, Label Studio JSON, doccano JSONL or CoNLL file as a review (the format is found from the file)",
                const { &[ctrl(Key::I)] },
                Some((Menu::File, 0)),
                true,
            ),
            C::ExportAs(format) => {
                let (name, label, help) = match format {
                    Format::Brat => (
                        "export-brat",
                        "brat standoff (.ann + .txt)...",
                        "Write the text and the entities, quotes, sources and cues as brat standoff, as PolNeAR ships it",
                    ),
                    Format::LabelStudio => (
                        "export-label-studio",
                        "Label Studio JSON...",
                        "Write a Label Studio task: spans and quote-to-speaker relations as annotations",
                    ),
                    Format::Doccano => (
                        "export-doccano",
                        "doccano JSONL...",
                        "Write doccano JSONL: the text and labelled spans",
                    ),
                    Format::Conll | Format::Review => (
                        "export-conll",
                        "CoNLL BIO (entities)...",
                        "Write the entities as CoNLL BIO tags, one token per line, for training other taggers",
                    ),
                };
                // Drawn in File > Export as (`exchange_menu`), not as items of their own.
                spec(name, label, help, &[], None, true)
            }
            C::CompareWith => spec(
                "compare-with",
                "Compare with...",
                "Open another reviewer's file of this article and settle the disagreements into a new review",
                const { &[ctrl_shift(Key::D)] },
                Some((Menu::File, 0)),
                true,
            ),
            C::CompareQueue => spec(
                "compare-queue",
                "Compare queue with folder...",
                "With a folder open as a queue: compare each article you open with the second reviewer's review of it in another folder (paired by the article's SHA-256, else the file name)",
                const { &[ctrl_alt(Key::D)] },
                Some((Menu::Queue, 9)),
                true,
            ),
            C::NextDisagreement => spec(
                "next-disagreement",
                "Next disagreement",
                "Adjudication: go to the next disagreement not yet settled",
                const { &[alt(Key::N)] },
                None,
                false,
            ),
            C::PreviousDisagreement => spec(
                "previous-disagreement",
                "Previous disagreement",
                "Adjudication: go to the previous disagreement",
                const { &[alt(Key::P)] },
                None,
                false,
            ),
            C::TakeA => spec(
                "take-a",
                "Take A",
                "Adjudication: settle this disagreement with review A's answer (Ctrl+Z undoes)",
                const { &[alt(Key::A)] },
                None,
                false,
            ),
            C::TakeB => spec(
                "take-b",
                "Take B",
                "Adjudication: settle this disagreement with review B's answer (Ctrl+Z undoes)",
                const { &[alt(Key::B)] },
                None,
                false,
            ),
            C::EditDisagreement => spec(
                "edit-disagreement",
                "Edit",
                "Adjudication: neither answer is right; select the quote and edit it, which settles the disagreement",
                const { &[alt(Key::E)] },
                None,
                false,
            ),
            C::PickCandidate(n) => spec(
                "pick-speaker",
                "Pick speaker",
                "Pick that speaker for the selected quote; on to the next unreviewed one",
                &PICK_KEYS[(n as usize).min(8)],
                None,
                false,
            ),
            C::OpenFolder => spec(
                "open-folder",
                "Open Folder...",
                "Open a folder of articles as a review queue",
                const { &[ctrl_shift(Key::O)] },
                Some((Menu::File, 0)),
                true,
            ),
            C::PreviousArticle => spec(
                "previous-article",
                "Previous article",
                "Open the previous article of the queue",
                const { &[ctrl(Key::PageUp)] },
                Some((Menu::Queue, 0)),
                true,
            ),
            C::NextArticle => spec(
                "next-article",
                "Next article",
                "Open the next article of the queue",
                const { &[ctrl(Key::PageDown)] },
                Some((Menu::Queue, 0)),
                true,
            ),
            C::NextUnfinished => spec(
                "next-unfinished",
                "Next unfinished",
                "Open the next article of the queue that is new or in progress",
                const { &[key(Key::F8)] },
                Some((Menu::Queue, 0)),
                true,
            ),
            C::ChooseOutputFolder => spec(
                "output-folder",
                "Save reviews in...",
                "Choose a folder for this queue's reviews (else they go beside the articles)",
                &[],
                Some((Menu::Queue, 1)),
                true,
            ),
            C::Statistics => spec(
                "statistics",
                "Statistics",
                "Charts of who is quoted across the queue's reviews, with CSV export",
                &[],
                Some((Menu::Queue, 2)),
                true,
            ),
            C::ExportCorpus => spec(
                "export-corpus",
                "Export all quotes...",
                "One row per quote across the queue's reviews, as CSV or JSON lines (.jsonl)",
                &[],
                Some((Menu::Queue, 2)),
                true,
            ),
            C::CloseQueue => spec(
                "close-queue",
                "Close queue",
                "Close the folder queue (the open article stays open)",
                &[],
                Some((Menu::Queue, 3)),
                true,
            ),
        }
    }
}
