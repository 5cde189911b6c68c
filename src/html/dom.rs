//! The DOM pass: the slim page is parsed (html5ever, through `dom_query`), the article found
//! by `dom_smoothie` (Readability's content scoring), and its text written here.

use dom_query::{Document, NodeRef};

use super::scan::{Scan, Text};

/// Pages larger than this (after the scanner's cuts) are not parsed into a tree: the
/// scanner's reading stands in.
const MAX_SLIM_BYTES: usize = 8 << 20;

/// Pages that nest elements deeper than this are not parsed into a tree either (a tree that
/// deep is a hostile page, not an article).
const MAX_DEPTH: usize = 1_500;

/// Pages with more elements than this neither.
const MAX_ELEMENTS: usize = 150_000;

/// Elements whose content is never article text.
const SKIPPED: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "math",
    "button",
    "select",
    "textarea",
    "input",
    "iframe",
    "object",
    "embed",
    "canvas",
    "video",
    "audio",
    "figcaption",
];

/// Elements whose start and end are paragraph breaks.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "legend",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "tfoot",
    "thead",
    "tr",
    "ul",
];

/// Elements whose start and end separate words.
const CELLS: &[&str] = &["td", "th", "img", "label", "option"];

/// The article text of a page, or `None` when the DOM pass finds no article.
pub(super) fn main_text(page: &Scan) -> Option<String> {
    if page.slim.len() > MAX_SLIM_BYTES
        || page.max_depth > MAX_DEPTH
        || page.elements > MAX_ELEMENTS
    {
        return None;
    }
    let cfg = dom_smoothie::Config {
        disable_json_ld: true,
        // The classes say which boxes are captions, bylines, share bars…
        keep_classes: true,
        ..Default::default()
    };
    let doc = Document::from(page.slim.as_str());
    mark_boxes(&doc);
    let mut readability = dom_smoothie::Readability::with_document(doc, None, Some(cfg)).ok()?;
    let article = readability.parse().ok()?;
    let content = Document::fragment(article.content);
    let total = content.root().text().chars().count();
    let mut text = Text::default();
    for root in content.root().children() {
        write_text(&root, total, &mut text);
    }
    Some(text.buf).filter(|t| !t.trim().is_empty())
}

/// What to do when leaving an element.
enum Step<'a> {
    Enter(NodeRef<'a>),
    Leave(Break),
}

#[derive(Clone, Copy)]
enum Break {
    None,
    Space,
    Paragraph,
}

/// Parts of a `class` or `id` that mark boxes around the article text rather than the text:
/// matched anywhere in the value (`captionlink`, `photo-credit`, `socialIcon`).
const BOILERPLATE_WORDS: &[&str] = &[
    "caption",
    "credit",
    "gallery",
    "slideshow",
    "carousel",
    "byline",
    "dateline",
    "timestamp",
    "newsletter",
    "subscribe",
    "related",
    "social",
    "share",
    "breadcrumb",
    "advert",
    "sponsor",
    "promo",
    "comment",
    "author",
    "disclaimer",
    "copyright",
    "cookie",
    "consent",
];

/// Short parts of a `class` or `id` with the same meaning: matched on whole `-`/`_`/space
/// separated parts only (`ad` in `top-ad`, not in `header`).
const BOILERPLATE_PARTS: &[&str] = &[
    "ad", "ads", "date", "time", "meta", "tags", "bio", "nav", "menu", "toolbar",
];

/// Elements that may be left out as link lists or boilerplate boxes.
const BOXES: &[&str] = &[
    "div", "section", "aside", "header", "footer", "nav", "ul", "ol", "li", "p", "span", "dl",
    "table", "figure", "time", "address",
];

/// The name given to elements whose class or id marks a box around the article text:
/// Readability rewrites `<div>`s (and forgets their classes), never elements it does not
/// know, so the mark survives until the text is written.
const BOX: &str = "outage-news-box";

/// Renames the elements whose class or id says caption, byline, share bar… to [`BOX`].
fn mark_boxes(doc: &Document) {
    for node in doc.select("[class], [id]").nodes() {
        let Some(name) = node.node_name() else {
            continue;
        };
        if !BOXES.contains(&name.as_ref()) {
            continue;
        }
        let marked = ["class", "id"]
            .iter()
            .filter_map(|a| node.attr(a))
            .any(|value| {
                let lower = value.to_ascii_lowercase();
                BOILERPLATE_WORDS.iter().any(|w| lower.contains(w))
                    || lower
                        .split(|c: char| c.is_ascii_whitespace() || c == '-' || c == '_')
                        .any(|part| BOILERPLATE_PARTS.contains(&part))
            });
        if marked {
            node.rename(BOX);
        }
    }
}

/// Whether an element of the article is a box around it (caption, byline, share bar, link
/// list) rather than its text. `total` is the article's text length: a box never holds more
/// than a quarter of it (a wrapper whose class says `has-comments` is still the article).
fn is_boilerplate(node: &NodeRef, name: &str, total: usize) -> bool {
    if name != BOX && !BOXES.contains(&name) {
        return false;
    }
    let marked = matches!(name, BOX | "time" | "header" | "footer" | "nav" | "aside");
    // Link text, counted only when there are links (most paragraphs have none).
    let links = if marked {
        0
    } else if name == "span" {
        // An inline link is part of its sentence.
        return false;
    } else {
        let anchors = node.find(&["a"]);
        if anchors.is_empty() {
            return false;
        }
        anchors.iter().map(|a| a.text().chars().count()).sum()
    };
    let len = node.text().chars().count();
    if len == 0 || len * 4 > total {
        return false;
    }
    // A marked box, or a link list: most of its text is link text.
    marked || links * 2 > len
}

/// Appends the text of `root` and its descendants (iteratively: no recursion on deep trees).
fn write_text(root: &NodeRef, total: usize, text: &mut Text) {
    let mut stack = vec![Step::Enter(*root)];
    while let Some(step) = stack.pop() {
        let node = match step {
            Step::Leave(brk) => {
                match brk {
                    Break::None => {}
                    Break::Space => text.space(),
                    Break::Paragraph => text.paragraph(),
                }
                continue;
            }
            Step::Enter(node) => node,
        };
        if node.is_text() {
            text.push(&node.text());
            continue;
        }
        if !node.is_element() {
            continue;
        }
        let name = node.node_name().unwrap_or_default();
        let name = name.as_ref();
        if SKIPPED.contains(&name) || is_boilerplate(&node, name, total) {
            continue;
        }
        let brk = if name == "br" {
            text.line();
            Break::None
        } else if BLOCKS.contains(&name) || name == BOX {
            text.paragraph();
            Break::Paragraph
        } else if CELLS.contains(&name) {
            text.space();
            Break::Space
        } else {
            Break::None
        };
        stack.push(Step::Leave(brk));
        let children = node.children();
        stack.extend(children.into_iter().rev().map(Step::Enter));
    }
}
