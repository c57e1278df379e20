//! Settling two reviews of one article into one: the disagreements between A and B, each decided
//! by taking A's answer, taking B's, or editing, every choice one undoable edit.
//!
//! The result starts as a copy of A. Taking an answer turns into ordinary [`Edit`]s on the
//! result, so the review machinery (statuses, `predicted`, undo) is the same as in a normal
//! review. The decision made on each disagreement is part of the undo history: undoing a
//! "take B" reopens that disagreement.
//!
//! Speakers are carried across by name: taking B's speaker picks the result's entity with the
//! same normalised name, or adds B's entity (with its mentions) when the result has none.

use std::fmt;
use std::path::Path;

use crate::compare::files::{CompareError, read_review_file};
use crate::compare::{Disagreement, DisagreementType, TextMismatch, compare, normalise_name};
use crate::document::load::{read_file, sha256_hex};
use crate::document::model::{
    Adjudication, AdjudicationSource, Document, Quote, QuoteStatus, Span,
};
use crate::edit::{Applied, Edit, EditError, EditSession, NEW_ENTITY};

/// Whose answer settles a disagreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// The first review (the one the result started from).
    A,
    /// The second review.
    B,
}

/// How a disagreement was settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Choice {
    /// A's answer was taken.
    TookA,
    /// B's answer was taken.
    TookB,
    /// The adjudicator edited the quote into an answer of their own.
    Edited,
}

/// Why a choice could not be applied. The result is unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdjudicationError {
    /// There is no disagreement with this index.
    NoSuchDisagreement(usize),
    /// The quote the disagreement is about is no longer in the result (an edit removed it).
    QuoteGone(String),
    /// The edit itself failed.
    Edit(EditError),
}

impl fmt::Display for AdjudicationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AdjudicationError::NoSuchDisagreement(i) => write!(f, "there is no disagreement {i}"),
            AdjudicationError::QuoteGone(id) => {
                write!(
                    f,
                    "quote {id} is no longer in the result; undo the edit that removed it"
                )
            }
            AdjudicationError::Edit(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for AdjudicationError {}

impl From<EditError> for AdjudicationError {
    fn from(e: EditError) -> Self {
        AdjudicationError::Edit(e)
    }
}

/// The state of one disagreement in the result.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Decision {
    choice: Option<Choice>,
    /// For `only_b`: the id of the quote taking B's answer added to the result.
    added_quote: Option<String>,
}

/// One step of the history: the decisions on the other side of it, whether it changed the
/// result, and the result's state ids before and after it (so that an edit made to the session
/// without the settlement is undone on its own, not mistaken for a step).
#[derive(Debug, Clone)]
struct Step {
    decisions: Vec<Decision>,
    changed: bool,
    before: u64,
    after: u64,
}

/// The disagreements between two reviews and how each was settled, kept in step with the
/// result's [`EditSession`], which the caller owns and passes in (the window's controller keeps
/// it as its open document). Every choice and edit is one step of a history that follows the
/// session's undo and redo.
#[derive(Debug, Clone)]
pub struct Settlement {
    b: Document,
    a_original: Document,
    sources: Adjudication,
    disagreements: Vec<Disagreement>,
    decisions: Vec<Decision>,
    undo: Vec<Step>,
    redo: Vec<Step>,
}

impl Settlement {
    /// Starts settling `a` and `b` (named by `sources`): the settlement, and the result to
    /// edit, a copy of A with the `adjudication` field. Refuses reviews of different texts.
    pub fn new(
        a: Document,
        b: Document,
        sources: Adjudication,
    ) -> Result<(Settlement, Document), TextMismatch> {
        let comparison = compare(&a, &b)?;
        let count = comparison.disagreements.len();
        let mut result = a.clone();
        result.adjudication = Some(sources.clone());
        let settlement = Settlement {
            b,
            a_original: a,
            sources,
            disagreements: comparison.disagreements,
            decisions: vec![Decision::default(); count],
            undo: Vec::new(),
            redo: Vec::new(),
        };
        Ok((settlement, result))
    }

    /// Reads two review files and starts settling them; each source is recorded with its file
    /// name and the SHA-256 of its bytes.
    pub fn open(a: &Path, b: &Path) -> Result<(Settlement, Document), CompareError> {
        let source = |path: &Path| -> Result<AdjudicationSource, CompareError> {
            let bytes = read_file(path).map_err(CompareError::Load)?;
            Ok(AdjudicationSource {
                file: path.file_name().map_or_else(
                    || path.display().to_string(),
                    |n| n.to_string_lossy().into(),
                ),
                sha256: sha256_hex(&bytes),
            })
        };
        let sources = Adjudication {
            a: source(a)?,
            b: source(b)?,
        };
        let (doc_a, doc_b) = (read_review_file(a)?, read_review_file(b)?);
        Settlement::new(doc_a, doc_b, sources).map_err(|mismatch| CompareError::Mismatch {
            a: a.to_path_buf(),
            b: b.to_path_buf(),
            mismatch,
        })
    }

    /// Every disagreement between A and B, in text order. The list does not change as they are
    /// settled.
    pub fn disagreements(&self) -> &[Disagreement] {
        &self.disagreements
    }

    /// How disagreement `i` was settled, or `None` while it is open.
    pub fn choice(&self, i: usize) -> Option<Choice> {
        self.decisions.get(i).and_then(|d| d.choice)
    }

    /// Number of disagreements not yet settled.
    pub fn open_count(&self) -> usize {
        self.decisions.iter().filter(|d| d.choice.is_none()).count()
    }

    /// The next open disagreement after `after` (from the start for `None`), wrapping around;
    /// `None` when all are settled.
    pub fn next_open(&self, after: Option<usize>) -> Option<usize> {
        let n = self.decisions.len();
        let first = after.map_or(0, |i| i + 1);
        (0..n)
            .map(|k| (first + k) % n)
            .find(|&i| self.decisions[i].choice.is_none())
    }

    /// The sources, as recorded in the result.
    pub fn sources(&self) -> &Adjudication {
        &self.sources
    }

    /// The first review, as read.
    pub fn a(&self) -> &Document {
        &self.a_original
    }

    /// The second review, as read.
    pub fn b(&self) -> &Document {
        &self.b
    }

    /// The result's quote disagreement `i` is about, if the result has it now: A's quote, or
    /// for `only_b` the quote taking B's answer (or an edit) added.
    pub fn result_quote(&self, i: usize, result: &Document) -> Option<String> {
        let d = self.disagreements.get(i)?;
        let id = match d.kind {
            DisagreementType::OnlyB => self.decisions[i].added_quote.clone()?,
            _ => d.quote_a.clone()?,
        };
        result.quote(&id).is_some().then_some(id)
    }

    /// Settles disagreement `i` with `side`'s answer in `session`, as one undoable step.
    pub fn take(
        &mut self,
        session: &mut EditSession,
        i: usize,
        side: Side,
    ) -> Result<(), AdjudicationError> {
        let disagreement = self
            .disagreements
            .get(i)
            .ok_or(AdjudicationError::NoSuchDisagreement(i))?
            .clone();
        let edit = self.edit_for(session.doc(), i, &disagreement, side)?;
        let choice = match side {
            Side::A => Choice::TookA,
            Side::B => Choice::TookB,
        };
        let state = session.state_id();
        let applied = match edit {
            Some(edit) => session.apply(edit)?,
            None => Applied::default(),
        };
        let mut decisions = self.decisions.clone();
        decisions[i].choice = Some(choice);
        if let Some(id) = applied.new_quote {
            decisions[i].added_quote = Some(id);
        }
        self.push_step(decisions, state, session.state_id());
        Ok(())
    }

    /// Applies any edit to `session` as one undoable step; with `settles`, that disagreement
    /// counts as settled by editing.
    pub fn edit(
        &mut self,
        session: &mut EditSession,
        settles: Option<usize>,
        edit: Edit,
    ) -> Result<Applied, AdjudicationError> {
        if let Some(i) = settles
            && i >= self.disagreements.len()
        {
            return Err(AdjudicationError::NoSuchDisagreement(i));
        }
        let state = session.state_id();
        let applied = session.apply(edit)?;
        let mut decisions = self.decisions.clone();
        if let Some(i) = settles {
            decisions[i].choice = Some(Choice::Edited);
            if let Some(id) = &applied.new_quote {
                decisions[i].added_quote = Some(id.clone());
            }
        }
        self.push_step(decisions, state, session.state_id());
        Ok(applied)
    }

    /// Undoes the last step (a choice or an edit) in `session`; false when there is none. A
    /// change made to the session without the settlement is undone on its own.
    pub fn undo(&mut self, session: &mut EditSession) -> bool {
        match self.undo.last() {
            Some(step) if step.after == session.state_id() => {
                let Some(mut step) = self.undo.pop() else {
                    return false;
                };
                if step.changed {
                    session.undo();
                }
                std::mem::swap(&mut self.decisions, &mut step.decisions);
                self.redo.push(step);
                true
            }
            _ => session.undo(),
        }
    }

    /// Redoes the last undone step in `session`; false when there is none.
    pub fn redo(&mut self, session: &mut EditSession) -> bool {
        match self.redo.last() {
            Some(step) if step.before == session.state_id() => {
                let Some(mut step) = self.redo.pop() else {
                    return false;
                };
                if step.changed {
                    session.redo();
                }
                std::mem::swap(&mut self.decisions, &mut step.decisions);
                self.undo.push(step);
                true
            }
            _ => session.redo(),
        }
    }

    /// True when there is a step to undo in `session`.
    pub fn can_undo(&self, session: &EditSession) -> bool {
        !self.undo.is_empty() || session.can_undo()
    }

    /// True when there is a step to redo in `session`.
    pub fn can_redo(&self, session: &EditSession) -> bool {
        self.redo
            .last()
            .is_some_and(|s| s.before == session.state_id())
            || session.can_redo()
    }

    /// Records a step that led from session state `before` to `after` with `decisions` after
    /// it.
    fn push_step(&mut self, decisions: Vec<Decision>, before: u64, after: u64) {
        let changed = before != after;
        let previous = std::mem::replace(&mut self.decisions, decisions);
        if previous == self.decisions && !changed {
            return;
        }
        self.undo.push(Step {
            decisions: previous,
            changed,
            before,
            after,
        });
        self.redo.clear();
    }

    /// The edit that makes the result give `side`'s answer to disagreement `i`; `None` when
    /// nothing needs to change.
    fn edit_for(
        &self,
        result: &Document,
        i: usize,
        d: &Disagreement,
        side: Side,
    ) -> Result<Option<Edit>, AdjudicationError> {
        let (source, source_quote) = match side {
            Side::A => (&self.a_original, d.quote_a.as_deref()),
            Side::B => (&self.b, d.quote_b.as_deref()),
        };
        let source_quote = source_quote.and_then(|id| source.quote(id));
        // The quote in the result this disagreement is about.
        let result_quote = match d.kind {
            DisagreementType::OnlyB => self.decisions[i]
                .added_quote
                .clone()
                .filter(|id| result.quote(id).is_some()),
            _ => d.quote_a.clone(),
        };
        if let Some(id) = &result_quote
            && result.quote(id).is_none()
        {
            return Err(AdjudicationError::QuoteGone(id.clone()));
        }
        let edit = match (source_quote, result_quote) {
            // The side has no quote here: the result should have none either.
            (None, Some(id)) => Some(Edit::Reject { quote: id }),
            (None, None) => None,
            // The side rejected it.
            (Some(q), Some(id)) if q.status == QuoteStatus::Rejected => {
                Some(Edit::Reject { quote: id })
            }
            (Some(q), None) if q.status == QuoteStatus::Rejected => None,
            // A speaker or kind disagreement settles that one aspect only, so that taking B's
            // speaker and A's kind of one quote both stick.
            (Some(q), Some(id)) if d.kind == DisagreementType::Speaker => {
                Some(Edit::Batch(self.speaker_edits(result, source, q, &id)))
            }
            (Some(q), Some(id)) if d.kind == DisagreementType::Kind => Some(Edit::SetKind {
                quote: id,
                kind: q.kind,
            }),
            // Kept on this side: its whole answer, and no longer rejected.
            (Some(q), Some(id)) => {
                let mut edits = self.speaker_edits(result, source, q, &id);
                edits.insert(
                    0,
                    Edit::SetKind {
                        quote: id.clone(),
                        kind: q.kind,
                    },
                );
                edits.push(Edit::Confirm { quote: id });
                Some(Edit::Batch(edits))
            }
            (Some(q), None) => {
                let (mut edits, speaker) = self.entity_edits(result, source, q);
                edits.push(Edit::AddQuote {
                    start: q.start,
                    end: q.end,
                    kind: q.kind,
                    speaker,
                    mention: q.speaker_mention.clone(),
                });
                Some(Edit::Batch(edits))
            }
        };
        Ok(edit)
    }

    /// Edits that give quote `id` of the result the speaker `q` has in `source`.
    fn speaker_edits(
        &self,
        result: &Document,
        source: &Document,
        q: &Quote,
        id: &str,
    ) -> Vec<Edit> {
        let (mut edits, speaker) = self.entity_edits(result, source, q);
        let mention: Option<Span> = speaker.as_ref().and(q.speaker_mention.clone());
        edits.push(Edit::SetSpeaker {
            quote: id.to_string(),
            speaker,
            mention,
        });
        edits
    }

    /// The result's entity for `q`'s speaker in `source` (by normalised name), with the edit
    /// adding it when the result has none; `None` for no speaker.
    fn entity_edits(
        &self,
        result: &Document,
        source: &Document,
        q: &Quote,
    ) -> (Vec<Edit>, Option<String>) {
        let Some(entity) = q.speaker.as_deref().and_then(|id| source.entity(id)) else {
            return (Vec::new(), None);
        };
        let wanted = normalise_name(&entity.name);
        if let Some(found) = result
            .entities
            .iter()
            .find(|e| normalise_name(&e.name) == wanted)
        {
            return (Vec::new(), Some(found.id.clone()));
        }
        (
            vec![Edit::AddEntity {
                name: entity.name.clone(),
                entity_type: entity.entity_type,
                mentions: entity.mentions.clone(),
            }],
            Some(NEW_ENTITY.to_string()),
        )
    }
}

/// Two reviews of one article being settled into one, with the result's edit session: a
/// [`Settlement`] that owns its result (for the command line and tests; the window's
/// controller keeps the session as its open document instead).
#[derive(Debug, Clone)]
pub struct Adjudicator {
    session: EditSession,
    settlement: Settlement,
}

impl Adjudicator {
    /// Starts settling `a` and `b` (named by `sources`). Refuses reviews of different texts.
    pub fn new(
        a: Document,
        b: Document,
        sources: Adjudication,
    ) -> Result<Adjudicator, TextMismatch> {
        let (settlement, result) = Settlement::new(a, b, sources)?;
        Ok(Adjudicator {
            session: EditSession::new(result, false),
            settlement,
        })
    }

    /// Reads two review files and starts settling them; each source is recorded with its file
    /// name and the SHA-256 of its bytes.
    pub fn open(a: &Path, b: &Path) -> Result<Adjudicator, CompareError> {
        let (settlement, result) = Settlement::open(a, b)?;
        Ok(Adjudicator {
            session: EditSession::new(result, false),
            settlement,
        })
    }

    /// The disagreements and decisions.
    pub fn settlement(&self) -> &Settlement {
        &self.settlement
    }

    /// Every disagreement between A and B, in text order.
    pub fn disagreements(&self) -> &[Disagreement] {
        self.settlement.disagreements()
    }

    /// How disagreement `i` was settled, or `None` while it is open.
    pub fn choice(&self, i: usize) -> Option<Choice> {
        self.settlement.choice(i)
    }

    /// Number of disagreements not yet settled.
    pub fn open_count(&self) -> usize {
        self.settlement.open_count()
    }

    /// The next open disagreement after `after`, wrapping around.
    pub fn next_open(&self, after: Option<usize>) -> Option<usize> {
        self.settlement.next_open(after)
    }

    /// The sources, as recorded in the result.
    pub fn sources(&self) -> &Adjudication {
        self.settlement.sources()
    }

    /// The second review, as read.
    pub fn b(&self) -> &Document {
        self.settlement.b()
    }

    /// The result in its current state (with the `adjudication` field).
    pub fn result(&self) -> &Document {
        self.session.doc()
    }

    /// The result's edit session (read only: change it through [`Adjudicator::take`] and
    /// [`Adjudicator::edit`] so that decisions follow undo and redo).
    pub fn session(&self) -> &EditSession {
        &self.session
    }

    /// Records that the result is saved.
    pub fn mark_saved(&mut self) {
        self.session.mark_saved();
    }

    /// Settles disagreement `i` with `side`'s answer, as one undoable step.
    pub fn take(&mut self, i: usize, side: Side) -> Result<(), AdjudicationError> {
        self.settlement.take(&mut self.session, i, side)
    }

    /// Applies any edit to the result as one undoable step; with `settles`, that disagreement
    /// counts as settled by editing.
    pub fn edit(
        &mut self,
        settles: Option<usize>,
        edit: Edit,
    ) -> Result<Applied, AdjudicationError> {
        self.settlement.edit(&mut self.session, settles, edit)
    }

    /// Undoes the last step (a choice or an edit); false when there is none.
    pub fn undo(&mut self) -> bool {
        self.settlement.undo(&mut self.session)
    }

    /// Redoes the last undone step; false when there is none.
    pub fn redo(&mut self) -> bool {
        self.settlement.redo(&mut self.session)
    }

    /// True when there is a step to undo.
    pub fn can_undo(&self) -> bool {
        self.settlement.can_undo(&self.session)
    }

    /// True when there is a step to redo.
    pub fn can_redo(&self) -> bool {
        self.settlement.can_redo(&self.session)
    }
}
