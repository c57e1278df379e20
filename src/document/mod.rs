//! The review document: model, JSON format, loading and saving.

pub mod model;

pub use model::*;
