//! Switching a draft's template (`report::convert`): the parts that correspond are mapped, the rest
//! goes to the leftover part, and no typed character is ever lost (property test).

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::*;
use proptest::prelude::*;
use shuzhi::report::convert::{implied_template, plan_switch, switch_template};
use shuzhi::report::template::builtin_templates;
use shuzhi::report::{builtin, storage, Draft, Template};

fn template(id: &str) -> Template {
    builtin(id).unwrap_or_else(|| panic!("built-in {id}"))
}

fn golden(id: &str) -> Draft {
    if id == "dangjian-shuzhi" {
        return sample_draft();
    }
    storage::decode(&fixture(&format!("templates/{id}.draft.json"))).expect("fixture decodes")
}

/// Every text field of a draft (info values, 导语, item titles, bodies, causes, closing, leftover).
fn texts(draft: &Draft) -> Vec<&str> {
    let mut out: Vec<&str> = draft.info.values().map(String::as_str).collect();
    out.push(&draft.intro);
    for section in &draft.sections {
        for item in &section.items {
            out.extend([item.title.as_str(), item.body.as_str(), item.cause.as_str()]);
        }
    }
    out.push(&draft.closing);
    out.push(&draft.leftover);
    out
}

/// How often each non-whitespace character occurs in all text fields.
fn char_counts(draft: &Draft) -> BTreeMap<char, usize> {
    let mut counts = BTreeMap::new();
    for text in texts(draft) {
        for c in text.chars().filter(|c| !c.is_whitespace()) {
            *counts.entry(c).or_insert(0) += 1;
        }
    }
    counts
}

/// Characters of `before` missing from `after`, counting repeats ("nothing typed is lost").
fn lost(before: &Draft, after: &Draft) -> Vec<(char, usize)> {
    let after = char_counts(after);
    char_counts(before)
        .into_iter()
        .filter_map(|(c, n)| {
            let have = after.get(&c).copied().unwrap_or(0);
            (have < n).then(|| (c, n - have))
        })
        .collect()
}

/// The structural promises of any switch: the target's sections in its order, unique item ids,
/// `next_id` above them all.
fn assert_well_formed(draft: &Draft, to: &Template) {
    assert_eq!(draft.template_id, to.id);
    assert_eq!(draft.template_version, to.version);
    let ids: Vec<&str> = draft.sections.iter().map(|s| s.id.as_str()).collect();
    let want: Vec<&str> = to.sections.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, want);
    let items: Vec<u64> = draft.sections.iter().flat_map(|s| s.items.iter().map(|i| i.id.0)).collect();
    let unique: BTreeSet<u64> = items.iter().copied().collect();
    assert_eq!(unique.len(), items.len(), "item ids are unique");
    assert!(items.iter().all(|&id| id < draft.next_id), "next_id above every id");
}

fn item_titles(draft: &Draft, section: &str) -> Vec<String> {
    draft.section(section).map(|s| s.items.iter().map(|i| i.title.clone()).collect()).unwrap_or_default()
}

#[test]
fn every_golden_report_switches_to_every_template_without_losing_text() {
    for from in builtin_templates() {
        let draft = golden(&from.id);
        for to in builtin_templates() {
            let switched = plan_switch(&draft, &from, &to);
            assert_well_formed(&switched.draft, &to);
            assert_eq!(lost(&draft, &switched.draft), vec![], "{} → {}", from.id, to.id);
            assert_eq!(switched.draft.intro, draft.intro);
            assert_eq!(switched.draft.closing, draft.closing);
            assert_eq!(switched.draft.facts, draft.facts);
            // Back again: still nothing lost.
            let back = switch_template(&switched.draft, &to, &from);
            assert_well_formed(&back, &from);
            assert_eq!(lost(&draft, &back), vec![], "{} → {} → {}", from.id, to.id, from.id);
        }
    }
}

#[test]
fn same_template_changes_nothing() {
    let draft = sample_draft();
    let t = default_template();
    let switched = plan_switch(&draft, &t, &t);
    assert_eq!(switched.draft, draft);
    assert!(switched.mapped.is_empty() && switched.moved.is_empty());
}

#[test]
fn the_default_reports_rectification_item_becomes_the_rectification_section() {
    let draft = sample_draft();
    let to = template("zhibu-shuji-shuzhi");
    let switched = plan_switch(&draft, &default_template(), &to);
    let work = item_titles(&switched.draft, "work");
    assert_eq!(work, ["政治思想建设情况", "履行抓基层党建工作责任情况", "落实基层党建工作重点任务情况"]);
    assert_eq!(item_titles(&switched.draft, "rectification"), ["推进问题整改情况"]);
    // Ids are kept: the item is the same one, moved.
    let old = draft.section("work").unwrap().items[3].id;
    assert_eq!(switched.draft.section("rectification").unwrap().items[0].id, old);
    assert_eq!(item_titles(&switched.draft, "problems"), item_titles(&draft, "problems"));
    assert!(switched.draft.leftover.is_empty(), "{}", switched.draft.leftover);
    assert!(switched.moved.is_empty());
    assert!(switched.mapped.contains(&"“推进问题整改情况” → “上年度问题整改情况”".to_string()), "{:?}", switched.mapped);
}

#[test]
fn a_rectification_section_joins_the_default_work_section() {
    let from = template("zhibu-shuji-shuzhi");
    let draft = golden(&from.id);
    let switched = plan_switch(&draft, &from, &default_template());
    let work = item_titles(&switched.draft, "work");
    assert_eq!(work.len(), 8, "{work:?}");
    assert_eq!(work[4], "整改总体情况");
    assert!(switched.draft.leftover.is_empty());
    assert!(switched.mapped.contains(&"“上年度问题整改情况” → “主要工作情况”".to_string()), "{:?}", switched.mapped);
}

#[test]
fn thought_and_integrity_join_the_work_section_where_there_is_no_such_section() {
    let from = template("shuzhi-shulian");
    let draft = golden(&from.id);
    let switched = plan_switch(&draft, &from, &default_template());
    let work = item_titles(&switched.draft, "work");
    assert_eq!(work.len(), 7, "{work:?}");
    assert_eq!(work[0], "加强理论学习，提高政治站位");
    assert_eq!(work[6], "履行“一岗双责”，抓好分管领域党风廉政建设");
    // Basic information: the default template has fields of the same keys.
    assert_eq!(switched.draft.info, draft.info);
    assert!(switched.draft.leftover.is_empty());
}

#[test]
fn causes_of_a_cause_section_are_paired_onto_the_problems() {
    let from = template("zuzhi-shenghuohui");
    let draft = golden(&from.id);
    let switched = plan_switch(&draft, &from, &default_template());
    let problems = &switched.draft.section("problems").unwrap().items;
    assert_eq!(problems.len(), 4);
    assert_eq!(problems[0].title, "在学习贯彻党的创新理论方面");
    assert!(problems[0].cause.starts_with("理想信念有所松懈。对理论学习的重要性认识不足"), "{}", problems[0].cause);
    assert!(problems[2].cause.starts_with("宗旨意识有所淡化。"));
    assert!(problems[3].cause.is_empty(), "three causes for four problems");
    // 整改措施 is the plans section.
    assert_eq!(item_titles(&switched.draft, "plans"), item_titles(&draft, "measures"));
    // The last 组织生活会's rectification joins the work section, after the default's suggestions
    // were dropped (they were never typed: the section was empty).
    assert_eq!(item_titles(&switched.draft, "work")[0], "整改总体情况");
    assert!(switched.draft.leftover.is_empty());
}

#[test]
fn causes_move_to_the_cause_section_where_problems_do_not_pair_them() {
    let to = template("zuzhi-shenghuohui");
    let draft = sample_draft();
    let switched = plan_switch(&draft, &default_template(), &to);
    let problems = &switched.draft.section("problems").unwrap().items;
    assert_eq!(problems.len(), 4);
    assert!(problems.iter().all(|i| i.cause.is_empty()), "the target prints no causes in 查摆的问题");
    let causes = &switched.draft.section("causes").unwrap().items;
    let sample_causes: Vec<&str> = draft.section("problems").unwrap().items.iter().map(|i| i.cause.as_str()).collect();
    let moved: Vec<&str> = causes.iter().map(|i| i.body.as_str()).collect();
    assert_eq!(moved, sample_causes);
    // 下步打算 → 整改措施 (same role), 主要工作情况 has no counterpart except the rectification item.
    assert_eq!(item_titles(&switched.draft, "measures"), item_titles(&draft, "plans"));
    assert_eq!(item_titles(&switched.draft, "rectification"), ["推进问题整改情况"]);
    assert!(switched.draft.leftover.starts_with("原“主要工作情况”部分：\n政治思想建设情况\n一是提高政治站位"), "{}", switched.draft.leftover);
    assert_eq!(switched.moved, ["“主要工作情况”的 3 条"]);
}

#[test]
fn causes_are_appended_where_the_target_has_no_place_for_them() {
    let to = template("geren-shuzhi");
    let draft = sample_draft();
    let switched = plan_switch(&draft, &default_template(), &to);
    let first = &switched.draft.section("problems").unwrap().items[0];
    let sample = &draft.section("problems").unwrap().items[0];
    assert_eq!(first.body, format!("{}\n以上问题的原因主要是：{}", sample.body, sample.cause));
    assert!(first.cause.is_empty());
}

#[test]
fn info_without_a_counterpart_goes_to_the_leftover() {
    let mut draft = golden("zuzhi-shenghuohui");
    draft.info.insert("party_age".into(), "12年".into());
    draft.info.insert("blank".into(), "  ".into());
    let mut from = template("zuzhi-shenghuohui");
    from.fields.push(shuzhi::report::template::FieldSpec {
        key: "party_age".into(),
        label: "党龄".into(),
        hint: String::new(),
        placeholder: String::new(),
        required: false,
        kind: Default::default(),
    });
    let switched = plan_switch(&draft, &from, &default_template());
    assert!(switched.draft.leftover.contains("党龄：12年"), "{}", switched.draft.leftover);
    assert!(switched.moved.contains(&"基本信息“党龄”".to_string()));
    assert!(!switched.draft.info.contains_key("party_age") && !switched.draft.info.contains_key("blank"));
}

#[test]
fn untouched_suggestions_are_replaced_by_the_new_templates() {
    let from = default_template();
    let to = template("shuzhi-shulian");
    let mut draft = Draft::new(&from);
    draft.intro = "只写了导语。".into();
    let switched = plan_switch(&draft, &from, &to);
    assert_eq!(switched.draft.sections, Draft::new(&to).sections.into_iter().map(|mut s| {
        // Fresh ids continue after the old draft's.
        for item in &mut s.items {
            item.id.0 += draft.next_id - 1;
        }
        s
    }).collect::<Vec<_>>());
    assert_eq!(switched.draft.intro, "只写了导语。");
    assert!(switched.draft.leftover.is_empty() && switched.moved.is_empty());
}

#[test]
fn a_draft_of_an_unknown_template_opens_in_the_default_one() {
    let mut draft = golden("shuzhi-shulian");
    draft.template_id = "from-a-portal".into();
    let implied = implied_template(&draft);
    let switched = plan_switch(&draft, &implied, &default_template());
    assert_well_formed(&switched.draft, &default_template());
    assert_eq!(lost(&draft, &switched.draft), vec![]);
    // Ids still tell the parts: work → work, problems keep their causes, plans → plans,
    // thought and integrity join the work section.
    assert_eq!(item_titles(&switched.draft, "work").len(), 7);
    assert!(switched.draft.section("problems").unwrap().items.iter().all(|i| !i.cause.is_empty()));
    assert_eq!(item_titles(&switched.draft, "plans"), item_titles(&draft, "plans"));
}

fn arbitrary_text() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), Just(" \n".to_string()), "[a-z0-9 ]{0,6}", any::<String>()]
}

/// A draft of template `from` with arbitrary text in every field, extra info keys, a section the
/// template does not know, and causes even where the template prints none.
fn arbitrary_draft(from: Template) -> impl Strategy<Value = Draft> {
    let sections = from.sections.len() + 1;
    (
        proptest::collection::vec(arbitrary_text(), 6),
        proptest::collection::vec(proptest::collection::vec((arbitrary_text(), arbitrary_text(), arbitrary_text()), 0..4), sections),
    )
        .prop_map(move |(t, items)| {
            let mut draft = Draft::new(&from);
            for (field, value) in from.fields.iter().zip(&t) {
                draft.info.insert(field.key.clone(), value.clone());
            }
            draft.info.insert("extra".into(), t[4].clone());
            draft.intro = t[1].clone();
            draft.closing = t[2].clone();
            draft.leftover = t[3].clone();
            draft.sections.push(shuzhi::report::model::SectionDraft { id: "unknown-part".into(), items: Vec::new() });
            for (section, new_items) in draft.sections.iter_mut().zip(items) {
                for (title, body, cause) in new_items {
                    let id = shuzhi::report::ItemId(0);
                    section.items.push(shuzhi::report::Item { id, title, body, cause });
                }
            }
            // Ids as the app hands them out.
            let mut next = 1;
            for section in &mut draft.sections {
                for item in &mut section.items {
                    item.id = shuzhi::report::ItemId(next);
                    next += 1;
                }
            }
            draft.next_id = next;
            draft
        })
}

fn any_pair() -> impl Strategy<Value = (Template, Template)> {
    let all = builtin_templates();
    let n = all.len();
    (0..n, 0..n).prop_map(move |(a, b)| (all[a].clone(), all[b].clone()))
}

/// A suggested title left as it is, with nothing written, is not typed text: the switch may
/// replace it with the new template's suggestions.
fn typed(draft: &Draft, from: &Template) -> Draft {
    let mut typed = draft.clone();
    for section in &mut typed.sections {
        let spec = from.section(&section.id);
        section.items.retain(|i| {
            let suggested = spec.is_some_and(|s| {
                s.items.iter().any(|x| x.title.trim() == i.title.trim()) || s.title_suggestions.iter().any(|x| x.trim() == i.title.trim())
            });
            !(suggested && i.body.trim().is_empty() && i.cause.trim().is_empty())
        });
    }
    typed
}

fn case() -> impl Strategy<Value = (Draft, Template, Template)> {
    any_pair().prop_flat_map(|(from, to)| (arbitrary_draft(from.clone()), Just(from), Just(to)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Every non-whitespace character of every text field of the source appears in the result's
    /// text fields (as often as in the source), whatever the pair of templates; and back again.
    #[test]
    fn switching_templates_loses_no_text((draft, from, to) in case()) {
        let switched = switch_template(&draft, &from, &to);
        assert_well_formed(&switched, &to);
        prop_assert_eq!(lost(&typed(&draft, &from), &switched), vec![]);
        let back = switch_template(&switched, &to, &from);
        assert_well_formed(&back, &from);
        prop_assert_eq!(lost(&typed(&draft, &from), &back), vec![]);
    }
}
