//! Arbitrary text through the segmenter: tokens are non-empty, ordered, non-overlapping byte
//! ranges on code point boundaries; sentences and paragraphs cover the tokens in order.

#![no_main]

use article_review::extract::segment::segment;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();
    let seg = segment(text);

    let mut previous_end = 0;
    for (i, token) in seg.tokens.iter().enumerate() {
        assert!(
            previous_end <= token.start && token.start < token.end && token.end <= text.len(),
            "token {i} {token:?} out of order or empty (previous end {previous_end})"
        );
        assert!(
            text.is_char_boundary(token.start) && text.is_char_boundary(token.end),
            "token {i} {token:?} splits a code point"
        );
        assert!(
            !token.text(text).chars().any(char::is_whitespace),
            "token {i} {:?} contains whitespace",
            token.text(text)
        );
        previous_end = token.end;
    }
    // Every non-whitespace character is in some token.
    let covered: usize = seg.tokens.iter().map(|t| t.end - t.start).sum();
    let non_space: usize = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .map(char::len_utf8)
        .sum();
    assert_eq!(covered, non_space, "tokens do not cover the non-space text");

    let mut next_token = 0;
    for (i, sentence) in seg.sentences.iter().enumerate() {
        assert_eq!(
            sentence.first_token, next_token,
            "sentence {i} leaves a gap"
        );
        assert!(
            sentence.first_token < sentence.end_token,
            "sentence {i} is empty"
        );
        assert!(
            sentence.end_token <= seg.tokens.len(),
            "sentence {i} past the tokens"
        );
        assert_eq!(sentence.start, seg.tokens[sentence.first_token].start);
        assert_eq!(sentence.end, seg.tokens[sentence.end_token - 1].end);
        next_token = sentence.end_token;
    }
    assert_eq!(
        next_token,
        seg.tokens.len(),
        "sentences do not cover every token"
    );

    let mut next_sentence = 0;
    for (i, paragraph) in seg.paragraphs.iter().enumerate() {
        assert_eq!(
            paragraph.first_sentence, next_sentence,
            "paragraph {i} leaves a gap"
        );
        assert!(paragraph.end_sentence <= seg.sentences.len());
        assert!(paragraph.start <= paragraph.end && paragraph.end <= text.len());
        assert!(
            !text[paragraph.start..paragraph.end].contains('\n'),
            "paragraph {i} spans a line break"
        );
        next_sentence = paragraph.end_sentence;
    }
    assert_eq!(
        next_sentence,
        seg.sentences.len(),
        "paragraphs do not cover every sentence"
    );
});
