//! The entity lexicons under `assets/lexicon/`, compiled into the binary and parsed once.
//!
//! Sources and licences of every list are in `assets/README.md`.

use std::borrow::Cow;
use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::document::model::Gender;

/// What a gazetteer entry names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    /// A country (canonical name or alias); the value indexes [`Lexicon::country_names`].
    Country(usize),
    /// A city, region, sea or continent.
    Place,
    /// A nationality word ("Russian", "Britons"): MISC in CoNLL terms.
    Demonym,
}

/// A title or honorific that can stand before a person's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Title {
    /// The gender the title implies ("Mrs"), if any.
    pub gender: Option<Gender>,
    /// A form of address (Mr, Dr) rather than an office (President): safer evidence of a person.
    pub honorific: bool,
}

/// All entity word lists.
#[derive(Debug)]
pub struct Lexicon {
    /// Gazetteer: a name as written (words joined by single spaces) to what it names. The
    /// names borrow the bundled lists (nearly all are written with single spaces already).
    pub places: FxHashMap<Cow<'static, str>, PlaceKind>,
    /// Canonical country names, indexed by [`PlaceKind::Country`].
    pub country_names: Vec<String>,
    /// Most words in a gazetteer entry.
    pub max_place_words: usize,
    /// The first words (one or more, fewer than all) of every gazetteer entry of several
    /// words, as in [`Lexicon::places`]: a lookup of ever longer names can stop at a name no
    /// entry starts with.
    pub place_starts: FxHashSet<Cow<'static, str>>,
    /// Titles, without a final period, words joined by single spaces.
    pub titles: FxHashMap<Cow<'static, str>, Title>,
    /// Most words in a title.
    pub max_title_words: usize,
    /// The first words (one or more, fewer than all) of every title of several words, as in
    /// [`Lexicon::titles`]: a title lookup stops at a key no longer title starts with.
    pub title_starts: FxHashSet<String>,
    /// Words that end an organisation's name.
    pub org_suffixes: FxHashSet<&'static str>,
    /// First names (title case) with the gender they usually imply.
    pub first_names: FxHashMap<&'static str, Option<Gender>>,
}

/// The lexicons, parsed on first use.
pub static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::bundled);

/// Data lines of a bundled list: no comments, no blank lines.
fn data_lines(source: &'static str) -> impl Iterator<Item = &'static str> {
    source
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn gender_code(code: &str) -> Option<Gender> {
    match code {
        "M" => Some(Gender::Male),
        "F" => Some(Gender::Female),
        _ => None,
    }
}

/// Words of `name` joined by single spaces, so lookups do not depend on spacing.
fn key(name: &'static str) -> Cow<'static, str> {
    // Almost every entry is spaced already: borrow it as it is (this runs for each of the
    // lists' twelve thousand entries when a process starts).
    // One pass: no white space but single spaces between words.
    let mut previous_space = true;
    let spaced = name.chars().all(|c| {
        let ok = !c.is_whitespace() || (c == ' ' && !previous_space);
        previous_space = c == ' ';
        ok
    }) && !previous_space;
    if spaced {
        return Cow::Borrowed(name);
    }
    Cow::Owned(name.split_whitespace().collect::<Vec<_>>().join(" "))
}

impl Lexicon {
    /// Parses the lists bundled from `assets/lexicon/`.
    fn bundled() -> Lexicon {
        // Room for every entry up front (the lists hold about 7,000 places and 5,000 first
        // names): growing the tables step by step cost a fifth of the lists' parsing.
        let mut places = FxHashMap::with_capacity_and_hasher(8192, Default::default());
        let mut country_names = Vec::new();
        for line in data_lines(include_str!("../../../assets/lexicon/countries.tsv")) {
            let mut cols = line.split('\t');
            let Some(name) = cols.next() else { continue };
            let id = country_names.len();
            country_names.push(name.to_string());
            places.insert(key(name), PlaceKind::Country(id));
            for alias in cols
                .next()
                .unwrap_or("")
                .split('|')
                .filter(|a| !a.is_empty())
            {
                places.insert(key(alias), PlaceKind::Country(id));
            }
            for demonym in cols
                .next()
                .unwrap_or("")
                .split('|')
                .filter(|a| !a.is_empty())
            {
                places.entry(key(demonym)).or_insert(PlaceKind::Demonym);
            }
        }
        for source in [
            include_str!("../../../assets/lexicon/places.tsv"),
            include_str!("../../../assets/lexicon/regions.tsv"),
        ] {
            for line in data_lines(source) {
                let name = line.split('\t').next().unwrap_or("");
                if !name.is_empty() {
                    places.entry(key(name)).or_insert(PlaceKind::Place);
                }
            }
        }
        let mut titles = FxHashMap::default();
        for line in data_lines(include_str!("../../../assets/lexicon/titles.tsv")) {
            let mut cols = line.split('\t');
            let name = cols.next().unwrap_or("");
            let gender = gender_code(cols.next().unwrap_or("-"));
            let honorific = cols.next() == Some("honorific");
            if !name.is_empty() {
                titles.insert(key(name), Title { gender, honorific });
            }
        }
        let org_suffixes = data_lines(include_str!("../../../assets/lexicon/org_suffixes.txt"))
            .map(str::trim)
            .collect();
        let mut first_names = FxHashMap::with_capacity_and_hasher(6144, Default::default());
        first_names.extend(
            data_lines(include_str!("../../../assets/lexicon/first_names.tsv")).filter_map(|l| {
                let (name, g) = l.split_once('\t')?;
                Some((name, gender_code(g)))
            }),
        );
        let words = |k: &Cow<str>| k.bytes().filter(|&b| b == b' ').count() + 1;
        let mut title_starts = FxHashSet::default();
        let mut place_starts = FxHashSet::default();
        let mut max_place_words = 1;
        for name in places.keys() {
            let mut start = 0;
            while let Some(space) = name[start..].find(' ') {
                let prefix = match name {
                    Cow::Borrowed(name) => Cow::Borrowed(&name[..start + space]),
                    Cow::Owned(name) => Cow::Owned(name[..start + space].to_string()),
                };
                place_starts.insert(prefix);
                start += space + 1;
            }
            max_place_words = max_place_words.max(words(name));
        }
        for title in titles.keys() {
            let mut start = 0;
            while let Some(space) = title[start..].find(' ') {
                title_starts.insert(title[..start + space].to_string());
                start += space + 1;
            }
        }
        Lexicon {
            title_starts,
            max_place_words,
            place_starts,
            max_title_words: titles.keys().map(words).max().unwrap_or(1),
            places,
            country_names,
            titles,
            org_suffixes,
            first_names,
        }
    }

    /// The title `words` spell (a final period ignored: "Mr." is "Mr").
    pub fn title(&self, words: &str) -> Option<Title> {
        self.titles
            .get(words.strip_suffix('.').unwrap_or(words))
            .copied()
    }

    /// The gender a first name implies, `None` for names used by both or unknown words.
    /// Accents are ignored ("Élodie" is "Elodie").
    pub fn first_name_gender(&self, name: &str) -> Option<Gender> {
        self.first_name(name).flatten()
    }

    /// True when `name` is a known first name ("Rex", "Maria", "Élodie"), in any case.
    pub fn is_first_name(&self, name: &str) -> bool {
        self.first_name(name).is_some()
    }

    fn first_name(&self, name: &str) -> Option<Option<Gender>> {
        if let Some(g) = self.first_names.get(name) {
            return Some(*g);
        }
        // ASCII has no accents to fold (the rules ask this of most capitalised words, and most
        // are no first name).
        if name.is_ascii() {
            return with_title_case(name, |titled| {
                // When the title case is the name itself, the lookup above was this one.
                (titled != name)
                    .then(|| self.first_names.get(titled).copied())
                    .flatten()
            });
        }
        self.first_names
            .get(title_case(&fold_accents(name)).as_str())
            .copied()
    }

    /// What the gazetteer says `name` is; all-capital headline forms ("RUSSIA") match too.
    pub fn place(&self, name: &str) -> Option<PlaceKind> {
        if let Some(kind) = self.places.get(name) {
            return Some(*kind);
        }
        // A lower-case ASCII letter rules out the capitals form at once (most misses have one).
        if name.bytes().any(|b| b.is_ascii_lowercase()) {
            return None;
        }
        let letters = name.chars().filter(|c| c.is_alphabetic()).count();
        if letters > 3 && name.chars().all(|c| !c.is_lowercase()) {
            let titled: Vec<String> = name.split(' ').map(title_case).collect();
            return self.places.get(titled.join(" ").as_str()).copied();
        }
        None
    }
}

/// "Élodie" -> "Elodie": common Latin accents dropped (the Census lists are plain ASCII).
pub fn fold_accents(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'À'..='Å' => 'A',
            'à'..='å' => 'a',
            'Ç' => 'C',
            'ç' => 'c',
            'È'..='Ë' => 'E',
            'è'..='ë' => 'e',
            'Ì'..='Ï' => 'I',
            'ì'..='ï' => 'i',
            'Ñ' => 'N',
            'ñ' => 'n',
            'Ò'..='Ö' | 'Ø' => 'O',
            'ò'..='ö' | 'ø' => 'o',
            'Ù'..='Ü' => 'U',
            'ù'..='ü' => 'u',
            'Ý' => 'Y',
            'ý' | 'ÿ' => 'y',
            other => other,
        })
        .collect()
}

/// Calls `f` with [`title_case`] of `word`, made in a stack buffer when `word` is short ASCII.
pub fn with_title_case<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    with_recased(
        word,
        |bytes| {
            bytes.make_ascii_lowercase();
            if let Some(first) = bytes.first_mut() {
                first.make_ascii_uppercase();
            }
        },
        title_case,
        f,
    )
}

/// Calls `f` with `word` in lower case, made in a stack buffer when `word` is short ASCII.
pub fn with_lowercase<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    with_recased(word, <[u8]>::make_ascii_lowercase, str::to_lowercase, f)
}

/// Calls `f` with `word` in another case: short ASCII words (nearly all the words the rules ask
/// about) are changed by `ascii` in a stack buffer, any other by `general` in a new string.
fn with_recased<R>(
    word: &str,
    ascii: impl FnOnce(&mut [u8]),
    general: impl FnOnce(&str) -> String,
    f: impl FnOnce(&str) -> R,
) -> R {
    let mut buffer = [0u8; 32];
    if word.is_ascii() && word.len() <= buffer.len() {
        let recased = &mut buffer[..word.len()];
        recased.copy_from_slice(word.as_bytes());
        ascii(recased);
        // ASCII stays ASCII, so this is always valid UTF-8.
        f(std::str::from_utf8(recased).unwrap_or_default())
    } else {
        f(&general(word))
    }
}

/// "RUSSIA" -> "Russia", "al-assad" -> "Al-assad".
pub fn title_case(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for (i, c) in word.chars().enumerate() {
        if i == 0 {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_aliases_share_one_country() {
        let lex = &*LEXICON;
        let us = lex.place("United States");
        assert!(matches!(us, Some(PlaceKind::Country(_))));
        for alias in ["US", "U.S.", "USA", "America"] {
            assert_eq!(lex.place(alias), us, "{alias}");
        }
        assert_eq!(lex.place("Russian Federation"), lex.place("Russia"));
        assert_eq!(lex.place("RUSSIA"), lex.place("Russia"));
        assert_eq!(lex.place("Russian"), Some(PlaceKind::Demonym));
        assert_eq!(lex.place("Moscow"), Some(PlaceKind::Place));
        assert_eq!(lex.place("Tuesday"), None);
        // Gazetteer lookups in the text stop where no entry goes on.
        assert!(lex.place_starts.contains("New") && lex.place_starts.contains("Bosnia and"));
        assert!(lex.place_starts.contains("New York") && !lex.place_starts.contains("Moscow"));
    }

    #[test]
    fn keys_join_the_words_by_single_spaces() {
        for name in [
            "New York",
            "New  York",
            " Paris",
            "Paris ",
            "Bosnia\tand Herzegovina",
            "Côte d'Ivoire",
            "São\u{a0}Paulo",
            "",
            " ",
        ] {
            let joined = name.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(key(name), joined, "{name:?}");
        }
    }

    #[test]
    fn titles_and_first_names_carry_gender() {
        let lex = &*LEXICON;
        assert_eq!(
            lex.title("Mrs.").and_then(|t| t.gender),
            Some(Gender::Female)
        );
        assert_eq!(lex.title("Mr").and_then(|t| t.gender), Some(Gender::Male));
        assert!(lex.title("Secretary of State").is_some());
        // Title lookups in the text stop where no title goes on.
        assert!(
            lex.title_starts.contains("Secretary") && lex.title_starts.contains("Secretary of")
        );
        assert!(
            !lex.title_starts.contains("Secretary of State") && !lex.title_starts.contains("Mrs")
        );
        assert_eq!(lex.first_name_gender("Donald"), Some(Gender::Male));
        assert_eq!(lex.first_name_gender("Mary"), Some(Gender::Female));
        assert!(lex.org_suffixes.contains("Network"));
    }
}
