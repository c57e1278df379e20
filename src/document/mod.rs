//! The review document: model, JSON format, loading, checking and saving.
//!
//! - [`model`]: the in-memory document (the JSON format, version 1);
//! - [`csv`]: quotes as CSV rows, shared by the window's export and the corpus export;
//! - [`json`]: writing and reading that format;
//! - [`validate`](mod@validate): the consistency checks every opened review file goes through;
//! - [`load`]: reading articles (plain text in common encodings, saved HTML) and review files,
//!   without extracting (that is [`crate::open`]'s job);
//! - [`save`]: atomic saving with a backup of the previous version.

pub mod csv;
pub mod json;
pub mod load;
pub mod model;
pub mod save;
pub mod validate;

pub use load::{Article, LoadError, LoadErrorKind, Loaded, MAX_FILE_BYTES, load_bytes, load_path};
pub use model::*;
pub use save::{SaveError, atomic_write, save_document};
pub use validate::{Problem, validate};
