//! Lexicon terms matched on whole words with Aho-Corasick.
//!
//! Case-insensitive matchers run over a *folded* copy of the text ([`fold`]) that has exactly
//! the same byte length as the original, so match offsets are offsets into the original text.
//!
//! A [`TermMatcher`] is one lexicon's terms. It can be searched on its own, or be a
//! member of a [`JointMatcher`]: one automaton holding the terms of several lexicons, so that
//! one pass over the text finds, for every member, exactly the hits it would find alone. The
//! pipeline searches the folded text once for the services, the common terms and every
//! language pack, instead of once per lexicon.

use std::collections::BTreeMap;

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous;
use aho_corasick::{Anchored, MatchKind};

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
    /// Present when the matcher is searched on its own ([`MatcherBuilder::build`]): a joint
    /// matcher whose only member is this one.
    search: Option<Box<JointMatcher>>,
    /// The term texts, in pattern order.
    texts: Vec<String>,
    patterns: Vec<Pattern<P>>,
}

#[derive(Debug)]
struct Pattern<P> {
    payloads: Vec<P>,
    shape: Shape,
}

/// What a match of a term needs around it to be a whole-word match.
#[derive(Clone, Copy, Debug)]
struct Shape {
    /// A prefix term (`interruzion*`): no word boundary is required on the right.
    prefix: bool,
    /// Word boundaries are checked only next to word characters of the term itself.
    starts_with_word: bool,
    ends_with_word: bool,
}

impl Shape {
    /// Whether the match `start..end` of a term of this shape stands as a whole word.
    fn fits(self, haystack: &str, start: usize, end: usize) -> bool {
        let left_ok = !self.starts_with_word || !word_char_before(haystack, start);
        let right_ok = self.prefix || !self.ends_with_word || !word_char_at(haystack, end);
        left_ok && right_ok
    }
}

/// A whole-word match of pattern `pattern` at `start..end`, before overlaps are resolved.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Candidate {
    start: usize,
    end: usize,
    pattern: u32,
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

    /// Compiles the terms into a matcher searched on its own.
    pub(crate) fn build(self) -> Result<TermMatcher<P>, String> {
        let mut matcher = self.build_member();
        let search = JointMatcher::new(&[matcher.terms()])?;
        matcher.search = Some(Box::new(search));
        Ok(matcher)
    }

    /// Compiles the terms into a matcher without an automaton, to be searched as a member of
    /// a [`JointMatcher`].
    pub(crate) fn build_member(self) -> TermMatcher<P> {
        let mut texts = Vec::with_capacity(self.terms.len());
        let mut patterns = Vec::with_capacity(self.terms.len());
        for (text, (payloads, prefix)) in self.terms {
            patterns.push(Pattern {
                payloads,
                shape: Shape {
                    prefix,
                    starts_with_word: text.chars().next().is_some_and(is_word_char),
                    ends_with_word: text.chars().next_back().is_some_and(is_word_char),
                },
            });
            texts.push(text);
        }
        TermMatcher {
            search: None,
            texts,
            patterns,
        }
    }
}

impl<P: Copy> TermMatcher<P> {
    /// All whole-word matches in `haystack`, leftmost-longest and non-overlapping, one
    /// [`Hit`] per payload, in text order. A matcher built as a member of a
    /// [`JointMatcher`] is not searched on its own and finds nothing here.
    pub(crate) fn find(&self, haystack: &str) -> Vec<Hit<P>> {
        match &self.search {
            Some(search) => self.select(search.find(haystack).pop().unwrap_or_default()),
            None => Vec::new(),
        }
    }

    /// The hits of `candidates` (this matcher's whole-word matches, in any order): at each
    /// position the longest match wins and matches overlapping an earlier one are dropped.
    pub(crate) fn select(&self, mut candidates: Vec<Candidate>) -> Vec<Hit<P>> {
        candidates.sort_unstable_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut hits = Vec::with_capacity(candidates.len());
        let mut last_end = 0;
        for c in candidates {
            if c.start < last_end {
                continue;
            }
            last_end = c.end;
            let Some(pattern) = self.patterns.get(c.pattern as usize) else {
                continue;
            };
            for &payload in &pattern.payloads {
                hits.push(Hit {
                    start: c.start,
                    end: c.end,
                    payload,
                });
            }
        }
        hits
    }
}

/// A matcher's terms without their payloads: what a [`JointMatcher`] compiles.
pub(crate) struct Terms<'a>(Vec<(&'a str, Shape)>);

impl<P> TermMatcher<P> {
    /// This matcher's hits in `haystack` as a plain overlapping Aho-Corasick search over
    /// every position finds them: what the word-start walk of [`JointMatcher`] must find
    /// (for tests).
    #[cfg(test)]
    pub(crate) fn find_alone(&self, haystack: &str) -> Vec<Hit<P>>
    where
        P: Copy,
    {
        let automaton = aho_corasick::AhoCorasick::new(&self.texts).ok();
        let candidates = automaton
            .iter()
            .flat_map(|a| a.find_overlapping_iter(haystack))
            .map(|m| Candidate {
                start: m.start(),
                end: m.end(),
                pattern: m.pattern().as_u32(),
            })
            .filter(|c| {
                self.patterns[c.pattern as usize]
                    .shape
                    .fits(haystack, c.start, c.end)
            })
            .collect();
        self.select(candidates)
    }

    /// The terms, in pattern order, for [`JointMatcher::new`].
    pub(crate) fn terms(&self) -> Terms<'_> {
        Terms(
            self.texts
                .iter()
                .zip(&self.patterns)
                .map(|(t, p)| (t.as_str(), p.shape))
                .collect(),
        )
    }
}

/// The terms of several [`TermMatcher`]s (its *members*) in one automaton.
///
/// A whole-word match can only begin where a word begins, or on the punctuation a term
/// starts with ("#", "«"). So instead of feeding every byte of the text through an
/// unanchored automaton, the search walks the automaton's anchored start from each of those
/// positions, for as long as some term still continues: a few bytes per word, and every
/// term of every member found in one walk.
#[derive(Debug)]
pub(crate) struct JointMatcher {
    automaton: Option<contiguous::NFA>,
    /// Per automaton pattern: the members that have the term, as (member, pattern index in
    /// that member, shape there).
    owners: Vec<Vec<(usize, u32, Shape)>>,
    /// Bytes that begin a term whose first character is not a word character.
    punctuation_starts: [bool; 256],
    members: usize,
}

impl JointMatcher {
    /// One automaton for the terms of `members` (see [`TermMatcher::terms`]);
    /// [`JointMatcher::find`] reports hits by member index, in this order.
    pub(crate) fn new(members: &[Terms<'_>]) -> Result<JointMatcher, String> {
        let mut index: BTreeMap<&str, usize> = BTreeMap::new();
        let mut texts: Vec<&str> = Vec::new();
        let mut owners: Vec<Vec<(usize, u32, Shape)>> = Vec::new();
        let mut punctuation_starts = [false; 256];
        for (m, member) in members.iter().enumerate() {
            for (p, &(text, shape)) in member.0.iter().enumerate() {
                let id = *index.entry(text).or_insert_with(|| {
                    texts.push(text);
                    owners.push(Vec::new());
                    texts.len() - 1
                });
                owners[id].push((m, p as u32, shape));
                if !shape.starts_with_word {
                    if let Some(&first) = text.as_bytes().first() {
                        punctuation_starts[usize::from(first)] = true;
                    }
                }
            }
        }
        let automaton = if texts.is_empty() {
            None
        } else {
            let nfa = contiguous::NFA::builder()
                .match_kind(MatchKind::Standard)
                .build(&texts)
                .map_err(|e| format!("cannot compile lexicon terms: {e}"))?;
            Some(nfa)
        };
        Ok(JointMatcher {
            automaton,
            owners,
            punctuation_starts,
            members: members.len(),
        })
    }

    /// One pass over `haystack`: per member, its whole-word matches, to be resolved by that
    /// member's [`TermMatcher::select`].
    pub(crate) fn find(&self, haystack: &str) -> Vec<Vec<Candidate>> {
        let mut found = vec![Vec::new(); self.members];
        let Some(nfa) = &self.automaton else {
            return found;
        };
        let Ok(root) = nfa.start_state(Anchored::Yes) else {
            return found;
        };
        let bytes = haystack.as_bytes();
        let mut in_word = false;
        for (start, c) in haystack.char_indices() {
            let word = is_word_char(c);
            let may_start = if word {
                !in_word
            } else {
                self.punctuation_starts[usize::from(bytes[start])]
            };
            in_word = word;
            if !may_start {
                continue;
            }
            let mut sid = root;
            for (end, &byte) in bytes.iter().enumerate().skip(start) {
                sid = nfa.next_state(Anchored::Yes, sid, byte);
                if nfa.is_dead(sid) {
                    break;
                }
                if !nfa.is_match(sid) {
                    continue;
                }
                let end = end + 1;
                for i in 0..nfa.match_len(sid) {
                    let id = nfa.match_pattern(sid, i);
                    // Match states also list the terms that are suffixes of this one.
                    if nfa.pattern_len(id) != end - start {
                        continue;
                    }
                    for &(member, pattern, shape) in
                        self.owners.get(id.as_usize()).into_iter().flatten()
                    {
                        if shape.fits(haystack, start, end) {
                            if let Some(list) = found.get_mut(member) {
                                list.push(Candidate {
                                    start,
                                    end,
                                    pattern,
                                });
                            }
                        }
                    }
                }
            }
        }
        found
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
    fn joint_search_finds_what_each_member_finds_alone() {
        let a = matcher(&[("down", 1), ("server down", 2), ("api", 3)]);
        let b = matcher(&[
            ("downdetector", 4),
            ("down*", 5),
            ("l'api", 6),
            ("serv*", 7),
        ]);
        let c = matcher(&[]);
        let joint = JointMatcher::new(&[a.terms(), b.terms(), c.terms()]).unwrap();
        for text in [
            "Server down: Downdetector shows the API down, countdown over",
            "L'API est downgradée, le serveur l’api",
            "",
        ] {
            let text = fold(text);
            let mut found = joint.find(&text);
            assert_eq!(found.len(), 3);
            let hits_c = c.select(std::mem::take(&mut found[2]));
            let hits_b = b.select(std::mem::take(&mut found[1]));
            let hits_a = a.select(std::mem::take(&mut found[0]));
            assert_eq!(hits_a, a.find_alone(&text), "{text}");
            assert_eq!(hits_b, b.find_alone(&text), "{text}");
            assert_eq!(a.find(&text), hits_a);
            assert!(hits_c.is_empty());
        }
        let text = fold("Server down: Downdetector shows the API down");
        let payloads = |hits: Vec<Hit<u8>>| hits.iter().map(|h| h.payload).collect::<Vec<_>>();
        assert_eq!(payloads(a.find(&text)), [2, 3, 1]);
        assert_eq!(payloads(b.find(&text)), [7, 5, 4, 5]);
    }

    #[test]
    fn longest_match_wins() {
        let m = matcher(&[("non si esclude", 1), ("esclude", 2)]);
        let hits: Vec<_> = m.find("non si esclude").iter().map(|h| h.payload).collect();
        assert_eq!(hits, [1]);
    }
}
