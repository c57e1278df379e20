//! Deciding which proposals to doubt: confidence levels under a reviewer's threshold, the next
//! doubtful quote, and confirming every confident unreviewed quote in one undoable step.
//!
//! The confidences are calibrated per rule (`extract::quotes::calibration`), so a threshold of
//! 0.6 means "right about six times in ten or less" on news text.

use crate::document::model::{Document, Quote, QuoteStatus};
use crate::edit::Edit;

/// The threshold a new reviewer starts with: under it, a proposal is doubtful.
pub const DEFAULT_THRESHOLD: f32 = 0.6;

/// How far to trust a proposal, for showing confidence as a level rather than a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ConfidenceLevel {
    /// Under the threshold: check it.
    Doubtful,
    /// At or above the threshold, but nearer to it than to certainty.
    Fair,
    /// At least halfway from the threshold to 1.
    Confident,
}

impl ConfidenceLevel {
    /// The level of `confidence` under `threshold`.
    pub fn of(confidence: f32, threshold: f32) -> ConfidenceLevel {
        if confidence < threshold {
            ConfidenceLevel::Doubtful
        } else if confidence < (threshold + 1.0) / 2.0 {
            ConfidenceLevel::Fair
        } else {
            ConfidenceLevel::Confident
        }
    }

    /// A word for the level, for labels and screen readers.
    pub fn label(self) -> &'static str {
        match self {
            ConfidenceLevel::Doubtful => "doubtful",
            ConfidenceLevel::Fair => "fair",
            ConfidenceLevel::Confident => "confident",
        }
    }
}

/// True for a quote nobody has reviewed yet whose confidence is under `threshold`.
pub fn is_doubtful(quote: &Quote, threshold: f32) -> bool {
    quote.status == QuoteStatus::Auto && quote.confidence < threshold
}

/// The ids of the unreviewed quotes at or above `threshold`, in text order: what
/// [`confirm_at_or_above`] would confirm.
pub fn unreviewed_at_or_above(doc: &Document, threshold: f32) -> Vec<String> {
    doc.quotes
        .iter()
        .filter(|q| q.status == QuoteStatus::Auto && q.confidence >= threshold)
        .map(|q| q.id.clone())
        .collect()
}

/// One edit that confirms every unreviewed quote at or above `threshold` (one undo step), with
/// how many quotes it confirms; `None` when there are none.
pub fn confirm_at_or_above(doc: &Document, threshold: f32) -> Option<(Edit, usize)> {
    let ids = unreviewed_at_or_above(doc, threshold);
    if ids.is_empty() {
        return None;
    }
    let count = ids.len();
    let edits = ids
        .into_iter()
        .map(|quote| Edit::Confirm { quote })
        .collect();
    Some((Edit::Batch(edits), count))
}

/// The next doubtful quote after quote `after` in text order (from the start when `after` is
/// `None` or unknown), wrapping round to the start; `None` when no quote is doubtful. The
/// quote `after` itself comes last, so a lone doubtful quote is found again.
pub fn next_doubtful(doc: &Document, after: Option<&str>, threshold: f32) -> Option<String> {
    let n = doc.quotes.len();
    let first = after
        .and_then(|id| doc.quotes.iter().position(|q| q.id == id))
        .map_or(0, |i| i + 1);
    (0..n)
        .map(|k| &doc.quotes[(first + k) % n])
        .find(|q| is_doubtful(q, threshold))
        .map(|q| q.id.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::model::{Meta, Prediction, QuoteKind, Source};
    use crate::edit::EditSession;

    fn doc(confidences: &[(f32, QuoteStatus)]) -> Document {
        let text = "“Ünö,” “dós 😀,” “três,” “quatre,” “cinq.”".to_string();
        let mut doc = Document::new(text, Source::in_memory(), Meta::default());
        for (i, &(confidence, status)) in confidences.iter().enumerate() {
            let span = doc.span(i, i + 1);
            doc.quotes.push(Quote {
                id: format!("q{}", i + 1),
                kind: QuoteKind::Direct,
                start: span.start,
                end: span.end,
                text: span.text,
                speaker: None,
                speaker_mention: None,
                cue: None,
                confidence,
                rule: "unattributed".into(),
                status,
                predicted: Some(Prediction {
                    speaker: None,
                    speaker_mention: None,
                }),
                fragments: vec![],
                note: None,
                flag: None,
            });
        }
        doc
    }

    #[test]
    fn levels_split_at_the_threshold_and_halfway_to_one() {
        assert_eq!(ConfidenceLevel::of(0.59, 0.6), ConfidenceLevel::Doubtful);
        assert_eq!(ConfidenceLevel::of(0.6, 0.6), ConfidenceLevel::Fair);
        assert_eq!(ConfidenceLevel::of(0.79, 0.6), ConfidenceLevel::Fair);
        assert_eq!(ConfidenceLevel::of(0.8, 0.6), ConfidenceLevel::Confident);
        assert_eq!(ConfidenceLevel::of(0.99, 0.995), ConfidenceLevel::Doubtful);
    }

    #[test]
    fn confirming_at_or_above_touches_only_unreviewed_confident_quotes_in_one_step() {
        use QuoteStatus::*;
        let d = doc(&[
            (0.9, Auto),
            (0.5, Auto),
            (0.7, Rejected),
            (0.7, Auto),
            (0.95, Corrected),
        ]);
        assert_eq!(unreviewed_at_or_above(&d, 0.7), ["q1", "q4"]);
        let (edit, count) = confirm_at_or_above(&d, 0.7).unwrap();
        assert_eq!(count, 2);
        let mut session = EditSession::new(d, true);
        session.apply(edit).unwrap();
        let statuses: Vec<QuoteStatus> = session.doc().quotes.iter().map(|q| q.status).collect();
        assert_eq!(statuses, [Confirmed, Auto, Rejected, Confirmed, Corrected]);
        assert_eq!(session.undo_depth(), 1);
        assert!(session.undo());
        assert!(
            session
                .doc()
                .quotes
                .iter()
                .filter(|q| q.status == Auto)
                .count()
                == 3
        );
        assert!(confirm_at_or_above(session.doc(), 0.96).is_none());
    }

    #[test]
    fn next_doubtful_skips_reviewed_and_confident_quotes_and_wraps() {
        use QuoteStatus::*;
        let d = doc(&[
            (0.3, Auto),
            (0.9, Auto),
            (0.2, Confirmed),
            (0.5, Auto),
            (0.99, Auto),
        ]);
        assert_eq!(next_doubtful(&d, None, 0.6).as_deref(), Some("q1"));
        assert_eq!(next_doubtful(&d, Some("q1"), 0.6).as_deref(), Some("q4"));
        assert_eq!(next_doubtful(&d, Some("q4"), 0.6).as_deref(), Some("q1"));
        assert_eq!(next_doubtful(&d, Some("q4"), 0.4).as_deref(), Some("q1"));
        assert_eq!(next_doubtful(&d, Some("q1"), 0.4).as_deref(), Some("q1"));
        assert_eq!(next_doubtful(&d, Some("q1"), 0.1), None);
        assert_eq!(next_doubtful(&d, Some("gone"), 1.0).as_deref(), Some("q1"));
    }
}
