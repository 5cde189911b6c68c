//! The lexicon file formats and their compilation into matchers.
//!
//! A language pack file (`it.toml`) has these tables, all optional except `[language]`:
//!
//! ```toml
//! [language]
//! code = "it"            # the record's language.code
//! iso639_3 = "ita"       # the detector's code for this language
//! day_first = true       # 02/03/2026 is 2 March
//!
//! [outage]
//! strong = ["disservizio", "down"]   # words that by themselves report an outage
//! weak = ["problemi", "errore"]      # words that support one
//! trouble = ["problemi", "rallentamenti"] # tie trouble to the service named with them
//!                                    # ("problemi anche per Gmail"); for roles only: list them
//!                                    # under `weak` too if they should count as outage evidence
//! not_outage = ["multa", "prezzo"]   # topics that argue against an outage report
//!
//! [dates]
//! months = { gennaio = 1, gen = 1 }
//! weekdays = { "lunedì" = 1 }        # ISO numbering, Monday = 1
//! relative_days = { oggi = 0, ieri = -1 }
//! now = ["attualmente"]              # the outage is going on as the article is written
//! published = ["pubblicato il"]      # introduces the publication date
//! past = ["in passato"]              # a sentence about an earlier incident
//! day_suffixes = ["°"]               # 1° marzo
//! connectors = ["de", "del"]         # words between day, month and year ("3 de marzo de 2025")
//!
//! [http]
//! context = ["errore", "codice"]     # words that make a nearby 4xx/5xx number an HTTP status
//! reasons = { "errore interno del server" = 500 }
//!
//! [signals]                          # record v1 error_signals → cue phrases
//! connection_error = ["errori di connessione"]
//!
//! [signal_frames]                    # a signal told as a blocked action ("unable to … calls")
//! blocked = ["impossibile", "non riescono a"] # failure predicates before an action
//! failing = ["non vanno a buon fine"]  # failure predicates after an action ("le chiamate …")
//! [signal_frames.actions]              # record v1 error_signals → action or object words
//! call_failure = ["chiamate", "telefonare"]
//!
//! [causes]                           # record v1 cause categories → cue phrases
//! traffic_surge = ["picco di traffico"]
//!
//! [cues]
//! hedge = ["potrebbe"]               # make a cause `suspected`
//! confirm = ["ha confermato"]        # make a cause `confirmed`
//! negation = ["ha escluso"]          # make a cause `ruled_out`
//! background = ["per proteggersi da"] # a cause cue right after this is general background
//!                                    # ("a service that protects sites from DDoS attacks"),
//!                                    # not a cause of the outage
//! dependency = ["ospitato da"]       # a cloud, CDN or security provider named right after this
//!                                    # is one the failing service depends on: a third party
//! working = ["funziona regolarmente"]# a service named near this is not reported failing there
//! unaffected = ["non è stato coinvolto"] # a service named near this was not affected at all
//! channel = ["ha scritto"]          # a service named just after this is where people complained
//! channel_prepositions = ["su"]      # "su X": a social network named right after, and not in the
//!                                    # headline, is where people complained
//! channel_nouns = ["account", "post"]# "a Twitter post": a social network named right before
//!                                    # one of these is where someone posted
//! channel_gap = ["il", "social"]     # words that may stand between a channel preposition and
//!                                    # the network ("sul social Twitter")
//! alternative = ["sono passati a"]   # a service named just after this is an alternative or a
//!                                    # competitor users turned to, not a failing one
//! relative = ["che", "il quale"]   # relative pronouns: a service named in ", che …," is not
//!                                    # the subject a working/unaffected cue after it speaks of
//! earlier = ["dopo il guasto di"]    # a service named just after this is the one of an
//!                                    # earlier incident ("after last week's AWS outage")
//! negators = ["nessun", "senza"]    # an outage word or signal right after one of these is
//!                                    # negated ("nessuna interruzione") and says nothing
//! clause_break = ["ma", "mentre"]    # words that end a clause: a working/unaffected cue speaks
//!                                    # about the services of its own clause only
//! idioms = ["rendersi conto"]       # phrases with a cue word inside that mean something else
//!                                    # ("se rendre compte": "compte" is no account there);
//!                                    # being longer, they hide the word and say nothing
//! continuation = ["tra questi"]      # opening a sentence, carries on the sentence before it
//!                                    # ("… were down. Among them: A, B and C"): a failure
//!                                    # told there is told of the names listed here too
//! own_services = ["servizi di", "down"] # right before or after a company's name, makes it the
//!                                    # failing service itself ("i servizi di Google sono fuori uso")
//!
//! [sentences]
//! abbreviations = ["sig", "ott"]     # words whose trailing dot does not end a sentence
//! list_joiners = ["e", "o", "né"]    # words that may stand between the names of one list
//! name_connectors = ["della", "of"]  # short words inside a name ("Gazzetta dello Sport")
//! coordinators = ["e", "il"]         # words joining a list of victims ("Reddit, il Corriere e Twitch")
//! not_names = ["Roma", "CET"]        # capitalised words that never name a victim in a list
//!
//! [surfaces]                         # record v1 surfaces → cue phrases
//! web = ["sito web"]
//! none = ["sul suo sito"]            # phrases with a surface word that name no surface of the
//!                                    # outage: longer, they hide the word ("sul suo sito" is
//!                                    # where a statement was posted)
//!
//! [resolution]
//! resolved = ["è tornato a funzionare"]
//! ongoing = ["ancora down"]
//! pending = ["stiamo indagando"]     # ongoing cues that only say the company is on it: list them
//!                                    # under `ongoing` too; a report of recovery outweighs them
//! prospective = ["fino a quando", "verrà"] # a restored cue shortly after these is hoped for,
//!                                    # not reported ("until service is restored")
//! denied = ["non ancora"]            # a restored cue shortly after these is denied: still
//!                                    # down ("not yet restored", "loin d'être rétablie")
//! updates = ["aggiornamento"]        # opens an update note ("Update:", "Mise à jour :")
//! live = ["si lamentano"]            # weak present-tense cues: written while it is going on
//! over = ["è durato"]                # weak past-tense cues: told as over
//! live_auxiliaries = ["è", "sono"]   # right before an outage word, tell its tense:
//! over_auxiliaries = ["era", "erano"] # "è down" is live, "era down" is told as over
//! ```
//!
//! Terms are matched case-insensitively on whole words; a trailing `*` makes a term a prefix
//! (`interruzion*` matches `interruzione` and `interruzioni`); a straight apostrophe also
//! matches a typographic one.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::matcher::{MatcherBuilder, TermMatcher};
use super::{line_of, LexiconError};
use crate::vocab::{CauseCategory, ErrorSignal, Surface};

/// The `[surfaces]` key whose phrases name no surface (see [`Term::NotSurface`]).
const NO_SURFACE: &str = "none";

/// What a lexicon term means. One term may carry several meanings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Term {
    Outage {
        strong: bool,
    },
    NotOutage,
    Trouble,
    Month(u8),
    Weekday(u8),
    RelativeDay(i8),
    Now,
    PublishedCue,
    Past,
    HttpContext,
    HttpReason(u16),
    Signal(ErrorSignal),
    /// A failure predicate that blocks the action named just after it ("unable to").
    Blocked,
    /// A failure predicate that follows the action it blocks ("calls failed").
    Failing,
    /// An action or object word that names an error signal when blocked ("calls").
    Action(ErrorSignal),
    Cause(CauseCategory),
    Hedge,
    Confirm,
    Negation,
    Background,
    Dependency,
    Working,
    Unaffected,
    Channel,
    ChannelPreposition,
    ChannelNoun,
    ChannelGap,
    Alternative,
    ClauseBreak,
    Negator,
    Relative,
    Earlier,
    /// Opens a sentence that goes on with the one before it ("Among them: …", "Notamment …").
    Continuation,
    /// Right before or after a company's name, names the company's own services ("i servizi
    /// di Google", "Google's services", "Google down").
    OwnServices,
    /// An outage word or signal cancelled by a negator before it ("senza interruzioni").
    Negated,
    /// A phrase with a cue word in it that means something else ("se rendre compte"): being
    /// longer, it hides the word, and says nothing itself.
    Idiom,
    Surface(Surface),
    /// A phrase with a surface word in it that names no surface of the outage ("on its
    /// website", "the messaging app", "mobile operator"): being longer, it hides the word.
    NotSurface,
    Resolved,
    Ongoing,
    /// An ongoing cue that only says the company is working on it ("investigating").
    Pending,
    /// Makes a restored cue shortly after it hoped for ("until", "expected to be") or, when
    /// `denied`, denied ("not yet", "loin d'être"): not reported either way.
    Prospective {
        denied: bool,
    },
    /// Opens an update note of a live or updated article ("Update:", "Mise à jour").
    UpdateNote,
    /// A weak tense cue: `over` told as over, else written while it goes on; an `auxiliary`
    /// counts only right before an outage word ("was down", "è down").
    Tense {
        over: bool,
        auxiliary: bool,
    },
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawPack {
    language: Option<RawLanguage>,
    #[serde(default)]
    outage: RawOutage,
    #[serde(default)]
    dates: RawDates,
    #[serde(default)]
    http: RawHttp,
    #[serde(default)]
    signals: BTreeMap<Spanned<String>, Vec<String>>,
    #[serde(default)]
    signal_frames: RawSignalFrames,
    #[serde(default)]
    causes: BTreeMap<Spanned<String>, Vec<String>>,
    #[serde(default)]
    cues: RawCues,
    #[serde(default)]
    surfaces: BTreeMap<Spanned<String>, Vec<String>>,
    #[serde(default)]
    resolution: RawResolution,
    #[serde(default)]
    sentences: RawSentences,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSentences {
    #[serde(default)]
    abbreviations: Vec<String>,
    #[serde(default)]
    list_joiners: Vec<String>,
    #[serde(default)]
    name_connectors: Vec<String>,
    #[serde(default)]
    coordinators: Vec<String>,
    #[serde(default)]
    not_names: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    code: Spanned<String>,
    iso639_3: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    day_first: bool,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawOutage {
    #[serde(default)]
    strong: Vec<String>,
    #[serde(default)]
    weak: Vec<String>,
    #[serde(default)]
    not_outage: Vec<String>,
    #[serde(default)]
    trouble: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawDates {
    #[serde(default)]
    months: BTreeMap<String, Spanned<i64>>,
    #[serde(default)]
    weekdays: BTreeMap<String, Spanned<i64>>,
    #[serde(default)]
    relative_days: BTreeMap<String, Spanned<i64>>,
    #[serde(default)]
    now: Vec<String>,
    #[serde(default)]
    published: Vec<String>,
    #[serde(default)]
    past: Vec<String>,
    #[serde(default)]
    day_suffixes: Vec<String>,
    #[serde(default)]
    connectors: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawHttp {
    #[serde(default)]
    context: Vec<String>,
    #[serde(default)]
    reasons: BTreeMap<String, Spanned<i64>>,
}

/// Error signals told as a failure predicate and an action ("unable to make calls").
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSignalFrames {
    #[serde(default)]
    blocked: Vec<String>,
    #[serde(default)]
    failing: Vec<String>,
    #[serde(default)]
    actions: BTreeMap<Spanned<String>, Vec<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawCues {
    #[serde(default)]
    hedge: Vec<String>,
    #[serde(default)]
    confirm: Vec<String>,
    #[serde(default)]
    negation: Vec<String>,
    #[serde(default)]
    background: Vec<String>,
    #[serde(default)]
    dependency: Vec<String>,
    #[serde(default)]
    working: Vec<String>,
    #[serde(default)]
    unaffected: Vec<String>,
    #[serde(default)]
    channel: Vec<String>,
    #[serde(default)]
    channel_prepositions: Vec<String>,
    #[serde(default)]
    channel_nouns: Vec<String>,
    #[serde(default)]
    channel_gap: Vec<String>,
    #[serde(default)]
    alternative: Vec<String>,
    #[serde(default)]
    negators: Vec<String>,
    #[serde(default)]
    relative: Vec<String>,
    #[serde(default)]
    earlier: Vec<String>,
    #[serde(default)]
    clause_break: Vec<String>,
    #[serde(default)]
    continuation: Vec<String>,
    #[serde(default)]
    own_services: Vec<String>,
    #[serde(default)]
    idioms: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawResolution {
    #[serde(default)]
    resolved: Vec<String>,
    #[serde(default)]
    ongoing: Vec<String>,
    #[serde(default)]
    pending: Vec<String>,
    #[serde(default)]
    prospective: Vec<String>,
    #[serde(default)]
    denied: Vec<String>,
    #[serde(default)]
    updates: Vec<String>,
    #[serde(default)]
    live: Vec<String>,
    #[serde(default)]
    over: Vec<String>,
    #[serde(default)]
    live_auxiliaries: Vec<String>,
    #[serde(default)]
    over_auxiliaries: Vec<String>,
}

/// A compiled language pack (or the language-independent `common.toml`).
#[derive(Debug)]
pub(crate) struct LanguagePack {
    /// The record's language code (`it`); `common` for the language-independent pack.
    pub code: String,
    /// ISO 639-3 code as reported by the language detector.
    pub iso639_3: String,
    /// Human name (`Italian`).
    pub name: String,
    /// Numeric dates are day-first (02/03/2026 = 2 March).
    pub day_first: bool,
    /// Suffixes written after a day number (`1°`, `1er`, `2nd`).
    pub day_suffixes: Vec<String>,
    /// Words (lower case) that may stand between the day, the month name and the year
    /// (`3 de marzo de 2025`).
    pub date_connectors: Vec<String>,
    /// Words (lower case, without their final dot) whose dot does not end a sentence.
    pub abbreviations: Vec<String>,
    /// Words (lower case) that may stand between the names of one list ("Gmail, Drive et Meet").
    pub list_joiners: Vec<String>,
    /// Words (lower case) that may stand inside a name between capitalised words ("Bank of
    /// Scotland", "Gazzetta dello Sport").
    pub name_connectors: Vec<String>,
    /// Words (lower case) that join the names of a list of victims: coordinators and the
    /// articles repeated before names ("Reddit, the BBC and Twitch").
    pub coordinators: Vec<String>,
    /// Capitalised words or names (lower case) that never name a victim in a list: places,
    /// time zones ("heure de Paris, Facebook et Instagram…").
    pub not_names: Vec<String>,
    /// Every term of the pack, searched in [`super::Lexicons`]' joint automaton.
    pub matcher: TermMatcher<Term>,
}

/// The words of a lexicon list in lower case.
fn lower(words: &[String]) -> Vec<String> {
    words.iter().map(|w| w.to_lowercase()).collect()
}

fn invalid(file: &str, text: &str, offset: usize, message: String) -> LexiconError {
    LexiconError::Invalid {
        file: file.to_string(),
        line: line_of(text, offset),
        message,
    }
}

/// Byte offset of the last quoted string in `text` that folds to `term` (the later of two
/// contradicting definitions), or 0. `term` is a matcher term: folded, or exact-case for
/// case-sensitive aliases.
fn term_offset(text: &str, term: &str) -> usize {
    let mut found = 0;
    let mut rest = text;
    let mut base = 0;
    while let Some(open) = rest.find('"') {
        let after = open + 1;
        let Some(len) = rest.get(after..).and_then(|r| r.find('"')) else {
            break;
        };
        let quoted = rest.get(after..after + len).unwrap_or("");
        let body = quoted.trim().trim_end_matches('*').trim_end();
        let straight = |t: &str| t.replace('\u{2019}', "'");
        if straight(body) == straight(term)
            || straight(&super::matcher_fold(body)) == straight(term)
        {
            found = base + open;
        }
        let next = after + len + 1;
        base += next;
        rest = rest.get(next..).unwrap_or("");
    }
    found
}

fn parse_toml<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, LexiconError> {
    toml::from_str(text).map_err(|err| {
        let offset = err.span().map(|s| s.start).unwrap_or(0);
        invalid(file, text, offset, err.message().to_string())
    })
}

/// Resolves a vocabulary name (`connection_error`) or reports the line it is on.
fn vocabulary<T>(
    file: &str,
    text: &str,
    key: &Spanned<String>,
    kind: &str,
    parse: impl Fn(&str) -> Option<T>,
    all: &[&str],
) -> Result<T, LexiconError> {
    parse(key.get_ref()).ok_or_else(|| {
        invalid(
            file,
            text,
            key.span().start,
            format!(
                "unknown {kind} `{}` (expected one of: {})",
                key.get_ref(),
                all.join(", ")
            ),
        )
    })
}

fn small_int(
    file: &str,
    text: &str,
    value: &Spanned<i64>,
    range: std::ops::RangeInclusive<i64>,
    what: &str,
) -> Result<i64, LexiconError> {
    let v = *value.get_ref();
    if range.contains(&v) {
        Ok(v)
    } else {
        Err(invalid(
            file,
            text,
            value.span().start,
            format!(
                "{what} {v} is out of range {}..={}",
                range.start(),
                range.end()
            ),
        ))
    }
}

impl LanguagePack {
    /// Parses and compiles one pack. `needs_language` is false only for `common.toml`.
    pub(crate) fn parse(
        file: &str,
        text: &str,
        needs_language: bool,
    ) -> Result<LanguagePack, LexiconError> {
        let raw: RawPack = parse_toml(file, text)?;
        let (code, iso639_3, name, day_first) = match (&raw.language, needs_language) {
            (Some(lang), true) => {
                let code = lang.code.get_ref().clone();
                if code.is_empty() || !code.chars().all(|c| c.is_ascii_lowercase()) {
                    return Err(invalid(
                        file,
                        text,
                        lang.code.span().start,
                        format!("language code `{code}` must be lower-case letters"),
                    ));
                }
                (
                    code,
                    lang.iso639_3.clone(),
                    lang.name.clone(),
                    lang.day_first,
                )
            }
            (None, true) => {
                return Err(invalid(file, text, 0, "missing [language] table".into()));
            }
            (Some(_), false) => {
                return Err(invalid(
                    file,
                    text,
                    0,
                    "the common lexicon cannot have a [language] table".into(),
                ));
            }
            (None, false) => ("common".into(), String::new(), "common".into(), false),
        };

        let mut b = MatcherBuilder::new(false);
        b.add_all(&raw.outage.strong, Term::Outage { strong: true });
        b.add_all(&raw.outage.weak, Term::Outage { strong: false });
        b.add_all(&raw.outage.not_outage, Term::NotOutage);
        b.add_all(&raw.outage.trouble, Term::Trouble);
        for (word, n) in &raw.dates.months {
            let n = small_int(file, text, n, 1..=12, "month")?;
            b.add(word, Term::Month(n as u8));
        }
        for (word, n) in &raw.dates.weekdays {
            let n = small_int(file, text, n, 1..=7, "weekday")?;
            b.add(word, Term::Weekday(n as u8));
        }
        for (word, n) in &raw.dates.relative_days {
            let n = small_int(file, text, n, -7..=0, "relative day")?;
            b.add(word, Term::RelativeDay(n as i8));
        }
        b.add_all(&raw.dates.now, Term::Now);
        b.add_all(&raw.dates.published, Term::PublishedCue);
        b.add_all(&raw.dates.past, Term::Past);
        b.add_all(&raw.http.context, Term::HttpContext);
        for (phrase, status) in &raw.http.reasons {
            let status = small_int(file, text, status, 400..=599, "HTTP status")?;
            b.add(phrase, Term::HttpReason(status as u16));
        }
        let signal_names: Vec<&str> = ErrorSignal::ALL.iter().map(|s| s.as_str()).collect();
        let signal = |key| {
            vocabulary(
                file,
                text,
                key,
                "error signal",
                ErrorSignal::from_name,
                &signal_names,
            )
        };
        for (key, terms) in &raw.signals {
            b.add_all(terms, Term::Signal(signal(key)?));
        }
        b.add_all(&raw.signal_frames.blocked, Term::Blocked);
        b.add_all(&raw.signal_frames.failing, Term::Failing);
        for (key, terms) in &raw.signal_frames.actions {
            b.add_all(terms, Term::Action(signal(key)?));
        }
        let cause_names: Vec<&str> = CauseCategory::ALL.iter().map(|s| s.as_str()).collect();
        for (key, terms) in &raw.causes {
            let cause = vocabulary(
                file,
                text,
                key,
                "cause category",
                CauseCategory::from_name,
                &cause_names,
            )?;
            b.add_all(terms, Term::Cause(cause));
        }
        let surface_names: Vec<&str> = Surface::ALL.iter().map(|s| s.as_str()).collect();
        for (key, terms) in &raw.surfaces {
            if key.get_ref() == NO_SURFACE {
                b.add_all(terms, Term::NotSurface);
                continue;
            }
            let surface = vocabulary(
                file,
                text,
                key,
                "surface",
                Surface::from_name,
                &surface_names,
            )?;
            b.add_all(terms, Term::Surface(surface));
        }
        b.add_all(&raw.cues.hedge, Term::Hedge);
        b.add_all(&raw.cues.confirm, Term::Confirm);
        b.add_all(&raw.cues.negation, Term::Negation);
        b.add_all(&raw.cues.background, Term::Background);
        b.add_all(&raw.cues.dependency, Term::Dependency);
        b.add_all(&raw.cues.working, Term::Working);
        b.add_all(&raw.cues.unaffected, Term::Unaffected);
        b.add_all(&raw.cues.channel, Term::Channel);
        b.add_all(&raw.cues.channel_prepositions, Term::ChannelPreposition);
        b.add_all(&raw.cues.channel_nouns, Term::ChannelNoun);
        b.add_all(&raw.cues.channel_gap, Term::ChannelGap);
        b.add_all(&raw.cues.alternative, Term::Alternative);
        b.add_all(&raw.cues.negators, Term::Negator);
        b.add_all(&raw.cues.relative, Term::Relative);
        b.add_all(&raw.cues.earlier, Term::Earlier);
        b.add_all(&raw.cues.continuation, Term::Continuation);
        b.add_all(&raw.cues.own_services, Term::OwnServices);
        b.add_all(&raw.cues.idioms, Term::Idiom);
        b.add_all(&raw.cues.clause_break, Term::ClauseBreak);
        b.add_all(&raw.resolution.resolved, Term::Resolved);
        b.add_all(&raw.resolution.ongoing, Term::Ongoing);
        b.add_all(&raw.resolution.pending, Term::Pending);
        b.add_all(
            &raw.resolution.prospective,
            Term::Prospective { denied: false },
        );
        b.add_all(&raw.resolution.denied, Term::Prospective { denied: true });
        b.add_all(&raw.resolution.updates, Term::UpdateNote);
        let tense = |over, auxiliary| Term::Tense { over, auxiliary };
        b.add_all(&raw.resolution.live, tense(false, false));
        b.add_all(&raw.resolution.over, tense(true, false));
        b.add_all(&raw.resolution.live_auxiliaries, tense(false, true));
        b.add_all(&raw.resolution.over_auxiliaries, tense(true, true));

        // A term may mean several things, but not two contradictory ones.
        const CONTRADICTIONS: &[(Term, Term, &str)] = &[
            (
                Term::Resolved,
                Term::Ongoing,
                "both `resolved` and `ongoing`",
            ),
            (
                Term::Resolved,
                Term::Pending,
                "both `resolved` and `pending`",
            ),
            (
                Term::Tense {
                    over: true,
                    auxiliary: false,
                },
                Term::Tense {
                    over: false,
                    auxiliary: false,
                },
                "both `over` and `live`",
            ),
            (
                Term::Hedge,
                Term::Confirm,
                "both a hedge and a confirmation cue",
            ),
            (
                Term::Hedge,
                Term::Negation,
                "both a hedge and a negation cue",
            ),
            (
                Term::Confirm,
                Term::Negation,
                "both a confirmation and a negation cue",
            ),
        ];
        for (a, b_term, what) in CONTRADICTIONS {
            if let Some(term) = b.find_conflict(*a, *b_term) {
                let offset = term_offset(text, &term);
                return Err(invalid(
                    file,
                    text,
                    offset,
                    format!("term `{term}` is {what}"),
                ));
            }
        }
        let matcher = b.build_member();
        Ok(LanguagePack {
            code,
            iso639_3,
            name,
            day_first,
            day_suffixes: raw.dates.day_suffixes.clone(),
            date_connectors: lower(&raw.dates.connectors),
            abbreviations: raw
                .sentences
                .abbreviations
                .iter()
                .map(|a| a.trim_end_matches('.').to_lowercase())
                .collect(),
            list_joiners: raw
                .sentences
                .list_joiners
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
            name_connectors: lower(&raw.sentences.name_connectors),
            coordinators: lower(&raw.sentences.coordinators),
            not_names: lower(&raw.sentences.not_names),
            matcher,
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawServices {
    #[serde(default)]
    not_services: Vec<String>,
    #[serde(default)]
    service: Vec<RawService>,
    #[serde(default)]
    company: Vec<RawCompany>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawService {
    name: Spanned<String>,
    vendor: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    exact: Vec<String>,
    #[serde(default)]
    generic: Vec<String>,
    #[serde(default)]
    monitor: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCompany {
    name: Spanned<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    exact: Vec<String>,
}

/// One service of the services lexicon.
#[derive(Debug, Clone)]
pub(crate) struct ServiceEntry {
    pub name: String,
    pub vendor: String,
    pub category: String,
    pub monitor: bool,
}

/// What a services-lexicon match refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ServiceRef {
    /// A named service (index into `entries`).
    Service(u32),
    /// A generic word that stands for this service when its vendor is the article's.
    Generic(u32),
    /// A company that is not a service (index into `companies`).
    Company(u32),
    /// A phrase that contains a service's name but means something else ("Xbox Series X").
    NotService,
}

/// The compiled services lexicon.
#[derive(Debug)]
pub(crate) struct ServiceLexicon {
    pub entries: Vec<ServiceEntry>,
    pub companies: Vec<String>,
    /// Aliases, case-insensitive (searched in [`super::Lexicons`]' joint automaton).
    pub folded: TermMatcher<ServiceRef>,
    /// Exact-case aliases.
    pub exact: TermMatcher<ServiceRef>,
}

impl ServiceLexicon {
    pub(crate) fn parse(file: &str, text: &str) -> Result<ServiceLexicon, LexiconError> {
        let raw: RawServices = parse_toml(file, text)?;
        let mut folded = MatcherBuilder::new(false);
        let mut exact = MatcherBuilder::new(true);
        let mut entries = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (i, s) in raw.service.iter().enumerate() {
            let name = s.name.get_ref();
            if name.trim().is_empty() || s.vendor.trim().is_empty() {
                return Err(invalid(
                    file,
                    text,
                    s.name.span().start,
                    "a service needs a name and a vendor".into(),
                ));
            }
            if !seen.insert(name.clone()) {
                return Err(invalid(
                    file,
                    text,
                    s.name.span().start,
                    format!("service `{name}` is defined twice"),
                ));
            }
            let id = ServiceRef::Service(i as u32);
            if !s.exact.iter().any(|e| e == name) {
                folded.add(name, id);
            }
            folded.add_all(&s.aliases, id);
            exact.add_all(&s.exact, id);
            exact.add_all(&s.generic, ServiceRef::Generic(i as u32));
            entries.push(ServiceEntry {
                name: name.clone(),
                vendor: s.vendor.clone(),
                category: s.category.clone(),
                monitor: s.monitor,
            });
        }
        folded.add_all(&raw.not_services, ServiceRef::NotService);
        let mut companies = Vec::new();
        for (i, c) in raw.company.iter().enumerate() {
            let id = ServiceRef::Company(i as u32);
            let name = c.name.get_ref();
            if !c.exact.iter().any(|e| e == name) {
                folded.add(name, id);
            }
            folded.add_all(&c.aliases, id);
            exact.add_all(&c.exact, id);
            companies.push(name.clone());
        }
        // The same alias for two entries would make every mention ambiguous. Generic words
        // ("API") are shared on purpose: they stand for a vendor's service only in that
        // vendor's articles.
        let named = |r: &ServiceRef| !matches!(r, ServiceRef::Generic(_));
        let conflict = folded
            .find_payload_conflict(|a, b| a != b)
            .or_else(|| exact.find_payload_conflict(|a, b| a != b && named(a) && named(b)));
        if let Some(alias) = conflict {
            return Err(invalid(
                file,
                text,
                term_offset(text, &alias),
                format!("alias `{alias}` belongs to two different entries"),
            ));
        }
        Ok(ServiceLexicon {
            entries,
            companies,
            folded: folded.build_member(),
            exact: exact.build().map_err(|e| invalid(file, text, 0, e))?,
        })
    }
}
