//! The pipeline over the project's corpus: per-field precision and recall floors.
//!
//! Every article under `corpus/articles` has its expected fields under `corpus/expected`.
//! The table is printed (run with `--nocapture` to see it) and each field must stay above
//! its floor, so a change that makes extraction worse fails here.

use std::path::Path;

use outage_news::eval::{evaluate, Report};
use outage_news::scan::Scanner;
use outage_news::Pipeline;

fn corpus_report() -> Report {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let pipeline = Pipeline::builder().build().expect("embedded lexicons");
    let report = evaluate(
        &Scanner::new(&pipeline),
        &root.join("articles"),
        &root.join("expected"),
    );
    assert!(
        report.articles >= 150,
        "corpus has {} articles",
        report.articles
    );
    assert!(
        report.unmatched.is_empty(),
        "articles and expectations must pair up: {:?}",
        report.unmatched
    );
    report
}

#[test]
fn corpus_fields_meet_their_floors() {
    let report = corpus_report();
    println!("{}", report.table());
    for miss in &report.misses {
        println!(
            "  {} {}: got [{}] want [{}]",
            miss.id, miss.field, miss.got, miss.want
        );
    }
    // Regression floors a little under the current figures on the 158-article corpus. The
    // targets of the extraction work are higher (is_outage F1 0.97, affected F1 0.93,
    // incident date 0.9, HTTP F1 0.95, causes F1 0.85): raise these as extraction improves.
    let floors: &[(&str, f64, f64)] = &[
        // field, precision floor, recall floor
        ("language", 1.0, 1.0),
        ("is_outage", 0.99, 0.99),
        ("services.affected", 0.97, 0.96),
        ("services.mentioned", 0.95, 0.98),
        ("published", 0.97, 0.97),
        ("incident_date", 0.97, 0.97),
        ("incident_time", 0.8, 0.8),
        ("http_statuses", 0.95, 0.98),
        ("error_signals", 0.89, 0.94),
        ("causes", 0.92, 0.83),
        ("surfaces", 0.94, 0.93),
        ("resolved", 0.96, 0.96),
        ("related_dates", 0.88, 0.75),
        ("decoding", 1.0, 1.0),
    ];

    let mut failures = Vec::new();
    for (field, p, r) in floors {
        let c = report.counts(field);
        if c.precision() < *p || c.recall() < *r {
            failures.push(format!(
                "{field}: precision {:.3} (floor {p}), recall {:.3} (floor {r})",
                c.precision(),
                c.recall()
            ));
        }
    }
    let mentioned_as_affected = report.mentioned_as_affected as f64 / report.mentioned_total as f64;
    if mentioned_as_affected > 0.02 {
        failures.push(format!(
            "mentioned services reported as affected: {mentioned_as_affected:.3} > 0.02"
        ));
    }
    assert!(failures.is_empty(), "below floor:\n{}", failures.join("\n"));
}

/// The mangled copies (`articles/mangled/<lang>-<name>.<how>.txt`) must give the same record
/// as their original once repaired: same fields, same evidence offsets.
#[test]
fn mangled_copies_give_the_records_of_their_originals() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/articles");
    let pipeline = Pipeline::builder().build().expect("embedded lexicons");
    let comparable = |path: &Path| -> serde_json::Value {
        let bytes = std::fs::read(path).expect("corpus file");
        let record = pipeline.process("x", &bytes);
        let mut json = serde_json::to_value(&record).expect("record serialises");
        if let Some(fields) = json.as_object_mut() {
            for volatile in ["id", "source", "decoding", "warnings"] {
                fields.remove(volatile);
            }
        }
        json
    };
    let mut compared = 0;
    for entry in std::fs::read_dir(root.join("mangled")).expect("mangled folder") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let Some((lang, rest)) = name.split_once('-') else {
            continue;
        };
        let Some((stem, _how)) = rest.trim_end_matches(".txt").rsplit_once('.') else {
            continue;
        };
        let original = root.join(lang).join(format!("{stem}.txt"));
        assert!(
            original.exists(),
            "{name}: no original {}",
            original.display()
        );
        assert_eq!(
            comparable(&path),
            comparable(&original),
            "{name} differs from its original"
        );
        compared += 1;
    }
    assert!(compared >= 24, "only {compared} mangled copies");
}

/// Every corpus article mangled at test time the commonest way (UTF-8 read as
/// windows-1252, once and twice) must give the record of the original: repair makes the
/// evaluation figures identical.
#[test]
fn every_article_mangled_gives_the_same_record() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/articles");
    let pipeline = Pipeline::builder().build().expect("embedded lexicons");
    let comparable = |bytes: &[u8]| -> serde_json::Value {
        let mut json = serde_json::to_value(pipeline.process("x", bytes)).expect("serialises");
        if let Some(fields) = json.as_object_mut() {
            for volatile in ["id", "source", "decoding", "warnings"] {
                fields.remove(volatile);
            }
        }
        json
    };
    let mangle = |text: &str| -> String {
        let (decoded, _, _) = encoding_rs::WINDOWS_1252.decode(text.as_bytes());
        decoded.into_owned()
    };
    let (mut compared, mut differing) = (0, Vec::new());
    for lang in ["it", "fr", "en", "es", "de", "pt", "other"] {
        let mut files: Vec<_> = std::fs::read_dir(root.join(lang))
            .expect("corpus folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        files.sort();
        for path in files {
            let text = std::fs::read_to_string(&path).expect("UTF-8 article");
            let want = comparable(text.as_bytes());
            for (how, mangled) in [("once", mangle(&text)), ("twice", mangle(&mangle(&text)))] {
                compared += 1;
                if comparable(mangled.as_bytes()) != want {
                    differing.push(format!("{} ({how})", path.display()));
                }
            }
        }
    }
    println!(
        "mangled copies compared: {compared}, differing: {}",
        differing.len()
    );
    assert!(compared >= 250, "only {compared} copies");
    assert!(
        differing.is_empty(),
        "records differ after repair:\n{}",
        differing.join("\n")
    );
}
