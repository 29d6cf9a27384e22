//! Length guidance (issue 17.3, 17.4): per-section targets and per-item hints that never
//! contradict the check, and the report's size on the 22 × 28 grid and read aloud.

mod common;

use common::*;
use proptest::prelude::*;
use shuzhi::report::length::{self, fit, item_hint, plans_cap, section_target, share_percent, size, Fit, Size};
use shuzhi::report::template::LengthTarget;
use shuzhi::report::validate::{check, code};
use shuzhi::report::{outline, Draft, Place, Template};

fn spec<'a>(template: &'a Template, id: &str) -> &'a shuzhi::report::template::SectionSpec {
    template.section(id).unwrap()
}

fn target(min: u32, max: u32) -> LengthTarget {
    LengthTarget { min, max }
}

#[test]
fn the_cap_is_the_largest_share_the_check_accepts() {
    for others in [0, 1, 10, 100, 1_418, 1_660, 2_000, 3_333, 100_000] {
        let cap = plans_cap(others);
        assert!(share_percent(cap, others + cap) <= 22 || cap == 0, "{others}: {cap}");
        assert!(share_percent(cap + 1, others + cap + 1) > 22, "{others}: {cap} is not the largest");
    }
}

#[test]
fn the_samples_plans_target_shrinks_to_what_the_check_accepts() {
    let draft = sample_draft();
    let template = default_template();
    let plans = spec(&template, "plans");
    // 下步打算 is 475 of the sample's 1,893 characters (25 %): the template's 200–700 would say
    // “fine”, the check says “shorten”. The target the counter shows agrees with the check.
    let others = draft.written_chars() - 475;
    let shown = section_target(&draft, &template, plans).unwrap();
    assert_eq!(shown, target(200, plans_cap(others) as u32));
    assert_eq!(shown.max, 411, "docs/design.md §2 quotes it");
    assert_eq!(fit(475, shown), Fit::Long);
    let diags = check(&draft, &template);
    let share = diags.iter().find(|d| d.code == code::PLANS_SHARE).expect("the share rule fires");
    assert!(share.message.ends_with("请精简到 411 字以内"), "the check names the counter's maximum: {}", share.message);
    // Other sections keep the template's targets.
    assert_eq!(section_target(&draft, &template, spec(&template, "problems")), Some(target(400, 1200)));
}

#[test]
fn items_get_their_own_target_or_a_share_of_the_sections() {
    let draft = sample_draft();
    let template = default_template();
    let hint = |id: &str, index: usize| {
        let spec = spec(&template, id);
        let items = &draft.section(id).unwrap().items;
        item_hint(spec, &items[index], section_target(&draft, &template, spec), items.len()).unwrap()
    };
    let own = hint("work", 0);
    assert_eq!((own.target, own.enforced), (target(150, 500), true));
    // Four problems share 400–1,200: about 100–300 each (title, problem and cause together).
    let problems = draft.section("problems").unwrap();
    let hint = hint("problems", 0);
    assert_eq!((hint.target, hint.enforced), (target(100, 300), false));
    let item = &problems.items[0];
    let counted = [&item.title, &item.body, &item.cause].iter().map(|t| shuzhi::report::model::count_chars(t)).sum::<usize>();
    assert_eq!(hint.count, counted);
}

#[test]
fn the_sample_is_four_pages_and_about_ten_minutes() {
    let draft = sample_draft();
    let got = size(&draft, &outline(&draft, &default_template()));
    assert_eq!(got, Size { chars: 1_893, lines: 80, pages: 4, minutes: 10 });
    let empty = Draft::empty(&default_template());
    assert_eq!(size(&empty, &outline(&empty, &default_template())).minutes, 0);
    assert_eq!((length::LINES_PER_PAGE, length::CHARS_PER_LINE, length::READING_PACE), (22, 28, 200));
}

/// A section's length finding, as (says too short, says too long).
fn section_says(draft: &Draft, template: &Template, id: &str) -> (bool, bool) {
    let diags = check(draft, template);
    let here: Vec<_> = diags.iter().filter(|d| d.place == Place::Section(id.into())).collect();
    let short = here.iter().any(|d| d.code == code::LENGTH && d.message.contains("充实"));
    let long = here.iter().any(|d| (d.code == code::LENGTH && d.message.contains("精简")) || d.code == code::PLANS_SHARE);
    (short, long)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Whatever the lengths, a section's counter and the check say the same thing: short, fine or long.
    #[test]
    fn counters_and_the_check_never_contradict(work in 0usize..2_500, problems in 0usize..1_600, plans in 1usize..1_200) {
        let template = default_template();
        let mut draft = sample_draft();
        let fill = |n: usize| "字".repeat(n);
        for (id, n) in [("work", work), ("problems", problems), ("plans", plans)] {
            let section = draft.sections.iter_mut().find(|s| s.id == id).unwrap();
            section.items.truncate(1);
            section.items[0].title.clear();
            section.items[0].body = fill(n);
            section.items[0].cause = if id == "problems" { "因".into() } else { String::new() };
        }
        for id in ["work", "problems", "plans"] {
            let spec = spec(&template, id);
            let items = &draft.section(id).unwrap().items;
            let count = length::section_chars(items, spec.kind);
            let shown = fit(count, section_target(&draft, &template, spec).unwrap());
            let (short, long) = section_says(&draft, &template, id);
            if count > 0 {
                prop_assert_eq!((shown == Fit::Short, shown == Fit::Long), (short, long), "{} {}", id, count);
            }
        }
    }
}
