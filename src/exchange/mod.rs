//! Other annotation tools' formats: import into review documents and export from them.
//!
//! | format | module | holds |
//! |---|---|---|
//! | brat standoff (`.txt` + `.ann`), as PolNeAR and PARC ship it | [`brat`] | text, entities, quotes with source and cue |
//! | Label Studio JSON tasks | [`label_studio`] | text, spans, quote → speaker relations, kind and status |
//! | doccano JSONL | [`doccano`] | text and labelled spans |
//! | CoNLL BIO | [`conll`] | tokens and entity tags |
//!
//! What each keeps and loses is in `docs/formats.md`. Every reader refuses bad input with an
//! [`ExchangeError`] naming the file and, where it can, the line.

pub mod brat;
pub mod conll;
pub mod doccano;
pub mod label_studio;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::document::json::{read_review, to_json_pretty};
use crate::document::load::read_file;
use crate::document::model::{Document, Entity, EntityType, Origin, Span};

/// A file format `convert` reads or writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Our own review file (JSON, format version 1).
    Review,
    /// brat standoff: a `.txt` with the text and an `.ann` with the annotations.
    Brat,
    /// Label Studio JSON tasks.
    LabelStudio,
    /// doccano JSONL.
    Doccano,
    /// CoNLL BIO, one token per line.
    Conll,
}

impl Format {
    /// Every format, in the order the CLI lists them.
    pub const ALL: [Format; 5] = [
        Format::Brat,
        Format::LabelStudio,
        Format::Doccano,
        Format::Conll,
        Format::Review,
    ];

    /// The name used on the command line (`--to brat`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Review => "review",
            Format::Brat => "brat",
            Format::LabelStudio => "label-studio",
            Format::Doccano => "doccano",
            Format::Conll => "conll",
        }
    }

    /// The format with this command-line name.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Review | Format::LabelStudio => "json",
            Format::Brat => "ann",
            Format::Doccano => "jsonl",
            Format::Conll => "conll",
        }
    }
}

/// Why a file could not be imported or exported: which file, where in it, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExchangeError {
    /// The file concerned.
    pub file: String,
    /// The 1-based line, when the problem is on one line.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl ExchangeError {
    /// An error about `file` as a whole.
    pub fn file(file: &str, message: impl Into<String>) -> ExchangeError {
        ExchangeError {
            file: file.to_string(),
            line: None,
            message: message.into(),
        }
    }

    /// An error at `line` (1-based) of `file`.
    pub fn at(file: &str, line: usize, message: impl Into<String>) -> ExchangeError {
        ExchangeError {
            file: file.to_string(),
            line: Some(line),
            message: message.into(),
        }
    }
}

impl fmt::Display for ExchangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}: line {line}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for ExchangeError {}

/// The format of the file at `path` starting with `bytes`: by extension, then by content.
pub fn detect(path: &Path, bytes: &[u8]) -> Result<Format, ExchangeError> {
    let label = path.display().to_string();
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("ann") => return Ok(Format::Brat),
        Some("txt") if path.with_extension("ann").is_file() => return Ok(Format::Brat),
        Some("conll" | "bio" | "iob" | "conllu") => return Ok(Format::Conll),
        Some("jsonl") => return Ok(Format::Doccano),
        _ => {}
    }
    let text =
        std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).map_err(|e| {
            ExchangeError::file(
                &label,
                format!("is not UTF-8 text (bad byte at offset {})", e.valid_up_to()),
            )
        })?;
    let start = text.trim_start();
    if start.starts_with('[') {
        return Ok(Format::LabelStudio);
    }
    if start.starts_with('{') {
        let head: String = start.chars().take(512).collect();
        if head.contains("\"article-review\"") {
            return Ok(Format::Review);
        }
        // A doccano file is one object per line; a Label Studio task is one object over many
        // lines or with a "data" key.
        let first_line = start.lines().next().unwrap_or("");
        if serde_json::from_str::<serde_json::Value>(first_line)
            .is_ok_and(|v| v.get("text").is_some() && v.get("data").is_none())
        {
            return Ok(Format::Doccano);
        }
        return Ok(Format::LabelStudio);
    }
    let first = start.lines().next().unwrap_or("");
    if first.starts_with("-DOCSTART-") || conll::looks_like_conll(first) {
        return Ok(Format::Conll);
    }
    Err(ExchangeError::file(
        &label,
        "is not a format convert reads: expected a review file, a brat .ann (with its .txt), \
         Label Studio JSON, doccano JSONL or CoNLL BIO",
    ))
}

/// Reads the documents in the file at `path`, whatever its format; a brat pair is named by
/// either of its files.
pub fn import(path: &Path) -> Result<(Format, Vec<Document>), ExchangeError> {
    let label = path.display().to_string();
    let bytes = read_file(path).map_err(|e| ExchangeError::file(&label, e.message))?;
    let format = detect(path, &bytes)?;
    let docs = match format {
        Format::Review => {
            vec![read_review(&bytes, &label).map_err(|e| ExchangeError::file(&label, e.message))?]
        }
        Format::Brat => vec![brat::import_pair(path)?],
        Format::LabelStudio => label_studio::read(utf8(&bytes, &label)?, &label)?,
        Format::Doccano => doccano::read(utf8(&bytes, &label)?, &label)?,
        Format::Conll => conll::read(utf8(&bytes, &label)?, &label)?,
    };
    if docs.is_empty() {
        return Err(ExchangeError::file(&label, "holds no document"));
    }
    Ok((format, docs))
}

/// The bytes as UTF-8 text without a byte order mark, or an error saying where it is not.
pub(crate) fn utf8<'b>(bytes: &'b [u8], label: &str) -> Result<&'b str, ExchangeError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let line = 1 + bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        ExchangeError::at(label, line, "is not UTF-8 text here")
    })
}

/// One file to write: where and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// The path.
    pub path: PathBuf,
    /// The contents.
    pub contents: String,
}

/// The files that hold `docs` in `format` at `out`. A brat export is two files per document
/// (`out` with `.txt` and `.ann`); a review export of several documents goes into the folder
/// `out`, one file each.
pub fn export(docs: &[Document], format: Format, out: &Path) -> Vec<OutputFile> {
    match format {
        Format::Review if docs.len() == 1 => vec![OutputFile {
            path: out.to_path_buf(),
            contents: to_json_pretty(&docs[0]),
        }],
        Format::Review => docs
            .iter()
            .enumerate()
            .map(|(i, doc)| OutputFile {
                path: out.join(format!("{}.json", document_stem(doc, i))),
                contents: to_json_pretty(doc),
            })
            .collect(),
        Format::Brat if docs.len() == 1 => {
            let (txt, ann) = brat::write(&docs[0]);
            vec![
                OutputFile {
                    path: out.with_extension("txt"),
                    contents: txt,
                },
                OutputFile {
                    path: out.with_extension("ann"),
                    contents: ann,
                },
            ]
        }
        Format::Brat => docs
            .iter()
            .enumerate()
            .flat_map(|(i, doc)| {
                let stem = out.join(document_stem(doc, i));
                let (txt, ann) = brat::write(doc);
                [
                    OutputFile {
                        path: stem.with_extension("txt"),
                        contents: txt,
                    },
                    OutputFile {
                        path: stem.with_extension("ann"),
                        contents: ann,
                    },
                ]
            })
            .collect(),
        Format::LabelStudio => vec![OutputFile {
            path: out.to_path_buf(),
            contents: label_studio::write(docs),
        }],
        Format::Doccano => vec![OutputFile {
            path: out.to_path_buf(),
            contents: doccano::write(docs),
        }],
        Format::Conll => vec![OutputFile {
            path: out.to_path_buf(),
            contents: conll::write(docs),
        }],
    }
}

/// A file name for the `i`-th document of a multi-document export: its source file's stem, or
/// `doc-N`.
fn document_stem(doc: &Document, i: usize) -> String {
    doc.source
        .path
        .as_deref()
        .and_then(|p| Path::new(p).file_stem())
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .map_or_else(|| format!("doc-{}", i + 1), |s| format!("{}-{}", i + 1, s))
}

/// The entity type for a label of another tool: ours, CoNLL's (PER) and common long forms.
pub(crate) fn entity_type_of(label: &str) -> Option<EntityType> {
    match label.to_ascii_uppercase().as_str() {
        "PERSON" | "PER" => Some(EntityType::Person),
        "ORG" | "ORGANIZATION" | "ORGANISATION" => Some(EntityType::Org),
        "LOC" | "LOCATION" | "GPE" => Some(EntityType::Loc),
        "MISC" | "NORP" => Some(EntityType::Misc),
        _ => None,
    }
}

/// Groups mentions into entities: mentions with the same `group` key form one entity, named by
/// its longest mention (the earliest of equal length). Entities come out in order of first
/// mention, with ids `e1`, `e2`, ….
pub(crate) fn group_entities(mut mentions: Vec<(String, EntityType, Span)>) -> Vec<Entity> {
    mentions.sort_by_key(|x| (x.2.start, x.2.end));
    let mut entities: Vec<Entity> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    for (key, entity_type, span) in mentions {
        match keys.iter().position(|k| *k == key) {
            Some(at) => {
                let entity = &mut entities[at];
                if !entity.mentions.contains(&span) {
                    if span.text.chars().count() > entity.name.chars().count() {
                        entity.name = span.text.clone();
                    }
                    entity.mentions.push(span);
                }
            }
            None => {
                keys.push(key);
                entities.push(Entity {
                    id: format!("e{}", entities.len() + 1),
                    name: span.text.trim().to_string(),
                    entity_type,
                    origin: Origin::User,
                    mentions: vec![span],
                    gender: None,
                });
            }
        }
    }
    for entity in &mut entities {
        entity.name = entity.name.trim().to_string();
        if entity.name.is_empty() {
            entity.name = "(unnamed)".into();
        }
    }
    entities
}
