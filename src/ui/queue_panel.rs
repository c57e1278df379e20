//! The queue panel: the folder's articles with their status, sorted and filtered, the
//! pre-extraction progress, where reviews are saved; the offer of the next article; and the
//! questions about locks and files changed on disk.

use egui::{Align, RichText, Sense, Ui};
use egui_extras::{Column, TableBuilder};

use crate::corpus::disk_version::DiskChange;
use crate::corpus::lock::StaleReason;
use crate::corpus::queue::{ItemStatus, SortKey, StatusClass};
use crate::document::model::QuoteStatus;
use crate::review::{
    Command, Controller, DateFilter, FileAnswer, FileQuestion, Offer, QueueCommand,
};

use super::app::Cmd;
use super::commands::UiCommand;
use super::quote_table::shorten;
use super::theme::Palette;

/// The queue panel; owns only whether to scroll to the open article's row.
#[derive(Debug, Default)]
pub struct QueuePanel {
    /// The item last scrolled to, so the open article's row comes into view once.
    scrolled_to: Option<usize>,
}

impl QueuePanel {
    /// Draws the queue; returns what the reviewer asked for.
    pub fn show(&mut self, ui: &mut Ui, review: &Controller) -> Vec<Cmd> {
        let mut cmds: Vec<Cmd> = Vec::new();
        let Some(room) = review.queue() else {
            return cmds;
        };
        let queue = room.queue();
        let folder = queue
            .root()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| queue.root().display().to_string());
        ui.horizontal(|ui| {
            ui.heading(format!("Queue: {folder}"));
            ui.with_layout(egui::Layout::right_to_left(Align::Center), |ui| {
                if UiCommand::CloseQueue.small_button(ui, review) {
                    cmds.extend(UiCommand::CloseQueue.cmd(review));
                }
            });
        });
        ui.weak(queue.root().display().to_string())
            .on_hover_text("The folder open as the queue");
        let counts = room.counts();
        let count = |c: StatusClass| counts[c as usize].1;
        let mut summary = format!(
            "{} articles: {} new, {} in progress, {} done",
            queue.items().len(),
            count(StatusClass::New),
            count(StatusClass::InProgress),
            count(StatusClass::Done)
        );
        if count(StatusClass::Unreadable) > 0 {
            summary.push_str(&format!(", {} unreadable", count(StatusClass::Unreadable)));
        }
        ui.label(summary);

        ui.horizontal_wrapped(|ui| {
            let place = match queue.output_dir() {
                Some(dir) => format!("Reviews saved in {}", dir.display()),
                None => "Reviews saved beside the articles".to_string(),
            };
            ui.weak(place);
            if UiCommand::ChooseOutputFolder.small_button(ui, review) {
                cmds.extend(UiCommand::ChooseOutputFolder.cmd(review));
            }
            if queue.output_dir().is_some()
                && ui
                    .small_button("Beside the articles")
                    .on_hover_text("Save this queue's new reviews beside their articles again")
                    .clicked()
            {
                cmds.push(Command::Queue(QueueCommand::OutputBesideArticles).into());
            }
        });

        if let Some(p) = room.progress() {
            ui.add_space(4.0);
            let fraction = if p.total == 0 {
                1.0
            } else {
                p.done as f32 / p.total as f32
            };
            ui.horizontal(|ui| {
                ui.add(
                    egui::ProgressBar::new(fraction)
                        .desired_width(ui.available_width() - 80.0)
                        .text(format!("Extracting {} of {}", p.done, p.total)),
                );
                let cancel = ui
                    .add_enabled(!p.cancelling, egui::Button::new("Cancel"))
                    .on_hover_text(
                        "Stop extracting in the background; the rest are extracted when opened",
                    );
                if cancel.clicked() {
                    cmds.push(Command::Queue(QueueCommand::CancelPreExtraction).into());
                }
            });
            let mut rate = format!("{:.1} articles/s", p.per_second);
            if let Some(left) = p.remaining {
                rate.push_str(&format!(", about {} left", short_duration(left)));
            }
            if p.failed > 0 {
                rate.push_str(&format!(", {} failed", p.failed));
            }
            if p.cancelling {
                rate.push_str(", stopping...");
            }
            ui.weak(rate);
        }

        ui.add_space(4.0);
        ui.horizontal(|ui| {
            let filter = queue.filter();
            let label = ui.label("Find:");
            let mut text = filter.name_contains.clone();
            ui.add(
                egui::TextEdit::singleline(&mut text)
                    .hint_text("article name")
                    .desired_width(ui.available_width()),
            )
            .labelled_by(label.id);
            if text != filter.name_contains {
                cmds.push(Command::Queue(QueueCommand::FilterName(text)).into());
            }
        });
        ui.horizontal_wrapped(|ui| {
            let filter = queue.filter();
            let current = if filter.statuses.len() == 1 {
                filter.statuses.iter().next().copied()
            } else {
                None
            };
            let mut status = current;
            let label = ui.label("Status:");
            egui::ComboBox::from_id_salt("queue-status-filter")
                .selected_text(status.map(status_label).unwrap_or("any"))
                .width(90.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut status, None, "any");
                    for s in StatusClass::ALL {
                        ui.selectable_value(&mut status, Some(s), status_label(s));
                    }
                })
                .response
                .labelled_by(label.id);
            if status != current {
                cmds.push(Command::Queue(QueueCommand::FilterStatus(status)).into());
            }
            let mut date = room.date_filter();
            let label = ui.label("Changed:");
            egui::ComboBox::from_id_salt("queue-date-filter")
                .selected_text(date.label())
                .width(100.0)
                .show_ui(ui, |ui| {
                    for d in DateFilter::ALL {
                        ui.selectable_value(&mut date, d, d.label());
                    }
                })
                .response
                .labelled_by(label.id);
            if date != room.date_filter() {
                cmds.push(Command::Queue(QueueCommand::FilterDate(date)).into());
            }
        });
        ui.horizontal_wrapped(|ui| {
            for c in [
                UiCommand::PreviousArticle,
                UiCommand::NextArticle,
                UiCommand::NextUnfinished,
            ] {
                if c.small_button(ui, review) {
                    cmds.extend(c.cmd(review));
                }
            }
        });
        ui.horizontal_wrapped(|ui| {
            for c in [UiCommand::Statistics, UiCommand::ExportCorpus] {
                if c.small_button(ui, review) {
                    cmds.extend(c.cmd(review));
                }
            }
        });
        ui.separator();
        self.table(ui, review, &mut cmds);
        cmds
    }

    fn table(&mut self, ui: &mut Ui, review: &Controller, cmds: &mut Vec<Cmd>) {
        let Some(room) = review.queue() else { return };
        let queue = room.queue();
        let view = queue.view();
        if view.is_empty() {
            ui.weak(if queue.items().is_empty() {
                "No articles (.txt, .md, .html, .htm) or review files in this folder."
            } else {
                "No article matches the filters."
            });
            return;
        }
        let palette = Palette::for_visuals(ui.visuals());
        let (sort, descending) = queue.sort();
        let mut builder = TableBuilder::new(ui)
            .id_salt("queue-table")
            .striped(true)
            .sense(Sense::click())
            .cell_layout(egui::Layout::left_to_right(Align::Center))
            .column(Column::remainder().at_least(80.0).clip(true))
            .column(Column::exact(70.0).clip(true))
            .column(Column::exact(44.0))
            .column(Column::exact(54.0))
            .column(Column::exact(72.0))
            .min_scrolled_height(0.0);
        if room.current() != self.scrolled_to {
            if let Some(row) = room
                .current()
                .and_then(|c| view.iter().position(|&i| i == c))
            {
                builder = builder.scroll_to_row(row, Some(Align::Center));
            }
            self.scrolled_to = room.current();
        }
        let headers: [(&str, Option<SortKey>, &str); 5] = [
            ("Article", Some(SortKey::Name), "Sort by name"),
            (
                "Status",
                Some(SortKey::Status),
                "Sort by status (in progress: quotes reviewed of all)",
            ),
            ("Quotes", None, "Quotes that stand (not rejected)"),
            ("Doubtful", None, "Unreviewed quotes with a low confidence"),
            ("Changed", Some(SortKey::Date), "Sort by date changed"),
        ];
        builder
            .header(22.0, |mut header| {
                for (label, key, help) in headers {
                    header.col(|ui| {
                        let text = match key {
                            Some(k) if k == sort => {
                                let arrow = if descending { " v" } else { " ^" };
                                RichText::new(format!("{label}{arrow}")).strong()
                            }
                            _ => RichText::new(label),
                        };
                        let response = match key {
                            Some(_) => ui.add(egui::Button::new(text).frame(false)),
                            None => ui.label(text),
                        }
                        .on_hover_text(help);
                        if let Some(k) = key
                            && response.clicked()
                        {
                            cmds.push(Command::Queue(QueueCommand::SortBy(k)).into());
                        }
                    });
                }
            })
            .body(|body| {
                body.rows(24.0, view.len(), |mut row| {
                    let index = view[row.index()];
                    let Some(item) = queue.item(index) else {
                        return;
                    };
                    row.set_selected(room.current() == Some(index));
                    let status = item.status();
                    row.col(|ui| {
                        ui.add(
                            egui::Label::new(shorten(&item.name, 60))
                                .selectable(false)
                                .truncate(),
                        )
                        .on_hover_text(item.open_path().display().to_string());
                    });
                    row.col(|ui| {
                        // "2 of 5" in progress: the column says what the numbers are.
                        let (text, colour) = match &status {
                            None => ("...".to_string(), ui.visuals().weak_text_color()),
                            Some(s @ ItemStatus::InProgress { reviewed, total }) => {
                                (format!("{reviewed} of {total}"), status_colour(&palette, s))
                            }
                            Some(s) => (s.label(), status_colour(&palette, s)),
                        };
                        let label = ui.add(
                            egui::Label::new(RichText::new(text).color(colour)).selectable(false),
                        );
                        if let Some(ItemStatus::Unreadable(why)) = &status {
                            label.on_hover_text(why);
                        }
                    });
                    let summary = item.summary();
                    row.col(|ui| {
                        let text = summary.map(|s| s.quotes().to_string()).unwrap_or_default();
                        ui.add(egui::Label::new(text).selectable(false));
                    });
                    row.col(|ui| {
                        let text = summary.map(|s| s.doubtful.to_string()).unwrap_or_default();
                        ui.add(egui::Label::new(text).selectable(false));
                    });
                    row.col(|ui| {
                        ui.add(egui::Label::new(short_time(item.modified)).selectable(false));
                    });
                    if row.response().clicked() {
                        cmds.push(Command::Queue(QueueCommand::OpenItem(index)).into());
                    }
                });
            });
    }
}

/// The bar above the article offering the next article once every quote is reviewed.
pub fn offer_bar(ui: &mut Ui, review: &Controller) -> Vec<Cmd> {
    let mut cmds = Vec::new();
    let Some(room) = review.queue() else {
        return cmds;
    };
    let Some(offer) = room.offer() else {
        return cmds;
    };
    let (fill, stroke) = Palette::for_visuals(ui.visuals()).banner(false, false);
    egui::Frame::new()
        .fill(fill)
        .stroke(egui::Stroke::new(1.0, stroke))
        .corner_radius(4.0)
        .inner_margin(8.0)
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| match offer {
                Offer::Next(next) => {
                    let name = room
                        .queue()
                        .item(*next)
                        .map(|i| i.name.clone())
                        .unwrap_or_default();
                    ui.label(format!(
                        "Every quote of this article is reviewed. Next unfinished: {name}"
                    ));
                    if ui
                        .button("Save and open next")
                        .on_hover_text("Save this review, then open the next unfinished article")
                        .clicked()
                    {
                        cmds.push(Command::Queue(QueueCommand::SaveAndNext).into());
                    }
                    if ui.button("Stay here").clicked() {
                        cmds.push(Command::Queue(QueueCommand::DismissOffer).into());
                    }
                }
                Offer::AllDone => {
                    ui.label("Every quote of this article is reviewed, and no other article in the queue is unfinished.");
                    if ui.button("Dismiss").clicked() {
                        cmds.push(Command::Queue(QueueCommand::DismissOffer).into());
                    }
                }
            });
        });
    ui.add_space(6.0);
    cmds
}

/// The lock and changed-on-disk questions, inside the question dialog.
pub fn file_question(ui: &mut Ui, question: &FileQuestion) -> Vec<Command> {
    let mut cmds = Vec::new();
    let mut button = |ui: &mut Ui, label: &str, help: &str, answer: Command| {
        if ui.button(label).on_hover_text(help).clicked() {
            cmds.push(answer);
        }
    };
    match question {
        FileQuestion::LockHeld { path, holder } => {
            ui.heading("Open elsewhere");
            ui.label(format!(
                "{} is being reviewed by {holder}. Saving here could overwrite their work.",
                path.display()
            ));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                button(
                    ui,
                    "Open read-only",
                    "Look at the review; Save is off, Save As writes a copy",
                    Command::File(FileAnswer::ReadOnly),
                );
                button(
                    ui,
                    "Close it",
                    "Close this review",
                    Command::File(FileAnswer::CloseDocument),
                );
            });
        }
        FileQuestion::LockStale {
            path,
            holder,
            reason,
        } => {
            ui.heading("A stale lock");
            let why = match reason {
                StaleReason::ProcessGone => "whose program no longer runs",
                StaleReason::TooOld => "over a day old",
            };
            ui.label(format!(
                "{} has a lock {why}: {}. Take it over if nobody else is reviewing this article.",
                path.display(),
                holder.describe()
            ));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                button(
                    ui,
                    "Take over",
                    "Take the lock and review normally",
                    Command::File(FileAnswer::TakeOver),
                );
                button(
                    ui,
                    "Open read-only",
                    "Leave the lock; Save is off, Save As writes a copy",
                    Command::File(FileAnswer::ReadOnly),
                );
                button(
                    ui,
                    "Close it",
                    "Close this review",
                    Command::File(FileAnswer::CloseDocument),
                );
            });
        }
        FileQuestion::ChangedOnDisk { path, change } => {
            ui.heading("Changed on disk");
            let what = match change {
                DiskChange::Removed => "was deleted",
                DiskChange::Created => "was created by another program",
                _ => "was changed by another program or reviewer",
            };
            ui.label(format!(
                "{} {what} since you opened it. Nothing was saved.",
                path.display()
            ));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                button(
                    ui,
                    "Overwrite",
                    "Replace the file on disk with your version (the old one is kept as .bak)",
                    Command::File(FileAnswer::Overwrite),
                );
                button(
                    ui,
                    "Save As...",
                    "Keep both: save your version under another name",
                    Command::SaveAs,
                );
                button(
                    ui,
                    "Reload",
                    "Throw away your changes and open the file as it is on disk",
                    Command::File(FileAnswer::Reload),
                );
            });
        }
    }
    cmds
}

/// The queue's statuses in the quote statuses' colours: new as unreviewed, in progress as
/// corrected, done as confirmed, unreadable as rejected.
fn status_colour(palette: &Palette, status: &ItemStatus) -> egui::Color32 {
    palette.status(match status {
        ItemStatus::New => QuoteStatus::Auto,
        ItemStatus::InProgress { .. } => QuoteStatus::Corrected,
        ItemStatus::Done => QuoteStatus::Confirmed,
        ItemStatus::Unreadable(_) => QuoteStatus::Rejected,
    })
}

fn status_label(class: StatusClass) -> &'static str {
    match class {
        StatusClass::New => "new",
        StatusClass::InProgress => "in progress",
        StatusClass::Done => "done",
        StatusClass::Unreadable => "unreadable",
    }
}

/// "5 s", "3 min", "1 h 20 min".
fn short_duration(d: std::time::Duration) -> String {
    let s = d.as_secs();
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min", s.div_ceil(60)),
        _ => format!("{} h {} min", s / 3600, (s % 3600) / 60),
    }
}

/// "11-30 10:12" (UTC): month, day and time, short enough for the table.
fn short_time(t: std::time::SystemTime) -> String {
    let full = humantime::format_rfc3339_seconds(t).to_string();
    full.get(5..16).map(|s| s.replace('T', " ")).unwrap_or(full)
}
