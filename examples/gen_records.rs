//! Generates many records for measuring `outage-news incidents`: copies of the records of a
//! `scan` JSON Lines file, each copy with its vendors renamed (a different "world" of
//! vendors) and its dates shifted, so the copies form distinct incidents.
//!
//! ```sh
//! outage-news scan corpus/articles -q -o /tmp/corpus.jsonl
//! cargo run --release --example gen_records -- /tmp/corpus.jsonl 1000000 > /tmp/records-1m.jsonl
//! ```

use std::io::{BufRead, BufWriter, Write};

use outage_news::incidents::dates::{IsoDay, When};
use serde_json::Value;

/// How many renamed service worlds before the dates shift.
const WORLDS: usize = 1000;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(path), Some(count)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: gen_records RECORDS.jsonl COUNT > OUT.jsonl");
        std::process::exit(2);
    };
    let count: usize = count.parse()?;
    let file = std::io::BufReader::new(std::fs::File::open(path)?);
    let mut base: Vec<Value> = Vec::new();
    for line in file.lines() {
        let line = line?;
        if !line.trim().is_empty() {
            base.push(serde_json::from_str(&line)?);
        }
    }
    if base.is_empty() {
        return Err("no records in the input".into());
    }
    let mut out = BufWriter::new(std::io::stdout().lock());
    for k in 0..count {
        let copy = k / base.len();
        let world = copy % WORLDS;
        let shift = i32::try_from((copy / WORLDS) * 45)?;
        let Some(template) = base.get(k % base.len()) else {
            continue;
        };
        let mut record = template.clone();
        if let Some(id) = record.get("id").and_then(Value::as_str) {
            record["id"] = Value::from(format!("copy{copy}/{id}"));
        }
        if let Some(published) = record.get_mut("published") {
            shift_date(published, shift);
        }
        if let Some(value) = record
            .get_mut("incident_date")
            .and_then(|d| d.get_mut("value"))
        {
            shift_date(value, shift);
        }
        if let Some(services) = record.get_mut("services").and_then(Value::as_array_mut) {
            for s in services {
                // Names stay (so providers stay providers); vendors, the blocking key, change.
                if let Some(v) = s.get("vendor").and_then(Value::as_str) {
                    s["vendor"] = Value::from(format!("{v} w{world}"));
                }
            }
        }
        serde_json::to_writer(&mut out, &record)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

/// Moves a `YYYY-MM-DD` value `days` later; other values are left alone.
fn shift_date(value: &mut Value, days: i32) {
    if let Some(When::Day(d)) = value.as_str().and_then(When::parse) {
        *value = Value::from(IsoDay(d + days).to_string());
    }
}
