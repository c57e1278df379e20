//! Speaker colours without a GUI: which style each entity gets, and the colours of each style
//! on the light and the dark theme, with their contrast measured.
//!
//! A speaker's style follows from its normalised name, so it is the same every time a file is
//! opened (no counter, no order of discovery). Two speakers of one document never share a style:
//! the first twelve get twelve different hues, more speakers add a pattern to a hue. A name drawn
//! in its speaker's colour keeps at least [`MIN_TEXT_CONTRAST`] against the theme's background.

use std::collections::{BTreeMap, HashMap};

use crate::document::model::Document;

/// How many hues there are, spread round the colour wheel.
pub const HUES: usize = 12;
/// How many patterns tell apart speakers that share a hue (solid, dashed, dotted).
pub const PATTERNS: usize = 3;
/// WCAG AA contrast for normal text.
pub const MIN_TEXT_CONTRAST: f64 = 4.5;

/// The light theme's backgrounds text is drawn on: window, panels, a selected row's tint.
pub const LIGHT_BACKGROUNDS: [Rgb; 3] =
    [Rgb(255, 255, 255), Rgb(248, 248, 248), Rgb(230, 230, 230)];
/// The dark theme's backgrounds.
pub const DARK_BACKGROUNDS: [Rgb; 3] = [Rgb(10, 10, 10), Rgb(27, 27, 27), Rgb(60, 60, 60)];

/// An sRGB colour, 8 bits a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// WCAG relative luminance in [0, 1].
    pub fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// WCAG contrast ratio between two colours, in [1, 21].
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// The colour of hue `degrees`, saturation and lightness in [0, 1] (HSL).
    pub fn from_hsl(degrees: f64, saturation: f64, lightness: f64) -> Rgb {
        let c = (1.0 - (2.0 * lightness - 1.0).abs()) * saturation;
        let h = degrees.rem_euclid(360.0) / 60.0;
        let x = c * (1.0 - (h % 2.0 - 1.0).abs());
        let (r, g, b) = match h as u32 {
            0 => (c, x, 0.0),
            1 => (x, c, 0.0),
            2 => (0.0, c, x),
            3 => (0.0, x, c),
            4 => (x, 0.0, c),
            _ => (c, 0.0, x),
        };
        let m = lightness - c / 2.0;
        let to8 = |v: f64| ((v + m) * 255.0).round().clamp(0.0, 255.0) as u8;
        Rgb(to8(r), to8(g), to8(b))
    }
}

/// How a speaker is drawn: a hue and, when hues run out, a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SpeakerStyle {
    /// Index into the hues, `< HUES`.
    pub hue: usize,
    /// 0 solid, 1 dashed, 2 dotted underline; `< PATTERNS`.
    pub pattern: usize,
}

/// The hue angle of hue `i`: the twelve steps of 30° from a blue, visited five steps at a time
/// (5 and 12 share no factor, so every step is used once). Neighbouring hue numbers are then
/// 150° apart: two speakers whose names hash to neighbours, or who take the next free hue, get
/// clearly different colours rather than blue and indigo.
fn hue_degrees(hue: usize) -> f64 {
    (215.0 + 30.0 * ((hue % HUES) * 5 % HUES) as f64).rem_euclid(360.0)
}

/// The saturation of every speaker colour.
const SATURATION: f64 = 0.85;

impl SpeakerStyle {
    /// The base colour, for quote backgrounds (drawn translucent) and swatches.
    pub fn base(self) -> Rgb {
        Rgb::from_hsl(hue_degrees(self.hue), SATURATION, 0.5)
    }

    /// The colour of a name in this style: the lightest shade (light theme) or the darkest
    /// (dark theme) of the hue that keeps [`MIN_TEXT_CONTRAST`] on every background of the
    /// theme, so the hue stays as vivid as the contrast allows.
    pub fn text(self, dark: bool) -> Rgb {
        let backgrounds: &[Rgb] = if dark {
            &DARK_BACKGROUNDS
        } else {
            &LIGHT_BACKGROUNDS
        };
        let readable = |l: f64| {
            let c = Rgb::from_hsl(hue_degrees(self.hue), SATURATION, l);
            backgrounds
                .iter()
                .all(|&b| c.contrast(b) >= MIN_TEXT_CONTRAST + 0.05)
        };
        // Lightness in hundredths, searched from the vivid middle outwards.
        let steps: Box<dyn Iterator<Item = u32>> = if dark {
            Box::new(50..=100)
        } else {
            Box::new((0..=50).rev())
        };
        let lightness = steps
            .map(|l| f64::from(l) / 100.0)
            .find(|&l| readable(l))
            .unwrap_or(if dark { 1.0 } else { 0.0 });
        Rgb::from_hsl(hue_degrees(self.hue), SATURATION, lightness)
    }
}

/// A name as it identifies a speaker across sessions: lower case, single spaces.
pub fn normalised_name(name: &str) -> String {
    name.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A stable 64-bit hash (FNV-1a): the same on every machine and Rust version.
fn stable_hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The style an entity called `name` prefers: its hue from its normalised name, solid.
pub fn preferred_style(name: &str) -> SpeakerStyle {
    SpeakerStyle {
        hue: (stable_hash(&normalised_name(name)) % HUES as u64) as usize,
        pattern: 0,
    }
}

/// The style of every entity of `doc`, by entity id.
///
/// Speakers (entities with at least one quote) never share a style: in order of normalised name,
/// each takes its preferred hue, or the next hue no speaker has yet, and once all hues are taken,
/// the same with the next pattern. Other entities take their preferred style. Everything depends
/// only on the names of the entities and who speaks, so reopening a file gives the same colours.
pub fn assign_styles(doc: &Document) -> HashMap<String, SpeakerStyle> {
    let speakers: std::collections::HashSet<&str> = doc
        .quotes
        .iter()
        .filter_map(|q| q.speaker.as_deref())
        .collect();
    let mut ordered: BTreeMap<(String, &str), &str> = BTreeMap::new();
    for e in &doc.entities {
        if speakers.contains(e.id.as_str()) {
            ordered.insert((normalised_name(&e.name), e.id.as_str()), e.name.as_str());
        }
    }
    let mut styles = HashMap::new();
    let mut taken = vec![false; HUES * PATTERNS];
    for ((_, id), name) in ordered {
        let style = free_style(preferred_style(name), &taken);
        taken[style.pattern * HUES + style.hue] = true;
        styles.insert(id.to_string(), style);
    }
    for e in &doc.entities {
        styles
            .entry(e.id.clone())
            .or_insert_with(|| preferred_style(&e.name));
    }
    styles
}

/// The first style not `taken`, from `preferred` on: the next free hue with the fewest
/// patterns, wrapping round; the preferred style itself when every style is taken.
pub fn free_style(preferred: SpeakerStyle, taken: &[bool]) -> SpeakerStyle {
    (0..PATTERNS)
        .flat_map(|pattern| {
            (0..HUES).map(move |k| SpeakerStyle {
                hue: (preferred.hue + k) % HUES,
                pattern,
            })
        })
        .find(|s| {
            !taken
                .get(s.pattern * HUES + s.hue)
                .copied()
                .unwrap_or(false)
        })
        .unwrap_or(preferred)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbouring_hues_are_far_apart_and_every_hue_is_used() {
        let mut angles: Vec<u32> = (0..HUES).map(|h| hue_degrees(h) as u32).collect();
        for h in 0..HUES {
            let (a, b) = (hue_degrees(h), hue_degrees((h + 1) % HUES));
            let apart = (a - b).abs().min(360.0 - (a - b).abs());
            assert!(apart >= 90.0, "hues {h} and {} are {apart}° apart", h + 1);
        }
        angles.sort_unstable();
        angles.dedup();
        assert_eq!(angles.len(), HUES);
    }
    use crate::document::model::{
        Entity, EntityType, Meta, Origin, Quote, QuoteKind, QuoteStatus, Source,
    };

    fn doc(names: &[&str], speaking: usize) -> Document {
        let mut doc = Document::new("x".into(), Source::in_memory(), Meta::default());
        for (i, name) in names.iter().enumerate() {
            doc.entities.push(Entity {
                id: format!("e{}", i + 1),
                name: name.to_string(),
                entity_type: EntityType::Person,
                origin: Origin::Auto,
                mentions: vec![],
                gender: None,
            });
        }
        for i in 0..speaking {
            doc.quotes.push(Quote {
                id: format!("q{}", i + 1),
                kind: QuoteKind::Direct,
                start: 0,
                end: 1,
                text: "x".into(),
                speaker: Some(format!("e{}", i + 1)),
                speaker_mention: None,
                cue: None,
                confidence: 0.5,
                rule: "unattributed".into(),
                status: QuoteStatus::Auto,
                predicted: None,
                fragments: vec![],
                note: None,
                flag: None,
            });
        }
        doc
    }

    #[test]
    fn contrast_matches_the_wcag_reference_values() {
        assert!((Rgb(0, 0, 0).contrast(Rgb(255, 255, 255)) - 21.0).abs() < 1e-9);
        assert!((Rgb(119, 119, 119).contrast(Rgb(255, 255, 255)) - 4.48).abs() < 0.01);
        // Yesterday's mustard and orange on white, the defect: about 2.3 and 2.9.
        assert!(Rgb(200, 160, 0).contrast(Rgb(255, 255, 255)) < 3.0);
        assert!(Rgb(230, 124, 36).contrast(Rgb(255, 255, 255)) < 3.0);
    }

    #[test]
    fn every_name_colour_reads_at_4_5_to_1_on_both_themes() {
        for hue in 0..HUES {
            let style = SpeakerStyle { hue, pattern: 0 };
            for (dark, backgrounds) in [(false, LIGHT_BACKGROUNDS), (true, DARK_BACKGROUNDS)] {
                for bg in backgrounds {
                    let ratio = style.text(dark).contrast(bg);
                    assert!(
                        ratio >= MIN_TEXT_CONTRAST,
                        "hue {hue} dark {dark}: {ratio:.2} on {bg:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn hues_are_distinct_colours() {
        let texts: Vec<Rgb> = (0..HUES)
            .map(|hue| SpeakerStyle { hue, pattern: 0 }.text(false))
            .collect();
        for (i, a) in texts.iter().enumerate() {
            for b in &texts[i + 1..] {
                let distance = (i32::from(a.0) - i32::from(b.0)).abs()
                    + (i32::from(a.1) - i32::from(b.1)).abs()
                    + (i32::from(a.2) - i32::from(b.2)).abs();
                assert!(distance > 40, "{a:?} and {b:?} are too close");
            }
        }
    }

    #[test]
    fn styles_depend_on_names_not_on_order_or_ids() {
        let names = [
            "Donald Trump",
            "Nikki Haley",
            "Bashar al-Assad",
            "US intelligence",
        ];
        let first = assign_styles(&doc(&names, 4));
        let again = assign_styles(&doc(&names, 4));
        assert_eq!(first, again);
        // The same people listed in another order (other ids) keep their styles.
        let reversed: Vec<&str> = names.iter().rev().copied().collect();
        let other = assign_styles(&doc(&reversed, 4));
        for (i, name) in names.iter().enumerate() {
            let j = reversed.iter().position(|n| n == name).unwrap();
            assert_eq!(
                first[&format!("e{}", i + 1)],
                other[&format!("e{}", j + 1)],
                "{name}"
            );
        }
        assert_eq!(
            preferred_style("Donald  TRUMP"),
            preferred_style("donald trump")
        );
    }

    #[test]
    fn speakers_never_share_a_style_and_the_first_twelve_never_share_a_hue() {
        let names: Vec<String> = (0..30).map(|i| format!("Speaker Number {i}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let styles = assign_styles(&doc(&refs[..12], 12));
        let hues: std::collections::HashSet<usize> = styles.values().map(|s| s.hue).collect();
        assert_eq!(hues.len(), 12);
        assert!(styles.values().all(|s| s.pattern == 0));

        let styles = assign_styles(&doc(&refs, 30));
        let distinct: std::collections::HashSet<SpeakerStyle> = styles.values().copied().collect();
        assert_eq!(distinct.len(), 30);
    }

    #[test]
    fn non_speakers_take_their_preferred_style() {
        let styles = assign_styles(&doc(&["Ann Lee", "Zürich"], 1));
        assert_eq!(styles["e2"], preferred_style("Zürich"));
    }
}
