//! Entity tagger speed, in tokens per second, single-threaded.
//!
//! The text is the bundled sample article (already segmented, so only tagging is timed: token
//! features, scoring, decoding), plus variants with every word unseen by the thread and with
//! segmentation.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use article_review::extract::Analysis;
use article_review::extract::tagger::Tagger;

fn bench_tagger(c: &mut Criterion) {
    let sample = include_str!("../assets/sample-article.txt");
    // Several copies make one "document" of a realistic long-article size.
    let text = sample.repeat(4);
    let tagger = Tagger::bundled();
    let segmented = Analysis::new(&text);
    let tokens = segmented.seg.tokens.len() as u64;

    let mut group = c.benchmark_group("tagger");
    group.throughput(Throughput::Elements(tokens));
    group.bench_function("tag (tokens/s)", |b| {
        b.iter(|| {
            let mut analysis = segmented.clone();
            tagger.tag(&mut analysis);
            analysis.mentions.len()
        })
    });
    // Each thread remembers the rows of words it tagged before; here every word is new again.
    group.bench_function("tag, no word seen before (tokens/s)", |b| {
        b.iter(|| {
            Tagger::forget_cached_words();
            let mut analysis = segmented.clone();
            tagger.tag(&mut analysis);
            analysis.mentions.len()
        })
    });
    group.bench_function("segment + tag (tokens/s)", |b| {
        b.iter(|| {
            let mut analysis = Analysis::new(&text);
            tagger.tag(&mut analysis);
            analysis.mentions.len()
        })
    });
    group.finish();

    let bytes = tagger.to_bytes();
    let mut group = c.benchmark_group("tagger-model");
    group.bench_function("load from bytes", |b| {
        b.iter(|| Tagger::from_bytes(&bytes).map(|t| t.feature_count()))
    });
    group.finish();
}

criterion_group!(benches, bench_tagger);
criterion_main!(benches);
