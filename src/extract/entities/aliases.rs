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

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use super::lexicon::{LEXICON, PlaceKind, with_lowercase};
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

    /// [`PersonName::first_and_last`] appended to `key` as one string that tells the two words
    /// apart (both words, then a colon and the first word's length: read from the end, it
    /// splits one way only); false, with `key` as it was, when `text` has fewer than two words.
    pub fn first_and_last_into(text: &str, key: &mut String) -> bool {
        let mut kept = name_parts(text).filter(|raw| !is_dropped_part(raw));
        let (Some(first), Some(last)) = (kept.next(), kept.last()) else {
            return false;
        };
        let start = key.len();
        push_normal_part(first, key);
        let first_len = key.len() - start;
        push_normal_part(last, key);
        key.push(':');
        // The entity rules write one number per name candidate: not through `write!`.
        key.push_str(itoa::Buffer::new().format(first_len));
        true
    }

    /// The number of words of `text` including particles: [`PersonName::parse`]'s `full_len`,
    /// without building the words.
    pub fn word_count(text: &str) -> usize {
        name_parts(text).count()
    }
}

/// The words of a name as written, without possessive endings and surrounding punctuation.
fn name_parts(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || c == '-' || c == '‐')
        .map(|raw| trim_possessives(raw).trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|raw| !raw.is_empty())
}

/// `word` without its possessive endings: `word.trim_end_matches("'s").trim_end_matches("’s")`,
/// without setting up a substring search for every word.
pub(crate) fn trim_possessives(mut word: &str) -> &str {
    while let Some(rest) = word.strip_suffix("'s") {
        word = rest;
    }
    while let Some(rest) = word.strip_suffix("’s") {
        word = rest;
    }
    word
}

/// Suffixes that a person's name is matched without, besides the particles.
const NAME_SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii"];

/// The length of the longest particle or suffix: a longer ASCII word is none.
const DROPPED_PART_MAX_LEN: usize = {
    let mut longest = 0;
    let mut i = 0;
    while i < NAME_PARTICLES.len() {
        if NAME_PARTICLES[i].len() > longest {
            longest = NAME_PARTICLES[i].len();
        }
        i += 1;
    }
    let mut i = 0;
    while i < NAME_SUFFIXES.len() {
        if NAME_SUFFIXES[i].len() > longest {
            longest = NAME_SUFFIXES[i].len();
        }
        i += 1;
    }
    longest
};

/// A particle or suffix that a person's name is matched without ("al", "van", "Jr").
fn is_dropped_part(raw: &str) -> bool {
    let dropped = |lower: &str| NAME_PARTICLES.contains(&lower) || NAME_SUFFIXES.contains(&lower);
    if raw.is_ascii() && raw.len() > DROPPED_PART_MAX_LEN {
        return false; // longer than every entry (most words are)
    }
    with_lowercase(raw, dropped)
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
    clean_name_into(text, &mut joined);
    joined
}

/// [`clean_name`], borrowing `text` when it is clean already (as names nearly always are).
fn clean_name_cow(text: &str) -> Cow<'_, str> {
    if is_clean_name(text) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(clean_name(text))
    }
}

/// [`clean_name`] into `out` (emptied first).
fn clean_name_into(text: &str, out: &mut String) {
    out.clear();
    if is_clean_name(text) {
        // Nearly every name: already clean.
        out.push_str(text);
        return;
    }
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    // Most names have no hyphen next to a space; only those pay for the copies.
    if out.contains("- ") {
        *out = out.replace("- ", "-");
    }
    if out.contains(" -") {
        *out = out.replace(" -", "-");
    }
}

/// True when `text` has a space next to a hyphen ("Al- Assad"): `text.contains("- ") ||
/// text.contains(" -")`, in one pass over the bytes instead of two substring searches.
fn has_spaced_hyphen(text: &str) -> bool {
    text.as_bytes()
        .windows(2)
        .any(|pair| matches!(pair, [b'-', b' '] | [b' ', b'-']))
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
    (!previous_space || text.is_empty()) && !has_spaced_hyphen(text)
}

/// Appends the grouping key of a non-person mention to `key` (the same words, ignoring case,
/// dots and a leading "the"; a country's aliases share one); `cleaned` is scratch space.
fn other_key_into(ty: EntityType, text: &str, key: &mut String, cleaned: &mut String) {
    use std::fmt::Write;
    clean_name_into(text, cleaned);
    if let Some(PlaceKind::Country(id)) = LEXICON.place(cleaned) {
        let _ = write!(key, "country:{id}"); // writing to a String cannot fail
        return;
    }
    key.push_str(ty.label());
    key.push(':');
    let lower_start = key.len();
    if cleaned.is_ascii() {
        key.push_str(cleaned);
        key[lower_start..].make_ascii_lowercase();
    } else {
        key.push_str(&cleaned.to_lowercase());
    }
    if key[lower_start..].starts_with("the ") {
        key.replace_range(lower_start..lower_start + 4, "");
    }
    if key[lower_start..].contains('.') {
        let bare = key[lower_start..].replace('.', "");
        key.truncate(lower_start);
        key.push_str(&bare);
    }
}

/// The capitals of a name of two or more capitalised words ("United Nations" -> "UN"; "Bank of
/// England" -> "BE"), `None` for one word.
#[cfg(test)]
fn initials_of(name: &str) -> Option<String> {
    let mut initials = String::new();
    initials_into(name, &mut initials).then_some(initials)
}

/// Appends [`initials_of`] to `out`; false (and `out` as it was) when the name has none.
fn initials_into(name: &str, out: &mut String) -> bool {
    let start = out.len();
    let (mut words, mut capitals) = (0, 0);
    for word in name.split_whitespace() {
        words += 1;
        if let Some(c) = word.chars().next().filter(|c| c.is_uppercase()) {
            out.push(c);
            capitals += 1;
        }
    }
    if capitals >= 2 && words >= 2 {
        true
    } else {
        out.truncate(start);
        false
    }
}

/// The letters of an acronym ("U.N." -> "UN", "NATO" -> "NATO"), `None` for other words.
#[cfg(test)]
fn acronym_letters(word: &str) -> Option<String> {
    let mut letters = String::new();
    acronym_letters_into(word, &mut letters).then_some(letters)
}

/// [`acronym_letters`] into `letters` (emptied first); false when `word` is no acronym.
fn acronym_letters_into(word: &str, letters: &mut String) -> bool {
    letters.clear();
    letters.extend(word.chars().filter(|c| c.is_alphabetic()));
    !word.contains(' ')
        && letters.chars().count() >= 2
        && letters.chars().all(char::is_uppercase)
        && word.chars().all(|c| c.is_alphabetic() || c == '.')
}

/// Appends [`normal_part`] of `raw` to `out`.
fn push_normal_part(raw: &str, out: &mut String) {
    if raw.is_ascii() && !raw.contains('.') {
        // Most parts: one copy, lower-cased in place.
        let start = out.len();
        out.push_str(raw);
        out[start..].make_ascii_lowercase();
    } else if raw.is_ascii() {
        out.extend(
            raw.bytes()
                .filter(|&b| b != b'.')
                .map(|b| char::from(b.to_ascii_lowercase())),
        );
    } else {
        out.extend(raw.to_lowercase().chars().filter(|&c| c != '.'));
    }
}

/// A person mention's name for matching, its words kept in a [`NameArena`]: what
/// [`PersonName::parse`] gives, without a string per word.
#[derive(Debug, Clone, Copy)]
struct NameRef {
    /// Byte range of the first kept word in the arena.
    first: (usize, usize),
    /// Byte range of the last kept word (the first again for one word).
    last: (usize, usize),
    /// Number of kept words ([`PersonName::words`]' length).
    words: usize,
}

/// The normalised words of every person mention of a document, end to end in one string.
struct NameArena(String);

impl NameArena {
    /// Adds `text`'s name; `None` when it keeps no word.
    fn add(&mut self, text: &str) -> Option<NameRef> {
        let mut name = NameRef {
            first: (0, 0),
            last: (0, 0),
            words: 0,
        };
        for raw in name_parts(text).filter(|raw| !is_dropped_part(raw)) {
            let start = self.0.len();
            push_normal_part(raw, &mut self.0);
            let range = (start, self.0.len());
            if name.words == 0 {
                name.first = range;
            }
            name.last = range;
            name.words += 1;
        }
        (name.words > 0).then_some(name)
    }

    fn first<'a>(&'a self, name: &NameRef) -> &'a str {
        &self.0[name.first.0..name.first.1]
    }

    fn last<'a>(&'a self, name: &NameRef) -> &'a str {
        &self.0[name.last.0..name.last.1]
    }
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
pub fn cluster<'t>(analysis: &mut Analysis<'t>, applied: &Applied) -> Vec<EntityDraft<'t>> {
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

    // Non-persons: by key. The keys (and the initials below) are written end to end into one
    // string, and the maps borrow from it: no string per mention.
    let mention_bytes: usize = mentions.iter().map(|m| m.end - m.start).sum();
    let mut keys = String::with_capacity(mention_bytes + 16 * n);
    let mut cleaned = String::with_capacity(64);
    let mut key_ranges: Vec<(usize, usize, usize)> = Vec::with_capacity(n);
    for (m, mention) in mentions.iter().enumerate() {
        if mention.entity_type == EntityType::Person {
            continue;
        }
        let start = keys.len();
        other_key_into(
            mention.entity_type,
            &text[mention.start..mention.end],
            &mut keys,
            &mut cleaned,
        );
        key_ranges.push((m, start, keys.len()));
    }
    // "U.N." and "United Nations", "NATO" and "North Atlantic Treaty Organization" in one text.
    let mut initial_ranges: Vec<(usize, usize, usize)> = Vec::with_capacity(n);
    for (m, mention) in mentions.iter().enumerate() {
        let start = keys.len();
        if mention.entity_type == EntityType::Org
            && initials_into(&text[mention.start..mention.end], &mut keys)
        {
            initial_ranges.push((m, start, keys.len()));
        }
    }
    let mut first_with_key: FxHashMap<&str, usize> =
        FxHashMap::with_capacity_and_hasher(key_ranges.len(), Default::default());
    for &(m, start, end) in &key_ranges {
        match first_with_key.get(&keys[start..end]) {
            Some(&root) => sets.union(root, m),
            None => {
                first_with_key.insert(&keys[start..end], m);
            }
        }
    }
    for &(short, long) in &applied.acronyms {
        sets.union(short, long);
    }
    let mut by_initials: FxHashMap<&str, usize> =
        FxHashMap::with_capacity_and_hasher(initial_ranges.len(), Default::default());
    for &(m, start, end) in &initial_ranges {
        by_initials.entry(&keys[start..end]).or_insert(m);
    }
    let mut letters = String::with_capacity(32);
    for (m, mention) in mentions.iter().enumerate() {
        if mention.entity_type == EntityType::Org
            && acronym_letters_into(&text[mention.start..mention.end], &mut letters)
            && let Some(&long) = by_initials.get(letters.as_str())
        {
            sets.union(long, m);
        }
    }

    // People with a first and a last name.
    let mut arena = NameArena(String::with_capacity(mention_bytes));
    let names: Vec<Option<NameRef>> = mentions
        .iter()
        .map(|m| {
            if m.entity_type == EntityType::Person {
                arena.add(&text[m.start..m.end])
            } else {
                None
            }
        })
        .collect();
    let names = share_surnames(text, mentions, names);
    let arena = &arena;
    let mut people: Vec<Person> = Vec::new();
    let mut person_of = vec![usize::MAX; n];
    for m in 0..n {
        let Some(name) = &names[m] else { continue };
        if name.words < 2 {
            continue;
        }
        let (first, last) = (arena.first(name), arena.last(name));
        let found = people.iter().position(|p| {
            p.last == last
                && (p.first == first
                    || (first.len() == 1 && p.first.starts_with(first))
                    || (p.first.len() == 1 && first.starts_with(p.first)))
        });
        let p = match found {
            Some(p) => p,
            None => {
                people.push(Person {
                    first,
                    last,
                    // Room for a person's usual few mentions, lone ones included.
                    mentions: Vec::with_capacity(8),
                    gender: None,
                });
                people.len() - 1
            }
        };
        people[p].mentions.push(m);
        person_of[m] = p;
    }
    for p in &mut people {
        p.gender = vote_gender(p.mentions.iter().filter_map(|&m| title_gender(m))).or_else(|| {
            super::lexicon::with_title_case(p.first, |name| LEXICON.first_name_gender(name))
        });
    }

    // Lone names: a surname (or a first name) joins a person.
    let mut lone: FxHashMap<&str, usize> =
        FxHashMap::with_capacity_and_hasher(n, Default::default());
    let mut candidates: Vec<usize> = Vec::with_capacity(people.len());
    for m in 0..n {
        let Some(name) = &names[m] else { continue };
        if name.words >= 2 {
            continue;
        }
        let word = arena.first(name);
        candidates.clear();
        candidates.extend((0..people.len()).filter(|&p| people[p].last == word));
        if candidates.is_empty() {
            candidates.extend((0..people.len()).filter(|&p| people[p].first == word));
            if candidates.len() > 1 {
                candidates.clear();
            }
        }
        if let Some(g) = title_gender(m) {
            // "Mr Trump" is not Melania Trump, even when she is the only Trump named in full.
            candidates.retain(|&p| people[p].gender != Some(g.opposite()));
            if candidates.iter().any(|&p| people[p].gender == Some(g)) {
                candidates.retain(|&p| people[p].gender == Some(g));
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
                    lone.insert(word, m);
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

    // Clusters in order of first mention; each one's list is sized before it is filled.
    let mut cluster_of_root = vec![usize::MAX; n];
    let mut cluster_of: Vec<usize> = Vec::with_capacity(n);
    let mut sizes: Vec<usize> = Vec::new();
    for m in 0..n {
        let root = sets.find(m);
        if cluster_of_root[root] == usize::MAX {
            cluster_of_root[root] = sizes.len();
            sizes.push(0);
        }
        cluster_of.push(cluster_of_root[root]);
        sizes[cluster_of_root[root]] += 1;
    }
    let mut clusters: Vec<Vec<usize>> = sizes.iter().map(|&k| Vec::with_capacity(k)).collect();
    for (m, &c) in cluster_of.iter().enumerate() {
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
    mut names: Vec<Option<NameRef>>,
) -> Vec<Option<NameRef>> {
    for m in 0..mentions.len().saturating_sub(1) {
        let between = text[mentions[m].end..mentions[m + 1].start].trim();
        if !matches!(between, "and" | "&") {
            continue;
        }
        let (Some(first), Some(full)) = (names[m], names[m + 1]) else {
            continue;
        };
        let raw = &text[mentions[m].start..mentions[m].end];
        if first.words == 1 && full.words >= 2 && LEXICON.is_first_name(raw) {
            names[m] = Some(NameRef {
                first: first.first,
                last: full.last,
                words: 2,
            });
        }
    }
    names
}

/// A person under construction; the names borrow from the document's [`NameArena`].
struct Person<'a> {
    first: &'a str,
    last: &'a str,
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
fn draft<'t>(analysis: &Analysis<'t>, applied: &Applied, members: Vec<usize>) -> EntityDraft<'t> {
    let text = analysis.text;
    let mentions = &analysis.mentions;
    let slice = |m: usize| &text[mentions[m].start..mentions[m].end];
    // Type by majority, ties to the earliest mention's type.
    // At most one slot per type, in order of first appearance.
    let mut counts = [(EntityType::Misc, 0usize); 4];
    let mut kinds = 0;
    for &m in &members {
        let ty = mentions[m].entity_type;
        match counts[..kinds].iter_mut().find(|(t, _)| *t == ty) {
            Some((_, k)) => *k += 1,
            None => {
                counts[kinds] = (ty, 1);
                kinds += 1;
            }
        }
    }
    let entity_type = counts[..kinds]
        .iter()
        .rev()
        .max_by_key(|(_, k)| *k)
        .map(|(t, _)| *t)
        .unwrap_or(EntityType::Misc);
    // Earliest longest full name; a cleanly written one beats an oddly spaced one. (Most
    // entities have one mention: nothing to choose.)
    let best = if members.len() == 1 {
        members[0]
    } else {
        // The members come in text order: one written exactly as an earlier one has its words
        // and cleanliness and a later start, so it never wins and is not measured again (the
        // first few distinct spellings are remembered; most entities have no more).
        let mut spellings = [""; 8];
        let mut known = 0;
        let mut best = None;
        for &m in &members {
            let raw = slice(m);
            if spellings[..known].contains(&raw) {
                continue;
            }
            if known < spellings.len() {
                spellings[known] = raw;
                known += 1;
            }
            let key = (
                PersonName::word_count(raw),
                is_clean_name(raw),
                std::cmp::Reverse(mentions[m].start),
            );
            // The last of equal keys wins, as with `max_by_key`.
            if best.is_none_or(|(best_key, _)| key >= best_key) {
                best = Some((key, m));
            }
        }
        best.map_or(members[0], |(_, m)| m)
    };
    let name = clean_name_cow(slice(best));
    let gender = if entity_type == EntityType::Person {
        vote_gender(
            members
                .iter()
                .filter_map(|&m| applied.titles.get(m).copied().flatten()?.gender),
        )
        .or_else(|| {
            let kept_words = name_parts(&name)
                .filter(|raw| !is_dropped_part(raw))
                .take(2)
                .count();
            (kept_words >= 2)
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
    fn first_and_last_keys_spell_both_words_and_the_first_length() {
        for name in [
            "Bashar Al- Assad",
            "J. Smith Jr.",
            "Ludwig VAN Beethoven",
            "Élodie Durand",
            "Dr. Ben-Gurion’s",
            "ÉMILE ZOLA",
            "Abdul-Rahman Ibn Khaldun's",
            "Trump",
        ] {
            let mut key = String::from("kept|");
            let expected = match PersonName::first_and_last(name) {
                Some((first, last)) => format!("kept|{first}{last}:{}", first.len()),
                None => "kept|".to_string(),
            };
            let written = PersonName::first_and_last_into(name, &mut key);
            assert_eq!(written, expected != "kept|", "{name:?}");
            assert_eq!(key, expected, "{name:?}");
        }
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
            assert_eq!(is_clean_name(name), clean_name(name) == name, "{name:?}");
            assert_eq!(
                has_spaced_hyphen(name),
                name.contains("- ") || name.contains(" -"),
                "{name:?}"
            );
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
