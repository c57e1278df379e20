//! Label Studio JSON tasks.
//!
//! A task is `{"data": {"text": ...}, "predictions": [...], "annotations": [...]}`, each
//! prediction or annotation a `result` list of regions and relations. Offsets are code points:
//! Label Studio has stored them so since its 1.4 frontend (HumanSignal/label-studio#1559,
//! "store code points instead of js length").
//!
//! Writing: the extractor's proposals go out as `predictions` (model version
//! `article-review X.Y.Z`) and, once a person has reviewed any quote, the review as
//! `annotations`, so a team can pre-annotate in Label Studio with our engine. Regions:
//! - entity mentions, labelled `PERSON` / `ORG` / `LOC` / `MISC`, with ids `ENTITY-N` so that
//!   the mentions of one entity are one entity again on import;
//! - quotes, labelled `QUOTE`, with per-region choices `kind` (direct / mixed / indirect) and
//!   `status`;
//! - `SOURCE` for a speaker mention that is not one of the entity's mentions (a pronoun, a
//!   description), and `CUE`;
//! - relations `speaker` (quote → the speaker's mention or SOURCE), `refers_to` (SOURCE → one
//!   of the speaker entity's mentions) and `cue` (quote → CUE).
//!
//! The labelling configuration a project needs is in `docs/formats.md`.
//!
//! Reading takes each task's first annotation that was not cancelled, else its first
//! prediction; with both, the prediction's speakers become the reviewed quotes' `predicted`.

use std::collections::HashMap;

use serde_json::{Value, json};

use crate::document::model::{
    Document, Meta, Prediction, Quote, QuoteKind, QuoteStatus, Source, Span, TOOL_VERSION,
};
use crate::exchange::{ExchangeError, entity_type_of, group_entities};

/// The rule recorded on quotes read from Label Studio tasks.
pub const IMPORT_RULE: &str = "import:label-studio";

/// The tasks for `docs`, as a pretty JSON array ending in a newline.
pub fn write(docs: &[Document]) -> String {
    let tasks: Vec<Value> = docs.iter().map(task).collect();
    let mut out = serde_json::to_string_pretty(&Value::Array(tasks))
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialise: {e}\"}}"));
    out.push('\n');
    out
}

/// Which state of the document a result describes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum View {
    /// The extractor's proposals (`predicted`), every status auto, rejected and added quotes
    /// as the extractor had them (added quotes absent).
    Predicted,
    /// The document as reviewed.
    Reviewed,
}

fn task(doc: &Document) -> Value {
    let mut task = json!({
        "data": {"text": doc.text, "meta": {"title": doc.meta.title, "source": doc.source.path}},
        "predictions": [{
            "model_version": format!("article-review {TOOL_VERSION}"),
            "result": result(doc, View::Predicted),
        }],
    });
    if doc.quotes.iter().any(|q| q.status.is_reviewed()) {
        task["annotations"] = json!([{"result": result(doc, View::Reviewed)}]);
    }
    task
}

fn region(id: &str, label: &str, span: &Span) -> Value {
    json!({
        "id": id, "from_name": "label", "to_name": "text", "type": "labels",
        "value": {"start": span.start, "end": span.end, "text": span.text, "labels": [label]},
    })
}

fn choice(id: &str, name: &str, span: &Span, value: &str) -> Value {
    json!({
        "id": id, "from_name": name, "to_name": "text", "type": "choices",
        "value": {"start": span.start, "end": span.end, "text": span.text, "choices": [value]},
    })
}

fn relation(from: &str, to: &str, label: &str) -> Value {
    json!({"from_id": from, "to_id": to, "type": "relation", "direction": "right", "labels": [label]})
}

fn result(doc: &Document, view: View) -> Vec<Value> {
    let mut out = Vec::new();
    // Region id of every entity mention, to point relations at.
    let mut mention_ids: HashMap<(usize, usize, &str), String> = HashMap::new();
    for entity in &doc.entities {
        for (k, mention) in entity.mentions.iter().enumerate() {
            let id = format!("{}-{}", entity.id, k + 1);
            out.push(region(&id, entity.entity_type.label(), mention));
            mention_ids.insert((mention.start, mention.end, entity.id.as_str()), id);
        }
    }
    for quote in &doc.quotes {
        let (speaker, mention, status) = match view {
            View::Reviewed => (
                quote.speaker.as_deref(),
                quote.speaker_mention.as_ref(),
                quote.status,
            ),
            View::Predicted => match &quote.predicted {
                None => continue,
                Some(p) => (
                    p.speaker.as_deref(),
                    p.speaker_mention.as_ref(),
                    QuoteStatus::Auto,
                ),
            },
        };
        let span = Span {
            start: quote.start,
            end: quote.end,
            text: quote.text.clone(),
        };
        out.push(region(&quote.id, "QUOTE", &span));
        out.push(choice(&quote.id, "kind", &span, quote.kind.label()));
        out.push(choice(&quote.id, "status", &span, status.label()));
        if let Some(mention) = mention {
            let target = speaker
                .and_then(|s| mention_ids.get(&(mention.start, mention.end, s)))
                .cloned();
            match target {
                Some(target) => out.push(relation(&quote.id, &target, "speaker")),
                None => {
                    let source_id = format!("{}-source", quote.id);
                    out.push(region(&source_id, "SOURCE", mention));
                    out.push(relation(&quote.id, &source_id, "speaker"));
                    if let Some(entity) = speaker.and_then(|s| doc.entity(s))
                        && let Some(first) = entity.mentions.first()
                        && let Some(id) =
                            mention_ids.get(&(first.start, first.end, entity.id.as_str()))
                    {
                        out.push(relation(&source_id, id, "refers_to"));
                    }
                }
            }
        }
        if let Some(cue) = &quote.cue {
            let cue_id = format!("{}-cue", quote.id);
            out.push(region(&cue_id, "CUE", cue));
            out.push(relation(&quote.id, &cue_id, "cue"));
        }
    }
    out
}

/// Reads Label Studio tasks: a JSON array of tasks or one task; `label` names the file.
pub fn read(json: &str, label: &str) -> Result<Vec<Document>, ExchangeError> {
    let value: Value = serde_json::from_str(json)
        .map_err(|e| ExchangeError::at(label, e.line(), format!("is not valid JSON: {e}")))?;
    let tasks = match value {
        Value::Array(tasks) => tasks,
        task @ Value::Object(_) => vec![task],
        _ => {
            return Err(ExchangeError::file(
                label,
                "is not Label Studio tasks: expected an array of tasks or one task object",
            ));
        }
    };
    tasks
        .iter()
        .enumerate()
        .map(|(i, task)| read_task(task, &format!("{label}: task {}", i + 1)))
        .collect()
}

fn read_task(task: &Value, at: &str) -> Result<Document, ExchangeError> {
    let text = task
        .pointer("/data/text")
        .and_then(Value::as_str)
        .ok_or_else(|| ExchangeError::file(at, "has no data.text string"))?
        .to_string();
    let annotation = task
        .get("annotations")
        .and_then(Value::as_array)
        .and_then(|all| {
            all.iter().find(|a| {
                !a.get("was_cancelled")
                    .and_then(Value::as_bool)
                    .unwrap_or(false)
            })
        })
        .map(|a| (a, "annotations"))
        .or_else(|| {
            task.get("predictions")
                .and_then(Value::as_array)
                .and_then(|all| all.first())
                .map(|p| (p, "predictions"))
        });
    let mut doc = Document::new(text, Source::in_memory(), Meta::default());
    if let Some(title) = task.pointer("/data/meta/title").and_then(Value::as_str) {
        doc.meta.title = Some(title.to_string());
    }
    let Some((annotation, from)) = annotation else {
        return Ok(doc);
    };
    let items = annotation
        .get("result")
        .and_then(Value::as_array)
        .ok_or_else(|| ExchangeError::file(at, format!("{from}[0] has no result list")))?;
    build(&mut doc, items, &format!("{at}: {from}[0]"))?;
    if from == "annotations" {
        restore_predictions(&mut doc, task, at)?;
    }
    Ok(doc)
}

/// Gives the reviewed quotes back the extractor's proposals from the task's first prediction:
/// a quote over the same span as a predicted one gets its speaker (matched by name) and
/// speaker mention as `predicted`; quotes no prediction has were added by a person.
fn restore_predictions(doc: &mut Document, task: &Value, at: &str) -> Result<(), ExchangeError> {
    let Some(items) = task
        .pointer("/predictions/0/result")
        .and_then(Value::as_array)
    else {
        return Ok(());
    };
    let mut predicted = Document::new(doc.text.clone(), Source::in_memory(), Meta::default());
    build(&mut predicted, items, &format!("{at}: predictions[0]"))?;
    for quote in &mut doc.quotes {
        let Some(proposal) = predicted
            .quotes
            .iter()
            .find(|p| (p.start, p.end) == (quote.start, quote.end))
        else {
            continue;
        };
        let speaker = proposal
            .speaker
            .as_deref()
            .and_then(|id| predicted.entity(id))
            .and_then(|entity| {
                let name = crate::compare::normalise_name(&entity.name);
                doc.entities
                    .iter()
                    .find(|e| crate::compare::normalise_name(&e.name) == name)
            })
            .map(|e| e.id.clone());
        quote.predicted = Some(Prediction {
            speaker,
            speaker_mention: proposal.speaker_mention.clone(),
        });
    }
    Ok(())
}

/// A region read from a result.
struct Region {
    label: String,
    span: Span,
}

fn build(doc: &mut Document, items: &[Value], at: &str) -> Result<(), ExchangeError> {
    let len = doc.text.chars().count();
    let mut regions: HashMap<String, Region> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut choices: HashMap<(String, String), String> = HashMap::new();
    let mut relations: Vec<(String, String, String)> = Vec::new();
    for (k, item) in items.iter().enumerate() {
        let where_ = format!("{at}.result[{k}]");
        match item.get("type").and_then(Value::as_str) {
            Some("labels") => {
                let id = item
                    .get("id")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                let value = item
                    .get("value")
                    .ok_or_else(|| ExchangeError::file(&where_, "has no value"))?;
                let (start, end) = offsets(value, len, &where_)?;
                let span = Span::from_text(&doc.text, start, end);
                if let Some(written) = value.get("text").and_then(Value::as_str)
                    && written != span.text
                {
                    return Err(ExchangeError::file(
                        &where_,
                        format!(
                            "its text {written:?} is not the task text at [{start}, {end}), {:?} \
                             (offsets must be code points)",
                            span.text
                        ),
                    ));
                }
                let region_label = value
                    .get("labels")
                    .and_then(Value::as_array)
                    .and_then(|l| l.first())
                    .and_then(Value::as_str)
                    .ok_or_else(|| ExchangeError::file(&where_, "has no labels"))?
                    .to_string();
                let id = if id.is_empty() {
                    format!("region-{k}")
                } else {
                    id
                };
                order.push(id.clone());
                regions.insert(
                    id,
                    Region {
                        label: region_label,
                        span,
                    },
                );
            }
            Some("choices") => {
                let id = item
                    .get("id")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                let name = item
                    .get("from_name")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                if let Some(value) = item.pointer("/value/choices/0").and_then(Value::as_str) {
                    choices.insert((id, name), value.to_string());
                }
            }
            Some("relation") => {
                let get = |key: &str| item.get(key).and_then(Value::as_str).map(String::from);
                let (Some(from), Some(to)) = (get("from_id"), get("to_id")) else {
                    return Err(ExchangeError::file(
                        &where_,
                        "a relation needs from_id and to_id",
                    ));
                };
                let relation_label = item
                    .get("labels")
                    .and_then(Value::as_array)
                    .and_then(|l| l.first())
                    .and_then(Value::as_str)
                    .unwrap_or("speaker")
                    .to_string();
                relations.push((from, to, relation_label));
            }
            // Other control tags (ratings, text areas) carry nothing we keep.
            _ => {}
        }
    }
    for (from, to, _) in &relations {
        for id in [from, to] {
            if !regions.contains_key(id) {
                return Err(ExchangeError::file(
                    at,
                    format!("a relation refers to region {id:?}, which is not in the result"),
                ));
            }
        }
    }

    // Entities: ids ENTITY-N group mentions of one entity; other regions group by text and type.
    let mut mentions = Vec::new();
    for id in &order {
        let region = &regions[id];
        if let Some(entity_type) = entity_type_of(&region.label) {
            let key = match id.rsplit_once('-') {
                Some((entity, n))
                    if n.chars().all(|c| c.is_ascii_digit()) && !entity.is_empty() =>
                {
                    format!("id:{entity}")
                }
                _ => format!("text:{}|{}", region.span.text, entity_type.label()),
            };
            mentions.push((key, entity_type, region.span.clone()));
        }
    }
    doc.entities = group_entities(mentions);
    let entity_at = |span: &Span, doc: &Document| -> Option<String> {
        doc.entities
            .iter()
            .find(|e| e.mentions.contains(span))
            .map(|e| e.id.clone())
    };

    let mut quotes = Vec::new();
    for id in &order {
        let region = &regions[id];
        if !region.label.eq_ignore_ascii_case("QUOTE") {
            continue;
        }
        let related = |name: &str| -> Option<&String> {
            relations
                .iter()
                .find(|(from, _, l)| from == id && l == name)
                .map(|(_, to, _)| to)
        };
        let speaker_region = related("speaker").map(|to| &regions[to]);
        let (speaker, mention) = match speaker_region {
            None => (None, None),
            Some(target) => {
                let direct = entity_at(&target.span, doc);
                let via_refers = relations
                    .iter()
                    .find(|(from, _, l)| Some(from) == related("speaker") && l == "refers_to")
                    .and_then(|(_, to, _)| entity_at(&regions[to].span, doc));
                (direct.or(via_refers), Some(target.span.clone()))
            }
        };
        let cue = related("cue").map(|to| regions[to].span.clone());
        let kind = match choices.get(&(id.clone(), "kind".into())) {
            Some(k) => QuoteKind::ALL
                .into_iter()
                .find(|q| q.label() == k)
                .ok_or_else(|| {
                    ExchangeError::file(at, format!("region {id:?}: unknown kind {k:?}"))
                })?,
            None => QuoteKind::Indirect,
        };
        let status = match choices.get(&(id.clone(), "status".into())) {
            Some(s) => QuoteStatus::ALL
                .into_iter()
                .find(|q| q.label() == s)
                .ok_or_else(|| {
                    ExchangeError::file(at, format!("region {id:?}: unknown status {s:?}"))
                })?,
            None => QuoteStatus::Added,
        };
        quotes.push(Quote {
            id: String::new(),
            kind,
            start: region.span.start,
            end: region.span.end,
            text: region.span.text.clone(),
            speaker,
            speaker_mention: mention,
            cue,
            confidence: 1.0,
            rule: IMPORT_RULE.to_string(),
            status,
            predicted: None,
            fragments: Vec::new(),
            note: None,
            flag: None,
        });
    }
    quotes.sort_by_key(|q| (q.start, q.end));
    for (i, q) in quotes.iter_mut().enumerate() {
        q.id = format!("q{}", i + 1);
    }
    doc.quotes = quotes;
    Ok(())
}

/// The `start`/`end` of a region's value, checked against the text length.
fn offsets(value: &Value, len: usize, at: &str) -> Result<(usize, usize), ExchangeError> {
    let number = |key: &str| {
        value
            .get(key)
            .and_then(Value::as_u64)
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| {
                ExchangeError::file(at, format!("value.{key} is missing or not a whole number"))
            })
    };
    let (start, end) = (number("start")?, number("end")?);
    if start > end || end > len {
        return Err(ExchangeError::file(
            at,
            format!("[{start}, {end}) is not a span of the task text ({len} code points)"),
        ));
    }
    Ok((start, end))
}
