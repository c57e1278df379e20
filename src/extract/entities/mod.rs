//! Entities: rules over the tagger's mentions, alias merging ("Mr Trump" = "Donald Trump") and
//! gender.
//!
//! [`resolve`] takes the mentions the statistical tagger proposed and
//! 1. applies rules that add or fix what a tagger misses ([`rules`]): titles before names,
//!    organisation suffixes, the gazetteer of countries, places and nationality words, acronyms
//!    defined in the text, and document-wide consistency;
//! 2. merges the mentions into entities ([`aliases`]): surnames and titles join full names, country
//!    aliases join their country, acronyms join their long form, while two people who share a
//!    surname stay apart;
//! 3. gives people a gender from their titles and first names.
//!
//! Every rule can be switched off for measuring with the environment variable
//! `ARTICLE_REVIEW_ENTITY_RULES_OFF` (a comma-separated list of [`RuleSet`] field names), so
//! each one's effect on the CoNLL and GUM scores can be repeated.

pub mod aliases;
pub mod lexicon;
pub mod rules;

use std::sync::LazyLock;

use super::Analysis;

/// Which entity rules run. All are on by default; each was kept because it raised the dev
/// scores (see the team's report for the figures).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleSet {
    /// Strip titles from tagger mentions; a title before capitalised words makes them a PERSON.
    pub titles: bool,
    /// A capitalised name ending in an organisation word ("... Network", "... Ministry") is an ORG.
    pub org_suffixes: bool,
    /// Countries, cities and regions from the gazetteer are LOC.
    pub gazetteer: bool,
    /// A tagger mention that is exactly a country name or alias becomes LOC.
    pub retype_countries: bool,
    /// Nationality words ("Russian") are MISC.
    pub demonyms: bool,
    /// "World Health Organization (WHO)": the acronym is the same entity.
    pub acronyms: bool,
    /// One string, one type in a document (by majority); untagged repeats of a tagged name, or
    /// of a person's surname, are tagged too.
    pub consistency: bool,
    /// When the tagger proposed nothing at all, capitalised runs become mentions (a first name
    /// makes a PERSON). Lets the pipeline work without a model.
    pub fallback: bool,
}

impl Default for RuleSet {
    fn default() -> RuleSet {
        RuleSet {
            titles: true,
            org_suffixes: true,
            gazetteer: true,
            retype_countries: true,
            demonyms: true,
            acronyms: true,
            consistency: true,
            fallback: true,
        }
    }
}

impl RuleSet {
    /// The default rules minus those named in `ARTICLE_REVIEW_ENTITY_RULES_OFF` (read once).
    pub fn configured() -> RuleSet {
        static CONFIGURED: LazyLock<RuleSet> = LazyLock::new(|| {
            RuleSet::default()
                .without(&std::env::var("ARTICLE_REVIEW_ENTITY_RULES_OFF").unwrap_or_default())
        });
        *CONFIGURED
    }

    /// These rules minus those named in `names` (comma-separated field names; unknown names
    /// are ignored).
    pub fn without(mut self, names: &str) -> RuleSet {
        for name in names.split(',').map(str::trim) {
            match name {
                "titles" => self.titles = false,
                "org_suffixes" => self.org_suffixes = false,
                "gazetteer" => self.gazetteer = false,
                "retype_countries" => self.retype_countries = false,
                "demonyms" => self.demonyms = false,
                "acronyms" => self.acronyms = false,
                "consistency" => self.consistency = false,
                "fallback" => self.fallback = false,
                _ => {}
            }
        }
        self
    }
}

/// Completes and merges the mentions in `analysis` into entities, with the configured rules.
pub fn resolve(analysis: &mut Analysis) {
    resolve_with(analysis, RuleSet::configured());
}

/// Completes and merges the mentions in `analysis` into entities, with the rules in `rules`.
///
/// Afterwards `analysis.mentions` are sorted and do not overlap, every mention belongs to exactly
/// one entity, and each entity lists its mentions in text order.
pub fn resolve_with(analysis: &mut Analysis, rules: RuleSet) {
    let applied = rules::apply(analysis, rules);
    analysis.entities = aliases::cluster(analysis, &applied);
}
