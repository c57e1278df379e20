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
    /// Sequence key → (bit mask of classes, number of tokens).
    pub entries: KeyMap<(u32, u8)>,
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
        let entry = self
            .entries
            .entry(sequence_key(&keys))
            .or_insert((0, keys.len() as u8));
        entry.0 |= 1 << c;
    }

    /// Calls `found(first token, token count, class number)` for every match in a text of
    /// `tokens` tokens whose keys `key_of` gives, in text order (then by length, then by class).
    pub fn for_each_match(
        &self,
        tokens: usize,
        key_of: impl Fn(usize) -> u64,
        mut found: impl FnMut(usize, usize, usize),
    ) {
        if self.entries.is_empty() {
            return;
        }
        for i in 0..tokens {
            let mut h = 0x5EED;
            for len in 1..=MAX_ENTRY_TOKENS.min(tokens - i) {
                h = combine(h, key_of(i + len - 1));
                if let Some(&(mask, n)) = self.entries.get(&h)
                    && n as usize == len
                {
                    for c in 0..self.classes.len() {
                        if mask & (1 << c) != 0 {
                            found(i, len, c);
                        }
                    }
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
        let entry = self.entries.entry(sequence_key(&[key])).or_insert((0, 1));
        entry.0 |= 1 << c;
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
