//! The pipeline over the project's corpus: per-field precision and recall floors.
//!
//! Every article under `corpus/articles` has its expected fields under `corpus/expected`.
//! The table is printed (run with `--nocapture` to see it) and each field must stay above
//! its floor, so a change that makes extraction worse fails here.

use std::path::Path;

use outage_news::eval::{expected_for, Report};
use outage_news::scan::{collect_inputs, Scanner, Selection};
use outage_news::Pipeline;

fn corpus_report() -> Report {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let pipeline = Pipeline::builder().build().expect("embedded lexicons");
    let inputs = collect_inputs(&[root.join("articles")], &Selection::default());
    assert!(inputs.len() >= 45, "corpus has {} articles", inputs.len());
    let mut report = Report::default();
    Scanner::new(&pipeline)
        .run(&inputs, |record| {
            let want = expected_for(&root.join("expected"), &record.id)
                .unwrap_or_else(|e| panic!("no expectation for {}: {e}", record.id));
            report.add(record, &want);
            Ok::<(), ()>(())
        })
        .expect("sink never fails");
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
    let floors: &[(&str, f64, f64)] = &[
        // field, precision floor, recall floor (a little under the current figures)
        ("language", 1.0, 1.0),
        ("is_outage", 0.97, 0.97),
        ("services.affected", 0.93, 0.85),
        ("services.mentioned", 0.88, 0.95),
        ("published", 0.97, 0.97),
        ("incident_date", 0.95, 0.95),
        ("http_statuses", 0.95, 0.95),
        ("error_signals", 0.85, 0.75),
        ("causes", 0.75, 0.75),
        ("surfaces", 0.93, 0.9),
        ("resolved", 0.85, 0.85),
        ("related_dates", 0.95, 0.6),
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
    if mentioned_as_affected > 0.03 {
        failures.push(format!(
            "mentioned services reported as affected: {mentioned_as_affected:.3} > 0.03"
        ));
    }
    assert!(failures.is_empty(), "below floor:\n{}", failures.join("\n"));
}
