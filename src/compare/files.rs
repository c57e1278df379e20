//! Comparing review files and folders of review files.
//!
//! Two folders are paired file by file: by the article's `source.sha256`, or by file name when
//! the file has none (or when the same article is in a folder twice). Files without a partner
//! are listed, not compared.

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::compare::{Comparison, Counts, TextMismatch, compare};
use crate::document::json::read_review;
use crate::document::load::{LoadError, read_file};
use crate::document::model::Document;

/// Why a comparison could not be made.
#[derive(Debug, Clone, PartialEq)]
pub enum CompareError {
    /// A review file could not be read.
    Load(LoadError),
    /// Two paired files are reviews of different texts.
    Mismatch {
        /// A's file.
        a: PathBuf,
        /// B's file.
        b: PathBuf,
        /// How the texts differ.
        mismatch: TextMismatch,
    },
    /// One path is a file and the other a folder, or a path is neither.
    Paths(String),
}

impl fmt::Display for CompareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CompareError::Load(e) => write!(f, "{e}"),
            CompareError::Mismatch { a, b, mismatch } => {
                write!(f, "{} and {}: {mismatch}", a.display(), b.display())
            }
            CompareError::Paths(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for CompareError {}

/// One compared pair of review files.
#[derive(Debug, Clone, PartialEq)]
pub struct ComparedPair {
    /// A's file.
    pub a: PathBuf,
    /// B's file.
    pub b: PathBuf,
    /// The comparison.
    pub comparison: Comparison,
}

/// The comparison of two review files or two folders of them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FolderComparison {
    /// Every paired article, in A's file order.
    pub pairs: Vec<ComparedPair>,
    /// The counts summed over all pairs.
    pub pooled: Counts,
    /// A's files with no partner in B.
    pub unpaired_a: Vec<PathBuf>,
    /// B's files with no partner in A.
    pub unpaired_b: Vec<PathBuf>,
}

/// Reads one review file.
pub fn read_review_file(path: &Path) -> Result<Document, CompareError> {
    let label = path.display().to_string();
    read_file(path)
        .and_then(|bytes| read_review(&bytes, &label))
        .map_err(CompareError::Load)
}

/// Compares two review files, or two folders of review files (see the module doc).
pub fn compare_paths(a: &Path, b: &Path) -> Result<FolderComparison, CompareError> {
    match (a.is_dir(), b.is_dir()) {
        (true, true) => compare_folders(a, b),
        (false, false) => {
            let (doc_a, doc_b) = rayon::join(|| read_review_file(a), || read_review_file(b));
            let (doc_a, doc_b) = (doc_a?, doc_b?);
            let comparison =
                compare(&doc_a, &doc_b).map_err(|mismatch| CompareError::Mismatch {
                    a: a.to_path_buf(),
                    b: b.to_path_buf(),
                    mismatch,
                })?;
            Ok(FolderComparison {
                pooled: comparison.counts,
                pairs: vec![ComparedPair {
                    a: a.to_path_buf(),
                    b: b.to_path_buf(),
                    comparison,
                }],
                ..FolderComparison::default()
            })
        }
        (true, false) | (false, true) => {
            let (folder, file) = if a.is_dir() { (a, b) } else { (b, a) };
            Err(CompareError::Paths(format!(
                "{} is a folder but {} is not: compare two review files or two folders",
                folder.display(),
                file.display()
            )))
        }
    }
}

/// The review files of a folder (`*.json`, not recursive), sorted by name.
fn review_files(folder: &Path) -> Result<Vec<PathBuf>, CompareError> {
    let entries = std::fs::read_dir(folder).map_err(|e| {
        CompareError::Paths(format!("{}: cannot list the folder: {e}", folder.display()))
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.is_file()
                && path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        })
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(CompareError::Paths(format!(
            "{} holds no review files (*.json)",
            folder.display()
        )));
    }
    Ok(files)
}

/// A loaded folder: pairing key → (path, document), plus the keys in file order.
struct Folder {
    by_key: BTreeMap<String, (PathBuf, Document)>,
    order: Vec<String>,
}

fn load_folder(folder: &Path) -> Result<Vec<(PathBuf, Document)>, CompareError> {
    let files = review_files(folder)?;
    files
        .par_iter()
        .map(|path| read_review_file(path).map(|doc| (path.clone(), doc)))
        .collect()
}

/// The article's sha256, or the file name when the file records none. Articles that occur
/// more than once in a folder (the same text saved under two names) pair by sha256 and file
/// name, so each copy meets its namesake.
fn pairing_key(path: &Path, doc: &Document, repeated: &HashSet<&str>) -> String {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    match &doc.source.sha256 {
        Some(hash) if repeated.contains(hash.as_str()) => format!("sha256:{hash}/{name}"),
        Some(hash) => format!("sha256:{hash}"),
        None => format!("name:{name}"),
    }
}

/// The sha256 values that occur more than once within one of the folders.
fn repeated_hashes(folders: [&[(PathBuf, Document)]; 2]) -> HashSet<&str> {
    let mut repeated = HashSet::new();
    for docs in folders {
        let mut seen = HashSet::new();
        for (_, doc) in docs {
            if let Some(hash) = doc.source.sha256.as_deref()
                && !seen.insert(hash)
            {
                repeated.insert(hash);
            }
        }
    }
    repeated
}

/// Keys are unique within a folder: a repeated sha256 is qualified by the file name, and file
/// names are unique in a folder.
fn index_folder(docs: Vec<(PathBuf, Document)>, repeated: &HashSet<&str>) -> Folder {
    let mut by_key = BTreeMap::new();
    let mut order = Vec::with_capacity(docs.len());
    for (path, doc) in docs {
        let key = pairing_key(&path, &doc, repeated);
        order.push(key.clone());
        by_key.insert(key, (path, doc));
    }
    Folder { by_key, order }
}

/// Compares two folders of review files, paired by article (see the module doc).
pub fn compare_folders(a: &Path, b: &Path) -> Result<FolderComparison, CompareError> {
    let (docs_a, docs_b) = rayon::join(|| load_folder(a), || load_folder(b));
    let (docs_a, docs_b) = (docs_a?, docs_b?);
    let repeated: HashSet<String> = repeated_hashes([&docs_a, &docs_b])
        .into_iter()
        .map(String::from)
        .collect();
    let repeated: HashSet<&str> = repeated.iter().map(String::as_str).collect();
    let folder_a = index_folder(docs_a, &repeated);
    let folder_b = index_folder(docs_b, &repeated);
    let paired: Vec<(&PathBuf, &Document, &PathBuf, &Document)> = folder_a
        .order
        .iter()
        .filter_map(|key| {
            let (path_a, doc_a) = &folder_a.by_key[key];
            folder_b
                .by_key
                .get(key)
                .map(|(path_b, doc_b)| (path_a, doc_a, path_b, doc_b))
        })
        .collect();
    let pairs: Vec<ComparedPair> = paired
        .par_iter()
        .map(|(path_a, doc_a, path_b, doc_b)| {
            compare(doc_a, doc_b)
                .map(|comparison| ComparedPair {
                    a: PathBuf::clone(path_a),
                    b: PathBuf::clone(path_b),
                    comparison,
                })
                .map_err(|mismatch| CompareError::Mismatch {
                    a: PathBuf::clone(path_a),
                    b: PathBuf::clone(path_b),
                    mismatch,
                })
        })
        .collect::<Result<_, _>>()?;
    let mut pooled = Counts::default();
    for pair in &pairs {
        pooled.add(&pair.comparison.counts);
    }
    let unpaired = |from: &Folder, other: &Folder| -> Vec<PathBuf> {
        from.order
            .iter()
            .filter(|key| !other.by_key.contains_key(*key))
            .map(|key| from.by_key[key].0.clone())
            .collect()
    };
    Ok(FolderComparison {
        unpaired_a: unpaired(&folder_a, &folder_b),
        unpaired_b: unpaired(&folder_b, &folder_a),
        pairs,
        pooled,
    })
}
