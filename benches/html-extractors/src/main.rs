//! Main-text extraction on `../shared/htmldev`: outage-news's HTML stage against the maintained
//! Rust extractors, for quality (score.py's metric) and speed (one thread, pages in memory,
//! already decoded to text by outage-news's decoder).
//!
//!     cargo run --release --manifest-path benches/html-extractors/Cargo.toml --target-dir target
//!
//! Options: `--reps N` (timed passes over the 91 pages per candidate; the best is kept,
//! default 3), `--only NAME` (a candidate whose name contains NAME), `--texts DIR` (writes
//! `<candidate>.jsonl` files for `score.py --texts`), `-v` (each candidate's worst pages).
//! `HTMLDEV` overrides where the pages are.

#[path = "../../../tests/common/htmldev.rs"]
mod htmldev;

use std::path::PathBuf;
use std::time::{Duration, Instant};

type Extractor = fn(&str) -> String;

fn outage_news_stage(html: &str) -> String {
    outage_news::html::extract(html).text
}

fn dom_smoothie_with(html: &str, mode: dom_smoothie::TextMode) -> String {
    let cfg = dom_smoothie::Config {
        text_mode: mode,
        ..Default::default()
    };
    match dom_smoothie::Readability::new(html, None, Some(cfg)) {
        Ok(mut r) => r
            .parse()
            .map(|a| a.text_content.to_string())
            .unwrap_or_default(),
        Err(_) => String::new(),
    }
}

fn dom_smoothie_formatted(html: &str) -> String {
    dom_smoothie_with(html, dom_smoothie::TextMode::Formatted)
}

fn dom_smoothie_raw(html: &str) -> String {
    dom_smoothie_with(html, dom_smoothie::TextMode::Raw)
}

fn trafilatura_default(html: &str) -> String {
    trafilatura::extract(html, &trafilatura::Options::default())
        .map(|r| r.content_text)
        .unwrap_or_default()
}

fn trafilatura_fallback(html: &str) -> String {
    trafilatura::extract(html, &trafilatura::Options::default().with_fallback(true))
        .map(|r| r.content_text)
        .unwrap_or_default()
}

fn libreadability(html: &str) -> String {
    libreadability::extract(html, None)
        .map(|a| a.text_content)
        .unwrap_or_default()
}

fn rs_trafilatura(html: &str) -> String {
    rs_trafilatura::extract(html)
        .map(|r| r.content_text)
        .unwrap_or_default()
}

/// html5ever building a DOM, nothing else: the floor of any DOM-based extractor.
fn html5ever_parse_only(html: &str) -> String {
    use html5ever::tendril::TendrilSink;
    let dom = html5ever::parse_document(markup5ever_rcdom::RcDom::default(), Default::default())
        .one(html);
    drop(dom);
    String::new()
}

const CANDIDATES: &[(&str, &str, Extractor)] = &[
    ("outage-news html stage", "outage-news", outage_news_stage),
    (
        "dom_smoothie (TextMode::Formatted)",
        "dom_smoothie",
        dom_smoothie_formatted,
    ),
    (
        "dom_smoothie (TextMode::Raw)",
        "dom_smoothie",
        dom_smoothie_raw,
    ),
    ("trafilatura", "trafilatura", trafilatura_default),
    (
        "trafilatura (with_fallback)",
        "trafilatura",
        trafilatura_fallback,
    ),
    ("libreadability", "libreadability", libreadability),
    ("rs-trafilatura", "rs-trafilatura", rs_trafilatura),
    ("html5ever parse only", "html5ever", html5ever_parse_only),
];

fn main() {
    let mut reps = 3usize;
    let mut only: Option<String> = None;
    let mut texts_dir: Option<PathBuf> = None;
    let mut verbose = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--reps" => reps = args.next().and_then(|n| n.parse().ok()).unwrap_or(reps),
            "--only" => only = args.next(),
            "--texts" => texts_dir = args.next().map(PathBuf::from),
            "-v" => verbose = true,
            other => {
                eprintln!("unknown argument {other}");
                std::process::exit(2);
            }
        }
    }
    let dir = std::env::var_os("HTMLDEV")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../../shared/htmldev"
            ))
        });
    let pages = htmldev::load(&dir).unwrap_or_else(|e| {
        eprintln!("cannot load the pages: {e}");
        std::process::exit(1);
    });
    let texts: Vec<String> = pages
        .iter()
        .map(|p| {
            outage_news::decode::decode(&p.html)
                .map(|d| d.text)
                .unwrap_or_default()
        })
        .collect();
    let mb = texts.iter().map(String::len).sum::<usize>() as f64 / 1e6;
    println!(
        "{} pages, {mb:.1} MB; best of {reps} passes, one thread\n",
        pages.len()
    );
    println!("| candidate | crate | F1 | P | R | body lost | pages/s |");
    println!("|---|---|---:|---:|---:|---:|---:|");
    for (name, krate, extract) in CANDIDATES {
        if only.as_ref().is_some_and(|o| !name.contains(o.as_str())) {
            continue;
        }
        let mut outputs: Vec<String> = Vec::new();
        let mut best = Duration::MAX;
        for _ in 0..reps.max(1) {
            let start = Instant::now();
            outputs = texts.iter().map(|t| extract(t)).collect();
            best = best.min(start.elapsed());
        }
        let rate = pages.len() as f64 / best.as_secs_f64();
        if *krate == "html5ever" {
            println!("| {name} | {krate} | — | — | — | — | {rate:.0} |");
            continue;
        }
        let score = htmldev::score(
            pages
                .iter()
                .zip(&outputs)
                .map(|(p, o)| (p.id.as_str(), p.truth.as_str(), o.as_str())),
        );
        println!(
            "| {name} | {krate} | {:.3} | {:.3} | {:.3} | {} | {rate:.0} |",
            score.f1,
            score.precision,
            score.recall,
            score.lost.len()
        );
        if verbose {
            let mut worst = score.pages.clone();
            worst.sort_by(|a, b| a.1.f1().total_cmp(&b.1.f1()));
            for (id, c) in worst.iter().take(8) {
                eprintln!(
                    "    {id}  F1 {:.3}  P {:.3}  R {:.3}",
                    c.f1(),
                    c.precision(),
                    c.recall()
                );
            }
        }
        if let Some(dir) = &texts_dir {
            let _ = std::fs::create_dir_all(dir);
            let file: String = pages
                .iter()
                .zip(&outputs)
                .map(|(p, o)| serde_json::json!({"id": p.id, "text": o}).to_string() + "\n")
                .collect();
            let slug: String = name
                .chars()
                .map(|c| if c.is_alphanumeric() { c } else { '-' })
                .collect();
            let _ = std::fs::write(dir.join(format!("{slug}.jsonl")), file);
        }
    }
}
