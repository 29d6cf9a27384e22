//! Tidy tests: rules about the source tree itself (after rust-analyzer's `tidy.rs`).
//! Simple and strict on purpose: comments count, and there is no allow-list.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};

/// Crates (and their `name_*` siblings like `wasm_bindgen_futures`) the pure core must not use.
const BROWSER_CRATES: &[&str] = &["yew", "web_sys", "gloo", "js_sys", "wasm_bindgen"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file under `dir`, sorted, as paths relative to the crate root.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&root().join(dir), &mut out);
    out.sort();
    out.into_iter().map(|p| p.strip_prefix(root()).expect("under root").to_path_buf()).collect()
}

fn read(path: &Path) -> String {
    fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The browser crate a word names, if any: `web_sys`, `web-sys` (as in prose or Cargo syntax)
/// and `wasm_bindgen_futures` all count.
fn browser_crate(word: &str) -> Option<&'static str> {
    let word = word.replace('-', "_");
    BROWSER_CRATES
        .iter()
        .copied()
        .find(|name| word == *name || word.strip_prefix(name).is_some_and(|rest| rest.starts_with('_')))
}

#[test]
fn core_never_touches_the_browser() {
    let mut offences = Vec::new();
    for path in rust_files(Path::new("src/report")) {
        for (n, line) in read(&path).lines().enumerate() {
            let words = line.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'));
            for word in words {
                if let Some(name) = browser_crate(word) {
                    offences.push(format!("{}:{}: `{name}`: {}", path.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        offences.is_empty(),
        "src/report is the pure core and must not mention browser crates (ARCHITECTURE.md):\n{}",
        offences.join("\n")
    );
}

#[test]
fn every_source_file_starts_with_a_doc_comment() {
    let missing: Vec<String> = rust_files(Path::new("src"))
        .into_iter()
        .filter(|path| !read(path).starts_with("//!"))
        .map(|path| path.display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "these files must start with a `//!` line saying what they are for:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_tidy_rules_catch_what_they_should() {
    for word in ["yew", "web_sys", "web-sys", "gloo", "js_sys", "wasm_bindgen", "wasm-bindgen-futures"] {
        assert!(browser_crate(word).is_some(), "{word}");
    }
    for word in ["yewish", "web", "sys", "glue", "wasm", "bindgen", "Yew_"] {
        assert!(browser_crate(word).is_none(), "{word}");
    }
}
