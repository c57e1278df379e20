//! The folder queue, pre-extraction, corpus statistics and export, review locks and the
//! "changed on disk" check, on small articles and review files written for these tests.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::AtomicBool;

use article_review::corpus::batch::{
    ExtractionJob, JobOutcome, extract_one, plan_extraction, run_extraction,
};
use article_review::corpus::disk_version::{
    CheckedSaveError, DiskChange, DiskVersion, open_with_version, save_checked,
};
use article_review::corpus::export::quote_rows;
use article_review::corpus::lock::{
    LockError, LockState, ReviewLock, StaleReason, inspect, lock_path,
};
use article_review::corpus::queue::{
    Filter, INDEX_FILE_NAME, ItemStatus, Queue, ReviewState, SortKey, StatusClass,
};
use article_review::corpus::stats::corpus_stats;
use article_review::document::json::to_json_pretty;
use article_review::document::model::{Gender, QuoteFlag};
use article_review::extract::Extractor;
use article_review::{
    Document, Entity, EntityType, Meta, Origin, Prediction, Quote, QuoteKind, QuoteStatus, Source,
    Span,
};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_article-review");

// ----- building review files by hand -----

/// The code point span of the first `needle` in `text`.
fn span_of(text: &str, needle: &str) -> Span {
    let byte = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in text"));
    let start = text[..byte].chars().count();
    Span::from_text(text, start, start + needle.chars().count())
}

fn doc(text: &str) -> Document {
    Document::new(text.to_string(), Source::in_memory(), Meta::default())
}

fn entity(
    doc: &mut Document,
    id: &str,
    name: &str,
    kind: EntityType,
    mentions: &[&str],
    gender: Option<Gender>,
) {
    let mentions = mentions.iter().map(|m| span_of(&doc.text, m)).collect();
    doc.entities.push(Entity {
        id: id.into(),
        name: name.into(),
        entity_type: kind,
        origin: Origin::Auto,
        mentions,
        gender,
    });
}

/// A quote over `content`; `mention` names the speaker; `predicted` is the extractor's speaker
/// (None for a quote a reviewer added).
#[allow(clippy::too_many_arguments)]
fn quote(
    doc: &mut Document,
    id: &str,
    kind: QuoteKind,
    content: &str,
    speaker: Option<&str>,
    mention: Option<&str>,
    status: QuoteStatus,
    rule: &str,
    predicted: Option<Option<&str>>,
    confidence: f32,
) {
    let span = span_of(&doc.text, content);
    // A pronoun names the speaker after the quote ("…,” he said).
    let mention = mention.map(|m| {
        let after: String = doc.text.chars().skip(span.end).collect();
        let found = span_of(&after, m);
        Span::from_text(&doc.text, span.end + found.start, span.end + found.end)
    });
    doc.quotes.push(Quote {
        id: id.into(),
        kind,
        start: span.start,
        end: span.end,
        text: span.text,
        speaker: speaker.map(String::from),
        speaker_mention: mention.clone(),
        cue: None,
        confidence,
        rule: rule.into(),
        status,
        predicted: predicted.map(|p| Prediction {
            speaker: p.map(String::from),
            speaker_mention: mention,
        }),
        fragments: vec![],
        note: None,
        flag: None,
    });
}

/// Article A: Maria Ortiz (female by the record), the City Council, Tom Baker (male by the
/// pronoun that names him), and a rejected quote without a speaker.
fn article_a() -> Document {
    let mut d = doc(
        "Maria Ortiz opened the café.\n“We are ready,” Ortiz said.\n\
         The City Council said the rent would rise.\nTom Baker arrived late. “Not today,” he said.\n\
         “What a day 😀” was painted on the wall.\n",
    );
    entity(
        &mut d,
        "e1",
        "Maria Ortiz",
        EntityType::Person,
        &["Maria Ortiz"],
        Some(Gender::Female),
    );
    entity(
        &mut d,
        "e2",
        "City Council",
        EntityType::Org,
        &["City Council"],
        None,
    );
    entity(
        &mut d,
        "e3",
        "Tom Baker",
        EntityType::Person,
        &["Tom Baker"],
        None,
    );
    quote(
        &mut d,
        "q1",
        QuoteKind::Direct,
        "We are ready,",
        Some("e1"),
        None,
        QuoteStatus::Confirmed,
        "speaker-cue-quote",
        Some(Some("e1")),
        0.9,
    );
    quote(
        &mut d,
        "q2",
        QuoteKind::Indirect,
        "the rent would rise",
        Some("e2"),
        None,
        QuoteStatus::Auto,
        "cue-after",
        Some(Some("e2")),
        0.4,
    );
    quote(
        &mut d,
        "q3",
        QuoteKind::Direct,
        "Not today,",
        Some("e3"),
        Some("he"),
        QuoteStatus::Corrected,
        "pronoun-previous-speaker",
        Some(Some("e1")),
        0.8,
    );
    d.quotes[2].note = Some("the pronoun is Tom, not Maria".into());
    d.quotes[2].flag = Some(QuoteFlag::Misattributed);
    quote(
        &mut d,
        "q4",
        QuoteKind::Mixed,
        "What a day 😀",
        None,
        None,
        QuoteStatus::Rejected,
        "no-speaker",
        Some(None),
        0.3,
    );
    d
}

/// Article B: María Ortiz again (accented; female by the title "Ms"), Acme Corp, and a quote a
/// reviewer added without a speaker.
fn article_b() -> Document {
    let mut d = doc(
        "Ms María Ortiz spoke first.\r\n“The square stays open,” she said.\n\
         “Prices are stable,” said Acme Corp.\nResidents said the buses were late.\n",
    );
    entity(
        &mut d,
        "e1",
        "María Ortiz",
        EntityType::Person,
        &["María Ortiz"],
        None,
    );
    entity(
        &mut d,
        "e2",
        "Acme Corp",
        EntityType::Org,
        &["Acme Corp"],
        None,
    );
    quote(
        &mut d,
        "q1",
        QuoteKind::Direct,
        "The square stays open,",
        Some("e1"),
        None,
        QuoteStatus::Auto,
        "speaker-cue-quote",
        Some(Some("e1")),
        0.7,
    );
    quote(
        &mut d,
        "q2",
        QuoteKind::Direct,
        "Prices are stable,",
        Some("e2"),
        None,
        QuoteStatus::Confirmed,
        "speaker-cue-quote",
        Some(Some("e2")),
        0.95,
    );
    quote(
        &mut d,
        "q3",
        QuoteKind::Indirect,
        "the buses were late",
        None,
        None,
        QuoteStatus::Added,
        "user",
        None,
        1.0,
    );
    d
}

/// Article C: Zorblax Quenn (no gender signal) and the City Council twice, once rejected.
fn article_c() -> Document {
    let mut d = doc("Zorblax Quenn said the plan was “a good start”.\n\
         The City Council said: “We disagree.” It added: “We will vote.”\n");
    entity(
        &mut d,
        "e1",
        "Zorblax Quenn",
        EntityType::Person,
        &["Zorblax Quenn"],
        None,
    );
    entity(
        &mut d,
        "e2",
        "City Council",
        EntityType::Org,
        &["City Council"],
        None,
    );
    quote(
        &mut d,
        "q1",
        QuoteKind::Mixed,
        "the plan was “a good start”",
        Some("e1"),
        None,
        QuoteStatus::Confirmed,
        "mixed-cue",
        Some(Some("e1")),
        0.6,
    );
    quote(
        &mut d,
        "q2",
        QuoteKind::Direct,
        "We disagree.",
        Some("e2"),
        None,
        QuoteStatus::Rejected,
        "cue-after",
        Some(Some("e2")),
        0.5,
    );
    quote(
        &mut d,
        "q3",
        QuoteKind::Direct,
        "We will vote.",
        Some("e2"),
        None,
        QuoteStatus::Auto,
        "cue-after",
        Some(Some("e2")),
        0.45,
    );
    d
}

fn write_review(path: &Path, doc: &Document) {
    let problems = article_review::document::validate(doc);
    assert!(problems.is_empty(), "test document invalid: {problems:?}");
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, to_json_pretty(doc)).unwrap();
}

/// The three-article example in `dir`: a.review.json, b.review.json, sub/c.review.json.
fn three_articles(dir: &Path) {
    write_review(&dir.join("a.review.json"), &article_a());
    write_review(&dir.join("b.review.json"), &article_b());
    write_review(&dir.join("sub/c.review.json"), &article_c());
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

// ----- statistics and export against the hand count -----

#[test]
fn stats_match_the_hand_count_of_three_articles() {
    let docs = [article_a(), article_b(), article_c()];
    let stats = corpus_stats(&docs, false);
    // Not rejected: A q1-q3, B q1-q3, C q1 and q3.
    assert_eq!((stats.articles, stats.quotes, stats.reviewed), (3, 8, 5));
    assert_eq!(
        (
            stats.by_kind.direct,
            stats.by_kind.mixed,
            stats.by_kind.indirect
        ),
        (5, 1, 2)
    );
    let t = &stats.by_type;
    assert_eq!((t.person, t.org, t.loc, t.misc, t.none), (4, 3, 0, 0, 1));
    let g = &stats.by_gender;
    // Female: Maria (record), María (title "Ms"); male: Tom Baker ("he"); the rest unknown.
    assert_eq!((g.female, g.male, g.unknown), (2, 1, 5));
    let p = &stats.people_by_gender;
    assert_eq!((p.female, p.male, p.unknown), (2, 1, 1));
    let s = &stats.by_status;
    assert_eq!(
        (s.auto, s.confirmed, s.corrected, s.rejected, s.added),
        (3, 3, 1, 2, 1)
    );
    let speakers: Vec<(&str, &str, &str, usize, usize)> = stats
        .speakers
        .iter()
        .map(|s| {
            (
                s.name.as_str(),
                s.entity_type.as_str(),
                s.gender.as_str(),
                s.quotes,
                s.articles,
            )
        })
        .collect();
    assert_eq!(
        speakers,
        [
            ("City Council", "ORG", "unknown", 2, 2),
            ("Maria Ortiz", "PERSON", "female", 2, 2),
            ("Acme Corp", "ORG", "unknown", 1, 1),
            ("Tom Baker", "PERSON", "male", 1, 1),
            ("Zorblax Quenn", "PERSON", "unknown", 1, 1),
        ]
    );
    let orgs: Vec<(&str, usize)> = stats
        .organisations
        .iter()
        .map(|o| (o.name.as_str(), o.quotes))
        .collect();
    assert_eq!(orgs, [("City Council", 2), ("Acme Corp", 1)]);
    let rules: Vec<(&str, usize, usize, usize)> = stats
        .corrections_by_rule
        .iter()
        .map(|r| (r.rule.as_str(), r.reviewed, r.overruled, r.unreviewed))
        .collect();
    assert_eq!(
        rules,
        [
            ("cue-after", 1, 1, 2),
            ("no-speaker", 1, 1, 0),
            ("pronoun-previous-speaker", 1, 1, 0),
            ("mixed-cue", 1, 0, 0),
            ("speaker-cue-quote", 2, 0, 1),
        ]
    );
    assert_eq!(stats.corrections_by_rule[2].speaker_changed, 1);

    let reviewed = corpus_stats(&docs, true);
    assert_eq!((reviewed.quotes, reviewed.reviewed), (5, 5));
    assert_eq!(reviewed.by_status.auto, 0);
    assert_eq!(reviewed.by_status.rejected, 2);
    assert_eq!(
        reviewed.by_gender.female + reviewed.by_gender.male + reviewed.by_gender.unknown,
        5
    );
}

#[test]
fn stats_command_prints_the_issue_json_fields() {
    let dir = tempfile::tempdir().unwrap();
    three_articles(dir.path());
    let output = run(&["stats", dir.path().to_str().unwrap(), "--json"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["articles"], 3);
    assert_eq!(json["quotes"], 8);
    assert_eq!(json["reviewed"], 5);
    assert_eq!(
        json["by_type"],
        serde_json::json!({"PERSON": 4, "ORG": 3, "LOC": 0, "MISC": 0, "none": 1})
    );
    assert_eq!(
        json["by_gender"],
        serde_json::json!({"female": 2, "male": 1, "unknown": 5})
    );
    assert_eq!(
        json["by_kind"],
        serde_json::json!({"direct": 5, "mixed": 1, "indirect": 2})
    );
    assert_eq!(
        json["by_status"],
        serde_json::json!({"auto": 3, "confirmed": 3, "corrected": 1, "rejected": 2, "added": 1})
    );
    assert_eq!(
        json["speakers"][1],
        serde_json::json!({"name": "Maria Ortiz", "type": "PERSON", "gender": "female", "quotes": 2, "articles": 2})
    );

    // A single file, reviewed quotes only.
    let a = dir.path().join("a.review.json");
    let output = run(&["stats", a.to_str().unwrap(), "--json", "--reviewed-only"]);
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        (json["articles"].as_u64(), json["quotes"].as_u64()),
        (Some(1), Some(2))
    );

    let output = run(&["stats", dir.path().to_str().unwrap(), "--csv"]);
    let csv = stdout(&output);
    assert!(
        csv.starts_with("section,key,type,gender,count,articles\n"),
        "{csv}"
    );
    assert!(csv.contains("\ntotal,quotes,,,8,\n"), "{csv}");
    assert!(
        csv.contains("\nspeaker,Maria Ortiz,PERSON,female,2,2\n"),
        "{csv}"
    );
    assert!(csv.contains("\nby_type,none,,,1,\n"), "{csv}");

    let text = stdout(&run(&["stats", dir.path().to_str().unwrap()]));
    assert!(
        text.starts_with("3 articles, 8 quotes (5 reviewed)"),
        "{text}"
    );
}

#[test]
fn stats_skips_an_unreadable_review_file_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    three_articles(dir.path());
    std::fs::write(
        dir.path().join("broken.review.json"),
        "{\"format\": \"article-rev",
    )
    .unwrap();
    let output = run(&["stats", dir.path().to_str().unwrap(), "--json"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("skipped broken.review.json"), "{stderr}");
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["articles"], 3);
}

#[test]
fn export_writes_one_row_per_quote() {
    let rows = quote_rows("a", &article_a());
    assert_eq!(rows.len(), 4);
    let q3 = &rows[2];
    assert_eq!(
        (
            q3.speaker.as_str(),
            q3.speaker_type.as_str(),
            q3.gender.as_str(),
            q3.status.as_str()
        ),
        ("Tom Baker", "PERSON", "male", "corrected")
    );
    assert_eq!(q3.note.as_deref(), Some("the pronoun is Tom, not Maria"));
    assert_eq!(q3.flag.as_deref(), Some("misattributed"));
    let q4 = &rows[3];
    assert_eq!(
        (
            q4.text.as_str(),
            q4.speaker.as_str(),
            q4.speaker_type.as_str(),
            q4.gender.as_str()
        ),
        ("What a day 😀", "", "none", "unknown")
    );

    let dir = tempfile::tempdir().unwrap();
    three_articles(dir.path());
    let out = dir.path().join("quotes.csv");
    let output = run(&[
        "export",
        dir.path().to_str().unwrap(),
        "--format",
        "csv",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut reader = csv::Reader::from_path(&out).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "article",
            "quote_id",
            "kind",
            "text",
            "speaker",
            "type",
            "gender",
            "status",
            "confidence",
            "note",
            "flag",
            "start",
            "end"
        ]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // 4 + 3 + 3 quotes, rejected ones included, in file-name order.
    assert_eq!(records.len(), 10);
    let articles: Vec<&str> = records.iter().map(|r| &r[0]).collect();
    assert_eq!(
        articles,
        ["a.review.json"; 4]
            .into_iter()
            .chain(["b.review.json"; 3])
            .chain(["sub/c.review.json"; 3])
            .collect::<Vec<_>>()
    );
    assert_eq!(
        (
            &records[2][9],
            &records[2][10],
            &records[1][9],
            &records[1][10]
        ),
        ("the pronoun is Tom, not Maria", "misattributed", "", "")
    );
    // The curly quotes inside a mixed quote survive CSV quoting.
    assert_eq!(&records[7][3], "the plan was “a good start”");
    assert_eq!((&records[7][11], &records[7][12]), ("19", "46"));

    let output = run(&["export", dir.path().to_str().unwrap(), "--format", "jsonl"]);
    let lines: Vec<Value> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 10);
    assert_eq!(lines[5]["speaker"], "Acme Corp");
    assert_eq!(lines[5]["type"], "ORG");
    assert_eq!(lines[6]["type"], "none");
}

// ----- the queue -----

/// Articles and review files of every status:
/// - a.txt: no review (new);
/// - b.md + b.review.json: 1 of 3 reviewed, 1 doubtful left (in progress);
/// - c.html + c.review.json: all reviewed (done);
/// - sub/d.htm + sub/d.review.json: extracted, none reviewed (new);
/// - e.review.json alone (a review whose article is elsewhere): done;
/// - f.txt + f.review.json: damaged (unreadable).
fn queue_folder(dir: &Path) {
    std::fs::write(dir.join("a.txt"), "Ana said “hello”.\n").unwrap();
    std::fs::write(dir.join("b.md"), "B.\n").unwrap();
    let mut b = article_a();
    b.quotes.truncate(3);
    b.quotes[0].status = QuoteStatus::Confirmed;
    b.quotes[2].status = QuoteStatus::Auto;
    write_review(&dir.join("b.review.json"), &b);
    std::fs::write(dir.join("c.html"), "<html><body><p>C.</p></body></html>").unwrap();
    let mut c = article_b();
    for q in &mut c.quotes {
        q.status = QuoteStatus::Confirmed;
    }
    write_review(&dir.join("c.review.json"), &c);
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("sub/d.htm"), "<p>D.</p>").unwrap();
    let mut d = article_c();
    for q in &mut d.quotes {
        q.status = QuoteStatus::Auto;
    }
    write_review(&dir.join("sub/d.review.json"), &d);
    write_review(&dir.join("e.review.json"), &c);
    std::fs::write(dir.join("f.txt"), "F.\n").unwrap();
    std::fs::write(
        dir.join("f.review.json"),
        "{\"format\": \"article-review\", \"quo",
    )
    .unwrap();
    // Not queue items: other files, hidden folders.
    std::fs::write(dir.join("notes.pdf"), "x").unwrap();
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    std::fs::write(dir.join(".git/x.txt"), "x").unwrap();
}

fn statuses(queue: &Queue) -> Vec<(String, Option<ItemStatus>)> {
    queue
        .view()
        .iter()
        .map(|&i| (queue.items()[i].name.clone(), queue.items()[i].status()))
        .collect()
}

#[test]
fn queue_lists_articles_and_reviews_with_their_status() {
    let dir = tempfile::tempdir().unwrap();
    queue_folder(dir.path());
    let mut queue = Queue::open(dir.path()).unwrap();
    let names: Vec<&str> = queue.items().iter().map(|i| i.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "a.txt",
            "b.md",
            "c.html",
            "e.review.json",
            "f.txt",
            "sub/d.htm"
        ]
    );
    // Nothing read yet but what needs no reading.
    assert_eq!(queue.items()[0].status(), Some(ItemStatus::New));
    assert_eq!(queue.pending_count(), 5);
    queue.load_all();
    let unreadable = match queue.items()[4].status() {
        Some(ItemStatus::Unreadable(message)) => message,
        other => panic!("f.txt: {other:?}"),
    };
    assert!(unreadable.contains("f.review.json"), "{unreadable}");
    assert_eq!(
        queue.items()[1].status(),
        Some(ItemStatus::InProgress {
            reviewed: 1,
            total: 3
        })
    );
    let b = queue.items()[1].summary().unwrap();
    // q2 (0.4, auto) is doubtful; q3 (0.8, auto) is not.
    assert_eq!((b.quotes(), b.doubtful), (3, 1));
    assert_eq!(queue.items()[2].status(), Some(ItemStatus::Done));
    assert_eq!(queue.items()[3].status(), Some(ItemStatus::Done));
    assert_eq!(queue.items()[5].status(), Some(ItemStatus::New));
    let d = queue.items()[5].summary().unwrap();
    // Auto quotes at 0.6, 0.5 and 0.45: only 0.45 is under the 0.5 threshold.
    assert_eq!((d.total, d.reviewed, d.doubtful), (3, 0, 1));
    // Opening picks the review when there is one, else the article.
    assert_eq!(queue.items()[0].open_path(), dir.path().join("a.txt"));
    assert_eq!(
        queue.items()[1].open_path(),
        dir.path().join("b.review.json")
    );

    queue.set_sort(SortKey::Status, false);
    let order: Vec<String> = statuses(&queue).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        order,
        [
            "a.txt",
            "sub/d.htm",
            "b.md",
            "c.html",
            "e.review.json",
            "f.txt"
        ]
    );

    queue.set_filter(Filter {
        statuses: [StatusClass::New, StatusClass::InProgress]
            .into_iter()
            .collect(),
        ..Filter::default()
    });
    let order: Vec<String> = statuses(&queue).into_iter().map(|(n, _)| n).collect();
    assert_eq!(order, ["a.txt", "sub/d.htm", "b.md"]);
    queue.set_filter(Filter {
        name_contains: "SUB/".into(),
        ..Filter::default()
    });
    assert_eq!(statuses(&queue).len(), 1);
}

#[test]
fn next_previous_and_next_unfinished_follow_the_view() {
    let dir = tempfile::tempdir().unwrap();
    queue_folder(dir.path());
    let mut queue = Queue::open(dir.path()).unwrap();
    let index = |name: &str| queue_index(&queue, name);
    let (a, b, c, e, f, d) = (
        index("a.txt"),
        index("b.md"),
        index("c.html"),
        index("e.review.json"),
        index("f.txt"),
        index("sub/d.htm"),
    );
    assert_eq!(queue.next(None), Some(a));
    assert_eq!(queue.next(Some(a)), Some(b));
    assert_eq!(queue.previous(Some(b)), Some(a));
    assert_eq!(queue.previous(Some(a)), None);
    assert_eq!(queue.next(Some(d)), None);
    // From b: c and e are done, f unreadable, d is new.
    assert_eq!(queue.next_unfinished(Some(b)), Some(d));
    // From d it wraps round to a.
    assert_eq!(queue.next_unfinished(Some(d)), Some(a));
    let _ = (c, e, f);
    // Only the current item unfinished: nothing else to go to.
    let only = tempfile::tempdir().unwrap();
    std::fs::write(only.path().join("x.txt"), "x").unwrap();
    let mut single = Queue::open(only.path()).unwrap();
    assert_eq!(single.next_unfinished(Some(0)), None);
    assert_eq!(single.next_unfinished(None), Some(0));
}

fn queue_index(queue: &Queue, name: &str) -> usize {
    queue.items().iter().position(|i| i.name == name).unwrap()
}

#[test]
fn reviews_are_saved_beside_the_article_or_in_the_chosen_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("queue");
    std::fs::create_dir_all(root.join("sub")).unwrap();
    std::fs::write(root.join("one.txt"), "One.").unwrap();
    std::fs::write(root.join("sub/two.html"), "<p>Two.</p>").unwrap();
    // Same stem in one folder: both keep their extension.
    std::fs::write(root.join("sub/three.txt"), "Three.").unwrap();
    std::fs::write(root.join("sub/three.md"), "Three again.").unwrap();
    let mut queue = Queue::open(&root).unwrap();
    let path = |q: &Queue, name: &str| q.items()[queue_index(q, name)].review_path.clone();
    assert_eq!(path(&queue, "one.txt"), root.join("one.review.json"));
    assert_eq!(
        path(&queue, "sub/two.html"),
        root.join("sub/two.review.json")
    );
    assert_eq!(
        path(&queue, "sub/three.txt"),
        root.join("sub/three.txt.review.json")
    );
    assert_eq!(
        path(&queue, "sub/three.md"),
        root.join("sub/three.md.review.json")
    );

    // An output folder, chosen once: remembered by the next opening.
    let out = dir.path().join("reviews");
    queue.set_output_dir(Some(out.clone())).unwrap();
    queue.save_index().unwrap();
    let queue = Queue::open(&root).unwrap();
    assert_eq!(queue.output_dir(), Some(out.as_path()));
    assert_eq!(
        path(&queue, "sub/two.html"),
        out.join("sub/two.review.json")
    );
    // An existing review beside the article is still found and opened.
    write_review(&root.join("one.review.json"), &article_a());
    let queue = Queue::open(&root).unwrap();
    let one = &queue.items()[queue_index(&queue, "one.txt")];
    assert_eq!(one.open_path(), root.join("one.review.json"));
    assert_eq!(one.new_review_path, out.join("one.review.json"));
    // Once a review is in the output folder, that one is opened.
    write_review(&out.join("one.review.json"), &article_b());
    let queue = Queue::open(&root).unwrap();
    assert_eq!(
        queue.items()[queue_index(&queue, "one.txt")].open_path(),
        out.join("one.review.json")
    );
    // An output folder inside the queue is not listed as articles of its own.
    let mut queue = Queue::open(&root).unwrap();
    queue.set_output_dir(Some(root.join("out"))).unwrap();
    write_review(&root.join("out/sub/two.review.json"), &article_c());
    queue.rescan().unwrap();
    assert_eq!(queue.items().len(), 4);
    assert_eq!(
        queue.items()[queue_index(&queue, "sub/two.html")].open_path(),
        root.join("out/sub/two.review.json")
    );
}

#[test]
fn the_index_is_used_when_fresh_and_rebuilt_when_stale_or_damaged() {
    let dir = tempfile::tempdir().unwrap();
    queue_folder(dir.path());
    let mut queue = Queue::open(dir.path()).unwrap();
    queue.load_all();
    queue.save_index().unwrap();
    assert!(dir.path().join(INDEX_FILE_NAME).is_file());
    // Fresh: every readable review comes from the index, nothing is read.
    let queue = Queue::open(dir.path()).unwrap();
    assert_eq!(
        queue.pending_count(),
        1,
        "only the unreadable file is read again"
    );
    let b = queue_index(&queue, "b.md");
    assert_eq!(
        queue.items()[b].status(),
        Some(ItemStatus::InProgress {
            reviewed: 1,
            total: 3
        })
    );

    // Stale: b's review changes (all quotes confirmed); the index entry is not trusted.
    let mut changed = article_a();
    changed.quotes.truncate(3);
    for q in &mut changed.quotes {
        q.status = QuoteStatus::Confirmed;
    }
    write_review(&dir.path().join("b.review.json"), &changed);
    let mut queue = Queue::open(dir.path()).unwrap();
    assert_eq!(queue.items()[b].review, ReviewState::Pending);
    assert_eq!(queue.load_item(b), Some(ItemStatus::Done));
    queue.save_index().unwrap();
    let queue = Queue::open(dir.path()).unwrap();
    assert_eq!(queue.items()[b].status(), Some(ItemStatus::Done));

    // Damaged or foreign: rebuilt from the files.
    std::fs::write(
        dir.path().join(INDEX_FILE_NAME),
        "{\"format\": \"article-review-index\", \"versi",
    )
    .unwrap();
    let mut queue = Queue::open(dir.path()).unwrap();
    assert_eq!(queue.pending_count(), 5);
    queue.load_all();
    assert_eq!(queue.items()[b].status(), Some(ItemStatus::Done));
    queue.save_index().unwrap();
    assert_eq!(Queue::open(dir.path()).unwrap().pending_count(), 1);

    // A review deleted: the item is new again.
    std::fs::remove_file(dir.path().join("b.review.json")).unwrap();
    let queue = Queue::open(dir.path()).unwrap();
    assert_eq!(queue.items()[b].status(), Some(ItemStatus::New));
}

// ----- pre-extraction -----

const ARTICLE_ONE: &str = "Lena Fischer, the harbour master, spoke on Tuesday.\n\n\
“The ships will come back,” Fischer said. She added that the port would reopen in May.\n";
const ARTICLE_TWO: &str = "“We are not worried,” said Omar Haddad, the club’s coach.\r\n\r\n\
Haddad said the team had trained hard. 🏟️\r\n";

#[test]
fn extract_dir_skips_reviewed_articles_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("articles");
    std::fs::create_dir_all(root.join("week1")).unwrap();
    std::fs::write(root.join("one.txt"), ARTICLE_ONE).unwrap();
    std::fs::write(root.join("week1/two.txt"), ARTICLE_TWO).unwrap();
    // two.txt already has a review, beside it.
    let existing = to_json_pretty(&article_c());
    std::fs::write(root.join("week1/two.review.json"), &existing).unwrap();

    let out = dir.path().join("out");
    let output = run(&[
        "extract",
        root.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("1 review file(s) written"), "{stderr}");
    assert!(stderr.contains("1 article(s) skipped"), "{stderr}");
    let one: Value =
        serde_json::from_slice(&std::fs::read(out.join("one.review.json")).unwrap()).unwrap();
    assert_eq!(one["format"], "article-review");
    assert!(one["quotes"].as_array().is_some_and(|q| !q.is_empty()));
    assert!(!out.join("week1/two.review.json").exists());
    assert_eq!(
        std::fs::read_to_string(root.join("week1/two.review.json")).unwrap(),
        existing
    );

    // Again: everything has a review now.
    let output = run(&["extract", root.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("0 review file(s) written under"),
        "the output folder is remembered: {stderr}"
    );

    // --force writes every article to the output folder; the review beside two.txt stays.
    let output = run(&[
        "extract",
        root.to_str().unwrap(),
        "--force",
        "--threads",
        "2",
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("2 review file(s) written"), "{stderr}");
    assert!(out.join("week1/two.review.json").is_file());
    assert!(
        out.join("one.review.json.bak").is_file(),
        "a replaced review is kept as .bak"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("week1/two.review.json")).unwrap(),
        existing
    );
    let two: Value =
        serde_json::from_slice(&std::fs::read(out.join("week1/two.review.json")).unwrap()).unwrap();
    assert!(two["text"].as_str().unwrap().contains("Omar Haddad"));
    // The queue now opens the new reviews.
    let queue = Queue::open(&root).unwrap();
    assert!(
        queue
            .items()
            .iter()
            .all(|i| i.open_path().starts_with(&out))
    );

    let file = dir.path().join("file.txt");
    std::fs::write(&file, ARTICLE_ONE).unwrap();
    let output = run(&[
        "extract",
        out.to_str().unwrap(),
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("is a file"));
}

#[test]
fn pre_extraction_never_replaces_a_review_that_appears_and_can_be_cancelled() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("one.txt"), ARTICLE_ONE).unwrap();
    std::fs::write(dir.path().join("two.txt"), ARTICLE_TWO).unwrap();
    let queue = Queue::open(dir.path()).unwrap();
    let jobs = plan_extraction(&queue, false);
    assert_eq!(jobs.len(), 2);
    let extractor = Extractor::bundled();
    // A reviewer saves one.review.json after the job was planned.
    std::fs::write(&jobs[0].review, "mine").unwrap();
    assert_eq!(
        extract_one(&jobs[0], &extractor, false),
        JobOutcome::Skipped
    );
    assert_eq!(std::fs::read_to_string(&jobs[0].review).unwrap(), "mine");

    let cancel = AtomicBool::new(true);
    let report = run_extraction(&jobs, &extractor, 1, false, &cancel, &|_, _, _| {}).unwrap();
    assert!(report.cancelled);
    assert!(!jobs[1].review.exists());

    let cancel = AtomicBool::new(false);
    let seen = std::sync::Mutex::new(Vec::new());
    let report = run_extraction(&jobs, &extractor, 2, false, &cancel, &|progress, job, _| {
        seen.lock().unwrap().push((progress.done, job.name.clone()));
    })
    .unwrap();
    assert_eq!(
        (report.written, report.skipped, report.failed.len()),
        (1, 1, 0)
    );
    let mut seen = seen.into_inner().unwrap();
    seen.sort();
    assert_eq!(seen.iter().map(|(d, _)| *d).collect::<Vec<_>>(), [1, 2]);

    let bad = ExtractionJob {
        name: "empty.txt".into(),
        article: dir.path().join("empty.txt"),
        review: dir.path().join("empty.review.json"),
    };
    std::fs::write(&bad.article, "   \n").unwrap();
    match extract_one(&bad, &extractor, false) {
        JobOutcome::Failed(message) => assert!(message.contains("white space"), "{message}"),
        other => panic!("{other:?}"),
    }
}

// ----- locks and outside changes -----

#[test]
fn a_second_holder_is_refused_until_the_first_releases() {
    let dir = tempfile::tempdir().unwrap();
    let review = dir.path().join("a.review.json");
    let first = ReviewLock::acquire(&review).unwrap();
    assert_eq!(first.holder().pid, std::process::id());
    match ReviewLock::acquire(&review) {
        Err(LockError::Held(holder)) => {
            assert_eq!(&holder, first.holder());
            assert!(
                LockError::Held(holder)
                    .to_string()
                    .contains(&std::process::id().to_string())
            );
        }
        other => panic!("second holder: {other:?}"),
    }
    assert!(matches!(inspect(&review).unwrap(), LockState::Held(_)));
    drop(first);
    assert!(!lock_path(&review).exists());
    assert_eq!(inspect(&review).unwrap(), LockState::Free);
    let second = ReviewLock::acquire(&review).unwrap();
    assert!(second.is_still_held());
}

/// The pid of a process that has exited.
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[test]
fn a_stale_lock_is_reported_and_taken_over_only_once() {
    let dir = tempfile::tempdir().unwrap();
    let review = dir.path().join("a.review.json");
    let host = gethostname();
    let lock = format!(
        "{{\"user\": \"bob\", \"host\": \"{host}\", \"pid\": {}, \"time\": \"{}\", \"token\": \"t1\"}}",
        dead_pid(),
        humantime::format_rfc3339_seconds(std::time::SystemTime::now())
    );
    std::fs::write(lock_path(&review), &lock).unwrap();
    let stale = match ReviewLock::acquire(&review) {
        Err(LockError::Stale(holder, StaleReason::ProcessGone)) => holder,
        other => panic!("expected a stale lock: {other:?}"),
    };
    assert_eq!(stale.user, "bob");
    let mine = ReviewLock::take_over(&review, &stale).unwrap();
    assert!(mine.is_still_held());
    // A second reviewer who saw the same stale lock cannot take it from us.
    match ReviewLock::take_over(&review, &stale) {
        Err(LockError::Held(holder)) => assert_eq!(&holder, mine.holder()),
        other => panic!("{other:?}"),
    }

    // A day-old lock from another machine is stale too; a fresh one is live.
    let other = dir.path().join("b.review.json");
    let old = humantime::format_rfc3339_seconds(
        std::time::SystemTime::now() - std::time::Duration::from_secs(25 * 3600),
    );
    std::fs::write(
        lock_path(&other),
        format!("{{\"user\": \"eve\", \"host\": \"elsewhere\", \"pid\": 1, \"time\": \"{old}\"}}"),
    )
    .unwrap();
    assert!(matches!(
        inspect(&other).unwrap(),
        LockState::Stale(_, StaleReason::TooOld)
    ));
    let now = humantime::format_rfc3339_seconds(std::time::SystemTime::now());
    std::fs::write(
        lock_path(&other),
        format!("{{\"user\": \"eve\", \"host\": \"elsewhere\", \"pid\": 1, \"time\": \"{now}\"}}"),
    )
    .unwrap();
    assert!(matches!(ReviewLock::acquire(&other), Err(LockError::Held(h)) if h.user == "eve"));
}

fn gethostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_default()
}

#[test]
fn a_save_after_an_outside_change_asks_instead_of_overwriting() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.review.json");
    write_review(&path, &article_a());
    let extractor = Extractor::bundled();
    let (mut doc, version) = open_with_version(&path, &extractor).unwrap();
    doc.quotes[1].status = QuoteStatus::Confirmed;
    // Another reviewer saves meanwhile.
    let theirs = to_json_pretty(&article_b());
    std::fs::write(&path, &theirs).unwrap();
    match save_checked(&path, &doc, &version) {
        Err(CheckedSaveError::ChangedOnDisk(DiskChange::Changed)) => {}
        other => panic!("expected a refusal: {other:?}"),
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
    // Overwrite, after the reviewer said so.
    let now = DiskVersion::of_file(&path).unwrap();
    let saved = save_checked(&path, &doc, &now).unwrap();
    assert_eq!(saved.check(&path).unwrap(), DiskChange::Unchanged);
    // Deleted on disk, and created where there was none.
    std::fs::remove_file(&path).unwrap();
    assert!(matches!(
        save_checked(&path, &doc, &saved),
        Err(CheckedSaveError::ChangedOnDisk(DiskChange::Removed))
    ));
    std::fs::write(&path, "x").unwrap();
    assert_eq!(DiskVersion(None).check(&path).unwrap(), DiskChange::Created);
}

#[cfg(unix)]
#[test]
fn recovery_folder_snapshots_and_locks_are_private() {
    use article_review::recovery::{RecoveryEntry, RecoveryStore};
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let dir = tempfile::tempdir().unwrap();
    let recovery = dir.path().join("data/recovery");
    let store = RecoveryStore::open(&recovery).unwrap();
    assert_eq!(mode(&recovery), 0o700);
    let entry = RecoveryEntry::new("file-1".into(), None, article_a());
    store.save(&entry).unwrap();
    assert_eq!(mode(&recovery.join("file-1.json")), 0o600);
    // A folder made by someone else with open permissions is closed on opening.
    let open = dir.path().join("open");
    std::fs::create_dir_all(&open).unwrap();
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o755)).unwrap();
    RecoveryStore::open(&open).unwrap();
    assert_eq!(mode(&open), 0o700);
    let review = dir.path().join("a.review.json");
    let lock = ReviewLock::acquire(&review).unwrap();
    assert_eq!(mode(lock.path()), 0o600);
}

#[test]
fn queue_refuses_a_file_or_a_missing_folder_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    std::fs::write(&file, "x").unwrap();
    assert!(
        Queue::open(&file)
            .unwrap_err()
            .to_string()
            .contains("is not a folder")
    );
    let missing = dir.path().join("nope");
    assert!(
        Queue::open(&missing)
            .unwrap_err()
            .to_string()
            .contains("cannot open the folder")
    );
    let output = run(&["stats", missing.to_str().unwrap()]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("no such file or folder"));
}
