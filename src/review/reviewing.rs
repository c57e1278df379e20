//! The day-to-day review flows beyond pick-and-confirm: triage (the doubt threshold, the next
//! doubtful quote, confirming the confident ones at once), text search in the article, and
//! edits made from an article selection (speaker mention, cue, a new speaker by name).

use crate::document::model::{EntityType, QuoteStatus, Span};
use crate::edit::{Edit, NEW_ENTITY};
use crate::search::{TextSearch, snap_to_words, step_hit};
use crate::triage::{self, DEFAULT_THRESHOLD};

use super::command::{Banner, Question, SearchQuery};
use super::controller::{Controller, OpenDoc};

/// The article search: the query, its hits and which one is current.
#[derive(Debug, Clone)]
pub struct SearchState {
    /// What is searched for, and where.
    pub query: SearchQuery,
    /// The hits, code point ranges in text order.
    pub hits: Vec<(usize, usize)>,
    /// The hit last gone to, as an index into `hits`.
    pub current: Option<usize>,
    /// The document state the hits were found in: an edit can move quotes, and with them the
    /// hits of a search within quotes.
    state: u64,
    /// The open document's text prepared for searching, built once per document.
    index: std::sync::Arc<(u64, TextSearch)>,
}

/// `doc`'s text prepared for searching, tagged with the document it belongs to.
fn search_index(doc: &OpenDoc) -> std::sync::Arc<(u64, TextSearch)> {
    std::sync::Arc::new((doc.serial, TextSearch::new(&doc.doc().text)))
}

impl Controller {
    /// The confidence under which an unreviewed proposal is doubtful.
    pub fn threshold(&self) -> f32 {
        self.prefs.doubt_threshold.unwrap_or(DEFAULT_THRESHOLD)
    }

    /// The article search, while it is open.
    pub fn search(&self) -> Option<&SearchState> {
        self.search.as_ref()
    }

    pub(super) fn set_threshold(&mut self, threshold: f32) {
        if threshold.is_finite() {
            self.prefs.doubt_threshold = Some(threshold.clamp(0.0, 1.0));
        }
    }

    pub(super) fn next_doubtful(&mut self) {
        let Some(doc) = self.document() else { return };
        match triage::next_doubtful(doc, self.selected_quote.as_deref(), self.threshold()) {
            Some(id) => self.select_quote(Some(id), true),
            None => {
                self.banner = Some(Banner::info(format!(
                    "No unreviewed quote is under the confidence threshold {:.2}.",
                    self.threshold()
                )))
            }
        }
    }

    pub(super) fn ask_confirm_all(&mut self) {
        let Some(doc) = self.document() else { return };
        let threshold = self.threshold();
        let count = triage::unreviewed_at_or_above(doc, threshold).len();
        if count == 0 {
            self.banner = Some(Banner::info(format!(
                "No unreviewed quote has a confidence of {threshold:.2} or more."
            )));
        } else {
            self.question = Some(Question::ConfirmAll { threshold, count });
        }
    }

    pub(super) fn confirm_all(&mut self) {
        let Some(Question::ConfirmAll { threshold, .. }) = self.question.take() else {
            return;
        };
        let Some(doc) = self.document() else { return };
        if let Some((edit, count)) = triage::confirm_at_or_above(doc, threshold)
            && self.apply_edit(edit).is_some()
        {
            self.banner = Some(Banner::info(format!(
                "Confirmed {count} quotes at or above {threshold:.2}. Ctrl+Z undoes it."
            )));
        }
    }

    /// Selects the next unreviewed quote when the selected one has just been reviewed.
    pub(super) fn advance_if_reviewed(&mut self, before: Option<String>) {
        let Some(q) = before else { return };
        let reviewed = self
            .document()
            .and_then(|d| d.quote(&q))
            .is_some_and(|quote| quote.status != QuoteStatus::Auto);
        if reviewed && let Some(next) = self.next_unreviewed(&q) {
            self.select_quote(Some(next), true);
        }
    }

    /// The article selection, snapped to whole words, with the selected quote's id.
    fn selection_for_quote(&mut self, what: &str) -> Option<(String, Span)> {
        let quote = self.selected_quote.clone()?;
        let doc = self.document()?;
        let Some((start, end)) = self.text_selection else {
            self.banner = Some(Banner::hint(format!(
                "Select the {what} in the article first."
            )));
            return None;
        };
        let (start, end) = snap_to_words(&doc.text, start, end);
        Some((quote, doc.span(start, end)))
    }

    pub(super) fn mention_from_selection(&mut self) {
        let Some((quote, span)) = self.selection_for_quote("words naming the speaker") else {
            return;
        };
        let Some(doc) = self.document() else { return };
        let named = doc
            .entities
            .iter()
            .find(|e| e.mentions.iter().any(|m| m.overlaps(&span)))
            .map(|e| e.id.clone());
        let speaker = doc.quote(&quote).and_then(|q| q.speaker.clone());
        let edit = match (named, speaker) {
            (Some(entity), current) if current.as_deref() != Some(entity.as_str()) => {
                Edit::SetSpeaker {
                    quote,
                    speaker: Some(entity),
                    mention: Some(span),
                }
            }
            (_, Some(_)) => Edit::SetSpeakerMention {
                quote,
                start: span.start,
                end: span.end,
            },
            (_, None) => {
                self.banner = Some(Banner::hint(
                    "Pick the speaker first (1-9, or S to search), then set the words naming them.",
                ));
                return;
            }
        };
        if self.apply_edit(edit).is_some() {
            self.text_selection = None;
        }
    }

    pub(super) fn cue_from_selection(&mut self) {
        let Some((quote, span)) = self.selection_for_quote("cue (\"said\", \"told\")") else {
            return;
        };
        let edit = Edit::SetCue {
            quote,
            span: Some((span.start, span.end)),
        };
        if self.apply_edit(edit).is_some() {
            self.text_selection = None;
        }
    }

    /// A new person called `name` as the selected quote's speaker. Every place the article
    /// spells the name becomes a mention; the one nearest before the quote (else after it) is
    /// the speaker mention.
    pub(super) fn create_speaker(&mut self, name: &str) {
        let name = name.trim();
        let (Some(quote), Some(doc)) = (self.selected_quote.clone(), self.document()) else {
            return;
        };
        if name.is_empty() {
            return;
        }
        let Some(q) = doc.quote(&quote) else { return };
        let index = TextSearch::new(&doc.text);
        let mentions: Vec<Span> = index
            .find(name, &crate::search::SearchScope::All, doc)
            .into_iter()
            // Not inside the quote itself: a speaker is named around the quote.
            .filter(|&(s, e)| e <= q.start || s >= q.end)
            .map(|(s, e)| doc.span(s, e))
            .collect();
        let mention = mentions
            .iter()
            .filter(|m| m.end <= q.start)
            .max_by_key(|m| m.end)
            .or_else(|| mentions.iter().find(|m| m.start >= q.end))
            .cloned();
        let edit = Edit::Batch(vec![
            Edit::AddEntity {
                name: name.to_string(),
                entity_type: EntityType::Person,
                mentions,
            },
            Edit::SetSpeaker {
                quote: quote.clone(),
                speaker: Some(NEW_ENTITY.into()),
                mention,
            },
        ]);
        if self.apply_edit(edit).is_some() {
            self.advance_if_reviewed(Some(quote));
        }
    }

    pub(super) fn set_search(&mut self, query: Option<SearchQuery>) {
        let Some(query) = query else {
            self.search = None;
            return;
        };
        let same = self.search.as_ref().is_some_and(|s| s.query == query);
        if !same {
            let index = match (&self.search, &self.doc) {
                (Some(s), Some(d)) if s.index.0 == d.serial => s.index.clone(),
                (_, Some(d)) => search_index(d),
                (_, None) => return,
            };
            self.search = Some(SearchState {
                query,
                hits: Vec::new(),
                current: None,
                state: u64::MAX,
                index,
            });
            self.refresh_search();
            // Typing a query shows its first hit at or after the selected quote.
            self.step_search_from(self.selected_quote_start(), true, true);
        }
    }

    fn selected_quote_start(&self) -> Option<usize> {
        let q = self.selected_quote.as_ref()?;
        Some(self.document()?.quote(q)?.start)
    }

    /// Finds the hits again when the document changed (or another one opened).
    pub(super) fn refresh_search(&mut self) {
        let Some(doc) = &self.doc else {
            self.search = None;
            return;
        };
        let state = doc.session.state_id();
        let Some(search) = &mut self.search else {
            return;
        };
        if search.index.0 != doc.serial {
            search.index = search_index(doc);
        } else if search.state == state {
            return;
        }
        search.hits = search
            .index
            .1
            .find(&search.query.text, &search.query.scope, doc.doc());
        search.state = state;
        search.current = search.current.filter(|&i| i < search.hits.len());
    }

    pub(super) fn step_search(&mut self, forward: bool) {
        let from = self
            .search
            .as_ref()
            .and_then(|s| s.current.map(|i| s.hits[i].0));
        self.step_search_from(from, forward, false);
    }

    /// Goes to the hit after (or before) code point `from`; `inclusive` also takes a hit
    /// starting at `from`.
    fn step_search_from(&mut self, from: Option<usize>, forward: bool, inclusive: bool) {
        let Some(search) = &mut self.search else {
            return;
        };
        let from = match (from, inclusive, forward) {
            (Some(f), true, true) => f.checked_sub(1),
            (f, _, _) => f,
        };
        search.current = step_hit(&search.hits, from, forward);
        if let Some(i) = search.current {
            self.reveal.article_at = Some(search.hits[i].0);
        }
    }
}
