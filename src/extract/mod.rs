//! Stage 4 — extract: lexicon-driven annotators over one [`Document`].
//!
//! The document is annotated once: sentences, every lexicon hit of the common pack and of the
//! article's language pack (all found in one automaton pass), and every service mention. Each
//! extractor then reads those annotations — none of them re-reads the raw input — and returns
//! values with evidence offsets into the repaired text.

pub(crate) mod causes;
pub(crate) mod dates;
pub(crate) mod errors;
pub(crate) mod impact;
pub(crate) mod services;
pub(crate) mod times;
pub(crate) mod victims;

use std::ops::Range;

use crate::lexicon::{Hit, LanguagePack, Term};

/// One article flowing through the extraction stage.
pub(crate) struct Document<'a> {
    /// The repaired text; every offset indexes it.
    pub text: &'a str,
    /// Sentence spans, in order, covering the text.
    pub sentences: Vec<Range<usize>>,
    /// Lexicon hits (common pack and language pack), sorted by start.
    pub terms: Vec<Hit<Term>>,
    /// Service mentions, sorted by start.
    pub services: Vec<services::Mention>,
    /// The language pack, if the article's language has one.
    pub pack: Option<&'a LanguagePack>,
    /// Per sentence: whether it talks about an earlier incident.
    pub past: Vec<bool>,
}

impl<'a> Document<'a> {
    /// Annotates `text`: sentences (split with the abbreviations of `common` and `pack`),
    /// lexicon terms (the hits of `common` and of `pack`) and service mentions.
    pub(crate) fn new(
        text: &'a str,
        common: &LanguagePack,
        common_hits: Vec<Hit<Term>>,
        pack: Option<&'a LanguagePack>,
        pack_hits: Vec<Hit<Term>>,
        service_mentions: Vec<services::Mention>,
    ) -> Document<'a> {
        let sentences = split_sentences(text, |word| {
            std::iter::once(common)
                .chain(pack)
                .any(|p| p.abbreviations.iter().any(|a| a.eq_ignore_ascii_case(word)))
        });
        let mut terms = common_hits;
        if !pack_hits.is_empty() {
            terms.extend(pack_hits);
            terms.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
        }
        negate(text, &mut terms);
        let mut doc = Document {
            text,
            sentences,
            terms,
            services: service_mentions,
            pack,
            past: Vec::new(),
        };
        doc.past = (0..doc.sentences.len())
            .map(|i| doc.sentence_terms(i).any(|h| h.payload == Term::Past))
            .collect();
        doc
    }

    /// Index of the sentence containing byte `pos`.
    pub(crate) fn sentence_of(&self, pos: usize) -> usize {
        match self.sentences.binary_search_by(|s| {
            if s.end <= pos {
                std::cmp::Ordering::Less
            } else if s.start > pos {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        }) {
            Ok(i) => i,
            Err(i) => i.min(self.sentences.len().saturating_sub(1)),
        }
    }

    /// The lexicon hits inside sentence `i`.
    pub(crate) fn sentence_terms(&self, i: usize) -> impl Iterator<Item = &Hit<Term>> + '_ {
        let span = self.sentences.get(i).cloned().unwrap_or(0..0);
        let first = self.terms.partition_point(|h| h.start < span.start);
        self.terms[first..]
            .iter()
            .take_while(move |h| h.start < span.end)
    }

    /// Whether sentence `i` has a hit whose payload satisfies `pred`.
    pub(crate) fn sentence_has(&self, i: usize, pred: impl Fn(&Term) -> bool) -> bool {
        self.sentence_terms(i).any(|h| pred(&h.payload))
    }

    /// Whether sentence `i` opens with a term whose payload is `term` (after quotes, dashes
    /// and spaces).
    pub(crate) fn opens_with(&self, i: usize, term: Term) -> bool {
        let Some(span) = self.sentences.get(i) else {
            return false;
        };
        let lead = self.text.get(span.clone()).map_or(0, |s| {
            s.len() - s.trim_start_matches(|c: char| !c.is_alphanumeric()).len()
        });
        let at = span.start + lead;
        self.sentence_terms(i)
            .take_while(|h| h.start <= at)
            .any(|h| h.start == at && h.payload == term)
    }

    /// Marks sentences as being about earlier incidents (found by the dates stage).
    pub(crate) fn mark_past(&mut self, sentences: &[usize]) {
        for &i in sentences {
            if let Some(p) = self.past.get_mut(i) {
                *p = true;
            }
        }
    }

    /// Whether sentence `i` is about an earlier incident.
    pub(crate) fn is_past(&self, i: usize) -> bool {
        self.past.get(i).copied().unwrap_or(false)
    }

    /// Whether sentence `i` is a question ("WhatsApp est-il en panne ?").
    pub(crate) fn is_question(&self, i: usize) -> bool {
        self.sentences
            .get(i)
            .and_then(|s| self.text.get(s.clone()))
            .is_some_and(|s| s.trim_end().ends_with('?'))
    }

    /// Whether sentence `i` asserts a failure: strong outage words, error signals, reason
    /// phrases or "still down" cues, in a statement (not a question such as "WhatsApp est-il
    /// en panne ?").
    pub(crate) fn is_incident_sentence(&self, i: usize) -> bool {
        !self.is_question(i)
            && self.sentence_has(i, |t| {
                matches!(
                    t,
                    Term::Outage { strong: true }
                        | Term::Signal(_)
                        | Term::HttpReason(_)
                        | Term::Ongoing
                )
            })
    }
}

/// How many bytes may separate a negator from the word it negates ("no real outage").
const NEGATOR_REACH: usize = 12;

/// Cancels outage words, trouble words, signals and failure predicates that follow a negator
/// closely, with at most one word between ("nessuna interruzione", "sans aucune coupure",
/// "without downtime", "no trouble connecting").
fn negate(text: &str, terms: &mut [Hit<Term>]) {
    let mut negators: Vec<(usize, usize)> = terms
        .iter()
        .filter(|h| h.payload == Term::Negator)
        .map(|h| (h.start, h.end))
        .collect();
    negators.sort_unstable_by_key(|&(_, end)| end);
    if negators.is_empty() {
        return;
    }
    for h in terms.iter_mut() {
        if !matches!(
            h.payload,
            Term::Outage { .. } | Term::Signal(_) | Term::Trouble | Term::Blocked
        ) {
            continue;
        }
        // Negators are in text order: look only at those ending just before this hit.
        let from = negators.partition_point(|&(_, end)| end + NEGATOR_REACH < h.start);
        let negated = negators[from..]
            .iter()
            .take_while(|&&(_, end)| end <= h.start)
            .any(|&(start, end)| start < h.start && negates(text, end, h.start));
        if negated {
            h.payload = Term::Negated;
        }
    }
}

/// Whether a negator ending at `end` negates the word starting at `target`: close after
/// it, with at most one word and no punctuation between ("nessuna interruzione", "sans
/// aucune coupure").
pub(crate) fn negates(text: &str, end: usize, target: usize) -> bool {
    governs_next(text, end, target)
}

/// Whether a cue ending at `end` governs the word starting at `target`: close after it, with
/// at most one word and no punctuation between ("no real outage", "an update on its website").
pub(crate) fn governs_next(text: &str, end: usize, target: usize) -> bool {
    end <= target
        && target - end <= NEGATOR_REACH
        && text.get(end..target).is_some_and(|gap| {
            gap.split_whitespace().count() <= 1 && !gap.contains([',', '.', ';', ':'])
        })
}

/// Splits text into sentences: at line breaks, and after `.`, `!`, `?` or `…` followed by
/// white space and a character that can start a sentence — except after an abbreviation
/// (`is_abbreviation` is asked about the word before the dot: `Oct`, `a.m`) or an initial.
pub(crate) fn split_sentences(
    text: &str,
    is_abbreviation: impl Fn(&str) -> bool,
) -> Vec<Range<usize>> {
    let mut sentences = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        let boundary = match c {
            '\n' => true,
            '.' | '!' | '?' | '…' => {
                let rest = &text[end..];
                let trimmed = rest.trim_start_matches([' ', '\t', '\u{A0}']);
                trimmed.len() < rest.len()
                    && trimmed.chars().next().is_some_and(|n| {
                        n.is_uppercase() || n.is_numeric() || "\"«“'‘(\n".contains(n)
                    })
                    && !(c == '.' && ends_with_abbreviation(&text[start..i], &is_abbreviation))
            }
            _ => false,
        };
        if boundary {
            if text[start..end].trim().is_empty() {
                start = end;
                continue;
            }
            sentences.push(start..end);
            start = end;
        }
    }
    if start < text.len() && !text[start..].trim().is_empty() {
        sentences.push(start..text.len());
    }
    if sentences.is_empty() {
        sentences.push(0..text.len());
    }
    sentences
}

/// Whether `before` (the text up to a dot) ends with an abbreviation (a pack may list
/// numbers: German ordinals, "am 20. Dezember") or a one-letter initial.
fn ends_with_abbreviation(before: &str, is_abbreviation: &impl Fn(&str) -> bool) -> bool {
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.'))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    let word = &before[word_start..];
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    let initial = matches!((letters.next(), letters.next()), (Some(c), None) if c.is_uppercase());
    !word.is_empty() && (initial || is_abbreviation(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_on_punctuation_and_lines() {
        let text = "Titolo\nPrima frase. Seconda frase! Ore 15.30 e poi. 3 utenti. On Oct. 20 at 9 a.m. ET, J. Smith said. Done";
        let s: Vec<&str> = split_sentences(text, |w| w == "Oct" || w == "a.m")
            .iter()
            .map(|r| text[r.clone()].trim())
            .collect();
        assert_eq!(
            s,
            [
                "Titolo",
                "Prima frase.",
                "Seconda frase!",
                "Ore 15.30 e poi.",
                "3 utenti.",
                "On Oct. 20 at 9 a.m. ET, J. Smith said.",
                "Done"
            ]
        );
    }
}
