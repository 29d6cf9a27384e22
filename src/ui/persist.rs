//! The browser side of storage: localStorage (or memory, when the browser refuses it) behind the
//! core's `Store` trait, and the one place this tab's storage state lives (the open draft's
//! session, the pending save, the banners). It only moves strings and calls the core: the layout,
//! the formats and every decision are in `report::library`.
//!
//! The state is per tab (one wasm instance), so it is a thread-local rather than a Yew context:
//! the autosave hook, the banners and 我的报告 all reach it without threading props through the
//! root component, and subscribers re-render when it changes.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use super::autosave::SaveStatus;
use super::browser;
use crate::report::library::{
    self, BackupDue, Blocked, Entry, ImportMode, ImportPlan, ImportReport, MemoryStore, Notice, OpenError, Opened,
    Removed, SaveError, Scope, Session, Store, StoreError,
};
use crate::report::storage::{self, format_bytes, SnapshotRecord};
use crate::report::convert::{implied_template, plan_switch};
use crate::report::template::{builtin, default_template, Template};
use crate::report::Draft;

// ---------------------------------------------------------------------------------------------
// The adapter

/// `window.localStorage` as a `Store`.
pub struct LocalStore(web_sys::Storage);

fn store_error(e: JsValue) -> StoreError {
    if browser::is_quota_error(&e) {
        StoreError::Quota
    } else {
        StoreError::Unavailable(browser::js_error_text(&e))
    }
}

impl Store for LocalStore {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.0.get_item(key).map_err(store_error)
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.0.set_item(key, value).map_err(store_error)
    }

    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        self.0.remove_item(key).map_err(store_error)
    }

    fn keys(&self) -> Result<Vec<String>, StoreError> {
        let n = self.0.length().map_err(store_error)?;
        let mut keys = Vec::with_capacity(n as usize);
        for i in 0..n {
            if let Some(key) = self.0.key(i).map_err(store_error)? {
                keys.push(key);
            }
        }
        Ok(keys)
    }

    /// The length straight from the JS string: measuring megabytes needs no copy into wasm.
    fn units(&self, key: &str) -> Result<Option<usize>, StoreError> {
        let get = js_sys::Reflect::get(&self.0, &JsValue::from_str("getItem")).map_err(store_error)?;
        let get: js_sys::Function = get.dyn_into().map_err(|_| StoreError::Unavailable("getItem 不可用".into()))?;
        let value = get.call1(&self.0, &JsValue::from_str(key)).map_err(store_error)?;
        Ok(value.dyn_ref::<js_sys::JsString>().map(|s| s.length() as usize))
    }
}

/// Where this tab's drafts live.
pub enum Backend {
    Local(LocalStore),
    /// Storage refused: drafts live in this page only (and are lost with it unless exported).
    Memory(MemoryStore),
    /// localStorage with the passphrase lock on: encrypted at rest (lock.rs).
    Locked(super::lock::LockedStore),
}

impl Store for Backend {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        match self {
            Backend::Local(s) => s.get(key),
            Backend::Memory(s) => s.get(key),
            Backend::Locked(s) => s.get(key),
        }
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        match self {
            Backend::Local(s) => s.set(key, value),
            Backend::Memory(s) => s.set(key, value),
            Backend::Locked(s) => s.set(key, value),
        }
    }
    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        match self {
            Backend::Local(s) => s.remove(key),
            Backend::Memory(s) => s.remove(key),
            Backend::Locked(s) => s.remove(key),
        }
    }
    fn keys(&self) -> Result<Vec<String>, StoreError> {
        match self {
            Backend::Local(s) => s.keys(),
            Backend::Memory(s) => s.keys(),
            Backend::Locked(s) => s.keys(),
        }
    }
    fn units(&self, key: &str) -> Result<Option<usize>, StoreError> {
        match self {
            Backend::Local(s) => s.units(key),
            Backend::Memory(s) => s.units(key),
            Backend::Locked(s) => s.units(key),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// This tab's storage state

/// Why the open draft is read-only because of another tab.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Conflict {
    /// This tab had nothing unsaved: it shows what the other tab saves.
    Following,
    /// This tab has changes the other tab's save would lose: kept here, nothing saved.
    Diverged,
    /// The draft was deleted elsewhere (or the site's data cleared); this tab still has it.
    Deleted,
}

/// What the banners show.
#[derive(Clone, PartialEq, Default, Debug)]
pub struct Alerts {
    /// Storage refused at start-up: memory-only mode, and why.
    pub memory_only: Option<String>,
    /// The last save failed (full storage, or storage threw): what typed since is in memory only.
    pub save_failed: Option<StoreError>,
    /// Texts about damaged data found at start-up.
    pub damaged: Vec<String>,
    /// The keys where that data is now (offered for download in the banner).
    pub damaged_keys: Vec<String>,
    /// The open draft was saved by a newer version (read-only).
    pub newer: Option<String>,
    pub conflict: Option<Conflict>,
    pub backup_due: Option<BackupDue>,
}

struct Pending {
    id: String,
    draft: Draft,
}

struct Shared {
    backend: Backend,
    session: Session,
    alerts: Alerts,
    status: SaveStatus,
    pending: Option<Pending>,
    /// Bumped on every change, so subscribers can tell.
    version: u64,
    listeners: Vec<(u64, Callback<()>)>,
    next_listener: u64,
}

thread_local! {
    static SHARED: RefCell<Option<Shared>> = const { RefCell::new(None) };
}

/// Runs `f` on the state (None before start-up). Listeners are told afterwards, outside the
/// borrow, so one of them reading the state again cannot panic.
fn with<R>(f: impl FnOnce(&mut Shared) -> R) -> Option<R> {
    let (result, listeners) = SHARED.with(|cell| {
        let Ok(mut guard) = cell.try_borrow_mut() else { return (None, Vec::new()) };
        let Some(shared) = guard.as_mut() else { return (None, Vec::new()) };
        let before = (shared.alerts.clone(), shared.status.clone(), shared.version);
        let result = f(shared);
        let changed = before != (shared.alerts.clone(), shared.status.clone(), shared.version);
        if changed {
            shared.version += 1;
        }
        let listeners = if changed { shared.listeners.iter().map(|(_, cb)| cb.clone()).collect() } else { Vec::new() };
        (Some(result), listeners)
    });
    for listener in listeners {
        listener.emit(());
    }
    result
}

/// Like `with`, for reads (no notification).
fn read<R>(f: impl FnOnce(&Shared) -> R) -> Option<R> {
    SHARED.with(|cell| cell.try_borrow().ok().and_then(|guard| guard.as_ref().map(f)))
}

/// Re-renders the calling component whenever the storage state changes; returns its version.
#[hook]
pub fn use_storage_version() -> u64 {
    let update = use_force_update();
    let version = read(|s| s.version).unwrap_or(0);
    use_effect_with((), move |_| {
        let id = subscribe(Callback::from({
            let update = update.clone();
            move |_| update.force_update()
        }));
        // Effects run after the render, and Yew may yield to the browser in between: a change
        // made then (a click, a storage event) notified no one, so catch up with it here.
        if read(|s| s.version).unwrap_or(0) != version {
            update.force_update();
        }
        move || unsubscribe(id)
    });
    version
}

pub fn subscribe(callback: Callback<()>) -> u64 {
    with(|s| {
        let id = s.next_listener;
        s.next_listener += 1;
        s.listeners.push((id, callback));
        id
    })
    .unwrap_or(0)
}

pub fn unsubscribe(id: u64) {
    with(|s| s.listeners.retain(|(i, _)| *i != id));
}

/// Tells subscribers that stored data changed (a list to redraw).
pub fn touch() {
    with(|s| s.version += 1);
}

pub fn now() -> u64 {
    js_sys::Date::now().max(0.0) as u64
}

// ---------------------------------------------------------------------------------------------
// Start-up

/// What the app opens with.
pub struct Started {
    pub id: String,
    pub template: Rc<Template>,
    pub draft: Draft,
    /// Why edits are refused, when they are.
    pub read_only: Option<String>,
    /// Something to tell the user about the draft (its template is not on this computer).
    pub notice: Option<String>,
}

pub const MEMORY_ONLY_STATUS: &str = "只在本页内存中，关闭页面就会丢失";

/// Reads storage, decides what to open (the core's `start`), and sets up this tab's state.
/// Storage that cannot be read at all switches to memory-only mode; nothing else stops the app.
pub fn start() -> Started {
    let template = default_template();
    let now = now();
    let mut memory_only = None;
    // The passphrase lock (lock.rs): its decrypted store once unlocked; encrypted storage is
    // never read as plain text.
    let local = match super::lock::unlocked_store() {
        Some(locked) => Ok(Backend::Locked(locked)),
        None if super::lock::locked_at_rest() => Err("报告已用口令加密，尚未解锁".to_string()),
        None => browser::local_storage().map(|storage| Backend::Local(LocalStore(storage))),
    };
    let (mut backend, startup) = match local {
        Ok(mut backend) => {
            match library::start(&mut backend, &template, now) {
                Ok(startup) => (backend, Some(startup)),
                Err(e) => {
                    memory_only = Some(match e {
                        StoreError::Unavailable(why) => why,
                        StoreError::Quota => "存储空间已满".into(),
                    });
                    (Backend::Memory(MemoryStore::new()), None)
                }
            }
        }
        Err(why) => {
            memory_only = Some(why);
            (Backend::Memory(MemoryStore::new()), None)
        }
    };
    let startup = match startup {
        Some(startup) => startup,
        // A memory store cannot fail.
        None => match library::start(&mut backend, &template, now) {
            Ok(startup) => startup,
            Err(_) => {
                let id = library::new_id(&[], now);
                library::Startup {
                    entries: Vec::new(),
                    opened: Opened::Fresh { id: id.clone(), draft: Draft::new(&template) },
                    session: Session::fresh(id),
                    notices: Vec::new(),
                    last_backup: None,
                }
            }
        },
    };

    let mut alerts = Alerts { memory_only, ..Alerts::default() };
    for notice in &startup.notices {
        match notice {
            Notice::Quarantined { kept_as, .. } => {
                alerts.damaged.push(notice.to_string());
                alerts.damaged_keys.push(kept_as.clone());
            }
            Notice::Unreadable { id, .. } => {
                alerts.damaged.push(notice.to_string());
                alerts.damaged_keys.push(library::draft_key(id));
            }
            Notice::IndexRebuilt { .. } => alerts.damaged.push(notice.to_string()),
            Notice::Newer { .. } => alerts.newer = Some(notice.to_string()),
            // Joining the list is what the user expects anyway: nothing to say.
            Notice::Migrated { .. } => {}
        }
    }
    alerts.backup_due = library::backup_due(startup.last_backup, &startup.entries, now);
    let (id, draft) = match startup.opened {
        Opened::Stored { id, draft } | Opened::ReadOnly { id, draft, .. } | Opened::Fresh { id, draft } => (id, draft),
    };
    // The shared state is not set up yet: templates loaded from files are read from `backend`.
    let (template, draft, notice) = conform_in(&backend, draft);
    let status = if alerts.memory_only.is_some() {
        SaveStatus::Unsaved(MEMORY_ONLY_STATUS.into())
    } else if let Some(blocked) = startup.session.blocked() {
        SaveStatus::Unsaved(blocked.to_string())
    } else {
        SaveStatus::Saved(String::new())
    };
    let read_only = alerts.newer.clone();
    let shared = Shared {
        backend,
        session: startup.session,
        alerts,
        status,
        pending: None,
        version: 0,
        listeners: Vec::new(),
        next_listener: 1,
    };
    SHARED.with(|cell| {
        if let Ok(mut guard) = cell.try_borrow_mut() {
            *guard = Some(shared);
        }
    });
    Started { id, template, draft, read_only, notice }
}

/// The draft's template (built-in, or loaded from a file on this computer) and the draft fitted
/// to it; a template this computer does not have gives the default one (see `conform_in`).
pub fn conform(draft: Draft) -> (Rc<Template>, Draft) {
    let (template, draft, _) = match read(|s| conform_in(&s.backend, draft.clone())) {
        Some(found) => found,
        None => conform_in(&MemoryStore::new(), draft),
    };
    (template, draft)
}

/// `conform` against a given store, with a notice when the draft's template is unknown here:
/// then the draft is switched to the default template (`convert`), by its sections' ids and
/// keywords, and what does not fit goes to 未归类内容 — nothing is dropped.
pub fn conform_in(store: &dyn Store, mut draft: Draft) -> (Rc<Template>, Draft, Option<String>) {
    if let Some(template) = library::find_template(store, &draft.template_id) {
        draft.conform_to(&template);
        return (Rc::new(template), draft, None);
    }
    let template = default_template();
    let switched = plan_switch(&draft, &implied_template(&draft), &template);
    let moved = if switched.moved.is_empty() {
        String::new()
    } else {
        format!("{}放在了“未归类内容”中（见“检查与导出”）。", switched.moved.join("、"))
    };
    let notice = format!(
        "这份报告使用的模板“{}”不在这台电脑上（可能是单位下发的模板文件还没有载入），已改用“{}”打开，对应得上的部分已放到相应位置。{moved}如需按原模板继续写：先在“我的报告”中载入该模板文件，再在“版本记录”中恢复打开前的版本。",
        draft.template_id, template.name
    );
    (Rc::new(template), switched.draft, Some(notice))
}

// ---------------------------------------------------------------------------------------------
// Saving

pub fn status() -> SaveStatus {
    read(|s| s.status.clone()).unwrap_or(SaveStatus::Saved(String::new()))
}

pub fn alerts() -> Alerts {
    read(|s| s.alerts.clone()).unwrap_or_default()
}

pub fn is_memory_only() -> bool {
    read(|s| s.alerts.memory_only.is_some()).unwrap_or(false)
}

/// Why the open draft is read-only (shown in the banner and kept in `AppState::read_only`).
pub fn read_only_reason() -> Option<String> {
    read(|s| {
        if let Some(newer) = &s.alerts.newer {
            return Some(newer.clone());
        }
        s.alerts.conflict.as_ref().map(|c| conflict_text(c).to_string())
    })
    .flatten()
}

pub fn conflict_text(conflict: &Conflict) -> &'static str {
    match conflict {
        Conflict::Following => "这份报告正在另一个标签页中编辑。为避免互相覆盖，本页已改为只读，并显示那边保存的最新内容。",
        Conflict::Diverged => "这份报告在另一个标签页中被修改了。本页还有没保存的修改，为避免互相覆盖，已停止保存。请选择：把本页内容另存为新报告，或放弃本页修改、载入另一页的版本（本页内容会留在版本记录里）。",
        Conflict::Deleted => "这份报告已在另一个标签页中删除，或本机数据被清除。本页的内容还在，可以另存为新报告。",
    }
}

/// A change to save: written by `flush` (300 ms later, or at once when the page hides).
/// A change to another draft than the session's first saves what is pending for the old one.
pub fn queue(id: &str, draft: &Draft) {
    let switching = read(|s| s.session.id != id).unwrap_or(false);
    if switching {
        flush();
        with(|s| {
            s.session = library::adopt(&s.backend, id).unwrap_or_else(|_| {
                let mut session = Session::fresh(id.to_string());
                session.block(Blocked::Conflict);
                session
            });
            s.alerts.conflict = None;
            s.alerts.newer = None;
            if let Some(Blocked::Newer { version }) = s.session.blocked() {
                s.alerts.newer = Some(Notice::Newer { id: id.to_string(), version: *version }.to_string());
            }
        });
    }
    with(|s| {
        if s.session.blocked().is_some() {
            return;
        }
        // A new draft nobody has typed in yet is not worth a key (a wiped PC stays clean).
        let untouched = !s.session.is_stored() && builtin(&draft.template_id).is_some_and(|t| *draft == Draft::new(&t));
        if untouched {
            return;
        }
        s.pending = Some(Pending { id: id.to_string(), draft: draft.clone() });
        if s.alerts.memory_only.is_none() && s.alerts.save_failed.is_none() {
            s.status = SaveStatus::Saving;
        }
    });
}

/// Writes the pending change now.
pub fn flush() {
    with(|s| {
        let Some(pending) = s.pending.take() else { return };
        if pending.id != s.session.id {
            // Switched without `queue` (should not happen): never write under the wrong id.
            return;
        }
        let now = now();
        match library::save(&mut s.backend, &mut s.session, &pending.draft, now) {
            Ok(saved) => {
                s.alerts.save_failed = None;
                s.status = if s.alerts.memory_only.is_some() {
                    SaveStatus::Unsaved(MEMORY_ONLY_STATUS.into())
                } else {
                    let used = library::usage(&s.backend).unwrap_or(saved.bytes);
                    // Usage is news only when it is large (a quota is ≈ 5–10 MB).
                    let suffix = if used >= 1024 * 1024 { format!(" · 本机已用 {}", format_bytes(used)) } else { String::new() };
                    SaveStatus::Saved(format!("{}{suffix}", clock(now)))
                };
            }
            Err(SaveError::Store(e)) => {
                s.status = SaveStatus::Unsaved(e.to_string());
                s.alerts.save_failed = Some(e);
                // Kept for the next try; the stored copy is the last one that fit.
                s.pending = Some(pending);
            }
            Err(SaveError::Blocked(blocked)) => {
                s.status = SaveStatus::Unsaved(blocked.to_string());
                if blocked == Blocked::Conflict && s.alerts.conflict.is_none() {
                    s.alerts.conflict = Some(Conflict::Diverged);
                }
                s.pending = Some(pending);
            }
        }
    });
}

/// Whether closing the page now would lose work: changes that could not be written (storage
/// full, another tab's copy in the way) or anything written in memory-only mode.
pub fn unsaved_work() -> bool {
    read(|s| {
        s.pending.is_some()
            || match &s.backend {
                Backend::Memory(m) => m.entries().keys().any(|k| k.starts_with(library::DRAFT_PREFIX)),
                Backend::Local(_) | Backend::Locked(_) => false,
            }
    })
    .unwrap_or(false)
}

/// The local time as HH:MM:SS.
pub fn clock(ms: u64) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    format!("{:02}:{:02}:{:02}", date.get_hours(), date.get_minutes(), date.get_seconds())
}

/// `2024-11-05 10:31` in local time.
pub fn date_time(ms: u64) -> String {
    if ms == 0 {
        return "时间未知".into();
    }
    let date = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    format!(
        "{}-{:02}-{:02} {:02}:{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes()
    )
}

// ---------------------------------------------------------------------------------------------
// Another tab

/// What the app should do about a `storage` event.
pub enum Reaction {
    Nothing,
    /// Show the stored copy another tab saved, read-only.
    Follow(Box<Draft>),
    /// Stop editing (keep what is on screen).
    Freeze,
}

/// Checks this tab's stored draft as if another tab had just written it: run once the `storage`
/// listener is in place, so a save made by another tab between start-up and then is not missed.
pub fn catch_up_with_other_tabs() -> Reaction {
    match read(|s| library::draft_key(&s.session.id)) {
        Some(own) => on_storage_event(Some(own.clone()), read(|s| s.backend.get(&own).ok().flatten()).flatten()),
        None => Reaction::Nothing,
    }
}

/// Handles a `storage` event (another tab of this origin wrote `key`; `None`: it cleared all).
pub fn on_storage_event(key: Option<String>, new_value: Option<String>) -> Reaction {
    with(|s| {
        if matches!(s.backend, Backend::Memory(_)) {
            return Reaction::Nothing;
        }
        let own = library::draft_key(&s.session.id);
        let new_value = match key {
            Some(key) if key == own => new_value,
            // clear(): read what is there now.
            None => s.backend.get(&own).ok().flatten(),
            Some(key) => {
                if library::is_app_key(&key) {
                    s.version += 1; // lists and usage redraw
                }
                return Reaction::Nothing;
            }
        };
        if s.session.is_base(new_value.as_deref()) || matches!(s.session.blocked(), Some(Blocked::Newer { .. } | Blocked::Wiped)) {
            return Reaction::Nothing;
        }
        s.session.block(Blocked::Conflict);
        let local_changes = s.pending.is_some() || s.alerts.conflict == Some(Conflict::Diverged);
        s.pending = None;
        s.status = SaveStatus::Unsaved(Blocked::Conflict.to_string());
        s.version += 1;
        match new_value.as_deref().map(storage::decode) {
            None => {
                s.alerts.conflict = Some(Conflict::Deleted);
                Reaction::Freeze
            }
            Some(Ok(draft)) if !local_changes => {
                s.alerts.conflict = Some(Conflict::Following);
                Reaction::Follow(Box::new(draft))
            }
            _ => {
                s.alerts.conflict = Some(Conflict::Diverged);
                Reaction::Freeze
            }
        }
    })
    .unwrap_or(Reaction::Nothing)
}

/// 在本页继续编辑 / 载入另一页的版本: takes the stored copy as this tab's own. `local` (what is on
/// screen) is kept as a snapshot first, so giving it up loses nothing. Returns the draft to show.
pub fn take_over(local: &Draft) -> Result<Option<Draft>, String> {
    with(|s| {
        let now = now();
        if s.alerts.conflict == Some(Conflict::Diverged) {
            let _ = library::add_snapshot(&mut s.backend, &s.session.id.clone(), &storage::encode(local), now);
        }
        let draft = library::take_over(&s.backend, &mut s.session).map_err(|e| e.to_string())?;
        s.alerts.conflict = None;
        s.alerts.save_failed = None;
        s.pending = None;
        s.status = SaveStatus::Saved(clock(now));
        Ok(draft)
    })
    .unwrap_or_else(|| Err("存储尚未就绪".into()))
}

// ---------------------------------------------------------------------------------------------
// 我的报告

pub fn entries() -> Vec<Entry> {
    read(|s| library::list(&s.backend).unwrap_or_default()).unwrap_or_default()
}

pub fn usage() -> Option<u64> {
    read(|s| library::usage(&s.backend).ok()).flatten()
}

/// Size in bytes of a stored key (0 when absent).
pub fn stored_size(key: &str) -> u64 {
    read(|s| s.backend.units(key).ok().flatten().map(|u| library::stored_bytes(key, u))).flatten().unwrap_or(0)
}

pub fn damaged_copies() -> Vec<(String, u64)> {
    read(|s| library::damaged_copies(&s.backend).unwrap_or_default()).unwrap_or_default()
}

pub fn snapshots(id: &str) -> Result<Vec<SnapshotRecord>, String> {
    read(|s| library::read_snapshots(&s.backend, id).map_err(|e| e.to_string())).unwrap_or_else(|| Ok(Vec::new()))
}

pub fn last_backup() -> Option<u64> {
    read(|s| s.backend.get(library::BACKUP_AT_KEY).ok().flatten().and_then(|v| v.trim().parse().ok())).flatten()
}

/// A draft to show, with its template.
pub struct ToOpen {
    pub id: String,
    pub template: Rc<Template>,
    pub draft: Draft,
    pub read_only: Option<String>,
    /// Something to tell the user about the draft (its template is not on this computer).
    pub notice: Option<String>,
}

fn switch_to(s: &mut Shared, opened: Opened, session: Session) -> ToOpen {
    s.session = session;
    s.pending = None;
    s.alerts.conflict = None;
    s.alerts.save_failed = None;
    s.alerts.newer = None;
    let (id, draft, read_only) = match opened {
        Opened::Stored { id, draft } | Opened::Fresh { id, draft } => (id, draft, None),
        Opened::ReadOnly { id, draft, version } => {
            let text = Notice::Newer { id: id.clone(), version }.to_string();
            s.alerts.newer = Some(text.clone());
            (id, draft, Some(text))
        }
    };
    s.status = match (&read_only, s.alerts.memory_only.is_some()) {
        (Some(_), _) => SaveStatus::Unsaved(Blocked::Newer { version: 0 }.to_string()),
        (None, true) => SaveStatus::Unsaved(MEMORY_ONLY_STATUS.into()),
        (None, false) => SaveStatus::Saved(String::new()),
    };
    // Inside `with`: `conform` could not read the shared state, so the backend is passed.
    let (template, draft, notice) = conform_in(&s.backend, draft);
    ToOpen { id, template, draft, read_only, notice }
}

/// Opens a stored draft (what is pending for the current one is written first).
pub fn open(id: &str) -> Result<ToOpen, String> {
    flush();
    with(|s| {
        let (opened, session) = library::open(&mut s.backend, id).map_err(|e| match e {
            OpenError::Damaged { .. } => format!("{e}。可以在下方“无法读取的数据”中下载原始内容。"),
            e => e.to_string(),
        })?;
        Ok(switch_to(s, opened, session))
    })
    .unwrap_or_else(|| Err("存储尚未就绪".into()))
}

/// Stores `draft` as a new draft and opens it (新建报告, 另存为新报告).
pub fn create(draft: Draft, name: &str) -> Result<ToOpen, String> {
    flush();
    with(|s| {
        let now = now();
        let (id, session) = library::create(&mut s.backend, &draft, name, now).map_err(|e| e.to_string())?;
        Ok(switch_to(s, Opened::Stored { id, draft }, session))
    })
    .unwrap_or_else(|| Err("存储尚未就绪".into()))
}

/// A new draft of the default template, not stored until it is typed in.
pub fn fresh() -> ToOpen {
    flush();
    let template = default_template();
    let draft = Draft::new(&template);
    with(|s| {
        let entries = library::list(&s.backend).unwrap_or_default();
        let id = library::new_id(&entries, now());
        let session = Session::fresh(id.clone());
        switch_to(s, Opened::Fresh { id, draft: draft.clone() }, session)
    })
    .unwrap_or_else(|| ToOpen { id: library::new_id(&[], now()), template: Rc::new(template), draft, read_only: None, notice: None })
}

pub fn duplicate(id: &str) -> Result<String, String> {
    flush();
    with(|s| library::duplicate(&mut s.backend, id, now()).map_err(|e| e.to_string()))
        .unwrap_or_else(|| Err("存储尚未就绪".into()))
}

pub fn rename(id: &str, name: &str) -> Result<(), String> {
    with(|s| {
        let result = library::rename(&mut s.backend, id, name).map_err(|e| e.to_string());
        s.version += 1;
        result
    })
    .unwrap_or_else(|| Err("存储尚未就绪".into()))
}

/// Deletes a draft (not the open one: the caller opens another first). Returns what 撤销 needs.
pub fn delete(id: &str) -> Result<Removed, String> {
    with(|s| {
        let result = library::delete(&mut s.backend, id).map_err(|e| e.to_string());
        s.version += 1;
        result
    })
    .unwrap_or_else(|| Err("存储尚未就绪".into()))
}

pub fn undelete(removed: &Removed) -> Result<(), String> {
    with(|s| {
        let result = library::undelete(&mut s.backend, removed).map_err(|e| e.to_string());
        s.version += 1;
        result
    })
    .unwrap_or_else(|| Err("存储尚未就绪".into()))
}

/// Before a snapshot replaces the open draft: writes what is pending, then keeps the stored
/// version as a snapshot, so the restore itself can be undone from the same list.
pub fn before_restore() -> Result<(), String> {
    flush();
    with(|s| {
        if let Some(blocked) = s.session.blocked() {
            return Err(format!("不能恢复：{blocked}"));
        }
        library::snapshot_now(&mut s.backend, &mut s.session, now()).map_err(|e| e.to_string())?;
        s.version += 1;
        Ok(())
    })
    .unwrap_or_else(|| Err("存储尚未就绪".into()))
}

/// Frees space by removing every readable snapshot (the quota banner offers it).
pub fn drop_snapshots() -> Result<u64, String> {
    let freed = with(|s| library::drop_snapshots(&mut s.backend, None).map_err(|e| e.to_string()))
        .unwrap_or_else(|| Err("存储尚未就绪".into()))?;
    flush();
    Ok(freed)
}

// ---------------------------------------------------------------------------------------------
// Templates loaded from files (载入模板文件)

/// The templates loaded from files on this computer, by name.
pub fn custom_templates() -> Vec<Template> {
    read(|s| library::stored_templates(&s.backend).unwrap_or_default()).unwrap_or_default()
}

/// Every template a report can use: the built-in ones, then those loaded from files.
pub fn all_templates() -> Vec<Template> {
    let mut all = crate::report::builtin_templates();
    all.extend(custom_templates());
    all
}

/// Keeps a template file's template (validated first; the error names the field). Returns it
/// and whether it replaced a template with the same id.
pub fn load_template(json: &str) -> Result<(Template, bool), String> {
    with(|s| {
        let result = library::load_template(&mut s.backend, json).map_err(|e| e.to_string());
        s.version += 1;
        result
    })
    .unwrap_or_else(|| Err("存储尚未就绪".into()))
}

pub fn remove_template(id: &str) -> Result<(), String> {
    with(|s| {
        let result = library::remove_template(&mut s.backend, id).map_err(|e| e.to_string());
        s.version += 1;
        result
    })
    .unwrap_or_else(|| Err("存储尚未就绪".into()))
}

// ---------------------------------------------------------------------------------------------
// Backups

/// Downloads a backup: every draft, or only the open one. `open` is the draft on screen, which
/// may be newer than its stored copy.
pub fn export_backup(scope: Scope, open: (&str, &Draft)) -> Result<String, String> {
    let now = now();
    let (json, name) = read(|s| {
        let json = library::export(&s.backend, &scope, Some(open), now).map_err(|e| e.to_string())?;
        let name = match &scope {
            Scope::All => format!("述职报告备份-{}.json", file_stamp(now)),
            Scope::One(id) => {
                let entries = library::list(&s.backend).unwrap_or_default();
                let title = entries
                    .iter()
                    .find(|e| &e.meta.id == id)
                    .map(|e| e.meta.display_name().to_string())
                    .unwrap_or_else(|| "述职报告".into());
                format!("{}-备份-{}.json", safe_file_name(&title), file_stamp(now))
            }
        };
        Ok::<_, String>((json, name))
    })
    .unwrap_or_else(|| Err("存储尚未就绪".into()))?;
    browser::download(json.as_bytes(), &name, "application/json")?;
    if scope == Scope::All {
        with(|s| {
            let _ = library::record_backup(&mut s.backend, now);
            s.alerts.backup_due = None;
        });
    }
    Ok(name)
}

/// Downloads a kept damaged text verbatim.
pub fn download_damaged(key: &str) -> Result<(), String> {
    let text = read(|s| s.backend.get(key).ok().flatten()).flatten().ok_or("找不到这份数据")?;
    let name = format!("述职报告-无法读取的数据-{}.txt", key.trim_start_matches("shuzhi."));
    browser::download(text.as_bytes(), &name, "text/plain;charset=utf-8")
}

/// Removes a kept damaged text (the user downloaded it or does not want it).
pub fn remove_damaged(key: &str) -> Result<(), String> {
    with(|s| {
        let result = s.backend.remove(key).map_err(|e| e.to_string());
        s.version += 1;
        result
    })
    .unwrap_or_else(|| Err("存储尚未就绪".into()))
}

pub fn dismiss_damaged() {
    with(|s| {
        s.alerts.damaged.clear();
        s.alerts.damaged_keys.clear();
    });
}

pub fn dismiss_backup_reminder() {
    with(|s| s.alerts.backup_due = None);
}

/// Reads a backup file's bytes into a plan (nothing is written).
pub fn plan_import(bytes: &[u8]) -> Result<ImportPlan, String> {
    let backup = storage::decode_backup(bytes).map_err(|e| e.to_string())?;
    let entries = entries();
    Ok(library::plan_import(backup, &entries))
}

/// Writes an import the user confirmed.
pub fn apply_import(plan: &ImportPlan, mode: ImportMode) -> Result<ImportReport, String> {
    flush();
    with(|s| {
        let report = library::apply_import(&mut s.backend, plan, mode, now()).map_err(|e| e.to_string());
        s.version += 1;
        report
    })
    .unwrap_or_else(|| Err("存储尚未就绪".into()))
}

/// 清除本机数据: removes every key of the app, stops all saving, and reloads the page so nothing
/// of the reports stays in this tab's memory either.
pub fn wipe() -> Result<usize, String> {
    let removed = with(|s| {
        s.pending = None;
        s.session.block(Blocked::Wiped);
        let result = match &mut s.backend {
            Backend::Memory(m) => {
                *m = MemoryStore::new();
                Ok(0)
            }
            backend => library::wipe(backend).map_err(|e| e.to_string()),
        };
        s.version += 1;
        result
    })
    .unwrap_or_else(|| Err("存储尚未就绪".into()))?;
    if let Some(window) = browser::window() {
        let location = window.location();
        // Back to the first step: the old hash may name a step of the wiped draft.
        let _ = location.set_hash("#/info");
        let _ = location.reload();
    }
    Ok(removed)
}

fn file_stamp(ms: u64) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    format!("{}{:02}{:02}-{:02}{:02}", date.get_full_year(), date.get_month() + 1, date.get_date(), date.get_hours(), date.get_minutes())
}

/// Removes characters Windows refuses in file names.
fn safe_file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if matches!(c, '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() { '_' } else { c })
        .take(60)
        .collect();
    if cleaned.trim().is_empty() {
        "述职报告".into()
    } else {
        cleaned.trim().to_string()
    }
}
