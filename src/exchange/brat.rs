//! brat standoff: the text in `NAME.txt`, the annotations in `NAME.ann`, as PolNeAR and PARC
//! ship attribution data.
//!
//! Offsets are code points into the `.txt` exactly as it is on disk (brat reads it without
//! translating line ends), half-open, like ours. A discontinuous span is `start end;start end`
//! and its text is the pieces joined by one space.
//!
//! An attribution is an event joining text-bound annotations, as PolNeAR writes them (fields
//! separated by tabs, shown here as spaces):
//!
//! ```text
//! T1    Source 0 9    Anna Berg
//! T2    Cue 10 14    said
//! T3    Content 16 27    we will win
//! T4    Attribution 10 14    said
//! E1    Attribution:T4 Content:T3 Cue:T2 Source:T1
//! ```
//!
//! (`Attribution-no-source` when there is no source.) Named entities are text-bound annotations
//! labelled `PERSON`, `ORG`, `LOC` or `MISC` (also `PER`, `Organization`, `Location`, …); the
//! mentions of one entity are joined by an `Equiv` line (`*    Equiv T1 T7`). What PolNeAR has no
//! place for, this module writes in brat's own notation so a round trip keeps it: the quote's
//! kind and status as event attributes (`A1    Kind E1 direct`, `A2    Status E1 corrected`) and the
//! speaker entity as a relation from the source to one of the entity's mentions
//! (`R1    Speaker Arg1:T1 Arg2:T5`).
//!
//! PolNeAR's files have a few spans over a line break whose text runs on to the next line of
//! the `.ann`; the reader takes such continuation lines as part of the text.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::document::load::{read_file, sha256_hex};
use crate::document::model::{
    Document, EntityType, Meta, Quote, QuoteKind, QuoteStatus, Source, Span,
};
use crate::exchange::{ExchangeError, entity_type_of, group_entities, utf8};
use crate::text::CharIndex;

/// The rule recorded on quotes read from brat files.
pub const IMPORT_RULE: &str = "import:brat";

/// Reads the brat pair named by `path` (its `.ann` or its `.txt`). The `.txt` is looked for
/// next to the `.ann`, then in PolNeAR's layout: `../text/NAME.txt` for
/// `attributions/NAME_ANNOTATOR.ann`.
pub fn import_pair(path: &Path) -> Result<Document, ExchangeError> {
    let is_txt = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"));
    let (txt_path, ann_path) = if is_txt {
        (path.to_path_buf(), path.with_extension("ann"))
    } else {
        let txt = text_for(path).ok_or_else(|| {
            ExchangeError::file(
                &path.display().to_string(),
                format!(
                    "has no text file: looked for {} (and PolNeAR's ../text/NAME.txt)",
                    path.with_extension("txt").display()
                ),
            )
        })?;
        (txt, path.to_path_buf())
    };
    let txt_label = txt_path.display().to_string();
    let ann_label = ann_path.display().to_string();
    let txt_bytes = read_file(&txt_path).map_err(|e| ExchangeError::file(&txt_label, e.message))?;
    let ann_bytes = read_file(&ann_path).map_err(|e| ExchangeError::file(&ann_label, e.message))?;
    let text = utf8(&txt_bytes, &txt_label)?.to_string();
    let ann = utf8(&ann_bytes, &ann_label)?;
    let source = Source {
        path: Some(txt_label),
        sha256: Some(sha256_hex(&txt_bytes)),
        media_type: "text/plain".into(),
        encoding: Some("UTF-8".into()),
    };
    read(text, source, ann, &ann_label)
}

/// The `.txt` of the `.ann` at `ann`: next to it, or PolNeAR's `../text/NAME.txt` with the
/// annotator suffix (`_4e07`) taken off.
fn text_for(ann: &Path) -> Option<PathBuf> {
    let beside = ann.with_extension("txt");
    if beside.is_file() {
        return Some(beside);
    }
    let stem = ann.file_stem()?.to_str()?;
    let folder = ann.parent()?.parent()?.join("text");
    let mut candidates = vec![folder.join(format!("{stem}.txt"))];
    if let Some((name, annotator)) = stem.rsplit_once('_')
        && !annotator.is_empty()
        && annotator.chars().all(|c| c.is_ascii_alphanumeric())
    {
        candidates.push(folder.join(format!("{name}.txt")));
    }
    candidates.into_iter().find(|p| p.is_file())
}

/// A text-bound annotation as read.
#[derive(Debug, Clone)]
struct TextBound {
    label: String,
    pieces: Vec<(usize, usize)>,
}

/// An event (`E` line) as read.
#[derive(Debug, Clone)]
struct Event {
    trigger_label: String,
    roles: Vec<(String, String)>,
}

/// Everything read from an `.ann`.
#[derive(Debug, Default)]
struct Annotations {
    text_bounds: HashMap<String, TextBound>,
    /// Text-bound ids in file order.
    order: Vec<String>,
    events: Vec<(String, Event)>,
    /// (attribute name, target id) → value.
    attributes: HashMap<(String, String), String>,
    equivs: Vec<Vec<String>>,
    /// (label, arg1, arg2).
    relations: Vec<(String, String, String)>,
}

/// Reads an `.ann` over `text`; `label` names the `.ann` in errors.
pub fn read(
    text: String,
    source: Source,
    ann: &str,
    label: &str,
) -> Result<Document, ExchangeError> {
    let index = CharIndex::new(&text);
    let annotations = parse(&text, &index, ann, label)?;
    let mut doc = Document::new(text, source, Meta::default());
    build(&mut doc, &annotations, label)?;
    Ok(doc)
}

fn parse(
    text: &str,
    index: &CharIndex,
    ann: &str,
    label: &str,
) -> Result<Annotations, ExchangeError> {
    let mut out = Annotations::default();
    let lines: Vec<&str> = ann
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let mut n = 0;
    while n < lines.len() {
        let line = lines[n];
        let line_no = n + 1;
        n += 1;
        if line.trim().is_empty() {
            continue;
        }
        let mut fields = line.splitn(3, '\t');
        let id = fields.next().unwrap_or("");
        if !matches!(
            id.chars().next(),
            Some('T' | 'E' | 'R' | 'A' | 'M' | 'N' | '*' | '#')
        ) {
            return Err(ExchangeError::at(
                label,
                line_no,
                format!(
                    "{:?} is not a brat annotation (ids start with T, E, R, A, M, N, * or #)",
                    cut(line)
                ),
            ));
        }
        let body = fields.next().ok_or_else(|| {
            ExchangeError::at(
                label,
                line_no,
                format!(
                    "expected an id, a tab and an annotation, found {:?}",
                    cut(line)
                ),
            )
        })?;
        match id.chars().next() {
            Some('T') => {
                let (tb_label, offsets) = body.split_once(' ').ok_or_else(|| {
                    ExchangeError::at(
                        label,
                        line_no,
                        format!("{id}: expected a label and offsets"),
                    )
                })?;
                let pieces = parse_offsets(offsets, index.char_len())
                    .map_err(|m| ExchangeError::at(label, line_no, format!("{id}: {m}")))?;
                let expected: Vec<&str> = pieces
                    .iter()
                    .map(|&(s, e)| &text[index.byte_of_char(s)..index.byte_of_char(e)])
                    .collect();
                let expected = expected.join(" ");
                let mut written = fields.next().unwrap_or("").to_string();
                // A span over a line break: its text goes on over the next lines.
                while written != expected
                    && n < lines.len()
                    && expected.starts_with(&format!("{written}\n"))
                {
                    written.push('\n');
                    written.push_str(lines[n]);
                    n += 1;
                }
                if written != expected {
                    return Err(ExchangeError::at(
                        label,
                        line_no,
                        format!(
                            "{id}: its text {:?} is not the text at {offsets} in the .txt, which is \
                             {:?} (is this the .ann of another text, or are its offsets not code \
                             points?)",
                            cut(&written),
                            cut(&expected)
                        ),
                    ));
                }
                out.order.push(id.to_string());
                out.text_bounds.insert(
                    id.to_string(),
                    TextBound {
                        label: tb_label.to_string(),
                        pieces,
                    },
                );
            }
            Some('E') => {
                let mut parts = body.split_whitespace();
                let trigger = parts.next().unwrap_or("");
                let (trigger_label, trigger_id) = trigger.split_once(':').ok_or_else(|| {
                    ExchangeError::at(label, line_no, format!("{id}: expected TYPE:TRIGGER first"))
                })?;
                let mut roles = vec![("".to_string(), trigger_id.to_string())];
                for part in parts {
                    let (role, target) = part.split_once(':').ok_or_else(|| {
                        ExchangeError::at(
                            label,
                            line_no,
                            format!("{id}: expected ROLE:ID, found {part:?}"),
                        )
                    })?;
                    roles.push((role.to_string(), target.to_string()));
                }
                out.events.push((
                    id.to_string(),
                    Event {
                        trigger_label: trigger_label.to_string(),
                        roles,
                    },
                ));
            }
            Some('A' | 'M') => {
                let parts: Vec<&str> = body.split_whitespace().collect();
                if parts.len() < 2 {
                    return Err(ExchangeError::at(
                        label,
                        line_no,
                        format!("{id}: expected NAME TARGET [VALUE]"),
                    ));
                }
                let value = parts.get(2).copied().unwrap_or("true");
                out.attributes.insert(
                    (parts[0].to_string(), parts[1].to_string()),
                    value.to_string(),
                );
            }
            Some('R') => {
                let parts: Vec<&str> = body.split_whitespace().collect();
                let arg = |i: usize| {
                    parts
                        .get(i)
                        .and_then(|p| p.split_once(':'))
                        .map(|(_, target)| target.to_string())
                };
                match (parts.first(), arg(1), arg(2)) {
                    (Some(rel), Some(a1), Some(a2)) => {
                        out.relations.push((rel.to_string(), a1, a2));
                    }
                    _ => {
                        return Err(ExchangeError::at(
                            label,
                            line_no,
                            format!("{id}: expected TYPE Arg1:ID Arg2:ID"),
                        ));
                    }
                }
            }
            Some('*') => {
                let ids: Vec<String> = body.split_whitespace().skip(1).map(String::from).collect();
                out.equivs.push(ids);
            }
            // Notes (#) and normalisations (N) carry nothing we keep.
            Some('#' | 'N') => {}
            _ => {
                return Err(ExchangeError::at(
                    label,
                    line_no,
                    format!(
                        "{:?} is not a brat annotation (ids start with T, E, R, A, M, N, * or #)",
                        cut(line)
                    ),
                ));
            }
        }
    }
    // References must name annotations of the file.
    for (id, event) in &out.events {
        for (_, target) in &event.roles {
            if !out.text_bounds.contains_key(target) {
                return Err(ExchangeError::file(
                    label,
                    format!(
                        "event {id} refers to {target}, which is not a text-bound annotation of this file"
                    ),
                ));
            }
        }
    }
    Ok(out)
}

/// Parses `start end;start end` into code point pieces within `len`.
fn parse_offsets(offsets: &str, len: usize) -> Result<Vec<(usize, usize)>, String> {
    let mut pieces = Vec::new();
    for piece in offsets.split(';') {
        let mut numbers = piece.split_whitespace().map(str::parse::<usize>);
        match (numbers.next(), numbers.next(), numbers.next()) {
            (Some(Ok(start)), Some(Ok(end)), None) => {
                if start > end {
                    return Err(format!("start {start} is after end {end}"));
                }
                if end > len {
                    return Err(format!(
                        "offset {end} is past the end of the .txt ({len} code points)"
                    ));
                }
                pieces.push((start, end));
            }
            _ => {
                return Err(format!(
                    "expected offsets as 'START END[;START END]', found {piece:?}"
                ));
            }
        }
    }
    Ok(pieces)
}

fn cut(s: &str) -> String {
    let mut chars = s.chars();
    let mut out: String = chars.by_ref().take(60).collect();
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

/// Pronouns a source may be: they name no entity of their own.
const PRONOUNS: &[&str] = &[
    "he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "us", "me",
];

/// The quotation marks a direct quote's content may be enclosed in.
fn is_mark(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»' | '‘' | '’' | '\'')
}

fn build(doc: &mut Document, ann: &Annotations, label: &str) -> Result<(), ExchangeError> {
    let text = doc.text.clone();
    let span_of = |(s, e): (usize, usize)| Span::from_text(&text, s, e);
    let whole = |tb: &TextBound| -> Span {
        let start = tb.pieces.iter().map(|p| p.0).min().unwrap_or(0);
        let end = tb.pieces.iter().map(|p| p.1).max().unwrap_or(0);
        span_of((start, end))
    };

    // Entities: entity-labelled text-bounds, grouped by Equiv lines, else by text and type.
    let mut equiv_group: HashMap<&str, usize> = HashMap::new();
    for (g, ids) in ann.equivs.iter().enumerate() {
        for id in ids {
            equiv_group.insert(id.as_str(), g);
        }
    }
    let mut mentions = Vec::new();
    let mut entity_key_of: HashMap<&str, String> = HashMap::new();
    for id in &ann.order {
        let tb = &ann.text_bounds[id];
        if let Some(entity_type) = entity_type_of(&tb.label) {
            let span = whole(tb);
            let key = match equiv_group.get(id.as_str()) {
                Some(g) => format!("equiv:{g}"),
                None => format!("text:{}|{}", span.text, entity_type.label()),
            };
            entity_key_of.insert(id.as_str(), key.clone());
            mentions.push((key, entity_type, span));
        }
    }
    // Sources naming an entity the file does not annotate become entities of unknown type.
    let mut source_entities = Vec::new();
    for (_, event) in &ann.events {
        for (role, target) in &event.roles {
            if role == "Source" {
                let tb = &ann.text_bounds[target];
                let span = whole(tb);
                let linked = ann
                    .relations
                    .iter()
                    .any(|(r, a1, _)| r == "Speaker" && a1 == target);
                let covered = mentions
                    .iter()
                    .any(|(_, _, m)| m.start < span.end && span.start < m.end);
                let pronoun = PRONOUNS.contains(&span.text.trim().to_lowercase().as_str());
                if !linked && !covered && !pronoun && !span.text.trim().is_empty() {
                    let key = format!("source:{}", crate::compare::normalise_name(&span.text));
                    source_entities.push((key, EntityType::Misc, span));
                }
            }
        }
    }
    let mut all_mentions = mentions.clone();
    all_mentions.extend(source_entities.iter().cloned());
    doc.entities = group_entities(all_mentions.clone());
    // Map each grouping key to the entity id it became.
    let mut entity_of_key: HashMap<String, String> = HashMap::new();
    for (key, _, span) in &all_mentions {
        if let Some(entity) = doc.entities.iter().find(|e| e.mentions.contains(span)) {
            entity_of_key
                .entry(key.clone())
                .or_insert_with(|| entity.id.clone());
        }
    }

    // Quotes: one per attribution event; content text-bounds outside any event on their own.
    let mut in_event: Vec<&str> = Vec::new();
    let mut quotes = Vec::new();
    for (event_id, event) in &ann.events {
        if !event.trigger_label.starts_with("Attribution") {
            continue;
        }
        let role = |name: &str| -> Vec<&TextBound> {
            event
                .roles
                .iter()
                .filter(|(r, _)| r.starts_with(name))
                .map(|(_, t)| &ann.text_bounds[t])
                .collect()
        };
        for (_, target) in &event.roles {
            in_event.push(target.as_str());
        }
        let contents = role("Content");
        if contents.is_empty() {
            continue;
        }
        let mut pieces: Vec<(usize, usize)> = contents
            .iter()
            .flat_map(|tb| tb.pieces.iter().copied())
            .collect();
        pieces.sort_unstable();
        let source_id = event
            .roles
            .iter()
            .find(|(r, _)| r == "Source")
            .map(|(_, t)| t.as_str());
        let source = role("Source").first().map(|tb| span_of(tb.pieces[0]));
        let cue = role("Cue").first().map(|tb| span_of(tb.pieces[0]));
        let speaker = source_id.and_then(|sid| {
            // An explicit Speaker relation first, then an entity mention over the source.
            ann.relations
                .iter()
                .find(|(r, a1, _)| r == "Speaker" && a1 == sid)
                .and_then(|(_, _, a2)| entity_key_of.get(a2.as_str()))
                .and_then(|key| entity_of_key.get(key).cloned())
                .or_else(|| {
                    let source = source.as_ref()?;
                    doc.entities
                        .iter()
                        .find(|e| e.mentions.iter().any(|m| m == source))
                        .or_else(|| {
                            doc.entities.iter().find(|e| {
                                e.mentions
                                    .iter()
                                    .any(|m| m.start < source.end && source.start < m.end)
                            })
                        })
                        .map(|e| e.id.clone())
                })
        });
        let kind_attr = ann.attributes.get(&("Kind".to_string(), event_id.clone()));
        let status_attr = ann
            .attributes
            .get(&("Status".to_string(), event_id.clone()));
        let kind = match kind_attr {
            Some(k) => QuoteKind::ALL
                .into_iter()
                .find(|q| q.label() == k)
                .ok_or_else(|| {
                    ExchangeError::file(
                        label,
                        format!("{event_id}: unknown Kind {k:?} (direct, mixed or indirect)"),
                    )
                })?,
            None => kind_by_marks(&text, &mut pieces),
        };
        let status = match status_attr {
            Some(s) => QuoteStatus::ALL
                .into_iter()
                .find(|q| q.label() == s)
                .ok_or_else(|| {
                    ExchangeError::file(label, format!("{event_id}: unknown Status {s:?}"))
                })?,
            None => QuoteStatus::Added,
        };
        quotes.push(make_quote(
            &text, &pieces, kind, status, speaker, source, cue,
        ));
    }
    for id in &ann.order {
        let tb = &ann.text_bounds[id];
        if tb.label.starts_with("Content") && !in_event.contains(&id.as_str()) {
            let mut pieces = tb.pieces.clone();
            pieces.sort_unstable();
            let kind = kind_by_marks(&text, &mut pieces);
            quotes.push(make_quote(
                &text,
                &pieces,
                kind,
                QuoteStatus::Added,
                None,
                None,
                None,
            ));
        }
    }
    quotes.sort_by_key(|q: &Quote| (q.start, q.end));
    for (i, q) in quotes.iter_mut().enumerate() {
        q.id = format!("q{}", i + 1);
    }
    doc.quotes = quotes;
    Ok(())
}

/// Direct when every piece of the content is wholly inside quotation marks (the marks, and a
/// full stop after the closing one, are then left out of the pieces, as in our format); mixed
/// when the content holds some marks; indirect otherwise.
fn kind_by_marks(text: &str, pieces: &mut [(usize, usize)]) -> QuoteKind {
    let is_double = |c: &char| matches!(c, '"' | '“' | '”' | '„' | '«' | '»');
    let mut inner = Vec::with_capacity(pieces.len());
    let mut any_mark = false;
    for &(start, end) in pieces.iter() {
        let chars: Vec<char> = Span::from_text(text, start, end).text.chars().collect();
        any_mark |= chars.iter().any(is_double);
        let opens = chars.first().is_some_and(|&c| is_mark(c) && c != '’');
        // The closing mark, past any punctuation written after it.
        let close_at = chars
            .iter()
            .rposition(|c| !matches!(c, '.' | ',' | '!' | '?' | ';' | ':'))
            .filter(|&at| is_mark(chars[at]));
        let marks_inside = chars.iter().filter(|c| is_double(c)).count();
        match close_at {
            Some(close) if opens && close > 0 && marks_inside <= 2 => {
                inner.push((start + 1, start + close));
            }
            _ => {
                inner.clear();
                break;
            }
        }
    }
    if !inner.is_empty() && inner.len() == pieces.len() {
        pieces.copy_from_slice(&inner);
        return QuoteKind::Direct;
    }
    if any_mark {
        QuoteKind::Mixed
    } else {
        QuoteKind::Indirect
    }
}

fn make_quote(
    text: &str,
    pieces: &[(usize, usize)],
    kind: QuoteKind,
    status: QuoteStatus,
    speaker: Option<String>,
    source: Option<Span>,
    cue: Option<Span>,
) -> Quote {
    let start = pieces.first().map_or(0, |p| p.0);
    let end = pieces.last().map_or(start, |p| p.1).max(start);
    let whole = Span::from_text(text, start, end);
    let fragments = if pieces.len() > 1 {
        pieces
            .iter()
            .map(|&(s, e)| Span::from_text(text, s, e))
            .collect()
    } else {
        Vec::new()
    };
    Quote {
        id: String::new(),
        kind,
        start,
        end: whole.end,
        text: whole.text,
        speaker,
        speaker_mention: source,
        cue,
        confidence: 1.0,
        rule: IMPORT_RULE.to_string(),
        status,
        predicted: None,
        fragments,
        note: None,
        flag: None,
    }
}

/// The `.txt` and `.ann` for `doc`.
pub fn write(doc: &Document) -> (String, String) {
    let mut writer = Writer {
        text: &doc.text,
        ann: String::new(),
        next_t: 1,
        next_e: 1,
        next_a: 1,
        next_r: 1,
    };
    // Entity mentions, remembering the first T of each entity for Speaker relations.
    let mut first_mention: HashMap<&str, String> = HashMap::new();
    for entity in &doc.entities {
        let mut ids = Vec::new();
        for mention in &entity.mentions {
            ids.push(
                writer.text_bound(entity.entity_type.label(), &[(mention.start, mention.end)]),
            );
        }
        if let Some(first) = ids.first() {
            first_mention.insert(entity.id.as_str(), first.clone());
        }
        if ids.len() > 1 {
            let _ = writeln!(writer.ann, "*\tEquiv {}", ids.join(" "));
        }
    }
    for quote in &doc.quotes {
        let pieces: Vec<(usize, usize)> = if quote.fragments.is_empty() {
            vec![(quote.start, quote.end)]
        } else {
            quote.fragments.iter().map(|f| (f.start, f.end)).collect()
        };
        let source = quote
            .speaker_mention
            .as_ref()
            .map(|m| writer.text_bound("Source", &[(m.start, m.end)]));
        let cue = quote
            .cue
            .as_ref()
            .map(|c| writer.text_bound("Cue", &[(c.start, c.end)]));
        let content = writer.text_bound("Content", &pieces);
        let trigger_label = if source.is_some() {
            "Attribution"
        } else {
            "Attribution-no-source"
        };
        let trigger_span = quote
            .cue
            .as_ref()
            .map_or((quote.start, quote.end), |c| (c.start, c.end));
        let trigger = writer.text_bound(trigger_label, &[trigger_span]);
        let event = format!("E{}", writer.next_e);
        writer.next_e += 1;
        let mut line = format!("{event}\t{trigger_label}:{trigger} Content:{content}");
        if let Some(cue) = &cue {
            let _ = write!(line, " Cue:{cue}");
        }
        if let Some(source) = &source {
            let _ = write!(line, " Source:{source}");
        }
        let _ = writeln!(writer.ann, "{line}");
        writer.attribute("Kind", &event, quote.kind.label());
        writer.attribute("Status", &event, quote.status.label());
        if let (Some(source), Some(mention)) = (
            &source,
            quote.speaker.as_deref().and_then(|s| first_mention.get(s)),
        ) {
            let relation = format!("R{}", writer.next_r);
            writer.next_r += 1;
            let _ = writeln!(
                writer.ann,
                "{relation}\tSpeaker Arg1:{source} Arg2:{mention}"
            );
        }
    }
    (doc.text.clone(), writer.ann)
}

struct Writer<'d> {
    text: &'d str,
    ann: String,
    next_t: usize,
    next_e: usize,
    next_a: usize,
    next_r: usize,
}

impl Writer<'_> {
    /// Writes a text-bound annotation over `pieces` and returns its id. Pieces are split at
    /// line breaks, since an `.ann` line cannot hold one.
    fn text_bound(&mut self, label: &str, pieces: &[(usize, usize)]) -> String {
        let mut split = Vec::new();
        for &(start, end) in pieces {
            let span = Span::from_text(self.text, start, end);
            let mut at = start;
            for part in span.text.split('\n') {
                let len = part.chars().count();
                if len > 0 {
                    split.push((at, at + len));
                }
                at += len + 1;
            }
        }
        if split.is_empty() {
            // An empty or all-line-break span: keep its place as an empty span.
            let at = pieces.first().map_or(0, |p| p.0);
            split.push((at, at));
        }
        let offsets: Vec<String> = split.iter().map(|(s, e)| format!("{s} {e}")).collect();
        let texts: Vec<String> = split
            .iter()
            .map(|&(s, e)| Span::from_text(self.text, s, e).text)
            .collect();
        let id = format!("T{}", self.next_t);
        self.next_t += 1;
        let _ = writeln!(
            self.ann,
            "{id}\t{label} {}\t{}",
            offsets.join(";"),
            texts.join(" ")
        );
        id
    }

    fn attribute(&mut self, name: &str, target: &str, value: &str) {
        let _ = writeln!(self.ann, "A{}\t{name} {target} {value}", self.next_a);
        self.next_a += 1;
    }
}
