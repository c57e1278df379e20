//! `compare`: agreement figures on a hand-built pair of reviews, per article and pooled, through
//! the library and the real binary.
//!
//! Reviewer B's copy differs from A's by three speaker changes, two rejections, one added quote
//! and one kind change, spread over two articles. The expected figures are counted by hand in
//! the comments.

use std::path::Path;
use std::process::Command;

#[path = "fixtures/two_reviewers.rs"]
mod two_reviewers;

use article_review::QuoteKind::Direct;
use article_review::QuoteStatus::Confirmed;
use article_review::compare::{DisagreementType, compare, compare_paths, match_quotes};
use article_review::document::json::to_json_pretty;
use serde_json::Value;
use two_reviewers::{ARTICLE_ONE, doc, find, quote, reviews_a, reviews_b};

const BIN: &str = env!("CARGO_BIN_EXE_article-review");

fn close(actual: Option<f64>, expected: f64) {
    let actual = actual.expect("a figure, not n/a");
    assert!(
        (actual - expected).abs() < 1e-9,
        "{actual} is not {expected}"
    );
}

#[test]
fn per_article_figures_equal_the_hand_counts() {
    let (a1, a2) = reviews_a(true);
    let (b1, b2) = reviews_b(true);

    // Article one: 5 quotes each, all matched exactly. Both kept 4 (B rejected one):
    // speaker 2 agree (López, Novák by name) 2 differ; kind 3 agree 1 differs;
    // status kept/kept 4, kept/rejected 1: agreement 0.8, kappa (0.8-0.8)/(1-0.8) = 0.
    let one = compare(&a1, &b1).unwrap();
    let c = one.counts;
    assert_eq!(
        (
            c.quotes_a, c.quotes_b, c.matched, c.exact, c.only_a, c.only_b
        ),
        (5, 5, 5, 5, 0, 0)
    );
    assert_eq!((c.speaker_agree, c.speaker_disagree), (2, 2));
    assert_eq!((c.kind_agree, c.kind_disagree), (3, 1));
    assert_eq!(
        (
            c.status.kept_kept,
            c.status.kept_rejected,
            c.status.rejected_kept,
            c.status.rejected_rejected
        ),
        (4, 1, 0, 0)
    );
    close(c.span_f1(), 1.0);
    close(c.speaker_agreement(), 0.5);
    close(c.kind_agreement(), 0.75);
    close(c.status.agreement(), 0.8);
    close(c.status.kappa(), 0.0);
    let types: Vec<DisagreementType> = one.disagreements.iter().map(|d| d.kind).collect();
    assert_eq!(
        types,
        [
            DisagreementType::Speaker,
            DisagreementType::Speaker,
            DisagreementType::Status,
            DisagreementType::Kind
        ]
    );
    let first = &one.disagreements[0];
    assert_eq!(first.text, "the tram is ready");
    assert_eq!(first.a.as_deref(), Some("Ana López"));
    assert_eq!(first.b.as_deref(), Some("Karel  Novák"));
    assert_eq!(one.disagreements[2].text, "fares stay low 🚋");
    assert_eq!(
        (
            one.disagreements[2].a.as_deref(),
            one.disagreements[2].b.as_deref()
        ),
        (Some("confirmed"), Some("rejected"))
    );

    // Article two: A 4 quotes, B 5; 4 matched, B's "a waste" only in B: span F1 8/9.
    // Both kept 2: speaker 1 agree (nobody = nobody) 1 differs; kind 2 agree.
    // Status kept/kept 2, kept/rejected 1, rejected/rejected 1: observed 3/4; A kept 3/4, B
    // kept 2/4: chance 0.75*0.5 + 0.25*0.5 = 0.5; kappa (0.75-0.5)/0.5 = 0.5.
    let two = compare(&a2, &b2).unwrap();
    let c = two.counts;
    assert_eq!(
        (
            c.quotes_a, c.quotes_b, c.matched, c.exact, c.only_a, c.only_b
        ),
        (4, 5, 4, 4, 0, 1)
    );
    assert_eq!((c.speaker_agree, c.speaker_disagree), (1, 1));
    assert_eq!((c.kind_agree, c.kind_disagree), (2, 0));
    close(c.span_f1(), 8.0 / 9.0);
    close(c.status.kappa(), 0.5);
    let types: Vec<DisagreementType> = two.disagreements.iter().map(|d| d.kind).collect();
    assert_eq!(
        types,
        [
            DisagreementType::Speaker,
            DisagreementType::Status,
            DisagreementType::OnlyB
        ]
    );
    assert_eq!(two.disagreements[0].a, None, "A named nobody");
    assert_eq!(two.disagreements[2].text, "a waste");
    assert_eq!(
        two.disagreements[2].b.as_deref(),
        Some("direct, no speaker, added")
    );
}

fn write_folders(dir: &Path, sha: bool) -> (std::path::PathBuf, std::path::PathBuf) {
    let (a1, a2) = reviews_a(sha);
    let (b1, b2) = reviews_b(sha);
    let (fa, fb) = (dir.join("alice"), dir.join("bob"));
    std::fs::create_dir_all(&fa).unwrap();
    std::fs::create_dir_all(&fb).unwrap();
    std::fs::write(fa.join("one.json"), to_json_pretty(&a1)).unwrap();
    std::fs::write(fa.join("two.json"), to_json_pretty(&a2)).unwrap();
    // B names its files differently: with sha256 they still pair.
    let (n1, n2) = if sha {
        ("b-1.json", "b-2.json")
    } else {
        ("one.json", "two.json")
    };
    std::fs::write(fb.join(n1), to_json_pretty(&b1)).unwrap();
    std::fs::write(fb.join(n2), to_json_pretty(&b2)).unwrap();
    (fa, fb)
}

/// Pooled over both articles: 9 quotes in A, 10 in B, 9 matched: span F1 18/19; speaker 3 of
/// 6; kind 5 of 6; status kept/kept 6, kept/rejected 2, rejected/rejected 1: observed 7/9, A
/// kept 8/9, B kept 6/9, chance 48/81 + 3/81 = 51/81, kappa (63-51)/(81-51) = 0.4.
fn assert_pooled(counts: &article_review::compare::Counts) {
    assert_eq!(
        (
            counts.quotes_a,
            counts.quotes_b,
            counts.matched,
            counts.only_a,
            counts.only_b
        ),
        (9, 10, 9, 0, 1)
    );
    close(counts.span_f1(), 18.0 / 19.0);
    close(counts.exact_f1(), 18.0 / 19.0);
    assert_eq!((counts.speaker_agree, counts.speaker_disagree), (3, 3));
    close(counts.speaker_agreement(), 0.5);
    close(counts.kind_agreement(), 5.0 / 6.0);
    close(counts.status.kappa(), 0.4);
}

#[test]
fn pooled_figures_over_two_folders_paired_by_sha256_or_by_name() {
    for sha in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let (fa, fb) = write_folders(dir.path(), sha);
        let report = compare_paths(&fa, &fb).unwrap();
        assert_eq!(report.pairs.len(), 2, "sha {sha}");
        assert!(report.unpaired_a.is_empty() && report.unpaired_b.is_empty());
        assert_pooled(&report.pooled);
    }
}

#[test]
fn cli_json_report_has_the_issue_fields() {
    let dir = tempfile::tempdir().unwrap();
    let (fa, fb) = write_folders(dir.path(), true);
    let out = Command::new(BIN)
        .args(["compare", "--json"])
        .arg(&fa)
        .arg(&fb)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["quotes_a"], 9);
    assert_eq!(report["quotes_b"], 10);
    assert_eq!(report["matched"], 9);
    assert_eq!(report["only_a"], 0);
    assert_eq!(report["only_b"], 1);
    assert_eq!(report["speaker_agree"], 3);
    assert_eq!(report["speaker_disagree"], 3);
    assert_eq!(report["speaker_agreement"], 0.5);
    assert!((report["span_f1"].as_f64().unwrap() - 18.0 / 19.0).abs() < 1e-9);
    assert!((report["kind_agreement"].as_f64().unwrap() - 5.0 / 6.0).abs() < 1e-9);
    assert!((report["kappa_status"].as_f64().unwrap() - 0.4).abs() < 1e-9);
    let disagreements = report["disagreements"].as_array().unwrap();
    assert_eq!(disagreements.len(), 7);
    let count = |t: &str| disagreements.iter().filter(|d| d["type"] == t).count();
    assert_eq!(
        (
            count("speaker"),
            count("status"),
            count("kind"),
            count("only_b"),
            count("only_a")
        ),
        (3, 2, 1, 1, 0)
    );
    let added = disagreements
        .iter()
        .find(|d| d["type"] == "only_b")
        .unwrap();
    assert_eq!(added["text"], "a waste");
    assert_eq!(added["a"], Value::Null);
    let articles = report["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 2);
    assert_eq!(articles[0]["kappa_status"], 0.0);
    assert_eq!(articles[1]["kappa_status"], 0.5);

    // The text report of one pair names both files and the figures.
    let out = Command::new(BIN)
        .arg("compare")
        .arg(fa.join("one.json"))
        .arg(fb.join("b-1.json"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("speaker agreement 0.500 (2 of 4)"), "{text}");
    assert!(text.contains("4 disagreements"), "{text}");
}

#[test]
fn reviews_of_different_texts_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (a1, _) = reviews_a(false);
    let mut other = a1.clone();
    other.text = other.text.replace("Monday", "Sunday");
    let (pa, pb) = (dir.path().join("a.json"), dir.path().join("b.json"));
    std::fs::write(&pa, to_json_pretty(&a1)).unwrap();
    other.quotes.clear();
    other.entities.clear();
    std::fs::write(&pb, to_json_pretty(&other)).unwrap();
    let error = compare(&a1, &other).unwrap_err();
    let at = find(ARTICLE_ONE, "Monday").0;
    assert_eq!(error.first_difference, at);
    let out = Command::new(BIN)
        .arg("compare")
        .arg(&pa)
        .arg(&pb)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("different texts"), "{stderr}");
    assert!(
        stderr.contains("a.json") && stderr.contains("b.json"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());

    // A file and a folder cannot be compared either.
    let out = Command::new(BIN)
        .arg("compare")
        .arg(&pa)
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("is a folder"));
}

#[test]
fn quotes_match_when_they_overlap_by_half_the_shorter_span() {
    let text = "0123456789abcdefghij";
    let mut a = doc(text, &[], None);
    let mut b = doc(text, &[], None);
    quote(&mut a, "0123456789", Direct, None, Confirmed);
    // 4 of B's 8 code points overlap A's 10: half the shorter span, a match.
    quote(&mut b, "6789abcd", Direct, None, Confirmed);
    assert_eq!(match_quotes(&a.quotes, &b.quotes), vec![(0, 0)]);
    // 3 of 7: less than half, no match.
    b.quotes.clear();
    quote(&mut b, "789abcd", Direct, None, Confirmed);
    assert!(match_quotes(&a.quotes, &b.quotes).is_empty());
    let c = compare(&a, &b).unwrap().counts;
    assert_eq!((c.matched, c.only_a, c.only_b), (0, 1, 1));
}

#[test]
fn an_article_twice_in_a_folder_pairs_by_file_name() {
    // PolNeAR's train set has one article under two names; both copies must be compared.
    let dir = tempfile::tempdir().unwrap();
    let (fa, fb) = write_folders(dir.path(), true);
    let (a1, _) = reviews_a(true);
    let (b1, _) = reviews_b(true);
    std::fs::write(fa.join("copy.json"), to_json_pretty(&a1)).unwrap();
    std::fs::write(fb.join("copy.json"), to_json_pretty(&b1)).unwrap();
    let report = compare_paths(&fa, &fb).unwrap();
    let names = |paths: &[std::path::PathBuf]| -> Vec<String> {
        paths
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect()
    };
    let pairs: Vec<(String, String)> = report
        .pairs
        .iter()
        .map(|p| {
            (
                names(std::slice::from_ref(&p.a))[0].clone(),
                names(std::slice::from_ref(&p.b))[0].clone(),
            )
        })
        .collect();
    assert_eq!(
        pairs,
        [
            ("copy.json".to_string(), "copy.json".to_string()),
            ("two.json".to_string(), "b-2.json".to_string())
        ]
    );
    assert_eq!(names(&report.unpaired_a), ["one.json"]);
    assert_eq!(names(&report.unpaired_b), ["b-1.json"]);
}
