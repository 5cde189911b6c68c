//! Incidents on real articles: `../shared/realdev` scanned, grouped by `incidents`, and compared
//! pair by pair with the event labels in `tests/data/realdev-events.tsv` (which outage articles
//! report the same incident, labelled by reading them).
//!
//! Pairwise figures: a pair of articles is right when both are in one incident and the labels
//! say they report one event. Precision = right pairs / pairs put together; recall = right
//! pairs / labelled pairs. A ratchet: the figures may not fall below the floors below.
//! `cargo test --test realdev_events -- --nocapture` prints them, with every pair missed or
//! wrongly made.
//!
//! This test needs `../shared/realdev`; without it, it fails (never passes silently).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use outage_news::incidents::Grouper;
use outage_news::scan::{walk_inputs, Scanner, Selection};
use outage_news::{Pipeline, Record};

// ---------------------------------------------------------------------------------------
// RATCHET FLOORS: measured on ../shared/realdev when this test was written (rounded down).
// Raise them whenever grouping or extraction improves; never lower them.
// ---------------------------------------------------------------------------------------
/// Pairwise precision: the target (measured 1.000), so that a join that gains many
/// right pairs for one wrong one is not refused by the ratchet.
const FLOOR_PRECISION: f64 = 0.95;
/// Pairwise recall.
const FLOOR_RECALL: f64 = 0.85;
/// Pairwise F1.
const FLOOR_F1: f64 = 0.92;

fn realdev_articles() -> PathBuf {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/realdev/articles"
    ));
    assert!(
        dir.is_dir(),
        "the real-article dev set is missing: {} not found. This test needs \
         ../shared/realdev beside the crate (as the workplace and CI lay it out).",
        dir.display()
    );
    dir
}

/// Record id → event name, from the labels file.
fn events() -> BTreeMap<String, String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/realdev-events.tsv");
    let text = std::fs::read_to_string(path).expect("tests/data/realdev-events.tsv");
    let mut events = BTreeMap::new();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let (id, event) = line
            .split_once('\t')
            .unwrap_or_else(|| panic!("not `id<TAB>event`: {line:?}"));
        assert!(
            events.insert(id.to_string(), event.to_string()).is_none(),
            "{id} is labelled twice"
        );
    }
    events
}

fn dev_records() -> Vec<Record> {
    let pipeline = Pipeline::builder().build().expect("embedded lexicons");
    let mut records = Vec::new();
    let _ = Scanner::new(&pipeline).run(
        walk_inputs(&[realdev_articles()], &Selection::default()),
        |r| {
            records.push(r.clone());
            Ok::<(), std::convert::Infallible>(())
        },
    );
    assert!(records.len() >= 200, "only {} articles", records.len());
    records
}

fn pairs_of<'a>(groups: impl Iterator<Item = Vec<&'a str>>) -> BTreeSet<(&'a str, &'a str)> {
    let mut pairs = BTreeSet::new();
    for mut group in groups {
        group.sort_unstable();
        for (i, a) in group.iter().enumerate() {
            for b in group.iter().skip(i + 1) {
                pairs.insert((*a, *b));
            }
        }
    }
    pairs
}

#[test]
fn incidents_on_real_articles_against_the_event_labels() {
    let events = events();
    let grouping = Grouper::builder()
        .build()
        .expect("embedded lexicons")
        .group(dev_records());

    // No article in two incidents.
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for incident in &grouping.incidents {
        for id in &incident.articles {
            if let Some(other) = seen.insert(id, &incident.incident_id) {
                panic!("{id} is in {other} and in {}", incident.incident_id);
            }
        }
    }

    let mut by_event: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (id, event) in &events {
        by_event.entry(event).or_default().push(id);
    }
    let labelled = pairs_of(by_event.into_values());
    // Only labelled articles count (a non-outage article taken for an outage is another
    // test's business).
    let made = pairs_of(grouping.incidents.iter().map(|i| {
        i.articles
            .iter()
            .map(String::as_str)
            .filter(|id| events.contains_key(*id))
            .collect()
    }));
    let right = labelled.intersection(&made).count();
    let precision = if made.is_empty() {
        1.0
    } else {
        right as f64 / made.len() as f64
    };
    let recall = right as f64 / labelled.len().max(1) as f64;
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    let where_is = |id: &str| {
        grouping
            .incidents
            .iter()
            .find(|i| i.articles.iter().any(|a| a == id))
            .map_or("(not an outage)".to_string(), |i| i.incident_id.clone())
    };
    for (a, b) in made.difference(&labelled) {
        println!(
            "wrongly together: {a} ({}) {b} ({})",
            events[*a], events[*b]
        );
    }
    for (a, b) in labelled.difference(&made) {
        println!(
            "missed: {a} {b} ({}): {} / {}",
            events[*a],
            where_is(a),
            where_is(b)
        );
    }
    println!(
        "realdev events: pairwise precision {precision:.3} recall {recall:.3} F1 {f1:.3} \
         ({right} of {} labelled pairs, {} pairs made, {} incidents)",
        labelled.len(),
        made.len(),
        grouping.incidents.len()
    );
    assert!(
        precision >= FLOOR_PRECISION && recall >= FLOOR_RECALL && f1 >= FLOOR_F1,
        "the incident figures fell below the ratchet floors (top of tests/realdev_events.rs): \
         precision {precision:.3} (floor {FLOOR_PRECISION}), recall {recall:.3} (floor \
         {FLOOR_RECALL}), F1 {f1:.3} (floor {FLOOR_F1})"
    );
}
