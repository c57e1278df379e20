//! The review window (eframe + egui).
//!
//! [`app::ReviewApp`] draws each frame of the [`crate::review::Controller`]; the panes live in
//! their own modules, read the controller and return commands.

pub mod adjudication_panel;
pub mod app;
mod article_paragraphs;
pub mod article_view;
pub mod bench;
mod chrome;
pub mod commands;
pub mod dialogs;
pub mod entity_table;
pub mod exchange_menu;
pub mod file_browser;
pub mod file_dialogs;
pub mod help;
pub mod queue_panel;
pub mod quote_table;
pub mod search_bar;
pub mod speaker_picker;
pub mod stats_view;
pub mod theme;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::extract::Extractor;

/// The window icon (drawn for this project).
const ICON_PNG: &[u8] = include_bytes!("../../icon.png");

/// Files up to this size open before the first frame, so the window appears with the article;
/// larger ones open on a worker thread behind a spinner.
const OPEN_BEFORE_FIRST_FRAME: u64 = 256 * 1024;

/// Which renderer draws the window.
///
/// OpenGL (glow) is the default: on a software rasteriser (llvmpipe: no GPU, a virtual machine,
/// a remote desktop) it drew a scrolling frame of the review window in about a quarter of
/// wgpu's time on the same machine. wgpu is the fallback when OpenGL cannot start, and can be
/// chosen with `ARTICLE_REVIEW_RENDERER=wgpu`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RendererChoice {
    /// OpenGL through glow, falling back to wgpu if it cannot start.
    Glow,
    /// wgpu (Vulkan, Metal, DirectX or OpenGL underneath).
    Wgpu,
}

impl RendererChoice {
    /// The renderer asked for by `ARTICLE_REVIEW_RENDERER` (`glow` or `wgpu`), glow otherwise.
    pub fn from_env() -> Result<RendererChoice, UiError> {
        match std::env::var("ARTICLE_REVIEW_RENDERER") {
            Err(_) => Ok(RendererChoice::Glow),
            Ok(v) => match v.trim().to_ascii_lowercase().as_str() {
                "" | "glow" | "opengl" | "gl" => Ok(RendererChoice::Glow),
                "wgpu" => Ok(RendererChoice::Wgpu),
                other => Err(UiError::Renderer(other.to_string())),
            },
        }
    }
}

/// Why the window could not open.
#[derive(Debug)]
pub enum UiError {
    /// `ARTICLE_REVIEW_RENDERER` names no renderer.
    Renderer(String),
    /// The entity model given with `--model` could not be loaded.
    Model {
        /// The model file.
        path: PathBuf,
        /// Why.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The window system refused (no display, no usable renderer).
    Window {
        /// eframe's error.
        source: eframe::Error,
        /// True when there is no display at all (`DISPLAY` and `WAYLAND_DISPLAY` unset).
        no_display: bool,
    },
}

impl std::fmt::Display for UiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UiError::Renderer(name) => write!(
                f,
                "ARTICLE_REVIEW_RENDERER={name:?} is not a renderer; use glow or wgpu"
            ),
            // The loader's message already names the file.
            UiError::Model { source, .. } => write!(f, "{source}"),
            UiError::Window {
                source,
                no_display: true,
            } => write!(
                f,
                "could not open the window ({source}); the headless commands (extract, \
                 validate, train) need no display"
            ),
            UiError::Window { source, .. } => write!(f, "could not open the window: {source}"),
        }
    }
}

impl std::error::Error for UiError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            UiError::Renderer(_) => None,
            UiError::Model { source, .. } => Some(source.as_ref()),
            UiError::Window { source, .. } => Some(source),
        }
    }
}

/// Opens the review window, optionally on `file`, and runs until it is closed.
///
/// `model` is an entity model made by `article-review train`; without it the bundled one is used.
pub fn run(file: Option<PathBuf>, model: Option<PathBuf>) -> Result<(), UiError> {
    let started = Instant::now();
    let renderer = RendererChoice::from_env()?;
    let bench_frames: Option<usize> = std::env::var("ARTICLE_REVIEW_BENCH")
        .ok()
        .and_then(|v| v.trim().parse().ok());
    // A user model is checked before the window opens, so a bad file is a clear error; the
    // bundled one loads on a worker thread while the window and renderer start.
    let user_model = match &model {
        Some(path) => Some(
            Extractor::from_model(Some(path))
                .map_err(|e| UiError::Model {
                    path: path.clone(),
                    source: e.into(),
                })?
                .with_user_attribution(path)
                .map_err(|e| UiError::Model {
                    path: path.clone(),
                    source: e.into(),
                })?,
        ),
        None => None,
    };
    let loading = std::thread::spawn(move || user_model.unwrap_or_else(Extractor::bundled));
    // Shared so that a second attempt (wgpu after glow failed to start) can still take it.
    let start = Arc::new(Mutex::new(Some((loading, file))));
    let first = match renderer {
        RendererChoice::Glow => eframe::Renderer::Glow,
        RendererChoice::Wgpu => eframe::Renderer::Wgpu,
    };
    let result = match run_with(first, started, bench_frames, &start) {
        // Only OpenGL itself failed (no usable driver or pixel format): wgpu may still work.
        Err(
            e @ (eframe::Error::Glutin(_)
            | eframe::Error::NoGlutinConfigs(..)
            | eframe::Error::OpenGL(_)),
        ) => {
            eprintln!("article-review: OpenGL could not start ({e}); trying wgpu");
            run_with(eframe::Renderer::Wgpu, started, bench_frames, &start)
        }
        other => other,
    };
    result.map_err(|source| UiError::Window {
        source,
        no_display: std::env::var_os("DISPLAY").is_none()
            && std::env::var_os("WAYLAND_DISPLAY").is_none(),
    })
}

/// What the window needs once it exists: the extractor being loaded and the file to open.
type StartState = Arc<Mutex<Option<(std::thread::JoinHandle<Extractor>, Option<PathBuf>)>>>;

fn run_with(
    renderer: eframe::Renderer,
    started: Instant,
    bench_frames: Option<usize>,
    start: &StartState,
) -> Result<(), eframe::Error> {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("article-review")
        .with_app_id("article-review")
        .with_inner_size([1400.0, 860.0])
        .with_min_inner_size([760.0, 480.0])
        .with_drag_and_drop(true);
    if let Ok(icon) = eframe::icon_data::from_png_bytes(ICON_PNG) {
        viewport = viewport.with_icon(Arc::new(icon));
    }
    let mut options = eframe::NativeOptions {
        viewport,
        renderer,
        // Dithering only smooths gradients, which this window does not draw, and it costs a
        // software rasteriser (Mesa's llvmpipe, where there is no GPU) about a tenth of its time
        // per frame (scripts/frame-bench.sh).
        dithering: false,
        ..Default::default()
    };
    if bench_frames.is_some() {
        // The bench measures how fast frames can be made, not the display's refresh rate.
        options.glow_options.vsync = false;
        options.wgpu_options.surface.present_mode = eframe::wgpu::PresentMode::AutoNoVsync;
    }
    let start = Arc::clone(start);
    eframe::run_native(
        "article-review",
        options,
        Box::new(move |cc| {
            let Some((loading, file)) = start.lock().ok().and_then(|mut s| s.take()) else {
                return Err("the window was started twice".into());
            };
            if bench_frames.is_some() {
                eprintln!(
                    "bench: window and renderer ({renderer}) ready {:.0} ms after start",
                    started.elapsed().as_secs_f64() * 1000.0
                );
            }
            let extractor = loading
                .join()
                .map_err(|_| "the entity model could not be loaded".to_string())?;
            // For screenshots and demos; the View menu sets (and egui remembers) the theme.
            match std::env::var("ARTICLE_REVIEW_THEME").as_deref() {
                Ok("light") => cc.egui_ctx.set_theme(egui::ThemePreference::Light),
                Ok("dark") => cc.egui_ctx.set_theme(egui::ThemePreference::Dark),
                _ => {}
            }
            let prefs: crate::review::Prefs = cc
                .storage
                .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
                .unwrap_or_default();
            let small = file
                .as_ref()
                .and_then(|f| std::fs::metadata(f).ok())
                .is_some_and(|m| m.len() <= OPEN_BEFORE_FIRST_FRAME);
            let mut app = app::ReviewApp::new(crate::review::Options {
                dialogs: Arc::new(file_dialogs::RfdDialogs::new(cc.egui_ctx.clone())),
                extractor: Arc::new(extractor),
                file,
                background_io: !small,
                prefs,
                recovery: crate::recovery::RecoveryStore::open_default().ok(),
            });
            app.review.set_background_io(true);
            if let Some(frames) = bench_frames {
                app.bench = Some(bench::Bench::new(started, frames));
            }
            Ok(Box::new(app))
        }),
    )
}
