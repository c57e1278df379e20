//! The article cut into paragraphs for lazy layout, and the scrolling of a selection dragged
//! past the pane's edge.

use std::ops::Range;

#[cfg(test)]
use egui::Pos2;
use egui::Rect;

/// Paragraphs longer than this many bytes are cut at a space, so that a multi-megabyte single
/// line is still laid out in small pieces.
pub(super) const MAX_PARAGRAPH_BYTES: usize = 3000;

/// One laid-out block of the text.
#[derive(Debug, Clone)]
pub(super) struct Paragraph {
    /// The paragraph's bytes in the text.
    pub(super) bytes: Range<usize>,
    /// Its code points in the text.
    pub(super) chars: Range<usize>,
}

/// How far to scroll this frame while a selection is dragged with the pointer at `y`: nothing
/// inside the pane, more the further the pointer is past its top or bottom edge (as text editors
/// do), so a quote longer than the pane can be selected in one drag.
pub(super) fn drag_scroll_step(y: f32, pane: Rect, line_height: f32) -> Option<f32> {
    let edge = line_height;
    let past = if y < pane.min.y + edge {
        y - (pane.min.y + edge)
    } else if y > pane.max.y - edge {
        y - (pane.max.y - edge)
    } else {
        return None;
    };
    let max = line_height * 3.0;
    Some((past * 0.5).clamp(-max, max))
}

/// Cuts `text` into lines, and long lines into pieces at spaces.
pub(super) fn split_paragraphs(text: &str) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut byte = 0;
    let mut ch = 0;
    for line in text.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        let mut rest = body;
        let mut b = byte;
        let mut c = ch;
        loop {
            let cut = if rest.len() > MAX_PARAGRAPH_BYTES {
                let mut limit = MAX_PARAGRAPH_BYTES;
                while !rest.is_char_boundary(limit) {
                    limit -= 1;
                }
                rest[..limit].rfind(' ').map(|i| i + 1).unwrap_or(limit)
            } else {
                rest.len()
            };
            let piece = &rest[..cut];
            let n = piece.chars().count();
            out.push(Paragraph {
                bytes: b..b + cut,
                chars: c..c + n,
            });
            b += cut;
            c += n;
            rest = &rest[cut..];
            if rest.is_empty() {
                break;
            }
        }
        byte += line.len();
        ch += line.chars().count();
    }
    if out.is_empty() {
        out.push(Paragraph {
            bytes: 0..0,
            chars: 0..0,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drag_scrolls_only_past_the_pane_edges_and_faster_further_out() {
        let pane = Rect::from_min_max(Pos2::new(0.0, 100.0), Pos2::new(500.0, 600.0));
        let line = 20.0;
        assert_eq!(drag_scroll_step(350.0, pane, line), None);
        let down_near = drag_scroll_step(590.0, pane, line).expect("near the bottom edge");
        let down_far = drag_scroll_step(700.0, pane, line).expect("below the pane");
        assert!(
            0.0 < down_near && down_near < down_far,
            "{down_near} {down_far}"
        );
        assert!(down_far <= 3.0 * line);
        let up = drag_scroll_step(50.0, pane, line).expect("above the pane");
        assert!(up < 0.0);
    }

    #[test]
    fn paragraphs_cover_lines_and_cut_long_ones() {
        let long = "word ".repeat(2000);
        let text = format!("é first\n\n{long}\nlast");
        let ps = split_paragraphs(&text);
        assert!(ps.len() > 4);
        assert!(ps.iter().all(|p| p.bytes.len() <= MAX_PARAGRAPH_BYTES));
        for p in &ps {
            assert_eq!(
                text[p.bytes.clone()].chars().count(),
                p.chars.end - p.chars.start
            );
        }
        assert_eq!(&text[ps[0].bytes.clone()], "é first");
        assert_eq!(&text[ps.last().unwrap().bytes.clone()], "last");
    }
}
