//! Dates: the publication date, the incident date and related dates, as TimeML values.
//!
//! Date expressions are found from their triggers: month names, relative day words, weekdays
//! and "now" cues come from the language pack's automaton; small anchored parsers then read
//! the digits next to a month name ("23 gennaio 2025", "1er mars", "March 2, 2026",
//! "Dec. 26"). Numeric dates ("02/03/2026", day first where the language says so) and ISO
//! dates are found by two regexes.
//!
//! Relative expressions ("oggi", "hier", "this morning", "on Tuesday") are resolved against
//! the publication date, or the reference date the caller gives — never the clock. A date
//! without a year takes the year that puts it on or before the anchor; without an anchor its
//! year stays `XXXX`. Nothing is guessed.
//!
//! The incident date is the first date of a sentence that is not about an earlier incident
//! and is not the publication date; dates in sentences about earlier incidents are related
//! dates.

use std::sync::LazyLock;

use jiff::civil::Date;
use regex::Regex;

use crate::lexicon::Term;
use crate::record::{DateValue, Evidence, Precision};

use super::Document;

/// A date whose parts may be unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartialDate {
    /// Year, if known.
    pub year: Option<i16>,
    /// Month 1–12, if known.
    pub month: Option<u8>,
    /// Day of month, if known.
    pub day: Option<u8>,
}

impl PartialDate {
    /// A complete calendar date.
    pub fn from_date(d: Date) -> PartialDate {
        PartialDate {
            year: Some(d.year()),
            month: Some(d.month() as u8),
            day: Some(d.day() as u8),
        }
    }

    /// The TimeML value: `2025-01-23`, `2024-12`, `2024`, `XXXX-01-23`.
    pub fn value(&self) -> String {
        let year = match self.year {
            Some(y) => format!("{y:04}"),
            None => "XXXX".to_string(),
        };
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{year}-{m:02}-{d:02}"),
            (Some(m), None) => format!("{year}-{m:02}"),
            (None, Some(d)) => format!("{year}-XX-{d:02}"),
            (None, None) => year,
        }
    }

    /// How precise the value is.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (_, Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            (None, None) => Precision::Year,
        }
    }

    /// The calendar date, when year, month and day are all known and valid.
    pub fn date(&self) -> Option<Date> {
        Date::new(self.year?, self.month? as i8, self.day? as i8).ok()
    }

    /// Parses a TimeML value with a known year (`2025-01-23`, `2024-12`, `2024`).
    pub fn parse(value: &str) -> Option<PartialDate> {
        let mut parts = value.split('-');
        let year: i16 = parts.next()?.parse().ok()?;
        let month: Option<u8> = parts.next().map(|m| m.parse()).transpose().ok()?;
        let day: Option<u8> = parts.next().map(|d| d.parse()).transpose().ok()?;
        if parts.next().is_some() || !(1..=12).contains(&month.unwrap_or(1)) {
            return None;
        }
        let d = PartialDate {
            year: Some(year),
            month,
            day,
        };
        if day.is_some() && d.date().is_none() {
            return None;
        }
        Some(d)
    }
}

/// What a date expression says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expr {
    /// An absolute date, possibly without year.
    Absolute(PartialDate),
    /// `n` days before the anchor (0 = the anchor's day).
    Relative(i8),
    /// A weekday on or before the anchor (ISO, Monday = 1).
    Weekday(u8),
    /// A weekday with its day of the month ("quinta-feira (23)", "terça-feira, 8,"): that day
    /// on or before the anchor, or the day alone (`XXXX-XX-23`) without one.
    WeekdayDay(u8, u8),
    /// "Currently": the anchor itself.
    Now,
}

#[derive(Clone, Copy, Debug)]
struct Mention {
    start: usize,
    end: usize,
    expr: Expr,
}

impl Mention {
    /// The date of an absolute mention.
    fn absolute(&self) -> Option<PartialDate> {
        match self.expr {
            Expr::Absolute(d) => Some(d),
            _ => None,
        }
    }
}

/// The dates of one article.
#[derive(Debug, Default)]
pub(crate) struct Dates {
    pub published: Option<(PartialDate, Evidence)>,
    pub incident: Option<DateValue>,
    pub related: Vec<DateValue>,
    /// Sentences that date themselves before the incident ("the 4 October 2021 outage",
    /// "over Christmas 2014"): they are about earlier incidents.
    pub earlier_sentences: Vec<usize>,
}

static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        // ASCII classes and word boundaries: the lazy DFA can run them, Unicode ones not.
        r"(?-u)\b((?:19|20)\d\d)-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01])",
        r"(?:T\d\d:\d\d(?::\d\d)?(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?)?)?\b"
    ))
    .expect("static regex")
});
static NUMERIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u)\b(\d{1,2})([/.])(\d{1,2})([/.])((?:19|20)\d\d|\d\d)\b")
        .expect("static regex")
});

/// How far after a "published" cue its date may start.
const PUBLISHED_REACH: usize = 40;
/// The publication date is looked for in this many leading bytes…
const HEADER_BYTES: usize = 600;
/// … after a cue, or in a dateline: one of the first lines, no longer than this.
const HEADER_LINES: usize = 3;
const DATELINE_BYTES: usize = 90;
/// A header line with no more letters than this besides its date is only a dateline
/// ("| 13 Jun 2025", "Dec. 26, 2024 at 7:05 p.m. ET").
const DATELINE_LETTERS: usize = 12;

/// The byte range of the line around `pos`, without its line break.
fn line_around(text: &str, pos: usize) -> std::ops::Range<usize> {
    let start = text
        .get(..pos)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let end = text
        .get(pos..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| pos + i);
    start..end
}

/// Extracts the publication, incident and related dates. `metadata_published` (from input
/// metadata) wins over the article's own; `reference` anchors relative dates when the
/// article has no publication date.
pub(crate) fn extract(
    doc: &Document,
    metadata_published: Option<PartialDate>,
    reference: Option<PartialDate>,
) -> Dates {
    let mentions = find_mentions(doc);
    let published = find_published(doc, &mentions);
    // The date line is no incident date; a full date that made it precise still may be.
    // Nor are the other dates of a short published line ("Last update: Sep 4, 2024 |
    // Published: Dec 9, 2021") or of a header line that holds nothing but a date.
    let published_span = find_published_line(doc, &mentions).map(|(_, e)| {
        let line = line_around(doc.text, e.start);
        if line.len() <= DATELINE_BYTES {
            line
        } else {
            e.start..e.end
        }
    });
    let header_dateline = |m: &Mention| {
        let line = line_around(doc.text, m.start);
        let rest_letters = |r: std::ops::Range<usize>| {
            doc.text
                .get(r)
                .map_or(0, |t| t.chars().filter(|c| c.is_alphabetic()).count())
        };
        doc.text[..line.start].matches('\n').count() < HEADER_LINES
            && line.len() <= DATELINE_BYTES
            && rest_letters(line.start..m.start) + rest_letters(m.end..line.end) <= DATELINE_LETTERS
    };
    let published = match metadata_published {
        Some(p) => Some((p, Evidence::new(doc.text, 0, 0))),
        None => published,
    };
    // Without a date line, the posts the article embeds date it ("— A user (@handle)
    // March 13, 2019"): the earliest of them anchors "yesterday" and years left unsaid.
    let posted = embedded_post_date(doc, &mentions);
    let anchor = published
        .as_ref()
        .map(|(p, _)| *p)
        .filter(|p| p.year.is_some())
        .or(reference)
        .or(posted.as_ref().map(|(d, _)| *d));

    let mut incident: Option<DateValue> = None;
    let mut incident_date: Option<PartialDate> = None;
    let mut incident_rank = 0;
    let mut lead_end: Option<usize> = None;
    let mut related: Vec<DateValue> = Vec::new();
    let candidates: Vec<&Mention> = mentions
        .iter()
        .filter(|m| {
            let on_published_line = published_span
                .as_ref()
                .is_some_and(|p| m.start < p.end && p.start < m.end);
            let in_header = published.is_some() && header_dateline(m);
            !(on_published_line || in_header)
        })
        .collect();
    // Sentences naming a year before the publication year ("over Christmas 2014") recall
    // earlier incidents: their dates are related, never the incident's.
    let years = bare_years(doc);
    let before_year = |year: i16| {
        years
            .iter()
            .filter(move |&&(_, y)| y < year)
            .map(|&(sentence, _)| sentence)
    };
    let old_year_sentences: Vec<usize> = anchor
        .and_then(|a| a.year)
        .map(|year| before_year(year).collect())
        .unwrap_or_default();
    for (i, m) in candidates.iter().enumerate() {
        if matches!(m.expr, Expr::Now) {
            continue;
        }
        let sentence = doc.sentence_of(m.start);
        if doc.is_past(sentence)
            || old_year_sentences.contains(&sentence)
            || of_earlier_event(doc, sentence, m.start)
        {
            if let Some(value) = resolve(m.expr, anchor) {
                if !related.iter().any(|r| r.value == value.value()) {
                    related.push(date_value(doc, m, value));
                }
            }
            continue;
        }
        // The incident date is the most specific date of the lead: the sentence of the first
        // date and the few after it ("after an overnight outage … late on Monday").
        let lead_end = *lead_end.get_or_insert(sentence + LEAD_SENTENCES);
        if sentence > lead_end {
            continue;
        }
        // "oggi, 23 gennaio" / "Tuesday, June 4": the absolute date right after wins.
        let chosen = match m.expr {
            Expr::Absolute(_) => **m,
            _ => candidates
                .get(i + 1)
                .filter(|n| {
                    matches!(n.expr, Expr::Absolute(_))
                        && n.start >= m.end
                        && n.start - m.end <= 24
                        && doc.sentence_of(n.start) == sentence
                })
                .map(|n| **n)
                .unwrap_or(**m),
        };
        if let Some(value) = resolve(chosen.expr, anchor) {
            let rank = specificity(&chosen.expr, &value);
            if rank > incident_rank {
                incident_rank = rank;
                incident_date = Some(value);
                incident = Some(date_value(doc, &chosen, value));
            }
        }
    }
    if incident.is_none() {
        incident = candidates
            .iter()
            .filter(|m| matches!(m.expr, Expr::Now) && !doc.is_past(doc.sentence_of(m.start)))
            .find_map(|m| resolve(m.expr, anchor).map(|v| date_value(doc, m, v)));
    }
    // A report that dates the outage in no other way is about the day it was published
    // ("WhatsApp non funziona: segnalazioni da stamattina" under a date line): the incident
    // takes the publication date, at its precision (a month-only date line gives the month).
    // (Only in a language with a pack: elsewhere nothing says the text reports an outage.)
    if incident.is_none() && doc.pack.is_some() {
        let posted = posted.filter(|_| reference.is_none());
        incident = published
            .as_ref()
            .map(|(p, e)| (*p, e.clone()))
            .filter(|(p, _)| p.year.is_some())
            .or(posted)
            .map(|(p, evidence)| DateValue {
                value: p.value(),
                precision: p.precision(),
                evidence,
                time: None,
            });
    }
    // A sentence dated before the incident recalls an earlier one.
    let mut earlier_sentences = Vec::new();
    if let (Some(inc), Some(evidence)) = (incident_date, incident.as_ref().map(|i| &i.evidence)) {
        let incident_sentence = doc.sentence_of(evidence.start);
        for m in &candidates {
            let sentence = doc.sentence_of(m.start);
            if sentence == incident_sentence || doc.is_past(sentence) {
                continue;
            }
            let Expr::Absolute(_) = m.expr else { continue };
            let Some(value) = resolve(m.expr, anchor) else {
                continue;
            };
            if is_before(&value, &inc) {
                if !related.iter().any(|r| r.value == value.value()) {
                    related.push(date_value(doc, m, value));
                }
                earlier_sentences.push(sentence);
            }
        }
        if let Some(year) = inc.year {
            earlier_sentences.extend(before_year(year));
        }
        earlier_sentences.extend(&old_year_sentences);
        earlier_sentences.retain(|&s| s != incident_sentence);
        earlier_sentences.sort_unstable();
        earlier_sentences.dedup();
    }
    if let Some(inc) = incident.as_mut() {
        let sentence = doc.sentence_of(inc.evidence.start);
        inc.time = super::times::incident_time(doc, sentence, published.as_ref().map(|(_, e)| e));
    }
    // Related dates are earlier incidents: never the incident date itself.
    if let Some(inc) = &incident {
        related.retain(|r| r.value != inc.value);
    }
    Dates {
        published,
        incident,
        related,
        earlier_sentences,
    }
}

/// The earliest full date of a post the article embeds: a date with its year written right
/// after the author's handle in parentheses ("— Jane Doe (@jane) July 15, 2020"), with its
/// evidence.
fn embedded_post_date(doc: &Document, mentions: &[Mention]) -> Option<(PartialDate, Evidence)> {
    mentions
        .iter()
        .filter_map(|m| match m.expr {
            Expr::Absolute(d) if d.year.is_some() && d.day.is_some() => Some((m, d)),
            _ => None,
        })
        .filter(|(m, _)| {
            let before = doc.text.get(..m.start).unwrap_or_default().trim_end();
            before.ends_with(')')
                && before
                    .rfind('(')
                    .and_then(|open| before.get(open + 1..))
                    .is_some_and(|handle| {
                        handle.starts_with('@')
                            && handle.len() <= 40
                            && !handle.contains(char::is_whitespace)
                    })
        })
        .min_by_key(|(_, d)| (d.year, d.month, d.day))
        .map(|(m, d)| (d, Evidence::new(doc.text, m.start, m.end)))
}

/// Whether `d` is known to fall before `incident`, comparing the parts both know from the
/// year down (a date without year is compared within the year).
fn is_before(d: &PartialDate, incident: &PartialDate) -> bool {
    if let (Some(a), Some(b)) = (d.year, incident.year) {
        if a != b {
            return a < b;
        }
    }
    match (d.month, incident.month) {
        (Some(a), Some(b)) if a != b => a < b,
        (Some(_), Some(_)) => matches!((d.day, incident.day), (Some(a), Some(b)) if a < b),
        _ => false,
    }
}

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u)\b(?:19|20)\d\d\b").expect("static regex"));

/// The bare years the article names outside its headline ("over Christmas 2014", "nel
/// 2021"), not as part of a number ("2014,5"), a date or a version, with their sentences.
fn bare_years(doc: &Document) -> Vec<(usize, i16)> {
    YEAR.find_iter(doc.text)
        .filter(|m| {
            let bytes = doc.text.as_bytes();
            let before = m.start().checked_sub(1).and_then(|i| bytes.get(i)).copied();
            let after = bytes.get(m.end()).copied();
            let then = bytes.get(m.end() + 1).copied();
            let glued_before = matches!(before, Some(b'.' | b',' | b'-' | b'/' | b':'));
            let glued_after = matches!(after, Some(b'-' | b'/' | b':'))
                || (matches!(after, Some(b'.' | b',')) && then.is_some_and(|c| c.is_ascii_digit()));
            !glued_before && !glued_after
        })
        .filter_map(|m| Some((doc.sentence_of(m.start()), m.as_str().parse::<i16>().ok()?)))
        .filter(|&(sentence, _)| sentence != 0)
        .collect()
}

/// Whether a date at `pos` belongs to an earlier event the sentence compares this one with:
/// an `[cues] earlier` phrase stands shortly before it in its clause ("not an attack, as in
/// the ransomware attack on the pipeline on May 7", "comme lors de la panne de mars").
fn of_earlier_event(doc: &Document, sentence: usize, pos: usize) -> bool {
    doc.sentence_terms(sentence).any(|t| {
        t.payload == Term::Earlier
            && t.end <= pos
            && pos - t.end <= EARLIER_REACH
            && doc
                .text
                .get(t.end..pos)
                .is_some_and(|gap| !gap.contains([';', ':', '(', ')', '—', '–']))
    })
}

/// How far (bytes) after an earlier-event cue a date still belongs to that event.
const EARLIER_REACH: usize = 80;
/// How many sentences after the first dated one still count as the lead.
const LEAD_SENTENCES: usize = 3;

/// How specific an expression is: an explicit day beats a weekday, which beats a relative
/// day ("overnight"), which beats a month.
fn specificity(expr: &Expr, value: &PartialDate) -> u8 {
    match (expr, value.precision()) {
        (Expr::Absolute(_) | Expr::WeekdayDay(..), Precision::Day) => 4,
        (Expr::Weekday(_), _) => 3,
        (Expr::Relative(_), _) => 2,
        _ => 1,
    }
}

fn date_value(doc: &Document, m: &Mention, value: PartialDate) -> DateValue {
    DateValue {
        value: value.value(),
        precision: value.precision(),
        evidence: Evidence::new(doc.text, m.start, m.end),
        time: None,
    }
}

/// Resolves an expression against the anchor (publication or reference date).
fn resolve(expr: Expr, anchor: Option<PartialDate>) -> Option<PartialDate> {
    match expr {
        Expr::Absolute(d) if d.year.is_some() => Some(d),
        Expr::Absolute(d) => {
            let Some(a) = anchor else { return Some(d) };
            let (Some(month), Some(year)) = (d.month, a.year) else {
                return Some(d);
            };
            let after_anchor = match a.month {
                Some(am) => (month, d.day.unwrap_or(1)) > (am, a.day.unwrap_or(31)),
                None => false,
            };
            let year = if after_anchor { year - 1 } else { year };
            let resolved = PartialDate {
                year: Some(year),
                ..d
            };
            // 29 February of a year that has none: keep the year unknown.
            if resolved.day.is_some() && resolved.date().is_none() {
                return Some(d);
            }
            Some(resolved)
        }
        Expr::Relative(days) => {
            let a = anchor?;
            match a.date() {
                Some(date) => date
                    .checked_add(jiff::Span::new().days(i64::from(days)))
                    .ok()
                    .map(PartialDate::from_date),
                // A month- or year-precise anchor can only stand for "today".
                None if days == 0 => Some(a),
                None => None,
            }
        }
        Expr::Weekday(w) => {
            let date = anchor?.date()?;
            let back = (date.weekday().to_monday_one_offset() as i64 - i64::from(w)).rem_euclid(7);
            date.checked_sub(jiff::Span::new().days(back))
                .ok()
                .map(PartialDate::from_date)
        }
        Expr::WeekdayDay(_, day) => {
            let Some(a) = anchor else {
                return Some(PartialDate {
                    year: None,
                    month: None,
                    day: Some(day),
                });
            };
            if let Some(date) = a.date() {
                // The latest date with that day of the month, on or before the anchor.
                return (0..31)
                    .filter_map(|back| date.checked_sub(jiff::Span::new().days(back)).ok())
                    .find(|d| d.day() as u8 == day)
                    .map(PartialDate::from_date);
            }
            let dated = PartialDate {
                day: Some(day),
                ..a
            };
            match (a.month, dated.date()) {
                (Some(_), Some(_)) => Some(dated),
                _ => None,
            }
        }
        Expr::Now => anchor,
    }
}

/// The publication date: after a "published" cue near the top, or in a short dateline among
/// the first lines; else the writing day the text names ("Oggi, martedì 4 giugno 2024").
fn find_published(doc: &Document, mentions: &[Mention]) -> Option<(PartialDate, Evidence)> {
    let today = today_dateline(doc, mentions);
    let Some((found, evidence)) = find_published_line(doc, mentions) else {
        return today;
    };
    // "Oggi, martedì 4 giugno 2024" makes a date line of that month precise.
    if let Some((d, e)) = today {
        if found.day.is_none() && found.month == d.month && found.year == d.year {
            return Some((d, e));
        }
    }
    // A date line that knows only the month ("date 2019-11") is made precise by the
    // article's own dateline further on: a full date of that month after a "published" cue
    // ("publié le 21/11/2019", "aggiornato il 3 febbraio 2022") or alone on a short line.
    // A date inside a sentence ("Nella notte del 12 dicembre…") dates the incident, not the
    // article.
    if found.day.is_none() && found.month.is_some() && found.year.is_some() {
        let header_end = HEADER_BYTES.min(doc.text.len());
        let after_cue = |m: &Mention| {
            doc.terms.iter().any(|h| {
                h.payload == Term::PublishedCue
                    && h.end <= m.start
                    && m.start - h.end <= PUBLISHED_REACH
                    && h.start >= evidence.end
            })
        };
        let on_short_line = |m: &Mention| {
            let line = line_around(doc.text, m.start);
            line.start >= evidence.end
                && doc
                    .text
                    .get(line)
                    .is_some_and(|l| l.trim().len() <= DATELINE_BYTES)
        };
        let precise = mentions
            .iter()
            .filter(|m| m.start >= evidence.end && m.end <= header_end)
            .filter(|m| after_cue(m) || on_short_line(m))
            .find_map(|m| match m.expr {
                Expr::Absolute(d)
                    if d.day.is_some() && d.month == found.month && d.year == found.year =>
                {
                    Some((d, Evidence::new(doc.text, m.start, m.end)))
                }
                _ => None,
            });
        if precise.is_some() {
            return precise;
        }
    }
    Some((found, evidence))
}

/// How far before a full date a "today" word may end for the date to name the writing day.
const TODAY_REACH: usize = 16;

/// The writing day as the text states it: a full date right after a word for today, with at
/// most a weekday or a parenthesis between ("Oggi, martedì 4 giugno 2024", "ce matin (2
/// novembre 2020)", "nella giornata di oggi 25 ottobre 2017", "today, March 3, 2025").
fn today_dateline(doc: &Document, mentions: &[Mention]) -> Option<(PartialDate, Evidence)> {
    mentions.iter().enumerate().find_map(|(i, m)| {
        let Expr::Absolute(d) = m.expr else {
            return None;
        };
        d.date()?;
        let before = mentions[..i]
            .iter()
            .rev()
            .find(|b| !matches!(b.expr, Expr::Weekday(_)))?;
        let gap = doc.text.get(before.end..m.start)?;
        let today = matches!(before.expr, Expr::Relative(0));
        // Only a weekday may stand between: "oggi, venerdì 7 marzo" names the writing day,
        // "nella notte del 12 dicembre" (a word between) names the night of another day.
        let weekdays = mentions[..i]
            .iter()
            .filter(|w| matches!(w.expr, Expr::Weekday(_)) && w.start >= before.end)
            .count();
        let words = gap
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count();
        let close = m.start - before.end <= TODAY_REACH
            && !gap.contains(['.', ';', '\n'])
            && words <= weekdays;
        (today && close).then(|| (d, Evidence::new(doc.text, m.start, m.end)))
    })
}

/// The publication date as the article states it: after a "published" cue in its first bytes,
/// else in a short dateline among its first lines.
fn find_published_line(doc: &Document, mentions: &[Mention]) -> Option<(PartialDate, Evidence)> {
    let header_end = HEADER_BYTES.min(doc.text.len());
    let after_cue = doc
        .terms
        .iter()
        .filter(|h| h.payload == Term::PublishedCue && h.start < header_end)
        .find_map(|cue| {
            let m = mentions
                .iter()
                .find(|m| m.start >= cue.end && m.start - cue.end <= PUBLISHED_REACH)?;
            m.absolute()
                .map(|d| (d, Evidence::new(doc.text, m.start, m.end)))
        });
    // A cue's date with its year wins; one without a year only when no dateline has one.
    match after_cue {
        Some((d, _)) if d.year.is_none() => dateline(doc, mentions).or(after_cue),
        Some(found) => Some(found),
        None => dateline(doc, mentions),
    }
}

/// A dateline or byline: a short line among the first few that holds a dated year.
fn dateline(doc: &Document, mentions: &[Mention]) -> Option<(PartialDate, Evidence)> {
    let mut start = 0;
    for line in doc.text.split_inclusive('\n').take(HEADER_LINES) {
        let end = start + line.len();
        if line.trim().len() <= DATELINE_BYTES {
            let found = mentions
                .iter()
                .filter(|m| m.start >= start && m.end <= end)
                .find_map(|m| m.absolute().filter(|d| d.year.is_some()).map(|d| (m, d)));
            if let Some((m, d)) = found {
                return Some((d, Evidence::new(doc.text, m.start, m.end)));
            }
        }
        start = end;
    }
    None
}

/// Every date expression of the text, in order, without overlaps.
fn find_mentions(doc: &Document) -> Vec<Mention> {
    let text = doc.text;
    let day_first = doc.pack.map(|p| p.day_first);
    let suffixes: &[String] = doc.pack.map(|p| p.day_suffixes.as_slice()).unwrap_or(&[]);
    let connectors: &[String] = doc
        .pack
        .map(|p| p.date_connectors.as_slice())
        .unwrap_or(&[]);
    let mut mentions = Vec::new();

    for c in ISO_DATE.captures_iter(text) {
        let (Some(all), Some(y), Some(m)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        let date = PartialDate {
            year: y.as_str().parse().ok(),
            month: m.as_str().parse().ok(),
            day: c.get(3).and_then(|d| d.as_str().parse().ok()),
        };
        if date.day.is_none() || date.date().is_some() {
            mentions.push(Mention {
                start: all.start(),
                end: all.end(),
                expr: Expr::Absolute(date),
            });
        }
    }
    for c in NUMERIC_DATE.captures_iter(text) {
        let (Some(all), Some(a), Some(s1), Some(b), Some(s2), Some(y)) =
            (c.get(0), c.get(1), c.get(2), c.get(3), c.get(4), c.get(5))
        else {
            continue;
        };
        if s1.as_str() != s2.as_str() {
            continue;
        }
        let (a, b): (u8, u8) = match (a.as_str().parse(), b.as_str().parse()) {
            (Ok(a), Ok(b)) => (a, b),
            _ => continue,
        };
        let year: i16 = match y.as_str().parse::<i16>() {
            Ok(y) if y < 100 => 2000 + y,
            Ok(y) => y,
            Err(_) => continue,
        };
        let (day, month) = match (day_first, a > 12, b > 12) {
            (_, true, false) => (a, b),
            (_, false, true) => (b, a),
            (Some(true), false, false) => (a, b),
            (Some(false), false, false) => (b, a),
            _ => continue,
        };
        let date = PartialDate {
            year: Some(year),
            month: Some(month),
            day: Some(day),
        };
        if date.date().is_some() {
            mentions.push(Mention {
                start: all.start(),
                end: all.end(),
                expr: Expr::Absolute(date),
            });
        }
    }
    for hit in &doc.terms {
        let expr = match hit.payload {
            Term::Month(month) => {
                if let Some(m) = month_date(text, hit.start, hit.end, month, suffixes, connectors) {
                    mentions.push(m);
                }
                continue;
            }
            Term::RelativeDay(n) => Expr::Relative(n),
            Term::Weekday(w) => match day_of_weekday(text, hit.end) {
                Some((day, end)) => {
                    mentions.push(Mention {
                        start: hit.start,
                        end,
                        expr: Expr::WeekdayDay(w, day),
                    });
                    continue;
                }
                None => Expr::Weekday(w),
            },
            Term::Now => Expr::Now,
            _ => continue,
        };
        mentions.push(Mention {
            start: hit.start,
            end: hit.end,
            expr,
        });
    }
    mentions.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    let mut kept: Vec<Mention> = Vec::with_capacity(mentions.len());
    for m in mentions {
        if kept.last().is_some_and(|last| m.start < last.end) {
            continue;
        }
        // "nella notte tra lunedì e martedì", "la nuit de vendredi à samedi": a night that
        // crosses into the second day is dated by it.
        if let (Some(last), Expr::Weekday(_)) = (kept.last_mut(), m.expr) {
            let gap = &text[last.end.min(m.start)..m.start];
            if matches!(last.expr, Expr::Weekday(_)) && gap.trim().chars().count() <= 3 {
                last.end = m.end;
                last.expr = m.expr;
                continue;
            }
        }
        // "martedì 4 giugno", "Wednesday, March 6, 2024": the weekday joins its date.
        if let (Some(last), Expr::Absolute(_)) = (kept.last_mut(), m.expr) {
            let gap = &text[last.end.min(m.start)..m.start];
            if matches!(last.expr, Expr::Weekday(_))
                && gap.len() <= 2
                && gap.chars().all(|c| c == ',' || c.is_whitespace())
            {
                last.end = m.end;
                last.expr = m.expr;
                continue;
            }
        }
        kept.push(m);
    }
    kept
}

/// Reads a date around a month name at `start..end`: day before ("23 gennaio", "1er mars")
/// or after ("March 2", "Dec. 26"), then an optional year ("2025", ", 2026"); a pack's date
/// connectors may stand between them ("3 de marzo de 2025"). A month name with neither day
/// nor year is not a date.
fn month_date(
    text: &str,
    start: usize,
    end: usize,
    month: u8,
    suffixes: &[String],
    connectors: &[String],
) -> Option<Mention> {
    let mut m = Mention {
        start,
        end,
        expr: Expr::Absolute(PartialDate {
            year: None,
            month: Some(month),
            day: None,
        }),
    };
    let mut date = PartialDate {
        year: None,
        month: Some(month),
        day: None,
    };
    let before_connector = connector_before(text, start, connectors);
    if let Some((day, day_start)) = day_before(text, before_connector, suffixes) {
        date.day = Some(day);
        m.start = day_start;
    }
    let mut pos = end;
    if text[pos..].starts_with('.') {
        pos += 1;
    }
    if date.day.is_none() {
        if let Some((day, after)) = day_after(text, pos, suffixes) {
            date.day = Some(day);
            pos = after;
            m.end = after;
        }
    }
    if let Some((year, after)) = year_after(text, connector_after(text, pos, connectors)) {
        date.year = Some(year);
        m.end = after;
    }
    if date.day.is_none() && date.year.is_none() {
        return None;
    }
    if date.day.is_some_and(|d| !(1..=max_day(month)).contains(&d)) {
        return None;
    }
    if date.year.is_some() && date.day.is_some() && date.date().is_none() {
        return None;
    }
    m.expr = Expr::Absolute(date);
    Some(m)
}

fn max_day(month: u8) -> u8 {
    match month {
        2 => 29,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The day of the month written right after a weekday as `" (23)"` or `", 8,"` (the
/// Brazilian and Portuguese newsroom habit), and where it ends.
fn day_of_weekday(text: &str, pos: usize) -> Option<(u8, usize)> {
    let rest = text.get(pos..)?;
    let (open, close) = if rest.starts_with(" (") {
        (2, ')')
    } else if rest.starts_with(", ") {
        (2, ',')
    } else {
        return None;
    };
    let digits = rest[open..].len()
        - rest[open..]
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    if !(1..=2).contains(&digits) || !rest[open + digits..].starts_with(close) {
        return None;
    }
    let day: u8 = rest[open..open + digits].parse().ok()?;
    let end = pos + open + digits + if close == ')' { 1 } else { 0 };
    (1..=31).contains(&day).then_some((day, end))
}

/// Where a date connector standing alone right before `pos` starts ("3 de| marzo" → "3 |de
/// marzo"), or `pos` when there is none.
fn connector_before(text: &str, pos: usize, connectors: &[String]) -> usize {
    let before = &text[..pos];
    let trimmed = before.trim_end_matches([' ', '\u{A0}']);
    if trimmed.len() == before.len() {
        return pos;
    }
    for c in connectors {
        let Some(start) = trimmed.len().checked_sub(c.len()) else {
            continue;
        };
        let Some(word) = trimmed.get(start..) else {
            continue;
        };
        if word.eq_ignore_ascii_case(c) && trimmed[..start].ends_with([' ', '\u{A0}']) {
            return start;
        }
    }
    pos
}

/// Where the text after a date connector standing alone right after `pos` begins, less the
/// spaces before it ("marzo| de 2025" → "marzo de| 2025"), or `pos` when there is none.
fn connector_after(text: &str, pos: usize, connectors: &[String]) -> usize {
    let rest = &text[pos..];
    let spaced = rest.trim_start_matches([' ', '\u{A0}']);
    if spaced.len() == rest.len() {
        return pos;
    }
    for c in connectors {
        let Some(word) = spaced.get(..c.len()) else {
            continue;
        };
        if word.eq_ignore_ascii_case(c) && spaced[c.len()..].starts_with([' ', '\u{A0}']) {
            return pos + (rest.len() - spaced.len()) + c.len();
        }
    }
    pos
}

/// `"23 "` or `"1° "` or `"1er "` just before `pos`: the day and where it starts.
fn day_before(text: &str, pos: usize, suffixes: &[String]) -> Option<(u8, usize)> {
    let before = &text[..pos];
    let trimmed = before.trim_end_matches([' ', '\u{A0}']);
    if trimmed.len() == before.len() {
        return None;
    }
    let mut body = trimmed;
    for s in suffixes {
        if let Some(stripped) = body.strip_suffix(s.as_str()) {
            body = stripped;
            break;
        }
    }
    let digits = body.len() - body.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if !(1..=2).contains(&digits) {
        return None;
    }
    let day_start = body.len() - digits;
    if body[..day_start]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '.' || c == ',')
    {
        return None;
    }
    let day: u8 = body[day_start..].parse().ok()?;
    (day >= 1).then_some((day, day_start))
}

/// `" 2"` / `" 26th"` right after `pos` (a day after the month name).
fn day_after(text: &str, pos: usize, suffixes: &[String]) -> Option<(u8, usize)> {
    let rest = &text[pos..];
    let trimmed = rest.trim_start_matches([' ', '\u{A0}']);
    if trimmed.len() == rest.len() {
        return None;
    }
    let digits = trimmed.len()
        - trimmed
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    if !(1..=2).contains(&digits) {
        return None;
    }
    let mut after = pos + (rest.len() - trimmed.len()) + digits;
    let tail = &text[after..];
    for s in suffixes {
        if tail.starts_with(s.as_str()) {
            after += s.len();
            break;
        }
    }
    // Not a time ("June 10:30") nor part of a longer number.
    if text[after..]
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == ':')
    {
        return None;
    }
    let day: u8 = trimmed[..digits].parse().ok()?;
    (day >= 1).then_some((day, after))
}

/// `" 2025"` or `", 2026"` right after `pos`.
fn year_after(text: &str, pos: usize) -> Option<(i16, usize)> {
    let rest = &text[pos..];
    let trimmed = rest.strip_prefix(',').unwrap_or(rest);
    let spaced = trimmed.trim_start_matches([' ', '\u{A0}']);
    if spaced.len() == trimmed.len() || spaced.len() < 4 {
        return None;
    }
    let digits = spaced.get(..4)?;
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if spaced[4..]
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric())
    {
        return None;
    }
    let year: i16 = digits.parse().ok()?;
    if !(1990..=2100).contains(&year) {
        return None;
    }
    Some((year, pos + (rest.len() - spaced.len()) + 4))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeml_values() {
        let d = PartialDate {
            year: None,
            month: Some(1),
            day: Some(23),
        };
        assert_eq!(d.value(), "XXXX-01-23");
        assert_eq!(
            PartialDate::parse("2024-12").map(|d| d.value()),
            Some("2024-12".into())
        );
        assert_eq!(PartialDate::parse("2024-02-30"), None);
    }

    #[test]
    fn year_resolves_to_on_or_before_anchor() {
        let anchor = PartialDate::parse("2025-01-05");
        let dec = Expr::Absolute(PartialDate {
            year: None,
            month: Some(12),
            day: Some(26),
        });
        assert_eq!(
            resolve(dec, anchor).map(|d| d.value()),
            Some("2024-12-26".into())
        );
        assert_eq!(
            resolve(dec, None).map(|d| d.value()),
            Some("XXXX-12-26".into())
        );
    }

    #[test]
    fn relative_days_and_weekdays() {
        let anchor = PartialDate::parse("2026-03-02"); // a Monday
        let v = |e| resolve(e, anchor).map(|d| d.value());
        assert_eq!(v(Expr::Relative(-1)), Some("2026-03-01".into()));
        assert_eq!(v(Expr::Weekday(2)), Some("2026-02-24".into()));
        assert_eq!(v(Expr::Weekday(1)), Some("2026-03-02".into()));
        assert_eq!(v(Expr::WeekdayDay(4, 26)), Some("2026-02-26".into()));
        assert_eq!(
            resolve(Expr::WeekdayDay(4, 23), PartialDate::parse("2025-01")).map(|d| d.value()),
            Some("2025-01-23".into())
        );
        assert_eq!(
            resolve(Expr::WeekdayDay(4, 17), None).map(|d| d.value()),
            Some("XXXX-XX-17".into())
        );
        let month = PartialDate::parse("2024-12");
        assert_eq!(
            resolve(Expr::Relative(0), month).map(|d| d.value()),
            Some("2024-12".into())
        );
        assert_eq!(resolve(Expr::Relative(-1), month), None);
        assert_eq!(resolve(Expr::Relative(0), None), None);
    }

    #[test]
    fn digits_around_month_names() {
        let s = &["°".to_string(), "er".to_string()];
        let day = |t: &str, at: usize| day_before(t, at, s);
        assert_eq!(day("il 1° marzo", 7), Some((1, 3)));
        assert_eq!(day("le 1er mars", 7), Some((1, 3)));
        assert_eq!(day("2.300 marzo", 6), None);
        assert_eq!(day_after("March 2, 2026", 5, &[]), Some((2, 7)));
        assert_eq!(day_after("June 10:30", 4, &[]), None);
        assert_eq!(year_after("March 2, 2026", 7), Some((2026, 13)));
        assert_eq!(year_after("gennaio 20250", 7), None);
    }
}
