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

use crate::lexicon::{Hit, LanguagePack, Lexicons, ServiceRef, Term};
use crate::record::{Evidence, Role, ServiceMention};

use super::{victims, Document};

/// At most this many evidence spans per service.
const MAX_EVIDENCE: usize = 16;

/// How far (bytes) before a list a surface word makes it a list of platforms.
const PLATFORM_REACH: usize = 40;

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

/// Finds every service and company mention in `text`, given the case-insensitive alias hits
/// (`folded_hits`, from [`Lexicons::search_folded`]).
pub(crate) fn find_mentions(
    lexicons: &Lexicons,
    text: &str,
    folded_hits: Vec<Hit<ServiceRef>>,
) -> Vec<Mention> {
    let lex = &lexicons.services;
    let mut hits = folded_hits;
    let exact: Vec<Hit<ServiceRef>> = lex.exact.find(text);
    let headline_end = text.find('\n').unwrap_or(text.len());
    let starts: std::collections::HashSet<usize> = hits.iter().map(|h| h.start).collect();
    hits.extend(
        exact
            .into_iter()
            .filter(|h| !is_other_word(text, h, h.start < headline_end, &starts)),
    );
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
        ServiceRef::Generic(_) | ServiceRef::NotService => None,
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
        // A generic word of the article's main vendor ("API" in an OpenAI story, "Copilot"
        // in a GitHub one) stands for that vendor's service; otherwise the name's own service.
        let generic = group.iter().find_map(|r| match *r {
            ServiceRef::Generic(s)
                if main_vendor.is_some()
                    && lex.entries.get(s as usize).map(|e| e.vendor.as_str()) == main_vendor =>
            {
                Some(Target::Service(s))
            }
            _ => None,
        });
        if group.contains(&ServiceRef::NotService) {
            continue;
        }
        let target = generic.or_else(|| {
            group.iter().find_map(|r| match *r {
                ServiceRef::Service(s) => Some(Target::Service(s)),
                ServiceRef::Company(c) => Some(Target::Company(c)),
                ServiceRef::Generic(_) | ServiceRef::NotService => None,
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

/// Whether an ambiguous, case-sensitive name (`Claude`, `Teams`, `X`) is here something
/// else: part of a compound ("Jean-Claude"), or — outside the headline, where title case is
/// common — a first name followed by a surname ("Claude Monet", "Claude Ferreira"), i.e. by
/// a capitalised word that starts no other known name.
fn is_other_word(
    text: &str,
    hit: &Hit<ServiceRef>,
    in_headline: bool,
    known_starts: &std::collections::HashSet<usize>,
) -> bool {
    let before = text.get(..hit.start).unwrap_or_default();
    let mut back = before.chars().rev();
    if back.next() == Some('-') && back.next().is_some_and(char::is_alphabetic) {
        return true;
    }
    if in_headline {
        return false;
    }
    let after = text.get(hit.end..).unwrap_or_default();
    let Some(rest) = after.strip_prefix(' ') else {
        return false;
    };
    let next_start = hit.end + 1;
    rest.chars().next().is_some_and(char::is_uppercase)
        && rest.chars().nth(1).is_some_and(char::is_lowercase)
        && !known_starts.contains(&next_start)
}

/// Byte spans of all mentions (for masking before language detection).
pub(crate) fn spans(mentions: &[Mention]) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    mentions.iter().map(|m| m.start..m.end)
}

/// What the cues of the article say about each mention (same order as `doc.services`).
struct Scoped {
    /// Said to work, named as a channel or an alternative, or in an earlier-incident sentence:
    /// this mention does not report a failure.
    excluded: Vec<bool>,
    /// Said to work or not to be affected at all: the service is `mentioned` whatever else the
    /// article says (a working statement is about the service as a whole: "T-Mobile said its
    /// network was operating normally" outweighs "T-Mobile had 1,900 reports").
    vetoed: Vec<bool>,
    /// Per mention, the list it belongs to (see [`list_ids`]).
    lists: Vec<usize>,
}

/// The services of the article with their roles, in order of first mention.
pub(crate) fn extract(doc: &Document, lexicons: &Lexicons, is_outage: bool) -> Vec<ServiceMention> {
    let entries = &lexicons.services.entries;
    let scoped = scope_cues(doc, lexicons);
    let mut out: Vec<(u32, ServiceMention, bool)> = Vec::new();
    for (k, m) in doc.services.iter().enumerate() {
        let Target::Service(idx) = m.target else {
            continue;
        };
        let Some(entry) = entries.get(idx as usize) else {
            continue;
        };
        let excluded = scoped.excluded.get(k).copied().unwrap_or(false);
        let vetoed = scoped.vetoed.get(k).copied().unwrap_or(false);
        let channel = entry.category == "social" && is_channel_mention(doc, lexicons, m);
        let affected = is_outage
            && !entry.monitor
            && !channel
            && !excluded
            && reports_failure(doc, doc.sentence_of(m.start));
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
                    vendor: Some(entry.vendor.clone()),
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
    // "WhatsApp n'est pas concerné": an explicit statement beats co-occurrence elsewhere —
    // but not a headline that says the service failed ("Zoom irraggiungibile per due ore"
    // stands even if the body adds "nessun problema nel software di Zoom").
    let headline_end = doc.sentences.first().map(|s| s.end).unwrap_or(0);
    let failed_in_headline = |s: &ServiceMention| {
        s.evidence.iter().any(|e| e.start < headline_end)
            && reports_failure(doc, 0)
            && !s.evidence.iter().any(|e| {
                e.start < headline_end && {
                    doc.services
                        .iter()
                        .position(|m| m.start == e.start)
                        .is_some_and(|k| scoped.excluded.get(k).copied().unwrap_or(false))
                }
            })
    };
    let mut out: Vec<(u32, ServiceMention, bool)> = out
        .into_iter()
        .map(|(i, mut s, veto)| {
            let veto = veto && !(s.role == Role::Affected && failed_in_headline(&s));
            if veto {
                s.role = Role::Mentioned;
            }
            (i, s, veto)
        })
        .collect();

    share_role_with_siblings(doc, lexicons, &scoped, &mut out);
    add_company_services(doc, lexicons, is_outage, &scoped, &mut out);
    add_victims(doc, lexicons, is_outage, &scoped, &mut out);

    // An outage report whose sentences never tie a failure to a service is about the
    // service it leads with: the one named in its first sentence, else the most named one.
    if is_outage && !out.iter().any(|(_, s, _)| s.role == Role::Affected) {
        let excluded_at = |start: usize| {
            doc.services
                .iter()
                .position(|m| m.start == start)
                .is_some_and(|k| scoped.excluded.get(k).copied().unwrap_or(false))
        };
        // A social network named only as the place people posted is no lead either.
        let channel_at = |start: usize| {
            doc.services
                .iter()
                .find(|m| m.start == start)
                .is_some_and(|m| {
                    matches!(m.target, Target::Service(i)
                    if entries.get(i as usize).is_some_and(|e| e.category == "social"))
                        && is_channel_mention(doc, lexicons, m)
                })
        };
        let candidate = |(idx, s, veto): &(u32, ServiceMention, bool)| {
            !veto
                && !entries.get(*idx as usize).is_some_and(|e| e.monitor)
                && s.evidence.iter().all(|e| !excluded_at(e.start))
                && !s.evidence.iter().all(|e| channel_at(e.start))
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
    out.into_iter().map(|(_, s, _)| s).collect()
}

/// "Les abonnés Freebox et Free Mobile …": a brand named right next to an affected brand of
/// the same vendor, joined to it by nothing but commas and coordinators, shares its fate,
/// unless its own mention is said to work, is a channel, or is vetoed.
fn share_role_with_siblings(
    doc: &Document,
    lexicons: &Lexicons,
    scoped: &Scoped,
    out: &mut [(u32, ServiceMention, bool)],
) {
    let entries = &lexicons.services.entries;
    let entry_of = |k: usize| match doc.services.get(k).map(|m| m.target) {
        Some(Target::Service(idx)) => entries.get(idx as usize).map(|e| (idx, e)),
        _ => None,
    };
    let affected = |idx: u32| {
        out.iter()
            .any(|(i, s, _)| *i == idx && s.role == Role::Affected)
    };
    let coordinated = |a: &Mention, b: &Mention| {
        doc.text
            .get(a.end..b.start)
            .filter(|gap| gap.len() <= 24)
            .is_some_and(|gap| {
                gap.split(|c: char| c.is_whitespace() || c == ',')
                    .filter(|w| !w.is_empty())
                    .all(|w| in_word_list(doc, lexicons, w, |p| &p.coordinators))
            })
    };
    let mut promote = Vec::new();
    for (k, m) in doc.services.iter().enumerate() {
        let Some((idx, entry)) = entry_of(k) else {
            continue;
        };
        if scoped.excluded.get(k).copied().unwrap_or(true)
            || affected(idx)
            || (entry.category == "social" && is_channel_mention(doc, lexicons, m))
        {
            continue;
        }
        let neighbours = [k.checked_sub(1), Some(k + 1)];
        let sibling = neighbours.into_iter().flatten().any(|j| {
            let (Some(other), Some((other_idx, other_entry))) = (doc.services.get(j), entry_of(j))
            else {
                return false;
            };
            let (first, second) = if j < k { (other, m) } else { (m, other) };
            other_idx != idx
                && other_entry.vendor == entry.vendor
                && affected(other_idx)
                && coordinated(first, second)
        });
        if sibling {
            promote.push(idx);
        }
    }
    for (i, s, veto) in out.iter_mut() {
        if !*veto && promote.contains(i) {
            s.role = Role::Affected;
        }
    }
}

/// Adds the victims that failure sentences list ("Reddit, the BBC and Gazzetta dello Sport
/// were unreachable") to `out`: companies of such a list become services under their own
/// name, and names no lexicon knows are added with the article's spelling and no vendor.
/// A list any of whose known names is said to work, or named as a channel, is not read.
fn add_victims(
    doc: &Document,
    lexicons: &Lexicons,
    is_outage: bool,
    scoped: &Scoped,
    out: &mut Vec<(u32, ServiceMention, bool)>,
) {
    if !is_outage || doc.pack.is_none() {
        return;
    }
    let lex = &lexicons.services;
    let packs = || std::iter::once(&lexicons.common).chain(doc.pack);
    let coordinators: std::collections::HashSet<&str> = packs()
        .flat_map(|p| p.coordinators.iter().map(String::as_str))
        .collect();
    let connectors: std::collections::HashSet<&str> = packs()
        .flat_map(|p| p.name_connectors.iter().map(String::as_str))
        .collect();
    let is_joiner = |w: &str| coordinators.contains(w);
    let is_connector = |w: &str| connectors.contains(w);
    let is_not_name = |w: &str| packs().any(|p| p.not_names.iter().any(|j| j == w));
    // Dates are capitalised in English ("Monday, Reddit and…"): no name overlaps one.
    let is_date = |sentence: usize, span: &std::ops::Range<usize>| {
        doc.sentence_terms(sentence).any(|h| {
            h.start < span.end
                && span.start < h.end
                && matches!(
                    h.payload,
                    Term::Month(_) | Term::Weekday(_) | Term::RelativeDay(_)
                )
        })
    };
    // The vendors of the services the article names, and the one it names most.
    let vendor_of = |k: usize| -> Option<&str> {
        match doc.services.get(k)?.target {
            Target::Service(i) => lex.entries.get(i as usize).map(|e| e.vendor.as_str()),
            Target::Company(c) => lex.companies.get(c as usize).map(String::as_str),
        }
    };
    let mut vendor_counts: Vec<(&str, usize)> = Vec::new();
    for (k, m) in doc.services.iter().enumerate() {
        let (Target::Service(_), Some(v)) = (m.target, vendor_of(k)) else {
            continue;
        };
        match vendor_counts.iter_mut().find(|(name, _)| *name == v) {
            Some(entry) => entry.1 += 1,
            None => vendor_counts.push((v, 1)),
        }
    }
    // Ties go to the vendor named first.
    let main_vendor = vendor_counts
        .iter()
        .enumerate()
        .max_by_key(|(i, (_, n))| (*n, std::cmp::Reverse(*i)))
        .map(|(_, (v, _))| *v);
    // Unknown names and companies get ids past the lexicon's, one per distinct name.
    for i in 0..doc.sentences.len() {
        // A list of victims needs a known name: sentences naming no service are skipped
        // before anything else is read.
        let span = doc.sentences.get(i).cloned().unwrap_or(0..0);
        let first = doc.services.partition_point(|m| m.start < span.start);
        let names_one = doc.services.get(first).is_some_and(|m| m.start < span.end);
        if !names_one
            || !reports_failure(doc, i)
            || doc.is_question(i)
            || capitalised_throughout(doc, i)
        {
            continue;
        }
        // Cheap gate: some name of the sentence must stand next to a comma or a joiner.
        let listed = doc.services[first..]
            .iter()
            .take_while(|m| m.start < span.end)
            .any(|m| {
                let after = doc.text.get(m.end..span.end).unwrap_or_default();
                let before = doc.text.get(span.start..m.start).unwrap_or_default();
                let next_word = after.split_whitespace().next().unwrap_or_default();
                let prev_word = before.split_whitespace().next_back().unwrap_or_default();
                after.trim_start().starts_with(',')
                    || before.trim_end().ends_with(',')
                    || (next_word.len() <= 10 && is_joiner(&next_word.to_lowercase()))
                    || (prev_word.len() <= 10 && is_joiner(&prev_word.to_lowercase()))
            });
        if !listed {
            continue;
        }
        for list in victims::lists(doc, i, is_joiner, is_connector) {
            let known = list.iter().filter_map(|item| match item {
                victims::Item::Known(k) => Some(*k),
                victims::Item::Unknown(_) => None,
            });
            let spoiled = known.clone().any(|k| {
                scoped.excluded.get(k).copied().unwrap_or(false)
                    || scoped.vetoed.get(k).copied().unwrap_or(false)
            });
            // "dal PC alle console PlayStation, Xbox e Switch", "mail programs on the
            // computer, such as Outlook or Thunderbird": a list right after a surface word
            // names the platforms or clients people used, not sites that went down.
            let list_start = list.first().and_then(|item| match item {
                victims::Item::Known(k) => doc.services.get(*k).map(|m| m.start),
                victims::Item::Unknown(span) => Some(span.start),
            });
            let platforms = list_start.is_some_and(|start| {
                doc.sentence_terms(i).any(|h| {
                    // Websites are what lists of victims are made of: only app, desktop,
                    // console and other surfaces name platforms.
                    matches!(h.payload, Term::Surface(s) if s != crate::vocab::Surface::Web)
                        && h.end <= start
                        && start - h.end <= PLATFORM_REACH
                })
            });
            if spoiled || platforms {
                continue;
            }
            // A list whose known names are all products of the article's own vendor lists
            // that product's parts ("GitHub Actions, Codespaces and Pull Requests"), which
            // fold into it: its other names are no victims.
            let others_vouch = known
                .clone()
                .any(|k| vendor_of(k).is_some_and(|v| Some(v) != main_vendor));
            for item in &list {
                let (name, vendor, span) = match item {
                    victims::Item::Known(k) => {
                        let Some(m) = doc.services.get(*k) else {
                            continue;
                        };
                        let Target::Company(c) = m.target else {
                            continue;
                        };
                        let Some(company) = lex.companies.get(c as usize) else {
                            continue;
                        };
                        // "ChatGPT, Sora and OpenAI": the company stands for its services,
                        // which the article names itself.
                        if vendor_counts.iter().any(|(v, _)| v == company) {
                            continue;
                        }
                        (company.clone(), Some(company.clone()), m.start..m.end)
                    }
                    victims::Item::Unknown(span) => {
                        let name = doc.text.get(span.clone()).unwrap_or_default();
                        if !others_vouch || is_not_name(&name.to_lowercase()) || is_date(i, span) {
                            continue;
                        }
                        (name.to_string(), None, span.clone())
                    }
                };
                mark_affected(
                    out,
                    name,
                    vendor,
                    Evidence::new(doc.text, span.start, span.end),
                );
            }
        }
    }
}

/// Marks the service called `name` (whatever its case) affected, unless it is vetoed, or adds
/// it as an affected service: a company standing for its services, or a victim no lexicon knows.
fn mark_affected(
    out: &mut Vec<(u32, ServiceMention, bool)>,
    name: String,
    vendor: Option<String>,
    evidence: Evidence,
) {
    let folded = name.to_lowercase();
    match out
        .iter_mut()
        .find(|(_, s, _)| s.name.to_lowercase() == folded)
    {
        Some((_, s, veto)) => {
            if !*veto {
                s.role = Role::Affected;
            }
            if s.evidence.len() < MAX_EVIDENCE && !s.evidence.contains(&evidence) {
                s.evidence.push(evidence);
            }
        }
        None => {
            // Added services get ids past every lexicon entry and every id already used.
            let id = out.iter().map(|(i, _, _)| i.saturating_add(1)).max();
            out.push((
                id.unwrap_or(0).max(ADDED_IDS),
                ServiceMention {
                    name,
                    vendor,
                    role: Role::Affected,
                    evidence: vec![evidence],
                },
                false,
            ));
        }
    }
}

/// The first id of services added by the article rather than found in the lexicon.
const ADDED_IDS: u32 = 1 << 30;

/// "Tutti i sistemi Google sono andati fuori uso", "Google's services went dark", "panne de
/// Google": a company named together with its own services (`[cues] own_services` right before
/// or after its name) or with an outage word, in a sentence that reports the failure, is
/// itself an affected service, under the company's name.
fn add_company_services(
    doc: &Document,
    lexicons: &Lexicons,
    is_outage: bool,
    scoped: &Scoped,
    out: &mut Vec<(u32, ServiceMention, bool)>,
) {
    if !is_outage || doc.pack.is_none() {
        return;
    }
    // Before the name: "i servizi di Google", or an outage word and a joiner ("panne de
    // Google"); after it: "Google services", "Google's services". (Not an outage word after it:
    // "l'assistant d'OpenAI ne répond plus", "CrowdStrike crashed millions of PCs".)
    let names_failure_before = |pos: usize| {
        doc.sentence_terms(doc.sentence_of(pos)).any(|h| {
            h.end <= pos
                && match h.payload {
                    Term::OwnServices => h.end == pos,
                    Term::Outage { strong: true } => doc.text.get(h.end..pos).is_some_and(|gap| {
                        gap.split_whitespace().count() <= 1
                            && gap
                                .split_whitespace()
                                .all(|w| in_word_list(doc, lexicons, w, |p| &p.list_joiners))
                    }),
                    _ => false,
                }
        })
    };
    let names_failure_after = |pos: usize| {
        doc.sentence_terms(doc.sentence_of(pos))
            .any(|h| h.start == pos && h.payload == Term::OwnServices)
    };
    for (k, m) in doc.services.iter().enumerate() {
        let Target::Company(c) = m.target else {
            continue;
        };
        let Some(company) = lexicons.services.companies.get(c as usize) else {
            continue;
        };
        if scoped.excluded.get(k).copied().unwrap_or(true)
            || scoped.vetoed.get(k).copied().unwrap_or(true)
            || !reports_failure(doc, doc.sentence_of(m.start))
        {
            continue;
        }
        let before = doc.text.get(..m.start).unwrap_or_default();
        let spaces_before = before.len() - before.trim_end().len();
        let after = doc.text.get(m.end..).unwrap_or_default();
        let possessive = ["'s", "’s"]
            .iter()
            .find(|p| after.starts_with(**p))
            .map_or(0, |p| p.len());
        let rest = after.get(possessive..).unwrap_or_default();
        let spaces_after = possessive + (rest.len() - rest.trim_start().len());
        if names_failure_before(m.start - spaces_before)
            || names_failure_after(m.end + spaces_after)
        {
            mark_affected(
                out,
                company.clone(),
                Some(company.clone()),
                Evidence::new(doc.text, m.start, m.end),
            );
        }
    }
}

/// Whether sentence `i` is a title-case headline or a shouted sentence, where every word looks
/// like a name. (A sentence listing many sites is mostly capitalised too, so only the
/// headline is judged by its words; any sentence by its letters.)
fn capitalised_throughout(doc: &Document, i: usize) -> bool {
    let text = doc
        .sentences
        .get(i)
        .and_then(|s| doc.text.get(s.clone()))
        .unwrap_or_default();
    let (upper, letters) = text
        .chars()
        .filter(|c| c.is_alphabetic())
        .fold((0usize, 0usize), |(u, n), c| {
            (u + usize::from(c.is_uppercase()), n + 1)
        });
    if letters > 0 && upper * 2 > letters {
        return true;
    }
    if i > 0 {
        return false;
    }
    let (capitalised, words) = text
        .split_whitespace()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .fold((0usize, 0usize), |(c, n), w| {
            let upper = w.chars().next().is_some_and(char::is_uppercase);
            (c + usize::from(upper), n + 1)
        });
    words >= 3 && capitalised * 5 > words * 3
}

/// Whether sentence `i` reports a failure that its services can be tied to: an incident
/// sentence, or one with a trouble word ("problemi anche per Gmail"), not about the past —
/// and, in a language without a pack, only the headline.
fn reports_failure(doc: &Document, i: usize) -> bool {
    // Without a language pack nothing tells working, earlier or merely compared services
    // apart: only the headline's failure is trusted.
    if doc.pack.is_none() && i > 0 {
        return false;
    }
    let own = |i: usize| {
        !doc.is_past(i)
            && (doc.is_incident_sentence(i) || doc.sentence_has(i, |t| *t == Term::Trouble))
    };
    // "… were unreachable. Among them: A, B and C": a sentence that opens by carrying on
    // the one before it shares its failure.
    own(i) || (i > 0 && !doc.is_past(i) && doc.opens_with(i, Term::Continuation) && own(i - 1))
}

/// Applies every working, unaffected, channel and alternative cue to the mentions it speaks
/// about, and excludes the mentions of earlier-incident sentences.
///
/// A cue speaks about its own clause (clauses end at `;`, `:`, dashes, parentheses and the
/// language's clause-break words such as "ma", "mais", "but"). A working or unaffected cue
/// after services of its clause is about the nearest of them outside a relative clause — the
/// subject ("GitHub, which many Heroku users rely on, was unaffected" is about GitHub); one
/// before them is about the next service named. Channel and alternative cues are about the next service named. A list
/// of services ("SFR, Bouygues Telecom et Free ne signalent pas d'incident") shares its cues.
/// A cue inside a longer failure phrase ("n'ont pas été épargnés") says nothing.
fn scope_cues(doc: &Document, lexicons: &Lexicons) -> Scoped {
    let n = doc.services.len();
    let mut scoped = Scoped {
        excluded: doc
            .services
            .iter()
            .map(|m| doc.is_past(doc.sentence_of(m.start)))
            .collect(),
        vetoed: vec![false; n],
        lists: list_ids(doc, |word| {
            in_word_list(doc, lexicons, word, |p| &p.list_joiners)
        }),
    };
    let lists = &scoped.lists;
    for cue in &doc.terms {
        let (after_only, veto) = match cue.payload {
            Term::Working => (false, true),
            Term::Unaffected => (false, true),
            Term::Channel | Term::Alternative | Term::Earlier => (true, false),
            _ => continue,
        };
        if inside_failure_phrase(doc, cue) {
            continue;
        }
        let clause = clause_of(doc, cue.start);
        // Mentions are sorted by start: those of the clause before the cue are one run of
        // them, and the next one named is the first after the cue.
        let services = &doc.services;
        let clause_first = services.partition_point(|m| m.start < clause.start);
        let after_cue = services.partition_point(|m| m.start <= cue.start);
        let before = services
            .get(clause_first..after_cue)
            .unwrap_or_default()
            .iter()
            .rposition(|m| m.end <= cue.start && !in_relative_clause(doc, m.start, cue.start))
            .map(|k| clause_first + k);
        let target = match before {
            Some(k) if !after_only => Some(k),
            // The next service named — also one named inside the cue ("su Twitter").
            _ => services.get(after_cue).and_then(|m| {
                let near = m.start < clause.end.max(cue.end)
                    && m.start.saturating_sub(cue.end) <= CUE_REACH;
                near.then_some(after_cue)
            }),
        };
        let Some(&list) = target.and_then(|k| lists.get(k)) else {
            continue;
        };
        for j in list_members(lists, list) {
            scoped.excluded[j] = true;
            scoped.vetoed[j] |= veto;
        }
    }
    scoped
}

/// Whether the mention at `pos` sits in a relative clause set off by commas that closes
/// before `cue` ("GitHub, which many Heroku users rely on, was unaffected": Heroku does).
fn in_relative_clause(doc: &Document, pos: usize, cue: usize) -> bool {
    let text = doc.text;
    let Some(comma) = text.get(..pos).and_then(|t| t.rfind(',')) else {
        return false;
    };
    let clause_start = comma
        + 1
        + text
            .get(comma + 1..pos)
            .map_or(0, |t| t.len() - t.trim_start().len());
    let closes_before_cue = text.get(pos..cue).is_some_and(|t| t.contains(','));
    closes_before_cue
        && doc
            .sentence_terms(doc.sentence_of(pos))
            .any(|h| h.payload == Term::Relative && h.start == clause_start)
}

/// For each mention, the index of the list it belongs to: consecutive mentions separated only
/// by commas and list joiners (`[sentences] list_joiners` of the lexicons) share one.
fn list_ids(doc: &Document, is_joiner: impl Fn(&str) -> bool) -> Vec<usize> {
    let mut ids = Vec::with_capacity(doc.services.len());
    let mut id = 0;
    for (k, m) in doc.services.iter().enumerate() {
        if k > 0 && !same_list(doc.text, &doc.services[k - 1], m, &is_joiner) {
            id += 1;
        }
        ids.push(id);
    }
    ids
}

/// Whether `word` (in any case) is in the `[sentences]` word list that `list` picks, in the
/// common lexicon or in the article's language pack.
fn in_word_list(
    doc: &Document,
    lexicons: &Lexicons,
    word: &str,
    list: impl Fn(&LanguagePack) -> &Vec<String>,
) -> bool {
    let word = word.to_lowercase();
    std::iter::once(&lexicons.common)
        .chain(doc.pack)
        .any(|p| list(p).contains(&word))
}

/// The mentions of list `list`: list ids never decrease along the text, so a list's
/// mentions are one run.
fn list_members(lists: &[usize], list: usize) -> std::ops::Range<usize> {
    lists.partition_point(|&id| id < list)..lists.partition_point(|&id| id <= list)
}

/// Whether `next` continues the list `prev` is in: at most 40 bytes apart, with only commas
/// and joiners between them — or one other word followed by a joiner, which qualifies the
/// first name ("Teams chats and Copilot").
fn same_list(text: &str, prev: &Mention, next: &Mention, is_joiner: impl Fn(&str) -> bool) -> bool {
    let Some(gap) = text.get(prev.end..next.start).filter(|g| g.len() <= 40) else {
        return false;
    };
    let words: Vec<&str> = gap
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let others = words.iter().filter(|w| !is_joiner(w)).count();
    others == 0 || (others == 1 && words.len() >= 2 && words.last().is_some_and(|w| is_joiner(w)))
}

/// Whether a cue is part of a longer phrase that reports a failure ("pas été épargnés").
fn inside_failure_phrase(doc: &Document, cue: &Hit<Term>) -> bool {
    doc.sentence_terms(doc.sentence_of(cue.start)).any(|h| {
        matches!(
            h.payload,
            Term::Outage { strong: true } | Term::Signal(_) | Term::Trouble
        ) && h.start <= cue.start
            && h.end >= cue.end
            && (h.end - h.start) > (cue.end - cue.start)
    })
}

/// The clause around byte `pos`: its sentence, cut at clause-break words and at `;`, `:`,
/// dashes and parentheses.
pub(crate) fn clause_of(doc: &Document, pos: usize) -> std::ops::Range<usize> {
    let i = doc.sentence_of(pos);
    let sentence = doc.sentences.get(i).cloned().unwrap_or(0..doc.text.len());
    let mut start = sentence.start;
    let mut end = sentence.end;
    for h in doc.sentence_terms(i) {
        if h.payload == Term::ClauseBreak {
            if h.end <= pos {
                start = start.max(h.start);
            } else if h.start > pos {
                end = end.min(h.start);
            }
        }
    }
    let text = doc.text.get(start..end).unwrap_or_default();
    let is_break = |c: char| matches!(c, ';' | ':' | '–' | '—' | '(' | ')');
    for (off, c) in text.char_indices() {
        let at = start + off;
        if is_break(c) {
            if at < pos {
                start = at + c.len_utf8();
            } else if at >= pos {
                end = at;
                break;
            }
        }
    }
    start..end
}

/// Whether a social network's mention names it as the channel where people complained or the
/// company posted, not as what failed: outside the headline, right after a channel preposition
/// with at most a few lower-case words between ("su Twitter", "sur le réseau social X", "on
/// its X account"), or right before a channel noun ("a Twitter post", "the Xbox Support
/// Twitter account"); anywhere, inside a link or a handle ("pic.twitter.com/…", "@X").
fn is_channel_mention(doc: &Document, lexicons: &Lexicons, m: &Mention) -> bool {
    let text = doc.text;
    let before = text.get(..m.start).unwrap_or_default();
    let after = text.get(m.end..).unwrap_or_default();
    let in_link = before.ends_with(['.', '/', '@'])
        || after.starts_with('/')
        || after
            .strip_prefix('.')
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_lowercase()));
    if in_link {
        return true;
    }
    let headline = doc.sentences.first().is_some_and(|s| m.start < s.end);
    if headline {
        return false;
    }
    let sentence = doc.sentence_of(m.start);
    let cued = doc.sentence_terms(sentence).any(|h| match h.payload {
        Term::ChannelPreposition if h.end <= m.start => {
            covered_by_gap_words(doc, h.end, m.start) && !after_signal(doc, sentence, h.start)
        }
        Term::ChannelNoun if h.start >= m.end => text
            .get(m.end..h.start)
            .is_some_and(|gap| gap.trim().is_empty()),
        _ => false,
    });
    // "su Instagram e Facebook si leggono i commenti": a network coordinated right after a
    // channel is one too.
    cued || {
        let k = doc.services.partition_point(|p| p.start < m.start);
        k.checked_sub(1)
            .and_then(|j| doc.services.get(j))
            .is_some_and(|prev| {
                text.get(prev.end..m.start).is_some_and(|gap| {
                    let words: Vec<String> = gap
                        .split(|c: char| c.is_whitespace() || c == ',')
                        .filter(|w| !w.is_empty())
                        .map(str::to_lowercase)
                        .collect();
                    gap.len() <= 8
                        && words.len() <= 1
                        && words
                            .iter()
                            .all(|w| in_word_list(doc, lexicons, w, |p| &p.coordinators))
                }) && is_channel_mention(doc, lexicons, prev)
            })
    }
}

/// Whether an error signal ends right before byte `pos` ("messages were not going through on
/// WhatsApp", "les messages ne partaient plus via WhatsApp"): the preposition after it names
/// the service that failed, not a channel.
fn after_signal(doc: &Document, sentence: usize, pos: usize) -> bool {
    doc.sentence_terms(sentence).any(|h| {
        matches!(h.payload, Term::Signal(_))
            && h.end <= pos
            && doc
                .text
                .get(h.end..pos)
                .is_some_and(|gap| gap.trim().is_empty())
    })
}

/// Whether the text between `from` and `to` is blank or made only of channel gap words
/// (`[cues] channel_gap`: "le réseau social", "its", "the social network").
fn covered_by_gap_words(doc: &Document, from: usize, to: usize) -> bool {
    if from > to || to - from > 40 {
        return false;
    }
    let first = doc.terms.partition_point(|h| h.start < from);
    let mut at = from;
    // Commas may stand between the words too ("sui social network, da Facebook a Twitter").
    let blank = |a: usize, b: usize| {
        doc.text
            .get(a..b)
            .is_some_and(|g| g.chars().all(|c| c.is_whitespace() || c == ','))
    };
    for h in doc.terms[first..].iter().take_while(|h| h.start < to) {
        if h.payload != Term::ChannelGap || h.end > to || h.start < at {
            continue;
        }
        if !blank(at, h.start) {
            return false;
        }
        at = h.end;
    }
    blank(at, to)
}
