//! A folder of 1,000 articles: listing the queue without its index ("cold") and with it, and
//! corpus statistics over its review files.
//!
//! The folder is made once in a temporary directory: 1,000 copies of the bundled sample article
//! in ten subfolders, each with a review file (the sample's extraction; in a third of them no
//! quote is reviewed, in a third half, in a third all). "Cold" means no index file:
//! every review file is parsed; the operating system's file cache is warm either way.

use std::path::Path;

use article_review::corpus::queue::{INDEX_FILE_NAME, Queue};
use article_review::corpus::stats::StatsBuilder;
use article_review::corpus::{fold_reviews, review_files};
use article_review::document::json::to_json_pretty;
use article_review::{Meta, QuoteStatus, Source};
use criterion::{Criterion, criterion_group, criterion_main};

const ARTICLES: usize = 1000;
const REVIEWED: usize = 1000;

fn make_folder(dir: &Path) {
    let text = include_str!("../assets/sample-article.txt");
    let extractor = article_review::extract::Extractor::bundled();
    let doc = extractor.document(text.to_string(), Source::in_memory(), Meta::default());
    for n in 0..ARTICLES {
        let folder = dir.join(format!("day{:02}", n / 100));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join(format!("article-{n:04}.txt")), text).unwrap();
        if n < REVIEWED {
            let mut review = doc.clone();
            let reviewed = match n % 3 {
                0 => 0,
                1 => review.quotes.len() / 2,
                _ => review.quotes.len(),
            };
            for quote in review.quotes.iter_mut().take(reviewed) {
                quote.status = QuoteStatus::Confirmed;
            }
            std::fs::write(
                folder.join(format!("article-{n:04}.review.json")),
                to_json_pretty(&review),
            )
            .unwrap();
        }
    }
}

fn bench_corpus(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    make_folder(dir.path());
    let mut group = c.benchmark_group("corpus");
    group.sample_size(10);
    group.bench_function("list 1000 articles, no index", |b| {
        b.iter(|| {
            let _ = std::fs::remove_file(dir.path().join(INDEX_FILE_NAME));
            let mut queue = Queue::open(dir.path()).unwrap();
            queue.load_all();
            assert_eq!(queue.items().len(), ARTICLES);
            queue
        })
    });
    let mut queue = Queue::open(dir.path()).unwrap();
    queue.load_all();
    queue.save_index().unwrap();
    group.bench_function("list 1000 articles, with index", |b| {
        b.iter(|| {
            let mut queue = Queue::open(dir.path()).unwrap();
            assert_eq!(queue.pending_count(), 0);
            queue.load_all();
            queue
        })
    });
    group.bench_function("stats over 1000 review files", |b| {
        b.iter(|| {
            let files = review_files(&[dir.path().to_path_buf()]).unwrap();
            let (builder, problems) = fold_reviews(
                &files,
                || StatsBuilder::new(false),
                |mut builder, _, doc| {
                    builder.add(&doc);
                    builder
                },
                StatsBuilder::merge,
            );
            assert!(problems.is_empty());
            builder.finish()
        })
    });
    group.finish();
}

criterion_group!(benches, bench_corpus);
criterion_main!(benches);
