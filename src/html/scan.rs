//! The page scanner: one forward pass over the HTML, written by hand, that never fails and
//! never backtracks (its time is linear in the input). It reads what the DOM pass does not
//! need a tree for:
//!
//! * the metadata — the headline (`<h1>`, `og:title`, JSON-LD `headline`, `<title>`), the
//!   publication date (`article:published_time`, JSON-LD `datePublished`, `<meta
//!   name="date">`, `<time datetime>`, in that order of trust) and JSON-LD `articleBody`;
//! * the slim page handed to the DOM pass: the same HTML without comments, `<script>`,
//!   `<style>`, `<noscript>`, `<template>`, `<svg>`, `<math>`… (most of a news page's bytes);
//! * a plain reading of the text, the fallback when the DOM pass finds no article: tags go,
//!   scripts, hidden elements and page furniture (`<nav>`, `<aside>`, `<footer>`, boxes whose
//!   class says advert, cookie, share, related…) go with their content, character references
//!   are decoded, block elements and `<br><br>` become paragraph breaks.

use std::borrow::Cow;

/// What the scanner read from a page.
#[derive(Debug, Default)]
pub(super) struct Scan {
    /// The plain reading of the body text (without the headline).
    pub text: String,
    /// The first `<h1>`.
    pub h1: Option<String>,
    /// The `<title>`.
    pub title: Option<String>,
    /// `og:title` (or `twitter:title`).
    pub og_title: Option<String>,
    /// JSON-LD `headline`.
    pub ld_headline: Option<String>,
    /// The longest JSON-LD `articleBody`.
    pub ld_body: Option<String>,
    /// The publication date, as `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub published: Option<String>,
    /// The page without comments and raw-text or foreign elements.
    pub slim: String,
    /// How deep elements nest at most (start tags not yet ended; a rough count).
    pub max_depth: usize,
    /// How many start tags the page has.
    pub elements: usize,
}

/// Scans a page (see the module docs).
pub(super) fn scan(html: &str) -> Scan {
    let mut scanner = Scanner {
        html,
        pos: 0,
        body: Text::default(),
        headline: Text::default(),
        title: Text::default(),
        in_headline: HeadlineState::NotYet,
        skip: None,
        dates: Dates::default(),
        meta: Meta::default(),
        cuts: Vec::new(),
        depth: 0,
        max_depth: 0,
        elements: 0,
    };
    scanner.run();
    let Scanner {
        body,
        headline,
        title,
        dates,
        meta,
        cuts,
        max_depth,
        elements,
        ..
    } = scanner;
    let non_empty = |t: Text| Some(t.buf).filter(|b| !b.is_empty());
    Scan {
        text: body.buf,
        h1: non_empty(headline),
        title: non_empty(title),
        og_title: meta.og_title,
        ld_headline: meta.ld_headline,
        ld_body: meta.ld_body,
        published: dates.best(),
        slim: cut(html, &cuts),
        max_depth,
        elements,
    }
}

/// `html` without the byte ranges of `cuts` (in order, not overlapping).
fn cut(html: &str, cuts: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(html.len());
    let mut from = 0;
    for &(start, end) in cuts {
        if start >= from {
            out.push_str(html.get(from..start).unwrap_or(""));
            // A cut element still separates words.
            out.push(' ');
            from = end;
        }
    }
    out.push_str(html.get(from..).unwrap_or(""));
    out
}

/// The `charset` a `<meta>` tag declares in `text` (the start of a page), if any.
pub(crate) fn meta_charset(text: &str) -> Option<String> {
    let mut from = 0;
    while let Some(at) = find_ignore_case(text, from, "<meta") {
        let tag = parse_tag(text, at + 1);
        from = tag.end.max(at + 5);
        if tag.name != "meta" {
            continue;
        }
        if let Some(charset) = tag.attr("charset") {
            return Some(charset);
        }
        let is_content_type = tag
            .attr("http-equiv")
            .is_some_and(|h| h.trim().eq_ignore_ascii_case("content-type"));
        if let Some(content) = tag.attr("content").filter(|_| is_content_type) {
            let lower = content.to_ascii_lowercase();
            let Some(at) = lower.find("charset") else {
                continue;
            };
            let value = lower.get(at + 7..).unwrap_or("").trim_start();
            let Some(value) = value.strip_prefix('=') else {
                continue;
            };
            let value = value.trim_start().trim_start_matches(['"', '\'']);
            let end = value
                .find(|c: char| c == ';' || c == '"' || c == '\'' || c.is_whitespace())
                .unwrap_or(value.len());
            return value
                .get(..end)
                .map(str::to_string)
                .filter(|v| !v.is_empty());
        }
    }
    None
}

/// Elements dropped with all their content; their content is not even parsed as markup
/// (raw text), except for `<svg>`, `<math>` and friends, whose content is markup.
const RAW_TEXT: &[&str] = &[
    "script", "style", "noscript", "template", "textarea", "xmp", "iframe", "noembed", "noframes",
];

/// Elements dropped with their content, which is ordinary markup.
const DROPPED: &[&str] = &[
    "nav", "aside", "footer", "button", "select", "svg", "math", "object", "canvas", "audio",
    "video", "dialog", "menu",
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
    /// Where the element's start tag starts, and whether it is cut from the slim page.
    start: usize,
    cut: bool,
}

/// Metadata read from `<meta>` tags and JSON-LD.
#[derive(Default)]
struct Meta {
    og_title: Option<String>,
    ld_headline: Option<String>,
    ld_body: Option<String>,
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
    meta: Meta,
    /// Byte ranges left out of the slim page, in order.
    cuts: Vec<(usize, usize)>,
    depth: usize,
    max_depth: usize,
    elements: usize,
}

/// Elements cut from the slim page with their content (besides [`RAW_TEXT`]): markup that
/// is never article text.
const CUT: &[&str] = &["svg", "math"];

impl Scanner<'_> {
    /// Cuts `start..end` from the slim page, unless an enclosing cut already does.
    fn cut(&mut self, start: usize, end: usize) {
        if !self.skip.as_ref().is_some_and(|s| s.cut) && end > start {
            self.cuts.push((start, end));
        }
    }

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
            let start = self.pos;
            self.pos = find_from(self.html, self.pos + 4, "-->").map_or(self.html.len(), |e| e + 3);
            self.cut(start, self.pos);
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
        let tag_start = self.pos;
        let tag = parse_tag(self.html, name_start);
        self.pos = tag.end;
        if is_end {
            self.depth = self.depth.saturating_sub(1);
            self.end_tag(&tag.name);
        } else {
            self.elements += 1;
            if !VOID.contains(&tag.name.as_str()) && !tag.self_closing {
                self.depth += 1;
                self.max_depth = self.max_depth.max(self.depth);
            }
            self.start_tag(&tag, tag_start);
        }
    }

    fn start_tag(&mut self, tag: &Tag, tag_start: usize) {
        let name = tag.name.as_str();
        if RAW_TEXT.contains(&name) {
            self.depth = self.depth.saturating_sub(1);
            self.raw_text(tag);
            self.cut(tag_start, self.pos);
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
            self.depth = self.depth.saturating_sub(1);
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
        if DROPPED.contains(&name) || is_furniture(tag) || is_hidden(tag) {
            self.skip = Some(Skip {
                name: name.to_string(),
                depth: 1,
                start: tag_start,
                cut: CUT.contains(&name),
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
                    let (start, cut) = (skip.start, skip.cut);
                    self.skip = None;
                    if cut {
                        self.cut(start, self.pos);
                    }
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
                self.json_ld(content);
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

    /// Reads a JSON-LD block: `datePublished`, `headline` and `articleBody` of the first
    /// object that has them (the longest `articleBody`). Pages often carry JSON-LD that is not
    /// quite valid JSON: then the date alone is read by a plain key scan.
    fn json_ld(&mut self, content: &str) {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(content.trim()) else {
            if let Some(date) = json_ld_date(content) {
                self.dates.offer(Rank::JsonLd, &date);
            }
            return;
        };
        let mut stack = vec![&value];
        let mut visited = 0;
        while let Some(v) = stack.pop() {
            visited += 1;
            if visited > 10_000 {
                break;
            }
            match v {
                serde_json::Value::Array(items) => stack.extend(items.iter().rev()),
                serde_json::Value::Object(map) => {
                    let text = |key: &str| map.get(key).and_then(|v| v.as_str());
                    if let Some(date) = text("datePublished") {
                        self.dates.offer(Rank::JsonLd, date);
                    }
                    if let Some(h) = text("headline").map(str::trim).filter(|h| !h.is_empty()) {
                        self.meta
                            .ld_headline
                            .get_or_insert_with(|| decode_entities(h).into_owned());
                    }
                    if let Some(body) = text("articleBody") {
                        let longer = self
                            .meta
                            .ld_body
                            .as_ref()
                            .is_none_or(|b| b.len() < body.len());
                        if longer {
                            self.meta.ld_body = Some(body.to_string());
                        }
                    }
                    if let Some(graph) = map.get("@graph") {
                        stack.push(graph);
                    }
                }
                _ => {}
            }
        }
    }

    /// Reads metadata (publication date, `og:title`) from a start tag.
    fn metadata(&mut self, tag: &Tag) {
        match tag.name.as_str() {
            "meta" => {
                let Some(content) = tag.attr("content") else {
                    return;
                };
                let is_title = ["property", "name"]
                    .iter()
                    .filter_map(|a| tag.attr(a))
                    .any(|k| {
                        let k = k.trim();
                        k.eq_ignore_ascii_case("og:title")
                            || k.eq_ignore_ascii_case("twitter:title")
                    });
                if is_title && self.meta.og_title.is_none() && !content.trim().is_empty() {
                    self.meta.og_title =
                        Some(content.split_whitespace().collect::<Vec<_>>().join(" "));
                }
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
pub(super) struct Text {
    pub(super) buf: String,
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
    pub(super) fn push(&mut self, text: &str) {
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

    pub(super) fn space(&mut self) {
        self.pending = self.pending.max(Break::Space);
    }

    /// A line break; a second one in a row (`<br><br>`) is a paragraph break.
    pub(super) fn line(&mut self) {
        self.pending = if self.pending >= Break::Line {
            Break::Paragraph
        } else {
            Break::Line
        };
    }

    pub(super) fn paragraph(&mut self) {
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
                .split_ascii_whitespace()
                .map(str::to_ascii_lowercase)
                .filter(|token| !is_state_class(token))
                .any(|token| {
                    token
                        .split(['-', '_'])
                        .any(|part| FURNITURE.contains(&part))
                })
        })
}

/// Whether a class says what state the page's layout is in (`has-sidebar`, `menu-open`,
/// `ad-free`) rather than what the element is.
fn is_state_class(token: &str) -> bool {
    ["has-", "with-", "no-", "is-", "show-", "hide-"]
        .iter()
        .any(|p| token.starts_with(p))
        || [
            "-open", "-ready", "-active", "-free", "-enabled", "-visible", "-loaded",
        ]
        .iter()
        .any(|s| token.ends_with(s))
}

/// Whether an element is hidden: the `hidden` attribute, `aria-hidden="true"`, or an inline
/// style with `display: none` or `visibility: hidden`.
fn is_hidden(tag: &Tag) -> bool {
    if CONTAINERS.contains(&tag.name.as_str()) {
        return false;
    }
    if tag.attrs.iter().any(|(n, _)| n == "hidden")
        || tag
            .attr("aria-hidden")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    {
        return true;
    }
    tag.attr("style").is_some_and(|style| {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        style.contains("display:none") || style.contains("visibility:hidden")
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
pub(super) fn decode_entities(text: &str) -> Cow<'_, str> {
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

pub(super) fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
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
        assert_eq!(scan(page).text, "Real text.");
    }

    #[test]
    fn blocks_break_paragraphs_and_inline_tags_do_not() {
        let page =
            "<p>One <b>bold</b>\n   word.</p><p>Two<br>lines</p><ul><li>a</li><li>b</li></ul>";
        assert_eq!(scan(page).text, "One bold word.\n\nTwo\nlines\n\na\n\nb");
    }

    #[test]
    fn headline_and_title_are_read_apart_from_the_text() {
        let page = "<title>Site | News</title><p>Kicker</p><h1>Headline</h1><p>Body</p>";
        let s = scan(page);
        assert_eq!(s.text, "Kicker\n\nBody");
        assert_eq!(s.h1.as_deref(), Some("Headline"));
        assert_eq!(s.title.as_deref(), Some("Site | News"));
        let s = scan("<head><title>Only &amp; title</title></head><p>Body</p>");
        assert_eq!((s.h1, s.title.as_deref()), (None, Some("Only & title")));
    }

    #[test]
    fn og_title_and_json_ld_headline_and_body_are_read() {
        let page = "<meta property=\"og:title\" content=\" Panne   de Free \">\
            <script type=\"application/ld+json\">{\"@graph\": [{\"@type\": \"WebPage\"}, \
            {\"headline\": \"Free en panne\", \"articleBody\": \"Les abonn&eacute;s...\"}]}</script>";
        let s = scan(page);
        assert_eq!(s.og_title.as_deref(), Some("Panne de Free"));
        assert_eq!(s.ld_headline.as_deref(), Some("Free en panne"));
        assert_eq!(s.ld_body.as_deref(), Some("Les abonn&eacute;s..."));
    }

    #[test]
    fn the_slim_page_has_no_scripts_styles_comments_or_svg() {
        let page = "<html><head><style>p{}</style><script>var a = '<p>x</p>';</script></head>\
            <body><!-- c --><p>One<svg><title>icon</title><path d=''/></svg>two</p></body></html>";
        assert_eq!(
            scan(page).slim,
            "<html><head>  </head><body> <p>One two</p></body></html>"
        );
    }

    #[test]
    fn hidden_elements_and_double_breaks() {
        let page = "<p>Shown</p><div hidden>Hidden</div><p style=\"display: none\">Gone</p>\
            <div aria-hidden=\"true\">Icon</div><p>One<br><br>Two<br>Three</p>";
        assert_eq!(scan(page).text, "Shown\n\nOne\n\nTwo\nThree");
    }

    #[test]
    fn published_date_sources_in_order_of_trust() {
        let time = "<time datetime=\"2025-03-01\">1 mars</time>";
        let meta = "<meta name=\"date\" content=\"2025-03-02\">";
        let ld = "<script type=\"application/ld+json\">{\"datePublished\": \"2025-03-03T10:00:00Z\"}</script>";
        let og = "<meta property=\"article:published_time\" content=\"2025-03-04T08:00:00+01:00\">";
        assert_eq!(scan(time).published.as_deref(), Some("2025-03-01"));
        let two = format!("{time}{meta}");
        assert_eq!(scan(&two).published.as_deref(), Some("2025-03-02"));
        let three = format!("{time}{meta}{ld}");
        assert_eq!(scan(&three).published.as_deref(), Some("2025-03-03"));
        let four = format!("{time}{ld}{og}{meta}");
        assert_eq!(scan(&four).published.as_deref(), Some("2025-03-04"));
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
            let _ = scan(page);
        }
        assert_eq!(scan("a < b and c > d").text, "a < b and c > d");
        assert_eq!(scan("<p>unclosed <b>bold").text, "unclosed bold");
    }

    #[test]
    fn entities_in_text_and_attributes() {
        assert_eq!(
            scan("<p>Caf&eacute; &amp; th&#233; &#x263A; &bogus; AT&T</p>").text,
            "Café & thé ☺ &bogus; AT&T"
        );
    }

    #[test]
    fn nested_dropped_elements_end_at_their_own_end_tag() {
        let page = "<aside><aside>x</aside>still dropped</aside><p>kept</p>";
        assert_eq!(scan(page).text, "kept");
    }
}
