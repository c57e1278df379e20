//! The `article-review` binary: parses the command line and hands over to the library.

fn main() -> std::process::ExitCode {
    article_review::cli::run()
}
