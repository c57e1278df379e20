//! The adjudication panel: the disagreements between review A and review B side by side (the
//! quote, what differs, A's answer, B's answer, the decision), with take A, take B and edit for
//! the current one. Shown under the article and the review panel while adjudicating.

use egui::{Align, RichText, Sense, Ui};
use egui_extras::{Column, TableBuilder};

use crate::compare::adjudicate::{Choice, Side};
use crate::document::model::QuoteStatus;
use crate::review::adjudication::answer_text;
use crate::review::{AdjudicationCommand, Command, Controller};

use super::app::Cmd;
use super::commands::UiCommand;
use super::quote_table::shorten;
use super::theme::Palette;

/// The disagreement list; owns only where it is scrolled to.
#[derive(Debug, Default)]
pub struct AdjudicationPanel {
    /// The current disagreement last drawn, to scroll a newly chosen one into view.
    shown_current: Option<usize>,
}

/// A file's name for a column header.
fn file_name(path: &std::path::Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into(),
    )
}

impl AdjudicationPanel {
    /// Draws the list while adjudicating; returns what the reviewer asked for.
    pub fn show(&mut self, ui: &mut Ui, review: &Controller) -> Vec<Cmd> {
        let mut cmds: Vec<Cmd> = Vec::new();
        let Some(adj) = review.adjudication() else {
            return cmds;
        };
        let disagreements = adj.disagreements();
        let (a_name, b_name) = (file_name(adj.a_path()), file_name(adj.b_path()));
        let settled = (0..disagreements.len())
            .filter(|&i| adj.choice(i).is_some())
            .count();
        let palette = Palette::for_visuals(ui.visuals());

        ui.horizontal_wrapped(|ui| {
            ui.heading("Adjudication");
            let total = disagreements.len();
            let fraction = if total == 0 {
                1.0
            } else {
                settled as f32 / total as f32
            };
            ui.add(
                egui::ProgressBar::new(fraction)
                    .desired_width(170.0)
                    .corner_radius(3.0)
                    .fill(if settled == 0 {
                        egui::Color32::TRANSPARENT
                    } else {
                        ui.visuals().selection.bg_fill
                    })
                    .text(format!("{settled} of {total} settled")),
            );
            if let Some(folder) = review.second_folder() {
                ui.weak(format!(
                    "each queue article is compared with its review in {}",
                    folder.dir().display()
                ));
            }
        });
        ui.horizontal_wrapped(|ui| {
            for c in [
                UiCommand::PreviousDisagreement,
                UiCommand::NextDisagreement,
                UiCommand::TakeA,
                UiCommand::TakeB,
                UiCommand::EditDisagreement,
            ] {
                if c.button(ui, review) {
                    cmds.extend(c.cmd(review));
                }
            }
            ui.separator();
            if ui
                .button("End adjudication")
                .on_hover_text(
                    "Stop settling: the result stays open as an ordinary review (unsaved until \
                     you save it)",
                )
                .clicked()
            {
                cmds.push(Command::Adjudication(AdjudicationCommand::End).into());
            }
        });
        ui.add_space(4.0);
        if disagreements.is_empty() {
            ui.weak("The two reviews agree on every quote: save the result to record both.");
            return cmds;
        }

        let current = adj.current();
        let mut builder = TableBuilder::new(ui)
            .id_salt("adjudication-table")
            .striped(true)
            .resizable(true)
            .sense(Sense::click())
            .cell_layout(egui::Layout::left_to_right(Align::Center))
            .column(Column::exact(30.0))
            .column(
                Column::remainder()
                    .at_least(120.0)
                    .clip(true)
                    .resizable(false),
            )
            .column(Column::initial(76.0).clip(true))
            .column(Column::initial(190.0).clip(true))
            .column(Column::initial(190.0).clip(true))
            .column(Column::initial(84.0).clip(true))
            .min_scrolled_height(0.0);
        if current != self.shown_current {
            if let Some(row) = current {
                builder = builder.scroll_to_row(row, None);
            }
            self.shown_current = current;
        }
        builder
            .header(22.0, |mut header| {
                for label in [
                    "#".to_string(),
                    "Quote".to_string(),
                    "Differs in".to_string(),
                    format!("A: {a_name}"),
                    format!("B: {b_name}"),
                    "Decision".to_string(),
                ] {
                    header.col(|ui| {
                        ui.strong(label);
                    });
                }
            })
            .body(|body| {
                body.rows(24.0, disagreements.len(), |mut row| {
                    let i = row.index();
                    let d = &disagreements[i];
                    let choice = adj.choice(i);
                    row.set_selected(current == Some(i));
                    row.col(|ui| {
                        ui.label(format!("{}", i + 1));
                    });
                    row.col(|ui| {
                        ui.add(
                            egui::Label::new(shorten(&d.text, 90))
                                .selectable(false)
                                .truncate(),
                        )
                        .on_hover_text(&d.text);
                    });
                    row.col(|ui| {
                        ui.add(egui::Label::new(kind_label(d.kind)).selectable(false));
                    });
                    for side in [Side::A, Side::B] {
                        let chosen = matches!(
                            (choice, side),
                            (Some(Choice::TookA), Side::A) | (Some(Choice::TookB), Side::B)
                        );
                        let text = answer_text(d, side);
                        let text = if chosen {
                            RichText::new(text).strong()
                        } else {
                            RichText::new(text)
                        };
                        row.col(|ui| {
                            ui.add(egui::Label::new(text).selectable(false).truncate());
                        });
                    }
                    row.col(|ui| {
                        let (text, colour) = match choice {
                            Some(Choice::TookA) => {
                                ("took A", palette.status(QuoteStatus::Confirmed))
                            }
                            Some(Choice::TookB) => {
                                ("took B", palette.status(QuoteStatus::Confirmed))
                            }
                            Some(Choice::Edited) => {
                                ("edited", palette.status(QuoteStatus::Corrected))
                            }
                            None if adj.editing() == Some(i) => {
                                ("editing", palette.status(QuoteStatus::Corrected))
                            }
                            None => ("open", ui.visuals().weak_text_color()),
                        };
                        ui.add(
                            egui::Label::new(RichText::new(text).color(colour)).selectable(false),
                        );
                    });
                    if row.response().clicked() {
                        cmds.push(Command::Adjudication(AdjudicationCommand::Select(i)).into());
                    }
                });
            });
        cmds
    }
}

/// What differs, in words.
fn kind_label(kind: crate::compare::DisagreementType) -> &'static str {
    use crate::compare::DisagreementType as T;
    match kind {
        T::Speaker => "speaker",
        T::Kind => "kind",
        T::Status => "status",
        T::OnlyA => "only in A",
        T::OnlyB => "only in B",
    }
}
