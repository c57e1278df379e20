//! "The file on disk changed since it was loaded": the check before every save.
//!
//! When a review file is loaded (or saved), its SHA-256 is kept as a [`DiskVersion`]. Before
//! the next save, [`DiskVersion::check`] hashes the file again; if another window, another
//! reviewer or a sync tool wrote it meanwhile, the save must ask (overwrite, save as, or
//! reload) instead of silently overwriting. [`save_checked`] does both steps.

use std::io;
use std::path::Path;

use crate::document::load::{LoadError, read_file, sha256_hex};
use crate::document::model::Document;
use crate::document::save::{SaveError, save_document};
use crate::extract::Extractor;
use crate::open::open_bytes;

/// The content a file had when it was loaded or last saved: its SHA-256, or None when there
/// was no file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiskVersion(pub Option<String>);

/// What happened to a file since its [`DiskVersion`] was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiskChange {
    /// Same content (or still no file).
    Unchanged,
    /// The content is different.
    Changed,
    /// The file was deleted.
    Removed,
    /// There was no file; now there is one.
    Created,
}

impl DiskVersion {
    /// The version of `bytes` just read from (or written to) the file.
    pub fn of_bytes(bytes: &[u8]) -> DiskVersion {
        DiskVersion(Some(sha256_hex(bytes)))
    }

    /// The version of the file at `path` now (None inside when there is no file).
    pub fn of_file(path: &Path) -> io::Result<DiskVersion> {
        match std::fs::read(path) {
            Ok(bytes) => Ok(DiskVersion::of_bytes(&bytes)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(DiskVersion(None)),
            Err(e) => Err(e),
        }
    }

    /// What happened to the file at `path` since this version was taken.
    pub fn check(&self, path: &Path) -> io::Result<DiskChange> {
        let now = DiskVersion::of_file(path)?;
        Ok(match (&self.0, &now.0) {
            (a, b) if a == b => DiskChange::Unchanged,
            (Some(_), None) => DiskChange::Removed,
            (None, Some(_)) => DiskChange::Created,
            _ => DiskChange::Changed,
        })
    }
}

/// Opens `path` like [`open_path`](crate::open::open_path) and returns the version
/// of exactly the bytes it read, so no outside write can slip between reading and hashing.
pub fn open_with_version(
    path: &Path,
    extractor: &Extractor,
) -> Result<(Document, DiskVersion), LoadError> {
    let bytes = read_file(path)?;
    let doc = open_bytes(path, &bytes, extractor)?;
    Ok((doc, DiskVersion::of_bytes(&bytes)))
}

/// Why [`save_checked`] did not save.
#[derive(Debug)]
pub enum CheckedSaveError {
    /// The file changed on disk since `expected`: ask the reviewer (overwrite, save as,
    /// reload). Nothing was written.
    ChangedOnDisk(DiskChange),
    /// The file could not be hashed (permissions); nothing was written.
    Unreadable(String),
    /// The save itself failed; the file on disk is unchanged.
    Save(SaveError),
}

impl std::fmt::Display for CheckedSaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CheckedSaveError::ChangedOnDisk(DiskChange::Removed) => {
                f.write_str("the file was deleted on disk since it was opened")
            }
            CheckedSaveError::ChangedOnDisk(DiskChange::Created) => {
                f.write_str("another program created this file since the article was opened")
            }
            CheckedSaveError::ChangedOnDisk(_) => {
                f.write_str("the file changed on disk since it was opened")
            }
            CheckedSaveError::Unreadable(message) => f.write_str(message),
            CheckedSaveError::Save(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for CheckedSaveError {}

/// Saves `doc` to `path` (atomically, keeping `FILE.bak`) only if the file is still as
/// `expected`; returns the new version to check the next save against. To overwrite after the
/// reviewer said so, pass the version [`DiskVersion::of_file`] gives now.
pub fn save_checked(
    path: &Path,
    doc: &Document,
    expected: &DiskVersion,
) -> Result<DiskVersion, CheckedSaveError> {
    let change = expected.check(path).map_err(|e| {
        CheckedSaveError::Unreadable(format!("cannot read {} to check it: {e}", path.display()))
    })?;
    if change != DiskChange::Unchanged {
        return Err(CheckedSaveError::ChangedOnDisk(change));
    }
    save_document(path, doc).map_err(CheckedSaveError::Save)?;
    DiskVersion::of_file(path).map_err(|e| {
        CheckedSaveError::Unreadable(format!(
            "saved {}, but cannot read it back: {e}",
            path.display()
        ))
    })
}
