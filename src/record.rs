//! Record format v1: one JSON object per article.
//!
//! This is the output contract. Field names and value vocabularies are fixed; new optional
//! fields may be added, and a change to an existing one bumps [`SCHEMA_VERSION`].
//! `outage-news schema` prints the JSON Schema ([`JSON_SCHEMA`], kept in
//! `src/record.schema.json`).
//!
//! # An article record
//!
//! ```json
//! {
//!   "schema_version": 1,
//!   "id": "it/2025-06-10-chatgpt-down.txt",
//!   "source": {"path": "corpus/articles/it/2025-06-10-chatgpt-down.txt", "bytes": 2210, "sha256": "9f2c…"},
//!   "decoding": {"encoding": "UTF-8", "mojibake_repaired": false, "repairs": 0},
//!   "language": {"code": "it", "iso639_3": "ita", "confidence": 0.98, "reliable": true},
//!   "is_outage": true,
//!   "outage_score": 0.97,
//!   "published": "2025-06-10",
//!   "incident_date": {"value": "2025-06-10", "precision": "day", "evidence": {"start": 48, "end": 52, "text": "oggi"},
//!                     "time": {"value": "09:40", "evidence": {"start": 60, "end": 69, "text": "alle 9:40"}}},
//!   "services": [
//!     {"name": "ChatGPT", "vendor": "OpenAI", "role": "affected", "evidence": [{"start": 0, "end": 7, "text": "ChatGPT"}]},
//!     {"name": "Downdetector", "vendor": "Ookla", "role": "mentioned", "evidence": [{"start": 301, "end": 313, "text": "Downdetector"}]}
//!   ],
//!   "errors": [{"http_status": 503, "text": "errore 503", "evidence": {"start": 410, "end": 420, "text": "errore 503"}}],
//!   "error_signals": ["connection_error"],
//!   "causes": [{"category": "traffic_surge", "status": "suspected", "evidence": {"start": 640, "end": 658, "text": "picco di traffico"}}],
//!   "surfaces": ["web", "api"],
//!   "resolved": false,
//!   "related_dates": [{"value": "XXXX-12-26", "precision": "day", "evidence": {"start": 900, "end": 911, "text": "26 dicembre"}}],
//!   "warnings": []
//! }
//! ```
//!
//! With `--with-text` a `text` field holds the decoded, repaired, NFC text that every
//! evidence offset indexes (byte offsets; `text[start..end] == evidence.text`).
//!
//! # An error record
//!
//! An input that cannot be processed still yields exactly one line:
//!
//! ```json
//! {"schema_version": 1, "id": "notes/photo.txt", "source": {"path": "archive/notes/photo.txt", "bytes": 48211, "sha256": "…"},
//!  "error": {"kind": "binary", "message": "the file looks binary (it contains zero bytes)"}}
//! ```
//!
//! Error kinds: `io` (unreadable), `too_large` (over `--max-bytes`), `binary`, `empty`,
//! `decode`, and `input` for a line of a JSON Lines input (`scan --input jsonl`) that is not
//! a valid article object; its message starts with `line N:` and its id is the line's `id`
//! when one could be read, else `line:N` (N counts from 1).
//!
//! # Records of a JSON Lines input
//!
//! With `scan --input jsonl` (and [`crate::stream`]) an article can come with metadata that
//! the record carries over, in optional fields absent from other records:
//!
//! * `source.url` — the line's `url`;
//! * `source.outlet` — the line's `source` (the outlet's name);
//! * `published` — the line's `published` (`YYYY-MM-DD`) when the text gives no publication
//!   date of its own; it then also anchors relative dates ("ieri", "hier", "yesterday").
//!
//! For an article passed inline (`text` or `bytes_b64`), `source.path` repeats the id; for
//! one passed by `path`, it is that path, as in a folder scan.

use serde::{Deserialize, Serialize};

use crate::language::LanguageInfo;
use crate::vocab::{CauseCategory, CauseStatus, ErrorSignal, Surface};

/// The record format version written in every record.
pub const SCHEMA_VERSION: u32 = 1;

/// The JSON Schema (draft 2020-12) of record v1 — article records and error records — as
/// `outage-news schema` prints it. Every line `outage-news scan` writes validates against it.
///
/// ```
/// let schema: serde_json::Value = serde_json::from_str(outage_news::record::JSON_SCHEMA).unwrap();
/// assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
/// ```
pub const JSON_SCHEMA: &str = include_str!("record.schema.json");

/// One output line: an article record or an error record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The input's id: its path relative to the scanned folder (or as given).
    pub id: String,
    /// Where the bytes came from.
    pub source: Source,
    /// The article's fields, or the error.
    #[serde(flatten)]
    pub body: RecordBody,
}

/// What a record holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RecordBody {
    /// The input could not be processed.
    Error {
        /// What went wrong.
        error: ErrorInfo,
    },
    /// The article was processed.
    Article(Box<Article>),
}

impl Record {
    /// The article fields, unless this is an error record.
    pub fn article(&self) -> Option<&Article> {
        match &self.body {
            RecordBody::Article(a) => Some(a),
            RecordBody::Error { .. } => None,
        }
    }

    /// The error, if this is an error record.
    pub fn error(&self) -> Option<&ErrorInfo> {
        match &self.body {
            RecordBody::Error { error } => Some(error),
            RecordBody::Article(_) => None,
        }
    }
}

/// The input the record was made from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The path as found (`-` for standard input); for an article passed inline in a JSON
    /// Lines stream, its id.
    pub path: String,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of the bytes, hex; absent when the bytes were not read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// The article's web address, from input metadata (`url` of a JSON Lines input).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The outlet that published it, from input metadata (`source` of a JSON Lines input).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
}

/// Why an input gave no article record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorInfo {
    /// The kind of failure.
    pub kind: ErrorKind,
    /// A message for people.
    pub message: String,
}

/// The kinds of input failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The file could not be read.
    Io,
    /// The file is larger than the size limit.
    TooLarge,
    /// The file is not text.
    Binary,
    /// The file is empty.
    Empty,
    /// The bytes could not be decoded.
    Decode,
    /// A line of a JSON Lines input is not a valid article object (not JSON, no id, no or
    /// several contents, bad base64, bad `published` date, blank).
    Input,
}

impl ErrorKind {
    /// The kind as written in records (`io`, `too_large`, `binary`, `empty`, `decode`,
    /// `input`).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Io => "io",
            ErrorKind::TooLarge => "too_large",
            ErrorKind::Binary => "binary",
            ErrorKind::Empty => "empty",
            ErrorKind::Decode => "decode",
            ErrorKind::Input => "input",
        }
    }
}

/// The fields of an article record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// How the bytes became text.
    pub decoding: Decoding,
    /// The detected language.
    pub language: LanguageInfo,
    /// Whether the article reports a service outage.
    pub is_outage: bool,
    /// Confidence that it does, in [0, 1].
    pub outage_score: f64,
    /// Publication date (TimeML value), from the article or input metadata.
    pub published: Option<String>,
    /// When the reported outage started; its `time` (`HH:MM`, as written) when the lead
    /// gives one. The date value stays a plain TimeML date so that it compares as one.
    pub incident_date: Option<DateValue>,
    /// Services named in the article.
    pub services: Vec<ServiceMention>,
    /// HTTP statuses users or status pages saw.
    pub errors: Vec<HttpError>,
    /// Error signals (closed vocabulary).
    pub error_signals: Vec<ErrorSignal>,
    /// Causes with their status.
    pub causes: Vec<Cause>,
    /// Surfaces hit.
    pub surfaces: Vec<Surface>,
    /// `true` restored, `false` still down, `null` not said.
    pub resolved: Option<bool>,
    /// The statement that decided `resolved` (absent when `resolved` is null).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_evidence: Option<Evidence>,
    /// Other dates: earlier incidents the article recalls.
    pub related_dates: Vec<DateValue>,
    /// Things worth knowing about this record.
    pub warnings: Vec<String>,
    /// The repaired text that evidence offsets index (only with `--with-text`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// How the bytes were decoded and repaired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decoding {
    /// Encoding used (`UTF-8`, `windows-1252`, `UTF-16LE`, …).
    pub encoding: String,
    /// Whether mojibake was repaired.
    pub mojibake_repaired: bool,
    /// Number of repairs (mojibake sequences and HTML entities).
    pub repairs: usize,
    /// The input was an HTML page: `text` is the article text extracted from it (present,
    /// and `true`, only for HTML input).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub html: bool,
}

/// A span of the repaired text that supports a value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset after the last byte.
    pub end: usize,
    /// The slice `text[start..end]`.
    pub text: String,
}

impl Evidence {
    /// Evidence for `text[start..end]`; offsets are clamped to char boundaries.
    pub fn new(text: &str, start: usize, end: usize) -> Evidence {
        let mut start = start.min(text.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = end.clamp(start, text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        Evidence {
            start,
            end,
            text: text[start..end].to_string(),
        }
    }
}

/// How precise a date value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// `YYYY-MM-DD` or `XXXX-MM-DD`.
    Day,
    /// `YYYY-MM` or `XXXX-MM`.
    Month,
    /// `YYYY`.
    Year,
}

/// A TimeML-style date value with its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateValue {
    /// `YYYY-MM-DD`, `YYYY-MM`, `YYYY`, `XXXX-MM-DD`, `XXXX-MM`.
    pub value: String,
    /// Precision of the value.
    pub precision: Precision,
    /// Where the article says it.
    pub evidence: Evidence,
    /// For the incident date: the clock time the outage began, when the article gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<TimeValue>,
}

/// A clock time with its evidence: `HH:MM`, 24-hour, local time as the article wrote it
/// (the evidence shows the time zone, if any: "8:30 a.m. ET").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeValue {
    /// `HH:MM`.
    pub value: String,
    /// Where the article says it.
    pub evidence: Evidence,
}

/// Whether a service failed or is only named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The article says it failed.
    Affected,
    /// Named, compared, said to be working, a channel or a monitoring site.
    Mentioned,
}

/// A service named in the article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceMention {
    /// Canonical name; for a service no lexicon lists (a victim named in a list of sites
    /// that went down), the article's own spelling.
    pub name: String,
    /// The company that runs it; `null` for a service no lexicon lists.
    pub vendor: Option<String>,
    /// Affected or mentioned.
    pub role: Role,
    /// Every mention.
    pub evidence: Vec<Evidence>,
}

/// An HTTP status users saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpError {
    /// The status code.
    pub http_status: u16,
    /// The text that shows it.
    pub text: String,
    /// Where.
    pub evidence: Evidence,
}

/// A cause of the outage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cause {
    /// Category.
    pub category: CauseCategory,
    /// Confirmed, suspected or ruled out.
    pub status: CauseStatus,
    /// Where.
    pub evidence: Evidence,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::{CauseCategory, CauseStatus, ErrorSignal, Surface};

    fn schema_enum(schema: &serde_json::Value, pointer: &str) -> Vec<String> {
        schema
            .pointer(pointer)
            .and_then(|v| v.as_array())
            .unwrap_or_else(|| panic!("no enum at {pointer}"))
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    }

    #[test]
    fn schema_vocabularies_are_the_crate_vocabularies() {
        let schema: serde_json::Value = serde_json::from_str(JSON_SCHEMA).unwrap();
        let article = "/$defs/article_record/properties";
        let names = |all: Vec<&str>| all.into_iter().map(String::from).collect::<Vec<_>>();
        assert_eq!(
            schema_enum(&schema, &format!("{article}/error_signals/items/enum")),
            names(ErrorSignal::ALL.iter().map(|s| s.as_str()).collect())
        );
        assert_eq!(
            schema_enum(
                &schema,
                &format!("{article}/causes/items/properties/category/enum")
            ),
            names(CauseCategory::ALL.iter().map(|s| s.as_str()).collect())
        );
        assert_eq!(
            schema_enum(
                &schema,
                &format!("{article}/causes/items/properties/status/enum")
            ),
            names(CauseStatus::ALL.iter().map(|s| s.as_str()).collect())
        );
        assert_eq!(
            schema_enum(&schema, &format!("{article}/surfaces/items/enum")),
            names(Surface::ALL.iter().map(|s| s.as_str()).collect())
        );
        let kinds = [
            ErrorKind::Io,
            ErrorKind::TooLarge,
            ErrorKind::Binary,
            ErrorKind::Empty,
            ErrorKind::Decode,
            ErrorKind::Input,
        ];
        let kinds: Vec<String> = kinds
            .iter()
            .filter_map(|k| serde_json::to_value(k).ok())
            .filter_map(|v| v.as_str().map(String::from))
            .collect();
        assert_eq!(
            schema_enum(
                &schema,
                "/$defs/error_record/properties/error/properties/kind/enum"
            ),
            kinds
        );
    }
}
