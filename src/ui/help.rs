//! The Help windows: the keys (made from the command table) and the annotation guide
//! (docs/guide.md, built into the binary so the window and the docs never differ).

use egui::{Context, RichText, Ui};

use super::commands;

/// The annotation guide, as in docs/guide.md.
pub const GUIDE: &str = include_str!("../../docs/guide.md");

/// Which Help windows are open.
#[derive(Debug, Default)]
pub struct HelpWindows {
    /// The list of keys (`?`).
    pub keys: bool,
    /// The annotation guide (F1).
    pub guide: bool,
}

impl HelpWindows {
    /// Draws the open windows.
    pub fn show(&mut self, ctx: &Context) {
        egui::Window::new("Keys")
            .open(&mut self.keys)
            .default_width(420.0)
            .resizable(true)
            .show(ctx, |ui| {
                egui::ScrollArea::vertical().show(ui, commands::help);
            });
        egui::Window::new("Annotation guide")
            .open(&mut self.guide)
            .default_size([620.0, 560.0])
            .resizable(true)
            .show(ctx, |ui| {
                egui::ScrollArea::vertical().show(ui, guide);
            });
    }
}

/// The guide's Markdown as plain widgets: headings, paragraphs, list items and table rows.
fn guide(ui: &mut Ui) {
    let mut paragraph = String::new();
    let flush = |ui: &mut Ui, paragraph: &mut String| {
        if !paragraph.is_empty() {
            ui.add(egui::Label::new(plain(paragraph)).wrap());
            paragraph.clear();
        }
    };
    for line in GUIDE.lines() {
        let trimmed = line.trim();
        if let Some(h) = trimmed.strip_prefix("# ") {
            flush(ui, &mut paragraph);
            ui.heading(plain(h));
        } else if let Some(h) = trimmed.strip_prefix("## ").or(trimmed.strip_prefix("### ")) {
            flush(ui, &mut paragraph);
            ui.add_space(8.0);
            ui.label(RichText::new(plain(h)).strong().size(15.0));
        } else if trimmed.is_empty() {
            flush(ui, &mut paragraph);
            ui.add_space(4.0);
        } else if trimmed.starts_with("|---") {
            continue;
        } else if let Some(row) = trimmed.strip_prefix('|') {
            flush(ui, &mut paragraph);
            let cells: Vec<String> = row
                .trim_end_matches('|')
                .split('|')
                .map(|c| plain(c.trim()))
                .collect();
            ui.add(egui::Label::new(cells.join("  —  ")).wrap());
        } else if let Some(item) = trimmed.strip_prefix("- ") {
            flush(ui, &mut paragraph);
            paragraph.push_str("•  ");
            paragraph.push_str(item);
        } else {
            if !paragraph.is_empty() {
                paragraph.push(' ');
            }
            paragraph.push_str(trimmed);
        }
    }
    flush(ui, &mut paragraph);
}

/// Markdown's emphasis and code marks left out.
fn plain(text: &str) -> String {
    text.replace("**", "").replace('`', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guide_covers_kinds_rejection_pronouns_and_every_flag() {
        for needle in ["direct", "mixed", "indirect", "reject", "pronoun"] {
            assert!(GUIDE.to_lowercase().contains(needle), "{needle}");
        }
        for flag in crate::document::model::QuoteFlag::ALL {
            assert!(GUIDE.contains(flag.label()), "{}", flag.label());
        }
        assert_eq!(plain("**direct** `x`"), "direct x");
    }
}
