//! `article-review train`: trains the entity tagger, or measures one.
//!
//! - `train --data conll2003-train.jsonl -o assets/model/ner.bin` rebuilds the bundled model;
//! - `train --from REVIEWED.json... -o user-model.bin` fine-tunes the bundled model (or `--base`)
//!   on reviewed articles; with `--data` it retrains from scratch on the data plus the reviews;
//! - `train --eval GOLD.jsonl [--base MODEL] [--predictions OUT.jsonl]` measures a model.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::document::model::{EntityType, Meta, Source};
use crate::document::save::atomic_write;
use crate::extract::quotes::model::train as attr_train;
use crate::extract::quotes::model::{AttributionModel, attribution_path};
use crate::extract::tagger::train::{self, Example, Options};
use crate::extract::tagger::{Tagger, TaggerError};
use crate::extract::{EntityDraft, Extractor};

use super::CliError;

/// A usage error: arguments that make no sense together.
fn usage(message: impl Into<String>) -> CliError {
    CliError::Usage(message.into())
}

/// Arguments of `train`.
#[derive(Debug, clap::Args)]
pub struct TrainArgs {
    /// Reviewed article files whose confirmed, corrected and added entities extend the training data.
    #[arg(long = "from", value_name = "REVIEWED.json", num_args = 1..)]
    pub from: Vec<PathBuf>,
    /// Gold JSON lines to train on (`{"text", "entities": [{"start", "end", "label"}]}`).
    #[arg(long, value_name = "FILE.jsonl", num_args = 1..)]
    pub data: Vec<PathBuf>,
    /// Use only the lines of the --data files whose `split` field is this (lines without one are kept).
    #[arg(long, value_name = "SPLIT")]
    pub data_split: Option<String>,
    /// Gold JSON lines to measure after every other epoch (and at the end).
    #[arg(long, value_name = "FILE.jsonl")]
    pub dev: Option<PathBuf>,
    /// The model to start from when fine-tuning on --from without --data, or to measure with --eval
    /// (default: the bundled model).
    #[arg(long, value_name = "MODEL")]
    pub base: Option<PathBuf>,
    /// Do not train: measure the model on these gold JSON lines.
    #[arg(long, value_name = "GOLD.jsonl", conflicts_with_all = ["data", "from"])]
    pub eval: Option<PathBuf>,
    /// With --eval: only the lines whose `split` field is this.
    #[arg(long, value_name = "SPLIT")]
    pub eval_split: Option<String>,
    /// With --eval: write `extract --jsonl`-style documents (one entity per tagged mention) here,
    /// for ../shared/eval/score_entities.py.
    #[arg(long, value_name = "OUT.jsonl")]
    pub predictions: Option<PathBuf>,
    /// Also train on a prose copy of every pre-tokenised --data text, like CoNLL's (punctuation
    /// attached, curly quotes, title-case headlines, sentences joined into paragraphs).
    #[arg(long)]
    pub prose_copies: bool,
    /// Name lists to train with, as CLASS=FILE or CLASS=FILE#COLUMN (tab-separated column,
    /// 1-based, items split at `|`); stored in the model. Without any, fine-tuning keeps the
    /// base model's lists.
    #[arg(long = "list", value_name = "CLASS=FILE[#COLUMN]", num_args = 1..)]
    pub lists: Vec<String>,
    /// Percentage of capitalised training words seen without their identity (word dropout),
    /// so that the model learns to recognise unseen names.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u8).range(0..=100))]
    pub word_dropout: u8,
    /// With --predictions: the tagger's mentions alone, without the rest of the pipeline.
    #[arg(long)]
    pub tagger_only: bool,
    /// Passes over the data.
    #[arg(long, default_value_t = 10)]
    pub epochs: usize,
    /// Seed for the order of the training texts (same seed and data, same model).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// How many times each reviewed file counts per epoch.
    #[arg(long, default_value_t = 5)]
    pub review_weight: u32,
    /// Where to write the model.
    #[arg(short, long, value_name = "MODEL")]
    pub output: Option<PathBuf>,
    /// Train the attribution model (cue, content, source and the stacker) from the quotes of
    /// the --data lines instead of the entity tagger, e.g.
    /// `train --attribution --data polnear-train.jsonl -o assets/model/attribution.bin`.
    #[arg(long, conflicts_with_all = ["eval", "from"])]
    pub attribution: bool,
}

/// Runs `train`.
pub fn run(args: TrainArgs) -> Result<ExitCode, CliError> {
    let base = match &args.base {
        Some(path) => Tagger::load(path)?,
        None => Tagger::bundled(),
    };
    if let Some(gold) = &args.eval {
        return eval(
            &base,
            gold,
            args.eval_split.as_deref(),
            args.predictions.as_deref(),
            args.tagger_only,
        );
    }
    let output = args
        .output
        .clone()
        .ok_or_else(|| usage("train: give the model file to write with -o MODEL"))?;
    if args.attribution {
        return train_attribution(&args, &output).map_err(CliError::Attribution);
    }
    if args.data.is_empty() && args.from.is_empty() {
        return Err(usage(
            "train: nothing to train on; give --data FILE.jsonl and/or --from REVIEWED.json",
        ));
    }
    let mut examples: Vec<Example> = Vec::new();
    for path in &args.data {
        let read = train::read_gold_jsonl(path, args.data_split.as_deref())?;
        if args.prose_copies {
            let prose: Vec<Example> = read
                .iter()
                .filter(|ex| train::looks_pretokenised(&ex.text))
                .map(train::raw_variant)
                .collect();
            examples.extend(prose);
        }
        examples.extend(read);
    }
    let mut reviewed = 0;
    for path in &args.from {
        match train::read_review(path)? {
            Some(mut example) => {
                example.weight = args.review_weight.max(1);
                examples.push(example);
                reviewed += 1;
            }
            None => eprintln!(
                "article-review: {}: nobody reviewed this file (no user entity, no reviewed quote); skipped",
                path.display()
            ),
        }
    }
    if examples.is_empty() {
        return Err(usage(
            "train: none of the review files was reviewed; nothing to learn",
        ));
    }
    let dev = match &args.dev {
        Some(path) => train::read_gold_jsonl(path, None)?,
        None => Vec::new(),
    };
    let names = |paths: &[PathBuf]| -> Vec<String> {
        paths
            .iter()
            .map(|p| {
                p.file_name().map_or_else(
                    || p.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                )
            })
            .collect()
    };
    let fine_tune = args.data.is_empty();
    let mut lists = Vec::new();
    for spec in &args.lists {
        let (class, file) = spec.split_once('=').ok_or_else(|| {
            usage(format!(
                "train: --list {spec}: write CLASS=FILE or CLASS=FILE#COLUMN"
            ))
        })?;
        let (file, column) = match file.rsplit_once('#') {
            Some((f, c)) => (
                f,
                c.parse::<usize>().map_err(|_| {
                    usage(format!("train: --list {spec}: the column must be a number"))
                })?,
            ),
            None => (file, 1),
        };
        lists.push((class.to_string(), PathBuf::from(file), column));
    }
    let options = Options {
        epochs: args.epochs,
        seed: args.seed,
        info: format!(
            "data: {:?}{}{}; lists: {:?}; reviews: {reviewed} ({:?}, weight {}); epochs {}; seed {}; word dropout {}%{}; tool {}",
            names(&args.data),
            args.data_split
                .as_ref()
                .map_or(String::new(), |s| format!(" split {s}")),
            if args.prose_copies {
                " with prose copies"
            } else {
                ""
            },
            args.lists
                .iter()
                .map(|l| l.rsplit(['/', '=']).next().unwrap_or(l).to_string())
                .collect::<Vec<_>>(),
            names(&args.from),
            args.review_weight,
            args.epochs,
            args.seed,
            args.word_dropout,
            if fine_tune {
                "; fine-tuned from the base model"
            } else {
                ""
            },
            env!("CARGO_PKG_VERSION")
        ),
        lists,
        word_dropout: args.word_dropout,
        ..Options::default()
    };
    let mut stderr = std::io::stderr();
    let mut report = |line: &str| {
        let _ = writeln!(stderr, "train: {line}");
    };
    let tagger = train::train(
        &examples,
        fine_tune.then_some(&base),
        &options,
        &dev,
        &mut report,
    )?;
    if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| TaggerError::io("create the folder", parent, e))?;
    }
    tagger.save(&output)?;
    eprintln!(
        "train: wrote {} ({} features, {} bytes)",
        output.display(),
        tagger.feature_count(),
        tagger.to_bytes().len()
    );
    if !args.from.is_empty() {
        adapt_attribution(&args, &tagger, &output).map_err(CliError::Attribution)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `train --attribution`: the attribution model from gold quotes.
fn train_attribution(args: &TrainArgs, output: &Path) -> Result<ExitCode, String> {
    if args.data.is_empty() {
        return Err("train --attribution: give the gold quotes with --data FILE.jsonl".into());
    }
    let mut texts = Vec::new();
    for path in &args.data {
        texts.extend(attr_train::read_gold_jsonl(path)?);
    }
    let options = attr_train::Options {
        epochs: args.epochs,
        seed: args.seed,
        info: format!(
            "attribution; data: {} texts; epochs {}; seed {}; tool {}",
            texts.len(),
            args.epochs,
            args.seed,
            env!("CARGO_PKG_VERSION")
        ),
        ..attr_train::Options::default()
    };
    let extractor = Extractor::bundled().with_attribution(None);
    let mut report = |line: &str| eprintln!("train: {line}");
    let model = attr_train::train(&texts, &extractor, &options, &mut report)?;
    if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    model.save(output)?;
    eprintln!(
        "train: wrote {} ({} bytes)",
        output.display(),
        model.to_bytes().len()
    );
    Ok(ExitCode::SUCCESS)
}

/// `train --from`: the user's attribution model, next to the user's entity model, adapted to
/// the reviewed quotes.
fn adapt_attribution(args: &TrainArgs, tagger: &Tagger, output: &Path) -> Result<(), String> {
    let base = match &args.base {
        Some(base) if attribution_path(base).exists() => {
            AttributionModel::load(&attribution_path(base))?
        }
        _ => match AttributionModel::bundled() {
            Some(model) => (*model).clone(),
            None => return Ok(()),
        },
    };
    let mut texts = Vec::new();
    for path in &args.from {
        if let Some(mut text) = attr_train::read_review(path)? {
            text.weight = args.review_weight.max(1);
            texts.push(text);
        }
    }
    if texts.is_empty() {
        return Ok(());
    }
    let options = attr_train::Options {
        epochs: 3,
        seed: args.seed,
        info: format!("{} reviewed files", texts.len()),
        ..attr_train::Options::default()
    };
    let extractor = Extractor::with_tagger(tagger.clone()).with_attribution(None);
    let model = attr_train::adapt(&base, &texts, &extractor, &options);
    let path = attribution_path(output);
    model.save(&path)?;
    eprintln!("train: wrote {} (attribution, adapted)", path.display());
    Ok(())
}

/// Measures `tagger` on gold lines; optionally writes the documents for the Python scorer.
fn eval(
    tagger: &Tagger,
    gold: &Path,
    split: Option<&str>,
    predictions: Option<&Path>,
    tagger_only: bool,
) -> Result<ExitCode, CliError> {
    let examples = train::read_gold_jsonl(gold, split)?;
    let scores = train::evaluate(tagger, &examples);
    let main = [EntityType::Person, EntityType::Org, EntityType::Loc];
    for t in EntityType::ALL {
        let (p, r, f) = scores.prf(&[t]);
        println!("{:<6} P/R/F1 = {p:.3}/{r:.3}/{f:.3}", t.label());
    }
    let (p, r, f) = scores.prf(&main);
    println!("PER/ORG/LOC micro P/R/F1 = {p:.3}/{r:.3}/{f:.3}");
    let (p, r, f) = scores.prf(&EntityType::ALL);
    println!("all types   micro P/R/F1 = {p:.3}/{r:.3}/{f:.3}");
    if let Some(out) = predictions {
        let extractor = Extractor::with_tagger(tagger.clone());
        let mut lines = String::new();
        for ex in &examples {
            let mut analysis = if tagger_only {
                let mut analysis = crate::extract::Analysis::new(&ex.text);
                tagger.tag(&mut analysis);
                analysis
            } else {
                extractor.analyze(&ex.text)
            };
            // Until alias merging groups mentions, each mention is its own entity, so that the
            // scorer sees every span the tagger proposed.
            if analysis.entities.is_empty() {
                for (m, mention) in analysis.mentions.iter_mut().enumerate() {
                    mention.entity = Some(m);
                    analysis.entities.push(EntityDraft {
                        name: ex.text[mention.start..mention.end].into(),
                        entity_type: mention.entity_type,
                        gender: None,
                        mentions: vec![m],
                    });
                }
            }
            let (entities, quotes) = analysis.into_parts();
            let mut doc = crate::document::model::Document::new(
                ex.text.clone(),
                Source::in_memory(),
                Meta::default(),
            );
            doc.entities = entities;
            doc.quotes = quotes;
            let mut json = serde_json::to_value(&doc)?;
            json["id"] = serde_json::Value::String(ex.id.clone());
            lines.push_str(&json.to_string());
            lines.push('\n');
        }
        atomic_write(out, lines.as_bytes())?;
    }
    Ok(ExitCode::SUCCESS)
}
