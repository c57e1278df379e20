//! Corpus statistics over review files: who is quoted, how often, and how reviewers corrected
//! the extractor. The definitions are in `docs/stats.md`.
//!
//! Every figure except `by_status` and the corrections by rule leaves rejected quotes out: a
//! reviewer said they are not quotes. A quote without a speaker counts under the gender
//! "unknown" and the type "none". With `reviewed_only`, only quotes a reviewer has looked at
//! count (confirmed, corrected, added; and rejected, in `by_status` only).

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::corpus::gender::{gender_label, speaker_gender};
use crate::document::model::{Document, EntityType, Gender, QuoteKind, QuoteStatus};
use crate::extract::entities::lexicon::fold_accents;

/// How many organisations [`CorpusStats::organisations`] lists.
pub const TOP_ORGANISATIONS: usize = 20;

/// One speaker, merged across articles by normalised name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpeakerStats {
    /// The name as most of its quotes' articles spell it.
    pub name: String,
    /// "PERSON", "ORG", "LOC" or "MISC": the type most of its quotes give it.
    #[serde(rename = "type")]
    pub entity_type: String,
    /// "female", "male" or "unknown" (see [`crate::corpus::gender`]).
    pub gender: String,
    /// Quotes attributed to it (rejected ones left out).
    pub quotes: usize,
    /// Articles in which it has at least one such quote.
    pub articles: usize,
}

/// Quotes by speaker type; quotes without a speaker are `none`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TypeCounts {
    /// People.
    #[serde(rename = "PERSON")]
    pub person: usize,
    /// Organisations.
    #[serde(rename = "ORG")]
    pub org: usize,
    /// Places.
    #[serde(rename = "LOC")]
    pub loc: usize,
    /// Other names.
    #[serde(rename = "MISC")]
    pub misc: usize,
    /// No speaker.
    pub none: usize,
}

/// Quotes by gender; unknown is always there.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GenderCounts {
    /// Female speakers.
    pub female: usize,
    /// Male speakers.
    pub male: usize,
    /// Gender not known, not a person, or no speaker.
    pub unknown: usize,
}

/// Quotes by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct KindCounts {
    /// Direct quotes.
    pub direct: usize,
    /// Mixed quotes.
    pub mixed: usize,
    /// Indirect (reported) speech.
    pub indirect: usize,
}

/// Quotes by review status (rejected ones included).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StatusCounts {
    /// Not reviewed yet.
    pub auto: usize,
    /// Kept as proposed.
    pub confirmed: usize,
    /// Speaker, kind or span changed.
    pub corrected: usize,
    /// Not a quote.
    pub rejected: usize,
    /// Added by a reviewer.
    pub added: usize,
}

/// An organisation among the most quoted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrganisationStats {
    /// Its name.
    pub name: String,
    /// Quotes attributed to it.
    pub quotes: usize,
    /// Articles quoting it.
    pub articles: usize,
}

/// How reviewers judged the quotes one extractor rule proposed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleCorrections {
    /// The rule (`Quote::rule`).
    pub rule: String,
    /// Quotes it proposed that a reviewer has looked at.
    pub reviewed: usize,
    /// Of those, kept unchanged.
    pub confirmed: usize,
    /// Of those, corrected (speaker, kind or span).
    pub corrected: usize,
    /// Of those, rejected as not quotes.
    pub rejected: usize,
    /// Of the corrected ones, those whose speaker changed.
    pub speaker_changed: usize,
    /// corrected + rejected.
    pub overruled: usize,
    /// overruled / reviewed.
    pub overruled_share: f64,
    /// Quotes it proposed not reviewed yet.
    pub unreviewed: usize,
}

/// Statistics over a set of review files.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CorpusStats {
    /// Review files counted.
    pub articles: usize,
    /// Quotes counted (not rejected).
    pub quotes: usize,
    /// Of those, reviewed (confirmed, corrected, added).
    pub reviewed: usize,
    /// Speakers, most quoted first (then by name).
    pub speakers: Vec<SpeakerStats>,
    /// Quotes by speaker type.
    pub by_type: TypeCounts,
    /// Quotes by speaker gender; organisations, places and quotes without a speaker are unknown.
    pub by_gender: GenderCounts,
    /// Quotes by people only, by gender: the base for "share of quotes by women".
    pub people_by_gender: GenderCounts,
    /// Quotes by kind.
    pub by_kind: KindCounts,
    /// Quotes by review status, rejected included.
    pub by_status: StatusCounts,
    /// The most quoted organisations, most quoted first (at most [`TOP_ORGANISATIONS`]).
    pub organisations: Vec<OrganisationStats>,
    /// Extractor rules by how often reviewers overruled them, most first.
    pub corrections_by_rule: Vec<RuleCorrections>,
    /// True when only reviewed quotes were counted.
    pub reviewed_only: bool,
}

/// Adds documents up; [`StatsBuilder::merge`] joins builders filled on different threads.
#[derive(Debug, Clone, Default)]
pub struct StatsBuilder {
    reviewed_only: bool,
    articles: usize,
    quotes: usize,
    reviewed: usize,
    speakers: HashMap<String, SpeakerTally>,
    by_type: TypeCounts,
    by_gender: GenderCounts,
    people_by_gender: GenderCounts,
    by_kind: KindCounts,
    by_status: StatusCounts,
    rules: BTreeMap<String, RuleTally>,
}

#[derive(Debug, Clone, Default)]
struct SpeakerTally {
    quotes: usize,
    articles: usize,
    /// Quotes by name spelling, to pick the commonest.
    names: HashMap<String, usize>,
    /// Quotes by type.
    types: HashMap<EntityType, usize>,
    /// Articles by the gender they give (None: unknown).
    genders: HashMap<Option<Gender>, usize>,
}

#[derive(Debug, Clone, Default)]
struct RuleTally {
    confirmed: usize,
    corrected: usize,
    rejected: usize,
    speaker_changed: usize,
    unreviewed: usize,
}

impl StatsBuilder {
    /// An empty builder; `reviewed_only` counts only quotes a reviewer has looked at.
    pub fn new(reviewed_only: bool) -> StatsBuilder {
        StatsBuilder {
            reviewed_only,
            ..StatsBuilder::default()
        }
    }

    /// Adds one article.
    pub fn add(&mut self, doc: &Document) {
        self.articles += 1;
        // Per speaker in this article: quotes, and the entity's type, gender and name.
        let mut in_article: HashMap<String, (usize, EntityType, Option<Gender>, &str)> =
            HashMap::new();
        let mut genders: HashMap<&str, Option<Gender>> = HashMap::new();
        for quote in &doc.quotes {
            if let Some(predicted) = &quote.predicted {
                let tally = self.rules.entry(quote.rule.clone()).or_default();
                match quote.status {
                    QuoteStatus::Auto => tally.unreviewed += 1,
                    QuoteStatus::Confirmed => tally.confirmed += 1,
                    QuoteStatus::Corrected => {
                        tally.corrected += 1;
                        if predicted.speaker != quote.speaker {
                            tally.speaker_changed += 1;
                        }
                    }
                    QuoteStatus::Rejected => tally.rejected += 1,
                    // An added quote with a prediction cannot come from the extractor; it is
                    // the reviewer's, not the rule's.
                    QuoteStatus::Added => {}
                }
            }
            if self.reviewed_only && !quote.status.is_reviewed() {
                continue;
            }
            let status = &mut self.by_status;
            *match quote.status {
                QuoteStatus::Auto => &mut status.auto,
                QuoteStatus::Confirmed => &mut status.confirmed,
                QuoteStatus::Corrected => &mut status.corrected,
                QuoteStatus::Rejected => &mut status.rejected,
                QuoteStatus::Added => &mut status.added,
            } += 1;
            if quote.status == QuoteStatus::Rejected {
                continue;
            }
            self.quotes += 1;
            if quote.status.is_reviewed() {
                self.reviewed += 1;
            }
            *match quote.kind {
                QuoteKind::Direct => &mut self.by_kind.direct,
                QuoteKind::Mixed => &mut self.by_kind.mixed,
                QuoteKind::Indirect => &mut self.by_kind.indirect,
            } += 1;
            let speaker = quote.speaker.as_deref().and_then(|id| doc.entity(id));
            let Some(entity) = speaker else {
                self.by_type.none += 1;
                self.by_gender.unknown += 1;
                continue;
            };
            let gender = *genders
                .entry(entity.id.as_str())
                .or_insert_with(|| speaker_gender(doc, entity));
            *match entity.entity_type {
                EntityType::Person => &mut self.by_type.person,
                EntityType::Org => &mut self.by_type.org,
                EntityType::Loc => &mut self.by_type.loc,
                EntityType::Misc => &mut self.by_type.misc,
            } += 1;
            count_gender(&mut self.by_gender, gender);
            if entity.entity_type == EntityType::Person {
                count_gender(&mut self.people_by_gender, gender);
            }
            let key = normalised_name(&entity.name);
            let entry = in_article.entry(key).or_insert((
                0,
                entity.entity_type,
                gender,
                entity.name.as_str(),
            ));
            entry.0 += 1;
        }
        for (key, (quotes, entity_type, gender, name)) in in_article {
            let tally = self.speakers.entry(key).or_default();
            tally.quotes += quotes;
            tally.articles += 1;
            *tally.names.entry(name.to_string()).or_default() += quotes;
            *tally.types.entry(entity_type).or_default() += quotes;
            *tally.genders.entry(gender).or_default() += 1;
        }
    }

    /// Joins another builder's counts into this one.
    pub fn merge(mut self, other: StatsBuilder) -> StatsBuilder {
        self.articles += other.articles;
        self.quotes += other.quotes;
        self.reviewed += other.reviewed;
        add_types(&mut self.by_type, &other.by_type);
        add_genders(&mut self.by_gender, &other.by_gender);
        add_genders(&mut self.people_by_gender, &other.people_by_gender);
        self.by_kind.direct += other.by_kind.direct;
        self.by_kind.mixed += other.by_kind.mixed;
        self.by_kind.indirect += other.by_kind.indirect;
        self.by_status.auto += other.by_status.auto;
        self.by_status.confirmed += other.by_status.confirmed;
        self.by_status.corrected += other.by_status.corrected;
        self.by_status.rejected += other.by_status.rejected;
        self.by_status.added += other.by_status.added;
        for (key, theirs) in other.speakers {
            let ours = self.speakers.entry(key).or_default();
            ours.quotes += theirs.quotes;
            ours.articles += theirs.articles;
            for (name, n) in theirs.names {
                *ours.names.entry(name).or_default() += n;
            }
            for (t, n) in theirs.types {
                *ours.types.entry(t).or_default() += n;
            }
            for (g, n) in theirs.genders {
                *ours.genders.entry(g).or_default() += n;
            }
        }
        for (rule, theirs) in other.rules {
            let ours = self.rules.entry(rule).or_default();
            ours.confirmed += theirs.confirmed;
            ours.corrected += theirs.corrected;
            ours.rejected += theirs.rejected;
            ours.speaker_changed += theirs.speaker_changed;
            ours.unreviewed += theirs.unreviewed;
        }
        self
    }

    /// The statistics.
    pub fn finish(self) -> CorpusStats {
        let mut speakers: Vec<SpeakerStats> = self
            .speakers
            .into_values()
            .map(|tally| {
                let name = most_common(&tally.names, |a, b| a.cmp(b))
                    .cloned()
                    .unwrap_or_default();
                let entity_type = most_common(&tally.types, |a, b| a.cmp(b))
                    .copied()
                    .unwrap_or(EntityType::Person);
                // The articles that tell agree, or the majority of them does; a tie is unknown.
                let female = tally
                    .genders
                    .get(&Some(Gender::Female))
                    .copied()
                    .unwrap_or(0);
                let male = tally.genders.get(&Some(Gender::Male)).copied().unwrap_or(0);
                let gender = match female.cmp(&male) {
                    std::cmp::Ordering::Greater => Some(Gender::Female),
                    std::cmp::Ordering::Less => Some(Gender::Male),
                    std::cmp::Ordering::Equal => None,
                };
                SpeakerStats {
                    name,
                    entity_type: entity_type.label().to_string(),
                    gender: gender_label(gender).to_string(),
                    quotes: tally.quotes,
                    articles: tally.articles,
                }
            })
            .collect();
        speakers.sort_by(|a, b| b.quotes.cmp(&a.quotes).then_with(|| a.name.cmp(&b.name)));
        let organisations = speakers
            .iter()
            .filter(|s| s.entity_type == EntityType::Org.label())
            .take(TOP_ORGANISATIONS)
            .map(|s| OrganisationStats {
                name: s.name.clone(),
                quotes: s.quotes,
                articles: s.articles,
            })
            .collect();
        let mut corrections_by_rule: Vec<RuleCorrections> = self
            .rules
            .into_iter()
            .map(|(rule, t)| {
                let reviewed = t.confirmed + t.corrected + t.rejected;
                let overruled = t.corrected + t.rejected;
                RuleCorrections {
                    rule,
                    reviewed,
                    confirmed: t.confirmed,
                    corrected: t.corrected,
                    rejected: t.rejected,
                    speaker_changed: t.speaker_changed,
                    overruled,
                    overruled_share: if reviewed == 0 {
                        0.0
                    } else {
                        overruled as f64 / reviewed as f64
                    },
                    unreviewed: t.unreviewed,
                }
            })
            .collect();
        corrections_by_rule.sort_by(|a, b| {
            b.overruled
                .cmp(&a.overruled)
                .then_with(|| b.overruled_share.total_cmp(&a.overruled_share))
                .then_with(|| a.rule.cmp(&b.rule))
        });
        CorpusStats {
            articles: self.articles,
            quotes: self.quotes,
            reviewed: self.reviewed,
            speakers,
            by_type: self.by_type,
            by_gender: self.by_gender,
            people_by_gender: self.people_by_gender,
            by_kind: self.by_kind,
            by_status: self.by_status,
            organisations,
            corrections_by_rule,
            reviewed_only: self.reviewed_only,
        }
    }
}

/// Statistics over `docs`.
pub fn corpus_stats<'a>(
    docs: impl IntoIterator<Item = &'a Document>,
    reviewed_only: bool,
) -> CorpusStats {
    let mut builder = StatsBuilder::new(reviewed_only);
    for doc in docs {
        builder.add(doc);
    }
    builder.finish()
}

/// The key speakers are merged by: accents folded, lower case, words joined by one space,
/// punctuation other than letters and digits dropped ("Ángela  Merkel." = "angela merkel").
pub fn normalised_name(name: &str) -> String {
    fold_accents(name)
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn count_gender(counts: &mut GenderCounts, gender: Option<Gender>) {
    match gender {
        Some(Gender::Female) => counts.female += 1,
        Some(Gender::Male) => counts.male += 1,
        None => counts.unknown += 1,
    }
}

fn add_types(ours: &mut TypeCounts, theirs: &TypeCounts) {
    ours.person += theirs.person;
    ours.org += theirs.org;
    ours.loc += theirs.loc;
    ours.misc += theirs.misc;
    ours.none += theirs.none;
}

fn add_genders(ours: &mut GenderCounts, theirs: &GenderCounts) {
    ours.female += theirs.female;
    ours.male += theirs.male;
    ours.unknown += theirs.unknown;
}

/// The key with the highest count; ties go to the smallest key by `order`, so the result does
/// not depend on hash order.
fn most_common<K>(
    counts: &HashMap<K, usize>,
    order: impl Fn(&K, &K) -> std::cmp::Ordering,
) -> Option<&K> {
    counts
        .iter()
        .max_by(|(ka, a), (kb, b)| a.cmp(b).then_with(|| order(kb, ka)))
        .map(|(k, _)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalise_across_spellings() {
        assert_eq!(normalised_name("Ángela  Merkel."), "angela merkel");
        assert_eq!(normalised_name("ANGELA MERKEL"), "angela merkel");
    }

    #[test]
    fn most_common_breaks_ties_by_key() {
        let counts: HashMap<&str, usize> = [("b", 2), ("a", 2), ("c", 1)].into_iter().collect();
        assert_eq!(most_common(&counts, |a, b| a.cmp(b)), Some(&"a"));
    }
}
