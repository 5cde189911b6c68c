//! Command-line interface: argument parsing, progress, summary and exit codes.
//!
//! Exit codes: 0 success; 1 some inputs could not be processed (their error records are
//! still written); 2 usage or configuration error (bad flag, malformed lexicon, unwritable
//! output).

mod repair;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};

use outage_news::output::{Format, RecordWriter};
use outage_news::scan::{collect_inputs, Scanner, Selection, Summary, DEFAULT_MAX_BYTES};
use outage_news::Pipeline;

const SCAN_EXAMPLES: &str = "\
Examples:
  outage-news scan corpus/articles                      records as JSON Lines on stdout
  outage-news scan archive/ --glob '*.txt' -o out.jsonl  only .txt files, written atomically
  outage-news scan a.txt b.html --format csv            a spreadsheet
  cat article.txt | outage-news scan -                  one article from stdin
  outage-news scan archive/ --reference-date 2025-06-10 anchor 'today' when articles carry no date
  outage-news scan archive/ --lexicons my-lexicons/     add or replace lexicon files

Every input file gives exactly one line: an article record, or an error record
({\"error\": {\"kind\": \"io|too_large|binary|empty|decode\", ...}}).
Exit status: 0 all inputs processed, 1 some inputs failed, 2 usage or lexicon error.";

/// Turns news articles about service outages (it/fr/en) into incident records.
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
    /// Print the JSON Schema (draft 2020-12) of the records `scan` writes (record v1).
    Schema,
}

#[derive(clap::Args, Debug)]
struct ScanArgs {
    /// Files or folders to scan (folders recursively); `-` reads one article from stdin.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

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
        Command::Schema => print_schema(),
    }
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

fn fail(message: impl std::fmt::Display) -> i32 {
    eprintln!("outage-news: {message}");
    EXIT_USAGE
}

fn scan(args: ScanArgs) -> i32 {
    let mut builder = Pipeline::builder().with_text(args.with_text);
    if let Some(dir) = &args.lexicons {
        builder = builder.lexicons_dir(dir);
    }
    if let Some(date) = &args.reference_date {
        builder = match builder.reference_date(date) {
            Ok(b) => b,
            Err(err) => return fail(err),
        };
    }
    let pipeline = match builder.build() {
        Ok(p) => p,
        Err(err) => return fail(err),
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
    let inputs = collect_inputs(&args.paths, &selection);
    let progress = (!args.quiet && std::io::stderr().is_terminal() && inputs.len() > 1)
        .then(|| progress_bar(inputs.len() as u64));
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
            let summary = scanner.run(&inputs, |r| {
                if let Some(p) = &progress {
                    p.inc(1);
                }
                writer.write(r)
            });
            summary.and_then(|s| writer.finish().map(|_| s))
        }
        Some(path) => write_atomically(path, |file| {
            let mut writer = RecordWriter::new(format, std::io::BufWriter::new(file));
            let summary = scanner.run(&inputs, |r| {
                if let Some(p) = &progress {
                    p.inc(1);
                }
                writer.write(r)
            })?;
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
    let mut tmp = tempfile::Builder::new()
        .prefix(".outage-news-")
        .suffix(".tmp")
        .tempfile_in(&dir)?;
    let summary = body(&mut tmp)?;
    tmp.as_file_mut().flush()?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(summary)
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
