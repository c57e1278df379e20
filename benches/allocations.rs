//! Heap allocations per document, stage by stage, counted by a wrapping global allocator.
//!
//! `cargo bench --no-default-features --bench allocations` counts them on the bundled sample
//! article; with `ARTICLE_REVIEW_BENCH_JSONL=FILE` (JSON lines with a `"text"` field, such as the
//! team's gold files) it gives the mean per document of that file instead. One warm-up document
//! goes first, so that one-time loading (the bundled model, lexicons) is not counted.
//!
//! Two counts: each stage on the previous stage's output, as `extract --jsonl` chains them
//! (reading the input line, segment, tag, entities, quotes, the code point conversion, the JSON
//! line); and the whole line through `cli::extract_jsonl_line`, the function `extract --jsonl`
//! runs for every line, so the total is the real path's and not a copy of it.

use std::alloc::System;

use article_review::cli::extract_jsonl_line;
use article_review::document::load::Article;
use article_review::document::model::Review;
use article_review::extract::{Analysis, Extractor, entities, quotes};
use stats_alloc::{INSTRUMENTED_SYSTEM, StatsAlloc};

/// The system allocator, counting calls and bytes (the crate forbids `unsafe`, so the counting
/// wrapper comes from `stats_alloc`).
#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Allocation calls and bytes so far. A growing buffer costs a call each time it moves, so
/// reallocations count as calls, and their net growth as bytes.
fn counters() -> (u64, u64) {
    let stats = GLOBAL.stats();
    (
        (stats.allocations + stats.reallocations) as u64,
        (stats.bytes_allocated as i64 + stats.bytes_reallocated as i64).max(0) as u64,
    )
}

const STAGES: [&str; 7] = [
    "input", "segment", "tag", "entities", "quotes", "document", "json",
];

/// One input line of `extract --jsonl`, as the command reads it.
#[derive(serde::Deserialize)]
struct InputLine {
    id: serde_json::Value,
    text: String,
}

/// Runs the pipeline on one input line stage by stage, as `extract --jsonl` does, and adds each
/// stage's allocation calls and bytes to `totals`. `out` is the output buffer, reused.
fn count_stages(extractor: &Extractor, line: &str, out: &mut Vec<u8>, totals: &mut [(u64, u64)]) {
    let mut last = counters();
    let mut mark = |stage: usize| {
        let now = counters();
        totals[stage].0 += now.0 - last.0;
        totals[stage].1 += now.1.saturating_sub(last.1);
        last = counters();
    };
    let input: InputLine = serde_json::from_str(line).expect("a JSON line with id and text");
    let article = Article::from_text(input.text);
    mark(0);
    let mut analysis = Analysis::new(&article.text);
    mark(1);
    extractor.tagger().tag(&mut analysis);
    mark(2);
    entities::resolve(&mut analysis);
    mark(3);
    quotes::find(&mut analysis);
    mark(4);
    let parts = analysis.parts();
    mark(5);
    let review = Review {
        updated_at: article_review::document::model::now_rfc3339(),
        tool_version: article_review::document::model::TOOL_VERSION.to_string(),
    };
    out.clear();
    parts.write_json_line(
        out,
        Some(&input.id),
        &article.text,
        &article.source,
        &article.meta,
        &review,
    );
    out.push(b'\n');
    mark(6);
}

/// Allocation calls and bytes of one line through `extract --jsonl`'s own function.
fn count_line(extractor: &Extractor, line: &str, out: &mut Vec<u8>) -> (u64, u64) {
    out.clear();
    let before = counters();
    let failed = extract_jsonl_line(extractor, 1, line, out);
    let after = counters();
    assert!(failed.is_none(), "{failed:?}");
    (after.0 - before.0, after.1.saturating_sub(before.1))
}

fn main() {
    let lines: Vec<String> = match std::env::var("ARTICLE_REVIEW_BENCH_JSONL") {
        Ok(path) => std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string)
            .collect(),
        Err(_) => vec![
            serde_json::json!({
                "id": "sample",
                "text": include_str!("../assets/sample-article.txt"),
            })
            .to_string(),
        ],
    };
    let extractor = Extractor::bundled();
    // Output buffers as the command keeps them: one per run of lines, reused.
    let mut out = Vec::new();
    let mut warm_up = [(0, 0); 7];
    count_stages(&extractor, &lines[0], &mut out, &mut warm_up);
    count_line(&extractor, &lines[0], &mut out);

    let mut totals = [(0u64, 0u64); 7];
    let mut real = (0u64, 0u64);
    let mut characters = 0;
    for line in &lines {
        count_stages(&extractor, line, &mut out, &mut totals);
        let (calls, bytes) = count_line(&extractor, line, &mut out);
        real.0 += calls;
        real.1 += bytes;
        let input: InputLine = serde_json::from_str(line).expect("a JSON line with id and text");
        characters += input.text.chars().count();
    }
    let documents = lines.len() as u64;
    println!(
        "allocations per document ({documents} documents, {} characters each on average)",
        characters as u64 / documents
    );
    println!("{:<10} {:>12} {:>14}", "stage", "allocations", "bytes");
    let mut all = (0, 0);
    for (stage, (calls, bytes)) in STAGES.iter().zip(totals) {
        println!(
            "{stage:<10} {:>12} {:>14}",
            calls / documents,
            bytes / documents
        );
        all.0 += calls;
        all.1 += bytes;
    }
    println!(
        "{:<10} {:>12} {:>14}",
        "total",
        all.0 / documents,
        all.1 / documents
    );
    println!(
        "{:<10} {:>12} {:>14}   (cli::extract_jsonl_line, the path `extract --jsonl` runs)",
        "real line",
        real.0 / documents,
        real.1 / documents
    );
}
