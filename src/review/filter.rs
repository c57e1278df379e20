//! Which quotes the table shows, and in which order.

use std::cell::RefCell;

use crate::document::model::{Document, Quote, QuoteFlag, QuoteStatus, Span};

/// A column of the quote table, to sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum SortColumn {
    /// Position in the article.
    #[default]
    Number,
    /// Quote text.
    Quote,
    /// Kind.
    Kind,
    /// Speaker name.
    Speaker,
    /// Speaker mention text.
    Mention,
    /// Cue text.
    Cue,
    /// Confidence.
    Confidence,
    /// Review status.
    Status,
    /// The reviewer's flag.
    Flag,
}

/// Which flagged quotes the table shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum FlagFilter {
    /// Flagged or not.
    #[default]
    Any,
    /// Any quote with a flag.
    Flagged,
    /// Quotes with this flag.
    Only(QuoteFlag),
}

/// Whose quotes the table shows. Choosing an entity also selects it (its mentions are
/// highlighted), so this is where the selected entity lives: one field, not two kept in step.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash)]
pub enum SpeakerFilter {
    /// Everyone's.
    #[default]
    Any,
    /// Quotes with no speaker.
    Nobody,
    /// Quotes by this entity (id), which is the selected entity.
    Entity(String),
}

/// The sort order and filters of the quote table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct QuoteFilter {
    /// The sort column.
    pub sort: SortColumn,
    /// Sort descending.
    pub descending: bool,
    /// Only quotes containing this text (case-insensitive) in the quote, speaker or mention.
    pub text: String,
    /// Only quotes by this speaker.
    pub speaker: SpeakerFilter,
    /// Only quotes with this status.
    pub status: Option<QuoteStatus>,
    /// Only quotes nobody has reviewed.
    pub unreviewed_only: bool,
    /// Only quotes with a flag, or with one flag.
    pub flag: FlagFilter,
}

impl QuoteFilter {
    /// The selected entity: the one whose quotes are shown.
    pub fn entity(&self) -> Option<&str> {
        match &self.speaker {
            SpeakerFilter::Entity(id) => Some(id),
            _ => None,
        }
    }

    /// Indices into `doc.quotes` of the rows shown, in display order.
    pub fn rows(&self, doc: &Document) -> Vec<usize> {
        let needle = self.text.trim().to_lowercase();
        let speaker_name = |q: &Quote| -> String {
            q.speaker
                .as_deref()
                .and_then(|id| doc.entity(id))
                .map(|e| e.name.clone())
                .unwrap_or_default()
        };
        let mut rows: Vec<usize> = doc
            .quotes
            .iter()
            .enumerate()
            .filter(|(_, q)| {
                if self.unreviewed_only && q.status.is_reviewed() {
                    return false;
                }
                if let Some(s) = self.status
                    && q.status != s
                {
                    return false;
                }
                match self.flag {
                    FlagFilter::Flagged if q.flag.is_none() => return false,
                    FlagFilter::Only(f) if q.flag != Some(f) => return false,
                    _ => {}
                }
                match &self.speaker {
                    SpeakerFilter::Nobody if q.speaker.is_some() => return false,
                    SpeakerFilter::Entity(id) if q.speaker.as_deref() != Some(id.as_str()) => {
                        return false;
                    }
                    _ => {}
                }
                needle.is_empty()
                    || q.text.to_lowercase().contains(&needle)
                    || speaker_name(q).to_lowercase().contains(&needle)
                    || q.speaker_mention
                        .as_ref()
                        .is_some_and(|m| m.text.to_lowercase().contains(&needle))
            })
            .map(|(i, _)| i)
            .collect();
        let span_text = |s: &Option<Span>| {
            s.as_ref()
                .map(|s| s.text.to_lowercase())
                .unwrap_or_default()
        };
        match self.sort {
            SortColumn::Number => {}
            SortColumn::Quote => rows.sort_by_cached_key(|&i| doc.quotes[i].text.to_lowercase()),
            SortColumn::Kind => rows.sort_by_key(|&i| doc.quotes[i].kind),
            SortColumn::Speaker => {
                rows.sort_by_cached_key(|&i| speaker_name(&doc.quotes[i]).to_lowercase())
            }
            SortColumn::Mention => {
                rows.sort_by_cached_key(|&i| span_text(&doc.quotes[i].speaker_mention))
            }
            SortColumn::Cue => rows.sort_by_cached_key(|&i| span_text(&doc.quotes[i].cue)),
            SortColumn::Confidence => rows.sort_by(|&a, &b| {
                doc.quotes[a]
                    .confidence
                    .total_cmp(&doc.quotes[b].confidence)
            }),
            SortColumn::Status => rows.sort_by_key(|&i| doc.quotes[i].status),
            // Flagged first: they are what a reviewer sorts by flag to find.
            SortColumn::Flag => rows.sort_by_key(|&i| doc.quotes[i].flag.is_none()),
        }
        if self.descending {
            rows.reverse();
        }
        rows
    }
}

/// The rows of the last (filter, document state) asked for: the table asks every frame, and
/// the answer only changes with an edit or a filter. Document states are unique across
/// documents ([`EditSession::state_id`](crate::edit::EditSession::state_id)), so nothing needs
/// clearing when another document opens.
#[derive(Debug, Default)]
pub(crate) struct RowsCache(RefCell<Option<(QuoteFilter, u64, Vec<usize>)>>);

impl RowsCache {
    /// The rows `filter` shows of `doc` in state `state`.
    pub(crate) fn rows(&self, filter: &QuoteFilter, doc: &Document, state: u64) -> Vec<usize> {
        let mut cache = self.0.borrow_mut();
        if let Some((f, s, rows)) = cache.as_ref()
            && *s == state
            && f == filter
        {
            return rows.clone();
        }
        let rows = filter.rows(doc);
        *cache = Some((filter.clone(), state, rows.clone()));
        rows
    }
}
