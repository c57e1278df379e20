//! Records the git commit the binary is built from, for `article-review --version`.
//!
//! Outside a git checkout (a source tarball, a vendored copy) or without `git`, the commit is
//! "unknown" rather than a build failure; `ARTICLE_REVIEW_COMMIT` set in the environment wins
//! (for packagers building from an exported tree). Nothing here touches the network.

use std::path::Path;
use std::process::Command;

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
