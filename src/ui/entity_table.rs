//! The entity table: name, type, mentions and quotes, with rename, retype, merge, split,
//! delete and add. Selecting an entity highlights its mentions and filters the quotes.

use egui::{Align, RichText, Sense, Ui};
use egui_extras::{Column, TableBuilder};
use rustc_hash::FxHashMap;

use crate::document::model::{Document, EntityType};
use crate::edit::Edit;

use crate::review::{Command, Controller};

use super::app::Cmd;
use super::commands::UiCommand;
use super::theme::{Palette, SpeakerColours};

/// The entity panel: its rows in display order, kept between frames.
#[derive(Debug, Default)]
pub struct EntityTable {
    /// Entity indices, most quoted first, each with its number of quotes.
    order: Vec<(usize, usize)>,
    /// The document state (`EditSession::state_id`) `order` was computed for.
    synced: Option<u64>,
}

impl EntityTable {
    /// Draws the entity toolbar and table; returns what the reviewer asked for.
    pub fn show(&mut self, ui: &mut Ui, review: &Controller, colours: &SpeakerColours) -> Vec<Cmd> {
        let Some(open) = review.open_doc() else {
            return Vec::new();
        };
        // Counting thousands of quotes per speaker is done once per edit, not every frame.
        let state = open.session.state_id();
        if self.synced != Some(state) {
            self.order = display_order(open.doc());
            self.synced = Some(state);
        }
        show(ui, review, colours, &self.order)
    }
}

/// Entity indices of `d`, most quoted first, then people, then the most mentioned.
fn display_order(d: &Document) -> Vec<(usize, usize)> {
    let mut quotes_of: FxHashMap<&str, usize> = FxHashMap::default();
    for q in &d.quotes {
        if let Some(s) = &q.speaker {
            *quotes_of.entry(s.as_str()).or_default() += 1;
        }
    }
    let mut order: Vec<(usize, usize)> = d
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| (i, quotes_of.get(e.id.as_str()).copied().unwrap_or(0)))
        .collect();
    order.sort_by_key(|&(i, quotes)| {
        let e = &d.entities[i];
        (
            std::cmp::Reverse(quotes),
            e.entity_type != EntityType::Person,
            std::cmp::Reverse(e.mentions.len()),
            i,
        )
    });
    order
}

fn show(
    ui: &mut Ui,
    review: &Controller,
    colours: &SpeakerColours,
    order: &[(usize, usize)],
) -> Vec<Cmd> {
    let mut cmds = Vec::new();
    let Some(d) = review.document() else {
        return cmds;
    };
    let palette = Palette::for_visuals(ui.visuals());
    let selected = review
        .selected_entity()
        .and_then(|id| d.entities.iter().position(|e| e.id == id));

    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.heading("Entities");
        ui.weak(format!("{}", d.entities.len()));
    });
    ui.horizontal_wrapped(|ui| {
        for command in [
            UiCommand::AddEntity,
            UiCommand::RenameEntity,
            UiCommand::MergeEntity,
            UiCommand::SplitMention,
            UiCommand::DeleteEntity,
        ] {
            if command.button(ui, review) {
                cmds.extend(command.cmd(review));
            }
        }
        let entity = selected.map(|i| &d.entities[i]);
        if let Some(e) = entity {
            let mut t = e.entity_type;
            egui::ComboBox::new("entity-type", "Type")
                .selected_text(t.label())
                .width(80.0)
                .show_ui(ui, |ui| {
                    for option in EntityType::ALL {
                        ui.selectable_value(&mut t, option, option.label());
                    }
                });
            if t != e.entity_type {
                cmds.push(
                    Command::Edit(Edit::SetEntityType {
                        entity: e.id.clone(),
                        entity_type: t,
                    })
                    .into(),
                );
            }
        }
    });

    TableBuilder::new(ui)
        .id_salt("entity-table")
        .striped(true)
        .resizable(true)
        .sense(Sense::click())
        .cell_layout(egui::Layout::left_to_right(Align::Center))
        .column(
            Column::remainder()
                .at_least(80.0)
                .clip(true)
                .resizable(false),
        )
        .column(Column::initial(70.0))
        .column(Column::initial(70.0))
        .column(Column::initial(60.0).at_least(50.0))
        .min_scrolled_height(0.0)
        .header(20.0, |mut header| {
            for label in ["Name", "Type", "Mentions", "Quotes"] {
                header.col(|ui| {
                    ui.strong(label);
                });
            }
        })
        .body(|body| {
            body.rows(22.0, order.len(), |mut row| {
                let (i, quotes) = order[row.index()];
                let e = &d.entities[i];
                row.set_selected(selected == Some(i));
                row.col(|ui| {
                    let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), Sense::hover());
                    ui.painter()
                        .rect_filled(rect, 2.0, palette.speaker(colours.slot(&e.id)));
                    ui.add(egui::Label::new(&e.name).selectable(false).truncate());
                });
                row.col(|ui| {
                    ui.add(
                        egui::Label::new(
                            RichText::new(e.entity_type.label())
                                .color(palette.entity_type(e.entity_type)),
                        )
                        .selectable(false),
                    );
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(format!("{}", e.mentions.len())).selectable(false));
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(format!("{quotes}")).selectable(false));
                });
                if row.response().clicked() {
                    let id = (selected != Some(i)).then(|| e.id.clone());
                    cmds.push(Command::SelectEntity(id).into());
                }
            });
        });
    cmds
}
