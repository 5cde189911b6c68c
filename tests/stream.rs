//! `scan --input jsonl` and `outage_news::stream`: one record per input line, in order, the
//! same records as a folder scan, metadata carried over, every malformed line reported.

use std::path::PathBuf;
use std::process::Command;

use base64::Engine;
use serde_json::{json, Value};

mod common;
use common::{corpus_articles, json_lines, run_with_stdin};

fn jsonl(lines: &[Value]) -> Vec<u8> {
    let mut out = Vec::new();
    for line in lines {
        out.extend_from_slice(line.to_string().as_bytes());
        out.push(b'\n');
    }
    out
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The corpus files as `scan corpus/articles` orders them: (id, path).
fn corpus_files() -> Vec<(String, PathBuf)> {
    let out = Command::new(common::binary())
        .args(["scan", "-q", "-j", "2"])
        .arg(corpus_articles())
        .output()
        .expect("binary runs");
    json_lines(&out)
        .iter()
        .map(|r| {
            let id = r["id"].as_str().expect("id").to_string();
            (id.clone(), corpus_articles().join(id))
        })
        .collect()
}

#[test]
fn stream_gives_the_records_of_a_folder_scan_for_any_thread_count() {
    let scan = Command::new(common::binary())
        .args(["scan", "-q", "-j", "2"])
        .arg(corpus_articles())
        .output()
        .expect("binary runs");
    assert_eq!(scan.status.code(), Some(0));
    let expected = json_lines(&scan);
    let files = corpus_files();
    assert_eq!(files.len(), expected.len());
    assert!(files.len() > 100, "the whole corpus");

    // By path: the very same records, `source.path` included.
    let by_path: Vec<Value> = files
        .iter()
        .map(|(id, path)| json!({"id": id, "path": path}))
        .collect();
    let out = run_with_stdin(&["scan", "-q", "--input", "jsonl", "-"], &jsonl(&by_path));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json_lines(&out), expected);

    // By raw bytes, on one and on two threads: the same records but for `source.path`,
    // which for inline content repeats the id.
    let by_bytes: Vec<Value> = files
        .iter()
        .map(|(id, path)| json!({"id": id, "bytes_b64": b64(&std::fs::read(path).unwrap())}))
        .collect();
    let one = run_with_stdin(
        &["scan", "-q", "-j", "1", "--input", "jsonl", "-"],
        &jsonl(&by_bytes),
    );
    let two = run_with_stdin(
        &["scan", "-q", "-j", "2", "--input", "jsonl", "-"],
        &jsonl(&by_bytes),
    );
    assert_eq!(one.status.code(), Some(0));
    assert_eq!(
        one.stdout, two.stdout,
        "identical output for 1 and 2 threads"
    );
    let mut normalised = expected.clone();
    for record in &mut normalised {
        record["source"]["path"] = record["id"].clone();
    }
    assert_eq!(json_lines(&one), normalised);
}

#[test]
fn broken_encodings_survive_as_bytes_b64_and_mojibake_as_text() {
    let dir = corpus_articles().join("mangled");
    let clean = std::fs::read(corpus_articles().join("it/2025-02-28-whatsapp-down.txt")).unwrap();
    let cp1252 = std::fs::read(dir.join("it-2025-02-28-whatsapp-down.cp1252.txt")).unwrap();
    let mojibake = std::fs::read(dir.join("it-2025-02-28-whatsapp-down.mojibake.txt")).unwrap();
    assert!(
        std::str::from_utf8(&cp1252).is_err(),
        "not UTF-8: needs bytes_b64"
    );
    let mojibake_text = String::from_utf8(mojibake).expect("mojibake is valid UTF-8");
    assert!(mojibake_text.contains("Ã"));
    let lines = [
        json!({"id": "clean", "text": String::from_utf8(clean).unwrap()}),
        json!({"id": "cp1252", "bytes_b64": b64(&cp1252)}),
        json!({"id": "mojibake", "text": mojibake_text}),
    ];
    let out = run_with_stdin(&["scan", "-q", "--input", "jsonl", "-"], &jsonl(&lines));
    assert_eq!(out.status.code(), Some(0));
    let got = json_lines(&out);
    assert_eq!(got.len(), 3);
    assert_eq!(got[1]["decoding"]["encoding"], "windows-1252");
    assert_eq!(got[2]["decoding"]["mojibake_repaired"], true);
    let fields = |r: &Value| {
        json!([
            r["language"]["code"],
            r["is_outage"],
            r["published"],
            r["incident_date"]["value"],
            r["services"]
                .as_array()
                .map(|s| s.iter().map(|s| s["name"].clone()).collect::<Vec<_>>())
        ])
    };
    assert_eq!(got[0]["services"][0]["name"], "WhatsApp");
    assert_eq!(fields(&got[1]), fields(&got[0]));
    assert_eq!(fields(&got[2]), fields(&got[0]));
}

#[test]
fn published_anchors_relative_dates_and_metadata_is_carried_over() {
    let ieri = "Disservizio WhatsApp: da ieri sera migliaia di utenti non riescono a inviare \
                messaggi, che restano con una sola spunta grigia.";
    let hier = "Panne de WhatsApp : depuis hier soir, des milliers d'utilisateurs ne peuvent plus \
                envoyer de messages.";
    let dated = "date 2025-03-03\nDisservizio WhatsApp: da ieri sera migliaia di utenti non \
                 riescono a inviare messaggi.";
    let lines = [
        json!({"id": "it", "text": ieri, "published": "2025-06-11",
               "url": "https://example.it/whatsapp", "source": "Esempio Tech"}),
        json!({"id": "fr", "text": hier, "published": "2025-01-01", "url": null}),
        json!({"id": "dated", "text": dated, "published": "2025-06-11"}),
        json!({"id": "bare", "text": ieri}),
    ];
    let out = run_with_stdin(
        &[
            "scan",
            "-q",
            "--input",
            "jsonl",
            "--reference-date",
            "2024-10-20",
            "-",
        ],
        &jsonl(&lines),
    );
    assert_eq!(out.status.code(), Some(0));
    let got = json_lines(&out);
    assert_eq!(got.len(), 4);

    assert_eq!(got[0]["published"], "2025-06-11");
    assert_eq!(got[0]["incident_date"]["value"], "2025-06-10");
    assert_eq!(got[0]["source"]["url"], "https://example.it/whatsapp");
    assert_eq!(got[0]["source"]["outlet"], "Esempio Tech");
    assert_eq!(got[0]["source"]["path"], "it");

    // "hier" on New Year's Day is in the previous year.
    assert_eq!(got[1]["published"], "2025-01-01");
    assert_eq!(got[1]["incident_date"]["value"], "2024-12-31");
    assert!(got[1]["source"].get("url").is_none(), "null is absent");
    assert!(got[1]["source"].get("outlet").is_none());

    // The article's own date line wins over the metadata.
    assert_eq!(got[2]["published"], "2025-03-03");
    assert_eq!(got[2]["incident_date"]["value"], "2025-03-02");

    // No metadata: the reference date anchors, and `published` stays empty.
    assert_eq!(got[3]["published"], Value::Null);
    assert_eq!(got[3]["incident_date"]["value"], "2024-10-19");
}

#[test]
fn every_malformed_line_gives_one_error_record_in_place() {
    let good = "Panne géante de WhatsApp : les messages ne partent plus depuis ce matin.";
    let missing = std::env::temp_dir().join("outage-news-stream-test-no-such-file.txt");
    let mut input = Vec::new();
    let mut line = |s: &str| {
        input.extend_from_slice(s.as_bytes());
        input.push(b'\n');
    };
    line(&json!({"id": "ok-1", "text": good}).to_string()); // 1
    line(""); // 2
    line("{\"id\": \"cut\", \"text\": \"Panne"); // 3
    line("[\"not\", \"an object\"]"); // 4
    line(&json!({"text": good}).to_string()); // 5
    line(&json!({"id": 7, "text": good}).to_string()); // 6
    line(&json!({"id": "two", "text": good, "bytes_b64": b64(good.as_bytes())}).to_string()); // 7
    line(&json!({"id": "none", "url": "https://example.fr"}).to_string()); // 8
    line(&json!({"id": "b64", "bytes_b64": "not base64!"}).to_string()); // 9
    line(&json!({"id": "date", "text": good, "published": "11/06/2025"}).to_string()); // 10
    line(&json!({"id": "gone", "path": missing}).to_string()); // 11
    line(&json!({"id": "empty", "text": ""}).to_string()); // 12
    line(&json!({"id": "big", "text": "x".repeat(3000)}).to_string()); // 13
    line(&format!(
        "{{\"id\": \"huge\", \"text\": \"{}\"}}",
        "y".repeat(200_000)
    )); // 14
    line(&json!({"id": "ok-2", "bytes_b64": b64(good.as_bytes())}).to_string()); // 15
    input.extend_from_slice(b"{\"id\": \"ok-3\", \"text\": \"x\"}\r\n"); // 16, CRLF
    input.extend_from_slice(json!({"id": "last", "text": good}).to_string().as_bytes()); // 17, no newline

    let out = run_with_stdin(
        &["scan", "-q", "--input", "jsonl", "--max-bytes", "2000", "-"],
        &input,
    );
    assert_eq!(out.status.code(), Some(1), "some lines failed → exit 1");
    let got = json_lines(&out);
    let summary: Vec<(String, String)> = got
        .iter()
        .map(|r| {
            let kind = r["error"]["kind"].as_str().unwrap_or("article").to_string();
            (r["id"].as_str().unwrap_or("?").to_string(), kind)
        })
        .collect();
    let expected = [
        ("ok-1", "article"),
        ("line:2", "input"),
        ("line:3", "input"),
        ("line:4", "input"),
        ("line:5", "input"),
        ("line:6", "input"),
        ("two", "input"),
        ("none", "input"),
        ("b64", "input"),
        ("date", "input"),
        ("gone", "io"),
        ("empty", "empty"),
        ("big", "too_large"),
        ("line:14", "too_large"),
        ("ok-2", "article"),
        ("ok-3", "article"),
        ("last", "article"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(summary, expected);
    for (n, record) in got.iter().enumerate() {
        if record["error"]["kind"] == "input" || record["id"] == "line:14" {
            let message = record["error"]["message"].as_str().unwrap_or("");
            assert!(
                message.starts_with(&format!("line {}: ", n + 1)),
                "line number in {message}"
            );
        }
    }
    assert_eq!(got[14]["source"]["sha256"], got[0]["source"]["sha256"]);

    let all_good = jsonl(&[json!({"id": "a", "text": good})]);
    let out = run_with_stdin(&["scan", "-q", "--input", "jsonl", "-"], &all_good);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn jsonl_usage_errors_exit_2() {
    let out = run_with_stdin(&["scan", "--input", "jsonl", "a.jsonl", "b.jsonl"], b"");
    assert_eq!(out.status.code(), Some(2));
    let out = run_with_stdin(&["scan", "--input", "jsonl", "--glob", "*.txt", "-"], b"");
    assert_eq!(out.status.code(), Some(2));
    let out = run_with_stdin(
        &["scan", "--input", "jsonl", "/nonexistent/articles.jsonl"],
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
    let out = run_with_stdin(&["scan", "-q", "--input", "jsonl", "-"], b"");
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty(), "no lines in, no lines out");
}

#[test]
fn library_iterator_keeps_order_across_batches() {
    use outage_news::{scan::Scanner, stream, Pipeline};

    let pipeline = Pipeline::builder().build().expect("pipeline");
    let scanner = Scanner::new(&pipeline).threads(2).expect("threads");
    let mut input = String::new();
    for i in 0..600 {
        if i % 7 == 3 {
            input.push_str("{oops\n");
        } else {
            input.push_str(&format!(
                "{{\"id\": \"n{i}\", \"text\": \"Panne de Slack numéro {i} : les messages ne partent plus.\"}}\n"
            ));
        }
    }
    let mut records = stream::records(&scanner, input.as_bytes());
    let mut ids = Vec::new();
    let mut flushes = 0;
    while let Some(record) = records.next() {
        ids.push(record.id);
        if records.pending() == 0 {
            flushes += 1;
        }
    }
    let expected: Vec<String> = (0..600)
        .map(|i| {
            if i % 7 == 3 {
                format!("line:{}", i + 1)
            } else {
                format!("n{i}")
            }
        })
        .collect();
    assert_eq!(ids, expected);
    assert_eq!(flushes, 3, "600 lines are three batches of at most 256");
}
