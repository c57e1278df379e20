//! Writes the man pages and shell completions of the Debian package into a folder:
//! `cargo run --release --example package_files -- DIR` (run by scripts/package.sh).

fn main() -> std::process::ExitCode {
    let Some(dir) = std::env::args_os().nth(1) else {
        eprintln!("usage: package_files DIR");
        return std::process::ExitCode::FAILURE;
    };
    match article_review::cli::package::write_package_files(std::path::Path::new(&dir)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("package_files: cannot write {}: {e}", dir.to_string_lossy());
            std::process::ExitCode::FAILURE
        }
    }
}
