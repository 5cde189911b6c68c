//! Entry points into single pipeline stages, for the fuzz targets under `fuzz/` and for
//! property tests. Not part of the supported API: hidden from the docs and free to change.

use crate::classify;
use crate::extract::{self, Document};
use crate::language::LanguageInfo;
use crate::lexicon::matcher_fold;
use crate::record::Evidence;
use crate::Pipeline;

/// Detects the language of repaired `text` the way [`Pipeline::process`] does (service names
/// and language-independent terms masked first).
pub fn language(pipeline: &Pipeline, text: &str) -> LanguageInfo {
    let folded = matcher_fold(text);
    pipeline.annotate(text, &folded).0
}

/// Runs every extractor over repaired `text`, once with no language pack and once with
/// each loaded pack (whatever the text's language), and returns all the evidence they
/// produced, for the caller to check against `text`.
pub fn extractors(pipeline: &Pipeline, text: &str) -> Vec<Evidence> {
    let folded = matcher_fold(text);
    let lex = pipeline.lexicons();
    let packs = std::iter::once(None).chain(lex.languages.iter().map(Some));
    let mut evidence = Vec::new();
    for pack in packs {
        let mut found = lex.search_folded(&folded);
        let mentions = extract::services::find_mentions(lex, text, found.services());
        let common_hits = found.common();
        let pack_hits = pack.map(|p| found.pack(p)).unwrap_or_default();
        let doc = Document::new(text, &lex.common, common_hits, pack, pack_hits, mentions);
        let dates = extract::dates::extract(&doc, None, None);
        evidence.extend(dates.published.map(|(_, e)| e));
        evidence.extend(dates.incident.map(|d| d.evidence));
        evidence.extend(dates.related.into_iter().map(|d| d.evidence));
        let errors = extract::errors::http_errors(&doc);
        let score = classify::score(&classify::Evidence::gather(&doc, errors.len()));
        debug_assert!((0.0..=1.0).contains(&score));
        let _ = extract::errors::signals(&doc, &errors);
        evidence.extend(errors.into_iter().map(|e| e.evidence));
        for is_outage in [false, true] {
            let services = extract::services::extract(&doc, lex, is_outage);
            let _ = extract::impact::surfaces(&doc, lex, &services);
            let mut causes = extract::causes::extract(&doc);
            extract::causes::add_downstream(&mut causes, &doc, &services, lex);
            evidence.extend(causes.into_iter().map(|c| c.evidence));
            evidence.extend(services.into_iter().flat_map(|s| s.evidence));
        }
        evidence.extend(extract::impact::resolved(&doc).map(|(_, e)| e));
    }
    evidence
}

/// An article annotated for the extractors (sentences, lexicon terms, service mentions), for
/// the per-stage benchmarks: each extractor can then be timed on its own.
pub struct Annotated<'a> {
    doc: Document<'a>,
    pipeline: &'a Pipeline,
}

/// Folds text the way the lexicon matchers read it (the folded copy [`annotate`] needs).
pub fn fold(text: &str) -> String {
    matcher_fold(text)
}

/// Stages 3 and 4 up to the annotations: language detection and lexicon matching.
pub fn annotate<'a>(pipeline: &'a Pipeline, text: &'a str, folded: &str) -> Annotated<'a> {
    let (_, doc) = pipeline.annotate(text, folded);
    Annotated { doc, pipeline }
}

/// The extractors and the classifier, one at a time, over an annotated article.
impl Annotated<'_> {
    /// Publication, incident and related dates; returns how many were found.
    pub fn dates(&self) -> usize {
        let d = extract::dates::extract(&self.doc, None, None);
        usize::from(d.published.is_some()) + usize::from(d.incident.is_some()) + d.related.len()
    }

    /// HTTP statuses and error signals; returns how many.
    pub fn errors(&self) -> usize {
        let errors = extract::errors::http_errors(&self.doc);
        errors.len() + extract::errors::signals(&self.doc, &errors).len()
    }

    /// Services and their roles (as in an outage report); returns how many.
    pub fn services(&self) -> usize {
        extract::services::extract(&self.doc, self.pipeline.lexicons(), true).len()
    }

    /// Causes with their status; returns how many.
    pub fn causes(&self) -> usize {
        extract::causes::extract(&self.doc).len()
    }

    /// Surfaces and resolution; returns how many values.
    pub fn impact(&self) -> usize {
        let services = extract::services::extract(&self.doc, self.pipeline.lexicons(), true);
        extract::impact::surfaces(&self.doc, self.pipeline.lexicons(), &services).len()
            + usize::from(extract::impact::resolved(&self.doc).is_some())
    }

    /// The outage score.
    pub fn classify(&self) -> f64 {
        classify::score(&classify::Evidence::gather(&self.doc, 0))
    }
}

/// Language detection alone (stage 3 without the masking of lexicon spans).
pub fn detect_language(text: &str) -> LanguageInfo {
    crate::language::detect(text, &[], |_| None)
}
