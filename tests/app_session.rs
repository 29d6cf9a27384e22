//! This tab's storage session, natively over `MemoryStore`: saving and its status, a full or
//! refused store, another tab's saves (follow, diverge, delete, take over) without Web Locks and
//! with them (one writer, followers, handing over on close and on 在本页继续编辑), the passphrase
//! lock switched on in another tab, newer and damaged data, templates this computer does not
//! have, and 清除本机数据. "Another tab" is a second handle on the same store, as localStorage is
//! shared between tabs; the browser's Web Locks are played by the test, answering each tab's
//! `lock_wish` as the browser would.

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use common::{default_template, sample_draft};
use shuzhi::app::session::{
    writer_key, Ask, Conflict, Handover, MemoryOnly, Reaction, ReadOnly, Role, SaveStatus, SessionError, StorageSession, StoreKind, Tabs, Unsaved,
};
use shuzhi::report::library::{self, Blocked, MemoryStore, Store, StoreError};
use shuzhi::report::lock::LOCK_KEY;
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
    let reaction = session.on_storage_event(Some(library::draft_key(&open.id)), Some(json.clone()), NOW);
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
    assert_eq!(session.on_storage_event(Some(library::draft_key(&open.id)), Some(json), NOW), Reaction::Freeze);
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
    session.on_storage_event(Some(library::draft_key(&open.id)), Some(json), NOW);
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
    assert!(matches!(session.catch_up_with_other_tabs(NOW), Reaction::Follow(_)));
    let (mut session, open) = start(&store);
    assert_eq!(session.catch_up_with_other_tabs(NOW), Reaction::Nothing, "nothing new: nothing to do");
    store.clone().remove(&library::draft_key(&open.id)).expect("remove");
    assert_eq!(session.on_storage_event(None, None, NOW), Reaction::Freeze);
    assert_eq!(session.read_only(), Some(ReadOnly::OtherTab(Conflict::Deleted)));
}

#[test]
fn other_keys_only_redraw_the_lists() {
    let store = Shared::default();
    let (mut session, _) = start(&store);
    let version = session.data_version();
    assert_eq!(session.on_storage_event(Some("shuzhi.index".into()), Some("[]".into()), NOW), Reaction::Nothing);
    assert!(session.data_version() > version);
    let version = session.data_version();
    assert_eq!(session.on_storage_event(Some("someone-else".into()), None, NOW), Reaction::Nothing);
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

// ---------------------------------------------------------------------------------------------
// One writer at a time (Web Locks)

/// A tab under Web Locks, its token, and the draft it shows.
struct Tab {
    session: StorageSession,
    id: String,
    shown: Draft,
    token: &'static str,
}

impl Tab {
    /// Opens the app on `store` with Web Locks; the browser answers the first request with
    /// `granted` (true: no one held the lock).
    fn open(store: &Shared, token: &'static str, granted: bool) -> Tab {
        let (mut session, open) = start(store);
        session.use_locks(token);
        let wish = session.lock_wish().expect("asks for the lock");
        assert_eq!(wish.ask, Ask::IfAvailable);
        assert_eq!(wish.name, library::draft_key(&open.id));
        let mut tab = Tab { session, id: open.id, shown: open.opened.draft, token };
        if granted {
            let mark = store.get(&writer_key(&tab.id)).expect("get");
            assert_eq!(tab.session.lock_granted(wish.ticket, mark.as_deref(), NOW), Handover::Done(Reaction::Nothing));
        } else {
            let mark = store.get(&writer_key(&tab.id)).expect("get");
            let reaction = tab.session.lock_unavailable(wish.ticket, mark.as_deref());
            tab.show(reaction);
        }
        tab
    }

    fn ticket(&self) -> u64 {
        self.session.lock_wish().expect("a lock request").ticket
    }

    fn role(&self) -> Role {
        match self.session.tabs() {
            Tabs::Locks(role) => role,
            other => panic!("not under Web Locks: {other:?}"),
        }
    }

    /// What the UI does with a reaction: show the stored copy.
    fn show(&mut self, reaction: Reaction) {
        if let Reaction::Follow(opened) = reaction {
            self.shown = opened.draft;
        }
    }

    /// A `storage` event from another tab, handled and shown.
    fn event(&mut self, key: String, value: Option<String>, now: u64) {
        let reaction = self.session.on_storage_event(Some(key), value, now);
        self.show(reaction);
    }

    /// Types `intro` (if writable, the reducer takes it) and lets the autosave write it.
    fn types(&mut self, intro: &str, at: u64) {
        assert_eq!(self.session.read_only(), None, "{} is writable", self.token);
        self.shown = with_intro(&self.shown, intro);
        self.session.queue(&self.id, &self.shown, at);
        self.session.flush(at);
    }

    /// The UI's part of the writer mark: kept while the session says so, removed after.
    fn sync_mark(&self, store: &Shared) {
        let key = writer_key(&self.id);
        match self.session.writer_mark() {
            Some((k, token)) => store.clone().set(&k, &token).expect("mark"),
            None => {
                if store.get(&key).expect("get").as_deref() == Some(self.token) {
                    store.clone().remove(&key).expect("unmark");
                }
            }
        }
    }
}

#[test]
fn under_web_locks_the_first_tab_writes_and_the_second_follows_read_only() {
    let store = Shared::default();
    let mut a = Tab::open(&store, "a", true);
    assert_eq!(a.role(), Role::Writer);
    a.sync_mark(&store);
    assert_eq!(store.get(&writer_key(&a.id)).expect("get"), None, "a new draft not stored yet is not marked");
    a.types("A 写的", NOW);
    a.sync_mark(&store);
    assert_eq!(store.get(&writer_key(&a.id)).expect("get").as_deref(), Some("a"), "the writer marks the draft once stored");

    let mut b = Tab::open(&store, "b", false);
    assert_eq!(b.id, a.id, "both show the last opened draft");
    assert_eq!(b.role(), Role::Follower);
    assert_eq!(b.session.read_only(), Some(ReadOnly::OtherTab(Conflict::OtherWriter)));
    assert_eq!(b.session.status(), &SaveStatus::Following, "nothing of B's is unsaved");
    assert_eq!(b.session.lock_wish().map(|w| w.ask), Some(Ask::Queue), "B queues to write next");
    assert!(b.session.writer_mark().is_none());

    // A saves again: B shows it, and re-queueing what it was shown writes nothing.
    a.types("A 写的，又写了", NOW + 1);
    let json = store.get(&library::draft_key(&a.id)).expect("get");
    let reaction = b.session.on_storage_event(Some(library::draft_key(&b.id)), json.clone(), NOW + 1);
    b.show(reaction);
    assert_eq!(b.shown.intro, "A 写的，又写了");
    b.session.queue(&b.id, &b.shown.clone(), NOW + 2);
    b.session.flush(NOW + 2);
    assert_eq!(store.get(&library::draft_key(&a.id)).expect("get"), json);
    assert!(!b.session.unsaved_work());
    assert_eq!(b.session.read_only(), Some(ReadOnly::OtherTab(Conflict::OtherWriter)));
}

#[test]
fn when_the_writer_closes_the_follower_writes_on_from_its_last_save() {
    let store = Shared::default();
    let mut a = Tab::open(&store, "a", true);
    a.types("第一句。", NOW);
    a.sync_mark(&store);
    let mut b = Tab::open(&store, "b", false);
    let queued = b.ticket();
    // A's last save and its mark's removal are on their way; the lock reaches B first.
    a.types("第一句。第二句。", NOW + 1);
    let mark = store.get(&writer_key(&a.id)).expect("get");
    assert_eq!(b.session.lock_granted(queued, mark.as_deref(), NOW + 2), Handover::Wait);
    assert_eq!(b.role(), Role::TakingOver);
    assert_eq!(b.session.read_only(), Some(ReadOnly::OtherTab(Conflict::TakingOver)), "still read-only");
    let json = store.get(&library::draft_key(&a.id)).expect("get");
    b.event(library::draft_key(&b.id), json, NOW + 2);
    a.session.flush(NOW + 2); // pagehide
    drop(a);
    store.clone().remove(&writer_key(&b.id)).expect("A's mark goes");
    b.event(writer_key(&b.id), None, NOW + 3);
    assert_eq!(b.role(), Role::Writer);
    assert_eq!(b.session.read_only(), None);
    assert_eq!(b.shown.intro, "第一句。第二句。");
    b.sync_mark(&store);
    b.types("第一句。第二句。B 接着写。", NOW + 4);
    assert_eq!(stored(&store, &b.id).map(|d| d.intro), Some("第一句。第二句。B 接着写。".into()));
}

#[test]
fn edit_here_takes_the_lock_and_the_writer_saves_its_last_edit_before_following() {
    let store = Shared::default();
    let mut a = Tab::open(&store, "a", true);
    a.types("A 的第一句。", NOW);
    a.sync_mark(&store);
    let mut b = Tab::open(&store, "b", false);
    // A types; the debounce has not written it yet when B takes over.
    a.shown = with_intro(&a.shown, "A 的第一句。A 刚打的字。");
    a.session.queue(&a.id, &a.shown, NOW + 1);
    assert_eq!(b.session.take_over(&b.shown.clone(), NOW + 1), Ok(None), "nothing to show before the lock is there");
    let wish = b.session.lock_wish().expect("wish");
    assert_eq!(wish.ask, Ask::Steal);
    assert_eq!(b.session.read_only(), Some(ReadOnly::OtherTab(Conflict::TakingOver)));
    let mark = store.get(&writer_key(&a.id)).expect("get");
    assert_eq!(b.session.lock_granted(wish.ticket, mark.as_deref(), NOW + 1), Handover::Wait, "A's last save may be on its way");

    // A learns it lost the lock: its last edit is saved, then it follows.
    let lost = a.ticket();
    a.session.lock_lost(lost, NOW + 2);
    assert_eq!(stored(&store, &a.id).map(|d| d.intro), Some("A 的第一句。A 刚打的字。".into()));
    assert_eq!(a.role(), Role::Follower);
    assert_eq!(a.session.read_only(), Some(ReadOnly::OtherTab(Conflict::OtherWriter)));
    assert_eq!(a.session.lock_wish().map(|w| w.ask), Some(Ask::Queue));
    assert!(a.session.writer_mark().is_none());
    a.sync_mark(&store);
    assert_eq!(store.get(&writer_key(&a.id)).expect("get"), None, "A's mark goes after its last save");

    let json = store.get(&library::draft_key(&b.id)).expect("get");
    b.event(library::draft_key(&b.id), json, NOW + 2);
    b.event(writer_key(&b.id), None, NOW + 2);
    assert_eq!(b.role(), Role::Writer);
    assert_eq!(b.shown.intro, "A 的第一句。A 刚打的字。", "B writes on from A's last keystroke");
    b.sync_mark(&store);
    b.types("A 的第一句。A 刚打的字。B 的。", NOW + 3);

    // And back: A takes over from B the same way.
    let json = store.get(&library::draft_key(&a.id)).expect("get");
    a.event(library::draft_key(&a.id), json, NOW + 3);
    assert_eq!(a.shown.intro, "A 的第一句。A 刚打的字。B 的。", "A followed");
    assert_eq!(a.session.take_over(&a.shown.clone(), NOW + 4), Ok(None));
    let steal = a.ticket();
    let mark = store.get(&writer_key(&a.id)).expect("get");
    assert_eq!(a.session.lock_granted(steal, mark.as_deref(), NOW + 4), Handover::Wait);
    let lost = b.ticket();
    b.session.lock_lost(lost, NOW + 4);
    b.sync_mark(&store);
    a.event(writer_key(&a.id), None, NOW + 5);
    a.sync_mark(&store);
    a.types("A 的第一句。A 刚打的字。B 的。A 又写。", NOW + 6);
    assert_eq!(stored(&store, &a.id).map(|d| d.intro), Some("A 的第一句。A 刚打的字。B 的。A 又写。".into()));
}

#[test]
fn a_crashed_writers_mark_delays_the_handover_only_until_the_timeout() {
    let store = Shared::default();
    let mut a = Tab::open(&store, "a", true);
    a.types("崩溃前保存的。", NOW);
    a.sync_mark(&store);
    let mut b = Tab::open(&store, "b", false);
    drop(a); // crashed: its mark stays
    let ticket = b.ticket();
    assert_eq!(b.session.lock_granted(ticket, Some("a"), NOW + 1), Handover::Wait);
    assert_eq!(b.session.handover_timeout(ticket + 1, NOW + 1), Reaction::Nothing, "another request's timeout");
    let reaction = b.session.handover_timeout(ticket, NOW + 2001);
    b.show(reaction);
    assert_eq!(b.role(), Role::Writer);
    assert_eq!(b.session.read_only(), None);
    b.sync_mark(&store);
    assert_eq!(store.get(&writer_key(&b.id)).expect("get").as_deref(), Some("b"), "B's mark replaces the stale one");
    b.types("崩溃前保存的。接着写。", NOW + 2002);
    assert_eq!(stored(&store, &b.id).map(|d| d.intro), Some("崩溃前保存的。接着写。".into()));
}

#[test]
fn the_writer_takes_a_late_save_when_nothing_is_unsaved_and_keeps_both_otherwise() {
    let store = Shared::default();
    let mut b = Tab::open(&store, "b", true);
    b.types("B 写的。", NOW);
    // A save by a tab without the lock (its last one, late; an older version of the app).
    let json = other_tab_saves(&store, &b.id, "晚到的保存。");
    b.event(library::draft_key(&b.id), Some(json), NOW + 1);
    assert_eq!(b.shown.intro, "晚到的保存。");
    assert_eq!(b.session.read_only(), None, "still the writer");
    b.types("晚到的保存。B 接着写。", NOW + 2);
    assert_eq!(stored(&store, &b.id).map(|d| d.intro), Some("晚到的保存。B 接着写。".into()));

    // With an edit of its own waiting, neither text is lost: B stops, keeps its text, and
    // loading the other version puts B's into 版本记录.
    b.shown = with_intro(&b.shown, "B 没保存的。");
    b.session.queue(&b.id, &b.shown, NOW + 3);
    let json = other_tab_saves(&store, &b.id, "又一个晚到的。");
    assert_eq!(b.session.on_storage_event(Some(library::draft_key(&b.id)), Some(json), NOW + 3), Reaction::Freeze);
    assert_eq!(b.session.read_only(), Some(ReadOnly::OtherTab(Conflict::Diverged)));
    assert!(b.session.unsaved_work(), "closing now asks first");
    let taken = b.session.take_over(&b.shown.clone(), NOW + 4).expect("take over").expect("stored copy");
    assert_eq!(taken.draft.intro, "又一个晚到的。");
    assert_eq!(b.session.read_only(), None);
    let snapshots = b.session.snapshots(&b.id).expect("snapshots");
    assert!(snapshots.iter().any(|s| s.decode().map(|d| d.intro == "B 没保存的。").unwrap_or(false)), "B's text is in 版本记录");
}

#[test]
fn an_edit_that_reaches_a_follower_before_it_turns_read_only_is_kept() {
    let store = Shared::default();
    let mut a = Tab::open(&store, "a", true);
    a.types("A 的。", NOW);
    a.sync_mark(&store);
    let mut b = Tab::open(&store, "b", false);
    // The keystroke was taken by B's fields before the read-only flag reached them.
    let typed = with_intro(&b.shown, "A 的。B 刚打的字。");
    b.session.queue(&b.id, &typed, NOW + 1);
    assert_eq!(b.session.read_only(), Some(ReadOnly::OtherTab(Conflict::Diverged)));
    assert!(b.session.unsaved_work());
    let created = b.session.create(typed, "", NOW + 2).expect("另存为新报告");
    assert_eq!(stored(&store, &created.id).map(|d| d.intro), Some("A 的。B 刚打的字。".into()));
    assert_eq!(stored(&store, &a.id).map(|d| d.intro), Some("A 的。".into()), "A's copy untouched");
    assert_eq!(
        b.session.lock_wish().map(|w| (w.name, w.ask)),
        Some((library::draft_key(&created.id), Ask::IfAvailable)),
        "the new draft's lock is asked for"
    );
}

#[test]
fn answers_to_an_older_request_change_nothing() {
    let store = Shared::default();
    let _a = Tab::open(&store, "a", true);
    let mut b = Tab::open(&store, "b", false);
    let queued = b.ticket();
    b.session.take_over(&b.shown.clone(), NOW).expect("edit here");
    let stolen = b.ticket();
    assert_ne!(queued, stolen);
    // The queued request, dropped by the UI, is answered later anyway.
    assert_eq!(b.session.lock_granted(queued, None, NOW), Handover::Ignore);
    b.session.lock_lost(queued, NOW);
    assert_eq!(b.session.lock_unavailable(queued, Some("a")), Reaction::Nothing);
    assert_eq!(b.session.lock_wish().map(|w| (w.ask, w.ticket)), Some((Ask::Steal, stolen)));
}

#[test]
fn when_the_browser_refuses_web_locks_every_tab_writes_optimistically() {
    let store = Shared::default();
    let (mut session, open) = start(&store);
    assert_eq!(session.tabs(), Tabs::Optimistic, "without Web Locks");
    assert_eq!(session.lock_wish(), None);
    session.use_locks("a");
    let ticket = session.lock_wish().expect("wish").ticket;
    session.locks_failed(ticket);
    assert_eq!(session.tabs(), Tabs::Optimistic);
    assert_eq!(session.lock_wish(), None);
    session.queue(&open.id, &with_intro(&open.opened.draft, "照常保存"), NOW);
    session.flush(NOW);
    assert_eq!(stored(&store, &open.id).map(|d| d.intro), Some("照常保存".into()));
    // Memory-only mode shares nothing: no locks either.
    let memory = StorageSession::start(Err(MemoryOnly::StillLocked), default_template(), NOW);
    let mut session = memory.session;
    session.use_locks("m");
    assert_eq!(session.tabs(), Tabs::Alone);
    assert_eq!(session.lock_wish(), None);
}

// ---------------------------------------------------------------------------------------------
// The passphrase lock switched on in another tab

/// What turning the lock on in another tab does to the store: the record, every value encrypted.
fn lock_turned_on_elsewhere(store: &Shared) {
    let keys = store.keys().expect("keys");
    for key in keys.iter().filter(|k| library::is_app_key(k)) {
        store.clone().set(key, "shuzhi-enc:1:AAAA").expect("encrypt");
    }
    store.clone().set(LOCK_KEY, r#"{"version":1}"#).expect("record");
}

fn plain_text_anywhere(store: &Shared, text: &str) -> Vec<String> {
    store.0.borrow().entries().iter().filter(|(_, v)| v.contains(text)).map(|(k, _)| k.clone()).collect()
}

#[test]
fn once_the_lock_is_on_elsewhere_this_tab_writes_no_plain_text() {
    for with_event in [true, false] {
        let store = Shared::default();
        let (mut session, open) = start(&store);
        session.queue(&open.id, &with_intro(&open.opened.draft, "上锁前写的"), NOW);
        session.flush(NOW);
        lock_turned_on_elsewhere(&store);
        if with_event {
            assert_eq!(session.on_storage_event(Some(LOCK_KEY.into()), store.get(LOCK_KEY).expect("get"), NOW), Reaction::Freeze);
            assert_eq!(session.read_only(), Some(ReadOnly::OtherTab(Conflict::LockChanged)));
        }
        let typed = with_intro(&open.opened.draft, "上锁后写的机密");
        session.queue(&open.id, &typed, NOW + 1);
        session.flush(NOW + 1);
        assert_eq!(plain_text_anywhere(&store, "机密"), Vec::<String>::new(), "event seen: {with_event}");
        assert_eq!(session.read_only(), Some(ReadOnly::OtherTab(Conflict::LockChanged)));
        assert_eq!(session.status(), &SaveStatus::Unsaved(Unsaved::LockChanged));
        assert!(session.unsaved_work(), "closing asks first");
        // 把本页内容另存为新报告 can't store it either.
        assert_eq!(session.create(typed, "", NOW + 2).map(|o| o.id), Err(SessionError::LockChanged));
        assert_eq!(plain_text_anywhere(&store, "机密"), Vec::<String>::new());
        assert_eq!(store.get(LOCK_KEY).expect("get").as_deref(), Some(r#"{"version":1}"#));
    }
}

#[test]
fn a_new_report_not_yet_stored_is_not_written_once_the_lock_is_on_elsewhere() {
    let store = Shared::default();
    let (mut session, _) = start(&store);
    let fresh = session.fresh(NOW);
    lock_turned_on_elsewhere(&store);
    session.queue(&fresh.id, &with_intro(&fresh.opened.draft, "新报告里的机密"), NOW + 1);
    session.flush(NOW + 1);
    assert_eq!(plain_text_anywhere(&store, "机密"), Vec::<String>::new());
    assert_eq!(store.get(&library::draft_key(&fresh.id)).expect("get"), None);
    // Under Web Locks the lock is let go too, so the unlocked tab can write.
    let store = Shared::default();
    let mut tab = Tab::open(&store, "a", true);
    tab.types("已保存的", NOW);
    assert!(tab.session.writer_mark().is_some());
    lock_turned_on_elsewhere(&store);
    tab.session.on_storage_event(Some(LOCK_KEY.into()), Some("{}".into()), NOW);
    assert_eq!(tab.session.lock_wish(), None);
    assert_eq!(tab.session.writer_mark(), None);
}

#[test]
fn a_reloaded_writer_stays_the_writer_though_the_page_it_replaces_still_held_the_lock() {
    let store = Shared::default();
    let mut a = Tab::open(&store, "a", true);
    a.types("刷新前写的。", NOW);
    a.sync_mark(&store);
    // Reload: the old page's last save, then its mark goes (pagehide); the browser lets go of its
    // lock a moment later, after the new page asked.
    a.session.flush(NOW + 1);
    store.clone().remove(&writer_key(&a.id)).expect("unmark");
    let (mut session, open) = start(&store);
    session.use_locks("a2");
    let asked = session.lock_wish().expect("wish").ticket;
    assert_eq!(session.lock_unavailable(asked, None), Reaction::Nothing);
    assert_eq!(session.read_only(), None, "no banner, still writable");
    let queued = session.lock_wish().expect("queued");
    assert_eq!(queued.ask, Ask::Queue);
    // Typed before the lock came: saved, and kept once it comes.
    let typed = with_intro(&open.opened.draft, "刷新前写的。刷新后接着写。");
    session.queue(&open.id, &typed, NOW + 2);
    session.flush(NOW + 2);
    assert_eq!(session.lock_granted(queued.ticket, None, NOW + 3), Handover::Done(Reaction::Nothing));
    assert_eq!(session.tabs(), Tabs::Locks(Role::Writer));
    assert_eq!(session.read_only(), None);
    assert_eq!(stored(&store, &open.id).map(|d| d.intro), Some("刷新前写的。刷新后接着写。".into()));
}

#[test]
fn queued_for_a_lock_thought_let_go_a_tab_follows_once_a_writers_mark_appears() {
    let store = Shared::default();
    let mut a = Tab::open(&store, "a", true);
    a.types("A 的。", NOW);
    // B asks before A's mark is there (both just started): it queues quietly…
    let (mut b, _) = start(&store);
    b.use_locks("b");
    let asked = b.lock_wish().expect("wish").ticket;
    assert_eq!(b.lock_unavailable(asked, None), Reaction::Nothing);
    assert_eq!(b.read_only(), None);
    // …and follows A once A marks the draft.
    a.sync_mark(&store);
    b.on_storage_event(Some(writer_key(&a.id)), Some("a".into()), NOW + 1);
    assert_eq!(b.tabs(), Tabs::Locks(Role::Follower));
    assert_eq!(b.read_only(), Some(ReadOnly::OtherTab(Conflict::OtherWriter)));
    assert_eq!(b.lock_wish().map(|w| w.ask), Some(Ask::Queue));
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

#[test]
fn getting_the_lock_is_news_for_the_ui_only_when_the_writer_mark_comes_with_it() {
    // A new report, never stored, has no mark to keep: the grant at start-up re-renders nothing.
    let store = Shared::default();
    let (mut fresh, open) = start(&store);
    fresh.use_locks("a");
    let wish = fresh.lock_wish().expect("asks for the lock");
    let version = fresh.data_version();
    assert_eq!(fresh.lock_granted(wish.ticket, None, NOW), Handover::Done(Reaction::Nothing));
    assert_eq!(fresh.tabs(), Tabs::Locks(Role::Writer));
    assert_eq!(fresh.writer_mark(), None);
    assert_eq!(fresh.data_version(), version);
    // Once stored, the report reopens, and the grant brings the mark the autosave must set.
    fresh.queue(&open.id, &with_intro(&open.opened.draft, "存过一次。"), NOW + 1);
    fresh.flush(NOW + 1);
    let (mut again, reopened) = start(&store);
    assert_eq!(reopened.id, open.id);
    again.use_locks("b");
    let wish = again.lock_wish().expect("asks for the lock");
    let version = again.data_version();
    assert_eq!(again.lock_granted(wish.ticket, None, NOW + 2), Handover::Done(Reaction::Nothing));
    assert_eq!(again.writer_mark(), Some((writer_key(&open.id), "b".to_string())));
    assert!(again.data_version() > version, "the autosave's effect must run again to set the mark");
}
