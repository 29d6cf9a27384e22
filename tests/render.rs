//! Renderer tests: the golden sample, numbering, vanishing parts, escaping, and properties.

mod common;

use common::*;
use proptest::prelude::*;
use shuzhi::report::{apply, render, Draft, Edit, Format, ItemId, TextRef};

fn text_of(draft: &Draft) -> String {
    String::from_utf8(render(draft, &default_template(), Format::Txt).expect("renders")).expect("utf-8")
}

#[test]
fn sample_renders_to_the_seed_text_exactly() {
    let draft = sample_draft();
    let got = text_of(&draft);
    let want = sample_text_clean();
    if got != want {
        for (i, (g, w)) in got.lines().zip(want.lines()).enumerate() {
            assert_eq!(g, w, "line {}", i + 1);
        }
        assert_eq!(got.lines().count(), want.lines().count());
    }
    assert_eq!(got, want);
}

#[test]
fn empty_items_and_sections_vanish_and_numbering_stays_consecutive() {
    let mut draft = sample_draft();
    // Empty the whole problems section and the first work item.
    let problems: Vec<ItemId> = draft.section("problems").unwrap().items.iter().map(|i| i.id).collect();
    for id in problems {
        apply(&mut draft, Edit::RemoveItem { section: "problems".into(), item: id });
    }
    let first = draft.section("work").unwrap().items[0].id;
    for target in [
        TextRef::ItemTitle { section: "work".into(), item: first },
        TextRef::ItemBody { section: "work".into(), item: first },
    ] {
        apply(&mut draft, Edit::SetText { target, value: String::new() });
    }
    let text = text_of(&draft);
    assert!(text.contains("\n一、主要工作情况\n1.履行抓基层党建工作责任情况。"), "{text}");
    assert!(text.contains("\n二、下步打算\n1.实施"), "{text}");
    assert!(!text.contains("存在问题及原因"));
    assert!(!text.contains("4.推进问题整改情况"));
    assert!(text.contains("3.推进问题整改情况"));
}

#[test]
fn markdown_has_headings_and_escaped_numbers() {
    let md = String::from_utf8(render(&sample_draft(), &default_template(), Format::Md).expect("renders")).unwrap();
    assert!(md.starts_with("# 202X年度抓基层党建工作述职报告\n\n"));
    assert!(md.contains("\n## 一、主要工作情况\n"));
    assert!(md.contains("\n1\\.**政治思想建设情况。**一是提高政治站位"));
    assert!(md.contains("\n3\\.**实施“党建＋文化建设”，深化支部内涵。**\n\n要继续立足"));
}

#[test]
fn html_is_standalone_escaped_and_styled() {
    let mut draft = sample_draft();
    draft.intro = "<script>alert(1)</script>&\"'".into();
    let html = String::from_utf8(render(&draft, &default_template(), Format::Html).expect("renders")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    // Dual-core browsers open it in their Chromium core (极速模式), IE in its newest mode.
    assert!(html.contains("<meta name=\"renderer\" content=\"webkit\">"));
    assert!(html.contains("<meta http-equiv=\"X-UA-Compatible\" content=\"IE=edge\">"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;"));
    assert!(!html.contains("<script"));
    assert!(html.contains("@page { size: A4; margin: 37mm 26mm 35mm 28mm; }"));
    assert!(html.contains("<h2 class=\"doc-h1\" data-anchor=\"pv-s-work\">一、主要工作情况</h2>"));
    assert!(!html.contains("http://") && !html.contains("https://"), "no external resources");
}

#[test]
fn closing_and_leftover_are_printed() {
    let mut draft = sample_draft();
    draft.closing = "特此报告，请予评议。".into();
    draft.leftover = "无法归类的一段".into();
    let text = text_of(&draft);
    assert!(text.ends_with("浓厚学习氛围。\n无法归类的一段\n特此报告，请予评议。\n"), "{text}");
}

#[test]
fn problem_without_body_runs_the_cause_in() {
    let mut draft = sample_draft();
    let id = draft.section("problems").unwrap().items[0].id;
    apply(&mut draft, Edit::SetText { target: TextRef::ItemBody { section: "problems".into(), item: id }, value: String::new() });
    assert!(text_of(&draft).contains("\n1.党建工作常态化、制度化、规范化需要加强。以上问题的原因主要是：对党建工作"));
}

#[test]
fn file_names_are_safe() {
    let mut draft = sample_draft();
    draft.info.insert("year".into(), "2025".into());
    draft.info.insert("org".into(), "学工部/党支部:<1>".into());
    let name = shuzhi::report::file_name(&draft, &default_template(), Format::Docx);
    assert_eq!(name, "2025年度学工部_党支部__1_抓基层党建工作述职报告.docx");
}

fn arbitrary_draft() -> impl Strategy<Value = Draft> {
    proptest::collection::vec(any::<String>(), 9).prop_map(|t| draft_from_texts(&t))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn any_draft_renders_to_every_text_format(draft in arbitrary_draft()) {
        let template = default_template();
        for format in [Format::Txt, Format::Md, Format::Html] {
            let bytes = render(&draft, &template, format).expect("renders");
            prop_assert!(std::str::from_utf8(&bytes).is_ok());
        }
    }

    #[test]
    fn html_never_contains_an_unescaped_script(draft in arbitrary_draft(), payload in "<(script|SCRIPT|ScRiPt)[^>]{0,10}>") {
        let mut draft = draft;
        draft.intro.push_str(&payload);
        draft.closing.push_str(&payload);
        let html = String::from_utf8(render(&draft, &default_template(), Format::Html).expect("renders")).unwrap();
        prop_assert!(!html.to_ascii_lowercase().contains("<script"));
    }
}

// ---------------------------------------------------------------------------------------------
// 署名, 落款, the user's own title, and the pasted HTML (issue 17.1, 17.5): every format against a
// reviewed fixture in tests/fixtures/render/ (`UPDATE_EXPECT=1 cargo test --test render` rewrites
// them; review the diff).

/// The sample with a name line, a date line, its own title and a closing.
fn signed_sample() -> Draft {
    let mut draft = sample_draft();
    draft.info.insert("org".into(), "机关第一党支部".into());
    draft.info.insert("position".into(), "党支部书记".into());
    draft.info.insert("name".into(), "张三".into());
    apply(&mut draft, Edit::SetByline(true));
    apply(&mut draft, Edit::SetText { target: TextRef::Date, value: "2026年1月10日".into() });
    apply(&mut draft, Edit::SetText { target: TextRef::Title, value: "关于2025年度抓基层党建工作情况的述职报告".into() });
    apply(&mut draft, Edit::SetText { target: TextRef::Closing, value: "特此报告，请予评议。".into() });
    draft
}

fn check_fixture(name: &str, got: &str) {
    let path = fixture_path(&format!("render/{name}"));
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, got).unwrap();
    }
    assert_eq!(got, fixture(&format!("render/{name}")), "{name}");
}

#[test]
fn the_name_line_date_and_own_title_print_in_every_format() {
    let draft = signed_sample();
    let template = default_template();
    let text = |format| String::from_utf8(render(&draft, &template, format).expect("renders")).unwrap();
    check_fixture("signed.txt", &text(Format::Txt));
    check_fixture("signed.md", &text(Format::Md));
    let outline = shuzhi::report::outline(&draft, &template);
    check_fixture("signed.fragment.html", &shuzhi::report::render::html::fragment(&outline));
    check_fixture("signed.clipboard.html", &shuzhi::report::render::html::clipboard(&outline, &draft.layout));
    assert_eq!(shuzhi::report::file_name(&draft, &template, Format::Docx), "关于2025年度抓基层党建工作情况的述职报告.docx");
}

#[test]
fn the_name_line_joins_organisation_and_office_once() {
    let mut draft = sample_draft();
    let line = |draft: &Draft| draft.byline_text();
    draft.info.insert("name".into(), "张三".into());
    assert_eq!(line(&draft), None, "off unless asked for");
    apply(&mut draft, Edit::SetByline(true));
    assert_eq!(line(&draft).as_deref(), Some("张三"));
    draft.info.insert("org".into(), "学院党委".into());
    draft.info.insert("position".into(), "书记".into());
    assert_eq!(line(&draft).as_deref(), Some("学院党委书记\u{3000}张三"));
    draft.info.insert("org".into(), "机关第一党支部".into());
    draft.info.insert("position".into(), "党支部书记".into());
    assert_eq!(line(&draft).as_deref(), Some("机关第一党支部书记\u{3000}张三"));
    draft.info.clear();
    assert_eq!(line(&draft), None, "nothing to print");
}

#[test]
fn an_own_title_is_kept_and_an_empty_one_goes_back_to_the_pattern() {
    let mut draft = sample_draft();
    let template = default_template();
    apply(&mut draft, Edit::SetText { target: TextRef::Title, value: "我的述职报告".into() });
    assert_eq!(draft.title(&template), "我的述职报告");
    draft.info.insert("year".into(), "2025".into());
    assert_eq!(draft.title(&template), "我的述职报告", "kept when the basic information changes");
    apply(&mut draft, Edit::SetText { target: TextRef::Title, value: String::new() });
    assert_eq!(draft.title(&template), "2025年度抓基层党建工作述职报告");
}

#[test]
fn a_cause_lead_in_the_user_wrote_prints_once() {
    let mut draft = sample_draft();
    let id = draft.section("problems").unwrap().items[0].id;
    let target = TextRef::ItemCause { section: "problems".into(), item: id };
    let cause = shuzhi::report::edit::text(&draft, &target).unwrap().to_string();
    for lead in ["以上问题的原因主要是：", "  以上问题的原因主要是：", "究其原因，"] {
        apply(&mut draft, Edit::SetText { target: target.clone(), value: format!("{lead}{cause}") });
        let text = text_of(&draft);
        assert_eq!(text.matches("原因主要是：对党建工作").count() + text.matches("究其原因，对党建工作").count(), 1, "{lead}: {text}");
        assert!(!text.contains("以上问题的原因主要是：以上问题的原因主要是："));
        assert!(!text.contains("以上问题的原因主要是：究其原因"));
    }
}
