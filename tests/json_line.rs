//! The borrowed JSON writer (`document::json::DocumentRef`, and `extract --jsonl`'s path that
//! writes the extractor's results without building a document) against the owned document's
//! writer: the bytes must be the same.

#[path = "fixtures/common.rs"]
mod common;

use article_review::cli::extract_jsonl_line;
use article_review::document::json::{
    DocumentRef, EntityRef, IdRef, PredictionRef, QuoteRef, SpanRef, to_json_line_with_id,
    write_json_line_ref, write_json_line_with_id,
};
use article_review::document::load::Article;
use article_review::document::model::{
    Adjudication, AdjudicationSource, Document, Meta, Source, Span,
};
use serde_json::Value;

/// Texts written for these tests: curly quotes, accents, emoji, CRLF line ends, JSON escapes
/// (a backslash, a straight quote, a control character) and a text with no quotes at all.
const TEXTS: [&str; 6] = [
    "Ana López, the mayor of Málaga, opened the 🚋 tram line on Monday.\r\n\r\n\
     “This is a great day for the city,” López said. “Everyone can ride for free.”\r\n\r\n\
     According to Mr Karel Novák, the engineer in charge, the line cost less than planned.\r\n",
    common::SAMPLE_TEXT,
    "The report said \"C:\\temp\" was\u{1} wiped, said Dr. Jane O'Neil of the U.N. \
     (United Nations). \"It happened twice,\" she told reporters. \"Twice\"\n\n\
     O'Neil, 41, added: \"We are sure.\" The UN declined to comment, according to Reuters.",
    "Nothing here names anyone.",
    "“Unclosed quote opening a text, said Trump.\n\nTrump’s aide said he would not resign.",
    include_str!("../assets/sample-article.txt"),
];

/// The document's parts borrowed, as `DocumentRef` wants them.
fn write_borrowed(doc: &Document, id: Option<&Value>) -> Vec<u8> {
    let span = SpanRef::from;
    let mentions: Vec<Vec<SpanRef>> = doc
        .entities
        .iter()
        .map(|e| e.mentions.iter().map(span).collect())
        .collect();
    let fragments: Vec<Vec<SpanRef>> = doc
        .quotes
        .iter()
        .map(|q| q.fragments.iter().map(span).collect())
        .collect();
    let entities: Vec<EntityRef> = doc
        .entities
        .iter()
        .zip(&mentions)
        .map(|(e, mentions)| EntityRef {
            id: IdRef::Str(&e.id),
            name: &e.name,
            entity_type: e.entity_type,
            origin: e.origin,
            mentions,
            gender: e.gender,
        })
        .collect();
    let quotes: Vec<QuoteRef> = doc
        .quotes
        .iter()
        .zip(&fragments)
        .map(|(q, fragments)| QuoteRef {
            id: IdRef::Str(&q.id),
            kind: q.kind,
            start: q.start,
            end: q.end,
            text: &q.text,
            speaker: q.speaker.as_deref().map(IdRef::Str),
            speaker_mention: q.speaker_mention.as_ref().map(span),
            cue: q.cue.as_ref().map(span),
            confidence: q.confidence,
            rule: &q.rule,
            status: q.status,
            predicted: q.predicted.as_ref().map(|p| PredictionRef {
                speaker: p.speaker.as_deref().map(IdRef::Str),
                speaker_mention: p.speaker_mention.as_ref().map(span),
            }),
            fragments,
            note: q.note.as_deref(),
            flag: q.flag,
        })
        .collect();
    let borrowed = DocumentRef {
        id,
        format: &doc.format,
        version: doc.version,
        offset_unit: &doc.offset_unit,
        source: &doc.source,
        meta: &doc.meta,
        text: &doc.text,
        entities: &entities,
        quotes: &quotes,
        review: &doc.review,
        adjudication: doc.adjudication.as_ref(),
    };
    let mut out = Vec::new();
    write_json_line_ref(&mut out, &borrowed);
    // The hand-written writer and the borrowed types' own `Serialize` agree.
    assert_eq!(
        String::from_utf8(out.clone()).unwrap(),
        serde_json::to_string(&borrowed).unwrap()
    );
    out
}

/// A JSON line without its save time, which differs between two writes.
fn without_time(line: &[u8]) -> String {
    let line = std::str::from_utf8(line).unwrap();
    let start = line.find("\"updated_at\":\"").expect("a save time") + 14;
    let end = start + line[start..].find('"').unwrap();
    format!("{}{}", &line[..start], &line[end..])
}

#[test]
fn borrowed_documents_are_written_byte_for_byte_like_owned_ones() {
    let mut doc = common::sample_document();
    // Every optional field present somewhere: fragments, notes, flags, genders, and this.
    doc.adjudication = Some(Adjudication {
        a: AdjudicationSource {
            file: "alice “A”.json".into(),
            sha256: "a".repeat(64),
        },
        b: AdjudicationSource {
            file: "bob\\b.json".into(),
            sha256: "b".repeat(64),
        },
    });
    for doc in [
        doc,
        common::sample_document(),
        common::harbour_document(),
        common::one_line::document(),
    ] {
        let id = Value::from("doc “1”");
        let mut owned = Vec::new();
        write_json_line_with_id(&mut owned, &id, &doc);
        assert_eq!(
            String::from_utf8(write_borrowed(&doc, Some(&id))).unwrap(),
            String::from_utf8(owned).unwrap()
        );
        assert_eq!(
            String::from_utf8(write_borrowed(&doc, None)).unwrap(),
            serde_json::to_string(&doc).unwrap()
        );
    }
}

#[test]
fn extracted_lines_are_the_documents_lines_without_the_document() {
    let extractor = common::extractor();
    let id = Value::from(7);
    for text in TEXTS {
        let source = Source {
            path: None,
            sha256: Some("0".repeat(64)),
            media_type: "text/plain".into(),
            encoding: Some("UTF-8".into()),
        };
        let meta = Meta {
            title: Some("“Title” 🎉".into()),
            byline: None,
            date: Some("2026-11-30".into()),
        };
        let doc = extractor.document(text.to_string(), source.clone(), meta.clone());
        assert!(!text.contains('“') || !doc.quotes.is_empty(), "{text:?}");
        let mut direct = Vec::new();
        extractor.write_json_line(&mut direct, Some(&id), text, &source, &meta);
        assert_eq!(
            without_time(&direct),
            without_time(to_json_line_with_id(&id, &doc).as_bytes()),
            "{text:?}"
        );
        // The owned parts are the borrowed ones copied: the same spans, ids and texts.
        let (entities, quotes) = extractor.analyze(text).into_parts();
        assert_eq!(
            (entities, quotes),
            (doc.entities.clone(), doc.quotes.clone())
        );
        for entity in &doc.entities {
            for mention in &entity.mentions {
                assert_eq!(
                    *mention,
                    Span::from_text(text, mention.start, mention.end),
                    "{text:?}"
                );
            }
        }
    }
}

#[test]
fn the_jsonl_line_function_writes_what_extract_article_gives() {
    let extractor = common::extractor();
    let mut out = b"kept: ".to_vec();
    for (n, text) in TEXTS.iter().enumerate() {
        let line = serde_json::json!({"id": n, "text": text}).to_string();
        let start = out.len();
        assert_eq!(extract_jsonl_line(&extractor, n + 1, &line, &mut out), None);
        assert_eq!(out.last(), Some(&b'\n'), "one line, ended");
        let doc = article_review::open::extract_article(
            &extractor,
            Article::from_text(text.to_string()),
            "text",
        )
        .unwrap();
        let expected = to_json_line_with_id(&Value::from(n), &doc);
        assert_eq!(
            without_time(&out[start..out.len() - 1]),
            without_time(expected.as_bytes())
        );
    }
    assert!(out.starts_with(b"kept: "), "appends, never clears");

    // A bad line appends its error line and returns the message.
    let start = out.len();
    let message = extract_jsonl_line(&extractor, 12, "{\"id\": 3, \"text\": 5}", &mut out);
    let message = message.expect("an error");
    assert!(message.starts_with("stdin line 12: "), "{message}");
    let error: Value = serde_json::from_slice(&out[start..]).unwrap();
    assert_eq!(error["id"], 3);
    assert_eq!(error["line"], 12);
}
