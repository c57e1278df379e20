//! The layout of the tagger's weight table: open addressing over slots of bytes, behind an
//! array of one-byte fingerprints. The same code builds the table of a model read at run time
//! and, in `build.rs` (which includes this file), the bundled model's table, which the binary
//! then carries ready to use: a process starts without building six megabytes of table, and
//! only the pages it looks at are read.
//!
//! Layout: one fingerprint (a byte, 0 for an empty slot) per slot, then the
//! slots. More than half of the keys looked up are not in the table, and a probe often walks
//! past other keys first. Those steps read only the fingerprints (128 kB for
//! the bundled model, which stays in the processor's second-level cache) instead of the slots
//! (six megabytes, a cache miss each); a slot is read only when its fingerprint matches, and
//! its full key decides, so the answers are exactly those of comparing the keys alone.
//!
//! This file stands alone (no `crate::` paths) so that the build script can include it.

/// Labels per row (the tagger's `LABELS`, checked equal at compile time).
pub const LABELS: usize = 17;

/// Bytes per slot: the key (`u64`), then one weight per label (`i16`), all little-endian, then
/// padding to a multiple of 8.
pub const SLOT_BYTES: usize = 48;

/// Bytes per fingerprint.
const PRINT_BYTES: usize = 1;

/// Bytes of a slot's weights.
const WEIGHT_BYTES: usize = 2 * LABELS;

/// The table for `rows` rows, empty: twice as many slots as rows (at least 16), a power of two.
pub fn empty(rows: usize) -> Vec<u8> {
    vec![0; empty_len(rows)]
}

/// The number of slots of a table of `len` bytes.
#[inline]
fn slot_count(len: usize) -> usize {
    len / (SLOT_BYTES + PRINT_BYTES)
}

/// The fingerprint of `key`: its top bits (the slot comes from its low bits), never 0.
#[inline]
fn fingerprint(key: u64) -> u8 {
    ((key >> 56) as u8).max(1)
}

/// Puts a row in the first free slot from its key's low bits on. Key 0 marks an empty slot, so
/// a row with key 0 is left out.
pub fn insert(table: &mut [u8], key: u64, weights: &[i16; LABELS]) {
    let slots = slot_count(table.len());
    if key == 0 || slots == 0 {
        return;
    }
    let mask = slots - 1;
    let mut slot = key as usize & mask;
    while key_at(table, slot) != 0 {
        slot = (slot + 1) & mask;
    }
    let print = slot * PRINT_BYTES;
    table[print..print + PRINT_BYTES].copy_from_slice(&fingerprint(key).to_le_bytes());
    let at = slots * PRINT_BYTES + slot * SLOT_BYTES;
    table[at..at + 8].copy_from_slice(&key.to_le_bytes());
    for (l, w) in weights.iter().enumerate() {
        table[at + 8 + 2 * l..at + 10 + 2 * l].copy_from_slice(&w.to_le_bytes());
    }
}

/// The key in slot `slot` (0: empty).
#[inline]
fn key_at(table: &[u8], slot: usize) -> u64 {
    let at = slot_count(table.len()) * PRINT_BYTES + slot * SLOT_BYTES;
    table
        .get(at..at + 8)
        .and_then(|b| b.try_into().ok())
        .map_or(0, u64::from_le_bytes)
}

/// The weights of `key` as bytes (two per label, little-endian), if the table has the key.
#[inline]
pub fn find(table: &[u8], key: u64) -> Option<&[u8; WEIGHT_BYTES]> {
    let count = slot_count(table.len());
    let (prints, slots) = table.split_at_checked(count * PRINT_BYTES)?;
    // The parts as arrays, so that reading them needs no further checks.
    let (prints, _) = prints.as_chunks::<PRINT_BYTES>();
    let (slots, _) = slots.as_chunks::<SLOT_BYTES>();
    let mask = count.wrapping_sub(1);
    if key == 0 {
        return None;
    }
    let wanted = fingerprint(key);
    let mut slot = key as usize & mask;
    loop {
        let print = prints.get(slot)?[0];
        if print == 0 {
            return None;
        }
        if print == wanted {
            let (found, rest) = slots.get(slot)?.split_first_chunk::<8>()?;
            if u64::from_le_bytes(*found) == key {
                return rest.first_chunk::<WEIGHT_BYTES>();
            }
        }
        slot = (slot + 1) & mask;
    }
}

/// Starts reading the slot where [`find`] will look for `key`'s weights, and returns a byte of
/// it that nothing needs. Reading the slots of many keys this way before finding them lets the
/// processor wait for all their cache misses at once; [`find`] waits for each in turn, because
/// what it does next depends on what it read.
#[inline]
pub fn touch(table: &[u8], key: u64) -> u8 {
    let count = slot_count(table.len());
    let Some((prints, slots)) = table.split_at_checked(count * PRINT_BYTES) else {
        return 0;
    };
    let (prints, _) = prints.as_chunks::<PRINT_BYTES>();
    let mask = count.wrapping_sub(1);
    let wanted = fingerprint(key);
    let mut slot = key as usize & mask;
    // Bounded, unlike `find`'s walk, for a full table (which `insert` never makes).
    for _ in 0..count {
        match prints.get(slot).map(|&[p]| p) {
            None | Some(0) => return 0,
            Some(print) if print == wanted => {
                return slots.get(slot * SLOT_BYTES).copied().unwrap_or(0);
            }
            Some(_) => slot = (slot + 1) & mask,
        }
    }
    0
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
    (rows * 2).max(16).next_power_of_two() * (SLOT_BYTES + PRINT_BYTES)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(first: i16) -> [i16; LABELS] {
        let mut row = [0; LABELS];
        row[0] = first;
        row[LABELS - 1] = -first;
        row
    }

    #[test]
    fn keys_sharing_a_slot_and_a_fingerprint_keep_their_own_weights() {
        let mut table = empty(8);
        // Same low bits (same first slot) and same top bits (same fingerprint): only the full
        // key tells them apart.
        let a = 0xABCD_0000_0000_0003_u64;
        let b = 0xABCD_0000_0100_0003_u64;
        // A fingerprint of 0 would mark an empty slot; such a key is still found.
        let c = 0x0000_0000_0000_0003_u64;
        insert(&mut table, a, &row(1));
        insert(&mut table, b, &row(2));
        insert(&mut table, c, &row(3));
        assert_eq!(find(&table, a).map(weights), Some(row(1)));
        assert_eq!(find(&table, b).map(weights), Some(row(2)));
        assert_eq!(find(&table, c).map(weights), Some(row(3)));
        // Absent, though its slot and fingerprint are those of `a` and `b`.
        assert_eq!(find(&table, 0xABCD_0000_0200_0003), None);
        assert_eq!(find(&table, 0x1234_0000_0000_0004), None);
        assert_eq!(find(&table, 0), None);
        // `touch` reads the slot whose fingerprint matches (a key's first byte), or nothing.
        assert_eq!(touch(&table, a), 0x03);
        assert_eq!(touch(&table, 0x1234_0000_0000_0004), 0);
    }

    #[test]
    fn every_key_of_a_full_table_is_found() {
        let keys: Vec<u64> = (1..=64u64)
            .map(|k| k.wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .collect();
        let mut table = empty(keys.len());
        for (n, &key) in keys.iter().enumerate() {
            insert(&mut table, key, &row(n as i16 + 1));
        }
        for (n, &key) in keys.iter().enumerate() {
            assert_eq!(find(&table, key).map(weights), Some(row(n as i16 + 1)));
        }
        assert_eq!(find(&[], 5), None);
        assert_eq!(touch(&[], 5), 0);
    }
}
