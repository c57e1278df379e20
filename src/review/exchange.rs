//! Other annotation tools' files in the window: File > Import... opens a brat pair, Label
//! Studio JSON, doccano JSONL or CoNLL file as a review document (the format found from the
//! file), and File > Export as writes the open review in one of those formats, atomically.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::edit::EditSession;
use crate::exchange::{self, Format};

use super::command::Banner;
use super::controller::{Controller, OpenDoc};
use super::files::DialogPurpose;

/// The formats File > Export as offers (our own review format is Save As).
pub const EXPORT_FORMATS: [Format; 4] = [
    Format::Brat,
    Format::LabelStudio,
    Format::Doccano,
    Format::Conll,
];

/// A format's name as the reviewer reads it.
pub fn format_label(format: Format) -> &'static str {
    match format {
        Format::Review => "article-review",
        Format::Brat => "brat standoff",
        Format::LabelStudio => "Label Studio",
        Format::Doccano => "doccano",
        Format::Conll => "CoNLL BIO",
    }
}

/// Where an export in `format` is proposed, from the review's proposed file `review`: the same
/// stem with the format's extension; brat's gets `.brat` before it, since brat writes the text
/// as `.txt` beside the `.ann` and the article itself is often a `.txt` of that stem.
pub fn export_path(review: &Path, format: Format) -> PathBuf {
    let name = review
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name
        .strip_suffix(".review.json")
        .or_else(|| name.strip_suffix(".json"))
        .unwrap_or(&name);
    let stem = if stem.is_empty() { "review" } else { stem };
    let name = match format {
        Format::Brat => format!("{stem}.brat.ann"),
        Format::LabelStudio => format!("{stem}.label-studio.json"),
        other => format!("{stem}.{}", other.extension()),
    };
    review.with_file_name(name)
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into(),
    )
}

impl Controller {
    /// File > Import...: asks for a file of another annotation tool.
    pub(super) fn ask_import(&mut self) {
        let dir = self.prefs.last_dir.clone().unwrap_or_default();
        self.ask_path(DialogPurpose::Import, None, dir);
    }

    /// Opens `path` as a review document, its format found from the file. A review file opens
    /// as File > Open would; anything else becomes a new, unsaved review. Bad input leaves the
    /// open review as it was and says which file and where.
    pub(super) fn import_path(&mut self, path: PathBuf) {
        let started = Instant::now();
        let (format, docs) = match exchange::import(&path) {
            Ok(imported) => imported,
            Err(e) => {
                self.banner = Some(Banner::error(format!(
                    "Could not import {e}. Nothing was opened."
                )));
                return;
            }
        };
        if format == Format::Review {
            self.start_open(path);
            return;
        }
        let count = docs.len();
        let Some(doc) = docs.into_iter().next() else {
            return;
        };
        let (entities, quotes) = (doc.entities.len(), doc.quotes.len());
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            self.prefs.last_dir = Some(dir.to_path_buf());
        }
        self.install(OpenDoc {
            session: EditSession::new(doc, false),
            review_path: None,
            opened_path: Some(path.clone()),
            name: file_name(&path),
            open_time: started.elapsed(),
            recovery_id: None,
            serial: 0,
        });
        let mut text = format!(
            "Imported {} ({}): {entities} entities, {quotes} quotes. Save (Ctrl+S) writes it \
             as a review file.",
            path.display(),
            format_label(format)
        );
        if count > 1 {
            text.push_str(&format!(
                " The file holds {count} documents and this is the first; `article-review \
                 convert` turns them all into review files."
            ));
        }
        self.banner = Some(Banner::info(text));
    }

    /// File > Export as: asks where to write the open review in `format`.
    pub(super) fn ask_export(&mut self, format: Format) {
        if self.doc.is_none() {
            return;
        }
        let suggested = export_path(&self.proposed_review_path(), format);
        self.ask_path(DialogPurpose::Export(format), None, suggested);
    }

    /// Writes the open review to `path` in `format`; each file atomically. brat writes the text
    /// beside the `.ann`, and an existing `.txt` holding anything else is never replaced.
    pub(super) fn export_to(&mut self, format: Format, path: &Path) {
        let Some(doc) = &self.doc else { return };
        let files = exchange::export(std::slice::from_ref(doc.session.doc()), format, path);
        for file in &files {
            if format == Format::Brat
                && file.path.extension().is_some_and(|e| e == "txt")
                && let Ok(existing) = std::fs::read(&file.path)
                && existing != file.contents.as_bytes()
            {
                self.banner = Some(Banner::error(format!(
                    "Not exported: brat writes the article text to {}, which already holds \
                     another text. Choose another name.",
                    file.path.display()
                )));
                return;
            }
        }
        let mut written: Vec<String> = Vec::new();
        for file in &files {
            if let Err(e) =
                crate::document::save::atomic_write(&file.path, file.contents.as_bytes())
            {
                let done = if written.is_empty() {
                    "Nothing was written.".to_string()
                } else {
                    format!("Written before it: {}.", written.join(", "))
                };
                self.banner = Some(Banner::error(format!(
                    "Could not export to {}: {}. {done}",
                    file.path.display(),
                    e.reason
                )));
                return;
            }
            written.push(file.path.display().to_string());
        }
        self.banner = Some(Banner::info(format!(
            "Exported as {} to {}",
            format_label(format),
            written.join(" and ")
        )));
    }
}
