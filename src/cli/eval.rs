//! `outage-news eval`: score the records of an article tree against an expected tree.

use std::path::PathBuf;

use outage_news::eval::evaluate;
use outage_news::scan::Scanner;

pub(super) const EXAMPLES: &str = "\
Examples:
  outage-news eval corpus/articles corpus/expected             the per-field table
  outage-news eval corpus/articles corpus/expected --misses    and every disagreement
  outage-news eval my-articles my-expected --lexicons my-lex/  measure your own lexicons
  outage-news eval corpus/articles corpus/expected --json      machine-readable

The expected tree mirrors the article tree: articles/it/x.txt is scored against
expected/it/x.txt.json (format: corpus/README.md). Set fields (services, HTTP statuses,
signals, causes, surfaces, related dates) get micro precision/recall/F1 over all
articles; single values (language, dates, resolved, decoding) get accuracy.
Exit status: 0 evaluated, 1 some articles or expectations had no counterpart,
2 usage or lexicon error.";

#[derive(clap::Args, Debug)]
pub(super) struct EvalArgs {
    /// Folder of articles (scanned like `scan` does).
    #[arg(value_name = "ARTICLES")]
    articles: PathBuf,

    /// Folder of expected records: `<article id>.json` for every article.
    #[arg(value_name = "EXPECTED")]
    expected: PathBuf,

    /// Also list every disagreement: article, field, what the record says, what was expected.
    #[arg(long)]
    misses: bool,

    /// Print the report as one JSON object instead of a table.
    #[arg(long)]
    json: bool,

    /// Folder of lexicon files (*.toml) that add to or replace the embedded ones.
    #[arg(long, value_name = "DIR")]
    lexicons: Option<PathBuf>,

    /// Date that relative dates resolve against when an article has no publication date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    reference_date: Option<String>,
}

/// Runs the command and returns the exit status.
pub(super) fn run(args: EvalArgs) -> i32 {
    for (what, dir) in [("articles", &args.articles), ("expected", &args.expected)] {
        if !dir.is_dir() {
            return super::fail(format!("{what} folder {} not found", dir.display()));
        }
    }
    let pipeline = match super::build_pipeline(
        args.lexicons.as_ref(),
        args.reference_date.as_deref(),
        false,
    ) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let report = evaluate(&Scanner::new(&pipeline), &args.articles, &args.expected);
    if args.json {
        println!("{}", report.to_json());
    } else {
        print!("{}", report.table());
        if args.misses {
            println!();
            for miss in &report.misses {
                println!(
                    "{}  {}: got [{}] want [{}]",
                    miss.id, miss.field, miss.got, miss.want
                );
            }
        }
        for line in &report.unmatched {
            eprintln!("outage-news: {line}");
        }
    }
    if report.unmatched.is_empty() {
        0
    } else {
        1
    }
}
