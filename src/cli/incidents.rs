//! `outage-news incidents` and `outage-news report`: records grouped into incidents.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use outage_news::incidents::output::{read_records, write_incidents, IncidentFormat};
use outage_news::incidents::report::Report;
use outage_news::incidents::{Grouper, Grouping, DEFAULT_TOLERANCE_DAYS, DEFAULT_WINDOW_DAYS};
use outage_news::scan::{walk_inputs, Scanner, Selection};
use outage_news::Pipeline;

pub(super) const INCIDENTS_EXAMPLES: &str = "\
Examples:
  outage-news incidents corpus/articles                 scan the articles, then group them
  outage-news scan archive/ -o records.jsonl && outage-news incidents records.jsonl
  outage-news incidents records.jsonl --format csv -o incidents.csv

A PATH ending in .jsonl is read as records written by `scan`; any other PATH is scanned
first (folders recursively). Only outage articles become incidents. Articles are grouped
by root service (the provider named as the cause or said to have failed, e.g. Cloudflare,
else the failed service, matched on vendor) and compatible incident dates; an article
without an incident date joins the one incident of its service in its publication window,
or the one incident whose content it matches (shared failed services, error codes, causes),
never when two fit or dates contradict; else it stays alone with a reason. Each source
says how it joined (joined_by: date, content or alone) and how sure that is (confidence).
Output: incident v1 (docs/incident-v1.md), one JSON object per line, or CSV.
Exit status: 0 done, 1 some inputs failed (grouping still done), 2 usage or input error.";

pub(super) const REPORT_EXAMPLES: &str = "\
Examples:
  outage-news report corpus/articles --html report.html
  outage-news report records.jsonl --html out/report.html --title 'November outages'

The page is self-contained (inline CSS and SVG, no script, nothing fetched): a timeline of
incidents per service, the incidents with links to their source files (each marked with how
it joined: date, content or alone, and the confidence), counts by
language, top causes by status, and the inputs that failed.";

/// Inputs and grouping options shared by `incidents` and `report`.
#[derive(clap::Args, Debug)]
pub(super) struct GroupArgs {
    /// Article files or folders (scanned first), or `.jsonl` files of records from `scan`.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Days before publication in which an article without an incident date looks for its
    /// incident.
    #[arg(long, value_name = "DAYS", default_value_t = DEFAULT_WINDOW_DAYS)]
    window_days: u32,

    /// Days two incident dates may differ by and still be one incident (time zones).
    #[arg(long, value_name = "DAYS", default_value_t = DEFAULT_TOLERANCE_DAYS)]
    tolerance_days: u32,

    /// Folder of lexicon files (*.toml) for scanning, as for `scan`.
    #[arg(long, value_name = "DIR")]
    lexicons: Option<PathBuf>,

    /// Reference date for scanning articles without a publication date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    reference_date: Option<String>,

    /// Worker threads for scanning (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    threads: Option<usize>,

    /// No summary on stderr.
    #[arg(long, short = 'q')]
    quiet: bool,
}

#[derive(clap::Args, Debug)]
pub(super) struct IncidentsArgs {
    #[command(flatten)]
    group: GroupArgs,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = IncidentFormatArg::Jsonl)]
    format: IncidentFormatArg,

    /// Write to FILE instead of stdout (atomically).
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub(super) struct ReportArgs {
    #[command(flatten)]
    group: GroupArgs,

    /// The HTML file to write.
    #[arg(long, value_name = "FILE", required = true)]
    html: PathBuf,

    /// The page title.
    #[arg(long, default_value = "Outage incidents")]
    title: String,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum IncidentFormatArg {
    /// One incident v1 object per line.
    Jsonl,
    /// CSV with a header row.
    Csv,
}

/// Runs `incidents`.
pub(super) fn incidents(args: IncidentsArgs) -> i32 {
    let grouping = match group(&args.group) {
        Ok(g) => g,
        Err(status) => return status,
    };
    let format = match args.format {
        IncidentFormatArg::Jsonl => IncidentFormat::Jsonl,
        IncidentFormatArg::Csv => IncidentFormat::Csv,
    };
    let written = match &args.output {
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            write_incidents(&grouping.incidents, format, &mut out)
        }
        Some(path) => write_file(path, |out| {
            write_incidents(&grouping.incidents, format, out)
        }),
    };
    match written {
        Ok(()) => {}
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => return 0,
        Err(err) => return super::fail(format!("cannot write output: {err}")),
    }
    finish(&args.group, &grouping)
}

/// Runs `report`.
pub(super) fn report(args: ReportArgs) -> i32 {
    let grouping = match group(&args.group) {
        Ok(g) => g,
        Err(status) => return status,
    };
    let base = match args.html.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let html = Report::new(&grouping)
        .title(args.title.clone())
        .link_base(base)
        .render();
    if let Err(err) = write_file(&args.html, |out| out.write_all(html.as_bytes())) {
        return super::fail(format!("cannot write {}: {err}", args.html.display()));
    }
    finish(&args.group, &grouping)
}

fn finish(args: &GroupArgs, grouping: &Grouping) -> i32 {
    if !args.quiet {
        eprintln!(
            "outage-news: {} incidents from {} outage articles ({} articles, {} failed inputs)",
            grouping.incidents.len(),
            grouping.outages,
            grouping.articles,
            grouping.failed.len()
        );
    }
    if grouping.failed.is_empty() {
        0
    } else {
        1
    }
}

/// Reads or scans every PATH into a grouper; `Err(status)` after printing a message.
fn group(args: &GroupArgs) -> Result<Grouping, i32> {
    let mut grouper = Grouper::builder()
        .window_days(args.window_days)
        .tolerance_days(args.tolerance_days)
        .build()
        .map_err(super::fail)?;
    let mut pipeline: Option<Pipeline> = None;
    for path in &args.paths {
        if is_records_file(path) {
            let file = std::fs::File::open(path)
                .map_err(|e| super::fail(format!("cannot read {}: {e}", path.display())))?;
            read_records(std::io::BufReader::new(file), |r| grouper.add(&r))
                .map_err(|e| super::fail(format!("{}: {e}", path.display())))?;
            continue;
        }
        if pipeline.is_none() {
            pipeline = Some(super::build_pipeline(
                args.lexicons.as_ref(),
                args.reference_date.as_deref(),
                false,
            )?);
        }
        let Some(pipeline) = pipeline.as_ref() else {
            continue;
        };
        let scanner = Scanner::new(pipeline)
            .threads(args.threads.unwrap_or(0))
            .map_err(|e| super::fail(format!("cannot start worker threads: {e}")))?;
        let paths = std::slice::from_ref(path);
        let selection = Selection::default();
        let scanned = scanner.run(walk_inputs(paths, &selection), |record| {
            grouper.add(record);
            Ok::<(), std::convert::Infallible>(())
        });
        if let Err(never) = scanned {
            match never {}
        }
    }
    Ok(grouper.finish())
}

/// A `.jsonl` file is read as records; anything else is scanned.
fn is_records_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "jsonl") && path.is_file()
}

/// Writes a file through a temporary file renamed at the end.
fn write_file(
    path: &Path,
    body: impl FnOnce(&mut std::io::BufWriter<&mut std::fs::File>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = super::output_tempfile(&dir)?;
    {
        let mut out = std::io::BufWriter::new(tmp.as_file_mut());
        body(&mut out)?;
        out.flush()?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
