//! Saving files so that a crash, a kill or a full disk never leaves a half-written file.
//!
//! Every write goes to a temporary file in the target's folder, which is flushed and synced to
//! disk, then renamed over the target (an atomic replacement on the same file system), and the
//! folder is synced so the rename itself survives a power cut. At every moment the target is
//! either the old file or the new one, whole. [`save_document`] also keeps the previous version
//! as `FILE.bak`.

use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::document::json::to_json_pretty;
use crate::document::model::{Document, TOOL_VERSION, now_rfc3339};

/// Why a save failed. The target is unchanged.
#[derive(Debug)]
pub struct SaveError {
    /// The file that was being saved.
    pub path: PathBuf,
    /// The underlying I/O error kind (e.g. `StorageFull`, `PermissionDenied`).
    pub kind: io::ErrorKind,
    /// What went wrong, for people.
    pub reason: String,
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot save {}: {} (the file on disk is unchanged)",
            self.path.display(),
            self.reason
        )
    }
}

impl std::error::Error for SaveError {}

impl From<SaveError> for io::Error {
    fn from(error: SaveError) -> io::Error {
        io::Error::new(error.kind, error.to_string())
    }
}

/// Whether an atomic write keeps the replaced file as `FILE.bak`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backup {
    /// Keep the previous version as `FILE.bak` (review files).
    Keep,
    /// Replace without a backup (command output).
    None,
}

/// Saves `doc` to `path` as pretty JSON with `review.updated_at` set to now, atomically, keeping
/// the previous version of the file as `FILE.bak`.
///
/// On error nothing at `path` has changed and the error says which path and why.
pub fn save_document(path: &Path, doc: &Document) -> Result<(), SaveError> {
    save_document_through(path, doc, |writer| Box::new(writer))
}

/// [`save_document`] with the temporary file's writer wrapped by `wrap`; tests use this to
/// inject write failures (a writer that fails after N bytes, a full disk).
pub fn save_document_through(
    path: &Path,
    doc: &Document,
    wrap: impl for<'w> FnOnce(&'w mut dyn Write) -> Box<dyn Write + 'w>,
) -> Result<(), SaveError> {
    let mut stamped = doc.clone();
    stamped.review.updated_at = now_rfc3339();
    stamped.review.tool_version = TOOL_VERSION.to_string();
    let json = to_json_pretty(&stamped);
    atomic_write_with(path, Backup::Keep, |writer| {
        let mut writer = wrap(writer);
        writer.write_all(json.as_bytes())?;
        writer.flush()
    })
}

/// Replaces the file at `path` with `bytes` atomically (no backup kept). Used by `extract -o`.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    atomic_write_with(path, Backup::None, |writer| writer.write_all(bytes))
}

/// Replaces the file at `path` with whatever `write` writes, atomically: if `write` fails, the
/// target is unchanged. `write` may produce its output piece by piece (`extract --jsonl -o`).
pub fn atomic_write_with(
    path: &Path,
    backup: Backup,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), SaveError> {
    let fail = |step: &str, error: io::Error| SaveError {
        path: path.to_path_buf(),
        kind: error.kind(),
        reason: format!("{step}: {error}"),
    };
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| SaveError {
            path: path.to_path_buf(),
            kind: io::ErrorKind::InvalidInput,
            reason: "the path does not end in a file name".into(),
        })?;
    if path.is_dir() {
        return Err(SaveError {
            path: path.to_path_buf(),
            kind: io::ErrorKind::IsADirectory,
            reason: "it is a folder".into(),
        });
    }
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let (temp, mut file) = create_temp(&dir, name)
        .map_err(|e| fail("cannot create a temporary file in its folder", e))?;
    let result = (|| {
        {
            let mut buffered = io::BufWriter::new(&mut file);
            write(&mut buffered).map_err(|e| fail("writing failed", e))?;
            buffered.flush().map_err(|e| fail("writing failed", e))?;
        }
        file.sync_all()
            .map_err(|e| fail("cannot sync the new file to disk", e))?;
        if let Ok(metadata) = std::fs::metadata(path) {
            // The new version keeps the old one's permissions (e.g. read-only for others).
            let _ = file.set_permissions(metadata.permissions());
        }
        drop(file);
        if backup == Backup::Keep && path.is_file() {
            keep_backup(path, &dir, name).map_err(|e| {
                fail(
                    &format!("cannot keep the previous version as {name}.bak"),
                    e,
                )
            })?;
        }
        std::fs::rename(&temp, path).map_err(|e| fail("cannot replace the file", e))?;
        sync_folder(&dir);
        remove_orphaned_temps(&dir, name);
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// Numbers temporary files so that concurrent saves in one process never share one.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// A fresh temporary file next to the target, opened for writing.
fn create_temp(dir: &Path, target_name: &str) -> io::Result<(PathBuf, File)> {
    loop {
        let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
        let temp = dir.join(format!(".{target_name}.{}.{n}.tmp", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(file) => return Ok((temp, file)),
            // Left by a killed process that had the same pid: try the next number.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Removes temporary files for `target_name` left by processes that were killed mid-save.
/// Only files whose process id is known to be gone are touched (on Linux, via `/proc`); a save
/// running in another live process keeps its temporary file.
fn remove_orphaned_temps(dir: &Path, target_name: &str) {
    let proc_root = Path::new("/proc");
    if !proc_root.join("self").exists() {
        return;
    }
    let prefixes = [format!(".{target_name}."), format!(".{target_name}.bak.")];
    let Ok(listing) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in listing.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        // The name is ".<target>[.bak].<pid>.<n>.tmp".
        let pid = prefixes.iter().find_map(|prefix| {
            let middle = file_name
                .strip_prefix(prefix.as_str())?
                .strip_suffix(".tmp")?;
            let (pid, n) = middle.split_once('.')?;
            n.parse::<u64>().ok()?;
            pid.parse::<u32>().ok()
        });
        let Some(pid) = pid else {
            continue;
        };
        if pid != std::process::id() && !proc_root.join(pid.to_string()).exists() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Makes `FILE.bak` the current `FILE`, itself atomically: a hard link (or, where links are not
/// supported, a synced copy) under a temporary name, renamed over the old backup.
fn keep_backup(path: &Path, dir: &Path, name: &str) -> io::Result<()> {
    let backup = dir.join(format!("{name}.bak"));
    let (temp, file) = create_temp(dir, &format!("{name}.bak"))?;
    drop(file);
    let made = std::fs::remove_file(&temp)
        .and_then(|()| std::fs::hard_link(path, &temp))
        .or_else(|_| {
            std::fs::copy(path, &temp)?;
            File::open(&temp)?.sync_all()
        })
        .and_then(|()| std::fs::rename(&temp, &backup));
    // Renaming a link over another link to the same file does nothing and leaves the temporary
    // name behind (the backup already is the current file, after a save killed mid-way).
    let _ = std::fs::remove_file(&temp);
    made
}

/// Syncs the folder so that a rename in it is on disk. Best effort: some file systems do not
/// support syncing folders, and by then the new file itself is already safely written.
fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    if let Ok(folder) = File::open(dir) {
        let _ = folder.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Write-only options that create files readable by their owner alone (0600 on Unix): for
/// recovery snapshots and review locks, which name unpublished work.
pub fn private_write_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}
