//! Agreement between two reviews of the same article, and the list of their disagreements.
//!
//! Two reviewers' files of one article are compared quote by quote. Quotes are matched by span:
//! two quotes are the same when they overlap by at least half of the shorter one (each quote
//! matches at most one, largest overlap first). Every quote in a file counts, whatever its
//! status: a quote one reviewer rejected is a *status* disagreement, not a missing quote.
//!
//! On matched quotes:
//! - **speaker**: compared by normalised entity name (ids differ between files), only where both
//!   sides kept the quote; "no speaker" on both sides agrees;
//! - **kind**: direct / mixed / indirect, also only where both kept it;
//! - **status**: kept (any status but rejected) versus rejected, with Cohen's kappa.
//!
//! [`Counts`] add up over articles, so pooled figures are computed from summed counts, not
//! averaged per-article figures.
//!
//! [`adjudicate`] settles the disagreements into one review as undoable edits.

pub mod adjudicate;
mod files;

use serde::Serialize;

use crate::document::model::{Document, Quote, QuoteStatus};

pub use files::{
    CompareError, ComparedPair, FolderComparison, compare_folders, compare_paths, read_review_file,
};

/// What two reviewers said about one quote, or that only one of them has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DisagreementType {
    /// Both kept the quote but name different speakers.
    Speaker,
    /// Both kept the quote but give it different kinds.
    Kind,
    /// One kept the quote, the other rejected it.
    Status,
    /// Only A has a quote here.
    OnlyA,
    /// Only B has a quote here.
    OnlyB,
}

impl DisagreementType {
    /// The name used in reports and JSON.
    pub fn label(self) -> &'static str {
        match self {
            DisagreementType::Speaker => "speaker",
            DisagreementType::Kind => "kind",
            DisagreementType::Status => "status",
            DisagreementType::OnlyA => "only_a",
            DisagreementType::OnlyB => "only_b",
        }
    }
}

/// One difference between the two reviews.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disagreement {
    /// What differs.
    #[serde(rename = "type")]
    pub kind: DisagreementType,
    /// A's answer: the speaker's name, the kind, the status or the quote's speaker (for
    /// `only_a`); null where A has nothing to say.
    pub a: Option<String>,
    /// B's answer, the same way.
    pub b: Option<String>,
    /// The quote's text (A's when both have it).
    pub text: String,
    /// The quote's id in A, when A has it.
    pub quote_a: Option<String>,
    /// The quote's id in B, when B has it.
    pub quote_b: Option<String>,
    /// First code point of the quote (A's when both have it).
    pub start: usize,
    /// One past its last code point.
    pub end: usize,
}

/// Cross-table of kept versus rejected on matched quotes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StatusTable {
    /// Both kept it.
    pub kept_kept: usize,
    /// A kept it, B rejected it.
    pub kept_rejected: usize,
    /// A rejected it, B kept it.
    pub rejected_kept: usize,
    /// Both rejected it.
    pub rejected_rejected: usize,
}

impl StatusTable {
    fn total(&self) -> usize {
        self.kept_kept + self.kept_rejected + self.rejected_kept + self.rejected_rejected
    }

    /// Share of matched quotes with the same status; `None` without matched quotes.
    pub fn agreement(&self) -> Option<f64> {
        ratio(self.kept_kept + self.rejected_rejected, self.total())
    }

    /// Cohen's kappa on kept versus rejected; `None` without matched quotes or when chance
    /// agreement is total (both reviewers gave every quote the same status), where kappa is
    /// undefined.
    pub fn kappa(&self) -> Option<f64> {
        let n = self.total() as f64;
        if n == 0.0 {
            return None;
        }
        let observed = (self.kept_kept + self.rejected_rejected) as f64 / n;
        let a_kept = (self.kept_kept + self.kept_rejected) as f64 / n;
        let b_kept = (self.kept_kept + self.rejected_kept) as f64 / n;
        let chance = a_kept * b_kept + (1.0 - a_kept) * (1.0 - b_kept);
        if (1.0 - chance).abs() < 1e-12 {
            return None;
        }
        Some((observed - chance) / (1.0 - chance))
    }

    fn add(&mut self, other: &StatusTable) {
        self.kept_kept += other.kept_kept;
        self.kept_rejected += other.kept_rejected;
        self.rejected_kept += other.rejected_kept;
        self.rejected_rejected += other.rejected_rejected;
    }
}

/// The counts agreement figures are computed from; they add up over articles.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Quotes in A (every status).
    pub quotes_a: usize,
    /// Quotes in B (every status).
    pub quotes_b: usize,
    /// Quote pairs matched at overlap ≥ half the shorter span.
    pub matched: usize,
    /// Matched pairs with exactly the same span.
    pub exact: usize,
    /// Quotes of A with no match in B.
    pub only_a: usize,
    /// Quotes of B with no match in A.
    pub only_b: usize,
    /// Matched quotes both kept with the same speaker.
    pub speaker_agree: usize,
    /// Matched quotes both kept with different speakers.
    pub speaker_disagree: usize,
    /// Matched quotes both kept with the same kind.
    pub kind_agree: usize,
    /// Matched quotes both kept with different kinds.
    pub kind_disagree: usize,
    /// Kept versus rejected on matched quotes.
    pub status: StatusTable,
}

impl Counts {
    /// Adds another article's counts.
    pub fn add(&mut self, other: &Counts) {
        self.quotes_a += other.quotes_a;
        self.quotes_b += other.quotes_b;
        self.matched += other.matched;
        self.exact += other.exact;
        self.only_a += other.only_a;
        self.only_b += other.only_b;
        self.speaker_agree += other.speaker_agree;
        self.speaker_disagree += other.speaker_disagree;
        self.kind_agree += other.kind_agree;
        self.kind_disagree += other.kind_disagree;
        self.status.add(&other.status);
    }

    /// F1 of B's quotes against A's at overlap 0.5 (symmetric); `None` when neither has quotes.
    pub fn span_f1(&self) -> Option<f64> {
        ratio(2 * self.matched, self.quotes_a + self.quotes_b)
    }

    /// F1 counting only exactly equal spans as matches.
    pub fn exact_f1(&self) -> Option<f64> {
        ratio(2 * self.exact, self.quotes_a + self.quotes_b)
    }

    /// Share of matched, both-kept quotes with the same speaker.
    pub fn speaker_agreement(&self) -> Option<f64> {
        ratio(
            self.speaker_agree,
            self.speaker_agree + self.speaker_disagree,
        )
    }

    /// Share of matched, both-kept quotes with the same kind.
    pub fn kind_agreement(&self) -> Option<f64> {
        ratio(self.kind_agree, self.kind_agree + self.kind_disagree)
    }

    /// The figures as the JSON report writes them.
    pub fn figures(&self) -> Figures {
        Figures {
            quotes_a: self.quotes_a,
            quotes_b: self.quotes_b,
            matched: self.matched,
            only_a: self.only_a,
            only_b: self.only_b,
            exact_matched: self.exact,
            span_f1: self.span_f1(),
            span_f1_exact: self.exact_f1(),
            speaker_agree: self.speaker_agree,
            speaker_disagree: self.speaker_disagree,
            speaker_agreement: self.speaker_agreement(),
            kind_agree: self.kind_agree,
            kind_disagree: self.kind_disagree,
            kind_agreement: self.kind_agreement(),
            status: self.status,
            status_agreement: self.status.agreement(),
            kappa_status: self.status.kappa(),
        }
    }
}

/// Counts and the figures derived from them, in the JSON report's field names.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Figures {
    /// Quotes in A (every status).
    pub quotes_a: usize,
    /// Quotes in B (every status).
    pub quotes_b: usize,
    /// Matched pairs.
    pub matched: usize,
    /// Quotes only in A.
    pub only_a: usize,
    /// Quotes only in B.
    pub only_b: usize,
    /// Matched pairs with exactly equal spans.
    pub exact_matched: usize,
    /// Span F1 at overlap 0.5.
    pub span_f1: Option<f64>,
    /// Span F1 counting exact spans only.
    pub span_f1_exact: Option<f64>,
    /// Matched quotes both kept with the same speaker.
    pub speaker_agree: usize,
    /// Matched quotes both kept with different speakers.
    pub speaker_disagree: usize,
    /// `speaker_agree / (speaker_agree + speaker_disagree)`.
    pub speaker_agreement: Option<f64>,
    /// Matched quotes both kept with the same kind.
    pub kind_agree: usize,
    /// Matched quotes both kept with different kinds.
    pub kind_disagree: usize,
    /// `kind_agree / (kind_agree + kind_disagree)`.
    pub kind_agreement: Option<f64>,
    /// Kept versus rejected on matched quotes.
    pub status: StatusTable,
    /// Share of matched quotes with the same status.
    pub status_agreement: Option<f64>,
    /// Cohen's kappa on kept versus rejected; null when undefined.
    pub kappa_status: Option<f64>,
}

/// The comparison of two reviews of one article.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The counts.
    pub counts: Counts,
    /// Matched pairs as (index in A's quotes, index in B's quotes), in A's order.
    pub pairs: Vec<(usize, usize)>,
    /// Every difference, in text order.
    pub disagreements: Vec<Disagreement>,
}

/// Why two documents cannot be compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextMismatch {
    /// Length of A's text in code points.
    pub len_a: usize,
    /// Length of B's text in code points.
    pub len_b: usize,
    /// First code point where the texts differ.
    pub first_difference: usize,
}

impl std::fmt::Display for TextMismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the two reviews are of different texts ({} and {} code points, first difference at \
             code point {}); only reviews of the same article can be compared",
            self.len_a, self.len_b, self.first_difference
        )
    }
}

/// True when a quote counts as kept (any status but rejected).
fn is_kept(q: &Quote) -> bool {
    q.status != QuoteStatus::Rejected
}

/// Code points shared by two spans.
fn overlap(a: &Quote, b: &Quote) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// True when two quotes are the same quote: they overlap by at least half of the shorter one.
pub fn same_quote(a: &Quote, b: &Quote) -> bool {
    let shared = overlap(a, b);
    let shorter = a
        .end
        .saturating_sub(a.start)
        .min(b.end.saturating_sub(b.start));
    shared > 0 && 2 * shared >= shorter
}

/// The name a speaker is compared by: lower case, letters and digits only, single spaces, so
/// that "Ana López", "ana  lópez" and "Ana López." agree.
pub fn normalise_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// The speaker's display name in `doc`, or `None` for no speaker. A dangling id (which
/// `validate` refuses) is shown as the id.
fn speaker_name(doc: &Document, quote: &Quote) -> Option<String> {
    quote.speaker.as_ref().map(|id| {
        doc.entity(id)
            .map_or_else(|| id.clone(), |e| e.name.clone())
    })
}

/// Pairs quotes of A and B one to one, largest overlap first (ties: nearest starts, then text
/// order), keeping only pairs that are the same quote by [`same_quote`].
pub fn match_quotes(a: &[Quote], b: &[Quote]) -> Vec<(usize, usize)> {
    let mut candidates: Vec<(usize, usize, usize, usize)> = Vec::new();
    for (i, qa) in a.iter().enumerate() {
        for (j, qb) in b.iter().enumerate() {
            if same_quote(qa, qb) {
                candidates.push((overlap(qa, qb), qa.start.abs_diff(qb.start), i, j));
            }
        }
    }
    candidates.sort_by(|x, y| {
        y.0.cmp(&x.0)
            .then(x.1.cmp(&y.1))
            .then((x.2, x.3).cmp(&(y.2, y.3)))
    });
    let mut used_a = vec![false; a.len()];
    let mut used_b = vec![false; b.len()];
    let mut pairs = Vec::new();
    for (_, _, i, j) in candidates {
        if !used_a[i] && !used_b[j] {
            used_a[i] = true;
            used_b[j] = true;
            pairs.push((i, j));
        }
    }
    pairs.sort_unstable();
    pairs
}

/// The first code point at which two texts differ, or `None` when they are equal.
fn first_difference(a: &str, b: &str) -> Option<usize> {
    if a == b {
        return None;
    }
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    Some(common)
}

/// Compares two reviews of the same article. Refuses documents whose texts differ.
pub fn compare(a: &Document, b: &Document) -> Result<Comparison, TextMismatch> {
    if let Some(at) = first_difference(&a.text, &b.text) {
        return Err(TextMismatch {
            len_a: a.text.chars().count(),
            len_b: b.text.chars().count(),
            first_difference: at,
        });
    }
    let pairs = match_quotes(&a.quotes, &b.quotes);
    let mut counts = Counts {
        quotes_a: a.quotes.len(),
        quotes_b: b.quotes.len(),
        matched: pairs.len(),
        only_a: a.quotes.len() - pairs.len(),
        only_b: b.quotes.len() - pairs.len(),
        ..Counts::default()
    };
    let mut disagreements = Vec::new();
    let mut matched_a = vec![false; a.quotes.len()];
    let mut matched_b = vec![false; b.quotes.len()];
    for &(i, j) in &pairs {
        matched_a[i] = true;
        matched_b[j] = true;
        let (qa, qb) = (&a.quotes[i], &b.quotes[j]);
        if (qa.start, qa.end) == (qb.start, qb.end) {
            counts.exact += 1;
        }
        let both = |kind, a: Option<String>, b: Option<String>| Disagreement {
            kind,
            a,
            b,
            text: qa.text.clone(),
            quote_a: Some(qa.id.clone()),
            quote_b: Some(qb.id.clone()),
            start: qa.start,
            end: qa.end,
        };
        match (is_kept(qa), is_kept(qb)) {
            (true, true) => {
                counts.status.kept_kept += 1;
                let (name_a, name_b) = (speaker_name(a, qa), speaker_name(b, qb));
                let same_speaker =
                    name_a.as_deref().map(normalise_name) == name_b.as_deref().map(normalise_name);
                if same_speaker {
                    counts.speaker_agree += 1;
                } else {
                    counts.speaker_disagree += 1;
                    disagreements.push(both(DisagreementType::Speaker, name_a, name_b));
                }
                if qa.kind == qb.kind {
                    counts.kind_agree += 1;
                } else {
                    counts.kind_disagree += 1;
                    disagreements.push(both(
                        DisagreementType::Kind,
                        Some(qa.kind.label().into()),
                        Some(qb.kind.label().into()),
                    ));
                }
            }
            (kept_a, kept_b) => {
                match (kept_a, kept_b) {
                    (true, false) => counts.status.kept_rejected += 1,
                    (false, true) => counts.status.rejected_kept += 1,
                    _ => counts.status.rejected_rejected += 1,
                }
                if kept_a != kept_b {
                    disagreements.push(both(
                        DisagreementType::Status,
                        Some(qa.status.label().into()),
                        Some(qb.status.label().into()),
                    ));
                }
            }
        }
    }
    for (q, _) in a.quotes.iter().zip(&matched_a).filter(|(_, m)| !**m) {
        disagreements.push(Disagreement {
            kind: DisagreementType::OnlyA,
            a: Some(answer(a, q)),
            b: None,
            text: q.text.clone(),
            quote_a: Some(q.id.clone()),
            quote_b: None,
            start: q.start,
            end: q.end,
        });
    }
    for (q, _) in b.quotes.iter().zip(&matched_b).filter(|(_, m)| !**m) {
        disagreements.push(Disagreement {
            kind: DisagreementType::OnlyB,
            a: None,
            b: Some(answer(b, q)),
            text: q.text.clone(),
            quote_a: None,
            quote_b: Some(q.id.clone()),
            start: q.start,
            end: q.end,
        });
    }
    disagreements.sort_by_key(|d| (d.start, d.end, d.kind as u8));
    Ok(Comparison {
        counts,
        pairs,
        disagreements,
    })
}

/// What one side says about a quote the other side does not have: its kind, speaker and status,
/// e.g. "direct, Ana López, confirmed" or "indirect, no speaker, rejected".
fn answer(doc: &Document, q: &Quote) -> String {
    format!(
        "{}, {}, {}",
        q.kind.label(),
        speaker_name(doc, q).unwrap_or_else(|| "no speaker".into()),
        q.status.label()
    )
}

fn ratio(numerator: usize, denominator: usize) -> Option<f64> {
    (denominator > 0).then(|| numerator as f64 / denominator as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalised_names_ignore_case_spacing_and_punctuation() {
        assert_eq!(normalise_name("Ana  López."), "ana lópez");
        assert_eq!(normalise_name("ANA LÓPEZ"), "ana lópez");
        assert_ne!(normalise_name("Ana López"), normalise_name("Ana Lopez"));
    }

    #[test]
    fn kappa_of_a_known_table() {
        // 20 quotes: 15 kept by both, 2 kept only by A, 1 kept only by B, 2 rejected by both.
        // observed 17/20 = 0.85; A kept 17/20, B kept 16/20;
        // chance 0.85*0.8 + 0.15*0.2 = 0.71; kappa = 0.14/0.29.
        let table = StatusTable {
            kept_kept: 15,
            kept_rejected: 2,
            rejected_kept: 1,
            rejected_rejected: 2,
        };
        let kappa = table.kappa().unwrap();
        assert!((kappa - 0.14 / 0.29).abs() < 1e-12, "{kappa}");
        let all_kept = StatusTable {
            kept_kept: 5,
            ..StatusTable::default()
        };
        assert_eq!(all_kept.kappa(), None);
        assert_eq!(all_kept.agreement(), Some(1.0));
    }
}
