//! Loading articles and review files: `document::load` reads them, `open` also extracts.

#[path = "fixtures/common.rs"]
mod common;

use std::path::Path;

use article_review::document::json::{read_review, to_json_pretty};
use article_review::document::load::{
    LoadErrorKind, Loaded, MAX_HTML_DEPTH, decode_text, load_bytes, normalize_line_ends, sha256_hex,
};
use article_review::document::model::Span;
use article_review::document::validate::validate;
use article_review::extract::Extractor;
use article_review::open::{open_bytes, open_path};
use common::{SAMPLE_TEXT, sample_document};

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn crlf_and_lone_cr_become_lf_and_hash_is_of_the_file_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = "“Yes,” said Zoë.\r\nShe left.\rThe end.\r\n".as_bytes();
    let path = write(&dir, "crlf.txt", bytes);
    let doc = open_path(&path, &Extractor::bundled()).unwrap();
    assert_eq!(doc.text, "“Yes,” said Zoë.\nShe left.\nThe end.\n");
    assert_eq!(
        doc.source.sha256.as_deref(),
        Some(sha256_hex(bytes).as_str())
    );
    assert_eq!(doc.source.media_type, "text/plain");
    assert_eq!(doc.source.encoding.as_deref(), Some("UTF-8"));
    assert_eq!(doc.source.path.as_deref(), Some(path.to_str().unwrap()));
}

#[test]
fn windows_1252_news_file_is_decoded() {
    let dir = tempfile::tempdir().unwrap();
    // “Ça va,” dit François — « déjà » in Windows-1252, with CRLF line ends and no extension.
    let bytes = b"\x93\xC7a va,\x94 said Fran\xE7ois on Monday.\r\n\r\nThe caf\xE9 was \
                  closed \x96 d\xE9j\xE0 vu \x85 he said.\r\n";
    let path = write(&dir, "article", bytes);
    let doc = open_path(&path, &Extractor::bundled()).unwrap();
    assert_eq!(doc.source.encoding.as_deref(), Some("windows-1252"));
    assert_eq!(
        doc.text,
        "“Ça va,” said François on Monday.\n\nThe café was closed – déjà vu … he said.\n"
    );
}

#[test]
fn utf16_files_with_byte_order_marks() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Zoë said “we won” 😀\r\nand left.";
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    for (name, bytes, encoding) in [("le.txt", le, "UTF-16LE"), ("be.md", be, "UTF-16BE")] {
        let doc = open_path(&write(&dir, name, &bytes), &Extractor::bundled()).unwrap();
        assert_eq!(doc.text, "Zoë said “we won” 😀\nand left.", "{name}");
        assert_eq!(doc.source.encoding.as_deref(), Some(encoding));
    }
}

#[test]
fn utf8_bom_is_dropped() {
    let doc = open_bytes(
        Path::new("bom.txt"),
        "\u{FEFF}Zoë said hi.".as_bytes(),
        &Extractor::bundled(),
    )
    .unwrap();
    assert_eq!(doc.text, "Zoë said hi.");
}

#[test]
fn loading_reads_an_article_without_extracting_and_open_extracts_it() {
    let bytes = "“We will win,” said Zoë Müller in Zürich.\r\n".as_bytes();
    let path = Path::new("zoe.txt");
    let Loaded::Article(article) = load_bytes(path, bytes).unwrap() else {
        panic!("a .txt file is an article");
    };
    assert_eq!(article.text, "“We will win,” said Zoë Müller in Zürich.\n");
    assert_eq!(article.source.path.as_deref(), Some("zoe.txt"));
    assert_eq!(
        article.source.sha256.as_deref(),
        Some(sha256_hex(bytes).as_str())
    );

    let doc = open_bytes(path, bytes, &Extractor::bundled()).unwrap();
    assert_eq!(doc.text, article.text);
    assert_eq!(doc.source, article.source);
    assert_eq!(doc.quotes.len(), 1, "open runs the extractor");
    assert_eq!(doc.quotes[0].text, "We will win,");
}

#[test]
fn a_review_file_loads_as_saved_and_open_does_not_extract_it_again() {
    let mut doc = sample_document();
    // A reviewer's decision the extractor would never make: it must survive opening.
    doc.quotes.clear();
    let json = to_json_pretty(&doc);
    assert_eq!(
        load_bytes(Path::new("r.json"), json.as_bytes()).unwrap(),
        Loaded::Review(Box::new(doc.clone()))
    );
    assert_eq!(
        open_bytes(Path::new("r.json"), json.as_bytes(), &Extractor::bundled()).unwrap(),
        doc
    );
}

const NEWS_PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Harbour plan approved</title>
<meta name="author" content="Priya Nair">
<meta property="article:published_time" content="2026-05-04T08:30:00Z">
</head><body>
<header><a href="/">The Example Gazette</a> <a href="/login">Log in</a></header>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="advert">Subscribe today and save 50%!</div>
<main><article>
<h1>Harbour plan approved</h1>
<p>The council approved the harbour plan on Tuesday after a long debate, ending two years
of argument over the future of the old docks and the fishing fleet that still uses them.</p>
<p>“It is a good day for the town,” said councillor Tomás Ruiz, who led the campaign. “We
listened to everyone.”</p>
<p>Opponents said the plan would raise rents near the water, and several fishermen told
reporters they would appeal the decision to the regional court within a month.</p>
</article></main>
<aside><h2>Most read</h2><a href="/a">Celebrity chef opens café</a></aside>
<footer>© 2026 The Example Gazette · <a href="/privacy">Privacy</a> · Contact us</footer>
</body></html>"#;

#[test]
fn html_keeps_paragraphs_and_metadata_and_drops_navigation_ads_and_footer() {
    let doc = open_bytes(
        Path::new("harbour.html"),
        NEWS_PAGE.as_bytes(),
        &Extractor::bundled(),
    )
    .unwrap();
    let paragraphs: Vec<&str> = doc.text.split("\n\n").collect();
    assert_eq!(paragraphs.len(), 3, "{:?}", doc.text);
    assert!(paragraphs[0].starts_with("The council approved the harbour plan on Tuesday"));
    assert!(
        paragraphs[0].contains("two years of argument"),
        "line breaks inside a paragraph become spaces"
    );
    assert_eq!(
        paragraphs[1],
        "“It is a good day for the town,” said councillor Tomás Ruiz, who led the campaign. \
         “We listened to everyone.”"
    );
    for chrome in [
        "Home",
        "Sport",
        "Subscribe",
        "Most read",
        "Privacy",
        "Log in",
        "©",
    ] {
        assert!(
            !doc.text.contains(chrome),
            "{chrome:?} leaked into {:?}",
            doc.text
        );
    }
    assert_eq!(doc.source.media_type, "text/html");
    assert_eq!(doc.meta.title.as_deref(), Some("Harbour plan approved"));
    assert_eq!(doc.meta.byline.as_deref(), Some("Priya Nair"));
    assert_eq!(doc.meta.date.as_deref(), Some("2026-05-04T08:30:00Z"));
}

#[test]
fn html_in_windows_1252_is_decoded() {
    let mut page =
        b"<html><head><meta charset=\"windows-1252\"><title>Caf\xE9</title></head><body><p>"
            .to_vec();
    page.extend_from_slice(b"\x93Our caf\xE9 stays open,\x94 said Zo\xEB Dupr\xE9 on Friday.");
    page.extend_from_slice(b"</p></body></html>");
    let doc = open_bytes(Path::new("cafe.html"), &page, &Extractor::bundled()).unwrap();
    assert_eq!(doc.text, "“Our café stays open,” said Zoë Dupré on Friday.");
    assert_eq!(doc.source.encoding.as_deref(), Some("windows-1252"));
    assert_eq!(doc.meta.title.as_deref(), Some("Café"));
}

#[test]
fn html_without_readable_main_text_falls_back_to_body_text() {
    let page = "<html><body><nav>Home</nav><div>Short note: the meeting moved to Friday.</div>\
                <footer>Contact</footer></body></html>";
    let doc = open_bytes(
        Path::new("note.htm"),
        page.as_bytes(),
        &Extractor::bundled(),
    )
    .unwrap();
    assert_eq!(doc.text, "Short note: the meeting moved to Friday.");
}

#[test]
fn html_with_only_navigation_is_refused() {
    let page = "<html><head><title>Menu</title></head><body><nav><a href=/>Home</a> \
                <a href=/b>About</a></nav><footer>(c) 2026</footer></body></html>";
    let error = open_bytes(
        Path::new("menu.html"),
        page.as_bytes(),
        &Extractor::bundled(),
    )
    .unwrap_err();
    assert_eq!(error.kind, LoadErrorKind::NoArticleText);
    assert!(error.to_string().starts_with("menu.html: "), "{error}");
}

#[test]
fn deeply_nested_html_is_refused_quickly_without_overflowing_the_stack() {
    for depth in [MAX_HTML_DEPTH + 1, 100_000] {
        let page = format!(
            "<html><body>{}<p>Deep text.</p>{}</body></html>",
            "<div><span>".repeat(depth / 2 + 1),
            "</span></div>".repeat(depth / 2 + 1)
        );
        let error = open_bytes(
            Path::new("deep.html"),
            page.as_bytes(),
            &Extractor::bundled(),
        )
        .unwrap_err();
        assert_eq!(error.kind, LoadErrorKind::TooDeep, "{error}");
    }
}

#[test]
fn moderately_nested_html_still_loads() {
    let page = format!(
        "<html><body>{}<p>Deep but fine: the committee met on Monday and agreed the budget.</p>{}</body></html>",
        "<div>".repeat(MAX_HTML_DEPTH / 2),
        "</div>".repeat(MAX_HTML_DEPTH / 2)
    );
    let doc = open_bytes(
        Path::new("deep.html"),
        page.as_bytes(),
        &Extractor::bundled(),
    )
    .unwrap();
    assert!(doc.text.contains("agreed the budget"), "{:?}", doc.text);
}

#[test]
fn review_json_round_trip_is_identical() {
    let doc = sample_document();
    assert_eq!(validate(&doc), vec![], "the fixture itself must be valid");
    let json = to_json_pretty(&doc);
    let back = read_review(json.as_bytes(), "sample.json").unwrap();
    assert_eq!(back, doc);
    assert!(
        json.contains("Zoë Müller") && json.contains("🎉"),
        "written as UTF-8, not escaped"
    );

    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "sample.json", json.as_bytes());
    assert_eq!(open_path(&path, &Extractor::bundled()).unwrap(), doc);
}

#[test]
fn json_keys_follow_the_documented_order() {
    let json = to_json_pretty(&sample_document());
    let order = [
        "\"format\"",
        "\"version\"",
        "\"offset_unit\"",
        "\"source\"",
        "\"meta\"",
        "\"text\"",
        "\"entities\"",
        "\"quotes\"",
        "\"review\"",
    ];
    let positions: Vec<usize> = order.iter().map(|k| json.find(k).unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    let quote = &json[json.find("\"quotes\"").unwrap()..];
    let quote_order = [
        "\"id\"",
        "\"kind\"",
        "\"start\"",
        "\"end\"",
        "\"text\"",
        "\"speaker\"",
        "\"speaker_mention\"",
        "\"cue\"",
        "\"confidence\"",
        "\"rule\"",
        "\"status\"",
        "\"predicted\"",
    ];
    let positions: Vec<usize> = quote_order.iter().map(|k| quote.find(k).unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    assert!(json.starts_with("{\n  \"format\": \"article-review\",\n  \"version\": 1,"));
}

#[test]
fn notes_and_flags_are_optional_and_unknown_flags_refused() {
    let doc = sample_document();
    let json = to_json_pretty(&doc);
    // Written after everything an older reader knows, and only where there is one.
    let q2 = &json[json.find("\"added-by-reviewer\"").unwrap()..];
    assert!(q2.find("\"predicted\"").unwrap() < q2.find("\"note\"").unwrap());
    assert!(q2.find("\"note\"").unwrap() < q2.find("\"flag\": \"needs-check\"").unwrap());
    assert_eq!(
        json.matches("\"note\"").count(),
        1,
        "no empty notes written"
    );
    assert_eq!(json.matches("\"flag\"").count(), 1, "no null flags written");

    // A file from before notes and flags existed.
    let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
    for quote in value["quotes"].as_array_mut().unwrap() {
        let quote = quote.as_object_mut().unwrap();
        quote.remove("note");
        quote.remove("flag");
    }
    let older = serde_json::to_string(&value).unwrap();
    let read = read_review(older.as_bytes(), "older.json").unwrap();
    assert!(
        read.quotes
            .iter()
            .all(|q| q.note.is_none() && q.flag.is_none())
    );
    assert_eq!(read.quotes[0], doc.quotes[0]);

    let bad_flag = json.replacen("\"needs-check\"", "\"suspicious\"", 1);
    let error = read_review(bad_flag.as_bytes(), "flag.json").unwrap_err();
    assert_eq!(error.kind, LoadErrorKind::Invalid);
    assert!(error.message.contains("suspicious"), "{error}");
    assert!(
        error.message.contains("not-a-quote"),
        "lists the known flags: {error}"
    );

    let blank_note = json.replacen("\"note\": \"Ask", "\"note\": \"  \",\"x\": \"Ask", 1);
    let error = read_review(blank_note.as_bytes(), "note.json").unwrap_err();
    let paths: Vec<&str> = error.problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["quotes[1].note"]);
}

#[test]
fn review_file_with_problems_is_refused_listing_them() {
    let mut doc = sample_document();
    doc.quotes[1].end = 10_000;
    doc.quotes[0].speaker = Some("e42".into());
    let error = read_review(to_json_pretty(&doc).as_bytes(), "bad.json").unwrap_err();
    assert_eq!(error.kind, LoadErrorKind::Invalid);
    let paths: Vec<&str> = error.problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["quotes[0].speaker", "quotes[1].end"]);
    assert!(error.to_string().contains("bad.json: "), "{error}");
}

#[test]
fn truncated_json_reports_line_and_column() {
    let json = to_json_pretty(&sample_document());
    let cut = &json[..json.len() / 2];
    let error = read_review(cut.as_bytes(), "cut.json").unwrap_err();
    assert_eq!(error.kind, LoadErrorKind::JsonSyntax);
    let message = error.to_string();
    let lines = cut.lines().count();
    assert!(
        message.contains(&format!("line {lines} column")),
        "{message}"
    );
}

#[test]
fn other_tools_json_and_newer_versions_are_refused_saying_why() {
    let other = read_review(br#"{"name": "x", "items": [1, 2]}"#, "o.json").unwrap_err();
    assert_eq!(other.kind, LoadErrorKind::NotReviewFile);
    assert!(other.message.contains("another tool"), "{other}");
    let array = read_review(b"[1, 2]", "a.json").unwrap_err();
    assert_eq!(array.kind, LoadErrorKind::NotReviewFile);

    let newer = to_json_pretty(&sample_document()).replace("\"version\": 1", "\"version\": 7");
    let error = read_review(newer.as_bytes(), "n.json").unwrap_err();
    assert_eq!(error.kind, LoadErrorKind::NewerVersion);
    assert!(error.message.contains("version 7"), "{error}");
    assert!(error.message.contains("reads (version 1)"), "{error}");
}

#[test]
fn unknown_fields_are_ignored_and_unknown_kinds_refused() {
    let json = to_json_pretty(&sample_document());
    let extended = json.replacen("\"meta\":", "\"future_field\": {\"x\": 1},\n  \"meta\":", 1);
    assert_eq!(
        read_review(extended.as_bytes(), "f.json").unwrap(),
        sample_document()
    );
    let bad_kind = json.replacen("\"kind\": \"direct\"", "\"kind\": \"sung\"", 1);
    let error = read_review(bad_kind.as_bytes(), "k.json").unwrap_err();
    assert_eq!(error.kind, LoadErrorKind::Invalid);
    assert!(error.message.contains("sung"), "{error}");
}

#[test]
fn every_emitted_span_equals_its_slice() {
    // Text with accents, emoji and curly quotes before the quotes, so byte and code point
    // offsets differ; whatever the extractor finds must validate.
    let text = format!(
        "{SAMPLE_TEXT}\n\n“We are ready,” said Ana López, the mayor of Málaga. “The 🚋 tram \
         opens in May.”\n\nShe said the budget was “fully funded”. According to Mr Karel Novák, \
         the work will end soon."
    );
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "spans.txt", text.as_bytes());
    let doc = open_path(&path, &Extractor::bundled()).unwrap();
    assert_eq!(validate(&doc), vec![]);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn name() -> impl Strategy<Value = &'static str> {
        prop_oneof![Just("a.txt"), Just("a.html"), Just("a.json"), Just("noext")]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Any bytes under any name: a document or a LoadError naming the file, never a panic.
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600), name in name()) {
            match open_bytes(Path::new(name), &bytes, &Extractor::bundled()) {
                Ok(doc) => prop_assert_eq!(validate(&doc), vec![]),
                Err(error) => prop_assert!(error.to_string().starts_with(name)),
            }
        }

        /// Generated pages of article, navigation, script and comment pieces: an article or
        /// a clear refusal, never a panic, and never a carriage return or empty paragraph.
        #[test]
        fn html_pages_load_or_are_refused(pieces in proptest::collection::vec(prop_oneof![
            Just("<div>"), Just("</div>"), Just("<p>"), Just("</p>"), Just("<nav>Home</nav>"),
            Just("<article>"), Just("</article>"), Just("<script>var a = '<div>';</script>"),
            Just("<!-- <div> -->"), Just("<footer>© x</footer>"), Just("<br>"),
            Just("“Quoted,” said Zoë Ñ. "), Just("Plain sentence with 😀 emoji.\r\n"),
            Just("&amp; &#x1F600; &nbsp;"),
        ], 0..60)) {
            let page = pieces.concat();
            match article_review::document::load::html_article(&page) {
                Ok(article) => {
                    prop_assert!(!article.text.is_empty());
                    prop_assert!(!article.text.contains('\r'));
                    prop_assert!(article.text.split("\n\n").all(|p| !p.trim().is_empty() && !p.contains('\n')));
                }
                Err((kind, _)) => prop_assert!(matches!(kind, LoadErrorKind::NoArticleText | LoadErrorKind::TooDeep)),
            }
        }

        /// Random documents with random valid spans survive a write and read unchanged.
        #[test]
        fn json_round_trip(text in "[a-zé😀“” \n]{1,80}", cuts in proptest::collection::vec((0usize..100, 0usize..100), 0..6), confidence in 0.0f32..=1.0) {
            let mut doc = sample_document();
            doc.text = text;
            let len = doc.text.chars().count();
            let spans: Vec<_> = cuts.iter().map(|&(a, b)| {
                let (a, b) = (a % (len + 1), b % (len + 1));
                doc.span(a.min(b), a.max(b))
            }).collect();
            doc.entities.truncate(1);
            doc.entities[0].mentions = spans.clone();
            doc.quotes.truncate(1);
            let quote = &mut doc.quotes[0];
            let whole = spans.first().cloned().unwrap_or(Span { start: 0, end: 0, text: String::new() });
            (quote.start, quote.end, quote.text) = (whole.start, whole.end, whole.text.clone());
            quote.speaker_mention = spans.last().cloned();
            quote.cue = spans.get(1).cloned();
            quote.fragments = spans;
            quote.confidence = confidence;
            quote.predicted = None;
            prop_assert_eq!(validate(&doc), vec![]);
            let back = read_review(to_json_pretty(&doc).as_bytes(), "r.json").unwrap();
            prop_assert_eq!(back, doc);
        }

        /// Any text with any line ends decodes unchanged and normalises to LF only, one line
        /// end per CRLF, CR or LF. (The extractor's own robustness is fuzzed separately.)
        #[test]
        fn text_decodes_and_normalises_to_lf(text in "[a-zA-Zé😀“”\"' .,\r\n]{1,300}") {
            let decoded = decode_text(text.as_bytes()).unwrap();
            prop_assert_eq!(&decoded.text, &text);
            let normalised = normalize_line_ends(decoded.text);
            prop_assert!(!normalised.contains('\r'));
            prop_assert_eq!(
                normalised.chars().filter(|&c| c == '\n').count(),
                text.replace("\r\n", "\n").chars().filter(|&c| c == '\n' || c == '\r').count()
            );
        }
    }
}
