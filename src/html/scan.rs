//! Stage 1b — HTML: a web page becomes article text.
//!
//! A saved news page is mostly not the article: navigation, scripts, styles, cookie banners,
//! ads and related-article boxes. [`extract`] keeps the readable text and drops the rest:
//!
//! * tags are removed; `<script>`, `<style>`, `<noscript>`, `<template>`, `<svg>`, …,
//!   comments, and page furniture (`<nav>`, `<aside>`, `<footer>`, `<form>`, elements whose
//!   `class`/`id` says advert, cookie, newsletter, share, related, …) are dropped with
//!   everything inside them;
//! * character references (`&eacute;`, `&#233;`, `&amp;`) are decoded;
//! * block elements (`<p>`, `<div>`, `<li>`, `<h1>`…`<h6>`, `<article>`, `<tr>`, …) become
//!   paragraph breaks, `<br>` a line break, and runs of white space one space;
//! * the headline — the first `<h1>`, else the `<title>` — becomes the first line.
//!
//! The publication date comes from the page's metadata, in this order of trust:
//! `<meta property="article:published_time">` (and `og:`/`itemprop="datePublished"`
//! variants), JSON-LD `"datePublished"` in `<script type="application/ld+json">` (the only
//! script content ever read, and only for that key), `<meta name="date">`-style tags, then
//! the first `<time datetime>`.
//!
//! The scanner is written by hand: one forward pass over the text, never backtracking, so
//! its time is linear in the input, and it never fails — broken markup (unclosed tags,
//! stray `<`, truncated pages) still yields the text around it.
//!
//! ```
//! let page = r#"<!doctype html><html><head><title>Site</title>
//!   <meta property="article:published_time" content="2025-06-10T08:30:00+02:00">
//!   <script>alert("ChatGPT down 503")</script></head>
//!   <body><nav>Home | Tech</nav><h1>Panne de WhatsApp</h1>
//!   <p>Les messages ne partent plus&nbsp;: l&rsquo;application est bloqu&eacute;e.</p></body></html>"#;
//! let doc = outage_news::html::extract(page);
//! assert_eq!(doc.text, "Panne de WhatsApp\n\nLes messages ne partent plus\u{a0}: l’application est bloquée.");
//! assert_eq!(doc.published.as_deref(), Some("2025-06-10"));
//! ```

use std::borrow::Cow;

/// The article text and metadata of an HTML page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HtmlDocument {
    /// The readable text: headline first, then paragraphs separated by blank lines.
    pub text: String,
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
    starts_with_ignore_case(start, "<!doctype html") || starts_with_ignore_case(start, "<html")
}

/// Extracts the article text and publication date of an HTML page (see the module docs).
pub fn extract(html: &str) -> HtmlDocument {
    let mut scanner = Scanner {
        html,
        pos: 0,
        body: Text::default(),
        headline: Text::default(),
        title: Text::default(),
        in_headline: HeadlineState::NotYet,
        skip: None,
        dates: Dates::default(),
    };
    scanner.run();
    let Scanner {
        body,
        headline,
        title,
        dates,
        ..
    } = scanner;
    let first = if headline.buf.is_empty() {
        title
    } else {
        headline
    };
    let mut text = first.buf;
    if !text.is_empty() && !body.buf.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(&body.buf);
    HtmlDocument {
        text,
        published: dates.best(),
    }
}

/// Elements dropped with all their content; their content is not even parsed as markup
/// (raw text), except for `<svg>`, `<math>` and friends, whose content is markup.
const RAW_TEXT: &[&str] = &[
    "script", "style", "noscript", "template", "textarea", "xmp", "iframe", "noembed", "noframes",
];

/// Elements dropped with their content, which is ordinary markup.
const DROPPED: &[&str] = &[
    "nav", "aside", "footer", "form", "button", "select", "svg", "math", "object", "canvas",
    "audio", "video", "dialog", "menu",
];

/// Words in a `class` or `id` that mark page furniture (matched on whole `-`/`_`/space
/// separated parts, case-insensitively).
const FURNITURE: &[&str] = &[
    "ad",
    "ads",
    "adv",
    "advert",
    "advertisement",
    "adsbygoogle",
    "banner",
    "sponsor",
    "sponsored",
    "promo",
    "cookie",
    "cookies",
    "consent",
    "newsletter",
    "subscribe",
    "share",
    "sharing",
    "social",
    "related",
    "recommended",
    "outbrain",
    "taboola",
    "comments",
    "breadcrumb",
    "breadcrumbs",
    "sidebar",
    "paywall",
    "popup",
    "modal",
    "navbar",
    "menu",
    "navigation",
    "complementary",
    "contentinfo",
    "logo",
    "masthead",
];

/// Elements that hold the page's content and are never dropped as furniture, whatever
/// their `class` says (`<article class="post has-ads">`).
const CONTAINERS: &[&str] = &["html", "body", "main", "article"];

/// Elements whose start and end are paragraph breaks.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "body",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "tr",
    "ul",
    "caption",
    "fieldset",
    "legend",
];

/// Elements whose start and end separate words.
const CELLS: &[&str] = &["td", "th", "img", "input", "label", "option"];

/// Elements that never have content or an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// What is being dropped: the element's name and how many of that name are open.
struct Skip {
    name: String,
    depth: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum HeadlineState {
    NotYet,
    Inside,
    Done,
}

struct Scanner<'a> {
    html: &'a str,
    pos: usize,
    body: Text,
    headline: Text,
    title: Text,
    in_headline: HeadlineState,
    skip: Option<Skip>,
    dates: Dates,
}

impl Scanner<'_> {
    fn run(&mut self) {
        let html = self.html;
        let bytes = html.as_bytes();
        // Every position the scanner stops at is just before or after an ASCII byte, so a
        // char boundary; `get` keeps even a mistake there from panicking.
        while let Some(rest) = bytes.get(self.pos..).filter(|r| !r.is_empty()) {
            let Some(lt) = memchr::memchr(b'<', rest) else {
                self.text(html.get(self.pos..).unwrap_or(""));
                self.pos = bytes.len();
                break;
            };
            let at = self.pos + lt;
            if at > self.pos {
                self.text(html.get(self.pos..at).unwrap_or(""));
            }
            self.pos = at;
            self.markup();
        }
    }

    /// Handles the markup at `self.pos` (which is a `<`).
    fn markup(&mut self) {
        let rest = self.html.get(self.pos..).unwrap_or("");
        if rest.starts_with("<!--") {
            self.pos = find_from(self.html, self.pos + 4, "-->").map_or(self.html.len(), |e| e + 3);
            return;
        }
        let next = rest.as_bytes().get(1).copied().unwrap_or(b' ');
        if next == b'!' || next == b'?' {
            // Doctype, CDATA, processing instruction: dropped up to the next `>`.
            self.pos = find_from(self.html, self.pos + 2, ">").map_or(self.html.len(), |e| e + 1);
            return;
        }
        let is_end = next == b'/';
        let name_start = self.pos + if is_end { 2 } else { 1 };
        let first = self
            .html
            .as_bytes()
            .get(name_start)
            .copied()
            .unwrap_or(b' ');
        if !first.is_ascii_alphabetic() {
            // A stray `<` ("a < b"): text.
            self.text("<");
            self.pos += 1;
            return;
        }
        let tag = parse_tag(self.html, name_start);
        self.pos = tag.end;
        if is_end {
            self.end_tag(&tag.name);
        } else {
            self.start_tag(&tag);
        }
    }

    fn start_tag(&mut self, tag: &Tag) {
        let name = tag.name.as_str();
        if RAW_TEXT.contains(&name) {
            self.raw_text(tag);
            return;
        }
        if let Some(skip) = &mut self.skip {
            if skip.name == name && !tag.self_closing {
                skip.depth += 1;
            }
            return;
        }
        self.metadata(tag);
        if name == "title" {
            self.title_text();
            return;
        }
        if self.in_headline == HeadlineState::Inside && BLOCKS.contains(&name) {
            // An unclosed `<h1>` ends where the next block starts.
            self.in_headline = HeadlineState::Done;
        }
        if VOID.contains(&name) || tag.self_closing {
            self.separator(name);
            return;
        }
        if DROPPED.contains(&name) || is_furniture(tag) {
            self.skip = Some(Skip {
                name: name.to_string(),
                depth: 1,
            });
            return;
        }
        if name == "h1" && self.in_headline == HeadlineState::NotYet {
            self.in_headline = HeadlineState::Inside;
            return;
        }
        self.separator(name);
    }

    fn end_tag(&mut self, name: &str) {
        if let Some(skip) = &mut self.skip {
            if skip.name == name {
                skip.depth -= 1;
                if skip.depth == 0 {
                    self.skip = None;
                    self.out().paragraph();
                }
            }
            return;
        }
        match name {
            "h1" if self.in_headline == HeadlineState::Inside => {
                self.in_headline = HeadlineState::Done;
            }
            _ => self.separator(name),
        }
    }

    /// The break a tag named `name` makes in the text.
    fn separator(&mut self, name: &str) {
        if name == "br" {
            self.out().line();
        } else if BLOCKS.contains(&name) {
            self.out().paragraph();
        } else if CELLS.contains(&name) {
            self.out().space();
        }
    }

    /// Skips the content of a raw-text element up to its end tag; reads JSON-LD for its
    /// publication date and nothing else.
    fn raw_text(&mut self, tag: &Tag) {
        let close = format!("</{}", tag.name);
        let content_end = find_ignore_case(self.html, self.pos, &close).unwrap_or(self.html.len());
        if tag.name == "script"
            && tag
                .attr("type")
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
        {
            if let Some(content) = self.html.get(self.pos..content_end) {
                if let Some(date) = json_ld_date(content) {
                    self.dates.offer(Rank::JsonLd, &date);
                }
            }
        }
        self.pos = find_from(self.html, content_end, ">").map_or(self.html.len(), |e| e + 1);
    }

    /// Reads the `<title>` text (which is text, never markup) up to `</title>`.
    fn title_text(&mut self) {
        let content_end =
            find_ignore_case(self.html, self.pos, "</title").unwrap_or(self.html.len());
        if self.title.buf.is_empty() {
            let content = self.html.get(self.pos..content_end).unwrap_or("");
            self.title.push(&decode_entities(content));
        }
        self.pos = find_from(self.html, content_end, ">").map_or(self.html.len(), |e| e + 1);
    }

    /// Reads publication-date metadata from a start tag.
    fn metadata(&mut self, tag: &Tag) {
        match tag.name.as_str() {
            "meta" => {
                let Some(content) = tag.attr("content") else {
                    return;
                };
                let key = ["property", "name", "itemprop"]
                    .iter()
                    .filter_map(|a| tag.attr(a))
                    .map(|k| k.trim().to_ascii_lowercase())
                    .find_map(|k| meta_rank(&k));
                if let Some(rank) = key {
                    self.dates.offer(rank, &content);
                }
            }
            "time" => {
                if let Some(datetime) = tag.attr("datetime") {
                    let rank = match tag.attr("itemprop") {
                        Some(p) if p.eq_ignore_ascii_case("datePublished") => Rank::Published,
                        _ => Rank::Time,
                    };
                    self.dates.offer(rank, &datetime);
                }
            }
            _ => {}
        }
    }

    /// Where text goes now.
    fn out(&mut self) -> &mut Text {
        if self.in_headline == HeadlineState::Inside {
            &mut self.headline
        } else {
            &mut self.body
        }
    }

    /// Text between tags, with its character references decoded.
    fn text(&mut self, raw: &str) {
        if self.skip.is_some() {
            return;
        }
        let decoded = decode_entities(raw);
        self.out().push(&decoded);
    }
}

/// Text under construction: white space collapsed, breaks pending until more text comes.
#[derive(Default)]
struct Text {
    buf: String,
    pending: Break,
}

#[derive(Default, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Break {
    #[default]
    None,
    Space,
    Line,
    Paragraph,
}

impl Text {
    fn push(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_ascii_whitespace() || c == '\r' {
                self.pending = self.pending.max(Break::Space);
                continue;
            }
            if !self.buf.is_empty() {
                match self.pending {
                    Break::None => {}
                    Break::Space => self.buf.push(' '),
                    Break::Line => self.buf.push('\n'),
                    Break::Paragraph => self.buf.push_str("\n\n"),
                }
            }
            self.pending = Break::None;
            self.buf.push(c);
        }
    }

    fn space(&mut self) {
        self.pending = self.pending.max(Break::Space);
    }

    fn line(&mut self) {
        self.pending = self.pending.max(Break::Line);
    }

    fn paragraph(&mut self) {
        self.pending = Break::Paragraph;
    }
}

/// A start or end tag: its lower-case name, attributes, and where it ends.
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
    self_closing: bool,
    /// Byte offset just after the tag's `>` (or the end of the text).
    end: usize,
}

impl Tag {
    /// The decoded value of attribute `name` (lower-case).
    fn attr(&self, name: &str) -> Option<String> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| decode_entities(v).into_owned())
    }
}

/// Parses the tag whose name starts at byte `start` (just after `<` or `</`).
fn parse_tag(html: &str, start: usize) -> Tag {
    let bytes = html.as_bytes();
    let mut i = start;
    let at = |i: usize| bytes.get(i).copied();
    while at(i).is_some_and(|b| !is_tag_delimiter(b)) {
        i += 1;
    }
    let name = html.get(start..i).unwrap_or("").to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut self_closing = false;
    loop {
        while let Some(b) = at(i).filter(|b| b.is_ascii_whitespace() || *b == b'/') {
            self_closing = b == b'/';
            i += 1;
        }
        match bytes.get(i) {
            None => break,
            Some(b'>') => {
                i += 1;
                break;
            }
            Some(_) => {}
        }
        self_closing = false;
        let name_start = i;
        while at(i).is_some_and(|b| !is_tag_delimiter(b) && b != b'=') {
            i += 1;
        }
        let attr_name = html.get(name_start..i).unwrap_or("").to_ascii_lowercase();
        if i == name_start {
            // A lone `=` or similar: skip it.
            i += 1;
            continue;
        }
        while at(i).is_some_and(|b| b.is_ascii_whitespace()) {
            i += 1;
        }
        let mut value = String::new();
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while at(i).is_some_and(|b| b.is_ascii_whitespace()) {
                i += 1;
            }
            match bytes.get(i) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let value_start = i + 1;
                    let value_end = memchr::memchr(q, bytes.get(value_start..).unwrap_or(&[]))
                        .map_or(bytes.len(), |p| value_start + p);
                    value = html.get(value_start..value_end).unwrap_or("").to_string();
                    i = (value_end + 1).min(bytes.len());
                }
                _ => {
                    let value_start = i;
                    while at(i).is_some_and(|b| !b.is_ascii_whitespace() && b != b'>') {
                        i += 1;
                    }
                    value = html.get(value_start..i).unwrap_or("").to_string();
                }
            }
        }
        if attrs.len() < 64 {
            attrs.push((attr_name, value));
        }
    }
    Tag {
        name,
        attrs,
        self_closing,
        end: i,
    }
}

fn is_tag_delimiter(b: u8) -> bool {
    b.is_ascii_whitespace() || b == b'>' || b == b'/'
}

/// Whether a tag's `class` or `id` marks page furniture (ads, cookie banners, …).
fn is_furniture(tag: &Tag) -> bool {
    if CONTAINERS.contains(&tag.name.as_str()) {
        return false;
    }
    ["class", "id", "role"]
        .iter()
        .filter_map(|a| tag.attr(a))
        .any(|value| {
            value
                .split(|c: char| c.is_ascii_whitespace() || c == '-' || c == '_')
                .any(|part| FURNITURE.contains(&part.to_ascii_lowercase().as_str()))
        })
}

/// How much a source of the publication date is trusted (lower wins).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    /// `article:published_time`, `itemprop="datePublished"`.
    Published,
    /// JSON-LD `datePublished`.
    JsonLd,
    /// `<meta name="date">` and similar.
    MetaDate,
    /// The first `<time datetime>`.
    Time,
}

fn meta_rank(key: &str) -> Option<Rank> {
    match key {
        "article:published_time"
        | "og:published_time"
        | "datepublished"
        | "og:article:published_time" => Some(Rank::Published),
        "date" | "pubdate" | "publishdate" | "publish-date" | "publish_date" | "dc.date"
        | "dc.date.issued" | "dcterms.date" | "dcterms.created" | "sailthru.date"
        | "parsely-pub-date" => Some(Rank::MetaDate),
        _ => None,
    }
}

/// The best publication date offered so far.
#[derive(Default)]
struct Dates {
    best: Option<(Rank, String)>,
}

impl Dates {
    /// Offers a raw date value; kept when it is a valid date and beats what is known.
    fn offer(&mut self, rank: Rank, raw: &str) {
        if self.best.as_ref().is_some_and(|(r, _)| *r <= rank) {
            return;
        }
        if let Some(date) = date_prefix(raw) {
            self.best = Some((rank, date));
        }
    }

    fn best(self) -> Option<String> {
        self.best.map(|(_, d)| d)
    }
}

/// The `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`) a metadata value starts with, if it is a date:
/// `2025-06-10T08:30:00+02:00` → `2025-06-10`.
fn date_prefix(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let digits = |s: &str| s.len() >= 2 && s.bytes().all(|b| b.is_ascii_digit());
    let candidates = [raw.get(..10), raw.get(..7), raw.get(..4)];
    for (candidate, rest_start) in candidates.into_iter().zip([10, 7, 4]) {
        let Some(candidate) = candidate else { continue };
        let parts: Vec<&str> = candidate.split('-').collect();
        let shaped = match parts.as_slice() {
            [y, m, d] => y.len() == 4 && m.len() == 2 && d.len() == 2,
            [y, m] => y.len() == 4 && m.len() == 2,
            [y] => y.len() == 4,
            _ => false,
        };
        let ends_well = raw
            .as_bytes()
            .get(rest_start)
            .is_none_or(|b| !b.is_ascii_digit() && *b != b'-');
        if shaped && parts.iter().all(|p| digits(p)) && ends_well {
            let date = crate::PartialDate::parse(candidate)?;
            return Some(date.value());
        }
    }
    None
}

/// The `"datePublished"` value in JSON-LD text (a plain key scan: pages often carry
/// JSON-LD that is not quite valid JSON).
fn json_ld_date(json: &str) -> Option<String> {
    const KEY: &str = "\"datePublished\"";
    let at = json.find(KEY)? + KEY.len();
    let rest = json.get(at..)?.trim_start().strip_prefix(':')?.trim_start();
    let value = rest.strip_prefix('"')?;
    let end = value.find('"')?;
    value.get(..end).map(str::to_string)
}

/// Decodes character references (`&amp;`, `&eacute;`, `&#233;`, `&#xE9;`); anything that is
/// not one stays as it is.
fn decode_entities(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let Some(first) = memchr::memchr(b'&', bytes) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(text.get(..first).unwrap_or(""));
    let mut i = first;
    while i < bytes.len() {
        if bytes.get(i) == Some(&b'&') {
            let body_len = bytes
                .get(i + 1..)
                .unwrap_or(&[])
                .iter()
                .take(32)
                .position(|b| !(b.is_ascii_alphanumeric() || *b == b'#'));
            if let Some(len) = body_len.filter(|&l| l > 0 && bytes.get(i + 1 + l) == Some(&b';')) {
                if let Some(c) = text
                    .get(i + 1..i + 1 + len)
                    .and_then(crate::repair::entity_char)
                {
                    out.push(c);
                    i += len + 2;
                    continue;
                }
            }
        }
        // Copy up to the next `&` (the text between is valid UTF-8: `&` is ASCII).
        let after = bytes.get(i + 1..).unwrap_or(&[]);
        let next = memchr::memchr(b'&', after).map_or(bytes.len(), |p| i + 1 + p);
        out.push_str(text.get(i..next).unwrap_or(""));
        i = next;
    }
    Cow::Owned(out)
}

/// Byte offset of `needle` at or after `from`.
fn find_from(haystack: &str, from: usize, needle: &str) -> Option<usize> {
    let rest = haystack.as_bytes().get(from..)?;
    memchr::memmem::find(rest, needle.as_bytes()).map(|p| from + p)
}

/// Byte offset of ASCII `needle` at or after `from`, ignoring ASCII case.
fn find_ignore_case(haystack: &str, from: usize, needle: &str) -> Option<usize> {
    let bytes = haystack.as_bytes();
    let needle = needle.as_bytes();
    let first = *needle.first()?;
    let mut i = from;
    while let Some(p) = memchr::memchr(first, bytes.get(i..)?) {
        let at = i + p;
        if bytes
            .get(at..at + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
        {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.as_bytes()
        .get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_styles_comments_and_furniture_are_dropped() {
        let page = "<html><head><style>p{color:red} .down{}</style></head><body>\
            <!-- ChatGPT down --><div class=\"ad-box\"><div>Slack down?</div> buy now</div>\
            <script>var s = '</p>ChatGPT down 503';</script><p>Real text.</p></body></html>";
        assert_eq!(extract(page).text, "Real text.");
    }

    #[test]
    fn blocks_break_paragraphs_and_inline_tags_do_not() {
        let page =
            "<p>One <b>bold</b>\n   word.</p><p>Two<br>lines</p><ul><li>a</li><li>b</li></ul>";
        assert_eq!(extract(page).text, "One bold word.\n\nTwo\nlines\n\na\n\nb");
    }

    #[test]
    fn headline_comes_first_then_title_as_fallback() {
        let page = "<title>Site | News</title><p>Kicker</p><h1>Headline</h1><p>Body</p>";
        assert_eq!(extract(page).text, "Headline\n\nKicker\n\nBody");
        let page = "<head><title>Only &amp; title</title></head><p>Body</p>";
        assert_eq!(extract(page).text, "Only & title\n\nBody");
    }

    #[test]
    fn published_date_sources_in_order_of_trust() {
        let time = "<time datetime=\"2025-03-01\">1 mars</time>";
        let meta = "<meta name=\"date\" content=\"2025-03-02\">";
        let ld = "<script type=\"application/ld+json\">{\"datePublished\": \"2025-03-03T10:00:00Z\"}</script>";
        let og = "<meta property=\"article:published_time\" content=\"2025-03-04T08:00:00+01:00\">";
        assert_eq!(extract(time).published.as_deref(), Some("2025-03-01"));
        let two = format!("{time}{meta}");
        assert_eq!(extract(&two).published.as_deref(), Some("2025-03-02"));
        let three = format!("{time}{meta}{ld}");
        assert_eq!(extract(&three).published.as_deref(), Some("2025-03-03"));
        let four = format!("{time}{ld}{og}{meta}");
        assert_eq!(extract(&four).published.as_deref(), Some("2025-03-04"));
    }

    #[test]
    fn dates_that_are_not_dates_are_ignored() {
        for bad in [
            "yesterday",
            "2025-13-01",
            "2025-02-30",
            "20250610",
            "12345-01-01",
            "",
        ] {
            assert_eq!(date_prefix(bad), None, "{bad}");
        }
        assert_eq!(date_prefix(" 2025-06 ").as_deref(), Some("2025-06"));
    }

    #[test]
    fn broken_markup_never_panics_and_keeps_text() {
        for page in [
            "<",
            "<p",
            "</",
            "<!--",
            "<script>",
            "<a href=\"x",
            "<div class='ad'>",
            "&",
            "&#;",
            "&#xFFFFFFFF;",
            "<p>é<",
            "a < b > c",
            "<title>t",
            "<h1>h",
            "<p =x>ok",
            "<é>",
            "<script type=application/ld+json>{\"datePublished\":\"2025",
        ] {
            let _ = extract(page);
        }
        assert_eq!(extract("a < b and c > d").text, "a < b and c > d");
        assert_eq!(extract("<p>unclosed <b>bold").text, "unclosed bold");
    }

    #[test]
    fn entities_in_text_and_attributes() {
        assert_eq!(
            extract("<p>Caf&eacute; &amp; th&#233; &#x263A; &bogus; AT&T</p>").text,
            "Café & thé ☺ &bogus; AT&T"
        );
    }

    #[test]
    fn nested_dropped_elements_end_at_their_own_end_tag() {
        let page = "<aside><aside>x</aside>still dropped</aside><p>kept</p>";
        assert_eq!(extract(page).text, "kept");
    }
}
