//! Stage 2 — repair: undo mojibake, decode HTML entities, normalise to NFC.
//!
//! Mojibake is UTF-8 that some program decoded as windows-1252 or latin-1: `é` (bytes
//! `C3 A9`) shows up as `Ã©`. Repair looks for exactly those shapes — a character that stands
//! for a UTF-8 lead byte followed by the right number of characters that stand for
//! continuation bytes — and decodes each such sequence back, span by span, so that
//! half-mangled articles keep their correct parts untouched. A sequence is only replaced when
//! the character it decodes to is one a mangled article plausibly contained (accented Latin
//! letters, typographic punctuation, euro sign, emoji; Greek, Cyrillic and CJK only in runs of
//! two or more), which is what keeps correct text such as `CAFÉ”` intact. Passes repeat until
//! nothing changes, so text mangled twice (`Ã¢â‚¬â„¢` → `’`) comes back too.
//!
//! One byte is often lost on the way: `à` is `C3 A0`, and the `A0` (a no-break space in
//! windows-1252) tends to become a plain space or vanish. In a text that shows other mojibake,
//! `Ã` before a space, punctuation or a line end is therefore read as `à`, and `Â` before a
//! space as a lost no-break space.
//!
//! ```
//! let repaired = outage_news::repair::repair("La panne a dÃ©butÃ© Ã 15h, Â« grave Â».");
//! assert_eq!(repaired.text, "La panne a débuté à 15h, « grave ».");
//! assert!(repaired.mojibake_repaired);
//! // Correct text is never changed.
//! assert_eq!(outage_news::repair::repair("São Paulo: “CAFÉ”").text, "São Paulo: “CAFÉ”");
//! ```

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// The result of [`repair`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repaired {
    /// The repaired, NFC-normalised text.
    pub text: String,
    /// Number of repairs made (mojibake sequences and HTML entities).
    pub repairs: usize,
    /// Whether any mojibake sequence was repaired.
    pub mojibake_repaired: bool,
    /// Notes about lossy repairs.
    pub warnings: Vec<String>,
}

/// Repairs `text`: mojibake, HTML entities, NFC (see the module docs).
pub fn repair(text: &str) -> Repaired {
    let mut repairs = 0;
    let mut mojibake = 0;
    let mut current = std::borrow::Cow::Borrowed(text);

    if might_be_mojibake(&current) {
        for _ in 0..3 {
            let (fixed, n) = fix_mojibake_pass(&current);
            if n == 0 {
                break;
            }
            mojibake += n;
            current = std::borrow::Cow::Owned(fixed);
        }
        if mojibake > 0 {
            let (fixed, n) = fix_lost_no_break_space(&current);
            mojibake += n;
            current = std::borrow::Cow::Owned(fixed);
        }
    }
    repairs += mojibake;

    if current.contains('&') {
        let (fixed, n) = decode_entities(&current);
        if n > 0 {
            repairs += n;
            current = std::borrow::Cow::Owned(fixed);
        }
    }

    let text = if is_nfc_quick(current.chars()) == IsNormalized::Yes {
        current.into_owned()
    } else {
        current.nfc().collect()
    };
    Repaired {
        text,
        repairs,
        mojibake_repaired: mojibake > 0,
        warnings: Vec::new(),
    }
}

/// Cheap test: mojibake needs a character that stands for a UTF-8 lead byte.
fn might_be_mojibake(text: &str) -> bool {
    !text.is_ascii() && text.chars().any(|c| ('\u{C2}'..='\u{F4}').contains(&c))
}

/// The byte that `c` stands for when bytes 0x80–0xFF were decoded as windows-1252 (or as
/// latin-1, whose C1 controls cover the bytes windows-1252 leaves undefined).
fn high_byte(c: char) -> Option<u8> {
    let b = match c {
        '\u{80}'..='\u{FF}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(b)
}

fn continuation(c: char) -> Option<u8> {
    high_byte(c).filter(|b| (0x80..=0xBF).contains(b))
}

/// How plausible a decoded character is as the original content of a mangled article.
#[derive(PartialEq, Eq, Clone, Copy)]
enum Plausibility {
    /// Accepted on its own.
    Strong,
    /// Accepted only next to another repaired sequence (a word of Greek, Cyrillic, CJK …).
    InRun,
    /// Never accepted: the "mojibake" is more likely correct text.
    No,
}

fn plausibility(c: char) -> Plausibility {
    match c as u32 {
        0xA0..=0xFF | 0x100..=0x17F | 0x218..=0x21B => Plausibility::Strong,
        0x2010..=0x205E | 0x20AC | 0x2122 => Plausibility::Strong,
        0x1F000..=0x1FAFF => Plausibility::Strong,
        0x370..=0x3FF | 0x400..=0x4FF | 0x5D0..=0x5EA | 0x600..=0x6FF => Plausibility::InRun,
        0x3000..=0x30FF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xFF00..=0xFFEF => {
            Plausibility::InRun
        }
        _ => Plausibility::No,
    }
}

/// A decodable sequence found at some position: its byte length in the text and the char.
struct Candidate {
    len: usize,
    decoded: char,
}

/// Tries to read a mojibake sequence starting at the beginning of `s`.
fn candidate_at(s: &str) -> Option<Candidate> {
    let mut chars = s.char_indices();
    let (_, lead_char) = chars.next()?;
    let lead = high_byte(lead_char)?;
    let needed = match lead {
        0xC2..=0xDF => 1,
        0xE0..=0xEF => 2,
        0xF0..=0xF4 => 3,
        _ => return None,
    };
    let mut bytes = [lead, 0, 0, 0];
    let mut len = lead_char.len_utf8();
    for slot in bytes.iter_mut().skip(1).take(needed) {
        let (_, c) = chars.next()?;
        *slot = continuation(c)?;
        len += c.len_utf8();
    }
    let decoded = std::str::from_utf8(&bytes[..=needed])
        .ok()?
        .chars()
        .next()?;
    Some(Candidate { len, decoded })
}

/// One left-to-right pass; returns the new text and the number of sequences replaced.
fn fix_mojibake_pass(text: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut fixes = 0;
    let mut i = 0;
    // Whether the previous character written was itself a repaired sequence.
    let mut prev_fixed = false;
    while i < text.len() {
        let rest = &text[i..];
        let Some(c) = rest.chars().next() else { break };
        if ('\u{C2}'..='\u{F4}').contains(&c) {
            if let Some(cand) = candidate_at(rest) {
                let accept = match plausibility(cand.decoded) {
                    Plausibility::Strong => true,
                    Plausibility::InRun => {
                        prev_fixed
                            || candidate_at(&rest[cand.len..])
                                .is_some_and(|next| plausibility(next.decoded) != Plausibility::No)
                    }
                    Plausibility::No => false,
                };
                if accept {
                    out.push(cand.decoded);
                    i += cand.len;
                    fixes += 1;
                    prev_fixed = true;
                    continue;
                }
            }
        }
        out.push(c);
        i += c.len_utf8();
        prev_fixed = false;
    }
    (out, fixes)
}

/// In text already known to be mangled: `Ã` whose second byte (0xA0, a no-break space) was
/// lost is `à`; `Â` before a space is what is left of a no-break space.
fn fix_lost_no_break_space(text: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut fixes = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        // "Ã" + two spaces: the no-break space became the first one.
        if c == 'Ã' && next == Some(' ') && chars.clone().nth(1) == Some(' ') {
            chars.next();
            out.push('à');
            fixes += 1;
            continue;
        }
        let lost_byte = match next {
            None => true,
            Some(n) => n == ' ' || n == '\n' || n == '\r' || ".,;:!?)»\"'".contains(n),
        };
        match c {
            'Ã' if lost_byte => {
                out.push('à');
                fixes += 1;
            }
            'Â' if next == Some(' ') => {
                fixes += 1;
            }
            _ => out.push(c),
        }
    }
    (out, fixes)
}

/// Named HTML entities that turn up in scraped article text.
const ENTITIES: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", '\u{A0}'),
    ("laquo", '«'),
    ("raquo", '»'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("sbquo", '‚'),
    ("bdquo", '„'),
    ("ndash", '–'),
    ("mdash", '—'),
    ("hellip", '…'),
    ("bull", '•'),
    ("middot", '·'),
    ("euro", '€'),
    ("pound", '£'),
    ("copy", '©'),
    ("reg", '®'),
    ("trade", '™'),
    ("deg", '°'),
    ("ordm", 'º'),
    ("ordf", 'ª'),
    ("iexcl", '¡'),
    ("iquest", '¿'),
    ("thinsp", '\u{2009}'),
    ("ensp", '\u{2002}'),
    ("emsp", '\u{2003}'),
    ("shy", '\u{AD}'),
    ("agrave", 'à'),
    ("aacute", 'á'),
    ("acirc", 'â'),
    ("atilde", 'ã'),
    ("auml", 'ä'),
    ("aring", 'å'),
    ("aelig", 'æ'),
    ("ccedil", 'ç'),
    ("egrave", 'è'),
    ("eacute", 'é'),
    ("ecirc", 'ê'),
    ("euml", 'ë'),
    ("igrave", 'ì'),
    ("iacute", 'í'),
    ("icirc", 'î'),
    ("iuml", 'ï'),
    ("ntilde", 'ñ'),
    ("ograve", 'ò'),
    ("oacute", 'ó'),
    ("ocirc", 'ô'),
    ("otilde", 'õ'),
    ("ouml", 'ö'),
    ("oslash", 'ø'),
    ("oelig", 'œ'),
    ("ugrave", 'ù'),
    ("uacute", 'ú'),
    ("ucirc", 'û'),
    ("uuml", 'ü'),
    ("yacute", 'ý'),
    ("yuml", 'ÿ'),
    ("szlig", 'ß'),
    ("Agrave", 'À'),
    ("Aacute", 'Á'),
    ("Acirc", 'Â'),
    ("Atilde", 'Ã'),
    ("Auml", 'Ä'),
    ("Aring", 'Å'),
    ("AElig", 'Æ'),
    ("Ccedil", 'Ç'),
    ("Egrave", 'È'),
    ("Eacute", 'É'),
    ("Ecirc", 'Ê'),
    ("Euml", 'Ë'),
    ("Igrave", 'Ì'),
    ("Iacute", 'Í'),
    ("Icirc", 'Î'),
    ("Iuml", 'Ï'),
    ("Ntilde", 'Ñ'),
    ("Ograve", 'Ò'),
    ("Oacute", 'Ó'),
    ("Ocirc", 'Ô'),
    ("Otilde", 'Õ'),
    ("Ouml", 'Ö'),
    ("Oslash", 'Ø'),
    ("OElig", 'Œ'),
    ("Ugrave", 'Ù'),
    ("Uacute", 'Ú'),
    ("Ucirc", 'Û'),
    ("Uuml", 'Ü'),
    ("Yacute", 'Ý'),
];

/// The character an entity body (between `&` and `;`) stands for.
fn entity(body: &str) -> Option<char> {
    if let Some(num) = body.strip_prefix('#') {
        let value = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        // Numeric references to C1 code points mean windows-1252 punctuation (HTML5 rule).
        if (0x80..=0x9F).contains(&value) {
            let byte = [value as u8];
            let (decoded, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
            return decoded.chars().next();
        }
        return char::from_u32(value).filter(|c| *c != '\0');
    }
    ENTITIES
        .iter()
        .find(|(name, _)| *name == body)
        .map(|(_, c)| *c)
}

/// Decodes `&name;`, `&#NNN;` and `&#xHHH;` references.
fn decode_entities(text: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut count = 0;
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let body_end = after
            .char_indices()
            .take(12)
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '#'))
            .filter(|(_, c)| *c == ';')
            .map(|(i, _)| i);
        match body_end.and_then(|end| entity(&after[..end]).map(|c| (end, c))) {
            Some((end, c)) => {
                out.push(c);
                count += 1;
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    (out, count)
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
        assert_eq!(repair("Ã la fois, dÃ©jÃ ").text, "à la fois, déjà ");
        assert_eq!(repair("dÃ©jÃ  le 26").text, "déjà le 26");
        // Without other mojibake, a lone Ã is left alone.
        assert_eq!(repair("Ã la").text, "Ã la");
    }

    #[test]
    fn correct_text_is_never_changed() {
        for text in [
            "Perché è così? Più di 2.300 segnalazioni, città, però",
            "Déjà « très » énervés — l’été à Noël, œuvre, ça",
            "São Paulo, NÃO, João; Straße, Ärger «ÄRGER»",
            "“CAFÉ” ‘BONJOUR’ — Ñ» ESPAÑA»",
            "Ελληνικά, русский язык, 日本語のテキスト, 한국어, عربي, 🙂👍",
            "Zażółć gęślą jaźń, Příliš žluťoučký kůň, İstanbul'da şişe",
            "x ≤ y ± z, 5 × 3 ÷ 2, ½ ¼ ¾, 90°",
        ] {
            let r = repair(text);
            assert_eq!(r.text, text);
            assert_eq!(r.repairs, 0, "{text}");
        }
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
