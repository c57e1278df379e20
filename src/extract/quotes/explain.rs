//! The attribution rules in words, for reviewers: "‘he’ → Donald Trump, the previous speaker"
//! rather than `pronoun-previous-speaker`.
//!
//! A rule decided the extractor's proposal, so the explanation names the proposed speaker and
//! mention (`predicted`), and says so when a reviewer has changed the speaker since.

use crate::document::model::{Document, Quote, Span};
use crate::edit::MANUAL_RULE;
use crate::extract::quotes::model::{MODEL_RULE, Reason};

/// What each rule did, with `{who}` for the speaker ("‘he’ → Donald Trump", or the name when
/// the mention is the name) and `{cue}` for the cue (‘said’, or "a verb of saying" when the
/// quote has none). Every rule the extractor emits is here; a test checks the sources.
const EXPLANATIONS: &[(&str, &str)] = &[
    // Direct quotes, attribution after the closing mark.
    (
        "quote-speaker-cue",
        "{who}, named right after the quote with {cue}",
    ),
    (
        "quote-cue-speaker",
        "{who}, named right after the quote and {cue}",
    ),
    (
        "quote-pronoun-cue",
        "{who}: the pronoun right after the quote with {cue}",
    ),
    (
        "quote-speaker-verb",
        "{who}, named right after the quote with the verb {cue}",
    ),
    (
        "quote-verb-speaker",
        "{who}, named after the quote and the verb {cue}",
    ),
    (
        "quote-dash-speaker",
        "{who}, named after a dash that follows the quote",
    ),
    (
        "quote-according-to",
        "{who}, named in “according to” right after the quote",
    ),
    // Direct quotes, attribution before the opening mark.
    (
        "speaker-cue-quote",
        "{who}, named before {cue}, which introduces the quote",
    ),
    (
        "subject-participle-quote",
        "{who}, the subject of the sentence, introducing the quote with {cue}",
    ),
    (
        "colon-subject",
        "{who}, the subject of the clause that ends in a colon before the quote",
    ),
    (
        "colon-intro",
        "{who}, named in the paragraph before, which ends in a colon",
    ),
    (
        "colon-intro-subject",
        "{who}, the subject of the paragraph before, which ends in a colon",
    ),
    // Reported speech.
    (
        "speaker-cue-content",
        "{who}, the subject of {cue}, which introduces the reported words",
    ),
    (
        "long-subject-content",
        "{who}, the subject of {cue} across a long modifier (less sure)",
    ),
    (
        "subject-participle-content",
        "{who}, the subject of the sentence, reporting with {cue}",
    ),
    (
        "subject-gerund-content",
        "{who}, the subject of the sentence, reporting with {cue} after a preposition",
    ),
    (
        "content-speaker-cue",
        "{who}, named with {cue} after the reported words",
    ),
    (
        "content-pronoun-cue",
        "{who}: the pronoun with {cue} after the reported words",
    ),
    (
        "interposed-speaker-cue",
        "{who}, named with {cue} in the middle of the reported words",
    ),
    ("according-to", "{who}, named in “according to”"),
    ("in-poll", "{who}: the poll or study the finding comes from"),
    (
        "speaker-called-label",
        "{who} gave someone this label ({cue})",
    ),
    (
        "speaker-called-object",
        "{who} called someone or something this ({cue})",
    ),
    (
        "speaker-stance-object",
        "{who} took a stance ({cue}) on what follows",
    ),
    (
        "speaker-stance-name",
        "{who} took a stance ({cue}) on the person named",
    ),
    (
        "speaker-declined-to",
        "{who} declined or refused ({cue}): a stance, not words said",
    ),
    (
        "speaker-intends-to",
        "{who} stated an intention ({cue}): a stance, not words said",
    ),
    (
        "headline-speaker-colon",
        "{who}, named before the colon of a headline",
    ),
    (
        "asked-question",
        "a question put to the speaker ({cue}), asked by someone unnamed",
    ),
    (
        "speaker-sees-as",
        "{who} described someone or something as this ({cue})",
    ),
    (
        "speaker-verb-that",
        "{who}, the subject of {cue}, a verb with a that-clause outside the list of cues",
    ),
    (
        "hedged-clause",
        "a hedged report ({cue}) with no one to hold it: the text names no source",
    ),
    (
        "possessor-noun-clause",
        "{who}, whose claim or belief ({cue}) the clause is",
    ),
    // Quotations no pattern attributed.
    (
        "sentence-subject",
        "{who}, the subject of the sentence the quote sits in; no cue",
    ),
    (
        "previous-speaker",
        "no speaker named here: {who}, the speaker of the quote just before",
    ),
    (
        "recent-speaker",
        "no speaker named here: {who}, the last speaker up to three paragraphs back (often wrong)",
    ),
    (
        "unattributed",
        "quotation marks with nothing in the text naming a speaker",
    ),
    // Pronouns resolved to a person.
    ("pronoun-previous-speaker", "{who}, the previous speaker"),
    (
        "pronoun-nearest-subject",
        "{who}, the nearest person before it named as the subject of a sentence",
    ),
    (
        "pronoun-nearest-person",
        "{who}, the nearest person named before it",
    ),
    (MANUAL_RULE, "added by a reviewer"),
    // The learned attribution model (docs/attribution.md); its reasons: [`explain_reason`].
    (
        MODEL_RULE,
        "{who}, found by the learned attribution model with {cue}; no rule matched",
    ),
];

/// The attribution model's feature templates in words: `{v}` is the value, `{a}` and `{b}` the
/// two halves of a pair value (`a|b`).
const FEATURES: &[(&str, &str)] = &[
    ("c.w", "the cue word ‘{v}’"),
    ("c.stem", "a cue word starting ‘{v}’"),
    ("c.suf", "a cue word ending ‘{v}’"),
    ("c.p1", "‘{v}’ just before the cue"),
    ("c.p2", "‘{v}’ two words before the cue"),
    ("c.n1", "‘{v}’ just after the cue"),
    ("c.n2", "‘{v}’ two words after the cue"),
    ("c.p1w", "‘{a} {b}’"),
    ("c.p1stem", "‘{a}’ before a cue starting ‘{b}’"),
    ("c.wn1", "‘{a} {b}’"),
    ("c.after", "‘{v}’ within three words after the cue"),
    ("c.wafter", "‘{a}’ followed by ‘{b}’"),
    ("c.q", "a cue {v} quotation marks"),
    ("c.wq", "‘{a}’ {b} quotation marks"),
    ("c.lex", "cue class in the lexicon: {v}"),
    ("c.rule", "a rule's cue: {v}"),
    ("c.rulew", "rule {a} with the cue ‘{b}’"),
    ("c.pc", "the word before the cue is a {v}"),
    ("c.pcw", "a {a} before ‘{b}’"),
    ("c.pos", "the cue's place in its sentence: {v}"),
    ("c.wpos", "‘{a}’ at the sentence's {b}"),
    ("c.punct", "punctuation around the cue: {a} … {b}"),
    ("c.wpp", "‘{a}’ after {b}"),
    ("c.e-1", "entity before the cue: {v}"),
    ("c.e+1", "entity after the cue: {v}"),
    ("c.e", "entities around the cue: {a} … {b}"),
    ("c.cap", "capitalised cue: {v}"),
    ("c.bias", "how often a word is a cue at all"),
    ("k.src", "proposed by {v}"),
    ("k.conf", "rule {a} at confidence {b}/10"),
    ("k.kind", "a {b} quote proposed by the {a}"),
    ("k.spk", "speaker proposed by the {a}: {b}"),
    ("k.cuescore", "the model's cue score ({a}): {b}"),
    ("k.cuew", "the cue ‘{b}’ ({a})"),
    ("k.srcmargin", "how sure the source ranker was: {v}"),
    ("k.len", "length in words ({a}): {b}"),
    ("k.agree", "agreement with the other side ({a}): {b}"),
    ("k.agreecue", "speakers {a}, cues {b}"),
    ("k.agreerule", "rule {a} agrees, speakers {b}"),
    ("k.bias", "the base rate"),
];

/// One reason behind the attribution model's decision in words, with whether it spoke for the
/// quote or against it: "the cue word ‘likened’ (for, 2.1)". An unknown feature is named as it
/// is.
pub fn explain_reason(reason: &Reason) -> String {
    let (template, value) = reason
        .feature
        .split_once('=')
        .unwrap_or((reason.feature.as_str(), ""));
    let (a, b) = value.split_once('|').unwrap_or((value, ""));
    let words = match FEATURES.iter().find(|(t, _)| *t == template) {
        // The one-value form: no candidate of the other side overlaps this one.
        Some(_) if template == "k.agree" && b.is_empty() => match a {
            "model" => "no rule proposes an overlapping quote".to_string(),
            _ => "the model proposes no overlapping quote".to_string(),
        },
        Some((_, phrase)) => phrase
            .replace("{v}", value)
            .replace("{a}", a)
            .replace("{b}", b),
        None => reason.feature.clone(),
    };
    let side = if reason.weight >= 0.0 {
        "for"
    } else {
        "against"
    };
    format!("{words} ({side}, {:.1})", reason.weight.abs())
}

/// The rule names [`explain_rule`] knows, in no particular order.
pub fn known_rules() -> impl Iterator<Item = &'static str> {
    EXPLANATIONS.iter().map(|(rule, _)| *rule)
}

/// How `quote`'s attribution was decided, in words, starting with a capital letter: the rule
/// with the proposed speaker and mention of `doc` filled in, and a note when a reviewer has
/// changed the speaker since. An unknown rule is named as it is.
pub fn explain_rule(doc: &Document, quote: &Quote) -> String {
    let (speaker, mention) = match &quote.predicted {
        Some(p) => (p.speaker.as_deref(), p.speaker_mention.as_ref()),
        None => (quote.speaker.as_deref(), quote.speaker_mention.as_ref()),
    };
    let name = speaker
        .and_then(|id| doc.entity(id))
        .map(|e| e.name.as_str());
    let who = who(name, mention);
    let cue = quote.cue.as_ref().map_or_else(
        || "a verb of saying".to_string(),
        |c| format!("‘{}’", c.text),
    );
    let mut sentence = match EXPLANATIONS.iter().find(|(rule, _)| *rule == quote.rule) {
        Some((_, template)) => template.replace("{who}", &who).replace("{cue}", &cue),
        None => format!("rule “{}”: {who}", quote.rule),
    };
    if let Some(first) = sentence.chars().next() {
        let upper: String = first.to_uppercase().collect();
        sentence.replace_range(..first.len_utf8(), &upper);
    }
    let changed = quote
        .predicted
        .as_ref()
        .is_some_and(|p| p.speaker != quote.speaker);
    if changed {
        sentence.push_str(" (the proposal; a reviewer changed the speaker)");
    }
    sentence
}

/// "‘he’ → Donald Trump" when the words differ from the name, "Donald Trump" when they are the
/// name, "‘the spokesman’" when no entity was resolved, "nobody" when nothing was found.
fn who(name: Option<&str>, mention: Option<&Span>) -> String {
    match (name, mention) {
        (Some(name), Some(m)) if m.text != name => format!("‘{}’ → {name}", m.text),
        (Some(name), _) => name.to_string(),
        (None, Some(m)) => format!("‘{}’", m.text),
        (None, None) => "nobody".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::model::{
        Entity, EntityType, Meta, Origin, Prediction, QuoteKind, QuoteStatus, Source,
    };

    fn doc(rule: &str) -> Document {
        let text = "Donald Trump spoke. “We won 😀,” he said.".to_string();
        let mut doc = Document::new(text, Source::in_memory(), Meta::default());
        let he = doc.span(32, 34);
        doc.entities.push(Entity {
            id: "e1".into(),
            name: "Donald Trump".into(),
            entity_type: EntityType::Person,
            origin: Origin::Auto,
            mentions: vec![doc.span(0, 12), he.clone()],
            gender: None,
        });
        let content = doc.span(21, 30);
        doc.quotes.push(Quote {
            id: "q1".into(),
            kind: QuoteKind::Direct,
            start: content.start,
            end: content.end,
            text: content.text,
            speaker: Some("e1".into()),
            speaker_mention: Some(he.clone()),
            cue: Some(doc.span(35, 39)),
            confidence: 0.9,
            rule: rule.into(),
            status: QuoteStatus::Auto,
            predicted: Some(Prediction {
                speaker: Some("e1".into()),
                speaker_mention: Some(he),
            }),
            fragments: vec![],
            note: None,
            flag: None,
        });
        doc
    }

    #[test]
    fn a_resolved_pronoun_reads_as_pronoun_to_name() {
        let d = doc("pronoun-previous-speaker");
        assert_eq!(
            explain_rule(&d, &d.quotes[0]),
            "‘he’ → Donald Trump, the previous speaker"
        );
        let d = doc("quote-pronoun-cue");
        assert_eq!(
            explain_rule(&d, &d.quotes[0]),
            "‘he’ → Donald Trump: the pronoun right after the quote with ‘said’"
        );
    }

    #[test]
    fn the_proposal_is_explained_even_after_a_correction() {
        let mut d = doc("quote-speaker-cue");
        d.quotes[0].speaker_mention = Some(d.span(0, 12));
        d.quotes[0].predicted.as_mut().unwrap().speaker_mention = Some(d.span(0, 12));
        assert_eq!(
            explain_rule(&d, &d.quotes[0]),
            "Donald Trump, named right after the quote with ‘said’"
        );
        d.quotes[0].speaker = None;
        d.quotes[0].cue = None;
        assert_eq!(
            explain_rule(&d, &d.quotes[0]),
            "Donald Trump, named right after the quote with a verb of saying \
             (the proposal; a reviewer changed the speaker)"
        );
    }

    #[test]
    fn a_model_find_and_its_reasons_read_as_words() {
        let d = doc(MODEL_RULE);
        assert_eq!(
            explain_rule(&d, &d.quotes[0]),
            "‘he’ → Donald Trump, found by the learned attribution model with ‘said’; no rule \
             matched"
        );
        let reason = |feature: &str, weight| Reason {
            feature: feature.into(),
            weight,
        };
        assert_eq!(
            explain_reason(&reason("c.w=likened", 2.06)),
            "the cue word ‘likened’ (for, 2.1)"
        );
        assert_eq!(
            explain_reason(&reason("c.wafter=warned|that", -0.5)),
            "‘warned’ followed by ‘that’ (against, 0.5)"
        );
        assert_eq!(
            explain_reason(&reason("k.agree=model", -0.4)),
            "no rule proposes an overlapping quote (against, 0.4)"
        );
        assert_eq!(
            explain_reason(&reason("z.new=x", 1.0)),
            "z.new=x (for, 1.0)"
        );
    }

    /// Every feature template the attribution model names in its reasons has words.
    #[test]
    fn every_feature_the_model_explains_has_words() {
        let sources = [
            include_str!("model/mod.rs"),
            include_str!("model/features.rs"),
        ];
        let mut missing = Vec::new();
        for source in sources {
            for piece in source.split("tpl!(\"").skip(1) {
                let template = piece.split('"').next().unwrap_or_default();
                let explained = template.starts_with("c.") || template.starts_with("k.");
                if explained && !FEATURES.iter().any(|(t, _)| *t == template) {
                    missing.push(template.to_string());
                }
            }
        }
        assert!(missing.is_empty(), "no words for {missing:?}");
    }

    #[test]
    fn unknown_rules_and_missing_speakers_still_read() {
        let mut d = doc("some-future-rule");
        d.quotes[0].predicted = None;
        d.quotes[0].speaker = None;
        d.quotes[0].speaker_mention = None;
        assert_eq!(
            explain_rule(&d, &d.quotes[0]),
            "Rule “some-future-rule”: nobody"
        );
        d.quotes[0].rule = "hedged-clause".into();
        assert_eq!(
            explain_rule(&d, &d.quotes[0]),
            "A hedged report (‘said’) with no one to hold it: the text names no source"
        );
    }

    /// Every rule name the extractor's sources can emit has its own words. A rule name is a
    /// string literal of lower-case words joined by hyphens in the quote modules; the few such
    /// literals that are words of the text, not rules, are listed.
    #[test]
    fn every_rule_the_extractor_emits_is_explained() {
        const NOT_RULES: &[&str] = &["two-thirds", "three-quarters"];
        let sources = [
            include_str!("attribution.rs"),
            include_str!("mod.rs"),
            include_str!("resolve.rs"),
            include_str!("calibration.rs"),
        ];
        let mut missing = Vec::new();
        let mut found = std::collections::BTreeSet::new();
        for source in sources {
            let code = source.split("#[cfg(test)]").next().unwrap_or(source);
            // Line by line without comments and the quotation-mark character literal, the
            // string literals are every other piece between quotation marks.
            let literals = code.lines().flat_map(|line| {
                let line = line.split("//").next().unwrap_or("").replace("'\"'", "");
                line.split('"')
                    .skip(1)
                    .step_by(2)
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            });
            for literal in literals {
                let literal = literal.as_str();
                let is_name = literal.contains('-')
                    && literal
                        .split('-')
                        .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase()));
                if !is_name || NOT_RULES.contains(&literal) {
                    continue;
                }
                found.insert(literal.to_string());
                if !known_rules().any(|r| r == literal) {
                    missing.push(literal.to_string());
                }
            }
        }
        assert_eq!(
            missing,
            Vec::<String>::new(),
            "rules without an explanation in EXPLANATIONS (or add a non-rule to NOT_RULES)"
        );
        // The scan itself works: it sees rules of every source file.
        for rule in [
            "speaker-cue-content",
            "previous-speaker",
            "pronoun-nearest-person",
        ] {
            assert!(found.contains(rule), "{rule} not found: {found:?}");
        }
    }
}
