//! The single-byte codecs through which UTF-8 text gets mangled.
//!
//! Mojibake is what happens when the bytes of UTF-8 text are decoded with a single-byte
//! codec: every byte of a multi-byte sequence becomes a character of that codec (`é`, bytes
//! `C3 A9`, becomes `Ã©` in windows-1252, `√©` in MacRoman, `├⌐` in cp437). To undo it, each
//! codec is kept here both ways: byte → character, and character → byte.

use std::sync::LazyLock;

/// One codec: how its high bytes (0x80–0xFF) decode, and the reverse.
pub(super) struct Codec {
    /// The name shown in explanations (WHATWG label where there is one).
    pub name: &'static str,
    /// Whether a lone sequence needs context (an ASCII letter or another sequence next to
    /// it) before it is repaired. The rare codecs are strict: their characters are common in
    /// correct text (`√π` in MacRoman, `Вё` in windows-1251, box drawing in cp437).
    pub strict: bool,
    /// Characters of bytes 0x80–0xFF.
    high: [char; 128],
    /// Byte of each character below U+0100 (0 when the character is not a high byte).
    low_reverse: [u8; 256],
    /// Byte of each character from U+0100 up, sorted by character.
    reverse: Vec<(char, u8)>,
}

impl Codec {
    fn new(name: &'static str, strict: bool, high: [char; 128], latin1_controls: bool) -> Codec {
        let mut low_reverse = [0u8; 256];
        let mut reverse = Vec::new();
        if latin1_controls {
            // Latin-1 decoding turns bytes 0x80–0x9F into the C1 controls U+0080–U+009F.
            for byte in 0x80u8..=0x9F {
                low_reverse[usize::from(byte)] = byte;
            }
        }
        for (byte, c) in (0x80u8..=0xFF).zip(high) {
            match u8::try_from(u32::from(c)) {
                Ok(low) => low_reverse[usize::from(low)] = byte,
                Err(_) => reverse.push((c, byte)),
            }
        }
        reverse.sort_unstable();
        Codec {
            name,
            strict,
            high,
            low_reverse,
            reverse,
        }
    }

    /// Builds a codec from an `encoding_rs` encoding.
    fn from_encoding(
        name: &'static str,
        strict: bool,
        encoding: &'static encoding_rs::Encoding,
        latin1_controls: bool,
    ) -> Codec {
        let bytes: Vec<u8> = (0x80u8..=0xFF).collect();
        let (decoded, _) = encoding.decode_without_bom_handling(&bytes);
        let mut high = ['\u{FFFD}'; 128];
        for (slot, c) in high.iter_mut().zip(decoded.chars()) {
            *slot = c;
        }
        Codec::new(name, strict, high, latin1_controls)
    }

    /// The high byte (0x80–0xFF) that `c` stands for in this codec.
    #[inline]
    pub fn byte(&self, c: char) -> Option<u8> {
        let code = u32::from(c);
        if code < 0x80 {
            return None;
        }
        if code < 0x100 {
            let b = self.low_reverse[code as usize];
            return (b != 0).then_some(b);
        }
        self.reverse
            .binary_search_by(|(k, _)| k.cmp(&c))
            .ok()
            .map(|i| self.reverse[i].1)
    }

    /// The character byte `b` (0x80–0xFF) decodes to.
    pub fn decode_byte(&self, b: u8) -> Option<char> {
        b.checked_sub(0x80)
            .map(|i| self.high[usize::from(i)])
            .filter(|c| *c != '\u{FFFD}')
    }
}

/// The number of codecs in [`CODECS`].
pub(super) const CODEC_COUNT: usize = 7;

/// The codecs in the order they are tried: the common ones first.
pub(super) static CODECS: LazyLock<[Codec; CODEC_COUNT]> = LazyLock::new(|| {
    [
        // windows-1252 as browsers decode it, plus latin-1's C1 controls for its five
        // undefined bytes and for text that went through latin-1 instead.
        Codec::from_encoding("windows-1252", false, encoding_rs::WINDOWS_1252, true),
        Codec::from_encoding("ISO-8859-15", true, encoding_rs::ISO_8859_15, true),
        Codec::from_encoding("windows-1250", true, encoding_rs::WINDOWS_1250, false),
        Codec::from_encoding("windows-1251", true, encoding_rs::WINDOWS_1251, false),
        Codec::from_encoding("macintosh", true, encoding_rs::MACINTOSH, false),
        Codec::new("cp437", true, CP437_HIGH, false),
        // Baltic (Lithuanian, Latvian, Estonian): last, as most of its sequences read the
        // same as windows-1252's.
        Codec::from_encoding("windows-1257", true, encoding_rs::WINDOWS_1257, false),
    ]
});

/// windows-1252 on its own (numeric entities and C1 controls stand for its punctuation).
pub(super) fn windows_1252() -> &'static Codec {
    &CODECS[0]
}

/// Bit masks over [`CODECS`]: for which codecs a character is a UTF-8 lead byte
/// (0xC2–0xF4) and for which a continuation byte (0x80–0xBF).
pub(super) struct Roles {
    low: [(u8, u8); 256],
    high: Vec<(char, u8, u8)>,
}

impl Roles {
    /// `(lead mask, continuation mask)` of `c`.
    #[inline]
    pub fn of(&self, c: char) -> (u8, u8) {
        let code = u32::from(c);
        if code < 0x100 {
            return self.low[code as usize];
        }
        self.high
            .binary_search_by(|(k, _, _)| k.cmp(&c))
            .map(|i| (self.high[i].1, self.high[i].2))
            .unwrap_or((0, 0))
    }
}

/// The roles of every character in every codec.
pub(super) static ROLES: LazyLock<Roles> = LazyLock::new(|| {
    let mut low = [(0u8, 0u8); 256];
    let mut high: Vec<(char, u8, u8)> = Vec::new();
    let mut add = |c: char, bit: u8, byte: u8| {
        let (lead, cont) = match byte {
            0xC2..=0xF4 => (bit, 0),
            0x80..=0xBF => (0, bit),
            _ => (0, 0),
        };
        let code = u32::from(c);
        if code < 0x100 {
            low[code as usize].0 |= lead;
            low[code as usize].1 |= cont;
        } else if let Some(entry) = high.iter_mut().find(|(k, _, _)| *k == c) {
            entry.1 |= lead;
            entry.2 |= cont;
        } else {
            high.push((c, lead, cont));
        }
    };
    for (index, codec) in CODECS.iter().enumerate() {
        let bit = 1u8 << index;
        for code in 0x80u32..0x100 {
            if let Some(c) = char::from_u32(code) {
                if let Some(byte) = codec.byte(c) {
                    add(c, bit, byte);
                }
            }
        }
        for &(c, byte) in &codec.reverse {
            add(c, bit, byte);
        }
    }
    high.sort_unstable();
    Roles { low, high }
});

/// IBM code page 437 (the original PC character set), bytes 0x80–0xFF.
const CP437_HIGH: [char; 128] = [
    'Ç', 'ü', 'é', 'â', 'ä', 'à', 'å', 'ç', 'ê', 'ë', 'è', 'ï', 'î', 'ì', 'Ä', 'Å', //
    'É', 'æ', 'Æ', 'ô', 'ö', 'ò', 'û', 'ù', 'ÿ', 'Ö', 'Ü', '¢', '£', '¥', '₧', 'ƒ', //
    'á', 'í', 'ó', 'ú', 'ñ', 'Ñ', 'ª', 'º', '¿', '⌐', '¬', '½', '¼', '¡', '«', '»', //
    '░', '▒', '▓', '│', '┤', '╡', '╢', '╖', '╕', '╣', '║', '╗', '╝', '╜', '╛', '┐', //
    '└', '┴', '┬', '├', '─', '┼', '╞', '╟', '╚', '╔', '╩', '╦', '╠', '═', '╬', '╧', //
    '╨', '╤', '╥', '╙', '╘', '╒', '╓', '╫', '╪', '┘', '┌', '█', '▄', '▌', '▐', '▀', //
    'α', 'ß', 'Γ', 'π', 'Σ', 'σ', 'µ', 'τ', 'Φ', 'Θ', 'Ω', 'δ', '∞', 'φ', 'ε', '∩', //
    '≡', '±', '≥', '≤', '⌠', '⌡', '÷', '≈', '°', '∙', '·', '√', 'ⁿ', '²', '■', '\u{A0}',
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codecs_round_trip_their_high_bytes() {
        for codec in CODECS.iter() {
            for byte in 0x80u8..=0xFF {
                if let Some(c) = codec.decode_byte(byte) {
                    assert_eq!(codec.byte(c), Some(byte), "{} {byte:#x}", codec.name);
                }
            }
        }
    }

    #[test]
    fn known_mappings() {
        let [cp1252, latin9, cp1250, cp1251, mac, cp437, baltic] = &*CODECS;
        assert_eq!(baltic.byte('Ā'), Some(0xC2));
        assert_eq!(baltic.byte('ŗ'), Some(0xBA));
        assert_eq!(cp1252.byte('€'), Some(0x80));
        assert_eq!(cp1252.byte('\u{80}'), Some(0x80));
        assert_eq!(latin9.byte('€'), Some(0xA4));
        assert_eq!(cp1250.byte('Ă'), Some(0xC3));
        assert_eq!(cp1251.byte('Р'), Some(0xD0));
        assert_eq!(mac.byte('√'), Some(0xC3));
        assert_eq!(cp437.byte('├'), Some(0xC3));
        assert_eq!(cp437.byte('⌐'), Some(0xA9));
        assert_eq!(cp1252.byte('a'), None);
    }

    #[test]
    fn roles_combine_codecs() {
        let (lead, cont) = ROLES.of('Ã');
        assert_ne!(lead & 1, 0, "Ã is a lead byte in windows-1252");
        assert_eq!(cont, 0);
        let (_, cont) = ROLES.of('©');
        assert_ne!(cont & 1, 0);
        assert_eq!(ROLES.of('a'), (0, 0));
    }
}
