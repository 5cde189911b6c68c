//! Causes: what the article says caused the outage, and how firmly.
//!
//! Each cause cue of the language pack names a category of record v1. Cues that do not speak
//! about this outage give nothing: what users saw ("messages de maintenance" is a symptom),
//! general background ("a service that protects sites from DDoS attacks"), and sentences about
//! earlier incidents — unless hedged analogies ("in casi simili, in passato…", which
//! speculate about this outage too). The status of the others is decided in their sentence:
//! * a negation cue reaching it ("ha escluso", "ruled out", "ni d'une cyberattaque ni d'un
//!   problème d'infrastructure") or a negator right before it ("nessun attacco") →
//!   `ruled_out`;
//! * otherwise a hedge in its clause ("potrebbe", "selon certains", "a potential cause"), a
//!   question ("piratage ? bug ?"), a list of hypotheses it belongs to, or a sentence going
//!   on with the speculation of the one before → `suspected`; so is a cue that is also what
//!   users saw ("a maintenance page": a hint, not an explanation) and a launch whose clause
//!   does not attribute the outage to it (a coincidence in time);
//! * otherwise `confirmed`: the company attributes it or the text states it as fact.
//!
//! A site that failed because its cloud or CDN provider failed is a downstream victim: the
//! article's affected services, or a dependency cue naming the provider ("hosted by OVHcloud"),
//! then give a `third_party` cause.
//!
//! Per category the strongest statement wins: `ruled_out` over `confirmed` over `suspected`
//! (a cause first suspected and then excluded is ruled out).

use crate::lexicon::{Hit, Lexicons, Term};
use crate::record::{Cause, Evidence, Role, ServiceMention};
use crate::vocab::{CauseCategory, CauseStatus};

use super::services::{Mention, Target};
use super::Document;

/// How far (bytes) a negation cue reaches forward to a cause cue ("no evidence that the
/// outage was caused by a cyberattack")…
const NEGATION_REACH: usize = 80;
/// … and backward, for cues that follow their cause ("a cyberattack was ruled out").
const NEGATION_BACK_REACH: usize = 30;
/// How far (bytes) a background cue reaches forward ("protect them from distributed
/// denial-of-service (DDoS) attacks").
const BACKGROUND_REACH: usize = 60;
/// How far (bytes) after a dependency cue the provider must be named ("hosted by OVHcloud").
const DEPENDENCY_REACH: usize = 40;
/// Words a negation may reach over between two commas or after the last comma of a list
/// ("ruled out a hack, a DDoS or a power cut"); a longer stretch without a cause is another
/// clause ("denied any attack, adding that the exact origin of the bug…").
const LIST_TAIL_WORDS: usize = 3;

/// The causes of the article, one per category, in order of first appearance.
pub(crate) fn extract(doc: &Document) -> Vec<Cause> {
    let lists = list_intros(doc);
    let mut causes: Vec<Cause> = Vec::new();
    for hit in &doc.terms {
        let Term::Cause(category) = hit.payload else {
            continue;
        };
        if let Some(status) = status_of(doc, &lists, hit) {
            merge(&mut causes, doc, category, status, hit.start, hit.end);
        }
    }
    causes
}

/// The status a cue gives its cause, or `None` when it says nothing about this outage.
/// `lists` comes from [`list_intros`].
fn status_of(doc: &Document, lists: &[Option<usize>], hit: &Hit<Term>) -> Option<CauseStatus> {
    let s = doc.sentence_of(hit.start);
    if is_symptom(doc, s, hit) || in_background(doc, s, hit) {
        return None;
    }
    let intro = lists.get(s).copied().flatten();
    let hedged = hedged(doc, s, hit)
        || intro.is_some_and(|i| doc.sentence_has(i, |t| *t == Term::Hedge))
        || continues_speculation(doc, s);
    if (doc.is_past(s) || intro.is_some_and(|i| doc.is_past(i))) && !hedged {
        return None;
    }
    Some(if negated(doc, s, hit) {
        CauseStatus::RuledOut
    } else if hedged
        || seen_by_users(doc, s, hit)
        || coincidence_only(doc, s, hit)
        || is_section_heading(doc, s)
    {
        CauseStatus::Suspected
    } else {
        CauseStatus::Confirmed
    })
}

/// Whether sentence `s` carries on the speculation of the sentence before it in its
/// paragraph ("Maintenance, a data centre failure, an attack: every hypothesis is open. Or a
/// plain code change."): that one offers a hedged cause, this one attributes nothing itself.
fn continues_speculation(doc: &Document, s: usize) -> bool {
    let Some(prev) = s.checked_sub(1) else {
        return false;
    };
    let paragraph_goes_on = doc
        .sentences
        .get(prev)
        .and_then(|p| doc.text.get(p.clone()))
        .is_some_and(|p| !p.ends_with('\n'));
    paragraph_goes_on
        && !doc.sentence_has(s, |t| *t == Term::Confirm)
        && doc.sentence_has(prev, |t| *t == Term::Hedge)
        && doc.sentence_has(prev, |t| matches!(t, Term::Cause(_)))
}

/// Most words a section heading has ("Il lancio di Sora e l'aumento della domanda").
const HEADING_WORDS: usize = 12;

/// Whether sentence `s` is a section heading inside the article: a short line of its own
/// without final punctuation, after the title. It names the topic of the paragraphs below,
/// which say how firm a cause is; the heading alone makes it at most suspected.
fn is_section_heading(doc: &Document, s: usize) -> bool {
    let Some(span) = doc.sentences.get(s).filter(|_| s > 0) else {
        return false;
    };
    let line = doc.text.get(span.clone()).unwrap_or_default();
    let ends_line = line.ends_with('\n') || span.end >= doc.text.len();
    let words = line.split_whitespace().count();
    starts_line(doc, span.start)
        && ends_line
        && (1..=HEADING_WORDS).contains(&words)
        && !line
            .trim_end()
            .ends_with(['.', '!', '?', '…', ':', ';', '"', '»', '”', ')'])
}

/// A launch named with an outage is a coincidence in time ("on the day the new app was
/// launched") unless its clause attributes the outage to it ("caused by", "à cause de").
fn coincidence_only(doc: &Document, s: usize, hit: &Hit<Term>) -> bool {
    if hit.payload != Term::Cause(CauseCategory::ProductLaunch) {
        return false;
    }
    let clause = super::services::clause_of(doc, hit.start);
    !doc.sentence_terms(s)
        .any(|h| h.payload == Term::Confirm && h.start >= clause.start && h.end <= clause.end)
}

/// "Messages de maintenance": a cue inside a longer error-signal phrase is what users saw,
/// not a cause.
fn is_symptom(doc: &Document, s: usize, hit: &Hit<Term>) -> bool {
    doc.sentence_terms(s).any(|h| {
        matches!(h.payload, Term::Signal(_))
            && h.start <= hit.start
            && h.end >= hit.end
            && h.end - h.start > hit.end - hit.start
    })
}

/// A cue that is itself an error signal ("maintenance page"): users saw it, nobody explained
/// the outage with it, so it is at most suspected.
fn seen_by_users(doc: &Document, s: usize, hit: &Hit<Term>) -> bool {
    doc.sentence_terms(s)
        .any(|h| matches!(h.payload, Term::Signal(_)) && h.start == hit.start && h.end == hit.end)
}

/// Whether the cue comes shortly after a background cue of its clause ("protecting them
/// from distributed denial-of-service (DDoS) attacks", "una piattaforma per proteggersi dagli
/// attacchi DDoS"); a parenthesis does not end that clause.
fn in_background(doc: &Document, s: usize, hit: &Hit<Term>) -> bool {
    doc.sentence_terms(s).any(|h| {
        h.payload == Term::Background
            && h.end <= hit.start
            && hit.start - h.end <= BACKGROUND_REACH
            && !doc
                .text
                .get(h.end..hit.start)
                .unwrap_or_default()
                .contains([';', ':'])
            && !doc
                .sentence_terms(s)
                .any(|b| b.payload == Term::ClauseBreak && b.start >= h.end && b.end <= hit.start)
    })
}

/// Whether the cue is speculation: a hedge in its clause, a question ("La panne causée par
/// des travaux de maintenance ?") or a question mark right after it ("(piratage ? bug ?)").
fn hedged(doc: &Document, s: usize, hit: &Hit<Term>) -> bool {
    let clause = super::services::clause_of(doc, hit.start);
    let hedge_in_clause = doc
        .sentence_terms(s)
        .any(|h| h.payload == Term::Hedge && h.start >= clause.start && h.end <= clause.end);
    let asked = doc
        .text
        .get(hit.end..)
        .unwrap_or_default()
        .trim_start_matches(|c: char| c.is_whitespace() || "»”\"'’".contains(c))
        .starts_with('?');
    hedge_in_clause || asked || doc.is_question(s)
}

/// Whether a negation reaches the cue: a negation cue before it whose reach is not cut by
/// another clause, one just after it ("a cyberattack was ruled out"), or a negator right
/// before it ("nessun attacco", "no DDoS").
fn negated(doc: &Document, s: usize, hit: &Hit<Term>) -> bool {
    doc.sentence_terms(s).any(|h| match h.payload {
        Term::Negation => {
            (h.start <= hit.start && h.end >= hit.end)
                || (h.end <= hit.start && negation_reaches(doc, s, h.end, hit.start))
                || (h.start >= hit.end
                    && h.start - hit.end <= NEGATION_BACK_REACH
                    && !has_clause_break(doc, s, hit.end, h.start))
        }
        Term::Negator => super::negates(doc.text, h.end, hit.start),
        _ => false,
    })
}

/// Whether a negation cue ending at `from` reaches a cause cue starting at `to`: close
/// enough, in the same clause, and across commas only along a list of causes ("ni d'une
/// cyberattaque, ni d'une panne de courant, ni d'un bug").
fn negation_reaches(doc: &Document, s: usize, from: usize, to: usize) -> bool {
    if to - from > NEGATION_REACH || has_clause_break(doc, s, from, to) {
        return false;
    }
    // Across commas only along a list: every stretch between two commas names a cause of the
    // list or is a short insertion ("not caused, directly or indirectly, by a cyber attack"),
    // and the stretch after the last comma leads straight to the cue.
    let mut at = from;
    let segments: Vec<std::ops::Range<usize>> = doc
        .text
        .get(from..to)
        .unwrap_or_default()
        .split(',')
        .map(|segment| {
            let span = at..at + segment.len();
            at = span.end + 1;
            span
        })
        .collect();
    let short = |span: &std::ops::Range<usize>| {
        doc.text
            .get(span.clone())
            .is_some_and(|t| t.split_whitespace().count() <= LIST_TAIL_WORDS)
    };
    let names_cause = |span: &std::ops::Range<usize>| {
        doc.sentence_terms(s).any(|h| {
            matches!(h.payload, Term::Cause(_)) && h.start >= span.start && h.end <= span.end
        })
    };
    match segments
        .split_first()
        .and_then(|(_, rest)| rest.split_last())
    {
        None => true,
        Some((tail, between)) => {
            short(tail) && between.iter().all(|span| short(span) || names_cause(span))
        }
    }
}

/// Whether the text between `from` and `to` (in sentence `s`) ends a clause: a clause-break
/// word ("but", "mais", "mentre") or punctuation that opens another clause.
fn has_clause_break(doc: &Document, s: usize, from: usize, to: usize) -> bool {
    doc.text
        .get(from..to)
        .unwrap_or_default()
        .contains([';', ':', '?', '!', '(', ')', '—', '–'])
        || doc
            .sentence_terms(s)
            .any(|h| h.payload == Term::ClauseBreak && h.start >= from && h.end <= to)
}

/// Per sentence, the sentence that introduces the list it is an item of: a line ending with
/// a colon ("Several hypotheses remain:", "GitHub attributed April's outages to:") followed
/// by lines that start with a bullet or a list marker ("- ", "•", "a)", "2.").
fn list_intros(doc: &Document) -> Vec<Option<usize>> {
    let mut intros = vec![None; doc.sentences.len()];
    let mut current: Option<usize> = None;
    for (i, span) in doc.sentences.iter().enumerate() {
        let text = doc.text.get(span.clone()).unwrap_or_default();
        if starts_line(doc, span.start) {
            current = match current {
                Some(intro) if is_list_item(text) => Some(intro),
                _ => None,
            };
        }
        intros[i] = current;
        if text.trim_end().ends_with(':') {
            current = Some(i);
        }
    }
    intros
}

/// Whether byte `pos` begins a line (only blanks before it on its line).
fn starts_line(doc: &Document, pos: usize) -> bool {
    doc.text.get(..pos).is_some_and(|before| {
        let before = before.trim_end_matches([' ', '\t']);
        before.is_empty() || before.ends_with('\n')
    })
}

/// Whether a line starts with a list marker: a bullet, or a letter or number closed by `)`
/// or `.` ("a)", "2.").
fn is_list_item(line: &str) -> bool {
    let line = line.trim_start();
    if line.starts_with(['-', '•', '*', '–', '—', '·', '◦', '▪']) {
        return true;
    }
    let marker: String = line.chars().take_while(|c| c.is_alphanumeric()).collect();
    let short = (1..=2).contains(&marker.chars().count())
        && (marker.chars().all(|c| c.is_ascii_digit()) || marker.chars().count() == 1);
    short
        && line
            .strip_prefix(marker.as_str())
            .is_some_and(|rest| rest.starts_with([')', '.']))
}

/// Provider categories whose failure takes other companies' services down with them.
const PROVIDER_CATEGORIES: &[&str] = &["cloud", "cdn", "security"];

fn is_provider(category: &str) -> bool {
    PROVIDER_CATEGORIES.contains(&category)
}

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
    let provider = affected
        .iter()
        .find(|s| entry(&s.name).is_some_and(|e| is_provider(&e.category)));
    // "Non ha nulla a che vedere con il guasto di Cloudflare": a provider named right after
    // an exclusion is a third party ruled out.
    for m in &doc.services {
        let Target::Service(idx) = m.target else {
            continue;
        };
        let names_provider = lexicons
            .services
            .entries
            .get(idx as usize)
            .is_some_and(|e| is_provider(&e.category));
        let s = doc.sentence_of(m.start);
        // The negation must be about the provider, not about a cause named between them
        // ("this was not a cyberattack on Akamai's platform").
        let excluded = names_provider
            && doc.sentence_terms(s).any(|h| {
                h.payload == Term::Negation
                    && h.end <= m.start
                    && negation_reaches(doc, s, h.end, m.start)
                    && !doc.sentence_terms(s).any(|c| {
                        matches!(c.payload, Term::Cause(_)) && c.start >= h.end && c.end <= m.start
                    })
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
    // "Hosted by OVHcloud", "che sfruttano l'infrastruttura di Google Cloud", "ChatGPT e
    // DuckDuckGo utilizzano l'API Bing": a dependency cue next to the service depended on.
    let mut lists = None;
    for hit in doc.terms.iter().filter(|h| h.payload == Term::Dependency) {
        if depends_on_another_company(doc, lexicons, hit) {
            let lists = lists.get_or_insert_with(|| list_intros(doc));
            if let Some(status) = status_of(doc, lists, hit) {
                merge(
                    causes,
                    doc,
                    CauseCategory::ThirdParty,
                    status,
                    hit.start,
                    hit.end,
                );
            }
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

/// Whether a dependency cue links two companies: the service named right after it is a
/// cloud, CDN or security provider (or that provider's vendor: "dependent on Google's cloud
/// platform"), or a service of another vendor than one named before the cue ("DuckDuckGo
/// relies on Bing") — and not a company's own services on its own platform ("les services de
/// Microsoft fonctionnent sur Azure").
fn depends_on_another_company(doc: &Document, lexicons: &Lexicons, hit: &Hit<Term>) -> bool {
    let s = doc.sentence_of(hit.start);
    let entry = |m: &Mention| match m.target {
        Target::Service(idx) => lexicons.services.entries.get(idx as usize),
        Target::Company(_) => None,
    };
    let vendor = |m: &Mention| -> Option<&str> {
        match m.target {
            Target::Service(_) => entry(m).map(|e| e.vendor.as_str()),
            Target::Company(idx) => lexicons
                .services
                .companies
                .get(idx as usize)
                .map(String::as_str),
        }
    };
    let in_sentence = |m: &&Mention| doc.sentence_of(m.start) == s;
    let Some(depended) = doc
        .services
        .iter()
        .filter(in_sentence)
        .find(|m| m.start >= hit.end && m.start - hit.end <= DEPENDENCY_REACH)
    else {
        return false;
    };
    let before: Vec<&Mention> = doc
        .services
        .iter()
        .filter(in_sentence)
        .filter(|m| m.end <= hit.start)
        .collect();
    if before.last().is_some_and(|m| vendor(m) == vendor(depended)) {
        return false;
    }
    // Vendors of the providers the article names: "Google" then stands for Google Cloud.
    let provider_vendor = |v: &str| {
        doc.services
            .iter()
            .filter_map(entry)
            .any(|e| is_provider(&e.category) && e.vendor == v)
    };
    let is_provider_mention = match depended.target {
        Target::Service(_) => entry(depended).is_some_and(|e| is_provider(&e.category)),
        Target::Company(_) => vendor(depended).is_some_and(provider_vendor),
    };
    is_provider_mention
        || before
            .iter()
            .any(|m| matches!(m.target, Target::Service(_)) && vendor(m) != vendor(depended))
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
