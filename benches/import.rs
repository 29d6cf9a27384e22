//! `make bench`'s native import rows: how long `import_text` takes on a report-sized text, in
//! the release profile, without a browser. Issue 16's target: a 20,000-character text in at most
//! 50 ms.
//!
//! `cargo bench --bench import [-- FILE…]` times each file given (bench/bench.mjs passes the
//! sample ×10 it types into the app) and the development set's 48 reports imported as one text,
//! and prints one JSON object per line: name, characters, runs, p50 and p95 in milliseconds, and
//! the importer's summary.

use std::time::Instant;

use shuzhi::report::default_template;
use shuzhi::report::import::import_text;

const RUNS: usize = 50;

/// The development set's reports one after another, labels stripped (≈ 23,000 characters of
/// every structure the importer knows: clutter, flattened pages, reports without headings …).
fn dev_set() -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import-devset");
    let mut paths: Vec<_> = std::fs::read_dir(dir).into_iter().flatten().filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    let mut text = String::new();
    for path in paths {
        let Ok(fixture) = std::fs::read_to_string(&path) else { continue };
        for line in fixture.lines().filter(|l| !l.starts_with('#')) {
            let body = line.split_once('|').map_or(line, |(_, t)| t);
            let mut rest = body;
            while let Some((before, after)) = rest.split_once('⟦') {
                text.push_str(before);
                rest = after.split_once('⟧').map_or("", |(_, t)| t);
            }
            text.push_str(rest);
            text.push('\n');
        }
    }
    text
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).copied().unwrap_or(f64::NAN)
}

fn main() {
    let template = default_template();
    let mut inputs: Vec<(String, String)> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .filter_map(|path| {
            let text = std::fs::read_to_string(&path).ok()?;
            let name = std::path::Path::new(&path).file_stem()?.to_string_lossy().to_string();
            Some((name, text))
        })
        .collect();
    inputs.push(("dev set: 48 reports as one text".into(), dev_set()));
    for (name, text) in inputs {
        for _ in 0..3 {
            std::hint::black_box(import_text(&text, &template));
        }
        let mut times = Vec::with_capacity(RUNS);
        let mut summary = String::new();
        for _ in 0..RUNS {
            let start = Instant::now();
            let imported = std::hint::black_box(import_text(&text, &template));
            times.push(start.elapsed().as_secs_f64() * 1000.0);
            summary = imported.diagnostics.first().map(|d| d.message.clone()).unwrap_or_default();
        }
        times.sort_by(f64::total_cmp);
        let json = serde_json::json!({
            "name": name,
            "chars": text.chars().count(),
            "runs": RUNS,
            "p50": percentile(&times, 0.5),
            "p95": percentile(&times, 0.95),
            "summary": summary,
        });
        println!("{json}");
    }
}
