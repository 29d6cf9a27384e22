//! Templates from anywhere (issue 18, findings 4 and 7): validation is linear and bounded —
//! 100,000 fields or sections are answered at once with a Chinese message —, the 1 MB cap holds
//! wherever a template enters (a file, storage, a backup, the CLI), and no template text may
//! hold control or bidirectional characters (an override shows “告报职述” as “述职报告”).
//!
//! The hostile templates are generated here. Each run has a generous time limit (a thread with
//! a deadline): on the quadratic code these took 27 s to minutes; now they take milliseconds.

mod common;

use std::sync::mpsc;
use std::time::Duration;

use common::*;
use serde_json::{json, Value};
use shuzhi::report::library::{load_template, plan_import, MemoryStore, Store, TemplateLoadError, TEMPLATE_MAX_BYTES};
use shuzhi::report::template::budget;
use shuzhi::report::validate::check;
use shuzhi::report::{outline, render, storage, Draft, Format, Template};

/// Runs `work` on a thread and fails the test if it has not finished within `limit`.
fn within<T: Send + 'static>(limit: Duration, what: &str, work: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(work());
    });
    match rx.recv_timeout(limit) {
        Ok(value) => value,
        Err(_) => panic!("{what}: not done within {limit:?}"),
    }
}

const LIMIT: Duration = Duration::from_secs(10);

/// The README's minimal template as a JSON value, to grow.
fn base() -> Value {
    serde_json::to_value(default_template()).expect("serialises")
}

fn fields(n: usize) -> Value {
    Value::Array((0..n).map(|i| json!({ "key": format!("f{i}"), "label": "字段" })).collect())
}

fn sections(n: usize) -> Value {
    Value::Array((0..n).map(|i| json!({ "id": format!("s{i}"), "heading": "部分", "kind": "items", "guidance": {} })).collect())
}

/// Parses with serde only (no size cap, no validation), to reach `validate` with any size.
fn unchecked(value: &Value) -> Template {
    serde_json::from_value(value.clone()).expect("the shape is a template")
}

#[test]
fn a_template_with_100000_fields_is_refused_at_once() {
    let mut value = base();
    value["fields"] = fields(100_000);
    let json = value.to_string();
    assert!(json.len() > TEMPLATE_MAX_BYTES);
    let refused = within(LIMIT, "from_json, 100,000 fields", move || Template::from_json(&json)).unwrap_err();
    assert!(refused.to_string().contains("太大"), "{refused}");
    // Validation itself, without the byte cap in front of it, is as quick.
    let template = unchecked(&value);
    let refused = within(LIMIT, "validate, 100,000 fields", move || template.validate()).unwrap_err();
    assert!(refused.to_string().contains("fields") && refused.to_string().contains("太多"), "{refused}");
}

#[test]
fn linear_validation_of_many_fields_sections_and_facts() {
    // Past the budgets, the counts are refused first; under them every rule runs on sets. Each
    // template here is built so the old rescans (`fields[..i]`, `sections[..i]`, facts per
    // item) would compare 10^9–10^10 pairs.
    let mut many_sections = base();
    many_sections["sections"] = sections(100_000);
    let mut many_facts = base();
    let facts: Vec<Value> = (0..100_000).map(|i| json!({ "key": format!("k{i}"), "label": "次数", "phrase": "开展{n}次" })).collect();
    many_facts["facts"] = Value::Array(facts);
    many_facts["sections"][0]["items"][0]["facts"] = Value::Array((0..100_000).map(|i| json!(format!("k{i}"))).collect());
    for (what, value) in [("100,000 sections", many_sections), ("100,000 facts", many_facts)] {
        let template = unchecked(&value);
        let refused = within(LIMIT, what, move || template.validate()).unwrap_err();
        assert!(refused.to_string().contains("太多"), "{what}: {refused}");
    }
}

/// The largest template the budgets allow (every count at its limit where 1 MB allows): it validates, and a draft of it
/// lays out, checks and exports in well under the time limit.
#[test]
fn the_largest_template_allowed_stays_quick() {
    let mut value = base();
    value["fields"] = fields(budget::FIELDS);
    // 30 placeholders of 5 characters: 150 of the 200 a title pattern may have.
    let title: String = (0..30).map(|i| format!("{{f{i}}}")).collect::<String>() + "述职报告";
    assert!(title.chars().count() <= budget::TITLE_CHARS);
    value["title_pattern"] = json!(title);
    let phrases: Vec<String> = (0..budget::LIST).map(|i| format!("常用语{i}")).collect();
    let items: Vec<Value> = (0..budget::ITEMS).map(|i| json!({ "title": format!("条目{i}") })).collect();
    let mut all = Vec::new();
    for i in 0..budget::SECTIONS {
        all.push(json!({ "id": format!("s{i}"), "heading": "部分", "kind": if i % 2 == 0 { "items" } else { "problems" },
            "guidance": { "phrases": phrases }, "items": items, "title_suggestions": phrases }));
    }
    value["sections"] = Value::Array(all);
    let json = value.to_string();
    assert!(json.len() <= TEMPLATE_MAX_BYTES, "{} bytes", json.len());
    within(LIMIT, "the largest template", move || {
        let template = Template::from_json(&json).expect("within every budget");
        let draft = Draft::new(&template);
        assert_eq!(draft.sections.len(), budget::SECTIONS);
        let _ = outline(&draft, &template);
        let _ = check(&draft, &template);
        assert!(!render(&draft, &template, Format::Docx).expect("renders").is_empty());
    });
}

#[test]
fn the_cap_holds_wherever_a_template_enters() {
    // Just over 1 MB of otherwise valid template: a long hint.
    let mut value = base();
    value["intro"]["hint"] = json!("说".repeat(TEMPLATE_MAX_BYTES / 3 + 10));
    let big = value.to_string();
    assert!(big.len() > TEMPLATE_MAX_BYTES);
    let why = Template::from_json(&big).unwrap_err().to_string();
    assert!(why.contains("太大") && why.contains("1024 KB"), "{why}");
    let mut store = MemoryStore::new();
    assert!(matches!(load_template(&mut store, &big), Err(TemplateLoadError::TooLarge { .. })));
    // Stored text that grew past the cap (an older version, a hand edit) no longer reads.
    value["id"] = json!("grown");
    store.set("shuzhi.template.grown", &value.to_string()).unwrap();
    assert_eq!(shuzhi::report::library::stored_template(&store, "grown"), None);
}

fn backup_with_templates(templates: &[String]) -> String {
    json!({
        "kind": "shuzhi-backup", "version": 1, "exported_at": 1,
        "drafts": [ { "meta": { "id": "d1" }, "draft": serde_json::from_str::<Value>(&storage::encode(&sample_draft())).unwrap() } ],
        "templates": templates
    })
    .to_string()
}

fn small_template() -> String {
    let mut small = base();
    small["id"] = json!("small");
    small["name"] = json!("单位模板");
    small.to_string()
}

#[test]
fn a_backup_carrying_a_5_mb_template_is_planned_at_once() {
    let mut huge = base();
    huge["id"] = json!("huge");
    huge["fields"] = fields(150_000);
    let huge = huge.to_string();
    assert!(huge.len() > 5_000_000, "{}", huge.len());
    let backup = backup_with_templates(&[huge, small_template()]);
    let plan = within(LIMIT, "plan_import of a backup with a 5 MB template", move || {
        let backup = storage::decode_backup(backup.as_bytes()).expect("a backup");
        plan_import(backup, &[])
    });
    assert_eq!(plan.importable(), 1, "the draft comes back all the same");
    let names: Vec<&str> = plan.templates.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["单位模板"]);
}

#[test]
fn a_template_left_out_of_a_backup_is_named_with_why() {
    let mut big = base();
    big["id"] = json!("big");
    big["intro"]["hint"] = json!("说".repeat(TEMPLATE_MAX_BYTES / 3 + 10));
    let backup = storage::decode_backup(backup_with_templates(&[big.to_string(), small_template()]).as_bytes()).unwrap();
    let plan = plan_import(backup, &[]);
    assert_eq!(plan.templates.len(), 1);
    assert_eq!(plan.skipped_templates.len(), 1);
    assert!(plan.skipped_templates[0].contains("第 1 个模板") && plan.skipped_templates[0].contains("太大"), "{:?}", plan.skipped_templates);
}

#[test]
fn a_backup_listing_more_than_a_browser_holds_is_refused() {
    let drafts: Vec<Value> = (0..storage::BACKUP_MAX_DRAFTS + 1).map(|_| json!({ "draft": {} })).collect();
    let backup = json!({ "kind": "shuzhi-backup", "version": 1, "drafts": drafts }).to_string();
    let why = storage::decode_backup(backup.as_bytes()).unwrap_err().to_string();
    assert!(why.contains("太多"), "{why}");
}

// ---- control and bidirectional characters in templates ----

fn refusal(value: &Value) -> String {
    match Template::from_json(&value.to_string()) {
        Ok(_) => panic!("accepted: {value}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn bidirectional_controls_are_refused_in_names_and_headings() {
    // “述职报告” stored backwards behind a right-to-left override displays as “述职报告”.
    let mut value = base();
    value["name"] = json!("\u{202E}告报职述");
    let why = refusal(&value);
    assert!(why.contains("name") && why.contains("U+202E") && why.contains("方向"), "{why}");
    for c in ['\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}'] {
        let mut value = base();
        value["sections"][1]["heading"] = json!(format!("存在问题{c}及原因"));
        let why = refusal(&value);
        assert!(why.contains("sections[1].heading"), "{c:?}: {why}");
    }
    let mut value = base();
    value["title_pattern"] = json!("{year}年度\u{2067}述职报告\u{2069}");
    assert!(refusal(&value).contains("title_pattern"));
}

#[test]
fn control_characters_are_refused_in_template_texts() {
    let mut value = base();
    value["name"] = json!("述职报告\u{1B}[2J");
    let why = refusal(&value);
    assert!(why.contains("name") && why.contains("U+001B"), "{why}");
    assert!(!why.contains('\u{1B}'), "the message itself holds no escape: {why:?}");
    let mut value = base();
    value["sections"][0]["items"][0]["title"] = json!("政治\r建设");
    assert!(refusal(&value).contains("sections[0].items[0].title"));
    let mut value = base();
    value["closing"] = json!({ "text": "特此报告\u{0}", "default_on": true });
    assert!(refusal(&value).contains("closing.text"));
    // Line breaks and tabs belong in the longer texts (a hint, an example).
    let mut value = base();
    value["intro"]["example"] = json!("第一段。\n\t第二段。");
    assert!(Template::from_json(&value.to_string()).is_ok());
    let mut value = base();
    value["intro"]["example"] = json!("第一段。\u{7F}");
    assert!(refusal(&value).contains("intro.example"));
}
