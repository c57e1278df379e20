//! Attribution patterns over the token view: speaker noun phrases, cue verbs and the content they
//! govern, for direct quotes (`"…," she said`), reported speech (`X said (that) …`,
//! `…, X said.`, `according to X, …`) and mixed quotes (reported speech with quoted fragments).

use super::cues::{Cue, CueClass, class, fact};
use super::doc::{Doc, NONE};
use crate::document::model::QuoteKind;

/// A quotation found by a pattern, in token and byte terms, before speaker resolution.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Direct, mixed or indirect.
    pub kind: QuoteKind,
    /// Content pieces in bytes, in text order.
    pub pieces: Vec<(usize, usize)>,
    /// Token range of the speaker mention.
    pub speaker: Option<(usize, usize)>,
    /// Token range of the cue.
    pub cue: Option<(usize, usize)>,
    /// Confidence in [0, 1].
    pub confidence: f32,
    /// The rule that decided.
    pub rule: &'static str,
    /// Marked spans this quote consumed.
    pub marked: Vec<usize>,
}

impl Candidate {
    /// A candidate for `content` (from [`content_candidate`]) attributed by `rule`.
    fn from_content(
        (kind, pieces, marked): Content,
        speaker: Option<(usize, usize)>,
        cue: Option<(usize, usize)>,
        confidence: f32,
        rule: &'static str,
    ) -> Candidate {
        Candidate {
            kind,
            pieces,
            speaker,
            cue,
            confidence,
            rule,
            marked,
        }
    }

    /// Byte start of the content.
    pub fn start(&self) -> usize {
        self.pieces.first().map_or(0, |p| p.0)
    }
    /// Byte end of the content.
    pub fn end(&self) -> usize {
        self.pieces.last().map_or(0, |p| p.1)
    }
}

/// Upper bound on the tokens of a speaker noun phrase.
const MAX_NP: usize = 10;

/// The noun phrase that ends at token `h` (inclusive), not reaching below `lo`.
pub fn np_before(doc: &Doc, h: usize, lo: usize) -> Option<(usize, usize)> {
    if h < lo || h >= doc.len() {
        return None;
    }
    let t = doc.info[h];
    if t.quoted != NONE {
        return None;
    }
    if t.is(class::SUBJECT_PRONOUN) {
        return Some((h, h + 1));
    }
    // Poll and survey subjects: "Several said", "Two in three said", "More than six in 10 said".
    if is_quantity(doc, h) {
        let mut s = h;
        while s > lo
            && h + 1 - s < MAX_NP
            && (is_quantity(doc, s - 1) || is_quantifier_word(doc, s - 1))
        {
            s -= 1;
        }
        // "…, but most said": a joining word cannot open the phrase.
        while s < h && matches!(doc.word(s), "in" | "than" | "but" | "over" | "under") {
            s += 1;
        }
        return Some((s, h + 1));
    }
    if !(doc.is_np_word(h) || doc.is_name_word(h)) || t.is(class::DETERMINER) {
        return None;
    }
    let mut s = h;
    let mut lowercase = usize::from(!t.cap);
    let mut has_det = false;
    while s > lo && h + 1 - s < MAX_NP {
        let j = s - 1;
        let tj = doc.info[j];
        if tj.quoted != NONE {
            break;
        }
        if doc.is_possessive(j) && j > lo && doc.is_np_word(j - 1) {
            s = j;
            continue;
        }
        if tj.is(class::DETERMINER) && !tj.is(class::SUBJECT_PRONOUN) {
            s = j;
            has_det = true;
            break;
        }
        let w = doc.word(j);
        if matches!(w, "of" | "for" | "and" | "&")
            && j > lo
            && doc.info[j - 1].cap
            && doc.info[s].cap
        {
            s = j;
            continue;
        }
        if doc.is_name_word(j) {
            s = j;
            continue;
        }
        if !tj.cap && doc.is_np_word(j) && lowercase < 3 {
            lowercase += 1;
            s = j;
            continue;
        }
        break;
    }
    while s < h && (doc.is_possessive(s) || matches!(doc.word(s), "of" | "for" | "and" | "&")) {
        s += 1;
    }
    let has_cap = (s..=h).any(|i| doc.info[i].cap && !doc.info[i].is(class::DETERMINER));
    let has_role = (s..=h).any(|i| doc.info[i].is(class::ROLE));
    let plural_head = doc.word(h).ends_with('s') && !t.cap;
    if !(has_cap || has_role || has_det || plural_head) {
        return None;
    }
    if s == h && t.is(class::CALENDAR) {
        return None;
    }
    // "A few minutes later, …", "in the past": a stretch of time is never the speaker.
    if is_time_noun(doc, h) {
        return None;
    }
    Some((s, h + 1))
}

/// A lowercase noun naming a stretch of time ("minutes", "the past"); "The New York Times" is
/// a name, so capitalised words never count.
fn is_time_noun(doc: &Doc, i: usize) -> bool {
    doc.info[i].has(fact::TIME_NOUN)
}

/// A number or a quantifying determiner that can stand alone as a subject ("most", "10",
/// "two-thirds").
fn is_quantity(doc: &Doc, i: usize) -> bool {
    doc.info[i].has(fact::QUANTITY | fact::NUMERAL)
}

/// Words that join or qualify numbers in a quantity ("more than six in 10", "all but two").
fn is_quantifier_word(doc: &Doc, i: usize) -> bool {
    doc.info[i].has(fact::QUANTIFIER)
}

/// The noun phrase that starts at token `i`, not reaching `hi`.
pub fn np_after(doc: &Doc, i: usize, hi: usize) -> Option<(usize, usize)> {
    if i >= hi || i >= doc.len() {
        return None;
    }
    let t = doc.info[i];
    if t.quoted != NONE {
        return None;
    }
    if t.is(class::SUBJECT_PRONOUN) {
        return Some((i, i + 1));
    }
    let mut e = i;
    let det = t.is(class::DETERMINER);
    if det {
        e += 1;
    }
    let mut seen_cap = false;
    let mut lowercase = 0;
    while e < hi && e - i < MAX_NP {
        let te = doc.info[e];
        if te.quoted != NONE {
            break;
        }
        if doc.is_name_word(e) {
            seen_cap = true;
            e += 1;
            continue;
        }
        if doc.is_possessive(e) && e > i {
            e += 1;
            continue;
        }
        let w = doc.word(e);
        if matches!(w, "of" | "for" | "&")
            && e > i
            && doc.info[e - 1].cap
            && e + 1 < hi
            && doc.info[e + 1].cap
        {
            e += 1;
            continue;
        }
        // A verb after the head ends the phrase ("the captain thanked …"); right after the
        // article it is an adjective ("the elected official").
        let verb_after_head = e > i + 1 && doc.is_verb_like(e);
        if !te.cap && doc.is_np_word(e) && (det || !seen_cap) && lowercase < 4 && !verb_after_head {
            lowercase += 1;
            e += 1;
            continue;
        }
        break;
    }
    while e > i && (matches!(doc.word(e - 1), "of" | "for" | "&") || doc.is_possessive(e - 1)) {
        e -= 1;
    }
    if e == i || (det && e == i + 1) {
        return None;
    }
    if !seen_cap && !det && !(i..e).any(|k| doc.info[k].is(class::ROLE)) {
        return None;
    }
    if e == i + 1 && doc.info[i].is(class::CALENDAR) {
        return None;
    }
    Some((i, e))
}

/// True when something before cue `k` shows it is not a finite reporting verb: a passive or
/// infinitive ("was said", "to say"), or a noun use ("the claims", "Trump's remarks").
fn cue_blocked(doc: &Doc, k: usize, lo: usize) -> bool {
    // "an icy welcome", "a strong defense": article and adjective make the cue a noun. A past
    // or -s form is a verb after its subject ("a source said", "a spokesman says").
    let noun_form = doc.info[k]
        .cue
        .is_some_and(|c| !c.past && !doc.word(k).ends_with('s'));
    if noun_form
        && k >= lo + 2
        && matches!(doc.word(k - 2), "a" | "an" | "A" | "An")
        && !doc.info[k - 1].cap
        && doc.info[k - 1].word
    {
        return true;
    }
    let mut j = k;
    while j > lo {
        j -= 1;
        if doc.info[j].has(fact::LY_ADVERB | fact::ALSO | fact::NOT) {
            continue;
        }
        let t = doc.info[j];
        // "is saying", "were warning": a progressive, not a passive.
        let progressive = doc.info[k].cue.is_some_and(|c| c.ing)
            && matches!(
                doc.word(j),
                "is" | "was" | "are" | "were" | "been" | "be" | "'s" | "’s"
            );
        if progressive {
            return false;
        }
        // "Several said": a quantity standing alone is the subject of a past verb.
        let quantity_subject = doc.info[k].cue.is_some_and(|c| c.past) && is_quantity(doc, j);
        return t.is(class::BLOCKS_CUE)
            || (t.is(class::DETERMINER) && !quantity_subject)
            || doc.is_possessive(j);
    }
    false
}

/// The cue at token `k` with its particle, as a token range, if `k` is a usable cue.
pub fn cue_at(doc: &Doc, k: usize, hi: usize) -> Option<(Cue, (usize, usize))> {
    let t = doc.info.get(k)?;
    if t.quoted != NONE {
        return None;
    }
    let cue = t.cue?;
    match cue.particle {
        Some(p) => {
            if k + 1 < hi && p.split('/').any(|p| doc.is_word(k + 1, p)) {
                Some((cue, (k, k + 2)))
            } else {
                None
            }
        }
        None => Some((cue, (k, k + 1))),
    }
}

/// The subject of the cue at `k`: the noun phrase before it, past auxiliaries and adverbs, or
/// before an appositive or relative clause set off by commas ("Smith, a spokesman, said").
pub fn subject_before(doc: &Doc, k: usize, lo: usize) -> Option<(usize, usize)> {
    let mut h = k;
    while h > lo {
        let j = h - 1;
        let t = doc.info[j];
        if (t.is(class::BETWEEN) && !t.is(class::SUBJECT_PRONOUN)) || doc.is_ly_adverb(j) {
            h = j;
            continue;
        }
        break;
    }
    // A time between subject and verb: "Clinton on Tuesday said", "Ames last week said".
    loop {
        if h > lo + 1
            && matches!(
                doc.word(h - 1),
                "morning" | "afternoon" | "evening" | "night"
            )
            && doc.info[h - 2].is(class::CALENDAR)
        {
            // "Spicer on Thursday evening said".
            h -= 1;
        }
        if h > lo && doc.info[h - 1].is(class::CALENDAR) && doc.info[h - 1].cap {
            h -= 1;
            if h > lo && matches!(doc.word(h - 1), "on" | "last" | "this" | "early" | "late") {
                h -= 1;
            }
        } else if h > lo + 1
            && matches!(
                doc.word(h - 1),
                "week" | "month" | "year" | "night" | "weekend"
            )
            && matches!(doc.word(h - 2), "last" | "this" | "next")
        {
            h -= 2;
        } else {
            break;
        }
    }
    if h > lo {
        let w = doc.word(h - 1);
        // A relative pronoun is the speaker span news annotation uses: "Cruz, who said ...".
        if matches!(w, "who" | "which") {
            return Some((h - 1, h));
        }
        // "X praised Garland and said ...": the subject of the first verb.
        // ("Smith and Jones said" never gets here: its "and" is not next to the verb.)
        if matches!(w, "and" | "but") && h >= 2 && h - 1 > lo {
            let ss = doc.sentence_tokens(doc.info[h - 1].sentence as usize).0;
            return sentence_subject(doc, ss.max(lo), h - 1);
        }
    }
    if h <= lo {
        return None;
    }
    let mut e = h - 1;
    // A parenthesis after the name: "Rep. Jane Doe (D-N.Y.) said".
    if doc.word(e) == ")" {
        let mut p = e;
        while p > lo && e - p < 12 && doc.word(p) != "(" {
            p -= 1;
        }
        if doc.word(p) != "(" || p <= lo {
            return None;
        }
        e = p - 1;
    }
    if matches!(doc.word(e), "—" | "–" | "--") {
        return described_subject(doc, e, lo);
    }
    if doc.word(e) == "," {
        return appositive_subject(doc, e, lo).or_else(|| described_subject(doc, e, lo));
    }
    np_before(doc, e, lo)
}

/// The subject before a description set off by dashes or by several commas: "Sen. Ann Lee,
/// R-Ohio, a member of the panel, said", "Most voters — and nearly all donors — said". The
/// sentence's first noun phrase, when a comma, dash or parenthesis follows it.
fn described_subject(doc: &Doc, e: usize, lo: usize) -> Option<(usize, usize)> {
    let np = sentence_subject(doc, lo, e)?;
    let follows = np.1 < e && matches!(doc.word(np.1), "," | "(" | "—" | "–" | "--");
    follows.then_some(np)
}

/// The name before one appositive or relative clause between commas, `e` being the second
/// comma: "Smith, a spokesman, said".
fn appositive_subject(doc: &Doc, e: usize, lo: usize) -> Option<(usize, usize)> {
    {
        let mut p = e;
        while p > lo && e - p < 25 {
            p -= 1;
            if doc.info[p].mark || doc.info[p].quoted != NONE {
                return None;
            }
            if doc.word(p) == "," {
                break;
            }
        }
        if p <= lo || doc.word(p) != "," || p + 1 >= e {
            return None;
        }
        let mut e = p - 1;
        if doc.word(e) == ")" {
            let mut q = e;
            while q > lo && e - q < 12 && doc.word(q) != "(" {
                q -= 1;
            }
            if doc.word(q) != "(" || q <= lo {
                return None;
            }
            e = q - 1;
        }
        // An age between name and appositive: "Ana Ruiz, 34, a nurse, said".
        if e > lo + 1
            && doc.word(e - 1) == ","
            && doc.word(e).len() <= 3
            && doc.word(e).chars().all(|c| c.is_ascii_digit())
        {
            e -= 2;
        }
        np_before(doc, e, lo)
    }
}

/// True for a token that may sit between a cue and its content: time, place, medium, audience.
fn adverbial(doc: &Doc, i: usize) -> bool {
    let t = doc.info[i];
    t.is(class::ADVERBIAL | class::CALENDAR | class::AUDIENCE)
        || t.cap
        || doc.word(i).chars().all(|c| c.is_ascii_digit() || c == ',')
}

/// Where the content of a cue ending at token `after` begins (`"that"` included, as news
/// annotation does), given the sentence end `hi`.
fn content_start(doc: &Doc, cue: Cue, after: usize, hi: usize) -> usize {
    let mut i = after;
    if cue.class == CueClass::Tell && i < hi {
        if doc.info[i].is(class::AUDIENCE) {
            i += 1;
        } else if let Some((_, e)) = np_after(doc, i, hi) {
            i = e;
        }
    }
    // "said on Tuesday that", "said in a statement that", "said during a news conference that".
    let mut j = i;
    while j < hi && j < i + 12 {
        if doc.has(j, fact::THAT) {
            return j;
        }
        let t = doc.info[j];
        if !t.word
            || t.quoted != NONE
            || t.is(class::SUBJECT_PRONOUN)
            || (doc.is_verb_like(j) && !adverbial(doc, j))
        {
            break;
        }
        j += 1;
    }
    while i < hi && matches!(doc.word(i), ":" | "," | "—" | "–" | "-") {
        i += 1;
    }
    i
}

/// Where reported content starting at `i` ends (exclusive token index): the sentence end,
/// a semicolon, or a following attribution (", according to", ", adding").
fn content_end(doc: &Doc, i: usize, hi: usize) -> usize {
    let mut e = i;
    while e < hi {
        if doc.info[e].quoted != NONE {
            // `… “crazy policy,” adding, “…”`: a quotation closing on a comma before a
            // participle cue ends the content, as a comma outside the marks would.
            let closes_on_comma = doc.info[e].mark
                && e > i
                && doc.word(e - 1) == ","
                && e + 1 < hi
                && doc.info[e + 1].quoted == NONE
                && doc.info[e + 1]
                    .cue
                    .is_some_and(|c| c.ing && c.class != CueClass::Show);
            e += 1;
            if closes_on_comma {
                break;
            }
            continue;
        }
        let w = doc.word(e);
        if w == ";" {
            break;
        }
        if w == ","
            && e + 1 < hi
            && (doc.has(e + 1, fact::ACCORDING)
                || doc.info[e + 1]
                    .cue
                    .is_some_and(|c| c.ing && c.class != CueClass::Show))
        {
            break;
        }
        // "saying A and accused B": a second reporting verb of the speaker ends the content.
        if w == "and"
            && e > i + 2
            && e + 1 < hi
            && !doc.info[e + 1].cap
            && doc.info[e + 1].cue.is_some_and(|c| !c.ing && c.past)
        {
            break;
        }
        // "said A, and he noted B", "said A — and Democrats accused B", "said A, and when
        // pressed, …": a new clause with its own subject ends the content.
        if matches!(w, "and" | "but")
            && e > i + 2
            && matches!(doc.word(e - 1), "," | "—" | "–" | "--")
            && opens_clause(doc, e + 1, hi)
        {
            e -= 1;
            break;
        }
        // "says he is excited as he faces a test": a trailing adverbial clause with its own
        // subject is the writer's, not the speaker's.
        if matches!(
            w,
            "as" | "while" | "because" | "before" | "after" | "since" | "although"
        ) && e > i + 3
            && opens_clause(doc, e + 1, hi)
            && !matches!(
                doc.word(e + 1),
                "when" | "while" | "if" | "because" | "although" | "though"
            )
        {
            if doc.word(e - 1) == "," {
                e -= 1;
            }
            break;
        }
        // "said A and Democrats accused B": without a comma only a new speaker's cue will do.
        if w == "and" && e > i + 2 && reporting_clause(doc, e + 1, hi) {
            break;
        }
        // "X said A but has withheld B": a second verb of the speaker ends the content.
        if w == "but" && e > i + 2 && e + 1 < hi {
            let next = e + 1;
            let verb_follows = doc.is_verb_like(next) && !doc.info[next].cap;
            if verb_follows || (e > 0 && doc.word(e - 1) == ",") {
                e = e.saturating_sub(usize::from(doc.word(e - 1) == ","));
                break;
            }
        }
        e += 1;
    }
    while e > i && doc.is_punct(e - 1) && doc.info[e - 1].quoted == NONE {
        e -= 1;
    }
    // A sentence boundary inside quotation marks: run on to the closing mark.
    if e > i {
        let q = doc.info[e - 1].quoted;
        if q != NONE {
            let (_, close) = doc.marked_tokens[q as usize];
            e = e.max(close.min(doc.len()));
        }
    }
    e
}

/// True when a clause with its own subject starts at `i`: a subject pronoun or a name followed
/// by a verb, or a subordinating word ("when", "while", "if").
fn opens_clause(doc: &Doc, i: usize, hi: usize) -> bool {
    if i >= hi || doc.info[i].quoted != NONE {
        return false;
    }
    if matches!(
        doc.word(i),
        "when" | "while" | "if" | "because" | "although" | "though"
    ) {
        return true;
    }
    let subject_end = if doc.info[i].is(class::SUBJECT_PRONOUN) && !doc.has(i, fact::IT) {
        Some(i + 1)
    } else if doc.info[i].cap || doc.info[i].is(class::DETERMINER) {
        np_after(doc, i, hi).map(|np| np.1)
    } else {
        None
    };
    subject_end.is_some_and(|v| {
        let mut v = v;
        while v < hi && (doc.info[v].is(class::BETWEEN) || doc.is_ly_adverb(v)) {
            v += 1;
        }
        v < hi && doc.is_verb_like(v) && !doc.info[v].cap
    })
}

/// True when a subject pronoun or a name followed by a past verb of saying starts at `i`.
fn reporting_clause(doc: &Doc, i: usize, hi: usize) -> bool {
    if i >= hi || doc.info[i].quoted != NONE {
        return false;
    }
    let subject_end = if doc.info[i].is(class::SUBJECT_PRONOUN) && !doc.has(i, fact::IT) {
        Some(i + 1)
    } else if doc.info[i].cap {
        np_after(doc, i, hi).map(|np| np.1)
    } else {
        None
    };
    subject_end.is_some_and(|v| {
        v < hi
            && !doc.info[v].cap
            && doc.info[v]
                .cue
                .is_some_and(|c| c.past && !c.ing && c.class != CueClass::Show)
    })
}

/// True when the tokens `[a, b)` are only an attribution's tail: time, place, medium, audience,
/// with no clause of their own.
fn quiet_tail(doc: &Doc, a: usize, b: usize) -> bool {
    b.saturating_sub(a) <= 22
        && (a..b).all(|i| {
            let t = doc.info[i];
            t.quoted == NONE
                && t.cue.is_none()
                && !doc.has(i, fact::THAT)
                && !t.is(class::SUBJECT_PRONOUN)
                && !matches!(doc.word(i), ";" | ":")
        })
}

/// A content's kind, byte pieces and the marked spans it holds.
type Content = (QuoteKind, Vec<(usize, usize)>, Vec<usize>);

/// Builds a content candidate over tokens `[a, b)`; its kind is direct when the tokens are one
/// quotation with its marks, mixed when they hold quotation marks, indirect otherwise.
fn content_candidate(doc: &Doc, a: usize, b: usize) -> Option<Content> {
    content_candidate_min(doc, a, b, 3)
}

/// [`content_candidate`] for content of at least `min_words` words (a noun object can be
/// one or two: "called for a recount", "criticized the deal").
fn content_candidate_min(doc: &Doc, a: usize, b: usize, min_words: usize) -> Option<Content> {
    if b <= a || doc.words_in(a, b) < min_words {
        return None;
    }
    let mut marked = Vec::new();
    let mut i = a;
    while i < b {
        let q = doc.info[i].quoted;
        if q != NONE && marked.last() != Some(&(q as usize)) {
            marked.push(q as usize);
        }
        i += 1;
    }
    if marked.len() == 1 {
        let m = marked[0];
        let (o, c) = doc.marked_tokens[m];
        if o >= a && c <= b && doc.words_in(a, o) == 0 && doc.words_in(c, b) == 0 {
            return Some((QuoteKind::Direct, doc.marked[m].pieces.to_vec(), marked));
        }
    }
    let kind = if marked.is_empty() {
        QuoteKind::Indirect
    } else {
        QuoteKind::Mixed
    };
    Some((kind, vec![doc.bytes(a, b)], marked))
}

/// The first noun phrase of sentence tokens `[s, e)`, past opening conjunctions and adverbials
/// set off by a comma: the subject that a participle cue (", saying …") attaches to.
fn sentence_subject(doc: &Doc, s: usize, e: usize) -> Option<(usize, usize)> {
    let mut i = s;
    // An opening adverbial set off by a comma ("Still, Mr Lavrov ..."; "On Tuesday, she ...").
    let t = doc.info[s];
    if (t.is(class::STOP | class::BETWEEN) || doc.is_ly_adverb(s))
        && let Some(comma) = (s..e.min(s + 8)).find(|&j| doc.word(j) == ",")
    {
        i = comma + 1;
    }
    while i < e && (doc.info[i].is(class::STOP) || doc.is_punct(i)) && i < s + 3 {
        i += 1;
    }
    let mut np = np_after(doc, i, e)?;
    // "A month later, he …": a time phrase opens the sentence; the subject follows it.
    if is_time_noun(doc, np.1 - 1) {
        let mut j = np.1;
        while j < e && (matches!(doc.word(j), "later" | "ago" | "earlier" | ",")) {
            j += 1;
        }
        np = np_after(doc, j, e)?;
    }
    // The subject is followed by its verb, not a preposition or a comma-separated opener.
    if np.1 < e && doc.word(np.1) == "," && doc.info[i].is(class::STOP) {
        return None;
    }
    Some(np)
}

/// Attribution after a closing mark: `"…," said Lopez` / `"…," Lopez said` / `"…," she told
/// reporters`. Returns (speaker, cue, last attribution token + 1, rule).
pub fn after_quote(doc: &Doc, m: usize) -> Option<Attribution> {
    let span = &doc.marked[m];
    if !span.closed {
        return None;
    }
    let (o, c) = doc.marked_tokens[m];
    // `On Fox News channel’s “Sunday Morning Futures,” Rep. Ann Lee said …`: a short title in
    // capitals after a word of its sentence names a show or a book; the verb after it has its
    // own content.
    let title = o > 0
        && doc.info[o - 1].word
        && doc.info[o - 1].sentence == doc.info[o].sentence
        && doc.words_in(o, c) < 8
        && (o..c).all(|i| {
            let t = doc.info[i];
            !t.word || t.cap || t.is(class::STOP | class::DETERMINER)
        });
    if title {
        return None;
    }
    // The paragraph where the quotation closes (it may open several paragraphs earlier).
    let last = c.saturating_sub(1).max(o);
    let (_, para_end) = doc.paragraph_tokens(doc.info[last].paragraph as usize);
    let mut j = c;
    if j >= para_end {
        return None;
    }
    let inner = last_inner_char(doc.text, span.end)
        .is_some_and(|ch| matches!(ch, ',' | '?' | '!' | '—' | '–' | '-' | '…' | ':'));
    if matches!(doc.word(j), "," | "—" | "―" | "–" | "-" | "--") {
        j += 1;
    } else if !(inner || (!doc.info[j].cap && doc.info[j].word) || bare_name_said(doc, j, para_end))
    {
        return None;
    }
    // `"…" ― Ana Ruiz` at the end of a paragraph: a signature.
    if j > c && matches!(doc.word(j - 1), "—" | "―" | "–" | "-" | "--") {
        let np = np_after(doc, j, para_end);
        if let Some(np) = np
            && (np.1..para_end).all(|i| doc.is_punct(i))
            && doc.info[np.0].cap
        {
            return Some(Attribution {
                speaker: np,
                cue: (j - 1, j),
                end: np.1,
                rule: "quote-dash-speaker",
                confidence: 0.8,
            });
        }
    }
    let hi = para_end.min(j + 30);
    // `“…,” according to a court filing.`
    if doc.has(j, fact::ACCORDING) && doc.has(j + 1, fact::TO) {
        let source = np_after(doc, j + 2, hi).or_else(|| source_phrase(doc, j + 2, hi))?;
        return Some(Attribution {
            speaker: source,
            cue: (j, j + 2),
            end: source.1,
            rule: "quote-according-to",
            confidence: 0.85,
        });
    }
    if let Some((cue, (ks, ke))) = cue_at(doc, j, hi)
        && !cue.ing
        && cue.class != CueClass::Show
    {
        {
            let np = np_after(doc, ke, hi)?;
            return Some(Attribution {
                speaker: np,
                cue: (ks, ke),
                end: np.1.max(ke),
                rule: "quote-cue-speaker",
                confidence: 0.92,
            });
        }
    }
    let limit = hi.min(j + 30);
    let mut k = j;
    while k < limit {
        let t = doc.info[k];
        let sentence_end = matches!(doc.word(k), "." | "?" | "!")
            && k + 1 < doc.len()
            && doc.info[k + 1].sentence != t.sentence;
        if t.quoted != NONE || sentence_end || doc.word(k) == ";" {
            return None;
        }
        if let Some((cue, (ks, ke))) = cue_at(doc, k, hi) {
            if cue.ing || cue.class == CueClass::Show {
                return None;
            }
            let np = subject_before(doc, k, j)?;
            if np.0 != j {
                return None;
            }
            let pronoun = doc.info[np.0].is(class::SUBJECT_PRONOUN);
            return Some(Attribution {
                speaker: np,
                cue: (ks, ke),
                end: ke,
                rule: if pronoun {
                    "quote-pronoun-cue"
                } else {
                    "quote-speaker-cue"
                },
                confidence: if cue.class == CueClass::Think {
                    0.7
                } else {
                    0.9
                },
            });
        }
        k += 1;
    }
    None
}

/// `"…," the judge exclaimed.` / `"…!" cried Lee.`: a quotation that closes on a comma, question
/// or exclamation mark, followed by a name and a past verb the cue lexicon lacks, ending the
/// sentence. The punctuation inside the marks is what says an attribution follows.
pub fn after_quote_any_verb(doc: &Doc, m: usize) -> Option<Attribution> {
    let span = &doc.marked[m];
    if !span.closed {
        return None;
    }
    let inner = last_inner_char(doc.text, span.end).is_some_and(|ch| matches!(ch, ',' | '?' | '!'));
    let (o, c) = doc.marked_tokens[m];
    let last = c.saturating_sub(1).max(o);
    let (_, para_end) = doc.paragraph_tokens(doc.info[last].paragraph as usize);
    if !inner || c >= para_end {
        return None;
    }
    let hi = para_end.min(c + 16);
    let past_verb = |i: usize| {
        if i >= hi {
            return false;
        }
        let t = doc.info[i];
        let w = doc.word(i);
        !t.cap
            && t.quoted == NONE
            && !t.is(class::BETWEEN | class::STOP)
            && ((w.len() > 4 && w.ends_with("ed"))
                || matches!(w, "wrote" | "read" | "began" | "cried" | "spoke" | "sang"))
    };
    // The attribution ends the sentence (or continues the quotation after a comma).
    let ends = |i: usize| {
        i >= hi
            || matches!(
                doc.word(i),
                "." | "," | "!" | "?" | ";" | "and" | "as" | "while" | "before"
            )
            || doc.info[i].mark
            || doc.info[i].sentence != doc.info[i - 1].sentence
    };
    if let Some(np) = np_after(doc, c, hi)
        && np.0 == c
        && past_verb(np.1)
        && ends(np.1 + 1)
    {
        return Some(Attribution {
            speaker: np,
            cue: (np.1, np.1 + 1),
            end: np.1 + 1,
            rule: "quote-speaker-verb",
            confidence: 0.7,
        });
    }
    if past_verb(c)
        && let Some(np) = np_after(doc, c + 1, hi)
        && np.0 == c + 1
        && ends(np.1)
    {
        return Some(Attribution {
            speaker: np,
            cue: (c, c + 1),
            end: np.1,
            rule: "quote-verb-speaker",
            confidence: 0.7,
        });
    }
    None
}

/// `“… missing.” Trump said.`: after a quotation closing on a full stop, a name and a verb of
/// saying that end the sentence still attribute it.
fn bare_name_said(doc: &Doc, j: usize, para_end: usize) -> bool {
    let Some(np) = np_after(doc, j, para_end) else {
        return false;
    };
    let k = np.1;
    np.0 == j
        && k + 1 < para_end
        && doc.info[k]
            .cue
            .is_some_and(|c| !c.ing && c.class != CueClass::Show && c.particle.is_none())
        && matches!(doc.word(k + 1), "." | "!")
}

/// The last character of a quotation's content before `end`, past the closing marks of a
/// quotation nested at its end (`“… ‘I hope so,’” she said`).
fn last_inner_char(text: &str, end: usize) -> Option<char> {
    text[..end]
        .chars()
        .rev()
        .find(|&ch| !matches!(ch, '\'' | '’' | '"' | '”'))
}

/// A speaker and cue found for a quotation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Attribution {
    /// Token range of the speaker mention.
    pub speaker: (usize, usize),
    /// Token range of the cue.
    pub cue: (usize, usize),
    /// One past the last token of the attribution.
    pub end: usize,
    /// Rule name.
    pub rule: &'static str,
    /// Confidence.
    pub confidence: f32,
}

/// Attribution before an opening mark: `Lopez said: "…"` / `she added, "…"`, or a colon
/// introduction closing the previous paragraph. The quotation must end its sentence (else the
/// marks are fragments of a mixed quote, left to the reported-speech rules).
pub fn before_quote(doc: &Doc, m: usize) -> Option<Attribution> {
    let (o, c) = doc.marked_tokens[m];
    let para = doc.info[o].paragraph as usize;
    let (para_start, para_end) = doc.paragraph_tokens(para);
    // The quotation must close its clause.
    if c < para_end {
        let w = doc.word(c);
        let ends = matches!(w, "." | "!" | "?" | ";")
            || doc.info[c].mark
            || doc.info[c].sentence != doc.info[c - 1].sentence;
        if !ends {
            return None;
        }
    }
    if o == para_start {
        return colon_intro(doc, para);
    }
    let ss = doc.sentence_tokens(doc.info[o].sentence as usize).0;
    let mut i = o - 1;
    let punct = matches!(doc.word(i), ":" | "," | "—" | "–");
    let colon = doc.word(i) == ":";
    if punct {
        if i == 0 {
            return None;
        }
        i -= 1;
    }
    let lo = ss.max(i.saturating_sub(7));
    let mut k = i + 1;
    while k > lo {
        k -= 1;
        let t = doc.info[k];
        if t.quoted != NONE || t.mark {
            return None;
        }
        if let Some((cue, (ks, ke))) = cue_at(doc, k, o) {
            if cue.class == CueClass::Show {
                return None;
            }
            if !punct && ke != o && !doc.has(ke, fact::THAT) {
                return None;
            }
            if cue_blocked(doc, k, ss) {
                return None;
            }
            let (speaker, rule) = if cue.ing && k > ss && doc.word(k - 1) == "," {
                (sentence_subject(doc, ss, k)?, "subject-participle-quote")
            } else if cue.ing && k > ss && matches!(doc.word(k - 1), "as" | "by" | "while") {
                // "A tweet quoted him as saying “…”": the sentence subject is the source.
                (
                    sentence_subject(doc, ss, k - 1)?,
                    "subject-participle-quote",
                )
            } else {
                (subject_before(doc, k, ss)?, "speaker-cue-quote")
            };
            return Some(Attribution {
                speaker,
                cue: (ks, ke),
                end: c,
                rule,
                confidence: if cue.class == CueClass::Think {
                    0.65
                } else {
                    0.88
                },
            });
        }
        if !(adverbial(doc, k) || colon) {
            return None;
        }
    }
    if colon {
        return colon_subject(doc, ss, o, c);
    }
    None
}

/// `McConnell delivered a blunt message to Trump: "…"`: with no cue before the colon, the
/// subject of the introducing clause is the speaker and the colon is the cue.
fn colon_subject(doc: &Doc, ss: usize, o: usize, c: usize) -> Option<Attribution> {
    if (ss..o).any(|i| doc.info[i].quoted != NONE) {
        return None;
    }
    let speaker = sentence_subject(doc, ss, o - 1)?;
    let t = doc.info[speaker.0];
    let person_like = t.is(class::SUBJECT_PRONOUN)
        || (speaker.0..speaker.1).any(|i| doc.info[i].cap || doc.info[i].is(class::ROLE));
    if !person_like || speaker.1 + 1 >= o {
        return None;
    }
    Some(Attribution {
        speaker,
        cue: (o - 1, o),
        end: c,
        rule: "colon-subject",
        confidence: 0.6,
    })
}

/// The speaker of a quotation no pattern attributed, when it opens inside a sentence whose
/// subject comes first: `Moore thanked him for “…”`, `the protesters chanted “…”`. News
/// annotation gives such quotations the subject of the clause that embeds them.
pub fn sentence_subject_of_quote(doc: &Doc, m: usize) -> Option<(usize, usize)> {
    let (o, _) = doc.marked_tokens[m];
    let ss = doc.sentence_tokens(doc.info[o].sentence as usize).0;
    if o <= ss + 1 || (ss..o).any(|i| doc.info[i].quoted != NONE) {
        return None;
    }
    let speaker = sentence_subject(doc, ss, o)?;
    let person_like = doc.info[speaker.0].is(class::SUBJECT_PRONOUN)
        || (speaker.0..speaker.1).any(|i| doc.info[i].cap || doc.info[i].is(class::ROLE));
    (person_like && speaker.1 < o).then_some(speaker)
}

/// A paragraph that ends "Lopez said:" introduces the quotation opening the next paragraph.
fn colon_intro(doc: &Doc, para: usize) -> Option<Attribution> {
    if para == 0 {
        return None;
    }
    let (ps, pe) = doc.paragraph_tokens(para - 1);
    if pe == 0 || pe <= ps || doc.word(pe - 1) != ":" {
        return None;
    }
    let ss = doc.sentence_tokens(doc.info[pe - 1].sentence as usize).0;
    let lo = ss.max(pe.saturating_sub(10));
    let mut k = pe - 1;
    while k > lo {
        k -= 1;
        if let Some((cue, (ks, ke))) = cue_at(doc, k, pe) {
            if cue.class == CueClass::Show || cue_blocked(doc, k, ss) {
                return None;
            }
            let speaker = if cue.ing && k > ss && doc.word(k - 1) == "," {
                sentence_subject(doc, ss, k)?
            } else {
                subject_before(doc, k, ss)?
            };
            return Some(Attribution {
                speaker,
                cue: (ks, ke),
                end: pe,
                rule: "colon-intro",
                confidence: 0.8,
            });
        }
    }
    // "Ana Ruiz echoed:", "Partial transcript as follows:": with no cue, the subject of the
    // introducing sentence is the source and the colon the cue.
    if (ss..pe).any(|i| doc.info[i].quoted != NONE) {
        return None;
    }
    let speaker = sentence_subject(doc, ss, pe - 1)?;
    Some(Attribution {
        speaker,
        cue: (pe - 1, pe),
        end: pe,
        rule: "colon-intro-subject",
        confidence: 0.6,
    })
}

/// The [`fact`]s of the words that the rules of [`reported`] other than a cue's start from
/// (`according to`, `in` a poll, `called`, a stance, a refusal or intention, `asked`, `sees
/// … as`, a past verb with a that-clause, a hedge, a claim noun): a token with none of them and
/// no cue starts none of those rules.
const OPENS_RULE: u32 = fact::ACCORDING
    | fact::IN
    | fact::CALL
    | fact::STANCE
    | fact::REFUSAL
    | fact::INTENT
    | fact::ASKED
    | fact::VIEW
    | fact::MAKE
    | fact::KNEW
    | fact::PAST_ED
    | fact::SEEM
    | fact::APPEAR
    | fact::REPORTEDLY
    | fact::PASSIVE_REPORT
    | fact::CLAIM_NOUN;

/// Reported speech in sentence `s`: every unused cue outside quotation marks with a subject and
/// a clause. `used` marks cue tokens already spent on direct quotes.
pub fn reported(doc: &Doc, s: usize, used: &[bool], out: &mut Vec<Candidate>) {
    let (ss, se) = doc.sentence_tokens(s);
    if ss == 0
        && let Some(c) = headline(doc, se)
    {
        out.push(c);
    }
    let mut k = ss;
    while k < se {
        // Most tokens are neither a cue nor a word that one of the rules below starts from.
        let t = &doc.info[k];
        if !t.has(OPENS_RULE) && t.cue.is_none() {
            k += 1;
            continue;
        }
        if t.has(fact::ACCORDING) && k + 1 < se && doc.has(k + 1, fact::TO) {
            if let Some(c) = according_to(doc, k, ss, se) {
                out.push(c);
            }
            k += 2;
            continue;
        }
        if let Some(c) = in_poll(doc, k, ss, se) {
            out.push(c);
            k += 1;
            continue;
        }
        if let Some(c) = called_label(doc, k, ss, se)
            .or_else(|| called_object(doc, k, ss, se))
            .or_else(|| backed_name(doc, k, ss, se))
            .or_else(|| declined_to(doc, k, ss, se))
            .or_else(|| asked_question(doc, k, ss, se))
            .or_else(|| sees_as(doc, k, ss, se))
            .or_else(|| verb_that_clause(doc, k, ss, se))
            .or_else(|| hedged_clause(doc, k, ss, se))
            .or_else(|| noun_cue(doc, k, ss, se))
        {
            out.push(c);
            k += 1;
            continue;
        }
        let Some((cue, (ks, ke))) = cue_at(doc, k, se) else {
            k += 1;
            continue;
        };
        if used[k] || cue_blocked(doc, k, ss) {
            k = ke;
            continue;
        }
        if let Some(c) = interposed(doc, cue, (ks, ke), ss, se) {
            out.push(c);
        } else if let Some(c) = content_after_cue(doc, cue, (ks, ke), ss, se) {
            out.push(c);
        } else if let Some(c) = content_before_cue(doc, cue, (ks, ke), ss, se) {
            out.push(c);
        }
        k = ke;
    }
}

fn base_confidence(cue: Cue) -> f32 {
    match cue.class {
        CueClass::Say | CueClass::Tell | CueClass::After => 0.72,
        CueClass::Show => 0.5,
        CueClass::Think => 0.45,
    }
}

/// True when token `a` is a lowercase verb, so a clause cannot start there ("say tried to").
fn starts_with_verb(doc: &Doc, a: usize) -> bool {
    let t = doc.info[a];
    !t.cap && (t.is(class::VERB) || t.cue.is_some() || t.has(fact::ENDS_ED))
}

/// `X said (that) CLAUSE` and `X …, saying CLAUSE`.
fn content_after_cue(
    doc: &Doc,
    cue: Cue,
    (ks, ke): (usize, usize),
    ss: usize,
    se: usize,
) -> Option<Candidate> {
    if cue.class == CueClass::After {
        return None;
    }
    let mut long_used = false;
    let (speaker, rule) = if cue.ing && ks > ss && doc.word(ks - 1) == "," {
        // "“…,” she said, adding that …": the participle goes with the speaker of the cue
        // just before it, which the sentence's first noun phrase (a quotation) is not.
        let prior = (ks >= ss + 2 && doc.info[ks - 2].quoted == NONE)
            .then(|| {
                let p = ks - 2;
                doc.info[p]
                    .cue
                    .filter(|c| !c.ing && c.particle.is_none())
                    .and_then(|_| subject_before(doc, p, ss))
            })
            .flatten();
        let speaker = match prior {
            Some(np) => np,
            None => sentence_subject(doc, ss, ks)?,
        };
        (speaker, "subject-participle-content")
    } else if cue.ing && ks > ss && is_gerund_preposition(doc.word(ks - 1)) {
        (gerund_subject(doc, ks, ss, se)?, "subject-gerund-content")
    } else {
        // "The board has twice complained", "Lee at the time said": a modifier the noun
        // phrase rules cannot read stands between subject and verb.
        let np = match subject_before(doc, ks, ss) {
            Some(np) => np,
            None => {
                long_used = true;
                long_subject(doc, ks, ss)?
            }
        };
        // "the draft resolution condemning Syria": a participle right after a common noun
        // modifies it. The noun is rarely the source (right a quarter of the time on PolNeAR)
        // and the real source is usually elsewhere, so no quote is made.
        let head = np.1 - 1;
        let modifier = cue.ing
            && np.1 == ks
            && !doc.info[head].cap
            && !doc.info[head].is(class::ROLE | class::SUBJECT_PRONOUN);
        if modifier {
            return None;
        }
        (
            np,
            if long_used {
                "long-subject-content"
            } else {
                "speaker-cue-content"
            },
        )
    };
    // "Russian fears", "American hopes": a nationality and a plural noun, not a clause.
    let form = doc.word(ks);
    let last = doc.word(speaker.1 - 1);
    if form.ends_with('s')
        && speaker.1 == ks
        && ["ian", "can", "ese", "ish"]
            .iter()
            .any(|e| last.ends_with(e))
    {
        return None;
    }
    let a = content_start(doc, cue, ke, se);
    if a >= se || starts_with_verb(doc, a) {
        return None;
    }
    let mut b = content_end(doc, a, se);
    // "said so in December", "said yes, but …": the answer word alone ("said no decision was
    // made" is a clause).
    let answer = matches!(doc.word(a), "yes" | "no" | "so")
        && (a + 1 >= se
            || doc.is_punct(a + 1)
            || matches!(
                doc.word(a + 1),
                "in" | "on" | "at" | "while" | "but" | "and" | "when"
            ));
    if answer {
        b = a + 1;
    }
    // "When Lee said the pier was safe, the crowd cheered": a reported clause inside an opening
    // subordinate clause ends at the comma before the main clause.
    let subordinate = matches!(
        doc.word(ss),
        "When" | "After" | "As" | "While" | "Before" | "Since" | "If" | "Although" | "Because"
    ) && speaker.0 > ss;
    if subordinate
        && let Some(comma) = (a..b).find(|&i| {
            doc.word(i) == "," && doc.info[i].quoted == NONE && opens_clause(doc, i + 1, se)
        })
    {
        b = comma;
    }
    // "announced his candidacy in June 2015, he …": a verb taking an object, an object noun
    // phrase, then a comma: the content is the object up to the comma.
    if takes_object(doc.word(ks), cue)
        && (doc.info[a].is(class::DETERMINER) || (a + 1 < b && doc.is_possessive(a + 1)))
        && let Some(comma) = (a..b).find(|&i| doc.word(i) == "," && doc.info[i].quoted == NONE)
        && !(a..comma).any(|i| doc.is_verb_like(i) || doc.info[i].quoted != NONE)
    {
        b = comma;
    }
    // "After talking about security, Lee …": the gerund phrase ends at the comma before its
    // subject.
    if speaker.0 > ks && speaker.0 > a {
        b = b.min(speaker.0 - 1);
    }
    // "said in an interview later", "found himself ...": an adverbial or an object, no clause.
    let first = doc.word(a);
    let preposition = matches!(
        first,
        "in" | "at"
            | "on"
            | "of"
            | "by"
            | "with"
            | "from"
            | "during"
            | "after"
            | "before"
            | "over"
            | "into"
            | "as"
            | "since"
            | "until"
            | "under"
            | "through"
            | "without"
            | "within"
            | "across"
            | "near"
            | "upon"
            | "via"
            | "like"
    );
    if (preposition && doc.words_in(a, b) < 8)
        || matches!(
            first,
            "himself" | "herself" | "themselves" | "itself" | "myself"
        )
    {
        return None;
    }
    // A clause of its own, not a noun object ("said nothing"): at least a few words. Verbs that
    // take their content as an object may have a short one: "called for a recount", "criticized
    // the deal". (One word is too little: on PolNeAR train it was right a quarter of the time.)
    let min_words = if answer {
        // "half said so", "most said yes": an answer stands for its clause.
        1
    } else if cue.particle.is_some() || takes_object(doc.word(ks), cue) {
        2
    } else {
        3
    };
    let (kind, pieces, marked) = content_candidate_min(doc, a, b, min_words)?;
    if doc.words_in(a, b) < min_words && kind != QuoteKind::Direct {
        return None;
    }
    let mut confidence = base_confidence(cue);
    if kind == QuoteKind::Mixed {
        confidence += 0.05;
    }
    if rule == "subject-participle-content" {
        confidence -= 0.1;
    }
    Some(Candidate {
        kind,
        pieces,
        speaker: Some(speaker),
        cue: Some((ks, ke)),
        confidence,
        rule,
        marked,
    })
}

/// The subject of a cue at `ks` when a modifier stands between them ("The board has twice
/// complained …", "Lee at the time said …"): the sentence's first noun phrase,
/// if what follows it up to the cue holds no other verb of saying, pronoun or quotation.
fn long_subject(doc: &Doc, ks: usize, ss: usize) -> Option<(usize, usize)> {
    // ", said Ann Lee": an inverted attribution has its speaker after the verb.
    if ks > ss && doc.word(ks - 1) == "," {
        return None;
    }
    let np = sentence_subject(doc, ss, ks)?;
    let modifier_only = np.1 < ks
        && ks - np.1 <= 15
        && (np.1..ks).all(|i| {
            let t = doc.info[i];
            t.cue.is_none()
                && t.quoted == NONE
                && !t.is(class::SUBJECT_PRONOUN)
                && !matches!(doc.word(i), ";" | ":" | "that")
        });
    modifier_only.then_some(np)
}

/// Prepositions that take a gerund whose subject is the sentence's ("by talking about …").
fn is_gerund_preposition(w: &str) -> bool {
    matches!(
        w,
        "by" | "after"
            | "before"
            | "while"
            | "when"
            | "without"
            | "since"
            | "After"
            | "Before"
            | "While"
            | "When"
            | "Since"
            | "By"
    )
}

/// The subject of a gerund after a preposition at `ks - 1`: the main clause after the phrase
/// when it opens the sentence ("After talking about security, Mr. Lee left"), else the
/// sentence's first noun phrase ("Lee won the crowd by talking about jobs").
fn gerund_subject(doc: &Doc, ks: usize, ss: usize, se: usize) -> Option<(usize, usize)> {
    let prep = ks - 1;
    let opens = (ss..prep).all(|i| doc.is_punct(i) || doc.info[i].mark);
    if opens {
        let comma = (ks..se).find(|&i| doc.word(i) == "," && doc.info[i].quoted == NONE)?;
        let np = np_after(doc, comma + 1, se)?;
        return (np.0 == comma + 1).then_some(np);
    }
    sentence_subject(doc, ss, prep)
}

/// `CLAUSE, X said.` and `CLAUSE, said X.`
fn content_before_cue(
    doc: &Doc,
    cue: Cue,
    (ks, ke): (usize, usize),
    ss: usize,
    se: usize,
) -> Option<Candidate> {
    if cue.ing {
        return None;
    }
    // "…, new fundraising reports show." is evidence after its finding; ", shows X" is not
    // an inverted attribution.
    let inverted = ks > ss && doc.word(ks - 1) == ",";
    if cue.class == CueClass::Show && inverted {
        return None;
    }
    // ", said X" inverted.
    let (speaker, comma) = if inverted {
        let np = np_after(doc, ke, se)?;
        // An appositive or relative clause may follow the name: ", said Ann Lee, who ...".
        let described = np.1 < se && matches!(doc.word(np.1), "," | "who" | "whose");
        if !(described || quiet_tail(doc, np.1, se)) {
            return None;
        }
        (np, ks - 1)
    } else {
        let mut np = subject_before(doc, ks, ss)?;
        // A long title before the name: "…, foreign ministry spokesman Ann Lee said".
        let mut p = np.0;
        while p > ss + 1 && np.1 - p < 16 && (doc.is_np_word(p - 1) || doc.is_name_word(p - 1)) {
            p -= 1;
        }
        if p > ss && doc.word(p - 1) == "," {
            np.0 = p;
        }
        if np.0 <= ss || doc.word(np.0 - 1) != "," || !quiet_tail(doc, ke, se) {
            return None;
        }
        (np, np.0 - 1)
    };
    let mut a = ss;
    while a < comma && doc.is_punct(a) {
        a += 1;
    }
    if opens_with_question_put(doc, a) {
        return None;
    }
    let (kind, pieces, marked) = content_candidate(doc, a, comma)?;
    let pronoun = doc.info[speaker.0].is(class::SUBJECT_PRONOUN);
    Some(Candidate {
        kind,
        pieces,
        speaker: Some(speaker),
        cue: Some((ks, ke)),
        confidence: base_confidence(cue) + if kind == QuoteKind::Direct { 0.15 } else { 0.0 },
        rule: if pronoun {
            "content-pronoun-cue"
        } else {
            "content-speaker-cue"
        },
        marked,
    })
}

/// `CLAUSE, X said, CLAUSE`: an attribution set off by commas inside its content.
fn interposed(
    doc: &Doc,
    cue: Cue,
    (ks, ke): (usize, usize),
    ss: usize,
    se: usize,
) -> Option<Candidate> {
    if cue.ing || cue.class == CueClass::Show || ks <= ss {
        return None;
    }
    let (speaker, c1, after) = if doc.word(ks - 1) == "," {
        let np = np_after(doc, ke, se)?;
        (np, ks - 1, np.1)
    } else {
        let np = subject_before(doc, ks, ss)?;
        if np.0 <= ss || doc.word(np.0 - 1) != "," {
            return None;
        }
        (np, np.0 - 1, ke)
    };
    let c2 = (after..se.min(after + 8)).find(|&j| doc.word(j) == ",")?;
    if !quiet_tail(doc, after, c2) || opens_description(doc, c2 + 1) {
        return None;
    }
    let mut a = ss;
    while a < c1 && doc.is_punct(a) && !doc.info[a].mark {
        a += 1;
    }
    let b = content_end(doc, c2 + 1, se);
    if doc.words_in(a, c1) < 1 || doc.words_in(c2 + 1, b) < 3 || opens_with_question_put(doc, a) {
        return None;
    }
    // A whole quotation on the left ("“…,” she said, “…”") is a direct quote's business.
    if doc.info[a].mark && doc.info[c1 - 1].mark && doc.info[a].quoted == doc.info[c1 - 1].quoted {
        return None;
    }
    let quoted = (a..b).any(|i| doc.info[i].quoted != NONE);
    let mut marked: Vec<usize> = (a..b)
        .filter_map(|i| {
            let q = doc.info[i].quoted;
            (q != NONE).then_some(q as usize)
        })
        .collect();
    marked.dedup();
    Some(Candidate {
        kind: if quoted {
            QuoteKind::Mixed
        } else {
            QuoteKind::Indirect
        },
        pieces: vec![doc.bytes(a, c1), doc.bytes(c2 + 1, b)],
        speaker: Some(speaker),
        cue: Some((ks, ke)),
        confidence: base_confidence(cue),
        rule: "interposed-speaker-cue",
        marked,
    })
}

/// `According to X, CLAUSE` and `CLAUSE, according to X.`
fn according_to(doc: &Doc, k: usize, ss: usize, se: usize) -> Option<Candidate> {
    let np = np_after(doc, k + 2, se).or_else(|| source_phrase(doc, k + 2, se))?;
    let cue = Some((k, k + 2));
    let leading = (ss..k).all(|i| doc.is_punct(i) || doc.info[i].is(class::STOP));
    let (a, b) = if leading {
        let mut a = np.1;
        while a < se && doc.is_punct(a) && !doc.info[a].mark {
            a += 1;
        }
        (a, content_end(doc, a, se))
    } else if k > ss && doc.word(k - 1) == "," {
        let mut a = ss;
        while a < k && doc.is_punct(a) && !doc.info[a].mark {
            a += 1;
        }
        let before = (a, k - 1);
        // "CLAUSE, according to X, CLAUSE": the content is on both sides.
        let comma = (np.1..se.min(np.1 + 10)).find(|&j| doc.word(j) == ",");
        if let Some(c2) = comma
            && quiet_tail(doc, np.1, c2)
            && doc.words_in(c2 + 1, se) >= 2
        {
            let after_b = content_end(doc, c2 + 1, se);
            if doc.words_in(before.0, before.1) >= 1 && after_b > c2 + 1 {
                let quoted = (before.0..after_b).any(|i| doc.info[i].quoted != NONE);
                let mut marked: Vec<usize> = (before.0..after_b)
                    .filter_map(|i| {
                        let q = doc.info[i].quoted;
                        (q != NONE).then_some(q as usize)
                    })
                    .collect();
                marked.dedup();
                return Some(Candidate {
                    kind: if quoted {
                        QuoteKind::Mixed
                    } else {
                        QuoteKind::Indirect
                    },
                    pieces: vec![doc.bytes(before.0, before.1), doc.bytes(c2 + 1, after_b)],
                    speaker: Some(np),
                    cue,
                    confidence: 0.72,
                    rule: "according-to",
                    marked,
                });
            }
        }
        before
    } else {
        return None;
    };
    Some(Candidate::from_content(
        content_candidate(doc, a, b)?,
        Some(np),
        cue,
        0.75,
        "according-to",
    ))
}

/// A source named by a phrase the noun-phrase rules do not cover ("early results of exit
/// polls conducted by …", "him", "ouest-france.fr"): the words from `i` to the next comma or
/// the sentence end, at most 25 tokens.
fn source_phrase(doc: &Doc, i: usize, se: usize) -> Option<(usize, usize)> {
    let mut e = i;
    while e < se && e < i + 25 && doc.info[e].quoted == NONE && !doc.is_punct(e) {
        e += 1;
    }
    if e < se && !doc.is_punct(e) {
        return None;
    }
    (doc.words_in(i, e) > 0).then_some((i, e))
}

/// `In a new poll released Monday, CLAUSE`: a poll or study is the source of the finding it
/// frames.
fn in_poll(doc: &Doc, k: usize, ss: usize, se: usize) -> Option<Candidate> {
    if !doc.has(k, fact::IN) || doc.info[k].quoted != NONE {
        return None;
    }
    let evidence = |i: usize| {
        matches!(
            doc.word(i),
            "poll" | "polls" | "survey" | "surveys" | "study" | "analysis" | "tally" | "count"
        )
    };
    // Only the opening frame: a closing "in the latest poll" was right a quarter of the time
    // on PolNeAR (it is as often a place or a count as a source).
    if k != ss {
        return None;
    }
    let comma = (k + 1..se.min(k + 16)).find(|&j| doc.word(j) == ",")?;
    if !(k + 1..comma).any(evidence) || (k + 1..comma).any(|j| doc.info[j].quoted != NONE) {
        return None;
    }
    let source = (k + 1, comma);
    let a = comma + 1;
    let b = content_end(doc, a, se);
    Some(Candidate::from_content(
        content_candidate(doc, a, b)?,
        Some(source),
        Some((k, k + 1)),
        0.5,
        "in-poll",
    ))
}

/// `X called Y “LABEL”` and `…, calling Y “LABEL”`: a quoted label the speaker gave someone.
/// The content is the object and the quotation, which must close the clause.
fn called_label(doc: &Doc, k: usize, ss: usize, se: usize) -> Option<Candidate> {
    if !doc.info[k].has(fact::CALL) || doc.info[k].quoted != NONE {
        return None;
    }
    let form = doc.word(k);
    let a = k + 1;
    // "called for", "called on": a demand, handled as a cue.
    if a >= se || matches!(doc.word(a), "for" | "on" | "it" | "off" | "in" | "up") {
        return None;
    }
    if cue_blocked(doc, k, ss) {
        return None;
    }
    let mut o = a;
    while o < se && o < a + 12 && doc.info[o].quoted == NONE {
        let t = doc.info[o];
        let w = doc.word(o);
        if matches!(w, "," | ";" | ":" | "(" | "that" | "to" | "." | "?" | "!")
            || t.cue.is_some()
            || t.is(class::VERB)
            || t.mark
        {
            return None;
        }
        o += 1;
    }
    if o == a || o >= se || doc.info[o].quoted == NONE {
        return None;
    }
    let m = doc.info[o].quoted as usize;
    let (mo, mc) = doc.marked_tokens[m];
    if mo != o || mc > se {
        return None;
    }
    // A label, not a title or a name: some lowercase word inside the marks.
    if !(mo..mc).any(|i| doc.info[i].word && !doc.info[i].cap) {
        return None;
    }
    let closes = mc >= se
        || matches!(
            doc.word(mc),
            "," | "." | ";" | "and" | "but" | "!" | "?" | ")"
        );
    if !closes {
        return None;
    }
    let speaker = if form == "calling" && k > ss && doc.word(k - 1) == "," {
        sentence_subject(doc, ss, k - 1)?
    } else {
        subject_before(doc, k, ss)?
    };
    Some(Candidate {
        kind: QuoteKind::Mixed,
        pieces: vec![doc.bytes(a, mc)],
        speaker: Some(speaker),
        cue: Some((k, k + 1)),
        confidence: 0.7,
        rule: "speaker-called-label",
        marked: vec![m],
    })
}

/// `X called him a liar`, `X called the deal “a disgrace”`: naming someone or something is an
/// attributed characterisation; the content is the object with its label, to the end of the
/// clause. (A label in quotation marks that closes the clause is [`called_label`]'s.)
fn called_object(doc: &Doc, k: usize, ss: usize, se: usize) -> Option<Candidate> {
    if !doc.info[k].has(fact::CALL) || doc.info[k].quoted != NONE {
        return None;
    }
    let form = doc.word(k);
    let a = k + 1;
    if a + 1 >= se
        || doc.info[a].is(class::STOP)
        || !doc.info[a].word
        || matches!(doc.word(a), "off" | "up" | "out" | "back" | "attention")
        || cue_blocked(doc, k, ss)
    {
        return None;
    }
    let speaker = if form == "calling" && k > ss && doc.word(k - 1) == "," {
        sentence_subject(doc, ss, k - 1)?
    } else {
        let np = subject_before(doc, k, ss)?;
        // "a website called “…”", "a group called Friends of …": the name a thing goes by.
        let head = np.1 - 1;
        let named_thing = np.1 == k
            && (doc.info[a].cap || doc.info[a].mark)
            && !doc.info[head].cap
            && !doc.info[head].is(class::ROLE | class::SUBJECT_PRONOUN);
        if named_thing {
            return None;
        }
        np
    };
    let b = content_end(doc, a, se);
    Some(Candidate::from_content(
        content_candidate_min(doc, a, b, 2)?,
        Some(speaker),
        Some((k, k + 1)),
        0.55,
        "speaker-called-object",
    ))
}

/// `X endorsed Y`, `a group backing Y`, `X opposed the new tax`: a stance towards a named
/// person, a pronoun object or a noun phrase. The content is the object alone, so the object
/// must be a name, him, her, them or a short noun phrase, and the verb lowercase and active.
fn backed_name(doc: &Doc, k: usize, ss: usize, se: usize) -> Option<Candidate> {
    let stance = doc.info[k].has(fact::STANCE);
    if !stance || doc.info[k].quoted != NONE || doc.info[k].cap {
        return None;
    }
    let a = k + 1;
    if a >= se || doc.info[a].quoted != NONE || cue_blocked(doc, k, ss) {
        return None;
    }
    let b = if matches!(doc.word(a), "him" | "her" | "them") {
        a + 1
    } else {
        let mut b = a;
        while b < se && b < a + 5 && doc.is_name_word(b) && !doc.info[b].is(class::CALENDAR) {
            b += 1;
        }
        b
    };
    // "backed Trump's plan", "opposed the tax": the object runs on past the name, or is a
    // noun phrase of its own.
    let runs_on = b < se && (doc.is_possessive(b) || doc.is_name_word(b));
    let (b, rule) = if b == a || runs_on {
        (object_end(doc, a, se)?, "speaker-stance-object")
    } else {
        (b, "speaker-stance-name")
    };
    let speaker = subject_before(doc, k, ss)?;
    Some(Candidate {
        kind: QuoteKind::Indirect,
        pieces: vec![doc.bytes(a, b)],
        speaker: Some(speaker),
        cue: Some((k, k + 1)),
        confidence: if rule == "speaker-stance-name" {
            0.6
        } else {
            0.55
        },
        rule,
        marked: Vec::new(),
    })
}

/// The end of the noun phrase object starting at `a` ("the tax", "Mrs. Lee's candidacy",
/// "their new plan"): a determiner or possessor, then nouns, adjectives and names, up to a
/// function word, punctuation or verb. None when there is no noun.
fn object_end(doc: &Doc, a: usize, se: usize) -> Option<usize> {
    let mut e = a;
    if doc.info[a].is(class::DETERMINER) && !doc.info[a].is(class::SUBJECT_PRONOUN) {
        e += 1;
    }
    let first_noun = e;
    while e < se && e < a + 8 {
        let t = doc.info[e];
        if t.quoted != NONE || doc.is_possessive(e) {
            e += 1;
            continue;
        }
        if !(doc.is_np_word(e) || doc.is_name_word(e)) || doc.is_verb_like(e) {
            break;
        }
        e += 1;
    }
    (e > first_noun && doc.words_in(first_noun, e) > 0).then_some(e)
}

/// `X declined to comment`, `X refused to answer questions on …`: a refusal is an attributed
/// stance; its content is the infinitive clause, "to" included.
fn declined_to(doc: &Doc, k: usize, ss: usize, se: usize) -> Option<Candidate> {
    let refusal = doc.info[k].has(fact::REFUSAL);
    let intent = !refusal && doc.info[k].has(fact::INTENT);
    let a = k + 1;
    if !(refusal || intent) || a + 1 >= se || !doc.has(a, fact::TO) || doc.info[k].quoted != NONE {
        return None;
    }
    if cue_blocked(doc, k, ss) {
        return None;
    }
    let b = content_end(doc, a, se);
    if doc.words_in(a, b) < 2 {
        return None;
    }
    // ", seeking to …": the participle goes with the subject of the sentence.
    let speaker = if doc.word(k).ends_with("ing") && k > ss && doc.word(k - 1) == "," {
        sentence_subject(doc, ss, k - 1)?
    } else {
        subject_before(doc, k, ss)?
    };
    let (kind, pieces, marked) = match content_candidate(doc, a, b) {
        Some(content) => content,
        None => (QuoteKind::Indirect, vec![doc.bytes(a, b)], Vec::new()),
    };
    Some(Candidate {
        kind,
        pieces,
        speaker: Some(speaker),
        cue: Some((k, k + 1)),
        confidence: if refusal { 0.65 } else { 0.55 },
        rule: if refusal {
            "speaker-declined-to"
        } else {
            "speaker-intends-to"
        },
        marked,
    })
}

/// A headline `Name: CLAIM` opening the document ("Ortiz: Schools Need More Money"): the name
/// in one to four capitalised words (not "The Latest", not all capitals), the claim after the
/// colon to the end of the line.
fn headline(doc: &Doc, se: usize) -> Option<Candidate> {
    let colon = (1..se.min(5)).find(|&i| doc.word(i) == ":")?;
    let name_words = (0..colon).all(|i| doc.is_name_word(i) && !doc.info[i].is(class::CALENDAR));
    let shouting = (0..colon).all(|i| !doc.word(i).chars().any(char::is_lowercase));
    if !name_words || shouting || matches!(doc.word(0), "The" | "A" | "An") {
        return None;
    }
    let a = colon + 1;
    let line_end = (a..se)
        .find(|&i| doc.info[i].paragraph != doc.info[0].paragraph)
        .unwrap_or(se);
    // The whole first line is the headline: its sentence ends with the line.
    if line_end != se || (se < doc.len() && doc.info[se].paragraph == doc.info[0].paragraph) {
        return None;
    }
    let mut b = se;
    while b > a && doc.is_punct(b - 1) && doc.info[b - 1].quoted == NONE {
        b -= 1;
    }
    if doc.words_in(a, b) < 3 {
        return None;
    }
    let (kind, pieces, marked) = content_candidate(doc, a, b)?;
    Some(Candidate {
        kind: if kind == QuoteKind::Direct {
            QuoteKind::Direct
        } else {
            QuoteKind::Indirect
        },
        pieces,
        speaker: Some((0, colon)),
        cue: Some((colon, colon + 1)),
        confidence: 0.6,
        rule: "headline-speaker-colon",
        marked,
    })
}

/// `Asked whether …, she said …` and `when asked how …`: the question put to the speaker is
/// itself reported speech, of an unnamed asker; the content runs to the comma.
fn asked_question(doc: &Doc, k: usize, ss: usize, se: usize) -> Option<Candidate> {
    if !doc.info[k].has(fact::ASKED) || doc.info[k].quoted != NONE {
        return None;
    }
    let opens =
        k == ss || (k == ss + 1 && doc.is_punct(ss)) || matches!(doc.word(k - 1), "when" | "When");
    if !opens || k + 1 >= se {
        return None;
    }
    // "Asked by a reporter whether …": the asker is the source.
    let mut a = k + 1;
    let mut speaker = None;
    if doc.is_word(a, "by") {
        let np = np_after(doc, a + 1, se)?;
        speaker = Some(np);
        a = np.1;
    }
    // "Asked on Monday about …", "asked during a debate why …": a short time or place first.
    let opener = |i: usize| {
        matches!(
            doc.word(i),
            "if" | "whether"
                | "what"
                | "how"
                | "why"
                | "who"
                | "whom"
                | "when"
                | "where"
                | "which"
                | "about"
        )
    };
    let mut j = a;
    while j < se && j < a + 8 && !opener(j) {
        let t = doc.info[j];
        if !t.word || t.quoted != NONE || t.cue.is_some() || t.is(class::SUBJECT_PRONOUN) {
            return None;
        }
        j += 1;
    }
    if j >= se || !opener(j) {
        return None;
    }
    let a = j;
    let comma = (a..se).find(|&i| doc.word(i) == "," && doc.info[i].quoted == NONE);
    let b = match comma {
        Some(c) => c,
        None => content_end(doc, a, se),
    };
    // "about Sullivan": a topic may be short; a question has a clause.
    let min_words = if doc.is_word(a, "about") { 2 } else { 3 };
    Some(Candidate::from_content(
        content_candidate_min(doc, a, b, min_words)?,
        speaker,
        Some((k, k + 1)),
        0.6,
        "asked-question",
    ))
}

/// True when the tokens from `i` describe the name before them rather than resume the content:
/// ", said Ann Lee, a professor at …", ", said Lee, who …".
fn opens_description(doc: &Doc, i: usize) -> bool {
    if i >= doc.len() {
        return false;
    }
    matches!(doc.word(i), "a" | "an" | "who" | "whose" | "which")
        || (doc.is_word(i, "the")
            && (i + 1..(i + 4).min(doc.len())).any(|j| doc.info[j].is(class::ROLE | class::TITLE)))
}

/// True when a clause opens "Asked …" or "When asked …": the question put to the speaker,
/// not the speaker's words.
fn opens_with_question_put(doc: &Doc, a: usize) -> bool {
    doc.is_word(a, "asked") || (doc.is_word(a, "when") && doc.is_word(a + 1, "asked"))
}

/// `X sees Y as Z`, `X described Y as Z`: a characterisation; the content is the object with
/// its "as" complement, to the end of the clause.
fn sees_as(doc: &Doc, k: usize, ss: usize, se: usize) -> Option<Candidate> {
    let view = doc.info[k].has(fact::VIEW);
    if !view || doc.info[k].quoted != NONE || doc.info[k].cap || cue_blocked(doc, k, ss) {
        return None;
    }
    let a = k + 1;
    let as_at = (a..se.min(a + 10)).find(|&i| doc.has(i, fact::AS))?;
    let object_ok = as_at > a
        && (a..as_at).all(|i| {
            let t = doc.info[i];
            !matches!(doc.word(i), "," | ";" | ":" | "that" | "to")
                && t.cue.is_none()
                && !t.is(class::VERB)
        });
    if !object_ok
        || as_at + 1 >= se
        || matches!(
            doc.word(as_at + 1),
            "well" | "much" | "many" | "long" | "soon"
        )
    {
        return None;
    }
    let b = content_end(doc, a, se);
    if doc.words_in(a, b) < 3 {
        return None;
    }
    let speaker = subject_before(doc, k, ss)?;
    Some(Candidate::from_content(
        content_candidate(doc, a, b)?,
        Some(speaker),
        Some((k, k + 1)),
        0.6,
        "speaker-sees-as",
    ))
}

/// `X recognized that CLAUSE`, `X has calculated that CLAUSE`: a verb outside the cue lexicon
/// with a that-clause still reports a claim, belief or finding of its subject. The verb must
/// look finite and past ("-ed" or a common irregular form) and the clause must start with its
/// own subject, which tells the complementiser from a relative "that".
fn verb_that_clause(doc: &Doc, k: usize, ss: usize, se: usize) -> Option<Candidate> {
    let t = doc.info[k];
    if !t.has(fact::MAKE | fact::KNEW | fact::PAST_ED) {
        return None;
    }
    // "made clear that", "made it clear that", "makes it plain that".
    let made_clear = t
        .has(fact::MAKE)
        .then(|| {
            let mut j = k + 1;
            if doc.has(j, fact::IT) {
                j += 1;
            }
            // The verb may end the text: "… what he made".
            (j < se && matches!(doc.word(j), "clear" | "plain" | "known")).then_some(j + 1)
        })
        .flatten();
    let a = made_clear.unwrap_or(k + 1);
    if t.cue.is_some() || t.quoted != NONE || t.cap || a + 2 >= se || !doc.has(a, fact::THAT) {
        return None;
    }
    let irregular = made_clear.is_some() || t.has(fact::KNEW);
    // Only past forms: an -s form is as often a plural noun ("rumors that …").
    let past = t.has(fact::PAST_ED);
    if !(irregular || past)
        || t.is(class::STOP | class::DETERMINER | class::BETWEEN)
        || cue_blocked(doc, k, ss)
    {
        return None;
    }
    let first = a + 1;
    if starts_with_verb(doc, first) || doc.info[first].is(class::BETWEEN) || doc.is_punct(first) {
        return None;
    }
    let b = content_end(doc, a, se);
    let speaker = subject_before(doc, k, ss).or_else(|| long_subject(doc, k, ss))?;
    Some(Candidate::from_content(
        content_candidate(doc, a, b)?,
        Some(speaker),
        Some((k, a)),
        0.5,
        "speaker-verb-that",
    ))
}

/// `Her rival seemed to be gaining`, `The vote is expected to slip`, `It appears that …`,
/// `The fund has reportedly closed`: an appearance, expectation or report with no one to hold
/// it is still an attribution, with no source.
/// The content is the whole clause, its subject included (or the that-clause after "it").
fn hedged_clause(doc: &Doc, k: usize, ss: usize, se: usize) -> Option<Candidate> {
    let t = doc.info[k];
    if t.quoted != NONE || t.cap || k + 2 >= se {
        return None;
    }
    if !t.has(fact::SEEM | fact::APPEAR | fact::REPORTEDLY | fact::PASSIVE_REPORT) {
        return None;
    }
    let seems = t.has(fact::SEEM);
    let appears = t.has(fact::APPEAR);
    let reportedly = t.has(fact::REPORTEDLY);
    // "is expected", "is widely expected", "are not expected".
    let mut aux = k;
    while aux > ss && (doc.is_ly_adverb(aux - 1) || matches!(doc.word(aux - 1), "not" | "also")) {
        aux -= 1;
    }
    // "is expected to", and the passive reports "is said to", "was believed to", "it was
    // reported that".
    let expected = t.has(fact::PASSIVE_REPORT)
        && aux > ss
        && matches!(
            doc.word(aux - 1),
            "is" | "are" | "was" | "were" | "be" | "been"
        );
    if !(seems || appears || expected || reportedly) {
        return None;
    }
    let cue = if expected {
        (aux - 1, k + 1)
    } else {
        (k, k + 1)
    };
    let next = k + 1;
    // "It appears that …", "It was reported that …": the that-clause alone.
    let it_subject = if expected { aux - 1 } else { k };
    if (seems || appears || expected)
        && doc.has(next, fact::THAT)
        && it_subject > ss
        && doc.has(it_subject - 1, fact::IT)
    {
        let b = content_end(doc, next, se);
        return Some(Candidate::from_content(
            content_candidate(doc, next, b)?,
            None,
            Some(cue),
            0.45,
            "hedged-clause",
        ));
    }
    // "seems stable", "seemed like a mistake"; but "appeared on television" is no hedge.
    let hedge_follows = doc.has(next, fact::TO) || (seems && doc.info[next].word) || reportedly;
    if !hedge_follows {
        return None;
    }
    // The clause starts after the last comma before the verb, past an opening conjunction.
    let mut a = (ss..cue.0)
        .rev()
        .find(|&i| doc.word(i) == "," && doc.info[i].quoted == NONE)
        .map_or(ss, |c| c + 1);
    while a < cue.0
        && (doc.is_punct(a)
            || matches!(
                doc.word(a),
                "But" | "And" | "Yet" | "So" | "Still" | "but" | "and" | "yet" | "so"
            ))
    {
        a += 1;
    }
    let subject = doc.info[a];
    if a >= cue.0 || subject.is(class::SUBJECT_PRONOUN) && doc.has(a, fact::IT) {
        return None;
    }
    let b = content_end(doc, a, se);
    Some(Candidate::from_content(
        content_candidate(doc, a, b)?,
        None,
        Some(cue),
        0.45,
        "hedged-clause",
    ))
}

/// `Lee's claim that …`, `their belief that …`: a noun of saying or believing with its
/// that-clause, and a possessor who is the source.
fn noun_cue(doc: &Doc, k: usize, ss: usize, se: usize) -> Option<Candidate> {
    let t = doc.info[k];
    let a = k + 1;
    if t.quoted != NONE || t.cap || a + 2 >= se {
        return None;
    }
    // Nouns of intention with an infinitive ("his plan to …") are left out: the source is as
    // often the subject of an embedding verb ("X defended his plan to …").
    if !doc.has(a, fact::THAT) || !t.has(fact::CLAIM_NOUN) {
        return None;
    }
    let first = a + 1;
    if starts_with_verb(doc, first) || doc.info[first].is(class::BETWEEN) || doc.is_punct(first) {
        return None;
    }
    // The possessor, past one adjective: "Lee's continued insistence", "their plan".
    let mut p = k;
    if p > ss + 1 && !doc.is_possessive(p - 1) && !doc.info[p - 1].is(class::DETERMINER) {
        p -= 1;
    }
    let speaker = if p > ss + 1 && doc.is_possessive(p - 1) {
        np_before(doc, p - 2, ss)
    } else if p > ss
        && matches!(
            doc.word(p - 1),
            "his" | "her" | "their" | "its" | "our" | "my"
        )
    {
        Some((p - 1, p))
    } else {
        None
    };
    // Without a possessor the source is usually named elsewhere, which this rule cannot see.
    let speaker = speaker?;
    let b = content_end(doc, a, se);
    Some(Candidate::from_content(
        content_candidate(doc, a, b)?,
        Some(speaker),
        Some((k, a)),
        0.5,
        "possessor-noun-clause",
    ))
}

/// True for a cue verb whose content is often a short noun object ("criticized the deal"),
/// unlike verbs of saying and thinking, whose short objects are not content ("said Tuesday").
fn takes_object(form: &str, cue: Cue) -> bool {
    const SPEECH: &[&str] = &[
        "say", "says", "said", "saying", "add", "adds", "added", "adding",
    ];
    cue.class == CueClass::Say && !SPEECH.iter().any(|w| form.eq_ignore_ascii_case(w))
}
