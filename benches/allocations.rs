//! Heap allocations per document, stage by stage, counted by a wrapping global allocator.
//!
//! `cargo bench --no-default-features --bench allocations` counts them on the bundled sample
//! article; with `ARTICLE_REVIEW_BENCH_JSONL=FILE` (JSON lines with a `"text"` field, such as the
//! team's gold files) it gives the mean per document of that file instead. Each stage is run on
//! the previous stage's output exactly as `extract --jsonl` runs it, after one warm-up document
//! so that one-time loading (the bundled model, lexicons) is not counted.

use std::alloc::System;

use article_review::document::json::to_json_line_with_id;
use article_review::document::load::sha256_hex;
use article_review::document::model::{Document, Meta, Source};
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

const STAGES: [&str; 6] = ["segment", "tag", "entities", "quotes", "document", "json"];

/// Runs the pipeline on `text` and adds each stage's allocation calls and bytes to `totals`.
fn count_document(extractor: &Extractor, text: &str, totals: &mut [(u64, u64); 6]) {
    let mut last = counters();
    let mut mark = |stage: usize| {
        let now = counters();
        totals[stage].0 += now.0 - last.0;
        totals[stage].1 += now.1.saturating_sub(last.1);
        last = counters();
    };
    let mut analysis = Analysis::new(text);
    mark(0);
    extractor.tagger().tag(&mut analysis);
    mark(1);
    entities::resolve(&mut analysis);
    mark(2);
    quotes::find(&mut analysis);
    mark(3);
    let (entities, quotes) = analysis.into_parts();
    let source = Source {
        path: None,
        sha256: Some(sha256_hex(text.as_bytes())),
        media_type: "text/plain".into(),
        encoding: Some("UTF-8".into()),
    };
    let mut doc = Document::new(text.to_string(), source, Meta::default());
    doc.entities = entities;
    doc.quotes = quotes;
    mark(4);
    let line = to_json_line_with_id(&serde_json::Value::from("id"), &doc);
    mark(5);
    std::hint::black_box(line);
}

fn main() {
    let texts: Vec<String> = match std::env::var("ARTICLE_REVIEW_BENCH_JSONL") {
        Ok(path) => {
            let content = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
            content
                .lines()
                .filter(|l| !l.trim().is_empty())
                .filter_map(|l| {
                    let v: serde_json::Value = serde_json::from_str(l).ok()?;
                    Some(v.get("text")?.as_str()?.to_string())
                })
                .collect()
        }
        Err(_) => vec![include_str!("../assets/sample-article.txt").to_string()],
    };
    let extractor = Extractor::bundled();
    let mut warm_up = [(0, 0); 6];
    count_document(&extractor, &texts[0], &mut warm_up);
    let mut totals = [(0u64, 0u64); 6];
    for text in &texts {
        count_document(&extractor, text, &mut totals);
    }
    let documents = texts.len() as u64;
    let characters: usize = texts.iter().map(|t| t.chars().count()).sum();
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
}
