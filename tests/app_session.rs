//! This tab's storage session, natively over `MemoryStore`: saving and its status, a full or
//! refused store, another tab's saves (follow, diverge, delete, take over), newer and damaged
//! data, templates this computer does not have, and 清除本机数据. "Another tab" is a second
//! handle on the same store, as localStorage is shared between tabs.

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use common::{default_template, sample_draft};
use shuzhi::app::session::{Conflict, MemoryOnly, ReadOnly, Reaction, SaveStatus, StorageSession, StoreKind, Unsaved};
use shuzhi::report::library::{self, Blocked, MemoryStore, Store, StoreError};
use shuzhi::report::{apply, storage, Draft, Edit, TextRef};

/// A store two "tabs" share.
#[derive(Clone, Default)]
struct Shared(Rc<RefCell<MemoryStore>>);

impl Store for Shared {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.0.borrow().get(key)
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.0.borrow_mut().set(key, value)
    }
    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        self.0.borrow_mut().remove(key)
    }
    fn keys(&self) -> Result<Vec<String>, StoreError> {
        self.0.borrow().keys()
    }
}

const NOW: u64 = 1_733_000_000_000;

fn start(store: &Shared) -> (StorageSession, shuzhi::app::ToOpen) {
    let started = StorageSession::start(Ok((Box::new(store.clone()), StoreKind::Local)), default_template(), NOW);
    (started.session, started.open)
}

fn with_intro(draft: &Draft, intro: &str) -> Draft {
    let mut draft = draft.clone();
    apply(&mut draft, Edit::SetText { target: TextRef::Intro, value: intro.into() });
    draft
}

fn stored(store: &Shared, id: &str) -> Option<Draft> {
    store.get(&library::draft_key(id)).ok().flatten().map(|t| storage::decode(&t).expect("stored draft decodes"))
}

/// Another tab saves `intro` into draft `id`; returns the value it wrote (the `storage` event's).
fn other_tab_saves(store: &Shared, id: &str, intro: &str) -> String {
    let draft = with_intro(&stored(store, id).expect("stored"), intro);
    let json = storage::encode(&draft);
    store.clone().set(&library::draft_key(id), &json).expect("write");
    json
}

#[test]
fn a_change_is_saved_on_flush_and_an_untouched_new_draft_is_never_stored() {
    let store = Shared::default();
    let (mut session, open) = start(&store);
    assert_eq!(session.status(), &SaveStatus::Idle);
    session.queue(&open.id, &open.opened.draft, NOW);
    session.flush(NOW);
    assert!(store.keys().expect("keys").is_empty(), "a new draft nobody typed in leaves no key");

    let typed = with_intro(&open.opened.draft, "一年来");
    session.queue(&open.id, &typed, NOW);
    assert_eq!(session.status(), &SaveStatus::Saving);
    assert!(session.unsaved_work());
    session.flush(NOW + 300);
    assert!(matches!(session.status(), SaveStatus::Saved { at, .. } if *at == NOW + 300));
    assert_eq!(stored(&store, &open.id), Some(typed));
    assert!(!session.unsaved_work());
}

#[test]
fn a_full_store_keeps_the_change_pending_and_says_so() {
    let store = Shared::default();
    let (mut session, open) = start(&store);
    let first = with_intro(&open.opened.draft, "第一版");
    session.queue(&open.id, &first, NOW);
    session.flush(NOW);
    store.0.borrow_mut().faults.writes_quota = true;
    let second = with_intro(&first, "第二版");
    session.queue(&open.id, &second, NOW);
    session.flush(NOW + 1);
    assert_eq!(session.status(), &SaveStatus::Unsaved(Unsaved::Store(StoreError::Quota)));
    assert_eq!(session.alerts().save_failed, Some(StoreError::Quota));
    assert!(session.unsaved_work(), "closing now would lose the second version");
    assert_eq!(stored(&store, &open.id), Some(first), "the last copy that fit stays");
    // Room again: the pending change is written by the next flush.
    store.0.borrow_mut().faults.writes_quota = false;
    session.flush(NOW + 2);
    assert_eq!(stored(&store, &open.id), Some(second));
    assert_eq!(session.alerts().save_failed, None);
}

#[test]
fn a_store_that_cannot_be_read_means_memory_only() {
    let refused = StorageSession::start(Err(MemoryOnly::Refused(StoreError::Unavailable("SecurityError".into()))), default_template(), NOW);
    let mut session = refused.session;
    assert_eq!(session.kind(), StoreKind::Memory);
    assert!(session.is_memory_only());
    assert_eq!(session.status(), &SaveStatus::Unsaved(Unsaved::MemoryOnly));
    let typed = with_intro(&refused.open.opened.draft, "只在内存里");
    session.queue(&refused.open.id, &typed, NOW);
    session.flush(NOW);
    assert_eq!(session.status(), &SaveStatus::Unsaved(Unsaved::MemoryOnly));
    assert!(session.unsaved_work(), "memory-only work is lost with the page");

    // A store whose reads throw at start-up gives the same mode.
    let throwing = Shared::default();
    throwing.0.borrow_mut().faults.reads = true;
    let (session, _) = start(&throwing);
    assert!(session.is_memory_only());
    assert!(matches!(session.alerts().memory_only, Some(MemoryOnly::Refused(StoreError::Unavailable(_)))));
}

#[test]
fn another_tabs_save_is_followed_when_this_tab_has_nothing_unsaved() {
    let store = Shared::default();
    let (mut session, open) = start(&store);
    session.queue(&open.id, &with_intro(&open.opened.draft, "本页写的"), NOW);
    session.flush(NOW);
    let json = other_tab_saves(&store, &open.id, "另一页写的");
    let reaction = session.on_storage_event(Some(library::draft_key(&open.id)), Some(json.clone()));
    let Reaction::Follow(theirs) = reaction else { panic!("expected to follow, got {reaction:?}") };
    assert_eq!(theirs.draft.intro, "另一页写的");
    assert_eq!(session.read_only(), Some(ReadOnly::OtherTab(Conflict::Following)));
    // Nothing this tab queues now is written over the other tab's save.
    session.queue(&open.id, &with_intro(&open.opened.draft, "本页又写"), NOW + 1);
    session.flush(NOW + 1);
    assert_eq!(store.get(&library::draft_key(&open.id)).expect("get"), Some(json));
    // 在本页继续编辑: the newest copy becomes this tab's own.
    let taken = session.take_over(&open.opened.draft, NOW + 2).expect("take over").expect("a stored copy");
    assert_eq!(taken.draft.intro, "另一页写的");
    assert_eq!(session.read_only(), None);
    session.queue(&open.id, &with_intro(&taken.draft, "接着写"), NOW + 3);
    session.flush(NOW + 3);
    assert_eq!(stored(&store, &open.id).map(|d| d.intro), Some("接着写".into()));
}

#[test]
fn unsaved_changes_and_another_tabs_save_lose_neither() {
    let store = Shared::default();
    let (mut session, open) = start(&store);
    let first = with_intro(&open.opened.draft, "第一版");
    session.queue(&open.id, &first, NOW);
    session.flush(NOW);
    let mine = with_intro(&first, "第一版，本页新加的");
    session.queue(&open.id, &mine, NOW + 1);
    let json = other_tab_saves(&store, &open.id, "第一版，另一页新加的");
    assert_eq!(session.on_storage_event(Some(library::draft_key(&open.id)), Some(json)), Reaction::Freeze);
    assert_eq!(session.read_only(), Some(ReadOnly::OtherTab(Conflict::Diverged)));
    // 另存为新报告 keeps this tab's text as a second draft.
    let created = session.create(mine.clone(), "", NOW + 2).expect("save as new");
    assert_ne!(created.id, open.id);
    assert_eq!(stored(&store, &created.id).map(|d| d.intro), Some("第一版，本页新加的".into()));
    assert_eq!(stored(&store, &open.id).map(|d| d.intro), Some("第一版，另一页新加的".into()));
    assert_eq!(session.read_only(), None);
}

#[test]
fn loading_the_other_tabs_version_keeps_this_tabs_text_as_a_snapshot() {
    let store = Shared::default();
    let (mut session, open) = start(&store);
    let first = with_intro(&open.opened.draft, "第一版");
    session.queue(&open.id, &first, NOW);
    session.flush(NOW);
    let mine = with_intro(&first, "本页的修改");
    session.queue(&open.id, &mine, NOW + 1);
    let json = other_tab_saves(&store, &open.id, "另一页的修改");
    session.on_storage_event(Some(library::draft_key(&open.id)), Some(json));
    let taken = session.take_over(&mine, NOW + 2).expect("take over").expect("stored copy");
    assert_eq!(taken.draft.intro, "另一页的修改");
    let snapshots = session.snapshots(&open.id).expect("snapshots");
    assert!(snapshots.iter().any(|s| s.decode().map(|d| d.intro == "本页的修改").unwrap_or(false)), "this tab's text is in 版本记录");
}

#[test]
fn a_deleted_draft_freezes_and_the_catch_up_sees_a_save_made_before_listening() {
    let store = Shared::default();
    let (mut session, open) = start(&store);
    session.queue(&open.id, &with_intro(&open.opened.draft, "写了"), NOW);
    session.flush(NOW);
    // Another tab saved before this tab's listener was in place: no event, the catch-up sees it.
    other_tab_saves(&store, &open.id, "趁没监听时写的");
    assert!(matches!(session.catch_up_with_other_tabs(), Reaction::Follow(_)));
    let (mut session, open) = start(&store);
    assert_eq!(session.catch_up_with_other_tabs(), Reaction::Nothing, "nothing new: nothing to do");
    store.clone().remove(&library::draft_key(&open.id)).expect("remove");
    assert_eq!(session.on_storage_event(None, None), Reaction::Freeze);
    assert_eq!(session.read_only(), Some(ReadOnly::OtherTab(Conflict::Deleted)));
}

#[test]
fn other_keys_only_redraw_the_lists() {
    let store = Shared::default();
    let (mut session, _) = start(&store);
    let version = session.data_version();
    assert_eq!(session.on_storage_event(Some("shuzhi.index".into()), Some("[]".into())), Reaction::Nothing);
    assert!(session.data_version() > version);
    let version = session.data_version();
    assert_eq!(session.on_storage_event(Some("someone-else".into()), None), Reaction::Nothing);
    assert_eq!(session.data_version(), version);
}

#[test]
fn a_newer_versions_draft_opens_read_only() {
    let store = Shared::default();
    let newer = common::fixture("storage/draft-v2-newer.json");
    store.clone().set("shuzhi.draft.d5", &newer).expect("seed");
    let (mut session, open) = start(&store);
    assert_eq!(open.id, "d5");
    assert!(matches!(open.read_only, Some(ReadOnly::Newer { .. })));
    session.queue(&open.id, &with_intro(&open.opened.draft, "改"), NOW);
    session.flush(NOW);
    assert_eq!(store.get("shuzhi.draft.d5").expect("get"), Some(newer), "never written");
    assert!(matches!(session.status(), SaveStatus::Unsaved(Unsaved::Blocked(Blocked::Newer { .. }))));
}

#[test]
fn damaged_data_is_reported_and_kept() {
    let store = Shared::default();
    let damaged = common::fixture("storage/draft-truncated.txt");
    store.clone().set("shuzhi.draft.d9", &damaged).expect("seed");
    let (session, _) = start(&store);
    assert_eq!(session.alerts().damaged.len(), 1);
    let key = session.alerts().damaged_keys.first().cloned().expect("kept under a key");
    assert_eq!(session.damaged_text(&key).expect("kept"), damaged);
}

#[test]
fn a_draft_of_a_template_this_computer_lacks_opens_with_the_fallback_and_a_notice() {
    let store = Shared::default();
    let mut draft = sample_draft();
    draft.template_id = "danwei-xiafa".into();
    store.clone().set("shuzhi.draft.d3", &storage::encode(&draft)).expect("seed");
    let (mut session, open) = start(&store);
    let missing = open.opened.missing.clone().expect("a notice");
    assert_eq!(missing.template_id, "danwei-xiafa");
    assert_eq!(open.opened.template.id, default_template().id);
    assert!(open.opened.draft.written_chars() >= sample_draft().written_chars() - 10, "nothing dropped");
    // Once the template is loaded here, the draft opens with it.
    let mut own = default_template();
    own.id = "danwei-xiafa".into();
    own.name = "单位下发的模板".into();
    session.load_template(&own.to_json()).expect("load");
    let reopened = session.open("d3", NOW).expect("open");
    assert_eq!(reopened.opened.missing, None);
    assert_eq!(reopened.opened.template.id, "danwei-xiafa");
}

#[test]
fn wiping_stops_every_later_save() {
    let store = Shared::default();
    let (mut session, open) = start(&store);
    session.queue(&open.id, &with_intro(&open.opened.draft, "写了"), NOW);
    session.flush(NOW);
    session.queue(&open.id, &with_intro(&open.opened.draft, "又写了"), NOW + 1);
    assert!(session.wipe().expect("wipe") > 0);
    session.flush(NOW + 2);
    session.queue(&open.id, &with_intro(&open.opened.draft, "再写"), NOW + 3);
    session.flush(NOW + 3);
    assert!(store.keys().expect("keys").iter().all(|k| !library::is_app_key(k)), "nothing written after the wipe");
}

#[test]
fn the_step_shown_last_is_remembered_once_the_draft_is_stored_and_never_after_a_wipe() {
    let store = Shared::default();
    let (mut session, open) = start(&store);
    session.remember_step("#/s/work");
    assert!(store.keys().expect("keys").is_empty(), "an untouched new draft leaves nothing behind");
    session.queue(&open.id, &with_intro(&open.opened.draft, "一年来"), NOW);
    session.flush(NOW + 300);
    session.remember_step("#/s/work");
    // Reopening: the same draft opens, at the step shown last.
    let (again, reopened) = start(&store);
    assert_eq!(reopened.id, open.id);
    assert_eq!(again.last_step().as_deref(), Some("#/s/work"));
    session.wipe().expect("wipe");
    session.remember_step("#/check");
    assert!(store.keys().expect("keys").is_empty(), "nothing is written after 清除本机数据");
}
