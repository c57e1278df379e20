//! Arbitrary bytes through the text loader's decoding (byte order marks, UTF-8, legacy
//! encodings, binary refusal) and line-end normalisation: a text or a message, never a panic.

#![no_main]

use article_review::document::load::{decode_text, normalize_line_ends};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match decode_text(data) {
        Ok(decoded) => {
            assert!(
                !decoded.encoding.is_empty(),
                "decoded without an encoding name"
            );
            let text = normalize_line_ends(decoded.text);
            assert!(
                !text.contains('\r'),
                "a CR survived normalisation: {text:?}"
            );
        }
        Err((_, message)) => assert!(!message.is_empty(), "refused without a message"),
    }
});
