//! Arbitrary bytes through the review-file reader: a refusal with a message, or a document
//! that passes every consistency check and survives a write-read round trip unchanged.

#![no_main]

use article_review::document::json::{read_review, to_json_pretty};
use article_review_fuzz::check_document;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let doc = match read_review(data, "fuzz.json") {
        Ok(doc) => doc,
        Err(error) => {
            assert!(!error.message.is_empty(), "refused without a message");
            return;
        }
    };
    if let Err(problem) = check_document(&doc) {
        panic!("accepted an inconsistent document: {problem}");
    }
    let json = to_json_pretty(&doc);
    let again = read_review(json.as_bytes(), "again.json")
        .unwrap_or_else(|e| panic!("its own output refused: {e}\n{json}"));
    assert_eq!(again, doc, "write-read round trip changed the document");
});
