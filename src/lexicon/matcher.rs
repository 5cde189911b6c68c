//! One Aho-Corasick automaton per lexicon, matched on whole words.
//!
//! Case-insensitive matchers run over a *folded* copy of the text ([`fold`]) that has exactly
//! the same byte length as the original, so match offsets are offsets into the original text.

use std::collections::BTreeMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// A lexicon match: byte range in the text and the meanings of the matched term.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Hit<P> {
    pub start: usize,
    pub end: usize,
    pub payload: P,
}

/// A compiled set of terms, each with one or more payloads.
#[derive(Debug)]
pub(crate) struct TermMatcher<P> {
    automaton: Option<AhoCorasick>,
    patterns: Vec<Pattern<P>>,
}

#[derive(Debug)]
struct Pattern<P> {
    payloads: Vec<P>,
    /// A prefix term (`interruzion*`): no word boundary is required on the right.
    prefix: bool,
    /// Word boundaries are checked only next to word characters of the term itself.
    starts_with_word: bool,
    ends_with_word: bool,
}

/// Collects terms before compiling them.
pub(crate) struct MatcherBuilder<P> {
    case_sensitive: bool,
    /// Pattern text → (payloads, prefix).
    terms: BTreeMap<String, (Vec<P>, bool)>,
}

impl<P: Copy + PartialEq> MatcherBuilder<P> {
    pub(crate) fn new(case_sensitive: bool) -> Self {
        MatcherBuilder {
            case_sensitive,
            terms: BTreeMap::new(),
        }
    }

    /// Adds one term (see the module docs of [`super::schema`] for the term syntax).
    pub(crate) fn add(&mut self, term: &str, payload: P) {
        let term = term.trim();
        let (body, prefix) = match term.strip_suffix('*') {
            Some(body) => (body.trim_end(), true),
            None => (term, false),
        };
        if body.is_empty() {
            return;
        }
        let body = if self.case_sensitive {
            body.to_string()
        } else {
            fold(body)
        };
        // Straight and typographic apostrophes are interchangeable in news text.
        let mut variants = vec![body.clone()];
        if body.contains('\'') {
            variants.push(body.replace('\'', "\u{2019}"));
        }
        if body.contains('\u{2019}') {
            variants.push(body.replace('\u{2019}', "'"));
        }
        for variant in variants {
            let entry = self.terms.entry(variant).or_insert((Vec::new(), prefix));
            if !entry.0.contains(&payload) {
                entry.0.push(payload);
            }
            entry.1 &= prefix;
        }
    }

    pub(crate) fn add_all(&mut self, terms: &[String], payload: P) {
        for term in terms {
            self.add(term, payload);
        }
    }

    /// A term that carries both payloads `a` and `b`, if any.
    pub(crate) fn find_conflict(&self, a: P, b: P) -> Option<String> {
        self.terms
            .iter()
            .find(|(_, (p, _))| p.contains(&a) && p.contains(&b))
            .map(|(t, _)| t.clone())
    }

    /// A term whose payloads include two that `conflict` says are incompatible.
    pub(crate) fn find_payload_conflict(
        &self,
        conflict: impl Fn(&P, &P) -> bool,
    ) -> Option<String> {
        self.terms
            .iter()
            .find(|(_, (p, _))| {
                p.iter()
                    .enumerate()
                    .any(|(i, a)| p[i + 1..].iter().any(|b| conflict(a, b)))
            })
            .map(|(t, _)| t.clone())
    }

    pub(crate) fn build(self) -> Result<TermMatcher<P>, String> {
        let texts: Vec<&String> = self.terms.keys().collect();
        let automaton = if texts.is_empty() {
            None
        } else {
            Some(
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    .build(&texts)
                    .map_err(|e| format!("cannot compile lexicon terms: {e}"))?,
            )
        };
        let patterns = self
            .terms
            .iter()
            .map(|(text, (payloads, prefix))| Pattern {
                payloads: payloads.clone(),
                prefix: *prefix,
                starts_with_word: text.chars().next().is_some_and(is_word_char),
                ends_with_word: text.chars().next_back().is_some_and(is_word_char),
            })
            .collect();
        Ok(TermMatcher {
            automaton,
            patterns,
        })
    }
}

impl<P: Copy> TermMatcher<P> {
    /// All whole-word matches in `haystack`, leftmost-longest and non-overlapping, one
    /// [`Hit`] per payload, in text order.
    pub(crate) fn find(&self, haystack: &str) -> Vec<Hit<P>> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let mut found: Vec<(usize, usize, usize)> = automaton
            .find_overlapping_iter(haystack)
            .filter(|m| {
                let p = &self.patterns[m.pattern().as_usize()];
                let left_ok = !p.starts_with_word || !word_char_before(haystack, m.start());
                let right_ok = p.prefix || !p.ends_with_word || !word_char_at(haystack, m.end());
                left_ok && right_ok
            })
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect();
        found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut hits = Vec::with_capacity(found.len());
        let mut last_end = 0;
        for (start, end, pattern) in found {
            if start < last_end {
                continue;
            }
            last_end = end;
            for &payload in &self.patterns[pattern].payloads {
                hits.push(Hit {
                    start,
                    end,
                    payload,
                });
            }
        }
        hits
    }
}

/// Letters, digits and the connectors that join words.
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn word_char_before(text: &str, at: usize) -> bool {
    text.get(..at)
        .and_then(|s| s.chars().next_back())
        .is_some_and(is_word_char)
}

fn word_char_at(text: &str, at: usize) -> bool {
    text.get(at..)
        .and_then(|s| s.chars().next())
        .is_some_and(is_word_char)
}

/// Lower-cases `text` without changing any byte offset: a character is replaced only by a
/// lower-case form of the same UTF-8 length, otherwise kept as it is.
pub(crate) fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        let mut lower = c.to_lowercase();
        match (lower.next(), lower.next()) {
            (Some(l), None) if l.len_utf8() == c.len_utf8() => out.push(l),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(terms: &[(&str, u8)]) -> TermMatcher<u8> {
        let mut b = MatcherBuilder::new(false);
        for (t, p) in terms {
            b.add(t, *p);
        }
        b.build().unwrap()
    }

    #[test]
    fn fold_keeps_byte_offsets() {
        for s in ["ÉTAIT Ça", "İstanbul ẞ", "Straße ΣΑΣ", "日本 ABC"] {
            assert_eq!(fold(s).len(), s.len(), "{s}");
        }
        assert_eq!(fold("ÉTAIT Ça"), "était ça");
    }

    #[test]
    fn matches_whole_words_only() {
        let m = matcher(&[("down", 1), ("downdetector", 2)]);
        let text = fold("Downdetector: ChatGPT down, countdown");
        let hits: Vec<_> = m.find(&text).iter().map(|h| h.payload).collect();
        assert_eq!(hits, [2, 1]);
    }

    #[test]
    fn prefix_terms_and_apostrophes() {
        let m = matcher(&[("interruzion*", 1), ("l'api", 2)]);
        let text = fold("Interruzioni e l’API");
        let hits: Vec<_> = m.find(&text).iter().map(|h| (h.start, h.payload)).collect();
        assert_eq!(hits, [(0, 1), (15, 2)]);
    }

    #[test]
    fn longest_match_wins() {
        let m = matcher(&[("non si esclude", 1), ("esclude", 2)]);
        let hits: Vec<_> = m.find("non si esclude").iter().map(|h| h.payload).collect();
        assert_eq!(hits, [1]);
    }
}
