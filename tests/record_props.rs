//! Property tests of whole records: for arbitrary bytes and for article-like text (outage
//! vocabulary, services, dates, HTTP codes, mojibake and markup mixed at random),
//! `Pipeline::process` never panics, every evidence span lies on char boundaries of the
//! record's text and quotes exactly its slice, and the record's JSON parses and validates
//! against the schema `outage-news schema` prints.

mod common;

use std::sync::OnceLock;

use outage_news::record::Evidence;
use outage_news::{Pipeline, Record};
use proptest::prelude::*;

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

fn validator() -> &'static jsonschema::Validator {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    VALIDATOR.get_or_init(common::record_validator)
}

/// The properties every record must have, checked for `bytes` as a text file and as an
/// HTML page.
fn check_all(bytes: &[u8]) -> Result<(), TestCaseError> {
    for id in ["input.txt", "input.html"] {
        let record = pipeline().process(id, bytes);
        check_record(&record)?;
    }
    Ok(())
}

fn check_record(record: &Record) -> Result<(), TestCaseError> {
    let json = serde_json::to_string(record).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let value: serde_json::Value =
        serde_json::from_str(&json).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let errors: Vec<String> = validator()
        .iter_errors(&value)
        .map(|e| e.to_string())
        .collect();
    prop_assert!(errors.is_empty(), "{:?} in {}", errors, json);
    let Some(article) = record.article() else {
        return Ok(());
    };
    let text = article.text.as_deref().unwrap_or("");
    let mut spans: Vec<&Evidence> = Vec::new();
    spans.extend(article.services.iter().flat_map(|s| &s.evidence));
    spans.extend(article.errors.iter().map(|e| &e.evidence));
    spans.extend(article.causes.iter().map(|c| &c.evidence));
    spans.extend(article.incident_date.iter().map(|d| &d.evidence));
    spans.extend(article.related_dates.iter().map(|d| &d.evidence));
    spans.extend(article.resolved_evidence.iter());
    for e in spans {
        prop_assert!(
            text.is_char_boundary(e.start) && text.is_char_boundary(e.end),
            "{:?}",
            e
        );
        prop_assert_eq!(text.get(e.start..e.end), Some(e.text.as_str()));
    }
    Ok(())
}

/// Pieces of outage articles in the three languages, with the things that break parsers:
/// mojibake, entities, tags, odd dates and numbers, non-Latin scripts.
const FRAGMENTS: &[&str] = &[
    "ChatGPT",
    "WhatsApp",
    "Claude",
    "AWS",
    "Microsoft 365",
    "Downdetector",
    "X",
    "API",
    "down",
    "disservizio",
    "panne",
    "outage",
    "non funziona",
    "ne fonctionne plus",
    "is down",
    "errore 503",
    "erreur 502",
    "500 Internal Server Error",
    "Bad Gateway",
    "429",
    "oggi",
    "ieri",
    "hier",
    "ce matin",
    "this morning",
    "stamattina",
    "10 giugno 2025",
    "3 mars",
    "June 10",
    "31/02/2025",
    "2025-06-10",
    "lunedì",
    "Pubblicato il",
    "Publié le",
    "Published",
    "date 2025-06-10",
    "potrebbe",
    "pourrait",
    "may have",
    "ha confermato",
    "a confirmé",
    "confirmed",
    "ha escluso",
    "ruled out",
    "picco di traffico",
    "bug",
    "DNS",
    "ripristinato",
    "rétabli",
    "restored",
    "PubliÃ© le",
    "cittÃ ",
    "Ã¢â‚¬â„¢",
    "â€œ",
    "&eacute;",
    "&#8217;",
    "&amp;",
    "<p>",
    "</div>",
    "<script>",
    "<!--",
    "<br>",
    "«",
    "»",
    "’",
    "…",
    "\u{a0}",
    "\u{feff}",
    "\u{fffd}",
    "日本語",
    "Ελληνικά",
    "русский",
    "😀",
    "\u{301}",
    "e\u{301}",
    "İ",
    "ß",
    "\n",
    "\n\n",
    ". ",
    ", ",
    ": ",
    "?",
    "!",
    "(",
    ")",
    "\"",
    "'",
    "-",
    "—",
];

fn article_like() -> impl Strategy<Value = String> {
    let fragment = prop_oneof![
        8 => proptest::sample::select(FRAGMENTS).prop_map(str::to_string),
        1 => "[a-zA-Zàèéìòù ]{1,12}",
        1 => any::<char>().prop_map(|c| c.to_string()),
    ];
    proptest::collection::vec(fragment, 0..120).prop_map(|parts| parts.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_give_valid_records(bytes in proptest::collection::vec(any::<u8>(), 0..1500)) {
        check_all(&bytes)?;
    }

    #[test]
    fn article_like_text_gives_valid_records(text in article_like()) {
        check_all(text.as_bytes())?;
    }

    #[test]
    fn article_like_text_in_legacy_encodings_gives_valid_records(text in article_like()) {
        let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
        check_all(&cp1252)?;
        let utf16: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        check_all(&utf16)?;
    }

    #[test]
    fn html_pages_give_valid_records(text in article_like(), title in article_like()) {
        let page = format!(
            "<!DOCTYPE html><html><head><title>{title}</title>\
             <meta property=\"article:published_time\" content=\"2025-06-10\">\
             <script>var x = \"{text}\";</script></head><body><h1>{title}</h1><p>{text}</p></body></html>"
        );
        check_all(page.as_bytes())?;
    }
}
