//! Errors: HTTP statuses and error signals users saw.
//!
//! A three-digit 4xx/5xx number is an HTTP status only in error context: an HTTP context word
//! shortly before it ("errore 503", "HTTP 502", "code 429") or a context word or reason phrase
//! right after it ("503 Service Unavailable", "500 error"). Counts, versions and times
//! ("2.300 segnalazioni", "iOS 18.2", "oltre 500 utenti") are not statuses. Reason phrases
//! alone ("errore interno del server", "Bad Gateway") give their status. Codes split by a
//! stray space ("50 3") are read as one when in context.

use std::collections::BTreeSet;

use crate::lexicon::Term;
use crate::record::{Evidence, HttpError};
use crate::vocab::ErrorSignal;

use super::Document;

/// How far before a number a context word may be.
const CONTEXT_BEFORE: usize = 28;
/// How far after a number a context word or reason phrase may start.
const CONTEXT_AFTER: usize = 4;

/// The HTTP statuses of the article, one per code, in order of first appearance.
pub(crate) fn http_errors(doc: &Document) -> Vec<HttpError> {
    let mut found: Vec<HttpError> = Vec::new();
    let mut push = |status: u16, start: usize, end: usize| {
        if !found.iter().any(|e| e.http_status == status) {
            let evidence = Evidence::new(doc.text, start, end);
            found.push(HttpError {
                http_status: status,
                text: evidence.text.clone(),
                evidence,
            });
        }
    };
    let mut numbered_reasons: BTreeSet<usize> = BTreeSet::new();
    for (start, end, status) in status_numbers(doc.text) {
        if doc.is_past(doc.sentence_of(start)) {
            continue;
        }
        // Only the hits near the number: terms are sorted by start.
        let first = doc
            .terms
            .partition_point(|h| h.start + CONTEXT_BEFORE + 64 < start);
        let near = doc.terms[first..]
            .iter()
            .take_while(|h| h.start <= end + CONTEXT_AFTER);
        let before = near.clone().any(|h| {
            h.payload == Term::HttpContext && h.end <= start && start - h.end <= CONTEXT_BEFORE
        });
        let after = near.clone().find(|h| {
            matches!(h.payload, Term::HttpContext | Term::HttpReason(_))
                && h.start >= end
                && h.start - end <= CONTEXT_AFTER
        });
        if let Some(reason) = after {
            if let Term::HttpReason(_) = reason.payload {
                numbered_reasons.insert(reason.start);
            }
            push(status, start, reason.end);
        } else if before {
            push(status, start, end);
        }
    }
    for h in &doc.terms {
        if let Term::HttpReason(status) = h.payload {
            if numbered_reasons.contains(&h.start) || doc.is_past(doc.sentence_of(h.start)) {
                continue;
            }
            push(status, h.start, h.end);
        }
    }
    found.sort_by_key(|e| e.evidence.start);
    found
}

/// Candidate status numbers: 400–599 standing alone (not part of a longer number, a
/// decimal, a version or a time), plus codes split by one space ("50 3").
fn status_numbers(text: &str) -> Vec<(usize, usize, u16)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit()
            || (i > 0 && is_number_part(bytes[i - 1], bytes.get(i.wrapping_sub(2))))
        {
            i += 1;
            continue;
        }
        let run = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        let end = i + run;
        let standalone_end = !bytes.get(end).is_some_and(|&b| {
            b.is_ascii_alphanumeric()
                || ((b == b'.' || b == b',' || b == b':')
                    && bytes.get(end + 1).is_some_and(u8::is_ascii_digit))
        });
        if run == 3 && standalone_end && matches!(bytes[i], b'4' | b'5') {
            if let Ok(n) = text[i..end].parse::<u16>() {
                out.push((i, end, n));
            }
        } else if run == 2 && matches!(bytes[i], b'4' | b'5') && bytes.get(end) == Some(&b' ') {
            // "50 3": a code split by a stray space.
            let next = end + 1;
            let digit = bytes.get(next).filter(|b| b.is_ascii_digit());
            let alone = !bytes
                .get(next + 1)
                .is_some_and(|b| b.is_ascii_alphanumeric());
            if let (Some(d), true) = (digit, alone) {
                let n = u16::from(bytes[i] - b'0') * 100
                    + u16::from(bytes[i + 1] - b'0') * 10
                    + u16::from(d - b'0');
                out.push((i, next + 1, n));
            }
        }
        i = end;
    }
    out
}

/// Whether the byte before a digit run makes it part of a larger number or token.
fn is_number_part(prev: u8, prev2: Option<&u8>) -> bool {
    prev.is_ascii_alphanumeric()
        || prev == b'_'
        || ((prev == b'.' || prev == b',' || prev == b':') && prev2.is_some_and(u8::is_ascii_digit))
}

/// The error signals of the article, in vocabulary order. `errors` adds `server_error` for a
/// 5xx class reported without a code.
pub(crate) fn signals(doc: &Document) -> Vec<ErrorSignal> {
    let mut set = BTreeSet::new();
    for h in &doc.terms {
        if let Term::Signal(s) = h.payload {
            // "Gateway Timeout" names a status, not a timeout users saw on its own.
            let in_reason = doc.sentence_terms(doc.sentence_of(h.start)).any(|r| {
                matches!(r.payload, Term::HttpReason(_)) && r.start <= h.start && r.end >= h.end
            });
            if !in_reason && !doc.is_past(doc.sentence_of(h.start)) {
                set.insert(s);
            }
        }
    }
    set.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(text: &str) -> Vec<u16> {
        status_numbers(text)
            .into_iter()
            .map(|(_, _, n)| n)
            .collect()
    }

    #[test]
    fn status_numbers_skip_counts_versions_and_times() {
        assert_eq!(
            numbers("errore 503, 2.300 utenti, iOS 18.500, 15:403, 500.000, 4500"),
            [503]
        );
        assert_eq!(numbers("HTTP 50 3 e 404"), [503, 404]);
        assert_eq!(numbers("a 502."), [502]);
    }
}
