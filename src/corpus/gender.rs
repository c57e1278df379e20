//! The gender of a quoted person, from the signals the engine already uses (see `docs/stats.md`).
//!
//! In order, the first that gives an answer wins:
//! 1. the entity's own `gender`, which the extractor sets from titles ("Mrs", "Mr") before its
//!    mentions and from known first names;
//! 2. the pronouns that name it as a speaker ("he said", "she told") in quotes attributed to it:
//!    a majority of he/him/his or she/her/hers;
//! 3. a gendered title just before one of its mentions, or a gendered first name in its name
//!    (this also covers people a reviewer added, who have no `gender` of their own).
//!
//! Anything else, ties included, is unknown. Only people have a gender here: organisations,
//! places and quotes without a speaker are unknown.

use crate::document::model::{Document, Entity, EntityType, Gender};
use crate::extract::entities::lexicon::LEXICON;
use crate::text::CharIndex;

/// The gender the text gives `entity` of `doc`, or None when it does not tell.
pub fn speaker_gender(doc: &Document, entity: &Entity) -> Option<Gender> {
    if entity.entity_type != EntityType::Person {
        return None;
    }
    if entity.gender.is_some() {
        return entity.gender;
    }
    let (mut male, mut female) = (0usize, 0usize);
    for quote in doc
        .quotes
        .iter()
        .filter(|q| q.speaker.as_deref() == Some(entity.id.as_str()))
    {
        let Some(mention) = &quote.speaker_mention else {
            continue;
        };
        match pronoun_gender(&mention.text) {
            Some(Gender::Male) => male += 1,
            Some(Gender::Female) => female += 1,
            None => {}
        }
    }
    match male.cmp(&female) {
        std::cmp::Ordering::Greater => return Some(Gender::Male),
        std::cmp::Ordering::Less => return Some(Gender::Female),
        std::cmp::Ordering::Equal if male > 0 => return None,
        std::cmp::Ordering::Equal => {}
    }
    if let Some(gender) = title_before_mentions(doc, entity) {
        return Some(gender);
    }
    entity
        .name
        .split_whitespace()
        .find(|word| LEXICON.title(word).is_none())
        .and_then(|first| LEXICON.first_name_gender(first))
}

/// The gender a personal pronoun implies ("He", "her"), None for anything else.
pub fn pronoun_gender(word: &str) -> Option<Gender> {
    match word.trim().to_lowercase().as_str() {
        "he" | "him" | "his" | "himself" => Some(Gender::Male),
        "she" | "her" | "hers" | "herself" => Some(Gender::Female),
        _ => None,
    }
}

/// The gender of a title just before a mention ("Ms Ortiz"), or one that starts the mention.
fn title_before_mentions(doc: &Document, entity: &Entity) -> Option<Gender> {
    let index = CharIndex::new(&doc.text);
    for mention in &entity.mentions {
        let start = index.byte_of_char(mention.start.min(index.char_len()));
        let before = doc.text[..start].split_whitespace().next_back();
        let first = mention.text.split_whitespace().next();
        for word in before.into_iter().chain(first) {
            if let Some(gender) = LEXICON.title(word).and_then(|t| t.gender) {
                return Some(gender);
            }
        }
    }
    None
}

/// The label used in statistics and exports: "female", "male" or "unknown".
pub fn gender_label(gender: Option<Gender>) -> &'static str {
    match gender {
        Some(Gender::Female) => "female",
        Some(Gender::Male) => "male",
        None => "unknown",
    }
}
