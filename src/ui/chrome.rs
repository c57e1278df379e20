//! The window's frame around the review: the message banner, the status bar, the start screen
//! and the article's header (title, byline, date, source). Each reads the controller and
//! returns commands.

use egui::{RichText, Ui};

use crate::review::{Action, Command, Controller};

use super::app::Cmd;
use super::commands::UiCommand;
use super::theme::Palette;

/// The banner under the menu: the message wraps, and Dismiss (or Esc) stays in reach however
/// long it is.
pub fn banner(ui: &mut Ui, review: &Controller) -> Vec<Cmd> {
    let Some(banner) = review.banner() else {
        return Vec::new();
    };
    let (fill, stroke) = Palette::for_visuals(ui.visuals()).banner(banner.error, banner.hint);
    let mut dismiss = false;
    egui::Frame::new()
        .fill(fill)
        .stroke(egui::Stroke::new(1.0, stroke))
        .corner_radius(4.0)
        .inner_margin(8.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            // The button first, on the right, so a long message wraps beside it instead of
            // pushing it out of the window.
            ui.with_layout(egui::Layout::right_to_left(egui::Align::TOP), |ui| {
                dismiss = ui
                    .button("Dismiss")
                    .on_hover_text("Close this message (Esc)")
                    .clicked();
                ui.with_layout(egui::Layout::left_to_right(egui::Align::TOP), |ui| {
                    ui.add(egui::Label::new(&banner.text).wrap());
                });
            });
        });
    ui.add_space(6.0);
    if dismiss {
        vec![Command::DismissBanner.into()]
    } else {
        Vec::new()
    }
}

/// The status bar: the file, counts, the time it took to open, unsaved changes, loading.
pub fn status_bar(ui: &mut Ui, review: &Controller) {
    ui.horizontal(|ui| {
        match review.open_doc() {
            Some(d) => {
                let doc = d.doc();
                ui.label(d.file_label());
                ui.separator();
                ui.label(format!(
                    "{} entities, {} quotes, {} of {} reviewed",
                    doc.entities.len(),
                    doc.quotes.len(),
                    doc.reviewed_count(),
                    doc.quotes.len()
                ));
                ui.separator();
                ui.label(format!(
                    "opened and extracted in {} ms",
                    d.open_time.as_millis()
                ));
                if d.session.is_dirty() {
                    ui.separator();
                    ui.label("unsaved changes");
                }
            }
            None => {
                ui.label("No article open");
            }
        }
        if let Some(path) = review.loading() {
            ui.separator();
            ui.spinner();
            ui.label(format!("Opening {}...", path.display()));
        }
    });
}

/// The screen with no article open: the sample, a file, recent files.
pub fn start_screen(ui: &mut Ui, review: &Controller) -> Vec<Cmd> {
    let recent = review.prefs().recent;
    let mut cmds: Vec<Cmd> = Vec::new();
    ui.vertical_centered(|ui| {
        ui.add_space((ui.available_height() * 0.22).max(20.0));
        ui.heading("article-review");
        ui.add_space(6.0);
        ui.label("Check who said what in a news article: entities, quotes and their speakers.");
        ui.add_space(18.0);
        if ui
            .add(egui::Button::new("Open the sample article").min_size(egui::vec2(240.0, 34.0)))
            .clicked()
        {
            cmds.push(Command::Request(Action::OpenSample).into());
        }
        ui.add_space(8.0);
        if ui
            .add(egui::Button::new("Open a file...").min_size(egui::vec2(240.0, 34.0)))
            .clicked()
        {
            cmds.push(Command::Request(Action::OpenDialog).into());
        }
        ui.add_space(8.0);
        if ui
            .add(egui::Button::new("Open a folder...").min_size(egui::vec2(240.0, 34.0)))
            .on_hover_text(super::commands::UiCommand::OpenFolder.spec().help)
            .clicked()
        {
            cmds.extend(super::commands::UiCommand::OpenFolder.cmd(review));
        }
        ui.add_space(8.0);
        ui.weak(
            "or drop an article (.txt, .html), a review file (.json) or a folder onto this window",
        );
        if !recent.is_empty() {
            ui.add_space(18.0);
            ui.strong("Recent files");
            for path in recent.into_iter().take(5) {
                if ui.link(path.display().to_string()).clicked() {
                    cmds.push(Command::Request(Action::OpenPath(path)).into());
                }
            }
        }
    });
    cmds
}

/// The article's header: the title (cut to the width, whole in its tooltip), the Add quote
/// button and the entity type legend; under it the byline, date and source when known.
pub fn article_header(ui: &mut Ui, review: &Controller) -> Vec<Cmd> {
    let Some(doc) = review.open_doc() else {
        return Vec::new();
    };
    let d = doc.doc();
    let mut cmds = Vec::new();
    ui.horizontal(|ui| {
        // The right-hand controls first, so the title gets what is left and never overlaps.
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let palette = Palette::for_visuals(ui.visuals());
            for t in crate::document::model::EntityType::ALL.iter().rev() {
                let (rect, _) =
                    ui.allocate_exact_size(egui::vec2(18.0, 14.0), egui::Sense::hover());
                ui.painter().line_segment(
                    [
                        rect.left_bottom() + egui::vec2(0.0, -2.0),
                        rect.right_bottom() + egui::vec2(0.0, -2.0),
                    ],
                    egui::Stroke::new(2.0, palette.entity_type(*t)),
                );
                ui.weak(t.label());
            }
            if UiCommand::AddQuote.button(ui, review) {
                cmds.extend(UiCommand::AddQuote.cmd(review));
            }
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                let title = d.meta.title.clone().unwrap_or_else(|| doc.name.clone());
                // A cut label shows the whole text on hover by itself: no second tooltip.
                ui.add(egui::Label::new(RichText::new(&title).strong()).truncate());
            });
        });
    });
    let mut about: Vec<String> = Vec::new();
    if let Some(byline) = d.meta.byline.as_deref().filter(|b| !b.trim().is_empty()) {
        about.push(byline.trim().to_string());
    }
    if let Some(date) = d.meta.date.as_deref().filter(|b| !b.trim().is_empty()) {
        about.push(date.trim().to_string());
    }
    if let Some(path) = d.source.path.as_deref() {
        about.push(path.to_string());
    }
    if !about.is_empty() {
        let line = about.join("  ·  ");
        ui.add(egui::Label::new(RichText::new(&line).weak().small()).truncate());
    }
    cmds
}
