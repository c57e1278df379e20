//! The in-window file browser, shown where the system has no file dialog: draws a
//! [`FileBrowser`] (the controller's, in [`Question::Browse`](crate::review::Question)) and
//! returns the reviewer's actions as commands. The keys: Up/Down move, Enter opens a folder or
//! chooses, Backspace or Alt+Up goes up, Ctrl+L types a path, Esc cancels.

use std::path::PathBuf;

use egui::{Context, Id, Key, Modifiers, RichText, Ui};

use crate::review::browser::{BrowseCommand, BrowseMode, BrowserEntry, FileBrowser, PlaceKind};
use crate::review::{Command, DialogPurpose};

/// The widget state the model does not keep: the location field's text while it is typed.
#[derive(Debug, Default)]
pub struct FileBrowserPanel {
    /// The location field's text.
    location: String,
    /// The folder the location field was last filled from; a move refills it.
    filled_from: Option<PathBuf>,
    /// The browser the focus was first placed for (its purpose and starting folder).
    focused_for: Option<(DialogPurpose, PathBuf)>,
    /// The highlighted row last scrolled into view.
    scrolled_to: Option<(PathBuf, usize)>,
    /// The listing's scroll offset and visible height in the last frame.
    list_view: (f32, f32),
}

const LIST_HEIGHT: f32 = 300.0;

impl FileBrowserPanel {
    /// Draws the browser as a modal dialog; returns what the reviewer did.
    pub fn show(&mut self, ctx: &Context, browser: &FileBrowser) -> Vec<Command> {
        let mut out: Vec<BrowseCommand> = Vec::new();
        if self.filled_from.as_deref() != Some(browser.dir()) {
            self.location = browser.dir().display().to_string();
            self.filled_from = Some(browser.dir().to_path_buf());
        }
        let modal = egui::Modal::new(Id::unique("file-browser")).show(ctx, |ui| {
            ui.set_width(760.0);
            self.keys(ui, browser, &mut out);
            ui.heading(title(browser.purpose()));
            self.location_row(ui, browser, &mut out);
            ui.separator();
            ui.horizontal_top(|ui| {
                places(ui, browser, &mut out);
                // Not a separator: in a row it takes the height the row had last frame, and
                // the dialog would grow frame after frame.
                ui.add_space(12.0);
                ui.vertical(|ui| self.listing(ui, browser, &mut out));
            });
            ui.separator();
            self.bottom(ui, browser, &mut out);
        });
        if modal.should_close() && out.is_empty() {
            out.push(BrowseCommand::Cancel);
        }
        out.into_iter().map(Command::Browse).collect()
    }

    fn keys(&mut self, ui: &mut Ui, browser: &FileBrowser, out: &mut Vec<BrowseCommand>) {
        if browser.overwrite_question().is_some() {
            // The question's own buttons answer it; Enter there would replace the file.
            return;
        }
        let typing = ui.ctx().text_edit_focused();
        let (alt_up, up, down, back, enter, ctrl_l) = ui.input_mut(|i| {
            // Alt+Up first: a key without modifiers also matches it with Alt held.
            let alt_up = i.consume_key(Modifiers::ALT, Key::ArrowUp);
            (
                alt_up,
                i.consume_key(Modifiers::NONE, Key::ArrowUp),
                i.consume_key(Modifiers::NONE, Key::ArrowDown),
                !typing && i.consume_key(Modifiers::NONE, Key::Backspace),
                !typing && i.consume_key(Modifiers::NONE, Key::Enter),
                i.consume_key(Modifiers::COMMAND, Key::L),
            )
        });
        if alt_up || back {
            out.push(BrowseCommand::Up);
        }
        if up {
            out.push(BrowseCommand::Move(-1));
        }
        if down {
            out.push(BrowseCommand::Move(1));
        }
        if enter {
            out.push(BrowseCommand::Enter);
        }
        if ctrl_l {
            ui.memory_mut(|m| m.request_focus(location_id()));
        }
    }

    fn location_row(&mut self, ui: &mut Ui, browser: &FileBrowser, out: &mut Vec<BrowseCommand>) {
        ui.horizontal(|ui| {
            let up = ui
                .add_enabled(browser.dir().parent().is_some(), egui::Button::new("Up"))
                .on_hover_text("The folder above (Backspace, Alt+Up)");
            if up.clicked() {
                out.push(BrowseCommand::Up);
            }
            let label = ui.label("Location:");
            let edit = ui
                .add(
                    egui::TextEdit::singleline(&mut self.location)
                        .id(location_id())
                        .desired_width(560.0),
                )
                .labelled_by(label.id)
                .on_hover_text("Type a folder or a file and press Enter (Ctrl+L); ~ is home");
            let entered = edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            if ui.button("Go").clicked() || entered {
                out.push(BrowseCommand::Typed(self.location.clone()));
            }
        });
    }

    fn listing(&mut self, ui: &mut Ui, browser: &FileBrowser, out: &mut Vec<BrowseCommand>) {
        let entries = browser.entries();
        if entries.is_empty() {
            ui.allocate_ui(egui::vec2(ui.available_width(), LIST_HEIGHT), |ui| {
                ui.weak(match browser.mode() {
                    BrowseMode::Folder => "No folders here.",
                    _ => "Nothing here of the chosen type.",
                });
                ui.allocate_space(ui.available_size());
            });
            return;
        }
        let row_height = ui.spacing().interact_size.y;
        let pitch = row_height + ui.spacing().item_spacing.y;
        let dir = browser.dir().to_path_buf();
        let mut area = egui::ScrollArea::vertical()
            // One scroll position per folder: a folder entered starts at its top.
            .id_salt(("file-browser-list", &dir))
            .max_height(LIST_HEIGHT)
            .min_scrolled_height(LIST_HEIGHT)
            .auto_shrink([false, false]);
        if let Some(h) = browser.highlight()
            && self.scrolled_to != Some((dir.clone(), h))
        {
            // Only the visible rows are laid out, so the highlighted row is brought into view
            // by offset, not by its response.
            self.scrolled_to = Some((dir.clone(), h));
            let (top, bottom) = (h as f32 * pitch, h as f32 * pitch + row_height);
            let (offset, height) = self.list_view;
            if top < offset {
                area = area.vertical_scroll_offset(top);
            } else if bottom > offset + height {
                area = area.vertical_scroll_offset(bottom - height);
            }
        }
        let shown = area.show_rows(ui, row_height, entries.len(), |ui, rows| {
            for index in rows {
                let selected = browser.highlight() == Some(index);
                let row = entry_row(ui, &entries[index], selected, row_height);
                if row.double_clicked() {
                    out.push(BrowseCommand::Activate(index));
                } else if row.clicked() {
                    out.push(BrowseCommand::Highlight(index));
                }
            }
        });
        self.list_view = (shown.state.clamped_offset().y, shown.inner_rect.height());
    }

    fn bottom(&mut self, ui: &mut Ui, browser: &FileBrowser, out: &mut Vec<BrowseCommand>) {
        if browser.mode() == BrowseMode::Save {
            ui.horizontal(|ui| {
                let label = ui.label("File name:");
                let mut name = browser.name().to_string();
                let edit = ui
                    .add(egui::TextEdit::singleline(&mut name).desired_width(420.0))
                    .labelled_by(label.id);
                let start = (browser.purpose(), browser.dir().to_path_buf());
                if self.focused_for.is_none() {
                    // Saving starts with the proposed name ready to type over.
                    edit.request_focus();
                    self.focused_for = Some(start);
                }
                if edit.changed() {
                    out.push(BrowseCommand::Name(name));
                }
                if edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                    out.push(BrowseCommand::Enter);
                }
            });
        }
        ui.horizontal(|ui| {
            let filters = browser.filters();
            if filters.len() > 1 {
                let mut chosen = browser.filter();
                egui::ComboBox::from_label("File type")
                    .selected_text(filters[chosen].label.as_str())
                    .width(300.0)
                    .show_ui(ui, |ui| {
                        for (i, filter) in filters.iter().enumerate() {
                            ui.selectable_value(&mut chosen, i, filter.label.as_str());
                        }
                    });
                if chosen != browser.filter() {
                    out.push(BrowseCommand::Filter(chosen));
                }
            }
            let mut hidden = browser.shows_hidden();
            if ui.checkbox(&mut hidden, "Hidden files").changed() {
                out.push(BrowseCommand::ShowHidden(hidden));
            }
        });
        if let Some(error) = browser.error() {
            ui.colored_label(ui.visuals().error_fg_color, error);
        }
        if let Some(existing) = browser.overwrite_question() {
            let name = existing
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| existing.display().to_string());
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("{name} already exists here. Replace it?"),
            );
            ui.horizontal(|ui| {
                if ui.button("Replace").clicked() {
                    out.push(BrowseCommand::Overwrite(true));
                }
                if ui.button("Keep it").clicked() {
                    out.push(BrowseCommand::Overwrite(false));
                }
            });
            return;
        }
        ui.horizontal(|ui| {
            let target = browser.target();
            let verb = verb(browser.purpose());
            let choose = ui.add_enabled(target.is_some(), egui::Button::new(verb));
            let choose = match &target {
                Some(path) => choose.on_hover_text(path.display().to_string()),
                None => choose.on_disabled_hover_text(match browser.mode() {
                    BrowseMode::Save => "Type a file name first",
                    _ => "Choose a file first",
                }),
            };
            if choose.clicked() {
                out.push(BrowseCommand::Choose);
            }
            if ui.button("Cancel").clicked() {
                out.push(BrowseCommand::Cancel);
            }
            ui.weak(
                RichText::new(match browser.mode() {
                    BrowseMode::Folder => {
                        "Enter opens the highlighted folder (none highlighted: chooses this one); \
                         Backspace goes up; Esc cancels"
                    }
                    _ => "Enter opens or chooses; Backspace or Alt+Up goes up; Esc cancels",
                })
                .small(),
            );
        });
    }
}

fn location_id() -> Id {
    Id::unique("file-browser-location")
}

fn places(ui: &mut Ui, browser: &FileBrowser, out: &mut Vec<BrowseCommand>) {
    ui.vertical(|ui| {
        ui.set_width(170.0);
        ui.strong("Places");
        let mut recent_heading = false;
        for place in browser.places() {
            if place.kind == PlaceKind::Recent && !recent_heading {
                ui.add_space(4.0);
                ui.weak("Recent");
                recent_heading = true;
            }
            let here = place.path == browser.dir();
            let button = egui::Button::selectable(here, place.label.as_str()).truncate();
            if ui
                .add(button)
                .on_hover_text(place.path.display().to_string())
                .clicked()
            {
                out.push(BrowseCommand::GoTo(place.path.clone()));
            }
        }
    });
}

/// One row: the name (a folder's ends in "/"), then size and date.
fn entry_row(ui: &mut Ui, entry: &BrowserEntry, selected: bool, height: f32) -> egui::Response {
    ui.horizontal(|ui| {
        let name = if entry.is_dir {
            format!("{}/", entry.name)
        } else {
            entry.name.clone()
        };
        // The size and date columns keep their widths; a long name is cut to what is left, so
        // every row lines up and the dialog does not grow with the longest name.
        const SIZE_WIDTH: f32 = 70.0;
        const DATE_WIDTH: f32 = 120.0;
        let gap = ui.spacing().item_spacing.x;
        let name_width = (ui.available_width() - SIZE_WIDTH - DATE_WIDTH - 2.0 * gap).max(120.0);
        let row = ui.add_sized(
            [name_width, height],
            // The growing atom keeps the name at the left of the wide row.
            egui::Button::selectable(selected, (name, egui::Atom::grow())).truncate(),
        );
        let size = entry.size.map(human_size).unwrap_or_default();
        ui.add_sized(
            [SIZE_WIDTH, height],
            egui::Label::new(RichText::new(size).weak()),
        );
        if let Some(time) = entry.modified {
            let stamp = humantime::format_rfc3339_seconds(time).to_string();
            ui.add_sized(
                [DATE_WIDTH, height],
                egui::Label::new(
                    RichText::new(stamp.get(..16).unwrap_or(&stamp).replace('T', " ")).weak(),
                ),
            );
        }
        row
    })
    .inner
}

fn human_size(bytes: u64) -> String {
    match bytes {
        b if b < 1000 => format!("{b} B"),
        b if b < 1_000_000 => format!("{:.1} kB", b as f64 / 1e3),
        b => format!("{:.1} MB", b as f64 / 1e6),
    }
}

fn title(purpose: DialogPurpose) -> &'static str {
    match purpose {
        DialogPurpose::Open => "Open an article or review file",
        DialogPurpose::SaveReview => "Save the review",
        DialogPurpose::ExportCsv => "Export quotes as CSV",
        DialogPurpose::OpenFolder => "Open a folder as a queue",
        DialogPurpose::OutputFolder => "Save this queue's reviews in",
        DialogPurpose::ExportCorpus => "Export all quotes (.csv or .jsonl)",
        DialogPurpose::ExportChart => "Export the chart as CSV",
        DialogPurpose::CompareWith => "Compare with another review",
        DialogPurpose::Import => "Import from another annotation tool",
        DialogPurpose::Export(_) => "Export the review",
        DialogPurpose::SecondReviewerFolder => "The second reviewer's folder",
    }
}

fn verb(purpose: DialogPurpose) -> &'static str {
    match purpose {
        DialogPurpose::Open | DialogPurpose::OpenFolder => "Open",
        DialogPurpose::SaveReview => "Save",
        DialogPurpose::CompareWith | DialogPurpose::SecondReviewerFolder => "Compare",
        DialogPurpose::Import => "Import",
        DialogPurpose::OutputFolder => "Choose",
        DialogPurpose::ExportCsv
        | DialogPurpose::ExportCorpus
        | DialogPurpose::ExportChart
        | DialogPurpose::Export(_) => "Export",
    }
}
