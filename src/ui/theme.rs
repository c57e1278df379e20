//! Colours that work on both the light and the dark theme.

use std::collections::HashMap;

use egui::{Color32, Visuals};

use crate::document::model::{Document, EntityType, Quote, QuoteStatus};

/// Distinct hues for speakers, cycled by colour slot (see [`SpeakerColours`]).
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

    /// The hue of colour slot `speaker` (from [`SpeakerColours::slot`]); grey for none.
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

    /// The colour of a review status label.
    pub fn status(&self, status: QuoteStatus) -> Color32 {
        match (status, self.dark) {
            (QuoteStatus::Auto, dark) => Color32::from_gray(if dark { 170 } else { 100 }),
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

    /// The banner's fill and border: red for an error, green for information.
    pub fn banner(&self, error: bool) -> (Color32, Color32) {
        if error {
            let red = Color32::from_rgb(200, 50, 50);
            (red.gamma_multiply(0.25), red)
        } else {
            let green = Color32::from_rgb(60, 140, 60);
            (green.gamma_multiply(0.2), green)
        }
    }

    /// The veil over the window while a file is dragged over it, and its text.
    pub fn drop_overlay(&self) -> (Color32, Color32) {
        (Color32::from_black_alpha(150), Color32::WHITE)
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

/// Which hue each entity has, for as long as its document is open.
///
/// Colours follow the entity, not its place in the list: merging, deleting or adding entities
/// (and undoing that) never repaints the others. Speakers are coloured first, in the order of
/// their first quote, so the people quoted get distinct hues before anyone else; an entity that
/// becomes a speaker later (the reviewer picked it) moves once to the hue least used by the other
/// speakers (present and past), and keeps it from then on.
#[derive(Debug, Clone, Default)]
pub struct SpeakerColours {
    hues: HashMap<String, usize>,
    /// Entities whose hue has been shown as a speaker's: these never change again.
    settled: std::collections::HashSet<String>,
    next: usize,
    /// The document state (`EditSession::state_id`) the hues were last brought up to date with.
    synced: Option<u64>,
}

impl SpeakerColours {
    /// Brings the hues up to date with `doc` in state `state`: new speakers get the least-used
    /// hue, new entities the next one; everyone else keeps theirs. Nothing to do when the state
    /// has not changed since the last call.
    pub fn sync(&mut self, doc: &Document, state: u64) {
        if self.synced == Some(state) {
            return;
        }
        self.synced = Some(state);
        let mut speakers: Vec<&str> = Vec::new();
        for id in doc.quotes.iter().filter_map(|q| q.speaker.as_deref()) {
            if !speakers.contains(&id) {
                speakers.push(id);
            }
        }
        for id in speakers {
            if self.settled.contains(id) {
                continue;
            }
            // Hues of everyone shown as a speaker so far, including former speakers, whose
            // colour still marks them in the entity table.
            let mut used = [0usize; SPEAKER_HUES.len()];
            for other in &self.settled {
                if let Some(&h) = self.hues.get(other) {
                    used[h] += 1;
                }
            }
            let least = used.iter().copied().min().unwrap_or(0);
            let hue = match self.hues.get(id) {
                Some(&h) if used[h] == least => h,
                _ => used.iter().position(|&u| u == least).unwrap_or(0),
            };
            if !self.hues.contains_key(id) {
                self.next += 1;
            }
            self.hues.insert(id.to_string(), hue);
            self.settled.insert(id.to_string());
        }
        for e in &doc.entities {
            if !self.hues.contains_key(&e.id) {
                self.hues
                    .insert(e.id.clone(), self.next % SPEAKER_HUES.len());
                self.next += 1;
            }
        }
    }

    /// The hue of entity `id` (for [`Palette::speaker`]).
    pub fn slot(&self, id: &str) -> Option<usize> {
        self.hues.get(id).copied()
    }

    /// The hue of `quote`'s speaker; `None` when it has none.
    pub fn of_speaker(&self, quote: &Quote) -> Option<usize> {
        quote.speaker.as_deref().and_then(|id| self.slot(id))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::model::{Entity, Meta, Origin, QuoteKind, QuoteStatus, Source};

    fn entity(id: &str) -> Entity {
        Entity {
            id: id.into(),
            name: id.into(),
            entity_type: EntityType::Person,
            origin: Origin::Auto,
            mentions: vec![],
            gender: None,
        }
    }

    fn quote_by(speaker: &str) -> Quote {
        Quote {
            id: "q1".into(),
            kind: QuoteKind::Direct,
            start: 0,
            end: 2,
            text: "Hi".into(),
            speaker: Some(speaker.into()),
            speaker_mention: None,
            cue: None,
            confidence: 0.5,
            rule: "test".into(),
            status: QuoteStatus::Auto,
            predicted: None,
            fragments: vec![],
            note: None,
            flag: None,
        }
    }

    fn document(entities: usize, speakers: &[&str]) -> Document {
        let mut doc = Document::new("Hi".into(), Source::in_memory(), Meta::default());
        doc.entities = (1..=entities).map(|n| entity(&format!("e{n}"))).collect();
        doc.quotes = speakers.iter().map(|s| quote_by(s)).collect();
        doc
    }

    #[test]
    fn speakers_come_first_and_colours_survive_edits() {
        let mut doc = document(3, &["e3"]);
        let mut colours = SpeakerColours::default();
        colours.sync(&doc, 0);
        assert_eq!(colours.slot("e3"), Some(0));
        assert_eq!(colours.slot("e1"), Some(1));
        assert_eq!(colours.slot("e2"), Some(2));
        // e1 merged away and e4 added: nobody else changes colour, the new one gets a new hue.
        doc.entities = vec![entity("e2"), entity("e3"), entity("e4")];
        colours.sync(&doc, 1);
        assert_eq!(colours.slot("e2"), Some(2));
        assert_eq!(colours.slot("e3"), Some(0));
        assert_eq!(colours.slot("e4"), Some(3));
        // Undo brings e1 back with its old colour.
        assert_eq!(colours.slot("e1"), Some(1));
        assert_eq!(colours.slot("nobody"), None);
    }

    #[test]
    fn a_new_speaker_takes_a_hue_no_other_speaker_has() {
        // Twelve entities, three speakers: e11's first hue is e1's (the ten hues wrap around).
        let mut doc = document(12, &["e1", "e2", "e3"]);
        let mut colours = SpeakerColours::default();
        colours.sync(&doc, 0);
        let first: Vec<_> = ["e1", "e2", "e3"].map(|e| colours.slot(e).unwrap()).into();
        assert_eq!(first, vec![0, 1, 2]);
        assert_eq!(colours.slot("e11"), colours.slot("e1"));
        // The reviewer makes e11 the speaker of the third quote.
        doc.quotes[2].speaker = Some("e11".into());
        colours.sync(&doc, 1);
        let e11 = colours.slot("e11").unwrap();
        assert!(!first.contains(&e11), "e11 got hue {e11}, a speaker's");
        // The old speakers keep theirs, e3 too though it speaks no more.
        assert_eq!(colours.slot("e3"), Some(2));
        // Once shown as a speaker's colour, e11's stays, also when it stops speaking.
        doc.quotes[2].speaker = Some("e3".into());
        colours.sync(&doc, 2);
        assert_eq!(colours.slot("e11"), Some(e11));
    }
}
