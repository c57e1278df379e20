//! Preferences remembered between runs (eframe persistence). Never the document itself.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// How many files File > Open Recent lists.
pub const MAX_RECENT: usize = 10;

/// What the window remembers between runs. Panel sizes and the window size are remembered by
/// egui and eframe themselves.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Recently opened files, newest first.
    pub recent: Vec<PathBuf>,
    /// The folder of the last file opened or saved, where dialogs start.
    pub last_dir: Option<PathBuf>,
    /// Show only quotes nobody has reviewed yet.
    pub unreviewed_only: bool,
    /// The confidence under which a proposal is doubtful; `None`: the default
    /// ([`crate::triage::DEFAULT_THRESHOLD`]).
    pub doubt_threshold: Option<f32>,
    /// Use the window's own file browser even where the system has a file dialog.
    pub window_file_browser: bool,
}

impl Prefs {
    /// Puts `path` first in the recent list.
    pub fn remember(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path.clone());
        self.recent.truncate(MAX_RECENT);
        self.last_dir = path.parent().map(Path::to_path_buf);
    }
}
