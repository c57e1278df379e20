//! The Statistics view: the queue's corpus statistics as bar charts (egui_plot), each with a
//! CSV export of its figures. The figures come from the controller (`review::queue_stats`).

use egui::{Context, RichText, Ui};
use egui_plot::{Bar, BarChart, GridInput, GridMark, Plot};

use crate::corpus::stats::CorpusStats;
use crate::review::{Chart, Command, Controller, QueueCommand};

use super::app::Cmd;
use super::quote_table::shorten;

/// The Statistics window.
#[derive(Debug, Default)]
pub struct StatsView;

impl StatsView {
    /// Draws the window while the controller has it open; returns what the reviewer asked for.
    pub fn show(&mut self, ctx: &Context, review: &Controller) -> Vec<Cmd> {
        let mut cmds: Vec<Cmd> = Vec::new();
        let Some(room) = review.queue() else {
            return cmds;
        };
        let state = room.stats();
        if !state.is_open() {
            return cmds;
        }
        let mut open = true;
        egui::Window::new("Statistics")
            .open(&mut open)
            .default_size([1000.0, 740.0])
            .pivot(egui::Align2::CENTER_CENTER)
            .default_pos(ctx.content_rect().center())
            .resizable(true)
            .collapsible(false)
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    if ui
                        .button("Refresh")
                        .on_hover_text("Count again from the review files on disk")
                        .clicked()
                    {
                        cmds.push(Command::Queue(QueueCommand::ShowStats).into());
                    }
                    if state.is_computing() {
                        ui.spinner();
                        ui.label("Counting...");
                    }
                });
                let Some(stats) = state.stats() else {
                    return;
                };
                ui.label(format!(
                    "{} reviews, {} quotes (not rejected), {} of them reviewed",
                    stats.articles, stats.quotes, stats.reviewed
                ));
                let people = &stats.people_by_gender;
                let people_total = people.female + people.male + people.unknown;
                if people_total > 0 {
                    ui.label(format!(
                        "Quotes by people: {:.0}% women, {:.0}% men, {:.0}% unknown",
                        100.0 * people.female as f64 / people_total as f64,
                        100.0 * people.male as f64 / people_total as f64,
                        100.0 * people.unknown as f64 / people_total as f64,
                    ));
                }
                if !state.problems().is_empty() {
                    let (name, why) = &state.problems()[0];
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        format!(
                            "{} review files could not be read and are left out (first: {name}: {why})",
                            state.problems().len()
                        ),
                    );
                }
                ui.weak("Gender is guessed from titles, first names and pronouns; see docs/stats.md for its limits.");
                ui.separator();
                egui::ScrollArea::vertical().show(ui, |ui| {
                    // The small charts two to a row; the named ones (speakers, organisations,
                    // rules) the whole width, so their names can be read.
                    let (small, named): (Vec<Chart>, Vec<Chart>) =
                        Chart::ALL.iter().partition(|c| !is_named(**c));
                    for pair in small.chunks(2) {
                        ui.columns(2, |columns| {
                            for (column, chart) in columns.iter_mut().zip(pair) {
                                if chart_ui(column, stats, *chart) {
                                    cmds.push(
                                        Command::Queue(QueueCommand::ExportChart(*chart)).into(),
                                    );
                                }
                            }
                        });
                        ui.add_space(10.0);
                    }
                    for chart in named {
                        if chart_ui(ui, stats, chart) {
                            cmds.push(Command::Queue(QueueCommand::ExportChart(chart)).into());
                        }
                        ui.add_space(10.0);
                    }
                });
            });
        if !open {
            cmds.push(Command::Queue(QueueCommand::HideStats).into());
        }
        cmds
    }
}

/// The charts whose bars are names (drawn lying down, the whole width).
fn is_named(chart: Chart) -> bool {
    matches!(
        chart,
        Chart::Speakers | Chart::Organisations | Chart::Corrections
    )
}

/// One chart with its title and export button; returns whether export was clicked.
fn chart_ui(ui: &mut Ui, stats: &CorpusStats, chart: Chart) -> bool {
    let rows = chart.rows(stats);
    let mut export = false;
    ui.horizontal(|ui| {
        ui.label(RichText::new(chart.title()).strong());
        export = ui
            .small_button("Export CSV...")
            .on_hover_text(format!("Write the figures of \"{}\" as CSV", chart.title()))
            .clicked();
    });
    if rows.is_empty() {
        ui.weak("Nothing to show yet.");
        return export;
    }
    // Named bars (speakers, organisations, rules) lie down so that their names can be read.
    let horizontal = is_named(chart);
    let colour = ui.visuals().selection.bg_fill;
    let count = rows.len();
    let bars: Vec<Bar> = rows
        .iter()
        .enumerate()
        .map(|(i, (label, value))| {
            // Top to bottom in the order given.
            let at = if horizontal {
                (count - 1 - i) as f64
            } else {
                i as f64
            };
            Bar::new(at, *value).name(label).width(0.7).fill(colour)
        })
        .collect();
    let mut bar_chart = BarChart::new(chart.title(), bars).element_formatter(Box::new(
        move |bar: &Bar, _: &BarChart| match chart {
            Chart::Corrections => format!("{}: {:.0}%", bar.name, bar.value * 100.0),
            _ => format!("{}: {}", bar.name, bar.value),
        },
    ));
    if horizontal {
        bar_chart = bar_chart.horizontal();
    }
    let labels: Vec<String> = rows.iter().map(|(l, _)| shorten(l, 28)).collect();
    let label_at = move |mark: GridMark, _: &std::ops::RangeInclusive<f64>| -> String {
        let i = mark.value.round();
        if (mark.value - i).abs() > 1e-6 || i < 0.0 || i as usize >= count {
            return String::new();
        }
        let i = i as usize;
        let index = if horizontal { count - 1 - i } else { i };
        labels.get(index).cloned().unwrap_or_default()
    };
    let every_bar = move |input: GridInput| -> Vec<GridMark> {
        let (lo, hi) = input.bounds;
        (0..count)
            .map(|i| i as f64)
            .filter(|v| *v >= lo.floor() && *v <= hi.ceil())
            .map(|value| GridMark {
                value,
                step_size: 1.0,
            })
            .collect()
    };
    let height = if horizontal {
        (count as f32 * 22.0 + 40.0).clamp(90.0, 420.0)
    } else {
        180.0
    };
    let mut plot = Plot::new(chart.title())
        .height(height)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        // Lines across the values only: a line through each bar's label would cross the bar.
        .show_grid([horizontal, !horizontal]);
    plot = if horizontal {
        plot.y_axis_formatter(label_at)
            .y_grid_spacer(every_bar)
            .y_axis_min_width(150.0)
            .include_x(0.0)
    } else {
        plot.x_axis_formatter(label_at)
            .x_grid_spacer(every_bar)
            .include_y(0.0)
    };
    if chart == Chart::Corrections {
        // Shares: the whole axis from none to all overruled, in per cent.
        plot = plot
            .include_x(1.0)
            .x_axis_formatter(|mark, _| format!("{:.0}%", mark.value * 100.0));
    }
    plot.show(ui, |plot_ui| plot_ui.bar_chart(bar_chart));
    export
}
