//! A hashed linear model: one weight per hashed feature key, shared by every stage (each stage
//! names its features with its own prefix), trained as an averaged perceptron.

use std::fmt::Display;

/// Mixes a 64-bit value (murmur3's finaliser) so that nearby keys spread over the table.
pub(crate) fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h
}

/// A fast hash of `bytes` (eight bytes at a time), continuing from `h`; `const` so that
/// feature templates are hashed at compile time.
#[inline]
pub(crate) const fn hash_into(mut h: u64, bytes: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut i = 0;
    while i < bytes.len() {
        let mut v = 0u64;
        let mut j = 0;
        while j < 8 && i + j < bytes.len() {
            v |= (bytes[i + j] as u64) << (8 * j);
            j += 1;
        }
        h = (h.rotate_left(5) ^ v).wrapping_mul(K);
        i += 8;
    }
    (h.rotate_left(5) ^ bytes.len() as u64).wrapping_mul(K)
}

/// Names a feature: out of line, since only explanations name them.
#[cold]
#[inline(never)]
fn push_name(names: &mut Vec<String>, name: std::fmt::Arguments) {
    names.push(name.to_string());
}

/// A feature template: its name and its hash (computed at compile time by [`tpl!`]).
pub(crate) type Tpl = (&'static str, u64);

/// The [`Tpl`] of a template name.
macro_rules! tpl {
    ($name:literal) => {{
        const H: u64 = $crate::extract::quotes::model::linear::template_hash($name);
        ($name, H)
    }};
}
pub(crate) use tpl;

const VALUE_SEED: u64 = 0x243f_6a88_85a3_08d3;

/// The hash of one feature value.
#[inline]
pub(crate) fn value_hash(value: &str) -> u64 {
    hash_fast(VALUE_SEED, value.as_bytes())
}

/// [`value_hash`] at compile time.
pub(crate) const fn const_value_hash(value: &str) -> u64 {
    hash_into(VALUE_SEED, value.as_bytes())
}

/// A feature value with its [`value_hash`].
pub(crate) type Val = (&'static str, u64);

/// The [`Val`] of a literal, hashed at compile time.
macro_rules! val {
    ($value:literal) => {{
        const H: u64 = $crate::extract::quotes::model::linear::const_value_hash($value);
        ($value, H)
    }};
}
pub(crate) use val;

/// [`hash_into`] for run time: the same value, eight bytes per load instead of one.
#[inline]
fn hash_fast(mut h: u64, bytes: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
    }
    let tail = chunks.remainder();
    if !tail.is_empty() {
        let mut word = [0u8; 8];
        word[..tail.len()].copy_from_slice(tail);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
    }
    (h.rotate_left(5) ^ bytes.len() as u64).wrapping_mul(K)
}

/// The hash of a template name.
#[inline]
pub(crate) const fn template_hash(template: &str) -> u64 {
    hash_into(0x1319_8a2e_0370_7344, template.as_bytes())
}

#[inline]
fn combine(a: u64, b: u64) -> u64 {
    (a.rotate_left(23) ^ b).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// The key of feature `template=value`.
pub(crate) fn key(template: Tpl, value: &str) -> u64 {
    key_h(template, value_hash(value))
}

/// [`key`] for a value whose [`value_hash`] is known.
pub(crate) fn key_h((_, th): Tpl, hash: u64) -> u64 {
    fmix(combine(th, hash))
}

/// Where the feature templates put their features: a [`Features`] list (training, and named
/// features for explanations), or a [`Score`] that sums their weights as they come
/// (decoding). The templates are written once, for both.
pub(crate) trait Sink {
    /// Takes the key of one feature.
    fn key(&mut self, key: u64);

    /// The list the names go to, when names are collected.
    fn names(&mut self) -> Option<&mut Vec<String>> {
        None
    }

    /// Adds `template=value`.
    #[inline]
    fn add(&mut self, template: Tpl, value: &str) {
        self.addh(template, value_hash(value), value);
    }

    /// Adds `template=value` where `hash` is [`value_hash`] of `value` (computed once per word);
    /// `value` is only shown when the names are collected.
    #[inline]
    fn addh(&mut self, (name, th): Tpl, hash: u64, value: impl Display) {
        self.key(fmix(combine(th, hash)));
        if let Some(names) = self.names() {
            push_name(names, format_args!("{name}={value}"));
        }
    }

    /// Adds `template=a|b`.
    #[inline]
    fn add2(&mut self, template: Tpl, a: &str, b: &str) {
        self.add2h(template, a, value_hash(b), b);
    }

    /// Adds `template=a|b` where `hash` is [`value_hash`] of `b`.
    #[inline]
    fn add2h(&mut self, (name, th): Tpl, a: &str, hash: u64, b: impl Display) {
        let t = combine(th, value_hash(a));
        self.key(fmix(combine(t, hash)));
        if let Some(names) = self.names() {
            push_name(names, format_args!("{name}={a}|{b}"));
        }
    }

    /// Adds `template=a|b` from both halves' hashes: no hashing of text at all, and the
    /// halves are only shown when the names are collected.
    #[inline]
    fn add2hh(
        &mut self,
        (name, th): Tpl,
        (a, ha): (impl Display, u64),
        (b, hb): (impl Display, u64),
    ) {
        self.key(fmix(combine(combine(th, ha), hb)));
        if let Some(names) = self.names() {
            push_name(names, format_args!("{name}={a}|{b}"));
        }
    }
}

/// The features of one decision: hashed keys, and their names when an explanation is wanted.
#[derive(Debug, Default)]
pub(crate) struct Features {
    /// Hashed keys.
    pub keys: Vec<u64>,
    /// `template=value` per key, only when collecting names.
    pub names: Option<Vec<String>>,
}

impl Sink for Features {
    #[inline]
    fn key(&mut self, key: u64) {
        self.keys.push(key);
    }

    #[inline]
    fn names(&mut self) -> Option<&mut Vec<String>> {
        self.names.as_mut()
    }
}

/// The summed weights of the features put in it: [`Table::score`] of their keys, to the bit
/// (the same additions in the same order), without a list of keys.
pub(crate) struct Score<'t> {
    table: &'t Table,
    sum: f32,
}

impl<'t> Score<'t> {
    /// No features yet, under `table`'s weights.
    #[inline]
    pub fn new(table: &'t Table) -> Score<'t> {
        // The sum of no f32 is -0.0, as `Iterator::sum` has it.
        Score { table, sum: -0.0 }
    }

    /// The sum so far.
    #[inline]
    pub fn sum(&self) -> f32 {
        self.sum
    }
}

impl Sink for Score<'_> {
    #[inline]
    fn key(&mut self, key: u64) {
        self.sum += self.table.weight(key);
    }
}

impl Features {
    /// An empty list that also records names when `named`.
    pub fn new(named: bool) -> Features {
        Features {
            keys: Vec::with_capacity(32),
            names: named.then(Vec::new),
        }
    }

    /// Empties the list, keeping its allocation.
    pub fn clear(&mut self) {
        self.keys.clear();
        if let Some(n) = &mut self.names {
            n.clear();
        }
    }
}

/// Weights over a table of `2^bits` hashed slots.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Table {
    /// log2 of the slot count.
    pub bits: u32,
    /// The weights.
    pub w: Vec<f32>,
}

impl Table {
    /// All-zero weights.
    pub fn zeros(bits: u32) -> Table {
        Table {
            bits,
            w: vec![0.0; 1 << bits],
        }
    }

    #[inline]
    fn slot(&self, key: u64) -> usize {
        (key as usize) & ((1usize << self.bits) - 1)
    }

    /// The weight of one key.
    #[inline]
    pub fn weight(&self, key: u64) -> f32 {
        self.w[self.slot(key)]
    }

    /// Sum of the weights of `keys`.
    #[inline]
    pub fn score(&self, keys: &[u64]) -> f32 {
        keys.iter().map(|&k| self.weight(k)).sum()
    }
}

/// Averaged-perceptron training state over a [`Table`].
pub(crate) struct Trainer {
    /// Current weights.
    pub table: Table,
    /// Sum of `step * delta` per slot, for the average.
    acc: Vec<f32>,
    /// Update steps so far.
    step: f32,
}

impl Trainer {
    /// Starts from `table` (zeros for a fresh model, trained weights when adapting).
    pub fn new(table: Table) -> Trainer {
        let n = table.w.len();
        Trainer {
            table,
            acc: vec![0.0; n],
            step: 1.0,
        }
    }

    /// Adds `delta` to the weight of every key.
    pub fn update(&mut self, keys: &[u64], delta: f32) {
        for &k in keys {
            let s = self.table.slot(k);
            self.table.w[s] += delta;
            self.acc[s] += self.step * delta;
        }
    }

    /// Ends one training example (the averaging clock).
    pub fn tick(&mut self) {
        self.step += 1.0;
    }

    /// The averaged weights.
    pub fn averaged(&self) -> Table {
        let mut table = self.table.clone();
        for (w, a) in table.w.iter_mut().zip(&self.acc) {
            *w -= a / self.step;
        }
        table
    }
}

/// A small deterministic generator (xorshift64*) for shuffling and fold assignment.
pub(crate) struct Rng(u64);

impl Rng {
    /// Seeded generator; every seed (also 0) gives a valid state.
    pub fn new(seed: u64) -> Rng {
        Rng(fmix(seed ^ 0x9e37_79b9_7f4a_7c15) | 1)
    }

    /// Next value.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Fisher-Yates shuffle.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The run-time hash gives the compile-time one's values, so trained weights stay valid.
    #[test]
    fn the_fast_hash_equals_the_const_one() {
        let text = "said according to Zürich’s 😀 a-very-long-feature-value|with parts";
        for end in 0..text.len() {
            if let Some(value) = text.get(..end) {
                assert_eq!(
                    hash_fast(7, value.as_bytes()),
                    hash_into(7, value.as_bytes()),
                    "{value:?}"
                );
            }
        }
    }
}
