//! Helpers shared by the integration tests: the binary and the corpus, running the binary
//! with input, and checking records against the schema.

#![allow(dead_code)]

use std::path::Path;

/// The record schema, compiled by the `jsonschema` crate (draft 2020-12).
pub fn record_validator() -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(outage_news::record::JSON_SCHEMA).expect("the schema is JSON");
    assert!(
        jsonschema::draft202012::meta::is_valid(&schema),
        "the schema is not a valid draft 2020-12 schema"
    );
    jsonschema::draft202012::new(&schema).expect("the schema compiles")
}

/// Asserts that `line` is a JSON record valid against the schema, and returns it.
pub fn assert_valid_record(validator: &jsonschema::Validator, line: &str) -> serde_json::Value {
    let value: serde_json::Value =
        serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:?}\nin {line}");
    value
}

/// Asserts that every evidence object of a record (JSON) quotes its record's `text`.
pub fn assert_evidence_quotes_text(record: &serde_json::Value) {
    let Some(text) = record.get("text").and_then(|t| t.as_str()) else {
        return;
    };
    let mut stack = vec![record];
    while let Some(value) = stack.pop() {
        match value {
            serde_json::Value::Object(map) => {
                if let (Some(start), Some(end), Some(quoted)) = (
                    map.get("start").and_then(|v| v.as_u64()),
                    map.get("end").and_then(|v| v.as_u64()),
                    map.get("text").and_then(|v| v.as_str()),
                ) {
                    let slice = text.get(start as usize..end as usize);
                    assert_eq!(slice, Some(quoted), "evidence {start}..{end}");
                }
                stack.extend(map.values());
            }
            serde_json::Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
}

/// The `outage-news` binary built for the tests.
pub fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_outage-news"))
}

/// The corpus articles folder.
pub fn corpus_articles() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join("articles")
}

/// Runs the binary with `args`, writing `input` to its standard input.
pub fn run_with_stdin(args: &[&str], input: &[u8]) -> std::process::Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(binary())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = input.to_vec();
    // Written from a thread: the binary answers batch by batch while it reads.
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().expect("binary ends");
    writer.join().expect("writer").expect("write stdin");
    out
}

/// The JSON Lines of a run's standard output.
pub fn json_lines(out: &std::process::Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

/// Asserts that every evidence span of an article record (made `with_text`) quotes the
/// record's text exactly; `context` names the input in the failure message.
pub fn assert_article_evidence(article: &outage_news::record::Article, context: &str) {
    let text = article.text.as_deref().expect("a record made with_text");
    let check = |e: &outage_news::record::Evidence| {
        assert_eq!(
            text.get(e.start..e.end),
            Some(e.text.as_str()),
            "{context}: {e:?}"
        );
    };
    article
        .services
        .iter()
        .flat_map(|s| &s.evidence)
        .for_each(check);
    article.errors.iter().for_each(|e| check(&e.evidence));
    article.causes.iter().for_each(|c| check(&c.evidence));
    article
        .incident_date
        .iter()
        .for_each(|d| check(&d.evidence));
    article
        .related_dates
        .iter()
        .for_each(|d| check(&d.evidence));
    article.resolved_evidence.iter().for_each(check);
}
