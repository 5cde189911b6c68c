//! The main-text extraction metric of `../shared/htmldev/score.py`, in Rust, and the loading
//! of its pages. Shared by `tests/html_quality.rs` and the comparison bench
//! (`benches/html-extractors`), so both score exactly as the Python scorer does:
//!
//! * text is cut into `\w+` tokens (Unicode letters, digits and `_`);
//! * 4-word shingles (or one shorter shingle when the text has fewer than 4 tokens) are
//!   counted with multiplicity;
//! * per page, true positives, false positives and false negatives are normalised to sum 1;
//! * precision is averaged over the pages with something predicted or true-positive, recall
//!   over the pages with something true; F1 is their harmonic mean;
//! * a page whose recall is under 0.2 has its body lost.

#![allow(dead_code)]

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

/// One benchmark page: its id, its bytes (un-gzipped) and the article body a person marked.
pub struct Page {
    pub id: String,
    pub html: Vec<u8>,
    pub truth: String,
}

/// Loads `pages/<id>.html.gz` and `ground-truth.json` from `dir`, sorted by id.
pub fn load(dir: &Path) -> Result<Vec<Page>, String> {
    let truth_path = dir.join("ground-truth.json");
    let truth_text = std::fs::read_to_string(&truth_path)
        .map_err(|e| format!("{}: {e}", truth_path.display()))?;
    let truth: serde_json::Value =
        serde_json::from_str(&truth_text).map_err(|e| format!("{}: {e}", truth_path.display()))?;
    let truth = truth
        .as_object()
        .ok_or_else(|| format!("{}: not an object", truth_path.display()))?;
    let mut pages = Vec::new();
    for (id, entry) in truth {
        let path = dir.join("pages").join(format!("{id}.html.gz"));
        let gz = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut html = Vec::new();
        flate2::read::GzDecoder::new(gz.as_slice())
            .read_to_end(&mut html)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let body = entry
            .get("articleBody")
            .and_then(|b| b.as_str())
            .unwrap_or("")
            .to_string();
        pages.push(Page {
            id: id.clone(),
            html,
            truth: body,
        });
    }
    pages.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(pages)
}

/// The `\w+` tokens of a text (Python's Unicode `\w`: letters, digits, `_`).
pub fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .collect()
}

/// The 4-word shingles of a text with their counts.
pub fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let toks = tokens(text);
    let mut counts = HashMap::new();
    if toks.is_empty() {
        return counts;
    }
    let n = 4;
    let windows = toks.len().saturating_sub(n - 1).max(1);
    for i in 0..windows {
        let end = (i + n).min(toks.len());
        if let Some(s) = toks.get(i..end) {
            *counts.entry(s.to_vec()).or_insert(0) += 1;
        }
    }
    counts
}

/// A page's true positives, false positives and false negatives, normalised to sum 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Counts {
    pub tp: f64,
    pub fp: f64,
    pub fn_: f64,
}

impl Counts {
    /// Compares predicted text with the true text.
    pub fn of(truth: &str, pred: &str) -> Counts {
        let t = shingles(truth);
        let p = shingles(pred);
        let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
        for (s, &pc) in &p {
            let tc = t.get(s).copied().unwrap_or(0);
            tp += pc.min(tc);
            fp += pc.saturating_sub(tc);
        }
        for (s, &tc) in &t {
            fn_ += tc.saturating_sub(p.get(s).copied().unwrap_or(0));
        }
        let sum = (tp + fp + fn_) as f64;
        if sum == 0.0 {
            return Counts {
                tp: 0.0,
                fp: 0.0,
                fn_: 0.0,
            };
        }
        Counts {
            tp: tp as f64 / sum,
            fp: fp as f64 / sum,
            fn_: fn_ as f64 / sum,
        }
    }

    pub fn precision(&self) -> f64 {
        if self.fp == 0.0 && self.fn_ == 0.0 {
            1.0
        } else if self.tp == 0.0 && self.fp == 0.0 {
            0.0
        } else {
            self.tp / (self.tp + self.fp)
        }
    }

    pub fn recall(&self) -> f64 {
        if self.fp == 0.0 && self.fn_ == 0.0 {
            1.0
        } else if self.tp == 0.0 && self.fn_ == 0.0 {
            0.0
        } else {
            self.tp / (self.tp + self.fn_)
        }
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    }
}

/// The scores of an extractor over the pages.
#[derive(Debug, Clone)]
pub struct Score {
    pub f1: f64,
    pub precision: f64,
    pub recall: f64,
    /// The ids of the pages whose recall is under 0.2.
    pub lost: Vec<String>,
    /// Each page's id and counts.
    pub pages: Vec<(String, Counts)>,
}

/// Scores predicted texts (`(id, truth, prediction)`) as score.py does.
pub fn score<'a>(pages: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>) -> Score {
    let pages: Vec<(String, Counts)> = pages
        .into_iter()
        .map(|(id, truth, pred)| (id.to_string(), Counts::of(truth, pred)))
        .collect();
    let mean = |values: Vec<f64>| {
        if values.is_empty() {
            0.0
        } else {
            values.iter().sum::<f64>() / values.len() as f64
        }
    };
    let precision = mean(
        pages
            .iter()
            .filter(|(_, c)| c.tp + c.fp > 0.0)
            .map(|(_, c)| c.precision())
            .collect(),
    );
    let recall = mean(
        pages
            .iter()
            .filter(|(_, c)| c.tp + c.fn_ > 0.0)
            .map(|(_, c)| c.recall())
            .collect(),
    );
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    let mut lost: Vec<String> = pages
        .iter()
        .filter(|(_, c)| c.recall() < 0.2)
        .map(|(id, _)| id.clone())
        .collect();
    lost.sort();
    Score {
        f1,
        precision,
        recall,
        lost,
        pages,
    }
}
