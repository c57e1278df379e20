//! Records the git commit the binary is built from, for `article-review --version`, and builds
//! the bundled entity model's weight table (see `bundled_weight_table`).
//!
//! Outside a git checkout (a source tarball, a vendored copy) or without `git`, the commit is
//! "unknown" rather than a build failure; `ARTICLE_REVIEW_COMMIT` set in the environment wins
//! (for packagers building from an exported tree). Nothing here touches the network.

use std::path::Path;
use std::process::Command;

// The weight table's layout, shared with the tagger; the build script uses only its building half.
#[allow(dead_code)]
#[path = "src/extract/tagger/table.rs"]
mod table;

fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git").args(args).output().ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

fn main() {
    bundled_weight_table();
    println!("cargo:rerun-if-env-changed=ARTICLE_REVIEW_COMMIT");
    let commit = std::env::var("ARTICLE_REVIEW_COMMIT")
        .ok()
        .filter(|c| !c.is_empty())
        .or_else(|| git(&["rev-parse", "--short=12", "HEAD"]))
        .unwrap_or_else(|| "unknown".to_string());
    println!("cargo:rustc-env=ARTICLE_REVIEW_COMMIT={commit}");

    // Rebuild when HEAD moves: HEAD itself (a checkout), the branch it points to (a commit), and
    // packed-refs (where the branch may live). Only files that exist: cargo re-runs a build script
    // on every build when a watched path is missing.
    let mut watched = vec![git(&["rev-parse", "--git-path", "HEAD"])];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watched.push(git(&["rev-parse", "--git-path", &branch]));
    }
    watched.push(git(&["rev-parse", "--git-path", "packed-refs"]));
    for path in watched.into_iter().flatten() {
        if Path::new(&path).exists() {
            println!("cargo:rerun-if-changed={path}");
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
}

/// The bundled entity model's weight table (`src/extract/tagger/table.rs`), built here so that
/// the binary carries it ready to use instead of building it in every process. A model file
/// this cannot read gives an empty table, and the tagger then builds it at run time.
fn bundled_weight_table() {
    println!("cargo:rerun-if-changed=assets/model/ner.bin");
    println!("cargo:rerun-if-changed=src/extract/tagger/table.rs");
    let out = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    let table = std::fs::read("assets/model/ner.bin")
        .ok()
        .and_then(|bytes| weight_table(&bytes))
        .unwrap_or_default();
    std::fs::write(Path::new(&out).join("ner-table.bin"), table)
        .expect("cannot write the bundled weight table to OUT_DIR");
}

/// The weight table of a model file's rows (the file format is described in
/// `src/extract/tagger/model.rs`), or `None` when the file is not what it expects.
fn weight_table(bytes: &[u8]) -> Option<Vec<u8>> {
    let u32_at = |at: usize| -> Option<usize> {
        Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?) as usize)
    };
    // Magic, format version, feature set, labels, scale, then the info's length.
    if bytes.get(..8)? != b"ARNERMDL" || u32_at(16)? != table::LABELS {
        return None;
    }
    let mut at = 24;
    at += 4 + u32_at(at)?;
    let classes = u32_at(at)?;
    at += 4;
    for _ in 0..classes {
        at += 4 + u32_at(at)?;
    }
    at += 4 + 13 * u32_at(at)?;
    let rows = u32_at(at)?;
    at += 4;
    let mut table = table::empty(rows);
    for _ in 0..rows {
        let key = u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?);
        let mask = u32_at(at + 8)?;
        at += 12;
        if mask >> table::LABELS != 0 {
            return None;
        }
        let mut row = [0i16; table::LABELS];
        for (l, w) in row.iter_mut().enumerate() {
            if mask & (1 << l) != 0 {
                *w = i16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?);
                at += 2;
            }
        }
        table::insert(&mut table, key, &row);
    }
    // Only the checksum is left.
    (at + 8 == bytes.len()).then_some(table)
}
