//! The quote table: sortable, filterable, with the review progress.

use egui::{Align, Color32, RichText, Sense, Ui};
use egui_extras::{Column, TableBuilder};

use crate::document::model::{Document, Quote, QuoteStatus};

use super::app::{Cmd, ReviewApp};
use super::theme::Palette;

/// The speaker filter value meaning "quotes with no speaker".
pub const NO_SPEAKER: &str = "";

/// A column of the quote table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum SortColumn {
    /// Position in the article.
    #[default]
    Number,
    /// Quote text.
    Quote,
    /// Kind.
    Kind,
    /// Speaker name.
    Speaker,
    /// Speaker mention text.
    Mention,
    /// Cue text.
    Cue,
    /// Confidence.
    Confidence,
    /// Review status.
    Status,
}

type RowsKey = (
    u64,
    SortColumn,
    bool,
    String,
    Option<String>,
    Option<QuoteStatus>,
    bool,
);

/// Sorting and filtering of the quote table.
#[derive(Debug, Default)]
pub struct QuoteTableState {
    /// The sort column.
    pub sort: SortColumn,
    /// Sort descending.
    pub descending: bool,
    /// Only quotes containing this text (case-insensitive) in the quote, speaker or mention.
    pub text: String,
    /// Only quotes by this entity id ([`NO_SPEAKER`]: unattributed ones).
    pub speaker: Option<String>,
    /// Only quotes with this status.
    pub status: Option<QuoteStatus>,
    /// Only quotes nobody has reviewed.
    pub unreviewed_only: bool,
    /// Scroll the selected row into view on the next frame.
    pub scroll_to_selected: bool,
    cache: Option<(RowsKey, Vec<usize>)>,
}

impl QuoteTableState {
    /// Drops the cached rows (after the document or a filter changed).
    pub fn invalidate(&mut self) {
        self.cache = None;
    }

    /// Indices into `doc.quotes` of the rows shown, in display order.
    pub fn rows(&mut self, doc: &Document, state: u64) -> Vec<usize> {
        let key: RowsKey = (
            state,
            self.sort,
            self.descending,
            self.text.clone(),
            self.speaker.clone(),
            self.status,
            self.unreviewed_only,
        );
        if let Some((k, rows)) = &self.cache
            && *k == key
        {
            return rows.clone();
        }
        let needle = self.text.trim().to_lowercase();
        let speaker_name = |q: &Quote| -> String {
            q.speaker
                .as_deref()
                .and_then(|id| doc.entity(id))
                .map(|e| e.name.clone())
                .unwrap_or_default()
        };
        let mut rows: Vec<usize> = doc
            .quotes
            .iter()
            .enumerate()
            .filter(|(_, q)| {
                if self.unreviewed_only && q.status.is_reviewed() {
                    return false;
                }
                if let Some(s) = self.status
                    && q.status != s
                {
                    return false;
                }
                match self.speaker.as_deref() {
                    Some(NO_SPEAKER) if q.speaker.is_some() => return false,
                    Some(id) if id != NO_SPEAKER && q.speaker.as_deref() != Some(id) => {
                        return false;
                    }
                    _ => {}
                }
                needle.is_empty()
                    || q.text.to_lowercase().contains(&needle)
                    || speaker_name(q).to_lowercase().contains(&needle)
                    || q.speaker_mention
                        .as_ref()
                        .is_some_and(|m| m.text.to_lowercase().contains(&needle))
            })
            .map(|(i, _)| i)
            .collect();
        let span_text = |s: &Option<crate::document::model::Span>| {
            s.as_ref()
                .map(|s| s.text.to_lowercase())
                .unwrap_or_default()
        };
        match self.sort {
            SortColumn::Number => {}
            SortColumn::Quote => rows.sort_by_cached_key(|&i| doc.quotes[i].text.to_lowercase()),
            SortColumn::Kind => rows.sort_by_key(|&i| doc.quotes[i].kind),
            SortColumn::Speaker => {
                rows.sort_by_cached_key(|&i| speaker_name(&doc.quotes[i]).to_lowercase())
            }
            SortColumn::Mention => {
                rows.sort_by_cached_key(|&i| span_text(&doc.quotes[i].speaker_mention))
            }
            SortColumn::Cue => rows.sort_by_cached_key(|&i| span_text(&doc.quotes[i].cue)),
            SortColumn::Confidence => rows.sort_by(|&a, &b| {
                doc.quotes[a]
                    .confidence
                    .total_cmp(&doc.quotes[b].confidence)
            }),
            SortColumn::Status => rows.sort_by_key(|&i| doc.quotes[i].status),
        }
        if self.descending {
            rows.reverse();
        }
        self.cache = Some((key, rows.clone()));
        rows
    }
}

/// The colour of a status label.
pub fn status_color(status: QuoteStatus, dark: bool) -> Color32 {
    match (status, dark) {
        (QuoteStatus::Auto, _) => Color32::from_gray(if dark { 170 } else { 100 }),
        (QuoteStatus::Confirmed, false) => Color32::from_rgb(20, 130, 50),
        (QuoteStatus::Confirmed, true) => Color32::from_rgb(100, 210, 120),
        (QuoteStatus::Corrected, false) => Color32::from_rgb(30, 90, 200),
        (QuoteStatus::Corrected, true) => Color32::from_rgb(120, 170, 255),
        (QuoteStatus::Rejected, false) => Color32::from_rgb(190, 40, 40),
        (QuoteStatus::Rejected, true) => Color32::from_rgb(255, 120, 120),
        (QuoteStatus::Added, false) => Color32::from_rgb(140, 60, 170),
        (QuoteStatus::Added, true) => Color32::from_rgb(200, 140, 230),
    }
}

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

/// Draws the filters, the progress and the table.
pub fn show(app: &mut ReviewApp, ui: &mut Ui) {
    let Some(doc) = &app.doc else { return };
    let d = doc.session.doc();
    let state = doc.session.state_id();
    let dark = ui.visuals().dark_mode;
    let palette = Palette::for_visuals(ui.visuals());
    let mut cmds = Vec::new();
    let table = &mut app.table;

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
        let before = table.text.clone();
        ui.add(
            egui::TextEdit::singleline(&mut table.text)
                .hint_text("text, speaker or mention")
                .desired_width(150.0),
        )
        .labelled_by(label.id);
        if table.text != before {
            table.invalidate();
        }
        let speaker_text = match table.speaker.as_deref() {
            None => "any speaker".to_string(),
            Some(NO_SPEAKER) => "no speaker".to_string(),
            Some(id) => d.entity(id).map(|e| e.name.clone()).unwrap_or_default(),
        };
        let old_speaker = table.speaker.clone();
        let label = ui.label("Speaker:");
        egui::ComboBox::from_id_salt("speaker-filter")
            .selected_text(shorten(&speaker_text, 18))
            .width(130.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut table.speaker, None, "any speaker");
                ui.selectable_value(
                    &mut table.speaker,
                    Some(NO_SPEAKER.to_string()),
                    "no speaker",
                );
                for e in &d.entities {
                    ui.selectable_value(&mut table.speaker, Some(e.id.clone()), &e.name);
                }
            })
            .response
            .labelled_by(label.id);
        if table.speaker != old_speaker {
            app.selected_entity = table.speaker.clone().filter(|s| s != NO_SPEAKER);
            table.invalidate();
        }
        let old_status = table.status;
        let label = ui.label("Status:");
        egui::ComboBox::from_id_salt("status-filter")
            .selected_text(table.status.map(|s| s.label()).unwrap_or("any"))
            .width(90.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut table.status, None, "any");
                for s in QuoteStatus::ALL {
                    ui.selectable_value(&mut table.status, Some(s), s.label());
                }
            })
            .response
            .labelled_by(label.id);
        if ui
            .checkbox(&mut table.unreviewed_only, "Unreviewed only")
            .changed()
            || table.status != old_status
        {
            table.invalidate();
        }
    });

    let rows = table.rows(d, state);
    let selected_row = app
        .selected_quote
        .as_ref()
        .and_then(|id| rows.iter().position(|&i| d.quotes[i].id == *id));
    if rows.is_empty() {
        ui.add_space(8.0);
        ui.weak(if d.quotes.is_empty() {
            "No quotes found in this article. Select text in the article and press A to add one."
        } else {
            "No quote matches the filters."
        });
    }

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
        .column(Column::initial(104.0).clip(true))
        .column(Column::initial(84.0).clip(true))
        .column(Column::initial(60.0).clip(true))
        .column(Column::initial(40.0))
        .column(Column::initial(70.0).at_least(60.0).clip(true))
        .min_scrolled_height(0.0);
    if table.scroll_to_selected {
        if let Some(row) = selected_row {
            builder = builder.scroll_to_row(row, None);
        }
        table.scroll_to_selected = false;
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
    ];
    let mut resort = None;
    builder
        .header(22.0, |mut header| {
            for (label, column) in headers {
                header.col(|ui| {
                    let active = table.sort == column;
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
                        let pts = if table.descending {
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
                row.set_selected(app.selected_quote.as_deref() == Some(q.id.as_str()));
                let speaker_index = q
                    .speaker
                    .as_deref()
                    .and_then(|id| d.entities.iter().position(|e| e.id == id));
                row.col(|ui| {
                    ui.label(format!("{}", i + 1));
                });
                row.col(|ui| {
                    let label = ui.add(
                        egui::Label::new(shorten(&q.text, 70))
                            .selectable(false)
                            .truncate(),
                    );
                    label.on_hover_text(&q.text);
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(q.kind.label()).selectable(false));
                });
                row.col(|ui| {
                    let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), Sense::hover());
                    ui.painter().rect_filled(
                        rect,
                        2.0,
                        if speaker_index.is_some() {
                            palette.speaker(doc.colours.of_speaker(q))
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
                                egui::Label::new(RichText::new("(none)").weak()).selectable(false),
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
                    ui.add(egui::Label::new(format!("{:.2}", q.confidence)).selectable(false))
                        .on_hover_text(format!("rule: {}", q.rule));
                });
                row.col(|ui| {
                    ui.add(
                        egui::Label::new(
                            RichText::new(q.status.label()).color(status_color(q.status, dark)),
                        )
                        .selectable(false),
                    );
                });
                if row.response().clicked() {
                    cmds.push(Cmd::SelectQuote(Some(q.id.clone()), true));
                }
            });
        });
    if let Some(column) = resort {
        if table.sort == column {
            table.descending = !table.descending;
        } else {
            table.sort = column;
            table.descending = false;
        }
        table.invalidate();
    }
    for cmd in cmds {
        app.push_cmd(cmd);
    }
}
