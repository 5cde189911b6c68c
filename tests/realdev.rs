//! The real-article dev set beside the crate (`../shared/realdev`: articles, their labels
//! `gold.jsonl` and the reference scorer `score.py`).
//!
//! * The Rust scorer (`outage_news::eval::labels`, `outage-news eval --labels`) agrees with
//!   `score.py`: every figure, the passed and failed counts, the failing ids and their
//!   reasons, and the text it prints — on the dev set and on hand-made edge cases.
//! * A ratchet: the overall score and the fully-right count may not fall below the floors
//!   below. `cargo test --test realdev -- --nocapture` prints the tables.
//!
//! These tests need `../shared/realdev` and `python3`; without them they fail (never pass
//! silently).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use outage_news::eval::labels::{Group, Labels, Predictions, Scores};
use outage_news::output::{Format, RecordWriter};
use outage_news::scan::{walk_inputs, Scanner, Selection};
use outage_news::{Pipeline, Record};
use serde_json::Value;

// ---------------------------------------------------------------------------------------
// RATCHET FLOORS: the figures measured on ../shared/realdev when this test was written
// (overall score rounded down to 3 decimals; articles with every scored field right).
// A ratchet: raise them whenever extraction improves; never lower them.
// ---------------------------------------------------------------------------------------
/// The groups of the first ratchet: outage reports in it, fr, en, and non-outage articles.
const CORE_GROUPS: &str = "it,fr,en,neg";
/// Overall score (mean of the ten fields) on groups it, fr, en, neg.
const FLOOR_CORE_SCORE: f64 = 0.905;
/// Fully-right articles on groups it, fr, en, neg.
const FLOOR_CORE_PASSED: usize = 132;
/// Overall score on the whole set (every group, xx included).
const FLOOR_ALL_SCORE: f64 = 0.899;
/// Fully-right articles on the whole set.
const FLOOR_ALL_PASSED: usize = 143;
/// Overall score on group xx (outage reports in Spanish, German, Portuguese and any other
/// language without a core pack).
const FLOOR_XX_SCORE: f64 = 0.867;
/// Fully-right articles on group xx.
const FLOOR_XX_PASSED: usize = 11;

/// How close two figures must be to agree.
const TOLERANCE: f64 = 1e-9;

/// `../shared/realdev`, or a failure that says it is missing.
fn realdev() -> PathBuf {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/realdev"));
    for needed in ["gold.jsonl", "score.py", "articles"] {
        let path = dir.join(needed);
        assert!(
            path.exists(),
            "the real-article dev set is missing: {} not found. These tests need \
             ../shared/realdev beside the crate (as the workplace and CI lay it out).",
            path.display()
        );
    }
    dir
}

fn load_labels(path: &Path) -> Labels {
    Labels::load(path).unwrap_or_else(|e| panic!("{e}"))
}

/// The records of every dev-set article, scanned as `outage-news scan` does (once).
fn dev_records() -> &'static [Record] {
    static RECORDS: OnceLock<Vec<Record>> = OnceLock::new();
    RECORDS.get_or_init(|| {
        let pipeline = Pipeline::builder().build().expect("embedded lexicons");
        let paths = [realdev().join("articles")];
        let selection = Selection::default();
        let mut records = Vec::new();
        let _ = Scanner::new(&pipeline).run(walk_inputs(&paths, &selection), |r| {
            records.push(r.clone());
            Ok::<(), std::convert::Infallible>(())
        });
        assert!(records.len() >= 200, "only {} articles", records.len());
        records
    })
}

fn predictions_of(records: &[Record]) -> Predictions {
    let mut predictions = Predictions::new();
    for record in records {
        predictions.add_record(record);
    }
    predictions
}

/// The dev set's labels, only `groups` when given.
fn labels_in(gold: &Labels, groups: Option<&str>) -> Labels {
    match groups {
        Some(list) => gold.in_groups(&Group::parse_list(list).expect("groups")),
        None => gold.clone(),
    }
}

/// What score.py prints with `-v` and writes with `--json`.
struct PyRun {
    stdout: String,
    json: Value,
}

fn score_py(records: &Path, gold: &Path, groups: Option<&str>, out: &Path) -> PyRun {
    let script = realdev().join("score.py");
    let mut cmd = Command::new("python3");
    cmd.arg(&script)
        .arg(records)
        .arg("--gold")
        .arg(gold)
        .arg("--json")
        .arg(out)
        .arg("-v");
    if let Some(g) = groups {
        cmd.arg("--groups").arg(g);
    }
    let output = cmd
        .output()
        .unwrap_or_else(|e| panic!("python3 is needed to run {}: {e}", script.display()));
    assert!(
        output.status.success(),
        "score.py failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json = std::fs::read_to_string(out).expect("score.py's JSON");
    PyRun {
        stdout: String::from_utf8(output.stdout).expect("UTF-8"),
        json: serde_json::from_str(&json).expect("score.py's JSON parses"),
    }
}

/// Every difference between two JSON values (numbers within [`TOLERANCE`]).
fn differences(path: &str, rust: &Value, python: &Value, out: &mut Vec<String>) {
    match (rust, python) {
        (Value::Number(a), Value::Number(b)) => {
            let (a, b) = (
                a.as_f64().unwrap_or(f64::NAN),
                b.as_f64().unwrap_or(f64::NAN),
            );
            if (a - b).abs() > TOLERANCE || a.is_nan() != b.is_nan() {
                out.push(format!("{path}: rust {a} python {b}"));
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                differences(&format!("{path}[{i}]"), x, y, out);
            }
        }
        (Value::Object(a), Value::Object(b)) => {
            for key in a.keys().filter(|k| !b.contains_key(*k)) {
                out.push(format!("{path}.{key}: only in rust"));
            }
            for (key, y) in b {
                match a.get(key) {
                    Some(x) => differences(&format!("{path}.{key}"), x, y, out),
                    None => out.push(format!("{path}.{key}: only in python")),
                }
            }
        }
        (a, b) if a == b => {}
        (a, b) => out.push(format!("{path}: rust {a} python {b}")),
    }
}

/// Asserts that the Rust scores are score.py's: figures, counts, failing ids, text.
fn assert_agree(what: &str, scores: &Scores, python: &PyRun) {
    let rust = scores.to_json();
    let mut diffs = Vec::new();
    differences("", &rust, &python.json, &mut diffs);
    assert!(
        diffs.is_empty(),
        "{what}: rust and score.py differ:\n{}",
        diffs.join("\n")
    );
    assert_eq!(
        (Some(scores.passed() as u64), Some(scores.failed() as u64)),
        (
            python.json["passed"].as_u64(),
            python.json["failed"].as_u64()
        ),
        "{what}: passed/failed"
    );
    let failing: Vec<&str> = scores.failures.iter().map(|f| f.id.as_str()).collect();
    let py_failing: Vec<&str> = python.json["failures"]
        .as_object()
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let mut sorted = failing.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, py_failing, "{what}: failing ids");
    assert_eq!(scores.report(true), python.stdout, "{what}: printed text");
}

fn write_records(records: &[Record], path: &Path) {
    let file = std::fs::File::create(path).expect("temp file");
    let mut writer = RecordWriter::new(Format::Jsonl, std::io::BufWriter::new(file));
    for record in records {
        writer.write(record).expect("write record");
    }
    writer.finish().expect("flush records");
}

#[test]
fn agrees_with_score_py_on_the_dev_set() {
    let dev = realdev();
    let gold_path = dev.join("gold.jsonl");
    let gold = load_labels(&gold_path);
    let records = dev_records();
    let tmp = tempfile::tempdir().expect("temp dir");
    let records_path = tmp.path().join("records.jsonl");
    write_records(records, &records_path);
    let typed = predictions_of(records);
    let read_back = {
        let file = std::fs::File::open(&records_path).expect("records");
        Predictions::from_jsonl(std::io::BufReader::new(file)).expect("read records")
    };
    assert!(
        typed.warnings(&gold).is_empty(),
        "{:?}",
        typed.warnings(&gold)
    );
    for groups in [None, Some(CORE_GROUPS), Some("xx")] {
        let what = groups.unwrap_or("all groups");
        let labels = labels_in(&gold, groups);
        let python = score_py(
            &records_path,
            &gold_path,
            groups,
            &tmp.path().join("py.json"),
        );
        // From the records in memory, and from the JSON Lines score.py read.
        assert_agree(what, &labels.score(&typed), &python);
        assert_agree(what, &labels.score(&read_back), &python);
    }
}

/// Labels and records written for this test: aliases, case folding, whitespace, quotes in
/// names, don't-care names, mentioned names marked affected, a null among the accepted
/// dates, every language rule, missing, error, duplicate and unparsable records, values of
/// the wrong type, a record without label.
const EDGE_LABELS: &[&str] = &[
    r#"{"id": "q1", "lang": "en", "is_outage": true, "published": "2024-01-02", "incident_date": "2024-01-02", "incident_date_also": [null], "services": ["McDonald's", "Google Search", "Straße App", "Bob's \"Shop\""], "mentioned_not_affected": ["Office.com"], "http_codes": [503, 500, 503], "error_signals": ["timeout"], "causes": [{"category": "third_party", "status": "confirmed"}], "surfaces": ["web"], "resolved": true}"#,
    r#"{"id": "q2", "lang": "other", "is_outage": true, "published": null, "incident_date": null, "services": [], "mentioned_not_affected": [], "http_codes": [], "error_signals": [], "causes": [], "surfaces": [], "resolved": null}"#,
    "",
    r#"{"id": "q3", "lang": "ca", "is_outage": true, "published": null, "incident_date": "2023-11", "services": ["Bizum"], "mentioned_not_affected": [], "http_codes": [], "error_signals": [], "causes": [], "surfaces": ["mobile"], "resolved": false}"#,
    r#"{"id": "q4", "lang": "pt", "is_outage": true, "published": "2022-10-05", "incident_date": "2022-10-05", "services": ["Pix"], "mentioned_not_affected": [], "http_codes": [], "error_signals": ["access_failure"], "causes": [], "surfaces": [], "resolved": true}"#,
    r#"{"id": "q5", "lang": "de", "is_outage": true, "published": null, "incident_date": null, "services": ["Elster"], "mentioned_not_affected": [], "http_codes": [502], "error_signals": [], "causes": [], "surfaces": ["web"], "resolved": null}"#,
    r#"{"id": "q6", "lang": "fr", "is_outage": false, "published": "2025-01-01", "incident_date": null, "services": [], "mentioned_not_affected": ["Zoom"], "http_codes": [], "error_signals": [], "causes": [], "surfaces": [], "resolved": null}"#,
    r#"{"id": "q7", "lang": "it", "is_outage": true, "published": "2024-05-05", "incident_date": "2024-05-05", "services": ["7"], "mentioned_not_affected": [], "http_codes": [404], "error_signals": [], "causes": [{"category": "power", "status": "suspected"}], "surfaces": ["web"], "resolved": true}"#,
    r#"{"id": "q8", "lang": "en", "is_outage": true, "published": null, "incident_date": null, "services": ["Slack"], "mentioned_not_affected": [], "http_codes": [], "error_signals": ["message_send_failure"], "causes": [], "surfaces": [], "resolved": false, "notes": "ignored"}"#,
    r#"{"id": "q9", "lang": "es", "is_outage": false, "published": null, "incident_date": null, "services": [], "mentioned_not_affected": [], "http_codes": [], "error_signals": [], "causes": [], "surfaces": [], "resolved": null}"#,
];

const EDGE_RECORDS: &[&str] = &[
    r#"{"id": "q1.txt", "source": {"path": "dir/sub/q1.txt"}, "language": {"code": "en"}, "is_outage": true, "published": "2024-01-02", "incident_date": null, "services": [{"name": "mcdonald's", "role": "affected"}, {"name": "GOOGLE  search", "role": "affected"}, {"name": "STRASSE app", "role": "affected"}, {"name": "Microsoft 365", "role": "affected"}, {"name": "Zoom \"Rooms\"", "role": "affected"}, {"name": "X", "role": "mentioned"}], "errors": [{"http_status": "503"}, {"http_status": 500.0}], "error_signals": ["timeout", "timeout"], "causes": [{"category": "third_party", "status": "confirmed"}, {"category": "power", "status": null}], "surfaces": ["web", "mobile"], "resolved": true}"#,
    r#"{"id": "q2.md", "language": {"code": "es"}, "is_outage": true}"#,
    "   ",
    r#"{"id": "q3", "language": "other", "is_outage": true, "incident_date": {"value": "2023-11"}, "services": [{"name": "bizum", "role": "affected"}], "surfaces": ["mobile", 3], "resolved": false}"#,
    r#"{"id": "q5.txt", "source": {"path": "q5.txt"}, "error": {"kind": "binary", "message": "not text"}}"#,
    r#"{"id": "sub/q6.txt", "language": {"code": "fr"}, "is_outage": true, "services": [{"name": "Zoom", "role": "affected"}], "errors": [{"http_status": 502}], "incident_date": "2025-01-01"}"#,
    r#"{"id": "q7.txt", "language": {"code": 5}, "is_outage": "true", "services": [{"name": 7, "role": "affected"}, {"name": "", "role": "affected"}, "x"], "errors": [7, {"http_status": " 4_04 "}, {"http_status": null}], "causes": [{"category": 3, "status": "confirmed"}, {"category": "power"}], "surfaces": "web", "resolved": null, "incident_date": {"value": ""}, "published": {"value": "2024-05-05"}}"#,
    r#"{"id": "q8.txt", "language": {"code": "en"}, "is_outage": true, "incident_date": "XXXX-05-06", "services": [{"name": " Slack ", "role": "affected"}], "error_signals": ["message_send_failure", 4]}"#,
    r#"{"id": "q8.html", "language": {"code": "en"}, "is_outage": false}"#,
    r#"{"id": "q9.txt", "language": {"code": "und"}, "is_outage": false, "services": [{"name": "Bizum", "role": "mentioned"}]}"#,
    "not json",
    "[1, 2]",
    r#"{"id": "zz-unlabelled.txt", "language": {"code": "en"}, "is_outage": false}"#,
];

#[test]
fn agrees_with_score_py_on_hand_made_edge_cases() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let gold_path = tmp.path().join("gold.jsonl");
    let records_path = tmp.path().join("records.jsonl");
    std::fs::write(&gold_path, EDGE_LABELS.join("\n") + "\n").expect("write labels");
    std::fs::write(&records_path, EDGE_RECORDS.join("\n") + "\n").expect("write records");
    let gold = load_labels(&gold_path);
    let predictions =
        Predictions::from_jsonl(EDGE_RECORDS.join("\n").as_bytes()).expect("read records");
    assert_eq!(
        predictions.warnings(&gold),
        [
            "1 duplicate and 2 unparsable lines ignored",
            "1 records match no gold id (e.g. ['zz-unlabelled'])"
        ]
    );
    for groups in [None, Some(CORE_GROUPS), Some("xx,neg")] {
        let scores = labels_in(&gold, groups).score(&predictions);
        let python = score_py(
            &records_path,
            &gold_path,
            groups,
            &tmp.path().join("py.json"),
        );
        assert_agree(groups.unwrap_or("all groups"), &scores, &python);
    }
    // The cases are there: the quoted name, the error and the missing record.
    let text = labels_in(&gold, None).score(&predictions).misses();
    assert!(text.contains(r#"-['bob\'s "shop"']"#), "{text}");
    assert!(text.contains("FAIL q4: missing record\n"), "{text}");
    assert!(text.contains("FAIL q5: error record\n"), "{text}");
}

#[test]
fn ratchet_on_the_dev_set() {
    let gold = load_labels(&realdev().join("gold.jsonl"));
    let predictions = predictions_of(dev_records());
    let mut low = Vec::new();
    for (groups, floor_score, floor_passed) in [
        (Some(CORE_GROUPS), FLOOR_CORE_SCORE, FLOOR_CORE_PASSED),
        (None, FLOOR_ALL_SCORE, FLOOR_ALL_PASSED),
        (Some("xx"), FLOOR_XX_SCORE, FLOOR_XX_PASSED),
    ] {
        let what = groups.unwrap_or("all groups");
        let scores = labels_in(&gold, groups).score(&predictions);
        println!("== realdev, {what} ==\n{}", scores.report(false));
        if scores.overall() < floor_score {
            low.push(format!(
                "{what}: overall score {:.4} is below its floor {floor_score}",
                scores.overall()
            ));
        }
        if scores.passed() < floor_passed {
            low.push(format!(
                "{what}: {} articles fully right, below the floor {floor_passed}",
                scores.passed()
            ));
        }
    }
    assert!(
        low.is_empty(),
        "the real-article figures fell (ratchet floors at the top of tests/realdev.rs):\n{}",
        low.join("\n")
    );
}
