//! Causes: what the article says caused the outage, and how firmly.
//!
//! Each cause cue of the language pack names a category of record v1. Its status is decided
//! in its sentence:
//! * a negation cue near it ("ha escluso", "aucune cyberattaque", "ruled out") → `ruled_out`;
//! * otherwise a hedge anywhere in the sentence ("potrebbe", "selon certains", "may") →
//!   `suspected`;
//! * otherwise a confirmation cue (the company or status page says so) → `confirmed`;
//! * otherwise `suspected`: a cause nobody attributes is not confirmed.
//!
//! Sentences about earlier incidents do not give causes of this one, unless they are hedged
//! analogies ("in casi simili, in passato…", which speculate about this outage too). Per
//! category the strongest statement wins: `ruled_out` over `confirmed` over `suspected`.

use crate::lexicon::Term;
use crate::record::{Cause, Evidence};
use crate::vocab::{CauseCategory, CauseStatus};

use super::Document;

/// How far (bytes) a negation cue reaches from a cause cue.
const NEGATION_REACH: usize = 80;

/// The causes of the article, one per category, in order of first appearance.
pub(crate) fn extract(doc: &Document) -> Vec<Cause> {
    let mut causes: Vec<Cause> = Vec::new();
    for hit in &doc.terms {
        let Term::Cause(category) = hit.payload else {
            continue;
        };
        let s = doc.sentence_of(hit.start);
        let hedged = doc.sentence_has(s, |t| *t == Term::Hedge);
        if doc.is_past(s) && !hedged {
            continue;
        }
        let negated = doc.sentence_terms(s).any(|h| {
            h.payload == Term::Negation
                && (h.end.abs_diff(hit.start) <= NEGATION_REACH
                    || h.start.abs_diff(hit.end) <= NEGATION_REACH)
        });
        let status = if negated {
            CauseStatus::RuledOut
        } else if hedged {
            CauseStatus::Suspected
        } else if doc.sentence_has(s, |t| *t == Term::Confirm) {
            CauseStatus::Confirmed
        } else {
            CauseStatus::Suspected
        };
        merge(&mut causes, doc, category, status, hit.start, hit.end);
    }
    causes
}

fn rank(status: CauseStatus) -> u8 {
    match status {
        CauseStatus::Suspected => 0,
        CauseStatus::Confirmed => 1,
        CauseStatus::RuledOut => 2,
    }
}

fn merge(
    causes: &mut Vec<Cause>,
    doc: &Document,
    category: CauseCategory,
    status: CauseStatus,
    start: usize,
    end: usize,
) {
    match causes.iter_mut().find(|c| c.category == category) {
        Some(c) if rank(status) > rank(c.status) => {
            c.status = status;
            c.evidence = Evidence::new(doc.text, start, end);
        }
        Some(_) => {}
        None => causes.push(Cause {
            category,
            status,
            evidence: Evidence::new(doc.text, start, end),
        }),
    }
}
