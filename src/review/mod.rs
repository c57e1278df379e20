//! The review controller: everything the window does, with no window.
//!
//! [`Controller`] owns the open document and its edit session, the selection (one quote, one
//! entity, the article text), the quote table's filters and sort order, the files (open, save,
//! Save As, export, close) with the unsaved-changes questions, and crash-recovery snapshots.
//! The window (`crate::ui`) reads it and sends it [`Command`]s; what it must ask the reviewer
//! comes back as a [`Question`], answered by another command. Nothing here knows egui, so
//! every flow is tested without a window (`tests/review.rs`).
//!
//! Where new work goes:
//! - a new thing the reviewer can do: a [`Command`] variant and its arm in
//!   [`Controller::apply`], tested in `tests/review.rs`; if it has a key, a menu item or a
//!   button, a row in the window's command table (`ui/commands.rs`) that sends it;
//! - new state the window shows (a queue of files, notes, statistics): a field of the
//!   controller with a read-only accessor, changed only by commands;
//! - something the reviewer must decide first: a [`Question`] variant, answered by commands;
//! - a new panel: a struct in `ui/` that owns its widget state, reads `&Controller` and returns
//!   commands (see `ui::quote_table::QuoteTable`).

pub mod adjudication;
pub mod browser;
mod command;
mod controller;
pub mod exchange;
pub mod files;
mod files_flow;
pub mod filter;
pub mod prefs;
pub mod queue;
mod queue_guard;
pub mod queue_stats;
mod reviewing;
pub mod selection;
mod snapshots;

pub use adjudication::{Adjudicating, AdjudicationCommand, SecondFolder};
pub use browser::{BrowseCommand, FileBrowser};
pub use command::{Action, Banner, Command, Leftover, Question, Reveal, SearchQuery};
pub use controller::{Controller, OpenDoc, Options};
pub use files::{DialogPurpose, FileDialogs, FixedDialogs};
pub use files_flow::{SAMPLE_NAME, SAMPLE_TEXT};
pub use filter::{FlagFilter, QuoteFilter, SortColumn, SpeakerFilter};
pub use prefs::Prefs;
pub use queue::{DateFilter, Offer, PreProgress, QueueCommand, QueueRoom};
pub use queue_guard::{FileAnswer, FileQuestion};
pub use queue_stats::Chart;
pub use reviewing::SearchState;
