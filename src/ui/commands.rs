//! The command table: every command the reviewer can give, defined once with its name, label,
//! keys, help line and menu place. Key handling, the menus, the Help menu and the buttons'
//! tooltips are all made from it (the idea of rerun's `UICommand`).
//!
//! A new command is one variant, one row in [`UiCommand::spec`] and one arm in
//! [`UiCommand::cmd`]; everything else follows.

use egui::{Key, KeyboardShortcut, Modifiers, Ui};

use crate::edit::Edit;
use crate::review::{Action, Command, Controller};

use super::app::Cmd;
use super::dialogs::Modal;

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
    /// Pick the n-th (0-based) speaker candidate shown.
    PickCandidate(u8),
}

/// A menu of the menu bar that lists commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Menu {
    /// The File menu.
    File,
    /// The Edit menu.
    Edit,
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

const fn key(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, key)
}

const fn ctrl(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, key)
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
    /// Every command, in menu and help order; the speaker picks are one entry per key.
    pub const ALL: [UiCommand; 30] = [
        UiCommand::Open,
        UiCommand::OpenSample,
        UiCommand::Save,
        UiCommand::SaveAs,
        UiCommand::ExportCsv,
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
        UiCommand::PickCandidate(0),
        UiCommand::PickCandidate(1),
        UiCommand::PickCandidate(2),
        UiCommand::PickCandidate(3),
        UiCommand::PickCandidate(4),
        UiCommand::PickCandidate(5),
        UiCommand::PickCandidate(6),
        UiCommand::PickCandidate(7),
        UiCommand::PickCandidate(8),
    ];

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
                &[],
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
                None,
                false,
            ),
            C::NextQuote => spec(
                "next-quote",
                "Next quote",
                "Select the next quote in the table",
                const { &[key(Key::ArrowDown), key(Key::J)] },
                None,
                false,
            ),
            C::ConfirmAndNext => spec(
                "confirm",
                "Confirm",
                "Keep this attribution and go to the next unreviewed quote",
                const { &[key(Key::Enter)] },
                None,
                false,
            ),
            C::NoSpeaker => spec(
                "no-speaker",
                "No speaker",
                "The text names nobody for this quote",
                const { &[key(Key::N)] },
                None,
                false,
            ),
            C::Reject => spec(
                "reject",
                "Reject",
                "This is not a quote",
                const { &[key(Key::Delete)] },
                None,
                false,
            ),
            C::NewSpeaker => spec(
                "new-speaker",
                "New entity...",
                "A speaker the extractor missed",
                &[],
                None,
                false,
            ),
            C::SpanFromSelection => spec(
                "span-from-selection",
                "Span from selection",
                "Move the quote's bounds to the text selected in the article",
                &[],
                None,
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
            C::PickCandidate(n) => spec(
                "pick-speaker",
                "Pick speaker",
                "Pick that speaker for the selected quote",
                &PICK_KEYS[(n as usize).min(8)],
                None,
                false,
            ),
        }
    }

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
            C::NoSpeaker => Command::NoSpeaker.into(),
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
            C::PickCandidate(n) => Cmd::PickCandidate(n as usize),
        })
    }

    /// Whether the command can do anything now (menu items and buttons are greyed out
    /// otherwise).
    pub fn enabled(self, review: &Controller) -> bool {
        let doc = review.open_doc();
        use UiCommand as C;
        match self {
            C::Open | C::OpenSample | C::Quit => true,
            C::Save | C::SaveAs | C::ExportCsv | C::AddEntity => doc.is_some(),
            C::Undo => doc.is_some_and(|d| d.session.can_undo()),
            C::Redo => doc.is_some_and(|d| d.session.can_redo()),
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

    /// The first key as the reviewer reads it ("Ctrl+S", "Enter", "Del").
    pub fn key_text(self, ctx: &egui::Context) -> Option<String> {
        self.spec().keys.first().map(|k| shortcut_text(ctx, k))
    }

    /// A button for the command: its label with its key in brackets, its help line as the
    /// tooltip, greyed out when it cannot apply. Returns whether it was clicked.
    pub fn button(self, ui: &mut Ui, review: &Controller) -> bool {
        let spec = self.spec();
        let text = match self.key_text(ui.ctx()) {
            Some(k) => format!("{} ({k})", spec.label),
            None => spec.label.to_string(),
        };
        ui.add_enabled(self.enabled(review), egui::Button::new(text))
            .on_hover_text(spec.help)
            .clicked()
    }

    /// A menu item for the command, with its shortcut on the right.
    pub fn menu_item(self, ui: &mut Ui, review: &Controller) -> bool {
        let spec = self.spec();
        let mut button = egui::Button::new(spec.label);
        if let Some(k) = self.key_text(ui.ctx()) {
            button = button.shortcut_text(k);
        }
        ui.add_enabled(self.enabled(review), button).clicked()
    }
}

/// A key as the reviewer reads it: egui's "Ctrl+S" for chords, the key's name for plain keys
/// ("Down" rather than an arrow symbol the font may lack; "Del" to keep buttons short).
fn shortcut_text(ctx: &egui::Context, k: &KeyboardShortcut) -> String {
    if !k.modifiers.is_none() {
        return ctx.format_shortcut(k);
    }
    match k.logical_key {
        Key::Delete => "Del".to_string(),
        other => other.name().to_string(),
    }
}

/// The commands whose keys were pressed this frame. Keys with more modifiers are tried first,
/// so Ctrl+Shift+S is Save As and not also Save. Nothing while a dialog is open; while a text
/// field has the keyboard, only commands that work there.
pub fn pressed(ui: &Ui, typing: bool) -> Vec<UiCommand> {
    let mut keyed: Vec<(KeyboardShortcut, UiCommand)> = UiCommand::ALL
        .iter()
        .flat_map(|&c| c.spec().keys.iter().map(move |&k| (k, c)))
        .filter(|(_, c)| !typing || c.spec().while_typing)
        .collect();
    keyed.sort_by_key(|(k, _)| {
        let m = k.modifiers;
        std::cmp::Reverse(m.alt as u8 + m.shift as u8 + (m.ctrl || m.command || m.mac_cmd) as u8)
    });
    let mut pressed = Vec::new();
    ui.input_mut(|i| {
        for (k, c) in keyed {
            if i.consume_shortcut(&k) && !pressed.contains(&c) {
                pressed.push(c);
            }
        }
    });
    pressed
}

/// The menu items of `menu`, in table order with a line between groups; `after` adds more
/// items after a command (File > Open Recent after Open). Returns the commands chosen.
pub fn menu(
    ui: &mut Ui,
    review: &Controller,
    menu: Menu,
    mut after: impl FnMut(&mut Ui, UiCommand) -> Option<Cmd>,
) -> Vec<Cmd> {
    let mut cmds = Vec::new();
    let mut group = None;
    for c in UiCommand::ALL {
        let Some((m, g)) = c.spec().menu else {
            continue;
        };
        if m != menu {
            continue;
        }
        if group.is_some_and(|last| last != g) {
            ui.separator();
        }
        group = Some(g);
        if c.menu_item(ui, review) {
            cmds.extend(c.cmd(review));
        }
        cmds.extend(after(ui, c));
    }
    cmds
}

/// The Help menu: each command with keys, its keys and its help line.
pub fn help(ui: &mut Ui) {
    ui.label("Keys:");
    for c in UiCommand::ALL {
        let spec = c.spec();
        if spec.keys.is_empty() || matches!(c, UiCommand::PickCandidate(n) if n > 0) {
            continue;
        }
        let keys = if let UiCommand::PickCandidate(_) = c {
            "1-9".to_string()
        } else {
            spec.keys
                .iter()
                .map(|k| shortcut_text(ui.ctx(), k))
                .collect::<Vec<_>>()
                .join(" or ")
        };
        ui.weak(format!("{keys}: {}", spec.help));
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
