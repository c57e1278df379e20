//! Arbitrary bytes through the HTML loader (readability, fallback body text, depth limit):
//! an article or a message, never a panic or a stack overflow.

#![no_main]

use article_review::document::load::html_article;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    match html_article(&html) {
        Ok(article) => assert!(
            !article.text.trim().is_empty(),
            "an article with no text was accepted"
        ),
        Err((_, message)) => assert!(!message.is_empty(), "refused without a message"),
    }
});
