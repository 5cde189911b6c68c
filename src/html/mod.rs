//! Stage 1b — HTML: a web page becomes article text.
//!
//! A saved news page is mostly not the article: navigation, scripts, styles, cookie banners,
//! ads, captions and related-article boxes. [`extract`] keeps the article in two passes:
//!
//! 1. the page scanner (`scan`, hand-written, linear, never failing) reads the metadata —
//!    headline, publication date, JSON-LD `articleBody` — and cuts comments, scripts,
//!    styles and SVG out of the page, which leaves a fraction of its bytes;
//! 2. the DOM pass (`dom`) parses what is left with html5ever and finds the article with
//!    [`dom_smoothie`] (Mozilla Readability's content scoring: text and link density,
//!    class and id weights, the best container and its siblings, hidden elements dropped),
//!    then writes the article's text itself: paragraphs separated by blank lines, captions,
//!    link lists and share lines left out.
//!
//! When the DOM pass finds nothing (a page with no article container, a page too large or
//! too deeply nested to build a tree of) the JSON-LD `articleBody`, else the scanner's plain
//! reading of the page, is the text. The headline — the first `<h1>`, else `og:title`, else
//! JSON-LD `headline`, else the `<title>` — is the first line.
//!
//! The publication date comes from the page's metadata, in this order of trust:
//! `<meta property="article:published_time">` (and `og:`/`itemprop="datePublished"`
//! variants), JSON-LD `"datePublished"` in `<script type="application/ld+json">` (the only
//! script content ever read), `<meta name="date">`-style tags, then the first
//! `<time datetime>`.
//!
//! The comparison with the other Rust extractors that led to this design is in
//! `BENCHMARKS.md` (section "HTML extraction").
//!
//! ```
//! let page = r#"<!doctype html><html><head><title>Site</title>
//!   <meta property="article:published_time" content="2025-06-10T08:30:00+02:00">
//!   <script>alert("ChatGPT down 503")</script></head>
//!   <body><nav>Home | Tech</nav><h1>Panne de WhatsApp</h1>
//!   <p>Les messages ne partent plus&nbsp;: l&rsquo;application est bloqu&eacute;e.</p></body></html>"#;
//! let doc = outage_news::html::extract(page);
//! assert_eq!(doc.text, "Panne de WhatsApp\n\nLes messages ne partent plus\u{a0}: l’application est bloquée.");
//! assert_eq!(doc.headline.as_deref(), Some("Panne de WhatsApp"));
//! assert_eq!(doc.published.as_deref(), Some("2025-06-10"));
//! ```

mod dom;
mod scan;

pub(crate) use scan::meta_charset;

/// The article text and metadata of an HTML page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HtmlDocument {
    /// The readable text: headline first, then paragraphs separated by blank lines.
    pub text: String,
    /// The headline (also the first line of `text`).
    pub headline: Option<String>,
    /// The publication date from the page's metadata, as `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub published: Option<String>,
}

/// Whether an input is an HTML page: its name ends in `.html`, `.htm` or `.xhtml`, or its
/// text starts (after white space and a BOM) with `<!doctype html` or `<html`.
///
/// ```
/// use outage_news::html::is_html;
/// assert!(is_html("news/page.HTML", "whatever"));
/// assert!(is_html("a.txt", "\u{feff}  <!DOCTYPE html><html>…"));
/// assert!(!is_html("a.txt", "ChatGPT down: <b> is a tag"));
/// ```
pub fn is_html(name: &str, text: &str) -> bool {
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    if ["html", "htm", "xhtml"]
        .iter()
        .any(|e| ext.eq_ignore_ascii_case(e))
    {
        return true;
    }
    let start = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    scan::starts_with_ignore_case(start, "<!doctype html")
        || scan::starts_with_ignore_case(start, "<html")
}

/// Extracts the article text, headline and publication date of an HTML page (see the module
/// docs). Never fails: broken markup still yields the text around it.
pub fn extract(html: &str) -> HtmlDocument {
    let page = scan::scan(html);
    let body = dom::main_text(&page)
        .or_else(|| {
            page.ld_body
                .as_deref()
                .map(json_ld_text)
                .filter(|t| !t.is_empty())
        })
        .unwrap_or_else(|| page.text.clone());
    let headline = [&page.h1, &page.og_title, &page.ld_headline, &page.title]
        .into_iter()
        .flatten()
        .map(|h| h.trim())
        .find(|h| !h.is_empty())
        .map(str::to_string);
    let mut text = String::with_capacity(body.len() + 128);
    if let Some(h) = &headline {
        text.push_str(h);
    }
    // The article often starts with its own headline: it is not repeated.
    let body = match &headline {
        Some(h) => body
            .strip_prefix(h.as_str())
            .filter(|rest| rest.is_empty() || rest.starts_with('\n'))
            .map_or(body.as_str(), str::trim_start),
        None => body.as_str(),
    };
    if !text.is_empty() && !body.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(body);
    HtmlDocument {
        text,
        headline,
        published: page.published,
    }
}

/// The text of a JSON-LD `articleBody`, which is sometimes HTML and often has entities.
fn json_ld_text(body: &str) -> String {
    scan::scan(body).text
}
