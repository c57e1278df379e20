//! The files the Debian package installs next to the binary that are generated from the clap
//! definitions: man pages (one for the program, one per command) and shell completions.
//!
//! Generated rather than written by hand so that they cannot drift from the real options.
//! `examples/package_files.rs` writes them for `scripts/package.sh` (not a command of the binary:
//! completions would offer it to users).

use std::path::Path;

use clap::CommandFactory;
use clap_complete::Shell;

use super::Cli;

/// The man pages in roff, as (file name, contents): `article-review.1` for the program and
/// `article-review-COMMAND.1` for each visible command.
pub fn man_pages() -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let cli = Cli::command();
    let mut pages = Vec::new();
    let mut main_page = Vec::new();
    clap_mangen::Man::new(cli.clone()).render(&mut main_page)?;
    pages.push(("article-review.1".to_string(), main_page));
    for command in cli.get_subcommands().filter(|c| !c.is_hide_set()) {
        let name = format!("article-review-{}", command.get_name());
        let mut page = Vec::new();
        // The page's title and synopsis show the full invocation, "article-review-extract",
        // as git's and cargo's pages do.
        clap_mangen::Man::new(command.clone().name(name.clone()).version(super::VERSION))
            .render(&mut page)?;
        pages.push((format!("{name}.1"), page));
    }
    Ok(pages)
}

/// The shell completions, as (shell, file name in the package's layout, contents).
pub fn completions() -> Vec<(Shell, &'static str, Vec<u8>)> {
    [
        (Shell::Bash, "article-review"),
        (Shell::Zsh, "_article-review"),
        (Shell::Fish, "article-review.fish"),
    ]
    .into_iter()
    .map(|(shell, file)| {
        let mut script = Vec::new();
        clap_complete::generate(shell, &mut Cli::command(), "article-review", &mut script);
        (shell, file, script)
    })
    .collect()
}

/// Writes `DIR/man/*.1` and `DIR/completions/{bash,zsh,fish}/FILE`.
pub fn write_package_files(dir: &Path) -> std::io::Result<()> {
    let man = dir.join("man");
    std::fs::create_dir_all(&man)?;
    for (name, page) in man_pages()? {
        std::fs::write(man.join(name), page)?;
    }
    for (shell, file, script) in completions() {
        let folder = dir.join("completions").join(shell.to_string());
        std::fs::create_dir_all(&folder)?;
        std::fs::write(folder.join(file), script)?;
    }
    Ok(())
}
