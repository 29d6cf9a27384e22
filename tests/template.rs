//! Template files: the built-in ones parse and round-trip; invalid ones are refused with a Chinese
//! message that names the field (fixtures in `tests/fixtures/templates/`: `NAME.json` and the exact
//! expected message in `NAME.expected.txt`); every built-in template is guided and renders its
//! golden fixture (`<id>.draft.json` → `<id>.txt`); the e2e suite's expected texts (`<id>.e2e.txt`)
//! stay equal to the core's rendering.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use proptest::prelude::*;
use shuzhi::report::outline::chinese_number;
use shuzhi::report::template::{builtin, builtin_templates, BUILTIN_JSON, DEFAULT_TEMPLATE_ID};
use shuzhi::report::validate::check;
use shuzhi::report::{render, storage, Format, Severity, Template};

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

/// The built-in template files (`templates/*.json`, the JSON Schema aside).
fn builtin_files() -> Vec<PathBuf> {
    let files = json_files(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("templates"));
    files.into_iter().filter(|p| !p.to_string_lossy().ends_with(".schema.json")).collect()
}

/// The invalid template fixtures: `tests/fixtures/templates/*.json` except the filled drafts of
/// the golden tests (`<id>.draft.json`).
fn invalid_fixtures(dir: &Path) -> Vec<PathBuf> {
    json_files(dir).into_iter().filter(|p| !p.to_string_lossy().ends_with(".draft.json")).collect()
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
    // `builtin_templates` skips a template that fails to parse or whose id is not the one listed
    // beside it (`BUILTIN_JSON`, what `is_builtin` answers without parsing); none may be skipped.
    assert_eq!(builtin_templates().len(), files.len());
    assert_eq!(BUILTIN_JSON.len(), files.len());
    for (id, json) in BUILTIN_JSON {
        assert_eq!(Template::from_json(json).map(|t| t.id).as_deref(), Ok(id));
        // `builtin` reads its texts without the checks: the same template as the checked reading.
        assert_eq!(builtin(id).as_ref(), Template::from_json(json).ok().as_ref(), "{id}");
        assert!(shuzhi::report::is_builtin(id) && builtin(id).is_some_and(|t| t.id == id), "{id}");
    }
    assert!(!shuzhi::report::is_builtin("dangjian") && builtin("dangjian").is_none());
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
    let files = invalid_fixtures(&dir);
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
        "id-bad-chars",
        "rectification-not-a-boolean",
        "rectification-twice",
        "rectification-wrong-kind",
    ] {
        assert!(seen.iter().any(|s| s == name), "fixture {name}.json is missing");
    }
}

#[test]
fn every_report_kind_is_built_in() {
    let got: Vec<(String, Vec<String>)> = builtin_templates()
        .iter()
        .map(|t| (t.name.clone(), t.sections.iter().map(|s| s.heading.clone()).collect()))
        .collect();
    let want: Vec<(&str, Vec<&str>)> = vec![
        ("抓基层党建工作述职报告", vec!["主要工作情况", "存在问题及原因", "下步打算"]),
        ("党支部书记抓党建述职报告（整改单列）", vec!["主要工作情况", "上年度问题整改情况", "存在问题及原因", "下步打算"]),
        ("述职述廉报告", vec!["思想政治方面", "工作实绩", "廉洁自律方面", "存在问题及原因", "下步打算"]),
        ("组织生活会对照检查材料", vec!["上次组织生活会整改落实情况", "查摆的问题", "原因剖析", "整改措施"]),
        ("个人年度述职报告", vec!["思想政治与学习情况", "主要工作及成效", "存在的不足", "下一年度工作打算"]),
    ];
    let got: Vec<(&str, Vec<&str>)> =
        got.iter().map(|(n, h)| (n.as_str(), h.iter().map(String::as_str).collect())).collect();
    assert_eq!(got, want);
    // Next year's report finds the rectification part: a section of its own, or the default's item.
    for t in builtin_templates() {
        let as_section = t.rectification_section().is_some();
        let as_item = t.sections.iter().any(|s| s.items.iter().any(|i| i.rectification));
        let expected = ["dangjian-shuzhi", "zhibu-shuji-shuzhi", "zuzhi-shenghuohui"].contains(&t.id.as_str());
        assert_eq!(as_section || as_item, expected, "{}", t.id);
        assert!(!(as_section && as_item), "{}: one way only", t.id);
    }
}

/// Every built-in template carries the guidance the wizard shows: hints, an example and phrases
/// for the 导语 and every section, its own suggested items, facts and length targets.
#[test]
fn every_built_in_template_is_fully_guided() {
    for t in builtin_templates() {
        let id = &t.id;
        assert!(t.length.is_some(), "{id}: length");
        assert!(!t.facts.is_empty(), "{id}: facts");
        for (part, g) in std::iter::once(("导语".to_string(), &t.intro)).chain(t.sections.iter().map(|s| (s.heading.clone(), &s.guidance))) {
            assert!(!g.hint.is_empty() && !g.example.is_empty(), "{id} {part}: hint and example");
            assert!(g.phrases.len() >= 3, "{id} {part}: phrases");
            assert!(g.target.is_some(), "{id} {part}: target");
        }
        for s in &t.sections {
            assert!(!s.items.is_empty(), "{id} {}: a new draft starts with items", s.heading);
            assert!(!s.title_suggestions.is_empty(), "{id} {}: title suggestions", s.heading);
            if s.kind == shuzhi::report::template::SectionKind::Problems {
                assert!(s.cause_guidance.as_ref().is_some_and(|g| !g.example.is_empty()), "{id} {}: cause guidance", s.heading);
            }
        }
        let facts_used = t.sections.iter().flat_map(|s| s.items.iter().flat_map(|i| i.facts.iter())).count();
        assert!(facts_used > 0, "{id}: facts are offered in some item");
        // Examples are the genre's own, not the default template's copied.
        if id != DEFAULT_TEMPLATE_ID {
            let default = default_template();
            let theirs: Vec<&str> = std::iter::once(default.intro.example.as_str())
                .chain(default.sections.iter().map(|s| s.guidance.example.as_str()))
                .collect();
            for s in &t.sections {
                assert!(!theirs.contains(&s.guidance.example.as_str()), "{id} {}: example copied", s.heading);
            }
        }
    }
}

/// Golden renderings: each built-in template's filled fixture (`<id>.draft.json`) prints exactly
/// `<id>.txt`. The default template's golden test is the sample's (tests/render.rs).
#[test]
fn each_built_in_template_renders_its_fixture_exactly() {
    for template in builtin_templates().into_iter().filter(|t| t.id != DEFAULT_TEMPLATE_ID) {
        let id = &template.id;
        let draft = storage::decode(&fixture(&format!("templates/{id}.draft.json"))).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(&draft.template_id, id);
        let got = String::from_utf8(render(&draft, &template, Format::Txt).expect("renders")).expect("utf-8");
        let want = fixture(&format!("templates/{id}.txt"));
        for (i, (g, w)) in got.lines().zip(want.lines()).enumerate() {
            assert_eq!(g, w, "{id}: line {}", i + 1);
        }
        assert_eq!(got, want, "{id}");
        // A filled report of its kind has no errors (warnings about length are fine: fixtures are short).
        let errors: Vec<String> = check(&draft, &template)
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.message)
            .collect();
        assert!(errors.is_empty(), "{id}: {errors:?}");
        // Every heading of the template is printed.
        for (i, s) in template.sections.iter().enumerate() {
            assert!(got.contains(&format!("\n{}、{}\n", chinese_number(i + 1), s.heading)), "{id}: {}", s.heading);
        }
    }
}

/// What `e2e/templates.test.mjs` types into a new report of each template, one field per step:
/// the year, the 导语, and the body of each section's first item.
pub fn e2e_draft(template: &Template) -> shuzhi::report::Draft {
    let mut draft = shuzhi::report::Draft::new(template);
    if let Some(year) = template.fields.iter().find(|f| f.kind == shuzhi::report::template::FieldKind::Year) {
        draft.info.insert(year.key.clone(), E2E_YEAR.into());
    }
    draft.intro = E2E_INTRO.into();
    for (spec, section) in template.sections.iter().zip(draft.sections.iter_mut()) {
        if let Some(item) = section.items.first_mut() {
            item.body = format!("这是“{}”的测试正文。", spec.heading);
        }
    }
    draft
}

const E2E_YEAR: &str = "2025";
const E2E_INTRO: &str = "在上级党组织的正确领导下，我认真履行职责。现将有关情况报告如下：";

/// The e2e suite compares each downloaded .txt with `<id>.e2e.txt`; this keeps those files equal
/// to what the core renders for the same typing (`UPDATE_EXPECT=1` rewrites them).
#[test]
fn e2e_expected_texts_are_current() {
    for template in builtin_templates() {
        let id = &template.id;
        let got = String::from_utf8(render(&e2e_draft(&template), &template, Format::Txt).expect("renders")).expect("utf-8");
        let path = fixture_path(&format!("templates/{id}.e2e.txt"));
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            std::fs::write(&path, &got).unwrap();
        }
        let want = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_EXPECT=1)", path.display()));
        assert_eq!(got, want, "{id}");
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

/// The page's brief reader (built-in, stored and portal templates) refuses exactly what the full
/// reader refuses; checks made after reading say the same words, and a text that does not read
/// as a template is named by its position.
#[test]
fn the_brief_reader_refuses_what_the_full_reader_refuses() {
    let dir = fixture_path("templates");
    let mut files = invalid_fixtures(&dir);
    files.extend(json_files(&dir.join("valid")));
    files.extend(builtin_files());
    let mut brief_only = 0;
    for path in &files {
        let json = std::fs::read_to_string(path).unwrap();
        match (Template::from_json(&json), Template::from_json_brief(&json)) {
            (Ok(full), Ok(brief)) => assert_eq!(full, brief, "{}", path.display()),
            (Err(full), Err(brief)) if full == brief => {}
            (Err(_), Err(brief)) => {
                brief_only += 1;
                assert!(brief.0.starts_with("模板文件有误（第 ") || brief.0 == "模板文件是空的", "{}: {brief}", path.display());
            }
            (full, brief) => panic!("{}: full {full:?}, brief {brief:?}", path.display()),
        }
    }
    assert!(brief_only > 0, "some fixtures fail while reading, where the two readers differ");
}
