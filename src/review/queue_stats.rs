//! The queue's statistics and corpus export in the controller: statistics computed on a worker
//! thread from the queue's review files ([`crate::corpus::stats`]), each chart's figures as rows
//! that the window draws and writes as CSV, and one row per quote across the queue
//! ([`crate::corpus::export`]).

use std::path::{Path, PathBuf};
use std::sync::mpsc;

use crate::corpus::export::{ExportFormat, QuoteRow, quote_rows, write_rows};
use crate::corpus::stats::{CorpusStats, StatsBuilder};
use crate::corpus::{ReviewFile, fold_reviews, review_files};
use crate::document::save::{Backup, atomic_write_with};

use super::command::Banner;
use super::controller::Controller;
use super::files::DialogPurpose;

/// A chart of the Statistics view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Chart {
    /// Quotes by speaker gender (unknown always shown).
    Gender,
    /// Quotes by people only, by gender.
    PeopleGender,
    /// Quotes by speaker type.
    SpeakerType,
    /// Quotes by kind.
    Kind,
    /// Quotes by review status.
    Status,
    /// The most quoted speakers.
    Speakers,
    /// The most quoted organisations.
    Organisations,
    /// Extractor rules by the share of their reviewed quotes that reviewers overruled.
    Corrections,
}

/// How many bars the speaker and organisation charts show.
pub const TOP_BARS: usize = 15;

impl Chart {
    /// Every chart, in the order the view shows them.
    pub const ALL: [Chart; 8] = [
        Chart::Gender,
        Chart::PeopleGender,
        Chart::SpeakerType,
        Chart::Kind,
        Chart::Status,
        Chart::Speakers,
        Chart::Organisations,
        Chart::Corrections,
    ];

    /// The chart's title.
    pub fn title(self) -> &'static str {
        match self {
            Chart::Gender => "Quotes by gender",
            Chart::PeopleGender => "Quotes by people, by gender",
            Chart::SpeakerType => "Quotes by speaker type",
            Chart::Kind => "Quotes by kind",
            Chart::Status => "Quotes by review status",
            Chart::Speakers => "Most quoted speakers",
            Chart::Organisations => "Most quoted organisations",
            Chart::Corrections => "Reviewer corrections by rule (share overruled)",
        }
    }

    /// A file name for its CSV export.
    pub fn file_name(self) -> &'static str {
        match self {
            Chart::Gender => "quotes-by-gender.csv",
            Chart::PeopleGender => "people-quotes-by-gender.csv",
            Chart::SpeakerType => "quotes-by-speaker-type.csv",
            Chart::Kind => "quotes-by-kind.csv",
            Chart::Status => "quotes-by-status.csv",
            Chart::Speakers => "most-quoted-speakers.csv",
            Chart::Organisations => "most-quoted-organisations.csv",
            Chart::Corrections => "corrections-by-rule.csv",
        }
    }

    /// The name of the value column ("quotes", or "overruled_share").
    pub fn value_name(self) -> &'static str {
        match self {
            Chart::Corrections => "overruled_share",
            _ => "quotes",
        }
    }

    /// The bars: (label, value), in the order drawn.
    pub fn rows(self, stats: &CorpusStats) -> Vec<(String, f64)> {
        let row = |label: &str, n: usize| (label.to_string(), n as f64);
        match self {
            Chart::Gender | Chart::PeopleGender => {
                let g = if self == Chart::Gender {
                    &stats.by_gender
                } else {
                    &stats.people_by_gender
                };
                vec![
                    row("female", g.female),
                    row("male", g.male),
                    row("unknown", g.unknown),
                ]
            }
            Chart::SpeakerType => {
                let t = &stats.by_type;
                vec![
                    row("PERSON", t.person),
                    row("ORG", t.org),
                    row("LOC", t.loc),
                    row("MISC", t.misc),
                    row("none", t.none),
                ]
            }
            Chart::Kind => {
                let k = &stats.by_kind;
                vec![
                    row("direct", k.direct),
                    row("mixed", k.mixed),
                    row("indirect", k.indirect),
                ]
            }
            Chart::Status => {
                let s = &stats.by_status;
                vec![
                    row("auto", s.auto),
                    row("confirmed", s.confirmed),
                    row("corrected", s.corrected),
                    row("rejected", s.rejected),
                    row("added", s.added),
                ]
            }
            Chart::Speakers => stats
                .speakers
                .iter()
                .take(TOP_BARS)
                .map(|s| row(&s.name, s.quotes))
                .collect(),
            Chart::Organisations => stats
                .organisations
                .iter()
                .take(TOP_BARS)
                .map(|o| row(&o.name, o.quotes))
                .collect(),
            Chart::Corrections => stats
                .corrections_by_rule
                .iter()
                .filter(|r| r.reviewed > 0)
                .map(|r| (r.rule.clone(), r.overruled_share))
                .collect(),
        }
    }

    /// The chart's figures as CSV: a header (`label,VALUE`), then one row per bar.
    pub fn csv(self, stats: &CorpusStats) -> Result<String, csv::Error> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(["label", self.value_name()])?;
        for (label, value) in self.rows(stats) {
            writer.write_record([label, value.to_string()])?;
        }
        let bytes = writer.into_inner().map_err(|e| e.into_error())?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// Statistics with the review files left out: (name, why).
type StatsResult = (CorpusStats, Vec<(String, String)>);

/// The Statistics view's state.
#[derive(Debug, Default)]
pub struct StatsState {
    /// The view is shown.
    pub(super) open: bool,
    /// The last statistics computed, with the review files that could not be read.
    pub(super) result: Option<StatsResult>,
    pending: Option<mpsc::Receiver<StatsResult>>,
    /// The chart a CSV file is being chosen for.
    chart: Option<Chart>,
}

impl StatsState {
    /// True while the view is shown.
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// True while statistics are being computed.
    pub fn is_computing(&self) -> bool {
        self.pending.is_some()
    }

    /// The statistics last computed.
    pub fn stats(&self) -> Option<&CorpusStats> {
        self.result.as_ref().map(|(s, _)| s)
    }

    /// Review files left out because they could not be read: (name, why).
    pub fn problems(&self) -> &[(String, String)] {
        self.result.as_ref().map_or(&[], |(_, p)| p.as_slice())
    }
}

impl Controller {
    fn queue_review_files(&mut self) -> Option<Vec<ReviewFile>> {
        let room = self.queue.as_ref()?;
        match review_files(&[room.queue().root().to_path_buf()]) {
            Ok(files) => Some(files),
            Err(message) => {
                self.banner = Some(Banner::error(message));
                None
            }
        }
    }

    /// Computes the queue's statistics on a worker thread and shows the view.
    pub(super) fn start_stats(&mut self) {
        let Some(files) = self.queue_review_files() else {
            return;
        };
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let (builder, problems) = fold_reviews(
                &files,
                || StatsBuilder::new(false),
                |mut builder, _, doc| {
                    builder.add(&doc);
                    builder
                },
                StatsBuilder::merge,
            );
            let _ = tx.send((builder.finish(), problems));
        });
        if let Some(room) = &mut self.queue {
            room.stats.open = true;
            room.stats.pending = Some(rx);
        }
    }

    pub(super) fn stats_pending(&self) -> bool {
        self.queue
            .as_ref()
            .is_some_and(|r| r.stats.pending.is_some())
    }

    pub(super) fn poll_stats(&mut self) {
        let Some(room) = &mut self.queue else { return };
        let Some(rx) = &room.stats.pending else {
            return;
        };
        match rx.try_recv() {
            Ok(result) => {
                room.stats.result = Some(result);
                room.stats.pending = None;
            }
            Err(mpsc::TryRecvError::Empty) => {}
            Err(mpsc::TryRecvError::Disconnected) => {
                room.stats.pending = None;
                self.banner = Some(Banner::error("The statistics could not be computed."));
            }
        }
    }

    pub(super) fn ask_chart_export(&mut self, chart: Chart) {
        let Some(room) = &mut self.queue else { return };
        if room.stats.stats().is_none() {
            return;
        }
        room.stats.chart = Some(chart);
        let suggested = room.queue().root().join(chart.file_name());
        self.ask_path(DialogPurpose::ExportChart, None, suggested);
    }

    pub(super) fn export_chart_to(&mut self, path: &Path) {
        let Some(room) = &mut self.queue else { return };
        let (Some(chart), Some(stats)) = (room.stats.chart.take(), room.stats.stats()) else {
            return;
        };
        let written = chart.csv(stats).map_err(|e| e.to_string()).and_then(|csv| {
            crate::document::save::atomic_write(path, csv.as_bytes())
                .map_err(|e| e.reason.to_string())
        });
        self.banner = Some(match written {
            Ok(()) => Banner::info(format!("Wrote \"{}\" to {}", chart.title(), path.display())),
            Err(why) => Banner::error(format!(
                "Could not write {}: {why}. Nothing was written there.",
                path.display()
            )),
        });
    }

    pub(super) fn ask_corpus_export(&mut self) {
        let Some(room) = &self.queue else { return };
        let suggested: PathBuf = room.queue().root().join("quotes.csv");
        self.ask_path(DialogPurpose::ExportCorpus, None, suggested);
    }

    /// Writes one row per quote of the queue's reviews to `path`: JSON lines for `.jsonl` and
    /// `.json`, CSV otherwise.
    pub(super) fn export_corpus_to(&mut self, path: &Path) {
        let Some(files) = self.queue_review_files() else {
            return;
        };
        let format = match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("json") => {
                ExportFormat::Jsonl
            }
            _ => ExportFormat::Csv,
        };
        let (rows, problems) = fold_reviews(
            &files,
            Vec::new,
            |mut rows: Vec<QuoteRow>, file, doc| {
                rows.extend(quote_rows(&file.name, &doc));
                rows
            },
            |mut a, b| {
                a.extend(b);
                a
            },
        );
        let count = rows.len();
        let articles = files.len() - problems.len();
        let written = atomic_write_with(path, Backup::None, |out| write_rows(rows, format, out));
        self.banner = Some(match written {
            Ok(()) if problems.is_empty() => Banner::info(format!(
                "Exported {count} quotes from {articles} reviews to {}",
                path.display()
            )),
            Ok(()) => Banner::error(format!(
                "Exported {count} quotes from {articles} reviews to {}; left out {} that could \
                 not be read (first: {}: {})",
                path.display(),
                problems.len(),
                problems[0].0,
                problems[0].1
            )),
            Err(e) => Banner::error(format!(
                "Could not export to {}: {}. Nothing was written there.",
                path.display(),
                e.reason
            )),
        });
    }
}
