//! The in-window file browser, for systems with no file dialog (no desktop portal, no
//! `zenity`): a folder's listing (folders first), a type filter, going up, a typed path,
//! places (home, the article's and the queue's folders, recent ones), a file name for Save As
//! and Export, and the question before writing over an existing file.
//!
//! No egui: the window's `ui::file_browser` draws a [`FileBrowser`] and sends
//! [`BrowseCommand`]s, which the controller applies here. Every failure (an unreadable
//! folder, a file that vanished, a name that is a folder) becomes [`FileBrowser::error`]; the
//! listing shown before stays.

use std::cmp::Ordering;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::files::{DialogPurpose, typed_path};

/// What the browser is choosing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrowseMode {
    /// An existing file.
    Open,
    /// Where to write a file: a folder and a name.
    Save,
    /// A folder (the one being shown, or the highlighted one).
    Folder,
}

impl BrowseMode {
    /// The mode a dialog purpose needs.
    pub fn of(purpose: DialogPurpose) -> BrowseMode {
        if purpose.wants_folder() {
            BrowseMode::Folder
        } else if purpose.is_open() {
            BrowseMode::Open
        } else {
            BrowseMode::Save
        }
    }
}

/// One choice of the type filter: the file name endings it lets through (none: every file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeFilter {
    /// What the reviewer sees, with the endings ("Articles and reviews (.txt .md ...)").
    pub label: String,
    /// Extensions without the dot, lower case.
    pub extensions: Vec<String>,
}

impl TypeFilter {
    fn new(name: &str, extensions: &[&str]) -> TypeFilter {
        let endings: Vec<String> = extensions.iter().map(|e| format!(".{e}")).collect();
        TypeFilter {
            label: format!("{name} ({})", endings.join(" ")),
            extensions: extensions.iter().map(|e| e.to_string()).collect(),
        }
    }

    fn all_files() -> TypeFilter {
        TypeFilter {
            label: "All files".into(),
            extensions: Vec::new(),
        }
    }

    /// Whether a file called `name` passes (extensions compared ignoring case).
    pub fn matches(&self, name: &str) -> bool {
        if self.extensions.is_empty() {
            return true;
        }
        Path::new(name)
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|ext| {
                self.extensions
                    .iter()
                    .any(|wanted| wanted.eq_ignore_ascii_case(ext))
            })
    }
}

/// The type filters offered for `purpose`, the default first (the same as the system
/// dialog's).
pub fn filters_for(purpose: DialogPurpose) -> Vec<TypeFilter> {
    use crate::exchange::Format;
    let first = match purpose {
        DialogPurpose::Open => TypeFilter::new(
            "Articles and reviews",
            &["txt", "md", "html", "htm", "json"],
        ),
        DialogPurpose::SaveReview | DialogPurpose::CompareWith => {
            TypeFilter::new("Review files", &["json"])
        }
        DialogPurpose::ExportCsv | DialogPurpose::ExportChart => TypeFilter::new("CSV", &["csv"]),
        DialogPurpose::ExportCorpus => TypeFilter::new("CSV or JSON lines", &["csv", "jsonl"]),
        DialogPurpose::Import => TypeFilter::new(
            "Annotation files",
            &["ann", "txt", "json", "jsonl", "conll", "bio", "iob"],
        ),
        DialogPurpose::Export(format) => TypeFilter::new(
            crate::review::exchange::format_label(format),
            match format {
                Format::Brat => &["ann"],
                Format::Doccano => &["jsonl"],
                Format::Conll => &["conll"],
                _ => &["json"],
            },
        ),
        DialogPurpose::OpenFolder
        | DialogPurpose::OutputFolder
        | DialogPurpose::SecondReviewerFolder => {
            return vec![TypeFilter {
                label: "Folders".into(),
                extensions: Vec::new(),
            }];
        }
    };
    vec![first, TypeFilter::all_files()]
}

/// A file or folder in the listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrowserEntry {
    /// The name (lossy where it is not Unicode).
    pub name: String,
    /// The full path.
    pub path: PathBuf,
    /// A folder (or a link to one).
    pub is_dir: bool,
    /// The size in bytes, for files whose size could be read.
    pub size: Option<u64>,
    /// When it last changed, where known.
    pub modified: Option<SystemTime>,
}

/// Why a place is offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    /// The user's home folder.
    Home,
    /// The folder of the open article.
    Article,
    /// The folder open as the review queue.
    Queue,
    /// A folder a recent file is in, or a recent queue folder.
    Recent,
    /// The top of the file system.
    Root,
}

/// A folder offered beside the listing, one click away.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// What the reviewer sees ("Home", "This article's folder", a folder's name).
    pub label: String,
    /// The folder.
    pub path: PathBuf,
    /// Why it is there.
    pub kind: PlaceKind,
}

impl Place {
    /// A place for `path`, labelled `label`.
    pub fn new(label: impl Into<String>, path: impl Into<PathBuf>, kind: PlaceKind) -> Place {
        Place {
            label: label.into(),
            path: path.into(),
            kind,
        }
    }
}

/// The places for a browser: home, the article's folder, the queue's folder, the folders of
/// recent files (or recent folders themselves), the file system's top; no folder twice and
/// none that is gone.
pub fn places(
    home: Option<&Path>,
    article: Option<&Path>,
    queue: Option<&Path>,
    recent: &[PathBuf],
) -> Vec<Place> {
    let mut out: Vec<Place> = Vec::new();
    let mut add = |label: String, path: &Path, kind: PlaceKind| {
        if path.is_dir() && !out.iter().any(|p| p.path == path) {
            out.push(Place::new(label, path, kind));
        }
    };
    if let Some(home) = home {
        add("Home".into(), home, PlaceKind::Home);
    }
    if let Some(dir) = article {
        add("This article's folder".into(), dir, PlaceKind::Article);
    }
    if let Some(dir) = queue {
        add("The queue's folder".into(), dir, PlaceKind::Queue);
    }
    for path in recent {
        let dir = if path.is_dir() {
            path.as_path()
        } else {
            match path.parent() {
                Some(parent) => parent,
                None => continue,
            }
        };
        add(folder_label(dir), dir, PlaceKind::Recent);
    }
    add("File system".into(), Path::new("/"), PlaceKind::Root);
    out
}

fn folder_label(dir: &Path) -> String {
    dir.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| dir.display().to_string())
}

/// What an action in the browser came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BrowseOutcome {
    /// The browser stays open (it moved, or shows an error or a question).
    Stay,
    /// The reviewer chose this path: the browser closes.
    Chosen(PathBuf),
}

/// What the reviewer does in the browser; applied by [`FileBrowser::apply`] (the controller
/// takes [`Cancel`](BrowseCommand::Cancel) itself: the question closes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BrowseCommand {
    /// Show this folder (a place, or a folder in the listing).
    GoTo(PathBuf),
    /// A typed path: a folder is shown, a file is chosen (or, when saving, named).
    Typed(String),
    /// Show the folder above.
    Up,
    /// Read the folder again.
    Refresh,
    /// Highlight the n-th entry of the listing.
    Highlight(usize),
    /// Move the highlight up (-1) or down (+1).
    Move(isize),
    /// Open the n-th entry: go into a folder, choose a file (a double click).
    Activate(usize),
    /// Enter: open the highlighted entry, else choose (the file name, or this folder).
    Enter,
    /// The main button: Open, Save or Choose.
    Choose,
    /// The file name being typed (Save).
    Name(String),
    /// Pick the n-th type filter.
    Filter(usize),
    /// Show hidden files (names starting with a dot).
    ShowHidden(bool),
    /// The answer to "replace the existing file?".
    Overwrite(bool),
    /// Close without choosing.
    Cancel,
}

/// The browser's state: where it is, what it lists and what is being chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct FileBrowser {
    purpose: DialogPurpose,
    mode: BrowseMode,
    dir: PathBuf,
    entries: Vec<BrowserEntry>,
    filters: Vec<TypeFilter>,
    filter: usize,
    highlight: Option<usize>,
    name: String,
    places: Vec<Place>,
    error: Option<String>,
    overwrite: Option<PathBuf>,
    show_hidden: bool,
}

impl FileBrowser {
    /// A browser for `purpose`. `start` is the proposed file when saving (its folder is shown
    /// and its name filled in), else the folder to start in; a start that cannot be read falls
    /// back to its nearest readable parent, then home, with the reason shown.
    pub fn new(purpose: DialogPurpose, start: &Path, places: Vec<Place>) -> FileBrowser {
        let mode = BrowseMode::of(purpose);
        let (dir, name) = match mode {
            BrowseMode::Save => (
                start.parent().map(Path::to_path_buf).unwrap_or_default(),
                start
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            ),
            _ => (start.to_path_buf(), String::new()),
        };
        let mut browser = FileBrowser {
            purpose,
            mode,
            dir: PathBuf::new(),
            entries: Vec::new(),
            filters: filters_for(purpose),
            filter: 0,
            highlight: None,
            name,
            places,
            error: None,
            overwrite: None,
            show_hidden: false,
        };
        let dir = if dir.as_os_str().is_empty() {
            std::env::current_dir().unwrap_or_default()
        } else {
            dir
        };
        let mut first_error = None;
        let fallbacks = dir
            .ancestors()
            .map(Path::to_path_buf)
            .chain(dirs::home_dir())
            .chain([PathBuf::from("/")]);
        for candidate in fallbacks {
            if browser.go_to(&candidate) {
                break;
            }
            first_error.get_or_insert(browser.error.take());
        }
        if let Some(error) = first_error.flatten() {
            browser.error = Some(error);
        }
        browser
    }

    /// What it is for.
    pub fn purpose(&self) -> DialogPurpose {
        self.purpose
    }

    /// Open, save or folder.
    pub fn mode(&self) -> BrowseMode {
        self.mode
    }

    /// The folder shown.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Its folders (first) and the files the type filter lets through, sorted by name.
    pub fn entries(&self) -> &[BrowserEntry] {
        &self.entries
    }

    /// The type filters offered.
    pub fn filters(&self) -> &[TypeFilter] {
        &self.filters
    }

    /// The index of the type filter in use.
    pub fn filter(&self) -> usize {
        self.filter
    }

    /// The highlighted entry, if any.
    pub fn highlight(&self) -> Option<usize> {
        self.highlight
    }

    /// The file name typed (Save).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The places offered beside the listing.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// What went wrong last (what and where), until the next successful step.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The existing file the reviewer is asked about replacing.
    pub fn overwrite_question(&self) -> Option<&Path> {
        self.overwrite.as_deref()
    }

    /// Whether hidden files are listed.
    pub fn shows_hidden(&self) -> bool {
        self.show_hidden
    }

    /// The path the main button would choose now, if it is known (the highlighted file when
    /// opening; the folder when choosing one; the named file when saving).
    pub fn target(&self) -> Option<PathBuf> {
        let highlighted = self.highlight.and_then(|i| self.entries.get(i));
        match self.mode {
            BrowseMode::Open => highlighted.filter(|e| !e.is_dir).map(|e| e.path.clone()),
            BrowseMode::Folder => Some(
                highlighted
                    .map(|e| e.path.clone())
                    .unwrap_or_else(|| self.dir.clone()),
            ),
            BrowseMode::Save => {
                let name = self.name.trim();
                (!name.is_empty()).then(|| self.resolve(name))
            }
        }
    }

    /// Applies a reviewer's action.
    pub fn apply(&mut self, command: BrowseCommand) -> BrowseOutcome {
        if !matches!(command, BrowseCommand::Overwrite(_) | BrowseCommand::Cancel) {
            // Anything else the reviewer does answers "keep the existing file".
            self.overwrite = None;
        }
        match command {
            BrowseCommand::GoTo(dir) => {
                self.go_to(&dir);
                BrowseOutcome::Stay
            }
            BrowseCommand::Typed(text) => self.typed(&text),
            BrowseCommand::Up => {
                self.up();
                BrowseOutcome::Stay
            }
            BrowseCommand::Refresh => {
                let dir = self.dir.clone();
                self.go_to(&dir);
                BrowseOutcome::Stay
            }
            BrowseCommand::Highlight(index) => {
                self.set_highlight(Some(index));
                BrowseOutcome::Stay
            }
            BrowseCommand::Move(delta) => {
                self.move_highlight(delta);
                BrowseOutcome::Stay
            }
            BrowseCommand::Activate(index) => self.activate(index),
            BrowseCommand::Enter => match self.highlight {
                Some(index) => self.activate(index),
                None => self.choose(),
            },
            BrowseCommand::Choose => self.choose(),
            BrowseCommand::Name(name) => {
                self.name = name;
                // The name typed is what Enter saves to now, not the highlighted entry.
                self.highlight = None;
                self.error = None;
                BrowseOutcome::Stay
            }
            BrowseCommand::Filter(index) => {
                if index < self.filters.len() {
                    self.filter = index;
                    let dir = self.dir.clone();
                    self.go_to(&dir);
                }
                BrowseOutcome::Stay
            }
            BrowseCommand::ShowHidden(show) => {
                self.show_hidden = show;
                let dir = self.dir.clone();
                self.go_to(&dir);
                BrowseOutcome::Stay
            }
            BrowseCommand::Overwrite(replace) => match self.overwrite.take() {
                Some(path) if replace => BrowseOutcome::Chosen(path),
                _ => BrowseOutcome::Stay,
            },
            BrowseCommand::Cancel => BrowseOutcome::Stay,
        }
    }

    /// Shows `dir`; on failure keeps the listing shown and says why. Returns whether it moved.
    fn go_to(&mut self, dir: &Path) -> bool {
        match self.list(dir) {
            Ok(entries) => {
                let came_from = (self.dir.parent() == Some(dir)).then(|| self.dir.clone());
                self.dir = dir.to_path_buf();
                self.entries = entries;
                self.error = None;
                // Going up highlights the folder just left, so Enter goes back into it.
                self.highlight =
                    came_from.and_then(|from| self.entries.iter().position(|e| e.path == from));
                true
            }
            Err(reason) => {
                self.error = Some(format!(
                    "Could not open the folder {}: {reason}",
                    dir.display()
                ));
                false
            }
        }
    }

    fn up(&mut self) {
        match self.dir.parent().map(Path::to_path_buf) {
            Some(parent) => {
                self.go_to(&parent);
            }
            None => self.error = Some(format!("{} has no folder above it.", self.dir.display())),
        }
    }

    fn list(&self, dir: &Path) -> Result<Vec<BrowserEntry>, String> {
        let read = std::fs::read_dir(dir).map_err(|e| io_reason(&e))?;
        let filter = &self.filters[self.filter];
        let mut entries = Vec::new();
        for item in read {
            // An entry that vanished while the folder was read is simply not listed.
            let Ok(item) = item else { continue };
            let name = item.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') && !self.show_hidden {
                continue;
            }
            let path = item.path();
            // Follows links, so a link to a folder is a folder; a broken link is a file.
            let meta = std::fs::metadata(&path).ok();
            let is_dir = meta.as_ref().is_some_and(|m| m.is_dir());
            if !is_dir && (self.mode == BrowseMode::Folder || !filter.matches(&name)) {
                continue;
            }
            entries.push(BrowserEntry {
                size: meta.as_ref().filter(|m| m.is_file()).map(|m| m.len()),
                modified: meta.as_ref().and_then(|m| m.modified().ok()),
                name,
                path,
                is_dir,
            });
        }
        entries.sort_by(|a, b| {
            b.is_dir
                .cmp(&a.is_dir)
                .then_with(|| compare_names(&a.name, &b.name))
        });
        Ok(entries)
    }

    fn set_highlight(&mut self, index: Option<usize>) {
        self.highlight = index.filter(|&i| i < self.entries.len());
        if self.mode == BrowseMode::Save
            && let Some(entry) = self.highlight.and_then(|i| self.entries.get(i))
            && !entry.is_dir
        {
            // Highlighting a file proposes writing over it (asked about before it happens).
            self.name = entry.name.clone();
        }
    }

    fn move_highlight(&mut self, delta: isize) {
        if self.entries.is_empty() {
            return;
        }
        let last = self.entries.len() - 1;
        let next = match self.highlight {
            None if delta < 0 => last,
            None => 0,
            Some(i) => i.saturating_add_signed(delta).min(last),
        };
        self.set_highlight(Some(next));
    }

    fn activate(&mut self, index: usize) -> BrowseOutcome {
        let Some(entry) = self.entries.get(index).cloned() else {
            return BrowseOutcome::Stay;
        };
        self.set_highlight(Some(index));
        if entry.is_dir {
            if !entry.path.is_dir() {
                return self.vanished(&entry.path);
            }
            self.go_to(&entry.path);
            return BrowseOutcome::Stay;
        }
        match self.mode {
            BrowseMode::Open => self.choose_existing(&entry.path),
            BrowseMode::Save => self.choose_save(entry.path),
            BrowseMode::Folder => BrowseOutcome::Stay,
        }
    }

    fn choose(&mut self) -> BrowseOutcome {
        match self.mode {
            BrowseMode::Open => match self.highlight {
                Some(index) => self.activate(index),
                None => {
                    self.error = Some("Choose a file first (click it, or Up/Down).".into());
                    BrowseOutcome::Stay
                }
            },
            BrowseMode::Folder => {
                let Some(dir) = self.target() else {
                    return BrowseOutcome::Stay;
                };
                if dir.is_dir() {
                    BrowseOutcome::Chosen(dir)
                } else {
                    self.vanished(&dir)
                }
            }
            BrowseMode::Save => {
                let name = self.name.trim().to_string();
                if name.is_empty() {
                    self.error = Some("Type a file name first.".into());
                    return BrowseOutcome::Stay;
                }
                let path = self.resolve(&name);
                if path.is_dir() {
                    self.name.clear();
                    self.go_to(&path);
                    return BrowseOutcome::Stay;
                }
                self.choose_save(path)
            }
        }
    }

    fn typed(&mut self, text: &str) -> BrowseOutcome {
        let Some(path) = typed_path(text).map(|p| self.dir.join(p)) else {
            return BrowseOutcome::Stay;
        };
        if path.is_dir() {
            self.go_to(&path);
            return BrowseOutcome::Stay;
        }
        match self.mode {
            BrowseMode::Open if path.is_file() => self.choose_existing(&path),
            BrowseMode::Save => {
                let Some(name) = path.file_name() else {
                    return BrowseOutcome::Stay;
                };
                self.name = name.to_string_lossy().into_owned();
                self.highlight = None;
                match path.parent() {
                    Some(parent) if parent.is_dir() => {
                        self.go_to(parent);
                        self.choose_save(path)
                    }
                    _ => {
                        self.error = Some(format!(
                            "The folder {} does not exist.",
                            path.parent().unwrap_or(&path).display()
                        ));
                        BrowseOutcome::Stay
                    }
                }
            }
            BrowseMode::Folder if path.exists() => {
                self.error = Some(format!("{} is a file, not a folder.", path.display()));
                BrowseOutcome::Stay
            }
            // The queue's output folder is created when chosen, so a new one can be typed.
            BrowseMode::Folder
                if self.purpose == DialogPurpose::OutputFolder
                    && path.parent().is_some_and(Path::is_dir) =>
            {
                BrowseOutcome::Chosen(path)
            }
            _ => {
                self.error = Some(format!("There is no file or folder {}.", path.display()));
                BrowseOutcome::Stay
            }
        }
    }

    fn choose_existing(&mut self, path: &Path) -> BrowseOutcome {
        if path.is_file() {
            BrowseOutcome::Chosen(path.to_path_buf())
        } else {
            self.vanished(path)
        }
    }

    /// Saving to `path`: asks first when a file is there.
    fn choose_save(&mut self, path: PathBuf) -> BrowseOutcome {
        if path.exists() {
            self.overwrite = Some(path);
            BrowseOutcome::Stay
        } else {
            BrowseOutcome::Chosen(path)
        }
    }

    /// A listed file or folder is gone: say so and list the folder again.
    fn vanished(&mut self, path: &Path) -> BrowseOutcome {
        let dir = self.dir.clone();
        self.go_to(&dir);
        self.error = Some(format!(
            "{} is no longer there (moved or deleted); the folder was read again.",
            path.display()
        ));
        BrowseOutcome::Stay
    }

    /// A typed name (or path) against the folder shown.
    fn resolve(&self, name: &str) -> PathBuf {
        match typed_path(name) {
            Some(path) => self.dir.join(path),
            None => self.dir.clone(),
        }
    }
}

/// Names as people sort them: ignoring case, then the exact bytes so the order is total.
fn compare_names(a: &str, b: &str) -> Ordering {
    a.to_lowercase()
        .cmp(&b.to_lowercase())
        .then_with(|| a.cmp(b))
}

/// An I/O error in words without the "(os error N)" tail.
fn io_reason(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => "it does not exist".into(),
        ErrorKind::PermissionDenied => "permission denied".into(),
        ErrorKind::NotADirectory => "it is not a folder".into(),
        _ => {
            let text = error.to_string();
            match text.find(" (os error") {
                Some(at) => text[..at].to_string(),
                None => text,
            }
        }
    }
}
