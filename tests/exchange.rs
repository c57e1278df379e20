//! Import and export of other tools' formats: round trips that say what each format loses, a
//! brat pair written by hand in PolNeAR's layout, and bad input refused with where.

use std::path::Path;
use std::process::Command;

use article_review::document::json::{read_review, to_json_pretty};
use article_review::document::validate::validate;
use article_review::exchange::{self, Format, brat, conll, doccano, label_studio};
use article_review::{
    Document, Entity, EntityType, Meta, Origin, Prediction, Quote, QuoteKind, QuoteStatus, Source,
    Span,
};

const BIN: &str = env!("CARGO_BIN_EXE_article-review");

/// Our own article: accents, an emoji, curly quotes and a line break between paragraphs.
const TEXT: &str = "Ana López opened the 🚋 line. “It is a great day,” López said.\n\
Karel Novák said the cost was lower. She told reporters she “doubted” it.";

fn find(needle: &str) -> Span {
    let byte = TEXT.find(needle).unwrap_or_else(|| panic!("{needle:?}"));
    let start = TEXT[..byte].chars().count();
    Span::from_text(TEXT, start, start + needle.chars().count())
}

/// A reviewed document: two people (one with two mentions), a direct quote confirmed, an
/// indirect one corrected to another speaker, a mixed one with a pronoun source, one rejected.
fn reviewed() -> Document {
    let mut d = Document::new(TEXT.to_string(), Source::in_memory(), Meta::default());
    let second_lopez =
        Span::from_text(TEXT, find("López said").start, find("López said").start + 5);
    d.entities = vec![
        Entity {
            id: "e1".into(),
            name: "Ana López".into(),
            entity_type: EntityType::Person,
            origin: Origin::Auto,
            mentions: vec![find("Ana López"), second_lopez],
            gender: None,
        },
        Entity {
            id: "e2".into(),
            name: "Karel Novák".into(),
            entity_type: EntityType::Person,
            origin: Origin::User,
            mentions: vec![find("Karel Novák")],
            gender: None,
        },
    ];
    let quote = |id: &str,
                 content: &str,
                 kind,
                 speaker: Option<&str>,
                 mention: Option<&str>,
                 cue: Option<&str>,
                 status| {
        let s = find(content);
        let mention = mention.map(find);
        Quote {
            id: id.into(),
            kind,
            start: s.start,
            end: s.end,
            text: s.text,
            speaker: speaker.map(String::from),
            speaker_mention: mention.clone(),
            cue: cue.map(find),
            confidence: 0.8,
            rule: "test".into(),
            status,
            predicted: Some(Prediction {
                speaker: speaker.map(String::from),
                speaker_mention: mention,
            }),
            fragments: vec![],
            note: None,
            flag: None,
        }
    };
    let mut lopez = find("López said");
    lopez = Span::from_text(TEXT, lopez.start, lopez.start + 5);
    d.quotes = vec![
        quote(
            "q1",
            "It is a great day,",
            QuoteKind::Direct,
            Some("e1"),
            None,
            Some("said."),
            QuoteStatus::Confirmed,
        ),
        quote(
            "q2",
            "the cost was lower",
            QuoteKind::Indirect,
            Some("e2"),
            Some("Karel Novák"),
            Some("said the"),
            QuoteStatus::Corrected,
        ),
        quote(
            "q3",
            "she “doubted” it",
            QuoteKind::Mixed,
            Some("e1"),
            Some("She"),
            Some("told"),
            QuoteStatus::Confirmed,
        ),
        quote(
            "q4",
            "opened the 🚋 line",
            QuoteKind::Indirect,
            None,
            None,
            None,
            QuoteStatus::Rejected,
        ),
    ];
    d.quotes[0].speaker_mention = Some(lopez.clone());
    d.quotes[0].predicted.as_mut().unwrap().speaker_mention = Some(lopez.clone());
    d.quotes[0].cue = Some(Span::from_text(TEXT, lopez.end + 1, lopez.end + 5));
    d.quotes[1].cue = Some(Span::from_text(
        TEXT,
        find("said the").start,
        find("said the").start + 4,
    ));
    d.quotes[1].predicted = Some(Prediction {
        speaker: None,
        speaker_mention: None,
    });
    d.quotes.sort_by_key(|q| q.start);
    assert_eq!(validate(&d), vec![], "the test document is consistent");
    d
}

/// The entities as (name, type, mention spans), ids left out: ids are renumbered on import.
/// An entity as (name, type, mention spans).
type EntityShape = (String, EntityType, Vec<(usize, usize)>);

fn entity_shape(d: &Document) -> Vec<EntityShape> {
    let mut out: Vec<_> = d
        .entities
        .iter()
        .map(|e| {
            (
                e.name.clone(),
                e.entity_type,
                e.mentions.iter().map(|m| (m.start, m.end)).collect(),
            )
        })
        .collect();
    out.sort();
    out
}

/// A quote as (span, kind, speaker name, speaker mention, cue, status).
type QuoteShape = (
    (usize, usize),
    QuoteKind,
    Option<String>,
    Option<(usize, usize)>,
    Option<(usize, usize)>,
    QuoteStatus,
);

fn quote_shape(d: &Document) -> Vec<QuoteShape> {
    d.quotes
        .iter()
        .map(|q| {
            (
                (q.start, q.end),
                q.kind,
                q.speaker
                    .as_ref()
                    .map(|s| d.entity(s).unwrap().name.clone()),
                q.speaker_mention.as_ref().map(|m| (m.start, m.end)),
                q.cue.as_ref().map(|m| (m.start, m.end)),
                q.status,
            )
        })
        .collect()
}

#[test]
fn brat_round_trip_keeps_entities_quotes_speakers_kinds_and_statuses() {
    let original = reviewed();
    let (txt, ann) = brat::write(&original);
    assert_eq!(txt, TEXT);
    let back = brat::read(txt, Source::in_memory(), &ann, "r.ann").unwrap();
    assert_eq!(validate(&back), vec![]);
    assert_eq!(entity_shape(&back), entity_shape(&original));
    assert_eq!(quote_shape(&back), quote_shape(&original));
    // Lost: confidence, rule and the extractor's proposal.
    assert!(
        back.quotes
            .iter()
            .all(|q| q.predicted.is_none() && q.rule == brat::IMPORT_RULE)
    );
}

#[test]
fn brat_offsets_are_code_points_and_split_at_line_breaks() {
    let mut d = reviewed();
    // A quote over the paragraph break: brat cannot hold a line break in an .ann line.
    let start = find("López said.").start;
    let end = find("Karel").end;
    let s = Span::from_text(TEXT, start, end);
    d.quotes.push(Quote {
        id: "q9".into(),
        start,
        end,
        text: s.text,
        fragments: vec![],
        ..d.quotes[3].clone()
    });
    let (_, ann) = brat::write(&d);
    // After the emoji, offsets count it as one: "line" starts at code point 23.
    assert!(ann.contains("\tContent 10 27\topened the 🚋 line"), "{ann}");
    let newline = TEXT.chars().position(|c| c == '\n').unwrap();
    assert!(
        ann.contains(&format!(
            "\tContent {start} {newline};{} {end}\tLópez said. Karel",
            newline + 1
        )),
        "{ann}"
    );
    let back = brat::read(TEXT.to_string(), Source::in_memory(), &ann, "r.ann").unwrap();
    let q = back.quotes.iter().find(|q| q.start == start).unwrap();
    // What brat loses here: the line break splits the quote into two fragments.
    assert_eq!(q.end, end);
    assert_eq!(q.fragments.len(), 2);
}

/// A pair written by hand the way PolNeAR lays its files out and annotates: `text/NAME.txt`,
/// `attributions/NAME_ANNOTATOR.ann`, content with the quotation marks, a discontinuous content,
/// an Attribution trigger on the cue, an attribution without source and a Discuss span.
#[test]
fn imports_a_hand_written_brat_pair_in_polnear_layout() {
    let dir = tempfile::tempdir().unwrap();
    let text = "“We will build it,” Mayor Ana López said on Monday, “and soon.”\n\
The council believes the tram is too expensive, the report said.\n\
It is unclear, officials conceded, whether Zoë Berg agrees.\n";
    let ann = "T1\tSource 20 35\tMayor Ana López\n\
T2\tCue 36 40\tsaid\n\
T3\tContent 0 19;52 63\t“We will build it,” “and soon.”\n\
T4\tAttribution 36 40\tsaid\n\
E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n\
T5\tSource 64 75\tThe council\n\
T6\tCue 76 84\tbelieves\n\
T7\tContent 85 110\tthe tram is too expensive\n\
T8\tAttribution 76 84\tbelieves\n\
E2\tAttribution:T8 Content:T7 Source:T5 Cue:T6\n\
T9\tCue 154 162\tconceded\n\
T10\tContent 164 187\twhether Zoë Berg agrees\n\
T11\tAttribution-no-source 154 162\tconceded\n\
E3\tAttribution-no-source:T11 Content:T10 Cue:T9\n\
T12\tDiscuss 112 127\tthe report said\n\
#1\tAnnotatorNotes T12\tnested attribution, left out\n";
    std::fs::create_dir_all(dir.path().join("text")).unwrap();
    std::fs::create_dir_all(dir.path().join("attributions")).unwrap();
    std::fs::write(dir.path().join("text/tram-story.txt"), text).unwrap();
    let ann_path = dir.path().join("attributions/tram-story_4e07.ann");
    std::fs::write(&ann_path, ann).unwrap();

    let (format, docs) = exchange::import(&ann_path).unwrap();
    assert_eq!(format, Format::Brat);
    let d = &docs[0];
    assert_eq!(validate(d), vec![]);
    assert_eq!(d.text, text);
    assert_eq!(d.quotes.len(), 3);
    // The direct quote: marks left out as in our format, two fragments.
    let q = &d.quotes[0];
    assert_eq!(q.kind, QuoteKind::Direct);
    assert_eq!((q.start, q.end), (1, 62));
    assert_eq!(q.fragments[0].text, "We will build it,");
    assert_eq!(q.fragments[1].text, "and soon.");
    assert_eq!(q.fragments.len(), 2);
    assert_eq!(q.speaker_mention.as_ref().unwrap().text, "Mayor Ana López");
    assert_eq!(q.cue.as_ref().unwrap().text, "said");
    // Sources become entities (type unknown: MISC) so speakers compare by name.
    assert_eq!(
        d.entity(q.speaker.as_deref().unwrap()).unwrap().name,
        "Mayor Ana López"
    );
    let q = &d.quotes[1];
    assert_eq!(
        (q.kind, q.text.as_str()),
        (QuoteKind::Indirect, "the tram is too expensive")
    );
    assert_eq!(
        d.entity(q.speaker.as_deref().unwrap()).unwrap().name,
        "The council"
    );
    let q = &d.quotes[2];
    assert_eq!(
        (q.speaker.as_deref(), q.cue.as_ref().unwrap().text.as_str()),
        (None, "conceded")
    );
    assert!(d.quotes.iter().all(|q| q.status == QuoteStatus::Added));

    // The same through the CLI, to a review file that validates.
    let out = dir.path().join("tram.json");
    let status = Command::new(BIN)
        .args(["convert"])
        .arg(&ann_path)
        .arg("-o")
        .arg(&out)
        .args(["--to", "review"])
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let doc = read_review(&std::fs::read(&out).unwrap(), "tram.json").unwrap();
    assert_eq!(doc.quotes.len(), 3);
}

#[test]
fn label_studio_round_trip_keeps_spans_relations_kinds_statuses() {
    let original = reviewed();
    let json = label_studio::write(std::slice::from_ref(&original));
    let tasks: serde_json::Value = serde_json::from_str(&json).unwrap();
    // The extraction as predictions, the review as annotations.
    assert_eq!(
        tasks[0]["predictions"][0]["model_version"],
        format!("article-review {}", env!("CARGO_PKG_VERSION"))
    );
    assert!(
        tasks[0]["annotations"][0]["result"]
            .as_array()
            .unwrap()
            .len()
            > 4
    );
    let pred = tasks[0]["predictions"][0]["result"].as_array().unwrap();
    assert!(
        pred.iter()
            .all(|r| r["from_name"] != "status" || r["value"]["choices"][0] == "auto"),
        "predictions carry no review status"
    );
    let back = label_studio::read(&json, "tasks.json").unwrap();
    assert_eq!(back.len(), 1);
    assert_eq!(validate(&back[0]), vec![]);
    assert_eq!(entity_shape(&back[0]), entity_shape(&original));
    assert_eq!(quote_shape(&back[0]), quote_shape(&original));
    // The extractor's proposals come back from the predictions: q2 had no proposed speaker.
    let proposals = |d: &Document| -> Vec<Option<String>> {
        d.quotes
            .iter()
            .map(|q| {
                q.predicted
                    .as_ref()
                    .and_then(|p| p.speaker.as_ref())
                    .map(|s| d.entity(s).unwrap().name.clone())
            })
            .collect()
    };
    assert_eq!(proposals(&back[0]), proposals(&original));
}

#[test]
fn label_studio_extraction_only_has_predictions_and_imports_them() {
    let mut d = reviewed();
    for q in &mut d.quotes {
        q.status = QuoteStatus::Auto;
    }
    let json = label_studio::write(std::slice::from_ref(&d));
    let tasks: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(tasks[0].get("annotations").is_none());
    let back = label_studio::read(&json, "tasks.json").unwrap();
    // The prediction's speakers are the extractor's proposals: q2 had none.
    let q2 = back[0]
        .quotes
        .iter()
        .find(|q| q.text == "the cost was lower")
        .unwrap();
    assert_eq!(q2.speaker, None);
}

#[test]
fn doccano_offsets_are_utf16_units_and_round_trip_keeps_spans() {
    let original = reviewed();
    let jsonl = doccano::write(std::slice::from_ref(&original));
    assert_eq!(jsonl.lines().count(), 1);
    let line: serde_json::Value = serde_json::from_str(jsonl.trim()).unwrap();
    // "López said." quote region after the emoji: the emoji counts two UTF-16 units.
    let q1 = original
        .quotes
        .iter()
        .find(|q| q.kind == QuoteKind::Direct)
        .unwrap();
    let labels = line["label"].as_array().unwrap();
    assert!(
        labels
            .iter()
            .any(|l| l[0] == q1.start + 1 && l[1] == q1.end + 1 && l[2] == "QUOTE_DIRECT"),
        "{labels:?}"
    );
    assert!(
        !labels
            .iter()
            .any(|l| l[2] == "QUOTE_INDIRECT" && l[0] == 10),
        "rejected quotes are left out"
    );
    let back = doccano::read(&jsonl, "d.jsonl").unwrap();
    assert_eq!(validate(&back[0]), vec![]);
    // Kept: every mention with its type. Lost: which mentions are one entity ("López" and
    // "Ana López" come back as two).
    let mentions = |d: &Document| {
        let mut all: Vec<(usize, usize, EntityType)> = d
            .entities
            .iter()
            .flat_map(|e| {
                e.mentions
                    .iter()
                    .map(move |m| (m.start, m.end, e.entity_type))
            })
            .collect();
        all.sort();
        all
    };
    assert_eq!(mentions(&back[0]), mentions(&original));
    assert_eq!(back[0].entities.len(), original.entities.len() + 1);
    // Kept: quote spans and kinds. Lost: speakers, cues, statuses and the rejected quote.
    let spans: Vec<((usize, usize), QuoteKind)> = back[0]
        .quotes
        .iter()
        .map(|q| ((q.start, q.end), q.kind))
        .collect();
    let kept: Vec<((usize, usize), QuoteKind)> = original
        .quotes
        .iter()
        .filter(|q| q.status != QuoteStatus::Rejected)
        .map(|q| ((q.start, q.end), q.kind))
        .collect();
    assert_eq!(spans, kept);
    assert!(
        back[0]
            .quotes
            .iter()
            .all(|q| q.speaker.is_none() && q.cue.is_none())
    );
}

#[test]
fn conll_round_trip_keeps_entity_tokens_only() {
    let original = reviewed();
    let conll_text = conll::write(std::slice::from_ref(&original));
    assert!(conll_text.starts_with("-DOCSTART-\tO\n\n"));
    assert!(
        conll_text.contains("Ana\tB-PER\nLópez\tI-PER\n"),
        "{conll_text}"
    );
    assert!(conll_text.contains("🚋\tO\n"));
    let back = conll::read(&conll_text, "x.conll").unwrap();
    assert_eq!(back.len(), 1);
    assert_eq!(validate(&back[0]), vec![]);
    // The text is rebuilt from tokens (spacing lost), entities by name and type, no quotes.
    assert_eq!(
        back[0].text,
        "Ana López opened the 🚋 line .\n“ It is a great day , ” López said .\n\
         Karel Novák said the cost was lower .\nShe told reporters she “ doubted ” it ."
    );
    let names: Vec<(&str, EntityType, usize)> = back[0]
        .entities
        .iter()
        .map(|e| (e.name.as_str(), e.entity_type, e.mentions.len()))
        .collect();
    assert_eq!(
        names,
        [
            ("Ana López", EntityType::Person, 1),
            ("López", EntityType::Person, 1),
            ("Karel Novák", EntityType::Person, 1)
        ]
    );
    assert!(back[0].quotes.is_empty());
    // Written again, the tags are the same.
    assert_eq!(conll::write(&back), conll_text);
}

fn expect_error(path: &Path, contents: &str, wanted: &[&str]) {
    std::fs::write(path, contents).unwrap();
    let error = exchange::import(path).unwrap_err().to_string();
    for w in wanted {
        assert!(error.contains(w), "{error:?} should contain {w:?}");
    }
}

#[test]
fn bad_input_says_which_file_and_where() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.txt"), "Ana said hi.\n").unwrap();
    expect_error(
        &d.join("a.ann"),
        "T1\tSource 0 3\tAna\nT2\tCue 4 8\tsays\n",
        &["a.ann: line 2:", "T2", "\"said\""],
    );
    expect_error(
        &d.join("a.ann"),
        "T1\tSource 0 99\tAna\n",
        &["line 1", "past the end"],
    );
    expect_error(
        &d.join("a.ann"),
        "T1\tSource 0 3\tAna\nE1\tAttribution:T9 Content:T1\n",
        &["E1", "T9"],
    );
    expect_error(
        &d.join("a.ann"),
        "hello\n",
        &["line 1", "not a brat annotation"],
    );
    expect_error(
        &d.join("b.jsonl"),
        "{\"text\": \"a😀b\", \"label\": [[0, 2, \"PER\"]]}\n",
        &["line 1", "UTF-16"],
    );
    expect_error(
        &d.join("b.jsonl"),
        "{\"text\": \"ab\"}\n{\"text\": 3}\n",
        &["b.jsonl: line 2", "text"],
    );
    expect_error(
        &d.join("c.conll"),
        "Ana\tB-PER\nsaid\n",
        &["c.conll: line 2", "no tag"],
    );
    expect_error(
        &d.join("c.conll"),
        "Ana\tX-PER\n",
        &["line 1", "not a BIO tag"],
    );
    expect_error(
        &d.join("t.json"),
        "[{\"data\": {\"text\": \"ab\"}, \"annotations\": [{\"result\": [{\"id\": \"x\", \"type\": \"labels\", \"value\": {\"start\": 0, \"end\": 5, \"labels\": [\"PER\"]}}]}]}]",
        &["task 1", "result[0]", "not a span"],
    );
    expect_error(
        &d.join("t.json"),
        "[{\"data\": {\"text\": \"ab\"}",
        &["t.json: line 1", "not valid JSON"],
    );
    expect_error(
        &d.join("r.ann"),
        "T1\tSource 0 3\tAna\n",
        &["has no text file"],
    );
}

#[test]
fn cli_convert_detects_the_input_and_round_trips_through_each_format() {
    let dir = tempfile::tempdir().unwrap();
    let review = dir.path().join("r.json");
    std::fs::write(&review, to_json_pretty(&reviewed())).unwrap();
    for (to, out) in [
        ("brat", "x.ann"),
        ("label-studio", "x.json"),
        ("doccano", "x.jsonl"),
        ("conll", "x.conll"),
    ] {
        let out = dir.path().join(out);
        let run = Command::new(BIN)
            .arg("convert")
            .arg(&review)
            .arg("-o")
            .arg(&out)
            .args(["--to", to])
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{to}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        let back = dir.path().join(format!("back-{to}.json"));
        let run = Command::new(BIN)
            .arg("convert")
            .arg(&out)
            .arg("-o")
            .arg(&back)
            .args(["--to", "review"])
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{to} back: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        let doc = read_review(&std::fs::read(&back).unwrap(), "back").unwrap();
        assert!(!doc.entities.is_empty(), "{to}");
    }
    assert!(
        dir.path().join("x.txt").is_file(),
        "brat writes the .txt beside the .ann"
    );
    let run = Command::new(BIN)
        .arg("convert")
        .arg(dir.path().join("nothing.ann"))
        .arg("-o")
        .arg(dir.path().join("y.json"))
        .args(["--to", "review"])
        .output()
        .unwrap();
    assert!(!run.status.success());
    assert!(!dir.path().join("y.json").exists());
}
