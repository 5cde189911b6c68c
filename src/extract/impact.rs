//! Impact: which surfaces were hit and whether the service is back.
//!
//! `resolved` follows the article's latest statement: the last "restored" or "still down" cue
//! outside sentences about earlier incidents decides ("risolto… ma alle 16:30 il down è
//! ricomparso" → still down). No cue at all is `null`.

use std::collections::BTreeSet;

use crate::lexicon::Term;
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

/// `Some(true)` restored, `Some(false)` still down, `None` not said.
pub(crate) fn resolved(doc: &Document) -> Option<bool> {
    doc.terms
        .iter()
        .filter(|h| matches!(h.payload, Term::Resolved | Term::Ongoing))
        .filter(|h| !doc.is_past(doc.sentence_of(h.start)))
        .last()
        .map(|h| h.payload == Term::Resolved)
}
