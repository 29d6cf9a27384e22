//! The pre-export check: each diagnostic fires on a draft that has the problem and stays silent on
//! one that does not (tables where the rule is about text shapes), the sample's exact findings,
//! the ordering, and that every offered fix removes its own diagnostic.

mod common;

use common::*;
use shuzhi::report::diagnostic::Code;
use shuzhi::report::validate::{check, code, describe, full_width_punctuation};
use shuzhi::report::{apply, Diagnostic, Draft, Edit, Item, ItemId, Place, Severity, TextRef};

// ---------------------------------------------------------------------------------------------
// Helpers

/// The sample with its placeholders filled in, the year set, a little more work written (the seed
/// itself is just under the template's length targets) and a plausible number of 主题党日: a
/// draft the check has nothing to say about. Every test below changes one thing in it.
fn clean() -> Draft {
    let mut draft = sample_draft();
    draft.info.insert("year".into(), "2025".into());
    draft.info.insert("org".into(), "学生工作部党支部".into());
    let fill = |text: &str| text.replace("202X", "2025").replace("XX", "二十");
    draft.intro = fill(&draft.intro);
    for section in &mut draft.sections {
        for item in &mut section.items {
            item.body = fill(&item.body);
        }
    }
    let more = [
        "三是抓实理论武装，组建青年理论学习小组，围绕学生关心的热点问题开展专题研讨，形成调研报告3篇，推动学习成果转化为解决实际问题的具体举措。四是用好红色资源，带领党员赴革命纪念馆开展现场教学，重温入党誓词。",
        "坚持每季度向学校党委专题汇报支部工作，对支部委员的分工进行调整和细化，建立工作台账，定期督促检查，确保各项任务落实到人、按期完成。",
        "同时规范党员发展程序，严把入口关，全年培养入党积极分子12名，发展党员3名，按期转正预备党员2名，党员队伍结构进一步优化。",
        "对照整改清单逐项销号，年底前全部完成整改，并在支部党员大会上通报整改情况，接受党员群众监督。",
    ];
    let work = &mut draft.sections[0].items;
    for (item, extra) in work.iter_mut().zip(more) {
        item.body.push_str(extra);
    }
    draft.facts.insert("theme_day".into(), 12);
    draft
}

fn codes(draft: &Draft) -> Vec<Code> {
    check(draft, &default_template()).into_iter().map(|d| d.code).collect()
}

fn find(diags: &[Diagnostic], code: Code) -> Vec<&Diagnostic> {
    diags.iter().filter(|d| d.code == code).collect()
}

fn with(edit: impl FnOnce(&mut Draft)) -> Vec<Diagnostic> {
    let mut draft = clean();
    edit(&mut draft);
    check(&draft, &default_template())
}

fn item_id(draft: &Draft, section: &str, index: usize) -> ItemId {
    draft.section(section).unwrap().items[index].id
}

fn item_mut<'a>(draft: &'a mut Draft, section: &str, index: usize) -> &'a mut Item {
    &mut draft.sections.iter_mut().find(|s| s.id == section).unwrap().items[index]
}

fn body(section: &str, item: ItemId) -> Place {
    Place::Text(TextRef::ItemBody { section: section.into(), item })
}

// ---------------------------------------------------------------------------------------------
// The baseline and the sample

#[test]
fn the_clean_draft_has_no_findings() {
    let diags = check(&clean(), &default_template());
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn the_sample_yields_exactly_its_placeholders_lengths_and_one_hint() {
    let draft = sample_draft();
    let got: Vec<(Severity, Code, Place)> = check(&draft, &default_template()).into_iter().map(|d| (d.severity, d.code, d.place)).collect();
    let (e, w, i) = (Severity::Error, Severity::Warning, Severity::Info);
    let want = vec![
        // 202X in the year field (and so in the title), in the 导语 together with XX, in 一.1, 一.2 and 三.1.
        (e, code::PLACEHOLDER, Place::Text(TextRef::Info { key: "year".into() })),
        (e, code::PLACEHOLDER, Place::Text(TextRef::Intro)),
        (e, code::PLACEHOLDER, Place::Text(TextRef::Intro)),
        (e, code::PLACEHOLDER, body("work", ItemId(1))),
        (e, code::PLACEHOLDER, body("work", ItemId(2))),
        (e, code::PLACEHOLDER, body("plans", ItemId(9))),
        // The seed is 1,893 characters written, just under the 2,000 the notices ask for (its
        // 主要工作情况, 660, is inside the suggested 600–1,800), and its 下步打算 is 25 % of the text.
        (w, code::LENGTH, Place::Report),
        (w, code::PLANS_SHARE, Place::Section("plans".into())),
        // 8 主题党日 where the 支部工作条例 implies monthly.
        (i, code::FACT_LOW, body("work", ItemId(1))),
    ];
    assert_eq!(got, want);
    let diags = check(&draft, &default_template());
    assert!(diags[0].message.contains("“202X”") && diags[0].message.contains("标题"), "{}", diags[0].message);
    assert!(diags[2].message.contains("“XX”"), "{}", diags[2].message);
    assert_eq!(diags[6].message, "全文 1,893 字，建议 2,000–3,500 字，可以再充实一些：用事例说话、用数据报账");
    assert!(diags[7].message.contains("475 字，占全文 1,893 字的 25%"), "{}", diags[8].message);
}

#[test]
fn errors_come_first_then_warnings_then_information() {
    let diags = with(|d| {
        d.facts.insert("lecture".into(), 0);
        item_mut(d, "work", 0).body.push_str("学习,研讨");
        d.leftover = "一段".into();
        item_mut(d, "problems", 0).cause.clear();
    });
    let severities: Vec<Severity> = diags.iter().map(|d| d.severity).collect();
    let mut sorted = severities.clone();
    sorted.sort();
    assert_eq!(severities, sorted);
    assert_eq!(diags.iter().map(|d| d.code).collect::<Vec<_>>(), [code::MISSING_CAUSE, code::LEFTOVER, code::HALF_WIDTH, code::FACT_LOW]);
}

// ---------------------------------------------------------------------------------------------
// Required parts

#[test]
fn a_missing_year_is_an_error_at_the_field() {
    let diags = with(|d| {
        d.info.insert("year".into(), "  ".into());
    });
    let found = find(&diags, code::MISSING_FIELD);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Severity::Error);
    assert_eq!(found[0].place, Place::Text(TextRef::Info { key: "year".into() }));
    assert!(found[0].message.contains("年度"));
    // Optional fields (单位, 姓名) may stay empty.
    assert!(with(|d| {
        d.info.remove("org");
    })
    .is_empty());
}

#[test]
fn a_year_that_is_not_a_year_is_an_error() {
    for bad in ["2025年", "25", "二〇二五", "3025"] {
        let diags = with(|d| {
            d.info.insert("year".into(), bad.into());
        });
        assert_eq!(find(&diags, code::YEAR_INVALID).len(), 1, "{bad}: {diags:#?}");
    }
    for good in ["2024", " 2025 "] {
        let diags = with(|d| {
            d.info.insert("year".into(), good.into());
        });
        assert!(find(&diags, code::YEAR_INVALID).is_empty(), "{good}");
    }
}

#[test]
fn a_missing_intro_is_an_error() {
    let diags = with(|d| d.intro = "\n　\n".into());
    assert_eq!(find(&diags, code::MISSING_INTRO)[0].place, Place::Text(TextRef::Intro));
    assert!(find(&check(&clean(), &default_template()), code::MISSING_INTRO).is_empty());
}

#[test]
fn a_required_section_without_any_text_is_an_error() {
    let diags = with(|d| {
        for item in &mut d.sections[1].items {
            *item = Item { id: item.id, ..Item::default() };
        }
    });
    let found = find(&diags, code::MISSING_SECTION);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].place, Place::Section("problems".into()));
    // No item-count warning on top of it.
    assert!(find(&diags, code::ITEM_COUNT).is_empty());
    // A section missing from the draft altogether counts as empty too.
    let diags = with(|d| {
        d.sections.retain(|s| s.id != "plans");
    });
    assert_eq!(find(&diags, code::MISSING_SECTION)[0].place, Place::Section("plans".into()));
}

#[test]
fn every_problem_needs_a_cause() {
    let mut draft = clean();
    let id = item_id(&draft, "problems", 1);
    item_mut(&mut draft, "problems", 1).cause = " ".into();
    let diags = check(&draft, &default_template());
    let found = find(&diags, code::MISSING_CAUSE);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].place, Place::Text(TextRef::ItemCause { section: "problems".into(), item: id }));
    assert!(found[0].message.contains("第2条"), "{}", found[0].message);
    // A fully empty problem item is not asked for a cause (it does not print).
    let diags = with(|d| {
        d.sections[1].items.push(Item { id: ItemId(99), ..Item::default() });
    });
    assert!(find(&diags, code::MISSING_CAUSE).is_empty());
}

#[test]
fn a_body_without_a_title_is_a_warning() {
    let mut draft = clean();
    let id = item_id(&draft, "plans", 0);
    item_mut(&mut draft, "plans", 0).title.clear();
    let diags = check(&draft, &default_template());
    let found = find(&diags, code::MISSING_TITLE);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Severity::Warning);
    assert_eq!(found[0].place, Place::Text(TextRef::ItemTitle { section: "plans".into(), item: id }));
    assert!(find(&check(&clean(), &default_template()), code::MISSING_TITLE).is_empty());
}

#[test]
fn a_title_without_a_body_is_a_warning() {
    let diags = with(|d| {
        d.sections[2]
            .items
            .push(Item { id: ItemId(50), title: "实施“党建＋队伍建设”，发挥先锋模范作用".into(), ..Item::default() });
    });
    let found = find(&diags, code::TITLE_ONLY);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].place, body("plans", ItemId(50)));
    // A body that starts on its own line (the title stands alone) is a body.
    assert!(find(&check(&clean(), &default_template()), code::TITLE_ONLY).is_empty());
}

#[test]
fn item_counts_outside_the_template_range_are_warnings() {
    // 二、存在问题及原因 expects 3–5.
    let table: [(usize, bool); 5] = [(1, true), (2, true), (3, false), (5, false), (6, true)];
    for (count, flagged) in table {
        let diags = with(|d| {
            let template_item = d.sections[1].items[0].clone();
            d.sections[1].items = (0..count)
                .map(|n| Item {
                    id: ItemId(100 + n as u64),
                    title: format!("问题{n}"),
                    body: format!("第{n}个问题的具体表现"),
                    cause: template_item.cause.clone() + &"原".repeat(n),
                })
                .collect();
        });
        let found = find(&diags, code::ITEM_COUNT);
        assert_eq!(found.len(), usize::from(flagged), "{count} problems: {diags:#?}");
        if flagged {
            assert_eq!(found[0].place, Place::Section("problems".into()));
            assert!(found[0].message.contains(&format!("写了 {count} 条，一般写 3–5 条")), "{}", found[0].message);
        }
    }
}

#[test]
fn last_years_rectification_is_asked_for() {
    let diags = with(|d| {
        d.sections[0].items.pop();
    });
    let found = find(&diags, code::MISSING_RECTIFICATION);
    assert_eq!(found.len(), 1, "{diags:#?}");
    assert_eq!(found[0].place, Place::Section("work".into()));
    assert!(found[0].message.contains("“推进问题整改情况”"), "{}", found[0].message);
    // Under another title, or told inside another item, it counts.
    for edit in [
        |d: &mut Draft| item_mut(d, "work", 3).title = "上年度问题整改落实情况".into(),
        |d: &mut Draft| {
            let last = d.sections[0].items.pop().unwrap();
            item_mut(d, "work", 2).body.push_str(&last.body);
        },
    ] {
        assert!(find(&with(edit), code::MISSING_RECTIFICATION).is_empty());
    }
}

#[test]
fn leftover_text_is_an_error() {
    let diags = with(|d| d.leftover = "导入时无法归类的一段".into());
    let found = find(&diags, code::LEFTOVER);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].message, "有未归类的内容，请移到合适位置或删除");
    assert_eq!(found[0].place, Place::Leftover);
    assert!(with(|d| d.leftover = " \n ".into()).is_empty());
}

#[test]
fn text_in_a_section_the_template_does_not_know_is_an_error() {
    let diags = with(|d| {
        d.sections.push(shuzhi::report::model::SectionDraft {
            id: "lianzheng".into(),
            items: vec![Item { id: ItemId(77), title: "廉洁自律情况".into(), ..Item::default() }],
        });
    });
    assert_eq!(find(&diags, code::LEFTOVER)[0].place, Place::Section("lianzheng".into()));
}

// ---------------------------------------------------------------------------------------------
// Placeholders

/// `(text appended to the 导语, the placeholder tokens expected in the messages)`.
const PLACEHOLDERS: &[(&str, &[&str])] = &[
    ("202X年，", &["202X"]),
    ("20XX年度", &["20XX"]),
    ("202x年", &["202x"]),
    ("学习党的XX大精神。", &["XX"]),
    ("在XX党委的领导下。", &["XX"]),
    ("××学院", &["××"]),
    ("xx学院", &["xx"]),
    ("ＸＸ支部", &["ＸＸ"]),
    ("XXXX年", &["XXXX"]),
    ("XX", &["XX"]),
    ("开展主题党日活动X次。", &["X次"]),
    ("发展党员N名，", &["N名"]),
    ("获得X项表彰", &["X项"]),
    ("于X月X日召开", &["X月", "X日"]),
    ("实施“党建＋X”，", &["党建＋X"]),
    ("实施“党建＋”，", &["党建＋"]),
    ("【单位名称】", &["【单位名称】"]),
    ("[请填写]", &["[请填写]"]),
    ("（此处填写人数）", &["（此处填写人数）"]),
];

/// Text that looks a little like a placeholder but is not one.
const NOT_PLACEHOLDERS: &[&str] = &[
    "XXL号",
    "与Exxon公司合作",
    "面积为3×4米，3x次",
    "iPhone X发布",
    "Linux服务器",
    "2025年，",
    "第3次",
    "〔2023〕5号文件",
    "[1]",
    "（试行）",
    "Windows系统",
    "党建＋业务",
    "C++课程",
    "PDCA循环",
];

#[test]
fn placeholders_are_errors_naming_what_is_left() {
    for (text, tokens) in PLACEHOLDERS {
        let diags = with(|d| d.intro.push_str(text));
        let found = find(&diags, code::PLACEHOLDER);
        assert!(!found.is_empty(), "{text}: not flagged");
        let messages: String = found.iter().map(|d| d.message.as_str()).collect();
        for token in *tokens {
            assert!(messages.contains(&format!("“{token}”")), "{text}: {messages}");
        }
        for d in &found {
            assert_eq!((d.severity, &d.place), (Severity::Error, &Place::Text(TextRef::Intro)), "{text}");
        }
    }
}

#[test]
fn look_alikes_are_not_placeholders() {
    for text in NOT_PLACEHOLDERS {
        let diags = with(|d| d.intro.push_str(text));
        assert!(find(&diags, code::PLACEHOLDER).is_empty(), "{text}: {diags:#?}");
    }
}

#[test]
fn placeholders_are_found_in_every_field() {
    let mut draft = clean();
    let targets = [
        TextRef::Info { key: "org".into() },
        TextRef::ItemTitle { section: "work".into(), item: ItemId(1) },
        TextRef::ItemBody { section: "problems".into(), item: ItemId(5) },
        TextRef::ItemCause { section: "problems".into(), item: ItemId(6) },
        TextRef::Closing,
    ];
    for target in &targets {
        apply(&mut draft, Edit::SetText { target: target.clone(), value: "XX单位".into() });
    }
    let places: Vec<Place> = find(&check(&draft, &default_template()), code::PLACEHOLDER).into_iter().map(|d| d.place.clone()).collect();
    let want: Vec<Place> = targets.into_iter().map(Place::Text).collect();
    assert_eq!(places, want);
}

#[test]
fn a_year_placeholder_offers_the_report_year() {
    let diags = with(|d| d.intro = d.intro.replace("2025年，", "202X年，"));
    let found = find(&diags, code::PLACEHOLDER);
    let fix = found[0].fix.as_ref().expect("a fix");
    assert_eq!(fix.label, "改为 2025");
    // Without a year to offer, no fix.
    let mut draft = sample_draft();
    draft.info.clear();
    let diags = check(&draft, &default_template());
    assert!(find(&diags, code::PLACEHOLDER).iter().all(|d| d.fix.is_none()));
}

#[test]
fn unfilled_phrase_bank_ellipses_are_warnings() {
    let table: &[(&str, bool)] = &[
        ("以……为抓手，推进工作。", true),
        ("针对“……”问题，加强整改。", true),
        ("通过……，问题得到解决。", true),
        ("坚持以…为中心。", true),
        ("组织开展集体学习、专家辅导等学习活动……。", false),
        ("“我们要……”，他说。", false),
        ("全年开展学习19次。", false),
    ];
    for (text, flagged) in table {
        let diags = with(|d| item_mut(d, "work", 0).body.push_str(text));
        let found = find(&diags, code::UNFILLED_PHRASE);
        assert_eq!(found.len(), usize::from(*flagged), "{text}: {diags:#?}");
        if *flagged {
            assert_eq!(found[0].severity, Severity::Warning);
            assert_eq!(found[0].place, body("work", ItemId(1)));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Years

#[test]
fn years_in_the_text_contradicting_the_report_year_are_warnings() {
    // `(section and item index, or None for the 导语; text; flagged)`, report year 2025.
    type Case = (Option<(&'static str, usize)>, &'static str, bool);
    let table: &[Case] = &[
        (None, "2023年，在学校党委的正确领导下，我抓党建。", true),
        (None, "我抓党建。2024年度，支部工作取得进展。", true),
        (Some(("work", 1)), "2026年1月，支部被评为先进基层党组织。", true),
        (Some(("work", 1)), "支部在2026年被评为先进。", true),
        (Some(("plans", 0)), "2024年，要继续推进。", true),
        (None, "2025年，在学校党委的正确领导下，我抓党建。", false),
        (None, "2019年以来，支部坚持“一月一主题”。", false),
        (Some(("work", 3)), "针对2024年述职评议指出的问题，逐条整改。", false),
        (Some(("work", 3)), "2024年，述职评议指出了4个问题，现已全部整改。", false),
        (Some(("work", 3)), "2023年，述职评议指出了4个问题。", true),
        (Some(("work", 1)), "对照教育强国建设规划纲要（2024—2035年），到2035年建成教育强国。", false),
        (Some(("work", 1)), "力争到2026年底前完成。", false),
        (Some(("plans", 0)), "2026年，要继续推进党建品牌建设。", false),
        (Some(("plans", 0)), "到2027年，建成样板支部。", false),
    ];
    for (at, text, flagged) in table {
        let diags = with(|d| match at {
            None => d.intro = text.to_string(),
            Some((section, index)) => item_mut(d, section, *index).body = text.to_string(),
        });
        let found = find(&diags, code::YEAR_MISMATCH);
        assert_eq!(found.len(), usize::from(*flagged), "{text}: {found:#?}");
        if *flagged {
            assert!(found[0].message.contains("述职年度 2025 年"), "{}", found[0].message);
        }
    }
    // Without a report year there is nothing to contradict.
    let diags = with(|d| {
        d.info.remove("year");
        d.intro = "2023年，在学校党委的正确领导下，我抓党建。".into();
    });
    assert!(find(&diags, code::YEAR_MISMATCH).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Lengths

#[test]
fn a_short_report_is_a_warning_with_the_numbers() {
    let diags = with(|d| {
        for item in &mut d.sections[0].items {
            item.body = item.body.chars().take(item.body.chars().count() / 2).collect();
        }
    });
    let whole = find(&diags, code::LENGTH).into_iter().find(|d| d.place == Place::Report).expect("whole-report warning");
    assert!(whole.message.starts_with("全文 1,"), "{}", whole.message);
    assert!(whole.message.contains("建议 2,000–3,500 字"), "{}", whole.message);
}

#[test]
fn parts_outside_their_targets_are_warnings() {
    // 导语 (80–300): too short.
    let diags = with(|d| d.intro = "在学校党委的正确领导下，我抓党建。".into());
    let found = find(&diags, code::LENGTH);
    assert!(found.iter().any(|d| d.place == Place::Text(TextRef::Intro) && d.message.contains("建议 80–300 字")), "{found:#?}");
    // One work item (政治思想建设情况, 150–500): too long, and the section stays in range.
    let diags = with(|d| item_mut(d, "work", 0).body.push_str(&"党建工作扎实推进，".repeat(40)));
    let found = find(&diags, code::LENGTH);
    assert_eq!(found.iter().map(|d| &d.place).collect::<Vec<_>>(), [&body("work", ItemId(1))], "{found:#?}");
    assert!(found[0].message.contains("建议 150–500 字，可以适当精简"), "{}", found[0].message);
    // A section (存在问题及原因, 400–1,200): too short.
    let diags = with(|d| {
        for item in &mut d.sections[1].items {
            item.body = "表现不够好。".into();
            item.cause = "认识不到位。".into();
        }
    });
    assert!(find(&diags, code::LENGTH).iter().any(|d| d.place == Place::Section("problems".into())));
}

#[test]
fn plans_over_a_fifth_of_the_text_are_a_warning() {
    let diags = with(|d| item_mut(d, "plans", 1).body.push_str(&"坚持守正创新，对标争先，".repeat(15)));
    let found = find(&diags, code::PLANS_SHARE);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].place, Place::Section("plans".into()));
    assert!(found[0].message.contains("一般不超过五分之一"), "{}", found[0].message);
    // A draft written back to front (under half the minimum length so far) is not nagged about
    // proportions yet.
    let diags = with(|d| {
        for section in &mut d.sections[..2] {
            for item in &mut section.items {
                item.body = "做了工作。".into();
                item.cause = "认识不足。".into();
            }
        }
    });
    assert!(find(&diags, code::PLANS_SHARE).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Punctuation

#[test]
fn half_width_punctuation_next_to_chinese_is_replaced() {
    let table: &[(&str, Option<&str>)] = &[
        ("学习,提高", Some("学习，提高")),
        ("学习, 提高", Some("学习，提高")),
        ("一是学习;二是实践", Some("一是学习；二是实践")),
        ("报告如下:", Some("报告如下：")),
        ("为什么?", Some("为什么？")),
        ("加油!", Some("加油！")),
        ("条例(2018年)", Some("条例（2018年）")),
        ("条例(2018)", Some("条例（2018）")),
        ("(PDCA)循环", Some("（PDCA）循环")),
        ("见网址:http://a.cn/x?y=1", Some("见网址：http://a.cn/x?y=1")),
        ("“两张皮”,主要", Some("“两张皮”，主要")),
        ("增长3.5个百分点", None),
        ("8:30开会", None),
        ("比例为3:1", None),
        ("https://example.com/a?b=1", None),
        ("Hello, world! (PDCA)", None),
        ("学习，提高", None),
    ];
    for (text, want) in table {
        assert_eq!(full_width_punctuation(text).as_deref(), *want, "{text}");
    }
}

#[test]
fn half_width_punctuation_is_a_warning_with_a_fix_per_field_and_one_for_all() {
    let mut draft = clean();
    item_mut(&mut draft, "work", 0).body.push_str("学习,研讨");
    let diags = check(&draft, &default_template());
    assert!(find(&diags, code::HALF_WIDTH_ALL).is_empty(), "one field needs no fix-all");
    let found = find(&diags, code::HALF_WIDTH);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].place, body("work", ItemId(1)));
    assert!(found[0].message.contains("“,”"), "{}", found[0].message);
    let fix = found[0].fix.as_ref().expect("a fix");
    assert_eq!(fix.edits.len(), 1);

    draft.intro.push_str("如下:");
    let diags = check(&draft, &default_template());
    let all = find(&diags, code::HALF_WIDTH_ALL);
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].place, Place::Report);
    let fix = all[0].fix.as_ref().expect("a fix-all");
    assert_eq!(fix.label, "全部改为全角标点");
    assert_eq!(fix.edits.len(), 2);
    assert!(find(&check(&clean(), &default_template()), code::HALF_WIDTH).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Repetition

#[test]
fn a_sentence_repeated_in_another_place_is_a_warning_naming_both() {
    let sentence = "坚持党建和业务同谋划、同部署、同落实。";
    let diags = with(|d| {
        item_mut(d, "work", 1).body.push_str(sentence);
        item_mut(d, "plans", 2).body.push_str(sentence);
    });
    let found = find(&diags, code::REPEATED);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].place, body("plans", ItemId(11)));
    assert!(found[0].message.contains("“下步打算”第3条的正文"), "{}", found[0].message);
    assert!(found[0].message.contains("“主要工作情况”第2条的正文"), "{}", found[0].message);
    // Short set phrases and repeats inside one field are not flagged.
    let diags = with(|d| {
        item_mut(d, "work", 1).body.push_str("落实一岗双责。");
        item_mut(d, "plans", 2).body.push_str("落实一岗双责。");
        item_mut(d, "plans", 0).body.push_str("加强学习，提高站位，推动发展。加强学习，提高站位，推动发展。");
    });
    assert!(find(&diags, code::REPEATED).is_empty(), "{diags:#?}");
}

// ---------------------------------------------------------------------------------------------
// Facts

#[test]
fn facts_below_the_yearly_minimum_are_information() {
    let diags = with(|d| {
        d.facts.insert("party_meeting".into(), 2);
    });
    let found = find(&diags, code::FACT_LOW);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Severity::Info);
    assert!(found[0].message.contains("支部党员大会全年 2 次") && found[0].message.contains("不少于 4 次"), "{}", found[0].message);
    // The item that prompts for it (履行抓基层党建工作责任情况).
    assert_eq!(found[0].place, body("work", ItemId(2)));
    // Not entered, or at the minimum, or a fact without a minimum: nothing.
    let diags = with(|d| {
        d.facts.remove("study");
        d.facts.insert("party_meeting".into(), 4);
        d.facts.insert("seminar".into(), 0);
    });
    assert!(find(&diags, code::FACT_LOW).is_empty());
}

// ---------------------------------------------------------------------------------------------
// The cause lead-in, the user's own title and the date line (issue 17.1, 17.2)

#[test]
fn a_cause_starting_with_the_lead_in_is_flagged_and_the_fix_keeps_the_cause() {
    for lead in ["以上问题的原因主要是：", "以上问题产生的原因主要是：", "究其原因，", "　原因主要是："] {
        let mut draft = clean();
        let cause = item_mut(&mut draft, "problems", 2).cause.clone();
        item_mut(&mut draft, "problems", 2).cause = format!("{lead}{cause}");
        let diags = check(&draft, &default_template());
        let found = find(&diags, code::CAUSE_LEAD_IN);
        assert_eq!(found.len(), 1, "{lead}: {diags:#?}");
        assert_eq!(found[0].severity, Severity::Warning);
        assert!(found[0].message.starts_with("“存在问题及原因”第3条的原因以“"), "{}", found[0].message);
        let mut fixed = draft.clone();
        for edit in found[0].fix.clone().unwrap().edits {
            apply(&mut fixed, edit);
        }
        assert_eq!(item_mut(&mut fixed, "problems", 2).cause, cause, "{lead}");
        assert!(check(&fixed, &default_template()).is_empty());
    }
    // The lead-in inside the text (a second cause) is the user's business.
    let diags = with(|d| item_mut(d, "problems", 0).cause.push_str("究其原因，还在于学习不够。"));
    assert!(find(&diags, code::CAUSE_LEAD_IN).is_empty());
}

#[test]
fn placeholders_in_the_own_title_and_date_line_are_errors() {
    let diags = with(|d| {
        d.title = "202X年度述职报告".into();
        d.date = "2026年X月X日".into();
    });
    let places: Vec<&Place> = find(&diags, code::PLACEHOLDER).iter().map(|d| &d.place).collect();
    assert_eq!(places, [&Place::Text(TextRef::Title), &Place::Text(TextRef::Date)]);
    // A date in the year after the report year is how it should be: no year mismatch.
    let diags = with(|d| d.date = "2026年1月10日".into());
    assert!(diags.is_empty(), "{diags:#?}");
}

// ---------------------------------------------------------------------------------------------
// Fixes and places

/// A draft with something for every kind of fix.
fn fixable() -> Draft {
    let mut draft = sample_draft();
    draft.info.insert("year".into(), "2025".into());
    draft.info.insert("org".into(), "学工部(党支部)".into());
    draft.intro.push_str("现将有关情况报告如下:");
    item_mut(&mut draft, "problems", 0).cause.push_str("一是认识不足;二是方法不多");
    let lead = format!("以上问题的原因主要是：{}", item_mut(&mut draft, "problems", 1).cause);
    item_mut(&mut draft, "problems", 1).cause = lead;
    draft
}

#[test]
fn applying_every_offered_fix_removes_its_diagnostic() {
    let template = default_template();
    let draft = fixable();
    let diags = check(&draft, &template);
    let fixes: Vec<&Diagnostic> = diags.iter().filter(|d| d.fix.is_some()).collect();
    let offered: Vec<Code> = fixes.iter().map(|d| d.code).collect();
    for code in [code::PLACEHOLDER, code::HALF_WIDTH, code::HALF_WIDTH_ALL, code::CAUSE_LEAD_IN] {
        assert!(offered.contains(&code), "no {code} fix offered: {offered:?}");
    }
    for d in fixes {
        let mut fixed = draft.clone();
        for edit in d.fix.clone().unwrap().edits {
            apply(&mut fixed, edit);
        }
        let after = check(&fixed, &template);
        let still = after.iter().any(|a| a.code == d.code && a.place == d.place && a.message == d.message);
        assert!(!still, "fix “{}” left: {}", d.fix.as_ref().unwrap().label, d.message);
        if d.code == code::HALF_WIDTH_ALL {
            assert!(find(&after, code::HALF_WIDTH).is_empty());
        }
    }
}

#[test]
fn places_are_described_in_words() {
    let draft = sample_draft();
    let template = default_template();
    let cases = [
        (Place::Report, "全文"),
        (Place::Info("year".into()), "基本信息“年度”"),
        (Place::Text(TextRef::Info { key: "org".into() }), "基本信息“单位/党组织名称”"),
        (Place::Intro, "导语"),
        (Place::Section("problems".into()), "“存在问题及原因”"),
        (body("work", ItemId(2)), "“主要工作情况”第2条的正文"),
        (Place::Text(TextRef::ItemCause { section: "problems".into(), item: ItemId(8) }), "“存在问题及原因”第4条的原因"),
        (Place::Leftover, "未归类的内容"),
    ];
    for (place, want) in cases {
        assert_eq!(describe(&place, &draft, &template), want);
    }
}

#[test]
fn a_new_empty_draft_is_told_what_to_write() {
    let template = default_template();
    let draft = Draft::new(&template);
    let got = codes(&draft);
    assert!(got.starts_with(&[code::MISSING_FIELD, code::MISSING_INTRO, code::MISSING_SECTION]), "{got:?}");
    assert!(got.contains(&code::TITLE_ONLY));
    assert!(!got.contains(&code::LENGTH) && !got.contains(&code::PLANS_SHARE), "{got:?}");
}

// ---------------------------------------------------------------------------------------------
// Properties

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Text mixing the characters the rules look at, so the scanners' edge cases get exercised.
    fn tricky_text() -> impl Strategy<Value = String> {
        let pieces = prop_oneof![
            Just("X".to_string()),
            Just("x".to_string()),
            Just("×".to_string()),
            Just("N".to_string()),
            Just("20".to_string()),
            Just("2025年".to_string()),
            Just("2026年，".to_string()),
            Just("次".to_string()),
            Just("…".to_string()),
            Just("“".to_string()),
            Just("”".to_string()),
            Just("＋".to_string()),
            Just("【".to_string()),
            Just("】".to_string()),
            Just("(".to_string()),
            Just(")".to_string()),
            Just(",".to_string()),
            Just(" ".to_string()),
            Just("。".to_string()),
            Just("\n".to_string()),
            Just("学习".to_string()),
            Just("[".to_string()),
            Just("]".to_string()),
            any::<String>(),
        ];
        proptest::collection::vec(pieces, 0..24).prop_map(|p| p.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn check_never_panics_and_fixes_apply(intro in tricky_text(), body in tricky_text(), year in tricky_text()) {
            let template = default_template();
            let mut draft = sample_draft();
            draft.intro = intro;
            draft.info.insert("year".into(), year);
            item_mut(&mut draft, "work", 0).body = body;
            let diags = check(&draft, &template);
            let mut sorted = diags.iter().map(|d| d.severity).collect::<Vec<_>>();
            sorted.sort();
            prop_assert_eq!(diags.iter().map(|d| d.severity).collect::<Vec<_>>(), sorted);
            for d in diags.iter().filter(|d| d.code == code::HALF_WIDTH) {
                let mut fixed = draft.clone();
                for edit in d.fix.clone().unwrap().edits {
                    apply(&mut fixed, edit);
                }
                let again = check(&fixed, &template);
                prop_assert!(!again.iter().any(|a| a.code == code::HALF_WIDTH && a.place == d.place));
            }
        }

        #[test]
        fn full_width_is_idempotent(text in tricky_text()) {
            if let Some(once) = full_width_punctuation(&text) {
                prop_assert_eq!(full_width_punctuation(&once), None);
            }
        }
    }
}
