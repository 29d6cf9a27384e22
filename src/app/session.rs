//! This tab's storage session: the store the drafts live in (localStorage, the passphrase lock's
//! encrypted store, or memory when the browser refuses both), the open draft's session, the save
//! that is waiting, the save status and the storage banners' facts.
//!
//! Plain Rust over the core's `Store` trait, so every rule here runs natively against
//! `MemoryStore` (tests/app_session.rs). The layout and the decisions about stored data are the
//! core's (`report::library`); this module keeps the state between them and knows no clock: every
//! call that records a time takes `now` (ms since the epoch). The UI holds one `StorageSession`
//! in a context and turns its typed values into Chinese text.
//!
//! Other tabs of the site share the drafts. Where the browser has Web Locks, one tab at a time
//! writes a draft (the one holding the lock `shuzhi.draft.<id>`), the others show its saves
//! read-only and queue to write next; the UI carries out what `lock_wish` asks for and reports the
//! answers here (`lock_granted`, `lock_unavailable`, `lock_lost`). Without Web Locks (plain-http
//! pages, older browsers) every tab may write, and a save refuses to overwrite what another tab
//! wrote since this one read it (`Tabs::Optimistic`, the `storage` events). Either way a change of
//! the passphrase lock in another tab stops all writing until the page reloads.

use crate::report::library::{
    self, BackupDue, Blocked, Entry, ImportMode, ImportPlan, ImportReport, MemoryStore, Notice, OpenError, Opened,
    Removed, SaveError, Scope, Session, Store, StoreError, TemplateLoadError,
};
use crate::report::lock::LOCK_KEY;
use crate::report::storage::{self, BackupError, SnapshotRecord};
use crate::report::{builtin, builtin_templates, Draft, Template};

use crate::report::open::{open_under_template, OpenedDraft};

use super::journal::{JournalEntry, JournalOp};

/// What kind of store the drafts are in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreKind {
    /// The browser's localStorage.
    Local,
    /// localStorage with every value encrypted (the passphrase lock).
    Locked,
    /// This page's memory: lost when the page closes unless exported.
    Memory,
}

/// Why the drafts live in memory only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemoryOnly {
    /// The browser refused storage (its own words, or a quota that is already full).
    Refused(StoreError),
    /// The reports are encrypted and this page has not unlocked them.
    StillLocked,
}

/// Why the open draft can't be edited now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadOnly {
    /// Saved by a newer version of the app (format version).
    Newer { version: u32 },
    /// Another tab (see `Conflict`).
    OtherTab(Conflict),
}

/// Why the open draft is read-only because of another tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conflict {
    /// This tab had nothing unsaved: it shows what the other tab saves.
    Following,
    /// Another tab holds the draft's Web Lock: this one shows its saves and writes once that tab
    /// closes (or 在本页继续编辑 takes the lock).
    OtherWriter,
    /// This tab holds the lock now and waits for the other tab's last save (at most
    /// `HANDOVER_WAIT_MS`).
    TakingOver,
    /// This tab has changes the other tab's save would lose: kept here, nothing saved.
    Diverged,
    /// The draft was deleted elsewhere (or the site's data cleared); this tab still has it.
    Deleted,
    /// The passphrase lock was switched on, off or to another passphrase in another tab: nothing
    /// is written here any more (it would be plain text where the lock is on, or encrypted with a
    /// key no one has); the page must reload (and unlock).
    LockChanged,
}

/// The autosave's state, shown in the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveStatus {
    /// Nothing written in this page yet, and nothing wrong.
    Idle,
    /// A change waits for the debounce.
    Saving,
    /// Written at `at`; `used` is what the app's data takes in storage (bytes).
    Saved { at: u64, used: u64 },
    /// Not written, and why.
    Unsaved(Unsaved),
    /// Read-only while another tab writes the draft; nothing of this tab is unsaved.
    Following,
}

/// Why what is on screen is not in storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unsaved {
    MemoryOnly,
    Store(StoreError),
    Blocked(Blocked),
    /// The passphrase lock changed in another tab (`Conflict::LockChanged`).
    LockChanged,
}

/// What the storage banners show.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Alerts {
    /// Storage refused at start-up: memory-only mode, and why.
    pub memory_only: Option<MemoryOnly>,
    /// The last save failed: what was typed since is in memory only.
    pub save_failed: Option<StoreError>,
    /// Damaged data found at start-up (kept aside or left in place).
    pub damaged: Vec<Notice>,
    /// The keys where that data is now (offered for download in the banner).
    pub damaged_keys: Vec<String>,
    /// The open draft was saved by a newer version (format version).
    pub newer: Option<u32>,
    pub conflict: Option<Conflict>,
    pub backup_due: Option<BackupDue>,
}

/// Why a storage action could not be done.
#[derive(Debug, Clone, PartialEq)]
pub enum SessionError {
    Store(StoreError),
    Open(OpenError),
    Save(SaveError),
    Template(TemplateLoadError),
    Backup(BackupError),
    /// Saving is stopped for the open draft (restore and switch need a writable draft).
    Blocked(Blocked),
    /// The data asked for is no longer there.
    NotFound,
    /// The passphrase lock changed in another tab: nothing is written until the page reloads.
    LockChanged,
}

impl From<StoreError> for SessionError {
    fn from(e: StoreError) -> Self {
        SessionError::Store(e)
    }
}

/// What to do about another tab's save.
#[derive(Debug, Clone, PartialEq)]
pub enum Reaction {
    Nothing,
    /// Show the stored copy another tab saved, read-only.
    Follow(Box<OpenedDraft>),
    /// Stop editing (keep what is on screen).
    Freeze,
}

/// A draft to show: where it is stored, the draft under its template, and whether it is writable.
#[derive(Debug, Clone, PartialEq)]
pub struct ToOpen {
    pub id: String,
    pub opened: OpenedDraft,
    pub read_only: Option<ReadOnly>,
}

/// A backup's text, ready to download; `title` names the one report of a single-report backup.
#[derive(Debug, Clone, PartialEq)]
pub struct BackupText {
    pub json: String,
    pub title: Option<String>,
}

struct Pending {
    id: String,
    draft: Draft,
}

/// `shuzhi.writer.<id>`: the tab writing a draft under its Web Lock keeps its token here, and
/// removes it after its last save. A tab that takes the lock over waits for that removal before
/// it reads the stored copy: localStorage delivers one tab's writes to another in order, so once
/// the mark is gone there, so is every save before it (the lock itself travels another way).
pub const WRITER_PREFIX: &str = "shuzhi.writer.";
/// How long a tab that took the lock over waits for the previous writer's last save (a tab that
/// crashed never removes its mark). Long enough for a busy machine's storage events: at 2 s, a
/// handover at load 15 probably read the stored copy before the closing writer's last save had
/// arrived (1 of 40 runs lost it); a save arriving later still is taken when nothing here is
/// unsaved.
pub const HANDOVER_WAIT_MS: u32 = 5000;

pub fn writer_key(id: &str) -> String {
    format!("{WRITER_PREFIX}{id}")
}

/// The Web Lock a tab holds while it writes draft `id`.
pub fn lock_name(id: &str) -> String {
    library::draft_key(id)
}

/// How this tab shares the open draft with the site's other tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tabs {
    /// Memory-only mode: no other tab sees this one's drafts.
    Alone,
    /// No Web Locks: every tab may write; a save never overwrites another tab's (see the module comment).
    Optimistic,
    /// Web Locks: one writer per draft.
    Locks(Role),
}

/// This tab's part under Web Locks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Asked for the lock with `ifAvailable` (start-up, another draft opened); editable meanwhile.
    Asking,
    /// Holds the lock: the only tab writing the draft.
    Writer,
    /// Another tab holds it: read-only, following its saves, queued to write next.
    Follower,
    /// Holds the lock (queued or stolen) and waits for the previous writer's last save.
    TakingOver,
}

/// How to ask for the lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// Only if no one holds it (the answer may be "unavailable").
    IfAvailable,
    /// Wait in line until the holder lets go (closes, opens another draft).
    Queue,
    /// Take it from the holder at once (在本页继续编辑); the holder learns it lost the lock.
    Steal,
}

/// The lock request the UI must have running (a new `ticket` is a new request; answers name it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockWish {
    pub name: String,
    pub ask: Ask,
    pub ticket: u64,
}

/// What to do once this tab holds the lock.
#[derive(Debug, Clone, PartialEq)]
pub enum Handover {
    /// An answer to an older request: nothing.
    Ignore,
    /// This tab writes now; the reaction shows the stored copy when it is news.
    Done(Reaction),
    /// Wait for the previous writer's mark to go (a `storage` event), at most `HANDOVER_WAIT_MS`,
    /// then `handover_timeout`.
    Wait,
}

/// This tab's storage state (see the module comment).
pub struct StorageSession {
    store: Box<dyn Store>,
    kind: StoreKind,
    session: Session,
    alerts: Alerts,
    status: SaveStatus,
    pending: Option<Pending>,
    /// Bumped whenever stored data changes (lists and usage redraw).
    data_version: u64,
    /// The template a new draft starts from when nothing says otherwise.
    fallback: Template,
    /// Whether writes are copied to the crash journal (`journal`), and what it must still do.
    journaling: bool,
    journal: Vec<JournalOp>,
    tabs: Tabs,
    /// The request `lock_wish` names, and this page's token in writer marks.
    ask: Ask,
    ticket: u64,
    token: String,
    /// This tab's text that could not be written because another tab wrote (kept for 另存为新报告
    /// and for 版本记录 when the other tab's version is loaded).
    kept: Option<Draft>,
    /// The stored copy last handed to the UI while read-only: a queued draft equal to it is no
    /// edit of this tab's.
    shown: Option<Draft>,
    /// The passphrase lock's record as this session found it (`None`: the lock was off).
    lock_record: Option<String>,
}

/// The session and the draft it opens with.
pub struct Started {
    pub session: StorageSession,
    pub open: ToOpen,
}

impl StorageSession {
    /// Reads storage and decides what to open (the core's `start`). A store that can't be read
    /// at all gives memory-only mode; nothing else stops the app. `fallback` is the template of a
    /// new draft (the portal's, or the default one).
    pub fn start(store: Result<(Box<dyn Store>, StoreKind), MemoryOnly>, fallback: Template, now: u64) -> Started {
        let mut memory_only = None;
        let (mut store, mut kind): (Box<dyn Store>, StoreKind) = match store {
            Ok(found) => found,
            Err(why) => {
                memory_only = Some(why);
                (Box::new(MemoryStore::new()), StoreKind::Memory)
            }
        };
        // What a change of the passphrase lock in another tab is told apart from.
        let lock_record = store.get(LOCK_KEY).ok().flatten();
        let startup = match library::start(store.as_mut(), &fallback, now) {
            Ok(startup) => startup,
            Err(e) => {
                memory_only = Some(MemoryOnly::Refused(e));
                store = Box::new(MemoryStore::new());
                kind = StoreKind::Memory;
                fresh_startup(&fallback, now)
            }
        };
        let mut alerts = Alerts { memory_only, ..Alerts::default() };
        for notice in startup.notices {
            match &notice {
                Notice::Quarantined { kept_as, .. } => {
                    alerts.damaged_keys.push(kept_as.clone());
                    alerts.damaged.push(notice);
                }
                Notice::Unreadable { id, .. } => {
                    alerts.damaged_keys.push(library::draft_key(id));
                    alerts.damaged.push(notice);
                }
                Notice::IndexRebuilt { .. } => alerts.damaged.push(notice),
                Notice::Newer { version, .. } => alerts.newer = Some(*version),
                // Joining the list is what the user expects anyway: nothing to say.
                Notice::Migrated { .. } => {}
            }
        }
        alerts.backup_due = library::backup_due(startup.last_backup, &startup.entries, now);
        let status = if alerts.memory_only.is_some() {
            SaveStatus::Unsaved(Unsaved::MemoryOnly)
        } else if let Some(blocked) = startup.session.blocked() {
            SaveStatus::Unsaved(Unsaved::Blocked(blocked.clone()))
        } else {
            SaveStatus::Idle
        };
        let session = StorageSession {
            store,
            kind,
            session: startup.session,
            alerts,
            status,
            pending: None,
            data_version: 0,
            fallback,
            journaling: false,
            journal: Vec::new(),
            tabs: if kind == StoreKind::Memory { Tabs::Alone } else { Tabs::Optimistic },
            ask: Ask::IfAvailable,
            ticket: 0,
            token: String::new(),
            kept: None,
            shown: None,
            lock_record,
        };
        let (id, draft) = match startup.opened {
            Opened::Stored { id, draft } | Opened::ReadOnly { id, draft, .. } | Opened::Fresh { id, draft } => (id, draft),
        };
        let read_only = session.read_only();
        let opened = session.open_under_template(draft);
        Started { session, open: ToOpen { id, opened, read_only } }
    }

    // -----------------------------------------------------------------------------------------
    // The crash journal

    /// Copies every draft written from now on to the crash journal (localStorage only: the
    /// passphrase lock's store and memory mode have none, so no plain text goes there).
    pub fn start_journal(&mut self) {
        self.journaling = self.kind == StoreKind::Local;
    }

    /// What the journal must do since the last call (written, removed, wiped).
    pub fn take_journal(&mut self) -> Vec<JournalOp> {
        std::mem::take(&mut self.journal)
    }

    fn journal_write(&mut self, id: &str, draft: &Draft, now: u64) {
        if self.journaling {
            self.journal.push(JournalOp::Write(JournalEntry { id: id.to_string(), json: storage::encode(draft), at: now }));
        }
    }

    fn journal_op(&mut self, op: JournalOp) {
        if self.journaling {
            self.journal.push(op);
        }
    }

    // -----------------------------------------------------------------------------------------
    // What the UI reads

    pub fn kind(&self) -> StoreKind {
        self.kind
    }

    pub fn status(&self) -> &SaveStatus {
        &self.status
    }

    pub fn alerts(&self) -> &Alerts {
        &self.alerts
    }

    pub fn is_memory_only(&self) -> bool {
        self.kind == StoreKind::Memory
    }

    /// The id of the draft this session saves.
    pub fn draft_id(&self) -> &str {
        &self.session.id
    }

    /// Remembers the step on screen for the open draft, once it is stored (a visit that types
    /// nothing leaves nothing behind; nothing is written after 清除本机数据). Best effort.
    pub fn remember_step(&mut self, step: &str) {
        if self.session.is_stored() && self.session.blocked() != Some(&Blocked::Wiped) {
            let _ = library::remember_step(self.store.as_mut(), &self.session.id, step);
        }
    }

    /// The step last shown for the open draft (reopening the app returns there).
    pub fn last_step(&self) -> Option<String> {
        library::last_step(self.store.as_ref(), &self.session.id)
    }

    /// Changes whenever stored data changes (with `alerts` and `status`, everything the UI
    /// shows from storage).
    pub fn data_version(&self) -> u64 {
        self.data_version
    }

    /// Why the open draft is read-only, if it is.
    pub fn read_only(&self) -> Option<ReadOnly> {
        if let Some(version) = self.alerts.newer {
            return Some(ReadOnly::Newer { version });
        }
        self.alerts.conflict.map(ReadOnly::OtherTab)
    }

    /// How this tab shares the open draft with other tabs.
    pub fn tabs(&self) -> Tabs {
        self.tabs
    }

    /// The draft's template (built-in, or loaded from a file here) and the draft fitted to it;
    /// an unknown template gives the fallback one, with a notice.
    pub fn open_under_template(&self, draft: Draft) -> OpenedDraft {
        let store = self.store.as_ref();
        open_under_template(draft, |id| library::find_template(store, id), self.fallback.clone())
    }

    /// The template new drafts start from.
    pub fn fallback_template(&self) -> &Template {
        &self.fallback
    }

    // -----------------------------------------------------------------------------------------
    // Saving

    /// A change to save, written by `flush` (after the debounce, or at once when the page
    /// hides). A change to another draft than the session's first saves what is pending.
    pub fn queue(&mut self, id: &str, draft: &Draft, now: u64) {
        if self.session.id != id {
            self.flush(now);
            self.session = library::adopt(self.store.as_ref(), id).unwrap_or_else(|_| {
                let mut session = Session::fresh(id.to_string());
                session.block(Blocked::Conflict);
                session
            });
            if !self.lock_changed() {
                self.alerts.conflict = None;
            }
            self.alerts.newer = match self.session.blocked() {
                Some(Blocked::Newer { version }) => Some(*version),
                _ => None,
            };
            self.draft_switched();
        }
        if self.lock_changed() {
            // Never written here again; kept so that closing the page asks first.
            self.pending = Some(Pending { id: id.to_string(), draft: draft.clone() });
            return;
        }
        match self.session.blocked() {
            // An edit that reached the draft just before it turned read-only: kept, never dropped.
            Some(Blocked::Conflict) => return self.keep_unwritten(draft),
            Some(_) => return,
            None => {}
        }
        // A new draft nobody has typed in yet is not worth a key (a wiped PC stays clean).
        let untouched = !self.session.is_stored() && builtin(&draft.template_id).is_some_and(|t| *draft == Draft::new(&t));
        if untouched {
            return;
        }
        self.pending = Some(Pending { id: id.to_string(), draft: draft.clone() });
        if self.alerts.memory_only.is_none() && self.alerts.save_failed.is_none() {
            self.status = SaveStatus::Saving;
        }
    }

    /// Whether a change waits to be written.
    pub fn has_pending(&self) -> bool {
        self.pending.is_some()
    }

    /// Writes the pending change now.
    pub fn flush(&mut self, now: u64) {
        if self.pending.is_none() || !self.lock_unchanged() {
            return;
        }
        let Some(pending) = self.pending.take() else { return };
        if pending.id != self.session.id {
            // Switched without `queue` (should not happen): never write under the wrong id.
            return;
        }
        match library::save(self.store.as_mut(), &mut self.session, &pending.draft, now) {
            Ok(saved) => {
                if !saved.unchanged {
                    self.journal_write(&pending.id, &pending.draft, now);
                }
                self.alerts.save_failed = None;
                self.data_version += 1;
                self.status = if self.alerts.memory_only.is_some() {
                    SaveStatus::Unsaved(Unsaved::MemoryOnly)
                } else {
                    let used = library::usage(self.store.as_ref()).unwrap_or(saved.bytes);
                    SaveStatus::Saved { at: now, used }
                };
            }
            Err(SaveError::Store(e)) => {
                self.status = SaveStatus::Unsaved(Unsaved::Store(e.clone()));
                self.alerts.save_failed = Some(e);
                // Kept for the next try; the stored copy is the last one that fit.
                self.pending = Some(pending);
            }
            Err(SaveError::Blocked(Blocked::Conflict)) => {
                // The stored copy changed under this tab (its event not handled yet).
                self.kept = Some(pending.draft);
                self.alerts.conflict = Some(Conflict::Diverged);
                self.status = SaveStatus::Unsaved(Unsaved::Blocked(Blocked::Conflict));
                self.data_version += 1;
            }
            Err(SaveError::Blocked(blocked)) => {
                self.status = SaveStatus::Unsaved(Unsaved::Blocked(blocked));
                self.pending = Some(pending);
            }
        }
    }

    /// Whether closing the page now would lose work: changes that could not be written, or
    /// anything written in memory-only mode.
    pub fn unsaved_work(&self) -> bool {
        self.pending.is_some()
            || self.kept.is_some()
            || (self.kind == StoreKind::Memory
                && self.store.keys().unwrap_or_default().iter().any(|k| k.starts_with(library::DRAFT_PREFIX)))
    }

    // -----------------------------------------------------------------------------------------
    // Another tab

    /// Checks the stored draft as if another tab had just written it: run once the `storage`
    /// listener is in place, so a save made between start-up and then is not missed.
    pub fn catch_up_with_other_tabs(&mut self, now: u64) -> Reaction {
        if !self.lock_unchanged() {
            return Reaction::Freeze;
        }
        let own = library::draft_key(&self.session.id);
        let stored = self.store.get(&own).ok().flatten();
        self.on_storage_event(Some(own), stored, now)
    }

    /// Handles a `storage` event: another tab of this origin wrote `key` (`None`: it cleared
    /// everything). `new_value` is what the store's `get` would return now.
    pub fn on_storage_event(&mut self, key: Option<String>, new_value: Option<String>, now: u64) -> Reaction {
        if self.kind == StoreKind::Memory || self.lock_changed() {
            return Reaction::Nothing;
        }
        if matches!(key.as_deref(), None | Some(LOCK_KEY)) && !self.lock_unchanged() {
            return Reaction::Freeze;
        }
        let own = library::draft_key(&self.session.id);
        let new_value = match key {
            Some(key) if key == own => new_value,
            // clear(): read what is there now.
            None => self.store.get(&own).ok().flatten(),
            Some(key) if key == writer_key(&self.session.id) => return self.mark_changed(new_value.as_deref(), now),
            Some(key) => {
                if library::is_app_key(&key) && !key.starts_with(WRITER_PREFIX) {
                    self.data_version += 1; // lists and usage redraw
                }
                return Reaction::Nothing;
            }
        };
        self.stored_changed(new_value, now)
    }

    /// The open draft's stored copy is now `new_value`, written by another tab.
    fn stored_changed(&mut self, new_value: Option<String>, now: u64) -> Reaction {
        if self.session.is_base(new_value.as_deref())
            || matches!(self.session.blocked(), Some(Blocked::Newer { .. } | Blocked::Wiped))
        {
            return Reaction::Nothing;
        }
        self.data_version += 1;
        let local_changes = self.pending.is_some() || self.kept.is_some();
        // The lock's holder takes what a tab without it wrote (a previous writer's last save
        // arriving late; an older version of the app) when nothing of its own is unsaved.
        if self.tabs == Tabs::Locks(Role::Writer) && !local_changes && new_value.is_some() {
            return self.take_stored(now);
        }
        self.session.block(Blocked::Conflict);
        if let Some(pending) = self.pending.take() {
            self.kept = Some(pending.draft);
        }
        self.status = SaveStatus::Unsaved(Unsaved::Blocked(Blocked::Conflict));
        match new_value.as_deref().map(storage::decode) {
            None => {
                self.alerts.conflict = Some(Conflict::Deleted);
                Reaction::Freeze
            }
            Some(Ok(_)) if !local_changes => {
                if !matches!(self.alerts.conflict, Some(Conflict::OtherWriter | Conflict::TakingOver)) {
                    self.alerts.conflict = Some(Conflict::Following);
                }
                self.follow_stored()
            }
            _ => {
                self.alerts.conflict = Some(Conflict::Diverged);
                Reaction::Freeze
            }
        }
    }

    /// Shows the stored copy read-only (and remembers it as this tab's base and what it shows).
    fn follow_stored(&mut self) -> Reaction {
        let taken = library::take_over(self.store.as_ref(), &mut self.session);
        self.session.block(Blocked::Conflict);
        self.status = SaveStatus::Following;
        match taken {
            Ok(Some(draft)) => {
                let opened = self.open_under_template(draft);
                self.shown = Some(opened.draft.clone());
                Reaction::Follow(Box::new(opened))
            }
            Ok(None) => {
                self.alerts.conflict = Some(Conflict::Deleted);
                Reaction::Freeze
            }
            Err(_) => {
                self.alerts.conflict = Some(Conflict::Diverged);
                Reaction::Freeze
            }
        }
    }

    /// Takes the stored copy as this tab's own (it writes the draft now) and says what to show.
    fn take_stored(&mut self, now: u64) -> Reaction {
        match self.take_over_stored(now) {
            Ok(Some(opened)) => Reaction::Follow(Box::new(opened)),
            Ok(None) => Reaction::Nothing,
            Err(_) => {
                if self.alerts.newer.is_none() {
                    self.session.block(Blocked::Conflict);
                    self.alerts.conflict = Some(Conflict::Diverged);
                }
                Reaction::Freeze
            }
        }
    }

    /// An edit queued while saving is stopped because of another tab: kept unless it is what
    /// this tab was shown.
    fn keep_unwritten(&mut self, draft: &Draft) {
        if self.shown.as_ref() == Some(draft) {
            return;
        }
        self.kept = Some(draft.clone());
        if matches!(self.alerts.conflict, None | Some(Conflict::Following | Conflict::OtherWriter | Conflict::TakingOver)) {
            self.alerts.conflict = Some(Conflict::Diverged);
            self.status = SaveStatus::Unsaved(Unsaved::Blocked(Blocked::Conflict));
            self.data_version += 1;
        }
    }

    /// 在本页继续编辑 / 载入另一页的版本: takes the stored copy as this tab's own. `local` (what is
    /// on screen) is kept as a snapshot first when it differs, so giving it up loses nothing.
    /// Returns the draft to show. Under Web Locks a tab that does not hold the lock takes it first
    /// (`Ask::Steal`): then `None` now, and the stored copy once the other tab's last save is in.
    pub fn take_over(&mut self, local: &Draft, now: u64) -> Result<Option<OpenedDraft>, SessionError> {
        if self.lock_changed() {
            return Err(SessionError::LockChanged);
        }
        if matches!(self.tabs, Tabs::Locks(role) if role != Role::Writer) {
            if self.alerts.conflict == Some(Conflict::Diverged) {
                self.kept = Some(local.clone());
            } else {
                self.alerts.conflict = Some(Conflict::TakingOver);
            }
            self.new_request(Ask::Steal);
            return Ok(None);
        }
        if self.alerts.conflict == Some(Conflict::Diverged) {
            self.kept = Some(local.clone());
        }
        self.take_over_stored(now)
    }

    /// The stored copy becomes this tab's own; this tab's unwritten text goes to 版本记录 first.
    fn take_over_stored(&mut self, now: u64) -> Result<Option<OpenedDraft>, SessionError> {
        if let Some(mine) = self.kept.take() {
            let id = self.session.id.clone();
            let _ = library::add_snapshot(self.store.as_mut(), &id, &storage::encode(&mine), now);
        }
        let taken = library::take_over(self.store.as_ref(), &mut self.session);
        if let Some(Blocked::Newer { version }) = self.session.blocked() {
            self.alerts.newer = Some(*version);
        }
        let draft = taken.map_err(SessionError::Open)?;
        self.alerts.conflict = None;
        self.alerts.save_failed = None;
        self.pending = None;
        self.shown = None;
        self.status = SaveStatus::Saved { at: now, used: library::usage(self.store.as_ref()).unwrap_or(0) };
        self.data_version += 1;
        Ok(draft.map(|d| self.open_under_template(d)))
    }

    // -----------------------------------------------------------------------------------------
    // One writer at a time (Web Locks)

    /// The browser has Web Locks: from now on one tab at a time writes each draft. `token` names
    /// this page in writer marks.
    pub fn use_locks(&mut self, token: &str) {
        if self.tabs == Tabs::Optimistic {
            self.token = token.to_string();
            self.tabs = Tabs::Locks(Role::Asking);
            self.new_request(Ask::IfAvailable);
        }
    }

    /// The lock request the UI must have running, if any.
    pub fn lock_wish(&self) -> Option<LockWish> {
        match self.tabs {
            Tabs::Locks(_) if !self.lock_changed() => Some(LockWish { name: lock_name(&self.session.id), ask: self.ask, ticket: self.ticket }),
            _ => None,
        }
    }

    /// While this tab writes under the lock: its mark's key and value (see `WRITER_PREFIX`). Not
    /// for a new draft never stored: no other tab can open it, and a wiped PC stays clean.
    pub fn writer_mark(&self) -> Option<(String, String)> {
        (self.tabs == Tabs::Locks(Role::Writer) && !self.lock_changed() && self.session.is_stored())
            .then(|| (writer_key(&self.session.id), self.token.clone()))
    }

    fn new_request(&mut self, ask: Ask) {
        self.ask = ask;
        self.ticket += 1;
        self.data_version += 1;
    }

    fn is_current(&self, ticket: u64) -> bool {
        matches!(self.tabs, Tabs::Locks(_)) && ticket == self.ticket && !self.lock_changed()
    }

    /// Another draft is open: its lock is asked for afresh.
    fn draft_switched(&mut self) {
        self.kept = None;
        self.shown = None;
        if let Tabs::Locks(_) = self.tabs {
            self.tabs = Tabs::Locks(Role::Asking);
            self.new_request(Ask::IfAvailable);
        }
    }

    /// Request `ticket` holds the lock. `mark` is the draft's writer mark, read just before the
    /// stored copy is (so that copy holds every save made before the mark went).
    pub fn lock_granted(&mut self, ticket: u64, mark: Option<&str>, now: u64) -> Handover {
        if !self.is_current(ticket) {
            return Handover::Ignore;
        }
        // Holding the lock is news for the UI only through what it shows (alerts and status are
        // news by themselves) and the writer mark the autosave keeps: a new draft's grant at
        // start-up re-renders nothing.
        let mark_before = self.writer_mark();
        let handover = self.take_lock(mark, now);
        if self.writer_mark() != mark_before {
            self.data_version += 1;
        }
        handover
    }

    /// `lock_granted` for the current request.
    fn take_lock(&mut self, mark: Option<&str>, now: u64) -> Handover {
        if self.ask == Ask::IfAvailable || self.tabs == Tabs::Locks(Role::Asking) {
            // No one held it (or a leaving page did, see `lock_unavailable`): a mark left is a
            // crashed or just-closed tab's; a save of its still on the way is taken when it
            // arrives (`stored_changed`).
            self.tabs = Tabs::Locks(Role::Writer);
            return Handover::Done(match self.alerts.conflict {
                Some(Conflict::Following) => self.take_stored(now),
                Some(_) => Reaction::Nothing,
                None => {
                    let stored = self.store.get(&library::draft_key(&self.session.id)).ok().flatten();
                    self.stored_changed(stored, now)
                }
            });
        }
        self.tabs = Tabs::Locks(Role::TakingOver);
        if !matches!(self.alerts.conflict, Some(Conflict::Diverged | Conflict::Deleted)) {
            self.alerts.conflict = Some(Conflict::TakingOver);
        }
        if mark.is_some_and(|m| m != self.token) {
            Handover::Wait
        } else {
            Handover::Done(self.finish_handover(now))
        }
    }

    /// The previous writer's mark changed: gone means its last save is in.
    fn mark_changed(&mut self, value: Option<&str>, now: u64) -> Reaction {
        if self.tabs == Tabs::Locks(Role::TakingOver) && value.is_none_or(|v| v == self.token) {
            return self.finish_handover(now);
        }
        if self.tabs == Tabs::Locks(Role::Asking) && self.ask == Ask::Queue && value.is_some_and(|v| v != self.token) {
            // Queued for a lock thought let go, but another tab writes the draft: follow it.
            return self.follow_writer();
        }
        Reaction::Nothing
    }

    /// The previous writer's mark did not go in time (that tab crashed): take the stored copy.
    pub fn handover_timeout(&mut self, ticket: u64, now: u64) -> Reaction {
        if self.is_current(ticket) && self.tabs == Tabs::Locks(Role::TakingOver) {
            return self.finish_handover(now);
        }
        Reaction::Nothing
    }

    fn finish_handover(&mut self, now: u64) -> Reaction {
        self.tabs = Tabs::Locks(Role::Writer);
        if self.alerts.conflict == Some(Conflict::Deleted) {
            // The draft went while this tab waited: what is on screen is saved anew.
            self.alerts.conflict = None;
            self.session = Session::fresh(self.session.id.clone());
            if let Some(mine) = self.kept.take() {
                let id = self.session.id.clone();
                self.pending = Some(Pending { id, draft: mine });
            }
            self.status = SaveStatus::Idle;
            self.data_version += 1;
            return Reaction::Nothing;
        }
        self.take_stored(now)
    }

    /// Another tab holds the lock: follow its saves read-only, and queue to write next. `mark` is
    /// the draft's writer mark, read just now. At start-up with no mark the holder is leaving (the
    /// page this one reloads, or a tab closing, lets go of its lock a moment after its last save
    /// and its mark's removal): this tab stays as it is, no banner, queued for the lock, and
    /// follows only if a writer's mark appears meanwhile (`mark_changed`).
    pub fn lock_unavailable(&mut self, ticket: u64, mark: Option<&str>) -> Reaction {
        if !self.is_current(ticket) {
            return Reaction::Nothing;
        }
        if self.tabs == Tabs::Locks(Role::Asking) && self.ask == Ask::IfAvailable && mark.is_none() {
            self.new_request(Ask::Queue);
            return Reaction::Nothing;
        }
        self.follow_writer()
    }

    /// Another tab writes the draft: read-only, following its saves, queued to write next.
    fn follow_writer(&mut self) -> Reaction {
        self.become_follower();
        if self.alerts.conflict != Some(Conflict::OtherWriter) {
            return Reaction::Freeze;
        }
        // The writer may have saved since this tab read the draft.
        let stored = self.store.get(&library::draft_key(&self.session.id)).ok().flatten();
        if self.session.is_base(stored.as_deref()) {
            return Reaction::Nothing;
        }
        self.follow_stored()
    }

    /// Another tab took the lock (在本页继续编辑 there): this tab's last save, under the usual
    /// check, then it follows. Its mark goes once that save is written (`writer_mark`).
    pub fn lock_lost(&mut self, ticket: u64, now: u64) {
        if !self.is_current(ticket) {
            return;
        }
        if self.tabs == Tabs::Locks(Role::Writer) {
            self.flush(now);
        }
        self.become_follower();
    }

    fn become_follower(&mut self) {
        self.tabs = Tabs::Locks(Role::Follower);
        self.new_request(Ask::Queue);
        self.session.block(Blocked::Conflict);
        if let Some(pending) = self.pending.take() {
            self.kept = Some(pending.draft);
        }
        if self.kept.is_some() {
            self.alerts.conflict = Some(Conflict::Diverged);
            self.status = SaveStatus::Unsaved(Unsaved::Blocked(Blocked::Conflict));
        } else if matches!(self.alerts.conflict, None | Some(Conflict::Following | Conflict::TakingOver)) {
            self.alerts.conflict = Some(Conflict::OtherWriter);
            self.status = SaveStatus::Following;
        }
    }

    /// The browser refused Web Locks after all: every tab may write again (`Tabs::Optimistic`).
    pub fn locks_failed(&mut self, ticket: u64) {
        if !self.is_current(ticket) {
            return;
        }
        self.tabs = Tabs::Optimistic;
        if matches!(self.alerts.conflict, Some(Conflict::OtherWriter | Conflict::TakingOver)) {
            self.alerts.conflict = Some(Conflict::Following);
        }
        self.data_version += 1;
    }

    // -----------------------------------------------------------------------------------------
    // The passphrase lock in another tab

    /// Whether the passphrase lock is as this session found it. When another tab switched it on,
    /// off, or to another passphrase, nothing may be written any more (plain text where the lock
    /// is on, or text encrypted with a key no one has): the page must reload.
    fn lock_unchanged(&mut self) -> bool {
        if self.kind == StoreKind::Memory {
            return true;
        }
        if self.lock_changed() {
            return false;
        }
        if self.store.get(LOCK_KEY).ok().flatten() == self.lock_record {
            return true;
        }
        self.alerts.conflict = Some(Conflict::LockChanged);
        self.status = SaveStatus::Unsaved(Unsaved::LockChanged);
        self.data_version += 1;
        false
    }

    fn lock_changed(&self) -> bool {
        self.alerts.conflict == Some(Conflict::LockChanged)
    }

    // -----------------------------------------------------------------------------------------
    // 我的报告

    pub fn entries(&self) -> Vec<Entry> {
        library::list(self.store.as_ref()).unwrap_or_default()
    }

    pub fn usage(&self) -> Option<u64> {
        library::usage(self.store.as_ref()).ok()
    }

    /// Size in bytes of a stored key (0 when absent).
    pub fn stored_size(&self, key: &str) -> u64 {
        self.store.units(key).ok().flatten().map(|u| library::stored_bytes(key, u)).unwrap_or(0)
    }

    pub fn damaged_copies(&self) -> Vec<(String, u64)> {
        library::damaged_copies(self.store.as_ref()).unwrap_or_default()
    }

    pub fn snapshots(&self, id: &str) -> Result<Vec<SnapshotRecord>, SessionError> {
        library::read_snapshots(self.store.as_ref(), id).map_err(SessionError::Open)
    }

    pub fn last_backup(&self) -> Option<u64> {
        self.store.get(library::BACKUP_AT_KEY).ok().flatten().and_then(|v| v.trim().parse().ok())
    }

    fn switch_to(&mut self, opened: Opened, session: Session) -> ToOpen {
        self.session = session;
        self.pending = None;
        self.draft_switched();
        if !self.lock_changed() {
            self.alerts.conflict = None;
        }
        self.alerts.save_failed = None;
        self.alerts.newer = None;
        let (id, draft) = match opened {
            Opened::Stored { id, draft } | Opened::Fresh { id, draft } => (id, draft),
            Opened::ReadOnly { id, draft, version } => {
                self.alerts.newer = Some(version);
                (id, draft)
            }
        };
        self.status = match (self.alerts.newer, self.alerts.memory_only.is_some()) {
            (Some(version), _) => SaveStatus::Unsaved(Unsaved::Blocked(Blocked::Newer { version })),
            (None, true) => SaveStatus::Unsaved(Unsaved::MemoryOnly),
            (None, false) => SaveStatus::Idle,
        };
        self.data_version += 1;
        let read_only = self.read_only();
        ToOpen { id, opened: self.open_under_template(draft), read_only }
    }

    /// Opens a stored draft (what is pending for the current one is written first).
    pub fn open(&mut self, id: &str, now: u64) -> Result<ToOpen, SessionError> {
        self.flush(now);
        let (opened, session) = library::open(self.store.as_mut(), id).map_err(SessionError::Open)?;
        Ok(self.switch_to(opened, session))
    }

    /// Stores `draft` as a new draft and opens it (新建报告, 另存为新报告).
    pub fn create(&mut self, draft: Draft, name: &str, now: u64) -> Result<ToOpen, SessionError> {
        self.flush(now);
        if !self.lock_unchanged() {
            return Err(SessionError::LockChanged);
        }
        let (id, session) = library::create(self.store.as_mut(), &draft, name, now).map_err(SessionError::Save)?;
        self.journal_write(&id, &draft, now);
        Ok(self.switch_to(Opened::Stored { id, draft }, session))
    }

    /// A new draft of the fallback template, not stored until it is typed in.
    pub fn fresh(&mut self, now: u64) -> ToOpen {
        self.flush(now);
        let draft = Draft::new(&self.fallback);
        let id = library::new_id(&self.entries(), now);
        let session = Session::fresh(id.clone());
        self.switch_to(Opened::Fresh { id, draft }, session)
    }

    /// An id for a draft that is not stored yet (an import or next year's report opened as new).
    pub fn new_id(&self, now: u64) -> String {
        library::new_id(&self.entries(), now)
    }

    /// Next year's report, grown by the lazy part from this draft or an imported one
    /// (`report::yearly::next_year`, which remembers the last one for the promises and the
    /// sameness check), to open as a new draft.
    pub fn open_next_year(&self, grown: Draft, template: &Template, now: u64) -> ToOpen {
        let opened = OpenedDraft { template: template.clone(), draft: grown, missing: None };
        ToOpen { id: self.new_id(now), opened, read_only: None }
    }

    pub fn duplicate(&mut self, id: &str, now: u64) -> Result<String, SessionError> {
        self.flush(now);
        let copy = library::duplicate(self.store.as_mut(), id, now).map_err(SessionError::Open)?;
        self.data_version += 1;
        Ok(copy)
    }

    pub fn rename(&mut self, id: &str, name: &str) -> Result<(), SessionError> {
        self.data_version += 1;
        Ok(library::rename(self.store.as_mut(), id, name)?)
    }

    /// Deletes a draft (not the open one: the caller opens another first). Returns what 撤销 needs.
    pub fn delete(&mut self, id: &str) -> Result<Removed, SessionError> {
        self.data_version += 1;
        let removed = library::delete(self.store.as_mut(), id)?;
        self.journal_op(JournalOp::Remove(id.to_string()));
        Ok(removed)
    }

    pub fn undelete(&mut self, removed: &Removed) -> Result<(), SessionError> {
        self.data_version += 1;
        Ok(library::undelete(self.store.as_mut(), removed)?)
    }

    /// Before a snapshot (or another template) replaces the open draft: writes what is pending,
    /// then keeps the stored version as a snapshot, so the change itself can be undone.
    pub fn before_restore(&mut self, now: u64) -> Result<(), SessionError> {
        self.flush(now);
        if let Some(blocked) = self.session.blocked() {
            return Err(SessionError::Blocked(blocked.clone()));
        }
        library::snapshot_now(self.store.as_mut(), &mut self.session, now)?;
        self.data_version += 1;
        Ok(())
    }

    /// Frees space by removing every readable snapshot (the quota banner offers it), then
    /// retries the save that did not fit.
    pub fn drop_snapshots(&mut self, now: u64) -> Result<u64, SessionError> {
        let freed = library::drop_snapshots(self.store.as_mut(), None)?;
        self.data_version += 1;
        self.flush(now);
        Ok(freed)
    }

    // -----------------------------------------------------------------------------------------
    // Templates loaded from files (载入模板文件)

    /// The templates loaded from files on this computer.
    pub fn custom_templates(&self) -> Vec<Template> {
        library::stored_templates(self.store.as_ref()).unwrap_or_default()
    }

    /// Every template a report can use: the built-in ones, then those loaded from files.
    pub fn all_templates(&self) -> Vec<Template> {
        let mut all = builtin_templates();
        all.extend(self.custom_templates());
        all
    }

    /// Keeps a template file's template (validated first). Returns it and whether it replaced
    /// a template with the same id.
    pub fn load_template(&mut self, json: &str) -> Result<(Template, bool), SessionError> {
        self.data_version += 1;
        library::load_template(self.store.as_mut(), json).map_err(SessionError::Template)
    }

    /// Keeps `template` on this computer unless it is there already (the portal's template, so
    /// that reports made with it open with it later, also offline).
    pub fn keep_template(&mut self, template: &Template) -> Result<(), SessionError> {
        if self.custom_templates().contains(template) {
            return Ok(());
        }
        self.load_template(&template.to_json()).map(|_| ())
    }

    pub fn remove_template(&mut self, id: &str) -> Result<(), SessionError> {
        self.data_version += 1;
        Ok(library::remove_template(self.store.as_mut(), id)?)
    }

    // -----------------------------------------------------------------------------------------
    // Backups and damaged data

    /// A backup of every draft, or of one. `open` is the draft on screen, which may be newer than
    /// its stored copy.
    pub fn backup(&self, scope: &Scope, open: (&str, &Draft), now: u64) -> Result<BackupText, SessionError> {
        let json = library::export(self.store.as_ref(), scope, Some(open), now)?;
        let title = match scope {
            Scope::All => None,
            Scope::One(id) => Some(
                self.entries()
                    .iter()
                    .find(|e| &e.meta.id == id)
                    .map(|e| e.meta.display_name().to_string())
                    .unwrap_or_else(|| open.1.title(&self.fallback)),
            ),
        };
        Ok(BackupText { json, title })
    }

    /// Records that a backup of every draft was handed to the user (the reminder rests a week).
    pub fn backup_taken(&mut self, now: u64) {
        let _ = library::record_backup(self.store.as_mut(), now);
        self.alerts.backup_due = None;
        self.data_version += 1;
    }

    /// A kept damaged text, verbatim.
    pub fn damaged_text(&self, key: &str) -> Result<String, SessionError> {
        self.store.get(key)?.ok_or(SessionError::NotFound)
    }

    /// Removes a kept damaged text (the user downloaded it or does not want it).
    pub fn remove_damaged(&mut self, key: &str) -> Result<(), SessionError> {
        self.data_version += 1;
        Ok(self.store.remove(key)?)
    }

    pub fn dismiss_damaged(&mut self) {
        self.alerts.damaged.clear();
        self.alerts.damaged_keys.clear();
    }

    pub fn dismiss_backup_reminder(&mut self) {
        self.alerts.backup_due = None;
    }

    /// Reads a backup file's bytes into a plan (nothing is written).
    pub fn plan_import(&self, bytes: &[u8]) -> Result<ImportPlan, SessionError> {
        let backup = storage::decode_backup(bytes).map_err(SessionError::Backup)?;
        Ok(library::plan_import(backup, &self.entries()))
    }

    /// Writes an import the user confirmed.
    pub fn apply_import(&mut self, plan: &ImportPlan, mode: ImportMode, now: u64) -> Result<ImportReport, SessionError> {
        self.flush(now);
        self.data_version += 1;
        Ok(library::apply_import(self.store.as_mut(), plan, mode, now)?)
    }

    /// 清除本机数据: removes every key of the app and stops all saving (the page must reload so
    /// nothing of the reports stays in memory either). Returns how many keys went.
    pub fn wipe(&mut self) -> Result<usize, SessionError> {
        self.pending = None;
        self.session.block(Blocked::Wiped);
        self.data_version += 1;
        self.journal_op(JournalOp::Clear);
        Ok(library::wipe(self.store.as_mut())?)
    }

    /// Every app key and its value (the passphrase lock encrypts or decrypts them all).
    pub fn app_entries(&self) -> Result<Vec<(String, String)>, SessionError> {
        let mut out = Vec::new();
        for key in self.store.keys()? {
            if library::is_app_key(&key) {
                if let Some(value) = self.store.get(&key)? {
                    out.push((key, value));
                }
            }
        }
        Ok(out)
    }
}

/// Start-up with nothing stored (memory mode after the store failed).
fn fresh_startup(template: &Template, now: u64) -> library::Startup {
    let id = library::new_id(&[], now);
    library::Startup {
        entries: Vec::new(),
        opened: Opened::Fresh { id: id.clone(), draft: Draft::new(template) },
        session: Session::fresh(id),
        notices: Vec::new(),
        last_backup: None,
    }
}
