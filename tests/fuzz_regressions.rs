//! Every input the fuzz targets (`fuzz/`) ever crashed on, kept under
//! `tests/data/fuzz-regressions/` and replayed here through the properties the targets
//! check: decode + repair is idempotent, and `Pipeline::process` gives a record whose JSON
//! parses and whose evidence spans quote the record's text exactly.

mod common;

use std::path::Path;

use outage_news::Pipeline;

fn regression_inputs() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz-regressions");
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .expect("regression folder")
        .map(|e| e.expect("entry").path())
        .map(|p| {
            let name = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let bytes = std::fs::read(&p).expect("regression input");
            (name, bytes)
        })
        .collect();
    inputs.sort();
    assert!(
        !inputs.is_empty(),
        "no regression inputs in {}",
        dir.display()
    );
    inputs
}

#[test]
fn repair_is_idempotent_on_every_regression_input() {
    for (name, bytes) in regression_inputs() {
        let Ok(repaired) = outage_news::repair::repair_bytes(&bytes) else {
            continue;
        };
        let again = outage_news::repair::repair(&repaired.text);
        assert_eq!(
            again.text, repaired.text,
            "{name}: repair is not idempotent"
        );
    }
}

#[test]
fn process_gives_valid_records_on_every_regression_input() {
    let pipeline = Pipeline::builder()
        .with_text(true)
        .build()
        .expect("embedded lexicons");
    for (name, bytes) in regression_inputs() {
        for id in [format!("{name}.txt"), format!("{name}.html")] {
            let record = pipeline.process(&id, &bytes);
            let json = serde_json::to_string(&record).expect("serialises");
            let _: serde_json::Value = serde_json::from_str(&json).expect("parses");
            let Some(article) = record.article() else {
                continue;
            };
            common::assert_article_evidence(article, &id);
        }
    }
}
