//! "放到…" for 未归类内容: `Edit::PlaceLeftover` moves one paragraph to the 导语, a new item or the end of an item,
//! loses nothing, and ignores a stale click (wrong index or text, unknown section).

use shuzhi::report::{apply, default_template, Applied, Draft, Edit, LeftoverTarget};

fn draft(intro: &str, leftover: &str) -> Draft {
    let mut draft = Draft::new(&default_template());
    apply(&mut draft, Edit::SetText { target: shuzhi::report::TextRef::Intro, value: intro.into() });
    apply(&mut draft, Edit::SetText { target: shuzhi::report::TextRef::Leftover, value: leftover.into() });
    draft
}

fn bodies(draft: &Draft, section: &str) -> Vec<String> {
    draft.section(section).map(|s| s.items.iter().map(|i| i.body.clone()).collect()).unwrap_or_default()
}

fn to_item(section: &str) -> LeftoverTarget {
    LeftoverTarget::NewItem { section: section.into() }
}

struct Case {
    name: &'static str,
    intro: &'static str,
    leftover: &'static str,
    paragraph: usize,
    text: &'static str,
    to: LeftoverTarget,
    changed: bool,
    intro_after: &'static str,
    leftover_after: &'static str,
    /// (section, the bodies it gains at its end)
    gains: Option<(&'static str, &'static str)>,
}

#[test]
fn placing_a_leftover_paragraph_moves_exactly_that_paragraph() {
    let cases = [
        Case {
            name: "to an empty 导语",
            intro: "",
            leftover: "甲段。\n乙段。",
            paragraph: 1,
            text: "乙段。",
            to: LeftoverTarget::Intro,
            changed: true,
            intro_after: "乙段。",
            leftover_after: "甲段。",
            gains: None,
        },
        Case {
            name: "appended to the 导语 as a new paragraph",
            intro: "导语在此。",
            leftover: "甲段。\n乙段。",
            paragraph: 0,
            text: "甲段。",
            to: LeftoverTarget::Intro,
            changed: true,
            intro_after: "导语在此。\n甲段。",
            leftover_after: "乙段。",
            gains: None,
        },
        Case {
            name: "the last paragraph to a new work item empties 未归类内容",
            intro: "",
            leftover: "只有这一段。",
            paragraph: 0,
            text: "只有这一段。",
            to: to_item("work"),
            changed: true,
            intro_after: "",
            leftover_after: "",
            gains: Some(("work", "只有这一段。")),
        },
        Case {
            name: "blank lines left alone are no leftover",
            intro: "",
            leftover: "\n要放的段。\n",
            paragraph: 1,
            text: "要放的段。",
            to: to_item("plans"),
            changed: true,
            intro_after: "",
            leftover_after: "",
            gains: Some(("plans", "要放的段。")),
        },
        Case {
            name: "a stale click: the text at that index changed",
            intro: "",
            leftover: "甲段。\n乙段。",
            paragraph: 0,
            text: "乙段。",
            to: LeftoverTarget::Intro,
            changed: false,
            intro_after: "",
            leftover_after: "甲段。\n乙段。",
            gains: None,
        },
        Case {
            name: "an index past the end",
            intro: "",
            leftover: "甲段。",
            paragraph: 5,
            text: "甲段。",
            to: LeftoverTarget::Intro,
            changed: false,
            intro_after: "",
            leftover_after: "甲段。",
            gains: None,
        },
        Case {
            name: "a section the template does not have",
            intro: "",
            leftover: "甲段。",
            paragraph: 0,
            text: "甲段。",
            to: to_item("nope"),
            changed: false,
            intro_after: "",
            leftover_after: "甲段。",
            gains: None,
        },
    ];
    for case in cases {
        let mut d = draft(case.intro, case.leftover);
        let before: Vec<usize> = d.sections.iter().map(|s| s.items.len()).collect();
        let edit = Edit::PlaceLeftover { paragraph: case.paragraph, text: case.text.into(), to: case.to.clone() };
        let applied = apply(&mut d, edit);
        assert_eq!(applied == Applied::Changed, case.changed, "{}: {applied:?}", case.name);
        assert_eq!(d.intro, case.intro_after, "{}", case.name);
        assert_eq!(d.leftover, case.leftover_after, "{}", case.name);
        for (section, count) in d.sections.iter().map(|s| (s.id.clone(), s.items.len())).zip(before) {
            let gained = section.1 - count;
            match case.gains {
                Some((id, body)) if id == section.0 => {
                    assert_eq!(gained, 1, "{}", case.name);
                    assert_eq!(bodies(&d, id).last().map(String::as_str), Some(body), "{}", case.name);
                }
                _ => assert_eq!(gained, 0, "{}: {} changed", case.name, section.0),
            }
        }
    }
}

#[test]
fn placing_every_paragraph_keeps_every_character() {
    let leftover = "第一段文字。\n第二段文字。\n第三段文字。";
    let mut d = draft("", leftover);
    let targets = [LeftoverTarget::Intro, to_item("work"), to_item("plans")];
    for to in targets {
        let text = d.leftover.split('\n').next().unwrap_or_default().to_string();
        assert_eq!(apply(&mut d, Edit::PlaceLeftover { paragraph: 0, text, to }), Applied::Changed);
    }
    assert_eq!(d.leftover, "");
    let placed = [d.intro.clone(), bodies(&d, "work").concat(), bodies(&d, "plans").concat()].concat();
    assert_eq!(placed, leftover.replace('\n', ""));
}

/// "放到… 第 n 条": the paragraph joins the end of an existing item's text as a new paragraph (the
/// text the importer cut off its item); a vanished item is a stale click.
#[test]
fn a_leftover_paragraph_joins_an_existing_item() {
    let mut d = draft("", "甲段。\n续写的一段。");
    apply(&mut d, Edit::AddItem { section: "work".into(), after: None, title: String::new() });
    let first = d.section("work").map(|s| s.items[0].id).unwrap_or_default();
    let second = d.section("work").map(|s| s.items[1].id).unwrap_or_default();
    apply(&mut d, Edit::SetText { target: shuzhi::report::TextRef::ItemBody { section: "work".into(), item: first }, value: "原有的正文。".into() });
    let to = |item| LeftoverTarget::Item { section: "work".into(), item };
    let count = |d: &Draft| d.section("work").map(|s| s.items.len()).unwrap_or_default();
    let before = count(&d);

    assert_eq!(apply(&mut d, Edit::PlaceLeftover { paragraph: 1, text: "续写的一段。".into(), to: to(first) }), Applied::Changed);
    assert_eq!(bodies(&d, "work")[0], "原有的正文。\n续写的一段。", "a new paragraph at the end");
    assert_eq!((d.leftover.as_str(), count(&d)), ("甲段。", before), "no new item");

    // An empty item takes the paragraph as its whole text.
    assert_eq!(apply(&mut d, Edit::PlaceLeftover { paragraph: 0, text: "甲段。".into(), to: to(second) }), Applied::Changed);
    assert_eq!(bodies(&d, "work")[1], "甲段。");
    assert_eq!(d.leftover, "");

    // An item that is gone, or a section that is not there: nothing moves.
    let mut d = draft("", "甲段。");
    for gone in [LeftoverTarget::Item { section: "work".into(), item: shuzhi::report::model::ItemId(999) }, LeftoverTarget::Item { section: "nope".into(), item: first }] {
        assert_eq!(apply(&mut d, Edit::PlaceLeftover { paragraph: 0, text: "甲段。".into(), to: gone }), Applied::Ignored);
        assert_eq!(d.leftover, "甲段。");
    }
}
