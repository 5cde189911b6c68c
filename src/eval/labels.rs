//! Scoring against labelled real articles: the `gold.jsonl` format of the real-article
//! dev set, scored exactly as that set's reference scorer `score.py` scores it.
//!
//! # The labels format
//!
//! JSON Lines: one object per labelled article (blank lines are skipped). The keys scored:
//!
//! | key | value |
//! |---|---|
//! | `id` | the article's file name without its extension (`ren001` for `articles/ren001.txt`) |
//! | `lang` | ISO 639-1 code of its language (`it`, `fr`, `en`, `es`, …), or `other` |
//! | `is_outage` | whether it reports an outage |
//! | `published` | publication date (TimeML value) or `null` (not scored when `null`) |
//! | `incident_date` | when this outage started, or `null`; `incident_date_also` (optional) lists other values accepted as right (`null` among them: no date is right too) |
//! | `services` | affected services, canonical names |
//! | `mentioned_not_affected` | services named but not affected |
//! | `http_codes` | HTTP statuses, integers |
//! | `error_signals` | error signals (record v1 vocabulary) |
//! | `causes` | `[{"category": …, "status": …}]` |
//! | `surfaces` | surfaces |
//! | `resolved` | `true`, `false` or `null` (not scored when `null`) |
//!
//! Every key but `incident_date_also` is required (`null` where the table allows it); any
//! other key (`url`, `vendors`, `error_messages`, `notes`, …) is ignored. A malformed line
//! or a repeated `id` is an error naming its line.
//!
//! # How a record meets its label
//!
//! By key: the base name of the record's `source.path` (else its `id`) without its
//! extension. A label without a record, and a record carrying `error`, count as wrong for
//! every field; of two records with the same key the first counts.
//!
//! # The figures
//!
//! * language accuracy: the code must equal the label; a label `other` accepts any
//!   detected language but `it`, `fr`, `en` and `und`; a label outside `it`, `fr`, `en`
//!   and the packs ([`PACKS`]) also accepts `other`;
//! * is_outage accuracy, and precision/recall/F1 of the outage class;
//! * affected services: micro precision/recall/F1 of names after
//!   [normalisation](normalise_service) (whitespace, case folding, [`ALIASES`]). In an
//!   outage article a reported name that the label lists neither as affected nor as
//!   mentioned is ambiguous and not counted (don't-care); in a non-outage article every
//!   affected name is a false positive. Also per [`Group`];
//! * incident date: accuracy over labels with a date (the label or one of
//!   `incident_date_also`), and how often a date is given where the label has none;
//! * published and resolved: accuracy over labels that are not `null`;
//! * HTTP codes, error signals, causes as (category, status) pairs, cause categories alone,
//!   surfaces: micro precision/recall/F1;
//! * the overall score: the unweighted mean of the ten [`COMPONENTS`];
//! * an article passes when its language, is_outage, affected services, incident date and
//!   HTTP codes are all right.
//!
//! ```
//! use outage_news::eval::labels::{Labels, Predictions};
//!
//! // One label per line.
//! let labels = Labels::parse(concat!(
//!     r#"{"id": "a1", "lang": "en", "is_outage": true, "published": null, "#,
//!     r#""incident_date": null, "services": ["Slack"], "mentioned_not_affected": [], "#,
//!     r#""http_codes": [], "error_signals": [], "causes": [], "surfaces": [], "resolved": null}"#,
//! ))?;
//! let mut predictions = Predictions::new();
//! predictions.add_json(&serde_json::json!({
//!     "id": "a1.txt", "language": {"code": "en"}, "is_outage": true, "incident_date": null,
//!     "services": [{"name": "Slack", "role": "affected"}]
//! }));
//! let scores = labels.score(&predictions);
//! assert_eq!(scores.passed(), 1);
//! assert_eq!(scores.services.f1(), 1.0);
//! print!("{}", scores.report(true));
//! # Ok::<(), outage_news::eval::labels::LabelsError>(())
//! ```

mod py;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::{self, Write as _};
use std::io::BufRead;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Deserializer};
use serde_json::{json, Value};

use crate::record::{Record, RecordBody, Role};
use crate::scan::{walk_inputs, Scanner, Selection};

/// Names treated as the same service (after whitespace squashing and case folding), on
/// both sides: `(name, same as)`.
pub const ALIASES: &[(&str, &str)] = &[
    ("office.com", "microsoft 365"),
    ("google search", "google"),
    ("microsoft 365 copilot", "copilot"),
    ("ovh", "ovhcloud"),
    ("g suite", "google workspace"),
];

/// The core languages: a label in one of these must be matched exactly.
pub const CORE: &[&str] = &["it", "fr", "en"];

/// Further languages the project is asked to ship packs for: a label in one of these must
/// be matched exactly too; any other language may also be reported as `other`.
pub const PACKS: &[&str] = &["es", "de", "pt"];

/// The ten figures whose unweighted mean is the overall score, in order (the names of
/// [`Scores::to_json`]).
pub const COMPONENTS: [&str; 10] = [
    "language_acc",
    "is_outage_f1",
    "services_f1",
    "incident_date_acc",
    "published_acc",
    "http_f1",
    "signals_f1",
    "causes_pair_f1",
    "surfaces_f1",
    "resolved_acc",
];

/// A service name as the scorer compares it: whitespace runs squashed to one space, case
/// folded, then an [alias](ALIASES) replaced by the name it stands for.
///
/// ```
/// use outage_news::eval::labels::normalise_service;
/// assert_eq!(normalise_service(" Office.COM "), "microsoft 365");
/// assert_eq!(normalise_service("Straße  App"), "strasse app");
/// ```
pub fn normalise_service(name: &str) -> String {
    let n = py::casefold(&py::squash_spaces(name));
    match ALIASES.iter().find(|(alias, _)| *alias == n) {
        Some((_, same)) => (*same).to_string(),
        None => n,
    }
}

/// The key a record meets its label by: the base name of `path` without its extension
/// (`articles/it/ren001.txt` → `ren001`).
pub fn record_key(path: &str) -> &str {
    py::stem(path)
}

/// Which figures an article counts in: outage reports by language, or not an outage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    /// An outage report in Italian.
    It,
    /// An outage report in French.
    Fr,
    /// An outage report in English.
    En,
    /// An outage report in any other language.
    Xx,
    /// Not an outage report.
    Neg,
}

impl Group {
    /// Every group, in the order the table shows them.
    pub const ALL: [Group; 5] = [Group::It, Group::Fr, Group::En, Group::Xx, Group::Neg];

    /// `it`, `fr`, `en`, `xx` or `neg`.
    pub fn as_str(self) -> &'static str {
        match self {
            Group::It => "it",
            Group::Fr => "fr",
            Group::En => "en",
            Group::Xx => "xx",
            Group::Neg => "neg",
        }
    }

    /// Groups from a comma-separated list such as `it,fr,en,neg`.
    ///
    /// ```
    /// use outage_news::eval::labels::Group;
    /// assert_eq!(Group::parse_list("it,neg")?, vec![Group::It, Group::Neg]);
    /// assert!(Group::parse_list("it,de").is_err());
    /// # Ok::<(), outage_news::eval::labels::LabelsError>(())
    /// ```
    pub fn parse_list(list: &str) -> Result<Vec<Group>, LabelsError> {
        list.split(',').map(|g| g.trim().parse()).collect()
    }
}

impl std::str::FromStr for Group {
    type Err = LabelsError;

    fn from_str(s: &str) -> Result<Group, LabelsError> {
        Group::ALL
            .into_iter()
            .find(|g| g.as_str() == s)
            .ok_or_else(|| LabelsError::UnknownGroup(s.to_string()))
    }
}

impl fmt::Display for Group {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What can go wrong reading labels or naming groups.
#[derive(Debug, thiserror::Error)]
pub enum LabelsError {
    /// The labels file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A problem in a labels file, with its name.
    #[error("{}: {source}", path.display())]
    File {
        /// The file.
        path: PathBuf,
        /// The problem.
        source: Box<LabelsError>,
    },
    /// A line is not a valid label object (not UTF-8, not JSON, a key missing or of the
    /// wrong type).
    #[error("line {line}: {message}")]
    Line {
        /// Line number, from 1.
        line: usize,
        /// What is wrong with it.
        message: String,
    },
    /// Two lines label the same id.
    #[error("line {line}: id `{id}` is already labelled on line {first}")]
    DuplicateId {
        /// The id.
        id: String,
        /// Where it is first labelled.
        first: usize,
        /// Where it is labelled again.
        line: usize,
    },
    /// A group name that is not `it`, `fr`, `en`, `xx` or `neg`.
    #[error("unknown group `{0}`: the groups are it, fr, en (outage reports in that language), xx (in any other language) and neg (not outage reports)")]
    UnknownGroup(String),
}

/// `null` or a value, but the key must be present.
fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    Option::<T>::deserialize(d)
}

/// The labels of one article (one line of the labels file).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LabelledArticle {
    /// The article's file name without extension.
    pub id: String,
    /// ISO 639-1 code of its language, or `other`.
    pub lang: String,
    /// Whether it reports an outage.
    pub is_outage: bool,
    /// Publication date, when known.
    #[serde(deserialize_with = "nullable")]
    pub published: Option<String>,
    /// When the outage started, when known.
    #[serde(deserialize_with = "nullable")]
    pub incident_date: Option<String>,
    /// Other incident dates accepted as right (`None`: no date is right too).
    #[serde(default)]
    pub incident_date_also: Vec<Option<String>>,
    /// Affected services.
    pub services: Vec<String>,
    /// Services named but not affected.
    pub mentioned_not_affected: Vec<String>,
    /// HTTP statuses.
    pub http_codes: Vec<i64>,
    /// Error signals.
    pub error_signals: Vec<String>,
    /// Causes.
    pub causes: Vec<LabelledCause>,
    /// Surfaces.
    pub surfaces: Vec<String>,
    /// Restored, ongoing, or unclear (`None`).
    #[serde(deserialize_with = "nullable")]
    pub resolved: Option<bool>,
}

/// A labelled cause.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LabelledCause {
    /// Cause category.
    pub category: String,
    /// `confirmed`, `suspected` or `ruled_out`.
    pub status: String,
}

impl LabelledArticle {
    /// The group the article counts in.
    pub fn group(&self) -> Group {
        if !self.is_outage {
            return Group::Neg;
        }
        match self.lang.as_str() {
            "it" => Group::It,
            "fr" => Group::Fr,
            "en" => Group::En,
            _ => Group::Xx,
        }
    }
}

/// A labelled set: the articles of a labels file, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Labels {
    items: Vec<LabelledArticle>,
}

impl Labels {
    /// Reads a labels file.
    pub fn load(path: &Path) -> Result<Labels, LabelsError> {
        let bytes = std::fs::read(path).map_err(|source| LabelsError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Labels::from_bytes(&bytes).map_err(|e| LabelsError::File {
            path: path.to_path_buf(),
            source: Box::new(e),
        })
    }

    /// Parses the bytes of a labels file (UTF-8 JSON Lines).
    pub fn from_bytes(bytes: &[u8]) -> Result<Labels, LabelsError> {
        match std::str::from_utf8(bytes) {
            Ok(text) => Labels::parse(text),
            Err(err) => {
                let valid = &bytes[..err.valid_up_to()];
                Err(LabelsError::Line {
                    line: 1 + valid.iter().filter(|b| **b == b'\n').count(),
                    message: "not UTF-8".into(),
                })
            }
        }
    }

    /// Parses labels from JSON Lines text.
    pub fn parse(text: &str) -> Result<Labels, LabelsError> {
        let mut items = Vec::new();
        let mut first_line: HashMap<String, usize> = HashMap::new();
        for (index, line) in text.lines().enumerate() {
            let number = index + 1;
            if line.trim_matches(py::is_space).is_empty() {
                continue;
            }
            let item: LabelledArticle =
                serde_json::from_str(line).map_err(|err| LabelsError::Line {
                    line: number,
                    message: json_message(&err),
                })?;
            if let Some(&first) = first_line.get(&item.id) {
                return Err(LabelsError::DuplicateId {
                    id: item.id,
                    first,
                    line: number,
                });
            }
            first_line.insert(item.id.clone(), number);
            items.push(item);
        }
        Ok(Labels { items })
    }

    /// The labelled articles, in file order.
    pub fn items(&self) -> &[LabelledArticle] {
        &self.items
    }

    /// How many articles are labelled.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether no article is labelled.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Whether `id` is labelled.
    pub fn contains(&self, id: &str) -> bool {
        self.items.iter().any(|g| g.id == id)
    }

    /// Only the articles of these groups.
    pub fn in_groups(&self, groups: &[Group]) -> Labels {
        Labels {
            items: self
                .items
                .iter()
                .filter(|g| groups.contains(&g.group()))
                .cloned()
                .collect(),
        }
    }

    /// Scores `predictions` against these labels.
    pub fn score(&self, predictions: &Predictions) -> Scores {
        let mut scorer = Scorer::default();
        for gold in &self.items {
            scorer.add(gold, predictions.by_key.get(&gold.id));
        }
        scorer.finish(self.items.len())
    }
}

/// serde_json's message without its " at line 1 column N" (every line is parsed alone).
fn json_message(err: &serde_json::Error) -> String {
    let message = err.to_string();
    let position = format!(" at line {} column {}", err.line(), err.column());
    match message.strip_suffix(&position) {
        Some(m) => format!("{m} (column {})", err.column()),
        None => message,
    }
}

/// A JSON value as Python compares it with a label: `None`, a string, or anything else
/// (kept as Python would print it).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
enum Loose {
    #[default]
    None,
    Str(String),
    Other(String),
}

impl Loose {
    fn of(value: Option<&Value>) -> Loose {
        match value {
            None | Some(Value::Null) => Loose::None,
            Some(Value::String(s)) => Loose::Str(s.clone()),
            Some(other) => Loose::Other(py::repr(other)),
        }
    }

    fn is(&self, s: &str) -> bool {
        matches!(self, Loose::Str(v) if v == s)
    }

    fn show(&self) -> &str {
        match self {
            Loose::None => "None",
            Loose::Str(s) | Loose::Other(s) => s,
        }
    }
}

/// What one record says, normalised for scoring.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Prediction {
    lang: Loose,
    is_outage: Option<bool>,
    affected: BTreeSet<String>,
    incident_date: Option<String>,
    published: Option<String>,
    codes: BTreeSet<i64>,
    signals: BTreeSet<String>,
    pairs: BTreeSet<(Loose, Loose)>,
    surfaces: BTreeSet<String>,
    resolved: Option<bool>,
}

impl Prediction {
    fn from_article(article: &crate::record::Article) -> Prediction {
        let nonempty = |s: &String| (!s.is_empty()).then(|| s.clone());
        Prediction {
            lang: Loose::Str(article.language.code.clone()),
            is_outage: Some(article.is_outage),
            affected: article
                .services
                .iter()
                .filter(|s| s.role == Role::Affected && !s.name.is_empty())
                .map(|s| normalise_service(&s.name))
                .collect(),
            incident_date: article
                .incident_date
                .as_ref()
                .and_then(|d| nonempty(&d.value)),
            published: article.published.as_ref().and_then(nonempty),
            codes: article
                .errors
                .iter()
                .map(|e| i64::from(e.http_status))
                .collect(),
            signals: article
                .error_signals
                .iter()
                .map(|s| s.as_str().to_string())
                .collect(),
            pairs: article
                .causes
                .iter()
                .map(|c| {
                    (
                        Loose::Str(c.category.as_str().to_string()),
                        Loose::Str(c.status.as_str().to_string()),
                    )
                })
                .collect(),
            surfaces: article
                .surfaces
                .iter()
                .map(|s| s.as_str().to_string())
                .collect(),
            resolved: article.resolved,
        }
    }

    /// As score.py reads a record object: loosely, ignoring what is not of the right type.
    fn from_json(rec: &serde_json::Map<String, Value>) -> Prediction {
        let list = |key: &str| -> &[Value] {
            match rec.get(key) {
                Some(Value::Array(items)) => items,
                _ => &[],
            }
        };
        let strings = |key: &str| -> BTreeSet<String> {
            list(key)
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        };
        let value_of = |key: &str| -> Option<String> {
            let v = match rec.get(key) {
                Some(Value::Object(o)) => o.get("value"),
                other => other,
            };
            v.and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let lang = match rec.get("language") {
            Some(Value::Object(o)) => Loose::of(o.get("code")),
            other => Loose::of(other),
        };
        let mut affected = BTreeSet::new();
        for s in list("services") {
            let Value::Object(s) = s else { continue };
            if s.get("role").and_then(Value::as_str) != Some("affected") {
                continue;
            }
            if let Some(name) = s.get("name").filter(|n| truthy(n)) {
                affected.insert(normalise_service(&py::str_of(name)));
            }
        }
        let codes = list("errors")
            .iter()
            .filter_map(|e| e.as_object()?.get("http_status").and_then(py::int_of))
            .collect();
        let mut pairs = BTreeSet::new();
        for c in list("causes") {
            let Value::Object(c) = c else { continue };
            if let Some(category) = c.get("category").filter(|v| truthy(v)) {
                pairs.insert((Loose::of(Some(category)), Loose::of(c.get("status"))));
            }
        }
        Prediction {
            lang,
            is_outage: rec.get("is_outage").and_then(Value::as_bool),
            affected,
            incident_date: value_of("incident_date"),
            published: value_of("published"),
            codes,
            signals: strings("error_signals"),
            pairs,
            surfaces: strings("surfaces"),
            resolved: rec.get("resolved").and_then(Value::as_bool),
        }
    }
}

/// Python's truth value of a JSON value.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// The records to score, by [key](record_key): `None` for an error record.
#[derive(Debug, Clone, Default)]
pub struct Predictions {
    by_key: HashMap<String, Option<Prediction>>,
    duplicates: usize,
    unparsable: usize,
}

impl Predictions {
    /// No records yet.
    pub fn new() -> Predictions {
        Predictions::default()
    }

    /// Scans `folder` as `outage-news scan` does (hidden files skipped, names sorted) and
    /// keeps every record.
    pub fn scan(scanner: &Scanner, folder: &Path) -> Predictions {
        let mut predictions = Predictions::new();
        let paths = [folder.to_path_buf()];
        let selection = Selection::default();
        let _infallible = scanner.run(walk_inputs(&paths, &selection), |record| {
            predictions.add_record(record);
            Ok::<(), std::convert::Infallible>(())
        });
        predictions
    }

    /// Reads records written by `outage-news scan --format jsonl` (or any record v1 JSON
    /// Lines): blank lines skipped, lines that are not JSON objects counted in
    /// [`Predictions::unparsable`].
    pub fn from_jsonl(reader: impl BufRead) -> std::io::Result<Predictions> {
        let mut predictions = Predictions::new();
        for line in reader.split(b'\n') {
            let line = String::from_utf8_lossy(&line?).into_owned();
            let line = line.trim_matches(py::is_space);
            if line.is_empty() {
                continue;
            }
            match serde_json::from_str::<Value>(line) {
                Ok(value) => {
                    predictions.add_json(&value);
                }
                Err(_) => predictions.unparsable += 1,
            }
        }
        Ok(predictions)
    }

    /// Adds a record; `false` (and the record is not kept) when a record with the same key
    /// came first.
    pub fn add_record(&mut self, record: &Record) -> bool {
        let path = if record.source.path.is_empty() {
            &record.id
        } else {
            &record.source.path
        };
        let prediction = match &record.body {
            RecordBody::Article(article) => Some(Prediction::from_article(article)),
            RecordBody::Error { .. } => None,
        };
        self.insert(record_key(path).to_string(), prediction)
    }

    /// Adds a record given as JSON, read as loosely as score.py reads it (values of the
    /// wrong type count as absent); `false` when it is not an object (counted as
    /// unparsable) or a record with the same key came first.
    pub fn add_json(&mut self, record: &Value) -> bool {
        let Value::Object(rec) = record else {
            self.unparsable += 1;
            return false;
        };
        let path = rec
            .get("source")
            .and_then(Value::as_object)
            .and_then(|s| s.get("path"))
            .filter(|p| truthy(p))
            .or_else(|| rec.get("id").filter(|p| truthy(p)))
            .map(py::str_of)
            .unwrap_or_default();
        let prediction = (!rec.contains_key("error")).then(|| Prediction::from_json(rec));
        self.insert(record_key(&path).to_string(), prediction)
    }

    fn insert(&mut self, key: String, prediction: Option<Prediction>) -> bool {
        if self.by_key.contains_key(&key) {
            self.duplicates += 1;
            return false;
        }
        self.by_key.insert(key, prediction);
        true
    }

    /// How many records are kept.
    pub fn len(&self) -> usize {
        self.by_key.len()
    }

    /// Whether no record is kept.
    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }

    /// Whether a record has this key.
    pub fn contains(&self, key: &str) -> bool {
        self.by_key.contains_key(key)
    }

    /// Records ignored because an earlier one had the same key.
    pub fn duplicates(&self) -> usize {
        self.duplicates
    }

    /// JSON lines ignored because they were not JSON objects.
    pub fn unparsable(&self) -> usize {
        self.unparsable
    }

    /// Keys of records that no label has, sorted.
    pub fn unlabelled(&self, labels: &Labels) -> Vec<String> {
        let ids: BTreeSet<&str> = labels.items.iter().map(|g| g.id.as_str()).collect();
        let mut keys: Vec<String> = self
            .by_key
            .keys()
            .filter(|k| !ids.contains(k.as_str()))
            .cloned()
            .collect();
        keys.sort();
        keys
    }

    /// The warnings score.py prints for these records against `labels` (the whole set,
    /// before any group selection): duplicate and unparsable lines, records without label.
    pub fn warnings(&self, labels: &Labels) -> Vec<String> {
        let mut out = Vec::new();
        if self.duplicates > 0 || self.unparsable > 0 {
            out.push(format!(
                "{} duplicate and {} unparsable lines ignored",
                self.duplicates, self.unparsable
            ));
        }
        let extra = self.unlabelled(labels);
        if !extra.is_empty() {
            out.push(format!(
                "{} records match no gold id (e.g. {})",
                extra.len(),
                py::repr_str_list(extra.iter().take(3))
            ));
        }
        out
    }
}

/// Micro counts of a set-valued field over all articles.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MicroCounts {
    /// Values both reported and labelled.
    pub tp: usize,
    /// Values reported but not labelled.
    pub fp: usize,
    /// Values labelled but not reported.
    pub fn_: usize,
}

impl MicroCounts {
    /// Adds one article; `dont_care` values not in `gold` are dropped from `pred` first.
    /// Whether the (remaining) prediction equals the label.
    fn add<T: Ord + Clone>(
        &mut self,
        pred: &BTreeSet<T>,
        gold: &BTreeSet<T>,
        dont_care: &BTreeSet<T>,
    ) -> bool {
        let pred: BTreeSet<&T> = pred
            .iter()
            .filter(|p| !dont_care.contains(p) || gold.contains(p))
            .collect();
        let gold: BTreeSet<&T> = gold.iter().collect();
        self.tp += pred.intersection(&gold).count();
        self.fp += pred.difference(&gold).count();
        self.fn_ += gold.difference(&pred).count();
        pred == gold
    }

    /// tp / (tp + fp), 0 when nothing was reported.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    /// tp / (tp + fn), 0 when nothing was labelled.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// Harmonic mean of precision and recall, 0 when both are 0.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// A share: `hits` out of `n`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ratio {
    /// Articles counted (right answers, or wrong guesses for the guessed-date rate).
    pub hits: usize,
    /// Articles scored.
    pub n: usize,
}

impl Ratio {
    fn add(&mut self, hit: bool) -> bool {
        self.n += 1;
        self.hits += usize::from(hit);
        hit
    }

    /// hits / n, 0 when n is 0.
    pub fn value(&self) -> f64 {
        ratio(self.hits, self.n)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// An article that did not pass, and why (score.py's reasons).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The article's id.
    pub id: String,
    /// Each wrong field, as score.py words it (`services +['x'] -['y']`).
    pub reasons: Vec<String>,
}

/// Passed and scored articles of one group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GroupPassed {
    /// Articles with every scored field right.
    pub passed: usize,
    /// Articles of the group.
    pub n: usize,
}

/// The figures of a labelled set, as score.py computes them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scores {
    /// Labelled articles scored.
    pub n_gold: usize,
    /// Of them, those with a record.
    pub n_records_matched: usize,
    /// Language right.
    pub language: Ratio,
    /// is_outage right.
    pub is_outage: Ratio,
    /// The outage class: precision, recall, F1.
    pub outage_class: MicroCounts,
    /// Reported affected services that the label lists as mentioned only.
    pub mentioned_marked_affected: usize,
    /// Affected services.
    pub services: MicroCounts,
    /// Affected services by group (only groups with articles).
    pub services_by_group: BTreeMap<Group, MicroCounts>,
    /// Incident date right, over labels with a date.
    pub incident_date: Ratio,
    /// A date given where the label has none, over labels without a date (lower is better).
    pub incident_date_wrong_guess: Ratio,
    /// Publication date right, over labels with a date.
    pub published: Ratio,
    /// HTTP codes.
    pub http: MicroCounts,
    /// Error signals.
    pub signals: MicroCounts,
    /// Causes as (category, status) pairs.
    pub causes_pair: MicroCounts,
    /// Cause categories alone.
    pub causes_category: MicroCounts,
    /// Surfaces.
    pub surfaces: MicroCounts,
    /// Resolved right, over labels that are not null.
    pub resolved: Ratio,
    /// Ids of articles with every scored field right, in label order.
    pub passed_ids: Vec<String>,
    /// The other articles, in label order.
    pub failures: Vec<Failure>,
    /// Passed articles per group.
    pub per_group_passed: BTreeMap<Group, GroupPassed>,
}

impl Scores {
    /// The ten figures whose mean is the overall score, named as in [`COMPONENTS`].
    pub fn components(&self) -> [(&'static str, f64); 10] {
        let values = [
            self.language.value(),
            self.outage_class.f1(),
            self.services.f1(),
            self.incident_date.value(),
            self.published.value(),
            self.http.f1(),
            self.signals.f1(),
            self.causes_pair.f1(),
            self.surfaces.f1(),
            self.resolved.value(),
        ];
        let mut out = [("", 0.0); 10];
        for (slot, (name, value)) in out.iter_mut().zip(COMPONENTS.iter().zip(values)) {
            *slot = (name, value);
        }
        out
    }

    /// The overall score: the unweighted mean of the ten components.
    pub fn overall(&self) -> f64 {
        let components = self.components();
        components.iter().fold(0.0, |sum, (_, v)| sum + v) / components.len() as f64
    }

    /// Articles with every scored field right.
    pub fn passed(&self) -> usize {
        self.passed_ids.len()
    }

    /// Articles with some scored field wrong.
    pub fn failed(&self) -> usize {
        self.n_gold - self.passed_ids.len()
    }

    /// The set-valued figures by score.py's names, in its order.
    fn micro(&self) -> Vec<(String, MicroCounts)> {
        let mut out: Vec<(String, MicroCounts)> = self
            .services_by_group
            .iter()
            .map(|(g, c)| (format!("services_{g}"), *c))
            .collect();
        for (name, counts) in [
            ("services", self.services),
            ("http", self.http),
            ("signals", self.signals),
            ("causes_pair", self.causes_pair),
            ("causes_cat", self.causes_category),
            ("surfaces", self.surfaces),
        ] {
            out.push((name.to_string(), counts));
        }
        out
    }

    /// The figures as one JSON object with score.py's `--json` keys and values.
    pub fn to_json(&self) -> Value {
        let mut m = serde_json::Map::new();
        let mut put = |k: &str, v: Value| {
            m.insert(k.to_string(), v);
        };
        put("n_gold", json!(self.n_gold));
        put("n_records_matched", json!(self.n_records_matched));
        put("language_acc", json!(self.language.value()));
        put("is_outage_acc", json!(self.is_outage.value()));
        put("is_outage_p", json!(self.outage_class.precision()));
        put("is_outage_r", json!(self.outage_class.recall()));
        put("is_outage_f1", json!(self.outage_class.f1()));
        put(
            "mentioned_marked_affected",
            json!(self.mentioned_marked_affected),
        );
        put("incident_date_acc", json!(self.incident_date.value()));
        put("incident_date_n", json!(self.incident_date.n));
        put(
            "incident_date_wrong_guess_rate",
            json!(self.incident_date_wrong_guess.value()),
        );
        put(
            "incident_date_null_n",
            json!(self.incident_date_wrong_guess.n),
        );
        put("published_acc", json!(self.published.value()));
        put("published_n", json!(self.published.n));
        put("resolved_acc", json!(self.resolved.value()));
        put("resolved_n", json!(self.resolved.n));
        for (k, c) in self.micro() {
            put(&format!("{k}_p"), json!(c.precision()));
            put(&format!("{k}_r"), json!(c.recall()));
            put(&format!("{k}_f1"), json!(c.f1()));
            put(&format!("{k}_tp_fp_fn"), json!([c.tp, c.fp, c.fn_]));
        }
        put("score_components", json!(COMPONENTS));
        put("real_set_score", json!(self.overall()));
        put("passed", json!(self.passed()));
        put("failed", json!(self.failed()));
        put("passed_ids", json!(self.passed_ids));
        let failures: serde_json::Map<String, Value> = self
            .failures
            .iter()
            .map(|f| (f.id.clone(), json!(f.reasons)))
            .collect();
        put("failures", Value::Object(failures));
        let groups: serde_json::Map<String, Value> = self
            .per_group_passed
            .iter()
            .map(|(g, p)| (g.to_string(), json!({"passed": p.passed, "n": p.n})))
            .collect();
        put("per_group_passed", Value::Object(groups));
        Value::Object(m)
    }

    /// The table score.py prints: one line per field, the per-group service figures and
    /// the overall score (without the closing [`summary_line`](Scores::summary_line)).
    pub fn table(&self) -> String {
        let f = |x: f64| format!("{x:6.3}");
        let mut out = String::new();
        let mut line = |s: String| {
            out.push_str(&s);
            out.push('\n');
        };
        let prf = |label: &str, c: &MicroCounts| {
            format!(
                "{label:<34} P {}  R {}  F1 {}   (tp {}, fp {}, fn {})",
                f(c.precision()),
                f(c.recall()),
                f(c.f1()),
                c.tp,
                c.fp,
                c.fn_
            )
        };
        line(format!(
            "records matched                    {}/{}",
            self.n_records_matched, self.n_gold
        ));
        line(format!(
            "{:<34} {}",
            "language accuracy",
            f(self.language.value())
        ));
        line(format!(
            "{:<34} acc {}  P {}  R {}  F1 {}",
            "is_outage",
            f(self.is_outage.value()),
            f(self.outage_class.precision()),
            f(self.outage_class.recall()),
            f(self.outage_class.f1())
        ));
        line(prf("affected services (micro)", &self.services));
        line(format!(
            "{:<34} {}",
            "  mentioned wrongly marked affected", self.mentioned_marked_affected
        ));
        line(format!(
            "{:<34} {}   (n {})",
            "incident_date exact (gold non-null)",
            f(self.incident_date.value()),
            self.incident_date.n
        ));
        line(format!(
            "{:<34} {}   (n {}, lower is better)",
            "incident_date guessed when null",
            f(self.incident_date_wrong_guess.value()),
            self.incident_date_wrong_guess.n
        ));
        line(format!(
            "{:<34} {}   (n {})",
            "published exact (gold non-null)",
            f(self.published.value()),
            self.published.n
        ));
        line(prf("http codes (micro)", &self.http));
        line(prf("error_signals (micro)", &self.signals));
        line(prf("causes (category,status) (micro)", &self.causes_pair));
        line(prf("causes category only (micro)", &self.causes_category));
        line(prf("surfaces (micro)", &self.surfaces));
        line(format!(
            "{:<34} {}   (n {})",
            "resolved accuracy (gold non-null)",
            f(self.resolved.value()),
            self.resolved.n
        ));
        for (group, counts) in &self.services_by_group {
            line(prf(&format!("  affected services, group {group}"), counts));
        }
        line(format!(
            "{:<34} {}   (mean of {})",
            "real-set score",
            f(self.overall()),
            COMPONENTS.join(", ")
        ));
        out
    }

    /// Each failing article and why (`FAIL id: reason; reason`), then the passed count of
    /// each group: what score.py prints with `-v`.
    pub fn misses(&self) -> String {
        let mut out = String::new();
        for failure in &self.failures {
            let _ = writeln!(out, "FAIL {}: {}", failure.id, failure.reasons.join("; "));
        }
        let mut groups: Vec<(&str, &GroupPassed)> = self
            .per_group_passed
            .iter()
            .map(|(g, p)| (g.as_str(), p))
            .collect();
        groups.sort_by_key(|(name, _)| *name);
        let groups: Vec<String> = groups
            .iter()
            .map(|(name, p)| format!("{name} {}/{}", p.passed, p.n))
            .collect();
        let _ = writeln!(out, "passed by group: {}", groups.join(", "));
        out
    }

    /// `real-set: N passed, M failed`.
    pub fn summary_line(&self) -> String {
        format!(
            "real-set: {} passed, {} failed",
            self.passed(),
            self.failed()
        )
    }

    /// Everything score.py prints on standard output: with `misses`, the failing articles
    /// and passed counts by group (its `-v`), then the table and the summary line.
    pub fn report(&self, misses: bool) -> String {
        let mut out = if misses { self.misses() } else { String::new() };
        out.push_str(&self.table());
        out.push_str(&self.summary_line());
        out.push('\n');
        out
    }
}

/// The running totals of a scoring pass.
#[derive(Default)]
struct Scorer {
    scores: Scores,
}

impl Scorer {
    /// Scores one labelled article; `record` is `None` when no record has its key and
    /// `Some(None)` for an error record.
    fn add(&mut self, g: &LabelledArticle, record: Option<&Option<Prediction>>) {
        let s = &mut self.scores;
        let mut why = Vec::new();
        let missing_prediction = Prediction::default();
        let (p, missing) = match record {
            Some(Some(p)) => (p, false),
            Some(None) => {
                why.push("error record".to_string());
                (&missing_prediction, true)
            }
            None => {
                why.push("missing record".to_string());
                (&missing_prediction, true)
            }
        };
        if record.is_some() {
            s.n_records_matched += 1;
        }

        let lang = &p.lang;
        let gl = g.lang.as_str();
        let lang_ok = lang.is(gl)
            || (gl == "other"
                && !matches!(lang, Loose::None)
                && !lang.is("und")
                && !CORE.iter().any(|c| lang.is(c)))
            || (!CORE.contains(&gl) && !PACKS.contains(&gl) && gl != "other" && lang.is("other"));
        if !s.language.add(!missing && lang_ok) {
            why.push(format!("language {}!={gl}", lang.show()));
        }

        let ok = !missing && p.is_outage == Some(g.is_outage);
        s.is_outage.add(ok);
        if !ok {
            why.push(format!(
                "is_outage {}!={}",
                py::bool_or_none(p.is_outage),
                py::bool_or_none(Some(g.is_outage))
            ));
        }
        if p.is_outage == Some(true) && !missing {
            if g.is_outage {
                s.outage_class.tp += 1;
            } else {
                s.outage_class.fp += 1;
            }
        } else if g.is_outage {
            s.outage_class.fn_ += 1;
        }

        // Affected services: a reported name the label lists nowhere is don't-care in an
        // outage article.
        let gs: BTreeSet<String> = g.services.iter().map(|n| normalise_service(n)).collect();
        let gm: BTreeSet<String> = g
            .mentioned_not_affected
            .iter()
            .map(|n| normalise_service(n))
            .collect();
        let dont_care: BTreeSet<String> = if g.is_outage {
            p.affected
                .iter()
                .filter(|n| !gs.contains(*n) && !gm.contains(*n))
                .cloned()
                .collect()
        } else {
            BTreeSet::new()
        };
        s.mentioned_marked_affected += p.affected.intersection(&gm).count();
        s.services_by_group
            .entry(g.group())
            .or_default()
            .add(&p.affected, &gs, &dont_care);
        let ok = s.services.add(&p.affected, &gs, &dont_care) && !missing;
        if !ok {
            let extra: Vec<&String> = p
                .affected
                .iter()
                .filter(|n| !gs.contains(*n) && !dont_care.contains(*n))
                .collect();
            let lacking: Vec<&String> = gs.difference(&p.affected).collect();
            why.push(format!(
                "services +{} -{}",
                py::repr_str_list(extra),
                py::repr_str_list(lacking)
            ));
        }

        let pd = p.incident_date.as_deref();
        let ok = match &g.incident_date {
            Some(gd) => {
                let ok = !missing
                    && (pd == Some(gd.as_str())
                        || g.incident_date_also.iter().any(|a| a.as_deref() == pd));
                s.incident_date.add(ok);
                ok
            }
            None => {
                let ok = !missing && pd.is_none();
                s.incident_date_wrong_guess.add(!ok);
                ok
            }
        };
        if !ok {
            why.push(format!(
                "incident_date {}!={}",
                py::str_or_none(pd),
                py::str_or_none(g.incident_date.as_deref())
            ));
        }

        if let Some(published) = &g.published {
            s.published
                .add(!missing && p.published.as_ref() == Some(published));
        }

        let gold_codes: BTreeSet<i64> = g.http_codes.iter().copied().collect();
        let ok = s.http.add(&p.codes, &gold_codes, &BTreeSet::new()) && !missing;
        if !ok {
            let mut sorted_gold = g.http_codes.clone();
            sorted_gold.sort_unstable();
            why.push(format!(
                "http {}!={}",
                py::repr_int_list(&p.codes),
                py::repr_int_list(&sorted_gold)
            ));
        }

        let none = BTreeSet::new();
        let set = |v: &[String]| v.iter().cloned().collect::<BTreeSet<String>>();
        s.signals.add(&p.signals, &set(&g.error_signals), &none);
        let gold_pairs: BTreeSet<(Loose, Loose)> = g
            .causes
            .iter()
            .map(|c| (Loose::Str(c.category.clone()), Loose::Str(c.status.clone())))
            .collect();
        s.causes_pair.add(&p.pairs, &gold_pairs, &BTreeSet::new());
        let cats: BTreeSet<Loose> = p.pairs.iter().map(|(c, _)| c.clone()).collect();
        let gold_cats: BTreeSet<Loose> = g
            .causes
            .iter()
            .map(|c| Loose::Str(c.category.clone()))
            .collect();
        s.causes_category.add(&cats, &gold_cats, &BTreeSet::new());
        s.surfaces.add(&p.surfaces, &set(&g.surfaces), &none);
        if let Some(resolved) = g.resolved {
            s.resolved.add(!missing && p.resolved == Some(resolved));
        }

        let group = s.per_group_passed.entry(g.group()).or_default();
        group.n += 1;
        if missing {
            why.truncate(1);
        }
        if why.is_empty() {
            group.passed += 1;
            s.passed_ids.push(g.id.clone());
        } else {
            s.failures.push(Failure {
                id: g.id.clone(),
                reasons: why,
            });
        }
    }

    fn finish(mut self, n_gold: usize) -> Scores {
        self.scores.n_gold = n_gold;
        self.scores
    }
}

#[cfg(test)]
mod tests;
