//! Finding things in an article without a GUI: text search (Ctrl+F) over the whole article,
//! within quotes or within one speaker's quotes; the entity search behind the speaker picker's
//! S key; and snapping a selection to word edges.
//!
//! Every offset is a code point offset, half-open, like the rest of the document.

use crate::document::model::{Document, EntityType};
use crate::text::{CharIndex, char_range_to_bytes};

/// Where a text search looks.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SearchScope {
    /// The whole article.
    All,
    /// Inside any quote's content.
    Quotes,
    /// Inside the quotes attributed to this entity id.
    Speaker(String),
}

/// An article prepared for case-insensitive search: built once per article, then each query is
/// one pass over the text.
#[derive(Debug, Clone)]
pub struct TextSearch {
    /// The text with every code point folded to one lower-case code point, so offsets match.
    folded: String,
}

/// One code point in lower case, kept to one code point so that offsets stay the text's ("İ"
/// folds to "i", not to "i̇").
fn fold(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

impl TextSearch {
    /// Prepares `text` for searching.
    pub fn new(text: &str) -> TextSearch {
        TextSearch {
            folded: text.chars().map(fold).collect(),
        }
    }

    /// Every match of `query` (ignoring case), as code point ranges in text order, not
    /// overlapping, limited to `scope` in `doc` (whose text this must be). An empty or blank
    /// query matches nothing.
    pub fn find(&self, query: &str, scope: &SearchScope, doc: &Document) -> Vec<(usize, usize)> {
        if query.trim().is_empty() {
            return Vec::new();
        }
        let needle: String = query.chars().map(fold).collect();
        let len = needle.chars().count();
        let index = CharIndex::new(&self.folded);
        let mut ranges: Vec<(usize, usize)> = match scope {
            SearchScope::All => return self.all(&index, &needle, len),
            SearchScope::Quotes => doc.quotes.iter().map(|q| (q.start, q.end)).collect(),
            SearchScope::Speaker(id) => doc
                .quotes
                .iter()
                .filter(|q| q.speaker.as_deref() == Some(id.as_str()))
                .map(|q| (q.start, q.end))
                .collect(),
        };
        ranges.sort_unstable();
        let mut hits = Vec::new();
        for (start, end) in ranges {
            let bytes = index.byte_of_char(start)..index.byte_of_char(end);
            for (b, _) in self.folded[bytes.clone()].match_indices(&needle) {
                let s = index.char_of_byte(bytes.start + b);
                // Quotes may overlap (a mixed quote around a direct one): each hit once.
                if hits.last().is_none_or(|&(_, e)| s >= e) {
                    hits.push((s, s + len));
                }
            }
        }
        hits
    }

    fn all(&self, index: &CharIndex, needle: &str, len: usize) -> Vec<(usize, usize)> {
        self.folded
            .match_indices(needle)
            .map(|(b, _)| {
                let s = index.char_of_byte(b);
                (s, s + len)
            })
            .collect()
    }
}

/// The hit to go to from code point `from`: the first hit starting after `from` (or before it,
/// going back), wrapping round; `None` when there are no hits.
pub fn step_hit(hits: &[(usize, usize)], from: Option<usize>, forward: bool) -> Option<usize> {
    if hits.is_empty() {
        return None;
    }
    let Some(from) = from else {
        return Some(if forward { 0 } else { hits.len() - 1 });
    };
    if forward {
        let i = hits.partition_point(|&(s, _)| s <= from);
        Some(if i == hits.len() { 0 } else { i })
    } else {
        let i = hits.partition_point(|&(s, _)| s < from);
        Some(if i == 0 { hits.len() - 1 } else { i - 1 })
    }
}

/// The entities whose name contains `query` (ignoring case and accents' case only), people
/// first, then organisations, others, each group by name; every entity for an empty query.
pub fn find_entities<'d>(doc: &'d Document, query: &str) -> Vec<&'d str> {
    let needle: String = query.trim().chars().map(fold).collect();
    let mut found: Vec<_> = doc
        .entities
        .iter()
        .filter(|e| {
            e.name
                .chars()
                .map(fold)
                .collect::<String>()
                .contains(&needle)
        })
        .collect();
    let group = |t: EntityType| match t {
        EntityType::Person => 0,
        EntityType::Org => 1,
        EntityType::Misc => 2,
        EntityType::Loc => 3,
    };
    found.sort_by(|a, b| {
        let starts = |name: &str| {
            !name
                .chars()
                .map(fold)
                .collect::<String>()
                .starts_with(&needle)
        };
        (group(a.entity_type), starts(&a.name), &a.name, &a.id).cmp(&(
            group(b.entity_type),
            starts(&b.name),
            &b.name,
            &b.id,
        ))
    });
    found.into_iter().map(|e| e.id.as_str()).collect()
}

/// True for a code point that belongs to a word: letters, digits, and apostrophes or hyphens
/// between them ("Lavrov's", "al-Assad").
fn word_char(chars: &[char], i: usize) -> bool {
    let c = chars[i];
    if c.is_alphanumeric() {
        return true;
    }
    let joins = matches!(c, '\'' | '’' | '-' | '‐');
    joins
        && i > 0
        && i + 1 < chars.len()
        && chars[i - 1].is_alphanumeric()
        && chars[i + 1].is_alphanumeric()
}

/// How far word snapping looks around a selection, in code points.
const SNAP_REACH: usize = 64;

/// The selection `[start, end)` grown to whole words at both edges and without white space at
/// its ends: "y tried ... electe" becomes "they tried ... elected". A selection of white space
/// only is returned as it is.
pub fn snap_to_words(text: &str, start: usize, end: usize) -> (usize, usize) {
    let (start, end) = (start.min(end), start.max(end));
    let lo = start.saturating_sub(SNAP_REACH);
    let bytes = char_range_to_bytes(text, lo, end + SNAP_REACH);
    let chars: Vec<char> = text[bytes].chars().collect();
    let (mut s, mut e) = ((start - lo).min(chars.len()), (end - lo).min(chars.len()));
    while s < e && chars[s].is_whitespace() {
        s += 1;
    }
    while e > s && chars[e - 1].is_whitespace() {
        e -= 1;
    }
    if s == e {
        return (start, end);
    }
    while s > 0 && word_char(&chars, s - 1) && word_char(&chars, s) {
        s -= 1;
    }
    while e < chars.len() && word_char(&chars, e) && word_char(&chars, e - 1) {
        e += 1;
    }
    (lo + s, lo + e)
}

/// The word at code point `at` (for a double click), or `None` when `at` is not in a word.
pub fn word_at(text: &str, at: usize) -> Option<(usize, usize)> {
    let lo = at.saturating_sub(SNAP_REACH);
    let bytes = char_range_to_bytes(text, lo, at + SNAP_REACH);
    let chars: Vec<char> = text[bytes].chars().collect();
    let i = at - lo;
    if i >= chars.len() || !word_char(&chars, i) {
        return None;
    }
    let (mut s, mut e) = (i, i + 1);
    while s > 0 && word_char(&chars, s - 1) {
        s -= 1;
    }
    while e < chars.len() && word_char(&chars, e) {
        e += 1;
    }
    Some((lo + s, lo + e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::model::{
        Entity, Meta, Origin, Quote, QuoteKind, QuoteStatus, Source, Span,
    };
    use crate::text::char_slice;

    const TEXT: &str =
        "ZOË said “the Ünion is strong 😀”. Zoë’s rival said “zoë is wrong”.\r\nZoë left.";

    fn doc() -> Document {
        let mut doc = Document::new(TEXT.into(), Source::in_memory(), Meta::default());
        let span = |needle: &str| {
            let b = TEXT.find(needle).unwrap();
            let s = TEXT[..b].chars().count();
            Span::from_text(TEXT, s, s + needle.chars().count())
        };
        for (id, name, t) in [
            ("e1", "Zoë Berg", EntityType::Person),
            ("e2", "Union of Zoologists", EntityType::Org),
            ("e3", "Anna Zoë", EntityType::Person),
            ("e4", "Zoëland", EntityType::Loc),
        ] {
            doc.entities.push(Entity {
                id: id.into(),
                name: name.into(),
                entity_type: t,
                origin: Origin::Auto,
                mentions: vec![],
                gender: None,
            });
        }
        for (id, content, speaker) in [
            ("q1", "the Ünion is strong 😀", "e1"),
            ("q2", "zoë is wrong", "e3"),
        ] {
            let s = span(content);
            doc.quotes.push(Quote {
                id: id.into(),
                kind: QuoteKind::Direct,
                start: s.start,
                end: s.end,
                text: s.text,
                speaker: Some(speaker.into()),
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

    fn texts(hits: &[(usize, usize)]) -> Vec<&'static str> {
        hits.iter().map(|&(s, e)| char_slice(TEXT, s, e)).collect()
    }

    #[test]
    fn search_ignores_case_counts_code_points_and_keeps_to_its_scope() {
        let d = doc();
        let search = TextSearch::new(&d.text);
        let all = search.find("zoë", &SearchScope::All, &d);
        assert_eq!(texts(&all), ["ZOË", "Zoë", "zoë", "Zoë"]);
        assert_eq!(
            texts(&search.find("ünion IS", &SearchScope::All, &d)),
            ["Ünion is"]
        );
        let in_quotes = search.find("zoë", &SearchScope::Quotes, &d);
        assert_eq!(in_quotes, vec![all[2]]);
        assert_eq!(
            search.find("zoë", &SearchScope::Speaker("e1".into()), &d),
            vec![]
        );
        assert_eq!(
            texts(&search.find("strong 😀", &SearchScope::Speaker("e1".into()), &d)),
            ["strong 😀"]
        );
        assert_eq!(search.find("  ", &SearchScope::All, &d), vec![]);
    }

    #[test]
    fn stepping_through_hits_wraps_both_ways() {
        let hits = [(2, 4), (10, 12), (20, 22)];
        assert_eq!(step_hit(&hits, None, true), Some(0));
        assert_eq!(step_hit(&hits, None, false), Some(2));
        assert_eq!(step_hit(&hits, Some(2), true), Some(1));
        assert_eq!(step_hit(&hits, Some(20), true), Some(0));
        assert_eq!(step_hit(&hits, Some(10), false), Some(0));
        assert_eq!(step_hit(&hits, Some(2), false), Some(2));
        assert_eq!(step_hit(&[], Some(2), false), None);
    }

    #[test]
    fn entity_search_puts_people_first_and_name_starts_before_inner_matches() {
        let d = doc();
        assert_eq!(find_entities(&d, "zo"), ["e1", "e3", "e2", "e4"]);
        assert_eq!(find_entities(&d, " ZOË "), ["e1", "e3", "e4"]);
        assert_eq!(find_entities(&d, "nobody"), Vec::<&str>::new());
        assert_eq!(find_entities(&d, "").len(), 4);
    }

    #[test]
    fn selections_snap_to_whole_words() {
        let text = "They tried to help Trump get elected, said Lavrov’s al-Assad 😀.";
        let at = |needle: &str| {
            let b = text.find(needle).unwrap();
            let s = text[..b].chars().count();
            (s, s + needle.chars().count())
        };
        let (s, _) = at("y tried");
        let (_, e) = at("get electe");
        let (s, e) = snap_to_words(text, s, e);
        assert_eq!(
            char_slice(text, s, e),
            "They tried to help Trump get elected"
        );
        let (s, e) = at(" Trump ");
        let (s, e) = snap_to_words(text, s, e);
        assert_eq!(char_slice(text, s, e), "Trump");
        let (s, e) = at("vrov’s al-As");
        let (s, e) = snap_to_words(text, s, e);
        assert_eq!(char_slice(text, s, e), "Lavrov’s al-Assad");
        // Backwards drags too, and a space alone stays as it is.
        let (e, s) = at("ried");
        let (s, e) = snap_to_words(text, s, e);
        assert_eq!(char_slice(text, s, e), "tried");
        assert_eq!(snap_to_words(text, 4, 5), (4, 5));
    }

    #[test]
    fn a_double_click_selects_the_word_under_it() {
        let text = "said Lavrov’s al-Assad 😀, then left";
        let (s, e) = word_at(text, 8).unwrap();
        assert_eq!(char_slice(text, s, e), "Lavrov’s");
        let (s, e) = word_at(text, 15).unwrap();
        assert_eq!(char_slice(text, s, e), "al-Assad");
        assert_eq!(word_at(text, 4), None);
        assert_eq!(word_at(text, 23), None, "the emoji is not a word");
        assert_eq!(word_at(text, 999), None);
    }
}
