//! Modal dialogs: unsaved changes, rename, merge, split a mention, new entity.

use egui::{Context, Id, RichText};

use crate::document::model::{EntityType, Span};
use crate::edit::{Edit, NEW_ENTITY};

use std::path::PathBuf;

use super::app::{Action, Cmd, ReviewApp};
use super::file_dialogs::DialogPurpose;
use super::quote_table::shorten;

/// A snapshot of unsaved work left by an earlier session.
#[derive(Debug, Clone, PartialEq)]
pub struct Leftover {
    /// The snapshot id.
    pub id: String,
    /// The file the work belongs to.
    pub file: Option<std::path::PathBuf>,
    /// When it was written (RFC 3339).
    pub saved_at: String,
    /// Number of quotes in it.
    pub quotes: usize,
    /// Number of them reviewed.
    pub reviewed: usize,
}

/// An open dialog and its unfinished input.
#[derive(Debug, Clone, PartialEq)]
pub enum Modal {
    /// "Save changes?" before an action that would lose them.
    Unsaved(Action),
    /// Unsaved work from an earlier session: restore or discard.
    Recover(Vec<Leftover>),
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
    /// Ask for a file path in the window, where no system file dialog can be shown.
    PathPrompt {
        /// What the file is for.
        purpose: DialogPurpose,
        /// What to do after saving.
        then: Option<Action>,
        /// The path being typed.
        path: String,
    },
}

/// A typed path as the file system needs it: surrounding blanks dropped, `~` for the home
/// folder.
pub fn typed_path(typed: &str) -> Option<PathBuf> {
    let typed = typed.trim();
    if typed.is_empty() {
        return None;
    }
    if let Some(rest) = typed.strip_prefix("~/").or((typed == "~").then_some(""))
        && let Some(home) = dirs::home_dir()
    {
        return Some(home.join(rest));
    }
    Some(PathBuf::from(typed))
}

enum Outcome {
    Keep,
    Close,
    Unsaved { save: bool },
    Restore(String),
    DiscardSnapshot(String),
}

/// Shows the open dialog, if any.
pub fn show(app: &mut ReviewApp, ctx: &Context) {
    let Some(mut modal) = app.modal.take() else {
        return;
    };
    let mut outcome = Outcome::Keep;
    let mut cmds: Vec<Cmd> = Vec::new();
    let doc = app.doc.as_ref().map(|d| d.session.doc());
    let doc_name = app.doc.as_ref().map(|d| d.name.clone()).unwrap_or_default();
    let response = egui::Modal::new(Id::unique("review-dialog")).show(ctx, |ui| {
        ui.set_max_width(460.0);
        match &mut modal {
            Modal::Unsaved(action) => {
                let what = match action {
                    Action::Close => "closing",
                    _ => "opening another file",
                };
                ui.heading("Unsaved changes");
                ui.label(format!(
                    "Save your changes to {doc_name} before {what}?"
                ));
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button("Save").clicked() {
                        outcome = Outcome::Unsaved { save: true };
                    }
                    if ui.button("Discard").clicked() {
                        outcome = Outcome::Unsaved { save: false };
                    }
                    if ui.button("Cancel").clicked() {
                        outcome = Outcome::Close;
                    }
                });
            }
            Modal::Recover(leftovers) => {
                ui.heading("Restore unsaved work?");
                ui.label("The window closed before this work was saved:");
                ui.add_space(6.0);
                for l in leftovers.iter() {
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
                                outcome = Outcome::Restore(l.id.clone());
                            }
                            if ui.button("Discard snapshot").clicked() {
                                outcome = Outcome::DiscardSnapshot(l.id.clone());
                            }
                        });
                    });
                }
                ui.add_space(4.0);
                if ui.button("Decide later").clicked() {
                    outcome = Outcome::Close;
                }
            }
            Modal::Rename { entity, name } => {
                ui.heading("Rename entity");
                let label = ui.label("New name:");
                let edit = ui.text_edit_singleline(name).labelled_by(label.id);
                edit.request_focus();
                let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                ui.horizontal(|ui| {
                    if ui.button("Rename").clicked() || enter {
                        cmds.push(Cmd::Edit(Edit::RenameEntity {
                            entity: entity.clone(),
                            name: name.clone(),
                        }));
                        outcome = Outcome::Close;
                    }
                    if ui.button("Cancel").clicked() {
                        outcome = Outcome::Close;
                    }
                });
            }
            Modal::Merge { entity, into } => {
                let Some(d) = doc else {
                    outcome = Outcome::Close;
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
                    if ui
                        .add_enabled(into.is_some(), egui::Button::new("Merge"))
                        .clicked()
                        && let Some(kept) = into.clone()
                    {
                        cmds.push(Cmd::Edit(Edit::MergeEntities {
                            kept: kept.clone(),
                            absorbed: entity.clone(),
                        }));
                        cmds.push(Cmd::SelectEntity(Some(kept)));
                        outcome = Outcome::Close;
                    }
                    if ui.button("Cancel").clicked() {
                        outcome = Outcome::Close;
                    }
                });
            }
            Modal::Split { entity, mention } => {
                let Some(e) = doc.and_then(|d| d.entity(entity)) else {
                    outcome = Outcome::Close;
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
                    if ui
                        .add_enabled(mention.is_some(), egui::Button::new("Split out"))
                        .clicked()
                        && let Some(m) = mention.and_then(|i| e.mentions.get(i))
                    {
                        cmds.push(Cmd::Edit(Edit::SplitMention {
                            entity: entity.clone(),
                            mention: m.clone(),
                        }));
                        outcome = Outcome::Close;
                    }
                    if ui.button("Cancel").clicked() {
                        outcome = Outcome::Close;
                    }
                });
            }
            Modal::PathPrompt {
                purpose,
                then,
                path,
            } => {
                let (title, verb) = match purpose {
                    DialogPurpose::Open => ("Open a file", "Open"),
                    DialogPurpose::SaveReview => ("Save the review", "Save"),
                    DialogPurpose::ExportCsv => ("Export quotes as CSV", "Export"),
                };
                ui.heading(title);
                ui.label(
                    "No system file dialog is available here (it needs xdg-desktop-portal or \
                     zenity). Type the file's path instead:",
                );
                let label = ui.label("File path:");
                let edit = ui
                    .add(egui::TextEdit::singleline(path).desired_width(440.0))
                    .labelled_by(label.id);
                if !edit.has_focus() && !edit.lost_focus() {
                    edit.request_focus();
                }
                let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                let chosen = typed_path(path);
                let is_folder = chosen.as_ref().is_some_and(|p| p.is_dir());
                if is_folder {
                    ui.weak("That is a folder: add the file's name.");
                }
                ui.horizontal(|ui| {
                    let ok = chosen.is_some() && !is_folder;
                    if (ui.add_enabled(ok, egui::Button::new(verb)).clicked() || (enter && ok))
                        && let Some(path) = chosen.clone()
                    {
                        cmds.push(Cmd::PathChosen {
                            purpose: *purpose,
                            then: then.clone(),
                            path,
                        });
                        outcome = Outcome::Close;
                    }
                    if ui.button("Cancel").clicked() {
                        outcome = Outcome::Close;
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
                    None => ui.weak("Tip: select the name in the article first to record where it is mentioned."),
                };
                ui.horizontal(|ui| {
                    let ok = !name.trim().is_empty();
                    if ui.add_enabled(ok, egui::Button::new("Add")).clicked() {
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
                        cmds.push(Cmd::Edit(edit));
                        outcome = Outcome::Close;
                    }
                    if ui.button("Cancel").clicked() {
                        outcome = Outcome::Close;
                    }
                });
            }
        }
        if matches!(modal, Modal::Unsaved(_)) {
            ui.add_space(2.0);
            ui.weak(RichText::new("Esc cancels").small());
        }
    });
    if response.should_close() && matches!(outcome, Outcome::Keep) {
        outcome = Outcome::Close;
    }
    match outcome {
        Outcome::Keep => {
            if app.modal.is_none() {
                app.modal = Some(modal);
            }
        }
        Outcome::Close => {}
        Outcome::Unsaved { save } => {
            if let Modal::Unsaved(action) = modal {
                app.resolve_unsaved(ctx, action, save);
            }
        }
        Outcome::Restore(id) => {
            app.restore_snapshot(&id);
        }
        Outcome::DiscardSnapshot(id) => {
            app.discard_snapshot(&id);
            if let Modal::Recover(mut leftovers) = modal {
                leftovers.retain(|l| l.id != id);
                if !leftovers.is_empty() && app.modal.is_none() {
                    app.modal = Some(Modal::Recover(leftovers));
                }
            }
        }
    }
    for cmd in cmds {
        app.push_cmd(cmd);
    }
}
