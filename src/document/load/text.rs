//! Decoding a text file's bytes: byte order marks, UTF-8, legacy single-byte encodings.

use encoding_rs::Encoding;

use super::LoadErrorKind;

/// Text decoded from a file, with the name of the encoding it was decoded from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, byte order mark removed, line ends as in the file.
    pub text: String,
    /// The encoding's WHATWG name, e.g. "UTF-8", "UTF-16LE", "windows-1252".
    pub encoding: &'static str,
}

/// Decodes a text file: a byte order mark (UTF-8, UTF-16 LE/BE) wins; otherwise valid UTF-8 is
/// UTF-8; otherwise the bytes are a legacy encoding guessed by chardetng (Windows-1252 is the
/// usual one for news files).
///
/// Refuses binary data (NUL bytes, or more than 1% control characters) and files that mix valid
/// UTF-8 with invalid bytes: such a file is damaged, and guessing a legacy encoding would turn
/// its accented letters into mojibake.
pub fn decode_text(bytes: &[u8]) -> Result<Decoded, (LoadErrorKind, String)> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let text = encoding
            .decode_without_bom_handling_and_without_replacement(&bytes[bom_len..])
            .ok_or_else(|| {
                (
                    LoadErrorKind::Encoding,
                    format!(
                        "starts with a {} byte order mark but is not valid {} after it",
                        encoding.name(),
                        encoding.name()
                    ),
                )
            })?;
        return check_not_binary(text.into_owned(), encoding.name());
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err((
            LoadErrorKind::Binary,
            format!(
                "looks like a binary file, not text (NUL byte at offset {at}); \
                 UTF-16 text needs a byte order mark"
            ),
        ));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return check_not_binary(text.to_string(), "UTF-8");
    }
    let scan = scan_utf8(bytes);
    if scan.valid_multibyte {
        let (line, column) = line_column(bytes, scan.first_invalid);
        return Err((
            LoadErrorKind::Encoding,
            format!(
                "is not valid UTF-8: byte 0x{:02X} at line {line}, column {column} cannot be \
                 decoded, yet other accented characters are UTF-8 (the file is damaged or mixes \
                 encodings); re-save it as UTF-8",
                bytes[scan.first_invalid]
            ),
        ));
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    let text = encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .ok_or_else(|| {
            (
                LoadErrorKind::Encoding,
                format!(
                    "is neither valid UTF-8 nor valid in its likeliest legacy encoding ({}); \
                     re-save it as UTF-8",
                    encoding.name()
                ),
            )
        })?;
    check_not_binary(text.into_owned(), encoding.name())
}

/// What a scan of invalid UTF-8 found.
struct Utf8Scan {
    /// Byte offset of the first byte that is not part of a valid UTF-8 sequence.
    first_invalid: usize,
    /// True when the bytes also hold at least one valid multi-byte UTF-8 sequence.
    valid_multibyte: bool,
}

/// Scans bytes known not to be valid UTF-8.
fn scan_utf8(bytes: &[u8]) -> Utf8Scan {
    let mut first_invalid = None;
    let mut valid_multibyte = false;
    let mut offset = 0;
    while offset < bytes.len() {
        let rest = &bytes[offset..];
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                valid_multibyte |= !valid.is_ascii();
                break;
            }
            Err(error) => {
                let good = error.valid_up_to();
                valid_multibyte |= !rest[..good].is_ascii();
                first_invalid.get_or_insert(offset + good);
                offset += good + error.error_len().unwrap_or(rest.len() - good);
            }
        }
    }
    Utf8Scan {
        first_invalid: first_invalid.unwrap_or(0),
        valid_multibyte,
    }
}

/// 1-based line and byte column of byte offset `at`.
fn line_column(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = &bytes[..at.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    (line, at - line_start + 1)
}

/// True for control characters that do not occur in text files (tab, line ends and form feed do).
fn is_binary_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0C')) || c == '\0'
}

/// Refuses decoded text that is really binary data: any NUL, or more than 1% control characters.
fn check_not_binary(
    text: String,
    encoding: &'static str,
) -> Result<Decoded, (LoadErrorKind, String)> {
    let mut controls = 0usize;
    let mut total = 0usize;
    for c in text.chars() {
        total += 1;
        if c == '\0' {
            return Err((
                LoadErrorKind::Binary,
                format!(
                    "looks like a binary file, not text (it holds NUL characters as {encoding})"
                ),
            ));
        }
        controls += usize::from(is_binary_control(c));
    }
    if controls * 100 > total {
        return Err((
            LoadErrorKind::Binary,
            format!(
                "looks like a binary file, not text ({controls} control characters in {total})"
            ),
        ));
    }
    Ok(Decoded { text, encoding })
}

/// Turns CRLF and lone CR line ends into LF, so that every offset counts one code point per
/// line end whatever system wrote the file.
pub fn normalize_line_ends(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = decode_text("café “x”".as_bytes()).unwrap();
        assert_eq!((plain.text.as_str(), plain.encoding), ("café “x”", "UTF-8"));
        let bom = decode_text(b"\xEF\xBB\xBFcaf\xC3\xA9").unwrap();
        assert_eq!((bom.text.as_str(), bom.encoding), ("café", "UTF-8"));
    }

    #[test]
    fn utf16_both_byte_orders() {
        let text = "Zoë said “hi” 😀";
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode_text(&le).unwrap().text, text);
        assert_eq!(decode_text(&le).unwrap().encoding, "UTF-16LE");
        assert_eq!(decode_text(&be).unwrap().text, text);
        assert_eq!(decode_text(&be).unwrap().encoding, "UTF-16BE");
    }

    #[test]
    fn windows_1252_is_detected() {
        // “Déjà vu,” said Zoë — in Windows-1252: curly quotes 0x93/0x94, é 0xE9, à 0xE0, ë 0xEB.
        let bytes = b"\x93D\xE9j\xE0 vu,\x94 said Zo\xEB on Tuesday in the caf\xE9.";
        let decoded = decode_text(bytes).unwrap();
        assert_eq!(decoded.encoding, "windows-1252");
        assert_eq!(decoded.text, "“Déjà vu,” said Zoë on Tuesday in the café.");
    }

    #[test]
    fn mixed_utf8_and_latin1_is_refused_with_position() {
        let (kind, message) = decode_text(b"caf\xC3\xA9\nna\xEFve").unwrap_err();
        assert_eq!(kind, LoadErrorKind::Encoding);
        assert!(message.contains("line 2, column 3"), "{message}");
    }

    #[test]
    fn binary_is_refused() {
        assert_eq!(
            decode_text(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap_err().0,
            LoadErrorKind::Binary
        );
        let controls: Vec<u8> = (0..200u8)
            .map(|i| if i % 10 == 0 { 1 } else { b'a' })
            .collect();
        assert_eq!(decode_text(&controls).unwrap_err().0, LoadErrorKind::Binary);
    }

    #[test]
    fn line_ends_become_lf() {
        assert_eq!(
            normalize_line_ends("a\r\nb\rc\n\r\nd".into()),
            "a\nb\nc\n\nd"
        );
    }
}
