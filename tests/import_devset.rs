//! The importer's development set: reports of the 述职 family written for this project after the
//! structures of published ones (docs/import-devset.md lists them), each line labelled with the
//! part it belongs to. The test imports each text and looks every labelled piece up in the draft,
//! printing the share of characters that landed in the right part; it fails below the bar.
//!
//! Fixture format (tests/fixtures/import-devset/*.txt): `#` lines are comments; every other line
//! is `label|text` (an empty line of the input is `|`), and `⟦label⟧` inside a text switches the
//! label for the rest of the line. Labels: noise, title, meta, heading, intro, work, problem,
//! cause, plan, other.
//!
//! Scoring only reads the draft, so it runs against any version of the importer:
//! - intro/work/problem/cause/plan/other: each clause (text between punctuation marks, short
//!   clauses merged with the next, numbering at the start of a piece removed) must occur in that
//!   part of the draft (work = items of item sections, problem = titles and bodies of problem
//!   items, cause = their causes, plan = plan items, other = 未归类内容);
//! - noise (site clutter): must not be in the draft's body parts (dropped, listed or parked in
//!   未归类内容 are all fine); title, meta (bylines, salutations, closings, dates) and heading:
//!   must not be in the body parts nor in 未归类内容.
//!
//! `DEVSET_VERBOSE=1 cargo test --test import_devset -- --nocapture` lists every miss.

mod common;

use std::io::Write as _;

use common::*;
use shuzhi::report::import::import_text;
use shuzhi::report::template::SectionKind;
use shuzhi::report::{Draft, Template};

/// The whole set must reach this share of characters in the right part…
const BAR_TOTAL: f64 = 0.97;
/// …and no single report may fall below this one.
const BAR_EACH: f64 = 0.85;

const LABELS: &[&str] = &["noise", "title", "meta", "heading", "intro", "work", "problem", "cause", "plan", "other"];

/// One labelled piece of a fixture.
struct Piece {
    label: String,
    text: String,
    line: usize,
}

/// The input text and its labelled pieces.
fn parse(fixture: &str, name: &str) -> (String, Vec<Piece>) {
    let mut input = Vec::new();
    let mut pieces = Vec::new();
    for (no, raw) in fixture.lines().enumerate() {
        if raw.starts_with('#') {
            continue;
        }
        let (label, rest) = raw.split_once('|').unwrap_or_else(|| panic!("{name}:{}: no `label|`", no + 1));
        let mut text = String::new();
        let mut label = label.to_string();
        let mut rest = rest;
        loop {
            let (before, after) = match rest.split_once('⟦') {
                Some((before, after)) => (before, Some(after)),
                None => (rest, None),
            };
            text.push_str(before);
            if !before.is_empty() {
                assert!(LABELS.contains(&label.as_str()), "{name}:{}: unknown label `{label}`", no + 1);
                pieces.push(Piece { label: label.clone(), text: before.to_string(), line: no + 1 });
            }
            let Some(after) = after else { break };
            let (next, tail) = after.split_once('⟧').unwrap_or_else(|| panic!("{name}:{}: unclosed ⟦", no + 1));
            label = next.to_string();
            rest = tail;
        }
        input.push(text);
    }
    (input.join("\n") + "\n", pieces)
}

/// Letters, digits and Han characters only: punctuation, spaces and numbering glyphs go.
fn normalise(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric() && !('①'..='⑳').contains(c)).collect()
}

/// `一、` `（一）` `〔二〕` `1.` `2、` `（3）` `①` `一是` `第一，` at the start of a piece: numbering the
/// importer may replace by its own, so it is not looked for.
fn strip_number(text: &str) -> &str {
    let t = text.trim_start();
    let han = |c: char| "一二三四五六七八九十".contains(c);
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let mut chars = t.char_indices().peekable();
    let Some(&(_, first)) = chars.peek() else { return t };
    if ('①'..='⑳').contains(&first) {
        return &t[first.len_utf8()..];
    }
    if matches!(first, '（' | '(' | '〔') {
        let inner: String = t[first.len_utf8()..].chars().take_while(|&c| han(c) || digit(c)).collect();
        let after = &t[first.len_utf8() + inner.len()..];
        if let (false, Some(rest)) = (inner.is_empty(), after.strip_prefix(['）', ')', '〕'])) {
            return rest.strip_prefix(['、', '.', '．']).unwrap_or(rest);
        }
        return t;
    }
    let body = t.strip_prefix('第').unwrap_or(t);
    let lead: String = body.chars().take_while(|&c| han(c) || digit(c)).collect();
    if lead.is_empty() || lead.chars().count() > 3 {
        return t;
    }
    let after = &body[lead.len()..];
    if lead.chars().all(han) {
        if let Some(rest) = after.strip_prefix('是').or_else(|| after.strip_prefix(['、', '．', '.', '，'])) {
            return rest;
        }
    } else if let Some(rest) = after.strip_prefix(['、', '.', '．', ')', '）']) {
        if !rest.starts_with(|c: char| c.is_ascii_digit()) {
            return rest;
        }
    }
    t
}

/// Clauses of a piece, normalised: numbering at the start of each sentence is dropped (the
/// importer may or may not replace it), and a clause shorter than four characters joins the next.
fn clauses(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut pending = String::new();
    for sentence in text.split(['。', '；', '！', '？', '：', ';', '!', '?', ':']) {
        let before = out.len();
        for part in strip_number(sentence).split(|c: char| !c.is_alphanumeric() && !('①'..='⑳').contains(&c)) {
            pending.push_str(&normalise(part));
            if pending.chars().count() >= 4 {
                out.push(std::mem::take(&mut pending));
            }
        }
        // A short tail stays with its own sentence: the next may be in another item.
        if !pending.is_empty() && out.len() > before {
            let tail = std::mem::take(&mut pending);
            if let Some(last) = out.last_mut() {
                last.push_str(&tail);
            }
        }
    }
    if !pending.is_empty() {
        match out.last_mut() {
            Some(last) => last.push_str(&pending),
            None => out.push(pending),
        }
    }
    out
}

/// The draft's text by part, normalised.
struct Parts {
    intro: String,
    work: String,
    problem: String,
    cause: String,
    plan: String,
    other: String,
}

fn parts(draft: &Draft, template: &Template) -> Parts {
    let mut p = Parts {
        intro: normalise(&draft.intro),
        work: String::new(),
        problem: String::new(),
        cause: String::new(),
        plan: String::new(),
        other: normalise(&draft.leftover),
    };
    for (spec, section) in template.sections.iter().zip(&draft.sections) {
        for item in &section.items {
            let text = normalise(&format!("{}{}", item.title, item.body));
            match spec.kind {
                SectionKind::Problems => {
                    p.problem.push_str(&text);
                    p.problem.push('|');
                    p.cause.push_str(&normalise(&item.cause));
                    p.cause.push('|');
                }
                SectionKind::Plans => p.plan.push_str(&text),
                _ => p.work.push_str(&text),
            }
            match spec.kind {
                SectionKind::Problems => {}
                SectionKind::Plans => p.plan.push('|'),
                _ => p.work.push('|'),
            }
        }
    }
    p
}

/// Characters in the right part and in all, with the misses described.
fn score(pieces: &[Piece], p: &Parts) -> (usize, usize, Vec<String>) {
    let body = [&p.intro, &p.work, &p.problem, &p.cause, &p.plan];
    // Text labelled as body, for telling a kept outline line from the heading it repeats.
    let labelled: Vec<String> = pieces
        .iter()
        .filter(|q| matches!(q.label.as_str(), "intro" | "work" | "problem" | "cause" | "plan" | "other"))
        .map(|q| normalise(strip_number(&q.text)))
        .collect();
    let (mut right, mut all, mut misses) = (0, 0, Vec::new());
    for piece in pieces {
        let text = strip_number(&piece.text);
        let target = match piece.label.as_str() {
            "intro" => Some(&p.intro),
            "work" => Some(&p.work),
            "problem" => Some(&p.problem),
            "cause" => Some(&p.cause),
            "plan" => Some(&p.plan),
            "other" => Some(&p.other),
            _ => None,
        };
        match target {
            Some(target) => {
                for clause in clauses(text) {
                    let n = clause.chars().count();
                    all += n;
                    if target.contains(&clause) {
                        right += n;
                    } else {
                        misses.push(format!("line {} {}: “{clause}” not in {}", piece.line, piece.label, piece.label));
                    }
                }
            }
            None => {
                let whole = normalise(text);
                let n = whole.chars().count();
                if n < 3 {
                    continue;
                }
                all += n;
                let parked_ok = piece.label == "noise";
                let found = body.iter().map(|b| b.matches(&whole).count()).sum::<usize>() + if parked_ok { 0 } else { p.other.matches(&whole).count() };
                let explained: usize = labelled.iter().map(|l| l.matches(&whole).count()).sum();
                let in_body = found > explained;
                if in_body {
                    misses.push(format!("line {} {}: “{whole}” kept as text", piece.line, piece.label));
                } else {
                    right += n;
                }
            }
        }
    }
    (right, all, misses)
}

#[test]
fn the_development_set_lands_in_the_right_parts() {
    let template = default_template();
    let dir = fixture_path("import-devset");
    let mut paths: Vec<_> = std::fs::read_dir(&dir).expect("devset dir").filter_map(Result::ok).map(|e| e.path()).collect();
    paths.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    paths.sort();
    assert!(paths.len() >= 40, "the set has {} reports", paths.len());
    let verbose = std::env::var_os("DEVSET_VERBOSE").is_some();
    let (mut right, mut all) = (0, 0);
    let mut report = String::new();
    let mut below = Vec::new();
    for path in &paths {
        let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let (input, pieces) = parse(&std::fs::read_to_string(path).expect("fixture"), &name);
        let imported = import_text(&input, &template);
        let (r, a, misses) = score(&pieces, &parts(&imported.draft, &template));
        right += r;
        all += a;
        let share = r as f64 / a.max(1) as f64;
        report.push_str(&format!("  {:5.1} %  {name}\n", share * 100.0));
        if verbose {
            for miss in &misses {
                report.push_str(&format!("           {miss}\n"));
            }
        }
        if share < BAR_EACH {
            below.push(format!("{name}: {:.1} %\n    {}", share * 100.0, misses.join("\n    ")));
        }
    }
    let total = right as f64 / all.max(1) as f64;
    // Printed past the test harness's capture, so `make test` shows it.
    let _ = writeln!(
        std::io::stderr(),
        "import dev set: {:.1} % of {all} characters in the right part ({} reports; bar {:.0} %, each ≥ {:.0} %)\n{report}",
        total * 100.0,
        paths.len(),
        BAR_TOTAL * 100.0,
        BAR_EACH * 100.0
    );
    assert!(total >= BAR_TOTAL, "dev set accuracy {:.1} % is below {:.0} %", total * 100.0, BAR_TOTAL * 100.0);
    assert!(below.is_empty(), "reports below {:.0} %:\n{}", BAR_EACH * 100.0, below.join("\n"));
}

#[test]
fn the_scorer_can_fail() {
    // A draft with everything in 未归类内容 scores only its noise.
    let (_, pieces) = parse("noise|网站导航\ntitle|述职报告\nintro|一年来我认真履职。\nwork|1.学习。全年学习十次。\n", "inline");
    let draft = Draft::empty(&default_template());
    let mut all_leftover = parts(&draft, &default_template());
    all_leftover.other = normalise("网站导航述职报告一年来我认真履职学习全年学习十次");
    let (right, all, misses) = score(&pieces, &all_leftover);
    assert_eq!((right, all), (4, 4 + 4 + 8 + 8));
    assert_eq!(misses.len(), 3, "{misses:?}");
    assert_eq!(strip_number("（一）组织"), "组织");
    assert_eq!(strip_number("一是加强"), "加强");
    assert_eq!(strip_number("2024年"), "2024年");
    assert_eq!(strip_number("1.5倍"), "1.5倍");
    assert_eq!(clauses("一是学，再做；二是思考改进。"), ["学再做思考改进"]);
    assert_eq!(clauses("（二）抓服务。全年服务群众；三是开会"), ["抓服务全年服务群众开会"]);
}
