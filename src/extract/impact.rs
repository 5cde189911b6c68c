//! Impact: which surfaces were hit and whether the service is back.
//!
//! `resolved` is the state at the time of writing, read from the article's own statements
//! (cues in sentences about earlier incidents and in questions do not count), in three steps;
//! the first that decides wins:
//!
//! 1. An update note that opens the article ("Update: the issue is fixed" above the story)
//!    is its newest statement: its restored or still-down cue decides.
//! 2. Otherwise the latest explicit cue decides: "restored" or "still down" ("risolto… ma
//!    alle 16:30 il down è ricomparso" → still down). A restored cue that is denied rather
//!    than reported — shortly after a still-down or denying cue ("loin d'être rétablie",
//!    "nessuna stima per il ripristino", "has not resolved") or right after a negator —
//!    counts as still down; one that is only hoped for — shortly after a pending or
//!    prospective cue ("until service is restored", "working to get it back online") — as
//!    pending. A pending cue ("investigating") does not decide here: any report of recovery
//!    outweighs it, and without one it counts with the tense cues.
//! 3. Otherwise the tense of the telling decides: weak cues of a report written while it goes
//!    on ("users are reporting", "se plaignent", "non funziona", "the company is
//!    investigating") against those of a recap told as over ("lasted an hour", "a duré",
//!    "è durato", "was down"); a side wins only by a clear margin, else nothing is said.
//!
//! An article with no cue at all is `null`.

use std::collections::BTreeSet;

use crate::lexicon::{Hit, Lexicons, Term};
use crate::record::{Evidence, Role, ServiceMention};
use crate::vocab::Surface;

use super::services::Target;
use super::{governs_next, negates, Document};

/// Surfaces named outside sentences about earlier incidents, in vocabulary order. A surface
/// word right next to a site that did not fail describes that site ("Downdetector, a website
/// that tracks outages", "le site Downdetector", "il sito The Verge"), and one right after a
/// channel cue is where a statement was posted ("an update on its website"): neither is a
/// surface of this outage.
pub(crate) fn surfaces(
    doc: &Document,
    lexicons: &Lexicons,
    services: &[ServiceMention],
) -> Vec<Surface> {
    let unaffected: Vec<(usize, usize)> = doc
        .services
        .iter()
        .filter(|m| match m.target {
            Target::Service(i) => lexicons.services.entries.get(i as usize).is_some_and(|e| {
                e.monitor
                    || services
                        .iter()
                        .any(|s| s.name == e.name && s.role != Role::Affected)
            }),
            Target::Company(_) => false,
        })
        .map(|m| (m.start, m.end))
        .collect();
    let describes_other_site = |h: &Hit<Term>| {
        let sentence = doc.sentence_of(h.start);
        unaffected.iter().any(|&(start, end)| {
            doc.sentence_of(start) == sentence
                && (h.end <= start && start - h.end <= MONITOR_REACH
                    || end <= h.start && h.start - end <= MONITOR_REACH)
        })
    };
    // "an update on its website": the site where a statement was posted.
    let posted_on = |h: &Hit<Term>| {
        h.payload == Term::Surface(Surface::Web)
            && doc
                .terms
                .iter()
                .any(|c| c.payload == Term::Channel && governs_next(doc.text, c.end, h.start))
    };
    let mut set = BTreeSet::new();
    for h in &doc.terms {
        if let Term::Surface(s) = h.payload {
            if !doc.is_past(doc.sentence_of(h.start)) && !describes_other_site(h) && !posted_on(h) {
                set.insert(s);
            }
        }
    }
    set.into_iter().collect()
}

/// How far (bytes) from a monitoring site's name a surface word describes that site
/// ("Down Detector, a website that", "selon le site Downdetector").
const MONITOR_REACH: usize = 6;

/// How far (bytes) a still-down, pending or prospective cue governs a restored cue after it
/// in the same sentence ("no estimate for a return to normal", "until service is restored").
const GOVERNS: usize = 50;

/// How far (bytes) after a tense auxiliary the outage word it speaks of may start, with at
/// most two words between ("was completely down", "suffered a major outage").
const AUXILIARY_REACH: usize = 20;

/// What one explicit cue says about the service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Reported back ("restored", "di nuovo online").
    Restored,
    /// Reported still down, or its return awaited ("still down", "until it is restored").
    Down,
    /// Only that the company is working on it ("investigating"): a weak sign of a live report.
    Pending,
}

/// One explicit cue, in a sentence that reports on this outage.
#[derive(Clone, Copy, Debug)]
struct Cue {
    state: State,
    sentence: usize,
    start: usize,
    end: usize,
}

/// `Some(true)` restored, `Some(false)` still down, `None` not said; with the deciding cue.
pub(crate) fn resolved(doc: &Document) -> Option<(bool, Evidence)> {
    let cues = explicit_cues(doc);
    let decided = opening_update(doc, &cues)
        .or_else(|| latest(&cues))
        .map(|c| (c.state == State::Restored, c.start, c.end))
        .or_else(|| tense(doc, &cues));
    decided.map(|(restored, start, end)| (restored, Evidence::new(doc.text, start, end)))
}

/// Whether sentence `i` reports on this outage: not about an earlier one, not a question
/// ("Is Shopify down again?" asks; it does not report).
fn reports(doc: &Document, i: usize) -> bool {
    !doc.is_past(i) && !doc.is_question(i)
}

/// The restored, still-down and pending cues of the reporting sentences, in text order.
fn explicit_cues(doc: &Document) -> Vec<Cue> {
    let hits: Vec<&Hit<Term>> = doc
        .terms
        .iter()
        .filter(|h| {
            matches!(
                h.payload,
                Term::Resolved
                    | Term::Ongoing
                    | Term::Pending
                    | Term::Prospective { .. }
                    | Term::Negator
            )
        })
        .filter(|h| reports(doc, doc.sentence_of(h.start)))
        .collect();
    // A term listed as both ongoing and pending is only pending.
    let shadowed: Vec<bool> = (0..hits.len())
        .map(|i| hits[i].payload == Term::Ongoing && same_span_pending(&hits, i))
        .collect();
    let hits: Vec<&Hit<Term>> = hits
        .into_iter()
        .zip(shadowed)
        .filter(|&(_, shadowed)| !shadowed)
        .map(|(h, _)| h)
        .collect();
    let mut cues = Vec::new();
    for (i, h) in hits.iter().enumerate() {
        let sentence = doc.sentence_of(h.start);
        let state = match h.payload {
            Term::Resolved => governed(doc, &hits[..i], h, sentence).unwrap_or(State::Restored),
            Term::Pending => State::Pending,
            Term::Ongoing => State::Down,
            _ => continue,
        };
        cues.push(Cue {
            state,
            sentence,
            start: h.start,
            end: h.end,
        });
    }
    cues
}

/// Whether the ongoing hit `hits[i]` shares its span with a pending hit.
fn same_span_pending(hits: &[&Hit<Term>], i: usize) -> bool {
    let Some(h) = hits.get(i) else {
        return false;
    };
    let same = |o: &&&Hit<Term>| o.start == h.start && o.end == h.end;
    let before = hits[..i].iter().rev().take_while(same);
    let after = hits[i + 1..].iter().take_while(same);
    before.chain(after).any(|o| o.payload == Term::Pending)
}

/// What a restored cue `h` says when it is not a report: `Down` when denied by a still-down
/// or denying cue shortly before it in its sentence ("loin d'être rétablie", "no estimate for
/// a return to normal") or by a negator right before it; `Pending` when only hoped for after a
/// pending or prospective cue ("working to get it back online", "until service is restored").
/// The nearest such cue decides.
fn governed(
    doc: &Document,
    before: &[&Hit<Term>],
    h: &Hit<Term>,
    sentence: usize,
) -> Option<State> {
    before
        .iter()
        .rev()
        .take_while(|o| h.start - o.start <= GOVERNS)
        .filter(|o| doc.sentence_of(o.start) == sentence)
        .find_map(|o| match o.payload {
            Term::Ongoing | Term::Prospective { denied: true } => Some(State::Down),
            Term::Pending | Term::Prospective { denied: false } => Some(State::Pending),
            Term::Negator if negates(doc.text, o.end, h.start) => Some(State::Down),
            _ => None,
        })
}

/// The latest restored or still-down cue; pending cues only tell the tense (step 3).
fn latest(cues: &[Cue]) -> Option<Cue> {
    cues.iter()
        .rev()
        .find(|c| c.state != State::Pending)
        .copied()
}

/// The decisive cue of an update note that opens the article, newest first: the note starts
/// a line, no restored or still-down cue comes before it except in the headline, and the
/// note (up to the end of its line) has one.
fn opening_update(doc: &Document, cues: &[Cue]) -> Option<Cue> {
    let note = doc
        .terms
        .iter()
        .find(|h| h.payload == Term::UpdateNote && opens_line(doc, h.start))?;
    let first = doc.sentence_of(note.start);
    let last = line_end(doc, first);
    let body_first = cues
        .iter()
        .any(|c| c.state != State::Pending && c.sentence > 0 && c.sentence < first);
    if body_first {
        return None;
    }
    let in_note: Vec<Cue> = cues
        .iter()
        .filter(|c| (first..=last).contains(&c.sentence))
        .copied()
        .collect();
    latest(&in_note)
}

/// Whether `pos` is the first word of its line, decoration aside ("**Update:**", "[MAJ]").
fn opens_line(doc: &Document, pos: usize) -> bool {
    let line_start = doc.text[..pos].rfind('\n').map_or(0, |i| i + 1);
    doc.text.get(line_start..pos).is_some_and(|lead| {
        lead.chars()
            .all(|c| c.is_whitespace() || "*#[(-–—>".contains(c))
    })
}

/// The last sentence of the line sentence `i` is on.
fn line_end(doc: &Document, i: usize) -> usize {
    let mut j = i;
    while j + 1 < doc.sentences.len() {
        let ends_line = doc
            .sentences
            .get(j)
            .and_then(|s| doc.text.get(s.clone()))
            .is_some_and(|s| s.ends_with('\n'));
        if ends_line {
            break;
        }
        j += 1;
    }
    j
}

/// Step 3: weak tense cues of the reporting sentences, live against over; the side whose
/// weight exceeds the other's by [`TENSE_MARGIN`] decides, its last cue as evidence. A phrase ("se plaignent", "lasted", "in
/// questo momento") weighs [`PHRASE_WEIGHT`]; an auxiliary before an outage word ("is down",
/// "era down"), a pending cue or a denying cue ("not yet", "toujours pas") weighs 1.
fn tense(doc: &Document, cues: &[Cue]) -> Option<(bool, usize, usize)> {
    // (start, end, over, weight)
    let mut weighed: Vec<(usize, usize, bool, usize)> = cues
        .iter()
        .filter(|c| c.state == State::Pending)
        .map(|c| (c.start, c.end, false, 1))
        .collect();
    for h in &doc.terms {
        let (over, weight) = match h.payload {
            Term::Now => (false, PHRASE_WEIGHT),
            Term::Prospective { denied: true } => (false, 1),
            Term::Tense {
                over,
                auxiliary: false,
            } => (over, PHRASE_WEIGHT),
            Term::Tense {
                over,
                auxiliary: true,
            } if before_outage_word(doc, h) => (over, 1),
            _ => continue,
        };
        if reports(doc, doc.sentence_of(h.start)) {
            weighed.push((h.start, h.end, over, weight));
        }
    }
    let weight =
        |side: bool| -> usize { weighed.iter().filter(|w| w.2 == side).map(|w| w.3).sum() };
    let (over, live) = (weight(true), weight(false));
    let restored = if over >= live + TENSE_MARGIN {
        true
    } else if live >= over + TENSE_MARGIN {
        false
    } else {
        return None;
    };
    weighed
        .iter()
        .filter(|w| w.2 == restored)
        .max_by_key(|w| w.0)
        .map(|w| (restored, w.0, w.1))
}

/// How much a tense phrase weighs against a tense auxiliary: a phrase says more.
const PHRASE_WEIGHT: usize = 2;

/// By how much one side's weight must exceed the other's to decide: a lone phrase ("users
/// are reporting" in an explainer) is too little to tell the state.
const TENSE_MARGIN: usize = 3;

/// Whether the tense auxiliary `h` stands right before an outage word, trouble word or
/// error signal ("is down", "était inaccessible", "erano irraggiungibili").
fn before_outage_word(doc: &Document, h: &Hit<Term>) -> bool {
    let from = doc.terms.partition_point(|o| o.start < h.end);
    doc.terms[from..]
        .iter()
        .take_while(|o| o.start <= h.end + AUXILIARY_REACH)
        .any(|o| {
            matches!(
                o.payload,
                Term::Outage { .. } | Term::Signal(_) | Term::Trouble
            ) && doc.text.get(h.end..o.start).is_some_and(|gap| {
                gap.split_whitespace().count() <= 2 && !gap.contains([',', '.', ';', ':'])
            })
        })
}

#[cfg(test)]
mod tests {
    use crate::record::RecordBody;
    use crate::vocab::Surface;
    use crate::Pipeline;

    /// The resolved flag and surfaces of a short article (headline and body).
    fn read(text: &str) -> (Option<bool>, Vec<Surface>) {
        let Ok(pipeline) = Pipeline::builder().build() else {
            panic!("embedded lexicons");
        };
        match pipeline.process("t.txt", text.as_bytes()).body {
            RecordBody::Article(a) => (a.resolved, a.surfaces),
            RecordBody::Error { .. } => (None, Vec::new()),
        }
    }

    fn resolved(text: &str) -> Option<bool> {
        read(text).0
    }

    #[test]
    fn denied_or_hoped_for_restoration_is_not_a_report() {
        let en = "Vodafone outage: mobile network down across the UK\n\
                  Vodafone customers cannot make calls. The company says service has not yet been \
                  restored and it is working to get everyone back online as soon as possible.";
        assert_eq!(resolved(en), Some(false));
        let fr = "Panne SFR : le réseau mobile en panne\n\
                  Les abonnés SFR ne peuvent plus appeler. La situation est loin d'être rétablie \
                  selon l'opérateur.";
        assert_eq!(resolved(fr), Some(false));
        let it = "Down TIM: rete mobile in tilt\n\
                  Gli utenti TIM non riescono a chiamare. L'azienda non ha ancora risolto il \
                  guasto e non c'è una stima per il ripristino.";
        assert_eq!(resolved(it), Some(false));
    }

    #[test]
    fn recovery_outweighs_investigating() {
        let en = "Slack outage hits thousands of users\n\
                  Slack went down on Monday morning and users could not send messages. \
                  Slack said it was investigating. The service was restored two hours later.";
        assert_eq!(resolved(en), Some(true));
        let fr = "Panne de Slack : les messages bloqués\n\
                  Slack a été en panne lundi matin. Le service a été rétabli en début d'après-midi. \
                  L'entreprise enquête en cours sur la cause.";
        assert_eq!(resolved(fr), Some(true));
    }

    #[test]
    fn opening_update_note_is_the_latest_statement() {
        let en = "Xbox Live down for many players\n\
                  Update: Microsoft says the issue is now fixed.\n\
                  Xbox Live is down and players cannot sign in. Microsoft is investigating the \
                  outage.";
        assert_eq!(resolved(en), Some(true));
    }

    #[test]
    fn past_duration_tells_the_outage_as_over() {
        let fr = "Panne géante chez Orange\n\
                  Le réseau Orange a été en panne mardi. La coupure a duré plus de trois heures.";
        assert_eq!(resolved(fr), Some(true));
        let it = "Down WhatsApp in tutta Italia\n\
                  WhatsApp è andato down nel pomeriggio. Il disservizio è durato circa un'ora.";
        assert_eq!(resolved(it), Some(true));
        let en = "Instagram outage\n\
                  Instagram was down on Tuesday for users around the world, who could not \
                  load their feeds or send messages. The outage lasted about an hour.";
        assert_eq!(resolved(en), Some(true));
    }

    #[test]
    fn progressive_return_is_restored() {
        let fr = "Panne de Free\n\
                  Les abonnés Free privés d'internet ce matin. Les connexions reviennent \
                  progressivement depuis midi.";
        assert_eq!(resolved(fr), Some(true));
        let it = "Down Iliad\n\
                  La rete Iliad è andata in down stamattina. I servizi stanno tornando a \
                  funzionare per tutti gli utenti.";
        assert_eq!(resolved(it), Some(true));
    }

    #[test]
    fn working_again_and_a_past_outage_are_told_as_over() {
        let fr = "Pourquoi le site des impôts est tombé en rade\n\
                  Le portail des impôts était inaccessible lundi soir. Tout fonctionnait de \
                  nouveau normalement mardi matin.";
        assert_eq!(resolved(fr), Some(true));
        let en = "Gaming services hit too\n\
                  Yesterday's outage took Instagram offline, and the VR headsets went down for \
                  several hours as well.";
        assert_eq!(resolved(en), Some(true));
    }

    #[test]
    fn a_monitoring_site_is_no_surface() {
        let en = "Discord down for thousands\n\
                  Discord is down, according to Downdetector, a website that tracks outages. \
                  Users cannot load messages in the mobile app.";
        assert_eq!(read(en).1, [Surface::Mobile]);
        let fr = "Panne de Discord\n\
                  Discord est en panne selon le site Downdetector. Les utilisateurs ne peuvent \
                  plus envoyer de messages sur l'application.";
        assert_eq!(read(fr).1, [Surface::Mobile]);
    }

    #[test]
    fn a_site_named_as_a_source_is_no_surface() {
        let it = "Instagram down, profili spariti\n\
                  Instagram non funziona da stamattina: l'app mostra profili vuoti. Il sito The \
                  Verge ne ha scritto per primo.";
        assert_eq!(read(it).1, [Surface::Mobile]);
    }

    #[test]
    fn phones_and_the_app_are_the_mobile_surface_in_english() {
        let en = "Verizon outage leaves phones in SOS mode\n\
                  Verizon wireless customers could not make calls on Tuesday, and the app would \
                  not load either.";
        assert_eq!(read(en).1, [Surface::Mobile]);
    }

    #[test]
    fn game_consoles_are_the_console_surface_and_cloud_consoles_developer_tools() {
        let en = "Xbox network down for gamers\n\
                  Players on Xbox Series X and older consoles cannot sign in this evening.";
        assert_eq!(read(en).1, [Surface::Console]);
        let fr = "Panne chez AWS\n\
                  Les clients ne peuvent plus accéder à la console AWS depuis ce matin.";
        assert_eq!(read(fr).1, [Surface::DeveloperTools]);
        let it = "Google Cloud down\n\
                  Il pannello di controllo non risponde e i clienti non riescono a gestire i server.";
        assert_eq!(read(it).1, [Surface::DeveloperTools]);
    }

    #[test]
    fn a_descriptor_or_a_statement_site_is_no_surface() {
        let en = "Signal is down\n\
                  The messaging app is down for thousands of people, the company said in an \
                  update on its website.";
        assert_eq!(read(en).1, []);
        let fr = "Panne de Telegram\n\
                  L'application de messagerie est en panne, a indiqué la société sur son site.";
        assert_eq!(read(fr).1, []);
        let it = "Down Telegram\n\
                  L'app di messaggistica non funziona: gli utenti non riescono a inviare messaggi \
                  dallo smartphone.";
        assert_eq!(read(it).1, [Surface::Mobile]);
    }

    #[test]
    fn a_site_quoted_as_a_source_or_the_web_as_a_whole_is_no_surface() {
        let fr = "Panne de Free\n\
                  Les abonnés Free n'ont plus de connexion ce matin. D'après le site spécialisé, \
                  la moitié des signalements viennent de Paris.";
        assert_eq!(read(fr).1, []);
        let it = "Down Iliad\n\
                  Gli utenti Iliad non riescono a navigare. Secondo il portale che raccoglie le \
                  segnalazioni, il problema è nazionale.";
        assert_eq!(read(it).1, []);
        let en = "Fastly outage\n\
                  Some of the biggest names of the web went dark when Fastly failed this morning.";
        assert_eq!(read(en).1, []);
        // The player in a browser still is one.
        let it = "Down Spotify\n\
                  I brani non partono né nell'app per smartphone né nel web player.";
        assert_eq!(read(it).1, [Surface::Web, Surface::Mobile]);
    }
}
