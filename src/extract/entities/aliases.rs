//! Alias merging: mentions become entities.
//!
//! - People: full names group by first and last name ("Bashar al-Assad" = "Bashar Assad" =
//!   "Bashar Al- Assad"); a lone surname or title + surname ("Trump", "Mr Trump") joins the
//!   person with that surname. When several people share it, the title's gender decides ("Mrs
//!   Trump" is Melania), else the one mentioned most recently, else the most mentioned.
//! - Countries: every alias of one country is one entity ("US" = "U.S." = "United States").
//! - Acronyms defined in the text join their long form.
//! - Anything else: the same words, ignoring case, dots and a leading "the".
//!
//! The canonical name is the earliest longest full name.

use rustc_hash::FxHashMap;

use super::lexicon::{LEXICON, PlaceKind};
use super::rules::{Applied, NAME_PARTICLES};
use crate::document::model::{EntityType, Gender};
use crate::extract::{Analysis, EntityDraft};

/// A person's name split for matching: lower-case words without particles, dots or possessives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName {
    /// The name's words in order, particles dropped ("bashar", "assad").
    pub words: Vec<String>,
    /// Number of words including particles, for choosing the fullest name.
    pub full_len: usize,
}

impl PersonName {
    /// Splits `text` ("Bashar Al- Assad", "Trump's", "J. Smith").
    pub fn parse(text: &str) -> PersonName {
        let mut words = Vec::new();
        let mut full_len = 0;
        for raw in name_parts(text) {
            full_len += 1;
            if !is_dropped_part(raw) {
                words.push(normal_part(raw));
            }
        }
        PersonName { words, full_len }
    }

    /// The first and last of [`PersonName::parse`]'s words when it has two or more, without
    /// building the others (the entity rules ask this of every name candidate).
    pub fn first_and_last(text: &str) -> Option<(String, String)> {
        let mut kept = name_parts(text).filter(|raw| !is_dropped_part(raw));
        let first = kept.next()?;
        let last = kept.last()?;
        Some((normal_part(first), normal_part(last)))
    }

    /// The number of words of `text` including particles: [`PersonName::parse`]'s `full_len`,
    /// without building the words.
    pub fn word_count(text: &str) -> usize {
        name_parts(text).count()
    }

    fn first(&self) -> Option<&str> {
        self.words.first().map(String::as_str)
    }

    fn last(&self) -> Option<&str> {
        self.words.last().map(String::as_str)
    }
}

/// The words of a name as written, without possessive endings and surrounding punctuation.
fn name_parts(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || c == '-' || c == '‐')
        .map(|raw| {
            raw.trim_end_matches("'s")
                .trim_end_matches("’s")
                .trim_matches(|c: char| !c.is_alphanumeric())
        })
        .filter(|raw| !raw.is_empty())
}

/// A particle or suffix that a person's name is matched without ("al", "van", "Jr").
fn is_dropped_part(raw: &str) -> bool {
    let dropped = |lower: &str| {
        NAME_PARTICLES.contains(&lower) || matches!(lower, "jr" | "sr" | "ii" | "iii")
    };
    if raw.is_ascii() && raw.len() <= 8 {
        // Every entry is short ASCII lowercase: compare in a stack buffer, not a new string.
        let mut buffer = [0u8; 8];
        buffer[..raw.len()].copy_from_slice(raw.as_bytes());
        buffer.make_ascii_lowercase();
        std::str::from_utf8(&buffer[..raw.len()]).is_ok_and(dropped)
    } else {
        dropped(&raw.to_lowercase())
    }
}

/// A name part in matching form: lowercase, without dots.
fn normal_part(raw: &str) -> String {
    let mut lower = raw.to_lowercase();
    lower.retain(|c| c != '.');
    lower
}

/// The name as a reader would write it: single spaces, no space after a hyphen ("Bashar Al-
/// Assad" -> "Bashar Al-Assad").
pub fn clean_name(text: &str) -> String {
    let mut joined = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(word);
    }
    // Most names have no hyphen next to a space; only those pay for the copies.
    if joined.contains("- ") {
        joined = joined.replace("- ", "-");
    }
    if joined.contains(" -") {
        joined = joined.replace(" -", "-");
    }
    joined
}

/// True when [`clean_name`] leaves `text` as it is: words separated by single spaces, no
/// space next to a hyphen.
fn is_clean_name(text: &str) -> bool {
    let mut previous_space = true; // no space may open the text
    for c in text.chars() {
        if c.is_whitespace() {
            if c != ' ' || previous_space {
                return false;
            }
            previous_space = true;
        } else {
            previous_space = false;
        }
    }
    !previous_space || text.is_empty()
}

/// The grouping key of a non-person mention.
fn other_key(ty: EntityType, text: &str) -> String {
    let cleaned = clean_name(text);
    if let Some(PlaceKind::Country(id)) = LEXICON.place(&cleaned) {
        return format!("country:{id}");
    }
    let lower = cleaned.to_lowercase();
    let bare = lower.strip_prefix("the ").unwrap_or(&lower);
    format!("{}:{}", ty.label(), bare.replace('.', ""))
}

/// The capitals of a name of two or more capitalised words ("United Nations" -> "UN"; "Bank of
/// England" -> "BE"), `None` for one word.
fn initials_of(name: &str) -> Option<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let capitalised: String = words
        .iter()
        .filter_map(|w| w.chars().next().filter(|c| c.is_uppercase()))
        .collect();
    (capitalised.chars().count() >= 2 && words.len() >= 2).then_some(capitalised)
}

/// The letters of an acronym ("U.N." -> "UN", "NATO" -> "NATO"), `None` for other words.
fn acronym_letters(word: &str) -> Option<String> {
    let letters: String = word.chars().filter(|c| c.is_alphabetic()).collect();
    let is_acronym = !word.contains(' ')
        && letters.chars().count() >= 2
        && letters.chars().all(char::is_uppercase)
        && word.chars().all(|c| c.is_alphabetic() || c == '.');
    is_acronym.then_some(letters)
}

/// Disjoint sets over mention indices.
struct Sets(Vec<usize>);

impl Sets {
    fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            // The earlier mention stays the root.
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.0[hi] = lo;
        }
    }
}

/// Builds the entities of `analysis` from its (sorted, non-overlapping) mentions and sets each
/// mention's entity index.
pub fn cluster(analysis: &mut Analysis, applied: &Applied) -> Vec<EntityDraft> {
    let text = analysis.text;
    let mentions = &analysis.mentions;
    let n = mentions.len();
    let mut sets = Sets((0..n).collect());
    let title_gender = |m: usize| {
        applied
            .titles
            .get(m)
            .copied()
            .flatten()
            .and_then(|t| t.gender)
    };

    // Non-persons: by key.
    let mut first_with_key: FxHashMap<String, usize> = FxHashMap::default();
    for (m, mention) in mentions.iter().enumerate() {
        if mention.entity_type == EntityType::Person {
            continue;
        }
        let key = other_key(mention.entity_type, &text[mention.start..mention.end]);
        match first_with_key.get(&key) {
            Some(&root) => sets.union(root, m),
            None => {
                first_with_key.insert(key, m);
            }
        }
    }
    for &(short, long) in &applied.acronyms {
        sets.union(short, long);
    }
    // "U.N." and "United Nations", "NATO" and "North Atlantic Treaty Organization" in one text.
    let mut by_initials: FxHashMap<String, usize> = FxHashMap::default();
    for (m, mention) in mentions.iter().enumerate() {
        if mention.entity_type == EntityType::Org
            && let Some(initials) = initials_of(&text[mention.start..mention.end])
        {
            by_initials.entry(initials).or_insert(m);
        }
    }
    for (m, mention) in mentions.iter().enumerate() {
        if mention.entity_type == EntityType::Org
            && let Some(letters) = acronym_letters(&text[mention.start..mention.end])
            && let Some(&long) = by_initials.get(&letters)
        {
            sets.union(long, m);
        }
    }

    // People with a first and a last name.
    let names: Vec<Option<PersonName>> = mentions
        .iter()
        .map(|m| {
            (m.entity_type == EntityType::Person).then(|| PersonName::parse(&text[m.start..m.end]))
        })
        .collect();
    let names = share_surnames(text, mentions, names);
    let mut people: Vec<Person> = Vec::new();
    let mut person_of = vec![usize::MAX; n];
    for m in 0..n {
        let Some(name) = &names[m] else { continue };
        if name.words.len() < 2 {
            continue;
        }
        let (first, last) = (name.first().unwrap_or(""), name.last().unwrap_or(""));
        let found = people.iter().position(|p| {
            p.last == last
                && (p.first == first
                    || (first.len() == 1 && p.first.starts_with(first))
                    || (p.first.len() == 1 && first.starts_with(&p.first)))
        });
        let p = match found {
            Some(p) => p,
            None => {
                people.push(Person {
                    first: first.to_string(),
                    last: last.to_string(),
                    mentions: Vec::new(),
                    gender: None,
                });
                people.len() - 1
            }
        };
        people[p].mentions.push(m);
        person_of[m] = p;
    }
    for p in &mut people {
        p.gender = vote_gender(p.mentions.iter().filter_map(|&m| title_gender(m)))
            .or_else(|| LEXICON.first_name_gender(&super::lexicon::title_case(&p.first)));
    }

    // Lone names: a surname (or a first name) joins a person.
    let mut lone: FxHashMap<String, usize> = FxHashMap::default();
    for m in 0..n {
        let Some(name) = &names[m] else { continue };
        if name.words.len() >= 2 {
            continue;
        }
        let Some(word) = name.first() else { continue };
        let mut candidates: Vec<usize> = (0..people.len())
            .filter(|&p| people[p].last == word)
            .collect();
        if candidates.is_empty() {
            candidates = (0..people.len())
                .filter(|&p| people[p].first == word)
                .collect();
            if candidates.len() > 1 {
                candidates.clear();
            }
        }
        if let Some(g) = title_gender(m) {
            // "Mr Trump" is not Melania Trump, even when she is the only Trump named in full.
            candidates.retain(|&p| people[p].gender != Some(g.opposite()));
            let same: Vec<usize> = candidates
                .iter()
                .copied()
                .filter(|&p| people[p].gender == Some(g))
                .collect();
            if !same.is_empty() {
                candidates = same;
            }
        }
        let start = mentions[m].start;
        let chosen = if candidates.len() <= 1 {
            candidates.first().copied()
        } else {
            // The one mentioned last before here, else the most mentioned.
            let recent = |p: usize| {
                people[p]
                    .mentions
                    .iter()
                    .map(|&k| mentions[k].start)
                    .filter(|&s| s < start)
                    .max()
            };
            candidates
                .iter()
                .copied()
                .max_by_key(|&p| (recent(p), people[p].mentions.len(), std::cmp::Reverse(p)))
        };
        match chosen {
            Some(p) => {
                person_of[m] = p;
                // Later lone mentions see this one as the most recent mention of `p`.
                people[p].mentions.push(m);
            }
            None => match lone.get(word) {
                Some(&root) => sets.union(root, m),
                None => {
                    lone.insert(word.to_string(), m);
                }
            },
        }
    }
    for p in &people {
        for &m in &p.mentions {
            sets.union(p.mentions[0], m);
        }
    }
    for m in 0..n {
        if person_of[m] != usize::MAX {
            let root = people[person_of[m]].mentions[0];
            sets.union(root, m);
        }
    }

    // Clusters in order of first mention.
    let mut index_of_root: FxHashMap<usize, usize> = FxHashMap::default();
    let mut clusters: Vec<Vec<usize>> = Vec::new();
    for m in 0..n {
        let root = sets.find(m);
        let c = *index_of_root.entry(root).or_insert_with(|| {
            clusters.push(Vec::new());
            clusters.len() - 1
        });
        clusters[c].push(m);
    }
    let mut drafts = Vec::with_capacity(clusters.len());
    for (c, members) in clusters.into_iter().enumerate() {
        for &m in &members {
            analysis.mentions[m].entity = Some(c);
        }
        drafts.push(draft(analysis, applied, members));
    }
    drafts
}

/// "Donald and Melania Trump": a lone first name joined by "and" to a full name shares its
/// surname, so "Donald" is Donald Trump.
fn share_surnames(
    text: &str,
    mentions: &[crate::extract::Mention],
    mut names: Vec<Option<PersonName>>,
) -> Vec<Option<PersonName>> {
    for m in 0..mentions.len().saturating_sub(1) {
        let between = text[mentions[m].end..mentions[m + 1].start].trim();
        if !matches!(between, "and" | "&") {
            continue;
        }
        let (Some(first), Some(full)) = (&names[m], &names[m + 1]) else {
            continue;
        };
        let raw = &text[mentions[m].start..mentions[m].end];
        if first.words.len() == 1
            && full.words.len() >= 2
            && LEXICON.is_first_name(raw)
            && let Some(last) = full.last()
        {
            let words = vec![first.words[0].clone(), last.to_string()];
            names[m] = Some(PersonName { words, full_len: 2 });
        }
    }
    names
}

/// A person under construction.
struct Person {
    first: String,
    last: String,
    mentions: Vec<usize>,
    gender: Option<Gender>,
}

/// The other gender.
trait Opposite {
    fn opposite(self) -> Self;
}

impl Opposite for Gender {
    fn opposite(self) -> Gender {
        match self {
            Gender::Male => Gender::Female,
            Gender::Female => Gender::Male,
        }
    }
}

/// The majority of `votes`, `None` when there are none or a tie.
fn vote_gender(votes: impl Iterator<Item = Gender>) -> Option<Gender> {
    let (mut male, mut female) = (0, 0);
    for g in votes {
        match g {
            Gender::Male => male += 1,
            Gender::Female => female += 1,
        }
    }
    match male.cmp(&female) {
        std::cmp::Ordering::Greater => Some(Gender::Male),
        std::cmp::Ordering::Less => Some(Gender::Female),
        std::cmp::Ordering::Equal => None,
    }
}

/// The entity for one cluster of mentions (in text order).
fn draft(analysis: &Analysis, applied: &Applied, members: Vec<usize>) -> EntityDraft {
    let text = analysis.text;
    let mentions = &analysis.mentions;
    let slice = |m: usize| &text[mentions[m].start..mentions[m].end];
    // Type by majority, ties to the earliest mention's type.
    let mut counts: Vec<(EntityType, usize)> = Vec::new();
    for &m in &members {
        let ty = mentions[m].entity_type;
        match counts.iter_mut().find(|(t, _)| *t == ty) {
            Some((_, k)) => *k += 1,
            None => counts.push((ty, 1)),
        }
    }
    let entity_type = counts
        .iter()
        .rev()
        .max_by_key(|(_, k)| *k)
        .map(|(t, _)| *t)
        .unwrap_or(EntityType::Misc);
    // Earliest longest full name; a cleanly written one beats an oddly spaced one.
    let best = members
        .iter()
        .copied()
        .max_by_key(|&m| {
            let raw = slice(m);
            let words = PersonName::word_count(raw);
            let clean = is_clean_name(raw) && !raw.contains("- ") && !raw.contains(" -");
            (words, clean, std::cmp::Reverse(mentions[m].start))
        })
        .unwrap_or(members[0]);
    let name = clean_name(slice(best));
    let gender = if entity_type == EntityType::Person {
        vote_gender(
            members
                .iter()
                .filter_map(|&m| applied.titles.get(m).copied().flatten()?.gender),
        )
        .or_else(|| {
            let parsed = PersonName::parse(&name);
            (parsed.words.len() >= 2)
                .then(|| name.split_whitespace().next())
                .flatten()
                .and_then(|first| LEXICON.first_name_gender(first))
        })
    } else {
        None
    };
    EntityDraft {
        name,
        entity_type,
        gender,
        mentions: members,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_and_last_words_are_those_of_the_parsed_name() {
        for name in [
            "Bashar Al- Assad",
            "Trump's",
            "J. Smith Jr.",
            "Ludwig VAN Beethoven",
            "Élodie Durand",
            "José María Aznar",
            "Al",
            "Martin Luther King III",
            "Dr. Ben-Gurion’s",
            "ÉMILE ZOLA",
            "",
        ] {
            let words = PersonName::parse(name).words;
            let expected = match &words[..] {
                [first, .., last] => Some((first.clone(), last.clone())),
                _ => None,
            };
            assert_eq!(PersonName::first_and_last(name), expected, "{name:?}");
        }
        assert_eq!(
            PersonName::first_and_last("Ludwig van Beethoven"),
            Some(("ludwig".into(), "beethoven".into()))
        );
    }

    #[test]
    fn person_names_drop_particles_possessives_and_dots() {
        let assad = PersonName::parse("Bashar Al- Assad");
        assert_eq!(assad.words, vec!["bashar", "assad"]);
        assert_eq!(assad.full_len, 3);
        assert_eq!(PersonName::parse("Bashar al-Assad").words, assad.words);
        assert_eq!(PersonName::parse("Trump's").words, vec!["trump"]);
        assert_eq!(PersonName::parse("J. Smith Jr.").words, vec!["j", "smith"]);
    }

    #[test]
    fn clean_names_close_up_hyphens_and_spaces() {
        assert_eq!(clean_name("Bashar Al- Assad"), "Bashar Al-Assad");
        assert_eq!(clean_name("Donald\n  Trump"), "Donald Trump");
        for name in [
            "Donald Trump",
            "Donald  Trump",
            " Donald",
            "Donald ",
            "Bashar Al- Assad",
            "Bashar Al -Assad",
            "Bashar al-Assad",
            "Ann\u{a0}Lee",
            "",
        ] {
            let clean = is_clean_name(name) && !name.contains("- ") && !name.contains(" -");
            assert_eq!(clean, clean_name(name) == name, "{name:?}");
            assert_eq!(
                PersonName::word_count(name),
                PersonName::parse(name).full_len,
                "{name:?}"
            );
        }
    }

    #[test]
    fn acronyms_match_initials() {
        assert_eq!(initials_of("United Nations").as_deref(), Some("UN"));
        assert_eq!(acronym_letters("U.N.").as_deref(), Some("UN"));
        assert_eq!(acronym_letters("NATO").as_deref(), Some("NATO"));
        assert_eq!(acronym_letters("Nato"), None);
        assert_eq!(initials_of("Reuters"), None);
    }
}
