//! The review window driven through its widgets and keys with egui_kittest (no display needed).

#![cfg(feature = "gui")]

#[path = "fixtures/common.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use article_review::document::csv::quotes_csv;
use article_review::document::model::{Document, Quote, QuoteKind, QuoteStatus};
use article_review::extract::Extractor;
use article_review::review::{Action, Command, FixedDialogs, Options, Prefs, Question};
use article_review::ui::app::{ReviewApp, SAMPLE_TEXT};
use article_review::ui::dialogs::Modal;
use common::{HARBOUR_TEXT as TEXT, harbour_document as fixture, harbour_range as char_range};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

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

    /// Writes the fixture as a review file and returns its path.
    fn review_file(&self) -> PathBuf {
        let path = self.path("harbour.review.json");
        article_review::document::save::save_document(&path, &fixture()).expect("write fixture");
        path
    }

    fn harness(&self) -> Harness<'static, ReviewApp> {
        self.harness_with_recovery(None)
    }

    /// A window whose crash-recovery snapshots go to `recovery` (none when `None`).
    fn harness_with_recovery(
        &self,
        recovery: Option<article_review::recovery::RecoveryStore>,
    ) -> Harness<'static, ReviewApp> {
        let dialogs = self.dialogs.clone();
        Harness::builder()
            .with_size(egui::vec2(1500.0, 950.0))
            .with_max_steps(24)
            .allow_missing_glyphs()
            .build_eframe(move |_cc| {
                ReviewApp::new(Options {
                    dialogs: Arc::new(dialogs),
                    extractor: Arc::new(Extractor::bundled()),
                    file: None,
                    background_io: false,
                    prefs: Prefs::default(),
                    recovery,
                })
            })
    }

    /// A window with the fixture review file opened through File > Open.
    fn opened(&self) -> Harness<'static, ReviewApp> {
        self.opened_file(self.review_file())
    }

    /// A window with `review` saved as `name` and opened through File > Open.
    fn opened_review(&self, name: &str, review: &Document) -> Harness<'static, ReviewApp> {
        let path = self.path(name);
        article_review::document::save::save_document(&path, review).expect("write review");
        self.opened_file(path)
    }

    fn opened_file(&self, path: PathBuf) -> Harness<'static, ReviewApp> {
        let mut h = self.harness();
        h.run();
        self.dialogs.push(Some(path));
        open_via_menu(&mut h);
        assert!(h.state().review.document().is_some(), "fixture opened");
        h
    }
}

fn open_via_menu(h: &mut Harness<'static, ReviewApp>) {
    h.get_by_role_and_label(Role::Button, "File").click();
    h.run();
    h.get_by_label("Open... Ctrl+O").click();
    h.run();
}

/// Clicks an entity's row (its name also appears in the quote table's speaker column, which
/// comes later in the tree).
fn click_entity(h: &mut Harness<'static, ReviewApp>, name: &str) {
    h.get_all_by_label(name).next().expect("entity row").click();
    h.run();
}

fn doc<'a>(h: &'a Harness<'static, ReviewApp>) -> &'a Document {
    h.state().review.document().expect("a document is open")
}

/// Sets the article text selection (code points), as a drag in the article would.
fn select_text(h: &mut Harness<'static, ReviewApp>, start: usize, end: usize) {
    h.state_mut()
        .review
        .apply(Command::SelectText(Some((start, end))));
}

fn quote_of<'a>(h: &'a Harness<'static, ReviewApp>, id: &str) -> &'a Quote {
    doc(h).quote(id).expect("quote exists")
}

fn select_row(h: &mut Harness<'static, ReviewApp>, quote_text: &str) {
    h.get_by_label(quote_text).click();
    h.run();
}

#[test]
fn start_screen_opens_the_sample_article() {
    let s = Setup::new();
    let mut h = s.harness();
    h.run();
    assert!(h.state().review.document().is_none());
    h.get_by_label("Open the sample article").click();
    h.run();
    let d = doc(&h);
    assert_eq!(d.text, SAMPLE_TEXT.replace("\r\n", "\n"));
    assert!(h.query_by_label("Open the sample article").is_none());
    // The status bar counts entities and quotes and shows the progress.
    h.get_by_label_contains("quotes, ");
    assert_eq!(
        h.state().review.window_title(),
        "sample-article.txt - article-review"
    );
}

#[test]
fn picker_and_number_keys_set_the_speaker() {
    let s = Setup::new();
    let mut h = s.opened();
    select_row(&mut h, "it will not open before June");
    assert_eq!(h.state().review.selected_quote(), Some("q2"));
    // Mr Lund is named right before the quote: the first candidate.
    h.get_by_label("1  Lund").click();
    h.run();
    let q2 = quote_of(&h, "q2");
    assert_eq!(q2.speaker.as_deref(), Some("e3"));
    assert_eq!(q2.speaker_mention.as_ref().unwrap().text, "Mr Lund");
    assert_eq!(q2.status, QuoteStatus::Corrected);
    assert_eq!(
        q2.predicted.as_ref().unwrap().speaker.as_deref(),
        Some("e2")
    );
    assert!(h.state().review.window_title().starts_with('\u{2022}'));

    // Keyboard: the third quote, second candidate by number key.
    select_row(&mut h, "we shall see");
    let second = h.state().review.candidates()[1].entity.clone();
    h.key_press(Key::Num2);
    h.run();
    assert_eq!(quote_of(&h, "q3").speaker.as_deref(), Some(second.as_str()));
    // A number key moves on like Enter: to the next unreviewed quote, round to the first.
    assert_eq!(h.state().review.selected_quote(), Some("q1"));
    select_row(&mut h, "we shall see");

    // The search field narrows the candidates; 1 then picks the match.
    let search = h.get_by_role_and_label(Role::TextInput, "Find speaker:");
    search.focus();
    search.type_text("coun");
    h.run();
    h.get_by_label("1  council").click();
    h.run();
    assert_eq!(quote_of(&h, "q3").speaker.as_deref(), Some("e2"));
}

#[test]
fn enter_confirms_and_moves_to_the_next_unreviewed() {
    let s = Setup::new();
    let mut h = s.opened();
    select_row(&mut h, "the bridge opens in May");
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(quote_of(&h, "q1").status, QuoteStatus::Confirmed);
    assert_eq!(h.state().review.selected_quote(), Some("q2"));
    // The button does the same; J/K move without changing anything.
    h.get_by_label("Confirm (Enter)").click();
    h.run();
    assert_eq!(quote_of(&h, "q2").status, QuoteStatus::Confirmed);
    assert_eq!(h.state().review.selected_quote(), Some("q3"));
    h.key_press(Key::K);
    h.run();
    assert_eq!(h.state().review.selected_quote(), Some("q2"));
    h.key_press(Key::ArrowDown);
    h.run();
    assert_eq!(h.state().review.selected_quote(), Some("q3"));
    h.key_press(Key::N);
    h.run();
    assert_eq!(quote_of(&h, "q3").speaker, None);
    h.get_by_label_contains("3 quotes, 3 of 3 reviewed");
}

#[test]
fn delete_rejects_a_false_quote() {
    let s = Setup::new();
    let mut h = s.opened();
    select_row(&mut h, "we shall see");
    h.key_press(Key::Delete);
    h.run();
    assert_eq!(quote_of(&h, "q3").status, QuoteStatus::Rejected);
}

#[test]
fn a_quote_is_added_from_the_article_selection() {
    let s = Setup::new();
    let mut h = s.opened();
    let (start, end) = char_range("it agreed with the plan");
    select_text(&mut h, start, end);
    h.run();
    h.get_by_label("Add quote (A)").click();
    h.run();
    let id = h
        .state()
        .review
        .selected_quote()
        .expect("new quote selected")
        .to_string();
    let added = quote_of(&h, &id);
    assert_eq!(added.text, "it agreed with the plan");
    assert_eq!(added.status, QuoteStatus::Added);
    assert_eq!(added.kind, QuoteKind::Indirect);
    assert_eq!(added.predicted, None);
    // Its speaker is picked the same way; the council is the nearest candidate before it.
    let first = h.state().review.candidates()[0].entity.clone();
    h.key_press(Key::Num1);
    h.run();
    assert_eq!(quote_of(&h, &id).speaker.as_deref(), Some(first.as_str()));

    // With the A key, a selection that includes the quotation marks becomes a direct quote.
    let (start, end) = char_range("“the bridge opens in May”");
    select_text(&mut h, start, end);
    h.key_press(Key::A);
    h.run();
    let id2 = h.state().review.selected_quote().unwrap().to_string();
    assert_ne!(id, id2);
    let q = quote_of(&h, &id2);
    assert_eq!(
        (q.text.as_str(), q.kind),
        ("the bridge opens in May", QuoteKind::Direct)
    );
}

#[test]
fn two_entities_are_merged_through_the_dialog() {
    let s = Setup::new();
    let mut h = s.opened();
    click_entity(&mut h, "Park");
    assert_eq!(h.state().review.selected_entity(), Some("e4"));
    // Selecting an entity filters the quote table to its quotes.
    assert!(h.query_by_label("the bridge opens in May").is_none());
    h.get_by_label("Merge entity...").click();
    h.run();
    h.get_by_role_and_label(Role::ComboBox, "Merge into")
        .click();
    h.run();
    h.get_by_label("Zoë Park (PERSON)").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Merge").click();
    h.run();
    let d = doc(&h);
    assert!(d.entity("e4").is_none());
    assert_eq!(d.entity("e1").unwrap().mentions.len(), 2);
    assert_eq!(d.quote("q3").unwrap().speaker.as_deref(), Some("e1"));
    assert!(h.state().dialogs.open.is_none() && h.state().review.question().is_none());
}

#[test]
fn entity_commands_come_from_the_table_with_keys_and_greyed_out_without_an_entity() {
    let s = Setup::new();
    let mut h = s.opened();
    // No entity selected: F2 does nothing and the Edit menu greys the entity commands out.
    h.key_press(Key::F2);
    h.run();
    assert!(h.state().dialogs.open.is_none());
    click_entity(&mut h, "council");
    h.key_press(Key::F2);
    h.run();
    assert!(
        matches!(&h.state().dialogs.open, Some(Modal::Rename { entity, .. }) if entity == "e2"),
        "F2 renames the selected entity"
    );
    h.get_by_role_and_label(Role::Button, "Cancel").click();
    h.run();
    assert_eq!(h.get_all_by_label("Merge entity...").count(), 1);
    h.get_by_role_and_label(Role::Button, "Edit").click();
    h.run();
    assert_eq!(
        h.get_all_by_label("Merge entity...").count(),
        2,
        "the Edit menu lists the entity commands beside the table's buttons"
    );
}

#[test]
fn entity_rename_split_delete_and_add() {
    let s = Setup::new();
    let mut h = s.opened();
    click_entity(&mut h, "council");
    h.get_by_label("Rename entity... (F2)").click();
    h.run();
    let field = h.get_by_role_and_label(Role::TextInput, "New name:");
    field.focus();
    field.type_text(" of Harbourtown");
    h.run();
    h.get_by_role_and_label(Role::Button, "Rename").click();
    h.run();
    assert_eq!(doc(&h).entity("e2").unwrap().name, "council of Harbourtown");

    h.get_by_role_and_label(Role::Button, "Delete entity")
        .click();
    h.run();
    assert!(doc(&h).entity("e2").is_none());
    assert_eq!(quote_of(&h, "q2").speaker, None);

    // A new speaker from the picker, named after the article selection.
    select_row(&mut h, "it will not open before June");
    let (start, end) = char_range("Mr Lund");
    select_text(&mut h, start, end);
    h.get_by_label("New entity...").click();
    h.run();
    assert!(matches!(
        h.state().dialogs.open,
        Some(Modal::AddEntity { .. })
    ));
    h.get_by_role_and_label(Role::Button, "Add").click();
    h.run();
    let speaker = quote_of(&h, "q2").speaker.clone().expect("new speaker");
    assert_eq!(doc(&h).entity(&speaker).unwrap().name, "Mr Lund");
}

#[test]
fn undo_and_redo_with_keys_and_the_edit_menu() {
    let s = Setup::new();
    let mut h = s.opened();
    select_row(&mut h, "we shall see");
    h.key_press(Key::Delete);
    h.run();
    assert_eq!(quote_of(&h, "q3").status, QuoteStatus::Rejected);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(quote_of(&h, "q3").status, QuoteStatus::Auto);
    assert!(!h.state().review.is_dirty());
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert_eq!(quote_of(&h, "q3").status, QuoteStatus::Rejected);
    h.get_by_role_and_label(Role::Button, "Edit").click();
    h.run();
    h.get_by_label("Undo Ctrl+Z").click();
    h.run();
    assert_eq!(quote_of(&h, "q3").status, QuoteStatus::Auto);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run();
    assert_eq!(quote_of(&h, "q3").status, QuoteStatus::Rejected);
}

#[test]
fn save_then_reopen_gives_the_same_review() {
    let s = Setup::new();
    // An article, not a review file: the first save asks, proposing ARTICLE.review.json.
    let article = s.path("harbour.txt");
    std::fs::write(&article, TEXT).unwrap();
    let mut h = s.harness();
    h.run();
    s.dialogs.push(Some(article.clone()));
    open_via_menu(&mut h);
    assert_eq!(doc(&h).text, TEXT);
    // Edit through the document's API (the extractor may find nothing in this text).
    let (start, end) = char_range("the bridge opens in May");
    select_text(&mut h, start, end);
    h.key_press(Key::A);
    h.run();
    assert!(h.state().review.is_dirty());

    let target = s.path("chosen.review.json");
    s.dialogs.push(Some(target.clone()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert_eq!(s.dialogs.proposed(), vec![s.path("harbour.review.json")]);
    assert!(!h.state().review.is_dirty());
    assert!(target.exists());
    let saved = doc(&h).clone();

    // Ctrl+S again writes to the same file without asking.
    select_row(&mut h, "the bridge opens in May");
    h.key_press(Key::Delete);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert_eq!(s.dialogs.proposed().len(), 1);
    let saved_again = doc(&h).clone();
    assert_ne!(saved.quotes, saved_again.quotes);

    // Reopen in a fresh window and compare.
    let mut h2 = s.harness();
    h2.run();
    s.dialogs.push(Some(target));
    open_via_menu(&mut h2);
    let reopened = doc(&h2);
    assert_eq!(reopened.entities, saved_again.entities);
    assert_eq!(reopened.quotes, saved_again.quotes);
    assert_eq!(reopened.text, saved_again.text);
    assert!(!h2.state().review.is_dirty());
}

#[test]
fn a_failed_save_shows_the_path_and_keeps_the_changes() {
    let s = Setup::new();
    let mut h = s.opened();
    select_row(&mut h, "we shall see");
    h.key_press(Key::Delete);
    h.run();
    let bad = s.path("no-such-folder").join("x.review.json");
    s.dialogs.push(Some(bad.clone()));
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    h.run();
    let banner = h.state().review.banner().cloned().expect("a message");
    assert!(banner.error);
    assert!(
        banner.text.contains(&bad.display().to_string()),
        "{}",
        banner.text
    );
    assert!(h.state().review.is_dirty());
    h.get_by_label_contains("Could not save to");
}

#[test]
fn a_refused_file_shows_its_message_and_keeps_the_document() {
    let s = Setup::new();
    let mut h = s.opened();
    let before = doc(&h).clone();
    let missing = s.path("missing-article.txt");
    s.dialogs.push(Some(missing.clone()));
    open_via_menu(&mut h);
    let banner = h.state().review.banner().cloned().expect("a message");
    assert!(banner.error);
    assert!(
        banner.text.contains("missing-article.txt"),
        "{}",
        banner.text
    );
    h.get_by_label_contains("Could not open");
    assert_eq!(doc(&h), &before);
    h.get_by_label("Dismiss").click();
    h.run();
    assert!(h.state().review.banner().is_none());
}

#[test]
fn closing_with_unsaved_changes_asks_first() {
    let s = Setup::new();
    let mut h = s.opened();
    select_row(&mut h, "we shall see");
    h.key_press(Key::Delete);
    h.run();
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run();
    assert!(matches!(
        h.state().review.question(),
        Some(Question::Unsaved(_))
    ));
    h.get_by_label_contains("Save your changes");
    h.get_by_role_and_label(Role::Button, "Cancel").click();
    h.run();
    assert!(h.state().dialogs.open.is_none() && h.state().review.question().is_none());
    assert!(h.state().review.is_dirty());

    // Opening another file asks too; Discard goes ahead.
    h.get_by_role_and_label(Role::Button, "File").click();
    h.run();
    h.get_by_label("Open sample article").click();
    h.run();
    assert!(matches!(
        h.state().review.question(),
        Some(Question::Unsaved(_))
    ));
    h.get_by_role_and_label(Role::Button, "Discard").click();
    h.run();
    assert_eq!(doc(&h).text, SAMPLE_TEXT.replace("\r\n", "\n"));
}

#[test]
fn saving_from_the_guard_writes_then_continues() {
    let s = Setup::new();
    let mut h = s.opened();
    let review = s.path("harbour.review.json");
    select_row(&mut h, "we shall see");
    h.key_press(Key::Delete);
    h.run();
    h.get_by_role_and_label(Role::Button, "File").click();
    h.run();
    h.get_by_label("Open sample article").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Save").click();
    h.run();
    // The review file (opened from disk) was written, then the sample opened.
    let on_disk: Document =
        serde_json::from_str(&std::fs::read_to_string(&review).unwrap()).unwrap();
    assert_eq!(on_disk.quote("q3").unwrap().status, QuoteStatus::Rejected);
    assert_eq!(doc(&h).text, SAMPLE_TEXT.replace("\r\n", "\n"));
}

#[test]
fn table_filters_and_sorting() {
    let s = Setup::new();
    let mut h = s.opened();
    let filter = h.get_by_role_and_label(Role::TextInput, "Filter:");
    filter.focus();
    filter.type_text("june");
    h.run();
    assert!(h.query_by_label("it will not open before June").is_some());
    assert!(h.query_by_label("we shall see").is_none());
    h.get_by_role_and_label(Role::TextInput, "Filter:")
        .set_text_value_accesskit("");
    h.run();
    // Sorting by quote text puts "it will..." first.
    h.get_by_label("Quote").click();
    h.run();
    let rows = h.state().review.rows();
    assert_eq!(rows, vec![1, 0, 2]);
    // "Unreviewed only" hides what has been looked at.
    select_row(&mut h, "it will not open before June");
    h.key_press(Key::Enter);
    h.run();
    h.get_by_label("Unreviewed only").click();
    h.run();
    assert!(h.query_by_label("it will not open before June").is_none());
}

/// The CSV itself is checked in tests/review.rs; here, that the File menu writes it.
#[test]
fn the_file_menu_exports_the_quotes_as_csv() {
    let csv = quotes_csv(&fixture());
    let s = Setup::new();
    let mut h = s.opened();
    let out = s.path("quotes.csv");
    s.dialogs.push(Some(out.clone()));
    h.get_by_role_and_label(Role::Button, "File").click();
    h.run();
    h.get_by_label("Export quotes as CSV... Ctrl+E").click();
    h.run();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), csv);
    assert_eq!(
        s.dialogs
            .proposed()
            .last()
            .map(|p| p.file_name().unwrap().to_owned()),
        Some("harbour.quotes.csv".into())
    );
}

#[test]
fn unsaved_work_is_snapshotted_and_offered_after_a_crash() {
    use article_review::recovery::RecoveryStore;
    let s = Setup::new();
    let store_dir = s.path("recovery");
    let store = || RecoveryStore::open(store_dir.clone()).expect("store");
    let review = s.review_file();
    let mut h = s.harness_with_recovery(Some(store()));
    h.run();
    s.dialogs.push(Some(review.clone()));
    open_via_menu(&mut h);
    select_row(&mut h, "we shall see");
    h.key_press(Key::Delete);
    h.run();
    // The autosaver waits for a quiet second after the last edit.
    std::thread::sleep(std::time::Duration::from_millis(1300));
    h.step();
    assert_eq!(store().scan().entries.len(), 1, "snapshot written");
    // "Crash": drop the window without saving; a new one offers the work back.
    drop(h);
    let mut h2 = s.harness_with_recovery(Some(store()));
    h2.run();
    assert!(matches!(
        h2.state().review.question(),
        Some(Question::Recover(_))
    ));
    h2.get_by_label("Restore").click();
    h2.run();
    assert_eq!(quote_of(&h2, "q3").status, QuoteStatus::Rejected);
    assert!(h2.state().review.is_dirty());
    // A clean save removes the snapshot.
    h2.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h2.run();
    assert!(!h2.state().review.is_dirty());
    assert!(store().scan().entries.is_empty());
    let on_disk: Document =
        serde_json::from_str(&std::fs::read_to_string(&review).unwrap()).unwrap();
    assert_eq!(on_disk.quote("q3").unwrap().status, QuoteStatus::Rejected);
}

#[test]
fn clicking_a_quote_in_the_article_selects_its_row() {
    let s = Setup::new();
    let mut h = s.opened();
    select_row(&mut h, "we shall see");
    // The middle of this one-line paragraph is inside the quote "the bridge opens in May".
    h.get_by_label("Zoë Park, the mayor, said “the bridge opens in May” at a meeting on Tuesday.")
        .click();
    h.run();
    assert_eq!(h.state().review.selected_quote(), Some("q1"));
}

/// A file dropped from the file manager, as the windowing integration hands it over.
#[derive(Debug)]
struct DroppedPath(PathBuf);

impl egui::DroppedFile for DroppedPath {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn a_dropped_file_opens_after_the_unsaved_changes_question() {
    let s = Setup::new();
    let mut h = s.opened();
    select_row(&mut h, "we shall see");
    h.key_press(Key::Delete);
    h.run();
    let article = s.path("dropped.txt");
    std::fs::write(&article, "A short note with no quotes at all.\n").unwrap();
    h.input_mut()
        .dropped_files
        .push(Arc::new(DroppedPath(article.clone())));
    h.run();
    assert!(matches!(
        h.state().review.question(),
        Some(Question::Unsaved(_))
    ));
    h.get_by_role_and_label(Role::Button, "Discard").click();
    h.run();
    assert_eq!(doc(&h).text, "A short note with no quotes at all.\n");
    assert!(h.state().review.window_title().starts_with("dropped.txt"));
}

#[test]
fn dragging_a_selection_below_the_article_scrolls_it_and_extends_the_selection() {
    let s = Setup::new();
    let mut h = s.harness();
    h.run();
    h.get_by_label("Open the sample article").click();
    h.run();
    let headline = h
        .get_by_label("Russia Cool Over Prospects for Warmer Ties With US")
        .rect();
    let start = headline.left_center() + egui::vec2(4.0, 0.0);
    h.drag_at(start);
    h.run_steps(2);
    // Below the window's bottom edge, past the article pane.
    h.hover_at(egui::pos2(start.x + 200.0, 948.0));
    h.run_steps(3);
    let (offset_before, sel_before) = {
        let view = h.state().article_view().expect("sample open");
        (view.scroll_offset(), view.selection.expect("a selection"))
    };
    h.run_steps(30);
    let view = h.state().article_view().expect("sample open");
    let (offset_after, sel_after) = (view.scroll_offset(), view.selection.expect("a selection"));
    assert!(
        offset_after > offset_before + 100.0,
        "{offset_before} -> {offset_after}"
    );
    assert_eq!(sel_after.0, sel_before.0, "the anchor stays");
    assert!(
        sel_after.1 > sel_before.1 + 200,
        "{sel_before:?} -> {sel_after:?}"
    );
    h.drop_at(egui::pos2(start.x + 200.0, 948.0));
    h.run_steps(2);
    assert!(h.state().article_view().unwrap().selection.is_some());
}

/// Every control a screen reader can reach, on the main view and in the dialogs, has a name.
#[test]
fn every_control_has_an_accessible_label() {
    use egui_kittest::kittest::NodeT as _;
    let s = Setup::new();
    let mut h = s.opened();
    let interactive = [
        Role::Button,
        Role::TextInput,
        Role::MultilineTextInput,
        Role::SearchInput,
        Role::ComboBox,
        Role::CheckBox,
        Role::RadioButton,
        Role::Slider,
        Role::SpinButton,
        Role::MenuItem,
        Role::Link,
        Role::ProgressIndicator,
    ];
    let check = |h: &Harness<'static, ReviewApp>, screen: &str| {
        let mut seen = 0;
        for node in h.root().children_recursive() {
            let ak = node.accesskit_node();
            if !interactive.contains(&ak.role()) {
                continue;
            }
            seen += 1;
            let name = ak.label().unwrap_or_default();
            let value = ak.value().unwrap_or_default();
            assert!(
                !name.trim().is_empty() || !value.trim().is_empty(),
                "{screen}: a {:?} without a label: {node:?}",
                ak.role()
            );
        }
        assert!(seen > 0, "{screen}: no controls found");
    };
    check(&h, "main view");
    h.get_by_role_and_label(Role::Button, "File").click();
    h.run();
    check(&h, "File menu");
    h.key_press(Key::Escape);
    h.run();
    for (button, screen) in [
        ("Rename entity... (F2)", "rename dialog"),
        ("Merge entity...", "merge dialog"),
        ("Add entity...", "add entity dialog"),
    ] {
        if h.state().review.selected_entity().is_none() {
            click_entity(&mut h, "Zoë Park");
        }
        h.get_by_role_and_label(Role::Button, button).click();
        h.run();
        assert!(h.state().dialogs.open.is_some(), "{screen} opened");
        check(&h, screen);
        h.get_by_role_and_label(Role::Button, "Cancel").click();
        h.run();
    }
    // Dialogs that need more set-up to reach through the window.
    h.state_mut().dialogs.open = Some(Modal::Split {
        entity: "e1".into(),
        mention: None,
    });
    h.run();
    check(&h, "split dialog");
    h.get_by_role_and_label(Role::Button, "Cancel").click();
    h.run();
    assert!(h.state().dialogs.open.is_none(), "split dialog closed");
    // Zoë Park is selected, so the table shows her quote only.
    select_row(&mut h, "the bridge opens in May");
    h.key_press(Key::Delete);
    h.run();
    h.state_mut().review.apply(Command::Request(Action::Close));
    h.run();
    check(&h, "unsaved changes dialog");
    h.get_by_role_and_label(Role::Button, "Cancel").click();
    h.run();
    assert!(
        h.state().review.question().is_none(),
        "unsaved changes dialog closed"
    );
    s.dialogs.set_available(false);
    h.state_mut().review.apply(Command::SaveAs);
    h.run();
    assert!(matches!(
        h.state().review.question(),
        Some(Question::Browse { .. })
    ));
    check(&h, "file browser");
    h.get_by_role_and_label(Role::Button, "Cancel").click();
    h.run();
    assert!(h.state().review.question().is_none(), "file browser closed");
}

/// Where the pointer shows the review panel's resize cursor, scanning along a line at `y`.
fn review_panel_edge(h: &mut Harness<'static, ReviewApp>, y: f32) -> f32 {
    let mut hits = Vec::new();
    for x in (400..1300).step_by(2) {
        h.hover_at(egui::pos2(x as f32, y));
        h.run();
        if matches!(
            h.output().platform_output.cursor_icon,
            egui::CursorIcon::ResizeHorizontal
                | egui::CursorIcon::ResizeEast
                | egui::CursorIcon::ResizeWest
        ) {
            hits.push(x as f32);
        }
    }
    assert!(!hits.is_empty(), "no resize edge found");
    (hits[0] + hits[hits.len() - 1]) / 2.0
}

fn drag(h: &mut Harness<'static, ReviewApp>, from: egui::Pos2, to: egui::Pos2) {
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    h.hover_at(from.lerp(to, 0.5));
    h.run();
    h.hover_at(to);
    h.run();
    h.drop_at(to);
    h.run();
}

#[test]
fn the_review_panel_is_resized_by_dragging_its_edge() {
    let s = Setup::new();
    let mut h = s.opened();
    let filter_x = |h: &Harness<'static, ReviewApp>| h.get_by_label("Filter:").rect().min.x;
    let y = 150.0;
    let edge = review_panel_edge(&mut h, y);
    let start = filter_x(&h);
    // Narrower than it opened.
    drag(&mut h, egui::pos2(edge, y), egui::pos2(edge + 100.0, y));
    let first = filter_x(&h);
    assert!((first - start - 100.0).abs() < 4.0, "{start} -> {first}");
    let edge = review_panel_edge(&mut h, y);
    let start = filter_x(&h);
    // Wider: the tables follow the edge.
    drag(&mut h, egui::pos2(edge, y), egui::pos2(edge - 200.0, y));
    let wider = filter_x(&h);
    assert!((start - wider - 200.0).abs() < 4.0, "{start} -> {wider}");
    // And narrower again.
    let edge = review_panel_edge(&mut h, y);
    drag(&mut h, egui::pos2(edge, y), egui::pos2(edge + 120.0, y));
    let narrower = filter_x(&h);
    assert!(
        (narrower - wider - 120.0).abs() < 4.0,
        "{wider} -> {narrower}"
    );
}

// ----- a day's review (issue 10): what only the window shows -----

/// Defect 1: a long message wraps inside the window, Dismiss stays on screen, Esc closes it.
#[test]
fn a_long_error_wraps_and_esc_dismisses_it() {
    let s = Setup::new();
    let mut h = s.opened();
    let long = format!("{}.txt", "a-very-long-file-name-".repeat(20));
    s.dialogs.push(Some(s.path(&long)));
    open_via_menu(&mut h);
    assert!(h.state().review.banner().is_some_and(|b| b.error));
    let width = h.ctx.content_rect().width();
    let dismiss = h.get_by_label("Dismiss").rect();
    assert!(dismiss.max.x <= width, "Dismiss at {dismiss:?} in {width}");
    h.key_press(Key::Escape);
    h.run();
    assert!(
        h.state().review.banner().is_none(),
        "Esc closes the message"
    );
}

/// Defect 3: Enter submits the entity dialogs, Esc cancels them.
#[test]
fn enter_submits_and_esc_cancels_the_entity_dialogs() {
    let s = Setup::new();
    let mut h = s.opened();
    click_entity(&mut h, "council");
    h.key_press(Key::F2);
    h.run();
    let field = h.get_by_role_and_label(Role::TextInput, "New name:");
    field.type_text(" of Harbourtown");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert!(h.state().dialogs.open.is_none(), "Enter submitted");
    assert_eq!(doc(&h).entity("e2").unwrap().name, "council of Harbourtown");

    h.get_by_label("Merge entity...").click();
    h.run();
    assert!(h.state().dialogs.open.is_some());
    h.key_press(Key::Escape);
    h.run();
    assert!(h.state().dialogs.open.is_none(), "Esc cancelled");
    assert!(doc(&h).entity("e2").is_some());
}

/// Ctrl+F: the hits are counted, F3 and Shift+F3 step, Esc closes the search.
#[test]
fn ctrl_f_searches_the_article_with_a_count_and_keys() {
    let s = Setup::new();
    let mut h = s.opened();
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    assert!(h.state().search_bar.open);
    let field = h.get_by_role_and_label(Role::TextInput, "Find:");
    field.type_text("park");
    h.run();
    h.run();
    let search = h.state().review.search().expect("searching");
    assert_eq!(search.hits.len(), 2);
    h.get_by_label("2 of 2");
    h.key_press(Key::F3);
    h.run();
    h.get_by_label("1 of 2");
    h.key_press_modifiers(Modifiers::SHIFT, Key::F3);
    h.run();
    h.get_by_label("2 of 2");
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.state().search_bar.open);
    assert!(h.state().review.search().is_none());
}

/// S gives the speaker search the keyboard; typing narrows every entity, Down moves in the
/// matches and Enter assigns and moves on; an unknown name becomes a new person.
#[test]
fn s_finds_a_speaker_by_typing_and_enter_assigns_it() {
    let s = Setup::new();
    let mut h = s.opened();
    select_row(&mut h, "it will not open before June");
    h.key_press(Key::S);
    h.run();
    let field = h.get_by_role_and_label(Role::TextInput, "Find speaker:");
    field.type_text("park");
    h.run();
    // Two people match ("Zoë Park" and "Park"): Down goes to the second.
    h.key_press(Key::ArrowDown);
    h.run();
    let second = h
        .state()
        .review
        .candidates()
        .into_iter()
        .filter(|c| c.name.to_lowercase().contains("park"))
        .nth(1)
        .expect("two matches")
        .entity;
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(quote_of(&h, "q2").speaker.as_deref(), Some(second.as_str()));
    assert_eq!(h.state().review.selected_quote(), Some("q3"), "moved on");

    h.key_press(Key::S);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Find speaker:")
        .type_text("Harbour Master");
    h.run();
    h.get_by_label_contains("Enter: new person");
    h.key_press(Key::Enter);
    h.run();
    let d = doc(&h);
    let new = d
        .entity(d.quote("q3").unwrap().speaker.as_deref().unwrap())
        .unwrap();
    assert_eq!(new.name, "Harbour Master");
}

/// ? lists the keys from the command table; F1 opens the annotation guide; Esc closes them.
#[test]
fn help_windows_show_the_keys_and_the_guide() {
    let s = Setup::new();
    let mut h = s.opened();
    h.key_press(Key::Questionmark);
    h.run();
    assert!(h.state().help.keys);
    h.get_by_label_contains("D: Go to the next unreviewed quote under the confidence threshold");
    h.key_press(Key::F1);
    h.run();
    assert!(h.state().help.guide);
    assert!(
        h.get_all_by_label_contains("What counts as a quote")
            .count()
            >= 1
    );
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.state().help.keys && !h.state().help.guide);
}

/// Defect 8: the entity filter shows as a chip that removes it; an entity nobody quotes shows
/// its mentions instead of an empty table.
#[test]
fn the_entity_filter_is_a_visible_chip_and_silent_entities_show_their_mentions() {
    let s = Setup::new();
    let mut h = s.opened();
    click_entity(&mut h, "Lund");
    h.get_by_label("Showing the quotes of");
    h.get_by_label_contains("is quoted nowhere");
    h.get_by_label_contains("[Mr Lund]");
    h.get_by_label("Lund  \u{2715}").click();
    h.run();
    assert_eq!(h.state().review.selected_entity(), None);
    h.get_by_label("it will not open before June");
}

/// Notes and flags from the keyboard: E writes a note, F steps the flag; both show in the
/// table and the file.
#[test]
fn e_writes_a_note_and_f_flags_the_quote() {
    let s = Setup::new();
    let mut h = s.opened();
    select_row(&mut h, "it will not open before June");
    h.key_press(Key::E);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Note:")
        .type_text("Lund said it, not the council");
    h.run();
    h.key_press(Key::Tab);
    h.run();
    h.key_press(Key::F);
    h.run();
    let q2 = quote_of(&h, "q2");
    assert_eq!(q2.note.as_deref(), Some("Lund said it, not the council"));
    assert_eq!(
        q2.flag,
        Some(article_review::document::model::QuoteFlag::NeedsCheck)
    );
    assert!(
        h.get_all_by_label("needs-check").count() >= 1,
        "the table shows it"
    );
}

/// Defect 7: a long title is cut to the width (whole in its tooltip) and leaves the Add quote
/// button where it was; the byline, date and source show under it.
#[test]
fn a_long_title_is_cut_and_the_byline_and_source_show() {
    let s = Setup::new();
    let mut review = fixture();
    review.meta.title = Some("Harbour bridge ".repeat(30));
    review.meta.byline = Some("By Ana Lopez".into());
    review.meta.date = Some("2026-11-30".into());
    let h = s.opened_review("long.review.json", &review);
    let add = h.get_by_label("Add quote (A)").rect();
    let title = h
        .get_by_label_contains("Harbour bridge Harbour bridge")
        .rect();
    assert!(
        title.max.x <= add.min.x + 1.0,
        "title {title:?} runs under {add:?}"
    );
    h.get_by_label_contains("By Ana Lopez");
    h.get_by_label_contains("harbour.txt");
}

/// Counts what the reviewer presses: one for a key, one per character typed.
struct Keyboard<'h> {
    h: &'h mut Harness<'static, ReviewApp>,
    presses: usize,
}

impl Keyboard<'_> {
    fn key(&mut self, key: Key) {
        self.h.key_press(key);
        self.h.run();
        self.presses += 1;
    }

    fn chord(&mut self, modifiers: Modifiers, key: Key) {
        self.h.key_press_modifiers(modifiers, key);
        self.h.run();
        self.presses += 1;
    }

    fn type_text(&mut self, text: &str) {
        self.h.event(egui::Event::Text(text.to_string()));
        self.h.run();
        self.presses += text.chars().count();
    }
}

/// The whole review of the bundled sample with the keyboard only, from the opened article to
/// the saved file: three speakers found by typing (none of them among the nine candidates),
/// one new person, a note and a flag. The key count goes in the issue note.
#[test]
fn the_sample_is_reviewed_and_saved_with_the_keyboard_only() {
    let s = Setup::new();
    let article = s.path("sample-article.txt");
    std::fs::write(&article, SAMPLE_TEXT).unwrap();
    let saved = s.path("sample-article.review.json");
    let dialogs = s.dialogs.clone();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1500.0, 950.0))
        .with_max_steps(24)
        .allow_missing_glyphs()
        .build_eframe(move |_cc| {
            ReviewApp::new(Options {
                dialogs: Arc::new(dialogs),
                extractor: Arc::new(Extractor::bundled()),
                file: Some(article),
                background_io: false,
                prefs: Prefs::default(),
                recovery: None,
            })
        });
    h.run();
    let total = doc(&h).quotes.len();
    assert!(total > 20, "the sample has its quotes");
    let mut kb = Keyboard {
        h: &mut h,
        presses: 0,
    };
    let mut far_picks = 0;
    let mut new_person = false;
    let mut noted = false;
    for _ in 0..total * 2 {
        let Some(id) = kb.h.state().review.selected_quote().map(str::to_string) else {
            break;
        };
        if quote_of(kb.h, &id).status != QuoteStatus::Auto {
            break;
        }
        let candidates = kb.h.state().review.candidates();
        let current = quote_of(kb.h, &id).speaker.clone();
        // An entity of the article outside the nine candidates the number keys reach.
        let far = candidates
            .iter()
            .skip(9)
            .find(|c| c.entity_type == article_review::document::model::EntityType::Person);
        if far_picks < 3
            && let Some(far) = far
        {
            let target = far.entity.clone();
            kb.key(Key::S);
            kb.type_text(&far.name);
            // The matches as the picker lists them: people first.
            let query = far.name.to_lowercase();
            let mut matches: Vec<_> = candidates
                .iter()
                .filter(|c| c.name.to_lowercase().contains(&query))
                .collect();
            matches.sort_by_key(|c| {
                c.entity_type != article_review::document::model::EntityType::Person
            });
            let at = matches.iter().position(|c| c.entity == target).unwrap();
            for _ in 0..at {
                kb.key(Key::ArrowDown);
            }
            kb.key(Key::Enter);
            assert_eq!(
                quote_of(kb.h, &id).speaker.as_deref(),
                Some(target.as_str())
            );
            far_picks += 1;
        } else if !new_person && current.is_none() {
            kb.key(Key::S);
            kb.type_text("the US envoy");
            kb.key(Key::Enter);
            let d = doc(kb.h);
            let speaker = d.quote(&id).unwrap().speaker.as_deref().unwrap();
            assert_eq!(d.entity(speaker).unwrap().name, "the US envoy");
            new_person = true;
        } else if !noted {
            kb.key(Key::E);
            kb.type_text("Check the date");
            kb.key(Key::Tab);
            kb.key(Key::F);
            kb.key(Key::Enter);
            let q = quote_of(kb.h, &id);
            assert_eq!(q.note.as_deref(), Some("Check the date"));
            assert!(q.flag.is_some());
            noted = true;
        } else {
            kb.key(Key::Enter);
        }
    }
    s.dialogs.push(Some(saved.clone()));
    kb.chord(Modifiers::COMMAND, Key::S);
    let presses = kb.presses;
    assert!(
        far_picks == 3 && new_person && noted,
        "{far_picks} {new_person} {noted}"
    );
    let on_disk: Document =
        serde_json::from_str(&std::fs::read_to_string(&saved).expect("saved")).unwrap();
    assert!(
        on_disk.quotes.iter().all(|q| q.status != QuoteStatus::Auto),
        "every quote reviewed"
    );
    eprintln!("keyboard-only review of the sample: {presses} key presses for {total} quotes");
    assert!(presses < total * 3 + 120, "{presses} presses");
}

/// Defect 10: hovering a cut-off quote in the table shows one tooltip, not two stacked.
#[test]
fn a_cut_off_quote_shows_one_tooltip() {
    let s = Setup::new();
    let mut review = fixture();
    let words = format!(
        "it will not open before June {}",
        "and not in July either ".repeat(12)
    );
    let text = format!("Ana said “{}”.\n", words.trim_end());
    let start = "Ana said “".chars().count();
    let end = start + words.trim_end().chars().count();
    let mut quote = review.quotes[0].clone();
    quote.start = start;
    quote.end = end;
    quote.text = words.trim_end().to_string();
    quote.speaker = None;
    quote.speaker_mention = None;
    quote.cue = None;
    quote.predicted = None;
    quote.status = QuoteStatus::Added;
    review.text = text;
    review.entities.clear();
    review.quotes = vec![quote];
    let mut h = s.opened_review("long-quote.review.json", &review);
    let words = words.trim_end();
    let cell = h.get_by_label(words).rect();
    h.hover_at(cell.center());
    for _ in 0..3 {
        h.run();
    }
    let shown = h.get_all_by_label(words).count();
    assert_eq!(shown, 2, "the cell and exactly one tooltip");
}

/// Defect 9: a drag that starts and ends inside words selects whole words.
#[test]
fn a_dragged_selection_snaps_to_whole_words() {
    let s = Setup::new();
    let mut h = s.harness();
    h.run();
    h.get_by_label("Open the sample article").click();
    h.run();
    let headline = h
        .get_by_label("Russia Cool Over Prospects for Warmer Ties With US")
        .rect();
    let text = SAMPLE_TEXT.replace("\r\n", "\n");
    let chars: Vec<char> = text.chars().collect();
    let is_word = |i: usize| chars.get(i).is_some_and(|c| c.is_alphanumeric());
    let drag_across = |h: &mut Harness<'static, ReviewApp>| {
        // From inside "Russia" to somewhere inside a later word of the headline.
        let from = headline.left_center() + egui::vec2(6.0, 0.0);
        let to = headline.left_center() + egui::vec2(headline.width() * 0.6, 0.0);
        h.drag_at(from);
        h.run_steps(2);
        h.hover_at(to);
        h.run_steps(2);
        h.drop_at(to);
        h.run_steps(2);
        h.state()
            .article_view()
            .unwrap()
            .selection
            .expect("a selection")
    };
    let (start, end) = drag_across(&mut h);
    assert_eq!(start, 0, "grown to the start of Russia");
    assert!(
        is_word(end - 1) && !is_word(end),
        "ends at a word's end: {end}"
    );
    assert!(!chars[start..end].iter().collect::<String>().ends_with(' '));
}
