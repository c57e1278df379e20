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

/// Which entity rules run. Those on by default each raised the CoNLL-2003 or GUM dev scores on
/// top of the trained tagger. The gazetteer rules (`gazetteer`, `retype_countries`, `demonyms`)
/// changed nothing there once the tagger learnt the same name lists, so they run only when the
/// tagger proposed nothing; `majority` lowered the scores and is off. The lexicons still serve
/// alias merging (country aliases) and gender either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleSet {
    /// Strip titles from tagger mentions; a title before capitalised words makes them a PERSON.
    pub titles: bool,
    /// A capitalised name ending in an organisation word ("... Network", "... Ministry") is an ORG.
    pub org_suffixes: bool,
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
    /// Untagged capitalised repeats of a tagged name get its type.
    pub repeats: bool,
    /// One string, one type in a document: the majority type wins. Off by default: the tagger
    /// already sees the whole document, and in sports tables a city is both a team (ORG) and a
    /// place (LOC), so forcing one type cost 0.008 F1 on CoNLL dev with the first tagger model
    /// (and gained nothing with the current one).
    pub majority: bool,
    /// When the tagger proposed nothing at all, capitalised runs become mentions (a first name
    /// makes a PERSON). Lets the pipeline work without a model.
    pub fallback: bool,
}

impl Default for RuleSet {
    fn default() -> RuleSet {
        RuleSet {
            titles: true,
            org_suffixes: true,
            gazetteer: false,
            retype_countries: false,
            demonyms: false,
            acronyms: true,
            surnames: true,
            repeats: true,
            majority: false,
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
                "surnames" => self.surnames = false,
                "repeats" => self.repeats = false,
                "majority" => self.majority = false,
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
