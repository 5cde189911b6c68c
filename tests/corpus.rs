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
        ("is_outage", 0.98, 0.95),
        ("services.affected", 0.96, 0.92),
        ("services.mentioned", 0.93, 0.98),
        ("published", 0.94, 0.94),
        ("incident_date", 0.95, 0.95),
        ("http_statuses", 0.93, 0.93),
        ("error_signals", 0.84, 0.65),
        ("causes", 0.87, 0.82),
        ("surfaces", 0.92, 0.86),
        ("resolved", 0.84, 0.84),
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
