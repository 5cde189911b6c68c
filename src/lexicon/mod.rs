//! Lexicons: the data that the extraction stages apply.
//!
//! Everything the pipeline knows about words lives in TOML files under `lexicons/`:
//!
//! * `services.toml` — services, their vendors and aliases (language-independent);
//! * `common.toml` — language-independent terms (English HTTP reason phrases that articles
//!   quote in any language, metadata cues such as `date`);
//! * `<code>.toml` — one language pack per language (`it.toml`, `fr.toml`, `en.toml`,
//!   `es.toml`, `de.toml`, `pt.toml`):
//!   outage vocabulary, months, weekdays, relative days, reason phrases, error signals,
//!   cause cues, hedging/confirmation/negation cues, surfaces, resolution cues.
//!
//! Every `*.toml` file of this repository's `lexicons/` is embedded in the binary as the
//! default set (`build.rs` lists them; see `lexicons/README.md` to add a language).
//! [`Lexicons::load_dir`] reads a directory whose files *replace* the embedded file of the same
//! name or *add* a new one (a new language pack is just a new `xx.toml`). Adding a language
//! means adding data, not code.
//!
//! The case-insensitive terms of every file (service aliases, common terms, every language
//! pack) are compiled into a single Aho-Corasick automaton when the lexicons are loaded, so
//! one pass over an article finds them all (`Lexicons::search_folded`); exact-case service
//! names have a small automaton of their own.

mod matcher;
mod schema;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub(crate) use matcher::{fold as matcher_fold, Hit};
use matcher::{Candidate, JointMatcher};
pub(crate) use schema::{LanguagePack, ServiceLexicon, ServiceRef, Term};

// The lexicon files embedded in the binary, `(file name, contents)`: every `lexicons/*.toml`,
// listed by build.rs, so a new language pack needs no code.
include!(concat!(env!("OUT_DIR"), "/embedded_lexicons.rs"));

/// A lexicon file that could not be read or understood.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    /// The file or directory could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid TOML or breaks the lexicon schema.
    #[error("{file}:{line}: {message}")]
    Invalid {
        /// The file name.
        file: String,
        /// 1-based line of the offending entry.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// The complete, compiled set of lexicons used by a [`crate::Pipeline`].
#[derive(Debug)]
pub struct Lexicons {
    pub(crate) services: ServiceLexicon,
    pub(crate) common: LanguagePack,
    pub(crate) languages: Vec<LanguagePack>,
    /// The terms of `services.folded`, `common` and every language pack, in that order.
    folded: JointMatcher,
}

/// The case-insensitive hits of one article, per lexicon, from one search of its folded text.
pub(crate) struct FoldedHits<'l> {
    lexicons: &'l Lexicons,
    /// Per member of [`Lexicons::folded`], its whole-word matches.
    candidates: Vec<Vec<Candidate>>,
}

impl FoldedHits<'_> {
    /// The service and company aliases found.
    pub(crate) fn services(&mut self) -> Vec<Hit<ServiceRef>> {
        self.lexicons.services.folded.select(self.take(0))
    }

    /// The terms of `common.toml` found.
    pub(crate) fn common(&mut self) -> Vec<Hit<Term>> {
        self.lexicons.common.matcher.select(self.take(1))
    }

    /// The terms of language pack `pack` found.
    pub(crate) fn pack(&mut self, pack: &LanguagePack) -> Vec<Hit<Term>> {
        let index = self
            .lexicons
            .languages
            .iter()
            .position(|p| p.code == pack.code);
        match index {
            Some(i) => pack.matcher.select(self.take(2 + i)),
            None => Vec::new(),
        }
    }

    fn take(&mut self, member: usize) -> Vec<Candidate> {
        self.candidates
            .get_mut(member)
            .map(std::mem::take)
            .unwrap_or_default()
    }
}

impl Lexicons {
    /// The lexicons embedded in the binary.
    pub fn embedded() -> Result<Lexicons, LexiconError> {
        Self::from_sources(embedded_sources())
    }

    /// The embedded lexicons, with every `*.toml` file of `dir` replacing the embedded file of
    /// the same name or adding a new language pack.
    pub fn load_dir(dir: &Path) -> Result<Lexicons, LexiconError> {
        let mut sources = embedded_sources();
        let entries = std::fs::read_dir(dir).map_err(|source| LexiconError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        for entry in entries {
            let entry = entry.map_err(|source| LexiconError::Io {
                path: dir.to_path_buf(),
                source,
            })?;
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) != Some("toml") {
                continue;
            }
            let name = entry.file_name().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path)
                .map_err(|source| LexiconError::Io { path, source })?;
            sources.insert(name, text);
        }
        Self::from_sources(sources)
    }

    /// Compiles lexicons from `(file name, TOML text)` pairs. `services.toml` and
    /// `common.toml` are required; every other file is a language pack.
    pub fn from_sources(sources: BTreeMap<String, String>) -> Result<Lexicons, LexiconError> {
        let missing = |file: &str| LexiconError::Invalid {
            file: file.to_string(),
            line: 1,
            message: "required lexicon file is missing".into(),
        };
        let services = sources
            .get("services.toml")
            .ok_or_else(|| missing("services.toml"))?;
        let services = ServiceLexicon::parse("services.toml", services)?;
        let common = sources
            .get("common.toml")
            .ok_or_else(|| missing("common.toml"))?;
        let common = LanguagePack::parse("common.toml", common, false)?;
        let mut languages = Vec::new();
        for (name, text) in &sources {
            if name == "services.toml" || name == "common.toml" {
                continue;
            }
            let pack = LanguagePack::parse(name, text, true)?;
            if languages.iter().any(|p: &LanguagePack| p.code == pack.code) {
                return Err(LexiconError::Invalid {
                    file: name.clone(),
                    line: 1,
                    message: format!("language `{}` is defined by two files", pack.code),
                });
            }
            languages.push(pack);
        }
        // Member order is what `FoldedHits` expects: services, common, then the packs.
        let members: Vec<_> = [services.folded.terms(), common.matcher.terms()]
            .into_iter()
            .chain(languages.iter().map(|p| p.matcher.terms()))
            .collect();
        let folded = JointMatcher::new(&members).map_err(|message| LexiconError::Invalid {
            file: "lexicons".into(),
            line: 1,
            message,
        })?;
        Ok(Lexicons {
            services,
            common,
            languages,
            folded,
        })
    }

    /// Every case-insensitive lexicon searched in one pass over `folded`, the folded copy of
    /// an article ([`matcher_fold`]).
    pub(crate) fn search_folded(&self, folded: &str) -> FoldedHits<'_> {
        FoldedHits {
            lexicons: self,
            candidates: self.folded.find(folded),
        }
    }

    /// The language pack for an ISO 639-3 code, if one is loaded.
    pub(crate) fn pack_for_iso639_3(&self, iso: &str) -> Option<&LanguagePack> {
        self.languages.iter().find(|p| p.iso639_3 == iso)
    }

    /// The codes of the loaded language packs (`["de", "en", "es", "fr", "it", "pt"]` by
    /// default).
    pub fn language_codes(&self) -> Vec<&str> {
        self.languages.iter().map(|p| p.code.as_str()).collect()
    }

    /// `(code, name)` of the loaded language packs, e.g. `("it", "Italian")`.
    pub fn languages(&self) -> Vec<(&str, &str)> {
        self.languages
            .iter()
            .map(|p| (p.code.as_str(), p.name.as_str()))
            .collect()
    }

    /// Number of services in the services lexicon.
    pub fn service_count(&self) -> usize {
        self.services.entries.len()
    }

    /// `(name, vendor, category)` of every service of the services lexicon, in file order.
    pub fn services(&self) -> impl Iterator<Item = (&str, &str, &str)> {
        self.services
            .entries
            .iter()
            .map(|e| (e.name.as_str(), e.vendor.as_str(), e.category.as_str()))
    }
}

fn embedded_sources() -> BTreeMap<String, String> {
    EMBEDDED
        .iter()
        .map(|(name, text)| (name.to_string(), text.to_string()))
        .collect()
}

/// 1-based line number of byte `offset` in `text`.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one search of the folded text gives every lexicon exactly the hits a plain
    /// overlapping search of its own finds, on every corpus article; so does the exact-case
    /// search of the original text.
    #[test]
    fn joint_search_equals_one_search_per_lexicon() {
        let lex = Lexicons::embedded().unwrap();
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/articles");
        let mut checked = 0;
        for lang in ["it", "fr", "en", "es", "de", "pt", "other"] {
            for entry in std::fs::read_dir(corpus.join(lang)).unwrap() {
                let bytes = std::fs::read(entry.unwrap().path()).unwrap();
                let text = String::from_utf8_lossy(&bytes);
                let folded = matcher_fold(&text);
                assert_eq!(
                    lex.services.exact.find(&text),
                    lex.services.exact.find_alone(&text)
                );
                let mut found = lex.search_folded(&folded);
                assert_eq!(found.services(), lex.services.folded.find_alone(&folded));
                assert_eq!(found.common(), lex.common.matcher.find_alone(&folded));
                for pack in &lex.languages {
                    assert_eq!(found.pack(pack), pack.matcher.find_alone(&folded));
                }
                checked += 1;
            }
        }
        assert!(checked > 100, "{checked}");
    }

    #[test]
    fn embedded_lexicons_are_every_file_of_the_lexicons_folder() {
        let lex = Lexicons::embedded().unwrap();
        let mut codes = lex.language_codes();
        codes.sort();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("lexicons");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter_map(|n| n.strip_suffix(".toml").map(str::to_string))
            .filter(|n| n != "common" && n != "services")
            .collect();
        files.sort();
        assert_eq!(codes, files);
        for code in ["de", "en", "es", "fr", "it", "pt"] {
            assert!(codes.contains(&code), "{code}");
        }
        assert!(lex.service_count() >= 40, "{}", lex.service_count());
    }

    #[test]
    fn malformed_file_names_file_and_line() {
        let mut sources = embedded_sources();
        sources.insert(
            "it.toml".into(),
            "[language]\ncode = \"it\"\niso639_3 = \n".into(),
        );
        let err = Lexicons::from_sources(sources).unwrap_err().to_string();
        assert!(err.starts_with("it.toml:3:"), "{err}");
    }

    #[test]
    fn unknown_vocabulary_value_is_rejected_with_its_line() {
        let mut sources = embedded_sources();
        sources.insert(
            "xx.toml".into(),
            "[language]\ncode = \"xx\"\niso639_3 = \"xxx\"\n\n[signals]\nexploded = [\"boom\"]\n"
                .into(),
        );
        let err = Lexicons::from_sources(sources).unwrap_err().to_string();
        assert!(err.starts_with("xx.toml:6:"), "{err}");
        assert!(err.contains("exploded"), "{err}");
    }

    #[test]
    fn added_file_adds_a_language() {
        let mut sources = embedded_sources();
        sources.insert(
            "nl.toml".into(),
            "[language]\ncode = \"nl\"\niso639_3 = \"nld\"\n\n[outage]\nstrong = [\"storing\"]\n"
                .into(),
        );
        let lex = Lexicons::from_sources(sources).unwrap();
        assert!(lex.pack_for_iso639_3("nld").is_some());
    }
}
