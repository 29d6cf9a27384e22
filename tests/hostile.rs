//! Every file of the hostile corpus (`tests/hostile/corpus.rs`) through the CLI, each run in a
//! child process with a time limit and a memory limit (`ulimit -v`): no panic, no hang, no
//! explosion — a clear Chinese message or a success, and nothing printed that a terminal would
//! act on.
//!
//! `scripts/hostile-corpus.sh DIR` writes the corpus out (the ignored test `write_corpus`);
//! `HOSTILE_TIMES=1` prints how long each first run took.

#[path = "hostile/corpus.rs"]
mod corpus;

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use corpus::{cases, corpus, Case, Run};

/// Per run. Most finish in milliseconds in a debug build, the slowest in ≈ 5 s (100,000 line
/// breaks, 100,000 items checked); the margin is for a loaded 2-core machine (load 8 seen), and
/// a hang still fails.
const TIME_LIMIT: Duration = Duration::from_secs(60);
/// Address space per run, in KiB (`ulimit -v`): a reader that expands a bomb runs out here and
/// aborts instead of taking the machine with it.
const MEMORY_LIMIT_KB: u64 = 2 * 1024 * 1024;

struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("shuzhi-hostile-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch dir");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What one run of the CLI did.
struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
    took: Duration,
}

/// Runs `shuzhi args…` in `dir` under the limits, its output in files (no pipe to fill up).
fn shuzhi(dir: &Path, args: &[&str]) -> Result<Outcome, String> {
    let out = dir.join(".stdout");
    let err = dir.join(".stderr");
    let start = Instant::now();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_LIMIT_KB} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_shuzhi"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(File::create(&out).map_err(|e| e.to_string())?)
        .stderr(File::create(&err).map_err(|e| e.to_string())?)
        .spawn()
        .map_err(|e| format!("cannot start: {e}"))?;
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if start.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("{args:?}: still running after {TIME_LIMIT:?}"));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let took = start.elapsed();
    let read = |path: &Path| String::from_utf8_lossy(&std::fs::read(path).unwrap_or_default()).into_owned();
    let (stdout, stderr) = (read(&out), read(&err));
    match status.code() {
        Some(code) => Ok(Outcome { code, stdout, stderr, took }),
        // Killed by a signal: an abort on allocation failure (the memory limit) or a crash.
        None => Err(format!("{args:?}: killed by a signal after {took:?} (memory limit?): {stderr}")),
    }
}

fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
}

/// A character a terminal would act on: control characters other than line feed and tab,
/// bidirectional controls.
fn unsafe_for_terminal(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\t')) || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// The judgement on one run: no panic, an exit code the CLI documents, a Chinese message for
/// every failure, nothing unsafe printed, and the expected outcome where the case names one.
fn judge(case: &Case, args: &[&str], outcome: &Outcome, printed_stdout_is_data: bool) -> Result<(), String> {
    let what = format!("{} {args:?} (exit {}, {:?})", case.name, outcome.code, outcome.took);
    if outcome.stderr.contains("panicked") || outcome.stderr.contains("RUST_BACKTRACE") {
        return Err(format!("{what}: panicked: {}", outcome.stderr));
    }
    if !matches!(outcome.code, 0..=2) {
        return Err(format!("{what}: undocumented exit code: {}", outcome.stderr));
    }
    if outcome.code == 2 && !(outcome.stderr.starts_with("shuzhi：") && has_cjk(&outcome.stderr)) {
        return Err(format!("{what}: a failure without a Chinese message: {:?}", outcome.stderr));
    }
    if outcome.code == 1 && !has_cjk(&format!("{}{}", outcome.stdout, outcome.stderr)) {
        return Err(format!("{what}: errors found but not said: {:?} {:?}", outcome.stdout, outcome.stderr));
    }
    let shown = if printed_stdout_is_data { outcome.stderr.clone() } else { format!("{}{}", outcome.stdout, outcome.stderr) };
    if let Some(c) = shown.chars().find(|&c| unsafe_for_terminal(c)) {
        return Err(format!("{what}: printed {c:?} to the terminal: {shown:?}"));
    }
    Ok(())
}

fn expectation(case: &Case, outcome: &Outcome) -> Result<(), String> {
    let Some((code, words)) = case.expect else { return Ok(()) };
    let printed = format!("{}{}", outcome.stdout, outcome.stderr);
    if outcome.code != code || !printed.contains(words) {
        return Err(format!("{}: expected exit {code} and “{words}”, got exit {}: {printed}", case.name, outcome.code));
    }
    Ok(())
}

/// Runs one case the way its kind says; returns what went wrong.
fn run_case(dir: &Path, case: &Case) -> Result<(), String> {
    let path = dir.join(&case.name);
    std::fs::write(&path, &case.bytes).map_err(|e| e.to_string())?;
    let file = case.name.as_str();
    let first: Vec<&str> = match case.run {
        Run::Import => vec!["import", file, "-o", "imported.json"],
        Run::Check => vec!["check", file],
        Run::Template => vec!["template", "validate", file],
        Run::Backup => vec!["backup", "show", file],
    };
    let outcome = shuzhi(dir, &first)?;
    if std::env::var_os("HOSTILE_TIMES").is_some() {
        let _ = std::io::stderr().write_all(format!("{:>8.2?} {} {:?}\n", outcome.took, case.name, first[0]).as_bytes());
    }
    judge(case, &first, &outcome, false)?;
    expectation(case, &outcome)?;
    // What was imported is checked too; a template is also used for an export.
    let follow: Option<Vec<&str>> = match case.run {
        Run::Import if outcome.code == 0 => Some(vec!["check", "imported.json"]),
        Run::Template => Some(vec!["export", "sample.json", "--template", file, "-o", "-", "--format", "txt"]),
        _ => None,
    };
    if let Some(args) = follow {
        let outcome = shuzhi(dir, &args)?;
        judge(case, &args, &outcome, args[0] == "export")?;
    }
    let _ = std::fs::remove_file(&path);
    let _ = std::fs::remove_file(dir.join("imported.json"));
    Ok(())
}

/// Runs every case of one kind, skipping pending ones with a note on stderr (written past the
/// test harness's capture, so `make test` shows it).
fn run_all(name: &str, kind: Run) {
    let scratch = Scratch::new(name);
    let sample = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sample.draft.json")).expect("sample");
    std::fs::write(scratch.0.join("sample.json"), sample).expect("write sample");
    let mut failures = Vec::new();
    let mut ran = 0;
    for case in &cases(kind) {
        ran += 1;
        if let Err(why) = run_case(&scratch.0, case) {
            failures.push(why);
        }
    }
    assert!(ran > 0, "no case of {kind:?}");
    assert!(failures.is_empty(), "{} of {ran} hostile files did harm:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn hostile_word_and_text_files_are_imported_or_refused() {
    run_all("import", Run::Import);
}

#[test]
fn hostile_drafts_are_checked_or_refused() {
    run_all("check", Run::Check);
}

#[test]
fn hostile_templates_are_refused_with_the_field() {
    run_all("template", Run::Template);
}

#[test]
fn hostile_backups_are_listed_or_refused() {
    run_all("backup", Run::Backup);
}

#[test]
fn corpus_case_names_are_unique() {
    let names: Vec<String> = corpus().into_iter().map(|c| c.name).collect();
    let mut sorted = names.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), names.len(), "case names are unique");
}

/// `HOSTILE_CORPUS_DIR=dir cargo test --test hostile write_corpus -- --ignored`
/// (what `scripts/hostile-corpus.sh` runs): writes every case to `dir`.
#[test]
#[ignore]
fn write_corpus() {
    let dir = PathBuf::from(std::env::var("HOSTILE_CORPUS_DIR").expect("HOSTILE_CORPUS_DIR"));
    std::fs::create_dir_all(&dir).expect("create the directory");
    for case in corpus() {
        std::fs::write(dir.join(&case.name), &case.bytes).expect("write a case");
    }
}
