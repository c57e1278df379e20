//! Review locks: one reviewer per review file, even in a shared folder.
//!
//! Opening an article for review takes a lock, `REVIEW.review.json.lock` beside the review
//! file, holding who has it: user, host, process id, time and a random token. A second window
//! (in this process or any other) that finds a lock held by a live holder must not save over
//! that review: it offers read-only instead. A lock is *stale* when its process is gone (checked
//! only on the same host, where `/proc` tells) or when it is older than [`STALE_AFTER`]; a
//! stale lock may be taken over after asking the reviewer ([`ReviewLock::take_over`]).
//!
//! Lock files are created with mode 0600, like everything else that names unpublished work. A
//! lock another account wrote cannot be read, then: it counts as held by "another user" and
//! becomes stale by its modification time.
//!
//! A window that keeps an article open for more than a day should call [`ReviewLock::refresh`]
//! now and then (every save does), or others will see its lock as stale.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::document::save::private_write_options;

/// What is appended to a review file's name to name its lock.
pub const LOCK_SUFFIX: &str = ".lock";
/// A lock older than this is stale even if its process may still run.
pub const STALE_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// Who holds a lock: what the lock file says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockHolder {
    /// The user name (from `$USER` or `$USERNAME`).
    pub user: String,
    /// The machine.
    pub host: String,
    /// The holding process.
    pub pid: u32,
    /// When the lock was taken or last refreshed, RFC 3339 UTC.
    pub time: String,
    /// Tells two holders in one process apart (two windows on one file).
    #[serde(default)]
    pub token: String,
}

impl LockHolder {
    /// This process, now, with a fresh token.
    pub fn current() -> LockHolder {
        LockHolder {
            user: std::env::var("USER")
                .or_else(|_| std::env::var("USERNAME"))
                .unwrap_or_else(|_| "unknown".into()),
            host: gethostname::gethostname().to_string_lossy().into_owned(),
            pid: std::process::id(),
            time: humantime::format_rfc3339_seconds(SystemTime::now()).to_string(),
            token: new_token(),
        }
    }

    /// "alice on desk-3 (process 4242) since 2026-11-30T07:00:00Z", for the warning.
    pub fn describe(&self) -> String {
        if self.pid == 0 {
            format!("{} since {}", self.user, self.time)
        } else {
            format!(
                "{} on {} (process {}) since {}",
                self.user, self.host, self.pid, self.time
            )
        }
    }
}

/// Why a lock is stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaleReason {
    /// Its process no longer runs on this machine.
    ProcessGone,
    /// It is older than [`STALE_AFTER`].
    TooOld,
}

/// The state of the lock on a review file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LockState {
    /// Nobody holds it.
    Free,
    /// A live holder has it.
    Held(LockHolder),
    /// A holder that is gone, or a lock too old to trust.
    Stale(LockHolder, StaleReason),
}

/// Why a lock could not be taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LockError {
    /// Someone live holds it: offer read-only.
    Held(LockHolder),
    /// A stale lock is in the way: ask, then [`ReviewLock::take_over`].
    Stale(LockHolder, StaleReason),
    /// The lock file could not be written or read; the message names it.
    Io(String),
}

impl std::fmt::Display for LockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LockError::Held(holder) => {
                write!(f, "the review is open elsewhere: {}", holder.describe())
            }
            LockError::Stale(holder, StaleReason::ProcessGone) => write!(
                f,
                "a lock was left by a process that no longer runs: {}",
                holder.describe()
            ),
            LockError::Stale(holder, StaleReason::TooOld) => {
                write!(
                    f,
                    "a lock over a day old is in the way: {}",
                    holder.describe()
                )
            }
            LockError::Io(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for LockError {}

/// The lock file of `review`: `REVIEW.lock`.
pub fn lock_path(review: &Path) -> PathBuf {
    let mut name = review.as_os_str().to_owned();
    name.push(LOCK_SUFFIX);
    PathBuf::from(name)
}

/// Who holds the lock on `review`, if anyone, and whether they are live.
pub fn inspect(review: &Path) -> Result<LockState, LockError> {
    inspect_at(&lock_path(review), SystemTime::now())
}

fn inspect_at(lock: &Path, now: SystemTime) -> Result<LockState, LockError> {
    let holder = match read_holder(lock)? {
        None => return Ok(LockState::Free),
        Some(holder) => holder,
    };
    let taken = humantime::parse_rfc3339(&holder.time).unwrap_or(SystemTime::UNIX_EPOCH);
    if now.duration_since(taken).unwrap_or_default() > STALE_AFTER {
        return Ok(LockState::Stale(holder, StaleReason::TooOld));
    }
    if process_is_gone(&holder) {
        return Ok(LockState::Stale(holder, StaleReason::ProcessGone));
    }
    Ok(LockState::Held(holder))
}

/// A lock this process holds on a review file; released when dropped.
#[derive(Debug)]
pub struct ReviewLock {
    lock: PathBuf,
    holder: LockHolder,
    released: bool,
}

impl ReviewLock {
    /// Takes the lock on `review`. Fails with [`LockError::Held`] when a live holder has it
    /// (a second window in this process included) and [`LockError::Stale`] when a stale lock
    /// is in the way: nothing is taken over without asking.
    pub fn acquire(review: &Path) -> Result<ReviewLock, LockError> {
        let lock = lock_path(review);
        let holder = LockHolder::current();
        match write_new(&lock, &holder) {
            Ok(()) => Ok(ReviewLock {
                lock,
                holder,
                released: false,
            }),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                match inspect_at(&lock, SystemTime::now())? {
                    // Released between our attempt and our look: try once more.
                    LockState::Free => match write_new(&lock, &holder) {
                        Ok(()) => Ok(ReviewLock {
                            lock,
                            holder,
                            released: false,
                        }),
                        Err(e) => Err(io_error(&lock, "cannot create", &e)),
                    },
                    LockState::Held(other) => Err(LockError::Held(other)),
                    LockState::Stale(other, reason) => Err(LockError::Stale(other, reason)),
                }
            }
            Err(e) => Err(io_error(&lock, "cannot create", &e)),
        }
    }

    /// Takes over the stale lock `stale` (as [`LockError::Stale`] reported it) on `review`.
    /// Refuses with [`LockError::Held`] when the lock changed meanwhile (someone else took it
    /// over or refreshed it), so two reviewers taking over at once do not both win.
    pub fn take_over(review: &Path, stale: &LockHolder) -> Result<ReviewLock, LockError> {
        let lock = lock_path(review);
        match read_holder(&lock)? {
            Some(current) if &current != stale => return Err(LockError::Held(current)),
            _ => {}
        }
        let holder = LockHolder::current();
        replace(&lock, &holder).map_err(|e| io_error(&lock, "cannot replace", &e))?;
        // Another taker renaming at the same moment: whoever renamed last holds the file.
        match read_holder(&lock)? {
            Some(current) if current == holder => Ok(ReviewLock {
                lock,
                holder,
                released: false,
            }),
            Some(current) => Err(LockError::Held(current)),
            None => Err(LockError::Io(format!(
                "the lock {} vanished while it was taken over",
                lock.display()
            ))),
        }
    }

    /// What this lock's file says.
    pub fn holder(&self) -> &LockHolder {
        &self.holder
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.lock
    }

    /// True while the lock file is still this lock (nobody took it over).
    pub fn is_still_held(&self) -> bool {
        matches!(read_holder(&self.lock), Ok(Some(current)) if current == self.holder)
    }

    /// Stamps the lock with the current time, so a long session does not look stale. Fails
    /// with [`LockError::Held`] when someone else has taken the lock over meanwhile.
    pub fn refresh(&mut self) -> Result<(), LockError> {
        match read_holder(&self.lock)? {
            Some(current) if current != self.holder => return Err(LockError::Held(current)),
            _ => {}
        }
        let mut holder = self.holder.clone();
        holder.time = humantime::format_rfc3339_seconds(SystemTime::now()).to_string();
        replace(&self.lock, &holder).map_err(|e| io_error(&self.lock, "cannot refresh", &e))?;
        self.holder = holder;
        Ok(())
    }

    /// Releases the lock (removes the file if it is still this lock's).
    pub fn release(mut self) {
        self.release_now();
    }

    fn release_now(&mut self) {
        if !self.released && self.is_still_held() {
            let _ = fs::remove_file(&self.lock);
        }
        self.released = true;
    }
}

impl Drop for ReviewLock {
    fn drop(&mut self) {
        self.release_now();
    }
}

/// The holder the lock file names; None when there is no lock file. A lock file that cannot
/// be read (another account's, mode 0600) or parsed still counts as a lock: its holder is
/// "another user" and its time its modification time, so it goes stale after a day.
fn read_holder(lock: &Path) -> Result<Option<LockHolder>, LockError> {
    match fs::read(lock) {
        Ok(bytes) => {
            Ok(Some(serde_json::from_slice(&bytes).unwrap_or_else(|_| {
                unreadable_holder(lock, "an unreadable lock")
            })))
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
            Ok(Some(unreadable_holder(lock, "another user")))
        }
        Err(e) => Err(io_error(lock, "cannot read", &e)),
    }
}

fn unreadable_holder(lock: &Path, who: &str) -> LockHolder {
    let modified = fs::metadata(lock)
        .and_then(|m| m.modified())
        .unwrap_or(SystemTime::UNIX_EPOCH);
    LockHolder {
        user: who.into(),
        host: String::new(),
        pid: 0,
        time: humantime::format_rfc3339_seconds(modified).to_string(),
        token: String::new(),
    }
}

/// True only when the holder's process is known to be gone: same host, and `/proc` (Linux)
/// has no such process. Elsewhere a lock stays live until it is a day old.
fn process_is_gone(holder: &LockHolder) -> bool {
    if holder.pid == 0 {
        return false;
    }
    let here = gethostname::gethostname().to_string_lossy().into_owned();
    let proc_root = Path::new("/proc");
    holder.host == here
        && proc_root.join("self").exists()
        && !proc_root.join(holder.pid.to_string()).exists()
}

/// Creates the lock file, failing with `AlreadyExists` if there is one.
fn write_new(lock: &Path, holder: &LockHolder) -> io::Result<()> {
    let mut file = private_write_options().create_new(true).open(lock)?;
    let written = file
        .write_all(&serde_json::to_vec(holder).unwrap_or_default())
        .and_then(|()| file.sync_all());
    if written.is_err() {
        let _ = fs::remove_file(lock);
    }
    written
}

/// Replaces the lock file atomically (temporary file, then rename).
fn replace(lock: &Path, holder: &LockHolder) -> io::Result<()> {
    let mut temp_name = lock.as_os_str().to_owned();
    temp_name.push(format!(".{}.{}.tmp", std::process::id(), holder.token));
    let temp = PathBuf::from(temp_name);
    let result = (|| {
        let mut file = private_write_options().create_new(true).open(&temp)?;
        file.write_all(&serde_json::to_vec(holder).unwrap_or_default())?;
        file.sync_all()?;
        fs::rename(&temp, lock)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

fn io_error(lock: &Path, what: &str, error: &io::Error) -> LockError {
    LockError::Io(format!("{what} the lock {}: {error}", lock.display()))
}

/// A token unique enough to tell two locks apart: time, process and a counter.
fn new_token() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!(
        "{:x}-{:x}-{}",
        std::process::id(),
        nanos,
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_older_than_a_day_is_stale_even_when_live() {
        let dir = tempfile::tempdir().unwrap();
        let review = dir.path().join("a.review.json");
        let lock = ReviewLock::acquire(&review).unwrap();
        let later = SystemTime::now() + STALE_AFTER + Duration::from_secs(60);
        match inspect_at(&lock_path(&review), later).unwrap() {
            LockState::Stale(holder, StaleReason::TooOld) => assert_eq!(&holder, lock.holder()),
            other => panic!("expected a stale lock, got {other:?}"),
        }
        assert!(matches!(
            inspect_at(&lock_path(&review), SystemTime::now()).unwrap(),
            LockState::Held(_)
        ));
    }
}
