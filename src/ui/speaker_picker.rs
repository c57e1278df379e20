//! The selected quote's details and the speaker picker: ranked candidates (keys 1-9), search,
//! "no speaker", "new entity...", confirm and reject, kind and span.

use egui::{RichText, Ui};

use crate::document::model::QuoteKind;
use crate::edit::{Candidate, Edit};
use crate::review::{Command, Controller};

use super::app::Cmd;
use super::commands::UiCommand;
use super::quote_table::shorten;
use super::theme::{Palette, SpeakerColours};

/// How many candidates the picker shows without a search.
const SHOWN: usize = 9;

/// The selected quote's panel; owns the search text typed to find a speaker.
#[derive(Debug, Default)]
pub struct SpeakerPicker {
    search: String,
    /// The quote the search was typed for: another quote starts with an empty search.
    quote: Option<String>,
}

impl SpeakerPicker {
    /// The candidates shown: the controller's ranking, narrowed by the search text.
    fn candidates(&self, review: &Controller) -> Vec<Candidate> {
        let ranked = review.candidates();
        let search = self.search.trim().to_lowercase();
        if search.is_empty() {
            ranked
        } else {
            ranked
                .into_iter()
                .filter(|c| c.name.to_lowercase().contains(&search))
                .collect()
        }
    }

    /// Picks the n-th (0-based) candidate shown (keys 1-9); the search is done with.
    pub fn pick(&mut self, n: usize, review: &Controller) -> Option<Command> {
        self.follow(review);
        let pick = self.candidates(review).get(n).map(Command::pick);
        if pick.is_some() {
            self.search.clear();
        }
        pick
    }

    fn follow(&mut self, review: &Controller) {
        let quote = review.selected_quote();
        if self.quote.as_deref() != quote {
            self.quote = quote.map(str::to_string);
            self.search.clear();
        }
    }

    /// Draws the details of the selected quote and its speaker picker.
    pub fn show(&mut self, ui: &mut Ui, review: &Controller, colours: &SpeakerColours) -> Vec<Cmd> {
        self.follow(review);
        let candidates = self.candidates(review);
        let mut cmds = Vec::new();
        self.draw(ui, review, colours, &candidates, &mut cmds);
        cmds
    }

    fn draw(
        &mut self,
        ui: &mut Ui,
        review: &Controller,
        colours: &SpeakerColours,
        candidates: &[Candidate],
        cmds: &mut Vec<Cmd>,
    ) {
        let Some(d) = review.document() else { return };
        let Some((index, q)) = review
            .selected_quote()
            .and_then(|id| d.quotes.iter().enumerate().find(|(_, q)| q.id == id))
        else {
            ui.add_space(4.0);
            ui.weak("Select a quote in the table or click one in the article.");
            ui.add_space(4.0);
            return;
        };
        let palette = Palette::for_visuals(ui.visuals());
        let speaker_index = q
            .speaker
            .as_deref()
            .and_then(|id| d.entities.iter().position(|e| e.id == id));
        let speaker_colour = colours.of_speaker(q);

        ui.add_space(4.0);
        ui.horizontal(|ui| {
            ui.heading(format!("Quote {} of {}", index + 1, d.quotes.len()));
            ui.label(
                RichText::new(q.status.label())
                    .color(palette.status(q.status))
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
                    cmds.push(
                        Command::Edit(Edit::SetKind {
                            quote: q.id.clone(),
                            kind,
                        })
                        .into(),
                    );
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
                egui::TextEdit::singleline(&mut self.search)
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
                    .color(palette.speaker(colours.slot(&c.entity)));
                let mut hover = format!("{} ({})", c.name, c.entity_type.label());
                if let Some(m) = &c.mention {
                    hover.push_str(&format!(", nearest mention \"{}\"", shorten(&m.text, 40)));
                }
                if ui
                    .selectable_label(current, text)
                    .on_hover_text(hover)
                    .clicked()
                {
                    cmds.push(Command::pick(c).into());
                    self.search.clear();
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
            for c in [
                UiCommand::ConfirmAndNext,
                UiCommand::NoSpeaker,
                UiCommand::NewSpeaker,
                UiCommand::Reject,
                UiCommand::SpanFromSelection,
            ] {
                if c.button(ui, review) {
                    cmds.extend(c.cmd(review));
                }
            }
        });
        ui.add_space(4.0);
    }
}
