//! Reviewer edits, undo/redo and speaker ranking, without a window.

#[path = "fixtures/common.rs"]
mod common;

use article_review::document::model::{EntityType, Origin, Quote, QuoteKind, QuoteStatus};
use article_review::edit::{Edit, EditError, EditSession, NEW_ENTITY, rank_speakers};
use common::one_line::{TEXT, document, find, span};

fn q<'a>(s: &'a EditSession, id: &str) -> &'a Quote {
    s.doc().quote(id).expect("quote exists")
}

#[test]
fn picking_another_speaker_corrects_and_keeps_the_prediction() {
    let mut s = EditSession::new(document(), true);
    s.apply(Edit::SetSpeaker {
        quote: "q2".into(),
        speaker: Some("e3".into()),
        mention: None,
    })
    .unwrap();
    let quote = q(&s, "q2");
    assert_eq!(quote.speaker.as_deref(), Some("e3"));
    assert_eq!(quote.speaker_mention.as_ref().unwrap().text, "Mr Lund");
    assert_eq!(quote.status, QuoteStatus::Corrected);
    assert_eq!(
        quote.predicted.as_ref().unwrap().speaker.as_deref(),
        Some("e2")
    );
    assert!(s.is_dirty());
}

#[test]
fn picking_the_proposed_speaker_again_confirms() {
    let mut s = EditSession::new(document(), true);
    s.apply(Edit::SetSpeaker {
        quote: "q1".into(),
        speaker: Some("e1".into()),
        mention: None,
    })
    .unwrap();
    assert_eq!(q(&s, "q1").status, QuoteStatus::Confirmed);
}

#[test]
fn confirm_reject_and_no_speaker() {
    let mut s = EditSession::new(document(), true);
    s.apply(Edit::Confirm { quote: "q1".into() }).unwrap();
    assert_eq!(q(&s, "q1").status, QuoteStatus::Confirmed);
    s.apply(Edit::Reject { quote: "q3".into() }).unwrap();
    assert_eq!(q(&s, "q3").status, QuoteStatus::Rejected);
    s.apply(Edit::SetSpeaker {
        quote: "q2".into(),
        speaker: None,
        mention: None,
    })
    .unwrap();
    assert_eq!(q(&s, "q2").speaker, None);
    assert_eq!(q(&s, "q2").speaker_mention, None);
    assert_eq!(q(&s, "q2").status, QuoteStatus::Corrected);
    assert_eq!(s.doc().reviewed_count(), 3);
}

#[test]
fn added_quote_is_sorted_in_with_its_speaker_and_status() {
    let mut s = EditSession::new(document(), true);
    let (start, end) = find("it agreed");
    let applied = s
        .apply(Edit::AddQuote {
            start,
            end,
            kind: QuoteKind::Indirect,
            speaker: Some("e2".into()),
            mention: None,
        })
        .unwrap();
    let id = applied.new_quote.unwrap();
    assert!(!["q1", "q2", "q3"].contains(&id.as_str()));
    let ids: Vec<&str> = s.doc().quotes.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids[1], id, "sorted by position: {ids:?}");
    let added = q(&s, &id);
    assert_eq!(added.text, "it agreed");
    assert_eq!(added.status, QuoteStatus::Added);
    assert_eq!(added.predicted, None);
    assert_eq!(added.speaker_mention.as_ref().unwrap().text, "The council");
    // A later correction of an added quote keeps it "added".
    s.apply(Edit::SetSpeaker {
        quote: id.clone(),
        speaker: Some("e3".into()),
        mention: None,
    })
    .unwrap();
    assert_eq!(q(&s, &id).status, QuoteStatus::Added);
}

#[test]
fn bad_spans_and_ids_are_refused_and_change_nothing() {
    let mut s = EditSession::new(document(), true);
    let before = s.doc().clone();
    let len = TEXT.chars().count();
    assert!(matches!(
        s.apply(Edit::AddQuote {
            start: 5,
            end: 5,
            kind: QuoteKind::Direct,
            speaker: None,
            mention: None
        }),
        Err(EditError::BadSpan { .. })
    ));
    assert!(matches!(
        s.apply(Edit::SetSpan {
            quote: "q1".into(),
            start: len - 2,
            end: len + 3
        }),
        Err(EditError::BadSpan { .. })
    ));
    assert_eq!(
        s.apply(Edit::Confirm { quote: "q9".into() }),
        Err(EditError::NoSuchQuote("q9".into()))
    );
    // A batch that fails half-way leaves no trace.
    assert!(
        s.apply(Edit::Batch(vec![
            Edit::Reject { quote: "q1".into() },
            Edit::DeleteEntity {
                entity: "e99".into()
            },
        ]))
        .is_err()
    );
    assert_eq!(s.doc(), &before);
    assert!(!s.is_dirty());
    assert!(!s.can_undo());
}

#[test]
fn kind_and_span_changes_correct_the_quote() {
    let mut s = EditSession::new(document(), true);
    s.apply(Edit::SetKind {
        quote: "q1".into(),
        kind: QuoteKind::Mixed,
    })
    .unwrap();
    assert_eq!(q(&s, "q1").kind, QuoteKind::Mixed);
    assert_eq!(q(&s, "q1").status, QuoteStatus::Corrected);
    let (start, end) = find("bridge opens");
    s.apply(Edit::SetSpan {
        quote: "q1".into(),
        start,
        end,
    })
    .unwrap();
    assert_eq!(q(&s, "q1").text, "bridge opens");
}

#[test]
fn merge_moves_mentions_and_quotes_and_proposals() {
    let mut s = EditSession::new(document(), true);
    s.apply(Edit::MergeEntities {
        kept: "e1".into(),
        absorbed: "e4".into(),
    })
    .unwrap();
    let doc = s.doc();
    assert!(doc.entity("e4").is_none());
    let park = doc.entity("e1").unwrap();
    assert_eq!(park.mentions.len(), 2);
    assert_eq!(park.origin, Origin::User);
    let q3 = doc.quote("q3").unwrap();
    assert_eq!(q3.speaker.as_deref(), Some("e1"));
    assert_eq!(
        q3.predicted.as_ref().unwrap().speaker.as_deref(),
        Some("e1")
    );
    assert_eq!(
        s.apply(Edit::MergeEntities {
            kept: "e1".into(),
            absorbed: "e1".into()
        }),
        Err(EditError::MergeWithItself("e1".into()))
    );
}

#[test]
fn split_mention_makes_a_new_entity_and_its_quote_follows() {
    let mut s = EditSession::new(document(), true);
    s.apply(Edit::MergeEntities {
        kept: "e1".into(),
        absorbed: "e4".into(),
    })
    .unwrap();
    let park_mention = q(&s, "q3").speaker_mention.clone().unwrap();
    let new = s
        .apply(Edit::SplitMention {
            entity: "e1".into(),
            mention: park_mention.clone(),
        })
        .unwrap()
        .new_entity
        .unwrap();
    let doc = s.doc();
    assert_eq!(doc.entity(&new).unwrap().mentions, vec![park_mention]);
    assert_eq!(doc.entity(&new).unwrap().name, "Park");
    assert_eq!(doc.entity("e1").unwrap().mentions.len(), 1);
    assert_eq!(
        doc.quote("q3").unwrap().speaker.as_deref(),
        Some(new.as_str())
    );
    // Splitting the last mention is refused.
    let last = doc.entity("e1").unwrap().mentions[0].clone();
    assert_eq!(
        s.apply(Edit::SplitMention {
            entity: "e1".into(),
            mention: last
        }),
        Err(EditError::OnlyMention("e1".into()))
    );
}

#[test]
fn delete_entity_unattributes_its_quotes() {
    let mut s = EditSession::new(document(), true);
    s.apply(Edit::DeleteEntity {
        entity: "e2".into(),
    })
    .unwrap();
    let q2 = q(&s, "q2");
    assert_eq!(q2.speaker, None);
    assert_eq!(q2.speaker_mention, None);
    assert_eq!(q2.predicted.as_ref().unwrap().speaker, None);
    assert!(s.doc().entity("e2").is_none());
}

#[test]
fn rename_retype_and_add_entity() {
    let mut s = EditSession::new(document(), true);
    s.apply(Edit::RenameEntity {
        entity: "e2".into(),
        name: "  City Council ".into(),
    })
    .unwrap();
    s.apply(Edit::SetEntityType {
        entity: "e2".into(),
        entity_type: EntityType::Misc,
    })
    .unwrap();
    let e2 = s.doc().entity("e2").unwrap();
    assert_eq!(
        (e2.name.as_str(), e2.entity_type, e2.origin),
        ("City Council", EntityType::Misc, Origin::User)
    );
    assert_eq!(
        s.apply(Edit::RenameEntity {
            entity: "e2".into(),
            name: " ".into()
        }),
        Err(EditError::EmptyName)
    );
    // "New entity..." in the picker: create and attribute in one undo step.
    let (ms, me) = find("Mr Lund");
    s.apply(Edit::Batch(vec![
        Edit::AddEntity {
            name: "Lund".into(),
            entity_type: EntityType::Person,
            mentions: vec![span(ms, me)],
        },
        Edit::SetSpeaker {
            quote: "q2".into(),
            speaker: Some(NEW_ENTITY.into()),
            mention: None,
        },
    ]))
    .unwrap();
    let new_id = q(&s, "q2").speaker.clone().unwrap();
    assert_eq!(s.doc().entity(&new_id).unwrap().name, "Lund");
    assert_eq!(
        q(&s, "q2").speaker_mention.as_ref().unwrap().text,
        "Mr Lund"
    );
    assert!(s.undo());
    assert!(s.doc().entity(&new_id).is_none());
    assert_eq!(q(&s, "q2").speaker.as_deref(), Some("e2"));
}

#[test]
fn undo_redo_without_limit_and_dirty_tracking() {
    let mut s = EditSession::new(document(), true);
    let original = s.doc().clone();
    for _ in 0..200 {
        s.apply(Edit::Reject { quote: "q1".into() }).unwrap();
        s.apply(Edit::Confirm { quote: "q1".into() }).unwrap();
    }
    assert_eq!(s.undo_depth(), 400);
    while s.undo() {}
    assert_eq!(s.doc(), &original);
    assert!(!s.is_dirty(), "back at the saved state");
    assert!(s.redo());
    assert_eq!(q(&s, "q1").status, QuoteStatus::Rejected);
    assert!(s.is_dirty());
    // A new edit drops the redo branch.
    s.apply(Edit::Confirm { quote: "q2".into() }).unwrap();
    assert!(!s.can_redo());
    s.mark_saved();
    assert!(!s.is_dirty());
    assert!(s.undo());
    assert!(s.is_dirty());
}

#[test]
fn an_edit_that_changes_nothing_is_not_a_step() {
    let mut s = EditSession::new(document(), true);
    s.apply(Edit::SetKind {
        quote: "q1".into(),
        kind: QuoteKind::Direct,
    })
    .unwrap();
    assert!(!s.can_undo());
    assert!(!s.is_dirty());
}

#[test]
fn fresh_extraction_starts_dirty() {
    let s = EditSession::new(document(), false);
    assert!(s.is_dirty());
}

#[test]
fn ranking_prefers_nearest_person_before_the_quote() {
    let doc = document();
    let (start, end) = find("it will not");
    let ranked = rank_speakers(&doc, start, end);
    let ids: Vec<&str> = ranked.iter().map(|c| c.entity.as_str()).collect();
    assert_eq!(ids[0], "e3", "Mr Lund is right before: {ids:?}");
    assert_eq!(ranked[0].mention.as_ref().unwrap().text, "Mr Lund");
    // The council (an organisation) is nearer than Zoë Park but ranks after the people near by.
    let council = ids.iter().position(|&i| i == "e2").unwrap();
    let park = ids.iter().position(|&i| i == "e4").unwrap();
    assert!(park < council, "{ids:?}");
    assert_eq!(ranked.len(), doc.entities.len());
}

/// Caches keyed on a state id (the quote table's rows, the article's marks) must never show one
/// document's data for another: no two states of any two sessions share an id.
#[test]
fn state_ids_are_unique_across_documents() {
    let mut a = EditSession::new(document(), true);
    let mut b = EditSession::new(document(), true);
    let mut seen = vec![a.state_id(), b.state_id()];
    for session in [&mut a, &mut b] {
        session.apply(Edit::Confirm { quote: "q1".into() }).unwrap();
        seen.push(session.state_id());
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), seen.len(), "{seen:?}");
    // Undo returns to the state before, with its id: the session is clean again.
    assert!(a.undo());
    assert_eq!(a.state_id(), seen[0]);
    assert!(!a.is_dirty());
}
