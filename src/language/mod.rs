//! Stage 3 — language: which language the article is written in.
//!
//! The [whatlang](https://docs.rs/whatlang) crate does the detection, and no language it knows
//! is ruled out on a guess — an allowlist of the loaded packs alone would label every Dutch
//! article German and every Catalan one Spanish. Around it, the project's own rules:
//!
//! * **Masking.** Spans that say nothing about the article's language are blanked out of the
//!   sample first: the service names and language-independent terms the lexicons found
//!   (`ChatGPT`, `Internal Server Error`, `Something went wrong`), and URLs, domain names and
//!   e-mail addresses. A French sentence full of them stays French.
//! * **A bounded sample.** whatlang looks at the first [`SAMPLE_BYTES`] of the masked text, so a
//!   long article costs no more than a short one.
//! * **Short text.** Below [`MIN_LETTERS`] letters nothing is said (`und`); above, whatlang's best
//!   language stands even when it calls its answer unreliable: on one sentence of 40 characters
//!   its best guess is right far more often than not, and `reliable` is reported alongside.
//! * **A fast path** (`fast.rs`): a text plainly written in one of the pack languages — its
//!   own common words say so — is scored by whatlang over those languages and their close
//!   relatives only, and that answer stands when whatlang gives it with full confidence;
//!   anything else is scored over every language. The same records on every text measured,
//!   half the instructions for the stage (BENCHMARKS.md).
//! * **Packs decide the code.** The detected ISO 639-3 code maps to the record code of the
//!   loaded language pack with that code (`it`, `fr`, `en`, `es`, `de`, `pt`, or any pack added
//!   with `--lexicons`); a language without a pack is `other`.

mod fast;

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// How many bytes of text the detector looks at (whatlang needs a few dozen words; the
/// language suite is 100% right from 250-byte windows up).
pub const SAMPLE_BYTES: usize = 512;

/// Fewer letters than this (after masking) and the language is `und`.
pub const MIN_LETTERS: usize = 16;

/// The language of an article, as written in the record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LanguageInfo {
    /// The code of the loaded language pack (`it`, `fr`, `en`, `es`, `de`, `pt`, ...),
    /// `other`, or `und`.
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

/// Detects the language of `text` with `masked` spans (sorted by start) blanked out.
/// `has_pack` maps a detected ISO 639-3 code to the record code of a loaded language pack.
/// Never inlined, so that a profile shows the language stage as one function.
#[inline(never)]
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
    let Some(info) = fast::detect(&sample).or_else(|| whatlang::detect(&sample)) else {
        return LanguageInfo::undetermined();
    };
    let iso = info.lang().code();
    LanguageInfo {
        code: has_pack(iso).unwrap_or("other").to_string(),
        iso639_3: iso.to_string(),
        confidence: (info.confidence() * 1000.0).round() / 1000.0,
        reliable: info.is_reliable(),
    }
}

/// Up to [`SAMPLE_BYTES`] of text (cut on a char boundary) with the `masked` spans, URLs,
/// domain names and e-mail addresses each replaced by one space.
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
        if span.start < pos || !text.is_char_boundary(span.start) {
            continue;
        }
        push_unlinked(&mut sample, &text[pos..span.start]);
        sample.push(' ');
        pos = span.end.min(end);
        while pos < text.len() && !text.is_char_boundary(pos) {
            pos += 1;
        }
    }
    if pos < end {
        push_unlinked(&mut sample, &text[pos..end]);
    }
    sample
}

/// Appends `text` to `out` with every URL, domain name and e-mail address replaced by a space:
/// a whitespace-separated token holding `://`, `@` or `www.`, or a dot between two letters
/// ("status.openai.com", "claude.ai" — not "fin." or "3.5").
fn push_unlinked(out: &mut String, text: &str) {
    let mut rest = text;
    while !rest.is_empty() {
        let start = rest
            .find(|c: char| !c.is_whitespace())
            .unwrap_or(rest.len());
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let token = &rest[..len];
        if is_link(token) {
            out.push(' ');
        } else {
            out.push_str(token);
        }
        rest = &rest[len..];
    }
}

fn is_link(token: &str) -> bool {
    if token.contains("://") || token.contains('@') || token.starts_with("www.") {
        return true;
    }
    if !token.contains('.') {
        return false;
    }
    // A dot between an alphanumeric character and a letter, and no dot before a capital.
    let mut dotted = false;
    let (mut before_last, mut last) = (None::<char>, None::<char>);
    for c in token.chars() {
        if last == Some('.') {
            if c.is_uppercase() {
                return false;
            }
            dotted |= c.is_alphabetic() && before_last.is_some_and(char::is_alphanumeric);
        }
        (before_last, last) = (last, Some(c));
    }
    dotted
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
    fn one_unreliable_sentence_keeps_its_best_language() {
        let fr = "Les abonnés ne pouvaient plus envoyer de messages depuis mardi soir.";
        let info = detect(fr, &[], packs);
        assert_eq!(info.code, "fr", "{info:?}");
    }

    #[test]
    fn masking_blanks_spans() {
        let text = "abc Internal Server Error def";
        let spans = [4..12, 13..25];
        assert_eq!(masked_sample(text, &spans), "abc     def");
    }

    /// `is_link` as first written, one allocation per token: the reference for the faster one.
    fn is_link_reference(token: &str) -> bool {
        if token.contains("://") || token.contains('@') || token.starts_with("www.") {
            return true;
        }
        let chars: Vec<char> = token.chars().collect();
        chars
            .windows(3)
            .any(|w| w[1] == '.' && w[0].is_alphanumeric() && w[2].is_alphabetic())
            && !chars.windows(2).any(|w| w[0] == '.' && w[1].is_uppercase())
    }

    #[test]
    fn is_link_agrees_with_its_reference() {
        let tokens = [
            "",
            ".",
            "..",
            "a.b",
            "a.B",
            "A.b",
            "3.5",
            "3.a",
            "a.3",
            "fin.",
            ".com",
            "x.com.",
            "claude.ai",
            "status.openai.com/x",
            "Fin.Ensuite",
            "e.g.",
            "U.S.",
            "i.e.Mr",
            "a.b.C",
            "é.è",
            "ß.x",
            "é.É",
            "1.2.3",
            "www.",
            "dev@x",
            "a://b",
            "…a.b…",
            "a..b",
            "a.\u{301}b",
            "x.y.Z.w",
            "ok",
            "Straße.de",
            "«lemonde.fr»",
        ];
        for token in tokens {
            assert_eq!(is_link(token), is_link_reference(token), "{token:?}");
        }
    }

    #[test]
    fn links_are_blanked_but_abbreviations_and_numbers_stay() {
        let text = "voir https://status.example.com/x et claude.ai ou dev@example.org, fin. 3.5 Go";
        assert_eq!(masked_sample(text, &[]), "voir   et   ou   fin. 3.5 Go");
        assert_eq!(masked_sample("Fin.Ensuite", &[]), "Fin.Ensuite");
    }
}
