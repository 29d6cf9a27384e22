//! Item ids (issue 18, finding 3): a draft can never hold two items with one id, an id beyond
//! 2^53 − 1, or a `next_id` that wraps — whichever way it enters (storage, a draft file, a
//! backup, our own .docx, `Edit::Replace`, a restore) — and the check reports a draft that had
//! to be repaired or still holds duplicates.

mod common;

use std::collections::HashSet;

use common::*;
use serde_json::{json, Value};
use shuzhi::report::edit::{apply, Applied, Edit, TextRef};
use shuzhi::report::import::{decode_native, import_file};
use shuzhi::report::library::plan_import;
use shuzhi::report::model::{Item, ItemId};
use shuzhi::report::validate::check;
use shuzhi::report::{render, storage, Draft, Format, Severity};

/// JavaScript's `Number.MAX_SAFE_INTEGER`: the largest id a draft may hold.
const MAX_SAFE: u64 = (1 << 53) - 1;

/// A stored draft of the default template whose items carry `ids` (work section first, the
/// last one in problems), each with a text naming its position.
fn draft_json(ids: &[u64], next_id: u64) -> Value {
    let (problem, work) = ids.split_last().expect("at least one id");
    let item = |(i, id): (usize, &u64)| json!({ "id": id, "title": format!("第{}条", i + 1), "body": format!("正文{}", i + 1) });
    json!({
        "kind": "shuzhi-draft",
        "version": 1,
        "draft": {
            "template_id": "dangjian-shuzhi",
            "template_version": 1,
            "sections": [
                { "id": "work", "items": work.iter().enumerate().map(item).collect::<Vec<_>>() },
                { "id": "problems", "items": [ item((work.len(), problem)) ] },
                { "id": "plans", "items": [] }
            ],
            "next_id": next_id
        }
    })
}

fn decode(value: &Value) -> Draft {
    storage::decode(&value.to_string()).expect("the draft decodes")
}

/// Every id in the draft, in order.
fn ids(draft: &Draft) -> Vec<u64> {
    draft.sections.iter().flat_map(|s| s.items.iter().map(|i| i.id.0)).collect()
}

/// Ids unique, in 1..=2^53−1, `next_id` above them all; the texts still in their order.
fn assert_sound(draft: &Draft, texts: usize) {
    let ids = ids(draft);
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), ids.len(), "duplicate ids: {ids:?}");
    assert!(ids.iter().all(|&id| (1..=MAX_SAFE).contains(&id)), "ids out of range: {ids:?}");
    assert!(ids.iter().all(|&id| id < draft.next_id) && draft.next_id <= MAX_SAFE + 1, "next_id {} vs {ids:?}", draft.next_id);
    let bodies: Vec<&str> = draft.sections.iter().flat_map(|s| s.items.iter().map(|i| i.body.as_str())).collect();
    let want: Vec<String> = (1..=texts).map(|i| format!("正文{i}")).collect();
    assert_eq!(bodies, want, "the text of every item is kept, in order");
}

fn work_item(draft: &Draft, index: usize) -> &Item {
    &draft.section("work").expect("work section").items[index]
}

#[test]
fn duplicate_ids_are_renumbered_when_a_draft_is_decoded() {
    // Two items of 主要工作情况 share id 3, and the problem has it too.
    let draft = decode(&draft_json(&[3, 3, 5, 3], 6));
    assert_sound(&draft, 4);
    assert_eq!(work_item(&draft, 0).id, ItemId(3), "the first item keeps its id");
    assert_eq!(work_item(&draft, 2).id, ItemId(5));
}

#[test]
fn typing_in_the_second_of_two_items_with_one_id_leaves_the_first_alone() {
    let mut draft = decode(&draft_json(&[7, 7, 9], 10));
    let second = work_item(&draft, 1).id;
    let edit = Edit::SetText { target: TextRef::ItemBody { section: "work".into(), item: second }, value: "新写的".into() };
    assert_eq!(apply(&mut draft, edit), Applied::Changed);
    assert_eq!(work_item(&draft, 0).body, "正文1", "the first item is untouched");
    assert_eq!(work_item(&draft, 1).body, "新写的");
}

#[test]
fn next_id_at_the_top_of_u64_never_wraps() {
    for next_id in [u64::MAX, u64::MAX - 1, 1 << 53, MAX_SAFE + 1, MAX_SAFE] {
        let mut draft = decode(&draft_json(&[1, 2], next_id));
        for _ in 0..3 {
            let add = Edit::AddItem { section: "work".into(), after: None, title: "新条目".into() };
            assert_eq!(apply(&mut draft, add), Applied::Changed, "next_id {next_id}");
        }
        let all = ids(&draft);
        assert_eq!(all.iter().collect::<HashSet<_>>().len(), all.len(), "next_id {next_id}: {all:?}");
        assert!(all.iter().all(|&id| (1..=MAX_SAFE).contains(&id)), "next_id {next_id}: {all:?}");
    }
}

#[test]
fn ids_at_or_beyond_2_53_and_zero_are_renumbered() {
    let draft = decode(&draft_json(&[1 << 53, u64::MAX, 0, MAX_SAFE], 12));
    assert_sound(&draft, 4);
    assert_eq!(draft.section("problems").unwrap().items[0].id, ItemId(MAX_SAFE), "2^53 − 1 is still a valid id");
    // The largest id in use is the limit itself: a new item gets the lowest free id, never a
    // wrapped-around one.
    let mut draft = draft;
    apply(&mut draft, Edit::AddItem { section: "plans".into(), after: None, title: String::new() });
    assert_sound_ids(&draft);
}

fn assert_sound_ids(draft: &Draft) {
    let all = ids(draft);
    assert_eq!(all.iter().collect::<HashSet<_>>().len(), all.len(), "{all:?}");
    assert!(all.iter().all(|&id| (1..=MAX_SAFE).contains(&id)), "{all:?}");
}

#[test]
fn a_backup_with_duplicate_ids_restores_renumbered_drafts() {
    let backup = json!({
        "kind": "shuzhi-backup", "version": 1, "exported_at": 1,
        "drafts": [ { "meta": { "id": "d1" }, "draft": draft_json(&[4, 4, 4], 5) } ]
    });
    let backup = storage::decode_backup(backup.to_string().as_bytes()).expect("a backup");
    let plan = plan_import(backup, &[]);
    let draft = plan.rows[0].draft.as_ref().expect("the draft reads");
    assert_sound(draft, 3);
}

#[test]
fn a_draft_file_with_duplicate_ids_is_not_opened_as_it_was() {
    let json = draft_json(&[2, 2, 3], 4).to_string();
    let imported = import_file("草稿.json", json.as_bytes(), &default_template(), &decode_native).expect("imports");
    assert_sound(&imported.draft, 3);
    assert!(!imported.diagnostics.iter().any(|d| d.message.contains("按原样打开")), "{:?}", imported.diagnostics);
    let warning = imported.diagnostics.iter().find(|d| d.severity == Severity::Warning).expect("a warning");
    assert!(warning.message.contains("重新编号"), "{}", warning.message);
}

#[test]
fn our_docx_embedding_a_draft_with_duplicate_ids_opens_renumbered() {
    // A draft built in code, around `apply`, with two items of one id.
    let mut draft = sample_draft();
    let work = &mut draft.sections[0].items;
    let first = work[0].id;
    work[1].id = first;
    let docx = render(&draft, &default_template(), Format::Docx).expect("renders");
    let imported = import_file("报告.docx", &docx, &default_template(), &decode_native).expect("imports");
    assert_sound_ids(&imported.draft);
    assert_eq!(imported.draft.sections[0].items.len(), 4, "both items are there");
    assert!(imported.diagnostics.iter().any(|d| d.severity == Severity::Warning && d.message.contains("重新编号")), "{:?}", imported.diagnostics);
}

#[test]
fn replacing_the_draft_repairs_what_replaces_it() {
    let mut incoming = sample_draft();
    let id = incoming.sections[0].items[0].id;
    incoming.sections[2].items[0].id = id;
    incoming.next_id = u64::MAX;
    let mut draft = sample_draft();
    apply(&mut draft, Edit::Replace(Box::new(incoming)));
    assert_sound_ids(&draft);
    assert!(draft.next_id <= MAX_SAFE + 1);
    let add = Edit::AddItem { section: "work".into(), after: None, title: String::new() };
    assert_eq!(apply(&mut draft, add), Applied::Changed);
    assert_sound_ids(&draft);
}

#[test]
fn restoring_an_item_never_brings_an_id_already_in_use() {
    let mut draft = sample_draft();
    let taken = draft.sections[0].items[0].clone();
    // Its id is in 主要工作情况; restoring it into 下步打算 would make two items with one id.
    let restore = Edit::RestoreItem { section: "plans".into(), index: 0, item: taken };
    assert_eq!(apply(&mut draft, restore), Applied::Ignored);
    assert_sound_ids(&draft);
    let huge = Item { id: ItemId(u64::MAX), title: "t".into(), ..Item::default() };
    assert_eq!(apply(&mut draft, Edit::RestoreItem { section: "plans".into(), index: 0, item: huge }), Applied::Ignored);
    // An undo still works: remove, then restore.
    let id = draft.sections[2].items[0].id;
    let Applied::Removed { index, item } = apply(&mut draft, Edit::RemoveItem { section: "plans".into(), item: id }) else { panic!("removed") };
    assert_eq!(apply(&mut draft, Edit::RestoreItem { section: "plans".into(), index, item }), Applied::Changed);
}

#[test]
fn the_check_reports_duplicates_with_a_fix_and_repairs_it_made() {
    let template = default_template();
    // Built in code, around `repair`: the check says so, and its fix renumbers.
    let mut draft = sample_draft();
    let id = draft.sections[0].items[0].id;
    draft.sections[0].items[2].id = id;
    let found = check(&draft, &template);
    let dup = found.iter().find(|d| d.code == "duplicate-ids").expect("duplicates reported");
    assert_eq!(dup.severity, Severity::Error);
    for edit in dup.fix.clone().expect("a fix").edits {
        apply(&mut draft, edit);
    }
    assert_sound_ids(&draft);
    assert!(!check(&draft, &template).iter().any(|d| d.code == "duplicate-ids"));

    // Decoded: repaired, and the check tells which items were renumbered.
    let draft = decode(&draft_json(&[3, 3, 5, 3], 6));
    let found = check(&draft, &template);
    let note = found.iter().find(|d| d.code == "ids-repaired").expect("the repair is reported");
    assert_eq!(note.severity, Severity::Warning);
    assert!(note.message.contains("2 个条目") && note.message.contains("第2条"), "{}", note.message);
    // A draft that needed nothing has nothing to report.
    assert!(!check(&sample_draft(), &template).iter().any(|d| d.code.as_str().contains("ids")));
}

#[test]
fn shuzhi_check_reports_a_repaired_draft() {
    let dir = std::env::temp_dir().join(format!("shuzhi-ids-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("dup.json");
    std::fs::write(&path, draft_json(&[3, 3, 5, 3], u64::MAX).to_string()).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_shuzhi")).arg("check").arg(&path).output().expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stdout.contains("重新编号"), "stdout: {stdout}\nstderr: {stderr}");
    assert!(stdout.contains("next_id"), "the out-of-range next_id is named: {stdout}");
}
