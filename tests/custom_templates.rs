//! Templates loaded from files (载入模板文件): where the library keeps them, what it refuses, and
//! that drafts written with one are listed under its name and title.

mod common;

use common::*;
use shuzhi::report::library::{
    self, apply_import, create, export, find_template, list, load_template, plan_import, remove_template, stored_template,
    stored_templates, template_key, ImportMode, MemoryStore, Scope, Store, TemplateLoadError, TEMPLATE_MAX_BYTES,
};
use shuzhi::report::storage::decode_backup;
use shuzhi::report::{Draft, Template};

const T0: u64 = 1_730_000_000_000;

/// The minimal valid template fixture under another id and name.
fn custom(id: &str, name: &str) -> String {
    fixture("templates/valid/minimal.json").replace("\"minimal-test\"", &format!("\"{id}\"")).replace("测试模板", name)
}

#[test]
fn a_loaded_template_is_kept_under_its_own_key() {
    let mut store = MemoryStore::new();
    let (t, replaced) = load_template(&mut store, &custom("danwei-shuzhi", "单位述职报告")).expect("loads");
    assert_eq!((t.id.as_str(), replaced), ("danwei-shuzhi", false));
    assert_eq!(template_key("danwei-shuzhi"), "shuzhi.template.danwei-shuzhi");
    let stored = store.get("shuzhi.template.danwei-shuzhi").unwrap().expect("stored");
    assert_eq!(Template::from_json(&stored), Ok(t.clone()));
    assert_eq!(stored, custom("danwei-shuzhi", "单位述职报告"), "the file's text, as loaded");
    assert_eq!(stored_template(&store, "danwei-shuzhi"), Some(t.clone()));
    assert_eq!(find_template(&store, "danwei-shuzhi"), Some(t.clone()));
    assert_eq!(find_template(&store, "dangjian-shuzhi"), Some(default_template()));
    assert_eq!(find_template(&store, "nope"), None);
    // Loading the same id again is an update.
    let newer = custom("danwei-shuzhi", "单位述职报告（第二版）").replace("\"version\": 1", "\"version\": 2");
    let (t2, replaced) = load_template(&mut store, &newer).unwrap();
    assert!(replaced);
    assert_eq!(stored_templates(&store).unwrap(), vec![t2]);
}

#[test]
fn templates_are_listed_by_name_and_damaged_ones_are_skipped_not_removed() {
    let mut store = MemoryStore::new();
    load_template(&mut store, &custom("b-id", "乙模板")).unwrap();
    load_template(&mut store, &custom("a-id", "丙模板")).unwrap();
    store.set("shuzhi.template.broken", "{\"id\": \"broken\"").unwrap();
    // A stored text whose id disagrees with its key is not that template.
    store.set("shuzhi.template.other", &custom("not-other", "丁")).unwrap();
    let names: Vec<String> = stored_templates(&store).unwrap().into_iter().map(|t| t.name).collect();
    assert_eq!(names, ["丙模板", "乙模板"]);
    assert_eq!(find_template(&store, "broken"), None);
    assert_eq!(find_template(&store, "other"), None);
    assert!(store.get("shuzhi.template.broken").unwrap().is_some());
}

#[test]
fn what_is_refused_and_why() {
    let mut store = MemoryStore::new();
    let refuse = |store: &mut MemoryStore, json: &str| load_template(store, json).expect_err("refused").to_string();
    assert_eq!(
        refuse(&mut store, &custom("dangjian-shuzhi", "冒名")),
        "模板字段 id：“dangjian-shuzhi”是内置模板的 id，请在文件中换一个（如“dangjian-shuzhi-dw”）"
    );
    // The brief reader's message (the app shows the lazy part's explanation first: tests/app_lazy.rs).
    let bad = fixture("templates/wrong-section-kind.json");
    assert_eq!(refuse(&mut store, &bad), Template::from_json_brief(&bad).unwrap_err().to_string());
    let bad = fixture("templates/empty-id.json");
    assert_eq!(refuse(&mut store, &bad), Template::from_json(&bad).unwrap_err().to_string(), "checks after reading name the field");
    assert_eq!(refuse(&mut store, ""), "模板文件是空的");
    let huge = " ".repeat(TEMPLATE_MAX_BYTES + 1);
    assert!(matches!(load_template(&mut store, &huge), Err(TemplateLoadError::TooLarge { .. })));
    assert!(refuse(&mut store, &huge).starts_with("文件太大"));
    // Nothing was stored by any of these.
    assert!(store.keys().unwrap().is_empty());
    // A byte-order mark (Notepad's UTF-8) is fine.
    assert!(load_template(&mut store, &format!("\u{feff}{}", custom("bom", "带BOM"))).is_ok());
    // A full storage leaves nothing half-written.
    let mut full = MemoryStore::new();
    full.faults.writes_quota = true;
    assert_eq!(load_template(&mut full, &custom("x", "满")), Err(TemplateLoadError::Store(library::StoreError::Quota)));
}

#[test]
fn drafts_of_a_loaded_template_are_listed_with_its_name_and_title() {
    let mut store = MemoryStore::new();
    let json = custom("danwei-shuzhi", "单位述职报告").replace("{year}年度述职报告", "{year}年度单位述职报告");
    let (t, _) = load_template(&mut store, &json).unwrap();
    let mut draft = Draft::new(&t);
    draft.info.insert("year".into(), "2025".into());
    draft.intro = "一段导语。".into();
    create(&mut store, &draft, "", T0).expect("stored");
    let entries = list(&store).unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].meta.template_name, "单位述职报告");
    assert_eq!(entries[0].meta.title, "2025年度单位述职报告");
    // Removing the template keeps the draft (it opens with the default template then).
    remove_template(&mut store, "danwei-shuzhi").unwrap();
    assert_eq!(find_template(&store, "danwei-shuzhi"), None);
    assert_eq!(list(&store).unwrap().len(), 1);
}

#[test]
fn wiping_removes_loaded_templates_too() {
    let mut store = MemoryStore::new();
    load_template(&mut store, &custom("danwei-shuzhi", "单位述职报告")).unwrap();
    assert_eq!(library::wipe(&mut store).unwrap(), 1);
    assert!(stored_templates(&store).unwrap().is_empty());
}

#[test]
fn backups_carry_loaded_templates_and_restore_them_on_a_new_computer() {
    let mut store = MemoryStore::new();
    let (unit, _) = load_template(&mut store, &custom("danwei-shuzhi", "单位述职报告")).unwrap();
    load_template(&mut store, &custom("other-unused", "没用过的模板")).unwrap();
    let mut draft = Draft::new(&unit);
    draft.intro = "一段导语。".into();
    let (id, _) = create(&mut store, &draft, "", T0).unwrap();
    create(&mut store, &Draft::new(&default_template()), "", T0 + 1).unwrap();

    // A full backup has every loaded template; a backup of one draft has only its own.
    let all = export(&store, &Scope::All, None, T0 + 2).unwrap();
    assert_eq!(decode_backup(all.as_bytes()).unwrap().templates.len(), 2);
    let one = export(&store, &Scope::One(id.clone()), None, T0 + 2).unwrap();
    assert_eq!(decode_backup(one.as_bytes()).unwrap().templates, vec![custom("danwei-shuzhi", "单位述职报告")]);

    // Another computer: the draft comes back with its own template, not the default one.
    let mut other = MemoryStore::new();
    let plan = plan_import(decode_backup(one.as_bytes()).unwrap(), &[]);
    assert_eq!(plan.templates.iter().map(|(name, _)| name.as_str()).collect::<Vec<_>>(), ["单位述职报告"]);
    let report = apply_import(&mut other, &plan, ImportMode::Copies, T0 + 3).unwrap();
    assert_eq!(report.templates_loaded, ["单位述职报告"]);
    assert_eq!(find_template(&other, "danwei-shuzhi"), Some(unit.clone()));
    assert_eq!(list(&other).unwrap()[0].meta.template_name, "单位述职报告");
}

#[test]
fn a_restored_template_never_silently_replaces_a_different_local_one_when_adding_copies() {
    let mut store = MemoryStore::new();
    load_template(&mut store, &custom("danwei-shuzhi", "单位述职报告")).unwrap();
    let backup = export(&store, &Scope::All, None, T0).unwrap();
    let local = custom("danwei-shuzhi", "单位述职报告（本机新版）");
    load_template(&mut store, &local).unwrap();
    let plan = plan_import(decode_backup(backup.as_bytes()).unwrap(), &list(&store).unwrap());

    let report = apply_import(&mut store, &plan, ImportMode::Copies, T0 + 1).unwrap();
    assert!(report.templates_loaded.is_empty());
    assert_eq!(store.get(&template_key("danwei-shuzhi")).unwrap(), Some(local), "作为副本添加 changes nothing stored");
    let report = apply_import(&mut store, &plan, ImportMode::Replace, T0 + 2).unwrap();
    assert_eq!(report.templates_loaded, ["单位述职报告"], "替换 restores the backup's version");
    // A template in a backup that does not read (hand-edited) is skipped; the drafts still come.
    let broken = backup.replace("\\\"sections\\\"", "\\\"sectionz\\\"");
    assert_ne!(broken, backup);
    let plan = plan_import(decode_backup(broken.as_bytes()).unwrap(), &[]);
    assert!(plan.templates.is_empty());
}
