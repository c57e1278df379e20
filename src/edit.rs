//! Reviewer edits as command values, applied to a [`Document`](crate::Document), with undo and redo.
//!
//! Every change a reviewer makes is an [`Edit`]. An [`EditSession`] owns the document, applies edits
//! and keeps an unlimited undo history. The history stores snapshots of the entities and quotes
//! only: the article text never changes during review, so a 1 MB text is never copied per edit.
//!
//! Quote edits keep the extractor's proposal in `predicted` and set the review status:
//! the same speaker as proposed is `confirmed`, anything else `corrected`, a false quote
//! `rejected`, and a quote a person added stays `added`.
//!
//! [`rank_speakers`] orders the entities by how likely each is to be the speaker of a stretch of
//! text, for the speaker picker and its number keys.

use std::fmt;

use crate::text::sentence_around;

use crate::document::model::{
    Document, Entity, EntityType, Origin, Quote, QuoteFlag, QuoteKind, QuoteStatus, Span,
};

/// The rule name recorded on quotes a reviewer adds.
pub const MANUAL_RULE: &str = "manual";

/// One reviewer edit. Quotes and entities are named by id so that edits stay meaningful when
/// lists are re-sorted.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Attributes a quote to an entity (with the words naming it there), or to nobody.
    ///
    /// When the speaker does not change, the quote keeps its mention and cue (this is how a
    /// reviewer confirms by picking; [`Edit::SetSpeakerMention`] changes the mention alone).
    /// Otherwise the quote gets `mention`, or without one the entity's [`best_mention`], and a
    /// cue no longer next to the new mention is dropped: it was the previous speaker's.
    SetSpeaker {
        /// The quote.
        quote: String,
        /// The speaker entity, or `None` for "no speaker".
        speaker: Option<String>,
        /// The speaker mention for a new speaker; `None`: see above.
        mention: Option<Span>,
    },
    /// Sets the words naming the speaker of a quote to code points `[start, end)` (a selection
    /// in the article: a name, a pronoun, a description). The span also becomes a mention of the
    /// speaker entity when it overlaps no entity's mention. The quote needs a speaker. A changed
    /// mention marks the quote corrected (an added quote stays added).
    SetSpeakerMention {
        /// The quote.
        quote: String,
        /// First code point of the mention.
        start: usize,
        /// One past its last code point.
        end: usize,
    },
    /// Sets a quote's cue to code points `[start, end)` ("said", "told reporters"), or removes it.
    /// A changed cue marks the quote corrected (an added quote stays added).
    SetCue {
        /// The quote.
        quote: String,
        /// The cue's `(start, end)`, or `None` for no cue.
        span: Option<(usize, usize)>,
    },
    /// Marks a quote as checked, keeping its current attribution.
    Confirm {
        /// The quote.
        quote: String,
    },
    /// Marks a quote as not a quote.
    Reject {
        /// The quote.
        quote: String,
    },
    /// Sets or clears a quote's free-text note. A note of only white space clears it; others are
    /// kept without their leading and trailing white space. The review status does not change.
    SetNote {
        /// The quote.
        quote: String,
        /// The note, or `None` to remove it.
        note: Option<String>,
    },
    /// Sets or clears a quote's flag. The review status does not change.
    SetFlag {
        /// The quote.
        quote: String,
        /// The flag, or `None` to remove it.
        flag: Option<QuoteFlag>,
    },
    /// Adds a quote the extractor missed, over code points `[start, end)`.
    AddQuote {
        /// First code point of the content.
        start: usize,
        /// One past the last code point.
        end: usize,
        /// Direct, mixed or indirect.
        kind: QuoteKind,
        /// The speaker entity, if known.
        speaker: Option<String>,
        /// The speaker mention; `None` with a speaker picks the entity's nearest mention.
        mention: Option<Span>,
    },
    /// Changes a quote's kind.
    SetKind {
        /// The quote.
        quote: String,
        /// The new kind.
        kind: QuoteKind,
    },
    /// Moves a quote's boundaries to code points `[start, end)`.
    SetSpan {
        /// The quote.
        quote: String,
        /// New first code point.
        start: usize,
        /// New end.
        end: usize,
    },
    /// Renames an entity.
    RenameEntity {
        /// The entity.
        entity: String,
        /// The new canonical name.
        name: String,
    },
    /// Changes an entity's type.
    SetEntityType {
        /// The entity.
        entity: String,
        /// The new type.
        entity_type: EntityType,
    },
    /// Merges `absorbed` into `kept`: mentions move over, quotes follow, `absorbed` disappears.
    MergeEntities {
        /// The entity that stays.
        kept: String,
        /// The entity that is merged away.
        absorbed: String,
    },
    /// Moves one mention out of an entity into a new entity of the same type named after it.
    /// Quotes whose speaker mention is that mention follow it.
    SplitMention {
        /// The entity the mention belongs to now.
        entity: String,
        /// The mention to split out.
        mention: Span,
    },
    /// Deletes a spurious entity; its quotes become unattributed.
    DeleteEntity {
        /// The entity.
        entity: String,
    },
    /// Adds an entity the extractor missed.
    AddEntity {
        /// Its name.
        name: String,
        /// Its type.
        entity_type: EntityType,
        /// Its mentions (may be empty).
        mentions: Vec<Span>,
    },
    /// Several edits that undo and redo as one step; `$new` in a later edit's entity id refers
    /// to the entity the batch created last (for "new entity..." followed by "set speaker").
    Batch(Vec<Edit>),
}

/// Placeholder entity id in a [`Edit::Batch`] for the entity an earlier edit of the batch created.
pub const NEW_ENTITY: &str = "$new";

/// Why an edit could not be applied. The document is unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// No quote has this id.
    NoSuchQuote(String),
    /// No entity has this id.
    NoSuchEntity(String),
    /// The span is empty or outside the text.
    BadSpan {
        /// Requested start.
        start: usize,
        /// Requested end.
        end: usize,
    },
    /// An entity cannot be merged with itself.
    MergeWithItself(String),
    /// The mention is not one of the entity's mentions.
    NoSuchMention(String),
    /// Splitting the only mention would leave an empty entity.
    OnlyMention(String),
    /// An entity name must not be empty.
    EmptyName,
    /// The quote has no speaker to set a mention for.
    NoSpeaker(String),
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::NoSuchQuote(id) => write!(f, "there is no quote {id}"),
            EditError::NoSuchEntity(id) => write!(f, "there is no entity {id}"),
            EditError::BadSpan { start, end } => {
                write!(f, "the span {start}..{end} is empty or outside the text")
            }
            EditError::MergeWithItself(id) => write!(f, "entity {id} cannot be merged with itself"),
            EditError::NoSuchMention(id) => write!(f, "that mention is not a mention of {id}"),
            EditError::OnlyMention(id) => write!(
                f,
                "{id} has only this mention; rename or retype it instead of splitting"
            ),
            EditError::EmptyName => write!(f, "an entity needs a name"),
            EditError::NoSpeaker(id) => {
                write!(f, "quote {id} has no speaker: pick its speaker first")
            }
        }
    }
}

impl std::error::Error for EditError {}

/// What an applied edit created, so the UI can select it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    /// The id of a quote the edit added.
    pub new_quote: Option<String>,
    /// The id of an entity the edit added (new entity or split mention).
    pub new_entity: Option<String>,
}

/// The part of a document that review changes.
#[derive(Debug, Clone, PartialEq)]
struct Snapshot {
    entities: Vec<Entity>,
    quotes: Vec<Quote>,
    /// Which state this is, for "unsaved changes" after undo back to the saved state.
    state_id: u64,
}

/// A document under review with its undo and redo history.
#[derive(Debug, Clone)]
pub struct EditSession {
    doc: Document,
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    state_id: u64,
    saved_state_id: Option<u64>,
}

/// Where state ids come from: one counter for the whole process, so that no two states of any
/// two documents share an id and a cache keyed on it never shows another document's data.
static NEXT_STATE_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn fresh_state_id() -> u64 {
    NEXT_STATE_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl EditSession {
    /// Starts reviewing `doc`. `saved` tells whether it is already in a file as it is (a reopened
    /// review file) or not (a freshly extracted article).
    pub fn new(doc: Document, saved: bool) -> EditSession {
        let state_id = fresh_state_id();
        EditSession {
            doc,
            undo: Vec::new(),
            redo: Vec::new(),
            state_id,
            saved_state_id: saved.then_some(state_id),
        }
    }

    /// The document in its current state.
    pub fn doc(&self) -> &Document {
        &self.doc
    }

    /// Gives the document back, ending the session.
    pub fn into_doc(self) -> Document {
        self.doc
    }

    /// A number that changes whenever entities or quotes change (including undo and redo), for
    /// caches keyed on the document content. Unique across all documents in the process: a new
    /// document never reuses an id, so such caches need no clearing when one opens.
    pub fn state_id(&self) -> u64 {
        self.state_id
    }

    /// True when the document differs from what was last saved (or was never saved).
    pub fn is_dirty(&self) -> bool {
        self.saved_state_id != Some(self.state_id)
    }

    /// Records that the current state is now in a file.
    pub fn mark_saved(&mut self) {
        self.saved_state_id = Some(self.state_id);
    }

    /// Sets the save time and tool version written with the file; not an edit.
    pub fn stamp_review(&mut self, updated_at: String) {
        self.doc.review.updated_at = updated_at;
        self.doc.review.tool_version = crate::document::model::TOOL_VERSION.to_string();
    }

    /// True when there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// True when there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Number of steps that can be undone.
    pub fn undo_depth(&self) -> usize {
        self.undo.len()
    }

    /// Applies `edit` as one undoable step. On error nothing changes.
    pub fn apply(&mut self, edit: Edit) -> Result<Applied, EditError> {
        let before = self.snapshot();
        let mut work = self.doc_parts_clone();
        let applied = apply_to(&self.doc.text, &mut work.0, &mut work.1, &edit)?;
        if work.0 == self.doc.entities && work.1 == self.doc.quotes {
            return Ok(applied);
        }
        self.doc.entities = work.0;
        self.doc.quotes = work.1;
        self.undo.push(before);
        self.redo.clear();
        self.state_id = fresh_state_id();
        Ok(applied)
    }

    /// Undoes the last edit; false when there is none.
    pub fn undo(&mut self) -> bool {
        let Some(snapshot) = self.undo.pop() else {
            return false;
        };
        let current = self.snapshot();
        self.restore(snapshot);
        self.redo.push(current);
        true
    }

    /// Redoes the last undone edit; false when there is none.
    pub fn redo(&mut self) -> bool {
        let Some(snapshot) = self.redo.pop() else {
            return false;
        };
        let current = self.snapshot();
        self.restore(snapshot);
        self.undo.push(current);
        true
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            entities: self.doc.entities.clone(),
            quotes: self.doc.quotes.clone(),
            state_id: self.state_id,
        }
    }

    fn doc_parts_clone(&self) -> (Vec<Entity>, Vec<Quote>) {
        (self.doc.entities.clone(), self.doc.quotes.clone())
    }

    fn restore(&mut self, snapshot: Snapshot) {
        self.doc.entities = snapshot.entities;
        self.doc.quotes = snapshot.quotes;
        self.state_id = snapshot.state_id;
    }
}

/// Applies `edit` to `entities` and `quotes` of an article with `text`. May leave them half
/// changed on error: callers work on copies.
fn apply_to(
    text: &str,
    entities: &mut Vec<Entity>,
    quotes: &mut Vec<Quote>,
    edit: &Edit,
) -> Result<Applied, EditError> {
    let mut applied = Applied::default();
    apply_one(text, entities, quotes, edit, &mut applied)?;
    Ok(applied)
}

fn apply_one(
    text: &str,
    entities: &mut Vec<Entity>,
    quotes: &mut Vec<Quote>,
    edit: &Edit,
    applied: &mut Applied,
) -> Result<(), EditError> {
    // Resolves the `$new` placeholder of batches.
    let resolve = |id: &str, applied: &Applied| -> String {
        if id == NEW_ENTITY {
            applied.new_entity.clone().unwrap_or_default()
        } else {
            id.to_string()
        }
    };
    match edit {
        Edit::Batch(edits) => {
            for edit in edits {
                apply_one(text, entities, quotes, edit, applied)?;
            }
        }
        Edit::SetSpeaker {
            quote,
            speaker,
            mention,
        } => {
            let speaker = speaker.as_deref().map(|s| resolve(s, applied));
            let q = find_quote(quotes, quote)?;
            let mention = match &speaker {
                Some(id) => {
                    let entity = find_entity(entities, id)?;
                    // Picking the speaker a quote already has confirms it: its words stay.
                    if q.speaker.as_ref() == Some(id) && q.speaker_mention.is_some() {
                        q.speaker_mention.clone()
                    } else if let Some(m) = mention {
                        Some(m.clone())
                    } else {
                        best_mention(text, entity, q.start, q.end).cloned()
                    }
                }
                None => None,
            };
            let q = find_quote_mut(quotes, quote)?;
            if q.speaker_mention != mention {
                let still_next_to =
                    |cue: &Span| mention.as_ref().is_some_and(|m| cue_next_to(text, cue, m));
                q.cue = q.cue.take().filter(still_next_to);
            }
            q.speaker = speaker;
            q.speaker_mention = mention;
            q.status = attribution_status(q);
        }
        Edit::SetSpeakerMention { quote, start, end } => {
            let span = checked_span(text, *start, *end)?;
            let q = find_quote_mut(quotes, quote)?;
            let Some(speaker) = q.speaker.clone() else {
                return Err(EditError::NoSpeaker(quote.clone()));
            };
            if q.speaker_mention.as_ref() != Some(&span) {
                q.speaker_mention = Some(span.clone());
                q.status = changed_status(q);
            }
            let taken = entities
                .iter()
                .any(|e| e.mentions.iter().any(|m| m.overlaps(&span)));
            if !taken {
                let e = find_entity_mut(entities, &speaker)?;
                let at = e
                    .mentions
                    .partition_point(|m| (m.start, m.end) < (span.start, span.end));
                e.mentions.insert(at, span);
            }
        }
        Edit::SetCue { quote, span } => {
            let cue = match span {
                Some((start, end)) => Some(checked_span(text, *start, *end)?),
                None => None,
            };
            let q = find_quote_mut(quotes, quote)?;
            if q.cue != cue {
                q.cue = cue;
                q.status = changed_status(q);
            }
        }
        Edit::Confirm { quote } => {
            let q = find_quote_mut(quotes, quote)?;
            q.status = match q.status {
                QuoteStatus::Auto | QuoteStatus::Rejected => attribution_status(q),
                other => other,
            };
        }
        Edit::Reject { quote } => {
            find_quote_mut(quotes, quote)?.status = QuoteStatus::Rejected;
        }
        Edit::SetNote { quote, note } => {
            let note = note.as_deref().map(str::trim).filter(|n| !n.is_empty());
            find_quote_mut(quotes, quote)?.note = note.map(str::to_string);
        }
        Edit::SetFlag { quote, flag } => {
            find_quote_mut(quotes, quote)?.flag = *flag;
        }
        Edit::AddQuote {
            start,
            end,
            kind,
            speaker,
            mention,
        } => {
            let span = checked_span(text, *start, *end)?;
            let speaker = speaker.as_deref().map(|s| resolve(s, applied));
            let mention = match &speaker {
                Some(id) => {
                    let entity = find_entity(entities, id)?;
                    mention
                        .clone()
                        .or_else(|| best_mention(text, entity, span.start, span.end).cloned())
                }
                None => None,
            };
            let id = fresh_id(entities, quotes, "q");
            let quote = Quote {
                id: id.clone(),
                kind: *kind,
                start: span.start,
                end: span.end,
                text: span.text,
                speaker,
                speaker_mention: mention,
                cue: None,
                confidence: 1.0,
                rule: MANUAL_RULE.to_string(),
                status: QuoteStatus::Added,
                predicted: None,
                fragments: Vec::new(),
                note: None,
                flag: None,
            };
            let at = quotes.partition_point(|q| (q.start, q.end) <= (quote.start, quote.end));
            quotes.insert(at, quote);
            applied.new_quote = Some(id);
        }
        Edit::SetKind { quote, kind } => {
            let q = find_quote_mut(quotes, quote)?;
            if q.kind != *kind {
                q.kind = *kind;
                q.status = changed_status(q);
            }
        }
        Edit::SetSpan { quote, start, end } => {
            let span = checked_span(text, *start, *end)?;
            let q = find_quote_mut(quotes, quote)?;
            if (q.start, q.end) != (span.start, span.end) {
                q.start = span.start;
                q.end = span.end;
                q.text = span.text;
                // The pieces no longer describe the quote once its bounds move.
                q.fragments.clear();
                q.status = changed_status(q);
            }
        }
        Edit::RenameEntity { entity, name } => {
            let name = name.trim();
            if name.is_empty() {
                return Err(EditError::EmptyName);
            }
            let e = find_entity_mut(entities, &resolve(entity, applied))?;
            if e.name != name {
                e.name = name.to_string();
                e.origin = Origin::User;
            }
        }
        Edit::SetEntityType {
            entity,
            entity_type,
        } => {
            let e = find_entity_mut(entities, &resolve(entity, applied))?;
            if e.entity_type != *entity_type {
                e.entity_type = *entity_type;
                e.origin = Origin::User;
            }
        }
        Edit::MergeEntities { kept, absorbed } => {
            let kept = resolve(kept, applied);
            let absorbed = resolve(absorbed, applied);
            if kept == absorbed {
                return Err(EditError::MergeWithItself(kept));
            }
            find_entity(entities, &kept)?;
            let gone_at = entities
                .iter()
                .position(|e| e.id == absorbed)
                .ok_or_else(|| EditError::NoSuchEntity(absorbed.clone()))?;
            let gone = entities.remove(gone_at);
            let e = find_entity_mut(entities, &kept)?;
            e.mentions.extend(gone.mentions);
            e.mentions.sort_by_key(|m| (m.start, m.end));
            e.mentions.dedup();
            e.gender = e.gender.or(gone.gender);
            e.origin = Origin::User;
            for q in quotes.iter_mut() {
                if q.speaker.as_deref() == Some(absorbed.as_str()) {
                    q.speaker = Some(kept.clone());
                }
                // The proposal named the same person; keep it pointing at an existing entity.
                if let Some(p) = &mut q.predicted
                    && p.speaker.as_deref() == Some(absorbed.as_str())
                {
                    p.speaker = Some(kept.clone());
                }
            }
        }
        Edit::SplitMention { entity, mention } => {
            let entity = resolve(entity, applied);
            let new_id = fresh_id(entities, quotes, "e");
            let e = find_entity_mut(entities, &entity)?;
            let at = e
                .mentions
                .iter()
                .position(|m| m == mention)
                .ok_or_else(|| EditError::NoSuchMention(entity.clone()))?;
            if e.mentions.len() == 1 {
                return Err(EditError::OnlyMention(entity));
            }
            let moved = e.mentions.remove(at);
            e.origin = Origin::User;
            let new_entity = Entity {
                id: new_id.clone(),
                name: moved.text.clone(),
                entity_type: e.entity_type,
                origin: Origin::User,
                mentions: vec![moved.clone()],
                gender: None,
            };
            entities.push(new_entity);
            for q in quotes.iter_mut() {
                if q.speaker.as_deref() == Some(entity.as_str())
                    && q.speaker_mention.as_ref() == Some(&moved)
                {
                    q.speaker = Some(new_id.clone());
                    q.status = attribution_status(q);
                }
            }
            applied.new_entity = Some(new_id);
        }
        Edit::DeleteEntity { entity } => {
            let entity = resolve(entity, applied);
            let at = entities
                .iter()
                .position(|e| e.id == entity)
                .ok_or_else(|| EditError::NoSuchEntity(entity.clone()))?;
            entities.remove(at);
            for q in quotes.iter_mut() {
                if q.speaker.as_deref() == Some(entity.as_str()) {
                    q.speaker = None;
                    q.speaker_mention = None;
                }
                // A proposal may not name an entity that no longer exists; its mention stays.
                if let Some(p) = &mut q.predicted
                    && p.speaker.as_deref() == Some(entity.as_str())
                {
                    p.speaker = None;
                }
            }
        }
        Edit::AddEntity {
            name,
            entity_type,
            mentions,
        } => {
            let name = name.trim();
            if name.is_empty() {
                return Err(EditError::EmptyName);
            }
            let mut checked = Vec::with_capacity(mentions.len());
            for m in mentions {
                checked.push(checked_span(text, m.start, m.end)?);
            }
            checked.sort_by_key(|m| (m.start, m.end));
            checked.dedup();
            let id = fresh_id(entities, quotes, "e");
            entities.push(Entity {
                id: id.clone(),
                name: name.to_string(),
                entity_type: *entity_type,
                origin: Origin::User,
                mentions: checked,
                gender: None,
            });
            applied.new_entity = Some(id);
        }
    }
    Ok(())
}

/// The status of a reviewed quote given its attribution: what the extractor proposed is
/// confirmed, anything else corrected; added quotes stay added.
fn attribution_status(q: &Quote) -> QuoteStatus {
    match &q.predicted {
        None => QuoteStatus::Added,
        Some(p) if p.speaker == q.speaker => QuoteStatus::Confirmed,
        Some(_) => QuoteStatus::Corrected,
    }
}

/// The status after a change of kind or span.
fn changed_status(q: &Quote) -> QuoteStatus {
    if q.predicted.is_none() {
        QuoteStatus::Added
    } else {
        QuoteStatus::Corrected
    }
}

fn checked_span(text: &str, start: usize, end: usize) -> Result<Span, EditError> {
    if start >= end {
        return Err(EditError::BadSpan { start, end });
    }
    let span = Span::from_text(text, start, end);
    if span.end != end {
        return Err(EditError::BadSpan { start, end });
    }
    Ok(span)
}

fn fresh_id(entities: &[Entity], quotes: &[Quote], prefix: &str) -> String {
    let used = |id: &str| entities.iter().any(|e| e.id == id) || quotes.iter().any(|q| q.id == id);
    let mut n = entities.len() + quotes.len() + 1;
    // Prefer the smallest free number, but never loop past the first free one above all ids.
    for candidate in 1..=n {
        let id = format!("{prefix}{candidate}");
        if !used(&id) {
            return id;
        }
    }
    loop {
        let id = format!("{prefix}{n}");
        if !used(&id) {
            return id;
        }
        n += 1;
    }
}

fn find_entity<'a>(entities: &'a [Entity], id: &str) -> Result<&'a Entity, EditError> {
    entities
        .iter()
        .find(|e| e.id == id)
        .ok_or_else(|| EditError::NoSuchEntity(id.to_string()))
}

fn find_entity_mut<'a>(entities: &'a mut [Entity], id: &str) -> Result<&'a mut Entity, EditError> {
    entities
        .iter_mut()
        .find(|e| e.id == id)
        .ok_or_else(|| EditError::NoSuchEntity(id.to_string()))
}

fn find_quote<'a>(quotes: &'a [Quote], id: &str) -> Result<&'a Quote, EditError> {
    quotes
        .iter()
        .find(|q| q.id == id)
        .ok_or_else(|| EditError::NoSuchQuote(id.to_string()))
}

fn find_quote_mut<'a>(quotes: &'a mut [Quote], id: &str) -> Result<&'a mut Quote, EditError> {
    quotes
        .iter_mut()
        .find(|q| q.id == id)
        .ok_or_else(|| EditError::NoSuchQuote(id.to_string()))
}

/// A possible speaker for a stretch of text, with the mention that makes it likely.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The entity id.
    pub entity: String,
    /// Its name.
    pub name: String,
    /// Its type.
    pub entity_type: EntityType,
    /// Its mention that best names the speaker of the quote ([`best_mention`]), if it has any.
    pub mention: Option<Span>,
    /// Lower is more likely. Code points of distance, weighted by side and type.
    pub score: f64,
}

/// How near a mention may be to a quote to count as next to it, in code points: room for
/// `,” said the former prime minister,` but not for another clause.
const NEXT_TO_QUOTE: usize = 40;

/// How near a cue must be to the speaker mention to stay its cue, in code points ("Lavrov told
/// reporters", "according to Lavrov", "said Lavrov").
const CUE_NEXT_TO_MENTION: usize = 30;

/// The mention of `entity` that best names the speaker of a quote over code points
/// `[start, end)` of `text`: one inside or next to the quote (next to it first), else the
/// nearest in the quote's sentence, else the nearest before the quote, else the nearest after.
pub fn best_mention<'e>(
    text: &str,
    entity: &'e Entity,
    start: usize,
    end: usize,
) -> Option<&'e Span> {
    best_mention_in(entity, start, end, sentence_around(text, start, end))
}

/// [`best_mention`] with the quote's sentence already found (it costs a pass over the text).
fn best_mention_in(
    entity: &Entity,
    start: usize,
    end: usize,
    sentence: (usize, usize),
) -> Option<&Span> {
    entity
        .mentions
        .iter()
        .min_by_key(|m| mention_preference(m, start, end, sentence))
}

/// Sorts the mentions of one entity for a quote over `[start, end)` in `sentence`: the tier
/// (next to the quote, inside it, elsewhere in the sentence, before, after) and then the
/// distance in code points.
fn mention_preference(m: &Span, start: usize, end: usize, sentence: (usize, usize)) -> (u8, usize) {
    if m.start < end && start < m.end {
        return (1, m.start.saturating_sub(start));
    }
    let before = m.end <= start;
    let gap = if before { start - m.end } else { m.start - end };
    let in_sentence = sentence.0 <= m.start && m.end <= sentence.1;
    match (in_sentence, before) {
        (true, _) if gap <= NEXT_TO_QUOTE => (0, gap),
        (true, _) => (2, gap),
        (false, true) => (3, gap),
        (false, false) => (4, gap),
    }
}

/// True when `cue` still belongs to the speaker named by `mention`: it overlaps the mention or
/// lies near it in the same sentence.
fn cue_next_to(text: &str, cue: &Span, mention: &Span) -> bool {
    if cue.overlaps(mention) {
        return true;
    }
    let gap = if cue.end <= mention.start {
        mention.start - cue.end
    } else {
        cue.start.saturating_sub(mention.end)
    };
    let (from, to) = sentence_around(text, mention.start, mention.end);
    gap <= CUE_NEXT_TO_MENTION && from <= cue.start && cue.end <= to
}

/// Distance from a mention to a quote over `[start, end)`; mentions after the quote count
/// double (speakers are usually named before or right after their words), mentions inside
/// the quote are not candidates.
fn mention_distance(m: &Span, start: usize, end: usize) -> Option<f64> {
    if m.end <= start {
        Some((start - m.end) as f64)
    } else if m.start >= end {
        Some(2.0 * (m.start - end) as f64 + 1.0)
    } else {
        None
    }
}

/// How much less likely than a person an entity of this type is to be quoted.
fn type_weight(t: EntityType) -> f64 {
    match t {
        EntityType::Person => 1.0,
        EntityType::Org => 4.0,
        EntityType::Misc => 12.0,
        EntityType::Loc => 16.0,
    }
}

/// Every entity ranked by how likely it is to be the speaker of a quote over code points
/// `[start, end)`: people before organisations before the rest, each by the distance of its
/// nearest mention (before the quote counts more than after). Entities with no mention outside
/// the quote come last, by name.
pub fn rank_speakers(doc: &Document, start: usize, end: usize) -> Vec<Candidate> {
    let sentence = sentence_around(&doc.text, start, end);
    let mut ranked: Vec<Candidate> = doc
        .entities
        .iter()
        .map(|e| {
            let best = e
                .mentions
                .iter()
                .filter_map(|m| mention_distance(m, start, end).map(|d| (d, m)))
                .min_by(|a, b| a.0.total_cmp(&b.0));
            let score = match best {
                // +50 so that a person 200 characters away still beats an organisation next door.
                Some((d, _)) => (d + 50.0) * type_weight(e.entity_type),
                None => f64::INFINITY,
            };
            let mention = best_mention_in(e, start, end, sentence).cloned();
            Candidate {
                entity: e.id.clone(),
                name: e.name.clone(),
                entity_type: e.entity_type,
                mention,
                score,
            }
        })
        .collect();
    ranked.sort_by(|a, b| {
        a.score
            .total_cmp(&b.score)
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.entity.cmp(&b.entity))
    });
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::model::{Meta, Prediction, Source};

    fn doc() -> Document {
        let text = "Anna Berg said “we will win”. Mr Cole said “no”.".to_string();
        let mut d = Document::new(text.clone(), Source::in_memory(), Meta::default());
        let span = |s, e| Span::from_text(&text, s, e);
        d.entities = vec![
            Entity {
                id: "e1".into(),
                name: "Anna Berg".into(),
                entity_type: EntityType::Person,
                origin: Origin::Auto,
                mentions: vec![span(0, 9)],
                gender: None,
            },
            Entity {
                id: "e2".into(),
                name: "Cole".into(),
                entity_type: EntityType::Person,
                origin: Origin::Auto,
                mentions: vec![span(30, 37)],
                gender: None,
            },
        ];
        d.quotes = vec![Quote {
            id: "q1".into(),
            kind: QuoteKind::Direct,
            start: 16,
            end: 27,
            text: span(16, 27).text,
            speaker: Some("e1".into()),
            speaker_mention: Some(span(0, 9)),
            cue: Some(span(10, 14)),
            confidence: 0.9,
            rule: "name-cue-quote".into(),
            status: QuoteStatus::Auto,
            predicted: Some(Prediction {
                speaker: Some("e1".into()),
                speaker_mention: Some(span(0, 9)),
            }),
            fragments: vec![],
            note: None,
            flag: None,
        }];
        d
    }

    #[test]
    fn internal_fresh_id_fills_gaps() {
        let d = doc();
        assert_eq!(fresh_id(&d.entities, &d.quotes, "e"), "e3");
        assert_eq!(fresh_id(&d.entities, &d.quotes, "q"), "q2");
    }

    #[test]
    fn mention_distance_excludes_mentions_inside_the_quote() {
        let m = Span {
            start: 5,
            end: 8,
            text: "abc".into(),
        };
        assert_eq!(mention_distance(&m, 0, 10), None);
        assert_eq!(mention_distance(&m, 10, 20), Some(2.0));
        assert_eq!(mention_distance(&m, 0, 3), Some(5.0));
    }
}
