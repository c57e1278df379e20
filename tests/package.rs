//! The files of the Debian package (scripts/package.sh): man pages and completions generated from
//! the clap definitions, the desktop entry and the MIME type for review files.
//!
//! desktop-file-validate (desktop-file-utils) and update-mime-database (shared-mime-info) check the
//! hand-written files where they are installed; CI installs them and sets
//! `ARTICLE_REVIEW_REQUIRE_PACKAGING_TOOLS=1` so that their absence fails instead of skipping.

use std::path::{Path, PathBuf};
use std::process::Command;

use article_review::cli::package::{completions, man_pages, write_package_files};

fn packaging(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("packaging")
        .join(name)
}

/// Whether `tool` can run; panics when it cannot but CI requires it.
fn tool_available(tool: &str) -> bool {
    let found = Command::new(tool).arg("--help").output().is_ok();
    if !found && std::env::var_os("ARTICLE_REVIEW_REQUIRE_PACKAGING_TOOLS").is_some() {
        panic!("{tool} is required here (ARTICLE_REVIEW_REQUIRE_PACKAGING_TOOLS) but missing");
    }
    found
}

/// The `key=value` entries of the desktop file's `[Desktop Entry]` group.
fn desktop_entry() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(packaging("article-review.desktop")).unwrap();
    let mut lines = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'));
    assert_eq!(lines.next(), Some("[Desktop Entry]"));
    lines
        .take_while(|l| !l.starts_with('['))
        .map(|l| {
            let (key, value) = l.split_once('=').expect("key=value");
            (key.to_string(), value.to_string())
        })
        .collect()
}

fn entry<'a>(entries: &'a [(String, String)], key: &str) -> &'a str {
    entries
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no {key}= in the desktop entry"))
}

/// The MIME type declared in the shared-mime-info file.
fn review_mime_type() -> String {
    let xml = std::fs::read_to_string(packaging("article-review.xml")).unwrap();
    let start = xml.find("<mime-type type=\"").unwrap() + "<mime-type type=\"".len();
    xml[start..].split('"').next().unwrap().to_string()
}

#[test]
fn man_pages_cover_the_program_and_every_visible_command() {
    let pages = man_pages().unwrap();
    let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "article-review.1",
            "article-review-extract.1",
            "article-review-validate.1",
            "article-review-train.1",
            "article-review-compare.1",
            "article-review-convert.1",
            "article-review-queue.1",
            "article-review-stats.1",
            "article-review-export.1"
        ]
    );
    let page = |name: &str| {
        let (_, bytes) = pages.iter().find(|(n, _)| n == name).unwrap();
        String::from_utf8(bytes.clone()).unwrap()
    };
    let main = page("article-review.1");
    assert!(main.starts_with(".ie"), "{main:.200}");
    assert!(main.contains(".TH article-review 1"), "{main:.400}");
    assert!(main.contains("Check who said what in a news article"));
    assert!(main.contains("\\-\\-model"));
    assert!(main.contains(env!("CARGO_PKG_VERSION")));
    let extract = page("article-review-extract.1");
    assert!(extract.contains(".TH article-review-extract 1"));
    // Options come from the clap definitions, so a new option shows up without editing a page.
    for option in [
        "\\-\\-jsonl",
        "\\-\\-threads",
        "\\-\\-first\\-line",
        "\\-\\-output",
    ] {
        assert!(extract.contains(option), "{option} missing from the page");
    }
}

#[test]
fn completions_know_the_commands_and_options() {
    let scripts = completions();
    assert_eq!(scripts.len(), 3);
    for (shell, file, script) in scripts {
        let script = String::from_utf8(script).unwrap();
        assert!(!file.is_empty());
        for word in ["extract", "validate", "train", "jsonl"] {
            assert!(script.contains(word), "{shell}: no {word}");
        }
    }
}

#[test]
fn package_files_are_written_where_package_sh_expects_them() {
    let dir = tempfile::tempdir().unwrap();
    write_package_files(dir.path()).unwrap();
    for path in [
        "man/article-review.1",
        "man/article-review-extract.1",
        "completions/bash/article-review",
        "completions/zsh/_article-review",
        "completions/fish/article-review.fish",
    ] {
        let file = dir.path().join(path);
        assert!(std::fs::metadata(&file).unwrap().len() > 100, "{path}");
    }
    // The paths cargo-deb packs (Cargo.toml) are the ones written here.
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    for path in [
        "package-files/completions/bash/article-review\"",
        "package-files/completions/zsh/_article-review\"",
        "package-files/completions/fish/article-review.fish\"",
        "package-files/man/*.1.gz\"",
    ] {
        assert!(manifest.contains(path), "Cargo.toml does not pack {path}");
    }
}

#[test]
fn desktop_entry_opens_review_files_with_the_app() {
    let entries = desktop_entry();
    assert_eq!(entry(&entries, "Type"), "Application");
    assert_eq!(entry(&entries, "Exec"), "article-review %f");
    assert_eq!(entry(&entries, "Icon"), "article-review");
    assert_eq!(entry(&entries, "Terminal"), "false");
    let mime = review_mime_type();
    assert!(
        entry(&entries, "MimeType").split(';').any(|m| m == mime),
        "the desktop entry does not open {mime}"
    );
    if tool_available("desktop-file-validate") {
        let output = Command::new("desktop-file-validate")
            .arg(packaging("article-review.desktop"))
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&output.stdout).to_string()
            + &String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{report}");
        assert!(report.trim().is_empty(), "warnings: {report}");
    }
}

#[test]
fn mime_type_claims_review_json_files() {
    let mime = review_mime_type();
    assert!(mime.ends_with("+json"), "{mime}");
    if !tool_available("update-mime-database") {
        return;
    }
    // Build a private MIME database from our file alone and look the glob up in it.
    let dir = tempfile::tempdir().unwrap();
    let packages = dir.path().join("packages");
    std::fs::create_dir(&packages).unwrap();
    std::fs::copy(
        packaging("article-review.xml"),
        packages.join("article-review.xml"),
    )
    .unwrap();
    let output = Command::new("update-mime-database")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let globs = std::fs::read_to_string(dir.path().join("globs2")).unwrap();
    assert!(
        globs
            .lines()
            .any(|l| l.ends_with(&format!(":{mime}:*.review.json"))),
        "{globs}"
    );
}
