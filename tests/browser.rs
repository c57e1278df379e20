//! The in-window file browser without a window: its model (listing, folders first, type
//! filter, going up, typed paths, places, Save As names and the overwrite question, errors)
//! and the controller flows that use it where no system dialog exists (open, save, Save As,
//! CSV export, open folder, queue export). Names with accents and emoji throughout.

#[path = "fixtures/common.rs"]
mod common;
use common::extractor;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use article_review::review::browser::{
    BrowseCommand, BrowseMode, BrowseOutcome, FileBrowser, PlaceKind, places,
};
use article_review::review::{
    Action, Command, Controller, DialogPurpose, FixedDialogs, Options, Prefs, Question,
    QueueCommand,
};

const ARTICLE: &str = "Zoë Martín, a nurse in Málaga, was blunt.\n\n\
“We need more staff before the winter,” Martín said. 🎉\n";

/// A folder of our own:
/// `Älter 📁/` (with `née.txt`), `bravo/`, `café.txt`, `Ünïcode 🎉.HTML`, `notes.pdf`,
/// `.hidden.txt`, `zeta.review.json`.
fn tree() -> tempfile::TempDir {
    let t = tempfile::tempdir().expect("temp dir");
    let root = t.path();
    std::fs::create_dir(root.join("Älter 📁")).unwrap();
    std::fs::write(root.join("Älter 📁").join("née.txt"), ARTICLE).unwrap();
    std::fs::create_dir(root.join("bravo")).unwrap();
    std::fs::write(root.join("café.txt"), ARTICLE).unwrap();
    std::fs::write(root.join("Ünïcode 🎉.HTML"), "<p>hi</p>").unwrap();
    std::fs::write(root.join("notes.pdf"), "%PDF").unwrap();
    std::fs::write(root.join(".hidden.txt"), "x").unwrap();
    std::fs::write(root.join("zeta.review.json"), "{}").unwrap();
    t
}

fn names(b: &FileBrowser) -> Vec<String> {
    b.entries().iter().map(|e| e.name.clone()).collect()
}

fn index_of(b: &FileBrowser, name: &str) -> usize {
    b.entries()
        .iter()
        .position(|e| e.name == name)
        .unwrap_or_else(|| panic!("{name} not listed in {:?}", names(b)))
}

#[test]
fn folders_come_first_then_files_the_type_filter_lets_through() {
    let t = tree();
    let mut b = FileBrowser::new(DialogPurpose::Open, t.path(), Vec::new());
    assert_eq!(b.mode(), BrowseMode::Open);
    assert_eq!(b.dir(), t.path());
    assert_eq!(b.error(), None);
    // Case ignored in names and extensions; the PDF and the hidden file are not listed.
    // (Ä sorts after z: names compare by lower-cased code points.)
    assert_eq!(
        names(&b),
        [
            "bravo",
            "Älter 📁",
            "café.txt",
            "zeta.review.json",
            "Ünïcode 🎉.HTML"
        ]
    );
    let folders: Vec<bool> = b.entries().iter().map(|e| e.is_dir).collect();
    assert_eq!(folders, [true, true, false, false, false]);
    assert_eq!(b.entries()[2].size, Some(ARTICLE.len() as u64));

    // "All files" lists the PDF too; hidden files only when asked.
    assert_eq!(b.filters()[1].label, "All files");
    b.apply(BrowseCommand::Filter(1));
    assert!(names(&b).contains(&"notes.pdf".to_string()));
    assert!(!names(&b).contains(&".hidden.txt".to_string()));
    b.apply(BrowseCommand::ShowHidden(true));
    assert!(names(&b).contains(&".hidden.txt".to_string()));
}

#[test]
fn moving_entering_and_going_up_by_keys() {
    let t = tree();
    let mut b = FileBrowser::new(DialogPurpose::Open, t.path(), Vec::new());
    assert_eq!(b.highlight(), None);
    b.apply(BrowseCommand::Move(1));
    assert_eq!(b.highlight(), Some(0), "Down highlights the first entry");
    b.apply(BrowseCommand::Move(-1));
    assert_eq!(b.highlight(), Some(0), "Up stops at the top");
    b.apply(BrowseCommand::Move(100));
    assert_eq!(b.highlight(), Some(4), "Down stops at the bottom");
    b.apply(BrowseCommand::Highlight(index_of(&b, "Älter 📁")));
    // Enter on a folder goes into it.
    assert_eq!(b.apply(BrowseCommand::Enter), BrowseOutcome::Stay);
    assert_eq!(b.dir(), t.path().join("Älter 📁"));
    assert_eq!(names(&b), ["née.txt"]);
    // Up comes back with the folder just left highlighted, so Enter goes back in.
    b.apply(BrowseCommand::Up);
    assert_eq!(b.dir(), t.path());
    assert_eq!(b.highlight(), Some(index_of(&b, "Älter 📁")));
    // Enter on a file chooses it.
    b.apply(BrowseCommand::Highlight(index_of(&b, "café.txt")));
    assert_eq!(
        b.apply(BrowseCommand::Enter),
        BrowseOutcome::Chosen(t.path().join("café.txt"))
    );
}

#[test]
fn a_typed_path_goes_to_a_folder_or_chooses_a_file() {
    let t = tree();
    let mut b = FileBrowser::new(DialogPurpose::Open, Path::new("/"), Vec::new());
    b.apply(BrowseCommand::Typed(format!("  {}  ", t.path().display())));
    assert_eq!(b.dir(), t.path(), "blanks around a typed path are dropped");
    // Relative to the folder shown.
    b.apply(BrowseCommand::Typed("Älter 📁".into()));
    assert_eq!(b.dir(), t.path().join("Älter 📁"));
    assert_eq!(
        b.apply(BrowseCommand::Typed("née.txt".into())),
        BrowseOutcome::Chosen(t.path().join("Älter 📁/née.txt"))
    );
    assert_eq!(
        b.apply(BrowseCommand::Typed("missing.txt".into())),
        BrowseOutcome::Stay
    );
    let error = b.error().expect("an error");
    assert!(
        error.contains("no file or folder") && error.contains("missing.txt"),
        "{error}"
    );
    if let Some(home) = dirs::home_dir().filter(|h| h.is_dir()) {
        b.apply(BrowseCommand::Typed("~".into()));
        assert_eq!(b.dir(), home);
    }
}

#[test]
fn a_folder_that_cannot_be_listed_says_why_and_keeps_the_listing() {
    let t = tree();
    let mut b = FileBrowser::new(DialogPurpose::Open, t.path(), Vec::new());
    let before = names(&b);
    b.apply(BrowseCommand::GoTo(t.path().join("café.txt")));
    assert_eq!(b.dir(), t.path());
    assert_eq!(names(&b), before);
    let error = b.error().expect("an error");
    assert!(
        error.contains("café.txt") && error.contains("not a folder"),
        "{error}"
    );
    b.apply(BrowseCommand::GoTo(t.path().join("gone")));
    let error = b.error().expect("an error");
    assert!(
        error.contains("gone") && error.contains("does not exist"),
        "{error}"
    );
    // The next step that works clears the error.
    b.apply(BrowseCommand::GoTo(t.path().join("bravo")));
    assert_eq!(b.error(), None);
    assert!(b.entries().is_empty());
}

#[test]
fn a_file_or_folder_that_vanished_is_reported_and_the_folder_read_again() {
    let t = tree();
    let mut b = FileBrowser::new(DialogPurpose::Open, t.path(), Vec::new());
    std::fs::remove_file(t.path().join("café.txt")).unwrap();
    std::fs::remove_dir(t.path().join("bravo")).unwrap();
    let cafe = index_of(&b, "café.txt");
    assert_eq!(b.apply(BrowseCommand::Activate(cafe)), BrowseOutcome::Stay);
    let error = b.error().expect("an error");
    assert!(
        error.contains("café.txt") && error.contains("no longer there"),
        "{error}"
    );
    assert!(!names(&b).contains(&"café.txt".to_string()), "read again");
    assert!(!names(&b).contains(&"bravo".to_string()));
}

#[test]
fn a_start_folder_that_is_gone_falls_back_to_its_nearest_parent() {
    let t = tree();
    let b = FileBrowser::new(
        DialogPurpose::Open,
        &t.path().join("Älter 📁/deleted/deeper"),
        Vec::new(),
    );
    assert_eq!(b.dir(), t.path().join("Älter 📁"));
    assert!(b.error().expect("why").contains("deleted"));
}

#[test]
fn saving_names_a_file_and_asks_before_replacing_one() {
    let t = tree();
    let proposed = t.path().join("Älter 📁").join("née.review.json");
    let mut b = FileBrowser::new(DialogPurpose::SaveReview, &proposed, Vec::new());
    assert_eq!(b.mode(), BrowseMode::Save);
    assert_eq!(b.dir(), t.path().join("Älter 📁"));
    assert_eq!(b.name(), "née.review.json");
    assert_eq!(b.target(), Some(proposed.clone()));
    // A new file is chosen at once.
    assert_eq!(
        b.apply(BrowseCommand::Choose),
        BrowseOutcome::Chosen(proposed)
    );

    // Over an existing file: asked first; "keep it" stays, "replace" chooses.
    let mut b = FileBrowser::new(
        DialogPurpose::SaveReview,
        &t.path().join("x.json"),
        Vec::new(),
    );
    b.apply(BrowseCommand::Name("zeta.review.json".into()));
    let existing = t.path().join("zeta.review.json");
    assert_eq!(b.apply(BrowseCommand::Enter), BrowseOutcome::Stay);
    assert_eq!(b.overwrite_question(), Some(existing.as_path()));
    assert_eq!(
        b.apply(BrowseCommand::Overwrite(false)),
        BrowseOutcome::Stay
    );
    assert_eq!(b.overwrite_question(), None);
    b.apply(BrowseCommand::Choose);
    assert_eq!(
        b.apply(BrowseCommand::Overwrite(true)),
        BrowseOutcome::Chosen(existing.clone())
    );

    // Highlighting a file proposes its name; a folder's name goes into the folder.
    let mut b = FileBrowser::new(
        DialogPurpose::SaveReview,
        &t.path().join("x.json"),
        Vec::new(),
    );
    b.apply(BrowseCommand::Highlight(index_of(&b, "zeta.review.json")));
    assert_eq!(b.name(), "zeta.review.json");
    b.apply(BrowseCommand::Name("bravo".into()));
    assert_eq!(b.apply(BrowseCommand::Choose), BrowseOutcome::Stay);
    assert_eq!(b.dir(), t.path().join("bravo"));
    assert_eq!(b.name(), "");
    assert_eq!(b.target(), None);
    assert_eq!(b.apply(BrowseCommand::Choose), BrowseOutcome::Stay);
    assert!(b.error().expect("why").contains("file name"));
    // A name in a folder that does not exist.
    b.apply(BrowseCommand::Typed("nowhere/out.json".into()));
    let error = b.error().expect("why");
    assert!(
        error.contains("nowhere") && error.contains("does not exist"),
        "{error}"
    );
    // A typed path to a new file in another folder.
    assert_eq!(
        b.apply(BrowseCommand::Typed(format!(
            "{}/Émoji 🎉.json",
            t.path().display()
        ))),
        BrowseOutcome::Chosen(t.path().join("Émoji 🎉.json"))
    );
}

#[test]
fn choosing_a_folder_lists_folders_only() {
    let t = tree();
    let mut b = FileBrowser::new(DialogPurpose::OpenFolder, t.path(), Vec::new());
    assert_eq!(b.mode(), BrowseMode::Folder);
    assert_eq!(names(&b), ["bravo", "Älter 📁"]);
    // Nothing highlighted: this folder.
    assert_eq!(b.target(), Some(t.path().to_path_buf()));
    b.apply(BrowseCommand::Move(-1));
    assert_eq!(b.target(), Some(t.path().join("Älter 📁")));
    assert_eq!(
        b.apply(BrowseCommand::Choose),
        BrowseOutcome::Chosen(t.path().join("Älter 📁"))
    );
    b.apply(BrowseCommand::Typed("café.txt".into()));
    assert!(b.error().expect("why").contains("not a folder"));
    assert_eq!(
        b.apply(BrowseCommand::Typed("new 🎉".into())),
        BrowseOutcome::Stay,
        "a folder to open must exist"
    );

    // The queue's output folder may be new: it is created once chosen.
    let mut b = FileBrowser::new(DialogPurpose::OutputFolder, t.path(), Vec::new());
    assert_eq!(
        b.apply(BrowseCommand::Typed("reviews 🎉".into())),
        BrowseOutcome::Chosen(t.path().join("reviews 🎉"))
    );
    assert_eq!(
        b.apply(BrowseCommand::Typed("no/such/reviews".into())),
        BrowseOutcome::Stay
    );
}

#[test]
fn places_are_home_the_articles_and_queues_folders_and_recent_ones_each_once() {
    let t = tree();
    let root = t.path();
    let recent = vec![
        root.join("café.txt"),
        root.join("Älter 📁/née.txt"),
        root.join("bravo"),
        root.join("deleted/gone.txt"),
    ];
    let p = places(
        Some(&root.join("bravo")),
        Some(root),
        Some(&root.join("Älter 📁")),
        &recent,
    );
    let got: Vec<(&str, PathBuf, PlaceKind)> = p
        .iter()
        .map(|p| (p.label.as_str(), p.path.clone(), p.kind))
        .collect();
    assert_eq!(
        got,
        vec![
            ("Home", root.join("bravo"), PlaceKind::Home),
            (
                "This article's folder",
                root.to_path_buf(),
                PlaceKind::Article
            ),
            (
                "The queue's folder",
                root.join("Älter 📁"),
                PlaceKind::Queue
            ),
            ("File system", PathBuf::from("/"), PlaceKind::Root),
        ]
    );
    let p = places(None, None, None, &recent);
    assert_eq!(p[0].kind, PlaceKind::Recent);
    assert_eq!(p[0].path, root);
    assert_eq!(p[1].label, "Älter 📁");
}

// ----- the controller, where no system dialog exists -----

struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    fn new() -> Setup {
        Setup { dir: tree() }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn controller(&self) -> Controller {
        Controller::new(Options {
            dialogs: Arc::new(FixedDialogs::unavailable()),
            extractor: extractor(),
            file: None,
            background_io: false,
            prefs: Prefs::default(),
            recovery: None,
        })
    }
}

fn browser(c: &Controller) -> &FileBrowser {
    match c.question() {
        Some(Question::Browse { browser, .. }) => browser,
        other => panic!("expected the file browser, got {other:?}"),
    }
}

fn browse(c: &mut Controller, cmd: BrowseCommand) {
    c.apply(Command::Browse(cmd));
}

/// Opens `café.txt` through the browser: Ctrl+O, go to the folder, highlight, Enter.
fn open_cafe(s: &Setup, c: &mut Controller) {
    c.apply(Command::Request(Action::OpenDialog));
    assert_eq!(browser(c).purpose(), DialogPurpose::Open);
    browse(c, BrowseCommand::GoTo(s.dir.path().to_path_buf()));
    let cafe = index_of(browser(c), "café.txt");
    browse(c, BrowseCommand::Highlight(cafe));
    browse(c, BrowseCommand::Enter);
    assert!(c.question().is_none(), "the browser closed");
    assert_eq!(c.document().expect("opened").text, ARTICLE);
}

#[test]
fn open_and_the_first_save_go_through_the_browser() {
    let s = Setup::new();
    let mut c = s.controller();
    open_cafe(&s, &mut c);
    // The article's folder is a place now, and the first save proposes ARTICLE.review.json.
    let (start, end) = (0, 10);
    c.apply(Command::SelectText(Some((start, end))));
    c.apply(Command::AddQuoteFromSelection);
    assert!(c.is_dirty());
    c.apply(Command::Save);
    let b = browser(&c);
    assert_eq!(b.dir(), s.dir.path());
    assert_eq!(b.name(), "café.review.json");
    assert!(
        b.places()
            .iter()
            .any(|p| p.kind == PlaceKind::Article && p.path == s.dir.path())
    );
    browse(&mut c, BrowseCommand::Choose);
    assert!(c.question().is_none());
    assert!(!c.is_dirty());
    assert!(s.path("café.review.json").is_file());
}

#[test]
fn save_as_over_an_existing_file_asks_and_cancel_changes_nothing() {
    let s = Setup::new();
    let mut c = s.controller();
    open_cafe(&s, &mut c);
    c.apply(Command::SelectText(Some((0, 10))));
    c.apply(Command::AddQuoteFromSelection);
    let quotes = c.document().unwrap().quotes.len();

    // Esc (cancel) leaves the document, its unsaved changes and the disk as they were.
    c.apply(Command::SaveAs);
    browse(&mut c, BrowseCommand::Cancel);
    assert!(c.question().is_none());
    assert!(c.is_dirty());
    assert_eq!(c.document().unwrap().quotes.len(), quotes);
    assert_eq!(
        std::fs::read_to_string(s.path("zeta.review.json")).unwrap(),
        "{}"
    );

    // Over an existing file: the question first; "keep it" writes nothing.
    c.apply(Command::SaveAs);
    browse(&mut c, BrowseCommand::Name("zeta.review.json".into()));
    browse(&mut c, BrowseCommand::Enter);
    assert!(browser(&c).overwrite_question().is_some());
    browse(&mut c, BrowseCommand::Overwrite(false));
    assert_eq!(
        std::fs::read_to_string(s.path("zeta.review.json")).unwrap(),
        "{}"
    );
    assert!(c.is_dirty());
    // Replace: written, and the old file kept as its backup.
    browse(&mut c, BrowseCommand::Choose);
    browse(&mut c, BrowseCommand::Overwrite(true));
    assert!(c.question().is_none());
    assert!(!c.is_dirty());
    let saved = std::fs::read_to_string(s.path("zeta.review.json")).unwrap();
    assert!(saved.contains("\"format\": \"article-review\""), "{saved}");
}

#[test]
fn csv_export_and_a_failed_save_keep_the_work() {
    let s = Setup::new();
    let mut c = s.controller();
    open_cafe(&s, &mut c);
    c.apply(Command::ExportCsv);
    let b = browser(&c);
    assert_eq!(b.name(), "café.quotes.csv");
    assert_eq!(b.filters()[0].extensions, ["csv"]);
    browse(&mut c, BrowseCommand::Choose);
    let csv = std::fs::read_to_string(s.path("café.quotes.csv")).expect("exported");
    assert!(csv.contains("We need more staff"), "{csv}");

    // A save into a folder that vanished after it was shown: an error banner, work kept.
    c.apply(Command::SelectText(Some((0, 10))));
    c.apply(Command::AddQuoteFromSelection);
    c.apply(Command::SaveAs);
    browse(&mut c, BrowseCommand::GoTo(s.path("bravo")));
    std::fs::remove_dir(s.path("bravo")).unwrap();
    browse(&mut c, BrowseCommand::Name("lost.review.json".into()));
    browse(&mut c, BrowseCommand::Choose);
    assert!(c.question().is_none());
    let banner = c.banner().expect("a banner");
    assert!(
        banner.error && banner.text.contains("lost.review.json"),
        "{banner:?}"
    );
    assert!(c.is_dirty());
}

#[test]
fn a_folder_opens_as_the_queue_and_its_quotes_export_through_the_browser() {
    let s = Setup::new();
    let mut c = s.controller();
    c.set_pre_extraction_threads(0);
    c.apply(Command::Queue(QueueCommand::OpenFolderDialog));
    assert_eq!(browser(&c).mode(), BrowseMode::Folder);
    browse(&mut c, BrowseCommand::GoTo(s.dir.path().to_path_buf()));
    browse(&mut c, BrowseCommand::Choose);
    let room = c.queue().expect("the queue opened");
    assert_eq!(room.queue().root(), s.dir.path());

    c.apply(Command::Queue(QueueCommand::ExportCorpus));
    let b = browser(&c);
    assert!(
        b.places()
            .iter()
            .any(|p| p.kind == PlaceKind::Queue && p.path == s.dir.path())
    );
    browse(&mut c, BrowseCommand::Name("all quotes 🎉.jsonl".into()));
    browse(&mut c, BrowseCommand::Choose);
    assert!(c.question().is_none());
    assert!(s.path("all quotes 🎉.jsonl").is_file(), "{:?}", c.banner());
}

#[test]
fn the_preference_uses_the_browser_even_where_a_system_dialog_exists() {
    let s = Setup::new();
    let dialogs = FixedDialogs::new(vec![Some(s.path("café.txt"))]);
    let mut c = Controller::new(Options {
        dialogs: Arc::new(dialogs.clone()),
        extractor: extractor(),
        file: None,
        background_io: false,
        prefs: Prefs {
            window_file_browser: true,
            ..Prefs::default()
        },
        recovery: None,
    });
    c.apply(Command::Request(Action::OpenDialog));
    assert_eq!(browser(&c).mode(), BrowseMode::Open);
    browse(&mut c, BrowseCommand::Cancel);
    assert!(c.document().is_none());
    // Turned off (and remembered as off): the system dialog answers again.
    c.apply(Command::WindowFileBrowser(false));
    assert!(!c.prefs().window_file_browser);
    c.apply(Command::Request(Action::OpenDialog));
    assert!(c.question().is_none());
    assert_eq!(c.document().expect("opened").text, ARTICLE);
}
