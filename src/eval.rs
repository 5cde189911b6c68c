//! Evaluation: compare records with expected fields and report precision and recall.
//!
//! The expected tree mirrors the article tree: for `articles/it/x.txt` the expectation is
//! `expected/it/x.txt.json` (see `corpus/README.md` for its format). Set-valued fields
//! (services, HTTP statuses, signals, causes, surfaces, related dates) are scored by micro
//! precision and recall over all articles; single-valued fields (language, dates, resolved)
//! by accuracy, shown in all three columns.
//!
//! [`labels`] scores records against labelled real articles instead (one JSON object per
//! article, the format of the real-article dev set), exactly as that set's `score.py` does.

pub mod labels;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::record::{Record, Role};
use crate::scan::{collect_inputs, Input, Scanner, Selection};

/// Expected fields of one article (the corpus format).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// `it`, `fr`, `en`, `other`, `und`.
    pub language: String,
    /// Whether it is an outage report.
    pub is_outage: bool,
    /// Publication date value, or null.
    pub published: Option<String>,
    /// Incident date value, or null.
    pub incident_date: Option<String>,
    /// Clock time (`HH:MM`) the outage began; `null` when the article gives none. Scored
    /// only for expectations that have the key.
    #[serde(default, deserialize_with = "present")]
    pub incident_time: Option<Option<String>>,
    /// Services by role.
    pub services: ExpectedServices,
    /// HTTP statuses.
    pub http_statuses: Vec<u16>,
    /// Error signals.
    pub error_signals: Vec<String>,
    /// `[category, status]` pairs.
    pub causes: Vec<(String, String)>,
    /// Surfaces.
    pub surfaces: Vec<String>,
    /// Resolved or not, or null.
    pub resolved: Option<bool>,
    /// Related date values.
    pub related_dates: Vec<String>,
    /// Expected decoder label, when it matters.
    #[serde(default)]
    pub encoding: Option<String>,
    /// Whether mojibake repair is expected.
    #[serde(default)]
    pub mojibake_repaired: Option<bool>,
}

/// A key that is present, even as `null`: `Some(None)`; an absent key stays `None`.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// Expected services by role.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ExpectedServices {
    /// Affected services.
    #[serde(default)]
    pub affected: Vec<String>,
    /// Mentioned services.
    #[serde(default)]
    pub mentioned: Vec<String>,
}

/// Counts for one field.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// True positives (or correct answers for accuracy fields).
    pub tp: usize,
    /// False positives (wrong answers for accuracy fields).
    pub fp: usize,
    /// False negatives (wrong answers for accuracy fields).
    #[serde(rename = "fn")]
    pub fn_: usize,
    /// Whether this field is scored by accuracy.
    pub accuracy: bool,
}

impl Counts {
    /// Precision (accuracy for accuracy fields).
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    /// Recall (accuracy for accuracy fields).
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    fn add_sets<T: Ord>(&mut self, got: &BTreeSet<T>, want: &BTreeSet<T>) {
        self.tp += got.intersection(want).count();
        self.fp += got.difference(want).count();
        self.fn_ += want.difference(got).count();
    }

    fn add_answer(&mut self, right: bool) {
        self.accuracy = true;
        if right {
            self.tp += 1;
        } else {
            self.fp += 1;
            self.fn_ += 1;
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// One disagreement between a record and its expectation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Miss {
    /// Article id.
    pub id: String,
    /// Field name.
    pub field: &'static str,
    /// What the record says.
    pub got: String,
    /// What was expected.
    pub want: String,
}

/// The result of an evaluation.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Counts per field, in display order.
    pub fields: BTreeMap<&'static str, Counts>,
    /// Articles compared.
    pub articles: usize,
    /// Records without an expectation, or expectations without a record.
    pub unmatched: Vec<String>,
    /// Every disagreement.
    pub misses: Vec<Miss>,
    /// Affected services that the expectation lists as mentioned.
    pub mentioned_as_affected: usize,
    /// Expected mentioned services in total.
    pub mentioned_total: usize,
}

/// Scans every article under `articles` with `scanner` and compares each record with its
/// expectation `expected/<record id>.json`.
///
/// Records without an expectation, and expectations without an article, are listed in
/// [`Report::unmatched`] (with the reason) rather than failing the whole evaluation.
///
/// ```no_run
/// use std::path::Path;
/// use outage_news::{eval, scan::Scanner, Pipeline};
///
/// let pipeline = Pipeline::builder().build()?;
/// let report = eval::evaluate(&Scanner::new(&pipeline), Path::new("corpus/articles"), Path::new("corpus/expected"));
/// print!("{}", report.table());
/// # Ok::<(), outage_news::Error>(())
/// ```
pub fn evaluate(scanner: &Scanner, articles: &Path, expected: &Path) -> Report {
    let inputs = collect_inputs(&[articles.to_path_buf()], &Selection::default());
    let mut report = Report::default();
    let mut seen = BTreeSet::new();
    let _infallible = scanner.run(&inputs, |record| {
        seen.insert(format!("{}.json", record.id));
        match expected_for(expected, &record.id) {
            Ok(want) => report.add(record, &want),
            Err(err) => report.unmatched.push(format!("no expectation: {err}")),
        }
        Ok::<(), std::convert::Infallible>(())
    });
    // Expectations whose article is missing: the expected tree has a `.json` per article.
    let wanted = collect_inputs(&[expected.to_path_buf()], &Selection::default());
    for input in wanted {
        let Input::File { id, .. } = input else {
            continue;
        };
        if id.ends_with(".json") && !seen.contains(&id) {
            report.unmatched.push(format!(
                "no article for expectation {}",
                expected.join(&id).display()
            ));
        }
    }
    report
}

/// Loads the expectation of every record: `expected_root/<record id>.json`.
pub fn expected_for(expected_root: &std::path::Path, id: &str) -> Result<Expected, String> {
    let path = expected_root.join(format!("{id}.json"));
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Field names, in display order.
pub const FIELDS: &[&str] = &[
    "language",
    "is_outage",
    "services.affected",
    "services.mentioned",
    "published",
    "incident_date",
    "incident_time",
    "http_statuses",
    "error_signals",
    "causes",
    "surfaces",
    "resolved",
    "related_dates",
    "decoding",
];

impl Report {
    /// Adds one article's comparison.
    pub fn add(&mut self, record: &Record, want: &Expected) {
        self.articles += 1;
        let id = record.id.clone();
        let Some(got) = record.article() else {
            let message = record
                .error()
                .map(|e| e.message.clone())
                .unwrap_or_default();
            self.misses.push(Miss {
                id,
                field: "record",
                got: format!("error: {message}"),
                want: "an article record".into(),
            });
            return;
        };
        let mut answer = |field: &'static str, got_v: String, want_v: String| {
            let right = got_v == want_v;
            self.fields.entry(field).or_default().add_answer(right);
            if !right {
                self.misses.push(Miss {
                    id: id.clone(),
                    field,
                    got: got_v,
                    want: want_v,
                });
            }
        };
        answer("language", got.language.code.clone(), want.language.clone());
        let show = |o: &Option<String>| o.clone().unwrap_or_else(|| "null".into());
        answer("published", show(&got.published), show(&want.published));
        answer(
            "incident_date",
            show(&got.incident_date.as_ref().map(|d| d.value.clone())),
            show(&want.incident_date),
        );
        if let Some(want_time) = &want.incident_time {
            let got_time = got
                .incident_date
                .as_ref()
                .and_then(|d| d.time.as_ref())
                .map(|t| t.value.clone());
            answer("incident_time", show(&got_time), show(want_time));
        }
        let showb = |o: Option<bool>| o.map(|b| b.to_string()).unwrap_or_else(|| "null".into());
        answer("resolved", showb(got.resolved), showb(want.resolved));
        if want.encoding.is_some() || want.mojibake_repaired.is_some() {
            let got_d = format!(
                "{}{}",
                want.encoding
                    .as_ref()
                    .map(|_| got.decoding.encoding.as_str())
                    .unwrap_or(""),
                want.mojibake_repaired
                    .map(|_| format!(" repaired={}", got.decoding.mojibake_repaired))
                    .unwrap_or_default()
            );
            let want_d = format!(
                "{}{}",
                want.encoding.as_deref().unwrap_or(""),
                want.mojibake_repaired
                    .map(|m| format!(" repaired={m}"))
                    .unwrap_or_default()
            );
            answer("decoding", got_d, want_d);
        }

        // is_outage: precision/recall of the positive class.
        let c = self.fields.entry("is_outage").or_default();
        match (got.is_outage, want.is_outage) {
            (true, true) => c.tp += 1,
            (true, false) => c.fp += 1,
            (false, true) => c.fn_ += 1,
            (false, false) => {}
        }
        if got.is_outage != want.is_outage {
            self.misses.push(Miss {
                id: id.clone(),
                field: "is_outage",
                got: format!("{} ({})", got.is_outage, got.outage_score),
                want: want.is_outage.to_string(),
            });
        }

        let names = |role: Role| -> BTreeSet<String> {
            got.services
                .iter()
                .filter(|s| s.role == role)
                .map(|s| s.name.clone())
                .collect()
        };
        let want_mentioned: BTreeSet<String> = want.services.mentioned.iter().cloned().collect();
        let got_affected = names(Role::Affected);
        self.mentioned_total += want_mentioned.len();
        self.mentioned_as_affected += got_affected.intersection(&want_mentioned).count();
        let sets: [(&'static str, BTreeSet<String>, BTreeSet<String>); 7] = [
            (
                "services.affected",
                got_affected,
                want.services.affected.iter().cloned().collect(),
            ),
            ("services.mentioned", names(Role::Mentioned), want_mentioned),
            (
                "http_statuses",
                got.errors
                    .iter()
                    .map(|e| e.http_status.to_string())
                    .collect(),
                want.http_statuses.iter().map(|s| s.to_string()).collect(),
            ),
            (
                "error_signals",
                got.error_signals.iter().map(|s| s.to_string()).collect(),
                want.error_signals.iter().cloned().collect(),
            ),
            (
                "causes",
                got.causes
                    .iter()
                    .map(|c| format!("{}/{}", c.category, c.status))
                    .collect(),
                want.causes
                    .iter()
                    .map(|(c, s)| format!("{c}/{s}"))
                    .collect(),
            ),
            (
                "surfaces",
                got.surfaces.iter().map(|s| s.to_string()).collect(),
                want.surfaces.iter().cloned().collect(),
            ),
            (
                "related_dates",
                got.related_dates.iter().map(|d| d.value.clone()).collect(),
                want.related_dates.iter().cloned().collect(),
            ),
        ];
        for (field, got_set, want_set) in sets {
            self.fields
                .entry(field)
                .or_default()
                .add_sets(&got_set, &want_set);
            if got_set != want_set {
                let join = |s: &BTreeSet<String>| s.iter().cloned().collect::<Vec<_>>().join(",");
                self.misses.push(Miss {
                    id: id.clone(),
                    field,
                    got: join(&got_set),
                    want: join(&want_set),
                });
            }
        }
    }

    /// The report as JSON: per-field counts with precision, recall and F1, the
    /// mentioned-as-affected rate, unmatched files and every miss.
    pub fn to_json(&self) -> serde_json::Value {
        let fields: serde_json::Map<String, serde_json::Value> = FIELDS
            .iter()
            .filter_map(|f| self.fields.get(f).map(|c| (f, c)))
            .map(|(f, c)| {
                let value = serde_json::json!({
                    "tp": c.tp, "fp": c.fp, "fn": c.fn_,
                    "precision": c.precision(), "recall": c.recall(), "f1": c.f1(),
                    "scored_by": if c.accuracy { "accuracy" } else { "precision_recall" },
                });
                (f.to_string(), value)
            })
            .collect();
        serde_json::json!({
            "articles": self.articles,
            "fields": fields,
            "mentioned_as_affected": self.mentioned_as_affected,
            "mentioned_total": self.mentioned_total,
            "unmatched": self.unmatched,
            "misses": self.misses,
        })
    }

    /// Counts for a field (zero counts when never seen).
    pub fn counts(&self, field: &str) -> Counts {
        self.fields.get(field).copied().unwrap_or_default()
    }

    /// The table: one row per field with tp, fp, fn, precision, recall, F1.
    pub fn table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{:<20} {:>5} {:>5} {:>5} {:>9} {:>7} {:>6}",
            "field", "tp", "fp", "fn", "precision", "recall", "F1"
        );
        for field in FIELDS {
            let Some(c) = self.fields.get(field) else {
                continue;
            };
            let kind = if c.accuracy { " (accuracy)" } else { "" };
            let _ = writeln!(
                out,
                "{:<20} {:>5} {:>5} {:>5} {:>9.3} {:>7.3} {:>6.3}{kind}",
                field,
                c.tp,
                c.fp,
                c.fn_,
                c.precision(),
                c.recall(),
                c.f1()
            );
        }
        let _ = writeln!(
            out,
            "articles: {}; mentioned services reported as affected: {}/{} ({:.1}%)",
            self.articles,
            self.mentioned_as_affected,
            self.mentioned_total,
            100.0 * ratio(self.mentioned_as_affected, self.mentioned_total.max(1))
        );
        out
    }
}
