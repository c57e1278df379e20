//! The review document: model, JSON format, loading and saving.

pub mod load;
pub mod model;
pub mod save;

pub use model::*;
