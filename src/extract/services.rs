//! Services: which services the article names, and which of them it says failed.
//!
//! Mentions come from the services lexicon (case-insensitive aliases over the folded text,
//! exact-case aliases such as `X` or `Teams` over the original). Generic words (`API`) are
//! attributed to the article's main vendor — the vendor named most often — or dropped.
//!
//! A service is `affected` when one of its mentions sits in a sentence that reports a failure
//! (outage words, error signals, reason phrases, "still down" cues), unless that sentence is
//! about an earlier incident, says the service works ("WhatsApp n'est pas concerné"), or names
//! it as the channel where people complained ("ha scritto un utente su X"). Monitoring sites
//! are always `mentioned`.

use crate::lexicon::{Hit, Lexicons, ServiceRef, Term};
use crate::record::{Evidence, Role, ServiceMention};

use super::Document;

/// At most this many evidence spans per service.
const MAX_EVIDENCE: usize = 16;

/// How far (bytes) a `working` or `channel` cue reaches from a mention.
const CUE_REACH: usize = 60;

/// A service (or company) mention.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Mention {
    pub start: usize,
    pub end: usize,
    pub target: Target,
}

/// What a mention names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// Index into the services lexicon.
    Service(u32),
    /// Index into the companies list.
    Company(u32),
}

/// Finds every service and company mention in `text` (`folded` is its folded copy).
pub(crate) fn find_mentions(lexicons: &Lexicons, text: &str, folded: &str) -> Vec<Mention> {
    let lex = &lexicons.services;
    let mut hits: Vec<Hit<ServiceRef>> = lex.folded.find(folded);
    hits.extend(lex.exact.find(text));
    hits.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));

    // Drop hits overlapped by an earlier, longer one; keep same-span alternatives.
    let mut kept: Vec<Hit<ServiceRef>> = Vec::with_capacity(hits.len());
    for hit in hits {
        match kept.last() {
            Some(last)
                if hit.start < last.end && (hit.start, hit.end) != (last.start, last.end) => {}
            _ => kept.push(hit),
        }
    }

    // The main vendor decides what generic words stand for.
    let vendor_of = |r: &ServiceRef| match r {
        ServiceRef::Service(i) => lex.entries.get(*i as usize).map(|e| e.vendor.as_str()),
        ServiceRef::Company(i) => lex.companies.get(*i as usize).map(String::as_str),
        ServiceRef::Generic(_) => None,
    };
    let mut counts: Vec<(&str, usize, usize)> = Vec::new(); // vendor, count, first position
    for (pos, hit) in kept.iter().enumerate() {
        let monitor = matches!(hit.payload, ServiceRef::Service(i) if lex.entries.get(i as usize).is_some_and(|e| e.monitor));
        if monitor {
            continue;
        }
        if let Some(v) = vendor_of(&hit.payload) {
            match counts.iter_mut().find(|(name, _, _)| *name == v) {
                Some(entry) => entry.1 += 1,
                None => counts.push((v, 1, pos)),
            }
        }
    }
    let main_vendor = counts
        .iter()
        .max_by_key(|(_, n, first)| (*n, std::cmp::Reverse(*first)))
        .map(|(v, _, _)| *v);

    let mut mentions = Vec::new();
    let mut i = 0;
    while i < kept.len() {
        let span = (kept[i].start, kept[i].end);
        let group: Vec<ServiceRef> = kept[i..]
            .iter()
            .take_while(|h| (h.start, h.end) == span)
            .map(|h| h.payload)
            .collect();
        i += group.len();
        let target = group.iter().find_map(|r| match *r {
            ServiceRef::Service(s) => Some(Target::Service(s)),
            ServiceRef::Company(c) => Some(Target::Company(c)),
            ServiceRef::Generic(_) => None,
        });
        let target = target.or_else(|| {
            group.iter().find_map(|r| match *r {
                ServiceRef::Generic(s)
                    if main_vendor.is_some()
                        && lex.entries.get(s as usize).map(|e| e.vendor.as_str())
                            == main_vendor =>
                {
                    Some(Target::Service(s))
                }
                _ => None,
            })
        });
        if let Some(target) = target {
            mentions.push(Mention {
                start: span.0,
                end: span.1,
                target,
            });
        }
    }
    mentions
}

/// Byte spans of all mentions (for masking before language detection).
pub(crate) fn spans(mentions: &[Mention]) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    mentions.iter().map(|m| m.start..m.end)
}

/// The services of the article with their roles, in order of first mention.
pub(crate) fn extract(doc: &Document, lexicons: &Lexicons, is_outage: bool) -> Vec<ServiceMention> {
    let entries = &lexicons.services.entries;
    let mut out: Vec<(u32, ServiceMention, bool)> = Vec::new();
    for m in &doc.services {
        let Target::Service(idx) = m.target else {
            continue;
        };
        let Some(entry) = entries.get(idx as usize) else {
            continue;
        };
        let channel = entry.category == "social" && is_channel_mention(doc, m);
        let affected = is_outage && !entry.monitor && !channel && mention_reports_failure(doc, m);
        let vetoed = is_said_unaffected(doc, m);
        let evidence = Evidence::new(doc.text, m.start, m.end);
        match out.iter_mut().find(|(i, _, _)| *i == idx) {
            Some((_, s, veto)) => {
                *veto |= vetoed;
                if affected {
                    s.role = Role::Affected;
                }
                if s.evidence.len() < MAX_EVIDENCE {
                    s.evidence.push(evidence);
                }
            }
            None => out.push((
                idx,
                ServiceMention {
                    name: entry.name.clone(),
                    vendor: entry.vendor.clone(),
                    role: if affected {
                        Role::Affected
                    } else {
                        Role::Mentioned
                    },
                    evidence: vec![evidence],
                },
                vetoed,
            )),
        }
    }
    // "WhatsApp n'est pas concerné": an explicit statement beats co-occurrence elsewhere.
    let mut out: Vec<(u32, ServiceMention)> = out
        .into_iter()
        .map(|(i, mut s, veto)| {
            if veto {
                s.role = Role::Mentioned;
            }
            (i, s)
        })
        .collect();

    // An outage report whose sentences never tie a failure to a service is about the
    // service it leads with: the one named in its first sentence, else the most named one.
    if is_outage && !out.iter().any(|(_, s)| s.role == Role::Affected) {
        let candidate = |(idx, s): &(u32, ServiceMention)| {
            !entries.get(*idx as usize).is_some_and(|e| e.monitor)
                && s.evidence.iter().all(|e| !is_excluded(doc, e.start, e.end))
        };
        let first_sentence_end = doc.sentences.first().map(|s| s.end).unwrap_or(0);
        let lead = out
            .iter()
            .position(|x| {
                candidate(x)
                    && x.1
                        .evidence
                        .first()
                        .is_some_and(|e| e.start < first_sentence_end)
            })
            .or_else(|| {
                out.iter()
                    .enumerate()
                    .filter(|(_, x)| candidate(x))
                    .max_by_key(|(i, x)| (x.1.evidence.len(), std::cmp::Reverse(*i)))
                    .map(|(i, _)| i)
            });
        if let Some(i) = lead {
            out[i].1.role = Role::Affected;
        }
    }
    out.into_iter().map(|(_, s)| s).collect()
}

/// "Su X e su Reddit si moltiplicano le lamentele": a social network named right after a
/// preposition, outside the headline, is where people complained, not what failed.
fn is_channel_mention(doc: &Document, m: &Mention) -> bool {
    let headline = doc.sentences.first().is_some_and(|s| m.start < s.end);
    !headline
        && doc.sentence_terms(doc.sentence_of(m.start)).any(|h| {
            h.payload == Term::ChannelPreposition
                && h.end <= m.start
                && doc.text[h.end..m.start].trim().is_empty()
        })
}

/// Whether the article says, next to this mention, that the service was not affected.
fn is_said_unaffected(doc: &Document, m: &Mention) -> bool {
    let s = doc.sentence_of(m.start);
    doc.sentence_terms(s).any(|h| {
        h.payload == Term::Unaffected
            && (h.start.abs_diff(m.end) <= CUE_REACH || h.end.abs_diff(m.start) <= CUE_REACH)
    })
}

/// Whether this mention sits in a sentence reporting a failure, and nothing says otherwise.
fn mention_reports_failure(doc: &Document, m: &Mention) -> bool {
    let s = doc.sentence_of(m.start);
    doc.is_incident_sentence(s) && !is_excluded(doc, m.start, m.end)
}

/// Whether a mention is in an earlier-incident sentence, near a "works fine" cue, or is the
/// channel where people complained.
fn is_excluded(doc: &Document, start: usize, end: usize) -> bool {
    let s = doc.sentence_of(start);
    if doc.is_past(s) {
        return true;
    }
    doc.sentence_terms(s).any(|h| match h.payload {
        Term::Working | Term::Unaffected => {
            h.start.abs_diff(end) <= CUE_REACH || h.end.abs_diff(start) <= CUE_REACH
        }
        Term::Channel => h.start < start && start.saturating_sub(h.end) <= CUE_REACH,
        _ => false,
    })
}
