//! Impact: which surfaces were hit and whether the service is back.
//!
//! `resolved` follows the article's latest statement: the last "restored" or "still down" cue
//! outside sentences about earlier incidents decides ("risolto… ma alle 16:30 il down è
//! ricomparso" → still down). No cue at all is `null`.

use std::collections::BTreeSet;

use crate::lexicon::Term;
use crate::record::Evidence;
use crate::vocab::Surface;

use super::Document;

/// Surfaces named outside sentences about earlier incidents, in vocabulary order.
pub(crate) fn surfaces(doc: &Document) -> Vec<Surface> {
    let mut set = BTreeSet::new();
    for h in &doc.terms {
        if let Term::Surface(s) = h.payload {
            if !doc.is_past(doc.sentence_of(h.start)) {
                set.insert(s);
            }
        }
    }
    set.into_iter().collect()
}

/// How far (bytes) a "still down" cue governs a "restored" cue after it in the same
/// sentence ("no estimate for a return to normal", "nessuna stima per il ripristino").
const GOVERNS: usize = 50;

/// `Some(true)` restored, `Some(false)` still down, `None` not said; with the deciding cue.
pub(crate) fn resolved(doc: &Document) -> Option<(bool, Evidence)> {
    let cues: Vec<_> = doc
        .terms
        .iter()
        .filter(|h| matches!(h.payload, Term::Resolved | Term::Ongoing))
        .filter(|h| !doc.is_past(doc.sentence_of(h.start)))
        // "Is Shopify down again?" asks; it does not report.
        .filter(|h| !doc.is_question(doc.sentence_of(h.start)))
        .collect();
    let governed = |i: usize| {
        let h = cues[i];
        h.payload == Term::Resolved
            && cues[..i].iter().any(|o| {
                o.payload == Term::Ongoing
                    && h.start - o.start <= GOVERNS
                    && doc.sentence_of(o.start) == doc.sentence_of(h.start)
            })
    };
    (0..cues.len())
        .rev()
        .find(|&i| !governed(i))
        .map(|i| cues[i])
        .map(|h| {
            (
                h.payload == Term::Resolved,
                Evidence::new(doc.text, h.start, h.end),
            )
        })
}
