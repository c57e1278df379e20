//! `article-review extract` and the JSON Schema, through the real binary.

#[path = "fixtures/common.rs"]
mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use article_review::document::json::to_json_pretty;
use common::{SAMPLE_TEXT, sample_document};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_article-review");

/// An article written for these tests, with accents, emoji, curly quotes and CRLF line ends.
const ARTICLE: &str = "Ana López, the mayor of Málaga, opened the 🚋 tram line on Monday.\r\n\r\n\
“This is a great day for the city,” López said. “Everyone can ride for free this week.”\r\n\r\n\
According to Mr Karel Novák, the engineer in charge, the line cost less than planned.\r\n\r\n\
The opposition said the fares would rise next year, and she told reporters she “doubted” it.\r\n";

fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn schema_validator() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/article-review.schema.json");
    let schema: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    assert!(
        jsonschema::meta::is_valid(&schema),
        "the schema itself is invalid"
    );
    jsonschema::validator_for(&schema).unwrap()
}

fn schema_errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn extract_writes_the_document_to_stdout_or_out() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("tram.txt");
    std::fs::write(&input, ARTICLE).unwrap();

    let output = run(&["extract", input.to_str().unwrap()], "");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let doc: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(doc["format"], "article-review");
    assert_eq!(doc["text"], ARTICLE.replace("\r\n", "\n"));

    let out = dir.path().join("tram.json");
    std::fs::write(&out, "old").unwrap();
    let output = run(
        &[
            "extract",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        "",
    );
    assert!(output.status.success());
    assert!(output.stdout.is_empty());
    let written: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(written["text"], doc["text"]);
    assert!(!dir.path().join("tram.json.bak").exists());
}

#[test]
fn real_output_matches_the_json_schema() {
    let validator = schema_validator();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("tram.txt");
    std::fs::write(&input, ARTICLE).unwrap();
    let output = run(&["extract", input.to_str().unwrap()], "");
    let extracted: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(schema_errors(&validator, &extracted), Vec::<String>::new());

    // A reviewed document exercising every optional field and enum value the fixture has.
    let reviewed: Value = serde_json::from_str(&to_json_pretty(&sample_document())).unwrap();
    assert_eq!(schema_errors(&validator, &reviewed), Vec::<String>::new());

    let line = format!("{}\n", serde_json::json!({"id": "x1", "text": ARTICLE}));
    let output = run(&["extract", "--jsonl"], &line);
    let with_id: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(schema_errors(&validator, &with_id), Vec::<String>::new());
}

#[test]
fn the_schema_rejects_what_the_format_forbids() {
    let validator = schema_validator();
    let good: Value = serde_json::from_str(&to_json_pretty(&sample_document())).unwrap();
    type Breakage = fn(&mut Value);
    let breakages: [(&str, Breakage); 8] = [
        ("format", |d| d["format"] = "other".into()),
        ("flag", |d| d["quotes"][1]["flag"] = "suspicious".into()),
        ("blank note", |d| d["quotes"][1]["note"] = " \n".into()),
        ("version", |d| d["version"] = 2.into()),
        ("kind", |d| d["quotes"][0]["kind"] = "sung".into()),
        ("status", |d| d["quotes"][0]["status"] = "maybe".into()),
        ("confidence", |d| d["quotes"][0]["confidence"] = 1.5.into()),
        ("negative offset", |d| {
            d["entities"][0]["mentions"][0]["start"] = (-1).into()
        }),
    ];
    for (what, breakage) in breakages {
        let mut bad = good.clone();
        breakage(&mut bad);
        assert!(
            !validator.is_valid(&bad),
            "the schema accepted a bad {what}"
        );
    }
}

#[test]
fn jsonl_keeps_input_order_puts_id_first_and_uses_texts_as_given() {
    let texts: Vec<String> = (0..40)
        .map(|i| format!("Article {i}: “Quote number {i},” said Zoë Ñandú.\r\nEnd."))
        .collect();
    let mut input = String::new();
    for (i, text) in texts.iter().enumerate() {
        let id = if i % 2 == 0 {
            Value::from(i)
        } else {
            Value::from(format!("s{i}"))
        };
        input.push_str(&serde_json::json!({"id": id, "text": text}).to_string());
        input.push('\n');
    }
    input.push('\n'); // blank lines are skipped
    let output = run(&["extract", "--jsonl", "--threads", "3"], &input);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), texts.len());
    for (i, line) in lines.iter().enumerate() {
        assert!(
            line.starts_with("{\"id\":"),
            "id must come first: {line:.40}"
        );
        let doc: Value = serde_json::from_str(line).unwrap();
        let expected = if i % 2 == 0 {
            Value::from(i)
        } else {
            Value::from(format!("s{i}"))
        };
        assert_eq!(doc["id"], expected);
        assert_eq!(
            doc["text"],
            texts[i].as_str(),
            "offsets refer to the text as given"
        );
    }
}

#[test]
fn jsonl_results_do_not_depend_on_the_thread_count() {
    let mut input = String::new();
    for i in 0..12 {
        let text = format!("{SAMPLE_TEXT} Paragraph {i}.");
        input.push_str(&serde_json::json!({"id": i, "text": text}).to_string());
        input.push('\n');
    }
    let strip = |output: Output| -> Vec<Value> {
        String::from_utf8(output.stdout)
            .unwrap()
            .lines()
            .map(|l| {
                let mut v: Value = serde_json::from_str(l).unwrap();
                v["review"]["updated_at"] = Value::Null;
                v
            })
            .collect()
    };
    let one = strip(run(&["extract", "--jsonl", "--threads", "1"], &input));
    let many = strip(run(&["extract", "--jsonl", "--threads", "4"], &input));
    assert_eq!(one.len(), 12);
    assert_eq!(one, many);
}

#[test]
fn jsonl_bad_lines_become_error_lines_and_the_exit_status_is_1() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("a.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    let input = format!(
        "{}\nnot json at all\n{}\n{}\n{}\n",
        serde_json::json!({"id": "good", "text": "Zoë said “yes”."}),
        serde_json::json!({"id": "file", "path": article}),
        serde_json::json!({"id": "gone", "path": dir.path().join("missing.txt")}),
        serde_json::json!({"id": "both", "text": "x", "path": "y"}),
    );
    let output = run(&["extract", "--jsonl"], &input);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[0]["id"], "good");
    assert_eq!(lines[1]["line"], 2);
    assert_eq!(lines[1]["id"], Value::Null);
    assert!(
        lines[1]["error"]
            .as_str()
            .unwrap()
            .contains("not a JSON object")
    );
    assert_eq!(lines[2]["text"], ARTICLE.replace("\r\n", "\n"));
    assert_eq!(lines[3]["id"], "gone");
    assert!(lines[3]["error"].as_str().unwrap().contains("no such file"));
    assert!(lines[4]["error"].as_str().unwrap().contains("exactly one"));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("stdin line 2: "), "{stderr}");
    assert!(stderr.contains("stdin line 4: "), "{stderr}");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn jsonl_writes_out_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pred.jsonl");
    std::fs::write(&out, "old\n").unwrap();
    let input = format!("{}\n", serde_json::json!({"id": 1, "text": "Hello."}));
    let output = run(&["extract", "--jsonl", "-o", out.to_str().unwrap()], &input);
    assert!(output.status.success());
    let written = std::fs::read_to_string(&out).unwrap();
    assert_eq!(written.lines().count(), 1);
    assert!(written.starts_with("{\"id\":1,"));
}

#[test]
fn errors_are_one_line_without_panic() {
    let output = run(&["extract", "--jsonl", "--threads", "0"], "");
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        stderr.trim_end(),
        "article-review: --threads must be at least 1"
    );

    let output = run(
        &["--model", "/nonexistent/model.bin", "extract", "x.txt"],
        "",
    );
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("model.bin"), "{stderr}");
}

#[test]
fn version_names_the_commit() {
    let output = run(&["--version"], "");
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    let prefix = format!("article-review {} (commit ", env!("CARGO_PKG_VERSION"));
    let commit = stdout
        .trim_end()
        .strip_prefix(&prefix)
        .and_then(|rest| rest.strip_suffix(')'))
        .unwrap_or_else(|| panic!("unexpected --version: {stdout}"));
    // A 12-digit hash in a git checkout, "unknown" in an exported tree.
    assert!(
        commit == "unknown"
            || (commit.len() == 12 && commit.chars().all(|c| c.is_ascii_hexdigit())),
        "{stdout}"
    );
}

#[test]
fn jsonl_error_lines_carry_the_line_number_from_first_line_and_the_id_read_so_far() {
    let input = format!(
        "{}\n\n{}\n{}\n{}\n",
        serde_json::json!({"id": "ok", "text": "Zoë said “yes”."}),
        // Valid JSON, but "text" is a number: the id is still known.
        r#"{"id": "wrong-type", "text": 42}"#,
        // Cut off after the id: the id was read before the JSON broke.
        r#"{"id": {"archive": "ä", "n": 7}, "text": "unterminated"#,
        // Broken before any id.
        r#"{"text": "no id yet", "#,
    );
    let output = run(&["extract", "--jsonl", "--first-line", "1001"], &input);
    assert_eq!(output.status.code(), Some(1));
    let lines: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["id"], "ok");
    assert_eq!(lines[1]["id"], "wrong-type");
    assert_eq!(lines[1]["line"], 1003, "the blank line counts");
    assert!(lines[1]["error"].as_str().unwrap().contains("invalid type"));
    assert_eq!(lines[2]["id"], serde_json::json!({"archive": "ä", "n": 7}));
    assert_eq!(lines[2]["line"], 1004);
    assert_eq!(lines[3]["id"], Value::Null);
    assert_eq!(lines[3]["line"], 1005);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("stdin line 1003: "), "{stderr}");
}
