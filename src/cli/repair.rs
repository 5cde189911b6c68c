//! `outage-news repair`: the decode and repair stages on their own.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use outage_news::repair::{repair, repair_bytes, Repair, Repaired};

pub(super) const EXAMPLES: &str = "\
Examples:
  outage-news repair broken.txt > fixed.txt        repaired text on stdout
  cat broken.txt | outage-news repair              stdin when no file is given
  outage-news repair --explain broken.txt          each repair listed on stderr
  outage-news repair --jsonl < texts.jsonl         {\"text\": ...} per line in, {\"text\": ..., \"repairs\": N} out

Files are decoded first (BOM, UTF-16, UTF-8, legacy charsets), then repaired: mojibake
from windows-1252, latin-1, ISO-8859-15, windows-1250/1251, MacRoman and cp437 (once or
several times), lost no-break spaces, C1 controls, HTML entities in plain text; NFC.
Correct text is never changed.
Exit status: 0 all inputs repaired, 1 some inputs failed, 2 usage error.";

#[derive(clap::Args, Debug)]
pub(super) struct RepairArgs {
    /// Files to repair (`-` or nothing: stdin).
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,

    /// Read JSON Lines `{"text": "..."}` on stdin, write `{"text": "...", "repairs": N}` per
    /// line, in order (lines are split on `\n` only).
    #[arg(long)]
    jsonl: bool,

    /// List each repair: its span in the input, what it was, what it became and which codec
    /// explains it (on stderr; in the output objects with --jsonl).
    #[arg(long)]
    explain: bool,
}

/// Runs the command and returns the exit status.
pub(super) fn run(args: RepairArgs) -> i32 {
    let stdout = std::io::stdout().lock();
    let mut out = std::io::BufWriter::new(stdout);
    let result = if args.jsonl {
        jsonl(&args, &mut out)
    } else {
        files(&args, &mut out)
    };
    match result.and_then(|failed| out.flush().map(|_| failed)) {
        Ok(0) => 0,
        Ok(_) => 1,
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(err) => super::fail(format!("cannot write output: {err}")),
    }
}

/// Repairs whole files; returns how many failed.
fn files(args: &RepairArgs, out: &mut impl Write) -> std::io::Result<usize> {
    let stdin_only = [PathBuf::from("-")];
    let files = if args.files.is_empty() {
        &stdin_only[..]
    } else {
        &args.files[..]
    };
    let mut failed = 0;
    for path in files {
        let name = path.display().to_string();
        let bytes = if name == "-" {
            let mut buf = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut buf).map(|_| buf)
        } else {
            std::fs::read(path)
        };
        let repaired = match bytes {
            Ok(bytes) => repair_bytes(&bytes).map_err(|e| e.to_string()),
            Err(err) => Err(err.to_string()),
        };
        match repaired {
            Ok(repaired) => {
                out.write_all(repaired.text.as_bytes())?;
                if args.explain {
                    explain(&name, &repaired);
                }
            }
            Err(message) => {
                eprintln!("outage-news: {name}: {message}");
                failed += 1;
            }
        }
    }
    Ok(failed)
}

fn explain(name: &str, repaired: &Repaired) {
    eprintln!(
        "{name}: {} repair(s), decoded as {}",
        repaired.repairs, repaired.encoding
    );
    for r in &repaired.details {
        let codecs = if r.codecs.is_empty() {
            String::new()
        } else {
            format!(" via {}", r.codecs.join(" then "))
        };
        eprintln!(
            "  {}..{} {:?} -> {:?} ({}{codecs})",
            r.start,
            r.end,
            r.from,
            r.to,
            r.kind.name()
        );
    }
    for w in &repaired.warnings {
        eprintln!("  warning: {w}");
    }
}

#[derive(Deserialize)]
struct TextIn {
    text: String,
}

#[derive(Serialize)]
struct TextOut<'a> {
    text: &'a str,
    repairs: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    details: Option<&'a [Repair]>,
}

#[derive(Serialize)]
struct LineError {
    line: usize,
    error: String,
}

/// Repairs JSON Lines from stdin; returns how many lines failed.
fn jsonl(args: &RepairArgs, out: &mut impl Write) -> std::io::Result<usize> {
    let stdin = std::io::stdin().lock();
    let mut failed = 0;
    for (index, line) in stdin.split(b'\n').enumerate() {
        let mut line = line?;
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        let parsed = std::str::from_utf8(&line)
            .map_err(|e| format!("not UTF-8: {e}"))
            .and_then(|l| serde_json::from_str::<TextIn>(l).map_err(|e| e.to_string()));
        let json = match parsed {
            Ok(input) => {
                let repaired = repair(&input.text);
                serde_json::to_string(&TextOut {
                    text: &repaired.text,
                    repairs: repaired.repairs,
                    details: args.explain.then_some(&repaired.details[..]),
                })
            }
            Err(error) => {
                failed += 1;
                serde_json::to_string(&LineError {
                    line: index + 1,
                    error,
                })
            }
        }
        .map_err(std::io::Error::other)?;
        out.write_all(json.as_bytes())?;
        out.write_all(b"\n")?;
    }
    Ok(failed)
}
