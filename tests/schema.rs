//! `outage-news schema` prints the JSON Schema of record v1, and every record `scan` writes
//! for the corpus — article records with and without `--with-text`, error records — is
//! valid against it.

mod common;

use std::process::Command;

use common::{assert_evidence_quotes_text, assert_valid_record, binary, record_validator};

#[test]
fn schema_command_prints_the_embedded_draft_2020_12_schema() {
    let out = Command::new(binary()).arg("schema").output().expect("runs");
    assert!(out.status.success());
    let printed = String::from_utf8(out.stdout).expect("UTF-8");
    assert_eq!(printed, outage_news::record::JSON_SCHEMA);
    let schema: serde_json::Value = serde_json::from_str(&printed).expect("JSON");
    assert!(jsonschema::draft202012::meta::is_valid(&schema));
}

#[test]
fn every_corpus_record_validates_against_the_schema() {
    let validator = record_validator();
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/articles");
    for extra in [None, Some("--with-text")] {
        let mut cmd = Command::new(binary());
        cmd.args(["scan", "-q", corpus]);
        cmd.args(extra);
        let out = cmd.output().expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8(out.stdout).expect("UTF-8");
        let lines: Vec<&str> = stdout.lines().collect();
        assert!(lines.len() >= 150, "{} records", lines.len());
        for line in lines {
            let record = assert_valid_record(&validator, line);
            assert!(record.get("error").is_none(), "{line}");
            assert_evidence_quotes_text(&record);
        }
    }
}

#[test]
fn the_schema_rejects_records_that_break_the_contract() {
    let validator = record_validator();
    let good = r#"{"schema_version":1,"id":"a.txt","source":{"path":"a.txt","bytes":0},"error":{"kind":"empty","message":"the file is empty"}}"#;
    assert_valid_record(&validator, good);
    for bad in [
        good.replace("\"empty\"", "\"exploded\""),
        good.replace("\"schema_version\":1", "\"schema_version\":2"),
        good.replace(
            ",\"error\":{\"kind\":\"empty\",\"message\":\"the file is empty\"}",
            "",
        ),
        good.replace("\"bytes\":0", "\"bytes\":-1"),
    ] {
        let value: serde_json::Value = serde_json::from_str(&bad).expect("JSON");
        assert!(!validator.is_valid(&value), "accepted: {bad}");
    }
}
