//! The article search bar (Ctrl+F): the query, where to look, the hit count, next and previous.
//! It owns what is typed; the controller finds the hits and keeps the current one.

use egui::Ui;

use crate::review::{Command, Controller, SearchQuery};
use crate::search::SearchScope;

use super::app::Cmd;
use super::commands::UiCommand;

/// Where the reviewer chose to look; "one speaker" follows the selected quote's speaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    /// The whole article.
    #[default]
    All,
    /// Inside quotes.
    Quotes,
    /// Inside the quotes of the selected quote's speaker.
    Speaker,
}

/// The search bar's own state.
#[derive(Debug, Default)]
pub struct SearchBar {
    /// Whether the bar is shown.
    pub open: bool,
    text: String,
    scope: Scope,
    /// Give the text field the keyboard on the next frame (Ctrl+F).
    focus: bool,
}

impl SearchBar {
    /// Shows the bar and gives its field the keyboard.
    pub fn start(&mut self) {
        self.open = true;
        self.focus = true;
    }

    /// Shows the bar searching for `text` (the frame bench's search).
    pub fn start_with(&mut self, text: &str) {
        self.start();
        self.text = text.to_string();
    }

    /// Hides the bar (the controller's search is closed by the same key).
    pub fn close(&mut self) {
        self.open = false;
    }

    fn query(&self, review: &Controller) -> Option<SearchQuery> {
        let scope = match self.scope {
            Scope::All => SearchScope::All,
            Scope::Quotes => SearchScope::Quotes,
            Scope::Speaker => {
                let doc = review.document()?;
                let speaker = review
                    .selected_quote()
                    .and_then(|q| doc.quote(q))
                    .and_then(|q| q.speaker.clone())
                    .or_else(|| review.selected_entity().map(str::to_string))?;
                SearchScope::Speaker(speaker)
            }
        };
        Some(SearchQuery {
            text: self.text.clone(),
            scope,
        })
    }

    /// Draws the bar; returns the search to run and the steps asked for.
    pub fn show(&mut self, ui: &mut Ui, review: &Controller) -> Vec<Cmd> {
        let mut cmds = Vec::new();
        if !self.open {
            return cmds;
        }
        // Wrapped: in a narrow article pane the buttons go to a second line rather than
        // widening the pane under the review panel.
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Find:");
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut self.text)
                        .hint_text("text in the article")
                        .desired_width(160.0),
                )
                .labelled_by(label.id);
            if std::mem::take(&mut self.focus) {
                field.request_focus();
            }
            // Enter goes to the next hit and keeps the keyboard in the field.
            if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                cmds.push(Command::SearchStep(true).into());
                field.request_focus();
            }
            let combo = egui::ComboBox::from_id_salt("search-scope")
                .selected_text(match self.scope {
                    Scope::All => "whole article",
                    Scope::Quotes => "within quotes",
                    Scope::Speaker => "this speaker's quotes",
                })
                .width(150.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.scope, Scope::All, "whole article");
                    ui.selectable_value(&mut self.scope, Scope::Quotes, "within quotes");
                    ui.selectable_value(&mut self.scope, Scope::Speaker, "this speaker's quotes");
                });
            combo.response.on_hover_text("Where to look");
            let state = review.search();
            let count = match state {
                Some(s) if s.query.text.trim().is_empty() => String::new(),
                Some(s) if s.hits.is_empty() => "no match".to_string(),
                Some(s) => match s.current {
                    Some(i) => format!("{} of {}", i + 1, s.hits.len()),
                    None => format!("{} matches", s.hits.len()),
                },
                None => String::new(),
            };
            ui.label(count);
            for c in [UiCommand::FindPrevious, UiCommand::FindNext] {
                if c.button(ui, review) {
                    cmds.extend(c.cmd(review));
                }
            }
            if ui
                .button("Close")
                .on_hover_text("Close the search (Esc)")
                .clicked()
            {
                cmds.push(Command::Search(None).into());
                self.open = false;
            }
        });
        if self.open {
            let wanted = self.query(review);
            if review.search().map(|s| &s.query) != wanted.as_ref() {
                // An empty query still opens the search, so the count and keys are live.
                cmds.insert(
                    0,
                    Command::Search(wanted.or(Some(SearchQuery {
                        text: String::new(),
                        scope: SearchScope::All,
                    })))
                    .into(),
                );
            }
        }
        cmds
    }
}
