//! Each stage of extraction on its own, so that a change shows which stage it slowed: segment,
//! token features, tag, entities, quotes (the rules alone, then with the bundled attribution
//! model stacked on them: the difference is the model's cost), the conversion to the file format's code point spans,
//! writing its JSON line (as `extract --jsonl` does, straight into a reused buffer), and the
//! owned document the window opens.
//!
//! Input: the bundled sample article (about 1,000 tokens). Every stage starts from a copy of the
//! previous stage's result; the copy is made outside the timed part.

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

use article_review::document::model::{Meta, Review, Source};
use article_review::extract::quotes::model::AttributionModel;
use article_review::extract::tagger::{DocFeatures, Tagger};
use article_review::extract::{Analysis, entities, quotes, segment};

fn bench_stages(c: &mut Criterion) {
    let text = include_str!("../assets/sample-article.txt");
    let tagger = Tagger::bundled();
    let segmented = Analysis::new(text);
    let mut tagged = segmented.clone();
    tagger.tag(&mut tagged);
    let mut resolved = tagged.clone();
    entities::resolve(&mut resolved);
    let mut quoted = resolved.clone();
    quotes::find(&mut quoted);
    let parts = quoted.parts();
    let source = Source {
        path: None,
        sha256: None,
        media_type: "text/plain".into(),
        encoding: Some("UTF-8".into()),
    };
    let meta = Meta::default();
    let review = Review {
        updated_at: "2026-01-01T00:00:00Z".into(),
        tool_version: "bench".into(),
    };
    let id = serde_json::Value::from("id");
    let mut out = Vec::new();

    let mut group = c.benchmark_group("stages");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("segment", |b| b.iter(|| segment::segment(text)));
    // Each thread remembers the features of words it met, so this measures words seen before
    // (as in a long run); the next one empties that memory first.
    group.bench_function("token features", |b| {
        b.iter(|| DocFeatures::new(text, &segmented.seg))
    });
    group.bench_function("token features, no word seen before", |b| {
        b.iter(|| {
            Tagger::forget_cached_words();
            DocFeatures::new(text, &segmented.seg)
        })
    });
    group.bench_function("tag (features included)", |b| {
        b.iter(|| tagger.spans(text, &segmented.seg))
    });
    group.bench_function("entities", |b| {
        b.iter_batched(
            || tagged.clone(),
            |mut analysis| {
                entities::resolve(&mut analysis);
                analysis
            },
            BatchSize::SmallInput,
        )
    });
    group.bench_function("quotes", |b| {
        b.iter_batched(
            || resolved.clone(),
            |mut analysis| {
                quotes::find(&mut analysis);
                analysis
            },
            BatchSize::SmallInput,
        )
    });
    let model = AttributionModel::bundled().expect("the bundled attribution model loads");
    group.bench_function("quotes with the attribution model", |b| {
        b.iter_batched(
            || resolved.clone(),
            |mut analysis| {
                quotes::find_with(&mut analysis, Some(&model), false);
                analysis
            },
            BatchSize::SmallInput,
        )
    });
    group.bench_function("document (offsets to code points)", |b| {
        b.iter(|| quoted.parts())
    });
    group.bench_function("json line", |b| {
        b.iter(|| {
            out.clear();
            parts.write_json_line(&mut out, Some(&id), text, &source, &meta, &review);
            out.len()
        })
    });
    group.bench_function("owned entities and quotes (the window's)", |b| {
        b.iter(|| parts.to_owned_parts())
    });
    group.finish();
}

criterion_group!(benches, bench_stages);
criterion_main!(benches);
