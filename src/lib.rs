//! article-review: check who said what in a news article.
//!
//! The library holds everything but the window's main loop:
//! - [`colours`]: speaker colours (same every session, distinct on screen, readable), no GUI;
//! - [`document`]: the review document model, its versioned JSON format, reading articles
//!   (plain text in any common encoding, saved HTML, review files) and atomic saving;
//! - [`extract`]: the extraction pipeline (segmentation, entity tagging, alias merging, quotes
//!   and their attribution);
//! - [`open`]: opening a file for review: read it, then extract an article;
//! - [`edit`]: reviewer edits as command values with undo and redo;
//! - [`compare`]: agreement between two reviewers and adjudication of their disagreements;
//! - [`exchange`]: import and export of other annotation tools' formats (brat, Label Studio,
//!   doccano, CoNLL);
//! - [`recovery`]: snapshots of unsaved work, restored after a crash;
//! - [`search`]: text search (Ctrl+F), entity search, word snapping of selections;
//! - [`triage`]: confidence levels, the next doubtful quote, confirming the confident ones;
//! - [`corpus`]: a folder of articles as a review queue, pre-extraction, corpus statistics and
//!   export, review locks;
//! - [`review`]: the review controller (open document, selection, files, unsaved-changes
//!   questions, recovery), with no egui;
//! - [`ui`] (feature `gui`): the eframe review window.
//!
//! The core knows nothing about egui; the UI renders state and sends edit commands.
//! `docs/architecture.md` has the picture and the rules between the modules.

#![warn(missing_docs)]

pub mod cli;
pub mod colours;
pub mod compare;
pub mod corpus;
pub mod document;
pub mod edit;
pub mod exchange;
pub mod extract;
pub mod open;
pub mod recovery;
pub mod review;
pub mod search;
pub mod text;
pub mod triage;
#[cfg(feature = "gui")]
pub mod ui;

pub use document::model::{
    Document, Entity, EntityType, Meta, Origin, Prediction, Quote, QuoteFlag, QuoteKind,
    QuoteStatus, Source, Span,
};

/// The message a panic carried (`panic!("...")` gives a `&str` or a `String`), for the one-line
/// reports that replace panic traces.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown error".into())
}
