//! The cue lexicon (reporting verbs, from `assets/lexicon/cues.txt`) and the small closed word
//! classes that attribution patterns need: pronouns, determiners, auxiliaries, titles.
//!
//! Everything is parsed once into one table, so classifying a token is a single hash lookup.

use std::collections::HashMap;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;

/// What a reporting verb expects around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueClass {
    /// The content follows the verb ("said (that) ...") or precedes it ("..., she said").
    Say,
    /// An addressee comes between the verb and the content ("told reporters ...").
    Tell,
    /// Belief or stance ("believes", "hopes"): weaker evidence.
    Think,
    /// Evidence from a non-person source ("a poll shows ...").
    Show,
    /// Only after the content ("..., he continued.").
    After,
}

/// One inflected form of a cue verb.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cue {
    /// The verb's class.
    pub class: CueClass,
    /// A particle that must follow ("for" in "called for").
    pub particle: Option<&'static str>,
    /// The -ing form, which attaches to the subject of the main clause (", saying ...").
    pub ing: bool,
    /// The base or -s form of "say"-like verbs in the present, for weighting only.
    pub past: bool,
}

/// Word-class bits.
pub mod class {
    /// he, she, they, it, I, we, you.
    pub const SUBJECT_PRONOUN: u32 = 1;
    /// the, a, an, his, their, another, ...
    pub const DETERMINER: u32 = 1 << 1;
    /// Auxiliaries and adverbs that may stand between a subject and its verb.
    pub const BETWEEN: u32 = 1 << 2;
    /// Function words that end a noun phrase.
    pub const STOP: u32 = 1 << 3;
    /// Titles before a name ("Mr", "President").
    pub const TITLE: u32 = 1 << 4;
    /// Male words (he, Mr, king).
    pub const MALE: u32 = 1 << 5;
    /// Female words (she, Mrs, Ms, queen).
    pub const FEMALE: u32 = 1 << 6;
    /// Plural or group pronouns (they, we).
    pub const PLURAL: u32 = 1 << 7;
    /// Temporal or manner words that can follow a cue before its content ("on Tuesday").
    pub const ADVERBIAL: u32 = 1 << 8;
    /// Nouns naming a source by role ("spokesman", "officials", "sources").
    pub const ROLE: u32 = 1 << 9;
    /// Object pronouns and audiences after "told" ("reporters", "him").
    pub const AUDIENCE: u32 = 1 << 10;
    /// Words that mark the verb after them as passive or non-finite ("was said", "to say").
    pub const BLOCKS_CUE: u32 = 1 << 11;
    /// Day names, months: capitalised but never a speaker.
    pub const CALENDAR: u32 = 1 << 12;
    /// Words that name rather than quote ("so-called", "dubbed").
    pub const NAMING: u32 = 1 << 13;
    /// Common non-reporting verbs: they end a noun phrase and never open a reported clause.
    pub const VERB: u32 = 1 << 14;
}

/// Facts about a token's text that the attribution rules test token after token (bits of
/// [`WordInfo::facts`] and of the token view's `TokInfo::facts`): the view works each out once
/// per distinct word, so a rule scanning a sentence tests a bit instead of comparing strings.
pub mod fact {
    /// "according", ASCII case aside (like `Doc::is_word`).
    pub const ACCORDING: u32 = 1;
    /// "to", ASCII case aside.
    pub const TO: u32 = 1 << 1;
    /// "in", ASCII case aside.
    pub const IN: u32 = 1 << 2;
    /// "that", ASCII case aside.
    pub const THAT: u32 = 1 << 3;
    /// "also", ASCII case aside.
    pub const ALSO: u32 = 1 << 4;
    /// "not", ASCII case aside.
    pub const NOT: u32 = 1 << 5;
    /// "it", ASCII case aside.
    pub const IT: u32 = 1 << 6;
    /// "as", ASCII case aside.
    pub const AS: u32 = 1 << 7;
    /// Quantifying words that can stand alone as a subject ("most", "two-thirds"), ASCII case
    /// aside.
    pub const QUANTITY: u32 = 1 << 25;
    /// Words that join or qualify numbers in a quantity ("more than six in 10", "all but
    /// two"), ASCII case aside.
    pub const QUANTIFIER: u32 = 1 << 26;
    /// The facts above: they hold for every ASCII casing of their word; the word-list facts
    /// below hold for the exact lowercase word only.
    pub const ANY_CASE: u32 =
        ACCORDING | TO | IN | THAT | ALSO | NOT | IT | AS | QUANTITY | QUANTIFIER;
    /// "call", "calls", "called", "calling": a label or object may follow.
    pub const CALL: u32 = 1 << 8;
    /// Verbs of stance towards a person or thing ("endorsed", "opposes").
    pub const STANCE: u32 = 1 << 9;
    /// Verbs of refusal with an infinitive ("declined", "refuses").
    pub const REFUSAL: u32 = 1 << 10;
    /// Verbs of intention whose infinitive is an attributed stance ("plans to", "vowed to"):
    /// news attribution annotation treats them like reported speech.
    pub const INTENT: u32 = 1 << 11;
    /// Verbs of seeing something as something ("sees", "described").
    pub const VIEW: u32 = 1 << 12;
    /// "make", "makes", "made" ("made clear that").
    pub const MAKE: u32 = 1 << 13;
    /// Irregular past forms that take a that-clause ("knew", "thought").
    pub const KNEW: u32 = 1 << 14;
    /// "seem", "seems", "seemed".
    pub const SEEM: u32 = 1 << 15;
    /// "appear", "appears", "appeared".
    pub const APPEAR: u32 = 1 << 16;
    /// "reportedly".
    pub const REPORTEDLY: u32 = 1 << 17;
    /// Participles of passive reports ("is expected to", "was said to").
    pub const PASSIVE_REPORT: u32 = 1 << 18;
    /// Nouns of saying and believing that take a that-clause ("the claim that …").
    pub const CLAIM_NOUN: u32 = 1 << 19;
    /// "asked" or "Asked" (set by the token view, not in the word table).
    pub const ASKED: u32 = 1 << 20;
    /// A lowercase ASCII adverb in -ly, not a noun or adjective in -ly (set by the token view).
    pub const LY_ADVERB: u32 = 1 << 21;
    /// A possessive ending: 's, ’s, ' or ’ (set by the token view).
    pub const POSSESSIVE: u32 = 1 << 22;
    /// Longer than four bytes and ending in "ed" (set by the token view).
    pub const ENDS_ED: u32 = 1 << 23;
    /// [`ENDS_ED`] and all lowercase ASCII letters: a regular past form (set by the token view).
    pub const PAST_ED: u32 = 1 << 24;
    /// Lowercase nouns naming a stretch of time ("minutes", "the past").
    pub const TIME_NOUN: u32 = 1 << 27;
    /// A number: a digit, then digits, commas, dots and percent signs ("10", "2.5%"; set by the
    /// token view).
    pub const NUMERAL: u32 = 1 << 28;
}

/// The words of each word-list fact (lowercase, exactly as the rules accept them).
pub(super) const FACT_WORDS: &[(u32, &str)] = &[
    (fact::ACCORDING, "according"),
    (fact::TO, "to"),
    (fact::IN, "in"),
    (fact::THAT, "that"),
    (fact::ALSO, "also"),
    (fact::NOT, "not"),
    (fact::IT, "it"),
    (fact::AS, "as"),
    (
        fact::QUANTITY,
        "several most many some both all few half one two three four five six seven eight nine \
         ten third thirds two-thirds three-quarters quarter dozen dozens",
    ),
    (
        fact::QUANTIFIER,
        "in than more fewer less about nearly almost roughly just only over under but a",
    ),
    (
        fact::TIME_NOUN,
        "minute minutes hour hours day days week weeks month months year years past time times \
         weekend morning afternoon evening night",
    ),
    (fact::CALL, "called calls calling call"),
    (
        fact::STANCE,
        "endorse endorses endorsed endorsing support supports supported supporting backs \
         backed backing oppose opposes opposed opposing",
    ),
    (
        fact::REFUSAL,
        "declined declines declining refused refuses refusing",
    ),
    (
        fact::INTENT,
        "plan plans planned planning seek seeks sought decide decides decided intend intends \
         intending threaten threatens threatened threatening aim aims aimed aiming vote voted \
         votes hope hopes hoped hoping want wants wanted vow vows vowed vowing pledge pledges \
         pledged pledging promise promises promised promising offers offered offering",
    ),
    (
        fact::VIEW,
        "see sees saw view views viewed describe describes described regard regards regarded",
    ),
    (fact::MAKE, "made makes make"),
    (
        fact::KNEW,
        "knew thought felt heard read understood learnt meant saw",
    ),
    (fact::SEEM, "seem seems seemed"),
    (fact::APPEAR, "appear appears appeared"),
    (fact::REPORTEDLY, "reportedly"),
    (
        fact::PASSIVE_REPORT,
        "expected said believed reported thought alleged rumored",
    ),
    (
        fact::CLAIM_NOUN,
        "claim claims suggestion suggestions insistence belief beliefs assertion assertions \
         argument arguments allegation allegations accusation accusations charge charges \
         complaint complaints warning warnings concern concerns fear fears hope hopes promise \
         promises pledge assurance assurances admission statement announcement contention \
         view notion speculation rumors rumours reports criticism insinuation prediction \
         predictions conclusion finding findings",
    ),
];

const LEXICON: &str = include_str!("../../../assets/lexicon/cues.txt");

/// Parses the cue lexicon; malformed lines are skipped (the file is ours and tested).
fn parse_cues() -> HashMap<&'static str, Cue> {
    let mut map = HashMap::new();
    for line in LEXICON.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((head, forms)) = line.split_once(':') else {
            continue;
        };
        let mut head_words = head.split_whitespace();
        let class = match head_words.next() {
            Some("say") => CueClass::Say,
            Some("tell") => CueClass::Tell,
            Some("think") => CueClass::Think,
            Some("show") => CueClass::Show,
            Some("after") => CueClass::After,
            _ => continue,
        };
        let lemma = head_words.next().unwrap_or("");
        let particle = lemma.split_once('+').map(|(_, p)| p);
        for form in forms.split_whitespace() {
            map.entry(form).or_insert(Cue {
                class,
                particle,
                ing: form.ends_with("ing"),
                past: form.ends_with("ed") || matches!(form, "said" | "told" | "wrote"),
            });
        }
    }
    map
}

/// Entries of the closed word classes.
const CLASSES: &[(u32, &str)] = &[
    (class::SUBJECT_PRONOUN | class::MALE, "he"),
    (class::SUBJECT_PRONOUN | class::FEMALE, "she"),
    (class::SUBJECT_PRONOUN | class::PLURAL, "they we"),
    (class::SUBJECT_PRONOUN, "it i you"),
    (
        class::DETERMINER,
        "the a an this these those his her their its our my your another some many several most \
         both each every other one two three four few all no any such",
    ),
    (
        class::BETWEEN,
        "has have had is was were are am be been will would could should may might must can \
         shall did does do also still just later previously repeatedly then never already once \
         again not n't reportedly initially recently first only even often frequently long \
         publicly privately now has've ever always further finally simply flatly bluntly \
         emphatically quickly immediately subsequently separately openly angrily calmly \
         explicitly specifically repeatedly ultimately originally earlier reportedly",
    ),
    (
        class::STOP,
        "that which who whom whose what when where why how if whether because although though \
         while as since until unless after before than and or but nor so yet for of in on at \
         by with from to into onto about against between among through during without within \
         under over above below across behind beyond near upon per via like unlike despite \
         there here it's i'm",
    ),
    (
        class::TITLE | class::MALE,
        "mr mr. sir lord king prince father brother uncle",
    ),
    (
        class::TITLE | class::FEMALE,
        "mrs mrs. ms ms. miss madam lady queen princess mother sister aunt",
    ),
    (
        class::TITLE,
        "dr dr. prof prof. president sen sen. senator rep rep. representative gov gov. governor \
         secretary minister chancellor premier mayor judge justice gen gen. general col col. \
         adm admiral ambassador envoy chairman chairwoman chair director spokesman spokeswoman \
         spokesperson leader speaker commissioner attorney candidate nominee pope bishop rev \
         rev. sheriff chief officer lt lt. sgt sgt. capt capt. captain",
    ),
    (
        class::ADVERBIAL,
        "on in at last this next yesterday today tonight earlier later recently monday tuesday \
         wednesday thursday friday saturday sunday morning afternoon evening night week month \
         year statement interview interviews speech remarks email e-mail letter post tweet \
         press conference release briefing appearance rally with a an the to during his her \
         their its told a.m. p.m. am pm sunday's",
    ),
    (
        class::ROLE,
        "spokesman spokeswoman spokesperson spokespeople official officials source sources aide \
         aides adviser advisers advisor advisors analyst analysts expert experts critic critics \
         supporter supporters lawmaker lawmakers senator senators representative president \
         minister secretary campaign administration police prosecutor prosecutors lawyer \
         lawyers attorney attorneys report reports poll polls survey surveys study studies \
         statement statements document documents memo spokesmen officer officers leader \
         leaders democrats republicans voters committee agency department ministry governor \
         mayor director chairman candidate nominee economist economists researchers scientists \
         observers diplomats diplomat envoy ambassador government percent people residents \
         respondents americans",
    ),
    (
        class::AUDIENCE,
        "reporters journalists him her them me us you listeners viewers supporters voters \
         lawmakers congress members audience crowd cnn msnbc nbc abc cbs fox npr politico \
         reuters bloomberg ap afp",
    ),
    (
        class::BLOCKS_CUE,
        "to was were been being be is are so-called the a an",
    ),
    (
        class::CALENDAR,
        "monday tuesday wednesday thursday friday saturday sunday january february march april \
         may june july august september october november december",
    ),
    (
        class::VERB,
        "took take takes taking made make makes making gave give gives giving went go goes \
         came come comes got get gets put puts kept keep keeps held hold holds led leads met \
         meets left leaves ran run runs saw sees sought seeks sent sends stood stands won wins \
         lost loses became become becomes began begins brought brings bought buys built builds \
         paid pays spent spends tried tries used uses wants needs seemed seems appeared \
         appears looks looked helped helps plans planned launched signed voted votes passed \
         faces faced remains remained continues continued moved moves turned turns led \
         received receives visited visits called calls spoke speaks talked talks worked works \
         served serves lives lived died dies killed kills asked won't can't didn't doesn't \
         isn't wasn't aren't weren't hasn't haven't hadn't wouldn't couldn't shouldn't",
    ),
    (
        class::NAMING,
        "so-called called dubbed titled entitled named labeled labelled termed nicknamed \
         branded word term phrase slogan headline",
    ),
];

/// One entry of the word table.
#[derive(Debug, Clone, Copy, Default)]
pub struct WordInfo {
    /// Bits from [`class`].
    pub classes: u32,
    /// The cue verb this form is, if any.
    pub cue: Option<Cue>,
    /// Bits from [`fact`]'s word lists: those outside [`fact::ANY_CASE`] hold only when the
    /// word looked up was already lowercase.
    pub facts: u32,
}

/// The word table: every listed word's classes, cue and facts.
struct Words {
    /// Lowercase word → its entry.
    map: FxHashMap<&'static [u8], WordInfo>,
    /// The length of the longest word.
    longest: usize,
    /// Per length (up to [`Words::longest`]) and lowercased first byte (its low five bits), a
    /// bit for the lowercased last byte (its low five bits) of every word: most words outside
    /// the table are told apart without hashing them.
    ends: Vec<u32>,
}

impl Words {
    /// The slot of [`Words::ends`] and the bit a word of bytes `word` (any ASCII case, not
    /// empty) looks at.
    fn ends_bit(word: &[u8]) -> (usize, u32) {
        let first = word[0].to_ascii_lowercase() & 31;
        let last = word[word.len() - 1].to_ascii_lowercase() & 31;
        (word.len() * 32 + usize::from(first), 1 << last)
    }

    /// False when no word of the table is `word` with ASCII case ignored.
    fn may_hold(&self, word: &[u8]) -> bool {
        if word.is_empty() || word.len() > self.longest {
            return false;
        }
        let (slot, bit) = Words::ends_bit(word);
        self.ends[slot] & bit != 0
    }
}

static WORDS: LazyLock<Words> = LazyLock::new(|| {
    let mut map: FxHashMap<&'static [u8], WordInfo> = FxHashMap::default();
    for (bits, words) in CLASSES {
        for w in words.split_whitespace() {
            map.entry(w.as_bytes()).or_default().classes |= bits;
        }
    }
    for (bits, words) in FACT_WORDS {
        for w in words.split_whitespace() {
            map.entry(w.as_bytes()).or_default().facts |= bits;
        }
    }
    for (form, cue) in parse_cues() {
        map.entry(form.as_bytes()).or_default().cue = Some(cue);
    }
    let longest = map.keys().map(|w| w.len()).max().unwrap_or(0);
    let mut ends = vec![0u32; (longest + 1) * 32];
    for w in map.keys().filter(|w| !w.is_empty()) {
        let (slot, bit) = Words::ends_bit(w);
        ends[slot] |= bit;
    }
    Words { map, longest, ends }
});

/// Looks up a lowercased word.
pub fn lookup(lower: &str) -> WordInfo {
    let words = &*WORDS;
    if !words.may_hold(lower.as_bytes()) {
        return WordInfo::default();
    }
    words.map.get(lower.as_bytes()).copied().unwrap_or_default()
}

/// Looks up an ASCII word in any case: the same as [`lookup`] of its ASCII lowercase form,
/// lowercased only when the table may hold it.
pub fn lookup_ascii(word: &[u8]) -> WordInfo {
    let words = &*WORDS;
    if !words.may_hold(word) {
        return WordInfo::default();
    }
    let mut buffer = [0u8; 32];
    let Some(lower) = buffer.get_mut(..word.len()) else {
        return words
            .map
            .get(word.to_ascii_lowercase().as_slice())
            .copied()
            .unwrap_or_default();
    };
    lower.copy_from_slice(word);
    lower.make_ascii_lowercase();
    words.map.get(&*lower).copied().unwrap_or_default()
}

/// Common first names with a clear gender, for pronoun agreement when no title says it.
const MALE_NAMES: &str = "donald joe john james robert michael william david richard joseph thomas \
    charles christopher daniel matthew anthony mark paul steven andrew kenneth joshua kevin brian \
    george edward ronald timothy jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry \
    justin scott brandon benjamin samuel frank gregory raymond alexander patrick jack dennis jerry \
    tyler aaron henry douglas peter adam nathan zachary walter kyle harold carl jeremy keith roger \
    gerald ethan arthur terry christian sean lawrence austin noah jesse albert bryan bruce willie \
    jordan dylan alan ralph gabriel roy juan wayne eugene logan randy louis russell vincent philip \
    bobby johnny bradley barack bernie ted marco mitt newt rand rick chris jeb mike ben lindsey \
    bill vladimir sergey sergei rex jens emmanuel boris xi recep bashar hassan ali mohammed \
    muhammad ahmed omar benjamin binyamin francois françois nigel tony gordon david \
    justin narendra shinzo kim abdel viktor jair andres andrés pedro carlos luis jose josé \
    mitch chuck harry reince sean steve jared corey newt rudy jim tim tom dick \
    al hank ed ted dan matt pat sam fred joe nikolai dmitry dmitri alexei ivan mikhail yuri \
    francis barry";

const FEMALE_NAMES: &str = "mary patricia jennifer linda elizabeth barbara susan jessica sarah \
    karen nancy lisa betty margaret sandra ashley kimberly emily donna michelle dorothy carol \
    amanda melissa deborah stephanie rebecca sharon laura cynthia kathleen amy shirley angela \
    helen anna brenda pamela nicole emma samantha katherine christine debra rachel catherine \
    carolyn janet ruth maria heather diane virginia julie joyce victoria olivia kelly christina \
    lauren joan evelyn judith megan cheryl andrea hannah martha jacqueline frances gloria ann \
    teresa kathryn sara janice jean alice madison doris abigail julia judy grace denise amber \
    marilyn beverly danielle theresa sophia marie diana brittany natalie isabella charlotte rose \
    alexis kayla hillary melania ivanka chelsea michelle nancy elizabeth kellyanne huma sarah \
    nikki carly condoleezza condi theresa angela marine federica hope kamala tulsi amy kirsten \
    maxine dianne barbara susan lisa debbie donna jill tiffany sheryl maria valentina";

static FIRST_NAMES: LazyLock<FxHashMap<&'static str, bool>> = LazyLock::new(|| {
    let mut map = FxHashMap::default();
    for n in MALE_NAMES.split_whitespace() {
        map.insert(n, true);
    }
    for n in FEMALE_NAMES.split_whitespace() {
        map.insert(n, false);
    }
    map
});

/// `Some(true)` for a male first name, `Some(false)` for a female one (lowercased input).
pub fn first_name_is_male(lower: &str) -> Option<bool> {
    FIRST_NAMES.get(lower).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicon_parses_forms_and_particles() {
        let said = lookup("said").cue.map(|c| c.class);
        assert_eq!(said, Some(CueClass::Say));
        assert_eq!(lookup("told").cue.map(|c| c.class), Some(CueClass::Tell));
        assert_eq!(
            lookup("called").cue.and_then(|c| c.particle),
            Some("for/on")
        );
        assert!(lookup("saying").cue.is_some_and(|c| c.ing));
        assert!(lookup("table").cue.is_none());
    }

    /// The ends filter never hides a word of the table, in any ASCII case, and a word outside
    /// the table has nothing.
    #[test]
    fn filtered_lookups_find_every_word() {
        for (&word, info) in &WORDS.map {
            let text = std::str::from_utf8(word).unwrap();
            let expected = format!("{info:?}");
            assert_eq!(format!("{:?}", lookup(text)), expected, "{text}");
            assert_eq!(format!("{:?}", lookup_ascii(word)), expected, "{text}");
            let upper = word.to_ascii_uppercase();
            assert_eq!(format!("{:?}", lookup_ascii(&upper)), expected, "{text}");
        }
        let nothing = format!("{:?}", WordInfo::default());
        for text in ["", "table", "Saidx", "s", "spokespersonship", "zoë"] {
            assert_eq!(format!("{:?}", lookup(text)), nothing, "{text}");
            assert_eq!(format!("{:?}", lookup_ascii(text.as_bytes())), nothing);
        }
    }

    #[test]
    fn word_classes() {
        assert_ne!(lookup("he").classes & class::SUBJECT_PRONOUN, 0);
        assert_ne!(lookup("mrs").classes & class::FEMALE, 0);
        assert_ne!(lookup("the").classes & class::DETERMINER, 0);
    }
}
