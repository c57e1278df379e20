//! The dialogs: the controller's questions (unsaved changes, recovery, the file browser) and the
//! entity dialogs (rename, merge, split a mention, new entity). Each answer is a command.

use egui::{Context, Id, RichText};

use crate::document::model::{EntityType, Span};
use crate::edit::{Edit, NEW_ENTITY};
use crate::review::{Action, Command, Controller, Question};

use super::app::Cmd;
use super::file_browser::FileBrowserPanel;
use super::quote_table::shorten;

/// An entity dialog and its unfinished input.
#[derive(Debug, Clone, PartialEq)]
pub enum Modal {
    /// Rename an entity.
    Rename {
        /// The entity.
        entity: String,
        /// The name being typed.
        name: String,
    },
    /// Merge an entity into another.
    Merge {
        /// The entity merged away.
        entity: String,
        /// The entity that stays, once chosen.
        into: Option<String>,
    },
    /// Split a mention out of an entity.
    Split {
        /// The entity.
        entity: String,
        /// Index of the chosen mention.
        mention: Option<usize>,
    },
    /// Add an entity, optionally as the speaker of a quote.
    AddEntity {
        /// The name being typed.
        name: String,
        /// Its type.
        entity_type: EntityType,
        /// The article selection, which becomes its mention.
        mention: Option<Span>,
        /// Make it the speaker of this quote.
        for_quote: Option<String>,
    },
}

impl Modal {
    /// The dialog for a new entity, named after the article selection when there is one.
    pub fn new_entity(review: &Controller, for_quote: Option<String>) -> Modal {
        let selection = review
            .open_doc()
            .zip(review.text_selection())
            .map(|(d, (s, e))| d.doc().span(s, e));
        Modal::AddEntity {
            name: selection
                .as_ref()
                .map(|s| s.text.trim().to_string())
                .unwrap_or_default(),
            entity_type: EntityType::Person,
            mention: selection,
            for_quote,
        }
    }
}

/// The dialog layer: the open entity dialog, and the in-window file browser's widget state.
#[derive(Debug, Default)]
pub struct Dialogs {
    /// The open entity dialog, if any.
    pub open: Option<Modal>,
    /// The file browser shown where the system has no file dialog.
    browser: FileBrowserPanel,
}

impl Dialogs {
    /// Shows the controller's question, or else the open entity dialog; returns the answer.
    pub fn show(&mut self, ctx: &Context, review: &Controller) -> Vec<Cmd> {
        if !matches!(review.question(), Some(Question::Browse { .. })) {
            // The next browser starts afresh (focus, location text).
            self.browser = FileBrowserPanel::default();
        }
        match review.question() {
            Some(Question::Browse { browser, .. }) => self
                .browser
                .show(ctx, browser)
                .into_iter()
                .map(Cmd::Review)
                .collect(),
            Some(question) => question_dialog(ctx, review, question),
            None => {
                let Some(mut modal) = self.open.take() else {
                    return Vec::new();
                };
                let (keep, cmds) = entity_dialog(ctx, review, &mut modal);
                if keep && self.open.is_none() {
                    self.open = Some(modal);
                }
                cmds
            }
        }
    }
}

fn modal_ui(ctx: &Context, add: impl FnOnce(&mut egui::Ui)) -> bool {
    egui::Modal::new(Id::unique("review-dialog"))
        .show(ctx, |ui| {
            ui.set_max_width(460.0);
            add(ui);
        })
        .should_close()
}

/// The controller's question as a dialog; every way out of it is a command.
fn question_dialog(ctx: &Context, review: &Controller, question: &Question) -> Vec<Cmd> {
    let mut cmds: Vec<Command> = Vec::new();
    let closed = modal_ui(ctx, |ui| match question {
        Question::Unsaved(action) => {
            let what = match action {
                Action::Close => "closing",
                _ => "opening another file",
            };
            let name = review.save_target_name();
            ui.heading("Unsaved changes");
            ui.label(format!("Save your changes to {name} before {what}?"));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    cmds.push(Command::ResolveUnsaved { save: true });
                }
                if ui.button("Discard").clicked() {
                    cmds.push(Command::ResolveUnsaved { save: false });
                }
                if ui.button("Cancel").clicked() {
                    cmds.push(Command::DismissQuestion);
                }
            });
            ui.add_space(2.0);
            ui.weak(RichText::new("Esc cancels").small());
        }
        Question::ConfirmAll { threshold, count } => {
            ui.heading(format!("Confirm {count} quotes?"));
            ui.label(format!(
                "Every unreviewed quote with a confidence of {threshold:.2} or more will be \
                 confirmed as it is: {count} quotes. One Ctrl+Z undoes it."
            ));
            ui.add_space(8.0);
            let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.horizontal(|ui| {
                if ui.button(format!("Confirm {count}")).clicked() || enter {
                    cmds.push(Command::ResolveConfirmAll);
                }
                if ui.button("Cancel").clicked() {
                    cmds.push(Command::DismissQuestion);
                }
            });
            ui.add_space(2.0);
            ui.weak(RichText::new("Enter confirms, Esc cancels").small());
        }
        Question::Recover(leftovers) => {
            ui.heading("Restore unsaved work?");
            ui.label("The window closed before this work was saved:");
            ui.add_space(6.0);
            for l in leftovers {
                let file = l
                    .file
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| "an article without a file".into());
                ui.group(|ui| {
                    ui.label(RichText::new(file).strong());
                    ui.weak(format!(
                        "snapshot of {}, {} of {} quotes reviewed",
                        l.saved_at, l.reviewed, l.quotes
                    ));
                    ui.horizontal(|ui| {
                        if ui.button("Restore").clicked() {
                            cmds.push(Command::RestoreSnapshot(l.id.clone()));
                        }
                        if ui.button("Discard snapshot").clicked() {
                            cmds.push(Command::DiscardSnapshot(l.id.clone()));
                        }
                    });
                });
            }
            ui.add_space(4.0);
            if ui.button("Decide later").clicked() {
                cmds.push(Command::DismissQuestion);
            }
        }
        Question::File(question) => {
            cmds.extend(super::queue_panel::file_question(ui, question));
        }
        // Shown by the file browser panel instead (see `Dialogs::show`).
        Question::Browse { .. } => {}
    });
    if closed && cmds.is_empty() {
        cmds.push(Command::DismissQuestion);
    }
    cmds.into_iter().map(Cmd::Review).collect()
}

/// An entity dialog; returns whether it stays open, and the commands it gave.
fn entity_dialog(ctx: &Context, review: &Controller, modal: &mut Modal) -> (bool, Vec<Cmd>) {
    let mut cmds: Vec<Command> = Vec::new();
    let mut done = false;
    let doc = review.document();
    // Enter submits whichever dialog is open (when it can), Esc cancels it (egui's Modal).
    let enter = ctx.input(|i| i.key_pressed(egui::Key::Enter));
    let closed = modal_ui(ctx, |ui| match modal {
        Modal::Rename { entity, name } => {
            ui.heading("Rename entity");
            let label = ui.label("New name:");
            let edit = ui.text_edit_singleline(name).labelled_by(label.id);
            edit.request_focus();
            ui.horizontal(|ui| {
                if ui.button("Rename").clicked() || (enter && !name.trim().is_empty()) {
                    cmds.push(Command::Edit(Edit::RenameEntity {
                        entity: entity.clone(),
                        name: name.clone(),
                    }));
                    done = true;
                }
                if ui.button("Cancel").clicked() {
                    done = true;
                }
            });
        }
        Modal::Merge { entity, into } => {
            let Some(d) = doc else {
                done = true;
                return;
            };
            let name = d.entity(entity).map(|e| e.name.clone()).unwrap_or_default();
            ui.heading("Merge entities");
            ui.label(format!(
                "Merge \"{name}\" into another entity. Its mentions and quotes move there."
            ));
            let chosen = into
                .as_deref()
                .and_then(|id| d.entity(id))
                .map(|e| e.name.clone())
                .unwrap_or_else(|| "choose...".into());
            egui::ComboBox::new("merge-into", "Merge into")
                .selected_text(shorten(&chosen, 30))
                .width(220.0)
                .show_ui(ui, |ui| {
                    for e in d.entities.iter().filter(|e| e.id != *entity) {
                        ui.selectable_value(
                            into,
                            Some(e.id.clone()),
                            format!("{} ({})", e.name, e.entity_type.label()),
                        );
                    }
                });
            ui.horizontal(|ui| {
                if (ui
                    .add_enabled(into.is_some(), egui::Button::new("Merge"))
                    .clicked()
                    || enter)
                    && let Some(kept) = into.clone()
                {
                    cmds.push(Command::Edit(Edit::MergeEntities {
                        kept: kept.clone(),
                        absorbed: entity.clone(),
                    }));
                    cmds.push(Command::SelectEntity(Some(kept)));
                    done = true;
                }
                if ui.button("Cancel").clicked() {
                    done = true;
                }
            });
        }
        Modal::Split { entity, mention } => {
            let Some(e) = doc.and_then(|d| d.entity(entity)) else {
                done = true;
                return;
            };
            ui.heading("Split a mention out");
            ui.label(format!(
                "Which mention of \"{}\" is someone else? It becomes a new entity.",
                e.name
            ));
            egui::ScrollArea::vertical()
                .max_height(260.0)
                .show(ui, |ui| {
                    for (i, m) in e.mentions.iter().enumerate() {
                        ui.selectable_value(
                            mention,
                            Some(i),
                            format!("\"{}\" at {}", shorten(&m.text, 40), m.start),
                        );
                    }
                });
            ui.horizontal(|ui| {
                if (ui
                    .add_enabled(mention.is_some(), egui::Button::new("Split out"))
                    .clicked()
                    || enter)
                    && let Some(m) = mention.and_then(|i| e.mentions.get(i))
                {
                    cmds.push(Command::Edit(Edit::SplitMention {
                        entity: entity.clone(),
                        mention: m.clone(),
                    }));
                    done = true;
                }
                if ui.button("Cancel").clicked() {
                    done = true;
                }
            });
        }
        Modal::AddEntity {
            name,
            entity_type,
            mention,
            for_quote,
        } => {
            ui.heading(if for_quote.is_some() {
                "New speaker"
            } else {
                "New entity"
            });
            let label = ui.label("Name:");
            let edit = ui.text_edit_singleline(name).labelled_by(label.id);
            if name.is_empty() {
                edit.request_focus();
            }
            egui::ComboBox::new("new-entity-type", "Type")
                .selected_text(entity_type.label())
                .show_ui(ui, |ui| {
                    for t in EntityType::ALL {
                        ui.selectable_value(entity_type, t, t.label());
                    }
                });
            match mention {
                Some(m) => ui.weak(format!("Mention: \"{}\"", shorten(&m.text, 40))),
                None => ui.weak(
                    "Tip: select the name in the article first to record where it is mentioned.",
                ),
            };
            ui.horizontal(|ui| {
                let ok = !name.trim().is_empty();
                if ui.add_enabled(ok, egui::Button::new("Add")).clicked() || (enter && ok) {
                    let add = Edit::AddEntity {
                        name: name.clone(),
                        entity_type: *entity_type,
                        mentions: mention.iter().cloned().collect(),
                    };
                    let edit = match for_quote {
                        Some(q) => Edit::Batch(vec![
                            add,
                            Edit::SetSpeaker {
                                quote: q.clone(),
                                speaker: Some(NEW_ENTITY.into()),
                                mention: mention.clone(),
                            },
                        ]),
                        None => add,
                    };
                    cmds.push(Command::Edit(edit));
                    done = true;
                }
                if ui.button("Cancel").clicked() {
                    done = true;
                }
            });
        }
    });
    let keep = !done && !closed;
    (keep, cmds.into_iter().map(Cmd::Review).collect())
}
