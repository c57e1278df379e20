//! File > Export as: the command table's export commands (brat, Label Studio, doccano, CoNLL)
//! as one submenu after "Export quotes as CSV...".

use egui::Ui;

use crate::review::Controller;
use crate::review::exchange::EXPORT_FORMATS;

use super::app::Cmd;
use super::commands::UiCommand;

/// The "Export as" submenu; returns the export chosen.
pub fn export_submenu(ui: &mut Ui, review: &Controller) -> Option<Cmd> {
    ui.menu_button("Export as", |ui| {
        let mut chosen = None;
        for format in EXPORT_FORMATS {
            let c = UiCommand::ExportAs(format);
            if c.menu_item(ui, review) {
                chosen = c.cmd(review);
            }
        }
        chosen
    })
    .inner
    .flatten()
}
