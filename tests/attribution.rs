//! The learned attribution model stacked with the rules, on sentences written for these tests;
//! and its training: deterministic for a seed, and adapting to a reviewer's corrections.

use article_review::extract::Extractor;
use article_review::extract::quotes::explain::explain_reason;
use article_review::extract::quotes::model::train::{self, GoldQuote, GoldText, Options};
use article_review::extract::quotes::model::{AttributionModel, MODEL_RULE};
use article_review::{Quote, QuoteKind};
use std::sync::Arc;

/// The extractor with the bundled attribution model (opt-in; the default is the rules alone).
fn with_model() -> Extractor {
    Extractor::bundled().with_attribution(AttributionModel::bundled())
}

fn stacked(text: &str) -> Vec<Quote> {
    with_model().extract(text).1
}

fn rules_only(text: &str) -> Vec<Quote> {
    Extractor::bundled().with_attribution(None).extract(text).1
}

/// The quote whose content holds `words`.
fn quote_with<'q>(quotes: &'q [Quote], words: &str) -> Option<&'q Quote> {
    quotes.iter().find(|q| q.text.contains(words))
}

/// Byte range of the first `needle` in `text`.
fn find(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).expect("needle in text");
    (at, at + needle.len())
}

#[test]
fn the_bundled_model_loads_and_fits_the_size_budget() {
    let model = AttributionModel::bundled().expect("a bundled attribution model");
    assert!(model.to_bytes().len() <= 10 * 1024 * 1024);
    // Opt-in: the default pipeline attributes with the rules alone.
    assert!(Extractor::bundled().attribution().is_none());
    assert_eq!(
        AttributionModel::from_bytes(&model.to_bytes()).as_ref(),
        Ok(&*model)
    );
}

/// A model keeps each cue word's tables for the documents after the first: a document gets the
/// same quotes from a model that has just read other documents as from a fresh copy.
#[test]
fn a_model_gives_a_document_the_same_quotes_after_reading_others() {
    let first = "Mayor Tom Okafor warned that the bridge would close. Critics, she said, were \
                 wrong.\n\nThe council balked at the price, according to officials.\n";
    let second = "“The budget is sound,” said Treasurer Ana Ruiz.\n\nSenator Ray Cole balked at \
                  the price of the new stadium.\n\nLawmakers ignored the governor's warning that \
                  the budget would collapse.\n";
    let model = AttributionModel::bundled().unwrap();
    let fresh = || Extractor::bundled().with_attribution(Some(Arc::new((*model).clone())));
    let used = fresh();
    let before = used.extract(first).1;
    let after_reading = used.extract(second).1;
    let cold = fresh().extract(second).1;
    assert!(
        after_reading.iter().any(|q| q.rule == MODEL_RULE) && before.len() >= 2,
        "{before:?} {after_reading:?}"
    );
    assert_eq!(after_reading, cold);
    assert_eq!(used.extract(first).1, before);
}

#[test]
fn a_truncated_model_file_is_an_error_not_a_panic() {
    let bytes = AttributionModel::bundled().unwrap().to_bytes();
    let err = AttributionModel::from_bytes(&bytes[..bytes.len() / 2]).unwrap_err();
    assert!(err.contains("truncated"), "{err}");
    assert!(AttributionModel::from_bytes(b"not a model").is_err());
}

#[test]
fn a_long_tail_cue_the_rules_miss_is_found() {
    let text =
        "The council met on Monday.\n\nSenator Ray Cole balked at the price of the new stadium.\n";
    let by_cole = |quotes: &[Quote]| {
        quotes
            .iter()
            .find(|q| {
                q.cue.as_ref().is_some_and(|c| c.text == "balked")
                    && q.speaker_mention
                        .as_ref()
                        .is_some_and(|m| m.text.contains("Cole"))
            })
            .cloned()
    };
    let rules = rules_only(text);
    assert!(
        by_cole(&rules).is_none(),
        "the rules alone find it: {rules:?}"
    );
    let quotes = stacked(text);
    let q = by_cole(&quotes).unwrap_or_else(|| panic!("the model misses it: {quotes:?}"));
    assert_eq!(q.rule, MODEL_RULE);
    assert!(q.text.contains("price of the new stadium"), "{q:?}");
    assert!(q.confidence > 0.0 && q.confidence < 1.0);
}

#[test]
fn a_noun_cue_is_an_attribution_of_its_possessor() {
    let text = "Lawmakers ignored the governor's warning that the budget would collapse.\n";
    let quotes = stacked(text);
    let q = quotes
        .iter()
        .find(|q| q.cue.as_ref().is_some_and(|c| c.text == "warning"))
        .unwrap_or_else(|| panic!("no quote with the noun cue: {quotes:?}"));
    assert!(q.text.contains("budget would collapse"), "{q:?}");
    let speaker = q.speaker_mention.as_ref().expect("a speaker");
    assert!(speaker.text.contains("governor"), "{speaker:?}");
}

#[test]
fn a_split_quote_stays_one_quote_in_two_pieces() {
    let text = "“We will rebuild the bridge,” said Mayor Tom Okafor, “and we will do it by \
                spring.”\n";
    let quotes = stacked(text);
    assert_eq!(quotes.len(), 1, "{quotes:?}");
    let q = &quotes[0];
    assert_eq!(q.kind, QuoteKind::Direct);
    assert_eq!(q.fragments.len(), 2, "{q:?}");
    assert!(q.fragments[0].text.contains("rebuild the bridge"));
    assert!(q.fragments[1].text.contains("by spring"));
    assert!(q.speaker_mention.as_ref().unwrap().text.contains("Okafor"));
}

#[test]
fn an_attribution_without_a_source_has_no_speaker() {
    let text = "The new stadium is expected to open in the autumn, after two years of delays.\n";
    let quotes = stacked(text);
    let q = quote_with(&quotes, "open in the autumn").expect("the expectation is attributed");
    assert!(q.speaker_mention.is_none(), "{q:?}");
    assert!(q.speaker.is_none());
}

/// Every span is its own code point slice of the text.
fn assert_exact_spans(text: &str, quotes: &[Quote]) {
    let slice = |s: usize, e: usize| -> String { text.chars().skip(s).take(e - s).collect() };
    for q in quotes {
        assert_eq!(q.text, slice(q.start, q.end), "{q:?}");
        for span in q
            .speaker_mention
            .iter()
            .chain(q.cue.iter())
            .chain(&q.fragments)
        {
            assert_eq!(span.text, slice(span.start, span.end), "{span:?}");
        }
    }
}

#[test]
fn spans_stay_exact_code_point_slices_with_crlf_accents_and_emoji() {
    let text = "Café news 😀 from Zürich.\r\n\r\nMayor José Pérez said that the tram plan was a \
                dream 🙂.\r\n\r\n“Prices will fall by the summer,” said Inês Gómez.\r\n";
    let quotes = stacked(text);
    assert!(quotes.len() >= 2, "{quotes:?}");
    assert_exact_spans(text, &quotes);
    let direct = quote_with(&quotes, "Prices").expect("the direct quote");
    assert_eq!(direct.text, "Prices will fall by the summer,");
    assert_eq!(direct.kind, QuoteKind::Direct);
}

#[test]
fn the_sample_article_keeps_its_quotations() {
    let text = include_str!("../assets/sample-article.txt");
    let rules = rules_only(text);
    let quotes = stacked(text);
    assert_exact_spans(text, &quotes);
    for r in rules.iter().filter(|q| q.kind != QuoteKind::Indirect) {
        assert!(
            quotes.iter().any(|q| q.start < r.end && r.start < q.end),
            "lost the quotation {:?}",
            r.text
        );
    }
    let delattre = quote_with(&quotes, "full investigation").expect("Delattre's quote");
    assert!(
        delattre
            .speaker_mention
            .as_ref()
            .is_some_and(|m| m.text.contains("Delattre"))
    );
}

#[test]
fn every_quote_names_its_rule_and_model_decisions_carry_their_reasons() {
    let text = "Councillor Ada Brennan complained that the library cuts went too far.\n\n\
                “It is a disgrace,” said Jo Park, who runs the reading club.\n";
    let extractor = with_model();
    let analysis = extractor.analyze_explained(text);
    assert!(!analysis.quotes.is_empty());
    for q in &analysis.quotes {
        assert!(!q.rule.is_empty());
        assert!(!q.reasons.is_empty(), "no reasons for {q:?}");
        assert!(
            q.reasons
                .iter()
                .all(|r| r.weight != 0.0 && r.feature.contains('='))
        );
    }
    // Batch extraction does not pay for naming features.
    assert!(
        extractor
            .analyze(text)
            .quotes
            .iter()
            .all(|q| q.reasons.is_empty())
    );
}

#[test]
fn a_model_find_in_a_saved_review_can_still_say_why() {
    let text =
        "The council met on Monday.\n\nSenator Ray Cole balked at the price of the new stadium.\n";
    let extractor = with_model();
    let quotes = extractor.extract(text).1;
    let q = quotes
        .iter()
        .find(|q| q.rule == MODEL_RULE)
        .expect("a model find");
    let reasons = extractor.reasons(text, q);
    assert!(!reasons.is_empty());
    // A model find names the cue features behind it, in words for the window.
    let words: Vec<String> = reasons.iter().map(explain_reason).collect();
    assert!(words.iter().any(|w| w.contains("balked")), "{words:?}");
    // The rules alone give no reasons.
    assert!(
        Extractor::bundled()
            .with_attribution(None)
            .reasons(text, q)
            .is_empty()
    );
}

/// Our own little training set: reporting verbs, a split quote and a source-less claim.
fn tiny_gold() -> Vec<GoldText> {
    let texts = [
        (
            "Senator Lee said that the tax plan would fail.\n",
            "that the tax plan would fail",
            Some("Senator Lee"),
            "said",
        ),
        (
            "The union warned that strikes could follow in May.\n",
            "that strikes could follow in May",
            Some("The union"),
            "warned",
        ),
        (
            "Prices will rise again, the bank predicted on Friday.\n",
            "Prices will rise again",
            Some("the bank"),
            "predicted",
        ),
        (
            "The bridge is expected to reopen next week.\n",
            "The bridge",
            None,
            "is expected",
        ),
    ];
    texts
        .iter()
        .map(|&(text, content, speaker, cue)| GoldText {
            id: cue.to_string(),
            text: text.to_string(),
            quotes: vec![GoldQuote {
                content: find(text, content),
                speaker: speaker.map(|s| find(text, s)),
                cue: Some(find(text, cue)),
            }],
            weight: 1,
        })
        .collect()
}

#[test]
fn training_is_deterministic_for_a_seed() {
    let extractor = Extractor::bundled().with_attribution(None);
    let options = Options {
        epochs: 2,
        seed: 7,
        ..Options::default()
    };
    let gold = tiny_gold();
    let mut quiet = |_: &str| {};
    let a = train::train(&gold, &extractor, &options, &mut quiet).unwrap();
    let b = train::train(&gold, &extractor, &options, &mut quiet).unwrap();
    assert_eq!(a.to_bytes(), b.to_bytes());
    let c = train::train(
        &gold,
        &extractor,
        &Options {
            seed: 8,
            ..options.clone()
        },
        &mut quiet,
    )
    .unwrap();
    assert_ne!(a.to_bytes(), c.to_bytes(), "the seed changes the order");
}

#[test]
fn a_corrected_attribution_changes_the_output_on_a_similar_sentence() {
    // Neither the rules nor the bundled model take "harrumphed about" as a report; a reviewer
    // adds the quote the extractor missed.
    let reviewed = "Coach Dana Wells harrumphed about the referees ruining the final.\n";
    let similar = "Captain Ruth Mbeki harrumphed about the pitch being far too wet.\n";
    let before = stacked(similar);
    assert!(
        quote_with(&before, "far too wet").is_none(),
        "already found before the review: {before:?}"
    );
    let gold = GoldText {
        id: "review".into(),
        text: reviewed.into(),
        quotes: vec![GoldQuote {
            content: find(reviewed, "about the referees ruining the final"),
            speaker: Some(find(reviewed, "Coach Dana Wells")),
            cue: Some(find(reviewed, "harrumphed")),
        }],
        weight: 5,
    };
    let base = AttributionModel::bundled().unwrap();
    let extractor = Extractor::bundled().with_attribution(None);
    let adapted = train::adapt(&base, &[gold], &extractor, &Options::default());
    let after = Extractor::bundled()
        .with_attribution(Some(Arc::new(adapted)))
        .extract(similar)
        .1;
    let q = quote_with(&after, "far too wet").expect("found after the review");
    assert_eq!(q.cue.as_ref().map(|c| c.text.as_str()), Some("harrumphed"));
    assert!(
        q.speaker_mention.as_ref().unwrap().text.contains("Mbeki"),
        "{q:?}"
    );
}
