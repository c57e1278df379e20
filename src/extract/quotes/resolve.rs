//! Speaker resolution: each quote's speaker mention to an entity.
//!
//! - a mention the tagger found (or the entity rules made) is used as is;
//! - a proper name nobody tagged becomes a speaker mention, linked to the entity with the same
//!   surname (gender permitting) or to a new entity;
//! - a he/she pronoun goes to the best gender-compatible person mentioned before it, outside
//!   quotations, in the last few paragraphs: the previous quote's speaker first, then the most
//!   recent sentence subject, then the most recent person;
//! - a description ("the US envoy") goes to the latest person introduced with that title or role.

use super::cues::{self, class};
use crate::document::model::{EntityType, Gender};
use crate::extract::entities::lexicon::with_lowercase;
use crate::extract::{Analysis, EntityDraft, Mention, MentionSource, QuoteDraft};

/// How far back (bytes) a pronoun or description looks for its person.
const WINDOW: usize = 2500;

/// A mention usable as an antecedent: byte range and entity.
#[derive(Debug, Clone, Copy)]
struct Antecedent {
    start: usize,
    end: usize,
    entity: usize,
    subject: bool,
}

/// Calls `f` with `w` in lower case, without the punctuation around it (dots kept); without a
/// new string for most words, since resolution asks this of every word before every antecedent.
fn with_lower_word<R>(w: &str, f: impl FnOnce(&str) -> R) -> R {
    with_lowercase(
        w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.'),
        f,
    )
}

fn word_classes(w: &str) -> u32 {
    with_lower_word(w, |lower| cues::lookup(lower).classes)
}

/// Organisation words: a name holding one is not a person.
fn is_org_word(w: &str) -> bool {
    matches!(
        w,
        "Post"
            | "Times"
            | "News"
            | "Press"
            | "Party"
            | "Committee"
            | "Department"
            | "House"
            | "Council"
            | "Agency"
            | "Association"
            | "Institute"
            | "Journal"
            | "Inc"
            | "Corp"
            | "Campaign"
            | "Administration"
            | "Commission"
            | "Court"
            | "Senate"
            | "Congress"
            | "Ministry"
            | "Office"
            | "Service"
            | "Bureau"
            | "Network"
            | "Foundation"
            | "University"
            | "Center"
            | "Centre"
            | "Group"
            | "Fund"
            | "Bank"
            | "Reuters"
            | "Politico"
            | "POLITICO"
            | "Kremlin"
            | "Pentagon"
            | "Government"
            | "Police"
            | "Republicans"
            | "Democrats"
            | "Union"
            | "Organization"
            | "Council's"
            | "Post's"
            | "Daily"
            | "Magazine"
            | "Review"
            | "Report"
            | "Institution"
            | "Club"
            | "Coalition"
    )
}

/// The gender an entity's mentions give (a title or first name at one of them), worked out once
/// per entity and resolution: asking again for every quote made resolution quadratic in the
/// length of long texts, whose entities gather thousands of mentions. Valid while the entities'
/// mention lists stay as they are, which holds until [`insert_mentions`] at the end of
/// [`speakers`]; entities added meanwhile have no mentions yet.
struct GenderMemo {
    from_mentions: Vec<std::cell::OnceCell<Option<Gender>>>,
}

impl GenderMemo {
    fn new(analysis: &Analysis) -> GenderMemo {
        GenderMemo {
            from_mentions: vec![std::cell::OnceCell::new(); analysis.entities.len()],
        }
    }

    /// The gender a title, first name or the entity record gives.
    fn gender_of(&self, analysis: &Analysis, entity: usize) -> Option<Gender> {
        let e = &analysis.entities[entity];
        if e.gender.is_some() {
            return e.gender;
        }
        let memo = self.from_mentions.get(entity)?;
        *memo.get_or_init(|| {
            e.mentions.iter().find_map(|&mi| {
                let m = analysis.mentions.get(mi)?;
                gender_at(analysis.text, m.start, m.end)
            })
        })
    }
}

/// Gender from the words of a name and the title just before it.
fn gender_at(text: &str, start: usize, end: usize) -> Option<Gender> {
    let before = text[..start].split_whitespace().next_back().unwrap_or("");
    for w in std::iter::once(before).chain(text[start..end].split_whitespace()) {
        let c = word_classes(w);
        if c & class::TITLE != 0 && c & class::MALE != 0 {
            return Some(Gender::Male);
        }
        if c & class::TITLE != 0 && c & class::FEMALE != 0 {
            return Some(Gender::Female);
        }
    }
    let first = text[start..end]
        .split_whitespace()
        .find(|w| word_classes(w) & class::TITLE == 0)?;
    match with_lower_word(first, cues::first_name_is_male) {
        Some(true) => Some(Gender::Male),
        Some(false) => Some(Gender::Female),
        None => None,
    }
}

/// What a speaker mention is.
enum MentionKind {
    Pronoun(Option<Gender>, bool),
    Name,
    Description,
}

fn mention_kind(words: &[&str]) -> MentionKind {
    if words.len() == 1 {
        let c = word_classes(words[0]);
        if c & class::SUBJECT_PRONOUN != 0 {
            let gender = if c & class::MALE != 0 {
                Some(Gender::Male)
            } else if c & class::FEMALE != 0 {
                Some(Gender::Female)
            } else {
                None
            };
            return MentionKind::Pronoun(gender, c & class::PLURAL != 0);
        }
    }
    let first = words.first().copied().unwrap_or("");
    if word_classes(first) & class::DETERMINER != 0 {
        return MentionKind::Description;
    }
    let all_cap = words.iter().all(|w| {
        w.chars().next().is_some_and(char::is_uppercase)
            || matches!(
                *w,
                "of" | "'s" | "’s" | "al-" | "bin" | "de" | "van" | "von"
            )
    });
    if all_cap && words.len() <= 6 {
        MentionKind::Name
    } else {
        MentionKind::Description
    }
}

/// Resolves every draft's speaker mention to an entity, adding speaker mentions and entities
/// for names the tagger missed.
pub fn speakers(analysis: &mut Analysis, drafts: &mut [QuoteDraft]) {
    drafts.sort_by_key(|q| (q.start, q.end));
    // Quote content ranges: mentions inside them are not antecedents.
    let contents: Vec<(usize, usize)> = drafts.iter().map(|q| (q.start, q.end)).collect();
    let inside_quote = |pos: usize| -> bool {
        let i = contents.partition_point(|&(_, e)| e <= pos);
        contents.get(i).is_some_and(|&(s, _)| s <= pos)
    };
    let text = analysis.text;
    let sentence_starts: Vec<usize> = analysis.seg.sentences.iter().map(|s| s.start).collect();
    let is_subject_position = |start: usize| -> bool {
        let i = sentence_starts.partition_point(|&s| s <= start);
        let Some(&ss) = i.checked_sub(1).and_then(|i| sentence_starts.get(i)) else {
            return false;
        };
        let before = &text[ss..start];
        // The cheap tests first: most mentions stand after a comma or a fifth word.
        !before.contains(',')
            && before.split_whitespace().nth(4).is_none()
            && before.split_whitespace().all(|w| {
                let c = word_classes(w);
                c & (class::TITLE | class::DETERMINER) != 0
                    || w.chars().next().is_some_and(char::is_uppercase)
                    || matches!(w, "But" | "And" | "So")
            })
    };

    // Pass 1: names, known or new.
    let genders = GenderMemo::new(analysis);
    let mut added: Vec<Mention> = Vec::new();
    let mut kinds: Vec<Option<MentionKind>> = Vec::with_capacity(drafts.len());
    // One buffer for every mention's words.
    let mut words: Vec<&str> = Vec::with_capacity(16);
    for q in drafts.iter_mut() {
        let Some((ms, me)) = q.speaker_mention else {
            kinds.push(None);
            continue;
        };
        words.clear();
        words.extend(text[ms..me].split_whitespace());
        let kind = mention_kind(&words);
        let known = overlapping_entity(&analysis.mentions, ms, me)
            .or_else(|| overlapping_entity(&added, ms, me));
        q.speaker = match (known, &kind) {
            (Some(e), _) => Some(e),
            (None, MentionKind::Name) => link_name(analysis, &genders, &mut added, ms, me),
            _ => None,
        };
        kinds.push(Some(kind));
    }

    // Pass 2: antecedents, i.e. person mentions outside quotes, in text order.
    let tagged = analysis
        .mentions
        .iter()
        .any(|m| m.source != MentionSource::Speaker);
    let mut antecedents: Vec<Antecedent> = analysis
        .mentions
        .iter()
        .chain(added.iter())
        .filter(|m| !inside_quote(m.start))
        .filter_map(|m| {
            let e = m.entity?;
            (analysis.entities.get(e)?.entity_type == EntityType::Person).then_some(Antecedent {
                start: m.start,
                end: m.end,
                entity: e,
                subject: is_subject_position(m.start),
            })
        })
        .collect();
    if !tagged {
        // No tagger ran: find the speakers' surnames elsewhere in the text.
        let mut by_surname: rustc_hash::FxHashMap<&str, Option<usize>> =
            rustc_hash::FxHashMap::default();
        for (i, e) in analysis.entities.iter().enumerate() {
            if e.entity_type != EntityType::Person {
                continue;
            }
            if let Some(last) = e.name.split_whitespace().next_back() {
                let slot = by_surname.entry(surname_key(last)).or_insert(Some(i));
                if *slot != Some(i) {
                    *slot = None; // shared surname: leave it to the tagger
                }
            }
        }
        for t in &analysis.seg.tokens {
            let w = t.text(text);
            if !w.chars().next().is_some_and(char::is_uppercase) || inside_quote(t.start) {
                continue;
            }
            if let Some(&Some(e)) = by_surname.get(surname_key(w)) {
                antecedents.push(Antecedent {
                    start: t.start,
                    end: t.end,
                    entity: e,
                    subject: is_subject_position(t.start),
                });
            }
        }
    }
    antecedents.sort_by_key(|a| a.start);
    antecedents.dedup_by_key(|a| a.start);

    // Pass 3: pronouns and descriptions, in text order.
    let mut previous: Option<(usize, usize)> = None; // (entity, byte position)
    for (q, kind) in drafts.iter_mut().zip(kinds) {
        let Some((ms, me)) = q.speaker_mention else {
            continue;
        };
        if q.speaker.is_none() {
            q.speaker = match kind {
                Some(MentionKind::Pronoun(gender, false)) if gender.is_some() => {
                    let (e, rule) =
                        resolve_pronoun(analysis, &genders, &antecedents, previous, ms, gender);
                    if let Some(rule) = rule {
                        q.rule = rule;
                        q.confidence *= 0.92;
                    }
                    e
                }
                Some(MentionKind::Description) => {
                    words.clear();
                    words.extend(text[ms..me].split_whitespace());
                    resolve_description(text, &antecedents, ms, &words)
                }
                _ => None,
            };
        }
        if let Some(e) = q.speaker {
            previous = Some((e, ms));
        }
    }
    insert_mentions(analysis, added);
}

/// A surname without an Arabic article or possessive, for matching "al-Assad" with "Assad".
fn surname_key(w: &str) -> &str {
    let w = crate::extract::entities::aliases::trim_possessives(w);
    for prefix in ["al-", "Al-", "el-", "El-"] {
        if let Some(rest) = w.strip_prefix(prefix) {
            return rest;
        }
    }
    w
}

/// The entity of the mention holding the head (last word) of the speaker mention `[s, e)`:
/// "the US envoy" is not the United States, "Syrian President Bashar al-Assad" is Assad.
fn overlapping_entity(mentions: &[Mention], s: usize, e: usize) -> Option<usize> {
    let i = mentions.partition_point(|m| m.end <= s);
    let head_end = e.saturating_sub(1);
    mentions[i..]
        .iter()
        .take_while(|m| m.start < e)
        .filter(|m| m.end >= head_end && m.start <= head_end)
        .find_map(|m| m.entity)
}

/// True when byte `pos` starts a sentence (past opening marks and spaces).
fn opens_sentence(analysis: &Analysis, pos: usize) -> bool {
    let sentences = &analysis.seg.sentences;
    let i = sentences.partition_point(|s| s.start <= pos);
    let Some(sentence) = i.checked_sub(1).and_then(|i| sentences.get(i)) else {
        return true;
    };
    analysis.text[sentence.start..pos]
        .chars()
        .all(|c| !c.is_alphanumeric())
}

/// Links an untagged proper name to an entity with the same surname or makes a new entity.
fn link_name(
    analysis: &mut Analysis,
    genders: &GenderMemo,
    added: &mut Vec<Mention>,
    ms: usize,
    me: usize,
) -> Option<usize> {
    let text = analysis.text;
    // Drop leading titles: "President Donald Trump" names "Donald Trump".
    let mut start = ms;
    for w in text[ms..me].split_whitespace() {
        if word_classes(w) & class::TITLE != 0 {
            let off = text[start..me].find(w).unwrap_or(0) + w.len();
            start += off;
            start += text[start..me].len() - text[start..me].trim_start().len();
        } else {
            break;
        }
    }
    let mut end = me;
    for suffix in ["'s", "’s"] {
        if text[start..end].ends_with(suffix) {
            end -= suffix.len();
        }
    }
    if start >= end {
        return None;
    }
    let name = text[start..end].trim();
    let surname = name.split_whitespace().next_back()?;
    // One capitalised word opening a sentence ("Analysts said", "Rumors say") is a name only
    // if the text also capitalises it mid-sentence, or it is a known first name.
    let single = !name.contains(char::is_whitespace);
    let known_first_name = with_lower_word(name, cues::first_name_is_male).is_some();
    if single && start == ms && opens_sentence(analysis, start) && !known_first_name {
        let elsewhere = text.match_indices(name).any(|(i, _)| {
            i != start
                && text[..i]
                    .trim_end()
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_lowercase() || c == ',')
        });
        if !elsewhere {
            return None;
        }
    }
    let is_org = name.split_whitespace().any(is_org_word)
        || (name.len() >= 2 && name.len() <= 6 && name.chars().all(|c| c.is_ascii_uppercase()));
    let entity_type = if is_org {
        EntityType::Org
    } else {
        EntityType::Person
    };
    let gender = gender_at(text, ms, me).or_else(|| gender_at(text, start, end));
    // Same surname, compatible gender; the most recent such entity wins.
    let mut best: Option<usize> = None;
    for (i, e) in analysis.entities.iter().enumerate() {
        if e.entity_type != entity_type {
            continue;
        }
        let same = if entity_type == EntityType::Person {
            e.name
                .split_whitespace()
                .next_back()
                .is_some_and(|l| surname_key(l) == surname_key(surname))
        } else {
            e.name == name
        };
        if !same {
            continue;
        }
        let eg = genders.gender_of(analysis, i);
        if let (Some(a), Some(b)) = (gender, eg)
            && a != b
        {
            continue;
        }
        best = Some(i);
    }
    let entity = match best {
        Some(i) => {
            // A fuller name becomes the canonical one.
            if name.len() > analysis.entities[i].name.len() && name.ends_with(surname) {
                analysis.entities[i].name = name.into();
            }
            if analysis.entities[i].gender.is_none() {
                analysis.entities[i].gender = gender;
            }
            i
        }
        None => {
            analysis.entities.push(EntityDraft {
                name: name.into(),
                entity_type,
                gender: if entity_type == EntityType::Person {
                    gender
                } else {
                    None
                },
                mentions: Vec::new(),
            });
            analysis.entities.len() - 1
        }
    };
    let pos = added.partition_point(|m| m.start < start);
    added.insert(
        pos,
        Mention {
            start,
            end,
            entity_type,
            source: MentionSource::Speaker,
            entity: Some(entity),
        },
    );
    Some(entity)
}

/// The person a he/she pronoun at byte `at` refers to, with the rule that chose it.
fn resolve_pronoun(
    analysis: &Analysis,
    genders: &GenderMemo,
    antecedents: &[Antecedent],
    previous: Option<(usize, usize)>,
    at: usize,
    gender: Option<Gender>,
) -> (Option<usize>, Option<&'static str>) {
    let compatible = |e: usize| -> bool {
        match (gender, genders.gender_of(analysis, e)) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        }
    };
    if let Some((e, pos)) = previous
        && at.saturating_sub(pos) < WINDOW
        && analysis.entities[e].entity_type == EntityType::Person
        && compatible(e)
    {
        {
            // Unless another compatible person was introduced as a subject since.
            let end = antecedents.partition_point(|a| a.start < at);
            let rival = antecedents[..end]
                .iter()
                .rev()
                .take_while(|a| a.start > pos)
                .any(|a| a.entity != e && a.subject && compatible(a.entity));
            if !rival {
                return (Some(e), Some("pronoun-previous-speaker"));
            }
        }
    }
    let end = antecedents.partition_point(|a| a.start < at);
    let window = antecedents[..end]
        .iter()
        .rev()
        .take_while(|a| at.saturating_sub(a.end) < WINDOW);
    let mut nearest: Option<usize> = None;
    for a in window {
        if !compatible(a.entity) {
            continue;
        }
        if a.subject {
            return (Some(a.entity), Some("pronoun-nearest-subject"));
        }
        if nearest.is_none() {
            nearest = Some(a.entity);
        }
    }
    match nearest {
        Some(e) => (Some(e), Some("pronoun-nearest-person")),
        None => (None, None),
    }
}

/// "the US envoy": the latest person introduced with that role word next to the name.
fn resolve_description(
    text: &str,
    antecedents: &[Antecedent],
    at: usize,
    words: &[&str],
) -> Option<usize> {
    with_lower_word(words.last()?, |head| {
        if head.len() < 3 || word_classes(head) & (class::TITLE | class::ROLE) == 0 {
            return None;
        }
        let end = antecedents.partition_point(|a| a.start < at);
        let mut lowered = String::new();
        for a in antecedents[..end]
            .iter()
            .rev()
            .take_while(|a| at.saturating_sub(a.end) < WINDOW * 2)
        {
            let lo = text.floor_char_boundary(a.start.saturating_sub(40));
            let hi = text.ceil_char_boundary((a.end + 40).min(text.len()));
            if contains_lowercased(&text[lo..hi], head, &mut lowered) {
                return Some(a.entity);
            }
        }
        None
    })
}

/// The last bytes of the UTF-8 forms of the only non-ASCII characters whose lower case holds
/// an ASCII one: the dotted capital I (C4 B0, → "i" and a combining dot) and the Kelvin sign
/// (E2 84 AA, → "k"). They are rarer in text than the first bytes, which curly quotes and
/// dashes share.
const LOWERCASE_TO_ASCII_LAST_BYTES: [u8; 2] = [0xB0, 0xAA];

/// True when the lower-cased `around` contains `lower` (itself lower case), without lowering a
/// copy of `around` when it is ASCII; otherwise lowered into `scratch`, one character at a time
/// (what `str::to_lowercase` does, but for a final capital sigma, which takes that path).
fn contains_lowercased(around: &str, lower: &str, scratch: &mut String) -> bool {
    // An ASCII `lower` is matched by ASCII characters alone: every other character lowercases
    // to non-ASCII ones, but for two, which take the long way (as does any text with a byte
    // they end in).
    let to_ascii = || {
        around
            .bytes()
            .any(|b| LOWERCASE_TO_ASCII_LAST_BYTES.contains(&b))
    };
    if around.is_ascii() || (lower.is_ascii() && !to_ascii()) {
        let (hay, needle) = (around.as_bytes(), lower.as_bytes());
        let Some((&first, rest)) = needle.split_first() else {
            return true;
        };
        // Only where the first byte matches is the rest compared.
        let first = first.to_ascii_lowercase();
        hay.len() >= needle.len()
            && (0..=hay.len() - needle.len()).any(|i| {
                hay[i].to_ascii_lowercase() == first
                    && hay[i + 1..i + needle.len()].eq_ignore_ascii_case(rest)
            })
    } else if around.contains('Σ') {
        around.to_lowercase().contains(lower)
    } else {
        scratch.clear();
        scratch.extend(around.chars().flat_map(char::to_lowercase));
        scratch.contains(lower)
    }
}

/// Merges the added speaker mentions into `analysis.mentions` (kept sorted and disjoint) and
/// re-points the entities' mention indices.
fn insert_mentions(analysis: &mut Analysis, added: Vec<Mention>) {
    if added.is_empty() {
        return;
    }
    let old = std::mem::take(&mut analysis.mentions);
    let mut new_index_of_old = vec![0usize; old.len()];
    let mut merged: Vec<Mention> = Vec::with_capacity(old.len() + added.len());
    let mut added_iter = added.into_iter().peekable();
    for (i, m) in old.into_iter().enumerate() {
        while let Some(a) = added_iter.next_if(|a| a.start < m.start) {
            push_disjoint(&mut merged, a);
        }
        new_index_of_old[i] = merged.len();
        merged.push(m);
    }
    for a in added_iter {
        push_disjoint(&mut merged, a);
    }
    for e in &mut analysis.entities {
        for mi in &mut e.mentions {
            *mi = new_index_of_old[*mi];
        }
    }
    for (i, m) in merged.iter().enumerate() {
        if m.source == MentionSource::Speaker
            && let Some(e) = m.entity
        {
            analysis.entities[e].mentions.push(i);
        }
    }
    for e in &mut analysis.entities {
        e.mentions.sort_unstable();
        e.mentions.dedup();
    }
    analysis.mentions = merged;
}

fn push_disjoint(merged: &mut Vec<Mention>, m: Mention) {
    if merged.last().is_some_and(|l| l.end > m.start) {
        return;
    }
    merged.push(m);
}

#[cfg(test)]
mod tests {
    use super::contains_lowercased;

    /// The search finds `lower` in the lower-cased text exactly where `str::to_lowercase` and
    /// `contains` would: at either end, overlapping a false start, longer than the text, empty,
    /// and in non-ASCII text.
    #[test]
    fn contains_lowercased_is_contains_in_the_lowercased_text() {
        let mut scratch = String::new();
        for around in [
            "",
            "e",
            "The US Envoy said",
            "said the ENVOY",
            "envoy",
            "envenvoy, a spokesman",
            "Spokeswoman Zoë Lee",
            "ΣΟΦΊΑ the Envoy",
            "the “Envoy’s” aide — the envoy",
            "the \u{212A}ing’s envoy",
            "PR\u{130}ME minister’s aide",
            "l’envoy",
        ] {
            for lower in [
                "",
                "e",
                "envoy",
                "envoys",
                "spokesman",
                "spokeswoman",
                "zoë",
                "the u",
                "said",
                "king",
                "prime",
                "i\u{307}me",
                "envoy’s",
                "’",
            ] {
                assert_eq!(
                    contains_lowercased(around, lower, &mut scratch),
                    around.to_lowercase().contains(lower),
                    "{around:?} {lower:?}"
                );
            }
        }
    }

    /// No other non-ASCII character lowercases to anything holding an ASCII character.
    #[test]
    fn only_two_characters_lowercase_to_ascii() {
        let to_ascii: Vec<char> = (0x80..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|c| c.to_lowercase().any(|l| l.is_ascii()))
            .collect();
        assert_eq!(to_ascii, ['\u{130}', '\u{212A}']);
        for (c, last) in to_ascii.iter().zip(super::LOWERCASE_TO_ASCII_LAST_BYTES) {
            assert_eq!(c.to_string().as_bytes().last(), Some(&last));
        }
    }
}
