//! Extraction speed on the bundled sample article.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn bench_extract(c: &mut Criterion) {
    let text = include_str!("../assets/sample-article.txt");
    let extractor = article_review::extract::Extractor::bundled();
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("sample-article", |b| b.iter(|| extractor.extract(text)));
    group.finish();
}

criterion_group!(benches, bench_extract);
criterion_main!(benches);
