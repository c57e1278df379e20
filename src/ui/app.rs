//! The review window: the [`Controller`] plus the panels that show it. Each frame the panels
//! read the controller and return [`Cmd`]s, which are carried out at the end of the frame.

use std::time::{Duration, Instant};

use egui::{Ui, ViewportCommand};

use crate::review::{Action, Command, Controller, Options};

use super::adjudication_panel::AdjudicationPanel;
use super::article_view::{ArticleEvent, ArticleView, Focus};
use super::commands::{self, Menu, UiCommand};
use super::dialogs::{Dialogs, Modal};
use super::entity_table::EntityTable;
use super::help::HelpWindows;
use super::quote_table::QuoteTable;
use super::search_bar::SearchBar;
use super::speaker_picker::SpeakerPicker;
use super::theme;

pub use crate::review::{SAMPLE_NAME, SAMPLE_TEXT};

/// Something the reviewer asked for during the frame.
#[derive(Debug, Clone, PartialEq)]
pub enum Cmd {
    /// A command for the controller.
    Review(Command),
    /// Open an entity dialog.
    Dialog(Modal),
    /// Pick the n-th (0-based) speaker candidate the picker shows, then move on.
    PickCandidate(usize),
    /// Show the search bar and give it the keyboard.
    OpenSearch,
    /// Esc: close the search, else a Help window, else the message.
    Escape,
    /// Give the speaker search the keyboard.
    FocusPicker,
    /// Give the note field the keyboard.
    FocusNote,
    /// Show the list of keys.
    ShowKeys,
    /// Show the annotation guide.
    ShowGuide,
}

impl From<Command> for Cmd {
    fn from(cmd: Command) -> Cmd {
        Cmd::Review(cmd)
    }
}

impl From<crate::review::QueueCommand> for Cmd {
    fn from(cmd: crate::review::QueueCommand) -> Cmd {
        Cmd::Review(Command::Queue(cmd))
    }
}

/// The article pane of the open document: its layout and its entities' colours, which start
/// over when another document opens.
pub struct ArticlePane {
    /// The article layout, scroll position and text selection.
    pub view: ArticleView,
    /// Each entity's highlight colour, kept through edits.
    pub colours: theme::SpeakerColours,
    /// The document ([`OpenDoc::serial`](crate::review::OpenDoc::serial)) it shows.
    serial: u64,
}

/// The review window.
pub struct ReviewApp {
    /// What is open, selected and filtered; the files and the questions.
    pub review: Controller,
    /// The open dialog.
    pub dialogs: Dialogs,
    /// The article pane, once a document is open.
    pub article: Option<ArticlePane>,
    picker: SpeakerPicker,
    table: QuoteTable,
    entities: EntityTable,
    queue_panel: super::queue_panel::QueuePanel,
    stats_view: super::stats_view::StatsView,
    /// The article search bar.
    pub search_bar: SearchBar,
    /// The Help windows.
    pub help: HelpWindows,
    /// The preferences last written to eframe's storage.
    stored_prefs: Option<crate::review::Prefs>,
    adjudication: AdjudicationPanel,
    title: String,
    cmds: Vec<Cmd>,
    /// Frame timing for `ARTICLE_REVIEW_BENCH`.
    pub(crate) bench: Option<super::bench::Bench>,
}

impl ReviewApp {
    /// A window in the given set-up; opens `options.file` if given.
    pub fn new(options: Options) -> ReviewApp {
        ReviewApp {
            review: Controller::new(options),
            dialogs: Dialogs::default(),
            article: None,
            picker: SpeakerPicker::default(),
            table: QuoteTable::default(),
            entities: EntityTable::default(),
            queue_panel: Default::default(),
            stats_view: Default::default(),
            search_bar: SearchBar::default(),
            help: HelpWindows::default(),
            stored_prefs: None,
            adjudication: AdjudicationPanel::default(),
            title: String::new(),
            cmds: Vec::new(),
            bench: None,
        }
    }

    /// The article pane's view, once a document is open.
    pub fn article_view(&self) -> Option<&ArticleView> {
        self.article.as_ref().map(|a| &a.view)
    }

    /// Queues a command as if a widget had sent it (for tests and the bench driver).
    pub fn push(&mut self, cmd: impl Into<Cmd>) {
        self.cmds.push(cmd.into());
    }

    fn run_commands(&mut self) {
        for cmd in std::mem::take(&mut self.cmds) {
            match cmd {
                Cmd::Review(cmd) => self.review.apply(cmd),
                Cmd::Dialog(modal) => self.dialogs.open = Some(modal),
                Cmd::PickCandidate(n) => {
                    if let Some(cmd) = self.picker.pick(n, &self.review) {
                        self.review.apply(Command::ThenNext(Box::new(cmd)));
                    }
                }
                Cmd::OpenSearch => self.search_bar.start(),
                Cmd::Escape => {
                    if self.search_bar.open {
                        self.search_bar.close();
                        self.review.apply(Command::Search(None));
                    } else if self.help.keys || self.help.guide {
                        self.help = HelpWindows::default();
                    } else {
                        self.review.apply(Command::DismissBanner);
                    }
                }
                Cmd::FocusPicker => self.picker.focus_search(),
                Cmd::FocusNote => self.picker.focus_note(),
                Cmd::ShowKeys => self.help.keys = true,
                Cmd::ShowGuide => self.help.guide = true,
            }
        }
    }

    /// Keeps the article pane in step with the open document.
    fn sync_article(&mut self) {
        let Some(doc) = self.review.open_doc() else {
            self.article = None;
            return;
        };
        if self.article.as_ref().map(|a| a.serial) != Some(doc.serial) {
            self.article = Some(ArticlePane {
                view: ArticleView::new(&doc.doc().text),
                colours: theme::SpeakerColours::default(),
                serial: doc.serial,
            });
        }
        if let Some(a) = &mut self.article {
            // Before drawing: a document just opened, and entities that last frame's edits
            // added or split out, get their colours.
            a.colours.sync(doc.doc(), doc.session.state_id());
            a.view.selection = self.review.text_selection();
        }
        let reveal = self.review.take_reveal();
        if let (Some(at), Some(a)) = (reveal.article_at, &mut self.article) {
            a.view.scroll_to(at);
        }
        if reveal.table_row {
            self.table.scroll_to_selected = true;
        }
    }

    fn handle_input(&mut self, ui: &Ui) {
        let modal_open = self.review.question().is_some() || self.dialogs.open.is_some();
        if !modal_open {
            let typing = ui.ctx().text_edit_focused();
            for c in commands::pressed(ui, typing) {
                self.cmds.extend(c.cmd(&self.review));
            }
        }

        // Files dropped onto the window.
        let dropped = ui.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .find(|p| !p.as_os_str().is_empty())
        });
        if let Some(path) = dropped {
            self.push(Command::Request(Action::OpenPath(path)));
        }
    }

    // ----- drawing -----

    /// Draws one frame.
    pub fn frame(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        if let Some(bench) = &mut self.bench {
            bench.frame_started(&ctx);
        }
        if let Some(wait) = self.review.tick(Instant::now()) {
            ctx.request_repaint_after(wait);
        }
        self.sync_article();
        self.handle_input(ui);

        if ui.input(|i| i.viewport().close_requested()) && !self.review.may_close() {
            ui.send_viewport_cmd(ViewportCommand::CancelClose);
        }

        let title = self.review.window_title();
        if title != self.title {
            ui.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.title = title;
        }

        let style = ui.style().clone();
        egui::Panel::top("menu")
            .frame(theme::side_panel_frame(&style))
            .show(ui, |ui| self.menu_bar(ui));
        egui::Panel::bottom("status")
            .frame(theme::side_panel_frame(&style))
            .show(ui, |ui| super::chrome::status_bar(ui, &self.review));
        let mut queue_width = 0.0;
        if self.review.queue().is_some() {
            let mut cmds = Vec::new();
            queue_width = egui::Panel::left("queue-panel")
                .frame(theme::side_panel_frame(&style))
                .resizable(true)
                .default_size(440.0)
                .size_range(280.0..=900.0)
                .show(ui, |ui| cmds = self.queue_panel.show(ui, &self.review))
                .response
                .rect
                .width();
            self.cmds.extend(cmds);
        }
        if self.review.adjudication().is_some() {
            egui::Panel::bottom("adjudication")
                .frame(theme::side_panel_frame(&style))
                .resizable(true)
                .default_size(250.0)
                .size_range(120.0..=700.0)
                .show(ui, |ui| {
                    let cmds = self.adjudication.show(ui, &self.review);
                    self.cmds.extend(cmds);
                });
        }
        if self.review.open_doc().is_some() {
            // The tables get a little more than half the window the first time (beside the
            // queue, if one is open); after that the reviewer's width is remembered.
            let default_width = ((ui.available_width() - queue_width) * 0.56).clamp(480.0, 800.0);
            egui::Panel::right("review-panel")
                .frame(theme::side_panel_frame(&style))
                .resizable(true)
                .default_size(default_width)
                .size_range(360.0..=1400.0)
                .show(ui, |ui| self.review_panel(ui));
        }
        egui::CentralPanel::default()
            .frame(theme::central_panel_frame(&style))
            .show(ui, |ui| {
                let banner = super::chrome::banner(ui, &self.review);
                self.cmds.extend(banner);
                let offer = super::queue_panel::offer_bar(ui, &self.review);
                self.cmds.extend(offer);
                if self.review.open_doc().is_some() {
                    self.article_panel(ui);
                } else {
                    let start = super::chrome::start_screen(ui, &self.review);
                    self.cmds.extend(start);
                }
            });
        self.help.show(&ctx);
        let stats = self.stats_view.show(&ctx, &self.review);
        self.cmds.extend(stats);
        let answers = self.dialogs.show(&ctx, &self.review);
        self.cmds.extend(answers);
        self.drop_overlay(&ctx);
        self.run_commands();
        if self.review.take_close() {
            ctx.send_viewport_cmd(ViewportCommand::Close);
        }
        if self.review.is_busy() {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
        if self.bench.is_some() {
            super::bench::drive(self, &ctx);
        }
    }

    fn menu_bar(&mut self, ui: &mut Ui) {
        let recent = self.review.prefs().recent;
        let review = &self.review;
        let mut cmds: Vec<Cmd> = Vec::new();
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                let recent_menu = |ui: &mut Ui, after: UiCommand| {
                    if after == UiCommand::ExportCsv {
                        return super::exchange_menu::export_submenu(ui, review);
                    }
                    if after != UiCommand::Open {
                        return None;
                    }
                    ui.menu_button("Open Recent", |ui| {
                        if recent.is_empty() {
                            ui.label("No recent files");
                        }
                        recent
                            .iter()
                            .find(|path| ui.button(path.display().to_string()).clicked())
                            .map(|path| Command::Request(Action::OpenPath(path.clone())).into())
                    })
                    .inner
                    .flatten()
                };
                cmds.extend(commands::menu(ui, review, Menu::File, recent_menu));
            });
            ui.menu_button("Edit", |ui| {
                cmds.extend(commands::menu(ui, review, Menu::Edit, |_, _| None));
            });
            ui.menu_button("Review", |ui| {
                cmds.extend(commands::menu(ui, review, Menu::Review, |_, _| None));
            });
            ui.menu_button("Queue", |ui| {
                cmds.extend(commands::menu(ui, review, Menu::Queue, |_, _| None));
            });
            ui.menu_button("View", |ui| {
                let mut pref = ui.options(|o| o.theme_preference);
                let before = pref;
                ui.radio_value(
                    &mut pref,
                    egui::ThemePreference::System,
                    "Follow the system theme",
                );
                ui.radio_value(&mut pref, egui::ThemePreference::Light, "Light");
                ui.radio_value(&mut pref, egui::ThemePreference::Dark, "Dark");
                if pref != before {
                    ui.ctx().set_theme(pref);
                }
                ui.separator();
                let mut window_browser = review.prefs().window_file_browser;
                let toggle = ui
                    .checkbox(&mut window_browser, "Use the window's file browser")
                    .on_hover_text(
                        "For Open, Save As and Export, instead of the system's file dialog",
                    );
                if toggle.changed() {
                    cmds.push(Command::WindowFileBrowser(window_browser).into());
                }
            });
            ui.menu_button("Help", |ui| {
                cmds.extend(commands::menu(ui, review, Menu::Help, |_, _| None));
            });
        });
        self.cmds.extend(cmds);
    }

    fn article_panel(&mut self, ui: &mut Ui) {
        let review = &self.review;
        let (Some(doc), Some(pane)) = (review.open_doc(), &mut self.article) else {
            return;
        };
        let d = doc.doc();
        let mut cmds: Vec<Cmd> = super::chrome::article_header(ui, review);
        cmds.extend(self.search_bar.show(ui, review));
        ui.separator();
        let focus = Focus {
            quote: self
                .review
                .selected_quote()
                .and_then(|id| d.quotes.iter().position(|q| q.id == id)),
            entity: self
                .review
                .selected_entity()
                .and_then(|id| d.entities.iter().position(|e| e.id == id)),
            hits: review.search().map(|s| s.hits.as_slice()).unwrap_or(&[]),
            current_hit: review.search().and_then(|s| s.current),
        };
        let state = doc.session.state_id();
        let selection_before = pane.view.selection;
        let event = pane.view.show(ui, d, state, &focus, &pane.colours);
        if pane.view.selection != selection_before {
            cmds.push(Command::SelectText(pane.view.selection).into());
        }
        if let Some(ArticleEvent::Clicked(c)) = event {
            let hit = d
                .quotes
                .iter()
                .find(|q| {
                    if q.fragments.is_empty() {
                        q.start <= c && c < q.end
                    } else {
                        q.fragments.iter().any(|f| f.start <= c && c < f.end)
                    }
                })
                .map(|q| q.id.clone());
            if hit.is_some() {
                cmds.push(
                    Command::SelectQuote {
                        id: hit,
                        scroll: false,
                    }
                    .into(),
                );
            } else if let Some(e) = d
                .entities
                .iter()
                .find(|e| e.mentions.iter().any(|m| m.start <= c && c < m.end))
            {
                cmds.push(Command::SelectEntity(Some(e.id.clone())).into());
            }
        }
        self.cmds.extend(cmds);
    }

    fn review_panel(&mut self, ui: &mut Ui) {
        let style = ui.style().clone();
        let Some(pane) = &self.article else { return };
        let colours = &pane.colours;
        let review = &self.review;
        let mut cmds = Vec::new();
        egui::Panel::bottom("entity-panel")
            .frame(theme::side_panel_frame(&style))
            .resizable(true)
            .default_size(230.0)
            .size_range(120.0..=800.0)
            .show(ui, |ui| {
                cmds.extend(self.entities.show(ui, review, colours));
            });
        egui::Panel::top("quote-details")
            .frame(theme::side_panel_frame(&style))
            .resizable(false)
            .show(ui, |ui| cmds.extend(self.picker.show(ui, review, colours)));
        egui::CentralPanel::default()
            .frame(theme::central_panel_frame(&style))
            .show(ui, |ui| cmds.extend(self.table.show(ui, review, colours)));
        self.cmds.extend(cmds);
    }

    fn drop_overlay(&self, ctx: &egui::Context) {
        let hovering = ctx.input(|i| !i.raw.hovered_files.is_empty());
        if !hovering {
            return;
        }
        let painter = ctx.layer_painter(egui::LayerId::new(
            egui::Order::Foreground,
            egui::Id::unique("drop-overlay"),
        ));
        let rect = ctx.content_rect();
        let (veil, text) = theme::Palette::for_visuals(&ctx.global_style().visuals).drop_overlay();
        painter.rect_filled(rect, 0.0, veil);
        painter.text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            "Drop a file or folder to open it",
            egui::FontId::proportional(24.0),
            text,
        );
    }
}

impl eframe::App for ReviewApp {
    fn ui(&mut self, ui: &mut Ui, frame: &mut eframe::Frame) {
        if let Some(bench) = &mut self.bench {
            bench.previous_cpu(frame.info().cpu_usage);
        }
        self.frame(ui);
        // Recent files and the other preferences are written when they change, not only at
        // exit: a killed window keeps them.
        let prefs = self.review.prefs();
        if self.stored_prefs.as_ref() != Some(&prefs)
            && let Some(storage) = frame.storage_mut()
        {
            eframe::set_value(storage, eframe::APP_KEY, &prefs);
            storage.flush();
            self.stored_prefs = Some(prefs);
        }
    }

    /// The panel colour: panels leave their background to the clear (see `theme::unfilled`).
    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        visuals.panel_fill.to_normalized_gamma_f32()
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.review.prefs());
    }
}
