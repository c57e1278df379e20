//! Quotations and their attribution: direct, mixed and reported speech, with cue, speaker
//! mention, resolved speaker, confidence and the deciding rule.
//!
//! The steps, each linear in the text:
//! 1. [`marks`]: the spans inside quotation marks, paragraph-aware (news-style quotes running
//!    over several paragraphs, unbalanced marks contained to their paragraph);
//! 2. [`attribution`]: direct quotes with an adjacent attribution (`"…," she said`,
//!    `He said: "…"`), split quotes and their continuations joined into one quote with fragments;
//!    then reported speech sentence by sentence (`X said (that) …`, `…, X said.`,
//!    `according to X, …`, stances and intentions with their objects, `X's claim that …`),
//!    mixed when the reported clause holds quoted fragments, and source-less attributions
//!    (`X seems to …`, `X is expected to …`, `it was reported that …`);
//! 3. the quotations left over: titles and scare quotes are dropped, a paragraph-long quote
//!    after an attributed one keeps the previous speaker (up to three paragraphs on), a
//!    quotation inside a clause goes to the clause subject, anything else has no speaker;
//! 4. [`resolve`]: speaker mentions to entities (names, titles, pronouns by gender and salience),
//!    adding the names the tagger missed.

mod attribution;
pub mod calibration;
mod cues;
mod doc;
pub mod explain;
mod marks;
pub mod model;
pub use marks::is_double_mark;
mod resolve;

use super::{Analysis, QuoteDraft};
use crate::document::model::QuoteKind;
use attribution::Candidate;
use cues::class;
use doc::{Doc, NONE};

/// Finds the quotes in `analysis` and attributes them, with the rules alone.
pub fn find(analysis: &mut Analysis) {
    find_with(analysis, None, false);
}

/// Finds the quotes in `analysis` and attributes them: the rules' candidates, stacked with the
/// learned model's when there is one; with the model's reasons for each quote when `explain`.
pub fn find_with(analysis: &mut Analysis, model: Option<&model::AttributionModel>, explain: bool) {
    let mut drafts = {
        let marked = marks::find(analysis.text, &analysis.seg.paragraphs);
        let doc = Doc::with_word_ids(analysis.text, &analysis.seg, &analysis.word_ids, marked);
        let candidates = candidates(&doc);
        match model {
            None => candidates
                .into_iter()
                .map(|c| to_draft(&doc, c))
                .collect::<Vec<_>>(),
            Some(model) => model
                .decide(&doc, &analysis.mentions, candidates, explain)
                .into_iter()
                .map(|d| {
                    let mut draft = to_draft(&doc, d.cand);
                    draft.confidence = d.probability;
                    draft.calibrated = true;
                    draft.reasons = d.reasons;
                    draft
                })
                .collect(),
        }
    };
    resolve::speakers(analysis, &mut drafts);
    drafts.sort_by_key(|q| (q.start, q.end));
    analysis.quotes = drafts;
}

/// All quotations of the document, attributed where the text allows, in text order.
fn candidates(doc: &Doc) -> Vec<Candidate> {
    let n = doc.marked.len();
    let mut used_cue = vec![false; doc.len()];
    let mut consumed = vec![false; n];
    let mut direct: Vec<Candidate> = Vec::with_capacity(n);

    for m in 0..n {
        if consumed[m] {
            continue;
        }
        let Some(attr) = attribution::after_quote(doc, m)
            .or_else(|| attribution::before_quote(doc, m))
            .or_else(|| attribution::after_quote_any_verb(doc, m))
        else {
            continue;
        };
        for flag in &mut used_cue[attr.cue.0..attr.cue.1] {
            *flag = true;
        }
        consumed[m] = true;
        let mut pieces = doc.marked[m].pieces.to_vec();
        let mut marked = vec![m];
        let (o, c) = doc.marked_tokens[m];
        let paragraph = doc.info[c.saturating_sub(1).max(o)].paragraph;
        let cue_sentence = doc.info[attr.cue.0].sentence;
        let mut last = c.max(attr.end);
        let mut first = true;
        #[allow(clippy::needless_range_loop)] // `consumed` is also read by later iterations
        for m2 in m + 1..n {
            let (o2, c2) = doc.marked_tokens[m2];
            if o2 >= doc.len() || doc.info[o2].paragraph != paragraph || o2 < last {
                break;
            }
            let punct_only = (last..o2).all(|i| doc.is_punct(i));
            let tail_only = first
                && (last..o2).all(|i| {
                    doc.is_punct(i)
                        || (doc.info[i].sentence == cue_sentence
                            && doc.info[i].cue.is_none()
                            && !doc.info[i].is(class::SUBJECT_PRONOUN))
                });
            if !(punct_only || tail_only) || attribution::after_quote(doc, m2).is_some() {
                break;
            }
            consumed[m2] = true;
            pieces.extend_from_slice(&doc.marked[m2].pieces);
            marked.push(m2);
            last = c2;
            first = false;
        }
        let short = doc.words_in(o, c) < 2;
        direct.push(Candidate {
            kind: QuoteKind::Direct,
            pieces,
            speaker: Some(attr.speaker),
            cue: Some(attr.cue),
            confidence: if short {
                attr.confidence - 0.2
            } else {
                attr.confidence
            },
            rule: attr.rule,
            marked,
        });
    }

    // Reported speech, sentence by sentence.
    let mut reported = Vec::with_capacity(doc.seg.sentences.len());
    for s in 0..doc.seg.sentences.len() {
        attribution::reported(doc, s, &used_cue, &mut reported);
    }
    reported.retain(|c| !c.marked.iter().any(|&m| consumed[m]));
    // Greedy: most confident first, then longest; no overlaps with what is taken.
    reported.sort_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then((b.end() - b.start()).cmp(&(a.end() - a.start())))
    });
    let mut taken = Taken::new(direct.iter().map(|c| (c.start(), c.end())));
    let mut accepted = Vec::with_capacity(reported.len());
    for c in reported {
        if taken.overlaps(c.start(), c.end()) {
            continue;
        }
        taken.insert(c.start(), c.end());
        for &m in &c.marked {
            consumed[m] = true;
        }
        accepted.push(c);
    }

    // Quotations without an adjacent attribution.
    let mut all = direct;
    all.reserve(accepted.len() + n);
    all.extend(accepted);
    let mut m = 0;
    while m < n {
        if consumed[m] || is_not_speech(doc, m) {
            m += 1;
            continue;
        }
        let (o, _) = doc.marked_tokens[m];
        let mut pieces = doc.marked[m].pieces.to_vec();
        let mut marked = vec![m];
        let mut last = doc.marked_tokens[m].1;
        let mut next = m + 1;
        while next < n && !consumed[next] {
            let (o2, c2) = doc.marked_tokens[next];
            if o2 >= doc.len()
                || doc.info[o2].paragraph != doc.info[o].paragraph
                || o2 < last
                || !(last..o2).all(|i| doc.is_punct(i))
            {
                break;
            }
            pieces.extend_from_slice(&doc.marked[next].pieces);
            marked.push(next);
            last = c2;
            next += 1;
        }
        if !taken.overlaps(pieces[0].0, pieces[pieces.len() - 1].1) {
            let subject = attribution::sentence_subject_of_quote(doc, m);
            all.push(Candidate {
                kind: QuoteKind::Direct,
                pieces,
                speaker: subject,
                cue: None,
                confidence: if subject.is_some() { 0.45 } else { 0.5 },
                rule: if subject.is_some() {
                    "sentence-subject"
                } else {
                    "unattributed"
                },
                marked,
            });
        }
        m = next;
    }
    all.sort_by_key(|c| (c.start(), c.end()));
    inherit_previous_speakers(doc, &mut all);
    all
}

/// Disjoint byte ranges already given to quotes, ordered so that both checking a range and
/// adding one take logarithmic time (a long article accepts tens of thousands of quotes).
struct Taken {
    /// `(end, start)` of every range: disjoint ranges sorted by start are sorted by end too.
    by_end: std::collections::BTreeSet<(usize, usize)>,
}

impl Taken {
    fn new(ranges: impl IntoIterator<Item = (usize, usize)>) -> Taken {
        Taken {
            by_end: ranges.into_iter().map(|(s, e)| (e, s)).collect(),
        }
    }

    /// True when `[start, end)` overlaps a taken range: the first range ending after `start`
    /// begins before `end`.
    fn overlaps(&self, start: usize, end: usize) -> bool {
        self.by_end
            .range((start + 1, 0)..)
            .next()
            .is_some_and(|&(_, s)| s < end)
    }

    fn insert(&mut self, start: usize, end: usize) {
        self.by_end.insert((end, start));
    }
}

/// Titles, names and scare quotes: short spans, Title-Case spans without a verb, and spans after
/// a naming word ("the so-called", "dubbed").
fn is_not_speech(doc: &Doc, m: usize) -> bool {
    let (o, c) = doc.marked_tokens[m];
    let inner = (o + 1, c.saturating_sub(1).max(o + 1));
    let words = doc.words_in(inner.0, inner.1);
    if words < 4 {
        return true;
    }
    let title_case = words <= 12
        && (inner.0..inner.1).all(|i| {
            let t = doc.info[i];
            !t.word || t.cap || t.is(class::STOP | class::DETERMINER)
        });
    if title_case {
        return true;
    }
    let lo = o.saturating_sub(2);
    (lo..o).any(|i| doc.info[i].is(class::NAMING))
}

/// How many paragraphs back an unattributed quotation looks for the latest speaker.
const RECENT_PARAGRAPHS: u32 = 3;

/// A quotation with no attribution of its own that opens its paragraph, right after a
/// paragraph whose last quote was attributed, continues that speaker (news style).
fn inherit_previous_speakers(doc: &Doc, all: &mut [Candidate]) {
    let mut last: Option<(u32, (usize, usize))> = None;
    for c in all.iter_mut() {
        let Some(&m) = c.marked.first() else {
            if let Some(sp) = c.speaker {
                let p = paragraph_of_byte(doc, c.end());
                last = Some((p, sp));
            }
            continue;
        };
        let (o, _) = doc.marked_tokens[m];
        let para = doc.info[o].paragraph;
        if c.speaker.is_none() {
            let opens_paragraph = doc.paragraph_tokens(para as usize).0 == o;
            let opens_sentence = doc.sentence_tokens(doc.info[o].sentence as usize).0 == o;
            if let Some((p, sp)) = last
                && ((opens_paragraph && para == p + 1) || (opens_sentence && para == p))
            {
                c.speaker = Some(sp);
                c.rule = "previous-speaker";
                c.confidence = 0.55;
            } else if let Some((p, sp)) = last
                && para <= p + RECENT_PARAGRAPHS
            {
                // A quotation with no attribution of its own a few paragraphs after an
                // attributed one is most often the same speaker's: news stories quote one
                // source at length, with narration in between.
                c.speaker = Some(sp);
                c.rule = "recent-speaker";
                c.confidence = 0.4;
            }
        }
        if let Some(sp) = c.speaker {
            let end_m = *c.marked.last().unwrap_or(&m);
            let (_, ce) = doc.marked_tokens[end_m];
            let p = doc.info[ce.saturating_sub(1).min(doc.len() - 1)].paragraph;
            last = Some((p, sp));
        }
    }
}

fn paragraph_of_byte(doc: &Doc, byte: usize) -> u32 {
    let toks = &doc.seg.tokens;
    let i = toks.partition_point(|t| t.end < byte);
    if i < toks.len() {
        doc.info[i].paragraph
    } else {
        doc.info.last().map_or(0, |t| t.paragraph)
    }
}

fn to_draft(doc: &Doc, c: Candidate) -> QuoteDraft {
    let start = c.start();
    let end = c.end();
    let speaker_mention = c.speaker.map(|(a, b)| doc.bytes(a, b));
    let cue = c.cue.map(|(a, b)| doc.bytes(a, b));
    let _ = NONE;
    QuoteDraft {
        kind: c.kind,
        start,
        end,
        fragments: if c.pieces.len() > 1 {
            c.pieces
        } else {
            Vec::new()
        },
        speaker_mention,
        speaker: None,
        cue,
        confidence: c.confidence.clamp(0.0, 1.0),
        rule: c.rule,
        calibrated: false,
        reasons: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::Taken;

    #[test]
    fn taken_ranges_block_overlaps_only() {
        let mut taken = Taken::new([(10, 20), (40, 50)]);
        taken.insert(25, 30);
        for (start, end, overlaps) in [
            (0, 10, false),
            (0, 11, true),
            (19, 21, true),
            (20, 25, false),
            (22, 26, true),
            (30, 40, false),
            (31, 39, false),
            (12, 14, true),
            (0, 100, true),
            (50, 60, false),
            (49, 60, true),
        ] {
            assert_eq!(taken.overlaps(start, end), overlaps, "[{start}, {end})");
        }
    }
}
