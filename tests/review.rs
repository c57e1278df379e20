//! The review controller driven by commands, with no window: the flows the window offers
//! (confirm and next, undo after a merge, save then reopen, the unsaved-changes guard, crash
//! recovery, ...). tests/gui.rs keeps what only the window shows.

#[path = "fixtures/common.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use article_review::document::csv::{csv_field, quotes_csv};
use article_review::document::model::{Document, EntityType, QuoteKind, QuoteStatus};
use article_review::edit::{Edit, NEW_ENTITY};
use article_review::recovery::RecoveryStore;
use article_review::review::{
    Action, Command, Controller, DialogPurpose, FixedDialogs, Options, Prefs, Question,
    SAMPLE_NAME, SAMPLE_TEXT, SortColumn, SpeakerFilter,
};
use common::{HARBOUR_TEXT, extractor, harbour_document, harbour_range};

struct Setup {
    dir: tempfile::TempDir,
    dialogs: FixedDialogs,
}

impl Setup {
    fn new() -> Setup {
        Setup::with_dialogs(FixedDialogs::default())
    }

    fn with_dialogs(dialogs: FixedDialogs) -> Setup {
        Setup {
            dir: tempfile::tempdir().expect("temp dir"),
            dialogs,
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes the fixture as a review file and returns its path.
    fn review_file(&self) -> PathBuf {
        let path = self.path("harbour.review.json");
        article_review::document::save::save_document(&path, &harbour_document())
            .expect("write fixture");
        path
    }

    fn controller(&self) -> Controller {
        self.controller_with(None, Prefs::default())
    }

    fn controller_with(&self, recovery: Option<RecoveryStore>, prefs: Prefs) -> Controller {
        Controller::new(Options {
            dialogs: Arc::new(self.dialogs.clone()),
            extractor: extractor(),
            file: None,
            background_io: false,
            prefs,
            recovery,
        })
    }

    /// A controller with the fixture review file opened through "Open...".
    fn opened(&self) -> Controller {
        let path = self.review_file();
        let mut c = self.controller();
        self.open(&mut c, path);
        assert!(c.document().is_some(), "fixture opened");
        c
    }

    /// Answers the next file dialog with `path`, then asks to open a file.
    fn open(&self, c: &mut Controller, path: PathBuf) {
        self.dialogs.push(Some(path));
        c.apply(Command::Request(Action::OpenDialog));
    }
}

fn doc(c: &Controller) -> &Document {
    c.document().expect("a document is open")
}

/// Asserts that the open document is the harbour fixture. The save time is left out: the fixture
/// and the file were stamped at different moments, which may fall in different seconds.
fn assert_is_harbour(c: &Controller) {
    let want = harbour_document();
    let mut got = doc(c).clone();
    got.review.updated_at = want.review.updated_at.clone();
    assert_eq!(got, want);
}

fn status(c: &Controller, id: &str) -> QuoteStatus {
    doc(c).quote(id).expect("quote exists").status
}

fn speaker(c: &Controller, id: &str) -> Option<String> {
    doc(c).quote(id).expect("quote exists").speaker.clone()
}

fn select(c: &mut Controller, id: &str) {
    c.apply(Command::SelectQuote {
        id: Some(id.into()),
        scroll: true,
    });
}

fn select_text(c: &mut Controller, needle: &str) {
    let (start, end) = harbour_range(needle);
    c.apply(Command::SelectText(Some((start, end))));
}

fn on_disk(path: &Path) -> Document {
    serde_json::from_str(&std::fs::read_to_string(path).expect("saved file")).expect("JSON")
}

// ----- opening -----

#[test]
fn the_sample_article_opens_with_its_name_in_the_title() {
    let s = Setup::new();
    let mut c = s.controller();
    assert!(c.document().is_none());
    assert_eq!(c.window_title(), "article-review");
    c.apply(Command::Request(Action::OpenSample));
    assert_eq!(doc(&c).text, SAMPLE_TEXT.replace("\r\n", "\n"));
    assert_eq!(c.window_title(), format!("{SAMPLE_NAME} - article-review"));
    assert!(!c.is_dirty());
}

#[test]
fn a_review_file_opens_clean_with_its_first_quote_selected() {
    let s = Setup::new();
    let c = s.opened();
    assert_is_harbour(&c);
    assert_eq!(c.selected_quote(), Some("q1"));
    assert_eq!(c.selected_entity(), None);
    assert!(!c.is_dirty());
    assert_eq!(c.window_title(), "harbour.review.json - article-review");
}

#[test]
fn a_refused_file_shows_its_message_and_keeps_the_document() {
    let s = Setup::new();
    let mut c = s.opened();
    let before = doc(&c).clone();
    s.open(&mut c, s.path("missing-article.txt"));
    let banner = c.banner().expect("a message").clone();
    assert!(banner.error);
    assert!(banner.text.starts_with("Could not open"), "{}", banner.text);
    assert!(
        banner.text.contains("missing-article.txt"),
        "{}",
        banner.text
    );
    assert_eq!(doc(&c), &before);
    c.apply(Command::DismissBanner);
    assert!(c.banner().is_none());
}

/// The bad-input matrix of the command line (tests/bad_input.rs), through the controller: each
/// file is refused with a message naming it, and the open review stays as it was.
#[test]
fn every_kind_of_bad_file_is_refused_and_the_review_stays() {
    let s = Setup::new();
    let mut c = s.opened();
    let before = doc(&c).clone();

    let review: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(s.review_file()).expect("fixture"))
            .expect("fixture is JSON");
    let with = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut v = review.clone();
        edit(&mut v);
        serde_json::to_vec_pretty(&v).expect("JSON")
    };
    let full = serde_json::to_string_pretty(&review).expect("JSON");
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty.txt", Vec::new()),
        ("binary.txt", vec![0, 1, 2, 0, 159, 146, 150, 0, 0, 7]),
        (
            "no-article.html",
            b"<html><body><nav><a href='/'>Home</a></nav></body></html>".to_vec(),
        ),
        (
            "truncated.review.json",
            full.as_bytes()[..full.len() / 2].to_vec(),
        ),
        (
            "other-tool.json",
            br#"{"annotations": [], "text": "hello"}"#.to_vec(),
        ),
        ("newer.review.json", with(&|v| v["version"] = 99.into())),
        (
            "out-of-range.review.json",
            with(&|v| v["quotes"][0]["end"] = 100_000.into()),
        ),
        (
            "dangling.review.json",
            with(&|v| v["quotes"][0]["speaker"] = "e404".into()),
        ),
        (
            "mismatch.review.json",
            with(&|v| v["quotes"][0]["text"] = "not the slice".into()),
        ),
    ];
    let mut paths: Vec<PathBuf> = cases
        .iter()
        .map(|(name, bytes)| {
            let path = s.path(name);
            std::fs::write(&path, bytes).expect("write case");
            path
        })
        .collect();
    let folder = s.path("a-folder.txt");
    std::fs::create_dir(&folder).expect("folder");
    paths.push(folder);
    paths.push(s.path("missing.txt"));

    for path in paths {
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .to_string();
        let disk_before = std::fs::read(&path).ok();
        s.open(&mut c, path.clone());
        let banner = c
            .banner()
            .cloned()
            .unwrap_or_else(|| panic!("{name}: no message"));
        assert!(banner.error, "{name}: {}", banner.text);
        assert!(banner.text.contains(&name), "{name}: {}", banner.text);
        assert_eq!(doc(&c), &before, "{name}: the open review changed");
        assert_eq!(
            std::fs::read(&path).ok(),
            disk_before,
            "{name}: the file changed"
        );
        c.apply(Command::DismissBanner);
    }
}

#[test]
fn a_file_opened_on_the_worker_thread_arrives_through_tick() {
    let s = Setup::new();
    let review = s.review_file();
    let mut c = Controller::new(Options {
        dialogs: Arc::new(s.dialogs.clone()),
        extractor: extractor(),
        file: Some(review.clone()),
        background_io: true,
        prefs: Prefs::default(),
        recovery: None,
    });
    assert_eq!(c.loading(), Some(review.as_path()));
    assert!(c.is_busy());
    let started = Instant::now();
    while c.document().is_none() && started.elapsed() < Duration::from_secs(30) {
        let wait = c.tick(Instant::now());
        assert!(
            wait.is_some() || c.document().is_some(),
            "asks to be polled"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_is_harbour(&c);
    assert_eq!(c.loading(), None);
}

#[test]
fn recent_files_remember_what_was_opened() {
    let s = Setup::new();
    let c = s.opened();
    let recent = c.prefs().recent;
    assert_eq!(recent.len(), 1);
    assert!(recent[0].ends_with(Path::new("harbour.review.json")));
    assert_eq!(
        c.prefs().last_dir.map(|d| d.canonicalize().unwrap()),
        Some(s.dir.path().canonicalize().unwrap())
    );
}

// ----- reviewing -----

#[test]
fn picking_a_candidate_corrects_the_speaker_and_keeps_the_prediction() {
    let s = Setup::new();
    let mut c = s.opened();
    select(&mut c, "q2");
    // Mr Lund is named right before the quote: the first candidate.
    let first = c.candidates()[0].clone();
    assert_eq!(first.name, "Lund");
    c.apply(Command::pick(&first));
    let q2 = doc(&c).quote("q2").unwrap();
    assert_eq!(q2.speaker.as_deref(), Some("e3"));
    assert_eq!(q2.speaker_mention.as_ref().unwrap().text, "Mr Lund");
    assert_eq!(q2.status, QuoteStatus::Corrected);
    assert_eq!(
        q2.predicted.as_ref().unwrap().speaker.as_deref(),
        Some("e2")
    );
    assert!(c.window_title().starts_with('\u{2022}'));

    // The third quote, second candidate.
    select(&mut c, "q3");
    let second = c.candidates()[1].clone();
    c.apply(Command::pick(&second));
    assert_eq!(speaker(&c, "q3").as_deref(), Some(second.entity.as_str()));
}

#[test]
fn candidates_follow_the_selected_quote_and_the_edits() {
    let s = Setup::new();
    let mut c = s.opened();
    c.apply(Command::SelectQuote {
        id: None,
        scroll: false,
    });
    assert!(c.candidates().is_empty());
    select(&mut c, "q2");
    let before: Vec<String> = c.candidates().iter().map(|c| c.name.clone()).collect();
    assert!(before.contains(&"council".to_string()));
    c.apply(Command::Edit(Edit::DeleteEntity {
        entity: "e2".into(),
    }));
    let after: Vec<String> = c.candidates().iter().map(|c| c.name.clone()).collect();
    assert!(!after.contains(&"council".to_string()), "{after:?}");
}

#[test]
fn confirm_and_next_moves_to_the_next_unreviewed() {
    let s = Setup::new();
    let mut c = s.opened();
    select(&mut c, "q1");
    c.apply(Command::ConfirmAndNext);
    assert_eq!(status(&c, "q1"), QuoteStatus::Confirmed);
    assert_eq!(c.selected_quote(), Some("q2"));
    c.apply(Command::ConfirmAndNext);
    assert_eq!(status(&c, "q2"), QuoteStatus::Confirmed);
    assert_eq!(c.selected_quote(), Some("q3"));
    // Moving changes nothing.
    c.apply(Command::Move(-1));
    assert_eq!(c.selected_quote(), Some("q2"));
    c.apply(Command::Move(1));
    assert_eq!(c.selected_quote(), Some("q3"));
    c.apply(Command::NoSpeaker);
    assert_eq!(speaker(&c, "q3"), None);
    assert_eq!(doc(&c).reviewed_count(), 3);
}

#[test]
fn confirm_and_next_wraps_around_and_skips_reviewed_quotes() {
    let s = Setup::new();
    let mut c = s.opened();
    select(&mut c, "q2");
    c.apply(Command::Reject);
    assert_eq!(status(&c, "q2"), QuoteStatus::Rejected);
    assert_eq!(c.selected_quote(), Some("q3"));
    c.apply(Command::ConfirmAndNext);
    // Past the end: back to the first quote nobody reviewed.
    assert_eq!(c.selected_quote(), Some("q1"));
    c.apply(Command::ConfirmAndNext);
    // Nothing left: the selection stays.
    assert_eq!(c.selected_quote(), Some("q1"));
    assert_eq!(doc(&c).reviewed_count(), 3);
}

#[test]
fn moving_stops_at_the_ends_of_the_table() {
    let s = Setup::new();
    let mut c = s.opened();
    c.apply(Command::SelectQuote {
        id: None,
        scroll: false,
    });
    c.apply(Command::Move(-1));
    assert_eq!(
        c.selected_quote(),
        Some("q3"),
        "up from nothing: the last row"
    );
    c.apply(Command::Move(1));
    assert_eq!(c.selected_quote(), Some("q3"));
    c.apply(Command::Move(-5));
    assert_eq!(c.selected_quote(), Some("q1"));
}

#[test]
fn reject_marks_a_false_quote() {
    let s = Setup::new();
    let mut c = s.opened();
    select(&mut c, "q3");
    c.apply(Command::Reject);
    assert_eq!(status(&c, "q3"), QuoteStatus::Rejected);
    assert!(c.is_dirty());
}

#[test]
fn a_quote_is_added_from_the_article_selection() {
    let s = Setup::new();
    let mut c = s.opened();
    select_text(&mut c, "it agreed with the plan");
    c.apply(Command::AddQuoteFromSelection);
    let id = c.selected_quote().expect("new quote selected").to_string();
    let added = doc(&c).quote(&id).unwrap();
    assert_eq!(added.text, "it agreed with the plan");
    assert_eq!(added.status, QuoteStatus::Added);
    assert_eq!(added.kind, QuoteKind::Indirect);
    assert_eq!(added.predicted, None);
    assert_eq!(c.text_selection(), None, "the selection was used up");
    // Its speaker is picked the same way.
    let first = c.candidates()[0].clone();
    c.apply(Command::pick(&first));
    assert_eq!(speaker(&c, &id).as_deref(), Some(first.entity.as_str()));

    // A selection that includes the quotation marks becomes a direct quote without them.
    select_text(&mut c, "“the bridge opens in May”");
    c.apply(Command::AddQuoteFromSelection);
    let id2 = c.selected_quote().unwrap().to_string();
    assert_ne!(id, id2);
    let q = doc(&c).quote(&id2).unwrap();
    assert_eq!(
        (q.text.as_str(), q.kind),
        ("the bridge opens in May", QuoteKind::Direct)
    );
}

#[test]
fn adding_a_quote_without_a_selection_says_how() {
    let s = Setup::new();
    let mut c = s.opened();
    let before = doc(&c).clone();
    c.apply(Command::AddQuoteFromSelection);
    let banner = c.banner().expect("a hint");
    assert!(!banner.error);
    assert!(
        banner.text.contains("Select the quoted words"),
        "{}",
        banner.text
    );
    assert_eq!(doc(&c), &before);
}

#[test]
fn an_empty_text_selection_is_no_selection() {
    let s = Setup::new();
    let mut c = s.opened();
    c.apply(Command::SelectText(Some((5, 5))));
    assert_eq!(c.text_selection(), None);
    c.apply(Command::SelectText(Some((5, 9))));
    assert_eq!(c.text_selection(), Some((5, 9)));
}

#[test]
fn a_quotes_bounds_move_to_the_selection() {
    let s = Setup::new();
    let mut c = s.opened();
    select(&mut c, "q1");
    // A blank and the opening mark selected too: both are trimmed.
    let (start, end) = harbour_range("“the bridge opens");
    c.apply(Command::SelectText(Some((start - 1, end))));
    c.apply(Command::SpanFromSelection);
    let q1 = doc(&c).quote("q1").unwrap();
    assert_eq!(q1.text, "the bridge opens");
    assert_eq!(c.text_selection(), None);
}

#[test]
fn a_refused_edit_shows_why_and_changes_nothing() {
    let s = Setup::new();
    let mut c = s.opened();
    let before = doc(&c).clone();
    c.apply(Command::Edit(Edit::Confirm {
        quote: "q404".into(),
    }));
    let banner = c.banner().expect("a message");
    assert!(banner.error);
    assert!(
        banner.text.starts_with("That change was not made"),
        "{}",
        banner.text
    );
    assert_eq!(doc(&c), &before);
    assert!(!c.is_dirty());
}

// ----- entities -----

#[test]
fn selecting_an_entity_filters_the_quotes_to_its_own() {
    let s = Setup::new();
    let mut c = s.opened();
    c.apply(Command::SelectEntity(Some("e4".into())));
    assert_eq!(c.selected_entity(), Some("e4"));
    assert_eq!(c.rows(), vec![2]);
    c.apply(Command::SelectEntity(None));
    assert_eq!(c.selected_entity(), None);
    assert_eq!(c.rows(), vec![0, 1, 2]);
}

#[test]
fn two_entities_are_merged() {
    let s = Setup::new();
    let mut c = s.opened();
    c.apply(Command::SelectEntity(Some("e4".into())));
    c.apply(Command::Edit(Edit::MergeEntities {
        kept: "e1".into(),
        absorbed: "e4".into(),
    }));
    c.apply(Command::SelectEntity(Some("e1".into())));
    let d = doc(&c);
    assert!(d.entity("e4").is_none());
    assert_eq!(d.entity("e1").unwrap().mentions.len(), 2);
    assert_eq!(d.quote("q3").unwrap().speaker.as_deref(), Some("e1"));
    assert_eq!(c.selected_entity(), Some("e1"));
    assert_eq!(c.rows(), vec![0, 2]);
}

#[test]
fn undo_after_a_merge_brings_both_entities_back_and_is_clean() {
    let s = Setup::new();
    let mut c = s.opened();
    c.apply(Command::SelectEntity(Some("e4".into())));
    c.apply(Command::Edit(Edit::MergeEntities {
        kept: "e1".into(),
        absorbed: "e4".into(),
    }));
    // The absorbed entity was selected: that selection is gone with it.
    assert_eq!(c.selected_entity(), None);
    c.apply(Command::Undo);
    assert_is_harbour(&c);
    assert!(!c.is_dirty());
    c.apply(Command::Redo);
    assert!(doc(&c).entity("e4").is_none());
    assert!(c.is_dirty());
}

#[test]
fn entity_rename_delete_and_a_new_speaker() {
    let s = Setup::new();
    let mut c = s.opened();
    c.apply(Command::SelectEntity(Some("e2".into())));
    c.apply(Command::Edit(Edit::RenameEntity {
        entity: "e2".into(),
        name: "council of Harbourtown".into(),
    }));
    assert_eq!(doc(&c).entity("e2").unwrap().name, "council of Harbourtown");
    c.apply(Command::Edit(Edit::DeleteEntity {
        entity: "e2".into(),
    }));
    assert!(doc(&c).entity("e2").is_none());
    assert_eq!(speaker(&c, "q2"), None);
    assert_eq!(
        c.selected_entity(),
        None,
        "a deleted entity is not selected"
    );

    // A new speaker, named after the article selection.
    select(&mut c, "q2");
    let mention = common::harbour_span("Mr Lund");
    c.apply(Command::Edit(Edit::Batch(vec![
        Edit::AddEntity {
            name: "Mr Lund".into(),
            entity_type: EntityType::Person,
            mentions: vec![mention.clone()],
        },
        Edit::SetSpeaker {
            quote: "q2".into(),
            speaker: Some(NEW_ENTITY.into()),
            mention: Some(mention),
        },
    ])));
    let new = speaker(&c, "q2").expect("new speaker");
    assert_eq!(doc(&c).entity(&new).unwrap().name, "Mr Lund");
}

// ----- undo -----

#[test]
fn undo_and_redo_return_to_the_saved_state() {
    let s = Setup::new();
    let mut c = s.opened();
    select(&mut c, "q3");
    c.apply(Command::Reject);
    assert_eq!(status(&c, "q3"), QuoteStatus::Rejected);
    c.apply(Command::Undo);
    assert_eq!(status(&c, "q3"), QuoteStatus::Auto);
    assert!(!c.is_dirty());
    c.apply(Command::Redo);
    assert_eq!(status(&c, "q3"), QuoteStatus::Rejected);
    assert!(c.is_dirty());
    // Nothing more to redo: no change.
    c.apply(Command::Redo);
    assert_eq!(status(&c, "q3"), QuoteStatus::Rejected);
}

#[test]
fn undoing_an_added_quote_drops_its_selection() {
    let s = Setup::new();
    let mut c = s.opened();
    select_text(&mut c, "it agreed with the plan");
    c.apply(Command::AddQuoteFromSelection);
    assert!(c.selected_quote().is_some());
    c.apply(Command::Undo);
    assert_eq!(c.selected_quote(), None);
    assert_eq!(doc(&c).quotes.len(), 3);
}

// ----- the table -----

#[test]
fn table_filters_and_sorting() {
    let s = Setup::new();
    let mut c = s.opened();
    c.apply(Command::FilterText("june".into()));
    assert_eq!(c.rows(), vec![1]);
    c.apply(Command::FilterText(String::new()));
    // Sorting by quote text puts "it will..." first; again reverses.
    c.apply(Command::SortBy(SortColumn::Quote));
    assert_eq!(c.rows(), vec![1, 0, 2]);
    c.apply(Command::SortBy(SortColumn::Quote));
    assert_eq!(c.rows(), vec![2, 0, 1]);
    c.apply(Command::SortBy(SortColumn::Number));
    assert_eq!(c.rows(), vec![0, 1, 2]);
    // "Unreviewed only" hides what has been looked at.
    select(&mut c, "q2");
    c.apply(Command::ConfirmAndNext);
    c.apply(Command::UnreviewedOnly(true));
    assert_eq!(c.rows(), vec![0, 2]);
    assert!(c.prefs().unreviewed_only, "remembered for the next start");
}

#[test]
fn speaker_and_status_filters() {
    let s = Setup::new();
    let mut c = s.opened();
    c.apply(Command::FilterSpeaker(SpeakerFilter::Entity("e1".into())));
    assert_eq!(
        c.selected_entity(),
        Some("e1"),
        "filtering by a speaker selects it"
    );
    assert_eq!(c.rows(), vec![0]);
    select(&mut c, "q1");
    c.apply(Command::NoSpeaker);
    c.apply(Command::FilterSpeaker(SpeakerFilter::Nobody));
    assert_eq!(c.selected_entity(), None);
    assert_eq!(c.rows(), vec![0]);
    c.apply(Command::FilterSpeaker(SpeakerFilter::Any));
    c.apply(Command::FilterStatus(Some(QuoteStatus::Corrected)));
    assert_eq!(c.rows(), vec![0]);
    c.apply(Command::FilterStatus(Some(QuoteStatus::Rejected)));
    assert!(c.rows().is_empty());
}

#[test]
fn the_remembered_unreviewed_filter_applies_at_start() {
    let s = Setup::new();
    let c = s.controller_with(
        None,
        Prefs {
            unreviewed_only: true,
            ..Prefs::default()
        },
    );
    assert!(c.filter().unreviewed_only);
}

#[test]
fn selecting_asks_the_window_to_bring_the_quote_into_view() {
    let s = Setup::new();
    let mut c = s.opened();
    c.take_reveal();
    select(&mut c, "q2");
    let reveal = c.take_reveal();
    assert!(reveal.table_row);
    assert_eq!(reveal.article_at, Some(doc(&c).quote("q2").unwrap().start));
    assert_eq!(c.take_reveal(), Default::default(), "asked once");
    // A click in the article selects without scrolling it.
    c.apply(Command::SelectQuote {
        id: Some("q1".into()),
        scroll: false,
    });
    let reveal = c.take_reveal();
    assert!(reveal.table_row);
    assert_eq!(reveal.article_at, None);
}

// ----- saving -----

#[test]
fn save_then_reopen_gives_the_same_review() {
    let s = Setup::new();
    // An article, not a review file: the first save asks, proposing ARTICLE.review.json.
    let article = s.path("harbour.txt");
    std::fs::write(&article, HARBOUR_TEXT).unwrap();
    let mut c = s.controller();
    s.open(&mut c, article);
    assert_eq!(doc(&c).text, HARBOUR_TEXT);
    select_text(&mut c, "the bridge opens in May");
    c.apply(Command::AddQuoteFromSelection);
    assert!(c.is_dirty());

    let target = s.path("chosen.review.json");
    s.dialogs.push(Some(target.clone()));
    c.apply(Command::Save);
    assert_eq!(s.dialogs.proposed(), vec![s.path("harbour.review.json")]);
    assert!(!c.is_dirty());
    assert!(target.exists());
    let saved = doc(&c).clone();

    // Save again writes to the same file without asking.
    let id = c.selected_quote().unwrap().to_string();
    select(&mut c, &id);
    c.apply(Command::Reject);
    c.apply(Command::Save);
    assert_eq!(s.dialogs.proposed().len(), 1);
    let saved_again = doc(&c).clone();
    assert_ne!(saved.quotes, saved_again.quotes);

    // Reopen in a fresh controller and compare.
    let mut c2 = s.controller();
    s.open(&mut c2, target);
    let reopened = doc(&c2);
    assert_eq!(reopened.entities, saved_again.entities);
    assert_eq!(reopened.quotes, saved_again.quotes);
    assert_eq!(reopened.text, saved_again.text);
    assert!(!c2.is_dirty());
}

#[test]
fn save_as_always_asks_and_then_saves_there() {
    let s = Setup::new();
    let mut c = s.opened();
    let other = s.path("other.review.json");
    s.dialogs.push(Some(other.clone()));
    c.apply(Command::SaveAs);
    assert_eq!(s.dialogs.proposed(), vec![s.path("harbour.review.json")]);
    assert_eq!(on_disk(&other).quotes, harbour_document().quotes);
    assert_eq!(c.window_title(), "other.review.json - article-review");
    assert_eq!(
        c.open_doc().unwrap().review_path.as_deref(),
        Some(other.as_path())
    );
}

#[test]
fn a_cancelled_save_dialog_keeps_the_changes_unsaved() {
    let s = Setup::new();
    let mut c = s.opened();
    select(&mut c, "q3");
    c.apply(Command::Reject);
    s.dialogs.push(None);
    c.apply(Command::SaveAs);
    assert!(c.is_dirty());
    assert!(c.banner().is_none());
}

#[test]
fn a_failed_save_shows_the_path_and_keeps_the_changes() {
    let s = Setup::new();
    let mut c = s.opened();
    select(&mut c, "q3");
    c.apply(Command::Reject);
    let bad = s.path("no-such-folder").join("x.review.json");
    s.dialogs.push(Some(bad.clone()));
    c.apply(Command::SaveAs);
    let banner = c.banner().expect("a message");
    assert!(banner.error);
    assert!(
        banner.text.starts_with("Could not save to"),
        "{}",
        banner.text
    );
    assert!(
        banner.text.contains(&bad.display().to_string()),
        "{}",
        banner.text
    );
    assert!(c.is_dirty());
}

#[test]
fn quotes_export_as_properly_quoted_csv() {
    assert_eq!(csv_field("plain"), "plain");
    assert_eq!(csv_field("a, b"), "\"a, b\"");
    assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    let csv = quotes_csv(&harbour_document());
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines.len(), 5, "{csv}");
    assert!(lines[0].starts_with("number,id,quote,kind,speaker"));
    assert!(lines[1].starts_with("1,q1,the bridge opens in May,direct,Zoë Park,e1,"));

    let s = Setup::new();
    let mut c = s.opened();
    let out = s.path("quotes.csv");
    s.dialogs.push(Some(out.clone()));
    c.apply(Command::ExportCsv);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), csv);
    assert_eq!(
        s.dialogs
            .proposed()
            .last()
            .map(|p| p.file_name().unwrap().to_owned()),
        Some("harbour.quotes.csv".into())
    );
    assert!(
        !c.is_dirty(),
        "exporting is not saving, and changes nothing"
    );
}

#[test]
fn a_failed_export_says_where_and_leaves_the_old_file_whole() {
    let s = Setup::new();
    let mut c = s.opened();
    // A folder where the file should be: the rename cannot replace it.
    let blocked = s.path("quotes.csv");
    std::fs::create_dir(&blocked).unwrap();
    std::fs::write(blocked.join("keep.txt"), "mine").unwrap();
    s.dialogs.push(Some(blocked.clone()));
    c.apply(Command::ExportCsv);
    let banner = c.banner().cloned().expect("a message");
    assert!(banner.error, "{}", banner.text);
    assert!(banner.text.contains("quotes.csv"), "{}", banner.text);
    assert_eq!(
        std::fs::read_to_string(blocked.join("keep.txt")).unwrap(),
        "mine"
    );
    let strays: Vec<_> = std::fs::read_dir(blocked.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(
        strays.is_empty(),
        "no temporary file left behind: {strays:?}"
    );
}

// ----- the unsaved-changes guard -----

#[test]
fn closing_with_unsaved_changes_asks_first() {
    let s = Setup::new();
    let mut c = s.opened();
    select(&mut c, "q3");
    c.apply(Command::Reject);
    // The window's close button.
    assert!(!c.may_close());
    assert_eq!(c.question(), Some(&Question::Unsaved(Action::Close)));
    c.apply(Command::DismissQuestion);
    assert!(c.question().is_none());
    assert!(c.is_dirty());
    assert!(!c.take_close());

    // Opening another file asks too; Discard goes ahead.
    c.apply(Command::Request(Action::OpenSample));
    assert_eq!(c.question(), Some(&Question::Unsaved(Action::OpenSample)));
    c.apply(Command::ResolveUnsaved { save: false });
    assert!(c.question().is_none());
    assert_eq!(doc(&c).text, SAMPLE_TEXT.replace("\r\n", "\n"));
}

#[test]
fn quit_closes_at_once_when_nothing_is_unsaved() {
    let s = Setup::new();
    let mut c = s.opened();
    assert!(c.may_close());
    c.apply(Command::Request(Action::Close));
    assert!(c.question().is_none());
    assert!(c.take_close());
    assert!(!c.take_close(), "asked once");
}

#[test]
fn discarding_before_quit_closes_and_keeps_the_file() {
    let s = Setup::new();
    let mut c = s.opened();
    select(&mut c, "q3");
    c.apply(Command::Reject);
    c.apply(Command::Request(Action::Close));
    assert!(!c.take_close());
    c.apply(Command::ResolveUnsaved { save: false });
    assert!(c.take_close());
    assert!(c.may_close());
    // The rejection would show had it been saved; the save time is left out, as in
    // `assert_is_harbour`: the file and the fixture may be stamped in different seconds.
    let want = harbour_document();
    let mut got = on_disk(&s.path("harbour.review.json"));
    got.review.updated_at = want.review.updated_at.clone();
    assert_eq!(got, want, "discarded, not saved");
}

#[test]
fn saving_from_the_guard_writes_then_continues() {
    let s = Setup::new();
    let mut c = s.opened();
    let review = s.path("harbour.review.json");
    select(&mut c, "q3");
    c.apply(Command::Reject);
    c.apply(Command::Request(Action::OpenSample));
    c.apply(Command::ResolveUnsaved { save: true });
    // The review file (opened from disk) was written, then the sample opened.
    assert_eq!(
        on_disk(&review).quote("q3").unwrap().status,
        QuoteStatus::Rejected
    );
    assert_eq!(doc(&c).text, SAMPLE_TEXT.replace("\r\n", "\n"));
}

#[test]
fn a_dropped_file_opens_after_the_unsaved_changes_question() {
    let s = Setup::new();
    let mut c = s.opened();
    select(&mut c, "q3");
    c.apply(Command::Reject);
    let article = s.path("dropped.txt");
    std::fs::write(&article, "A short note with no quotes at all.\n").unwrap();
    c.apply(Command::Request(Action::OpenPath(article)));
    assert!(matches!(c.question(), Some(Question::Unsaved(_))));
    c.apply(Command::ResolveUnsaved { save: false });
    assert_eq!(doc(&c).text, "A short note with no quotes at all.\n");
    assert!(c.window_title().starts_with("dropped.txt"));
}

#[test]
fn without_a_system_file_dialog_the_controller_shows_its_file_browser() {
    // The browser itself is tested in tests/browser.rs; here: where it starts, and that a
    // path chosen by any means closes it.
    let s = Setup::with_dialogs(FixedDialogs::unavailable());
    let article = s.path("harbour.txt");
    std::fs::write(&article, HARBOUR_TEXT).unwrap();
    let mut c = s.controller();
    c.apply(Command::Request(Action::OpenDialog));
    let Some(Question::Browse { browser, then }) = c.question().cloned() else {
        panic!("expected the file browser, got {:?}", c.question());
    };
    assert_eq!(
        (browser.purpose(), then.clone()),
        (DialogPurpose::Open, None)
    );
    c.apply(Command::PathChosen {
        purpose: browser.purpose(),
        then,
        path: article,
    });
    assert!(c.question().is_none());
    assert_eq!(doc(&c).text, HARBOUR_TEXT);

    // The first save proposes ARTICLE.review.json beside the article.
    select_text(&mut c, "the bridge opens in May");
    c.apply(Command::AddQuoteFromSelection);
    c.apply(Command::Save);
    let Some(Question::Browse { browser, .. }) = c.question() else {
        panic!("expected the file browser, got {:?}", c.question());
    };
    assert_eq!(browser.target(), Some(s.path("harbour.review.json")));
    c.apply(Command::Browse(
        article_review::review::BrowseCommand::Choose,
    ));
    assert!(c.question().is_none());
    assert!(!c.is_dirty());
    let saved = std::fs::read_to_string(s.path("harbour.review.json")).expect("saved");
    assert!(saved.contains("the bridge opens in May"));
}

// ----- crash recovery -----

#[test]
fn unsaved_work_is_snapshotted_and_offered_after_a_crash() {
    let s = Setup::new();
    let store_dir = s.path("recovery");
    let store = || RecoveryStore::open(store_dir.clone()).expect("store");
    let review = s.review_file();
    let mut c = s.controller_with(Some(store()), Prefs::default());
    s.open(&mut c, review.clone());
    select(&mut c, "q3");
    c.apply(Command::Reject);
    let edited = Instant::now();
    // Right after the edit nothing is written: the autosaver waits for a quiet moment.
    let wait = c.tick(edited).expect("a snapshot is pending");
    assert!(wait > Duration::ZERO);
    assert!(store().scan().entries.is_empty());
    assert_eq!(c.tick(edited + Duration::from_secs(5)), None);
    assert_eq!(store().scan().entries.len(), 1, "snapshot written");

    // "Crash": drop the controller without saving; a new one offers the work back.
    drop(c);
    let mut c2 = s.controller_with(Some(store()), Prefs::default());
    let Some(Question::Recover(leftovers)) = c2.question().cloned() else {
        panic!("expected the recovery question, got {:?}", c2.question());
    };
    assert_eq!(leftovers.len(), 1);
    assert_eq!(leftovers[0].quotes, 3);
    assert_eq!(leftovers[0].reviewed, 1);
    c2.apply(Command::RestoreSnapshot(leftovers[0].id.clone()));
    assert!(c2.question().is_none());
    assert_eq!(status(&c2, "q3"), QuoteStatus::Rejected);
    assert!(c2.is_dirty());
    // A clean save removes the snapshot.
    c2.apply(Command::Save);
    assert!(!c2.is_dirty());
    assert!(store().scan().entries.is_empty());
    assert_eq!(
        on_disk(&review).quote("q3").unwrap().status,
        QuoteStatus::Rejected
    );
}

#[test]
fn undoing_back_to_the_saved_state_removes_the_snapshot() {
    let s = Setup::new();
    let store_dir = s.path("recovery");
    let store = || RecoveryStore::open(store_dir.clone()).expect("store");
    let mut c = s.controller_with(Some(store()), Prefs::default());
    s.open(&mut c, s.review_file());
    select(&mut c, "q3");
    c.apply(Command::Reject);
    let t = Instant::now();
    c.tick(t);
    c.tick(t + Duration::from_secs(5));
    assert_eq!(store().scan().entries.len(), 1);
    c.apply(Command::Undo);
    assert_eq!(c.tick(t + Duration::from_secs(6)), None);
    assert!(store().scan().entries.is_empty());
}

#[test]
fn a_discarded_snapshot_is_deleted_and_the_others_stay_offered() {
    let s = Setup::new();
    let store_dir = s.path("recovery");
    let store = || RecoveryStore::open(store_dir.clone()).expect("store");
    // Two crashed sessions, each with unsaved work on its own article.
    for name in ["a.txt", "b.txt"] {
        let article = s.path(name);
        std::fs::write(&article, HARBOUR_TEXT).unwrap();
        let mut c = s.controller_with(Some(store()), Prefs::default());
        c.apply(Command::DismissQuestion);
        s.open(&mut c, article);
        select_text(&mut c, "it agreed with the plan");
        c.apply(Command::AddQuoteFromSelection);
        let t = Instant::now();
        c.tick(t);
        c.tick(t + Duration::from_secs(5));
    }
    let mut c = s.controller_with(Some(store()), Prefs::default());
    let Some(Question::Recover(leftovers)) = c.question().cloned() else {
        panic!("expected the recovery question, got {:?}", c.question());
    };
    assert_eq!(leftovers.len(), 2);
    c.apply(Command::DiscardSnapshot(leftovers[0].id.clone()));
    let Some(Question::Recover(left)) = c.question().cloned() else {
        panic!("the other snapshot is still offered");
    };
    assert_eq!(left, vec![leftovers[1].clone()]);
    assert_eq!(store().scan().entries.len(), 1);
    c.apply(Command::DiscardSnapshot(leftovers[1].id.clone()));
    assert!(c.question().is_none());
    assert!(store().scan().entries.is_empty());
    assert!(c.document().is_none());
}

// ----- a day's review (issue 10): defects -----

/// Defect 4: Discard, then Cancel in the file dialog, must not mark the edits as saved.
#[test]
fn discard_then_cancel_keeps_the_edits_unsaved_and_guarded() {
    let s = Setup::new();
    let mut c = s.opened();
    select(&mut c, "q3");
    c.apply(Command::Reject);
    c.apply(Command::Request(Action::OpenDialog));
    assert!(matches!(c.question(), Some(Question::Unsaved(_))));
    s.dialogs.push(None);
    c.apply(Command::ResolveUnsaved { save: false });
    assert!(c.is_dirty(), "the cancelled open discarded nothing");
    assert_eq!(status(&c, "q3"), QuoteStatus::Rejected);
    c.apply(Command::Request(Action::Close));
    assert!(
        matches!(c.question(), Some(Question::Unsaved(Action::Close))),
        "closing still asks"
    );
}

/// Defect 4: the question names the file that Save would write, not the article.
#[test]
fn the_unsaved_question_names_the_file_save_would_write() {
    let s = Setup::new();
    let article = s.path("guardian-1.html");
    std::fs::write(
        &article,
        "<html><head><title>Bridge</title></head><body><p>Zoë Park said “it opens in May”.</p></body></html>",
    )
    .unwrap();
    let mut c = s.controller();
    s.open(&mut c, article);
    assert_eq!(c.save_target_name(), "guardian-1.review.json");
    let opened = s.opened();
    assert_eq!(opened.save_target_name(), "harbour.review.json");
}

/// Defect 10: a review of the start screen's sample says where its text came from.
#[test]
fn the_sample_is_saved_with_its_name_and_checksum() {
    let s = Setup::new();
    let mut c = s.controller();
    c.apply(Command::Request(Action::OpenSample));
    let source = &doc(&c).source;
    assert_eq!(source.path.as_deref(), Some(SAMPLE_NAME));
    assert_eq!(
        source.sha256.as_deref(),
        Some(article_review::document::load::sha256_hex(SAMPLE_TEXT.as_bytes()).as_str())
    );
}

/// Defect 10: restoring a snapshot brings back the quote the reviewer was on.
#[test]
fn a_restored_snapshot_selects_the_quote_the_reviewer_was_on() {
    let s = Setup::new();
    let store_dir = s.path("recovery");
    let store = || RecoveryStore::open(store_dir.clone()).expect("store");
    let review = s.review_file();
    let mut c = s.controller_with(Some(store()), Prefs::default());
    s.open(&mut c, review);
    select(&mut c, "q1");
    c.apply(Command::NoSpeaker);
    select(&mut c, "q2");
    let edited = Instant::now();
    c.tick(edited);
    c.tick(edited + Duration::from_secs(5));
    drop(c);
    let mut c2 = s.controller_with(Some(store()), Prefs::default());
    let Some(Question::Recover(leftovers)) = c2.question().cloned() else {
        panic!("expected the recovery question");
    };
    c2.apply(Command::RestoreSnapshot(leftovers[0].id.clone()));
    assert_eq!(c2.selected_quote(), Some("q2"));
}

/// Defect 10: "select the words first" is a hint, not news of success.
#[test]
fn adding_without_a_selection_is_a_hint() {
    let s = Setup::new();
    let mut c = s.opened();
    c.apply(Command::AddQuoteFromSelection);
    let banner = c.banner().cloned().expect("a message");
    assert!(banner.hint && !banner.error, "{banner:?}");
}

/// Defect 5: after opening, the table is asked to show the selected first quote.
#[test]
fn opening_brings_the_selected_row_into_view() {
    let s = Setup::new();
    let mut c = s.opened();
    assert!(c.take_reveal().table_row);
}

/// Defect 5: Home, End and Page Down move the selection.
#[test]
fn home_end_and_page_keys_move_through_the_table() {
    let s = Setup::new();
    let mut c = s.opened();
    c.apply(Command::MoveToEnd(true));
    assert_eq!(c.selected_quote(), Some("q3"));
    c.apply(Command::MoveToEnd(false));
    assert_eq!(c.selected_quote(), Some("q1"));
    c.apply(Command::Move(10));
    assert_eq!(
        c.selected_quote(),
        Some("q3"),
        "a page down stops at the end"
    );
    c.apply(Command::Move(-10));
    assert_eq!(c.selected_quote(), Some("q1"));
}

/// Defect 6: the speaker mention and the cue are set from an article selection, snapped to
/// whole words; a selection naming another entity makes it the speaker.
#[test]
fn mention_and_cue_come_from_a_selection() {
    let s = Setup::new();
    let mut c = s.opened();
    select(&mut c, "q2");
    // Half a word, as a quick drag gives.
    let (start, end) = harbour_range("Mr Lund");
    c.apply(Command::SelectText(Some((start + 1, end - 1))));
    c.apply(Command::MentionFromSelection);
    let q = doc(&c).quote("q2").unwrap().clone();
    assert_eq!(q.speaker.as_deref(), Some("e3"));
    assert_eq!(q.speaker_mention.as_ref().unwrap().text, "Mr Lund");
    assert_eq!(q.status, QuoteStatus::Corrected);
    // The cue: the "said" after Mr Lund, in code points (ë before it).
    let cue_start = harbour_range("Mr Lund said").0 + "Mr Lund ".chars().count();
    c.apply(Command::SelectText(Some((cue_start, cue_start + 4))));
    c.apply(Command::CueFromSelection);
    let cue = doc(&c).quote("q2").unwrap().cue.clone().unwrap();
    assert_eq!((cue.start, cue.text.as_str()), (cue_start, "said"));
    // Without a selection: a hint, no change.
    c.apply(Command::CueFromSelection);
    assert!(c.banner().is_some_and(|b| b.hint));
}

// ----- a day's review: features -----

/// The number keys and N move on to the next unreviewed quote, like Enter.
#[test]
fn no_speaker_and_picks_by_key_move_on() {
    let s = Setup::new();
    let mut c = s.opened();
    select(&mut c, "q1");
    c.apply(Command::ThenNext(Box::new(Command::NoSpeaker)));
    assert_eq!(speaker(&c, "q1"), None);
    assert_eq!(c.selected_quote(), Some("q2"));
    let lund = c
        .candidates()
        .into_iter()
        .find(|cand| cand.entity == "e3")
        .expect("Lund is a candidate");
    c.apply(Command::ThenNext(Box::new(Command::pick(&lund))));
    assert_eq!(speaker(&c, "q2").as_deref(), Some("e3"));
    assert_eq!(c.selected_quote(), Some("q3"));
}

/// With no match for a typed name, Enter makes it a new person and assigns it; its
/// mentions are where the article spells it, the speaker mention the nearest before the quote.
#[test]
fn a_typed_name_becomes_a_new_person_and_the_speaker() {
    let s = Setup::new();
    let mut c = s.opened();
    select(&mut c, "q2");
    let entities = doc(&c).entities.len();
    c.apply(Command::CreateSpeaker("the Mayor".into()));
    let d = doc(&c);
    assert_eq!(d.entities.len(), entities + 1);
    let q2 = d.quote("q2").unwrap();
    let new = d.entity(q2.speaker.as_deref().unwrap()).unwrap();
    assert_eq!(new.name, "the Mayor");
    assert_eq!(new.entity_type, EntityType::Person);
    assert_eq!(
        q2.speaker_mention
            .as_ref()
            .map(|m| (m.start, m.text.as_str())),
        Some((harbour_range("the mayor").0, "the mayor"))
    );
    assert_eq!(
        c.selected_quote(),
        Some("q3"),
        "on to the next unreviewed quote"
    );
    c.apply(Command::Undo);
    assert_eq!(doc(&c).entities.len(), entities, "one undo step");
}

/// Triage: the threshold, the next doubtful quote, and confirming the confident ones at once.
#[test]
fn triage_finds_doubtful_quotes_and_confirms_the_rest_in_one_step() {
    let s = Setup::new();
    let mut c = s.opened();
    // Every fixture quote has confidence 0.8.
    c.apply(Command::SetThreshold(0.5));
    c.apply(Command::NextDoubtful);
    assert!(c.banner().is_some_and(|b| b.text.contains("0.50")));
    c.apply(Command::SetThreshold(0.9));
    assert_eq!(c.prefs().doubt_threshold, Some(0.9), "remembered");
    select(&mut c, "q1");
    c.apply(Command::NextDoubtful);
    assert_eq!(c.selected_quote(), Some("q2"));

    c.apply(Command::SetThreshold(0.75));
    c.apply(Command::ConfirmAllAbove);
    assert_eq!(
        c.question(),
        Some(&Question::ConfirmAll {
            threshold: 0.75,
            count: 3
        })
    );
    c.apply(Command::DismissQuestion);
    assert!(!c.is_dirty(), "cancel confirms nothing");
    c.apply(Command::ConfirmAllAbove);
    c.apply(Command::ResolveConfirmAll);
    assert!(
        ["q1", "q2", "q3"]
            .iter()
            .all(|q| status(&c, q) == QuoteStatus::Confirmed)
    );
    c.apply(Command::Undo);
    assert!(
        ["q1", "q2", "q3"]
            .iter()
            .all(|q| status(&c, q) == QuoteStatus::Auto)
    );
}

/// Ctrl+F: hits in code points, ignoring case, in the whole article, within quotes or within
/// one speaker's quotes; F3 steps and wraps; hits follow edits.
#[test]
fn search_finds_hits_steps_through_them_and_follows_edits() {
    use article_review::review::SearchQuery;
    use article_review::search::SearchScope;
    let s = Setup::new();
    let mut c = s.opened();
    let search = |text: &str, scope: SearchScope| {
        Command::Search(Some(SearchQuery {
            text: text.into(),
            scope,
        }))
    };
    c.apply(search("PARK", SearchScope::All));
    let hits = c.search().unwrap().hits.clone();
    let park = harbour_range("Park");
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0], park, "code points after the ë");
    // The first hit at or after the selected quote (q1 comes after "Zoë Park").
    assert_eq!(c.search().unwrap().current, Some(1));
    c.take_reveal();
    c.apply(Command::SearchStep(true));
    assert_eq!(c.search().unwrap().current, Some(0), "wraps round");
    assert_eq!(c.take_reveal().article_at, Some(park.0));
    c.apply(Command::SearchStep(false));
    assert_eq!(c.search().unwrap().current, Some(1));

    c.apply(search("the", SearchScope::Quotes));
    assert_eq!(
        c.search().unwrap().hits,
        vec![harbour_range("the bridge").0]
            .into_iter()
            .map(|s| (s, s + 3))
            .collect::<Vec<_>>()
    );
    c.apply(search("bridge", SearchScope::Speaker("e1".into())));
    assert_eq!(c.search().unwrap().hits.len(), 1);
    c.apply(search("june", SearchScope::Speaker("e3".into())));
    assert!(c.search().unwrap().hits.is_empty(), "q2 is the council's");
    select(&mut c, "q2");
    c.apply(Command::Edit(Edit::SetSpeaker {
        quote: "q2".into(),
        speaker: Some("e3".into()),
        mention: None,
    }));
    assert_eq!(
        c.search().unwrap().hits.len(),
        1,
        "the hits follow the edit"
    );
    c.apply(Command::Search(None));
    assert!(c.search().is_none());
}

/// Notes and flags: the table filters on flags.
#[test]
fn flagged_quotes_can_be_listed_alone() {
    use article_review::document::model::QuoteFlag;
    use article_review::review::FlagFilter;
    let s = Setup::new();
    let mut c = s.opened();
    c.apply(Command::Edit(Edit::SetFlag {
        quote: "q2".into(),
        flag: Some(QuoteFlag::Misattributed),
    }));
    c.apply(Command::FilterFlag(FlagFilter::Flagged));
    let ids: Vec<&str> = c
        .rows()
        .iter()
        .map(|&i| doc(&c).quotes[i].id.as_str())
        .collect();
    assert_eq!(ids, ["q2"]);
    c.apply(Command::FilterFlag(FlagFilter::Only(QuoteFlag::Fabricated)));
    assert!(c.rows().is_empty());
}
