//! Streaming: a JSON Lines stream of articles in, one record per line out, in order.
//!
//! This is `outage-news scan --input jsonl` as a library: the way to run outage-news as a
//! map stage of a data pipeline (Spark's `RDD.pipe`, a queue consumer, `jq … |`).
//!
//! # The input lines
//!
//! Each line is one JSON object describing one article:
//!
//! | field | |
//! |---|---|
//! | `id` | required, a non-empty string: the record's id |
//! | `text` | the article as text, or |
//! | `bytes_b64` | its raw bytes in standard base64 (any encoding, broken ones too), or |
//! | `path` | a file to read, as `scan` reads files (relative to the working directory) |
//! | `published` | optional `YYYY-MM-DD`: used when the text gives no publication date of its own — it anchors relative dates ("ieri", "hier", "yesterday") and becomes the record's `published` |
//! | `url` | optional, copied to the record's `source.url` |
//! | `source` | optional outlet name, copied to the record's `source.outlet` |
//!
//! Exactly one of `text`, `bytes_b64` and `path` must be given; `null` counts as absent and
//! other fields are ignored. Lines end with `\n` (a `\r` before it is dropped).
//!
//! # The output
//!
//! Exactly one record per input line, in input order, whatever the number of threads. A
//! line that is not a valid article object — blank, not JSON, no `id`, no or several
//! contents, bad base64, bad `published` — gives an error record of kind `input` whose
//! message starts with `line N:`; its id is the line's `id` when it has a readable one, else
//! `line:N` (lines count from 1). The content of a line is held to the scanner's size limit
//! (`too_large` otherwise, as for files); a line longer than four times that limit plus
//! 64 KiB (room for JSON escapes and base64) is skipped without being held in memory and
//! gives a `too_large` record with id `line:N`. If reading the stream itself fails, an `io`
//! record for the next line number ends the stream.
//!
//! Lines are read in batches (at most 256 lines or about 64 MiB) that are processed in
//! parallel on the scanner's threads, so memory stays bounded whatever the stream's length.
//! A batch is complete when it is full or the stream ends: a producer that writes a few
//! lines and waits sees their records only when 256 lines have come or it closes the stream.
//!
//! ```
//! use outage_news::{scan::Scanner, stream, Pipeline};
//!
//! let pipeline = Pipeline::builder().build()?;
//! let scanner = Scanner::new(&pipeline);
//! let input = concat!(
//!     r#"{"id": "a", "text": "Disservizio WhatsApp: da ieri sera migliaia di utenti non riescono a inviare messaggi.", "published": "2025-06-11", "source": "Il Post"}"#, "\n",
//!     "not json\n",
//! );
//! let records: Vec<_> = stream::records(&scanner, input.as_bytes()).collect();
//! assert_eq!(records.len(), 2);
//! let article = records[0].article().unwrap();
//! assert_eq!(article.incident_date.as_ref().unwrap().value, "2025-06-10");
//! assert_eq!(records[0].source.outlet.as_deref(), Some("Il Post"));
//! assert_eq!(records[1].id, "line:2");
//! assert!(records[1].error().unwrap().message.starts_with("line 2:"));
//! # Ok::<(), outage_news::Error>(())
//! ```

use std::collections::VecDeque;
use std::io::BufRead;
use std::path::Path;

use base64::Engine;
use rayon::prelude::*;
use serde_json::{Map, Value};

use crate::record::{ErrorKind, Record, Source};
use crate::scan::{error_record, Scanner, BATCH};
use crate::PartialDate;

/// A batch stops growing once its lines hold this many bytes.
const BATCH_BYTES: u64 = 64 * 1024 * 1024;

/// Room on top of four times the size limit before a line is too long to hold.
const LINE_SLACK: u64 = 64 * 1024;

/// The records of a JSON Lines stream of articles, one per line, in order.
///
/// ```
/// use outage_news::{scan::Scanner, stream, Pipeline};
///
/// let pipeline = Pipeline::builder().build()?;
/// let scanner = Scanner::new(&pipeline).threads(2).expect("a thread pool");
/// let input = "{\"id\": \"x\", \"bytes_b64\": \"UGFubmUgZCdPcmFuZ2U=\"}\n";
/// for record in stream::records(&scanner, input.as_bytes()) {
///     assert_eq!(record.id, "x");
/// }
/// # Ok::<(), outage_news::Error>(())
/// ```
pub fn records<'s, R: BufRead>(scanner: &'s Scanner<'s>, reader: R) -> Records<'s, R> {
    let line_limit = scanner
        .size_limit()
        .saturating_mul(4)
        .saturating_add(LINE_SLACK);
    Records {
        scanner,
        reader,
        line_limit,
        lines_read: 0,
        ready: VecDeque::new(),
        finished: false,
    }
}

/// Iterator over the records of a JSON Lines stream; see [`records`].
#[derive(Debug)]
pub struct Records<'s, R> {
    scanner: &'s Scanner<'s>,
    reader: R,
    line_limit: u64,
    lines_read: u64,
    ready: VecDeque<Record>,
    finished: bool,
}

impl<R: BufRead> Records<'_, R> {
    /// How many records are processed and waiting: while this is non-zero, the next call to
    /// `next` does not read the stream. A writer that flushes when it reaches 0 flushes once
    /// per batch, so a long-running pipe keeps moving.
    pub fn pending(&self) -> usize {
        self.ready.len()
    }

    /// Reads the next batch of lines and processes it in parallel.
    fn fill(&mut self) {
        let mut lines = Vec::new();
        let mut held: u64 = 0;
        while lines.len() < BATCH && held < BATCH_BYTES {
            let line = match read_line(&mut self.reader, self.line_limit) {
                Ok(Some(line)) => line,
                Ok(None) => {
                    self.finished = true;
                    break;
                }
                Err(err) => {
                    self.finished = true;
                    RawLine::Unreadable(err.to_string())
                }
            };
            self.lines_read += 1;
            if let RawLine::Complete(bytes) = &line {
                held += bytes.len() as u64;
            }
            lines.push((self.lines_read, line));
            if self.finished {
                break;
            }
        }
        let scanner = self.scanner;
        let limit = self.line_limit;
        let records: Vec<Record> = scanner.install(|| {
            lines
                .into_par_iter()
                .map(|(number, line)| line_record(scanner, limit, number, line))
                .collect()
        });
        self.ready.extend(records);
    }
}

impl<R: BufRead> Iterator for Records<'_, R> {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        if self.ready.is_empty() && !self.finished {
            self.fill();
        }
        self.ready.pop_front()
    }
}

/// One line of the stream as read.
#[derive(Debug)]
enum RawLine {
    /// The whole line, without its line ending.
    Complete(Vec<u8>),
    /// A line over the limit, skipped: its length.
    TooLong(u64),
    /// The stream failed here.
    Unreadable(String),
}

/// Reads one line, holding at most `limit` bytes of it; `None` at the end of the stream.
fn read_line(reader: &mut impl BufRead, limit: u64) -> std::io::Result<Option<RawLine>> {
    let mut line = Vec::new();
    let mut len: u64 = 0;
    let mut started = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        if available.is_empty() {
            if !started {
                return Ok(None);
            }
            break;
        }
        started = true;
        let newline = memchr::memchr(b'\n', available);
        let chunk = match newline {
            Some(at) => available.get(..at).unwrap_or_default(),
            None => available,
        };
        len += chunk.len() as u64;
        if len <= limit {
            line.extend_from_slice(chunk);
        } else if !line.is_empty() {
            line = Vec::new();
        }
        let consumed = newline.map_or(available.len(), |at| at + 1);
        reader.consume(consumed);
        if newline.is_some() {
            break;
        }
    }
    if len > limit {
        return Ok(Some(RawLine::TooLong(len)));
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    Ok(Some(RawLine::Complete(line)))
}

/// An article line, parsed.
#[derive(Debug)]
struct ArticleLine {
    id: String,
    content: Content,
    published: Option<PartialDate>,
    url: Option<String>,
    outlet: Option<String>,
}

/// Where an article's bytes are.
#[derive(Debug)]
enum Content {
    Bytes(Vec<u8>),
    Path(String),
}

/// Why a line is not an article: the id it names, if any, and a message.
#[derive(Debug)]
struct BadLine {
    id: Option<String>,
    message: String,
}

fn bad(id: &Option<String>, message: impl Into<String>) -> BadLine {
    BadLine {
        id: id.clone(),
        message: message.into(),
    }
}

fn line_record(scanner: &Scanner, limit: u64, number: u64, line: RawLine) -> Record {
    let line_id = format!("line:{number}");
    let bytes = match line {
        RawLine::Complete(bytes) => bytes,
        RawLine::TooLong(len) => {
            return error_record(
                &line_id,
                stream_source(&line_id, len),
                ErrorKind::TooLarge,
                format!(
                    "line {number}: {len} bytes is longer than the line limit of {limit} bytes \
                     (4 × --max-bytes + 64 KiB)"
                ),
            )
        }
        RawLine::Unreadable(message) => {
            return error_record(
                &line_id,
                stream_source(&line_id, 0),
                ErrorKind::Io,
                format!("line {number}: cannot read the input: {message}"),
            )
        }
    };
    let line_len = bytes.len() as u64;
    let article = match parse(&bytes) {
        Ok(article) => article,
        Err(BadLine { id, message }) => {
            let id = id.unwrap_or(line_id);
            return error_record(
                &id,
                stream_source(&id, line_len),
                ErrorKind::Input,
                format!("line {number}: {message}"),
            );
        }
    };
    let ArticleLine {
        id,
        content,
        published,
        url,
        outlet,
    } = article;
    let mut record = match content {
        Content::Bytes(bytes) => scanner.process_bytes(&id, &id, bytes, published),
        Content::Path(path) => scanner.process_file(&id, Path::new(&path), published),
    };
    record.source.url = url;
    record.source.outlet = outlet;
    record
}

fn stream_source(path: &str, bytes: u64) -> Source {
    Source {
        path: path.to_string(),
        bytes,
        ..Source::default()
    }
}

/// Parses one line into an article, or says what is wrong with it.
fn parse(line: &[u8]) -> Result<ArticleLine, BadLine> {
    if line.iter().all(u8::is_ascii_whitespace) {
        return Err(bad(&None, "blank line"));
    }
    let mut object = match serde_json::from_slice::<Value>(line) {
        Ok(Value::Object(object)) => object,
        Ok(_) => return Err(bad(&None, "not a JSON object")),
        Err(err) => return Err(bad(&None, format!("not valid JSON: {err}"))),
    };
    let id = match object.remove("id") {
        Some(Value::String(id)) if !id.is_empty() => id,
        Some(Value::String(_)) => return Err(bad(&None, "`id` is empty")),
        None | Some(Value::Null) => return Err(bad(&None, "no `id`")),
        Some(_) => return Err(bad(&None, "`id` is not a string")),
    };
    // Problems found from here on are reported under the line's id.
    let known = Some(id.clone());
    let id_ref = &known;
    let text = string_field(&mut object, "text", id_ref)?;
    let bytes_b64 = string_field(&mut object, "bytes_b64", id_ref)?;
    let path = string_field(&mut object, "path", id_ref)?;
    let published = match string_field(&mut object, "published", id_ref)? {
        Some(date) => Some(
            PartialDate::parse(&date)
                .filter(|d| d.day.is_some())
                .ok_or_else(|| {
                    bad(
                        id_ref,
                        format!("`published` {date:?} is not a YYYY-MM-DD date"),
                    )
                })?,
        ),
        None => None,
    };
    let url = string_field(&mut object, "url", id_ref)?;
    let outlet = string_field(&mut object, "source", id_ref)?;
    let content = match (text, bytes_b64, path) {
        (Some(text), None, None) => Content::Bytes(text.into_bytes()),
        (None, Some(b64), None) => Content::Bytes(
            base64::engine::general_purpose::STANDARD
                .decode(b64.as_bytes())
                .map_err(|err| bad(id_ref, format!("`bytes_b64` is not standard base64: {err}")))?,
        ),
        (None, None, Some(path)) if !path.is_empty() => Content::Path(path),
        (None, None, Some(_)) => return Err(bad(id_ref, "`path` is empty")),
        (None, None, None) => {
            return Err(bad(
                id_ref,
                "no content: give one of `text`, `bytes_b64`, `path`",
            ))
        }
        _ => {
            return Err(bad(
                id_ref,
                "several contents: give only one of `text`, `bytes_b64`, `path`",
            ))
        }
    };
    Ok(ArticleLine {
        id,
        content,
        published,
        url,
        outlet,
    })
}

/// Takes an optional string field out of the object (`null` is absent).
fn string_field(
    object: &mut Map<String, Value>,
    name: &str,
    id: &Option<String>,
) -> Result<Option<String>, BadLine> {
    match object.remove(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(bad(id, format!("`{name}` is not a string"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], limit: u64) -> Vec<String> {
        let mut reader = std::io::BufReader::with_capacity(4, input);
        let mut out = Vec::new();
        while let Ok(Some(line)) = read_line(&mut reader, limit) {
            out.push(match line {
                RawLine::Complete(b) => String::from_utf8_lossy(&b).into_owned(),
                RawLine::TooLong(n) => format!("<{n} bytes>"),
                RawLine::Unreadable(m) => m,
            });
        }
        out
    }

    #[test]
    fn lines_split_on_newline_and_long_ones_are_skipped() {
        assert_eq!(
            lines(b"ab\r\n\nabcdefghij\nxyz", 5),
            ["ab", "", "<10 bytes>", "xyz"]
        );
        assert_eq!(lines(b"", 5), Vec::<String>::new());
        assert_eq!(lines(b"abc\n", 5), ["abc"]);
    }

    #[test]
    fn parse_names_the_problem_and_keeps_the_id() {
        let err = |line: &str| parse(line.as_bytes()).err().map(|b| (b.id, b.message));
        assert_eq!(err("  "), Some((None, "blank line".into())));
        assert_eq!(err("[1]"), Some((None, "not a JSON object".into())));
        assert_eq!(err(r#"{"text": "x"}"#), Some((None, "no `id`".into())));
        let (id, message) = err(r#"{"id": "a", "text": "x", "path": "y"}"#).unwrap_or_default();
        assert_eq!(id.as_deref(), Some("a"));
        assert!(message.starts_with("several contents"), "{message}");
        let (_, message) = err(r#"{"id": "a", "bytes_b64": "@@@"}"#).unwrap_or_default();
        assert!(message.contains("base64"), "{message}");
        let (_, message) =
            err(r#"{"id": "a", "text": "x", "published": "2025-02-30"}"#).unwrap_or_default();
        assert!(message.contains("published"), "{message}");
        assert!(parse(br#"{"id": "a", "text": "x", "extra": 1, "url": null}"#).is_ok());
    }
}
