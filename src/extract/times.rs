//! Times of day: when, on the incident date, the outage began ("alle 12:30", "15h46",
//! "8:30 a.m. ET", "ore 9.40").
//!
//! The incident time is the first clock time of the article's lead — from the headline to a
//! few sentences after the incident date — outside the publication line and outside
//! sentences about earlier incidents. It is kept as written, in 24-hour `HH:MM` local time:
//! time zones are not converted (the evidence shows which one the article used).

use std::sync::LazyLock;

use regex::Regex;

use crate::lexicon::Term;
use crate::record::{Evidence, TimeValue};

use super::Document;

/// Clock times: `12:30`, `5:20 p.m.`, `15h46`, `15h`, `9 a.m.`, and `ore 9.40` / `alle 17`
/// (a dot or a bare hour only after an Italian time word, where they cannot be counts).
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i-u)\b(?:",
        // 1-3: 12:30, 5:20 p.m.
        r"([01]?\d|2[0-3]):([0-5]\d)(?:\s?([ap])\.?\s?m\b\.?)?",
        // 4-5: 15h46, 15h
        r"|([01]?\d|2[0-3])h([0-5]\d)?\b",
        // 6-7: 9 a.m., 5pm
        r"|(1[0-2]|0?[1-9])\s?([ap])\.?\s?m\b\.?",
        // 8-9: ore 9.40, alle 17
        r"|(?:ore|alle|dalle|verso le|intorno alle|poco prima delle|poco dopo le)\s+([01]?\d|2[0-3])(?:[.:]([0-5]\d))?\b",
        r")"
    ))
    .expect("static regex")
});

/// How many sentences after the incident date's sentence still count as the lead.
const LEAD_SENTENCES: usize = 3;

/// The time the outage began, if the lead gives one. `incident_sentence` is the sentence of
/// the incident date; `published` the publication date's evidence, whose line is skipped.
pub(crate) fn incident_time(
    doc: &Document,
    incident_sentence: usize,
    published: Option<&Evidence>,
) -> Option<TimeValue> {
    let last = incident_sentence + LEAD_SENTENCES;
    let published_sentence = published
        .filter(|e| e.end > e.start)
        .map(|e| doc.sentence_of(e.start));
    for (i, span) in doc.sentences.iter().enumerate().take(last + 1) {
        let skip = doc.is_past(i)
            || Some(i) == published_sentence
            || doc.sentence_has(i, |t| *t == Term::PublishedCue);
        if skip {
            continue;
        }
        let Some(sentence) = doc.text.get(span.clone()) else {
            continue;
        };
        for caps in TIME.captures_iter(sentence) {
            let Some(whole) = caps.get(0) else { continue };
            if glued_to_number(sentence, whole.start(), whole.end()) {
                continue;
            }
            if let Some(value) = clock(&caps) {
                let start = span.start + whole.start();
                let end = span.start + whole.end();
                return Some(TimeValue {
                    value,
                    evidence: Evidence::new(doc.text, start, end),
                });
            }
        }
    }
    None
}

/// `HH:MM` from one match of [`TIME`].
fn clock(caps: &regex::Captures) -> Option<String> {
    let num = |i: usize| caps.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let meridiem = |i: usize| caps.get(i).map(|m| m.as_str().to_ascii_lowercase());
    let (hour, minute, ampm) = if let Some(h) = num(1) {
        (h, num(2).unwrap_or(0), meridiem(3))
    } else if let Some(h) = num(4) {
        (h, num(5).unwrap_or(0), None)
    } else if let Some(h) = num(6) {
        (h, 0, meridiem(7))
    } else {
        (num(8)?, num(9).unwrap_or(0), None)
    };
    let hour = match ampm.as_deref() {
        Some("p") if hour < 12 => hour + 12,
        Some("a") if hour == 12 => 0,
        Some(_) if hour > 12 => return None,
        _ => hour,
    };
    (hour < 24 && minute < 60).then(|| format!("{hour:02}:{minute:02}"))
}

/// Whether a match is part of a longer number ("2.300", "1:2:3", "v1.12:30").
fn glued_to_number(text: &str, start: usize, end: usize) -> bool {
    let before = text.get(..start).and_then(|t| t.chars().next_back());
    let after = text.get(end..).and_then(|t| {
        let mut c = t.chars();
        match (c.next(), c.next()) {
            (Some(p @ ('.' | ',' | ':')), Some(d)) if d.is_ascii_digit() => Some(p),
            (Some(d), _) if d.is_ascii_digit() => Some(d),
            _ => None,
        }
    });
    before.is_some_and(|c| c.is_ascii_digit() || c == '.' || c == ':') || after.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(text: &str) -> Option<String> {
        TIME.captures_iter(text)
            .filter(|c| {
                c.get(0)
                    .is_some_and(|m| !glued_to_number(text, m.start(), m.end()))
            })
            .find_map(|c| clock(&c))
    }

    #[test]
    fn clock_times_in_three_languages() {
        assert_eq!(first("down dalle 12:30 di oggi").as_deref(), Some("12:30"));
        assert_eq!(first("vers 15h46, les serveurs").as_deref(), Some("15:46"));
        assert_eq!(first("depuis 9h ce matin").as_deref(), Some("09:00"));
        assert_eq!(first("began at 5:20 p.m. ET").as_deref(), Some("17:20"));
        assert_eq!(first("around 9 a.m. Pacific").as_deref(), Some("09:00"));
        assert_eq!(first("shortly after 12 am").as_deref(), Some("00:00"));
        assert_eq!(first("a partire dalle ore 9.40").as_deref(), Some("09:40"));
        assert_eq!(
            first("poco prima delle 17 ora italiana").as_deref(),
            Some("17:00")
        );
        assert_eq!(
            first("poco dopo le 20:25 ora italiana").as_deref(),
            Some("20:25")
        );
        assert_eq!(
            first("su Downdetector alle ore 10:23").as_deref(),
            Some("10:23")
        );
    }

    #[test]
    fn counts_versions_and_prices_are_not_times() {
        assert_eq!(first("oltre 2.300 segnalazioni"), None);
        assert_eq!(first("iOS 18.2 e 15.30 euro"), None);
        assert_eq!(first("ratio 1:2:3 in version 10:15:20"), None);
        assert_eq!(first("H12 Request timeout"), None);
    }
}
