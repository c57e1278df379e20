//! Adjudication in the review controller, with no window: File > Compare with... on an open
//! review, take A / take B / edit with undo, next disagreement, and saving the result as a new
//! file that records both sources.

#[path = "fixtures/two_reviewers.rs"]
mod two_reviewers;

#[path = "fixtures/common.rs"]
mod common;
use common::extractor;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use article_review::compare::DisagreementType;
use article_review::compare::adjudicate::{Choice, Side};
use article_review::document::load::sha256_hex;
use article_review::document::model::{Document, QuoteKind, QuoteStatus};
use article_review::document::save::save_document;
use article_review::edit::Edit;
use article_review::review::{
    Action, AdjudicationCommand, Command, Controller, FixedDialogs, Options, Prefs, Question,
    QueueCommand,
};
use two_reviewers::{ARTICLE_ONE, reviews_a, reviews_b};

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

    /// Alice's and Bob's reviews of article one (four disagreements) on disk.
    fn article_one(&self) -> (PathBuf, PathBuf) {
        (
            self.write("alice.review.json", &reviews_a(true).0),
            self.write("bob.review.json", &reviews_b(true).0),
        )
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

    /// A controller with `a` open, comparing with `b` through File > Compare with...
    fn comparing(&self, a: &Path, b: &Path) -> Controller {
        let mut c = self.controller();
        self.dialogs.push(Some(a.to_path_buf()));
        c.apply(Command::Request(Action::OpenDialog));
        assert!(c.document().is_some(), "A opened");
        self.dialogs.push(Some(b.to_path_buf()));
        c.apply(Command::Request(Action::CompareDialog));
        c
    }
}

fn adj(cmd: AdjudicationCommand) -> Command {
    Command::Adjudication(cmd)
}

fn take(side: Side) -> Command {
    adj(AdjudicationCommand::Take { index: None, side })
}

fn doc(c: &Controller) -> &Document {
    c.document().expect("a document is open")
}

fn speaker_name(c: &Controller, content: &str) -> Option<String> {
    let d = doc(c);
    let q = d.quotes.iter().find(|q| q.text == content).expect("quote");
    q.speaker
        .as_ref()
        .map(|id| d.entity(id).expect("entity").name.clone())
}

fn choices(c: &Controller) -> Vec<Option<Choice>> {
    let a = c.adjudication().expect("adjudicating");
    (0..a.disagreements().len()).map(|i| a.choice(i)).collect()
}

#[test]
fn compare_with_lists_the_disagreements_and_selects_the_first() {
    let s = Setup::new();
    let (a, b) = s.article_one();
    let c = s.comparing(&a, &b);
    let adjudicating = c.adjudication().expect("adjudicating");
    let kinds: Vec<DisagreementType> = adjudicating
        .disagreements()
        .iter()
        .map(|d| d.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            DisagreementType::Speaker,
            DisagreementType::Speaker,
            DisagreementType::Status,
            DisagreementType::Kind
        ]
    );
    assert_eq!(adjudicating.a_path(), a);
    assert_eq!(adjudicating.b_path(), b);
    assert_eq!(adjudicating.current(), Some(0));
    let first = &adjudicating.disagreements()[0];
    assert_eq!(first.text, "the tram is ready");
    assert_eq!(first.a.as_deref(), Some("Ana López"));
    assert_eq!(first.b.as_deref(), Some("Karel  Novák"));
    assert_eq!(c.selected_quote(), first.quote_a.as_deref());
    // The result is a new, unsaved document that records both sources.
    assert!(c.is_dirty());
    let sources = doc(&c).adjudication.as_ref().expect("adjudication field");
    assert_eq!(sources.a.file, "alice.review.json");
    assert_eq!(sources.b.file, "bob.review.json");
    assert!(c.open_doc().unwrap().review_path.is_none());
    assert!(c.banner().unwrap().text.contains("4 disagreements"));
}

#[test]
fn take_a_and_take_b_are_each_one_undoable_step() {
    let s = Setup::new();
    let (a, b) = s.article_one();
    let mut c = s.comparing(&a, &b);

    c.apply(take(Side::B));
    assert_eq!(
        speaker_name(&c, "the tram is ready").as_deref(),
        Some("Karel Novák")
    );
    assert_eq!(c.adjudication().unwrap().current(), Some(1), "moved on");
    // Taking A changes nothing in the document (the result started as A) but settles it.
    let before = doc(&c).quotes.clone();
    c.apply(take(Side::A));
    assert_eq!(doc(&c).quotes, before);
    c.apply(take(Side::B));
    let fares = doc(&c)
        .quotes
        .iter()
        .find(|q| q.text == "fares stay low 🚋")
        .unwrap();
    assert_eq!(fares.status, QuoteStatus::Rejected);
    assert_eq!(
        choices(&c),
        [
            Some(Choice::TookB),
            Some(Choice::TookA),
            Some(Choice::TookB),
            None
        ]
    );

    c.apply(Command::Undo);
    assert_eq!(choices(&c)[2], None);
    assert_ne!(
        doc(&c)
            .quotes
            .iter()
            .find(|q| q.text == "fares stay low 🚋")
            .unwrap()
            .status,
        QuoteStatus::Rejected
    );
    // The take A step is undone on its own even though it changed nothing.
    assert!(c.can_undo());
    c.apply(Command::Undo);
    assert_eq!(choices(&c), [Some(Choice::TookB), None, None, None]);
    assert_eq!(doc(&c).quotes, before);
    c.apply(Command::Undo);
    assert_eq!(choices(&c), [None, None, None, None]);
    assert_eq!(
        speaker_name(&c, "the tram is ready").as_deref(),
        Some("Ana López")
    );
    assert!(!c.can_undo());
    c.apply(Command::Redo);
    c.apply(Command::Redo);
    assert_eq!(
        choices(&c),
        [Some(Choice::TookB), Some(Choice::TookA), None, None]
    );
    assert_eq!(
        speaker_name(&c, "the tram is ready").as_deref(),
        Some("Karel Novák")
    );
}

#[test]
fn next_and_previous_go_round_the_open_disagreements() {
    let s = Setup::new();
    let (a, b) = s.article_one();
    let mut c = s.comparing(&a, &b);
    let current = |c: &Controller| c.adjudication().unwrap().current();
    c.apply(adj(AdjudicationCommand::Previous));
    assert_eq!(current(&c), Some(3), "wraps to the last");
    c.apply(adj(AdjudicationCommand::Next));
    assert_eq!(current(&c), Some(0));
    c.apply(adj(AdjudicationCommand::Take {
        index: Some(1),
        side: Side::A,
    }));
    c.apply(adj(AdjudicationCommand::Select(0)));
    c.apply(adj(AdjudicationCommand::Next));
    assert_eq!(current(&c), Some(2), "skips the settled one");
    let quote = c.adjudication().unwrap().disagreements()[2].quote_a.clone();
    assert_eq!(c.selected_quote(), quote.as_deref());
    // Once everything is settled, Next still walks the list and the banner says what is left.
    for side in [Side::A, Side::B, Side::B] {
        c.apply(take(side));
    }
    assert_eq!(c.adjudication().unwrap().settlement().open_count(), 0);
    assert!(
        c.banner()
            .unwrap()
            .text
            .contains("Every disagreement is settled")
    );
    let at = current(&c).unwrap();
    c.apply(adj(AdjudicationCommand::Next));
    assert_eq!(current(&c), Some((at + 1) % 4));
}

#[test]
fn editing_the_quote_settles_its_disagreement_and_undo_reopens_it() {
    let s = Setup::new();
    let (a, b) = s.article_one();
    let mut c = s.comparing(&a, &b);
    // An edit to another quote settles nothing.
    let other = doc(&c)
        .quotes
        .iter()
        .find(|q| q.text == "the line is safe")
        .unwrap()
        .id
        .clone();
    c.apply(adj(AdjudicationCommand::Edit(Some(3))));
    assert_eq!(c.adjudication().unwrap().editing(), Some(3));
    c.apply(Command::Edit(Edit::SetKind {
        quote: other,
        kind: QuoteKind::Mixed,
    }));
    assert_eq!(choices(&c)[3], None);
    // The kind disagreement's quote, given a kind neither reviewer chose.
    let quote = c
        .selected_quote()
        .expect("its quote is selected")
        .to_string();
    c.apply(Command::Edit(Edit::SetKind {
        quote: quote.clone(),
        kind: QuoteKind::Mixed,
    }));
    assert_eq!(choices(&c)[3], Some(Choice::Edited));
    assert_eq!(c.adjudication().unwrap().editing(), None);
    assert_eq!(doc(&c).quote(&quote).unwrap().kind, QuoteKind::Mixed);
    c.apply(Command::Undo);
    assert_eq!(choices(&c)[3], None);
    assert_eq!(doc(&c).quote(&quote).unwrap().kind, QuoteKind::Direct);
    // The window's own keys (here N, no speaker) edit the result too, as steps of the history.
    c.apply(adj(AdjudicationCommand::Edit(Some(0))));
    c.apply(Command::NoSpeaker);
    assert_eq!(choices(&c)[0], Some(Choice::Edited));
    assert_eq!(speaker_name(&c, "the tram is ready"), None);
    c.apply(Command::Undo);
    assert_eq!(choices(&c)[0], None);
    assert_eq!(
        speaker_name(&c, "the tram is ready").as_deref(),
        Some("Ana López")
    );
}

#[test]
fn taking_an_added_quote_adds_it_and_undo_removes_it() {
    let s = Setup::new();
    let a = s.write("alice-2.review.json", &reviews_a(true).1);
    let b = s.write("bob-2.review.json", &reviews_b(true).1);
    let mut c = s.comparing(&a, &b);
    let only_b = c
        .adjudication()
        .unwrap()
        .disagreements()
        .iter()
        .position(|d| d.kind == DisagreementType::OnlyB)
        .expect("B added a quote");
    let count = doc(&c).quotes.len();
    c.apply(adj(AdjudicationCommand::Select(only_b)));
    assert_eq!(
        c.selected_quote(),
        None,
        "the result has no quote there yet"
    );
    c.apply(take(Side::B));
    assert_eq!(doc(&c).quotes.len(), count + 1);
    assert!(doc(&c).quotes.iter().any(|q| q.text == "a waste"));
    c.apply(Command::Undo);
    assert_eq!(doc(&c).quotes.len(), count);
}

#[test]
fn the_result_is_saved_as_a_new_file_recording_both_sources() {
    let s = Setup::new();
    let (a, b) = s.article_one();
    let (a_bytes, b_bytes) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    let mut c = s.comparing(&a, &b);
    c.apply(take(Side::B));
    // Ctrl+S asks where, proposing a new name beside A.
    let proposed = s.path("alice.adjudicated.review.json");
    s.dialogs.push(Some(proposed.clone()));
    c.apply(Command::Save);
    assert_eq!(s.dialogs.proposed().last(), Some(&proposed));
    assert!(!c.is_dirty(), "{:?}", c.banner());
    let saved: Document =
        serde_json::from_str(&std::fs::read_to_string(&proposed).unwrap()).unwrap();
    let sources = saved.adjudication.clone().expect("adjudication field");
    assert_eq!(sources.a.file, "alice.review.json");
    assert_eq!(sources.a.sha256, sha256_hex(&a_bytes));
    assert_eq!(sources.b.file, "bob.review.json");
    assert_eq!(sources.b.sha256, sha256_hex(&b_bytes));
    let tram = saved
        .quotes
        .iter()
        .find(|q| q.text == "the tram is ready")
        .unwrap();
    let name = &saved.entity(tram.speaker.as_ref().unwrap()).unwrap().name;
    assert_eq!(name, "Karel Novák");
    assert_eq!(std::fs::read(&a).unwrap(), a_bytes, "A untouched");
    assert_eq!(std::fs::read(&b).unwrap(), b_bytes, "B untouched");
    // A second result proposes yet another name rather than the first result's.
    let mut again = s.comparing(&a, &b);
    again.apply(Command::SaveAs);
    assert_eq!(
        s.dialogs.proposed().last(),
        Some(&s.path("alice.adjudicated-2.review.json"))
    );
}

#[test]
fn saving_over_a_source_is_refused() {
    let s = Setup::new();
    let (a, b) = s.article_one();
    let (a_bytes, b_bytes) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    let mut c = s.comparing(&a, &b);
    c.apply(take(Side::B));
    for (source, letter) in [(&a, "review A"), (&b, "review B")] {
        s.dialogs.push(Some(source.clone()));
        c.apply(Command::SaveAs);
        let banner = c.banner().expect("refusal");
        assert!(banner.error && banner.text.contains(letter), "{banner:?}");
        assert!(c.is_dirty());
    }
    assert_eq!(std::fs::read(&a).unwrap(), a_bytes);
    assert_eq!(std::fs::read(&b).unwrap(), b_bytes);
}

#[test]
fn reviews_of_different_texts_are_refused_and_the_open_review_kept() {
    let s = Setup::new();
    let a = s.write("alice.review.json", &reviews_a(true).0);
    let other = s.write("bob-other-article.review.json", &reviews_b(true).1);
    let c = s.comparing(&a, &other);
    assert!(c.adjudication().is_none());
    let banner = c.banner().expect("refusal");
    assert!(banner.error, "{banner:?}");
    assert!(banner.text.contains("Cannot compare"), "{}", banner.text);
    assert!(
        banner.text.contains("bob-other-article.review.json"),
        "{}",
        banner.text
    );
    assert_eq!(doc(&c).text, ARTICLE_ONE);
    assert_eq!(
        c.open_doc().unwrap().review_path.as_deref(),
        Some(a.as_path())
    );
    assert!(doc(&c).adjudication.is_none());
}

#[test]
fn compare_needs_a_saved_review_and_asks_about_unsaved_changes() {
    let s = Setup::new();
    let (a, b) = s.article_one();
    // The sample article has no review file yet: nothing to record as A.
    let mut c = s.controller();
    c.apply(Command::Request(Action::OpenSample));
    c.apply(Command::Request(Action::CompareDialog));
    assert!(c.adjudication().is_none());
    assert!(c.banner().unwrap().text.contains("Save this review first"));
    // Unsaved changes to A: asked first, and saving them makes the saved file A.
    let mut c = s.controller();
    s.dialogs.push(Some(a.clone()));
    c.apply(Command::Request(Action::OpenDialog));
    let quote = doc(&c).quotes[0].id.clone();
    c.apply(Command::Edit(Edit::SetKind {
        quote,
        kind: QuoteKind::Mixed,
    }));
    c.apply(Command::Request(Action::CompareDialog));
    assert_eq!(
        c.question(),
        Some(&Question::Unsaved(Action::CompareDialog))
    );
    s.dialogs.push(Some(b.clone()));
    c.apply(Command::ResolveUnsaved { save: true });
    let adjudicating = c.adjudication().expect("compared after saving");
    assert_eq!(
        doc(&c).adjudication.as_ref().unwrap().a.sha256,
        sha256_hex(&std::fs::read(&a).unwrap())
    );
    // Saving changed A: "the tram is ready" is now mixed in A, direct in B.
    assert!(
        adjudicating
            .disagreements()
            .iter()
            .any(|d| d.kind == DisagreementType::Kind && d.text == "the tram is ready")
    );
}

#[test]
fn comparing_a_review_with_itself_is_refused() {
    let s = Setup::new();
    let (a, _) = s.article_one();
    let c = s.comparing(&a, &a);
    assert!(c.adjudication().is_none());
    assert!(c.banner().unwrap().text.contains("already open"));
}

#[test]
fn opening_another_file_ends_the_adjudication_and_end_keeps_the_result() {
    let s = Setup::new();
    let (a, b) = s.article_one();
    let mut c = s.comparing(&a, &b);
    c.apply(take(Side::B));
    c.apply(adj(AdjudicationCommand::End));
    assert!(c.adjudication().is_none());
    assert_eq!(
        speaker_name(&c, "the tram is ready").as_deref(),
        Some("Karel Novák")
    );
    assert!(
        doc(&c).adjudication.is_some(),
        "the result still names its sources"
    );
    // Keys of the adjudication do nothing now.
    let before = doc(&c).quotes.clone();
    c.apply(take(Side::A));
    assert_eq!(doc(&c).quotes, before);
    // A new comparison, then another file: the adjudication goes with the document.
    let mut c = s.comparing(&a, &b);
    c.apply(Command::Request(Action::OpenPath(a.clone())));
    c.apply(Command::ResolveUnsaved { save: false });
    assert!(c.adjudication().is_none());
    assert_eq!(
        c.open_doc().unwrap().review_path.as_deref(),
        Some(a.as_path())
    );
}

#[test]
fn a_queue_is_compared_with_a_second_reviewers_folder_article_by_article() {
    let s = Setup::new();
    let (a_dir, b_dir) = (s.path("alice"), s.path("bob"));
    std::fs::create_dir_all(&a_dir).unwrap();
    std::fs::create_dir_all(&b_dir).unwrap();
    let (one, two) = reviews_a(true);
    let (b_one, b_two) = reviews_b(true);
    std::fs::write(a_dir.join("one.txt"), &one.text).unwrap();
    std::fs::write(a_dir.join("two.txt"), &two.text).unwrap();
    save_document(&a_dir.join("one.review.json"), &one).unwrap();
    save_document(&a_dir.join("two.review.json"), &two).unwrap();
    // Bob named his files otherwise: they pair by the article's SHA-256.
    save_document(&b_dir.join("bob-first.json"), &b_one).unwrap();
    save_document(&b_dir.join("bob-second.json"), &b_two).unwrap();

    let mut c = s.controller();
    c.set_pre_extraction_threads(0);
    // Without a queue there is nothing to compare article by article.
    c.apply(adj(AdjudicationCommand::ChooseSecondFolder));
    assert!(
        c.banner()
            .unwrap()
            .text
            .contains("Open a folder as a queue first")
    );
    c.apply(QueueCommand::OpenFolder(a_dir.clone()).into());
    assert_eq!(c.queue().unwrap().queue().items().len(), 2);
    s.dialogs.push(Some(b_dir.clone()));
    c.apply(adj(AdjudicationCommand::ChooseSecondFolder));
    assert_eq!(c.second_folder().unwrap().dir(), b_dir);

    // Each article opened from the queue is compared with Bob's review of it.
    c.apply(QueueCommand::OpenItem(0).into());
    let a = c.adjudication().expect("compared on opening");
    assert_eq!(a.a_path(), a_dir.join("one.review.json"));
    assert_eq!(a.b_path(), b_dir.join("bob-first.json"));
    assert_eq!(a.disagreements().len(), 4);
    assert_eq!(
        c.queue().unwrap().current(),
        Some(0),
        "the result stands for article one"
    );
    c.apply(take(Side::B));

    // Next article: the unsaved result is asked about, then article two is compared.
    c.apply(QueueCommand::NextArticle.into());
    assert!(matches!(c.question(), Some(Question::Unsaved(_))));
    c.apply(Command::ResolveUnsaved { save: false });
    let a = c.adjudication().expect("article two compared");
    assert_eq!(a.b_path(), b_dir.join("bob-second.json"));
    assert_eq!(doc(&c).text, two.text);
    assert!(
        a.disagreements()
            .iter()
            .any(|d| d.kind == DisagreementType::OnlyB && d.text == "a waste")
    );
    assert_eq!(c.queue().unwrap().current(), Some(1));

    // An article Bob did not review: said so, and it opens as an ordinary review.
    std::fs::remove_file(b_dir.join("bob-first.json")).unwrap();
    s.dialogs.push(Some(b_dir.clone()));
    c.apply(adj(AdjudicationCommand::ChooseSecondFolder));
    c.apply(Command::Request(Action::OpenPath(
        a_dir.join("one.review.json"),
    )));
    c.apply(Command::ResolveUnsaved { save: false });
    assert!(c.adjudication().is_none());
    assert!(
        c.banner()
            .unwrap()
            .text
            .contains("No review of this article")
    );
    c.apply(adj(AdjudicationCommand::ForgetSecondFolder));
    assert!(c.second_folder().is_none());
}

#[test]
fn the_second_reviewers_folder_is_read_without_holding_up_the_window() {
    let s = Setup::new();
    let (a_dir, b_dir) = (s.path("alice"), s.path("bob"));
    std::fs::create_dir_all(&a_dir).unwrap();
    std::fs::create_dir_all(b_dir.join("batch-1")).unwrap();
    let one = reviews_a(true).0;
    std::fs::write(a_dir.join("one.txt"), &one.text).unwrap();
    save_document(&a_dir.join("one.review.json"), &one).unwrap();
    // In a sub-folder: the second reviewer's folder is searched recursively.
    save_document(&b_dir.join("batch-1/one.review.json"), &reviews_b(true).0).unwrap();
    let mut c = s.controller();
    c.set_pre_extraction_threads(0);
    c.apply(QueueCommand::OpenFolder(a_dir.clone()).into());
    c.apply(QueueCommand::OpenItem(0).into());
    c.set_background_io(true);
    s.dialogs.push(Some(b_dir.clone()));
    c.apply(adj(AdjudicationCommand::ChooseSecondFolder));
    assert!(c.is_busy(), "reading on a worker thread");
    assert!(
        c.banner()
            .unwrap()
            .text
            .starts_with("Reading the reviews in")
    );
    let started = std::time::Instant::now();
    while c.second_folder().is_none() && started.elapsed() < std::time::Duration::from_secs(30) {
        c.tick(std::time::Instant::now());
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert_eq!(c.second_folder().expect("read").len(), 1);
    assert!(!c.is_busy());
    // The open article was compared as soon as the folder was read.
    let a = c.adjudication().expect("compared");
    assert_eq!(a.b_path(), b_dir.join("batch-1/one.review.json"));
}
