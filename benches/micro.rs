//! Criterion micro-benchmarks: normaliser, analyzer and extractor throughput
//! (MB/s) over the bundled corpus.
//!
//! Run: `cargo bench --bench micro` (add `-- --quick` for a short run).
//! Each benchmark processes all five bundled documents per iteration; criterion
//! reports the throughput in bytes of the input text.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

/// The bundled corpus, decoded (raw) and normalised.
fn corpus() -> Vec<(String, String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    files.sort();
    files
        .into_iter()
        .filter_map(|p| {
            let raw = std::fs::read_to_string(&p).ok()?;
            let norm = vanban::normalize::normalize(&raw);
            let name = p.file_name()?.to_string_lossy().into_owned();
            Some((name, raw, norm))
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    let docs = corpus();
    assert!(!docs.is_empty(), "bundled corpus not found");
    let raw_bytes: usize = docs.iter().map(|(_, r, _)| r.len()).sum();
    let norm_bytes: usize = docs.iter().map(|(_, _, n)| n.len()).sum();

    let mut g = c.benchmark_group("normalize");
    g.throughput(Throughput::Bytes(raw_bytes as u64));
    g.bench_function("corpus", |b| {
        b.iter(|| {
            for (_, raw, _) in &docs {
                std::hint::black_box(vanban::normalize::normalize(std::hint::black_box(raw)));
            }
        })
    });
    g.finish();

    let mut g = c.benchmark_group("analyzer");
    g.throughput(Throughput::Bytes(norm_bytes as u64));
    for (label, folded) in [("exact", false), ("folded", true)] {
        g.bench_function(label, |b| {
            b.iter(|| {
                for (_, _, norm) in &docs {
                    std::hint::black_box(vanban::analysis::tokens(
                        std::hint::black_box(norm),
                        folded,
                    ));
                }
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group("extract");
    g.throughput(Throughput::Bytes(norm_bytes as u64));
    g.sample_size(20);
    g.bench_function("corpus", |b| {
        b.iter(|| {
            for (name, _, norm) in &docs {
                std::hint::black_box(vanban::extract::extract_text(
                    name,
                    std::hint::black_box(norm),
                ));
            }
        })
    });
    g.finish();
}

criterion_group!(micro, benches);
criterion_main!(micro);
