//! Name lists (gazetteers) the tagger looks words up in: first names, places, countries,
//! nationality words, titles, organisation suffixes.
//!
//! The lists are read when a model is trained and stored inside the model file, so a model
//! always carries the lists it was trained with and needs no other file at run time. Entries
//! may span several tokens ("New York", "Middle East"); matching compares lowercased tokens with
//! a final period dropped ("Mr." matches "Mr").

use super::KeyMap;
use super::features::{combine, hash_bytes};
use crate::extract::segment;

/// The learnt class of words usually written in lowercase.
pub(crate) const COMMON_LOWERCASE_CLASS: &str = "usually-lowercase";

/// The learnt class of lowercase words that (almost) never start a name: at the start of a
/// sentence such a word ("And", "Frankly") is outside any entity.
pub(crate) const NEVER_FIRST_CLASS: &str = "rarely-starts-a-name";

/// Longest entry, in tokens, that is matched.
pub(crate) const MAX_ENTRY_TOKENS: usize = 6;

/// The lookup form of one token: lowercased, without a final period.
pub(crate) fn token_key(token: &str) -> u64 {
    token_key_with(token, &mut String::new())
}

/// [`token_key`], building the lowercase form in `buffer`.
pub(crate) fn token_key_with(token: &str, buffer: &mut String) -> u64 {
    let trimmed = if token.len() > 1 {
        token.strip_suffix('.').unwrap_or(token)
    } else {
        token
    };
    buffer.clear();
    buffer.extend(
        trimmed
            .chars()
            .map(|c| match c {
                '’' | '‘' => '\'',
                _ => c,
            })
            .flat_map(char::to_lowercase),
    );
    hash_bytes(41, buffer.as_bytes())
}

/// The key of a sequence of token keys.
fn sequence_key(keys: &[u64]) -> u64 {
    keys.iter().fold(0x5EED, |h, &k| combine(h, k))
}

/// Name lists: classes (by name) and the token sequences in each.
#[derive(Debug, Clone, Default)]
pub(crate) struct Gazetteer {
    /// Class names, at most 32; a class's number is its index.
    pub classes: Vec<String>,
    /// Hashes of the class names, which is what features use.
    pub class_hashes: Vec<u64>,
    /// Sequence key → (bit mask of classes, number of tokens, with [`STARTS_LONGER`] set when
    /// the sequence is the start of a longer entry). The starts of longer entries are here even
    /// when they are no entry themselves (mask 0).
    entries: KeyMap<(u32, u8)>,
    /// One bit per [`FILTER_BITS`] slot, set for the slot of every entry of two or more tokens:
    /// matching tries up to [`MAX_ENTRY_TOKENS`] sequences at every token, and almost none of
    /// the longer ones is in a list (they are a tenth of the entries), so this small table
    /// (which stays in the processor's cache) answers them without touching the large map.
    filter: Vec<u64>,
}

/// The bit of an entry's token count that marks the start of a longer entry.
const STARTS_LONGER: u8 = 0x80;

/// Number of bits of [`Gazetteer::filter`] (8 KiB).
const FILTER_BITS: u64 = 1 << 16;

/// The filter slot of a sequence key: bits the map's own slot choice does not use.
#[inline]
fn filter_slot(key: u64) -> (usize, u64) {
    let bit = (key >> 24) & (FILTER_BITS - 1);
    ((bit / 64) as usize, 1 << (bit % 64))
}

impl Gazetteer {
    /// Adds `name` to `class` (creating the class). Names longer than
    /// [`MAX_ENTRY_TOKENS`] tokens, or when 32 classes exist already, are ignored.
    pub fn add(&mut self, class: &str, name: &str) {
        let c = match self.classes.iter().position(|x| x == class) {
            Some(c) => c,
            None if self.classes.len() < 32 => {
                self.classes.push(class.to_string());
                self.class_hashes.push(hash_bytes(42, class.as_bytes()));
                self.classes.len() - 1
            }
            None => return,
        };
        let keys: Vec<u64> = segment::tokenize(name)
            .iter()
            .map(|t| token_key(t.text(name)))
            .collect();
        if keys.is_empty() || keys.len() > MAX_ENTRY_TOKENS {
            return;
        }
        self.insert(sequence_key(&keys), 1 << c, keys.len() as u8);
        // Every proper start of the entry is marked (an entry of no class when it is none of
        // its own): matching extends a sequence only while a longer entry starts with it.
        for len in 1..keys.len() {
            self.insert(sequence_key(&keys[..len]), 0, len as u8 | STARTS_LONGER);
        }
    }

    /// True when no name list has an entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Room for `additional` more entries.
    pub fn reserve(&mut self, additional: usize) {
        self.entries.reserve(additional);
    }

    /// Adds the classes `mask` to the entry of sequence key `key` of `tokens` tokens, which may
    /// carry [`STARTS_LONGER`] (the token count of an existing entry stays; the mark adds up).
    pub fn insert(&mut self, key: u64, mask: u32, tokens: u8) {
        let entry = self.entries.entry(key).or_insert((0, tokens));
        entry.0 |= mask;
        entry.1 |= tokens & STARTS_LONGER;
        if entry.1 & !STARTS_LONGER > 1 {
            if self.filter.is_empty() {
                self.filter = vec![0; (FILTER_BITS / 64) as usize];
            }
            let (word, bit) = filter_slot(key);
            self.filter[word] |= bit;
        }
    }

    /// The entry of sequence key `key` of `tokens` tokens, if any.
    #[inline]
    fn get(&self, key: u64, tokens: usize) -> Option<(u32, u8)> {
        if tokens > 1 {
            let (word, bit) = filter_slot(key);
            if self.filter.get(word).is_none_or(|w| w & bit == 0) {
                return None;
            }
        }
        self.entries.get(&key).copied()
    }

    /// Calls `found(first token, token count, class number)` for every match in a text of
    /// `tokens` tokens whose keys `key_of` gives, in text order (then by length, then by class).
    #[cfg(test)]
    pub fn for_each_match(
        &self,
        tokens: usize,
        key_of: impl Fn(usize) -> u64,
        found: impl FnMut(usize, usize, usize),
    ) {
        let ids: Vec<u32> = (0..tokens as u32).collect();
        self.for_each_match_of_words(&ids, |w| key_of(w as usize), found);
    }

    /// [`Gazetteer::for_each_match`] for a text whose tokens are words, numbered by
    /// `word_ids` (equal words, equal numbers), whose keys `key_of` gives by word number.
    /// Each word is looked up on its own once, however often it occurs.
    pub fn for_each_match_of_words(
        &self,
        word_ids: &[u32],
        key_of: impl Fn(u32) -> u64,
        mut found: impl FnMut(usize, usize, usize),
    ) {
        if self.entries.is_empty() {
            return;
        }
        let words = word_ids.iter().map(|&w| w as usize + 1).max().unwrap_or(0);
        // Per word: its key, its sequence key, the classes it is an entry of on its own, and
        // whether a longer entry starts with it (most words start none).
        let keys: Vec<u64> = (0..words as u32).map(&key_of).collect();
        let mut alone = Vec::with_capacity(words);
        let mut starts_longer = Vec::with_capacity(words);
        let starts: Vec<u64> = keys
            .iter()
            .map(|&k| {
                let h = combine(0x5EED, k);
                let entry = self.get(h, 1).filter(|&(_, n)| n & !STARTS_LONGER == 1);
                alone.push(entry.map_or(0, |(mask, _)| mask));
                starts_longer.push(entry.is_some_and(|(_, n)| n & STARTS_LONGER != 0));
                h
            })
            .collect();
        let classes = self.classes.len();
        // Classes in increasing order, as the mask's bits.
        #[inline]
        fn report(
            classes: usize,
            mask: u32,
            first: usize,
            len: usize,
            found: &mut impl FnMut(usize, usize, usize),
        ) {
            let mut bits = mask;
            while bits != 0 {
                let c = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                if c < classes {
                    found(first, len, c);
                }
            }
        }
        let tokens = word_ids.len();
        for i in 0..tokens {
            let w = word_ids[i] as usize;
            if alone[w] != 0 {
                report(classes, alone[w], i, 1, &mut found);
            }
            if !starts_longer[w] {
                continue;
            }
            let mut h = starts[w];
            for len in 2..=MAX_ENTRY_TOKENS.min(tokens - i) {
                h = combine(h, keys[word_ids[i + len - 1] as usize]);
                let Some((mask, n)) = self.get(h, len) else {
                    break;
                };
                if (n & !STARTS_LONGER) as usize == len {
                    report(classes, mask, i, len, &mut found);
                }
                if n & STARTS_LONGER == 0 {
                    break;
                }
            }
        }
    }

    /// Adds a one-token entry by its [`token_key`].
    pub fn add_token_key(&mut self, class: &str, key: u64) {
        let c = match self.classes.iter().position(|x| x == class) {
            Some(c) => c,
            None if self.classes.len() < 32 => {
                self.classes.push(class.to_string());
                self.class_hashes.push(hash_bytes(42, class.as_bytes()));
                self.classes.len() - 1
            }
            None => return,
        };
        self.insert(sequence_key(&[key]), 1 << c, 1);
    }

    /// Reads a list file into `class`: one entry a line, `#` lines are comments; `column`
    /// (1-based) picks a tab-separated column, whose `|`-separated items are all entries.
    pub fn add_file(
        &mut self,
        class: &str,
        path: &std::path::Path,
        column: usize,
    ) -> Result<usize, super::TaggerError> {
        let content = std::fs::read_to_string(path)
            .map_err(|e| super::TaggerError::io("read name list", path, e))?;
        let mut added = 0;
        for line in content.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let Some(cell) = line.split('\t').nth(column.saturating_sub(1)) else {
                continue;
            };
            for name in cell.split('|').map(str::trim).filter(|n| !n.is_empty()) {
                self.add(class, name);
                added += 1;
            }
        }
        Ok(added)
    }

    /// Serialises: class count, class names, entry count, entries.
    pub fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&(self.classes.len() as u32).to_le_bytes());
        for class in &self.classes {
            out.extend_from_slice(&(class.len() as u32).to_le_bytes());
            out.extend_from_slice(class.as_bytes());
        }
        let mut entries: Vec<(&u64, &(u32, u8))> = self.entries.iter().collect();
        entries.sort_unstable_by_key(|(k, _)| **k);
        out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
        for (key, (mask, len)) in entries {
            out.extend_from_slice(&key.to_le_bytes());
            out.extend_from_slice(&mask.to_le_bytes());
            out.push(*len);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::model::Weights;
    use super::*;

    /// Every match of `text` as (first token, token count, class name).
    fn matches(gazetteer: &Gazetteer, text: &str) -> Vec<(usize, usize, String)> {
        let tokens = segment::tokenize(text);
        let mut found = Vec::new();
        gazetteer.for_each_match(
            tokens.len(),
            |i| token_key(tokens[i].text(text)),
            |first, len, class| found.push((first, len, gazetteer.classes[class].clone())),
        );
        found
    }

    #[test]
    fn matches_entries_of_one_and_several_tokens() {
        let mut gazetteer = Gazetteer::default();
        gazetteer.add("place", "New York");
        gazetteer.add("place", "York");
        gazetteer.add("place", "Rio de Janeiro");
        gazetteer.add("first", "José");
        gazetteer.add("title", "Mr.");
        let text = "Mr José of NEW YORK met Rio de Janeiro’s mayor, not Rio or de Janeiro.";
        let expected = vec![
            (0, 1, "title".to_string()),
            (1, 1, "first".to_string()),
            (3, 2, "place".to_string()),
            (4, 1, "place".to_string()),
            (6, 3, "place".to_string()),
        ];
        assert_eq!(matches(&gazetteer, text), expected);

        // The lists survive the model file, and so does matching their longer entries.
        let model = Weights::from_float_rows(&[], 0.0, String::new(), gazetteer);
        let read = Weights::from_bytes(&model.to_bytes())
            .expect("a model file reads back")
            .gazetteer;
        assert_eq!(matches(&read, text), expected);
    }

    /// Matching stops at the first sequence no entry starts with, so the starts of longer
    /// entries must be marked whatever else they are and in whatever order lists are added.
    #[test]
    fn longer_entries_match_whatever_their_starts_are() {
        let text = "In New York City, new rules.";
        let expected = vec![
            (1, 1, "usually-lowercase".to_string()),
            (1, 2, "place".to_string()),
            (1, 3, "city".to_string()),
        ];
        let mut before = Gazetteer::default();
        before.add_token_key("usually-lowercase", token_key("new"));
        before.add("place", "New York");
        before.add("city", "New York City");
        let mut after = Gazetteer::default();
        after.add("city", "New York City");
        after.add("place", "New York");
        after.add_token_key("usually-lowercase", token_key("new"));
        for gazetteer in [before, after] {
            let mut found = matches(&gazetteer, text);
            found.retain(|&(first, _, _)| first == 1);
            found.sort();
            let mut want = expected.clone();
            want.sort();
            assert_eq!(found, want);
            // "new rules" starts no entry: "new" is only an entry of its own.
            assert!(
                matches(&gazetteer, text)
                    .iter()
                    .all(|m| m.0 != 5 || m.1 == 1)
            );
            let model = Weights::from_float_rows(&[], 0.0, String::new(), gazetteer);
            let read = Weights::from_bytes(&model.to_bytes())
                .expect("a model file reads back")
                .gazetteer;
            let mut found = matches(&read, text);
            found.retain(|&(first, _, _)| first == 1);
            found.sort();
            assert_eq!(found, want);
        }
    }
}
