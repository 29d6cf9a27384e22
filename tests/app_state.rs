//! The app's state machine, natively: navigation, step status with its reasons, delete and
//! undo, template switch, read-only and conflict states. Table-driven where the cases share a
//! shape: each row is (what happens, what must hold).

mod common;

use std::rc::Rc;

use common::{default_template, sample_draft};
use shuzhi::app::session::{Conflict, ReadOnly, ToOpen};
use shuzhi::app::{field_id, locate, update, Action, AppState, Step, StepStatus};
use shuzhi::report::diagnostic::Place;
use shuzhi::report::open::OpenedDraft;
use shuzhi::report::{builtin, Draft, Edit, ItemId, Template, TextRef};

fn state_with(draft: Draft) -> AppState {
    let template = default_template();
    AppState::new("d1".into(), Rc::new(template), draft, Step::Info)
}

fn fresh() -> AppState {
    state_with(Draft::new(&default_template()))
}

fn set(target: TextRef, value: &str) -> Action {
    Action::Edited(Edit::SetText { target, value: value.into() })
}

fn first_item(state: &AppState, section: &str) -> ItemId {
    state.draft.section(section).and_then(|s| s.items.first()).map(|i| i.id).expect("the section has an item")
}

#[test]
fn steps_follow_the_template_and_round_trip_through_the_url() {
    for template in shuzhi::report::builtin_templates() {
        let steps = Step::all(&template);
        assert_eq!(steps.len(), template.sections.len() + 3, "{}: info, intro, sections, check", template.id);
        for step in steps.iter().chain([&Step::Drafts, &Step::Import]) {
            let hash = step.hash(&template);
            assert_eq!(Step::from_hash(&hash, &template).as_ref(), Some(step), "{}: {hash}", template.id);
        }
    }
    let template = default_template();
    for unknown in ["", "#/", "#/nowhere", "#/s/", "#/s/no-such-section"] {
        assert_eq!(Step::from_hash(unknown, &template), None, "{unknown:?}");
    }
}

#[test]
fn every_place_leads_to_a_step_and_a_field() {
    let template = default_template();
    let item = ItemId(7);
    let section_index = |id: &str| template.sections.iter().position(|s| s.id == id).expect("section");
    let rows: Vec<(Place, Step, String)> = vec![
        (Place::Report, Step::Check, "step-heading".into()),
        (Place::Info("year".into()), Step::Info, "f-info-year".into()),
        (Place::Intro, Step::Intro, "f-intro".into()),
        (Place::Section("problems".into()), Step::Section(section_index("problems")), "step-heading".into()),
        (Place::Section("no-such".into()), Step::Check, "step-heading".into()),
        (Place::Closing, Step::Check, "f-closing".into()),
        (Place::Leftover, Step::Check, "f-leftover".into()),
        (Place::Text(TextRef::ItemCause { section: "problems".into(), item }), Step::Section(section_index("problems")), "f-item-7-cause".into()),
        (Place::Text(TextRef::ItemTitle { section: "work".into(), item }), Step::Section(section_index("work")), "f-item-7-title".into()),
    ];
    for (place, step, field) in rows {
        assert_eq!(locate(&template, &place), (step, field), "{place:?}");
    }
    assert_eq!(field_id(&TextRef::ItemBody { section: "plans".into(), item }), "f-item-7-body");
}

#[test]
fn step_status_says_why_a_step_has_problems() {
    let template = default_template();
    let work = Step::Section(template.sections.iter().position(|s| s.id == "work").expect("work"));
    // (what the user did, step, expected status, codes of the errors the step lists)
    type Case = (&'static str, fn(&mut AppState), Step, StepStatus, &'static [&'static str]);
    let cases: Vec<Case> = vec![
        // Nothing is red before the user has started (issue 17.6): the missing year waits.
        ("nothing yet: info is not started, whatever the check says", |_| {}, Step::Info, StepStatus::Empty, &[]),
        ("nothing yet: neither is 检查与导出", |_| {}, Step::Check, StepStatus::Empty, &[]),
        ("the name typed, the required year still missing", |s| {
            update(s, set(TextRef::Info { key: "name".into() }, "张三"));
        }, Step::Info, StepStatus::Problems, &["missing-field"]),
        ("all basic information", |s| {
            for (key, value) in [("year", "2025"), ("org", "机关第一党支部")] {
                update(s, set(TextRef::Info { key: key.into() }, value));
            }
        }, Step::Info, StepStatus::Complete, &[]),
        ("an intro", |s| {
            update(s, set(TextRef::Intro, "一年来，我认真履行职责，现将有关情况报告如下："));
        }, Step::Intro, StepStatus::Complete, &[]),
        ("one work item with text, the others bare", |s| {
            let item = first_item(s, "work");
            update(s, set(TextRef::ItemBody { section: "work".into(), item }, "组织集体学习19次。"));
        }, work.clone(), StepStatus::InProgress, &[]),
        ("a wrong year is an error of the info step", |s| {
            update(s, set(TextRef::Info { key: "year".into() }, "20255"));
            update(s, set(TextRef::Info { key: "org".into() }, "机关第一党支部"));
        }, Step::Info, StepStatus::Problems, &["year-invalid"]),
        ("errors in other steps leave 检查与导出 填写中", |s| {
            update(s, set(TextRef::Intro, "一年来，我认真履行职责，现将有关情况报告如下："));
        }, Step::Check, StepStatus::InProgress, &[]),
        ("text nobody placed is an error of 检查与导出 itself", |s| {
            update(s, set(TextRef::Leftover, "一段"));
            update(s, set(TextRef::Intro, "一年来，我认真履行职责。"));
        }, Step::Check, StepStatus::Problems, &["leftover"]),
    ];
    for (what, act, step, status, codes) in cases {
        let mut state = fresh();
        act(&mut state);
        let report = state.step_report(&step);
        assert_eq!(report.status, status, "{what}");
        let mut found: Vec<&str> = report.errors.iter().map(|d| d.code.as_str()).collect();
        found.dedup();
        assert_eq!(found, codes, "{what}");
        // The reasons are the check's own findings, located in this step.
        for error in &report.errors {
            assert_eq!(locate(&state.template, &error.place).0, step, "{what}: {error:?}");
        }
    }
    // The sample with its placeholders filled is a finished report: every wizard step complete.
    let filled = storage_text_replace(&common::fixture("sample.draft.json"), &[("202X", "2025"), ("XX", "学校")]);
    let state = state_with(shuzhi::report::storage::decode(&filled).expect("decodes"));
    let reports: Vec<_> = state.steps().iter().map(|s| state.step_report(s)).collect();
    let statuses: Vec<StepStatus> = reports.iter().map(|r| r.status).collect();
    assert!(statuses.iter().all(|s| *s == StepStatus::Complete), "检查与导出 too, once no errors remain: {statuses:?}");
    assert_eq!(shuzhi::app::status::progress(&reports), 100);
    assert!(reports.iter().all(|r| r.errors.is_empty()));
}

fn storage_text_replace(text: &str, pairs: &[(&str, &str)]) -> String {
    pairs.iter().fold(text.to_string(), |t, (from, to)| t.replace(from, to))
}

#[test]
fn removing_an_item_offers_undo_which_puts_it_back_with_its_id() {
    let mut state = state_with(sample_draft());
    let before = state.draft.clone();
    let item = first_item(&state, "problems");
    let revision = state.revision;
    assert!(update(&mut state, Action::Edited(Edit::RemoveItem { section: "problems".into(), item })));
    assert_eq!(state.revision, revision + 1);
    let removed = state.removed.clone().expect("an undo offer");
    assert_eq!((removed.section.as_str(), removed.index, removed.item.id), ("problems", 0, item));
    // An older offer's timer does nothing; the current one's hides it.
    assert!(!update(&mut state, Action::UndoExpired(removed.serial.wrapping_add(1))));
    assert!(state.removed.is_some());
    assert!(update(&mut state, Action::UndoRequested));
    assert_eq!(state.draft, before, "undo restores the item in its place");
    assert!(state.removed.is_none());
    assert!(!update(&mut state, Action::UndoRequested), "nothing left to undo");
    // A second removal gets a new serial, so the first one's timer can't hide it.
    update(&mut state, Action::Edited(Edit::RemoveItem { section: "problems".into(), item }));
    let first = state.removed.clone().expect("offer").serial;
    let other = first_item(&state, "problems");
    update(&mut state, Action::Edited(Edit::RemoveItem { section: "problems".into(), item: other }));
    let second = state.removed.clone().expect("offer").serial;
    assert_ne!(first, second);
    assert!(!update(&mut state, Action::UndoExpired(first)));
    assert!(update(&mut state, Action::UndoExpired(second)));
}

#[test]
fn a_fix_is_one_change_and_ignored_edits_change_nothing() {
    let mut state = fresh();
    let revision = state.revision;
    assert!(!update(&mut state, set(TextRef::Intro, "")), "setting the same text is no change");
    assert!(!update(&mut state, Action::Edited(Edit::RemoveItem { section: "work".into(), item: ItemId(999) })));
    assert_eq!(state.revision, revision);
    let fix =
        vec![Edit::SetText { target: TextRef::Intro, value: "甲".into() }, Edit::SetText { target: TextRef::Closing, value: "特此报告。".into() }];
    assert!(update(&mut state, Action::FixApplied(fix)));
    assert_eq!(state.revision, revision + 1, "one revision for the whole fix");
    assert_eq!((state.draft.intro.as_str(), state.draft.closing.as_str()), ("甲", "特此报告。"));
}

#[test]
fn navigation_moves_focus_and_ignores_the_step_already_shown() {
    let mut state = fresh();
    assert!(!update(&mut state, Action::StepChosen(Step::Info)));
    assert!(update(&mut state, Action::StepChosen(Step::Check)));
    assert_eq!(state.focus.as_deref(), Some("step-heading"));
    assert!(update(&mut state, Action::FocusMoved));
    assert!(!update(&mut state, Action::FocusMoved));
    assert!(update(&mut state, Action::FieldRequested { step: Step::Intro, field: "f-intro".into() }));
    assert_eq!((state.step.clone(), state.focus.as_deref()), (Step::Intro, Some("f-intro")));
    assert!(update(&mut state, Action::PartFocused("pv-intro".into())));
    assert!(!update(&mut state, Action::PartFocused("pv-intro".into())));
}

#[test]
fn read_only_refuses_every_edit_until_storage_says_it_is_writable() {
    for why in [ReadOnly::Newer { version: 9 }, ReadOnly::OtherTab(Conflict::Following), ReadOnly::OtherTab(Conflict::Diverged)] {
        let mut state = state_with(sample_draft());
        assert!(update(&mut state, Action::StorageBecameReadOnly(why.clone())));
        assert!(!update(&mut state, Action::StorageBecameReadOnly(why.clone())), "no change, no render");
        let before = state.draft.clone();
        let item = first_item(&state, "work");
        let edits = [
            set(TextRef::Intro, "改了"),
            Action::Edited(Edit::RemoveItem { section: "work".into(), item }),
            Action::FixApplied(vec![Edit::SetText { target: TextRef::Closing, value: "x".into() }]),
            Action::UndoRequested,
        ];
        for edit in edits {
            assert!(!update(&mut state, edit), "{why:?}");
        }
        assert_eq!(state.draft, before, "{why:?}");
        // Navigation still works while read-only.
        assert!(update(&mut state, Action::StepChosen(Step::Check)));
        assert!(update(&mut state, Action::StorageBecameWritable));
        assert!(update(&mut state, set(TextRef::Intro, "改了")));
    }
}

#[test]
fn another_tabs_save_replaces_the_draft_even_while_read_only() {
    let mut state = state_with(sample_draft());
    update(&mut state, Action::StorageBecameReadOnly(ReadOnly::OtherTab(Conflict::Following)));
    let mut theirs = state.draft.clone();
    shuzhi::report::apply(&mut theirs, Edit::SetText { target: TextRef::Intro, value: "另一页写的导语".into() });
    let opened = OpenedDraft { template: default_template(), draft: theirs.clone(), missing: None };
    assert!(update(&mut state, Action::OtherTabSaved(Box::new(opened.clone()))));
    assert_eq!(state.draft, theirs);
    assert!(!update(&mut state, Action::OtherTabSaved(Box::new(opened))), "the same copy again is no change");
}

#[test]
fn switching_template_keeps_the_text_and_a_missing_step_falls_back() {
    let mut state = state_with(sample_draft());
    let last = state.steps().len() - 2; // the last section step
    let step = state.steps()[last].clone();
    update(&mut state, Action::StepChosen(step));
    let personal: Template = builtin("geren-shuzhi").expect("built-in");
    let switched = shuzhi::report::convert::plan_switch(&state.draft, &state.template, &personal);
    let opened = OpenedDraft { template: personal.clone(), draft: switched.draft.clone(), missing: None };
    assert!(update(&mut state, Action::TemplateChanged(Box::new(opened))));
    assert_eq!(state.template.id, personal.id);
    assert_eq!(state.draft, switched.draft);
    if let Step::Section(i) = state.step {
        assert!(i < personal.sections.len(), "the step exists in the new template");
    }
    // The check is the new template's.
    assert_eq!(*state.diagnostics, shuzhi::report::validate::check(&state.draft, &personal));
}

#[test]
fn opening_a_draft_starts_at_its_first_step_with_its_state() {
    let mut state = fresh();
    update(&mut state, Action::StepChosen(Step::Check));
    let revision = state.revision;
    let open = ToOpen {
        id: "d2".into(),
        opened: OpenedDraft { template: default_template(), draft: sample_draft(), missing: None },
        read_only: Some(ReadOnly::Newer { version: 3 }),
    };
    assert!(update(&mut state, Action::DraftOpened(Box::new(open))));
    assert_eq!(state.draft_id, "d2");
    assert_eq!(state.step, Step::Info);
    assert_eq!(state.read_only, Some(ReadOnly::Newer { version: 3 }));
    assert!(state.revision > revision, "autosave sees a new revision");
    assert_eq!(state.focus.as_deref(), Some("step-heading"));
}

#[test]
fn steady_typing_is_written_at_least_every_two_seconds() {
    use shuzhi::app::autosave::{Debounce, DEBOUNCE_MS, MAX_WAIT_MS};
    // (ms since the first keystroke, expected wait before writing)
    let mut debounce = Debounce::default();
    let rows = [(0, DEBOUNCE_MS), (150, DEBOUNCE_MS), (1700, DEBOUNCE_MS), (1800, 200), (1950, 50), (2000, 0), (2600, 0)];
    for (at, wait) in rows {
        assert_eq!(debounce.changed(at), wait, "keystroke at {at} ms");
    }
    // Once written, the next change starts a new window.
    debounce.written();
    assert_eq!(debounce.changed(5000), DEBOUNCE_MS);
    assert_eq!(debounce.changed(5000 + MAX_WAIT_MS - 100), 100);
    // Simulated: a keystroke every 150 ms for 9 s with the timer honoured is written every ≤ 2 s.
    let mut debounce = Debounce::default();
    let (mut due, mut last_write, mut longest) = (None::<u64>, 0u64, 0u64);
    for key in 0..60u64 {
        let now = key * 150;
        if let Some(at) = due.filter(|at| *at <= now) {
            longest = longest.max(at - last_write);
            last_write = at;
            debounce.written();
        }
        due = Some(now + debounce.changed(now));
    }
    assert!(longest <= MAX_WAIT_MS + 150, "longest gap between writes {longest} ms");
}
