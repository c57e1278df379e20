//! Property tests: arbitrary text through the extractor and arbitrary bytes through the text
//! loader. A short run (a few hundred cases) stays in the normal suite; the long runs are the
//! cargo-fuzz targets in `fuzz/` (see docs/fuzzing.md).

use std::sync::LazyLock;

use article_review::document::validate;
use article_review::extract::Extractor;
use article_review::{Document, Meta, Source};
use proptest::prelude::*;

static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(Extractor::bundled);

/// Pieces news text is made of, with the awkward ones over-represented: curly and straight
/// marks, emoji and accents (several bytes per code point), CRLF, NUL, dashes, cue words.
const PIECES: &[&str] = &[
    "“",
    "”",
    "‘",
    "’",
    "\"",
    "'",
    "«",
    "»",
    "„",
    " ",
    " ",
    " ",
    "\n",
    "\r\n",
    "\n\n",
    "\0",
    "\t",
    "\u{a0}",
    "😀",
    "👩‍👩‍👧",
    "é",
    "Zoë",
    "—",
    "–",
    "--",
    "...",
    "…",
    ".",
    ",",
    ":",
    ";",
    "?",
    "!",
    "(",
    ")",
    "said",
    "says",
    "told reporters",
    "according to",
    "warned",
    "added",
    "he",
    "she",
    "they",
    "Mr",
    "Mrs.",
    "Dr.",
    "Donald Trump",
    "Trump",
    "Angela Merkel",
    "Merkel",
    "the U.S.",
    "Russia",
    "the Kremlin",
    "Reuters",
    "It's",
    "don't",
    "the so-called",
    "We",
    "will",
    "not",
    "The",
    "talks",
    "failed",
    "that",
];

/// Text built from [`PIECES`] and arbitrary strings, so the generator reaches both the
/// extractor's rules (quotes, cues, names) and odd code points.
fn article_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<String>(),
        1 => "[A-Z][a-z]{1,8}",
    ];
    proptest::collection::vec(piece, 0..80).prop_map(|pieces| pieces.concat())
}

fn document_of(text: String) -> Document {
    let source = Source::in_memory();
    EXTRACTOR.document(text, source, Meta::default())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn extracted_spans_are_valid_and_equal_their_slices(text in article_text()) {
        let doc = document_of(text);
        prop_assert_eq!(validate(&doc), vec![]);
    }

    #[test]
    fn extracted_documents_survive_a_json_round_trip(text in article_text()) {
        let doc = document_of(text);
        let json = serde_json::to_string_pretty(&doc).expect("a document serialises");
        let back: Document = serde_json::from_str(&json).expect("written JSON reads back");
        prop_assert_eq!(back, doc);
    }

    #[test]
    fn any_bytes_through_the_text_loader_give_a_document_or_a_message(
        bytes in proptest::collection::vec(any::<u8>(), 0..600),
    ) {
        let path = std::path::Path::new("article.txt");
        match article_review::open::open_bytes(path, &bytes, &EXTRACTOR) {
            Ok(doc) => {
                prop_assert!(!doc.text.contains('\r'), "line ends normalised");
                prop_assert_eq!(validate(&doc), vec![]);
            }
            Err(error) => prop_assert!(!error.message.is_empty()),
        }
    }

    #[test]
    fn any_text_with_crlf_and_nul_through_the_text_loader(text in article_text()) {
        // Valid UTF-8 from the article generator, so most cases get past decoding (NUL makes
        // a file binary, and binary files are refused with a message).
        let path = std::path::Path::new("article.txt");
        match article_review::open::open_bytes(path, text.as_bytes(), &EXTRACTOR) {
            Ok(doc) => prop_assert_eq!(validate(&doc), vec![]),
            Err(error) => prop_assert!(!error.message.is_empty()),
        }
    }
}

#[test]
fn validate_catches_a_span_that_is_not_its_slice() {
    // The properties above are only as good as `validate`.
    let mut doc = document_of("“We will win,” said Donald Trump. 😀".into());
    assert_eq!(validate(&doc), vec![]);
    assert!(!doc.quotes.is_empty(), "the sample has a quote");
    doc.quotes[0].end += 1;
    assert!(!validate(&doc).is_empty());
}

/// Regression: the tokeniser split dashes by recursion, one level per dash, so one long line of
/// dashes (a multi-megabyte single line is on the bad-input list) overflowed the stack.
#[test]
fn a_megabyte_line_of_dashes_does_not_overflow_the_stack() {
    for piece in ["—", "a—", "–b", "x--"] {
        let text = piece.repeat(1_000_000 / piece.len());
        let tokens = article_review::extract::segment::tokenize(&text);
        assert!(tokens.len() >= text.chars().filter(|c| *c == '—' || *c == '–').count());
    }
}

/// Regression (found by the `extract` fuzz target): an opening mark glued inside the previous
/// mark's last token (`“I“x`) got an empty token range starting past the last token, and
/// attribution indexed past the end of the token table.
#[test]
fn a_mark_inside_the_previous_marks_token_does_not_panic() {
    for text in [
        "“I“x",
        "“I“\u{fffd}",
        "He said “Yes“x",
        "“It’s Trump(deal.“x\n",
        "“I\0“x",
    ] {
        let doc = document_of(text.into());
        assert_eq!(validate(&doc), vec![], "{text:?}");
    }
}
