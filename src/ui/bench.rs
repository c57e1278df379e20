//! Frame-time measurement of the real window, switched on by the environment variable
//! `ARTICLE_REVIEW_BENCH=FRAMES` (e.g. `ARTICLE_REVIEW_BENCH=300 article-review big.txt`).
//!
//! It reports the time from start-up to the first painted frame showing the document, then
//! scrolls the article down by a steady amount every frame for FRAMES frames and reports the
//! frame intervals (wall clock, including painting) and the time spent in `ui()`, then closes.

use std::time::{Duration, Instant};

use super::app::ReviewApp;

/// Pixels scrolled per frame: a fast, steady mouse-wheel scroll.
const SCROLL_STEP: f32 = 120.0;

/// The measurement in progress.
#[derive(Debug)]
pub struct Bench {
    started: Instant,
    frames_wanted: usize,
    first_doc_frame: Option<Instant>,
    reported_start: bool,
    frame_start: Option<Instant>,
    intervals: Vec<Duration>,
    ui_times: Vec<Duration>,
    cpu_times: Vec<Duration>,
    last_frame: Option<Instant>,
    /// Frame intervals from the first frame until the document is painted (the file is read and
    /// extracted on a worker meanwhile, so these show whether the window stayed responsive).
    opening_intervals: Vec<Duration>,
    /// The process's and the renderer threads' CPU time when the measured frames began.
    cpu_at_start: Option<ThreadsCpu>,
}

impl Bench {
    /// A measurement of `frames` frames, timed from `started` (process start).
    pub fn new(started: Instant, frames: usize) -> Bench {
        Bench {
            started,
            frames_wanted: frames,
            first_doc_frame: None,
            reported_start: false,
            frame_start: None,
            intervals: Vec::new(),
            ui_times: Vec::new(),
            cpu_times: Vec::new(),
            last_frame: None,
            opening_intervals: Vec::new(),
            cpu_at_start: None,
        }
    }

    /// eframe's measure of the CPU time of the previous frame (ui, tessellation and painting,
    /// without waiting for the display).
    pub fn previous_cpu(&mut self, seconds: Option<f32>) {
        if self.reported_start
            && let Some(s) = seconds
        {
            self.cpu_times.push(Duration::from_secs_f32(s));
        }
    }

    /// Called at the start of every frame.
    pub fn frame_started(&mut self, _ctx: &egui::Context) {
        let now = Instant::now();
        self.frame_start = Some(now);
        let interval = self.last_frame.map(|last| now - last);
        if self.reported_start {
            self.intervals.extend(interval);
            self.last_frame = Some(now);
            return;
        }
        self.opening_intervals.extend(interval);
        // The frame after the first one with the document: that one has been painted.
        if self.first_doc_frame.is_some() {
            self.reported_start = true;
            self.cpu_at_start = ThreadsCpu::now();
            eprintln!(
                "bench: first frame with the document painted {:.0} ms after start",
                (now - self.started).as_secs_f64() * 1000.0
            );
            // The last interval is the frame that took the document in (for a small file opened
            // before the window appeared, the window's first frame).
            let install = self.opening_intervals.pop().unwrap_or_default();
            let (m, _, max) = median_ms(&mut self.opening_intervals);
            eprintln!(
                "bench: while opening: {} frames, interval median {m:.1} ms, max {max:.1} ms; the frame installing the document {:.1} ms",
                self.opening_intervals.len(),
                install.as_secs_f64() * 1000.0
            );
        }
        self.last_frame = Some(now);
    }
}

/// What the last frame painted: its shapes by kind (text counted in glyphs), and the pixels the
/// renderer must shade, by clip rectangle. A software rasteriser (llvmpipe) spends its time in
/// proportion to these, so they say which part of the window a frame's cost comes from.
fn report_fill(ctx: &egui::Context) {
    let mut layers = ctx.graphics(|g| g.clone());
    let shapes = layers.drain(&[], &Default::default());
    report_shapes(&shapes);
    let ppp = ctx.pixels_per_point();
    let screen = ctx.content_rect().area() * ppp * ppp;
    let mut by_clip: Vec<(egui::Rect, f32, usize)> = Vec::new();
    for prim in ctx.tessellate(shapes, ppp) {
        let egui::epaint::Primitive::Mesh(mesh) = &prim.primitive else {
            continue;
        };
        let clip = prim.clip_rect;
        let mut area = 0.0;
        for tri in mesh.indices.chunks_exact(3) {
            let [a, b, c] = [0, 1, 2].map(|i| mesh.vertices[tri[i] as usize].pos);
            let bbox = egui::Rect::from_points(&[a, b, c]);
            let cut = bbox.intersect(clip);
            if !cut.is_positive() {
                continue;
            }
            let full = ((b - a).x * (c - a).y - (b - a).y * (c - a).x).abs() * 0.5;
            area += full * (cut.area() / bbox.area().max(1e-6));
        }
        let area = area * ppp * ppp;
        match by_clip.iter_mut().find(|(r, _, _)| *r == clip) {
            Some(entry) => {
                entry.1 += area;
                entry.2 += mesh.indices.len() / 3;
            }
            None => by_clip.push((clip, area, mesh.indices.len() / 3)),
        }
    }
    let total: f32 = by_clip.iter().map(|e| e.1).sum();
    eprintln!(
        "bench: pixels shaded in the last frame: {:.2} times the window's area",
        total / screen
    );
    by_clip.sort_by(|a, b| b.1.total_cmp(&a.1));
    for (clip, area, triangles) in by_clip.iter().take(12) {
        eprintln!(
            "bench:   clip {:?}: {:.3} of the window, {triangles} triangles",
            clip,
            area / screen
        );
    }
}

/// Prints the shapes of a frame by kind: how many of each, and their glyphs or triangles.
fn report_shapes(shapes: &[egui::epaint::ClippedShape]) {
    fn visit(shape: &egui::Shape, count: &mut dyn FnMut(&'static str, usize)) {
        match shape {
            egui::Shape::Vec(v) => v.iter().for_each(|s| visit(s, count)),
            egui::Shape::Text(t) => count(
                "text (glyphs)",
                t.galley.rows.iter().map(|r| r.glyphs.len()).sum(),
            ),
            egui::Shape::Rect(_) => count("rect", 1),
            egui::Shape::LineSegment { .. } => count("line", 1),
            egui::Shape::Path(_) => count("path", 1),
            egui::Shape::Circle(_) => count("circle", 1),
            egui::Shape::Mesh(m) => count("mesh (triangles)", m.indices.len() / 3),
            _ => count("other", 1),
        }
    }
    let mut by_kind: Vec<(&str, usize, usize)> = Vec::new();
    let mut count = |kind: &'static str, n: usize| match by_kind.iter_mut().find(|k| k.0 == kind) {
        Some(k) => {
            k.1 += 1;
            k.2 += n;
        }
        None => by_kind.push((kind, 1, n)),
    };
    for clipped in shapes {
        visit(&clipped.shape, &mut count);
    }
    eprintln!("bench: shapes in the last frame (kind, shapes, items): {by_kind:?}");
}

/// CPU time of this process's threads, in clock ticks (1/100 s), read from /proc.
#[derive(Debug, Clone, Copy)]
struct ThreadsCpu {
    all: u64,
    /// Mesa's llvmpipe rasteriser threads: the cost of drawing without a GPU.
    renderer: u64,
}

impl ThreadsCpu {
    fn now() -> Option<ThreadsCpu> {
        let mut cpu = ThreadsCpu {
            all: 0,
            renderer: 0,
        };
        for task in std::fs::read_dir("/proc/self/task").ok()?.flatten() {
            let Ok(stat) = std::fs::read_to_string(task.path().join("stat")) else {
                continue;
            };
            // The name is in parentheses and may hold spaces; the numbers follow the last ')'.
            let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
                continue;
            };
            let fields: Vec<&str> = stat[close + 1..].split_whitespace().collect();
            let ticks: u64 = fields
                .get(11..13)
                .map(|f| f.iter().filter_map(|v| v.parse::<u64>().ok()).sum())
                .unwrap_or(0);
            cpu.all += ticks;
            if stat[open + 1..close].starts_with("llvmpipe") {
                cpu.renderer += ticks;
            }
        }
        Some(cpu)
    }
}

fn median_ms(v: &mut [Duration]) -> (f64, f64, f64) {
    if v.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    (
        ms(v[v.len() / 2]),
        ms(v[(v.len() * 95 / 100).min(v.len() - 1)]),
        ms(v[v.len() - 1]),
    )
}

/// Called at the end of every frame: scrolls, and reports and closes when done.
pub fn drive(app: &mut ReviewApp, ctx: &egui::Context) {
    let loaded = app.review.open_doc().is_some() && app.article.is_some();
    let Some(bench) = &mut app.bench else { return };
    ctx.request_repaint();
    if !loaded {
        return;
    }
    if bench.first_doc_frame.is_none() {
        bench.first_doc_frame = Some(Instant::now());
        // Measure with search hits on screen: every hit is a highlighted stretch to lay out.
        if let Ok(query) = std::env::var("ARTICLE_REVIEW_BENCH_SEARCH")
            && !query.is_empty()
        {
            app.search_bar.start_with(&query);
        }
        if let (Some(d), Some(view)) = (app.review.open_doc(), app.article_view()) {
            eprintln!(
                "bench: {} ({} bytes, {} layout blocks) opened and extracted in {} ms",
                d.name,
                d.doc().text.len(),
                view.paragraph_count(),
                d.open_time.as_millis()
            );
        }
        return;
    }
    if let Some(start) = bench.frame_start {
        bench.ui_times.push(start.elapsed());
    }
    if let Some(a) = &mut app.article {
        a.view.scroll_by(SCROLL_STEP);
    }
    if bench.intervals.len() >= bench.frames_wanted {
        report_fill(ctx);
        let (m, p95, max) = median_ms(&mut bench.intervals);
        let (um, up95, umax) = median_ms(&mut bench.ui_times);
        let (cm, cp95, cmax) = median_ms(&mut bench.cpu_times);
        if let (Some(start), Some(end)) = (bench.cpu_at_start, ThreadsCpu::now()) {
            let per_frame = |ticks: u64| ticks as f64 * 10.0 / bench.intervals.len() as f64;
            eprintln!(
                "bench: CPU per frame, all threads: {:.1} ms, of which the software renderer's threads (llvmpipe): {:.1} ms",
                per_frame(end.all - start.all),
                per_frame(end.renderer - start.renderer)
            );
        }
        eprintln!(
            "bench: whole frame CPU time (ui + tessellation + painting, eframe's cpu_usage): median {cm:.1} ms, p95 {cp95:.1} ms, max {cmax:.1} ms"
        );
        eprintln!(
            "bench: {} frames scrolling {SCROLL_STEP} px per frame: frame interval median {m:.1} ms, p95 {p95:.1} ms, max {max:.1} ms; ui() median {um:.2} ms, p95 {up95:.2} ms, max {umax:.2} ms",
            bench.intervals.len()
        );
        if let Some(view) = app.article_view() {
            eprintln!(
                "bench: paragraphs laid out in the last frame: {}",
                view.last_laid_out
            );
        }
        if let Some(search) = app.review.search() {
            eprintln!(
                "bench: search {:?}: {} hits highlighted",
                search.query.text,
                search.hits.len()
            );
        }
        app.bench = None;
        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
    }
}
