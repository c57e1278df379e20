//! Quotations and their attribution: direct, mixed and reported speech, with cue, speaker
//! mention, resolved speaker, confidence and the deciding rule.

use super::Analysis;

/// Finds the quotes in `analysis` and attributes them.
pub fn find(_analysis: &mut Analysis) {}
