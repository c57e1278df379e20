//! Crash recovery: snapshots of unsaved work, kept on disk until it is saved or discarded.
//!
//! A reviewer may spend an hour on one article; a crash, a kill or a power cut must not cost
//! more than the last few seconds of it. While a document has unsaved edits the window writes a
//! snapshot of it (the whole [`Document`] plus the file it belongs to) into a recovery folder, at
//! most a few seconds behind the last edit ([`Autosaver`] decides when). A clean save or a
//! discard removes the snapshot. At the next start, [`RecoveryStore::pending`] lists snapshots
//! left by earlier sessions, so the window can offer to restore them.
//!
//! # How the window uses it
//!
//! ```no_run
//! use std::time::{Duration, Instant};
//! use article_review::recovery::{Autosaver, RecoveryEntry, RecoveryStore};
//! # fn demo(doc: article_review::Document, path: Option<std::path::PathBuf>) -> Result<(), article_review::recovery::RecoveryError> {
//! // At start-up (never fatal: without a store the app runs, just without recovery).
//! let store = RecoveryStore::open_default()?;
//! let scan = store.scan();
//! for entry in &scan.entries { /* offer: restore entry.document (unsaved), or discard */ }
//! for problem in &scan.problems { /* show problem.message; offer store.remove(&problem.id) */ }
//!
//! // For each open document: one id for its whole life in the window.
//! let id = match &path {
//!     Some(p) => RecoveryStore::id_for_file(p),
//!     None => store.new_untitled_id(),
//! };
//! let mut autosaver = Autosaver::new(Autosaver::DEFAULT_QUIET, Autosaver::DEFAULT_MAX_WAIT);
//!
//! // Every edit:
//! autosaver.edited(Instant::now());
//! // Every frame (and `ctx.request_repaint_after(autosaver.wait(Instant::now()))`):
//! if autosaver.due(Instant::now()) {
//!     let entry = RecoveryEntry::new(id.clone(), path.clone(), doc.clone());
//!     match store.save(&entry) {
//!         Ok(()) => autosaver.snapshotted(),
//!         Err(error) => { autosaver.failed(Instant::now()); /* show error.to_string() */ }
//!     }
//! }
//! // After a clean save to disk, or when the reviewer discards the changes:
//! store.remove(&id)?;
//! autosaver.clean();
//! # Ok(()) }
//! ```
//!
//! # On disk
//!
//! The folder is `$ARTICLE_REVIEW_DATA_DIR/recovery/` when that variable is set, otherwise the
//! platform data folder (`~/.local/share/article-review/recovery/` on Linux,
//! `~/Library/Application Support/article-review/recovery/` on macOS,
//! `%APPDATA%\article-review\recovery\` on Windows), private to the user (mode 0700; each
//! snapshot 0600), since snapshots hold unpublished articles. Each snapshot is one JSON file `ID.json`
//! (see [`SNAPSHOT_FORMAT`]), written to a temporary file in the same folder, flushed to disk and
//! renamed over the old one, so a kill at any moment leaves either the previous snapshot or the
//! new one whole, never a torn file.
//!
//! Snapshots from another instance that is still running are listed too (the store cannot tell
//! a live instance from a dead one portably); the window should say when a snapshot was written.

use std::ffi::OsString;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::document::model::Document;

/// The environment variable that moves the data folder (tests, portable installs).
pub const DATA_DIR_ENV: &str = "ARTICLE_REVIEW_DATA_DIR";

/// The value of the `format` field of every snapshot file.
pub const SNAPSHOT_FORMAT: &str = "article-review-recovery";

/// The snapshot file version this build writes and reads.
pub const SNAPSHOT_VERSION: u32 = 1;

/// Snapshots larger than this are reported, not read: a stray huge file must not stall start-up.
pub const MAX_SNAPSHOT_BYTES: u64 = 512 * 1024 * 1024;

/// Leftover temporary files older than this are deleted when a store opens. A temporary file
/// only survives when its writer died before the rename, so the snapshot it was meant to
/// replace is still whole; an hour leaves any slow writer still running alone.
const STALE_TEMP_AGE: Duration = Duration::from_secs(60 * 60);

/// Distinguishes snapshots and temporary files written by one process.
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// One snapshot of unsaved work.
#[derive(Debug, Clone, PartialEq)]
pub struct RecoveryEntry {
    /// The key of the snapshot: [`RecoveryStore::id_for_file`] for a document with a file,
    /// [`RecoveryStore::new_untitled_id`] for one without. Letters, digits, `-` and `_` only.
    pub id: String,
    /// The file the document belongs to (the review file, or the article it was extracted
    /// from), if any. Restoring reopens the document as an unsaved change to this file.
    pub file: Option<PathBuf>,
    /// When the snapshot was taken.
    pub saved_at: SystemTime,
    /// The whole document, with every unsaved edit.
    pub document: Document,
    /// The session that wrote it (see [`RecoveryStore::session`]).
    pub session: String,
    /// The quote the reviewer had selected, brought back with the work.
    pub selected_quote: Option<String>,
}

impl RecoveryEntry {
    /// A snapshot of `document` taken now. The store stamps its own session when saving.
    pub fn new(id: String, file: Option<PathBuf>, document: Document) -> RecoveryEntry {
        RecoveryEntry {
            id,
            file,
            saved_at: SystemTime::now(),
            document,
            session: String::new(),
            selected_quote: None,
        }
    }

    /// The snapshot time as RFC 3339 (UTC), for showing to people.
    pub fn saved_at_rfc3339(&self) -> String {
        humantime::format_rfc3339_seconds(self.saved_at).to_string()
    }
}

/// Why the recovery folder or a snapshot could not be used. The message names the folder or
/// file; the cause, where there is one, is the [`source`](std::error::Error::source).
#[derive(Debug, thiserror::Error)]
pub enum RecoveryError {
    /// Neither `$ARTICLE_REVIEW_DATA_DIR` nor a platform data folder is known.
    #[error("no data folder is known for this user; set {env} to choose one", env = DATA_DIR_ENV)]
    NoDataFolder,
    /// The recovery folder could not be created.
    #[error("cannot create the recovery folder {dir}: {source}")]
    CreateFolder {
        /// The folder.
        dir: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// An id that cannot be a snapshot's file name.
    #[error("{id:?} is not a recovery snapshot id (letters, digits, '-' and '_' only)")]
    BadId {
        /// The id given.
        id: String,
    },
    /// A snapshot could not be written.
    #[error("cannot write the recovery snapshot {path}: {source}")]
    Write {
        /// The snapshot file.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// A snapshot could not be deleted.
    #[error("cannot remove the recovery snapshot {path}: {source}")]
    Remove {
        /// The snapshot file.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// A snapshot could not be read back.
    #[error("recovery snapshot {path}: {problem}")]
    Unreadable {
        /// The snapshot file.
        path: PathBuf,
        /// What is wrong with it.
        #[source]
        problem: SnapshotProblem,
    },
}

/// What is wrong with a snapshot file that cannot be restored.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotProblem {
    /// The operating system refused to read it.
    #[error("{0}")]
    Io(#[source] std::io::Error),
    /// Larger than [`MAX_SNAPSHOT_BYTES`].
    #[error("{0} bytes is over the {max}-byte limit for snapshots", max = MAX_SNAPSHOT_BYTES)]
    TooLarge(u64),
    /// Not JSON, or JSON without the snapshot's fields.
    #[error("damaged: {0}")]
    Damaged(#[source] serde_json::Error),
    /// JSON of another kind.
    #[error("not an article-review recovery snapshot")]
    NotASnapshot,
    /// Written by a newer article-review.
    #[error(
        "written by a newer article-review (snapshot version {0}; this build reads version \
         {ours})",
        ours = SNAPSHOT_VERSION
    )]
    NewerVersion(u32),
    /// No version this build knows.
    #[error("unknown snapshot version")]
    UnknownVersion,
    /// The file's own id differs from its name.
    #[error("names itself {found:?}, not {expected:?}")]
    WrongId {
        /// The id inside the file.
        found: String,
        /// The id of its file name.
        expected: String,
    },
    /// The time it was saved is not an RFC 3339 time.
    #[error("bad saved_at {text:?}: {source}")]
    BadTime {
        /// The text found.
        text: String,
        /// The parser's error.
        #[source]
        source: humantime::TimestampError,
    },
}

/// A snapshot file that could not be read. Reported, never fatal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecoveryProblem {
    /// The snapshot's id (its file name without `.json`), for [`RecoveryStore::remove`].
    pub id: String,
    /// The snapshot file.
    pub path: PathBuf,
    /// What is wrong, for people; names the file.
    pub message: String,
}

/// What [`RecoveryStore::scan`] found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scan {
    /// Readable snapshots from earlier sessions, newest first.
    pub entries: Vec<RecoveryEntry>,
    /// Snapshot files that could not be read, in file name order.
    pub problems: Vec<RecoveryProblem>,
}

/// The snapshot file: the entry plus what makes the file self-describing.
#[derive(Serialize, Deserialize)]
struct SnapshotFile {
    format: String,
    version: u32,
    id: String,
    session: String,
    file: Option<PathBuf>,
    /// RFC 3339 with milliseconds, UTC.
    saved_at: String,
    document: Document,
    /// Added in version 1 without a version change: older snapshots have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    selected_quote: Option<String>,
}

/// The recovery folder and the session writing to it.
#[derive(Debug, Clone)]
pub struct RecoveryStore {
    dir: PathBuf,
    session: String,
}

impl RecoveryStore {
    /// Opens the recovery folder in the platform data folder (or under `$ARTICLE_REVIEW_DATA_DIR`),
    /// creating it if needed. Fails with a message naming the folder; the app should then run
    /// without recovery and say so, not refuse to start.
    pub fn open_default() -> Result<RecoveryStore, RecoveryError> {
        let dir = default_dir(std::env::var_os(DATA_DIR_ENV), dirs::data_dir())?;
        RecoveryStore::open(dir)
    }

    /// Opens (creating if needed) the recovery folder `dir`, with a new session.
    pub fn open(dir: impl Into<PathBuf>) -> Result<RecoveryStore, RecoveryError> {
        let dir = dir.into();
        if let Err(source) = create_private_dir(&dir) {
            return Err(RecoveryError::CreateFolder { dir, source });
        }
        let store = RecoveryStore {
            dir,
            session: new_session_id(),
        };
        store.delete_stale_temporaries();
        Ok(store)
    }

    /// The recovery folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// This store's session id: unique per process start. [`RecoveryStore::pending`] leaves out
    /// snapshots of the current session, which are live work rather than leftovers.
    pub fn session(&self) -> &str {
        &self.session
    }

    /// The snapshot id for a document belonging to `file`: stable across sessions, so a
    /// restored document keeps updating the same snapshot. The path is used as given (make it
    /// absolute first if the working folder may change).
    pub fn id_for_file(file: &Path) -> String {
        let digest = Sha256::digest(file.as_os_str().as_encoded_bytes());
        let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        format!("file-{hex}")
    }

    /// A fresh snapshot id for a document with no file yet.
    pub fn new_untitled_id(&self) -> String {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        format!("untitled-{}-{n}", self.session)
    }

    /// Writes (or replaces) the snapshot `entry.id` atomically: a kill at any moment leaves
    /// the previous snapshot or this one, whole. The entry's `session` is replaced by this
    /// store's.
    pub fn save(&self, entry: &RecoveryEntry) -> Result<(), RecoveryError> {
        check_id(&entry.id)?;
        let snapshot = SnapshotFile {
            format: SNAPSHOT_FORMAT.to_string(),
            version: SNAPSHOT_VERSION,
            id: entry.id.clone(),
            session: self.session.clone(),
            file: entry.file.clone(),
            saved_at: humantime::format_rfc3339_millis(entry.saved_at).to_string(),
            document: entry.document.clone(),
            selected_quote: entry.selected_quote.clone(),
        };
        let path = self.path_of(&entry.id);
        let written = serde_json::to_vec(&snapshot)
            .map_err(std::io::Error::from)
            .and_then(|bytes| write_atomically(&path, &bytes, &self.session));
        written.map_err(|source| RecoveryError::Write { path, source })
    }

    /// Readable snapshots left by earlier sessions, newest first. Unreadable ones are left
    /// out; use [`RecoveryStore::scan`] to report them.
    pub fn pending(&self) -> Vec<RecoveryEntry> {
        self.scan().entries
    }

    /// Every snapshot left by earlier sessions: the readable ones (newest first) and the
    /// problems with the rest. Never fails: an unreadable folder is one problem.
    pub fn scan(&self) -> Scan {
        let mut scan = Scan::default();
        let listing = match fs::read_dir(&self.dir) {
            Ok(listing) => listing,
            Err(e) => {
                scan.problems.push(RecoveryProblem {
                    id: String::new(),
                    path: self.dir.clone(),
                    message: format!(
                        "cannot read the recovery folder {}: {e}",
                        self.dir.display()
                    ),
                });
                return scan;
            }
        };
        let mut ids: Vec<String> = listing
            .filter_map(|item| item.ok())
            .filter_map(|item| snapshot_id_of(&item.file_name()))
            .collect();
        ids.sort();
        for id in ids {
            match self.restore(&id) {
                Ok(entry) if entry.session == self.session => {}
                Ok(entry) => scan.entries.push(entry),
                Err(error) => scan.problems.push(RecoveryProblem {
                    path: self.path_of(&id),
                    id,
                    message: error.to_string(),
                }),
            }
        }
        scan.entries
            .sort_by(|a, b| b.saved_at.cmp(&a.saved_at).then_with(|| a.id.cmp(&b.id)));
        scan
    }

    /// Reads the snapshot `id`. The message names the file and what is wrong.
    pub fn restore(&self, id: &str) -> Result<RecoveryEntry, RecoveryError> {
        check_id(id)?;
        let path = self.path_of(id);
        read_snapshot(&path, id).map_err(|problem| RecoveryError::Unreadable { path, problem })
    }

    /// Deletes the snapshot `id` (after a clean save, a discard, or a restore that was saved).
    /// Deleting a snapshot that does not exist is not an error.
    pub fn remove(&self, id: &str) -> Result<(), RecoveryError> {
        check_id(id)?;
        let path = self.path_of(id);
        match fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(source) => Err(RecoveryError::Remove { path, source }),
        }
    }

    fn path_of(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.json"))
    }

    /// Removes temporary files whose writer died long ago. Best effort: failures only mean the
    /// files stay, and they are never mistaken for snapshots.
    fn delete_stale_temporaries(&self) {
        let Ok(listing) = fs::read_dir(&self.dir) else {
            return;
        };
        for item in listing.filter_map(|item| item.ok()) {
            let name = item.file_name();
            if !name.to_string_lossy().ends_with(".tmp") {
                continue;
            }
            let old = item
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > STALE_TEMP_AGE);
            if old {
                let _ = fs::remove_file(item.path());
            }
        }
    }
}

/// Reads the snapshot file `path`, which must name itself `id`.
fn read_snapshot(path: &Path, id: &str) -> Result<RecoveryEntry, SnapshotProblem> {
    let size = fs::metadata(path).map_err(SnapshotProblem::Io)?.len();
    if size > MAX_SNAPSHOT_BYTES {
        return Err(SnapshotProblem::TooLarge(size));
    }
    let bytes = fs::read(path).map_err(SnapshotProblem::Io)?;
    // Look at the header first, so a snapshot from a newer version says so instead of failing
    // on some field it does not know.
    #[derive(Deserialize)]
    struct Header {
        format: Option<String>,
        version: Option<u32>,
    }
    let header: Header = serde_json::from_slice(&bytes).map_err(SnapshotProblem::Damaged)?;
    if header.format.as_deref() != Some(SNAPSHOT_FORMAT) {
        return Err(SnapshotProblem::NotASnapshot);
    }
    match header.version {
        Some(SNAPSHOT_VERSION) => {}
        Some(v) if v > SNAPSHOT_VERSION => return Err(SnapshotProblem::NewerVersion(v)),
        _ => return Err(SnapshotProblem::UnknownVersion),
    }
    let snapshot: SnapshotFile =
        serde_json::from_slice(&bytes).map_err(SnapshotProblem::Damaged)?;
    if snapshot.id != id {
        return Err(SnapshotProblem::WrongId {
            found: snapshot.id,
            expected: id.to_string(),
        });
    }
    let saved_at = humantime::parse_rfc3339(&snapshot.saved_at).map_err(|source| {
        SnapshotProblem::BadTime {
            text: snapshot.saved_at.clone(),
            source,
        }
    })?;
    Ok(RecoveryEntry {
        id: snapshot.id,
        file: snapshot.file,
        saved_at,
        document: snapshot.document,
        session: snapshot.session,
        selected_quote: snapshot.selected_quote,
    })
}

/// Creates `dir` (and its parents) and makes it private to the user (0700 on Unix): the
/// snapshots in it hold unpublished articles. A folder that exists already is made private too.
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
    }
    #[cfg(not(unix))]
    fs::create_dir_all(dir)
}

/// The recovery folder: `$ARTICLE_REVIEW_DATA_DIR/recovery` when `env_dir` is set and not empty,
/// else `platform_data_dir/article-review/recovery`.
pub fn default_dir(
    env_dir: Option<OsString>,
    platform_data_dir: Option<PathBuf>,
) -> Result<PathBuf, RecoveryError> {
    if let Some(dir) = env_dir.filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir).join("recovery"));
    }
    platform_data_dir
        .map(|d| d.join("article-review").join("recovery"))
        .ok_or(RecoveryError::NoDataFolder)
}

/// The id of a snapshot file name, or None for anything else in the folder (temporary files,
/// files of other programs).
fn snapshot_id_of(file_name: &std::ffi::OsStr) -> Option<String> {
    let name = file_name.to_str()?;
    let id = name.strip_suffix(".json")?;
    check_id(id).ok()?;
    Some(id.to_string())
}

/// Ids become file names, so only a safe alphabet is allowed (no separators, no `..`).
fn check_id(id: &str) -> Result<(), RecoveryError> {
    let safe = !id.is_empty()
        && id.len() <= 128
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if safe {
        Ok(())
    } else {
        Err(RecoveryError::BadId { id: id.to_string() })
    }
}

/// A session id unique to this process start: process id, start time, and a counter for
/// several stores in one process.
fn new_session_id() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("{}-{nanos:x}-{n}", std::process::id())
}

/// Writes `bytes` to `path` through a temporary file in the same folder: write, flush to disk,
/// rename over `path`, then flush the folder so the rename itself survives a power cut.
fn write_atomically(path: &Path, bytes: &[u8], session: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let temp = dir.join(format!(".{name}.{session}-{n}.tmp"));
    let result = (|| {
        let mut file = crate::document::save::private_write_options()
            .create_new(true)
            .open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
        return result;
    }
    sync_dir(dir);
    Ok(())
}

#[cfg(unix)]
fn sync_dir(dir: &Path) {
    // Best effort: the snapshot is already in place; this only hardens it against power loss.
    if let Ok(handle) = fs::File::open(dir) {
        let _ = handle.sync_all();
    }
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) {}

/// Decides when to snapshot a document: after a quiet moment following an edit, and during
/// continuous editing at least every `max_wait`, so the snapshot is never more than a few
/// seconds behind. It holds no clock: every call takes `now`, so tests need no sleeping.
#[derive(Debug, Clone)]
pub struct Autosaver {
    quiet: Duration,
    max_wait: Duration,
    /// The first edit not yet in a snapshot.
    first_unsaved_edit: Option<Instant>,
    /// The latest edit not yet in a snapshot.
    last_edit: Option<Instant>,
    /// After a failed snapshot, no retry before this.
    retry_at: Option<Instant>,
}

impl Autosaver {
    /// Snapshot once editing has paused this long.
    pub const DEFAULT_QUIET: Duration = Duration::from_secs(1);
    /// Snapshot at least this often while edits keep coming.
    pub const DEFAULT_MAX_WAIT: Duration = Duration::from_secs(3);

    /// An autosaver that snapshots `quiet` after the last edit, and no later than `max_wait`
    /// after the first edit not yet snapshotted.
    pub fn new(quiet: Duration, max_wait: Duration) -> Autosaver {
        Autosaver {
            quiet,
            max_wait: max_wait.max(quiet),
            first_unsaved_edit: None,
            last_edit: None,
            retry_at: None,
        }
    }

    /// Records an edit made at `now`.
    pub fn edited(&mut self, now: Instant) {
        self.first_unsaved_edit.get_or_insert(now);
        self.last_edit = Some(now);
    }

    /// True when there are edits newer than the last snapshot.
    pub fn has_unsnapshotted_edits(&self) -> bool {
        self.last_edit.is_some()
    }

    /// The moment a snapshot becomes due, or None when nothing waits to be snapshotted.
    pub fn due_at(&self) -> Option<Instant> {
        let (first, last) = (self.first_unsaved_edit?, self.last_edit?);
        let due = (last + self.quiet).min(first + self.max_wait);
        Some(match self.retry_at {
            Some(retry) => due.max(retry),
            None => due,
        })
    }

    /// True when a snapshot should be written now.
    pub fn due(&self, now: Instant) -> bool {
        self.due_at().is_some_and(|at| now >= at)
    }

    /// How long until the next snapshot is due (zero when due now); None when nothing waits.
    /// Hand it to `ctx.request_repaint_after` so an idle window still snapshots on time.
    pub fn wait(&self, now: Instant) -> Option<Duration> {
        self.due_at().map(|at| at.saturating_duration_since(now))
    }

    /// The snapshot written after the last [`Autosaver::edited`] call succeeded.
    pub fn snapshotted(&mut self) {
        self.first_unsaved_edit = None;
        self.last_edit = None;
        self.retry_at = None;
    }

    /// The snapshot failed at `now`: the edits stay pending and the next try waits `quiet`, so
    /// a full disk is not hammered every frame.
    pub fn failed(&mut self, now: Instant) {
        self.retry_at = Some(now + self.quiet);
    }

    /// The document was saved or its changes discarded: nothing waits to be snapshotted.
    pub fn clean(&mut self) {
        self.snapshotted();
    }
}

impl Default for Autosaver {
    fn default() -> Autosaver {
        Autosaver::new(Autosaver::DEFAULT_QUIET, Autosaver::DEFAULT_MAX_WAIT)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_dir_prefers_the_environment_variable() {
        let dir = default_dir(Some("/tmp/x".into()), Some("/home/u/.local/share".into()));
        assert_eq!(dir.ok(), Some(PathBuf::from("/tmp/x/recovery")));
        let dir = default_dir(Some("".into()), Some("/home/u/.local/share".into()));
        assert_eq!(
            dir.ok(),
            Some(PathBuf::from(
                "/home/u/.local/share/article-review/recovery"
            ))
        );
        let error = default_dir(None, None).unwrap_err();
        assert!(matches!(error, RecoveryError::NoDataFolder));
        assert!(error.to_string().contains(DATA_DIR_ENV));
    }

    #[test]
    fn only_safe_ids_become_file_names() {
        for bad in ["", "../x", "a/b", "a\\b", "a.json", ".", "é"] {
            assert!(check_id(bad).is_err(), "{bad:?} accepted");
        }
        assert!(check_id("file-0123abcd").is_ok());
        assert_eq!(snapshot_id_of(".file-1.json.s-1.tmp".as_ref()), None);
        assert_eq!(
            snapshot_id_of("file-1.json".as_ref()).as_deref(),
            Some("file-1")
        );
    }
}
