//! Command-line interface: argument parsing, progress, summary and exit codes.
//!
//! Exit codes: 0 success; 1 some inputs could not be processed (their error records are
//! still written); 2 usage or configuration error (bad flag, malformed lexicon, unwritable
//! output).

mod eval;
mod incidents;
mod repair;

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};

use outage_news::output::{Format, RecordWriter};
use outage_news::scan::{walk_inputs, Scanner, Selection, Summary, DEFAULT_MAX_BYTES};
use outage_news::{stream, Pipeline};

const SCAN_EXAMPLES: &str = "\
Examples:
  outage-news scan corpus/articles                      records as JSON Lines on stdout
  outage-news scan archive/ --glob '*.txt' -o out.jsonl  only .txt files, written atomically
  outage-news scan a.txt b.html --format csv            a spreadsheet
  cat article.txt | outage-news scan -                  one article from stdin
  outage-news scan archive/ --reference-date 2025-06-10 anchor 'today' when articles carry no date
  outage-news scan archive/ --lexicons my-lexicons/     add or replace lexicon files
  outage-news scan --input jsonl articles.jsonl         one article per JSON line (- for stdin):
      {\"id\": \"a\", \"text\": \"...\"} or {\"id\": \"b\", \"bytes_b64\": \"...\"} or {\"id\": \"c\", \"path\": \"...\"},
      optional \"published\": \"YYYY-MM-DD\", \"url\", \"source\" (outlet)

Every input file (or JSON line) gives exactly one line, in input order: an article
record, or an error record ({\"error\": {\"kind\": \"io|too_large|binary|empty|decode|input\", ...}};
`input`: a JSON line that is not a valid article object, id `line:N` when it has none).
Exit status: 0 all inputs processed, 1 some inputs failed, 2 usage or lexicon error.";

/// Turns news articles about service outages (it/fr/en/es/de/pt, or any language given a lexicon pack) into incident records.
#[derive(Parser, Debug)]
#[command(name = "outage-news", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Scan articles (files, folders, or - for stdin) into one record per file.
    #[command(after_help = SCAN_EXAMPLES)]
    Scan(ScanArgs),
    /// Decode and repair text (mojibake, lost bytes, entities) without extracting anything.
    #[command(after_help = repair::EXAMPLES)]
    Repair(repair::RepairArgs),
    /// Group article records (scanned, or read from `scan` JSON Lines) into incidents.
    #[command(after_help = incidents::INCIDENTS_EXAMPLES)]
    Incidents(incidents::IncidentsArgs),
    /// Write a self-contained HTML report of the incidents: timeline, table, languages, causes.
    #[command(after_help = incidents::REPORT_EXAMPLES)]
    Report(incidents::ReportArgs),
    /// Score records against expected records: per-field precision, recall and F1.
    #[command(after_help = eval::EXAMPLES)]
    Eval(eval::EvalArgs),
    /// Show what the lexicons found in one article, sentence by sentence (for lexicon authors).
    Explain(ExplainArgs),
    /// Print the JSON Schema (draft 2020-12) of the records `scan` writes (record v1).
    Schema,
}

#[derive(clap::Args, Debug)]
struct ExplainArgs {
    /// The article file (`-` for stdin).
    #[arg(value_name = "FILE")]
    file: PathBuf,

    /// Folder of lexicon files (*.toml) that add to or replace the embedded ones.
    #[arg(long, value_name = "DIR")]
    lexicons: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
struct ScanArgs {
    /// Files or folders to scan (folders recursively); `-` reads one article from stdin.
    /// With `--input jsonl`: one JSON Lines file, or `-` for stdin.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// What the paths hold: article files, or a JSON Lines stream of articles.
    #[arg(long, value_enum, default_value_t = InputArg::Files)]
    input: InputArg,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Jsonl)]
    format: FormatArg,

    /// Write to FILE instead of stdout (atomically: a temporary file renamed at the end).
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,

    /// Include the repaired text that evidence offsets index (`text` field).
    #[arg(long)]
    with_text: bool,

    /// Folder of lexicon files (*.toml) that add to or replace the embedded ones.
    #[arg(long, value_name = "DIR")]
    lexicons: Option<PathBuf>,

    /// Date that relative dates resolve against when an article has no publication date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    reference_date: Option<String>,

    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    threads: Option<usize>,

    /// Only scan files whose path inside a scanned folder matches this glob (e.g. '*.txt').
    #[arg(long, value_name = "GLOB")]
    glob: Option<String>,

    /// Also scan hidden files and folders.
    #[arg(long)]
    hidden: bool,

    /// Largest article to read, in bytes; larger files give a `too_large` error record.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_BYTES)]
    max_bytes: u64,

    /// No progress bar and no summary on stderr.
    #[arg(long, short = 'q')]
    quiet: bool,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum InputArg {
    /// Files and folders, one article per file.
    Files,
    /// One JSON object per line: `id` and one of `text`, `bytes_b64`, `path`.
    Jsonl,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    /// One JSON record per line.
    Jsonl,
    /// One JSON array.
    Json,
    /// CSV with a header row.
    Csv,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Json => Format::Json,
            FormatArg::Csv => Format::Csv,
        }
    }
}

/// Exit status for usage and configuration errors.
const EXIT_USAGE: i32 = 2;

/// Runs the command line and returns the exit status.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return match err.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => 0,
                _ => EXIT_USAGE,
            };
        }
    };
    match cli.command {
        Command::Scan(args) => scan(args),
        Command::Repair(args) => repair::run(args),
        Command::Incidents(args) => incidents::incidents(args),
        Command::Report(args) => incidents::report(args),
        Command::Eval(args) => eval::run(args),
        Command::Explain(args) => explain(args),
        Command::Schema => print_schema(),
    }
}

fn fail(message: impl std::fmt::Display) -> i32 {
    eprintln!("outage-news: {message}");
    EXIT_USAGE
}

/// The pipeline the options ask for; on failure, the message is printed and the exit
/// status returned.
fn build_pipeline(
    lexicons: Option<&PathBuf>,
    reference_date: Option<&str>,
    with_text: bool,
) -> Result<Pipeline, i32> {
    let mut builder = Pipeline::builder().with_text(with_text);
    if let Some(dir) = lexicons {
        builder = builder.lexicons_dir(dir);
    }
    if let Some(date) = reference_date {
        builder = builder.reference_date(date).map_err(fail)?;
    }
    builder.build().map_err(fail)
}

fn scan(args: ScanArgs) -> i32 {
    let pipeline = match build_pipeline(
        args.lexicons.as_ref(),
        args.reference_date.as_deref(),
        args.with_text,
    ) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let glob = match &args.glob {
        Some(g) => match globset::Glob::new(g) {
            Ok(g) => Some(g.compile_matcher()),
            Err(err) => return fail(format!("invalid --glob: {err}")),
        },
        None => None,
    };
    let selection = Selection {
        glob,
        hidden: args.hidden,
    };

    let started = Instant::now();
    let job = match args.input {
        InputArg::Files => Job::Files(&args.paths, &selection),
        InputArg::Jsonl => match jsonl_stream(&args) {
            Ok(reader) => Job::Jsonl(reader),
            Err(message) => return fail(message),
        },
    };
    // Inputs are walked lazily (memory does not grow with the archive); on a terminal a
    // first, cheap walk counts them for the progress bar.
    let progress = match &job {
        Job::Files(paths, selection) if !args.quiet && std::io::stderr().is_terminal() => {
            let total = walk_inputs(paths, selection).count();
            (total > 1).then(|| progress_bar(total as u64))
        }
        _ => None,
    };
    let scanner = match Scanner::new(&pipeline)
        .max_bytes(args.max_bytes)
        .threads(args.threads.unwrap_or(0))
    {
        Ok(s) => s,
        Err(err) => return fail(format!("cannot start worker threads: {err}")),
    };
    let format = Format::from(args.format);

    let result = match &args.output {
        None => {
            let stdout = std::io::stdout().lock();
            let mut writer = RecordWriter::new(format, std::io::BufWriter::new(stdout));
            let summary = write_records(&scanner, job, progress.as_ref(), &mut writer);
            summary.and_then(|s| writer.finish().map(|_| s))
        }
        Some(path) => write_atomically(path, |file| {
            let mut writer = RecordWriter::new(format, std::io::BufWriter::new(file));
            let summary = write_records(&scanner, job, progress.as_ref(), &mut writer)?;
            writer.finish()?;
            Ok(summary)
        }),
    };
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    let summary = match result {
        Ok(s) => s,
        // `outage-news scan … | head`: the reader is gone, nothing more to say.
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => return 0,
        Err(err) => return fail(format!("cannot write output: {err}")),
    };
    if !args.quiet {
        print_summary(&summary, started.elapsed().as_secs_f64());
    }
    if summary.errors > 0 {
        1
    } else {
        0
    }
}

fn explain(args: ExplainArgs) -> i32 {
    let pipeline = match build_pipeline(args.lexicons.as_ref(), None, false) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let bytes = if args.file.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut buf).map(|_| buf)
    } else {
        std::fs::read(&args.file)
    };
    let view = match bytes {
        Ok(bytes) => pipeline.explain(&bytes).map_err(|e| e.to_string()),
        Err(err) => Err(err.to_string()),
    };
    match view {
        Ok(view) => {
            print!("{view}");
            0
        }
        Err(err) => {
            eprintln!("outage-news: {}: {err}", args.file.display());
            1
        }
    }
}

/// What `scan` reads.
enum Job<'a> {
    /// Files and folders, walked as they are read.
    Files(&'a [PathBuf], &'a Selection),
    /// A JSON Lines stream of articles.
    Jsonl(Box<dyn BufRead>),
}

/// Opens the one stream that `--input jsonl` reads.
fn jsonl_stream(args: &ScanArgs) -> Result<Box<dyn BufRead>, String> {
    if args.glob.is_some() || args.hidden {
        return Err("--glob and --hidden select files in folders; not with --input jsonl".into());
    }
    let [path] = args.paths.as_slice() else {
        return Err("--input jsonl reads one stream: give one FILE, or - for stdin".into());
    };
    if path.as_os_str() == "-" {
        return Ok(Box::new(std::io::stdin().lock()));
    }
    match std::fs::File::open(path) {
        Ok(file) => Ok(Box::new(std::io::BufReader::new(file))),
        Err(err) => Err(format!("cannot read {}: {err}", path.display())),
    }
}

/// Runs the job, writing each record in input order; a stream is flushed after each batch
/// so that a long-running pipe keeps moving.
fn write_records<W: Write>(
    scanner: &Scanner,
    job: Job,
    progress: Option<&indicatif::ProgressBar>,
    writer: &mut RecordWriter<W>,
) -> std::io::Result<Summary> {
    match job {
        Job::Files(paths, selection) => scanner.run(walk_inputs(paths, selection), |r| {
            if let Some(p) = progress {
                p.inc(1);
            }
            writer.write(r)
        }),
        Job::Jsonl(reader) => {
            let mut summary = Summary::default();
            let mut records = stream::records(scanner, reader);
            while let Some(record) = records.next() {
                summary.add(&record);
                writer.write(&record)?;
                if records.pending() == 0 {
                    writer.flush()?;
                }
            }
            Ok(summary)
        }
    }
}

/// Writes through a temporary file in the target's folder, renamed over it at the end, so a
/// failed or interrupted run leaves any previous file intact.
fn write_atomically(
    path: &std::path::Path,
    body: impl FnOnce(&mut tempfile::NamedTempFile) -> std::io::Result<Summary>,
) -> std::io::Result<Summary> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = output_tempfile(&dir)?;
    let summary = body(&mut tmp)?;
    tmp.as_file_mut().flush()?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(summary)
}

/// A temporary file in `dir` to be renamed over an output file. It is created with the
/// permissions of any file the user writes (0666 less the umask, so 0644 by default), not the
/// 0600 of a private temporary file: a colleague or a web server can read the output.
pub(crate) fn output_tempfile(dir: &std::path::Path) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".outage-news-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // open(2) applies the umask to this mode.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

fn progress_bar(len: u64) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(len);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} {pos}/{len} articles [{bar:30}] {per_sec} eta {eta}",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

fn print_summary(s: &Summary, seconds: f64) {
    let mb = s.bytes as f64 / 1_000_000.0;
    let rate = if seconds > 0.0 { mb / seconds } else { 0.0 };
    let per_sec = if seconds > 0.0 {
        s.inputs as f64 / seconds
    } else {
        0.0
    };
    eprintln!(
        "outage-news: {} articles, {} outages, {} errors; {:.2} MB in {:.2} s ({:.1} MB/s, {:.0} articles/s)",
        s.inputs, s.outages, s.errors, mb, seconds, rate, per_sec
    );
}

fn print_schema() -> i32 {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(outage_news::record::JSON_SCHEMA.as_bytes())
        .and_then(|_| stdout.flush())
    {
        Ok(()) => 0,
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(err) => fail(format!("cannot write the schema: {err}")),
    }
}
