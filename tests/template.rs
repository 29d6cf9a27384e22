//! Template files: the built-in ones parse and round-trip; invalid ones are refused with a Chinese
//! message that names the field (fixtures in `tests/fixtures/templates/`: `NAME.json` and the exact
//! expected message in `NAME.expected.txt`).

mod common;

use std::path::{Path, PathBuf};

use common::*;
use proptest::prelude::*;
use shuzhi::report::template::{builtin_templates, DEFAULT_TEMPLATE_ID};
use shuzhi::report::Template;

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

fn builtin_files() -> Vec<PathBuf> {
    json_files(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("templates"))
}

#[test]
fn every_template_file_in_the_repository_parses() {
    let files = builtin_files();
    assert!(!files.is_empty());
    for path in &files {
        let json = std::fs::read_to_string(path).unwrap();
        if let Err(e) = Template::from_json(&json) {
            panic!("{}: {e}", path.display());
        }
    }
    // `builtin_templates` skips a template that fails to parse; none may be skipped.
    assert_eq!(builtin_templates().len(), files.len());
    assert_eq!(default_template().id, DEFAULT_TEMPLATE_ID);
}

#[test]
fn the_built_in_template_has_the_parts_reviewers_ask_for() {
    let t = default_template();
    assert_eq!(t.name, "抓基层党建工作述职报告");
    let ids: Vec<&str> = t.sections.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["work", "problems", "plans"]);
    let problems = t.section("problems").unwrap();
    assert_eq!((problems.min_items, problems.max_items), (Some(3), Some(5)));
    assert_eq!(problems.cause_connector.as_deref(), Some("以上问题的原因主要是："));
    assert!(t.sections[0].items.iter().any(|i| i.rectification), "上年度问题整改 is an item of 一");
    assert!(t.fields.iter().any(|f| f.key == "year" && f.required));
    assert_eq!(t.closing.as_ref().map(|c| c.text.as_str()), Some("特此报告，请予评议。"));
}

#[test]
fn templates_round_trip_through_json() {
    for template in builtin_templates() {
        let again = Template::from_json(&template.to_json()).expect("to_json output parses");
        assert_eq!(again, template);
    }
    let minimal = Template::from_json(&fixture("templates/valid/minimal.json")).expect("the base fixture is valid");
    assert_eq!(Template::from_json(&minimal.to_json()), Ok(minimal));
}

/// Each invalid fixture is the valid `templates/valid/minimal.json` with one mistake.
#[test]
fn invalid_templates_are_refused_with_a_message_naming_the_field() {
    let dir = fixture_path("templates");
    let files = json_files(&dir);
    let mut seen = Vec::new();
    for path in &files {
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        let expected_path = dir.join(format!("{name}.expected.txt"));
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
        let json = std::fs::read_to_string(path).unwrap();
        match Template::from_json(&json) {
            Ok(_) => panic!("{name}: accepted"),
            Err(e) => assert_eq!(e.to_string(), expected.trim_end(), "{name}"),
        }
        seen.push(name);
    }
    // The kinds of mistake the suite must keep covering.
    for name in [
        "missing-field",
        "unknown-field",
        "unknown-field-nested",
        "wrong-section-kind",
        "wrong-field-kind",
        "wrong-type",
        "duplicate-section-id",
        "title-unknown-field",
        "fact-phrase-without-n",
        "truncated",
        "empty",
    ] {
        assert!(seen.iter().any(|s| s == name), "fixture {name}.json is missing");
    }
}

#[test]
fn parse_errors_say_where() {
    let err = Template::from_json(&fixture("templates/wrong-section-kind.json")).unwrap_err().to_string();
    assert!(err.contains("第 11 行") && err.contains("sections[0].kind"), "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    /// Cutting the built-in template anywhere gives an error, never a panic or a partial template.
    #[test]
    fn any_truncation_is_refused(cut in 0usize..10_000) {
        let json = std::fs::read_to_string(&builtin_files()[0]).unwrap();
        let chars: Vec<char> = json.trim_end().chars().collect();
        let cut = cut % chars.len();
        let text: String = chars[..cut].iter().collect();
        prop_assert!(Template::from_json(&text).is_err());
    }

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let _ = Template::from_json(&text);
    }
}
