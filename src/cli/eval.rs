//! `outage-news eval`: score the records of an article tree against an expected tree, or
//! against labels in the JSON Lines format of the real-article dev set (`--labels`).

use std::path::{Path, PathBuf};

use outage_news::eval::evaluate;
use outage_news::eval::labels::{Group, Labels, Predictions};
use outage_news::scan::Scanner;
use outage_news::Pipeline;

pub(super) const EXAMPLES: &str = "\
Examples:
  outage-news eval corpus/articles corpus/expected             the per-field table
  outage-news eval corpus/articles corpus/expected --misses    and every disagreement
  outage-news eval my-articles my-expected --lexicons my-lex/  measure your own lexicons
  outage-news eval corpus/articles corpus/expected --json      machine-readable
  outage-news eval --labels gold.jsonl articles/               labelled articles: score.py's table
  outage-news eval --labels gold.jsonl articles/ --groups it,fr,en,neg --misses

The expected tree mirrors the article tree: articles/it/x.txt is scored against
expected/it/x.txt.json (format: corpus/README.md). Set fields (services, HTTP statuses,
signals, causes, surfaces, related dates) get micro precision/recall/F1 over all
articles; single values (language, dates, resolved, decoding) get accuracy.

With --labels FILE, FILE holds one JSON object per labelled article, as in the
real-article dev set: {\"id\": \"2024-02-26-slack\", \"lang\": \"en\", \"is_outage\": true,
\"published\": \"2024-02-26\", \"incident_date\": \"2024-02-26\", \"incident_date_also\": [],
\"services\": [\"Slack\"], \"mentioned_not_affected\": [\"X\"], \"http_codes\": [],
\"error_signals\": [\"message_send_failure\"], \"causes\": [{\"category\": \"software_bug\",
\"status\": \"confirmed\"}], \"surfaces\": [\"web\"], \"resolved\": true}. A record meets its
label by the file name without extension (articles/2024-02-26-slack.txt ->
2024-02-26-slack). The figures are those of the set's score.py: per-field P/R/F1 or
accuracy, per-group affected services, the mean of the ten fields, and
`real-set: N passed, M failed`; --misses lists each failing article and why, --json
prints score.py's JSON, --groups scores only some groups (it, fr, en: outage reports in
that language; xx: any other language; neg: not outage reports).

Exit status: 0 evaluated, 1 some articles or expectations (labels) had no counterpart,
2 usage, labels or lexicon error.";

#[derive(clap::Args, Debug)]
pub(super) struct EvalArgs {
    /// Folder of articles (scanned like `scan` does).
    #[arg(value_name = "ARTICLES")]
    articles: PathBuf,

    /// Folder of expected records: `<article id>.json` for every article.
    #[arg(
        value_name = "EXPECTED",
        required_unless_present = "labels",
        conflicts_with = "labels"
    )]
    expected: Option<PathBuf>,

    /// Score against labels instead: one JSON object per article (the real-article dev
    /// set's gold.jsonl format), with the figures of its score.py.
    #[arg(long, value_name = "FILE")]
    labels: Option<PathBuf>,

    /// With --labels: score only these groups, comma-separated: it, fr, en (outage reports
    /// in that language), xx (in any other language), neg (not outage reports).
    #[arg(long, value_name = "GROUPS")]
    groups: Option<String>,

    /// Also list every disagreement (with --labels: each failing article and why).
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
    if args.groups.is_some() && args.labels.is_none() {
        return super::fail("--groups selects labelled articles: it needs --labels FILE");
    }
    if !args.articles.is_dir() {
        return super::fail(format!(
            "articles folder {} not found",
            args.articles.display()
        ));
    }
    if let Some(expected) = &args.expected {
        if !expected.is_dir() {
            return super::fail(format!("expected folder {} not found", expected.display()));
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
    match (&args.labels, &args.expected) {
        (Some(labels), _) => run_labels(&args, labels, &pipeline),
        (None, Some(expected)) => run_expected(&args, expected, &pipeline),
        (None, None) => super::fail("give an EXPECTED folder or --labels FILE"),
    }
}

/// Scores against an expected tree.
fn run_expected(args: &EvalArgs, expected: &Path, pipeline: &Pipeline) -> i32 {
    let report = evaluate(&Scanner::new(pipeline), &args.articles, expected);
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

/// Scores against labels, as the real-article dev set's score.py does.
fn run_labels(args: &EvalArgs, path: &Path, pipeline: &Pipeline) -> i32 {
    let all = match Labels::load(path) {
        Ok(labels) => labels,
        Err(err) => return super::fail(err),
    };
    let labels = match args.groups.as_deref().map(Group::parse_list) {
        None => all.clone(),
        Some(Ok(groups)) => all.in_groups(&groups),
        Some(Err(err)) => return super::fail(format!("--groups: {err}")),
    };
    if labels.is_empty() {
        return super::fail(format!(
            "no labelled article to score in {}",
            path.display()
        ));
    }
    let predictions = Predictions::scan(&Scanner::new(pipeline), &args.articles);
    for warning in predictions.warnings(&all) {
        eprintln!("outage-news: warning: {warning}");
    }
    let scores = labels.score(&predictions);
    if args.json {
        match serde_json::to_string_pretty(&scores.to_json()) {
            Ok(json) => println!("{json}"),
            Err(err) => return super::fail(format!("cannot write JSON: {err}")),
        }
    } else {
        print!("{}", scores.report(args.misses));
    }
    let unlabelled = predictions.unlabelled(&all).len();
    let without_record = scores.n_gold - scores.n_records_matched;
    if without_record > 0 {
        eprintln!(
            "outage-news: {without_record} labelled articles have no file in {}",
            args.articles.display()
        );
    }
    if without_record > 0 || unlabelled > 0 {
        1
    } else {
        0
    }
}
