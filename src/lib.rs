//! # outage-news
//!
//! Turns news articles about service outages — in Italian, French and English, often in
//! broken encodings — into structured incident records ([record v1](record)), one per
//! article, with evidence offsets for every value.
//!
//! The pipeline has one module per stage:
//!
//! 1. [`decode`] — bytes to text (BOMs, UTF-8, UTF-16, legacy charsets); an HTML page
//!    becomes its article text and publication date ([`html`]);
//! 2. [`repair`] — mojibake, HTML entities, NFC;
//! 3. [`language`] — which language (whatlang, lexicon hits masked);
//! 4. extract — services, dates, HTTP errors, signals, causes, surfaces, resolution, driven
//!    by the [`lexicon`]s;
//! 5. classify — is it an outage report, with a score.
//!
//! [`Pipeline`] runs them all; [`scan`] runs a pipeline over files and folders in parallel
//! with output in input order; [`stream`] does the same over a JSON Lines stream of
//! articles (text, raw bytes or paths, with metadata); [`incidents`] groups the records of
//! many articles into incidents (incident v1) and renders an HTML report.
//!
//! ```
//! let pipeline = outage_news::Pipeline::builder().build()?;
//! let record = pipeline.process("a.txt", "Panne géante de WhatsApp : les messages ne partent plus depuis ce matin.".as_bytes());
//! let article = record.article().unwrap();
//! assert_eq!(article.language.code, "fr");
//! assert_eq!(article.services[0].name, "WhatsApp");
//! # Ok::<(), outage_news::Error>(())
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod classify;
pub mod decode;
pub mod eval;
mod extract;
pub mod html;
pub mod incidents;
#[doc(hidden)]
pub mod internals;
pub mod language;
pub mod lexicon;
pub mod output;
mod pipeline;
pub mod record;
pub mod repair;
pub mod scan;
pub mod stream;
pub mod vocab;

pub use extract::dates::PartialDate;
pub use lexicon::{LexiconError, Lexicons};
pub use pipeline::{Pipeline, PipelineBuilder};
pub use record::Record;

/// Errors of the library's configuration (input problems become error records instead).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A lexicon file could not be read or is malformed.
    #[error("lexicon error: {0}")]
    Lexicon(#[from] LexiconError),
    /// The reference date is not a `YYYY-MM-DD` date.
    #[error("invalid reference date `{0}`: expected YYYY-MM-DD")]
    ReferenceDate(String),
}
