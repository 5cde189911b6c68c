//! Errors: HTTP statuses and error signals users saw.
//!
//! A three-digit 4xx/5xx number is an HTTP status only in error context: an HTTP context word
//! shortly before it ("errore 503", "HTTP 502", "code 429") or a context word or reason phrase
//! right after it ("503 Service Unavailable", "500 error"). Counts, versions and times
//! ("2.300 segnalazioni", "iOS 18.2", "oltre 500 utenti") are not statuses. Reason phrases
//! alone ("errore interno del server", "Bad Gateway") give their status. Codes split by a
//! stray space ("50 3") are read as one when in context.

use std::collections::BTreeSet;

use crate::lexicon::{Hit, Term};
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
    let numbers = status_numbers(doc.text);
    let mut in_context = vec![false; numbers.len()];
    for (k, &(start, end, status)) in numbers.iter().enumerate() {
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
            in_context[k] = true;
        } else if before {
            push(status, start, end);
            in_context[k] = true;
        }
    }
    // "500 and 422 error codes", "errori 502, 503 o 504": a number coordinated with a status
    // read in context is one too.
    for k in (0..numbers.len()).rev() {
        let (start, end, status) = numbers[k];
        let next_in_context = in_context.get(k + 1).copied().unwrap_or(false);
        let coordinated = numbers
            .get(k + 1)
            .is_some_and(|&(next, _, _)| doc.text.get(end..next).is_some_and(enumeration_gap));
        if !in_context[k] && next_in_context && coordinated && !doc.is_past(doc.sentence_of(start))
        {
            push(status, start, end);
            in_context[k] = true;
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

/// Whether the text between two numbers joins them in one enumeration: commas, slashes and
/// at most one short word ("and", "o", "et", "oder").
fn enumeration_gap(gap: &str) -> bool {
    let words: Vec<&str> = gap
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '/' | '&'))
        .filter(|w| !w.is_empty())
        .collect();
    gap.len() <= 8
        && words.len() <= 1
        && words
            .iter()
            .all(|w| w.len() <= 4 && w.chars().all(|c| c.is_alphabetic() && c.is_lowercase()))
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

/// How far after a failure predicate the action it blocks may start ("unable to place or
/// receive calls").
const FRAME_AFTER: usize = 48;
/// How far before a trailing failure predicate the action it blocks may end ("le chiamate non
/// vanno a buon fine").
const FRAME_BEFORE: usize = 24;

/// The error signals of the article, in vocabulary order, given `errors`, its HTTP statuses.
/// `server_error` stands for a 5xx class reported without a code ("erreurs serveur", "5xx
/// errors"): a server-error phrase in a sentence that gives the exact 5xx code ("un errore del
/// server 500") only restates that code.
///
/// A signal is stated either by a cue phrase of its own ("can't log in", "pages not loading")
/// or by a blocked action: a failure predicate and an action word of the signal close together
/// in one clause, in either order ("unable to place or receive calls", "impossible de lancer
/// une vidéo", "le chiamate non vanno a buon fine"). Sentences about earlier incidents say
/// nothing about this one.
pub(crate) fn signals(doc: &Document, errors: &[HttpError]) -> Vec<ErrorSignal> {
    let mut set = BTreeSet::new();
    for h in &doc.terms {
        let sentence = doc.sentence_of(h.start);
        if doc.is_past(sentence) {
            continue;
        }
        match h.payload {
            Term::Signal(s) => {
                // "Gateway Timeout" names a status, not a timeout users saw on its own.
                let in_reason = doc.sentence_terms(sentence).any(|r| {
                    matches!(r.payload, Term::HttpReason(_)) && r.start <= h.start && r.end >= h.end
                });
                let restates_code = s == ErrorSignal::ServerError
                    && errors.iter().any(|e| {
                        (500..600).contains(&e.http_status)
                            && doc.sentence_of(e.evidence.start) == sentence
                    });
                if !in_reason && !restates_code {
                    set.insert(s);
                }
            }
            Term::Action(s) if is_blocked_action(doc, h) => {
                set.insert(s);
            }
            _ => {}
        }
    }
    set.into_iter().collect()
}

/// Whether the lexicon hit `h` states a blocked action ("unable to … calls"): an action word
/// with a failure predicate close to it in its clause. The classifier counts these as error
/// signals.
pub(crate) fn is_blocked_action(doc: &Document, h: &Hit<Term>) -> bool {
    matches!(h.payload, Term::Action(_))
        && is_blocked(doc, doc.sentence_of(h.start), h.start, h.end)
}

/// Whether the action word at `start..end` of sentence `sentence` is blocked: a failure
/// predicate ends shortly before it or starts shortly after it, with no clause boundary
/// between (a clause-break word such as "but", or punctuation other than a comma; a dot
/// inside a word, as in a domain name, is no boundary).
fn is_blocked(doc: &Document, sentence: usize, start: usize, end: usize) -> bool {
    let clear = |from: usize, to: usize| {
        doc.text.get(from..to).is_some_and(|gap| {
            !gap.contains([';', ':', '!', '?', '(', ')', '\n'])
                && !gap
                    .split_whitespace()
                    .any(|word| word.ends_with('.') || word.starts_with('.'))
        }) && !doc
            .sentence_terms(sentence)
            .any(|t| t.payload == Term::ClauseBreak && t.start >= from && t.end <= to)
    };
    let trailing = doc.sentence_terms(sentence).any(|t| {
        t.payload == Term::Failing
            && t.start >= end
            && t.start - end <= FRAME_BEFORE
            && clear(end, t.start)
    });
    if trailing {
        return true;
    }
    // Walk back from the action along an enumeration of actions and devices to the predicate
    // that governs them all ("unable to use their phones, whether to call, text or browse").
    let mut at = start;
    for _ in 0..MAX_ENUMERATION {
        let reach = |t: &&Hit<Term>| t.end <= at && at - t.end <= FRAME_AFTER && clear(t.end, at);
        let mut nearest: Option<&Hit<Term>> = None;
        for t in doc.sentence_terms(sentence).filter(reach) {
            match t.payload {
                Term::Blocked => return true,
                Term::Action(_) | Term::Surface(_)
                    if t.end < start && nearest.is_none_or(|n| t.end > n.end) =>
                {
                    nearest = Some(t);
                }
                _ => {}
            }
        }
        match nearest {
            Some(t) => at = t.start,
            None => return false,
        }
    }
    false
}

/// How many coordinated actions or devices may stand between a failure predicate and the
/// action it blocks.
const MAX_ENUMERATION: usize = 6;

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
