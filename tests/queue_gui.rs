//! The queue panel, the Statistics view and the lock and changed-on-disk dialogs, driven
//! through the window's widgets and keys with egui_kittest (no display needed).

#![cfg(feature = "gui")]

#[path = "fixtures/common.rs"]
mod common;
use common::extractor;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use article_review::document::model::QuoteStatus;
use article_review::review::{
    Action, Command, FileQuestion, FixedDialogs, Options, Prefs, Question,
};
use article_review::ui::app::ReviewApp;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

const ALPHA: &str = "Lena Fischer, the harbour master, spoke on Tuesday.\n\n\
“The ships will come back,” Fischer said. She added that the port would reopen in May.\n";
const BRAVO: &str = "“We are not worried,” said Omar Haddad, the club’s coach.\r\n\r\n\
Haddad said the team had trained hard.\r\n";
const CHARLIE: &str = "Zoë Martín, a nurse in Málaga, was blunt.\n\n\
“We need more staff before the winter,” Martín said.\n";

struct Setup {
    dir: tempfile::TempDir,
    dialogs: FixedDialogs,
}

impl Setup {
    fn new() -> Setup {
        let s = Setup {
            dir: tempfile::tempdir().expect("temp dir"),
            dialogs: FixedDialogs::default(),
        };
        std::fs::create_dir_all(s.root()).unwrap();
        std::fs::write(s.root().join("alpha.txt"), ALPHA).unwrap();
        std::fs::write(s.root().join("bravo.txt"), BRAVO).unwrap();
        std::fs::write(s.root().join("charlie.txt"), CHARLIE).unwrap();
        s
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("articles")
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn harness(&self) -> Harness<'static, ReviewApp> {
        let dialogs = self.dialogs.clone();
        let mut h = Harness::builder()
            .with_size(egui::vec2(1600.0, 950.0))
            .with_max_steps(24)
            .allow_missing_glyphs()
            .build_eframe(move |_cc| {
                let mut app = ReviewApp::new(Options {
                    dialogs: Arc::new(dialogs),
                    extractor: extractor(),
                    file: None,
                    background_io: false,
                    prefs: Prefs::default(),
                    recovery: None,
                });
                app.review.set_pre_extraction_threads(0);
                app
            });
        h.run();
        h
    }

    /// A window with the folder opened through File > Open Folder.
    fn queue(&self) -> Harness<'static, ReviewApp> {
        let mut h = self.harness();
        self.dialogs.push(Some(self.root()));
        h.get_by_role_and_label(Role::Button, "File").click();
        h.run();
        h.get_by_label("Open Folder... Ctrl+Shift+O").click();
        h.run();
        assert!(h.state().review.queue().is_some(), "queue opened");
        h
    }
}

fn open_name(h: &Harness<'static, ReviewApp>) -> String {
    h.state()
        .review
        .open_doc()
        .map(|d| d.name.clone())
        .unwrap_or_default()
}

/// Runs frames until `done` holds (background work finishing), at most a few seconds.
fn run_until(h: &mut Harness<'static, ReviewApp>, done: impl Fn(&ReviewApp) -> bool) {
    for _ in 0..300 {
        // One frame at a time: while the work runs a spinner asks for frames without end, so
        // `run()` (which waits for the window to settle) would give up under load.
        h.step();
        if done(h.state()) {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("timed out");
}

fn write_review(s: &Setup, name: &str, status: QuoteStatus) -> PathBuf {
    let article = s.root().join(format!("{name}.txt"));
    let review = s.root().join(format!("{name}.review.json"));
    let mut d = article_review::open::open_path(&article, &extractor()).unwrap();
    for q in &mut d.quotes {
        q.status = status;
    }
    article_review::document::save::save_document(&review, &d).unwrap();
    review
}

#[derive(Debug)]
struct DroppedPath(PathBuf);

impl egui::DroppedFile for DroppedPath {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        Err("a folder".into())
    }
}

#[test]
fn the_queue_panel_lists_the_folder_and_opens_articles_by_click_and_key() {
    let s = Setup::new();
    write_review(&s, "bravo", QuoteStatus::Confirmed);
    let mut h = s.queue();
    h.get_by_label("Queue: articles");
    h.get_by_label("3 articles: 2 new, 0 in progress, 1 done");
    h.get_by_label("Reviews saved beside the articles");
    h.get_by_label("done");

    h.get_by_label("alpha.txt").click();
    h.run();
    assert_eq!(open_name(&h), "alpha.txt");
    // Ctrl+PageDown: the next article, here bravo's review.
    h.key_press_modifiers(Modifiers::COMMAND, Key::PageDown);
    h.run();
    assert_eq!(open_name(&h), "bravo.review.json");
    h.key_press_modifiers(Modifiers::COMMAND, Key::PageUp);
    h.run();
    assert_eq!(open_name(&h), "alpha.txt");
    // F8: the next unfinished one skips bravo (done).
    h.key_press(Key::F8);
    h.run();
    assert_eq!(open_name(&h), "charlie.txt");

    // Sorting by status puts done last; the filter finds by name.
    // The queue panel's header comes before the quote table's, which has a Status column too.
    h.get_all_by_role_and_label(Role::Button, "Status")
        .next()
        .expect("the queue's Status header")
        .click();
    h.run();
    assert_eq!(
        h.state().review.queue().unwrap().queue().sort(),
        (article_review::corpus::queue::SortKey::Status, false)
    );
    let find = h.get_by_label("Find:");
    find.focus();
    find.type_text("brav");
    h.run();
    let q = h.state().review.queue().unwrap().queue();
    assert_eq!(q.view().len(), 1);
    assert_eq!(q.items()[q.view()[0]].name, "bravo.txt");
}

#[test]
fn confirming_the_last_quote_offers_the_next_article() {
    let s = Setup::new();
    let mut h = s.queue();
    h.get_by_label("charlie.txt").click();
    h.run();
    let quotes = h.state().review.document().unwrap().quotes.len();
    assert!(quotes > 0);
    for _ in 0..quotes {
        h.key_press(Key::Enter);
        h.run();
    }
    h.get_by_role_and_label(Role::Button, "Save and open next")
        .click();
    h.run();
    assert_eq!(open_name(&h), "alpha.txt");
    assert!(s.root().join("charlie.review.json").is_file());
    h.get_by_label("done");
}

#[test]
fn a_dropped_folder_opens_as_the_queue() {
    let s = Setup::new();
    let mut h = s.harness();
    h.input_mut()
        .dropped_files
        .push(Arc::new(DroppedPath(s.root())));
    h.run();
    assert_eq!(h.state().review.queue().unwrap().queue().items().len(), 3);
    h.get_by_label("Queue: articles");
}

#[test]
fn the_statistics_view_draws_its_charts_and_exports_each_as_csv() {
    let s = Setup::new();
    write_review(&s, "alpha", QuoteStatus::Confirmed);
    write_review(&s, "bravo", QuoteStatus::Auto);
    write_review(&s, "charlie", QuoteStatus::Rejected);
    let mut h = s.queue();
    h.get_by_role_and_label(Role::Button, "Statistics").click();
    run_until(&mut h, |app| {
        app.review
            .queue()
            .is_some_and(|q| q.stats().stats().is_some())
    });
    h.run();
    let stats = h
        .state()
        .review
        .queue()
        .unwrap()
        .stats()
        .stats()
        .unwrap()
        .clone();
    assert_eq!(stats.articles, 3);
    h.get_by_label("Quotes by gender");
    h.get_by_label("Most quoted speakers");
    h.get_by_label(&format!(
        "3 reviews, {} quotes (not rejected), {} of them reviewed",
        stats.quotes, stats.reviewed
    ));

    let out = s.path("gender.csv");
    s.dialogs.push(Some(out.clone()));
    h.get_all_by_label("Export CSV...")
        .next()
        .expect("an export button per chart")
        .click();
    h.run();
    let csv = std::fs::read_to_string(&out).expect("chart written");
    assert_eq!(
        csv,
        format!(
            "label,quotes\nfemale,{}\nmale,{}\nunknown,{}\n",
            stats.by_gender.female, stats.by_gender.male, stats.by_gender.unknown
        )
    );

    // The window's close button hides it.
    h.get_by_label("Close window").click();
    h.run();
    assert!(!h.state().review.queue().unwrap().stats().is_open());
}

#[test]
fn a_review_open_elsewhere_warns_and_opens_read_only() {
    let s = Setup::new();
    let review = write_review(&s, "alpha", QuoteStatus::Auto);
    let _elsewhere = article_review::corpus::lock::ReviewLock::acquire(&review).unwrap();
    let mut h = s.harness();
    h.state_mut()
        .review
        .apply(Command::Request(Action::OpenPath(review.clone())));
    h.run();
    h.get_by_label("Open elsewhere");
    h.get_by_role_and_label(Role::Button, "Open read-only")
        .click();
    h.run();
    assert!(h.state().review.question().is_none());
    assert!(h.state().review.read_only().is_some());
    let before = std::fs::read(&review).unwrap();
    h.key_press(Key::Enter);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert_eq!(std::fs::read(&review).unwrap(), before);
    assert!(
        h.state()
            .review
            .banner()
            .unwrap()
            .text
            .contains("read-only")
    );
}

#[test]
fn a_save_over_a_file_changed_on_disk_asks_first() {
    let s = Setup::new();
    let review = write_review(&s, "alpha", QuoteStatus::Auto);
    let mut h = s.harness();
    h.state_mut()
        .review
        .apply(Command::Request(Action::OpenPath(review.clone())));
    h.run();
    h.key_press(Key::Enter);
    h.run();
    write_review(&s, "alpha", QuoteStatus::Rejected);
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(matches!(
        h.state().review.question(),
        Some(Question::File(FileQuestion::ChangedOnDisk { .. }))
    ));
    h.get_by_label("Changed on disk");
    h.get_by_role_and_label(Role::Button, "Save As...");
    h.get_by_role_and_label(Role::Button, "Reload");
    h.get_by_role_and_label(Role::Button, "Overwrite").click();
    h.run();
    assert!(h.state().review.question().is_none());
    let saved: article_review::document::model::Document =
        serde_json::from_str(&std::fs::read_to_string(&review).unwrap()).unwrap();
    assert_eq!(saved.quotes[0].status, QuoteStatus::Confirmed);
}
