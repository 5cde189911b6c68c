//! Stage 2 — repair: undo mojibake, restore lost bytes, decode HTML entities, normalise
//! to NFC.
//!
//! Mojibake is UTF-8 that some program decoded with a single-byte codec: `é` (bytes
//! `C3 A9`) shows up as `Ã©` (windows-1252, latin-1, ISO-8859-15), `√©` (MacRoman), `├⌐`
//! (cp437), `Ă©` (windows-1250) or `Г©` (windows-1251). Repair looks for exactly those
//! shapes — a character that stands for a UTF-8 lead byte followed by the right number of
//! characters that stand for continuation bytes, all in one codec — and decodes each such
//! sequence back, span by span, so that half-mangled articles keep their correct parts
//! untouched. Passes repeat until nothing changes, so text mangled twice or three times
//! (`Ã¢â‚¬â„¢` → `’`) comes back too.
//!
//! windows-1257 (Baltic) is among the codecs, and CESU-8 (a character outside the BMP
//! written as two surrogates of three bytes each, `í ½í¸€` for `😀`) is read as one sequence.
//!
//! Correct text must never change, so a sequence is only replaced when:
//! - what it decodes to is a character a mangled article plausibly contained (accented Latin
//!   letters, typographic punctuation, symbols, emoji; Greek, Cyrillic, Hebrew, Arabic and CJK
//!   only in runs of two or more sequences, or as a one-letter word such as Russian `в`);
//! - for the rare codecs (windows-1250/1251/1257, MacRoman, cp437), an ASCII letter or another
//!   sequence touches it (`caf√©`, but not `x = √π`);
//! - it is not the end of an all-caps word followed by a closing quote (`PÅ»`);
//! - a lone two-byte sequence (no other sequence of its codec in the text shows it mangled)
//!   makes the few characters around it strictly less bad by the plausibility measure of
//!   `badness.rs` (continuation symbols after a lead, accented capitals after lower-case
//!   letters, scripts mixed inside a word, C1 controls, lone combining marks): `SÅ™`,
//!   `PÅ—TAL`, `TÄ NYT` and `5 Å—7` are all-caps words and units, not `Sř`, `PŗTAL`, `TĠ`.
//!
//! Then, in text that showed mojibake, bytes lost on the way are dealt with: `Ã` + space is
//! `à` whose no-break space (`A0`) became a space (`Ã s` is Portuguese `às`; windows-1251
//! `Г` + space too), `Â` + space a no-break space, a space inside a sequence next to
//! repaired non-Latin text its no-break space (`Ð ` + `оссия`), and a sequence cut short
//! (also a lone `Ñ` or `à¸` among repaired Cyrillic or Thai) becomes U+FFFD with a warning.
//! C1 control characters become the windows-1252 punctuation they stand for (U+0085 only
//! where it ends a word, as it can be a line break), HTML entities in plain text (never in
//! markup) are decoded, and the result is NFC.
//!
//! ```
//! use outage_news::repair::repair;
//!
//! let repaired = repair("La panne a dÃ©butÃ© Ã 15h, Â« grave Â».");
//! assert_eq!(repaired.text, "La panne a débuté à 15h, « grave ».");
//! assert!(repaired.mojibake_repaired);
//! // Each repair says where it was, what it was and which codec explains it.
//! let first = &repaired.details[0];
//! assert_eq!((first.from.as_str(), first.to.as_str()), ("Ã©", "é"));
//! assert_eq!(first.codecs, ["windows-1252"]);
//! // Correct text is never changed.
//! assert_eq!(repair("São Paulo: “CAFÉ”, x = √π").text, "São Paulo: “CAFÉ”, x = √π");
//! ```

mod badness;
mod codecs;
mod entities;
mod mojibake;

use std::borrow::Cow;

use serde::Serialize;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use crate::decode::{self, DecodeError};

/// The result of [`repair`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repaired {
    /// The repaired, NFC-normalised text.
    pub text: String,
    /// The encoding the text was decoded from (`UTF-8` for [`repair`], which takes text).
    pub encoding: &'static str,
    /// Number of repairs made (mojibake sequences, lost bytes, C1 controls, entities); a
    /// character mangled twice counts once.
    pub repairs: usize,
    /// Whether any mojibake was repaired.
    pub mojibake_repaired: bool,
    /// Notes about lossy decoding or repairs.
    pub warnings: Vec<String>,
    /// Each repair, in the order of the input.
    pub details: Vec<Repair>,
}

/// One repair: a span of the input and what replaced it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Repair {
    /// Byte offset of the span in the input text.
    pub start: usize,
    /// Byte offset just past the span in the input text.
    pub end: usize,
    /// The input span.
    pub from: String,
    /// What replaced it (before NFC normalisation).
    pub to: String,
    /// What kind of damage it was.
    pub kind: RepairKind,
    /// The codecs that explain the mojibake, in the order they were undone (one per
    /// mangling: `["windows-1252", "windows-1252"]` for text mangled twice); empty for
    /// other kinds.
    pub codecs: Vec<&'static str>,
}

/// The kinds of damage [`repair`] undoes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RepairKind {
    /// UTF-8 decoded with a single-byte codec.
    Mojibake,
    /// A byte lost in mangled text that can be restored (a no-break space).
    LostByte,
    /// A byte lost for good: the sequence became U+FFFD.
    Lossy,
    /// A C1 control character standing for windows-1252 punctuation.
    C1Control,
    /// An HTML character reference in plain text.
    Entity,
}

impl RepairKind {
    /// The kind's name, as in JSON (`mojibake`, `lost_byte`, `lossy`, `c1_control`, `entity`).
    pub fn name(self) -> &'static str {
        match self {
            RepairKind::Mojibake => "mojibake",
            RepairKind::LostByte => "lost_byte",
            RepairKind::Lossy => "lossy",
            RepairKind::C1Control => "c1_control",
            RepairKind::Entity => "entity",
        }
    }
}

/// Repairs `text`: mojibake, lost bytes, C1 controls, HTML entities, NFC (see the module
/// docs). Correct text comes back unchanged (NFC aside), and `repair` is idempotent.
pub fn repair(text: &str) -> Repaired {
    let mut state = State::new(text);
    let mut edits = Vec::new();
    // Each round can uncover more (an entity that decodes to mojibake, a sequence whose
    // context was itself repaired); rounds repeat until one changes nothing, which is what
    // makes `repair` idempotent.
    for _ in 0..4 {
        let before = state.applied;
        round(&mut state, &mut edits);
        if state.applied == before {
            break;
        }
    }
    state.finish()
}

/// One round of every stage over the current text.
fn round(state: &mut State, edits: &mut Vec<Edit>) {
    if mojibake::might_need_repair(&state.current) {
        let mut used = 0u8;
        let mut allowed = u8::MAX;
        for _ in 0..4 {
            edits.clear();
            let this_pass = mojibake::find_sequences(&state.current, allowed, edits);
            if edits.is_empty() {
                break;
            }
            used |= this_pass;
            allowed = this_pass;
            state.apply(edits);
        }
        if used != 0 || state.current.contains('Ã') {
            edits.clear();
            let regions = &state.regions;
            let replaced = |pos: usize| {
                let i = regions.partition_point(|r| r.end <= pos);
                regions.get(i).is_some_and(|r| r.start <= pos)
            };
            mojibake::find_lost_bytes(&state.current, used, replaced, edits);
            state.apply(edits);
        }
        edits.clear();
        mojibake::find_c1_controls(&state.current, edits);
        state.apply(edits);
    }
    if memchr::memchr(b'&', state.current.as_bytes()).is_some() {
        edits.clear();
        entities::find(&state.current, edits);
        state.apply(edits);
    }
}

/// The character an HTML character reference body (between `&` and `;`) stands for:
/// `eacute` → `é`, `#233` → `é`, `#xE9` → `é`.
pub(crate) fn entity_char(body: &str) -> Option<char> {
    entities::lookup(body)
}

/// Decodes `bytes` (see [`crate::decode`]) and repairs the text.
///
/// ```
/// let repaired = outage_news::repair::repair_bytes(b"Publi\xe9 le 2 mars").unwrap();
/// assert_eq!(repaired.text, "Publié le 2 mars");
/// assert_eq!(repaired.encoding, "windows-1252");
/// ```
pub fn repair_bytes(bytes: &[u8]) -> Result<Repaired, DecodeError> {
    let decoded = decode::decode(bytes)?;
    let mut repaired = repair(&decoded.text);
    repaired.encoding = decoded.encoding;
    let mut warnings = decoded.warnings;
    warnings.append(&mut repaired.warnings);
    repaired.warnings = warnings;
    Ok(repaired)
}

/// A replacement proposed by a finder, in the coordinates of the text it read.
#[derive(Debug, Clone, Copy)]
struct Edit {
    start: usize,
    end: usize,
    /// The replacement character, or none to delete the span.
    to: Option<char>,
    kind: EditKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EditKind {
    /// Mojibake undone with the codec of this index in `codecs::CODECS`.
    Mojibake(usize),
    LostByte,
    Lossy,
    C1Control,
    Entity,
}

/// A span of the current text that replaced a span of the input.
#[derive(Debug, Clone, Copy)]
struct Region {
    start: usize,
    end: usize,
    input_start: usize,
    input_end: usize,
}

/// The text between passes, with what is needed to report repairs in input offsets.
struct State<'a> {
    input: &'a str,
    current: Cow<'a, str>,
    /// Replaced spans of `current`, in order.
    regions: Vec<Region>,
    /// Repairs so far, in input order.
    repairs: Vec<Repair>,
    /// Edits applied so far (a round that applies none ends the repair).
    applied: usize,
}

impl<'a> State<'a> {
    fn new(input: &'a str) -> Self {
        State {
            input,
            current: Cow::Borrowed(input),
            regions: Vec::new(),
            repairs: Vec::new(),
            applied: 0,
        }
    }

    /// The input offset of `pos` in the current text, whose replaced spans are `regions`
    /// (`end`: the position ends a span).
    fn to_input(regions: &[Region], pos: usize, end: bool) -> usize {
        let index = regions.partition_point(|r| r.start < pos);
        let Some(region) = index.checked_sub(1).map(|i| regions[i]) else {
            return pos;
        };
        if pos < region.end {
            if end {
                region.input_end
            } else {
                region.input_start
            }
        } else {
            pos - region.end + region.input_end
        }
    }

    /// Applies `edits` (sorted, not overlapping) to the current text.
    fn apply(&mut self, edits: &[Edit]) {
        if edits.is_empty() {
            return;
        }
        self.applied += edits.len();
        let mut text = String::with_capacity(self.current.len());
        let mut regions = Vec::with_capacity(self.regions.len() + edits.len());
        let old_regions = std::mem::take(&mut self.regions);
        let mut old = old_regions.iter().peekable();
        let mut last = 0;
        for edit in edits {
            let shift = |pos: usize| pos - last + text.len();
            // Regions before the edit move; regions inside it are absorbed by it.
            while let Some(r) = old.next_if(|r| r.end <= edit.start && r.start <= edit.start) {
                regions.push(Region {
                    start: shift(r.start),
                    end: shift(r.end),
                    ..*r
                });
            }
            while old.next_if(|r| r.start < edit.end).is_some() {}
            let input_start = Self::to_input(&old_regions, edit.start, false);
            let input_end = Self::to_input(&old_regions, edit.end, true);
            text.push_str(&self.current[last..edit.start]);
            let start = text.len();
            if let Some(c) = edit.to {
                text.push(c);
            }
            regions.push(Region {
                start,
                end: text.len(),
                input_start,
                input_end,
            });
            self.record(edit, input_start, input_end);
            last = edit.end;
        }
        let tail_shift = text.len() as isize - last as isize;
        for r in old {
            regions.push(Region {
                start: r.start.saturating_add_signed(tail_shift),
                end: r.end.saturating_add_signed(tail_shift),
                ..*r
            });
        }
        text.push_str(&self.current[last..]);
        self.current = Cow::Owned(text);
        self.regions = regions;
    }

    /// Records `edit` as a repair of the input span, absorbing earlier repairs inside it.
    fn record(&mut self, edit: &Edit, start: usize, end: usize) {
        let first = self.repairs.partition_point(|r| r.start < start);
        let inside = self.repairs[first..]
            .iter()
            .take_while(|r| r.end <= end)
            .count();
        let absorbed: Vec<_> = self.repairs.drain(first..first + inside).collect();
        let mut codecs: Vec<&'static str> = absorbed
            .first()
            .map(|r| r.codecs.clone())
            .unwrap_or_default();
        let kind = match edit.kind {
            EditKind::Mojibake(index) => {
                codecs.push(codecs::CODECS[index].name);
                RepairKind::Mojibake
            }
            EditKind::LostByte => RepairKind::LostByte,
            EditKind::Lossy => RepairKind::Lossy,
            EditKind::C1Control => RepairKind::C1Control,
            EditKind::Entity => RepairKind::Entity,
        };
        let repair = Repair {
            start,
            end,
            from: self.input.get(start..end).unwrap_or_default().to_string(),
            to: edit.to.map(String::from).unwrap_or_default(),
            kind,
            codecs,
        };
        self.repairs.insert(first, repair);
    }

    fn finish(self) -> Repaired {
        let details = self.repairs;
        let lossy = details
            .iter()
            .filter(|r| r.kind == RepairKind::Lossy)
            .count();
        let mut warnings = Vec::new();
        if lossy > 0 {
            warnings.push(format!(
                "{lossy} mangled sequence(s) had lost a byte for good and became U+FFFD"
            ));
        }
        let text = if is_nfc_quick(self.current.chars()) == IsNormalized::Yes {
            self.current.into_owned()
        } else {
            self.current.nfc().collect()
        };
        Repaired {
            text,
            encoding: "UTF-8",
            repairs: details.len(),
            mojibake_repaired: details.iter().any(|r| {
                matches!(
                    r.kind,
                    RepairKind::Mojibake | RepairKind::LostByte | RepairKind::Lossy
                )
            }),
            warnings,
            details,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_mojibake_is_repaired() {
        let r = repair("Il servizio Ã¨ tornato, perchÃ© il problema Ã¨ stato risolto");
        assert_eq!(
            r.text,
            "Il servizio è tornato, perché il problema è stato risolto"
        );
        assert_eq!(r.repairs, 3);
    }

    #[test]
    fn double_mojibake_is_repaired() {
        assert_eq!(
            repair("it\u{C3}\u{A2}\u{E2}\u{82}\u{AC}\u{E2}\u{84}\u{A2}s").text,
            "it’s"
        );
        assert_eq!(repair("l’API").text, "l’API");
    }

    #[test]
    fn smart_quotes_and_euro_come_back() {
        assert_eq!(repair("â€œDownâ€\u{9d} per 10 â‚¬").text, "“Down” per 10 €");
    }

    #[test]
    fn lost_no_break_space_after_a_is_restored() {
        // The space after a final `Ã` is the lost byte itself: `déjà` had none.
        assert_eq!(repair("Ã la fois, dÃ©jÃ ").text, "à la fois, déjà");
        assert_eq!(repair("la metÃ . Poi").text, "la metà. Poi");
        assert_eq!(repair("dÃ©jÃ  le 26").text, "déjà le 26");
        // Without other mojibake, a lone Ã is left alone.
        assert_eq!(repair("Ã la").text, "Ã la");
    }

    /// Asserts that repair leaves each of `texts` as it is, reporting no repair.
    fn assert_kept(texts: &[&str]) {
        for &text in texts {
            let r = repair(text);
            assert_eq!(r.text, text);
            assert_eq!(r.repairs, 0, "{text}");
        }
    }

    #[test]
    fn correct_text_is_never_changed() {
        assert_kept(&[
            "Perché è così? Più di 2.300 segnalazioni, città, però",
            "Déjà « très » énervés — l’été à Noël, œuvre, ça",
            "São Paulo, NÃO, João; Straße, Ärger «ÄRGER»",
            "“CAFÉ” ‘BONJOUR’ — Ñ» ESPAÑA»",
            "Ελληνικά, русский язык, 日本語のテキスト, 한국어, عربي, 🙂👍",
            "Zażółć gęślą jaźń, Příliš žluťoučký kůň, İstanbul'da şişe",
            "x ≤ y ± z, 5 × 3 ÷ 2, ½ ¼ ¾, 90°",
        ]);
    }

    #[test]
    fn cyrillic_and_greek_need_runs() {
        assert_eq!(repair("Ð¿Ñ€Ð¸Ð²ÐµÑ‚").text, "привет");
        assert_eq!(repair("Î±Î²Î³").text, "αβγ");
    }

    #[test]
    fn html_entities_are_decoded() {
        let r = repair("Caf&eacute; &amp; th&#233; &#8217; &#x2019; &#146; AT&T &nope; & co");
        assert_eq!(r.text, "Café & thé ’ ’ ’ AT&T &nope; & co");
        assert_eq!(r.repairs, 6);
    }

    #[test]
    fn all_caps_words_and_units_that_look_like_mojibake_stay() {
        assert_kept(&[
            "SÅ™ ÄR DET",
            "PÅ—TAL OM ÅTTA ÅR",
            "TÄ\u{A0}ON MEIDÄN",
            "PÂNĂ\u{A0}ÎN SEARĂ",
            "5.43 Å—about half a nanometre",
            "4000 Å–7000 Å",
            "L33T H4X0R Ð€$TROY€R",
        ]);
        // The same shapes in text shown to be mangled, or inside lower-case words, are
        // repaired.
        assert_eq!(repair("siÄ™ zepsuÅ‚").text, "się zepsuł");
        // `10Î¼s` on its own is left as written (a unit mix, not clearly mangled); with other
        // mojibake of its codec around, it is a mangled `10μs`.
        assert_eq!(repair("Latency 10Î¼s").text, "Latency 10Î¼s");
        assert_eq!(repair("10Î¼s, cafÃ©").text, "10μs, café");
    }

    #[test]
    fn cesu8_emoji_come_back_and_are_explained() {
        let r = repair("OK \u{ED}\u{A0}\u{BD}\u{ED}\u{B8}\u{80} now");
        assert_eq!(r.text, "OK 😀 now");
        assert_eq!(r.details.len(), 1);
        assert_eq!(r.details[0].kind, RepairKind::Mojibake);
        assert_eq!(r.details[0].codecs, ["windows-1252"]);
        // The no-break space of the high surrogate written as a space.
        assert_eq!(repair("OK í ½í¸€ now").text, "OK 😀 now");
    }

    #[test]
    fn no_break_spaces_come_back_as_no_break_spaces() {
        assert_eq!(repair("dÃ©jÃ  fait, 10Â â‚¬").text, "déjà fait, 10\u{A0}€");
        assert_eq!(repair("Vou Ã s 10h, cafÃ©").text, "Vou às 10h, café");
        assert_eq!(
            repair("montre Ã quel point, cafÃ©").text,
            "montre à quel point, café"
        );
    }

    #[test]
    fn bytes_lost_in_other_scripts_become_replacement_characters() {
        // `с` is D1 81, and windows-1252 has no character for 81.
        let r = repair("ÐœÐ¾Ñ?ÐºÐ²Ð°");
        assert_eq!(r.text, "Мо\u{FFFD}ква");
        assert!(r.details.iter().any(|d| d.kind == RepairKind::Lossy));
        assert_eq!(r.warnings.len(), 1);
        // A no-break space that became a space inside `Р` (D0 A0).
        assert_eq!(repair("Ð Ð¾Ñ\u{81}Ñ\u{81}Ð¸Ñ\u{8F}").text, "Россия");
    }

    #[test]
    fn a_word_ending_ellipsis_control_becomes_an_ellipsis() {
        assert_eq!(repair("Wait\u{85} it is back").text, "Wait… it is back");
        assert_eq!(repair("next\u{85}line").text, "next\u{85}line");
    }

    #[test]
    fn baltic_mojibake_is_repaired() {
        // windows-1257: `į` is C4 AF, `Ä` + `Æ`.
        assert_eq!(repair("gedimÄ… ÄÆveikÄ—").text, "gedimą įveikė");
    }

    #[test]
    fn output_is_nfc() {
        assert_eq!(repair("e\u{301}te\u{301}").text, "été");
    }

    #[test]
    fn repair_is_idempotent_on_examples() {
        for text in ["dÃ©jÃ  vu Ã la", "â€œquoteâ€\u{9d}", "plain text"] {
            let once = repair(text).text;
            assert_eq!(repair(&once).text, once);
        }
    }
}
