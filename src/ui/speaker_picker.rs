//! The selected quote's details and the speaker picker: ranked candidates (keys 1-9), search,
//! "no speaker", "new entity...", confirm and reject, kind and span.

use egui::{RichText, Ui};

use crate::document::model::QuoteKind;
use crate::edit::Edit;

use super::app::{Cmd, ReviewApp};
use super::quote_table::{shorten, status_color};
use super::theme::Palette;

/// How many candidates the picker shows without a search.
const SHOWN: usize = 9;

/// Draws the details of the selected quote and its speaker picker.
pub fn show(app: &mut ReviewApp, ui: &mut Ui) {
    let candidates = app.candidates();
    let Some(doc) = &app.doc else { return };
    let d = doc.session.doc();
    let has_selection = doc.view.selection.is_some();
    let Some((index, q)) = app
        .selected_quote
        .as_ref()
        .and_then(|id| d.quotes.iter().enumerate().find(|(_, q)| q.id == *id))
    else {
        ui.add_space(4.0);
        ui.weak("Select a quote in the table or click one in the article.");
        ui.add_space(4.0);
        return;
    };
    let dark = ui.visuals().dark_mode;
    let palette = Palette::for_visuals(ui.visuals());
    let mut cmds = Vec::new();
    let speaker_index = q
        .speaker
        .as_deref()
        .and_then(|id| d.entities.iter().position(|e| e.id == id));
    let speaker_colour = doc.colours.of_speaker(q);

    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.heading(format!("Quote {} of {}", index + 1, d.quotes.len()));
        ui.label(
            RichText::new(q.status.label())
                .color(status_color(q.status, dark))
                .strong(),
        );
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let mut kind = q.kind;
            // Right to left: the box first, then its label on its left.
            let combo = egui::ComboBox::from_id_salt("quote-kind")
                .selected_text(kind.label())
                .width(80.0)
                .show_ui(ui, |ui| {
                    for k in QuoteKind::ALL {
                        ui.selectable_value(&mut kind, k, k.label());
                    }
                });
            let label = ui.label("Kind:");
            combo.response.labelled_by(label.id);
            if kind != q.kind {
                cmds.push(Cmd::Edit(Edit::SetKind {
                    quote: q.id.clone(),
                    kind,
                }));
            }
        });
    });
    egui::Frame::new()
        .fill(palette.quote_background(speaker_colour, false))
        .corner_radius(4.0)
        .inner_margin(6.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(
                RichText::new(format!("\u{201C}{}\u{201D}", shorten(&q.text, 320))).size(14.5),
            );
        });
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        ui.strong("Speaker:");
        match speaker_index.map(|e| &d.entities[e]) {
            Some(e) => {
                ui.label(
                    RichText::new(&e.name)
                        .color(palette.speaker(speaker_colour))
                        .strong(),
                );
                if let Some(m) = &q.speaker_mention
                    && m.text != e.name
                {
                    ui.weak(format!("as \"{}\"", shorten(&m.text, 30)));
                }
            }
            None => {
                ui.weak("nobody");
            }
        }
        ui.separator();
        let why = if q.predicted.is_none() {
            "added by a reviewer".to_string()
        } else {
            let proposed = q
                .predicted
                .as_ref()
                .and_then(|p| p.speaker.as_deref())
                .and_then(|id| d.entity(id))
                .map(|e| e.name.as_str())
                .unwrap_or("nobody");
            format!(
                "extractor: {proposed}, rule {}, confidence {:.2}",
                q.rule, q.confidence
            )
        };
        ui.weak(why);
        if let Some(cue) = &q.cue {
            ui.weak(format!("cue \"{}\"", shorten(&cue.text, 20)));
        }
    });

    ui.horizontal(|ui| {
        let label = ui.label("Find speaker:");
        ui.add(
            egui::TextEdit::singleline(&mut app.picker_search)
                .hint_text("type a name")
                .desired_width(140.0),
        )
        .labelled_by(label.id);
        ui.weak("press 1-9 to pick");
    });
    ui.horizontal_wrapped(|ui| {
        for (n, c) in candidates.iter().take(SHOWN).enumerate() {
            let current = q.speaker.as_deref() == Some(c.entity.as_str());
            let text = RichText::new(format!("{}  {}", n + 1, c.name))
                .color(palette.speaker(doc.colours.slot(&c.entity)));
            let mut hover = format!("{} ({})", c.name, c.entity_type.label());
            if let Some(m) = &c.mention {
                hover.push_str(&format!(", nearest mention \"{}\"", shorten(&m.text, 40)));
            }
            if ui
                .selectable_label(current, text)
                .on_hover_text(hover)
                .clicked()
            {
                cmds.push(Cmd::PickCandidate(n));
            }
        }
        if candidates.is_empty() {
            ui.weak(if d.entities.is_empty() {
                "no entities yet"
            } else {
                "no entity matches"
            });
        }
    });
    ui.horizontal_wrapped(|ui| {
        if ui
            .button("Confirm (Enter)")
            .on_hover_text("Keep this attribution and go to the next unreviewed quote")
            .clicked()
        {
            cmds.push(Cmd::ConfirmAndNext);
        }
        if ui
            .button("No speaker (N)")
            .on_hover_text("The text names nobody for this quote")
            .clicked()
        {
            cmds.push(Cmd::NoSpeaker);
        }
        if ui
            .button("New entity...")
            .on_hover_text("A speaker the extractor missed")
            .clicked()
        {
            cmds.push(Cmd::Open(app.new_entity_modal(Some(q.id.clone()))));
        }
        if ui
            .button("Reject (Del)")
            .on_hover_text("This is not a quote")
            .clicked()
        {
            cmds.push(Cmd::Reject);
        }
        if ui
            .add_enabled(has_selection, egui::Button::new("Span from selection"))
            .on_hover_text("Move the quote's bounds to the text selected in the article")
            .on_disabled_hover_text("Select text in the article to move the quote's bounds")
            .clicked()
        {
            cmds.push(Cmd::SpanFromSelection);
        }
    });
    ui.add_space(4.0);
    for cmd in cmds {
        app.push_cmd(cmd);
    }
}
