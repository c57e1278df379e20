//! Colours that work on both the light and the dark theme.

use std::collections::HashSet;

use egui::{Color32, Visuals};
use rustc_hash::FxHashMap;

use crate::colours::{self, SpeakerStyle};
use crate::document::model::{Document, EntityType, Quote, QuoteStatus};

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

    /// The base colour of speaker style `speaker` (from [`SpeakerColours::slot`]), for
    /// backgrounds and swatches; grey for none.
    pub fn speaker(&self, speaker: Option<usize>) -> Color32 {
        match speaker {
            Some(slot) => rgb(style_of_slot(slot).base()),
            None => Color32::from_gray(128),
        }
    }

    /// The colour of a speaker's name: its hue, as dark (light theme) or as light (dark
    /// theme) as it must be to keep 4.5:1 contrast; weak text for none.
    pub fn speaker_text(&self, speaker: Option<usize>) -> Color32 {
        match speaker {
            Some(slot) => rgb(style_of_slot(slot).text(self.dark)),
            None => self.weak_text,
        }
    }

    /// The colour of a confidence level: doubtful proposals stand out.
    pub fn confidence(&self, level: crate::triage::ConfidenceLevel) -> Color32 {
        use crate::triage::ConfidenceLevel as L;
        match (level, self.dark) {
            (L::Doubtful, false) => Color32::from_rgb(200, 50, 50),
            (L::Doubtful, true) => Color32::from_rgb(255, 110, 110),
            (L::Fair, false) => Color32::from_rgb(190, 120, 0),
            (L::Fair, true) => Color32::from_rgb(240, 180, 60),
            (L::Confident, false) => Color32::from_rgb(40, 140, 60),
            (L::Confident, true) => Color32::from_rgb(110, 210, 130),
        }
    }

    /// The colour of a reviewer's flag.
    pub fn flag(&self) -> Color32 {
        if self.dark {
            Color32::from_rgb(255, 140, 90)
        } else {
            Color32::from_rgb(180, 60, 0)
        }
    }

    /// The background of a search hit; the current one stands out.
    pub fn search_hit(&self, current: bool) -> Color32 {
        match (current, self.dark) {
            (true, _) => Color32::from_rgb(255, 150, 0),
            (false, false) => Color32::from_rgb(255, 235, 90),
            (false, true) => Color32::from_rgb(130, 110, 0),
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

    /// The banner's fill and border: red for an error, blue for a hint (what to do first),
    /// green for information.
    pub fn banner(&self, error: bool, hint: bool) -> (Color32, Color32) {
        let edge = if error {
            Color32::from_rgb(200, 50, 50)
        } else if hint {
            Color32::from_rgb(50, 110, 210)
        } else {
            Color32::from_rgb(60, 140, 60)
        };
        (edge.gamma_multiply(if error { 0.25 } else { 0.2 }), edge)
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

fn rgb(c: colours::Rgb) -> Color32 {
    Color32::from_rgb(c.0, c.1, c.2)
}

/// The style a colour slot stands for: slots number the hue and pattern pairs.
fn style_of_slot(slot: usize) -> SpeakerStyle {
    SpeakerStyle {
        hue: slot % colours::HUES,
        pattern: (slot / colours::HUES) % colours::PATTERNS,
    }
}

/// The colour slot of a style, for [`Palette::speaker`].
fn slot_of_style(style: SpeakerStyle) -> usize {
    style.pattern * colours::HUES + style.hue
}

/// Each entity's colour style while its document is open, from [`colours::assign_styles`]:
/// the same every time a file is opened (it depends only on the names and who speaks), and no
/// two speakers share one. During a session colours follow the entity: a new speaker (the
/// reviewer picked it) takes a style no other speaker has, and nobody else is repainted.
#[derive(Debug, Clone, Default)]
pub struct SpeakerColours {
    /// Looked up for every speaker mark painted, so hashed with Fx rather than SipHash.
    styles: FxHashMap<String, SpeakerStyle>,
    /// The document state (`EditSession::state_id`) the styles were last brought up to date with.
    synced: Option<u64>,
}

impl SpeakerColours {
    /// Brings the styles up to date with `doc` in state `state`. Nothing to do when the state
    /// has not changed since the last call.
    pub fn sync(&mut self, doc: &Document, state: u64) {
        if self.synced == Some(state) {
            return;
        }
        self.synced = Some(state);
        let fresh = colours::assign_styles(doc);
        if self.styles.is_empty() {
            self.styles = fresh.into_iter().collect();
            return;
        }
        let speakers: HashSet<&str> = doc
            .quotes
            .iter()
            .filter_map(|q| q.speaker.as_deref())
            .collect();
        let mut taken = vec![false; colours::HUES * colours::PATTERNS];
        let mut newcomers = Vec::new();
        for e in &doc.entities {
            let is_speaker = speakers.contains(e.id.as_str());
            match self.styles.get(&e.id) {
                Some(&style) if is_speaker && !taken[slot_of_style(style)] => {
                    taken[slot_of_style(style)] = true;
                }
                _ if is_speaker => newcomers.push(e),
                Some(_) => {}
                None => {
                    self.styles.insert(e.id.clone(), fresh[&e.id]);
                }
            }
        }
        for e in newcomers {
            let style = colours::free_style(colours::preferred_style(&e.name), &taken);
            taken[slot_of_style(style)] = true;
            self.styles.insert(e.id.clone(), style);
        }
    }

    /// The colour slot of entity `id` (for [`Palette::speaker`]).
    pub fn slot(&self, id: &str) -> Option<usize> {
        self.styles.get(id).copied().map(slot_of_style)
    }

    /// The style of entity `id`: its pattern tells apart speakers that share a hue.
    pub fn style(&self, id: &str) -> Option<SpeakerStyle> {
        self.styles.get(id).copied()
    }

    /// The colour slot of `quote`'s speaker; `None` when it has none.
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
    fn no_two_speakers_share_a_colour_and_reopening_gives_the_same_ones() {
        // Fifteen speakers: more than the twelve hues, so patterns tell the rest apart.
        let speakers: Vec<String> = (1..=15).map(|n| format!("e{n}")).collect();
        let refs: Vec<&str> = speakers.iter().map(String::as_str).collect();
        let doc = document(15, &refs);
        let mut colours = SpeakerColours::default();
        colours.sync(&doc, 0);
        let slots: HashSet<usize> = refs.iter().map(|e| colours.slot(e).unwrap()).collect();
        assert_eq!(slots.len(), 15, "every speaker has a style of its own");
        let mut again = SpeakerColours::default();
        again.sync(&doc, 7);
        for e in &refs {
            assert_eq!(colours.slot(e), again.slot(e), "{e} after reopening");
        }
    }

    #[test]
    fn a_new_speaker_takes_a_free_style_and_nobody_else_is_repainted() {
        let mut doc = document(4, &["e1", "e2", "e3"]);
        let mut colours = SpeakerColours::default();
        colours.sync(&doc, 0);
        let before: Vec<_> = ["e1", "e2", "e3"].map(|e| colours.slot(e).unwrap()).into();
        // The reviewer makes e4 the speaker of the third quote.
        doc.quotes[2].speaker = Some("e4".into());
        colours.sync(&doc, 1);
        let e4 = colours.slot("e4").unwrap();
        assert!(!before[..2].contains(&e4), "e4 took a speaker's colour");
        assert_eq!(colours.slot("e1"), Some(before[0]));
        assert_eq!(colours.slot("e2"), Some(before[1]));
        assert_eq!(colours.slot("nobody"), None);
    }

    #[test]
    fn names_keep_four_and_a_half_to_one_on_the_light_theme() {
        let palette = Palette::for_visuals(&Visuals::light());
        for slot in 0..colours::HUES {
            let c = palette.speaker_text(Some(slot));
            let text = colours::Rgb(c.r(), c.g(), c.b());
            assert!(
                text.contrast(colours::Rgb(255, 255, 255)) >= 4.5,
                "slot {slot}"
            );
        }
    }
}
