//! Stage 5 — classify: is this article an outage report?
//!
//! A small linear model over the evidence the extractors found, squashed into [0, 1]:
//! outage words (strong ones count most), error signals, HTTP statuses, "restored"/"still
//! down" cues and a service named in a failure sentence argue for an outage report; topic
//! cues of other kinds of tech news (launches, prices, fines, lawsuits, tutorials) argue
//! against it. Only sentences about this incident count, not recalled earlier ones.

use crate::lexicon::Term;

use super::extract::{errors, Document};

/// The evidence the classifier weighs.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Evidence {
    /// Strong outage words ("down", "panne", "disservizio").
    pub strong: usize,
    /// Weak outage words ("problemi", "errore").
    pub weak: usize,
    /// Topic cues of non-outage news.
    pub not_outage: usize,
    /// Error-signal cues, blocked actions included ("unable to make calls").
    pub signals: usize,
    /// HTTP statuses in error context.
    pub http: usize,
    /// Resolution or "still down" cues.
    pub status_cues: usize,
    /// Whether a service is named in a sentence that reports a failure.
    pub service_in_failure: bool,
}

impl Evidence {
    /// Counts the classifier's evidence in `doc`.
    pub(crate) fn gather(doc: &Document, http: usize) -> Evidence {
        let mut e = Evidence {
            http,
            ..Evidence::default()
        };
        for h in &doc.terms {
            let sentence = doc.sentence_of(h.start);
            let past = doc.is_past(sentence);
            // The headline says what the article is about: its cues count double.
            let weight = if sentence == 0 { 2 } else { 1 };
            match h.payload {
                Term::Outage { strong: true } if !past => e.strong += weight,
                Term::Outage { strong: false } if !past => e.weak += 1,
                Term::NotOutage => e.not_outage += weight,
                Term::Signal(_) if !past => e.signals += 1,
                Term::Action(_) if !past && errors::is_blocked_action(doc, h) => e.signals += 1,
                Term::Resolved | Term::Ongoing if !past => e.status_cues += 1,
                _ => {}
            }
        }
        e.service_in_failure = doc.services.iter().any(|m| {
            let s = doc.sentence_of(m.start);
            !doc.is_past(s) && doc.is_incident_sentence(s)
        });
        e
    }
}

/// The outage score in [0, 1], rounded to three decimals.
pub(crate) fn score(e: &Evidence) -> f64 {
    let raw = 1.1 * e.strong.min(4) as f64
        + 0.25 * e.weak.min(6) as f64
        + 0.5 * e.signals.min(3) as f64
        + 0.6 * e.http.min(2) as f64
        + 0.4 * e.status_cues.min(3) as f64
        + if e.service_in_failure { 0.6 } else { 0.0 }
        - 0.9 * e.not_outage.min(6) as f64
        - 2.2;
    let p = 1.0 / (1.0 + (-raw).exp());
    (p * 1000.0).round() / 1000.0
}

/// The decision threshold on [`score`].
pub(crate) const THRESHOLD: f64 = 0.5;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strong_evidence_scores_high_and_topics_pull_down() {
        let outage = Evidence {
            strong: 3,
            weak: 2,
            signals: 1,
            service_in_failure: true,
            ..Evidence::default()
        };
        assert!(score(&outage) > 0.9);
        let launch = Evidence {
            weak: 1,
            not_outage: 4,
            ..Evidence::default()
        };
        assert!(score(&launch) < 0.1);
        assert!(score(&Evidence::default()) < THRESHOLD);
    }
}
