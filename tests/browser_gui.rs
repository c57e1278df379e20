//! The in-window file browser driven through the window with egui_kittest, as on a system with
//! no file dialog: widgets found by their labels, folders entered and files picked with the
//! keys, Save As and Export writing files, the overwrite question, Esc. Every frame also passes
//! kittest's check that each control has an accessible name.

#![cfg(feature = "gui")]

#[path = "fixtures/common.rs"]
mod common;
use common::extractor;

use std::path::PathBuf;
use std::sync::Arc;

use article_review::review::{Command, FileBrowser, FixedDialogs, Options, Prefs, Question};
use article_review::ui::app::ReviewApp;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

const ARTICLE: &str = "Zoë Martín, a nurse in Málaga, was blunt.\n\n\
“We need more staff before the winter,” Martín said. 🎉\n";

/// `Bücher 📚/` holding `Älter 📁/née.txt`, `café.txt`, `notes.pdf`, in a temp dir of its own.
struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    fn new() -> Setup {
        let s = Setup {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        std::fs::create_dir_all(s.root().join("Älter 📁")).unwrap();
        std::fs::write(s.root().join("Älter 📁/née.txt"), ARTICLE).unwrap();
        std::fs::write(s.root().join("café.txt"), ARTICLE).unwrap();
        std::fs::write(s.root().join("notes.pdf"), "%PDF").unwrap();
        s
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("Bücher 📚")
    }

    /// A window with no system file dialog, whose last folder was the root.
    fn harness(&self) -> Harness<'static, ReviewApp> {
        let prefs = Prefs {
            last_dir: Some(self.root()),
            ..Prefs::default()
        };
        let mut h = Harness::builder()
            .with_size(egui::vec2(1500.0, 950.0))
            .with_max_steps(24)
            .allow_missing_glyphs()
            .build_eframe(move |_cc| {
                ReviewApp::new(Options {
                    dialogs: Arc::new(FixedDialogs::unavailable()),
                    extractor: extractor(),
                    file: None,
                    background_io: false,
                    prefs,
                    recovery: None,
                })
            });
        h.run();
        h
    }

    /// A window with `Älter 📁/née.txt` opened through the browser.
    fn opened(&self) -> Harness<'static, ReviewApp> {
        let mut h = self.harness();
        h.key_press_modifiers(Modifiers::COMMAND, Key::O);
        h.run();
        h.get_by_label("Älter 📁/").click();
        h.run();
        h.key_press(Key::Enter);
        h.run();
        h.get_by_label("née.txt").click();
        h.run();
        h.key_press(Key::Enter);
        h.run();
        assert_eq!(open_text(&h), ARTICLE);
        h
    }
}

fn browser<'a>(h: &'a Harness<'static, ReviewApp>) -> &'a FileBrowser {
    match h.state().review.question() {
        Some(Question::Browse { browser, .. }) => browser,
        other => panic!("expected the file browser, got {other:?}"),
    }
}

fn open_text<'a>(h: &'a Harness<'static, ReviewApp>) -> &'a str {
    &h.state()
        .review
        .document()
        .expect("a document is open")
        .text
}

/// Adds a quote over the article's first ten characters: an unsaved change.
fn edit(h: &mut Harness<'static, ReviewApp>) {
    h.state_mut()
        .review
        .apply(Command::SelectText(Some((0, 10))));
    h.state_mut().review.apply(Command::AddQuoteFromSelection);
    h.run();
    assert!(h.state().review.is_dirty());
}

/// Replaces the text of the field labelled `label` with `text`, then presses Enter.
fn retype(h: &mut Harness<'static, ReviewApp>, label: &str, text: &str) {
    h.get_by_label(label).click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label(label).type_text(text);
    h.run();
    h.key_press(Key::Enter);
    h.run();
}

#[test]
fn open_lists_folders_and_articles_enters_a_folder_and_opens_the_file_picked() {
    let s = Setup::new();
    let mut h = s.harness();
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    assert_eq!(browser(&h).dir(), s.root());
    h.get_by_label("Open an article or review file");
    // The type filter leaves out the PDF until "All files" is chosen.
    assert!(h.query_by_label("café.txt").is_some());
    assert!(h.query_by_label("notes.pdf").is_none());
    h.get_by_role_and_label(Role::ComboBox, "File type").click();
    h.run();
    h.get_by_label("All files").click();
    h.run();
    assert!(h.query_by_label("notes.pdf").is_some());
    // Places: home and the file system at least.
    h.get_by_role_and_label(Role::Button, "File system");

    h.get_by_label("Älter 📁/").click();
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(browser(&h).dir(), s.root().join("Älter 📁"));
    h.get_by_label("née.txt").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Open").click();
    h.run();
    assert!(h.state().review.question().is_none(), "the browser closed");
    assert_eq!(open_text(&h), ARTICLE);
    assert_eq!(h.state().review.open_doc().unwrap().name, "née.txt");
}

#[test]
fn keys_move_go_up_and_back_in_and_a_typed_path_opens_a_file() {
    let s = Setup::new();
    let mut h = s.harness();
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    // Down, Down: the second entry (folders first: "Älter 📁", then café.txt).
    h.key_press(Key::ArrowDown);
    h.key_press(Key::ArrowDown);
    h.run();
    assert_eq!(browser(&h).highlight(), Some(1));
    h.key_press(Key::ArrowUp);
    h.run();
    assert_eq!(browser(&h).highlight(), Some(0));
    // Backspace goes up, with the folder left highlighted; Enter goes back in.
    h.key_press(Key::Backspace);
    h.run();
    assert_eq!(browser(&h).dir(), s.dir.path());
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(browser(&h).dir(), s.root());
    h.key_press_modifiers(Modifiers::ALT, Key::ArrowUp);
    h.run();
    assert_eq!(browser(&h).dir(), s.dir.path());

    // A path typed into the location field, relative to the folder shown.
    retype(&mut h, "Location:", "Bücher 📚/Älter 📁/née.txt");
    assert!(h.state().review.question().is_none(), "the browser closed");
    assert_eq!(open_text(&h), ARTICLE);
}

#[test]
fn an_unreadable_location_says_why_and_the_browser_stays() {
    let s = Setup::new();
    let mut h = s.harness();
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    retype(&mut h, "Location:", "nowhere 🎉");
    let error = browser(&h).error().expect("an error");
    assert!(error.contains("nowhere 🎉"), "{error}");
    assert!(
        h.query_by_label_contains("There is no file or folder")
            .is_some()
    );
    assert_eq!(browser(&h).dir(), s.root());
    assert!(h.query_by_label("café.txt").is_some(), "the listing stays");
}

#[test]
fn save_as_writes_the_file_and_asks_before_replacing_one() {
    let s = Setup::new();
    let mut h = s.opened();
    edit(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    h.run();
    assert_eq!(browser(&h).name(), "née.review.json");
    assert_eq!(browser(&h).dir(), s.root().join("Älter 📁"));
    h.get_by_role_and_label(Role::Button, "Save").click();
    h.run();
    let saved = s.root().join("Älter 📁/née.review.json");
    assert!(saved.is_file());
    assert!(!h.state().review.is_dirty());
    let first = std::fs::read_to_string(&saved).unwrap();

    // Again, over the file just written: asked first; "Keep it" writes nothing.
    edit(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    h.run();
    h.get_by_role_and_label(Role::Button, "Save").click();
    h.run();
    h.get_by_label_contains("already exists here. Replace it?");
    h.get_by_role_and_label(Role::Button, "Keep it").click();
    h.run();
    assert_eq!(std::fs::read_to_string(&saved).unwrap(), first);
    assert!(h.state().review.is_dirty());
    h.get_by_role_and_label(Role::Button, "Save").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Replace").click();
    h.run();
    assert!(h.state().review.question().is_none());
    assert!(!h.state().review.is_dirty());
    assert_ne!(std::fs::read_to_string(&saved).unwrap(), first);
}

#[test]
fn export_takes_a_typed_name_and_esc_cancels_leaving_everything_as_it_was() {
    let s = Setup::new();
    let mut h = s.opened();
    edit(&mut h);
    let quotes = h.state().review.document().unwrap().quotes.len();

    // Esc: no file, the changes still unsaved, the document as it was.
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    h.run();
    assert!(h.state().review.question().is_some());
    h.key_press(Key::Escape);
    h.run();
    assert!(
        h.state().review.question().is_none(),
        "Esc closed the browser"
    );
    assert!(h.state().review.is_dirty());
    assert_eq!(h.state().review.document().unwrap().quotes.len(), quotes);
    assert!(!s.root().join("Älter 📁/née.review.json").exists());

    // Ctrl+E: the CSV export, named in the file name field.
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    assert_eq!(browser(&h).name(), "née.quotes.csv");
    retype(&mut h, "File name:", "Zoë quotes 🎉.csv");
    assert!(
        h.state().review.question().is_none(),
        "{:?}",
        h.state().review.banner()
    );
    let csv =
        std::fs::read_to_string(s.root().join("Älter 📁/Zoë quotes 🎉.csv")).expect("exported");
    assert!(csv.contains("We need more staff"), "{csv}");
}

#[test]
fn a_long_folder_lists_only_what_shows_and_follows_the_highlight() {
    let s = Setup::new();
    let long = s.root().join("long");
    std::fs::create_dir(&long).unwrap();
    for i in 0..500 {
        std::fs::write(long.join(format!("article-{i:03}.txt")), "x").unwrap();
    }
    let mut h = s.harness();
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    h.get_by_label("long/").click();
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(browser(&h).dir(), long);
    assert!(h.query_by_label("article-000.txt").is_some());
    // Rows out of view are not laid out at all.
    assert!(h.query_by_label("article-499.txt").is_none());
    for _ in 0..40 {
        h.key_press(Key::ArrowDown);
    }
    h.run();
    assert_eq!(browser(&h).highlight(), Some(39));
    assert!(
        h.query_by_label("article-039.txt").is_some(),
        "scrolled to the highlight"
    );
    assert!(h.query_by_label("article-000.txt").is_none());
    // And back up.
    for _ in 0..39 {
        h.key_press(Key::ArrowUp);
    }
    h.run();
    assert!(h.query_by_label("article-000.txt").is_some());
}

#[test]
fn the_view_menu_turns_the_window_browser_on_where_a_system_dialog_exists() {
    let s = Setup::new();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1500.0, 950.0))
        .with_max_steps(24)
        .allow_missing_glyphs()
        .build_eframe(move |_cc| {
            ReviewApp::new(Options {
                // A system dialog that would cancel: only the window's browser can open a file.
                dialogs: Arc::new(FixedDialogs::default()),
                extractor: extractor(),
                file: None,
                background_io: false,
                prefs: Prefs::default(),
                recovery: None,
            })
        });
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    assert!(
        h.state().review.question().is_none(),
        "the system dialog was used"
    );
    h.get_by_role_and_label(Role::Button, "View").click();
    h.run();
    h.get_by_label("Use the window's file browser").click();
    h.run();
    assert!(h.state().review.prefs().window_file_browser);
    h.key_press(Key::Escape);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    assert!(matches!(
        h.state().review.question(),
        Some(Question::Browse { .. })
    ));
    retype(
        &mut h,
        "Location:",
        &s.root().join("café.txt").display().to_string(),
    );
    assert_eq!(open_text(&h), ARTICLE);
}

#[test]
fn a_long_file_name_is_cut_and_every_row_keeps_the_same_width() {
    let s = Setup::new();
    let long = format!("{}.txt", "a very long name for a scanned page ".repeat(6));
    std::fs::write(s.root().join(&long), ARTICLE).unwrap();
    let mut h = s.harness();
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    // Before the fix the long name's row took the width of the whole name, pushing its size and
    // date out of their columns and widening the dialog.
    let long_row = h.get_by_label(&long).rect();
    let short_row = h.get_by_label("café.txt").rect();
    assert!(
        (long_row.min.x - short_row.min.x).abs() < 0.5
            && (long_row.max.x - short_row.max.x).abs() < 0.5,
        "the long name's row spans {long_row:?}, a short one's {short_row:?}"
    );
}
