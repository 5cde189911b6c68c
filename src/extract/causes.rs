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
//! A site that failed because its cloud or CDN provider failed is a downstream victim: the
//! article's affected services then give a `third_party` cause, confirmed by the provider's
//! own failure.
//!
//! Sentences about earlier incidents do not give causes of this one, unless they are hedged
//! analogies ("in casi simili, in passato…", which speculate about this outage too). Per
//! category the strongest statement wins: `ruled_out` over `confirmed` over `suspected`.

use crate::lexicon::{Lexicons, Term};
use crate::record::{Cause, Evidence, Role, ServiceMention};
use crate::vocab::{CauseCategory, CauseStatus};

use super::services::Target;
use super::Document;

/// How far (bytes) a negation cue reaches forward to a cause cue ("no evidence that the
/// outage was caused by a cyberattack")…
const NEGATION_REACH: usize = 80;
/// … and backward, for cues that follow their cause ("a cyberattack was ruled out").
const NEGATION_BACK_REACH: usize = 30;

/// The causes of the article, one per category, in order of first appearance.
pub(crate) fn extract(doc: &Document) -> Vec<Cause> {
    let mut causes: Vec<Cause> = Vec::new();
    for hit in &doc.terms {
        let Term::Cause(category) = hit.payload else {
            continue;
        };
        let s = doc.sentence_of(hit.start);
        // "Messages de maintenance": what users saw is a symptom, not a cause.
        let symptom = doc.sentence_terms(s).any(|h| {
            matches!(h.payload, Term::Signal(_))
                && h.start <= hit.start
                && h.end >= hit.end
                && h.end - h.start > hit.end - hit.start
        });
        if symptom {
            continue;
        }
        let clause = super::services::clause_of(doc, hit.start);
        let in_clause =
            |h: &&crate::lexicon::Hit<Term>| h.start >= clause.start && h.end <= clause.end;
        let hedged = doc
            .sentence_terms(s)
            .filter(in_clause)
            .any(|h| h.payload == Term::Hedge);
        if doc.is_past(s) && !hedged {
            continue;
        }
        let negated = doc.sentence_terms(s).any(|h| {
            (h.payload == Term::Negation
                && ((h.start <= hit.start && h.end >= hit.end)
                    || (h.end <= hit.start && hit.start - h.end <= NEGATION_REACH)
                    || (h.start >= hit.end && h.start - hit.end <= NEGATION_BACK_REACH)))
                || (h.payload == Term::Negator && super::negates(doc.text, h.end, hit.start))
        });
        let status = if negated {
            CauseStatus::RuledOut
        } else if hedged {
            CauseStatus::Suspected
        } else if doc.sentence_has(s, |t| *t == Term::Confirm) || attributed_nearby(doc, s) {
            CauseStatus::Confirmed
        } else {
            CauseStatus::Suspected
        };
        merge(&mut causes, doc, category, status, hit.start, hit.end);
    }
    causes
}

/// Whether an unhedged sentence `s` is attributed by its paragraph: another sentence of the
/// paragraph has the company or status page speaking and no hedge
/// ("Microsoft said it had found the problem. A configuration change had been rolled
/// out…"); a headline needs no attribution.
fn attributed_nearby(doc: &Document, s: usize) -> bool {
    if doc.sentence_has(s, |t| *t == Term::Hedge) {
        return false;
    }
    // The headline states its cause as fact ("Microsoft rolls back code change after…").
    if s == 0 {
        return true;
    }
    let attributes = |other: usize| {
        doc.sentence_has(other, |t| *t == Term::Confirm)
            && !doc.sentence_has(other, |t| *t == Term::Hedge)
    };
    let mut first = s;
    while first > 0 && same_paragraph(doc, first - 1, first) {
        first -= 1;
    }
    let mut last = s;
    while last + 1 < doc.sentences.len() && same_paragraph(doc, last, last + 1) {
        last += 1;
    }
    (first..=last).any(|other| other != s && attributes(other))
}

/// Whether sentences `a` and `a + 1` (= `b`) are in one paragraph.
fn same_paragraph(doc: &Document, a: usize, b: usize) -> bool {
    match (doc.sentences.get(a), doc.sentences.get(b)) {
        (Some(first), Some(second)) => {
            !doc.text
                .get(first.clone())
                .unwrap_or_default()
                .ends_with('\n')
                && !doc
                    .text
                    .get(first.end..second.start)
                    .unwrap_or_default()
                    .contains('\n')
        }
        _ => false,
    }
}

/// Provider categories whose failure takes other companies' services down with them.
const PROVIDER_CATEGORIES: &[&str] = &["cloud", "cdn", "security"];

/// Downstream attribution: when a provider (cloud, CDN, security agent) failed and at least
/// two services of other vendors failed with it, those were down because of a third party.
pub(crate) fn add_downstream(
    causes: &mut Vec<Cause>,
    doc: &Document,
    services: &[ServiceMention],
    lexicons: &Lexicons,
) {
    if doc.pack.is_none() {
        // Causes are read in the article's language; without a pack there are none.
        return;
    }
    let entry = |name: &str| lexicons.services.entries.iter().find(|e| e.name == name);
    let affected: Vec<&ServiceMention> = services
        .iter()
        .filter(|s| s.role == Role::Affected)
        .collect();
    let provider = affected.iter().find(|s| {
        entry(&s.name).is_some_and(|e| PROVIDER_CATEGORIES.contains(&e.category.as_str()))
    });
    // "Non ha nulla a che vedere con il guasto di Cloudflare": a provider named right after
    // an exclusion is a third party ruled out.
    for m in &doc.services {
        let Target::Service(idx) = m.target else {
            continue;
        };
        let is_provider = lexicons
            .services
            .entries
            .get(idx as usize)
            .is_some_and(|e| PROVIDER_CATEGORIES.contains(&e.category.as_str()));
        let excluded = is_provider
            && doc.sentence_terms(doc.sentence_of(m.start)).any(|h| {
                h.payload == Term::Negation && h.end <= m.start && m.start - h.end <= NEGATION_REACH
            });
        if excluded {
            merge(
                causes,
                doc,
                CauseCategory::ThirdParty,
                CauseStatus::RuledOut,
                m.start,
                m.end,
            );
        }
    }
    let Some(provider) = provider else { return };
    // A provider outage takes several customers down with it; one other failing service
    // may just be named in passing ("programmi di posta come Outlook").
    let downstream = affected
        .iter()
        .filter(|s| s.vendor != provider.vendor)
        .count()
        >= 2;
    if let (true, Some(evidence)) = (downstream, provider.evidence.first()) {
        merge(
            causes,
            doc,
            CauseCategory::ThirdParty,
            CauseStatus::Confirmed,
            evidence.start,
            evidence.end,
        );
    }
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
