//! Year over year (issue 11): next year's draft from last year's report, last year's promises,
//! and the sameness check against last year's text. Native tier; the golden cases live in
//! `tests/fixtures/yearly/` (`SHUZHI_BLESS=1 cargo test --test yearly` rewrites them).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::time::Instant;

use common::*;
use proptest::prelude::*;
use shuzhi::report::diagnostic::{Place, Severity};
use shuzhi::report::import::import_text;
use shuzhi::report::model::SectionDraft;
use shuzhi::report::validate::{check, sameness};
use shuzhi::report::yearly::{self, code, key, next_year, normalize, promises, similar_sentences, Similar};
use shuzhi::report::{edit, Draft, Item, ItemId, Template, TextRef};

fn imported(name: &str, template: &Template) -> Draft {
    import_text(&fixture(name), template).draft
}

fn sample_imported() -> Draft {
    imported("sample.txt", &default_template())
}

fn separate_template() -> Template {
    Template::from_json(&fixture("yearly/separate-rectification.json")).expect("test template parses")
}

/// The body of the draft's item titled `title` in section `section`.
fn body<'a>(draft: &'a Draft, section: &str, title: &str) -> &'a str {
    let items = &draft.section(section).expect("section").items;
    &items.iter().find(|i| i.title == title).unwrap_or_else(|| panic!("no item “{title}”: {items:?}")).body
}

const SAMPLE_RECTIFICATION: &str = "针对“党建工作常态化、制度化、规范化需要加强”问题，\n\
                                    针对“党建工作品牌特色不明显、亮点不突出”问题，\n\
                                    针对“党建工作与业务工作发展不平衡”问题，\n\
                                    针对“宗旨意识需进一步加强”问题，";

// ---------------------------------------------------------------------------------------------
// Next year's draft

#[test]
fn the_imported_sample_grows_into_next_years_draft() {
    let template = default_template();
    let last = sample_imported();
    let (draft, diagnostics) = next_year(&last, &template);
    // One paragraph per problem of last year, in the standard form, in the marked item.
    assert_eq!(body(&draft, "work", "推进问题整改情况"), SAMPLE_RECTIFICATION);
    // Everything else is this year's to write: the template's fresh items, nothing of last year.
    let fresh = Draft::new(&template);
    assert_eq!(draft.intro, "");
    for (section, fresh) in draft.sections.iter().zip(&fresh.sections) {
        let titles = |s: &SectionDraft| s.items.iter().map(|i| i.title.clone()).collect::<Vec<_>>();
        assert_eq!(titles(section), titles(fresh), "{}", section.id);
        for item in section.items.iter().filter(|i| i.title != "推进问题整改情况") {
            assert!(item.body.is_empty() && item.cause.is_empty(), "{item:?}");
        }
    }
    assert_eq!(draft.facts.get("last_problems"), Some(&4));
    // The sample's year is `202X`: it stays a placeholder, and both next_year and the check say so.
    assert_eq!(draft.info("year"), "202X");
    let year = Place::Text(TextRef::Info { key: "year".into() });
    let unknown = diagnostics.iter().find(|d| d.code == code::YEAR_UNKNOWN).expect("year diagnostic");
    assert_eq!(unknown.place, year);
    assert_eq!(unknown.severity, Severity::Warning);
    assert!(unknown.message.contains("“202X”"), "{}", unknown.message);
    let flagged = check(&draft, &template);
    assert!(flagged.iter().any(|d| d.code == "placeholder" && d.place == year && d.severity == Severity::Error), "{flagged:#?}");
    assert_eq!(draft.title(&template), "202X年度抓基层党建工作述职报告");
}

#[test]
fn the_stored_sample_with_a_year_moves_on_by_one() {
    let template = default_template();
    let mut last = sample_draft();
    for (key, value) in [("year", "2024"), ("org", "学生工作部党支部"), ("name", "张三"), ("position", "党支部书记")] {
        last.info.insert(key.into(), value.into());
    }
    last.closing = "特此报告，请予评议。".into();
    last.layout.bold_subheadings = true;
    last.byline = true;
    last.title = "关于2024年度抓党建工作的述职报告".into();
    last.date = "2025年1月10日".into();
    let (draft, diagnostics) = next_year(&last, &template);
    assert_eq!(draft.info("year"), "2025");
    for key in ["org", "name", "position"] {
        assert_eq!(draft.info(key), last.info(key), "{key}");
    }
    assert_eq!(draft.title(&template), "2025年度学生工作部党支部抓基层党建工作述职报告");
    assert_eq!(body(&draft, "work", "推进问题整改情况"), SAMPLE_RECTIFICATION);
    assert_eq!((draft.closing.as_str(), draft.layout), ("特此报告，请予评议。", last.layout));
    // The name line carries over; last year's own title and date do not.
    assert_eq!((draft.byline, draft.title.as_str(), draft.date.as_str()), (true, "", ""));
    assert!(!diagnostics.iter().any(|d| d.code == code::YEAR_UNKNOWN), "{diagnostics:#?}");
    let flagged = check(&draft, &template);
    assert!(!flagged.iter().any(|d| d.place == Place::Text(TextRef::Info { key: "year".into() })), "{flagged:#?}");
    // The new draft is a valid draft: ids unique and below next_id, sections as the template's.
    let ids: Vec<u64> = draft.sections.iter().flat_map(|s| s.items.iter().map(|i| i.id.0)).collect();
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len());
    assert!(ids.iter().all(|&id| id < draft.next_id));
}

#[test]
fn an_empty_year_stays_empty_and_is_flagged() {
    let template = default_template();
    let mut last = sample_draft();
    last.info.remove("year");
    let (draft, diagnostics) = next_year(&last, &template);
    assert_eq!(draft.info.get("year"), None);
    assert!(diagnostics.iter().any(|d| d.code == code::YEAR_UNKNOWN && d.message.contains("没有填写年度")));
    assert!(check(&draft, &template).iter().any(|d| d.code == "missing-field"));
}

/// Last year's report in, next year's draft out: the whole draft and what was said, per case.
#[test]
fn golden_cases() {
    let cases: [(&str, &str, Template); 4] = [
        ("sample", "sample.txt", default_template()),
        ("last-2024", "yearly/last-2024.txt", default_template()),
        ("last-2024-separate", "yearly/last-2024.txt", separate_template()),
        ("unrelated", "yearly/unrelated.txt", default_template()),
    ];
    let bless = std::env::var_os("SHUZHI_BLESS").is_some();
    let mut failures = Vec::new();
    for (name, source, template) in cases {
        let last = imported(source, &template);
        let actual = dump(&last, &template);
        let path = fixture_path(&format!("yearly/{name}.expected.txt"));
        if bless {
            std::fs::write(&path, &actual).expect("write expectation");
            continue;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        if expected != actual {
            failures.push(format!("=== {name} (expected {})\n{actual}", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn dump(last: &Draft, template: &Template) -> String {
    let (draft, diagnostics) = next_year(last, template);
    let mut out = format!("标题：{}\n", draft.title(template));
    let info: Vec<String> = draft.info.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let facts: Vec<String> = draft.facts.iter().map(|(k, v)| format!("{k}={v}")).collect();
    out.push_str(&format!("基本信息：{}\n数据：{}\n", info.join("；"), facts.join("；")));
    for spec in &template.sections {
        out.push_str(&format!("【{}】\n", spec.heading));
        for (i, item) in draft.section(&spec.id).map(|s| s.items.as_slice()).unwrap_or(&[]).iter().enumerate() {
            out.push_str(&format!("{}. {}\n", i + 1, item.title));
            for line in item.body.lines() {
                out.push_str(&format!("   | {line}\n"));
            }
        }
    }
    out.push_str(&format!("结束语：{}\n", draft.closing));
    out.push_str("去年的承诺：\n");
    for promise in promises(last, template) {
        out.push_str(&format!("  - {promise}\n"));
    }
    out.push_str("说明：\n");
    for d in diagnostics {
        out.push_str(&format!("  {} {}：{}\n", d.severity.label(), d.code, d.message));
    }
    out
}

#[test]
fn a_template_with_a_rectification_section_gets_one_item_per_problem() {
    let template = separate_template();
    let (draft, diagnostics) = next_year(&sample_imported(), &template);
    let items = &draft.section("rectification").expect("section").items;
    let titles: Vec<&str> = items.iter().map(|i| i.title.as_str()).collect();
    // The titled suggestion stays; the untitled ones make way for the problems.
    assert_eq!(
        titles,
        ["整改总体情况", "党建工作常态化、制度化、规范化需要加强", "党建工作品牌特色不明显、亮点不突出", "党建工作与业务工作发展不平衡", "宗旨意识需进一步加强"]
    );
    for item in &items[1..] {
        assert_eq!(item.body, format!("针对“{}”问题，", item.title));
    }
    assert!(draft.section("work").expect("work").items.iter().all(|i| i.body.is_empty()));
    assert!(diagnostics.iter().any(|d| d.code == code::RECTIFICATION && d.place == Place::Section("rectification".into())));
}

#[test]
fn a_template_marking_no_rectification_item_gets_one() {
    let mut template = default_template();
    for item in &mut template.sections[0].items {
        item.rectification = false;
    }
    // The item is still found by its wording…
    let (draft, _) = next_year(&sample_draft(), &template);
    assert_eq!(body(&draft, "work", "推进问题整改情况"), SAMPLE_RECTIFICATION);
    // …and added at the end of 主要工作情况 when there is none.
    template.sections[0].items.retain(|i| !i.title.contains("整改"));
    let (draft, diagnostics) = next_year(&sample_draft(), &template);
    let work = &draft.section("work").expect("work").items;
    let last = work.last().expect("an item");
    assert_eq!((last.title.as_str(), last.body.as_str()), (yearly::RECTIFICATION_TITLE, SAMPLE_RECTIFICATION));
    assert_eq!(work.len(), 4);
    let note = diagnostics.iter().find(|d| d.code == code::RECTIFICATION).expect("said");
    assert_eq!(note.place, Place::Text(TextRef::ItemBody { section: "work".into(), item: last.id }));
    assert!(note.message.contains("第4条“上年度问题整改情况”"), "{}", note.message);
}

#[test]
fn without_problems_last_year_the_rectification_part_is_left_to_the_user() {
    let template = default_template();
    let mut last = sample_draft();
    for item in &mut last.sections[1].items {
        *item = Item { id: item.id, ..Item::default() };
    }
    let (draft, diagnostics) = next_year(&last, &template);
    assert_eq!(body(&draft, "work", "推进问题整改情况"), "");
    assert!(!draft.facts.contains_key("last_problems"));
    let warning = diagnostics.iter().find(|d| d.code == code::NO_PROBLEMS).expect("warning");
    assert!(warning.message.contains("“存在问题及原因”"), "{}", warning.message);
}

#[test]
fn problems_are_quoted_in_the_standard_form() {
    let template = default_template();
    let mut last = Draft::empty(&template);
    let problems = [
        ("", "支部活动形式单一，吸引力不强。表现在活动多以读文件为主。"),
        ("“重业务、轻党建”", ""),
        ("存在“两张皮”现象的问题。", ""),
        ("   ", "   "),
        ("", "对青年党员的教育管理不够经常，谈心谈话覆盖面不全，思想动态掌握不及时，帮扶措施针对性不强。"),
    ];
    for (i, (title, body)) in problems.iter().enumerate() {
        let item = Item { id: ItemId(i as u64 + 1), title: title.to_string(), body: body.to_string(), ..Item::default() };
        last.sections[1].items.push(item);
    }
    let (draft, _) = next_year(&last, &template);
    assert_eq!(
        body(&draft, "work", "推进问题整改情况"),
        "针对“支部活动形式单一，吸引力不强”问题，\n\
         针对“重业务、轻党建”问题，\n\
         针对“存在‘两张皮’现象”问题，\n\
         针对“对青年党员的教育管理不够经常”问题，"
    );
}

#[test]
fn last_years_plans_are_the_promises() {
    let template = default_template();
    assert_eq!(
        promises(&sample_draft(), &template),
        ["实施“党建＋示范引领”，提高政治站位", "实施“党建＋品牌建设”，凸显党建特色", "实施“党建＋文化建设”，深化支部内涵"]
    );
    assert_eq!(promises(&sample_imported(), &template), promises(&sample_draft(), &template));
    let mut last = sample_draft();
    last.sections[2].items[0].title.clear();
    last.sections[2].items[1] = Item { id: ItemId(99), ..Item::default() };
    assert_eq!(
        promises(&last, &template),
        ["牢牢把握全面贯彻落实党的XX大精神这条主线，以强有力的政治监督，维护党中央权威和集中统一领导，不断提高政治站位，把主体责任落实情况作为党建工作重点，按照“一岗双责”的要求，层层传导责任和压力", "实施“党建＋文化建设”，深化支部内涵"]
    );
}

// ---------------------------------------------------------------------------------------------
// Sameness

/// The sentences the check must compare, found independently of the library: split on
/// `。！？；` and line breaks, punctuation and whitespace removed, at least 12 characters, and
/// not one of the template's own item titles or phrases (every draft has those, every year).
fn comparable_sentences(draft: &Draft, template: &Template) -> Vec<(TextRef, String)> {
    let stock = stock(template);
    let mut fields = vec![(TextRef::Intro, draft.intro.clone())];
    for section in &draft.sections {
        for item in &section.items {
            let (s, id) = (section.id.clone(), item.id);
            fields.push((TextRef::ItemTitle { section: s.clone(), item: id }, item.title.clone()));
            fields.push((TextRef::ItemBody { section: s.clone(), item: id }, item.body.clone()));
            if section.id == "problems" {
                fields.push((TextRef::ItemCause { section: s, item: id }, item.cause.clone()));
            }
        }
    }
    let mut out = Vec::new();
    for (target, text) in fields {
        for sentence in text.split(['。', '！', '？', '；', '\n']) {
            let n = norm(sentence);
            if n.chars().count() >= 12 && !stock.contains(&n) {
                out.push((target.clone(), n));
            }
        }
    }
    out
}

fn norm(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The template's item titles and phrases, normalized.
fn stock(template: &Template) -> Vec<String> {
    let mut stock: Vec<String> = template.intro.phrases.iter().map(|p| norm(p)).collect();
    for section in &template.sections {
        stock.extend(section.guidance.phrases.iter().map(|p| norm(p)));
        stock.extend(section.cause_guidance.iter().flat_map(|g| g.phrases.iter()).map(|p| norm(p)));
        for item in &section.items {
            stock.push(norm(&item.title));
            stock.extend(item.guidance.phrases.iter().map(|p| norm(p)));
        }
    }
    stock
}

fn assert_well_formed(found: &[Similar], draft: &Draft) {
    for s in found {
        let text = edit::text(draft, &s.target).expect("the place exists");
        assert_eq!(text.get(s.range.clone()), Some(s.sentence.as_str()), "{s:?}");
        assert!((yearly::SIMILAR_MIN..=1.0).contains(&s.similarity), "{s:?}");
        assert_eq!(s.key, key(&normalize(&s.sentence)));
        assert!(s.last_place.starts_with("去年"), "{s:?}");
    }
}

#[test]
fn every_unchanged_sentence_of_the_sample_is_found_in_a_copy() {
    let template = default_template();
    let sample = sample_draft();
    let expected = comparable_sentences(&sample, &template);
    assert_eq!(expected.len(), 32, "the sample has 32 sentences of 12 characters or more");
    let found = similar_sentences(&sample, &sample, &template);
    let got: Vec<(TextRef, String)> = found.iter().map(|s| (s.target.clone(), normalize(&s.sentence))).collect();
    assert_eq!(got, expected);
    assert_well_formed(&found, &sample);
    assert!(found.iter().all(|s| s.similarity == 1.0 && s.last_sentence == s.sentence));
    // Each names the place it had last year: here, the same place.
    let places: Vec<&str> = found.iter().map(|s| s.last_place.as_str()).collect();
    assert_eq!(places[0], "去年的导语");
    assert!(places.contains(&"去年“存在问题及原因”第2条"), "{places:?}");
    assert!(places.contains(&"去年“存在问题及原因”第2条的原因"), "{places:?}");
    assert!(places.contains(&"去年“存在问题及原因”第1条的标题"), "{places:?}");
    // Last year's report imported from its text is the same report.
    let from_text = similar_sentences(&sample, &sample_imported(), &template);
    assert_eq!(from_text.iter().map(|s| &s.key).collect::<Vec<_>>(), found.iter().map(|s| &s.key).collect::<Vec<_>>());
}

/// Changes the middle character of every sentence the check compares to another character.
fn change_one_character_per_sentence(text: &str, stock: &[String]) -> String {
    let mut out = String::new();
    let mut sentence = String::new();
    let flush = |sentence: &mut String, out: &mut String| {
        let letters: Vec<usize> = sentence.char_indices().filter(|(_, c)| c.is_alphanumeric()).map(|(i, _)| i).collect();
        if letters.len() >= 12 && !stock.contains(&norm(sentence)) {
            let at = letters[letters.len() / 2];
            let old = sentence[at..].chars().next().expect("a character");
            let new = if old == '甲' { '乙' } else { '甲' };
            sentence.replace_range(at..at + old.len_utf8(), &new.to_string());
        }
        out.push_str(sentence);
        sentence.clear();
    };
    for c in text.chars() {
        sentence.push(c);
        if "。！？；\n".contains(c) {
            flush(&mut sentence, &mut out);
        }
    }
    flush(&mut sentence, &mut out);
    out
}

#[test]
fn nearly_identical_sentences_are_found_after_small_edits() {
    let template = default_template();
    let sample = sample_draft();
    let stock = stock(&template);
    let mut edited = sample.clone();
    edited.intro = change_one_character_per_sentence(&edited.intro, &stock);
    for section in &mut edited.sections {
        for item in &mut section.items {
            item.title = change_one_character_per_sentence(&item.title, &stock);
            item.body = change_one_character_per_sentence(&item.body, &stock);
            item.cause = change_one_character_per_sentence(&item.cause, &stock);
        }
    }
    let found = similar_sentences(&edited, &sample, &template);
    assert_eq!(found.len(), 32);
    assert_well_formed(&found, &edited);
    for s in &found {
        assert!(s.similarity < 1.0, "{s:?}");
        assert_ne!(s.sentence, s.last_sentence);
    }
    // The sample's shortest: 14 characters, one changed.
    assert!(found.iter().any(|s| s.similarity == 13.0 / 14.0), "{found:#?}");
    // The shortest compared at all: 12 characters, one changed, is still ≥ 90 % similar.
    let (mut short_last, mut short_this) = (Draft::new(&template), Draft::new(&template));
    short_last.intro = "严格落实“三会一课”制度要求。".into();
    short_this.intro = "严格抓实“三会一课”制度要求。".into();
    let found = similar_sentences(&short_this, &short_last, &template);
    assert_eq!(found.iter().map(|s| s.similarity).collect::<Vec<_>>(), [11.0 / 12.0]);
    // Two changed characters in a short sentence are a rewrite, not a copy.
    let mut rewritten = sample.clone();
    rewritten.sections[1].items[0].title = "党建工作常态化、规范化、制度化需要加强".into();
    assert!(!similar_sentences(&rewritten, &sample, &template).iter().any(|s| s.target == TextRef::ItemTitle { section: "problems".into(), item: ItemId(5) }));
}

#[test]
fn an_unrelated_report_shares_no_sentence_with_the_sample() {
    let template = default_template();
    let unrelated = imported("yearly/unrelated.txt", &template);
    let n = comparable_sentences(&unrelated, &template).len();
    assert!(n > 20, "the fixture is a real report: {n} sentences");
    assert_eq!(similar_sentences(&unrelated, &sample_draft(), &template), []);
    assert_eq!(similar_sentences(&sample_draft(), &unrelated, &template), []);
    assert_eq!(similar_sentences(&unrelated, &imported("yearly/last-2024.txt", &template), &template), []);
}

#[test]
fn next_years_fresh_draft_copies_nothing() {
    let template = default_template();
    let last = sample_draft();
    let (draft, _) = next_year(&last, &template);
    assert_eq!(similar_sentences(&draft, &last, &template), []);
    assert_eq!(sameness(&draft, &template, &last), []);
}

#[test]
fn short_sentences_placeholders_and_template_text_are_not_compared() {
    let template = default_template();
    let mut last = Draft::new(&template);
    let mut draft = Draft::new(&template);
    let shared = "立足岗位抓党建。\nXXXXXXXXXXXXXXXXXX。XX大XX次XX项XX名XX人。严格按程序完成支委补选改选；针对“重业务、轻党建”问题，";
    last.intro = shared.into();
    draft.intro = shared.into();
    // Item titles the template suggests are the same every year by design.
    last.sections[0].items[1].body = "履行抓基层党建工作责任情况".into();
    assert_eq!(similar_sentences(&draft, &last, &template), []);
    // Closing lines are formulas.
    draft.closing = "以上报告，不当之处，请各位领导和同志们批评指正。".into();
    last.closing = draft.closing.clone();
    assert_eq!(similar_sentences(&draft, &last, &template), []);
    // Last year's unplaced text counts; punctuation and spacing do not.
    last.leftover = "全面开展党员量化考核，提升党员队伍建设水平。".into();
    draft.intro = "全面开展党员量化考核 提升党员队伍建设水平！".into();
    let found = similar_sentences(&draft, &last, &template);
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].last_place.as_str(), found[0].similarity), ("去年报告中未归类的内容", 1.0));
    assert_eq!(found[0].sentence, "全面开展党员量化考核 提升党员队伍建设水平");
}

#[test]
fn keys_are_stable() {
    // The app stores these keys for dismissals: they must not change between versions.
    assert_eq!(key(&normalize("党建工作常态化、制度化、规范化需要加强")), "abb7911b7b29d584");
    assert_eq!(key(&normalize("党建工作常态化，制度化，规范化需要加强。")), "abb7911b7b29d584");
    assert_eq!(normalize("ＰＤＣＡ管理循环 PDCA！"), "pdca管理循环pdca");
}

#[test]
fn sameness_warns_once_per_sentence_naming_last_years_place() {
    let template = default_template();
    let sample = sample_draft();
    let warnings = sameness(&sample, &template, &sample);
    assert_eq!(warnings.len(), 32);
    for w in &warnings {
        assert_eq!((w.severity, w.code), (Severity::Warning, code::SAME_AS_LAST_YEAR));
        assert!(matches!(w.place, Place::Text(_)), "{w:?}");
        assert!(w.message.contains("年年一个样"), "{}", w.message);
        assert!(w.fix.is_none());
    }
    let problem2 = TextRef::ItemBody { section: "problems".into(), item: ItemId(6) };
    let w = warnings.iter().find(|w| w.place == Place::Text(problem2.clone())).expect("problem 2");
    assert_eq!(
        w.message,
        "“存在问题及原因”第2条的正文中“面对新形势新要求，创新精神不足，特别是在党建品牌的凝练深化……”这句话与去年“存在问题及原因”第2条中的一句完全相同，评议时容易被认为“年年一个样”，请结合今年的新情况改写"
    );
    let mut edited = sample.clone();
    edited.sections[1].items[1].body = edited.sections[1].items[1].body.replacen("创新精神", "创造精神", 1);
    let warnings = sameness(&edited, &template, &sample);
    let w = warnings.iter().find(|w| w.place == Place::Text(problem2.clone())).expect("problem 2");
    assert!(w.message.contains("中的一句几乎相同（相似度 97%）"), "{}", w.message);
    // A dismissed sentence (its key in the draft) is not warned about again.
    let keys: Vec<String> = similar_sentences(&edited, &sample, &template).into_iter().map(|s| s.key).collect();
    edited.dismissed = keys[..10].to_vec();
    assert_eq!(sameness(&edited, &template, &sample).len(), 22);
    edited.dismissed = keys;
    assert_eq!(sameness(&edited, &template, &sample), []);
}

// ---------------------------------------------------------------------------------------------
// Scale and robustness

/// A pseudo-random report of about `chars` characters in sentences of 12–60 characters drawn
/// from the sample's own characters (so bigrams are shared a lot, the index's worst case).
fn random_report(seed: u64, chars: usize) -> String {
    let alphabet: Vec<char> = fixture("sample.txt").chars().filter(|c| c.is_alphanumeric()).collect();
    let mut state = seed;
    let mut next = move |n: usize| {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % n
    };
    let mut out = String::new();
    let mut count = 0;
    while count < chars {
        let len = 12 + next(49);
        for _ in 0..len {
            out.push(alphabet[next(alphabet.len())]);
        }
        out.push(['。', '；', '，', '\n'][next(4)]);
        count += len + 1;
    }
    out
}

#[test]
fn two_twenty_thousand_character_reports_compare_quickly() {
    let template = default_template();
    let (mut last, mut draft) = (Draft::new(&template), Draft::new(&template));
    last.intro = random_report(1, 20_000);
    draft.intro = random_report(2, 20_000);
    let started = Instant::now();
    assert_eq!(similar_sentences(&draft, &last, &template), []);
    let random = started.elapsed();
    // A realistic worst case: last year's sample ten times over with small changes, against a
    // copy of itself — every sentence has many near-identical candidates.
    let sample = fixture("sample.txt");
    let many = |salt: &str| (0..10).map(|k| sample.replace('。', &format!("{salt}{k}。"))).collect::<String>();
    last.intro = many("甲");
    draft.intro = many("乙");
    let started = Instant::now();
    let found = similar_sentences(&draft, &last, &template);
    let copies = started.elapsed();
    assert!(found.len() > 300, "{}", found.len());
    // Generous bounds for an unoptimised build on a busy machine: typically a few hundred
    // milliseconds here, tens in an optimised build.
    eprintln!("20,000 vs 20,000 characters: random {random:?}, near copies {copies:?}");
    assert!(random.as_secs_f64() < 5.0 && copies.as_secs_f64() < 5.0, "{random:?} {copies:?}");
}

fn text_strategy() -> impl Strategy<Value = String> {
    let sample = fixture("sample.txt");
    let sentences: Vec<String> = sample.split_inclusive(['。', '；', '\n']).map(str::to_string).collect();
    let piece = prop_oneof![
        3 => prop::sample::select(sentences),
        1 => any::<String>(),
        1 => "[党建工作问题XＸ×…。；！？\n \u{3000}a-zＡ0-9]{0,40}",
    ];
    prop::collection::vec(piece, 0..12).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_text_compares_without_panic(
        this in prop::collection::vec(text_strategy(), 1..4),
        last in prop::collection::vec(text_strategy(), 1..4),
    ) {
        let template = default_template();
        let fill = |texts: &[String]| {
            let mut draft = Draft::new(&template);
            draft.intro = texts[0].clone();
            for (i, text) in texts.iter().enumerate().skip(1) {
                let section = &mut draft.sections[i % 3];
                let item = &mut section.items[0];
                if i % 2 == 0 { item.body = text.clone() } else { item.cause = text.clone() }
            }
            draft.leftover = texts[texts.len() - 1].clone();
            draft
        };
        let (draft, last) = (fill(&this), fill(&last));
        let found = similar_sentences(&draft, &last, &template);
        assert_well_formed(&found, &draft);
        let _ = sameness(&draft, &template, &last);
        let (next, _) = next_year(&last, &template);
        let _ = promises(&last, &template);
        prop_assert!(check(&next, &template).iter().all(|d| !d.message.is_empty()));
        // A draft always finds all of its own comparable sentences.
        let own = similar_sentences(&draft, &draft, &template);
        prop_assert!(own.iter().all(|s| s.similarity == 1.0));
    }
}

#[test]
fn every_built_in_template_answers_last_years_problems() {
    for template in shuzhi::report::builtin_templates() {
        let mut last = Draft::new(&template);
        last.info.insert("year".into(), "2024".into());
        let mut problems = Vec::new();
        let listing = last.sections.iter().position(|s| template.section(&s.id).is_some_and(|spec| spec.kind == shuzhi::report::template::SectionKind::Problems));
        let listing = listing.or_else(|| last.sections.iter().position(|s| s.id == "problems"));
        let Some(index) = listing else { continue };
        for (n, item) in last.sections[index].items.iter_mut().enumerate() {
            item.title = format!("第{}个问题还需要加强", n + 1);
            item.body = "表现在……。".into();
            problems.push(format!("针对“{}”问题，", item.title));
        }
        let (draft, _) = next_year(&last, &template);
        let text: String = draft.sections.iter().flat_map(|s| s.items.iter().map(|i| format!("{}\n", i.body))).collect();
        for problem in &problems {
            assert!(text.contains(problem.as_str()), "{}: {problem} missing from {text}", template.id);
        }
        assert_eq!(draft.template_id, template.id);
        assert!(draft.info("year") == "2025" || !template.fields.iter().any(|f| f.key == "year"), "{}", template.id);
        assert!(draft.last_year.is_some());
    }
}

#[test]
fn last_years_report_travels_with_the_draft_without_nesting() {
    let template = default_template();
    let (first, _) = next_year(&sample_draft(), &template);
    assert_eq!(first.last_year.as_deref(), Some(&sample_draft()));
    let (second, _) = next_year(&first, &template);
    let carried = second.last_year.as_deref().expect("last year");
    assert!(carried.last_year.is_none() && carried.dismissed.is_empty());
    assert_eq!(carried.sections, first.sections);
    // A stored draft keeps it.
    let stored = shuzhi::report::storage::decode(&shuzhi::report::storage::encode(&first)).expect("decodes");
    assert_eq!(stored.last_year, first.last_year);
}
