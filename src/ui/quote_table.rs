//! The quote table: sortable, filterable, with the review progress.

use egui::{Align, Color32, RichText, Sense, Ui};
use egui_extras::{Column, TableBuilder};

use crate::document::model::{QuoteFlag, QuoteStatus};
use crate::review::{Command, Controller, FlagFilter, SortColumn, SpeakerFilter};
use crate::triage::ConfidenceLevel;

use super::app::Cmd;
use super::theme::{Palette, SpeakerColours};

/// Shortens `text` to about `max` characters with an ellipsis.
pub fn shorten(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        flat
    } else {
        let mut s: String = flat.chars().take(max.saturating_sub(1)).collect();
        s.push('\u{2026}');
        s
    }
}

/// A mention with a few words either side, on one line.
fn mention_context(text: &str, start: usize, end: usize) -> String {
    let before_start = start.saturating_sub(40);
    let before = crate::text::char_slice(text, before_start, start);
    let mention = crate::text::char_slice(text, start, end);
    let after_end = (end + 40).min(text.chars().count());
    let after = crate::text::char_slice(text, end, after_end);
    shorten(&format!("\u{2026}{before}[{mention}]{after}\u{2026}"), 100)
}

/// The quote table with its filters; owns only where it is scrolled to.
#[derive(Debug, Default)]
pub struct QuoteTable {
    /// Scroll the selected row into view on the next frame.
    pub scroll_to_selected: bool,
}

impl QuoteTable {
    /// Draws the filters, the progress and the table; returns what the reviewer asked for.
    pub fn show(&mut self, ui: &mut Ui, review: &Controller, colours: &SpeakerColours) -> Vec<Cmd> {
        let mut cmds = Vec::new();
        if review.document().is_some() {
            self.draw(ui, review, colours, &mut cmds);
        }
        cmds
    }

    fn draw(
        &mut self,
        ui: &mut Ui,
        review: &Controller,
        colours: &SpeakerColours,
        cmds: &mut Vec<Cmd>,
    ) {
        let Some(d) = review.document() else { return };
        let filter = review.filter();
        let palette = Palette::for_visuals(ui.visuals());

        ui.horizontal(|ui| {
            ui.heading("Quotes");
            let reviewed = d.reviewed_count();
            let total = d.quotes.len();
            let fraction = if total == 0 {
                0.0
            } else {
                reviewed as f32 / total as f32
            };
            ui.add(
                egui::ProgressBar::new(fraction)
                    .desired_width(190.0)
                    .corner_radius(3.0)
                    // egui draws a minimum blob at zero, which reads as progress made.
                    .fill(if reviewed == 0 {
                        egui::Color32::TRANSPARENT
                    } else {
                        ui.visuals().selection.bg_fill
                    })
                    .text(format!("{reviewed} of {total} reviewed")),
            );
        });
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Filter:");
            let mut text = filter.text.clone();
            ui.add(
                egui::TextEdit::singleline(&mut text)
                    .hint_text("text, speaker or mention")
                    .desired_width(150.0),
            )
            .labelled_by(label.id);
            if text != filter.text {
                cmds.push(Command::FilterText(text).into());
            }
            let speaker_text = match &filter.speaker {
                SpeakerFilter::Any => "any speaker".to_string(),
                SpeakerFilter::Nobody => "no speaker".to_string(),
                SpeakerFilter::Entity(id) => {
                    d.entity(id).map(|e| e.name.clone()).unwrap_or_default()
                }
            };
            let mut speaker = filter.speaker.clone();
            let label = ui.label("Speaker:");
            egui::ComboBox::from_id_salt("speaker-filter")
                .selected_text(shorten(&speaker_text, 18))
                .width(130.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut speaker, SpeakerFilter::Any, "any speaker");
                    ui.selectable_value(&mut speaker, SpeakerFilter::Nobody, "no speaker");
                    for e in &d.entities {
                        ui.selectable_value(
                            &mut speaker,
                            SpeakerFilter::Entity(e.id.clone()),
                            &e.name,
                        );
                    }
                })
                .response
                .labelled_by(label.id);
            if speaker != filter.speaker {
                cmds.push(Command::FilterSpeaker(speaker).into());
            }
            let mut status = filter.status;
            let label = ui.label("Status:");
            egui::ComboBox::from_id_salt("status-filter")
                .selected_text(status.map(|s| s.label()).unwrap_or("any"))
                .width(90.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut status, None, "any");
                    for s in QuoteStatus::ALL {
                        ui.selectable_value(&mut status, Some(s), s.label());
                    }
                })
                .response
                .labelled_by(label.id);
            if status != filter.status {
                cmds.push(Command::FilterStatus(status).into());
            }
            let mut flag = filter.flag;
            let label = ui.label("Flag:");
            let flag_text = |f: FlagFilter| match f {
                FlagFilter::Any => "any",
                FlagFilter::Flagged => "flagged",
                FlagFilter::Only(f) => f.label(),
            };
            egui::ComboBox::from_id_salt("flag-filter")
                .selected_text(flag_text(flag))
                .width(100.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut flag, FlagFilter::Any, "any");
                    ui.selectable_value(&mut flag, FlagFilter::Flagged, "flagged");
                    for f in QuoteFlag::ALL {
                        ui.selectable_value(&mut flag, FlagFilter::Only(f), f.label());
                    }
                })
                .response
                .labelled_by(label.id);
            if flag != filter.flag {
                cmds.push(Command::FilterFlag(flag).into());
            }
            let mut unreviewed_only = filter.unreviewed_only;
            if ui
                .checkbox(&mut unreviewed_only, "Unreviewed only")
                .changed()
            {
                cmds.push(Command::UnreviewedOnly(unreviewed_only).into());
            }
        });

        // The entity chosen in the entity table (or here) filters the table: say so, removably.
        if let Some(e) = review.selected_entity().and_then(|id| d.entity(id)) {
            ui.horizontal(|ui| {
                ui.weak("Showing the quotes of");
                if ui
                    .button(format!("{}  \u{2715}", shorten(&e.name, 40)))
                    .on_hover_text("Show every speaker's quotes again")
                    .clicked()
                {
                    cmds.push(Command::SelectEntity(None).into());
                }
            });
        }

        let rows = review.rows();
        let selected_row = review
            .selected_quote()
            .and_then(|id| rows.iter().position(|&i| d.quotes[i].id == id));
        if rows.is_empty() {
            ui.add_space(8.0);
            let entity = review.selected_entity().and_then(|id| d.entity(id));
            match entity {
                // An entity that never speaks: where the article mentions it instead.
                Some(e) if !d.quotes.iter().any(|q| q.speaker.as_deref() == Some(&e.id)) => {
                    ui.weak(format!(
                        "{} is quoted nowhere. It is mentioned {} times:",
                        e.name,
                        e.mentions.len()
                    ));
                    egui::ScrollArea::vertical()
                        .id_salt("mentions-of-entity")
                        .max_height(ui.available_height())
                        .show(ui, |ui| {
                            for m in &e.mentions {
                                let context = mention_context(&d.text, m.start, m.end);
                                if ui.link(context).clicked() {
                                    cmds.push(Command::SelectText(Some((m.start, m.end))).into());
                                }
                            }
                        });
                    return;
                }
                _ => {
                    ui.weak(if d.quotes.is_empty() {
                        "No quotes found in this article. Select text in the article and press A to add one."
                    } else {
                        "No quote matches the filters."
                    });
                }
            }
        }
        let threshold = review.threshold();

        let mut builder = TableBuilder::new(ui)
            .id_salt("quote-table")
            .striped(true)
            .resizable(true)
            .sense(Sense::click())
            .cell_layout(egui::Layout::left_to_right(Align::Center))
            .column(Column::exact(34.0))
            // The quote takes whatever width is left, so the panel can be made narrower or wider
            // by its edge. Not resizable itself: egui_extras keeps a resizable column's width,
            // which would hold the panel at its opening width.
            .column(
                Column::remainder()
                    .at_least(80.0)
                    .clip(true)
                    .resizable(false),
            )
            .column(Column::initial(58.0).clip(true))
            .column(Column::initial(100.0).clip(true))
            .column(Column::initial(80.0).clip(true))
            .column(Column::initial(60.0).clip(true))
            .column(Column::initial(54.0))
            .column(Column::initial(66.0).at_least(56.0).clip(true))
            .column(Column::initial(52.0).clip(true))
            .min_scrolled_height(0.0);
        if self.scroll_to_selected {
            if let Some(row) = selected_row {
                builder = builder.scroll_to_row(row, None);
            }
            self.scroll_to_selected = false;
        }
        let headers = [
            ("#", SortColumn::Number),
            ("Quote", SortColumn::Quote),
            ("Kind", SortColumn::Kind),
            ("Speaker", SortColumn::Speaker),
            ("Mention", SortColumn::Mention),
            ("Cue", SortColumn::Cue),
            ("Conf.", SortColumn::Confidence),
            ("Status", SortColumn::Status),
            ("Flag", SortColumn::Flag),
        ];
        let mut resort = None;
        builder
            .header(22.0, |mut header| {
                for (label, column) in headers {
                    header.col(|ui| {
                        let active = filter.sort == column;
                        let text = if active {
                            RichText::new(label).strong()
                        } else {
                            RichText::new(label)
                        };
                        let response = ui
                            .add(egui::Button::new(text).frame(false))
                            .on_hover_text(format!("Sort by {}", label.trim_end_matches('.')));
                        if active {
                            let r = response.rect;
                            let x = r.right() + 6.0;
                            let y = r.center().y;
                            let pts = if filter.descending {
                                vec![
                                    egui::pos2(x - 4.0, y - 2.0),
                                    egui::pos2(x + 4.0, y - 2.0),
                                    egui::pos2(x, y + 3.0),
                                ]
                            } else {
                                vec![
                                    egui::pos2(x - 4.0, y + 2.0),
                                    egui::pos2(x + 4.0, y + 2.0),
                                    egui::pos2(x, y - 3.0),
                                ]
                            };
                            ui.painter().add(egui::Shape::convex_polygon(
                                pts,
                                ui.visuals().strong_text_color(),
                                egui::Stroke::NONE,
                            ));
                        }
                        if response.clicked() {
                            resort = Some(column);
                        }
                    });
                }
            })
            .body(|body| {
                body.rows(24.0, rows.len(), |mut row| {
                    let i = rows[row.index()];
                    let q = &d.quotes[i];
                    row.set_selected(review.selected_quote() == Some(q.id.as_str()));
                    let speaker_index = q
                        .speaker
                        .as_deref()
                        .and_then(|id| d.entities.iter().position(|e| e.id == id));
                    // The quote's id, not its row: adding a quote renumbers nothing.
                    row.col(|ui| {
                        ui.add(
                            egui::Label::new(q.id.trim_start_matches('q'))
                                .selectable(false)
                                .truncate(),
                        )
                        .on_hover_text(format!(
                            "quote {}, number {} in the article",
                            q.id,
                            i + 1
                        ));
                    });
                    row.col(|ui| {
                        // Cut to the column; the cut label shows the whole quote on hover by
                        // itself (a tooltip of our own would stack a second one on it).
                        ui.add(
                            egui::Label::new(shorten(&q.text, 600))
                                .selectable(false)
                                .truncate(),
                        );
                    });
                    row.col(|ui| {
                        ui.add(egui::Label::new(q.kind.label()).selectable(false));
                    });
                    row.col(|ui| {
                        let (rect, _) =
                            ui.allocate_exact_size(egui::vec2(10.0, 10.0), Sense::hover());
                        ui.painter().rect_filled(
                            rect,
                            2.0,
                            if speaker_index.is_some() {
                                palette.speaker(colours.of_speaker(q))
                            } else {
                                Color32::TRANSPARENT
                            },
                        );
                        match speaker_index.map(|e| &d.entities[e]) {
                            Some(e) => {
                                ui.add(egui::Label::new(&e.name).selectable(false).truncate());
                            }
                            None => {
                                ui.add(
                                    egui::Label::new(RichText::new("(none)").weak())
                                        .selectable(false),
                                );
                            }
                        }
                    });
                    row.col(|ui| {
                        let text = q
                            .speaker_mention
                            .as_ref()
                            .map(|m| m.text.as_str())
                            .unwrap_or("");
                        ui.add(egui::Label::new(text).selectable(false).truncate());
                    });
                    row.col(|ui| {
                        let text = q.cue.as_ref().map(|m| m.text.as_str()).unwrap_or("");
                        ui.add(egui::Label::new(text).selectable(false).truncate());
                    });
                    row.col(|ui| {
                        let level = ConfidenceLevel::of(q.confidence, threshold);
                        let (rect, _) =
                            ui.allocate_exact_size(egui::vec2(16.0, 10.0), Sense::hover());
                        let filled = egui::Rect::from_min_size(
                            rect.min,
                            egui::vec2(rect.width() * q.confidence.clamp(0.05, 1.0), rect.height()),
                        );
                        ui.painter().rect_filled(
                            rect,
                            2.0,
                            palette.confidence(level).gamma_multiply(0.25),
                        );
                        ui.painter()
                            .rect_filled(filled, 2.0, palette.confidence(level));
                        ui.add(egui::Label::new(format!("{:.2}", q.confidence)).selectable(false))
                            .on_hover_text(format!(
                                "{} (threshold {threshold:.2}); rule: {}",
                                level.label(),
                                q.rule
                            ));
                    });
                    row.col(|ui| {
                        ui.add(
                            egui::Label::new(
                                RichText::new(q.status.label()).color(palette.status(q.status)),
                            )
                            .selectable(false),
                        );
                    });
                    row.col(|ui| {
                        if let Some(f) = q.flag {
                            ui.add(
                                egui::Label::new(RichText::new(f.label()).color(palette.flag()))
                                    .selectable(false)
                                    .truncate(),
                            );
                        }
                    });
                    if row.response().clicked() {
                        cmds.push(
                            Command::SelectQuote {
                                id: Some(q.id.clone()),
                                scroll: true,
                            }
                            .into(),
                        );
                    }
                });
            });
        if let Some(column) = resort {
            cmds.push(Command::SortBy(column).into());
        }
    }
}
