//! Consistency checks for review documents, run on every review file opened (window, CLI) and
//! by `article-review validate`.

use std::collections::HashSet;
use std::fmt;

use crate::document::model::{Document, FORMAT_NAME, FORMAT_VERSION, OFFSET_UNIT, Span};
use crate::text::CharIndex;

/// One thing wrong with a document, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where, as a path into the JSON: `quotes[3].end`, `entities[0].mentions[2].text`.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// The longest excerpt of text quoted in a problem message, in code points.
const EXCERPT_CHARS: usize = 60;

/// Checks `doc` and returns every problem found (empty when it is consistent):
/// format name, version and offset unit; offsets in range with start <= end; every span's text
/// equal to its slice of the document text (code points); ids present and unique; every
/// speaker id (also in `predicted`) naming an existing entity; confidence in [0, 1]; a note,
/// when present, not blank.
///
/// Kinds, statuses, flags and entity types need no check here: reading a file refuses unknown
/// ones.
pub fn validate(doc: &Document) -> Vec<Problem> {
    let mut checker = Checker {
        index: CharIndex::new(&doc.text),
        text: &doc.text,
        problems: Vec::new(),
    };
    checker.header(doc);
    checker.ids(doc);
    let entity_ids: HashSet<&str> = doc.entities.iter().map(|e| e.id.as_str()).collect();
    for (i, entity) in doc.entities.iter().enumerate() {
        if entity.name.trim().is_empty() {
            checker.problem(format!("entities[{i}].name"), "is empty".into());
        }
        for (j, mention) in entity.mentions.iter().enumerate() {
            checker.span(&format!("entities[{i}].mentions[{j}]"), mention);
        }
    }
    for (i, quote) in doc.quotes.iter().enumerate() {
        let at = format!("quotes[{i}]");
        checker.range(&at, quote.start, quote.end, &quote.text);
        if let Some(speaker) = &quote.speaker {
            checker.reference(&format!("{at}.speaker"), speaker, &entity_ids);
        }
        if let Some(mention) = &quote.speaker_mention {
            checker.span(&format!("{at}.speaker_mention"), mention);
        }
        if let Some(cue) = &quote.cue {
            checker.span(&format!("{at}.cue"), cue);
        }
        for (j, fragment) in quote.fragments.iter().enumerate() {
            checker.span(&format!("{at}.fragments[{j}]"), fragment);
        }
        if quote.note.as_deref().is_some_and(|n| n.trim().is_empty()) {
            checker.problem(
                format!("{at}.note"),
                "is blank; leave the field out when there is no note".into(),
            );
        }
        if !(0.0..=1.0).contains(&quote.confidence) {
            checker.problem(
                format!("{at}.confidence"),
                format!("is {}, outside [0, 1]", quote.confidence),
            );
        }
        if let Some(predicted) = &quote.predicted {
            if let Some(speaker) = &predicted.speaker {
                checker.reference(&format!("{at}.predicted.speaker"), speaker, &entity_ids);
            }
            if let Some(mention) = &predicted.speaker_mention {
                checker.span(&format!("{at}.predicted.speaker_mention"), mention);
            }
        }
    }
    checker.problems
}

struct Checker<'d> {
    text: &'d str,
    index: CharIndex<'d>,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn problem(&mut self, path: String, message: String) {
        self.problems.push(Problem { path, message });
    }

    fn header(&mut self, doc: &Document) {
        if doc.format != FORMAT_NAME {
            self.problem(
                "format".into(),
                format!("is {:?}, expected {FORMAT_NAME:?}", doc.format),
            );
        }
        if doc.version == 0 || doc.version > FORMAT_VERSION {
            self.problem(
                "version".into(),
                format!(
                    "is {}; this build of article-review reads version {FORMAT_VERSION}",
                    doc.version
                ),
            );
        }
        if doc.offset_unit != OFFSET_UNIT {
            self.problem(
                "offset_unit".into(),
                format!("is {:?}, expected {OFFSET_UNIT:?}", doc.offset_unit),
            );
        }
        if let Some(hash) = &doc.source.sha256
            && !is_sha256_hex(hash)
        {
            self.problem(
                "source.sha256".into(),
                "is not 64 lower-case hex digits".into(),
            );
        }
        if let Some(adjudication) = &doc.adjudication {
            for (side, source) in [("a", &adjudication.a), ("b", &adjudication.b)] {
                if source.file.trim().is_empty() {
                    self.problem(format!("adjudication.{side}.file"), "is empty".into());
                }
                if !is_sha256_hex(&source.sha256) {
                    self.problem(
                        format!("adjudication.{side}.sha256"),
                        "is not 64 lower-case hex digits".into(),
                    );
                }
            }
        }
    }

    /// Entity and quote ids: present and unique across the document (speaker references and
    /// the window's selection use them as keys).
    fn ids(&mut self, doc: &Document) {
        let mut seen: HashSet<&str> = HashSet::new();
        let all = doc
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| (format!("entities[{i}].id"), e.id.as_str()))
            .chain(
                doc.quotes
                    .iter()
                    .enumerate()
                    .map(|(i, q)| (format!("quotes[{i}].id"), q.id.as_str())),
            );
        for (path, id) in all {
            if id.is_empty() {
                self.problem(path, "is empty".into());
            } else if !seen.insert(id) {
                self.problem(path, format!("{id:?} is used more than once"));
            }
        }
    }

    fn reference(&mut self, path: &str, id: &str, entity_ids: &HashSet<&str>) {
        if !entity_ids.contains(id) {
            self.problem(
                path.to_string(),
                format!("{id:?} is not the id of any entity"),
            );
        }
    }

    fn span(&mut self, path: &str, span: &Span) {
        self.range(path, span.start, span.end, &span.text);
    }

    /// Checks `[start, end)` against the text and `text` against its slice.
    fn range(&mut self, path: &str, start: usize, end: usize, text: &str) {
        let len = self.index.char_len();
        if end > len {
            self.problem(
                format!("{path}.end"),
                format!("{end} is past the end of the text ({len} code points)"),
            );
            return;
        }
        if start > end {
            self.problem(
                format!("{path}.start"),
                format!("{start} is after the end {end}"),
            );
            return;
        }
        let slice = &self.text[self.index.byte_of_char(start)..self.index.byte_of_char(end)];
        if slice != text {
            self.problem(
                format!("{path}.text"),
                format!(
                    "{:?} does not match the text at [{start}, {end}), which is {:?}",
                    excerpt(text),
                    excerpt(slice)
                ),
            );
        }
    }
}

/// True for 64 lower-case hex digits, the form of every SHA-256 in the format.
fn is_sha256_hex(hash: &str) -> bool {
    hash.len() == 64 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// `s` cut to [`EXCERPT_CHARS`] code points, with an ellipsis when cut.
fn excerpt(s: &str) -> String {
    let mut chars = s.chars();
    let mut cut: String = chars.by_ref().take(EXCERPT_CHARS).collect();
    if chars.next().is_some() {
        cut.push('…');
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::model::{
        Entity, EntityType, Meta, Origin, Prediction, Quote, QuoteKind, QuoteStatus, Source,
    };

    fn doc() -> Document {
        let text = "😀 Zoë said “we won” today.".to_string();
        let mut doc = Document::new(text, Source::in_memory(), Meta::default());
        doc.entities.push(Entity {
            id: "e1".into(),
            name: "Zoë".into(),
            entity_type: EntityType::Person,
            origin: Origin::Auto,
            mentions: vec![doc.span(2, 5)],
            gender: None,
        });
        doc.quotes.push(Quote {
            id: "q1".into(),
            kind: QuoteKind::Direct,
            start: 12,
            end: 18,
            text: "we won".into(),
            speaker: Some("e1".into()),
            speaker_mention: Some(doc.span(2, 5)),
            cue: Some(doc.span(6, 10)),
            confidence: 0.9,
            rule: "test".into(),
            status: QuoteStatus::Auto,
            predicted: Some(Prediction {
                speaker: Some("e1".into()),
                speaker_mention: Some(doc.span(2, 5)),
            }),
            fragments: vec![],
            note: None,
            flag: None,
        });
        doc
    }

    fn paths(doc: &Document) -> Vec<String> {
        validate(doc).into_iter().map(|p| p.path).collect()
    }

    #[test]
    fn consistent_document_has_no_problems() {
        assert_eq!(validate(&doc()), vec![]);
    }

    #[test]
    fn each_problem_names_its_place() {
        let mut d = doc();
        d.version = 2;
        d.quotes[0].end = 999;
        d.quotes[0].cue.as_mut().unwrap().text = "says".into();
        d.quotes[0].predicted.as_mut().unwrap().speaker = Some("e9".into());
        d.quotes[0].confidence = 1.5;
        d.quotes[0].note = Some(" \n".into());
        d.entities[0].mentions[0].start = 4;
        d.entities.push(d.entities[0].clone());
        assert_eq!(
            paths(&d),
            vec![
                "version",
                "entities[1].id",
                "entities[0].mentions[0].text",
                "entities[1].mentions[0].text",
                "quotes[0].end",
                "quotes[0].cue.text",
                "quotes[0].note",
                "quotes[0].confidence",
                "quotes[0].predicted.speaker",
            ]
        );
    }

    #[test]
    fn adjudication_sources_need_a_name_and_a_sha256() {
        let mut d = doc();
        d.adjudication = Some(crate::document::model::Adjudication {
            a: crate::document::model::AdjudicationSource {
                file: "alice.json".into(),
                sha256: "a".repeat(64),
            },
            b: crate::document::model::AdjudicationSource {
                file: " ".into(),
                sha256: "ABC".into(),
            },
        });
        assert_eq!(
            paths(&d),
            vec!["adjudication.b.file", "adjudication.b.sha256"]
        );
    }

    #[test]
    fn start_after_end_and_dangling_speaker() {
        let mut d = doc();
        d.quotes[0].start = 19;
        d.quotes[0].speaker = Some("e2".into());
        assert_eq!(paths(&d), vec!["quotes[0].start", "quotes[0].speaker"]);
    }
}
