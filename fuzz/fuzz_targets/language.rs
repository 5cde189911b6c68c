//! Language detection on arbitrary text: never panics, always a valid answer, and the
//! crate's fast Latin-script scoring gives exactly whatlang's result.
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
    let key = |i: Option<whatlang::Info>| i.map(|i| (i.lang(), i.script(), i.confidence().to_bits()));
    assert_eq!(
        key(outage_news::internals::whatlang_detect(&text)),
        key(whatlang::detect(&text)),
        "{text:?}"
    );
});
