//! Every extractor, with every language pack, on arbitrary repaired text: never panics, and
//! every evidence span lies on char boundaries and quotes exactly its slice.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use outage_news::Pipeline;

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| Pipeline::builder().build().expect("embedded lexicons"))
}

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let repaired = outage_news::repair::repair(&text).text;
    for evidence in outage_news::internals::extractors(pipeline(), &repaired) {
        assert!(evidence.start <= evidence.end, "{evidence:?}");
        assert_eq!(
            repaired.get(evidence.start..evidence.end),
            Some(evidence.text.as_str()),
            "evidence does not quote its slice"
        );
    }
});
