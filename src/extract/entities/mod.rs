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
//! Every rule can be switched off (or, for those off by default, on) for measuring with the
//! environment variables `ARTICLE_REVIEW_ENTITY_RULES_OFF` and `ARTICLE_REVIEW_ENTITY_RULES_ON`
//! (comma-separated lists of [`RuleSet`] field names), so each one's effect on the CoNLL and GUM
//! scores can be repeated.

pub mod aliases;
pub mod lexicon;
pub mod rules;

use std::sync::LazyLock;

use super::Analysis;

/// Which entity rules run.
///
/// Measured on top of the trained tagger (CoNLL-2003 dev and GUM news, PER/ORG/LOC micro F1):
/// `surnames` and `org_suffixes` raise the scores; `titles` and `acronyms` leave them unchanged
/// but keep titles out of mentions, give people their gender and merge acronyms, so they stay.
/// The gazetteer rules (`gazetteer`, `retype_countries`, `demonyms`) changed nothing once the
/// tagger learnt the same name lists, so these run only when the tagger proposed nothing (the
/// rules-only fallback). `repeats` once cost 0.003 on GUM and was off too; with the tagger of
/// feature set 10 (November 2026) it leaves CoNLL dev unchanged (0.921), raises GUM news from
/// 0.425 to 0.427 and finds the sample article's "Frankly Putin" as a person again, so it is
/// on. `majority` lowered the scores and is off. The lexicons still serve alias merging
/// (country aliases) and gender either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleSet {
    /// Strip titles from tagger mentions; a title before capitalised words makes them a PERSON.
    pub titles: bool,
    /// A capitalised name ending in an organisation word ("... Network", "... Ministry") is an ORG.
    pub org_suffixes: bool,
    /// A name followed by "news agency" is an ORG ("Agence France-Presse news agency"), unless
    /// it is a place or a nationality word.
    pub news_agencies: bool,
    /// Countries, cities and regions from the gazetteer are LOC (always on when the tagger
    /// proposed nothing).
    pub gazetteer: bool,
    /// A tagger mention that is exactly a country name or alias becomes LOC.
    pub retype_countries: bool,
    /// Nationality words ("Russian") are MISC.
    pub demonyms: bool,
    /// "World Health Organization (WHO)": the acronym is the same entity.
    pub acronyms: bool,
    /// A person's surname alone ("Trump" after "Donald Trump"), and other spellings of the
    /// person's full name, are PERSON wherever the text has them.
    pub surnames: bool,
    /// Untagged capitalised repeats of a tagged name get its type (always on when the tagger
    /// proposed nothing).
    pub repeats: bool,
    /// A tagger mention that lost a sentence-opening word ("Frankly Putin", typed ORG, ->
    /// "Putin") takes the type the rest of the document gives the same string: the tagger
    /// typed a different span.
    pub trimmed_types: bool,
    /// One string, one type in a document: the majority type wins. Off by default: the tagger
    /// already sees the whole document, and in sports tables a city is both a team (ORG) and a
    /// place (LOC), so forcing one type cost 0.008 F1 on CoNLL dev with the first tagger model
    /// (and gained nothing with the current one).
    pub majority: bool,
    /// In a title-case headline, a mention stays only as far as the body or the gazetteer
    /// confirms it ("Russia Cool Over Prospects" -> "Russia").
    pub headlines: bool,
    /// When the tagger proposed nothing at all, capitalised runs become mentions (a first name
    /// makes a PERSON). Lets the pipeline work without a model.
    pub fallback: bool,
}

impl Default for RuleSet {
    fn default() -> RuleSet {
        RuleSet {
            titles: true,
            org_suffixes: true,
            news_agencies: true,
            gazetteer: false,
            retype_countries: false,
            demonyms: false,
            acronyms: true,
            surnames: true,
            repeats: true,
            trimmed_types: true,
            majority: false,
            headlines: true,
            fallback: true,
        }
    }
}

impl RuleSet {
    /// The default rules plus those named in `ARTICLE_REVIEW_ENTITY_RULES_ON`, minus those
    /// named in `ARTICLE_REVIEW_ENTITY_RULES_OFF` (read once).
    pub fn configured() -> RuleSet {
        static CONFIGURED: LazyLock<RuleSet> = LazyLock::new(|| {
            let var = |name: &str| std::env::var(name).unwrap_or_default();
            RuleSet::default()
                .with(&var("ARTICLE_REVIEW_ENTITY_RULES_ON"))
                .without(&var("ARTICLE_REVIEW_ENTITY_RULES_OFF"))
        });
        *CONFIGURED
    }

    /// These rules minus those named in `names` (comma-separated field names; unknown names
    /// are ignored).
    pub fn without(self, names: &str) -> RuleSet {
        self.switch(names, false)
    }

    /// These rules plus those named in `names` (comma-separated field names; unknown names
    /// are ignored).
    pub fn with(self, names: &str) -> RuleSet {
        self.switch(names, true)
    }

    fn switch(mut self, names: &str, on: bool) -> RuleSet {
        for name in names.split(',').map(str::trim) {
            let flag = match name {
                "titles" => &mut self.titles,
                "org_suffixes" => &mut self.org_suffixes,
                "news_agencies" => &mut self.news_agencies,
                "gazetteer" => &mut self.gazetteer,
                "retype_countries" => &mut self.retype_countries,
                "demonyms" => &mut self.demonyms,
                "acronyms" => &mut self.acronyms,
                "surnames" => &mut self.surnames,
                "repeats" => &mut self.repeats,
                "trimmed_types" => &mut self.trimmed_types,
                "majority" => &mut self.majority,
                "headlines" => &mut self.headlines,
                "fallback" => &mut self.fallback,
                _ => continue,
            };
            *flag = on;
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
