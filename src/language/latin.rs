//! whatlang's detection of Latin-script text, computed faster and with identical results.
//!
//! whatlang scores a text against each of its 36 Latin-script languages by looking up each
//! of the language's 300 profile trigrams in the text's trigram table: 10,800 hash lookups an
//! article, whatever its length, which made language detection the most expensive stage of
//! the pipeline. This module turns the loop inside out. The profiles
//! (`latin-trigrams.txt`, copied from whatlang by `extract_profiles.py`) are indexed once by
//! trigram; an article then looks up each of its own (at most 600) trigrams once and adds
//! its contribution to every language whose profile has it.
//!
//! The distance is the same sum whatlang computes — for each profile trigram at rank `i`,
//! `|position in the text − i|` when the text has it, otherwise 300 — so the scores, their
//! order, the combination with whatlang's alphabet method and the confidence are
//! bit-for-bit whatlang's. `tests/language.rs` checks that on every corpus article and on
//! generated text; whatlang's version is pinned in `Cargo.toml` for that reason.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use whatlang::dev::{alphabet_latin_calculate_scores, FilterList, LowercaseText, RawAlphabetsInfo};
use whatlang::{Info, Lang, Script};

/// whatlang's Latin-script trigram profiles (see the module docs).
const PROFILES: &str = include_str!("latin-trigrams.txt");

/// A profile holds this many trigrams; an absent one costs this much distance.
const MAX_TRIGRAM_DISTANCE: i64 = 300;
/// The worst distance of a language: every profile trigram absent.
const MAX_TOTAL_DISTANCE: i64 = MAX_TRIGRAM_DISTANCE * MAX_TRIGRAM_DISTANCE;
/// How many of the text's most frequent trigrams take part.
const TEXT_TRIGRAMS: usize = 600;

/// The profiles, indexed by trigram.
struct Index {
    /// Languages in the order whatlang lists them (ties in distance keep that order's
    /// sorting behaviour).
    langs: Vec<Lang>,
    /// Trigram → the range of `entries` listing the profiles that hold it.
    by_trigram: Table<(u32, u32)>,
    /// (language, rank) pairs, grouped by trigram.
    entries: Vec<(u8, u16)>,
}

static INDEX: LazyLock<Index> = LazyLock::new(|| Index::parse(PROFILES));

impl Index {
    fn parse(data: &str) -> Index {
        let mut langs = Vec::new();
        let mut grouped: BTreeMap<u64, Vec<(u8, u16)>> = BTreeMap::new();
        let lines = data
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty());
        for (code, trigrams) in lines.filter_map(|l| l.split_once('\t')) {
            let Some(lang) = Lang::from_code(code) else {
                continue;
            };
            let index = langs.len() as u8;
            langs.push(lang);
            for (rank, trigram) in trigrams.split('|').enumerate() {
                let mut chars = trigram.chars();
                if let (Some(a), Some(b), Some(c)) = (chars.next(), chars.next(), chars.next()) {
                    grouped
                        .entry(pack(a, b, c))
                        .or_default()
                        .push((index, rank as u16));
                }
            }
        }
        let mut by_trigram = Table::with_capacity(grouped.len());
        let mut entries = Vec::new();
        for (trigram, list) in grouped {
            *by_trigram.entry(trigram) = (entries.len() as u32, list.len() as u32);
            entries.extend(list);
        }
        Index {
            langs,
            by_trigram,
            entries,
        }
    }

    /// The (language, rank) pairs of the profiles holding `trigram`.
    fn profiles_with(&self, trigram: u64) -> &[(u8, u16)] {
        match self.by_trigram.get(trigram) {
            Some((start, len)) => {
                let start = start as usize;
                self.entries.get(start..start + len as usize).unwrap_or(&[])
            }
            None => &[],
        }
    }
}

/// Detects the language of `text` exactly as `whatlang::detect` does, faster when the text
/// is written in the Latin script.
pub(crate) fn detect(text: &str) -> Option<Info> {
    if whatlang::detect_script(text)? != Script::Latin {
        return whatlang::detect(text);
    }
    let lowercase = LowercaseText::new(text);
    let alphabet = alphabet_latin_calculate_scores(&lowercase, &FilterList::default());
    let (trigram_scores, trigrams_count) = trigram_scores(&lowercase);
    combine(&alphabet, &trigram_scores, trigrams_count)
}

/// whatlang's `combined::raw_detect` and `combined::detect`, step by step: the alphabet and
/// trigram scores weighed by the text's length, the best language, and the confidence from
/// the two best scores. Languages are looked up by index rather than searched for; the
/// values and their order are the same.
fn combine(
    alphabet: &RawAlphabetsInfo,
    trigram_scores: &[(Lang, f64)],
    trigrams_count: usize,
) -> Option<Info> {
    let languages = Lang::all().len();
    let mut alphabet_score = vec![0.0; languages];
    let mut trigram_score = vec![0.0; languages];
    let mut all_langs: Vec<Lang> = Vec::with_capacity(languages);
    let mut listed = vec![false; languages];
    for &(lang, _) in alphabet.scores.iter().chain(trigram_scores) {
        let i = lang as usize;
        if i >= languages {
            continue;
        }
        if !listed[i] {
            listed[i] = true;
            all_langs.push(lang);
        }
    }
    // The first score listed for a language is the one whatlang's `find` picks.
    for (table, scores) in [
        (&mut alphabet_score, alphabet.scores.as_slice()),
        (&mut trigram_score, trigram_scores),
    ] {
        for &(lang, score) in scores.iter().rev() {
            if let Some(slot) = table.get_mut(lang as usize) {
                *slot = score;
            }
        }
    }
    let alphabet_weight =
        (-(alphabet.count as f64 / 300.0) + 2.0 / 3.0).clamp(1.0 / 3.0, 2.0 / 3.0);
    let trigram_weight = 1.0 - alphabet_weight;
    let mut scores: Vec<(Lang, f64)> = all_langs
        .into_iter()
        .map(|lang| {
            let a = alphabet_score[lang as usize];
            let t = trigram_score[lang as usize];
            (lang, a * alphabet_weight + t * trigram_weight)
        })
        .collect();
    scores.sort_unstable_by(|a, b| b.1.partial_cmp(&a.1).unwrap_or(std::cmp::Ordering::Less));

    let mut ranked = scores.into_iter();
    let (lang1, score1) = ranked.next()?;
    let confidence = match ranked.next() {
        Some((_, score2)) => confidence(score1, score2, trigrams_count),
        None => 1.0,
    };
    Some(Info::new(Script::Latin, lang1, confidence))
}

/// whatlang's trigram scores of a lower-cased text, best first, and the number of distinct
/// trigrams that took part.
fn trigram_scores(text: &str) -> (Vec<(Lang, f64)>, usize) {
    let index = &*INDEX;
    let ranked = ranked_trigrams(text);
    let count = ranked.len();

    let mut distances = vec![MAX_TOTAL_DISTANCE; index.langs.len()];
    for (position, &trigram) in ranked.iter().enumerate() {
        for &(lang, rank) in index.profiles_with(trigram) {
            let gap = (position as i64 - i64::from(rank)).abs();
            if let Some(d) = distances.get_mut(usize::from(lang)) {
                *d += gap - MAX_TRIGRAM_DISTANCE;
            }
        }
    }
    let missing = (MAX_TRIGRAM_DISTANCE - count as i64).max(0);
    let mut distances: Vec<(Lang, u32)> = index
        .langs
        .iter()
        .zip(distances)
        .map(|(&lang, d)| {
            let d = (d - missing * MAX_TRIGRAM_DISTANCE).clamp(0, MAX_TOTAL_DISTANCE);
            (lang, d as u32)
        })
        .collect();
    distances.sort_unstable_by_key(|(_, d)| *d);

    let max_distance = count as u32 * MAX_TRIGRAM_DISTANCE as u32;
    let scores = distances
        .into_iter()
        .map(|(lang, d)| {
            let similarity = max_distance.saturating_sub(d);
            (lang, f64::from(similarity) / f64::from(max_distance))
        })
        .collect();
    (scores, count)
}

/// The text's distinct trigrams, most frequent first (ties: the greater trigram first), at
/// most [`TEXT_TRIGRAMS`] — whatlang's order. Punctuation and digits count as spaces, and
/// a trigram is kept unless its middle is a space next to another space.
fn ranked_trigrams(text: &str) -> Vec<u64> {
    let mut all = Vec::with_capacity(text.len() + 1);
    let mut chars = text.chars().map(to_trigram_char).chain(Some(' '));
    let mut c1 = ' ';
    let mut c2 = chars.next().unwrap_or(' ');
    for c3 in chars {
        if !(c2 == ' ' && (c1 == ' ' || c3 == ' ')) {
            all.push(pack(c1, c2, c3));
        }
        c1 = c2;
        c2 = c3;
    }
    // Greatest trigram first, then each distinct one with its count.
    all.sort_unstable_by(|a, b| b.cmp(a));
    let mut distinct: Vec<(u64, usize)> = Vec::with_capacity(all.len());
    for trigram in all {
        match distinct.last_mut() {
            Some((last, n)) if *last == trigram => *n += 1,
            _ => distinct.push((trigram, 1)),
        }
    }
    // A counting sort by count, most frequent first, keeps the trigram order within a count.
    let most = distinct.iter().map(|&(_, n)| n).max().unwrap_or(0);
    let mut starts = vec![0usize; most + 2];
    for &(_, n) in &distinct {
        starts[most - n + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut ranked = vec![0u64; distinct.len()];
    for &(trigram, n) in &distinct {
        let slot = &mut starts[most - n];
        ranked[*slot] = trigram;
        *slot += 1;
    }
    ranked.truncate(TEXT_TRIGRAMS);
    ranked
}

/// A trigram as one integer; the integers sort as the trigrams do (char by char).
fn pack(a: char, b: char, c: char) -> u64 {
    (u64::from(a) << 42) | (u64::from(b) << 21) | u64::from(c)
}

/// Spaces, punctuation and digits (whatlang's stop characters) become a space.
fn to_trigram_char(c: char) -> char {
    match c {
        '\u{0000}'..='\u{0040}' | '\u{005B}'..='\u{0060}' | '\u{007B}'..='\u{007E}' => ' ',
        _ => c,
    }
}

/// whatlang's confidence that the best language is right, from the two best scores.
fn confidence(highest: f64, second: f64, count: usize) -> f64 {
    if highest == 0.0 {
        return 0.0;
    }
    if second == 0.0 {
        return highest;
    }
    let confident_rate = (3.0 / count as f64) + 0.015;
    let rate = (highest - second) / second;
    if rate > confident_rate {
        1.0
    } else {
        rate / confident_rate
    }
}

/// An open-addressing hash table keyed by packed trigrams (never 0, which marks a free
/// slot), sized at creation for the number of keys it will hold.
struct Table<V> {
    keys: Vec<u64>,
    values: Vec<V>,
    mask: usize,
}

impl<V: Copy + Default> Table<V> {
    /// A table for up to `n` keys (kept at most half full).
    fn with_capacity(n: usize) -> Table<V> {
        let size = (2 * n).next_power_of_two().max(16);
        Table {
            keys: vec![0; size],
            values: vec![V::default(); size],
            mask: size - 1,
        }
    }

    /// The slot holding `key`, or the free slot where it would go.
    fn slot(&self, key: u64) -> usize {
        let mut i = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & self.mask;
        while self.keys[i] != key && self.keys[i] != 0 {
            i = (i + 1) & self.mask;
        }
        i
    }

    fn get(&self, key: u64) -> Option<V> {
        let i = self.slot(key);
        (self.keys[i] == key).then(|| self.values[i])
    }

    /// The value of `key`, inserted as the default if absent. The table must not be full:
    /// callers insert at most the `n` keys it was made for.
    fn entry(&mut self, key: u64) -> &mut V {
        let i = self.slot(key);
        self.keys[i] = key;
        &mut self.values[i]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_profiles_are_loaded() {
        assert_eq!(INDEX.langs.len(), 36);
        assert_eq!(INDEX.entries.len(), 36 * 300);
    }

    #[test]
    fn same_as_whatlang() {
        for text in [
            "Nella giornata di oggi molti utenti non riescono ad accedere al servizio.",
            "Depuis ce matin, de nombreux utilisateurs signalent une panne de ChatGPT.",
            "Thousands of users reported problems with the service on Tuesday morning.",
            "Danas mnogi korisnici ne mogu pristupiti usluzi koja je nedostupna satima.",
            "Die Ordnung muss für immer in diesem Codebase bleiben",
            "abc",
            "",
            "Благодаря Эсперанто вы обрётете друзей по всему миру!",
        ] {
            assert_eq!(detect(text), whatlang::detect(text), "{text}");
        }
    }

    #[test]
    fn trigrams_in_whatlang_order() {
        // whatlang's own example: "aaa" three times, "bbb" twice.
        let ranked = ranked_trigrams("xaaaaabbbb    d");
        assert_eq!(ranked[0], pack('a', 'a', 'a'));
        assert_eq!(ranked[1], pack('b', 'b', 'b'));
    }
}
