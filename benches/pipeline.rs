//! Throughput of the whole `process` call over the project's corpus (MB/s and articles/s).
//!
//! `cargo bench --bench pipeline`. Per-stage benchmarks and a generated large corpus are the
//! subject of the performance work; this one keeps the end-to-end figure honest.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use outage_news::scan::{collect_inputs, Input, Selection};
use outage_news::Pipeline;

fn corpus() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join("articles");
    collect_inputs(&[root], &Selection::default())
        .into_iter()
        .filter_map(|input| match input {
            Input::File { id, path } => std::fs::read(path).ok().map(|bytes| (id, bytes)),
            _ => None,
        })
        .collect()
}

fn process_corpus(c: &mut Criterion) {
    let pipeline = Pipeline::builder().build().expect("embedded lexicons");
    let articles = corpus();
    let bytes: usize = articles.iter().map(|(_, b)| b.len()).sum();
    let mut group = c.benchmark_group("process");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("corpus (bytes)", |b| {
        b.iter(|| {
            for (id, data) in &articles {
                std::hint::black_box(pipeline.process(id, data));
            }
        })
    });
    group.throughput(Throughput::Elements(articles.len() as u64));
    group.bench_function("corpus (articles)", |b| {
        b.iter(|| {
            for (id, data) in &articles {
                std::hint::black_box(pipeline.process(id, data));
            }
        })
    });
    group.finish();
}

fn startup(c: &mut Criterion) {
    c.bench_function("pipeline build (lexicons parsed, automata compiled)", |b| {
        b.iter(|| Pipeline::builder().build().expect("lexicons"))
    });
}

criterion_group!(benches, process_corpus, startup);
criterion_main!(benches);
