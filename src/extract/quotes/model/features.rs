//! What the learned stages look at: one [`Ctx`] per document (lowercased words, entity labels,
//! the rules' own decisions per token), and the feature templates of each stage.

use std::borrow::Cow;

use super::super::attribution::Candidate;
use super::super::cues::{CueClass, class};
use super::super::doc::{Doc, NONE};
use super::linear::{Sink, Val, tpl, val, value_hash};
use crate::document::model::EntityType;
use crate::extract::Mention;

/// Per-token facts shared by every stage, computed once per document.
pub(crate) struct Ctx<'d, 'a> {
    /// The rules' token view.
    pub doc: &'d Doc<'a>,
    /// Per token: its word, an index into `lowers` (the tagger's word id when the view has
    /// them, else the token's own index).
    word: Cow<'d, [u32]>,
    /// Per word: where its lowercased form (’ as ') lies.
    lowers: Vec<Lower>,
    /// The lowercased forms of the words that are not lowercase already, one after another.
    arena: String,
    /// [`value_hash`] of each token's lowercased word.
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
    /// Index into `PUNCT_VALS` of each token's punctuation kind.
    punct_kind: Vec<u8>,
    /// Index into [`ENTS`] of each token's entity type.
    ent_kind: Vec<u8>,
    /// Commas before each token (prefix counts, one more entry than tokens).
    commas: Vec<u32>,
    /// Quotation marks before each token.
    marks: Vec<u32>,
    /// Verb-like words (not auxiliaries) before each token.
    verbs: Vec<u32>,
}

/// [`Ctx::w`] of a position, shown when a feature is named.
#[derive(Clone, Copy)]
struct WordAt<'c, 'd, 'a> {
    ctx: &'c Ctx<'d, 'a>,
    i: isize,
}

impl std::fmt::Display for WordAt<'_, '_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.ctx.w(self.i))
    }
}

/// Where a word's lowercased form lies: a byte range of the text when the word is lowercase
/// already, else of [`Ctx`]'s arena.
#[derive(Debug, Clone, Copy)]
struct Lower {
    start: usize,
    end: usize,
    in_arena: bool,
}

impl Lower {
    /// Not worked out yet.
    const UNSET: Lower = Lower {
        start: usize::MAX,
        end: usize::MAX,
        in_arena: false,
    };

    fn is_unset(&self) -> bool {
        self.start == usize::MAX
    }

    /// The lowercased form of the word at bytes `[start, end)` of `text`, ’ as ': the word
    /// itself when it has no uppercase letter and no ’, else its lowercase appended to `arena`.
    fn of(text: &str, (start, end): (usize, usize), arena: &mut String) -> Lower {
        let w = &text[start..end];
        let lowercase_already = if w.is_ascii() {
            !w.bytes().any(|b| b.is_ascii_uppercase())
        } else {
            !w.chars().any(|c| c == '’' || c.is_uppercase())
        };
        if lowercase_already {
            return Lower {
                start,
                end,
                in_arena: false,
            };
        }
        let at = arena.len();
        for c in w.chars() {
            if c == '’' {
                arena.push('\'');
            } else {
                arena.extend(c.to_lowercase());
            }
        }
        Lower {
            start: at,
            end: arena.len(),
            in_arena: true,
        }
    }

    fn get<'s>(&self, text: &'s str, arena: &'s str) -> &'s str {
        if self.in_arena {
            &arena[self.start..self.end]
        } else {
            &text[self.start..self.end]
        }
    }
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
        // Most tokens repeat an earlier word: each word is lowercased and hashed once, at its
        // first token, when the view has the tagger's word ids.
        let word: Cow<'d, [u32]> = if doc.word_ids.len() == n {
            Cow::Borrowed(doc.word_ids)
        } else {
            Cow::Owned((0..n as u32).collect())
        };
        let words = word.iter().max().map_or(0, |&id| id as usize + 1);
        let mut lowers = vec![Lower::UNSET; words];
        let mut word_hash = vec![0u64; words];
        let mut arena = String::new();
        let mut hash = Vec::with_capacity(n);
        for (i, &id) in word.iter().enumerate() {
            let id = id as usize;
            if lowers[id].is_unset() {
                let tok = doc.tok(i);
                lowers[id] = Lower::of(doc.text, (tok.start, tok.end), &mut arena);
                word_hash[id] = value_hash(lowers[id].get(doc.text, &arena));
            }
            hash.push(word_hash[id]);
        }
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
        let ent_kind = ent.iter().map(|e| ent_index(e) as u8).collect();
        // One pass for the punctuation kinds and the prefix counts.
        let mut punct_kind = Vec::with_capacity(n);
        let mut commas = Vec::with_capacity(n + 1);
        let mut marks = Vec::with_capacity(n + 1);
        let mut verbs = Vec::with_capacity(n + 1);
        let (mut comma_count, mut mark_count, mut verb_count) = (0u32, 0u32, 0u32);
        commas.push(0);
        marks.push(0);
        verbs.push(0);
        for (i, info) in doc.info.iter().enumerate() {
            let kind = punct_kind_of(doc, i);
            punct_kind.push(kind);
            // A comma is neither a word nor a mark: its punctuation kind says it without
            // comparing the text again.
            comma_count += u32::from(kind == COMMA);
            commas.push(comma_count);
            mark_count += u32::from(info.mark);
            marks.push(mark_count);
            verb_count += u32::from(doc.is_verb_like(i) && !info.is(class::BETWEEN));
            verbs.push(verb_count);
        }
        Ctx {
            doc,
            word,
            lowers,
            arena,
            punct_kind,
            ent_kind,
            commas,
            marks,
            verbs,
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

    /// The word of token `i`: tokens share it exactly when their texts are equal (when the
    /// view has the tagger's word ids; else each token is its own word).
    pub fn word_of(&self, i: usize) -> usize {
        self.word[i] as usize
    }

    /// How many words [`Ctx::word_of`] tells apart.
    pub fn word_count(&self) -> usize {
        self.lowers.len()
    }

    /// Lowercased word of token `i` (’ as ').
    pub fn lower(&self, i: usize) -> &str {
        self.lowers[self.word[i] as usize].get(self.doc.text, &self.arena)
    }

    /// Lowercased word at `i`, or a boundary symbol outside the text.
    pub fn w(&self, i: isize) -> &str {
        if i < 0 {
            "<s>"
        } else if i as usize >= self.word.len() {
            "</s>"
        } else {
            self.lower(i as usize)
        }
    }

    /// [`value_hash`] of [`Ctx::w`].
    pub fn h(&self, i: isize) -> u64 {
        if i < 0 {
            val!("<s>").1
        } else {
            self.hash.get(i as usize).map_or(val!("</s>").1, |&h| h)
        }
    }

    fn rule_name(&self, id: u16) -> &'static str {
        if id == 0 {
            "-"
        } else {
            self.rules[id as usize - 1].rule
        }
    }

    /// Punctuation kind of token `i` with its hash: "," ":" "mark" "." "dash" "paren" "p",
    /// "word", or "none" outside the text.
    fn punct_v(&self, i: isize) -> Val {
        if i < 0 || i as usize >= self.doc.len() {
            return PUNCT_VALS[0];
        }
        PUNCT_VALS[self.punct_kind[i as usize] as usize]
    }

    /// The lowercased word at `i` with its hash; the word is only looked up when a feature
    /// is named.
    fn wv(&self, i: isize) -> (WordAt<'_, 'd, 'a>, u64) {
        (WordAt { ctx: self, i }, self.h(i))
    }

    /// The entity type of token `i` with its hash.
    fn ent_v(&self, i: usize) -> Val {
        ENT_VALS[self.ent_kind[i] as usize]
    }

    fn sentence_bounds(&self, i: usize) -> (usize, usize) {
        self.doc.sentence_tokens(self.doc.info[i].sentence as usize)
    }

    /// Features of token `i` as a cue word.
    pub fn cue_features(&self, i: usize, f: &mut impl Sink) {
        let d = self.doc;
        let ii = i as isize;
        let wv = self.wv(ii);
        let w = self.lower(i);
        let info = d.info[i];
        f.add(tpl!("c.bias"), "");
        f.addh(tpl!("c.w"), wv.1, w);
        for (template, at) in [
            (tpl!("c.p1"), ii - 1),
            (tpl!("c.n1"), ii + 1),
            (tpl!("c.p2"), ii - 2),
            (tpl!("c.n2"), ii + 2),
        ] {
            let (word, hash) = self.wv(at);
            f.addh(template, hash, word);
        }
        f.add2hh(tpl!("c.p1w"), self.wv(ii - 1), wv);
        f.add2hh(tpl!("c.wn1"), wv, self.wv(ii + 1));
        let suffix = w.char_indices().rev().nth(2).map_or(w, |(at, _)| &w[at..]);
        f.add(tpl!("c.suf"), suffix);
        let stem = stem(w);
        let stem_v = (stem, value_hash(stem));
        f.addh(tpl!("c.stem"), stem_v.1, stem);
        f.add2hh(tpl!("c.p1stem"), self.wv(ii - 1), stem_v);
        let quoted = info.quoted != NONE && !info.mark;
        let q = if quoted { val!("in") } else { val!("out") };
        f.addh(tpl!("c.q"), q.1, q.0);
        f.add2hh(tpl!("c.wq"), wv, q);
        let cap = if info.cap { val!("y") } else { val!("n") };
        f.addh(tpl!("c.cap"), cap.1, cap.0);
        let lex = match info.cue.map(|c| c.class) {
            Some(CueClass::Say) => val!("say"),
            Some(CueClass::Tell) => val!("tell"),
            Some(CueClass::Think) => val!("think"),
            Some(CueClass::Show) => val!("show"),
            Some(CueClass::After) => val!("after"),
            None => val!("-"),
        };
        f.addh(tpl!("c.lex"), lex.1, lex.0);
        let rule = self.rule_name(self.rule_cue[i]);
        let rule_v = (rule, value_hash(rule));
        f.addh(tpl!("c.rule"), rule_v.1, rule);
        f.add2hh(tpl!("c.rulew"), rule_v, wv);
        let pp = self.punct_v(ii - 1);
        let np = self.punct_v(ii + 1);
        f.add2hh(tpl!("c.punct"), pp, np);
        f.add2hh(tpl!("c.wpp"), wv, pp);
        let before = ENT_VALS[self.ent_near(i, -1)];
        let after_ent = ENT_VALS[self.ent_near(i, 1)];
        f.addh(tpl!("c.e-1"), before.1, before.0);
        f.addh(tpl!("c.e+1"), after_ent.1, after_ent.0);
        f.add2hh(tpl!("c.e"), before, after_ent);
        let prev_cls = if i > 0 {
            let p = d.info[i - 1];
            if p.is(class::SUBJECT_PRONOUN) {
                val!("pron")
            } else if p.is(class::DETERMINER) {
                val!("det")
            } else if p.is(class::BETWEEN) {
                val!("aux")
            } else if d.is_possessive(i - 1) {
                val!("poss")
            } else if p.is(class::ROLE) {
                val!("role")
            } else {
                val!("-")
            }
        } else {
            val!("-")
        };
        f.addh(tpl!("c.pc"), prev_cls.1, prev_cls.0);
        f.add2hh(tpl!("c.pcw"), prev_cls, wv);
        let mut after = val!("-");
        for k in i + 1..(i + 4).min(d.len()) {
            if d.info[k].mark {
                after = val!("mark");
                break;
            }
            match self.lower(k) {
                "that" => {
                    after = val!("that");
                    break;
                }
                ":" => {
                    after = val!(":");
                    break;
                }
                _ => {}
            }
        }
        f.addh(tpl!("c.after"), after.1, after.0);
        f.add2hh(tpl!("c.wafter"), wv, after);
        let (ss, se) = self.sentence_bounds(i);
        let pos = if i == ss {
            val!("first")
        } else if i + 2 >= se {
            val!("last")
        } else if i - ss < 4 {
            val!("early")
        } else {
            val!("mid")
        };
        f.addh(tpl!("c.pos"), pos.1, pos.0);
        f.add2hh(tpl!("c.wpos"), wv, pos);
    }

    /// The entity type (index into [`ENTS`]) of the nearest word token `dir` steps away
    /// (skipping one possessive or punctuation token), "-" when none.
    fn ent_near(&self, i: usize, dir: isize) -> usize {
        let mut k = i as isize + dir;
        for _ in 0..2 {
            if k < 0 || k as usize >= self.doc.len() {
                return 0;
            }
            let e = self.ent_kind[k as usize] as usize;
            if e != 0 {
                return e;
            }
            if self.doc.info[k as usize].word && !self.doc.is_possessive(k as usize) {
                return 0;
            }
            k += dir;
        }
        0
    }

    /// Features of token `s` as the first token of the content of the cue `(a, b)`.
    pub fn start_features(&self, s: usize, cue: (usize, usize), head: &str, f: &mut impl Sink) {
        self.start_static(s, rel_index(s, cue.0, cue.1).0, f);
        self.start_dynamic(s, cue, head, f);
    }

    /// The start features that depend on the cue only through its direction `dir`.
    pub fn start_static(&self, s: usize, dir: usize, f: &mut impl Sink) {
        let si = s as isize;
        let d = DIR_VALS[dir];
        f.add2hh(tpl!("s.w"), d, self.wv(si));
        f.add2hh(tpl!("s.p"), d, self.wv(si - 1));
        f.add2hh(tpl!("s.pw"), self.wv(si - 1), self.wv(si));
        f.add2hh(tpl!("s.pp"), d, self.punct_v(si - 1));
        f.add2hh(tpl!("s.ent"), d, self.ent_v(s));
    }

    /// The rest of [`Ctx::start_features`].
    pub fn start_dynamic(&self, s: usize, (a, b): (usize, usize), head: &str, f: &mut impl Sink) {
        let (dir, dist) = rel_index(s, a, b);
        start_const(dir, head, f);
        start_dist(dir, dist, head, f);
        start_sent(dir, self.start_sent(s, a), f);
        start_rule(self.start_rule(s, a), f);
        if s == b {
            self.start_right_after(s, head, f);
        }
    }

    /// The sentence fact of a content start `s` for the cue at `a` (index into [`START_SENT`]).
    pub fn start_sent(&self, s: usize, a: usize) -> usize {
        let same = self.doc.info[s].sentence == self.doc.info[a].sentence;
        let first = self.sentence_bounds(s).0 == s;
        usize::from(!same) * 2 + usize::from(!first)
    }

    /// Whether a rule's content starts at `s` (index into [`RULE_STATE`]).
    pub fn start_rule(&self, s: usize, a: usize) -> usize {
        rule_state(self.rule_start[s], self.rule_cue[a])
    }

    /// The feature of the word right after the cue as the start of its content.
    pub fn start_right_after(&self, s: usize, head: &str, f: &mut impl Sink) {
        let si = s as isize;
        let (word, hash) = self.wv(si);
        f.add2h(tpl!("s.rightafter"), head, hash, word);
    }

    /// Features of token `t` as the last token of the content of the cue `(a, b)`.
    pub fn end_features(&self, t: usize, cue: (usize, usize), head: &str, f: &mut impl Sink) {
        self.end_static(t, rel_index(t, cue.0, cue.1).0, f);
        self.end_dynamic(t, cue, head, f);
    }

    /// The end features that depend on the cue only through its direction `dir`.
    pub fn end_static(&self, t: usize, dir: usize, f: &mut impl Sink) {
        let ti = t as isize;
        let d = DIR_VALS[dir];
        f.add2hh(tpl!("e.w"), d, self.wv(ti));
        f.add2hh(tpl!("e.n"), d, self.wv(ti + 1));
        f.add2hh(tpl!("e.wn"), self.wv(ti), self.wv(ti + 1));
        f.add2hh(tpl!("e.np"), d, self.punct_v(ti + 1));
        f.add2hh(tpl!("e.tp"), d, self.punct_v(ti));
    }

    /// The rest of [`Ctx::end_features`].
    pub fn end_dynamic(&self, t: usize, (a, b): (usize, usize), head: &str, f: &mut impl Sink) {
        let (dir, dist) = rel_index(t, a, b);
        end_const(dir, head, f);
        end_dist(dir, dist, f);
        end_sent(dir, self.end_sent(t, a), f);
        end_rule(self.end_rule(t, a), f);
        if t + 1 == a || t + 2 == a {
            self.end_before_cue(t, head, f);
        }
    }

    /// The sentence fact of a content end `t` for the cue at `a` (index into [`END_SENT`]).
    pub fn end_sent(&self, t: usize, a: usize) -> usize {
        let same = self.doc.info[t].sentence == self.doc.info[a].sentence;
        let last = self.sentence_bounds(t).1 == t + 1;
        usize::from(!same) * 2 + usize::from(!last)
    }

    /// Whether a rule's content ends at `t` (index into [`RULE_STATE`]).
    pub fn end_rule(&self, t: usize, a: usize) -> usize {
        rule_state(self.rule_end[t], self.rule_cue[a])
    }

    /// The feature of the word after a content end just before the cue.
    pub fn end_before_cue(&self, t: usize, head: &str, f: &mut impl Sink) {
        let ti = t as isize;
        let (word, hash) = self.wv(ti + 1);
        f.add2h(tpl!("e.beforecue"), head, hash, word);
    }

    /// Features of token `t` lying inside the content of the cue `(a, b)`.
    pub fn inside_features(&self, t: usize, cue: (usize, usize), f: &mut impl Sink) {
        self.inside_static(t, rel_index(t, cue.0, cue.1).0, f);
        self.inside_dynamic(t, cue, f);
    }

    /// The inside features that depend on the cue only through its direction `dir`.
    pub fn inside_static(&self, t: usize, dir: usize, f: &mut impl Sink) {
        let quoted = self.doc.info[t].quoted != NONE;
        let d = DIR_VALS[dir];
        f.add2hh(
            tpl!("i.q"),
            d,
            if quoted { val!("in") } else { val!("out") },
        );
        if !self.doc.info[t].word {
            f.add2hh(tpl!("i.p"), d, self.punct_v(t as isize));
        }
    }

    /// The rest of [`Ctx::inside_features`].
    pub fn inside_dynamic(&self, t: usize, (a, b): (usize, usize), f: &mut impl Sink) {
        let dir = rel_index(t, a, b).0;
        inside_sent(dir, self.inside_sent(t, a), f);
        if self.inside_other_cue(t, a) {
            inside_other_cue(dir, f);
        }
    }

    /// How many sentences token `t` lies from the cue at `a` (index into [`SENT_DIFF`]).
    pub fn inside_sent(&self, t: usize, a: usize) -> usize {
        let sd = self.doc.info[t].sentence as i64 - self.doc.info[a].sentence as i64;
        (sd.clamp(-2, 2) + 2) as usize
    }

    /// Whether token `t` is another rule's cue than the one at `a`.
    pub fn inside_other_cue(&self, t: usize, a: usize) -> bool {
        self.rule_cue[t] != 0 && t != a
    }

    /// Features of token `j` as the speaker of cue `(a, b)` with content `[s, e)`.
    pub fn source_features(
        &self,
        j: usize,
        (a, b): (usize, usize),
        (s, e): (usize, usize),
        head: &str,
        f: &mut impl Sink,
    ) {
        let (dir, dist) = rel_index(j, a, b);
        let kind = self.source_kind(j);
        let ent = ent_index(self.ent[j]);
        self.source_static(j, dir, f);
        source_dir_dist(dir, dist, f);
        source_ent_dist(ent, dist, f);
        source_kind_dist(kind, dist, f);
        source_cue(dir, head, f);
        source_cue_kind(kind, head, f);
        source_in_content(dir, (s..e).contains(&j), f);
        source_between(dir, self.between(j, a, b), f);
        self.source_rule(j, a, f);
    }

    /// The source features of token `j` that depend on the cue only through its direction.
    pub fn source_static(&self, j: usize, dir: usize, f: &mut impl Sink) {
        let ji = j as isize;
        let d = DIR_VALS[dir];
        let kind = KIND_VALS[self.source_kind(j)];
        f.add2hh(tpl!("r.w"), d, self.wv(ji));
        f.add2hh(tpl!("r.p"), d, self.wv(ji - 1));
        f.add2hh(tpl!("r.n"), d, self.wv(ji + 1));
        f.add2hh(tpl!("r.ent"), d, self.ent_v(j));
        f.add2hh(tpl!("r.kind"), d, kind);
        let last_of_mention = self.mention[j].1 as usize == j + 1;
        f.add2hh(
            tpl!("r.mlast"),
            kind,
            if last_of_mention {
                val!("y")
            } else {
                val!("n")
            },
        );
        let sstart = self.sentence_bounds(j).0;
        f.add2hh(
            tpl!("r.subj"),
            d,
            if j - sstart < 6 {
                val!("early")
            } else {
                val!("late")
            },
        );
    }

    /// What kind of word token `j` is as a source (index into [`KINDS`]).
    pub fn source_kind(&self, j: usize) -> usize {
        let info = self.doc.info[j];
        if info.is(class::SUBJECT_PRONOUN) {
            0
        } else if info.is(class::ROLE) {
            1
        } else if info.is(class::TITLE) {
            2
        } else if info.cap {
            3
        } else {
            4
        }
    }

    /// What lies between source token `j` and the cue `(a, b)` (index into [`BETWEEN`]).
    pub fn between(&self, j: usize, a: usize, b: usize) -> usize {
        let (lo, hi) = if j < a { (j + 1, a) } else { (b, j) };
        let hi = hi.min(self.doc.len());
        let count = |prefix: &[u32]| if lo < hi { prefix[hi] - prefix[lo] } else { 0 };
        let (comma, mark, verb) = (
            count(&self.commas) > 0,
            count(&self.marks) > 0,
            count(&self.verbs) > 0,
        );
        match (comma, mark, verb) {
            (false, false, false) => 0,
            (true, false, false) => 1,
            (_, true, _) => 2,
            (_, _, true) => 3,
        }
    }

    /// The source features of token `j` from the rules' speakers (none when no rule took `j`
    /// as a speaker).
    pub fn source_rule(&self, j: usize, a: usize, f: &mut impl Sink) {
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
    pub fn null_features(&self, (a, _b): (usize, usize), head: &str, f: &mut impl Sink) {
        f.add(tpl!("n.bias"), "");
        f.add(tpl!("n.cue"), head);
        let p1 = self.wv(a as isize - 1);
        f.addh(tpl!("n.p1"), p1.1, p1.0);
        f.add2hh(tpl!("n.p1cue"), p1, (head, value_hash(head)));
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

/// [`DIRS`] with their hashes.
pub(crate) const DIR_VALS: [Val; 3] = [val!("B"), val!("A"), val!("C")];
/// Punctuation kinds of a token (see [`Ctx::punct`]), with their hashes.
const PUNCT_VALS: [Val; 9] = [
    val!("none"),
    val!("mark"),
    val!("word"),
    val!(","),
    val!(":"),
    val!("."),
    val!("dash"),
    val!("paren"),
    val!("p"),
];
/// [`ENTS`] with their hashes.
const ENT_VALS: [Val; 5] = [
    val!("-"),
    val!("PER"),
    val!("ORG"),
    val!("LOC"),
    val!("MISC"),
];

/// What kind of word a source is.
pub(crate) const KINDS: [&str; 5] = ["pron", "role", "title", "cap", "low"];
/// [`KINDS`] with their hashes.
const KIND_VALS: [Val; 5] = [
    val!("pron"),
    val!("role"),
    val!("title"),
    val!("cap"),
    val!("low"),
];
/// Entity types of the tokens ("-" outside any mention).
pub(crate) const ENTS: [&str; 5] = ["-", "PER", "ORG", "LOC", "MISC"];
/// What lies between a source and its cue: nothing, a comma, a quotation mark, a verb.
pub(crate) const BETWEEN: [&str; 4] = ["clear", "comma", "mark", "verb"];

/// The punctuation kind of a comma.
const COMMA: u8 = 3;

/// Index into `PUNCT_VALS` of token `i`'s punctuation kind.
fn punct_kind_of(doc: &Doc, i: usize) -> u8 {
    let t = doc.info[i];
    if t.mark {
        return 1;
    }
    if t.word {
        return 2;
    }
    match doc.word(i) {
        "," => COMMA,
        ":" => 4,
        "." | "?" | "!" => 5,
        "—" | "–" | "-" | "--" => 6,
        "(" | ")" => 7,
        _ => 8,
    }
}

/// Index into [`ENTS`] of an entity type name.
pub(crate) fn ent_index(ent: &str) -> usize {
    ENTS.iter().position(|&e| e == ent).unwrap_or(0)
}

pub(crate) fn source_dir_dist(dir: usize, dist: usize, f: &mut impl Sink) {
    f.add2(tpl!("r.dist"), DIRS[dir], DISTS[dist]);
}

pub(crate) fn source_ent_dist(ent: usize, dist: usize, f: &mut impl Sink) {
    f.add2(tpl!("r.entdist"), ENTS[ent], DISTS[dist]);
}

pub(crate) fn source_kind_dist(kind: usize, dist: usize, f: &mut impl Sink) {
    f.add2(tpl!("r.kinddist"), KINDS[kind], DISTS[dist]);
}

pub(crate) fn source_cue(dir: usize, head: &str, f: &mut impl Sink) {
    f.add2(tpl!("r.cue"), DIRS[dir], head);
}

pub(crate) fn source_cue_kind(kind: usize, head: &str, f: &mut impl Sink) {
    f.add2(tpl!("r.cuekind"), head, KINDS[kind]);
}

pub(crate) fn source_in_content(dir: usize, inside: bool, f: &mut impl Sink) {
    f.add2(
        tpl!("r.incontent"),
        DIRS[dir],
        if inside { "y" } else { "n" },
    );
}

pub(crate) fn source_between(dir: usize, between: usize, f: &mut impl Sink) {
    f.add2(tpl!("r.between"), DIRS[dir], BETWEEN[between]);
}

/// Directions from a cue: "B"efore, "A"fter, in the "C"ue.
pub(crate) const DIRS: [&str; 3] = ["B", "A", "C"];
/// Distance buckets from a cue.
pub(crate) const DISTS: [&str; 9] = ["0", "1", "2", "3", "4-5", "6-10", "11-20", "21-40", "41+"];
/// A content start's sentence relation to its cue.
pub(crate) const START_SENT: [&str; 4] = ["same-first", "same", "other-first", "other"];
/// A content end's sentence relation to its cue.
pub(crate) const END_SENT: [&str; 4] = ["same-last", "same", "other-last", "other"];
/// Whether a rule's content starts or ends at a token: for the same cue, another, or none.
pub(crate) const RULE_STATE: [&str; 3] = ["same-cue", "other", "-"];
/// Sentences between a content token and its cue.
pub(crate) const SENT_DIFF: [&str; 5] = ["<-1", "-1", "0", "1", ">1"];

fn rule_state(rule_here: u16, rule_of_cue: u16) -> usize {
    if rule_here != 0 && rule_here == rule_of_cue {
        0
    } else if rule_here != 0 {
        1
    } else {
        2
    }
}

// The dynamic span features in groups, each depending on a few small facts, so that decoding
// can sum every group once per cue and look the sums up per token (see `SpanTables`).

// Each group that names the cue word is its part without the word (the same for every cue,
// summed once per model) followed by its part with the word (summed once per cue word).

pub(crate) fn start_const(dir: usize, head: &str, f: &mut impl Sink) {
    start_const_base(f);
    start_const_head(dir, head, f);
}

pub(crate) fn start_const_base(f: &mut impl Sink) {
    f.add(tpl!("s.bias"), "");
}

pub(crate) fn start_const_head(dir: usize, head: &str, f: &mut impl Sink) {
    f.add2(tpl!("s.cue"), DIRS[dir], head);
}

pub(crate) fn start_dist(dir: usize, dist: usize, head: &str, f: &mut impl Sink) {
    start_dist_base(dir, dist, f);
    start_dist_head(dist, head, f);
}

pub(crate) fn start_dist_base(dir: usize, dist: usize, f: &mut impl Sink) {
    f.add2(tpl!("s.dist"), DIRS[dir], DISTS[dist]);
}

pub(crate) fn start_dist_head(dist: usize, head: &str, f: &mut impl Sink) {
    f.add2(tpl!("s.cuedist"), head, DISTS[dist]);
}

pub(crate) fn start_sent(dir: usize, sent: usize, f: &mut impl Sink) {
    f.add2(tpl!("s.sent"), DIRS[dir], START_SENT[sent]);
}

pub(crate) fn start_rule(rule: usize, f: &mut impl Sink) {
    f.add(tpl!("s.rule"), RULE_STATE[rule]);
}

pub(crate) fn end_const(dir: usize, head: &str, f: &mut impl Sink) {
    end_const_base(f);
    end_const_head(dir, head, f);
}

pub(crate) fn end_const_base(f: &mut impl Sink) {
    f.add(tpl!("e.bias"), "");
}

pub(crate) fn end_const_head(dir: usize, head: &str, f: &mut impl Sink) {
    f.add2(tpl!("e.cue"), DIRS[dir], head);
}

pub(crate) fn end_dist(dir: usize, dist: usize, f: &mut impl Sink) {
    f.add2(tpl!("e.dist"), DIRS[dir], DISTS[dist]);
}

pub(crate) fn end_sent(dir: usize, sent: usize, f: &mut impl Sink) {
    f.add2(tpl!("e.sent"), DIRS[dir], END_SENT[sent]);
}

pub(crate) fn end_rule(rule: usize, f: &mut impl Sink) {
    f.add(tpl!("e.rule"), RULE_STATE[rule]);
}

pub(crate) fn inside_sent(dir: usize, sent: usize, f: &mut impl Sink) {
    f.add2(tpl!("i.sent"), DIRS[dir], SENT_DIFF[sent]);
}

pub(crate) fn inside_other_cue(dir: usize, f: &mut impl Sink) {
    f.add2(tpl!("i.othercue"), DIRS[dir], "");
}

/// Direction of token `i` from the cue `[a, b)` and its distance bucket, as indices into
/// [`DIRS`] and [`DISTS`].
pub(crate) fn rel_index(i: usize, a: usize, b: usize) -> (usize, usize) {
    let (dir, dist) = if i < a {
        (0, a - i)
    } else if i >= b {
        (1, i - b + 1)
    } else {
        (2, 0)
    };
    let bucket = match dist {
        0..=3 => dist,
        4..=5 => 4,
        6..=10 => 5,
        11..=20 => 6,
        21..=40 => 7,
        _ => 8,
    };
    (dir, bucket)
}

#[cfg(test)]
mod tests {
    use super::super::super::{candidates, marks};
    use super::*;
    use crate::extract::Extractor;
    use crate::extract::quotes::model::linear::{Features, key};

    /// The lowercasing the model did per token before it read the tagger's word ids: the
    /// reference for the words worked out once.
    fn lower_per_token(w: &str) -> String {
        if !w.chars().any(|c| c == '’' || c.is_uppercase()) {
            return w.to_string();
        }
        let mut s = String::new();
        for c in w.chars() {
            if c == '’' {
                s.push('\'');
            } else {
                s.extend(c.to_lowercase());
            }
        }
        s
    }

    /// Every feature of every stage, named, for every token (as a cue, a content start, end
    /// or inside token, and a source of the cues near it).
    fn all_features(ctx: &Ctx) -> Vec<(Vec<u64>, Vec<String>)> {
        let n = ctx.doc.len();
        let mut out = Vec::new();
        let mut take = |add: &mut dyn FnMut(&mut Features)| {
            let mut f = Features::new(true);
            add(&mut f);
            out.push((f.keys, f.names.unwrap_or_default()));
        };
        for a in 0..n {
            take(&mut |f| ctx.cue_features(a, f));
            if !ctx.doc.info[a].word {
                continue;
            }
            let cue = (a, a + 1);
            let head = ctx.lower(a);
            take(&mut |f| ctx.null_features(cue, head, f));
            for t in a.saturating_sub(6)..(a + 7).min(n) {
                if t == a {
                    continue;
                }
                let content = (t.min(a + 1), (t + 1).max(a + 1));
                take(&mut |f| ctx.start_features(t, cue, head, f));
                take(&mut |f| ctx.end_features(t, cue, head, f));
                take(&mut |f| ctx.inside_features(t, cue, f));
                take(&mut |f| ctx.source_features(t, cue, content, head, f));
            }
        }
        out
    }

    /// Lowercasing and hashing each distinct word once, from the tagger's word ids, gives every
    /// token the lowercase and hash the per-token way gave, and every stage the same feature
    /// keys and names as working out each token alone: curly quotes and apostrophes, accents,
    /// emoji, CRLF, capitals, a titlecase letter and a ligature included.
    #[test]
    fn word_facts_shared_by_word_id_give_the_per_token_features() {
        let text = "“We’ll rebuild it,” said Mayor Zoë Okafor. ÉCOLE staff said plainly.\r\n\
                    Critics said: “Said who? 🙂” O’Brien’s aides SAID no, and o’brien’s said it \
                    again, ǅemal said.\r\n\r\nThe ﬁrm’s chief, ΣΟΦΙΑ Papadopoulou, told reporters \
                    “we’ll see” 🙂.\n";
        let analysis = Extractor::bundled().with_attribution(None).analyze(text);
        let n = analysis.seg.tokens.len();
        assert_eq!(analysis.word_ids.len(), n);
        let marked = || marks::find(text, &analysis.seg.paragraphs);
        let shared_doc = Doc::with_word_ids(text, &analysis.seg, &analysis.word_ids, marked());
        let alone_doc = Doc::new(text, &analysis.seg, marked());
        assert_eq!(shared_doc.word_ids.len(), n);
        assert!(alone_doc.word_ids.is_empty());
        let rules = candidates(&shared_doc);
        assert!(!rules.is_empty());
        let shared = Ctx::new(&shared_doc, &analysis.mentions, &rules);
        let alone = Ctx::new(&alone_doc, &analysis.mentions, &rules);
        // Fewer words than tokens: the sharing is exercised.
        assert!(shared.lowers.len() < n, "{} words", shared.lowers.len());
        assert_eq!(alone.lowers.len(), n);
        for i in 0..n {
            let old = lower_per_token(alone_doc.word(i));
            assert_eq!(shared.lower(i), old, "token {i}");
            assert_eq!(alone.lower(i), old, "token {i}");
            assert_eq!(shared.hash[i], value_hash(&old), "token {i}");
            assert_eq!(alone.hash[i], value_hash(&old), "token {i}");
            // The key of the word as a cue is the one the old lowercase gives.
            let mut f = Features::new(false);
            shared.cue_features(i, &mut f);
            assert!(f.keys.contains(&key(tpl!("c.w"), &old)), "token {i}");
        }
        let lowers: Vec<&str> = (0..n).map(|i| shared.lower(i)).collect();
        for word in [
            "o'brien",
            "'s",
            "école",
            "ǅemal",
            "ﬁrm",
            "σοφια",
            "🙂",
            "said",
        ] {
            assert!(lowers.contains(&word), "{word:?} in {lowers:?}");
        }
        let (with_ids, each_alone) = (all_features(&shared), all_features(&alone));
        assert_eq!(with_ids.len(), each_alone.len());
        assert!(with_ids.len() > 1000, "{}", with_ids.len());
        assert_eq!(with_ids, each_alone);
    }
}
