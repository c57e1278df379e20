//! The review controller: everything the window does, with no window.
//!
//! [`Controller`] owns the open document and its edit session, the selection (one quote, one
//! entity, the article text), the quote table's filters and sort order, the files (open, save,
//! Save As, export, close) with the unsaved-changes questions, and crash-recovery snapshots.
//! The window (`crate::ui`) reads it and sends it [`Command`]s; what it must ask the reviewer
//! comes back as a [`Question`], answered by another command. Nothing here knows egui, so
//! every flow is tested without a window (`tests/review.rs`).

mod command;
mod controller;
pub mod files;
mod files_flow;
pub mod filter;
pub mod prefs;
pub mod selection;
mod snapshots;

pub use command::{Action, Banner, Command, Leftover, Question, Reveal};
pub use controller::{Controller, OpenDoc, Options};
pub use files::{DialogPurpose, FileDialogs, FixedDialogs};
pub use files_flow::{SAMPLE_NAME, SAMPLE_TEXT};
pub use filter::{QuoteFilter, SortColumn, SpeakerFilter};
pub use prefs::Prefs;
