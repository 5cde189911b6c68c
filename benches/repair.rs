//! Throughput of the repair stage on a ~20 MB it/fr/en text: clean, fully mangled, and
//! mixed (about one paragraph in ten mangled), single thread.
//!
//! `cargo bench --bench repair`. The text is the project's it/fr/en articles repeated; the
//! mangled paragraphs are real manglings (UTF-8 decoded as windows-1252).

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use outage_news::repair::repair;

/// About 20 MB of paragraphs from the corpus articles in it, fr and en.
fn paragraphs() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/articles");
    let mut paragraphs = Vec::new();
    for lang in ["it", "fr", "en"] {
        let Ok(entries) = std::fs::read_dir(root.join(lang)) else {
            continue;
        };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            if let Ok(text) = std::fs::read_to_string(&path) {
                paragraphs.extend(text.split("\n\n").map(str::to_string));
            }
        }
    }
    let one_pass: usize = paragraphs.iter().map(String::len).sum();
    let copies = (20_000_000 / one_pass.max(1)).max(1);
    let mut all = Vec::with_capacity(paragraphs.len() * copies);
    for _ in 0..copies {
        all.extend(paragraphs.iter().cloned());
    }
    all
}

fn mangle(text: &str) -> String {
    let (decoded, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(text.as_bytes());
    decoded.into_owned()
}

fn bench_repair(c: &mut Criterion) {
    let paragraphs = paragraphs();
    let clean = paragraphs.join("\n\n");
    let mangled = paragraphs
        .iter()
        .map(|p| mangle(p))
        .collect::<Vec<_>>()
        .join("\n\n");
    let mixed = paragraphs
        .iter()
        .enumerate()
        .map(|(i, p)| if i % 10 == 3 { mangle(p) } else { p.clone() })
        .collect::<Vec<_>>()
        .join("\n\n");
    let ascii: String = clean.chars().filter(char::is_ascii).collect();

    let mut group = c.benchmark_group("repair");
    group.sample_size(10);
    for (name, text) in [
        ("clean ASCII", &ascii),
        ("clean it/fr/en", &clean),
        ("mixed 10% mangled", &mixed),
        ("all mangled", &mangled),
    ] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| b.iter(|| repair(text)));
    }
    group.finish();

    // Articles as the pipeline sees them: one call per article-sized text.
    let articles: Vec<String> = mixed
        .split("\n\n")
        .collect::<Vec<_>>()
        .chunks(8)
        .map(|c| c.join("\n\n"))
        .collect();
    let bytes: usize = articles.iter().map(String::len).sum();
    let mut group = c.benchmark_group("repair per article");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("mixed 10% mangled", |b| {
        b.iter(|| articles.iter().map(|a| repair(a).repairs).sum::<usize>())
    });
    group.finish();
}

criterion_group!(benches, bench_repair);
criterion_main!(benches);
