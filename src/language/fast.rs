//! The fast path of language detection: a text plainly written in one of the languages of
//! `common-words.txt` is scored by whatlang over those languages and their close relatives
//! only (8 instead of the 36 of the Latin script), and the answer stands when whatlang
//! names that same language with full confidence.
//!
//! whatlang's cost is mostly one hashed look-up per profile trigram per candidate language
//! (300 per language, whatever the length of the text), so scoring fewer languages is what
//! makes it cheaper; a shorter sample much less so (128 bytes instead of 512: 15% less). Scoring fewer languages is only safe when the text
//! is known not to be in one of the languages left out — a Dutch text scored against German
//! and English alone comes out German. The common words are that check: a text counts as
//! plainly written in language L when
//!
//! * it has at least [`MIN_WORDS`] words (a headline or a sentence is scored over every
//!   language: there whatlang's runner-up is often close, so leaving languages out would
//!   change the confidence it reports, and one sentence costs little),
//! * at least [`MIN_DISTINCT`] different words common only in L occur in it,
//! * L's common words are at least [`MIN_SHARE_PERCENT`]% of all its words, and
//! * L's own common words outnumber those of any other listed language
//!   [`MIN_LEAD`] times over (words common in several languages — `de`, `la`, `in` — count
//!   for none).
//!
//! Anything else — short or mixed text, another language, a relative winning, whatlang less
//! than sure — is detected over every language as before. A pack added without a line in
//! `common-words.txt` is always detected that way: right, only slower.
//!
//! Measured (BENCHMARKS.md) on 28,714 texts — the corpus articles and their windows, one and
//! three sentences of `../shared/realdev` and of the Debian manual pages in 17 languages, the
//! UDHR paragraphs in 55 Latin-script languages — the records' language (code, ISO code,
//! confidence, reliable) was that of the full detection on every text; the fast path answered
//! for 380 of the 404 corpus and `../shared/realdev` articles.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use whatlang::{Detector, Info, Lang};

/// Words in the sample, at least.
pub const MIN_WORDS: usize = 40;

/// Different words common only in the language, at least.
pub const MIN_DISTINCT: usize = 4;

/// The language's common words are at least this share of the text's words, in percent.
pub const MIN_SHARE_PERCENT: usize = 20;

/// The language's own common words outnumber any other language's this many times.
pub const MIN_LEAD: usize = 2;

/// The word lists (see the file's header).
const COMMON_WORDS: &str = include_str!("common-words.txt");

/// The parsed word lists and the detector over their languages and relatives.
struct Table {
    /// The languages with a word list, in file order (at most 32).
    langs: Vec<Lang>,
    /// Each word, with the set of languages (bit `i` = `langs[i]`) it is common in.
    words: HashMap<&'static str, u32, BuildHasherDefault<Fnv>>,
    /// The longest word, in bytes: longer words need no look-up.
    longest: usize,
    /// whatlang over `langs` and the relatives.
    detector: Detector,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| parse(COMMON_WORDS))
}

/// Reads `common-words.txt`; a line with an unknown ISO 639-3 code, or past the 32nd
/// language, is skipped (the unit tests check that none is).
fn parse(text: &'static str) -> Table {
    let mut langs = Vec::new();
    let mut relatives = Vec::new();
    let mut words: HashMap<&'static str, u32, BuildHasherDefault<Fnv>> = HashMap::default();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut fields = line.split_whitespace();
        let Some(head) = fields.next() else { continue };
        if head == "relatives" {
            relatives.extend(fields.filter_map(Lang::from_code));
            continue;
        }
        let Some(lang) = Lang::from_code(head) else {
            continue;
        };
        if langs.len() == 32 {
            continue;
        }
        let bit = 1u32 << langs.len();
        langs.push(lang);
        for word in fields {
            *words.entry(word).or_default() |= bit;
        }
    }
    let mut allow = langs.clone();
    allow.extend(relatives.into_iter().filter(|l| !langs.contains(l)));
    let longest = words.keys().map(|w| w.len()).max().unwrap_or(0);
    Table {
        langs,
        words,
        longest,
        detector: Detector::with_allowlist(allow),
    }
}

/// FNV-1a: the words are short and not chosen by an adversary who could gain anything from
/// collisions, so a hash this simple is enough (SipHash cost more than the rest of the check).
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// whatlang's answer for `sample` when the fast path can give it, `None` when the full
/// detection must run.
pub(super) fn detect(sample: &str) -> Option<Info> {
    let table = table();
    let lang = plain_language(table, sample)?;
    let info = table.detector.detect(sample)?;
    (info.lang() == lang && info.confidence() >= 1.0).then_some(info)
}

/// The language `sample` is plainly written in, by its common words (see the module docs).
fn plain_language(table: &Table, sample: &str) -> Option<Lang> {
    let n = table.langs.len();
    // Per language: its common words in the sample, those common only in it, and the
    // different ones of the latter.
    let mut common = [0usize; 32];
    let mut own = [0usize; 32];
    let mut own_distinct: Vec<(usize, &str)> = Vec::new();
    let mut total = 0usize;
    let mut lower = String::new();
    for word in sample.split(|c: char| !c.is_alphabetic()) {
        if word.is_empty() {
            continue;
        }
        total += 1;
        if word.len() > table.longest {
            continue;
        }
        lower.clear();
        if word.is_ascii() {
            lower.push_str(word);
            lower.make_ascii_lowercase();
        } else {
            lower.extend(word.chars().flat_map(char::to_lowercase));
        }
        let Some((&key, &set)) = table.words.get_key_value(lower.as_str()) else {
            continue;
        };
        for (i, count) in common.iter_mut().enumerate().take(n) {
            if set & (1 << i) != 0 {
                *count += 1;
            }
        }
        if set.count_ones() == 1 {
            let i = set.trailing_zeros() as usize;
            own[i] += 1;
            if !own_distinct.contains(&(i, key)) {
                own_distinct.push((i, key));
            }
        }
    }
    let best = (0..n).max_by_key(|&i| own[i])?;
    let runner_up = (0..n).filter(|&i| i != best).map(|i| own[i]).max();
    let distinct = own_distinct.iter().filter(|(i, _)| *i == best).count();
    let plain = total >= MIN_WORDS
        && distinct >= MIN_DISTINCT
        && common[best] * 100 >= MIN_SHARE_PERCENT * total
        && own[best] >= MIN_LEAD * runner_up.unwrap_or(0);
    plain.then(|| table.langs[best])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_the_word_lists_is_read() {
        let table = table();
        let lines = COMMON_WORDS
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#') && !l.starts_with("relatives"))
            .count();
        assert_eq!(table.langs.len(), lines);
        let relatives = COMMON_WORDS
            .lines()
            .find_map(|l| l.strip_prefix("relatives"))
            .map(|l| l.split_whitespace().count())
            .unwrap_or(0);
        assert!(relatives > 0);
        for code in COMMON_WORDS
            .lines()
            .filter_map(|l| l.strip_prefix("relatives"))
            .flat_map(str::split_whitespace)
        {
            assert!(Lang::from_code(code).is_some(), "unknown code {code}");
        }
    }

    #[test]
    fn plain_prose_is_recognised() {
        let table = table();
        let it = "Da questa mattina molti utenti non riescono ad accedere al servizio: il sito \
            risulta irraggiungibile e anche l'app della banca mostra un errore. L'azienda ha \
            spiegato che il problema è stato individuato e che i tecnici sono al lavoro.";
        assert_eq!(plain_language(table, it), Some(Lang::Ita));
        let de = "Seit dem frühen Morgen ist die Seite nicht erreichbar, und auch die App der \
            Bank zeigt nur eine Fehlermeldung. Der Anbieter teilte mit, dass die Techniker an \
            einer Lösung arbeiten und der Dienst bald wieder laufen wird. Wann genau, sagte \
            er nicht.";
        assert_eq!(plain_language(table, de), Some(Lang::Deu));
        // One sentence is too short for the fast path, however plain.
        let sentence = "Da questa mattina molti utenti non riescono ad accedere al servizio.";
        assert_eq!(plain_language(table, sentence), None);
    }

    #[test]
    fn other_languages_and_short_text_take_the_full_path() {
        let table = table();
        let nl = "Sinds vanochtend kunnen veel klanten niet inloggen in de app van de bank, en \
            ook de website is niet bereikbaar. Volgens een woordvoerder wordt er hard gewerkt \
            aan een oplossing.";
        assert_eq!(plain_language(table, nl), None);
        assert_eq!(plain_language(table, "ChatGPT down"), None);
        // Catalan shares `de`, `la`, `que`, `una` with its neighbours, but has too few words
        // common only in Spanish to pass for it.
        let ca = "Des d'aquest matí molts usuaris no poden accedir al servei de la companyia, \
            que continua sense funcionar des de fa hores. La empresa no ha explicat què ha \
            passat ni quan tornarà a funcionar amb normalitat per a tots els clients.";
        assert_eq!(plain_language(table, ca), None);
        assert!(detect(ca).is_none());
    }

    /// Every file under `dir`.
    fn files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).expect("corpus folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.extend(files(&path));
            } else {
                out.push(path);
            }
        }
        out
    }

    #[test]
    fn on_the_corpus_the_fast_path_answers_for_most_articles_and_as_the_full_detection() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/articles");
        let (mut pack_articles, mut fast) = (0, 0);
        for path in files(&root) {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue; // the mangled articles in other encodings
            };
            let sample = &text[..text.floor_char_boundary(super::super::SAMPLE_BYTES)];
            let full = whatlang::detect(sample);
            if let Some(info) = detect(sample) {
                fast += 1;
                let full = full.expect("full detection");
                assert_eq!(info.lang(), full.lang(), "{}", path.display());
                assert_eq!(info.confidence(), full.confidence(), "{}", path.display());
            }
            let in_pack = path.components().any(|c| {
                ["it", "fr", "en", "es", "de", "pt"].contains(&c.as_os_str().to_str().unwrap_or(""))
            });
            pack_articles += usize::from(in_pack);
        }
        assert!(pack_articles >= 150, "{pack_articles}");
        assert!(
            fast * 100 >= pack_articles * 90,
            "{fast} of {pack_articles}"
        );
    }

    #[test]
    fn the_fast_answer_is_the_full_answer() {
        let fr = "Depuis ce matin, les abonnés de l'opérateur ne peuvent plus passer d'appels \
            ni se connecter à internet. Selon l'entreprise, une panne sur le réseau est à \
            l'origine du problème et les équipes sont mobilisées pour rétablir le service. \
            Aucune date de retour n'a été donnée.";
        let fast = detect(fr).expect("plain French takes the fast path");
        let full = whatlang::detect(fr).expect("full detection");
        assert_eq!(fast.lang(), full.lang());
        assert_eq!(fast.confidence(), full.confidence());
    }
}
