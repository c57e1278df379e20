//! Adjudication: settling two reviewers' disagreements into one review, each choice one
//! undoable step, the result recording both sources.

#[path = "fixtures/two_reviewers.rs"]
mod two_reviewers;

use std::path::Path;

use article_review::compare::DisagreementType;
use article_review::compare::adjudicate::{Adjudicator, Choice, Side};
use article_review::document::json::{read_review, to_json_pretty};
use article_review::document::load::sha256_hex;
use article_review::document::model::{Adjudication, AdjudicationSource};
use article_review::document::save::save_document;
use article_review::document::validate::validate;
use article_review::edit::Edit;
use article_review::{Document, Entity, EntityType, Origin, QuoteKind, QuoteStatus};
use two_reviewers::{reviews_a, reviews_b, span};

fn sources() -> Adjudication {
    Adjudication {
        a: AdjudicationSource {
            file: "alice.json".into(),
            sha256: "a".repeat(64),
        },
        b: AdjudicationSource {
            file: "bob.json".into(),
            sha256: "b".repeat(64),
        },
    }
}

fn speaker_name(doc: &Document, content: &str) -> Option<String> {
    let q = doc.quotes.iter().find(|q| q.text == content).unwrap();
    q.speaker
        .as_ref()
        .map(|id| doc.entity(id).unwrap().name.clone())
}

fn quote<'d>(doc: &'d Document, content: &str) -> &'d article_review::Quote {
    doc.quotes.iter().find(|q| q.text == content).unwrap()
}

#[test]
fn take_a_take_b_and_undo_each_choice() {
    let (a, _) = reviews_a(true);
    let (b, _) = reviews_b(true);
    let mut adj = Adjudicator::new(a, b, sources()).unwrap();
    let kinds: Vec<DisagreementType> = adj.disagreements().iter().map(|d| d.kind).collect();
    assert_eq!(
        kinds,
        [
            DisagreementType::Speaker,
            DisagreementType::Speaker,
            DisagreementType::Status,
            DisagreementType::Kind
        ]
    );
    assert_eq!((adj.open_count(), adj.next_open(None)), (4, Some(0)));

    // B's speaker, by name: B's "Karel  Novák" is the result's Karel Novák.
    adj.take(0, Side::B).unwrap();
    assert_eq!(
        speaker_name(adj.result(), "the tram is ready").as_deref(),
        Some("Karel Novák")
    );
    assert_eq!(
        quote(adj.result(), "the tram is ready").status,
        QuoteStatus::Corrected
    );
    assert_eq!(adj.choice(0), Some(Choice::TookB));
    assert_eq!(adj.next_open(Some(0)), Some(1));

    // Taking A's answer changes nothing in the document but settles the disagreement.
    let before = adj.result().clone();
    adj.take(1, Side::A).unwrap();
    assert_eq!(adj.result().quotes, before.quotes);
    assert_eq!(adj.choice(1), Some(Choice::TookA));

    adj.take(2, Side::B).unwrap();
    assert_eq!(
        quote(adj.result(), "fares stay low 🚋").status,
        QuoteStatus::Rejected
    );
    adj.take(3, Side::B).unwrap();
    assert_eq!(
        quote(adj.result(), "we open Monday").kind,
        QuoteKind::Indirect
    );
    assert_eq!((adj.open_count(), adj.next_open(None)), (0, None));

    // Undo the kind, then the rejection: the document and the decisions go back together.
    assert!(adj.undo());
    assert_eq!(
        quote(adj.result(), "we open Monday").kind,
        QuoteKind::Direct
    );
    assert_eq!(adj.choice(3), None);
    assert!(adj.undo());
    assert_eq!(
        quote(adj.result(), "fares stay low 🚋").status,
        QuoteStatus::Confirmed
    );
    assert_eq!(
        adj.next_open(Some(3)),
        Some(2),
        "wraps around to the first open one"
    );
    // Undo the no-change "take A": only the decision goes.
    assert!(adj.undo());
    assert_eq!(adj.choice(1), None);
    assert_eq!(
        speaker_name(adj.result(), "the tram is ready").as_deref(),
        Some("Karel Novák")
    );
    assert!(adj.redo() && adj.redo());
    assert_eq!(
        quote(adj.result(), "fares stay low 🚋").status,
        QuoteStatus::Rejected
    );
    assert_eq!(adj.choice(2), Some(Choice::TookB));

    // Change of mind: take A on the rejection puts A's answer back.
    adj.take(2, Side::A).unwrap();
    let q = quote(adj.result(), "fares stay low 🚋");
    assert_eq!(
        (
            q.status,
            speaker_name(adj.result(), "fares stay low 🚋").as_deref()
        ),
        (QuoteStatus::Confirmed, Some("Zoë Berg"))
    );
}

#[test]
fn speaker_and_kind_of_one_quote_are_settled_separately() {
    let (mut a, _) = reviews_a(true);
    let (mut b, _) = reviews_b(true);
    // B changes both the speaker and the kind of the first quote.
    b.quotes[0].kind = QuoteKind::Mixed;
    a.quotes.truncate(1);
    b.quotes.truncate(1);
    let mut adj = Adjudicator::new(a, b, sources()).unwrap();
    assert_eq!(adj.disagreements().len(), 2);
    let speaker = adj
        .disagreements()
        .iter()
        .position(|d| d.kind == DisagreementType::Speaker)
        .unwrap();
    let kind = adj
        .disagreements()
        .iter()
        .position(|d| d.kind == DisagreementType::Kind)
        .unwrap();
    adj.take(speaker, Side::B).unwrap();
    adj.take(kind, Side::A).unwrap();
    assert_eq!(
        speaker_name(adj.result(), "the tram is ready").as_deref(),
        Some("Karel Novák")
    );
    assert_eq!(
        quote(adj.result(), "the tram is ready").kind,
        QuoteKind::Direct
    );
}

#[test]
fn added_quotes_and_speakers_the_result_does_not_know() {
    let (_, a) = reviews_a(true);
    let (_, mut b) = reviews_b(true);
    // B names a speaker A never tagged.
    b.entities.push(Entity {
        id: "x9".into(),
        name: "Critics".into(),
        entity_type: EntityType::Org,
        origin: Origin::User,
        mentions: vec![span(&b.text, "Critics")],
        gender: None,
    });
    let last = b.quotes.len() - 1;
    b.quotes[last].speaker = Some("x9".into());
    b.quotes[last].speaker_mention = Some(span(&b.text, "Critics"));
    let mut adj = Adjudicator::new(a, b, sources()).unwrap();
    let only_b = adj
        .disagreements()
        .iter()
        .position(|d| d.kind == DisagreementType::OnlyB)
        .unwrap();
    let entities_before = adj.result().entities.len();
    adj.take(only_b, Side::B).unwrap();
    let added = quote(adj.result(), "a waste");
    assert_eq!(added.status, QuoteStatus::Added);
    assert_eq!(
        speaker_name(adj.result(), "a waste").as_deref(),
        Some("Critics")
    );
    assert_eq!(adj.result().entities.len(), entities_before + 1);
    assert_eq!(validate(adj.result()), vec![]);
    // Taking A instead: the added quote is marked not a quote.
    adj.take(only_b, Side::A).unwrap();
    assert_eq!(quote(adj.result(), "a waste").status, QuoteStatus::Rejected);
    // Undo both: no quote, no new entity.
    assert!(adj.undo() && adj.undo());
    assert!(adj.result().quotes.iter().all(|q| q.text != "a waste"));
    assert_eq!(adj.result().entities.len(), entities_before);

    // Nobody → Zoë Berg: the result's own Zoë Berg.
    let speaker = adj
        .disagreements()
        .iter()
        .position(|d| d.kind == DisagreementType::Speaker)
        .unwrap();
    adj.take(speaker, Side::B).unwrap();
    assert_eq!(
        speaker_name(adj.result(), "no comment").as_deref(),
        Some("Zoë Berg")
    );
}

#[test]
fn an_edit_of_ones_own_settles_a_disagreement() {
    let (a, _) = reviews_a(true);
    let (b, _) = reviews_b(true);
    let mut adj = Adjudicator::new(a, b, sources()).unwrap();
    let q = adj.disagreements()[0].quote_a.clone().unwrap();
    let zoe = adj
        .result()
        .entities
        .iter()
        .find(|e| e.name == "Zoë Berg")
        .unwrap()
        .id
        .clone();
    adj.edit(
        Some(0),
        Edit::SetSpeaker {
            quote: q,
            speaker: Some(zoe),
            mention: None,
        },
    )
    .unwrap();
    assert_eq!(adj.choice(0), Some(Choice::Edited));
    assert_eq!(
        speaker_name(adj.result(), "the tram is ready").as_deref(),
        Some("Zoë Berg")
    );
    assert!(adj.undo());
    assert_eq!(adj.choice(0), None);
    assert!(
        adj.edit(Some(99), Edit::Confirm { quote: "q1".into() })
            .is_err()
    );
}

fn schema_errors(json: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/article-review.schema.json");
    let schema: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let instance: serde_json::Value = serde_json::from_str(json).unwrap();
    validator
        .iter_errors(&instance)
        .map(|e| e.to_string())
        .collect()
}

#[test]
fn the_result_file_records_both_sources_by_name_and_sha256() {
    let dir = tempfile::tempdir().unwrap();
    let (a, _) = reviews_a(true);
    let (b, _) = reviews_b(true);
    let (pa, pb) = (dir.path().join("alice.json"), dir.path().join("bob.json"));
    std::fs::write(&pa, to_json_pretty(&a)).unwrap();
    std::fs::write(&pb, to_json_pretty(&b)).unwrap();
    let mut adj = Adjudicator::open(&pa, &pb).unwrap();
    adj.take(0, Side::B).unwrap();
    let out = dir.path().join("settled.json");
    save_document(&out, adj.result()).unwrap();
    let bytes = std::fs::read(&out).unwrap();
    let back = read_review(&bytes, "settled.json").unwrap();
    let sources = back.adjudication.expect("the adjudication field");
    assert_eq!(sources.a.file, "alice.json");
    assert_eq!(sources.b.file, "bob.json");
    assert_eq!(sources.a.sha256, sha256_hex(&std::fs::read(&pa).unwrap()));
    assert_eq!(sources.b.sha256, sha256_hex(&std::fs::read(&pb).unwrap()));
    assert_eq!(
        schema_errors(&String::from_utf8(bytes).unwrap()),
        Vec::<String>::new()
    );

    // A file without the field is unchanged by it (the field is left out, not null).
    assert!(!to_json_pretty(&a).contains("adjudication"));

    // Reviews of different texts are refused, naming both files.
    let mut other = a.clone();
    other.text.push('!');
    std::fs::write(&pb, to_json_pretty(&other)).unwrap();
    let error = Adjudicator::open(&pa, &pb).unwrap_err().to_string();
    assert!(
        error.contains("different texts") && error.contains("bob.json"),
        "{error}"
    );
}
