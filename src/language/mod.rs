//! Stage 3 — language: which language the article is written in.
//!
//! whatlang looks at a bounded sample of the text (so long articles cost no more) over all
//! the languages it knows — never an allowlist, which would label every Spanish article
//! Italian. For Latin-script text, `language/latin.rs` computes whatlang's result itself, identical
//! and several times faster. Before detection, spans the lexicons recognise as language-independent (service
//! names, quoted English error messages) are blanked out, so that an Italian article full of
//! `ChatGPT`, `Internal Server Error` and `Something went wrong` stays Italian.
//!
//! The detected ISO 639-3 code is mapped to a record code through the loaded language packs:
//! a language with a pack gets its code (`it`, `fr`, `en`); any other language is `other`;
//! too little text, or a detection whatlang itself calls unreliable on a short text, is `und`.

pub(crate) mod latin;

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// How many bytes of text the detector looks at (whatlang needs a few dozen words; the
/// language suite is 100% right from 250-byte windows up).
pub const SAMPLE_BYTES: usize = 512;

/// Fewer letters than this and the language is `und`.
const MIN_LETTERS: usize = 24;

/// Below this many letters an unreliable detection is `und`; above, whatlang's best guess
/// stands (its reliability flag is conservative on article-length text).
const SHORT_TEXT_LETTERS: usize = 120;

/// The language of an article, as written in the record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LanguageInfo {
    /// `it`, `fr`, `en` (or the code of another loaded pack), `other`, or `und`.
    pub code: String,
    /// ISO 639-3 code of the detected language (`und` when unknown).
    pub iso639_3: String,
    /// Detector confidence in [0, 1].
    pub confidence: f64,
    /// Whether the detector considers the result reliable.
    pub reliable: bool,
}

impl LanguageInfo {
    /// The undetermined language.
    pub fn undetermined() -> LanguageInfo {
        LanguageInfo {
            code: "und".into(),
            iso639_3: "und".into(),
            confidence: 0.0,
            reliable: false,
        }
    }
}

/// Detects the language of `text` with `masked` spans blanked out. `has_pack` maps a
/// detected ISO 639-3 code to the record code of a loaded language pack.
pub(crate) fn detect<'a>(
    text: &str,
    masked: &[Range<usize>],
    has_pack: impl Fn(&str) -> Option<&'a str>,
) -> LanguageInfo {
    let sample = masked_sample(text, masked);
    let letters = sample.chars().filter(|c| c.is_alphabetic()).count();
    if letters < MIN_LETTERS {
        return LanguageInfo::undetermined();
    }
    let Some(info) = latin::detect(&sample) else {
        return LanguageInfo::undetermined();
    };
    let iso = info.lang().code();
    let confidence = (info.confidence() * 1000.0).round() / 1000.0;
    let reliable = info.is_reliable();
    if !reliable && letters < SHORT_TEXT_LETTERS {
        return LanguageInfo {
            confidence,
            ..LanguageInfo::undetermined()
        };
    }
    let code = has_pack(iso).unwrap_or("other").to_string();
    LanguageInfo {
        code,
        iso639_3: iso.to_string(),
        confidence,
        reliable,
    }
}

/// Up to [`SAMPLE_BYTES`] of text (cut on a char boundary) with masked spans replaced by
/// spaces.
fn masked_sample(text: &str, masked: &[Range<usize>]) -> String {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut sample = String::with_capacity(end);
    let mut pos = 0;
    for span in masked {
        if span.start >= end {
            break;
        }
        if span.start < pos {
            continue;
        }
        sample.push_str(&text[pos..span.start]);
        let stop = span.end.min(end);
        sample.push(' ');
        pos = stop;
        if !text.is_char_boundary(pos) {
            // Spans come from matches on char boundaries; be safe anyway.
            while pos < text.len() && !text.is_char_boundary(pos) {
                pos += 1;
            }
        }
    }
    if pos < end {
        sample.push_str(&text[pos..end]);
    }
    sample
}

#[cfg(test)]
mod tests {
    use super::*;

    fn packs(iso: &str) -> Option<&'static str> {
        match iso {
            "ita" => Some("it"),
            "fra" => Some("fr"),
            "eng" => Some("en"),
            _ => None,
        }
    }

    #[test]
    fn detects_pack_languages_and_others() {
        let it = "Nella giornata di oggi molti utenti non riescono ad accedere al servizio, che risulta irraggiungibile da diverse ore.";
        assert_eq!(detect(it, &[], packs).code, "it");
        let es = "Durante la mañana de hoy muchos usuarios no han podido acceder al servicio, que sigue caído desde hace varias horas. La empresa todavía no ha explicado qué ha pasado ni cuándo volverá a funcionar con normalidad.";
        let info = detect(es, &[], packs);
        assert_eq!(
            (info.code.as_str(), info.iso639_3.as_str()),
            ("other", "spa")
        );
    }

    #[test]
    fn too_short_is_und() {
        assert_eq!(detect("ChatGPT down", &[], packs).code, "und");
    }

    #[test]
    fn masking_blanks_spans() {
        let text = "abc Internal Server Error def";
        let spans = [4..12, 13..25];
        assert_eq!(masked_sample(text, &spans), "abc     def");
    }
}
