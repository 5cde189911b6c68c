//! Property tests of the repair stage: correct text never changes, mangled text comes back,
//! repair is idempotent, explanations index the input.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use outage_news::repair::repair;
use proptest::prelude::*;

/// Real words of many languages and scripts: the tokens of the must-not-change suite
/// (`tests/data/repair/clean.jsonl`), by language, without HTML and code.
fn words() -> &'static [(String, Vec<String>)] {
    static WORDS: OnceLock<Vec<(String, Vec<String>)>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/repair/clean.jsonl");
        let text = std::fs::read_to_string(path).expect("clean.jsonl is readable");
        let mut by_lang: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let case: serde_json::Value = serde_json::from_str(line).expect("valid JSON line");
            let lang = case["lang"].as_str().unwrap_or_default().to_string();
            if matches!(lang.as_str(), "html" | "code") {
                continue;
            }
            let text = case["text"].as_str().unwrap_or_default();
            by_lang
                .entry(lang)
                .or_default()
                .extend(text.split_whitespace().map(str::to_string));
        }
        by_lang.into_iter().collect()
    })
}

fn words_of(langs: &'static [&'static str]) -> Vec<String> {
    words()
        .iter()
        .filter(|(lang, _)| langs.is_empty() || langs.contains(&lang.as_str()))
        .flat_map(|(_, w)| w.iter().cloned())
        .collect()
}

/// Text of real words of `langs` (all languages when empty), in a random order.
fn text_of(langs: &'static [&'static str]) -> impl Strategy<Value = String> {
    let pool = words_of(langs);
    proptest::collection::vec(
        (
            proptest::sample::select(pool),
            proptest::sample::select(SEPARATORS),
        ),
        1..40,
    )
    .prop_map(|pairs| pairs.into_iter().map(|(w, s)| format!("{w}{s}")).collect())
}

const SEPARATORS: &[&str] = &[" ", " ", " ", " ", "\n", "\n\n", " – ", " "];

const WESTERN: &[&str] = &[
    "it", "fr", "en", "es", "de", "pt", "nl", "ca", "da", "sv", "is",
];
const CENTRAL: &[&str] = &["pl", "cs", "sk", "hu", "ro", "hr", "sl"];
const CYRILLIC: &[&str] = &["ru", "uk", "bg", "sr"];
const GREEK: &[&str] = &["el"];

/// Any correct text: real words of any language and script.
fn correct_text() -> impl Strategy<Value = String> {
    text_of(&[])
}

/// UTF-8 bytes decoded with a single-byte codec, undefined bytes kept as C1 controls (what
/// browsers and latin-1 decoders do).
fn mangle(text: &str, encoding: &'static encoding_rs::Encoding) -> String {
    let (decoded, _) = encoding.decode_without_bom_handling(text.as_bytes());
    decoded.into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn correct_text_is_never_changed(t in correct_text()) {
        let r = repair(&t);
        prop_assert_eq!(&r.text, &t);
        prop_assert_eq!(r.repairs, 0);
    }

    #[test]
    fn windows_1252_mojibake_comes_back(t in text_of(WESTERN)) {
        let mangled = mangle(&t, encoding_rs::WINDOWS_1252);
        prop_assert_eq!(repair(&mangled).text, t);
    }

    #[test]
    fn double_windows_1252_mojibake_comes_back(t in text_of(WESTERN)) {
        let mangled = mangle(&mangle(&t, encoding_rs::WINDOWS_1252), encoding_rs::WINDOWS_1252);
        prop_assert_eq!(repair(&mangled).text, t);
    }

    #[test]
    fn central_european_mojibake_comes_back(t in text_of(CENTRAL)) {
        prop_assert_eq!(repair(&mangle(&t, encoding_rs::WINDOWS_1252)).text, t.clone());
        prop_assert_eq!(repair(&mangle(&t, encoding_rs::WINDOWS_1250)).text, t);
    }

    #[test]
    fn cyrillic_and_greek_mojibake_comes_back(t in text_of(CYRILLIC), g in text_of(GREEK)) {
        prop_assert_eq!(repair(&mangle(&t, encoding_rs::WINDOWS_1252)).text, t.clone());
        prop_assert_eq!(repair(&mangle(&t, encoding_rs::WINDOWS_1251)).text, t);
        prop_assert_eq!(repair(&mangle(&g, encoding_rs::WINDOWS_1252)).text, g);
    }

    #[test]
    fn rarer_codecs_come_back_on_words_with_ascii(
        words in proptest::collection::vec(("[a-z]{1,5}", "[éèàùçêô]", "[a-z]{1,5}"), 1..12),
        codec in proptest::sample::select(vec![
            encoding_rs::MACINTOSH, encoding_rs::WINDOWS_1250, encoding_rs::ISO_8859_15,
        ]),
    ) {
        // Word-internal accents: every sequence touches an ASCII letter.
        let t = words
            .iter()
            .map(|(a, b, c)| format!("{a}{b}{c}"))
            .collect::<Vec<_>>()
            .join(" ");
        prop_assert_eq!(repair(&mangle(&t, codec)).text, t);
    }

    #[test]
    fn repair_is_idempotent(t in prop_oneof![
        correct_text(),
        text_of(WESTERN).prop_map(|t| mangle(&t, encoding_rs::WINDOWS_1252)),
        text_of(WESTERN).prop_map(|t| mangle(&t, encoding_rs::MACINTOSH)),
        "\\PC{0,100}",
        "[ÃÂâ€™œ©¨ ]{0,30}",
    ]) {
        let once = repair(&t).text;
        prop_assert_eq!(repair(&once).text, once);
    }

    #[test]
    fn explanations_index_the_input(t in prop_oneof![
        text_of(WESTERN).prop_map(|t| mangle(&mangle(&t, encoding_rs::WINDOWS_1252), encoding_rs::WINDOWS_1252)),
        "[ÃÂâ€™œ©¨a &;#0-9eacut]{0,40}",
    ]) {
        let r = repair(&t);
        let mut last_end = 0;
        for d in &r.details {
            prop_assert!(d.start >= last_end, "repairs are in order and disjoint");
            prop_assert_eq!(t.get(d.start..d.end), Some(d.from.as_str()));
            last_end = d.end;
        }
        prop_assert_eq!(r.details.len(), r.repairs);
    }
}
