//! Reviewer edits, undo/redo and speaker ranking, without a window.

#[path = "fixtures/common.rs"]
mod common;

use article_review::document::model::{
    Document, Entity, EntityType, Meta, Origin, Prediction, Quote, QuoteFlag, QuoteKind,
    QuoteStatus, Source, Span,
};
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

#[test]
fn notes_and_flags_are_undoable_edits_that_keep_the_status() {
    let mut s = EditSession::new(document(), true);
    s.apply(Edit::SetNote {
        quote: "q2".into(),
        note: Some("  Lund, not the council — see “it will not” 😀\n".into()),
    })
    .unwrap();
    s.apply(Edit::SetFlag {
        quote: "q2".into(),
        flag: Some(QuoteFlag::Misattributed),
    })
    .unwrap();
    let quote = q(&s, "q2");
    assert_eq!(
        quote.note.as_deref(),
        Some("Lund, not the council — see “it will not” 😀")
    );
    assert_eq!(quote.flag, Some(QuoteFlag::Misattributed));
    assert_eq!(
        quote.status,
        QuoteStatus::Auto,
        "a note is not a review decision"
    );
    assert!(s.is_dirty());

    // A blank note removes the note.
    s.apply(Edit::SetNote {
        quote: "q2".into(),
        note: Some(" \t".into()),
    })
    .unwrap();
    assert_eq!(q(&s, "q2").note, None);

    assert!(s.undo());
    assert_eq!(
        q(&s, "q2").note.as_deref(),
        Some("Lund, not the council — see “it will not” 😀")
    );
    assert!(s.undo());
    assert_eq!(q(&s, "q2").flag, None);
    assert!(s.undo());
    assert_eq!(q(&s, "q2").note, None);
    assert!(!s.is_dirty(), "back to the saved state");
    assert!(s.redo());
    assert!(s.redo());
    assert_eq!(q(&s, "q2").flag, Some(QuoteFlag::Misattributed));

    let before = s.undo_depth();
    s.apply(Edit::SetFlag {
        quote: "q2".into(),
        flag: Some(QuoteFlag::Misattributed),
    })
    .unwrap();
    assert_eq!(s.undo_depth(), before, "setting the same flag is no step");
    assert_eq!(
        s.apply(Edit::SetFlag {
            quote: "q9".into(),
            flag: None
        }),
        Err(EditError::NoSuchQuote("q9".into()))
    );
}

/// Defect 6: picking a speaker attaches the mention that names the speaker for this quote, and
/// a cue left over from the previous speaker goes.
mod best_mention {
    use super::*;

    /// Our own text: Ray is named in the sentence before the first quote and right after it.
    const TEXT: &str = "Tom Ray spoke on Monday. Critics said Vera Holm would help Ray get elected. \
“The vote is close,” a tired and hoarse Mr Ray told the rally. The CBC reports “we will win 😀 \
soon”, a spokesman for Holm said last night in a long statement. Ray’s rival Vera Holm said that \
the count was fair.";

    fn at(needle: &str, nth: usize) -> Span {
        let byte = TEXT
            .match_indices(needle)
            .nth(nth)
            .expect("needle in text")
            .0;
        let start = TEXT[..byte].chars().count();
        Span::from_text(TEXT, start, start + needle.chars().count())
    }

    fn quote(id: &str, content: &str, speaker: Option<&str>, mention: Option<Span>) -> Quote {
        let span = at(content, 0);
        Quote {
            id: id.into(),
            kind: QuoteKind::Direct,
            start: span.start,
            end: span.end,
            text: span.text,
            speaker: speaker.map(str::to_string),
            speaker_mention: mention.clone(),
            cue: None,
            confidence: 0.7,
            rule: "quote-speaker-cue".into(),
            status: QuoteStatus::Auto,
            predicted: Some(Prediction {
                speaker: speaker.map(str::to_string),
                speaker_mention: mention,
            }),
            fragments: vec![],
            note: None,
            flag: None,
        }
    }

    fn session() -> EditSession {
        let mut doc = Document::new(TEXT.to_string(), Source::in_memory(), Meta::default());
        let entity = |id: &str, name: &str, entity_type, mentions: Vec<Span>| Entity {
            id: id.into(),
            name: name.into(),
            entity_type,
            origin: Origin::Auto,
            mentions,
            gender: None,
        };
        doc.entities = vec![
            entity(
                "e1",
                "Tom Ray",
                EntityType::Person,
                vec![
                    at("Tom Ray", 0),
                    at("Ray", 1),
                    at("Mr Ray", 0),
                    at("Ray", 3),
                ],
            ),
            entity(
                "e2",
                "Vera Holm",
                EntityType::Person,
                vec![at("Vera Holm", 0), at("Holm", 1), at("Vera Holm", 1)],
            ),
            entity("e3", "CBC", EntityType::Org, vec![at("The CBC", 0)]),
        ];
        let mut wrong = quote(
            "q1",
            "The vote is close,",
            Some("e2"),
            Some(at("Vera Holm", 0)),
        );
        wrong.cue = Some(at("told", 0));
        let mut cbc = quote(
            "q2",
            "we will win 😀 soon",
            Some("e3"),
            Some(at("The CBC", 0)),
        );
        cbc.cue = Some(at("reports", 0));
        doc.quotes = vec![wrong, cbc];
        EditSession::new(doc, true)
    }

    fn set_speaker(s: &mut EditSession, quote: &str, speaker: Option<&str>) {
        s.apply(Edit::SetSpeaker {
            quote: quote.into(),
            speaker: speaker.map(str::to_string),
            mention: None,
        })
        .unwrap();
    }

    fn mention_of<'a>(s: &'a EditSession, id: &str) -> Option<&'a Span> {
        q(s, id).speaker_mention.as_ref()
    }

    #[test]
    fn the_mention_next_to_the_quote_beats_a_nearer_one_in_the_sentence_before() {
        let mut s = session();
        let (start, end) = (q(&s, "q1").start, q(&s, "q1").end);
        let ray = rank_speakers(s.doc(), start, end)
            .into_iter()
            .find(|c| c.entity == "e1")
            .unwrap();
        assert_eq!(
            ray.mention,
            Some(at("Mr Ray", 0)),
            "the picker shows it too"
        );

        set_speaker(&mut s, "q1", Some("e1"));
        assert_eq!(mention_of(&s, "q1"), Some(&at("Mr Ray", 0)));
        assert_eq!(q(&s, "q1").cue, Some(at("told", 0)), "the cue is Mr Ray's");
        assert_eq!(q(&s, "q1").status, QuoteStatus::Corrected);

        // No mention of Holm in or next to the quote: the nearest before it.
        set_speaker(&mut s, "q1", Some("e2"));
        assert_eq!(mention_of(&s, "q1"), Some(&at("Vera Holm", 0)));
        assert_eq!(q(&s, "q1").cue, None, "“told” is not next to Vera Holm");
        assert_eq!(q(&s, "q1").status, QuoteStatus::Confirmed);
    }

    #[test]
    fn picking_the_current_speaker_keeps_its_mention_and_cue() {
        let mut s = session();
        let before = q(&s, "q2").clone();
        // The picker passes its candidate's mention; the quote's own words still win.
        s.apply(Edit::SetSpeaker {
            quote: "q2".into(),
            speaker: Some("e3".into()),
            mention: Some(at("CBC", 0)),
        })
        .unwrap();
        let after = q(&s, "q2");
        assert_eq!(after.speaker_mention, before.speaker_mention);
        assert_eq!(after.cue, before.cue);
        assert_eq!(after.status, QuoteStatus::Confirmed);
    }

    #[test]
    fn a_correction_drops_the_previous_speakers_cue_and_the_cue_can_be_set() {
        let mut s = session();
        set_speaker(&mut s, "q2", Some("e2"));
        assert_eq!(mention_of(&s, "q2"), Some(&at("Holm", 1)));
        assert_eq!(q(&s, "q2").cue, None, "“reports” was the CBC's cue");

        let said = at("said", 1);
        s.apply(Edit::SetCue {
            quote: "q2".into(),
            span: Some((said.start, said.end)),
        })
        .unwrap();
        assert_eq!(q(&s, "q2").cue, Some(said.clone()));

        // Back to the CBC: "said" belongs to Holm's spokesman, not to "The CBC".
        set_speaker(&mut s, "q2", Some("e3"));
        assert_eq!(q(&s, "q2").cue, None);
        assert!(s.undo());
        assert_eq!(q(&s, "q2").cue, Some(said));

        s.apply(Edit::SetCue {
            quote: "q2".into(),
            span: None,
        })
        .unwrap();
        assert_eq!(q(&s, "q2").cue, None);
        assert_eq!(
            s.apply(Edit::SetCue {
                quote: "q2".into(),
                span: Some((5, 5)),
            }),
            Err(EditError::BadSpan { start: 5, end: 5 })
        );
    }

    #[test]
    fn the_speaker_mention_can_be_set_from_a_selection() {
        let mut s = session();
        set_speaker(&mut s, "q2", Some("e2"));
        let mentions = s.doc().entity("e2").unwrap().mentions.len();

        // Overlaps Holm's own mention: the quote points at it, the entity keeps its mentions.
        let described = at("a spokesman for Holm", 0);
        s.apply(Edit::SetSpeakerMention {
            quote: "q2".into(),
            start: described.start,
            end: described.end,
        })
        .unwrap();
        assert_eq!(mention_of(&s, "q2"), Some(&described));
        assert_eq!(s.doc().entity("e2").unwrap().mentions.len(), mentions);

        // New words for the speaker become a mention of the entity, in text order.
        let spokesman = at("a spokesman", 0);
        s.apply(Edit::SetSpeakerMention {
            quote: "q2".into(),
            start: spokesman.start,
            end: spokesman.end,
        })
        .unwrap();
        let holm = s.doc().entity("e2").unwrap();
        assert_eq!(holm.mentions.len(), mentions + 1);
        assert!(holm.mentions.windows(2).all(|w| w[0].start < w[1].start));
        assert!(holm.mentions.contains(&spokesman));
        assert_eq!(q(&s, "q2").status, QuoteStatus::Corrected);

        set_speaker(&mut s, "q2", None);
        assert_eq!(
            s.apply(Edit::SetSpeakerMention {
                quote: "q2".into(),
                start: spokesman.start,
                end: spokesman.end,
            }),
            Err(EditError::NoSpeaker("q2".into()))
        );
    }

    #[test]
    fn a_name_inside_an_added_quote_is_its_speaker_mention() {
        let mut s = session();
        let clause = at("Ray’s rival Vera Holm said that the count was fair", 0);
        let applied = s
            .apply(Edit::AddQuote {
                start: clause.start,
                end: clause.end,
                kind: QuoteKind::Indirect,
                speaker: Some("e2".into()),
                mention: None,
            })
            .unwrap();
        let id = applied.new_quote.unwrap();
        assert_eq!(mention_of(&s, &id), Some(&at("Vera Holm", 1)));
    }
}
