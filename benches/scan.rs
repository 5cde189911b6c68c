//! `scan` throughput over a large generated archive: articles/s and MB/s with 1 and 2 threads.
//!
//! `cargo bench --bench scan` generates (once, cached under `target/bench-corpus/`) an
//! archive of realistic articles from the project's corpus — see `benches/generate` — and
//! scans it the way `outage-news scan` does: files walked in sorted order, processed in
//! parallel batches, every record serialised as JSON Lines (to a sink). Environment:
//! `SCAN_BENCH_ARTICLES` (default 100000), `SCAN_BENCH_SEED` (default 7),
//! `SCAN_BENCH_THREADS` (default `1,2`), and `SCAN_BENCH_ARTICLE_BYTES` (unset: the archive
//! mix, live blogs included; set, e.g. to 3000: articles of about that size).

mod generate;

use std::path::PathBuf;
use std::time::Instant;

use outage_news::output::{Format, RecordWriter};
use outage_news::scan::{walk_inputs, Scanner, Selection};
use outage_news::Pipeline;

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is accepted.
    let n: usize = env_or("SCAN_BENCH_ARTICLES", 100_000);
    let seed: u64 = env_or("SCAN_BENCH_SEED", 7);
    let threads: String = env_or("SCAN_BENCH_THREADS", "1,2".to_string());
    let article_bytes: usize = env_or("SCAN_BENCH_ARTICLE_BYTES", 0);
    let target = std::env::var("CARGO_TARGET_DIR")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/target").to_string());
    let dir = PathBuf::from(target)
        .join("bench-corpus")
        .join(match article_bytes {
            0 => format!("{n}-{seed}"),
            b => format!("{n}-{seed}-{b}b"),
        });
    let marker = dir.join(".complete");
    if !marker.exists() {
        let started = Instant::now();
        let _ = std::fs::remove_dir_all(&dir);
        let corpus = match article_bytes {
            0 => generate::Corpus::load(),
            b => generate::Corpus::load().article_bytes(b),
        };
        let made = corpus
            .write(&dir, n, seed)
            .expect("generated archive written");
        std::fs::write(&marker, format!("{} {}\n", made.files, made.bytes)).expect("marker");
        eprintln!(
            "generated {} articles, {:.1} MB in {:.1} s under {}",
            made.files,
            made.bytes as f64 / 1e6,
            started.elapsed().as_secs_f64(),
            dir.display()
        );
    }

    let started = Instant::now();
    let pipeline = Pipeline::builder().build().expect("embedded lexicons");
    eprintln!("start-up: {:.1} ms", started.elapsed().as_secs_f64() * 1e3);

    for t in threads
        .split(',')
        .filter_map(|t| t.trim().parse::<usize>().ok())
    {
        let scanner = Scanner::new(&pipeline).threads(t).expect("thread pool");
        let started = Instant::now();
        let paths = [dir.clone()];
        let selection = Selection::default();
        let mut writer = RecordWriter::new(Format::Jsonl, std::io::sink());
        let summary = scanner
            .run(walk_inputs(&paths, &selection), |r| writer.write(r))
            .expect("a sink never fails");
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "scan {} articles ({:.1} MB), {t} thread(s): {:.2} s, {:.0} articles/s, {:.2} MB/s ({} outages, {} errors)",
            summary.inputs,
            summary.bytes as f64 / 1e6,
            seconds,
            summary.inputs as f64 / seconds,
            summary.bytes as f64 / 1e6 / seconds,
            summary.outages,
            summary.errors
        );
    }
}
