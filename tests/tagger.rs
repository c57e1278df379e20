//! The entity tagger: what it finds in texts of our own, its model files, and learning from a
//! reviewed article.

use std::path::Path;
use std::process::Command;

use article_review::document::model::{Document, Entity, EntityType, Meta, Origin, Source, Span};
use article_review::extract::segment::segment;
use article_review::extract::tagger::{ModelError, Tagger, TaggerError};
use article_review::extract::{Analysis, Extractor, MentionSource};

/// The tagger's mentions in `text` as (covered text, type).
fn tagged(tagger: &Tagger, text: &str) -> Vec<(String, EntityType)> {
    tagger
        .spans(text, &segment(text))
        .into_iter()
        .map(|(s, e, t)| (text[s..e].to_string(), t))
        .collect()
}

/// The type the tagger gives `name` in `text`, if it tags exactly that span.
fn type_of(tagger: &Tagger, text: &str, name: &str) -> Option<EntityType> {
    tagged(tagger, text)
        .into_iter()
        .find(|(t, _)| t == name)
        .map(|(_, ty)| ty)
}

#[test]
fn bundled_model_finds_people_places_and_organisations() {
    let tagger = Tagger::bundled();
    assert!(
        tagger.feature_count() > 10_000,
        "the bundled model is empty"
    );
    let text = "Maria Gonzalez, the mayor of Springfield, met officials of the Acme Corporation \
                in Paris on Monday. Gonzalez said the talks went well.";
    let found = tagged(&tagger, text);
    for expected in [
        ("Maria Gonzalez", EntityType::Person),
        ("Springfield", EntityType::Loc),
        ("Acme Corporation", EntityType::Org),
        ("Paris", EntityType::Loc),
        ("Gonzalez", EntityType::Person),
    ] {
        assert!(
            found.contains(&(expected.0.to_string(), expected.1)),
            "{expected:?} missing in {found:?}"
        );
    }
}

#[test]
fn raw_and_pretokenised_forms_get_the_same_entities() {
    let tagger = Tagger::bundled();
    let raw = "“We will not wait,” said Helena Marsh, who leads the Northfield Trust in Canada.";
    let pretokenised =
        "\" We will not wait , \" said Helena Marsh , who leads the Northfield Trust in Canada .";
    let names = |text: &str| -> Vec<(String, EntityType)> { tagged(&tagger, text) };
    assert_eq!(names(raw), names(pretokenised));
    assert!(names(raw).contains(&("Helena Marsh".to_string(), EntityType::Person)));
}

#[test]
fn mentions_are_sorted_disjoint_and_on_character_boundaries() {
    let text = "Ça va 😀 — Zoë Müller flew from Zürich to São Paulo with José Álvarez.\r\n\
                “Müller is right,” Álvarez told Reuters in Genève.";
    let extractor = Extractor::bundled();
    let mut analysis = Analysis::new(text);
    extractor.tagger().tag(&mut analysis);
    assert!(!analysis.mentions.is_empty());
    for pair in analysis.mentions.windows(2) {
        assert!(pair[0].end <= pair[1].start, "overlap: {pair:?}");
    }
    for m in &analysis.mentions {
        assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
        assert!(m.start < m.end);
        assert_eq!(m.source, MentionSource::Tagger);
        assert_eq!(m.entity, None);
    }
    let names: Vec<&str> = analysis
        .mentions
        .iter()
        .map(|m| &text[m.start..m.end])
        .collect();
    assert!(names.contains(&"José Álvarez"), "{names:?}");
}

#[test]
fn tagger_runs_inside_the_pipeline() {
    let analysis = Extractor::bundled().analyze("Olga Petrova arrived in Vienna on Sunday.");
    assert!(
        analysis
            .mentions
            .iter()
            .any(|m| m.entity_type == EntityType::Person && m.source == MentionSource::Tagger)
    );
}

#[test]
fn a_saved_model_loads_back_and_tags_the_same() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("copy.bin");
    let bundled = Tagger::bundled();
    bundled.save(&path).expect("save");
    let loaded = Tagger::load(&path).expect("load");
    let text = "Peter Lindqvist of Nordbank spoke in Stockholm.";
    assert_eq!(tagged(&loaded, text), tagged(&bundled, text));
    assert_eq!(loaded.feature_count(), bundled.feature_count());
}

#[test]
fn bad_model_files_give_clear_errors() {
    use std::error::Error as _;

    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("missing.bin");
    let err = Tagger::load(&missing).expect_err("missing file");
    assert!(matches!(err, TaggerError::Io { .. }), "{err:?}");
    let io = err
        .source()
        .and_then(|s| s.downcast_ref::<std::io::Error>());
    assert_eq!(
        io.map(std::io::Error::kind),
        Some(std::io::ErrorKind::NotFound)
    );
    let err = err.to_string();
    assert!(
        err.contains("cannot read entity model") && err.contains("missing.bin"),
        "{err}"
    );

    let text_file = dir.path().join("notes.txt");
    std::fs::write(&text_file, "just some notes, not a model").expect("write");
    let err = Tagger::load(&text_file).expect_err("wrong file");
    assert!(
        matches!(
            err.source().and_then(|s| s.downcast_ref::<ModelError>()),
            Some(ModelError::WrongFileType)
        ),
        "{err:?}"
    );
    let err = err.to_string();
    assert!(
        err.contains("notes.txt") && err.contains("not an article-review entity model"),
        "{err}"
    );

    let mut bytes = Tagger::bundled().to_bytes();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    let corrupt = dir.path().join("corrupt.bin");
    std::fs::write(&corrupt, &bytes).expect("write");
    let err = Tagger::load(&corrupt)
        .expect_err("corrupt file")
        .to_string();
    assert!(err.contains("corrupt"), "{err}");

    let bytes = Tagger::bundled().to_bytes();
    let err = Tagger::from_bytes(&bytes[..bytes.len() / 3]).expect_err("truncated");
    assert!(
        matches!(err, ModelError::ChecksumMismatch | ModelError::Truncated),
        "{err:?}"
    );
}

/// A reviewed document in which a person set the type of every mention of `name` to `to`.
fn reviewed_document(text: &str, name: &str, to: EntityType) -> Document {
    let chars: Vec<char> = text.chars().collect();
    let name_chars: Vec<char> = name.chars().collect();
    let mentions: Vec<Span> = (0..chars.len())
        .filter(|&i| chars[i..].starts_with(&name_chars))
        .map(|i| Span::from_text(text, i, i + name_chars.len()))
        .collect();
    let mut doc = Document::new(
        text.to_string(),
        Source {
            path: Some("review-test.txt".into()),
            sha256: None,
            media_type: "text/plain".into(),
            encoding: Some("UTF-8".into()),
        },
        Meta::default(),
    );
    doc.entities.push(Entity {
        id: "e1".into(),
        name: name.into(),
        entity_type: to,
        origin: Origin::User,
        mentions,
        gender: None,
    });
    doc
}

#[test]
fn a_correction_in_a_review_changes_the_tagger_on_a_similar_sentence() {
    let bundled = Tagger::bundled();
    let probe = "Analysts said Quillbrook would expand into Asia next year.";
    let before = type_of(&bundled, probe, "Quillbrook");
    // Whatever the bundled model thinks, the reviewer says otherwise.
    let corrected = if before == Some(EntityType::Org) {
        EntityType::Misc
    } else {
        EntityType::Org
    };

    let review_text = "Shares of Quillbrook rose sharply on Monday after the results.\n\
                       A spokesman for Quillbrook said the company would hire staff.";
    let dir = tempfile::tempdir().expect("temp dir");
    let review = dir.path().join("reviewed.json");
    let doc = reviewed_document(review_text, "Quillbrook", corrected);
    std::fs::write(&review, serde_json::to_string(&doc).expect("json")).expect("write");
    let model = dir.path().join("user-model.bin");

    let status = Command::new(env!("CARGO_BIN_EXE_article-review"))
        .arg("train")
        .arg("--from")
        .arg(&review)
        .arg("-o")
        .arg(&model)
        .status()
        .expect("run article-review train");
    assert!(status.success());

    let user = Tagger::load(&model).expect("user model loads");
    assert_eq!(type_of(&user, probe, "Quillbrook"), Some(corrected));
    assert_ne!(before, Some(corrected));
    // The rest of what the model knows survives the lesson.
    let other = "Maria Gonzalez met officials in Paris.";
    assert_eq!(tagged(&user, other), tagged(&bundled, other));
}

#[test]
fn unreviewed_files_teach_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let review = dir.path().join("untouched.json");
    let mut doc = reviewed_document("Quillbrook rose.", "Quillbrook", EntityType::Org);
    doc.entities[0].origin = Origin::Auto;
    std::fs::write(&review, serde_json::to_string(&doc).expect("json")).expect("write");
    let output = Command::new(env!("CARGO_BIN_EXE_article-review"))
        .args(["train", "--from"])
        .arg(&review)
        .arg("-o")
        .arg(dir.path().join("m.bin"))
        .output()
        .expect("run article-review train");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("nobody reviewed"), "{stderr}");
    assert!(!dir.path().join("m.bin").exists());
    assert!(!Path::new(&dir.path().join("m.tmp-model")).exists());
}

/// A few sentences of our own with their entities, as gold JSON lines.
fn tiny_gold(dir: &Path) -> std::path::PathBuf {
    let lines = [
        (
            "Anna Berg met Tomas Lind in Oslo .\nThe Nordfjord Bank said on Monday it would grow .",
            vec![
                (0, 9, "PER"),
                (14, 24, "PER"),
                (28, 32, "LOC"),
                (39, 53, "ORG"),
            ],
        ),
        (
            "Tomas Lind flew to Bergen .\nNordfjord Bank shares rose in Oslo .",
            vec![
                (0, 10, "PER"),
                (19, 25, "LOC"),
                (28, 42, "ORG"),
                (58, 62, "LOC"),
            ],
        ),
    ];
    let mut out = String::new();
    for (n, (text, entities)) in lines.iter().enumerate() {
        let entities: Vec<serde_json::Value> = entities
            .iter()
            .map(|&(s, e, l)| {
                assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
                serde_json::json!({"start": s, "end": e, "text": &text[s..e], "label": l})
            })
            .collect();
        let line = serde_json::json!({"id": format!("t{n}"), "split": "train", "text": text, "entities": entities});
        out.push_str(&line.to_string());
        out.push('\n');
    }
    let path = dir.join("gold.jsonl");
    std::fs::write(&path, out).expect("write gold");
    path
}

#[test]
fn training_is_deterministic_and_learns_its_data() {
    let dir = tempfile::tempdir().expect("temp dir");
    let gold = tiny_gold(dir.path());
    let train = |seed: &str, out: &str| -> Vec<u8> {
        let status = Command::new(env!("CARGO_BIN_EXE_article-review"))
            .args(["train", "--data"])
            .arg(&gold)
            .args(["--prose-copies", "--epochs", "5", "--seed", seed, "-o"])
            .arg(dir.path().join(out))
            .status()
            .expect("run article-review train");
        assert!(status.success());
        std::fs::read(dir.path().join(out)).expect("model written")
    };
    let first = train("7", "a.bin");
    assert_eq!(first, train("7", "b.bin"), "same seed, same model");
    let tagger = Tagger::from_bytes(&first).expect("model loads");
    // Learnt on the pre-tokenised form, it also reads the prose form.
    let found = tagged(&tagger, "Anna Berg met Tomas Lind in Oslo.");
    assert!(
        found.contains(&("Tomas Lind".to_string(), EntityType::Person)),
        "{found:?}"
    );
    assert!(
        found.contains(&("Oslo".to_string(), EntityType::Loc)),
        "{found:?}"
    );
}
