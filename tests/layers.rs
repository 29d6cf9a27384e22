//! Layers without cycles: the module graph of every folder under `src`, read from the source
//! text (a module is a `.rs` file or a folder; an edge is a path naming a sibling), must have no
//! cycle, and the UI's top-level modules may only depend downwards (ARCHITECTURE.md 不变量).
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Rust source with `//` comments removed (doc comments name other modules in prose).
fn code_of(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines().map(|line| line.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The modules of `folder` (its files and subfolders, `mod.rs` aside) and the source of each.
fn modules(folder: &Path) -> BTreeMap<String, String> {
    let mut modules: BTreeMap<String, String> = BTreeMap::new();
    for path in rust_files(folder) {
        let rel = path.strip_prefix(folder).expect("under the folder");
        let first = rel.components().next().expect("a component").as_os_str().to_string_lossy().to_string();
        let name = first.trim_end_matches(".rs").to_string();
        if name == "mod" {
            continue;
        }
        modules.entry(name).or_default().push_str(&code_of(&path));
    }
    modules
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Whether `code` names the sibling module `name` of the folder whose crate path is `crate_path`:
/// `super::name`, `crate::<crate_path>::name`, or `name` inside a `use super::{…}` group.
fn names_sibling(code: &str, crate_path: &str, name: &str) -> bool {
    let full = format!("crate::{crate_path}::{name}");
    let sup = format!("super::{name}");
    let found = |needle: &str| {
        code.match_indices(needle).any(|(at, _)| {
            let after = code[at + needle.len()..].chars().next();
            !after.is_some_and(is_word)
        })
    };
    if found(&full) || found(&sup) {
        return true;
    }
    code.match_indices("use super::{").any(|(at, _)| {
        let group = &code[at..];
        let group = &group[..group.find('}').unwrap_or(group.len())];
        group.split(|c: char| !is_word(c)).any(|word| word == name)
    })
}

/// The edges between the modules of `folder`.
fn graph(folder: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let rel = folder.strip_prefix(root().join("src")).expect("under src");
    let crate_path = rel.to_string_lossy().replace('/', "::");
    let modules = modules(folder);
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (name, code) in &modules {
        let targets = modules.keys().filter(|other| *other != name && names_sibling(code, &crate_path, other)).cloned().collect();
        edges.insert(name.clone(), targets);
    }
    edges
}

/// The cycles of a graph (strongly connected components with more than one module).
fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    // Kosaraju: order by finish time, then walk the reversed graph.
    fn finish(node: &str, edges: &BTreeMap<String, BTreeSet<String>>, seen: &mut BTreeSet<String>, order: &mut Vec<String>) {
        if !seen.insert(node.to_string()) {
            return;
        }
        for next in edges.get(node).into_iter().flatten() {
            finish(next, edges, seen, order);
        }
        order.push(node.to_string());
    }
    let mut seen = BTreeSet::new();
    let mut order = Vec::new();
    for node in edges.keys() {
        finish(node, edges, &mut seen, &mut order);
    }
    let mut reversed: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, tos) in edges {
        for to in tos {
            reversed.entry(to.clone()).or_default().insert(from.clone());
        }
    }
    let mut assigned = BTreeSet::new();
    let mut out = Vec::new();
    for node in order.iter().rev() {
        let mut component = Vec::new();
        finish(node, &reversed, &mut assigned, &mut component);
        if component.len() > 1 {
            component.sort();
            out.push(component);
        }
    }
    out
}

/// Every folder under `src` that holds modules.
fn folders() -> Vec<PathBuf> {
    let mut out = BTreeSet::new();
    for file in rust_files(&root().join("src")) {
        if let Some(parent) = file.parent() {
            out.insert(parent.to_path_buf());
        }
    }
    out.into_iter().filter(|f| f != &root().join("src")).collect()
}

#[test]
fn no_folder_under_src_has_an_import_cycle() {
    let mut found = Vec::new();
    for folder in folders() {
        for cycle in cycles(&graph(&folder)) {
            found.push(format!("{}: {}", folder.strip_prefix(root()).expect("under root").display(), cycle.join(" → ")));
        }
    }
    assert!(found.is_empty(), "import cycles (ARCHITECTURE.md: layers, no cycles):\n{}", found.join("\n"));
}

/// The UI's top-level modules from the bottom up; a module may use only those before it.
const UI_LAYERS: &[&str] = &["adapters", "strings", "hooks", "components", "pages", "shell", "app"];

#[test]
fn the_ui_depends_only_downwards_and_the_core_on_nothing_above_it() {
    let ui = graph(&root().join("src/ui"));
    let mut wrong = Vec::new();
    for (from, tos) in &ui {
        let Some(rank) = UI_LAYERS.iter().position(|l| l == from) else {
            wrong.push(format!("src/ui/{from} is not in a layer of UI_LAYERS (tests/layers.rs)"));
            continue;
        };
        for to in tos {
            if UI_LAYERS.iter().position(|l| l == to).is_none_or(|r| r >= rank) {
                wrong.push(format!("src/ui/{from} uses src/ui/{to}, which is not below it"));
            }
        }
    }
    // The app's logic and the core never reach up into the UI (nor the core into the app).
    for (dir, above) in [("src/report", &["crate::app", "crate::ui"][..]), ("src/app", &["crate::ui"][..])] {
        for file in rust_files(&root().join(dir)) {
            let code = code_of(&file);
            for path in above {
                if code.contains(path) {
                    wrong.push(format!("{} uses {path}", file.strip_prefix(root()).expect("under root").display()));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "layering (ARCHITECTURE.md):\n{}", wrong.join("\n"));
}

#[test]
fn the_layer_check_sees_what_it_should() {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (a, b) in [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "e"), ("e", "d")] {
        edges.entry(a.into()).or_default().insert(b.into());
        edges.entry(b.into()).or_default();
    }
    let mut found = cycles(&edges);
    found.sort();
    assert_eq!(found, vec![vec!["a", "b", "c"], vec!["d", "e"]]);
    assert!(names_sibling("use super::hooks::x;", "ui", "hooks"));
    assert!(names_sibling("use crate::ui::hooks;", "ui", "hooks"));
    assert!(names_sibling("use super::{fields::TextField, hooks};", "ui", "hooks"));
    assert!(!names_sibling("use super::hooksmith;", "ui", "hooks"));
    assert!(!names_sibling("let hooks = 1;", "ui", "hooks"));
}
