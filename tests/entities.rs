//! Entity rules, alias merging and gender, on small texts written for these tests and on the
//! bundled sample article.

use article_review::document::model::Gender;
use article_review::extract::entities::{self, RuleSet};
use article_review::extract::{Analysis, Extractor, Mention, MentionSource};
use article_review::{Entity, EntityType};

/// A tagger mention over the first occurrence of `words` at or after byte `from`.
fn tagged(text: &str, words: &str, from: usize, ty: EntityType) -> Mention {
    let start = from + text[from..].find(words).expect("words in text");
    Mention {
        start,
        end: start + words.len(),
        entity_type: ty,
        source: MentionSource::Tagger,
        entity: None,
    }
}

/// Runs the entity stage over `text` with the given tagger mentions and all rules.
fn entities_of(text: &str, mentions: Vec<Mention>) -> Vec<Entity> {
    let mut analysis = Analysis::new(text);
    analysis.mentions = mentions;
    entities::resolve_with(&mut analysis, RuleSet::default());
    analysis.into_parts().0
}

/// The entity whose mentions include one with exactly `text`.
fn entity_with<'e>(entities: &'e [Entity], text: &str) -> &'e Entity {
    entities
        .iter()
        .find(|e| e.mentions.iter().any(|m| m.text == text))
        .unwrap_or_else(|| panic!("no entity has a mention {text:?}: {entities:#?}"))
}

fn mention_texts(entity: &Entity) -> Vec<&str> {
    entity.mentions.iter().map(|m| m.text.as_str()).collect()
}

#[test]
fn title_is_left_out_of_the_mention_and_surname_joins_the_full_name() {
    let text = "Donald Trump met reporters. Mr Trump said Trump's plan was ready.";
    let mentions = vec![
        tagged(text, "Donald Trump", 0, EntityType::Person),
        tagged(text, "Mr Trump", 0, EntityType::Person),
        // The tagger got this one wrong; document consistency fixes it.
        tagged(text, "Trump", 40, EntityType::Org),
    ];
    let entities = entities_of(text, mentions);
    assert_eq!(entities.len(), 1, "{entities:#?}");
    let trump = &entities[0];
    assert_eq!(trump.name, "Donald Trump");
    assert_eq!(trump.entity_type, EntityType::Person);
    assert_eq!(trump.gender, Some(Gender::Male));
    assert_eq!(mention_texts(trump), vec!["Donald Trump", "Trump", "Trump"]);
}

#[test]
fn spellings_of_one_arabic_name_merge() {
    let text = "Syrian President Bashar al-Assad spoke. Later Bashar Al- Assad and Bashar Assad \
                were named again. Assad left.";
    let entities = entities_of(text, Vec::new());
    let assad = entity_with(&entities, "Assad");
    assert_eq!(assad.entity_type, EntityType::Person);
    assert_eq!(assad.name, "Bashar al-Assad");
    assert_eq!(
        mention_texts(assad),
        vec![
            "Bashar al-Assad",
            "Bashar Al- Assad",
            "Bashar Assad",
            "Assad"
        ]
    );
    // "Syrian" is a nationality word, not part of the name.
    assert_eq!(
        entity_with(&entities, "Syrian").entity_type,
        EntityType::Misc
    );
}

#[test]
fn two_people_with_one_surname_stay_apart() {
    let text = "Donald Trump arrived with Melania Trump. Mrs Trump waved to the crowd. \
                Mr Trump spoke for an hour. Later Trump left.";
    let entities = entities_of(text, Vec::new());
    let donald = entity_with(&entities, "Donald Trump");
    let melania = entity_with(&entities, "Melania Trump");
    assert_ne!(donald.id, melania.id);
    assert_eq!(donald.gender, Some(Gender::Male));
    assert_eq!(melania.gender, Some(Gender::Female));
    // "Mrs Trump" is Melania; "Mr Trump" and the bare "Trump" after him are Donald.
    assert_eq!(mention_texts(melania), vec!["Melania Trump", "Trump"]);
    assert_eq!(
        mention_texts(donald),
        vec!["Donald Trump", "Trump", "Trump"]
    );
    let mrs_start = text.find("Mrs Trump").unwrap() + "Mrs ".len();
    assert_eq!(melania.mentions[1].start, mrs_start);
}

#[test]
fn country_aliases_are_one_country() {
    let text = "The US and Russia talked. The United States said the U.S. would stay. \
                Russian Federation officials disagreed. The USA and America were named too.";
    let entities = entities_of(text, Vec::new());
    let us = entity_with(&entities, "US");
    assert_eq!(us.entity_type, EntityType::Loc);
    assert_eq!(us.name, "United States");
    assert_eq!(
        mention_texts(us),
        vec!["US", "United States", "U.S.", "USA", "America"]
    );
    let russia = entity_with(&entities, "Russia");
    assert_eq!(russia.entity_type, EntityType::Loc);
    assert_eq!(mention_texts(russia), vec!["Russia", "Russian Federation"]);
}

#[test]
fn acronym_defined_in_the_text_joins_its_long_form() {
    let text = "The World Health Organization (WHO) warned on Monday. A WHO expert agreed.";
    let entities = entities_of(text, Vec::new());
    let who = entity_with(&entities, "World Health Organization");
    assert_eq!(who.entity_type, EntityType::Org);
    assert_eq!(
        mention_texts(who),
        vec!["World Health Organization", "WHO", "WHO"]
    );
}

#[test]
fn organisation_suffix_beats_a_person_guess() {
    let text = "She spoke on Fox Business Network about the Acme Holdings deal.";
    let mentions = vec![tagged(text, "Fox", 0, EntityType::Person)];
    let entities = entities_of(text, mentions);
    let fox = entity_with(&entities, "Fox Business Network");
    assert_eq!(fox.entity_type, EntityType::Org);
    assert_eq!(
        entity_with(&entities, "Acme Holdings").entity_type,
        EntityType::Org
    );
}

#[test]
fn offsets_are_code_points_after_accents_and_emoji() {
    let text = "😀 Ünal said: Élodie Durand met Mr Durand in Zürich 🎉 and Paris.";
    let entities = entities_of(text, Vec::new());
    let chars: Vec<char> = text.chars().collect();
    for entity in &entities {
        for m in &entity.mentions {
            let slice: String = chars[m.start..m.end].iter().collect();
            assert_eq!(slice, m.text);
        }
    }
    let durand = entity_with(&entities, "Élodie Durand");
    assert_eq!(durand.entity_type, EntityType::Person);
    assert_eq!(mention_texts(durand), vec!["Élodie Durand", "Durand"]);
    // 😀, a space, "Ünal said:" and a space: 13 code points (18 bytes).
    assert_eq!(durand.mentions[0].start, 13);
    let paris = entity_with(&entities, "Paris");
    assert_eq!(paris.entity_type, EntityType::Loc);
}

#[test]
fn every_mention_belongs_to_one_entity_and_mentions_do_not_overlap() {
    let text = assets_sample();
    let mut analysis = Extractor::bundled().analyze(&text);
    // Rules run again over their own output without changing it.
    let before = analysis.mentions.clone();
    entities::resolve(&mut analysis);
    assert_eq!(analysis.mentions.len(), before.len());
    for pair in analysis.mentions.windows(2) {
        assert!(pair[0].end <= pair[1].start, "{pair:?}");
    }
    for (m, mention) in analysis.mentions.iter().enumerate() {
        let e = mention.entity.expect("every mention has an entity");
        assert!(analysis.entities[e].mentions.contains(&m));
    }
}

fn assets_sample() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/sample-article.txt"
    ))
    .expect("bundled sample")
}

#[test]
fn sample_article_entities_merge_as_a_reader_would() {
    let text = assets_sample();
    let (entities, _) = Extractor::bundled().extract(&text);
    let same = |a: &str, b: &str| entity_with(&entities, a).id == entity_with(&entities, b).id;

    let trump = entity_with(&entities, "Donald Trump");
    assert_eq!(trump.entity_type, EntityType::Person);
    assert!(same("Donald Trump", "Trump"));
    let assad = entity_with(&entities, "Bashar al-Assad");
    assert_eq!(assad.entity_type, EntityType::Person);
    for variant in ["Assad", "Bashar Al- Assad", "Bashar Assad"] {
        assert!(same("Bashar al-Assad", variant), "{variant}");
    }
    let russia = entity_with(&entities, "Russian Federation");
    assert_eq!(russia.entity_type, EntityType::Loc);
    assert!(same("Russia", "Russian Federation"));
    let tillerson = entity_with(&entities, "Rex Tillerson");
    assert_eq!(tillerson.entity_type, EntityType::Person);
    assert!(same("Rex Tillerson", "Tillerson"));
    let lavrov = entity_with(&entities, "Sergey Lavrov");
    assert_eq!(lavrov.entity_type, EntityType::Person);
    assert!(same("Sergey Lavrov", "Lavrov"));
    for alias in ["U.S.", "USA", "United States"] {
        assert!(same("US", alias), "{alias}");
    }
    assert_eq!(entity_with(&entities, "US").entity_type, EntityType::Loc);
    assert_eq!(
        entity_with(&entities, "Fox Business Network").entity_type,
        EntityType::Org
    );
    // "Mr Trump", "Mr Tillerson", "Mr Lavrov": the title is not part of any mention.
    for entity in &entities {
        for m in &entity.mentions {
            assert!(!m.text.starts_with("Mr "), "{m:?}");
        }
    }
}

#[test]
fn sample_article_people_are_people_and_nothing_else_is() {
    let text = assets_sample();
    let (entities, _) = Extractor::bundled().extract(&text);

    // Every person the article names, each one entity holding every occurrence of the surname
    // ("Frankly Putin is backing ...", "And Putin, who ..." are one Putin).
    let people = [
        ("Donald Trump", "Trump"),
        ("Jens Stoltenberg", "Stoltenberg"),
        ("Bashar al-Assad", "Assad"),
        ("Rex Tillerson", "Tillerson"),
        ("Sergey Lavrov", "Lavrov"),
        ("Delattre", "Delattre"),
        ("Putin", "Putin"),
        ("Maria Bartiromo", "Bartiromo"),
    ];
    for (name, surname) in people {
        let person = entity_with(&entities, name);
        assert_eq!(person.entity_type, EntityType::Person, "{name}");
        assert_eq!(person.name, name);
        let in_person = person
            .mentions
            .iter()
            .filter(|m| m.text.contains(surname))
            .count();
        assert_eq!(
            in_person,
            text.matches(surname).count(),
            "{name}: {person:#?}"
        );
    }
    let mut person_names: Vec<&str> = entities
        .iter()
        .filter(|e| e.entity_type == EntityType::Person)
        .map(|e| e.name.as_str())
        .collect();
    person_names.sort_unstable();
    let mut expected: Vec<&str> = people.iter().map(|(name, _)| *name).collect();
    expected.sort_unstable();
    assert_eq!(person_names, expected);

    // Organisations (a news agency and a broadcaster among them), places, and the rest, as
    // CoNLL-2003 types them ("White House" is a LOC there).
    let types = [
        ("Russian Federation", EntityType::Loc),
        ("Fox Business Network", EntityType::Org),
        ("Agence France-Presse", EntityType::Org),
        ("NATO", EntityType::Org),
        ("U.N. Security Council", EntityType::Org),
        ("CBC", EntityType::Org),
        ("White House", EntityType::Loc),
        ("Washington", EntityType::Loc),
        ("Damascus", EntityType::Loc),
        ("Moscow", EntityType::Loc),
        ("Iran", EntityType::Loc),
        ("Syria", EntityType::Loc),
        ("Jordan", EntityType::Loc),
        ("Iraq", EntityType::Loc),
        ("Libya", EntityType::Loc),
        ("Khan Sheikhoun", EntityType::Loc),
        ("Syrian", EntityType::Misc),
        ("Cold War", EntityType::Misc),
    ];
    for (name, ty) in types {
        assert_eq!(entity_with(&entities, name).entity_type, ty, "{name}");
    }

    // Names only: no title, no possessive ending, no sentence-opening word inside a mention.
    for entity in &entities {
        for m in &entity.mentions {
            for word in [
                "President",
                "Secretary",
                "Minister",
                "General",
                "Mr",
                "Frankly",
                "And",
            ] {
                assert!(
                    !m.text.split_whitespace().any(|w| w == word),
                    "{word} in {m:?}"
                );
            }
            assert!(!m.text.ends_with("'s") && !m.text.ends_with("’s"), "{m:?}");
        }
    }
}

#[test]
fn initials_possessives_and_undefined_acronyms_merge() {
    let text = "John Smith of the United Nations spoke. J. Smith's aide said the U.N. agreed.";
    let mentions = vec![
        tagged(text, "John Smith", 0, EntityType::Person),
        tagged(text, "United Nations", 0, EntityType::Org),
        tagged(text, "J. Smith's", 0, EntityType::Person),
        tagged(text, "U.N.", 0, EntityType::Org),
    ];
    let entities = entities_of(text, mentions);
    let smith = entity_with(&entities, "John Smith");
    assert_eq!(mention_texts(smith), vec!["John Smith", "J. Smith"]);
    let un = entity_with(&entities, "United Nations");
    assert_eq!(mention_texts(un), vec!["United Nations", "U.N."]);
    assert_eq!(entities.len(), 2, "{entities:#?}");
}

mod any_input {
    use super::*;
    use proptest::prelude::*;

    /// Words that exercise the rules: titles, particles, places, suffixes, acronyms, openers.
    const WORDS: &[&str] = &[
        "Mr",
        "Mrs.",
        "President",
        "Secretary",
        "of",
        "State",
        "Donald",
        "Trump",
        "Trump's",
        "Melania",
        "al-Assad",
        "Al-",
        "Assad",
        "Bashar",
        "Russia",
        "Russian",
        "Federation",
        "U.S.",
        "US",
        "Fox",
        "Business",
        "Network",
        "Inc",
        "and",
        "the",
        "The",
        "(",
        ")",
        "WHO",
        "World",
        "Health",
        "Organization",
        "said",
        "he",
        "“",
        "”",
        "\"",
        ".",
        ",",
        "😀",
        "Élodie",
        "Zürich",
        "\n",
        "\r\n",
        "Frankly",
        "Monday",
        "NATO",
        "Secretary-General",
        "-",
        "—",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        /// Whatever the text and whatever the tagger proposed, the result is well formed.
        #[test]
        fn resolve_never_panics_and_keeps_invariants(
            picks in proptest::collection::vec(0..WORDS.len(), 0..60),
            spans in proptest::collection::vec((0usize..400, 0usize..30, 0usize..4), 0..12),
        ) {
            let text: String = picks.iter().map(|&i| WORDS[i]).collect::<Vec<_>>().join(" ");
            let mut analysis = Analysis::new(&text);
            for (start, len, ty) in spans {
                let mut start = start.min(text.len());
                while !text.is_char_boundary(start) {
                    start -= 1;
                }
                let mut end = (start + len).min(text.len());
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                analysis.mentions.push(Mention {
                    start,
                    end,
                    entity_type: EntityType::ALL[ty],
                    source: MentionSource::Tagger,
                    entity: None,
                });
            }
            entities::resolve_with(&mut analysis, RuleSet::default());
            for pair in analysis.mentions.windows(2) {
                prop_assert!(pair[0].end <= pair[1].start);
            }
            for (m, mention) in analysis.mentions.iter().enumerate() {
                prop_assert!(mention.start < mention.end);
                let e = mention.entity.expect("every mention has an entity");
                prop_assert!(analysis.entities[e].mentions.contains(&m));
            }
            let (entities, _) = analysis.into_parts();
            let chars: Vec<char> = text.chars().collect();
            for entity in &entities {
                prop_assert!(!entity.name.is_empty());
                for m in &entity.mentions {
                    let slice: String = chars[m.start..m.end].iter().collect();
                    prop_assert_eq!(&slice, &m.text);
                }
            }
        }
    }
}

#[test]
fn text_that_joins_two_first_names_to_one_surname_names_both_people() {
    let text = "Donald and Melania Trump visited Paris. Mrs Trump toured a school; \
                Mr Trump met the mayor.";
    let mentions = vec![
        tagged(text, "Donald", 0, EntityType::Person),
        tagged(text, "Melania Trump", 0, EntityType::Person),
    ];
    let entities = entities_of(text, mentions);
    let donald = entity_with(&entities, "Donald");
    let melania = entity_with(&entities, "Melania Trump");
    assert_ne!(donald.id, melania.id);
    assert_eq!(melania.gender, Some(Gender::Female));
    assert_eq!(mention_texts(melania), vec!["Melania Trump", "Trump"]);
    assert_eq!(mention_texts(donald), vec!["Donald", "Trump"]);
    assert_eq!(donald.gender, Some(Gender::Male));
}

#[test]
fn a_title_of_the_other_gender_does_not_join_the_only_full_name() {
    let text = "Melania Trump spoke first. Mr Trump replied later.";
    let entities = entities_of(text, Vec::new());
    let melania = entity_with(&entities, "Melania Trump");
    assert_eq!(mention_texts(melania), vec!["Melania Trump"]);
    let mr = entity_with(&entities, "Trump");
    assert_eq!(mr.gender, Some(Gender::Male));
    assert_eq!(mr.entity_type, EntityType::Person);
}

#[test]
fn crlf_line_breaks_do_not_shift_or_join_names() {
    let text = "Mr Trump arrived.\r\nDonald Trump\r\nMoscow";
    let entities = entities_of(text, Vec::new());
    let trump = entity_with(&entities, "Donald Trump");
    assert_eq!(mention_texts(trump), vec!["Trump", "Donald Trump"]);
    // 17 code points of the first line, then "\r\n".
    assert_eq!(trump.mentions[1].start, 19);
    let moscow = entity_with(&entities, "Moscow");
    assert_eq!(moscow.entity_type, EntityType::Loc);
    assert_eq!(moscow.mentions[0].start, 33);
}

#[test]
fn rule_switches_parse_from_names() {
    let none = RuleSet::default().without("titles, surnames,unknown");
    assert!(!none.titles && !none.surnames && none.org_suffixes);
    assert!(RuleSet::default().with("majority").majority);
    assert!(!RuleSet::default().majority);
}

#[test]
fn title_case_headline_keeps_only_names_the_body_confirms() {
    let text = "Russia Cool Over Prospects for Warmer Ties\nRussia said on Monday it was cool.";
    let mentions = vec![
        tagged(text, "Russia Cool Over Prospects", 0, EntityType::Org),
        tagged(text, "Warmer Ties", 0, EntityType::Misc),
        tagged(text, "Russia", 40, EntityType::Loc),
    ];
    let entities = entities_of(text, mentions);
    assert_eq!(entities.len(), 1, "{entities:#?}");
    assert_eq!(entities[0].entity_type, EntityType::Loc);
    assert_eq!(mention_texts(&entities[0]), vec!["Russia", "Russia"]);
}

#[test]
fn names_with_apostrophe_particles_and_lone_first_names_join() {
    let text = "Prof. Patrizia d'Ettorre led the study. Melania Trump visited. \
                Later Melania spoke, and d'Ettorre listened.";
    let entities = entities_of(text, Vec::new());
    let ettorre = entity_with(&entities, "Patrizia d'Ettorre");
    assert_eq!(ettorre.entity_type, EntityType::Person);
    assert_eq!(
        mention_texts(ettorre),
        vec!["Patrizia d'Ettorre", "d'Ettorre"]
    );
    let melania = entity_with(&entities, "Melania Trump");
    assert_eq!(mention_texts(melania), vec!["Melania Trump", "Melania"]);
}

#[test]
fn a_name_that_loses_a_sentence_opener_takes_the_type_the_text_gives_it() {
    let text = "Honestly Okafor is wrong about the budget. Later Okafor, who chairs the \
                committee, said he would resign.";
    let mentions = vec![
        // The tagger typed the span with the adverb in it.
        tagged(text, "Honestly Okafor", 0, EntityType::Org),
        tagged(text, "Okafor", 45, EntityType::Person),
    ];
    let entities = entities_of(text, mentions);
    assert_eq!(entities.len(), 1, "{entities:#?}");
    assert_eq!(entities[0].entity_type, EntityType::Person);
    assert_eq!(mention_texts(&entities[0]), vec!["Okafor", "Okafor"]);
    // Without the rule the trimmed mention keeps the tagger's ORG.
    let mut analysis = Analysis::new(text);
    analysis.mentions = vec![
        tagged(text, "Honestly Okafor", 0, EntityType::Org),
        tagged(text, "Okafor", 45, EntityType::Person),
    ];
    entities::resolve_with(&mut analysis, RuleSet::default().without("trimmed_types"));
    assert_eq!(analysis.into_parts().0.len(), 2);
}

#[test]
fn a_name_before_news_agency_is_an_organisation_but_a_nationality_word_is_not() {
    let text = "She told the Baltic Wire news agency on Friday, and the Ruritanian news agency \
                confirmed it.";
    let mentions = vec![
        tagged(text, "Baltic Wire", 0, EntityType::Misc),
        tagged(text, "Ruritanian", 0, EntityType::Misc),
    ];
    let entities = entities_of(text, mentions.clone());
    assert_eq!(
        entity_with(&entities, "Baltic Wire").entity_type,
        EntityType::Org
    );
    assert_eq!(
        entity_with(&entities, "Ruritanian").entity_type,
        EntityType::Misc
    );
    let mut analysis = Analysis::new(text);
    analysis.mentions = mentions;
    entities::resolve_with(&mut analysis, RuleSet::default().without("news_agencies"));
    let (without, _) = analysis.into_parts();
    assert_eq!(
        entity_with(&without, "Baltic Wire").entity_type,
        EntityType::Misc
    );
}

/// The rules work out what they ask of each distinct word once, through the tagger's word ids;
/// an analysis without them (untagged) is worked out token by token. Both must give the same
/// mentions and entities, with every rule on and with the defaults, and with the tagger silent.
#[test]
fn word_ids_give_the_same_entities_as_each_token() {
    let extractor = Extractor::bundled();
    let own = "Police said on Tuesday that Mr. Jean-Luc O’Brien’s lawyer met the police.\r\n\
               Bashar Al- Assad and the World Health Organization (WHO) spoke; the who cares.\r\n\
               Frankly Putin is backing Fox Business Network, said Secretary of State Rex \
               Tillerson. Frankly, Élodie Durand 😀 of Baltic Wire Inc. disagreed with \
               “Mrs Durand” and Russia. RUSSIA COOL OVER PROSPECTS. Tillerson left.";
    let all_rules = RuleSet::default().with(
        "gazetteer,retype_countries,demonyms,repeats,majority,headlines,fallback,trimmed_types",
    );
    for text in [assets_sample(), own.to_string()] {
        for rules in [RuleSet::default(), all_rules] {
            for silent in [false, true] {
                let mut tagged = Analysis::new(&text);
                extractor.tagger().tag(&mut tagged);
                assert_eq!(tagged.word_ids.len(), tagged.seg.tokens.len());
                if silent {
                    tagged.mentions.clear();
                }
                let mut untagged = tagged.clone();
                untagged.word_ids.clear();
                entities::resolve_with(&mut tagged, rules);
                entities::resolve_with(&mut untagged, rules);
                assert_eq!(
                    tagged.mentions, untagged.mentions,
                    "{rules:?} silent {silent}"
                );
                assert_eq!(
                    tagged.entities, untagged.entities,
                    "{rules:?} silent {silent}"
                );
                assert!(!tagged.entities.is_empty());
            }
        }
    }
}

/// The canonical name is the fullest spelling, a cleanly written one before an oddly spaced
/// one, the earliest of equals: repeats of a spelling in between change nothing.
#[test]
fn canonical_name_is_the_fullest_cleanest_spelling_whatever_repeats() {
    let text = "Assad spoke. Bashar Al- Assad left. Assad and Bashar Al- Assad returned. \
                Bashar al-Assad spoke, and Bashar al-Assad left. Assad stayed.";
    let mut mentions = Vec::new();
    let mut from = 0;
    for words in [
        "Assad",
        "Bashar Al- Assad",
        "Assad",
        "Bashar Al- Assad",
        "Bashar al-Assad",
        "Bashar al-Assad",
        "Assad",
    ] {
        let mention = tagged(text, words, from, EntityType::Person);
        from = mention.end;
        mentions.push(mention);
    }
    let entities = entities_of(text, mentions.clone());
    let assad = entity_with(&entities, "Assad");
    assert_eq!(assad.name, "Bashar al-Assad");
    assert_eq!(assad.mentions.len(), 7);
    // Without the clean spelling, the oddly spaced one is cleaned up.
    let without_clean = text.replace("Bashar al-Assad", "Bashar Al- Assad");
    let mut from = 0;
    let mentions: Vec<Mention> = mentions
        .iter()
        .map(|m| {
            let words = text[m.start..m.end].replace("Bashar al-Assad", "Bashar Al- Assad");
            let mention = tagged(&without_clean, &words, from, EntityType::Person);
            from = mention.end;
            mention
        })
        .collect();
    let entities = entities_of(&without_clean, mentions);
    assert_eq!(entity_with(&entities, "Assad").name, "Bashar Al-Assad");
}
