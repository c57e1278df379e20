//! The article pane: the text with quotes, mentions and the reviewer's selection marked.
//!
//! Long articles stay smooth because only the visible paragraphs are laid out and painted: the
//! text is cut into paragraphs once, each has a height (estimated until it is first laid out),
//! and a `ScrollArea::show_viewport` draws the ones that intersect the viewport. egui caches the
//! galleys of unchanged paragraphs between frames.

use egui::text::{CCursor, LayoutJob, TextFormat};
use egui::{FontId, Pos2, Rect, ScrollArea, Sense, Stroke, Ui, Vec2};

use crate::document::model::{Document, QuoteStatus};

use super::article_paragraphs::{Paragraph, drag_scroll_step, split_paragraphs};
use super::theme;

/// What a stretch of text is, for highlighting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MarkKind {
    /// (A piece of) quote number `n` of the document.
    Quote(usize),
    /// A mention of entity number `n` of the document.
    Mention(usize),
}

#[derive(Debug, Clone, Copy)]
struct Mark {
    chars: (usize, usize),
    kind: MarkKind,
}

/// What the reviewer did in the article this frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleEvent {
    /// A click (not a drag) on the code point at this offset.
    Clicked(usize),
}

/// The highlighting that depends on the app's selection rather than the document.
#[derive(Debug, Clone, Default)]
pub struct Focus<'a> {
    /// Index of the selected quote.
    pub quote: Option<usize>,
    /// Index of the selected entity.
    pub entity: Option<usize>,
    /// The article search's hits, code point ranges in text order.
    pub hits: &'a [(usize, usize)],
    /// The hit gone to last, an index into `hits`.
    pub current_hit: Option<usize>,
}

/// The state of the article pane for one open document.
#[derive(Debug, Default)]
pub struct ArticleView {
    paragraphs: Vec<Paragraph>,
    heights: Vec<f32>,
    measured: Vec<bool>,
    tops: Vec<f32>,
    width: f32,
    font_size: f32,
    marks: Vec<Vec<Mark>>,
    marks_state: Option<u64>,
    /// The reviewer's text selection, code points `[start, end)`.
    pub selection: Option<(usize, usize)>,
    drag_anchor: Option<usize>,
    /// A code point to scroll into view on the next frames.
    scroll_target: Option<(usize, u8)>,
    viewport_height: f32,
    scroll_offset: f32,
    pending_offset: Option<f32>,
    /// Paragraphs laid out in the last frame (for measurements and tests).
    pub last_laid_out: usize,
}

impl ArticleView {
    /// Prepares the pane for `text`.
    pub fn new(text: &str) -> ArticleView {
        let paragraphs = split_paragraphs(text);
        let n = paragraphs.len();
        ArticleView {
            paragraphs,
            heights: vec![0.0; n],
            measured: vec![false; n],
            tops: vec![0.0; n + 1],
            // egui remembers the pane's scroll position; a newly opened article starts at the top.
            pending_offset: Some(0.0),
            ..ArticleView::default()
        }
    }

    /// How far the article is scrolled down, in points.
    pub fn scroll_offset(&self) -> f32 {
        self.scroll_offset
    }

    /// Number of layout blocks the text was cut into.
    pub fn paragraph_count(&self) -> usize {
        self.paragraphs.len()
    }

    /// Scrolls so that code point `char_offset` is visible (if it is not already).
    pub fn scroll_to(&mut self, char_offset: usize) {
        // Two frames: the first lays out the target's neighbourhood and may correct heights.
        self.scroll_target = Some((char_offset, 2));
    }

    /// Scrolls down by `dy` points (wrapping to the top at the end), as a mouse wheel would.
    pub fn scroll_by(&mut self, dy: f32) {
        let total = self.tops.last().copied().unwrap_or(0.0);
        let mut next = self.scroll_offset + dy;
        if next > total - self.viewport_height {
            next = 0.0;
        }
        self.pending_offset = Some(next);
    }

    /// Forgets the marks so that they are rebuilt (after the document changed).
    fn ensure_marks(&mut self, doc: &Document, state: u64) {
        if self.marks_state == Some(state) {
            return;
        }
        self.marks_state = Some(state);
        let mut all = Vec::new();
        for (i, q) in doc.quotes.iter().enumerate() {
            if q.fragments.is_empty() {
                all.push(Mark {
                    chars: (q.start, q.end),
                    kind: MarkKind::Quote(i),
                });
            } else {
                for f in &q.fragments {
                    all.push(Mark {
                        chars: (f.start, f.end),
                        kind: MarkKind::Quote(i),
                    });
                }
            }
        }
        for (i, e) in doc.entities.iter().enumerate() {
            for m in &e.mentions {
                all.push(Mark {
                    chars: (m.start, m.end),
                    kind: MarkKind::Mention(i),
                });
            }
        }
        let mut marks = vec![Vec::new(); self.paragraphs.len()];
        for mark in all {
            let (start, end) = mark.chars;
            if start >= end {
                continue;
            }
            let mut p = self.paragraphs.partition_point(|p| p.chars.end <= start);
            while p < self.paragraphs.len() && self.paragraphs[p].chars.start < end {
                marks[p].push(mark);
                p += 1;
            }
        }
        self.marks = marks;
    }

    fn estimate(&self, p: &Paragraph, width: f32, line_height: f32, gap: f32) -> f32 {
        let chars = (p.chars.end - p.chars.start).max(1) as f32;
        let per_line = (width / (self.font_size * 0.48)).max(10.0);
        (chars / per_line).ceil() * line_height + gap
    }

    fn reset_heights(&mut self, width: f32, line_height: f32, gap: f32) {
        self.width = width;
        let estimates: Vec<f32> = self
            .paragraphs
            .iter()
            .map(|p| self.estimate(p, width, line_height, gap))
            .collect();
        self.heights = estimates;
        self.measured = vec![false; self.paragraphs.len()];
        self.recompute_tops();
    }

    fn recompute_tops(&mut self) {
        self.tops.clear();
        self.tops.push(0.0);
        let mut y = 0.0;
        for h in &self.heights {
            y += h;
            self.tops.push(y);
        }
    }

    fn paragraph_of_char(&self, c: usize) -> usize {
        self.paragraphs
            .partition_point(|p| p.chars.end <= c)
            .min(self.paragraphs.len().saturating_sub(1))
    }

    /// Draws the article and reports clicks. `state` identifies the document content (for the
    /// marks cache); `focus` is the selected quote and entity.
    pub fn show(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        state: u64,
        focus: &Focus,
        colours: &theme::SpeakerColours,
    ) -> Option<ArticleEvent> {
        self.ensure_marks(doc, state);
        let font_size = 15.5;
        let line_height = (font_size * 1.45_f32).round();
        let gap = (font_size * 0.7_f32).round();
        self.font_size = font_size;
        let palette = theme::Palette::for_visuals(ui.visuals());
        let mut event = None;

        let mut scroll = ScrollArea::vertical()
            .id_salt("article-scroll")
            .auto_shrink(false);
        // Work out where to scroll before showing, from the width of the last frame.
        if let Some((target, frames_left)) = self.scroll_target
            && self.width > 0.0
            && !self.paragraphs.is_empty()
        {
            let p = self.paragraph_of_char(target);
            let galley = self.layout(ui, doc, p, focus, colours, &palette, line_height, gap);
            let within = galley
                .pos_from_cursor(CCursor::new(target - self.paragraphs[p].chars.start))
                .min
                .y;
            let height = galley.size().y + gap;
            if (self.heights[p] - height).abs() > 0.5 {
                self.heights[p] = height;
                self.recompute_tops();
            }
            self.measured[p] = true;
            let y = self.tops[p] + within;
            let offset = (y - self.viewport_height * 0.3).max(0.0);
            let current = self.scroll_offset;
            let visible = y >= current + line_height
                && y + line_height * 2.0 <= current + self.viewport_height;
            if !visible || frames_left < 2 {
                scroll = scroll.vertical_scroll_offset(offset);
            }
            self.scroll_target = (frames_left > 1 && !visible).then_some((target, frames_left - 1));
            ui.ctx().request_repaint();
        }

        if let Some(offset) = self.pending_offset.take() {
            scroll = scroll.vertical_scroll_offset(offset);
        }
        scroll.show_viewport(ui, |ui, viewport| {
            let width = (ui.available_width() - 8.0).max(100.0);
            if (width - self.width).abs() > 0.5 || self.heights.len() != self.paragraphs.len() {
                self.reset_heights(width, line_height, gap);
            }
            self.viewport_height = viewport.height();
            self.scroll_offset = viewport.min.y;
            let total = *self.tops.last().unwrap_or(&0.0);
            let (content, _) = ui.allocate_exact_size(
                Vec2::new(width, total.max(viewport.height())),
                Sense::hover(),
            );
            let origin = content.min;
            let first = self
                .tops
                .partition_point(|&t| t <= viewport.min.y)
                .saturating_sub(1);
            let mut changed = false;
            let mut visible: Vec<(usize, Rect, std::sync::Arc<egui::Galley>)> = Vec::new();
            let mut p = first;
            while p < self.paragraphs.len() && self.tops[p] < viewport.max.y {
                let galley = self.layout(ui, doc, p, focus, colours, &palette, line_height, gap);
                let height = galley.size().y + gap;
                if !self.measured[p] || (self.heights[p] - height).abs() > 0.5 {
                    changed |= (self.heights[p] - height).abs() > 0.5;
                    self.heights[p] = height;
                    self.measured[p] = true;
                }
                // As wide as the text, so a click right of a short line selects nothing.
                let rect = Rect::from_min_size(
                    origin + Vec2::new(0.0, self.tops[p]),
                    galley.size().max(Vec2::new(4.0, 4.0)),
                );
                visible.push((p, rect, galley));
                p += 1;
            }
            self.last_laid_out = visible.len();
            if changed {
                self.recompute_tops();
                ui.ctx().request_repaint();
            }

            let pointer = ui.input(|i| i.pointer.interact_pos());
            for (p, rect, galley) in &visible {
                let response = ui.interact(
                    *rect,
                    ui.make_persistent_id(("article-paragraph", *p)),
                    Sense::click_and_drag(),
                );
                // Screen readers read the article paragraph by paragraph.
                let para_text = galley.text();
                response
                    .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, para_text));
                ui.painter().galley(rect.min, galley.clone(), palette.text);
                if response.drag_started()
                    && let Some(pos) = ui.input(|i| i.pointer.press_origin())
                {
                    self.drag_anchor = Some(self.char_at(*p, *rect, galley, pos));
                }
                if response.clicked()
                    && let Some(pos) = pointer
                {
                    self.selection = None;
                    event = Some(ArticleEvent::Clicked(self.char_at(*p, *rect, galley, pos)));
                }
                if response.double_clicked()
                    && let Some(pos) = pointer
                {
                    let at = self.char_at(*p, *rect, galley, pos);
                    self.selection = crate::search::word_at(&doc.text, at);
                }
                if response.hovered() {
                    ui.ctx().set_cursor_icon(egui::CursorIcon::Text);
                }
            }
            if let Some(anchor) = self.drag_anchor {
                if let Some(pos) = pointer
                    && let Some((p, rect, galley)) = visible
                        .iter()
                        .find(|(_, r, _)| pos.y < r.max.y)
                        .or(visible.last())
                {
                    let c = self.char_at(*p, *rect, galley, pos);
                    self.selection = (c != anchor).then(|| (anchor.min(c), anchor.max(c)));
                }
                if !ui.input(|i| i.pointer.primary_down()) {
                    self.drag_anchor = None;
                    // Whole words, so half words never become mentions; Alt keeps the exact
                    // characters.
                    if !ui.input(|i| i.modifiers.alt)
                        && let Some((start, end)) = self.selection
                    {
                        self.selection = Some(crate::search::snap_to_words(&doc.text, start, end));
                    }
                }
            }
            if self.drag_anchor.is_some()
                && let Some(pos) = pointer
                && let Some(step) = drag_scroll_step(pos.y, ui.clip_rect(), line_height)
            {
                let bottom = (total - viewport.height()).max(0.0);
                self.pending_offset = Some((self.scroll_offset + step).clamp(0.0, bottom));
                ui.ctx().request_repaint();
            }
        });
        if let Some((start, end)) = self.selection
            && ui.input(|i| i.events.iter().any(|e| matches!(e, egui::Event::Copy)))
        {
            ui.ctx()
                .copy_text(crate::text::char_slice(&doc.text, start, end).to_string());
        }
        event
    }

    fn char_at(&self, p: usize, rect: Rect, galley: &egui::Galley, pos: Pos2) -> usize {
        let para = &self.paragraphs[p];
        let pos = pos.clamp(rect.min, rect.max);
        let cursor = galley.cursor_from_pos(pos - rect.min);
        (para.chars.start + cursor.index.0).min(para.chars.end)
    }

    #[allow(clippy::too_many_arguments)]
    fn layout(
        &self,
        ui: &Ui,
        doc: &Document,
        p: usize,
        focus: &Focus,
        colours: &theme::SpeakerColours,
        palette: &theme::Palette,
        line_height: f32,
        _gap: f32,
    ) -> std::sync::Arc<egui::Galley> {
        let para = &self.paragraphs[p];
        let text = &doc.text[para.bytes.clone()];
        let font = FontId::proportional(self.font_size);
        let base = TextFormat {
            font_id: font.clone(),
            color: palette.text,
            line_height: Some(line_height),
            ..TextFormat::default()
        };
        let mut job = LayoutJob {
            wrap: egui::text::TextWrapping {
                max_width: self.width,
                ..Default::default()
            },
            ..LayoutJob::default()
        };
        let marks = self.marks.get(p).map(Vec::as_slice).unwrap_or(&[]);
        let selected_quote = focus.quote.and_then(|i| doc.quotes.get(i));
        // Extra stretches to mark: the selected quote's speaker mention and cue, the selection.
        let speaker_mention = selected_quote.and_then(|q| q.speaker_mention.as_ref());
        let cue = selected_quote.and_then(|q| q.cue.as_ref());
        let range = (para.chars.start, para.chars.end);
        let clip = |s: usize, e: usize| (s.max(range.0), e.min(range.1));

        let mut cuts = vec![range.0, range.1];
        for m in marks {
            let (s, e) = clip(m.chars.0, m.chars.1);
            cuts.extend([s, e]);
        }
        // The search hits in this paragraph.
        let first_hit = focus.hits.partition_point(|&(_, e)| e <= range.0);
        let hits_here = focus.hits[first_hit..]
            .iter()
            .take_while(|&&(s, _)| s < range.1)
            .enumerate()
            .map(|(k, &h)| (first_hit + k, h));
        let hits: Vec<(usize, (usize, usize))> = hits_here.collect();
        for (s, e) in [
            speaker_mention.map(|m| (m.start, m.end)),
            cue.map(|c| (c.start, c.end)),
            self.selection,
        ]
        .into_iter()
        .flatten()
        .chain(hits.iter().map(|&(_, h)| h))
        {
            let (s, e) = clip(s, e);
            if s < e {
                cuts.extend([s, e]);
            }
        }
        cuts.sort_unstable();
        cuts.dedup();

        // Byte offsets within the paragraph of every cut.
        let mut byte_of = Vec::with_capacity(cuts.len());
        {
            let mut it = text.char_indices().map(|(b, _)| b).chain([text.len()]);
            let mut c = range.0;
            let mut current = it.next().unwrap_or(text.len());
            for &cut in &cuts {
                while c < cut {
                    current = it.next().unwrap_or(text.len());
                    c += 1;
                }
                byte_of.push(current);
            }
        }

        for w in 0..cuts.len().saturating_sub(1) {
            let (s, e) = (cuts[w], cuts[w + 1]);
            if s >= e {
                continue;
            }
            let mut format = base.clone();
            for m in marks {
                if m.chars.0 > s || m.chars.1 < e {
                    continue;
                }
                match m.kind {
                    MarkKind::Quote(i) => {
                        let q = &doc.quotes[i];
                        let speaker = colours.of_speaker(q);
                        let selected = focus.quote == Some(i);
                        format.background = palette.quote_background(speaker, selected);
                        // Past the twelve hues, a pattern tells speakers of one hue apart.
                        match speaker.map(|slot| slot / crate::colours::HUES) {
                            Some(1) => {
                                format.underline = Stroke::new(2.0, palette.speaker_text(speaker))
                            }
                            Some(2) => format.italics = true,
                            _ => {}
                        }
                        if q.status == QuoteStatus::Rejected {
                            format.strikethrough = Stroke::new(1.0, palette.weak_text);
                            format.color = palette.weak_text;
                        }
                    }
                    MarkKind::Mention(i) => {
                        let t = doc.entities[i].entity_type;
                        format.underline = Stroke::new(1.5, palette.entity_type(t));
                        if focus.entity == Some(i) {
                            format.background = palette.entity_type(t).gamma_multiply(0.35);
                        }
                    }
                }
            }
            if let Some(m) = speaker_mention
                && m.start <= s
                && e <= m.end
            {
                let speaker = selected_quote.and_then(|q| colours.of_speaker(q));
                format.background = palette.speaker_strong(speaker);
                format.color = palette.on_strong;
            }
            if let Some(c) = cue
                && c.start <= s
                && e <= c.end
            {
                format.italics = true;
                format.underline = Stroke::new(2.0, palette.cue);
                format.color = palette.cue;
            }
            if let Some(&(k, _)) = hits.iter().find(|&&(_, (a, b))| a <= s && e <= b) {
                let current = focus.current_hit == Some(k);
                format.background = palette.search_hit(current);
                format.color = palette.text;
            }
            if let Some((a, b)) = self.selection
                && a <= s
                && e <= b
            {
                format.background = palette.selection;
            }
            job.append(&text[byte_of[w]..byte_of[w + 1]], 0.0, format);
        }
        if text.is_empty() {
            job.append("", 0.0, base);
        }
        ui.fonts_mut(|f| f.layout_job(job))
    }
}
