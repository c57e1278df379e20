//! How far each attribution rule's confidence is to be trusted, measured on gold data.
//!
//! Every rule starts from a hand-set confidence (with its own adjustments, e.g. for a pronoun
//! resolved across a paragraph). Here each rule's confidences are scaled so that, on PolNeAR's
//! training articles, their mean equals the rule's rate of right answers (quote found and speaker
//! right, as the scorer judges). The order within a rule is kept. A reviewer who sorts the quote
//! table by confidence then really sees the doubtful attributions first.
//!
//! Regenerate with `tools/calibrate.py table polnear-train.jsonl PRED.jsonl`, where PRED is the
//! current `extract --jsonl` output: it prints the factors that would make the *current*
//! confidences calibrated, so multiply them into the ones below (they are near 1.0 once
//! calibrated). `tools/calibrate.py ece` measures the calibration error.

/// (rule, factor). Rules with fewer than 30 predictions on the training articles, and rules
/// not listed, keep their confidence.
const FACTORS: &[(&str, f32)] = &[
    ("speaker-cue-content", 1.089), // n=5219, right 0.76, mean confidence 0.70
    ("pronoun-previous-speaker", 1.200), // n=1897, right 0.85, mean confidence 0.71
    ("quote-speaker-cue", 1.021),   // n=1560, right 0.92, mean confidence 0.90
    ("quote-cue-speaker", 0.973),   // n=749, right 0.89, mean confidence 0.92
    ("pronoun-nearest-subject", 1.097), // n=430, right 0.76, mean confidence 0.69
    ("according-to", 1.172),        // n=364, right 0.87, mean confidence 0.75
    ("speaker-intends-to", 1.016),  // n=340, right 0.56, mean confidence 0.55
    ("previous-speaker", 0.566),    // n=305, right 0.31, mean confidence 0.55
    ("hedged-clause", 1.283),       // n=303, right 0.58, mean confidence 0.45
    ("subject-participle-content", 1.120), // n=299, right 0.71, mean confidence 0.64
    ("interposed-speaker-cue", 0.999), // n=275, right 0.71, mean confidence 0.71
    ("speaker-cue-quote", 0.996),   // n=275, right 0.87, mean confidence 0.88
    ("content-speaker-cue", 1.167), // n=236, right 0.82, mean confidence 0.70
    ("long-subject-content", 0.617), // n=219, right 0.43, mean confidence 0.70
    ("recent-speaker", 0.366),      // n=212, right 0.15, mean confidence 0.40
    ("sentence-subject", 0.871),    // n=194, right 0.39, mean confidence 0.45
    ("speaker-stance-name", 0.737), // n=156, right 0.44, mean confidence 0.60
    ("speaker-stance-object", 0.840), // n=145, right 0.46, mean confidence 0.55
    ("speaker-called-object", 1.010), // n=126, right 0.56, mean confidence 0.55
    ("speaker-declined-to", 1.249), // n=85, right 0.81, mean confidence 0.65
    ("headline-speaker-colon", 1.345), // n=83, right 0.81, mean confidence 0.60
    ("pronoun-nearest-person", 1.163), // n=81, right 0.79, mean confidence 0.68
    ("asked-question", 1.316),      // n=76, right 0.79, mean confidence 0.60
    ("subject-gerund-content", 0.762), // n=74, right 0.55, mean confidence 0.73
    ("speaker-sees-as", 1.299),     // n=68, right 0.78, mean confidence 0.60
    ("speaker-verb-that", 1.115),   // n=61, right 0.56, mean confidence 0.50
    ("speaker-called-label", 1.099), // n=52, right 0.77, mean confidence 0.70
    ("colon-subject", 1.064),       // n=47, right 0.64, mean confidence 0.60
    ("subject-participle-quote", 0.829), // n=37, right 0.73, mean confidence 0.88
    ("possessor-noun-clause", 1.143), // n=35, right 0.57, mean confidence 0.50
    ("unattributed", 1.000),        // n=23, right 0.17, mean confidence 0.50
    ("quote-speaker-verb", 1.000),  // n=17, right 0.94, mean confidence 0.70
    ("in-poll", 1.000),             // n=17, right 0.65, mean confidence 0.50
    ("quote-according-to", 1.000),  // n=15, right 0.53, mean confidence 0.85
    ("quote-pronoun-cue", 1.000),   // n=14, right 0.93, mean confidence 0.87
    ("content-pronoun-cue", 1.000), // n=14, right 0.64, mean confidence 0.68
    ("colon-intro-subject", 1.000), // n=10, right 0.80, mean confidence 0.60
    ("colon-intro", 1.000),         // n=10, right 0.60, mean confidence 0.80
    ("quote-verb-speaker", 1.000),  // n=9, right 0.67, mean confidence 0.70
    ("quote-dash-speaker", 1.000),  // n=1, right 0.00, mean confidence 0.80
];

/// `confidence` of a quote attributed by `rule`, calibrated; always in [0.01, 0.99] (an
/// extractor is never certain, and a quote it proposes is never worthless).
pub fn calibrated(rule: &str, confidence: f32) -> f32 {
    let factor = FACTORS
        .iter()
        .find(|(r, _)| *r == rule)
        .map_or(1.0, |&(_, f)| f);
    (confidence * factor).clamp(0.01, 0.99)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factors_scale_known_rules_and_leave_others() {
        // The fallback "same speaker as a quote paragraphs back" was right far less often than
        // its hand-set confidence said.
        assert!(calibrated("recent-speaker", 0.4) < 0.2);
        assert_eq!(calibrated("a-rule-we-never-measured", 0.6), 0.6);
        assert_eq!(calibrated("pronoun-previous-speaker", 0.95), 0.99);
        for (rule, factor) in FACTORS {
            assert!((0.2..=2.0).contains(factor), "{rule}: {factor}");
        }
    }
}
