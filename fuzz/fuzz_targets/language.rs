//! Language detection on arbitrary text: never panics, always a valid answer.
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
    let info = outage_news::internals::language(pipeline(), &text);
    assert!((0.0..=1.0).contains(&info.confidence), "{info:?}");
    assert!(!info.code.is_empty() && !info.iso639_3.is_empty(), "{info:?}");
});
