//! Per-stage throughput (MB/s) for articles of 1 KB, 10 KB, 100 KB and 1 MB.
//!
//! `cargo bench --bench stages`. Each stage runs on its own over input prepared by the
//! stages before it — decode, repair (clean and mangled text), language detection, the
//! annotation pass (lexicon automata, sentences, service mentions), each extractor, the
//! classifier — and the whole `process` call, so a stage that scales worse than linearly
//! with article length shows as a falling MB/s across the four sizes.

use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use outage_news::{decode, internals, repair, Pipeline};

/// Italian, French and English corpus articles stacked (in that order, repeatedly) up to
/// `size` bytes, cut on a paragraph.
fn article_of(size: usize) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/articles");
    let mut texts = Vec::new();
    for lang in ["it", "fr", "en"] {
        let mut files: Vec<_> = std::fs::read_dir(root.join(lang))
            .expect("corpus folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        files.sort();
        texts.extend(files.iter().filter_map(|p| std::fs::read_to_string(p).ok()));
    }
    let mut out = String::new();
    for text in texts.iter().cycle() {
        for paragraph in text.split("\n\n") {
            if out.len() + paragraph.len() + 2 > size && !out.is_empty() {
                return out;
            }
            out.push_str(paragraph);
            out.push_str("\n\n");
        }
    }
    out
}

fn mangled(text: &str) -> String {
    encoding_rs::WINDOWS_1252
        .decode(text.as_bytes())
        .0
        .into_owned()
}

fn stages(c: &mut Criterion) {
    let pipeline = Pipeline::builder().build().expect("embedded lexicons");
    let mut group = c.benchmark_group("stages");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1));
    for (label, size) in [
        ("1KB", 1_000),
        ("10KB", 10_000),
        ("100KB", 100_000),
        ("1MB", 1_000_000),
    ] {
        let text = article_of(size);
        let bad = mangled(&text);
        let folded = internals::fold(&text);
        let annotated = internals::annotate(&pipeline, &text, &folded);
        group.throughput(Throughput::Bytes(text.len() as u64));
        let id = |stage: &str| BenchmarkId::new(stage, label);
        group.bench_function(id("decode"), |b| b.iter(|| decode::decode(text.as_bytes())));
        group.bench_function(id("repair clean"), |b| b.iter(|| repair::repair(&text)));
        group.bench_function(id("repair mangled"), |b| b.iter(|| repair::repair(&bad)));
        group.bench_function(id("language"), |b| {
            b.iter(|| internals::detect_language(&text))
        });
        group.bench_function(id("annotate"), |b| {
            b.iter(|| internals::annotate(&pipeline, &text, &folded).classify())
        });
        group.bench_function(id("dates"), |b| b.iter(|| annotated.dates()));
        group.bench_function(id("errors"), |b| b.iter(|| annotated.errors()));
        group.bench_function(id("services"), |b| b.iter(|| annotated.services()));
        group.bench_function(id("causes"), |b| b.iter(|| annotated.causes()));
        group.bench_function(id("impact"), |b| b.iter(|| annotated.impact()));
        group.bench_function(id("classify"), |b| b.iter(|| annotated.classify()));
        group.bench_function(id("process"), |b| {
            b.iter(|| pipeline.process("bench.txt", text.as_bytes()))
        });
    }
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
