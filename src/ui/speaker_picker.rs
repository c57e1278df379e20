//! The selected quote's details and the speaker picker: ranked candidates (keys 1-9), search,
//! "no speaker", "new entity...", confirm and reject, kind and span.

use egui::{RichText, Ui};

use crate::document::model::{EntityType, QuoteFlag, QuoteKind};
use crate::edit::{Candidate, Edit};
use crate::review::{Command, Controller};
use crate::triage::ConfidenceLevel;

use super::app::Cmd;
use super::commands::UiCommand;
use super::quote_table::shorten;
use super::theme::{Palette, SpeakerColours};

/// How many candidates the picker shows without a search.
const SHOWN: usize = 9;

/// The selected quote's panel; owns the search text typed to find a speaker, the note being
/// written and which fields should get the keyboard.
#[derive(Debug, Default)]
pub struct SpeakerPicker {
    search: String,
    /// The quote the search was typed for: another quote starts with an empty search.
    quote: Option<String>,
    /// The match Up and Down have moved to, an index into the candidates shown.
    highlight: usize,
    /// The note as typed, written to the quote when the field loses the keyboard.
    note: String,
    focus_search: bool,
    focus_note: bool,
}

impl SpeakerPicker {
    /// Gives the speaker search the keyboard (S).
    pub fn focus_search(&mut self) {
        self.focus_search = true;
    }

    /// Gives the note field the keyboard (E).
    pub fn focus_note(&mut self) {
        self.focus_note = true;
    }

    /// The candidates shown: the controller's ranking of every entity, narrowed by the search
    /// text, people first while searching.
    fn candidates(&self, review: &Controller) -> Vec<Candidate> {
        let ranked = review.candidates();
        let search = self.search.trim().to_lowercase();
        if search.is_empty() {
            ranked
        } else {
            let mut found: Vec<Candidate> = ranked
                .into_iter()
                .filter(|c| c.name.to_lowercase().contains(&search))
                .collect();
            found.sort_by_key(|c| c.entity_type != EntityType::Person);
            found
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
            self.highlight = 0;
            self.note = quote
                .and_then(|id| review.document()?.quote(id)?.note.clone())
                .unwrap_or_default();
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
                            .color(palette.speaker_text(speaker_colour))
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
        let level = ConfidenceLevel::of(q.confidence, review.threshold());
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(format!("{} {:.2}", level.label(), q.confidence))
                    .color(palette.confidence(level))
                    .strong(),
            );
            ui.add(egui::Label::new(crate::extract::quotes::explain::explain_rule(d, q)).wrap());
        });

        ui.horizontal(|ui| {
            let label = ui.label("Find speaker:");
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut self.search)
                        .hint_text("type a name (S)")
                        .desired_width(140.0),
                )
                .labelled_by(label.id);
            if std::mem::take(&mut self.focus_search) {
                field.request_focus();
            }
            if field.changed() {
                self.highlight = 0;
            }
            let searching = !self.search.trim().is_empty();
            if field.has_focus() && searching {
                let (up, down) = ui.input_mut(|i| {
                    (
                        i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
                        i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
                    )
                });
                let shown = candidates.len().min(SHOWN);
                if down && self.highlight + 1 < shown {
                    self.highlight += 1;
                }
                if up {
                    self.highlight = self.highlight.saturating_sub(1);
                }
            }
            if field.lost_focus() && searching && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                // Enter picks the highlighted match, or makes the typed name a new person.
                let cmd = match candidates.get(self.highlight) {
                    Some(c) => Command::pick(c),
                    None => Command::CreateSpeaker(self.search.trim().to_string()),
                };
                cmds.push(Command::ThenNext(Box::new(cmd)).into());
                self.search.clear();
                self.highlight = 0;
            }
            if searching && candidates.is_empty() {
                ui.weak(format!(
                    "Enter: new person \u{201C}{}\u{201D}",
                    shorten(self.search.trim(), 30)
                ));
            } else if searching {
                ui.weak("Up/Down, Enter to pick");
            } else {
                ui.weak("press 1-9 to pick");
            }
        });
        ui.horizontal_wrapped(|ui| {
            for (n, c) in candidates.iter().take(SHOWN).enumerate() {
                let current = q.speaker.as_deref() == Some(c.entity.as_str())
                    || (!self.search.trim().is_empty() && n == self.highlight);
                let text = RichText::new(format!("{}  {}", n + 1, c.name))
                    .color(palette.speaker_text(colours.slot(&c.entity)));
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
        self.note_and_flag(ui, q, cmds);
        triage_row(ui, review, cmds);
        ui.add_space(4.0);
    }

    fn note_and_flag(
        &mut self,
        ui: &mut Ui,
        q: &crate::document::model::Quote,
        cmds: &mut Vec<Cmd>,
    ) {
        ui.horizontal(|ui| {
            let label = ui.label("Note:");
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut self.note)
                        .hint_text("why it is wrong, what to check (E)")
                        .desired_width(ui.available_width() - 190.0),
                )
                .labelled_by(label.id);
            if std::mem::take(&mut self.focus_note) {
                field.request_focus();
            }
            let typed = self.note.trim();
            let saved = q.note.as_deref().unwrap_or("");
            if field.lost_focus() && typed != saved {
                cmds.push(
                    Command::Edit(Edit::SetNote {
                        quote: q.id.clone(),
                        note: (!typed.is_empty()).then(|| typed.to_string()),
                    })
                    .into(),
                );
            }
            if !field.has_focus() && typed != saved && !field.lost_focus() {
                // Undo or another edit changed the note: show the quote's own.
                self.note = saved.to_string();
            }
            let mut flag = q.flag;
            let label = ui.label("Flag:");
            egui::ComboBox::from_id_salt("quote-flag")
                .selected_text(flag.map(|f| f.label()).unwrap_or("none"))
                .width(110.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut flag, None, "none");
                    for f in QuoteFlag::ALL {
                        ui.selectable_value(&mut flag, Some(f), f.label());
                    }
                })
                .response
                .labelled_by(label.id)
                .on_hover_text(UiCommand::CycleFlag.spec().help);
            if flag != q.flag {
                cmds.push(
                    Command::Edit(Edit::SetFlag {
                        quote: q.id.clone(),
                        flag,
                    })
                    .into(),
                );
            }
        });
    }
}

/// The doubt threshold and the two triage commands.
fn triage_row(ui: &mut Ui, review: &Controller, cmds: &mut Vec<Cmd>) {
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Doubt under:");
        let mut threshold = review.threshold();
        let slider = ui
            .add(
                egui::Slider::new(&mut threshold, 0.0..=1.0)
                    .step_by(0.05)
                    .fixed_decimals(2),
            )
            .labelled_by(label.id)
            .on_hover_text("Proposals under this confidence are doubtful");
        if slider.changed() {
            cmds.push(Command::SetThreshold(threshold).into());
        }
        for c in [UiCommand::NextDoubtful, UiCommand::ConfirmAllAbove] {
            if c.button(ui, review) {
                cmds.extend(c.cmd(review));
            }
        }
    });
}
