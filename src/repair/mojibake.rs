//! Finding mojibake sequences, lost bytes and stray C1 controls.
//!
//! Each finder reads a text and proposes [`Edit`]s; `super::repair` applies them. A
//! mojibake *sequence* is a character that a codec maps to a UTF-8 lead byte followed by
//! the right number of characters that the same codec maps to continuation bytes. It is
//! repaired only when what it decodes to is plausible (see [`plausibility`]) and, for the
//! rare codecs, when its context says the text around it is mangled too.

use super::badness::badness;
use super::codecs::{windows_1252, Codec, CODECS, CODEC_COUNT, ROLES};
use super::{Edit, EditKind};

/// How plausible a decoded character is as the original content of a mangled text.
#[derive(PartialEq, Eq, Clone, Copy, Debug)]
enum Plausibility {
    /// Accepted on its own.
    Strong,
    /// Accepted only next to another sequence (a word of Greek, Cyrillic, CJK …).
    InRun,
    /// Never accepted: the "mojibake" is more likely correct text.
    No,
}

fn plausibility(c: char) -> Plausibility {
    match u32::from(c) {
        0xA0..=0x17F | 0x192 | 0x1A0..=0x1B0 | 0x218..=0x21B => Plausibility::Strong,
        // Spacing accents (`ˆ`, `˜` of windows-1252; MacRoman's `˘˙˚¸˝˛ˇ`), Vietnamese.
        0x2C6 | 0x2C7 | 0x2D8..=0x2DD | 0x1E00..=0x1EFF | 0xFB01 | 0xFB02 => Plausibility::Strong,
        0x2000..=0x206F | 0x20A0..=0x20CF | 0x2100..=0x214F => Plausibility::Strong,
        0x2190..=0x23FF | 0x2500..=0x27BF | 0x2B00..=0x2BFF => Plausibility::Strong,
        0x1F000..=0x1FAFF => Plausibility::Strong,
        0x370..=0x3FF | 0x400..=0x4FF | 0x5D0..=0x5EA | 0x600..=0x6FF => Plausibility::InRun,
        0x900..=0x97F | 0xE00..=0xE7F | 0xFE0F => Plausibility::InRun,
        // C1 controls only appear halfway through undoing text mangled several times.
        0x80..=0x9F => Plausibility::InRun,
        0x3000..=0x30FF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xFF00..=0xFFEF => {
            Plausibility::InRun
        }
        _ => Plausibility::No,
    }
}

/// A sequence that decodes under one codec.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    /// Byte length in the text.
    len: usize,
    /// What it decodes to.
    decoded: char,
    /// Index into [`CODECS`].
    codec: usize,
    /// UTF-8 length of the decoded character (2, 3 or 4 bytes were mangled).
    width: usize,
}

/// The number of continuation bytes a lead byte announces.
fn continuation_count(lead: u8) -> Option<usize> {
    match lead {
        0xC2..=0xDF => Some(1),
        0xE0..=0xEF => Some(2),
        0xF0..=0xF4 => Some(3),
        _ => None,
    }
}

/// Reads a sequence of `codec` at the start of `s`.
fn candidate_at(s: &str, codec_index: usize, codec: &Codec) -> Option<Candidate> {
    let mut chars = s.chars();
    let lead_char = chars.next()?;
    let lead = codec.byte(lead_char)?;
    let needed = continuation_count(lead)?;
    if lead == 0xED && s[lead_char.len_utf8()..].starts_with(' ') {
        // CESU-8 whose no-break space (the A0 of `ED A0 xx`) became a space.
        let third = s[lead_char.len_utf8() + 1..].chars().next()?;
        let b = codec.byte(third).filter(|b| (0x80..=0xBF).contains(b))?;
        let len = lead_char.len_utf8() + 1 + third.len_utf8();
        return cesu8_pair(&s[len..], [lead, 0xA0, b, 0], len, codec_index, codec);
    }
    let mut bytes = [lead, 0, 0, 0];
    let mut len = lead_char.len_utf8();
    for slot in bytes.iter_mut().skip(1).take(needed) {
        let c = chars.next()?;
        *slot = codec.byte(c).filter(|b| (0x80..=0xBF).contains(b))?;
        len += c.len_utf8();
    }
    if lead == 0xED && (0xA0..=0xAF).contains(&bytes[1]) {
        return cesu8_pair(&s[len..], bytes, len, codec_index, codec);
    }
    let decoded = std::str::from_utf8(&bytes[..=needed])
        .ok()?
        .chars()
        .next()?;
    Some(Candidate {
        len,
        decoded,
        codec: codec_index,
        width: needed + 1,
    })
}

/// A character outside the BMP written as two UTF-16 surrogates, each encoded on its own in
/// three bytes (CESU-8, Java's "modified UTF-8"): `ED A0..AF xx` for the high surrogate,
/// then `ED B0..BF xx` for the low one. `high` holds the first three bytes (read from `len`
/// characters); `rest` is what follows them.
fn cesu8_pair(
    rest: &str,
    high: [u8; 4],
    len: usize,
    codec_index: usize,
    codec: &Codec,
) -> Option<Candidate> {
    let mut chars = rest.chars();
    let mut low = [0u8; 3];
    let mut more = 0;
    for (k, slot) in low.iter_mut().enumerate() {
        let c = chars.next()?;
        let b = codec.byte(c)?;
        let fits = match k {
            0 => b == 0xED,
            1 => (0xB0..=0xBF).contains(&b),
            _ => (0x80..=0xBF).contains(&b),
        };
        if !fits {
            return None;
        }
        *slot = b;
        more += c.len_utf8();
    }
    Some(Candidate {
        len: len + more,
        decoded: crate::decode::join_surrogates([high[1], high[2]], [low[1], low[2]])?,
        codec: codec_index,
        width: 4,
    })
}

/// Any plausible sequence at the start of `s`, under any codec.
fn any_candidate(s: &str) -> Option<Candidate> {
    let first = s.chars().next()?;
    let (lead_mask, _) = ROLES.of(first);
    CODECS
        .iter()
        .enumerate()
        .filter(|(i, _)| lead_mask & (1 << i) != 0)
        .filter_map(|(i, codec)| candidate_at(s, i, codec))
        .find(|c| plausibility(c.decoded) != Plausibility::No)
}

/// Characters that close a word or quotation: after an all-caps word they are correct text
/// (`PÅ»`, `CAFÉ”`), not the tail of a sequence.
fn closes_word(c: char) -> bool {
    matches!(
        c,
        '»' | '”' | '’' | '…' | '–' | '—' | '›' | '“' | '‘' | '•' | '·'
    )
}

/// What surrounds a sequence in the text being scanned.
struct Context<'a> {
    /// The text before the sequence.
    before: &'a str,
    prev: Option<char>,
    /// Whether the previous word ended a sentence (or there is none).
    sentence_start: bool,
    after_fix: bool,
    /// Codecs known to have mangled this text (several sequences already): their lone
    /// sequences need no neighbour.
    mangled_by: u8,
    /// Whether lone two-byte sequences must pass the badness test (off in the first scan,
    /// which only gathers evidence).
    gate: bool,
    /// Continuation bytes still expected by the run of sequences just decoded (windows-1252
    /// bytes of the decoded characters): a C1 control is only a plausible result when it
    /// completes such a run (`â€` + `Â\u{9d}` in text mangled twice).
    pending: usize,
}

/// Whether `cand`, found at the start of `rest`, should be repaired: its shape is accepted
/// (see [`accept_shape`]) and, when nothing else says the text is mangled (no other
/// sequence of its codec, none right before or after it), the repair makes the text around
/// it strictly less bad (see [`badness`]).
fn accept(cand: &Candidate, rest: &str, ctx: &Context) -> bool {
    if !accept_shape(cand, rest, ctx) {
        return false;
    }
    let known = ctx.mangled_by & (1 << cand.codec) != 0;
    let after = &rest[cand.len..];
    // Three- and four-byte sequences are long enough to speak for themselves, and Greek,
    // Cyrillic and other scripts have their stricter rules of shape.
    let latin = plausibility(cand.decoded) == Plausibility::Strong;
    if !ctx.gate
        || !latin
        || cand.width > 2
        || known
        || ctx.after_fix
        || any_candidate(after).is_some()
    {
        return true;
    }
    improves(ctx.before, &rest[..cand.len], after, cand.decoded)
}

/// Whether replacing `span` (between `before` and `after`) by `decoded` makes the text
/// around it strictly less bad (see [`badness`]): two characters on each side are looked at.
fn improves(before: &str, span: &str, after: &str, decoded: char) -> bool {
    let mut left: Vec<char> = before.chars().rev().take(2).collect();
    left.reverse();
    let right = after.chars().take(2);
    let as_is: String = left
        .iter()
        .copied()
        .chain(span.chars())
        .chain(right.clone())
        .collect();
    let repaired: String = left.iter().copied().chain([decoded]).chain(right).collect();
    badness(&repaired) < badness(&as_is)
}

/// Whether the shape of `cand` and its neighbours allow a repair at all.
fn accept_shape(cand: &Candidate, rest: &str, ctx: &Context) -> bool {
    let after = &rest[cand.len..];
    let next = after.chars().next();
    let neighbour = || ctx.after_fix || any_candidate(after).is_some();
    let codec = &CODECS[cand.codec];
    let known = ctx.mangled_by & (1 << cand.codec) != 0;
    match plausibility(cand.decoded) {
        Plausibility::No => false,
        Plausibility::InRun if ('\u{80}'..='\u{9F}').contains(&cand.decoded) => {
            ctx.after_fix && ctx.pending > 0
        }
        // A sequence that is a word on its own and decodes to a common Greek or Cyrillic
        // letter (`Ñƒ`, Russian `у`) needs no neighbour.
        Plausibility::InRun => {
            known || neighbour() || (one_letter_word(cand.decoded) && whole_word(ctx.prev, next))
        }
        Plausibility::Strong => {
            if cand.width == 2 && !ctx.after_fix {
                let mut chars = rest.chars();
                let lead = chars.next().unwrap_or(' ');
                let tail = chars.next().unwrap_or(' ');
                // The character of byte C2 (`Â`, `В`, `¬`) never ends a word: `OKÂ»` is
                // always a mangled `OK»`.
                // In text that its codec is known to have mangled (`Ä€RKÄ€RTAS … LATGALÄ’`)
                // the word's end is one more sequence, unless it is `Ã`, which ends many
                // Portuguese words (`AMANHÃ…`).
                let all_caps_word = !(known && lead != 'Ã')
                    && ctx.prev.is_some_and(char::is_uppercase)
                    && lead.is_uppercase()
                    && codec.byte(lead) != Some(0xC2)
                    && closes_word(tail)
                    && !next.is_some_and(char::is_alphabetic);
                if all_caps_word {
                    return false;
                }
            }
            // Three or four characters starting with a symbol (`‚Üí`, not `вћє`) that decode to
            // punctuation, a symbol or an emoji are mojibake in any codec; a strict codec's two-character sequence needs an ASCII
            // letter next to it (`caf√©`), as two non-ASCII letters side by side are common
            // in correct text (`ЋЕ` in Serbian).
            let lead_is_symbol = || rest.chars().next().is_some_and(|c| !c.is_alphabetic());
            let punctuation = (0x2000..=0x20CF).contains(&u32::from(cand.decoded));
            if !codec.strict || known || (cand.width >= 3 && (lead_is_symbol() || punctuation)) {
                return true;
            }
            let ascii_letter = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
            ascii_letter(ctx.prev) || ascii_letter(next)
        }
    }
}

/// Whether a sequence between `prev` and `next` stands alone as a word: a space, an opening
/// mark or the start before it, a space, punctuation that ends a word or the end after it.
fn whole_word(prev: Option<char>, next: Option<char>) -> bool {
    let opens =
        prev.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '"' | '\'' | '«' | '“' | '-'));
    let closes = next.is_none_or(|c| {
        c.is_whitespace()
            || matches!(
                c,
                '.' | ',' | ';' | ':' | '!' | '?' | ')' | '"' | '\'' | '»' | '”' | '-'
            )
    });
    opens && closes
}

/// Greek and Cyrillic letters that are words on their own (`в`, `у`, `и`, Greek `ο`, `η`):
/// a lone sequence that decodes to one of them between spaces is a mangled word.
fn one_letter_word(c: char) -> bool {
    "авежзийкосуяіїєАВЕЖЗИЙКОСУЯІοηήωΟΗΉΩ".contains(c)
}

/// Characters that are plausible but rare in news text: when another codec reads the same
/// sequence as something common, that reading wins (ISO-8859-15 `â\u{80}Š` is `…`, not
/// windows-1252's hair space).
fn rare(c: char) -> bool {
    matches!(
        u32::from(c),
        0x80..=0x9F | 0x2000..=0x2008 | 0x200A | 0x2028..=0x202E | 0x2060..=0x206F
    )
}

/// Whether an upper-case letter decoded at this place would be odd: inside a lower-case
/// word, or as a one-letter word in the middle of a sentence.
fn capital_is_odd(ctx: &Context, after: &str) -> bool {
    // What follows is only a letter if it does not start a sequence itself (`VOCÃŠâ€`:
    // the `â` is a byte of `”`).
    let next_is_sequence = || any_candidate(after).is_some();
    let next = after.chars().next();
    if ctx.after_fix {
        // Inside a run of sequences (text mangled several times) the characters around
        // are bytes, not letters: `Âµ` before `ÃŽ` is not a lower-case `µ`.
        return false;
    }
    match ctx.prev {
        Some('ª' | 'º' | 'µ') => false,
        Some(p) if p.is_lowercase() => true,
        Some(p) if p.is_alphabetic() => next.is_some_and(char::is_lowercase) && !next_is_sequence(),
        Some(' ') => {
            let next_is_letter = next.is_some_and(char::is_alphabetic);
            !next_is_letter && !ctx.sentence_start && !next_is_sequence()
        }
        _ => false,
    }
}

/// The best sequence at the start of `rest`: the first codec whose sequence is accepted,
/// except that an odd upper-case letter (see [`capital_is_odd`]) gives way to a later codec
/// that decodes the same characters to a lower-case letter (windows-1252 `mÃ€d` is `mÀd`,
/// but ISO-8859-15 reads `mäd`).
/// The flag says whether a later codec won over an odd first reading.
fn best_candidate(
    rest: &str,
    ctx: &Context,
    order: &[usize; CODEC_COUNT],
    lead_mask: u8,
) -> Option<(Candidate, bool)> {
    let mut fallback = None;
    for &index in order {
        if lead_mask & (1 << index) == 0 {
            continue;
        }
        let Some(cand) = candidate_at(rest, index, &CODECS[index]) else {
            continue;
        };
        if !accept(&cand, rest, ctx) {
            continue;
        }
        let odd_capital = || cand.decoded.is_uppercase() && capital_is_odd(ctx, &rest[cand.len..]);
        if rare(cand.decoded) || odd_capital() {
            fallback = fallback.or(Some(cand));
            continue;
        }
        return Some((cand, fallback.is_some()));
    }
    fallback.map(|cand| (cand, false))
}

/// The codecs (of `allowed`) in which `rest` starts with a lead character followed by a
/// continuation character: the cheap test every non-ASCII character goes through.
#[inline]
fn possible_codecs(rest: &str, allowed: u8) -> u8 {
    let mut chars = rest.chars();
    let Some(first) = chars.next() else { return 0 };
    let lead_mask = ROLES.of(first).0 & allowed;
    if lead_mask == 0 {
        return 0;
    }
    chars.next().map_or(0, |second| {
        let mask = lead_mask & ROLES.of(second).1;
        if mask == 0 && second == ' ' {
            // CESU-8 with its no-break space turned into a space (`í ½í¸€`).
            cesu8_lead_mask(first) & lead_mask
        } else {
            mask
        }
    })
}

/// The codecs in which `c` is byte ED, the lead of a CESU-8 surrogate.
#[inline]
fn cesu8_lead_mask(c: char) -> u8 {
    static LEADS: std::sync::LazyLock<Vec<(char, u8)>> = std::sync::LazyLock::new(|| {
        let mut leads: Vec<(char, u8)> = Vec::new();
        for (i, codec) in CODECS.iter().enumerate() {
            if let Some(c) = codec.decode_byte(0xED) {
                match leads.iter_mut().find(|(k, _)| *k == c) {
                    Some(entry) => entry.1 |= 1 << i,
                    None => leads.push((c, 1 << i)),
                }
            }
        }
        leads
    });
    LEADS
        .iter()
        .find(|(k, _)| *k == c)
        .map_or(0, |&(_, mask)| mask)
}

/// Index of the first non-ASCII byte at or after `from`.
#[inline]
fn next_non_ascii(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = bytes.get(from..)?;
    let mut i = 0;
    // Eight bytes at a time while they are all ASCII.
    while i + 8 <= rest.len() {
        let mut word = [0u8; 8];
        word.copy_from_slice(&rest[i..i + 8]);
        if u64::from_ne_bytes(word) & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        i += 8;
    }
    rest[i..]
        .iter()
        .position(|b| *b >= 0x80)
        .map(|p| from + i + p)
}

/// One pass over `text`: the mojibake sequences to decode. Returns the mask of codecs used.
///
/// A first scan finds the sequences that stand out on their own; a codec that explains one
/// of them is known to have mangled the text, and a second scan also takes its lone
/// sequences (`√à la …` once `gi√†` has been seen).
///
/// `allowed` limits the codecs tried: after a first pass, only those that mangled the text
/// (text mangled twice went through the same program twice; a decoded `Àà` is not MacRoman).
pub(super) fn find_sequences(text: &str, allowed: u8, edits: &mut Vec<Edit>) -> u8 {
    let start = edits.len();
    let mut decisive = 0u8;
    let settings = Scan {
        mangled_by: 0,
        order: DEFAULT_ORDER,
        allowed,
        gate: false,
    };
    let used = scan(text, edits, &settings, &mut decisive);
    if used == 0 {
        return 0;
    }
    let mut counts = [0usize; CODEC_COUNT];
    // A codec has mangled the text when one of its sequences is clearly mangled text on its
    // own (its repair is less bad, or it is a three- or four-byte sequence), or when it
    // explains three sequences or more.
    let mut evident = 0u8;
    for edit in &edits[start..] {
        if let (EditKind::Mojibake(i), Some(to)) = (edit.kind, edit.to) {
            counts[i] += 1;
            let clear = evident & (1 << i) != 0
                || to.len_utf8() > 2
                || improves(
                    &text[..edit.start],
                    &text[edit.start..edit.end],
                    &text[edit.end..],
                    to,
                );
            if clear {
                evident |= 1 << i;
            }
        }
    }
    let mangled_by = (0..CODECS.len())
        .filter(|&i| counts[i] >= 3)
        .fold(evident, |mask, i| mask | (1 << i));
    // A codec that won over the default reading (`mÃŽÅŸu` is ISO-8859-15 `môžu`, as
    // windows-1252 `mÎşu` has a capital inside a word) is the one that mangled the text;
    // after it, the codecs that explained most sequences are tried first.
    let mut order = DEFAULT_ORDER;
    order.sort_by_key(|&i| std::cmp::Reverse((decisive & (1 << i) != 0, counts[i])));
    edits.truncate(start);
    let settings = Scan {
        mangled_by,
        order,
        gate: true,
        ..settings
    };
    scan(text, edits, &settings, &mut decisive)
}

/// How one scan reads sequences.
#[derive(Clone, Copy)]
struct Scan {
    /// Codecs known to have mangled the text.
    mangled_by: u8,
    /// The order codecs are tried in.
    order: [usize; CODEC_COUNT],
    /// The codecs tried at all.
    allowed: u8,
    /// Whether lone two-byte sequences must pass the badness test.
    gate: bool,
}

/// The order in which codecs are tried by default.
const DEFAULT_ORDER: [usize; CODEC_COUNT] = [0, 1, 2, 3, 4, 5, 6];

/// Scans `text` for sequences; `decisive` collects the codecs chosen over an odd reading.
fn scan(text: &str, edits: &mut Vec<Edit>, settings: &Scan, decisive: &mut u8) -> u8 {
    let bytes = text.as_bytes();
    let mut used = 0u8;
    let mut i = 0;
    let mut last_fix_end = usize::MAX;
    let mut pending = 0;
    while let Some(at) = next_non_ascii(bytes, i) {
        let rest = &text[at..];
        let Some(c) = rest.chars().next() else { break };
        let lead_mask = possible_codecs(rest, settings.allowed);
        if lead_mask == 0 {
            i = at + c.len_utf8();
            continue;
        }
        let before = &text[..at];
        let ctx =
            Context {
                before,
                prev: before.chars().next_back(),
                sentence_start: before.trim_end().chars().next_back().is_none_or(|c| {
                    matches!(c, '.' | '!' | '?' | ':' | '«' | '“' | '"' | '(' | '—')
                }),
                after_fix: last_fix_end == at,
                mangled_by: settings.mangled_by,
                gate: settings.gate,
                pending: if last_fix_end == at { pending } else { 0 },
            };
        if let Some((cand, won)) = best_candidate(rest, &ctx, &settings.order, lead_mask) {
            pending = match windows_1252().byte(cand.decoded) {
                Some(b) if (0x80..=0xBF).contains(&b) => ctx.pending.saturating_sub(1),
                Some(b) => continuation_count(b).unwrap_or(0),
                None => 0,
            };
            if won {
                *decisive |= 1 << cand.codec;
            }
            // A byte-order mark that was mangled at the very start is dropped.
            let to = (cand.decoded != '\u{FEFF}').then_some(cand.decoded);
            if to.is_some() || at == 0 {
                edits.push(Edit {
                    start: at,
                    end: at + cand.len,
                    to,
                    kind: EditKind::Mojibake(cand.codec),
                });
                used |= 1 << cand.codec;
                i = at + cand.len;
                last_fix_end = i;
                continue;
            }
        }
        i = at + c.len_utf8();
    }
    used
}

/// Bytes that were lost on the way, in text known to be mangled by the codecs in `used`
/// (`used` is 0 when no sequence was found: then only `Ã` ending a lower-case word counts).
///
/// - `à` is `C3 A0`, and `A0` is a no-break space in windows-1252, which often became a plain
///   space or vanished: `Ã` before a space, punctuation or a line end is `à` (`Ã` + two
///   spaces: the first space was the no-break space).
/// - `Â` before a space is what is left of a no-break space (`C2 A0`).
/// - A sequence cut short (`â€` + something that cannot continue it, or a continuation that
///   became `?` or U+FFFD) lost a byte for good: it becomes U+FFFD.
///
/// An upper-case `Ã`/`Â` after an upper-case letter is a real letter (`IRMÃ E`), never a
/// lost byte.
///
/// Only characters of the input are considered (`replaced(pos)` tells those that earlier
/// repairs produced: a repaired `é’` is not a cut-short sequence).
pub(super) fn find_lost_bytes(
    text: &str,
    used: u8,
    replaced: impl Fn(usize) -> bool,
    edits: &mut Vec<Edit>,
) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(at) = next_non_ascii(bytes, i) {
        let rest = &text[at..];
        let mut chars = rest.chars();
        let Some(c) = chars.next() else { break };
        i = at + c.len_utf8();
        let next = chars.next();
        let prev = text[..at].chars().next_back();
        let after_lower = prev.is_some_and(char::is_lowercase);
        // A character a repair produced is not itself a lost-byte lead, unless it is one
        // without any other evidence (`þÃ` from `þÃƒ`): the next `repair` would take it
        // as one, and `repair` must be idempotent.
        if replaced(at) && !(c == 'Ã' && after_lower) {
            continue;
        }
        let after_capital = prev.is_some_and(char::is_uppercase);
        // `à` is C3 A0: `Ã` in windows-1252, `Ă` in windows-1250, `Г` in windows-1251.
        let a_grave_lead =
            c == 'Ã' || (c == 'Ă' && used & (1 << 2) != 0) || (c == 'Г' && used & (1 << 3) != 0);
        // `cittÃ ` needs no other evidence: a capital `Ã` never ends a lower-case word.
        let evident = used != 0 || after_lower;
        if a_grave_lead && !after_capital && evident {
            // `cittÃ  e` (the no-break space became a space, the real space stayed) and
            // `metÃ .` (the space is the lost byte: nothing is written before a full stop).
            let after_space = chars.next();
            let two_spaces = next == Some(' ')
                && matches!(
                    after_space,
                    None | Some(' ' | '.' | ',' | ')' | '\n' | '\r')
                );
            let lost = match next {
                None => true,
                Some(n) => matches!(
                    n,
                    ' ' | '\n' | '\r' | '.' | ',' | ';' | ':' | '!' | '?' | ')' | '»' | '"' | '\''
                ),
            };
            if lost {
                // Portuguese `às`, `àquele(s)`, `àquela(s)`, `àquilo`: the space is the lost
                // byte inside the word (French `à quel`, `à quelle`, `à s’en` keep theirs).
                let word = &rest[c.len_utf8()..].strip_prefix(' ').unwrap_or_default();
                let inside_word = next == Some(' ')
                    && ((word.starts_with('s')
                        && word[1..].chars().next().is_none_or(|n| {
                            n.is_whitespace()
                                || matches!(n, ',' | '.' | ';' | ':' | '!' | '?' | ')')
                        }))
                        || word.starts_with("quele")
                        || word.starts_with("quela")
                        || word.starts_with("quilo"));
                let end = if two_spaces || inside_word { i + 1 } else { i };
                edits.push(Edit {
                    start: at,
                    end,
                    to: Some('à'),
                    kind: EditKind::LostByte,
                });
                i = end;
                continue;
            }
        }
        if used == 0 {
            continue;
        }
        if c == 'Â' && next == Some(' ') && !after_capital {
            // The space is what became of the no-break space: it is one again.
            edits.push(Edit {
                start: at,
                end: i + 1,
                to: Some('\u{A0}'),
                kind: EditKind::LostByte,
            });
            i += 1;
            continue;
        }
        if let Some((end, to)) = lost_in_script(text, at, used) {
            edits.push(Edit {
                start: at,
                end,
                to: Some(to),
                kind: if to == '\u{FFFD}' {
                    EditKind::Lossy
                } else {
                    EditKind::LostByte
                },
            });
            i = end;
            continue;
        }
        if let Some(len) = truncated_sequence(rest, used).filter(|&len| {
            rest[..len]
                .char_indices()
                .all(|(offset, _)| !replaced(at + offset))
        }) {
            edits.push(Edit {
                start: at,
                end: at + len,
                to: Some('\u{FFFD}'),
                kind: EditKind::Lossy,
            });
            i = at + len;
        }
    }
}

/// A letter of a non-Latin script (Greek, Cyrillic, Thai, Devanagari, CJK …), with the
/// vowel signs that count as letters.
fn non_latin_letter(c: char) -> bool {
    c.is_alphabetic() && u32::from(c) >= 0x370 && c != '\u{FFFD}'
}

/// A sequence left over in text whose neighbours were repaired into a non-Latin script
/// (Cyrillic, Thai, Devanagari …), at `at`: the end of the span and what replaces it.
///
/// - A no-break space of the sequence that became a space (`Ð ` + `оссия` is `Р` + `оссия`,
///   Thai `à¸ ` is `ภ`): the letter comes back.
/// - A sequence that lost a byte for good (windows-1252 has no character for 81, 8D, 8F, 90
///   and 9D, so `с`, D1 81, often comes out as `Ñ` alone, or `Ñ?`, `Ñ�`): U+FFFD, with the
///   `?` or U+FFFD that stood for the byte.
fn lost_in_script(text: &str, at: usize, used: u8) -> Option<(usize, char)> {
    let rest = &text[at..];
    let lead_char = rest.chars().next()?;
    let prev = text[..at].chars().next_back();
    // Cheap test first: only next to non-Latin letters.
    if !prev.is_some_and(non_latin_letter) && !rest.chars().skip(1).take(5).any(non_latin_letter) {
        return None;
    }
    for (index, codec) in CODECS.iter().enumerate() {
        if used & (1 << index) == 0 {
            continue;
        }
        let Some(lead) = codec.byte(lead_char) else {
            continue;
        };
        let Some(needed) = continuation_count(lead) else {
            continue;
        };
        // With a space standing for a no-break space (only in codecs where A0 is one).
        let nbsp = codec.byte('\u{A0}') == Some(0xA0);
        if nbsp {
            if let Some((len, decoded)) = read_lost(rest, codec, lead, needed) {
                let after = rest[len..].chars().next();
                let beside =
                    prev.is_some_and(non_latin_letter) || after.is_some_and(non_latin_letter);
                let letter =
                    non_latin_letter(decoded) && !(0x460..=0x52F).contains(&u32::from(decoded));
                if beside && letter {
                    return Some((at + len, decoded));
                }
            }
        }
        // Cut short: fewer continuations than announced.
        let mut len = lead_char.len_utf8();
        let mut found = 0;
        for c in rest[len..].chars() {
            if found == needed || !codec.byte(c).is_some_and(|b| (0x80..=0xBF).contains(&b)) {
                break;
            }
            found += 1;
            len += c.len_utf8();
        }
        if found == needed {
            continue;
        }
        let after = rest[len..].chars().next();
        let beside = prev.is_some_and(non_latin_letter)
            || rest[len..]
                .trim_start_matches(['?', '\u{FFFD}'])
                .chars()
                .next()
                .is_some_and(non_latin_letter);
        if !beside {
            continue;
        }
        let end = match after {
            Some(c @ ('?' | '\u{FFFD}')) => at + len + c.len_utf8(),
            _ => at + len,
        };
        return Some((end, '\u{FFFD}'));
    }
    None
}

/// Reads a sequence of `codec` after its lead byte `lead` (the first character of `s`) in
/// which exactly one continuation is a space standing for byte A0: its length and what it
/// decodes to.
fn read_lost(s: &str, codec: &Codec, lead: u8, needed: usize) -> Option<(usize, char)> {
    let mut chars = s.chars();
    let lead_char = chars.next()?;
    let mut bytes = [lead, 0, 0, 0];
    let mut len = lead_char.len_utf8();
    let mut spaces = 0;
    for slot in bytes.iter_mut().skip(1).take(needed) {
        let c = chars.next()?;
        *slot = if c == ' ' {
            spaces += 1;
            0xA0
        } else {
            codec.byte(c).filter(|b| (0x80..=0xBF).contains(b))?
        };
        len += c.len_utf8();
    }
    if spaces != 1 {
        return None;
    }
    let decoded = std::str::from_utf8(&bytes[..=needed])
        .ok()?
        .chars()
        .next()?;
    Some((len, decoded))
}

/// The length of a sequence at the start of `s` that lost a byte: a lead byte of a used
/// windows-1252-like codec followed by fewer continuations than it announces (the first one
/// a character that never follows a letter in correct text), ending at a `?`, a U+FFFD or anything else (`â€` + space). A
/// two-byte lead needs an explicit U+FFFD (`Ã` + `x` is usually a real `Ã`).
fn truncated_sequence(s: &str, used: u8) -> Option<usize> {
    let mut chars = s.chars();
    let lead_char = chars.next()?;
    for (index, codec) in CODECS.iter().enumerate() {
        if used & (1 << index) == 0 || codec.strict {
            continue;
        }
        let Some(needed) = codec.byte(lead_char).and_then(continuation_count) else {
            continue;
        };
        let mut len = lead_char.len_utf8();
        let mut found = 0;
        let mut probe = chars.clone();
        while found < needed {
            match probe.next() {
                // Only continuations that never follow a letter in correct text (`â€`),
                // unlike `é’` or `è»`.
                Some(c)
                    if (found > 0 || never_after_letter(c))
                        && codec.byte(c).is_some_and(|b| (0x80..=0xBF).contains(&b)) =>
                {
                    len += c.len_utf8();
                    found += 1;
                }
                Some(c @ ('\u{FFFD}' | '?')) => {
                    let explicit = c == '\u{FFFD}' || found > 0;
                    if explicit {
                        return Some(len + c.len_utf8());
                    }
                    break;
                }
                _ => break,
            }
        }
        if found < needed && found >= 1 && needed >= 2 {
            return Some(len);
        }
    }
    None
}

/// Characters that in correct text never follow a letter directly.
fn never_after_letter(c: char) -> bool {
    matches!(c, '€' | '‚' | 'ƒ' | '„' | '†' | '‡' | 'ˆ' | '‰' | '˜')
        || ('\u{80}'..='\u{9F}').contains(&c)
}

/// C1 control characters (U+0080–U+009F) that stand for windows-1252 punctuation: text that
/// went through latin-1 keeps `’` as U+0092. U+0085 (next line) is kept where it can be a real
/// line break (between two words, at the start of a line) unless the text shows other C1
/// punctuation.
pub(super) fn find_c1_controls(text: &str, edits: &mut Vec<Edit>) {
    // In UTF-8 a C1 control is C2 80–C2 9F: only those two-byte spots are looked at.
    let bytes = text.as_bytes();
    let controls: Vec<(usize, u8)> = memchr::memchr_iter(0xC2, bytes)
        .filter_map(|at| {
            let byte = *bytes.get(at + 1)?;
            (0x80..=0x9F).contains(&byte).then_some((at, byte))
        })
        .collect();
    let others = controls.iter().any(|&(_, byte)| byte != 0x85);
    for (at, byte) in controls {
        // U+0085 ends a word like an ellipsis (`wait\x85 what`, `investigating\x85`), not
        // like a line break between two words (`next\x85line`).
        let ellipsis = || {
            let prev = text[..at].chars().next_back();
            let next = text[at + 2..].chars().next();
            prev.is_some_and(|p| !p.is_whitespace())
                && next.is_none_or(|n| n.is_whitespace() || n.is_ascii_punctuation())
        };
        if byte == 0x85 && !others && !ellipsis() {
            continue;
        }
        let to = windows_1252()
            .decode_byte(byte)
            .filter(|d| u32::from(*d) != u32::from(byte));
        if to.is_some() {
            edits.push(Edit {
                start: at,
                end: at + 2,
                to,
                kind: EditKind::C1Control,
            });
        }
    }
}

/// Whether `text` has a character that can start a mojibake sequence or is a C1 control.
#[inline]
pub(super) fn might_need_repair(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(at) = next_non_ascii(bytes, i) {
        let Some(c) = text[at..].chars().next() else {
            return false;
        };
        if ROLES.of(c).0 != 0 || ('\u{80}'..='\u{9F}').contains(&c) {
            return true;
        }
        i = at + c.len_utf8();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sequences(text: &str) -> Vec<(usize, usize, Option<char>)> {
        let mut edits = Vec::new();
        find_sequences(text, u8::MAX, &mut edits);
        edits.iter().map(|e| (e.start, e.end, e.to)).collect()
    }

    #[test]
    fn finds_windows_1252_sequences() {
        assert_eq!(sequences("dÃ©but"), vec![(1, 5, Some('é'))]);
        assert!(sequences("début").is_empty());
    }

    #[test]
    fn strict_codecs_need_context() {
        assert_eq!(sequences("caf√©").len(), 1);
        assert!(sequences("x = √π").is_empty());
        assert!(sequences("Вёрстка").is_empty());
    }

    #[test]
    fn next_non_ascii_skips_words() {
        let text = "abcdefghijklmnopé";
        assert_eq!(next_non_ascii(text.as_bytes(), 0), Some(16));
        assert_eq!(next_non_ascii(b"abc", 0), None);
        assert_eq!(next_non_ascii(b"abc", 9), None);
    }
}
