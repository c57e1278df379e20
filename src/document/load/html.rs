//! Saved web pages: the article's main text (readability), its title, byline and date.

use dom_smoothie::{Config, Readability, TextMode};

use super::LoadErrorKind;
use crate::document::model::Meta;

/// The deepest element nesting an HTML page may have. Real pages stay below a few hundred; the
/// readability code walks the tree recursively, so deeper pages are refused rather than risk
/// the stack.
pub const MAX_HTML_DEPTH: usize = 2_000;

/// Stack for the thread that runs readability: generous, because its tree walks recurse. Only
/// address space is reserved; pages use a small part of it.
const HTML_THREAD_STACK: usize = 256 * 1024 * 1024;

/// Elements that never hold article text, dropped before readability runs: otherwise, on a page
/// without a main text, its most lenient pass returns the menu or the footer as "the article".
const NEVER_ARTICLE: &str = "script, style, noscript, template, nav, footer, aside, \
                             [role=navigation], [role=contentinfo], [role=complementary]";

/// Elements that hold no article text in a page without a recognisable main text, dropped
/// before the fallback text extraction.
const NON_ARTICLE: &str = "script, style, noscript, template, svg, iframe, nav, header, footer, \
                           aside, form, button, select, [role=navigation], [role=banner], \
                           [role=contentinfo], [aria-hidden=true]";

/// The article found in a page.
#[derive(Debug, Clone, PartialEq)]
pub struct HtmlArticle {
    /// One paragraph per line, a blank line between paragraphs.
    pub text: String,
    /// Title, byline and date from the page.
    pub meta: Meta,
}

/// Extracts the article from a page's HTML: readability's main content with paragraphs kept,
/// navigation, ads and footers dropped. When readability finds no main content the page's
/// visible body text (without navigation, headers, footers and forms) is used instead; a page
/// with no text at all is refused.
pub fn html_article(html: &str) -> Result<HtmlArticle, (LoadErrorKind, String)> {
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("html-reader".into())
            .stack_size(HTML_THREAD_STACK)
            .spawn_scoped(scope, || read_article(html))
            .map_err(|e| {
                (
                    LoadErrorKind::Unreadable,
                    format!("cannot start the HTML reader: {e}"),
                )
            })?;
        worker.join().unwrap_or_else(|_| {
            Err((
                LoadErrorKind::Unreadable,
                "the HTML reader failed on this page".to_string(),
            ))
        })
    })
}

fn too_deep() -> (LoadErrorKind, String) {
    (
        LoadErrorKind::TooDeep,
        format!(
            "is HTML nested more than {MAX_HTML_DEPTH} elements deep; it is not a readable \
             article page"
        ),
    )
}

fn read_article(html: &str) -> Result<HtmlArticle, (LoadErrorKind, String)> {
    // The HTML parser's scope checks walk the stack of open elements, so a deeply nested page
    // takes quadratic time to parse: measure the nesting on the raw tags first.
    if tag_nesting_exceeds(html, MAX_HTML_DEPTH) {
        return Err(too_deep());
    }
    let document = dom_query::Document::from(html);
    if nesting_exceeds(&document, MAX_HTML_DEPTH) {
        return Err(too_deep());
    }
    let title = page_title(&document);
    document.select(NEVER_ARTICLE).remove();
    let config = Config {
        text_mode: TextMode::Formatted,
        ..Config::default()
    };
    let parsed = Readability::with_document(document, None, Some(config))
        .ok()
        .and_then(|mut reader| reader.parse().ok());
    let (text, meta) = match parsed {
        Some(article) => {
            let text = paragraphs(&article.text_content);
            let meta = Meta {
                title: non_empty(&article.title).or(title),
                byline: article.byline.as_deref().and_then(non_empty),
                date: article.published_time.as_deref().and_then(non_empty),
            };
            (text, meta)
        }
        None => (
            String::new(),
            Meta {
                title,
                ..Meta::default()
            },
        ),
    };
    let text = if text.is_empty() {
        fallback_text(html)
    } else {
        text
    };
    if text.is_empty() {
        return Err((
            LoadErrorKind::NoArticleText,
            "is an HTML page with no article text".to_string(),
        ));
    }
    Ok(HtmlArticle { text, meta })
}

/// The page's visible body text without navigation, headers, footers and forms.
fn fallback_text(html: &str) -> String {
    let document = dom_query::Document::from(html);
    document.select(NON_ARTICLE).remove();
    match document.body() {
        Some(body) => paragraphs(&body.formatted_text()),
        None => String::new(),
    }
}

/// The `<title>`, if any.
fn page_title(document: &dom_query::Document) -> Option<String> {
    non_empty(&document.select("head title").text())
}

/// `s` trimmed with white space runs collapsed, or `None` when nothing is left.
fn non_empty(s: &str) -> Option<String> {
    let collapsed = collapse_spaces(s);
    (!collapsed.is_empty()).then_some(collapsed)
}

fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Normalises formatted text to one paragraph per line with a blank line between paragraphs.
fn paragraphs(formatted: &str) -> String {
    formatted
        .lines()
        .map(collapse_spaces)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// True when the parsed tree is deeper than `limit`. Iterative, so that measuring a
/// pathological page cannot itself overflow the stack.
fn nesting_exceeds(document: &dom_query::Document, limit: usize) -> bool {
    let mut stack = vec![(document.root(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        if depth > limit {
            return true;
        }
        let mut child = node.first_child();
        while let Some(current) = child {
            child = current.next_sibling();
            stack.push((current, depth + 1));
        }
    }
    false
}

/// Elements with no content (never closed) or whose end tag is optional and usually left out;
/// neither adds nesting in the raw-tag count.
const NOT_NESTING: [&str; 32] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup",
    "thead", "tbody", "tfoot", "colgroup", "rb", "rt", "rp", "html",
];

/// A linear-time estimate of element nesting from the raw tags: +1 per start tag, -1 per end
/// tag, skipping comments, `<script>`/`<style>` contents, self-closing and void elements and
/// elements whose end tags are optional. True when it exceeds `limit`.
fn tag_nesting_exceeds(html: &str, limit: usize) -> bool {
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    let mut at = 0usize;
    while let Some(offset) = bytes[at..].iter().position(|&b| b == b'<') {
        at += offset + 1;
        let rest = &bytes[at..];
        if rest.starts_with(b"!--") {
            at += find(rest, b"-->").map_or(rest.len(), |end| end + 3);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = usize::from(closing);
        let name_len = rest[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 {
            continue;
        }
        let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
        let tag_end = rest.iter().position(|&b| b == b'>').unwrap_or(rest.len());
        let self_closing = tag_end > 0 && rest[tag_end - 1] == b'/';
        let name = std::str::from_utf8(&name).unwrap_or("");
        at += tag_end;
        if NOT_NESTING.contains(&name) || self_closing {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        if name == "script" || name == "style" {
            let close: &[u8] = if name == "script" {
                b"</script"
            } else {
                b"</style"
            };
            let rest = &bytes[at..];
            // Case-insensitive search for the closing tag.
            at += rest
                .windows(close.len())
                .position(|w| w.eq_ignore_ascii_case(close))
                .unwrap_or(rest.len());
            continue;
        }
        depth += 1;
        if depth > limit {
            return true;
        }
    }
    false
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_tag_nesting_counts_only_nesting_elements() {
        let deep = format!("{}x{}", "<div>".repeat(50), "</div>".repeat(50));
        assert!(tag_nesting_exceeds(&deep, 49));
        assert!(!tag_nesting_exceeds(&deep, 50));
        // Unclosed paragraphs and list items, void elements, comments and scripts do not nest.
        let flat = "<p>a<p>b<li>c<br><img src=x><!-- <div><div> --><script>'<div><div>'</script>\
                    <div/><span>s</span>"
            .repeat(100);
        assert!(!tag_nesting_exceeds(&flat, 5));
    }

    #[test]
    fn paragraphs_are_one_per_line_with_blank_lines_between() {
        assert_eq!(
            paragraphs("  First   para\ncontinues \n\n\n Second\t one \n"),
            "First para\n\ncontinues\n\nSecond one"
        );
    }
}
