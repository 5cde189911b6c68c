//! How "bad" a short stretch of text looks: the plausibility measure that decides, span by
//! span, whether a candidate repair is an improvement.
//!
//! Mojibake has a texture that correct text lacks: an accented capital right after a
//! lower-case letter (`dÃ©`), a letter followed by a symbol that only ever appears as a
//! continuation byte (`Ã©`, `Ã¨`, `â€`), C1 control characters, combining marks with nothing
//! to combine with, letters of two scripts inside one word. Correct text that merely *looks*
//! like mojibake has none of that: an all-caps word followed by a trademark sign or a dash
//! (`SÅ™`, `PÅ—`), a capital before a no-break space (`TÄ NYT`), an ångström sign before a
//! dash (`5 Å—`). [`badness`] counts those signs; a lone sequence is only repaired when its
//! repair is strictly less bad than the text it replaces (see `mojibake::accept`).
//!
//! The measure is local (a few characters around the sequence) so that it costs nothing on
//! clean text and decides each span on its own.

use super::codecs::ROLES;

/// Characters that end a word or sit between words in correct text: after an upper-case
/// letter they are punctuation of an all-caps word, not the tail of a sequence.
fn closer(c: char) -> bool {
    matches!(
        c,
        '™' | '—' | '–' | '\u{A0}' | '»' | '”' | '’' | '…' | '›' | '•' | '·' | '®'
    )
}

/// Closers that only end a word of two letters or more (`DON’`, not a lone `Æ’`).
fn needs_word(c: char) -> bool {
    matches!(c, '’' | '”' | '»' | '›')
}

/// Closers that correct text also puts straight before a letter (`word—word`, `10 000`).
fn joins_words(c: char) -> bool {
    matches!(c, '—' | '–' | '\u{A0}')
}

/// The characters of a mojibake lead that correct text almost never puts before a symbol:
/// `Ã` and `Â` (bytes C3 and C2 in windows-1252, the leads of every Latin-1 letter and
/// symbol).
fn usual_lead(c: char) -> bool {
    matches!(c, 'Ã' | 'Â' | 'Ă' | 'ƒ')
}

/// Whether `c` stands for a UTF-8 continuation byte in some codec.
fn continuation(c: char) -> bool {
    !c.is_ascii() && ROLES.of(c).1 != 0
}

/// Whether `c` stands for a UTF-8 continuation byte in some codec and is not a letter or a
/// digit of its own (`©`, `¨`, `€`, `™`, `‰`, `²`, `¼`, box drawing): the second half of
/// `Ã©`.
fn continuation_symbol(c: char) -> bool {
    // The ordinal indicators and the micro sign count as letters, but only follow digits
    // and letters as symbols (`2º`, `Nª`, `5 µm`), never an accented capital.
    !c.is_ascii() && ROLES.of(c).1 != 0 && (!c.is_alphabetic() || matches!(c, 'ª' | 'º' | 'µ'))
}

/// Whether `c` stands for a UTF-8 lead byte in some codec.
fn lead(c: char) -> bool {
    !c.is_ascii() && ROLES.of(c).0 != 0
}

/// The script of a letter, coarsely: Latin, Greek, Cyrillic or other.
fn script(c: char) -> u8 {
    match u32::from(c) {
        0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF => 1,
        0x370..=0x3FF | 0x1F00..=0x1FFF => 2,
        0x400..=0x52F => 3,
        _ => 0,
    }
}

/// How bad `text` looks: the number of mojibake signs in it (0 for ordinary correct text).
///
/// - a C1 control character: 2;
/// - a combining mark after something that is not a letter: 2;
/// - a lower-case letter that stands for a byte between two capitals (`AĹžA`): 1;
/// - a lower-case letter directly followed by an upper-case one that stands for a lead byte
///   (`dÃ`): 1;
/// - a lead character followed by a continuation symbol (`Ã©`, `â€`, `├┤`), or a lead that
///   is no letter, `Ã`, `Â`, `Ă` or `ƒ`, or a capital before a letter outside Latin-1,
///   followed by any continuation (`√ú`, `Ãš`, `Ĺž`): 1, unless the lead is a Latin-1
///   capital other than `Ã`/`Â` and the symbol is a closer that ends the word there or
///   joins two words (`SÅ™ `, `PÅ—TAL`, `Ä NYT`);
/// - a Latin letter directly next to a Greek or Cyrillic one: 1.
pub(super) fn badness(text: &str) -> u32 {
    let chars: Vec<char> = text.chars().collect();
    let mut bad = 0;
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
        let next = chars.get(i + 1).copied();
        if ('\u{80}'..='\u{9F}').contains(&c) {
            bad += 2;
        }
        if ('\u{300}'..='\u{36F}').contains(&c) && !prev.is_some_and(char::is_alphabetic) {
            bad += 2;
        }
        let Some(n) = next else { continue };
        // A lower-case letter between two capitals (`YAĹžANIYOR`).
        if c.is_lowercase()
            && n.is_uppercase()
            && prev.is_some_and(char::is_uppercase)
            && (lead(c) || continuation(c))
        {
            bad += 1;
        }
        if c.is_lowercase() && n.is_uppercase() && lead(n) {
            bad += 1;
        }
        // A lead that is no letter (`√`, `├`, `≈`) or `Ã`/`Â` before any continuation.
        // A capital lead before a lower-case continuation letter outside Latin-1 (`Ĺž`).
        // So is a capital lead before a capital continuation and a lower-case letter
        // (`ÄÆveikė`).
        let after_pair = chars.get(i + 2).copied();
        let odd_pair = c.is_uppercase()
            && n.is_alphabetic()
            && (u32::from(n) >= 0x100
                || (n.is_uppercase() && after_pair.is_some_and(char::is_lowercase)));
        let odd_lead = (!c.is_alphabetic() || usual_lead(c) || odd_pair) && continuation(n);
        if lead(c) && (continuation_symbol(n) || odd_lead) {
            let after = chars.get(i + 2).copied();
            let ends_word = !after.is_some_and(char::is_alphanumeric);
            let in_word = prev.is_some_and(char::is_alphabetic);
            // Only the capitals of Latin-1 (`Å`, `Ä`, `Î`, `Ô`), letters of real all-caps
            // words; a rarer capital (`Ĺ`) before a closer is a sequence.
            // `Å` + no-break space is `Š` (C5 A0), a common letter, far more often than a
            // Nordic word before a no-break space.
            let latin1_capital = ('\u{C0}'..='\u{DE}').contains(&c) && !(c == 'Å' && n == '\u{A0}');
            let punctuation_of_word = latin1_capital
                && !usual_lead(c)
                && closer(n)
                && (in_word || !needs_word(n))
                && (ends_word || joins_words(n));
            if !punctuation_of_word {
                bad += 1;
            }
        }
        if c.is_alphabetic() && n.is_alphabetic() {
            let (a, b) = (script(c), script(n));
            if a != 0 && b != 0 && a != b {
                bad += 1;
            }
        }
    }
    bad
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mojibake_is_bad_and_its_repair_is_not() {
        for (mangled, fixed) in [
            ("dÃ©but", "début"),
            ("siÄ™", "się"),
            ("â€œ", "“"),
            ("Ã–l", "Öl"),
            ("Å›wiat", "świat"),
            ("Åºle", "źle"),
            ("Ð¿Ñ€", "пр"),
        ] {
            assert!(
                badness(mangled) > badness(fixed),
                "{mangled}: {} vs {fixed}: {}",
                badness(mangled),
                badness(fixed)
            );
        }
    }

    #[test]
    fn correct_text_that_looks_like_mojibake_is_not_bad() {
        for text in [
            "SÅ™ ÄR",
            "PÅ—TAL",
            "4 Å–7",
            "TÄ\u{A0}ON",
            "Î\u{A0}",
            "café",
            "ÉTÉ",
        ] {
            assert_eq!(badness(text), 0, "{text}");
        }
        assert_eq!(badness("x\u{85}y"), 2);
        assert_eq!(badness(" \u{301}"), 2);
        assert_eq!(badness("aб"), 1);
    }
}
