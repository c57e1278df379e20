//! The layout of the tagger's weight table: open addressing over slots of bytes. The same code
//! builds the table of a model read at run time and, in `build.rs` (which includes this file),
//! the bundled model's table, which the binary then carries ready to use: a process starts
//! without building six megabytes of table, and only the pages it looks at are read.
//!
//! This file stands alone (no `crate::` paths) so that the build script can include it.

/// Labels per row (the tagger's `LABELS`, checked equal at compile time).
pub const LABELS: usize = 17;

/// Bytes per slot: the key (`u64`), then one weight per label (`i16`), all little-endian, then
/// padding to a multiple of 8.
pub const SLOT_BYTES: usize = 48;

/// Bytes of a slot's weights.
const WEIGHT_BYTES: usize = 2 * LABELS;

/// The table for `rows` rows, empty: twice as many slots as rows (at least 16), a power of two.
pub fn empty(rows: usize) -> Vec<u8> {
    vec![0; empty_len(rows)]
}

/// Puts a row in the first free slot from its key's low bits on. Key 0 marks an empty slot, so
/// a row with key 0 is left out.
pub fn insert(table: &mut [u8], key: u64, weights: &[i16; LABELS]) {
    let slots = table.len() / SLOT_BYTES;
    if key == 0 || slots == 0 {
        return;
    }
    let mask = slots - 1;
    let mut slot = key as usize & mask;
    while key_at(table, slot) != 0 {
        slot = (slot + 1) & mask;
    }
    let at = slot * SLOT_BYTES;
    table[at..at + 8].copy_from_slice(&key.to_le_bytes());
    for (l, w) in weights.iter().enumerate() {
        table[at + 8 + 2 * l..at + 10 + 2 * l].copy_from_slice(&w.to_le_bytes());
    }
}

/// The key in slot `slot` (0: empty).
#[inline]
fn key_at(table: &[u8], slot: usize) -> u64 {
    let at = slot * SLOT_BYTES;
    table
        .get(at..at + 8)
        .and_then(|b| b.try_into().ok())
        .map_or(0, u64::from_le_bytes)
}

/// The weights of `key` as bytes (two per label, little-endian), if the table has the key.
#[inline]
pub fn find(table: &[u8], key: u64) -> Option<&[u8; WEIGHT_BYTES]> {
    // The slots as arrays, so that reading a slot's parts needs no further checks.
    let (slots, _) = table.as_chunks::<SLOT_BYTES>();
    let mask = slots.len().wrapping_sub(1);
    if key == 0 {
        return None;
    }
    let mut slot = key as usize & mask;
    loop {
        let (found, rest) = slots.get(slot)?.split_first_chunk::<8>()?;
        let found = u64::from_le_bytes(*found);
        if found == key {
            return rest.first_chunk::<WEIGHT_BYTES>();
        }
        if found == 0 {
            return None;
        }
        slot = (slot + 1) & mask;
    }
}

/// The weights of a slot's bytes.
#[inline]
pub fn weights(bytes: &[u8; WEIGHT_BYTES]) -> [i16; LABELS] {
    let mut row = [0i16; LABELS];
    let (pairs, _) = bytes.as_chunks::<2>();
    for (w, &pair) in row.iter_mut().zip(pairs) {
        *w = i16::from_le_bytes(pair);
    }
    row
}

/// The length in bytes of [`empty`]`(rows)`.
pub fn empty_len(rows: usize) -> usize {
    (rows * 2).max(16).next_power_of_two() * SLOT_BYTES
}
