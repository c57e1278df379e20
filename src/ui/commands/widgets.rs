//! The command table's widgets: buttons, menu items, the keys pressed this frame, the menus and
//! the list of keys, all made from the rows in `table.rs`.

use egui::{Key, KeyboardShortcut, Ui};

use crate::review::Controller;

use super::{Menu, UiCommand};
use crate::ui::app::Cmd;

impl UiCommand {
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

    /// A small button for the command (the queue panel's), with its key in the tooltip.
    pub fn small_button(self, ui: &mut Ui, review: &Controller) -> bool {
        let spec = self.spec();
        let help = match self.key_text(ui.ctx()) {
            Some(k) => format!("{} ({k})", spec.help),
            None => spec.help.to_string(),
        };
        ui.add_enabled(self.enabled(review), egui::Button::new(spec.label).small())
            .on_hover_text(help)
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
        Key::Questionmark => "?".to_string(),
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
