//! Stage 1 — decode: raw bytes to text.
//!
//! Order of decisions:
//! 1. a byte-order mark (UTF-8, UTF-16LE, UTF-16BE) decides;
//! 2. UTF-16 without a BOM is recognised by its pattern of zero bytes;
//! 3. valid UTF-8 is taken as it is, and so is UTF-8 whose characters outside the BMP were
//!    written as two surrogates (CESU-8), the pairs joined;
//! 4. a page that declares its charset (`<meta charset="iso-8859-15">`, `<meta http-equiv=
//!    "content-type" content="text/html; charset=…">` in its first 4 KB) is decoded with it;
//! 5. bytes that are mostly UTF-8 with a few invalid sequences stay UTF-8, the invalid bytes
//!    becoming U+FFFD (and a warning);
//! 6. anything else is a legacy charset, guessed by `chardetng` (windows-1252 and
//!    ISO-8859-15 are the usual ones in Italian and French news).
//!
//! A declaration of UTF-8 on bytes that are not UTF-8 is a mistake the page made: the bytes
//! go on to steps 5 and 6, and a declared legacy charset on valid UTF-8 is ignored (the
//! bytes prove it wrong). Text files that are valid UTF-8 never reach the prescan.
//!
//! One or two stray NUL bytes in otherwise valid text are dropped with a warning; more make
//! the file binary.
//!
//! ```
//! let decoded = outage_news::decode::decode(b"Publi\xe9 le 2 mars").unwrap();
//! assert_eq!(decoded.text, "Publié le 2 mars");
//! assert_eq!(decoded.encoding, "windows-1252");
//! ```

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// Text decoded from bytes, with the encoding that was used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The decoded text.
    pub text: String,
    /// The WHATWG name of the encoding used (`UTF-8`, `windows-1252`, `UTF-16LE`, …).
    pub encoding: &'static str,
    /// Something worth knowing about the decoding (replacement characters, a guess).
    pub warnings: Vec<String>,
}

/// Why bytes could not be turned into article text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// No bytes, or only whitespace.
    #[error("the file is empty")]
    Empty,
    /// Zero bytes or control characters that no text file has.
    #[error("the file looks binary ({0})")]
    Binary(String),
}

/// How much of the input the binary and charset sniffers look at.
const SNIFF_BYTES: usize = 64 * 1024;

/// How much of the input is searched for a `<meta>` charset declaration.
const PRESCAN_BYTES: usize = 4 * 1024;

/// The most zero bytes a text file may have and still be text: one or two stray NULs (a
/// bad copy, a terminator written by a C program) are dropped with a warning, more make the
/// file binary.
const MAX_STRAY_NULS: usize = 2;

/// Decodes `bytes` to text (see the module docs for the order of decisions).
///
/// One or two stray NUL bytes in otherwise valid text are dropped (with a warning) rather
/// than making the file binary:
///
/// ```
/// let decoded = outage_news::decode::decode(b"Panne \0chez Orange").unwrap();
/// assert_eq!(decoded.text, "Panne chez Orange");
/// assert!(decoded.warnings[0].contains("NUL"));
/// ```
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if Encoding::for_bom(bytes).is_none() {
        let nuls = memchr::memchr_iter(0, bytes).count();
        if (1..=MAX_STRAY_NULS).contains(&nuls) {
            let cleaned: Vec<u8> = bytes.iter().copied().filter(|&b| b != 0).collect();
            let mut decoded = decode_text(&cleaned)?;
            decoded
                .warnings
                .push(format!("{nuls} stray NUL byte(s) dropped"));
            return Ok(decoded);
        }
    }
    decode_text(bytes)
}

/// [`decode`] once stray NULs are gone.
fn decode_text(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return finish(decode_with(encoding, &bytes[bom_len..]));
    }
    if let Some(encoding) = sniff_utf16(bytes) {
        let mut decoded = decode_with(encoding, bytes);
        decoded.warnings.push(format!(
            "no byte-order mark; decoded as {} from its zero-byte pattern",
            encoding.name()
        ));
        return finish(decoded);
    }
    if let Some(reason) = binary_reason(bytes) {
        return Err(DecodeError::Binary(reason));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return finish(Decoded {
            text: text.to_string(),
            encoding: UTF_8.name(),
            warnings: Vec::new(),
        });
    }
    if let Some(text) = cesu8(bytes) {
        return finish(Decoded {
            text,
            encoding: UTF_8.name(),
            warnings: vec![
                "characters outside the BMP were written as surrogate pairs (CESU-8): joined"
                    .into(),
            ],
        });
    }
    if let Some(encoding) = declared_charset(bytes).filter(|e| *e != UTF_8) {
        return finish(decode_with(encoding, bytes));
    }
    if let Some(prefix) = truncated_utf8(bytes) {
        return finish(Decoded {
            text: format!("{prefix}\u{FFFD}"),
            encoding: UTF_8.name(),
            warnings: vec![
                "the file ends in the middle of a UTF-8 character (a truncated file?): \
                 it became U+FFFD"
                    .into(),
            ],
        });
    }
    if mostly_utf8(bytes) {
        let mut decoded = decode_with(UTF_8, bytes);
        let bad = decoded.text.matches('\u{FFFD}').count();
        decoded.warnings.push(format!(
            "{bad} invalid UTF-8 sequence(s) replaced by U+FFFD"
        ));
        return finish(decoded);
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(
        &bytes[..bytes.len().min(SNIFF_BYTES)],
        bytes.len() <= SNIFF_BYTES,
    );
    let encoding = detector.guess(None, true);
    finish(decode_with(encoding, bytes))
}

/// The charset an HTML page declares in a `<meta>` tag of its first 4 KB, as the WHATWG
/// prescan reads it: `<meta charset="…">`, or `<meta http-equiv="content-type"
/// content="…; charset=…">`. A declared UTF-16 means UTF-8 (the bytes are ASCII-compatible
/// if the tag could be read), and `x-user-defined` windows-1252.
///
/// ```
/// use outage_news::decode::declared_charset;
/// let page = b"<html><head><meta charset=\"ISO-8859-15\"><title>\xa4</title>";
/// assert_eq!(declared_charset(page).map(|e| e.name()), Some("ISO-8859-15"));
/// let page = b"<meta http-equiv=Content-Type content='text/html; charset=latin1'>";
/// assert_eq!(declared_charset(page).map(|e| e.name()), Some("windows-1252"));
/// assert_eq!(declared_charset(b"charset=latin1 in plain text"), None);
/// ```
pub fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let prefix = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    // Only ASCII matters in the tags; anything else becomes U+FFFD.
    let text = String::from_utf8_lossy(prefix);
    let label = crate::html::meta_charset(&text)?;
    let encoding = Encoding::for_label(label.trim().as_bytes())?;
    Some(if encoding == UTF_16LE || encoding == UTF_16BE {
        UTF_8
    } else if encoding == encoding_rs::X_USER_DEFINED {
        encoding_rs::WINDOWS_1252
    } else {
        encoding
    })
}

fn decode_with(encoding: &'static Encoding, bytes: &[u8]) -> Decoded {
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    let mut warnings = Vec::new();
    let replaced = text.matches('\u{FFFD}').count();
    if replaced > 0 && encoding != UTF_8 {
        warnings.push(format!(
            "{replaced} byte sequence(s) invalid in {} replaced by U+FFFD",
            encoding.name()
        ));
    }
    Decoded {
        text: text.into_owned(),
        encoding: encoding.name(),
        warnings,
    }
}

fn finish(decoded: Decoded) -> Result<Decoded, DecodeError> {
    if decoded.text.trim().is_empty() {
        Err(DecodeError::Empty)
    } else {
        Ok(decoded)
    }
}

/// UTF-16 without BOM: text in Latin scripts has a zero in every other byte.
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if sample.len() < 8 {
        return None;
    }
    let pairs = sample.len() / 2;
    let zero_even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let zero_odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    // At least 40% of one half is zero and almost none of the other.
    if zero_odd * 10 >= pairs * 4 && zero_even * 50 <= pairs {
        Some(UTF_16LE)
    } else if zero_even * 10 >= pairs * 4 && zero_odd * 50 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Why `bytes` are not text, if they are not.
fn binary_reason(bytes: &[u8]) -> Option<String> {
    let sample = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if sample.contains(&0) {
        return Some("it contains zero bytes".into());
    }
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b))
        .count();
    if controls * 20 > sample.len().max(1) {
        return Some(format!(
            "{controls} control bytes in the first {} bytes",
            sample.len()
        ));
    }
    None
}

/// The text of `bytes` when they are UTF-8 except for surrogate pairs encoded on their own
/// (CESU-8, Java's modified UTF-8: `ED A0..AF xx ED B0..BF xx` for a character outside the
/// BMP), with each pair joined into its character.
fn cesu8(bytes: &[u8]) -> Option<String> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut rest = bytes;
    let mut joined = 0;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.extend_from_slice(s.as_bytes());
                break;
            }
            Err(e) => {
                let (good, after) = rest.split_at(e.valid_up_to());
                out.extend_from_slice(good);
                let [0xED, h1 @ 0xA0..=0xAF, h2 @ 0x80..=0xBF, 0xED, l1 @ 0xB0..=0xBF, l2 @ 0x80..=0xBF, ..] =
                    *after
                else {
                    return None;
                };
                let c = join_surrogates([h1, h2], [l1, l2])?;
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                joined += 1;
                rest = after.get(6..)?;
            }
        }
    }
    if joined == 0 {
        return None;
    }
    String::from_utf8(out).ok()
}

/// The character that a CESU-8 surrogate pair stands for, from the last two bytes of each
/// surrogate (`ED A0..AF xx` high, `ED B0..BF xx` low): each carries ten bits of the code
/// point above U+10000.
pub(crate) fn join_surrogates(high: [u8; 2], low: [u8; 2]) -> Option<char> {
    let bits = |[a, b]: [u8; 2]| (u32::from(a & 0x0F) << 6) | u32::from(b & 0x3F);
    char::from_u32(0x10000 + (bits(high) << 10) + bits(low))
}

/// The text of `bytes` when they are UTF-8 cut in the middle of a character: valid up to
/// an incomplete sequence at the very end, with at least one multi-byte character before it
/// (without one, `Caf\xe9` is more likely windows-1252 than truncated UTF-8).
fn truncated_utf8(bytes: &[u8]) -> Option<&str> {
    let err = std::str::from_utf8(bytes).err()?;
    if err.error_len().is_some() {
        return None;
    }
    let prefix = std::str::from_utf8(bytes.get(..err.valid_up_to())?).ok()?;
    (!prefix.is_ascii()).then_some(prefix)
}

/// Whether invalid UTF-8 is a few stray bytes in UTF-8 text (rather than a legacy charset):
/// at least four valid multi-byte sequences for every invalid one.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut valid_multibyte = 0usize;
    let mut invalid = 0usize;
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                valid_multibyte += s.chars().filter(|c| !c.is_ascii()).count();
                break;
            }
            Err(e) => {
                let (good, after) = rest.split_at(e.valid_up_to());
                valid_multibyte += std::str::from_utf8(good)
                    .map(|s| s.chars().filter(|c| !c.is_ascii()).count())
                    .unwrap_or(0);
                invalid += 1;
                let skip = e.error_len().unwrap_or(after.len()).max(1);
                rest = after.get(skip..).unwrap_or(&[]);
            }
        }
    }
    valid_multibyte >= 4 * invalid
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_cut_in_a_character_stays_utf8() {
        let d = decode(
            "Disservizio più lungo: metà"
                .as_bytes()
                .split_last()
                .unwrap()
                .1,
        )
        .unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.text, "Disservizio più lungo: met\u{FFFD}");
        assert!(d.warnings[0].contains("truncated"), "{:?}", d.warnings);
        // A legacy charset ending in an accented letter is not a truncation.
        let d =
            decode(b"Il caff\xe8 \xe8 pronto, disservizio finito alle 10, ecco perch\xe9").unwrap();
        assert_eq!(d.encoding, "windows-1252");
    }

    #[test]
    fn utf8_is_kept() {
        let d = decode("Disservizio più lungo".as_bytes()).unwrap();
        assert_eq!(d.text, "Disservizio più lungo");
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn boms_decide() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("panne".as_bytes());
        assert_eq!(decode(&bytes).unwrap().text, "panne");
        let mut le = vec![0xFF, 0xFE];
        le.extend("panne é".encode_utf16().flat_map(|u| u.to_le_bytes()));
        let d = decode(&le).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("panne é", "UTF-16LE"));
        let mut be = vec![0xFE, 0xFF];
        be.extend("panne é".encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(decode(&be).unwrap().encoding, "UTF-16BE");
    }

    #[test]
    fn utf16_without_bom_is_sniffed() {
        let le: Vec<u8> = "La panne de Claude continue"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let d = decode(&le).unwrap();
        assert_eq!(d.text, "La panne de Claude continue");
        assert_eq!(d.encoding, "UTF-16LE");
    }

    #[test]
    fn windows_1252_is_detected() {
        let text =
            "La panne a touché les utilisateurs à Paris, déjà très énervés. Le problème persiste.";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, text);
        assert_eq!(d.encoding, "windows-1252");
    }

    #[test]
    fn stray_bytes_in_utf8_become_replacement_characters() {
        let mut bytes = "Il servizio è già tornato, però è lento. Perché?"
            .as_bytes()
            .to_vec();
        bytes.push(0xFF);
        let d = decode(&bytes).unwrap();
        assert!(d.text.ends_with('\u{FFFD}'));
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.warnings.len(), 1);
    }

    #[test]
    fn a_declared_charset_is_honoured_before_guessing() {
        // ISO-8859-15 has `€` at 0xA4, where windows-1252 (the likely guess) has `¤`.
        let page = "<html><head><meta http-equiv=\"Content-Type\" \
            content=\"text/html; charset=ISO-8859-15\"></head>\
            <body><p>La panne a coûté 3 millions d’€ à l’opérateur, déjà très critiqué.</p>";
        let page = page.replace('’', "'");
        let (bytes, _, bad) = encoding_rs::ISO_8859_15.encode(&page);
        assert!(!bad);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, "ISO-8859-15");
        assert!(d.text.contains("3 millions d'€"), "{}", d.text);

        // Valid UTF-8 stays UTF-8 whatever the page says.
        let page = "<meta charset=\"windows-1252\"><p>Disservizio più lungo</p>";
        assert_eq!(decode(page.as_bytes()).unwrap().encoding, "UTF-8");
        // A page that says UTF-8 but is not is guessed like any other.
        let (bytes, _, _) = encoding_rs::WINDOWS_1252
            .encode("<meta charset=utf-8><p>La panne a touché les utilisateurs à Paris, déjà très énervés.</p>");
        assert_eq!(decode(&bytes).unwrap().encoding, "windows-1252");
    }

    #[test]
    fn empty_and_binary_are_errors() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(decode(b" \n\t "), Err(DecodeError::Empty));
        assert!(matches!(
            decode(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x01\x02\x03"),
            Err(DecodeError::Binary(_))
        ));
        // Three NULs in text are too many to be strays.
        assert!(matches!(
            decode(b"Le service \0est \0de nouveau \0disponible."),
            Err(DecodeError::Binary(_))
        ));
    }

    #[test]
    fn cesu8_surrogate_pairs_are_joined() {
        // 😀 (U+1F600) is D83D DE00: ED A0 BD ED B8 80 in CESU-8.
        let d = decode(b"Service restored \xed\xa0\xbd\xed\xb8\x80 at 10:00").unwrap();
        assert_eq!(d.text, "Service restored 😀 at 10:00");
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.warnings.len(), 1);
        // A lone surrogate is not CESU-8: the usual path (U+FFFD) takes it.
        let d = decode("déjà vu, à la \u{e9}té".as_bytes()).unwrap();
        assert!(d.warnings.is_empty());
        assert!(cesu8(b"caf\xed\xa0\xbd!").is_none());
    }

    #[test]
    fn one_or_two_stray_nuls_do_not_make_text_binary() {
        let d = decode(b"Il servizio \xc3\xa8 tornato.\0").unwrap();
        assert_eq!(d.text, "Il servizio è tornato.");
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.warnings, ["1 stray NUL byte(s) dropped"]);
        let d = decode(b"\0La panne a dur\xe9 deux heures.\0").unwrap();
        assert_eq!(d.text, "La panne a duré deux heures.");
        assert_eq!(d.encoding, "windows-1252");
        // A binary header with one zero is still binary (its control bytes say so).
        assert!(matches!(
            decode(b"\x7fELF\x02\x01\x01\x03\x04\x05\x06\x00\x01\x02\x03"),
            Err(DecodeError::Binary(_))
        ));
        assert_eq!(decode(b"\0\0"), Err(DecodeError::Empty));
    }
}
