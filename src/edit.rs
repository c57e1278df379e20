//! Reviewer edits as command values, applied to a [`Document`](crate::Document), with undo and redo.
