//! A deterministic generator of realistic article folders for the benchmarks.
//!
//! It recombines and varies the project's own corpus (`corpus/articles`): each generated
//! article starts from a corpus article, gets its services swapped for others of the
//! lexicon's best-known ones, its years shifted, sometimes a paragraph of another article of
//! the same language, and is then written
//!
//! * as is (about 85%),
//! * mangled (about 10%): UTF-8 read as windows-1252 once or twice, or mangled line by line,
//! * or, for about 3%, as a long live-blog page of 100 KB and more (many paragraphs of the
//!   same language stacked under timestamps).
//!
//! Articles in other languages come in with the corpus's `other/` folder (about 5% of the
//! picks are forced there). [`Corpus::article_bytes`] makes instead articles of one size:
//! each is topped up with paragraphs of other articles of its language, and no live blogs. Files go to `<out>/<nnn>/<nnnnnnn>.txt`, a thousand per folder,
//! as a newsroom archive would be sharded. The same seed always gives the same bytes.

#![allow(dead_code)] // each bench uses a part of it

use std::path::{Path, PathBuf};

/// What a run of the generator wrote.
#[derive(Debug, Clone, Copy, Default)]
pub struct Generated {
    /// Files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
}

/// SplitMix64: small, fast, and good enough to pick articles reproducibly.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// Services swapped for one another (names as articles write them).
const SERVICES: &[&str] = &[
    "ChatGPT",
    "Claude",
    "Gemini",
    "Copilot",
    "WhatsApp",
    "Instagram",
    "Facebook",
    "Telegram",
    "Discord",
    "Slack",
    "Teams",
    "Outlook",
    "Gmail",
    "YouTube",
    "Netflix",
    "Spotify",
    "Zoom",
    "GitHub",
    "Cloudflare",
    "AWS",
    "Azure",
    "Shopify",
    "Canva",
    "Reddit",
    "Twitch",
    "Steam",
];

/// The corpus, by language folder.
pub struct Corpus {
    by_language: Vec<(String, Vec<String>)>,
    /// When set, every article is about this long and there are no live blogs.
    article_bytes: Option<usize>,
}

impl Corpus {
    /// Reads `corpus/articles/{it,fr,en,other}`.
    pub fn load() -> Corpus {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/articles");
        let mut by_language = Vec::new();
        for lang in ["it", "fr", "en", "other"] {
            let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(lang))
                .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
                .unwrap_or_default();
            files.sort();
            let texts = files
                .iter()
                .filter_map(|p| std::fs::read_to_string(p).ok())
                .collect();
            by_language.push((lang.to_string(), texts));
        }
        Corpus {
            by_language,
            article_bytes: None,
        }
    }

    /// Makes every article about `bytes` long (mean within a few percent), by topping it up
    /// with paragraphs of other articles of its language; no live blogs.
    pub fn article_bytes(mut self, bytes: usize) -> Corpus {
        self.article_bytes = Some(bytes);
        self
    }

    /// Article `i` of the generated sequence for `seed`.
    pub fn article(&self, seed: u64, i: usize) -> Vec<u8> {
        let mut rng = Rng(seed ^ (i as u64).wrapping_mul(0xA24B_AED4_963E_E407));
        let lang = if rng.chance(5) { 3 } else { rng.below(3) };
        let Some((_, texts)) = self.by_language.get(lang) else {
            return Vec::new();
        };
        if texts.is_empty() {
            return Vec::new();
        }
        let base = &texts[rng.below(texts.len())];
        let mut text = vary(base, &mut rng);
        if rng.chance(30) {
            let other = &texts[rng.below(texts.len())];
            if let Some(paragraph) = other.split("\n\n").nth(2) {
                text.push_str("\n\n");
                text.push_str(paragraph);
            }
        }
        match self.article_bytes {
            // Paragraphs average about 300 bytes: stop short of the size, land around it.
            Some(bytes) => top_up(&mut text, bytes.saturating_sub(240), texts, &mut rng),
            None if rng.chance(3) => text = live_blog(&text, texts, &mut rng),
            None => {}
        }
        if rng.chance(10) {
            return mangle(&text, &mut rng).into_bytes();
        }
        text.into_bytes()
    }

    /// Writes `n` articles under `out` (created), sharded a thousand per folder.
    pub fn write(&self, out: &Path, n: usize, seed: u64) -> std::io::Result<Generated> {
        let mut done = Generated::default();
        for i in 0..n {
            let dir = out.join(format!("{:03}", i / 1000));
            if i % 1000 == 0 {
                std::fs::create_dir_all(&dir)?;
            }
            let bytes = self.article(seed, i);
            std::fs::write(dir.join(format!("{i:07}.txt")), &bytes)?;
            done.files += 1;
            done.bytes += bytes.len() as u64;
        }
        Ok(done)
    }
}

/// Swaps one service for another everywhere and shifts four-digit years.
fn vary(text: &str, rng: &mut Rng) -> String {
    let from = SERVICES[rng.below(SERVICES.len())];
    let to = SERVICES[rng.below(SERVICES.len())];
    let mut out = text.replace(from, to);
    let shift = rng.below(4) as i32 - 2;
    if shift != 0 {
        for year in 2018..=2026 {
            let y = year.to_string();
            if out.contains(&y) {
                out = out.replace(&y, &(year + shift).to_string());
            }
        }
    }
    out
}

/// Appends paragraphs of other articles of the language until `text` reaches `min` bytes.
fn top_up(text: &mut String, min: usize, texts: &[String], rng: &mut Rng) {
    let mut attempts = 0;
    while text.len() < min && attempts < 1_000 {
        attempts += 1;
        let other = &texts[rng.below(texts.len())];
        let paragraphs: Vec<&str> = other
            .split("\n\n")
            .skip(1)
            .filter(|p| p.len() > 80)
            .collect();
        if let Some(p) = paragraphs.get(rng.below(paragraphs.len().max(1))) {
            text.push_str("\n\n");
            text.push_str(p);
        }
    }
}

/// A long live-blog page: the article, then timestamped paragraphs of the same language
/// until it passes 100 KB.
fn live_blog(text: &str, texts: &[String], rng: &mut Rng) -> String {
    let mut page = String::from(text);
    let mut minute = 9 * 60;
    let mut attempts = 0;
    while page.len() < 100_000 && attempts < 10_000 {
        attempts += 1;
        let other = &texts[rng.below(texts.len())];
        let paragraphs: Vec<&str> = other.split("\n\n").filter(|p| p.len() > 80).collect();
        if paragraphs.is_empty() {
            continue;
        }
        minute += 1 + rng.below(12);
        page.push_str(&format!(
            "\n\n{:02}:{:02} – {}",
            (minute / 60) % 24,
            minute % 60,
            paragraphs[rng.below(paragraphs.len())]
        ));
    }
    page
}

/// Mangles text the ways scrapers do: UTF-8 read as windows-1252 once or twice, or one
/// line in two.
fn mangle(text: &str, rng: &mut Rng) -> String {
    let once = |t: &str| {
        encoding_rs::WINDOWS_1252
            .decode(t.as_bytes())
            .0
            .into_owned()
    };
    match rng.below(3) {
        0 => once(text),
        1 => once(&once(text)),
        _ => text
            .split_inclusive('\n')
            .enumerate()
            .map(|(i, line)| {
                if i % 2 == 0 {
                    once(line)
                } else {
                    line.to_string()
                }
            })
            .collect(),
    }
}
