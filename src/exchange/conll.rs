//! CoNLL BIO, entities only: one token per line, `TOKEN<TAB>TAG`, a blank line between
//! sentences and a `-DOCSTART-` line before each document, for training other taggers.
//!
//! Tags are `O`, `B-TYPE` and `I-TYPE` with CoNLL-2003's types `PER`, `ORG`, `LOC`, `MISC`.
//! Tokens and sentences come from our own segmenter (the tagger's). A token is tagged when it
//! overlaps an entity mention.
//!
//! Reading takes the last column as the tag (so CoNLL-2003's four columns work too), accepts
//! IOB1 (`I-` opening an entity) and BIOES/BILOU (`E-`/`L-` continue, `S-`/`U-` open), and
//! rebuilds the text from the tokens: tokens joined by one space, sentences by a line break.
//! Tags of types we do not model (`B-DATE`) are read as `O`.

use std::fmt::Write as _;

use crate::document::model::{Document, EntityType, Meta, Source, Span};
use crate::exchange::{ExchangeError, entity_type_of, group_entities};
use crate::extract::segment::segment;

/// The CoNLL-2003 name of an entity type.
fn conll_type(entity_type: EntityType) -> &'static str {
    match entity_type {
        EntityType::Person => "PER",
        EntityType::Org => "ORG",
        EntityType::Loc => "LOC",
        EntityType::Misc => "MISC",
    }
}

/// `docs` as CoNLL BIO.
pub fn write(docs: &[Document]) -> String {
    let mut out = String::new();
    for doc in docs {
        out.push_str("-DOCSTART-\tO\n\n");
        // Mentions in byte offsets, in text order.
        let mut mentions = doc.mention_byte_spans();
        mentions.sort_by_key(|m| (m.0, m.1));
        let segmentation = segment(&doc.text);
        let mut current: Option<usize> = None;
        for sentence in &segmentation.sentences {
            for token in &segmentation.tokens[sentence.first_token..sentence.end_token] {
                let hit = mentions
                    .iter()
                    .position(|&(s, e, _)| s < token.end && token.start < e);
                let tag = match hit {
                    None => "O".to_string(),
                    Some(m) => {
                        let prefix = if current == Some(m) { "I" } else { "B" };
                        format!("{prefix}-{}", conll_type(mentions[m].2))
                    }
                };
                current = hit;
                let _ = writeln!(out, "{}\t{tag}", token.text(&doc.text));
            }
            current = None;
            out.push('\n');
        }
    }
    out
}

/// True when `line` looks like a CoNLL token line: two or more columns, the last a BIO tag.
pub fn looks_like_conll(line: &str) -> bool {
    let columns: Vec<&str> = line.split_whitespace().collect();
    columns.len() >= 2 && parse_tag(columns[columns.len() - 1]).is_some()
}

/// A tag's position mark and type: `O` → `None` type.
fn parse_tag(tag: &str) -> Option<(char, Option<&str>)> {
    if tag == "O" {
        return Some(('O', None));
    }
    let (mark, entity_type) = tag.split_once('-')?;
    let mark = match mark {
        "B" | "S" | "U" => 'B',
        "I" | "E" | "L" => 'I',
        _ => return None,
    };
    (!entity_type.is_empty()).then_some((mark, Some(entity_type)))
}

/// Reads CoNLL BIO; `label` names the file. Each `-DOCSTART-` starts a document.
pub fn read(conll: &str, label: &str) -> Result<Vec<Document>, ExchangeError> {
    let mut docs = Vec::new();
    let mut builder = Builder::default();
    for (n, line) in conll.lines().enumerate() {
        let line_no = n + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() {
            builder.end_sentence();
            continue;
        }
        if trimmed.starts_with("-DOCSTART-") {
            if let Some(doc) = builder.finish() {
                docs.push(doc);
            }
            builder = Builder::default();
            continue;
        }
        let columns: Vec<&str> = trimmed.split_whitespace().collect();
        if columns.len() < 2 {
            return Err(ExchangeError::at(
                label,
                line_no,
                format!("{trimmed:?} has no tag: expected TOKEN and TAG separated by a tab"),
            ));
        }
        let tag = columns[columns.len() - 1];
        let (mark, tag_type) = parse_tag(tag).ok_or_else(|| {
            ExchangeError::at(
                label,
                line_no,
                format!("{tag:?} is not a BIO tag (O, B-TYPE or I-TYPE)"),
            )
        })?;
        builder.token(columns[0], mark, tag_type.and_then(entity_type_of));
    }
    if let Some(doc) = builder.finish() {
        docs.push(doc);
    }
    Ok(docs)
}

#[derive(Default)]
struct Builder {
    text: String,
    /// Code points in `text`.
    len: usize,
    sentence_open: bool,
    /// The open mention: start, end (code points), type.
    open: Option<(usize, usize, EntityType)>,
    mentions: Vec<(usize, usize, EntityType)>,
}

impl Builder {
    fn token(&mut self, token: &str, mark: char, entity_type: Option<EntityType>) {
        if self.sentence_open {
            self.text.push(' ');
            self.len += 1;
        } else if !self.text.is_empty() {
            self.text.push('\n');
            self.len += 1;
        }
        self.sentence_open = true;
        let start = self.len;
        self.text.push_str(token);
        self.len += token.chars().count();
        match entity_type {
            None => self.close(),
            Some(t) => match &mut self.open {
                Some((_, end, open_type)) if mark == 'I' && *open_type == t => *end = self.len,
                _ => {
                    self.close();
                    self.open = Some((start, self.len, t));
                }
            },
        }
    }

    fn close(&mut self) {
        if let Some(m) = self.open.take() {
            self.mentions.push(m);
        }
    }

    fn end_sentence(&mut self) {
        self.close();
        self.sentence_open = false;
    }

    fn finish(mut self) -> Option<Document> {
        self.close();
        if self.text.is_empty() {
            return None;
        }
        let mentions = self
            .mentions
            .iter()
            .map(|&(s, e, t)| {
                let span = Span::from_text(&self.text, s, e);
                (format!("{}|{}", span.text, t.label()), t, span)
            })
            .collect();
        let mut doc = Document::new(self.text, Source::in_memory(), Meta::default());
        doc.entities = group_entities(mentions);
        Some(doc)
    }
}
