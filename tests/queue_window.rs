//! The window's folder queue, driven through the review controller with no window: opening a
//! folder, moving between articles with the unsaved-changes guard, saving beside the article or
//! in an output folder, background pre-extraction, locks and the changed-on-disk check, and the
//! queue's statistics and export.

#[path = "fixtures/common.rs"]
mod common;
use common::extractor;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use article_review::corpus::lock::{LockHolder, StaleReason, lock_path};
use article_review::corpus::queue::{ItemStatus, SortKey, StatusClass};
use article_review::document::model::{Document, QuoteStatus};
use article_review::recovery::RecoveryStore;
use article_review::review::{
    Action, Chart, Command, Controller, FileAnswer, FileQuestion, FixedDialogs, Offer, Options,
    Prefs, Question, QueueCommand,
};

// Our own small articles: curly quotes, accents, an emoji, CRLF line ends.
const ALPHA: &str = "Lena Fischer, the harbour master, spoke on Tuesday.\n\n\
“The ships will come back,” Fischer said. She added that the port would reopen in May.\n";
const BRAVO: &str = "“We are not worried,” said Omar Haddad, the club’s coach.\r\n\r\n\
Haddad said the team had trained hard. 🏟️\r\n";
const CHARLIE: &str = "Zoë Martín, a nurse in Málaga, was blunt.\n\n\
“We need more staff before the winter,” Martín said.\n\n\
The hospital said it “is hiring as fast as it can.”\n";

struct Setup {
    dir: tempfile::TempDir,
    dialogs: FixedDialogs,
}

impl Setup {
    /// A folder `articles` with alpha.txt, bravo.txt and charlie.md.
    fn new() -> Setup {
        let s = Setup {
            dir: tempfile::tempdir().expect("temp dir"),
            dialogs: FixedDialogs::default(),
        };
        std::fs::create_dir_all(s.root()).unwrap();
        std::fs::write(s.root().join("alpha.txt"), ALPHA).unwrap();
        std::fs::write(s.root().join("bravo.txt"), BRAVO).unwrap();
        std::fs::write(s.root().join("charlie.md"), CHARLIE).unwrap();
        s
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("articles")
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn controller(&self, threads: usize) -> Controller {
        self.controller_with(threads, None, None)
    }

    fn controller_with(
        &self,
        threads: usize,
        recovery: Option<RecoveryStore>,
        file: Option<PathBuf>,
    ) -> Controller {
        // A folder given at start pre-extracts with the default threads; tests open folders
        // after setting theirs.
        let mut c = Controller::new(Options {
            dialogs: Arc::new(self.dialogs.clone()),
            extractor: extractor(),
            file,
            background_io: false,
            prefs: Prefs::default(),
            recovery,
        });
        c.set_pre_extraction_threads(threads);
        c
    }

    /// A controller with the folder open as the queue (no pre-extraction).
    fn queue(&self) -> Controller {
        let mut c = self.controller(0);
        c.apply(QueueCommand::OpenFolder(self.root()).into());
        assert!(c.queue().is_some(), "queue opened: {:?}", c.banner());
        c
    }
}

fn item_index(c: &Controller, name: &str) -> usize {
    c.queue()
        .unwrap()
        .queue()
        .items()
        .iter()
        .position(|i| i.name == name)
        .unwrap_or_else(|| panic!("no item {name}"))
}

fn open_item(c: &mut Controller, name: &str) {
    let index = item_index(c, name);
    c.apply(QueueCommand::OpenItem(index).into());
}

fn open_name(c: &Controller) -> String {
    c.open_doc().map(|d| d.name.clone()).unwrap_or_default()
}

fn status_of(c: &Controller, name: &str) -> Option<ItemStatus> {
    let index = item_index(c, name);
    c.queue().unwrap().queue().item(index).unwrap().status()
}

fn doc(c: &Controller) -> &Document {
    c.document().expect("a document is open")
}

fn on_disk(path: &Path) -> Document {
    serde_json::from_str(&std::fs::read_to_string(path).expect("file")).expect("JSON")
}

/// Confirms quotes until none is left unreviewed.
fn confirm_all(c: &mut Controller) {
    for _ in 0..doc(c).quotes.len() {
        c.apply(Command::ConfirmAndNext);
    }
}

/// Writes a review of `article` (extracted) with every quote confirmed.
fn write_done_review(article: &Path, review: &Path) {
    let mut d = article_review::open::open_path(article, &extractor()).expect("extract");
    assert!(!d.quotes.is_empty(), "the article has quotes");
    for q in &mut d.quotes {
        q.status = QuoteStatus::Confirmed;
    }
    article_review::document::save::save_document(review, &d).expect("write review");
}

// ----- opening a folder, items, saving -----

#[test]
fn a_folder_lists_its_articles_and_an_item_saves_beside_its_article() {
    let s = Setup::new();
    let mut c = s.queue();
    let names: Vec<String> = c
        .queue()
        .unwrap()
        .queue()
        .items()
        .iter()
        .map(|i| i.name.clone())
        .collect();
    assert_eq!(names, ["alpha.txt", "bravo.txt", "charlie.md"]);
    assert!(c.document().is_none(), "opening a folder opens no article");
    assert_eq!(status_of(&c, "alpha.txt"), Some(ItemStatus::New));

    // No review yet: the article is extracted, and Save writes ARTICLE.review.json beside it
    // without asking where.
    open_item(&mut c, "alpha.txt");
    assert_eq!(open_name(&c), "alpha.txt");
    assert_eq!(doc(&c).text, ALPHA);
    assert_eq!(
        c.queue().unwrap().current(),
        Some(item_index(&c, "alpha.txt"))
    );
    let review = s.root().join("alpha.review.json");
    assert_eq!(c.guarded_path(), Some(review.as_path()));
    let quotes = doc(&c).quotes.len();
    assert!(quotes >= 1);
    c.apply(Command::ConfirmAndNext);
    c.apply(Command::Save);
    assert!(
        s.dialogs.proposed().is_empty(),
        "no dialog: {:?}",
        c.banner()
    );
    assert!(!c.is_dirty());
    assert_eq!(on_disk(&review).reviewed_count(), 1);
    let expected = if quotes == 1 {
        ItemStatus::Done
    } else {
        ItemStatus::InProgress {
            reviewed: 1,
            total: quotes,
        }
    };
    assert_eq!(status_of(&c, "alpha.txt"), Some(expected));

    // With a review, the item opens its review file.
    open_item(&mut c, "bravo.txt");
    open_item(&mut c, "alpha.txt");
    assert_eq!(open_name(&c), "alpha.review.json");
    assert_eq!(doc(&c).reviewed_count(), 1);
}

#[test]
fn an_output_folder_chosen_once_holds_for_the_queue() {
    let s = Setup::new();
    let out = s.path("reviews");
    let mut c = s.queue();
    s.dialogs.push(Some(out.clone()));
    c.apply(QueueCommand::ChooseOutputFolder.into());
    assert_eq!(c.queue().unwrap().queue().output_dir(), Some(out.as_path()));
    open_item(&mut c, "bravo.txt");
    c.apply(Command::ConfirmAndNext);
    c.apply(Command::Save);
    assert!(out.join("bravo.review.json").is_file(), "{:?}", c.banner());
    assert!(!s.root().join("bravo.review.json").exists());
    drop(c);

    // Remembered in the queue's index: a new window saves there too, and finds the review.
    let mut c = s.queue();
    assert_eq!(c.queue().unwrap().queue().output_dir(), Some(out.as_path()));
    assert!(matches!(
        status_of(&c, "bravo.txt"),
        Some(ItemStatus::InProgress { .. } | ItemStatus::Done)
    ));
    open_item(&mut c, "charlie.md");
    c.apply(Command::ConfirmAndNext);
    c.apply(Command::Save);
    assert!(out.join("charlie.review.json").is_file());
    assert!(s.dialogs.proposed().is_empty());
}

#[test]
fn a_folder_given_at_start_or_dropped_opens_as_the_queue_and_keeps_the_open_article() {
    let s = Setup::new();
    let mut c = s.controller_with(0, None, Some(s.root()));
    assert_eq!(c.queue().unwrap().queue().items().len(), 3);
    assert!(c.document().is_none());
    c.apply(QueueCommand::CancelPreExtraction.into());
    assert!(c.wait_for_queue(Duration::from_secs(60)));
    drop(c);

    // An edited article stays open, unsaved, when a folder is dropped: nothing to ask.
    let other = s.path("other.txt");
    std::fs::write(&other, CHARLIE).unwrap();
    let mut c = s.controller(0);
    c.apply(Command::Request(Action::OpenPath(other)));
    c.apply(Command::ConfirmAndNext);
    assert!(c.is_dirty());
    c.apply(Command::Request(Action::OpenPath(s.root())));
    assert!(c.question().is_none());
    assert!(c.queue().is_some());
    assert_eq!(open_name(&c), "other.txt");
    assert!(c.is_dirty());
    assert_eq!(c.queue().unwrap().current(), None, "not a queue item");

    // A folder chosen in the Open Folder dialog; Open Recent lists it, and opens it again.
    let mut c = s.controller(0);
    s.dialogs.push(Some(s.root()));
    c.apply(QueueCommand::OpenFolderDialog.into());
    assert_eq!(c.queue().unwrap().queue().items().len(), 3);
    let recent = c.prefs().recent;
    assert_eq!(recent.first(), Some(&s.root()));
    c.apply(QueueCommand::CloseQueue.into());
    assert!(c.queue().is_none());
    c.apply(Command::Request(Action::OpenPath(recent[0].clone())));
    assert!(c.queue().is_some());
}

#[test]
fn next_previous_and_next_unfinished_follow_the_queue_order() {
    let s = Setup::new();
    write_done_review(
        &s.root().join("bravo.txt"),
        &s.root().join("bravo.review.json"),
    );
    let mut c = s.queue();
    c.apply(QueueCommand::NextArticle.into());
    assert_eq!(open_name(&c), "alpha.txt", "the first item");
    // Bravo is done: next unfinished skips it.
    c.apply(QueueCommand::NextUnfinished.into());
    assert_eq!(open_name(&c), "charlie.md");
    c.apply(QueueCommand::NextArticle.into());
    assert_eq!(open_name(&c), "charlie.md", "nothing after the last");
    assert!(c.banner().unwrap().text.contains("last article"));
    c.apply(QueueCommand::PreviousArticle.into());
    assert_eq!(open_name(&c), "bravo.review.json");
    // From bravo, the next unfinished is charlie, then round to alpha.
    c.apply(QueueCommand::NextUnfinished.into());
    assert_eq!(open_name(&c), "charlie.md");
    c.apply(QueueCommand::NextUnfinished.into());
    assert_eq!(open_name(&c), "alpha.txt", "wraps round to the start");

    // The order is the panel's: sorted by status, done comes last.
    c.apply(QueueCommand::SortBy(SortKey::Status).into());
    let view: Vec<String> = {
        let q = c.queue().unwrap().queue();
        q.view()
            .iter()
            .map(|&i| q.items()[i].name.clone())
            .collect()
    };
    assert_eq!(view.last().map(String::as_str), Some("bravo.txt"));
    c.apply(QueueCommand::FilterStatus(Some(StatusClass::Done)).into());
    assert_eq!(c.queue().unwrap().queue().view().len(), 1);
    c.apply(QueueCommand::FilterStatus(None).into());
    c.apply(QueueCommand::FilterName("CHAR".into()).into());
    assert_eq!(c.queue().unwrap().queue().view().len(), 1);
}

#[test]
fn the_guard_asks_between_articles_and_snapshots_cover_each_article() {
    let s = Setup::new();
    let store_dir = s.path("recovery");
    let store = || RecoveryStore::open(store_dir.clone()).expect("store");
    let mut c = s.controller_with(0, Some(store()), None);
    c.apply(QueueCommand::OpenFolder(s.root()).into());
    open_item(&mut c, "alpha.txt");
    c.apply(Command::ConfirmAndNext);
    let edited = Instant::now();
    c.tick(edited);
    c.tick(edited + Duration::from_secs(5));
    assert_eq!(store().scan().entries.len(), 1, "alpha snapshotted");

    c.apply(QueueCommand::NextArticle.into());
    assert_eq!(
        c.question(),
        Some(&Question::Unsaved(Action::OpenQueueItem(item_index(
            &c,
            "bravo.txt"
        ))))
    );
    c.apply(Command::DismissQuestion);
    assert_eq!(open_name(&c), "alpha.txt");
    assert!(c.is_dirty());

    // A crash now: a new window offers alpha's work back.
    let c2 = s.controller_with(0, Some(store()), None);
    let Some(Question::Recover(leftovers)) = c2.question() else {
        panic!("expected the recovery question, got {:?}", c2.question());
    };
    assert_eq!(leftovers.len(), 1);
    // The snapshot names the file its work is saved to: the queue's review file for alpha.
    assert_eq!(
        leftovers[0].file.as_deref(),
        Some(s.root().join("alpha.review.json").as_path())
    );
    drop(c2);

    // Discarding goes on to bravo and drops alpha's snapshot; bravo's edits get their own.
    c.apply(QueueCommand::NextArticle.into());
    c.apply(Command::ResolveUnsaved { save: false });
    assert_eq!(open_name(&c), "bravo.txt");
    assert!(store().scan().entries.is_empty());
    c.apply(Command::ConfirmAndNext);
    let edited = Instant::now();
    c.tick(edited);
    c.tick(edited + Duration::from_secs(5));
    let entries = store().scan().entries;
    assert_eq!(entries.len(), 1);
    assert_eq!(
        entries[0].file.as_deref(),
        Some(s.root().join("bravo.review.json").as_path())
    );

    // Saving from the guard writes bravo's review, then opens charlie.
    c.apply(QueueCommand::NextArticle.into());
    c.apply(Command::ResolveUnsaved { save: true });
    assert_eq!(open_name(&c), "charlie.md");
    assert_eq!(
        on_disk(&s.root().join("bravo.review.json")).reviewed_count(),
        1
    );
    assert!(store().scan().entries.is_empty());
}

#[test]
fn confirming_the_last_quote_offers_the_next_unfinished_article() {
    let s = Setup::new();
    let mut c = s.queue();
    open_item(&mut c, "charlie.md");
    assert!(c.queue().unwrap().offer().is_none());
    confirm_all(&mut c);
    assert_eq!(
        c.queue().unwrap().offer(),
        Some(&Offer::Next(item_index(&c, "alpha.txt"))),
        "wraps round to the first unfinished"
    );
    c.apply(QueueCommand::SaveAndNext.into());
    assert_eq!(open_name(&c), "alpha.txt");
    assert_eq!(status_of(&c, "charlie.md"), Some(ItemStatus::Done));
    assert!(c.queue().unwrap().offer().is_none());

    // The last unfinished article: nothing left to offer.
    write_done_review(
        &s.root().join("bravo.txt"),
        &s.root().join("bravo.review.json"),
    );
    c.apply(QueueCommand::CloseQueue.into());
    c.apply(QueueCommand::OpenFolder(s.root()).into());
    assert_eq!(
        c.queue().unwrap().current(),
        Some(item_index(&c, "alpha.txt"))
    );
    confirm_all(&mut c);
    assert_eq!(c.queue().unwrap().offer(), Some(&Offer::AllDone));
}

// ----- pre-extraction -----

#[test]
fn pre_extraction_writes_every_missing_review_in_the_background() {
    let s = Setup::new();
    write_done_review(
        &s.root().join("bravo.txt"),
        &s.root().join("bravo.review.json"),
    );
    let before = std::fs::read(s.root().join("bravo.review.json")).unwrap();
    let mut c = s.controller(1);
    c.apply(QueueCommand::OpenFolder(s.root()).into());
    let progress = c.queue().unwrap().progress().expect("running");
    assert_eq!(progress.total, 2, "only the articles without a review");
    assert_eq!(c.queue().unwrap().pre_extraction_threads(), Some(1));
    assert!(c.wait_for_queue(Duration::from_secs(120)), "finished");
    assert!(c.queue().unwrap().progress().is_none());
    assert!(s.root().join("alpha.review.json").is_file());
    assert!(s.root().join("charlie.review.json").is_file());
    assert_eq!(
        std::fs::read(s.root().join("bravo.review.json")).unwrap(),
        before
    );
    let banner = c.banner().unwrap().text.clone();
    assert!(banner.starts_with("Pre-extracted 2 articles"), "{banner}");
    assert!(banner.contains("articles/s"), "{banner}");
    // The statuses are current without a rescan, and the first item opens its review.
    assert_eq!(status_of(&c, "alpha.txt"), Some(ItemStatus::New));
    assert!(
        c.queue()
            .unwrap()
            .queue()
            .item(0)
            .unwrap()
            .summary()
            .is_some()
    );
    open_item(&mut c, "alpha.txt");
    assert_eq!(open_name(&c), "alpha.review.json");
}

#[test]
fn pre_extraction_can_be_cancelled() {
    let s = Setup::new();
    for i in 0..40 {
        std::fs::write(s.root().join(format!("more-{i:02}.txt")), CHARLIE).unwrap();
    }
    let mut c = s.controller(1);
    c.apply(QueueCommand::OpenFolder(s.root()).into());
    assert_eq!(c.queue().unwrap().progress().unwrap().total, 43);
    c.apply(QueueCommand::CancelPreExtraction.into());
    assert!(c.queue().unwrap().progress().unwrap().cancelling);
    assert!(c.wait_for_queue(Duration::from_secs(120)));
    let written = std::fs::read_dir(s.root())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".review.json")
        })
        .count();
    assert!(written < 43, "stopped early: {written} written");
    assert!(
        c.banner().unwrap().text.contains("cancelled"),
        "{:?}",
        c.banner()
    );
}

#[test]
fn pre_extraction_leaves_an_article_open_for_review_to_its_reviewer() {
    let s = Setup::new();
    let mut c = s.queue();
    open_item(&mut c, "alpha.txt");
    c.apply(Command::ConfirmAndNext);
    // Reopening the folder starts pre-extraction while alpha is open (and locked).
    c.set_pre_extraction_threads(1);
    c.apply(QueueCommand::OpenFolder(s.root()).into());
    assert!(c.wait_for_queue(Duration::from_secs(120)));
    assert!(!s.root().join("alpha.review.json").exists());
    assert!(s.root().join("bravo.review.json").is_file());
    // So alpha's first save is not "changed on disk".
    c.apply(Command::Save);
    assert!(c.question().is_none(), "{:?}", c.question());
    assert_eq!(
        on_disk(&s.root().join("alpha.review.json")).reviewed_count(),
        1
    );
}

// ----- locks and the disk check -----

/// A queue with alpha's review on disk; returns its path.
fn with_alpha_review(s: &Setup) -> PathBuf {
    let review = s.root().join("alpha.review.json");
    let d = article_review::open::open_path(&s.root().join("alpha.txt"), &extractor()).unwrap();
    article_review::document::save::save_document(&review, &d).unwrap();
    review
}

#[test]
fn two_controllers_on_one_file_the_second_is_read_only() {
    let s = Setup::new();
    let review = with_alpha_review(&s);
    let mut first = s.controller(0);
    first.apply(Command::Request(Action::OpenPath(review.clone())));
    assert!(first.question().is_none());
    assert!(first.holds_lock());
    assert!(lock_path(&review).is_file());

    let mut second = s.controller(0);
    second.apply(Command::Request(Action::OpenPath(review.clone())));
    let Some(Question::File(FileQuestion::LockHeld { path, holder })) = second.question() else {
        panic!("expected a lock warning, got {:?}", second.question());
    };
    assert_eq!(path, &review);
    assert!(
        holder.contains(&format!("process {}", std::process::id())),
        "{holder}"
    );
    second.apply(Command::File(FileAnswer::ReadOnly));
    assert!(second.read_only().is_some());
    assert!(!second.holds_lock());

    // The read-only window cannot save over the review; Save As writes a copy.
    second.apply(Command::ConfirmAndNext);
    let before = std::fs::read(&review).unwrap();
    second.apply(Command::Save);
    assert_eq!(std::fs::read(&review).unwrap(), before, "not overwritten");
    assert!(second.banner().unwrap().error);
    assert!(second.is_dirty());
    let copy = s.path("alpha-copy.review.json");
    s.dialogs.push(Some(copy.clone()));
    second.apply(Command::SaveAs);
    assert_eq!(on_disk(&copy).reviewed_count(), 1);
    assert!(!second.is_dirty());

    // The first window saves normally; once it lets go, the file opens without a warning.
    first.apply(Command::Reject);
    first.apply(Command::Save);
    assert!(first.question().is_none());
    assert_eq!(on_disk(&review).reviewed_count(), 1);
    drop(first);
    assert!(
        !lock_path(&review).exists(),
        "released when the window closed"
    );
    let mut third = s.controller(0);
    third.apply(Command::Request(Action::OpenPath(review.clone())));
    assert!(third.question().is_none());
    assert!(third.holds_lock());
}

#[test]
fn a_lock_whose_process_is_gone_is_taken_over_after_asking() {
    let s = Setup::new();
    let review = with_alpha_review(&s);
    let mut child = std::process::Command::new("true")
        .spawn()
        .expect("spawn true");
    let dead_pid = child.id();
    child.wait().unwrap();
    let mut holder = LockHolder::current();
    holder.pid = dead_pid;
    holder.user = "zoë".into();
    std::fs::write(lock_path(&review), serde_json::to_vec(&holder).unwrap()).unwrap();

    let mut c = s.controller(0);
    c.apply(Command::Request(Action::OpenPath(review.clone())));
    let Some(Question::File(FileQuestion::LockStale {
        reason, holder: h, ..
    })) = c.question()
    else {
        panic!("expected the stale-lock question, got {:?}", c.question());
    };
    assert_eq!(*reason, StaleReason::ProcessGone);
    assert_eq!(h.user, "zoë");
    // Until the reviewer answers, nothing is taken over.
    assert!(
        std::fs::read_to_string(lock_path(&review))
            .unwrap()
            .contains("zoë")
    );
    c.apply(Command::File(FileAnswer::TakeOver));
    assert!(c.holds_lock());
    assert!(c.read_only().is_none());
    let now: LockHolder =
        serde_json::from_slice(&std::fs::read(lock_path(&review)).unwrap()).unwrap();
    assert_eq!(now.pid, std::process::id());
    c.apply(Command::ConfirmAndNext);
    c.apply(Command::Save);
    assert_eq!(on_disk(&review).reviewed_count(), 1);

    // A day-old lock of a live process is stale too; read-only leaves it alone.
    let other = s.root().join("bravo.review.json");
    let d = article_review::open::open_path(&s.root().join("bravo.txt"), &extractor()).unwrap();
    article_review::document::save::save_document(&other, &d).unwrap();
    let mut old = LockHolder::current();
    old.time =
        humantime::format_rfc3339_seconds(SystemTime::now() - Duration::from_secs(2 * 86_400))
            .to_string();
    let old_json = serde_json::to_vec(&old).unwrap();
    std::fs::write(lock_path(&other), &old_json).unwrap();
    c.apply(Command::Request(Action::OpenPath(other.clone())));
    assert!(matches!(
        c.question(),
        Some(Question::File(FileQuestion::LockStale {
            reason: StaleReason::TooOld,
            ..
        }))
    ));
    c.apply(Command::File(FileAnswer::ReadOnly));
    assert!(c.read_only().is_some());
    assert_eq!(std::fs::read(lock_path(&other)).unwrap(), old_json);
}

#[test]
fn a_save_after_an_outside_change_asks_and_never_overwrites_silently() {
    let s = Setup::new();
    let review = with_alpha_review(&s);
    let mut c = s.controller(0);
    c.apply(Command::Request(Action::OpenPath(review.clone())));
    c.apply(Command::ConfirmAndNext);

    // Another program rewrites the file (a sync tool, a reviewer without this program).
    let mut outside = on_disk(&review);
    outside.quotes[0].status = QuoteStatus::Rejected;
    article_review::document::save::save_document(&review, &outside).unwrap();
    let outside_bytes = std::fs::read(&review).unwrap();

    c.apply(Command::Save);
    let Some(Question::File(FileQuestion::ChangedOnDisk { path, .. })) = c.question() else {
        panic!(
            "expected the changed-on-disk question, got {:?}",
            c.question()
        );
    };
    assert_eq!(path, &review);
    assert_eq!(
        std::fs::read(&review).unwrap(),
        outside_bytes,
        "nothing written"
    );
    assert!(c.is_dirty());

    // Reload: the file as it is on disk now, the edits thrown away.
    c.apply(Command::File(FileAnswer::Reload));
    assert!(!c.is_dirty());
    assert_eq!(doc(&c).quotes[0].status, QuoteStatus::Rejected);
    assert!(c.holds_lock(), "the lock is kept through a reload");

    // Changed again: this time overwrite.
    select_first_and_confirm(&mut c);
    let mut again = on_disk(&review);
    again.quotes[0].status = QuoteStatus::Corrected;
    article_review::document::save::save_document(&review, &again).unwrap();
    c.apply(Command::Save);
    assert!(matches!(c.question(), Some(Question::File(_))));
    c.apply(Command::File(FileAnswer::Overwrite));
    assert!(c.question().is_none());
    assert!(!c.is_dirty());
    assert_eq!(on_disk(&review).quotes[0].status, QuoteStatus::Confirmed);
    // The next save has nothing to ask: the version is the one just written.
    c.apply(Command::Reject);
    c.apply(Command::Save);
    assert!(c.question().is_none());

    // Deleted on disk: asked too; Save As keeps both.
    c.apply(Command::Undo);
    std::fs::remove_file(&review).unwrap();
    c.apply(Command::Save);
    assert!(matches!(
        c.question(),
        Some(Question::File(FileQuestion::ChangedOnDisk { .. }))
    ));
    let copy = s.path("kept.review.json");
    s.dialogs.push(Some(copy.clone()));
    c.apply(Command::DismissQuestion);
    c.apply(Command::SaveAs);
    assert!(copy.is_file());
    assert!(!review.exists());
}

fn select_first_and_confirm(c: &mut Controller) {
    let first = doc(c).quotes[0].id.clone();
    c.apply(Command::SelectQuote {
        id: Some(first),
        scroll: false,
    });
    c.apply(Command::ConfirmAndNext);
}

// ----- statistics and export -----

#[test]
fn statistics_and_corpus_export_come_from_the_queue() {
    let s = Setup::new();
    let mut c = s.controller(1);
    c.apply(QueueCommand::OpenFolder(s.root()).into());
    assert!(c.wait_for_queue(Duration::from_secs(120)));
    c.apply(QueueCommand::ShowStats.into());
    assert!(c.queue().unwrap().stats().is_open());
    // While they are counted, the window is asked to look again (it would not repaint else).
    let wait = c.tick(Instant::now());
    if c.queue().unwrap().stats().is_computing() {
        assert!(wait.is_some());
    }
    assert!(c.wait_for_queue(Duration::from_secs(60)));
    let stats = c
        .queue()
        .unwrap()
        .stats()
        .stats()
        .expect("computed")
        .clone();
    assert_eq!(stats.articles, 3);
    let total: usize = ["alpha", "bravo", "charlie"]
        .iter()
        .map(|n| {
            on_disk(&s.root().join(format!("{n}.review.json")))
                .quotes
                .len()
        })
        .sum();
    assert_eq!(stats.quotes, total, "nothing rejected yet");

    // Each chart's CSV has one row per bar, and the gender chart adds up to the quotes.
    let chart_file = s.path("gender.csv");
    s.dialogs.push(Some(chart_file.clone()));
    c.apply(QueueCommand::ExportChart(Chart::Gender).into());
    let csv = std::fs::read_to_string(&chart_file).expect("chart written");
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("label,quotes"));
    let rows: Vec<(String, f64)> = lines
        .map(|l| {
            let (label, value) = l.split_once(',').unwrap();
            (label.to_string(), value.parse().unwrap())
        })
        .collect();
    assert_eq!(
        rows.iter().map(|(l, _)| l.as_str()).collect::<Vec<_>>(),
        ["female", "male", "unknown"]
    );
    assert_eq!(rows.iter().map(|(_, v)| v).sum::<f64>(), total as f64);
    for chart in Chart::ALL {
        assert!(chart.csv(&stats).unwrap().starts_with("label,"));
    }

    // Corpus export: one JSON line per quote, naming its article.
    let export = s.path("all.jsonl");
    s.dialogs.push(Some(export.clone()));
    c.apply(QueueCommand::ExportCorpus.into());
    let text = std::fs::read_to_string(&export).expect("exported");
    assert_eq!(text.lines().count(), total);
    assert!(text.contains("\"article\":\"charlie.md\""), "{text}");
    assert!(!c.banner().unwrap().error);
    // And CSV for any other name.
    let export = s.path("all.csv");
    s.dialogs.push(Some(export.clone()));
    c.apply(QueueCommand::ExportCorpus.into());
    let csv = std::fs::read_to_string(&export).unwrap();
    assert!(csv.starts_with("article,"));
    assert_eq!(csv.lines().count(), total + 1);

    c.apply(QueueCommand::HideStats.into());
    assert!(!c.queue().unwrap().stats().is_open());
}

#[test]
fn a_missing_folder_is_a_clear_message() {
    let s = Setup::new();
    let mut c = s.controller(0);
    c.apply(QueueCommand::OpenFolder(s.path("nowhere")).into());
    assert!(c.queue().is_none());
    let banner = c.banner().expect("a message");
    assert!(
        banner.error && banner.text.contains("nowhere"),
        "{banner:?}"
    );
}
