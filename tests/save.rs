//! Atomic saving: backups, injected write failures, and a process killed mid-save.

#[path = "fixtures/common.rs"]
mod common;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use article_review::document::Document;
use article_review::document::json::read_review;
use article_review::document::save::{
    Backup, atomic_write, atomic_write_with, save_document, save_document_through,
};
use common::sample_document;

/// A writer that accepts `budget` bytes, then fails with `kind` (a full disk, an I/O error).
struct FailAfter<'w> {
    inner: &'w mut dyn Write,
    budget: usize,
    kind: io::ErrorKind,
}

impl Write for FailAfter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.budget == 0 {
            return Err(io::Error::new(self.kind, "injected failure"));
        }
        let n = buf.len().min(self.budget);
        self.budget -= n;
        self.inner.write(&buf[..n])
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn read(path: &Path) -> Document {
    read_review(&std::fs::read(path).unwrap(), &path.display().to_string()).unwrap()
}

/// Files in `dir` other than the ones named: leftovers such as temporary files.
fn others(dir: &Path, names: &[&str]) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !names.contains(&n.as_str()))
        .collect()
}

#[test]
fn save_then_save_again_keeps_the_previous_version_as_bak() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.json");
    let first = sample_document();
    save_document(&path, &first).unwrap();
    assert!(!dir.path().join("review.json.bak").exists());

    let mut second = first.clone();
    second.quotes.remove(0);
    save_document(&path, &second).unwrap();

    let saved = read(&path);
    let backup = read(&dir.path().join("review.json.bak"));
    assert_eq!(saved.quotes, second.quotes);
    assert_eq!(backup.quotes, first.quotes);
    assert_eq!(
        others(dir.path(), &["review.json", "review.json.bak"]),
        Vec::<String>::new()
    );
}

#[test]
fn save_sets_updated_at() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.json");
    let mut doc = sample_document();
    doc.review.updated_at = "2001-01-01T00:00:00Z".into();
    save_document(&path, &doc).unwrap();
    let saved = read(&path);
    assert_ne!(saved.review.updated_at, "2001-01-01T00:00:00Z");
    assert!(humantime::parse_rfc3339(&saved.review.updated_at).is_ok());
    assert_eq!(saved.text, doc.text);
}

#[test]
fn a_write_failing_part_way_leaves_the_old_file_intact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.json");
    let old = sample_document();
    save_document(&path, &old).unwrap();
    let old_bytes = std::fs::read(&path).unwrap();
    let mut new = old.clone();
    new.text.push_str(" More text.");

    for (budget, kind) in [
        (0, io::ErrorKind::Other),
        (100, io::ErrorKind::Other),
        (old_bytes.len() - 1, io::ErrorKind::Other),
        (500, io::ErrorKind::StorageFull),
    ] {
        let error = save_document_through(&path, &new, |inner| {
            Box::new(FailAfter {
                inner,
                budget,
                kind,
            })
        })
        .unwrap_err();
        assert_eq!(error.kind, kind);
        assert!(
            error.to_string().contains(&path.display().to_string()),
            "{error}"
        );
        assert!(error.to_string().contains("injected failure"), "{error}");
        assert_eq!(std::fs::read(&path).unwrap(), old_bytes, "budget {budget}");
        assert_eq!(
            others(dir.path(), &["review.json"]),
            Vec::<String>::new(),
            "no temporary file or backup left behind"
        );
    }
}

#[test]
fn streaming_writer_error_leaves_the_target_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.jsonl");
    std::fs::write(&path, "old\n").unwrap();
    let error = atomic_write_with(&path, Backup::None, |w| {
        w.write_all(b"half a line")?;
        Err(io::Error::other("stdin closed"))
    })
    .unwrap_err();
    assert!(error.reason.contains("stdin closed"), "{error}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "old\n");
    atomic_write(&path, b"new\n").unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "new\n");
    assert!(!dir.path().join("out.jsonl.bak").exists());
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_refuses_the_save_and_keeps_the_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.json");
    save_document(&path, &sample_document()).unwrap();
    let old_bytes = std::fs::read(&path).unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
    let probe = dir.path().join("probe");
    if std::fs::write(&probe, b"x").is_ok() {
        // Running with privileges that ignore permissions (root): nothing to test here.
        std::fs::remove_file(&probe).unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        eprintln!("skipped: permissions are not enforced for this user");
        return;
    }
    let error = save_document(&path, &sample_document()).unwrap_err();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(error.kind, io::ErrorKind::PermissionDenied);
    assert!(error.to_string().contains("review.json"), "{error}");
    assert_eq!(std::fs::read(&path).unwrap(), old_bytes);
}

#[test]
fn saving_into_a_missing_folder_or_over_a_folder_fails_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-folder").join("r.json");
    let error = save_document(&missing, &sample_document()).unwrap_err();
    assert_eq!(error.kind, io::ErrorKind::NotFound);
    assert!(error.to_string().contains("no-such-folder"), "{error}");
    let error = save_document(dir.path(), &sample_document()).unwrap_err();
    assert!(error.to_string().contains("folder"), "{error}");
}

// --- Kill during save -------------------------------------------------------------------------

const KILL_TARGET: &str = "ARTICLE_REVIEW_KILL_TEST_TARGET";

/// Two large documents that differ, so each save replaces the file with different bytes.
fn big_documents() -> [Document; 2] {
    let mut a = sample_document();
    let mut b = sample_document();
    let filler = "Ünïcödé filler paragraph with 😀 emoji and “quotes”. ".repeat(10_000);
    a.text = format!("{}\n\nA: {filler}", a.text);
    b.text = format!("{}\n\nB: {filler}{filler}", b.text);
    [a, b]
}

/// Not a test on its own: the child process of `killing_a_save_leaves_old_or_new_whole`. It
/// saves the two big documents alternately, forever, until it is killed.
#[test]
#[ignore = "helper process for the kill test"]
fn kill_test_child_saves_in_a_loop() {
    let Ok(target) = std::env::var(KILL_TARGET) else {
        return;
    };
    let target = PathBuf::from(target);
    let docs = big_documents();
    let mut out = io::stdout();
    for n in 0.. {
        save_document(&target, &docs[n % 2]).unwrap();
        // Tells the parent that saves are under way (it kills only after the first).
        let _ = writeln!(out, "saved {n}");
        let _ = out.flush();
    }
}

#[test]
fn killing_a_save_leaves_old_or_new_whole() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("big.json");
    let docs = big_documents();
    save_document(&target, &docs[0]).unwrap();
    let texts = [docs[0].text.as_str(), docs[1].text.as_str()];
    let exe = std::env::current_exe().unwrap();
    // Pseudo-random kill delays (no rand dependency): an LCG seeded from the clock.
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    let mut kills = 0;
    let mut seen = [false, false];
    let started = Instant::now();
    // Under load a save (with its fsync) can outlast the kill delays, so every kill would find the
    // first version: the delays grow with each kill, and the loop may run for up to 30 seconds.
    while kills < 10 || (started.elapsed() < Duration::from_secs(30) && seen != [true, true]) {
        let mut child = Command::new(&exe)
            .args([
                "kill_test_child_saves_in_a_loop",
                "--exact",
                "--ignored",
                "--nocapture",
            ])
            .env(KILL_TARGET, &target)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut first_line = String::new();
        let mut stdout = io::BufReader::new(child.stdout.take().unwrap());
        loop {
            first_line.clear();
            if io::BufRead::read_line(&mut stdout, &mut first_line).unwrap() == 0
                || first_line.starts_with("saved")
            {
                break;
            }
        }
        assert!(
            first_line.starts_with("saved"),
            "the child process did not start saving"
        );
        // Keep draining its output so that it never blocks on a full pipe.
        let drain = std::thread::spawn(move || io::copy(&mut stdout, &mut io::sink()));
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let delay = Duration::from_millis((seed >> 33) % (150 + 50 * kills));
        std::thread::sleep(delay);
        child.kill().unwrap(); // SIGKILL on Unix: no chance to clean up.
        child.wait().unwrap();
        let _ = drain.join();
        kills += 1;

        let bytes = std::fs::read(&target).unwrap();
        let doc = read_review(&bytes, "big.json")
            .unwrap_or_else(|e| panic!("after kill {kills} ({delay:?}): {e}"));
        let which = texts.iter().position(|t| *t == doc.text);
        let which = which.unwrap_or_else(|| panic!("after kill {kills}: unexpected text"));
        seen[which] = true;
        if let Ok(bytes) = std::fs::read(dir.path().join("big.json.bak")) {
            let backup = read_review(&bytes, "big.json.bak").unwrap();
            assert!(texts.contains(&backup.text.as_str()));
        }
    }
    // Kills must have landed at different points of the save loop, or the test proved little.
    assert_eq!(
        seen,
        [true, true],
        "every kill found the same version after {kills} kills"
    );

    // The next save clears the temporary files the killed processes left.
    save_document(&target, &docs[0]).unwrap();
    if Path::new("/proc/self").exists() {
        assert_eq!(
            others(dir.path(), &["big.json", "big.json.bak"]),
            Vec::<String>::new()
        );
    }
}
