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
    BROWSER_CRATES.iter().copied().find(|name| word == *name || word.strip_prefix(name).is_some_and(|rest| rest.starts_with('_')))
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
    assert!(offences.is_empty(), "src/report is the pure core and must not mention browser crates (ARCHITECTURE.md):\n{}", offences.join("\n"));
}

#[test]
fn every_source_file_starts_with_a_doc_comment() {
    let missing: Vec<String> =
        rust_files(Path::new("src")).into_iter().filter(|path| !read(path).starts_with("//!")).map(|path| path.display().to_string()).collect();
    assert!(missing.is_empty(), "these files must start with a `//!` line saying what they are for:\n{}", missing.join("\n"));
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

// ---------------------------------------------------------------------------------------------
// Code shape: no panics on input, browser access in the adapters, text in its place, drafts
// changed by `apply` only. Each detector is tested on what it must catch and what it must let be.

/// The file's code without its `#[cfg(test)]` tail (test modules close every file that has one)
/// and without `//` comments.
fn code_without_tests(text: &str) -> String {
    let code = match text.find("#[cfg(test)]") {
        Some(at) => &text[..at],
        None => text,
    };
    code.lines().map(strip_comment).collect::<Vec<_>>().join("\n")
}

/// A line without its `//` comment (not inside a string literal).
fn strip_comment(line: &str) -> &str {
    let mut in_string = false;
    let mut escaped = false;
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            _ if escaped => escaped = false,
            b'\\' if in_string => escaped = true,
            b'"' => in_string = !in_string,
            b'/' if !in_string && bytes.get(i + 1) == Some(&b'/') => return &line[..i],
            _ => {}
        }
    }
    line
}

/// The `.unwrap()` and `.expect(` calls in code.
fn panicking_calls(code: &str) -> usize {
    code.matches(".unwrap()").count() + code.matches(".expect(").count()
}

#[test]
fn nothing_outside_tests_unwraps_or_expects() {
    let mut offences = Vec::new();
    for path in rust_files(Path::new("src")) {
        for (n, line) in code_without_tests(&read(&path)).lines().enumerate() {
            if panicking_calls(line) > 0 {
                offences.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(offences.is_empty(), "no unwrap/expect outside tests: return an error the user sees in Chinese instead:\n{}", offences.join("\n"));
}

#[test]
fn the_browser_is_reached_only_through_the_adapters() {
    let mut offences = Vec::new();
    let places = rust_files(Path::new("src/ui")).into_iter().chain(rust_files(Path::new("src/app")));
    for path in places.filter(|p| !p.starts_with("src/ui/adapters")) {
        for (n, line) in code_without_tests(&read(&path)).lines().enumerate() {
            let words = line.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'));
            for word in words {
                if let Some(name) = browser_crate(word).filter(|name| *name != "yew") {
                    offences.push(format!("{}:{}: `{name}`: {}", path.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(offences.is_empty(), "web_sys, js_sys, wasm_bindgen and gloo belong in src/ui/adapters (ARCHITECTURE.md):\n{}", offences.join("\n"));
}

/// Whether a character is Chinese text or CJK punctuation (what the UI must not spell outside
/// its strings module).
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}' | '\u{2014}' | '\u{2026}' | '\u{201c}' | '\u{201d}')
}

/// The string and char literals of a line of code that contain CJK text.
fn cjk_literals(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut chars = code.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut escaped = false;
        let mut end = code.len();
        for (i, c) in chars.by_ref() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        let literal = &code[start + 1..end.max(start + 1)];
        if literal.chars().any(is_cjk) {
            found.push(literal.to_string());
        }
    }
    found
}

/// Where user-visible Chinese text may be written (ARCHITECTURE.md): the core's messages, the
/// CLI, the app binary's one line, and the UI's strings module. `src/app` speaks in types only.
fn may_hold_text(path: &Path) -> bool {
    path.starts_with("src/report")
        || path.starts_with("src/bin")
        || path == Path::new("src/main.rs")
        || path == Path::new("src/worker.rs")
        || path == Path::new("src/ui/strings.rs")
}

#[test]
fn user_visible_text_lives_where_architecture_says() {
    let mut offences = Vec::new();
    for path in rust_files(Path::new("src")).into_iter().filter(|p| !may_hold_text(p)) {
        for (n, line) in code_without_tests(&read(&path)).lines().enumerate() {
            for literal in cjk_literals(line) {
                offences.push(format!("{}:{}: \"{literal}\"", path.display(), n + 1));
            }
        }
    }
    assert!(offences.is_empty(), "Chinese text belongs in src/ui/strings.rs (UI) or the core's messages, not here:\n{}", offences.join("\n"));
}

/// The fields of `Draft`: writing one, or calling a mutating method on one, changes a draft.
const DRAFT_FIELDS: &[&str] =
    &["template_id", "template_version", "info", "intro", "sections", "closing", "leftover", "facts", "layout", "next_id", "last_year", "dismissed"];
const MUTATORS: &[&str] =
    &["push", "push_str", "insert", "remove", "clear", "retain", "extend", "truncate", "iter_mut", "get_mut", "entry", "drain", "sort", "pop"];
const DRAFT_METHODS: &[&str] = &[".conform_to(", ".repair_next_id(", ".fresh_id("];

/// Ways a line of code changes a draft other than through `report::apply`.
fn draft_changes(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    for field in DRAFT_FIELDS {
        for (at, _) in code.match_indices(&format!("draft.{field}")) {
            let rest = code[at + "draft.".len() + field.len()..].trim_start();
            if rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
                continue; // a longer name
            }
            let assigns = rest.starts_with('=') && !rest.starts_with("==") || rest.starts_with("+=");
            let mutates = MUTATORS.iter().any(|m| rest.strip_prefix('.').is_some_and(|r| r.starts_with(m) && r[m.len()..].starts_with('(')));
            if assigns || mutates {
                found.push(format!("draft.{field}"));
            }
        }
    }
    found.extend(DRAFT_METHODS.iter().filter(|m| code.contains(*m)).map(|m| m.to_string()));
    found
}

#[test]
fn drafts_on_screen_change_only_through_apply() {
    let mut offences = Vec::new();
    let places = rust_files(Path::new("src/ui")).into_iter().chain(rust_files(Path::new("src/app")));
    for path in places {
        for (n, line) in code_without_tests(&read(&path)).lines().enumerate() {
            for change in draft_changes(line) {
                offences.push(format!("{}:{}: {change}: {}", path.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(offences.is_empty(), "the app changes a draft only with report::apply(edit) (ARCHITECTURE.md):\n{}", offences.join("\n"));
}

/// The paths the code map of ARCHITECTURE.md lists (backticked, first column of its table).
fn code_map() -> Vec<String> {
    let text = read(Path::new("ARCHITECTURE.md"));
    let section = text.split("## Code map").nth(1).unwrap_or_default();
    let section = section.split("\n## ").next().unwrap_or_default();
    let mut paths = Vec::new();
    for line in section.lines().filter(|l| l.starts_with('|')) {
        let first = line.split('|').nth(1).unwrap_or_default();
        paths.extend(first.split('`').skip(1).step_by(2).map(str::to_string));
    }
    paths
}

/// Whether a code-map entry (a file, or a folder ending in `/`) covers `file`.
fn covers(entry: &str, file: &Path) -> bool {
    match entry.strip_suffix('/') {
        Some(folder) => file.starts_with(folder),
        None => file == Path::new(entry),
    }
}

#[test]
fn every_source_file_appears_exactly_once_in_the_code_map() {
    let map = code_map();
    assert!(map.len() > 10, "ARCHITECTURE.md has a code map table: {map:?}");
    let mut wrong = Vec::new();
    for path in rust_files(Path::new("src")) {
        let entries: Vec<&String> = map.iter().filter(|entry| covers(entry, &path)).collect();
        if entries.len() != 1 {
            wrong.push(format!("{}: listed {} times {entries:?}", path.display(), entries.len()));
        }
    }
    for entry in &map {
        if !root().join(entry.trim_end_matches('/').split('*').next().unwrap_or_default()).exists() {
            wrong.push(format!("`{entry}` is in the code map but not in the repository"));
        }
    }
    assert!(wrong.is_empty(), "ARCHITECTURE.md's code map must list every source file once:\n{}", wrong.join("\n"));
}

/// The Markdown documents a text refers to (`README.md`, `docs/design.md` …).
fn documents_named(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices(".md") {
        if text[at + 3..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let start = text[..at]
            .char_indices()
            .rev()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '/' | '.')))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let name = &text[start..at + 3];
        let stem = name.rsplit('/').next().unwrap_or(name);
        if stem.len() > 3 && !stem.starts_with('.') && !name.contains("..") {
            found.push(name.trim_start_matches("./").to_string());
        }
    }
    found
}

#[test]
fn every_document_the_project_refers_to_is_in_it() {
    // Tests are left out: their fixtures name files that exist only in the test (`a.md`).
    let mut sources: Vec<PathBuf> = rust_files(Path::new("src"));
    for name in ["README.md", "ARCHITECTURE.md", "Cargo.toml", "Makefile", "Trunk.toml", "index.html"] {
        sources.push(PathBuf::from(name));
    }
    for dir in ["docs", "scripts", "e2e", "bench", "assets"] {
        for entry in fs::read_dir(root().join(dir)).into_iter().flatten().flatten() {
            let path = entry.path();
            let keep = path.extension().is_some_and(|e| ["md", "mjs", "js", "sh", "py"].iter().any(|x| e == *x));
            if keep {
                sources.push(path.strip_prefix(root()).expect("under root").to_path_buf());
            }
        }
    }
    let mut missing = Vec::new();
    for source in &sources {
        for name in documents_named(&read(source)) {
            let beside = source.parent().map(|p| p.join(&name)).unwrap_or_default();
            if !root().join(&name).exists() && !root().join(&beside).exists() {
                missing.push(format!("{}: refers to {name}, which is not in the repository", source.display()));
            }
        }
    }
    missing.sort();
    missing.dedup();
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

/// The serde attributes that read a type through serde's buffered `Content` (internally tagged,
/// adjacently tagged and untagged enums, flattened fields): every type inside is compiled once more
/// into a decoder of `Content` — for `Edit::Replace(Draft)` that was ≈ 20 KB gzip of the first load.
fn content_buffered(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in code.lines() {
        let line = line.trim();
        if !line.starts_with("#[serde(") {
            continue;
        }
        let inner = line.trim_start_matches("#[serde(");
        for part in inner.split(',').map(|p| p.trim().trim_end_matches(")]").trim()) {
            if part.starts_with("tag =") || part.starts_with("tag=") || part == "untagged" || part == "flatten" || part.starts_with("content") {
                found.push(line.to_string());
            }
        }
    }
    found
}

#[test]
fn serde_reads_every_type_directly() {
    let mut offences = Vec::new();
    for path in rust_files(Path::new("src")) {
        for line in content_buffered(&code_without_tests(&read(&path))) {
            offences.push(format!("{}: {line}", path.display()));
        }
    }
    assert!(
        offences.is_empty(),
        "no internally/adjacently tagged or untagged enums and no flattened fields (serde reads them through Content, a second copy of every decoder inside): use serde's default, externally tagged, form:\n{}",
        offences.join("\n")
    );
}

/// Calls of the standard library's sorts (`.sort()`, `.sort_by(`, `.sort_unstable_by_key(` …):
/// each compiles its own copy of the sort (≈ 3.5 KB of wasm) for its element type and comparator.
fn library_sorts(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (at, _) in code.match_indices(".sort") {
        let rest = &code[at + 1..];
        let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        let is_sort = name == "sort" || name.starts_with("sort_by") || name.starts_with("sort_unstable");
        if is_sort && rest[name.len()..].starts_with('(') {
            found.push(name);
        }
    }
    found
}

#[test]
fn everything_sorts_through_report_order() {
    let mut offences = Vec::new();
    for path in rust_files(Path::new("src")) {
        if path.ends_with("report/order.rs") {
            continue;
        }
        for (n, line) in code_without_tests(&read(&path)).lines().enumerate() {
            if !library_sorts(line).is_empty() {
                offences.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(offences.is_empty(), "sort through report::order (one compiled sort for the whole program):\n{}", offences.join("\n"));
}

#[test]
fn the_shape_rules_catch_what_they_should() {
    assert_eq!(panicking_calls("let x = y.unwrap(); z.expect(\"a\")"), 2);
    assert_eq!(panicking_calls("y.unwrap_or(1); args.arity(1, USE)"), 0);
    assert_eq!(code_without_tests("a.unwrap(); // b.unwrap()\n#[cfg(test)]\nmod tests { c.unwrap() }").matches("unwrap").count(), 1);
    assert_eq!(strip_comment("let s = \"http://x\"; // note"), "let s = \"http://x\"; ");
    assert_eq!(cjk_literals("html! { <p>{ \"知道了\" }</p> } let x = \"ok\";"), vec!["知道了".to_string()]);
    assert_eq!(cjk_literals("format!(\"{}（{}）\", a, b)"), vec!["{}（{}）".to_string()]);
    assert!(cjk_literals("let a = \"plain\\\"text\";").is_empty());
    assert_eq!(draft_changes("state.draft.intro = x;"), vec!["draft.intro"]);
    assert_eq!(draft_changes("draft.sections.iter_mut()"), vec!["draft.sections"]);
    assert_eq!(draft_changes("draft.conform_to(&t)"), vec![".conform_to("]);
    assert!(draft_changes("if draft.intro == x { apply(&mut state.draft, e); }").is_empty());
    assert!(draft_changes("let n = draft.info(\"year\"); draft.intro.trim()").is_empty());
    assert!(covers("src/ui/", Path::new("src/ui/app.rs")));
    assert!(!covers("src/ui/app.rs", Path::new("src/ui/app.rs.bak")));
    assert_eq!(documents_named("see docs/design.md §5 and (README.md), not x.mdx or text/.md"), vec!["docs/design.md", "README.md"]);
    assert_eq!(content_buffered("#[serde(tag = \"kind\", rename_all = \"snake_case\")]\n#[serde(untagged)]\n    #[serde(flatten)]").len(), 3);
    assert_eq!(library_sorts("v.sort(); w.sort_by_key(|x| x.a); u.sort_unstable_by(f)"), vec!["sort", "sort_by_key", "sort_unstable_by"]);
    assert!(library_sorts("order::sort_by(&mut v, f); v.sorted(); x.sort_order; let sort = 1;").is_empty());
    assert!(content_buffered("#[serde(rename_all = \"snake_case\")]\n#[serde(default, rename = \"tag\")]\nlet tag = 1;").is_empty());
}
