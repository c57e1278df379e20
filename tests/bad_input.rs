//! The bad input matrix, through the real binary: every refusal is one line on stderr naming
//! the file, a non-zero exit, no panic, and an existing `-o OUT` left untouched.

#[path = "fixtures/common.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use article_review::document::json::to_json_pretty;
use article_review::document::load::MAX_FILE_BYTES;
use common::sample_document;

const BIN: &str = env!("CARGO_BIN_EXE_article-review");
const PREVIOUS_OUT: &str = "previous output, must survive\n";

struct Case {
    dir: tempfile::TempDir,
}

impl Case {
    fn new() -> Case {
        Case {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("out.json")
    }

    /// Runs `extract INPUT -o OUT` with OUT already holding earlier output.
    fn extract(&self, input: &Path) -> Output {
        std::fs::write(self.out(), PREVIOUS_OUT).unwrap();
        Command::new(BIN)
            .arg("extract")
            .arg(input)
            .arg("-o")
            .arg(self.out())
            .output()
            .unwrap()
    }

    /// Asserts that `extract` refuses `input` properly, with `expected` in the message.
    fn refused(&self, input: &Path, expected: &str) {
        let output = self.extract(input);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{input:?} was accepted");
        assert_no_panic(&stderr);
        assert_eq!(stderr.lines().count(), 1, "one line expected: {stderr}");
        let named = format!("article-review: {}: ", input.display());
        assert!(
            stderr.starts_with(&named),
            "the message must name the file: {stderr}"
        );
        assert!(stderr.contains(expected), "{expected:?} not in: {stderr}");
        assert_eq!(
            std::fs::read_to_string(self.out()).unwrap(),
            PREVIOUS_OUT,
            "a refused input changed OUT"
        );
        let leftovers: Vec<_> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .filter(|n| n.to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    }

    /// Asserts that `extract` accepts `input` and writes a valid document to OUT.
    fn accepted(&self, input: &Path) -> serde_json::Value {
        let output = self.extract(input);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{input:?} refused: {stderr}");
        let validate = Command::new(BIN)
            .arg("validate")
            .arg(self.out())
            .output()
            .unwrap();
        assert!(
            validate.status.success(),
            "{}",
            String::from_utf8_lossy(&validate.stdout)
        );
        serde_json::from_slice(&std::fs::read(self.out()).unwrap()).unwrap()
    }
}

fn assert_no_panic(stderr: &str) {
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    assert!(!stderr.contains("RUST_BACKTRACE"), "panic: {stderr}");
}

#[test]
fn empty_file() {
    let case = Case::new();
    case.refused(&case.file("empty.txt", b""), "is empty");
    case.refused(&case.file("blank.md", b" \n\r\n\t "), "only white space");
}

#[test]
fn binary_file_with_a_text_name() {
    let case = Case::new();
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0";
    case.refused(&case.file("photo.txt", png), "binary");
    let controls: Vec<u8> = (0..4000u32).map(|i| (i * 7 % 32) as u8 + 1).collect();
    case.refused(&case.file("noise.txt", &controls), "binary");
}

#[test]
fn a_folder() {
    let case = Case::new();
    let folder = case.dir.path().join("articles");
    std::fs::create_dir(&folder).unwrap();
    case.refused(&folder, "is a folder");
}

#[test]
fn a_missing_file() {
    let case = Case::new();
    case.refused(&case.dir.path().join("nowhere.txt"), "no such file");
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_reading() {
    let case = Case::new();
    let path = case.dir.path().join("huge.txt");
    // Sparse: takes no disk space. Read whole, its NUL bytes would be refused as binary; the
    // size message proves the size was checked first.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(MAX_FILE_BYTES + 1).unwrap();
    drop(file);
    case.refused(&path, "over the 50 MB limit");
}

#[test]
fn invalid_utf8() {
    let case = Case::new();
    // UTF-8 "café" followed by a Latin-1 "ï": damaged, refused with its position.
    case.refused(
        &case.file("mixed.txt", b"The caf\xC3\xA9 opened.\nA na\xEFve plan."),
        "line 2, column 5",
    );
    // Purely Latin-1 bytes are a legacy encoding and are decoded.
    let doc = case.accepted(&case.file("latin.txt", b"Le caf\xE9 na\xEFf a ouvert."));
    assert_eq!(doc["text"], "Le café naïf a ouvert.");
    assert_eq!(doc["source"]["encoding"], "windows-1252");
}

#[test]
fn html_with_no_article_text() {
    let case = Case::new();
    let page = b"<html><head><title>Home</title></head><body><nav><a href=/>Home</a></nav>\
                 <footer>Contact</footer></body></html>";
    case.refused(&case.file("menu.html", page), "no article text");
    case.refused(
        &case.file("blank.htm", b"<html><body>  </body></html>"),
        "no article text",
    );
}

#[test]
fn deeply_nested_html() {
    let case = Case::new();
    let page = format!(
        "<html><body>{}<p>text</p>{}</body></html>",
        "<div>".repeat(200_000),
        "</div>".repeat(200_000)
    );
    case.refused(&case.file("deep.html", page.as_bytes()), "nested more than");
}

#[test]
fn a_multi_megabyte_single_line() {
    let case = Case::new();
    // One 2 MB line that is also one 2 MB quotation, with sentences and short quotes inside.
    // Long words keep the token count (and the debug-build test time) down.
    let word = "Pneumonoultramicroscopicsilicovolcanoconiosis".repeat(4) + " ";
    let sentence = format!("Zoë said “this is fine” and {}. ", word.repeat(300));
    let line = format!("“{}” said Ana López. ", sentence.repeat(40));
    assert!(line.len() > 2_000_000);
    let doc = case.accepted(&case.file("line.txt", line.as_bytes()));
    assert_eq!(
        doc["text"].as_str().unwrap().chars().count(),
        line.chars().count()
    );
}

#[test]
fn unbalanced_quotation_marks() {
    let case = Case::new();
    let text = "“This never closes, said Ana.\n\nThen \"another one opens. And ” a stray closer.\n\n\
                She said: “nested ‘single quote never ends.”";
    case.accepted(&case.file("unbalanced.txt", text.as_bytes()));
}

fn review_json() -> String {
    to_json_pretty(&sample_document())
}

#[test]
fn truncated_json() {
    let case = Case::new();
    let json = review_json();
    let cut = &json[..json.len() * 2 / 3];
    let lines = cut.lines().count();
    case.refused(
        &case.file("cut.json", cut.as_bytes()),
        &format!("line {lines} column"),
    );
}

#[test]
fn json_from_another_tool() {
    let case = Case::new();
    case.refused(
        &case.file(
            "other.json",
            br#"{"type": "FeatureCollection", "features": []}"#,
        ),
        "another tool",
    );
}

#[test]
fn a_newer_format_version() {
    let case = Case::new();
    let json = review_json().replacen("\"version\": 1", "\"version\": 2", 1);
    case.refused(
        &case.file("newer.json", json.as_bytes()),
        "uses format version 2, newer than this build of article-review reads (version 1)",
    );
}

/// Refused by `extract` and reported by `validate` with the place of each problem.
fn inconsistent(name: &str, json: String, problem: &str) {
    let case = Case::new();
    let path = case.file(name, json.as_bytes());
    case.refused(&path, problem);
    let output = Command::new(BIN)
        .arg("validate")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_no_panic(&String::from_utf8_lossy(&output.stderr));
    assert!(
        stdout.starts_with(&format!("{}: {problem}", path.display())),
        "{stdout}"
    );
}

#[test]
fn offsets_out_of_range() {
    let mut doc = sample_document();
    doc.quotes[2].end = 5_000;
    inconsistent(
        "range.json",
        to_json_pretty(&doc),
        "quotes[2].end: 5000 is past the end",
    );
    let mut doc = sample_document();
    doc.entities[1].mentions[0].start = doc.entities[1].mentions[0].end + 1;
    inconsistent(
        "order.json",
        to_json_pretty(&doc),
        "entities[1].mentions[0].start",
    );
}

#[test]
fn dangling_speaker_ids() {
    let mut doc = sample_document();
    doc.quotes[1].speaker = Some("e99".into());
    inconsistent(
        "dangling.json",
        to_json_pretty(&doc),
        "quotes[1].speaker: \"e99\" is not the id of any entity",
    );
}

#[test]
fn span_texts_that_do_not_match() {
    let mut doc = sample_document();
    doc.quotes[0].cue.as_mut().unwrap().text = "says".into();
    inconsistent(
        "mismatch.json",
        to_json_pretty(&doc),
        "quotes[0].cue.text: \"says\" does not match",
    );
}

#[test]
fn validate_accepts_good_files_and_reports_every_file() {
    let case = Case::new();
    let good = case.file("good.json", review_json().as_bytes());
    let mut doc = sample_document();
    doc.quotes[0].confidence = 2.0;
    doc.quotes[1].speaker = Some("nobody".into());
    let bad = case.file("bad.json", to_json_pretty(&doc).as_bytes());
    let ok = Command::new(BIN)
        .arg("validate")
        .arg(&good)
        .output()
        .unwrap();
    assert!(ok.status.success());
    assert!(ok.stdout.is_empty());
    let output = Command::new(BIN)
        .args(["validate"])
        .arg(&good)
        .arg(&bad)
        .arg(case.dir.path().join("missing.json"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert!(
        lines[0].ends_with("bad.json: quotes[0].confidence: is 2, outside [0, 1]"),
        "{stdout}"
    );
    assert!(lines[1].contains("bad.json: quotes[1].speaker"), "{stdout}");
    assert!(lines[2].contains("missing.json: no such file"), "{stdout}");
}
