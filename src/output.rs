//! Output formats for records: JSON Lines (default), a JSON array, or CSV.
//!
//! * `jsonl` — one record per line, exactly as documented in [`crate::record`];
//! * `json` — the same records as one JSON array (for tools that want a single document);
//! * `csv` — one row per record with the main fields flattened (lists joined with `;`,
//!   causes as `category:status`), for spreadsheets.

use std::io::Write;

use crate::record::{Record, RecordBody, Role};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// JSON Lines.
    #[default]
    Jsonl,
    /// One JSON array.
    Json,
    /// Comma-separated values with a header row.
    Csv,
}

/// The CSV columns, in order.
pub const CSV_COLUMNS: &[&str] = &[
    "id",
    "path",
    "error_kind",
    "error_message",
    "language",
    "is_outage",
    "outage_score",
    "published",
    "incident_date",
    "affected_services",
    "mentioned_services",
    "vendors",
    "http_statuses",
    "error_signals",
    "causes",
    "surfaces",
    "resolved",
    "related_dates",
    "encoding",
    "mojibake_repaired",
    "warnings",
];

/// Writes records in a format.
pub struct RecordWriter<W: Write> {
    format: Format,
    out: W,
    written: u64,
}

impl<W: Write> RecordWriter<W> {
    /// A writer of `format` to `out`.
    pub fn new(format: Format, out: W) -> Self {
        RecordWriter {
            format,
            out,
            written: 0,
        }
    }

    /// Writes one record.
    pub fn write(&mut self, record: &Record) -> std::io::Result<()> {
        match self.format {
            Format::Jsonl => {
                serde_json::to_writer(&mut self.out, record)?;
                self.out.write_all(b"\n")?;
            }
            Format::Json => {
                self.out
                    .write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
                serde_json::to_writer(&mut self.out, record)?;
            }
            Format::Csv => {
                if self.written == 0 {
                    write_csv_row(&mut self.out, CSV_COLUMNS.iter().map(|s| s.to_string()))?;
                }
                write_csv_row(&mut self.out, csv_fields(record).into_iter())?;
            }
        }
        self.written += 1;
        Ok(())
    }

    /// Flushes what is written so far (the document stays open).
    pub fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }

    /// Closes the document (the JSON array, or the CSV header of an empty run) and flushes.
    pub fn finish(mut self) -> std::io::Result<W> {
        match self.format {
            Format::Json if self.written == 0 => self.out.write_all(b"[]\n")?,
            Format::Json => self.out.write_all(b"\n]\n")?,
            Format::Csv if self.written == 0 => {
                write_csv_row(&mut self.out, CSV_COLUMNS.iter().map(|s| s.to_string()))?
            }
            _ => {}
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

fn write_csv_row(
    out: &mut impl Write,
    fields: impl Iterator<Item = String>,
) -> std::io::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    w.write_record(fields.collect::<Vec<_>>())?;
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    out.write_all(&bytes)
}

fn csv_fields(record: &Record) -> Vec<String> {
    let mut row = vec![record.id.clone(), record.source.path.clone()];
    let article = match &record.body {
        RecordBody::Error { error } => {
            let kind = serde_json::to_value(error.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            row.push(kind);
            row.push(error.message.clone());
            row.resize(CSV_COLUMNS.len(), String::new());
            return row;
        }
        RecordBody::Article(a) => a,
    };
    let join = |items: Vec<String>| items.join(";");
    let names = |role: Role| {
        join(
            article
                .services
                .iter()
                .filter(|s| s.role == role)
                .map(|s| s.name.clone())
                .collect(),
        )
    };
    let mut vendors: Vec<String> = article
        .services
        .iter()
        .filter(|s| s.role == Role::Affected)
        .filter_map(|s| s.vendor.clone())
        .collect();
    vendors.dedup();
    row.extend([
        String::new(),
        String::new(),
        article.language.code.clone(),
        article.is_outage.to_string(),
        format!("{}", article.outage_score),
        article.published.clone().unwrap_or_default(),
        article
            .incident_date
            .as_ref()
            .map(|d| d.value.clone())
            .unwrap_or_default(),
        names(Role::Affected),
        names(Role::Mentioned),
        join(vendors),
        join(
            article
                .errors
                .iter()
                .map(|e| e.http_status.to_string())
                .collect(),
        ),
        join(
            article
                .error_signals
                .iter()
                .map(|s| s.to_string())
                .collect(),
        ),
        join(
            article
                .causes
                .iter()
                .map(|c| format!("{}:{}", c.category, c.status))
                .collect(),
        ),
        join(article.surfaces.iter().map(|s| s.to_string()).collect()),
        article.resolved.map(|r| r.to_string()).unwrap_or_default(),
        join(
            article
                .related_dates
                .iter()
                .map(|d| d.value.clone())
                .collect(),
        ),
        article.decoding.encoding.clone(),
        article.decoding.mojibake_repaired.to_string(),
        join(article.warnings.clone()),
    ]);
    row
}
