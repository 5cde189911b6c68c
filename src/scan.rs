//! Scanning: files and folders in, one record per input file out, in input order.
//!
//! [`walk_inputs`] (lazily) and [`collect_inputs`] expand the paths they are given: a file
//! is one input, a folder is walked recursively (symbolic links followed, loops and dangling
//! links reported, hidden entries skipped, pipes, sockets and devices reported without being
//! opened, names sorted so the order never depends on the file system), `-` is standard
//! input. Every input gives exactly one record — an article record or an error record — so
//! nothing is lost silently.
//!
//! [`Scanner::run`] processes inputs in parallel in bounded batches and hands records to a
//! sink in input order, whatever the number of threads: the output is byte-identical for 1
//! or 8 threads.

use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::pipeline::sha256_hex;
use crate::record::{ErrorInfo, ErrorKind, Record, RecordBody, Source, SCHEMA_VERSION};
use crate::{PartialDate, Pipeline};

/// Default per-article size limit: 8 MiB.
pub const DEFAULT_MAX_BYTES: u64 = 8 * 1024 * 1024;

/// How many inputs are in flight at once (bounds memory whatever the run's size).
pub(crate) const BATCH: usize = 256;

/// One input to scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file: its id (path relative to the scanned folder) and its path.
    File {
        /// Record id.
        id: String,
        /// Path to read.
        path: PathBuf,
    },
    /// Standard input.
    Stdin,
    /// A path that could not be listed; becomes an error record.
    Unreadable {
        /// Record id.
        id: String,
        /// Path as given or found.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
}

/// Which files of a folder are inputs.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Only files whose path relative to the scanned folder matches (e.g. `*.txt`, `it/**`).
    pub glob: Option<globset::GlobMatcher>,
    /// Also walk hidden files and folders (names starting with `.`).
    pub hidden: bool,
}

/// Expands `paths` into inputs, in order: each path's inputs sorted by name.
///
/// Holds every input in memory; [`walk_inputs`] gives the same inputs one at a time.
pub fn collect_inputs(paths: &[PathBuf], selection: &Selection) -> Vec<Input> {
    walk_inputs(paths, selection).collect()
}

/// The inputs of `paths`, lazily and in order: each path's inputs sorted by name. Memory
/// stays bounded by the largest single folder listing, never by the size of the archive.
pub fn walk_inputs<'a>(
    paths: &'a [PathBuf],
    selection: &'a Selection,
) -> impl Iterator<Item = Input> + 'a {
    paths
        .iter()
        .flat_map(move |path| -> Box<dyn Iterator<Item = Input> + 'a> {
            if path.as_os_str() == "-" {
                return Box::new(std::iter::once(Input::Stdin));
            }
            match std::fs::metadata(path) {
                Ok(meta) if meta.is_dir() => Box::new(walk(path, selection)),
                Ok(_) => Box::new(std::iter::once(Input::File {
                    id: path.to_string_lossy().into_owned(),
                    path: path.clone(),
                })),
                Err(err) => Box::new(std::iter::once(Input::Unreadable {
                    id: path.to_string_lossy().into_owned(),
                    path: path.clone(),
                    message: err.to_string(),
                })),
            }
        })
}

/// The files under `root`, in sorted order, as inputs.
fn walk<'a>(root: &'a Path, selection: &'a Selection) -> impl Iterator<Item = Input> + 'a {
    walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(move |e| {
            e.depth() == 0 || selection.hidden || !e.file_name().to_string_lossy().starts_with('.')
        })
        .filter_map(move |entry| match entry {
            Ok(entry) => {
                let file_type = entry.file_type();
                if file_type.is_dir() {
                    return None;
                }
                let id = relative_id(root, entry.path());
                if let Some(glob) = &selection.glob {
                    if !glob.is_match(&id) {
                        return None;
                    }
                }
                if file_type.is_file() {
                    Some(Input::File {
                        id,
                        path: entry.into_path(),
                    })
                } else {
                    // A pipe would block the scan forever, a socket or device cannot be read
                    // as an article: reported, not opened.
                    Some(Input::Unreadable {
                        id,
                        path: entry.into_path(),
                        message: "not a regular file (a pipe, socket or device): not read".into(),
                    })
                }
            }
            Err(err) => {
                let path = err
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| root.to_path_buf());
                let message = if err.loop_ancestor().is_some() {
                    "symbolic link loop".to_string()
                } else {
                    err.io_error()
                        .map(|e| e.to_string())
                        .unwrap_or_else(|| err.to_string())
                };
                Some(Input::Unreadable {
                    id: relative_id(root, &path),
                    path,
                    message,
                })
            }
        })
}

/// `path` relative to `root`, with `/` separators (lossy for non-UTF-8 names).
fn relative_id(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.is_empty() {
        path.to_string_lossy().into_owned()
    } else {
        parts.join("/")
    }
}

/// Totals of a scan.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Inputs processed.
    pub inputs: u64,
    /// Article records that are outage reports.
    pub outages: u64,
    /// Error records.
    pub errors: u64,
    /// Bytes read.
    pub bytes: u64,
}

impl Summary {
    /// Counts one record.
    pub fn add(&mut self, record: &Record) {
        self.inputs += 1;
        self.bytes += record.source.bytes;
        match &record.body {
            RecordBody::Error { .. } => self.errors += 1,
            RecordBody::Article(a) if a.is_outage => self.outages += 1,
            RecordBody::Article(_) => {}
        }
    }
}

/// Runs a pipeline over inputs.
#[derive(Debug)]
pub struct Scanner<'a> {
    pipeline: &'a Pipeline,
    max_bytes: u64,
    pool: Option<rayon::ThreadPool>,
}

impl<'a> Scanner<'a> {
    /// A scanner with the default size limit.
    pub fn new(pipeline: &'a Pipeline) -> Self {
        Scanner {
            pipeline,
            max_bytes: DEFAULT_MAX_BYTES,
            pool: None,
        }
    }

    /// Runs on a pool of `n` worker threads (0 = one per core) instead of rayon's global pool.
    pub fn threads(mut self, n: usize) -> Result<Self, rayon::ThreadPoolBuildError> {
        self.pool = Some(rayon::ThreadPoolBuilder::new().num_threads(n).build()?);
        Ok(self)
    }

    /// Sets the per-article size limit; larger files become `too_large` error records.
    pub fn max_bytes(mut self, max: u64) -> Self {
        self.max_bytes = max;
        self
    }

    /// Processes `inputs` in parallel and gives each record to `sink`, in input order. Stops
    /// early if the sink fails and returns its error.
    ///
    /// `inputs` may be a slice (`&inputs`) or any iterator of inputs, such as
    /// [`walk_inputs`]: only a few batches of inputs and records are held at a time.
    ///
    /// With more than one thread, the calling thread feeds the sink the records of one batch
    /// and lists the next batch's inputs while the pool processes the current one, so that
    /// writing the output never leaves the pool idle.
    pub fn run<I, E>(
        &self,
        inputs: I,
        mut sink: impl FnMut(&Record) -> Result<(), E>,
    ) -> Result<Summary, E>
    where
        I: IntoIterator,
        I::Item: std::borrow::Borrow<Input> + Send + Sync,
    {
        let mut summary = Summary::default();
        let mut inputs = inputs.into_iter();
        let mut take_batch = || -> Vec<I::Item> { inputs.by_ref().take(BATCH).collect() };
        let mut deliver = |records: Vec<Record>| -> Result<(), E> {
            for record in &records {
                summary.add(record);
                sink(record)?;
            }
            Ok(())
        };
        if self.thread_count() <= 1 {
            loop {
                let batch = take_batch();
                if batch.is_empty() {
                    break;
                }
                deliver(self.process_batch(&batch))?;
            }
            return Ok(summary);
        }
        let mut batch = take_batch();
        let mut done: Vec<Record> = Vec::new();
        while !batch.is_empty() || !done.is_empty() {
            let (processed, delivered, next) = std::thread::scope(|scope| {
                let work = scope.spawn(|| self.process_batch(&batch));
                let delivered = deliver(std::mem::take(&mut done));
                let next = if delivered.is_ok() {
                    take_batch()
                } else {
                    Vec::new()
                };
                let processed = match work.join() {
                    Ok(records) => records,
                    Err(panic) => std::panic::resume_unwind(panic),
                };
                (processed, delivered, next)
            });
            delivered?;
            done = processed;
            batch = next;
        }
        Ok(summary)
    }

    /// Processes one batch on the pool, records in input order.
    fn process_batch<T: std::borrow::Borrow<Input> + Sync>(&self, batch: &[T]) -> Vec<Record> {
        self.install(|| batch.par_iter().map(|i| self.process(i.borrow())).collect())
    }

    /// How many threads process articles.
    fn thread_count(&self) -> usize {
        match &self.pool {
            Some(pool) => pool.current_num_threads(),
            None => rayon::current_num_threads(),
        }
    }

    /// Runs `work` on the scanner's thread pool (rayon's global pool when none was set).
    pub(crate) fn install<T: Send>(&self, work: impl FnOnce() -> T + Send) -> T {
        match &self.pool {
            Some(pool) => pool.install(work),
            None => work(),
        }
    }

    /// The per-article size limit.
    pub(crate) fn size_limit(&self) -> u64 {
        self.max_bytes
    }

    /// Reads and processes one input.
    pub fn process(&self, input: &Input) -> Record {
        match input {
            Input::Stdin => {
                let mut bytes = Vec::new();
                let read = std::io::stdin()
                    .lock()
                    .take(self.max_bytes + 1)
                    .read_to_end(&mut bytes);
                self.finish("-", "-", read.map(|_| bytes), None)
            }
            Input::File { id, path } => self.process_file(id, path, None),
            Input::Unreadable { id, path, message } => error_record(
                id,
                Source {
                    path: path.to_string_lossy().into_owned(),
                    bytes: 0,
                    sha256: None,
                    ..Source::default()
                },
                ErrorKind::Io,
                message.clone(),
            ),
        }
    }

    /// Reads the file at `path` and processes it as `id`, with the publication date of the
    /// input's metadata (see [`Pipeline::process_published`]).
    pub(crate) fn process_file(
        &self,
        id: &str,
        path: &Path,
        published: Option<PartialDate>,
    ) -> Record {
        let shown = path.to_string_lossy();
        self.finish(id, &shown, self.read_file(path), published)
    }

    /// Processes bytes already in memory, under the same size limit as files; `path` is
    /// what the record's `source.path` says.
    pub(crate) fn process_bytes(
        &self,
        id: &str,
        path: &str,
        bytes: Vec<u8>,
        published: Option<PartialDate>,
    ) -> Record {
        self.finish(id, path, Ok(bytes), published)
    }

    fn read_file(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        let file = std::fs::File::open(path)?;
        let len = file.metadata()?.len();
        if len > self.max_bytes {
            return Err(too_large(len));
        }
        let mut bytes = Vec::with_capacity(len as usize);
        file.take(self.max_bytes + 1).read_to_end(&mut bytes)?;
        Ok(bytes)
    }

    fn finish(
        &self,
        id: &str,
        path: &str,
        read: std::io::Result<Vec<u8>>,
        published: Option<PartialDate>,
    ) -> Record {
        let source = |bytes: u64, sha256| Source {
            path: path.to_string(),
            bytes,
            sha256,
            ..Source::default()
        };
        match read {
            Ok(bytes) if bytes.len() as u64 > self.max_bytes => error_record(
                id,
                source(bytes.len() as u64, None),
                ErrorKind::TooLarge,
                format!(
                    "larger than the limit of {} bytes (--max-bytes)",
                    self.max_bytes
                ),
            ),
            Ok(bytes) => {
                let src = source(bytes.len() as u64, Some(sha256_hex(&bytes)));
                self.pipeline.process_published(id, src, &bytes, published)
            }
            Err(err) if err.kind() == std::io::ErrorKind::FileTooLarge => {
                let size = err
                    .get_ref()
                    .and_then(|e| e.downcast_ref::<TooLarge>())
                    .map(|t| t.0)
                    .unwrap_or(0);
                error_record(
                    id,
                    source(size, None),
                    ErrorKind::TooLarge,
                    format!(
                        "{size} bytes is larger than the limit of {} bytes (--max-bytes)",
                        self.max_bytes
                    ),
                )
            }
            Err(err) => error_record(id, source(0, None), ErrorKind::Io, err.to_string()),
        }
    }
}

#[derive(Debug)]
struct TooLarge(u64);

impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} bytes", self.0)
    }
}

impl std::error::Error for TooLarge {}

fn too_large(len: u64) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::FileTooLarge, TooLarge(len))
}

/// A record for an input that gave no article.
pub(crate) fn error_record(id: &str, source: Source, kind: ErrorKind, message: String) -> Record {
    Record {
        schema_version: SCHEMA_VERSION,
        id: id.to_string(),
        source,
        body: RecordBody::Error {
            error: ErrorInfo { kind, message },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walking_lazily_gives_the_collected_inputs() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let paths = [
            root.join("articles"),
            PathBuf::from("-"),
            root.join("missing"),
        ];
        let selection = Selection::default();
        let lazy: Vec<Input> = walk_inputs(&paths, &selection).collect();
        assert_eq!(lazy, collect_inputs(&paths, &selection));
        assert!(lazy.len() > 150);
        assert_eq!(lazy.iter().filter(|i| **i == Input::Stdin).count(), 1);
        assert!(matches!(lazy.last(), Some(Input::Unreadable { .. })));
    }

    #[test]
    fn ids_are_relative_with_slashes() {
        assert_eq!(
            relative_id(Path::new("corpus"), Path::new("corpus/it/a.txt")),
            "it/a.txt"
        );
        assert_eq!(relative_id(Path::new("a.txt"), Path::new("a.txt")), "a.txt");
    }
}
