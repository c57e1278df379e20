//! Colours that work on both the light and the dark theme.

use egui::{Color32, Visuals};

use crate::document::model::EntityType;

/// Distinct hues for speakers, cycled by entity position.
const SPEAKER_HUES: [(u8, u8, u8); 10] = [
    (66, 133, 244), // blue
    (230, 124, 36), // orange
    (52, 168, 83),  // green
    (171, 71, 188), // purple
    (0, 150, 160),  // teal
    (219, 68, 85),  // red
    (158, 120, 60), // brown
    (96, 125, 139), // slate
    (200, 160, 0),  // mustard
    (233, 30, 140), // pink
];

/// The colours of one theme.
#[derive(Debug, Clone)]
pub struct Palette {
    dark: bool,
    /// Article text.
    pub text: Color32,
    /// Rejected quotes and secondary text.
    pub weak_text: Color32,
    /// Text on a strong speaker background.
    pub on_strong: Color32,
    /// The cue of the selected quote.
    pub cue: Color32,
    /// The reviewer's text selection.
    pub selection: Color32,
}

impl Palette {
    /// The palette for the current theme.
    pub fn for_visuals(v: &Visuals) -> Palette {
        let dark = v.dark_mode;
        Palette {
            dark,
            text: if dark {
                Color32::from_gray(225)
            } else {
                Color32::from_gray(25)
            },
            weak_text: v.weak_text_color(),
            on_strong: Color32::WHITE,
            cue: if dark {
                Color32::from_rgb(255, 200, 90)
            } else {
                Color32::from_rgb(170, 80, 0)
            },
            selection: v.selection.bg_fill.gamma_multiply(0.8),
        }
    }

    /// The hue of the speaker at entity position `speaker`.
    pub fn speaker(&self, speaker: Option<usize>) -> Color32 {
        match speaker {
            Some(i) => {
                let (r, g, b) = SPEAKER_HUES[i % SPEAKER_HUES.len()];
                Color32::from_rgb(r, g, b)
            }
            None => Color32::from_gray(128),
        }
    }

    /// The background of a quote by this speaker (None: unattributed).
    pub fn quote_background(&self, speaker: Option<usize>, selected: bool) -> Color32 {
        let alpha = match (self.dark, selected) {
            (false, false) => 0.20,
            (false, true) => 0.45,
            (true, false) => 0.28,
            (true, true) => 0.55,
        };
        self.speaker(speaker).gamma_multiply(alpha)
    }

    /// The background of the selected quote's speaker mention.
    pub fn speaker_strong(&self, speaker: Option<usize>) -> Color32 {
        let c = self.speaker(speaker);
        if self.dark { c.gamma_multiply(0.9) } else { c }
    }

    /// The underline colour of an entity type.
    pub fn entity_type(&self, t: EntityType) -> Color32 {
        match (t, self.dark) {
            (EntityType::Person, false) => Color32::from_rgb(30, 90, 200),
            (EntityType::Person, true) => Color32::from_rgb(120, 170, 255),
            (EntityType::Org, false) => Color32::from_rgb(190, 90, 0),
            (EntityType::Org, true) => Color32::from_rgb(255, 170, 80),
            (EntityType::Loc, false) => Color32::from_rgb(20, 140, 60),
            (EntityType::Loc, true) => Color32::from_rgb(110, 210, 130),
            (EntityType::Misc, false) => Color32::from_rgb(140, 60, 170),
            (EntityType::Misc, true) => Color32::from_rgb(200, 140, 230),
        }
    }
}

/// A panel frame that leaves its background to the window's clear colour.
///
/// On a software rasteriser (llvmpipe, what a desktop without a GPU or a remote session gets)
/// every covered pixel costs: one window-sized panel fill took about 28 ms a frame under Xvfb.
/// The window is cleared to the panel colour anyway (see `ReviewApp::clear_color`), so panels
/// need not paint it again, and nested panels do not paint the same pixels twice.
pub fn unfilled(frame: egui::Frame) -> egui::Frame {
    frame.fill(Color32::TRANSPARENT)
}

/// The top, bottom and side panel frame without its fill.
pub fn side_panel_frame(style: &egui::Style) -> egui::Frame {
    unfilled(egui::Frame::side_top_panel(style))
}

/// The central panel frame without its fill.
pub fn central_panel_frame(style: &egui::Style) -> egui::Frame {
    unfilled(egui::Frame::central_panel(style))
}
