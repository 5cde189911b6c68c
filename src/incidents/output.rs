//! Writing incidents: JSON Lines (incident v1) or CSV for spreadsheets, and reading records
//! back from a `scan` JSON Lines file.
//!
//! CSV has one row per incident; lists are joined with `;`, counted values are written
//! `value:count` (`503:4`), causes `category:status` (`configuration_error:confirmed`), and
//! `joined_by` gives `how:confidence` for each article, in the order of `articles`
//! (`date:1;content:0.8`).

use std::io::{BufRead, Write};

use crate::record::Record;

use super::Incident;

/// The CSV columns, in order.
pub const INCIDENT_CSV_COLUMNS: &[&str] = &[
    "incident_id",
    "primary_service",
    "vendor",
    "start",
    "first_report",
    "last_report",
    "article_count",
    "articles",
    "joined_by",
    "languages",
    "affected_services",
    "http_statuses",
    "error_signals",
    "causes",
    "resolved",
    "conflicts",
    "reason",
];

/// An output format for incidents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IncidentFormat {
    /// One incident v1 object per line.
    #[default]
    Jsonl,
    /// CSV with a header row.
    Csv,
}

/// Writes `incidents` to `out` in `format`.
pub fn write_incidents(
    incidents: &[Incident],
    format: IncidentFormat,
    out: &mut impl Write,
) -> std::io::Result<()> {
    match format {
        IncidentFormat::Jsonl => {
            for incident in incidents {
                serde_json::to_writer(&mut *out, incident)?;
                out.write_all(b"\n")?;
            }
        }
        IncidentFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut *out);
            w.write_record(INCIDENT_CSV_COLUMNS)?;
            for incident in incidents {
                w.write_record(csv_row(incident))?;
            }
            w.flush()?;
        }
    }
    out.flush()
}

fn csv_row(i: &Incident) -> Vec<String> {
    let join = |items: Vec<String>| items.join(";");
    vec![
        i.incident_id.clone(),
        i.primary_service.clone().unwrap_or_default(),
        i.vendor.clone().unwrap_or_default(),
        i.start
            .as_ref()
            .map(|d| d.value.clone())
            .unwrap_or_default(),
        i.first_report.clone().unwrap_or_default(),
        i.last_report.clone().unwrap_or_default(),
        i.articles.len().to_string(),
        join(i.articles.clone()),
        // Sources are sorted by id like `articles`: one value per article, in the same order.
        join(
            i.sources
                .iter()
                .map(|s| format!("{}:{}", s.joined_by.as_str(), s.confidence))
                .collect(),
        ),
        join(
            i.languages
                .iter()
                .map(|l| format!("{}:{}", l.code, l.articles))
                .collect(),
        ),
        join(i.affected_services.iter().map(|s| s.name.clone()).collect()),
        join(
            i.http_statuses
                .iter()
                .map(|s| format!("{}:{}", s.http_status, s.articles))
                .collect(),
        ),
        join(
            i.error_signals
                .iter()
                .map(|s| format!("{}:{}", s.signal, s.articles))
                .collect(),
        ),
        join(
            i.causes
                .iter()
                .map(|c| format!("{}:{}", c.category, c.status))
                .collect(),
        ),
        i.resolved.map(|r| r.to_string()).unwrap_or_default(),
        join(i.conflicts.iter().map(|c| c.field.clone()).collect()),
        i.reason.clone().unwrap_or_default(),
    ]
}

/// A line of a records file that is not a record.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be read.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// A line is not a record v1 object.
    #[error("line {line}: not a record: {message}")]
    Malformed {
        /// 1-based line number.
        line: usize,
        /// What the JSON parser said.
        message: String,
    },
}

/// Reads records from JSON Lines (as `scan` writes them), one at a time, handing each to
/// `sink`; blank lines are skipped. Stops at the first malformed line.
///
/// ```
/// let jsonl = r#"{"schema_version":1,"id":"a.txt","source":{"path":"a.txt","bytes":0},"error":{"kind":"empty","message":"the file is empty"}}"#;
/// let mut ids = Vec::new();
/// outage_news::incidents::output::read_records(jsonl.as_bytes(), |r| ids.push(r.id))?;
/// assert_eq!(ids, ["a.txt"]);
/// # Ok::<(), outage_news::incidents::output::ReadError>(())
/// ```
pub fn read_records(input: impl BufRead, mut sink: impl FnMut(Record)) -> Result<(), ReadError> {
    for (n, line) in input.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let record: Record = serde_json::from_str(&line).map_err(|e| ReadError::Malformed {
            line: n + 1,
            message: e.to_string(),
        })?;
        sink(record);
    }
    Ok(())
}
