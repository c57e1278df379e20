//! Issue 12's window parts driven with egui_kittest: File > Compare with..., the disagreement
//! list, the Alt keys, Ctrl+Z and saving the result; File > Import... and File > Export as.

#![cfg(feature = "gui")]

#[path = "fixtures/two_reviewers.rs"]
mod two_reviewers;

use std::path::PathBuf;
use std::sync::Arc;

use article_review::compare::adjudicate::Choice;
use article_review::document::model::Document;
use article_review::document::save::save_document;
use article_review::extract::Extractor;
use article_review::review::{FixedDialogs, Options, Prefs};
use article_review::ui::app::ReviewApp;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use two_reviewers::{reviews_a, reviews_b};

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

    fn write(&self, name: &str, doc: &Document) -> PathBuf {
        let path = self.path(name);
        save_document(&path, doc).expect("write review");
        path
    }

    fn harness(&self) -> Harness<'static, ReviewApp> {
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
                    recovery: None,
                })
            })
    }

    /// A window with Alice's review open, compared with Bob's through File > Compare with...
    fn comparing(&self) -> Harness<'static, ReviewApp> {
        let a = self.write("alice.review.json", &reviews_a(true).0);
        let b = self.write("bob.review.json", &reviews_b(true).0);
        let mut h = self.harness();
        h.run();
        self.dialogs.push(Some(a));
        file_menu(&mut h, "Open... Ctrl+O");
        self.dialogs.push(Some(b));
        file_menu(&mut h, "Compare with... Ctrl+Shift+D");
        assert!(h.state().review.adjudication().is_some(), "comparing");
        h
    }
}

fn file_menu(h: &mut Harness<'static, ReviewApp>, item: &str) {
    h.get_by_role_and_label(Role::Button, "File").click();
    h.run();
    h.get_by_label(item).click();
    h.run();
}

fn choices(h: &Harness<'static, ReviewApp>) -> Vec<Option<Choice>> {
    let a = h.state().review.adjudication().expect("adjudicating");
    (0..a.disagreements().len()).map(|i| a.choice(i)).collect()
}

fn current(h: &Harness<'static, ReviewApp>) -> Option<usize> {
    h.state().review.adjudication().and_then(|a| a.current())
}

fn speaker_of(h: &Harness<'static, ReviewApp>, content: &str) -> Option<String> {
    let d = h.state().review.document().expect("open");
    let q = d.quotes.iter().find(|q| q.text == content).expect("quote");
    q.speaker
        .as_ref()
        .map(|id| d.entity(id).unwrap().name.clone())
}

#[test]
fn the_panel_lists_each_disagreement_with_both_answers() {
    let s = Setup::new();
    let h = s.comparing();
    h.get_by_label("Adjudication");
    h.get_by_label("A: alice.review.json");
    h.get_by_label("B: bob.review.json");
    h.get_by_label("0 of 4 settled");
    // B's answers (A's names and the quotes are also in the quote table): the speakers as B
    // spelled them, the rejection, the kind.
    h.get_by_label("Karel  Novák");
    h.get_by_label("Zoë Berg.");
    h.get_by_label("rejected");
    h.get_by_label("indirect");
    for (what, rows) in [("speaker", 2), ("status", 1), ("kind", 1)] {
        assert_eq!(h.get_all_by_label(what).count(), rows, "{what}");
    }
    // The buttons carry the command table's keys.
    h.get_by_label("Take A (Alt+A)");
    h.get_by_label("Take B (Alt+B)");
    h.get_by_label("Next disagreement (Alt+N)");
}

#[test]
fn keys_take_b_take_a_next_and_ctrl_z() {
    let s = Setup::new();
    let mut h = s.comparing();
    h.key_press_modifiers(Modifiers::ALT, Key::B);
    h.run();
    assert_eq!(choices(&h)[0], Some(Choice::TookB));
    assert_eq!(
        speaker_of(&h, "the tram is ready").as_deref(),
        Some("Karel Novák")
    );
    assert_eq!(current(&h), Some(1));
    h.get_by_label("1 of 4 settled");
    h.get_by_label("took B");

    h.key_press_modifiers(Modifiers::ALT, Key::A);
    h.run();
    assert_eq!(choices(&h)[1], Some(Choice::TookA));

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(choices(&h)[1], None, "Ctrl+Z undid take A");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(choices(&h)[0], None, "and then take B");
    assert_eq!(
        speaker_of(&h, "the tram is ready").as_deref(),
        Some("Ana López")
    );

    // Alt+N and Alt+A are not also N (no speaker) and A (add quote).
    let quotes = h.state().review.document().unwrap().quotes.clone();
    h.key_press_modifiers(Modifiers::ALT, Key::N);
    h.run();
    assert_eq!(h.state().review.document().unwrap().quotes, quotes);
    let after_next = current(&h);
    h.key_press_modifiers(Modifiers::ALT, Key::P);
    h.run();
    assert_ne!(current(&h), after_next, "Alt+P goes back");
}

#[test]
fn clicking_a_row_and_the_buttons_settle_it_and_save_proposes_a_new_file() {
    let s = Setup::new();
    let mut h = s.comparing();
    // The list is drawn before the quote table, so its row comes first.
    h.get_all_by_label("we open Monday").next().unwrap().click();
    h.run();
    assert_eq!(current(&h), Some(3));
    h.get_by_label("Take B (Alt+B)").click();
    h.run();
    assert_eq!(choices(&h)[3], Some(Choice::TookB));
    // Edit: selects the quote; a speaker pick then settles the disagreement.
    h.get_all_by_label("the tram is ready")
        .next()
        .unwrap()
        .click();
    h.run();
    h.get_by_label("Edit (Alt+E)").click();
    h.run();
    assert_eq!(h.state().review.adjudication().unwrap().editing(), Some(0));
    h.key_press(Key::N);
    h.run();
    assert_eq!(choices(&h)[0], Some(Choice::Edited));
    h.get_by_label("edited");

    let proposed = s.path("alice.adjudicated.review.json");
    s.dialogs.push(Some(proposed.clone()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert_eq!(s.dialogs.proposed().last(), Some(&proposed));
    let saved: Document =
        serde_json::from_str(&std::fs::read_to_string(&proposed).expect("saved")).unwrap();
    let sources = saved.adjudication.clone().expect("adjudication");
    assert_eq!(
        (sources.a.file.as_str(), sources.b.file.as_str()),
        ("alice.review.json", "bob.review.json")
    );
    assert!(!h.state().review.is_dirty());

    h.get_by_label("End adjudication").click();
    h.run();
    assert!(h.state().review.adjudication().is_none());
    assert!(h.query_by_label("0 of 4 settled").is_none());
}

#[test]
fn a_review_of_another_text_is_refused_with_a_banner() {
    let s = Setup::new();
    let a = s.write("alice.review.json", &reviews_a(true).0);
    let other = s.write("bob-two.review.json", &reviews_b(true).1);
    let mut h = s.harness();
    h.run();
    s.dialogs.push(Some(a));
    file_menu(&mut h, "Open... Ctrl+O");
    s.dialogs.push(Some(other));
    file_menu(&mut h, "Compare with... Ctrl+Shift+D");
    assert!(h.state().review.adjudication().is_none());
    let banner = h.state().review.banner().expect("banner").text.clone();
    assert!(banner.starts_with("Cannot compare"), "{banner}");
    h.get_by_label(&banner);
    assert!(h.query_by_label("Take A (Alt+A)").is_none(), "no panel");
}

#[test]
fn file_import_opens_a_brat_pair_and_export_as_writes_doccano() {
    let s = Setup::new();
    let text = "Mayor Ana López said “the tram is ready” on Monday.\n";
    std::fs::write(s.path("tram.txt"), text).unwrap();
    std::fs::write(
        s.path("tram.ann"),
        "T1\tSource 6 15\tAna López\nT2\tCue 16 20\tsaid\nT3\tContent 22 39\tthe tram is ready\n\
         T4\tAttribution 16 20\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n",
    )
    .unwrap();
    let mut h = s.harness();
    h.run();
    s.dialogs.push(Some(s.path("tram.ann")));
    file_menu(&mut h, "Import... Ctrl+I");
    let d = h.state().review.document().expect("imported");
    assert_eq!(d.text, text);
    assert_eq!(d.quotes.len(), 1);
    let banner = h.state().review.banner().unwrap().text.clone();
    assert!(banner.starts_with("Imported"), "{banner}");
    h.get_by_label(&banner);

    let out = s.path("tram.jsonl");
    s.dialogs.push(Some(out.clone()));
    h.get_by_role_and_label(Role::Button, "File").click();
    h.run();
    h.get_by_label("Export as").hover();
    h.run();
    h.get_by_label("doccano JSONL...").click();
    h.run();
    let written = std::fs::read_to_string(&out).expect("exported");
    assert!(
        written.contains("the tram is ready") || written.contains("tram"),
        "{written}"
    );
    let banner = h.state().review.banner().unwrap().text.clone();
    assert_eq!(banner, format!("Exported as doccano to {}", out.display()));
    h.get_by_label(&banner);
}

#[test]
fn a_bad_import_shows_a_banner_naming_the_file_and_line() {
    let s = Setup::new();
    let bad = s.path("bad.jsonl");
    std::fs::write(&bad, "{\"text\": \"ab\", \"label\": []}\n{\"text\": 3}\n").unwrap();
    let mut h = s.harness();
    h.run();
    s.dialogs.push(Some(bad));
    file_menu(&mut h, "Import... Ctrl+I");
    assert!(h.state().review.document().is_none());
    let banner = h.state().review.banner().expect("banner").text.clone();
    assert!(banner.contains("bad.jsonl: line 2"), "{banner}");
    h.get_by_label(&banner);
}

#[test]
fn the_queue_is_compared_with_a_second_reviewers_folder_from_the_file_menu() {
    let s = Setup::new();
    let (a_dir, b_dir) = (s.path("alice"), s.path("bob"));
    std::fs::create_dir_all(&a_dir).unwrap();
    std::fs::create_dir_all(&b_dir).unwrap();
    let one = reviews_a(true).0;
    std::fs::write(a_dir.join("one.txt"), &one.text).unwrap();
    save_document(&a_dir.join("one.review.json"), &one).unwrap();
    save_document(&b_dir.join("bob.json"), &reviews_b(true).0).unwrap();
    let mut h = s.harness();
    h.run();
    h.state_mut().review.set_pre_extraction_threads(0);
    h.state_mut()
        .review
        .apply(article_review::review::QueueCommand::OpenFolder(a_dir.clone()).into());
    h.run();
    s.dialogs.push(Some(b_dir.clone()));
    h.get_by_role_and_label(Role::Button, "Queue").click();
    h.run();
    h.get_by_label("Compare queue with folder... Ctrl+Alt+D")
        .click();
    h.run();
    h.state_mut()
        .review
        .apply(article_review::review::QueueCommand::OpenItem(0).into());
    h.run();
    let a = h
        .state()
        .review
        .adjudication()
        .expect("compared on opening");
    assert_eq!(a.b_path(), b_dir.join("bob.json"));
    h.get_by_label("0 of 4 settled");
    h.get_by_label(&format!(
        "each queue article is compared with its review in {}",
        b_dir.display()
    ));
}
