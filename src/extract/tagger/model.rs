//! The trained weights: a table from feature key to one row of label weights, and its file
//! format.
//!
//! File format (all integers little-endian):
//! ```text
//! magic            8 bytes  "ARNERMDL"
//! format version   u32      MODEL_FORMAT_VERSION
//! feature set      u32      features::FEATURE_SET_VERSION
//! labels           u32      LABELS
//! scale            f32      a weight is its i16 value times this
//! info length      u32, then that many bytes of UTF-8 (how the model was trained)
//! name lists       u32 class count, per class u32 length + UTF-8 name; u32 entry count,
//!                  per entry key u64, class mask u32, token count u8
//! rows             u32
//! per row: key u64, label mask u32 (bit l set = label l has a weight), one i16 per set bit
//! checksum         u64      hash of every byte before it
//! ```
//! Rows keep only their non-zero weights, so the file is small; in memory they are dense for speed.

use super::LABELS;
use super::error::ModelError;
use super::features::{FEATURE_SET_VERSION, hash_bytes};
use super::gazetteer::Gazetteer;

const MAGIC: &[u8; 8] = b"ARNERMDL";
const MODEL_FORMAT_VERSION: u32 = 2;
const CHECKSUM_SEED: u64 = 0xC0FF_EE00;

/// Label weights per feature key, quantised to `i16`, with an open-addressing index.
#[derive(Debug, Clone, Default)]
pub(crate) struct Weights {
    /// Keys of the rows, `rows` long.
    keys: Vec<u64>,
    /// `LABELS` weights per row.
    values: Vec<i16>,
    /// Open-addressing index (key 0 marks an empty slot). Length is a power of two. Keeping the
    /// key in the slot makes a lookup touch one cache line before the weights.
    slots: Vec<Slot>,
    /// A weight is `value * scale`.
    pub scale: f32,
    /// How the model was trained, for people.
    pub info: String,
    /// The name lists the model was trained with.
    pub gazetteer: Gazetteer,
}

impl Weights {
    /// Builds the table from float rows, dropping rows whose weights are all below `prune` in
    /// magnitude and quantising the rest.
    pub fn from_float_rows(
        rows: &[(u64, [f32; LABELS])],
        prune: f32,
        info: String,
        gazetteer: Gazetteer,
    ) -> Weights {
        let max = rows
            .iter()
            .flat_map(|(_, r)| r.iter())
            .fold(0f32, |m, &w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut keys = Vec::new();
        let mut values = Vec::new();
        for (key, row) in rows {
            if row.iter().all(|w| w.abs() < prune) {
                continue;
            }
            let quantised: Vec<i16> = row
                .iter()
                .map(|&w| (w / scale).round().clamp(-32767.0, 32767.0) as i16)
                .collect();
            if quantised.iter().all(|&q| q == 0) {
                continue;
            }
            keys.push(*key);
            values.extend(quantised);
        }
        let mut weights = Weights {
            keys,
            values,
            slots: Vec::new(),
            scale,
            info,
            gazetteer,
        };
        weights.index();
        weights
    }

    /// Rebuilds the open-addressing index.
    fn index(&mut self) {
        let capacity = (self.keys.len() * 2).max(16).next_power_of_two();
        let mask = capacity - 1;
        self.slots = vec![Slot::default(); capacity];
        for (row, &key) in self.keys.iter().enumerate() {
            if key == 0 {
                continue;
            }
            let mut slot = key as usize & mask;
            while self.slots[slot].key != 0 {
                slot = (slot + 1) & mask;
            }
            self.slots[slot] = Slot {
                key,
                row: row as u32,
            };
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// The weights of `key`, if it has any.
    #[inline]
    pub fn row(&self, key: u64) -> Option<&[i16]> {
        let mask = self.slots.len().wrapping_sub(1);
        if self.slots.is_empty() || key == 0 {
            return None;
        }
        let mut slot = key as usize & mask;
        loop {
            let entry = self.slots[slot];
            if entry.key == key {
                let row = entry.row as usize;
                return self.values.get(row * LABELS..(row + 1) * LABELS);
            }
            if entry.key == 0 {
                return None;
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Every row as floats (for fine-tuning a model further).
    pub fn float_rows(&self) -> impl Iterator<Item = (u64, [f32; LABELS])> + '_ {
        self.keys.iter().enumerate().map(|(r, &key)| {
            let mut row = [0f32; LABELS];
            for (l, w) in row.iter_mut().enumerate() {
                *w = f32::from(self.values[r * LABELS + l]) * self.scale;
            }
            (key, row)
        })
    }

    /// The model file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 + self.keys.len() * 16);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&MODEL_FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&FEATURE_SET_VERSION.to_le_bytes());
        out.extend_from_slice(&(LABELS as u32).to_le_bytes());
        out.extend_from_slice(&self.scale.to_le_bytes());
        out.extend_from_slice(&(self.info.len() as u32).to_le_bytes());
        out.extend_from_slice(self.info.as_bytes());
        self.gazetteer.write(&mut out);
        out.extend_from_slice(&(self.keys.len() as u32).to_le_bytes());
        for (r, key) in self.keys.iter().enumerate() {
            out.extend_from_slice(&key.to_le_bytes());
            let row = &self.values[r * LABELS..(r + 1) * LABELS];
            let mask = row
                .iter()
                .enumerate()
                .filter(|(_, w)| **w != 0)
                .fold(0u32, |m, (l, _)| m | 1 << l);
            out.extend_from_slice(&mask.to_le_bytes());
            for &w in row.iter().filter(|w| **w != 0) {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
        let checksum = hash_bytes(CHECKSUM_SEED, &out);
        out.extend_from_slice(&checksum.to_le_bytes());
        out
    }

    /// Reads a model file's bytes, checking that they are whole and of this version.
    pub fn from_bytes(bytes: &[u8]) -> Result<Weights, ModelError> {
        if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
            return Err(ModelError::WrongFileType);
        }
        if bytes.len() < MAGIC.len() + 8 + 8 {
            return Err(ModelError::Truncated);
        }
        let (body, tail) = bytes.split_at(bytes.len() - 8);
        let mut stored = [0u8; 8];
        stored.copy_from_slice(tail);
        if u64::from_le_bytes(stored) != hash_bytes(CHECKSUM_SEED, body) {
            return Err(ModelError::ChecksumMismatch);
        }
        let mut reader = Reader {
            bytes: body,
            at: MAGIC.len(),
        };
        let version = reader.u32()?;
        if version != MODEL_FORMAT_VERSION {
            return Err(ModelError::FormatVersion {
                found: version,
                expected: MODEL_FORMAT_VERSION,
            });
        }
        let features = reader.u32()?;
        if features != FEATURE_SET_VERSION {
            return Err(ModelError::FeatureSet {
                found: features,
                expected: FEATURE_SET_VERSION,
            });
        }
        let labels = reader.u32()?;
        if labels as usize != LABELS {
            return Err(ModelError::Labels {
                found: labels,
                expected: LABELS,
            });
        }
        let scale = f32::from_le_bytes(
            reader
                .take(4)?
                .try_into()
                .map_err(|_| ModelError::Truncated)?,
        );
        if !scale.is_finite() || scale <= 0.0 {
            return Err(ModelError::Corrupt("bad weight scale"));
        }
        let info_len = reader.u32()? as usize;
        let info = String::from_utf8(reader.take(info_len)?.to_vec())
            .map_err(|_| ModelError::Corrupt("info is not UTF-8"))?;
        let gazetteer = read_gazetteer(&mut reader)?;
        let rows = reader.u32()? as usize;
        // Each row takes at least 12 bytes, which bounds a corrupt count before allocating.
        if rows > reader.remaining() / 12 {
            return Err(ModelError::Corrupt("row count too large"));
        }
        let mut keys = Vec::with_capacity(rows);
        let mut values = vec![0i16; rows * LABELS];
        for r in 0..rows {
            let key = u64::from_le_bytes(
                reader
                    .take(8)?
                    .try_into()
                    .map_err(|_| ModelError::Truncated)?,
            );
            let mask = reader.u32()?;
            if mask >> LABELS != 0 {
                return Err(ModelError::Corrupt("bad label mask"));
            }
            for l in 0..LABELS {
                if mask & (1 << l) != 0 {
                    let w = reader.take(2)?;
                    values[r * LABELS + l] = i16::from_le_bytes([w[0], w[1]]);
                }
            }
            keys.push(key);
        }
        if reader.remaining() != 0 {
            return Err(ModelError::Corrupt("trailing bytes"));
        }
        let mut weights = Weights {
            keys,
            values,
            slots: Vec::new(),
            scale,
            info,
            gazetteer,
        };
        weights.index();
        Ok(weights)
    }
}

/// Reads the name lists written by [`Gazetteer::write`].
fn read_gazetteer(reader: &mut Reader) -> Result<Gazetteer, ModelError> {
    let corrupt = ModelError::Corrupt;
    let classes = reader.u32()? as usize;
    if classes > 32 {
        return Err(corrupt("too many name lists"));
    }
    let mut gazetteer = Gazetteer::default();
    for _ in 0..classes {
        let len = reader.u32()? as usize;
        let name = String::from_utf8(reader.take(len)?.to_vec())
            .map_err(|_| corrupt("name list name is not UTF-8"))?;
        gazetteer.class_hashes.push(hash_bytes(42, name.as_bytes()));
        gazetteer.classes.push(name);
    }
    let entries = reader.u32()? as usize;
    if entries > reader.remaining() / 13 {
        return Err(corrupt("name list too long"));
    }
    gazetteer.entries.reserve(entries);
    for _ in 0..entries {
        let b = reader.take(13)?;
        let key = u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]);
        let mask = u32::from_le_bytes([b[8], b[9], b[10], b[11]]);
        gazetteer.entries.insert(key, (mask, b[12]));
    }
    Ok(gazetteer)
}

/// One slot of the index.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    key: u64,
    row: u32,
}

/// A cursor over the model bytes that reports truncation instead of panicking.
struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl<'b> Reader<'b> {
    fn take(&mut self, n: usize) -> Result<&'b [u8], ModelError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or(ModelError::Truncated)?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn u32(&mut self) -> Result<u32, ModelError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn remaining(&self) -> usize {
        self.bytes.len() - self.at
    }
}
