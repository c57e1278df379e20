//! File > Import... and File > Export as in the review controller, with no window: each format
//! out and back in, the format found from the file, bad input named with file and line, and
//! exports that never replace what they should not.

#[path = "fixtures/two_reviewers.rs"]
mod two_reviewers;

#[path = "fixtures/common.rs"]
mod common;
use common::extractor;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use article_review::document::model::Document;
use article_review::document::save::save_document;
use article_review::exchange::Format;
use article_review::review::exchange::{EXPORT_FORMATS, export_path};
use article_review::review::{Action, Command, Controller, FixedDialogs, Options, Prefs};
use two_reviewers::{ARTICLE_ONE, reviews_a};

struct Setup {
    dir: tempfile::TempDir,
    dialogs: FixedDialogs,
}

impl Setup {
    fn new() -> Setup {
        Setup {
            dir: tempfile::tempdir().expect("temp dir"),
            dialogs: FixedDialogs::default(),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn controller(&self) -> Controller {
        Controller::new(Options {
            dialogs: Arc::new(self.dialogs.clone()),
            extractor: extractor(),
            file: None,
            background_io: false,
            prefs: Prefs::default(),
            recovery: None,
        })
    }

    /// A controller with Alice's review of article one open.
    fn opened(&self) -> (Controller, PathBuf) {
        let path = self.path("alice.review.json");
        save_document(&path, &reviews_a(true).0).expect("write review");
        let mut c = self.controller();
        self.dialogs.push(Some(path.clone()));
        c.apply(Command::Request(Action::OpenDialog));
        assert!(c.document().is_some());
        (c, path)
    }

    fn export(&self, c: &mut Controller, format: Format, to: &Path) {
        self.dialogs.push(Some(to.to_path_buf()));
        c.apply(Command::ExportAs(format));
    }

    fn import(&self, c: &mut Controller, from: &Path) {
        self.dialogs.push(Some(from.to_path_buf()));
        c.apply(Command::Request(Action::ImportDialog));
    }
}

fn doc(c: &Controller) -> &Document {
    c.document().expect("a document is open")
}

fn banner(c: &Controller) -> (bool, String) {
    let b = c.banner().expect("a banner");
    (b.error, b.text.clone())
}

/// Quote spans and speakers' names: what every format but CoNLL keeps.
fn quotes_by_speaker(d: &Document) -> Vec<(usize, usize, Option<String>)> {
    let mut quotes: Vec<_> = d
        .quotes
        .iter()
        .filter(|q| q.status != article_review::QuoteStatus::Rejected)
        .map(|q| {
            let speaker = q
                .speaker
                .as_ref()
                .map(|id| article_review::compare::normalise_name(&d.entity(id).unwrap().name));
            (q.start, q.end, speaker)
        })
        .collect();
    quotes.sort();
    quotes
}

#[test]
fn each_format_is_exported_where_asked_and_imports_back() {
    let s = Setup::new();
    let (mut c, _) = s.opened();
    let original = doc(&c).clone();
    for format in EXPORT_FORMATS {
        let mut c2 = s.controller();
        let to = s.path(&format!("out.{}", format.extension()));
        s.export(&mut c, format, &to);
        let (error, text) = banner(&c);
        assert!(!error, "{text}");
        assert!(text.contains(&to.display().to_string()), "{text}");
        assert!(to.is_file(), "{format:?} written");
        assert!(
            !c.is_dirty(),
            "exporting is not saving, and changes nothing"
        );

        s.import(&mut c2, &to);
        let (error, text) = banner(&c2);
        assert!(!error, "{text}");
        assert!(text.starts_with("Imported"), "{text}");
        let back = doc(&c2);
        if format != Format::Conll {
            assert_eq!(back.text, original.text, "{format:?}");
        }
        assert!(c2.is_dirty(), "an import is a new, unsaved review");
        assert!(c2.open_doc().unwrap().review_path.is_none());
        match format {
            // CoNLL holds entity tokens only; its text is rebuilt from the tokens.
            Format::Conll => {
                assert!(back.quotes.is_empty());
                assert!(
                    back.text
                        .starts_with("Ana López said “ the tram is ready ”")
                );
                let names: Vec<&str> = back.entities.iter().map(|e| e.name.as_str()).collect();
                assert!(names.contains(&"Karel Novák"), "{names:?}");
            }
            // doccano holds spans, not who said them.
            Format::Doccano => assert_eq!(back.quotes.len(), original.quotes.len()),
            _ => assert_eq!(
                quotes_by_speaker(back),
                quotes_by_speaker(&original),
                "{format:?}"
            ),
        }
    }
    // brat writes the text beside the .ann.
    assert!(s.path("out.txt").is_file());
}

#[test]
fn export_proposes_a_name_beside_the_review_that_is_not_the_article() {
    let s = Setup::new();
    let (mut c, review) = s.opened();
    for (format, name) in [
        (Format::Brat, "alice.brat.ann"),
        (Format::LabelStudio, "alice.label-studio.json"),
        (Format::Doccano, "alice.jsonl"),
        (Format::Conll, "alice.conll"),
    ] {
        assert_eq!(export_path(&review, format), s.path(name));
        s.dialogs.push(None);
        c.apply(Command::ExportAs(format));
        assert_eq!(s.dialogs.proposed().last(), Some(&s.path(name)));
    }
    // An article story.txt exports to story.brat.ann + story.brat.txt, never over story.txt.
    assert_eq!(
        export_path(Path::new("/news/story.review.json"), Format::Brat),
        Path::new("/news/story.brat.ann")
    );
}

#[test]
fn brat_export_never_replaces_another_text_file() {
    let s = Setup::new();
    let (mut c, _) = s.opened();
    let article = s.path("story.txt");
    std::fs::write(&article, "Someone else's article.\n").unwrap();
    s.export(&mut c, Format::Brat, &s.path("story.ann"));
    let (error, text) = banner(&c);
    assert!(error && text.contains("story.txt"), "{text}");
    assert_eq!(
        std::fs::read_to_string(&article).unwrap(),
        "Someone else's article.\n"
    );
    assert!(!s.path("story.ann").exists(), "nothing half written");
    // The same text is fine: exporting again over one's own export.
    s.export(&mut c, Format::Brat, &s.path("mine.ann"));
    s.export(&mut c, Format::Brat, &s.path("mine.ann"));
    assert!(!banner(&c).0, "{}", banner(&c).1);
    assert_eq!(
        std::fs::read_to_string(s.path("mine.txt")).unwrap(),
        ARTICLE_ONE
    );
}

#[test]
fn a_failed_export_says_where_and_writes_nothing() {
    let s = Setup::new();
    let (mut c, _) = s.opened();
    let to = s.path("no-such-folder/out.jsonl");
    s.export(&mut c, Format::Doccano, &to);
    let (error, text) = banner(&c);
    assert!(error, "{text}");
    assert!(
        text.contains("Could not export to") && text.contains("out.jsonl"),
        "{text}"
    );
    assert!(!to.exists());
}

#[test]
fn bad_input_is_named_with_its_file_and_line_and_the_open_review_kept() {
    let s = Setup::new();
    let (mut c, review) = s.opened();
    let cases: [(&str, &str, &[&str]); 4] = [
        (
            "bad.jsonl",
            "{\"text\": \"ab\", \"label\": []}\n{\"text\": 3}\n",
            &["bad.jsonl: line 2"],
        ),
        ("bad.conll", "Ana\tX-PER\n", &["bad.conll: line 1", "BIO"]),
        (
            "tasks.json",
            "[{\"data\": {\"text\": \"ab\"}",
            &["tasks.json: line 1", "JSON"],
        ),
        (
            "notes.txt",
            "just some text\n",
            &["notes.txt", "not a format"],
        ),
    ];
    for (name, contents, wanted) in cases {
        let path = s.path(name);
        std::fs::write(&path, contents).unwrap();
        s.import(&mut c, &path);
        let (error, text) = banner(&c);
        assert!(error, "{name}: {text}");
        assert!(text.starts_with("Could not import"), "{text}");
        for w in wanted {
            assert!(text.contains(w), "{text:?} should contain {w:?}");
        }
        assert_eq!(
            c.open_doc().unwrap().review_path.as_deref(),
            Some(review.as_path())
        );
    }
    // A brat pair with a bad line: the .ann and the line.
    std::fs::write(s.path("pair.txt"), "Ana said hi.\n").unwrap();
    std::fs::write(
        s.path("pair.ann"),
        "T1\tSource 0 3\tAna\nT2\tCue 4 8\tsays\n",
    )
    .unwrap();
    s.import(&mut c, &s.path("pair.ann"));
    assert!(
        banner(&c).1.contains("pair.ann: line 2"),
        "{}",
        banner(&c).1
    );
}

#[test]
fn a_hand_written_brat_pair_opens_by_either_file_and_saves_as_a_review() {
    let s = Setup::new();
    // Code points, not bytes: the curly quotes and the accent come before the spans.
    let text = "Mayor Ana López said “the tram is ready” on Monday.\n";
    let (quote_start, quote_end) = (22, 39);
    assert_eq!(
        text.chars()
            .skip(quote_start)
            .take(quote_end - quote_start)
            .collect::<String>(),
        "the tram is ready"
    );
    std::fs::write(s.path("tram.txt"), text).unwrap();
    std::fs::write(
        s.path("tram.ann"),
        format!(
            "T1\tSource 6 15\tAna López\nT2\tCue 16 20\tsaid\n\
             T3\tContent {quote_start} {quote_end}\tthe tram is ready\n\
             T4\tAttribution 16 20\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
        ),
    )
    .unwrap();
    for by in ["tram.ann", "tram.txt"] {
        let mut c = s.controller();
        s.import(&mut c, &s.path(by));
        let (error, msg) = banner(&c);
        assert!(!error, "{msg}");
        assert!(msg.contains("brat"), "{msg}");
        let d = doc(&c);
        assert_eq!(d.quotes.len(), 1, "{by}");
        let q = &d.quotes[0];
        assert_eq!((q.start, q.end), (quote_start, quote_end));
        let speaker = d.entity(q.speaker.as_ref().unwrap()).unwrap();
        assert_eq!(speaker.name, "Ana López");
    }
    // Save proposes tram.review.json beside the pair.
    let mut c = s.controller();
    s.import(&mut c, &s.path("tram.ann"));
    s.dialogs.push(Some(s.path("tram.review.json")));
    c.apply(Command::Save);
    assert_eq!(
        s.dialogs.proposed().last(),
        Some(&s.path("tram.review.json"))
    );
    assert!(!c.is_dirty());
    assert!(s.path("tram.review.json").is_file());
}

#[test]
fn importing_asks_about_unsaved_changes_and_a_review_file_opens_as_itself() {
    let s = Setup::new();
    let (mut c, review) = s.opened();
    let q = doc(&c).quotes[0].id.clone();
    c.apply(Command::Edit(article_review::edit::Edit::Reject {
        quote: q,
    }));
    c.apply(Command::Request(Action::ImportDialog));
    assert_eq!(
        c.question(),
        Some(&article_review::review::Question::Unsaved(
            Action::ImportDialog
        ))
    );
    c.apply(Command::DismissQuestion);
    assert!(c.is_dirty(), "cancel keeps the work");
    // A review file through Import is opened as File > Open opens it: saved, with its path.
    let mut c = s.controller();
    s.import(&mut c, &review);
    assert!(!c.is_dirty());
    assert_eq!(
        c.open_doc().unwrap().review_path.as_deref(),
        Some(review.as_path())
    );
}

#[test]
fn a_file_of_several_tasks_opens_the_first_and_says_so() {
    let s = Setup::new();
    let (one, two) = reviews_a(true);
    let path = s.path("tasks.json");
    std::fs::write(
        &path,
        article_review::exchange::label_studio::write(&[one.clone(), two]),
    )
    .unwrap();
    let mut c = s.controller();
    s.import(&mut c, &path);
    let (error, text) = banner(&c);
    assert!(!error);
    assert!(text.contains("holds 2 documents"), "{text}");
    assert_eq!(doc(&c).text, one.text);
}
