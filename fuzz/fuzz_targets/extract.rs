//! Arbitrary text through the whole extraction pipeline: no panic, and every span it emits
//! in range, on code points, and equal to its slice; the document survives a JSON round trip.

#![no_main]

use std::sync::LazyLock;

use article_review::extract::Extractor;
use article_review::{Document, Meta, Source};
use article_review_fuzz::{check_document, check_json_round_trip};
use libfuzzer_sys::fuzz_target;

static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(Extractor::bundled);

fuzz_target!(|data: &[u8]| {
    // Lossy decoding keeps every input useful; the loaders' decoding has its own targets.
    let text = String::from_utf8_lossy(data).into_owned();
    let source = Source {
        path: None,
        sha256: None,
        media_type: "text/plain".into(),
        encoding: None,
    };
    let doc: Document = EXTRACTOR.document(text, source, Meta::default());
    if let Err(problem) = check_document(&doc) {
        panic!("{problem}");
    }
    if let Err(problem) = check_json_round_trip(&doc) {
        panic!("{problem}");
    }
});
