//! What the learned stages look at: one [`Ctx`] per document (lowercased words, entity labels,
//! the rules' own decisions per token), and the feature templates of each stage.

use super::super::attribution::Candidate;
use super::super::cues::{CueClass, class};
use super::super::doc::{Doc, NONE};
use super::linear::{Features, tpl, value_hash};
use crate::document::model::EntityType;
use crate::extract::Mention;

/// Per-token facts shared by every stage, computed once per document.
pub(crate) struct Ctx<'d, 'a> {
    /// The rules' token view.
    pub doc: &'d Doc<'a>,
    /// Lowercased word per token (’ as ').
    pub lower: Vec<String>,
    /// [`value_hash`] of each lowercased word.
    pub hash: Vec<u64>,
    /// Entity type name per token ("-" outside any mention).
    pub ent: Vec<&'static str>,
    /// Token range of the mention holding each token (the token alone outside mentions).
    pub mention: Vec<(u32, u32)>,
    /// Per token: 1 + index into `rules` of the rule candidate whose cue covers it, or 0.
    pub rule_cue: Vec<u16>,
    /// Per token: 1 + index of the rule candidate whose speaker mention covers it, or 0.
    pub rule_speaker: Vec<u16>,
    /// Per token: 1 + index of a rule candidate whose content starts here (or one token later,
    /// past a mark), or 0.
    pub rule_start: Vec<u16>,
    /// Per token: 1 + index of a rule candidate whose content ends with this token (or the
    /// next, a mark), or 0.
    pub rule_end: Vec<u16>,
    /// The rules' candidates.
    pub rules: &'d [Candidate],
}

fn type_name(t: EntityType) -> &'static str {
    match t {
        EntityType::Person => "PER",
        EntityType::Org => "ORG",
        EntityType::Loc => "LOC",
        _ => "MISC",
    }
}

impl<'d, 'a> Ctx<'d, 'a> {
    /// Builds the per-token facts.
    pub fn new(doc: &'d Doc<'a>, mentions: &[Mention], rules: &'d [Candidate]) -> Ctx<'d, 'a> {
        let n = doc.len();
        let mut lower = Vec::with_capacity(n);
        for i in 0..n {
            let w = doc.word(i);
            let mut s = String::with_capacity(w.len());
            for c in w.chars() {
                if c == '’' {
                    s.push('\'');
                } else {
                    s.extend(c.to_lowercase());
                }
            }
            lower.push(s);
        }
        let hash = lower.iter().map(|w| value_hash(w)).collect();
        let mut ent = vec!["-"; n];
        let mut mention: Vec<(u32, u32)> = (0..n as u32).map(|i| (i, i + 1)).collect();
        for m in mentions {
            let a = doc.token_at(m.start);
            let mut b = a;
            while b < n && doc.tok(b).start < m.end {
                b += 1;
            }
            ent[a..b].fill(type_name(m.entity_type));
            mention[a..b].fill((a as u32, b as u32));
        }
        let mut rule_cue = vec![0u16; n];
        let mut rule_speaker = vec![0u16; n];
        let mut rule_start = vec![0u16; n];
        let mut rule_end = vec![0u16; n];
        for (r, c) in rules.iter().enumerate().take(u16::MAX as usize - 1) {
            let id = r as u16 + 1;
            if let Some((a, b)) = c.cue {
                rule_cue[a..b.min(n)].fill(id);
            }
            if let Some((a, b)) = c.speaker {
                rule_speaker[a..b.min(n)].fill(id);
            }
            if c.pieces.is_empty() || n == 0 {
                continue;
            }
            let s = doc.token_at(c.start()).min(n - 1);
            rule_start[s] = id;
            if s > 0 && doc.info[s - 1].mark {
                rule_start[s - 1] = id;
            }
            let e = doc.token_at(c.end().saturating_sub(1)).min(n - 1);
            rule_end[e] = id;
            if e + 1 < n && doc.info[e + 1].mark {
                rule_end[e + 1] = id;
            }
        }
        Ctx {
            doc,
            lower,
            hash,
            ent,
            mention,
            rule_cue,
            rule_speaker,
            rule_start,
            rule_end,
            rules,
        }
    }

    /// Lowercased word at `i`, or a boundary symbol outside the text.
    pub fn w(&self, i: isize) -> &str {
        if i < 0 {
            "<s>"
        } else {
            self.lower.get(i as usize).map_or("</s>", String::as_str)
        }
    }

    /// [`value_hash`] of [`Ctx::w`].
    pub fn h(&self, i: isize) -> u64 {
        if i < 0 || i as usize >= self.hash.len() {
            value_hash(self.w(i))
        } else {
            self.hash[i as usize]
        }
    }

    fn rule_name(&self, id: u16) -> &'static str {
        if id == 0 {
            "-"
        } else {
            self.rules[id as usize - 1].rule
        }
    }

    /// Punctuation kind of token `i`: "," ":" "mark" "." "dash" "word" or "none".
    fn punct(&self, i: isize) -> &'static str {
        if i < 0 || i as usize >= self.doc.len() {
            return "none";
        }
        let i = i as usize;
        let t = self.doc.info[i];
        if t.mark {
            return "mark";
        }
        if t.word {
            return "word";
        }
        match self.doc.word(i) {
            "," => ",",
            ":" => ":",
            "." | "?" | "!" => ".",
            "—" | "–" | "-" | "--" => "dash",
            "(" | ")" => "paren",
            _ => "p",
        }
    }

    fn sentence_bounds(&self, i: usize) -> (usize, usize) {
        self.doc.sentence_tokens(self.doc.info[i].sentence as usize)
    }

    /// Features of token `i` as a cue word.
    pub fn cue_features(&self, i: usize, f: &mut Features) {
        let d = self.doc;
        let ii = i as isize;
        let w = self.w(ii);
        let info = d.info[i];
        f.add(tpl!("c.bias"), "");
        f.addh(tpl!("c.w"), self.h(ii), w);
        f.addh(tpl!("c.p1"), self.h(ii - 1), self.w(ii - 1));
        f.addh(tpl!("c.n1"), self.h(ii + 1), self.w(ii + 1));
        f.addh(tpl!("c.p2"), self.h(ii - 2), self.w(ii - 2));
        f.addh(tpl!("c.n2"), self.h(ii + 2), self.w(ii + 2));
        f.add2(tpl!("c.p1w"), self.w(ii - 1), w);
        f.add2h(tpl!("c.wn1"), w, self.h(ii + 1), self.w(ii + 1));
        let suffix = w.char_indices().rev().nth(2).map_or(w, |(at, _)| &w[at..]);
        f.add(tpl!("c.suf"), suffix);
        f.add(tpl!("c.stem"), stem(w));
        f.add2(tpl!("c.p1stem"), self.w(ii - 1), stem(w));
        let quoted = info.quoted != NONE && !info.mark;
        f.add(tpl!("c.q"), if quoted { "in" } else { "out" });
        f.add2(tpl!("c.wq"), w, if quoted { "in" } else { "out" });
        f.add(tpl!("c.cap"), if info.cap { "y" } else { "n" });
        let lex = match info.cue.map(|c| c.class) {
            Some(CueClass::Say) => "say",
            Some(CueClass::Tell) => "tell",
            Some(CueClass::Think) => "think",
            Some(CueClass::Show) => "show",
            Some(CueClass::After) => "after",
            None => "-",
        };
        f.add(tpl!("c.lex"), lex);
        let rule = self.rule_name(self.rule_cue[i]);
        f.add(tpl!("c.rule"), rule);
        f.add2(tpl!("c.rulew"), rule, w);
        let pp = self.punct(ii - 1);
        let np = self.punct(ii + 1);
        f.add2(tpl!("c.punct"), pp, np);
        f.add2(tpl!("c.wpp"), w, pp);
        f.add(tpl!("c.e-1"), self.ent_near(i, -1));
        f.add(tpl!("c.e+1"), self.ent_near(i, 1));
        f.add2(tpl!("c.e"), self.ent_near(i, -1), self.ent_near(i, 1));
        let prev_cls = if i > 0 {
            let p = d.info[i - 1];
            if p.is(class::SUBJECT_PRONOUN) {
                "pron"
            } else if p.is(class::DETERMINER) {
                "det"
            } else if p.is(class::BETWEEN) {
                "aux"
            } else if d.is_possessive(i - 1) {
                "poss"
            } else if p.is(class::ROLE) {
                "role"
            } else {
                "-"
            }
        } else {
            "-"
        };
        f.add(tpl!("c.pc"), prev_cls);
        f.add2(tpl!("c.pcw"), prev_cls, w);
        let mut after = "-";
        for k in i + 1..(i + 4).min(d.len()) {
            let x = self.lower[k].as_str();
            if x == "that" || x == ":" || d.info[k].mark {
                after = if d.info[k].mark { "mark" } else { x };
                break;
            }
        }
        f.add(tpl!("c.after"), after);
        f.add2(tpl!("c.wafter"), w, after);
        let (ss, se) = self.sentence_bounds(i);
        let pos = if i == ss {
            "first"
        } else if i + 2 >= se {
            "last"
        } else if i - ss < 4 {
            "early"
        } else {
            "mid"
        };
        f.add(tpl!("c.pos"), pos);
        f.add2(tpl!("c.wpos"), w, pos);
    }

    /// The entity type of the nearest word token `dir` steps away (skipping one possessive or
    /// punctuation token), "-" when none.
    fn ent_near(&self, i: usize, dir: isize) -> &'static str {
        let mut k = i as isize + dir;
        for _ in 0..2 {
            if k < 0 || k as usize >= self.doc.len() {
                return "-";
            }
            let e = self.ent[k as usize];
            if e != "-" {
                return e;
            }
            if self.doc.info[k as usize].word && !self.doc.is_possessive(k as usize) {
                return "-";
            }
            k += dir;
        }
        "-"
    }

    /// Features of token `s` as the first token of the content of the cue `(a, b)`.
    pub fn start_features(&self, s: usize, cue: (usize, usize), head: &str, f: &mut Features) {
        self.start_static(s, rel(s, cue.0, cue.1).0, f);
        self.start_dynamic(s, cue, head, f);
    }

    /// The start features that depend on the cue only through its direction `dir`.
    pub fn start_static(&self, s: usize, dir: &str, f: &mut Features) {
        let si = s as isize;
        f.add2h(tpl!("s.w"), dir, self.h(si), self.w(si));
        f.add2h(tpl!("s.p"), dir, self.h(si - 1), self.w(si - 1));
        f.add2(tpl!("s.pw"), self.w(si - 1), self.w(si));
        f.add2(tpl!("s.pp"), dir, self.punct(si - 1));
        f.add2(tpl!("s.ent"), dir, self.ent[s]);
    }

    /// The rest of [`Ctx::start_features`].
    pub fn start_dynamic(&self, s: usize, (a, b): (usize, usize), head: &str, f: &mut Features) {
        let d = self.doc;
        let (dir, dist) = rel(s, a, b);
        let same = d.info[s].sentence == d.info[a].sentence;
        let sstart = self.sentence_bounds(s).0 == s;
        let si = s as isize;
        f.add(tpl!("s.bias"), "");
        f.add2(tpl!("s.dist"), dir, dist);
        f.add2(
            tpl!("s.sent"),
            dir,
            match (same, sstart) {
                (true, true) => "same-first",
                (true, false) => "same",
                (false, true) => "other-first",
                (false, false) => "other",
            },
        );
        f.add2(tpl!("s.cue"), dir, head);
        f.add2(tpl!("s.cuedist"), head, dist);
        if s == b {
            f.add2h(tpl!("s.rightafter"), head, self.h(si), self.w(si));
        }
        f.add(
            tpl!("s.rule"),
            if self.rule_start[s] != 0 && self.rule_start[s] == self.rule_cue[a] {
                "same-cue"
            } else if self.rule_start[s] != 0 {
                "other"
            } else {
                "-"
            },
        );
    }

    /// Features of token `t` as the last token of the content of the cue `(a, b)`.
    pub fn end_features(&self, t: usize, cue: (usize, usize), head: &str, f: &mut Features) {
        self.end_static(t, rel(t, cue.0, cue.1).0, f);
        self.end_dynamic(t, cue, head, f);
    }

    /// The end features that depend on the cue only through its direction `dir`.
    pub fn end_static(&self, t: usize, dir: &str, f: &mut Features) {
        let ti = t as isize;
        f.add2h(tpl!("e.w"), dir, self.h(ti), self.w(ti));
        f.add2h(tpl!("e.n"), dir, self.h(ti + 1), self.w(ti + 1));
        f.add2(tpl!("e.wn"), self.w(ti), self.w(ti + 1));
        f.add2(tpl!("e.np"), dir, self.punct(ti + 1));
        f.add2(tpl!("e.tp"), dir, self.punct(ti));
    }

    /// The rest of [`Ctx::end_features`].
    pub fn end_dynamic(&self, t: usize, (a, b): (usize, usize), head: &str, f: &mut Features) {
        let d = self.doc;
        let (dir, dist) = rel(t, a, b);
        let same = d.info[t].sentence == d.info[a].sentence;
        let send = self.sentence_bounds(t).1 == t + 1;
        let ti = t as isize;
        f.add(tpl!("e.bias"), "");
        f.add2(tpl!("e.dist"), dir, dist);
        f.add2(
            tpl!("e.sent"),
            dir,
            match (same, send) {
                (true, true) => "same-last",
                (true, false) => "same",
                (false, true) => "other-last",
                (false, false) => "other",
            },
        );
        f.add2(tpl!("e.cue"), dir, head);
        if t + 1 == a || t + 2 == a {
            f.add2h(tpl!("e.beforecue"), head, self.h(ti + 1), self.w(ti + 1));
        }
        f.add(
            tpl!("e.rule"),
            if self.rule_end[t] != 0 && self.rule_end[t] == self.rule_cue[a] {
                "same-cue"
            } else if self.rule_end[t] != 0 {
                "other"
            } else {
                "-"
            },
        );
    }

    /// Features of token `t` lying inside the content of the cue `(a, b)`.
    pub fn inside_features(&self, t: usize, cue: (usize, usize), f: &mut Features) {
        self.inside_static(t, rel(t, cue.0, cue.1).0, f);
        self.inside_dynamic(t, cue, f);
    }

    /// The inside features that depend on the cue only through its direction `dir`.
    pub fn inside_static(&self, t: usize, dir: &str, f: &mut Features) {
        let quoted = self.doc.info[t].quoted != NONE;
        f.add2(tpl!("i.q"), dir, if quoted { "in" } else { "out" });
        if !self.doc.info[t].word {
            f.add2(tpl!("i.p"), dir, self.punct(t as isize));
        }
    }

    /// The rest of [`Ctx::inside_features`].
    pub fn inside_dynamic(&self, t: usize, (a, b): (usize, usize), f: &mut Features) {
        let d = self.doc;
        let dir = rel(t, a, b).0;
        let sd = d.info[t].sentence as i64 - d.info[a].sentence as i64;
        let sd = match sd {
            i64::MIN..=-2 => "<-1",
            -1 => "-1",
            0 => "0",
            1 => "1",
            _ => ">1",
        };
        f.add2(tpl!("i.sent"), dir, sd);
        if self.rule_cue[t] != 0 && t != a {
            f.add2(tpl!("i.othercue"), dir, "");
        }
    }

    /// Features of token `j` as the speaker of cue `(a, b)` with content `[s, e)`.
    pub fn source_features(
        &self,
        j: usize,
        (a, b): (usize, usize),
        (s, e): (usize, usize),
        head: &str,
        f: &mut Features,
    ) {
        let d = self.doc;
        let (dir, dist) = rel(j, a, b);
        let ji = j as isize;
        let info = d.info[j];
        f.add2(tpl!("r.dist"), dir, dist);
        f.add2h(tpl!("r.w"), dir, self.h(ji), self.w(ji));
        f.add2h(tpl!("r.p"), dir, self.h(ji - 1), self.w(ji - 1));
        f.add2h(tpl!("r.n"), dir, self.h(ji + 1), self.w(ji + 1));
        f.add2(tpl!("r.ent"), dir, self.ent[j]);
        f.add2(tpl!("r.entdist"), self.ent[j], dist);
        let kind = if info.is(class::SUBJECT_PRONOUN) {
            "pron"
        } else if info.is(class::ROLE) {
            "role"
        } else if info.is(class::TITLE) {
            "title"
        } else if info.cap {
            "cap"
        } else {
            "low"
        };
        f.add2(tpl!("r.kind"), dir, kind);
        f.add2(tpl!("r.kinddist"), kind, dist);
        f.add2(tpl!("r.cue"), dir, head);
        f.add2(tpl!("r.cuekind"), head, kind);
        let last_of_mention = self.mention[j].1 as usize == j + 1;
        f.add2(
            tpl!("r.mlast"),
            kind,
            if last_of_mention { "y" } else { "n" },
        );
        let inside = (s..e).contains(&j);
        f.add2(tpl!("r.incontent"), dir, if inside { "y" } else { "n" });
        let (lo, hi) = if j < a { (j + 1, a) } else { (b, j) };
        let mut comma = false;
        let mut mark = false;
        let mut verb = false;
        for k in lo..hi.min(d.len()) {
            comma |= d.word(k) == ",";
            mark |= d.info[k].mark;
            verb |= d.is_verb_like(k) && !d.info[k].is(class::BETWEEN);
        }
        f.add2(
            tpl!("r.between"),
            dir,
            match (comma, mark, verb) {
                (false, false, false) => "clear",
                (true, false, false) => "comma",
                (_, true, _) => "mark",
                (_, _, true) => "verb",
            },
        );
        let sstart = self.sentence_bounds(j).0;
        f.add2(
            tpl!("r.subj"),
            dir,
            if j - sstart < 6 { "early" } else { "late" },
        );
        if self.rule_speaker[j] != 0 {
            let same_cue = self.rule_speaker[j] == self.rule_cue[a];
            f.add(
                tpl!("r.rule"),
                if same_cue { "same-cue" } else { "other-cue" },
            );
            if same_cue {
                f.add(tpl!("r.rulename"), self.rule_name(self.rule_speaker[j]));
            }
        }
    }

    /// Features of "no speaker" for cue `(a, b)`.
    pub fn null_features(&self, (a, _b): (usize, usize), head: &str, f: &mut Features) {
        f.add(tpl!("n.bias"), "");
        f.add(tpl!("n.cue"), head);
        f.addh(tpl!("n.p1"), self.h(a as isize - 1), self.w(a as isize - 1));
        f.add2(tpl!("n.p1cue"), self.w(a as isize - 1), head);
        let r = self.rule_cue[a];
        if r != 0 {
            let rule = &self.rules[r as usize - 1];
            f.add(
                tpl!("n.rule"),
                if rule.speaker.is_none() {
                    "null"
                } else {
                    "speaker"
                },
            );
        } else {
            f.add(tpl!("n.rule"), "-");
        }
    }
}

/// The word without a common inflection ("complimented" -> "compliment"), so that forms never
/// seen as cues share their lemma's weights.
fn stem(w: &str) -> &str {
    for suffix in ["ing", "ed", "es", "s"] {
        if let Some(s) = w.strip_suffix(suffix)
            && s.len() >= 3
        {
            return s;
        }
    }
    w
}

/// Index of a direction from [`rel`] in a [`StaticScores`] row.
pub(crate) fn dir_index(dir: &str) -> usize {
    match dir {
        "B" => 0,
        "A" => 1,
        _ => 2,
    }
}

/// Direction of token `i` from the cue `[a, b)` ("B"efore, "A"fter, "C"ue) and a distance bucket.
pub(crate) fn rel(i: usize, a: usize, b: usize) -> (&'static str, &'static str) {
    let (dir, dist) = if i < a {
        ("B", a - i)
    } else if i >= b {
        ("A", i - b + 1)
    } else {
        ("C", 0)
    };
    let bucket = match dist {
        0 => "0",
        1 => "1",
        2 => "2",
        3 => "3",
        4..=5 => "4-5",
        6..=10 => "6-10",
        11..=20 => "11-20",
        21..=40 => "21-40",
        _ => "41+",
    };
    (dir, bucket)
}
