//! The whole pipeline on arbitrary bytes, as a `.txt` and as a `.html` input: never
//! panics, the record serialises to JSON that parses, and every evidence span lies on char
//! boundaries of the record's text and quotes exactly its slice.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use outage_news::record::Evidence;
use outage_news::Pipeline;

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| {
        Pipeline::builder()
            .with_text(true)
            .reference_date("2025-06-10")
            .and_then(|b| b.build())
            .expect("embedded lexicons")
    })
}

fn check(text: &str, evidence: &Evidence) {
    assert!(text.is_char_boundary(evidence.start), "{evidence:?}");
    assert!(text.is_char_boundary(evidence.end), "{evidence:?}");
    assert_eq!(
        text.get(evidence.start..evidence.end),
        Some(evidence.text.as_str())
    );
}

fuzz_target!(|bytes: &[u8]| {
    for id in ["fuzz.txt", "fuzz.html"] {
        let record = pipeline().process(id, bytes);
        let json = serde_json::to_string(&record).expect("records serialise");
        let _: serde_json::Value = serde_json::from_str(&json).expect("record JSON parses");
        let Some(article) = record.article() else {
            continue;
        };
        let text = article.text.as_deref().expect("with_text is on");
        let dates = article.incident_date.iter().chain(&article.related_dates);
        dates.for_each(|d| check(text, &d.evidence));
        article.errors.iter().for_each(|e| check(text, &e.evidence));
        article.causes.iter().for_each(|c| check(text, &c.evidence));
        article.resolved_evidence.iter().for_each(|e| check(text, e));
        for service in &article.services {
            service.evidence.iter().for_each(|e| check(text, e));
        }
    }
});
