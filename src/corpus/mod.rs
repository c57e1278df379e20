//! Many articles: a folder as a review queue, pre-extraction, corpus statistics and export, and
//! what keeps two reviewers sharing a folder from overwriting each other.
//!
//! - [`queue`]: a folder's articles and review files with their status, sorted and filtered,
//!   with a cached index so that large folders list quickly;
//! - [`batch`]: extracting every article without a review, on worker threads, cancellable;
//! - [`stats`] and [`gender`]: corpus statistics (`article-review stats`, the Statistics view);
//! - [`export`]: one row per quote across a folder (`article-review export`);
//! - [`lock`]: review locks (one live holder per review file) and stale-lock take-over;
//! - [`disk_version`]: "the file changed on disk since it was loaded", checked before saving.
//!
//! Nothing here knows about egui: the window's review controller calls these.

pub mod batch;
pub mod disk_version;
pub mod export;
pub mod gender;
pub mod lock;
pub mod queue;
pub mod stats;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::document::json::read_review;
use crate::document::load::read_file;
use crate::document::model::Document;
use queue::Queue;

/// A review file to read, with the name it is shown under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewFile {
    /// The path under the folder it was found in, or the path as given for a file argument.
    pub name: String,
    /// The file.
    pub path: PathBuf,
}

/// The review files of `inputs`: for a folder, every review file of its queue (in its output
/// folder too), in name order; a file is taken as given.
pub fn review_files(inputs: &[PathBuf]) -> Result<Vec<ReviewFile>, String> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let queue = Queue::open(input).map_err(|e| e.to_string())?;
            files.extend(
                queue
                    .items()
                    .iter()
                    .filter(|item| item.has_review())
                    .map(|item| ReviewFile {
                        name: item.name.clone(),
                        path: item.review_path.clone(),
                    }),
            );
        } else if input.exists() {
            files.push(ReviewFile {
                name: input.display().to_string(),
                path: input.clone(),
            });
        } else {
            return Err(format!("{}: no such file or folder", input.display()));
        }
    }
    Ok(files)
}

/// Reads one review file (checked like every opened review file).
pub fn read_review_file(path: &Path) -> Result<Document, String> {
    let label = path.display().to_string();
    let bytes = read_file(path).map_err(|e| e.to_string())?;
    read_review(&bytes, &label).map_err(|e| e.to_string())
}

/// Reads `files` on all cores and folds each document into a value with `add`, keeping file
/// order in `merge`; unreadable files are returned as (name, message), in order.
pub fn fold_reviews<T: Send>(
    files: &[ReviewFile],
    empty: impl Fn() -> T + Sync + Send,
    add: impl Fn(T, &ReviewFile, Document) -> T + Sync + Send,
    merge: impl Fn(T, T) -> T + Sync + Send,
) -> (T, Vec<(String, String)>) {
    let (value, mut problems) = files
        .par_iter()
        .fold(
            || (empty(), Vec::new()),
            |(value, mut problems), file| match read_review_file(&file.path) {
                Ok(doc) => (add(value, file, doc), problems),
                Err(message) => {
                    problems.push((file.name.clone(), message));
                    (value, problems)
                }
            },
        )
        .reduce(
            || (empty(), Vec::new()),
            |(a, mut pa), (b, pb)| {
                pa.extend(pb);
                (merge(a, b), pa)
            },
        );
    problems.sort();
    (value, problems)
}
