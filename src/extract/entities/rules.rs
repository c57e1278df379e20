//! Rules that add or fix entity mentions on top of the tagger's.
//!
//! The rules work on token spans of the segmentation. A mention never contains a title ("Mr",
//! "Secretary of State") or a possessive ending: CoNLL-style scoring expects names only.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

use super::RuleSet;
use super::lexicon::{LEXICON, PlaceKind, Title, with_lowercase};
use crate::document::model::EntityType;
use crate::extract::segment::{Segmentation, Token};
use crate::extract::{Analysis, Mention, MentionSource};

/// What the rules learnt that alias merging needs, per final mention.
#[derive(Debug, Clone, Default)]
pub struct Applied {
    /// The title written directly before each mention (same index as `Analysis::mentions`).
    pub titles: Vec<Option<Title>>,
    /// Acronyms defined in the text: (acronym mention, long-form mention) indices.
    pub acronyms: Vec<(usize, usize)>,
}

/// A mention under construction, in token indices.
#[derive(Debug, Clone)]
struct Cand {
    first: usize,
    end: usize,
    ty: EntityType,
    source: MentionSource,
    title: Option<Title>,
    /// A guess without evidence (the fallback's MISC): it takes the document's type for its
    /// string but does not vote.
    weak: bool,
    /// The tagger typed a longer span that began with a sentence opener ("Frankly Putin" as
    /// an ORG): its type says little about the name left after trimming.
    lost_opener: bool,
    alive: bool,
    /// Whether the candidate has a person key ([`person_key_into`]), once [`consistency`]
    /// worked it out.
    has_person_key: Cell<Option<bool>>,
}

/// No candidate owns this token.
const FREE: usize = usize::MAX;

/// Words that often open a sentence with a capital letter without being names.
const SENTENCE_OPENERS: &[&str] = &[
    "The",
    "A",
    "An",
    "But",
    "And",
    "Or",
    "In",
    "On",
    "At",
    "As",
    "If",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "His",
    "Her",
    "Their",
    "Its",
    "Our",
    "My",
    "When",
    "While",
    "After",
    "Before",
    "Still",
    "However",
    "Yet",
    "So",
    "For",
    "With",
    "From",
    "By",
    "To",
    "Of",
    "Not",
    "No",
    "Some",
    "Many",
    "Most",
    "All",
    "One",
    "Two",
    "Three",
    "What",
    "Who",
    "Why",
    "How",
    "Where",
    "Later",
    "Earlier",
    "Meanwhile",
    "Also",
    "Then",
    "Can",
    "Will",
    "Would",
    "Speaking",
    "According",
    "Frankly",
    "Such",
    "Even",
    "Under",
    "Since",
];

/// Whether `word` is one of the [`SENTENCE_OPENERS`], asked of the first word of every sentence:
/// one hash lookup instead of a comparison with each of them.
fn is_sentence_opener(word: &str) -> bool {
    static OPENERS: LazyLock<FxHashSet<&'static str>> =
        LazyLock::new(|| SENTENCE_OPENERS.iter().copied().collect());
    OPENERS.contains(word)
}

/// Lower-case words that may join the capitalised words of one name ("Bank of England").
const NAME_CONNECTORS: &[&str] = &["of", "for", "and", "&", "de", "the", "on"];

/// Particles inside personal names ("Bashar al-Assad", "Ludwig van Beethoven").
pub(super) const NAME_PARTICLES: &[&str] = &[
    "al", "el", "bin", "ibn", "abu", "de", "da", "di", "du", "van", "von", "der", "den", "la",
    "le", "dos", "das", "del", "ben",
];

/// A title starting at a token: its length in tokens and what it says.
type TitleAt = Option<(usize, Title)>;

/// [`TitleAt`] with the length in a byte, as the rules keep it for every token.
type CompactTitleAt = Option<(u8, Title)>;

/// The working state of the rules over one text.
struct Work<'a, 't> {
    text: &'t str,
    tokens: &'a [Token],
    /// Token is the first word of its sentence (after any opening marks).
    sentence_initial: Vec<bool>,
    /// Sentence index of each token.
    sentence_of: Vec<usize>,
    /// Token index -> candidate owning it, or [`FREE`].
    owner: Vec<usize>,
    cands: Vec<Cand>,
    /// (acronym, long form) candidate indices.
    acronyms: Vec<(usize, usize)>,
    /// A buffer for building lookup keys, reused so that a lookup costs no allocation.
    key_buffer: Cell<String>,
    /// Per token: what the rules ask of its word, often several times ([`CAP`],
    /// [`PARTICLE_JOINED`], [`MAY_TITLE`], [`NAME_LIKE`], [`ALPHABETIC`], [`ORG_SUFFIX`],
    /// [`ACRONYM`]), worked out once per distinct word.
    flags: Vec<u16>,
    /// Per token: [`Work::title_at`] once asked.
    /// (A title's token count fits a byte: this is one of the few vectors sized by the text.)
    titles: Vec<Cell<Option<CompactTitleAt>>>,
}

impl<'a, 't> Work<'a, 't> {
    /// `word_ids` numbers the tokens' words as [`Analysis::word_ids`] does, or is empty.
    fn new(text: &'t str, seg: &'a Segmentation, word_ids: &[u32]) -> Work<'a, 't> {
        let tokens = &seg.tokens[..];
        let mut sentence_initial = vec![false; tokens.len()];
        let mut sentence_of = vec![usize::MAX; tokens.len()];
        for (n, sentence) in seg.sentences.iter().enumerate() {
            for s in &mut sentence_of[sentence.first_token..sentence.end_token] {
                *s = n;
            }
            let mut i = sentence.first_token;
            while i < sentence.end_token {
                let word = tokens[i].text(text);
                sentence_initial[i] = true;
                if word.chars().any(char::is_alphanumeric) {
                    break;
                }
                i += 1;
            }
        }
        let flags = token_flags(text, tokens, word_ids, &sentence_initial);
        Work {
            text,
            tokens,
            sentence_initial,
            sentence_of,
            owner: vec![FREE; tokens.len()],
            cands: Vec::new(),
            acronyms: Vec::new(),
            key_buffer: Cell::new(String::with_capacity(64)),
            flags,
            titles: vec![Cell::new(None); tokens.len()],
        }
    }

    fn word(&self, i: usize) -> &'t str {
        self.tokens[i].text(self.text)
    }

    /// Starts with an upper-case letter.
    fn is_cap(&self, i: usize) -> bool {
        self.flags[i] & CAP != 0
    }

    /// A capitalised word that may be a name even at the start of a sentence: not a common
    /// sentence opener, and not written in lower case elsewhere in the text.
    fn is_name_like(&self, i: usize) -> bool {
        self.flags[i] & NAME_LIKE != 0
    }

    /// A name particle such as "al-" or "bin" inside a person's name.
    fn is_particle(&self, i: usize) -> bool {
        if self.is_particle_joined(i) {
            return false;
        }
        let word = self.word(i);
        let bare = word.trim_end_matches('-');
        let bare = bare.split('-').next().unwrap_or(bare);
        with_lowercase(bare, |lower| NAME_PARTICLES.contains(&lower))
            && (word.contains('-') || !self.is_cap(i) || bare.len() <= 3)
    }

    /// A particle joined to a capitalised name by a hyphen or an apostrophe: "al-Assad",
    /// "d'Ettorre", "dell’Orto".
    fn is_particle_joined(&self, i: usize) -> bool {
        self.flags[i] & PARTICLE_JOINED != 0
    }

    /// The text of tokens `[first, end)` with single spaces between them.
    fn surface(&self, first: usize, end: usize) -> String {
        let len = (first..end).map(|i| self.word(i).len() + 1).sum();
        let mut s = String::with_capacity(len);
        self.surface_into(first, end, &mut s);
        s
    }

    /// [`Work::surface`], borrowed from the text when the tokens are one space apart there (as
    /// they nearly always are), so that it costs no string.
    fn surface_cow(&self, first: usize, end: usize) -> Cow<'t, str> {
        let bytes = self.text.as_bytes();
        let single_spaced = (first + 1..end).all(|i| {
            let gap = self.tokens[i - 1].end..self.tokens[i].start;
            gap.len() == 1 && bytes[gap.start] == b' '
        });
        if single_spaced && first < end {
            Cow::Borrowed(&self.text[self.tokens[first].start..self.tokens[end - 1].end])
        } else {
            Cow::Owned(self.surface(first, end))
        }
    }

    /// [`Work::surface`] into `out` (emptied first), for lookups that need no string of their own.
    fn surface_into(&self, first: usize, end: usize, out: &mut String) {
        out.clear();
        for i in first..end {
            if i > first {
                out.push(' ');
            }
            out.push_str(self.word(i));
        }
    }

    /// Tokens `i` and `j` are in one sentence.
    fn same_sentence(&self, i: usize, j: usize) -> bool {
        j < self.tokens.len() && self.sentence_of[i] == self.sentence_of[j]
    }

    fn is_free(&self, first: usize, end: usize) -> bool {
        self.owner[first..end].iter().all(|&o| o == FREE)
    }

    /// Live candidates overlapping `[first, end)`.
    fn overlapping(&self, first: usize, end: usize) -> Overlapping {
        let mut found = Overlapping::default();
        for &o in &self.owner[first..end] {
            if o != FREE && found.last() != Some(&o) {
                found.push(o);
            }
        }
        found
    }

    fn add(&mut self, first: usize, end: usize, ty: EntityType, source: MentionSource) -> usize {
        let index = self.cands.len();
        self.cands.push(Cand {
            first,
            end,
            ty,
            source,
            title: None,
            weak: false,
            lost_opener: false,
            alive: true,
            has_person_key: Cell::new(None),
        });
        for o in &mut self.owner[first..end] {
            *o = index;
        }
        index
    }

    fn kill(&mut self, index: usize) {
        let (first, end) = (self.cands[index].first, self.cands[index].end);
        self.cands[index].alive = false;
        for o in &mut self.owner[first..end] {
            if *o == index {
                *o = FREE;
            }
        }
    }

    /// Shrinks candidate `index` to `[first, end)` (inside its old span).
    fn shrink(&mut self, index: usize, first: usize, end: usize) {
        let (old_first, old_end) = (self.cands[index].first, self.cands[index].end);
        for i in old_first..old_end {
            if (i < first || i >= end) && self.owner[i] == index {
                self.owner[i] = FREE;
            }
        }
        self.cands[index].first = first;
        self.cands[index].end = end;
    }

    /// Puts `[first, end)` as type `ty`, replacing the candidates inside it. Gives up (returns
    /// `None`) when a candidate reaches outside the span: the tagger saw a longer name.
    fn claim(
        &mut self,
        first: usize,
        end: usize,
        ty: EntityType,
        source: MentionSource,
    ) -> Option<usize> {
        let inside = self.overlapping(first, end);
        if inside
            .iter()
            .any(|&c| self.cands[c].first < first || self.cands[c].end > end)
        {
            return None;
        }
        if let [only] = inside[..]
            && self.cands[only].first == first
            && self.cands[only].end == end
        {
            self.cands[only].ty = ty;
            return Some(only);
        }
        for &c in inside.iter() {
            self.kill(c);
        }
        Some(self.add(first, end, ty, source))
    }

    /// The longest title starting at token `i`: its token count and meaning.
    #[inline]
    fn title_at(&self, i: usize) -> TitleAt {
        // Most tokens' word is neither a title nor the start of one: no lookup at all.
        if self.flags[i] & MAY_TITLE == 0 {
            return None;
        }
        self.cached_title_at(i)
    }

    /// [`Work::title_at`] at a token whose word may start a title, looked up once.
    fn cached_title_at(&self, i: usize) -> TitleAt {
        if let Some(known) = self.titles[i].get() {
            return known.map(|(n, title)| (usize::from(n), title));
        }
        let found = self.find_title_at(i);
        self.titles[i].set(Some(
            found.map(|(n, title)| (u8::try_from(n).unwrap_or(u8::MAX), title)),
        ));
        found
    }

    /// [`Work::title_at`], looked up.
    fn find_title_at(&self, i: usize) -> TitleAt {
        let lex = &*LEXICON;
        let mut key = self.key_buffer.take();
        key.clear();
        let mut best = None;
        for n in 1..=lex.max_title_words.min(self.tokens.len() - i) {
            if n > 1 {
                key.push(' ');
            }
            let word = self.word(i + n - 1);
            key.push_str(word.strip_suffix('.').unwrap_or(word));
            if let Some(title) = lex.title(&key) {
                best = Some((n, title));
            }
            if !lex.title_starts.contains(key.as_str()) {
                break;
            }
        }
        self.key_buffer.set(key);
        best
    }

    /// The longest gazetteer entry starting at token `i`.
    fn place_at(&self, i: usize) -> Option<(usize, PlaceKind)> {
        if !self.is_cap(i) {
            return None;
        }
        let lex = &*LEXICON;
        let mut key = self.key_buffer.take();
        key.clear();
        let mut best = None;
        for n in 1..=lex.max_place_words.min(self.tokens.len() - i) {
            if n > 1 {
                if !self.same_sentence(i + n - 2, i + n - 1) {
                    break;
                }
                key.push(' ');
            }
            key.push_str(self.word(i + n - 1));
            if let Some(kind) = lex.place(&key) {
                // An entry ends on a capitalised word ("Bosnia and Herzegovina", not "Bosnia and").
                if self.is_cap(i + n - 1) {
                    best = Some((n, kind));
                }
            }
            // No entry goes on from here, unless in capitals ("NEW YORK" is "New York"), which
            // a lower-case letter rules out for every longer name too.
            if !lex.place_starts.contains(key.as_str())
                && key.bytes().any(|b| b.is_ascii_lowercase())
            {
                break;
            }
        }
        self.key_buffer.set(key);
        best
    }

    /// True when tokens `[first, end)` sit inside a longer capitalised name ("Washington Post",
    /// "New York Yankees"): a capitalised non-title neighbour in the same sentence.
    fn inside_longer_name(&self, first: usize, end: usize) -> bool {
        let continues = |k: usize| {
            self.is_name_like(k)
                && self.title_at(k).is_none()
                && LEXICON.place(self.word(k)).is_none()
        };
        let before = first > 0 && !self.sentence_initial[first] && continues(first - 1);
        let after = end < self.tokens.len() && self.same_sentence(end - 1, end) && continues(end);
        before || after
    }

    /// The end of the name that starts at token `i`: capitalised words and name particles,
    /// at most `max` words, within the sentence.
    fn person_name_end(&self, i: usize, max: usize) -> usize {
        let mut j = i;
        while j < self.tokens.len() && j - i < max {
            if j > i && !self.same_sentence(j - 1, j) {
                break;
            }
            let name_word = (self.flags[j] & (CAP | ALPHABETIC) == CAP | ALPHABETIC
                && !CALENDAR_WORDS.contains(&self.word(j)))
                || self.is_particle_joined(j)
                || (self.is_particle(j) && j + 1 < self.tokens.len() && self.is_cap(j + 1));
            if !name_word
                || (j > i
                    && self.title_at(j).is_some()
                    && j + 1 < self.tokens.len()
                    && self.is_cap(j + 1))
            {
                break;
            }
            j += 1;
        }
        // A particle cannot end a name.
        while j > i && self.is_particle(j - 1) && !self.is_cap(j - 1) {
            j -= 1;
        }
        j
    }

    /// The end of the capitalised run starting at `i` ("Bank of England", "Fox Business
    /// Network"), connectors allowed between capitalised words, within the sentence.
    fn cap_run_end(&self, i: usize) -> usize {
        let mut j = i;
        let mut end = i;
        while j < self.tokens.len() {
            if j > i && !self.same_sentence(j - 1, j) {
                break;
            }
            if self.flags[j] & (CAP | ALPHABETIC) == CAP | ALPHABETIC {
                j += 1;
                end = j;
                continue;
            }
            let word = self.word(j);
            if j > i
                && NAME_CONNECTORS.contains(&word)
                && !(matches!(word, "and" | "&") && self.flags[j - 1] & ORG_SUFFIX != 0)
            {
                // "Johnson Controls Inc and Lear Corp" are two names.
                j += 1;
            } else {
                break;
            }
        }
        end
    }
}

/// Runs the enabled rules and rewrites `analysis.mentions`; returns what alias merging needs.
pub fn apply(analysis: &mut Analysis, rules: RuleSet) -> Applied {
    let seg = std::mem::take(&mut analysis.seg);
    let mut work = Work::new(analysis.text, &seg, &analysis.word_ids);
    let tagger_was_silent = analysis.mentions.is_empty();
    load_tagger_mentions(&mut work, &analysis.mentions);
    trim_edges(&mut work);
    join_particles(&mut work);
    if rules.titles {
        strip_titles(&mut work);
        titles(&mut work);
    }
    if rules.acronyms {
        acronyms(&mut work);
    }
    if rules.org_suffixes {
        org_suffixes(&mut work);
    }
    if rules.news_agencies {
        news_agencies(&mut work);
    }
    // Without a tagger the gazetteer is the only source of places, and repeats are the only
    // way a name found once (after a title, in the gazetteer) is found again.
    let rules = if rules.fallback && tagger_was_silent {
        RuleSet {
            gazetteer: true,
            demonyms: true,
            retype_countries: true,
            repeats: true,
            ..rules
        }
    } else {
        rules
    };
    if rules.gazetteer || rules.demonyms || rules.retype_countries {
        gazetteer(&mut work, rules);
    }
    if rules.fallback && tagger_was_silent {
        fallback(&mut work);
    }
    if rules.surnames || rules.repeats || rules.majority || rules.trimmed_types {
        consistency(&mut work, rules);
    }
    if rules.headlines {
        headlines(&mut work, &seg);
    }
    let (mentions, applied) = finish(work);
    analysis.mentions = mentions;
    analysis.seg = seg;
    applied
}

/// In a title-case headline on the first line ("Russia Cool Over Prospects for Warmer Ties With
/// US") every word looks like a name. A headline mention stays only as far as the article body or the gazetteer
/// confirms it: it shrinks to its longest confirmed part ("Russia") or, with none, goes.
fn headlines(work: &mut Work, seg: &Segmentation) {
    let mut in_headline = vec![false; work.tokens.len()];
    let mut any = false;
    // Only the title line at the top: lists of names further down look the same.
    for paragraph in seg.paragraphs.iter().take(1) {
        if paragraph.end_sentence != paragraph.first_sentence + 1 {
            continue;
        }
        let sentence = seg.sentences[paragraph.first_sentence];
        let words = || {
            (sentence.first_token..sentence.end_token)
                .filter(|&k| work.word(k).chars().next().is_some_and(char::is_alphabetic))
        };
        let word_count = words().count();
        let capitalised = words().filter(|&k| work.is_cap(k)).count();
        let all_caps = words().all(|k| !work.word(k).chars().any(char::is_lowercase));
        if word_count >= 4 && !all_caps && capitalised * 10 >= word_count * 7 {
            for flag in &mut in_headline[sentence.first_token..sentence.end_token] {
                *flag = true;
            }
            any = true;
        }
    }
    if !any {
        return;
    }
    let mut confirmed: FxHashMap<Cow<str>, EntityType> = FxHashMap::default();
    for c in work
        .cands
        .iter()
        .filter(|c| c.alive && !in_headline[c.first])
    {
        confirmed
            .entry(work.surface_cow(c.first, c.end))
            .or_insert(c.ty);
    }
    let type_of = |work: &Work, first: usize, end: usize| -> Option<EntityType> {
        let surface = work.surface_cow(first, end);
        confirmed
            .get(&surface)
            .copied()
            .or_else(|| match LEXICON.place(&surface)? {
                PlaceKind::Demonym => Some(EntityType::Misc),
                _ => Some(EntityType::Loc),
            })
    };
    for c in 0..work.cands.len() {
        let (first, end) = (work.cands[c].first, work.cands[c].end);
        if !work.cands[c].alive || !in_headline[first] || end - first < 2 {
            continue;
        }
        if type_of(work, first, end).is_some() {
            continue;
        }
        let mut best: Option<(usize, usize, EntityType)> = None;
        for i in first..end {
            for j in (i + 1..=end).rev() {
                if best.is_some_and(|(bi, bj, _)| bj - bi >= j - i) {
                    break;
                }
                if let Some(ty) = type_of(work, i, j) {
                    best = Some((i, j, ty));
                    break;
                }
            }
        }
        match best {
            Some((i, j, ty)) => {
                work.shrink(c, i, j);
                work.cands[c].ty = ty;
            }
            None => work.kill(c),
        }
    }
}

/// Turns the tagger's byte-offset mentions into token candidates.
fn load_tagger_mentions(work: &mut Work, mentions: &[Mention]) {
    let tokens = work.tokens;
    // Room for the rules' additions too, so the list seldom moves.
    work.cands.reserve(2 * mentions.len() + 16);
    let mut sorted: Vec<&Mention> = mentions.iter().collect();
    sorted.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    for m in sorted {
        // Snap to whole tokens: the first token ending after the start, the last starting before
        // the end.
        let first = tokens.partition_point(|t| t.end <= m.start);
        let end = tokens.partition_point(|t| t.start < m.end);
        if first < end && work.is_free(first, end) {
            work.add(first, end, m.entity_type, m.source);
        }
    }
}

/// Drops what is not part of a name from the ends of every candidate: possessive endings,
/// punctuation, a sentence-opening word ("And Putin", "Frankly Putin") and trailing lower-case
/// words ("Agence France-Presse news").
fn trim_edges(work: &mut Work) {
    for c in 0..work.cands.len() {
        if !work.cands[c].alive {
            continue;
        }
        let (mut first, mut end) = (work.cands[c].first, work.cands[c].end);
        loop {
            let last = work.word(end - 1);
            let drop_last = !last.chars().any(char::is_alphanumeric)
                || (end > first + 1 && matches!(last, "'s" | "’s" | "'S" | "’S"))
                || (end > first + 1 && CALENDAR_WORDS.contains(&last))
                || (end > first + 1
                    && last.chars().next().is_some_and(char::is_lowercase)
                    && !work.is_particle_joined(end - 1));
            if !drop_last {
                break;
            }
            end -= 1;
            if end == first {
                break;
            }
        }
        let tagged_first = first;
        while first < end {
            let word = work.word(first);
            let opener = work.sentence_initial[first]
                && (is_sentence_opener(word)
                    || (word.ends_with("ly") && !LEXICON.is_first_name(word)))
                && (end - first > 1 || is_sentence_opener(word));
            if !word.chars().any(char::is_alphanumeric) || opener {
                first += 1;
            } else {
                break;
            }
        }
        // "Obviously , we ...": a sentence adverb alone is no name.
        let lone_adverb = end == first + 1
            && work.sentence_initial[first]
            && work.word(first).ends_with("ly")
            && end < work.tokens.len()
            && work.word(end) == ",";
        if first >= end || lone_adverb {
            work.kill(c);
        } else {
            work.shrink(c, first, end);
            work.cands[c].lost_opener =
                first > tagged_first && work.word(tagged_first).chars().any(char::is_alphanumeric);
        }
    }
}

/// Joins "Bashar" + "Al-" + "Assad" when the tagger left the particle out.
fn join_particles(work: &mut Work) {
    for i in 1..work.tokens.len().saturating_sub(1) {
        // Nearly every token fails this test first.
        if work.flags[i] & HYPHEN_END == 0 {
            continue;
        }
        let (before, after) = (work.owner[i - 1], work.owner[i + 1]);
        if work.owner[i] != FREE
            || before == FREE
            || after == FREE
            || before == after
            || !work.is_particle(i)
            || work.cands[before].ty != EntityType::Person
        {
            continue;
        }
        let (first, end) = (work.cands[before].first, work.cands[after].end);
        work.kill(after);
        work.kill(before);
        work.add(first, end, EntityType::Person, MentionSource::Rule);
    }
}

/// Moves titles out of tagger mentions ("Mr Trump" -> "Trump") and remembers them.
fn strip_titles(work: &mut Work) {
    for c in 0..work.cands.len() {
        if !work.cands[c].alive {
            continue;
        }
        let (first, end) = (work.cands[c].first, work.cands[c].end);
        let lex = &*LEXICON;
        let mut k = first.saturating_sub(lex.max_title_words - 1);
        while k < end {
            let Some((n, title)) = work.title_at(k) else {
                k += 1;
                continue;
            };
            let title_end = k + n;
            if title_end <= first {
                k += 1;
                continue;
            }
            let name_follows_inside = title_end < end && work.is_cap(title_end);
            let name_follows_outside = title_end == end
                && end < work.tokens.len()
                && work.same_sentence(end - 1, end)
                && work.is_cap(end);
            if k <= first && title_end >= end {
                // Only a title: "President" is no name.
                work.kill(c);
            } else if name_follows_inside {
                // "Mr Trump" -> "Trump"; "U.S. Secretary of State Rex Tillerson" -> "U.S." and
                // "Rex Tillerson".
                // The name ends where the capitalised words do ("Tono Eitel of Germany").
                let name_end = work
                    .person_name_end(title_end, end - title_end)
                    .max(title_end + 1);
                work.shrink(c, title_end, name_end);
                work.cands[c].title = Some(title);
                if title.honorific || name_end < end || k > first {
                    work.cands[c].ty = EntityType::Person;
                }
                if k > first {
                    let ty = prefix_type(work, first, k, work.cands[c].ty);
                    work.add(first, k, ty, MentionSource::Rule);
                }
            } else if name_follows_outside && k > first {
                // "NATO Secretary General" + "Jens Stoltenberg" -> "NATO".
                let ty = prefix_type(work, first, k, work.cands[c].ty);
                work.shrink(c, first, k);
                work.cands[c].ty = ty;
            }
            break;
        }
    }
}

/// The type of the words before a title inside one tagger mention ("NATO" in "NATO Secretary
/// General"): an acronym is an ORG, a gazetteer name a LOC (or MISC for a nationality).
fn prefix_type(work: &Work, first: usize, end: usize, fallback: EntityType) -> EntityType {
    match work.place_at(first) {
        Some((n, PlaceKind::Demonym)) if first + n == end => EntityType::Misc,
        Some((n, _)) if first + n == end => EntityType::Loc,
        _ if end - first == 1
            && work
                .word(first)
                .chars()
                .filter(char::is_ascii_uppercase)
                .count()
                >= 2
            && !work.word(first).chars().any(char::is_lowercase) =>
        {
            EntityType::Org
        }
        _ if fallback == EntityType::Person => EntityType::Org,
        _ => fallback,
    }
}

/// A title before capitalised words makes them a PERSON: "Mr Trump", "Foreign Minister Sergey
/// Lavrov", "Sen. Smith".
fn titles(work: &mut Work) {
    let mut i = 0;
    while i < work.tokens.len() {
        let Some((n, title)) = work.title_at(i) else {
            i += 1;
            continue;
        };
        let name_first = i + n;
        if name_first >= work.tokens.len() || !work.same_sentence(i + n - 1, name_first) {
            i += n;
            continue;
        }
        let name_end = work.person_name_end(name_first, 4);
        if name_end == name_first {
            i += n;
            continue;
        }
        let first_word = work.word(name_first);
        let looks_like_org = work.flags[name_end - 1] & ORG_SUFFIX != 0;
        let is_place = work
            .place_at(name_first)
            .is_some_and(|(len, _)| name_first + len >= name_end);
        let all_caps = first_word.chars().filter(|c| c.is_alphabetic()).count() > 1
            && !first_word.chars().any(char::is_lowercase);
        if looks_like_org || is_place || all_caps {
            i += n;
            continue;
        }
        if let Some(c) = work.claim(
            name_first,
            name_end,
            EntityType::Person,
            MentionSource::Rule,
        ) {
            work.cands[c].title = Some(title);
        }
        i = name_end;
    }
}

/// "World Health Organization (WHO)": the acronym in brackets gets the long form's type and is
/// merged with it.
fn acronyms(work: &mut Work) {
    let mut i = 2;
    while i + 1 < work.tokens.len() {
        if !(work.flags[i] & ACRONYM != 0 && work.word(i - 1) == "(" && work.word(i + 1) == ")") {
            i += 1;
            continue;
        }
        let word = work.word(i);
        let letters: String = word.chars().filter(char::is_ascii_uppercase).collect();
        // The long form ends just before the bracket; walk back over its capitalised words.
        let long_end = i - 1;
        let mut long_first = long_end;
        let mut initials = String::new();
        while long_first > 0 && initials.len() < letters.len() {
            let k = long_first - 1;
            let w = work.word(k);
            if work.is_cap(k) {
                initials.insert(0, w.chars().next().unwrap_or(' ').to_ascii_uppercase());
            } else if !NAME_CONNECTORS.contains(&w) {
                break;
            }
            long_first = k;
        }
        if initials != letters || long_first == long_end || !work.is_cap(long_first) {
            i += 1;
            continue;
        }
        let long = match work.overlapping(long_first, long_end)[..] {
            [c] if work.cands[c].first <= long_first && work.cands[c].end >= long_end => Some(c),
            [] => Some(work.add(long_first, long_end, EntityType::Org, MentionSource::Rule)),
            _ => work.claim(long_first, long_end, EntityType::Org, MentionSource::Rule),
        };
        if let Some(long) = long {
            let ty = work.cands[long].ty;
            if let Some(short) = work.claim(i, i + 1, ty, MentionSource::Rule) {
                work.acronyms.push((short, long));
            }
        }
        i += 2;
    }
}

/// A capitalised name ending in an organisation word is an ORG: "Fox Business Network".
fn org_suffixes(work: &mut Work) {
    let mut i = 0;
    while i < work.tokens.len() {
        if !work.is_cap(i) {
            i += 1;
            continue;
        }
        let end = work.cap_run_end(i);
        let next = end.max(i + 1);
        if work.flags[end - 1] & ORG_SUFFIX == 0 {
            i = next;
            continue;
        }
        let mut first = i;
        // Leading openers are not part of the name ("The").
        while first < end && work.sentence_initial[first] && !work.is_name_like(first) {
            first += 1;
        }
        // Names the tagger found before the organisation's own words stay separate ("John
        // Casesa of Schroder Wertheim & Co", "German Foreign Ministry"), and so do
        // "Ohio-based" and the like.
        // "Name Homegate Hospitality Inc", "Representatives of First Bank": a sentence-opening
        // word the tagger left out is no part of the name.
        if work.sentence_initial[first]
            && work.owner[first] == FREE
            && let Some(owned) = (first..end).find(|&k| work.owner[k] != FREE)
        {
            first = owned;
        }
        let run_first = first;
        for k in run_first..end - 1 {
            let owner = work.owner[k];
            let separate = (owner != FREE
                && work.cands[owner].end < end
                && match work.cands[owner].ty {
                    // "Fox Business Network" is one name, "John Casesa of ..." and "KeyCorp
                    // and Banc One Corp." are not.
                    EntityType::Person | EntityType::Org => !work.is_cap(work.cands[owner].end),
                    _ => true,
                })
                || work.word(k).ends_with("-based");
            if separate {
                first = if owner != FREE && !work.word(k).ends_with("-based") {
                    work.cands[owner].end
                } else {
                    k + 1
                };
            }
        }
        while first < end && !work.is_cap(first) {
            first += 1;
        }
        // Headlines in capitals say nothing about names.
        let all_caps = (first..end).all(|k| !work.word(k).chars().any(char::is_lowercase));
        // "West Bank" is a place, "Jewish West Bank settlements" too.
        let ends_in_place =
            (first..end).any(|k| work.place_at(k).is_some_and(|(n, _)| k + n == end));
        if end - first >= 2 && !all_caps && !ends_in_place {
            match work.overlapping(first, end)[..] {
                // The tagger saw this very name: only a PERSON guess is overruled.
                [c] if work.cands[c].first == first && work.cands[c].end == end => {
                    if work.cands[c].ty == EntityType::Person {
                        work.cands[c].ty = EntityType::Org;
                    }
                }
                _ => {
                    work.claim(first, end, EntityType::Org, MentionSource::Rule);
                }
            }
        }
        i = next;
    }
}

/// "Agence France-Presse news agency", "the Tanjug press agency": the name before "news
/// agency" is an ORG, unless it is a place or a nationality word ("the Yugoslav news agency").
/// Only the type of a mention changes: the tagger or another rule must have found the name.
fn news_agencies(work: &mut Work) {
    for c in 0..work.cands.len() {
        let (first, end) = (work.cands[c].first, work.cands[c].end);
        if !work.cands[c].alive
            || work.cands[c].ty == EntityType::Org
            || end + 1 >= work.tokens.len()
            || !work.same_sentence(end - 1, end + 1)
        {
            continue;
        }
        let agency = matches!(work.word(end), "news" | "press")
            && matches!(work.word(end + 1), "agency" | "agencies");
        // A lone word the tagger called MISC is a nationality word the gazetteer lacks
        // ("Yugoslav"); an agency with a one-word name it typed otherwise is still caught.
        let lone_misc = end - first == 1 && work.cands[c].ty == EntityType::Misc;
        if agency && !lone_misc && LEXICON.place(&work.surface_cow(first, end)).is_none() {
            work.cands[c].ty = EntityType::Org;
        }
    }
}

/// Countries, places and nationality words from the gazetteer.
fn gazetteer(work: &mut Work, rules: RuleSet) {
    let mut i = 0;
    while i < work.tokens.len() {
        let Some((n, kind)) = work.place_at(i) else {
            i += 1;
            continue;
        };
        let (first, end) = (i, i + n);
        let ty = match kind {
            PlaceKind::Demonym => EntityType::Misc,
            _ => EntityType::Loc,
        };
        let enabled = match kind {
            PlaceKind::Demonym => rules.demonyms,
            _ => rules.gazetteer,
        };
        let inside = work.overlapping(first, end);
        match inside[..] {
            [] if enabled && !work.inside_longer_name(first, end) => {
                work.add(first, end, ty, MentionSource::Rule);
            }
            [c] if work.cands[c].first == first && work.cands[c].end == end => {
                let retype = match kind {
                    PlaceKind::Country(_) => rules.retype_countries,
                    PlaceKind::Demonym => rules.demonyms,
                    PlaceKind::Place => false,
                };
                if retype && work.cands[c].ty != EntityType::Person {
                    work.cands[c].ty = ty;
                }
            }
            _ => {}
        }
        i = end;
    }
}

/// Without a tagger: capitalised runs become mentions; a known first name makes a PERSON.
fn fallback(work: &mut Work) {
    let lex = &*LEXICON;
    let mut i = 0;
    while i < work.tokens.len() {
        if let Some((n, _)) = work.title_at(i) {
            i += n;
            continue;
        }
        if !work.is_name_like(i)
            || !work.is_free(i, i + 1)
            || CALENDAR_WORDS.contains(&work.word(i))
        {
            i += 1;
            continue;
        }
        let mut end = work.person_name_end(i, 4);
        while end > i && !work.is_free(i, end) {
            end -= 1;
        }
        if end == i {
            i += 1;
            continue;
        }
        let ty = if end - i >= 2 && lex.is_first_name(work.word(i)) {
            EntityType::Person
        } else {
            EntityType::Misc
        };
        let c = work.add(i, end, ty, MentionSource::Rule);
        work.cands[c].weak = ty == EntityType::Misc;
        i = end;
    }
}

/// Capitalised words that are not names of entities.
const CALENDAR_WORDS: &[&str] = &[
    "I",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Document-wide consistency: a person's surname is the person everywhere ([`RuleSet::surnames`]),
/// one string has one type ([`RuleSet::majority`]), and untagged capitalised repeats of a tagged
/// name are tagged ([`RuleSet::repeats`]).
fn consistency(work: &mut Work, rules: RuleSet) {
    let cands = work.cands.len();
    let mut votes: FxHashMap<Cow<str>, [u32; 4]> =
        FxHashMap::with_capacity_and_hasher(cands, Default::default());
    let slot = |ty: EntityType| match ty {
        EntityType::Person => 0,
        EntityType::Org => 1,
        EntityType::Loc => 2,
        EntityType::Misc => 3,
    };
    const TYPES: [EntityType; 4] = EntityType::ALL;
    let mut max_words = 1;
    let mut person_keys: FxHashSet<String> =
        FxHashSet::with_capacity_and_hasher(cands / 4 + 4, Default::default());
    let mut person_key = String::with_capacity(64);
    let mut surnames: FxHashSet<&str> =
        FxHashSet::with_capacity_and_hasher(cands, Default::default());
    let mut given_names: FxHashSet<&str> =
        FxHashSet::with_capacity_and_hasher(cands, Default::default());
    // Each candidate whose person key this loop works out remembers whether it has one (the key
    // is then among `person_keys`), so that the loop below need not work it out again.
    for c in &work.cands {
        if !c.alive || c.weak || (rules.trimmed_types && c.lost_opener) {
            continue;
        }
        let surface = work.surface_cow(c.first, c.end);
        if c.ty == EntityType::Person && c.end - c.first >= 2 {
            let has_key = person_key_into(&surface, &mut person_key);
            c.has_person_key.set(Some(has_key));
            if has_key && !person_keys.contains(&person_key) {
                person_keys.insert(person_key.clone());
            }
            given_names.insert(work.word(c.first));
            let last = work.word(c.end - 1);
            let surname = last.split_once('-').map_or(last, |(_, rest)| rest);
            // "Michael Jordan" makes "Jordan" a person; a mistagged "Arab East Jerusalem" does
            // not make "Jerusalem" one.
            let place_without_first_name =
                LEXICON.place(surname).is_some() && !LEXICON.is_first_name(work.word(c.first));
            let capitalised = surname.chars().next().is_some_and(char::is_uppercase)
                || work.is_particle_joined(c.end - 1);
            if capitalised
                && surname.len() > 1
                && !CALENDAR_WORDS.contains(&surname)
                && !place_without_first_name
            {
                surnames.insert(surname);
            }
        }
        if c.ty == EntityType::Person && c.end - c.first == 1 && c.title.is_some() {
            // "Mr Durand": a surname even without the full name.
            surnames.insert(work.word(c.first));
        }
        votes.entry(surface).or_default()[slot(c.ty)] += 1;
        max_words = max_words.max(c.end - c.first);
    }
    let majority = |v: &[u32; 4]| -> Option<EntityType> {
        let best = (0..4).max_by_key(|&k| (v[k], 4 - k))?;
        (v[best] > 0).then_some(TYPES[best])
    };
    let unanimous = |v: &[u32; 4]| -> Option<EntityType> {
        let mut typed = (0..4).filter(|&k| v[k] > 0);
        match (typed.next(), typed.next()) {
            (Some(k), None) => Some(TYPES[k]),
            _ => None,
        }
    };
    // One buffer for every candidate's surface: the lookups below need no string of their own.
    let mut surface = String::new();
    for c in 0..work.cands.len() {
        if !work.cands[c].alive {
            continue;
        }
        let has_key = work.cands[c].has_person_key.get();
        let (first, end) = (work.cands[c].first, work.cands[c].end);
        work.surface_into(first, end, &mut surface);
        let weak = work.cands[c].weak;
        let is_surname = end - first == 1 && surnames.contains(surface.as_str());
        let same_person = (!person_keys.is_empty()
            && has_key.unwrap_or_else(|| {
                person_key_into(&surface, &mut person_key) && person_keys.contains(&person_key)
            }))
            || (weak && end - first >= 2 && surnames.contains(work.word(end - 1)))
            || (weak && end - first == 1 && given_names.contains(surface.as_str()));
        if rules.surnames && (is_surname || same_person) {
            // "Trump" alone is "Donald Trump"; "Bashar Al- Assad" is "Bashar al-Assad"; an
            // unknown "Élodie Durand" is a person when "Mr Durand" is.
            work.cands[c].ty = EntityType::Person;
            work.cands[c].weak = false;
        } else if (rules.majority
            || (weak && rules.repeats)
            || (rules.trimmed_types && work.cands[c].lost_opener))
            && let Some(ty) = votes.get(surface.as_str()).and_then(majority)
        {
            // "Frankly Putin" (ORG) -> "Putin", a PERSON where the text names him again.
            work.cands[c].ty = ty;
            work.cands[c].weak = false;
        }
    }
    if !rules.surnames && !rules.repeats {
        return;
    }
    // Untagged repeats of tagged names and surnames. Most capitalised words start no tagged
    // name: the names' first words rule them out before any longer key is put together.
    let vote_starts: FxHashSet<&str> = if rules.repeats {
        votes
            .keys()
            .map(|name| name.split(' ').next().unwrap_or(name))
            .collect()
    } else {
        FxHashSet::default()
    };
    let mut key = String::new();
    let mut i = 0;
    while i < work.tokens.len() {
        if !(work.is_cap(i) || work.is_particle_joined(i)) || !work.is_free(i, i + 1) {
            i += 1;
            continue;
        }
        let mut found = None;
        if rules.surnames && surnames.contains(work.word(i)) {
            found = Some((1, EntityType::Person));
        }
        key.clear();
        let may_repeat = vote_starts.contains(work.word(i));
        for n in 1..=max_words.min(work.tokens.len() - i) {
            if !may_repeat
                || !work.is_free(i + n - 1, i + n)
                || (n > 1 && !work.same_sentence(i + n - 2, i + n - 1))
            {
                break;
            }
            if n > 1 {
                key.push(' ');
            }
            key.push_str(work.word(i + n - 1));
            if key.chars().count() < 2 {
                continue;
            }
            // Only names the text types one way ("Jansher" as both ORG and PERSON is left alone).
            if let Some(ty) = votes.get(key.as_str()).and_then(unanimous) {
                found = Some((n, ty));
            }
        }
        match found {
            Some((n, ty))
                if (work.is_name_like(i) || work.is_particle_joined(i) || n > 1)
                    && !work.inside_longer_name(i, i + n) =>
            {
                work.add(i, i + n, ty, MentionSource::Rule);
                i += n;
            }
            _ => i += 1,
        }
    }
}

/// The candidates [`Work::overlapping`] finds: nearly always a few, kept on the stack.
#[derive(Default)]
struct Overlapping {
    inline: [usize; 4],
    len: usize,
    /// All of them, once there are more than fit inline.
    spilled: Vec<usize>,
}

impl Overlapping {
    fn push(&mut self, candidate: usize) {
        if self.len < self.inline.len() {
            self.inline[self.len] = candidate;
        } else {
            if self.spilled.is_empty() {
                self.spilled.extend_from_slice(&self.inline);
            }
            self.spilled.push(candidate);
        }
        self.len += 1;
    }
}

impl std::ops::Deref for Overlapping {
    type Target = [usize];

    fn deref(&self) -> &[usize] {
        if self.len <= self.inline.len() {
            &self.inline[..self.len]
        } else {
            &self.spilled
        }
    }
}

/// [`Work::flags`]: the word starts with an upper-case letter.
const CAP: u16 = 1;
/// [`Work::flags`]: the word is a name particle joined to a name ([`particle_joined`]).
const PARTICLE_JOINED: u16 = 2;
/// [`Work::flags`]: the word is capitalised and is a title or the first word of one, the only
/// tokens at which [`Work::title_at`] looks titles up.
const MAY_TITLE: u16 = 4;
/// [`Work::flags`]: [`Work::is_name_like`].
const NAME_LIKE: u16 = 8;
/// [`Work::flags`]: the word starts with a lower-case letter.
const LOWER: u16 = 16;
/// [`Work::flags`]: the word has a letter.
const ALPHABETIC: u16 = 32;
/// [`Work::flags`]: the word, without final periods, ends an organisation's name ("Inc.").
const ORG_SUFFIX: u16 = 64;
/// [`Work::flags`]: the word looks like an acronym ("WHO", "U.S.", "AT&T"): two to eight
/// bytes of ASCII capitals, periods and ampersands, at least two capitals.
const ACRONYM: u16 = 128;
/// [`Work::flags`]: the word ends with a hyphen ("Al-" in "Bashar Al- Assad").
const HYPHEN_END: u16 = 256;
/// Set in every word's flags, so that none is 0 (not worked out yet) in [`token_flags`].
const KNOWN: u16 = 1 << 15;

/// The flags of one word that do not depend on where it stands.
fn word_flags(word: &str) -> u16 {
    let lex = &*LEXICON;
    let mut flags = KNOWN;
    if word.chars().any(char::is_alphabetic) {
        flags |= ALPHABETIC;
    }
    // Most words start with a byte no suffix starts with: no lookup.
    static SUFFIX_FIRST_BYTES: LazyLock<[bool; 256]> = LazyLock::new(|| {
        let mut firsts = [false; 256];
        for suffix in &LEXICON.org_suffixes {
            if let Some(&first) = suffix.as_bytes().first() {
                firsts[usize::from(first)] = true;
            }
        }
        firsts
    });
    if word
        .as_bytes()
        .first()
        .is_some_and(|&b| SUFFIX_FIRST_BYTES[usize::from(b)])
        && lex.org_suffixes.contains(word.trim_end_matches('.'))
    {
        flags |= ORG_SUFFIX;
    }
    if (2..=8).contains(&word.len())
        && word
            .chars()
            .all(|c| c.is_ascii_uppercase() || c == '.' || c == '&')
        && word.chars().filter(char::is_ascii_uppercase).count() >= 2
    {
        flags |= ACRONYM;
    }
    match word.chars().next() {
        Some(c) if c.is_uppercase() => flags |= CAP,
        Some(c) if c.is_lowercase() => flags |= LOWER,
        _ => {}
    }
    if particle_joined(word) {
        flags |= PARTICLE_JOINED;
    }
    if word.ends_with('-') {
        flags |= HYPHEN_END;
    }
    if flags & CAP != 0 {
        // What [`Work::find_title_at`] asks of a title's first word.
        let key = word.strip_suffix('.').unwrap_or(word);
        if lex.title(key).is_some() || lex.title_starts.contains(key) {
            flags |= MAY_TITLE;
        }
    }
    flags
}

/// The buffers [`token_flags`] works in, kept by each thread from document to document: once
/// a thread has seen a document as long, working out the flags allocates only the flags.
#[derive(Default)]
struct FlagScratch {
    /// Per distinct word: its flags (0 until worked out) and the first token that has it.
    by_word: Vec<(u16, u32)>,
    /// The lower-case forms of the sentence openers that may be names, end to end.
    lowered: String,
    /// Those openers: token, and byte range in `lowered`.
    openers: Vec<(usize, usize, usize)>,
}

thread_local! {
    static FLAG_SCRATCH: RefCell<FlagScratch> = RefCell::default();
}

/// A thread keeps [`FlagScratch`] buffers up to this many entries (a few hundred kB), so that
/// one huge article's do not stay with it.
const KEPT_SCRATCH_ENTRIES: usize = 1 << 16;

/// [`Work::flags`] of every token. With `word_ids` (one per token, shared exactly by equal
/// words) each distinct word is worked out once; without them each token is.
fn token_flags(
    text: &str,
    tokens: &[Token],
    word_ids: &[u32],
    sentence_initial: &[bool],
) -> Vec<u16> {
    FLAG_SCRATCH.with(|kept| match kept.try_borrow_mut() {
        Ok(mut scratch) => {
            let flags = token_flags_in(&mut scratch, text, tokens, word_ids, sentence_initial);
            if scratch.by_word.capacity() > KEPT_SCRATCH_ENTRIES
                || scratch.openers.capacity() > KEPT_SCRATCH_ENTRIES
            {
                *scratch = FlagScratch::default();
            }
            flags
        }
        // Not reached (nothing here calls itself), but a fresh scratch is always right.
        Err(_) => token_flags_in(
            &mut FlagScratch::default(),
            text,
            tokens,
            word_ids,
            sentence_initial,
        ),
    })
}

/// [`token_flags`] with the buffers in `scratch`.
fn token_flags_in(
    scratch: &mut FlagScratch,
    text: &str,
    tokens: &[Token],
    word_ids: &[u32],
    sentence_initial: &[bool],
) -> Vec<u16> {
    let tagged = word_ids.len() == tokens.len();
    let FlagScratch {
        by_word,
        lowered,
        openers,
    } = scratch;
    by_word.clear();
    if tagged {
        by_word.resize(
            word_ids.iter().max().map_or(0, |&id| id as usize + 1),
            (0, 0),
        );
    }
    lowered.clear();
    openers.clear();
    let mut flags: Vec<u16> = Vec::with_capacity(tokens.len());
    // A capitalised word is name-like, except at the start of a sentence: there it must be no
    // common opener, and the text must not write it in lower case elsewhere ("Police said").
    // Those few openers' lower-case forms are looked for among the text's lower-case words.
    for (i, token) in tokens.iter().enumerate() {
        let mut f = if tagged {
            let known = &mut by_word[word_ids[i] as usize];
            if known.0 == 0 {
                *known = (word_flags(token.text(text)), i as u32);
            }
            known.0
        } else {
            word_flags(token.text(text))
        };
        if f & CAP != 0 {
            if !sentence_initial[i] {
                f |= NAME_LIKE;
            } else {
                let word = token.text(text);
                if !is_sentence_opener(word) {
                    let start = lowered.len();
                    with_lowercase(word, |lower| lowered.push_str(lower));
                    openers.push((i, start, lowered.len()));
                }
            }
        }
        flags.push(f);
    }
    if openers.is_empty() {
        return flags;
    }
    let mut written_lower: FxHashMap<&str, bool> =
        FxHashMap::with_capacity_and_hasher(openers.len(), Default::default());
    // The openers' (length, first byte) pairs, so that most words need no hash lookup.
    let mut shapes = WordShapes::default();
    for &(_, start, end) in openers.iter() {
        written_lower.insert(&lowered[start..end], false);
        shapes.insert(&lowered[start..end]);
    }
    let mut look_up = |word: &str| {
        if shapes.may_contain(word)
            && let Some(found) = written_lower.get_mut(word)
        {
            *found = true;
        }
    };
    if tagged {
        // Each distinct lower-case word once.
        for &(f, first) in by_word.iter() {
            if f & LOWER != 0 {
                look_up(tokens[first as usize].text(text));
            }
        }
    } else {
        for (token, &f) in tokens.iter().zip(&flags) {
            if f & LOWER != 0 {
                look_up(token.text(text));
            }
        }
    }
    for &(i, start, end) in openers.iter() {
        if !written_lower[&lowered[start..end]] {
            flags[i] |= NAME_LIKE;
        }
    }
    flags
}

/// A filter over words by length and first byte: no false negatives, few false positives.
#[derive(Default)]
struct WordShapes([u64; 16]);

impl WordShapes {
    fn bit(word: &str) -> usize {
        let first = word.as_bytes().first().copied().unwrap_or(0);
        ((word.len() & 31) << 5) | usize::from(first & 31)
    }

    fn insert(&mut self, word: &str) {
        let bit = WordShapes::bit(word);
        self.0[bit / 64] |= 1 << (bit % 64);
    }

    /// False only when no word inserted has `word`'s shape.
    fn may_contain(&self, word: &str) -> bool {
        let bit = WordShapes::bit(word);
        self.0[bit / 64] & (1 << (bit % 64)) != 0
    }
}

/// A name particle joined to a capitalised name by a hyphen or an apostrophe ("al-Assad",
/// "d'Estaing").
fn particle_joined(word: &str) -> bool {
    // Asked of every token: most have none of the joining characters (’ starts with 0xE2).
    if !word.bytes().any(|b| matches!(b, b'-' | b'\'' | 0xE2)) {
        return false;
    }
    word.split_once(['-', '\'', '’'])
        .is_some_and(|(particle, rest)| {
            rest.chars().next().is_some_and(char::is_uppercase)
                && with_lowercase(particle, |particle| {
                    NAME_PARTICLES.contains(&particle) || matches!(particle, "d" | "l" | "dell")
                })
        })
}

/// First and last word of a name of two or more words, for matching spellings of one person,
/// written into `key` (emptied first) as one string; false when the name has fewer words.
fn person_key_into(surface: &str, key: &mut String) -> bool {
    key.clear();
    // One word (most candidates) has no first and last name: not worth splitting.
    if !surface.contains(|c: char| c.is_whitespace() || c == '-' || c == '‐') {
        return false;
    }
    super::aliases::PersonName::first_and_last_into(surface, key)
}

/// Writes the candidates back as sorted byte-offset mentions.
fn finish(work: Work) -> (Vec<Mention>, Applied) {
    let mut live: Vec<(usize, &Cand)> = work
        .cands
        .iter()
        .enumerate()
        .filter(|(_, c)| c.alive && c.first < c.end)
        .collect();
    live.sort_by_key(|(_, c)| c.first);
    let mut new_index = vec![usize::MAX; work.cands.len()];
    let mut mentions = Vec::with_capacity(live.len());
    let mut titles = Vec::with_capacity(live.len());
    for (old, c) in live {
        new_index[old] = mentions.len();
        mentions.push(Mention {
            start: work.tokens[c.first].start,
            end: work.tokens[c.end - 1].end,
            entity_type: c.ty,
            source: c.source,
            entity: None,
        });
        titles.push(c.title.or_else(|| title_before(&work, c.first)));
    }
    let acronyms = work
        .acronyms
        .iter()
        .map(|&(s, l)| (new_index[s], new_index[l]))
        .filter(|&(s, l)| s != usize::MAX && l != usize::MAX)
        .collect();
    (mentions, Applied { titles, acronyms })
}

/// The title written right before token `first`, if any ("Mrs" in "Mrs Trump").
fn title_before(work: &Work, first: usize) -> Option<Title> {
    let lex = &*LEXICON;
    (1..=lex.max_title_words.min(first))
        .rev()
        .filter_map(|n| {
            work.title_at(first - n)
                .filter(|&(len, _)| len == n)
                .map(|(_, t)| t)
        })
        .next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_shapes_keep_every_word_put_in() {
        let words = ["police", "the", "a", "", "élodie", "x".repeat(40).leak()];
        let mut shapes = WordShapes::default();
        for word in words {
            shapes.insert(word);
        }
        for word in words {
            assert!(shapes.may_contain(word), "{word:?}");
        }
        // Another length or first letter is ruled out.
        assert!(!shapes.may_contain("polices"));
        assert!(!shapes.may_contain("bolice"));
    }

    #[test]
    fn every_org_suffix_is_flagged_with_or_without_periods() {
        for suffix in &LEXICON.org_suffixes {
            assert!(word_flags(suffix) & ORG_SUFFIX != 0, "{suffix:?}");
            assert!(
                word_flags(&format!("{suffix}.")) & ORG_SUFFIX != 0,
                "{suffix:?}"
            );
        }
        for word in ["Putin", "said", "", ".", "plcs"] {
            assert!(word_flags(word) & ORG_SUFFIX == 0, "{word:?}");
        }
    }

    #[test]
    fn sentence_openers_are_found_by_the_set() {
        for word in SENTENCE_OPENERS {
            assert!(is_sentence_opener(word));
        }
        assert!(!is_sentence_opener("the"));
        assert!(!is_sentence_opener("Putin"));
    }
}
