//! Storage tests: every stored format still loads (fixtures), and every storage decision and
//! fault — full storage, blocked reads, damaged or hand-edited text, newer versions, a second
//! tab, huge drafts, backups and wipes — on the in-memory store with Chromium's quota rule.
//!
//! The fixtures in `tests/fixtures/storage/` are frozen copies of each released format. The ones
//! this layout writes are generated once by `SHUZHI_WRITE_FIXTURES=1 cargo test --test storage`
//! (never overwritten when present); after that a change to the writers shows up as a failing
//! "still writes the released format" test, which means: bump the version, add a migration.
// Native only: proptest and the fixture files are not available to the wasm32 test runner.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use common::*;
use proptest::prelude::*;
use serde_json::Value;
use shuzhi::report::library::{self, *};
use shuzhi::report::storage::{self, *};
use shuzhi::report::{apply, Draft, Edit, TextRef};

const MINUTE: u64 = 60_000;
const DAY: u64 = 24 * 60 * MINUTE;
/// 2024-11-05 10:00 (UTC+8), an ordinary evening of述职 season.
const T0: u64 = 1_730_772_000_000;

fn dir() -> PathBuf {
    fixture_path("storage")
}

fn read(name: &str) -> String {
    fixture(&format!("storage/{name}"))
}

/// A localStorage dump fixture (key → value) as a store.
fn store_from(name: &str) -> MemoryStore {
    let map: BTreeMap<String, String> = serde_json::from_str(&read(name)).expect("dump is a JSON object of strings");
    MemoryStore::with_entries(map.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

fn v1_draft() -> Draft {
    storage::decode(&read("draft-v1.json")).expect("v1 draft decodes")
}

fn set_intro(draft: &mut Draft, text: &str) {
    apply(draft, Edit::SetText { target: TextRef::Intro, value: text.to_string() });
}

fn stored_draft(store: &MemoryStore, id: &str) -> Option<Draft> {
    store.entries().get(&draft_key(id)).map(|raw| storage::decode(raw).expect("stored draft decodes"))
}

fn is_cjk_text(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

// ------------------------------------------------------------------------------------------------
// Fixtures of every format

/// Writes the fixtures of the formats this layout introduced, from the real writers.
fn generate_fixtures() {
    let template = default_template();
    let mut store = MemoryStore::new();
    let mut a = v1_draft();
    let (id_a, mut session) = create(&mut store, &a, "", T0).expect("create");
    for (i, text) in ["2024年，我在党委领导下抓党建。", "2024年，我在党委的正确领导下抓党建，促发展。"].iter().enumerate() {
        set_intro(&mut a, text);
        save(&mut store, &mut session, &a, T0 + (i as u64 + 1) * 2 * MINUTE).expect("save");
    }
    let mut b = Draft::new(&template);
    set_intro(&mut b, "第二份报告的导语。");
    let (id_b, _) = create(&mut store, &b, "去年的述职（参考）", T0 + 10 * MINUTE).expect("create b");
    record_backup(&mut store, T0 + 11 * MINUTE).expect("backup time");
    quarantine(&mut store, "{\"kind\":\"shuzhi-draft\",\"version\":1,\"draft\":{\"intro\":\"截断", T0 + 12 * MINUTE).expect("damaged");
    library::open(&mut store, &id_a).expect("open a");

    let dump: BTreeMap<&String, &String> = store.entries().iter().collect();
    let write = |name: &str, text: String| {
        let path = dir().join(name);
        if !path.exists() {
            std::fs::write(&path, text + "\n").expect("write fixture");
        }
    };
    write("localstorage-release2.json", serde_json::to_string_pretty(&dump).expect("json"));
    let pretty = |raw: &str| serde_json::to_string_pretty(&serde_json::from_str::<Value>(raw).expect("json")).expect("json");
    write("index-v1.json", pretty(&store.entries()[INDEX_KEY]));
    write("snapshots-v1.json", pretty(&store.entries()[&snapshots_key(&id_a)]));
    let backup = export(&store, &Scope::All, None, T0 + 20 * MINUTE).expect("export");
    write("backup-v1.json", backup.clone());

    let mut newer: Value = serde_json::from_str(&backup).expect("json");
    newer["version"] = Value::from(2);
    newer["drafts"] = Value::Array(Vec::new());
    write("backup-v2-newer.json", serde_json::to_string_pretty(&newer).expect("json"));
    let mut no_list: Value = serde_json::from_str(&backup).expect("json");
    no_list.as_object_mut().expect("object").remove("drafts");
    write("backup-damaged.json", serde_json::to_string_pretty(&no_list).expect("json"));
    // One good draft, one from a newer version, one hand-edited.
    let mut mixed: Value = serde_json::from_str(&backup).expect("json");
    let good = mixed["drafts"][0].clone();
    let mut future = good.clone();
    future["draft"] = serde_json::from_str(&read("draft-v2-newer.json")).expect("json");
    future["meta"]["id"] = Value::from("d-future");
    let mut broken = good.clone();
    broken["draft"] = serde_json::from_str(&read("draft-hand-edited.json")).expect("json");
    broken["meta"]["id"] = Value::from("d-broken");
    mixed["drafts"] = Value::Array(vec![good, future, broken]);
    mixed.as_object_mut().expect("object").remove("damaged");
    write("backup-mixed.json", serde_json::to_string_pretty(&mixed).expect("json"));
    let _ = (id_b, template);
}

/// What each fixture is, and what loading it must give. Every file in the directory must be
/// listed here, so a fixture cannot be added without a test.
#[derive(Debug)]
enum Expect {
    Draft,
    NewerDraft,
    DamagedDraft,
    NotADraft,
    Index,
    Snapshots,
    Backup { drafts: usize, importable: usize },
    BackupError(fn(&BackupError) -> bool),
    /// A localStorage dump: start-up opens this draft id.
    Layout { opens: &'static str, drafts: usize },
}

fn expectations() -> Vec<(&'static str, Expect)> {
    vec![
        ("draft-v1.json", Expect::Draft),
        ("draft-v2-newer.json", Expect::NewerDraft),
        ("draft-hand-edited.json", Expect::DamagedDraft),
        ("draft-truncated.txt", Expect::DamagedDraft),
        ("not-a-draft.json", Expect::NotADraft),
        ("index-v1.json", Expect::Index),
        ("snapshots-v1.json", Expect::Snapshots),
        ("backup-v1.json", Expect::Backup { drafts: 2, importable: 2 }),
        ("backup-mixed.json", Expect::Backup { drafts: 3, importable: 1 }),
        ("backup-v2-newer.json", Expect::BackupError(|e| matches!(e, BackupError::Newer { version: 2 }))),
        ("backup-damaged.json", Expect::BackupError(|e| matches!(e, BackupError::Damaged(_)))),
        ("localstorage-release1.json", Expect::Layout { opens: "current", drafts: 1 }),
        ("localstorage-release2.json", Expect::Layout { opens: "", drafts: 2 }),
    ]
}

#[test]
fn every_stored_format_fixture_still_loads() {
    if std::env::var_os("SHUZHI_WRITE_FIXTURES").is_some() {
        generate_fixtures();
    }
    let table = expectations();
    let mut files: Vec<String> = std::fs::read_dir(dir())
        .expect("fixture dir")
        .map(|e| e.expect("dir entry").file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    for file in &files {
        assert!(table.iter().any(|(name, _)| name == file), "fixture {file} has no expectation in this test");
    }
    for (name, expect) in &table {
        assert!(files.iter().any(|f| f == name), "fixture {name} is missing (SHUZHI_WRITE_FIXTURES=1 writes the generated ones)");
        let text = read(name);
        match expect {
            Expect::Draft => {
                let draft = storage::decode(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
                assert!(draft.written_chars() > 0, "{name}");
            }
            Expect::NewerDraft => {
                assert_eq!(storage::decode(&text), Err(DecodeError::Newer { version: 2 }), "{name}");
                let (draft, version) = storage::decode_newer(&text).expect("readable for the read-only view");
                assert_eq!((version, draft.intro.as_str()), (2, "未来版本保存的导语。"));
            }
            Expect::DamagedDraft => assert!(matches!(storage::decode(&text), Err(DecodeError::Damaged(_))), "{name}"),
            Expect::NotADraft => assert_eq!(storage::decode(&text), Err(DecodeError::NotADraft), "{name}"),
            Expect::Index => {
                let metas = decode_index(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(metas.len(), 2);
                assert!(metas.iter().all(|m| m.edited > 0 && m.size > 0 && !m.template_name.is_empty()));
                assert!(metas.iter().any(|m| m.name == "去年的述职（参考）"));
            }
            Expect::Snapshots => {
                let list = decode_snapshots(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
                assert!(!list.is_empty());
                for record in &list {
                    record.decode().unwrap_or_else(|e| panic!("{name}: snapshot at {}: {e}", record.at));
                }
            }
            Expect::Backup { drafts, importable } => {
                let backup = decode_backup(text.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(backup.drafts.len(), *drafts, "{name}");
                let plan = plan_import(backup, &[]);
                assert_eq!(plan.importable(), *importable, "{name}");
            }
            Expect::BackupError(is) => {
                let err = decode_backup(text.as_bytes()).expect_err(name);
                assert!(is(&err), "{name}: {err:?}");
            }
            Expect::Layout { opens, drafts } => {
                let mut store = store_from(name);
                let startup = start(&mut store, &default_template(), T0 + DAY).unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(startup.entries.len(), *drafts, "{name}");
                assert!(matches!(startup.opened, Opened::Stored { .. }), "{name}: {:?}", startup.opened);
                if !opens.is_empty() {
                    assert_eq!(startup.opened.id(), *opens, "{name}");
                }
                assert!(startup.entries.iter().all(|e| e.health == Health::Ok), "{name}");
            }
        }
    }
}

#[test]
fn the_writers_still_write_the_released_formats() {
    // Decoding and re-encoding a released fixture gives it back: a format change without a
    // version bump fails here.
    let index = read("index-v1.json");
    let again = encode_index(&decode_index(&index).expect("index"));
    assert_eq!(serde_json::from_str::<Value>(&again).unwrap(), serde_json::from_str::<Value>(&index).unwrap());
    let snaps = read("snapshots-v1.json");
    let again = encode_snapshots(&decode_snapshots(&snaps).expect("snapshots"));
    assert_eq!(serde_json::from_str::<Value>(&again).unwrap(), serde_json::from_str::<Value>(&snaps).unwrap());
    let backup = read("backup-v1.json");
    let again = encode_backup(&decode_backup(backup.as_bytes()).expect("backup"));
    assert_eq!(serde_json::from_str::<Value>(&again).unwrap(), serde_json::from_str::<Value>(&backup).unwrap());
    // The draft envelope: the v1 fixture re-encodes to the same JSON (it leaves out some fields
    // that have defaults, which the writer spells out).
    let draft = read("draft-v1.json");
    let again = storage::encode(&storage::decode(&draft).expect("draft"));
    assert_within(&serde_json::from_str(&draft).unwrap(), &serde_json::from_str(&again).unwrap(), "$");
}

/// Every value in `part` is in `whole` at the same place.
fn assert_within(part: &Value, whole: &Value, at: &str) {
    match (part, whole) {
        (Value::Object(p), Value::Object(w)) => {
            for (k, v) in p {
                let there = w.get(k).unwrap_or_else(|| panic!("{at}.{k} is no longer written"));
                assert_within(v, there, &format!("{at}.{k}"));
            }
        }
        (Value::Array(p), Value::Array(w)) => {
            assert_eq!(p.len(), w.len(), "{at}");
            for (i, (a, b)) in p.iter().zip(w).enumerate() {
                assert_within(a, b, &format!("{at}[{i}]"));
            }
        }
        _ => assert_eq!(part, whole, "{at}"),
    }
}

#[test]
fn release1_single_draft_joins_the_list_and_keeps_its_key() {
    let mut store = store_from("localstorage-release1.json");
    let original = store.entries()["shuzhi.draft.current"].clone();
    let startup = start(&mut store, &default_template(), T0).expect("start");
    assert_eq!(startup.opened.id(), "current");
    assert!(startup.notices.iter().any(|n| matches!(n, Notice::Migrated { id } if id == "current")));
    // Migration only added the index: the draft's text is untouched until the user edits it.
    assert_eq!(store.entries()["shuzhi.draft.current"], original);
    let metas = decode_index(&store.entries()[INDEX_KEY]).expect("index written");
    assert_eq!(metas[0].title, "2024年度第三党支部抓基层党建工作述职报告");
    assert_eq!((metas[0].year.as_str(), metas[0].template_name.as_str()), ("2024", "抓基层党建工作述职报告"));

    // The first edit saves in place and keeps the release-1 text as the first snapshot.
    let Opened::Stored { mut draft, .. } = startup.opened else { panic!("stored") };
    let mut session = startup.session;
    set_intro(&mut draft, "改过的导语");
    let saved = save(&mut store, &mut session, &draft, T0 + 1000).expect("save");
    assert!(saved.snapshot);
    assert_eq!(stored_draft(&store, "current").unwrap().intro, "改过的导语");
    let snaps = read_snapshots(&store, "current").expect("snapshots");
    assert_eq!(snaps[0].draft, serde_json::from_str::<Value>(&original).unwrap());
}

#[test]
fn migration_chain_refuses_version_zero_and_reads_newer_leniently() {
    let mut value: Value = serde_json::from_str(&read("draft-v1.json")).unwrap();
    value["version"] = Value::from(0);
    assert!(matches!(storage::decode_value(value.clone()), Err(DecodeError::Damaged(_))));
    value["version"] = Value::from(u64::MAX);
    assert_eq!(storage::decode_value(value.clone()), Err(DecodeError::Newer { version: u32::MAX }));
    value["version"] = Value::from("1");
    assert!(matches!(storage::decode_value(value), Err(DecodeError::Damaged(_))));
    assert_eq!(storage::peek(&read("draft-v2-newer.json")).unwrap(), ("shuzhi-draft".to_string(), 2));
    assert!(storage::decode_newer(&read("draft-v1.json")).is_none(), "only newer drafts go the lenient way");
}

/// The envelope's odd shapes, read straight from the text (no `Value` in between): each gives the
/// same answer it gave when drafts were decoded through a `Value`, for drafts and for the index.
#[test]
fn odd_envelopes_get_the_answers_they_always_got() {
    let draft = serde_json::to_string(&serde_json::from_str::<Value>(&read("draft-v1.json")).unwrap()["draft"]).unwrap();
    let damaged = |why: &'static str| move |e: &DecodeError| matches!(e, DecodeError::Damaged(m) if m.contains(why));
    type Expected = Box<dyn Fn(&DecodeError) -> bool>;
    let cases: Vec<(String, Expected)> = vec![
        (format!(r#"{{"kind":7,"version":1,"draft":{draft}}}"#), Box::new(|e| *e == DecodeError::NotADraft)),
        (format!(r#"{{"version":1,"draft":{draft}}}"#), Box::new(|e| *e == DecodeError::NotADraft)),
        (format!(r#"{{"kind":"shuzhi-index","version":1,"draft":{draft}}}"#), Box::new(|e| *e == DecodeError::NotADraft)),
        (format!(r#"{{"kind":"shuzhi-draft","draft":{draft}}}"#), Box::new(damaged("缺少版本号"))),
        (format!(r#"{{"kind":"shuzhi-draft","version":1.5,"draft":{draft}}}"#), Box::new(damaged("缺少版本号"))),
        (format!(r#"{{"kind":"shuzhi-draft","version":0,"draft":{draft}}}"#), Box::new(damaged("版本号 0"))),
        (r#"{"kind":"shuzhi-draft","version":1}"#.to_string(), Box::new(damaged("缺少 draft"))),
        (r#"{"kind":"shuzhi-draft","version":1,"draft":null}"#.to_string(), Box::new(|e| matches!(e, DecodeError::Damaged(_)))),
        (r#"{"kind":"shuzhi-draft","version":1,"draft":[1,2]}"#.to_string(), Box::new(|e| matches!(e, DecodeError::Damaged(_)))),
        (format!(r#"{{"kind":"shuzhi-draft","version":1099511627776,"draft":{draft}}}"#), Box::new(|e| *e == DecodeError::Newer { version: u32::MAX })),
        ("[1,2,3]".to_string(), Box::new(|e| *e == DecodeError::NotADraft)),
        ("\"text\"".to_string(), Box::new(|e| *e == DecodeError::NotADraft)),
        (r#"{"kind":"shuzhi-draft","version":1,"#.to_string(), Box::new(|e| matches!(e, DecodeError::Damaged(_)))),
        ("".to_string(), Box::new(|e| matches!(e, DecodeError::Damaged(_)))),
    ];
    for (text, expected) in &cases {
        let got = storage::decode(text).expect_err(text);
        assert!(expected(&got), "{text:.80}: {got:?}");
        // Through a parsed value (backups) the answer is the same (a serde message may name
        // another column).
        if let Ok(value) = serde_json::from_str::<Value>(text) {
            let again = storage::decode_value(value).expect_err(text);
            assert!(expected(&again), "{text:.80} as a value: {again:?}");
        }
    }
    // Unknown fields are ignored at every level; a newer draft is read leniently, an older never.
    let extra = format!(r#"{{"kind":"shuzhi-draft","version":1,"saved_by":"x","draft":{draft}}}"#);
    assert_eq!(storage::decode(&extra).unwrap(), storage::decode(&read("draft-v1.json")).unwrap());
    let newer = format!(r#"{{"kind":"shuzhi-draft","version":3,"draft":{draft}}}"#);
    assert_eq!(storage::decode_newer(&newer).map(|(_, v)| v), Some(3));
    assert_eq!(storage::decode_newer(&extra), None);
    // The index and snapshot files go through the same envelope check.
    assert_eq!(decode_index(r#"{"kind":"shuzhi-draft","version":1,"drafts":[]}"#), Err(DecodeError::NotADraft));
    assert_eq!(decode_index(r#"{"kind":"shuzhi-index","version":4,"drafts":[]}"#), Err(DecodeError::Newer { version: 4 }));
    assert_eq!(decode_index(r#"{"kind":"shuzhi-index","version":1}"#), Ok(Vec::new()));
}

// ------------------------------------------------------------------------------------------------
// Start-up decisions

#[test]
fn empty_storage_opens_a_fresh_draft_and_writes_nothing() {
    let mut store = MemoryStore::chromium();
    let startup = start(&mut store, &default_template(), T0).expect("start");
    assert!(matches!(startup.opened, Opened::Fresh { .. }));
    assert!(startup.notices.is_empty());
    assert!(store.entries().is_empty(), "a visit that types nothing leaves nothing behind");
}

#[test]
fn the_last_opened_draft_reopens_else_the_most_recent() {
    let mut store = MemoryStore::new();
    let a = v1_draft();
    let (id_a, _) = create(&mut store, &a, "A", T0).unwrap();
    let (id_b, _) = create(&mut store, &a, "B", T0 + MINUTE).unwrap();
    library::open(&mut store, &id_a).unwrap();
    assert_eq!(start(&mut store, &default_template(), T0 + DAY).unwrap().opened.id(), id_a);
    store.remove(LAST_KEY).unwrap();
    assert_eq!(start(&mut store, &default_template(), T0 + DAY).unwrap().opened.id(), id_b, "most recently edited");
    store.set(LAST_KEY, "gone").unwrap();
    assert_eq!(start(&mut store, &default_template(), T0 + DAY).unwrap().opened.id(), id_b);
}

#[test]
fn a_duplicate_is_stored_but_start_up_reopens_the_draft_being_edited() {
    let mut store = MemoryStore::new();
    let (edited, _) = create(&mut store, &v1_draft(), "", T0).unwrap();
    let copy = duplicate(&mut store, &edited, T0 + MINUTE).unwrap();
    assert!(list(&store).unwrap().iter().any(|e| e.meta.id == copy));
    assert_eq!(start(&mut store, &default_template(), T0 + DAY).unwrap().opened.id(), edited);
    // With no draft opened before (a first visit's import, say), none is invented.
    store.remove(LAST_KEY).unwrap();
    duplicate(&mut store, &edited, T0 + 2 * MINUTE).unwrap();
    assert_eq!(store.get(LAST_KEY).unwrap(), None);
}

#[test]
fn the_last_step_is_remembered_for_its_draft_only() {
    let mut store = MemoryStore::new();
    assert_eq!(last_step(&store, "d1"), None);
    remember_step(&mut store, "d1", "#/s/work").unwrap();
    assert_eq!(last_step(&store, "d1").as_deref(), Some("#/s/work"));
    assert_eq!(last_step(&store, "d2"), None, "another draft starts at its first step");
    remember_step(&mut store, "d2", "#/check").unwrap();
    assert_eq!(last_step(&store, "d1"), None);
    wipe(&mut store).unwrap();
    assert_eq!(last_step(&store, "d2"), None, "清除本机数据 removes it with everything else");
}

#[test]
fn damaged_text_is_kept_verbatim_under_a_fresh_key_and_never_overwritten() {
    let truncated = read("draft-truncated.txt");
    let hand_edited = read("draft-hand-edited.json");
    let mut store = MemoryStore::with_entries([("shuzhi.draft.current", truncated.as_str())]);
    let startup = start(&mut store, &default_template(), T0).expect("the app opens");
    assert!(matches!(startup.opened, Opened::Fresh { .. }));
    let kept = match &startup.notices[..] {
        [Notice::Quarantined { id, kept_as, why: DecodeError::Damaged(_) }] if id == "current" => kept_as.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(store.entries()[&kept], truncated);
    assert!(!store.entries().contains_key("shuzhi.draft.current"));
    assert!(is_cjk_text(&startup.notices[0].to_string()));

    // A second damaged text, even at the same millisecond, gets its own key.
    store.set("shuzhi.draft.current", &hand_edited).unwrap();
    start(&mut store, &default_template(), T0).expect("opens again");
    let copies = damaged_copies(&store).unwrap();
    assert_eq!(copies.len(), 2, "{copies:?}");
    assert_eq!(store.entries()[&kept], truncated, "the first copy is intact");
    assert!(copies.iter().any(|(k, _)| store.entries()[k] == hand_edited));
    // The same text again is not copied twice.
    store.set("shuzhi.draft.x", &hand_edited).unwrap();
    start(&mut store, &default_template(), T0 + 5).unwrap();
    assert_eq!(damaged_copies(&store).unwrap().len(), 2);

    // Saving the fresh draft never touches the copies.
    let startup = start(&mut store, &default_template(), T0 + 10).unwrap();
    let Opened::Fresh { id, mut draft } = startup.opened else { panic!() };
    let mut session = startup.session;
    set_intro(&mut draft, "新写的");
    save(&mut store, &mut session, &draft, T0 + 20).unwrap();
    assert_eq!(store.entries()[&kept], truncated);
    assert_eq!(stored_draft(&store, &id).unwrap().intro, "新写的");
    // The first release's single damaged key is listed too.
    store.set("shuzhi.damaged", "旧的损坏数据").unwrap();
    assert_eq!(damaged_copies(&store).unwrap()[0].0, "shuzhi.damaged");
}

#[test]
fn damaged_text_stays_in_place_when_storage_is_full_and_is_never_written() {
    let truncated = read("draft-truncated.txt");
    let mut store = MemoryStore::with_entries([("shuzhi.draft.current", truncated.as_str())]);
    store.faults.writes_quota = true;
    let startup = start(&mut store, &default_template(), T0).expect("the app still opens");
    assert!(matches!(&startup.notices[..], [Notice::Unreadable { store: StoreError::Quota, .. }]));
    assert!(matches!(startup.entries[0].health, Health::Damaged(_)));
    assert_ne!(startup.opened.id(), "current", "a new draft, under a new key");
    // Even if someone tried to open it, it would not be written.
    assert!(matches!(library::open(&mut store, "current"), Err(OpenError::Damaged { .. })));
    let mut session = adopt(&store, "current").unwrap();
    store.faults.writes_quota = false;
    assert_eq!(save(&mut store, &mut session, &v1_draft(), T0), Err(SaveError::Blocked(Blocked::Conflict)));
    assert_eq!(store.entries()["shuzhi.draft.current"], truncated);
}

#[test]
fn a_newer_versions_draft_opens_read_only_and_is_never_written() {
    let newer = read("draft-v2-newer.json");
    let mut store = MemoryStore::with_entries([("shuzhi.draft.future", newer.as_str()), (LAST_KEY, "future")]);
    let startup = start(&mut store, &default_template(), T0).unwrap();
    let Opened::ReadOnly { id, draft, version } = &startup.opened else { panic!("{:?}", startup.opened) };
    assert_eq!((id.as_str(), *version, draft.intro.as_str()), ("future", 2, "未来版本保存的导语。"));
    assert!(startup.notices.iter().any(|n| matches!(n, Notice::Newer { version: 2, .. }) && n.to_string().contains("只能查看")));
    let mut session = startup.session;
    assert_eq!(session.blocked(), Some(&Blocked::Newer { version: 2 }));
    let mut edited = draft.clone();
    set_intro(&mut edited, "改");
    assert!(matches!(save(&mut store, &mut session, &edited, T0), Err(SaveError::Blocked(Blocked::Newer { version: 2 }))));
    assert_eq!(store.entries()["shuzhi.draft.future"], newer);
    // An editable copy can be made from it.
    let copy = duplicate(&mut store, "future", T0 + 1).unwrap();
    assert_eq!(stored_draft(&store, &copy).unwrap().intro, "未来版本保存的导语。");
    assert_eq!(store.entries()["shuzhi.draft.future"], newer);
    // Import never replaces it either.
    let plan = plan_import(decode_backup(export(&store, &Scope::One(copy.clone()), None, T0).unwrap().as_bytes()).unwrap(), &[]);
    let mut plan = plan;
    plan.rows[0].meta.id = "future".into();
    let report = apply_import(&mut store, &plan, ImportMode::Replace, T0 + 2).unwrap();
    assert_eq!(store.entries()["shuzhi.draft.future"], newer);
    assert_ne!(report.written[0], "future");
}

#[test]
fn reads_that_throw_fail_start_up_so_the_app_goes_memory_only() {
    let mut store = MemoryStore::new();
    store.faults.reads = true;
    assert!(matches!(start(&mut store, &default_template(), T0), Err(StoreError::Unavailable(_))));
}

#[test]
fn a_damaged_index_is_kept_aside_and_rebuilt() {
    let mut store = MemoryStore::new();
    let (id, _) = create(&mut store, &v1_draft(), "我的名字", T0).unwrap();
    store.set(INDEX_KEY, "{\"kind\":\"shuzhi-index\",\"version\":1,\"drafts\":[{\"id\":").unwrap();
    let startup = start(&mut store, &default_template(), T0 + 1).unwrap();
    assert!(startup.notices.iter().any(|n| matches!(n, Notice::IndexRebuilt { kept_as: Some(_), .. })));
    assert_eq!(startup.entries[0].meta.id, id);
    assert_eq!(damaged_copies(&store).unwrap().len(), 1);
    assert!(decode_index(&store.entries()[INDEX_KEY]).is_ok());
}

// ------------------------------------------------------------------------------------------------
// Saving

#[test]
fn quota_exceeded_while_typing_keeps_the_last_saved_copy() {
    let mut store = MemoryStore::chromium();
    let startup = start(&mut store, &default_template(), T0).unwrap();
    let Opened::Fresh { mut draft, .. } = startup.opened else { panic!() };
    let mut session = startup.session;
    set_intro(&mut draft, "第一句。");
    save(&mut store, &mut session, &draft, T0).unwrap();
    let saved = store.entries()[&draft_key(&session.id)].clone();

    store.faults.writes_quota = true;
    set_intro(&mut draft, "第一句。第二句。");
    assert_eq!(save(&mut store, &mut session, &draft, T0 + 1000), Err(SaveError::Store(StoreError::Quota)));
    assert_eq!(store.entries()[&draft_key(&session.id)], saved, "the last saved copy is intact");
    assert!(SaveError::Store(StoreError::Quota).to_string().contains("已满"));

    // Room again: the next save writes everything typed meanwhile.
    store.faults.writes_quota = false;
    save(&mut store, &mut session, &draft, T0 + 2000).unwrap();
    assert_eq!(stored_draft(&store, &session.id).unwrap().intro, "第一句。第二句。");
}

#[test]
fn a_real_quota_stops_a_save_that_does_not_fit() {
    let mut store = MemoryStore::new();
    store.quota_units = Some(2_000);
    let startup = start(&mut store, &default_template(), T0).unwrap();
    let Opened::Fresh { mut draft, .. } = startup.opened else { panic!() };
    let mut session = startup.session;
    set_intro(&mut draft, "短");
    save(&mut store, &mut session, &draft, T0).unwrap();
    set_intro(&mut draft, &"长".repeat(3_000));
    assert_eq!(save(&mut store, &mut session, &draft, T0 + 1), Err(SaveError::Store(StoreError::Quota)));
    assert_eq!(stored_draft(&store, &session.id).unwrap().intro, "短");
}

#[test]
fn a_second_tab_is_never_silently_overwritten() {
    let mut store = MemoryStore::new();
    let (id, _) = create(&mut store, &v1_draft(), "", T0).unwrap();
    // Two tabs open the same draft.
    let (Opened::Stored { draft: mut mine, .. }, mut tab_a) = library::open(&mut store, &id).unwrap() else { panic!() };
    let (Opened::Stored { draft: mut theirs, .. }, mut tab_b) = library::open(&mut store, &id).unwrap() else { panic!() };
    set_intro(&mut theirs, "B 标签页写的");
    save(&mut store, &mut tab_b, &theirs, T0 + 1000).unwrap();
    set_intro(&mut mine, "A 标签页写的");
    assert_eq!(save(&mut store, &mut tab_a, &mine, T0 + 2000), Err(SaveError::Blocked(Blocked::Conflict)));
    assert_eq!(stored_draft(&store, &id).unwrap().intro, "B 标签页写的");
    assert_eq!(tab_a.blocked(), Some(&Blocked::Conflict), "tab A stays read-only until it chooses");
    assert!(!tab_a.is_base(store.entries().get(&draft_key(&id)).map(String::as_str)));

    // Tab A keeps its text as a new draft …
    let (copy, _) = create(&mut store, &mine, "", T0 + 3000).unwrap();
    assert_eq!(stored_draft(&store, &copy).unwrap().intro, "A 标签页写的");
    // … or takes the stored copy over and edits on from it.
    let latest = take_over(&store, &mut tab_a).unwrap().expect("stored");
    assert_eq!(latest.intro, "B 标签页写的");
    let mut next = latest;
    set_intro(&mut next, "A 接着写");
    save(&mut store, &mut tab_a, &next, T0 + 4000).unwrap();
    // Now B is the one that must stop.
    assert_eq!(save(&mut store, &mut tab_b, &theirs, T0 + 5000), Err(SaveError::Blocked(Blocked::Conflict)));
    assert_eq!(stored_draft(&store, &id).unwrap().intro, "A 接着写");
}

#[test]
fn a_draft_deleted_in_another_tab_is_not_recreated_silently() {
    let mut store = MemoryStore::new();
    let (id, mut session) = create(&mut store, &v1_draft(), "", T0).unwrap();
    delete(&mut store, &id).unwrap();
    assert_eq!(save(&mut store, &mut session, &v1_draft(), T0 + 1), Err(SaveError::Blocked(Blocked::Conflict)));
    assert!(store.entries().get(&draft_key(&id)).is_none());
}

#[test]
fn unchanged_saves_write_nothing() {
    let mut store = MemoryStore::new();
    let (id, mut session) = create(&mut store, &v1_draft(), "", T0).unwrap();
    let before = store.clone();
    let saved = save(&mut store, &mut session, &v1_draft(), T0 + 5 * MINUTE).unwrap();
    assert!(saved.unchanged);
    assert_eq!(store, before);
    assert!(!id.is_empty());
}

#[test]
fn snapshots_keep_the_last_ten_versions_a_minute_apart() {
    let mut store = MemoryStore::new();
    let mut draft = v1_draft();
    let (id, mut session) = create(&mut store, &draft, "", T0).unwrap();
    // Typing every 10 s for 20 minutes: a snapshot at most once a minute, at most ten kept.
    for step in 1..=120u64 {
        set_intro(&mut draft, &format!("第 {step} 次修改"));
        save(&mut store, &mut session, &draft, T0 + step * 10_000).unwrap();
    }
    let snaps = read_snapshots(&store, &id).unwrap();
    assert_eq!(snaps.len(), SNAPSHOT_LIMIT);
    for pair in snaps.windows(2) {
        assert!(pair[1].at - pair[0].at >= SNAPSHOT_INTERVAL_MS, "{} {}", pair[0].at, pair[1].at);
    }
    // Each snapshot is the version that was saved at its time, and they are all different.
    let intros: Vec<String> = snaps.iter().map(|s| s.decode().unwrap().intro).collect();
    let mut unique = intros.clone();
    unique.dedup();
    assert_eq!(unique.len(), intros.len());
    assert!(snaps.last().unwrap().decode().unwrap().intro != stored_draft(&store, &id).unwrap().intro);

    assert!(should_snapshot(None, T0));
    assert!(!should_snapshot(Some(T0), T0 + 59_999));
    assert!(should_snapshot(Some(T0), T0 + 60_000));
}

#[test]
fn restoring_a_snapshot_first_keeps_the_current_version() {
    let mut store = MemoryStore::new();
    let mut draft = v1_draft();
    let (id, mut session) = create(&mut store, &draft, "", T0).unwrap();
    set_intro(&mut draft, "版本二");
    save(&mut store, &mut session, &draft, T0 + 2 * MINUTE).unwrap();
    set_intro(&mut draft, "版本三");
    save(&mut store, &mut session, &draft, T0 + 2 * MINUTE + 5000).unwrap();
    let snaps = read_snapshots(&store, &id).unwrap();
    let old = snaps[0].decode().unwrap();
    assert_eq!(old, v1_draft());
    // What the UI does for 恢复: keep the current stored version, then save the old one.
    assert!(snapshot_now(&mut store, &mut session, T0 + 3 * MINUTE).unwrap());
    save(&mut store, &mut session, &old, T0 + 3 * MINUTE).unwrap();
    let snaps = read_snapshots(&store, &id).unwrap();
    assert_eq!(snaps.last().unwrap().decode().unwrap().intro, "版本三");
    assert_eq!(stored_draft(&store, &id).unwrap(), v1_draft());
}

#[test]
fn snapshots_give_way_when_storage_is_full_and_never_fail_a_save() {
    let mut store = MemoryStore::new();
    let mut draft = v1_draft();
    let (id, mut session) = create(&mut store, &draft, "", T0).unwrap();
    for step in 1..=3u64 {
        set_intro(&mut draft, &format!("版本 {step}"));
        save(&mut store, &mut session, &draft, T0 + step * 2 * MINUTE).unwrap();
    }
    assert_eq!(read_snapshots(&store, &id).unwrap().len(), 3);
    // Leave room for the draft but not for the snapshot list to grow.
    store.quota_units = Some(store.used_units() + 100);
    set_intro(&mut draft, "版本 4");
    let saved = save(&mut store, &mut session, &draft, T0 + 10 * MINUTE).expect("the save itself succeeds");
    assert!(!saved.unchanged);
    assert_eq!(stored_draft(&store, &id).unwrap().intro, "版本 4");
    let snaps = read_snapshots(&store, &id).unwrap();
    assert!(!snaps.is_empty(), "older snapshots made room, or the list stayed as it was");
    assert!(snaps.len() <= 3);
    // A stubbed setItem (every write fails) leaves the old list untouched.
    let before = store.entries()[&snapshots_key(&id)].clone();
    store.faults.writes_quota = true;
    assert_eq!(add_snapshot(&mut store, &id, &storage::encode(&draft), T0 + 20 * MINUTE), Ok(false));
    assert_eq!(store.entries()[&snapshots_key(&id)], before);
    // Dropping snapshots on request frees space.
    store.faults.writes_quota = false;
    assert!(drop_snapshots(&mut store, Some(&id)).unwrap() > 0);
    assert!(read_snapshots(&store, &id).unwrap().is_empty());
}

#[test]
fn a_damaged_snapshot_list_is_kept_aside_not_overwritten() {
    let mut store = MemoryStore::new();
    let mut draft = v1_draft();
    let (id, mut session) = create(&mut store, &draft, "", T0).unwrap();
    store.set(&snapshots_key(&id), "{坏了").unwrap();
    set_intro(&mut draft, "新");
    save(&mut store, &mut session, &draft, T0 + 2 * MINUTE).unwrap();
    assert!(damaged_copies(&store).unwrap().iter().any(|(k, _)| store.entries()[k] == "{坏了"));
    assert_eq!(read_snapshots(&store, &id).unwrap().len(), 1);
}

#[test]
fn a_million_cjk_characters_save_and_restore_exactly() {
    let mut store = MemoryStore::chromium();
    let startup = start(&mut store, &default_template(), T0).unwrap();
    let Opened::Fresh { mut draft, id } = startup.opened else { panic!() };
    let mut session = startup.session;
    // 1,000,000 characters: CJK, with a few outside the BMP (two UTF-16 units each) and breaks.
    let mut text = String::new();
    let pool: Vec<char> = "述职报告抓基层党建工作情况一是二是三会一课𠀋𡈽“”，。、；：\n".chars().collect();
    let mut n = 0u64;
    for _ in 0..1_000_000 {
        n = n.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        text.push(pool[(n >> 33) as usize % pool.len()]);
    }
    assert_eq!(text.chars().count(), 1_000_000);
    set_intro(&mut draft, &text);
    let saved = save(&mut store, &mut session, &draft, T0).expect("fits Chromium's quota");
    // Then edited once more (a snapshot of the million-character version is taken too).
    set_intro(&mut draft, &format!("{text}末"));
    save(&mut store, &mut session, &draft, T0 + 2 * MINUTE).expect("second save fits");
    let (Opened::Stored { draft: back, .. }, _) = library::open(&mut store, &id).unwrap() else { panic!() };
    assert_eq!(back.intro, format!("{text}末"));
    assert_eq!(back, draft);
    let used = usage(&store).unwrap();
    assert!(used > 2 * 1_000_000 && used < 2 * CHROMIUM_QUOTA_UNITS as u64, "{used}");
    assert!(saved.bytes >= 2_000_000);
    assert!(format_bytes(used).ends_with("MB"), "{}", format_bytes(used));
    assert!(store.used_units() <= CHROMIUM_QUOTA_UNITS);
}

// ------------------------------------------------------------------------------------------------
// 我的报告

#[test]
fn create_duplicate_rename_delete_and_undo() {
    let mut store = MemoryStore::new();
    let (a, _) = create(&mut store, &v1_draft(), "", T0).unwrap();
    let b = duplicate(&mut store, &a, T0 + 1000).unwrap();
    assert_ne!(a, b);
    let entries = list(&store).unwrap();
    assert_eq!(entries.len(), 2);
    let copy = entries.iter().find(|e| e.meta.id == b).unwrap();
    assert_eq!(copy.meta.display_name(), "2024年度第三党支部抓基层党建工作述职报告（副本）");
    assert_eq!(stored_draft(&store, &b), stored_draft(&store, &a));

    rename(&mut store, &b, "  去年的参考  ").unwrap();
    assert_eq!(list(&store).unwrap().iter().find(|e| e.meta.id == b).unwrap().meta.display_name(), "去年的参考");
    rename(&mut store, &b, "").unwrap();
    assert!(list(&store).unwrap().iter().find(|e| e.meta.id == b).unwrap().meta.display_name().starts_with("2024年度"));

    let before = store.clone();
    let removed = delete(&mut store, &a).unwrap();
    assert_eq!(list(&store).unwrap().len(), 1);
    assert_eq!(pick_after_delete(&list(&store).unwrap(), &a), Some(b.clone()));
    undelete(&mut store, &removed).unwrap();
    assert_eq!(list(&store).unwrap(), list(&before).unwrap());
    assert_eq!(stored_draft(&store, &a), stored_draft(&before, &a));
}

#[test]
fn list_reports_title_template_year_edited_and_size() {
    let mut store = MemoryStore::new();
    let (id, _) = create(&mut store, &v1_draft(), "", T0).unwrap();
    let entry = &list(&store).unwrap()[0];
    assert_eq!(entry.meta.id, id);
    assert_eq!(entry.meta.title, "2024年度第三党支部抓基层党建工作述职报告");
    assert_eq!(entry.meta.template_name, "抓基层党建工作述职报告");
    assert_eq!(entry.meta.year, "2024");
    assert_eq!(entry.meta.edited, T0);
    let raw = &store.entries()[&draft_key(&id)];
    assert_eq!(entry.meta.size, 2 * (utf16_len(&draft_key(&id)) + utf16_len(raw)) as u64);
    assert_eq!(entry.meta.chars, v1_draft().written_chars() as u64);
}

#[test]
fn a_backup_cannot_choose_odd_keys_or_rewrite_a_newer_draft() {
    let mut store = MemoryStore::new();
    let (id, _) = create(&mut store, &v1_draft(), "", T0).unwrap();
    let backup = export(&store, &Scope::All, None, T0).unwrap();
    let mut plan = plan_import(decode_backup(backup.as_bytes()).unwrap(), &[]);
    plan.rows[0].meta.id = "../index\n<script>".into();
    let report = apply_import(&mut store, &plan, ImportMode::Replace, T0 + 1).unwrap();
    assert!(is_valid_id(&report.written[0]) && report.written[0] != id);
    assert!(store.entries().keys().all(|k| !k.contains('<') && !k.contains('\\')));

    // A newer version's draft on screen (read-only) goes into a backup as stored, untouched.
    let newer = read("draft-v2-newer.json");
    store.set("shuzhi.draft.future", &newer).unwrap();
    let (shown, _) = storage::decode_newer(&newer).unwrap();
    let backup = export(&store, &Scope::One("future".into()), Some(("future", &shown)), T0).unwrap();
    let file = decode_backup(backup.as_bytes()).unwrap();
    assert_eq!(file.drafts[0].draft, serde_json::from_str::<Value>(&newer).unwrap());
}

#[test]
fn drafts_missing_from_the_index_are_still_described() {
    let mut store = MemoryStore::new();
    create(&mut store, &v1_draft(), "", T0).unwrap();
    store.remove(INDEX_KEY).unwrap();
    let entry = &list(&store).unwrap()[0];
    assert_eq!(entry.meta.title, "2024年度第三党支部抓基层党建工作述职报告");
}

#[test]
fn ids_are_unique_even_within_one_millisecond() {
    let mut store = MemoryStore::new();
    let ids: Vec<String> = (0..5).map(|_| create(&mut store, &v1_draft(), "", T0).unwrap().0).collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 5, "{ids:?}");
}

// ------------------------------------------------------------------------------------------------
// Backups

#[test]
fn a_wiped_browser_gets_everything_back_from_the_backup() {
    let mut store = MemoryStore::new();
    let mut a = v1_draft();
    let (id_a, mut session) = create(&mut store, &a, "", T0).unwrap();
    set_intro(&mut a, "改过");
    save(&mut store, &mut session, &a, T0 + 5 * MINUTE).unwrap();
    let (id_b, _) = create(&mut store, &Draft::new(&default_template()), "空白的", T0 + 6 * MINUTE).unwrap();
    let before = list(&store).unwrap();
    let backup = export(&store, &Scope::All, None, T0 + DAY).unwrap();
    assert!(backup.contains("\"kind\": \"shuzhi-backup\""));

    let keys = store.entries().len();
    assert_eq!(wipe(&mut store).unwrap(), keys);
    assert!(store.entries().is_empty());

    let plan = plan_import(decode_backup(backup.as_bytes()).unwrap(), &[]);
    assert_eq!((plan.importable(), plan.conflicts()), (2, 0));
    let report = apply_import(&mut store, &plan, ImportMode::Replace, T0 + 2 * DAY).unwrap();
    let mut written = report.written.clone();
    written.sort();
    assert_eq!(written, vec![id_a.clone(), id_b.clone()]);
    assert_eq!(list(&store).unwrap(), before, "ids, names, dates and sizes all back");
    assert_eq!(stored_draft(&store, &id_a).unwrap(), a);
}

#[test]
fn import_as_copies_changes_nothing_stored_and_replace_keeps_a_snapshot() {
    let mut store = MemoryStore::new();
    let mut a = v1_draft();
    let (id_a, mut session) = create(&mut store, &a, "", T0).unwrap();
    let backup = export(&store, &Scope::One(id_a.clone()), None, T0 + 1).unwrap();
    set_intro(&mut a, "备份之后改的");
    save(&mut store, &mut session, &a, T0 + MINUTE).unwrap();

    let plan = plan_import(decode_backup(backup.as_bytes()).unwrap(), &list(&store).unwrap());
    assert_eq!(plan.conflicts(), 1);
    assert_eq!(plan.rows[0].existing.as_ref().map(|m| m.id.as_str()), Some(id_a.as_str()));
    let report = apply_import(&mut store, &plan, ImportMode::Copies, T0 + 2 * MINUTE).unwrap();
    assert_ne!(report.written[0], id_a);
    assert_eq!(stored_draft(&store, &id_a).unwrap().intro, "备份之后改的");
    assert_eq!(list(&store).unwrap().len(), 2);

    let report = apply_import(&mut store, &plan, ImportMode::Replace, T0 + 3 * MINUTE).unwrap();
    assert_eq!(report.replaced, vec![id_a.clone()]);
    assert_eq!(stored_draft(&store, &id_a).unwrap(), v1_draft());
    let snaps = read_snapshots(&store, &id_a).unwrap();
    assert_eq!(snaps.last().unwrap().decode().unwrap().intro, "备份之后改的", "the replaced version is kept");
}

#[test]
fn export_uses_the_draft_on_screen_over_its_stored_copy() {
    let mut store = MemoryStore::new();
    let (id, _) = create(&mut store, &v1_draft(), "", T0).unwrap();
    let mut unsaved = v1_draft();
    set_intro(&mut unsaved, "还没保存的内容");
    let backup = export(&store, &Scope::One(id.clone()), Some((&id, &unsaved)), T0 + 1).unwrap();
    let plan = plan_import(decode_backup(backup.as_bytes()).unwrap(), &[]);
    assert_eq!(plan.rows[0].draft.as_ref().unwrap().intro, "还没保存的内容");
    // Memory-only mode: the open draft may not be in the store at all.
    let empty = MemoryStore::new();
    let backup = export(&empty, &Scope::All, Some(("d1", &unsaved)), T0).unwrap();
    assert_eq!(plan_import(decode_backup(backup.as_bytes()).unwrap(), &[]).importable(), 1);
}

#[test]
fn backups_carry_damaged_texts_and_restore_them() {
    let mut store = MemoryStore::new();
    create(&mut store, &v1_draft(), "", T0).unwrap();
    quarantine(&mut store, "损坏的原文 {", T0).unwrap();
    let backup = export(&store, &Scope::All, None, T0).unwrap();
    wipe(&mut store).unwrap();
    let plan = plan_import(decode_backup(backup.as_bytes()).unwrap(), &[]);
    let report = apply_import(&mut store, &plan, ImportMode::Replace, T0).unwrap();
    assert_eq!(report.damaged_kept, 1);
    assert!(store.entries().values().any(|v| v == "损坏的原文 {"));
}

#[test]
fn backup_files_are_validated_with_chinese_errors() {
    type Case = (Vec<u8>, fn(&BackupError) -> bool);
    let cases: Vec<Case> = vec![
        (Vec::new(), |e| *e == BackupError::Empty),
        (b"   \n".to_vec(), |e| *e == BackupError::Empty),
        (b"PK\x03\x04rest-of-a-docx".to_vec(), |e| *e == BackupError::Docx),
        (vec![0xff, 0xfe, 0x00, 0x81], |e| *e == BackupError::Binary),
        (b"{\"a\":\"\0\"}".to_vec(), |e| *e == BackupError::Binary),
        (b"{\"kind\":\"shuzhi-backup\",".to_vec(), |e| matches!(e, BackupError::NotJson(_))),
        ("这是一段文字".as_bytes().to_vec(), |e| matches!(e, BackupError::NotJson(_))),
        (b"[1,2,3]".to_vec(), |e| *e == BackupError::WrongFile),
        (read("not-a-draft.json").into_bytes(), |e| *e == BackupError::WrongFile),
        (b"{\"kind\":\"shuzhi-backup\",\"version\":9,\"drafts\":[]}".to_vec(), |e| *e == BackupError::Newer { version: 9 }),
        (b"{\"kind\":\"shuzhi-backup\",\"version\":1,\"drafts\":{}}".to_vec(), |e| matches!(e, BackupError::Damaged(_))),
        (b"{\"kind\":\"shuzhi-backup\",\"drafts\":[]}".to_vec(), |e| matches!(e, BackupError::Damaged(_))),
        (b"{\"kind\":\"shuzhi-backup\",\"version\":1,\"drafts\":[{\"meta\":{}}]}".to_vec(), |e| matches!(e, BackupError::Damaged(_))),
        // Deep nesting stops at serde_json's recursion limit, never overflows the stack.
        (format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes(), |e| matches!(e, BackupError::NotJson(_))),
        (vec![b' '; BACKUP_MAX_BYTES + 1], |e| matches!(e, BackupError::TooLarge { .. })),
    ];
    for (i, (bytes, is)) in cases.iter().enumerate() {
        let err = decode_backup(bytes).expect_err(&format!("case {i}"));
        assert!(is(&err), "case {i}: {err:?}");
        assert!(is_cjk_text(&err.to_string()), "case {i}: {err}");
    }
    // A UTF-8 BOM (Windows Notepad) is fine; a single saved draft is a backup of one.
    let mut bom = "\u{feff}".as_bytes().to_vec();
    bom.extend(read("draft-v1.json").into_bytes());
    let backup = decode_backup(&bom).unwrap();
    assert_eq!(plan_import(backup, &[]).importable(), 1);
    // Wrong fields inside an entry: that entry is refused with a reason, the others import.
    let plan = plan_import(decode_backup(read("backup-mixed.json").as_bytes()).unwrap(), &[]);
    assert!(matches!(plan.rows[1].draft, Err(DecodeError::Newer { version: 2 })));
    assert!(matches!(plan.rows[2].draft, Err(DecodeError::Damaged(_))));
    let mut store = MemoryStore::new();
    let report = apply_import(&mut store, &plan, ImportMode::Replace, T0).unwrap();
    assert_eq!((report.written.len(), report.failed.len()), (1, 2));
    assert!(report.failed.iter().all(|(_, why)| is_cjk_text(why)));
}

#[test]
fn backup_reminder_after_a_week() {
    let mut store = MemoryStore::new();
    assert_eq!(backup_due(None, &list(&store).unwrap(), T0 + 30 * DAY), None, "nothing written, nothing to back up");
    create(&mut store, &v1_draft(), "", T0).unwrap();
    let entries = list(&store).unwrap();
    assert_eq!(backup_due(None, &entries, T0 + 6 * DAY), None);
    assert_eq!(backup_due(None, &entries, T0 + 7 * DAY), Some(BackupDue::Never));
    assert_eq!(backup_due(Some(T0 + DAY), &entries, T0 + 20 * DAY), None, "nothing edited since the backup");
    assert_eq!(backup_due(Some(T0 - 8 * DAY), &entries, T0 + DAY), Some(BackupDue::Days(9)));
    assert_eq!(backup_due(Some(T0 - DAY), &entries, T0 + DAY), None);
    assert!(BackupDue::Days(9).to_string().contains("9 天"));
    record_backup(&mut store, T0 + DAY).unwrap();
    assert_eq!(start(&mut store, &default_template(), T0 + 2 * DAY).unwrap().last_backup, Some(T0 + DAY));
    assert_eq!(age_text(T0, T0 + 30_000), "刚刚");
    assert_eq!(age_text(T0, T0 + 5 * MINUTE), "5 分钟前");
    assert_eq!(age_text(T0, T0 + 3 * DAY), "3 天前");
}

#[test]
fn wipe_removes_every_app_key_and_nothing_else() {
    let mut store = MemoryStore::new();
    create(&mut store, &v1_draft(), "", T0).unwrap();
    quarantine(&mut store, "坏", T0).unwrap();
    record_backup(&mut store, T0).unwrap();
    store.set("other-app.settings", "keep me").unwrap();
    let app_keys = store.entries().keys().filter(|k| k.starts_with("shuzhi.")).count();
    assert!(app_keys >= 4);
    assert_eq!(wipe(&mut store).unwrap(), app_keys);
    assert_eq!(store.entries().keys().collect::<Vec<_>>(), vec!["other-app.settings"]);
}

#[test]
fn usage_counts_utf16_like_chromium() {
    let store = MemoryStore::with_entries([("shuzhi.a", "述职"), ("shuzhi.b", "ab"), ("x", "not ours")]);
    assert_eq!(usage(&store).unwrap(), 2 * (8 + 2 + 8 + 2));
    assert_eq!(utf16_len("𠀋"), 2);
    assert_eq!(format_bytes(1_258_291), "1.2 MB");
    assert_eq!(format_bytes(2048), "2 KB");
}

#[test]
fn sizes_are_written_as_the_float_formatter_wrote_them() {
    // Integer arithmetic now (the float formatter was 10 KB of the first load): the same text.
    for bytes in [0, 1, 1023, 1024, 1535, 1536, 2560, 1_048_575, 1_048_576, 1_153_434, 5 * 1024 * 1024, u64::from(u32::MAX)] {
        let b = bytes as f64;
        let float = if b >= 1_048_576.0 {
            format!("{:.1} MB", b / 1_048_576.0)
        } else if b >= 1024.0 {
            format!("{:.0} KB", (b / 1024.0).max(1.0))
        } else {
            format!("{bytes} B")
        };
        assert_eq!(format_bytes(bytes), float, "{bytes} bytes");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Whatever is typed comes back exactly after a save and a start-up.
    #[test]
    fn any_text_survives_save_and_start(intro in "\\PC{0,200}", title in ".{0,40}", body in "(\\PC|\n){0,300}") {
        let mut store = MemoryStore::chromium();
        let startup = start(&mut store, &default_template(), T0).unwrap();
        let Opened::Fresh { mut draft, .. } = startup.opened else { panic!() };
        let mut session = startup.session;
        set_intro(&mut draft, &intro);
        let item = draft.sections[0].items[0].id;
        apply(&mut draft, Edit::SetText { target: TextRef::ItemTitle { section: "work".into(), item }, value: title.clone() });
        apply(&mut draft, Edit::SetText { target: TextRef::ItemBody { section: "work".into(), item }, value: body.clone() });
        save(&mut store, &mut session, &draft, T0 + 1).unwrap();
        let again = start(&mut store, &default_template(), T0 + 2).unwrap();
        match again.opened {
            Opened::Stored { draft: back, .. } => prop_assert_eq!(back, draft),
            other => prop_assert!(false, "{:?}", other),
        }
    }

    /// Arbitrary bytes as a backup file: an error or a plan, never a panic.
    #[test]
    fn any_bytes_as_a_backup_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(backup) = decode_backup(&bytes) {
            let _ = plan_import(backup, &[]);
        }
    }

    /// Arbitrary stored text under a draft key: start-up opens, and the text survives verbatim.
    #[test]
    fn any_stored_text_is_opened_or_kept(raw in "\\PC{0,300}") {
        let mut store = MemoryStore::with_entries([("shuzhi.draft.x", raw.as_str())]);
        let startup = start(&mut store, &default_template(), T0).unwrap();
        prop_assert!(store.entries().values().any(|v| *v == raw));
        let _ = startup;
    }
}
