//! The pipeline: bytes → decode → (HTML → article text) → repair → language → extract →
//! classify → record.
//!
//! A [`Pipeline`] is built once (lexicons parsed, automata compiled) and then processes any
//! number of articles, from any number of threads: `process` takes `&self`.

use std::path::PathBuf;

use sha2::{Digest, Sha256};

use crate::decode::{self, DecodeError};
use crate::extract::{self, dates::PartialDate, Document};
use crate::language::{self, LanguageInfo};
use crate::lexicon::{matcher_fold, Lexicons};
use crate::record::{
    Article, Decoding, ErrorInfo, ErrorKind, Record, RecordBody, Role, Source, SCHEMA_VERSION,
};
use crate::{classify, html, repair, Error};

/// The whole pipeline, configured and ready.
///
/// ```
/// use outage_news::Pipeline;
///
/// let pipeline = Pipeline::builder().reference_date("2025-06-10")?.build()?;
/// let article = "ChatGPT down: oggi migliaia di utenti non riescono ad accedere al servizio. \
///     Il messaggio \"503 Service Temporarily Unavailable\" compare a chi prova ad aprire la chat. \
///     OpenAI ha confermato il disservizio, ma il servizio non è ancora stato ripristinato.";
/// let record = pipeline.process("it/chatgpt.txt", article.as_bytes());
/// let fields = record.article().expect("an article record");
/// assert_eq!(fields.language.code, "it");
/// assert!(fields.is_outage);
/// assert_eq!(fields.services[0].name, "ChatGPT");
/// assert_eq!(fields.errors[0].http_status, 503);
/// assert_eq!(fields.incident_date.as_ref().unwrap().value, "2025-06-10");
/// # Ok::<(), outage_news::Error>(())
/// ```
#[derive(Debug)]
pub struct Pipeline {
    lexicons: Lexicons,
    reference: Option<PartialDate>,
    with_text: bool,
}

/// Configures a [`Pipeline`].
#[derive(Debug, Default)]
pub struct PipelineBuilder {
    lexicons_dir: Option<PathBuf>,
    lexicons: Option<Lexicons>,
    reference: Option<PartialDate>,
    with_text: bool,
}

impl PipelineBuilder {
    /// Adds or replaces lexicon files with the `*.toml` files of `dir`.
    pub fn lexicons_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.lexicons_dir = Some(dir.into());
        self
    }

    /// Uses already compiled lexicons.
    pub fn lexicons(mut self, lexicons: Lexicons) -> Self {
        self.lexicons = Some(lexicons);
        self
    }

    /// The date that relative expressions resolve against when an article has no
    /// publication date (`YYYY-MM-DD`). Never the clock.
    pub fn reference_date(mut self, date: &str) -> Result<Self, Error> {
        let parsed = PartialDate::parse(date)
            .filter(|d| d.day.is_some())
            .ok_or_else(|| Error::ReferenceDate(date.to_string()))?;
        self.reference = Some(parsed);
        Ok(self)
    }

    /// Includes the repaired text in each record (`text` field).
    pub fn with_text(mut self, yes: bool) -> Self {
        self.with_text = yes;
        self
    }

    /// Loads and compiles the lexicons.
    pub fn build(self) -> Result<Pipeline, Error> {
        let lexicons = match (self.lexicons, self.lexicons_dir) {
            (Some(l), _) => l,
            (None, Some(dir)) => Lexicons::load_dir(&dir)?,
            (None, None) => Lexicons::embedded()?,
        };
        Ok(Pipeline {
            lexicons,
            reference: self.reference,
            with_text: self.with_text,
        })
    }
}

impl Pipeline {
    /// A builder with the embedded lexicons and no reference date.
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    /// The lexicons in use.
    pub fn lexicons(&self) -> &Lexicons {
        &self.lexicons
    }

    /// Processes one article's bytes into a record; `id` names it in the record.
    pub fn process(&self, id: &str, bytes: &[u8]) -> Record {
        let source = Source {
            path: id.to_string(),
            bytes: bytes.len() as u64,
            sha256: Some(sha256_hex(bytes)),
            ..Source::default()
        };
        self.process_source(id, source, bytes)
    }

    /// Processes bytes read from `source`.
    pub fn process_source(&self, id: &str, source: Source, bytes: &[u8]) -> Record {
        self.process_published(id, source, bytes, None)
    }

    /// Processes bytes read from `source`, with the publication date that the input's
    /// metadata gives (a crawl record, a CMS export). When the text states no publication
    /// date of its own, `published` anchors relative dates instead of the reference date
    /// and becomes the record's `published`.
    ///
    /// ```
    /// use outage_news::{PartialDate, Pipeline};
    /// use outage_news::record::Source;
    ///
    /// let pipeline = Pipeline::builder().build()?;
    /// let text = "Panne de WhatsApp : depuis hier soir, les messages ne partent plus.";
    /// let published = PartialDate::parse("2025-06-11");
    /// let record = pipeline.process_published("a", Source::default(), text.as_bytes(), published);
    /// let article = record.article().unwrap();
    /// assert_eq!(article.published.as_deref(), Some("2025-06-11"));
    /// assert_eq!(article.incident_date.as_ref().unwrap().value, "2025-06-10");
    /// # Ok::<(), outage_news::Error>(())
    /// ```
    pub fn process_published(
        &self,
        id: &str,
        source: Source,
        bytes: &[u8],
        published: Option<PartialDate>,
    ) -> Record {
        let body = match decode::decode(bytes) {
            Ok(decoded) if html::is_html(&source.path, &decoded.text) => {
                let page = html::extract(&decoded.text);
                if page.text.trim().is_empty() {
                    error_body(ErrorKind::Empty, "the HTML page holds no text".into())
                } else {
                    let page_published = page.published.as_deref().and_then(PartialDate::parse);
                    let decoded = decode::Decoded {
                        text: page.text,
                        ..decoded
                    };
                    let article = self.article(decoded, true, page_published, published);
                    RecordBody::Article(Box::new(article))
                }
            }
            Ok(decoded) => {
                RecordBody::Article(Box::new(self.article(decoded, false, None, published)))
            }
            Err(err) => {
                let kind = match err {
                    DecodeError::Empty => ErrorKind::Empty,
                    DecodeError::Binary(_) => ErrorKind::Binary,
                };
                error_body(kind, err.to_string())
            }
        };
        Record {
            schema_version: SCHEMA_VERSION,
            id: id.to_string(),
            source,
            body,
        }
    }

    /// The article record of decoded text. `html` says the text was extracted from an HTML
    /// page, whose metadata gave `page_published` (it wins over a date line in the text);
    /// `metadata_published` comes with the input and stands in only when the text has none.
    fn article(
        &self,
        decoded: decode::Decoded,
        html: bool,
        page_published: Option<PartialDate>,
        metadata_published: Option<PartialDate>,
    ) -> Article {
        let repaired = repair::repair(&decoded.text);
        let text = repaired.text.as_str();
        let folded = matcher_fold(text);
        let lex = &self.lexicons;
        let (language, doc) = self.annotate(text, &folded);
        let mut warnings = decoded.warnings;
        warnings.extend(repaired.warnings.iter().cloned());
        if doc.pack.is_none() {
            warnings.push(no_lexicon_warning(&language));
        }

        let mut doc = doc;
        // Input metadata stands in for the text's own publication date, not over it.
        let anchor = metadata_published.or(self.reference);
        let dates = extract::dates::extract(&doc, page_published, anchor);
        doc.mark_past(&dates.earlier_sentences);
        let published = dates
            .published
            .as_ref()
            .map(|(d, _)| *d)
            .or(metadata_published)
            .map(|d| d.value());
        let errors = extract::errors::http_errors(&doc);
        let error_signals = extract::errors::signals(&doc, &errors);
        let evidence = classify::Evidence::gather(&doc, errors.len());
        let outage_score = classify::score(&evidence);
        let is_outage = outage_score >= classify::THRESHOLD;
        let services = extract::services::extract(&doc, lex, is_outage);
        let resolution = extract::impact::resolved(&doc);
        let mut causes = extract::causes::extract(&doc);
        extract::causes::add_downstream(&mut causes, &doc, &services, lex);

        let surfaces = extract::impact::surfaces(&doc, lex, &services);
        let mut article = Article {
            decoding: Decoding {
                encoding: decoded.encoding.to_string(),
                mojibake_repaired: repaired.mojibake_repaired,
                repairs: repaired.repairs,
                html,
            },
            language,
            is_outage,
            outage_score,
            published,
            incident_date: dates.incident,
            services,
            errors,
            error_signals,
            causes,
            surfaces,
            resolved: resolution.as_ref().map(|(r, _)| *r),
            resolved_evidence: resolution.map(|(_, e)| e),
            related_dates: dates.related,
            warnings,
            text: None,
        };
        if !is_outage {
            // Incident fields describe an outage; an article that reports none has none.
            article.incident_date = None;
            article.errors.clear();
            article.error_signals.clear();
            article.causes.clear();
            article.surfaces.clear();
            article.resolved = None;
            article.resolved_evidence = None;
            article.related_dates.clear();
            debug_assert!(article.services.iter().all(|s| s.role == Role::Mentioned));
        }
        if self.with_text {
            article.text = Some(repaired.text);
        }
        article
    }
}

impl Pipeline {
    /// Stages 3 and 4 up to the annotations: service mentions and language-independent
    /// terms, the language (detected with those masked), then the language pack's terms.
    pub(crate) fn annotate<'t>(
        &'t self,
        text: &'t str,
        folded: &str,
    ) -> (LanguageInfo, Document<'t>) {
        let lex = &self.lexicons;
        let mut found = lex.search_folded(folded);
        let mentions = extract::services::find_mentions(lex, text, found.services());
        let common_hits = found.common();
        let mut masked: Vec<_> = extract::services::spans(&mentions)
            .chain(common_hits.iter().map(|h| h.start..h.end))
            .collect();
        masked.sort_by_key(|r| r.start);
        let language = language::detect(text, &masked, |iso| {
            lex.pack_for_iso639_3(iso).map(|p| p.code.as_str())
        });
        let pack = lex.languages.iter().find(|p| p.code == language.code);
        let pack_hits = pack.map(|p| found.pack(p)).unwrap_or_default();
        let doc = Document::new(text, &lex.common, common_hits, pack, pack_hits, mentions);
        (language, doc)
    }

    /// What the lexicons found in an article, sentence by sentence: each sentence with its
    /// byte span, the terms matched in it (with their meaning) and the services named — the
    /// view a lexicon author needs to see why a record says what it says.
    ///
    /// ```
    /// let pipeline = outage_news::Pipeline::builder().build()?;
    /// let view = pipeline.explain("WhatsApp down: i messaggi non partono.".as_bytes())?;
    /// assert!(view.contains("WhatsApp"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn explain(&self, bytes: &[u8]) -> Result<String, DecodeError> {
        use std::fmt::Write as _;
        let decoded = decode::decode(bytes)?;
        let repaired = repair::repair(&decoded.text);
        let text = repaired.text.as_str();
        let folded = matcher_fold(text);
        let (language, mut doc) = self.annotate(text, &folded);
        let dates = extract::dates::extract(&doc, None, self.reference);
        doc.mark_past(&dates.earlier_sentences);
        let entries = &self.lexicons.services.entries;
        let mut out = String::new();
        let _ = writeln!(out, "language: {} ({})", language.code, language.iso639_3);
        for (i, span) in doc.sentences.iter().enumerate() {
            let sentence = text.get(span.clone()).unwrap_or_default().trim();
            let flags = [
                (doc.is_incident_sentence(i), "incident"),
                (doc.is_past(i), "past"),
            ];
            let flags: Vec<&str> = flags.iter().filter(|f| f.0).map(|f| f.1).collect();
            let _ = writeln!(
                out,
                "\n[{}..{}] {} {sentence}",
                span.start,
                span.end,
                flags.join(",")
            );
            for hit in doc.sentence_terms(i) {
                let _ = writeln!(
                    out,
                    "    term {:?} {:?}",
                    text.get(hit.start..hit.end).unwrap_or_default(),
                    hit.payload
                );
            }
            for m in doc.services.iter().filter(|m| span.contains(&m.start)) {
                let name = match m.target {
                    extract::services::Target::Service(i) => entries
                        .get(i as usize)
                        .map(|e| e.name.as_str())
                        .unwrap_or_default(),
                    extract::services::Target::Company(_) => "(company)",
                };
                let _ = writeln!(
                    out,
                    "    service {:?} -> {name}",
                    text.get(m.start..m.end).unwrap_or_default()
                );
            }
        }
        Ok(out)
    }
}

fn error_body(kind: ErrorKind, message: String) -> RecordBody {
    RecordBody::Error {
        error: ErrorInfo { kind, message },
    }
}

fn no_lexicon_warning(language: &LanguageInfo) -> String {
    match language.code.as_str() {
        "und" => "language undetermined: only language-independent fields were extracted".into(),
        _ => format!(
            "no lexicons for language `{}`: only language-independent fields were extracted",
            language.iso639_3
        ),
    }
}

/// Lower-case hex SHA-256 of `bytes`.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}
